/*
 * The only file that talks to libdwarf (20210528, the old API: 12-argument
 * dwarf_init_path, 2-argument dwarf_finish, dwarf_next_cu_header_d).  A
 * port to the 0.x API changes this file alone.
 *
 * The index is one walk over the top-level DIEs of every compile unit,
 * keeping (name, tag, offset) sorted by name and (go_runtime_type, offset)
 * sorted by value; attributes are read only for the DIEs a query touches.
 */
#include "goiface/dwarf_index.h"

#include <dwarf.h>
#include <inttypes.h>
#include <libdwarf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bounds against corrupt DWARF: typedef chains, nesting, counts. */
#define MAX_TYPEDEF_CHAIN 32
#define MAX_BLOCK_DEPTH 16
#define MAX_ENTRIES 50000000u
#define MAX_MEMBERS 100000u

struct entry {
	char *name;
	Dwarf_Half tag;
	Dwarf_Off offset;
};

struct rt_entry {
	uint64_t runtime_type;
	Dwarf_Off offset;
};

struct cached_struct {
	struct gi_dwarf_struct s;
	struct cached_struct *next;
};

struct gi_dwarf_index {
	Dwarf_Debug dbg;
	uint64_t bias;
	char *path;
	struct entry *entries; /* sorted by name, then tag */
	size_t num_entries, cap_entries;
	struct rt_entry *rt; /* sorted by runtime_type */
	size_t num_rt, cap_rt;
	size_t *variables; /* indexes into entries of DW_TAG_variable, by name */
	size_t num_variables;
	struct cached_struct *structs;
};

static void drop_error(Dwarf_Debug dbg, Dwarf_Error err)
{
	if (err)
		dwarf_dealloc_error(dbg, err);
}

static struct gi_error *dwarf_failure(struct gi_dwarf_index *ix, Dwarf_Error err,
				      const char *what)
{
	struct gi_error *e = gi_error_create(GI_ERROR_FORMAT,
					     "cannot read the DWARF of %s: %s: %s",
					     ix->path, what,
					     err ? dwarf_errmsg(err) : "unexpected end of data");
	drop_error(ix->dbg, err);
	return e;
}

/* ---- attribute helpers ---------------------------------------------- */

/* die's attribute at, if it has one; the caller deallocates it. */
static bool find_attr(Dwarf_Debug dbg, Dwarf_Die die, Dwarf_Half at, Dwarf_Attribute *attr)
{
	Dwarf_Error err = NULL;
	if (dwarf_attr(die, at, attr, &err) == DW_DLV_OK)
		return true;
	drop_error(dbg, err);
	return false;
}

static bool attr_unsigned(Dwarf_Debug dbg, Dwarf_Die die, Dwarf_Half at, uint64_t *ret)
{
	Dwarf_Attribute attr;
	if (!find_attr(dbg, die, at, &attr))
		return false;
	Dwarf_Error err = NULL;
	bool ok = false;
	Dwarf_Half form = 0;
	Dwarf_Unsigned u;
	Dwarf_Signed sv;
	Dwarf_Addr addr;
	dwarf_whatform(attr, &form, &err);
	drop_error(dbg, err);
	err = NULL;
	if (form == DW_FORM_addr) {
		if (dwarf_formaddr(attr, &addr, &err) == DW_DLV_OK) {
			*ret = addr;
			ok = true;
		}
	} else if (dwarf_formudata(attr, &u, &err) == DW_DLV_OK) {
		*ret = u;
		ok = true;
	} else {
		drop_error(dbg, err);
		err = NULL;
		if (dwarf_formsdata(attr, &sv, &err) == DW_DLV_OK) {
			*ret = (uint64_t)sv;
			ok = true;
		}
	}
	drop_error(dbg, err);
	dwarf_dealloc_attribute(attr);
	return ok;
}

static bool attr_ref(Dwarf_Debug dbg, Dwarf_Die die, Dwarf_Half at, Dwarf_Off *ret)
{
	Dwarf_Attribute attr;
	if (!find_attr(dbg, die, at, &attr))
		return false;
	Dwarf_Error err = NULL;
	bool ok = dwarf_global_formref(attr, ret, &err) == DW_DLV_OK;
	drop_error(dbg, err);
	dwarf_dealloc_attribute(attr);
	return ok;
}

/* The raw bytes of an exprloc/block attribute (DW_AT_location ...). */
static bool attr_expr(Dwarf_Debug dbg, Dwarf_Die die, Dwarf_Half at,
		      const uint8_t **bytes, uint64_t *len)
{
	Dwarf_Attribute attr;
	if (!find_attr(dbg, die, at, &attr))
		return false;
	Dwarf_Error err = NULL;
	bool ok = false;
	Dwarf_Unsigned n;
	Dwarf_Ptr p;
	Dwarf_Block *block;
	if (dwarf_formexprloc(attr, &n, &p, &err) == DW_DLV_OK) {
		*bytes = p;
		*len = n;
		ok = true;
	} else {
		drop_error(dbg, err);
		err = NULL;
		/* DWARF 2/3 style: a block form.  The block's data lives in the
		 * section; only the descriptor is ours to free. */
		if (dwarf_formblock(attr, &block, &err) == DW_DLV_OK) {
			*bytes = block->bl_data;
			*len = block->bl_len;
			dwarf_dealloc(dbg, block, DW_DLA_BLOCK);
			ok = true;
		}
	}
	drop_error(dbg, err);
	dwarf_dealloc_attribute(attr);
	return ok;
}

static bool die_name(Dwarf_Debug dbg, Dwarf_Die die, char *buf, size_t cap)
{
	char *name = NULL;
	Dwarf_Error err = NULL;
	if (dwarf_diename(die, &name, &err) != DW_DLV_OK || !name) {
		drop_error(dbg, err);
		buf[0] = '\0';
		return false;
	}
	snprintf(buf, cap, "%s", name);
	return true;
}

static bool offdie(Dwarf_Debug dbg, Dwarf_Off off, Dwarf_Die *die)
{
	Dwarf_Error err = NULL;
	if (dwarf_offdie_b(dbg, off, true, die, &err) != DW_DLV_OK) {
		drop_error(dbg, err);
		return false;
	}
	return true;
}

static Dwarf_Half die_tag(Dwarf_Debug dbg, Dwarf_Die die)
{
	Dwarf_Half tag = 0;
	Dwarf_Error err = NULL;
	if (dwarf_tag(die, &tag, &err) != DW_DLV_OK)
		drop_error(dbg, err);
	return tag;
}

static uint64_t read_uleb(const uint8_t **p, const uint8_t *end)
{
	uint64_t v = 0;
	for (unsigned shift = 0; *p < end && shift < 64; shift += 7) {
		uint8_t b = *(*p)++;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			break;
	}
	return v;
}

static int64_t read_sleb(const uint8_t **p, const uint8_t *end)
{
	/* Unsigned throughout: sign-extending from bit 63 by shifting a signed
	 * 1 there would overflow. */
	uint64_t v = 0;
	unsigned shift = 0;
	uint8_t b = 0;
	while (*p < end && shift < 64) {
		b = *(*p)++;
		v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
		if (!(b & 0x80))
			break;
	}
	if (shift < 64 && (b & 0x40))
		v |= ~(uint64_t)0 << shift;
	int64_t ret;
	memcpy(&ret, &v, sizeof(ret)); /* two's complement, without conversion */
	return ret;
}

/* ---- the index ------------------------------------------------------- */

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	if (x->tag != y->tag)
		return x->tag < y->tag ? -1 : 1;
	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static int cmp_rt(const void *a, const void *b)
{
	const struct rt_entry *x = a, *y = b;
	if (x->runtime_type != y->runtime_type)
		return x->runtime_type < y->runtime_type ? -1 : 1;
	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static bool is_type_tag(Dwarf_Half tag)
{
	switch (tag) {
	case DW_TAG_base_type:
	case DW_TAG_typedef:
	case DW_TAG_structure_type:
	case DW_TAG_pointer_type:
	case DW_TAG_array_type:
	case DW_TAG_subroutine_type:
	case DW_TAG_unspecified_type:
		return true;
	default:
		return false;
	}
}

static struct gi_error *add_die(struct gi_dwarf_index *ix, Dwarf_Die die)
{
	Dwarf_Half tag = die_tag(ix->dbg, die);
	if (tag != DW_TAG_variable && tag != DW_TAG_subprogram && !is_type_tag(tag))
		return NULL;
	char *name = NULL;
	Dwarf_Error err = NULL;
	if (dwarf_diename(die, &name, &err) != DW_DLV_OK || !name) {
		drop_error(ix->dbg, err);
		return NULL;
	}
	Dwarf_Off off;
	if (dwarf_dieoffset(die, &off, &err) != DW_DLV_OK)
		return dwarf_failure(ix, err, "DIE offset");
	if (ix->num_entries == ix->cap_entries) {
		if (ix->num_entries >= MAX_ENTRIES)
			return gi_error_create(GI_ERROR_LIMIT,
					       "DWARF of %s has more than %u named DIEs",
					       ix->path, MAX_ENTRIES);
		size_t cap = ix->cap_entries ? ix->cap_entries * 2 : 4096;
		struct entry *e = realloc(ix->entries, cap * sizeof(*e));
		if (!e)
			return &gi_error_no_memory;
		ix->entries = e;
		ix->cap_entries = cap;
	}
	struct entry *e = &ix->entries[ix->num_entries];
	e->name = strdup(name);
	if (!e->name)
		return &gi_error_no_memory;
	e->tag = tag;
	e->offset = off;
	ix->num_entries++;

	uint64_t rt;
	if (is_type_tag(tag) && attr_unsigned(ix->dbg, die, DW_AT_go_runtime_type, &rt)) {
		if (ix->num_rt == ix->cap_rt) {
			size_t cap = ix->cap_rt ? ix->cap_rt * 2 : 1024;
			struct rt_entry *r = realloc(ix->rt, cap * sizeof(*r));
			if (!r)
				return &gi_error_no_memory;
			ix->rt = r;
			ix->cap_rt = cap;
		}
		ix->rt[ix->num_rt].runtime_type = rt;
		ix->rt[ix->num_rt].offset = off;
		ix->num_rt++;
	}
	return NULL;
}

static struct gi_error *build_index(struct gi_dwarf_index *ix)
{
	Dwarf_Debug dbg = ix->dbg;
	for (;;) {
		Dwarf_Unsigned hdr_len, type_off, next;
		Dwarf_Half version, addr_size, len_size, ext_size, cu_type;
		Dwarf_Off abbrev_off;
		Dwarf_Sig8 sig;
		Dwarf_Error err = NULL;
		int r = dwarf_next_cu_header_d(dbg, true, &hdr_len, &version, &abbrev_off,
					       &addr_size, &len_size, &ext_size, &sig,
					       &type_off, &next, &cu_type, &err);
		if (r == DW_DLV_NO_ENTRY)
			break;
		if (r != DW_DLV_OK)
			return dwarf_failure(ix, err, "compile unit header");
		Dwarf_Die cu = NULL;
		if (dwarf_siblingof_b(dbg, NULL, true, &cu, &err) != DW_DLV_OK)
			return dwarf_failure(ix, err, "compile unit DIE");
		Dwarf_Die child = NULL;
		r = dwarf_child(cu, &child, &err);
		dwarf_dealloc_die(cu);
		if (r == DW_DLV_ERROR)
			return dwarf_failure(ix, err, "compile unit children");
		while (r == DW_DLV_OK) {
			struct gi_error *e = add_die(ix, child);
			if (e) {
				dwarf_dealloc_die(child);
				return e;
			}
			Dwarf_Die sib = NULL;
			r = dwarf_siblingof_b(dbg, child, true, &sib, &err);
			dwarf_dealloc_die(child);
			if (r == DW_DLV_ERROR)
				return dwarf_failure(ix, err, "top-level DIE");
			child = sib;
		}
	}
	/* Both arrays are NULL while empty. */
	if (ix->num_entries > 1)
		qsort(ix->entries, ix->num_entries, sizeof(*ix->entries), cmp_entry);
	if (ix->num_rt > 1)
		qsort(ix->rt, ix->num_rt, sizeof(*ix->rt), cmp_rt);
	ix->variables = calloc(ix->num_entries ? ix->num_entries : 1, sizeof(size_t));
	if (!ix->variables)
		return &gi_error_no_memory;
	for (size_t i = 0; i < ix->num_entries; i++)
		if (ix->entries[i].tag == DW_TAG_variable)
			ix->variables[ix->num_variables++] = i;
	return NULL;
}

struct gi_error *gi_dwarf_open(const char *path, uint64_t bias,
			       struct gi_dwarf_index **ret)
{
	struct gi_dwarf_index *ix = calloc(1, sizeof(*ix));
	if (!ix)
		return &gi_error_no_memory;
	ix->bias = bias;
	ix->path = strdup(path);
	if (!ix->path) {
		free(ix);
		return &gi_error_no_memory;
	}
	Dwarf_Error err = NULL;
	int r = dwarf_init_path(path, NULL, 0, DW_DLC_READ, DW_GROUPNUMBER_ANY,
				NULL, NULL, &ix->dbg, NULL, 0, NULL, &err);
	if (r != DW_DLV_OK) {
		struct gi_error *e;
		if (r == DW_DLV_NO_ENTRY)
			e = gi_error_create(GI_ERROR_NOT_FOUND,
					    "executable %s has no DWARF (stripped?)", path);
		else
			e = gi_error_create(GI_ERROR_FORMAT,
					    "cannot read the DWARF of %s: %s", path,
					    err ? dwarf_errmsg(err) : "unknown error");
		/* With no Dwarf_Debug, libdwarf frees its special error this way. */
		if (err)
			dwarf_dealloc(NULL, err, DW_DLA_ERROR);
		ix->dbg = NULL;
		free(ix->path);
		free(ix);
		return e;
	}
	struct gi_error *e = build_index(ix);
	if (e) {
		gi_dwarf_close(ix);
		return e;
	}
	*ret = ix;
	return NULL;
}

void gi_dwarf_close(struct gi_dwarf_index *ix)
{
	if (!ix)
		return;
	for (size_t i = 0; i < ix->num_entries; i++)
		free(ix->entries[i].name);
	free(ix->entries);
	free(ix->rt);
	free(ix->variables);
	while (ix->structs) {
		struct cached_struct *c = ix->structs;
		ix->structs = c->next;
		free(c->s.members);
		free(c);
	}
	if (ix->dbg) {
		Dwarf_Error err = NULL;
		dwarf_finish(ix->dbg, &err);
	}
	free(ix->path);
	free(ix);
}

/* First entry with this name and tag (any type tag when tag is 0). */
static const struct entry *find_entry(const struct gi_dwarf_index *ix,
				      const char *name, Dwarf_Half tag)
{
	size_t lo = 0, hi = ix->num_entries;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(ix->entries[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < ix->num_entries && strcmp(ix->entries[i].name, name) == 0; i++)
		if (tag ? ix->entries[i].tag == tag : is_type_tag(ix->entries[i].tag))
			return &ix->entries[i];
	return NULL;
}

/* ---- types ----------------------------------------------------------- */

struct type_info {
	char name[256];
	enum gi_dwarf_iface iface;
	bool has_runtime_type;
	uint64_t runtime_type;
	uint64_t size;
};

/* Describes the type DIE at off: its own name, and through typedefs the
 * struct behind it (runtime.eface / runtime.iface for interfaces).  False
 * when a DIE of the chain cannot be read: then whether the type is an
 * interface is unknown, not "no". */
static bool describe_type(struct gi_dwarf_index *ix, Dwarf_Off off, struct type_info *ti)
{
	memset(ti, 0, sizeof(*ti));
	for (int depth = 0; depth < MAX_TYPEDEF_CHAIN; depth++) {
		Dwarf_Die die;
		if (!offdie(ix->dbg, off, &die))
			return false;
		char name[256];
		die_name(ix->dbg, die, name, sizeof(name));
		if (depth == 0)
			snprintf(ti->name, sizeof(ti->name), "%s", name);
		if (!ti->has_runtime_type &&
		    attr_unsigned(ix->dbg, die, DW_AT_go_runtime_type, &ti->runtime_type))
			ti->has_runtime_type = true;
		uint64_t size;
		if (!ti->size && attr_unsigned(ix->dbg, die, DW_AT_byte_size, &size))
			ti->size = size;
		Dwarf_Half tag = die_tag(ix->dbg, die);
		Dwarf_Off next;
		bool more = tag == DW_TAG_typedef && attr_ref(ix->dbg, die, DW_AT_type, &next);
		dwarf_dealloc_die(die);
		if (tag == DW_TAG_structure_type) {
			if (strcmp(name, "runtime.eface") == 0)
				ti->iface = GI_DWARF_EFACE;
			else if (strcmp(name, "runtime.iface") == 0)
				ti->iface = GI_DWARF_IFACE;
		}
		if (!more)
			return true;
		off = next;
	}
	return true;
}

static struct gi_error *variable_from_die(struct gi_dwarf_index *ix, Dwarf_Off off,
					  struct gi_dwarf_variable *ret)
{
	memset(ret, 0, sizeof(*ret));
	Dwarf_Die die;
	if (!offdie(ix->dbg, off, &die))
		return gi_error_create(GI_ERROR_FORMAT,
				       "cannot read the DWARF of %s: no DIE at 0x%" PRIx64,
				       ix->path, (uint64_t)off);
	die_name(ix->dbg, die, ret->name, sizeof(ret->name));
	const uint8_t *expr;
	uint64_t len;
	bool has_addr = false;
	if (attr_expr(ix->dbg, die, DW_AT_location, &expr, &len) && len == 9 &&
	    expr[0] == DW_OP_addr) {
		memcpy(&ret->address, expr + 1, 8);
		ret->address += ix->bias;
		has_addr = true;
	}
	Dwarf_Off type_off;
	bool has_type = attr_ref(ix->dbg, die, DW_AT_type, &type_off);
	dwarf_dealloc_die(die);
	if (!has_addr)
		return gi_error_create(GI_ERROR_NOT_FOUND,
				       "variable %s has no static address in the DWARF of %s",
				       ret->name, ix->path);
	if (has_type) {
		struct type_info ti;
		if (!describe_type(ix, type_off, &ti))
			return gi_error_create(GI_ERROR_FORMAT,
					       "cannot read the DWARF type of %s (DIE 0x%" PRIx64
					       ") in %s: its static type is unknown",
					       ret->name, (uint64_t)type_off, ix->path);
		snprintf(ret->type_name, sizeof(ret->type_name), "%s", ti.name);
		ret->iface = ti.iface;
		ret->has_runtime_type = ti.has_runtime_type;
		ret->runtime_type = ti.runtime_type;
		ret->size = ti.size;
	}
	return NULL;
}

struct gi_error *gi_dwarf_find_variable(struct gi_dwarf_index *ix, const char *name,
					struct gi_dwarf_variable *ret)
{
	const struct entry *e = find_entry(ix, name, DW_TAG_variable);
	if (!e)
		return gi_error_create(GI_ERROR_NOT_FOUND,
				       "no global variable named %s in the DWARF of %s",
				       name, ix->path);
	return variable_from_die(ix, e->offset, ret);
}

size_t gi_dwarf_num_variables(struct gi_dwarf_index *ix)
{
	return ix->num_variables;
}

struct gi_error *gi_dwarf_variable_at(struct gi_dwarf_index *ix, size_t i,
				      struct gi_dwarf_variable *ret)
{
	if (i >= ix->num_variables)
		return gi_error_create(GI_ERROR_NOT_FOUND, "no DWARF variable number %zu", i);
	return variable_from_die(ix, ix->entries[ix->variables[i]].offset, ret);
}

/* A member's offset: a constant, or DW_OP_plus_uconst N (DWARF 2). */
static bool member_offset(Dwarf_Debug dbg, Dwarf_Die die, uint64_t *ret)
{
	const uint8_t *expr;
	uint64_t len;
	if (attr_unsigned(dbg, die, DW_AT_data_member_location, ret))
		return true;
	if (attr_expr(dbg, die, DW_AT_data_member_location, &expr, &len) && len >= 1 &&
	    expr[0] == DW_OP_plus_uconst) {
		const uint8_t *p = expr + 1;
		*ret = read_uleb(&p, expr + len);
		return true;
	}
	return false;
}

struct gi_error *gi_dwarf_find_struct(struct gi_dwarf_index *ix, const char *name,
				      const struct gi_dwarf_struct **ret)
{
	for (struct cached_struct *c = ix->structs; c; c = c->next)
		if (strcmp(c->s.name, name) == 0) {
			*ret = &c->s;
			return NULL;
		}
	const struct entry *e = find_entry(ix, name, DW_TAG_structure_type);
	if (!e)
		return gi_error_create(GI_ERROR_NOT_FOUND,
				       "the DWARF of %s does not describe struct %s",
				       ix->path, name);
	Dwarf_Die die;
	if (!offdie(ix->dbg, e->offset, &die))
		return gi_error_create(GI_ERROR_FORMAT,
				       "cannot read the DWARF of %s: struct %s", ix->path, name);
	struct cached_struct *c = calloc(1, sizeof(*c));
	if (!c) {
		dwarf_dealloc_die(die);
		return &gi_error_no_memory;
	}
	snprintf(c->s.name, sizeof(c->s.name), "%s", name);
	attr_unsigned(ix->dbg, die, DW_AT_byte_size, &c->s.size);

	size_t cap = 0;
	Dwarf_Error err = NULL;
	Dwarf_Die child = NULL;
	int r = dwarf_child(die, &child, &err);
	dwarf_dealloc_die(die);
	struct gi_error *ge = NULL;
	while (r == DW_DLV_OK) {
		if (die_tag(ix->dbg, child) == DW_TAG_member) {
			if (c->s.num_members == cap) {
				if (cap >= MAX_MEMBERS) {
					ge = gi_error_create(GI_ERROR_LIMIT,
							     "struct %s has more than %u members",
							     name, MAX_MEMBERS);
					dwarf_dealloc_die(child);
					break;
				}
				cap = cap ? cap * 2 : 16;
				struct gi_dwarf_member *m = realloc(c->s.members, cap * sizeof(*m));
				if (!m) {
					ge = &gi_error_no_memory;
					dwarf_dealloc_die(child);
					break;
				}
				c->s.members = m;
			}
			struct gi_dwarf_member *m = &c->s.members[c->s.num_members];
			memset(m, 0, sizeof(*m));
			die_name(ix->dbg, child, m->name, sizeof(m->name));
			if (member_offset(ix->dbg, child, &m->offset)) {
				Dwarf_Off t;
				if (attr_ref(ix->dbg, child, DW_AT_type, &t)) {
					struct type_info ti;
					/* a size of 0 means unknown */
					(void)describe_type(ix, t, &ti);
					m->size = ti.size;
				}
				c->s.num_members++;
			}
		}
		Dwarf_Die sib = NULL;
		r = dwarf_siblingof_b(ix->dbg, child, true, &sib, &err);
		dwarf_dealloc_die(child);
		child = sib;
	}
	if (!ge && r == DW_DLV_ERROR)
		ge = dwarf_failure(ix, err, name);
	else
		drop_error(ix->dbg, err);
	if (ge) {
		free(c->s.members);
		free(c);
		return ge;
	}
	c->next = ix->structs;
	ix->structs = c;
	*ret = &c->s;
	return NULL;
}

struct gi_error *gi_dwarf_member_offset(struct gi_dwarf_index *ix,
					const char *struct_name, const char *member,
					uint64_t *ret)
{
	const struct gi_dwarf_struct *s;
	struct gi_error *err = gi_dwarf_find_struct(ix, struct_name, &s);
	if (err)
		return err;
	for (size_t i = 0; i < s->num_members; i++)
		if (strcmp(s->members[i].name, member) == 0) {
			*ret = s->members[i].offset;
			return NULL;
		}
	return gi_error_create(GI_ERROR_NOT_FOUND,
			       "struct %s has no member %s in the DWARF of %s",
			       struct_name, member, ix->path);
}

struct gi_error *gi_dwarf_type_name_by_runtime_type(struct gi_dwarf_index *ix,
						    uint64_t offset, char *name,
						    size_t cap)
{
	size_t lo = 0, hi = ix->num_rt;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ix->rt[mid].runtime_type < offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < ix->num_rt && ix->rt[lo].runtime_type == offset) {
		Dwarf_Die die;
		if (offdie(ix->dbg, ix->rt[lo].offset, &die)) {
			bool ok = die_name(ix->dbg, die, name, cap);
			dwarf_dealloc_die(die);
			if (ok)
				return NULL;
		}
	}
	return gi_error_create(GI_ERROR_NOT_FOUND,
			       "no DWARF type has runtime type offset 0x%" PRIx64, offset);
}

/* ---- locals ---------------------------------------------------------- */

static void decode_location(struct gi_dwarf_index *ix, Dwarf_Die die,
			    struct gi_dwarf_local *l)
{
	const uint8_t *expr;
	uint64_t len;
	l->location = GI_DWARF_LOC_UNSUPPORTED;
	if (!attr_expr(ix->dbg, die, DW_AT_location, &expr, &len) || len == 0)
		return; /* absent, or a location list */
	const uint8_t *p = expr + 1, *end = expr + len;
	switch (expr[0]) {
	case DW_OP_addr:
		if (len == 9) {
			memcpy(&l->address, expr + 1, 8);
			l->address += ix->bias;
			l->location = GI_DWARF_LOC_ADDR;
		}
		break;
	case DW_OP_fbreg:
		l->offset = read_sleb(&p, end);
		if (p == end)
			l->location = GI_DWARF_LOC_FBREG;
		break;
	case DW_OP_call_frame_cfa:
		/* Go writes "call_frame_cfa" or "call_frame_cfa; consts N; plus". */
		if (p == end) {
			l->offset = 0;
			l->location = GI_DWARF_LOC_CFA;
		} else if (*p == DW_OP_consts) {
			p++;
			l->offset = read_sleb(&p, end);
			if (p + 1 == end && *p == DW_OP_plus)
				l->location = GI_DWARF_LOC_CFA;
		} else if (*p == DW_OP_plus_uconst) {
			p++;
			l->offset = (int64_t)read_uleb(&p, end);
			if (p == end)
				l->location = GI_DWARF_LOC_CFA;
		}
		break;
	default:
		break;
	}
}

struct locals {
	struct gi_dwarf_local *v;
	size_t n, cap;
};

static struct gi_error *collect_locals(struct gi_dwarf_index *ix, Dwarf_Die parent,
				       int depth, struct locals *out)
{
	Dwarf_Error err = NULL;
	Dwarf_Die child = NULL;
	int r = dwarf_child(parent, &child, &err);
	struct gi_error *ge = NULL;
	while (r == DW_DLV_OK && !ge) {
		Dwarf_Half tag = die_tag(ix->dbg, child);
		if (tag == DW_TAG_lexical_block && depth < MAX_BLOCK_DEPTH) {
			ge = collect_locals(ix, child, depth + 1, out);
		} else if (tag == DW_TAG_variable || tag == DW_TAG_formal_parameter) {
			if (out->n == out->cap) {
				size_t cap = out->cap ? out->cap * 2 : 16;
				struct gi_dwarf_local *v = realloc(out->v, cap * sizeof(*v));
				if (!v) {
					ge = &gi_error_no_memory;
					break;
				}
				out->v = v;
				out->cap = cap;
			}
			struct gi_dwarf_local *l = &out->v[out->n++];
			memset(l, 0, sizeof(*l));
			die_name(ix->dbg, child, l->name, sizeof(l->name));
			l->is_parameter = tag == DW_TAG_formal_parameter;
			Dwarf_Off t;
			if (attr_ref(ix->dbg, child, DW_AT_type, &t)) {
				struct type_info ti;
				/* an unreadable type leaves the local's type unknown ("") */
				if (!describe_type(ix, t, &ti))
					memset(&ti, 0, sizeof(ti));
				snprintf(l->type_name, sizeof(l->type_name), "%s", ti.name);
				l->iface = ti.iface;
			}
			decode_location(ix, child, l);
		}
		Dwarf_Die sib = NULL;
		r = dwarf_siblingof_b(ix->dbg, child, true, &sib, &err);
		dwarf_dealloc_die(child);
		child = sib;
	}
	if (r == DW_DLV_OK && child)
		dwarf_dealloc_die(child);
	if (!ge && r == DW_DLV_ERROR)
		return dwarf_failure(ix, err, "function locals");
	drop_error(ix->dbg, err);
	return ge;
}

struct gi_error *gi_dwarf_function_locals(struct gi_dwarf_index *ix,
					  const char *function,
					  struct gi_dwarf_local **ret, size_t *count)
{
	const struct entry *e = find_entry(ix, function, DW_TAG_subprogram);
	if (!e)
		return gi_error_create(GI_ERROR_NOT_FOUND,
				       "no function named %s in the DWARF of %s",
				       function, ix->path);
	Dwarf_Die die;
	if (!offdie(ix->dbg, e->offset, &die))
		return gi_error_create(GI_ERROR_FORMAT,
				       "cannot read the DWARF of %s: function %s",
				       ix->path, function);
	struct locals out = { 0 };
	struct gi_error *err = collect_locals(ix, die, 0, &out);
	dwarf_dealloc_die(die);
	if (err) {
		free(out.v);
		return err;
	}
	*ret = out.v;
	*count = out.n;
	return NULL;
}

/* ---- locations at a pc ----------------------------------------------- */

/* Turns one location expression into pieces; false if it uses operations
 * beyond the simple forms Go emits. */
static bool decode_pieces(struct gi_dwarf_index *ix, Dwarf_Locdesc_c desc,
			  Dwarf_Unsigned nops, struct gi_dwarf_pieces *out)
{
	struct gi_dwarf_piece cur = { 0 };
	bool have = false; /* cur holds a location not yet closed by a piece */
	out->num_pieces = 0;
	for (Dwarf_Unsigned i = 0; i < nops; i++) {
		Dwarf_Small atom;
		Dwarf_Unsigned op1, op2, op3, off;
		Dwarf_Error err = NULL;
		if (dwarf_get_location_op_value_c(desc, i, &atom, &op1, &op2, &op3, &off,
						  &err) != DW_DLV_OK) {
			drop_error(ix->dbg, err);
			return false;
		}
		if (atom >= DW_OP_reg0 && atom <= DW_OP_reg31) {
			cur.kind = GI_DWARF_PIECE_REGISTER;
			cur.dwarf_register = atom - DW_OP_reg0;
			have = true;
		} else if (atom == DW_OP_regx) {
			cur.kind = GI_DWARF_PIECE_REGISTER;
			cur.dwarf_register = (unsigned)op1;
			have = true;
		} else if (atom == DW_OP_fbreg) {
			cur.kind = GI_DWARF_PIECE_FBREG;
			cur.offset = (int64_t)op1;
			have = true;
		} else if (atom == DW_OP_call_frame_cfa) {
			cur.kind = GI_DWARF_PIECE_CFA;
			cur.offset = 0;
			have = true;
		} else if (atom == DW_OP_consts && have && cur.kind == GI_DWARF_PIECE_CFA &&
			   i + 1 < nops) {
			/* call_frame_cfa; consts N; plus */
			Dwarf_Small next;
			Dwarf_Unsigned a, b, c, d;
			if (dwarf_get_location_op_value_c(desc, i + 1, &next, &a, &b, &c, &d,
							  &err) != DW_DLV_OK || next != DW_OP_plus) {
				drop_error(ix->dbg, err);
				return false;
			}
			cur.offset += (int64_t)op1;
			i++;
		} else if (atom == DW_OP_plus_uconst && have && cur.kind == GI_DWARF_PIECE_CFA) {
			cur.offset += (int64_t)op1;
		} else if ((atom >= DW_OP_lit0 && atom <= DW_OP_lit31) || atom == DW_OP_constu ||
			   atom == DW_OP_consts || atom == DW_OP_const1u || atom == DW_OP_const2u ||
			   atom == DW_OP_const4u || atom == DW_OP_const8u) {
			/* A constant: must be followed by stack_value. */
			Dwarf_Small next;
			Dwarf_Unsigned a, b, c, d;
			if (i + 1 >= nops ||
			    dwarf_get_location_op_value_c(desc, i + 1, &next, &a, &b, &c, &d,
							  &err) != DW_DLV_OK || next != DW_OP_stack_value) {
				drop_error(ix->dbg, err);
				return false;
			}
			cur.kind = GI_DWARF_PIECE_VALUE;
			cur.value = atom >= DW_OP_lit0 && atom <= DW_OP_lit31 ? (uint64_t)(atom - DW_OP_lit0) : op1;
			have = true;
			i++;
		} else if (atom == DW_OP_addr) {
			cur.kind = GI_DWARF_PIECE_ADDR;
			cur.address = op1 + ix->bias;
			have = true;
		} else if (atom == DW_OP_piece) {
			if (out->num_pieces == GI_DWARF_MAX_PIECES)
				return false;
			if (!have)
				cur.kind = GI_DWARF_PIECE_OPTIMIZED_OUT;
			cur.size = op1;
			out->pieces[out->num_pieces++] = cur;
			memset(&cur, 0, sizeof(cur));
			have = false;
		} else {
			return false;
		}
	}
	if (have) {
		if (out->num_pieces == GI_DWARF_MAX_PIECES)
			return false;
		cur.size = 0;
		out->pieces[out->num_pieces++] = cur;
	}
	if (nops == 0) {
		/* An empty expression: the variable was optimised away. */
		memset(&out->pieces[0], 0, sizeof(out->pieces[0]));
		out->num_pieces = 1;
	}
	return out->num_pieces > 0;
}

/* Finds the DIE of local `name` below parent (lexical blocks included). */
static bool find_local_die(struct gi_dwarf_index *ix, Dwarf_Die parent, const char *name,
			   int depth, Dwarf_Die *ret)
{
	Dwarf_Error err = NULL;
	Dwarf_Die child = NULL;
	int r = dwarf_child(parent, &child, &err);
	while (r == DW_DLV_OK) {
		Dwarf_Half tag = die_tag(ix->dbg, child);
		char n[128];
		if ((tag == DW_TAG_variable || tag == DW_TAG_formal_parameter) &&
		    die_name(ix->dbg, child, n, sizeof(n)) && strcmp(n, name) == 0) {
			*ret = child;
			return true;
		}
		if (tag == DW_TAG_lexical_block && depth < MAX_BLOCK_DEPTH &&
		    find_local_die(ix, child, name, depth + 1, ret)) {
			dwarf_dealloc_die(child);
			return true;
		}
		Dwarf_Die sib = NULL;
		r = dwarf_siblingof_b(ix->dbg, child, true, &sib, &err);
		dwarf_dealloc_die(child);
		child = sib;
	}
	drop_error(ix->dbg, err);
	return false;
}

struct gi_error *gi_dwarf_local_location(struct gi_dwarf_index *ix, const char *function,
					 const char *name, uint64_t pc,
					 struct gi_dwarf_pieces *ret)
{
	const struct entry *e = find_entry(ix, function, DW_TAG_subprogram);
	Dwarf_Die fn;
	if (!e || !offdie(ix->dbg, e->offset, &fn))
		return gi_error_create(GI_ERROR_NOT_FOUND,
				       "no function named %s in the DWARF of %s", function,
				       ix->path);
	Dwarf_Die die;
	bool found = find_local_die(ix, fn, name, 0, &die);
	dwarf_dealloc_die(fn);
	if (!found)
		return gi_error_create(GI_ERROR_NOT_FOUND, "function %s has no local named %s",
				       function, name);

	struct gi_error *result = NULL;
	Dwarf_Error err = NULL;
	Dwarf_Attribute attr;
	if (!find_attr(ix->dbg, die, DW_AT_location, &attr)) {
		dwarf_dealloc_die(die);
		return gi_error_create(GI_ERROR_NOT_FOUND,
				       "%s in %s has no location (optimised away)", name, function);
	}
	Dwarf_Loc_Head_c head = NULL;
	Dwarf_Unsigned count = 0;
	if (dwarf_get_loclist_c(attr, &head, &count, &err) != DW_DLV_OK) {
		result = dwarf_failure(ix, err, "location list");
		err = NULL;
	} else {
		/* The list holds link-time addresses.  DWARF 4 lists are relative
		 * to a base address set by a leading selection entry, which this
		 * libdwarf reports but does not apply; where it did compute an
		 * address (cooked differs from raw), that is used. */
		uint64_t link_pc = pc - ix->bias;
		uint64_t base = 0;
		bool matched = false, supported = true;
		for (Dwarf_Unsigned i = 0; i < count && !matched; i++) {
			Dwarf_Small lle, source;
			Dwarf_Unsigned raw_lo, raw_hi, nops, expr_off, desc_off;
			Dwarf_Bool no_addr;
			Dwarf_Addr lo, hi;
			Dwarf_Locdesc_c desc;
			if (dwarf_get_locdesc_entry_d(head, i, &lle, &raw_lo, &raw_hi, &no_addr,
						      &lo, &hi, &nops, &desc, &source, &expr_off,
						      &desc_off, &err) != DW_DLV_OK) {
				drop_error(ix->dbg, err);
				err = NULL;
				continue;
			}
			if (source != 0) {
				if (lle == DW_LLE_end_of_list)
					break;
				if (lle == DW_LLE_base_address || raw_lo == ~(Dwarf_Unsigned)0) {
					base = raw_lo == ~(Dwarf_Unsigned)0 ? raw_hi : lo;
					continue;
				}
				if (lle == DW_LLE_offset_pair && lo == raw_lo && hi == raw_hi) {
					lo = base + raw_lo;
					hi = base + raw_hi;
				}
				if (!(link_pc >= lo && link_pc < hi))
					continue;
			}
			/* A bare expression (source 0) holds at every pc. */
			matched = true;
			supported = decode_pieces(ix, desc, nops, ret);
		}
		if (!matched)
			result = gi_error_create(GI_ERROR_NOT_FOUND,
						 "%s in %s is not live at 0x%" PRIx64, name,
						 function, pc);
		else if (!supported)
			result = gi_error_create(GI_ERROR_UNSUPPORTED,
						 "the location of %s in %s at 0x%" PRIx64 " is an expression goiface does not evaluate",
						 name, function, pc);
		dwarf_loc_head_c_dealloc(head);
	}
	dwarf_dealloc_attribute(attr);
	dwarf_dealloc_die(die);
	return result;
}
