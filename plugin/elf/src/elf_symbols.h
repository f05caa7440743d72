/*
 * The executable's .symtab as a gi_symbolizer: name -> symbol, and
 * address -> containing symbol by binary search.  Load bias applied.
 * Internal to goiface_elf.
 */
#ifndef GOIFACE_ELF_SYMBOLS_H
#define GOIFACE_ELF_SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

#include "elf_file.h"
#include "goiface/symbols.h"

struct gi_elf_symbols;

/* An executable without .symtab gives an empty table, not an error. */
struct gi_error *gi_elf_symbols_load(const struct gi_elf_file *file,
				     uint64_t bias,
				     struct gi_elf_symbols **ret);
void gi_elf_symbols_destroy(struct gi_elf_symbols *syms);
size_t gi_elf_symbols_count(const struct gi_elf_symbols *syms);
/* A symbolizer whose arg is syms. */
struct gi_symbolizer gi_elf_symbols_symbolizer(struct gi_elf_symbols *syms);

struct gi_error *gi_elf_symbols_lookup_name(void *arg, const char *name,
					    struct gi_symbol *ret);
struct gi_error *gi_elf_symbols_lookup_address(void *arg, uint64_t address,
					       struct gi_symbol *ret);

#endif
