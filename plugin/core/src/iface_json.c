/*
 * JSON for decoded interfaces and itabs, shared by every front-end's
 * --json output so the documents agree field for field.
 */
#include <inttypes.h>
#include <string.h>

#include "goiface/format.h"

static void json_str(struct gi_strbuf *out, const char *s)
{
	if (!s) {
		gi_strbuf_puts(out, "null");
		return;
	}
	gi_strbuf_json_string(out, s, strlen(s));
}

static void json_addr(struct gi_strbuf *out, uint64_t a)
{
	gi_strbuf_appendf(out, "\"0x%" PRIx64 "\"", a);
}

/* The separator and key of every member after an object's first. */
static void json_key(struct gi_strbuf *out, const char *key)
{
	gi_strbuf_appendf(out, ", \"%s\": ", key);
}

static void field_str(struct gi_strbuf *out, const char *key, const char *s)
{
	json_key(out, key);
	json_str(out, s);
}

static void field_addr(struct gi_strbuf *out, const char *key, uint64_t a)
{
	json_key(out, key);
	json_addr(out, a);
}

static void field_bool(struct gi_strbuf *out, const char *key, bool b)
{
	json_key(out, key);
	gi_strbuf_puts(out, b ? "true" : "false");
}

void gi_itab_json(const struct gi_itab *itab, struct gi_strbuf *out)
{
	gi_strbuf_puts(out, "{\"addr\": ");
	json_addr(out, itab->address);
	field_str(out, "interface", itab->inter_name);
	field_addr(out, "interface_addr", itab->inter);
	field_str(out, "type", itab->type_name);
	field_addr(out, "type_addr", itab->type);
	gi_strbuf_appendf(out, ", \"hash\": %" PRIu32 ", \"type_hash\": %" PRIu32,
			  itab->hash, itab->type_hash);
	field_bool(out, "negative", itab->negative);
	json_key(out, "methods");
	gi_strbuf_putc(out, '[');
	for (size_t i = 0; i < itab->num_methods; i++) {
		const struct gi_itab_method *m = &itab->methods[i];
		gi_strbuf_puts(out, i ? ", {\"name\": " : "{\"name\": ");
		json_str(out, m->name);
		field_addr(out, "pc", m->pc);
		field_str(out, "symbol", m->symbol);
		gi_strbuf_putc(out, '}');
	}
	gi_strbuf_puts(out, "]}");
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
	bool have_value = false;
	if (!v->nil && !v->typed_nil) {
		size_t max = opts ? opts->max_string : 64;
		struct gi_error *verr = gi_format_iface_scalar(prog, v, max, &value);
		have_value = !verr;
		gi_error_destroy(verr);
	}
	gi_strbuf_puts(out, "{\"name\": ");
	json_str(out, name);
	field_addr(out, "addr", address);
	field_str(out, "static_type",
		  static_type && *static_type ? static_type
		  : v->is_eface ? "interface {}"
		  : v->itab ? v->itab->inter_name : NULL);
	field_bool(out, "eface", v->is_eface);
	field_bool(out, "nil", v->nil);
	field_bool(out, "typed_nil", v->typed_nil);
	field_str(out, "dynamic_type", v->dynamic_type);
	field_str(out, "dynamic_type_path", v->dynamic_type_path);
	field_str(out, "kind", v->nil ? NULL : gi_kind_name(v->kind));
	if (v->nil)
		field_str(out, "type_addr", NULL);
	else
		field_addr(out, "type_addr", v->type_addr);
	field_bool(out, "direct", !v->nil && v->direct);
	field_addr(out, "data", v->words[1]);
	json_key(out, "value");
	if (have_value)
		gi_strbuf_json_string(out, value.data ? value.data : "", value.len);
	else
		gi_strbuf_puts(out, "null");
	json_key(out, "text");
	gi_strbuf_json_string(out, gi_strbuf_str(&text), text.len);
	json_key(out, "itab");
	if (v->itab)
		gi_itab_json(v->itab, out);
	else
		gi_strbuf_puts(out, "null");
	gi_strbuf_putc(out, '}');
	if (out->failed)
		err = &gi_error_no_memory;
out:
	gi_strbuf_deinit(&text);
	gi_strbuf_deinit(&value);
	return err;
}
