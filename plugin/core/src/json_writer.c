/* The compact JSON writer (goiface/json.h). */
#include <inttypes.h>
#include <string.h>

#include "goiface/json.h"

void gi_json_init(struct gi_json *j, struct gi_strbuf *out)
{
	*j = (struct gi_json){ .out = out };
}

/* The ',' between two members or elements of the current level. */
static void separate(struct gi_json *j)
{
	if (j->depth >= GI_JSON_MAX_DEPTH) {
		/* Deeper than tracked: the separators would be wrong, so the
		 * document is marked as truncated rather than handed on. */
		j->out->failed = true;
		return;
	}
	uint64_t bit = UINT64_C(1) << j->depth;
	if (j->written & bit)
		gi_strbuf_putc(j->out, ',');
	j->written |= bit;
}

/* What every value does first: a member's value follows its key directly. */
static void begin_value(struct gi_json *j)
{
	if (j->after_key)
		j->after_key = false;
	else
		separate(j);
}

static void begin(struct gi_json *j, char c)
{
	begin_value(j);
	gi_strbuf_putc(j->out, c);
	j->depth++;
	if (j->depth < GI_JSON_MAX_DEPTH)
		j->written &= ~(UINT64_C(1) << j->depth);
}

static void end(struct gi_json *j, char c)
{
	if (j->depth)
		j->depth--;
	j->after_key = false;
	gi_strbuf_putc(j->out, c);
}

void gi_json_begin_object(struct gi_json *j) { begin(j, '{'); }
void gi_json_end_object(struct gi_json *j) { end(j, '}'); }
void gi_json_begin_array(struct gi_json *j) { begin(j, '['); }
void gi_json_end_array(struct gi_json *j) { end(j, ']'); }

void gi_json_key(struct gi_json *j, const char *key)
{
	separate(j);
	gi_strbuf_json_string(j->out, key, strlen(key));
	gi_strbuf_putc(j->out, ':');
	j->after_key = true;
}

void gi_json_string(struct gi_json *j, const char *s)
{
	if (!s)
		gi_json_null(j);
	else
		gi_json_string_n(j, s, strlen(s));
}

void gi_json_string_n(struct gi_json *j, const char *s, size_t n)
{
	begin_value(j);
	gi_strbuf_json_string(j->out, s ? s : "", s ? n : 0);
}

void gi_json_u64(struct gi_json *j, uint64_t n)
{
	begin_value(j);
	gi_strbuf_appendf(j->out, "%" PRIu64, n);
}

void gi_json_address(struct gi_json *j, uint64_t address)
{
	begin_value(j);
	gi_strbuf_appendf(j->out, "\"0x%" PRIx64 "\"", address);
}

void gi_json_hash32(struct gi_json *j, uint32_t hash)
{
	begin_value(j);
	gi_strbuf_appendf(j->out, "\"0x%08" PRIx32 "\"", hash);
}

void gi_json_bool(struct gi_json *j, bool b)
{
	begin_value(j);
	gi_strbuf_puts(j->out, b ? "true" : "false");
}

void gi_json_null(struct gi_json *j)
{
	begin_value(j);
	gi_strbuf_puts(j->out, "null");
}

void gi_json_member_string(struct gi_json *j, const char *key, const char *s)
{
	gi_json_key(j, key);
	gi_json_string(j, s);
}

void gi_json_member_u64(struct gi_json *j, const char *key, uint64_t n)
{
	gi_json_key(j, key);
	gi_json_u64(j, n);
}

void gi_json_member_address(struct gi_json *j, const char *key, uint64_t address)
{
	gi_json_key(j, key);
	gi_json_address(j, address);
}

void gi_json_member_bool(struct gi_json *j, const char *key, bool b)
{
	gi_json_key(j, key);
	gi_json_bool(j, b);
}
