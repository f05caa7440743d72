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

/* A stretch of addresses served by one segment, with no newer one over it. */
struct span {
	uint64_t start, end;
	size_t segment;
};

struct gi_memory {
	struct segment *segments; /* oldest first */
	size_t num_segments, cap_segments;
	/*
	 * The segments flattened into sorted, disjoint spans, so that a lookup
	 * is a binary search rather than a walk over every segment (cores and
	 * live processes have hundreds).  Rebuilt lazily after a segment is
	 * added; NULL when stale or when building it failed.
	 */
	struct span *spans;
	size_t num_spans;
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
	free(mem->spans);
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
	free(mem->spans);
	mem->spans = NULL;
	mem->num_spans = 0;
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

/* The index of the newest segment containing address (a later segment
 * overrides earlier ones), or SIZE_MAX. */
static size_t newest_segment_at(const struct gi_memory *mem, uint64_t address)
{
	for (size_t i = mem->num_segments; i-- > 0;)
		if (address >= mem->segments[i].start && address < mem->segments[i].end)
			return i;
	return SIZE_MAX;
}

/*
 * The newest segment containing address, and how many bytes from address it
 * serves before a newer segment takes over or it ends.  This is the
 * definition; the span index below answers the same faster.
 */
static const struct segment *find_segment_linear(const struct gi_memory *mem,
						 uint64_t address,
						 uint64_t *avail)
{
	size_t i = newest_segment_at(mem, address);
	if (i == SIZE_MAX)
		return NULL;
	const struct segment *seg = &mem->segments[i];
	uint64_t end = seg->end;
	for (size_t j = i + 1; j < mem->num_segments; j++) {
		uint64_t s = mem->segments[j].start;
		if (s > address && s < end)
			end = s;
	}
	*avail = end - address;
	return seg;
}

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Cuts the address space at every segment boundary and keeps, for each
 * piece, the newest segment covering it. */
static bool build_spans(struct gi_memory *mem)
{
	size_t n = mem->num_segments;
	uint64_t *cuts = malloc(2 * n * sizeof(*cuts));
	struct span *spans = malloc(2 * n * sizeof(*spans));
	if (!cuts || !spans) {
		free(cuts);
		free(spans);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		cuts[2 * i] = mem->segments[i].start;
		cuts[2 * i + 1] = mem->segments[i].end;
	}
	qsort(cuts, 2 * n, sizeof(*cuts), compare_u64);
	size_t num_spans = 0;
	for (size_t k = 0; k + 1 < 2 * n; k++) {
		uint64_t start = cuts[k], end = cuts[k + 1];
		if (start == end)
			continue;
		size_t i = newest_segment_at(mem, start);
		if (i == SIZE_MAX)
			continue;
		struct span *last = num_spans ? &spans[num_spans - 1] : NULL;
		if (last && last->segment == i && last->end == start)
			last->end = end;
		else
			spans[num_spans++] = (struct span){ start, end, i };
	}
	free(cuts);
	mem->spans = spans;
	mem->num_spans = num_spans;
	return true;
}

static const struct segment *find_segment(struct gi_memory *mem,
					  uint64_t address, uint64_t *avail)
{
	if (!mem->spans && mem->num_segments && !build_spans(mem))
		return find_segment_linear(mem, address, avail);
	size_t lo = 0, hi = mem->num_spans;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (mem->spans[mid].start <= address)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || address >= mem->spans[lo - 1].end)
		return NULL;
	const struct span *span = &mem->spans[lo - 1];
	*avail = span->end - address;
	return &mem->segments[span->segment];
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

bool gi_memory_probe_u32(struct gi_memory *mem, uint64_t address, uint32_t *ret)
{
	struct gi_error *err = gi_memory_read_u32(mem, address, ret);
	gi_error_destroy(err);
	return !err;
}

bool gi_memory_probe_u64(struct gi_memory *mem, uint64_t address, uint64_t *ret)
{
	struct gi_error *err = gi_memory_read_u64(mem, address, ret);
	gi_error_destroy(err);
	return !err;
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
