/* String buffers and the two quoting styles, against Go's strconv.Quote and
 * encoding/json spellings of the same strings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "goiface/strbuf.h"

static void test_append_and_format(void **state)
{
	(void)state;
	struct gi_strbuf sb = GI_STRBUF_INIT;
	assert_string_equal(gi_strbuf_str(&sb), "");
	gi_strbuf_puts(&sb, "ab");
	gi_strbuf_putc(&sb, 'c');
	gi_strbuf_appendf(&sb, "%d-%s", 42, "x");
	assert_string_equal(gi_strbuf_str(&sb), "abc42-x");
	assert_int_equal(sb.len, 7);
	/* longer than appendf's stack buffer */
	char big[1000];
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	gi_strbuf_appendf(&sb, "[%s]", big);
	assert_int_equal(sb.len, 7 + 2 + 999);
	assert_int_equal(sb.data[sb.len - 1], ']');
	gi_strbuf_truncate(&sb, 3);
	assert_string_equal(gi_strbuf_str(&sb), "abc");
	gi_strbuf_reset(&sb);
	assert_string_equal(gi_strbuf_str(&sb), "");
	assert_false(sb.failed);
	gi_strbuf_deinit(&sb);
}

struct quote_case {
	const char *in;
	size_t len;
	const char *go;   /* strconv.Quote */
	const char *json; /* encoding/json */
};

#define S(lit) lit, sizeof(lit) - 1

static const struct quote_case cases[] = {
	{ S("a\n\x00"), "\"a\\n\\x00\"", "\"a\\n\\u0000\"" },
	{ S("h\xc3\xa9llo"), "\"h\xc3\xa9llo\"", "\"h\xc3\xa9llo\"" },
	{ S("\xc2\xad"), "\"\\u00ad\"", "\"\xc2\xad\"" },
	{ S("\xff"), "\"\\xff\"", "\"\\ufffd\"" },
	{ S("\xe2\x80\xa8"), "\"\\u2028\"", "\"\\u2028\"" },
	{ S("\xf0\x9f\x98\x80"), "\"\xf0\x9f\x98\x80\"", "\"\xf0\x9f\x98\x80\"" },
	{ S("\t\x7f\"\\"), "\"\\t\\x7f\\\"\\\\\"", "\"\\t\x7f\\\"\\\\\"" },
	{ S("\a\b\f\r\v"), "\"\\a\\b\\f\\r\\v\"", "\"\\u0007\\b\\f\\r\\u000b\"" },
	{ S("\xc2\x85"), "\"\\u0085\"", "\"\xc2\x85\"" },
	{ S("\xf3\xa0\x80\x81"), "\"\\U000e0001\"", "\"\xf3\xa0\x80\x81\"" },
	{ S("\xe6\x97\xa5\xe6\x9c\xac"), "\"\xe6\x97\xa5\xe6\x9c\xac\"", "\"\xe6\x97\xa5\xe6\x9c\xac\"" },
	/* a truncated sequence: each byte is invalid on its own */
	{ S("\xe6\x97"), "\"\\xe6\\x97\"", "\"\\ufffd\\ufffd\"" },
};

static void test_go_quote(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct gi_strbuf sb = GI_STRBUF_INIT;
		gi_strbuf_go_quote(&sb, cases[i].in, cases[i].len);
		assert_string_equal(gi_strbuf_str(&sb), cases[i].go);
		gi_strbuf_deinit(&sb);
	}
}

static void test_json_string(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct gi_strbuf sb = GI_STRBUF_INIT;
		gi_strbuf_json_string(&sb, cases[i].in, cases[i].len);
		assert_string_equal(gi_strbuf_str(&sb), cases[i].json);
		gi_strbuf_deinit(&sb);
	}
}

static void test_utf8_decode(void **state)
{
	(void)state;
	size_t w;
	assert_int_equal(gi_utf8_decode((const unsigned char *)"\xc3\xa9", 2, &w), 0xe9);
	assert_int_equal(w, 2);
	/* overlong '/' and a surrogate are invalid, one byte at a time */
	assert_int_equal(gi_utf8_decode((const unsigned char *)"\xc0\xaf", 2, &w), -1);
	assert_int_equal(w, 1);
	assert_int_equal(gi_utf8_decode((const unsigned char *)"\xed\xa0\x80", 3, &w), -1);
	assert_int_equal(w, 1);
}

static const char *vectors_path;

static int hexval(char c)
{
	return c <= '9' ? c - '0' : c - 'a' + 10;
}

/* Random byte strings quoted by Go itself (quote_vectors.txt). */
static void test_go_quote_vectors(void **state)
{
	(void)state;
	FILE *f = fopen(vectors_path, "r");
	assert_non_null(f);
	char line[1024];
	int checked = 0, failed = 0;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		char *sp = strchr(line, ' ');
		assert_non_null(sp);
		char bytes[256];
		size_t n = 0;
		for (char *p = line; p < sp && n < sizeof(bytes); p += 2)
			bytes[n++] = (char)(hexval(p[0]) << 4 | hexval(p[1]));
		struct gi_strbuf sb = GI_STRBUF_INIT;
		gi_strbuf_go_quote(&sb, bytes, n);
		if (strcmp(gi_strbuf_str(&sb), sp + 1) != 0) {
			print_error("%s: got %s\n", line, gi_strbuf_str(&sb));
			failed++;
		}
		gi_strbuf_deinit(&sb);
		checked++;
	}
	fclose(f);
	assert_true(checked >= 2000);
	assert_int_equal(failed, 0);
}

int main(int argc, char **argv)
{
	vectors_path = argc > 1 ? argv[1] : "quote_vectors.txt";
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_and_format),
		cmocka_unit_test(test_go_quote),
		cmocka_unit_test(test_json_string),
		cmocka_unit_test(test_utf8_decode),
		cmocka_unit_test(test_go_quote_vectors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
