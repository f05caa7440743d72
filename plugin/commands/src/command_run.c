/*
 * gi_command_run: separates options from operands (GNU style: options may
 * stand anywhere, "--" ends them), then hands the operands to the command.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "command_internal.h"

struct command_entry {
	const char *name;
	command_fn *run;
};

static const struct command_entry commands[] = {
	{ "print", cmd_print },
	{ "itab", cmd_itab },
	{ "type", cmd_type },
	{ "itabs", cmd_itabs },
	{ "version", cmd_version },
};

/* Upper bound for the numeric limits: larger values only make a damaged
 * target take longer to print. */
#define MAX_LIMIT 1000000UL

static bool parse_limit(const char *s, unsigned long max, unsigned long *ret)
{
	if (!s || !*s || *s == '-' || *s == '+')
		return false;
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return false;
	*ret = v;
	return true;
}

/*
 * Options that take a number: "--max-depth N" or "--max-depth=N".
 * Returns 0 if arg is not such an option, 1 if it consumed arg alone,
 * 2 if it also consumed next, -1 on a bad value (err filled).
 */
static int parse_limit_option(const char *arg, const char *next,
			      struct command_options *opts, struct gi_strbuf *err)
{
	static const char *const names[] = { "--max-depth", "--max-string",
					     "--max-elements" };
	/* Depth is capped lower: each level costs the host's stack. */
	static const unsigned long maxima[] = { GI_FORMAT_MAX_DEPTH, MAX_LIMIT,
						MAX_LIMIT };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t n = strlen(names[i]);
		if (strncmp(arg, names[i], n) != 0 || (arg[n] != '\0' && arg[n] != '='))
			continue;
		const char *value = arg[n] == '=' ? arg + n + 1 : next;
		unsigned long v;
		if (!parse_limit(value, maxima[i], &v)) {
			command_fail(err, "%s needs a number from 0 to %lu, not %s%s%s",
				     names[i], maxima[i], value ? "\"" : "",
				     value ? value : "nothing", value ? "\"" : "");
			return -1;
		}
		if (i == 0)
			opts->format.max_depth = (unsigned)v;
		else if (i == 1)
			opts->format.max_string = v;
		else
			opts->format.max_elements = v;
		return arg[n] == '=' ? 1 : 2;
	}
	return 0;
}

/*
 * Names, paths and version strings come from the target and go into text
 * output unquoted: escape what a terminal would act on, in what this run
 * appended.  JSON escapes its strings itself.
 */
static void escape_for_terminal(struct gi_strbuf *sb, size_t from)
{
	if (sb->len <= from)
		return;
	struct gi_strbuf tail = GI_STRBUF_INIT;
	gi_strbuf_append(&tail, sb->data + from, sb->len - from);
	gi_strbuf_truncate(sb, from);
	if (!tail.failed)
		gi_strbuf_terminal_text(sb, tail.data, tail.len, true);
	else
		sb->failed = true;
	gi_strbuf_deinit(&tail);
}

static int run_command(const struct gi_command_host *host, int argc, char **argv,
		       struct command_options *opts, struct gi_strbuf *out,
		       struct gi_strbuf *err);

int gi_command_run(const struct gi_command_host *host, int argc, char **argv,
		   struct gi_strbuf *out, struct gi_strbuf *err)
{
	struct command_options opts = { 0 };
	size_t out_start = out->len;
	int status = run_command(host, argc, argv, &opts, out, err);
	if (!opts.json)
		escape_for_terminal(out, out_start);
	return status;
}

static int run_command(const struct gi_command_host *host, int argc, char **argv,
		       struct command_options *optsp, struct gi_strbuf *out,
		       struct gi_strbuf *err)
{
	struct command_options opts = { 0 };
	gi_format_options_default(&opts.format);
	/* One budget for everything this command renders. */
	struct gi_format_budget budget;
	gi_format_budget_init(&budget, GI_FORMAT_DEFAULT_STEPS);
	opts.format.budget = &budget;
	char **operands = calloc((size_t)(argc > 0 ? argc : 1), sizeof(*operands));
	if (!operands)
		return command_fail(err, "out of memory");
	int noperands = 0;
	bool help = false, options_done = false;
	int status = GI_EXIT_OK;
	for (int i = 0; i < argc; i++) {
		char *arg = argv[i];
		if (options_done || arg[0] != '-' || arg[1] == '\0') {
			operands[noperands++] = arg;
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			options_done = true;
		} else if (strcmp(arg, "--json") == 0) {
			opts.json = true;
		} else if (strcmp(arg, "--anomalies") == 0) {
			opts.anomalies_only = true;
		} else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			help = true;
		} else {
			int used = parse_limit_option(arg, i + 1 < argc ? argv[i + 1] : NULL,
						      &opts, err);
			if (used < 0) {
				status = GI_EXIT_ERROR;
				goto out;
			}
			if (used == 0) {
				status = command_fail(err, "unknown option %s (see \"help\")", arg);
				goto out;
			}
			i += used - 1;
		}
	}
	if (noperands == 0 && !help) {
		/* Nothing asked: the usage, as an error, so a script that lost
		 * its arguments does not pass. */
		gi_strbuf_puts(err, gi_command_help(NULL));
		status = GI_EXIT_ERROR;
		goto out;
	}
	if (help || strcmp(operands[0], "help") == 0) {
		const char *topic = NULL;
		if (noperands > 0)
			topic = strcmp(operands[0], "help") == 0
				? (noperands > 1 ? operands[1] : NULL) : operands[0];
		if (topic && !gi_command_has_help(topic)) {
			status = command_fail(err, "no help for \"%s\" (commands: print, itab,"
					      " type, itabs, version)", topic);
			goto out;
		}
		gi_strbuf_puts(out, gi_command_help(topic));
		goto out;
	}
	const struct command_entry *cmd = NULL;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, operands[0]) == 0)
			cmd = &commands[i];
	if (!cmd) {
		status = command_fail(err, "unknown command \"%s\" (commands: print, itab,"
				      " type, itabs, version)", operands[0]);
		goto out;
	}
	if (!host || !host->prog) {
		status = command_fail(err, "%s: no program to inspect", cmd->name);
		goto out;
	}
	if (opts.anomalies_only && cmd->run != cmd_itabs) {
		status = command_fail(err, "%s: --anomalies only applies to itabs",
				      cmd->name);
		goto out;
	}
	status = cmd->run(host, &opts, noperands - 1, operands + 1, out, err);
out:
	*optsp = opts;
	free(operands);
	return status;
}
