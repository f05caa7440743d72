/*
 * An ELF core: its dumped PT_LOAD segments, the file mappings (NT_FILE) and
 * auxiliary vector (NT_AUXV) that tell where the executable was loaded, and
 * the check that the core was produced by the given executable.
 * Internal to goiface_elf.
 */
#ifndef GOIFACE_CORE_FILE_H
#define GOIFACE_CORE_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elf_file.h"
#include "goiface/memory.h"

struct gi_core_mapping {
	uint64_t start, end;
	uint64_t file_offset; /* bytes */
	const char *path;     /* points into the note */
};

struct gi_core_thread {
	int tid;
	const uint8_t *regs; /* elf_prstatus.pr_reg, inside the mapped file */
	size_t regs_size;
};

struct gi_core {
	struct gi_elf_file *file;
	struct gi_core_mapping *mappings; /* NT_FILE */
	size_t num_mappings;
	bool has_entry;
	uint64_t at_entry; /* AT_ENTRY from NT_AUXV */
	char fname[17];    /* NT_PRPSINFO pr_fname */
	/* Segments whose dumped bytes lie (partly) beyond the end of the file. */
	size_t num_truncated;
	uint64_t first_truncated; /* address of the first such segment */
	struct gi_file_segment *segments; /* one per dumped PT_LOAD */
	size_t num_segments;
	/* NT_PRSTATUS notes, in file order (the faulting thread first). */
	struct gi_core_thread *threads;
	size_t num_threads, cap_threads;
};

struct gi_error *gi_core_open(const char *path, struct gi_core **ret);
void gi_core_close(struct gi_core *core);

/*
 * Finds the executable's load bias from the core and checks that the core
 * was produced by that executable (entry point, the ELF header page the
 * kernel dumps, the file mappings); a core of another executable is an
 * error naming both.
 */
struct gi_error *gi_core_match_executable(const struct gi_core *core,
					  const struct gi_elf_file *exe,
					  uint64_t *bias);

/* The path of the executable the core says it came from (the NT_FILE
 * mapping holding the entry point), or NULL. */
const char *gi_core_executable_path(const struct gi_core *core);

/* Registers of thread i by DWARF number (see target.h); false if the
 * architecture is not known. */
bool gi_core_thread_registers(const struct gi_core *core, size_t i, int *tid,
			      uint64_t *regs, unsigned *num_regs, uint64_t *pc,
			      uint64_t *sp);

/*
 * Whether the dumped segments hold every byte of [start, end); if not, the
 * first address they lack.  Truncated segments count as holding their
 * bytes (they are reported on their own).
 */
bool gi_core_holds(const struct gi_core *core, uint64_t start, uint64_t end,
		   uint64_t *missing);

/* Adds the dumped segments to mem (after the executable's, so they win). */
struct gi_error *gi_core_add_segments(struct gi_core *core, struct gi_memory *mem);

#endif
