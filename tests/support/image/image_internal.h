/*
 * Shared state of the synthetic image builder; private to image*.c.
 */
#ifndef GOIFACE_IMAGE_INTERNAL_H
#define GOIFACE_IMAGE_INTERNAL_H

#include <inttypes.h>
#include <stdarg.h>

#include "goiface/image.h"

/* Offsets of the areas from the base, and how much each may hold. */
#define IMG_AREA_STRIDE UINT64_C(0x200000)
#define IMG_HEAP_CAP UINT64_C(0x800000)
/* Sub-areas of the types area (offsets from runtime.types). */
#define IMG_TYPES_NAMES UINT64_C(0x100000)
#define IMG_TYPES_ITABS UINT64_C(0x180000)

struct img_area {
	uint64_t start, cap, used;
	uint8_t *bytes;
};

struct img_symbol {
	char *name;
	uint64_t address, size;
};

struct img_method {
	char *name;
	uint64_t mtyp, ifn;
};

struct img_type {
	uint64_t address;
	enum gi_kind kind;
	uint64_t size, ptrdata;
	uint8_t align;
	uint32_t hash;
	bool direct, named;
	/* compiler alg properties: == is memequal (TFlagRegularMemory);
	 * k == k for all k; a key must be rewritten on overwrite; hashing
	 * may panic */
	bool regular, reflexive, need_key_update, hash_might_panic;
	uint64_t str_name, uncommon, elem, key;
	uint64_t nfields;
	/* methods of a concrete type / imethods of an interface, sorted */
	struct img_method *methods;
	size_t nmethods;
	/* maps: how keys and elems are stored */
	bool indirect_key, indirect_elem;
	uint64_t key_slot_size, elem_slot_size, slot_size, elem_off, bucket_size;
};

struct img_itab {
	uint64_t address, inter, type;
	int flags;
	int64_t slot;
};

struct img_function {
	char *name;
	uint64_t entry, size;
};

struct img_hole {
	uint64_t address, size;
};

struct gi_image {
	const struct gi_layout *layout;
	uint64_t base;
	struct img_area areas[GI_IMAGE_AREA_COUNT];
	/* cursors inside the types area, as offsets from its start */
	uint64_t desc_used, names_used, itabs_used;
	struct gi_error *error;
	bool finished;

	struct img_symbol *symbols;
	size_t nsymbols, symbols_cap;
	struct img_type *types;
	size_t ntypes, types_cap;
	struct img_itab *itabs;
	size_t nitabs, itabs_cap;
	struct img_function *functions;
	size_t nfunctions, functions_cap;
	struct img_hole *holes;
	size_t nholes, holes_cap;

	char *build_version;
	uint64_t itab_table_size;
	uint64_t moduledata, build_version_var, itab_table_var, itab_table_init;
	uint64_t buildinfo, buildinfo_size;
};

/* Records the first failure; later ones are dropped.  Returns 0 so callers
 * can `return img_fail(...)`. */
uint64_t img_fail(struct gi_image *img, enum gi_error_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Pointer to the bytes behind [address, address+size) inside one area, or
 * NULL. */
uint8_t *img_bytes(struct gi_image *img, uint64_t address, uint64_t size);
void img_write(struct gi_image *img, uint64_t address, const void *src, size_t size);
void img_write_u8(struct gi_image *img, uint64_t address, uint8_t v);
void img_write_u16(struct gi_image *img, uint64_t address, uint16_t v);
void img_write_u32(struct gi_image *img, uint64_t address, uint32_t v);
void img_write_u64(struct gi_image *img, uint64_t address, uint64_t v);
uint64_t img_read_u64(struct gi_image *img, uint64_t address);
/* Allocation with an explicit cursor inside the types area. */
uint64_t img_types_alloc(struct gi_image *img, uint64_t *cursor, uint64_t limit,
			 uint64_t size, uint64_t align);
uint64_t img_add_symbol(struct gi_image *img, const char *name, uint64_t address,
			uint64_t size);
struct img_type *img_find_type(const struct gi_image *img, uint64_t address);
/* Grows *array (of elem_size elements) so it holds one more. */
bool img_grow(struct gi_image *img, void **array, size_t *cap, size_t count,
	      size_t elem_size);
char *img_strdup(struct gi_image *img, const char *s);
uint64_t img_align_up(uint64_t v, uint64_t align);
/* Appends a varint (7 bits a byte, low first) to buf; returns its length. */
size_t img_put_varint(uint8_t *buf, uint64_t v);

/* image_types.c: the type string as %T prints it (ExtraStar dropped). */
size_t img_type_string(struct gi_image *img, uint64_t type, char *buf, size_t cap);
/* image_itab.c */
struct gi_error *img_finish_itabs(struct gi_image *img);
/* image_module.c */
struct gi_error *img_finish_module(struct gi_image *img);

#endif
