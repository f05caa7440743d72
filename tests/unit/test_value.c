/*
 * Rendering values of every kind from type descriptors alone, on a
 * synthetic image of one Go release (argv[1]).  Expected lines are what
 * the image holds, spelled in Delve's style.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "goiface/format.h"
#include "goiface/iface.h"
#include "world.h"

/* The whole line for the interface global at g. */
static char *line(struct world *w, uint64_t g, bool eface, const char *st,
		  const struct gi_format_options *opts)
{
	struct gi_iface *v;
	struct gi_error *err = gi_iface_read(w->prog, g, eface, 0, &v);
	if (err)
		fail_msg("decoding 0x%llx: %s", (unsigned long long)g, err->message);
	struct gi_strbuf sb = GI_STRBUF_INIT;
	assert_null(gi_format_iface(w->prog, v, st, opts, &sb));
	gi_iface_destroy(v);
	return sb.data;
}

#define ASSERT_LINE(w, g, eface, st, want) \
	do { \
		char *got_ = line((w), (g), (eface), (st), NULL); \
		assert_string_equal(got_, (want)); \
		free(got_); \
	} while (0)

static void test_top_level_lines(void **state)
{
	struct world *w = *state;
	ASSERT_LINE(w, w->g_err, false, "error", "error(*main.T) *{A: 1, B: 2}");
	ASSERT_LINE(w, w->g_shape, false, NULL, "main.Shape(main.Rect) {W: 3, H: 4}");
	ASSERT_LINE(w, w->g_string, true, NULL, "interface {}(string) \"test\"");
	ASSERT_LINE(w, w->g_int, true, "any", "any(int) -42");
	ASSERT_LINE(w, w->g_box, true, NULL, "interface {}(main.Box[int]) {V: 7}");
	ASSERT_LINE(w, w->g_widget, true, NULL, "interface {}(*pkg.Widget) *{ID: 3}");
	ASSERT_LINE(w, w->g_tagged, true, NULL,
		    "interface {}(main.Tagged) {Name: \"x\", age: 30, Inner: main.Inner {X: 5}}");
	ASSERT_LINE(w, w->g_ptrbox, true, NULL, "interface {}(struct { p *int }) {p: *9}");
}

static void test_scalars(void **state)
{
	struct world *w = *state;
	static const struct { enum gi_kind k; const char *want; } cases[] = {
		{ GI_KIND_BOOL, "interface {}(bool) true" },
		{ GI_KIND_INT, "interface {}(int) -42" },
		{ GI_KIND_INT8, "interface {}(int8) -8" },
		{ GI_KIND_INT16, "interface {}(int16) -1600" },
		{ GI_KIND_INT32, "interface {}(int32) -320000" },
		{ GI_KIND_INT64, "interface {}(int64) -9000000000" },
		{ GI_KIND_UINT, "interface {}(uint) 42" },
		{ GI_KIND_UINT8, "interface {}(uint8) 200" },
		{ GI_KIND_UINT16, "interface {}(uint16) 65535" },
		{ GI_KIND_UINT32, "interface {}(uint32) 4000000000" },
		{ GI_KIND_UINT64, "interface {}(uint64) 18446744073709551615" },
		{ GI_KIND_UINTPTR, "interface {}(uintptr) 4096" },
		{ GI_KIND_FLOAT32, "interface {}(float32) 0.1" },
		{ GI_KIND_FLOAT64, "interface {}(float64) 1e+06" },
		{ GI_KIND_COMPLEX64, "interface {}(complex64) (1+2i)" },
		{ GI_KIND_COMPLEX128, "interface {}(complex128) (1.5-2i)" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ASSERT_LINE(w, w->scalar_globals[cases[i].k], true, NULL, cases[i].want);

	/* Go's own %v, for JSON "value" */
	static const struct { enum gi_kind k; const char *want; } govals[] = {
		{ GI_KIND_BOOL, "true" }, { GI_KIND_INT8, "-8" },
		{ GI_KIND_UINT64, "18446744073709551615" }, { GI_KIND_FLOAT32, "0.1" },
		{ GI_KIND_FLOAT64, "1e+06" }, { GI_KIND_COMPLEX64, "(1+2i)" },
		{ GI_KIND_COMPLEX128, "(1.5-2i)" },
	};
	for (size_t i = 0; i < sizeof(govals) / sizeof(govals[0]); i++) {
		struct gi_iface *v;
		assert_null(gi_iface_read(w->prog, w->scalar_globals[govals[i].k], true, 0, &v));
		struct gi_strbuf sb = GI_STRBUF_INIT;
		assert_null(gi_format_iface_scalar(w->prog, v, 64, &sb));
		assert_string_equal(gi_strbuf_str(&sb), govals[i].want);
		gi_strbuf_deinit(&sb);
		gi_iface_destroy(v);
	}
	struct gi_iface *v;
	assert_null(gi_iface_read(w->prog, w->g_string, true, 0, &v));
	struct gi_strbuf sb = GI_STRBUF_INIT;
	assert_null(gi_format_iface_scalar(w->prog, v, 64, &sb));
	assert_string_equal(gi_strbuf_str(&sb), "test"); /* %v does not quote */
	gi_strbuf_deinit(&sb);
	gi_iface_destroy(v);
	assert_null(gi_iface_read(w->prog, w->g_err, false, 0, &v));
	struct gi_error *err = gi_format_iface_scalar(w->prog, v, 64, &sb);
	assert_non_null(err);
	assert_int_equal(err->code, GI_ERROR_UNSUPPORTED);
	gi_error_destroy(err);
	gi_iface_destroy(v);
}

static void test_composites(void **state)
{
	struct world *w = *state;
	ASSERT_LINE(w, w->g_slice, true, NULL, "interface {}([]int) [1,2,3]");
	ASSERT_LINE(w, w->g_array, true, NULL, "interface {}([3]int) [1,2,3]");
	ASSERT_LINE(w, w->g_map, true, NULL, "interface {}(map[string]int) [\"a\": 1]");
	ASSERT_LINE(w, w->g_named_map, true, NULL, "interface {}(main.M) [\"a\": 1]");
	ASSERT_LINE(w, w->g_chan, true, NULL, "interface {}(chan int) chan int 2/5");
	ASSERT_LINE(w, w->g_func, true, NULL, "interface {}(func()) main.handler");
	ASSERT_LINE(w, w->g_unsafe, true, NULL,
		    "interface {}(unsafe.Pointer) unsafe.Pointer(0x1234)");
	/* the pointed-to interface names its types, as at top level */
	ASSERT_LINE(w, w->g_ptr_to_iface, true, NULL,
		    "interface {}(*error) *error(*main.T) *{A: 1, B: 2}");
	ASSERT_LINE(w, w->g_holder, true, NULL,
		    "interface {}(main.Holder) {E: error(*main.T) *{A: 1, B: 2}, "
		    "Any: interface {}(int) 7}");
}

/* A slice value with its type, as Delve prints slices inside structs. */
static void test_typed_value(void **state)
{
	struct world *w = *state;
	uint64_t words[2];
	assert_null(gi_memory_read_u64(w->mem, w->g_slice + 8, &words[1]));
	struct gi_strbuf sb = GI_STRBUF_INIT;
	assert_null(gi_format_value(w->prog, w->slice_t, words[1], NULL, &sb));
	assert_string_equal(gi_strbuf_str(&sb), "[]int len: 3, cap: 4, [1,2,3]");
	gi_strbuf_deinit(&sb);
}

static void test_big_map(void **state)
{
	struct world *w = *state;
	char *s = line(w, w->g_big_map, true, NULL, NULL);
	/* every entry laid out appears once, in whatever order the table holds */
	for (int i = 0; i < 20; i++) {
		char entry[32];
		snprintf(entry, sizeof(entry), "\"k%02d\": %d", i, i * 10);
		char *at = strstr(s, entry);
		assert_non_null(at);
		assert_null(strstr(at + 1, entry));
	}
	assert_null(strstr(s, "more"));
	free(s);

	struct gi_format_options opts;
	gi_format_options_default(&opts);
	opts.max_elements = 5;
	s = line(w, w->g_big_map, true, NULL, &opts);
	const char *tail = ", ...+15 more]";
	size_t n = strlen(s);
	assert_true(n > strlen(tail));
	assert_string_equal(s + n - strlen(tail), tail);
	int entries = 0;
	for (char *p = s; (p = strstr(p, "\"k")); p++)
		entries++;
	assert_int_equal(entries, 5);
	free(s);
}

static void test_limits(void **state)
{
	struct world *w = *state;
	struct gi_format_options opts;
	gi_format_options_default(&opts);
	opts.max_string = 2;
	char *s = line(w, w->g_string, true, NULL, &opts);
	assert_string_equal(s, "interface {}(string) \"te...+2 more\"");
	free(s);

	gi_format_options_default(&opts);
	opts.max_elements = 2;
	s = line(w, w->g_slice, true, NULL, &opts);
	assert_string_equal(s, "interface {}([]int) [1,2,...+1 more]");
	free(s);
	s = line(w, w->g_tagged, true, NULL, &opts);
	assert_string_equal(s, "interface {}(main.Tagged) {Name: \"x\", age: 30, ...+1 more}");
	free(s);

	/* the node points at itself: the cycle is named, not followed */
	s = line(w, w->g_node, true, NULL, NULL);
	char want[256];
	snprintf(want, sizeof(want),
		 "interface {}(*main.Node) *{Next: (*main.Node)(0x%llx) [cycle], V: 1}",
		 (unsigned long long)w->node_addr);
	assert_string_equal(s, want);
	free(s);

	gi_format_options_default(&opts);
	opts.max_depth = 1;
	s = line(w, w->g_holder, true, NULL, &opts);
	assert_string_equal(s, "interface {}(main.Holder) {E: error(*main.T) ..., "
			       "Any: interface {}(int) ...}");
	free(s);

	gi_format_options_default(&opts);
	opts.max_output = 10;
	s = line(w, w->g_tagged, true, NULL, &opts);
	/* the prefix, then at most 10 bytes of value, then the cut mark */
	const char *prefix = "interface {}(main.Tagged) ";
	assert_memory_equal(s, prefix, strlen(prefix));
	assert_true(strlen(s) <= strlen(prefix) + 10 + 3);
	assert_string_equal(s + strlen(s) - 3, "...");
	free(s);
}

/* The page cache a debugger front-end turns on gives the same lines. */
static void test_with_page_cache(void **state)
{
	struct world *w = *state;
	gi_memory_set_cache(w->mem, true);
	ASSERT_LINE(w, w->g_err, false, "error", "error(*main.T) *{A: 1, B: 2}");
	ASSERT_LINE(w, w->g_holder, true, NULL,
		    "interface {}(main.Holder) {E: error(*main.T) *{A: 1, B: 2}, "
		    "Any: interface {}(int) 7}");
	ASSERT_LINE(w, w->g_map, true, NULL, "interface {}(map[string]int) [\"a\": 1]");
	gi_memory_flush_cache(w->mem);
	ASSERT_LINE(w, w->g_slice, true, NULL, "interface {}([]int) [1,2,3]");
}

/* A typed nil inside a composite is marked as at top level. */
static void test_nested_typed_nil(void **state)
{
	struct world *w = *state;
	uint64_t holder;
	assert_null(gi_memory_read_u64(w->mem, w->g_holder + 8, &holder));
	/* Holder.E keeps its itab (*main.T) and loses its data word. */
	assert_null(gi_image_poke_u64(w->img, holder + 8, 0));
	ASSERT_LINE(w, w->g_holder, true, NULL,
		    "interface {}(main.Holder) {E: error(*main.T) nil [typed nil], "
		    "Any: interface {}(int) 7}");
}

int main(int argc, char **argv)
{
	const char *release = world_release_arg(argc, argv);
	if (!release)
		return 2;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_top_level_lines, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_scalars, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_composites, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_typed_value, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_big_map, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_limits, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_with_page_cache, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_nested_typed_nil, world_setup, world_teardown),
	};
	return cmocka_run_group_tests_name(release, tests, NULL, NULL);
}
