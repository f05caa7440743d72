/* The segmented memory reader: later segments shadow earlier ones, reads
 * are split across segments, holes fail with the address, the cache serves
 * repeated reads without calling the reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "goiface/memory.h"

struct backing {
	unsigned char fill; /* every byte reads as fill + offset */
	int calls;
};

static struct gi_error *read_backing(void *buf, uint64_t address, size_t count,
				     uint64_t offset, void *arg)
{
	(void)address;
	struct backing *b = arg;
	b->calls++;
	unsigned char *out = buf;
	for (size_t i = 0; i < count; i++)
		out[i] = (unsigned char)(b->fill + offset + i);
	return NULL;
}

static void test_shadowing_and_split(void **state)
{
	(void)state;
	struct gi_memory *mem;
	assert_null(gi_memory_create(&mem));
	struct backing low = { .fill = 0 }, high = { .fill = 0x80 };
	assert_null(gi_memory_add_segment(mem, 0x1000, 0x100, read_backing, &low));
	/* overlaps the middle of the first */
	assert_null(gi_memory_add_segment(mem, 0x1040, 0x10, read_backing, &high));
	unsigned char buf[0x20];
	assert_null(gi_memory_read(mem, buf, 0x1038, sizeof(buf)));
	/* 0x1038..0x103f from low (offset 0x38..), 0x1040..0x104f from high
	 * (offset 0..), 0x1050..0x1057 from low again (offset 0x50..) */
	assert_int_equal(buf[0], 0x38);
	assert_int_equal(buf[7], 0x3f);
	assert_int_equal(buf[8], 0x80);
	assert_int_equal(buf[0x17], 0x8f);
	assert_int_equal(buf[0x18], 0x50);
	uint64_t v;
	assert_null(gi_memory_read_u64(mem, 0x1000, &v));
	assert_int_equal(v, 0x0706050403020100ull);
	uint32_t v32;
	assert_null(gi_memory_read_u32(mem, 0x1040, &v32));
	assert_int_equal(v32, 0x83828180u);
	gi_memory_destroy(mem);
}

/* A reader whose every byte names its segment, for comparing the reader's
 * answer with the definition "the newest segment covering the byte". */
static struct gi_error *read_segment_id(void *buf, uint64_t address,
					size_t count, uint64_t offset, void *arg)
{
	(void)address;
	(void)offset;
	memset(buf, (int)(uintptr_t)arg, count);
	return NULL;
}

static void test_random_overlaps(void **state)
{
	(void)state;
	enum { SPACE = 4096, SEGMENTS = 60, ROUNDS = 40 };
	unsigned seed = 12345;
	for (int round = 0; round < ROUNDS; round++) {
		struct gi_memory *mem;
		assert_null(gi_memory_create(&mem));
		int owner[SPACE];
		for (int a = 0; a < SPACE; a++)
			owner[a] = -1;
		for (int id = 0; id < SEGMENTS; id++) {
			seed = seed * 1103515245u + 12345u;
			int start = (int)((seed >> 8) % SPACE);
			seed = seed * 1103515245u + 12345u;
			int size = (int)((seed >> 8) % 300);
			if (start + size > SPACE)
				size = SPACE - start;
			assert_null(gi_memory_add_segment(mem, 0x10000 + start, size,
							  read_segment_id,
							  (void *)(uintptr_t)(id + 1)));
			for (int a = start; a < start + size; a++)
				owner[a] = id;
			/* interleave reads with additions: the index must follow */
			if (id % 7 == 0) {
				unsigned char b;
				struct gi_error *err = gi_memory_read(mem, &b, 0x10000 + start, 1);
				if (size > 0) {
					assert_null(err);
					assert_int_equal(b, id + 1);
				} else {
					gi_error_destroy(err);
				}
			}
		}
		for (int a = 0; a < SPACE; a++) {
			unsigned char b;
			struct gi_error *err = gi_memory_read(mem, &b, 0x10000 + a, 1);
			if (owner[a] < 0) {
				assert_non_null(err);
				assert_int_equal(err->code, GI_ERROR_FAULT);
				gi_error_destroy(err);
				assert_false(gi_memory_is_mapped(mem, 0x10000 + a, 1));
			} else {
				assert_null(err);
				assert_int_equal(b, owner[a] + 1);
			}
		}
		/* a long read across many segments, where fully mapped */
		for (int a = 0; a + 64 <= SPACE; a += 61) {
			unsigned char buf[64];
			bool mapped = true;
			for (int i = 0; i < 64; i++)
				mapped = mapped && owner[a + i] >= 0;
			assert_int_equal(gi_memory_is_mapped(mem, 0x10000 + a, 64), mapped);
			struct gi_error *err = gi_memory_read(mem, buf, 0x10000 + a, 64);
			if (!mapped) {
				assert_non_null(err);
				gi_error_destroy(err);
				continue;
			}
			assert_null(err);
			for (int i = 0; i < 64; i++)
				assert_int_equal(buf[i], owner[a + i] + 1);
		}
		gi_memory_destroy(mem);
	}
}

static void test_unmapped(void **state)
{
	(void)state;
	struct gi_memory *mem;
	assert_null(gi_memory_create(&mem));
	struct backing b = { 0 };
	assert_null(gi_memory_add_segment(mem, 0x1000, 0x10, read_backing, &b));
	unsigned char buf[0x20];
	struct gi_error *err = gi_memory_read(mem, buf, 0x1008, 0x10);
	assert_non_null(err);
	assert_int_equal(err->code, GI_ERROR_FAULT);
	assert_int_equal(err->address, 0x1010);
	assert_string_equal(err->message, "0x1010 is not mapped");
	gi_error_destroy(err);
	assert_true(gi_memory_is_mapped(mem, 0x1000, 0x10));
	assert_false(gi_memory_is_mapped(mem, 0x1000, 0x11));
	err = gi_memory_read(mem, buf, UINT64_MAX - 3, 8);
	assert_non_null(err);
	assert_int_equal(err->code, GI_ERROR_FAULT);
	gi_error_destroy(err);
	gi_memory_destroy(mem);
}

static void test_cache(void **state)
{
	(void)state;
	struct gi_memory *mem;
	assert_null(gi_memory_create(&mem));
	struct backing b = { .fill = 3 };
	assert_null(gi_memory_add_segment(mem, 0x10000, 0x3000, read_backing, &b));
	gi_memory_set_cache(mem, true);
	uint64_t v;
	assert_null(gi_memory_read_u64(mem, 0x10010, &v));
	int after_first = b.calls;
	assert_null(gi_memory_read_u64(mem, 0x10018, &v));
	assert_int_equal(b.calls, after_first);
	assert_int_equal(v & 0xff, 3 + 0x18);
	gi_memory_flush_cache(mem);
	assert_null(gi_memory_read_u64(mem, 0x10018, &v));
	assert_true(b.calls > after_first);
	/* a read crossing a page boundary, and one on a partly mapped page */
	unsigned char buf[16];
	assert_null(gi_memory_read(mem, buf, 0x10ff8, 16));
	assert_int_equal(buf[8], (unsigned char)(3 + 0x1000));
	assert_null(gi_memory_read(mem, buf, 0x12ff0, 16));
	struct gi_error *err = gi_memory_read(mem, buf, 0x12ff8, 16);
	assert_non_null(err);
	assert_int_equal(err->address, 0x13000);
	gi_error_destroy(err);
	gi_memory_destroy(mem);
}

static void test_error_wrap(void **state)
{
	(void)state;
	struct gi_error *err = gi_error_fault(0x4c1e20, "0x%x is not mapped", 0x4c1e20);
	err = gi_error_wrap(err, "cannot read itab at 0x%x", 0x4c1e20);
	assert_string_equal(err->message,
			    "cannot read itab at 0x4c1e20: 0x4c1e20 is not mapped");
	assert_int_equal(err->code, GI_ERROR_FAULT);
	gi_error_destroy(err);
	assert_null(gi_error_wrap(NULL, "x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shadowing_and_split),
		cmocka_unit_test(test_random_overlaps),
		cmocka_unit_test(test_unmapped),
		cmocka_unit_test(test_cache),
		cmocka_unit_test(test_error_wrap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
