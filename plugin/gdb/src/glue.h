/*
 * The gdb front-end's shared state: the gdb module and its exceptions, the
 * target (memory through read_memory, symbols through gdb's tables) and the
 * goiface program built on it.  Only glue lives here: decoding and formatting
 * belong to the core and the command layer.
 */
#ifndef GOIFACE_GDB_GLUE_H
#define GOIFACE_GDB_GLUE_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdbool.h>
#include <stdint.h>

#include "goiface/error.h"
#include "goiface/memory.h"
#include "goiface/program.h"
#include "goiface/symbols.h"

/* Borrowed from the gdb module at initialisation; never released. */
struct gg_gdb {
	PyObject *module;         /* gdb */
	PyObject *GdbError;       /* gdb.GdbError */
	PyObject *error;          /* gdb.error */
	PyObject *MemoryError;    /* gdb.MemoryError */
	long TYPE_CODE_PTR, TYPE_CODE_STRUCT, TYPE_CODE_TYPEDEF, TYPE_CODE_INT;
};
extern struct gg_gdb gg;

/*
 * The program over gdb's current inferior.  Built on first use and kept
 * until gdb's events say it is stale (new objfiles, exit, another
 * inferior); the memory cache is flushed whenever the inferior may have run.
 */
struct gg_target {
	struct gi_memory *mem;
	struct gi_program *prog;
	/* Why prog cannot decode (no Go runtime, unknown release), or NULL. */
	struct gi_error *prog_error;
	struct gi_symbolizer symbols;
	/* Load address minus link address (PIE): fun[] slots the linker left
	 * unrelocated are told by it. */
	uint64_t load_bias;
	PyObject *read_memory;    /* bound Inferior.read_memory */
	long inferior_num;
	long pid;
	bool stale;               /* rebuild on next use */
	bool flush;               /* flush the memory cache on next use */
	int busy;                 /* entries in progress (re-entrancy guard) */
	bool interrupted;         /* the user pressed Ctrl-C during a read */
	/* A 16-byte scratch segment for interface values held in registers. */
	uint64_t scratch[2];
	char symbol_name[1024];
};
extern struct gg_target gg_target;

/* The scratch segment's address: kernel space, never a user address. */
#define GG_SCRATCH_ADDRESS 0xfffffffffffff000ull

/*
 * Enters the target for one command or one printed value: rebuilds or
 * flushes as events asked.  Returns the program (possibly with a
 * prog_error), or NULL with a Python exception set.  Every successful call
 * is paired with gg_target_leave().
 */
struct gg_target *gg_target_enter(bool new_command);
void gg_target_leave(struct gg_target *t);
/* The version/modules problem, as one line, or NULL. */
const char *gg_target_problem(struct gg_target *t);

/* Event handlers connected at initialisation. */
int gg_target_connect_events(PyObject *module);

/* Python helpers.  All return NULL/-1 with a Python exception set unless
 * noted. */
/* str(obj) as a malloc'd UTF-8 string. */
char *gg_str(PyObject *obj);
/* Clears the pending exception and returns its message (malloc'd, never
 * NULL unless out of memory); *is_interrupt is set for KeyboardInterrupt,
 * *is_memory for gdb.MemoryError (either may be NULL). */
char *gg_take_exception(bool *is_interrupt, bool *is_memory);
/* int(value) of a gdb.Value or int, as an unsigned 64-bit address. */
int gg_to_u64(PyObject *value, uint64_t *ret);
/* Raises gdb.GdbError(message). */
void gg_raise(const char *message);
/* gdb.parameter(name) */
PyObject *gg_parameter(const char *name);
/* int(value[name0]) and int(value[name1]): two fields of a gdb.Value (an
 * interface's words, a slice's len and cap) as unsigned 64-bit numbers. */
int gg_fields_u64(PyObject *value, const char *name0, const char *name1,
		  uint64_t ret[2]);
/*
 * The value of gdb's symbol for name: that of gdb.lookup_global_symbol,
 * then of gdb.lookup_static_symbol, each handed to use() until it returns 0.
 * Returns 0 once one was used, -1 if none was (no exception left pending).
 */
int gg_each_symbol_value(const char *name, int (*use)(PyObject *value, void *arg),
			 void *arg);

/*
 * What a gdb type (after typedefs) is to goiface.  Interfaces are matched by
 * the shape of the struct gdb shows for them in every Go release
 * 1.18-1.27: two pointer fields {_type, data} (runtime.eface, type pointer
 * to runtime._type or internal/abi.Type) or {tab, data} (runtime.iface, tab
 * pointer to runtime.itab or internal/abi.ITab); the internal
 * abi.EmptyInterface {Type, Data} and abi.NonEmptyInterface {ITab, Data}
 * have the same layout.  A Go slice is {array, len, cap} named "[]...".
 */
enum gg_shape {
	GG_SHAPE_OTHER = 0,
	GG_SHAPE_EFACE,
	GG_SHAPE_IFACE,
	GG_SHAPE_SLICE,
};
/* Classifies a gdb.Type; *fields (if not NULL) receives the two field names
 * of an interface.  Returns -1 with an exception set on a gdb failure. */
int gg_classify_type(PyObject *type, enum gg_shape *shape,
		     const char **word0_field, const char **word1_field);
/* The static interface type name to show for a value of gdb type `type`:
 * the Go name ("error", "interface {}", "main.Shape"), or "" when gdb only
 * knows the runtime struct.  Writes at most cap bytes. */
void gg_static_type_name(PyObject *type, enum gg_shape shape, char *buf,
			 size_t cap);

/* commands.c */
int gg_commands_register(PyObject *module);
/* Evaluates a user expression with the fallbacks for non-Go frames. */
PyObject *gg_evaluate(const char *expr);

/* printers.c */
int gg_printers_register(PyObject *module);

#endif
