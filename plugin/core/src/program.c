/*
 * The program under inspection: which Go release built it (hence which
 * layout to read it with), its modules, and pc -> function names.
 */
#include "goiface/program.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A process has one module per plugin or shared library; more is garbage
 * or a loop we failed to notice. */
#define MAX_MODULES 256
#define MAX_VERSION_LEN 256
/* Upper bound on functions in one pclntab (Go binaries have ~10^5). */
#define MAX_FUNCS (1u << 24)
#define MAX_FUNC_NAME 16384

struct gi_program {
	struct gi_memory *mem;
	const struct gi_symbolizer *symbols;
	char *version;
	enum gi_version_source version_source;
	const struct gi_layout *layout;
	bool forced;
	bool have_moduledata_address;
	uint64_t moduledata_address;
	bool have_code_range;
	uint64_t code_lo, code_hi;
	struct gi_module *modules;
	size_t num_modules;
};

const char *gi_version_source_name(enum gi_version_source source)
{
	switch (source) {
	case GI_VERSION_FROM_CALLER: return "caller";
	case GI_VERSION_FROM_BUILDVERSION: return "runtime.buildVersion";
	case GI_VERSION_FROM_BUILDINFO: return ".go.buildinfo";
	default: return "unknown";
	}
}

struct gi_error *gi_check_architecture(const char *arch, unsigned pointer_size,
				       bool big_endian, const char *what)
{
	if (pointer_size == 8 && !big_endian)
		return NULL;
	const char *how = pointer_size != 8 ? (big_endian ? "32-bit, big-endian" : "32-bit")
					    : "big-endian";
	return gi_error_create(GI_ERROR_UNSUPPORTED,
			       "%s (%s) %s are not supported yet (goiface reads 64-bit"
			       " little-endian targets only)", arch, how, what);
}

struct gi_error *gi_program_create(struct gi_memory *mem,
				   const struct gi_symbolizer *symbols,
				   struct gi_program **ret)
{
	if (!mem)
		return gi_error_create(GI_ERROR_USAGE, "a program needs target memory");
	struct gi_program *prog = calloc(1, sizeof(*prog));
	if (!prog)
		return &gi_error_no_memory;
	prog->mem = mem;
	prog->symbols = symbols;
	*ret = prog;
	return NULL;
}

void gi_program_destroy(struct gi_program *prog)
{
	if (!prog)
		return;
	free(prog->version);
	free(prog->modules);
	free(prog);
}

struct gi_memory *gi_program_memory(struct gi_program *prog)
{
	return prog->mem;
}

const struct gi_symbolizer *gi_program_symbols(struct gi_program *prog)
{
	return prog->symbols;
}

static bool parse_uint(const char **p, int *ret)
{
	const char *s = *p;
	if (*s < '0' || *s > '9')
		return false;
	long v = 0;
	while (*s >= '0' && *s <= '9') {
		v = v * 10 + (*s - '0');
		if (v > 100000)
			return false;
		s++;
	}
	*ret = (int)v;
	*p = s;
	return true;
}

/*
 * Finds "go<major>.<minor>" anywhere in the string, so "go1.22.3",
 * "go1.22rc1", "go1.27.0 X:foo" and "devel go1.28-abc Tue…" all parse.
 */
bool gi_parse_go_version(const char *version, int *major, int *minor)
{
	for (const char *s = version; (s = strstr(s, "go")) != NULL; s += 2) {
		if (s != version && s[-1] != ' ' && s[-1] != '\t')
			continue;
		const char *p = s + 2;
		int ma, mi;
		if (!parse_uint(&p, &ma) || *p != '.')
			continue;
		p++;
		if (!parse_uint(&p, &mi))
			continue;
		*major = ma;
		*minor = mi;
		return true;
	}
	return false;
}

struct gi_error *gi_program_set_go_version(struct gi_program *prog,
					   const char *version,
					   enum gi_version_source source,
					   bool force)
{
	int major, minor;
	if (!version || !gi_parse_go_version(version, &major, &minor))
		return gi_error_create(GI_ERROR_UNSUPPORTED,
				       "cannot parse Go version \"%s\"",
				       version ? version : "");
	size_t n = gi_layout_count();
	if (n == 0)
		return gi_error_create(GI_ERROR_UNSUPPORTED, "no Go layouts are known");
	const struct gi_layout *oldest = gi_layout_at(0), *newest = gi_layout_at(n - 1);
	/* " X:noswissmap,…" names experiments, some of which change layouts */
	const char *x = strstr(version, " X:");
	char experiments[MAX_VERSION_LEN] = "";
	if (x) {
		size_t n = strcspn(x + 3, " \t\n");
		if (n >= sizeof(experiments))
			n = sizeof(experiments) - 1;
		memcpy(experiments, x + 3, n);
		experiments[n] = '\0';
	}
	const struct gi_layout *layout =
		gi_layout_find_experiment(major, minor, experiments);
	bool forced = false;
	if (!layout) {
		bool newer = major > newest->major ||
			     (major == newest->major && minor > newest->minor);
		/* the release the user may force: the nearest one known */
		const struct gi_layout *nearest = newer ? newest : oldest;
		if (!force)
			return gi_error_create(GI_ERROR_UNSUPPORTED,
				"Go %d.%d is %s (%d.%d–%d.%d); "
				"use --force-layout to decode it as %d.%d",
				major, minor,
				newer ? "newer than goiface knows" : "older than goiface supports",
				oldest->major, oldest->minor, newest->major, newest->minor,
				nearest->major, nearest->minor);
		layout = nearest;
		forced = true;
	}
	char *copy = strdup(version);
	if (!copy)
		return &gi_error_no_memory;
	free(prog->version);
	prog->version = copy;
	prog->version_source = source;
	prog->layout = layout;
	prog->forced = forced;
	return NULL;
}

static struct gi_error *read_go_string(struct gi_program *prog, uint64_t address,
				       size_t max, const char *what, char **ret)
{
	uint64_t words[2];
	struct gi_error *err = gi_memory_read_u64(prog->mem, address, &words[0]);
	if (!err)
		err = gi_memory_read_u64(prog->mem, address + 8, &words[1]);
	if (err)
		return gi_error_wrap(err, "cannot read %s at 0x%" PRIx64, what, address);
	if (words[1] > max)
		return gi_error_create(GI_ERROR_INVALID,
				       "%s at 0x%" PRIx64 " has length %" PRIu64
				       ", more than %zu",
				       what, address, words[1], max);
	char *s = malloc(words[1] + 1);
	if (!s)
		return &gi_error_no_memory;
	err = gi_memory_read(prog->mem, s, words[0], words[1]);
	if (err) {
		free(s);
		return gi_error_wrap(err, "cannot read %s bytes at 0x%" PRIx64, what,
				     words[0]);
	}
	s[words[1]] = '\0';
	*ret = s;
	return NULL;
}

static struct gi_error *lookup_symbol(struct gi_program *prog, const char *name,
				      uint64_t *ret)
{
	if (!prog->symbols || !prog->symbols->lookup_name)
		return gi_error_create(GI_ERROR_NOT_FOUND,
				       "cannot find %s: no symbols", name);
	struct gi_symbol sym;
	struct gi_error *err = prog->symbols->lookup_name(prog->symbols->arg, name, &sym);
	if (err)
		return err;
	*ret = sym.address;
	return NULL;
}

struct gi_error *gi_program_detect_go_version(struct gi_program *prog, bool force)
{
	uint64_t address;
	struct gi_error *err = lookup_symbol(prog, "runtime.buildVersion", &address);
	if (err)
		return err;
	char *version = NULL;
	err = read_go_string(prog, address, MAX_VERSION_LEN, "runtime.buildVersion",
			     &version);
	if (err)
		return err;
	err = gi_program_set_go_version(prog, version, GI_VERSION_FROM_BUILDVERSION, force);
	free(version);
	return err;
}

static bool read_uvarint(const unsigned char *p, size_t size, size_t *pos,
			 uint64_t *ret)
{
	uint64_t v = 0;
	for (unsigned shift = 0; shift < 64; shift += 7) {
		if (*pos >= size)
			return false;
		unsigned char b = p[(*pos)++];
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*ret = v;
			return true;
		}
	}
	return false;
}

struct gi_error *gi_buildinfo_parse_version(const void *blob, size_t size,
					    char *version, size_t cap)
{
	static const char magic[14] = "\xff Go buildinf:";
	const unsigned char *p = blob;
	if (size < 32 || memcmp(p, magic, sizeof(magic)) != 0)
		return gi_error_create(GI_ERROR_FORMAT,
				       "buildinfo: missing \"\\xff Go buildinf:\" header");
	if (!(p[15] & 0x02))
		return gi_error_create(GI_ERROR_UNSUPPORTED,
				       "buildinfo uses the pointer form of Go before 1.18");
	if (p[15] & 0x01)
		return gi_error_create(GI_ERROR_UNSUPPORTED, "buildinfo is big-endian");
	size_t pos = 32;
	uint64_t len;
	if (!read_uvarint(p, size, &pos, &len))
		return gi_error_create(GI_ERROR_FORMAT,
				       "buildinfo: truncated version length");
	if (len > size - pos)
		return gi_error_create(GI_ERROR_FORMAT,
				       "buildinfo: version length %" PRIu64
				       " runs past the %zu-byte blob", len, size);
	if (len == 0 || len > MAX_VERSION_LEN)
		return gi_error_create(GI_ERROR_FORMAT,
				       "buildinfo: implausible version length %" PRIu64, len);
	if (cap == 0 || len >= cap)
		return gi_error_create(GI_ERROR_LIMIT,
				       "buildinfo: version of %" PRIu64
				       " bytes does not fit in %zu", len, cap);
	memcpy(version, p + pos, len);
	version[len] = '\0';
	return NULL;
}

const char *gi_program_go_version(const struct gi_program *prog)
{
	return prog->version;
}

enum gi_version_source gi_program_version_source(const struct gi_program *prog)
{
	return prog->version_source;
}

const struct gi_layout *gi_program_layout(const struct gi_program *prog)
{
	return prog->layout;
}

bool gi_program_layout_forced(const struct gi_program *prog)
{
	return prog->forced;
}

void gi_program_set_moduledata_address(struct gi_program *prog, uint64_t address)
{
	prog->moduledata_address = address;
	prog->have_moduledata_address = true;
}

void gi_program_set_code_range(struct gi_program *prog, uint64_t lo, uint64_t hi)
{
	prog->code_lo = lo;
	prog->code_hi = hi;
	prog->have_code_range = lo < hi;
}

static struct gi_error *md_word(struct gi_program *prog, uint64_t md,
				uint32_t off, const char *field, uint64_t *ret)
{
	if (off == GI_NO_FIELD) {
		*ret = 0;
		return NULL;
	}
	struct gi_error *err = gi_memory_read_u64(prog->mem, md + off, ret);
	if (err)
		return gi_error_wrap(err, "cannot read moduledata.%s at 0x%" PRIx64,
				     field, md + off);
	return NULL;
}

#define MD_WORD(field, dst) \
	do { \
		err = md_word(prog, address, l->field, #field, (dst)); \
		if (err) \
			return err; \
	} while (0)
#define MD_SLICE(field, ptr, len) \
	do { \
		MD_WORD(field, (ptr)); \
		if (l->field != GI_NO_FIELD) { \
			err = md_word(prog, address, l->field + 8, #field ".len", (len)); \
			if (err) \
				return err; \
		} \
	} while (0)

static struct gi_error *read_module(struct gi_program *prog, uint64_t address,
				    struct gi_module *m, uint64_t *next)
{
	const struct gi_moduledata_layout *l = &prog->layout->moduledata;
	struct gi_error *err;
	memset(m, 0, sizeof(*m));
	m->address = address;
	MD_WORD(pcheader, &m->pcheader);
	MD_SLICE(funcnametab, &m->funcnametab, &m->funcnametab_len);
	MD_SLICE(pclntable, &m->pclntable, &m->pclntable_len);
	MD_SLICE(ftab, &m->ftab, &m->ftab_len);
	MD_WORD(minpc, &m->minpc);
	MD_WORD(maxpc, &m->maxpc);
	MD_WORD(text, &m->text);
	MD_WORD(etext, &m->etext);
	MD_WORD(noptrdata, &m->noptrdata);
	MD_WORD(enoptrdata, &m->enoptrdata);
	MD_WORD(data, &m->data);
	MD_WORD(edata, &m->edata);
	MD_WORD(bss, &m->bss);
	MD_WORD(ebss, &m->ebss);
	MD_WORD(noptrbss, &m->noptrbss);
	MD_WORD(enoptrbss, &m->enoptrbss);
	MD_WORD(types, &m->types);
	MD_WORD(etypes, &m->etypes);
	MD_WORD(typedesclen, &m->typedesclen);
	MD_WORD(itaboffset, &m->itaboffset);
	MD_WORD(itabsize, &m->itabsize);
	MD_SLICE(textsectmap, &m->textsectmap, &m->textsectmap_len);
	MD_SLICE(typelinks, &m->typelinks, &m->typelinks_len);
	MD_SLICE(itablinks, &m->itablinks, &m->itablinks_len);
	MD_WORD(next, next);

	if (m->types > m->etypes)
		return gi_error_create(GI_ERROR_INVALID,
				       "moduledata at 0x%" PRIx64 ": types 0x%" PRIx64
				       " is above etypes 0x%" PRIx64,
				       address, m->types, m->etypes);
	if (m->etypes - m->types > (1ull << 32))
		return gi_error_create(GI_ERROR_INVALID,
				       "moduledata at 0x%" PRIx64 ": types range [0x%" PRIx64
				       ", 0x%" PRIx64 ") is larger than 4 GiB",
				       address, m->types, m->etypes);
	if (m->minpc > m->maxpc || m->text > m->etext)
		return gi_error_create(GI_ERROR_INVALID,
				       "moduledata at 0x%" PRIx64 ": text range [0x%" PRIx64
				       ", 0x%" PRIx64 ") is inverted",
				       address, m->minpc, m->maxpc);
	if (m->itaboffset > m->etypes - m->types ||
	    m->itabsize > m->etypes - m->types - m->itaboffset)
		return gi_error_create(GI_ERROR_INVALID,
				       "moduledata at 0x%" PRIx64 ": itab area +0x%" PRIx64
				       " (0x%" PRIx64 " bytes) is outside the types range",
				       address, m->itaboffset, m->itabsize);
	if (m->typedesclen > m->etypes - m->types)
		return gi_error_create(GI_ERROR_INVALID,
				       "moduledata at 0x%" PRIx64 ": typedesclen 0x%" PRIx64
				       " is past etypes", address, m->typedesclen);
	return NULL;
}

/*
 * What every module of a running program has: type descriptors and code,
 * both in memory; the first module's code is the executable's own.  A
 * zeroed or foreign moduledata passes the field reads above and would
 * otherwise decode every interface against nothing.
 */
static struct gi_error *check_module_ranges(struct gi_program *prog,
					    const struct gi_module *m, bool first)
{
	if (m->types == m->etypes)
		return gi_error_create(GI_ERROR_INVALID,
				       "moduledata at 0x%" PRIx64 ": types range [0x%" PRIx64
				       ", 0x%" PRIx64 ") is empty: not a module of a Go program"
				       " (a wrong address, or a damaged core)",
				       m->address, m->types, m->etypes);
	if (m->text >= m->etext || m->minpc >= m->maxpc)
		return gi_error_create(GI_ERROR_INVALID,
				       "moduledata at 0x%" PRIx64 ": text range [0x%" PRIx64
				       ", 0x%" PRIx64 ") is empty: not a module of a Go program"
				       " (a wrong address, or a damaged core)",
				       m->address, m->text, m->etext);
	/* Both ends, not every byte: a hole inside is reported where it is met. */
	if (!gi_memory_is_mapped(prog->mem, m->types, 1) ||
	    !gi_memory_is_mapped(prog->mem, m->etypes - 1, 1))
		return gi_error_create(GI_ERROR_INVALID,
				       "moduledata at 0x%" PRIx64 ": types range [0x%" PRIx64
				       ", 0x%" PRIx64 ") is not in the target's memory",
				       m->address, m->types, m->etypes);
	if (first && prog->have_code_range &&
	    (m->text < prog->code_lo || m->etext > prog->code_hi))
		return gi_error_create(GI_ERROR_INVALID,
				       "moduledata at 0x%" PRIx64 ": text range [0x%" PRIx64
				       ", 0x%" PRIx64 ") is not inside the executable's code"
				       " [0x%" PRIx64 ", 0x%" PRIx64 ")",
				       m->address, m->text, m->etext, prog->code_lo,
				       prog->code_hi);
	if (!gi_memory_is_mapped(prog->mem, m->text, 1) ||
	    !gi_memory_is_mapped(prog->mem, m->etext - 1, 1))
		return gi_error_create(GI_ERROR_INVALID,
				       "moduledata at 0x%" PRIx64 ": text range [0x%" PRIx64
				       ", 0x%" PRIx64 ") is not in the target's memory",
				       m->address, m->text, m->etext);
	return NULL;
}

struct gi_error *gi_program_load_modules(struct gi_program *prog)
{
	if (!prog->layout)
		return gi_error_create(GI_ERROR_USAGE,
				       "cannot load modules: the Go version is not set");
	uint64_t address = prog->moduledata_address;
	if (!prog->have_moduledata_address) {
		struct gi_error *err = lookup_symbol(prog, "runtime.firstmoduledata",
						     &address);
		if (err)
			return gi_error_wrap(err, "cannot find the module list");
	}
	struct gi_module *modules = calloc(MAX_MODULES, sizeof(*modules));
	if (!modules)
		return &gi_error_no_memory;
	size_t n = 0;
	while (address) {
		for (size_t i = 0; i < n; i++) {
			if (modules[i].address == address) {
				free(modules);
				return gi_error_create(GI_ERROR_INVALID,
						       "module list loops back to moduledata at 0x%"
						       PRIx64, address);
			}
		}
		if (n == MAX_MODULES) {
			free(modules);
			return gi_error_create(GI_ERROR_LIMIT,
					       "module list has more than %d modules",
					       MAX_MODULES);
		}
		uint64_t next;
		struct gi_error *err = read_module(prog, address, &modules[n], &next);
		if (!err)
			err = check_module_ranges(prog, &modules[n], n == 0);
		if (err) {
			free(modules);
			return err;
		}
		n++;
		address = next;
	}
	free(prog->modules);
	prog->modules = modules;
	prog->num_modules = n;
	return NULL;
}

size_t gi_program_num_modules(const struct gi_program *prog)
{
	return prog->num_modules;
}

const struct gi_module *gi_program_module(const struct gi_program *prog, size_t i)
{
	return i < prog->num_modules ? &prog->modules[i] : NULL;
}

const struct gi_module *gi_program_module_for_type(struct gi_program *prog,
						   uint64_t address)
{
	for (size_t i = 0; i < prog->num_modules; i++) {
		const struct gi_module *m = &prog->modules[i];
		if (address >= m->types && address < m->etypes)
			return m;
	}
	return NULL;
}

/* Real binaries have a handful of text sections at most. */
#define MAX_TEXT_SECTIONS 256

uint64_t gi_module_text_addr(struct gi_program *prog, const struct gi_module *m,
			     uint32_t off)
{
	if (m->textsectmap_len <= 1 || m->textsectmap_len > MAX_TEXT_SECTIONS)
		return m->text + off;
	for (uint64_t i = 0; i < m->textsectmap_len; i++) {
		uint64_t sect[3]; /* vaddr, end, baseaddr */
		uint64_t at = m->textsectmap + 24 * i;
		if (!gi_memory_probe_u64(prog->mem, at, &sect[0]) ||
		    !gi_memory_probe_u64(prog->mem, at + 8, &sect[1]) ||
		    !gi_memory_probe_u64(prog->mem, at + 16, &sect[2]))
			return 0;
		/* the last section also takes off == end, as the runtime does */
		if (off >= sect[0] &&
		    (off < sect[1] || (i == m->textsectmap_len - 1 && off == sect[1])))
			return sect[2] + off - sect[0];
	}
	return 0;
}

static void copy_name(char *dst, size_t cap, const char *src)
{
	if (cap == 0)
		return;
	size_t n = strlen(src);
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static struct gi_error *pclntab_function_name(struct gi_program *prog,
					      const struct gi_module *m,
					      uint64_t pc, char *name, size_t cap,
					      uint64_t *entry)
{
	const struct gi_pclntab_layout *pl = &prog->layout->pclntab;
	if (m->ftab_len < 2 || m->ftab_len - 1 > MAX_FUNCS)
		return gi_error_create(GI_ERROR_INVALID,
				       "pclntab of module 0x%" PRIx64 " has %" PRIu64
				       " functab entries", m->address, m->ftab_len);
	uint64_t nfunc = m->ftab_len - 1;
	if (pc < m->text)
		return gi_error_create(GI_ERROR_NOT_FOUND,
				       "no function contains 0x%" PRIx64, pc);
	uint64_t off = pc - m->text;
	/* Largest i in [0, nfunc) with entryoff(i) <= off; the sentinel entry
	 * nfunc bounds the last function. */
	uint64_t lo = 0, hi = nfunc;
	struct gi_error *err;
	uint32_t end_off;
	err = gi_memory_read_u32(prog->mem, m->ftab + nfunc * 8, &end_off);
	if (err)
		return gi_error_wrap(err, "cannot read functab at 0x%" PRIx64,
				     m->ftab + nfunc * 8);
	if (off >= end_off)
		return gi_error_create(GI_ERROR_NOT_FOUND,
				       "no function contains 0x%" PRIx64, pc);
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;
		uint32_t e;
		err = gi_memory_read_u32(prog->mem, m->ftab + mid * 8, &e);
		if (err)
			return gi_error_wrap(err, "cannot read functab at 0x%" PRIx64,
					     m->ftab + mid * 8);
		if (e <= off)
			lo = mid;
		else
			hi = mid;
	}
	uint32_t entryoff, funcoff, nameoff;
	err = gi_memory_read_u32(prog->mem, m->ftab + lo * 8, &entryoff);
	if (!err)
		err = gi_memory_read_u32(prog->mem, m->ftab + lo * 8 + 4, &funcoff);
	if (err)
		return gi_error_wrap(err, "cannot read functab at 0x%" PRIx64,
				     m->ftab + lo * 8);
	if (entryoff > off)
		return gi_error_create(GI_ERROR_NOT_FOUND,
				       "no function contains 0x%" PRIx64, pc);
	if (funcoff >= m->pclntable_len)
		return gi_error_create(GI_ERROR_INVALID,
				       "functab entry %" PRIu64 " points past pclntable",
				       lo);
	uint64_t func = m->pclntable + funcoff;
	err = gi_memory_read_u32(prog->mem, func + pl->func_nameoff, &nameoff);
	if (err)
		return gi_error_wrap(err, "cannot read _func at 0x%" PRIx64, func);
	if (nameoff >= m->funcnametab_len)
		return gi_error_create(GI_ERROR_INVALID,
				       "_func at 0x%" PRIx64 " has name offset %" PRIu32
				       " past funcnametab", func, nameoff);
	uint64_t limit = m->funcnametab_len - nameoff;
	if (limit > MAX_FUNC_NAME)
		limit = MAX_FUNC_NAME;
	char buf[MAX_FUNC_NAME + 1];
	size_t got = 0;
	uint64_t at = m->funcnametab + nameoff;
	while (got < limit) {
		size_t chunk = limit - got < 64 ? (size_t)(limit - got) : 64;
		err = gi_memory_read(prog->mem, buf + got, at + got, chunk);
		if (err)
			return gi_error_wrap(err, "cannot read function name at 0x%" PRIx64,
					     at);
		void *nul = memchr(buf + got, '\0', chunk);
		got += chunk;
		if (nul) {
			copy_name(name, cap, buf);
			if (entry)
				*entry = m->text + entryoff;
			return NULL;
		}
	}
	return gi_error_create(GI_ERROR_INVALID,
			       "function name at 0x%" PRIx64 " is not terminated within %"
			       PRIu64 " bytes", at, limit);
}

struct gi_error *gi_program_function_name(struct gi_program *prog, uint64_t pc,
					  char *name, size_t cap,
					  uint64_t *entry)
{
	if (prog->symbols && prog->symbols->lookup_address) {
		struct gi_symbol sym;
		struct gi_error *err = prog->symbols->lookup_address(prog->symbols->arg,
								     pc, &sym);
		if (!err && sym.name) {
			copy_name(name, cap, sym.name);
			if (entry)
				*entry = sym.address;
			return NULL;
		}
		gi_error_destroy(err);
	}
	if (!prog->layout)
		return gi_error_create(GI_ERROR_NOT_FOUND,
				       "no symbol for 0x%" PRIx64 " and no Go layout", pc);
	for (size_t i = 0; i < prog->num_modules; i++) {
		const struct gi_module *m = &prog->modules[i];
		if (pc >= m->minpc && pc < m->maxpc)
			return pclntab_function_name(prog, m, pc, name, cap, entry);
	}
	return gi_error_create(GI_ERROR_NOT_FOUND,
			       "no function contains 0x%" PRIx64, pc);
}
