/*
 * Recognising Go executables and locating their runtime metadata without
 * symbols, so stripped binaries work as well as unstripped ones.
 */
#include "go_binary.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "goiface/layout.h"
#include "goiface/program.h"

static const char buildinfo_magic[14] = "\xff Go buildinf:";
/* The blob is small (version + module info); bound what we hand over. */
#define MAX_BUILDINFO (1u << 20)
/* No real Go program has this many functions. */
#define MAX_NFUNC 50000000u

bool gi_go_section(const struct gi_elf_file *exe, const char *name,
		   GElf_Shdr *shdr, const char **found_name)
{
	char relro[128];
	GElf_Shdr sh;
	if (!gi_elf_file_section(exe, name, &sh, NULL)) {
		if (snprintf(relro, sizeof(relro), ".data.rel.ro%s", name) >= (int)sizeof(relro) ||
		    !gi_elf_file_section(exe, relro, &sh, NULL))
			return false;
	}
	if (shdr)
		*shdr = sh;
	if (found_name) {
		/* The file's own copy of the name: lives as long as the file. */
		const char *n = elf_strptr(exe->elf, exe->shstrndx, sh.sh_name);
		*found_name = n ? n : name;
	}
	return true;
}

static void parse_buildinfo(const uint8_t *p, uint64_t size, struct gi_go_info *info)
{
	info->has_buildinfo = true;
	if (size > MAX_BUILDINFO)
		size = MAX_BUILDINFO;
	struct gi_error *err = gi_buildinfo_parse_version(p, size, info->version,
							  sizeof(info->version));
	if (err) {
		info->version[0] = '\0';
		gi_error_destroy(err);
	}
}

/* The magic of some release the runtime model knows: a new release's
 * magic comes with its layout record, in one place. */
static bool known_pclntab_magic(uint32_t magic)
{
	for (size_t i = 0; i < gi_layout_count(); i++)
		if (gi_layout_at(i)->pclntab.magic == magic)
			return true;
	return false;
}

/* A plausible pcHeader at p (n bytes available). */
static bool is_pcheader(const uint8_t *p, uint64_t n)
{
	if (n < 72)
		return false;
	uint32_t magic;
	memcpy(&magic, p, 4);
	if (!known_pclntab_magic(magic) || p[4] || p[5] ||
	    (p[6] != 1 && p[6] != 2 && p[6] != 4) || p[7] != 8)
		return false;
	uint64_t nfunc, funcname_off, pcln_off;
	memcpy(&nfunc, p + 8, 8);
	memcpy(&funcname_off, p + 32, 8);
	memcpy(&pcln_off, p + 64, 8);
	return nfunc > 0 && nfunc < MAX_NFUNC && funcname_off >= 72 &&
	       funcname_off < n && pcln_off >= 72 && pcln_off < n;
}

struct gi_error *gi_go_inspect(const struct gi_elf_file *exe, struct gi_go_info *info)
{
	memset(info, 0, sizeof(*info));
	GElf_Shdr sh;

	if (gi_go_section(exe, ".go.buildinfo", &sh, NULL) && sh.sh_type != SHT_NOBITS) {
		const uint8_t *p = gi_elf_file_bytes(exe, sh.sh_offset, sh.sh_size);
		if (p && sh.sh_size >= 32 && memcmp(p, buildinfo_magic, 14) == 0)
			parse_buildinfo(p, sh.sh_size, info);
	}
	if (gi_go_section(exe, ".gopclntab", &sh, NULL) && sh.sh_type != SHT_NOBITS) {
		const uint8_t *p = gi_elf_file_bytes(exe, sh.sh_offset, sh.sh_size);
		if (p && is_pcheader(p, sh.sh_size)) {
			info->has_pclntab = true;
			info->pclntab = sh.sh_addr;
			memcpy(&info->pclntab_magic, p, 4);
		}
	}
	if (gi_go_section(exe, ".go.module", &sh, NULL)) {
		info->has_go_module = true;
		info->go_module = sh.sh_addr;
	}

	/* Without section headers: search the loadable segments' file bytes. */
	for (size_t i = 0; i < exe->num_phdrs; i++) {
		const GElf_Phdr *ph = &exe->phdrs[i];
		if (ph->p_type != PT_LOAD || ph->p_filesz == 0)
			continue;
		const uint8_t *p = gi_elf_file_bytes(exe, ph->p_offset, ph->p_filesz);
		if (!p)
			continue;
		/* The blob is 16-aligned; the pclntab only 8-aligned (1.26). */
		for (uint64_t off = 0; off + 72 <= ph->p_filesz; off += 8) {
			if (!info->has_buildinfo && (ph->p_flags & PF_W) && off % 16 == 0 &&
			    memcmp(p + off, buildinfo_magic, 14) == 0)
				parse_buildinfo(p + off, ph->p_filesz - off, info);
			if (!info->has_pclntab && !(ph->p_flags & PF_X) &&
			    is_pcheader(p + off, ph->p_filesz - off)) {
				info->has_pclntab = true;
				info->pclntab = ph->p_vaddr + off;
				memcpy(&info->pclntab_magic, p + off, 4);
			}
		}
		if (info->has_buildinfo && info->has_pclntab)
			break;
	}
	if (!info->has_buildinfo && !info->has_pclntab)
		return gi_error_create(GI_ERROR_FORMAT,
				       "%s is not a Go executable (no Go build information and no Go pclntab)",
				       exe->path);
	return NULL;
}

/* Does a moduledata start at address?  Its first word is the pcHeader and
 * its second (funcnametab's data pointer) is pcHeader + funcnameOffset in
 * every release since 1.16. */
static bool moduledata_at(struct gi_memory *mem, uint64_t address, uint64_t pcheader)
{
	uint64_t w0, w1, funcname_off;
	struct gi_error *err;
	if ((err = gi_memory_read_u64(mem, address, &w0)) ||
	    (err = gi_memory_read_u64(mem, address + 8, &w1)) ||
	    (err = gi_memory_read_u64(mem, pcheader + 32, &funcname_off))) {
		gi_error_destroy(err);
		return false;
	}
	return w0 == pcheader && w1 == pcheader + funcname_off;
}

struct gi_error *gi_go_find_moduledata(struct gi_memory *mem,
				       const struct gi_elf_file *exe,
				       const struct gi_go_info *info,
				       uint64_t bias, uint64_t *ret)
{
	if (!info->has_pclntab)
		return gi_error_create(GI_ERROR_NOT_FOUND,
				       "cannot find runtime.firstmoduledata in %s: no pclntab to anchor the search",
				       exe->path);
	uint64_t pcheader = info->pclntab + bias;
	if (info->has_go_module && moduledata_at(mem, info->go_module + bias, pcheader)) {
		*ret = info->go_module + bias;
		return NULL;
	}
	enum { CHUNK = 65536 };
	uint8_t *buf = malloc(CHUNK);
	if (!buf)
		return &gi_error_no_memory;
	for (size_t i = 0; i < exe->num_phdrs; i++) {
		const GElf_Phdr *ph = &exe->phdrs[i];
		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_W))
			continue;
		/* The file's bytes only: a moduledata is initialised data, and
		 * p_memsz (.bss) may claim a terabyte of zeros. */
		uint64_t start = (ph->p_vaddr + bias + 7) & ~(uint64_t)7;
		uint64_t end = ph->p_vaddr + bias + ph->p_filesz;
		for (uint64_t a = start; a + 16 <= end; a += CHUNK - 8) {
			size_t n = end - a < CHUNK ? (size_t)(end - a) : CHUNK;
			struct gi_error *err = gi_memory_read(mem, buf, a, n);
			if (err) {
				gi_error_destroy(err);
				continue;
			}
			for (size_t off = 0; off + 8 <= n; off += 8) {
				uint64_t w;
				memcpy(&w, buf + off, 8);
				if (w == pcheader && moduledata_at(mem, a + off, pcheader)) {
					free(buf);
					*ret = a + off;
					return NULL;
				}
			}
		}
	}
	free(buf);
	return gi_error_create(GI_ERROR_NOT_FOUND,
			       "cannot find runtime.firstmoduledata in %s: no moduledata points at the pclntab at 0x%" PRIx64,
			       exe->path, pcheader);
}
