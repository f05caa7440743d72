/*
 * Name records (runtime/type.go's name, internal/abi.Name): a flags byte, a
 * varint length and the bytes, then optionally a varint-length tag and a
 * nameOff of the package path.  Used for type strings, field, method and
 * package names.
 */
#ifndef GOIFACE_NAME_H
#define GOIFACE_NAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "goiface/error.h"
#include "goiface/program.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * No name or tag goiface reads is longer; longer lengths are garbage.  Type
 * strings of anonymous structs with tags or of generic instantiations run
 * to kilobytes, and Go before 1.17 capped every name at 65535 bytes.
 */
#define GI_NAME_MAX 65536

/* Name flag bits (byte 0). */
#define GI_NAME_EXPORTED 0x01
#define GI_NAME_HAS_TAG 0x02
#define GI_NAME_HAS_PKGPATH 0x04
#define GI_NAME_EMBEDDED 0x08 /* 1.19+; see gi_type_layout.name_flag_embedded */

struct gi_name {
	uint64_t address;
	uint8_t flags;
	char *name;     /* NUL-terminated, malloc'd; name_len bytes */
	size_t name_len;
	char *tag;      /* NULL if none */
	size_t tag_len;
	bool exported, embedded;
	bool has_pkgpath;
	int32_t pkgpath_off; /* nameOff, valid if has_pkgpath */
};

/* Reads a name record at address.  Errors name the address and what was
 * wrong (unmapped, length over GI_NAME_MAX, truncated varint). */
struct gi_error *gi_name_read(struct gi_program *prog, uint64_t address,
			      struct gi_name *ret);
void gi_name_deinit(struct gi_name *name);

/*
 * Resolves a nameOff/typeOff against the module holding the referring
 * descriptor: types + off.  GI_ERROR_NOT_FOUND if referrer lies in no
 * module (a type built at run time by reflect).
 */
struct gi_error *gi_program_resolve_off(struct gi_program *prog,
					uint64_t referrer, int32_t off,
					uint64_t *ret);

#ifdef __cplusplus
}
#endif

#endif
