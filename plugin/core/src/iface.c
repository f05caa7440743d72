/*
 * Interface values from their two words (runtime/iface.go: eface {_type,
 * data}, iface {tab, data}), with typed nil told apart from nil.
 */
#include "goiface/iface.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct gi_error *gi_iface_decode(struct gi_program *prog, uint64_t word0,
				 uint64_t word1, bool is_eface, int flags,
				 struct gi_iface **ret)
{
	bool want_path = flags & GI_IFACE_TYPE_PATH;
	flags &= ~GI_IFACE_TYPE_PATH;
	struct gi_iface *v = calloc(1, sizeof(*v));
	if (!v)
		return &gi_error_no_memory;
	v->is_eface = is_eface;
	v->words[0] = word0;
	v->words[1] = word1;
	struct gi_error *err = NULL;
	if (word0 == 0) {
		/* A nil interface has both words zero; a data word without a
		 * type is corruption, not a value. */
		if (word1 != 0) {
			err = gi_error_create(GI_ERROR_INVALID,
					      "interface has no %s but data word 0x%" PRIx64,
					      is_eface ? "type" : "itab", word1);
			goto fail;
		}
		v->nil = true;
		v->kind = GI_KIND_INVALID;
		*ret = v;
		return NULL;
	}
	if (is_eface) {
		v->type_addr = word0;
	} else {
		v->itab_addr = word0;
		err = gi_itab_read(prog, word0, flags, &v->itab);
		if (err)
			goto fail;
		if (v->itab->negative) {
			err = gi_error_create(GI_ERROR_INVALID,
					      "interface holds negative itab 0x%" PRIx64
					      " (%s does not implement %s)",
					      word0, v->itab->type_name, v->itab->inter_name);
			goto fail;
		}
		v->type_addr = v->itab->type;
	}
	err = gi_type_read(prog, v->type_addr, flags, &v->type);
	if (err)
		goto fail;
	if (v->type->kind == GI_KIND_INTERFACE) {
		/* Interfaces hold concrete values only. */
		err = gi_error_create(GI_ERROR_INVALID,
				      "dynamic type 0x%" PRIx64 " (%s) is an interface type",
				      v->type_addr, v->type->str);
		goto fail;
	}
	v->dynamic_type = strdup(v->type->str);
	if (!v->dynamic_type) {
		err = &gi_error_no_memory;
		goto fail;
	}
	err = want_path ? gi_type_path_string(prog, v->type_addr, flags,
					      &v->dynamic_type_path)
			: NULL;
	if (err) {
		/* The %T spelling is enough to go on; the path is a bonus. */
		gi_error_destroy(err);
		err = NULL;
		v->dynamic_type_path = strdup(v->dynamic_type);
		if (!v->dynamic_type_path) {
			err = &gi_error_no_memory;
			goto fail;
		}
	}
	v->kind = v->type->kind;
	v->direct = v->type->direct_iface;
	v->data = word1;
	/* As reflect's IsNil: only nil-able kinds are typed nil.  A direct
	 * struct or array whose one pointer is nil is an ordinary value. */
	switch (v->kind) {
	case GI_KIND_POINTER:
	case GI_KIND_MAP:
	case GI_KIND_CHAN:
	case GI_KIND_FUNC:
	case GI_KIND_UNSAFE_POINTER:
		v->typed_nil = v->direct && word1 == 0;
		break;
	default:
		v->typed_nil = false;
	}
	*ret = v;
	return NULL;
fail:
	gi_iface_destroy(v);
	return err;
}

struct gi_error *gi_iface_read(struct gi_program *prog, uint64_t address,
			       bool is_eface, int flags, struct gi_iface **ret)
{
	uint64_t w0, w1;
	struct gi_memory *mem = gi_program_memory(prog);
	struct gi_error *err;
	if ((err = gi_memory_read_u64(mem, address, &w0)) ||
	    (err = gi_memory_read_u64(mem, address + 8, &w1)))
		return gi_error_wrap(err, "cannot read interface at 0x%" PRIx64, address);
	err = gi_iface_decode(prog, w0, w1, is_eface, flags, ret);
	if (err)
		return gi_error_wrap(err, "interface at 0x%" PRIx64, address);
	return NULL;
}

void gi_iface_destroy(struct gi_iface *v)
{
	if (!v)
		return;
	gi_itab_destroy(v->itab);
	gi_type_destroy(v->type);
	free(v->dynamic_type);
	free(v->dynamic_type_path);
	free(v);
}
