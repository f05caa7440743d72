/*
 * The target's memory, as a set of segments each with a read callback (after
 * drgn's memory reader).  A core file contributes its PT_LOAD segments and the
 * executable's file-backed ones; a debugger contributes one segment spanning
 * the address space whose callback asks the debugger.  Every read may fail.
 */
#ifndef GOIFACE_MEMORY_H
#define GOIFACE_MEMORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "goiface/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Reads count bytes at address into buf.  offset is address minus the
 * segment's start.  Returns NULL or an error (gi_error_fault for unreadable
 * memory).
 */
typedef struct gi_error *gi_memory_read_fn(void *buf, uint64_t address,
					   size_t count, uint64_t offset,
					   void *arg);

struct gi_memory;

struct gi_error *gi_memory_create(struct gi_memory **ret);
void gi_memory_destroy(struct gi_memory *mem);

/*
 * Adds [address, address + size).  A segment added later takes precedence
 * where segments overlap (a core's dumped pages over the executable's file
 * contents).  A read that spans segments is split between them.
 */
struct gi_error *gi_memory_add_segment(struct gi_memory *mem, uint64_t address,
				       uint64_t size, gi_memory_read_fn *read_fn,
				       void *arg);

/*
 * Turns on a page cache in front of the callbacks, for slow readers (a
 * debugger's memory API).  gi_memory_flush_cache() forgets it: call it
 * whenever the target may have run.
 */
void gi_memory_set_cache(struct gi_memory *mem, bool enabled);
void gi_memory_flush_cache(struct gi_memory *mem);

/* Error message form: "0x<addr> is not mapped" (code GI_ERROR_FAULT). */
struct gi_error *gi_memory_read(struct gi_memory *mem, void *buf,
				uint64_t address, size_t count);
struct gi_error *gi_memory_read_u8(struct gi_memory *mem, uint64_t address, uint8_t *ret);
struct gi_error *gi_memory_read_u16(struct gi_memory *mem, uint64_t address, uint16_t *ret);
struct gi_error *gi_memory_read_u32(struct gi_memory *mem, uint64_t address, uint32_t *ret);
struct gi_error *gi_memory_read_u64(struct gi_memory *mem, uint64_t address, uint64_t *ret);
/*
 * For reads whose failure is an answer rather than an error (checking
 * whether a candidate structure is there): true if the value was read.
 */
bool gi_memory_probe_u32(struct gi_memory *mem, uint64_t address, uint32_t *ret);
bool gi_memory_probe_u64(struct gi_memory *mem, uint64_t address, uint64_t *ret);
/* True if every byte of [address, address+count) lies in some segment. */
bool gi_memory_is_mapped(struct gi_memory *mem, uint64_t address, size_t count);

#ifdef __cplusplus
}
#endif

#endif
