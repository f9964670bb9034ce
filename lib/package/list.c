/* list.c — samc_artifact_list: the artifacts a samc_package run wrote or found already
 * written, with their keys; every string owned by the list. */
#include <stdlib.h>

#include "package/package_int.h"
#include "util/buf.h"

static void free_artifact(samc_artifact *a)
{
	free((char *)a->resource);
	free((char *)a->property);
	free((char *)a->source);
	free((char *)a->file);
	free((char *)a->key);
}

void samc_artifact_list_free(samc_artifact_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->count; i++)
		free_artifact(&list->items[i]);
	free(list->items);
	free(list);
}

size_t samc_artifact_count(const samc_artifact_list *list)
{
	return list ? list->count : 0;
}

const samc_artifact *samc_artifact_get(const samc_artifact_list *list, size_t i)
{
	return list && i < list->count ? &list->items[i] : NULL;
}

int pkg_list_add(samc_artifact_list *list, const samc_artifact *a)
{
	if (list->count == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 8;
		samc_artifact *items = realloc(list->items, cap * sizeof(*items));
		if (!items)
			return SAMC_ENOMEM;
		list->items = items;
		list->cap = cap;
	}
	samc_artifact *b = &list->items[list->count];
	b->resource = samc_strdup(a->resource);
	b->property = samc_strdup(a->property);
	b->source = samc_strdup(a->source);
	b->file = samc_strdup(a->file);
	b->key = samc_strdup(a->key);
	b->zipped = a->zipped;
	if (!b->resource || !b->property || !b->source || !b->file || !b->key) {
		free_artifact(b);
		return SAMC_ENOMEM;
	}
	list->count++;
	return 0;
}
