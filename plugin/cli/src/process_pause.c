/*
 * Pausing a live process with ptrace: PTRACE_SEIZE does not stop a thread
 * or change its signals, PTRACE_INTERRUPT stops it, PTRACE_DETACH resumes
 * it.  A signal that arrives while the thread stops is handed back at
 * detach, so the process sees nothing of the pause.  Threads started while
 * we attach are not stopped; Go programs start few after their first
 * seconds, and the reader copes with values changing anyway.
 */
#include "process_pause.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

struct paused_thread {
	pid_t tid;
	int pending_signal; /* delivered again at detach */
};

struct process_pause {
	size_t count, cap;
	struct paused_thread *threads;
};

/* *gone is set when the thread exited before it could be attached. */
static struct gi_error *stop_thread(pid_t tid, struct paused_thread *out, bool *gone)
{
	out->tid = 0;
	*gone = false;
	if (ptrace(PTRACE_SEIZE, tid, NULL, NULL) != 0) {
		int e = errno;
		*gone = e == ESRCH;
		return gi_error_create(GI_ERROR_IO, "cannot attach to thread %d: %s", (int)tid,
				       strerror(e));
	}
	out->tid = tid;
	out->pending_signal = 0;
	if (ptrace(PTRACE_INTERRUPT, tid, NULL, NULL) != 0)
		return gi_error_create(GI_ERROR_IO, "cannot stop thread %d: %s", (int)tid,
				       strerror(errno));
	int status;
	if (waitpid(tid, &status, __WALL) != tid)
		return gi_error_create(GI_ERROR_IO, "cannot wait for thread %d: %s", (int)tid,
				       strerror(errno));
	/* Not our interrupt's stop but a signal's: keep it for later. */
	if (WIFSTOPPED(status) && (status >> 16) != PTRACE_EVENT_STOP)
		out->pending_signal = WSTOPSIG(status);
	return NULL;
}

struct gi_error *process_pause(int pid, struct process_pause **ret)
{
	*ret = NULL;
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	DIR *dir = opendir(path);
	if (!dir)
		return gi_error_create(GI_ERROR_IO, "cannot list the threads of process %d: %s",
				       pid, strerror(errno));
	struct process_pause *p = calloc(1, sizeof(*p));
	if (!p) {
		closedir(dir);
		return &gi_error_no_memory;
	}
	struct gi_error *err = NULL;
	struct dirent *de;
	while (!err && (de = readdir(dir))) {
		char *end;
		long tid = strtol(de->d_name, &end, 10);
		if (*end || tid <= 0)
			continue;
		if (p->count == p->cap) {
			size_t cap = p->cap ? 2 * p->cap : 16;
			void *q = realloc(p->threads, cap * sizeof(*p->threads));
			if (!q) {
				err = &gi_error_no_memory;
				break;
			}
			p->threads = q;
			p->cap = cap;
		}
		bool gone;
		err = stop_thread((pid_t)tid, &p->threads[p->count], &gone);
		/* An exited thread is simply not there any more. */
		if (err && gone) {
			gi_error_destroy(err);
			err = NULL;
			continue;
		}
		if (!err || p->threads[p->count].tid)
			p->count++;
	}
	closedir(dir);
	if (err) {
		process_resume(p);
		return gi_error_wrap(err, "cannot stop process %d", pid);
	}
	*ret = p;
	return NULL;
}

void process_resume(struct process_pause *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->count; i++)
		ptrace(PTRACE_DETACH, p->threads[i].tid, NULL,
		       (void *)(long)p->threads[i].pending_signal);
	free(p->threads);
	free(p);
}
