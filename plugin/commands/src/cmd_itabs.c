/* itabs: renders the itab audit (goiface/audit.h) as text or JSON. */
#include <inttypes.h>
#include <string.h>

#include "command_internal.h"
#include "goiface/audit.h"
#include "goiface/json.h"

static void json_itab(const struct gi_audit_itab *it, struct gi_json *j)
{
	gi_json_begin_object(j);
	if (it->decoded) {
		/* The core's itab object, extended with what only the audit knows. */
		gi_itab_json_members(it->decoded, j);
	} else {
		gi_json_member_address(j, "addr", it->address);
		gi_json_member_string(j, "interface", NULL);
		gi_json_member_string(j, "type", NULL);
		gi_json_member_address(j, "interface_addr", it->inter);
		gi_json_member_address(j, "type_addr", it->type);
		gi_json_key(j, "hash");
		gi_json_hash32(j, it->hash);
		gi_json_member_bool(j, "negative", it->negative);
		gi_json_key(j, "methods");
		gi_json_begin_array(j);
		gi_json_end_array(j);
	}
	gi_json_member_string(j, "origin", gi_itab_origin_name(it->origin));
	gi_json_member_bool(j, "in_table", it->in_table);
	gi_json_end_object(j);
}

static void render_json(const struct gi_itab_audit *a, bool anomalies_only,
			struct gi_strbuf *out)
{
	struct gi_json j;
	gi_json_init(&j, out);
	gi_json_begin_object(&j);
	gi_json_key(&j, "table");
	if (a->have_table) {
		gi_json_begin_object(&j);
		gi_json_member_address(&j, "addr", a->table_address);
		gi_json_member_u64(&j, "size", a->table_size);
		gi_json_member_u64(&j, "count", a->table_count);
		gi_json_member_u64(&j, "entries", a->table_entries_found);
		gi_json_member_string(&j, "found_by",
				      a->table_from_search ? "search" : "symbol");
		gi_json_end_object(&j);
	} else {
		gi_json_null(&j);
	}
	gi_json_member_bool(&j, "static_only", a->static_only);
	gi_json_member_u64(&j, "total", a->num_itabs);
	gi_json_member_u64(&j, "static", a->num_static);
	gi_json_member_u64(&j, "runtime", a->num_runtime);
	gi_json_member_u64(&j, "negative", a->num_negative);
	if (!anomalies_only) {
		gi_json_key(&j, "itabs");
		gi_json_begin_array(&j);
		for (size_t i = 0; i < a->num_itabs; i++)
			json_itab(&a->itabs[i], &j);
		gi_json_end_array(&j);
	}
	gi_json_key(&j, "anomalies");
	gi_json_begin_array(&j);
	for (size_t i = 0; i < a->num_anomalies; i++) {
		const struct gi_audit_anomaly *an = &a->anomalies[i];
		gi_json_begin_object(&j);
		gi_json_member_string(&j, "kind", gi_anomaly_kind_name(an->kind));
		gi_json_member_address(&j, "addr", an->address);
		gi_json_member_string(&j, "message", an->message);
		gi_json_end_object(&j);
	}
	gi_json_end_array(&j);
	gi_json_end_object(&j);
	gi_strbuf_putc(out, '\n');
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
		text_appendf(out, "itab table 0x%" PRIx64 ": size %" PRIu64 ", count %" PRIu64
			     ", %zu entries found, load %.1f%%%s\n", a->table_address,
			     a->table_size, a->table_count, a->table_entries_found, load,
			     a->table_from_search ? " (no symbol: found by searching the data)"
						  : "");
	} else {
		gi_strbuf_puts(out, "itab table: not found (no runtime.itabTable symbol, and no"
			       " table holding the linker's itabs in the data)\n");
	}
	text_appendf(out, "itabs: %zu (static %zu, runtime %zu, negative %zu)\n",
		     a->num_itabs, a->num_static, a->num_runtime, a->num_negative);
	if (!anomalies_only) {
		for (size_t i = 0; i < a->num_itabs; i++) {
			const struct gi_audit_itab *it = &a->itabs[i];
			const struct gi_itab *d = it->decoded;
			text_appendf(out, "  0x%" PRIx64 "  %-7s %s%s,%s  hash 0x%08" PRIx32,
				     it->address, gi_itab_origin_name(it->origin),
				     it->negative ? "negative " : "",
				     d && d->type_name ? d->type_name : "?",
				     d && d->inter_name ? d->inter_name : "?", it->hash);
			if (d && !it->negative)
				text_appendf(out, "  %zu method%s", d->num_methods,
					     d->num_methods == 1 ? "" : "s");
			gi_strbuf_putc(out, '\n');
		}
	}
	if (a->num_anomalies == 0) {
		gi_strbuf_puts(out, "anomalies: none\n");
		return;
	}
	text_appendf(out, "anomalies: %zu\n", a->num_anomalies);
	for (size_t i = 0; i < a->num_anomalies; i++)
		text_appendf(out, "  %s: %s\n", gi_anomaly_kind_name(a->anomalies[i].kind),
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
