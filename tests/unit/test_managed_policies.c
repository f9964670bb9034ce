/* test_managed_policies.c — the bundled managed policy map: lookups per partition and misses.
 * Also checks the index against every entry of the embedded JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "samc/samc.h"
#include "transform/managed_policies.h"

static int setup(void **state)
{
	samc_managed_policies *policies = NULL;
	if (samc_managed_policies_load(&policies) != 0)
		return -1;
	*state = policies;
	return 0;
}

static int teardown(void **state)
{
	samc_managed_policies_free(*state);
	return 0;
}

static void assert_arn(const samc_managed_policies *policies, const char *partition, const char *name,
		       const char *arn)
{
	const char *got = samc_managed_policy_arn(policies, partition, name);
	assert_non_null(got);
	assert_string_equal(got, arn);
}

static void finds_names_in_each_partition(void **state)
{
	assert_arn(*state, "aws", "AWSLambdaBasicExecutionRole",
		   "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
	assert_arn(*state, "aws-cn", "AmazonS3ReadOnlyAccess", "arn:aws-cn:iam::aws:policy/AmazonS3ReadOnlyAccess");
	assert_arn(*state, "aws-us-gov", "AWSLambdaVPCAccessExecutionRole",
		   "arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole");
	assert_arn(*state, "aws-eusc", "AWSXrayWriteOnlyAccess", "arn:aws-eusc:iam::aws:policy/AWSXrayWriteOnlyAccess");
	assert_arn(*state, "aws-eusc", "AmazonDataZoneSageMakerManageAccessRolePolicy",
		   "arn:aws-eusc:iam::aws:policy/AmazonDataZoneSageMakerManageAccessRolePolicy");
}

static void misses_unknown_names_and_partitions(void **state)
{
	assert_null(samc_managed_policy_arn(*state, "aws", "NoSuchPolicy"));
	assert_null(samc_managed_policy_arn(*state, "aws", "awslambdabasicexecutionrole"));
	assert_null(samc_managed_policy_arn(*state, "aws", ""));
	assert_null(samc_managed_policy_arn(*state, "aws-cn", "AWSAccountActivityAccess"));
	assert_null(samc_managed_policy_arn(*state, "aws", "AmazonDataZoneSageMakerManageAccessRolePolicy"));
	assert_null(samc_managed_policy_arn(*state, "aws-iso", "AWSLambdaBasicExecutionRole"));
	assert_null(samc_managed_policy_arn(*state, "AWS", "AWSLambdaBasicExecutionRole"));
	assert_null(samc_managed_policy_arn(*state, NULL, "AWSLambdaBasicExecutionRole"));
	assert_null(samc_managed_policy_arn(*state, "aws", NULL));
	assert_null(samc_managed_policy_arn(NULL, "aws", "AWSLambdaBasicExecutionRole"));
}

static size_t check_partition(const samc_managed_policies *policies, const cJSON *map)
{
	size_t n = 0;
	const cJSON *policy;
	cJSON_ArrayForEach(policy, map) {
		assert_arn(policies, map->string, policy->string, policy->valuestring);
		n++;
	}
	return n;
}

static void indexes_every_entry(void **state)
{
	cJSON *all = cJSON_Parse(samc_embedded_find("managed_policies.json", NULL));
	assert_non_null(all);
	size_t partitions = 0, entries = 0;
	const cJSON *map;
	cJSON_ArrayForEach(map, all) {
		entries += check_partition(*state, map);
		partitions++;
	}
	assert_int_equal(partitions, 4);
	assert_true(entries > 3000);
	cJSON_Delete(all);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_names_in_each_partition),
		cmocka_unit_test(misses_unknown_names_and_partitions),
		cmocka_unit_test(indexes_every_entry),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
