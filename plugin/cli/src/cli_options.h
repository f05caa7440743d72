/* The standalone command's own options (--exe, --core, --pid, ...); the
 * rest of the line belongs to the command layer. */
#ifndef GOIFACE_CLI_OPTIONS_H
#define GOIFACE_CLI_OPTIONS_H

#include <stdbool.h>

#include "goiface/strbuf.h"

struct cli_options {
	const char *exe, *core;
	int pid; /* 0: none */
	const char *go_version;
	bool force_layout;
	bool help, version;
	/* Everything else, in order: the command, its operands and options. */
	int argc;
	char **argv;
};

/* Parses argv[1..argc); GNU style: options anywhere, --opt=value or
 * --opt value, "--" ends option parsing.  On a usage error returns false
 * with one line in err.  cli_options_free() releases opts->argv. */
bool cli_options_parse(int argc, char **argv, struct cli_options *opts,
		       struct gi_strbuf *err);
void cli_options_free(struct cli_options *opts);

/* The text of goiface --help (the command overview included). */
void cli_usage(struct gi_strbuf *out);

#endif
