/*
 * One layout record per Go release.  Each release starts from a copy of the
 * previous release's record and applies only what that release changed, so
 * the history of the runtime's structs reads top to bottom and a new release
 * is one function plus one row in `releases`.
 *
 * Offsets were taken from the Go sources at the release tags
 * (internal/abi/type.go, runtime/type.go, runtime/symtab.go, runtime/iface.go,
 * runtime/map.go, internal/runtime/maps, runtime/chan.go) and checked against
 * the DWARF of binaries built by each toolchain.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "goiface/layout.h"

#define NO GI_NO_FIELD

static const char *const kind_names[GI_KIND_COUNT] = {
	[GI_KIND_INVALID] = "invalid",
	[GI_KIND_BOOL] = "bool",
	[GI_KIND_INT] = "int",
	[GI_KIND_INT8] = "int8",
	[GI_KIND_INT16] = "int16",
	[GI_KIND_INT32] = "int32",
	[GI_KIND_INT64] = "int64",
	[GI_KIND_UINT] = "uint",
	[GI_KIND_UINT8] = "uint8",
	[GI_KIND_UINT16] = "uint16",
	[GI_KIND_UINT32] = "uint32",
	[GI_KIND_UINT64] = "uint64",
	[GI_KIND_UINTPTR] = "uintptr",
	[GI_KIND_FLOAT32] = "float32",
	[GI_KIND_FLOAT64] = "float64",
	[GI_KIND_COMPLEX64] = "complex64",
	[GI_KIND_COMPLEX128] = "complex128",
	[GI_KIND_ARRAY] = "array",
	[GI_KIND_CHAN] = "chan",
	[GI_KIND_FUNC] = "func",
	[GI_KIND_INTERFACE] = "interface",
	[GI_KIND_MAP] = "map",
	[GI_KIND_POINTER] = "ptr",
	[GI_KIND_SLICE] = "slice",
	[GI_KIND_STRING] = "string",
	[GI_KIND_STRUCT] = "struct",
	[GI_KIND_UNSAFE_POINTER] = "unsafe.Pointer",
};

const char *gi_kind_name(enum gi_kind kind)
{
	/* reflect prints "kind<N>" for unknown numbers; a fixed word keeps this
	 * allocation-free, and garbage kinds are reported by the decoder. */
	if ((unsigned)kind >= GI_KIND_COUNT)
		return "invalid";
	return kind_names[kind];
}

/* The classic map implementation's fields, shared by every release that has
 * it and cleared by the ones that do not. */
static void set_classic_maps(struct gi_layout *l)
{
	struct gi_type_layout *t = &l->type;
	struct gi_runtime_layout *r = &l->runtime;

	t->map_impl = GI_MAP_CLASSIC;
	t->record_size[GI_KIND_MAP] = 88;
	t->map_key = 48;
	t->map_elem = 56;
	t->map_bucket_or_group = 64;
	t->map_hasher = 72;
	t->map_keysize = 80;
	t->map_valuesize = 81;
	t->map_bucketsize = 82;
	t->map_flags = 84;
	t->map_group_size = t->map_slot_size = t->map_elem_off = NO;
	t->map_keys_off = t->map_key_stride = NO;
	t->map_elems_off = t->map_elem_stride = NO;
	t->map_flag_indirect_key = 1;
	t->map_flag_indirect_elem = 2;

	r->hmap_count = 0;
	r->hmap_flags = 8;
	r->hmap_b = 9;
	r->hmap_noverflow = 10;
	r->hmap_buckets = 16;
	r->hmap_oldbuckets = 24;
	r->hmap_size = 48;
	r->bucket_count = 8;
	r->bucket_tophash_size = 8;
	r->bucket_min_tophash = 5;

	r->smap_used = r->smap_seed = r->smap_dir_ptr = r->smap_dir_len = NO;
	r->smap_global_depth = r->smap_global_shift = r->smap_size = NO;
	r->stable_used = r->stable_capacity = r->stable_growth_left = NO;
	r->stable_local_depth = r->stable_index = r->stable_groups_data = NO;
	r->stable_groups_length_mask = r->stable_size = NO;
	r->sgroup_slots = r->sgroup_ctrl = r->sgroup_slots_off = NO;
	r->sgroup_ctrl_empty = r->sgroup_ctrl_deleted = 0;
}

/* internal/runtime/maps (swiss tables) and abi.SwissMapType, 1.24+. */
static void set_swiss_maps(struct gi_layout *l)
{
	struct gi_type_layout *t = &l->type;
	struct gi_runtime_layout *r = &l->runtime;

	t->map_impl = GI_MAP_SWISS;
	t->record_size[GI_KIND_MAP] = 112;
	t->map_key = 48;
	t->map_elem = 56;
	t->map_bucket_or_group = 64;
	t->map_hasher = 72;
	t->map_group_size = 80;
	t->map_slot_size = 88;
	t->map_elem_off = 96;
	t->map_flags = 104;
	t->map_keysize = t->map_valuesize = t->map_bucketsize = NO;
	t->map_keys_off = t->map_key_stride = NO;
	t->map_elems_off = t->map_elem_stride = NO;
	/* abi.SwissMapNeedKeyUpdate = 1, HashMightPanic = 2, then these */
	t->map_flag_indirect_key = 4;
	t->map_flag_indirect_elem = 8;

	r->hmap_count = r->hmap_flags = r->hmap_b = r->hmap_noverflow = NO;
	r->hmap_buckets = r->hmap_oldbuckets = r->hmap_size = NO;
	r->bucket_count = r->bucket_tophash_size = NO;
	r->bucket_min_tophash = 0;

	r->smap_used = 0;
	r->smap_seed = 8;
	r->smap_dir_ptr = 16;
	r->smap_dir_len = 24;
	r->smap_global_depth = 32;
	r->smap_global_shift = 33;
	r->smap_size = 48;
	r->stable_used = 0;
	r->stable_capacity = 2;
	r->stable_growth_left = 4;
	r->stable_local_depth = 6;
	r->stable_index = 8;
	r->stable_groups_data = 16;
	r->stable_groups_length_mask = 24;
	r->stable_size = 32;
	r->sgroup_slots = 8;
	r->sgroup_ctrl = 0;
	r->sgroup_slots_off = 8;
	r->sgroup_ctrl_empty = 0x80;
	r->sgroup_ctrl_deleted = 0xfe;
}

/* Go 1.18: the base every later release is derived from. */
static void go1_18(struct gi_layout *l)
{
	struct gi_type_layout *t = &l->type;
	struct gi_moduledata_layout *m = &l->moduledata;
	struct gi_pclntab_layout *p = &l->pclntab;
	struct gi_runtime_layout *r = &l->runtime;
	struct gi_itab_layout *i = &l->itab;

	memset(l, 0, sizeof(*l));

	/* runtime._type */
	t->header_size = 48;
	t->size = 0;
	t->ptrdata = 8;
	t->hash = 16;
	t->tflag = 20;
	t->align = 21;
	t->field_align = 22;
	t->kind = 23;
	t->equal = 24;
	t->gcdata = 32;
	t->str = 40;
	t->ptr_to_this = 44;
	t->kind_mask = 0x1f;
	t->kind_direct_iface = 0x20;
	t->tflag_direct_iface = 0;
	t->tflag_uncommon = 0x01;
	t->tflag_extra_star = 0x02;
	t->tflag_named = 0x04;
	t->tflag_regular_memory = 0x08;

	for (int k = 0; k < GI_KIND_COUNT; k++)
		t->record_size[k] = 48;
	t->record_size[GI_KIND_POINTER] = 56;
	t->record_size[GI_KIND_SLICE] = 56;
	t->record_size[GI_KIND_FUNC] = 56;
	t->record_size[GI_KIND_CHAN] = 64;
	t->record_size[GI_KIND_ARRAY] = 72;
	t->record_size[GI_KIND_STRUCT] = 80;
	t->record_size[GI_KIND_INTERFACE] = 80;

	t->uncommon_size = 16;
	t->uncommon_pkgpath = 0;
	t->uncommon_mcount = 4;
	t->uncommon_xcount = 6;
	t->uncommon_moff = 8;
	t->method_size = 16;
	t->imethod_size = 8;

	t->ptr_elem = 48;
	t->array_elem = 48;
	t->array_slice = 56;
	t->array_len = 64;
	t->chan_elem = 48;
	t->chan_dir = 56;
	t->func_in_count = 48;
	t->func_out_count = 50;
	t->func_variadic_flag = 0x8000;
	t->iface_pkgpath = 48;
	t->iface_methods = 56;
	t->struct_pkgpath = 48;
	t->struct_fields = 56;
	t->field_size = 24;
	t->field_name = 0;
	t->field_type = 8;
	t->field_offset = 16;
	/* structfield.offsetAnon = offset<<1 | embedded */
	t->field_offset_embedded_bit = true;
	t->name_flag_embedded = 0;
	t->name_flag_exported = 0x01;
	t->name_flag_tag = 0x02;
	t->name_flag_pkgpath = 0x04;
	t->map_flags_width = 4;
	set_classic_maps(l);

	/* runtime.itab, runtime.itabTableType */
	i->inter = 0;
	i->type = 8;
	i->hash = 16;
	i->fun = 24;
	i->table_size = 0;
	i->table_count = 8;
	i->table_entries = 16;
	i->table_init_size = 512;
	i->static_in_types_section = false;

	/* runtime.moduledata */
	m->pcheader = 0;
	m->funcnametab = 8;
	m->pclntable = 104;
	m->ftab = 128;
	m->findfunctab = 152;
	m->minpc = 160;
	m->maxpc = 168;
	m->text = 176;
	m->etext = 184;
	m->noptrdata = 192;
	m->enoptrdata = 200;
	m->data = 208;
	m->edata = 216;
	m->bss = 224;
	m->ebss = 232;
	m->noptrbss = 240;
	m->enoptrbss = 248;
	m->end = 256;
	m->types = 280;
	m->typedesclen = NO;
	m->etypes = 288;
	m->itaboffset = NO;
	m->itabsize = NO;
	m->rodata = 296;
	m->gofunc = 304;
	m->epclntab = NO;
	m->textsectmap = 312;
	m->typelinks = 336;
	m->itablinks = 360;
	m->modulename = 448;
	m->hasmain = 488;
	m->next = 544;
	m->size = 552;

	/* runtime.pcHeader, runtime._func */
	p->magic = 0xfffffff0;
	p->header_size = 72;
	p->minlc = 6;
	p->ptrsize = 7;
	p->nfunc = 8;
	p->nfiles = 16;
	p->textstart = 24;
	p->textstart_valid = true;
	p->funcname_offset = 32;
	p->cu_offset = 40;
	p->filetab_offset = 48;
	p->pctab_offset = 56;
	p->pcln_offset = 64;
	p->functab_size = 8;
	p->func_entryoff = 0;
	p->func_nameoff = 4;
	p->func_npcdata = 28;
	p->func_nfuncdata = 39;
	p->func_size = 40;

	/* runtime.hchan */
	r->hchan_qcount = 0;
	r->hchan_dataqsiz = 8;
	r->hchan_buf = 16;
	r->hchan_elemsize = 24;
	r->hchan_closed = 28;
	r->hchan_elemtype = 32;
	r->hchan_sendx = 40;
	r->hchan_recvx = 48;
	r->hchan_size = 96;

	l->buildinfo.magic = "\xff Go buildinf:";
	l->buildinfo.magic_size = 14;
	l->buildinfo.ptrsize = 14;
	l->buildinfo.flags = 15;
	l->buildinfo.flag_big_endian = 0x01;
	l->buildinfo.flag_inline_strings = 0x02;
	l->buildinfo.inline_data = 32;
	l->buildinfo.align = 16;

	l->itab_symbol_prefix = "go.itab.";
	l->type_symbol_prefix = "type.";
	l->types_skip = 8;
	l->iface_size = 16;
}

/* The name flag 0x08 marks embedded fields; structfield.offset is plain. */
static void go1_19(struct gi_layout *l)
{
	l->type.field_offset_embedded_bit = false;
	l->type.name_flag_embedded = 0x08;
}

/* moduledata gains covctrs/ecovctrs; new pclntab magic; _func.startLine;
 * linker symbols spelled with ':'. */
static void go1_20(struct gi_layout *l)
{
	struct gi_moduledata_layout *m = &l->moduledata;

	m->end = 272;
	m->types = 296;
	m->etypes = 304;
	m->rodata = 312;
	m->gofunc = 320;
	m->textsectmap = 328;
	m->typelinks = 352;
	m->itablinks = 376;
	m->modulename = 464;
	m->hasmain = 504;
	m->next = 560;
	m->size = 568;

	l->pclntab.magic = 0xfffffff1;
	l->pclntab.func_nfuncdata = 43;
	l->pclntab.func_size = 44;

	l->itab_symbol_prefix = "go:itab.";
	l->type_symbol_prefix = "type:";
}

/* moduledata gains inittasks; runtime._type becomes abi.Type (same bytes). */
static void go1_21(struct gi_layout *l)
{
	struct gi_moduledata_layout *m = &l->moduledata;

	m->modulename = 488;
	m->hasmain = 528;
	m->next = 584;
	m->size = 592;
}

/* Nothing the decoder reads changed. */
static void go1_22(struct gi_layout *l)
{
	(void)l;
}

/* moduledata.bad moves next to hasmain; hchan gains a timer before elemtype. */
static void go1_23(struct gi_layout *l)
{
	l->moduledata.next = 576;
	l->moduledata.size = 584;

	l->runtime.hchan_elemtype = 40;
	l->runtime.hchan_sendx = 48;
	l->runtime.hchan_recvx = 56;
	l->runtime.hchan_size = 104;
}

/* Swiss-table maps by default (GOEXPERIMENT=noswissmap is not modelled). */
static void go1_24(struct gi_layout *l)
{
	set_swiss_maps(l);
}

/* hchan gains a bubble pointer after sendq (size only). */
static void go1_25(struct gi_layout *l)
{
	l->runtime.hchan_size = 112;
}

/* Direct-iface flag moves from Kind to TFlag; moduledata gains epclntab;
 * pcHeader.textStart is no longer written. */
static void go1_26(struct gi_layout *l)
{
	struct gi_moduledata_layout *m = &l->moduledata;

	l->type.kind_direct_iface = 0;
	l->type.tflag_direct_iface = 0x20;

	m->epclntab = 328;
	m->textsectmap = 336;
	m->typelinks = 360;
	m->itablinks = 384;
	m->modulename = 496;
	m->hasmain = 536;
	m->next = 584;
	m->size = 592;

	l->pclntab.textstart_valid = false;
}

/* Typelinks and itablinks give way to typedesclen and an itab area at the
 * end of the types section; MapType grows key/elem strides. */
static void go1_27(struct gi_layout *l)
{
	struct gi_moduledata_layout *m = &l->moduledata;
	struct gi_type_layout *t = &l->type;

	m->typedesclen = 304;
	m->etypes = 312;
	m->itaboffset = 320;
	m->itabsize = 328;
	m->rodata = 336;
	m->gofunc = 344;
	m->epclntab = 352;
	m->textsectmap = 360;
	m->typelinks = NO;
	m->itablinks = NO;
	m->modulename = 472;
	m->hasmain = 512;
	m->next = 560;
	m->size = 568;

	l->itab.static_in_types_section = true;

	t->map_impl = GI_MAP_SWISS_SPLIT;
	t->record_size[GI_KIND_MAP] = 136;
	t->map_group_size = 80;
	t->map_slot_size = NO;
	t->map_keys_off = 88;
	t->map_key_stride = 96;
	t->map_elems_off = 104;
	t->map_elem_stride = 112;
	t->map_elem_off = 120;
	t->map_flags = 128;
}

/* GOEXPERIMENT=noswissmap (1.24, 1.25): abi.OldMapType and runtime.hmap,
 * which gained clearSeq before extra. */
static void noswissmap(struct gi_layout *l)
{
	set_classic_maps(l);
	l->runtime.hmap_size = 56;
	l->experiment = "noswissmap";
}

static const struct {
	int minor;
	void (*apply)(struct gi_layout *);
} releases[] = {
	{18, go1_18}, {19, go1_19}, {20, go1_20}, {21, go1_21}, {22, go1_22},
	{23, go1_23}, {24, go1_24}, {25, go1_25}, {26, go1_26}, {27, go1_27},
};

/* Variants of a release for a GOEXPERIMENT that changes a layout. */
static const struct {
	int minor;
	const char *experiment;
	void (*apply)(struct gi_layout *);
} variants[] = {
	{24, "noswissmap", noswissmap},
	{25, "noswissmap", noswissmap},
};

#define RELEASE_COUNT (sizeof(releases) / sizeof(releases[0]))
#define VARIANT_COUNT (sizeof(variants) / sizeof(variants[0]))

static struct gi_layout layouts[RELEASE_COUNT];
static char layout_names[RELEASE_COUNT][16];
static struct gi_layout variant_layouts[VARIANT_COUNT];
static pthread_once_t layouts_once = PTHREAD_ONCE_INIT;

static void build_layouts(void)
{
	for (size_t i = 0; i < RELEASE_COUNT; i++) {
		if (i > 0)
			layouts[i] = layouts[i - 1];
		releases[i].apply(&layouts[i]);
		layouts[i].major = 1;
		layouts[i].minor = releases[i].minor;
		snprintf(layout_names[i], sizeof(layout_names[i]), "go1.%d",
			 releases[i].minor);
		layouts[i].name = layout_names[i];
	}
	for (size_t v = 0; v < VARIANT_COUNT; v++) {
		for (size_t i = 0; i < RELEASE_COUNT; i++) {
			if (releases[i].minor != variants[v].minor)
				continue;
			variant_layouts[v] = layouts[i];
			variants[v].apply(&variant_layouts[v]);
		}
	}
}

size_t gi_layout_count(void)
{
	return RELEASE_COUNT;
}

const struct gi_layout *gi_layout_at(size_t i)
{
	if (i >= RELEASE_COUNT)
		return NULL;
	pthread_once(&layouts_once, build_layouts);
	return &layouts[i];
}

const struct gi_layout *gi_layout_find(int major, int minor)
{
	if (major != 1)
		return NULL;
	for (size_t i = 0; i < RELEASE_COUNT; i++)
		if (releases[i].minor == minor)
			return gi_layout_at(i);
	return NULL;
}

/* True if the comma-separated list holds the word. */
static bool has_experiment(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && strncmp(p, word, n) == 0)
			return true;
		p = end ? end + 1 : NULL;
	}
	return false;
}

const struct gi_layout *gi_layout_find_experiment(int major, int minor,
						  const char *experiments)
{
	const struct gi_layout *plain = gi_layout_find(major, minor);
	if (!plain || !experiments)
		return plain;
	for (size_t v = 0; v < VARIANT_COUNT; v++)
		if (variants[v].minor == minor &&
		    has_experiment(experiments, variants[v].experiment))
			return &variant_layouts[v];
	return plain;
}

bool gi_layout_is_direct_iface(const struct gi_layout *layout, uint8_t tflag,
			       uint8_t kind_byte)
{
	if (layout->type.tflag_direct_iface)
		return (tflag & layout->type.tflag_direct_iface) != 0;
	return (kind_byte & layout->type.kind_direct_iface) != 0;
}

enum gi_kind gi_layout_kind(const struct gi_layout *layout, uint8_t kind_byte)
{
	return (enum gi_kind)(kind_byte & layout->type.kind_mask);
}
