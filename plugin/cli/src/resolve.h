/* Names on the command line: variables for print (DWARF first, then the
 * symbol table, where the kind of interface has to be read off the value)
 * and symbols for itab. */
#ifndef GOIFACE_CLI_RESOLVE_H
#define GOIFACE_CLI_RESOLVE_H

#include "goiface/commands.h"
#include "goiface/target.h"

struct cli_resolver {
	struct gi_target *target;
	struct gi_program *prog;
};

/* A gi_command_host resolve_variable callback; arg is a cli_resolver. */
struct gi_error *cli_resolve_variable(void *arg, const char *expr,
				      struct gi_variable_info *ret);

/* A gi_command_host resolve_address callback; arg is a cli_resolver. */
struct gi_error *cli_resolve_address(void *arg, const char *expr, uint64_t *ret);

#endif
