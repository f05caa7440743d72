/*
 * Finding a type descriptor by its %T string, the way reflect does: among
 * the types the linker lists for lookup (moduledata.typelinks up to Go 1.26;
 * in 1.27 the descriptors at the start of the types section, up to
 * types + typedesclen).  Named types are not listed themselves, but a
 * pointer to them usually is: "*T" is searched too and its element taken.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "command_internal.h"
#include "goiface/type.h"

/* Bounds against a damaged module. */
#define MAX_TYPELINKS 4000000

/* Calls visit(address) for each listed descriptor until it returns true. */
typedef bool visit_fn(struct gi_program *prog, uint64_t address, void *arg);

static struct gi_error *walk_typelinks(struct gi_program *prog,
				       const struct gi_module *m, visit_fn *visit,
				       void *arg, bool *found)
{
	if (m->typelinks_len > MAX_TYPELINKS)
		return gi_error_create(GI_ERROR_LIMIT, "typelinks claims %" PRIu64 " types",
				       m->typelinks_len);
	size_t n = (size_t)m->typelinks_len;
	int32_t *offs = malloc((n ? n : 1) * sizeof(*offs));
	if (!offs)
		return &gi_error_no_memory;
	struct gi_error *e = gi_memory_read(gi_program_memory(prog), offs, m->typelinks,
					    n * sizeof(*offs));
	for (size_t i = 0; !e && i < n && !*found; i++)
		*found = visit(prog, m->types + (uint64_t)(int64_t)offs[i], arg);
	free(offs);
	return e;
}

/* abi.Type.DescriptorSize(): the record, uncommontype, trailing arrays and
 * methods, as the 1.27 runtime uses it to step from one descriptor to the
 * next. */
static uint64_t descriptor_size(const struct gi_layout *l, const struct gi_type *t)
{
	uint64_t size = l->type.record_size[t->kind];
	if (t->uncommon)
		size += l->type.uncommon_size;
	if (t->kind == GI_KIND_FUNC)
		size += 8 * (uint64_t)(t->num_in + t->num_out);
	else if (t->kind == GI_KIND_INTERFACE)
		size += (uint64_t)l->type.imethod_size * t->num_imethods;
	else if (t->kind == GI_KIND_STRUCT)
		size += (uint64_t)l->type.field_size * t->num_fields;
	return size + (uint64_t)l->type.method_size * t->num_methods;
}

static struct gi_error *walk_typelink_descriptors(struct gi_program *prog,
						  const struct gi_module *m,
						  visit_fn *visit, void *arg,
						  bool *found)
{
	const struct gi_layout *l = gi_program_layout(prog);
	uint64_t p = m->types + 8, end = m->types + m->typedesclen;
	for (size_t i = 0; p < end && !*found; i++) {
		if (i == MAX_TYPELINKS)
			return gi_error_create(GI_ERROR_LIMIT, "more than %d typelink descriptors",
					       MAX_TYPELINKS);
		p = (p + 7) & ~UINT64_C(7);
		struct gi_type *t;
		struct gi_error *e = gi_type_read(prog, p, 0, &t);
		if (e)
			return gi_error_wrap(e, "walking the typelink descriptors");
		uint64_t size = descriptor_size(l, t);
		gi_type_destroy(t);
		if (size == 0)
			return gi_error_create(GI_ERROR_INVALID,
					       "descriptor at 0x%" PRIx64 " has size 0", p);
		*found = visit(prog, p, arg);
		p += size;
	}
	return NULL;
}

struct name_search {
	const char *name;
	uint64_t address;
};

static bool matches_name(struct gi_program *prog, uint64_t address, void *arg)
{
	struct name_search *s = arg;
	char *str = NULL;
	struct gi_error *e = gi_type_string(prog, address, 0, &str);
	if (e) {
		gi_error_destroy(e);
		return false;
	}
	bool match = strcmp(str, s->name) == 0;
	free(str);
	if (match)
		s->address = address;
	return match;
}

static struct gi_error *search(struct gi_program *prog, struct name_search *s,
			       bool *found)
{
	const struct gi_layout *l = gi_program_layout(prog);
	*found = false;
	for (size_t i = 0; i < gi_program_num_modules(prog) && !*found; i++) {
		const struct gi_module *m = gi_program_module(prog, i);
		struct gi_error *e = l->itab.static_in_types_section
			? walk_typelink_descriptors(prog, m, matches_name, s, found)
			: walk_typelinks(prog, m, matches_name, s, found);
		if (e)
			return e;
	}
	return NULL;
}

struct gi_error *type_lookup_by_name(struct gi_program *prog, const char *name,
				     uint64_t *ret)
{
	if (!gi_program_layout(prog))
		return gi_error_create(GI_ERROR_UNSUPPORTED, "no Go release selected");
	struct name_search s = { .name = name };
	bool found;
	struct gi_error *e = search(prog, &s, &found);
	if (e || found) {
		*ret = s.address;
		return e;
	}
	/* Named types are reachable through their pointer type. */
	size_t n = strlen(name);
	char *star = malloc(n + 2);
	if (!star)
		return &gi_error_no_memory;
	star[0] = '*';
	memcpy(star + 1, name, n + 1);
	s.name = star;
	e = search(prog, &s, &found);
	free(star);
	if (e)
		return e;
	if (found) {
		struct gi_type *ptr;
		if ((e = gi_type_read(prog, s.address, GI_TYPE_SHALLOW, &ptr)))
			return e;
		*ret = ptr->elem;
		gi_type_destroy(ptr);
		if (*ret)
			return NULL;
	}
	return gi_error_create(GI_ERROR_NOT_FOUND,
			       "no type named %s among the types the linker listed"
			       " for reflection (give its address instead)", name);
}
