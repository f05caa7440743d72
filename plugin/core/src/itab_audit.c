/*
 * The itab audit: reads runtime.itabTable and the linker's itabs, merges
 * them by address, and checks each against the runtime's own invariants
 * (go-runtime-layouts.md §4).  Damage in the target never stops the walk:
 * it becomes an anomaly on the entry concerned.
 */
#include "goiface/audit.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "goiface/type.h"

#define DEFAULT_MAX_TABLE_SIZE (UINT64_C(1) << 24)
#define DEFAULT_MAX_STATIC_ITABS 1000000
/* The linker's dead-code pass points fun[i] of a method nothing can call at
 * this function (cmd/link deadcode, Go 1.16+): expected, not an anomaly. */
#define UNREACHABLE_METHOD "runtime.unreachableMethod"

const char *gi_itab_origin_name(enum gi_itab_origin origin)
{
	return origin == GI_ITAB_STATIC ? "static" : "runtime";
}

const char *gi_anomaly_kind_name(enum gi_anomaly_kind kind)
{
	switch (kind) {
	case GI_ANOMALY_UNMAPPED: return "unmapped";
	case GI_ANOMALY_HASH_MISMATCH: return "hash_mismatch";
	case GI_ANOMALY_BAD_METHOD: return "bad_method";
	case GI_ANOMALY_NOT_INTERFACE: return "not_interface";
	case GI_ANOMALY_UNREACHABLE: return "unreachable";
	case GI_ANOMALY_DUPLICATE: return "duplicate";
	case GI_ANOMALY_COUNT_MISMATCH: return "count_mismatch";
	case GI_ANOMALY_BAD_TABLE: return "bad_table";
	case GI_ANOMALY_UNDECODABLE: return "undecodable";
	}
	return "unknown";
}

/* Working state of one audit run. */
struct audit_run {
	struct gi_program *prog;
	struct gi_memory *mem;
	const struct gi_layout *layout;
	struct gi_itab_audit_options opts;
	struct gi_itab_audit *audit;
	size_t itabs_cap, anomalies_cap;
	uint64_t *table_entries; /* the raw slots, table_size of them */
	uint64_t *static_list;   /* the linker's itabs, sorted, no duplicates */
	size_t static_len;
};

static struct gi_error *add_anomaly(struct audit_run *run,
				    enum gi_anomaly_kind kind, uint64_t address,
				    const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static struct gi_error *add_anomaly(struct audit_run *run,
				    enum gi_anomaly_kind kind, uint64_t address,
				    const char *fmt, ...)
{
	struct gi_itab_audit *a = run->audit;
	if (a->num_anomalies == run->anomalies_cap) {
		size_t cap = run->anomalies_cap ? 2 * run->anomalies_cap : 16;
		void *p = realloc(a->anomalies, cap * sizeof(*a->anomalies));
		if (!p)
			return &gi_error_no_memory;
		a->anomalies = p;
		run->anomalies_cap = cap;
	}
	char *message;
	va_list ap;
	va_start(ap, fmt);
	int r = vasprintf(&message, fmt, ap);
	va_end(ap);
	if (r < 0)
		return &gi_error_no_memory;
	a->anomalies[a->num_anomalies++] = (struct gi_audit_anomaly){
		.kind = kind, .address = address, .message = message,
	};
	return NULL;
}

static struct gi_audit_itab *new_itab(struct audit_run *run)
{
	struct gi_itab_audit *a = run->audit;
	if (a->num_itabs == run->itabs_cap) {
		size_t cap = run->itabs_cap ? 2 * run->itabs_cap : 64;
		void *p = realloc(a->itabs, cap * sizeof(*a->itabs));
		if (!p)
			return NULL;
		a->itabs = p;
		run->itabs_cap = cap;
	}
	struct gi_audit_itab *it = &a->itabs[a->num_itabs++];
	memset(it, 0, sizeof(*it));
	return it;
}

void gi_itab_audit_destroy(struct gi_itab_audit *audit)
{
	if (!audit)
		return;
	for (size_t i = 0; i < audit->num_itabs; i++)
		gi_itab_destroy(audit->itabs[i].decoded);
	free(audit->itabs);
	for (size_t i = 0; i < audit->num_anomalies; i++)
		free(audit->anomalies[i].message);
	free(audit->anomalies);
	free(audit);
}

/* The number of methods an interface type declares (len of its imethods
 * slice), bounded; GI_ERROR_INVALID when inter is not an interface. */
static struct gi_error *interface_method_count(struct gi_program *prog,
					       uint64_t inter, size_t max,
					       size_t *ret)
{
	const struct gi_layout *l = gi_program_layout(prog);
	struct gi_memory *mem = gi_program_memory(prog);
	uint8_t kind;
	struct gi_error *err = gi_memory_read_u8(mem, inter + l->type.kind, &kind);
	if (err)
		return err;
	if ((kind & l->type.kind_mask) != GI_KIND_INTERFACE)
		return gi_error_create(GI_ERROR_INVALID,
				       "0x%" PRIx64 " is a %s type, not an interface",
				       inter, gi_kind_name(kind & l->type.kind_mask));
	uint64_t len;
	err = gi_memory_read_u64(mem, inter + l->type.iface_methods + 8, &len);
	if (err)
		return err;
	if (len > max)
		return gi_error_create(GI_ERROR_LIMIT,
				       "interface 0x%" PRIx64 " claims %" PRIu64 " methods",
				       inter, len);
	*ret = (size_t)len;
	return NULL;
}

static bool ends_with_method(const char *func, const char *method)
{
	size_t fl = strlen(func), ml = strlen(method);
	return fl > ml && func[fl - ml - 1] == '.' && strcmp(func + fl - ml, method) == 0;
}

/* Reads the raw header of the itab at address (enough to classify it even
 * when it cannot be decoded). */
static struct gi_error *read_itab_header(struct gi_program *prog, uint64_t address,
					 struct gi_audit_itab *out)
{
	const struct gi_layout *l = gi_program_layout(prog);
	struct gi_memory *mem = gi_program_memory(prog);
	memset(out, 0, sizeof(*out));
	out->address = address;
	uint64_t fun0;
	struct gi_error *err;
	if ((err = gi_memory_read_u64(mem, address + l->itab.inter, &out->inter)) ||
	    (err = gi_memory_read_u64(mem, address + l->itab.type, &out->type)) ||
	    (err = gi_memory_read_u32(mem, address + l->itab.hash, &out->hash)) ||
	    (err = gi_memory_read_u64(mem, address + l->itab.fun, &fun0)))
		return gi_error_wrap(err, "cannot read itab at 0x%" PRIx64, address);
	out->negative = fun0 == 0;
	out->origin = out->hash == 0 ? GI_ITAB_RUNTIME : GI_ITAB_STATIC;
	return NULL;
}

static bool is_entry_of(struct gi_program *prog, uint64_t pc, const char *name)
{
	char sym[128];
	uint64_t entry = 0;
	struct gi_error *err = gi_program_function_name(prog, pc, sym, sizeof(sym), &entry);
	if (err) {
		gi_error_destroy(err);
		return false;
	}
	return entry == pc && strcmp(sym, name) == 0;
}

bool gi_itab_pc_is_unreachable_method(struct gi_program *prog, uint64_t pc,
				      uint64_t load_bias)
{
	if (is_entry_of(prog, pc, UNREACHABLE_METHOD))
		return true;
	return load_bias && is_entry_of(prog, pc + load_bias, UNREACHABLE_METHOD);
}

static const char *or_unknown(const char *s)
{
	return s ? s : "?";
}

/* Decodes the itab (names, methods, symbols); failure is an anomaly. */
static struct gi_error *decode_itab(struct audit_run *run, struct gi_audit_itab *it)
{
	struct gi_error *derr = gi_itab_read(run->prog, it->address, GI_TYPE_ALLOW_HEAP,
					     &it->decoded);
	if (!derr)
		return NULL;
	if (derr == &gi_error_no_memory)
		return derr;
	/* The interface pointer was checked before: what remains is the
	 * concrete type or a name. */
	enum gi_anomaly_kind kind = derr->code == GI_ERROR_FAULT
		? GI_ANOMALY_UNMAPPED : GI_ANOMALY_UNDECODABLE;
	it->decoded = NULL;
	struct gi_error *err = add_anomaly(run, kind, it->address, "itab 0x%" PRIx64 ": %s",
					   it->address, derr->message);
	gi_error_destroy(derr);
	return err;
}

/* Records the anomalies of one itab that need nothing but the itab. */
static struct gi_error *check_itab(struct audit_run *run, struct gi_audit_itab *it)
{
	struct gi_error *err = NULL;
	const struct gi_layout *l = run->layout;
	if (!gi_memory_is_mapped(run->mem, it->inter, l->type.header_size))
		return add_anomaly(run, GI_ANOMALY_UNMAPPED, it->address,
				   "itab 0x%" PRIx64 ": interface pointer 0x%" PRIx64
				   " is not mapped", it->address, it->inter);
	if (!gi_memory_is_mapped(run->mem, it->type, l->type.header_size))
		return add_anomaly(run, GI_ANOMALY_UNMAPPED, it->address,
				   "itab 0x%" PRIx64 ": type pointer 0x%" PRIx64
				   " is not mapped", it->address, it->type);
	size_t n;
	struct gi_error *ierr = interface_method_count(run->prog, it->inter,
						       GI_TYPE_MAX_METHODS, &n);
	if (ierr) {
		enum gi_anomaly_kind kind = ierr->code == GI_ERROR_FAULT
			? GI_ANOMALY_UNMAPPED : GI_ANOMALY_NOT_INTERFACE;
		err = add_anomaly(run, kind, it->address, "itab 0x%" PRIx64 ": %s",
				  it->address, ierr->message);
		gi_error_destroy(ierr);
		return err;
	}
	if ((err = decode_itab(run, it)) || !it->decoded)
		return err;
	const struct gi_itab *d = it->decoded;
	if (it->is_static_area && it->hash != d->type_hash &&
	    (err = add_anomaly(run, GI_ANOMALY_HASH_MISMATCH, it->address,
			       "itab 0x%" PRIx64 " (%s,%s): hash 0x%08x != type hash 0x%08x",
			       it->address, or_unknown(d->type_name),
			       or_unknown(d->inter_name), it->hash, d->type_hash)))
		return err;
	if (it->negative)
		return NULL;
	for (size_t i = 0; i < d->num_methods; i++) {
		const struct gi_itab_method *m = &d->methods[i];
		const char *want = or_unknown(m->name);
		if (m->symbol && m->name && m->symbol_entry == m->pc &&
		    ends_with_method(m->symbol, m->name))
			continue; /* the common case, settled without more lookups */
		if (gi_itab_pc_is_unreachable_method(run->prog, m->pc, run->opts.load_bias))
			continue;
		if (!gi_memory_is_mapped(run->mem, m->pc, 1))
			err = add_anomaly(run, GI_ANOMALY_UNMAPPED, it->address,
					  "itab 0x%" PRIx64 ": fun[%zu] (%s) = 0x%" PRIx64
					  " is not mapped", it->address, i, want, m->pc);
		else if (!m->symbol)
			err = add_anomaly(run, GI_ANOMALY_BAD_METHOD, it->address,
					  "itab 0x%" PRIx64 ": fun[%zu] (%s) = 0x%" PRIx64
					  " is in no known function", it->address, i, want, m->pc);
		else if (m->symbol_entry != m->pc || !m->name ||
			 !ends_with_method(m->symbol, m->name))
			err = add_anomaly(run, GI_ANOMALY_BAD_METHOD, it->address,
					  "itab 0x%" PRIx64 ": fun[%zu] (%s) = 0x%" PRIx64
					  " is %s+0x%" PRIx64, it->address, i, want, m->pc,
					  m->symbol, m->pc - m->symbol_entry);
		if (err)
			return err;
	}
	return NULL;
}

/* Reads the itab header at address into a new audit entry; an unreadable
 * header becomes an anomaly and no entry. */
static struct gi_error *collect_itab(struct audit_run *run, uint64_t address,
				     struct gi_audit_itab **ret)
{
	*ret = NULL;
	struct gi_audit_itab tmp;
	struct gi_error *err = read_itab_header(run->prog, address, &tmp);
	if (err) {
		struct gi_error *aerr = add_anomaly(run, GI_ANOMALY_UNMAPPED, address,
						    "%s", err->message);
		gi_error_destroy(err);
		return aerr;
	}
	struct gi_audit_itab *it = new_itab(run);
	if (!it)
		return &gi_error_no_memory;
	*it = tmp;
	*ret = it;
	return NULL;
}

/*
 * Checks that the probe sequence of runtime.itabTable's find() reaches slot
 * `slot` for this itab: h = (inter.hash ^ type.hash) & mask, then h += i.
 */
static struct gi_error *check_reachable(struct audit_run *run,
					const struct gi_audit_itab *it)
{
	uint32_t ih, th;
	if (!gi_memory_probe_u32(run->mem, it->inter + run->layout->type.hash, &ih) ||
	    !gi_memory_probe_u32(run->mem, it->type + run->layout->type.hash, &th))
		return NULL; /* already reported as unmapped */
	uint64_t size = run->audit->table_size;
	uint64_t mask = size - 1;
	uint64_t h = (uint64_t)(ih ^ th) & mask;
	for (uint64_t i = 1; i <= size; i++) {
		if (h == it->table_slot)
			return NULL;
		if (run->table_entries[h] == 0)
			break;
		h = (h + i) & mask;
	}
	return add_anomaly(run, GI_ANOMALY_UNREACHABLE, it->address,
			   "itab 0x%" PRIx64 " (%s,%s) in slot %zu is not reachable by the"
			   " table's probe sequence from slot %" PRIu64,
			   it->address, it->decoded ? or_unknown(it->decoded->type_name) : "?",
			   it->decoded ? or_unknown(it->decoded->inter_name) : "?", it->table_slot,
			   (uint64_t)(ih ^ th) & mask);
}

/*
 * Without symbols, the table is found by what it holds.  The variable
 * runtime.itabTable lives in the module's data or bss and points either at
 * runtime.itabTableInit (data) or at a grown table (heap).  A candidate
 * table has a power-of-two size of at least itabInitSize and a count that
 * fits; it is accepted when the probe sequence finds one of the linker's
 * itabs in it (itabsinit adds them all at start-up) or, with no process
 * image behind the memory, when it is the untouched starter table.
 */
static bool table_holds(struct audit_run *run, uint64_t table, uint64_t size,
			uint64_t itab)
{
	const struct gi_layout *l = run->layout;
	uint64_t inter, type;
	uint32_t ih, th;
	if (!gi_memory_probe_u64(run->mem, itab + l->itab.inter, &inter) ||
	    !gi_memory_probe_u64(run->mem, itab + l->itab.type, &type) ||
	    !gi_memory_probe_u32(run->mem, inter + l->type.hash, &ih) ||
	    !gi_memory_probe_u32(run->mem, type + l->type.hash, &th))
		return false;
	uint64_t mask = size - 1, h = (uint64_t)(ih ^ th) & mask;
	for (uint64_t i = 1; i <= size; i++) {
		uint64_t entry;
		struct gi_error *err = gi_memory_read_u64(
			run->mem, table + l->itab.table_entries + 8 * h, &entry);
		if (err) {
			gi_error_destroy(err);
			return false;
		}
		if (entry == itab)
			return true;
		if (entry == 0)
			return false;
		h = (h + i) & mask;
	}
	return false;
}

/* The starter table as the linker wrote it: every slot nil. */
static bool entries_all_nil(struct audit_run *run, uint64_t table, uint64_t size)
{
	uint64_t slots[64];
	for (uint64_t i = 0; i < size; i += 64) {
		struct gi_error *err = gi_memory_read(
			run->mem, slots, table + run->layout->itab.table_entries + 8 * i,
			sizeof(slots));
		if (err) {
			gi_error_destroy(err);
			return false;
		}
		for (size_t j = 0; j < 64; j++)
			if (slots[j])
				return false;
	}
	return true;
}

static bool is_table(struct audit_run *run, uint64_t table)
{
	const struct gi_itab_layout *il = &run->layout->itab;
	uint64_t hdr[2];
	if ((table & 7) || !table ||
	    !gi_memory_is_mapped(run->mem, table, il->table_entries + 8 * il->table_init_size))
		return false;
	struct gi_error *err = gi_memory_read(run->mem, hdr, table, sizeof(hdr));
	if (err) {
		gi_error_destroy(err);
		return false;
	}
	uint64_t size = hdr[il->table_size / 8], count = hdr[il->table_count / 8];
	if (size < il->table_init_size || (size & (size - 1)) ||
	    size > run->opts.max_table_size || count > size)
		return false;
	if (run->opts.static_only)
		return count == 0 && size == il->table_init_size &&
		       entries_all_nil(run, table, size);
	return run->static_len && count > 0 &&
	       table_holds(run, table, size, run->static_list[0]);
}

/* Scans [start, end) for a word pointing at the itab table. */
static bool scan_range(struct audit_run *run, uint64_t start, uint64_t end,
		       uint64_t *ret)
{
	enum { CHUNK = 8192 };
	uint64_t words[CHUNK / 8];
	start = (start + 7) & ~UINT64_C(7);
	for (uint64_t p = start; p + 8 <= end; p += CHUNK) {
		size_t n = end - p < CHUNK ? (size_t)(end - p) & ~(size_t)7 : CHUNK;
		struct gi_error *err = gi_memory_read(run->mem, words, p, n);
		if (err) {
			gi_error_destroy(err);
			continue;
		}
		for (size_t i = 0; i < n / 8; i++) {
			if (is_table(run, words[i])) {
				*ret = words[i];
				return true;
			}
		}
	}
	return false;
}

static bool search_table(struct audit_run *run, uint64_t *ret)
{
	for (size_t m = 0; m < gi_program_num_modules(run->prog); m++) {
		const struct gi_module *mod = gi_program_module(run->prog, m);
		/* Initialised pointer variables sit in data; bss second. */
		if (scan_range(run, mod->data, mod->edata, ret) ||
		    scan_range(run, mod->bss, mod->ebss, ret) ||
		    scan_range(run, mod->noptrdata, mod->enoptrdata, ret) ||
		    scan_range(run, mod->noptrbss, mod->enoptrbss, ret))
			return true;
	}
	return false;
}

/* Walks runtime.itabTable; missing symbol means no table, not an error. */
static struct gi_error *walk_table(struct audit_run *run)
{
	struct gi_itab_audit *a = run->audit;
	const struct gi_symbolizer *syms = gi_program_symbols(run->prog);
	struct gi_symbol sym;
	struct gi_error *err = NULL;
	uint64_t table;
	if (syms && syms->lookup_name &&
	    !(err = syms->lookup_name(syms->arg, "runtime.itabTable", &sym))) {
		if ((err = gi_memory_read_u64(run->mem, sym.address, &table))) {
			gi_error_destroy(err);
			return add_anomaly(run, GI_ANOMALY_UNMAPPED, sym.address,
					   "runtime.itabTable at 0x%" PRIx64 " is not readable",
					   sym.address);
		}
	} else {
		gi_error_destroy(err);
		if (!search_table(run, &table))
			return NULL; /* no table to audit: the static itabs still are */
		a->table_from_search = true;
	}
	const struct gi_itab_layout *il = &run->layout->itab;
	uint64_t size, count;
	if (!gi_memory_probe_u64(run->mem, table + il->table_size, &size) ||
	    !gi_memory_probe_u64(run->mem, table + il->table_count, &count))
		return add_anomaly(run, GI_ANOMALY_UNMAPPED, table,
				   "itab table at 0x%" PRIx64 " is not mapped", table);
	a->have_table = true;
	a->table_address = table;
	a->table_size = size;
	a->table_count = count;
	if (size == 0 || (size & (size - 1)) || size > run->opts.max_table_size)
		return add_anomaly(run, GI_ANOMALY_BAD_TABLE, table,
				   "itab table at 0x%" PRIx64 ": size %" PRIu64
				   " is not a power of two up to %" PRIu64, table, size,
				   run->opts.max_table_size);
	run->table_entries = malloc(size * 8);
	if (!run->table_entries)
		return &gi_error_no_memory;
	if ((err = gi_memory_read(run->mem, run->table_entries,
				  table + il->table_entries, size * 8))) {
		gi_error_destroy(err);
		free(run->table_entries);
		run->table_entries = NULL;
		return add_anomaly(run, GI_ANOMALY_UNMAPPED, table,
				   "itab table at 0x%" PRIx64 ": its %" PRIu64
				   " entries are not mapped", table, size);
	}
	for (uint64_t slot = 0; slot < size; slot++) {
		uint64_t p = run->table_entries[slot];
		if (!p)
			continue;
		a->table_entries_found++;
		struct gi_audit_itab *it;
		if ((err = collect_itab(run, p, &it)))
			return err;
		if (!it)
			continue;
		it->in_table = true;
		it->table_slot = (size_t)slot;
	}
	if (a->table_entries_found != count &&
	    (err = add_anomaly(run, GI_ANOMALY_COUNT_MISMATCH, table,
			       "itab table at 0x%" PRIx64 ": count field %" PRIu64
			       " but %zu entries found", table, count,
			       a->table_entries_found)))
		return err;
	return NULL;
}

static int compare_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
	return a < b ? -1 : a > b;
}

/* Appends the addresses of one module's linker-written itabs to *list. */
static struct gi_error *module_static_itabs(struct audit_run *run,
					    const struct gi_module *mod,
					    uint64_t **list, size_t *len,
					    size_t *cap)
{
	struct gi_error *err;
	if (!run->layout->itab.static_in_types_section) {
		if (mod->itablinks_len > run->opts.max_static_itabs)
			return add_anomaly(run, GI_ANOMALY_BAD_TABLE, mod->address,
					   "module 0x%" PRIx64 ": itablinks claims %" PRIu64
					   " itabs", mod->address, mod->itablinks_len);
		size_t n = (size_t)mod->itablinks_len;
		if (*len + n > *cap) {
			size_t c = *len + n;
			void *p = realloc(*list, c * sizeof(**list));
			if (!p)
				return &gi_error_no_memory;
			*list = p;
			*cap = c;
		}
		if (n && (err = gi_memory_read(run->mem, *list + *len, mod->itablinks,
					       n * 8))) {
			gi_error_destroy(err);
			return add_anomaly(run, GI_ANOMALY_UNMAPPED, mod->itablinks,
					   "itablinks at 0x%" PRIx64 " (%zu entries) is not mapped",
					   mod->itablinks, n);
		}
		*len += n;
		return NULL;
	}
	/* 1.27: itabs packed back to back at types + itaboffset. */
	uint64_t p = mod->types + mod->itaboffset;
	uint64_t end = p + mod->itabsize;
	while (p + run->layout->itab.fun + 8 <= end) {
		if (*len == run->opts.max_static_itabs)
			return add_anomaly(run, GI_ANOMALY_BAD_TABLE, mod->address,
					   "module 0x%" PRIx64 ": more than %zu static itabs",
					   mod->address, run->opts.max_static_itabs);
		uint64_t inter, fun0;
		size_t n = 0;
		if ((err = gi_memory_read_u64(run->mem, p + run->layout->itab.inter, &inter)) ||
		    (err = gi_memory_read_u64(run->mem, p + run->layout->itab.fun, &fun0)) ||
		    (err = interface_method_count(run->prog, inter, GI_TYPE_MAX_METHODS, &n))) {
			struct gi_error *aerr = add_anomaly(
				run, GI_ANOMALY_UNMAPPED, p,
				"static itab area: cannot size the itab at 0x%" PRIx64 ": %s",
				p, err->message);
			gi_error_destroy(err);
			return aerr;
		}
		if (*len == *cap) {
			size_t c = *cap ? 2 * *cap : 64;
			void *q = realloc(*list, c * sizeof(**list));
			if (!q)
				return &gi_error_no_memory;
			*list = q;
			*cap = c;
		}
		(*list)[(*len)++] = p;
		/* A negative itab has room for fun[0] only. */
		p += gi_itab_size(run->prog, fun0 == 0 ? 0 : n);
	}
	return NULL;
}

/* Lists the linker's itabs of every module into run->static_list. */
static struct gi_error *collect_static(struct audit_run *run)
{
	uint64_t *list = NULL;
	size_t len = 0, cap = 0;
	for (size_t m = 0; m < gi_program_num_modules(run->prog); m++) {
		struct gi_error *err = module_static_itabs(
			run, gi_program_module(run->prog, m), &list, &len, &cap);
		if (err) {
			free(list);
			return err;
		}
	}
	if (len > 1) /* list is NULL when no module lists any */
		qsort(list, len, sizeof(*list), compare_u64);
	size_t unique = 0;
	for (size_t i = 0; i < len; i++)
		if (unique == 0 || list[i] != list[unique - 1])
			list[unique++] = list[i]; /* listed twice: one itab all the same */
	run->static_list = list;
	run->static_len = unique;
	return NULL;
}

/* Adds the linker's itabs, merging those the table already holds. */
static struct gi_error *walk_static(struct audit_run *run)
{
	const uint64_t *list = run->static_list;
	size_t len = run->static_len;
	struct gi_error *err = NULL;
	/* Table entries sorted by address, to find each static itab's entry. */
	struct gi_itab_audit *a = run->audit;
	size_t ntable = a->num_itabs;
	uint64_t *by_addr = malloc((ntable ? ntable : 1) * 2 * sizeof(uint64_t));
	if (!by_addr)
		return &gi_error_no_memory;
	for (size_t i = 0; i < ntable; i++) {
		by_addr[2 * i] = a->itabs[i].address;
		by_addr[2 * i + 1] = i;
	}
	qsort(by_addr, ntable, 2 * sizeof(uint64_t), compare_u64);
	for (size_t i = 0; i < len; i++) {
		uint64_t *hit = bsearch(&list[i], by_addr, ntable, 2 * sizeof(uint64_t),
					compare_u64);
		struct gi_audit_itab *it;
		if (hit) {
			it = &a->itabs[hit[1]];
		} else {
			if ((err = collect_itab(run, list[i], &it)))
				break;
			if (!it)
				continue;
		}
		it->is_static_area = true;
		it->origin = GI_ITAB_STATIC;
	}
	free(by_addr);
	return err;
}

static int compare_pair(const void *pa, const void *pb)
{
	const struct gi_audit_itab *a = *(struct gi_audit_itab *const *)pa;
	const struct gi_audit_itab *b = *(struct gi_audit_itab *const *)pb;
	if (a->inter != b->inter)
		return a->inter < b->inter ? -1 : 1;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	return a->address < b->address ? -1 : a->address > b->address;
}

static struct gi_error *check_duplicates(struct audit_run *run)
{
	struct gi_itab_audit *a = run->audit;
	if (a->num_itabs < 2)
		return NULL;
	struct gi_audit_itab **sorted = malloc(a->num_itabs * sizeof(*sorted));
	if (!sorted)
		return &gi_error_no_memory;
	for (size_t i = 0; i < a->num_itabs; i++)
		sorted[i] = &a->itabs[i];
	qsort(sorted, a->num_itabs, sizeof(*sorted), compare_pair);
	struct gi_error *err = NULL;
	for (size_t i = 1; i < a->num_itabs && !err; i++) {
		const struct gi_audit_itab *p = sorted[i - 1], *q = sorted[i];
		if (p->inter == q->inter && p->type == q->type)
			err = add_anomaly(run, GI_ANOMALY_DUPLICATE, q->address,
					  "itabs 0x%" PRIx64 " and 0x%" PRIx64
					  " are both (%s,%s)", p->address, q->address,
					  q->decoded ? or_unknown(q->decoded->type_name) : "?",
					  q->decoded ? or_unknown(q->decoded->inter_name) : "?");
	}
	free(sorted);
	return err;
}

static struct gi_error *audit_all(struct audit_run *run)
{
	struct gi_error *err;
	if ((err = collect_static(run)) || (err = walk_table(run)) ||
	    (err = walk_static(run)))
		return err;
	struct gi_itab_audit *a = run->audit;
	for (size_t i = 0; i < a->num_itabs; i++) {
		struct gi_audit_itab *it = &a->itabs[i];
		/* hash 0 in the static area is possible for a type whose hash
		 * is 0; outside it, the itab came from getitab. */
		if (!it->is_static_area)
			it->origin = GI_ITAB_RUNTIME;
		if (it->origin == GI_ITAB_STATIC)
			a->num_static++;
		else
			a->num_runtime++;
		if (it->negative)
			a->num_negative++;
		if ((err = check_itab(run, it)))
			return err;
		if (it->in_table && run->table_entries && (err = check_reachable(run, it)))
			return err;
	}
	return check_duplicates(run);
}

struct gi_error *gi_itab_audit_run(struct gi_program *prog,
				   const struct gi_itab_audit_options *options,
				   struct gi_itab_audit **ret)
{
	*ret = NULL;
	struct audit_run run = { .prog = prog, .mem = gi_program_memory(prog),
				 .layout = gi_program_layout(prog) };
	if (!run.layout)
		return gi_error_create(GI_ERROR_UNSUPPORTED,
				       "cannot audit itabs: no Go release selected");
	if (options)
		run.opts = *options;
	if (!run.opts.max_table_size)
		run.opts.max_table_size = DEFAULT_MAX_TABLE_SIZE;
	if (!run.opts.max_static_itabs)
		run.opts.max_static_itabs = DEFAULT_MAX_STATIC_ITABS;
	run.audit = calloc(1, sizeof(*run.audit));
	if (!run.audit)
		return &gi_error_no_memory;
	run.audit->static_only = run.opts.static_only;
	struct gi_error *err = audit_all(&run);
	free(run.table_entries);
	free(run.static_list);
	if (err) {
		gi_itab_audit_destroy(run.audit);
		return err;
	}
	*ret = run.audit;
	return NULL;
}
