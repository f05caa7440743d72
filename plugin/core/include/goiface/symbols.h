/*
 * Symbols, as a front-end knows them: ELF .symtab for the CLI and lldb, the
 * debugger's own tables for gdb.  The core asks for a handful of runtime
 * names (runtime.firstmoduledata, runtime.buildVersion, runtime.itabTable)
 * and for the symbol containing a code address.  Function names also come
 * from the pclntab, so a front-end without symbols still gets method names.
 */
#ifndef GOIFACE_SYMBOLS_H
#define GOIFACE_SYMBOLS_H

#include <stdint.h>

#include "goiface/error.h"

#ifdef __cplusplus
extern "C" {
#endif

struct gi_symbol {
	const char *name; /* valid until the next call on the same symbolizer */
	uint64_t address;
	uint64_t size;    /* 0 if unknown */
};

struct gi_symbolizer {
	/* GI_ERROR_NOT_FOUND if there is no such name. May be NULL. */
	struct gi_error *(*lookup_name)(void *arg, const char *name,
					struct gi_symbol *ret);
	/* The symbol containing address; GI_ERROR_NOT_FOUND if none. May be NULL. */
	struct gi_error *(*lookup_address)(void *arg, uint64_t address,
					   struct gi_symbol *ret);
	void *arg;
};

#ifdef __cplusplus
}
#endif

#endif
