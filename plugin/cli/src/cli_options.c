/* Command-line parsing of the standalone command.  Options of the command
 * layer (--json, --max-depth N ...) pass through untouched, in order. */
#include "cli_options.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "goiface/commands.h"

enum option_id { OPT_EXE, OPT_CORE, OPT_PID, OPT_GO_VERSION, OPT_FORCE, OPT_HELP,
		 OPT_VERSION };

struct option_spec {
	const char *name;
	enum option_id id;
	bool takes_value;
};

static const struct option_spec specs[] = {
	{ "--exe", OPT_EXE, true },
	{ "--core", OPT_CORE, true },
	{ "--pid", OPT_PID, true },
	{ "--go-version", OPT_GO_VERSION, true },
	{ "--force-layout", OPT_FORCE, false },
	{ "--help", OPT_HELP, false },
	{ "-h", OPT_HELP, false },
	{ "--version", OPT_VERSION, false },
};

/* The spec arg names, with *value set for "--opt=value". */
static const struct option_spec *match(const char *arg, const char **value)
{
	*value = NULL;
	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		size_t n = strlen(specs[i].name);
		if (strncmp(arg, specs[i].name, n) != 0)
			continue;
		if (arg[n] == '\0')
			return &specs[i];
		if (arg[n] == '=' && specs[i].takes_value) {
			*value = arg + n + 1;
			return &specs[i];
		}
	}
	return NULL;
}

static bool parse_pid(const char *s, int *ret)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || !*s || v <= 0 || v > INT_MAX)
		return false;
	*ret = (int)v;
	return true;
}

static bool fail(struct gi_strbuf *err, const char *message, const char *what)
{
	gi_strbuf_appendf(err, message, what);
	return false;
}

bool cli_options_parse(int argc, char **argv, struct cli_options *opts,
		       struct gi_strbuf *err)
{
	memset(opts, 0, sizeof(*opts));
	opts->argv = calloc((size_t)(argc > 0 ? argc : 1), sizeof(*opts->argv));
	if (!opts->argv)
		return fail(err, "%s", "out of memory");
	bool passthrough = false;
	for (int i = 1; i < argc; i++) {
		const char *value;
		const struct option_spec *spec = passthrough ? NULL : match(argv[i], &value);
		if (!spec) {
			if (strcmp(argv[i], "--") == 0)
				passthrough = true; /* the command layer sees it too */
			opts->argv[opts->argc++] = argv[i];
			continue;
		}
		if (spec->takes_value && !value) {
			if (i + 1 >= argc)
				return fail(err, "%s needs a value", spec->name);
			value = argv[++i];
		}
		switch (spec->id) {
		case OPT_EXE: opts->exe = value; break;
		case OPT_CORE: opts->core = value; break;
		case OPT_PID:
			if (!parse_pid(value, &opts->pid))
				return fail(err, "--pid needs a process id, not \"%s\"", value);
			break;
		case OPT_GO_VERSION: opts->go_version = value; break;
		case OPT_FORCE: opts->force_layout = true; break;
		case OPT_HELP: opts->help = true; break;
		case OPT_VERSION: opts->version = true; break;
		}
	}
	if (opts->help || opts->version)
		return true;
	if (opts->exe && !opts->exe[0])
		return fail(err, "%s", "--exe needs a file name");
	if (opts->core && !opts->core[0])
		return fail(err, "%s", "--core needs a file name");
	if (opts->pid && opts->core)
		return fail(err, "%s", "--core and --pid exclude each other: a core file or a live process");
	if (opts->core && !opts->exe)
		return fail(err, "%s", "--core needs --exe: the executable that produced the core");
	return true;
}

void cli_options_free(struct cli_options *opts)
{
	free(opts->argv);
	opts->argv = NULL;
}

void cli_usage(struct gi_strbuf *out)
{
	gi_strbuf_puts(out,
		"Usage: goiface [--exe FILE] [--core FILE | --pid PID] [OPTIONS] COMMAND [ARGS]\n"
		"\n"
		"Shows what Go interface values hold, from an executable and a core file or a\n"
		"live process, without a debugger.\n"
		"\n"
		"Target:\n"
		"  --exe FILE         the Go executable (with or without symbols and DWARF)\n"
		"  --core FILE        an ELF core file the executable produced (needs --exe)\n"
		"  --pid PID          a live process, read-only (--exe defaults to /proc/PID/exe);\n"
		"                     it is stopped only while the command reads it\n"
		"  --go-version V     take the Go release as V (go1.22.3), overriding detection\n"
		"  --force-layout     use the newest known layout for a release goiface does not know\n"
		"  --help, --version  this text; goiface's own version\n"
		"\n");
	gi_strbuf_puts(out, gi_command_help(NULL));
	gi_strbuf_puts(out,
		"\n"
		"NAME resolution: a global's DWARF entry gives its address, static type and\n"
		"whether it is an empty interface.  Without DWARF the symbol table gives the\n"
		"address only, and the kind of interface is read off the value: if its first\n"
		"word points at an itab (a record whose first word is an interface type\n"
		"descriptor of the program) it is taken as a non-empty interface, otherwise\n"
		"as an empty one.  A stripped executable has neither: use ADDR:eface or\n"
		"ADDR:iface.\n");
}
