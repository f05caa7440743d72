/*
 * Decoding interfaces, itabs and type descriptors on a synthetic image of
 * one Go release (argv[1], e.g. "go1.22").
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
#include "goiface/itab.h"
#include "goiface/name.h"
#include "goiface/type.h"
#include "world.h"

static struct gi_iface *decode(struct world *w, uint64_t global, bool eface)
{
	struct gi_iface *v;
	struct gi_error *err = gi_iface_read(w->prog, global, eface, 0, &v);
	if (err)
		fail_msg("decoding interface at 0x%llx: %s", (unsigned long long)global,
			 err->message);
	return v;
}

static void assert_line(struct world *w, const struct gi_iface *v, const char *st,
			const char *want)
{
	struct gi_strbuf sb = GI_STRBUF_INIT;
	assert_null(gi_format_iface(w->prog, v, st, NULL, &sb));
	assert_string_equal(gi_strbuf_str(&sb), want);
	gi_strbuf_deinit(&sb);
}

static void test_nil_and_typed_nil(void **state)
{
	struct world *w = *state;
	struct gi_iface *v = decode(w, w->g_nil_eface, true);
	assert_true(v->nil);
	assert_false(v->typed_nil);
	assert_null(v->dynamic_type);
	assert_line(w, v, NULL, "interface {} nil");
	gi_iface_destroy(v);

	v = decode(w, w->g_nil_iface, false);
	assert_true(v->nil);
	assert_false(v->typed_nil);
	assert_line(w, v, "error", "error nil");
	gi_iface_destroy(v);

	v = decode(w, w->g_typed_nil_eface, true);
	assert_false(v->nil);
	assert_true(v->typed_nil);
	assert_true(v->direct);
	assert_int_equal(v->kind, GI_KIND_POINTER);
	assert_string_equal(v->dynamic_type, "*main.T");
	assert_line(w, v, NULL, "interface {}(*main.T) nil" GI_TYPED_NIL_MARKER);
	gi_iface_destroy(v);

	v = decode(w, w->g_typed_nil_iface, false);
	assert_false(v->nil);
	assert_true(v->typed_nil);
	assert_int_equal(v->itab_addr, w->itab_error_t);
	assert_string_equal(v->dynamic_type, "*main.T");
	/* no static type given: the itab's interface names it */
	assert_line(w, v, NULL, "error(*main.T) nil" GI_TYPED_NIL_MARKER);
	gi_iface_destroy(v);

	v = decode(w, w->g_typed_nil_map, true);
	assert_true(v->typed_nil);
	assert_line(w, v, NULL, "interface {}(map[string]int) nil" GI_TYPED_NIL_MARKER);
	gi_iface_destroy(v);

	/* a direct struct whose pointer is nil holds a value: not typed nil */
	v = decode(w, w->g_nil_ptrbox, true);
	assert_false(v->nil);
	assert_false(v->typed_nil);
	assert_true(v->direct);
	assert_line(w, v, NULL, "interface {}(struct { p *int }) {p: *int nil}");
	gi_iface_destroy(v);

	/* a non-nil pointer is not typed nil */
	v = decode(w, w->g_err, false);
	assert_false(v->nil);
	assert_false(v->typed_nil);
	gi_iface_destroy(v);
}

static void test_dynamic_type_and_path(void **state)
{
	struct world *w = *state;
	static const struct {
		size_t global_off;
		bool eface;
		const char *type, *path;
	} cases[] = {
		{ offsetof(struct world, g_err), false, "*main.T", "*main.T" },
		{ offsetof(struct world, g_shape), false, "main.Rect", "main.Rect" },
		{ offsetof(struct world, g_box), true, "main.Box[int]", "main.Box[int]" },
		{ offsetof(struct world, g_widget), true, "*pkg.Widget",
		  "*example.com/m/pkg.Widget" },
		{ offsetof(struct world, g_int), true, "int", "int" },
		{ offsetof(struct world, g_slice), true, "[]int", "[]int" },
		{ offsetof(struct world, g_ptrbox), true, "struct { p *int }",
		  "struct { p *int }" },
		{ offsetof(struct world, g_named_map), true, "main.M", "main.M" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t g = *(uint64_t *)((char *)w + cases[i].global_off);
		struct gi_iface *v = decode(w, g, cases[i].eface);
		assert_string_equal(v->dynamic_type, cases[i].type);
		/* spelled only when asked for */
		assert_null(v->dynamic_type_path);
		gi_iface_destroy(v);
		assert_null(gi_iface_read(w->prog, g, cases[i].eface, GI_IFACE_TYPE_PATH, &v));
		assert_string_equal(v->dynamic_type, cases[i].type);
		assert_string_equal(v->dynamic_type_path, cases[i].path);
		gi_iface_destroy(v);
	}
}

static void test_kind_and_storage(void **state)
{
	struct world *w = *state;
	static const struct {
		size_t global_off;
		enum gi_kind kind;
		bool direct;
	} cases[] = {
		{ offsetof(struct world, g_int), GI_KIND_INT, false },
		{ offsetof(struct world, g_string), GI_KIND_STRING, false },
		{ offsetof(struct world, g_box), GI_KIND_STRUCT, false },
		{ offsetof(struct world, g_slice), GI_KIND_SLICE, false },
		{ offsetof(struct world, g_array), GI_KIND_ARRAY, false },
		{ offsetof(struct world, g_typed_nil_eface), GI_KIND_POINTER, true },
		{ offsetof(struct world, g_ptrbox), GI_KIND_STRUCT, true },
		{ offsetof(struct world, g_map), GI_KIND_MAP, true },
		{ offsetof(struct world, g_chan), GI_KIND_CHAN, true },
		{ offsetof(struct world, g_func), GI_KIND_FUNC, true },
		{ offsetof(struct world, g_unsafe), GI_KIND_UNSAFE_POINTER, true },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t g = *(uint64_t *)((char *)w + cases[i].global_off);
		struct gi_iface *v = decode(w, g, true);
		assert_int_equal(v->kind, cases[i].kind);
		assert_int_equal(v->direct, cases[i].direct);
		gi_iface_destroy(v);
	}
	struct gi_iface *v = decode(w, w->g_unsafe, true);
	assert_int_equal(v->data, w->unsafe_value);
	gi_iface_destroy(v);
}

/* Where the direct-iface flag lives is a per-release fact: the kind byte up
 * to 1.25, TFlag from 1.26.  Read the raw bytes to check the image and the
 * decoder agree with Go, not just with each other. */
static void test_direct_flag_placement(void **state)
{
	struct world *w = *state;
	uint8_t kind, tflag;
	assert_null(gi_memory_read_u8(w->mem, w->ptr_t + 23, &kind));
	assert_null(gi_memory_read_u8(w->mem, w->ptr_t + 20, &tflag));
	if (w->layout->minor >= 26) {
		assert_int_equal(kind, GI_KIND_POINTER);
		assert_true(tflag & 0x20);
	} else {
		assert_int_equal(kind, GI_KIND_POINTER | 0x20);
		assert_false(tflag & 0x20);
	}
	struct gi_type *t;
	assert_null(gi_type_read(w->prog, w->ptr_t, 0, &t));
	assert_true(t->direct_iface);
	gi_type_destroy(t);
	assert_null(gi_type_read(w->prog, w->basic[GI_KIND_INT], 0, &t));
	assert_false(t->direct_iface);
	gi_type_destroy(t);
}

static void assert_symbols(struct gi_itab *itab, const char *const *names,
			   const uint64_t *pcs, const char *const *symbols, size_t n)
{
	assert_int_equal(itab->num_methods, n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(itab->methods[i].name, names[i]);
		assert_int_equal(itab->methods[i].pc, pcs[i]);
		assert_non_null(itab->methods[i].symbol);
		assert_string_equal(itab->methods[i].symbol, symbols[i]);
		assert_int_equal(itab->methods[i].symbol_entry, pcs[i]);
	}
}

static void test_itabs(void **state)
{
	struct world *w = *state;
	struct gi_image_type_info rect;
	assert_true(gi_image_type_info(w->img, w->rect_t, &rect));
	struct gi_itab *itab;
	assert_null(gi_itab_read(w->prog, w->itab_shape_rect, 0, &itab));
	assert_int_equal(itab->inter, w->shape_t);
	assert_int_equal(itab->type, w->rect_t);
	assert_string_equal(itab->inter_name, "main.Shape");
	assert_string_equal(itab->type_name, "main.Rect");
	assert_int_equal(itab->hash, rect.hash);
	assert_int_equal(itab->type_hash, rect.hash);
	assert_false(itab->negative);
	/* interface methods are sorted by name, fun[] follows them */
	const char *names[] = { "Area", "Perimeter", "String" };
	const char *syms[] = { "main.Rect.Area", "main.Rect.Perimeter", "main.Rect.String" };
	uint64_t pcs[] = { w->fn_rect_area, w->fn_rect_perimeter, w->fn_rect_string };
	assert_symbols(itab, names, pcs, syms, 3);
	gi_itab_destroy(itab);

	/* made at run time: hash 0, the type keeps its own */
	assert_null(gi_itab_read(w->prog, w->itab_shape_rect_runtime, 0, &itab));
	assert_int_equal(itab->hash, 0);
	assert_int_equal(itab->type_hash, rect.hash);
	assert_symbols(itab, names, pcs, syms, 3);
	gi_itab_destroy(itab);

	assert_null(gi_itab_read(w->prog, w->itab_negative, 0, &itab));
	assert_true(itab->negative);
	assert_int_equal(itab->num_methods, 0);
	assert_string_equal(itab->type_name, "main.T");
	gi_itab_destroy(itab);

	/* an interface can never hold a negative itab */
	struct gi_iface *v;
	struct gi_error *err = gi_iface_decode(w->prog, w->itab_negative, 0x1000, false, 0, &v);
	assert_non_null(err);
	assert_non_null(strstr(err->message, "negative itab"));
	gi_error_destroy(err);
}

/* Without an address -> symbol lookup, names come from the pclntab. */
static void test_itab_symbols_from_pclntab(void **state)
{
	struct world *w = *state;
	struct gi_symbolizer names_only = w->syms;
	names_only.lookup_address = NULL;
	struct gi_program *prog;
	assert_null(gi_program_create(w->mem, &names_only, &prog));
	assert_null(gi_program_detect_go_version(prog, false));
	assert_null(gi_program_load_modules(prog));
	struct gi_itab *itab;
	assert_null(gi_itab_read(prog, w->itab_error_t, 0, &itab));
	const char *names[] = { "Error" };
	const char *syms[] = { "main.(*T).Error" };
	uint64_t pcs[] = { w->fn_t_error };
	assert_symbols(itab, names, pcs, syms, 1);
	gi_itab_destroy(itab);
	/* a pc inside a function maps to it */
	char name[64];
	uint64_t entry;
	assert_null(gi_program_function_name(prog, w->fn_rect_string + 50, name,
					     sizeof(name), &entry));
	assert_string_equal(name, "main.Rect.String");
	assert_int_equal(entry, w->fn_rect_string);
	/* a short buffer is filled, not overrun */
	assert_null(gi_program_function_name(prog, w->fn_rect_string, name, 6, NULL));
	assert_string_equal(name, "main.");
	gi_program_destroy(prog);
}

static void test_struct_fields(void **state)
{
	struct world *w = *state;
	struct gi_type *t;
	assert_null(gi_type_read(w->prog, w->tagged_t, 0, &t));
	assert_int_equal(t->kind, GI_KIND_STRUCT);
	assert_string_equal(t->str, "main.Tagged");
	assert_string_equal(t->pkg_path, "main");
	assert_true(t->named);
	assert_int_equal(t->size, 32);
	assert_int_equal(t->num_fields, 3);
	assert_string_equal(t->fields[0].name, "Name");
	assert_string_equal(t->fields[0].tag, "json:\"name\"");
	assert_true(t->fields[0].exported);
	assert_false(t->fields[0].embedded);
	assert_int_equal(t->fields[0].offset, 0);
	assert_int_equal(t->fields[0].type, w->basic[GI_KIND_STRING]);
	assert_string_equal(t->fields[1].name, "age");
	assert_null(t->fields[1].tag);
	assert_false(t->fields[1].exported);
	assert_int_equal(t->fields[1].offset, 16);
	assert_string_equal(t->fields[2].name, "Inner");
	assert_true(t->fields[2].embedded);
	assert_int_equal(t->fields[2].offset, 24);
	assert_int_equal(t->fields[2].type, w->inner_t);
	gi_type_destroy(t);

	/* 1.18 keeps the embedded bit in the offset word, later releases in
	 * the name's flags (structfield at fields + 2 * 24, offset at +16) */
	uint64_t fields, word;
	uint8_t flags;
	uint64_t name;
	assert_null(gi_memory_read_u64(w->mem, w->tagged_t + 56, &fields));
	assert_null(gi_memory_read_u64(w->mem, fields + 2 * 24 + 16, &word));
	assert_null(gi_memory_read_u64(w->mem, fields + 2 * 24, &name));
	assert_null(gi_memory_read_u8(w->mem, name, &flags));
	if (w->layout->minor == 18) {
		assert_int_equal(word, 24 << 1 | 1);
		assert_false(flags & 0x08);
	} else {
		assert_int_equal(word, 24);
		assert_true(flags & 0x08);
	}
}

static void test_type_records(void **state)
{
	struct world *w = *state;
	struct gi_type *t;

	assert_null(gi_type_read(w->prog, w->ptr_t, 0, &t));
	assert_string_equal(t->str, "*main.T");
	assert_int_equal(t->elem, w->t_t);
	assert_int_equal(t->num_methods, 1);
	assert_int_equal(t->num_exported_methods, 1);
	assert_string_equal(t->methods[0].name, "Error");
	assert_true(t->methods[0].exported);
	assert_int_equal(t->methods[0].mtyp, w->fn_string);
	assert_int_equal(t->methods[0].ifn, w->fn_t_error);
	assert_int_equal(t->methods[0].tfn, w->fn_t_error);
	gi_type_destroy(t);

	assert_null(gi_type_read(w->prog, w->box_t, 0, &t));
	assert_string_equal(t->str, "main.Box[int]");
	assert_string_equal(t->pkg_path, "main");
	gi_type_destroy(t);

	assert_null(gi_type_read(w->prog, w->shape_t, 0, &t));
	assert_int_equal(t->kind, GI_KIND_INTERFACE);
	assert_int_equal(t->num_imethods, 3);
	assert_string_equal(t->imethods[0].name, "Area");
	assert_int_equal(t->imethods[0].typ, w->fn_float);
	assert_string_equal(t->imethods[2].name, "String");
	assert_int_equal(t->imethods[2].typ, w->fn_string);
	gi_type_destroy(t);

	assert_null(gi_type_read(w->prog, w->fn_string, 0, &t));
	assert_int_equal(t->kind, GI_KIND_FUNC);
	assert_int_equal(t->num_in, 0);
	assert_int_equal(t->num_out, 1);
	assert_false(t->variadic);
	assert_int_equal(t->params[0], w->basic[GI_KIND_STRING]);
	gi_type_destroy(t);

	assert_null(gi_type_read(w->prog, w->array_t, 0, &t));
	assert_int_equal(t->len, 3);
	assert_int_equal(t->elem, w->basic[GI_KIND_INT]);
	assert_int_equal(t->slice, w->slice_t);
	assert_int_equal(t->size, 24);
	gi_type_destroy(t);

	assert_null(gi_type_read(w->prog, w->chan_t, 0, &t));
	assert_int_equal(t->chan_dir, 3);
	assert_int_equal(t->elem, w->basic[GI_KIND_INT]);
	assert_string_equal(gi_chan_dir_prefix(t->chan_dir), "chan");
	gi_type_destroy(t);

	assert_null(gi_type_read(w->prog, w->map_t, 0, &t));
	assert_int_equal(t->key, w->basic[GI_KIND_STRING]);
	assert_int_equal(t->elem, w->basic[GI_KIND_INT]);
	gi_type_destroy(t);
}

/* The map record grew from 88 (classic) to 112 (swiss, 1.24) to 136 (1.27);
 * a named map's uncommontype sits right after it, so its package path is
 * only found with the right size. */
static void test_map_record_size(void **state)
{
	struct world *w = *state;
	int minor = w->layout->minor;
	bool classic = minor <= 23 || (w->experiment && !strcmp(w->experiment, "noswissmap"));
	uint32_t want = classic ? 88 : minor <= 26 ? 112 : 136;
	assert_int_equal(w->layout->type.record_size[GI_KIND_MAP], want);
	struct gi_type *t;
	assert_null(gi_type_read(w->prog, w->named_map_t, 0, &t));
	assert_string_equal(t->str, "main.M");
	assert_non_null(t->pkg_path);
	assert_string_equal(t->pkg_path, "main");
	gi_type_destroy(t);
}

static void test_names(void **state)
{
	struct world *w = *state;
	struct gi_image_type_info info;
	assert_true(gi_image_type_info(w->img, w->tagged_t, &info));
	struct gi_name name;
	assert_null(gi_name_read(w->prog, info.str_name, &name));
	/* the compiler stores "*T" and sets ExtraStar */
	assert_string_equal(name.name, "*main.Tagged");
	assert_int_equal(name.name_len, strlen("*main.Tagged"));
	gi_name_deinit(&name);
}

static void test_json(void **state)
{
	struct world *w = *state;
	struct gi_iface *v = decode(w, w->g_int, true);
	struct gi_strbuf sb = GI_STRBUF_INIT;
	assert_null(gi_iface_json(w->prog, v, "main.gInt", w->g_int, NULL, NULL, &sb));
	const char *s = gi_strbuf_str(&sb);
	assert_non_null(strstr(s, "\"name\":\"main.gInt\""));
	assert_non_null(strstr(s, "\"nil\":false"));
	assert_non_null(strstr(s, "\"typed_nil\":false"));
	assert_non_null(strstr(s, "\"dynamic_type\":\"int\""));
	assert_non_null(strstr(s, "\"kind\":\"int\""));
	assert_non_null(strstr(s, "\"direct\":false"));
	assert_non_null(strstr(s, "\"value\":\"-42\""));
	assert_non_null(strstr(s, "\"itab\":null"));
	gi_iface_destroy(v);

	gi_strbuf_reset(&sb);
	v = decode(w, w->g_err, false);
	assert_null(gi_iface_json(w->prog, v, "main.gErr", w->g_err, "error", NULL, &sb));
	s = gi_strbuf_str(&sb);
	char want[128];
	snprintf(want, sizeof(want), "{\"name\":\"Error\",\"pc\":\"0x%llx\","
		 "\"symbol\":\"main.(*T).Error\"}", (unsigned long long)w->fn_t_error);
	assert_non_null(strstr(s, want));
	assert_non_null(strstr(s, "\"kind\":\"ptr\""));
	assert_non_null(strstr(s, "\"value\":null"));
	assert_non_null(strstr(s, "\"text\":\"error(*main.T) *{A: 1, B: 2}\""));
	gi_iface_destroy(v);

	gi_strbuf_reset(&sb);
	v = decode(w, w->g_typed_nil_iface, false);
	assert_null(gi_iface_json(w->prog, v, NULL, w->g_typed_nil_iface, "error", NULL, &sb));
	s = gi_strbuf_str(&sb);
	assert_non_null(strstr(s, "\"typed_nil\":true"));
	assert_non_null(strstr(s, "\"nil\":false"));
	gi_iface_destroy(v);

	gi_strbuf_reset(&sb);
	v = decode(w, w->scalar_globals[GI_KIND_COMPLEX128], true);
	assert_null(gi_iface_json(w->prog, v, NULL, 0, NULL, NULL, &sb));
	/* Go's %v, not Delve's spacing */
	assert_non_null(strstr(gi_strbuf_str(&sb), "\"value\":\"(1.5-2i)\""));
	gi_iface_destroy(v);
	gi_strbuf_deinit(&sb);
}

static void test_program(void **state)
{
	struct world *w = *state;
	assert_string_equal(gi_program_go_version(w->prog), w->version);
	assert_int_equal(gi_program_version_source(w->prog), GI_VERSION_FROM_BUILDVERSION);
	assert_ptr_equal(gi_program_layout(w->prog), w->layout);
	assert_false(gi_program_layout_forced(w->prog));
	assert_int_equal(gi_program_num_modules(w->prog), 1);
	const struct gi_module *m = gi_program_module(w->prog, 0);
	assert_int_equal(m->address, gi_image_symbol(w->img, "runtime.firstmoduledata"));
	assert_int_equal(m->types, gi_image_symbol(w->img, "runtime.types"));
	assert_int_equal(m->etypes, gi_image_symbol(w->img, "runtime.etypes"));
	assert_ptr_equal(gi_program_module_for_type(w->prog, w->t_t), m);
	assert_null(gi_program_module_for_type(w->prog, m->etypes));

	/* the buildinfo blob names the same release */
	uint64_t size;
	uint64_t addr = gi_image_buildinfo(w->img, &size);
	assert_true(addr && size >= 32 && size < 4096);
	unsigned char *blob = malloc(size);
	assert_null(gi_memory_read(w->mem, blob, addr, size));
	char version[64];
	assert_null(gi_buildinfo_parse_version(blob, size, version, sizeof(version)));
	assert_string_equal(version, w->version);
	free(blob);
}

/* A descriptor outside every module is refused unless the caller allows
 * heap types; then it decodes without a name. */
static void test_heap_type(void **state)
{
	struct world *w = *state;
	struct gi_iface *v;
	struct gi_error *err = gi_iface_read(w->prog, w->g_heap_int, true, 0, &v);
	assert_non_null(err);
	assert_non_null(strstr(err->message, "is outside every module's types range"));
	gi_error_destroy(err);
	assert_null(gi_iface_read(w->prog, w->g_heap_int, true, GI_TYPE_ALLOW_HEAP, &v));
	assert_int_equal(v->kind, GI_KIND_INT);
	assert_false(v->direct);
	assert_null(v->type->module);
	char want[96];
	snprintf(want, sizeof(want), "<type at 0x%llx>", (unsigned long long)w->heap_int_t);
	assert_string_equal(v->dynamic_type, want);
	snprintf(want, sizeof(want), "interface {}(<type at 0x%llx>) -7",
		 (unsigned long long)w->heap_int_t);
	assert_line(w, v, NULL, want);
	gi_iface_destroy(v);
}

/* The releases ctest runs must be exactly the ones the model knows. */
static int check_releases(int n, char **names)
{
	if ((size_t)n != gi_layout_count()) {
		fprintf(stderr, "ctest runs %d releases, the model knows %zu\n", n,
			gi_layout_count());
		return 1;
	}
	for (int i = 0; i < n; i++) {
		if (strcmp(names[i], gi_layout_at((size_t)i)->name) != 0) {
			fprintf(stderr, "release %d: ctest runs %s, the model has %s\n", i,
				names[i], gi_layout_at((size_t)i)->name);
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--releases"))
		return check_releases(argc - 2, argv + 2);
	const char *release = world_release_arg(argc, argv);
	if (!release)
		return 2;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_nil_and_typed_nil, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_dynamic_type_and_path, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_kind_and_storage, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_direct_flag_placement, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_itabs, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_itab_symbols_from_pclntab, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_struct_fields, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_type_records, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_map_record_size, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_names, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_json, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_program, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_heap_type, world_setup, world_teardown),
	};
	return cmocka_run_group_tests_name(release, tests, NULL, NULL);
}
