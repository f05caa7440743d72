/*
 * What makes an ELF executable a Go one, found without symbols: the
 * build-info blob (Go version), the pclntab header, and runtime
 * firstmoduledata (the .go.module section, or a search of the writable
 * segments for a moduledata whose first word points at the pclntab).
 * Internal to goiface_elf.
 */
#ifndef GOIFACE_GO_BINARY_H
#define GOIFACE_GO_BINARY_H

#include <stdbool.h>
#include <stdint.h>

#include "elf_file.h"
#include "goiface/memory.h"

struct gi_go_info {
	bool has_buildinfo;
	char version[64]; /* "" if the blob could not be parsed */
	bool has_pclntab;
	uint64_t pclntab;   /* link-time address of pcHeader */
	uint32_t pclntab_magic;
	bool has_go_module;
	uint64_t go_module; /* link-time address of the .go.module section */
};

/*
 * Finds a section by name, also under the ".data.rel.ro" prefix the linker
 * uses for RELRO builds (PIE: ".data.rel.ro.gopclntab", ...).  *found_name
 * (may be NULL) is the name found, owned by exe.
 */
bool gi_go_section(const struct gi_elf_file *exe, const char *name,
		   GElf_Shdr *shdr, const char **found_name);

/* GI_ERROR_FORMAT "... is not a Go executable" when neither a build-info
 * blob nor a pclntab is found. */
struct gi_error *gi_go_inspect(const struct gi_elf_file *exe,
			       struct gi_go_info *ret);

/*
 * Run-time address of runtime.firstmoduledata: .go.module if present and
 * valid, else a search of the executable's writable segments (bias
 * applied) through mem.  GI_ERROR_NOT_FOUND if neither finds it.
 */
struct gi_error *gi_go_find_moduledata(struct gi_memory *mem,
				       const struct gi_elf_file *exe,
				       const struct gi_go_info *info,
				       uint64_t bias, uint64_t *ret);

#endif
