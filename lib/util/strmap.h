/* strmap.h — a string-keyed hash map (open addressing) for indexing large JSON objects.
 * Keys are copied (or borrowed, for keys that outlive the map); values are borrowed pointers. */
#ifndef SAMC_UTIL_STRMAP_H
#define SAMC_UTIL_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct samc_strmap {
	struct samc_strmap_slot {
		char *key;
		void *value;
		uint32_t hash;          /* of key: compared before the key, kept for rehashing */
		unsigned char tomb;
		unsigned char borrowed; /* key not copied (samc_strmap_put_borrowed): not freed */
	} *slots;                       /* 24 bytes a slot */
	size_t count, used, cap;
} samc_strmap;

int samc_strmap_put(samc_strmap *m, const char *key, void *value); /* 0 or -2 (oom) */
/* The same without copying key, which must stay valid and unchanged while the map holds it. */
int samc_strmap_put_borrowed(samc_strmap *m, const char *key, void *value);
/* Makes room for n keys without growing on the way (0 or -2). */
int samc_strmap_reserve(samc_strmap *m, size_t n);
/* The map's own copy of key, added (with a NULL value) when missing: a pool of strings, each
 * held once. NULL when memory ran out. */
const char *samc_strmap_intern(samc_strmap *m, const char *key);
void *samc_strmap_get(const samc_strmap *m, const char *key);
void samc_strmap_del(samc_strmap *m, const char *key);
void samc_strmap_free(samc_strmap *m);

#endif
