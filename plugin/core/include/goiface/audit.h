/*
 * The itab audit: every itab the program knows about (the runtime's itab
 * cache runtime.itabTable and the itabs the linker wrote), where each came
 * from, and every inconsistency found between them.  Core-level: it reads
 * through the program's memory and symbols only, so the standalone command,
 * gdb and lldb all run the same audit.
 */
#ifndef GOIFACE_AUDIT_H
#define GOIFACE_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "goiface/error.h"
#include "goiface/itab.h"
#include "goiface/program.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where an itab came from. */
enum gi_itab_origin {
	GI_ITAB_STATIC,  /* written by the linker (itablinks / 1.27 itab area) */
	GI_ITAB_RUNTIME, /* created by getitab at run time (hash 0, heap) */
};
const char *gi_itab_origin_name(enum gi_itab_origin origin); /* "static" ... */

enum gi_anomaly_kind {
	GI_ANOMALY_UNMAPPED = 1,     /* a pointer leads outside mapped memory */
	GI_ANOMALY_HASH_MISMATCH,    /* static itab's hash != its type's hash */
	GI_ANOMALY_BAD_METHOD,       /* fun[i] is not the entry of <...>.<method> */
	GI_ANOMALY_NOT_INTERFACE,    /* inter does not point at an interface type */
	GI_ANOMALY_UNREACHABLE,      /* the table's own probe sequence misses it */
	GI_ANOMALY_DUPLICATE,        /* two itabs for one (interface, type) pair */
	GI_ANOMALY_COUNT_MISMATCH,   /* table count field != entries found */
	GI_ANOMALY_BAD_TABLE,        /* table header impossible (size, bounds) */
	GI_ANOMALY_UNDECODABLE,      /* the concrete type or a name is garbage */
};
/* Stable spelling used in JSON: "unmapped", "hash_mismatch", ... */
const char *gi_anomaly_kind_name(enum gi_anomaly_kind kind);

struct gi_audit_itab {
	uint64_t address;
	/* The raw header, read even when the itab cannot be decoded. */
	uint64_t inter, type;
	uint32_t hash;
	bool negative; /* fun[0] == 0: cached "does not implement" */
	/* Names, methods and their symbols; NULL when the itab could not be
	 * decoded (an anomaly then says why). */
	struct gi_itab *decoded;
	enum gi_itab_origin origin;
	bool in_table;       /* found among runtime.itabTable's entries */
	bool is_static_area; /* found in itablinks / the 1.27 itab area */
	size_t table_slot;   /* index in the table's entries, if in_table */
};

struct gi_audit_anomaly {
	enum gi_anomaly_kind kind;
	uint64_t address; /* the itab (or the table) it concerns */
	char *message;    /* one line, e.g. "hash 0x1 != type hash 0x2" */
};

struct gi_itab_audit {
	/* runtime.itabTable; have_table false when the symbol is missing. */
	bool have_table;
	uint64_t table_address; /* of the itabTableType the pointer leads to */
	uint64_t table_size, table_count;
	/* No runtime.itabTable symbol: the table was found by searching the
	 * module's data for a pointer to something holding the linker's itabs. */
	bool table_from_search;
	size_t table_entries_found; /* non-nil entries */
	/* From the executable alone the table is the linker's empty starter
	 * table: the audit reports it but the counts mean nothing at run time. */
	bool static_only;

	size_t num_itabs;
	struct gi_audit_itab *itabs; /* table entries first, then static-only */
	size_t num_static, num_runtime, num_negative;

	size_t num_anomalies;
	struct gi_audit_anomaly *anomalies;
};

struct gi_itab_audit_options {
	/* Set when memory is an executable file without a process image: the
	 * itab cache was never filled, so static itabs missing from it are
	 * expected. */
	bool static_only;
	/* Run-time minus link-time address of a position-independent
	 * executable (0 otherwise): the Go linker leaves method slots its
	 * dead-code pass pointed at runtime.unreachableMethod unrelocated. */
	uint64_t load_bias;
	/* Bounds against garbage; 0 selects the defaults (2^24 slots,
	 * 1,000,000 static itabs). */
	uint64_t max_table_size;
	size_t max_static_itabs;
};

/*
 * Runs the audit.  Fails only when nothing at all can be read (no layout,
 * no modules); damaged entries become anomalies instead.  The program must
 * have its Go version set and its modules loaded.
 */
struct gi_error *gi_itab_audit_run(struct gi_program *prog,
				   const struct gi_itab_audit_options *options,
				   struct gi_itab_audit **ret);
void gi_itab_audit_destroy(struct gi_itab_audit *audit);

/*
 * True if fun[i] == pc is runtime.unreachableMethod, where the linker's
 * dead-code pass points the slots of methods nothing can call.  In a
 * position-independent executable the linker writes that address without a
 * relocation, so the slot holds the link-time address: pc + load_bias is
 * then the function's entry.
 */
bool gi_itab_pc_is_unreachable_method(struct gi_program *prog, uint64_t pc,
				      uint64_t load_bias);

#ifdef __cplusplus
}
#endif

#endif
