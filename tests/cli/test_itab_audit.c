/*
 * The itab audit and the command layer on synthetic images of one Go
 * release (argv[1], "go1.22"): a healthy program has no anomalies, and each
 * kind of damage, poked into the image, is reported as its own anomaly.
 * Expected values come from what the image builder was asked to lay out.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "goiface/audit.h"
#include "goiface/commands.h"
#include "goiface/image.h"

static const struct gi_layout *release;

/* A small program: error implemented by *main.T (static itab) and *main.U
 * (created at run time), and a cached failed assertion of int to error. */
struct program {
	struct gi_image *img;
	struct gi_memory *mem;
	struct gi_symbolizer syms;
	struct gi_program *prog;
	uint64_t error_t, ptr_t, ptr_u, int_t;
	uint64_t fn_t_error, fn_u_error, fn_other;
	uint64_t itab_static, itab_runtime, itab_negative, itab_duplicate;
	uint64_t table; /* the itabTableType runtime.itabTable points at */
	bool hide_table_symbol;
};

#define CHECK(expr) \
	do { \
		if (!(expr)) \
			fail_msg("%s failed: %s", #expr, \
				 gi_image_error(p->img) ? gi_image_error(p->img)->message : "?"); \
	} while (0)

static uint64_t add_ptr_type(struct program *p, const char *name, const char *ptr_name,
			     uint64_t fn_string, uint64_t ifn)
{
	struct gi_image_type st = { .kind = GI_KIND_STRUCT, .str = name, .named = true,
				    .pkgpath = "main" };
	uint64_t s;
	CHECK(s = gi_image_add_type(p->img, &st));
	struct gi_image_method m[] = { { "Error", NULL, fn_string, ifn, ifn } };
	struct gi_image_type pt = { .kind = GI_KIND_POINTER, .str = ptr_name, .pkgpath = "main",
				    .elem = s, .methods = m, .nmethods = 1 };
	uint64_t ptr;
	CHECK(ptr = gi_image_add_type(p->img, &pt));
	return ptr;
}

/* Hides runtime.itabTable, as in a stripped executable. */
static struct gi_error *lookup_hiding_table(void *arg, const char *name,
					    struct gi_symbol *ret)
{
	struct program *p = arg;
	if (strcmp(name, "runtime.itabTable") == 0)
		return gi_error_create(GI_ERROR_NOT_FOUND, "no symbol %s", name);
	return p->syms.lookup_name(p->syms.arg, name, ret);
}

static struct gi_error *lookup_address(void *arg, uint64_t address, struct gi_symbol *ret)
{
	struct program *p = arg;
	return p->syms.lookup_address(p->syms.arg, address, ret);
}

static struct gi_symbolizer hiding_symbolizer;

static void load(struct program *p)
{
	gi_program_destroy(p->prog);
	gi_memory_destroy(p->mem);
	assert_null(gi_image_memory(p->img, &p->mem));
	const struct gi_symbolizer *syms = &p->syms;
	if (p->hide_table_symbol) {
		hiding_symbolizer = (struct gi_symbolizer){ lookup_hiding_table, lookup_address, p };
		syms = &hiding_symbolizer;
	}
	assert_null(gi_program_create(p->mem, syms, &p->prog));
	char version[32];
	snprintf(version, sizeof(version), "go1.%d.0", release->minor);
	assert_null(gi_program_set_go_version(p->prog, version, GI_VERSION_FROM_CALLER, false));
	assert_null(gi_program_load_modules(p->prog));
}

static void build(struct program *p, bool duplicate)
{
	memset(p, 0, sizeof(*p));
	assert_null(gi_image_create(release, GI_IMAGE_DEFAULT_BASE, &p->img));
	uint64_t string_t;
	CHECK(string_t = gi_image_add_basic(p->img, GI_KIND_STRING));
	CHECK(p->int_t = gi_image_add_basic(p->img, GI_KIND_INT));
	struct gi_image_type fs = { .kind = GI_KIND_FUNC, .str = "func() string",
				    .out = &string_t, .nout = 1 };
	uint64_t fn_string;
	CHECK(fn_string = gi_image_add_type(p->img, &fs));
	struct gi_image_imethod err_m[] = { { "Error", fn_string } };
	struct gi_image_type et = { .kind = GI_KIND_INTERFACE, .str = "error", .named = true,
				    .imethods = err_m, .nimethods = 1 };
	CHECK(p->error_t = gi_image_add_type(p->img, &et));
	CHECK(p->fn_t_error = gi_image_add_function(p->img, "main.(*T).Error", 64));
	CHECK(p->fn_u_error = gi_image_add_function(p->img, "main.(*U).Error", 64));
	CHECK(p->fn_other = gi_image_add_function(p->img, "main.other", 64));
	p->ptr_t = add_ptr_type(p, "main.T", "*main.T", fn_string, p->fn_t_error);
	p->ptr_u = add_ptr_type(p, "main.U", "*main.U", fn_string, p->fn_u_error);
	CHECK(p->itab_static = gi_image_add_itab(p->img, p->error_t, p->ptr_t, 0));
	CHECK(p->itab_runtime = gi_image_add_itab(p->img, p->error_t, p->ptr_u,
						  GI_IMAGE_ITAB_RUNTIME));
	CHECK(p->itab_negative = gi_image_add_itab(p->img, p->error_t, p->int_t,
						   GI_IMAGE_ITAB_RUNTIME | GI_IMAGE_ITAB_NEGATIVE));
	if (duplicate)
		CHECK(p->itab_duplicate = gi_image_add_itab(p->img, p->error_t, p->ptr_t,
							    GI_IMAGE_ITAB_RUNTIME));
	CHECK(gi_image_add_iface(p->img, "main.gErr", p->itab_static, 0x1000) != 0);
	uint64_t five;
	CHECK(five = gi_image_put_u64(p->img, GI_IMAGE_HEAP, 5));
	CHECK(gi_image_add_eface(p->img, "main.gAny", p->int_t, five) != 0);
	assert_null(gi_image_finish(p->img));
	gi_image_symbolizer(p->img, &p->syms);
	load(p);
	assert_null(gi_memory_read_u64(p->mem, gi_image_symbol(p->img, "runtime.itabTable"),
				       &p->table));
}

static void destroy(struct program *p)
{
	gi_program_destroy(p->prog);
	gi_memory_destroy(p->mem);
	gi_image_destroy(p->img);
}

static struct gi_itab_audit *audit(struct program *p)
{
	struct gi_itab_audit *a;
	struct gi_error *err = gi_itab_audit_run(p->prog, NULL, &a);
	if (err)
		fail_msg("audit: %s", err->message);
	return a;
}

/* The only anomaly must be of this kind and concern this address. */
static void expect_one_anomaly(struct gi_itab_audit *a, enum gi_anomaly_kind kind,
			       uint64_t address)
{
	for (size_t i = 0; i < a->num_anomalies; i++)
		printf("  %s: %s\n", gi_anomaly_kind_name(a->anomalies[i].kind),
		       a->anomalies[i].message);
	assert_int_equal(a->num_anomalies, 1);
	assert_string_equal(gi_anomaly_kind_name(a->anomalies[0].kind),
			    gi_anomaly_kind_name(kind));
	assert_int_equal(a->anomalies[0].address, address);
}

static const struct gi_audit_itab *find(const struct gi_itab_audit *a, uint64_t address)
{
	for (size_t i = 0; i < a->num_itabs; i++)
		if (a->itabs[i].address == address)
			return &a->itabs[i];
	fail_msg("itab 0x%" PRIx64 " not in the audit", address);
	return NULL;
}

static void test_healthy(void **state)
{
	(void)state;
	struct program p;
	build(&p, false);
	struct gi_itab_audit *a = audit(&p);
	for (size_t i = 0; i < a->num_anomalies; i++)
		printf("  unexpected: %s\n", a->anomalies[i].message);
	assert_int_equal(a->num_anomalies, 0);
	assert_true(a->have_table);
	assert_false(a->table_from_search);
	assert_int_equal(a->table_address, p.table);
	assert_int_equal(a->table_size, 512);
	assert_int_equal(a->table_count, 3);
	assert_int_equal(a->table_entries_found, 3);
	assert_int_equal(a->num_itabs, 3);
	assert_int_equal(a->num_static, 1);
	assert_int_equal(a->num_runtime, 2);
	assert_int_equal(a->num_negative, 1);
	const struct gi_audit_itab *s = find(a, p.itab_static);
	assert_int_equal(s->origin, GI_ITAB_STATIC);
	assert_true(s->in_table && s->is_static_area);
	assert_int_equal(s->table_slot, gi_image_itab_slot(p.img, p.itab_static));
	assert_non_null(s->decoded);
	assert_string_equal(s->decoded->inter_name, "error");
	assert_string_equal(s->decoded->type_name, "*main.T");
	assert_int_equal(s->decoded->num_methods, 1);
	assert_string_equal(s->decoded->methods[0].name, "Error");
	assert_int_equal(s->decoded->methods[0].pc, p.fn_t_error);
	const struct gi_audit_itab *r = find(a, p.itab_runtime);
	assert_int_equal(r->origin, GI_ITAB_RUNTIME);
	assert_int_equal(r->hash, 0);
	const struct gi_audit_itab *n = find(a, p.itab_negative);
	assert_true(n->negative);
	gi_itab_audit_destroy(a);
	destroy(&p);
}

static void test_table_found_without_symbol(void **state)
{
	(void)state;
	struct program p;
	build(&p, false);
	p.hide_table_symbol = true;
	load(&p);
	struct gi_itab_audit *a = audit(&p);
	assert_int_equal(a->num_anomalies, 0);
	assert_true(a->have_table);
	assert_true(a->table_from_search);
	assert_int_equal(a->table_address, p.table);
	assert_int_equal(a->table_count, 3);
	gi_itab_audit_destroy(a);
	destroy(&p);
}

static void test_hash_mismatch(void **state)
{
	(void)state;
	struct program p;
	build(&p, false);
	assert_null(gi_image_poke_u32(p.img, p.itab_static + release->itab.hash, 0x12345678));
	struct gi_itab_audit *a = audit(&p);
	expect_one_anomaly(a, GI_ANOMALY_HASH_MISMATCH, p.itab_static);
	gi_itab_audit_destroy(a);
	destroy(&p);
}

static void test_bad_method(void **state)
{
	(void)state;
	struct program p;
	build(&p, false);
	assert_null(gi_image_poke_u64(p.img, p.itab_runtime + release->itab.fun, p.fn_other));
	struct gi_itab_audit *a = audit(&p);
	expect_one_anomaly(a, GI_ANOMALY_BAD_METHOD, p.itab_runtime);
	gi_itab_audit_destroy(a);
	destroy(&p);
}

static void test_method_off_entry(void **state)
{
	(void)state;
	struct program p;
	build(&p, false);
	assert_null(gi_image_poke_u64(p.img, p.itab_runtime + release->itab.fun,
				      p.fn_u_error + 4));
	struct gi_itab_audit *a = audit(&p);
	expect_one_anomaly(a, GI_ANOMALY_BAD_METHOD, p.itab_runtime);
	gi_itab_audit_destroy(a);
	destroy(&p);
}

static void test_unmapped_fun(void **state)
{
	(void)state;
	struct program p;
	build(&p, false);
	assert_null(gi_image_poke_u64(p.img, p.itab_runtime + release->itab.fun, 0x10));
	struct gi_itab_audit *a = audit(&p);
	expect_one_anomaly(a, GI_ANOMALY_UNMAPPED, p.itab_runtime);
	gi_itab_audit_destroy(a);
	destroy(&p);
}

static void test_unmapped_type(void **state)
{
	(void)state;
	struct program p;
	build(&p, false);
	assert_null(gi_image_poke_u64(p.img, p.itab_runtime + release->itab.type, 0xdead0000));
	struct gi_itab_audit *a = audit(&p);
	expect_one_anomaly(a, GI_ANOMALY_UNMAPPED, p.itab_runtime);
	gi_itab_audit_destroy(a);
	destroy(&p);
}

static void test_undecodable_type(void **state)
{
	(void)state;
	struct program p;
	build(&p, false);
	/* A mapped address that holds no type descriptor: the itab table's
	 * own memory. */
	assert_null(gi_image_poke_u64(p.img, p.itab_runtime + release->itab.type,
				      p.table + release->itab.table_entries));
	struct gi_itab_audit *a = audit(&p);
	bool found = false;
	for (size_t i = 0; i < a->num_anomalies; i++) {
		printf("  %s: %s\n", gi_anomaly_kind_name(a->anomalies[i].kind),
		       a->anomalies[i].message);
		if (a->anomalies[i].address == p.itab_runtime &&
		    a->anomalies[i].kind == GI_ANOMALY_UNDECODABLE)
			found = true;
	}
	assert_true(found);
	gi_itab_audit_destroy(a);
	destroy(&p);
}

static void test_not_interface(void **state)
{
	(void)state;
	struct program p;
	build(&p, false);
	assert_null(gi_image_poke_u64(p.img, p.itab_runtime + release->itab.inter, p.int_t));
	struct gi_itab_audit *a = audit(&p);
	/* The table's probe sequence used the real interface's hash. */
	bool not_interface = false;
	for (size_t i = 0; i < a->num_anomalies; i++)
		if (a->anomalies[i].kind == GI_ANOMALY_NOT_INTERFACE &&
		    a->anomalies[i].address == p.itab_runtime)
			not_interface = true;
	assert_true(not_interface);
	gi_itab_audit_destroy(a);
	destroy(&p);
}

static void test_unreachable(void **state)
{
	(void)state;
	struct program p;
	build(&p, false);
	int64_t slot = gi_image_itab_slot(p.img, p.itab_runtime);
	assert_true(slot >= 0);
	uint64_t entries = p.table + release->itab.table_entries;
	/* Move the entry to a far slot that is free: its own chain now stops
	 * at the emptied slot before reaching it. */
	uint64_t to = ((uint64_t)slot + 256) % 512, word;
	for (;; to = (to + 1) % 512) {
		assert_null(gi_memory_read_u64(p.mem, entries + 8 * to, &word));
		if (!word)
			break;
	}
	assert_null(gi_image_poke_u64(p.img, entries + 8 * (uint64_t)slot, 0));
	assert_null(gi_image_poke_u64(p.img, entries + 8 * to, p.itab_runtime));
	struct gi_itab_audit *a = audit(&p);
	expect_one_anomaly(a, GI_ANOMALY_UNREACHABLE, p.itab_runtime);
	gi_itab_audit_destroy(a);
	destroy(&p);
}

static void test_duplicate(void **state)
{
	(void)state;
	struct program p;
	build(&p, true);
	struct gi_itab_audit *a = audit(&p);
	assert_int_equal(a->num_anomalies, 1);
	assert_int_equal(a->anomalies[0].kind, GI_ANOMALY_DUPLICATE);
	assert_true(a->anomalies[0].address == p.itab_static ||
		    a->anomalies[0].address == p.itab_duplicate);
	gi_itab_audit_destroy(a);
	destroy(&p);
}

static void test_count_mismatch(void **state)
{
	(void)state;
	struct program p;
	build(&p, false);
	assert_null(gi_image_poke_u64(p.img, p.table + release->itab.table_count, 7));
	struct gi_itab_audit *a = audit(&p);
	expect_one_anomaly(a, GI_ANOMALY_COUNT_MISMATCH, p.table);
	gi_itab_audit_destroy(a);
	destroy(&p);
}

static void test_bad_table(void **state)
{
	(void)state;
	struct program p;
	build(&p, false);
	assert_null(gi_image_poke_u64(p.img, p.table + release->itab.table_size, 3));
	struct gi_itab_audit *a = audit(&p);
	assert_true(a->num_anomalies >= 1);
	assert_int_equal(a->anomalies[0].kind, GI_ANOMALY_BAD_TABLE);
	/* The linker's itabs are still listed. */
	find(a, p.itab_static);
	gi_itab_audit_destroy(a);
	destroy(&p);
}

static void test_garbage_table(void **state)
{
	(void)state;
	struct program p;
	build(&p, false);
	/* runtime.itabTable pointing at garbage must not crash or hang. */
	uint64_t var = gi_image_symbol(p.img, "runtime.itabTable");
	assert_null(gi_image_poke_u64(p.img, var, 0xffffffffffff0000));
	struct gi_itab_audit *a = audit(&p);
	assert_int_equal(a->anomalies[0].kind, GI_ANOMALY_UNMAPPED);
	gi_itab_audit_destroy(a);
	destroy(&p);
}

/* A debugger's expressions, as a front-end's resolve_address sees them:
 * $type holds *main.T's descriptor, $itab the static itab, $bad an
 * expression that evaluates to something unusable. */
static struct gi_error *resolve_expression(void *arg, const char *expr, uint64_t *ret)
{
	struct program *p = arg;
	if (strcmp(expr, "$type") == 0) {
		*ret = p->ptr_t;
		return NULL;
	}
	if (strcmp(expr, "$itab") == 0) {
		*ret = p->itab_static;
		return NULL;
	}
	if (strcmp(expr, "$bad") == 0)
		return gi_error_create(GI_ERROR_INVALID, "%s is nil", expr);
	return gi_error_create(GI_ERROR_NOT_FOUND, "no symbol %s", expr);
}

/* The command layer over the same memory, as every front-end calls it;
 * with_host: also with a host that resolves expressions. */
static int command_with(struct program *p, bool with_host, struct gi_strbuf *out,
			struct gi_strbuf *err, const char *line)
{
	char buf[512], *argv[16];
	int argc = 0;
	snprintf(buf, sizeof(buf), "%s", line);
	for (char *tok = strtok(buf, " "); tok && argc < 16; tok = strtok(NULL, " "))
		argv[argc++] = tok;
	struct gi_command_host host = { .prog = p->prog };
	if (with_host) {
		host.resolve_address = resolve_expression;
		host.arg = p;
	}
	gi_strbuf_reset(out);
	gi_strbuf_reset(err);
	return gi_command_run(&host, argc, argv, out, err);
}

static int command(struct program *p, struct gi_strbuf *out, struct gi_strbuf *err,
		   const char *line)
{
	return command_with(p, false, out, err, line);
}

static void test_commands(void **state)
{
	(void)state;
	struct program p;
	build(&p, false);
	struct gi_strbuf out = GI_STRBUF_INIT, err = GI_STRBUF_INIT;
	char line[128];

	assert_int_equal(command(&p, &out, &err, "itabs --json"), GI_EXIT_OK);
	assert_non_null(strstr(gi_strbuf_str(&out), "\"anomalies\":[]"));
	assert_non_null(strstr(gi_strbuf_str(&out), "\"origin\":\"runtime\""));

	snprintf(line, sizeof(line), "itab 0x%" PRIx64, p.itab_static);
	assert_int_equal(command(&p, &out, &err, line), GI_EXIT_OK);
	assert_non_null(strstr(gi_strbuf_str(&out), "*main.T implements error"));
	assert_non_null(strstr(gi_strbuf_str(&out), "main.(*T).Error"));

	snprintf(line, sizeof(line), "print 0x%" PRIx64 ":iface",
		 gi_image_symbol(p.img, "main.gErr"));
	assert_int_equal(command(&p, &out, &err, line), GI_EXIT_OK);
	assert_non_null(strstr(gi_strbuf_str(&out), "error(*main.T)"));
	assert_non_null(strstr(gi_strbuf_str(&out), "kind:     ptr"));

	snprintf(line, sizeof(line), "--json type 0x%" PRIx64, p.ptr_t);
	assert_int_equal(command(&p, &out, &err, line), GI_EXIT_OK);
	assert_non_null(strstr(gi_strbuf_str(&out), "\"name\":\"*main.T\""));

	assert_int_equal(command(&p, &out, &err, "type *main.T --json"), GI_EXIT_OK);
	snprintf(line, sizeof(line), "\"addr\":\"0x%" PRIx64 "\"", p.ptr_t);
	assert_non_null(strstr(gi_strbuf_str(&out), line));

	/* Operands that are neither numbers nor type names go to the host,
	 * for type as for itab; unknown to both, the type-name error stays. */
	assert_int_equal(command_with(&p, true, &out, &err, "type $type"), GI_EXIT_OK);
	snprintf(line, sizeof(line), "type *main.T at 0x%" PRIx64 "\n", p.ptr_t);
	assert_non_null(strstr(gi_strbuf_str(&out), line));
	assert_int_equal(command_with(&p, true, &out, &err, "type *main.T"), GI_EXIT_OK);
	assert_non_null(strstr(gi_strbuf_str(&out), line));
	assert_int_equal(command_with(&p, true, &out, &err, "itab $itab"), GI_EXIT_OK);
	assert_non_null(strstr(gi_strbuf_str(&out), "*main.T implements error"));
	assert_int_equal(command_with(&p, true, &out, &err, "type $bad"), GI_EXIT_ERROR);
	assert_non_null(strstr(gi_strbuf_str(&err), "$bad is nil"));
	assert_int_equal(command_with(&p, true, &out, &err, "type main.Nothing"), GI_EXIT_ERROR);
	assert_non_null(strstr(gi_strbuf_str(&err), "no type named main.Nothing"));
	assert_int_equal(command(&p, &out, &err, "type $type"), GI_EXIT_ERROR);
	assert_non_null(strstr(gi_strbuf_str(&err), "no type named $type"));

	/* Without DWARF the value tells empty from non-empty interfaces. */
	assert_false(gi_command_guess_eface(p.prog, gi_image_symbol(p.img, "main.gErr")));
	assert_true(gi_command_guess_eface(p.prog, gi_image_symbol(p.img, "main.gAny")));

	assert_int_equal(command(&p, &out, &err, "version"), GI_EXIT_OK);
	assert_non_null(strstr(gi_strbuf_str(&out), release->name));

	/* Errors: one line, status 2. */
	assert_int_equal(command(&p, &out, &err, "print main.gErr"), GI_EXIT_ERROR);
	assert_null(strchr(gi_strbuf_str(&err), '\n'));
	assert_int_equal(command(&p, &out, &err, "print 0x10:eface"), GI_EXIT_ERROR);
	assert_non_null(strstr(gi_strbuf_str(&err), "not mapped"));
	assert_int_equal(command(&p, &out, &err, "itabs --max-depth"), GI_EXIT_ERROR);
	/* The depth option stops at the renderer's hard cap. */
	assert_int_equal(command(&p, &out, &err, "itabs --max-depth 64"), GI_EXIT_OK);
	assert_int_equal(command(&p, &out, &err, "itabs --max-depth=65"), GI_EXIT_ERROR);
	assert_non_null(strstr(gi_strbuf_str(&err), "from 0 to 64"));
	assert_int_equal(command(&p, &out, &err, "nonsense"), GI_EXIT_ERROR);

	/* Damage: exit status 1 and the anomaly in the output. */
	assert_null(gi_image_poke_u64(p.img, p.table + release->itab.table_count, 9));
	assert_int_equal(command(&p, &out, &err, "itabs --anomalies"), GI_EXIT_ANOMALIES);
	assert_non_null(strstr(gi_strbuf_str(&out), "count_mismatch"));

	gi_strbuf_deinit(&out);
	gi_strbuf_deinit(&err);
	destroy(&p);
}

/* A program whose linker listed no itab (every one made at run time): the
 * static list is empty, and the audit must not hand its NULL to qsort
 * (the sanitizer build reports that). */
static void test_no_static_itabs(void **state)
{
	(void)state;
	struct program prog, *p = &prog;
	memset(p, 0, sizeof(*p));
	assert_null(gi_image_create(release, GI_IMAGE_DEFAULT_BASE, &p->img));
	uint64_t string_t;
	CHECK(string_t = gi_image_add_basic(p->img, GI_KIND_STRING));
	struct gi_image_type fs = { .kind = GI_KIND_FUNC, .str = "func() string",
				    .out = &string_t, .nout = 1 };
	uint64_t fn_string;
	CHECK(fn_string = gi_image_add_type(p->img, &fs));
	struct gi_image_imethod err_m[] = { { "Error", fn_string } };
	struct gi_image_type et = { .kind = GI_KIND_INTERFACE, .str = "error", .named = true,
				    .imethods = err_m, .nimethods = 1 };
	CHECK(p->error_t = gi_image_add_type(p->img, &et));
	CHECK(p->fn_u_error = gi_image_add_function(p->img, "main.(*U).Error", 64));
	p->ptr_u = add_ptr_type(p, "main.U", "*main.U", fn_string, p->fn_u_error);
	CHECK(p->itab_runtime = gi_image_add_itab(p->img, p->error_t, p->ptr_u,
						 GI_IMAGE_ITAB_RUNTIME));
	assert_null(gi_image_finish(p->img));
	gi_image_symbolizer(p->img, &p->syms);
	load(p);
	struct gi_itab_audit *a = audit(p);
	assert_int_equal(a->num_static, 0);
	assert_int_equal(a->num_runtime, 1);
	assert_int_equal(a->num_anomalies, 0);
	gi_itab_audit_destroy(a);
	destroy(p);
}

int main(int argc, char **argv)
{
	int minor;
	if (argc < 2 || sscanf(argv[1], "go1.%d", &minor) != 1 ||
	    !(release = gi_layout_find(1, minor))) {
		fprintf(stderr, "usage: %s go1.N (a release goiface knows)\n", argv[0]);
		return 2;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_healthy),
		cmocka_unit_test(test_table_found_without_symbol),
		cmocka_unit_test(test_hash_mismatch),
		cmocka_unit_test(test_bad_method),
		cmocka_unit_test(test_method_off_entry),
		cmocka_unit_test(test_unmapped_fun),
		cmocka_unit_test(test_unmapped_type),
		cmocka_unit_test(test_undecodable_type),
		cmocka_unit_test(test_not_interface),
		cmocka_unit_test(test_unreachable),
		cmocka_unit_test(test_duplicate),
		cmocka_unit_test(test_count_mismatch),
		cmocka_unit_test(test_bad_table),
		cmocka_unit_test(test_garbage_table),
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_no_static_itabs),
	};
	return cmocka_run_group_tests_name(release->name, tests, NULL, NULL);
}
