/* Reading the auxiliary vector; see auxv.h. */
#include "auxv.h"

#include <string.h>

/* Auxiliary vector keys (<elf.h> does not always carry them). */
#define AUXV_AT_NULL 0
#define AUXV_AT_ENTRY 9

bool gi_auxv_entry(const uint8_t *auxv, size_t size, uint64_t *entry)
{
	for (size_t off = 0; off + 16 <= size; off += 16) {
		uint64_t key, val;
		memcpy(&key, auxv + off, 8);
		memcpy(&val, auxv + off + 8, 8);
		if (key == AUXV_AT_NULL)
			break;
		if (key == AUXV_AT_ENTRY) {
			*entry = val;
			return true;
		}
	}
	return false;
}
