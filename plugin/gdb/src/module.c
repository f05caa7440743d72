/*
 * _goiface_gdb: the module gdb loads (through goiface.py).  Initialising it
 * registers the goiface commands, the `set print goiface` setting, the
 * pretty-printer and the event handlers that keep the target fresh.
 */
#include "glue.h"
#include "goiface/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gg_gdb gg;

char *gg_str(PyObject *obj)
{
	PyObject *s = PyObject_Str(obj);
	if (!s)
		return NULL;
	PyObject *b = PyUnicode_AsUTF8String(s);
	Py_DECREF(s);
	if (!b)
		return NULL;
	char *ret = strdup(PyBytes_AsString(b));
	Py_DECREF(b);
	if (!ret)
		PyErr_NoMemory();
	return ret;
}

char *gg_take_exception(bool *is_interrupt, bool *is_memory)
{
	PyObject *type, *value, *tb;
	PyErr_Fetch(&type, &value, &tb);
	if (is_interrupt)
		*is_interrupt = type && PyErr_GivenExceptionMatches(type, PyExc_KeyboardInterrupt);
	if (is_memory)
		*is_memory = type && gg.MemoryError &&
			     PyErr_GivenExceptionMatches(type, gg.MemoryError);
	char *msg = NULL;
	if (value) {
		msg = gg_str(value);
		if (!msg)
			PyErr_Clear();
	}
	if ((!msg || !*msg) && type) {
		free(msg);
		PyObject *name = PyObject_GetAttrString(type, "__name__");
		msg = name ? gg_str(name) : NULL;
		Py_XDECREF(name);
		if (!msg)
			PyErr_Clear();
	}
	Py_XDECREF(type);
	Py_XDECREF(value);
	Py_XDECREF(tb);
	if (!msg)
		msg = strdup("unknown Python error");
	return msg;
}

int gg_to_u64(PyObject *value, uint64_t *ret)
{
	PyObject *n = PyNumber_Long(value);
	if (!n)
		return -1;
	unsigned long long v = PyLong_AsUnsignedLongLongMask(n);
	Py_DECREF(n);
	if (v == (unsigned long long)-1 && PyErr_Occurred())
		return -1;
	*ret = v;
	return 0;
}

/* Messages quote names and paths from the target: one escaped line. */
void gg_raise(const char *message)
{
	struct gi_strbuf line = GI_STRBUF_INIT;
	gi_strbuf_terminal_text(&line, message, strlen(message), false);
	PyErr_SetString(gg.GdbError ? gg.GdbError : PyExc_RuntimeError,
			line.failed ? "goiface: out of memory" : gi_strbuf_str(&line));
	gi_strbuf_deinit(&line);
}

PyObject *gg_parameter(const char *name)
{
	return PyObject_CallMethod(gg.module, "parameter", "s", name);
}

int gg_fields_u64(PyObject *value, const char *name0, const char *name1,
		  uint64_t ret[2])
{
	const char *names[2] = { name0, name1 };
	for (int i = 0; i < 2; i++) {
		PyObject *key = PyUnicode_FromString(names[i]);
		PyObject *field = key ? PyObject_GetItem(value, key) : NULL;
		Py_XDECREF(key);
		int r = field ? gg_to_u64(field, &ret[i]) : -1;
		Py_XDECREF(field);
		if (r)
			return -1;
	}
	return 0;
}

int gg_each_symbol_value(const char *name, int (*use)(PyObject *value, void *arg),
			 void *arg)
{
	static const char *const lookups[] = { "lookup_global_symbol",
					       "lookup_static_symbol" };
	for (size_t i = 0; i < 2; i++) {
		PyObject *sym = PyObject_CallMethod(gg.module, lookups[i], "s", name);
		PyObject *value = sym && sym != Py_None
			? PyObject_CallMethod(sym, "value", NULL) : NULL;
		Py_XDECREF(sym);
		int r = value ? use(value, arg) : -1;
		Py_XDECREF(value);
		if (r == 0)
			return 0;
		PyErr_Clear();
	}
	return -1;
}

static int get_long(PyObject *mod, const char *name, long *ret)
{
	PyObject *v = PyObject_GetAttrString(mod, name);
	if (!v)
		return -1;
	*ret = PyLong_AsLong(v);
	Py_DECREF(v);
	return PyErr_Occurred() ? -1 : 0;
}

/* The name of a gdb.Type (type.name), copied into buf; "" if none. */
static int type_name(PyObject *type, char *buf, size_t cap)
{
	buf[0] = '\0';
	PyObject *name = PyObject_GetAttrString(type, "name");
	if (!name)
		return -1;
	if (name != Py_None) {
		char *s = gg_str(name);
		if (!s) {
			Py_DECREF(name);
			return -1;
		}
		snprintf(buf, cap, "%s", s);
		free(s);
	}
	Py_DECREF(name);
	return 0;
}

static int type_code(PyObject *type, long *ret)
{
	return get_long(type, "code", ret);
}

/* Field i of a fields() list: its name and its type (new reference). */
static int field_at(PyObject *fields, Py_ssize_t i, char *name, size_t cap,
		    PyObject **ftype)
{
	PyObject *f = PyList_GetItem(fields, i); /* borrowed */
	if (!f)
		return -1;
	name[0] = '\0';
	PyObject *n = PyObject_GetAttrString(f, "name");
	if (!n)
		return -1;
	if (n != Py_None) {
		char *s = gg_str(n);
		if (!s) {
			Py_DECREF(n);
			return -1;
		}
		snprintf(name, cap, "%s", s);
		free(s);
	}
	Py_DECREF(n);
	*ftype = PyObject_GetAttrString(f, "type");
	return *ftype ? 0 : -1;
}

static int is_pointer(PyObject *type, bool *ret)
{
	PyObject *st = PyObject_CallMethod(type, "strip_typedefs", NULL);
	if (!st)
		return -1;
	long code;
	int r = type_code(st, &code);
	Py_DECREF(st);
	if (r)
		return -1;
	*ret = code == gg.TYPE_CODE_PTR;
	return 0;
}

int gg_classify_type(PyObject *type, enum gg_shape *shape,
		     const char **word0_field, const char **word1_field)
{
	*shape = GG_SHAPE_OTHER;
	/* Fast path for the many values that are neither structs nor
	 * typedefs (gdb asks about every element of an array). */
	long code0;
	if (type_code(type, &code0))
		return -1;
	if (code0 != gg.TYPE_CODE_STRUCT && code0 != gg.TYPE_CODE_TYPEDEF)
		return 0;
	PyObject *st = PyObject_CallMethod(type, "strip_typedefs", NULL);
	if (!st)
		return -1;
	int ret = -1;
	PyObject *fields = NULL, *t0 = NULL, *t1 = NULL, *t2 = NULL;
	long code;
	if (type_code(st, &code))
		goto out;
	if (code != gg.TYPE_CODE_STRUCT) {
		ret = 0;
		goto out;
	}
	fields = PyObject_CallMethod(st, "fields", NULL);
	if (!fields)
		goto out;
	if (!PyList_Check(fields)) {
		ret = 0;
		goto out;
	}
	Py_ssize_t n = PyList_Size(fields);
	char f0[32], f1[32], f2[32];
	if (n == 2) {
		if (field_at(fields, 0, f0, sizeof(f0), &t0) ||
		    field_at(fields, 1, f1, sizeof(f1), &t1))
			goto out;
		bool p0, p1;
		if (is_pointer(t0, &p0) || is_pointer(t1, &p1))
			goto out;
		ret = 0;
		if (!p0 || !p1)
			goto out;
		static const struct {
			const char *w0, *w1;
			enum gg_shape shape;
		} shapes[] = {
			{ "_type", "data", GG_SHAPE_EFACE }, /* runtime.eface */
			{ "tab", "data", GG_SHAPE_IFACE },   /* runtime.iface */
			{ "Type", "Data", GG_SHAPE_EFACE },  /* abi.EmptyInterface */
			{ "ITab", "Data", GG_SHAPE_IFACE },  /* abi.NonEmptyInterface */
		};
		for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
			if (!strcmp(f0, shapes[i].w0) && !strcmp(f1, shapes[i].w1)) {
				*shape = shapes[i].shape;
				if (word0_field)
					*word0_field = shapes[i].w0;
				if (word1_field)
					*word1_field = shapes[i].w1;
				break;
			}
		}
	} else if (n == 3) {
		char name[16];
		if (type_name(st, name, sizeof(name)))
			goto out;
		ret = 0;
		if (strncmp(name, "[]", 2))
			goto out;
		if (field_at(fields, 0, f0, sizeof(f0), &t0) ||
		    field_at(fields, 1, f1, sizeof(f1), &t1) ||
		    field_at(fields, 2, f2, sizeof(f2), &t2)) {
			ret = -1;
			goto out;
		}
		bool p0;
		if (is_pointer(t0, &p0)) {
			ret = -1;
			goto out;
		}
		if (p0 && !strcmp(f0, "array") && !strcmp(f1, "len") &&
		    !strcmp(f2, "cap"))
			*shape = GG_SHAPE_SLICE;
	} else {
		ret = 0;
	}
out:
	Py_XDECREF(t0);
	Py_XDECREF(t1);
	Py_XDECREF(t2);
	Py_XDECREF(fields);
	Py_DECREF(st);
	return ret;
}

void gg_static_type_name(PyObject *type, enum gg_shape shape, char *buf,
			 size_t cap)
{
	char name[256];
	if (type_name(type, name, sizeof(name)) || !name[0]) {
		PyErr_Clear();
		char *s = gg_str(type);
		if (!s)
			PyErr_Clear();
		snprintf(name, sizeof(name), "%s", s ? s : "");
		free(s);
	}
	/* gdb knows only the runtime struct: the empty interface is still
	 * "interface {}", a non-empty one is named from its itab. */
	if (!strcmp(name, "runtime.eface") || !strcmp(name, "internal/abi.EmptyInterface"))
		snprintf(buf, cap, "%s", shape == GG_SHAPE_EFACE ? "interface {}" : "");
	else if (!strcmp(name, "runtime.iface") ||
		 !strcmp(name, "internal/abi.NonEmptyInterface") ||
		 !strcmp(name, "internal/abi.CommonInterface"))
		snprintf(buf, cap, "%s", "");
	else
		snprintf(buf, cap, "%s", name);
}

static struct PyModuleDef module_def = {
	PyModuleDef_HEAD_INIT,
	"_goiface_gdb",
	"goiface for gdb: shows what Go interface values hold.",
	-1,
	NULL, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__goiface_gdb(void);

PyMODINIT_FUNC PyInit__goiface_gdb(void)
{
	PyObject *mod = PyModule_Create(&module_def);
	if (!mod)
		return NULL;
	gg.module = PyImport_ImportModule("gdb");
	if (!gg.module)
		goto fail;
	gg.GdbError = PyObject_GetAttrString(gg.module, "GdbError");
	gg.error = PyObject_GetAttrString(gg.module, "error");
	gg.MemoryError = PyObject_GetAttrString(gg.module, "MemoryError");
	if (!gg.GdbError || !gg.error || !gg.MemoryError)
		goto fail;
	if (get_long(gg.module, "TYPE_CODE_PTR", &gg.TYPE_CODE_PTR) ||
	    get_long(gg.module, "TYPE_CODE_STRUCT", &gg.TYPE_CODE_STRUCT) ||
	    get_long(gg.module, "TYPE_CODE_TYPEDEF", &gg.TYPE_CODE_TYPEDEF) ||
	    get_long(gg.module, "TYPE_CODE_INT", &gg.TYPE_CODE_INT))
		goto fail;
	if (gg_target_connect_events(mod) || gg_commands_register(mod) ||
	    gg_printers_register(mod))
		goto fail;
	return mod;
fail:
	Py_DECREF(mod);
	return NULL;
}
