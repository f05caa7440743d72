/*
 * Name records (internal/abi.Name): flags byte, varint length, bytes,
 * optional varint-length tag, optional 4-byte nameOff of a package path.
 */
#include "goiface/name.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* Lengths up to GI_NAME_MAX fit in three varint bytes; allow one more so
 * an oversized length is reported as such rather than as a bad varint. */
#define MAX_VARINT_BYTES 4

static struct gi_error *read_varint(struct gi_memory *mem, uint64_t *at,
				    uint64_t name_addr, const char *what,
				    uint64_t *ret)
{
	uint64_t v = 0;
	for (int i = 0; i < MAX_VARINT_BYTES; i++) {
		uint8_t b;
		struct gi_error *err = gi_memory_read_u8(mem, *at, &b);
		if (err)
			return gi_error_wrap(err, "cannot read name at 0x%" PRIx64, name_addr);
		(*at)++;
		v |= (uint64_t)(b & 0x7f) << (7 * i);
		if (!(b & 0x80)) {
			*ret = v;
			return NULL;
		}
	}
	return gi_error_create(GI_ERROR_INVALID,
			       "name at 0x%" PRIx64 ": %s length varint is longer than %d bytes",
			       name_addr, what, MAX_VARINT_BYTES);
}

static struct gi_error *read_bytes(struct gi_memory *mem, uint64_t *at,
				   uint64_t len, uint64_t name_addr,
				   const char *what, char **ret)
{
	if (len > GI_NAME_MAX)
		return gi_error_create(GI_ERROR_INVALID,
				       "name at 0x%" PRIx64 ": %s length %" PRIu64
				       " is more than %d",
				       name_addr, what, len, GI_NAME_MAX);
	char *s = malloc(len + 1);
	if (!s)
		return &gi_error_no_memory;
	struct gi_error *err = gi_memory_read(mem, s, *at, len);
	if (err) {
		free(s);
		return gi_error_wrap(err, "cannot read %s of name at 0x%" PRIx64 " (%" PRIu64
				     " bytes at 0x%" PRIx64 ")",
				     what, name_addr, len, *at);
	}
	s[len] = '\0';
	*at += len;
	*ret = s;
	return NULL;
}

struct gi_error *gi_name_read(struct gi_program *prog, uint64_t address,
			      struct gi_name *ret)
{
	struct gi_memory *mem = gi_program_memory(prog);
	const struct gi_layout *layout = gi_program_layout(prog);
	memset(ret, 0, sizeof(*ret));
	ret->address = address;
	if (!address)
		return gi_error_create(GI_ERROR_INVALID, "name pointer is nil");
	struct gi_error *err = gi_memory_read_u8(mem, address, &ret->flags);
	if (err)
		return gi_error_wrap(err, "cannot read name at 0x%" PRIx64, address);
	uint64_t at = address + 1, len;
	err = read_varint(mem, &at, address, "name", &len);
	if (!err)
		err = read_bytes(mem, &at, len, address, "name", &ret->name);
	if (err)
		goto fail;
	ret->name_len = len;
	ret->exported = ret->flags & GI_NAME_EXPORTED;
	ret->embedded = layout && layout->type.name_flag_embedded &&
			(ret->flags & layout->type.name_flag_embedded);
	if (ret->flags & GI_NAME_HAS_TAG) {
		err = read_varint(mem, &at, address, "tag", &len);
		if (!err)
			err = read_bytes(mem, &at, len, address, "tag", &ret->tag);
		if (err)
			goto fail;
		ret->tag_len = len;
	}
	if (ret->flags & GI_NAME_HAS_PKGPATH) {
		uint32_t off;
		err = gi_memory_read_u32(mem, at, &off);
		if (err) {
			err = gi_error_wrap(err, "cannot read package path of name at 0x%"
					    PRIx64, address);
			goto fail;
		}
		ret->has_pkgpath = true;
		ret->pkgpath_off = (int32_t)off;
	}
	return NULL;
fail:
	gi_name_deinit(ret);
	return err;
}

void gi_name_deinit(struct gi_name *name)
{
	free(name->name);
	free(name->tag);
	name->name = name->tag = NULL;
}

struct gi_error *gi_program_resolve_off(struct gi_program *prog,
					uint64_t referrer, int32_t off,
					uint64_t *ret)
{
	const struct gi_module *m = gi_program_module_for_type(prog, referrer);
	if (!m)
		return gi_error_create(GI_ERROR_NOT_FOUND,
				       "cannot resolve offset %" PRId32 " from 0x%" PRIx64
				       ": it lies in no module's types range",
				       off, referrer);
	uint64_t target = m->types + (uint64_t)(int64_t)off;
	if (off < 0 || target >= m->etypes)
		return gi_error_create(GI_ERROR_INVALID,
				       "offset %" PRId32 " from 0x%" PRIx64
				       " points outside the types range [0x%" PRIx64
				       ", 0x%" PRIx64 ")",
				       off, referrer, m->types, m->etypes);
	*ret = target;
	return NULL;
}
