/*
 * The goiface commands in gdb: `goiface print|itab|type|itabs|version`.
 * Each one splits its argument into an argument vector, hands it to the
 * shared command layer (gi_command_run) with callbacks that let gdb evaluate
 * expressions, and writes what comes back with gdb.write, so that gdb
 * prints the same text as the standalone command.  Failures become one
 * gdb.GdbError.
 */
#include "glue.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "goiface/commands.h"
#include "goiface/iface.h"
#include "goiface/strbuf.h"

/* One command invocation: what the callbacks need. */
struct invocation {
	struct gg_target *target;
	const char *command;
};

/* ---- evaluating expressions ---- */

static PyObject *parse_and_eval(const char *expr)
{
	return PyObject_CallMethod(gg.module, "parse_and_eval", "s", expr);
}

/* Keeps the first symbol value found (a gg_each_symbol_value use). */
static int keep_value(PyObject *value, void *arg)
{
	Py_INCREF(value);
	*(PyObject **)arg = value;
	return 0;
}

static PyObject *symbol_value(const char *name)
{
	PyObject *v = NULL;
	gg_each_symbol_value(name, keep_value, &v);
	return v;
}

static bool is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '/' ||
	       c == '%' || c == '-' || (unsigned char)c >= 0x80;
}

/*
 * gdb.parse_and_eval(expr), and when that fails (the current frame is not
 * Go code, so `main.gErr` does not parse): the global symbol of that name,
 * then the expression with its leading package-qualified name quoted
 * ('main.gHolder'.E), trying the longest name first.
 */
PyObject *gg_evaluate(const char *expr)
{
	PyObject *v = parse_and_eval(expr);
	if (v)
		return v;
	PyObject *type, *value, *tb;
	PyErr_Fetch(&type, &value, &tb);
	if (type && !PyErr_GivenExceptionMatches(type, gg.error))
		goto fail; /* KeyboardInterrupt and the like: no retries */

	v = symbol_value(expr);
	if (v)
		goto found;

	size_t len = strlen(expr);
	if (strchr(expr, '\'') || len > 4000)
		goto fail;
	size_t lead = 0;
	while (expr[lead] == '*' || expr[lead] == '&' || expr[lead] == '(' ||
	       expr[lead] == ' ')
		lead++;
	size_t end = lead;
	while (end < len && is_name_char(expr[end]))
		end++;
	char *buf = malloc(len + 3);
	if (!buf)
		goto fail;
	/* Split points: the whole name, then before each '.' from the right
	 * (a field access after the global's name). */
	int tries = 0;
	for (size_t cut = end; cut > lead && tries < 16; cut--) {
		if (cut != end && expr[cut] != '.')
			continue;
		if (!memchr(expr + lead, '.', cut - lead))
			break; /* not package-qualified */
		tries++;
		snprintf(buf, len + 3, "%.*s'%.*s'%s", (int)lead, expr,
			 (int)(cut - lead), expr + lead, expr + cut);
		v = parse_and_eval(buf);
		if (v)
			break;
		PyErr_Clear();
	}
	free(buf);
	if (v)
		goto found;
fail:
	PyErr_Restore(type, value, tb);
	return NULL;
found:
	Py_XDECREF(type);
	Py_XDECREF(value);
	Py_XDECREF(tb);
	return v;
}

/* The interface value an expression denotes (through one pointer), or NULL
 * with *err set. */
static PyObject *evaluate_interface(const char *expr, enum gg_shape *shape,
				    const char **w0, const char **w1,
				    struct gi_error **err)
{
	PyObject *v = gg_evaluate(expr);
	if (!v) {
		bool interrupt = false;
		char *msg = gg_take_exception(&interrupt, NULL);
		*err = gi_error_create(interrupt ? GI_ERROR_OTHER : GI_ERROR_NOT_FOUND,
				       "%s", interrupt ? "interrupted" : msg);
		free(msg);
		return NULL;
	}
	for (int deref = 0; deref < 2; deref++) {
		PyObject *type = PyObject_GetAttrString(v, "type");
		if (!type)
			goto pyfail;
		if (gg_classify_type(type, shape, w0, w1)) {
			Py_DECREF(type);
			goto pyfail;
		}
		if (*shape == GG_SHAPE_EFACE || *shape == GG_SHAPE_IFACE) {
			Py_DECREF(type);
			return v;
		}
		PyObject *st = PyObject_CallMethod(type, "strip_typedefs", NULL);
		char *tname = gg_str(type);
		Py_DECREF(type);
		if (!st || !tname) {
			Py_XDECREF(st);
			free(tname);
			goto pyfail;
		}
		PyObject *code = PyObject_GetAttrString(st, "code");
		Py_DECREF(st);
		long c = code ? PyLong_AsLong(code) : -1;
		Py_XDECREF(code);
		if (deref == 0 && c == gg.TYPE_CODE_PTR) {
			PyObject *d = PyObject_CallMethod(v, "dereference", NULL);
			if (d) {
				Py_DECREF(v);
				v = d;
				free(tname);
				continue;
			}
			PyErr_Clear();
		}
		*err = gi_error_create(GI_ERROR_INVALID,
				       "%s is not a Go interface value (its type is %s)",
				       expr, tname);
		free(tname);
		Py_DECREF(v);
		return NULL;
	}
	*err = gi_error_create(GI_ERROR_INVALID, "%s is not a Go interface value", expr);
	Py_DECREF(v);
	return NULL;
pyfail:
	Py_DECREF(v);
	{
		char *msg = gg_take_exception(NULL, NULL);
		*err = gi_error_create(GI_ERROR_OTHER, "%s: %s", expr, msg);
		free(msg);
	}
	return NULL;
}

/* The two words of an interface value (fields, so that values in registers
 * work too). */
static int interface_words(PyObject *v, const char *w0, const char *w1,
			   uint64_t words[2], struct gi_error **err, const char *expr)
{
	if (gg_fields_u64(v, w0, w1, words) == 0)
		return 0;
	char *msg = gg_take_exception(NULL, NULL);
	*err = gi_error_create(GI_ERROR_FAULT, "cannot read %s: %s", expr, msg);
	free(msg);
	return -1;
}

static struct gi_error *resolve_variable(void *arg, const char *expr,
					 struct gi_variable_info *ret)
{
	struct invocation *inv = arg;
	enum gg_shape shape;
	const char *w0, *w1;
	struct gi_error *err = NULL;
	PyObject *v = evaluate_interface(expr, &shape, &w0, &w1, &err);
	if (!v)
		return err;
	memset(ret, 0, sizeof(*ret));
	ret->is_eface = shape == GG_SHAPE_EFACE;
	snprintf(ret->name, sizeof(ret->name), "%s", expr);
	PyObject *type = PyObject_GetAttrString(v, "type");
	if (type) {
		gg_static_type_name(type, shape, ret->static_type, sizeof(ret->static_type));
		Py_DECREF(type);
	}
	PyErr_Clear();

	PyObject *addr = PyObject_GetAttrString(v, "address");
	uint64_t address = 0;
	bool in_memory = addr && addr != Py_None && gg_to_u64(addr, &address) == 0;
	Py_XDECREF(addr);
	PyErr_Clear();
	if (in_memory) {
		ret->address = address;
	} else {
		/* Held in registers (optimised Go code): decode a copy of its
		 * two words kept in the scratch segment. */
		if (interface_words(v, w0, w1, inv->target->scratch, &err, expr)) {
			Py_DECREF(v);
			return err;
		}
		gi_memory_flush_cache(inv->target->mem);
		ret->address = GG_SCRATCH_ADDRESS;
		/* The address shown is the copy's: say so. */
		snprintf(ret->name, sizeof(ret->name), "%.200s (in registers; a copy)", expr);
	}
	Py_DECREF(v);
	return NULL;
}

/* The address a symbol stands for: go:itab.*main.T,main.I and other ELF
 * symbols gdb has no type for. */
static struct gi_error *symbol_address(struct invocation *inv, const char *expr,
				       uint64_t *ret)
{
	/* 'go:itab.*main.T,error' as typed for gdb: the name inside. */
	char name[1024];
	size_t n = strlen(expr);
	if (n >= 2 && expr[0] == '\'' && expr[n - 1] == '\'' && n - 2 < sizeof(name))
		snprintf(name, sizeof(name), "%.*s", (int)(n - 2), expr + 1);
	else
		snprintf(name, sizeof(name), "%s", expr);
	struct gi_symbol sym;
	struct gi_error *err = inv->target->symbols.lookup_name(inv->target, name, &sym);
	if (err)
		return err;
	*ret = sym.address;
	return NULL;
}

static struct gi_error *resolve_address(void *arg, const char *expr, uint64_t *ret)
{
	struct invocation *inv = arg;
	struct gi_error *err = NULL;
	PyObject *v = gg_evaluate(expr);
	if (!v) {
		char *msg = gg_take_exception(NULL, NULL);
		err = symbol_address(inv, expr, ret);
		if (err) {
			gi_error_destroy(err);
			err = gi_error_create(GI_ERROR_NOT_FOUND, "%s", msg);
		}
		free(msg);
		return err;
	}
	PyObject *type = PyObject_GetAttrString(v, "type");
	enum gg_shape shape = GG_SHAPE_OTHER;
	const char *w0 = NULL, *w1 = NULL;
	if (!type || gg_classify_type(type, &shape, &w0, &w1)) {
		Py_XDECREF(type);
		Py_DECREF(v);
		char *msg = gg_take_exception(NULL, NULL);
		err = gi_error_create(GI_ERROR_OTHER, "%s: %s", expr, msg);
		free(msg);
		return err;
	}
	Py_DECREF(type);
	if (shape == GG_SHAPE_EFACE || shape == GG_SHAPE_IFACE) {
		/* An interface value: its itab (itab) or its dynamic type. */
		uint64_t words[2];
		int r = interface_words(v, w0, w1, words, &err, expr);
		Py_DECREF(v);
		if (r)
			return err;
		bool want_itab = !strcmp(inv->command, "itab");
		if (words[0] == 0)
			return gi_error_create(GI_ERROR_INVALID, "%s is nil: it has no %s",
					       expr, want_itab ? "itab" : "dynamic type");
		if (want_itab) {
			if (shape == GG_SHAPE_EFACE)
				return gi_error_create(GI_ERROR_INVALID,
						       "%s is an empty interface: it has no itab", expr);
			*ret = words[0];
			return NULL;
		}
		struct gi_iface *iface;
		err = gi_iface_decode(inv->target->prog, words[0], words[1],
				      shape == GG_SHAPE_EFACE, GI_TYPE_ALLOW_HEAP, &iface);
		if (err)
			return gi_error_wrap(err, "%s", expr);
		*ret = iface->type_addr;
		gi_iface_destroy(iface);
		return NULL;
	}
	if (gg_to_u64(v, ret)) {
		/* Not a number (a struct, a variable without a type): the
		 * symbol's address. */
		Py_DECREF(v);
		char *msg = gg_take_exception(NULL, NULL);
		err = symbol_address(inv, expr, ret);
		if (err) {
			gi_error_destroy(err);
			err = gi_error_create(GI_ERROR_INVALID,
					      "%s is neither an address nor an interface value (%s)",
					      expr, msg);
		}
		free(msg);
		return err;
	}
	Py_DECREF(v);
	return NULL;
}

/* ---- argument splitting ---- */

/* Options of the command layer that take a value. */
static bool option_takes_value(const char *opt)
{
	static const char *const with_value[] = {
		"--max-depth", "--max-string", "--max-elements", "--max-output",
		"--go-version",
	};
	if (strchr(opt, '='))
		return false;
	for (size_t i = 0; i < sizeof(with_value) / sizeof(*with_value); i++)
		if (!strcmp(opt, with_value[i]))
			return true;
	return false;
}

struct argv_buf {
	char **argv;
	int argc;
	int cap;
};

static int argv_push(struct argv_buf *a, const char *s, size_t n)
{
	if (a->argc + 2 > a->cap) {
		int cap = a->cap ? a->cap * 2 : 8;
		char **argv = realloc(a->argv, cap * sizeof(*argv));
		if (!argv)
			return -1;
		a->argv = argv;
		a->cap = cap;
	}
	char *copy = strndup(s, n);
	if (!copy)
		return -1;
	a->argv[a->argc++] = copy;
	a->argv[a->argc] = NULL;
	return 0;
}

static void argv_free(struct argv_buf *a)
{
	for (int i = 0; i < a->argc; i++)
		free(a->argv[i]);
	free(a->argv);
}

/*
 * Splits gdb's argument string: "--options" (and their values) become
 * separate arguments, and everything else is one expression, kept as typed
 * (quotes included: gdb evaluates it).  Words are separated by blanks
 * outside quotes and brackets.  "--" ends the options.
 */
static int split_arguments(const char *command, const char *arg, struct argv_buf *a)
{
	if (argv_push(a, command, strlen(command)))
		return -1;
	size_t len = strlen(arg);
	char *expr = malloc(len + 1);
	if (!expr)
		return -1;
	size_t elen = 0;
	bool options_done = false, want_value = false;
	size_t i = 0;
	while (i < len) {
		while (i < len && isspace((unsigned char)arg[i]))
			i++;
		if (i >= len)
			break;
		size_t start = i;
		int depth = 0;
		char quote = 0;
		for (; i < len; i++) {
			char c = arg[i];
			if (quote) {
				if (c == '\\' && i + 1 < len)
					i++;
				else if (c == quote)
					quote = 0;
			} else if (c == '\'' || c == '"') {
				quote = c;
			} else if (c == '(' || c == '[' || c == '{') {
				depth++;
			} else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
				depth--;
			} else if (isspace((unsigned char)c) && depth == 0) {
				break;
			}
		}
		size_t n = i - start;
		const char *word = arg + start;
		if (want_value) {
			want_value = false;
			if (argv_push(a, word, n))
				goto fail;
		} else if (!options_done && n == 2 && !strncmp(word, "--", 2)) {
			options_done = true;
		} else if (!options_done && n > 2 && !strncmp(word, "--", 2) && elen == 0) {
			if (argv_push(a, word, n))
				goto fail;
			char opt[64];
			snprintf(opt, sizeof(opt), "%.*s", (int)n, word);
			want_value = option_takes_value(opt);
		} else if (!options_done && n > 2 && !strncmp(word, "--", 2) &&
			   isalpha((unsigned char)word[2])) {
			/* An option after the expression. */
			if (argv_push(a, word, n))
				goto fail;
			char opt[64];
			snprintf(opt, sizeof(opt), "%.*s", (int)n, word);
			want_value = option_takes_value(opt);
		} else {
			if (elen)
				expr[elen++] = ' ';
			memcpy(expr + elen, word, n);
			elen += n;
		}
	}
	if (elen) {
		if (options_done && argv_push(a, "--", 2))
			goto fail;
		if (argv_push(a, expr, elen))
			goto fail;
	}
	free(expr);
	return 0;
fail:
	free(expr);
	return -1;
}

/* ---- the gdb commands ---- */

static int write_output(const char *text)
{
	if (!text || !*text)
		return 0;
	PyObject *r = PyObject_CallMethod(gg.module, "write", "s", text);
	if (!r)
		return -1;
	Py_DECREF(r);
	return 0;
}

static PyObject *run_command(const char *command, PyObject *args)
{
	const char *arg = "";
	PyObject *from_tty = NULL;
	if (!PyArg_ParseTuple(args, "|zO", &arg, &from_tty))
		return NULL;
	if (!arg)
		arg = "";
	struct gg_target *t = gg_target_enter(true);
	if (!t)
		return NULL;
	PyObject *ret = NULL;
	struct argv_buf a = { 0 };
	struct gi_strbuf out = GI_STRBUF_INIT, err = GI_STRBUF_INIT;
	if (split_arguments(command, arg, &a)) {
		PyErr_NoMemory();
		goto out;
	}
	const char *problem = gg_target_problem(t);
	if (problem && strcmp(command, "version")) {
		/* Nothing can be decoded without a layout and modules. */
		char msg[1024];
		snprintf(msg, sizeof(msg), "goiface: %s", problem);
		gg_raise(msg);
		goto out;
	}
	struct invocation inv = { t, command };
	struct gi_command_host host = {
		.prog = t->prog,
		.load_bias = t->load_bias,
		.resolve_variable = resolve_variable,
		.resolve_address = resolve_address,
		.arg = &inv,
	};
	int status = gi_command_run(&host, a.argc, a.argv, &out, &err);
	if (PyErr_Occurred()) /* a callback left one behind: never leak it */
		PyErr_Clear();
	if (write_output(gi_strbuf_str(&out)))
		goto out;
	if (t->interrupted) {
		PyErr_SetNone(PyExc_KeyboardInterrupt);
		goto out;
	}
	if (status == GI_EXIT_ERROR || (status != GI_EXIT_OK && err.len)) {
		if (status == GI_EXIT_ANOMALIES && !err.len)
			goto done;
		const char *msg = err.len ? gi_strbuf_str(&err) : "goiface: command failed";
		gg_raise(msg);
		goto out;
	}
	if (problem && !err.len) {
		/* version still reports what it found; say why nothing decodes. */
		struct gi_strbuf line = GI_STRBUF_INIT;
		gi_strbuf_puts(&line, "goiface: ");
		gi_strbuf_terminal_text(&line, problem, strlen(problem), false);
		gi_strbuf_putc(&line, '\n');
		int failed = write_output(gi_strbuf_str(&line));
		gi_strbuf_deinit(&line);
		if (failed)
			goto out;
	}
	if (err.len) {
		/* Warnings on success. */
		if (write_output(gi_strbuf_str(&err)) || write_output("\n"))
			goto out;
	}
done:
	ret = Py_None;
	Py_INCREF(ret);
out:
	gi_strbuf_deinit(&out);
	gi_strbuf_deinit(&err);
	argv_free(&a);
	gg_target_leave(t);
	return ret;
}

#define GG_COMMAND(fn, name)                                             \
	static PyObject *fn(PyObject *self, PyObject *args)              \
	{                                                                \
		(void)self;                                              \
		return run_command(name, args);                          \
	}
GG_COMMAND(invoke_print, "print")
GG_COMMAND(invoke_itab, "itab")
GG_COMMAND(invoke_type, "type")
GG_COMMAND(invoke_itabs, "itabs")
GG_COMMAND(invoke_version, "version")

static PyObject *invoke_prefix(PyObject *self, PyObject *args)
{
	(void)self;
	const char *arg = NULL;
	PyObject *from_tty = NULL;
	if (!PyArg_ParseTuple(args, "|zO", &arg, &from_tty))
		return NULL;
	while (arg && isspace((unsigned char)*arg))
		arg++;
	if (arg && *arg) {
		char msg[256];
		size_t n = strcspn(arg, " \t");
		snprintf(msg, sizeof(msg),
			 "Undefined goiface command: \"%.*s\".  Try \"help goiface\".",
			 (int)(n > 64 ? 64 : n), arg);
		gg_raise(msg);
		return NULL;
	}
	PyObject *kw = Py_BuildValue("{s:O}", "from_tty", Py_False);
	PyObject *fn = PyObject_GetAttrString(gg.module, "execute");
	PyObject *a = Py_BuildValue("(s)", "help goiface");
	PyObject *r = kw && fn && a ? PyObject_Call(fn, a, kw) : NULL;
	Py_XDECREF(kw);
	Py_XDECREF(fn);
	Py_XDECREF(a);
	return r;
}

struct command_def {
	const char *gdb_name;   /* "goiface print" */
	const char *type_name;  /* "_goiface_gdb.PrintCommand" */
	const char *help_name;  /* for gi_command_help; NULL: the overview */
	const char *summary;    /* first line of help */
	const char *usage;
	PyCFunction invoke;
	const char *completer;  /* gdb.COMPLETE_* name */
	bool prefix;
};

static const struct command_def command_defs[] = {
	{ "goiface", "_goiface_gdb.GoifaceCommand", NULL,
	  "Show what Go interface values hold.",
	  "Usage: goiface print|itab|type|itabs|version ...\n"
	  "Plain `print` of a Go interface value is rendered by goiface too;\n"
	  "`set print goiface off` turns that off.",
	  invoke_prefix, "COMPLETE_NONE", true },
	{ "goiface print", "_goiface_gdb.PrintCommand", "print",
	  "Print what a Go interface value holds: dynamic type, value, typed nil, itab.",
	  "Usage: goiface print [--json] [--max-depth N] [--max-string N] [--max-elements N] EXPR\n"
	  "       goiface print ADDR:eface | ADDR:iface\n"
	  "EXPR is anything gdb evaluates to a Go interface value (a global such as\n"
	  "main.gErr even outside Go frames, a local, a field), or a pointer to one.",
	  invoke_print, "COMPLETE_EXPRESSION", false },
	{ "goiface itab", "_goiface_gdb.ItabCommand", "itab",
	  "Show an itab: interface, concrete type, hash and methods with their code.",
	  "Usage: goiface itab [--json] EXPR|ADDR|SYMBOL\n"
	  "EXPR may be a non-empty interface value; SYMBOL e.g. 'go:itab.*main.T,error'.",
	  invoke_itab, "COMPLETE_EXPRESSION", false },
	{ "goiface type", "_goiface_gdb.TypeCommand", "type",
	  "Show a Go runtime type descriptor.",
	  "Usage: goiface type [--json] EXPR|ADDR\n"
	  "EXPR may be an interface value: its dynamic type is shown.",
	  invoke_type, "COMPLETE_EXPRESSION", false },
	{ "goiface itabs", "_goiface_gdb.ItabsCommand", "itabs",
	  "Audit the program's itabs (runtime.itabTable and the linker's itabs).",
	  "Usage: goiface itabs [--json] [--anomalies]",
	  invoke_itabs, "COMPLETE_NONE", false },
	{ "goiface version", "_goiface_gdb.VersionCommand", "version",
	  "Show the Go release of the program and where goiface found it.",
	  "Usage: goiface version [--json]",
	  invoke_version, "COMPLETE_NONE", false },
};

static int register_command(PyObject *module, PyObject *command_base,
			    const struct command_def *def)
{
	struct gi_strbuf doc = GI_STRBUF_INIT;
	gi_strbuf_puts(&doc, def->summary);
	gi_strbuf_puts(&doc, "\n\n");
	gi_strbuf_puts(&doc, def->usage);
	const char *more = def->help_name ? gi_command_help(def->help_name) : NULL;
	if (more && *more) {
		gi_strbuf_puts(&doc, "\n\n");
		gi_strbuf_puts(&doc, more);
		/* gdb prints the doc as is: no trailing blank lines. */
		while (doc.len && doc.data[doc.len - 1] == '\n')
			doc.data[--doc.len] = '\0';
	}
	if (doc.failed) {
		gi_strbuf_deinit(&doc);
		PyErr_NoMemory();
		return -1;
	}
	PyMethodDef *methods = calloc(2, sizeof(*methods));
	PyType_Slot *slots = calloc(3, sizeof(*slots));
	if (!methods || !slots) {
		free(methods);
		free(slots);
		gi_strbuf_deinit(&doc);
		PyErr_NoMemory();
		return -1;
	}
	/* Both live as long as the type, i.e. for ever. */
	methods[0] = (PyMethodDef){ "invoke", def->invoke, METH_VARARGS, NULL };
	slots[0] = (PyType_Slot){ Py_tp_methods, methods };
	slots[1] = (PyType_Slot){ Py_tp_doc, (void *)gi_strbuf_str(&doc) };
	PyType_Spec spec = {
		.name = def->type_name,
		.basicsize = 0,
		.itemsize = 0,
		.flags = Py_TPFLAGS_DEFAULT,
		.slots = slots,
	};
	PyObject *bases = PyTuple_Pack(1, command_base);
	PyObject *cls = bases ? PyType_FromSpecWithBases(&spec, bases) : NULL;
	Py_XDECREF(bases);
	gi_strbuf_deinit(&doc); /* tp_doc was copied */
	if (!cls)
		return -1;
	PyObject *completer = PyObject_GetAttrString(gg.module, def->completer);
	PyObject *command_class = PyObject_GetAttrString(gg.module, "COMMAND_DATA");
	PyObject *obj = NULL;
	if (completer && command_class)
		obj = PyObject_CallFunction(cls, "sOOO", def->gdb_name, command_class,
					    completer, def->prefix ? Py_True : Py_False);
	Py_XDECREF(completer);
	Py_XDECREF(command_class);
	Py_DECREF(cls);
	if (!obj)
		return -1;
	/* The module keeps the command alive. */
	char attr[64];
	snprintf(attr, sizeof(attr), "_command_%s", def->help_name ? def->help_name : "goiface");
	if (PyModule_AddObject(module, attr, obj)) {
		Py_DECREF(obj);
		return -1;
	}
	return 0;
}

int gg_commands_register(PyObject *module)
{
	PyObject *base = PyObject_GetAttrString(gg.module, "Command");
	if (!base)
		return -1;
	int ret = 0;
	for (size_t i = 0; i < sizeof(command_defs) / sizeof(*command_defs) && !ret; i++)
		ret = register_command(module, base, &command_defs[i]);
	Py_DECREF(base);
	return ret;
}
