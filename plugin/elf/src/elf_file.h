/*
 * One ELF file (executable or core) mapped read-only: headers through
 * libelf, bytes through bounds-checked accessors.  Internal to goiface_elf.
 */
#ifndef GOIFACE_ELF_FILE_H
#define GOIFACE_ELF_FILE_H

#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "goiface/error.h"

struct gi_elf_file {
	char *path;
	const char *role; /* "executable", "core": used in messages */
	int fd;
	const uint8_t *data; /* whole file, read-only mapping */
	uint64_t size;
	Elf *elf;
	GElf_Ehdr ehdr;
	size_t num_phdrs;
	GElf_Phdr *phdrs;
	bool has_sections; /* section headers present and readable */
	size_t shstrndx;
};

/* Opens path as an ELF64 little-endian file of the expected type
 * (ET_CORE for role "core", ET_EXEC/ET_DYN otherwise); other classes and
 * byte orders are refused by name (gi_elf_check_ident). */
struct gi_error *gi_elf_file_open(const char *path, const char *role,
				  struct gi_elf_file **ret);
void gi_elf_file_close(struct gi_elf_file *file);

/* gi_elf_check_architecture on the first n bytes of a file already read;
 * also refuses an unknown ELF class, byte order or version. */
struct gi_error *gi_elf_check_ident(const uint8_t *bytes, uint64_t n,
				    const char *role, const char *path);

/* Bytes [offset, offset+size) of the file, or NULL if beyond its end. */
const uint8_t *gi_elf_file_bytes(const struct gi_elf_file *file,
				 uint64_t offset, uint64_t size);

/* Finds a section by name; false if absent (or no section headers). */
bool gi_elf_file_section(const struct gi_elf_file *file, const char *name,
			 GElf_Shdr *shdr, Elf_Scn **scn);

/* Calls fn for each note in PT_NOTE segments (cores) or SHT_NOTE sections
 * that lies wholly inside the file; stops when fn returns false. */
typedef bool gi_elf_note_fn(uint32_t type, const char *name,
			    const uint8_t *desc, size_t desc_size, void *arg);
void gi_elf_file_notes(const struct gi_elf_file *file, gi_elf_note_fn *fn,
		       void *arg);

/* The executable's link-time address range of its PT_LOAD segments. */
bool gi_elf_file_load_range(const struct gi_elf_file *file, uint64_t *lo,
			    uint64_t *hi);

/*
 * Compares an executable's first page with a copy from a process or core,
 * ignoring the ELF header's section-header fields: they do not affect the
 * process, and tools that drop section headers change only them.
 */
bool gi_elf_same_loaded_bytes(const uint8_t *a, const uint8_t *b, uint64_t n);

/* The executable's PT_LOAD at file offset 0 (ELF header included), or NULL. */
const GElf_Phdr *gi_elf_file_header_segment(const struct gi_elf_file *file);

/*
 * A PT_LOAD segment's bytes as target memory: [0, filesz) from the file at
 * file_offset, [filesz, memsz) zeros (.bss).  Bytes that should be in the
 * file but lie beyond its end (a truncated core) read as a fault naming the
 * truncation.  arg is a struct gi_file_segment.
 */
struct gi_file_segment {
	const struct gi_elf_file *file;
	uint64_t file_offset;
	uint64_t filesz;
};
struct gi_error *gi_file_segment_read(void *buf, uint64_t address,
				      size_t count, uint64_t offset, void *arg);

#endif
