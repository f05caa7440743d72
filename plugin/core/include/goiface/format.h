/*
 * Rendering values from runtime type descriptors alone, in Delve's one-line
 * style: `error(*main.T) *{A: 1, B: 2}`, `interface {}(string) "test"`,
 * `error nil`, `[]int len: 3, cap: 4, [1,2,3]`.  Every front-end prints
 * what these functions produce.
 */
#ifndef GOIFACE_FORMAT_H
#define GOIFACE_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "goiface/error.h"
#include "goiface/iface.h"
#include "goiface/json.h"
#include "goiface/program.h"
#include "goiface/strbuf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The deepest max_depth honoured: each level is a few stack frames, and
 * the renderer runs inside the host debugger, whose stack it must not
 * exhaust.  A larger max_depth is treated as this. */
#define GI_FORMAT_MAX_DEPTH 64

/*
 * The work one command may spend rendering: one step per value rendered,
 * per type descriptor read and per map bucket or group scanned.  Every
 * rendering the command does (the line, the JSON text, nested maps inside
 * maps) draws on the same budget, so damaged memory costs at most this
 * much however it nests.  When it runs out the rendering stops with
 * "(unreadable ... work limit ...)".
 */
struct gi_format_budget {
	uint64_t limit;
	uint64_t used;
};
#define GI_FORMAT_DEFAULT_STEPS (UINT64_C(1) << 20)
void gi_format_budget_init(struct gi_format_budget *budget, uint64_t limit);

struct gi_format_options {
	unsigned max_depth;    /* pointers/composites followed this deep (<= GI_FORMAT_MAX_DEPTH) */
	size_t max_string;     /* string bytes shown before "..." */
	size_t max_elements;   /* array/slice/map/struct entries before "..." */
	size_t max_output;     /* total bytes of one rendering */
	/* Shared by every rendering of one command; NULL: each rendering
	 * gets a budget of GI_FORMAT_DEFAULT_STEPS of its own. */
	struct gi_format_budget *budget;
};

/* max_depth 4, max_string 64, max_elements 64, max_output 64 KiB, no
 * shared budget. */
void gi_format_options_default(struct gi_format_options *opts);

/* Appended when the typed-nil line is printed. */
#define GI_TYPED_NIL_MARKER " [typed nil: != nil]"
/* Appended to a typed nil inside a composite (a field, element or entry). */
#define GI_TYPED_NIL_NESTED_MARKER " [typed nil]"
/* Follows a pointer, map or slice that leads back to a value being
 * rendered further out (a cycle in the target's data): "(*main.Node)(0x…)
 * [cycle]" instead of the same value again. */
#define GI_CYCLE_MARKER " [cycle]"

/*
 * The top-level line for an interface variable: static_type (e.g. "error",
 * "interface {}"; NULL or "" to print only the dynamic part) then
 * "(dyntype) value", "nil", or "(dyntype) nil" GI_TYPED_NIL_MARKER.
 * A value that cannot be read is rendered as "(unreadable <reason>)" inside
 * the line rather than failing the whole line; the function fails only when
 * nothing sensible can be printed.
 */
struct gi_error *gi_format_iface(struct gi_program *prog,
				 const struct gi_iface *iface,
				 const char *static_type,
				 const struct gi_format_options *opts,
				 struct gi_strbuf *out);

/* Just the value of a decoded interface, Go's %v-like ("1", "\"x\"",
 * "*{A: 1}"), without type prefix. */
struct gi_error *gi_format_iface_value(struct gi_program *prog,
				       const struct gi_iface *iface,
				       const struct gi_format_options *opts,
				       struct gi_strbuf *out);

/* A value of the type at type_addr stored at address in the target. */
struct gi_error *gi_format_value(struct gi_program *prog, uint64_t type_addr,
				 uint64_t address,
				 const struct gi_format_options *opts,
				 struct gi_strbuf *out);

/*
 * Go's %v of a scalar (bool, ints, floats, complex, string) of the decoded
 * interface, exactly as fmt prints it (strings unquoted, as %v does).
 * GI_ERROR_UNSUPPORTED for other kinds.  Used for JSON "value".
 */
struct gi_error *gi_format_iface_scalar(struct gi_program *prog,
					const struct gi_iface *iface,
					size_t max_string,
					struct gi_strbuf *out);
/* The same, and whether max_string cut the string (*cut: its first
 * max_string bytes only). */
struct gi_error *gi_format_iface_scalar_cut(struct gi_program *prog,
					    const struct gi_iface *iface,
					    size_t max_string,
					    struct gi_strbuf *out, bool *cut);

/* strconv.FormatFloat(v, 'g', -1, 64) / (float32(v), 'g', -1, 32): the
 * spelling %v uses ("1e+06", "1.5e-07", "0.1", "+Inf", "NaN"). */
void gi_format_float64(struct gi_strbuf *out, double v);
void gi_format_float32(struct gi_strbuf *out, float v);
/* %v of a complex: "(1+2i)". */
void gi_format_complex128(struct gi_strbuf *out, double re, double im);
void gi_format_complex64(struct gi_strbuf *out, float re, float im);

/*
 * One JSON object describing a decoded interface (the fields of
 * `print --json`): name, addr, static_type, nil, typed_nil, dynamic_type,
 * dynamic_type_path, kind, direct, data, value (scalars only, Go's %v),
 * text (the one-line rendering), itab {addr, interface, type, hash,
 * methods [{name, pc, symbol}]}.  name and static_type may be NULL.
 * Addresses are JSON strings "0x…".
 */
struct gi_error *gi_iface_json(struct gi_program *prog,
			       const struct gi_iface *iface, const char *name,
			       uint64_t address, const char *static_type,
			       const struct gi_format_options *opts,
			       struct gi_strbuf *out);

/*
 * An itab as a JSON object {addr, interface, interface_addr, type, type_addr,
 * hash, type_hash, negative, methods [{name, pc, symbol}]}, written as the
 * next value of j.
 */
void gi_itab_json(const struct gi_itab *itab, struct gi_json *j);
/* The same members into an object the caller opened, so that it can add
 * what only it knows before closing it. */
void gi_itab_json_members(const struct gi_itab *itab, struct gi_json *j);

#ifdef __cplusplus
}
#endif

#endif
