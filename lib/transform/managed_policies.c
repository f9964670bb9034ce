/* managed_policies.c — loads the embedded managed policy map and answers name -> ARN lookups.
 * Owns the per-partition sorted index (binary search) over samtranslator's aws_managed_policies.json. */
#include "transform/managed_policies.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "samc/samc.h"

struct policy_entry {
	const char *name;
	const char *arn;
};

struct partition_index {
	const char *partition;
	struct policy_entry *entries; /* sorted by name */
	size_t count;
};

struct samc_managed_policies {
	cJSON *root; /* owns every string the index points at */
	struct partition_index *partitions;
	size_t npartitions;
};

static int compare_entries(const void *a, const void *b)
{
	return strcmp(((const struct policy_entry *)a)->name, ((const struct policy_entry *)b)->name);
}

static int index_partition(struct partition_index *index, const cJSON *map)
{
	if (!cJSON_IsObject(map) || !map->string)
		return SAMC_EINTERNAL;
	index->partition = map->string;
	size_t n = (size_t)cJSON_GetArraySize(map);
	index->entries = calloc(n ? n : 1, sizeof *index->entries);
	if (!index->entries)
		return SAMC_ENOMEM;
	const cJSON *policy;
	cJSON_ArrayForEach(policy, map) {
		if (!cJSON_IsString(policy) || !policy->string)
			return SAMC_EINTERNAL;
		index->entries[index->count++] = (struct policy_entry){policy->string, policy->valuestring};
	}
	qsort(index->entries, index->count, sizeof *index->entries, compare_entries);
	return 0;
}

static int index_partitions(samc_managed_policies *policies)
{
	size_t n = (size_t)cJSON_GetArraySize(policies->root);
	policies->partitions = calloc(n ? n : 1, sizeof *policies->partitions);
	if (!policies->partitions)
		return SAMC_ENOMEM;
	const cJSON *map;
	cJSON_ArrayForEach(map, policies->root) {
		int rc = index_partition(&policies->partitions[policies->npartitions++], map);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int parse_policies(samc_managed_policies *policies)
{
	size_t len = 0;
	const char *data = samc_embedded_find("managed_policies.json", &len);
	if (!data)
		return SAMC_EINTERNAL;
	policies->root = cJSON_ParseWithLength(data, len);
	if (!cJSON_IsObject(policies->root))
		return SAMC_EINTERNAL;
	return index_partitions(policies);
}

int samc_managed_policies_load(samc_managed_policies **out)
{
	*out = NULL;
	samc_managed_policies *policies = calloc(1, sizeof *policies);
	if (!policies)
		return SAMC_ENOMEM;
	int rc = parse_policies(policies);
	if (rc != 0) {
		samc_managed_policies_free(policies);
		return rc;
	}
	*out = policies;
	return 0;
}

void samc_managed_policies_free(samc_managed_policies *policies)
{
	if (!policies)
		return;
	for (size_t i = 0; i < policies->npartitions; i++)
		free(policies->partitions[i].entries);
	free(policies->partitions);
	cJSON_Delete(policies->root);
	free(policies);
}

static const struct partition_index *find_partition(const samc_managed_policies *policies, const char *partition)
{
	for (size_t i = 0; i < policies->npartitions; i++)
		if (strcmp(policies->partitions[i].partition, partition) == 0)
			return &policies->partitions[i];
	return NULL;
}

const char *samc_managed_policy_arn(const samc_managed_policies *policies, const char *partition, const char *name)
{
	if (!policies || !partition || !name)
		return NULL;
	const struct partition_index *index = find_partition(policies, partition);
	if (!index || index->count == 0)
		return NULL;
	struct policy_entry key = {name, NULL};
	const struct policy_entry *hit = bsearch(&key, index->entries, index->count, sizeof key, compare_entries);
	return hit ? hit->arn : NULL;
}
