/*
 * Opening ELF files safely: the whole file is mapped read-only, libelf reads
 * the headers, and every byte range is checked against the file size before
 * use, so a truncated or corrupt file yields an error, never a crash.
 */
#include "elf_file.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "goiface/program.h"

/* More program headers than any real executable or core has. */
#define MAX_PHDRS 65536u

static const char *elf_type_name(unsigned type)
{
	switch (type) {
	case ET_REL: return "a relocatable object";
	case ET_EXEC: return "an executable";
	case ET_DYN: return "a shared object or PIE executable";
	case ET_CORE: return "a core file";
	default: return "an ELF file of unknown type";
	}
}

/* Cores are often shipped compressed; name the format so the user knows
 * what to run instead of just "bad magic". */
static const char *compression_name(const uint8_t *p, uint64_t n)
{
	static const struct {
		const char *name;
		uint8_t magic[6];
		size_t len;
	} formats[] = {
		{ "zstd", { 0x28, 0xb5, 0x2f, 0xfd }, 4 },
		{ "gzip", { 0x1f, 0x8b }, 2 },
		{ "xz", { 0xfd, '7', 'z', 'X', 'Z', 0 }, 6 },
		{ "bzip2", { 'B', 'Z', 'h' }, 3 },
		{ "lz4", { 0x04, 0x22, 0x4d, 0x18 }, 4 },
	};
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (n >= formats[i].len && memcmp(p, formats[i].magic, formats[i].len) == 0)
			return formats[i].name;
	return NULL;
}

/* Go's name for an ELF machine, given the file's class and byte order. */
static const char *go_arch_name(unsigned machine, bool is64, bool big)
{
	switch (machine) {
	case EM_386: return "386";
	case EM_X86_64: return is64 ? "amd64" : "amd64p32";
	case EM_ARM: return "arm";
	case EM_AARCH64: return "arm64";
	case EM_MIPS: return is64 ? (big ? "mips64" : "mips64le") : (big ? "mips" : "mipsle");
	case EM_PPC: return "ppc";
	case EM_PPC64: return big ? "ppc64" : "ppc64le";
	case EM_S390: return is64 ? "s390x" : "s390";
	case EM_SPARCV9: return "sparc64";
	case EM_RISCV: return is64 ? "riscv64" : "riscv";
	case 258: /* EM_LOONGARCH, newer than some elf.h */ return "loong64";
	default: return NULL;
	}
}

struct gi_error *gi_elf_check_ident(const uint8_t *p, uint64_t n, const char *role,
				    const char *path)
{
	if (n < EI_NIDENT + 4 || memcmp(p, ELFMAG, SELFMAG) != 0)
		return NULL; /* not ELF: the caller says so its own way */
	if ((p[EI_CLASS] != ELFCLASS32 && p[EI_CLASS] != ELFCLASS64) ||
	    (p[EI_DATA] != ELFDATA2LSB && p[EI_DATA] != ELFDATA2MSB))
		return gi_error_create(GI_ERROR_FORMAT,
				       "%s %s is not a valid ELF file: unknown ELF class %u or byte order %u",
				       role, path, p[EI_CLASS], p[EI_DATA]);
	if (p[EI_VERSION] != EV_CURRENT)
		return gi_error_create(GI_ERROR_FORMAT,
				       "%s %s is not a valid ELF file: ELF version %u (version 1 is the only one)",
				       role, path, p[EI_VERSION]);
	bool is64 = p[EI_CLASS] == ELFCLASS64, big = p[EI_DATA] == ELFDATA2MSB;
	/* e_machine, in the file's own byte order */
	unsigned machine = big ? (unsigned)p[18] << 8 | p[19] : (unsigned)p[19] << 8 | p[18];
	const char *arch = go_arch_name(machine, is64, big);
	char unknown[32];
	if (!arch) {
		snprintf(unknown, sizeof(unknown), "ELF machine %u", machine);
		arch = unknown;
	}
	struct gi_error *err = gi_check_architecture(arch, is64 ? 8 : 4, big,
						     strcmp(role, "core") == 0 ? "cores" : "executables");
	return err ? gi_error_wrap(err, "%s %s", role, path) : NULL;
}

struct gi_error *gi_elf_check_architecture(const char *path, const char *role)
{
	uint8_t header[EI_NIDENT + 4];
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL; /* unreadable: reported by whoever reads it */
	size_t n = fread(header, 1, sizeof(header), f);
	fclose(f);
	return gi_elf_check_ident(header, n, role, path);
}

struct gi_error *gi_elf_file_open(const char *path, const char *role,
				  struct gi_elf_file **ret)
{
	struct gi_error *err = NULL;
	struct gi_elf_file *f = calloc(1, sizeof(*f));
	if (!f)
		return &gi_error_no_memory;
	f->fd = -1;
	f->role = role;
	f->path = strdup(path);
	if (!f->path) {
		free(f);
		return &gi_error_no_memory;
	}

	f->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (f->fd < 0) {
		err = gi_error_create(GI_ERROR_IO, "cannot open %s %s: %s", role,
				      path, strerror(errno));
		goto fail;
	}
	struct stat st;
	if (fstat(f->fd, &st) < 0) {
		err = gi_error_create(GI_ERROR_IO, "cannot stat %s %s: %s", role,
				      path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		err = gi_error_create(GI_ERROR_FORMAT, "%s %s is not a regular file",
				      role, path);
		goto fail;
	}
	f->size = (uint64_t)st.st_size;
	if (f->size < sizeof(Elf64_Ehdr)) {
		err = gi_error_create(GI_ERROR_FORMAT,
				      "%s %s is not an ELF file (%" PRIu64 " bytes, too short for an ELF header)",
				      role, path, f->size);
		goto fail;
	}
	/* Writable copy-on-write pages, because libelf is handed the image and
	 * is not promised it will never write; the file itself never changes. */
	void *map = mmap(NULL, f->size, PROT_READ | PROT_WRITE, MAP_PRIVATE,
			 f->fd, 0);
	if (map == MAP_FAILED) {
		err = gi_error_create(GI_ERROR_IO, "cannot map %s %s: %s", role,
				      path, strerror(errno));
		goto fail;
	}
	f->data = map;
	if (memcmp(f->data, ELFMAG, SELFMAG) != 0) {
		const char *packer = compression_name(f->data, f->size);
		if (packer)
			err = gi_error_create(GI_ERROR_FORMAT,
					      "%s %s is %s-compressed, not an ELF file: decompress it first",
					      role, path, packer);
		else
			err = gi_error_create(GI_ERROR_FORMAT,
					      "%s %s is not an ELF file (bad magic)", role, path);
		goto fail;
	}
	if ((err = gi_elf_check_ident(f->data, f->size, role, path)))
		goto fail;

	elf_version(EV_CURRENT);
	f->elf = elf_memory((char *)f->data, f->size);
	if (!f->elf || elf_kind(f->elf) != ELF_K_ELF ||
	    !gelf_getehdr(f->elf, &f->ehdr)) {
		/* libelf may refuse without setting its error ("no error"). */
		int e = elf_errno();
		err = gi_error_create(GI_ERROR_FORMAT, "%s %s is not a valid ELF file: %s",
				      role, path, e ? elf_errmsg(e) : "libelf cannot read its header");
		goto fail;
	}
	bool want_core = strcmp(role, "core") == 0;
	if (want_core ? f->ehdr.e_type != ET_CORE
		      : (f->ehdr.e_type != ET_EXEC && f->ehdr.e_type != ET_DYN)) {
		err = gi_error_create(GI_ERROR_FORMAT, "%s %s is %s, not %s", role,
				      path, elf_type_name(f->ehdr.e_type),
				      want_core ? "a core file" : "an executable");
		goto fail;
	}

	/* e_phnum itself, not libelf's view: libelf quietly reports fewer
	 * headers when the file is cut inside them. */
	size_t n = f->ehdr.e_phnum;
	if (n == PN_XNUM && elf_getphdrnum(f->elf, &n) != 0)
		n = SIZE_MAX;
	if (n > MAX_PHDRS || f->ehdr.e_phentsize != sizeof(Elf64_Phdr) ||
	    f->ehdr.e_phoff > f->size ||
	    n * sizeof(Elf64_Phdr) > f->size - f->ehdr.e_phoff) {
		err = gi_error_create(GI_ERROR_FORMAT,
				      "%s %s: program headers are missing or lie beyond the end of the file",
				      role, path);
		goto fail;
	}
	f->phdrs = calloc(n ? n : 1, sizeof(*f->phdrs));
	if (!f->phdrs) {
		err = &gi_error_no_memory;
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		if (!gelf_getphdr(f->elf, (int)i, &f->phdrs[i])) {
			err = gi_error_create(GI_ERROR_FORMAT,
					      "%s %s: cannot read program header %zu: %s",
					      role, path, i, elf_errmsg(-1));
			goto fail;
		}
	}
	f->num_phdrs = n;

	/* Section headers are optional (cores have none; sstrip removes them). */
	size_t shnum = 0;
	if (f->ehdr.e_shoff != 0 && f->ehdr.e_shoff < f->size &&
	    elf_getshdrnum(f->elf, &shnum) == 0 && shnum > 0 &&
	    shnum <= (f->size - f->ehdr.e_shoff) / sizeof(Elf64_Shdr) &&
	    elf_getshdrstrndx(f->elf, &f->shstrndx) == 0)
		f->has_sections = true;

	*ret = f;
	return NULL;
fail:
	gi_elf_file_close(f);
	return err;
}

void gi_elf_file_close(struct gi_elf_file *f)
{
	if (!f)
		return;
	if (f->elf)
		elf_end(f->elf);
	if (f->data)
		munmap((void *)f->data, f->size);
	if (f->fd >= 0)
		close(f->fd);
	free(f->phdrs);
	free(f->path);
	free(f);
}

const uint8_t *gi_elf_file_bytes(const struct gi_elf_file *f, uint64_t offset,
				 uint64_t size)
{
	if (offset > f->size || size > f->size - offset)
		return NULL;
	return f->data + offset;
}

bool gi_elf_file_section(const struct gi_elf_file *f, const char *name,
			 GElf_Shdr *shdr, Elf_Scn **ret_scn)
{
	if (!f->has_sections)
		return false;
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(f->elf, scn)) != NULL) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh))
			continue;
		const char *n = elf_strptr(f->elf, f->shstrndx, sh.sh_name);
		if (n && strcmp(n, name) == 0) {
			if (sh.sh_type != SHT_NOBITS &&
			    !gi_elf_file_bytes(f, sh.sh_offset, sh.sh_size))
				return false; /* a section beyond the file is no section */
			if (shdr)
				*shdr = sh;
			if (ret_scn)
				*ret_scn = scn;
			return true;
		}
	}
	return false;
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* Walks the notes in [offset, offset+size) of the file. */
static bool walk_notes(const struct gi_elf_file *f, uint64_t offset,
		       uint64_t size, gi_elf_note_fn *fn, void *arg)
{
	const uint8_t *p = gi_elf_file_bytes(f, offset, size);
	if (!p)
		return true;
	uint64_t pos = 0;
	while (size - pos >= 12) {
		uint32_t namesz, descsz, type;
		memcpy(&namesz, p + pos, 4);
		memcpy(&descsz, p + pos + 4, 4);
		memcpy(&type, p + pos + 8, 4);
		pos += 12;
		uint64_t name_len = align_up(namesz, 4);
		uint64_t desc_len = align_up(descsz, 4);
		if (name_len > size - pos)
			return true;
		const char *name = (const char *)(p + pos);
		/* The name must be NUL-terminated within namesz. */
		if (namesz == 0 || name[namesz - 1] != '\0')
			name = "";
		pos += name_len;
		if (descsz > size - pos)
			return true;
		const uint8_t *desc = p + pos;
		pos += desc_len > size - pos ? size - pos : desc_len;
		if (!fn(type, name, desc, descsz, arg))
			return false;
	}
	return true;
}

void gi_elf_file_notes(const struct gi_elf_file *f, gi_elf_note_fn *fn, void *arg)
{
	bool any = false;
	for (size_t i = 0; i < f->num_phdrs; i++) {
		if (f->phdrs[i].p_type != PT_NOTE)
			continue;
		any = true;
		if (!walk_notes(f, f->phdrs[i].p_offset, f->phdrs[i].p_filesz, fn, arg))
			return;
	}
	if (any || !f->has_sections)
		return;
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(f->elf, scn)) != NULL) {
		GElf_Shdr sh;
		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_NOTE &&
		    !walk_notes(f, sh.sh_offset, sh.sh_size, fn, arg))
			return;
	}
}

bool gi_elf_file_load_range(const struct gi_elf_file *f, uint64_t *lo, uint64_t *hi)
{
	bool any = false;
	for (size_t i = 0; i < f->num_phdrs; i++) {
		const GElf_Phdr *ph = &f->phdrs[i];
		if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
			continue;
		if (!any || ph->p_vaddr < *lo)
			*lo = ph->p_vaddr;
		if (!any || ph->p_vaddr + ph->p_memsz > *hi)
			*hi = ph->p_vaddr + ph->p_memsz;
		any = true;
	}
	return any;
}

struct gi_error *gi_file_segment_read(void *buf, uint64_t address, size_t count,
				      uint64_t offset, void *arg)
{
	const struct gi_file_segment *seg = arg;
	uint8_t *out = buf;
	if (offset < seg->filesz) {
		uint64_t n = seg->filesz - offset;
		if (n > count)
			n = count;
		uint64_t file_off = seg->file_offset + offset;
		const uint8_t *src = gi_elf_file_bytes(seg->file, file_off, n);
		if (!src)
			return gi_error_fault(address,
					      "0x%" PRIx64 " is not readable: %s %s is truncated (the bytes belong at file offset 0x%" PRIx64 ", the file ends at 0x%" PRIx64 ")",
					      address, seg->file->role, seg->file->path,
					      file_off, seg->file->size);
		memcpy(out, src, n);
		out += n;
		count -= n;
	}
	/* Past filesz: zero-filled, like the loader's .bss. */
	memset(out, 0, count);
	return NULL;
}

bool gi_elf_same_loaded_bytes(const uint8_t *a, const uint8_t *b, uint64_t n)
{
	const uint64_t shoff = offsetof(Elf64_Ehdr, e_shoff);
	const uint64_t shentsize = offsetof(Elf64_Ehdr, e_shentsize);
	const uint64_t ehsize = sizeof(Elf64_Ehdr);
	if (n < ehsize)
		return memcmp(a, b, n) == 0;
	return memcmp(a, b, shoff) == 0 &&
	       memcmp(a + shoff + 8, b + shoff + 8, shentsize - (shoff + 8)) == 0 &&
	       memcmp(a + ehsize, b + ehsize, n - ehsize) == 0;
}

const GElf_Phdr *gi_elf_file_header_segment(const struct gi_elf_file *f)
{
	for (size_t i = 0; i < f->num_phdrs; i++)
		if (f->phdrs[i].p_type == PT_LOAD && f->phdrs[i].p_offset == 0 &&
		    f->phdrs[i].p_filesz > 0)
			return &f->phdrs[i];
	return NULL;
}
