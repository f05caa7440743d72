/* print: one interface variable, as Delve's line plus the details Delve
 * leaves out (typed-nil warning, kind, storage, itab methods). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "command_internal.h"
#include "goiface/iface.h"

/* "ADDR:eface" / "ADDR:iface"; false if operand has neither suffix. */
static bool parse_address_form(const char *operand, struct gi_variable_info *info,
			       bool *bad_address)
{
	const char *colon = strrchr(operand, ':');
	*bad_address = false;
	if (!colon)
		return false;
	bool eface = strcmp(colon + 1, "eface") == 0;
	if (!eface && strcmp(colon + 1, "iface") != 0)
		return false;
	char number[64];
	size_t n = (size_t)(colon - operand);
	if (n >= sizeof(number) ||
	    (memcpy(number, operand, n), number[n] = '\0', !parse_address(number, &info->address))) {
		*bad_address = true;
		return true;
	}
	info->is_eface = eface;
	if (eface)
		snprintf(info->static_type, sizeof(info->static_type), "interface {}");
	snprintf(info->name, sizeof(info->name), "%s", operand);
	return true;
}

/* The variable as the command found it. */
struct found_variable {
	struct gi_variable_info info;
	bool address_form; /* ADDR:eface / ADDR:iface: the user said which */
};

static void print_details(const struct gi_command_host *host,
			  const struct gi_iface *v, const struct found_variable *found,
			  const char *static_type, struct gi_strbuf *out)
{
	if (v->typed_nil)
		text_appendf(out, "  warning:  typed nil: the interface holds a nil %s,"
			     " so it compares != nil\n", v->dynamic_type);
	const struct gi_variable_info *info = &found->info;
	const char *shape = v->is_eface ? "empty interface: {type, data}"
					: "non-empty interface: {itab, data}";
	if (!info->static_type[0] && !found->address_form)
		text_appendf(out, "  variable: %s at 0x%" PRIx64 " (no DWARF type; %s,"
			     " judged from its value)\n", info->name, info->address, shape);
	else
		text_appendf(out, "  variable: %s at 0x%" PRIx64 " (%s, %s)\n", info->name,
			     info->address, static_type[0] ? static_type : "static type unknown",
			     shape);
	text_appendf(out, "  words:    0x%" PRIx64 " 0x%" PRIx64 "\n", v->words[0],
		     v->words[1]);
	if (host->static_only)
		gi_strbuf_puts(out, "  note:     executable only: the value the program starts"
			       " with, not a running one\n");
	if (v->nil) {
		gi_strbuf_puts(out, "  nil interface: no dynamic type\n");
		return;
	}
	text_appendf(out, "  kind:     %s, %s\n", gi_kind_name(v->kind),
		     v->direct ? "stored directly (the data word is the value)"
			       : "stored indirectly (the data word points at the value)");
	text_appendf(out, "  data:     0x%" PRIx64 "\n", v->words[1]);
	text_appendf(out, "  type:     %s at 0x%" PRIx64, v->dynamic_type, v->type_addr);
	if (v->dynamic_type_path && strcmp(v->dynamic_type_path, v->dynamic_type) != 0)
		text_appendf(out, " (%s)", v->dynamic_type_path);
	gi_strbuf_putc(out, '\n');
	const struct gi_itab *t = v->itab;
	if (!t)
		return;
	text_appendf(out, "  itab:     0x%" PRIx64 " (%s, %s), hash 0x%08" PRIx32 "%s\n",
		     t->address, t->inter_name ? t->inter_name : "?",
		     t->type_name ? t->type_name : "?", t->hash,
		     t->hash == 0 ? " (created at run time)" : "");
	for (size_t i = 0; i < t->num_methods; i++) {
		const struct gi_itab_method *m = &t->methods[i];
		text_appendf(out, "    %-20s pc 0x%" PRIx64 "  ", m->name ? m->name : "?",
			     m->pc);
		append_method_symbol(host, m, out);
		gi_strbuf_putc(out, '\n');
	}
}

int cmd_print(const struct gi_command_host *host, const struct command_options *opts,
	      int nargs, char **args, struct gi_strbuf *out, struct gi_strbuf *err)
{
	if (nargs != 1)
		return command_fail(err, "print: needs one operand: NAME, ADDR:eface or ADDR:iface");
	const char *operand = args[0];
	struct found_variable found = { 0 };
	struct gi_variable_info *info = &found.info;
	bool bad_address;
	if ((found.address_form = parse_address_form(operand, info, &bad_address))) {
		if (bad_address)
			return command_fail(err, "print: \"%s\": the part before : is not an"
					    " address", operand);
	} else if (!host->resolve_variable) {
		return command_fail(err, "print: \"%s\": only ADDR:eface and ADDR:iface are"
				    " understood here", operand);
	} else {
		struct gi_error *e = host->resolve_variable(host->arg, operand, info);
		if (e)
			return command_fail_error(err, e, "print");
		if (!info->name[0])
			snprintf(info->name, sizeof(info->name), "%s", operand);
	}

	struct gi_iface *v;
	struct gi_error *e = gi_iface_read(host->prog, info->address, info->is_eface,
					   GI_TYPE_ALLOW_HEAP | GI_IFACE_TYPE_PATH, &v);
	if (e)
		return command_fail_error(err, e, info->name);
	/* A non-empty interface's itab names its static type when the front-end
	 * could not (no DWARF, or an ADDR:iface operand). */
	const char *static_type = info->static_type;
	if (!static_type[0] && v->itab && v->itab->inter_name)
		static_type = v->itab->inter_name;
	/* Found by symbol alone (no DWARF, or DWARF that could not be read):
	 * an empty interface was only guessed from the value, and a nil one
	 * looks the same either way, so the line does not name a static type
	 * it does not know. */
	const char *line_static_type = static_type[0] || found.address_form
				       ? static_type : "(static type unknown)";

	int status = GI_EXIT_OK;
	if (opts->json) {
		e = gi_iface_json(host->prog, v, info->name, info->address,
				  line_static_type[0] ? line_static_type : NULL, &opts->format, out);
		if (!e)
			gi_strbuf_putc(out, '\n');
	} else {
		/* One line, whatever the names in it hold. */
		struct gi_strbuf line = GI_STRBUF_INIT;
		e = gi_format_iface(host->prog, v, line_static_type, &opts->format, &line);
		if (!e) {
			gi_strbuf_terminal_text(out, gi_strbuf_str(&line), line.len, false);
			out->failed |= line.failed;
			gi_strbuf_putc(out, '\n');
			print_details(host, v, &found, static_type, out);
		}
		gi_strbuf_deinit(&line);
	}
	if (e)
		status = command_fail_error(err, e, info->name);
	gi_iface_destroy(v);
	return status;
}
