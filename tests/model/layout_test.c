/*
 * Layout records against facts from the Go sources of each release
 * (struct declarations in runtime/symtab.go, internal/abi,
 * runtime/chan.go, internal/runtime/maps) and self-consistency.
 * Usage: model_layout_test <minor>
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "goiface/layout.h"
#include "release_arg.h"

static int minor;
static const struct gi_layout *L;

static void test_find(void **state)
{
	(void)state;
	char name[16];
	snprintf(name, sizeof(name), "go1.%d", minor);
	assert_non_null(L);
	assert_int_equal(L->major, 1);
	assert_int_equal(L->minor, minor);
	assert_string_equal(L->name, name);
	assert_ptr_equal(gi_layout_find(1, minor), L);
	assert_null(gi_layout_find(1, 17));
	assert_null(gi_layout_find(1, 28));
	assert_null(gi_layout_find(2, minor));
	assert_int_equal(gi_layout_count(), 10);
	assert_ptr_equal(gi_layout_at((size_t)(minor - 18)), L);
	assert_null(gi_layout_at(gi_layout_count()));
}

static void test_kind_names(void **state)
{
	(void)state;
	/* reflect.Kind.String() */
	assert_string_equal(gi_kind_name(GI_KIND_INVALID), "invalid");
	assert_string_equal(gi_kind_name(GI_KIND_BOOL), "bool");
	assert_string_equal(gi_kind_name(GI_KIND_INT), "int");
	assert_string_equal(gi_kind_name(GI_KIND_UINTPTR), "uintptr");
	assert_string_equal(gi_kind_name(GI_KIND_COMPLEX128), "complex128");
	assert_string_equal(gi_kind_name(GI_KIND_POINTER), "ptr");
	assert_string_equal(gi_kind_name(GI_KIND_SLICE), "slice");
	assert_string_equal(gi_kind_name(GI_KIND_STRING), "string");
	assert_string_equal(gi_kind_name(GI_KIND_STRUCT), "struct");
	assert_string_equal(gi_kind_name(GI_KIND_UNSAFE_POINTER), "unsafe.Pointer");
	assert_string_equal(gi_kind_name((enum gi_kind)99), "invalid");
	/* reflect.Kind numbers */
	assert_int_equal(GI_KIND_ARRAY, 17);
	assert_int_equal(GI_KIND_MAP, 21);
	assert_int_equal(GI_KIND_UNSAFE_POINTER, 26);
}

/* abi.Type: the same 48 bytes in every release */
static void test_type_header(void **state)
{
	(void)state;
	const struct gi_type_layout *t = &L->type;
	assert_int_equal(t->header_size, 48);
	assert_int_equal(t->size, 0);
	assert_int_equal(t->ptrdata, 8);
	assert_int_equal(t->hash, 16);
	assert_int_equal(t->tflag, 20);
	assert_int_equal(t->align, 21);
	assert_int_equal(t->field_align, 22);
	assert_int_equal(t->kind, 23);
	assert_int_equal(t->equal, 24);
	assert_int_equal(t->gcdata, 32);
	assert_int_equal(t->str, 40);
	assert_int_equal(t->ptr_to_this, 44);
	assert_int_equal(t->kind_mask, 0x1f);
	assert_int_equal(t->tflag_uncommon, 1);
	assert_int_equal(t->tflag_extra_star, 2);
	assert_int_equal(t->tflag_named, 4);
}

/* Go 1.26 moved kindDirectIface (Kind 1<<5) to TFlagDirectIface (1<<5). */
static void test_direct_iface_flag(void **state)
{
	(void)state;
	if (minor <= 25) {
		assert_int_equal(L->type.kind_direct_iface, 0x20);
		assert_int_equal(L->type.tflag_direct_iface, 0);
		assert_true(gi_layout_is_direct_iface(L, 0, 0x20 | GI_KIND_POINTER));
		assert_false(gi_layout_is_direct_iface(L, 0x20, GI_KIND_POINTER));
	} else {
		assert_int_equal(L->type.kind_direct_iface, 0);
		assert_int_equal(L->type.tflag_direct_iface, 0x20);
		assert_true(gi_layout_is_direct_iface(L, 0x20, GI_KIND_POINTER));
		assert_false(gi_layout_is_direct_iface(L, 0, 0x20 | GI_KIND_POINTER));
	}
	assert_int_equal(gi_layout_kind(L, 0x20 | GI_KIND_MAP), GI_KIND_MAP);
}

/* Record sizes: where uncommontype begins after each kind's record. */
static void test_record_sizes(void **state)
{
	(void)state;
	const struct gi_type_layout *t = &L->type;
	for (int k = GI_KIND_BOOL; k <= GI_KIND_COMPLEX128; k++)
		assert_int_equal(t->record_size[k], 48);
	assert_int_equal(t->record_size[GI_KIND_STRING], 48);
	assert_int_equal(t->record_size[GI_KIND_UNSAFE_POINTER], 48);
	assert_int_equal(t->record_size[GI_KIND_POINTER], 56);
	assert_int_equal(t->record_size[GI_KIND_SLICE], 56);
	assert_int_equal(t->record_size[GI_KIND_FUNC], 56);
	assert_int_equal(t->record_size[GI_KIND_CHAN], 64);
	assert_int_equal(t->record_size[GI_KIND_ARRAY], 72);
	assert_int_equal(t->record_size[GI_KIND_STRUCT], 80);
	assert_int_equal(t->record_size[GI_KIND_INTERFACE], 80);
	uint32_t map = minor <= 23 ? 88 : minor <= 26 ? 112 : 136;
	assert_int_equal(t->record_size[GI_KIND_MAP], map);
	/* every kind-specific field lies inside its record */
	assert_true(t->ptr_elem + 8 <= t->record_size[GI_KIND_POINTER]);
	assert_true(t->array_len + 8 <= t->record_size[GI_KIND_ARRAY]);
	assert_true(t->chan_dir + 8 <= t->record_size[GI_KIND_CHAN]);
	assert_true(t->func_out_count + 2 <= t->record_size[GI_KIND_FUNC]);
	assert_true(t->iface_methods + 24 <= t->record_size[GI_KIND_INTERFACE]);
	assert_true(t->struct_fields + 24 <= t->record_size[GI_KIND_STRUCT]);
	assert_true(t->map_flags + t->map_flags_width <= t->record_size[GI_KIND_MAP]);
	assert_int_equal(t->uncommon_size, 16);
	assert_int_equal(t->uncommon_pkgpath, 0);
	assert_int_equal(t->uncommon_mcount, 4);
	assert_int_equal(t->uncommon_xcount, 6);
	assert_int_equal(t->uncommon_moff, 8);
	assert_int_equal(t->method_size, 16);
	assert_int_equal(t->imethod_size, 8);
	assert_int_equal(t->field_size, 24);
}

static void test_maps(void **state)
{
	(void)state;
	const struct gi_type_layout *t = &L->type;
	const struct gi_runtime_layout *r = &L->runtime;
	assert_int_equal(t->map_key, 48);
	assert_int_equal(t->map_elem, 56);
	assert_int_equal(t->map_bucket_or_group, 64);
	assert_int_equal(t->map_hasher, 72);
	if (minor <= 23) {
		/* runtime.maptype / abi.MapType, runtime.hmap */
		assert_int_equal(t->map_impl, GI_MAP_CLASSIC);
		assert_int_equal(t->map_keysize, 80);
		assert_int_equal(t->map_valuesize, 81);
		assert_int_equal(t->map_bucketsize, 82);
		assert_int_equal(t->map_flags, 84);
		assert_int_equal(t->map_flag_indirect_key, 1);
		assert_int_equal(t->map_flag_indirect_elem, 2);
		assert_int_equal(t->map_group_size, GI_NO_FIELD);
		assert_int_equal(r->hmap_count, 0);
		assert_int_equal(r->hmap_b, 9);
		assert_int_equal(r->hmap_buckets, 16);
		assert_int_equal(r->hmap_oldbuckets, 24);
		assert_int_equal(r->hmap_size, 48);
		assert_int_equal(r->bucket_count, 8);
		assert_int_equal(r->smap_dir_ptr, GI_NO_FIELD);
	} else {
		/* abi.SwissMapType / MapType, maps.Map, maps.table */
		assert_int_equal(t->map_impl, minor <= 26 ? GI_MAP_SWISS : GI_MAP_SWISS_SPLIT);
		assert_int_equal(t->map_group_size, 80);
		assert_int_equal(t->map_keysize, GI_NO_FIELD);
		assert_int_equal(t->map_flag_indirect_key, 4);
		assert_int_equal(t->map_flag_indirect_elem, 8);
		if (minor <= 26) {
			assert_int_equal(t->map_slot_size, 88);
			assert_int_equal(t->map_elem_off, 96);
			assert_int_equal(t->map_flags, 104);
			assert_int_equal(t->map_keys_off, GI_NO_FIELD);
		} else {
			assert_int_equal(t->map_keys_off, 88);
			assert_int_equal(t->map_key_stride, 96);
			assert_int_equal(t->map_elems_off, 104);
			assert_int_equal(t->map_elem_stride, 112);
			assert_int_equal(t->map_elem_off, 120);
			assert_int_equal(t->map_flags, 128);
			assert_int_equal(t->map_slot_size, GI_NO_FIELD);
		}
		assert_int_equal(r->smap_used, 0);
		assert_int_equal(r->smap_dir_ptr, 16);
		assert_int_equal(r->smap_dir_len, 24);
		assert_int_equal(r->smap_global_depth, 32);
		assert_int_equal(r->smap_size, 48);
		assert_int_equal(r->stable_used, 0);
		assert_int_equal(r->stable_capacity, 2);
		assert_int_equal(r->stable_groups_data, 16);
		assert_int_equal(r->stable_groups_length_mask, 24);
		assert_int_equal(r->stable_size, 32);
		assert_int_equal(r->sgroup_slots, 8);
		assert_int_equal(r->sgroup_slots_off, 8);
		assert_int_equal(r->hmap_buckets, GI_NO_FIELD);
	}
}

/* GOEXPERIMENT=noswissmap: abi.OldMapType (88 bytes) and an hmap with
 * clearSeq, 1.24-1.25 only. */
static void test_noswissmap(void **state)
{
	(void)state;
	const struct gi_layout *v = gi_layout_find_experiment(1, minor, "boringcrypto,noswissmap");
	assert_non_null(v);
	assert_int_equal(v->minor, minor);
	assert_ptr_equal(gi_layout_find_experiment(1, minor, NULL), L);
	assert_ptr_equal(gi_layout_find_experiment(1, minor, "noswissmapx"), L);
	if (minor == 24 || minor == 25) {
		assert_ptr_not_equal(v, L);
		assert_string_equal(v->experiment, "noswissmap");
		assert_int_equal(v->type.map_impl, GI_MAP_CLASSIC);
		assert_int_equal(v->type.record_size[GI_KIND_MAP], 88);
		assert_int_equal(v->type.map_bucketsize, 82);
		assert_int_equal(v->type.map_flags, 84);
		assert_int_equal(v->runtime.hmap_buckets, 16);
		assert_int_equal(v->runtime.hmap_size, 56);
		/* everything else is the release's */
		assert_int_equal(v->moduledata.next, L->moduledata.next);
		assert_int_equal(v->runtime.hchan_elemtype, L->runtime.hchan_elemtype);
	} else {
		assert_ptr_equal(v, L);
		assert_null(L->experiment);
	}
}

static void test_chan(void **state)
{
	(void)state;
	const struct gi_runtime_layout *r = &L->runtime;
	assert_int_equal(r->hchan_qcount, 0);
	assert_int_equal(r->hchan_dataqsiz, 8);
	assert_int_equal(r->hchan_buf, 16);
	assert_int_equal(r->hchan_elemsize, 24);
	assert_int_equal(r->hchan_closed, 28);
	/* 1.23 added timer *timer before elemtype; 1.25 a bubble pointer */
	assert_int_equal(r->hchan_elemtype, minor <= 22 ? 32 : 40);
	assert_int_equal(r->hchan_size, minor <= 22 ? 96 : minor <= 24 ? 104 : 112);
}

static void test_struct_fields(void **state)
{
	(void)state;
	const struct gi_type_layout *t = &L->type;
	assert_int_equal(t->field_name, 0);
	assert_int_equal(t->field_type, 8);
	assert_int_equal(t->field_offset, 16);
	/* 1.18: structField.offsetAnon; 1.19: name flag 1<<3 */
	assert_int_equal(t->field_offset_embedded_bit, minor == 18);
	assert_int_equal(t->name_flag_embedded, minor == 18 ? 0 : 0x08);
	assert_int_equal(t->name_flag_exported, 1);
	assert_int_equal(t->name_flag_tag, 2);
	assert_int_equal(t->name_flag_pkgpath, 4);
}

static void test_itab(void **state)
{
	(void)state;
	const struct gi_itab_layout *i = &L->itab;
	assert_int_equal(i->inter, 0);
	assert_int_equal(i->type, 8);
	assert_int_equal(i->hash, 16);
	assert_int_equal(i->fun, 24);
	assert_int_equal(i->table_size, 0);
	assert_int_equal(i->table_count, 8);
	assert_int_equal(i->table_entries, 16);
	assert_int_equal(i->table_init_size, 512);
	assert_int_equal(i->static_in_types_section, minor >= 27);
	assert_string_equal(L->itab_symbol_prefix, minor >= 20 ? "go:itab." : "go.itab.");
	assert_string_equal(L->type_symbol_prefix, minor >= 20 ? "type:" : "type.");
}

/* runtime.moduledata, field by field from runtime/symtab.go */
static void test_moduledata(void **state)
{
	(void)state;
	const struct gi_moduledata_layout *m = &L->moduledata;
	/* 1.20 added covctrs, ecovctrs (16 bytes) after enoptrbss */
	uint32_t cov = minor >= 20 ? 16 : 0;
	assert_int_equal(m->pcheader, 0);
	assert_int_equal(m->funcnametab, 8);
	assert_int_equal(m->pclntable, 104);
	assert_int_equal(m->ftab, 128);
	assert_int_equal(m->findfunctab, 152);
	assert_int_equal(m->minpc, 160);
	assert_int_equal(m->text, 176);
	assert_int_equal(m->etext, 184);
	assert_int_equal(m->enoptrbss, 248);
	assert_int_equal(m->end, 256 + cov);
	assert_int_equal(m->types, 280 + cov);
	if (minor <= 26) {
		assert_int_equal(m->etypes, 288 + cov);
		assert_int_equal(m->typedesclen, GI_NO_FIELD);
		assert_int_equal(m->itaboffset, GI_NO_FIELD);
		assert_int_equal(m->rodata, 296 + cov);
		assert_int_equal(m->gofunc, 304 + cov);
		uint32_t ep = minor >= 26 ? 8 : 0; /* 1.26: epclntab after gofunc */
		assert_int_equal(m->epclntab, minor >= 26 ? 328 : GI_NO_FIELD);
		assert_int_equal(m->textsectmap, 312 + cov + ep);
		assert_int_equal(m->typelinks, 336 + cov + ep);
		assert_int_equal(m->itablinks, 360 + cov + ep);
	} else {
		assert_int_equal(m->typedesclen, 304);
		assert_int_equal(m->etypes, 312);
		assert_int_equal(m->itaboffset, 320);
		assert_int_equal(m->itabsize, 328);
		assert_int_equal(m->rodata, 336);
		assert_int_equal(m->epclntab, 352);
		assert_int_equal(m->textsectmap, 360);
		assert_int_equal(m->typelinks, GI_NO_FIELD);
		assert_int_equal(m->itablinks, GI_NO_FIELD);
	}
	static const uint32_t next[] = {544, 544, 560, 584, 584, 576, 576, 576, 584, 560};
	static const uint32_t modulename[] = {448, 448, 464, 488, 488, 488, 488, 488, 496, 472};
	assert_int_equal(m->next, next[minor - 18]);
	assert_int_equal(m->size, next[minor - 18] + 8);
	assert_int_equal(m->modulename, modulename[minor - 18]);
	assert_int_equal(m->hasmain, modulename[minor - 18] + 40);

	/* declaration order, inside the struct, pointer aligned */
	const uint32_t order[] = {
		m->pcheader, m->funcnametab, m->pclntable, m->ftab, m->findfunctab,
		m->minpc, m->maxpc, m->text, m->etext, m->noptrdata, m->enoptrdata,
		m->data, m->edata, m->bss, m->ebss, m->noptrbss, m->enoptrbss, m->end,
		m->types, m->typedesclen, m->etypes, m->itaboffset, m->itabsize,
		m->rodata, m->gofunc, m->epclntab, m->textsectmap, m->typelinks,
		m->itablinks, m->modulename, m->hasmain, m->next,
	};
	uint32_t prev = 0;
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (order[i] == GI_NO_FIELD)
			continue;
		if (i)
			assert_true(order[i] > prev);
		assert_true(order[i] < m->size);
		assert_int_equal(order[i] % 8, 0);
		prev = order[i];
	}
	assert_int_equal(m->size % 8, 0);
}

static void test_pclntab(void **state)
{
	(void)state;
	const struct gi_pclntab_layout *p = &L->pclntab;
	/* abi.Go118PCLnTabMagic / Go120PCLnTabMagic */
	assert_int_equal(p->magic, minor <= 19 ? 0xfffffff0u : 0xfffffff1u);
	assert_int_equal(p->header_size, 72);
	assert_int_equal(p->nfunc, 8);
	assert_int_equal(p->textstart, 24);
	assert_int_equal(p->funcname_offset, 32);
	assert_int_equal(p->pcln_offset, 64);
	assert_int_equal(p->textstart_valid, minor <= 25);
	assert_int_equal(p->func_entryoff, 0);
	assert_int_equal(p->func_nameoff, 4);
	/* _func gained startLine in 1.20 */
	assert_int_equal(p->func_size, minor <= 19 ? 40 : 44);
	assert_int_equal(p->func_nfuncdata, p->func_size - 1);
}

static void test_buildinfo(void **state)
{
	(void)state;
	const struct gi_buildinfo_layout *b = &L->buildinfo;
	assert_int_equal(b->magic_size, 14);
	assert_memory_equal(b->magic, "\xff Go buildinf:", 14);
	assert_int_equal(b->flags, 15);
	assert_int_equal(b->flag_inline_strings, 2);
	assert_int_equal(b->inline_data, 32);
	assert_int_equal(L->types_skip, 8);
	assert_int_equal(L->iface_size, 16);
}

int main(int argc, char **argv)
{
	int status = model_release_arg(argc, argv, &minor, &L);
	if (status)
		return status;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_type_header),
		cmocka_unit_test(test_direct_iface_flag),
		cmocka_unit_test(test_record_sizes),
		cmocka_unit_test(test_maps),
		cmocka_unit_test(test_noswissmap),
		cmocka_unit_test(test_chan),
		cmocka_unit_test(test_struct_fields),
		cmocka_unit_test(test_itab),
		cmocka_unit_test(test_moduledata),
		cmocka_unit_test(test_pclntab),
		cmocka_unit_test(test_buildinfo),
	};
	return cmocka_run_group_tests_name(L->name, tests, NULL, NULL);
}
