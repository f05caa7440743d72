/* Telling an empty from a non-empty interface by its value alone, for
 * variables found without DWARF (the rule is stated in commands.h). */
#include "goiface/commands.h"
#include "goiface/type.h"

bool gi_command_guess_eface(struct gi_program *prog, uint64_t address)
{
	struct gi_memory *mem = gi_program_memory(prog);
	uint64_t word0 = 0, inter = 0;
	struct gi_error *err = gi_memory_read_u64(mem, address, &word0);
	if (!err && word0)
		err = gi_memory_read_u64(mem, word0, &inter);
	if (err || !word0) {
		gi_error_destroy(err);
		return true;
	}
	struct gi_type *t;
	/* Without GI_TYPE_ALLOW_HEAP: only descriptors inside a module count. */
	if ((err = gi_type_read(prog, inter, GI_TYPE_SHALLOW, &t))) {
		gi_error_destroy(err);
		return true;
	}
	bool is_interface = t->kind == GI_KIND_INTERFACE;
	gi_type_destroy(t);
	return !is_interface;
}
