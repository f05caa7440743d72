/*
 * NAME resolution for the standalone command.  The target resolves through
 * DWARF (address, static type, eface or iface) or, lacking DWARF, through
 * .symtab (address only).  In the second case the two words decide: an
 * iface's first word is an itab, whose own first word is an interface type
 * descriptor inside a module's types range; an eface's first word is a type
 * descriptor, whose first word is the type's size, a small number that is
 * never such an address.
 */
#include "resolve.h"

#include <stdio.h>

#include "goiface/itab.h"
#include "goiface/type.h"

bool cli_word_is_itab(struct gi_program *prog, uint64_t word0)
{
	struct gi_memory *mem = gi_program_memory(prog);
	uint64_t inter;
	struct gi_error *err = gi_memory_read_u64(mem, word0, &inter);
	if (err) {
		gi_error_destroy(err);
		return false;
	}
	struct gi_type *t;
	/* Without GI_TYPE_ALLOW_HEAP: only descriptors inside a module count. */
	if ((err = gi_type_read(prog, inter, GI_TYPE_SHALLOW, &t))) {
		gi_error_destroy(err);
		return false;
	}
	bool is_interface = t->kind == GI_KIND_INTERFACE;
	gi_type_destroy(t);
	return is_interface;
}

static bool has_dwarf(struct gi_target *target)
{
	struct gi_dwarf_index *dw;
	struct gi_error *err = gi_target_dwarf(target, &dw);
	gi_error_destroy(err);
	return err == NULL;
}

struct gi_error *cli_resolve_variable(void *arg, const char *expr,
				      struct gi_variable_info *ret)
{
	struct cli_resolver *r = arg;
	struct gi_error *err = gi_target_resolve_variable(r->target, expr, ret);
	if (err) {
		if (err->code == GI_ERROR_NOT_FOUND && !gi_target_has_symtab(r->target) &&
		    !has_dwarf(r->target)) {
			gi_error_destroy(err);
			return gi_error_create(GI_ERROR_NOT_FOUND,
					       "no variable named %s: the executable is stripped"
					       " (no symbols, no DWARF); give its address as"
					       " ADDR:eface or ADDR:iface", expr);
		}
		return err;
	}
	if (ret->static_type[0])
		return NULL; /* DWARF said what it is */
	uint64_t word0;
	if ((err = gi_memory_read_u64(gi_program_memory(r->prog), ret->address, &word0)))
		return gi_error_wrap(err, "cannot read %s", expr);
	/* A nil interface prints "nil" either way. */
	ret->is_eface = word0 == 0 || !cli_word_is_itab(r->prog, word0);
	return NULL;
}

struct gi_error *cli_resolve_address(void *arg, const char *expr, uint64_t *ret)
{
	struct cli_resolver *r = arg;
	return gi_target_resolve_address(r->target, expr, ret);
}
