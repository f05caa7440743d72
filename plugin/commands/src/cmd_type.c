/* type: one runtime type descriptor, by address or by its %T name. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "command_internal.h"
#include "goiface/type.h"

/* The %T name of a referenced descriptor, or "?" (kept in a small ring so
 * a line can name two types). */
static const char *ref_name(struct gi_program *prog, uint64_t address, char **slot)
{
	free(*slot);
	*slot = NULL;
	if (!address)
		return "-";
	struct gi_error *e = gi_type_string(prog, address, GI_TYPE_ALLOW_HEAP, slot);
	if (e) {
		gi_error_destroy(e);
		*slot = NULL;
		return "?";
	}
	return *slot;
}

static void json_ref(struct gi_program *prog, struct gi_strbuf *out, const char *key,
		     uint64_t address)
{
	char *name = NULL;
	json_key(out, key);
	gi_strbuf_putc(out, '{');
	json_member_address(out, "addr", address);
	json_member_string(out, "name", address ? ref_name(prog, address, &name) : NULL);
	gi_strbuf_putc(out, '}');
	free(name);
}

static void render_json(struct gi_program *prog, const struct gi_type *t,
			struct gi_strbuf *out)
{
	char *path = NULL;
	struct gi_error *e = gi_type_path_string(prog, t->address, GI_TYPE_ALLOW_HEAP, &path);
	gi_error_destroy(e);
	gi_strbuf_putc(out, '{');
	json_member_address(out, "addr", t->address);
	json_member_string(out, "name", t->str);
	json_member_string(out, "name_path", path);
	free(path);
	json_member_string(out, "pkg_path", t->pkg_path);
	json_member_string(out, "kind", gi_kind_name(t->kind));
	json_member_u64(out, "size", t->size);
	json_member_u64(out, "align", t->align);
	json_key(out, "hash");
	gi_strbuf_appendf(out, "\"0x%08" PRIx32 "\"", t->hash);
	json_member_bool(out, "direct", t->direct_iface);
	json_member_bool(out, "named", t->named);
	if (t->elem)
		json_ref(prog, out, "elem", t->elem);
	if (t->key)
		json_ref(prog, out, "key", t->key);
	if (t->kind == GI_KIND_ARRAY)
		json_member_u64(out, "len", t->len);
	if (t->kind == GI_KIND_STRUCT) {
		json_key(out, "fields");
		gi_strbuf_putc(out, '[');
		for (size_t i = 0; i < t->num_fields; i++) {
			const struct gi_field *f = &t->fields[i];
			json_open_object(out);
			json_member_string(out, "name", f->name);
			json_member_u64(out, "offset", f->offset);
			json_member_bool(out, "embedded", f->embedded);
			json_ref(prog, out, "type", f->type);
			gi_strbuf_putc(out, '}');
		}
		gi_strbuf_putc(out, ']');
	}
	if (t->kind == GI_KIND_INTERFACE) {
		json_key(out, "imethods");
		gi_strbuf_putc(out, '[');
		for (size_t i = 0; i < t->num_imethods; i++) {
			gi_strbuf_puts(out, i ? "," : "");
			json_string_or_null(out, t->imethods[i].name);
		}
		gi_strbuf_putc(out, ']');
	}
	json_key(out, "methods");
	gi_strbuf_putc(out, '[');
	for (size_t i = 0; i < t->num_methods; i++) {
		const struct gi_method *m = &t->methods[i];
		json_open_object(out);
		json_member_string(out, "name", m->name);
		json_member_address(out, "ifn", m->ifn);
		json_member_address(out, "tfn", m->tfn);
		gi_strbuf_putc(out, '}');
	}
	gi_strbuf_puts(out, "]}\n");
}

static void render_text(struct gi_program *prog, const struct gi_type *t,
			struct gi_strbuf *out)
{
	char *name = NULL;
	gi_strbuf_appendf(out, "type %s at 0x%" PRIx64 "\n", t->str ? t->str : "?", t->address);
	gi_strbuf_appendf(out, "  kind: %s  size: %" PRIu64 "  align: %u  hash: 0x%08" PRIx32
			  "  %s\n", gi_kind_name(t->kind), t->size, t->align, t->hash,
			  t->direct_iface ? "direct (fits the interface data word)" : "indirect");
	if (t->pkg_path)
		gi_strbuf_appendf(out, "  package path: %s\n", t->pkg_path);
	if (t->key)
		gi_strbuf_appendf(out, "  key:  %s (0x%" PRIx64 ")\n",
				  ref_name(prog, t->key, &name), t->key);
	if (t->elem)
		gi_strbuf_appendf(out, "  elem: %s (0x%" PRIx64 ")\n",
				  ref_name(prog, t->elem, &name), t->elem);
	if (t->kind == GI_KIND_ARRAY)
		gi_strbuf_appendf(out, "  len:  %" PRIu64 "\n", t->len);
	for (size_t i = 0; i < t->num_fields; i++) {
		const struct gi_field *f = &t->fields[i];
		gi_strbuf_appendf(out, "  field +%-4" PRIu64 " %s%s %s\n", f->offset,
				  f->name ? f->name : "?", f->embedded ? " (embedded)" : "",
				  ref_name(prog, f->type, &name));
	}
	for (size_t i = 0; i < t->num_imethods; i++)
		gi_strbuf_appendf(out, "  interface method %s\n",
				  t->imethods[i].name ? t->imethods[i].name : "?");
	for (size_t i = 0; i < t->num_methods; i++) {
		const struct gi_method *m = &t->methods[i];
		gi_strbuf_appendf(out, "  method %-20s ifn 0x%" PRIx64 "  tfn 0x%" PRIx64 "\n",
				  m->name ? m->name : "?", m->ifn, m->tfn);
	}
	free(name);
}

int cmd_type(const struct gi_command_host *host, const struct command_options *opts,
	     int nargs, char **args, struct gi_strbuf *out, struct gi_strbuf *err)
{
	if (nargs != 1)
		return command_fail(err, "type: needs one operand: ADDR or NAME");
	uint64_t address;
	struct gi_error *e = resolve_address_operand(host, args[0], type_lookup_by_name,
						     &address);
	if (e)
		return command_fail_error(err, e, "type");
	struct gi_type *t;
	e = gi_type_read(host->prog, address, GI_TYPE_ALLOW_HEAP, &t);
	if (e)
		return command_fail_error(err, e, "type");
	if (opts->json)
		render_json(host->prog, t, out);
	else
		render_text(host->prog, t, out);
	gi_type_destroy(t);
	return GI_EXIT_OK;
}
