/*
 * The image builder's frame: areas of memory at fixed places, allocation,
 * symbols, edits after the fact, and the gi_memory / gi_symbolizer views.
 * What goes inside the areas is written by image_types.c, image_itab.c,
 * image_values.c and image_module.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image_internal.h"

uint64_t img_fail(struct gi_image *img, enum gi_error_code code, const char *fmt, ...)
{
	if (img->error)
		return 0;
	char message[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	img->error = gi_error_create(code, "image builder: %s", message);
	return 0;
}

uint64_t img_align_up(uint64_t v, uint64_t align)
{
	if (align <= 1)
		return v;
	return (v + align - 1) / align * align;
}

size_t img_put_varint(uint8_t *buf, uint64_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		buf[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	buf[n++] = (uint8_t)v;
	return n;
}

bool img_grow(struct gi_image *img, void **array, size_t *cap, size_t count,
	      size_t elem_size)
{
	if (count < *cap)
		return true;
	size_t new_cap = *cap ? *cap * 2 : 16;
	void *p = realloc(*array, new_cap * elem_size);
	if (!p) {
		img_fail(img, GI_ERROR_NO_MEMORY, "out of memory");
		return false;
	}
	*array = p;
	*cap = new_cap;
	return true;
}

char *img_strdup(struct gi_image *img, const char *s)
{
	char *copy = strdup(s ? s : "");
	if (!copy)
		img_fail(img, GI_ERROR_NO_MEMORY, "out of memory");
	return copy;
}

static struct img_area *area_of(struct gi_image *img, uint64_t address, uint64_t size)
{
	for (int i = 0; i < GI_IMAGE_AREA_COUNT; i++) {
		struct img_area *a = &img->areas[i];
		if (address >= a->start && size <= a->cap &&
		    address - a->start <= a->cap - size)
			return a;
	}
	return NULL;
}

uint8_t *img_bytes(struct gi_image *img, uint64_t address, uint64_t size)
{
	struct img_area *a = area_of(img, address, size);
	if (!a)
		return NULL;
	return a->bytes + (address - a->start);
}

void img_write(struct gi_image *img, uint64_t address, const void *src, size_t size)
{
	uint8_t *dst = img_bytes(img, address, size);
	if (!dst) {
		img_fail(img, GI_ERROR_INVALID, "write of %zu bytes at 0x%" PRIx64
			 " is outside the image", size, address);
		return;
	}
	memcpy(dst, src, size);
}

/* Little-endian stores, independent of the host's byte order. */
static void store_le(struct gi_image *img, uint64_t address, uint64_t v, size_t n)
{
	uint8_t buf[8];
	for (size_t i = 0; i < n; i++)
		buf[i] = (uint8_t)(v >> (8 * i));
	img_write(img, address, buf, n);
}

void img_write_u8(struct gi_image *img, uint64_t address, uint8_t v)
{
	store_le(img, address, v, 1);
}

void img_write_u16(struct gi_image *img, uint64_t address, uint16_t v)
{
	store_le(img, address, v, 2);
}

void img_write_u32(struct gi_image *img, uint64_t address, uint32_t v)
{
	store_le(img, address, v, 4);
}

void img_write_u64(struct gi_image *img, uint64_t address, uint64_t v)
{
	store_le(img, address, v, 8);
}

uint64_t img_read_u64(struct gi_image *img, uint64_t address)
{
	uint8_t *p = img_bytes(img, address, 8);
	uint64_t v = 0;
	if (!p)
		return 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

uint64_t img_types_alloc(struct gi_image *img, uint64_t *cursor, uint64_t limit,
			 uint64_t size, uint64_t align)
{
	struct img_area *a = &img->areas[GI_IMAGE_TYPES];
	uint64_t off = img_align_up(*cursor, align ? align : 1);
	if (img->finished)
		return img_fail(img, GI_ERROR_USAGE, "types added after finish");
	if (off > limit || size > limit - off)
		return img_fail(img, GI_ERROR_LIMIT, "types area full");
	*cursor = off + size;
	if (*cursor > a->used)
		a->used = *cursor;
	return a->start + off;
}

static uint64_t area_alloc(struct gi_image *img, enum gi_image_area which,
			   uint64_t size, uint64_t align)
{
	if (which == GI_IMAGE_TYPES)
		return img_types_alloc(img, &img->names_used, IMG_TYPES_ITABS, size, align);
	if ((unsigned)which >= GI_IMAGE_AREA_COUNT)
		return img_fail(img, GI_ERROR_USAGE, "no area %d", (int)which);
	struct img_area *a = &img->areas[which];
	uint64_t off = img_align_up(a->used, align ? align : 1);
	if (off > a->cap || size > a->cap - off)
		return img_fail(img, GI_ERROR_LIMIT, "area %d full", (int)which);
	a->used = off + size;
	return a->start + off;
}

uint64_t gi_image_alloc(struct gi_image *img, enum gi_image_area area, uint64_t size,
			uint64_t align)
{
	return area_alloc(img, area, size, align);
}

uint64_t gi_image_put_bytes(struct gi_image *img, enum gi_image_area area,
			    const void *bytes, uint64_t size, uint64_t align)
{
	uint64_t address = area_alloc(img, area, size, align);
	if (address && size)
		img_write(img, address, bytes, size);
	return address;
}

uint64_t gi_image_put_u64(struct gi_image *img, enum gi_image_area area, uint64_t value)
{
	uint64_t address = area_alloc(img, area, 8, 8);
	if (address)
		img_write_u64(img, address, value);
	return address;
}

uint64_t img_add_symbol(struct gi_image *img, const char *name, uint64_t address,
			uint64_t size)
{
	for (size_t i = 0; i < img->nsymbols; i++) {
		if (strcmp(img->symbols[i].name, name) == 0) {
			img->symbols[i].address = address;
			img->symbols[i].size = size;
			return address;
		}
	}
	if (!img_grow(img, (void **)&img->symbols, &img->symbols_cap, img->nsymbols,
		      sizeof(*img->symbols)))
		return 0;
	char *copy = img_strdup(img, name);
	if (!copy)
		return 0;
	img->symbols[img->nsymbols++] = (struct img_symbol){copy, address, size};
	return address;
}

uint64_t gi_image_symbol(const struct gi_image *img, const char *name)
{
	for (size_t i = 0; i < img->nsymbols; i++)
		if (strcmp(img->symbols[i].name, name) == 0)
			return img->symbols[i].address;
	return 0;
}

struct gi_error *gi_image_create(const struct gi_layout *layout, uint64_t base,
				 struct gi_image **ret)
{
	if (!layout)
		return gi_error_create(GI_ERROR_USAGE, "image builder: no layout");
	if (base % 4096 || base > UINT64_MAX / 2)
		return gi_error_create(GI_ERROR_USAGE,
				       "image builder: bad base 0x%" PRIx64, base);
	struct gi_image *img = calloc(1, sizeof(*img));
	if (!img)
		return &gi_error_no_memory;
	img->layout = layout;
	img->base = base;
	for (int i = 0; i < GI_IMAGE_AREA_COUNT; i++) {
		struct img_area *a = &img->areas[i];
		a->start = base + (uint64_t)i * IMG_AREA_STRIDE;
		a->cap = i == GI_IMAGE_HEAP ? IMG_HEAP_CAP : IMG_AREA_STRIDE;
		a->bytes = calloc(1, a->cap);
		if (!a->bytes) {
			gi_image_destroy(img);
			return &gi_error_no_memory;
		}
	}
	memset(img->areas[GI_IMAGE_TEXT].bytes, 0xcc, img->areas[GI_IMAGE_TEXT].cap);
	/* The linker starts the types section with a word no offset refers to,
	 * so that a nameOff/typeOff of 0 can mean "none". */
	img->desc_used = layout->types_skip;
	img->areas[GI_IMAGE_TYPES].used = layout->types_skip;
	img->names_used = IMG_TYPES_NAMES;
	img->itabs_used = 0;
	img->itab_table_size = layout->itab.table_init_size;

	img->moduledata = area_alloc(img, GI_IMAGE_DATA, layout->moduledata.size, 8);
	img_add_symbol(img, "runtime.firstmoduledata", img->moduledata,
		       layout->moduledata.size);
	img->build_version_var = area_alloc(img, GI_IMAGE_DATA, 16, 8);
	img_add_symbol(img, "runtime.buildVersion", img->build_version_var, 16);
	img->itab_table_var = area_alloc(img, GI_IMAGE_DATA, 8, 8);
	img_add_symbol(img, "runtime.itabTable", img->itab_table_var, 8);
	uint64_t init_size = layout->itab.table_entries +
			     8 * (uint64_t)layout->itab.table_init_size;
	img->itab_table_init = area_alloc(img, GI_IMAGE_DATA, init_size, 8);
	img_add_symbol(img, "runtime.itabTableInit", img->itab_table_init, init_size);

	char version[32];
	snprintf(version, sizeof(version), "go%d.%d.0", layout->major, layout->minor);
	img->build_version = img_strdup(img, version);

	if (img->error) {
		struct gi_error *err = img->error;
		img->error = NULL;
		gi_image_destroy(img);
		return err;
	}
	*ret = img;
	return NULL;
}

void gi_image_destroy(struct gi_image *img)
{
	if (!img)
		return;
	for (int i = 0; i < GI_IMAGE_AREA_COUNT; i++)
		free(img->areas[i].bytes);
	for (size_t i = 0; i < img->nsymbols; i++)
		free(img->symbols[i].name);
	free(img->symbols);
	for (size_t i = 0; i < img->ntypes; i++) {
		for (size_t j = 0; j < img->types[i].nmethods; j++)
			free(img->types[i].methods[j].name);
		free(img->types[i].methods);
	}
	free(img->types);
	free(img->itabs);
	for (size_t i = 0; i < img->nfunctions; i++)
		free(img->functions[i].name);
	free(img->functions);
	free(img->holes);
	free(img->build_version);
	gi_error_destroy(img->error);
	free(img);
}

const struct gi_layout *gi_image_layout(const struct gi_image *img)
{
	return img->layout;
}

const struct gi_error *gi_image_error(const struct gi_image *img)
{
	return img->error;
}

uint64_t gi_image_area_start(const struct gi_image *img, enum gi_image_area area)
{
	if ((unsigned)area >= GI_IMAGE_AREA_COUNT)
		return 0;
	return img->areas[area].start;
}

uint64_t gi_image_area_end(const struct gi_image *img, enum gi_image_area area)
{
	if ((unsigned)area >= GI_IMAGE_AREA_COUNT)
		return 0;
	/* 1.27: etypes is the end of the itab area, even an empty one */
	if (area == GI_IMAGE_TYPES && img->layout->itab.static_in_types_section)
		return img->areas[area].start + IMG_TYPES_ITABS + img->itabs_used;
	return img->areas[area].start + img->areas[area].used;
}

void gi_image_set_build_version(struct gi_image *img, const char *version)
{
	char *copy = img_strdup(img, version);
	if (!copy)
		return;
	free(img->build_version);
	img->build_version = copy;
}

uint64_t gi_image_add_global(struct gi_image *img, const char *name, const void *bytes,
			     uint64_t size)
{
	uint64_t address = area_alloc(img, GI_IMAGE_DATA, size ? size : 1, 8);
	if (!address)
		return 0;
	if (bytes && size)
		img_write(img, address, bytes, size);
	return img_add_symbol(img, name, address, size);
}

static uint64_t add_two_words(struct gi_image *img, const char *name, uint64_t w0,
			      uint64_t w1)
{
	uint8_t words[16];
	for (int i = 0; i < 8; i++) {
		words[i] = (uint8_t)(w0 >> (8 * i));
		words[8 + i] = (uint8_t)(w1 >> (8 * i));
	}
	return gi_image_add_global(img, name, words, sizeof(words));
}

uint64_t gi_image_add_eface(struct gi_image *img, const char *name, uint64_t type,
			    uint64_t data)
{
	return add_two_words(img, name, type, data);
}

uint64_t gi_image_add_iface(struct gi_image *img, const char *name, uint64_t itab,
			    uint64_t data)
{
	return add_two_words(img, name, itab, data);
}

struct gi_error *gi_image_finish(struct gi_image *img)
{
	if (img->finished)
		return img->error ? gi_error_create(img->error->code, "%s",
						    img->error->message)
				  : NULL;
	if (!img->error) {
		struct gi_error *err = img_finish_itabs(img);
		if (!err)
			err = img_finish_module(img);
		if (err && !img->error)
			img->error = err;
		else
			gi_error_destroy(err);
	}
	img->finished = true;
	if (img->error)
		return gi_error_create(img->error->code, "%s", img->error->message);
	return NULL;
}

void gi_image_unmap(struct gi_image *img, uint64_t address, uint64_t size)
{
	if (!size)
		return;
	if (!img_grow(img, (void **)&img->holes, &img->holes_cap, img->nholes,
		      sizeof(*img->holes)))
		return;
	img->holes[img->nholes++] = (struct img_hole){address, size};
}

struct gi_error *gi_image_poke(struct gi_image *img, uint64_t address, const void *bytes,
			       size_t size)
{
	uint8_t *dst = img_bytes(img, address, size);
	if (!dst)
		return gi_error_create(GI_ERROR_INVALID,
				       "image builder: cannot poke %zu bytes at 0x%" PRIx64
				       ": outside the image",
				       size, address);
	memcpy(dst, bytes, size);
	return NULL;
}

static struct gi_error *poke_le(struct gi_image *img, uint64_t address, uint64_t v,
				size_t n)
{
	uint8_t buf[8];
	for (size_t i = 0; i < n; i++)
		buf[i] = (uint8_t)(v >> (8 * i));
	return gi_image_poke(img, address, buf, n);
}

struct gi_error *gi_image_poke_u64(struct gi_image *img, uint64_t address, uint64_t value)
{
	return poke_le(img, address, value, 8);
}

struct gi_error *gi_image_poke_u32(struct gi_image *img, uint64_t address, uint32_t value)
{
	return poke_le(img, address, value, 4);
}

struct gi_error *gi_image_poke_u8(struct gi_image *img, uint64_t address, uint8_t value)
{
	return poke_le(img, address, value, 1);
}

/* Reads come straight from the builder's buffers, so later pokes show. */
static struct gi_error *read_area(void *buf, uint64_t address, size_t count,
				  uint64_t offset, void *arg)
{
	const struct img_area *a = arg;
	(void)offset;
	if (address < a->start || count > a->cap || address - a->start > a->cap - count)
		return gi_error_fault(address, "0x%" PRIx64 " is not mapped", address);
	memcpy(buf, a->bytes + (address - a->start), count);
	return NULL;
}

/* Adds [start, end) minus the holes, as separate segments. */
static struct gi_error *add_mapped(struct gi_image *img, struct gi_memory *mem,
				   struct img_area *a, uint64_t start, uint64_t end)
{
	if (start >= end)
		return NULL;
	for (size_t i = 0; i < img->nholes; i++) {
		uint64_t hs = img->holes[i].address;
		uint64_t he = hs + img->holes[i].size;
		if (he < hs)
			he = UINT64_MAX;
		if (he <= start || hs >= end)
			continue;
		struct gi_error *err = add_mapped(img, mem, a, start, hs > start ? hs : start);
		if (err)
			return err;
		return add_mapped(img, mem, a, he < end ? he : end, end);
	}
	return gi_memory_add_segment(mem, start, end - start, read_area, a);
}

struct gi_error *gi_image_memory(struct gi_image *img, struct gi_memory **ret)
{
	struct gi_memory *mem;
	struct gi_error *err = gi_memory_create(&mem);
	if (err)
		return err;
	for (int i = 0; i < GI_IMAGE_AREA_COUNT && !err; i++) {
		struct img_area *a = &img->areas[i];
		uint64_t end = gi_image_area_end(img, (enum gi_image_area)i);
		err = add_mapped(img, mem, a, a->start, img_align_up(end, 8));
	}
	if (err) {
		gi_memory_destroy(mem);
		return err;
	}
	*ret = mem;
	return NULL;
}

static struct gi_error *lookup_name(void *arg, const char *name, struct gi_symbol *ret)
{
	const struct gi_image *img = arg;
	for (size_t i = 0; i < img->nsymbols; i++) {
		if (strcmp(img->symbols[i].name, name) == 0) {
			ret->name = img->symbols[i].name;
			ret->address = img->symbols[i].address;
			ret->size = img->symbols[i].size;
			return NULL;
		}
	}
	return gi_error_create(GI_ERROR_NOT_FOUND, "no symbol %s", name);
}

static struct gi_error *lookup_address(void *arg, uint64_t address,
				       struct gi_symbol *ret)
{
	const struct gi_image *img = arg;
	for (size_t i = 0; i < img->nsymbols; i++) {
		const struct img_symbol *s = &img->symbols[i];
		bool inside = s->size ? address >= s->address &&
						address - s->address < s->size
				      : address == s->address;
		if (inside) {
			ret->name = s->name;
			ret->address = s->address;
			ret->size = s->size;
			return NULL;
		}
	}
	return gi_error_create(GI_ERROR_NOT_FOUND, "no symbol contains 0x%" PRIx64,
			       address);
}

void gi_image_symbolizer(struct gi_image *img, struct gi_symbolizer *ret)
{
	ret->lookup_name = lookup_name;
	ret->lookup_address = lookup_address;
	ret->arg = img;
}
