/*
 * Layouts of the Go runtime structures that goiface reads, one record per
 * Go release.  Every offset is in bytes on a 64-bit little-endian target.
 *
 * This header is the single place that knows how a release lays out its
 * runtime: the decoder reads offsets from here and never hard-codes them,
 * and the synthetic image builder (image.h) writes memory from the same
 * records.  Adding a Go release means adding one record in layout.c.
 */
#ifndef GOIFACE_LAYOUT_H
#define GOIFACE_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* An offset for a field the release does not have. */
#define GI_NO_FIELD UINT32_MAX

/* reflect.Kind numbers; identical in every release. */
enum gi_kind {
	GI_KIND_INVALID = 0,
	GI_KIND_BOOL,
	GI_KIND_INT,
	GI_KIND_INT8,
	GI_KIND_INT16,
	GI_KIND_INT32,
	GI_KIND_INT64,
	GI_KIND_UINT,
	GI_KIND_UINT8,
	GI_KIND_UINT16,
	GI_KIND_UINT32,
	GI_KIND_UINT64,
	GI_KIND_UINTPTR,
	GI_KIND_FLOAT32,
	GI_KIND_FLOAT64,
	GI_KIND_COMPLEX64,
	GI_KIND_COMPLEX128,
	GI_KIND_ARRAY,
	GI_KIND_CHAN,
	GI_KIND_FUNC,
	GI_KIND_INTERFACE,
	GI_KIND_MAP,
	GI_KIND_POINTER,
	GI_KIND_SLICE,
	GI_KIND_STRING,
	GI_KIND_STRUCT,
	GI_KIND_UNSAFE_POINTER,
	GI_KIND_COUNT
};

/* reflect.Kind's String() spelling ("ptr", "unsafe.Pointer", ...). */
const char *gi_kind_name(enum gi_kind kind);

/* How the release implements maps (decides maptype size and map walking). */
enum gi_map_impl {
	GI_MAP_CLASSIC,   /* hmap + buckets: 1.18-1.23 (1.24-1.25 with noswissmap) */
	GI_MAP_SWISS,     /* internal/runtime/maps, 112-byte type: 1.24-1.26 */
	GI_MAP_SWISS_SPLIT /* 136-byte type with key/elem strides: 1.27 */
};

/* runtime.moduledata field offsets. GI_NO_FIELD where absent. */
struct gi_moduledata_layout {
	uint32_t pcheader;
	uint32_t funcnametab; /* []byte */
	uint32_t pclntable;   /* []byte */
	uint32_t ftab;        /* []functab */
	uint32_t findfunctab;
	uint32_t minpc, maxpc;
	uint32_t text, etext;
	uint32_t noptrdata, enoptrdata;
	uint32_t data, edata;
	uint32_t bss, ebss;
	uint32_t noptrbss, enoptrbss;
	uint32_t end;
	uint32_t types, typedesclen, etypes;
	uint32_t itaboffset, itabsize; /* 1.27 */
	uint32_t rodata, gofunc, epclntab;
	uint32_t textsectmap; /* []textsect */
	uint32_t typelinks;   /* []int32, up to 1.26 */
	uint32_t itablinks;   /* []*itab, up to 1.26 */
	uint32_t modulename;  /* string */
	uint32_t hasmain;
	uint32_t next;
	uint32_t size;
};

/* Kind-specific type records; all start with the common header. */
struct gi_type_layout {
	uint32_t header_size; /* 48 */
	uint32_t size, ptrdata, hash, tflag, align, field_align, kind, equal,
		gcdata, str, ptr_to_this;

	uint8_t kind_mask;          /* 0x1f */
	uint8_t kind_direct_iface;  /* flag in the kind byte, 0 if none (1.26+) */
	uint8_t tflag_direct_iface; /* flag in tflag, 0 if none (before 1.26) */
	uint8_t tflag_uncommon, tflag_extra_star, tflag_named;

	/* Size of each kind-specific record, i.e. where uncommontype starts. */
	uint32_t record_size[GI_KIND_COUNT];

	/* uncommontype */
	uint32_t uncommon_size; /* 16 */
	uint32_t uncommon_pkgpath, uncommon_mcount, uncommon_xcount, uncommon_moff;
	/* method: {name, mtyp, ifn, tfn} int32s */
	uint32_t method_size; /* 16 */
	/* imethod: {name, typ} int32s */
	uint32_t imethod_size; /* 8 */

	/* ptrtype / slicetype: elem at ptr_elem */
	uint32_t ptr_elem;
	/* arraytype */
	uint32_t array_elem, array_slice, array_len;
	/* chantype */
	uint32_t chan_elem, chan_dir;
	/* functype: in/out counts; parameters start after the record
	 * (and after uncommontype when present) */
	uint32_t func_in_count, func_out_count;
	/* interfacetype */
	uint32_t iface_pkgpath, iface_methods; /* methods is a slice */
	/* structtype */
	uint32_t struct_pkgpath, struct_fields; /* fields is a slice */
	uint32_t field_size, field_name, field_type, field_offset;
	/* 1.18 stores offset<<1 | embedded in field_offset */
	bool field_offset_embedded_bit;
	/* name flag marking an embedded field (1.19+), 0 if none */
	uint8_t name_flag_embedded;

	/* maptype */
	enum gi_map_impl map_impl;
	uint32_t map_key, map_elem, map_bucket_or_group, map_hasher;
	/* classic */
	uint32_t map_keysize, map_valuesize, map_bucketsize, map_flags;
	/* swiss */
	uint32_t map_group_size, map_slot_size, map_elem_off;
	/* swiss split (1.27) */
	uint32_t map_keys_off, map_key_stride, map_elems_off, map_elem_stride;
	/* flag bits in map_flags meaning "key/elem stored indirectly" */
	uint32_t map_flag_indirect_key, map_flag_indirect_elem;

	/* Additions below this line. */
	/* functype: outCount bit meaning "last in parameter is ...T" */
	uint32_t func_variadic_flag; /* 0x8000 */
	/* name byte 0 flags (same in every release; embedded is above) */
	uint8_t name_flag_exported, name_flag_tag, name_flag_pkgpath;
	/* TFlagRegularMemory: == may compare raw bytes */
	uint8_t tflag_regular_memory;
	/* Width in bytes of the map_flags field (u32 everywhere so far) and
	 * of classic map_bucketsize (u16); keysize/valuesize are u8. */
	uint32_t map_flags_width;
};

/* The runtime's own data structures behind values: map headers, chans. */
struct gi_runtime_layout {
	/* classic hmap */
	uint32_t hmap_count, hmap_b, hmap_buckets, hmap_oldbuckets;
	uint32_t bucket_count; /* 8 entries per bucket */
	/* swiss maps.Map */
	uint32_t smap_used, smap_dir_ptr, smap_dir_len, smap_global_depth;
	/* swiss maps.table */
	uint32_t stable_used, stable_capacity, stable_groups_data,
		stable_groups_length_mask;
	uint32_t sgroup_slots; /* 8 slots per group */
	/* hchan */
	uint32_t hchan_qcount, hchan_dataqsiz;

	/* Additions below this line. */
	/* Record sizes; a map value points at an hmap / maps.Map. */
	uint32_t hmap_size, smap_size, stable_size;
	/* classic: hmap.flags (u8) and hmap.noverflow (u16); bucket = tophash
	 * [8]u8, then 8 keys, 8 elems, then the overflow pointer.  A tophash
	 * below bucket_min_tophash marks an empty or evacuated slot. */
	uint32_t hmap_flags, hmap_noverflow;
	uint32_t bucket_tophash_size; /* 8 */
	uint8_t bucket_min_tophash;   /* 5 */
	/* swiss: maps.Map.seed, globalShift (u8); table.growthLeft (u16),
	 * localDepth (u8), index (int, position in the directory) */
	uint32_t smap_seed, smap_global_shift;
	uint32_t stable_growth_left, stable_local_depth, stable_index;
	/* swiss group: a u64 of 8 control bytes, then the slots.  A control
	 * byte with the top bit clear marks a full slot; 0x80 empty, 0xfe
	 * deleted. */
	uint32_t sgroup_ctrl, sgroup_slots_off;
	uint8_t sgroup_ctrl_empty, sgroup_ctrl_deleted;
	/* hchan: buf pointer, elemsize (u16), closed (u32), elemtype, indices;
	 * elemtype moved from 32 to 40 in 1.23 (timer field). */
	uint32_t hchan_buf, hchan_elemsize, hchan_closed, hchan_elemtype,
		hchan_sendx, hchan_recvx, hchan_size;
};

struct gi_itab_layout {
	uint32_t inter, type, hash, fun; /* fun[] start */
	/* runtime.itabTableType */
	uint32_t table_size, table_count, table_entries;
	uint32_t table_init_size; /* itabInitSize, 512 */
	/* static itabs live in the types section (1.27), not in itablinks */
	bool static_in_types_section;
};

struct gi_pclntab_layout {
	uint32_t magic; /* the value of pcHeader.magic (at offset 0), e.g. 0xfffffff1 */
	uint32_t header_size;
	uint32_t nfunc, textstart, funcname_offset, pcln_offset;
	bool textstart_valid; /* 1.26+ writes 0 */
	/* _func record */
	uint32_t func_entryoff, func_nameoff;

	/* Additions below this line. */
	uint32_t minlc, ptrsize, nfiles, cu_offset, filetab_offset, pctab_offset;
	uint32_t functab_size; /* {entryoff, funcoff} u32 pair: 8 */
	uint32_t func_size;    /* fixed part of _func: 40, 44 from 1.20 */
	uint32_t func_npcdata, func_nfuncdata; /* u32 / u8 counts of trailing arrays */
};

/*
 * The .go.buildinfo blob, 1.18+ inline-string form: magic, pointer size,
 * flags, 16 unused bytes, then varint-length-prefixed version and modinfo.
 */
struct gi_buildinfo_layout {
	const char *magic;      /* "\xff Go buildinf:" */
	uint32_t magic_size;    /* 14 */
	uint32_t ptrsize;       /* 14 */
	uint32_t flags;         /* 15 */
	uint8_t flag_big_endian, flag_inline_strings; /* 0x01, 0x02 */
	uint32_t inline_data;   /* 32: varint len + version, varint len + modinfo */
	uint32_t align;         /* 16 */
};

struct gi_layout {
	int major, minor;    /* 1, 22 */
	const char *name;    /* "go1.22" */
	struct gi_type_layout type;
	struct gi_itab_layout itab;
	struct gi_moduledata_layout moduledata;
	struct gi_pclntab_layout pclntab;
	struct gi_runtime_layout runtime;
	/* symbol spelling: "type:" / "go:itab." from 1.20, "type." / "go.itab." before */
	const char *itab_symbol_prefix;

	/* Additions below this line. */
	/* NULL, or the GOEXPERIMENT this record is a variant for
	 * ("noswissmap": 1.24-1.25 built with classic maps). */
	const char *experiment;
	struct gi_buildinfo_layout buildinfo;
	/* "type:" from 1.20, "type." before */
	const char *type_symbol_prefix;
	/* The types area begins with this many bytes no descriptor uses, so
	 * that no real nameOff/typeOff is 0. */
	uint32_t types_skip; /* 8 */
	/* runtime.eface/iface: type-or-itab word, data word */
	uint32_t iface_size; /* 16 */
};

/*
 * The record for go1.MINOR built with the given GOEXPERIMENT list (the text
 * after " X:" in runtime.buildVersion, e.g. "noswissmap,boringcrypto"; NULL
 * or "" for none).  Experiments that change no layout goiface reads are
 * ignored; NULL if the release is unknown.
 */
const struct gi_layout *gi_layout_find_experiment(int major, int minor,
						  const char *experiments);

/* True if the descriptor's header bytes say values are stored directly in
 * the interface data word, by this release's rule. */
bool gi_layout_is_direct_iface(const struct gi_layout *layout, uint8_t tflag,
			       uint8_t kind_byte);
/* The kind from a descriptor's kind byte. */
enum gi_kind gi_layout_kind(const struct gi_layout *layout, uint8_t kind_byte);

/* The record for go1.MINOR, or NULL if goiface does not know that release. */
const struct gi_layout *gi_layout_find(int major, int minor);
/* Releases goiface knows, oldest first. */
size_t gi_layout_count(void);
const struct gi_layout *gi_layout_at(size_t i);

#ifdef __cplusplus
}
#endif

#endif /* GOIFACE_LAYOUT_H */
