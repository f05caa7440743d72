/* itabs: renders the itab audit (goiface/audit.h) as text or JSON. */
#include <inttypes.h>
#include <string.h>

#include "command_internal.h"
#include "goiface/audit.h"

static void json_itab(const struct gi_audit_itab *it, struct gi_strbuf *out)
{
	size_t start = out->len;
	if (it->decoded) {
		/* The core's itab object, extended with what only the audit knows. */
		gi_itab_json(it->decoded, out);
		if (out->len > start && out->data[out->len - 1] == '}') {
			gi_strbuf_truncate(out, out->len - 1);
			json_member_string(out, "origin", gi_itab_origin_name(it->origin));
			json_member_bool(out, "in_table", it->in_table);
			gi_strbuf_putc(out, '}');
			return;
		}
		gi_strbuf_truncate(out, start);
	}
	gi_strbuf_putc(out, '{');
	json_member_address(out, "addr", it->address);
	json_member_string(out, "interface", NULL);
	json_member_string(out, "type", NULL);
	json_member_address(out, "inter_addr", it->inter);
	json_member_address(out, "type_addr", it->type);
	json_key(out, "hash");
	gi_strbuf_appendf(out, "\"0x%08" PRIx32 "\"", it->hash);
	json_member_bool(out, "negative", it->negative);
	json_key(out, "methods");
	gi_strbuf_puts(out, "[]");
	json_member_string(out, "origin", gi_itab_origin_name(it->origin));
	json_member_bool(out, "in_table", it->in_table);
	gi_strbuf_putc(out, '}');
}

static void render_json(const struct gi_itab_audit *a, bool anomalies_only,
			struct gi_strbuf *out)
{
	gi_strbuf_putc(out, '{');
	json_key(out, "table");
	if (a->have_table) {
		gi_strbuf_putc(out, '{');
		json_member_address(out, "addr", a->table_address);
		json_member_u64(out, "size", a->table_size);
		json_member_u64(out, "count", a->table_count);
		json_member_u64(out, "entries", a->table_entries_found);
		json_member_string(out, "found_by", a->table_from_search ? "search" : "symbol");
		gi_strbuf_putc(out, '}');
	} else {
		gi_strbuf_puts(out, "null");
	}
	json_member_bool(out, "static_only", a->static_only);
	json_member_u64(out, "total", a->num_itabs);
	json_member_u64(out, "static", a->num_static);
	json_member_u64(out, "runtime", a->num_runtime);
	json_member_u64(out, "negative", a->num_negative);
	if (!anomalies_only) {
		json_key(out, "itabs");
		gi_strbuf_putc(out, '[');
		for (size_t i = 0; i < a->num_itabs; i++) {
			if (i)
				gi_strbuf_putc(out, ',');
			json_itab(&a->itabs[i], out);
		}
		gi_strbuf_putc(out, ']');
	}
	json_key(out, "anomalies");
	gi_strbuf_putc(out, '[');
	for (size_t i = 0; i < a->num_anomalies; i++) {
		const struct gi_audit_anomaly *an = &a->anomalies[i];
		json_open_object(out);
		json_member_string(out, "kind", gi_anomaly_kind_name(an->kind));
		json_member_address(out, "addr", an->address);
		json_member_string(out, "message", an->message);
		gi_strbuf_putc(out, '}');
	}
	gi_strbuf_puts(out, "]}\n");
}

static void render_text(const struct gi_itab_audit *a, bool anomalies_only,
			struct gi_strbuf *out)
{
	if (a->static_only)
		gi_strbuf_puts(out, "executable only: the itab cache is the linker's empty"
			       " starter table; listing the linker's itabs\n");
	if (a->have_table) {
		double load = a->table_size ? 100.0 * (double)a->table_entries_found /
						      (double)a->table_size : 0;
		gi_strbuf_appendf(out, "itab table 0x%" PRIx64 ": size %" PRIu64 ", count %" PRIu64
				  ", %zu entries found, load %.1f%%%s\n", a->table_address,
				  a->table_size, a->table_count, a->table_entries_found, load,
				  a->table_from_search ? " (no symbol: found by searching the data)"
						       : "");
	} else {
		gi_strbuf_puts(out, "itab table: not found (no runtime.itabTable symbol, and no"
			       " table holding the linker's itabs in the data)\n");
	}
	gi_strbuf_appendf(out, "itabs: %zu (static %zu, runtime %zu, negative %zu)\n",
			  a->num_itabs, a->num_static, a->num_runtime, a->num_negative);
	if (!anomalies_only) {
		for (size_t i = 0; i < a->num_itabs; i++) {
			const struct gi_audit_itab *it = &a->itabs[i];
			const struct gi_itab *d = it->decoded;
			gi_strbuf_appendf(out, "  0x%" PRIx64 "  %-7s %s%s,%s  hash 0x%08" PRIx32,
					  it->address, gi_itab_origin_name(it->origin),
					  it->negative ? "negative " : "",
					  d && d->type_name ? d->type_name : "?",
					  d && d->inter_name ? d->inter_name : "?", it->hash);
			if (d && !it->negative)
				gi_strbuf_appendf(out, "  %zu method%s", d->num_methods,
						  d->num_methods == 1 ? "" : "s");
			gi_strbuf_putc(out, '\n');
		}
	}
	if (a->num_anomalies == 0) {
		gi_strbuf_puts(out, "anomalies: none\n");
		return;
	}
	gi_strbuf_appendf(out, "anomalies: %zu\n", a->num_anomalies);
	for (size_t i = 0; i < a->num_anomalies; i++)
		gi_strbuf_appendf(out, "  %s: %s\n", gi_anomaly_kind_name(a->anomalies[i].kind),
				  a->anomalies[i].message);
}

int cmd_itabs(const struct gi_command_host *host, const struct command_options *opts,
	      int nargs, char **args, struct gi_strbuf *out, struct gi_strbuf *err)
{
	(void)args;
	if (nargs != 0)
		return command_fail(err, "itabs: takes no operands (options: --anomalies, --json)");
	struct gi_itab_audit_options aopts = { .static_only = host->static_only,
						.load_bias = host->load_bias };
	struct gi_itab_audit *a;
	struct gi_error *e = gi_itab_audit_run(host->prog, &aopts, &a);
	if (e)
		return command_fail_error(err, e, "itabs");
	if (opts->json)
		render_json(a, opts->anomalies_only, out);
	else
		render_text(a, opts->anomalies_only, out);
	int status = a->num_anomalies ? GI_EXIT_ANOMALIES : GI_EXIT_OK;
	gi_itab_audit_destroy(a);
	return status;
}
