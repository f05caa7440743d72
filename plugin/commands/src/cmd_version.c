/* version: the Go release, the layout in use, and where each came from. */
#include <inttypes.h>

#include "command_internal.h"
#include "goiface/json.h"

int cmd_version(const struct gi_command_host *host,
		const struct command_options *opts, int nargs, char **args,
		struct gi_strbuf *out, struct gi_strbuf *err)
{
	(void)args;
	if (nargs != 0)
		return command_fail(err, "version: takes no operands");
	struct gi_program *prog = host->prog;
	const char *version = gi_program_go_version(prog);
	enum gi_version_source source = gi_program_version_source(prog);
	const struct gi_layout *layout = gi_program_layout(prog);
	bool forced = gi_program_layout_forced(prog);
	size_t nmod = gi_program_num_modules(prog);

	if (opts->json) {
		struct gi_json j;
		gi_json_init(&j, out);
		gi_json_begin_object(&j);
		gi_json_member_string(&j, "go_version", version);
		gi_json_member_string(&j, "version_source", gi_version_source_name(source));
		gi_json_member_string(&j, "layout", layout ? layout->name : NULL);
		gi_json_member_bool(&j, "layout_forced", forced);
		gi_json_key(&j, "modules");
		gi_json_begin_array(&j);
		for (size_t i = 0; i < nmod; i++) {
			const struct gi_module *m = gi_program_module(prog, i);
			gi_json_begin_object(&j);
			gi_json_member_address(&j, "addr", m->address);
			gi_json_member_address(&j, "types", m->types);
			gi_json_member_address(&j, "etypes", m->etypes);
			gi_json_member_address(&j, "text", m->text);
			gi_json_end_object(&j);
		}
		gi_json_end_array(&j);
		gi_json_end_object(&j);
		gi_strbuf_putc(out, '\n');
		return GI_EXIT_OK;
	}
	text_appendf(out, "Go version: %s (from %s)\n",
		     version ? version : "unknown", gi_version_source_name(source));
	if (!layout)
		gi_strbuf_puts(out, "layout:     none selected\n");
	else if (forced)
		text_appendf(out, "layout:     %s (forced: newest layout goiface knows,"
			     " the release itself is unknown)\n", layout->name);
	else
		text_appendf(out, "layout:     %s (chosen from the Go version)\n",
			     layout->name);
	for (size_t i = 0; i < nmod; i++) {
		const struct gi_module *m = gi_program_module(prog, i);
		text_appendf(out, "module %zu:   moduledata 0x%" PRIx64 ", types [0x%" PRIx64
			     ", 0x%" PRIx64 "), text 0x%" PRIx64 "\n",
			     i, m->address, m->types, m->etypes, m->text);
	}
	return GI_EXIT_OK;
}
