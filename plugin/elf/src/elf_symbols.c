/*
 * .symtab symbols.  Names point into the mapped string table, so lookups
 * allocate nothing; two sorted arrays serve both directions.
 */
#include "elf_symbols.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct sym {
	const char *name;
	uint64_t address; /* bias applied */
	uint64_t size;
};

struct gi_elf_symbols {
	struct sym *by_address; /* sorted by address, then size descending */
	struct sym **by_name;   /* sorted by name */
	size_t count;
};

static int cmp_address(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;
	if (x->address != y->address)
		return x->address < y->address ? -1 : 1;
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int cmp_name(const void *a, const void *b)
{
	const struct sym *const *x = a, *const *y = b;
	return strcmp((*x)->name, (*y)->name);
}

struct gi_error *gi_elf_symbols_load(const struct gi_elf_file *file,
				     uint64_t bias, struct gi_elf_symbols **ret)
{
	struct gi_elf_symbols *s = calloc(1, sizeof(*s));
	if (!s)
		return &gi_error_no_memory;
	GElf_Shdr sh;
	Elf_Scn *scn;
	if (!gi_elf_file_section(file, ".symtab", &sh, &scn) ||
	    sh.sh_type != SHT_SYMTAB || sh.sh_entsize != sizeof(Elf64_Sym)) {
		*ret = s;
		return NULL;
	}
	Elf_Data *data = elf_getdata(scn, NULL);
	if (!data) {
		free(s);
		return gi_error_create(GI_ERROR_FORMAT,
				       "executable %s: cannot read .symtab: %s",
				       file->path, elf_errmsg(-1));
	}
	size_t n = data->d_size / sizeof(Elf64_Sym);
	s->by_address = calloc(n ? n : 1, sizeof(*s->by_address));
	if (!s->by_address) {
		free(s);
		return &gi_error_no_memory;
	}
	for (size_t i = 0; i < n; i++) {
		GElf_Sym sym;
		if (!gelf_getsym(data, (int)i, &sym))
			continue;
		int type = GELF_ST_TYPE(sym.st_info);
		if (sym.st_shndx == SHN_UNDEF || sym.st_name == 0 ||
		    type == STT_SECTION || type == STT_FILE || type == STT_TLS)
			continue;
		const char *name = elf_strptr(file->elf, sh.sh_link, sym.st_name);
		if (!name || !*name)
			continue;
		struct sym *d = &s->by_address[s->count++];
		d->name = name;
		d->address = sym.st_shndx == SHN_ABS ? sym.st_value : sym.st_value + bias;
		d->size = sym.st_size;
	}
	qsort(s->by_address, s->count, sizeof(*s->by_address), cmp_address);
	s->by_name = calloc(s->count ? s->count : 1, sizeof(*s->by_name));
	if (!s->by_name) {
		gi_elf_symbols_destroy(s);
		return &gi_error_no_memory;
	}
	for (size_t i = 0; i < s->count; i++)
		s->by_name[i] = &s->by_address[i];
	qsort(s->by_name, s->count, sizeof(*s->by_name), cmp_name);
	*ret = s;
	return NULL;
}

void gi_elf_symbols_destroy(struct gi_elf_symbols *s)
{
	if (!s)
		return;
	free(s->by_address);
	free(s->by_name);
	free(s);
}

size_t gi_elf_symbols_count(const struct gi_elf_symbols *s)
{
	return s->count;
}

struct gi_error *gi_elf_symbols_lookup_name(void *arg, const char *name,
					    struct gi_symbol *ret)
{
	const struct gi_elf_symbols *s = arg;
	size_t lo = 0, hi = s->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->by_name[mid]->name, name);
		if (c == 0) {
			ret->name = s->by_name[mid]->name;
			ret->address = s->by_name[mid]->address;
			ret->size = s->by_name[mid]->size;
			return NULL;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return gi_error_create(GI_ERROR_NOT_FOUND, "no symbol named %s", name);
}

struct gi_error *gi_elf_symbols_lookup_address(void *arg, uint64_t address,
					       struct gi_symbol *ret)
{
	const struct gi_elf_symbols *s = arg;
	/* Last symbol starting at or before address. */
	size_t lo = 0, hi = s->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->by_address[mid].address <= address)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Symbols may nest (a carrier symbol around the ones it holds): look
	 * back a little for the innermost one that contains address. */
	for (size_t k = 0; k < 16 && lo > 0; k++, lo--) {
		const struct sym *c = &s->by_address[lo - 1];
		if (address < c->address + c->size ||
		    (c->size == 0 && address == c->address)) {
			ret->name = c->name;
			ret->address = c->address;
			ret->size = c->size;
			return NULL;
		}
	}
	return gi_error_create(GI_ERROR_NOT_FOUND, "no symbol contains 0x%" PRIx64,
			       address);
}

struct gi_symbolizer gi_elf_symbols_symbolizer(struct gi_elf_symbols *s)
{
	struct gi_symbolizer z = {
		.lookup_name = gi_elf_symbols_lookup_name,
		.lookup_address = gi_elf_symbols_lookup_address,
		.arg = s,
	};
	return z;
}
