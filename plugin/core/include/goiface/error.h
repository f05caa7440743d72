/*
 * Errors as values: every fallible call returns a struct gi_error *, NULL on
 * success.  The message names what failed and where, e.g.
 * "cannot read itab at 0x4c1e20: 0x4c1e20 is not mapped".
 */
#ifndef GOIFACE_ERROR_H
#define GOIFACE_ERROR_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum gi_error_code {
	GI_ERROR_OTHER = 1,
	GI_ERROR_NO_MEMORY,   /* allocation failed */
	GI_ERROR_FAULT,       /* target memory could not be read */
	GI_ERROR_INVALID,     /* target memory holds something impossible */
	GI_ERROR_NOT_FOUND,   /* a name or symbol does not exist */
	GI_ERROR_UNSUPPORTED, /* e.g. a Go release without a layout */
	GI_ERROR_LIMIT,       /* a bound on depth, length or count was hit */
	GI_ERROR_FORMAT,      /* a file is not what it should be */
	GI_ERROR_IO,          /* an OS-level error (errno) */
	GI_ERROR_USAGE,       /* bad command-line or command arguments */
};

struct gi_error {
	enum gi_error_code code;
	/* For GI_ERROR_FAULT: the address that could not be read. */
	uint64_t address;
	char *message;
};

/* Returned when allocating an error itself fails; never freed. */
extern struct gi_error gi_error_no_memory;

struct gi_error *gi_error_create(enum gi_error_code code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
struct gi_error *gi_error_fault(uint64_t address, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prefixes context: "<context>: <old message>". Takes ownership of err and
 * returns it (or NULL if err is NULL). */
struct gi_error *gi_error_wrap(struct gi_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void gi_error_destroy(struct gi_error *err);

#ifdef __cplusplus
}
#endif

#endif
