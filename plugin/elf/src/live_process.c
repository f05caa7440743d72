/*
 * Live process memory.  process_vm_readv needs the same ptrace permission
 * as attaching but does not stop the process; /proc/PID/mem is the
 * fallback where the syscall is unavailable (old kernels, seccomp).
 */
#include "live_process.h"

#include "auxv.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

/* Bound on /proc/PID/maps lines; real Go processes have a few hundred. */
#define MAX_MAPPINGS 100000u

struct gi_live_process {
	pid_t pid;
	int mem_fd; /* /proc/PID/mem, opened on first fallback; -1 otherwise */
	bool use_mem_file;
	char exe_path[64];
	bool has_entry;
	uint64_t entry;
};

struct gi_error *gi_live_open(pid_t pid, struct gi_live_process **ret)
{
	if (pid <= 0)
		return gi_error_create(GI_ERROR_USAGE, "invalid process id %d", (int)pid);
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	if (access(path, R_OK) != 0)
		return gi_error_create(errno == ENOENT ? GI_ERROR_NOT_FOUND : GI_ERROR_IO,
				       "cannot read process %d: %s", (int)pid,
				       errno == ENOENT ? "no such process" : strerror(errno));
	struct gi_live_process *p = calloc(1, sizeof(*p));
	if (!p)
		return &gi_error_no_memory;
	p->pid = pid;
	p->mem_fd = -1;
	snprintf(p->exe_path, sizeof(p->exe_path), "/proc/%d/exe", (int)pid);

	snprintf(path, sizeof(path), "/proc/%d/auxv", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		uint8_t auxv[GI_AUXV_MAX_BYTES];
		size_t size = 0;
		ssize_t n;
		while (size < sizeof(auxv) &&
		       (n = read(fd, auxv + size, sizeof(auxv) - size)) > 0)
			size += (size_t)n;
		close(fd);
		p->has_entry = gi_auxv_entry(auxv, size, &p->entry);
	}
	*ret = p;
	return NULL;
}

void gi_live_close(struct gi_live_process *p)
{
	if (!p)
		return;
	if (p->mem_fd >= 0)
		close(p->mem_fd);
	free(p);
}

const char *gi_live_exe_path(const struct gi_live_process *p)
{
	return p->exe_path;
}

bool gi_live_entry(const struct gi_live_process *p, uint64_t *entry)
{
	*entry = p->entry;
	return p->has_entry;
}

static struct gi_error *read_mem_file(struct gi_live_process *p, void *buf,
				      uint64_t address, size_t count)
{
	if (p->mem_fd < 0) {
		char path[64];
		snprintf(path, sizeof(path), "/proc/%d/mem", (int)p->pid);
		p->mem_fd = open(path, O_RDONLY | O_CLOEXEC);
		if (p->mem_fd < 0)
			return gi_error_fault(address,
					      "0x%" PRIx64 " is not readable: cannot open %s: %s",
					      address, path, strerror(errno));
	}
	if (address > (uint64_t)INT64_MAX)
		return gi_error_fault(address, "0x%" PRIx64 " is not mapped", address);
	ssize_t n = pread(p->mem_fd, buf, count, (off_t)address);
	if (n != (ssize_t)count)
		return gi_error_fault(address,
				      "0x%" PRIx64 " is not readable in process %d%s%s",
				      address, (int)p->pid, n < 0 ? ": " : "",
				      n < 0 ? strerror(errno) : "");
	return NULL;
}

static struct gi_error *live_read(void *buf, uint64_t address, size_t count,
				  uint64_t offset, void *arg)
{
	(void)offset;
	struct gi_live_process *p = arg;
	if (!p->use_mem_file) {
		struct iovec local = { buf, count };
		struct iovec remote = { (void *)(uintptr_t)address, count };
		ssize_t n = process_vm_readv(p->pid, &local, 1, &remote, 1, 0);
		if (n == (ssize_t)count)
			return NULL;
		if (n < 0 && (errno == ENOSYS || errno == EPERM))
			p->use_mem_file = true;
		else
			return gi_error_fault(address,
					      "0x%" PRIx64 " is not readable in process %d%s%s",
					      address, (int)p->pid, n < 0 ? ": " : "",
					      n < 0 ? strerror(errno) : "");
	}
	return read_mem_file(p, buf, address, count);
}

struct gi_error *gi_live_add_segments(struct gi_live_process *p, struct gi_memory *mem)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)p->pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return gi_error_create(GI_ERROR_IO, "cannot read %s: %s", path,
				       strerror(errno));
	char line[4096 + 256];
	unsigned n = 0;
	struct gi_error *err = NULL;
	while (fgets(line, sizeof(line), f)) {
		uint64_t start, end;
		char perms[8];
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s", &start, &end, perms) != 3)
			continue;
		if (++n > MAX_MAPPINGS) {
			err = gi_error_create(GI_ERROR_LIMIT, "%s has more than %u mappings",
					      path, MAX_MAPPINGS);
			break;
		}
		/* Unreadable mappings (guard pages) and [vvar] stay unmapped. */
		if (perms[0] != 'r' || end <= start || strstr(line, "[vvar]"))
			continue;
		err = gi_memory_add_segment(mem, start, end - start, live_read, p);
		if (err)
			break;
	}
	fclose(f);
	return err;
}
