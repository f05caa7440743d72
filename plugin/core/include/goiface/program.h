/*
 * A Go program under inspection: its memory, its symbols, the Go release it
 * was built with (hence the layout), and its modules.  Everything the
 * decoders need goes through one of these.
 */
#ifndef GOIFACE_PROGRAM_H
#define GOIFACE_PROGRAM_H

#include <stdbool.h>
#include <stdint.h>

#include "goiface/error.h"
#include "goiface/layout.h"
#include "goiface/memory.h"
#include "goiface/symbols.h"

#ifdef __cplusplus
extern "C" {
#endif

enum gi_version_source {
	GI_VERSION_UNKNOWN = 0,
	GI_VERSION_FROM_CALLER,       /* --go-version, or a front-end's choice */
	GI_VERSION_FROM_BUILDVERSION, /* the runtime.buildVersion string */
	GI_VERSION_FROM_BUILDINFO,    /* the .go.buildinfo blob */
};
const char *gi_version_source_name(enum gi_version_source source);

/* One runtime.moduledata, as read from the target. */
struct gi_module {
	uint64_t address; /* of the moduledata itself */
	uint64_t pcheader;
	uint64_t funcnametab, funcnametab_len;
	uint64_t pclntable, pclntable_len;
	uint64_t ftab, ftab_len;
	uint64_t text, etext, minpc, maxpc;
	uint64_t types, etypes, typedesclen;
	uint64_t itaboffset, itabsize;     /* 1.27 */
	uint64_t itablinks, itablinks_len; /* up to 1.26 */
	uint64_t typelinks, typelinks_len; /* up to 1.26 */
	uint64_t data, edata, bss, ebss, noptrdata, enoptrdata, noptrbss, enoptrbss;
	/* []textsect {vaddr, end, baseaddr}: more than one only with several
	 * text sections (external linking on some platforms). */
	uint64_t textsectmap, textsectmap_len;
};


struct gi_program;

/*
 * Refuses what the decoders cannot read yet, by name: anything but 8-byte
 * pointers in little-endian order.  arch is Go's spelling ("386", "s390x"),
 * what the kind of file in the plural ("executables", "cores").  NULL for
 * a 64-bit little-endian target.
 */
struct gi_error *gi_check_architecture(const char *arch, unsigned pointer_size,
				       bool big_endian, const char *what);

/* Neither mem nor symbols is copied: both must outlive the program.
 * symbols may be NULL. */
struct gi_error *gi_program_create(struct gi_memory *mem,
				   const struct gi_symbolizer *symbols,
				   struct gi_program **ret);
void gi_program_destroy(struct gi_program *prog);

struct gi_memory *gi_program_memory(struct gi_program *prog);
const struct gi_symbolizer *gi_program_symbols(struct gi_program *prog);

/*
 * Chooses the layout from a version string ("go1.22.3", "go1.22.3 X:foo",
 * "devel go1.27-abc"...).  A release goiface has no layout for is refused
 * with GI_ERROR_UNSUPPORTED naming it and the known range, unless force is
 * set, in which case the newest known layout is used and the program
 * remembers that it was forced.
 */
struct gi_error *gi_program_set_go_version(struct gi_program *prog,
					   const char *version,
					   enum gi_version_source source,
					   bool force);
/*
 * Finds "go<major>.<minor>" in a version string: "go1.22.3", "go1.22rc1",
 * "go1.27.0 X:foo", "devel go1.28-abc…".  False if there is none.
 */
bool gi_parse_go_version(const char *version, int *major, int *minor);
/* Reads runtime.buildVersion through the symbols and memory. */
struct gi_error *gi_program_detect_go_version(struct gi_program *prog,
					      bool force);
/* Parses a .go.buildinfo blob (1.18+ inline-string form) into "go1.N.P". */
struct gi_error *gi_buildinfo_parse_version(const void *blob, size_t size,
					    char *version, size_t cap);

const char *gi_program_go_version(const struct gi_program *prog); /* NULL if unset */
enum gi_version_source gi_program_version_source(const struct gi_program *prog);
const struct gi_layout *gi_program_layout(const struct gi_program *prog);
bool gi_program_layout_forced(const struct gi_program *prog);

/*
 * Reads runtime.firstmoduledata and its next chain (bounded).  The address
 * comes from the symbol "runtime.firstmoduledata" unless set explicitly
 * (stripped executables: the front-end finds it another way).  A module
 * whose types or text range is empty, inverted or not in memory (or, for
 * the first, whose text is outside the code range) is refused.
 */
void gi_program_set_moduledata_address(struct gi_program *prog, uint64_t address);
/*
 * The executable's code, [lo, hi) at run time, when the front-end knows it:
 * the first module's text must lie inside it, or the moduledata read is not
 * this executable's (a wrong address, a damaged core).
 */
void gi_program_set_code_range(struct gi_program *prog, uint64_t lo, uint64_t hi);
struct gi_error *gi_program_load_modules(struct gi_program *prog);
size_t gi_program_num_modules(const struct gi_program *prog);
const struct gi_module *gi_program_module(const struct gi_program *prog, size_t i);
/*
 * A method's textOff as a code address (runtime.moduledata.textAddr):
 * text + off with one text section, else through textsectmap.  0 if off
 * lies in no section.
 */
uint64_t gi_module_text_addr(struct gi_program *prog, const struct gi_module *m,
			     uint32_t off);
/* The module whose [types, etypes) holds address, or NULL. */
const struct gi_module *gi_program_module_for_type(struct gi_program *prog,
						   uint64_t address);

/*
 * Name of the function containing pc: the symbolizer first, then the
 * modules' pclntab.  Writes at most cap bytes, NUL-terminated.
 */
struct gi_error *gi_program_function_name(struct gi_program *prog, uint64_t pc,
					  char *name, size_t cap,
					  uint64_t *entry);

#ifdef __cplusplus
}
#endif

#endif
