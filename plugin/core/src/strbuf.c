/* Growable strings, plus the two quoting styles goiface prints: JSON string
 * literals and Go's %q (strconv.Quote). */
#include "goiface/strbuf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void gi_strbuf_init(struct gi_strbuf *sb)
{
	memset(sb, 0, sizeof(*sb));
}

void gi_strbuf_deinit(struct gi_strbuf *sb)
{
	free(sb->data);
	memset(sb, 0, sizeof(*sb));
}

void gi_strbuf_reset(struct gi_strbuf *sb)
{
	sb->len = 0;
	sb->failed = false;
	if (sb->data)
		sb->data[0] = '\0';
}

/* Makes room for n more bytes plus the terminator. */
static bool reserve(struct gi_strbuf *sb, size_t n)
{
	if (sb->failed)
		return false;
	if (n > SIZE_MAX / 2 - sb->len - 1) {
		sb->failed = true;
		return false;
	}
	size_t need = sb->len + n + 1;
	if (need <= sb->cap)
		return true;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < need)
		cap *= 2;
	char *data = realloc(sb->data, cap);
	if (!data) {
		sb->failed = true;
		return false;
	}
	sb->data = data;
	sb->cap = cap;
	return true;
}

void gi_strbuf_append(struct gi_strbuf *sb, const char *s, size_t n)
{
	if (!reserve(sb, n))
		return;
	if (n)
		memcpy(sb->data + sb->len, s, n);
	sb->len += n;
	sb->data[sb->len] = '\0';
}

void gi_strbuf_puts(struct gi_strbuf *sb, const char *s)
{
	gi_strbuf_append(sb, s, strlen(s));
}

void gi_strbuf_putc(struct gi_strbuf *sb, char c)
{
	gi_strbuf_append(sb, &c, 1);
}

void gi_strbuf_appendf(struct gi_strbuf *sb, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->failed = true;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		gi_strbuf_append(sb, small, (size_t)n);
		return;
	}
	if (!reserve(sb, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

void gi_strbuf_truncate(struct gi_strbuf *sb, size_t len)
{
	if (len < sb->len) {
		sb->len = len;
		sb->data[len] = '\0';
	}
}

void gi_strbuf_terminal_text(struct gi_strbuf *sb, const char *s, size_t n,
			     bool keep_newlines)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, clean = 0; /* bytes [clean, i) are still to be copied */
	while (i < n) {
		size_t w;
		int32_t r = gi_utf8_decode(p + i, n - i, &w);
		if (r >= 0 && (gi_go_rune_is_print(r) || (keep_newlines && r == '\n'))) {
			i += w;
			continue;
		}
		gi_strbuf_append(sb, s + clean, i - clean);
		for (size_t k = 0; k < w; k++)
			gi_strbuf_appendf(sb, "\\x%02x", p[i + k]);
		i += w;
		clean = i;
	}
	gi_strbuf_append(sb, s + clean, n - clean);
}

void gi_strbuf_make_terminal_text(struct gi_strbuf *sb, bool keep_newlines)
{
	if (!sb->data)
		return;
	struct gi_strbuf safe = GI_STRBUF_INIT;
	gi_strbuf_terminal_text(&safe, sb->data, sb->len, keep_newlines);
	if (safe.failed) {
		/* Nothing unescaped may leave: keep only what was checked. */
		gi_strbuf_deinit(&safe);
		gi_strbuf_reset(sb);
		sb->failed = true;
		return;
	}
	bool failed = sb->failed;
	gi_strbuf_deinit(sb);
	*sb = safe;
	sb->failed = failed;
}

const char *gi_strbuf_str(const struct gi_strbuf *sb)
{
	return sb->data ? sb->data : "";
}

/*
 * Decodes one UTF-8 sequence the way Go's utf8.DecodeRuneInString does:
 * returns the rune and its width, or -1 and width 1 for an invalid byte
 * (overlong forms, surrogates and runes past U+10FFFF are invalid).
 */
int32_t gi_utf8_decode(const unsigned char *s, size_t n, size_t *width)
{
	*width = 1;
	if (n == 0)
		return -1;
	unsigned char c = s[0];
	if (c < 0x80)
		return c;
	size_t len;
	int32_t r, min;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2; r = c & 0x1f; min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3; r = c & 0x0f; min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4; r = c & 0x07; min = 0x10000;
	} else {
		return -1;
	}
	if (n < len)
		return -1;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		r = (r << 6) | (s[i] & 0x3f);
	}
	if (r < min || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff))
		return -1;
	*width = len;
	return r;
}

void gi_strbuf_go_quote(struct gi_strbuf *sb, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	gi_strbuf_putc(sb, '"');
	size_t i = 0;
	while (i < n && !sb->failed) {
		size_t w;
		int32_t r = gi_utf8_decode(p + i, n - i, &w);
		if (r < 0) {
			char esc[4] = { '\\', 'x', hex[p[i] >> 4], hex[p[i] & 15] };
			gi_strbuf_append(sb, esc, 4);
			i += 1;
			continue;
		}
		switch (r) {
		case '\a': gi_strbuf_append(sb, "\\a", 2); break;
		case '\b': gi_strbuf_append(sb, "\\b", 2); break;
		case '\f': gi_strbuf_append(sb, "\\f", 2); break;
		case '\n': gi_strbuf_append(sb, "\\n", 2); break;
		case '\r': gi_strbuf_append(sb, "\\r", 2); break;
		case '\t': gi_strbuf_append(sb, "\\t", 2); break;
		case '\v': gi_strbuf_append(sb, "\\v", 2); break;
		case '\\': gi_strbuf_append(sb, "\\\\", 2); break;
		case '"': gi_strbuf_append(sb, "\\\"", 2); break;
		default:
			if (gi_go_rune_is_print(r))
				gi_strbuf_append(sb, s + i, w);
			else if (r < ' ' || r == 0x7f)
				gi_strbuf_appendf(sb, "\\x%02x", (unsigned)r);
			else if (r < 0x10000)
				gi_strbuf_appendf(sb, "\\u%04x", (unsigned)r);
			else
				gi_strbuf_appendf(sb, "\\U%08x", (unsigned)r);
		}
		i += w;
	}
	gi_strbuf_putc(sb, '"');
}

/* As Go's encoding/json: invalid UTF-8 becomes U+FFFD so the document stays
 * valid; <, > and & are left alone since nobody embeds this in HTML. */
void gi_strbuf_json_string(struct gi_strbuf *sb, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	gi_strbuf_putc(sb, '"');
	size_t i = 0;
	while (i < n && !sb->failed) {
		size_t w;
		int32_t r = gi_utf8_decode(p + i, n - i, &w);
		if (r < 0) {
			gi_strbuf_append(sb, "\\ufffd", 6);
			i += 1;
			continue;
		}
		switch (r) {
		case '"': gi_strbuf_append(sb, "\\\"", 2); break;
		case '\\': gi_strbuf_append(sb, "\\\\", 2); break;
		case '\n': gi_strbuf_append(sb, "\\n", 2); break;
		case '\r': gi_strbuf_append(sb, "\\r", 2); break;
		case '\t': gi_strbuf_append(sb, "\\t", 2); break;
		case '\b': gi_strbuf_append(sb, "\\b", 2); break;
		case '\f': gi_strbuf_append(sb, "\\f", 2); break;
		default:
			if (r < 0x20)
				gi_strbuf_appendf(sb, "\\u%04x", (unsigned)r);
			else if (r == 0x2028 || r == 0x2029)
				gi_strbuf_appendf(sb, "\\u%04x", (unsigned)r);
			else
				gi_strbuf_append(sb, s + i, w);
		}
		i += w;
	}
	gi_strbuf_putc(sb, '"');
}
