/*
 * Synthetic memory images of a Go program, for tests.
 *
 * A builder lays out, at a chosen base address and for one release's
 * gi_layout, the bytes that release's compiler, linker and runtime would put
 * in memory: type descriptors and names in a types area, itabs (static,
 * run-time created, negative), the itab cache, a moduledata with a pclntab,
 * runtime.buildVersion, a .go.buildinfo blob, and values (strings, slices,
 * maps, chans, interface globals).  The image is then read through an
 * ordinary gi_memory and gi_symbolizer, exactly as a core file or a live
 * process would be.
 *
 * Tests take their expected values from what they asked the builder to lay
 * out, never from decoding.
 *
 * Address map (offsets from the base, each area grows upwards):
 *   GI_IMAGE_TEXT     +0x0000000  functions (0xcc filled)
 *   GI_IMAGE_TYPES    +0x0200000  [types, etypes): 8-byte skip, descriptors;
 *                                 names from types+0x100000; in 1.27 the
 *                                 static itabs from types+0x180000
 *   GI_IMAGE_PCLNTAB  +0x0400000  pcHeader, funcnametab, pclntable, findfunctab
 *   GI_IMAGE_DATA     +0x0600000  moduledata, buildVersion, itabTableInit,
 *                                 static itabs (up to 1.26), typelinks,
 *                                 itablinks, buildinfo, globals
 *   GI_IMAGE_HEAP     +0x0800000  run-time itabs, values, map and chan memory
 * Only the used part of each area is mapped; everything else is a hole.
 *
 * Error handling: the add/put functions return the address of what they
 * laid out, or 0 if they failed; the first failure is kept and returned by
 * gi_image_finish() (and gi_image_error()), so a test checks once.
 */
#ifndef GOIFACE_IMAGE_H
#define GOIFACE_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "goiface/error.h"
#include "goiface/layout.h"
#include "goiface/memory.h"
#include "goiface/symbols.h"

#ifdef __cplusplus
extern "C" {
#endif

struct gi_image;

enum gi_image_area {
	GI_IMAGE_TEXT,
	GI_IMAGE_TYPES,
	GI_IMAGE_PCLNTAB,
	GI_IMAGE_DATA,
	GI_IMAGE_HEAP,
	GI_IMAGE_AREA_COUNT
};

/* A base usable by default (page aligned, like a non-PIE Go binary). */
#define GI_IMAGE_DEFAULT_BASE UINT64_C(0x400000)

/* base must be 4096-aligned.  The layout is not copied. */
struct gi_error *gi_image_create(const struct gi_layout *layout, uint64_t base,
				 struct gi_image **ret);
void gi_image_destroy(struct gi_image *img);

const struct gi_layout *gi_image_layout(const struct gi_image *img);
/* First recorded failure, NULL if none.  Owned by the image. */
const struct gi_error *gi_image_error(const struct gi_image *img);
/* [start, end) of the used part of an area. */
uint64_t gi_image_area_start(const struct gi_image *img, enum gi_image_area area);
uint64_t gi_image_area_end(const struct gi_image *img, enum gi_image_area area);

/* ---- Type descriptors ------------------------------------------------- */

/* storage in the interface data word */
enum gi_image_direct {
	GI_IMAGE_DIRECT_DEFAULT = 0, /* the release's compiler rule */
	GI_IMAGE_DIRECT_YES,
	GI_IMAGE_DIRECT_NO,
};

/* A method of a named type (uncommontype method record). */
struct gi_image_method {
	const char *name;    /* "Error"; lower case = unexported */
	/* If set, the name carries a pkgPath nameOff (method of an embedded
	 * type from another package). */
	const char *pkgpath;
	uint64_t mtyp;       /* func type without receiver; 0 writes -1 (dropped) */
	uint64_t ifn, tfn;   /* code addresses; 0 writes -1 (unreachable) */
};

/* An interface method (imethod record). */
struct gi_image_imethod {
	const char *name;
	uint64_t typ;        /* func type; 0 writes 0 */
};

/* A struct field (structfield record). */
struct gi_image_field {
	const char *name;    /* for embedded fields, the type's name ("T") */
	uint64_t type;
	uint64_t offset;
	const char *tag;     /* NULL: no tag */
	bool embedded;       /* 1.18: offset<<1|1; 1.19+: name flag 0x08 */
};

/*
 * Everything a descriptor can hold.  Zero means "derive it": size, ptrdata
 * and align from the kind (and the elements / fields), hash from the type
 * string, storage from the release's rule.
 */
struct gi_image_type {
	enum gi_kind kind;
	const char *str;      /* as %T prints it: "main.T", "*main.T", "map[string]int" */
	bool named;           /* TFlagNamed; implies an uncommontype */
	const char *pkgpath;  /* uncommontype PkgPath ("main"); implies uncommon */
	bool uncommon;        /* force an uncommontype with no methods */
	/* The compiler stores "*T" and sets TFlagExtraStar for every string
	 * not starting with '*'; plain_str stores str as is instead. */
	bool plain_str;
	uint64_t size, ptrdata;
	uint32_t hash;
	uint8_t align;
	enum gi_image_direct direct;
	uint64_t ptr_to_this; /* also set automatically when *T is added later */

	/* Sorted by name by the builder; xcount counts the exported ones. */
	const struct gi_image_method *methods;
	size_t nmethods;

	/* Pointer, Slice, Array, Chan, Map: element type */
	uint64_t elem;
	/* Map: key type.  Array: len and the []elem type (may be 0). */
	uint64_t key;
	uint64_t len;
	uint64_t slice;
	/* Chan: 1 recv, 2 send, 3 both (0 means 3) */
	int chan_dir;
	/* Func */
	const uint64_t *in, *out;
	size_t nin, nout;
	bool variadic;
	/* Struct, Interface: the pkgPath name written in the record (package
	 * of unexported fields / methods); NULL writes 0. */
	const char *type_pkgpath;
	const struct gi_image_field *fields;
	size_t nfields;
	/* Sorted by name by the builder, as the compiler does. */
	const struct gi_image_imethod *imethods;
	size_t nimethods;
};

/*
 * Lays out a descriptor (record, uncommontype, then func parameters,
 * imethods or fields, then methods, as the compiler does) in the types area
 * and returns its address.  Types the descriptor refers to must be added
 * first; see gi_image_set_type_word for cycles.
 */
uint64_t gi_image_add_type(struct gi_image *img, const struct gi_image_type *spec);

/* Shorthands: a predeclared type ("int", "string", "error" is not one:
 * build it as an interface) with its usual str, size and alignment. */
uint64_t gi_image_add_basic(struct gi_image *img, enum gi_kind kind);
/* A named type over a basic kind: "main.MyInt" with pkgpath "main". */
uint64_t gi_image_add_named_basic(struct gi_image *img, enum gi_kind kind,
				  const char *str, const char *pkgpath);
/* Unnamed *elem, []elem with str "*<elem str>" / "[]<elem str>". */
uint64_t gi_image_add_pointer(struct gi_image *img, uint64_t elem);
uint64_t gi_image_add_slice(struct gi_image *img, uint64_t elem);

/* Overwrites a pointer-sized word of a descriptor at the given offset
 * (e.g. layout->type.ptr_elem), for recursive types. */
void gi_image_set_type_word(struct gi_image *img, uint64_t type, uint32_t offset,
			    uint64_t value);

/* What the builder knows about a type it laid out. */
struct gi_image_type_info {
	enum gi_kind kind;
	uint64_t size;
	uint8_t align;
	uint32_t hash;
	bool direct;
	uint64_t str_name;    /* address of the name record of the type string */
	uint64_t uncommon;    /* 0 if none */
	uint64_t elem, key;
};
bool gi_image_type_info(const struct gi_image *img, uint64_t type,
			struct gi_image_type_info *ret);

/* A name record (varint length encoding) in the types area; returns its
 * address.  pkgpath adds the pkgPath nameOff (flag 0x04). */
uint64_t gi_image_add_name(struct gi_image *img, const char *name, const char *tag,
			   bool exported, bool embedded, const char *pkgpath);
/* nameOff / typeOff of an address in the types area. */
int32_t gi_image_types_offset(const struct gi_image *img, uint64_t address);

/* ---- Functions -------------------------------------------------------- */

/* A function of size bytes in text, with a pclntab entry and a symbol;
 * returns its entry address.  Names as the linker spells them:
 * "main.(*T).Error", "main.T.String", "main.main". */
uint64_t gi_image_add_function(struct gi_image *img, const char *name, uint64_t size);

/* ---- Itabs ------------------------------------------------------------ */

enum {
	/* Created by getitab at run time: in the heap, hash 0. */
	GI_IMAGE_ITAB_RUNTIME = 1 << 0,
	/* fun[0] == 0 and no other words; with GI_IMAGE_ITAB_RUNTIME it is
	 * the runtime's cached negative result. */
	GI_IMAGE_ITAB_NEGATIVE = 1 << 1,
	/* Leave it out of runtime.itabTable. */
	GI_IMAGE_ITAB_UNCACHED = 1 << 2,
};

/*
 * An itab for (inter, type).  fun[i] is the ifn of the type's method named
 * like the interface's i-th method (sorted), 0 where missing.  Static itabs
 * (flags 0) copy the type's hash and go to itablinks (up to 1.26) or the
 * itab area of the types section (1.27).  Every itab not UNCACHED is
 * entered into runtime.itabTable at finish, by the runtime's probe order.
 */
uint64_t gi_image_add_itab(struct gi_image *img, uint64_t inter, uint64_t type,
			   int flags);
/* Same with explicit fun[] words (nfun may differ from the method count). */
uint64_t gi_image_add_itab_fun(struct gi_image *img, uint64_t inter,
			       uint64_t type, int flags, const uint64_t *fun,
			       size_t nfun);
/* Size (a power of two) of the itabTable; default itabInitSize (512): the
 * table is runtime.itabTableInit.  Any other size is a heap table, as after
 * the runtime grew it.  Call before gi_image_finish. */
void gi_image_set_itab_table_size(struct gi_image *img, uint64_t size);
/* The slot an itab was given in the table at finish (-1 if none). */
int64_t gi_image_itab_slot(const struct gi_image *img, uint64_t itab);

/* ---- Raw memory and values -------------------------------------------- */

/* Zeroed bytes in DATA or HEAP (or TYPES/TEXT for odd tests). */
uint64_t gi_image_alloc(struct gi_image *img, enum gi_image_area area, uint64_t size,
			uint64_t align);
uint64_t gi_image_put_bytes(struct gi_image *img, enum gi_image_area area,
			    const void *bytes, uint64_t size, uint64_t align);
uint64_t gi_image_put_u64(struct gi_image *img, enum gi_image_area area, uint64_t value);

/* A Go string header {ptr, len} in the heap, bytes too; returns the header. */
uint64_t gi_image_put_string(struct gi_image *img, const char *bytes, size_t len);
/* A slice header {ptr, len, cap} in the heap over a zeroed backing array of
 * cap elements, the first len copied from elems; returns the header.
 * *array (if non-NULL) receives the backing array's address. */
uint64_t gi_image_put_slice(struct gi_image *img, const void *elems, uint64_t elem_size,
			    uint64_t len, uint64_t cap, uint64_t *array);

/*
 * A map value of the given map type holding count entries; keys and elems
 * are arrays of the key / elem type's size.  Returns what a map variable
 * holds (the *hmap or *maps.Map).  Classic: B chosen for load factor 6.5,
 * entries spread over the buckets in order.  Swiss: up to 8 entries a small
 * map (dirLen 0, dirPtr -> one group); more, or ntables > 1, a directory of
 * ntables tables (a power of two).  Keys and elems larger than 128 bytes are
 * stored indirectly, as the runtime does.
 */
uint64_t gi_image_put_map(struct gi_image *img, uint64_t map_type, const void *keys,
			  const void *elems, uint64_t count, unsigned ntables);
/* An hchan of the given chan type with capacity cap, holding len elements
 * (from elems) from recvx 0.  Returns the *hchan. */
uint64_t gi_image_put_chan(struct gi_image *img, uint64_t chan_type, uint64_t cap,
			   const void *elems, uint64_t len);

/* Named globals in DATA with a symbol. */
uint64_t gi_image_add_global(struct gi_image *img, const char *name, const void *bytes,
			     uint64_t size);
/* eface {type, data} / iface {itab, data} globals, e.g. "main.E". */
uint64_t gi_image_add_eface(struct gi_image *img, const char *name, uint64_t type,
			    uint64_t data);
uint64_t gi_image_add_iface(struct gi_image *img, const char *name, uint64_t itab,
			    uint64_t data);

/* ---- Program-wide records ---------------------------------------------- */

/* runtime.buildVersion; default "go1.<minor>.0". Call before finish. */
void gi_image_set_build_version(struct gi_image *img, const char *version);

/*
 * Writes what needs everything else: pclntab, moduledata (next = 0),
 * typelinks (unnamed composite types, sorted by type string) and
 * itablinks, or the 1.27 fields (typedesclen covers every descriptor in
 * the order added; itaboffset/itabsize the static itabs, ending at
 * etypes), itabTable, runtime.buildVersion, the buildinfo blob.  Returns
 * the first failure of any earlier call.  Nothing may be added afterwards;
 * pokes and holes may.
 */
struct gi_error *gi_image_finish(struct gi_image *img);

/* Address of a symbol of the image ("runtime.firstmoduledata", "main.E"),
 * 0 if none. */
uint64_t gi_image_symbol(const struct gi_image *img, const char *name);
/* The buildinfo blob (after finish). */
uint64_t gi_image_buildinfo(const struct gi_image *img, uint64_t *size);

/* ---- Adversarial edits (after finish) ---------------------------------- */

/* Removes [address, address+size) from the memory view. */
void gi_image_unmap(struct gi_image *img, uint64_t address, uint64_t size);
/* Overwrites bytes anywhere inside an area (mapped or not). */
struct gi_error *gi_image_poke(struct gi_image *img, uint64_t address, const void *bytes,
			       size_t size);
struct gi_error *gi_image_poke_u64(struct gi_image *img, uint64_t address, uint64_t value);
struct gi_error *gi_image_poke_u32(struct gi_image *img, uint64_t address, uint32_t value);
struct gi_error *gi_image_poke_u8(struct gi_image *img, uint64_t address, uint8_t value);

/* ---- Reading it back ---------------------------------------------------- */

/*
 * A gi_memory with one segment per mapped range as of this call (holes
 * made later need a new view); reads see pokes made at any time.  The
 * caller destroys it, before the image.
 */
struct gi_error *gi_image_memory(struct gi_image *img, struct gi_memory **ret);
/* Names -> addresses (runtime.firstmoduledata, runtime.buildVersion,
 * runtime.itabTable, runtime.itabTableInit, runtime.types, runtime.etypes,
 * runtime.text, runtime.etext, functions, globals); address -> the function
 * or global containing it.  Valid while the image lives. */
void gi_image_symbolizer(struct gi_image *img, struct gi_symbolizer *ret);

#ifdef __cplusplus
}
#endif

#endif /* GOIFACE_IMAGE_H */
