/* The synthetic program the per-release tests decode; see world.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "world.h"

/* "go1.24" or "go1.24-noswissmap": a release, optionally built with a
 * GOEXPERIMENT that changes its layout. */
static const struct gi_layout *parse_release(const char *release,
					     const char **experiment)
{
	int major, minor;
	if (sscanf(release, "go%d.%d", &major, &minor) != 2)
		return NULL;
	const char *dash = strchr(release, '-');
	*experiment = dash ? dash + 1 : NULL;
	return gi_layout_find_experiment(major, minor, *experiment);
}

/* The release world_release_arg kept, for the fixtures. */
static const char *fixture_release;

const char *world_release_arg(int argc, char **argv)
{
	const char *experiment;
	const struct gi_layout *l = argc < 2 ? NULL : parse_release(argv[1], &experiment);
	/* an experiment the model does not lay out differently is a typo */
	if (!l || (experiment && (!l->experiment || strcmp(l->experiment, experiment)))) {
		fprintf(stderr, "usage: %s go1.N (a release goiface knows)\n", argv[0]);
		return NULL;
	}
	return fixture_release = argv[1];
}

static void check_image(struct world *w, uint64_t addr, const char *what)
{
	if (!addr) {
		const struct gi_error *err = gi_image_error(w->img);
		fail_msg("laying out %s: %s", what, err ? err->message : "failed");
	}
}

#define CHECK(expr, what) check_image(w, (expr), (what))

static uint64_t put_i64s(struct world *w, const int64_t *v, size_t n)
{
	uint64_t a = gi_image_put_bytes(w->img, GI_IMAGE_HEAP, v, 8 * n, 8);
	CHECK(a, "values");
	return a;
}

static uint64_t eface(struct world *w, const char *name, uint64_t type, uint64_t data)
{
	uint64_t a = gi_image_add_eface(w->img, name, type, data);
	CHECK(a, name);
	return a;
}

static void build_types(struct world *w)
{
	struct gi_image *img = w->img;
	static const enum gi_kind basics[] = {
		GI_KIND_BOOL, GI_KIND_INT, GI_KIND_INT8, GI_KIND_INT16, GI_KIND_INT32,
		GI_KIND_INT64, GI_KIND_UINT, GI_KIND_UINT8, GI_KIND_UINT16,
		GI_KIND_UINT32, GI_KIND_UINT64, GI_KIND_UINTPTR, GI_KIND_FLOAT32,
		GI_KIND_FLOAT64, GI_KIND_COMPLEX64, GI_KIND_COMPLEX128,
		GI_KIND_STRING, GI_KIND_UNSAFE_POINTER,
	};
	for (size_t i = 0; i < sizeof(basics) / sizeof(basics[0]); i++)
		CHECK(w->basic[basics[i]] = gi_image_add_basic(img, basics[i]),
		      gi_kind_name(basics[i]));
	uint64_t int_t = w->basic[GI_KIND_INT], string_t = w->basic[GI_KIND_STRING],
		 float_t = w->basic[GI_KIND_FLOAT64];

	struct gi_image_type fs = { .kind = GI_KIND_FUNC, .str = "func() string",
				    .out = &string_t, .nout = 1 };
	CHECK(w->fn_string = gi_image_add_type(img, &fs), "func() string");
	struct gi_image_type ff = { .kind = GI_KIND_FUNC, .str = "func() float64",
				    .out = &float_t, .nout = 1 };
	CHECK(w->fn_float = gi_image_add_type(img, &ff), "func() float64");
	struct gi_image_type fv = { .kind = GI_KIND_FUNC, .str = "func()" };
	CHECK(w->func_t = gi_image_add_type(img, &fv), "func()");

	struct gi_image_imethod err_m[] = { { "Error", w->fn_string } };
	struct gi_image_type et = { .kind = GI_KIND_INTERFACE, .str = "error", .named = true,
				    .imethods = err_m, .nimethods = 1 };
	CHECK(w->error_t = gi_image_add_type(img, &et), "error");
	struct gi_image_imethod shape_m[] = {
		{ "String", w->fn_string }, { "Area", w->fn_float },
		{ "Perimeter", w->fn_float },
	};
	struct gi_image_type st = { .kind = GI_KIND_INTERFACE, .str = "main.Shape",
				    .named = true, .pkgpath = "main",
				    .imethods = shape_m, .nimethods = 3 };
	CHECK(w->shape_t = gi_image_add_type(img, &st), "main.Shape");
	struct gi_image_type any = { .kind = GI_KIND_INTERFACE, .str = "interface {}" };
	CHECK(w->empty_t = gi_image_add_type(img, &any), "interface {}");

	CHECK(w->fn_t_error = gi_image_add_function(img, "main.(*T).Error", 64), "fn");
	CHECK(w->fn_rect_area = gi_image_add_function(img, "main.Rect.Area", 48), "fn");
	CHECK(w->fn_rect_perimeter = gi_image_add_function(img, "main.Rect.Perimeter", 48), "fn");
	CHECK(w->fn_rect_string = gi_image_add_function(img, "main.Rect.String", 96), "fn");
	CHECK(w->fn_handler = gi_image_add_function(img, "main.handler", 32), "fn");

	struct gi_image_field t_f[] = { { "A", int_t, 0, NULL, false },
					{ "B", int_t, 8, NULL, false } };
	struct gi_image_type tt = { .kind = GI_KIND_STRUCT, .str = "main.T", .named = true,
				    .pkgpath = "main", .fields = t_f, .nfields = 2 };
	CHECK(w->t_t = gi_image_add_type(img, &tt), "main.T");
	struct gi_image_method t_m[] = { { "Error", NULL, w->fn_string, w->fn_t_error,
					   w->fn_t_error } };
	struct gi_image_type pt = { .kind = GI_KIND_POINTER, .str = "*main.T",
				    .pkgpath = "main", .elem = w->t_t, .methods = t_m,
				    .nmethods = 1 };
	CHECK(w->ptr_t = gi_image_add_type(img, &pt), "*main.T");

	struct gi_image_field r_f[] = { { "W", float_t, 0, NULL, false },
					{ "H", float_t, 8, NULL, false } };
	struct gi_image_method r_m[] = {
		{ "String", NULL, w->fn_string, w->fn_rect_string, w->fn_rect_string },
		{ "Area", NULL, w->fn_float, w->fn_rect_area, w->fn_rect_area },
		{ "Perimeter", NULL, w->fn_float, w->fn_rect_perimeter, w->fn_rect_perimeter },
	};
	struct gi_image_type rt = { .kind = GI_KIND_STRUCT, .str = "main.Rect", .named = true,
				    .pkgpath = "main", .fields = r_f, .nfields = 2,
				    .methods = r_m, .nmethods = 3 };
	CHECK(w->rect_t = gi_image_add_type(img, &rt), "main.Rect");

	struct gi_image_field b_f[] = { { "V", int_t, 0, NULL, false } };
	struct gi_image_type bt = { .kind = GI_KIND_STRUCT, .str = "main.Box[int]",
				    .named = true, .pkgpath = "main", .fields = b_f,
				    .nfields = 1 };
	CHECK(w->box_t = gi_image_add_type(img, &bt), "main.Box[int]");

	struct gi_image_field i_f[] = { { "X", int_t, 0, NULL, false } };
	struct gi_image_type it = { .kind = GI_KIND_STRUCT, .str = "main.Inner", .named = true,
				    .pkgpath = "main", .fields = i_f, .nfields = 1 };
	CHECK(w->inner_t = gi_image_add_type(img, &it), "main.Inner");
	struct gi_image_field tg_f[] = {
		{ "Name", string_t, 0, "json:\"name\"", false },
		{ "age", int_t, 16, NULL, false },
		{ "Inner", w->inner_t, 24, NULL, true },
	};
	struct gi_image_type tg = { .kind = GI_KIND_STRUCT, .str = "main.Tagged",
				    .named = true, .pkgpath = "main",
				    .type_pkgpath = "main", .fields = tg_f, .nfields = 3 };
	CHECK(w->tagged_t = gi_image_add_type(img, &tg), "main.Tagged");

	struct gi_image_field h_f[] = { { "E", w->error_t, 0, NULL, false },
					{ "Any", w->empty_t, 16, NULL, false } };
	struct gi_image_type ht = { .kind = GI_KIND_STRUCT, .str = "main.Holder",
				    .named = true, .pkgpath = "main", .fields = h_f,
				    .nfields = 2 };
	CHECK(w->holder_t = gi_image_add_type(img, &ht), "main.Holder");

	/* main.Node refers to itself through *main.Node: lay the pointer out
	 * first and patch its elem once the struct exists. */
	struct gi_image_type np = { .kind = GI_KIND_POINTER, .str = "*main.Node",
				    .elem = int_t };
	CHECK(w->node_ptr_t = gi_image_add_type(img, &np), "*main.Node");
	struct gi_image_field n_f[] = { { "Next", w->node_ptr_t, 0, NULL, false },
					{ "V", int_t, 8, NULL, false } };
	struct gi_image_type nt = { .kind = GI_KIND_STRUCT, .str = "main.Node", .named = true,
				    .pkgpath = "main", .fields = n_f, .nfields = 2 };
	CHECK(w->node_t = gi_image_add_type(img, &nt), "main.Node");
	gi_image_set_type_word(img, w->node_ptr_t, w->layout->type.ptr_elem, w->node_t);

	CHECK(w->ptr_int_t = gi_image_add_pointer(img, int_t), "*int");
	struct gi_image_field pb_f[] = { { "p", w->ptr_int_t, 0, NULL, false } };
	struct gi_image_type pb = { .kind = GI_KIND_STRUCT, .str = "struct { p *int }",
				    .type_pkgpath = "main", .fields = pb_f, .nfields = 1 };
	CHECK(w->ptrbox_t = gi_image_add_type(img, &pb), "struct { p *int }");

	struct gi_image_field w_f[] = { { "ID", int_t, 0, NULL, false } };
	struct gi_image_type wt = { .kind = GI_KIND_STRUCT, .str = "pkg.Widget", .named = true,
				    .pkgpath = "example.com/m/pkg", .fields = w_f, .nfields = 1 };
	CHECK(w->widget_t = gi_image_add_type(img, &wt), "pkg.Widget");
	CHECK(w->widget_ptr_t = gi_image_add_pointer(img, w->widget_t), "*pkg.Widget");
	CHECK(w->ptr_error_t = gi_image_add_pointer(img, w->error_t), "*error");

	CHECK(w->slice_t = gi_image_add_slice(img, int_t), "[]int");
	struct gi_image_type at = { .kind = GI_KIND_ARRAY, .str = "[3]int", .elem = int_t,
				    .len = 3, .slice = w->slice_t };
	CHECK(w->array_t = gi_image_add_type(img, &at), "[3]int");
	struct gi_image_type mt = { .kind = GI_KIND_MAP, .str = "map[string]int",
				    .key = string_t, .elem = int_t };
	CHECK(w->map_t = gi_image_add_type(img, &mt), "map[string]int");
	struct gi_image_type nm = { .kind = GI_KIND_MAP, .str = "main.M", .named = true,
				    .pkgpath = "main", .key = string_t, .elem = int_t };
	CHECK(w->named_map_t = gi_image_add_type(img, &nm), "main.M");
	struct gi_image_type ct = { .kind = GI_KIND_CHAN, .str = "chan int", .elem = int_t,
				    .chan_dir = 3 };
	CHECK(w->chan_t = gi_image_add_type(img, &ct), "chan int");
}

struct str_hdr {
	uint64_t ptr, len;
};

static struct str_hdr put_str(struct world *w, const char *s)
{
	struct str_hdr h = { 0, strlen(s) };
	h.ptr = gi_image_put_bytes(w->img, GI_IMAGE_HEAP, s, h.len, 1);
	CHECK(h.ptr, s);
	return h;
}

static void build_values(struct world *w)
{
	struct gi_image *img = w->img;
	CHECK(w->itab_error_t = gi_image_add_itab(img, w->error_t, w->ptr_t, 0), "itab");
	CHECK(w->itab_shape_rect = gi_image_add_itab(img, w->shape_t, w->rect_t, 0), "itab");
	CHECK(w->itab_shape_rect_runtime = gi_image_add_itab(
		      img, w->shape_t, w->rect_t,
		      GI_IMAGE_ITAB_RUNTIME | GI_IMAGE_ITAB_UNCACHED), "runtime itab");
	CHECK(w->itab_negative = gi_image_add_itab(
		      img, w->shape_t, w->t_t,
		      GI_IMAGE_ITAB_RUNTIME | GI_IMAGE_ITAB_NEGATIVE), "negative itab");

	w->g_nil_eface = eface(w, "main.gNilAny", 0, 0);
	CHECK(w->g_nil_iface = gi_image_add_iface(img, "main.gNilErr", 0, 0), "nil iface");
	w->g_typed_nil_eface = eface(w, "main.gTypedNilAny", w->ptr_t, 0);
	CHECK(w->g_typed_nil_iface = gi_image_add_iface(img, "main.gTypedNilErr",
							w->itab_error_t, 0), "typed nil");

	int64_t tv[] = { 1, 2 };
	CHECK(w->g_err = gi_image_add_iface(img, "main.gErr", w->itab_error_t,
					    put_i64s(w, tv, 2)), "gErr");
	w->g_ptr_to_iface = eface(w, "main.gPtrToErr", w->ptr_error_t, w->g_err);
	double rv[] = { 3, 4 };
	uint64_t rect = gi_image_put_bytes(img, GI_IMAGE_HEAP, rv, sizeof(rv), 8);
	CHECK(w->g_shape = gi_image_add_iface(img, "main.gShape", w->itab_shape_rect, rect),
	      "gShape");
	int64_t bv[] = { 7 };
	w->g_box = eface(w, "main.gBox", w->box_t, put_i64s(w, bv, 1));

	struct str_hdr x = put_str(w, "x");
	uint64_t tagged[4] = { x.ptr, x.len, 30, 5 };
	w->g_tagged = eface(w, "main.gTagged", w->tagged_t,
			    gi_image_put_bytes(img, GI_IMAGE_HEAP, tagged, 32, 8));

	int64_t seven[] = { 7 };
	uint64_t holder[4] = { w->itab_error_t, put_i64s(w, tv, 2),
			       w->basic[GI_KIND_INT], put_i64s(w, seven, 1) };
	w->g_holder = eface(w, "main.gHolder", w->holder_t,
			    gi_image_put_bytes(img, GI_IMAGE_HEAP, holder, 32, 8));

	CHECK(w->node_addr = gi_image_alloc(img, GI_IMAGE_HEAP, 16, 8), "node");
	w->g_node = eface(w, "main.gNode", w->node_ptr_t, w->node_addr);

	int64_t three[] = { 3 };
	w->g_widget = eface(w, "main.gWidget", w->widget_ptr_t, put_i64s(w, three, 1));

	int64_t nine[] = { 9 };
	w->ptrbox_int_addr = put_i64s(w, nine, 1);
	w->g_ptrbox = eface(w, "main.gPtrBox", w->ptrbox_t, w->ptrbox_int_addr);

	CHECK(w->heap_int_t = gi_image_alloc(img, GI_IMAGE_HEAP, 64, 8), "heap type");
	int64_t m7[] = { -7 };
	w->g_heap_int = eface(w, "main.gHeapInt", w->heap_int_t, put_i64s(w, m7, 1));
	w->g_nil_ptrbox = eface(w, "main.gNilPtrBox", w->ptrbox_t, 0);
	w->g_typed_nil_map = eface(w, "main.gTypedNilMap", w->map_t, 0);

	int64_t m42[] = { -42 };
	w->g_int = eface(w, "main.gInt", w->basic[GI_KIND_INT], put_i64s(w, m42, 1));
	uint64_t s = gi_image_put_string(img, "test", 4);
	CHECK(s, "string");
	w->g_string = eface(w, "main.gString", w->basic[GI_KIND_STRING], s);

	struct str_hdr a = put_str(w, "a");
	int64_t one[] = { 1 };
	uint64_t m = gi_image_put_map(img, w->map_t, &a, one, 1, 1);
	CHECK(m, "map");
	w->g_map = eface(w, "main.gMap", w->map_t, m);
	struct str_hdr keys[20];
	int64_t vals[20];
	char names[20][4];
	for (int i = 0; i < 20; i++) {
		snprintf(names[i], sizeof(names[i]), "k%02d", i);
		keys[i] = put_str(w, names[i]);
		vals[i] = i * 10;
	}
	uint64_t big = gi_image_put_map(img, w->map_t, keys, vals, 20, 2);
	CHECK(big, "big map");
	w->g_big_map = eface(w, "main.gBigMap", w->map_t, big);
	uint64_t nmap = gi_image_put_map(img, w->named_map_t, &a, one, 1, 1);
	CHECK(nmap, "named map");
	w->g_named_map = eface(w, "main.gNamedMap", w->named_map_t, nmap);

	int64_t cv[] = { 10, 20 };
	uint64_t ch = gi_image_put_chan(img, w->chan_t, 5, cv, 2);
	CHECK(ch, "chan");
	w->g_chan = eface(w, "main.gChan", w->chan_t, ch);
	uint64_t fv = gi_image_put_u64(img, GI_IMAGE_DATA, w->fn_handler);
	CHECK(fv, "funcval");
	w->g_func = eface(w, "main.gFunc", w->func_t, fv);

	int64_t sv[] = { 1, 2, 3 };
	uint64_t sh = gi_image_put_slice(img, sv, 8, 3, 4, NULL);
	CHECK(sh, "slice");
	w->g_slice = eface(w, "main.gSlice", w->slice_t, sh);
	w->g_array = eface(w, "main.gArray", w->array_t, put_i64s(w, sv, 3));
	w->unsafe_value = 0x1234;
	w->g_unsafe = eface(w, "main.gUnsafe", w->basic[GI_KIND_UNSAFE_POINTER],
			    w->unsafe_value);

	/* one of each scalar kind */
	struct { enum gi_kind k; uint64_t bits; } sc[] = {
		{ GI_KIND_BOOL, 1 },
		{ GI_KIND_INT, (uint64_t)-42 },
		{ GI_KIND_INT8, (uint8_t)-8 },
		{ GI_KIND_INT16, (uint16_t)-1600 },
		{ GI_KIND_INT32, (uint32_t)-320000 },
		{ GI_KIND_INT64, (uint64_t)-9000000000ll },
		{ GI_KIND_UINT, 42 },
		{ GI_KIND_UINT8, 200 },
		{ GI_KIND_UINT16, 65535 },
		{ GI_KIND_UINT32, 4000000000u },
		{ GI_KIND_UINT64, UINT64_MAX },
		{ GI_KIND_UINTPTR, 4096 },
	};
	for (size_t i = 0; i < sizeof(sc) / sizeof(sc[0]); i++) {
		char name[64];
		snprintf(name, sizeof(name), "main.s_%s", gi_kind_name(sc[i].k));
		w->scalar_globals[sc[i].k] = eface(w, name, w->basic[sc[i].k],
						   put_i64s(w, (int64_t *)&sc[i].bits, 1));
	}
	float f32 = 0.1f;
	double f64 = 1e6;
	float c64[2] = { 1, 2 };
	double c128[2] = { 1.5, -2 };
	w->scalar_globals[GI_KIND_FLOAT32] = eface(w, "main.s_float32", w->basic[GI_KIND_FLOAT32],
		gi_image_put_bytes(img, GI_IMAGE_HEAP, &f32, 4, 4));
	w->scalar_globals[GI_KIND_FLOAT64] = eface(w, "main.s_float64", w->basic[GI_KIND_FLOAT64],
		gi_image_put_bytes(img, GI_IMAGE_HEAP, &f64, 8, 8));
	w->scalar_globals[GI_KIND_COMPLEX64] = eface(w, "main.s_complex64",
		w->basic[GI_KIND_COMPLEX64], gi_image_put_bytes(img, GI_IMAGE_HEAP, c64, 8, 4));
	w->scalar_globals[GI_KIND_COMPLEX128] = eface(w, "main.s_complex128",
		w->basic[GI_KIND_COMPLEX128], gi_image_put_bytes(img, GI_IMAGE_HEAP, c128, 16, 8));
}

struct gi_error *world_load(struct world *w)
{
	gi_program_destroy(w->prog);
	w->prog = NULL;
	gi_memory_destroy(w->mem);
	w->mem = NULL;
	struct gi_error *err = gi_image_memory(w->img, &w->mem);
	if (err)
		return err;
	gi_image_symbolizer(w->img, &w->syms);
	if ((err = gi_program_create(w->mem, &w->syms, &w->prog)))
		return err;
	if ((err = gi_program_detect_go_version(w->prog, false)))
		return err;
	return gi_program_load_modules(w->prog);
}

void world_build(struct world *w, const char *release, bool load)
{
	memset(w, 0, sizeof(*w));
	w->layout = parse_release(release, &w->experiment);
	assert_non_null(w->layout);
	struct gi_error *err = gi_image_create(w->layout, GI_IMAGE_DEFAULT_BASE, &w->img);
	if (err)
		fail_msg("gi_image_create: %s", err->message);
	snprintf(w->version, sizeof(w->version), "go1.%d.0%s%s", w->layout->minor,
		 w->experiment ? " X:" : "", w->experiment ? w->experiment : "");
	gi_image_set_build_version(w->img, w->version);
	build_types(w);
	build_values(w);
	err = gi_image_finish(w->img);
	if (err)
		fail_msg("gi_image_finish: %s", err->message);
	/* int's header copied into the heap; its name offset means nothing
	 * there, as for a type reflect built */
	uint8_t hdr[48];
	struct gi_memory *mem;
	assert_null(gi_image_memory(w->img, &mem));
	assert_null(gi_memory_read(mem, hdr, w->basic[GI_KIND_INT], sizeof(hdr)));
	gi_memory_destroy(mem);
	assert_null(gi_image_poke(w->img, w->heap_int_t, hdr, sizeof(hdr)));
	/* main.gNode's node points at itself */
	assert_null(gi_image_poke_u64(w->img, w->node_addr, w->node_addr));
	assert_null(gi_image_poke_u64(w->img, w->node_addr + 8, 1));
	if (load) {
		err = world_load(w);
		if (err)
			fail_msg("loading the image: %s", err->message);
	}
}

void world_destroy(struct world *w)
{
	gi_program_destroy(w->prog);
	gi_memory_destroy(w->mem);
	gi_image_destroy(w->img);
	memset(w, 0, sizeof(*w));
}

static int setup(void **state, bool load)
{
	struct world *w = calloc(1, sizeof(*w));
	assert_non_null(w);
	world_build(w, fixture_release, load);
	*state = w;
	return 0;
}

int world_setup(void **state)
{
	return setup(state, true);
}

int world_setup_unloaded(void **state)
{
	return setup(state, false);
}

int world_teardown(void **state)
{
	world_destroy(*state);
	free(*state);
	return 0;
}
