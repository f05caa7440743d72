/*
 * Values rendered from runtime type descriptors alone, in Delve's one-line
 * style (service/api/prettyprint.go): composite values name their type where
 * Delve does (struct fields, map/chan headers), pointers print as "*" and
 * their target, cut lists end in "...+N more".  Everything read from the
 * target is bounded: depth, elements, string bytes, total output.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "goiface/format.h"
#include "goiface/name.h"

/* Descriptors decoded during one rendering; more than this is a runaway. */
#define MAX_TYPES 4096
/* No real string or slice in a 64-bit Go process comes near these. */
#define MAX_STRING_LEN (UINT64_C(1) << 40)
#define MAX_SLICE_BYTES (UINT64_C(1) << 48)
/* Buckets/groups visited while looking for map entries. */
#define MAX_MAP_SCAN (1u << 20)
#define MAX_MAP_TABLES (1u << 16)

enum {
	F_TYPE = 1 << 0, /* prefix composites with their type, as Delve's includeType */
};

/* A value being rendered further out: a pointer (address, pointed-to
 * type), a map header or a slice's array (address, map or slice type). */
struct visit {
	uint64_t addr, type;
};

struct ctx {
	struct gi_program *prog;
	struct gi_memory *mem;
	const struct gi_layout *layout;
	struct gi_format_options opts;
	struct gi_strbuf *out;
	size_t start;
	bool cut;
	int type_flags;
	struct gi_type **types;
	size_t num_types, cap_types;
	/* Used when the caller shares none (opts.budget NULL). */
	struct gi_format_budget own_budget;
	struct gi_format_budget *budget;
	/* The pointers, maps and slices followed to reach the current value:
	 * at most one per level of depth. */
	struct visit path[GI_FORMAT_MAX_DEPTH + 1];
	unsigned path_len;
};

/* Where a value is: target memory, or the interface data word itself. */
struct loc {
	uint64_t addr;
	bool is_inline;
	unsigned char bytes[8];
};

static struct loc at_addr(uint64_t addr)
{
	struct loc l = { .addr = addr };
	return l;
}

static struct loc loc_offset(const struct loc *l, uint64_t off)
{
	struct loc r = *l;
	if (r.is_inline) {
		memset(r.bytes, 0, sizeof(r.bytes));
		if (off < 8)
			memcpy(r.bytes, l->bytes + off, 8 - off);
	} else {
		r.addr += off;
	}
	return r;
}

static struct gi_error *loc_read(struct ctx *c, const struct loc *l, uint64_t off,
				 void *buf, size_t size)
{
	if (l->is_inline) {
		if (off > 8 || size > 8 - off)
			return gi_error_create(GI_ERROR_INVALID,
					       "a direct interface value holds 8 bytes, "
					       "not %zu at offset %" PRIu64, size, off);
		memcpy(buf, l->bytes + off, size);
		return NULL;
	}
	return gi_memory_read(c->mem, buf, l->addr + off, size);
}

static struct gi_error *loc_u64(struct ctx *c, const struct loc *l, uint64_t off,
				uint64_t *ret)
{
	unsigned char b[8];
	struct gi_error *err = loc_read(c, l, off, b, 8);
	if (err)
		return err;
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | b[i];
	*ret = v;
	return NULL;
}

void gi_format_budget_init(struct gi_format_budget *budget, uint64_t limit)
{
	budget->limit = limit;
	budget->used = 0;
}

/* Takes n steps from the budget; false (and the rendering stops, saying
 * why) once it is spent. */
static bool spend(struct ctx *c, uint64_t n)
{
	struct gi_format_budget *b = c->budget;
	if (b->used <= b->limit && n <= b->limit - b->used) {
		b->used += n;
		return true;
	}
	if (!c->cut) {
		gi_strbuf_appendf(c->out, "(unreadable: the work limit of %" PRIu64
				  " steps for one command is used up)", b->limit);
		c->cut = true;
	}
	b->used = b->limit + 1;
	return false;
}

static bool on_path(const struct ctx *c, uint64_t addr, uint64_t type)
{
	for (unsigned i = 0; i < c->path_len; i++)
		if (c->path[i].addr == addr && c->path[i].type == type)
			return true;
	return false;
}

/* Every push is one level deeper and depth is capped, so the path cannot
 * overflow; the check keeps that true should a caller forget. */
static void path_push(struct ctx *c, uint64_t addr, uint64_t type)
{
	if (c->path_len < sizeof(c->path) / sizeof(c->path[0]))
		c->path[c->path_len] = (struct visit){ addr, type };
	c->path_len++;
}

static void path_pop(struct ctx *c)
{
	c->path_len--;
}

static bool full(struct ctx *c)
{
	if (c->cut)
		return true;
	if (c->out->failed || c->out->len - c->start > c->opts.max_output) {
		c->cut = true;
		return true;
	}
	return false;
}

static void unreadable(struct ctx *c, struct gi_error *err)
{
	if (c->cut) {
		/* out of room or of work: nothing more is shown */
		gi_error_destroy(err);
		return;
	}
	gi_strbuf_appendf(c->out, "(unreadable %s)", err->message);
	gi_error_destroy(err);
}

/* The word a pointer-shaped value starts with; false once it has been
 * rendered as unreadable instead. */
static bool first_word(struct ctx *c, const struct loc *l, uint64_t *ret)
{
	struct gi_error *err = loc_u64(c, l, 0, ret);
	if (!err)
		return true;
	unreadable(c, err);
	return false;
}

static struct gi_error *get_type(struct ctx *c, uint64_t addr, struct gi_type **ret)
{
	for (size_t i = 0; i < c->num_types; i++) {
		if (c->types[i]->address == addr) {
			*ret = c->types[i];
			return NULL;
		}
	}
	if (c->num_types == MAX_TYPES)
		return gi_error_create(GI_ERROR_LIMIT,
				       "more than %d types in one value", MAX_TYPES);
	if (!spend(c, 1))
		return gi_error_create(GI_ERROR_LIMIT, "work limit reached");
	if (c->num_types == c->cap_types) {
		size_t cap = c->cap_types ? c->cap_types * 2 : 16;
		struct gi_type **t = realloc(c->types, cap * sizeof(*t));
		if (!t)
			return &gi_error_no_memory;
		c->types = t;
		c->cap_types = cap;
	}
	struct gi_type *t;
	struct gi_error *err = gi_type_read(c->prog, addr, c->type_flags, &t);
	if (err)
		return err;
	c->types[c->num_types++] = t;
	*ret = t;
	return NULL;
}

static void ctx_init(struct ctx *c, struct gi_program *prog,
		     const struct gi_format_options *opts, struct gi_strbuf *out)
{
	memset(c, 0, sizeof(*c));
	c->prog = prog;
	c->mem = gi_program_memory(prog);
	c->layout = gi_program_layout(prog);
	if (opts)
		c->opts = *opts;
	else
		gi_format_options_default(&c->opts);
	if (c->opts.max_depth > GI_FORMAT_MAX_DEPTH)
		c->opts.max_depth = GI_FORMAT_MAX_DEPTH;
	c->budget = c->opts.budget;
	if (!c->budget) {
		gi_format_budget_init(&c->own_budget, GI_FORMAT_DEFAULT_STEPS);
		c->budget = &c->own_budget;
	}
	c->out = out;
	c->start = out->len;
}

/* Cuts an over-long rendering at the limit, marking the cut. */
static void ctx_finish(struct ctx *c)
{
	if (c->out->len - c->start > c->opts.max_output) {
		gi_strbuf_truncate(c->out, c->start + c->opts.max_output);
		gi_strbuf_puts(c->out, "...");
	}
	for (size_t i = 0; i < c->num_types; i++)
		gi_type_destroy(c->types[i]);
	free(c->types);
}

void gi_format_options_default(struct gi_format_options *opts)
{
	opts->max_depth = 4;
	opts->max_string = 64;
	opts->max_elements = 64;
	opts->max_output = 64 * 1024;
	opts->budget = NULL;
}

static void format_value(struct ctx *c, struct gi_type *t, const struct loc *l,
			 int flags, unsigned depth);

/* Bytes a scalar of this kind occupies, and whether an integer kind is
 * signed; kinds not named (uint, uint64, uintptr) are 8 unsigned bytes. */
static size_t scalar_size(enum gi_kind kind, bool *is_signed)
{
	*is_signed = false;
	switch (kind) {
	case GI_KIND_BOOL: return 1;
	case GI_KIND_FLOAT32: return 4;
	case GI_KIND_FLOAT64: case GI_KIND_COMPLEX64: return 8;
	case GI_KIND_COMPLEX128: return 16;
	case GI_KIND_INT8: *is_signed = true; /* fallthrough */
	case GI_KIND_UINT8: return 1;
	case GI_KIND_INT16: *is_signed = true; /* fallthrough */
	case GI_KIND_UINT16: return 2;
	case GI_KIND_INT32: *is_signed = true; /* fallthrough */
	case GI_KIND_UINT32: return 4;
	case GI_KIND_INT: case GI_KIND_INT64: *is_signed = true; /* fallthrough */
	default: return 8;
	}
}

/* A little-endian integer of size bytes, sign-extended if is_signed. */
static void format_int(struct ctx *c, const unsigned char *b, size_t size, bool is_signed)
{
	uint64_t v = 0;
	for (size_t i = size; i-- > 0;)
		v = v << 8 | b[i];
	if (is_signed) {
		int64_t s = size == 8 ? (int64_t)v
				      : (int64_t)(v << (64 - 8 * size)) >> (64 - 8 * size);
		gi_strbuf_appendf(c->out, "%" PRId64, s);
	} else {
		gi_strbuf_appendf(c->out, "%" PRIu64, v);
	}
}

/* Scalars exactly as Go's %v prints them; for complex numbers that is
 * "(1.5-2i)", not Delve's "(1.5 + -2i)". */
static void format_scalar_go(struct ctx *c, struct gi_type *t, const struct loc *l)
{
	bool is_signed;
	size_t size = scalar_size(t->kind, &is_signed);
	unsigned char b[16];
	struct gi_error *err = loc_read(c, l, 0, b, size);
	if (err) {
		unreadable(c, err);
		return;
	}
	/* memcpy, not casts: b has no alignment to speak of */
	float f[2];
	double d[2];
	switch (t->kind) {
	case GI_KIND_BOOL:
		if (b[0] > 1)
			gi_strbuf_appendf(c->out, "(unreadable invalid bool 0x%02x)", b[0]);
		else
			gi_strbuf_puts(c->out, b[0] ? "true" : "false");
		return;
	case GI_KIND_FLOAT32:
		memcpy(f, b, 4);
		gi_format_float32(c->out, f[0]);
		return;
	case GI_KIND_FLOAT64:
		memcpy(d, b, 8);
		gi_format_float64(c->out, d[0]);
		return;
	case GI_KIND_COMPLEX64:
		memcpy(f, b, 8);
		gi_format_complex64(c->out, f[0], f[1]);
		return;
	case GI_KIND_COMPLEX128:
		memcpy(d, b, 16);
		gi_format_complex128(c->out, d[0], d[1]);
		return;
	default:
		format_int(c, b, size, is_signed);
	}
}

/* Reads a string header; the bytes shown (at most max) are malloc'd. */
static struct gi_error *read_string(struct ctx *c, const struct loc *l, size_t max,
				    char **bytes, size_t *shown, uint64_t *len)
{
	uint64_t ptr;
	struct gi_error *err;
	if ((err = loc_u64(c, l, 0, &ptr)) || (err = loc_u64(c, l, 8, len)))
		return gi_error_wrap(err, "cannot read string header");
	if (*len > MAX_STRING_LEN)
		return gi_error_create(GI_ERROR_INVALID,
				       "string length %" PRIu64 " is impossible", *len);
	if (*len && !ptr)
		return gi_error_create(GI_ERROR_INVALID,
				       "string of length %" PRIu64 " has a nil pointer", *len);
	size_t n = *len < max ? (size_t)*len : max;
	char *s = malloc(n + 1);
	if (!s)
		return &gi_error_no_memory;
	if (n && (err = gi_memory_read(c->mem, s, ptr, n))) {
		free(s);
		return gi_error_wrap(err, "cannot read string bytes at 0x%" PRIx64, ptr);
	}
	s[n] = '\0';
	*bytes = s;
	*shown = n;
	return NULL;
}

static void format_string(struct ctx *c, const struct loc *l)
{
	char *s;
	size_t n;
	uint64_t len;
	struct gi_error *err = read_string(c, l, c->opts.max_string, &s, &n, &len);
	if (err) {
		unreadable(c, err);
		return;
	}
	if (n < len) {
		/* As Delve: the cut marker goes inside the quotes. */
		struct gi_strbuf tmp = GI_STRBUF_INIT;
		gi_strbuf_append(&tmp, s, n);
		gi_strbuf_appendf(&tmp, "...+%" PRIu64 " more", len - n);
		gi_strbuf_go_quote(c->out, tmp.data, tmp.len);
		gi_strbuf_deinit(&tmp);
	} else {
		gi_strbuf_go_quote(c->out, s, n);
	}
	free(s);
}

/* Elements of an array or slice: "[1,2,3,...+7 more]". */
static void format_elements(struct ctx *c, struct gi_type *elem,
			    const struct loc *base, uint64_t len, unsigned depth)
{
	gi_strbuf_putc(c->out, '[');
	uint64_t n = len < c->opts.max_elements ? len : c->opts.max_elements;
	uint64_t i;
	for (i = 0; i < n && !full(c); i++) {
		if (i)
			gi_strbuf_putc(c->out, ',');
		struct loc e = loc_offset(base, i * elem->size);
		format_value(c, elem, &e, 0, depth + 1);
	}
	if (i < len) {
		if (i)
			gi_strbuf_putc(c->out, ',');
		gi_strbuf_appendf(c->out, "...+%" PRIu64 " more", len - i);
	}
	gi_strbuf_putc(c->out, ']');
}

static void format_array(struct ctx *c, struct gi_type *t, const struct loc *l,
			 int flags, unsigned depth)
{
	struct gi_type *elem;
	struct gi_error *err = get_type(c, t->elem, &elem);
	if (err) {
		unreadable(c, gi_error_wrap(err, "element type of %s", t->str));
		return;
	}
	if (flags & F_TYPE)
		gi_strbuf_appendf(c->out, "%s ", t->str);
	if ((elem->size && t->len > t->size / elem->size) ||
	    elem->size * t->len != t->size) {
		gi_strbuf_appendf(c->out, "(unreadable %s has %" PRIu64 " elements of %"
				  PRIu64 " bytes but size %" PRIu64 ")",
				  t->str, t->len, elem->size, t->size);
		return;
	}
	if (depth >= c->opts.max_depth && t->len) {
		gi_strbuf_puts(c->out, "[...]");
		return;
	}
	format_elements(c, elem, l, t->len, depth);
}

static void format_slice(struct ctx *c, struct gi_type *t, const struct loc *l,
			 int flags, unsigned depth)
{
	uint64_t ptr, len, cap;
	struct gi_error *err;
	if ((err = loc_u64(c, l, 0, &ptr)) || (err = loc_u64(c, l, 8, &len)) ||
	    (err = loc_u64(c, l, 16, &cap))) {
		unreadable(c, gi_error_wrap(err, "cannot read slice header"));
		return;
	}
	struct gi_type *elem;
	if ((err = get_type(c, t->elem, &elem))) {
		unreadable(c, gi_error_wrap(err, "element type of %s", t->str));
		return;
	}
	uint64_t limit = elem->size ? MAX_SLICE_BYTES / elem->size : MAX_SLICE_BYTES;
	if (len > cap || cap > limit) {
		gi_strbuf_appendf(c->out, "(unreadable %s with impossible len %" PRIu64
				  " and cap %" PRIu64 ")", t->str, len, cap);
		return;
	}
	if (len && !ptr) {
		gi_strbuf_appendf(c->out, "(unreadable %s of len %" PRIu64
				  " with a nil array)", t->str, len);
		return;
	}
	if (flags & F_TYPE)
		gi_strbuf_appendf(c->out, "%s len: %" PRIu64 ", cap: %" PRIu64 ", ",
				  t->str, len, cap);
	if (!ptr && !len) {
		gi_strbuf_puts(c->out, "nil");
		return;
	}
	if (len && on_path(c, ptr, t->address)) {
		gi_strbuf_puts(c->out, "[...]" GI_CYCLE_MARKER);
		return;
	}
	if (depth >= c->opts.max_depth && len) {
		gi_strbuf_puts(c->out, "[...]");
		return;
	}
	struct loc base = at_addr(ptr);
	path_push(c, ptr, t->address);
	format_elements(c, elem, &base, len, depth);
	path_pop(c);
}

static void format_struct(struct ctx *c, struct gi_type *t, const struct loc *l,
			  int flags, unsigned depth)
{
	if (depth >= c->opts.max_depth && t->num_fields) {
		if (l->is_inline)
			gi_strbuf_appendf(c->out, "%s%s{...}", (flags & F_TYPE) ? t->str : "",
					  (flags & F_TYPE) ? " " : "");
		else
			gi_strbuf_appendf(c->out, "(*%s)(0x%" PRIx64 ")", t->str, l->addr);
		return;
	}
	if (flags & F_TYPE)
		gi_strbuf_appendf(c->out, "%s ", t->str);
	gi_strbuf_putc(c->out, '{');
	size_t n = t->num_fields < c->opts.max_elements ? t->num_fields
							: c->opts.max_elements;
	size_t i;
	for (i = 0; i < n && !full(c); i++) {
		const struct gi_field *f = &t->fields[i];
		if (i)
			gi_strbuf_puts(c->out, ", ");
		gi_strbuf_appendf(c->out, "%s: ", f->name);
		struct gi_type *ft;
		struct gi_error *err = get_type(c, f->type, &ft);
		if (err) {
			unreadable(c, err);
			continue;
		}
		if (f->offset > t->size || ft->size > t->size - f->offset) {
			gi_strbuf_appendf(c->out, "(unreadable field at %" PRIu64
					  " of %" PRIu64 " bytes runs past %s)",
					  f->offset, ft->size, t->str);
			continue;
		}
		struct loc fl = loc_offset(l, f->offset);
		format_value(c, ft, &fl, F_TYPE, depth + 1);
	}
	if (i < t->num_fields)
		gi_strbuf_appendf(c->out, "%s...+%zu more", i ? ", " : "",
				  t->num_fields - i);
	gi_strbuf_putc(c->out, '}');
}

static void format_pointer(struct ctx *c, struct gi_type *t, const struct loc *l,
			   int flags, unsigned depth)
{
	uint64_t p;
	if (!first_word(c, l, &p))
		return;
	struct gi_error *err;
	if (!p) {
		if (flags & F_TYPE)
			gi_strbuf_appendf(c->out, "%s nil", t->str);
		else
			gi_strbuf_puts(c->out, "nil");
		return;
	}
	bool cycle = on_path(c, p, t->elem);
	if (cycle || depth >= c->opts.max_depth) {
		gi_strbuf_appendf(c->out, "(%s)(0x%" PRIx64 ")%s", t->str, p,
				  cycle ? GI_CYCLE_MARKER : "");
		return;
	}
	struct gi_type *elem;
	if ((err = get_type(c, t->elem, &elem))) {
		unreadable(c, gi_error_wrap(err, "element type of %s", t->str));
		return;
	}
	gi_strbuf_putc(c->out, '*');
	struct loc target = at_addr(p);
	/* A pointed-to interface names its own types: without them, "*" then
	 * the held *T would read as a pointer to a pointer. */
	if (elem->kind == GI_KIND_INTERFACE)
		flags |= F_TYPE;
	path_push(c, p, t->elem);
	format_value(c, elem, &target, flags, depth + 1);
	path_pop(c);
}

static void format_func(struct ctx *c, const struct loc *l)
{
	uint64_t fv, pc;
	if (!first_word(c, l, &fv))
		return;
	struct gi_error *err;
	if (!fv) {
		gi_strbuf_puts(c->out, "nil");
		return;
	}
	/* A func value points at a closure whose first word is the code. */
	if ((err = gi_memory_read_u64(c->mem, fv, &pc))) {
		unreadable(c, gi_error_wrap(err, "cannot read func value at 0x%" PRIx64, fv));
		return;
	}
	char name[512];
	if ((err = gi_program_function_name(c->prog, pc, name, sizeof(name), NULL))) {
		gi_error_destroy(err);
		gi_strbuf_appendf(c->out, "(unknown func at 0x%" PRIx64 ")", pc);
		return;
	}
	gi_strbuf_puts(c->out, name);
}

static void format_chan(struct ctx *c, struct gi_type *t, const struct loc *l)
{
	uint64_t p, qcount, dataqsiz;
	if (!first_word(c, l, &p))
		return;
	struct gi_error *err;
	if (!p) {
		gi_strbuf_appendf(c->out, "%s nil", t->str);
		return;
	}
	const struct gi_runtime_layout *rl = &c->layout->runtime;
	if ((err = gi_memory_read_u64(c->mem, p + rl->hchan_qcount, &qcount)) ||
	    (err = gi_memory_read_u64(c->mem, p + rl->hchan_dataqsiz, &dataqsiz))) {
		unreadable(c, gi_error_wrap(err, "cannot read hchan at 0x%" PRIx64, p));
		return;
	}
	if (qcount > dataqsiz) {
		gi_strbuf_appendf(c->out, "(unreadable hchan at 0x%" PRIx64 " holds %" PRIu64
				  " of %" PRIu64 ")", p, qcount, dataqsiz);
		return;
	}
	gi_strbuf_appendf(c->out, "%s %" PRIu64 "/%" PRIu64, t->str, qcount, dataqsiz);
}

/* Map walking state shared by the classic and swiss walkers. */
struct map_walk {
	struct gi_type *key, *elem;
	bool indirect_key, indirect_elem;
	uint64_t shown;
	uint64_t scanned;
	uint64_t count; /* entries the header claims: the walk stops once all are found */
	unsigned depth;
};

static bool map_done(const struct map_walk *w)
{
	return w->shown >= w->count;
}

static bool map_entry(struct ctx *c, struct map_walk *w, uint64_t kaddr, uint64_t eaddr)
{
	if (w->shown >= c->opts.max_elements || full(c))
		return false;
	struct gi_error *err;
	if (w->indirect_key && (err = gi_memory_read_u64(c->mem, kaddr, &kaddr))) {
		unreadable(c, err);
		return false;
	}
	if (w->indirect_elem && (err = gi_memory_read_u64(c->mem, eaddr, &eaddr))) {
		unreadable(c, err);
		return false;
	}
	if (w->shown)
		gi_strbuf_puts(c->out, ", ");
	struct loc kl = at_addr(kaddr), el = at_addr(eaddr);
	format_value(c, w->key, &kl, 0, w->depth + 1);
	gi_strbuf_puts(c->out, ": ");
	format_value(c, w->elem, &el, 0, w->depth + 1);
	w->shown++;
	return true;
}

static struct gi_error *classic_buckets(struct ctx *c, struct gi_type *t,
					struct map_walk *w, uint64_t buckets,
					uint64_t nbuckets)
{
	const struct gi_runtime_layout *rl = &c->layout->runtime;
	uint64_t slots = rl->bucket_count;
	for (uint64_t i = 0; i < nbuckets && !map_done(w); i++) {
		uint64_t b = buckets + i * t->bucketsize;
		for (unsigned chain = 0; b; chain++) {
			if (++w->scanned > MAX_MAP_SCAN)
				return gi_error_create(GI_ERROR_LIMIT,
						       "map has more than %u buckets",
						       MAX_MAP_SCAN);
			if (!spend(c, 1))
				return NULL;
			unsigned char tophash[16];
			struct gi_error *err = gi_memory_read(c->mem, tophash, b,
							      slots <= 16 ? slots : 16);
			if (err)
				return gi_error_wrap(err, "cannot read map bucket at 0x%"
						     PRIx64, b);
			uint64_t keys = b + rl->bucket_tophash_size;
			uint64_t elems = keys + slots * t->keysize;
			for (uint64_t j = 0; j < slots && j < 16; j++) {
				if (tophash[j] < rl->bucket_min_tophash)
					continue;
				if (!map_entry(c, w, keys + j * t->keysize,
					       elems + j * t->valuesize))
					return NULL;
			}
			if ((err = gi_memory_read_u64(c->mem, b + t->bucketsize - 8, &b)))
				return gi_error_wrap(err, "cannot read overflow of map bucket");
		}
	}
	return NULL;
}

static struct gi_error *format_classic_map(struct ctx *c, struct gi_type *t,
					   uint64_t h, struct map_walk *w,
					   uint64_t *count)
{
	const struct gi_runtime_layout *rl = &c->layout->runtime;
	uint8_t B, hflags = 0;
	uint64_t buckets, oldbuckets;
	struct gi_error *err;
	if ((err = gi_memory_read_u64(c->mem, h + rl->hmap_count, count)) ||
	    (err = gi_memory_read_u8(c->mem, h + rl->hmap_b, &B)) ||
	    (rl->hmap_flags != GI_NO_FIELD &&
	     (err = gi_memory_read_u8(c->mem, h + rl->hmap_flags, &hflags))) ||
	    (err = gi_memory_read_u64(c->mem, h + rl->hmap_buckets, &buckets)) ||
	    (err = gi_memory_read_u64(c->mem, h + rl->hmap_oldbuckets, &oldbuckets)))
		return gi_error_wrap(err, "cannot read hmap at 0x%" PRIx64, h);
	if (B > 40 || t->bucketsize < rl->bucket_tophash_size + 8 ||
	    t->bucketsize != rl->bucket_tophash_size +
				     rl->bucket_count * ((uint64_t)t->keysize + t->valuesize) + 8)
		return gi_error_create(GI_ERROR_INVALID,
				       "hmap at 0x%" PRIx64 " has B %u and bucket size %u",
				       h, B, t->bucketsize);
	if (*count && !buckets)
		return gi_error_create(GI_ERROR_INVALID,
				       "hmap at 0x%" PRIx64 " counts %" PRIu64
				       " entries but has no buckets", h, *count);
	w->count = *count;
	if (!buckets)
		return NULL;
	if ((err = classic_buckets(c, t, w, buckets, UINT64_C(1) << B)))
		return err;
	if (oldbuckets) {
		/* Entries not yet evacuated still live in the old array; the
		 * evacuated ones are marked and skipped by their tophash. */
		uint64_t nold = (hflags & 8) || B == 0 ? UINT64_C(1) << B
						       : UINT64_C(1) << (B - 1);
		if ((err = classic_buckets(c, t, w, oldbuckets, nold)))
			return err;
	}
	return NULL;
}

static struct gi_error *swiss_group(struct ctx *c, struct gi_type *t,
				    struct map_walk *w, uint64_t g, bool *more)
{
	const struct gi_runtime_layout *rl = &c->layout->runtime;
	uint64_t ctrl;
	if (++w->scanned > MAX_MAP_SCAN)
		return gi_error_create(GI_ERROR_LIMIT, "map has more than %u groups",
				       MAX_MAP_SCAN);
	if (!spend(c, 1)) {
		*more = false;
		return NULL;
	}
	struct gi_error *err = gi_memory_read_u64(c->mem, g + rl->sgroup_ctrl, &ctrl);
	if (err)
		return gi_error_wrap(err, "cannot read map group at 0x%" PRIx64, g);
	bool split = c->layout->type.map_impl == GI_MAP_SWISS_SPLIT;
	for (unsigned i = 0; i < rl->sgroup_slots && i < 8; i++) {
		uint8_t cb = (uint8_t)(ctrl >> (8 * i));
		if (cb & 0x80)
			continue; /* empty or deleted */
		uint64_t k, e;
		if (split) {
			k = g + t->keys_off + i * t->key_stride;
			e = g + t->elems_off + i * t->elem_stride;
		} else {
			k = g + rl->sgroup_slots_off + i * t->slot_size;
			e = k + t->elem_off;
		}
		if (!map_entry(c, w, k, e)) {
			*more = false;
			return NULL;
		}
	}
	*more = true;
	return NULL;
}

static struct gi_error *format_swiss_map(struct ctx *c, struct gi_type *t,
					 uint64_t m, struct map_walk *w,
					 uint64_t *count)
{
	const struct gi_runtime_layout *rl = &c->layout->runtime;
	uint64_t dir, dirlen;
	struct gi_error *err;
	if ((err = gi_memory_read_u64(c->mem, m + rl->smap_used, count)) ||
	    (err = gi_memory_read_u64(c->mem, m + rl->smap_dir_ptr, &dir)) ||
	    (err = gi_memory_read_u64(c->mem, m + rl->smap_dir_len, &dirlen)))
		return gi_error_wrap(err, "cannot read map at 0x%" PRIx64, m);
	if (!t->group_size)
		return gi_error_create(GI_ERROR_INVALID, "map type %s has group size 0",
				       t->str);
	w->count = *count;
	bool more = true;
	if (dirlen == 0) {
		/* A small map: dirPtr is its only group. */
		if (!dir)
			return *count ? gi_error_create(GI_ERROR_INVALID,
							"map at 0x%" PRIx64 " counts %" PRIu64
							" entries but has no group", m, *count)
				      : NULL;
		return swiss_group(c, t, w, dir, &more);
	}
	if (dirlen > MAX_MAP_TABLES || (dirlen & (dirlen - 1)))
		return gi_error_create(GI_ERROR_INVALID,
				       "map at 0x%" PRIx64 " has a directory of %" PRIu64
				       " tables", m, dirlen);
	uint64_t prev = 0;
	for (uint64_t i = 0; i < dirlen && more && !map_done(w); i++) {
		uint64_t tab, data, mask;
		if ((err = gi_memory_read_u64(c->mem, dir + 8 * i, &tab)))
			return gi_error_wrap(err, "cannot read map directory at 0x%" PRIx64, dir);
		/* A table of lower local depth fills consecutive directory slots. */
		if (tab == prev)
			continue;
		prev = tab;
		if ((err = gi_memory_read_u64(c->mem, tab + rl->stable_groups_data, &data)) ||
		    (err = gi_memory_read_u64(c->mem, tab + rl->stable_groups_length_mask,
					      &mask)))
			return gi_error_wrap(err, "cannot read map table at 0x%" PRIx64, tab);
		if (mask >= MAX_MAP_SCAN || ((mask + 1) & mask))
			return gi_error_create(GI_ERROR_INVALID,
					       "map table at 0x%" PRIx64 " has length mask 0x%"
					       PRIx64, tab, mask);
		for (uint64_t g = 0; g <= mask && more && !map_done(w); g++)
			if ((err = swiss_group(c, t, w, data + g * t->group_size, &more)))
				return err;
	}
	return NULL;
}

static void format_map(struct ctx *c, struct gi_type *t, const struct loc *l,
		       int flags, unsigned depth)
{
	uint64_t p;
	if (!first_word(c, l, &p))
		return;
	struct gi_error *err;
	if (flags & F_TYPE)
		gi_strbuf_appendf(c->out, "%s ", t->str);
	if (!p) {
		gi_strbuf_puts(c->out, "nil");
		return;
	}
	if (on_path(c, p, t->address)) {
		gi_strbuf_puts(c->out, "[...]" GI_CYCLE_MARKER);
		return;
	}
	if (depth >= c->opts.max_depth) {
		gi_strbuf_puts(c->out, "[...]");
		return;
	}
	struct map_walk w = {
		.indirect_key = t->indirect_key, .indirect_elem = t->indirect_elem,
		.depth = depth,
	};
	if ((err = get_type(c, t->key, &w.key)) || (err = get_type(c, t->elem, &w.elem))) {
		unreadable(c, gi_error_wrap(err, "key or element type of %s", t->str));
		return;
	}
	gi_strbuf_putc(c->out, '[');
	uint64_t count = 0;
	path_push(c, p, t->address);
	if (c->layout->type.map_impl == GI_MAP_CLASSIC)
		err = format_classic_map(c, t, p, &w, &count);
	else
		err = format_swiss_map(c, t, p, &w, &count);
	path_pop(c);
	if (c->cut) {
		/* out of room or of work: what follows would only be cut */
		gi_error_destroy(err);
	} else if (err) {
		if (w.shown)
			gi_strbuf_puts(c->out, ", ");
		unreadable(c, err);
	} else if (count > w.shown) {
		gi_strbuf_appendf(c->out, "%s...+%" PRIu64 " more", w.shown ? ", " : "",
				  count - w.shown);
	}
	gi_strbuf_putc(c->out, ']');
}

static void format_iface_data(struct ctx *c, const struct gi_iface *v, int flags,
			      unsigned depth)
{
	if (v->typed_nil) {
		gi_strbuf_puts(c->out, "nil");
		return;
	}
	struct loc l;
	if (v->direct) {
		memset(&l, 0, sizeof(l));
		l.is_inline = true;
		for (int i = 0; i < 8; i++)
			l.bytes[i] = (unsigned char)(v->data >> (8 * i));
	} else {
		if (!v->data) {
			gi_strbuf_appendf(c->out, "(unreadable %s stored indirectly "
					  "behind a nil data word)", v->dynamic_type);
			return;
		}
		l = at_addr(v->data);
	}
	/* The decoded type belongs to v; render through the cache so nested
	 * values share descriptors. */
	struct gi_type *t;
	struct gi_error *err = get_type(c, v->type_addr, &t);
	if (err) {
		unreadable(c, err);
		return;
	}
	format_value(c, t, &l, flags, depth);
}

static void format_nested_iface(struct ctx *c, struct gi_type *t, const struct loc *l,
				int flags, unsigned depth)
{
	uint64_t w0, w1;
	struct gi_error *err;
	if ((err = loc_u64(c, l, 0, &w0)) || (err = loc_u64(c, l, 8, &w1))) {
		unreadable(c, err);
		return;
	}
	struct gi_iface *v;
	if ((err = gi_iface_decode(c->prog, w0, w1, t->num_imethods == 0,
				   c->type_flags, &v))) {
		unreadable(c, err);
		return;
	}
	if (v->nil) {
		if (flags & F_TYPE)
			gi_strbuf_appendf(c->out, "%s nil", t->str);
		else
			gi_strbuf_puts(c->out, "nil");
	} else if (v->typed_nil) {
		/* Marked as at top level: a typed nil in a slice of errors is
		 * the same bug as one in a variable.  Without the interface's
		 * type shown, the dynamic type still is. */
		if (flags & F_TYPE)
			gi_strbuf_appendf(c->out, "%s(%s) nil" GI_TYPED_NIL_NESTED_MARKER,
					  t->str, v->dynamic_type);
		else
			gi_strbuf_appendf(c->out, "%s nil" GI_TYPED_NIL_NESTED_MARKER,
					  v->dynamic_type);
	} else {
		if (flags & F_TYPE)
			gi_strbuf_appendf(c->out, "%s(%s) ", t->str, v->dynamic_type);
		if (depth >= c->opts.max_depth)
			gi_strbuf_puts(c->out, "...");
		else
			format_iface_data(c, v, (flags & F_TYPE) ? 0 : F_TYPE, depth + 1);
	}
	gi_iface_destroy(v);
}

static void format_value(struct ctx *c, struct gi_type *t, const struct loc *l,
			 int flags, unsigned depth)
{
	if (full(c) || !spend(c, 1))
		return;
	switch (t->kind) {
	case GI_KIND_STRING:
		format_string(c, l);
		break;
	case GI_KIND_ARRAY:
		format_array(c, t, l, flags, depth);
		break;
	case GI_KIND_SLICE:
		format_slice(c, t, l, flags, depth);
		break;
	case GI_KIND_STRUCT:
		format_struct(c, t, l, flags, depth);
		break;
	case GI_KIND_POINTER:
		format_pointer(c, t, l, flags, depth);
		break;
	case GI_KIND_UNSAFE_POINTER: {
		uint64_t p;
		if (!first_word(c, l, &p))
			break;
		if (p)
			gi_strbuf_appendf(c->out, "unsafe.Pointer(0x%" PRIx64 ")", p);
		else
			gi_strbuf_puts(c->out, "unsafe.Pointer(nil)");
		break;
	}
	case GI_KIND_FUNC:
		format_func(c, l);
		break;
	case GI_KIND_CHAN:
		format_chan(c, t, l);
		break;
	case GI_KIND_MAP:
		format_map(c, t, l, flags, depth);
		break;
	case GI_KIND_INTERFACE:
		format_nested_iface(c, t, l, flags, depth);
		break;
	default:
		format_scalar_go(c, t, l);
	}
}

static const char *static_name(const struct gi_iface *v, const char *static_type)
{
	if (static_type && *static_type)
		return static_type;
	if (v->is_eface)
		return "interface {}";
	return v->itab ? v->itab->inter_name : "";
}

/* The value a non-nil interface holds; a type made at run time (outside
 * every module) is allowed here since the interface itself vouches for it. */
static struct gi_error *render_iface_data(struct gi_program *prog,
					  const struct gi_iface *v,
					  const struct gi_format_options *opts,
					  struct gi_strbuf *out)
{
	struct ctx c;
	ctx_init(&c, prog, opts, out);
	c.type_flags = v->type && !v->type->module ? GI_TYPE_ALLOW_HEAP : 0;
	format_iface_data(&c, v, 0, 0);
	ctx_finish(&c);
	return out->failed ? &gi_error_no_memory : NULL;
}

struct gi_error *gi_format_iface(struct gi_program *prog,
				 const struct gi_iface *v,
				 const char *static_type,
				 const struct gi_format_options *opts,
				 struct gi_strbuf *out)
{
	if (!gi_program_layout(prog))
		return gi_error_create(GI_ERROR_USAGE, "the Go version is not set");
	const char *st = static_name(v, static_type);
	if (v->nil) {
		gi_strbuf_appendf(out, "%s%snil", st, *st ? " " : "");
		return NULL;
	}
	gi_strbuf_appendf(out, "%s(%s) ", st, v->dynamic_type);
	if (v->typed_nil) {
		gi_strbuf_puts(out, "nil" GI_TYPED_NIL_MARKER);
		return NULL;
	}
	return render_iface_data(prog, v, opts, out);
}

struct gi_error *gi_format_iface_value(struct gi_program *prog,
				       const struct gi_iface *v,
				       const struct gi_format_options *opts,
				       struct gi_strbuf *out)
{
	if (!gi_program_layout(prog))
		return gi_error_create(GI_ERROR_USAGE, "the Go version is not set");
	if (v->nil || v->typed_nil) {
		gi_strbuf_puts(out, "nil");
		return NULL;
	}
	return render_iface_data(prog, v, opts, out);
}

struct gi_error *gi_format_value(struct gi_program *prog, uint64_t type_addr,
				 uint64_t address,
				 const struct gi_format_options *opts,
				 struct gi_strbuf *out)
{
	if (!gi_program_layout(prog))
		return gi_error_create(GI_ERROR_USAGE, "the Go version is not set");
	struct ctx c;
	ctx_init(&c, prog, opts, out);
	struct gi_type *t;
	struct gi_error *err = get_type(&c, type_addr, &t);
	if (!err) {
		struct loc l = at_addr(address);
		format_value(&c, t, &l, F_TYPE, 0);
	}
	ctx_finish(&c);
	if (!err && out->failed)
		err = &gi_error_no_memory;
	return err;
}

struct gi_error *gi_format_iface_scalar(struct gi_program *prog,
					const struct gi_iface *v,
					size_t max_string,
					struct gi_strbuf *out)
{
	bool cut;
	return gi_format_iface_scalar_cut(prog, v, max_string, out, &cut);
}

struct gi_error *gi_format_iface_scalar_cut(struct gi_program *prog,
					    const struct gi_iface *v,
					    size_t max_string,
					    struct gi_strbuf *out, bool *cut)
{
	*cut = false;
	if (v->nil || !v->type)
		return gi_error_create(GI_ERROR_UNSUPPORTED, "a nil interface has no value");
	enum gi_kind k = v->kind;
	bool scalar = (k >= GI_KIND_BOOL && k <= GI_KIND_COMPLEX128) || k == GI_KIND_STRING;
	if (!scalar)
		return gi_error_create(GI_ERROR_UNSUPPORTED,
				       "%s values have no scalar rendering", gi_kind_name(k));
	struct gi_format_options opts;
	gi_format_options_default(&opts);
	opts.max_string = max_string;
	struct ctx c;
	ctx_init(&c, prog, &opts, out);
	struct loc l;
	if (v->direct) {
		memset(&l, 0, sizeof(l));
		l.is_inline = true;
		for (int i = 0; i < 8; i++)
			l.bytes[i] = (unsigned char)(v->data >> (8 * i));
	} else {
		l = at_addr(v->data);
	}
	struct gi_error *err = NULL;
	if (!v->direct && !v->data) {
		err = gi_error_create(GI_ERROR_INVALID, "%s stored behind a nil data word",
				      v->dynamic_type);
	} else if (k == GI_KIND_STRING) {
		char *s;
		size_t n;
		uint64_t len;
		err = read_string(&c, &l, max_string, &s, &n, &len);
		if (!err) {
			gi_strbuf_append(out, s, n);
			*cut = len > n;
			free(s);
		}
	} else {
		size_t before = out->len;
		format_scalar_go(&c, v->type, &l);
		if (strstr(out->data ? out->data + before : "", "(unreadable")) {
			err = gi_error_create(GI_ERROR_FAULT, "%s", out->data + before);
			gi_strbuf_truncate(out, before);
		}
	}
	ctx_finish(&c);
	return err;
}
