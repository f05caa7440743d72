/*
 * An interface value decoded from its two words: eface {type, data} or
 * iface {itab, data}.
 */
#ifndef GOIFACE_IFACE_H
#define GOIFACE_IFACE_H

#include <stdbool.h>
#include <stdint.h>

#include "goiface/error.h"
#include "goiface/itab.h"
#include "goiface/program.h"
#include "goiface/type.h"

#ifdef __cplusplus
extern "C" {
#endif

struct gi_iface {
	bool is_eface;
	uint64_t words[2];
	/* Type word (eface) or itab word (iface) is 0: no dynamic type. */
	bool nil;
	/*
	 * Dynamic type set, stored directly, of a nil-able kind (pointer, map,
	 * chan, func, unsafe.Pointer), and data word 0: the interface is != nil
	 * although the value inside is nil.  (A direct struct { p *T } with a
	 * nil p is an ordinary value, as reflect's IsNil sees it.)
	 */
	bool typed_nil;
	uint64_t itab_addr; /* iface only */
	uint64_t type_addr; /* dynamic type descriptor */
	struct gi_itab *itab; /* iface only, NULL when nil */
	struct gi_type *type; /* dynamic type, NULL when nil */
	char *dynamic_type;      /* %T spelling, NULL when nil */
	/* With full import paths; NULL when nil or not asked for
	 * (GI_IFACE_TYPE_PATH).  The %T spelling when it cannot be built. */
	char *dynamic_type_path;
	enum gi_kind kind;       /* GI_KIND_INVALID when nil */
	bool direct;
	/* direct: the value itself (data word); indirect: where the value is */
	uint64_t data;
};

/* gi_iface_decode / gi_iface_read flags, besides GI_TYPE_ALLOW_HEAP. */
enum {
	/* Also spell the dynamic type with import paths (dynamic_type_path);
	 * without it that stays NULL, as values nested in others need none. */
	GI_IFACE_TYPE_PATH = 1 << 8,
};

/* flags: GI_TYPE_ALLOW_HEAP, GI_IFACE_TYPE_PATH. */
struct gi_error *gi_iface_decode(struct gi_program *prog, uint64_t word0,
				 uint64_t word1, bool is_eface, int flags,
				 struct gi_iface **ret);
/* Reads the two words at address first. */
struct gi_error *gi_iface_read(struct gi_program *prog, uint64_t address,
			       bool is_eface, int flags, struct gi_iface **ret);
void gi_iface_destroy(struct gi_iface *iface);

#ifdef __cplusplus
}
#endif

#endif
