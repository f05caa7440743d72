/* Stopping a live process for as long as one command reads it, so the
 * values read belong together; the process resumes untouched after. */
#ifndef GOIFACE_PROCESS_PAUSE_H
#define GOIFACE_PROCESS_PAUSE_H

#include "goiface/error.h"

struct process_pause;

/* Stops every thread of pid (ptrace seize + interrupt). */
struct gi_error *process_pause(int pid, struct process_pause **ret);
/* Lets every thread run again and frees p (NULL is fine). */
void process_resume(struct process_pause *p);

#endif
