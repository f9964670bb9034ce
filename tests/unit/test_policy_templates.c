/* test_policy_templates.c — policy template loading, expansion and the reference's error messages.
 * Expected documents come from aws-sam-translator 1.110.0's PolicyTemplatesProcessor.convert. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "samc/samc.h"
#include "transform/policy_templates.h"

#define SQS_ACTIONS                                                                                                \
	"[\"sqs:ChangeMessageVisibility\",\"sqs:ChangeMessageVisibilityBatch\",\"sqs:DeleteMessage\","            \
	"\"sqs:DeleteMessageBatch\",\"sqs:GetQueueAttributes\",\"sqs:ReceiveMessage\"]"
#define SQS_POLLER(queue_name_value)                                                                               \
	"{\"Statement\":[{\"Action\":" SQS_ACTIONS ",\"Effect\":\"Allow\",\"Resource\":{\"Fn::Sub\":["             \
	"\"arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${queueName}\","                             \
	"{\"queueName\":" queue_name_value "}]}}]}"

struct expansion_case {
	const char *name;
	const char *params;
	const char *expected;
};

static const struct expansion_case expansion_cases[] = {
	{"SQSPollerPolicy", "{\"QueueName\":\"my-queue\"}", SQS_POLLER("\"my-queue\"")},
	{"DynamoDBCrudPolicy", "{\"TableName\":{\"Ref\":\"MyTable\"}}",
	 "{\"Statement\":[{\"Action\":[\"dynamodb:GetItem\",\"dynamodb:DeleteItem\",\"dynamodb:PutItem\","
	 "\"dynamodb:Scan\",\"dynamodb:Query\",\"dynamodb:UpdateItem\",\"dynamodb:BatchWriteItem\","
	 "\"dynamodb:BatchGetItem\",\"dynamodb:DescribeTable\",\"dynamodb:ConditionCheckItem\"],"
	 "\"Effect\":\"Allow\",\"Resource\":[{\"Fn::Sub\":["
	 "\"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}\","
	 "{\"tableName\":{\"Ref\":\"MyTable\"}}]},{\"Fn::Sub\":["
	 "\"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/index/*\","
	 "{\"tableName\":{\"Ref\":\"MyTable\"}}]}]}]}"},
	{"S3ReadPolicy", "{\"BucketName\":\"b\"}",
	 "{\"Statement\":[{\"Action\":[\"s3:GetObject\",\"s3:ListBucket\",\"s3:GetBucketLocation\","
	 "\"s3:GetObjectVersion\",\"s3:GetLifecycleConfiguration\"],\"Effect\":\"Allow\",\"Resource\":["
	 "{\"Fn::Sub\":[\"arn:${AWS::Partition}:s3:::${bucketName}\",{\"bucketName\":\"b\"}]},"
	 "{\"Fn::Sub\":[\"arn:${AWS::Partition}:s3:::${bucketName}/*\",{\"bucketName\":\"b\"}]}]}]}"},
	{"VPCAccessPolicy", "{}",
	 "{\"Statement\":[{\"Action\":[\"ec2:CreateNetworkInterface\",\"ec2:DeleteNetworkInterface\","
	 "\"ec2:DescribeNetworkInterfaces\",\"ec2:DetachNetworkInterface\"],\"Effect\":\"Allow\","
	 "\"Resource\":\"*\"}]}"},
	/* two parameters, and an extra value the template does not declare (ignored) */
	{"DynamoDBStreamReadPolicy",
	 "{\"TableName\":\"t\",\"StreamName\":{\"Fn::GetAtt\":[\"T\",\"StreamArn\"]},\"Extra\":1}",
	 "{\"Statement\":[{\"Action\":[\"dynamodb:DescribeStream\",\"dynamodb:GetRecords\","
	 "\"dynamodb:GetShardIterator\"],\"Effect\":\"Allow\",\"Resource\":{\"Fn::Sub\":["
	 "\"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/stream/${streamName}\","
	 "{\"streamName\":{\"Fn::GetAtt\":[\"T\",\"StreamArn\"]},\"tableName\":\"t\"}]}},"
	 "{\"Action\":[\"dynamodb:ListStreams\"],\"Effect\":\"Allow\",\"Resource\":{\"Fn::Sub\":["
	 "\"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/stream/*\","
	 "{\"tableName\":\"t\"}]}}]}"},
	/* a user Ref named like the template parameter is the user's: it is not substituted again */
	{"SQSPollerPolicy", "{\"QueueName\":{\"Ref\":\"QueueName\"}}", SQS_POLLER("{\"Ref\":\"QueueName\"}")},
	/* the user's own Fn::Sub is carried over, not evaluated */
	{"LambdaInvokePolicy", "{\"FunctionName\":{\"Fn::Sub\":\"${FunctionName}-x\"}}",
	 "{\"Statement\":[{\"Action\":[\"lambda:InvokeFunction\"],\"Effect\":\"Allow\",\"Resource\":{\"Fn::Sub\":["
	 "\"arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${functionName}*\","
	 "{\"functionName\":{\"Fn::Sub\":\"${FunctionName}-x\"}}]}}]}"},
	{"SQSPollerPolicy", "{\"QueueName\":null}", SQS_POLLER("null")},
	/* CloudFormation placeholders are left unresolved, so the reference's renamed Ref shows through */
	{"SQSPollerPolicy", "{\"QueueName\":\"{{IntrinsicFunction:api/Stack.Outputs.Q/Fn::GetAtt}}\"}",
	 SQS_POLLER("{\"Ref\":\"___SAM_POLICY_PARAMETER_QueueName\"}")},
};

static int setup(void **state)
{
	samc_policy_templates *templates = NULL;
	if (samc_policy_templates_load(&templates) != 0)
		return -1;
	*state = templates;
	return 0;
}

static int teardown(void **state)
{
	samc_policy_templates_free(*state);
	return 0;
}

/* Normalises JSON text through cJSON so both sides print the same way (key order kept). */
static char *canonical(const char *json)
{
	cJSON *doc = cJSON_Parse(json);
	assert_non_null(doc);
	char *text = cJSON_PrintUnformatted(doc);
	cJSON_Delete(doc);
	return text;
}

static void assert_expands_to(const samc_policy_templates *templates, const struct expansion_case *c)
{
	cJSON *params = cJSON_Parse(c->params);
	assert_non_null(params);
	cJSON *doc = NULL;
	char *error = NULL;
	assert_int_equal(samc_policy_template_expand(templates, c->name, params, &doc, &error), 0);
	assert_null(error);
	char *got = cJSON_PrintUnformatted(doc);
	char *want = canonical(c->expected);
	assert_string_equal(got, want);
	free(got);
	free(want);
	cJSON_Delete(doc);
	cJSON_Delete(params);
}

static void expands_like_the_reference(void **state)
{
	for (size_t i = 0; i < sizeof expansion_cases / sizeof expansion_cases[0]; i++)
		assert_expands_to(*state, &expansion_cases[i]);
}

static void knows_template_names(void **state)
{
	assert_true(samc_policy_templates_has(*state, "SQSPollerPolicy"));
	assert_true(samc_policy_templates_has(*state, "AMIDescribePolicy"));
	assert_true(samc_policy_templates_has(*state, "VPCAccessPolicy"));
	assert_false(samc_policy_templates_has(*state, "sqspollerpolicy"));
	assert_false(samc_policy_templates_has(*state, "NoSuchPolicy"));
	assert_false(samc_policy_templates_has(*state, ""));
	assert_false(samc_policy_templates_has(*state, NULL));
	assert_false(samc_policy_templates_has(NULL, "SQSPollerPolicy"));
}

static void assert_expand_fails(const samc_policy_templates *templates, const char *name, const char *params_json,
				const char *message)
{
	cJSON *params = params_json ? cJSON_Parse(params_json) : NULL;
	assert_true(params_json == NULL || params != NULL);
	cJSON *doc = (cJSON *)1;
	char *error = NULL;
	assert_int_equal(samc_policy_template_expand(templates, name, params, &doc, &error), -1);
	assert_null(doc);
	assert_non_null(error);
	assert_string_equal(error, message);
	free(error);
	cJSON_Delete(params);
}

static void rejects_params_that_are_not_a_mapping(void **state)
{
	const char *msg = "Must specify valid parameter values for policy template 'SQSPollerPolicy'";
	assert_expand_fails(*state, "SQSPollerPolicy", NULL, msg);
	assert_expand_fails(*state, "SQSPollerPolicy", "null", msg);
	assert_expand_fails(*state, "SQSPollerPolicy", "[]", msg);
	assert_expand_fails(*state, "SQSPollerPolicy", "\"my-queue\"", msg);
	assert_expand_fails(*state, "VPCAccessPolicy", "null",
			    "Must specify valid parameter values for policy template 'VPCAccessPolicy'");
}

static void names_missing_parameters(void **state)
{
	assert_expand_fails(*state, "SQSPollerPolicy", "{}",
			    "Following required parameters of template 'SQSPollerPolicy' don't have values: "
			    "['QueueName']");
	assert_expand_fails(*state, "SQSPollerPolicy", "{\"queuename\":\"q\"}",
			    "Following required parameters of template 'SQSPollerPolicy' don't have values: "
			    "['QueueName']");
	/* several: the reference's order is that of a Python set (varies per run); we sort */
	assert_expand_fails(*state, "DynamoDBStreamReadPolicy", "{}",
			    "Following required parameters of template 'DynamoDBStreamReadPolicy' don't have values: "
			    "['StreamName', 'TableName']");
	assert_expand_fails(*state, "DynamoDBStreamReadPolicy", "{\"StreamName\":\"s\"}",
			    "Following required parameters of template 'DynamoDBStreamReadPolicy' don't have values: "
			    "['TableName']");
}

static void rejects_unknown_templates(void **state)
{
	assert_expand_fails(*state, "NoSuchPolicy", "{}", "Template with name 'NoSuchPolicy' is not found");
}

/* Every template expands, and no template parameter Ref survives when values are given. */
static void expands_every_template(void **state)
{
	const char *names[] = {"AMIDescribePolicy", "EFSWriteAccessPolicy", "SESBulkTemplatedCrudPolicy_v2",
			       "StepFunctionsExecutionPolicy", "KMSDecryptPolicy", "AWSSecretsManagerRotationPolicy"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		cJSON *params = cJSON_Parse("{\"AccessPoint\":\"a\",\"FileSystem\":\"f\",\"IdentityName\":\"i\","
					    "\"TemplateName\":\"t\",\"StateMachineName\":\"s\",\"KeyId\":\"k\","
					    "\"FunctionName\":\"fn\"}");
		cJSON *doc = NULL;
		char *error = NULL;
		assert_int_equal(samc_policy_template_expand(*state, names[i], params, &doc, &error), 0);
		char *text = cJSON_PrintUnformatted(doc);
		assert_null(strstr(text, "\"Ref\""));
		assert_non_null(cJSON_GetObjectItemCaseSensitive(doc, "Statement"));
		free(text);
		cJSON_Delete(doc);
		cJSON_Delete(params);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(expands_like_the_reference),
		cmocka_unit_test(knows_template_names),
		cmocka_unit_test(rejects_params_that_are_not_a_mapping),
		cmocka_unit_test(names_missing_parameters),
		cmocka_unit_test(rejects_unknown_templates),
		cmocka_unit_test(expands_every_template),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
