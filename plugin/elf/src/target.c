/*
 * gi_target: the one call front-ends make to turn "--exe X --core Y" or
 * "--pid N" into memory, symbols and Go metadata ready for gi_program.
 */
#include "goiface/target.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core_file.h"
#include "elf_file.h"
#include "elf_symbols.h"
#include "go_binary.h"
#include "goiface/strbuf.h"
#include "live_process.h"

struct gi_target {
	enum gi_target_kind kind;
	struct gi_elf_file *exe;
	struct gi_core *core;
	struct gi_live_process *live;
	struct gi_memory *mem;
	struct gi_file_segment *exe_segments;
	struct gi_elf_symbols *syms;
	struct gi_symbolizer symbolizer;
	uint64_t bias;
	struct gi_go_info go;
	uint64_t moduledata;
	struct gi_dwarf_index *dwarf;
	bool dwarf_tried;
	struct gi_error *dwarf_error; /* kept to answer every later call alike */
	char *warning;
};

const char *gi_target_kind_name(enum gi_target_kind kind)
{
	switch (kind) {
	case GI_TARGET_EXECUTABLE: return "executable";
	case GI_TARGET_CORE: return "core";
	case GI_TARGET_LIVE: return "live process";
	}
	return "unknown";
}

/*
 * The executable's PT_LOAD segments, file-backed, .bss zero-filled.  Under
 * a core only the read-only ones: a process's writable pages are always in
 * its core, and the executable's initial data in their place would be
 * values that look right and are not.
 */
static struct gi_error *add_exe_segments(struct gi_target *t)
{
	const struct gi_elf_file *f = t->exe;
	t->exe_segments = calloc(f->num_phdrs ? f->num_phdrs : 1, sizeof(*t->exe_segments));
	if (!t->exe_segments)
		return &gi_error_no_memory;
	for (size_t i = 0; i < f->num_phdrs; i++) {
		const GElf_Phdr *ph = &f->phdrs[i];
		if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
			continue;
		if (t->core && (ph->p_flags & PF_W))
			continue;
		uint64_t start = ph->p_vaddr + t->bias;
		if (start + ph->p_memsz < start)
			return gi_error_create(GI_ERROR_FORMAT,
					       "executable %s is corrupt: its segment at 0x%" PRIx64 " wraps around the address space",
					       f->path, ph->p_vaddr);
		if (ph->p_filesz > ph->p_memsz ||
		    !gi_elf_file_bytes(f, ph->p_offset, ph->p_filesz))
			return gi_error_create(GI_ERROR_FORMAT,
					       "executable %s is truncated or corrupt: its segment at 0x%" PRIx64 " lies beyond the end of the file",
					       f->path, ph->p_vaddr);
		struct gi_file_segment *s = &t->exe_segments[i];
		s->file = f;
		s->file_offset = ph->p_offset;
		s->filesz = ph->p_filesz;
		struct gi_error *err = gi_memory_add_segment(t->mem, start, ph->p_memsz,
							     gi_file_segment_read, s);
		if (err)
			return err;
	}
	return NULL;
}

/*
 * What a core lacks that a reader would otherwise take from elsewhere,
 * said in the target's warning: bytes cut off the end of the file, and the
 * executable's writable segments (data, bss) when the core did not dump
 * them (headers cut short, or a program-header count edited down).
 */
static struct gi_error *check_core_complete(struct gi_target *t)
{
	const char *path = t->core->file->path;
	struct gi_strbuf w = GI_STRBUF_INIT;
	if (t->core->num_truncated)
		gi_strbuf_appendf(&w, "core %s is truncated: %zu of its segments (the first at 0x%" PRIx64 ") end beyond the end of the file and read as unmapped",
				  path, t->core->num_truncated, t->core->first_truncated);
	const struct gi_elf_file *f = t->exe;
	for (size_t i = 0; i < f->num_phdrs; i++) {
		const GElf_Phdr *ph = &f->phdrs[i];
		uint64_t start = ph->p_vaddr + t->bias, missing;
		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_W) || ph->p_memsz == 0 ||
		    start + ph->p_memsz < start ||
		    gi_core_holds(t->core, start, start + ph->p_memsz, &missing))
			continue;
		if (w.len)
			gi_strbuf_puts(&w, "; ");
		gi_strbuf_appendf(&w, "core %s lacks the program's writable memory at 0x%" PRIx64 " (the executable's segment [0x%" PRIx64 ", 0x%" PRIx64 ") was not dumped whole; is the core truncated or damaged?)",
				  path, missing, start, start + ph->p_memsz);
		break;
	}
	if (w.failed) {
		gi_strbuf_deinit(&w);
		return &gi_error_no_memory;
	}
	if (w.len)
		t->warning = w.data; /* the buffer's string, now the target's */
	else
		gi_strbuf_deinit(&w);
	return NULL;
}

/* The process must be running this executable: its first page (ELF and
 * program headers, build-ID notes) is mapped at the bias. */
static struct gi_error *check_live_executable(struct gi_target *t, int pid)
{
	const GElf_Phdr *ph = gi_elf_file_header_segment(t->exe);
	if (!ph)
		return NULL;
	uint64_t n = ph->p_filesz < 4096 ? ph->p_filesz : 4096;
	const uint8_t *mine = gi_elf_file_bytes(t->exe, 0, n);
	uint8_t theirs[4096];
	struct gi_error *err = gi_memory_read(t->mem, theirs, ph->p_vaddr + t->bias, n);
	if (err)
		return gi_error_wrap(err, "process %d is not running executable %s", pid,
				     t->exe->path);
	if (!mine || !gi_elf_same_loaded_bytes(mine, theirs, n))
		return gi_error_create(GI_ERROR_FORMAT,
				       "process %d is not running executable %s (its headers and build ID differ from the process's)",
				       pid, t->exe->path);
	return NULL;
}

static struct gi_error *open_target(struct gi_target *t, const char *exe,
				    const char *core, int pid)
{
	struct gi_error *err;
	if (pid > 0) {
		t->kind = GI_TARGET_LIVE;
		if ((err = gi_live_open(pid, &t->live)))
			return err;
		if (!exe)
			exe = gi_live_exe_path(t->live);
	} else if (core) {
		t->kind = GI_TARGET_CORE;
	} else {
		t->kind = GI_TARGET_EXECUTABLE;
	}
	if (core && (err = gi_core_open(core, &t->core)))
		return err;
	if (!exe && t->core) {
		/* The core names the executable it was produced by. */
		exe = gi_core_executable_path(t->core);
		if (!exe)
			return gi_error_create(GI_ERROR_USAGE,
					       "core %s does not name its executable; give the executable too",
					       core);
		if (access(exe, R_OK) != 0)
			return gi_error_create(GI_ERROR_IO,
					       "core %s was produced by %s, which cannot be read here (%s); give the executable too",
					       core, exe, strerror(errno));
	}
	if (!exe)
		return gi_error_create(GI_ERROR_USAGE, "no executable given");

	if ((err = gi_elf_file_open(exe, "executable", &t->exe)))
		return err;
	if ((err = gi_go_inspect(t->exe, &t->go)))
		return err;

	if (t->core) {
		if ((err = gi_core_match_executable(t->core, t->exe, &t->bias)))
			return err;
		if ((err = check_core_complete(t)))
			return err;
	} else if (t->live) {
		uint64_t entry;
		if (gi_live_entry(t->live, &entry))
			t->bias = entry - t->exe->ehdr.e_entry;
		if (t->exe->ehdr.e_type == ET_EXEC && t->bias != 0)
			return gi_error_create(GI_ERROR_FORMAT,
					       "process %d is not running executable %s (entry point 0x%" PRIx64 ", the executable's is 0x%" PRIx64 ")",
					       pid, exe, entry, t->exe->ehdr.e_entry);
	}

	if ((err = gi_memory_create(&t->mem)))
		return err;
	if (t->live) {
		/* The process has every page the executable has, current. */
		if ((err = gi_live_add_segments(t->live, t->mem)))
			return err;
		gi_memory_set_cache(t->mem, true);
		if ((err = check_live_executable(t, pid)))
			return err;
	} else {
		if ((err = add_exe_segments(t)))
			return err;
		if (t->core && (err = gi_core_add_segments(t->core, t->mem)))
			return err;
	}

	if ((err = gi_elf_symbols_load(t->exe, t->bias, &t->syms)))
		return err;
	t->symbolizer = gi_elf_symbols_symbolizer(t->syms);

	struct gi_symbol sym;
	err = gi_elf_symbols_lookup_name(t->syms, "runtime.firstmoduledata", &sym);
	if (!err) {
		t->moduledata = sym.address;
	} else {
		gi_error_destroy(err);
		err = gi_go_find_moduledata(t->mem, t->exe, &t->go, t->bias, &t->moduledata);
		/* Not fatal: the caller may still read a value at an address. */
		gi_error_destroy(err);
	}
	if (t->live)
		gi_memory_flush_cache(t->mem);
	return NULL;
}

struct gi_error *gi_target_open(const char *exe, const char *core, int pid,
				struct gi_target **ret)
{
	if (pid > 0 && core)
		return gi_error_create(GI_ERROR_USAGE,
				       "give either a core file or a process id, not both");
	if (pid <= 0 && !exe && !core)
		return gi_error_create(GI_ERROR_USAGE, "no executable, core or process given");
	struct gi_target *t = calloc(1, sizeof(*t));
	if (!t)
		return &gi_error_no_memory;
	struct gi_error *err = open_target(t, exe, core, pid);
	if (err) {
		gi_target_destroy(t);
		return err;
	}
	*ret = t;
	return NULL;
}

void gi_target_destroy(struct gi_target *t)
{
	if (!t)
		return;
	gi_dwarf_close(t->dwarf);
	if (t->dwarf_error)
		gi_error_destroy(t->dwarf_error);
	gi_elf_symbols_destroy(t->syms);
	gi_memory_destroy(t->mem);
	free(t->exe_segments);
	gi_core_close(t->core);
	gi_live_close(t->live);
	gi_elf_file_close(t->exe);
	free(t->warning);
	free(t);
}

enum gi_target_kind gi_target_kind(const struct gi_target *t) { return t->kind; }
const char *gi_target_exe_path(const struct gi_target *t) { return t->exe->path; }
struct gi_memory *gi_target_memory(struct gi_target *t) { return t->mem; }
const struct gi_symbolizer *gi_target_symbols(const struct gi_target *t) { return &t->symbolizer; }
bool gi_target_has_symtab(const struct gi_target *t) { return gi_elf_symbols_count(t->syms) > 0; }
size_t gi_target_num_symbols(const struct gi_target *t) { return gi_elf_symbols_count(t->syms); }
uint64_t gi_target_load_bias(const struct gi_target *t) { return t->bias; }
uint64_t gi_target_moduledata_address(const struct gi_target *t) { return t->moduledata; }
const char *gi_target_warning(const struct gi_target *t) { return t->warning; }

size_t gi_target_num_threads(const struct gi_target *t)
{
	return t->core ? t->core->num_threads : 0;
}

struct gi_error *gi_target_thread(const struct gi_target *t, size_t i, struct gi_thread *ret)
{
	memset(ret, 0, sizeof(*ret));
	if (!t->core || i >= t->core->num_threads)
		return gi_error_create(GI_ERROR_NOT_FOUND, "no thread %zu in this target", i);
	if (!gi_core_thread_registers(t->core, i, &ret->tid, ret->registers,
				      &ret->num_registers, &ret->pc, &ret->sp))
		return gi_error_create(GI_ERROR_UNSUPPORTED,
				       "core %s: registers of this architecture (ELF machine %u) are not known",
				       t->core->file->path, (unsigned)t->core->file->ehdr.e_machine);
	return NULL;
}

const char *gi_target_go_version(const struct gi_target *t)
{
	return t->go.version[0] ? t->go.version : NULL;
}

uint64_t gi_target_pclntab_address(const struct gi_target *t)
{
	return t->go.has_pclntab ? t->go.pclntab + t->bias : 0;
}

struct gi_error *gi_target_find_section(const struct gi_target *t, const char *name,
					struct gi_section *ret)
{
	GElf_Shdr sh;
	const char *found;
	if (!gi_go_section(t->exe, name, &sh, &found))
		return gi_error_create(GI_ERROR_NOT_FOUND, "executable %s has no section %s%s",
				       t->exe->path, name,
				       t->exe->has_sections ? "" : " (it has no section headers)");
	ret->name = found;
	ret->address = sh.sh_addr + (sh.sh_flags & SHF_ALLOC ? t->bias : 0);
	ret->size = sh.sh_size;
	ret->file_offset = sh.sh_offset;
	ret->has_file_data = sh.sh_type != SHT_NOBITS;
	return NULL;
}

struct gi_error *gi_target_for_each_loaded_section(const struct gi_target *t,
						   gi_section_fn *fn, void *arg)
{
	if (!t->exe->has_sections)
		return NULL;
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(t->exe->elf, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC) || sh.sh_size == 0)
			continue;
		if ((sh.sh_flags & SHF_TLS) && sh.sh_type == SHT_NOBITS)
			continue;
		const char *name = elf_strptr(t->exe->elf, t->exe->shstrndx, sh.sh_name);
		struct gi_section section = {
			.name = name ? name : "",
			.address = sh.sh_addr + t->bias,
			.size = sh.sh_size,
			.file_offset = sh.sh_offset,
			.has_file_data = sh.sh_type != SHT_NOBITS,
		};
		if (section.address + section.size < section.address)
			continue;
		struct gi_error *err = fn(&section, arg);
		if (err)
			return err;
	}
	return NULL;
}

bool gi_target_code_range(const struct gi_target *t, uint64_t *lo, uint64_t *hi)
{
	bool any = false;
	for (size_t i = 0; i < t->exe->num_phdrs; i++) {
		const GElf_Phdr *ph = &t->exe->phdrs[i];
		uint64_t start = ph->p_vaddr + t->bias, end = start + ph->p_memsz;
		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X) || end <= start)
			continue;
		if (!any || start < *lo)
			*lo = start;
		if (!any || end > *hi)
			*hi = end;
		any = true;
	}
	return any;
}

uint64_t gi_target_link_entry(const struct gi_target *t)
{
	return t->exe->ehdr.e_entry;
}

struct gi_error *gi_target_dwarf(struct gi_target *t, struct gi_dwarf_index **ret)
{
	if (!t->dwarf_tried) {
		t->dwarf_tried = true;
		t->dwarf_error = gi_dwarf_open(t->exe->path, t->bias, &t->dwarf);
	}
	if (t->dwarf_error)
		return gi_error_create(t->dwarf_error->code, "%s", t->dwarf_error->message);
	*ret = t->dwarf;
	return NULL;
}

struct gi_error *gi_target_create_program_unversioned(struct gi_target *t,
						      struct gi_program **ret)
{
	struct gi_program *prog;
	struct gi_error *err = gi_program_create(t->mem, &t->symbolizer, &prog);
	if (err)
		return err;
	if (t->moduledata)
		gi_program_set_moduledata_address(prog, t->moduledata);
	uint64_t lo, hi;
	if (gi_target_code_range(t, &lo, &hi))
		gi_program_set_code_range(prog, lo, hi);
	*ret = prog;
	return NULL;
}

struct gi_error *gi_target_create_program(struct gi_target *t, bool force,
					  struct gi_program **ret)
{
	struct gi_program *prog;
	struct gi_error *err = gi_target_create_program_unversioned(t, &prog);
	if (err)
		return err;
	/* runtime.buildVersion (with " X:..." experiments) when symbols allow,
	 * else the build-info blob. */
	err = gi_program_detect_go_version(prog, force);
	if (err && t->go.version[0]) {
		gi_error_destroy(err);
		err = gi_program_set_go_version(prog, t->go.version,
						GI_VERSION_FROM_BUILDINFO, force);
	}
	if (err) {
		gi_program_destroy(prog);
		return err;
	}
	*ret = prog;
	return NULL;
}

/*
 * Go's symbol and DWARF names escape dots in the last element of an import
 * path ("example.com/m/shape.v1.X" is "example.com/m/shape%2ev1.X").  Users
 * type the path as written in import statements: writes the escaped
 * spelling to buf, or returns false when escaping changes nothing.
 */
static bool escape_symbol_name(const char *name, char *buf, size_t cap)
{
	const char *slash = strrchr(name, '/');
	const char *last_dot = strrchr(name, '.');
	if (!slash || !last_dot || last_dot < slash)
		return false;
	size_t n = 0;
	bool changed = false;
	for (const char *p = name; *p; p++) {
		bool escape = *p == '.' && p > slash && p < last_dot;
		if (n + 4 >= cap)
			return false;
		if (escape) {
			memcpy(buf + n, "%2e", 3);
			n += 3;
			changed = true;
		} else {
			buf[n++] = *p;
		}
	}
	buf[n] = '\0';
	return changed;
}

struct gi_error *gi_dwarf_interface_variable(struct gi_dwarf_index *dwarf,
					     const char *name,
					     struct gi_variable_info *ret)
{
	struct gi_dwarf_variable v;
	struct gi_error *err = gi_dwarf_find_variable(dwarf, name, &v);
	if (err)
		return err;
	if (v.iface == GI_DWARF_NOT_INTERFACE)
		return gi_error_create(GI_ERROR_INVALID,
				       "%s is not an interface value (its type is %s)",
				       name, v.type_name[0] ? v.type_name : "unknown");
	memset(ret, 0, sizeof(*ret));
	ret->address = v.address;
	ret->is_eface = v.iface == GI_DWARF_EFACE;
	snprintf(ret->static_type, sizeof(ret->static_type), "%s", v.type_name);
	snprintf(ret->name, sizeof(ret->name), "%s", v.name);
	return NULL;
}

static struct gi_error *resolve_variable_as(struct gi_target *t, const char *expr,
					    struct gi_variable_info *ret);

struct gi_error *gi_target_resolve_variable(void *arg, const char *expr,
					    struct gi_variable_info *ret)
{
	struct gi_target *t = arg;
	struct gi_error *err = resolve_variable_as(t, expr, ret);
	char escaped[512];
	if (err && err->code == GI_ERROR_NOT_FOUND &&
	    escape_symbol_name(expr, escaped, sizeof(escaped))) {
		struct gi_error *err2 = resolve_variable_as(t, escaped, ret);
		if (!err2) {
			gi_error_destroy(err);
			return NULL;
		}
		gi_error_destroy(err2);
	}
	return err;
}

static struct gi_error *resolve_variable_as(struct gi_target *t, const char *expr,
					    struct gi_variable_info *ret)
{
	memset(ret, 0, sizeof(*ret));
	struct gi_dwarf_index *dw;
	struct gi_error *err = gi_target_dwarf(t, &dw);
	if (!err) {
		err = gi_dwarf_interface_variable(dw, expr, ret);
		if (!err || err->code != GI_ERROR_NOT_FOUND)
			return err;
	}
	gi_error_destroy(err);
	/* No DWARF, or the name is not a DWARF variable: the symbol table. */
	struct gi_symbol sym;
	err = gi_elf_symbols_lookup_name(t->syms, expr, &sym);
	if (err) {
		gi_error_destroy(err);
		return gi_error_create(GI_ERROR_NOT_FOUND, "no variable named %s in %s",
				       expr, t->exe->path);
	}
	if (sym.size != 0 && sym.size != 16)
		return gi_error_create(GI_ERROR_INVALID,
				       "%s is not an interface value (it is %" PRIu64 " bytes, an interface is 16)",
				       expr, sym.size);
	ret->address = sym.address;
	ret->is_eface = false;
	snprintf(ret->name, sizeof(ret->name), "%s", expr);
	return NULL;
}

struct gi_error *gi_target_resolve_address(void *arg, const char *expr, uint64_t *ret)
{
	struct gi_target *t = arg;
	struct gi_symbol sym;
	struct gi_error *err = gi_elf_symbols_lookup_name(t->syms, expr, &sym);
	char escaped[512];
	if (err && escape_symbol_name(expr, escaped, sizeof(escaped))) {
		gi_error_destroy(err);
		err = gi_elf_symbols_lookup_name(t->syms, escaped, &sym);
	}
	if (err) {
		gi_error_destroy(err);
		return gi_error_create(GI_ERROR_NOT_FOUND, "no symbol named %s in %s",
				       expr, t->exe->path);
	}
	*ret = sym.address;
	return NULL;
}
