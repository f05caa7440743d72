/*
 * goiface: opens an executable (with a core file, or a live process),
 * builds the program, and runs one command of the shared command layer.
 * Every failure is one line on stderr, "goiface: <message>", and status 2.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli_options.h"
#include "goiface/commands.h"
#include "goiface/target.h"
#include "process_pause.h"
#include "resolve.h"

/* Messages quote paths and names from the files: escaped, one line. */
static int fail(const char *message)
{
	struct gi_strbuf line = GI_STRBUF_INIT;
	gi_strbuf_terminal_text(&line, message, strlen(message), false);
	fprintf(stderr, "goiface: %s\n", line.failed ? "out of memory" : gi_strbuf_str(&line));
	gi_strbuf_deinit(&line);
	return GI_EXIT_ERROR;
}

static int fail_error(struct gi_error *err)
{
	int status = fail(err->message);
	gi_error_destroy(err);
	return status;
}

/* Writes what a command produced: output to stdout, the error line to
 * stderr. */
static int finish(int status, struct gi_strbuf *out, struct gi_strbuf *err)
{
	fputs(gi_strbuf_str(out), stdout);
	if (err->len)
		fail(gi_strbuf_str(err));
	else if (status == GI_EXIT_ERROR)
		fail("failed");
	if (fflush(stdout) != 0 && status == GI_EXIT_OK)
		return fail("cannot write the output");
	return status;
}

static int finish_and_free(int status, struct gi_strbuf *out, struct gi_strbuf *err)
{
	status = finish(status, out, err);
	gi_strbuf_deinit(out);
	gi_strbuf_deinit(err);
	return status;
}

/* Without a target only help can be shown. */
static int run_without_target(struct cli_options *opts)
{
	struct gi_strbuf out = GI_STRBUF_INIT, err = GI_STRBUF_INIT;
	if (opts->argc == 0) {
		/* goiface alone is a mistake (a script lost its arguments): the
		 * usage goes to stderr and the status says so. */
		cli_usage(&out);
		if (opts->help)
			return finish_and_free(GI_EXIT_OK, &out, &err);
		fputs(gi_strbuf_str(&out), stderr);
		gi_strbuf_deinit(&out);
		return GI_EXIT_ERROR;
	}
	char *help_argv[64];
	int argc = 0;
	for (int i = 0; i < opts->argc && argc < 62; i++)
		help_argv[argc++] = opts->argv[i];
	if (opts->help)
		help_argv[argc++] = "--help";
	int status = gi_command_run(NULL, argc, help_argv, &out, &err);
	bool asks_help = strcmp(help_argv[0], "help") == 0;
	if (status == GI_EXIT_ERROR && !opts->help && !asks_help) {
		/* A real command: say what is missing rather than the layer's
		 * generic complaint. */
		gi_strbuf_reset(&err);
		gi_strbuf_puts(&err, "no target: give --exe FILE (with --core FILE) or --pid PID");
	}
	status = finish(status, &out, &err);
	gi_strbuf_deinit(&out);
	gi_strbuf_deinit(&err);
	return status;
}

/* The program over the target, with the Go release chosen: --go-version if
 * given, else runtime.buildVersion, else the build-info blob. */
static struct gi_error *make_program(struct gi_target *target,
				     const struct cli_options *opts,
				     struct gi_program **ret)
{
	struct gi_error *err;
	struct gi_program *prog;
	if (opts->go_version) {
		err = gi_target_create_program_unversioned(target, &prog);
		if (err)
			return err;
		err = gi_program_set_go_version(prog, opts->go_version,
						GI_VERSION_FROM_CALLER, opts->force_layout);
	} else {
		err = gi_target_create_program(target, opts->force_layout, &prog);
		if (err)
			return err;
	}
	if (!err)
		err = gi_program_load_modules(prog);
	if (err) {
		gi_program_destroy(prog);
		return err;
	}
	*ret = prog;
	return NULL;
}

static int run(struct cli_options *opts)
{
	struct gi_target *target;
	struct gi_error *err = gi_target_open(opts->exe, opts->core, opts->pid, &target);
	if (err)
		return fail_error(err);
	/* A truncated core reads as the executable's initial data where pages
	 * are missing: values that look right and are not.  Refuse it. */
	const char *warning = gi_target_warning(target);
	if (warning) {
		int status = fail(warning);
		gi_target_destroy(target);
		return status;
	}
	struct process_pause *pause = NULL;
	if (opts->pid && (err = process_pause(opts->pid, &pause))) {
		gi_target_destroy(target);
		return fail_error(err);
	}
	struct gi_program *prog;
	if ((err = make_program(target, opts, &prog))) {
		process_resume(pause);
		gi_target_destroy(target);
		return fail_error(err);
	}
	struct cli_resolver resolver = { .target = target, .prog = prog };
	struct gi_command_host host = {
		.prog = prog,
		.resolve_variable = cli_resolve_variable,
		.resolve_address = cli_resolve_address,
		.arg = &resolver,
		.static_only = gi_target_kind(target) == GI_TARGET_EXECUTABLE,
		.load_bias = gi_target_load_bias(target),
	};
	struct gi_strbuf out = GI_STRBUF_INIT, errbuf = GI_STRBUF_INIT;
	int status = gi_command_run(&host, opts->argc, opts->argv, &out, &errbuf);
	process_resume(pause);
	status = finish(status, &out, &errbuf);
	gi_strbuf_deinit(&out);
	gi_strbuf_deinit(&errbuf);
	gi_program_destroy(prog);
	gi_target_destroy(target);
	return status;
}

int main(int argc, char **argv)
{
	struct cli_options opts;
	struct gi_strbuf err = GI_STRBUF_INIT;
	if (!cli_options_parse(argc, argv, &opts, &err)) {
		int status = fail(gi_strbuf_str(&err));
		gi_strbuf_deinit(&err);
		cli_options_free(&opts);
		return status;
	}
	int status;
	if (opts.version) {
		printf("goiface %s\n", GOIFACE_VERSION_STRING);
		status = GI_EXIT_OK;
	} else if (opts.help || (!opts.exe && !opts.pid)) {
		status = run_without_target(&opts);
	} else {
		status = run(&opts);
	}
	cli_options_free(&opts);
	return status;
}
