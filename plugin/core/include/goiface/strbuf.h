/* A growable string: all formatted output is written into one of these so
 * that the CLI, gdb and lldb print exactly the same text. */
#ifndef GOIFACE_STRBUF_H
#define GOIFACE_STRBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct gi_strbuf {
	char *data; /* NUL-terminated once anything was appended */
	size_t len;
	size_t cap;
	bool failed; /* an allocation failed; contents are truncated */
};

#define GI_STRBUF_INIT { 0 }

void gi_strbuf_init(struct gi_strbuf *sb);
void gi_strbuf_deinit(struct gi_strbuf *sb);
void gi_strbuf_reset(struct gi_strbuf *sb);
void gi_strbuf_append(struct gi_strbuf *sb, const char *s, size_t n);
void gi_strbuf_puts(struct gi_strbuf *sb, const char *s);
void gi_strbuf_putc(struct gi_strbuf *sb, char c);
void gi_strbuf_appendf(struct gi_strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends s as a JSON string literal (with quotes and escapes). */
void gi_strbuf_json_string(struct gi_strbuf *sb, const char *s, size_t n);
/* Appends s as a Go %q literal ("a\n\x00"). */
void gi_strbuf_go_quote(struct gi_strbuf *sb, const char *s, size_t n);
/*
 * Appends s as text a terminal may show: printable UTF-8 (Go's
 * strconv.IsPrint) as it is, every other byte as \xNN ("\x1b" for ESC),
 * so bytes from the target can neither move the cursor nor start a line.
 * keep_newlines leaves '\n' alone, for output of several lines built by
 * goiface itself; an error line escapes it too.
 */
void gi_strbuf_terminal_text(struct gi_strbuf *sb, const char *s, size_t n,
			     bool keep_newlines);
/* The same applied to the buffer's own contents. */
void gi_strbuf_make_terminal_text(struct gi_strbuf *sb, bool keep_newlines);
/* Cuts the contents back to len bytes (no-op if already shorter). */
void gi_strbuf_truncate(struct gi_strbuf *sb, size_t len);
/*
 * Decodes one UTF-8 sequence as Go's utf8.DecodeRune does: the rune and its
 * width, or -1 with width 1 for an invalid byte.
 */
int32_t gi_utf8_decode(const unsigned char *s, size_t n, size_t *width);
/* Go's strconv.IsPrint: what %q leaves unescaped. */
bool gi_go_rune_is_print(int32_t r);
/* "" if nothing was appended. */
const char *gi_strbuf_str(const struct gi_strbuf *sb);

#ifdef __cplusplus
}
#endif

#endif
