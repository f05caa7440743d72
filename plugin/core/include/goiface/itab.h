/*
 * itabs (runtime.itab, internal/abi.ITab): the interface type, the concrete
 * type, a copy of the concrete type's hash (0 for itabs made at run time)
 * and fun[], one code address per interface method.  fun[0] == 0 marks a
 * negative entry: the type does not implement the interface.
 */
#ifndef GOIFACE_ITAB_H
#define GOIFACE_ITAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "goiface/error.h"
#include "goiface/program.h"

#ifdef __cplusplus
extern "C" {
#endif

struct gi_itab_method {
	char *name;        /* the interface method this slot implements */
	uint64_t pc;       /* fun[i] */
	char *symbol;      /* function containing pc ("main.(*T).Error"), NULL if unknown */
	uint64_t symbol_entry; /* entry of that function, 0 if unknown */
};

struct gi_itab {
	uint64_t address;
	uint64_t inter, type; /* descriptor addresses */
	uint32_t hash;
	uint32_t type_hash;   /* the concrete type's own hash, for comparison */
	bool negative;        /* fun[0] == 0 */
	char *inter_name;     /* %T of the interface type ("error", "main.Shape") */
	char *type_name;      /* %T of the concrete type */
	size_t num_methods;   /* len(inter.Methods); 0 listed when negative */
	struct gi_itab_method *methods;
};

/* gi_itab_read flags: those of gi_type_read (GI_TYPE_ALLOW_HEAP) apply to
 * the inter and type words. */
struct gi_error *gi_itab_read(struct gi_program *prog, uint64_t address,
			      int flags, struct gi_itab **ret);
void gi_itab_destroy(struct gi_itab *itab);

/* Size in bytes of an itab for an interface with n methods: 32 + 8(n-1),
 * and 32 for n == 0. */
uint64_t gi_itab_size(const struct gi_program *prog, size_t n);

#ifdef __cplusplus
}
#endif

#endif
