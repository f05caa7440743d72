/*
 * The auxiliary vector the kernel hands a process, as a core's NT_AUXV note
 * and /proc/PID/auxv both hold it: 64-bit key/value pairs up to AT_NULL.
 * Internal to goiface_elf.
 */
#ifndef GOIFACE_AUXV_H
#define GOIFACE_AUXV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* More than any kernel writes (a few dozen pairs). */
#define GI_AUXV_MAX_BYTES 4096u

/* AT_ENTRY, the executable's entry point where it was loaded, from the raw
 * vector; false when the vector has none before AT_NULL or its end. */
bool gi_auxv_entry(const uint8_t *auxv, size_t size, uint64_t *entry);

#endif
