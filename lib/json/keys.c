/* keys.c — the static table of well-known template keys (sections, resource attributes,
 * intrinsic functions, common properties) that loaded members share instead of copying, found
 * through a hash slot table laid out at build time. */
#include "json/keys.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/fnv.h"
#include "key_slots.h" /* generated: KEY_SLOT, KEY_SLOTS */

/* One contiguous array, so whether a key points into it is a range check; sorted, each name
 * shorter than the row (tools/gen-key-slots.c checks both when it lays out KEY_SLOT). */
static const char KEYS[][SAMC_STATIC_KEY_ROW] = {
#include "json/keys.def"
};

#define NKEYS (sizeof(KEYS) / sizeof(KEYS[0]))

const char *samc_static_key(const char *name)
{
	if (!name)
		return NULL;
	size_t len;
	uint32_t j = samc_fnv1a32(SAMC_FNV1A32_BASIS, name, SAMC_STATIC_KEY_ROW, &len) & (KEY_SLOTS - 1);
	if (len >= SAMC_STATIC_KEY_ROW)
		return NULL;
	for (; KEY_SLOT[j]; j = (j + 1) & (KEY_SLOTS - 1)) {
		const char *key = KEYS[KEY_SLOT[j] - 1];
		if (key[0] == name[0] && strcmp(key, name) == 0)
			return key;
	}
	return NULL;
}

bool samc_is_static_key(const char *p)
{
	return (uintptr_t)p - (uintptr_t)KEYS[0] < sizeof(KEYS);
}

size_t samc_static_key_count(void)
{
	return NKEYS;
}

const char *samc_static_key_at(size_t i)
{
	return i < NKEYS ? KEYS[i] : NULL;
}
