/* itab: one itab, with every fun[i] paired to its method and symbol. */
#include <inttypes.h>

#include "command_internal.h"
#include "goiface/json.h"
#include "goiface/itab.h"
#include "goiface/type.h"

int cmd_itab(const struct gi_command_host *host, const struct command_options *opts,
	     int nargs, char **args, struct gi_strbuf *out, struct gi_strbuf *err)
{
	if (nargs != 1)
		return command_fail(err, "itab: needs one operand: ADDR or SYMBOL");
	uint64_t address;
	struct gi_error *e = resolve_address_operand(host, args[0], NULL, &address);
	if (e)
		return command_fail_error(err, e, "itab");
	struct gi_itab *t;
	e = gi_itab_read(host->prog, address, GI_TYPE_ALLOW_HEAP, &t);
	if (e)
		return command_fail_error(err, e, "itab");
	if (opts->json) {
		struct gi_json j;
		gi_json_init(&j, out);
		gi_itab_json(t, &j);
		gi_strbuf_putc(out, '\n');
		gi_itab_destroy(t);
		return GI_EXIT_OK;
	}
	text_appendf(out, "itab 0x%" PRIx64 ": %s implements %s\n", t->address,
		     t->type_name ? t->type_name : "?",
		     t->inter_name ? t->inter_name : "?");
	text_appendf(out, "  interface: %s at 0x%" PRIx64 "\n",
		     t->inter_name ? t->inter_name : "?", t->inter);
	text_appendf(out, "  type:      %s at 0x%" PRIx64 "\n",
		     t->type_name ? t->type_name : "?", t->type);
	if (t->hash == 0)
		text_appendf(out, "  hash:      0 (created at run time; type hash 0x%08" PRIx32 ")\n",
			     t->type_hash);
	else
		text_appendf(out, "  hash:      0x%08" PRIx32 "%s\n", t->hash,
			     t->hash == t->type_hash ? " (the type's hash: linker-written)"
						     : " (differs from the type's hash!)");
	if (t->negative) {
		gi_strbuf_puts(out, "  negative:  fun[0] is 0: the type does not implement"
			       " the interface (a cached failed assertion)\n");
	} else {
		for (size_t i = 0; i < t->num_methods; i++) {
			const struct gi_itab_method *m = &t->methods[i];
			text_appendf(out, "  fun[%zu]  %-20s pc 0x%" PRIx64 "  ", i,
				     m->name ? m->name : "?", m->pc);
			append_method_symbol(host, m, out);
			gi_strbuf_putc(out, '\n');
		}
	}
	gi_itab_destroy(t);
	return GI_EXIT_OK;
}
