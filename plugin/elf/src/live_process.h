/*
 * A running process read without stopping it: memory through
 * process_vm_readv (falling back to /proc/PID/mem), segments from
 * /proc/PID/maps, the load bias from /proc/PID/auxv.  Reads are not a
 * snapshot: memory the process changes meanwhile may be read half-updated.
 * Internal to goiface_elf.
 */
#ifndef GOIFACE_LIVE_PROCESS_H
#define GOIFACE_LIVE_PROCESS_H

#include <stdint.h>
#include <sys/types.h>

#include "goiface/memory.h"

struct gi_live_process;

struct gi_error *gi_live_open(pid_t pid, struct gi_live_process **ret);
void gi_live_close(struct gi_live_process *proc);
/* "/proc/PID/exe". */
const char *gi_live_exe_path(const struct gi_live_process *proc);
/* AT_ENTRY from /proc/PID/auxv; false if unreadable. */
bool gi_live_entry(const struct gi_live_process *proc, uint64_t *entry);
/* Adds one segment per readable mapping. */
struct gi_error *gi_live_add_segments(struct gi_live_process *proc,
				      struct gi_memory *mem);

#endif
