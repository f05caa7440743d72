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

void gi_itab_json(const struct gi_itab *itab, struct gi_strbuf *out)
{
	gi_strbuf_puts(out, "{\"addr\": ");
	json_addr(out, itab->address);
	gi_strbuf_puts(out, ", \"interface\": ");
	json_str(out, itab->inter_name);
	gi_strbuf_puts(out, ", \"interface_addr\": ");
	json_addr(out, itab->inter);
	gi_strbuf_puts(out, ", \"type\": ");
	json_str(out, itab->type_name);
	gi_strbuf_puts(out, ", \"type_addr\": ");
	json_addr(out, itab->type);
	gi_strbuf_appendf(out, ", \"hash\": %" PRIu32 ", \"type_hash\": %" PRIu32
			  ", \"negative\": %s, \"methods\": [",
			  itab->hash, itab->type_hash, itab->negative ? "true" : "false");
	for (size_t i = 0; i < itab->num_methods; i++) {
		const struct gi_itab_method *m = &itab->methods[i];
		gi_strbuf_puts(out, i ? ", {\"name\": " : "{\"name\": ");
		json_str(out, m->name);
		gi_strbuf_puts(out, ", \"pc\": ");
		json_addr(out, m->pc);
		gi_strbuf_puts(out, ", \"symbol\": ");
		json_str(out, m->symbol);
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
	gi_strbuf_puts(out, ", \"addr\": ");
	json_addr(out, address);
	gi_strbuf_puts(out, ", \"static_type\": ");
	json_str(out, static_type && *static_type ? static_type
			: v->is_eface ? "interface {}"
			: v->itab ? v->itab->inter_name : NULL);
	gi_strbuf_appendf(out, ", \"eface\": %s, \"nil\": %s, \"typed_nil\": %s",
			  v->is_eface ? "true" : "false", v->nil ? "true" : "false",
			  v->typed_nil ? "true" : "false");
	gi_strbuf_puts(out, ", \"dynamic_type\": ");
	json_str(out, v->dynamic_type);
	gi_strbuf_puts(out, ", \"dynamic_type_path\": ");
	json_str(out, v->dynamic_type_path);
	gi_strbuf_puts(out, ", \"kind\": ");
	json_str(out, v->nil ? NULL : gi_kind_name(v->kind));
	gi_strbuf_puts(out, ", \"type_addr\": ");
	if (v->nil)
		gi_strbuf_puts(out, "null");
	else
		json_addr(out, v->type_addr);
	gi_strbuf_appendf(out, ", \"direct\": %s, \"data\": ",
			  !v->nil && v->direct ? "true" : "false");
	json_addr(out, v->words[1]);
	gi_strbuf_puts(out, ", \"value\": ");
	if (have_value)
		gi_strbuf_json_string(out, value.data ? value.data : "", value.len);
	else
		gi_strbuf_puts(out, "null");
	gi_strbuf_puts(out, ", \"text\": ");
	gi_strbuf_json_string(out, gi_strbuf_str(&text), text.len);
	gi_strbuf_puts(out, ", \"itab\": ");
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
