/*
 * NAME resolution for the standalone command.  The target resolves through
 * DWARF (address, static type, eface or iface) or, lacking DWARF, through
 * .symtab (address only); then the value decides between empty and
 * non-empty interface (gi_command_guess_eface).
 */
#include "resolve.h"

static bool has_dwarf(struct gi_target *target)
{
	struct gi_dwarf_index *dw;
	struct gi_error *err = gi_target_dwarf(target, &dw);
	gi_error_destroy(err);
	return err == NULL;
}

struct gi_error *cli_resolve_variable(void *arg, const char *expr,
				      struct gi_variable_info *ret)
{
	struct cli_resolver *r = arg;
	struct gi_error *err = gi_target_resolve_variable(r->target, expr, ret);
	if (err) {
		if (err->code == GI_ERROR_NOT_FOUND && !gi_target_has_symtab(r->target) &&
		    !has_dwarf(r->target)) {
			gi_error_destroy(err);
			return gi_error_create(GI_ERROR_NOT_FOUND,
					       "no variable named %s: the executable is stripped"
					       " (no symbols, no DWARF); give its address as"
					       " ADDR:eface or ADDR:iface", expr);
		}
		return err;
	}
	if (ret->static_type[0])
		return NULL; /* DWARF said what it is */
	ret->is_eface = gi_command_guess_eface(r->prog, ret->address);
	return NULL;
}

struct gi_error *cli_resolve_address(void *arg, const char *expr, uint64_t *ret)
{
	struct cli_resolver *r = arg;
	return gi_target_resolve_address(r->target, expr, ret);
}
