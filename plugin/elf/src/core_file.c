/*
 * Reading Linux ELF cores.  A kernel core holds the process's written pages
 * (PT_LOAD with filesz > 0) and, for file-backed read-only mappings, only
 * the first page when it starts with an ELF header: the executable supplies
 * the rest.  memsz > filesz in a core means "not dumped", not zeros, so only
 * [vaddr, vaddr + filesz) is taken from a core segment.
 */
#include "core_file.h"

#include "auxv.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* Bounds on what a note may claim, far above real processes. */
#define MAX_FILE_MAPPINGS (1u << 20)
#define MAX_THREADS (1u << 20)
/* struct elf_prstatus on 64-bit Linux: pr_pid, and pr_reg (the
 * architecture's user_regs_struct). */
#define PRSTATUS_PID 32
#define PRSTATUS_REGS 112
#define PAGE 4096u

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static bool parse_nt_file(struct gi_core *core, const uint8_t *desc, size_t size)
{
	if (size < 16 || core->mappings)
		return true;
	uint64_t count, page_size;
	memcpy(&count, desc, 8);
	memcpy(&page_size, desc + 8, 8);
	if (count == 0 || count > MAX_FILE_MAPPINGS || count > (size - 16) / 24)
		return true;
	core->mappings = calloc(count, sizeof(*core->mappings));
	if (!core->mappings)
		return true;
	const char *names = (const char *)desc + 16 + count * 24;
	const char *names_end = (const char *)desc + size;
	for (uint64_t i = 0; i < count; i++) {
		struct gi_core_mapping *m = &core->mappings[i];
		const uint8_t *e = desc + 16 + i * 24;
		uint64_t pgoff;
		memcpy(&m->start, e, 8);
		memcpy(&m->end, e + 8, 8);
		memcpy(&pgoff, e + 16, 8);
		m->file_offset = page_size && pgoff <= UINT64_MAX / page_size ? pgoff * page_size : 0;
		const char *nul = names < names_end ? memchr(names, '\0', (size_t)(names_end - names)) : NULL;
		if (!nul) {
			m->path = "";
			continue;
		}
		m->path = names;
		names = nul + 1;
	}
	core->num_mappings = count;
	return true;
}

static bool on_note(uint32_t type, const char *name, const uint8_t *desc,
		    size_t size, void *arg)
{
	struct gi_core *core = arg;
	if (strcmp(name, "CORE") != 0)
		return true;
	if (type == NT_FILE) {
		parse_nt_file(core, desc, size);
	} else if (type == NT_AUXV && !core->has_entry) {
		core->has_entry = gi_auxv_entry(desc, size, &core->at_entry);
	} else if (type == NT_PRSTATUS && size >= PRSTATUS_REGS + 8) {
		if (core->num_threads == core->cap_threads) {
			if (core->num_threads >= MAX_THREADS)
				return true;
			size_t cap = core->cap_threads ? core->cap_threads * 2 : 16;
			struct gi_core_thread *t = realloc(core->threads, cap * sizeof(*t));
			if (!t)
				return true;
			core->threads = t;
			core->cap_threads = cap;
		}
		struct gi_core_thread *t = &core->threads[core->num_threads++];
		int32_t pid;
		memcpy(&pid, desc + PRSTATUS_PID, 4);
		t->tid = pid;
		t->regs = desc + PRSTATUS_REGS;
		t->regs_size = size - PRSTATUS_REGS;
	} else if (type == NT_PRPSINFO && size >= 56 + 16) {
		/* struct elf_prpsinfo on 64-bit: pr_fname[16] at 40. */
		memcpy(core->fname, desc + 40, 16);
		core->fname[16] = '\0';
	}
	return true;
}

static int compare_ranges(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;
	return x[0] < y[0] ? -1 : x[0] > y[0];
}

/*
 * The kernel (and gdb's gcore) write a core's program headers so that no
 * two segments share addresses, each dumps at most what it maps, and the
 * dumped bytes follow one another in the file in header order.  Headers
 * that break any of this were damaged or forged: reading through them
 * would show one segment's bytes at another's addresses, so refuse.
 */
static struct gi_error *check_segments(const struct gi_elf_file *f)
{
	uint64_t (*ranges)[2] = calloc(f->num_phdrs ? f->num_phdrs : 1, sizeof(*ranges));
	if (!ranges)
		return &gi_error_no_memory;
	struct gi_error *err = NULL;
	size_t n = 0;
	const GElf_Phdr *prev_dumped = NULL;
	for (size_t i = 0; i < f->num_phdrs && !err; i++) {
		const GElf_Phdr *ph = &f->phdrs[i];
		if (ph->p_type != PT_LOAD)
			continue;
		if (ph->p_filesz > ph->p_memsz) {
			err = gi_error_create(GI_ERROR_FORMAT,
					      "core %s is corrupt: its segment at 0x%" PRIx64 " claims 0x%" PRIx64 " bytes in the file but maps only 0x%" PRIx64,
					      f->path, ph->p_vaddr, ph->p_filesz, ph->p_memsz);
		} else if (ph->p_vaddr + ph->p_memsz < ph->p_vaddr) {
			err = gi_error_create(GI_ERROR_FORMAT,
					      "core %s is corrupt: its segment at 0x%" PRIx64 " wraps around the address space",
					      f->path, ph->p_vaddr);
		} else if (ph->p_filesz > 0 && prev_dumped &&
			   (ph->p_offset < prev_dumped->p_offset ||
			    ph->p_offset - prev_dumped->p_offset < prev_dumped->p_filesz)) {
			err = gi_error_create(GI_ERROR_FORMAT,
					      "core %s is corrupt: the file bytes of its segment at 0x%" PRIx64 " (offset 0x%" PRIx64 ") overlap or precede those of the segment at 0x%" PRIx64 " (offset 0x%" PRIx64 ", 0x%" PRIx64 " bytes)",
					      f->path, ph->p_vaddr, ph->p_offset, prev_dumped->p_vaddr,
					      prev_dumped->p_offset, prev_dumped->p_filesz);
		}
		if (ph->p_filesz > 0)
			prev_dumped = ph;
		if (ph->p_memsz > 0) {
			ranges[n][0] = ph->p_vaddr;
			ranges[n][1] = ph->p_vaddr + ph->p_memsz;
			n++;
		}
	}
	if (!err) {
		qsort(ranges, n, sizeof(*ranges), compare_ranges);
		for (size_t i = 1; i < n && !err; i++)
			if (ranges[i][0] < ranges[i - 1][1])
				err = gi_error_create(GI_ERROR_FORMAT,
						      "core %s is corrupt: its segments at 0x%" PRIx64 " and 0x%" PRIx64 " overlap",
						      f->path, ranges[i - 1][0], ranges[i][0]);
	}
	free(ranges);
	return err;
}

struct gi_error *gi_core_open(const char *path, struct gi_core **ret)
{
	struct gi_core *core = calloc(1, sizeof(*core));
	if (!core)
		return &gi_error_no_memory;
	struct gi_error *err = gi_elf_file_open(path, "core", &core->file);
	if (err) {
		free(core);
		return err;
	}
	gi_elf_file_notes(core->file, on_note, core);

	const struct gi_elf_file *f = core->file;
	core->segments = calloc(f->num_phdrs ? f->num_phdrs : 1, sizeof(*core->segments));
	if (!core->segments) {
		gi_core_close(core);
		return &gi_error_no_memory;
	}
	if ((err = check_segments(f))) {
		gi_core_close(core);
		return err;
	}
	for (size_t i = 0; i < f->num_phdrs; i++) {
		const GElf_Phdr *ph = &f->phdrs[i];
		if (ph->p_type != PT_LOAD || ph->p_filesz == 0)
			continue;
		if (ph->p_offset > f->size || ph->p_filesz > f->size - ph->p_offset) {
			if (core->num_truncated++ == 0)
				core->first_truncated = ph->p_vaddr;
		}
		struct gi_file_segment *s = &core->segments[core->num_segments++];
		s->file = f;
		s->file_offset = ph->p_offset;
		s->filesz = ph->p_filesz;
	}
	*ret = core;
	return NULL;
}

void gi_core_close(struct gi_core *core)
{
	if (!core)
		return;
	gi_elf_file_close(core->file);
	free(core->mappings);
	free(core->segments);
	free(core->threads);
	free(core);
}

struct gi_error *gi_core_add_segments(struct gi_core *core, struct gi_memory *mem)
{
	const struct gi_elf_file *f = core->file;
	size_t k = 0;
	for (size_t i = 0; i < f->num_phdrs; i++) {
		const GElf_Phdr *ph = &f->phdrs[i];
		if (ph->p_type != PT_LOAD || ph->p_filesz == 0)
			continue;
		struct gi_error *err = gi_memory_add_segment(mem, ph->p_vaddr, ph->p_filesz,
							     gi_file_segment_read,
							     &core->segments[k++]);
		if (err)
			return err;
	}
	return NULL;
}

/* The dumped core segment holding [address, address + size), if any. */
static const GElf_Phdr *core_segment_at(const struct gi_core *core,
					uint64_t address, uint64_t size)
{
	const struct gi_elf_file *f = core->file;
	for (size_t i = 0; i < f->num_phdrs; i++) {
		const GElf_Phdr *ph = &f->phdrs[i];
		if (ph->p_type == PT_LOAD && ph->p_filesz >= size &&
		    address >= ph->p_vaddr && address - ph->p_vaddr <= ph->p_filesz - size)
			return ph;
	}
	return NULL;
}

bool gi_core_holds(const struct gi_core *core, uint64_t start, uint64_t end,
		   uint64_t *missing)
{
	const struct gi_elf_file *f = core->file;
	/* Segments do not overlap (check_segments), so each step either moves
	 * start to a segment's end or stops. */
	while (start < end) {
		const GElf_Phdr *found = NULL;
		for (size_t i = 0; i < f->num_phdrs && !found; i++) {
			const GElf_Phdr *ph = &f->phdrs[i];
			if (ph->p_type == PT_LOAD && start >= ph->p_vaddr &&
			    start - ph->p_vaddr < ph->p_filesz)
				found = ph;
		}
		if (!found) {
			*missing = start;
			return false;
		}
		start = found->p_vaddr + found->p_filesz;
	}
	return true;
}

/* The NT_FILE mappings' path that contains address, or NULL. */
static const struct gi_core_mapping *mapping_at(const struct gi_core *core,
						uint64_t address)
{
	for (size_t i = 0; i < core->num_mappings; i++)
		if (address >= core->mappings[i].start && address < core->mappings[i].end)
			return &core->mappings[i];
	return NULL;
}

/* Names the executable the core says it came from, for messages. */
static const char *core_program(const struct gi_core *core)
{
	if (core->has_entry) {
		const struct gi_core_mapping *m = mapping_at(core, core->at_entry);
		if (m && *m->path)
			return m->path;
	}
	return core->fname[0] ? core->fname : "another program";
}

struct gi_error *gi_core_match_executable(const struct gi_core *core,
					  const struct gi_elf_file *exe,
					  uint64_t *ret_bias)
{
	const char *cpath = core->file->path;
	bool pie = exe->ehdr.e_type == ET_DYN;
	uint64_t bias = 0;

	if (core->has_entry) {
		bias = core->at_entry - exe->ehdr.e_entry;
		if ((!pie && bias != 0) || (pie && bias % PAGE != 0))
			return gi_error_create(GI_ERROR_FORMAT,
					       "core %s was not produced by executable %s but by %s (its entry point is 0x%" PRIx64 ", the executable's is 0x%" PRIx64 ")",
					       cpath, exe->path, core_program(core),
					       core->at_entry, exe->ehdr.e_entry);
	} else if (pie) {
		/* No auxv: the mapping of the executable's first page. */
		const struct gi_core_mapping *found = NULL;
		for (size_t i = 0; i < core->num_mappings; i++)
			if (core->mappings[i].file_offset == 0 &&
			    strcmp(base_name(core->mappings[i].path), base_name(exe->path)) == 0) {
				found = &core->mappings[i];
				break;
			}
		uint64_t lo = 0, hi = 0;
		if (!found || !gi_elf_file_load_range(exe, &lo, &hi))
			return gi_error_create(GI_ERROR_FORMAT,
					       "core %s: cannot find where PIE executable %s was loaded (no NT_AUXV note and no NT_FILE mapping of it; is the core truncated?)",
					       cpath, exe->path);
		bias = found->start - (lo & ~(uint64_t)(PAGE - 1));
	}

	/*
	 * The strongest check: the kernel dumps the first page of each
	 * ELF-headed file mapping, and for the executable that page holds the
	 * ELF header, the program headers and the build-ID notes.
	 */
	bool compared = false;
	for (size_t i = 0; i < exe->num_phdrs; i++) {
		const GElf_Phdr *ph = &exe->phdrs[i];
		if (ph->p_type != PT_LOAD || ph->p_offset != 0 || ph->p_filesz == 0)
			continue;
		uint64_t n = ph->p_filesz < PAGE ? ph->p_filesz : PAGE;
		const GElf_Phdr *cph = core_segment_at(core, ph->p_vaddr + bias, n);
		const uint8_t *mine = gi_elf_file_bytes(exe, 0, n);
		if (!cph || !mine)
			break;
		const uint8_t *theirs = gi_elf_file_bytes(core->file,
							  cph->p_offset + (ph->p_vaddr + bias - cph->p_vaddr), n);
		if (!theirs)
			break; /* truncated core: fall back to the mappings */
		if (!gi_elf_same_loaded_bytes(mine, theirs, n))
			return gi_error_create(GI_ERROR_FORMAT,
					       "core %s was not produced by executable %s but by %s (the executable's headers and build ID differ from the copy in the core)",
					       cpath, exe->path, core_program(core));
		compared = true;
		break;
	}

	if (!compared && core->num_mappings > 0) {
		/* Each loadable segment of the executable must be a mapping. */
		for (size_t i = 0; i < exe->num_phdrs; i++) {
			const GElf_Phdr *ph = &exe->phdrs[i];
			if (ph->p_type != PT_LOAD || ph->p_filesz == 0)
				continue;
			const struct gi_core_mapping *m = mapping_at(core, ph->p_vaddr + bias);
			uint64_t want_off = ph->p_offset & ~(uint64_t)(PAGE - 1);
			uint64_t want_start = (ph->p_vaddr + bias) & ~(uint64_t)(PAGE - 1);
			if (!m || m->file_offset + (want_start - m->start) != want_off)
				return gi_error_create(GI_ERROR_FORMAT,
						       "core %s was not produced by executable %s but by %s (its file mappings do not match the executable's segment at 0x%" PRIx64 ")",
						       cpath, exe->path, core_program(core),
						       ph->p_vaddr + bias);
		}
		compared = true;
	}
	if (!compared && !core->has_entry)
		return gi_error_create(GI_ERROR_FORMAT,
				       "core %s: cannot check that it belongs to executable %s (no NT_AUXV or NT_FILE note and no dumped ELF header; is the core truncated?)",
				       cpath, exe->path);
	*ret_bias = bias;
	return NULL;
}

const char *gi_core_executable_path(const struct gi_core *core)
{
	if (!core->has_entry)
		return NULL;
	const struct gi_core_mapping *m = mapping_at(core, core->at_entry);
	return m && *m->path ? m->path : NULL;
}

bool gi_core_thread_registers(const struct gi_core *core, size_t i, int *tid,
			      uint64_t *regs, unsigned *num_regs, uint64_t *pc,
			      uint64_t *sp)
{
	if (i >= core->num_threads)
		return false;
	const struct gi_core_thread *t = &core->threads[i];
	*tid = t->tid;
	if (core->file->ehdr.e_machine == EM_X86_64) {
		/* user_regs_struct order -> DWARF numbers. */
		static const int dwarf_of[] = {
			15 /* r15 */, 14, 13, 12, 6 /* rbp */, 3 /* rbx */, 11, 10, 9, 8,
			0 /* rax */, 2 /* rcx */, 1 /* rdx */, 4 /* rsi */, 5 /* rdi */,
			-1 /* orig_rax */, 16 /* rip */, -1 /* cs */, -1 /* eflags */,
			7 /* rsp */,
		};
		enum { N = sizeof(dwarf_of) / sizeof(dwarf_of[0]) };
		if (t->regs_size < N * 8)
			return false;
		for (unsigned k = 0; k < N; k++)
			if (dwarf_of[k] >= 0)
				memcpy(&regs[dwarf_of[k]], t->regs + 8 * k, 8);
		*num_regs = 17;
		*pc = regs[16];
		*sp = regs[7];
		return true;
	}
	if (core->file->ehdr.e_machine == EM_AARCH64) {
		/* x0-x30, sp, pc: already in DWARF order. */
		if (t->regs_size < 33 * 8)
			return false;
		memcpy(regs, t->regs, 33 * 8);
		*num_regs = 33;
		*pc = regs[32];
		*sp = regs[31];
		return true;
	}
	return false;
}
