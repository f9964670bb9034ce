/* strmap.h — a string-keyed hash map (open addressing) for indexing large JSON objects.
 * Keys are copied; values are borrowed pointers. */
#ifndef SAMC_UTIL_STRMAP_H
#define SAMC_UTIL_STRMAP_H

#include <stddef.h>

typedef struct samc_strmap {
	struct samc_strmap_slot {
		char *key;
		void *value;
		size_t hash; /* of key: compared before the key, kept for rehashing */
		int tomb;
	} *slots;
	size_t count, used, cap;
} samc_strmap;

int samc_strmap_put(samc_strmap *m, const char *key, void *value); /* 0 or -2 (oom) */
void *samc_strmap_get(const samc_strmap *m, const char *key);
void samc_strmap_del(samc_strmap *m, const char *key);
void samc_strmap_free(samc_strmap *m);

#endif
