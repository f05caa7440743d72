/*
 * Runtime type descriptors (internal/abi.Type and the kind-specific records
 * that embed it), decoded with the offsets of the program's layout.
 */
#include "goiface/type.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "goiface/name.h"
#include "goiface/strbuf.h"

/* Composite type strings are built recursively for path spellings only; a
 * descriptor chain deeper than this is a loop. */
#define MAX_PATH_DEPTH 16
/* Descriptors one path spelling may read: a real type needs one per
 * element, key and named leaf. */
#define MAX_PATH_READS 256

struct reader {
	struct gi_program *prog;
	struct gi_memory *mem;
	const struct gi_layout *layout;
	const struct gi_type_layout *tl;
	struct gi_type *t;
};

/* A failed read of one field of the descriptor, naming the field and the
 * type; NULL stays NULL. */
static struct gi_error *field_error(struct reader *r, struct gi_error *err,
				    const char *what)
{
	if (!err)
		return NULL;
	return gi_error_wrap(err, "cannot read %s of type at 0x%" PRIx64, what,
			     r->t->address);
}

static struct gi_error *rd64(struct reader *r, uint64_t off, const char *what,
			     uint64_t *ret)
{
	return field_error(r, gi_memory_read_u64(r->mem, r->t->address + off, ret), what);
}

static struct gi_error *rd32(struct reader *r, uint64_t off, const char *what,
			     uint32_t *ret)
{
	return field_error(r, gi_memory_read_u32(r->mem, r->t->address + off, ret), what);
}

static struct gi_error *rd16(struct reader *r, uint64_t off, const char *what,
			     uint16_t *ret)
{
	return field_error(r, gi_memory_read_u16(r->mem, r->t->address + off, ret), what);
}

static struct gi_error *rd8(struct reader *r, uint64_t off, const char *what,
			    uint8_t *ret)
{
	return field_error(r, gi_memory_read_u8(r->mem, r->t->address + off, ret), what);
}

/* A name reached through a nameOff of the descriptor. */
static struct gi_error *name_at_off(struct reader *r, int32_t off,
				    const char *what, struct gi_name *ret)
{
	uint64_t addr;
	struct gi_error *err = gi_program_resolve_off(r->prog, r->t->address, off, &addr);
	if (!err)
		err = gi_name_read(r->prog, addr, ret);
	return field_error(r, err, what);
}

/* A method's name, taken over from its name record, and the package that
 * qualifies it when the record names one.  *pkg_path is left alone when
 * that package cannot be read: the method is still worth showing. */
static struct gi_error *method_name(struct reader *r, int32_t off, const char *what,
				    char **name, bool *exported, char **pkg_path)
{
	struct gi_name n;
	struct gi_error *err = name_at_off(r, off, what, &n);
	if (err)
		return err;
	*name = n.name;
	*exported = n.exported;
	n.name = NULL;
	if (n.has_pkgpath && n.pkgpath_off) {
		struct gi_name pkg;
		struct gi_error *perr = name_at_off(r, n.pkgpath_off, "method package", &pkg);
		if (perr) {
			gi_error_destroy(perr);
		} else {
			*pkg_path = pkg.name;
			pkg.name = NULL;
			gi_name_deinit(&pkg);
		}
	}
	gi_name_deinit(&n);
	return NULL;
}

/* typeOff: 0 and -1 mean none. */
static struct gi_error *type_off(struct reader *r, int32_t off, uint64_t *ret)
{
	if (off == 0 || off == -1) {
		*ret = 0;
		return NULL;
	}
	return gi_program_resolve_off(r->prog, r->t->address, off, ret);
}

/* textOff: -1 is runtime.unreachableMethod. */
static uint64_t text_off(struct reader *r, int32_t off)
{
	if (off == -1 || !r->t->module)
		return 0;
	return gi_module_text_addr(r->prog, r->t->module, (uint32_t)off);
}

static struct gi_error *read_header(struct reader *r, int flags)
{
	struct gi_type *t = r->t;
	const struct gi_type_layout *tl = r->tl;
	uint32_t str, ptt;
	struct gi_error *err;
	if ((err = rd64(r, tl->size, "size", &t->size)) ||
	    (err = rd64(r, tl->ptrdata, "ptrdata", &t->ptrdata)) ||
	    (err = rd32(r, tl->hash, "hash", &t->hash)) ||
	    (err = rd8(r, tl->tflag, "tflag", &t->tflag)) ||
	    (err = rd8(r, tl->align, "align", &t->align)) ||
	    (err = rd8(r, tl->field_align, "fieldAlign", &t->field_align)) ||
	    (err = rd8(r, tl->kind, "kind", &t->kind_byte)) ||
	    (err = rd64(r, tl->equal, "equal", &t->equal)) ||
	    (err = rd64(r, tl->gcdata, "gcdata", &t->gcdata)) ||
	    (err = rd32(r, tl->str, "str", &str)) ||
	    (err = rd32(r, tl->ptr_to_this, "ptrToThis", &ptt)))
		return err;
	unsigned kind = t->kind_byte & tl->kind_mask;
	if (kind == GI_KIND_INVALID || kind >= GI_KIND_COUNT)
		return gi_error_create(GI_ERROR_INVALID,
				       "type at 0x%" PRIx64 " has invalid kind %u",
				       t->address, kind);
	t->kind = (enum gi_kind)kind;
	t->direct_iface = (tl->kind_direct_iface && (t->kind_byte & tl->kind_direct_iface)) ||
			  (tl->tflag_direct_iface && (t->tflag & tl->tflag_direct_iface));
	t->named = t->tflag & tl->tflag_named;
	t->uncommon = t->tflag & tl->tflag_uncommon;
	t->str_off = (int32_t)str;
	t->ptr_to_this_off = (int32_t)ptt;
	if (t->align == 0 || (t->align & (t->align - 1)) || t->align > 64)
		return gi_error_create(GI_ERROR_INVALID,
				       "type at 0x%" PRIx64 " has impossible alignment %u",
				       t->address, t->align);

	if (t->module) {
		struct gi_name name;
		err = name_at_off(r, t->str_off, "name", &name);
		if (err)
			return err;
		if ((t->tflag & tl->tflag_extra_star) && name.name_len > 0 &&
		    name.name[0] == '*')
			memmove(name.name, name.name + 1, name.name_len);
		t->str = name.name;
		name.name = NULL;
		gi_name_deinit(&name);
		err = type_off(r, t->ptr_to_this_off, &t->ptr_to_this);
		if (err)
			return gi_error_wrap(err, "cannot resolve ptrToThis of type at 0x%"
					     PRIx64, t->address);
	} else {
		/* Types made by reflect at run time name themselves through
		 * runtime.reflectOffs, which goiface does not walk. */
		if (asprintf(&t->str, "<type at 0x%" PRIx64 ">", t->address) < 0)
			return &gi_error_no_memory;
	}
	(void)flags;
	return NULL;
}

static struct gi_error *read_uncommon(struct reader *r, int flags)
{
	struct gi_type *t = r->t;
	const struct gi_type_layout *tl = r->tl;
	uint64_t u = tl->record_size[t->kind];
	uint32_t pkgpath, moff;
	uint16_t mcount, xcount;
	struct gi_error *err;
	if ((err = rd32(r, u + tl->uncommon_pkgpath, "uncommon pkgPath", &pkgpath)) ||
	    (err = rd16(r, u + tl->uncommon_mcount, "uncommon mcount", &mcount)) ||
	    (err = rd16(r, u + tl->uncommon_xcount, "uncommon xcount", &xcount)) ||
	    (err = rd32(r, u + tl->uncommon_moff, "uncommon moff", &moff)))
		return err;
	if (xcount > mcount)
		return gi_error_create(GI_ERROR_INVALID,
				       "type at 0x%" PRIx64 " has %u exported of %u methods",
				       t->address, xcount, mcount);
	if (mcount > GI_TYPE_MAX_METHODS)
		return gi_error_create(GI_ERROR_INVALID,
				       "type at 0x%" PRIx64 " claims %u methods, more than %d",
				       t->address, mcount, GI_TYPE_MAX_METHODS);
	if (pkgpath && t->module) {
		struct gi_name name;
		err = name_at_off(r, (int32_t)pkgpath, "package path", &name);
		if (err)
			return err;
		free(t->pkg_path);
		t->pkg_path = name.name;
		name.name = NULL;
		gi_name_deinit(&name);
	}
	if ((flags & GI_TYPE_SHALLOW) || mcount == 0 || !t->module)
		return NULL;
	t->methods = calloc(mcount, sizeof(*t->methods));
	if (!t->methods)
		return &gi_error_no_memory;
	t->num_methods = mcount;
	t->num_exported_methods = xcount;
	for (size_t i = 0; i < mcount; i++) {
		uint64_t m = u + moff + i * tl->method_size;
		uint32_t name_off, mtyp, ifn, tfn;
		if ((err = rd32(r, m, "method name", &name_off)) ||
		    (err = rd32(r, m + 4, "method mtyp", &mtyp)) ||
		    (err = rd32(r, m + 8, "method ifn", &ifn)) ||
		    (err = rd32(r, m + 12, "method tfn", &tfn)))
			return err;
		struct gi_method *meth = &t->methods[i];
		err = method_name(r, (int32_t)name_off, "method name", &meth->name,
				  &meth->exported, &meth->pkg_path);
		if (err)
			return err;
		err = type_off(r, (int32_t)mtyp, &meth->mtyp);
		if (err)
			return gi_error_wrap(err, "method %s of type at 0x%" PRIx64,
					     meth->name, t->address);
		meth->ifn = text_off(r, (int32_t)ifn);
		meth->tfn = text_off(r, (int32_t)tfn);
	}
	return NULL;
}

static struct gi_error *read_abs_name(struct reader *r, uint64_t addr,
				      const char *what, struct gi_name *ret)
{
	return field_error(r, gi_name_read(r->prog, addr, ret), what);
}

static struct gi_error *read_struct(struct reader *r, int flags)
{
	struct gi_type *t = r->t;
	const struct gi_type_layout *tl = r->tl;
	uint64_t pkg, fields, nfields;
	struct gi_error *err;
	if ((err = rd64(r, tl->struct_pkgpath, "struct pkgPath", &pkg)) ||
	    (err = rd64(r, tl->struct_fields, "struct fields", &fields)) ||
	    (err = rd64(r, tl->struct_fields + 8, "struct fields len", &nfields)))
		return err;
	if (nfields > GI_TYPE_MAX_FIELDS)
		return gi_error_create(GI_ERROR_INVALID,
				       "struct type at 0x%" PRIx64 " claims %" PRIu64
				       " fields, more than %d",
				       t->address, nfields, GI_TYPE_MAX_FIELDS);
	if (pkg && !t->pkg_path) {
		struct gi_name name;
		if ((err = read_abs_name(r, pkg, "struct package path", &name)))
			return err;
		t->pkg_path = name.name;
		name.name = NULL;
		gi_name_deinit(&name);
	}
	if ((flags & GI_TYPE_SHALLOW) || nfields == 0)
		return NULL;
	t->fields = calloc(nfields, sizeof(*t->fields));
	if (!t->fields)
		return &gi_error_no_memory;
	t->num_fields = nfields;
	for (size_t i = 0; i < nfields; i++) {
		uint64_t f = fields + i * tl->field_size;
		uint64_t name_ptr, typ, off;
		if ((err = gi_memory_read_u64(r->mem, f + tl->field_name, &name_ptr)) ||
		    (err = gi_memory_read_u64(r->mem, f + tl->field_type, &typ)) ||
		    (err = gi_memory_read_u64(r->mem, f + tl->field_offset, &off)))
			return gi_error_wrap(err, "cannot read field %zu of struct type at 0x%"
					     PRIx64, i, t->address);
		struct gi_field *field = &t->fields[i];
		struct gi_name name;
		if ((err = read_abs_name(r, name_ptr, "field name", &name)))
			return err;
		field->name = name.name;
		field->tag = name.tag;
		field->exported = name.exported;
		field->embedded = name.embedded;
		name.name = name.tag = NULL;
		if (tl->field_offset_embedded_bit) {
			field->embedded = off & 1;
			off >>= 1;
		}
		field->offset = off;
		field->type = typ;
		if (!typ)
			return gi_error_create(GI_ERROR_INVALID,
					       "field %s of struct type at 0x%" PRIx64
					       " has a nil type", field->name, t->address);
		if (off > t->size)
			return gi_error_create(GI_ERROR_INVALID,
					       "field %s of struct type at 0x%" PRIx64
					       " has offset %" PRIu64 " past the size %" PRIu64,
					       field->name, t->address, off, t->size);
	}
	return NULL;
}

static struct gi_error *read_interface(struct reader *r, int flags)
{
	struct gi_type *t = r->t;
	const struct gi_type_layout *tl = r->tl;
	uint64_t pkg, methods, n;
	struct gi_error *err;
	if ((err = rd64(r, tl->iface_pkgpath, "interface pkgPath", &pkg)) ||
	    (err = rd64(r, tl->iface_methods, "interface methods", &methods)) ||
	    (err = rd64(r, tl->iface_methods + 8, "interface methods len", &n)))
		return err;
	if (n > GI_TYPE_MAX_METHODS)
		return gi_error_create(GI_ERROR_INVALID,
				       "interface type at 0x%" PRIx64 " claims %" PRIu64
				       " methods, more than %d",
				       t->address, n, GI_TYPE_MAX_METHODS);
	t->num_imethods = n;
	if (pkg && !t->pkg_path) {
		struct gi_name name;
		if ((err = read_abs_name(r, pkg, "interface package path", &name)))
			return err;
		t->pkg_path = name.name;
		name.name = NULL;
		gi_name_deinit(&name);
	}
	if ((flags & GI_TYPE_SHALLOW) || n == 0)
		return NULL;
	if (!t->module)
		return gi_error_create(GI_ERROR_UNSUPPORTED,
				       "interface type at 0x%" PRIx64
				       " lies in no module; its method names cannot be resolved",
				       t->address);
	t->imethods = calloc(n, sizeof(*t->imethods));
	if (!t->imethods)
		return &gi_error_no_memory;
	for (size_t i = 0; i < n; i++) {
		uint64_t m = methods + i * tl->imethod_size;
		uint32_t name_off, typ;
		if ((err = gi_memory_read_u32(r->mem, m, &name_off)) ||
		    (err = gi_memory_read_u32(r->mem, m + 4, &typ)))
			return gi_error_wrap(err, "cannot read method %zu of interface type at 0x%"
					     PRIx64, i, t->address);
		struct gi_imethod *im = &t->imethods[i];
		if ((err = method_name(r, (int32_t)name_off, "interface method name",
				       &im->name, &im->exported, &im->pkg_path)))
			return err;
		if ((err = type_off(r, (int32_t)typ, &im->typ)))
			return gi_error_wrap(err, "method %s of interface type at 0x%" PRIx64,
					     im->name, t->address);
	}
	return NULL;
}

static struct gi_error *read_func(struct reader *r, int flags)
{
	struct gi_type *t = r->t;
	const struct gi_type_layout *tl = r->tl;
	uint16_t in, out;
	struct gi_error *err;
	if ((err = rd16(r, tl->func_in_count, "func inCount", &in)) ||
	    (err = rd16(r, tl->func_out_count, "func outCount", &out)))
		return err;
	t->variadic = out & 0x8000;
	out &= 0x7fff;
	if (in + out > GI_TYPE_MAX_PARAMS)
		return gi_error_create(GI_ERROR_INVALID,
				       "func type at 0x%" PRIx64 " claims %u parameters, more than %d",
				       t->address, in + out, GI_TYPE_MAX_PARAMS);
	t->num_in = in;
	t->num_out = out;
	if ((flags & GI_TYPE_SHALLOW) || in + out == 0)
		return NULL;
	t->params = calloc(in + out, sizeof(*t->params));
	if (!t->params)
		return &gi_error_no_memory;
	uint64_t base = tl->record_size[GI_KIND_FUNC] + (t->uncommon ? tl->uncommon_size : 0);
	for (size_t i = 0; i < (size_t)in + out; i++)
		if ((err = rd64(r, base + 8 * i, "func parameter", &t->params[i])))
			return err;
	return NULL;
}

static struct gi_error *read_map(struct reader *r)
{
	struct gi_type *t = r->t;
	const struct gi_type_layout *tl = r->tl;
	struct gi_error *err;
	if ((err = rd64(r, tl->map_key, "map key", &t->key)) ||
	    (err = rd64(r, tl->map_elem, "map elem", &t->elem)) ||
	    (err = rd64(r, tl->map_bucket_or_group, "map bucket", &t->bucket)) ||
	    (err = rd64(r, tl->map_hasher, "map hasher", &t->hasher)) ||
	    (err = rd32(r, tl->map_flags, "map flags", &t->map_flags)))
		return err;
	if (tl->map_impl == GI_MAP_CLASSIC) {
		uint8_t ks, vs;
		uint16_t bs;
		if ((err = rd8(r, tl->map_keysize, "map keysize", &ks)) ||
		    (err = rd8(r, tl->map_valuesize, "map valuesize", &vs)) ||
		    (err = rd16(r, tl->map_bucketsize, "map bucketsize", &bs)))
			return err;
		t->keysize = ks;
		t->valuesize = vs;
		t->bucketsize = bs;
	} else {
		if ((err = rd64(r, tl->map_group_size, "map groupSize", &t->group_size)) ||
		    (tl->map_slot_size != GI_NO_FIELD &&
		     (err = rd64(r, tl->map_slot_size, "map slotSize", &t->slot_size))) ||
		    (tl->map_elem_off != GI_NO_FIELD &&
		     (err = rd64(r, tl->map_elem_off, "map elemOff", &t->elem_off))))
			return err;
		if (tl->map_impl == GI_MAP_SWISS_SPLIT &&
		    ((err = rd64(r, tl->map_keys_off, "map keysOff", &t->keys_off)) ||
		     (err = rd64(r, tl->map_key_stride, "map keyStride", &t->key_stride)) ||
		     (err = rd64(r, tl->map_elems_off, "map elemsOff", &t->elems_off)) ||
		     (err = rd64(r, tl->map_elem_stride, "map elemStride", &t->elem_stride))))
			return err;
	}
	t->indirect_key = t->map_flags & tl->map_flag_indirect_key;
	t->indirect_elem = t->map_flags & tl->map_flag_indirect_elem;
	return NULL;
}

struct gi_error *gi_type_read(struct gi_program *prog, uint64_t address,
			      int flags, struct gi_type **ret)
{
	const struct gi_layout *layout = gi_program_layout(prog);
	if (!layout)
		return gi_error_create(GI_ERROR_USAGE,
				       "cannot read type at 0x%" PRIx64 ": the Go version is not set",
				       address);
	if (!address)
		return gi_error_create(GI_ERROR_INVALID, "type descriptor pointer is nil");
	const struct gi_module *m = gi_program_module_for_type(prog, address);
	if (!m && !(flags & GI_TYPE_ALLOW_HEAP)) {
		size_t n = gi_program_num_modules(prog);
		if (n == 0)
			return gi_error_create(GI_ERROR_USAGE,
					       "cannot check type descriptor 0x%" PRIx64
					       ": no modules are loaded", address);
		const struct gi_module *first = gi_program_module(prog, 0);
		return gi_error_create(GI_ERROR_INVALID,
				       "type descriptor 0x%" PRIx64 " is outside every module's "
				       "types range [0x%" PRIx64 ", 0x%" PRIx64 ")%s",
				       address, first->types, first->etypes,
				       n > 1 ? " (and others)" : "");
	}
	if (address & 7)
		return gi_error_create(GI_ERROR_INVALID,
				       "type descriptor 0x%" PRIx64 " is not 8-byte aligned",
				       address);
	struct gi_type *t = calloc(1, sizeof(*t));
	if (!t)
		return &gi_error_no_memory;
	t->address = address;
	t->module = m;
	struct reader r = {
		.prog = prog, .mem = gi_program_memory(prog), .layout = layout,
		.tl = &layout->type, .t = t,
	};
	const struct gi_type_layout *tl = r.tl;
	struct gi_error *err = read_header(&r, flags);
	if (err)
		goto fail;
	if (t->uncommon && (err = read_uncommon(&r, flags)))
		goto fail;
	switch (t->kind) {
	case GI_KIND_POINTER:
	case GI_KIND_SLICE:
		err = rd64(&r, tl->ptr_elem, "elem", &t->elem);
		break;
	case GI_KIND_ARRAY:
		if (!(err = rd64(&r, tl->array_elem, "array elem", &t->elem)) &&
		    !(err = rd64(&r, tl->array_slice, "array slice", &t->slice)))
			err = rd64(&r, tl->array_len, "array len", &t->len);
		break;
	case GI_KIND_CHAN:
		if (!(err = rd64(&r, tl->chan_elem, "chan elem", &t->elem)))
			err = rd64(&r, tl->chan_dir, "chan dir", &t->chan_dir);
		if (!err && (t->chan_dir < 1 || t->chan_dir > 3))
			err = gi_error_create(GI_ERROR_INVALID,
					      "chan type at 0x%" PRIx64 " has direction %" PRIu64,
					      address, t->chan_dir);
		break;
	case GI_KIND_FUNC:
		err = read_func(&r, flags);
		break;
	case GI_KIND_INTERFACE:
		err = read_interface(&r, flags);
		break;
	case GI_KIND_MAP:
		err = read_map(&r);
		break;
	case GI_KIND_STRUCT:
		err = read_struct(&r, flags);
		break;
	default:
		break;
	}
	if (err)
		goto fail;
	if ((t->kind == GI_KIND_POINTER || t->kind == GI_KIND_SLICE ||
	     t->kind == GI_KIND_ARRAY || t->kind == GI_KIND_CHAN ||
	     t->kind == GI_KIND_MAP) && !t->elem) {
		err = gi_error_create(GI_ERROR_INVALID,
				      "%s type at 0x%" PRIx64 " has a nil element type",
				      gi_kind_name(t->kind), address);
		goto fail;
	}
	*ret = t;
	return NULL;
fail:
	gi_type_destroy(t);
	return err;
}

void gi_type_destroy(struct gi_type *t)
{
	if (!t)
		return;
	free(t->str);
	free(t->pkg_path);
	for (size_t i = 0; i < t->num_methods && t->methods; i++) {
		free(t->methods[i].name);
		free(t->methods[i].pkg_path);
	}
	free(t->methods);
	for (size_t i = 0; i < t->num_fields && t->fields; i++) {
		free(t->fields[i].name);
		free(t->fields[i].tag);
	}
	free(t->fields);
	for (size_t i = 0; i < t->num_imethods && t->imethods; i++) {
		free(t->imethods[i].name);
		free(t->imethods[i].pkg_path);
	}
	free(t->imethods);
	free(t->params);
	free(t);
}

struct gi_error *gi_type_string(struct gi_program *prog, uint64_t address,
				int flags, char **ret)
{
	struct gi_type *t;
	struct gi_error *err = gi_type_read(prog, address, flags | GI_TYPE_SHALLOW, &t);
	if (err)
		return err;
	*ret = t->str;
	t->str = NULL;
	gi_type_destroy(t);
	return NULL;
}

const char *gi_chan_dir_prefix(uint64_t dir)
{
	switch (dir) {
	case 1: return "<-chan";
	case 2: return "chan<-";
	case 3: return "chan";
	default: return NULL;
	}
}

/* The qualifier ends at the first '.' before any '[' (type arguments). */
static const char *after_qualifier(const char *s)
{
	for (const char *p = s; *p && *p != '['; p++)
		if (*p == '.')
			return p + 1;
	return NULL;
}

/* Where a path spelling is being built, and what it may still cost: a
 * map type reads two descriptors, so crafted ones nesting maps would double
 * the work at every level. */
struct path_state {
	struct gi_program *prog;
	int flags;
	struct gi_strbuf out;
	unsigned reads;
};

static struct gi_error *path_limit(const struct path_state *ps, uint64_t root)
{
	if (ps->out.failed)
		return &gi_error_no_memory;
	if (ps->out.len > GI_TYPE_MAX_PATH_LEN)
		return gi_error_create(GI_ERROR_LIMIT,
				       "the path spelling of the type at 0x%" PRIx64
				       " is longer than %d bytes", root, GI_TYPE_MAX_PATH_LEN);
	return NULL;
}

static struct gi_error *path_string(struct path_state *ps, uint64_t address,
				    uint64_t root, int depth)
{
	if (depth > MAX_PATH_DEPTH)
		return gi_error_create(GI_ERROR_LIMIT,
				       "type at 0x%" PRIx64 " nests more than %d levels deep",
				       address, MAX_PATH_DEPTH);
	if (++ps->reads > MAX_PATH_READS)
		return gi_error_create(GI_ERROR_LIMIT,
				       "the path spelling of the type at 0x%" PRIx64
				       " needs more than %d descriptors", root, MAX_PATH_READS);
	struct gi_type *t;
	struct gi_error *err = gi_type_read(ps->prog, address, ps->flags | GI_TYPE_SHALLOW, &t);
	if (err)
		return err;
	struct gi_strbuf *out = &ps->out;
	const char *rest;
	if (t->named) {
		if (t->pkg_path && *t->pkg_path && (rest = after_qualifier(t->str)))
			gi_strbuf_appendf(out, "%s.%s", t->pkg_path, rest);
		else
			gi_strbuf_puts(out, t->str);
	} else {
		switch (t->kind) {
		case GI_KIND_POINTER:
			gi_strbuf_putc(out, '*');
			err = path_string(ps, t->elem, root, depth + 1);
			break;
		case GI_KIND_SLICE:
			gi_strbuf_puts(out, "[]");
			err = path_string(ps, t->elem, root, depth + 1);
			break;
		case GI_KIND_ARRAY:
			gi_strbuf_appendf(out, "[%" PRIu64 "]", t->len);
			err = path_string(ps, t->elem, root, depth + 1);
			break;
		case GI_KIND_MAP:
			gi_strbuf_puts(out, "map[");
			err = path_string(ps, t->key, root, depth + 1);
			gi_strbuf_putc(out, ']');
			if (!err)
				err = path_string(ps, t->elem, root, depth + 1);
			break;
		default:
			/* Literal struct, func, interface and chan types keep
			 * Go's own spelling. */
			gi_strbuf_puts(out, t->str);
		}
	}
	gi_type_destroy(t);
	if (!err)
		err = path_limit(ps, root);
	return err;
}

struct gi_error *gi_type_path_string(struct gi_program *prog, uint64_t address,
				     int flags, char **ret)
{
	struct path_state ps = { .prog = prog, .flags = flags, .out = GI_STRBUF_INIT };
	struct gi_error *err = path_string(&ps, address, address, 0);
	char *s = err ? NULL : ps.out.data ? ps.out.data : strdup("");
	if (!err && !s)
		err = &gi_error_no_memory;
	if (err) {
		gi_strbuf_deinit(&ps.out);
		return err;
	}
	*ret = s;
	return NULL;
}
