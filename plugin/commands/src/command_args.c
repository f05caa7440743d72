/* Argument helpers shared by the commands: error lines, addresses and
 * method symbols. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command_internal.h"
#include "goiface/audit.h"

int command_fail(struct gi_strbuf *err, const char *fmt, ...)
{
	char *line;
	va_list ap;
	va_start(ap, fmt);
	int r = vasprintf(&line, fmt, ap);
	va_end(ap);
	if (r < 0) {
		gi_strbuf_puts(err, "out of memory");
		return GI_EXIT_ERROR;
	}
	/* One line a terminal shows as it is, whatever the target put in the
	 * names and paths the message quotes. */
	gi_strbuf_terminal_text(err, line, strlen(line), false);
	free(line);
	return GI_EXIT_ERROR;
}

int command_fail_error(struct gi_strbuf *err, struct gi_error *e,
		       const char *context)
{
	int status = command_fail(err, "%s%s%s", context ? context : "",
				  context ? ": " : "", e ? e->message : "failed");
	gi_error_destroy(e);
	return status;
}

void text_puts(struct gi_strbuf *out, const char *s)
{
	size_t n = strlen(s);
	bool newline = n > 0 && s[n - 1] == '\n';
	gi_strbuf_terminal_text(out, s, n - newline, false);
	if (newline)
		gi_strbuf_putc(out, '\n');
}

void text_appendf(struct gi_strbuf *out, const char *fmt, ...)
{
	char *text;
	va_list ap;
	va_start(ap, fmt);
	int r = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (r < 0) {
		out->failed = true;
		return;
	}
	text_puts(out, text);
	free(text);
}

bool parse_address(const char *s, uint64_t *ret)
{
	if (!s || !*s || *s == '-' || *s == '+')
		return false;
	char *end;
	errno = 0;
	unsigned long long v;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (!s[2])
			return false;
		v = strtoull(s + 2, &end, 16);
	} else {
		v = strtoull(s, &end, 10);
	}
	if (errno || *end)
		return false;
	*ret = v;
	return true;
}

struct gi_error *resolve_address_operand(const struct gi_command_host *host,
					 const char *operand, name_lookup_fn *by_name,
					 uint64_t *ret)
{
	if (parse_address(operand, ret))
		return NULL;
	struct gi_error *named = NULL;
	if (by_name) {
		named = by_name(host->prog, operand, ret);
		if (!named)
			return NULL;
	}
	if (!host->resolve_address)
		return named ? named
			     : gi_error_create(GI_ERROR_USAGE,
					       "\"%s\" is not an address (0x… or decimal)",
					       operand);
	struct gi_error *e = host->resolve_address(host->arg, operand, ret);
	if (named && e && e->code == GI_ERROR_NOT_FOUND) {
		/* Unknown to the host too: the name's error says what was
		 * searched (or why the search failed). */
		gi_error_destroy(e);
		return named;
	}
	gi_error_destroy(named);
	return e;
}

void append_method_symbol(const struct gi_command_host *host,
			  const struct gi_itab_method *m, struct gi_strbuf *out)
{
	static const char dropped[] = " (never called: the linker dropped the method)";
	if (m->symbol) {
		text_puts(out, m->symbol);
		if (m->symbol_entry != m->pc)
			text_appendf(out, "+0x%" PRIx64, m->pc - m->symbol_entry);
		if (strcmp(m->symbol, "runtime.unreachableMethod") == 0)
			gi_strbuf_puts(out, dropped);
	} else if (m->pc && gi_itab_pc_is_unreachable_method(host->prog, m->pc,
							     host->load_bias)) {
		text_appendf(out, "runtime.unreachableMethod, unrelocated%s", dropped);
	} else {
		gi_strbuf_puts(out, "(no symbol)");
	}
}
