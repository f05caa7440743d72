/*
 * The goiface commands (print, itab, type, itabs, version), shared by every
 * front-end: the standalone command, gdb and lldb all hand their argument
 * vector here and print the text that comes back, so the same value reads
 * the same everywhere.  A front-end supplies the program (memory, symbols)
 * and, optionally, a way to turn an expression into an interface variable.
 */
#ifndef GOIFACE_COMMANDS_H
#define GOIFACE_COMMANDS_H

#include <stdbool.h>
#include <stdint.h>

#include "goiface/error.h"
#include "goiface/program.h"
#include "goiface/strbuf.h"
#include "goiface/variable.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Exit statuses, also used by the front-ends. */
enum {
	GI_EXIT_OK = 0,
	GI_EXIT_ANOMALIES = 1, /* itabs found inconsistencies */
	GI_EXIT_ERROR = 2,
};

struct gi_command_host {
	struct gi_program *prog;
	/*
	 * Resolves an expression (a global's name, or anything the debugger can
	 * evaluate) to an interface variable.  NULL: only ADDR:eface and
	 * ADDR:iface are understood.  Return GI_ERROR_NOT_FOUND for unknown names.
	 */
	struct gi_error *(*resolve_variable)(void *arg, const char *expr,
					     struct gi_variable_info *ret);
	/*
	 * Resolves an expression to an address (a symbol such as
	 * go:itab.*main.T,main.I, or a debugger expression) for "itab" and
	 * "type".  Numbers, and for "type" the %T names of types, are tried
	 * before this is asked.  May be NULL.
	 */
	struct gi_error *(*resolve_address)(void *arg, const char *expr,
					    uint64_t *ret);
	void *arg;
	/*
	 * Set when memory is an executable file alone, with no process image
	 * behind it (the standalone command without --core or --pid): the
	 * itab cache was never filled, so "itabs" reports the linker's itabs.
	 */
	bool static_only;
	/*
	 * Run-time minus link-time address for a position-independent
	 * executable, 0 otherwise (or unknown): lets "itabs" and "itab"
	 * recognise method slots the Go linker left unrelocated.
	 */
	uint64_t load_bias;
};

/*
 * Runs one command.  argv[0] is the command name ("print"); options
 * (--json, --max-depth N, --max-string N, --max-elements N, --anomalies)
 * may come anywhere.  Output goes to out; a failure writes one line
 * (no trailing newline) to err.  Returns a GI_EXIT_* status.
 */
int gi_command_run(const struct gi_command_host *host, int argc, char **argv,
		   struct gi_strbuf *out, struct gi_strbuf *err);

/*
 * For a front-end that knows where an interface variable is but not its
 * type (an ELF symbol without DWARF): whether it is an empty interface,
 * read off the value.  A non-empty interface's first word points at an
 * itab, whose own first word is an interface type descriptor inside a
 * module's types range; an empty interface's first word is a type
 * descriptor, whose first word is the type's size, never such an address.
 * A nil or unreadable value counts as empty ("nil" prints the same).
 */
bool gi_command_guess_eface(struct gi_program *prog, uint64_t address);

/* Help text for one command, or the overview for NULL / unknown names. */
const char *gi_command_help(const char *command);
/* Whether a command of that name has help of its own. */
bool gi_command_has_help(const char *command);

#ifdef __cplusplus
}
#endif

#endif
