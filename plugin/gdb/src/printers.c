/*
 * gdb pretty-printers: any Go interface value gdb prints (a variable, a
 * struct field, an array or slice element) is rendered by the core
 * formatter, e.g. `error(*main.MyErr) *{Code: 7}`; Go slices are shown as
 * their elements so that interfaces inside them are rendered too.
 * `set print goiface off` turns both off.
 */
#include "glue.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "goiface/format.h"
#include "goiface/iface.h"
#include "goiface/strbuf.h"

static PyObject *setting;          /* the `print goiface` gdb.Parameter */
static PyObject *iface_printer_type;
static PyObject *slice_printer_type;

/* Without a bound gdb would print a garbage slice for ever. */
#define GG_MAX_CHILDREN 100000

struct printer {
	PyObject_HEAD
	PyObject *val;
	enum gg_shape shape;
	const char *w0, *w1;
};

static bool enabled(void)
{
	if (!setting)
		return true;
	PyObject *v = PyObject_GetAttrString(setting, "value");
	if (!v) {
		PyErr_Clear();
		return true;
	}
	int on = PyObject_IsTrue(v);
	Py_DECREF(v);
	if (on < 0)
		PyErr_Clear();
	return on != 0;
}

/* gdb's `print elements` (0 / None: unlimited). */
static size_t print_elements(void)
{
	PyObject *v = gg_parameter("print elements");
	size_t n = 0;
	if (v && PyLong_Check(v)) {
		long long x = PyLong_AsLongLong(v);
		n = x > 0 ? (size_t)x : 0;
	}
	Py_XDECREF(v);
	PyErr_Clear();
	return n;
}

static PyObject *unicode_or_none(struct gi_strbuf *sb)
{
	if (sb->failed)
		return PyErr_NoMemory();
	return PyUnicode_DecodeUTF8(sb->data ? sb->data : "", (Py_ssize_t)sb->len, "replace");
}

static PyObject *iface_to_string(PyObject *self, PyObject *unused)
{
	(void)unused;
	struct printer *p = (struct printer *)self;
	uint64_t words[2];
	if (gg_fields_u64(p->val, p->w0, p->w1, words)) {
		/* <optimized out>, unavailable registers: say what gdb said. */
		bool interrupt = false;
		char *msg = gg_take_exception(&interrupt, NULL);
		if (interrupt) {
			free(msg);
			PyErr_SetNone(PyExc_KeyboardInterrupt);
			return NULL;
		}
		PyObject *r = PyUnicode_FromFormat("<%s>", msg ? msg : "unavailable");
		free(msg);
		return r;
	}
	struct gg_target *t = gg_target_enter(false);
	if (!t)
		return NULL;
	struct gi_strbuf out = GI_STRBUF_INIT;
	char static_type[256];
	PyObject *type = PyObject_GetAttrString(p->val, "type");
	static_type[0] = '\0';
	if (type) {
		gg_static_type_name(type, p->shape, static_type, sizeof(static_type));
		Py_DECREF(type);
	}
	PyErr_Clear();
	struct gi_error *err = NULL;
	const char *problem = gg_target_problem(t);
	if (problem) {
		err = gi_error_create(GI_ERROR_UNSUPPORTED, "%s", problem);
	} else {
		struct gi_format_options opts;
		gi_format_options_default(&opts);
		size_t limit = print_elements();
		if (limit && limit < opts.max_elements)
			opts.max_elements = limit;
		if (limit && limit < opts.max_string)
			opts.max_string = limit;
		struct gi_iface *iface = NULL;
		err = gi_iface_decode(t->prog, words[0], words[1], p->shape == GG_SHAPE_EFACE,
				      GI_TYPE_ALLOW_HEAP, &iface);
		if (!err)
			err = gi_format_iface(t->prog, iface, static_type, &opts, &out);
		gi_iface_destroy(iface);
	}
	bool interrupted = t->interrupted;
	gg_target_leave(t);
	if (PyErr_Occurred())
		PyErr_Clear();
	if (interrupted) {
		if (err && err != &gi_error_no_memory)
			gi_error_destroy(err);
		gi_strbuf_deinit(&out);
		PyErr_SetNone(PyExc_KeyboardInterrupt);
		return NULL;
	}
	if (err) {
		/* Never fail the whole print: the raw words and why. */
		gi_strbuf_reset(&out);
		gi_strbuf_appendf(&out, "{%s = 0x%" PRIx64 ", %s = 0x%" PRIx64 "} <goiface: %s>",
				  p->w0, words[0], p->w1, words[1], err->message);
		if (err != &gi_error_no_memory)
			gi_error_destroy(err);
	}
	/* One line, with the target's names escaped like the commands' text. */
	gi_strbuf_make_terminal_text(&out, false);
	PyObject *r = unicode_or_none(&out);
	gi_strbuf_deinit(&out);
	return r;
}

static PyObject *slice_to_string(PyObject *self, PyObject *unused)
{
	(void)unused;
	struct printer *p = (struct printer *)self;
	uint64_t len_cap[2] = { 0, 0 };
	bool ok = gg_fields_u64(p->val, "len", "cap", len_cap) == 0;
	PyObject *type = PyObject_GetAttrString(p->val, "type");
	char *name = type ? gg_str(type) : NULL;
	Py_XDECREF(type);
	if (!ok || !name) {
		free(name);
		char *msg = gg_take_exception(NULL, NULL);
		PyObject *r = PyUnicode_FromFormat("<%s>", msg ? msg : "unavailable");
		free(msg);
		return r;
	}
	PyObject *r = PyUnicode_FromFormat("%s len: %lld, cap: %lld", name,
					   (long long)len_cap[0], (long long)len_cap[1]);
	free(name);
	return r;
}

static PyObject *slice_children(PyObject *self, PyObject *unused)
{
	(void)unused;
	struct printer *p = (struct printer *)self;
	uint64_t len_cap[2] = { 0, 0 };
	bool ok = gg_fields_u64(p->val, "len", "cap", len_cap) == 0;
	PyObject *list = PyList_New(0);
	uint64_t len = len_cap[0];
	if (!ok || !list || (int64_t)len < 0 || len > len_cap[1]) {
		PyErr_Clear();
		return list;
	}
	/* gdb stops at `print elements` and prints "..." if there are more. */
	size_t limit = print_elements();
	uint64_t n = len;
	if (limit && n > limit + 1)
		n = limit + 1;
	if (n > GG_MAX_CHILDREN)
		n = GG_MAX_CHILDREN;
	PyObject *key = PyUnicode_FromString("array");
	PyObject *array = key ? PyObject_GetItem(p->val, key) : NULL;
	Py_XDECREF(key);
	if (!array) {
		Py_DECREF(list);
		return NULL;
	}
	for (uint64_t i = 0; i < n; i++) {
		PyObject *idx = PyLong_FromUnsignedLongLong(i);
		PyObject *ptr = idx ? PyNumber_Add(array, idx) : NULL;
		PyObject *elem = ptr ? PyObject_CallMethod(ptr, "dereference", NULL) : NULL;
		PyObject *label = PyUnicode_FromFormat("[%llu]", (unsigned long long)i);
		PyObject *pair = elem && label ? PyTuple_Pack(2, label, elem) : NULL;
		Py_XDECREF(idx);
		Py_XDECREF(ptr);
		Py_XDECREF(elem);
		Py_XDECREF(label);
		if (!pair || PyList_Append(list, pair)) {
			Py_XDECREF(pair);
			Py_DECREF(array);
			Py_DECREF(list);
			return NULL;
		}
		Py_DECREF(pair);
	}
	Py_DECREF(array);
	return list;
}

static PyObject *slice_display_hint(PyObject *self, PyObject *unused)
{
	(void)self;
	(void)unused;
	return PyUnicode_FromString("array");
}

static void printer_dealloc(PyObject *self)
{
	struct printer *p = (struct printer *)self;
	PyTypeObject *tp = Py_TYPE(self);
	Py_XDECREF(p->val);
	freefunc free_fn = (freefunc)PyType_GetSlot(tp, Py_tp_free);
	free_fn(self);
	Py_DECREF(tp);
}

static PyMethodDef iface_methods[] = {
	{ "to_string", iface_to_string, METH_NOARGS, NULL },
	{ NULL, NULL, 0, NULL },
};

static PyMethodDef slice_methods[] = {
	{ "to_string", slice_to_string, METH_NOARGS, NULL },
	{ "children", slice_children, METH_NOARGS, NULL },
	{ "display_hint", slice_display_hint, METH_NOARGS, NULL },
	{ NULL, NULL, 0, NULL },
};

static PyType_Slot iface_slots[] = {
	{ Py_tp_dealloc, printer_dealloc },
	{ Py_tp_methods, iface_methods },
	{ Py_tp_doc, "Renders a Go interface value with goiface." },
	{ 0, NULL },
};

static PyType_Slot slice_slots[] = {
	{ Py_tp_dealloc, printer_dealloc },
	{ Py_tp_methods, slice_methods },
	{ Py_tp_doc, "Shows a Go slice as its elements." },
	{ 0, NULL },
};

static PyType_Spec iface_spec = {
	"_goiface_gdb.InterfacePrinter", sizeof(struct printer), 0,
	Py_TPFLAGS_DEFAULT, iface_slots,
};

static PyType_Spec slice_spec = {
	"_goiface_gdb.SlicePrinter", sizeof(struct printer), 0,
	Py_TPFLAGS_DEFAULT, slice_slots,
};

static PyObject *new_printer(PyObject *type, PyObject *val, enum gg_shape shape,
			     const char *w0, const char *w1)
{
	allocfunc alloc = (allocfunc)PyType_GetSlot((PyTypeObject *)type, Py_tp_alloc);
	struct printer *p = (struct printer *)alloc((PyTypeObject *)type, 0);
	if (!p)
		return NULL;
	Py_INCREF(val);
	p->val = val;
	p->shape = shape;
	p->w0 = w0;
	p->w1 = w1;
	return (PyObject *)p;
}

/* The lookup function gdb calls for every value it prints. */
static PyObject *lookup(PyObject *self, PyObject *val)
{
	(void)self;
	if (!enabled())
		Py_RETURN_NONE;
	PyObject *type = PyObject_GetAttrString(val, "type");
	if (!type) {
		PyErr_Clear();
		Py_RETURN_NONE;
	}
	enum gg_shape shape;
	const char *w0 = NULL, *w1 = NULL;
	int r = gg_classify_type(type, &shape, &w0, &w1);
	Py_DECREF(type);
	if (r) {
		PyErr_Clear();
		Py_RETURN_NONE;
	}
	switch (shape) {
	case GG_SHAPE_EFACE:
	case GG_SHAPE_IFACE: {
		/* Only in a Go program goiface can decode: elsewhere (a C
		 * program, a Go release without a layout) gdb prints as usual. */
		struct gg_target *t = gg_target_enter(false);
		if (!t) {
			PyErr_Clear();
			Py_RETURN_NONE;
		}
		bool usable = !gg_target_problem(t);
		gg_target_leave(t);
		if (!usable)
			Py_RETURN_NONE;
		return new_printer(iface_printer_type, val, shape, w0, w1);
	}
	case GG_SHAPE_SLICE:
		return new_printer(slice_printer_type, val, shape, NULL, NULL);
	default:
		Py_RETURN_NONE;
	}
}

static PyMethodDef lookup_def = {
	"goiface", lookup, METH_O,
	"goiface pretty-printer lookup: Go interface values and slices."
};

static PyType_Slot setting_slots[] = {
	{ Py_tp_doc,
	  "Whether gdb's print renders Go interface values with goiface.\n"
	  "When on, `print err` shows e.g. error(*main.MyErr) *{Code: 7}; when off,\n"
	  "gdb shows the raw {tab, data} struct." },
	{ 0, NULL },
};

static PyType_Spec setting_spec = {
	"_goiface_gdb.PrintGoifaceParameter", 0, 0, Py_TPFLAGS_DEFAULT, setting_slots,
};

static int register_setting(PyObject *module)
{
	PyObject *base = PyObject_GetAttrString(gg.module, "Parameter");
	PyObject *bases = base ? PyTuple_Pack(1, base) : NULL;
	Py_XDECREF(base);
	PyObject *cls = bases ? PyType_FromSpecWithBases(&setting_spec, bases) : NULL;
	Py_XDECREF(bases);
	if (!cls)
		return -1;
	PyObject *set_doc = PyUnicode_FromString("Set whether print renders Go interface values with goiface.");
	PyObject *show_doc = PyUnicode_FromString("Show whether print renders Go interface values with goiface.");
	if (!set_doc || !show_doc || PyObject_SetAttrString(cls, "set_doc", set_doc) ||
	    PyObject_SetAttrString(cls, "show_doc", show_doc)) {
		Py_XDECREF(set_doc);
		Py_XDECREF(show_doc);
		Py_DECREF(cls);
		return -1;
	}
	Py_DECREF(set_doc);
	Py_DECREF(show_doc);
	PyObject *cmd_class = PyObject_GetAttrString(gg.module, "COMMAND_DATA");
	PyObject *param_class = PyObject_GetAttrString(gg.module, "PARAM_BOOLEAN");
	PyObject *obj = NULL;
	if (cmd_class && param_class)
		obj = PyObject_CallFunction(cls, "sOO", "print goiface", cmd_class, param_class);
	Py_XDECREF(cmd_class);
	Py_XDECREF(param_class);
	Py_DECREF(cls);
	if (!obj || PyObject_SetAttrString(obj, "value", Py_True)) {
		Py_XDECREF(obj);
		return -1;
	}
	setting = obj;
	Py_INCREF(obj);
	if (PyModule_AddObject(module, "_setting", obj)) {
		Py_DECREF(obj);
		return -1;
	}
	return 0;
}

int gg_printers_register(PyObject *module)
{
	if (register_setting(module))
		return -1;
	iface_printer_type = PyType_FromSpec(&iface_spec);
	slice_printer_type = PyType_FromSpec(&slice_spec);
	if (!iface_printer_type || !slice_printer_type)
		return -1;
	PyObject *fn = PyCFunction_New(&lookup_def, module);
	if (!fn)
		return -1;
	/* Global printers: gdb consults them for values of every objfile. */
	PyObject *list = PyObject_GetAttrString(gg.module, "pretty_printers");
	PyObject *r = list ? PyObject_CallMethod(list, "insert", "iO", 0, fn) : NULL;
	Py_XDECREF(list);
	Py_DECREF(fn);
	if (!r)
		return -1;
	Py_DECREF(r);
	return 0;
}
