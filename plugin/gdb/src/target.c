/*
 * The target as gdb sees it: memory read with Inferior.read_memory (one
 * segment over the whole address space, cut at the executable's sections),
 * symbols from gdb's tables, and the goiface program built on them.  gdb's
 * events only mark the program stale or its cache dirty; the work happens at
 * the next entry, never in the middle of a command (an inferior call while
 * evaluating an expression raises events too).
 */
#include "glue.h"
#include "goiface/target.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gg_target gg_target;

/* ---- memory ---- */

static struct gi_error *read_gdb(void *buf, uint64_t address, size_t count,
				 uint64_t offset, void *arg)
{
	(void)offset;
	struct gg_target *t = arg;
	if (t->interrupted)
		return gi_error_fault(address, "0x%" PRIx64 " not read: interrupted", address);
	if (!t->read_memory)
		return gi_error_fault(address, "0x%" PRIx64 " is not mapped (no inferior)", address);
	if (count == 0)
		return NULL;
	PyObject *mv = PyObject_CallFunction(t->read_memory, "KK",
					     (unsigned long long)address,
					     (unsigned long long)count);
	PyObject *bytes = NULL;
	if (mv) {
		bytes = PyObject_CallMethod(mv, "tobytes", NULL);
		Py_DECREF(mv);
	}
	if (!bytes) {
		bool interrupt = false, memory = false;
		char *msg = gg_take_exception(&interrupt, &memory);
		struct gi_error *err;
		if (interrupt) {
			t->interrupted = true;
			err = gi_error_fault(address, "0x%" PRIx64 " not read: interrupted", address);
		} else if (memory) {
			err = gi_error_fault(address, "0x%" PRIx64 " is not mapped", address);
		} else {
			err = gi_error_fault(address, "0x%" PRIx64 " is not readable: %s",
					     address, msg ? msg : "?");
		}
		free(msg);
		return err;
	}
	char *data;
	Py_ssize_t len;
	if (PyBytes_AsStringAndSize(bytes, &data, &len) || (size_t)len != count) {
		PyErr_Clear();
		Py_DECREF(bytes);
		return gi_error_fault(address, "0x%" PRIx64 " is not mapped (short read)", address);
	}
	memcpy(buf, data, count);
	Py_DECREF(bytes);
	return NULL;
}

static struct gi_error *read_scratch(void *buf, uint64_t address, size_t count,
				     uint64_t offset, void *arg)
{
	struct gg_target *t = arg;
	if (offset + count > sizeof(t->scratch))
		return gi_error_fault(address, "0x%" PRIx64 " is not mapped", address);
	memcpy(buf, (const char *)t->scratch + offset, count);
	return NULL;
}

/* ---- symbols ---- */

/* A symbol's value to its address and size (a gg_each_symbol_value use). */
static int symbol_address(PyObject *value, void *arg)
{
	struct gi_symbol *sym = arg;
	PyObject *addr = PyObject_GetAttrString(value, "address");
	if (!addr)
		return -1;
	/* A function's value is the function itself. */
	int ret = gg_to_u64(addr == Py_None ? value : addr, &sym->address);
	Py_DECREF(addr);
	sym->size = 0;
	if (ret == 0) {
		PyObject *type = PyObject_GetAttrString(value, "type");
		PyObject *sz = type ? PyObject_GetAttrString(type, "sizeof") : NULL;
		if (sz)
			sym->size = PyLong_AsUnsignedLongLongMask(sz);
		PyErr_Clear();
		Py_XDECREF(sz);
		Py_XDECREF(type);
	}
	return ret;
}

static struct gi_error *lookup_name(void *arg, const char *name,
				    struct gi_symbol *ret)
{
	struct gg_target *t = arg;
	struct gi_symbol found = { 0 };
	if (gg_each_symbol_value(name, symbol_address, &found) == 0) {
		snprintf(t->symbol_name, sizeof(t->symbol_name), "%s", name);
		ret->name = t->symbol_name;
		ret->address = found.address;
		ret->size = found.size;
		return NULL;
	}
	/* ELF symbols without debug information (go:itab.*, runtime.types):
	 * gdb's minimal symbols, reachable by quoting the name. */
	if (!strchr(name, '\'') && strlen(name) < sizeof(t->symbol_name) - 8) {
		char expr[sizeof(t->symbol_name) + 8];
		snprintf(expr, sizeof(expr), "&'%s'", name);
		PyObject *v = PyObject_CallMethod(gg.module, "parse_and_eval", "s", expr);
		if (v) {
			uint64_t address;
			int r = gg_to_u64(v, &address);
			Py_DECREF(v);
			if (r == 0) {
				snprintf(t->symbol_name, sizeof(t->symbol_name), "%s", name);
				ret->name = t->symbol_name;
				ret->address = address;
				ret->size = 0;
				return NULL;
			}
		}
		PyErr_Clear();
	}
	return gi_error_create(GI_ERROR_NOT_FOUND, "no symbol %s", name);
}

/* The function containing address from gdb's blocks (debug information). */
static int lookup_block(struct gg_target *t, uint64_t address, struct gi_symbol *ret)
{
	PyObject *block = PyObject_CallMethod(gg.module, "block_for_pc", "K",
					      (unsigned long long)address);
	int found = 0;
	/* Walk out to the function's own block, the outermost one that names
	 * a function: a block of an inlined callee names the callee (Mode
	 * inlined at IsDir's entry would be taken for Mode).  Bounded against
	 * cycles. */
	for (int depth = 0; block && block != Py_None && depth < 64; depth++) {
		PyObject *fn = PyObject_GetAttrString(block, "function");
		if (!fn)
			break;
		if (fn != Py_None) {
			PyObject *name = PyObject_GetAttrString(fn, "name");
			PyObject *start = PyObject_GetAttrString(block, "start");
			PyObject *end = PyObject_GetAttrString(block, "end");
			char *s = name && name != Py_None ? gg_str(name) : NULL;
			uint64_t b = 0, e = 0;
			if (s && start && end && !gg_to_u64(start, &b) && !gg_to_u64(end, &e)) {
				snprintf(t->symbol_name, sizeof(t->symbol_name), "%s", s);
				ret->name = t->symbol_name;
				ret->address = b;
				ret->size = e > b ? e - b : 0;
				found = 1;
			}
			free(s);
			Py_XDECREF(name);
			Py_XDECREF(start);
			Py_XDECREF(end);
		}
		Py_DECREF(fn);
		PyObject *super = PyObject_GetAttrString(block, "superblock");
		Py_DECREF(block);
		block = super;
	}
	Py_XDECREF(block);
	PyErr_Clear();
	return found;
}

/* Runs a gdb command and returns its output (malloc'd), or NULL. */
static char *execute_to_string(const char *command)
{
	PyObject *kw = Py_BuildValue("{s:O}", "to_string", Py_True);
	PyObject *fn = PyObject_GetAttrString(gg.module, "execute");
	PyObject *args = Py_BuildValue("(s)", command);
	PyObject *out = kw && fn && args ? PyObject_Call(fn, args, kw) : NULL;
	Py_XDECREF(kw);
	Py_XDECREF(fn);
	Py_XDECREF(args);
	char *s = out && out != Py_None ? gg_str(out) : NULL;
	Py_XDECREF(out);
	PyErr_Clear();
	return s;
}

/*
 * Any ELF symbol from gdb's minimal symbols: `info symbol ADDR`.  Demangling
 * is switched off for the call because gdb's Go demangler turns
 * "main.gErr" into "main[gErr]"; the user's setting is restored.
 */
static int lookup_info_symbol(struct gg_target *t, uint64_t address,
			      struct gi_symbol *ret)
{
	PyObject *demangle = gg_parameter("print demangle");
	if (!demangle) {
		PyErr_Clear();
		return 0;
	}
	bool was_on = PyObject_IsTrue(demangle) == 1;
	Py_DECREF(demangle);
	if (was_on)
		free(execute_to_string("set print demangle off"));
	char command[64];
	snprintf(command, sizeof(command), "info symbol 0x%" PRIx64, address);
	char *out = execute_to_string(command);
	if (was_on)
		free(execute_to_string("set print demangle on"));
	if (!out)
		return 0;
	/* "NAME + OFF in section SEC[ of FILE]" or "NAME in section SEC...";
	 * "No symbol matches ..." otherwise. */
	int found = 0;
	char *sec = strstr(out, " in section ");
	if (sec && strncmp(out, "No symbol matches", 17)) {
		*sec = '\0';
		uint64_t off = 0;
		char *plus = strstr(out, " + ");
		if (plus) {
			char *end;
			off = strtoull(plus + 3, &end, 10);
			if (*end == '\0' && end != plus + 3)
				*plus = '\0';
			else
				off = 0;
		}
		if (off <= address && *out) {
			snprintf(t->symbol_name, sizeof(t->symbol_name), "%s", out);
			ret->name = t->symbol_name;
			ret->address = address - off;
			ret->size = 0;
			found = 1;
		}
	}
	free(out);
	return found;
}

static struct gi_error *lookup_address(void *arg, uint64_t address,
				       struct gi_symbol *ret)
{
	struct gg_target *t = arg;
	if (t->interrupted)
		return gi_error_create(GI_ERROR_NOT_FOUND, "interrupted");
	if (lookup_block(t, address, ret) || lookup_info_symbol(t, address, ret))
		return NULL;
	return gi_error_create(GI_ERROR_NOT_FOUND, "no symbol contains 0x%" PRIx64, address);
}

/* ---- the program ---- */

/* The executable gdb debugs, or NULL (malloc'd). */
static char *progspace_filename(void)
{
	PyObject *ps = PyObject_CallMethod(gg.module, "current_progspace", NULL);
	PyObject *fn = ps ? PyObject_GetAttrString(ps, "filename") : NULL;
	char *s = fn && fn != Py_None ? gg_str(fn) : NULL;
	Py_XDECREF(fn);
	Py_XDECREF(ps);
	PyErr_Clear();
	return s;
}

/* The program's entry point in the inferior: AT_ENTRY of `info auxv`
 * (live processes and cores). */
static bool auxv_entry(uint64_t *ret)
{
	char *out = execute_to_string("info auxv");
	if (!out)
		return false;
	bool found = false;
	for (char *line = strtok(out, "\n"); line && !found; line = strtok(NULL, "\n")) {
		if (!strstr(line, " AT_ENTRY "))
			continue;
		char *hex = strrchr(line, ' ');
		char *end;
		uint64_t a = hex ? strtoull(hex + 1, &end, 16) : 0;
		if (hex && end != hex + 1) {
			*ret = a;
			found = true;
		}
	}
	free(out);
	return found;
}

/* The executable gdb's progspace names, opened by goiface's ELF reader,
 * or NULL (none, unreadable, or not a Go executable). */
static struct gi_target *open_executable(void)
{
	char *exe = progspace_filename();
	if (!exe)
		return NULL;
	struct gi_target *target = NULL;
	gi_error_destroy(gi_target_open(exe, NULL, 0, &target));
	free(exe);
	return target;
}

/* The inferior's load bias: AT_ENTRY minus the executable's e_entry; 0
 * without an auxiliary vector (the executable alone, which gdb reads at its
 * link-time addresses). */
static uint64_t load_bias(const struct gi_target *exe)
{
	uint64_t at_entry;
	return auxv_entry(&at_entry) ? at_entry - gi_target_link_entry(exe) : 0;
}

struct section_segments {
	struct gg_target *t;
	uint64_t bias;
};

static struct gi_error *add_section_segment(const struct gi_section *section,
					    void *arg)
{
	struct section_segments *s = arg;
	return gi_memory_add_segment(s->t->mem, section->address + s->bias,
				     section->size, read_gdb, s->t);
}

/*
 * gdb answers a read that starts in a gap between two of the executable's
 * sections (inside one PT_LOAD of a core, which dumps no file-backed
 * read-only pages) from the core's segment without contents: zeros, with no
 * error, and the zeros run on over the next section.  A page-cache fill
 * that spans such a gap (.gopclntab's end and .go.type's start on one page)
 * would so cache zeros for real type descriptors.  One segment per loaded
 * section, all read by gdb as before, makes gi_memory cut every read (page
 * fills included) at section edges; gap bytes are then read on their own
 * through the segment over the whole address space.  The segments only move
 * cut points, so an executable without section headers costs nothing but
 * smaller reads.
 */
static struct gi_error *add_section_segments(struct gg_target *t,
					     const struct gi_target *exe,
					     uint64_t bias)
{
	struct section_segments s = { t, bias };
	return gi_target_for_each_loaded_section(exe, add_section_segment, &s);
}

/*
 * Without symbols (a stripped executable): the Go release from the
 * executable's build-info blob and runtime.firstmoduledata found by
 * goiface's ELF reader, moved by the load bias gdb applied.
 */
static struct gi_error *stripped_fallback(struct gg_target *t,
					  const struct gi_target *exe,
					  uint64_t bias)
{
	if (!exe)
		return gi_error_create(GI_ERROR_NOT_FOUND, "no Go executable");
	const char *version = gi_target_go_version(exe);
	/* Link-time address (the executable alone has no load bias). */
	uint64_t md = gi_target_moduledata_address(exe);
	struct gi_error *err;
	if (!version)
		err = gi_error_create(GI_ERROR_NOT_FOUND, "no Go build information in the executable");
	else
		err = gi_program_set_go_version(t->prog, version, GI_VERSION_FROM_BUILDINFO, false);
	if (!err && md)
		gi_program_set_moduledata_address(t->prog, md + bias);
	return err;
}

static void target_destroy(struct gg_target *t)
{
	gi_program_destroy(t->prog);
	t->prog = NULL;
	gi_memory_destroy(t->mem);
	t->mem = NULL;
	if (t->prog_error && t->prog_error != &gi_error_no_memory)
		gi_error_destroy(t->prog_error);
	t->prog_error = NULL;
	Py_CLEAR(t->read_memory);
}

static int target_build(struct gg_target *t, PyObject *read_memory)
{
	target_destroy(t);
	Py_INCREF(read_memory);
	t->read_memory = read_memory;
	struct gi_target *exe = open_executable();
	uint64_t bias = exe ? load_bias(exe) : 0;
	t->load_bias = bias;
	struct gi_error *err = gi_memory_create(&t->mem);
	if (!err)
		err = gi_memory_add_segment(t->mem, 0, UINT64_MAX, read_gdb, t);
	if (!err && exe)
		err = add_section_segments(t, exe, bias);
	if (!err)
		err = gi_memory_add_segment(t->mem, GG_SCRATCH_ADDRESS,
					    sizeof(t->scratch), read_scratch, t);
	if (!err) {
		gi_memory_set_cache(t->mem, true);
		t->symbols.lookup_name = lookup_name;
		t->symbols.lookup_address = lookup_address;
		t->symbols.arg = t;
		err = gi_program_create(t->mem, &t->symbols, &t->prog);
	}
	uint64_t code_lo, code_hi;
	if (!err && exe && gi_target_code_range(exe, &code_lo, &code_hi))
		gi_program_set_code_range(t->prog, code_lo + bias, code_hi + bias);
	if (err) {
		gg_raise(err->message);
		gi_error_destroy(err);
		gi_target_destroy(exe);
		target_destroy(t);
		return -1;
	}
	/* gdb reads a 32-bit or big-endian inferior as readily as any: the
	 * decoders would take its words for 64-bit little-endian ones. */
	char *exe_path = progspace_filename();
	err = exe_path ? gi_elf_check_architecture(exe_path, "executable") : NULL;
	free(exe_path);
	if (err) {
		gi_target_destroy(exe);
		t->prog_error = err;
		return 0;
	}
	err = gi_program_detect_go_version(t->prog, false);
	if (err && err->code == GI_ERROR_NOT_FOUND) {
		struct gi_error *err2 = stripped_fallback(t, exe, bias);
		if (!err2) {
			gi_error_destroy(err);
			err = NULL;
		} else {
			gi_error_destroy(err2);
		}
	}
	gi_target_destroy(exe);
	if (err && err->code == GI_ERROR_NOT_FOUND)
		err = gi_error_wrap(err, "no Go release found (not a Go program, or no symbols)");
	if (!err)
		err = gi_program_load_modules(t->prog);
	/* Kept: commands and the printer report it when they need a layout. */
	t->prog_error = err;
	return 0;
}

const char *gg_target_problem(struct gg_target *t)
{
	return t->prog_error ? t->prog_error->message : NULL;
}

static int current_inferior(long *num, long *pid, PyObject **read_memory)
{
	PyObject *inf = PyObject_CallMethod(gg.module, "selected_inferior", NULL);
	if (!inf)
		return -1;
	PyObject *n = PyObject_GetAttrString(inf, "num");
	PyObject *p = PyObject_GetAttrString(inf, "pid");
	*read_memory = PyObject_GetAttrString(inf, "read_memory");
	Py_DECREF(inf);
	int ret = -1;
	if (n && p && *read_memory) {
		*num = PyLong_AsLong(n);
		*pid = PyLong_AsLong(p);
		ret = PyErr_Occurred() ? -1 : 0;
	}
	Py_XDECREF(n);
	Py_XDECREF(p);
	if (ret)
		Py_CLEAR(*read_memory);
	return ret;
}

struct gg_target *gg_target_enter(bool new_command)
{
	struct gg_target *t = &gg_target;
	if (t->busy > 0) {
		/* Re-entered (a value printed while a command runs): use the
		 * program as it is. */
		if (!t->prog) {
			gg_raise("goiface: busy");
			return NULL;
		}
		t->busy++;
		return t;
	}
	long num = 0, pid = 0;
	PyObject *read_memory;
	if (current_inferior(&num, &pid, &read_memory))
		return NULL;
	if (!t->prog || t->stale || num != t->inferior_num || pid != t->pid) {
		t->stale = false;
		t->flush = false;
		if (target_build(t, read_memory)) {
			Py_DECREF(read_memory);
			return NULL;
		}
		t->inferior_num = num;
		t->pid = pid;
	} else if (t->flush || new_command) {
		gi_memory_flush_cache(t->mem);
		t->flush = false;
	}
	Py_XDECREF(t->read_memory);
	t->read_memory = read_memory;
	t->interrupted = false;
	t->busy++;
	return t;
}

void gg_target_leave(struct gg_target *t)
{
	if (t && t->busy > 0)
		t->busy--;
}

/* ---- events ---- */

static PyObject *on_stale(PyObject *self, PyObject *args)
{
	(void)self;
	(void)args;
	gg_target.stale = true;
	Py_RETURN_NONE;
}

static PyObject *on_flush(PyObject *self, PyObject *args)
{
	(void)self;
	(void)args;
	gg_target.flush = true;
	Py_RETURN_NONE;
}

static PyMethodDef on_stale_def = { "_on_stale", on_stale, METH_VARARGS, NULL };
static PyMethodDef on_flush_def = { "_on_flush", on_flush, METH_VARARGS, NULL };

static int connect(PyObject *events, const char *registry, PyObject *fn)
{
	PyObject *reg = PyObject_GetAttrString(events, registry);
	if (!reg) {
		PyErr_Clear(); /* an older gdb without this event */
		return 0;
	}
	PyObject *r = PyObject_CallMethod(reg, "connect", "O", fn);
	Py_DECREF(reg);
	if (!r)
		return -1;
	Py_DECREF(r);
	return 0;
}

int gg_target_connect_events(PyObject *module)
{
	PyObject *events = PyObject_GetAttrString(gg.module, "events");
	if (!events)
		return -1;
	PyObject *stale = PyCFunction_New(&on_stale_def, module);
	PyObject *flush = PyCFunction_New(&on_flush_def, module);
	int ret = -1;
	if (!stale || !flush)
		goto out;
	static const char *const stale_events[] = {
		"new_objfile", "clear_objfiles", "exited", "new_inferior",
		"inferior_deleted",
	};
	static const char *const flush_events[] = {
		"stop", "cont", "memory_changed", "register_changed",
		"inferior_call", "before_prompt",
	};
	for (size_t i = 0; i < sizeof(stale_events) / sizeof(*stale_events); i++)
		if (connect(events, stale_events[i], stale))
			goto out;
	for (size_t i = 0; i < sizeof(flush_events) / sizeof(*flush_events); i++)
		if (connect(events, flush_events[i], flush))
			goto out;
	ret = 0;
out:
	Py_XDECREF(stale);
	Py_XDECREF(flush);
	Py_DECREF(events);
	return ret;
}
