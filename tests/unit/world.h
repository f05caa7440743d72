/*
 * A small synthetic Go program, laid out with the image builder for one
 * release: the types, functions, itabs and interface globals the per-release
 * tests decode.  Every expected value in the tests comes from what is laid
 * out here.
 */
#ifndef GOIFACE_TEST_WORLD_H
#define GOIFACE_TEST_WORLD_H

#include <stdbool.h>
#include <stdint.h>

#include "goiface/image.h"
#include "goiface/layout.h"
#include "goiface/memory.h"
#include "goiface/program.h"
#include "goiface/symbols.h"

struct world {
	const struct gi_layout *layout;
	const char *experiment; /* GOEXPERIMENT the image was "built" with, or NULL */
	char version[64];       /* its runtime.buildVersion */
	struct gi_image *img;
	struct gi_memory *mem;
	struct gi_symbolizer syms;
	struct gi_program *prog;

	/* basic types by kind */
	uint64_t basic[GI_KIND_COUNT];
	/* func() string, func() float64 */
	uint64_t fn_string, fn_float;
	/* error, main.Shape {Area, Perimeter, String}, interface {} */
	uint64_t error_t, shape_t, empty_t;
	/* main.T struct {A int; B int}; *main.T with method Error */
	uint64_t t_t, ptr_t;
	/* main.Rect struct {W, H float64} with Area, Perimeter, String */
	uint64_t rect_t;
	/* main.Box[int] struct {V int} */
	uint64_t box_t;
	/* main.Inner struct {X int}; main.Tagged struct {Name string `json:"name"`;
	 * age int; Inner} */
	uint64_t inner_t, tagged_t;
	/* main.Holder struct {E error; Any interface {}} */
	uint64_t holder_t;
	/* main.Node struct {Next *main.Node; V int}, *main.Node */
	uint64_t node_t, node_ptr_t;
	/* struct {p *int}: pointer-shaped, stored directly */
	uint64_t ptrbox_t, ptr_int_t;
	/* pkg.Widget struct {ID int} from package example.com/m/pkg, and its pointer */
	uint64_t widget_t, widget_ptr_t;
	/* *error: a pointer to an interface */
	uint64_t ptr_error_t;
	/* [3]int, []int, map[string]int, main.M map[string]int, chan int, func() */
	uint64_t array_t, slice_t, map_t, named_map_t, chan_t, func_t;

	/* functions */
	uint64_t fn_t_error, fn_rect_area, fn_rect_perimeter, fn_rect_string,
		fn_handler;
	/* itabs */
	uint64_t itab_error_t, itab_shape_rect, itab_shape_rect_runtime,
		itab_negative;

	/* interface globals (addresses of the two words) */
	uint64_t g_nil_eface, g_nil_iface, g_typed_nil_eface, g_typed_nil_iface,
		g_err, g_shape, g_box, g_tagged, g_holder, g_node, g_ptrbox,
		g_int, g_string, g_map, g_big_map, g_chan, g_func, g_slice,
		g_array, g_unsafe, g_named_map, g_widget, g_nil_ptrbox, g_typed_nil_map, g_heap_int;
	/* a copy of int's descriptor in the heap, as reflect would make one */
	uint64_t heap_int_t;
	/* values laid out, for expected strings */
	uint64_t node_addr, ptrbox_int_addr, unsafe_value;
	/* interface {} holding &main.gErr */
	uint64_t g_ptr_to_iface;
	uint64_t scalar_globals[GI_KIND_COUNT];
};

/* Lays out the world for the named release ("go1.22"); fails the test on
 * any error.  With load, also creates the program (version from
 * runtime.buildVersion, modules loaded). */
void world_build(struct world *w, const char *release, bool load);
/* Creates the program over the finished image (after pokes). */
struct gi_error *world_load(struct world *w);
void world_destroy(struct world *w);

/* The release named on the command line (argv[1]), kept for the fixtures
 * below; NULL, after printing the usage, if goiface does not know it. */
const char *world_release_arg(int argc, char **argv);

/* cmocka fixtures: a world for that release, loaded, or only laid out for
 * a test that corrupts the image before calling world_load. */
int world_setup(void **state);
int world_setup_unloaded(void **state);
int world_teardown(void **state);

#endif
