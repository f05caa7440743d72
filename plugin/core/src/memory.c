/*
 * The target's memory as overlapping segments with read callbacks.  Later
 * segments shadow earlier ones, so a read is cut into chunks each served by
 * the newest segment covering it.  An optional page cache sits in front for
 * slow readers.
 */
#include "goiface/memory.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_SIZE 4096u
#define CACHE_SLOTS 256u

struct segment {
	uint64_t start, end; /* [start, end) */
	gi_memory_read_fn *read_fn;
	void *arg;
};

struct cache_page {
	uint64_t address; /* page-aligned */
	bool valid;
	unsigned char data[PAGE_SIZE];
};

struct gi_memory {
	struct segment *segments; /* oldest first */
	size_t num_segments, cap_segments;
	bool cache_enabled;
	struct cache_page *cache; /* CACHE_SLOTS, direct-mapped */
};

struct gi_error *gi_memory_create(struct gi_memory **ret)
{
	struct gi_memory *mem = calloc(1, sizeof(*mem));
	if (!mem)
		return &gi_error_no_memory;
	*ret = mem;
	return NULL;
}

void gi_memory_destroy(struct gi_memory *mem)
{
	if (!mem)
		return;
	free(mem->segments);
	free(mem->cache);
	free(mem);
}

struct gi_error *gi_memory_add_segment(struct gi_memory *mem, uint64_t address,
				       uint64_t size, gi_memory_read_fn *read_fn,
				       void *arg)
{
	if (!read_fn)
		return gi_error_create(GI_ERROR_USAGE,
				       "memory segment at 0x%" PRIx64 " has no reader",
				       address);
	if (size == 0)
		return NULL;
	if (mem->num_segments == mem->cap_segments) {
		size_t cap = mem->cap_segments ? mem->cap_segments * 2 : 8;
		struct segment *s = realloc(mem->segments, cap * sizeof(*s));
		if (!s)
			return &gi_error_no_memory;
		mem->segments = s;
		mem->cap_segments = cap;
	}
	uint64_t end = address + size;
	if (end < address)
		end = UINT64_MAX; /* a segment spanning the rest of the address space */
	mem->segments[mem->num_segments++] = (struct segment){
		.start = address, .end = end, .read_fn = read_fn, .arg = arg,
	};
	gi_memory_flush_cache(mem);
	return NULL;
}

void gi_memory_set_cache(struct gi_memory *mem, bool enabled)
{
	mem->cache_enabled = enabled;
	if (!enabled) {
		free(mem->cache);
		mem->cache = NULL;
	}
}

void gi_memory_flush_cache(struct gi_memory *mem)
{
	if (mem->cache) {
		for (size_t i = 0; i < CACHE_SLOTS; i++)
			mem->cache[i].valid = false;
	}
}

/*
 * The newest segment containing address, and how many bytes from address it
 * serves before a newer segment takes over or it ends.
 */
static const struct segment *find_segment(const struct gi_memory *mem,
					  uint64_t address, uint64_t *avail)
{
	for (size_t i = mem->num_segments; i-- > 0;) {
		const struct segment *seg = &mem->segments[i];
		if (address < seg->start || address >= seg->end)
			continue;
		uint64_t end = seg->end;
		for (size_t j = i + 1; j < mem->num_segments; j++) {
			uint64_t s = mem->segments[j].start;
			if (s > address && s < end)
				end = s;
		}
		*avail = end - address;
		return seg;
	}
	return NULL;
}

static struct gi_error *read_uncached(struct gi_memory *mem, void *buf,
				      uint64_t address, size_t count)
{
	unsigned char *out = buf;
	while (count > 0) {
		uint64_t avail;
		const struct segment *seg = find_segment(mem, address, &avail);
		if (!seg)
			return gi_error_fault(address, "0x%" PRIx64 " is not mapped",
					      address);
		size_t n = avail < count ? (size_t)avail : count;
		struct gi_error *err = seg->read_fn(out, address, n,
						    address - seg->start, seg->arg);
		if (err)
			return err;
		out += n;
		address += n;
		count -= n;
	}
	return NULL;
}

static struct gi_error *read_cached(struct gi_memory *mem, void *buf,
				    uint64_t address, size_t count)
{
	if (!mem->cache) {
		mem->cache = calloc(CACHE_SLOTS, sizeof(*mem->cache));
		if (!mem->cache)
			return read_uncached(mem, buf, address, count);
	}
	unsigned char *out = buf;
	while (count > 0) {
		uint64_t page = address & ~(uint64_t)(PAGE_SIZE - 1);
		size_t off = (size_t)(address - page);
		size_t n = PAGE_SIZE - off < count ? PAGE_SIZE - off : count;
		struct cache_page *slot = &mem->cache[(page / PAGE_SIZE) % CACHE_SLOTS];
		if (!slot->valid || slot->address != page) {
			struct gi_error *err = NULL;
			if (page + PAGE_SIZE - 1 < page)
				err = gi_error_create(GI_ERROR_FAULT, "last page");
			else
				err = read_uncached(mem, slot->data, page, PAGE_SIZE);
			if (err) {
				/* A partly mapped page: read just what was asked. */
				gi_error_destroy(err);
				slot->valid = false;
				err = read_uncached(mem, out, address, n);
				if (err)
					return err;
				goto next;
			}
			slot->valid = true;
			slot->address = page;
		}
		memcpy(out, slot->data + off, n);
next:
		out += n;
		address += n;
		count -= n;
	}
	return NULL;
}

struct gi_error *gi_memory_read(struct gi_memory *mem, void *buf,
				uint64_t address, size_t count)
{
	if (count == 0)
		return NULL;
	if (address + count - 1 < address)
		return gi_error_fault(address,
				      "0x%" PRIx64 " + %zu wraps around the address space",
				      address, count);
	if (mem->cache_enabled)
		return read_cached(mem, buf, address, count);
	return read_uncached(mem, buf, address, count);
}

/* Targets are little-endian (see layout.h); assemble explicitly so the host
 * byte order never matters. */
struct gi_error *gi_memory_read_u8(struct gi_memory *mem, uint64_t address, uint8_t *ret)
{
	return gi_memory_read(mem, ret, address, 1);
}

struct gi_error *gi_memory_read_u16(struct gi_memory *mem, uint64_t address, uint16_t *ret)
{
	unsigned char b[2];
	struct gi_error *err = gi_memory_read(mem, b, address, 2);
	if (!err)
		*ret = (uint16_t)(b[0] | b[1] << 8);
	return err;
}

struct gi_error *gi_memory_read_u32(struct gi_memory *mem, uint64_t address, uint32_t *ret)
{
	unsigned char b[4];
	struct gi_error *err = gi_memory_read(mem, b, address, 4);
	if (!err)
		*ret = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
		       (uint32_t)b[3] << 24;
	return err;
}

struct gi_error *gi_memory_read_u64(struct gi_memory *mem, uint64_t address, uint64_t *ret)
{
	unsigned char b[8];
	struct gi_error *err = gi_memory_read(mem, b, address, 8);
	if (!err) {
		uint64_t v = 0;
		for (int i = 7; i >= 0; i--)
			v = v << 8 | b[i];
		*ret = v;
	}
	return err;
}

bool gi_memory_is_mapped(struct gi_memory *mem, uint64_t address, size_t count)
{
	if (count == 0)
		return true;
	if (address + count - 1 < address)
		return false;
	while (count > 0) {
		uint64_t avail;
		if (!find_segment(mem, address, &avail))
			return false;
		if (avail >= count)
			return true;
		address += avail;
		count -= (size_t)avail;
	}
	return true;
}
