/*
 * Type descriptors and name records, written the way the compiler's
 * reflectdata package writes them for the image's release.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image_internal.h"

/* Beyond this a map stores keys / elems through a pointer (runtime
 * maxKeySize / maxElemSize, maps.MaxKeyBytes / MaxElemBytes). */
#define MAP_MAX_INLINE 128

int32_t gi_image_types_offset(const struct gi_image *img, uint64_t address)
{
	return (int32_t)(address - img->areas[GI_IMAGE_TYPES].start);
}

struct img_type *img_find_type(const struct gi_image *img, uint64_t address)
{
	for (size_t i = 0; i < img->ntypes; i++)
		if (img->types[i].address == address)
			return &img->types[i];
	return NULL;
}

bool gi_image_type_info(const struct gi_image *img, uint64_t type,
			struct gi_image_type_info *ret)
{
	const struct img_type *t = img_find_type(img, type);
	if (!t)
		return false;
	*ret = (struct gi_image_type_info){
		.kind = t->kind,
		.size = t->size,
		.align = t->align,
		.hash = t->hash,
		.direct = t->direct,
		.str_name = t->str_name,
		.uncommon = t->uncommon,
		.elem = t->elem,
		.key = t->key,
	};
	return true;
}

uint64_t gi_image_add_name(struct gi_image *img, const char *name, const char *tag,
			   bool exported, bool embedded, const char *pkgpath)
{
	const struct gi_type_layout *tl = &img->layout->type;
	size_t name_len = strlen(name);
	size_t tag_len = tag ? strlen(tag) : 0;
	uint64_t pkg_name = 0;

	if (pkgpath) {
		pkg_name = gi_image_add_name(img, pkgpath, NULL, false, false, NULL);
		if (!pkg_name)
			return 0;
	}
	uint8_t *buf = malloc(1 + 10 + name_len + 10 + tag_len + 4);
	if (!buf)
		return img_fail(img, GI_ERROR_NO_MEMORY, "out of memory");
	uint8_t flags = 0;
	if (exported)
		flags |= tl->name_flag_exported;
	if (tag_len)
		flags |= tl->name_flag_tag;
	if (pkgpath)
		flags |= tl->name_flag_pkgpath;
	if (embedded)
		flags |= tl->name_flag_embedded;
	size_t n = 0;
	buf[n++] = flags;
	n += img_put_varint(buf + n, name_len);
	memcpy(buf + n, name, name_len);
	n += name_len;
	if (tag_len) {
		n += img_put_varint(buf + n, tag_len);
		memcpy(buf + n, tag, tag_len);
		n += tag_len;
	}
	if (pkgpath) {
		/* unaligned little-endian nameOff */
		uint32_t off = (uint32_t)gi_image_types_offset(img, pkg_name);
		for (int i = 0; i < 4; i++)
			buf[n++] = (uint8_t)(off >> (8 * i));
	}
	uint64_t address = img_types_alloc(img, &img->names_used, IMG_TYPES_ITABS, n, 1);
	if (address)
		img_write(img, address, buf, n);
	free(buf);
	return address;
}

static bool is_exported_name(const char *name)
{
	return name && isupper((unsigned char)name[0]);
}

/* The exported bit of a type string's name record: the compiler takes it
 * from the type's symbol (or the pointed-to type's for "*T"), i.e. the
 * identifier after the package qualifier, before any type arguments. */
static bool type_string_exported(const char *str)
{
	const char *s = str[0] == '*' ? str + 1 : str;
	const char *end = strchr(s, '[');
	const char *dot = NULL;
	for (const char *p = s; *p && (!end || p < end); p++)
		if (*p == '.')
			dot = p;
	const char *ident = dot ? dot + 1 : s;
	return isupper((unsigned char)ident[0]);
}

static uint32_t fnv1a(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++) {
		h ^= (uint8_t)*s;
		h *= 16777619u;
	}
	return h ? h : 1;
}

static int cmp_methods(const void *a, const void *b)
{
	const struct img_method *x = a, *y = b;
	return strcmp(x->name, y->name);
}

static const struct {
	uint8_t size, align;
} basic_sizes[GI_KIND_COUNT] = {
	[GI_KIND_BOOL] = {1, 1},      [GI_KIND_INT] = {8, 8},
	[GI_KIND_INT8] = {1, 1},      [GI_KIND_INT16] = {2, 2},
	[GI_KIND_INT32] = {4, 4},     [GI_KIND_INT64] = {8, 8},
	[GI_KIND_UINT] = {8, 8},      [GI_KIND_UINT8] = {1, 1},
	[GI_KIND_UINT16] = {2, 2},    [GI_KIND_UINT32] = {4, 4},
	[GI_KIND_UINT64] = {8, 8},    [GI_KIND_UINTPTR] = {8, 8},
	[GI_KIND_FLOAT32] = {4, 4},   [GI_KIND_FLOAT64] = {8, 8},
	[GI_KIND_COMPLEX64] = {8, 4}, [GI_KIND_COMPLEX128] = {16, 8},
	[GI_KIND_CHAN] = {8, 8},      [GI_KIND_FUNC] = {8, 8},
	[GI_KIND_INTERFACE] = {16, 8}, [GI_KIND_MAP] = {8, 8},
	[GI_KIND_POINTER] = {8, 8},   [GI_KIND_SLICE] = {24, 8},
	[GI_KIND_STRING] = {16, 8},   [GI_KIND_UNSAFE_POINTER] = {8, 8},
};

/* Size, ptrdata and alignment a spec leaves to the builder. */
static void derive_shape(struct gi_image *img, const struct gi_image_type *spec,
			 uint64_t *size, uint64_t *ptrdata, uint8_t *align)
{
	const struct img_type *elem = img_find_type(img, spec->elem);

	*size = basic_sizes[spec->kind].size;
	*align = basic_sizes[spec->kind].align;
	*ptrdata = 0;
	switch (spec->kind) {
	case GI_KIND_CHAN: case GI_KIND_FUNC: case GI_KIND_MAP:
	case GI_KIND_POINTER: case GI_KIND_SLICE: case GI_KIND_STRING:
	case GI_KIND_UNSAFE_POINTER:
		*ptrdata = 8;
		break;
	case GI_KIND_INTERFACE:
		*ptrdata = 16;
		break;
	case GI_KIND_ARRAY:
		if (elem) {
			*size = elem->size * spec->len;
			*align = elem->align;
			if (elem->ptrdata && spec->len)
				*ptrdata = (spec->len - 1) * elem->size + elem->ptrdata;
		}
		break;
	case GI_KIND_STRUCT: {
		uint64_t end = 0;
		*size = 0;
		*align = 1;
		for (size_t i = 0; i < spec->nfields; i++) {
			const struct img_type *ft = img_find_type(img, spec->fields[i].type);
			if (!ft)
				continue;
			if (ft->align > *align)
				*align = ft->align;
			if (spec->fields[i].offset + ft->size > end)
				end = spec->fields[i].offset + ft->size;
			if (ft->ptrdata && spec->fields[i].offset + ft->ptrdata > *ptrdata)
				*ptrdata = spec->fields[i].offset + ft->ptrdata;
		}
		*size = img_align_up(end, *align);
		break;
	}
	default:
		break;
	}
	if (spec->size)
		*size = spec->size;
	if (spec->ptrdata)
		*ptrdata = spec->ptrdata;
	if (spec->align)
		*align = spec->align;
	if (!*align)
		*align = 1;
}

/* cmd/compile types.IsDirectIface: a kind rule up to 1.25, "exactly one
 * pointer word" from 1.26. */
static bool derive_direct(struct gi_image *img, const struct gi_image_type *spec,
			  uint64_t size, uint64_t ptrdata)
{
	if (img->layout->type.tflag_direct_iface)
		return size == 8 && ptrdata == 8;
	switch (spec->kind) {
	case GI_KIND_POINTER: case GI_KIND_CHAN: case GI_KIND_MAP:
	case GI_KIND_FUNC: case GI_KIND_UNSAFE_POINTER:
		return true;
	case GI_KIND_ARRAY: {
		const struct img_type *elem = img_find_type(img, spec->elem);
		return spec->len == 1 && elem && elem->direct;
	}
	case GI_KIND_STRUCT: {
		const struct img_type *ft =
			spec->nfields == 1 ? img_find_type(img, spec->fields[0].type) : NULL;
		return ft && ft->direct;
	}
	default:
		return false;
	}
}

/* cmd/compile's alg classification (types.AlgType, isReflexive,
 * needkeyupdate, hashMightPanic), from the kind and the parts. */
static void derive_alg(struct gi_image *img, const struct gi_image_type *spec,
		       struct img_type *t)
{
	t->regular = t->reflexive = true;
	t->need_key_update = t->hash_might_panic = false;
	switch (spec->kind) {
	case GI_KIND_FLOAT32: case GI_KIND_FLOAT64:
	case GI_KIND_COMPLEX64: case GI_KIND_COMPLEX128:
		t->regular = t->reflexive = false;
		t->need_key_update = true;
		break;
	case GI_KIND_STRING:
		t->regular = false;
		t->need_key_update = true;
		break;
	case GI_KIND_INTERFACE:
		t->regular = t->reflexive = false;
		t->need_key_update = t->hash_might_panic = true;
		break;
	case GI_KIND_FUNC: case GI_KIND_MAP: case GI_KIND_SLICE:
		t->regular = false;
		break;
	case GI_KIND_ARRAY: {
		const struct img_type *e = img_find_type(img, spec->elem);
		if (e) {
			t->regular = e->regular;
			t->reflexive = e->reflexive;
			t->need_key_update = e->need_key_update;
			t->hash_might_panic = e->hash_might_panic;
		}
		break;
	}
	case GI_KIND_STRUCT: {
		uint64_t covered = 0;
		for (size_t i = 0; i < spec->nfields; i++) {
			const struct img_type *f = img_find_type(img, spec->fields[i].type);
			if (!f)
				continue;
			covered += f->size;
			t->regular &= f->regular;
			t->reflexive &= f->reflexive;
			t->need_key_update |= f->need_key_update;
			t->hash_might_panic |= f->hash_might_panic;
		}
		/* padding bytes are not compared: not plain memory */
		if (covered != t->size)
			t->regular = false;
		break;
	}
	default:
		break;
	}
}

/* Key/elem storage and bucket or group geometry of a map type. */
static void derive_map_shape(struct gi_image *img, struct img_type *t)
{
	const struct img_type *key = img_find_type(img, t->key);
	const struct img_type *elem = img_find_type(img, t->elem);
	uint64_t ks = key ? key->size : 8, es = elem ? elem->size : 8;
	uint8_t ka = key ? key->align : 8, ea = elem ? elem->align : 8;

	t->indirect_key = ks > MAP_MAX_INLINE;
	t->indirect_elem = es > MAP_MAX_INLINE;
	if (t->indirect_key)
		ks = 8, ka = 8;
	if (t->indirect_elem)
		es = 8, ea = 8;
	t->key_slot_size = ks;
	t->elem_slot_size = es;
	if (img->layout->type.map_impl == GI_MAP_CLASSIC) {
		/* struct { tophash [8]uint8; keys [8]K; elems [8]E; overflow *T } */
		uint64_t keys = img_align_up(8, ka);
		uint64_t elems = img_align_up(keys + 8 * ks, ea);
		uint64_t overflow = img_align_up(elems + 8 * es, 8);
		t->elem_off = elems;
		t->bucket_size = overflow + 8;
		t->slot_size = 0;
	} else {
		/* group: struct { ctrl uint64; slots [8]struct{ key K; elem E } } */
		uint8_t sa = ka > ea ? ka : ea;
		t->elem_off = img_align_up(ks, ea);
		t->slot_size = img_align_up(t->elem_off + es, sa);
		t->bucket_size = img_align_up(8, sa) + 8 * t->slot_size;
	}
}

/* The group / bucket struct type a map type points at (no fields: the map
 * type's own size fields describe it). */
static uint64_t add_map_storage_type(struct gi_image *img, const struct gi_image_type *spec,
				     uint64_t size)
{
	char str[512];
	snprintf(str, sizeof(str), "%s%s",
		 img->layout->type.map_impl == GI_MAP_CLASSIC ? "map.bucket" : "map.group",
		 spec->str && strncmp(spec->str, "map", 3) == 0 ? spec->str + 3 : "[?]?");
	struct gi_image_type group = {
		.kind = GI_KIND_STRUCT,
		.str = str,
		.size = size,
		.align = 8,
		.ptrdata = size,
	};
	return gi_image_add_type(img, &group);
}

/* What a type descriptor points at, laid out before the descriptor so that
 * the descriptor and its trailing arrays stay contiguous (1.27 walks them
 * by DescriptorSize). */
struct type_parts {
	bool extra_star;            /* "*T" stored, with ExtraStar */
	uint64_t group_type;        /* maps: the bucket or group type */
	uint64_t pkgpath_name, type_pkgpath_name;
	/* methods (concrete types) or imethods (interfaces), sorted by name */
	struct img_method *methods;
	uint64_t *method_names;
	size_t nm, xcount;
	uint64_t *field_names;
};

static void free_method_list(struct img_method *methods, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(methods[i].name);
	free(methods);
}

/* Size, alignment, hash, direct-iface and alg properties of the new type,
 * and for a map its storage geometry and storage type. */
static bool derive_type(struct gi_image *img, const struct gi_image_type *spec,
			struct img_type *t, struct type_parts *parts)
{
	derive_shape(img, spec, &t->size, &t->ptrdata, &t->align);
	t->hash = spec->hash ? spec->hash : fnv1a(spec->str);
	t->direct = spec->direct == GI_IMAGE_DIRECT_YES ||
		    (spec->direct == GI_IMAGE_DIRECT_DEFAULT &&
		     derive_direct(img, spec, t->size, t->ptrdata));
	t->nfields = spec->nfields;
	derive_alg(img, spec, t);

	if (spec->kind == GI_KIND_MAP) {
		derive_map_shape(img, t);
		parts->group_type = add_map_storage_type(img, spec, t->bucket_size);
		if (!parts->group_type)
			return false;
	}
	return true;
}

/* The type string: "*T" with ExtraStar, sharing storage with *T. */
static bool add_type_string(struct gi_image *img, const struct gi_image_type *spec,
			    struct img_type *t, struct type_parts *parts)
{
	parts->extra_star = !spec->plain_str && spec->str[0] != '*';
	size_t str_len = strlen(spec->str);
	char *stored = malloc(str_len + 2);
	if (!stored) {
		img_fail(img, GI_ERROR_NO_MEMORY, "out of memory");
		return false;
	}
	snprintf(stored, str_len + 2, "%s%s", parts->extra_star ? "*" : "", spec->str);
	t->str_name = gi_image_add_name(img, stored, NULL, type_string_exported(spec->str),
					false, NULL);
	free(stored);
	return t->str_name != 0;
}

static bool add_pkgpath_names(struct gi_image *img, const struct gi_image_type *spec,
			      struct type_parts *parts)
{
	if (spec->pkgpath) {
		parts->pkgpath_name =
			gi_image_add_name(img, spec->pkgpath, NULL, false, false, NULL);
		if (!parts->pkgpath_name)
			return false;
	}
	if (spec->type_pkgpath) {
		parts->type_pkgpath_name =
			gi_image_add_name(img, spec->type_pkgpath, NULL, false, false, NULL);
		if (!parts->type_pkgpath_name)
			return false;
	}
	return true;
}

/* Methods sorted by name as the compiler emits them, and their names.  A
 * failed name is left to the descriptor allocation to report. */
static bool add_method_names(struct gi_image *img, const struct gi_image_type *spec,
			     struct type_parts *parts)
{
	size_t nm = spec->kind == GI_KIND_INTERFACE ? spec->nimethods : spec->nmethods;
	struct img_method *methods = nm ? calloc(nm, sizeof(*methods)) : NULL;
	uint64_t *method_names = nm ? calloc(nm, sizeof(*method_names)) : NULL;
	if (nm && (!methods || !method_names)) {
		free(methods);
		free(method_names);
		img_fail(img, GI_ERROR_NO_MEMORY, "out of memory");
		return false;
	}
	for (size_t i = 0; i < nm; i++) {
		if (spec->kind == GI_KIND_INTERFACE) {
			methods[i].name = img_strdup(img, spec->imethods[i].name);
			methods[i].mtyp = spec->imethods[i].typ;
			methods[i].ifn = i; /* original index, for sorting */
		} else {
			methods[i].name = img_strdup(img, spec->methods[i].name);
			methods[i].mtyp = spec->methods[i].mtyp;
			methods[i].ifn = i;
		}
	}
	if (nm > 1)
		qsort(methods, nm, sizeof(*methods), cmp_methods);
	size_t xcount = 0;
	for (size_t i = 0; i < nm; i++) {
		size_t orig = methods[i].ifn;
		const char *pkg = NULL;
		if (spec->kind == GI_KIND_INTERFACE) {
			methods[i].ifn = 0;
		} else {
			methods[i].ifn = spec->methods[orig].ifn;
			pkg = spec->methods[orig].pkgpath;
		}
		bool exported = is_exported_name(methods[i].name);
		xcount += exported;
		method_names[i] = gi_image_add_name(img, methods[i].name, NULL, exported,
						    false, pkg);
	}
	parts->methods = methods;
	parts->method_names = method_names;
	parts->nm = nm;
	parts->xcount = xcount;
	return true;
}

/* A failed name is left to the descriptor allocation to report. */
static bool add_field_names(struct gi_image *img, const struct gi_image_type *spec,
			    struct type_parts *parts)
{
	const struct gi_type_layout *tl = &img->layout->type;
	uint64_t *field_names = spec->nfields ? calloc(spec->nfields, 8) : NULL;
	if (spec->kind == GI_KIND_STRUCT && spec->nfields && !field_names) {
		img_fail(img, GI_ERROR_NO_MEMORY, "out of memory");
		return false;
	}
	for (size_t i = 0; spec->kind == GI_KIND_STRUCT && i < spec->nfields; i++) {
		const struct gi_image_field *f = &spec->fields[i];
		field_names[i] = gi_image_add_name(img, f->name ? f->name : "", f->tag,
						   is_exported_name(f->name),
						   f->embedded && tl->name_flag_embedded, NULL);
	}
	parts->field_names = field_names;
	return true;
}

/* The abi.Type record every kind starts with. */
static void write_common_record(struct gi_image *img, const struct gi_image_type *spec,
				const struct img_type *t, const struct type_parts *parts,
				bool uncommon)
{
	const struct gi_type_layout *tl = &img->layout->type;
	uint64_t a = t->address;
	uint8_t tflag = 0;
	uint8_t kind = (uint8_t)spec->kind;
	if (uncommon)
		tflag |= tl->tflag_uncommon;
	if (parts->extra_star)
		tflag |= tl->tflag_extra_star;
	if (spec->named)
		tflag |= tl->tflag_named;
	if (t->regular)
		tflag |= tl->tflag_regular_memory;
	if (t->direct) {
		tflag |= tl->tflag_direct_iface;
		kind |= tl->kind_direct_iface;
	}
	img_write_u64(img, a + tl->size, t->size);
	img_write_u64(img, a + tl->ptrdata, t->ptrdata);
	img_write_u32(img, a + tl->hash, t->hash);
	img_write_u8(img, a + tl->tflag, tflag);
	img_write_u8(img, a + tl->align, t->align);
	img_write_u8(img, a + tl->field_align, t->align);
	img_write_u8(img, a + tl->kind, kind);
	img_write_u32(img, a + tl->str, (uint32_t)gi_image_types_offset(img, t->str_name));
	if (spec->ptr_to_this)
		img_write_u32(img, a + tl->ptr_to_this,
			      (uint32_t)gi_image_types_offset(img, spec->ptr_to_this));
}

/* after: where the kind's trailing array starts (past the uncommontype). */
static void write_func_record(struct gi_image *img, const struct gi_image_type *spec,
			      uint64_t a, uint64_t after)
{
	const struct gi_type_layout *tl = &img->layout->type;
	img_write_u16(img, a + tl->func_in_count, (uint16_t)spec->nin);
	img_write_u16(img, a + tl->func_out_count,
		      (uint16_t)(spec->nout | (spec->variadic ? tl->func_variadic_flag : 0)));
	for (size_t i = 0; i < spec->nin; i++)
		img_write_u64(img, after + 8 * i, spec->in[i]);
	for (size_t i = 0; i < spec->nout; i++)
		img_write_u64(img, after + 8 * (spec->nin + i), spec->out[i]);
}

static void write_interface_record(struct gi_image *img, const struct type_parts *parts,
				   uint64_t a, uint64_t after)
{
	const struct gi_type_layout *tl = &img->layout->type;
	size_t nm = parts->nm;
	img_write_u64(img, a + tl->iface_pkgpath, parts->type_pkgpath_name);
	img_write_u64(img, a + tl->iface_methods, nm ? after : 0);
	img_write_u64(img, a + tl->iface_methods + 8, nm);
	img_write_u64(img, a + tl->iface_methods + 16, nm);
	for (size_t i = 0; i < nm; i++) {
		uint64_t m = after + tl->imethod_size * i;
		img_write_u32(img, m, (uint32_t)gi_image_types_offset(img, parts->method_names[i]));
		img_write_u32(img, m + 4, parts->methods[i].mtyp ?
			      (uint32_t)gi_image_types_offset(img, parts->methods[i].mtyp) : 0);
	}
}

static void write_struct_record(struct gi_image *img, const struct gi_image_type *spec,
				const struct type_parts *parts, uint64_t a, uint64_t after)
{
	const struct gi_type_layout *tl = &img->layout->type;
	img_write_u64(img, a + tl->struct_pkgpath, parts->type_pkgpath_name);
	img_write_u64(img, a + tl->struct_fields, spec->nfields ? after : 0);
	img_write_u64(img, a + tl->struct_fields + 8, spec->nfields);
	img_write_u64(img, a + tl->struct_fields + 16, spec->nfields);
	for (size_t i = 0; i < spec->nfields; i++) {
		const struct gi_image_field *f = &spec->fields[i];
		uint64_t fa = after + tl->field_size * i;
		uint64_t off = f->offset;
		if (tl->field_offset_embedded_bit)
			off = off << 1 | (f->embedded ? 1 : 0);
		img_write_u64(img, fa + tl->field_name, parts->field_names[i]);
		img_write_u64(img, fa + tl->field_type, f->type);
		img_write_u64(img, fa + tl->field_offset, off);
	}
}

static void write_map_record(struct gi_image *img, const struct gi_image_type *spec,
			     const struct img_type *t, const struct type_parts *parts,
			     uint64_t a)
{
	const struct gi_type_layout *tl = &img->layout->type;
	img_write_u64(img, a + tl->map_key, spec->key);
	img_write_u64(img, a + tl->map_elem, spec->elem);
	img_write_u64(img, a + tl->map_bucket_or_group, parts->group_type);
	uint32_t flags = 0;
	if (t->indirect_key)
		flags |= tl->map_flag_indirect_key;
	if (t->indirect_elem)
		flags |= tl->map_flag_indirect_elem;
	const struct img_type *kt = img_find_type(img, spec->key);
	if (kt && tl->map_impl == GI_MAP_CLASSIC) {
		/* abi.MapType.ReflexiveKey / NeedKeyUpdate / HashMightPanic */
		flags |= kt->reflexive ? 4 : 0;
		flags |= kt->need_key_update ? 8 : 0;
		flags |= kt->hash_might_panic ? 16 : 0;
	} else if (kt) {
		/* abi.SwissMapNeedKeyUpdate / SwissMapHashMightPanic */
		flags |= kt->need_key_update ? 1 : 0;
		flags |= kt->hash_might_panic ? 2 : 0;
	}
	img_write_u32(img, a + tl->map_flags, flags);
	if (tl->map_impl == GI_MAP_CLASSIC) {
		img_write_u8(img, a + tl->map_keysize, (uint8_t)t->key_slot_size);
		img_write_u8(img, a + tl->map_valuesize, (uint8_t)t->elem_slot_size);
		img_write_u16(img, a + tl->map_bucketsize, (uint16_t)t->bucket_size);
	} else {
		uint64_t slots = t->bucket_size - 8 * t->slot_size;
		img_write_u64(img, a + tl->map_group_size, t->bucket_size);
		if (tl->map_slot_size != GI_NO_FIELD)
			img_write_u64(img, a + tl->map_slot_size, t->slot_size);
		img_write_u64(img, a + tl->map_elem_off, t->elem_off);
		if (tl->map_keys_off != GI_NO_FIELD) {
			/* interleaved groups (no mapsplitgroup) */
			img_write_u64(img, a + tl->map_keys_off, slots);
			img_write_u64(img, a + tl->map_key_stride, t->slot_size);
			img_write_u64(img, a + tl->map_elems_off, slots + t->elem_off);
			img_write_u64(img, a + tl->map_elem_stride, t->slot_size);
		}
	}
}

/* The kind's own fields after the common record. */
static void write_kind_record(struct gi_image *img, const struct gi_image_type *spec,
			      const struct img_type *t, const struct type_parts *parts,
			      uint64_t after)
{
	const struct gi_type_layout *tl = &img->layout->type;
	uint64_t a = t->address;
	switch (spec->kind) {
	case GI_KIND_POINTER:
	case GI_KIND_SLICE:
		img_write_u64(img, a + tl->ptr_elem, spec->elem);
		break;
	case GI_KIND_ARRAY:
		img_write_u64(img, a + tl->array_elem, spec->elem);
		img_write_u64(img, a + tl->array_slice, spec->slice);
		img_write_u64(img, a + tl->array_len, spec->len);
		break;
	case GI_KIND_CHAN:
		img_write_u64(img, a + tl->chan_elem, spec->elem);
		img_write_u64(img, a + tl->chan_dir, spec->chan_dir ? (uint64_t)spec->chan_dir : 3);
		break;
	case GI_KIND_FUNC:
		write_func_record(img, spec, a, after);
		break;
	case GI_KIND_INTERFACE:
		write_interface_record(img, parts, a, after);
		break;
	case GI_KIND_STRUCT:
		write_struct_record(img, spec, parts, a, after);
		break;
	case GI_KIND_MAP:
		write_map_record(img, spec, t, parts, a);
		break;
	default:
		break;
	}
}

/* The uncommontype at u and the concrete methods after it, moff bytes on. */
static void write_uncommon(struct gi_image *img, const struct gi_image_type *spec,
			   const struct type_parts *parts, uint64_t u, uint64_t moff,
			   size_t ncmethods)
{
	const struct gi_type_layout *tl = &img->layout->type;
	img_write_u32(img, u + tl->uncommon_pkgpath,
		      parts->pkgpath_name ?
		      (uint32_t)gi_image_types_offset(img, parts->pkgpath_name) : 0);
	img_write_u16(img, u + tl->uncommon_mcount, (uint16_t)ncmethods);
	img_write_u16(img, u + tl->uncommon_xcount, (uint16_t)(ncmethods ? parts->xcount : 0));
	img_write_u32(img, u + tl->uncommon_moff, (uint32_t)moff);
	uint64_t text = img->areas[GI_IMAGE_TEXT].start;
	for (size_t i = 0; i < ncmethods; i++) {
		uint64_t m = u + moff + tl->method_size * i;
		size_t orig = 0;
		for (size_t j = 0; j < spec->nmethods; j++)
			if (strcmp(spec->methods[j].name, parts->methods[i].name) == 0)
				orig = j;
		const struct gi_image_method *ms = &spec->methods[orig];
		img_write_u32(img, m, (uint32_t)gi_image_types_offset(img, parts->method_names[i]));
		img_write_u32(img, m + 4, ms->mtyp ?
			      (uint32_t)gi_image_types_offset(img, ms->mtyp) : UINT32_MAX);
		img_write_u32(img, m + 8, ms->ifn ? (uint32_t)(ms->ifn - text) : UINT32_MAX);
		img_write_u32(img, m + 12, ms->tfn ? (uint32_t)(ms->tfn - text) : UINT32_MAX);
	}
}

/* *T added after T: the compiler fills T's ptrToThis. */
static void link_ptr_to_this(struct gi_image *img, const struct gi_image_type *spec,
			     uint64_t a)
{
	if (spec->kind != GI_KIND_POINTER || !spec->elem)
		return;
	uint64_t p = spec->elem + img->layout->type.ptr_to_this;
	uint8_t *b = img_bytes(img, p, 4);
	if (b && img_find_type(img, spec->elem) && !b[0] && !b[1] && !b[2] && !b[3])
		img_write_u32(img, p, (uint32_t)gi_image_types_offset(img, a));
}

/* Lays out the descriptor: record, uncommontype, trailing array, methods. */
static bool write_descriptor(struct gi_image *img, const struct gi_image_type *spec,
			     struct img_type *t, const struct type_parts *parts)
{
	const struct gi_type_layout *tl = &img->layout->type;
	size_t nm = parts->nm;
	bool uncommon = spec->named || spec->pkgpath || spec->uncommon ||
			(spec->kind != GI_KIND_INTERFACE && nm > 0);
	uint64_t record = tl->record_size[spec->kind];
	uint64_t extra = 0;
	if (spec->kind == GI_KIND_FUNC)
		extra = 8 * (spec->nin + spec->nout);
	else if (spec->kind == GI_KIND_INTERFACE)
		extra = tl->imethod_size * nm;
	else if (spec->kind == GI_KIND_STRUCT)
		extra = tl->field_size * spec->nfields;
	size_t ncmethods = spec->kind == GI_KIND_INTERFACE ? 0 : nm;
	uint64_t total = record + (uncommon ? tl->uncommon_size : 0) + extra +
			 tl->method_size * ncmethods;
	uint64_t a = img_types_alloc(img, &img->desc_used, IMG_TYPES_NAMES, total, 8);
	if (!a || img->error)
		return false;
	t->address = a;

	write_common_record(img, spec, t, parts, uncommon);
	write_kind_record(img, spec, t, parts, a + record + (uncommon ? tl->uncommon_size : 0));
	if (uncommon) {
		t->uncommon = a + record;
		write_uncommon(img, spec, parts, a + record, tl->uncommon_size + extra,
			       ncmethods);
	}
	return true;
}

uint64_t gi_image_add_type(struct gi_image *img, const struct gi_image_type *spec)
{
	if (img->error)
		return 0;
	if (!spec || !spec->str || (unsigned)spec->kind >= GI_KIND_COUNT ||
	    spec->kind == GI_KIND_INVALID)
		return img_fail(img, GI_ERROR_USAGE, "bad type spec");

	struct img_type t = {.kind = spec->kind, .elem = spec->elem, .key = spec->key,
			     .named = spec->named};
	struct type_parts parts = {0};
	if (!derive_type(img, spec, &t, &parts) || !add_type_string(img, spec, &t, &parts) ||
	    !add_pkgpath_names(img, spec, &parts) || !add_method_names(img, spec, &parts))
		return 0;
	bool written = add_field_names(img, spec, &parts) &&
		       write_descriptor(img, spec, &t, &parts);
	free(parts.field_names);
	free(parts.method_names);
	if (!written) {
		free_method_list(parts.methods, parts.nm);
		return 0;
	}

	t.methods = parts.methods;
	t.nmethods = parts.nm;
	if (!img_grow(img, (void **)&img->types, &img->types_cap, img->ntypes,
		      sizeof(*img->types))) {
		free_method_list(parts.methods, parts.nm);
		return 0;
	}
	img->types[img->ntypes++] = t;
	link_ptr_to_this(img, spec, t.address);
	return img->error ? 0 : t.address;
}

void gi_image_set_type_word(struct gi_image *img, uint64_t type, uint32_t offset,
			    uint64_t value)
{
	img_write_u64(img, type + offset, value);
	struct img_type *t = img_find_type(img, type);
	if (!t)
		return;
	const struct gi_type_layout *tl = &img->layout->type;
	if ((t->kind == GI_KIND_POINTER || t->kind == GI_KIND_SLICE) && offset == tl->ptr_elem)
		t->elem = value;
}

uint64_t gi_image_add_basic(struct gi_image *img, enum gi_kind kind)
{
	struct gi_image_type spec = {
		.kind = kind,
		.str = gi_kind_name(kind),
		.named = true,
	};
	return gi_image_add_type(img, &spec);
}

uint64_t gi_image_add_named_basic(struct gi_image *img, enum gi_kind kind,
				  const char *str, const char *pkgpath)
{
	struct gi_image_type spec = {
		.kind = kind,
		.str = str,
		.named = true,
		.pkgpath = pkgpath,
	};
	return gi_image_add_type(img, &spec);
}

size_t img_type_string(struct gi_image *img, uint64_t type, char *buf, size_t cap)
{
	const struct img_type *t = img_find_type(img, type);
	const struct gi_type_layout *tl = &img->layout->type;
	if (!t || !cap)
		return 0;
	uint64_t len = 0;
	int shift = 0;
	size_t i = 1;
	for (; shift < 63; i++) {
		const uint8_t *b = img_bytes(img, t->str_name + i, 1);
		if (!b)
			return 0;
		len |= (uint64_t)(*b & 0x7f) << shift;
		shift += 7;
		if (!(*b & 0x80))
			break;
	}
	const char *s = (const char *)img_bytes(img, t->str_name + i + 1, len);
	const uint8_t *tflag = img_bytes(img, t->address + tl->tflag, 1);
	if (!s || !tflag)
		return 0;
	if ((*tflag & tl->tflag_extra_star) && len)
		s++, len--;
	if (len >= cap)
		len = cap - 1;
	memcpy(buf, s, len);
	buf[len] = 0;
	return len;
}

/* "<prefix><elem's type string>" for unnamed composite types. */
static uint64_t add_unnamed(struct gi_image *img, enum gi_kind kind, const char *prefix,
			    uint64_t elem)
{
	char str[1024];
	size_t plen = strlen(prefix);
	if (!img_find_type(img, elem))
		return img_fail(img, GI_ERROR_USAGE, "element 0x%" PRIx64 " is not a type",
				elem);
	memcpy(str, prefix, plen);
	img_type_string(img, elem, str + plen, sizeof(str) - plen);
	struct gi_image_type spec = {.kind = kind, .str = str, .elem = elem};
	return gi_image_add_type(img, &spec);
}

uint64_t gi_image_add_pointer(struct gi_image *img, uint64_t elem)
{
	return add_unnamed(img, GI_KIND_POINTER, "*", elem);
}

uint64_t gi_image_add_slice(struct gi_image *img, uint64_t elem)
{
	return add_unnamed(img, GI_KIND_SLICE, "[]", elem);
}
