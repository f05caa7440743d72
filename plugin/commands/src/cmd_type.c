/* type: one runtime type descriptor, by address or by its %T name. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "command_internal.h"
#include "goiface/json.h"
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

static void json_ref(struct gi_program *prog, struct gi_json *j, const char *key,
		     uint64_t address)
{
	char *name = NULL;
	gi_json_key(j, key);
	gi_json_begin_object(j);
	gi_json_member_address(j, "addr", address);
	gi_json_member_string(j, "name", address ? ref_name(prog, address, &name) : NULL);
	gi_json_end_object(j);
	free(name);
}

static void render_json(struct gi_program *prog, const struct gi_type *t,
			struct gi_strbuf *out)
{
	char *path = NULL;
	struct gi_error *e = gi_type_path_string(prog, t->address, GI_TYPE_ALLOW_HEAP, &path);
	gi_error_destroy(e);
	struct gi_json j;
	gi_json_init(&j, out);
	gi_json_begin_object(&j);
	gi_json_member_address(&j, "addr", t->address);
	gi_json_member_string(&j, "name", t->str);
	gi_json_member_string(&j, "name_path", path);
	free(path);
	gi_json_member_string(&j, "pkg_path", t->pkg_path);
	gi_json_member_string(&j, "kind", gi_kind_name(t->kind));
	gi_json_member_u64(&j, "size", t->size);
	gi_json_member_u64(&j, "align", t->align);
	gi_json_key(&j, "hash");
	gi_json_hash32(&j, t->hash);
	gi_json_member_bool(&j, "direct", t->direct_iface);
	gi_json_member_bool(&j, "named", t->named);
	if (t->elem)
		json_ref(prog, &j, "elem", t->elem);
	if (t->key)
		json_ref(prog, &j, "key", t->key);
	if (t->kind == GI_KIND_ARRAY)
		gi_json_member_u64(&j, "len", t->len);
	if (t->kind == GI_KIND_STRUCT) {
		gi_json_key(&j, "fields");
		gi_json_begin_array(&j);
		for (size_t i = 0; i < t->num_fields; i++) {
			const struct gi_field *f = &t->fields[i];
			gi_json_begin_object(&j);
			gi_json_member_string(&j, "name", f->name);
			gi_json_member_u64(&j, "offset", f->offset);
			gi_json_member_bool(&j, "embedded", f->embedded);
			json_ref(prog, &j, "type", f->type);
			gi_json_end_object(&j);
		}
		gi_json_end_array(&j);
	}
	if (t->kind == GI_KIND_INTERFACE) {
		gi_json_key(&j, "imethods");
		gi_json_begin_array(&j);
		for (size_t i = 0; i < t->num_imethods; i++)
			gi_json_string(&j, t->imethods[i].name);
		gi_json_end_array(&j);
	}
	gi_json_key(&j, "methods");
	gi_json_begin_array(&j);
	for (size_t i = 0; i < t->num_methods; i++) {
		const struct gi_method *m = &t->methods[i];
		gi_json_begin_object(&j);
		gi_json_member_string(&j, "name", m->name);
		gi_json_member_address(&j, "ifn", m->ifn);
		gi_json_member_address(&j, "tfn", m->tfn);
		gi_json_end_object(&j);
	}
	gi_json_end_array(&j);
	gi_json_end_object(&j);
	gi_strbuf_putc(out, '\n');
}

static void render_text(struct gi_program *prog, const struct gi_type *t,
			struct gi_strbuf *out)
{
	char *name = NULL;
	text_appendf(out, "type %s at 0x%" PRIx64 "\n", t->str ? t->str : "?", t->address);
	text_appendf(out, "  kind: %s  size: %" PRIu64 "  align: %u  hash: 0x%08" PRIx32
		     "  %s\n", gi_kind_name(t->kind), t->size, t->align, t->hash,
		     t->direct_iface ? "direct (fits the interface data word)" : "indirect");
	if (t->pkg_path)
		text_appendf(out, "  package path: %s\n", t->pkg_path);
	if (t->key)
		text_appendf(out, "  key:  %s (0x%" PRIx64 ")\n",
			     ref_name(prog, t->key, &name), t->key);
	if (t->elem)
		text_appendf(out, "  elem: %s (0x%" PRIx64 ")\n",
			     ref_name(prog, t->elem, &name), t->elem);
	if (t->kind == GI_KIND_ARRAY)
		text_appendf(out, "  len:  %" PRIu64 "\n", t->len);
	for (size_t i = 0; i < t->num_fields; i++) {
		const struct gi_field *f = &t->fields[i];
		text_appendf(out, "  field +%-4" PRIu64 " %s%s %s\n", f->offset,
			     f->name ? f->name : "?", f->embedded ? " (embedded)" : "",
			     ref_name(prog, f->type, &name));
	}
	for (size_t i = 0; i < t->num_imethods; i++)
		text_appendf(out, "  interface method %s\n",
			     t->imethods[i].name ? t->imethods[i].name : "?");
	for (size_t i = 0; i < t->num_methods; i++) {
		const struct gi_method *m = &t->methods[i];
		text_appendf(out, "  method %-20s ifn 0x%" PRIx64 "  tfn 0x%" PRIx64 "\n",
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
