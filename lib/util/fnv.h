/* fnv.h — 32-bit FNV-1a, the one string hash behind the well-known keys' slot table
 * (json/keys.c, laid out by tools/gen-key-slots.c) and lint's table of findings. */
#ifndef SAMC_UTIL_FNV_H
#define SAMC_UTIL_FNV_H

#include <stddef.h>
#include <stdint.h>

#define SAMC_FNV1A32_BASIS 2166136261u
#define SAMC_FNV1A32_PRIME 16777619u

/* h (SAMC_FNV1A32_BASIS to start) continued over the bytes of s, stopping after `limit`;
 * *len (when len is not NULL) is the bytes hashed: limit when s is that long or longer. */
static inline uint32_t samc_fnv1a32(uint32_t h, const char *s, size_t limit, size_t *len)
{
	size_t n = 0;
	for (; n < limit && s[n]; n++)
		h = (h ^ (unsigned char)s[n]) * SAMC_FNV1A32_PRIME;
	if (len)
		*len = n;
	return h;
}

/* h continued over one 32-bit word (taken whole, as a single step). */
static inline uint32_t samc_fnv1a32_word(uint32_t h, uint32_t v)
{
	return (h ^ v) * SAMC_FNV1A32_PRIME;
}

#endif
