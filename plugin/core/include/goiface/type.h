/*
 * Runtime type descriptors (internal/abi.Type and its kind-specific
 * records), decoded from target memory by address.
 */
#ifndef GOIFACE_TYPE_H
#define GOIFACE_TYPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "goiface/error.h"
#include "goiface/layout.h"
#include "goiface/program.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bounds on what one descriptor may declare; more is garbage. */
#define GI_TYPE_MAX_METHODS 4096
#define GI_TYPE_MAX_FIELDS 4096
#define GI_TYPE_MAX_PARAMS 1024
/* Longest path spelling gi_type_path_string builds. */
#define GI_TYPE_MAX_PATH_LEN 4096

/* gi_type_read flags */
enum {
	/* Accept a descriptor outside every module's [types, etypes) (types
	 * made at run time by reflect live in the heap). */
	GI_TYPE_ALLOW_HEAP = 1 << 0,
	/* Skip methods, fields, imethods and parameters (header, name, elem). */
	GI_TYPE_SHALLOW = 1 << 1,
};

struct gi_method {
	char *name;
	char *pkg_path;  /* for unexported methods from another package, else NULL */
	bool exported;
	uint64_t mtyp;   /* func type address, 0 if dropped by the linker */
	uint64_t ifn;    /* code address, 0 if unreachable */
	uint64_t tfn;
};

struct gi_imethod {
	char *name;
	char *pkg_path; /* NULL unless the name carries one */
	bool exported;
	uint64_t typ;   /* func type address */
};

struct gi_field {
	char *name;
	char *tag;      /* NULL if none */
	uint64_t type;  /* address of the field's type descriptor */
	uint64_t offset;
	bool embedded, exported;
};

struct gi_type {
	uint64_t address;
	const struct gi_module *module; /* NULL for heap types */

	/* common header */
	uint64_t size, ptrdata;
	uint32_t hash;
	uint8_t tflag, align, field_align, kind_byte;
	enum gi_kind kind;
	bool direct_iface; /* value stored in the interface data word itself */
	bool named, uncommon;
	uint64_t equal, gcdata;
	int32_t str_off, ptr_to_this_off;
	uint64_t ptr_to_this; /* 0 if none */

	char *str;      /* as Go's %T prints it ("*main.T", "main.Box[int]") */
	char *pkg_path; /* from uncommontype or the struct/interface pkgPath; NULL if none */

	/* uncommontype methods (exported first) */
	size_t num_methods, num_exported_methods;
	struct gi_method *methods;

	/* pointer, slice, array, chan, map: element (map: value) type */
	uint64_t elem;
	/* array */
	uint64_t len;
	uint64_t slice; /* array: the []elem type */
	/* chan: 1 recv, 2 send, 3 both */
	uint64_t chan_dir;

	/* map */
	uint64_t key;
	uint64_t bucket;     /* classic: bucket type; swiss: group type */
	uint64_t hasher;
	uint32_t map_flags;
	uint32_t keysize, valuesize, bucketsize; /* classic */
	uint64_t group_size, slot_size, elem_off; /* swiss */
	uint64_t keys_off, key_stride, elems_off, elem_stride; /* 1.27 */
	bool indirect_key, indirect_elem;

	/* struct */
	size_t num_fields;
	struct gi_field *fields;

	/* interface */
	size_t num_imethods;
	struct gi_imethod *imethods;

	/* func */
	size_t num_in, num_out;
	bool variadic;
	uint64_t *params; /* num_in + num_out type addresses, ins first */
};

/*
 * Decodes the descriptor at address.  Without GI_TYPE_ALLOW_HEAP the address
 * must lie in some module's [types, etypes); otherwise:
 * "type descriptor 0x… is outside every module's types range [0x…, 0x…)".
 * Needs a layout (gi_program_set_go_version) and, for offsets, modules.
 */
struct gi_error *gi_type_read(struct gi_program *prog, uint64_t address,
			      int flags, struct gi_type **ret);
void gi_type_destroy(struct gi_type *type);

/* Just the %T string of the descriptor at address (malloc'd). */
struct gi_error *gi_type_string(struct gi_program *prog, uint64_t address,
				int flags, char **ret);

/*
 * The type spelled with full import paths instead of package names:
 * "*example.com/m/pkg.T" for "*pkg.T".  Falls back to the %T string for
 * the parts with no package path.  malloc'd.  At most
 * GI_TYPE_MAX_PATH_LEN bytes and a bounded number of descriptor reads;
 * GI_ERROR_LIMIT past them.
 */
struct gi_error *gi_type_path_string(struct gi_program *prog, uint64_t address,
				     int flags, char **ret);

/* "chan", "<-chan", "chan<-" for a chan_dir value, NULL if invalid. */
const char *gi_chan_dir_prefix(uint64_t dir);

#ifdef __cplusplus
}
#endif

#endif
