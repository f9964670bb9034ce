/* test_policies.c — the Policies property (policies.c): policy templates expanded into
 * statements (also inside Fn::If, NoValue branches kept), classification errors, and the
 * execution role builder: inline policy names <Id>RolePolicy<i>, managed names mapped per
 * partition, ARNs and unknown names kept, duplicates skipped, Fn::If branches converted;
 * plus the add-managed-ARN / add-policy helpers. Expected values come from
 * aws-sam-translator 1.110.0 (a function with the same Policies, in us-east-1 / cn-north-1 /
 * us-gov-west-1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "transform/managed_policies.h"
#include "transform/policies.h"
#include "transform/policy_templates.h"
#include "xf_fixture.h"

#define BASIC_ARN(p) "\"arn:" p ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\""
#define POLLER_STATEMENT(queue)                                                                                    \
	"{\"Statement\":[{\"Action\":[\"sqs:ChangeMessageVisibility\",\"sqs:ChangeMessageVisibilityBatch\","        \
	"\"sqs:DeleteMessage\",\"sqs:DeleteMessageBatch\",\"sqs:GetQueueAttributes\",\"sqs:ReceiveMessage\"],"      \
	"\"Effect\":\"Allow\",\"Resource\":{\"Fn::Sub\":[\"arn:${AWS::Partition}:sqs:${AWS::Region}:"              \
	"${AWS::AccountId}:${queueName}\",{\"queueName\":\"" queue "\"}]}}]}"
#define METRIC_STATEMENT                                                                                           \
	"{\"Statement\":[{\"Action\":[\"cloudwatch:PutMetricData\"],\"Effect\":\"Allow\",\"Resource\":\"*\"}]}"

/* The Policies of the reference run: every kind of entry. */
static const char MIXED[] = "- AmazonS3ReadOnlyAccess\n"
			    "- arn:aws:iam::123456789012:policy/Mine\n"
			    "- NotARealPolicyName\n"
			    "- Statement:\n"
			    "    - {Effect: Allow, Action: \"s3:GetObject\", Resource: \"*\"}\n"
			    "- SQSPollerPolicy: {QueueName: q}\n"
			    "- AmazonS3ReadOnlyAccess\n"
			    "- !If [C, AmazonDynamoDBReadOnlyAccess, !Ref AWS::NoValue]\n"
			    "- !If [C, {Statement: [{Effect: Allow, Action: \"sns:Publish\", Resource: \"*\"}]}, "
			    "!Ref AWS::NoValue]\n"
			    "- !Ref MP\n"
			    "- !If [C, !Ref AWS::NoValue, {SQSSendMessagePolicy: {QueueName: q2}}]\n"
			    "- AWSLambdaRole\n";

static void init(xf *x, const char *partition)
{
	fx_init(x, "Resources: {}\n");
	x->partition = partition;
}

static void done(xf *x)
{
	fx_free(x); /* also frees the policy data loaded on first use */
}

/* {"Policies": <policies_yaml>} */
static cJSON *props_with(const char *policies_yaml)
{
	cJSON *props = cJSON_CreateObject();
	cJSON_AddItemToObject(props, "Policies", fx_yaml(policies_yaml));
	return props;
}

/* ---- policy templates ---- */

static void assert_expanded(const char *policies_yaml, const char *expected)
{
	xf x;
	init(&x, "aws");
	cJSON *props = props_with(policies_yaml);
	assert_int_equal(xf_expand_policy_templates(&x, "Fn", props), XF_OK);
	fx_assert_json(xf_get(props, "Policies"), expected);
	cJSON_Delete(props);
	done(&x);
}

static void assert_expand_error(const char *policies_yaml, xf_err_kind kind, const char *expected)
{
	xf x;
	init(&x, "aws");
	cJSON *props = props_with(policies_yaml);
	assert_int_equal(xf_expand_policy_templates(&x, "Fn", props), XF_FAIL);
	assert_int_equal(x.pending.kind, kind);
	fx_assert_error(&x, expected);
	cJSON_Delete(props);
	done(&x);
}

static void template_becomes_its_statement(void **state)
{
	(void)state;
	assert_expanded("[{SQSPollerPolicy: {QueueName: q}}]", "[" POLLER_STATEMENT("q") "]");
	assert_expanded("[{CloudWatchPutMetricPolicy: {}}]", "[" METRIC_STATEMENT "]");
}

static void single_template_is_wrapped_in_a_list(void **state)
{
	(void)state;
	assert_expanded("{CloudWatchPutMetricPolicy: {}}", "[" METRIC_STATEMENT "]");
	assert_expanded("AmazonS3ReadOnlyAccess", "[\"AmazonS3ReadOnlyAccess\"]");
}

static void other_entries_are_kept(void **state)
{
	(void)state;
	assert_expanded("[AmazonS3ReadOnlyAccess, {Statement: []}, {Foo: bar}, {Ref: P}]",
			"[\"AmazonS3ReadOnlyAccess\",{\"Statement\":[]},{\"Foo\":\"bar\"},{\"Ref\":\"P\"}]");
}

static void template_parameters_may_be_intrinsics(void **state)
{
	(void)state;
	assert_expanded("[{SQSPollerPolicy: {QueueName: !GetAtt Q.QueueName}}]",
			"[{\"Statement\":[{\"Action\":[\"sqs:ChangeMessageVisibility\",\"sqs:ChangeMessageVisibilityBatch\","
			"\"sqs:DeleteMessage\",\"sqs:DeleteMessageBatch\",\"sqs:GetQueueAttributes\",\"sqs:ReceiveMessage\"],"
			"\"Effect\":\"Allow\",\"Resource\":{\"Fn::Sub\":[\"arn:${AWS::Partition}:sqs:${AWS::Region}:"
			"${AWS::AccountId}:${queueName}\",{\"queueName\":{\"Fn::GetAtt\":[\"Q\",\"QueueName\"]}}]}}]}]");
}

static void templates_inside_if_keep_no_value(void **state)
{
	(void)state;
	assert_expanded("[!If [C, {SQSPollerPolicy: {QueueName: a}}, {SQSPollerPolicy: {QueueName: b}}]]",
			"[{\"Fn::If\":[\"C\"," POLLER_STATEMENT("a") "," POLLER_STATEMENT("b") "]}]");
	assert_expanded("[!If [C, !Ref AWS::NoValue, {CloudWatchPutMetricPolicy: {}}]]",
			"[{\"Fn::If\":[\"C\",{\"Ref\":\"AWS::NoValue\"}," METRIC_STATEMENT "]}]");
	assert_expanded("[!If [C, {CloudWatchPutMetricPolicy: {}}, !Ref AWS::NoValue]]",
			"[{\"Fn::If\":[\"C\"," METRIC_STATEMENT ",{\"Ref\":\"AWS::NoValue\"}]}]");
}

static void if_with_mixed_types_is_a_template_error(void **state)
{
	(void)state;
	static const char msg[] = "Structure of the SAM template is invalid. Different policy types within the same "
				  "Fn::If statement is unsupported. Separate different policy types into different "
				  "Fn::If statements";
	assert_expand_error("[!If [C, AmazonS3ReadOnlyAccess, {Statement: []}]]", XF_ERR_TEMPLATE, msg);
	assert_expand_error("[!If [C, {SQSPollerPolicy: {QueueName: a}}, {Statement: []}]]", XF_ERR_TEMPLATE, msg);
}

static void if_needs_three_arguments(void **state)
{
	(void)state;
	assert_expand_error("[!If [C, AmazonS3ReadOnlyAccess]]", XF_ERR_TEMPLATE,
			    "Structure of the SAM template is invalid. Fn::If requires 3 arguments");
}

static void template_parameter_errors(void **state)
{
	(void)state;
	assert_expand_error("[{SQSPollerPolicy: {}}]", XF_ERR_RESOURCE,
			    "Resource with id [Fn] is invalid. Following required parameters of template "
			    "'SQSPollerPolicy' don't have values: ['QueueName']");
	assert_expand_error("[{SQSPollerPolicy: x}]", XF_ERR_RESOURCE,
			    "Resource with id [Fn] is invalid. Must specify valid parameter values for policy "
			    "template 'SQSPollerPolicy'");
}

static void no_policies_is_a_no_op(void **state)
{
	(void)state;
	xf x;
	init(&x, "aws");
	cJSON *props = fx_yaml("{Runtime: x}");
	assert_int_equal(xf_expand_policy_templates(&x, "Fn", props), XF_OK);
	fx_assert_json(props, "{\"Runtime\":\"x\"}");
	cJSON_Delete(props);
	props = fx_yaml("{Policies: []}");
	assert_int_equal(xf_expand_policy_templates(&x, "Fn", props), XF_OK);
	fx_assert_json(props, "{\"Policies\":[]}");
	cJSON_Delete(props);
	done(&x);
}

/* ---- the role ---- */

/* Expands templates in `policies_yaml`, then builds the role of function Fn with the basic
 * execution policy already in the managed list (as the Function expander starts it). */
static cJSON *build(xf *x, const char *policies_yaml, const char *role_path, const char *boundary)
{
	cJSON *props = props_with(policies_yaml);
	assert_int_equal(xf_expand_policy_templates(x, "Fn", props), XF_OK);
	char *basic = xf_aws_managed_policy_arn(x, "service-role/AWSLambdaBasicExecutionRole");
	cJSON *path = role_path ? cJSON_CreateString(role_path) : NULL;
	cJSON *pb = boundary ? cJSON_CreateString(boundary) : NULL;
	xf_role_spec spec = {
		.resource_id = "Fn",
		.attributes = NULL,
		.assume_role_policy = fx_yaml("{Version: \"2012-10-17\"}"),
		.policies = xf_get(props, "Policies"),
		.managed_policy_arns = cJSON_CreateArray(),
		.policy_documents = cJSON_CreateArray(),
		.role_path = path,
		.permissions_boundary = pb,
		.tags = fx_yaml("[{Key: \"lambda:createdBy\", Value: SAM}]"),
	};
	cJSON_AddItemToArray(spec.managed_policy_arns, cJSON_CreateString(basic));
	cJSON *role = xf_build_role(x, &spec);
	cJSON_Delete(spec.assume_role_policy);
	cJSON_Delete(spec.managed_policy_arns);
	cJSON_Delete(spec.policy_documents);
	cJSON_Delete(spec.tags);
	cJSON_Delete(path);
	cJSON_Delete(pb);
	cJSON_Delete(props);
	free(basic);
	return role;
}

static void assert_role_part(const char *partition, const char *policies_yaml, const char *key, const char *expected)
{
	xf x;
	init(&x, partition);
	cJSON *role = build(&x, policies_yaml, NULL, NULL);
	assert_non_null(role);
	fx_assert_json(xf_get(xf_get(role, "Properties"), key), expected);
	cJSON_Delete(role);
	done(&x);
}

static void mixed_policies_managed_arns_aws(void **state)
{
	(void)state;
	assert_role_part("aws", MIXED, "ManagedPolicyArns",
			 "[" BASIC_ARN("aws") ",\"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess\","
			 "\"arn:aws:iam::123456789012:policy/Mine\",\"NotARealPolicyName\","
			 "{\"Fn::If\":[\"C\",\"arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess\",{\"Ref\":\"AWS::NoValue\"}]},"
			 "{\"Ref\":\"MP\"},\"arn:aws:iam::aws:policy/service-role/AWSLambdaRole\"]");
}

static void mixed_policies_managed_arns_other_partitions(void **state)
{
	(void)state;
	assert_role_part("aws-cn", MIXED, "ManagedPolicyArns",
			 "[" BASIC_ARN("aws-cn") ",\"arn:aws-cn:iam::aws:policy/AmazonS3ReadOnlyAccess\","
			 "\"arn:aws:iam::123456789012:policy/Mine\",\"NotARealPolicyName\","
			 "{\"Fn::If\":[\"C\",\"arn:aws-cn:iam::aws:policy/AmazonDynamoDBReadOnlyAccess\",{\"Ref\":\"AWS::NoValue\"}]},"
			 "{\"Ref\":\"MP\"},\"arn:aws-cn:iam::aws:policy/service-role/AWSLambdaRole\"]");
	assert_role_part("aws-us-gov", MIXED, "ManagedPolicyArns",
			 "[" BASIC_ARN("aws-us-gov") ",\"arn:aws-us-gov:iam::aws:policy/AmazonS3ReadOnlyAccess\","
			 "\"arn:aws:iam::123456789012:policy/Mine\",\"NotARealPolicyName\","
			 "{\"Fn::If\":[\"C\",\"arn:aws-us-gov:iam::aws:policy/AmazonDynamoDBReadOnlyAccess\","
			 "{\"Ref\":\"AWS::NoValue\"}]},"
			 "{\"Ref\":\"MP\"},\"arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaRole\"]");
}

static void mixed_policies_inline_names_use_the_index(void **state)
{
	(void)state;
	assert_role_part("aws", MIXED, "Policies",
			 "[{\"PolicyName\":\"FnRolePolicy3\",\"PolicyDocument\":{\"Statement\":[{\"Effect\":\"Allow\","
			 "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}},"
			 "{\"PolicyName\":\"FnRolePolicy4\",\"PolicyDocument\":" POLLER_STATEMENT("q") "},"
			 "{\"Fn::If\":[\"C\",{\"PolicyName\":\"FnRolePolicy7\",\"PolicyDocument\":{\"Statement\":[{"
			 "\"Effect\":\"Allow\",\"Action\":\"sns:Publish\",\"Resource\":\"*\"}]}},{\"Ref\":\"AWS::NoValue\"}]},"
			 "{\"Fn::If\":[\"C\",{\"Ref\":\"AWS::NoValue\"},{\"PolicyName\":\"FnRolePolicy9\",\"PolicyDocument\":"
			 "{\"Statement\":[{\"Action\":[\"sqs:SendMessage*\"],\"Effect\":\"Allow\",\"Resource\":{\"Fn::Sub\":["
			 "\"arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${queueName}\",{\"queueName\":\"q2\"}]}}]}}]}]");
}

static void if_with_two_statements_names_both_branches(void **state)
{
	(void)state;
	assert_role_part("aws", "[!If [C, {Statement: [{Effect: Allow}]}, {Statement: [{Effect: Deny}]}]]", "Policies",
			 "[{\"Fn::If\":[\"C\",{\"PolicyName\":\"FnRolePolicy0\",\"PolicyDocument\":{\"Statement\":[{"
			 "\"Effect\":\"Allow\"}]}},{\"PolicyName\":\"FnRolePolicy0\",\"PolicyDocument\":{\"Statement\":[{"
			 "\"Effect\":\"Deny\"}]}}]}]");
}

static void duplicates_and_intrinsics(void **state)
{
	(void)state;
	/* the mapped name equals the basic ARN already present; the service-role/ spelling is no name */
	assert_role_part("aws",
			 "[!Sub \"arn:${AWS::Partition}:iam::aws:policy/X\", AWSLambdaBasicExecutionRole,"
			 " service-role/AWSLambdaBasicExecutionRole, !Sub \"arn:${AWS::Partition}:iam::aws:policy/X\"]",
			 "ManagedPolicyArns",
			 "[" BASIC_ARN("aws") ",{\"Fn::Sub\":\"arn:${AWS::Partition}:iam::aws:policy/X\"},"
			 "\"service-role/AWSLambdaBasicExecutionRole\"]");
	assert_role_part("aws", "[!If [C, !Ref AWS::NoValue, !Ref AWS::NoValue]]", "ManagedPolicyArns",
			 "[" BASIC_ARN("aws") ",{\"Fn::If\":[\"C\",{\"Ref\":\"AWS::NoValue\"},{\"Ref\":\"AWS::NoValue\"}]}]");
}

static void single_statement_policy_not_in_a_list(void **state)
{
	(void)state;
	assert_role_part("aws", "{Statement: [{Effect: Allow, Action: \"s3:*\", Resource: \"*\"}]}", "Policies",
			 "[{\"PolicyName\":\"FnRolePolicy0\",\"PolicyDocument\":{\"Statement\":[{\"Effect\":\"Allow\","
			 "\"Action\":\"s3:*\",\"Resource\":\"*\"}]}}]");
}

static void role_without_inline_policies_has_no_policies_key(void **state)
{
	(void)state;
	xf x;
	init(&x, "aws");
	cJSON *role = build(&x, "[AmazonS3ReadOnlyAccess]", NULL, NULL);
	fx_assert_json(role, "{\"Type\":\"AWS::IAM::Role\",\"Properties\":{\"AssumeRolePolicyDocument\":{\"Version\":"
			     "\"2012-10-17\"},\"ManagedPolicyArns\":[" BASIC_ARN("aws") ",\"arn:aws:iam::aws:policy/"
			     "AmazonS3ReadOnlyAccess\"],\"Tags\":[{\"Key\":\"lambda:createdBy\",\"Value\":\"SAM\"}]}}");
	cJSON_Delete(role);
	done(&x);
}

/* IAMRole.property_types orders Path before Policies; xf_build_role adds
 * Policies first, so the role's keys come out as ..., Policies, Path, ... */
static void role_properties_in_reference_order(void **state)
{
	(void)state;
	xf x;
	init(&x, "aws");
	cJSON *role = build(&x, "[{Statement: []}]", "/app/", "arn:aws:iam::1:policy/pb");
	fx_assert_json(role, "{\"Type\":\"AWS::IAM::Role\",\"Properties\":{\"AssumeRolePolicyDocument\":{\"Version\":"
			     "\"2012-10-17\"},\"ManagedPolicyArns\":[" BASIC_ARN("aws") "],\"Path\":\"/app/\","
			     "\"Policies\":[{\"PolicyName\":\"FnRolePolicy0\",\"PolicyDocument\":{\"Statement\":[]}}],"
			     "\"PermissionsBoundary\":\"arn:aws:iam::1:policy/pb\",\"Tags\":[{\"Key\":\"lambda:createdBy\","
			     "\"Value\":\"SAM\"}]}}");
	cJSON_Delete(role);
	done(&x);
}

static void path_and_boundary_are_set(void **state)
{
	(void)state;
	xf x;
	init(&x, "aws");
	cJSON *role = build(&x, "[]", "/app/", "arn:aws:iam::1:policy/pb");
	const cJSON *props = xf_get(role, "Properties");
	assert_string_equal(xf_get_str(props, "Path"), "/app/");
	assert_string_equal(xf_get_str(props, "PermissionsBoundary"), "arn:aws:iam::1:policy/pb");
	assert_null(xf_get(props, "Policies"));
	cJSON_Delete(role);
	done(&x);
}

static void assert_role_error(const char *policies_yaml, const char *expected)
{
	xf x;
	init(&x, "aws");
	cJSON *role = build(&x, policies_yaml, NULL, NULL);
	assert_null(role);
	fx_assert_error(&x, expected);
	done(&x);
}

static void unknown_policy_is_not_valid(void **state)
{
	(void)state;
	assert_role_error("[AmazonS3ReadOnlyAccess, {Foo: bar}]",
			  "Resource with id [Fn] is invalid. Policy at index 1 in the 'Policies' property is not valid");
	assert_role_error("[AmazonS3ReadOnlyAccess, {Foo: bar, Baz: 1}]",
			  "Resource with id [Fn] is invalid. Policy at index 1 in the 'Policies' property is not valid");
	assert_role_error("[!If [C, {Foo: 1}, !Ref AWS::NoValue]]",
			  "Resource with id [Fn] is invalid. Policy at index 0 in the 'Policies' property is not valid");
}

static void managed_arn_in_partition(void **state)
{
	(void)state;
	xf x;
	init(&x, "aws-cn");
	char *arn = xf_aws_managed_policy_arn(&x, "AWSXRayDaemonWriteAccess");
	assert_string_equal(arn, "arn:aws-cn:iam::aws:policy/AWSXRayDaemonWriteAccess");
	free(arn);
	done(&x);
}

/* ---- helpers that extend a built role ---- */

static void add_managed_arn_skips_duplicates(void **state)
{
	(void)state;
	cJSON *role = fx_yaml("{Type: \"AWS::IAM::Role\", Properties: {ManagedPolicyArns: [a]}}");
	assert_int_equal(xf_role_add_managed_arn(role, "b"), XF_OK);
	assert_int_equal(xf_role_add_managed_arn(role, "a"), XF_OK);
	assert_int_equal(xf_role_add_managed_arn(role, "b"), XF_OK);
	fx_assert_json(role, "{\"Type\":\"AWS::IAM::Role\",\"Properties\":{\"ManagedPolicyArns\":[\"a\",\"b\"]}}");
	cJSON_Delete(role);
	role = fx_yaml("{Type: \"AWS::IAM::Role\"}");
	assert_int_equal(xf_role_add_managed_arn(role, "x"), XF_OK);
	fx_assert_json(role, "{\"Type\":\"AWS::IAM::Role\",\"Properties\":{\"ManagedPolicyArns\":[\"x\"]}}");
	cJSON_Delete(role);
}

static void add_policy_skips_equal_documents(void **state)
{
	(void)state;
	cJSON *role = fx_yaml("{Type: \"AWS::IAM::Role\", Properties: {}}");
	cJSON *p1 = fx_yaml("{PolicyName: P1, PolicyDocument: {Statement: [{Effect: Allow}]}}");
	cJSON *p1_renamed = fx_yaml("{PolicyName: Other, PolicyDocument: {Statement: [{Effect: Allow}]}}");
	cJSON *p2 = fx_yaml("{PolicyName: P1, PolicyDocument: {Statement: [{Effect: Deny}]}}");
	assert_int_equal(xf_role_add_policy(role, p1), XF_OK);
	assert_int_equal(xf_role_add_policy(role, p1), XF_OK);
	assert_int_equal(xf_role_add_policy(role, p1_renamed), XF_OK);
	assert_int_equal(xf_role_add_policy(role, p2), XF_OK);
	fx_assert_json(xf_get(xf_get(role, "Properties"), "Policies"),
		       "[{\"PolicyName\":\"P1\",\"PolicyDocument\":{\"Statement\":[{\"Effect\":\"Allow\"}]}},"
		       "{\"PolicyName\":\"P1\",\"PolicyDocument\":{\"Statement\":[{\"Effect\":\"Deny\"}]}}]");
	cJSON_Delete(p1);
	cJSON_Delete(p1_renamed);
	cJSON_Delete(p2);
	cJSON_Delete(role);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(template_becomes_its_statement),
		cmocka_unit_test(single_template_is_wrapped_in_a_list),
		cmocka_unit_test(other_entries_are_kept),
		cmocka_unit_test(template_parameters_may_be_intrinsics),
		cmocka_unit_test(templates_inside_if_keep_no_value),
		cmocka_unit_test(if_with_mixed_types_is_a_template_error),
		cmocka_unit_test(if_needs_three_arguments),
		cmocka_unit_test(template_parameter_errors),
		cmocka_unit_test(no_policies_is_a_no_op),
		cmocka_unit_test(mixed_policies_managed_arns_aws),
		cmocka_unit_test(mixed_policies_managed_arns_other_partitions),
		cmocka_unit_test(mixed_policies_inline_names_use_the_index),
		cmocka_unit_test(if_with_two_statements_names_both_branches),
		cmocka_unit_test(duplicates_and_intrinsics),
		cmocka_unit_test(single_statement_policy_not_in_a_list),
		cmocka_unit_test(role_without_inline_policies_has_no_policies_key),
		cmocka_unit_test(path_and_boundary_are_set),
		cmocka_unit_test(unknown_policy_is_not_valid),
		cmocka_unit_test(managed_arn_in_partition),
		cmocka_unit_test(add_managed_arn_skips_duplicates),
		cmocka_unit_test(add_policy_skips_equal_documents),
		cmocka_unit_test(role_properties_in_reference_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
