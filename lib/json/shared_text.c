/* shared_text.c — scalar text held once: generated resources repeat the same strings (types,
 * "Allow", service principals, tags) thousands of times; each node keeps a pointer instead. */
#include "json/shared_text.h"

#include <stdlib.h>

#include "util/buf.h"

static bool has_own_text(const cJSON *node)
{
	return (cJSON_IsString(node) || cJSON_IsNumber(node)) && node->valuestring &&
	       !(node->type & cJSON_IsReference);
}

int samc_json_share_text(samc_strmap *pool, cJSON *tree)
{
	if (has_own_text(tree)) {
		const char *shared = samc_strmap_intern(pool, tree->valuestring);
		if (!shared)
			return -2;
		free(tree->valuestring);
		tree->valuestring = (char *)shared;
		tree->type |= cJSON_IsReference;
		return 0;
	}
	if (tree->type & cJSON_IsReference)
		return 0;
	for (cJSON *c = tree->child; c; c = c->next)
		if (samc_json_share_text(pool, c))
			return -2;
	return 0;
}

bool samc_json_set_text(cJSON *node, const char *text)
{
	if (!cJSON_IsString(node))
		return false;
	if (!(node->type & cJSON_IsReference))
		return cJSON_SetValuestring(node, text) != NULL;
	char *copy = samc_strdup(text);
	if (!copy)
		return false;
	node->valuestring = copy;
	node->type &= ~cJSON_IsReference;
	return true;
}
