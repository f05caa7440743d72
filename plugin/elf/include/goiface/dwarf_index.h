/*
 * What goiface needs from a Go executable's DWARF: global variables with
 * their static types, the runtime's own struct layouts (to check the
 * built-in layout tables), and the locals of a function.  Built on first use
 * by one walk over the compile units; the DWARF library is used by
 * dwarf_index.c alone.
 *
 * Addresses are link-time addresses plus the bias given at open time.
 */
#ifndef GOIFACE_DWARF_INDEX_H
#define GOIFACE_DWARF_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "goiface/error.h"

#ifdef __cplusplus
extern "C" {
#endif

struct gi_dwarf_index;

/* GI_ERROR_NOT_FOUND if the file has no DWARF; GI_ERROR_FORMAT if it is
 * unreadable. */
struct gi_error *gi_dwarf_open(const char *path, uint64_t load_bias,
			       struct gi_dwarf_index **ret);
void gi_dwarf_close(struct gi_dwarf_index *index);

/* How a variable's static type holds an interface. */
enum gi_dwarf_iface {
	GI_DWARF_NOT_INTERFACE = 0,
	GI_DWARF_EFACE, /* typedef ... -> struct runtime.eface */
	GI_DWARF_IFACE, /* typedef ... -> struct runtime.iface */
};

struct gi_dwarf_variable {
	char name[256];
	uint64_t address;       /* load bias applied */
	uint64_t size;          /* of the type, 0 if unknown */
	char type_name[256];    /* as Go names it: "error", "interface {}", "main.Shape" */
	enum gi_dwarf_iface iface;
	bool has_runtime_type;
	uint64_t runtime_type;  /* DW_AT_go_runtime_type: offset from moduledata.types */
};

/* A global by its DWARF name ("main.gErr"). GI_ERROR_NOT_FOUND if none. */
struct gi_error *gi_dwarf_find_variable(struct gi_dwarf_index *index,
					const char *name,
					struct gi_dwarf_variable *ret);
/* Number of global variables, and the i-th (for listing). */
size_t gi_dwarf_num_variables(struct gi_dwarf_index *index);
struct gi_error *gi_dwarf_variable_at(struct gi_dwarf_index *index, size_t i,
				      struct gi_dwarf_variable *ret);

/* A struct type's size and member offsets by name. */
struct gi_dwarf_member {
	char name[128];
	uint64_t offset;
	uint64_t size; /* of the member's type, 0 if unknown */
};
struct gi_dwarf_struct {
	char name[256];
	uint64_t size;
	size_t num_members;
	struct gi_dwarf_member *members; /* owned by the index */
};
/* "runtime.moduledata", "internal/abi.ITab" ...  GI_ERROR_NOT_FOUND if the
 * DWARF does not describe it.  The result stays valid until the index is
 * closed. */
struct gi_error *gi_dwarf_find_struct(struct gi_dwarf_index *index,
				      const char *name,
				      const struct gi_dwarf_struct **ret);
/* Offset of one member; GI_ERROR_NOT_FOUND naming struct and member. */
struct gi_error *gi_dwarf_member_offset(struct gi_dwarf_index *index,
					const char *struct_name,
					const char *member,
					uint64_t *ret);

/* The name of the type DIE whose DW_AT_go_runtime_type is offset, i.e. the
 * descriptor at moduledata.types + offset.  GI_ERROR_NOT_FOUND if none. */
struct gi_error *gi_dwarf_type_name_by_runtime_type(struct gi_dwarf_index *index,
						    uint64_t offset,
						    char *name, size_t cap);

/* Where a local lives, when the location is one simple expression. */
enum gi_dwarf_location {
	GI_DWARF_LOC_UNSUPPORTED = 0, /* a location list or a longer expression */
	GI_DWARF_LOC_FBREG,           /* frame base + offset */
	GI_DWARF_LOC_CFA,             /* canonical frame address + offset */
	GI_DWARF_LOC_ADDR,            /* absolute address (bias applied) */
};
struct gi_dwarf_local {
	char name[128];
	char type_name[256];
	enum gi_dwarf_iface iface;
	bool is_parameter;
	enum gi_dwarf_location location;
	int64_t offset;   /* for FBREG and CFA */
	uint64_t address; /* for ADDR */
};
/* The locals and parameters of a function ("main.main").  *ret is a
 * malloc'd array the caller frees. */
struct gi_error *gi_dwarf_function_locals(struct gi_dwarf_index *index,
					  const char *function,
					  struct gi_dwarf_local **ret,
					  size_t *count);

/*
 * Where a local is at one pc, location lists included: a list of pieces
 * (DW_OP_piece), e.g. an interface held in two registers is
 * {register 0, 8 bytes} {register 3, 8 bytes}; one piece of size 0 is the
 * whole value.  A variable the compiler dropped entirely is one
 * optimised-out piece of size 0.  Registers are DWARF numbers (amd64: 0 rax, 1 rdx, 2 rcx,
 * 3 rbx, 4 rsi, 5 rdi, 6 rbp, 7 rsp, 8-15 r8-r15).
 */
enum gi_dwarf_piece_kind {
	GI_DWARF_PIECE_OPTIMIZED_OUT = 0, /* no location for these bytes */
	GI_DWARF_PIECE_REGISTER,          /* the bytes are in a register */
	GI_DWARF_PIECE_FBREG,             /* in memory at frame base + offset */
	GI_DWARF_PIECE_CFA,               /* in memory at CFA + offset */
	GI_DWARF_PIECE_ADDR,              /* in memory at address (bias applied) */
	GI_DWARF_PIECE_VALUE,             /* the bytes are `value` (a constant) */
};
struct gi_dwarf_piece {
	enum gi_dwarf_piece_kind kind;
	unsigned dwarf_register;
	int64_t offset;
	uint64_t address;
	uint64_t value; /* GI_DWARF_PIECE_VALUE */
	uint64_t size;  /* bytes; 0: the whole value */
};
#define GI_DWARF_MAX_PIECES 8
struct gi_dwarf_pieces {
	size_t num_pieces;
	struct gi_dwarf_piece pieces[GI_DWARF_MAX_PIECES];
};
/*
 * The location of local `name` of `function` at run-time address pc.
 * GI_ERROR_NOT_FOUND when the function or local does not exist or no entry
 * of its location list covers pc (the variable is not live there);
 * GI_ERROR_UNSUPPORTED for expressions beyond registers, frame offsets,
 * addresses and pieces.  Go's frame base is the CFA (DW_OP_call_frame_cfa).
 */
struct gi_error *gi_dwarf_local_location(struct gi_dwarf_index *index,
					 const char *function, const char *name,
					 uint64_t pc, struct gi_dwarf_pieces *ret);

#ifdef __cplusplus
}
#endif

#endif
