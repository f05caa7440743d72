/*
 * Synthetic images read back through gi_memory: what the test asked the
 * builder to lay out must be where the Go runtime's encoding rules say.
 * Usage: model_image_test <minor>
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "goiface/image.h"
#include "release_arg.h"

static int minor;
static const struct gi_layout *L;

struct fixture {
	struct gi_image *img;
	struct gi_memory *mem;
	uint64_t types;
	uint64_t t_int, t_string, t_T, t_pT, t_err_fn, t_error, t_stringer, t_S;
	uint64_t t_map, t_chan, t_big;
	uint64_t f_error, f_string, f_main;
	uint64_t itab_static, itab_runtime, itab_negative;
};

static void ok(struct gi_error *err)
{
	if (err)
		fail_msg("%s", err->message);
}

static uint64_t rd64(struct fixture *f, uint64_t a)
{
	uint64_t v;
	ok(gi_memory_read_u64(f->mem, a, &v));
	return v;
}

static uint32_t rd32(struct fixture *f, uint64_t a)
{
	uint32_t v;
	ok(gi_memory_read_u32(f->mem, a, &v));
	return v;
}

static uint8_t rd8(struct fixture *f, uint64_t a)
{
	uint8_t v;
	ok(gi_memory_read_u8(f->mem, a, &v));
	return v;
}

/* Decodes a name record by runtime/type.go name.readVarint / name.name. */
static void read_name(struct fixture *f, uint64_t a, uint8_t *flags, char *buf, size_t cap,
		      char *tag, size_t tagcap)
{
	*flags = rd8(f, a);
	uint64_t len = 0, i = 1;
	for (int shift = 0;; shift += 7, i++) {
		uint8_t b = rd8(f, a + i);
		len |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			break;
	}
	assert_true(len < cap);
	ok(gi_memory_read(f->mem, buf, a + i + 1, len));
	buf[len] = 0;
	if (tag) {
		tag[0] = 0;
		if (*flags & 2) {
			uint64_t t = a + i + 1 + len;
			uint64_t tlen = rd8(f, t); /* tags here are < 128 bytes */
			assert_true(tlen < tagcap);
			ok(gi_memory_read(f->mem, tag, t + 1, tlen));
			tag[tlen] = 0;
		}
	}
}

static void type_string(struct fixture *f, uint64_t type, char *buf, size_t cap)
{
	uint8_t flags;
	uint32_t off = rd32(f, type + L->type.str);
	read_name(f, f->types + off, &flags, buf, cap, NULL, 0);
	if (rd8(f, type + L->type.tflag) & L->type.tflag_extra_star)
		memmove(buf, buf + 1, strlen(buf));
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct gi_image *img;
	ok(gi_image_create(L, GI_IMAGE_DEFAULT_BASE, &img));
	f->img = img;

	f->f_main = gi_image_add_function(img, "main.main", 100);
	f->f_error = gi_image_add_function(img, "main.(*T).Error", 64);
	f->f_string = gi_image_add_function(img, "main.(*T).String", 5000);

	f->t_int = gi_image_add_basic(img, GI_KIND_INT);
	f->t_string = gi_image_add_basic(img, GI_KIND_STRING);
	uint64_t out[] = {f->t_string};
	struct gi_image_type fn = {.kind = GI_KIND_FUNC, .str = "func() string",
				   .out = out, .nout = 1};
	f->t_err_fn = gi_image_add_type(img, &fn);

	struct gi_image_imethod em[] = {{"Error", f->t_err_fn}};
	struct gi_image_type error = {.kind = GI_KIND_INTERFACE, .str = "error", .named = true,
				      .imethods = em, .nimethods = 1};
	f->t_error = gi_image_add_type(img, &error);
	/* given out of order: the builder sorts as the compiler does */
	struct gi_image_imethod sm[] = {{"String", f->t_err_fn}, {"Error", f->t_err_fn}};
	struct gi_image_type stringer = {.kind = GI_KIND_INTERFACE, .str = "main.ES",
					 .named = true, .pkgpath = "main",
					 .imethods = sm, .nimethods = 2};
	f->t_stringer = gi_image_add_type(img, &stringer);

	struct gi_image_field fields[] = {
		{.name = "A", .type = f->t_int, .offset = 0, .tag = "json:\"a\""},
		{.name = "b", .type = f->t_string, .offset = 8},
	};
	struct gi_image_type T = {.kind = GI_KIND_STRUCT, .str = "main.T", .named = true,
				  .pkgpath = "main", .type_pkgpath = "main",
				  .fields = fields, .nfields = 2};
	f->t_T = gi_image_add_type(img, &T);
	struct gi_image_method methods[] = {
		{.name = "String", .mtyp = f->t_err_fn, .ifn = f->f_string, .tfn = f->f_string},
		{.name = "Error", .mtyp = f->t_err_fn, .ifn = f->f_error, .tfn = f->f_error},
	};
	struct gi_image_type pT = {.kind = GI_KIND_POINTER, .str = "*main.T", .elem = f->t_T,
				   .methods = methods, .nmethods = 2};
	f->t_pT = gi_image_add_type(img, &pT);

	struct gi_image_field sfields[] = {
		{.name = "T", .type = f->t_T, .offset = 0, .embedded = true},
		{.name = "n", .type = f->t_int, .offset = 24},
	};
	struct gi_image_type S = {.kind = GI_KIND_STRUCT, .str = "main.Box[int]", .named = true,
				  .pkgpath = "main", .fields = sfields, .nfields = 2};
	f->t_S = gi_image_add_type(img, &S);

	struct gi_image_type m = {.kind = GI_KIND_MAP, .str = "map[string]int",
				  .key = f->t_string, .elem = f->t_int};
	f->t_map = gi_image_add_type(img, &m);
	struct gi_image_type c = {.kind = GI_KIND_CHAN, .str = "chan int", .elem = f->t_int};
	f->t_chan = gi_image_add_type(img, &c);
	struct gi_image_type big = {.kind = GI_KIND_ARRAY, .str = "[200]uint8",
				    .elem = gi_image_add_basic(img, GI_KIND_UINT8), .len = 200};
	f->t_big = gi_image_add_type(img, &big);

	f->itab_static = gi_image_add_itab(img, f->t_error, f->t_pT, 0);
	f->itab_runtime = gi_image_add_itab(img, f->t_stringer, f->t_pT, GI_IMAGE_ITAB_RUNTIME);
	f->itab_negative = gi_image_add_itab(img, f->t_error, f->t_T, GI_IMAGE_ITAB_RUNTIME);

	gi_image_add_iface(img, "main.E", f->itab_static, gi_image_alloc(img, GI_IMAGE_HEAP, 24, 8));
	gi_image_add_eface(img, "main.X", f->t_int, gi_image_put_u64(img, GI_IMAGE_HEAP, 42));

	ok(gi_image_finish(img));
	ok(gi_image_memory(img, &f->mem));
	f->types = gi_image_symbol(img, "runtime.types");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	gi_memory_destroy(f->mem);
	gi_image_destroy(f->img);
	free(f);
	return 0;
}

static void test_header_and_names(void **state)
{
	struct fixture *f = *state;
	const struct gi_type_layout *t = &L->type;
	char buf[256];

	/* the types area starts with the 8-byte skip */
	assert_int_equal(rd64(f, f->types), 0);
	assert_true(f->t_int >= f->types + 8);

	assert_int_equal(rd64(f, f->t_int + t->size), 8);
	assert_int_equal(rd8(f, f->t_int + t->kind) & t->kind_mask, GI_KIND_INT);
	uint8_t tflag = rd8(f, f->t_T + t->tflag);
	assert_true(tflag & t->tflag_named);
	assert_true(tflag & t->tflag_uncommon);
	/* "main.T" is stored as "*main.T" with ExtraStar */
	assert_true(tflag & t->tflag_extra_star);
	uint8_t flags;
	read_name(f, f->types + rd32(f, f->t_T + t->str), &flags, buf, sizeof(buf), NULL, 0);
	assert_string_equal(buf, "*main.T");
	assert_true(flags & 1);
	type_string(f, f->t_S, buf, sizeof(buf));
	assert_string_equal(buf, "main.Box[int]");
	type_string(f, f->t_pT, buf, sizeof(buf));
	assert_string_equal(buf, "*main.T");
	assert_false(rd8(f, f->t_pT + t->tflag) & t->tflag_extra_star);
	/* as in real binaries: *main.T has tflag Uncommon|RegularMemory
	 * (0x09, +0x20 from 1.26) and main.T {A int; b string} has
	 * Uncommon|ExtraStar|Named only when memory-comparable: here it is
	 * not (a string field). */
	assert_int_equal(rd8(f, f->t_pT + t->tflag) & 0x1f, 0x09);
	assert_int_equal(tflag & 0x1f, 0x07);
	/* map[string]int: string keys need key update; classic keys are also
	 * reflexive (flags 12, 1 from 1.24 as the compiler writes them) */
	uint32_t mflags = rd32(f, f->t_map + t->map_flags);
	assert_int_equal(mflags, t->map_impl == GI_MAP_CLASSIC ? 12 : 1);
	/* *T added after T fills T.ptrToThis */
	assert_int_equal(f->types + rd32(f, f->t_T + t->ptr_to_this), f->t_pT);
	assert_int_equal(rd64(f, f->t_pT + t->ptr_elem), f->t_T);
}

static void test_name_varint(void **state)
{
	(void)state;
	struct gi_image *img;
	struct gi_memory *mem;
	char longname[301];
	memset(longname, 'x', 300);
	longname[300] = 0;
	ok(gi_image_create(L, GI_IMAGE_DEFAULT_BASE, &img));
	uint64_t a = gi_image_add_name(img, longname, "k:\"v\"", true, true, "example.com/p");
	ok(gi_image_finish(img));
	ok(gi_image_memory(img, &mem));
	uint8_t b[4];
	ok(gi_memory_read(mem, b, a, 4));
	/* 300 = 0b10_0101100: varint 0xac 0x02 */
	uint8_t want_flags = 1 | 2 | 4 | L->type.name_flag_embedded;
	assert_int_equal(b[0], want_flags);
	assert_int_equal(b[1], 0xac);
	assert_int_equal(b[2], 0x02);
	assert_int_equal(b[3], 'x');
	uint8_t tag[7];
	ok(gi_memory_read(mem, tag, a + 3 + 300, 6));
	assert_int_equal(tag[0], 5);
	assert_memory_equal(tag + 1, "k:\"v\"", 5);
	/* pkgPath nameOff, unaligned, after the tag */
	uint32_t off;
	ok(gi_memory_read(mem, &off, a + 3 + 300 + 6, 4));
	uint64_t types = gi_image_symbol(img, "runtime.types");
	uint8_t pk[16];
	ok(gi_memory_read(mem, pk, types + off, 15));
	assert_int_equal(pk[1], 13);
	assert_memory_equal(pk + 2, "example.com/p", 13);
	gi_memory_destroy(mem);
	gi_image_destroy(img);
}

static void test_direct_flag(void **state)
{
	struct fixture *f = *state;
	const struct gi_type_layout *t = &L->type;
	uint8_t kind = rd8(f, f->t_pT + t->kind), tflag = rd8(f, f->t_pT + t->tflag);
	if (minor <= 25) {
		assert_int_equal(kind, GI_KIND_POINTER | 0x20);
		assert_false(tflag & 0x20);
	} else {
		assert_int_equal(kind, GI_KIND_POINTER);
		assert_true(tflag & 0x20);
	}
	/* int is stored indirectly in every release */
	assert_false(rd8(f, f->t_int + t->kind) & 0x20);
	assert_false(rd8(f, f->t_int + t->tflag) & 0x20);
}

static void test_uncommon_methods(void **state)
{
	struct fixture *f = *state;
	const struct gi_type_layout *t = &L->type;
	uint64_t u = f->t_pT + t->record_size[GI_KIND_POINTER];
	assert_int_equal(rd8(f, u + t->uncommon_mcount), 2);
	assert_int_equal(rd8(f, u + t->uncommon_xcount), 2);
	uint32_t moff = rd32(f, u + t->uncommon_moff);
	assert_int_equal(moff, 16);
	uint64_t text = gi_image_symbol(f->img, "runtime.text");
	const char *want[] = {"Error", "String"};
	const uint64_t fn[] = {f->f_error, f->f_string};
	for (int i = 0; i < 2; i++) {
		uint64_t m = u + moff + 16 * (uint64_t)i;
		char buf[64];
		uint8_t flags;
		read_name(f, f->types + rd32(f, m), &flags, buf, sizeof(buf), NULL, 0);
		assert_string_equal(buf, want[i]);
		assert_int_equal(f->types + rd32(f, m + 4), f->t_err_fn);
		assert_int_equal(text + rd32(f, m + 8), fn[i]);
		assert_int_equal(text + rd32(f, m + 12), fn[i]);
	}
	/* named struct: uncommon after the 80-byte record, fields after it */
	uint64_t tu = f->t_T + t->record_size[GI_KIND_STRUCT];
	assert_int_equal(rd64(f, f->t_T + t->struct_fields), tu + 16);
	char pkg[32];
	uint8_t flags;
	read_name(f, f->types + rd32(f, tu + t->uncommon_pkgpath), &flags, pkg, sizeof(pkg),
		  NULL, 0);
	assert_string_equal(pkg, "main");
}

static void test_struct_fields(void **state)
{
	struct fixture *f = *state;
	const struct gi_type_layout *t = &L->type;
	uint64_t fields = rd64(f, f->t_S + t->struct_fields);
	assert_int_equal(rd64(f, f->t_S + t->struct_fields + 8), 2);
	char buf[64], tag[64];
	uint8_t flags;
	/* embedded T at 0, n at 24 */
	uint64_t off0 = rd64(f, fields + t->field_offset);
	uint64_t off1 = rd64(f, fields + t->field_size + t->field_offset);
	read_name(f, rd64(f, fields + t->field_name), &flags, buf, sizeof(buf), tag, sizeof(tag));
	assert_string_equal(buf, "T");
	if (minor == 18) {
		assert_int_equal(off0, 0 << 1 | 1);
		assert_int_equal(off1, 24 << 1);
		assert_false(flags & 0x08);
	} else {
		assert_int_equal(off0, 0);
		assert_int_equal(off1, 24);
		assert_true(flags & 0x08);
	}
	assert_int_equal(rd64(f, fields + t->field_type), f->t_T);
	read_name(f, rd64(f, fields + t->field_size + t->field_name), &flags, buf, sizeof(buf),
		  tag, sizeof(tag));
	assert_string_equal(buf, "n");
	assert_false(flags & 1);
	/* tag on main.T.A */
	uint64_t tf = rd64(f, f->t_T + t->struct_fields);
	read_name(f, rd64(f, tf + t->field_name), &flags, buf, sizeof(buf), tag, sizeof(tag));
	assert_string_equal(buf, "A");
	assert_string_equal(tag, "json:\"a\"");
	assert_int_equal(flags & 3, 3);
}

static void test_interface(void **state)
{
	struct fixture *f = *state;
	const struct gi_type_layout *t = &L->type;
	uint64_t m = rd64(f, f->t_stringer + t->iface_methods);
	assert_int_equal(rd64(f, f->t_stringer + t->iface_methods + 8), 2);
	const char *want[] = {"Error", "String"};
	for (int i = 0; i < 2; i++) {
		char buf[32];
		uint8_t flags;
		read_name(f, f->types + rd32(f, m + 8 * (uint64_t)i), &flags, buf, sizeof(buf),
			  NULL, 0);
		assert_string_equal(buf, want[i]);
	}
}

static void test_itabs(void **state)
{
	struct fixture *f = *state;
	const struct gi_itab_layout *il = &L->itab;
	uint32_t hash_pT = rd32(f, f->t_pT + L->type.hash);
	/* static: hash copied from the type, fun[0] = (*T).Error */
	assert_int_equal(rd64(f, f->itab_static + il->inter), f->t_error);
	assert_int_equal(rd64(f, f->itab_static + il->type), f->t_pT);
	assert_int_equal(rd32(f, f->itab_static + il->hash), hash_pT);
	assert_int_equal(rd64(f, f->itab_static + il->fun), f->f_error);
	/* run-time: hash 0; fun follows the interface's sorted methods */
	assert_int_equal(rd32(f, f->itab_runtime + il->hash), 0);
	assert_int_equal(rd64(f, f->itab_runtime + il->fun), f->f_error);
	assert_int_equal(rd64(f, f->itab_runtime + il->fun + 8), f->f_string);
	/* T (not *T) has no Error method: negative */
	assert_int_equal(rd64(f, f->itab_negative + il->fun), 0);

	struct gi_symbol sym;
	struct gi_symbolizer s;
	gi_image_symbolizer(f->img, &s);
	ok(s.lookup_address(s.arg, rd64(f, f->itab_runtime + il->fun + 8) + 10, &sym));
	assert_string_equal(sym.name, "main.(*T).String");

	/* every itab sits in the table where the runtime's probe puts it */
	uint64_t table = rd64(f, gi_image_symbol(f->img, "runtime.itabTable"));
	assert_int_equal(table, gi_image_symbol(f->img, "runtime.itabTableInit"));
	uint64_t size = rd64(f, table + il->table_size);
	assert_int_equal(size, 512);
	assert_int_equal(rd64(f, table + il->table_count), 3);
	uint64_t itabs[] = {f->itab_static, f->itab_runtime, f->itab_negative};
	for (int k = 0; k < 3; k++) {
		uint64_t inter = rd64(f, itabs[k] + il->inter), type = rd64(f, itabs[k] + il->type);
		uint32_t h0 = rd32(f, inter + L->type.hash) ^ rd32(f, type + L->type.hash);
		uint64_t h = h0 & (size - 1);
		for (uint64_t i = 1; rd64(f, table + il->table_entries + 8 * h) != itabs[k]; i++) {
			assert_int_not_equal(rd64(f, table + il->table_entries + 8 * h), 0);
			h = (h + i) & (size - 1);
		}
	}
}

/* Colliding hashes in a small table: slots follow h, h+1, h+3, h+6 ... */
static void test_itab_probe(void **state)
{
	(void)state;
	struct gi_image *img;
	struct gi_memory *mem;
	ok(gi_image_create(L, GI_IMAGE_DEFAULT_BASE, &img));
	gi_image_set_itab_table_size(img, 8);
	struct gi_image_type it = {.kind = GI_KIND_INTERFACE, .str = "main.I", .named = true,
				   .hash = 0x100};
	uint64_t inter = gi_image_add_type(img, &it);
	uint64_t itab[3];
	static const uint32_t hashes[] = {0x103, 0x10b, 0x113}; /* ^0x100 & 7 == 3 */
	for (int i = 0; i < 3; i++) {
		char name[16];
		snprintf(name, sizeof(name), "main.T%d", i);
		struct gi_image_type t = {.kind = GI_KIND_INT, .str = name, .named = true,
					  .hash = hashes[i]};
		itab[i] = gi_image_add_itab(img, inter, gi_image_add_type(img, &t),
					    GI_IMAGE_ITAB_RUNTIME);
	}
	ok(gi_image_finish(img));
	ok(gi_image_memory(img, &mem));
	uint64_t table;
	ok(gi_memory_read_u64(mem, gi_image_symbol(img, "runtime.itabTable"), &table));
	assert_int_not_equal(table, gi_image_symbol(img, "runtime.itabTableInit"));
	const uint64_t slots[] = {3, 4, 6};
	for (int i = 0; i < 3; i++) {
		uint64_t e;
		ok(gi_memory_read_u64(mem, table + L->itab.table_entries + 8 * slots[i], &e));
		assert_int_equal(e, itab[i]);
		assert_int_equal(gi_image_itab_slot(img, itab[i]), (int64_t)slots[i]);
	}
	/* no static itabs: 1.27's itab area is empty and ends the types */
	const struct gi_moduledata_layout *ml = &L->moduledata;
	if (ml->itaboffset != GI_NO_FIELD) {
		uint64_t md = gi_image_symbol(img, "runtime.firstmoduledata");
		uint64_t types, etypes, itaboffset, itabsize;
		ok(gi_memory_read_u64(mem, md + ml->types, &types));
		ok(gi_memory_read_u64(mem, md + ml->etypes, &etypes));
		ok(gi_memory_read_u64(mem, md + ml->itaboffset, &itaboffset));
		ok(gi_memory_read_u64(mem, md + ml->itabsize, &itabsize));
		assert_int_equal(itabsize, 0);
		assert_int_equal(types + itaboffset, etypes);
	}
	gi_memory_destroy(mem);
	gi_image_destroy(img);
}

static void test_moduledata(void **state)
{
	struct fixture *f = *state;
	const struct gi_moduledata_layout *ml = &L->moduledata;
	struct gi_symbolizer s;
	struct gi_symbol sym;
	gi_image_symbolizer(f->img, &s);
	ok(s.lookup_name(s.arg, "runtime.firstmoduledata", &sym));
	uint64_t md = sym.address;
	assert_int_equal(rd64(f, md + ml->types), f->types);
	uint64_t etypes = rd64(f, md + ml->etypes);
	assert_true(etypes > f->t_big);
	assert_int_equal(rd64(f, md + ml->next), 0);
	assert_int_equal(rd64(f, md + ml->text), gi_image_symbol(f->img, "runtime.text"));
	assert_true(gi_memory_is_mapped(f->mem, f->types, etypes - f->types));
	assert_false(gi_memory_is_mapped(f->mem, etypes + 8, 8));

	if (minor <= 26) {
		/* static itabs are listed in itablinks; run-time ones are not */
		uint64_t links = rd64(f, md + ml->itablinks);
		assert_int_equal(rd64(f, md + ml->itablinks + 8), 1);
		assert_int_equal(rd64(f, links), f->itab_static);
		/* typelinks: unnamed composite types, sorted by type string */
		uint64_t tl = rd64(f, md + ml->typelinks), ntl = rd64(f, md + ml->typelinks + 8);
		bool saw_pT = false, saw_map = false, saw_T = false;
		char prev[256] = "", cur[256];
		for (uint64_t i = 0; i < ntl; i++) {
			uint64_t t = f->types + rd32(f, tl + 4 * i);
			type_string(f, t, cur, sizeof(cur));
			assert_true(strcmp(prev, cur) <= 0);
			strcpy(prev, cur);
			saw_pT |= t == f->t_pT;
			saw_map |= t == f->t_map;
			saw_T |= t == f->t_T;
		}
		assert_true(saw_pT && saw_map && !saw_T);
	} else {
		/* 1.27: the itab area at types+itaboffset, walked by ITab.Size */
		uint64_t p = f->types + rd64(f, md + ml->itaboffset);
		uint64_t end = p + rd64(f, md + ml->itabsize);
		assert_int_equal(p, f->itab_static);
		assert_int_equal(end, etypes);
		uint64_t n = 0;
		while (p < end) {
			n++;
			uint64_t inter = rd64(f, p + L->itab.inter);
			uint64_t methods = rd64(f, inter + L->type.iface_methods + 8);
			p += rd64(f, p + L->itab.fun) ? 32 + 8 * (methods - 1) : 32;
		}
		assert_int_equal(n, 1);
		assert_int_equal(p, end);
		/* typedesclen: walk descriptors from types+8 by DescriptorSize */
		uint64_t td = f->types + 8, edesc = f->types + rd64(f, md + ml->typedesclen);
		bool saw_T = false, saw_S = false;
		while (td < edesc) {
			td = (td + 7) & ~(uint64_t)7;
			const struct gi_type_layout *t = &L->type;
			uint8_t kind = rd8(f, td + t->kind);
			uint64_t size = t->record_size[kind], mcount = 0;
			if (kind == GI_KIND_FUNC)
				size += 8 * (rd32(f, td + t->func_in_count) & 0xffff) +
					8 * (rd32(f, td + t->func_out_count) & 0x7fff);
			else if (kind == GI_KIND_INTERFACE)
				size += 8 * rd64(f, td + t->iface_methods + 8);
			else if (kind == GI_KIND_STRUCT)
				size += 24 * rd64(f, td + t->struct_fields + 8);
			if (rd8(f, td + t->tflag) & t->tflag_uncommon) {
				mcount = rd32(f, td + t->record_size[kind] + 4) & 0xffff;
				size += 16;
			}
			saw_T |= td == f->t_T;
			saw_S |= td == f->t_S;
			td += size + 16 * mcount;
		}
		assert_int_equal(td, edesc);
		assert_true(saw_T && saw_S);
	}
}

static void test_pclntab(void **state)
{
	struct fixture *f = *state;
	const struct gi_moduledata_layout *ml = &L->moduledata;
	const struct gi_pclntab_layout *pl = &L->pclntab;
	uint64_t md = gi_image_symbol(f->img, "runtime.firstmoduledata");
	uint64_t hdr = rd64(f, md + ml->pcheader);
	uint64_t text = rd64(f, md + ml->text);
	assert_int_equal(rd32(f, hdr), pl->magic);
	assert_int_equal(rd8(f, hdr + 7), 8);
	assert_int_equal(rd64(f, hdr + pl->nfunc), 3);
	assert_int_equal(rd64(f, hdr + pl->textstart), minor >= 26 ? 0 : text);
	uint64_t funcnametab = hdr + rd64(f, hdr + pl->funcname_offset);
	uint64_t pcln = hdr + rd64(f, hdr + pl->pcln_offset);
	assert_int_equal(rd64(f, md + ml->ftab), pcln);
	/* find main.(*T).String by pc through ftab, as runtime.findfunc does */
	uint64_t pc = f->f_string + 4321, off = pc - text;
	uint64_t nfunc = rd64(f, hdr + pl->nfunc), idx = 0;
	for (uint64_t i = 0; i < nfunc; i++)
		if (rd32(f, pcln + 8 * i) <= off)
			idx = i;
	assert_true(off < rd32(f, pcln + 8 * nfunc));
	uint64_t fn = pcln + rd32(f, pcln + 8 * idx + 4);
	assert_int_equal(text + rd32(f, fn + pl->func_entryoff), f->f_string);
	char name[64];
	ok(gi_memory_read(f->mem, name, funcnametab + rd32(f, fn + pl->func_nameoff), 17));
	assert_string_equal(name, "main.(*T).String");
}

static void test_version(void **state)
{
	struct fixture *f = *state;
	char want[16], got[32] = {0};
	snprintf(want, sizeof(want), "go1.%d.0", minor);
	uint64_t bv = gi_image_symbol(f->img, "runtime.buildVersion");
	uint64_t len = rd64(f, bv + 8);
	assert_int_equal(len, strlen(want));
	ok(gi_memory_read(f->mem, got, rd64(f, bv), len));
	assert_string_equal(got, want);

	uint64_t size, bi = gi_image_buildinfo(f->img, &size);
	uint8_t blob[64];
	assert_int_equal(bi % 16, 0);
	assert_int_equal(size % 16, 0);
	ok(gi_memory_read(f->mem, blob, bi, sizeof(blob)));
	assert_memory_equal(blob, "\xff Go buildinf:", 14);
	assert_int_equal(blob[15], 2);
	assert_int_equal(blob[32], strlen(want));
	assert_memory_equal(blob + 33, want, strlen(want));
}

static void test_globals(void **state)
{
	struct fixture *f = *state;
	uint64_t e = gi_image_symbol(f->img, "main.E");
	uint64_t x = gi_image_symbol(f->img, "main.X");
	assert_int_equal(rd64(f, e), f->itab_static);
	assert_int_equal(rd64(f, x), f->t_int);
	assert_int_equal(rd64(f, rd64(f, x + 8)), 42);
}

static void test_maps(void **state)
{
	(void)state;
	const struct gi_runtime_layout *r = &L->runtime;
	enum { N = 20 };
	uint64_t keys[N][2], elems[N];
	char text[N][8];
	for (int i = 0; i < N; i++) {
		snprintf(text[i], sizeof(text[i]), "k%02d", i);
		keys[i][1] = 3;
		elems[i] = 1000 + (uint64_t)i;
	}
	/* a fresh image: the fixture's is finished */
	struct gi_image *img;
	struct gi_memory *mem;
	ok(gi_image_create(L, GI_IMAGE_DEFAULT_BASE, &img));
	uint64_t ts = gi_image_add_basic(img, GI_KIND_STRING);
	uint64_t ti = gi_image_add_basic(img, GI_KIND_INT);
	struct gi_image_type ms = {.kind = GI_KIND_MAP, .str = "map[string]int", .key = ts,
				   .elem = ti};
	uint64_t mt = gi_image_add_type(img, &ms);
	for (int i = 0; i < N; i++)
		keys[i][0] = gi_image_put_bytes(img, GI_IMAGE_HEAP, text[i], 3, 1);
	uint64_t small = gi_image_put_map(img, mt, keys, elems, 5, 0);
	uint64_t large = gi_image_put_map(img, mt, keys, elems, N, 2);
	ok(gi_image_finish(img));
	ok(gi_image_memory(img, &mem));

	bool found[N] = {0};
	size_t nfound = 0;
	uint64_t v;
	if (L->type.map_impl == GI_MAP_CLASSIC) {
		uint64_t bsize;
		uint16_t bs;
		ok(gi_memory_read(mem, &bs, mt + L->type.map_bucketsize, 2));
		bsize = bs;
		assert_int_equal(bsize, 8 + 8 * 16 + 8 * 8 + 8);
		ok(gi_memory_read_u64(mem, large + r->hmap_count, &v));
		assert_int_equal(v, N);
		uint8_t b;
		ok(gi_memory_read_u8(mem, large + r->hmap_b, &b));
		assert_int_equal(b, 2); /* 20 > 6.5*2, <= 6.5*4 */
		uint64_t buckets;
		ok(gi_memory_read_u64(mem, large + r->hmap_buckets, &buckets));
		for (uint64_t k = 0; k < 4; k++)
			for (uint64_t s = 0; s < 8; s++) {
				uint64_t bk = buckets + k * bsize;
				uint8_t top;
				ok(gi_memory_read_u8(mem, bk + s, &top));
				if (top < r->bucket_min_tophash)
					continue;
				uint64_t kp, el;
				ok(gi_memory_read_u64(mem, bk + 8 + 16 * s, &kp));
				ok(gi_memory_read_u64(mem, bk + 8 + 16 * 8 + 8 * s, &el));
				assert_true(el >= 1000 && el < 1000 + N);
				assert_int_equal(kp, keys[el - 1000][0]);
				found[el - 1000] = true, nfound++;
			}
	} else {
		uint64_t group_size;
		ok(gi_memory_read_u64(mem, mt + L->type.map_group_size, &group_size));
		assert_int_equal(group_size, 8 + 8 * 24);
		/* small: dirLen 0, dirPtr is the group */
		ok(gi_memory_read_u64(mem, small + r->smap_dir_len, &v));
		assert_int_equal(v, 0);
		uint64_t g;
		ok(gi_memory_read_u64(mem, small + r->smap_dir_ptr, &g));
		for (uint64_t s = 0; s < 8; s++) {
			uint8_t ctrl;
			ok(gi_memory_read_u8(mem, g + s, &ctrl));
			assert_int_equal(ctrl == r->sgroup_ctrl_empty, s >= 5);
		}
		ok(gi_memory_read_u64(mem, large + r->smap_dir_len, &v));
		assert_int_equal(v, 2);
		uint64_t dir;
		ok(gi_memory_read_u64(mem, large + r->smap_dir_ptr, &dir));
		for (uint64_t t = 0; t < 2; t++) {
			uint64_t table, groups, mask;
			ok(gi_memory_read_u64(mem, dir + 8 * t, &table));
			ok(gi_memory_read_u64(mem, table + r->stable_groups_data, &groups));
			ok(gi_memory_read_u64(mem, table + r->stable_groups_length_mask, &mask));
			for (uint64_t gi = 0; gi <= mask; gi++)
				for (uint64_t s = 0; s < 8; s++) {
					uint64_t grp = groups + gi * group_size;
					uint8_t ctrl;
					ok(gi_memory_read_u8(mem, grp + s, &ctrl));
					if (ctrl & 0x80)
						continue;
					uint64_t kp, el;
					ok(gi_memory_read_u64(mem, grp + 8 + 24 * s, &kp));
					ok(gi_memory_read_u64(mem, grp + 8 + 24 * s + 16, &el));
					assert_true(el >= 1000 && el < 1000 + N);
					assert_int_equal(kp, keys[el - 1000][0]);
					found[el - 1000] = true, nfound++;
				}
		}
	}
	assert_int_equal(nfound, N);
	for (int i = 0; i < N; i++)
		assert_true(found[i]);
	gi_memory_destroy(mem);
	gi_image_destroy(img);
}

static void test_chan(void **state)
{
	(void)state;
	struct gi_image *img;
	struct gi_memory *mem;
	ok(gi_image_create(L, GI_IMAGE_DEFAULT_BASE, &img));
	uint64_t ti = gi_image_add_basic(img, GI_KIND_INT);
	struct gi_image_type cs = {.kind = GI_KIND_CHAN, .str = "chan int", .elem = ti};
	uint64_t ct = gi_image_add_type(img, &cs);
	uint64_t vals[] = {7, 8};
	uint64_t c = gi_image_put_chan(img, ct, 5, vals, 2);
	ok(gi_image_finish(img));
	ok(gi_image_memory(img, &mem));
	const struct gi_runtime_layout *r = &L->runtime;
	uint64_t v, buf;
	ok(gi_memory_read_u64(mem, c + r->hchan_qcount, &v));
	assert_int_equal(v, 2);
	ok(gi_memory_read_u64(mem, c + r->hchan_dataqsiz, &v));
	assert_int_equal(v, 5);
	ok(gi_memory_read_u64(mem, c + r->hchan_elemtype, &v));
	assert_int_equal(v, ti);
	ok(gi_memory_read_u64(mem, c + r->hchan_buf, &buf));
	ok(gi_memory_read_u64(mem, buf + 8, &v));
	assert_int_equal(v, 8);
	gi_memory_destroy(mem);
	gi_image_destroy(img);
}

static void test_holes_and_pokes(void **state)
{
	(void)state;
	struct gi_image *img;
	struct gi_memory *mem;
	ok(gi_image_create(L, GI_IMAGE_DEFAULT_BASE, &img));
	uint64_t a = gi_image_put_u64(img, GI_IMAGE_HEAP, 1);
	uint64_t b = gi_image_put_u64(img, GI_IMAGE_HEAP, 2);
	uint64_t c = gi_image_put_u64(img, GI_IMAGE_HEAP, 3);
	ok(gi_image_finish(img));
	gi_image_unmap(img, b, 8);
	ok(gi_image_poke_u64(img, c, 0xdead));
	ok(gi_image_memory(img, &mem));
	uint64_t v;
	ok(gi_memory_read_u64(mem, a, &v));
	assert_int_equal(v, 1);
	struct gi_error *err = gi_memory_read_u64(mem, b, &v);
	assert_non_null(err);
	assert_int_equal(err->code, GI_ERROR_FAULT);
	gi_error_destroy(err);
	assert_false(gi_memory_is_mapped(mem, a, 16));
	ok(gi_memory_read_u64(mem, c, &v));
	assert_int_equal(v, 0xdead);
	/* pokes after the view is made are seen too */
	ok(gi_image_poke_u8(img, a, 9));
	ok(gi_memory_read_u64(mem, a, &v));
	assert_int_equal(v, 9);
	/* beyond the used heap nothing is mapped */
	assert_false(gi_memory_is_mapped(mem, gi_image_area_end(img, GI_IMAGE_HEAP) + 64, 8));
	gi_memory_destroy(mem);
	gi_image_destroy(img);
}

int main(int argc, char **argv)
{
	int status = model_release_arg(argc, argv, &minor, &L);
	if (status)
		return status;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_and_names),
		cmocka_unit_test(test_name_varint),
		cmocka_unit_test(test_direct_flag),
		cmocka_unit_test(test_uncommon_methods),
		cmocka_unit_test(test_struct_fields),
		cmocka_unit_test(test_interface),
		cmocka_unit_test(test_itabs),
		cmocka_unit_test(test_itab_probe),
		cmocka_unit_test(test_moduledata),
		cmocka_unit_test(test_pclntab),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_globals),
		cmocka_unit_test(test_maps),
		cmocka_unit_test(test_chan),
		cmocka_unit_test(test_holes_and_pokes),
	};
	return cmocka_run_group_tests_name(L->name, tests, setup, teardown);
}
