/* Errors as values.  Allocation failure while building an error falls back
 * to a static error so that callers never have to check for it. */
#include "goiface/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gi_error gi_error_no_memory = {
	.code = GI_ERROR_NO_MEMORY,
	.address = 0,
	.message = "out of memory",
};

static struct gi_error *error_vcreate(enum gi_error_code code, uint64_t address,
				      const char *fmt, va_list ap)
{
	struct gi_error *err = malloc(sizeof(*err));
	if (!err)
		return &gi_error_no_memory;
	err->code = code;
	err->address = address;
	if (vasprintf(&err->message, fmt, ap) < 0) {
		free(err);
		return &gi_error_no_memory;
	}
	return err;
}

struct gi_error *gi_error_create(enum gi_error_code code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct gi_error *err = error_vcreate(code, 0, fmt, ap);
	va_end(ap);
	return err;
}

struct gi_error *gi_error_fault(uint64_t address, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct gi_error *err = error_vcreate(GI_ERROR_FAULT, address, fmt, ap);
	va_end(ap);
	return err;
}

struct gi_error *gi_error_wrap(struct gi_error *err, const char *fmt, ...)
{
	if (!err || err == &gi_error_no_memory)
		return err;
	char *prefix;
	va_list ap;
	va_start(ap, fmt);
	int r = vasprintf(&prefix, fmt, ap);
	va_end(ap);
	if (r < 0)
		return err; /* keep the original message rather than lose it */
	char *message;
	if (asprintf(&message, "%s: %s", prefix, err->message) < 0) {
		free(prefix);
		return err;
	}
	free(prefix);
	free(err->message);
	err->message = message;
	return err;
}

void gi_error_destroy(struct gi_error *err)
{
	if (!err || err == &gi_error_no_memory)
		return;
	free(err->message);
	free(err);
}
