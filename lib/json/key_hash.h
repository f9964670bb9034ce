/* key_hash.h — the hash of the well-known keys' slot table (json/keys.c), shared with the
 * build-time tool that lays the table out (tools/gen-key-slots.c). */
#ifndef SAMC_JSON_KEY_HASH_H
#define SAMC_JSON_KEY_HASH_H

#include <stddef.h>
#include <stdint.h>

/* 32-bit FNV-1a of s, stopping after `limit` bytes; *len is the bytes hashed (limit when s is
 * that long or longer). */
static inline uint32_t samc_key_hash(const char *s, size_t limit, size_t *len)
{
	uint32_t h = 2166136261u;
	size_t n = 0;
	for (; n < limit && s[n]; n++) {
		h ^= (unsigned char)s[n];
		h *= 16777619u;
	}
	*len = n;
	return h;
}

#endif
