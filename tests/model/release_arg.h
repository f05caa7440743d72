/*
 * The one argument of every model test: the Go release it checks, as its
 * minor version ("22" for go1.22).
 */
#ifndef GOIFACE_TESTS_RELEASE_ARG_H
#define GOIFACE_TESTS_RELEASE_ARG_H

#include "goiface/layout.h"

/* Sets *minor and *layout from argv; returns 0, or after saying why the
 * exit status: 2 for a wrong command line, 1 for a release the model does
 * not know. */
int model_release_arg(int argc, char **argv, int *minor, const struct gi_layout **layout);

#endif
