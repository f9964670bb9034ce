/* managed_policies.c — name -> ARN lookups in the embedded managed policy map
 * (samtranslator's aws_managed_policies.json), scanned in place without parsing it all. */
#define _GNU_SOURCE /* memmem */
#include "transform/managed_policies.h"

#include <stdlib.h>
#include <string.h>

#include "samc/samc.h"
#include "util/buf.h"

/* The map is ~400 KB of JSON of which a template needs a handful of names: parsing it whole
 * cost more than the rest of a typical transform, so lookups search the text. The data holds
 * only plain strings (no escapes, no braces inside strings); tests/unit/test_managed_policies.c
 * checks every entry against a full JSON parse. */

struct found {
	char *arn;
};

struct cache {
	struct found *items;
	size_t count, cap;
};

struct samc_managed_policies {
	const char *data;
	size_t len;
	struct cache *cache; /* ARNs handed out so far (owned; live as long as the map) */
};

int samc_managed_policies_load(samc_managed_policies **out)
{
	*out = NULL;
	size_t len = 0;
	const char *data = samc_embedded_find("managed_policies.json", &len);
	if (!data)
		return SAMC_EINTERNAL;
	samc_managed_policies *p = calloc(1, sizeof(*p));
	struct cache *c = calloc(1, sizeof(*c));
	if (!p || !c) {
		free(p);
		free(c);
		return SAMC_ENOMEM;
	}
	p->data = data;
	p->len = len;
	p->cache = c;
	*out = p;
	return 0;
}

void samc_managed_policies_free(samc_managed_policies *policies)
{
	if (!policies)
		return;
	for (size_t i = 0; i < policies->cache->count; i++)
		free(policies->cache->items[i].arn);
	free(policies->cache->items);
	free(policies->cache);
	free(policies);
}

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++;
	return p;
}

/* Finds `"key"` followed by ':' in [from, end); returns the first byte after the colon. */
static const char *find_key(const char *from, const char *end, const char *key)
{
	size_t klen = strlen(key);
	const char *p = from;
	while (p < end) {
		const char *q = memchr(p, '"', (size_t)(end - p));
		if (!q)
			return NULL;
		q = memmem(q, (size_t)(end - q), key, klen);
		if (!q)
			return NULL;
		const char *after = q + klen;
		if (q > from && q[-1] == '"' && after < end && *after == '"') {
			const char *colon = skip_space(after + 1, end);
			if (colon < end && *colon == ':')
				return colon + 1;
		}
		p = q + 1;
	}
	return NULL;
}

/* The partition's object: from its '{' to the matching '}' (values hold no braces). */
static bool partition_slice(const samc_managed_policies *p, const char *partition, const char **start,
			    const char **end)
{
	const char *data_end = p->data + p->len;
	const char *v = find_key(p->data, data_end, partition);
	if (!v)
		return false;
	v = skip_space(v, data_end);
	if (v >= data_end || *v != '{')
		return false;
	const char *close = memchr(v, '}', (size_t)(data_end - v));
	if (!close)
		return false;
	*start = v + 1;
	*end = close;
	return true;
}

static const char *remember(const samc_managed_policies *p, const char *arn, size_t len)
{
	struct cache *c = p->cache;
	for (size_t i = 0; i < c->count; i++)
		if (strlen(c->items[i].arn) == len && memcmp(c->items[i].arn, arn, len) == 0)
			return c->items[i].arn;
	if (c->count == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 8;
		struct found *items = realloc(c->items, cap * sizeof(*items));
		if (!items)
			return NULL;
		c->items = items;
		c->cap = cap;
	}
	char *copy = malloc(len + 1);
	if (!copy)
		return NULL;
	memcpy(copy, arn, len);
	copy[len] = '\0';
	c->items[c->count++].arn = copy;
	return copy;
}

const char *samc_managed_policy_arn(const samc_managed_policies *policies, const char *partition, const char *name)
{
	if (!policies || !partition || !name || !*name || strchr(name, '"') || strchr(partition, '"'))
		return NULL;
	const char *start, *end;
	if (!partition_slice(policies, partition, &start, &end))
		return NULL;
	const char *v = find_key(start, end, name);
	if (!v)
		return NULL;
	v = skip_space(v, end);
	if (v >= end || *v != '"')
		return NULL;
	const char *close = memchr(v + 1, '"', (size_t)(end - v - 1));
	return close ? remember(policies, v + 1, (size_t)(close - v - 1)) : NULL;
}
