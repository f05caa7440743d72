/*
 * Inputs crafted to make rendering run away, on synthetic images of one Go
 * release (argv[1]), each built here: a pointer type pointing at itself
 * (type P *P) in a cycle and in a long chain, a slice holding itself, 16
 * map types nesting each other twice over, and a map of 64 maps whose
 * buckets or groups loop.  Each is printed through the command layer, as
 * every front-end prints it, in a child process watched for time, peak
 * memory and stack; what it prints is checked against the layout built
 * here.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "goiface/commands.h"
#include "goiface/format.h"
#include "goiface/iface.h"
#include "goiface/image.h"
#include "goiface/layout.h"
#include "goiface/type.h"

/* What one crafted print may cost at most, whatever the machine: the
 * runaway inputs took tens of seconds and gigabytes before they were
 * bounded, a bounded print takes well under a second and a few MiB. */
#define CHILD_SECONDS 20
#define CHILD_MAX_RSS_KIB (256 * 1024)
/* The stack a debugger's thread may leave the renderer. */
#define RENDER_STACK (1024 * 1024)

static const struct gi_layout *layout;

struct crafted {
	struct gi_image *img;
	struct gi_memory *mem;
	struct gi_symbolizer syms;
	struct gi_program *prog;
};

static void check(const struct crafted *c, uint64_t addr, const char *what)
{
	if (!addr) {
		const struct gi_error *err = gi_image_error(c->img);
		fail_msg("laying out %s: %s", what, err ? err->message : "failed");
	}
}

static void begin(struct crafted *c)
{
	memset(c, 0, sizeof(*c));
	struct gi_error *err = gi_image_create(layout, GI_IMAGE_DEFAULT_BASE, &c->img);
	if (err)
		fail_msg("gi_image_create: %s", err->message);
	/* the version the program reads back picks the same layout */
	char version[64];
	snprintf(version, sizeof(version), "go1.%d.0%s%s", layout->minor,
		 layout->experiment ? " X:" : "", layout->experiment ? layout->experiment : "");
	gi_image_set_build_version(c->img, version);
}

static void finish(struct crafted *c)
{
	/* A Go program has code: the loader refuses a module whose text range
	 * is empty. */
	if (!gi_image_add_function(c->img, "main.main", 64))
		fail_msg("gi_image_add_function failed");
	struct gi_error *err = gi_image_finish(c->img);
	if (err)
		fail_msg("gi_image_finish: %s", err->message);
}

static void load(struct crafted *c)
{
	struct gi_error *err;
	if ((err = gi_image_memory(c->img, &c->mem)))
		fail_msg("memory: %s", err->message);
	gi_image_symbolizer(c->img, &c->syms);
	if ((err = gi_program_create(c->mem, &c->syms, &c->prog)) ||
	    (err = gi_program_detect_go_version(c->prog, false)) ||
	    (err = gi_program_load_modules(c->prog)))
		fail_msg("loading: %s", err->message);
}

static void end(struct crafted *c)
{
	gi_program_destroy(c->prog);
	gi_memory_destroy(c->mem);
	gi_image_destroy(c->img);
}

/* ---- running a command in a watched child ---------------------------- */

struct command_result {
	int status;
	char out[1 << 17];
	char err[1024];
};

struct command_call {
	struct gi_program *prog;
	const char *line;
	struct command_result *res;
};

static void *command_thread(void *arg)
{
	struct command_call *call = arg;
	char buf[512], *argv[16];
	int argc = 0;
	snprintf(buf, sizeof(buf), "%s", call->line);
	for (char *tok = strtok(buf, " "); tok && argc < 16; tok = strtok(NULL, " "))
		argv[argc++] = tok;
	struct gi_command_host host = { .prog = call->prog };
	struct gi_strbuf out = GI_STRBUF_INIT, err = GI_STRBUF_INIT;
	call->res->status = gi_command_run(&host, argc, argv, &out, &err);
	snprintf(call->res->out, sizeof(call->res->out), "%s", gi_strbuf_str(&out));
	snprintf(call->res->err, sizeof(call->res->err), "%s", gi_strbuf_str(&err));
	gi_strbuf_deinit(&out);
	gi_strbuf_deinit(&err);
	return NULL;
}

/* Sanitizers make frames several times larger. */
static size_t render_stack(void)
{
#if defined(__SANITIZE_ADDRESS__)
	return 8 * RENDER_STACK;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
	return 8 * RENDER_STACK;
#endif
#endif
	return RENDER_STACK;
}

/*
 * Runs one command line in a child process, on a thread with a small
 * stack, under a CPU-time limit and an alarm; fails the test if the child
 * dies (a stack overflow is a SIGSEGV), overruns, or peaks above
 * CHILD_MAX_RSS_KIB.  The result comes back through a shared mapping.
 */
static void run_watched(struct gi_program *prog, const char *line,
			struct command_result *res)
{
	FILE *tmp = tmpfile();
	assert_non_null(tmp);
	fflush(NULL);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit cpu = { CHILD_SECONDS, CHILD_SECONDS };
		setrlimit(RLIMIT_CPU, &cpu);
		alarm(CHILD_SECONDS);
		struct command_call call = { prog, line, malloc(sizeof(*res)) };
		if (!call.res)
			_exit(3);
		pthread_attr_t attr;
		pthread_t th;
		if (pthread_attr_init(&attr) ||
		    pthread_attr_setstacksize(&attr, render_stack()) ||
		    pthread_create(&th, &attr, command_thread, &call) ||
		    pthread_join(th, NULL))
			_exit(3);
		if (fwrite(call.res, sizeof(*call.res), 1, tmp) != 1 || fflush(tmp))
			_exit(3);
		_exit(0);
	}
	int status;
	struct rusage ru;
	assert_int_equal(wait4(pid, &status, 0, &ru), pid);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (WIFSIGNALED(status))
		fail_msg("\"%s\" killed the process with signal %d after %.1f s", line,
			 WTERMSIG(status), secs);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("\"%s\": the child failed (status 0x%x)", line, status);
	if (ru.ru_maxrss > CHILD_MAX_RSS_KIB)
		fail_msg("\"%s\" peaked at %ld KiB, more than %d", line, ru.ru_maxrss,
			 CHILD_MAX_RSS_KIB);
	if (secs > CHILD_SECONDS)
		fail_msg("\"%s\" took %.1f s", line, secs);
	rewind(tmp);
	assert_int_equal(fread(res, sizeof(*res), 1, tmp), 1);
	fclose(tmp);
}

static struct command_result *print_watched(struct crafted *c, const char *options,
					    uint64_t eface)
{
	static struct command_result res;
	char line[256];
	snprintf(line, sizeof(line), "print %s 0x%llx:eface", options,
		 (unsigned long long)eface);
	run_watched(c->prog, line, &res);
	if (res.status != GI_EXIT_OK)
		fail_msg("\"%s\" failed: %s", line, res.err);
	return &res;
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

static char *first_line(const char *s)
{
	size_t n = strcspn(s, "\n");
	char *line = malloc(n + 1);
	assert_non_null(line);
	memcpy(line, s, n);
	line[n] = '\0';
	return line;
}

/* ---- type P *P ------------------------------------------------------- */

/* A named pointer type whose element is itself. */
static uint64_t add_self_pointer(struct crafted *c)
{
	struct gi_image_type pt = { .kind = GI_KIND_POINTER, .str = "main.P", .named = true,
				    .pkgpath = "main",
				    .elem = gi_image_add_basic(c->img, GI_KIND_INT) };
	uint64_t p = gi_image_add_type(c->img, &pt);
	check(c, p, "main.P");
	gi_image_set_type_word(c->img, p, layout->type.ptr_elem, p);
	return p;
}

static void test_pointer_cycle(void **state)
{
	(void)state;
	struct crafted c;
	begin(&c);
	uint64_t p = add_self_pointer(&c);
	uint64_t cell = gi_image_alloc(c.img, GI_IMAGE_HEAP, 8, 8);
	check(&c, cell, "cell");
	uint64_t g = gi_image_add_eface(c.img, "main.gP", p, cell);
	check(&c, g, "main.gP");
	finish(&c);
	/* the cell holds its own address: p = &p */
	assert_null(gi_image_poke_u64(c.img, cell, cell));
	load(&c);
	char opt[64];
	snprintf(opt, sizeof(opt), "--max-depth %d", GI_FORMAT_MAX_DEPTH);
	struct command_result *res = print_watched(&c, opt, g);
	char want[128];
	snprintf(want, sizeof(want), "interface {}(main.P) *(main.P)(0x%llx)" GI_CYCLE_MARKER,
		 (unsigned long long)cell);
	char *line = first_line(res->out);
	assert_string_equal(line, want);
	free(line);
	end(&c);
}

static void test_depth_cap(void **state)
{
	(void)state;
	enum { CELLS = 3 * GI_FORMAT_MAX_DEPTH };
	struct crafted c;
	begin(&c);
	uint64_t p = add_self_pointer(&c);
	uint64_t cells = gi_image_alloc(c.img, GI_IMAGE_HEAP, 8 * CELLS, 8);
	check(&c, cells, "cells");
	uint64_t g = gi_image_add_eface(c.img, "main.gChain", p, cells);
	check(&c, g, "main.gChain");
	finish(&c);
	/* cells[i] = &cells[i+1]; the last is nil: a chain, not a cycle */
	for (int i = 0; i + 1 < CELLS; i++)
		assert_null(gi_image_poke_u64(c.img, cells + 8 * i, cells + 8 * (i + 1)));
	load(&c);

	/* The command refuses a depth past the cap with one line... */
	struct command_result *res = malloc(sizeof(*res));
	assert_non_null(res);
	char line[128];
	snprintf(line, sizeof(line), "print --max-depth %d 0x%llx:eface",
		 GI_FORMAT_MAX_DEPTH + 1, (unsigned long long)g);
	run_watched(c.prog, line, res);
	assert_int_equal(res->status, GI_EXIT_ERROR);
	char want[160];
	snprintf(want, sizeof(want), "--max-depth needs a number from 0 to %d, not \"%d\"",
		 GI_FORMAT_MAX_DEPTH, GI_FORMAT_MAX_DEPTH + 1);
	assert_string_equal(res->err, want);
	assert_string_equal(res->out, "");
	snprintf(line, sizeof(line), "print --max-depth 1000000 0x%llx:eface",
		 (unsigned long long)g);
	run_watched(c.prog, line, res);
	assert_int_equal(res->status, GI_EXIT_ERROR);
	free(res);

	/* ...and at the cap follows the chain exactly that deep, on a small
	 * stack. */
	char opt[64];
	snprintf(opt, sizeof(opt), "--max-depth %d", GI_FORMAT_MAX_DEPTH);
	char *got = first_line(print_watched(&c, opt, g)->out);
	assert_int_equal(count(got, "*"), GI_FORMAT_MAX_DEPTH);
	snprintf(want, sizeof(want), "(main.P)(0x%llx)",
		 (unsigned long long)(cells + 8 * GI_FORMAT_MAX_DEPTH));
	size_t n = strlen(got), m = strlen(want);
	if (n < m || strcmp(got + n - m, want) != 0)
		fail_msg("\"%s\" does not end in \"%s\"", got, want);
	free(got);

	/* The library caps an API caller's depth the same way. */
	struct gi_iface *v;
	assert_null(gi_iface_read(c.prog, g, true, 0, &v));
	struct gi_format_options opts;
	gi_format_options_default(&opts);
	opts.max_depth = 1000000;
	struct gi_strbuf sb = GI_STRBUF_INIT;
	assert_null(gi_format_iface(c.prog, v, NULL, &opts, &sb));
	assert_int_equal(count(gi_strbuf_str(&sb), "*"), GI_FORMAT_MAX_DEPTH);
	gi_strbuf_deinit(&sb);
	gi_iface_destroy(v);
	end(&c);
}

/* s := make([]any, 1); s[0] = s */
static void test_slice_cycle(void **state)
{
	(void)state;
	struct crafted c;
	begin(&c);
	struct gi_image_type any = { .kind = GI_KIND_INTERFACE, .str = "interface {}" };
	uint64_t any_t = gi_image_add_type(c.img, &any);
	check(&c, any_t, "interface {}");
	uint64_t slice_t = gi_image_add_slice(c.img, any_t);
	check(&c, slice_t, "[]interface {}");
	uint64_t zero[2] = { 0, 0 }, array;
	uint64_t hdr = gi_image_put_slice(c.img, zero, 16, 1, 1, &array);
	check(&c, hdr, "slice");
	uint64_t g = gi_image_add_eface(c.img, "main.gS", slice_t, hdr);
	check(&c, g, "main.gS");
	finish(&c);
	assert_null(gi_image_poke_u64(c.img, array, slice_t));
	assert_null(gi_image_poke_u64(c.img, array + 8, hdr));
	load(&c);
	char *line = first_line(print_watched(&c, "--max-depth 64", g)->out);
	assert_string_equal(line, "interface {}([]interface {}) [[]interface {} len: 1, cap: 1, "
			    "[...]" GI_CYCLE_MARKER "]");
	free(line);
	end(&c);
}

/* ---- the import-path spelling of nested map types --------------------- */

enum { MAP_LEVELS = 16, LEAF_NAME = 30000 };

static void test_exponential_path(void **state)
{
	(void)state;
	struct crafted c;
	begin(&c);
	/* A named leaf with a long name, then m1 = map[leaf]leaf, m2 =
	 * map[m1]m1 ...: spelled out, m16 names the leaf 65536 times. */
	char *name = malloc(LEAF_NAME + 1);
	assert_non_null(name);
	memcpy(name, "main.", 5);
	memset(name + 5, 'L', LEAF_NAME - 5);
	name[LEAF_NAME] = '\0';
	uint64_t t = gi_image_add_named_basic(c.img, GI_KIND_INT, name, "main");
	check(&c, t, "leaf");
	free(name);
	char str[MAP_LEVELS][8];
	for (int i = 0; i < MAP_LEVELS; i++) {
		snprintf(str[i], sizeof(str[i]), "m%d", i + 1);
		struct gi_image_type mt = { .kind = GI_KIND_MAP, .str = str[i], .plain_str = true,
					    .key = t, .elem = t };
		t = gi_image_add_type(c.img, &mt);
		check(&c, t, str[i]);
	}
	/* a typed nil: the value costs nothing, the type everything */
	uint64_t g = gi_image_add_eface(c.img, "main.gM", t, 0);
	check(&c, g, "main.gM");
	finish(&c);
	load(&c);

	char *path = NULL;
	struct gi_error *err = gi_type_path_string(c.prog, t, 0, &path);
	assert_null(path);
	assert_non_null(err);
	assert_int_equal(err->code, GI_ERROR_LIMIT);
	gi_error_destroy(err);

	/* print and print --json ask for the path: they fall back to %T */
	struct command_result *res = print_watched(&c, "", g);
	char *line = first_line(res->out);
	assert_string_equal(line, "interface {}(m16) nil" GI_TYPED_NIL_MARKER);
	free(line);
	assert_null(strstr(res->out, "LLLL"));
	res = print_watched(&c, "--json", g);
	assert_non_null(strstr(res->out, "\"dynamic_type_path\":\"m16\""));
	end(&c);
}

/* ---- maps whose walk never ends --------------------------------------- */

enum { INNER_MAPS = 64, DIR_LEN = 1 << 16, GROUP_BYTES = 16 * 4096 };

static void test_looping_inner_maps(void **state)
{
	(void)state;
	const struct gi_runtime_layout *rl = &layout->runtime;
	bool classic = layout->type.map_impl == GI_MAP_CLASSIC;
	struct crafted c;
	begin(&c);
	uint64_t int_t = gi_image_add_basic(c.img, GI_KIND_INT);
	struct gi_image_type it = { .kind = GI_KIND_MAP, .str = "map[int]int",
				    .key = int_t, .elem = int_t };
	uint64_t inner_t = gi_image_add_type(c.img, &it);
	check(&c, inner_t, "map[int]int");
	struct gi_image_type ot = { .kind = GI_KIND_MAP, .str = "map[int]map[int]int",
				    .key = int_t, .elem = inner_t };
	uint64_t outer_t = gi_image_add_type(c.img, &ot);
	check(&c, outer_t, "map[int]map[int]int");
	int64_t one = 1;
	uint64_t inner = gi_image_put_map(c.img, inner_t, &one, &one, 1, 1);
	check(&c, inner, "inner map");
	int64_t keys[INNER_MAPS];
	uint64_t elems[INNER_MAPS];
	for (int i = 0; i < INNER_MAPS; i++) {
		keys[i] = i;
		elems[i] = inner; /* 64 entries, one looping map behind all */
	}
	uint64_t outer = gi_image_put_map(c.img, outer_t, keys, elems, INNER_MAPS, 1);
	check(&c, outer, "outer map");
	uint64_t dir = 0, tabs = 0, groups = 0;
	if (!classic) {
		dir = gi_image_alloc(c.img, GI_IMAGE_HEAP, 8 * DIR_LEN, 8);
		tabs = gi_image_alloc(c.img, GI_IMAGE_HEAP, 2 * 512, 8);
		groups = gi_image_alloc(c.img, GI_IMAGE_HEAP, GROUP_BYTES, 8);
		check(&c, dir && tabs && groups, "swiss tables");
	}
	uint64_t g = gi_image_add_eface(c.img, "main.gOuter", outer_t, outer);
	check(&c, g, "main.gOuter");
	finish(&c);

	/* The inner map claims five entries and holds none that a walk can
	 * find before its step limit: classic, a bucket chained to itself;
	 * swiss, a directory of 65536 tables of 16 empty groups each. */
	struct gi_memory *mem;
	assert_null(gi_image_memory(c.img, &mem));
	assert_null(gi_image_poke_u64(c.img, inner + (classic ? rl->hmap_count : rl->smap_used), 5));
	if (classic) {
		uint64_t b;
		assert_null(gi_memory_read_u64(mem, inner + rl->hmap_buckets, &b));
		uint64_t bucketsize = rl->bucket_tophash_size +
				      rl->bucket_count * (2 * UINT64_C(8)) + 8;
		for (uint64_t j = 0; j < rl->bucket_count; j++)
			assert_null(gi_image_poke_u8(c.img, b + j, 0));
		assert_null(gi_image_poke_u64(c.img, b + bucketsize - 8, b));
	} else {
		assert_null(gi_image_poke_u64(c.img, inner + rl->smap_dir_ptr, dir));
		assert_null(gi_image_poke_u64(c.img, inner + rl->smap_dir_len, DIR_LEN));
		for (int i = 0; i < DIR_LEN; i++)
			assert_null(gi_image_poke_u64(c.img, dir + 8 * i, tabs + 512 * (i & 1)));
		for (int i = 0; i < 2; i++) {
			assert_null(gi_image_poke_u64(c.img, tabs + 512 * i + rl->stable_groups_data,
						      groups));
			assert_null(gi_image_poke_u64(c.img,
						      tabs + 512 * i + rl->stable_groups_length_mask,
						      15));
		}
		/* every control byte 0x80: empty */
		static unsigned char empty[GROUP_BYTES];
		memset(empty, 0x80, sizeof(empty));
		assert_null(gi_image_poke(c.img, groups, empty, sizeof(empty)));
	}
	gi_memory_destroy(mem);
	load(&c);

	/* One command, one budget: the first inner map spends it, and the
	 * print stops there, saying so once. */
	struct command_result *res = print_watched(&c, "", g);
	char *line = first_line(res->out);
	if (count(line, "work limit") != 1 || count(line, "map has more than") != 0)
		fail_msg("one work-limit stop expected: \"%.300s\"", line);
	free(line);
	res = print_watched(&c, "--json", g);
	assert_int_equal(count(res->out, "work limit"), 1);

	/* A budget shared by two renderings is spent by the first. */
	struct gi_format_budget budget;
	gi_format_budget_init(&budget, GI_FORMAT_DEFAULT_STEPS);
	struct gi_format_options opts;
	gi_format_options_default(&opts);
	opts.budget = &budget;
	struct gi_iface *v;
	assert_null(gi_iface_read(c.prog, g, true, 0, &v));
	struct gi_strbuf sb = GI_STRBUF_INIT;
	assert_null(gi_format_iface(c.prog, v, NULL, &opts, &sb));
	assert_true(budget.used > budget.limit);
	gi_strbuf_reset(&sb);
	assert_null(gi_format_iface(c.prog, v, NULL, &opts, &sb));
	assert_string_equal(gi_strbuf_str(&sb),
			    "interface {}(map[int]map[int]int) (unreadable: the work limit of "
			    "1048576 steps for one command is used up)");
	gi_strbuf_deinit(&sb);
	gi_iface_destroy(v);
	end(&c);
}

int main(int argc, char **argv)
{
	int major, minor;
	const char *release = argc > 1 ? argv[1] : "";
	const char *dash = strchr(release, '-');
	if (sscanf(release, "go%d.%d", &major, &minor) != 2 ||
	    !(layout = gi_layout_find_experiment(major, minor, dash ? dash + 1 : NULL))) {
		fprintf(stderr, "usage: %s go1.N (a release goiface knows)\n", argv[0]);
		return 2;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pointer_cycle),
		cmocka_unit_test(test_depth_cap),
		cmocka_unit_test(test_slice_cycle),
		cmocka_unit_test(test_exponential_path),
		cmocka_unit_test(test_looping_inner_maps),
	};
	return cmocka_run_group_tests_name(release, tests, NULL, NULL);
}
