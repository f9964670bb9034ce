/* strmap.c — string-keyed open-addressing hash map with tombstones.
 * FNV-1a hashing; each slot keeps its key's hash, so probes compare hashes first and growing
 * never rehashes a key; grows at half load. */
#include "util/strmap.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

/* 64-bit FNV-1a, kept to its low 32 bits (tables stay far below 2^32 slots). */
static uint32_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return (uint32_t)h;
}

static size_t find_slot(const samc_strmap *m, const char *key, uint32_t hash, int *found)
{
	size_t j = hash & (m->cap - 1);
	size_t first_tomb = (size_t)-1;
	while (m->slots[j].key || m->slots[j].tomb) {
		if (m->slots[j].key && m->slots[j].hash == hash && strcmp(m->slots[j].key, key) == 0) {
			*found = 1;
			return j;
		}
		if (m->slots[j].tomb && first_tomb == (size_t)-1)
			first_tomb = j;
		j = (j + 1) & (m->cap - 1);
	}
	*found = 0;
	return first_tomb != (size_t)-1 ? first_tomb : j;
}

/* Rehashes into a table that holds `need` keys under half load (tombstones dropped). */
static int strmap_grow(samc_strmap *m, size_t need)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	while (need * 2 > cap || m->count * 2 >= cap)
		cap *= 2;
	struct samc_strmap_slot *old = m->slots;
	size_t oldcap = m->cap;
	m->slots = calloc(cap, sizeof(*m->slots));
	if (!m->slots) {
		m->slots = old;
		return -2;
	}
	m->cap = cap;
	m->used = m->count;
	for (size_t i = 0; i < oldcap; i++) {
		if (!old[i].key)
			continue;
		size_t j = old[i].hash & (cap - 1);
		while (m->slots[j].key)
			j = (j + 1) & (cap - 1);
		m->slots[j] = old[i];
	}
	free(old);
	return 0;
}

/* The slot holding key, made (with a NULL value) when there is none: its index, or -1 when
 * memory ran out. */
static long slot_for(samc_strmap *m, const char *key, bool borrow)
{
	if ((m->used + 1) * 2 > m->cap && strmap_grow(m, m->used + 1))
		return -1;
	int found;
	uint32_t hash = str_hash(key);
	size_t j = find_slot(m, key, hash, &found);
	if (found)
		return (long)j;
	char *k = borrow ? (char *)key : samc_strdup(key);
	if (!k)
		return -1;
	if (!m->slots[j].tomb)
		m->used++;
	m->slots[j] = (struct samc_strmap_slot){k, NULL, hash, 0, borrow};
	m->count++;
	return (long)j;
}

static int put(samc_strmap *m, const char *key, void *value, bool borrow)
{
	long j = slot_for(m, key, borrow);
	if (j < 0)
		return -2;
	m->slots[j].value = value;
	return 0;
}

const char *samc_strmap_intern(samc_strmap *m, const char *key)
{
	long j = slot_for(m, key, false);
	return j < 0 ? NULL : m->slots[j].key;
}

int samc_strmap_put(samc_strmap *m, const char *key, void *value)
{
	return put(m, key, value, false);
}

int samc_strmap_put_borrowed(samc_strmap *m, const char *key, void *value)
{
	return put(m, key, value, true);
}

int samc_strmap_reserve(samc_strmap *m, size_t n)
{
	return n * 2 > m->cap ? strmap_grow(m, n) : 0;
}

void *samc_strmap_get(const samc_strmap *m, const char *key)
{
	if (!m->cap)
		return NULL;
	int found;
	size_t j = find_slot(m, key, str_hash(key), &found);
	return found ? m->slots[j].value : NULL;
}

void samc_strmap_del(samc_strmap *m, const char *key)
{
	if (!m->cap)
		return;
	int found;
	size_t j = find_slot(m, key, str_hash(key), &found);
	if (!found)
		return;
	if (!m->slots[j].borrowed)
		free(m->slots[j].key);
	m->slots[j] = (struct samc_strmap_slot){NULL, NULL, 0, 1, 0};
	m->count--;
}

void samc_strmap_free(samc_strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		if (!m->slots[i].borrowed)
			free(m->slots[i].key);
	free(m->slots);
	m->slots = NULL;
	m->count = m->used = m->cap = 0;
}
