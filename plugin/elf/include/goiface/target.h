/*
 * A Go target opened from files or a live process: an executable alone, an
 * executable with an ELF core, or a running process (read-only).  One call,
 * gi_target_open(), gives everything the front-ends need to build a
 * gi_program: memory, symbols, the Go version from the build-info blob, the
 * moduledata address (found without symbols for stripped executables), the
 * PIE load bias, and lazily the DWARF index.
 *
 * Files are untrusted: a missing file, a non-ELF file, a non-Go executable,
 * a truncated core and a core of another executable are each refused (or,
 * for the truncated core, read as unmapped) with one clear error.
 */
#ifndef GOIFACE_TARGET_H
#define GOIFACE_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "goiface/dwarf_index.h"
#include "goiface/error.h"
#include "goiface/memory.h"
#include "goiface/program.h"
#include "goiface/symbols.h"
#include "goiface/variable.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Refuses by name an ELF file goiface cannot read yet: a 32-bit or
 * big-endian one ("executable X: 386 (32-bit) executables are not
 * supported yet ...").  role is "executable" or "core".  NULL for a 64-bit
 * little-endian file, and for an unreadable or non-ELF one (whoever reads
 * it reports that).  For front-ends that read the target through a
 * debugger, which would otherwise decode such a target as 64-bit.
 */
struct gi_error *gi_elf_check_architecture(const char *path, const char *role);

enum gi_target_kind {
	GI_TARGET_EXECUTABLE, /* the executable's file contents only */
	GI_TARGET_CORE,       /* a core file over the executable */
	GI_TARGET_LIVE,       /* a running process */
};

struct gi_target;

/*
 * Opens a target.  Exactly one of these forms:
 *   exe,  core == NULL, pid <= 0: the executable alone (static data only);
 *   exe,  core,         pid <= 0: a core, with the executable that made it
 *         (exe NULL: the path the core's file mappings name);
 *   exe or NULL, core == NULL, pid > 0: a live process; exe NULL means
 *         /proc/PID/exe.
 * A live process is read without stopping it (process_vm_readv, falling
 * back to /proc/PID/mem): values that change while being read may be read
 * half-old, half-new, so front-ends wanting a consistent view must stop the
 * process themselves.  Reading another process needs ptrace permission.
 */
struct gi_error *gi_target_open(const char *exe, const char *core, int pid,
				struct gi_target **ret);
void gi_target_destroy(struct gi_target *target);

enum gi_target_kind gi_target_kind(const struct gi_target *target);
const char *gi_target_kind_name(enum gi_target_kind kind);
/* Path of the executable as opened (for a live process: /proc/PID/exe). */
const char *gi_target_exe_path(const struct gi_target *target);

/* The target's memory; owned by the target. */
struct gi_memory *gi_target_memory(struct gi_target *target);
/* Symbols from .symtab with the load bias applied.  Always non-NULL; a
 * stripped executable's symbolizer answers GI_ERROR_NOT_FOUND. */
const struct gi_symbolizer *gi_target_symbols(const struct gi_target *target);
bool gi_target_has_symtab(const struct gi_target *target);
size_t gi_target_num_symbols(const struct gi_target *target);

/* Something the user should know although the target opened, e.g.
 * "core X is truncated: ...", or NULL. */
const char *gi_target_warning(const struct gi_target *target);

/* Run-time address minus link-time address (0 for non-PIE executables). */
uint64_t gi_target_load_bias(const struct gi_target *target);

/* "go1.22.3" from the .go.buildinfo blob, or NULL if none was found. */
const char *gi_target_go_version(const struct gi_target *target);

/*
 * Run-time address of runtime.firstmoduledata, or 0 if it was not found.
 * From the symbol when present, else the .go.module section (1.26+), else a
 * search of the writable segments for a moduledata whose first word points
 * at the pclntab header.
 */
uint64_t gi_target_moduledata_address(const struct gi_target *target);
/* Run-time address of the pclntab header (pcHeader), 0 if not found. */
uint64_t gi_target_pclntab_address(const struct gi_target *target);

/* An ELF section of the executable, with its run-time address. */
struct gi_section {
	const char *name;
	uint64_t address; /* load bias applied */
	uint64_t size;
	uint64_t file_offset;
	bool has_file_data; /* false for SHT_NOBITS (.bss) */
};
/* GI_ERROR_NOT_FOUND if the executable has no such section (or no section
 * headers at all). */
struct gi_error *gi_target_find_section(const struct gi_target *target,
					const char *name,
					struct gi_section *ret);

/*
 * Calls fn for each section of the executable that occupies run-time
 * addresses (SHF_ALLOC, less .tbss, whose addresses belong to the TLS
 * template), in section-header order, with the load bias applied; stops at
 * the first error fn returns and returns it.  None without section headers.
 */
typedef struct gi_error *gi_section_fn(const struct gi_section *section,
				       void *arg);
struct gi_error *gi_target_for_each_loaded_section(const struct gi_target *target,
						   gi_section_fn *fn, void *arg);

/*
 * The executable's code at run time: from the lowest to the highest
 * address of its executable PT_LOAD segments, load bias applied.  False
 * if it has none.  (gi_program_set_code_range takes it.)
 */
bool gi_target_code_range(const struct gi_target *target, uint64_t *lo,
			  uint64_t *hi);

/* The executable's entry point as linked (ELF e_entry): a front-end that
 * knows the run-time one (AT_ENTRY) derives the PIE load bias from it. */
uint64_t gi_target_link_entry(const struct gi_target *target);

/*
 * The threads of a core (its NT_PRSTATUS notes, first one the thread that
 * received the fatal signal), with registers by DWARF number: amd64 0 rax,
 * 1 rdx, 2 rcx, 3 rbx, 4 rsi, 5 rdi, 6 rbp, 7 rsp, 8-15 r8-r15, 16 rip;
 * arm64 0-30 x0-x30, 31 sp, 32 pc.  None for executables and processes.
 */
#define GI_THREAD_MAX_REGISTERS 33
struct gi_thread {
	int tid;
	uint64_t pc, sp;
	unsigned num_registers;
	uint64_t registers[GI_THREAD_MAX_REGISTERS];
};
size_t gi_target_num_threads(const struct gi_target *target);
struct gi_error *gi_target_thread(const struct gi_target *target, size_t i,
				  struct gi_thread *ret);

/*
 * The DWARF index of the executable, loaded on first call (and only then).
 * GI_ERROR_NOT_FOUND if the executable has no DWARF (stripped).  Owned by
 * the target.
 */
struct gi_error *gi_target_dwarf(struct gi_target *target,
				 struct gi_dwarf_index **ret);

/*
 * Creates a program over the target's memory and symbols and sets what the
 * target knows: the Go version (runtime.buildVersion when it is readable,
 * else the build-info blob; force as in gi_program_set_go_version), the
 * moduledata address and the code range.  The target must outlive the
 * program.
 */
struct gi_error *gi_target_create_program(struct gi_target *target, bool force,
					  struct gi_program **ret);
/* The same without choosing the Go version (the caller sets it). */
struct gi_error *gi_target_create_program_unversioned(struct gi_target *target,
						      struct gi_program **ret);

/*
 * A DWARF global variable as an interface variable (address, static type,
 * eface or iface), shared by every front-end that reads DWARF itself.
 * GI_ERROR_NOT_FOUND if DWARF has no such variable, GI_ERROR_INVALID if
 * its type is not an interface.
 */
struct gi_error *gi_dwarf_interface_variable(struct gi_dwarf_index *dwarf,
					     const char *name,
					     struct gi_variable_info *ret);

/*
 * A gi_command_host resolve_variable callback (arg = the target): a global
 * by name, with its static type and eface/iface from DWARF when present,
 * else from .symtab (then is_eface is a guess: false, static_type "").
 */
struct gi_error *gi_target_resolve_variable(void *arg, const char *expr,
					    struct gi_variable_info *ret);
/* A gi_command_host resolve_address callback (arg = the target): symbol
 * names from .symtab (go:itab.*main.T,main.I, main.gVar ...). */
struct gi_error *gi_target_resolve_address(void *arg, const char *expr,
					   uint64_t *ret);

#ifdef __cplusplus
}
#endif

#endif
