/* The JSON writer: exact compact output, since every --json document is
 * written through it and users compare them byte for byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "goiface/json.h"

static void test_nested(void **state)
{
	(void)state;
	struct gi_strbuf sb = GI_STRBUF_INIT;
	struct gi_json j;
	gi_json_init(&j, &sb);
	gi_json_begin_object(&j);
	gi_json_member_string(&j, "name", "main.gX");
	gi_json_member_address(&j, "addr", 0x4d2f00);
	gi_json_member_u64(&j, "size", UINT64_MAX);
	gi_json_member_bool(&j, "nil", false);
	gi_json_member_string(&j, "kind", NULL);
	gi_json_key(&j, "hash");
	gi_json_hash32(&j, 0xbeef);
	gi_json_key(&j, "methods");
	gi_json_begin_array(&j);
	for (int i = 0; i < 2; i++) {
		gi_json_begin_object(&j);
		gi_json_member_string(&j, "name", i ? "Read" : "Close");
		gi_json_key(&j, "args");
		gi_json_begin_array(&j);
		gi_json_u64(&j, (uint64_t)i);
		gi_json_begin_array(&j);
		gi_json_null(&j);
		gi_json_bool(&j, true);
		gi_json_end_array(&j);
		gi_json_string(&j, "x");
		gi_json_end_array(&j);
		gi_json_end_object(&j);
	}
	gi_json_end_array(&j);
	gi_json_key(&j, "itab");
	gi_json_null(&j);
	gi_json_end_object(&j);
	assert_string_equal(gi_strbuf_str(&sb),
			    "{\"name\":\"main.gX\",\"addr\":\"0x4d2f00\","
			    "\"size\":18446744073709551615,\"nil\":false,\"kind\":null,"
			    "\"hash\":\"0x0000beef\",\"methods\":["
			    "{\"name\":\"Close\",\"args\":[0,[null,true],\"x\"]},"
			    "{\"name\":\"Read\",\"args\":[1,[null,true],\"x\"]}],"
			    "\"itab\":null}");
	assert_false(sb.failed);
	gi_strbuf_deinit(&sb);
}

static void test_empty(void **state)
{
	(void)state;
	struct gi_strbuf sb = GI_STRBUF_INIT;
	struct gi_json j;
	gi_json_init(&j, &sb);
	gi_json_begin_object(&j);
	gi_json_end_object(&j);
	assert_string_equal(gi_strbuf_str(&sb), "{}");

	gi_strbuf_reset(&sb);
	gi_json_init(&j, &sb);
	gi_json_begin_array(&j);
	gi_json_begin_object(&j);
	gi_json_end_object(&j);
	gi_json_begin_array(&j);
	gi_json_end_array(&j);
	gi_json_begin_object(&j);
	gi_json_key(&j, "a");
	gi_json_begin_array(&j);
	gi_json_end_array(&j);
	gi_json_key(&j, "b");
	gi_json_begin_object(&j);
	gi_json_end_object(&j);
	gi_json_end_object(&j);
	gi_json_end_array(&j);
	assert_string_equal(gi_strbuf_str(&sb), "[{},[],{\"a\":[],\"b\":{}}]");
	gi_strbuf_deinit(&sb);
}

static void test_escapes(void **state)
{
	(void)state;
	struct gi_strbuf sb = GI_STRBUF_INIT;
	struct gi_json j;
	gi_json_init(&j, &sb);
	gi_json_begin_object(&j);
	gi_json_member_string(&j, "q\"k", "a\"b\\c\n\t\x01</>&");
	gi_json_key(&j, "nul");
	gi_json_string_n(&j, "x\0y\xff", 4);
	gi_json_key(&j, "empty");
	gi_json_string_n(&j, NULL, 0);
	gi_json_member_string(&j, "u", "h\xc3\xa9\xe2\x80\xa8");
	gi_json_end_object(&j);
	assert_string_equal(gi_strbuf_str(&sb),
			    "{\"q\\\"k\":\"a\\\"b\\\\c\\n\\t\\u0001</>&\","
			    "\"nul\":\"x\\u0000y\\ufffd\",\"empty\":\"\","
			    "\"u\":\"h\xc3\xa9\\u2028\"}");
	gi_strbuf_deinit(&sb);
}

/* Separators are tracked per level: closing a deep container must not lose
 * the outer level's state, at any depth the writer tracks. */
static void test_depth(void **state)
{
	(void)state;
	struct gi_strbuf sb = GI_STRBUF_INIT;
	struct gi_json j;
	gi_json_init(&j, &sb);
	for (int i = 0; i < GI_JSON_MAX_DEPTH - 1; i++) {
		gi_json_begin_array(&j);
		gi_json_u64(&j, 1);
	}
	for (int i = 0; i < GI_JSON_MAX_DEPTH - 1; i++)
		gi_json_end_array(&j);
	char want[GI_JSON_MAX_DEPTH * 4];
	size_t n = 0;
	for (int i = 0; i < GI_JSON_MAX_DEPTH - 1; i++)
		n += (size_t)snprintf(want + n, sizeof(want) - n,
				      i < GI_JSON_MAX_DEPTH - 2 ? "[1," : "[1");
	for (int i = 0; i < GI_JSON_MAX_DEPTH - 1; i++)
		want[n++] = ']';
	want[n] = '\0';
	assert_false(sb.failed);
	assert_int_equal(j.depth, 0);
	assert_string_equal(gi_strbuf_str(&sb), want);

	/* Deeper than tracked: flagged, never silently malformed. */
	gi_strbuf_reset(&sb);
	gi_json_init(&j, &sb);
	for (int i = 0; i < GI_JSON_MAX_DEPTH + 1; i++)
		gi_json_begin_array(&j);
	gi_json_null(&j);
	assert_true(sb.failed);
	gi_strbuf_deinit(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_depth),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
