/*
 * An interface variable in the target as a front-end found it (from DWARF,
 * .symtab or the debugger's own expression evaluator).  Here rather than in
 * the command layer because the ELF layer produces it too, and neither of
 * those two may depend on the other.
 */
#ifndef GOIFACE_VARIABLE_H
#define GOIFACE_VARIABLE_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct gi_variable_info {
	uint64_t address;       /* of the two words */
	bool is_eface;          /* interface{} / any; otherwise non-empty */
	char static_type[256];  /* "error", "interface {}", "main.Shape"; "" if unknown */
	char name[256];         /* as the user should see it; "" to use the expression */
};

#ifdef __cplusplus
}
#endif

#endif
