/* The release a model test checks; see release_arg.h. */
#include "release_arg.h"

#include <stdio.h>
#include <stdlib.h>

int model_release_arg(int argc, char **argv, int *minor, const struct gi_layout **layout)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s <go minor release>\n", argv[0]);
		return 2;
	}
	*minor = atoi(argv[1]);
	*layout = gi_layout_find(1, *minor);
	if (!*layout) {
		fprintf(stderr, "no layout for go1.%d\n", *minor);
		return 1;
	}
	return 0;
}
