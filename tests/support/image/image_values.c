/*
 * Values in the image's heap: strings, slices, maps (classic buckets and
 * swiss tables) and channels, laid out as the release's runtime does.
 */
#include <stdlib.h>
#include <string.h>

#include "image_internal.h"

uint64_t gi_image_put_string(struct gi_image *img, const char *bytes, size_t len)
{
	uint64_t data = len ? gi_image_put_bytes(img, GI_IMAGE_HEAP, bytes, len, 1) : 0;
	uint64_t header = gi_image_alloc(img, GI_IMAGE_HEAP, 16, 8);
	if (!header || (len && !data))
		return 0;
	img_write_u64(img, header, data);
	img_write_u64(img, header + 8, len);
	return header;
}

uint64_t gi_image_put_slice(struct gi_image *img, const void *elems, uint64_t elem_size,
			    uint64_t len, uint64_t cap, uint64_t *array)
{
	if (len > cap)
		return img_fail(img, GI_ERROR_USAGE, "slice len %" PRIu64 " > cap %" PRIu64,
				len, cap);
	uint64_t data = 0;
	if (cap && elem_size) {
		data = gi_image_alloc(img, GI_IMAGE_HEAP, cap * elem_size, 8);
		if (!data)
			return 0;
		if (elems && len)
			img_write(img, data, elems, len * elem_size);
	}
	uint64_t header = gi_image_alloc(img, GI_IMAGE_HEAP, 24, 8);
	if (!header)
		return 0;
	img_write_u64(img, header, data);
	img_write_u64(img, header + 8, len);
	img_write_u64(img, header + 16, cap);
	if (array)
		*array = data;
	return header;
}

/* Stores one key or elem in a slot: inline, or through a pointer to a
 * heap copy when the map type says indirect. */
static void store_slot(struct gi_image *img, uint64_t at, const uint8_t *value,
		       uint64_t size, bool indirect)
{
	if (!indirect) {
		if (size)
			img_write(img, at, value, size);
		return;
	}
	uint64_t copy = gi_image_put_bytes(img, GI_IMAGE_HEAP, value, size, 8);
	img_write_u64(img, at, copy);
}

struct map_entries {
	const uint8_t *keys, *elems;
	uint64_t key_size, elem_size;
};

/* hmap + 2^B buckets; entries go round-robin over the buckets, which at
 * load factor 6.5 never needs overflow buckets. */
static uint64_t put_classic_map(struct gi_image *img, const struct img_type *mt,
				const struct map_entries *e, uint64_t count)
{
	const struct gi_runtime_layout *rl = &img->layout->runtime;
	uint8_t b = 0;
	/* runtime overLoadFactor: count > 8 && count > 6.5 * 2^B */
	while (count > 8 && count * 2 > 13 * ((uint64_t)1 << b))
		b++;
	uint64_t nbuckets = (uint64_t)1 << b;
	uint64_t buckets = 0;
	if (count) {
		buckets = gi_image_alloc(img, GI_IMAGE_HEAP, nbuckets * mt->bucket_size, 8);
		if (!buckets)
			return 0;
	}
	for (uint64_t i = 0; i < count; i++) {
		uint64_t bucket = buckets + (i % nbuckets) * mt->bucket_size;
		uint64_t slot = i / nbuckets;
		img_write_u8(img, bucket + slot, (uint8_t)(rl->bucket_min_tophash + i % 200));
		store_slot(img, bucket + rl->bucket_tophash_size + slot * mt->key_slot_size,
			   e->keys + i * e->key_size, e->key_size, mt->indirect_key);
		store_slot(img, bucket + mt->elem_off + slot * mt->elem_slot_size,
			   e->elems + i * e->elem_size, e->elem_size, mt->indirect_elem);
	}
	uint64_t h = gi_image_alloc(img, GI_IMAGE_HEAP, rl->hmap_size, 8);
	if (!h)
		return 0;
	img_write_u64(img, h + rl->hmap_count, count);
	img_write_u8(img, h + rl->hmap_b, b);
	img_write_u64(img, h + rl->hmap_buckets, buckets);
	img_write_u64(img, h + rl->hmap_oldbuckets, 0);
	return h;
}

/* Fills one swiss group's slots [0, n) from entries [first, first+n). */
static void fill_group(struct gi_image *img, const struct img_type *mt, uint64_t group,
		       const struct map_entries *e, uint64_t first, uint64_t n)
{
	const struct gi_runtime_layout *rl = &img->layout->runtime;
	for (uint64_t s = 0; s < rl->sgroup_slots; s++) {
		uint8_t ctrl = rl->sgroup_ctrl_empty;
		if (s < n) {
			uint64_t i = first + s;
			/* h2: the low 7 bits of the hash; any value below 0x80 */
			ctrl = (uint8_t)((i * 37 + 11) & 0x7f);
			uint64_t slot = group + rl->sgroup_slots_off + s * mt->slot_size;
			store_slot(img, slot, e->keys + i * e->key_size, e->key_size,
				   mt->indirect_key);
			store_slot(img, slot + mt->elem_off, e->elems + i * e->elem_size,
				   e->elem_size, mt->indirect_elem);
		}
		img_write_u8(img, group + rl->sgroup_ctrl + s, ctrl);
	}
}

/* maps.Map: a small map is one group with dirLen 0; otherwise a directory
 * of 2^globalDepth tables, each with a power-of-two number of groups
 * filled to at most 7 of 8 slots (the maximum load). */
static uint64_t put_swiss_map(struct gi_image *img, const struct img_type *mt,
			      const struct map_entries *e, uint64_t count, unsigned ntables)
{
	const struct gi_runtime_layout *rl = &img->layout->runtime;
	uint64_t m = gi_image_alloc(img, GI_IMAGE_HEAP, rl->smap_size, 8);
	if (!m)
		return 0;
	img_write_u64(img, m + rl->smap_used, count);
	img_write_u64(img, m + rl->smap_seed, 0x5eed5eed5eed5eedu);

	if (ntables <= 1 && count <= rl->sgroup_slots) {
		uint64_t group = 0;
		if (count) {
			group = gi_image_alloc(img, GI_IMAGE_HEAP, mt->bucket_size, 8);
			if (!group)
				return 0;
			fill_group(img, mt, group, e, 0, count);
		}
		img_write_u64(img, m + rl->smap_dir_ptr, group);
		img_write_u64(img, m + rl->smap_dir_len, 0);
		return m;
	}

	if (ntables == 0)
		ntables = 1;
	if (ntables & (ntables - 1))
		return img_fail(img, GI_ERROR_USAGE, "%u tables: not a power of two", ntables);
	uint8_t depth = 0;
	while ((1u << depth) < ntables)
		depth++;
	uint64_t dir = gi_image_alloc(img, GI_IMAGE_HEAP, 8 * (uint64_t)ntables, 8);
	if (!dir)
		return 0;
	uint64_t per_group = rl->sgroup_slots - 1;
	uint64_t next = 0;
	for (unsigned t = 0; t < ntables; t++) {
		uint64_t n = count / ntables + (t < count % ntables ? 1 : 0);
		uint64_t ngroups = 1;
		while (ngroups * per_group < n)
			ngroups *= 2;
		uint64_t groups = gi_image_alloc(img, GI_IMAGE_HEAP, ngroups * mt->bucket_size, 8);
		uint64_t table = gi_image_alloc(img, GI_IMAGE_HEAP, rl->stable_size, 8);
		if (!groups || !table)
			return 0;
		for (uint64_t g = 0, left = n; g < ngroups; g++) {
			uint64_t take = left < per_group ? left : per_group;
			fill_group(img, mt, groups + g * mt->bucket_size, e, next, take);
			next += take;
			left -= take;
		}
		uint64_t capacity = ngroups * rl->sgroup_slots;
		img_write_u16(img, table + rl->stable_used, (uint16_t)n);
		img_write_u16(img, table + rl->stable_capacity, (uint16_t)capacity);
		img_write_u16(img, table + rl->stable_growth_left,
			      (uint16_t)(capacity * 7 / 8 - n));
		img_write_u8(img, table + rl->stable_local_depth, depth);
		img_write_u64(img, table + rl->stable_index, t);
		img_write_u64(img, table + rl->stable_groups_data, groups);
		img_write_u64(img, table + rl->stable_groups_length_mask, ngroups - 1);
		img_write_u64(img, dir + 8 * (uint64_t)t, table);
	}
	img_write_u64(img, m + rl->smap_dir_ptr, dir);
	img_write_u64(img, m + rl->smap_dir_len, ntables);
	img_write_u8(img, m + rl->smap_global_depth, depth);
	img_write_u8(img, m + rl->smap_global_shift, (uint8_t)(64 - depth));
	return m;
}

uint64_t gi_image_put_map(struct gi_image *img, uint64_t map_type, const void *keys,
			  const void *elems, uint64_t count, unsigned ntables)
{
	const struct img_type *mt = img_find_type(img, map_type);
	if (!mt || mt->kind != GI_KIND_MAP)
		return img_fail(img, GI_ERROR_USAGE, "0x%" PRIx64 " is not a map type",
				map_type);
	const struct img_type *kt = img_find_type(img, mt->key);
	const struct img_type *et = img_find_type(img, mt->elem);
	struct map_entries e = {
		.keys = keys,
		.elems = elems,
		.key_size = kt ? kt->size : 8,
		.elem_size = et ? et->size : 8,
	};
	if (count && (!keys || !elems))
		return img_fail(img, GI_ERROR_USAGE, "map entries missing");
	if (img->layout->type.map_impl == GI_MAP_CLASSIC)
		return put_classic_map(img, mt, &e, count);
	return put_swiss_map(img, mt, &e, count, ntables);
}

uint64_t gi_image_put_chan(struct gi_image *img, uint64_t chan_type, uint64_t cap,
			   const void *elems, uint64_t len)
{
	const struct gi_runtime_layout *rl = &img->layout->runtime;
	const struct img_type *ct = img_find_type(img, chan_type);
	if (!ct || ct->kind != GI_KIND_CHAN)
		return img_fail(img, GI_ERROR_USAGE, "0x%" PRIx64 " is not a chan type",
				chan_type);
	if (len > cap)
		return img_fail(img, GI_ERROR_USAGE, "chan len %" PRIu64 " > cap %" PRIu64,
				len, cap);
	const struct img_type *et = img_find_type(img, ct->elem);
	uint64_t elem_size = et ? et->size : 8;
	uint64_t c = gi_image_alloc(img, GI_IMAGE_HEAP, rl->hchan_size, 8);
	if (!c)
		return 0;
	uint64_t buf = c + rl->hchan_buf; /* makechan: unbuffered chans point at themselves */
	if (cap && elem_size) {
		buf = gi_image_alloc(img, GI_IMAGE_HEAP, cap * elem_size, 8);
		if (!buf)
			return 0;
		if (elems && len)
			img_write(img, buf, elems, len * elem_size);
	}
	img_write_u64(img, c + rl->hchan_qcount, len);
	img_write_u64(img, c + rl->hchan_dataqsiz, cap);
	img_write_u64(img, c + rl->hchan_buf, buf);
	img_write_u16(img, c + rl->hchan_elemsize, (uint16_t)elem_size);
	img_write_u32(img, c + rl->hchan_closed, 0);
	img_write_u64(img, c + rl->hchan_elemtype, ct->elem);
	img_write_u64(img, c + rl->hchan_sendx, cap ? len % cap : 0);
	img_write_u64(img, c + rl->hchan_recvx, 0);
	return c;
}
