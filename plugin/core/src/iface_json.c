/*
 * JSON for decoded interfaces and itabs, shared by every front-end's
 * --json output so the documents agree field for field.
 */
#include "goiface/format.h"
#include "goiface/json.h"

void gi_itab_json_members(const struct gi_itab *itab, struct gi_json *j)
{
	gi_json_member_address(j, "addr", itab->address);
	gi_json_member_string(j, "interface", itab->inter_name);
	gi_json_member_address(j, "interface_addr", itab->inter);
	gi_json_member_string(j, "type", itab->type_name);
	gi_json_member_address(j, "type_addr", itab->type);
	/* Hashes as the text output and `type --json` show them: "0x%08x". */
	gi_json_key(j, "hash");
	gi_json_hash32(j, itab->hash);
	gi_json_key(j, "type_hash");
	gi_json_hash32(j, itab->type_hash);
	gi_json_member_bool(j, "negative", itab->negative);
	gi_json_key(j, "methods");
	gi_json_begin_array(j);
	for (size_t i = 0; i < itab->num_methods; i++) {
		const struct gi_itab_method *m = &itab->methods[i];
		gi_json_begin_object(j);
		gi_json_member_string(j, "name", m->name);
		gi_json_member_address(j, "pc", m->pc);
		gi_json_member_string(j, "symbol", m->symbol);
		gi_json_end_object(j);
	}
	gi_json_end_array(j);
}

void gi_itab_json(const struct gi_itab *itab, struct gi_json *j)
{
	gi_json_begin_object(j);
	gi_itab_json_members(itab, j);
	gi_json_end_object(j);
}

struct gi_error *gi_iface_json(struct gi_program *prog,
			       const struct gi_iface *v, const char *name,
			       uint64_t address, const char *static_type,
			       const struct gi_format_options *opts,
			       struct gi_strbuf *out)
{
	struct gi_strbuf text = GI_STRBUF_INIT, value = GI_STRBUF_INIT;
	struct gi_error *err = gi_format_iface(prog, v, static_type, opts, &text);
	if (err)
		goto out;
	bool have_value = false, value_cut = false;
	if (!v->nil && !v->typed_nil) {
		size_t max = opts ? opts->max_string : 64;
		struct gi_error *verr = gi_format_iface_scalar_cut(prog, v, max, &value,
								   &value_cut);
		have_value = !verr;
		gi_error_destroy(verr);
	}
	struct gi_json j;
	gi_json_init(&j, out);
	gi_json_begin_object(&j);
	gi_json_member_string(&j, "name", name);
	gi_json_member_address(&j, "addr", address);
	gi_json_member_string(&j, "static_type",
			      static_type && *static_type ? static_type
			      : v->is_eface ? "interface {}"
			      : v->itab ? v->itab->inter_name : NULL);
	gi_json_member_bool(&j, "eface", v->is_eface);
	gi_json_member_bool(&j, "nil", v->nil);
	gi_json_member_bool(&j, "typed_nil", v->typed_nil);
	gi_json_member_string(&j, "dynamic_type", v->dynamic_type);
	gi_json_member_string(&j, "dynamic_type_path", v->dynamic_type_path);
	gi_json_member_string(&j, "kind", v->nil ? NULL : gi_kind_name(v->kind));
	if (v->nil)
		gi_json_member_string(&j, "type_addr", NULL);
	else
		gi_json_member_address(&j, "type_addr", v->type_addr);
	gi_json_member_bool(&j, "direct", !v->nil && v->direct);
	gi_json_member_address(&j, "data", v->words[1]);
	gi_json_key(&j, "value");
	if (have_value)
		gi_json_string_n(&j, value.data, value.len);
	else
		gi_json_null(&j);
	/* A reader of "value" must know it holds only max_string bytes. */
	gi_json_member_bool(&j, "value_truncated", have_value && value_cut);
	gi_json_key(&j, "text");
	gi_json_string_n(&j, gi_strbuf_str(&text), text.len);
	gi_json_key(&j, "itab");
	if (v->itab)
		gi_itab_json(v->itab, &j);
	else
		gi_json_null(&j);
	gi_json_end_object(&j);
	if (out->failed)
		err = &gi_error_no_memory;
out:
	gi_strbuf_deinit(&text);
	gi_strbuf_deinit(&value);
	return err;
}
