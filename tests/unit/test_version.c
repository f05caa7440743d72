/* Go version strings and layout selection, including the refusal of
 * releases goiface does not know. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "goiface/program.h"

static struct gi_error *never(void *buf, uint64_t address, size_t count,
			      uint64_t offset, void *arg)
{
	(void)buf; (void)count; (void)offset; (void)arg;
	return gi_error_fault(address, "unused");
}

static void test_parse(void **state)
{
	(void)state;
	static const struct { const char *s; int major, minor; } ok[] = {
		{ "go1.22.3", 1, 22 }, { "go1.22rc1", 1, 22 }, { "go1.22beta2", 1, 22 },
		{ "go1.27.0 X:foo,bar", 1, 27 }, { "devel go1.28-abcdef Tue Jan 1", 1, 28 },
		{ "go1.18", 1, 18 },
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		int major = 0, minor = 0;
		assert_true(gi_parse_go_version(ok[i].s, &major, &minor));
		assert_int_equal(major, ok[i].major);
		assert_int_equal(minor, ok[i].minor);
	}
	int a, b;
	assert_false(gi_parse_go_version("", &a, &b));
	assert_false(gi_parse_go_version("gopher1.2", &a, &b));
	assert_false(gi_parse_go_version("go.1.2", &a, &b));
}

static void test_select_and_refuse(void **state)
{
	(void)state;
	struct gi_memory *mem;
	assert_null(gi_memory_create(&mem));
	assert_null(gi_memory_add_segment(mem, 0x1000, 0x1000, never, NULL));
	struct gi_program *prog;
	assert_null(gi_program_create(mem, NULL, &prog));
	assert_null(gi_program_layout(prog));

	assert_null(gi_program_set_go_version(prog, "go1.22.3", GI_VERSION_FROM_CALLER, false));
	assert_int_equal(gi_program_layout(prog)->minor, 22);
	assert_string_equal(gi_program_go_version(prog), "go1.22.3");
	assert_int_equal(gi_program_version_source(prog), GI_VERSION_FROM_CALLER);
	assert_false(gi_program_layout_forced(prog));

	struct gi_error *err = gi_program_set_go_version(prog, "devel go1.28-abc",
							 GI_VERSION_FROM_BUILDVERSION, false);
	assert_non_null(err);
	assert_int_equal(err->code, GI_ERROR_UNSUPPORTED);
	assert_string_equal(err->message,
			    "Go 1.28 is newer than goiface knows (1.18–1.27); "
			    "use --force-layout to decode it as 1.27");
	gi_error_destroy(err);
	/* the refused version leaves the earlier choice alone */
	assert_int_equal(gi_program_layout(prog)->minor, 22);

	assert_null(gi_program_set_go_version(prog, "go1.28.1", GI_VERSION_FROM_CALLER, true));
	assert_int_equal(gi_program_layout(prog)->minor, 27);
	assert_true(gi_program_layout_forced(prog));

	/* GOEXPERIMENT=noswissmap brings back the classic map layout */
	assert_null(gi_program_set_go_version(prog, "go1.24.3 X:boringcrypto,noswissmap",
					      GI_VERSION_FROM_BUILDVERSION, false));
	assert_int_equal(gi_program_layout(prog)->minor, 24);
	assert_int_equal(gi_program_layout(prog)->type.map_impl, GI_MAP_CLASSIC);
	assert_int_equal(gi_program_layout(prog)->type.record_size[GI_KIND_MAP], 88);
	assert_null(gi_program_set_go_version(prog, "go1.24.3 X:boringcrypto",
					      GI_VERSION_FROM_BUILDVERSION, false));
	assert_int_equal(gi_program_layout(prog)->type.map_impl, GI_MAP_SWISS);
	assert_int_equal(gi_program_layout(prog)->type.record_size[GI_KIND_MAP], 112);

	err = gi_program_set_go_version(prog, "go1.16.15", GI_VERSION_FROM_CALLER, false);
	assert_non_null(err);
	assert_non_null(strstr(err->message, "Go 1.16 is older than goiface supports"));
	gi_error_destroy(err);

	err = gi_program_set_go_version(prog, "not a version", GI_VERSION_FROM_CALLER, true);
	assert_non_null(err);
	assert_string_equal(err->message, "cannot parse Go version \"not a version\"");
	gi_error_destroy(err);

	/* no symbols: the version and the modules cannot be found */
	err = gi_program_detect_go_version(prog, false);
	assert_non_null(err);
	assert_int_equal(err->code, GI_ERROR_NOT_FOUND);
	gi_error_destroy(err);
	err = gi_program_load_modules(prog);
	assert_non_null(err);
	assert_int_equal(err->code, GI_ERROR_NOT_FOUND);
	gi_error_destroy(err);
	gi_program_destroy(prog);
	gi_memory_destroy(mem);
}

static void test_buildinfo(void **state)
{
	(void)state;
	unsigned char blob[64] = "\xff Go buildinf:";
	blob[14] = 8;
	blob[15] = 0x02;
	const char *v = "go1.21.13";
	blob[32] = (unsigned char)strlen(v);
	memcpy(blob + 33, v, strlen(v));
	char out[32];
	assert_null(gi_buildinfo_parse_version(blob, sizeof(blob), out, sizeof(out)));
	assert_string_equal(out, "go1.21.13");

	struct gi_error *err = gi_buildinfo_parse_version(blob, sizeof(blob), out, 5);
	assert_non_null(err);
	assert_int_equal(err->code, GI_ERROR_LIMIT);
	gi_error_destroy(err);
	/* a length running past the blob */
	blob[32] = 100;
	err = gi_buildinfo_parse_version(blob, sizeof(blob), out, sizeof(out));
	assert_non_null(err);
	assert_non_null(strstr(err->message, "runs past"));
	gi_error_destroy(err);
	/* the pre-1.18 pointer form */
	blob[15] = 0;
	err = gi_buildinfo_parse_version(blob, sizeof(blob), out, sizeof(out));
	assert_non_null(err);
	assert_int_equal(err->code, GI_ERROR_UNSUPPORTED);
	gi_error_destroy(err);
	err = gi_buildinfo_parse_version("short", 5, out, sizeof(out));
	assert_non_null(err);
	assert_int_equal(err->code, GI_ERROR_FORMAT);
	gi_error_destroy(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_select_and_refuse),
		cmocka_unit_test(test_buildinfo),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
