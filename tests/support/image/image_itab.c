/*
 * Itabs and the runtime's itab cache (runtime.itabTable), placed as the
 * compiler, linker and runtime place them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image_internal.h"

/* fun[i] = ifn of the type's method named like the interface's i-th
 * method; false if one is missing (the runtime then caches a negative
 * itab). */
static bool match_methods(const struct img_type *inter, const struct img_type *type,
			  uint64_t *fun)
{
	for (size_t i = 0; i < inter->nmethods; i++) {
		fun[i] = 0;
		for (size_t j = 0; type && j < type->nmethods; j++)
			if (strcmp(inter->methods[i].name, type->methods[j].name) == 0)
				fun[i] = type->methods[j].ifn;
		if (!fun[i])
			return false;
	}
	return true;
}

static uint64_t place_itab(struct gi_image *img, uint64_t inter, uint64_t type, int flags,
			   const uint64_t *fun, size_t nfun)
{
	const struct gi_layout *l = img->layout;
	const struct img_type *t = img_find_type(img, type);
	bool negative = nfun == 0 || fun[0] == 0;
	/* fun is declared [1]uintptr: an itab is never smaller than 32 bytes */
	uint64_t size = l->itab.fun + 8 * (negative ? 1 : nfun);
	uint64_t a;

	if (img->error)
		return 0;
	if (img->finished)
		return img_fail(img, GI_ERROR_USAGE, "itab added after finish");
	if (flags & GI_IMAGE_ITAB_RUNTIME) {
		/* persistentalloc'd by getitab */
		a = gi_image_alloc(img, GI_IMAGE_HEAP, size, 8);
	} else if (l->itab.static_in_types_section) {
		uint64_t cursor = IMG_TYPES_ITABS + img->itabs_used;
		a = img_types_alloc(img, &cursor, IMG_AREA_STRIDE, size, 8);
		img->itabs_used = cursor - IMG_TYPES_ITABS;
	} else {
		a = gi_image_alloc(img, GI_IMAGE_DATA, size, 8);
	}
	if (!a)
		return 0;
	img_write_u64(img, a + l->itab.inter, inter);
	img_write_u64(img, a + l->itab.type, type);
	/* getitab writes 0: only compiler-made itabs take part in type
	 * switches, which is what the hash is for. */
	img_write_u32(img, a + l->itab.hash,
		      (flags & GI_IMAGE_ITAB_RUNTIME) || !t ? 0 : t->hash);
	if (negative)
		img_write_u64(img, a + l->itab.fun, 0);
	else
		for (size_t i = 0; i < nfun; i++)
			img_write_u64(img, a + l->itab.fun + 8 * i, fun[i]);

	if (!(flags & GI_IMAGE_ITAB_RUNTIME) && !l->itab.static_in_types_section) {
		char tstr[512], istr[512], sym[1100];
		img_type_string(img, type, tstr, sizeof(tstr));
		img_type_string(img, inter, istr, sizeof(istr));
		snprintf(sym, sizeof(sym), "%s%s,%s", l->itab_symbol_prefix, tstr, istr);
		img_add_symbol(img, sym, a, size);
	}

	if (!img_grow(img, (void **)&img->itabs, &img->itabs_cap, img->nitabs,
		      sizeof(*img->itabs)))
		return 0;
	img->itabs[img->nitabs++] = (struct img_itab){a, inter, type, flags, -1};
	return a;
}

uint64_t gi_image_add_itab_fun(struct gi_image *img, uint64_t inter, uint64_t type,
			       int flags, const uint64_t *fun, size_t nfun)
{
	return place_itab(img, inter, type, flags, fun, nfun);
}

uint64_t gi_image_add_itab(struct gi_image *img, uint64_t inter, uint64_t type, int flags)
{
	const struct img_type *it = img_find_type(img, inter);
	if (!it || it->kind != GI_KIND_INTERFACE)
		return img_fail(img, GI_ERROR_USAGE,
				"itab: 0x%" PRIx64 " is not an interface type", inter);
	if (!img_find_type(img, type))
		return img_fail(img, GI_ERROR_USAGE, "itab: 0x%" PRIx64 " is not a type", type);
	size_t n = it->nmethods ? it->nmethods : 1;
	uint64_t *fun = calloc(n, sizeof(*fun));
	if (!fun)
		return img_fail(img, GI_ERROR_NO_MEMORY, "out of memory");
	bool ok = match_methods(it, img_find_type(img, type), fun);
	if (!ok || (flags & GI_IMAGE_ITAB_NEGATIVE))
		fun[0] = 0;
	uint64_t a = place_itab(img, inter, type, flags, fun, it->nmethods);
	free(fun);
	return a;
}

void gi_image_set_itab_table_size(struct gi_image *img, uint64_t size)
{
	if (!size || (size & (size - 1)))
		img_fail(img, GI_ERROR_USAGE, "itab table size %" PRIu64
			 " is not a power of two", size);
	else
		img->itab_table_size = size;
}

int64_t gi_image_itab_slot(const struct gi_image *img, uint64_t itab)
{
	for (size_t i = 0; i < img->nitabs; i++)
		if (img->itabs[i].address == itab)
			return img->itabs[i].slot;
	return -1;
}

/* itabsinit / itabAdd: every itab goes in by runtime itabTableType.add's
 * quadratic probe from (inter.Hash ^ type.Hash) & (size-1). */
struct gi_error *img_finish_itabs(struct gi_image *img)
{
	const struct gi_itab_layout *il = &img->layout->itab;
	uint64_t size = img->itab_table_size;
	uint64_t table = img->itab_table_init;

	if (size != il->table_init_size) {
		table = gi_image_alloc(img, GI_IMAGE_HEAP, il->table_entries + 8 * size, 8);
		if (!table)
			return NULL;
	}
	uint64_t mask = size - 1, count = 0;
	for (size_t k = 0; k < img->nitabs; k++) {
		struct img_itab *it = &img->itabs[k];
		if (it->flags & GI_IMAGE_ITAB_UNCACHED)
			continue;
		const struct img_type *inter = img_find_type(img, it->inter);
		const struct img_type *type = img_find_type(img, it->type);
		uint32_t h0 = (inter ? inter->hash : 0) ^ (type ? type->hash : 0);
		uint64_t h = h0 & mask;
		uint64_t i = 1;
		while (img_read_u64(img, table + il->table_entries + 8 * h)) {
			if (i > size)
				return gi_error_create(GI_ERROR_LIMIT,
						       "image builder: itab table full");
			h = (h + i) & mask;
			i++;
		}
		img_write_u64(img, table + il->table_entries + 8 * h, it->address);
		it->slot = (int64_t)h;
		count++;
	}
	img_write_u64(img, table + il->table_size, size);
	img_write_u64(img, table + il->table_count, count);
	img_write_u64(img, img->itab_table_var, table);
	return NULL;
}
