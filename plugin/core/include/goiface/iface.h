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
	char *dynamic_type_path; /* with full import paths, NULL when nil */
	enum gi_kind kind;       /* GI_KIND_INVALID when nil */
	bool direct;
	/* direct: the value itself (data word); indirect: where the value is */
	uint64_t data;
};

/* flags: GI_TYPE_ALLOW_HEAP. */
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
