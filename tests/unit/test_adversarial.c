/*
 * Garbage in target memory, on a synthetic image of one Go release
 * (argv[1]): each corruption gives one clear error or an "(unreadable …)"
 * part naming what failed and where, never a crash, a hang or an invented
 * value.
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
#include "goiface/type.h"
#include "world.h"

/* Each test corrupts its own image (world_setup_unloaded) before
 * loading it. */
static void load(struct world *w)
{
	struct gi_error *err = world_load(w);
	if (err)
		fail_msg("loading: %s", err->message);
}

/* An address in no mapped range: past everything the image laid out. */
static uint64_t unmapped(struct world *w)
{
	return gi_image_area_end(w->img, GI_IMAGE_HEAP) + 0x100000;
}

static void assert_error_contains(struct gi_error *err, const char *want)
{
	assert_non_null(err);
	if (!strstr(err->message, want))
		fail_msg("error \"%s\" does not contain \"%s\"", err->message, want);
	gi_error_destroy(err);
}

static char *render(struct world *w, uint64_t g, bool eface)
{
	struct gi_iface *v;
	struct gi_error *err = gi_iface_read(w->prog, g, eface, 0, &v);
	if (err)
		fail_msg("decoding: %s", err->message);
	struct gi_strbuf sb = GI_STRBUF_INIT;
	assert_null(gi_format_iface(w->prog, v, NULL, NULL, &sb));
	gi_iface_destroy(v);
	return sb.data;
}

static void assert_render_contains(struct world *w, uint64_t g, bool eface,
				   const char *want)
{
	char *s = render(w, g, eface);
	if (!strstr(s, want))
		fail_msg("\"%s\" does not contain \"%s\"", s, want);
	free(s);
}

static void test_type_word_outside_types(void **state)
{
	struct world *w = *state;
	/* a heap address where a type descriptor should be */
	assert_null(gi_image_poke_u64(w->img, w->g_int, w->node_addr));
	load(w);
	struct gi_iface *v;
	char want[128];
	snprintf(want, sizeof(want), "type descriptor 0x%llx is outside every module's types range",
		 (unsigned long long)w->node_addr);
	assert_error_contains(gi_iface_read(w->prog, w->g_int, true, 0, &v), want);
}

static void test_unmapped_itab(void **state)
{
	struct world *w = *state;
	uint64_t bad = unmapped(w);
	assert_null(gi_image_poke_u64(w->img, w->g_err, bad));
	load(w);
	struct gi_iface *v;
	char want[128];
	snprintf(want, sizeof(want), "cannot read itab at 0x%llx: 0x%llx is not mapped",
		 (unsigned long long)bad, (unsigned long long)bad);
	assert_error_contains(gi_iface_read(w->prog, w->g_err, false, 0, &v), want);
}

static void test_unmapped_data(void **state)
{
	struct world *w = *state;
	uint64_t bad = unmapped(w);
	assert_null(gi_image_poke_u64(w->img, w->g_int + 8, bad));
	assert_null(gi_image_poke_u64(w->img, w->g_err + 8, bad));
	load(w);
	char want[64];
	snprintf(want, sizeof(want), "(unreadable 0x%llx is not mapped)",
		 (unsigned long long)bad);
	assert_render_contains(w, w->g_int, true, want);
	assert_render_contains(w, w->g_err, false, want);
}

static void test_nil_data_for_indirect_value(void **state)
{
	struct world *w = *state;
	assert_null(gi_image_poke_u64(w->img, w->g_int + 8, 0));
	load(w);
	char *s = render(w, w->g_int, true);
	assert_string_equal(s, "interface {}(int) (unreadable int stored indirectly "
			       "behind a nil data word)");
	free(s);
}

static void test_data_without_type(void **state)
{
	struct world *w = *state;
	load(w);
	struct gi_iface *v;
	assert_error_contains(gi_iface_decode(w->prog, 0, 0x1234, true, 0, &v),
			      "interface has no type but data word 0x1234");
}

static void test_looping_module_list(void **state)
{
	struct world *w = *state;
	uint64_t md = gi_image_symbol(w->img, "runtime.firstmoduledata");
	assert_null(gi_image_poke_u64(w->img, md + w->layout->moduledata.next, md));
	struct gi_error *err = world_load(w);
	char want[96];
	snprintf(want, sizeof(want), "module list loops back to moduledata at 0x%llx",
		 (unsigned long long)md);
	assert_error_contains(err, want);
}

static void test_looping_types(void **state)
{
	struct world *w = *state;
	/* *main.Node's element becomes *main.Node itself */
	assert_null(gi_image_poke_u64(w->img, w->node_ptr_t + 48, w->node_ptr_t));
	load(w);
	char *s = render(w, w->g_node, true);
	/* the chase stops at the depth limit with the address it reached */
	char want[64];
	snprintf(want, sizeof(want), "(*main.Node)(0x%llx)", (unsigned long long)w->node_addr);
	assert_non_null(strstr(s, want));
	assert_true(strlen(s) < 200);
	free(s);
	struct gi_iface *v;
	assert_null(gi_iface_read(w->prog, w->g_node, true, 0, &v));
	gi_iface_destroy(v);
}

static void test_absurd_lengths(void **state)
{
	struct world *w = *state;
	uint64_t sh, slh;
	{
		struct gi_memory *mem;
		assert_null(gi_image_memory(w->img, &mem));
		assert_null(gi_memory_read_u64(mem, w->g_string + 8, &sh));
		assert_null(gi_memory_read_u64(mem, w->g_slice + 8, &slh));
		gi_memory_destroy(mem);
	}
	assert_null(gi_image_poke_u64(w->img, sh + 8, UINT64_C(1) << 50));
	assert_null(gi_image_poke_u64(w->img, slh + 16, UINT64_C(1) << 60));
	assert_null(gi_image_poke_u64(w->img, slh + 8, UINT64_C(1) << 60));
	/* the struct type claims a million fields */
	assert_null(gi_image_poke_u64(w->img, w->tagged_t + 64, UINT64_C(1) << 20));
	/* the interface type claims 2^40 methods */
	assert_null(gi_image_poke_u64(w->img, w->shape_t + 64, UINT64_C(1) << 40));
	load(w);
	assert_render_contains(w, w->g_string, true,
			       "(unreadable string length 1125899906842624 is impossible)");
	assert_render_contains(w, w->g_slice, true, "(unreadable []int with impossible len");
	struct gi_type *t;
	assert_error_contains(gi_type_read(w->prog, w->tagged_t, 0, &t),
			      "claims 1048576 fields, more than 4096");
	assert_error_contains(gi_type_read(w->prog, w->shape_t, 0, &t),
			      "claims 1099511627776 methods, more than 4096");
	struct gi_iface *v;
	assert_error_contains(gi_iface_read(w->prog, w->g_shape, false, 0, &v),
			      "methods, more than 4096");
}

static void test_truncated_and_oversized_names(void **state)
{
	struct world *w = *state;
	struct gi_image_type_info info;
	assert_true(gi_image_type_info(w->img, w->basic[GI_KIND_INT], &info));
	/* "int"'s name record: its length becomes 2097151 */
	uint8_t len3[] = { 0xff, 0xff, 0x7f };
	assert_null(gi_image_poke(w->img, info.str_name + 1, len3, sizeof(len3)));
	/* main.Box[int]'s name loses its bytes */
	struct gi_image_type_info box;
	assert_true(gi_image_type_info(w->img, w->box_t, &box));
	gi_image_unmap(w->img, box.str_name + 2, 4);
	load(w);
	struct gi_iface *v;
	char want[128];
	snprintf(want, sizeof(want), "name at 0x%llx: name length 2097151 is more than 65536",
		 (unsigned long long)info.str_name);
	assert_error_contains(gi_iface_read(w->prog, w->g_int, true, 0, &v), want);
	snprintf(want, sizeof(want), "0x%llx is not mapped", (unsigned long long)box.str_name + 2);
	assert_error_contains(gi_iface_read(w->prog, w->g_box, true, 0, &v), want);
}

static void test_invalid_kind(void **state)
{
	struct world *w = *state;
	assert_null(gi_image_poke_u8(w->img, w->basic[GI_KIND_INT] + 23, 0));
	assert_null(gi_image_poke_u8(w->img, w->t_t + 23, 31));
	load(w);
	struct gi_iface *v;
	char want[96];
	snprintf(want, sizeof(want), "type at 0x%llx has invalid kind 0",
		 (unsigned long long)w->basic[GI_KIND_INT]);
	assert_error_contains(gi_iface_read(w->prog, w->g_int, true, 0, &v), want);
	struct gi_type *t;
	snprintf(want, sizeof(want), "type at 0x%llx has invalid kind 31",
		 (unsigned long long)w->t_t);
	assert_error_contains(gi_type_read(w->prog, w->t_t, 0, &t), want);
}

static void test_itab_inter_not_interface(void **state)
{
	struct world *w = *state;
	assert_null(gi_image_poke_u64(w->img, w->itab_error_t, w->t_t));
	load(w);
	struct gi_itab *itab;
	char want[128];
	snprintf(want, sizeof(want), "itab at 0x%llx: inter 0x%llx is a struct type (main.T), "
		 "not an interface type", (unsigned long long)w->itab_error_t,
		 (unsigned long long)w->t_t);
	assert_error_contains(gi_itab_read(w->prog, w->itab_error_t, 0, &itab), want);
}

static void test_corrupt_map(void **state)
{
	struct world *w = *state;
	uint64_t m;
	{
		struct gi_memory *mem;
		assert_null(gi_image_memory(w->img, &mem));
		assert_null(gi_memory_read_u64(mem, w->g_big_map + 8, &m));
		gi_memory_destroy(mem);
	}
	if (w->layout->type.map_impl == GI_MAP_CLASSIC) {
		assert_null(gi_image_poke_u8(w->img, m + w->layout->runtime.hmap_b, 99));
		load(w);
		assert_render_contains(w, w->g_big_map, true, "has B 99");
	} else {
		assert_null(gi_image_poke_u64(w->img, m + w->layout->runtime.smap_dir_len, 3));
		load(w);
		assert_render_contains(w, w->g_big_map, true, "has a directory of 3 tables");
	}
}

static void test_chan_count_past_capacity(void **state)
{
	struct world *w = *state;
	uint64_t ch;
	{
		struct gi_memory *mem;
		assert_null(gi_image_memory(w->img, &mem));
		assert_null(gi_memory_read_u64(mem, w->g_chan + 8, &ch));
		gi_memory_destroy(mem);
	}
	assert_null(gi_image_poke_u64(w->img, ch + w->layout->runtime.hchan_qcount, 6));
	load(w);
	assert_render_contains(w, w->g_chan, true, "holds 6 of 5)");
}

/* pc -> name through a damaged pclntab: each damage is reported, the itab
 * itself still decodes with the pc and no symbol. */
static void test_damaged_pclntab(void **state)
{
	struct world *w = *state;
	uint64_t md = gi_image_symbol(w->img, "runtime.firstmoduledata");
	const struct gi_moduledata_layout *ml = &w->layout->moduledata;
	uint64_t ftab, nametab;
	{
		struct gi_memory *mem;
		assert_null(gi_image_memory(w->img, &mem));
		assert_null(gi_memory_read_u64(mem, md + ml->ftab, &ftab));
		assert_null(gi_memory_read_u64(mem, md + ml->funcnametab, &nametab));
		gi_memory_destroy(mem);
	}
	/* every name offset past the end of funcnametab */
	uint64_t nfuncs;
	{
		struct gi_memory *mem;
		assert_null(gi_image_memory(w->img, &mem));
		assert_null(gi_memory_read_u64(mem, md + ml->ftab + 8, &nfuncs));
		uint64_t pclntable;
		assert_null(gi_memory_read_u64(mem, md + ml->pclntable, &pclntable));
		for (uint64_t i = 0; i + 1 < nfuncs; i++) {
			uint32_t funcoff;
			assert_null(gi_memory_read_u32(mem, ftab + 8 * i + 4, &funcoff));
			assert_null(gi_image_poke_u32(w->img, pclntable + funcoff +
						      w->layout->pclntab.func_nameoff,
						      0x7fffffff));
		}
		gi_memory_destroy(mem);
	}
	load(w);
	struct gi_symbolizer names_only = w->syms;
	names_only.lookup_address = NULL;
	struct gi_program *prog;
	assert_null(gi_program_create(w->mem, &names_only, &prog));
	assert_null(gi_program_detect_go_version(prog, false));
	assert_null(gi_program_load_modules(prog));
	char name[64];
	assert_error_contains(gi_program_function_name(prog, w->fn_t_error, name,
						       sizeof(name), NULL),
			      "has name offset 2147483647 past funcnametab");
	struct gi_itab *itab;
	assert_null(gi_itab_read(prog, w->itab_error_t, 0, &itab));
	assert_int_equal(itab->methods[0].pc, w->fn_t_error);
	assert_null(itab->methods[0].symbol);
	gi_itab_destroy(itab);
	/* a functab claiming 2^40 functions */
	assert_null(gi_image_poke_u64(w->img, md + ml->ftab + 8, UINT64_C(1) << 40));
	assert_null(gi_program_load_modules(prog));
	assert_error_contains(gi_program_function_name(prog, w->fn_t_error, name,
						       sizeof(name), NULL),
			      "functab entries");
	gi_program_destroy(prog);
}

/*
 * Random damage: bytes of descriptors, names, itabs and values overwritten
 * at random, then every global decoded and rendered.  Anything may fail,
 * nothing may crash, hang or overrun (run under ASan/UBSan in the suite).
 */
static uint64_t rng_state;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void test_random_damage(void **state)
{
	struct world *w = *state;
	load(w);
	rng_state = 0x9e3779b97f4a7c15ull ^ (uint64_t)w->layout->minor;
	const uint64_t globals[] = {
		w->g_err, w->g_shape, w->g_box, w->g_tagged, w->g_holder, w->g_node,
		w->g_ptrbox, w->g_int, w->g_string, w->g_map, w->g_big_map, w->g_chan,
		w->g_func, w->g_slice, w->g_array, w->g_unsafe, w->g_named_map,
		w->g_widget, w->g_typed_nil_iface,
	};
	const bool eface[] = { false, false, true, true, true, true, true, true, true,
			       true, true, true, true, true, true, true, true, true, false };
	enum gi_image_area areas[] = { GI_IMAGE_TYPES, GI_IMAGE_HEAP, GI_IMAGE_DATA };
	struct gi_format_options opts;
	gi_format_options_default(&opts);
	for (int iter = 0; iter < 300; iter++) {
		enum { POKES = 8 };
		uint64_t where[POKES];
		uint8_t old[POKES][8];
		for (int p = 0; p < POKES; p++) {
			enum gi_image_area a = areas[rng() % 3];
			uint64_t start = gi_image_area_start(w->img, a);
			uint64_t end = gi_image_area_end(w->img, a);
			where[p] = start + rng() % (end - start - 8);
			assert_null(gi_memory_read(w->mem, old[p], where[p], 8));
			uint64_t v = rng();
			/* sometimes a plausible pointer, sometimes a small number */
			if (v & 1)
				v = start + (v >> 8) % (end - start);
			else if (v & 2)
				v >>= 56;
			assert_null(gi_image_poke_u64(w->img, where[p], v));
		}
		for (size_t g = 0; g < sizeof(globals) / sizeof(globals[0]); g++) {
			struct gi_iface *v;
			struct gi_error *err = gi_iface_read(w->prog, globals[g], eface[g], 0, &v);
			if (err) {
				assert_non_null(err->message);
				assert_true(strlen(err->message) > 0);
				gi_error_destroy(err);
				continue;
			}
			struct gi_strbuf sb = GI_STRBUF_INIT;
			err = gi_format_iface(w->prog, v, NULL, &opts, &sb);
			gi_error_destroy(err);
			assert_true(sb.len <= 512 + opts.max_output + 3);
			gi_strbuf_reset(&sb);
			gi_error_destroy(gi_iface_json(w->prog, v, "x", globals[g], NULL, &opts, &sb));
			gi_strbuf_deinit(&sb);
			gi_iface_destroy(v);
		}
		/* undo, newest first, so overlapping pokes restore cleanly */
		for (int p = POKES - 1; p >= 0; p--)
			assert_null(gi_image_poke(w->img, where[p], old[p], 8));
	}
}

int main(int argc, char **argv)
{
	const char *release = world_release_arg(argc, argv);
	if (!release)
		return 2;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_type_word_outside_types, world_setup_unloaded, world_teardown),
		cmocka_unit_test_setup_teardown(test_unmapped_itab, world_setup_unloaded, world_teardown),
		cmocka_unit_test_setup_teardown(test_unmapped_data, world_setup_unloaded, world_teardown),
		cmocka_unit_test_setup_teardown(test_nil_data_for_indirect_value, world_setup_unloaded, world_teardown),
		cmocka_unit_test_setup_teardown(test_data_without_type, world_setup_unloaded, world_teardown),
		cmocka_unit_test_setup_teardown(test_looping_module_list, world_setup_unloaded, world_teardown),
		cmocka_unit_test_setup_teardown(test_looping_types, world_setup_unloaded, world_teardown),
		cmocka_unit_test_setup_teardown(test_absurd_lengths, world_setup_unloaded, world_teardown),
		cmocka_unit_test_setup_teardown(test_truncated_and_oversized_names, world_setup_unloaded, world_teardown),
		cmocka_unit_test_setup_teardown(test_invalid_kind, world_setup_unloaded, world_teardown),
		cmocka_unit_test_setup_teardown(test_itab_inter_not_interface, world_setup_unloaded, world_teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_map, world_setup_unloaded, world_teardown),
		cmocka_unit_test_setup_teardown(test_chan_count_past_capacity, world_setup_unloaded, world_teardown),
		cmocka_unit_test_setup_teardown(test_damaged_pclntab, world_setup_unloaded, world_teardown),
		cmocka_unit_test_setup_teardown(test_random_damage, world_setup_unloaded, world_teardown),
	};
	return cmocka_run_group_tests_name(release, tests, NULL, NULL);
}
