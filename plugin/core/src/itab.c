/*
 * itabs (runtime/iface.go, internal/abi.ITab): each fun[i] paired with the
 * interface method it implements and the function found at that address.
 */
#include "goiface/itab.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "goiface/type.h"

#define SYMBOL_MAX 4096

uint64_t gi_itab_size(const struct gi_program *prog, size_t n)
{
	const struct gi_layout *layout = gi_program_layout(prog);
	uint64_t fun = layout ? layout->itab.fun : 24;
	return fun + 8 * (n ? n : 1);
}

struct gi_error *gi_itab_read(struct gi_program *prog, uint64_t address,
			      int flags, struct gi_itab **ret)
{
	const struct gi_layout *layout = gi_program_layout(prog);
	if (!layout)
		return gi_error_create(GI_ERROR_USAGE,
				       "cannot read itab at 0x%" PRIx64 ": the Go version is not set",
				       address);
	if (!address)
		return gi_error_create(GI_ERROR_INVALID, "itab pointer is nil");
	if (address & 7)
		return gi_error_create(GI_ERROR_INVALID,
				       "itab 0x%" PRIx64 " is not 8-byte aligned", address);
	struct gi_memory *mem = gi_program_memory(prog);
	const struct gi_itab_layout *il = &layout->itab;
	struct gi_itab *itab = calloc(1, sizeof(*itab));
	if (!itab)
		return &gi_error_no_memory;
	itab->address = address;
	struct gi_type *inter = NULL, *type = NULL;
	uint64_t fun0;
	struct gi_error *err;
	if ((err = gi_memory_read_u64(mem, address + il->inter, &itab->inter)) ||
	    (err = gi_memory_read_u64(mem, address + il->type, &itab->type)) ||
	    (err = gi_memory_read_u32(mem, address + il->hash, &itab->hash)) ||
	    (err = gi_memory_read_u64(mem, address + il->fun, &fun0))) {
		err = gi_error_wrap(err, "cannot read itab at 0x%" PRIx64, address);
		goto fail;
	}
	itab->negative = fun0 == 0;
	err = gi_type_read(prog, itab->inter, flags, &inter);
	if (err) {
		err = gi_error_wrap(err, "itab at 0x%" PRIx64 ": interface type", address);
		goto fail;
	}
	if (inter->kind != GI_KIND_INTERFACE) {
		err = gi_error_create(GI_ERROR_INVALID,
				      "itab at 0x%" PRIx64 ": inter 0x%" PRIx64
				      " is a %s type (%s), not an interface type",
				      address, itab->inter, gi_kind_name(inter->kind), inter->str);
		goto fail;
	}
	err = gi_type_read(prog, itab->type, flags | GI_TYPE_SHALLOW, &type);
	if (err) {
		err = gi_error_wrap(err, "itab at 0x%" PRIx64 ": concrete type", address);
		goto fail;
	}
	itab->type_hash = type->hash;
	itab->inter_name = inter->str;
	inter->str = NULL;
	itab->type_name = type->str;
	type->str = NULL;
	if (!itab->negative && inter->num_imethods > 0) {
		itab->methods = calloc(inter->num_imethods, sizeof(*itab->methods));
		if (!itab->methods) {
			err = &gi_error_no_memory;
			goto fail;
		}
		itab->num_methods = inter->num_imethods;
		for (size_t i = 0; i < inter->num_imethods; i++) {
			struct gi_itab_method *m = &itab->methods[i];
			m->name = inter->imethods[i].name;
			inter->imethods[i].name = NULL;
			uint64_t at = address + il->fun + 8 * i;
			if ((err = gi_memory_read_u64(mem, at, &m->pc))) {
				err = gi_error_wrap(err, "cannot read itab at 0x%" PRIx64
						    ": fun[%zu] at 0x%" PRIx64, address, i, at);
				goto fail;
			}
			char name[SYMBOL_MAX];
			uint64_t entry = 0;
			struct gi_error *serr = gi_program_function_name(prog, m->pc, name,
									 sizeof(name), &entry);
			if (serr) {
				/* The pc is reported; an unknown symbol is an answer, not a failure. */
				gi_error_destroy(serr);
			} else {
				m->symbol = strdup(name);
				if (!m->symbol) {
					err = &gi_error_no_memory;
					goto fail;
				}
				m->symbol_entry = entry;
			}
		}
	}
	gi_type_destroy(inter);
	gi_type_destroy(type);
	*ret = itab;
	return NULL;
fail:
	gi_type_destroy(inter);
	gi_type_destroy(type);
	gi_itab_destroy(itab);
	return err;
}

void gi_itab_destroy(struct gi_itab *itab)
{
	if (!itab)
		return;
	for (size_t i = 0; i < itab->num_methods && itab->methods; i++) {
		free(itab->methods[i].name);
		free(itab->methods[i].symbol);
	}
	free(itab->methods);
	free(itab->inter_name);
	free(itab->type_name);
	free(itab);
}
