/*
 * Program-wide records written at finish: functions and the pclntab, the
 * moduledata, typelinks / itablinks, runtime.buildVersion and the
 * .go.buildinfo blob.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image_internal.h"

/* cmd/link findfunctab geometry */
#define FINDFUNC_BUCKET 4096
#define FINDFUNC_SUBBUCKETS 16
#define FINDFUNC_BUCKET_SIZE (4 + FINDFUNC_SUBBUCKETS)

/* cmd/go's framing of the module info (modload infoStart / infoEnd) */
static const uint8_t modinfo_start[16] = {0x30, 0x77, 0xaf, 0x0c, 0x92, 0x74, 0x08, 0x02,
					  0x41, 0xe1, 0xc1, 0x07, 0xe6, 0xd6, 0x18, 0xe6};
static const uint8_t modinfo_end[16] = {0xf9, 0x32, 0x43, 0x31, 0x86, 0x18, 0x20, 0x72,
					0x00, 0x82, 0x42, 0x10, 0x41, 0x16, 0xd8, 0xf2};
static const char modinfo_text[] = "path\tmain\nmod\tmain\t(devel)\t\n";

uint64_t gi_image_add_function(struct gi_image *img, const char *name, uint64_t size)
{
	if (img->finished)
		return img_fail(img, GI_ERROR_USAGE, "function added after finish");
	if (!size)
		size = 16;
	/* functions are 32-byte aligned on amd64 (funcAlign) */
	uint64_t entry = gi_image_alloc(img, GI_IMAGE_TEXT, size, 32);
	if (!entry)
		return 0;
	if (!img_grow(img, (void **)&img->functions, &img->functions_cap, img->nfunctions,
		      sizeof(*img->functions)))
		return 0;
	char *copy = img_strdup(img, name);
	if (!copy)
		return 0;
	img->functions[img->nfunctions++] = (struct img_function){copy, entry, size};
	return img_add_symbol(img, name, entry, size);
}

/* Index of the function containing pc (functions are in address order). */
static size_t function_at(const struct gi_image *img, uint64_t pc)
{
	size_t idx = 0;
	for (size_t i = 0; i < img->nfunctions; i++)
		if (img->functions[i].entry <= pc)
			idx = i;
	return idx;
}

struct pclntab_out {
	uint64_t header, funcnametab, funcnametab_len, cutab, filetab, pctab;
	uint64_t pclntable, pclntable_len, findfunctab, end;
};

/*
 * pcHeader, funcnametab, (empty) cutab / filetab / pctab, pclntable =
 * ftab (nfunc+1 {entryoff, funcoff}) followed by the _func records, then
 * findfunctab.  Line tables are left empty: no pc-value data.
 */
static void write_pclntab(struct gi_image *img, struct pclntab_out *out)
{
	const struct gi_pclntab_layout *pl = &img->layout->pclntab;
	uint64_t text = img->areas[GI_IMAGE_TEXT].start;
	uint64_t etext = gi_image_area_end(img, GI_IMAGE_TEXT);
	size_t nfunc = img->nfunctions;

	out->header = gi_image_alloc(img, GI_IMAGE_PCLNTAB, pl->header_size, 8);
	out->funcnametab = gi_image_alloc(img, GI_IMAGE_PCLNTAB, 0, 1);
	uint32_t *nameoffs = calloc(nfunc ? nfunc : 1, sizeof(*nameoffs));
	if (!nameoffs) {
		img_fail(img, GI_ERROR_NO_MEMORY, "out of memory");
		return;
	}
	for (size_t i = 0; i < nfunc; i++) {
		const char *name = img->functions[i].name;
		uint64_t a = gi_image_put_bytes(img, GI_IMAGE_PCLNTAB, name, strlen(name) + 1, 1);
		nameoffs[i] = (uint32_t)(a - out->funcnametab);
	}
	out->funcnametab_len = gi_image_area_end(img, GI_IMAGE_PCLNTAB) - out->funcnametab;
	out->cutab = gi_image_alloc(img, GI_IMAGE_PCLNTAB, 0, 4);
	out->filetab = gi_image_alloc(img, GI_IMAGE_PCLNTAB, 0, 1);
	/* one byte so pctab offset 0 means "no table" */
	out->pctab = gi_image_alloc(img, GI_IMAGE_PCLNTAB, 1, 1);

	out->pclntable = gi_image_alloc(img, GI_IMAGE_PCLNTAB,
					pl->functab_size * (nfunc + 1), 8);
	for (size_t i = 0; i < nfunc; i++) {
		uint64_t f = gi_image_alloc(img, GI_IMAGE_PCLNTAB, pl->func_size, 4);
		if (!f)
			break;
		const struct img_function *fn = &img->functions[i];
		uint64_t ft = out->pclntable + pl->functab_size * i;
		img_write_u32(img, ft, (uint32_t)(fn->entry - text));
		img_write_u32(img, ft + 4, (uint32_t)(f - out->pclntable));
		img_write_u32(img, f + pl->func_entryoff, (uint32_t)(fn->entry - text));
		img_write_u32(img, f + pl->func_nameoff, nameoffs[i]);
	}
	/* the end sentinel: entryoff of the end of text */
	img_write_u32(img, out->pclntable + pl->functab_size * nfunc, (uint32_t)(etext - text));
	out->pclntable_len = gi_image_area_end(img, GI_IMAGE_PCLNTAB) - out->pclntable;
	free(nameoffs);

	uint64_t minpc = nfunc ? img->functions[0].entry : text;
	uint64_t nbuckets = (etext - minpc + FINDFUNC_BUCKET - 1) / FINDFUNC_BUCKET;
	out->findfunctab = gi_image_alloc(img, GI_IMAGE_PCLNTAB,
					  FINDFUNC_BUCKET_SIZE * (nbuckets ? nbuckets : 1), 4);
	for (uint64_t b = 0; b < nbuckets && nfunc; b++) {
		uint64_t rec = out->findfunctab + FINDFUNC_BUCKET_SIZE * b;
		size_t idx = function_at(img, minpc + b * FINDFUNC_BUCKET);
		img_write_u32(img, rec, (uint32_t)idx);
		for (int s = 0; s < FINDFUNC_SUBBUCKETS; s++) {
			uint64_t pc = minpc + b * FINDFUNC_BUCKET +
				      (uint64_t)s * (FINDFUNC_BUCKET / FINDFUNC_SUBBUCKETS);
			img_write_u8(img, rec + 4 + s, (uint8_t)(function_at(img, pc) - idx));
		}
	}
	out->end = gi_image_area_end(img, GI_IMAGE_PCLNTAB);

	uint64_t h = out->header;
	img_write_u32(img, h, pl->magic);
	img_write_u8(img, h + pl->minlc, 1);
	img_write_u8(img, h + pl->ptrsize, 8);
	img_write_u64(img, h + pl->nfunc, nfunc);
	img_write_u64(img, h + pl->nfiles, 0);
	/* 1.26+ leaves textStart 0 and uses moduledata.text */
	img_write_u64(img, h + pl->textstart, pl->textstart_valid ? text : 0);
	img_write_u64(img, h + pl->funcname_offset, out->funcnametab - h);
	img_write_u64(img, h + pl->cu_offset, out->cutab - h);
	img_write_u64(img, h + pl->filetab_offset, out->filetab - h);
	img_write_u64(img, h + pl->pctab_offset, out->pctab - h);
	img_write_u64(img, h + pl->pcln_offset, out->pclntable - h);
}

static void write_slice(struct gi_image *img, uint64_t at, uint64_t ptr, uint64_t len)
{
	img_write_u64(img, at, ptr);
	img_write_u64(img, at + 8, len);
	img_write_u64(img, at + 16, len);
}

static void write_build_version(struct gi_image *img)
{
	size_t len = strlen(img->build_version);
	uint64_t bytes = gi_image_put_bytes(img, GI_IMAGE_DATA, img->build_version, len, 1);
	img_write_u64(img, img->build_version_var, bytes);
	img_write_u64(img, img->build_version_var + 8, len);
}

/* The 1.18+ form: magic, ptrsize, flags (inline strings), 16 zero bytes,
 * then varint-prefixed version and modinfo; padded to 16 bytes. */
static void write_buildinfo(struct gi_image *img)
{
	const struct gi_buildinfo_layout *bl = &img->layout->buildinfo;
	uint8_t modinfo[16 + sizeof(modinfo_text) + 16];
	size_t modinfo_len = 0;
	memcpy(modinfo, modinfo_start, 16);
	modinfo_len += 16;
	memcpy(modinfo + modinfo_len, modinfo_text, sizeof(modinfo_text) - 1);
	modinfo_len += sizeof(modinfo_text) - 1;
	memcpy(modinfo + modinfo_len, modinfo_end, 16);
	modinfo_len += 16;
	size_t vlen = strlen(img->build_version);
	size_t cap = bl->inline_data + 10 + vlen + 10 + modinfo_len + bl->align;
	uint8_t *blob = calloc(1, cap);
	if (!blob) {
		img_fail(img, GI_ERROR_NO_MEMORY, "out of memory");
		return;
	}
	memcpy(blob, bl->magic, bl->magic_size);
	blob[bl->ptrsize] = 8;
	blob[bl->flags] = bl->flag_inline_strings;
	size_t n = bl->inline_data;
	n += img_put_varint(blob + n, vlen);
	memcpy(blob + n, img->build_version, vlen);
	n += vlen;
	n += img_put_varint(blob + n, modinfo_len);
	memcpy(blob + n, modinfo, modinfo_len);
	n += modinfo_len;
	n = img_align_up(n, bl->align);
	img->buildinfo = gi_image_put_bytes(img, GI_IMAGE_DATA, blob, n, bl->align);
	img->buildinfo_size = n;
	free(blob);
	const char *sym = img->layout->minor >= 20 ? "go:buildinfo"
			  : img->layout->minor == 19 ? "go.buildinfo" : ".go.buildinfo";
	img_add_symbol(img, sym, img->buildinfo, n);
}

uint64_t gi_image_buildinfo(const struct gi_image *img, uint64_t *size)
{
	if (size)
		*size = img->buildinfo_size;
	return img->buildinfo;
}

struct typelink {
	char str[256];
	uint64_t address;
};

static int cmp_typelinks(const void *a, const void *b)
{
	return strcmp(((const struct typelink *)a)->str, ((const struct typelink *)b)->str);
}

/* Up to 1.26, the types reflect may look up by string (unnamed pointer,
 * array, chan, func, map, slice and struct types, cmd/compile
 * AttrMakeTypelink), as offsets from types, sorted by type string as
 * runtime.typesByString expects. */
static uint64_t write_typelinks(struct gi_image *img, uint64_t *count)
{
	uint64_t types = img->areas[GI_IMAGE_TYPES].start;
	struct typelink *links = calloc(img->ntypes ? img->ntypes : 1, sizeof(*links));
	size_t n = 0;
	if (!links)
		return img_fail(img, GI_ERROR_NO_MEMORY, "out of memory");
	for (size_t i = 0; i < img->ntypes; i++) {
		const struct img_type *t = &img->types[i];
		switch (t->kind) {
		case GI_KIND_POINTER: case GI_KIND_ARRAY: case GI_KIND_CHAN:
		case GI_KIND_FUNC: case GI_KIND_MAP: case GI_KIND_SLICE:
		case GI_KIND_STRUCT:
			if (t->named)
				continue;
			img_type_string(img, t->address, links[n].str, sizeof(links[n].str));
			links[n++].address = t->address;
			break;
		default:
			break;
		}
	}
	if (n > 1)
		qsort(links, n, sizeof(*links), cmp_typelinks);
	uint64_t a = gi_image_alloc(img, GI_IMAGE_DATA, 4 * (n ? n : 1), 4);
	for (size_t i = 0; a && i < n; i++)
		img_write_u32(img, a + 4 * i, (uint32_t)(links[i].address - types));
	free(links);
	*count = n;
	return a;
}

struct gi_error *img_finish_module(struct gi_image *img)
{
	const struct gi_moduledata_layout *ml = &img->layout->moduledata;
	uint64_t md = img->moduledata;
	struct pclntab_out p = {0};

	write_pclntab(img, &p);
	write_build_version(img);

	uint64_t types = img->areas[GI_IMAGE_TYPES].start;
	uint64_t typelinks = 0, ntypelinks = 0, itablinks = 0, nstatic = 0;
	if (ml->typelinks != GI_NO_FIELD)
		typelinks = write_typelinks(img, &ntypelinks);
	if (ml->itablinks != GI_NO_FIELD) {
		itablinks = gi_image_alloc(img, GI_IMAGE_DATA, 8 * (img->nitabs ? img->nitabs : 1), 8);
		for (size_t i = 0; i < img->nitabs; i++)
			if (!(img->itabs[i].flags & GI_IMAGE_ITAB_RUNTIME))
				img_write_u64(img, itablinks + 8 * nstatic++, img->itabs[i].address);
	}
	uint64_t text = img->areas[GI_IMAGE_TEXT].start;
	uint64_t etext = gi_image_area_end(img, GI_IMAGE_TEXT);
	/* one textsect {vaddr, end, baseaddr}: text offsets are text + off */
	uint64_t textsect = gi_image_alloc(img, GI_IMAGE_DATA, 24, 8);
	img_write_u64(img, textsect, 0);
	img_write_u64(img, textsect + 8, etext - text);
	img_write_u64(img, textsect + 16, text);

	write_buildinfo(img);
	uint64_t data = img->areas[GI_IMAGE_DATA].start;
	uint64_t edata = gi_image_area_end(img, GI_IMAGE_DATA);
	uint64_t etypes = gi_image_area_end(img, GI_IMAGE_TYPES);

	img_write_u64(img, md + ml->pcheader, p.header);
	write_slice(img, md + ml->funcnametab, p.funcnametab, p.funcnametab_len);
	write_slice(img, md + ml->pclntable, p.pclntable, p.pclntable_len);
	write_slice(img, md + ml->ftab, p.pclntable, img->nfunctions + 1);
	img_write_u64(img, md + ml->findfunctab, p.findfunctab);
	img_write_u64(img, md + ml->minpc, img->nfunctions ? img->functions[0].entry : text);
	img_write_u64(img, md + ml->maxpc, etext);
	img_write_u64(img, md + ml->text, text);
	img_write_u64(img, md + ml->etext, etext);
	img_write_u64(img, md + ml->noptrdata, data);
	img_write_u64(img, md + ml->enoptrdata, data);
	img_write_u64(img, md + ml->data, data);
	img_write_u64(img, md + ml->edata, edata);
	img_write_u64(img, md + ml->bss, edata);
	img_write_u64(img, md + ml->ebss, edata);
	img_write_u64(img, md + ml->noptrbss, edata);
	img_write_u64(img, md + ml->enoptrbss, edata);
	img_write_u64(img, md + ml->end, edata);
	img_write_u64(img, md + ml->types, types);
	img_write_u64(img, md + ml->etypes, etypes);
	if (ml->typedesclen != GI_NO_FIELD)
		img_write_u64(img, md + ml->typedesclen, img->desc_used);
	if (ml->itaboffset != GI_NO_FIELD) {
		img_write_u64(img, md + ml->itaboffset, IMG_TYPES_ITABS);
		img_write_u64(img, md + ml->itabsize, img->itabs_used);
	}
	img_write_u64(img, md + ml->rodata, types);
	img_write_u64(img, md + ml->gofunc, types);
	if (ml->epclntab != GI_NO_FIELD)
		img_write_u64(img, md + ml->epclntab, p.end);
	write_slice(img, md + ml->textsectmap, textsect, 1);
	if (ml->typelinks != GI_NO_FIELD)
		write_slice(img, md + ml->typelinks, typelinks, ntypelinks);
	if (ml->itablinks != GI_NO_FIELD)
		write_slice(img, md + ml->itablinks, itablinks, nstatic);
	/* the main module's modulename is empty */
	img_write_u64(img, md + ml->modulename, 0);
	img_write_u64(img, md + ml->modulename + 8, 0);
	img_write_u8(img, md + ml->hasmain, 1);
	img_write_u64(img, md + ml->next, 0);

	img_add_symbol(img, "runtime.types", types, 0);
	img_add_symbol(img, "runtime.etypes", etypes, 0);
	img_add_symbol(img, "runtime.text", text, 0);
	img_add_symbol(img, "runtime.etext", etext, 0);
	img_add_symbol(img, "runtime.pclntab", p.header, p.end - p.header);
	return NULL;
}
