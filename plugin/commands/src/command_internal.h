/* What the command implementations share: parsed options, argument
 * helpers and one entry point per command. */
#ifndef GOIFACE_COMMAND_INTERNAL_H
#define GOIFACE_COMMAND_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "goiface/commands.h"
#include "goiface/format.h"
#include "goiface/itab.h"

struct command_options {
	bool json;
	bool anomalies_only; /* itabs --anomalies */
	struct gi_format_options format;
};

/* A command: operands (options already removed) in args[0..nargs). */
typedef int command_fn(const struct gi_command_host *host,
		       const struct command_options *opts, int nargs,
		       char **args, struct gi_strbuf *out, struct gi_strbuf *err);

command_fn cmd_print, cmd_itab, cmd_type, cmd_itabs, cmd_version;

/* Writes "<fmt...>" as the one error line and returns GI_EXIT_ERROR. */
int command_fail(struct gi_strbuf *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The same for an error value, prefixed with context; destroys it. */
int command_fail_error(struct gi_strbuf *err, struct gi_error *e,
		       const char *context);

/*
 * Text output with the target's names in it: formats like
 * gi_strbuf_appendf, then escapes every byte a terminal would act on
 * (gi_strbuf_terminal_text), newlines included but for a final one, so a
 * name holding "\n" cannot start a line of its own.
 */
void text_appendf(struct gi_strbuf *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void text_puts(struct gi_strbuf *out, const char *s);

/* Parses a whole string as an address: 0x-hex or decimal. */
bool parse_address(const char *s, uint64_t *ret);
/* Finds the address a name stands for in the program alone (a type's %T
 * name); GI_ERROR_NOT_FOUND when it stands for none. */
typedef struct gi_error *name_lookup_fn(struct gi_program *prog, const char *name,
					uint64_t *ret);

/*
 * An address operand, tried in one order by every command: a number; else,
 * when by_name is given, a name it finds; else whatever the host resolves it
 * to (a symbol, a debugger expression).  When the host does not know the
 * operand either, the error is by_name's.
 */
struct gi_error *resolve_address_operand(const struct gi_command_host *host,
					 const char *operand, name_lookup_fn *by_name,
					 uint64_t *ret);

/* Appends the symbol at an itab method's pc ("main.(*T).Error", "+0x…" when
 * not at the entry), noting the slots the linker pointed at
 * runtime.unreachableMethod (unrelocated ones in PIE included). */
void append_method_symbol(const struct gi_command_host *host,
			  const struct gi_itab_method *m, struct gi_strbuf *out);

/* Finds a runtime type descriptor by its %T string among the types the
 * linker listed for reflect (typelinks / the 1.27 typelink descriptors). */
name_lookup_fn type_lookup_by_name;

#endif
