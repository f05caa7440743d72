/* Float and complex formatting against Go's own %v output
 * (float_vectors.txt, written by float_vectors_gen.go). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "goiface/format.h"

static const char *vectors_path;

static double f64(uint64_t bits)
{
	double d;
	memcpy(&d, &bits, sizeof(d));
	return d;
}

static float f32(uint32_t bits)
{
	float f;
	memcpy(&f, &bits, sizeof(f));
	return f;
}

static void test_go_vectors(void **state)
{
	(void)state;
	FILE *f = fopen(vectors_path, "r");
	assert_non_null(f);
	char line[512];
	int checked = 0, failed = 0;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		char kind[8];
		unsigned long long a, b = 0;
		int pos = 0;
		struct gi_strbuf sb = GI_STRBUF_INIT;
		if (sscanf(line, "%7s", kind) != 1)
			continue;
		if (!strcmp(kind, "F64") && sscanf(line, "F64 %llx %n", &a, &pos) == 1) {
			gi_format_float64(&sb, f64(a));
		} else if (!strcmp(kind, "F32") && sscanf(line, "F32 %llx %n", &a, &pos) == 1) {
			gi_format_float32(&sb, f32((uint32_t)a));
		} else if (!strcmp(kind, "C128") &&
			   sscanf(line, "C128 %llx %llx %n", &a, &b, &pos) == 2) {
			gi_format_complex128(&sb, f64(a), f64(b));
		} else if (!strcmp(kind, "C64") &&
			   sscanf(line, "C64 %llx %llx %n", &a, &b, &pos) == 2) {
			gi_format_complex64(&sb, f32((uint32_t)a), f32((uint32_t)b));
		} else {
			fail_msg("bad vector line: %s", line);
		}
		const char *want = line + pos;
		if (strcmp(gi_strbuf_str(&sb), want) != 0) {
			print_error("%s: got %s\n", line, gi_strbuf_str(&sb));
			failed++;
		}
		checked++;
		gi_strbuf_deinit(&sb);
	}
	fclose(f);
	assert_true(checked > 1000);
	assert_int_equal(failed, 0);
}

/* A few spellings written out, so a reader sees the rule without the file. */
static void test_known_spellings(void **state)
{
	(void)state;
	static const struct { double v; const char *want; } cases[] = {
		{ 1e6, "1e+06" }, { 1.5e-7, "1.5e-07" }, { 123456, "123456" },
		{ 0.0001, "0.0001" }, { 0.00001, "1e-05" }, { 0.1, "0.1" },
		{ 100, "100" }, { -2.5, "-2.5" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct gi_strbuf sb = GI_STRBUF_INIT;
		gi_format_float64(&sb, cases[i].v);
		assert_string_equal(gi_strbuf_str(&sb), cases[i].want);
		gi_strbuf_deinit(&sb);
	}
	struct gi_strbuf sb = GI_STRBUF_INIT;
	gi_format_float32(&sb, 0.1f); /* not 0.10000000149011612 */
	assert_string_equal(gi_strbuf_str(&sb), "0.1");
	gi_strbuf_deinit(&sb);
}

int main(int argc, char **argv)
{
	vectors_path = argc > 1 ? argv[1] : "float_vectors.txt";
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_go_vectors),
		cmocka_unit_test(test_known_spellings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
