/* Help texts: the stable command interface, as docs/commands.md states it.
 * Every front-end shows these same words. */
#include <stdbool.h>
#include <string.h>

#include "command_internal.h"

static const char overview[] =
	"Commands:\n"
	"  print NAME|ADDR:eface|ADDR:iface  an interface variable: Delve-style line, typed-nil\n"
	"                                    warning, kind, storage, data address, itab methods\n"
	"  itab ADDR|SYMBOL                  one itab: interface, type, hash, fun[i] with symbols\n"
	"  type ADDR|NAME                    one runtime type descriptor (NAME as %T prints it)\n"
	"  itabs [--anomalies]               audit of the itab cache and the linker's itabs;\n"
	"                                    exit status 1 when anomalies are found\n"
	"  version                           Go release, layout, and where each came from\n"
	"  help [COMMAND]                    this text, or one command's\n"
	"\n"
	"Options (anywhere on the line):\n"
	"  --json             one JSON document instead of text\n"
	"  --max-depth N      follow pointers and composites N levels deep (default 4,\n"
	"                     at most 64)\n"
	"  --max-string N     show at most N bytes of a string (default 64)\n"
	"  --max-elements N   show at most N elements, fields or entries (default 64)\n"
	"\n"
	"Exit status: 0 success, 1 itabs found anomalies, 2 error (one line on stderr).\n";

static const char help_print[] =
	"print NAME|ADDR:eface|ADDR:iface [--json] [--max-depth N] [--max-string N]\n"
	"      [--max-elements N]\n"
	"\n"
	"Shows what an interface variable holds.  NAME is a global variable\n"
	"(main.gErr) or, in a debugger, any expression it evaluates to an interface.\n"
	"ADDR:eface reads an interface{} / any at ADDR, ADDR:iface a non-empty\n"
	"interface (its first word is an itab).\n"
	"\n"
	"The first line is Delve's: `error(*main.T) *{A: 1}`, `interface {}(int) 5`,\n"
	"`error nil`; a typed nil reads `error(*main.T) nil [typed nil: != nil]` and a\n"
	"warning line follows.  Then: kind, direct or indirect storage, data address,\n"
	"the dynamic type with its import path, and the itab with each method's pc and\n"
	"symbol.\n"
	"\n"
	"--json: {name, addr, static_type, nil, typed_nil, dynamic_type,\n"
	"dynamic_type_path, kind, direct, data, value, text, itab {addr, interface,\n"
	"type, hash, methods [{name, pc, symbol}]}}.\n";

static const char help_itab[] =
	"itab ADDR|SYMBOL [--json]\n"
	"\n"
	"Shows one itab: interface type, concrete type, hash (0: created at run time),\n"
	"whether it is a negative entry (fun[0] == 0: the type does not implement the\n"
	"interface), and every fun[i] with the method it implements and the symbol at\n"
	"that address.  SYMBOL is a linker itab symbol such as go:itab.*main.T,main.I\n"
	"(go.itab.* before Go 1.20) or, in a debugger, an expression.\n"
	"\n"
	"--json: {addr, interface, type, hash, negative, methods [{name, pc, symbol}]}.\n";

static const char help_type[] =
	"type ADDR|NAME [--json]\n"
	"\n"
	"Decodes one runtime type descriptor: kind, size, hash, import path, element\n"
	"and key types, struct fields, interface methods, and the methods of its\n"
	"method set with their code addresses.  NAME is the type as Go's %T prints\n"
	"it (main.T, *main.T, []string); it is found among the types the linker\n"
	"registered for reflection, so a type the program never converts or lists\n"
	"may not be found by name.  Any other operand is a symbol or, in a debugger,\n"
	"an expression (in gdb, an interface value stands for its dynamic type).\n";

static const char help_itabs[] =
	"itabs [--anomalies] [--json]\n"
	"\n"
	"Audits every itab: the runtime's itab cache (runtime.itabTable: size, count,\n"
	"load) and the itabs the linker wrote (itablinks up to Go 1.26, the itab area\n"
	"of the types section in 1.27).  Each itab is static (linker) or runtime\n"
	"(created by getitab), and may be negative (fun[0] == 0).\n"
	"\n"
	"Anomalies: a pointer outside mapped memory (unmapped); a static itab whose\n"
	"hash is not its type's hash (hash_mismatch); fun[i] not the entry of a\n"
	"function named <...>.<method> (bad_method); inter not an interface type\n"
	"(not_interface); a table entry its own probe sequence cannot reach\n"
	"(unreachable); two itabs for one (interface, type) pair (duplicate); the\n"
	"table's count field differing from the entries found (count_mismatch); an\n"
	"impossible table header (bad_table); a concrete type or name that cannot\n"
	"be decoded (undecodable).\n"
	"\n"
	"On an executable alone only the linker's itabs exist.  --anomalies lists\n"
	"only the anomalies.  Exit status 1 when there is any.\n"
	"\n"
	"--json: {table {addr, size, count, entries}, static, runtime, negative,\n"
	"itabs [{addr, interface, type, hash, origin, negative, in_table, methods}],\n"
	"anomalies [{kind, addr, message}]}.\n";

static const char help_version[] =
	"version [--json]\n"
	"\n"
	"The Go release the program was built with, where that came from\n"
	"(runtime.buildVersion, the .go.buildinfo blob, or the caller's\n"
	"--go-version), and the layout goiface uses (forced when the release is\n"
	"newer than any goiface knows).\n"
	"\n"
	"--json: {go_version, version_source, layout, layout_forced, modules}.\n";

const char *gi_command_help(const char *command)
{
	if (!command)
		return overview;
	if (strcmp(command, "print") == 0)
		return help_print;
	if (strcmp(command, "itab") == 0)
		return help_itab;
	if (strcmp(command, "type") == 0)
		return help_type;
	if (strcmp(command, "itabs") == 0)
		return help_itabs;
	if (strcmp(command, "version") == 0)
		return help_version;
	return overview;
}

bool gi_command_has_help(const char *command)
{
	return command && gi_command_help(command) != overview;
}
