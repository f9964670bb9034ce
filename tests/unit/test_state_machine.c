/* test_state_machine.c — AWS::Serverless::StateMachine: definitions and substitutions, S3
 * locations, the execution role, tags, version and alias, event sources, and error messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "xf_fixture.h"

#define SM(props) "Resources:\n  SM:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n" props

static void expand_ok(xf *x, const char *template_yaml)
{
	fx_init(x, template_yaml);
	assert_int_equal(fx_expand(x, xf_expand_state_machine, "SM"), XF_OK);
}

static void assert_resource(xf *x, const char *id, const char *expected)
{
	fx_assert_json(xf_get(x->resources, id), expected);
}

static void assert_sm_error(const char *template_yaml, const char *expected)
{
	xf x;
	fx_init(&x, template_yaml);
	assert_int_equal(fx_expand(&x, xf_expand_state_machine, "SM"), XF_FAIL);
	fx_assert_error(&x, expected);
	fx_free(&x);
}

static void inline_definition_moves_intrinsics_into_substitutions(void **state)
{
	(void)state;
	xf x;
	expand_ok(&x, SM("      Role: arn:role\n"
			 "      DefinitionSubstitutions:\n"
			 "        Mine: value\n"
			 "      Definition:\n"
			 "        StartAt: B\n"
			 "        States:\n"
			 "          B: {Type: Task, Resource: !GetAtt F.Arn, End: true}\n"
			 "          A: {Type: Task, Resource: '{{resolve:ssm:name}}', Next: B}\n"));
	assert_resource(&x, "SM",
			"{\"Type\":\"AWS::StepFunctions::StateMachine\",\"Properties\":{"
			"\"DefinitionSubstitutions\":{\"Mine\":\"value\",\"definition_substitution_1\":"
			"\"{{resolve:ssm:name}}\",\"definition_substitution_2\":{\"Fn::GetAtt\":[\"F\",\"Arn\"]}},"
			"\"DefinitionString\":{\"Fn::Join\":[\"\\n\",[\"{\",\"    \\\"StartAt\\\": \\\"B\\\",\","
			"\"    \\\"States\\\": {\",\"        \\\"A\\\": {\",\"            \\\"Next\\\": \\\"B\\\",\","
			"\"            \\\"Resource\\\": \\\"${definition_substitution_1}\\\",\","
			"\"            \\\"Type\\\": \\\"Task\\\"\",\"        },\",\"        \\\"B\\\": {\","
			"\"            \\\"End\\\": true,\","
			"\"            \\\"Resource\\\": \\\"${definition_substitution_2}\\\",\","
			"\"            \\\"Type\\\": \\\"Task\\\"\",\"        }\",\"    }\",\"}\"]]},"
			"\"RoleArn\":\"arn:role\",\"Tags\":[{\"Key\":\"stateMachine:createdBy\",\"Value\":\"SAM\"}]}}");
	assert_null(xf_get(x.resources, "SMRole"));
	fx_free(&x);
}

static void definition_uri_string_and_object(void **state)
{
	(void)state;
	xf x;
	expand_ok(&x, SM("      Role: arn:role\n"
			 "      DefinitionUri: s3://bucket/key.json?versionId=3\n"));
	fx_assert_json(xf_get(xf_props((cJSON *)xf_get(x.resources, "SM")), "DefinitionS3Location"),
		       "{\"Bucket\":\"bucket\",\"Key\":\"key.json\",\"Version\":\"3\"}");
	fx_free(&x);
	expand_ok(&x, SM("      Role: arn:role\n"
			 "      DefinitionUri: {Bucket: b, Key: k, Extra: 1}\n"));
	fx_assert_json(xf_get(xf_props((cJSON *)xf_get(x.resources, "SM")), "DefinitionS3Location"),
		       "{\"Bucket\":\"b\",\"Key\":\"k\"}");
	fx_free(&x);
}

static void generated_role_with_policies_tracing_and_tags(void **state)
{
	(void)state;
	xf x;
	expand_ok(&x, "Resources:\n  SM:\n    Type: AWS::Serverless::StateMachine\n    Condition: C\n"
		      "    Properties:\n"
		      "      DefinitionUri: s3://b/k\n"
		      "      Name: N\n      Type: EXPRESS\n"
		      "      Tracing: {Enabled: true}\n"
		      "      RolePath: /p/\n"
		      "      PermissionsBoundary: arn:boundary\n"
		      "      Tags: {Team: a, Empty: null}\n"
		      "      Policies:\n"
		      "        - AmazonS3ReadOnlyAccess\n"
		      "        - Statement: [{Effect: Allow, Action: s3:GetObject, Resource: '*'}]\n");
	assert_resource(&x, "SMRole",
			"{\"Type\":\"AWS::IAM::Role\",\"Condition\":\"C\",\"Properties\":{\"AssumeRolePolicyDocument\":"
			"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Action\":[\"sts:AssumeRole\"],\"Effect\":"
			"\"Allow\",\"Principal\":{\"Service\":[\"states.amazonaws.com\"]}}]},\"ManagedPolicyArns\":["
			"\"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess\","
			"\"arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess\"],\"Path\":\"/p/\",\"Policies\":[{"
			"\"PolicyName\":\"SMRolePolicy1\",\"PolicyDocument\":{\"Statement\":[{\"Effect\":\"Allow\","
			"\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}}],\"PermissionsBoundary\":\"arn:boundary\","
			"\"Tags\":[{\"Key\":\"stateMachine:createdBy\",\"Value\":\"SAM\"},{\"Key\":\"Team\",\"Value\":"
			"\"a\"},{\"Key\":\"Empty\",\"Value\":\"\"}]}}");
	assert_resource(&x, "SM",
			"{\"Type\":\"AWS::StepFunctions::StateMachine\",\"Condition\":\"C\",\"Properties\":{"
			"\"DefinitionS3Location\":{\"Bucket\":\"b\",\"Key\":\"k\"},\"RoleArn\":{\"Fn::GetAtt\":["
			"\"SMRole\",\"Arn\"]},\"StateMachineName\":\"N\",\"StateMachineType\":\"EXPRESS\","
			"\"TracingConfiguration\":{\"Enabled\":true},\"Tags\":[{\"Key\":\"stateMachine:createdBy\","
			"\"Value\":\"SAM\"},{\"Key\":\"Team\",\"Value\":\"a\"},{\"Key\":\"Empty\",\"Value\":\"\"}]}}");
	fx_free(&x);
}

static void auto_publish_alias_gives_version_and_alias(void **state)
{
	(void)state;
	xf x;
	expand_ok(&x, "Resources:\n  SM:\n    Type: AWS::Serverless::StateMachine\n    DeletionPolicy: Delete\n"
		      "    Properties:\n"
		      "      Role: arn:role\n      DefinitionUri: s3://b/k\n"
		      "      AutoPublishAlias: live\n"
		      "      DeploymentPreference: {Type: LINEAR, Interval: 1}\n");
	assert_resource(&x, "SMVersion",
			"{\"Type\":\"AWS::StepFunctions::StateMachineVersion\",\"DeletionPolicy\":\"Delete\","
			"\"UpdateReplacePolicy\":\"Retain\",\"Properties\":{\"StateMachineArn\":{\"Ref\":\"SM\"},"
			"\"StateMachineRevisionId\":{\"Fn::GetAtt\":[\"SM\",\"StateMachineRevisionId\"]}}}");
	assert_resource(&x, "SMAliaslive",
			"{\"Type\":\"AWS::StepFunctions::StateMachineAlias\",\"DeletionPolicy\":\"Delete\","
			"\"Properties\":{\"Name\":\"live\",\"DeploymentPreference\":{\"Type\":\"LINEAR\",\"Interval\":1,"
			"\"StateMachineVersionArn\":{\"Ref\":\"SMVersion\"}}}}");
	fx_free(&x);
}

static void schedule_event_targets_alias_through_a_role(void **state)
{
	(void)state;
	xf x;
	expand_ok(&x, SM("      Role: arn:role\n      DefinitionUri: s3://b/k\n"
			 "      PermissionsBoundary: arn:pb\n"
			 "      AutoPublishAlias: live\n      UseAliasAsEventTarget: true\n"
			 "      Events:\n"
			 "        Tick:\n"
			 "          Type: Schedule\n"
			 "          Properties: {Schedule: rate(1 minute), Enabled: false, Input: '{}'}\n"));
	assert_resource(&x, "SMTick",
			"{\"Type\":\"AWS::Events::Rule\",\"Properties\":{\"ScheduleExpression\":\"rate(1 minute)\","
			"\"State\":\"DISABLED\",\"Targets\":[{\"Arn\":{\"Ref\":\"SMAliaslive\"},\"Id\":"
			"\"SMTickStepFunctionsTarget\",\"RoleArn\":{\"Fn::GetAtt\":[\"SMTickRole\",\"Arn\"]},"
			"\"Input\":\"{}\"}]}}");
	assert_resource(&x, "SMTickRole",
			"{\"Type\":\"AWS::IAM::Role\",\"Properties\":{\"AssumeRolePolicyDocument\":{\"Version\":"
			"\"2012-10-17\",\"Statement\":[{\"Action\":[\"sts:AssumeRole\"],\"Effect\":\"Allow\","
			"\"Principal\":{\"Service\":[\"events.amazonaws.com\"]}}]},\"Policies\":[{\"PolicyName\":"
			"\"SMTickRoleStartExecutionPolicy\",\"PolicyDocument\":{\"Statement\":[{\"Action\":"
			"\"states:StartExecution\",\"Effect\":\"Allow\",\"Resource\":{\"Ref\":\"SMAliaslive\"}}]}}],"
			"\"PermissionsBoundary\":\"arn:pb\"}}");
	fx_free(&x);
}

static void event_bridge_rule_with_dead_letter_queue(void **state)
{
	(void)state;
	xf x;
	expand_ok(&x, SM("      Role: arn:role\n      DefinitionUri: s3://b/k\n"
			 "      Events:\n"
			 "        Ev:\n"
			 "          Type: EventBridgeRule\n"
			 "          Properties:\n"
			 "            Pattern: {source: [aws.ec2]}\n"
			 "            DeadLetterConfig: {Type: SQS}\n"
			 "            InputTransformer: {InputTemplate: x}\n"));
	assert_non_null(xf_get(x.resources, "SMEvQueue"));
	assert_non_null(xf_get(x.resources, "SMEvQueuePolicy"));
	assert_resource(&x, "SMEv",
			"{\"Type\":\"AWS::Events::Rule\",\"Properties\":{\"EventPattern\":{\"source\":[\"aws.ec2\"]},"
			"\"Targets\":[{\"Arn\":{\"Ref\":\"SM\"},\"Id\":\"SMEvStepFunctionsTarget\",\"RoleArn\":{"
			"\"Fn::GetAtt\":[\"SMEvRole\",\"Arn\"]},\"DeadLetterConfig\":{\"Arn\":{\"Fn::GetAtt\":["
			"\"SMEvQueue\",\"Arn\"]}},\"InputTransformer\":{\"InputTemplate\":\"x\"}}]}}");
	fx_free(&x);
}

static void schedule_v2_role_starts_executions(void **state)
{
	(void)state;
	xf x;
	expand_ok(&x, SM("      Role: arn:role\n      DefinitionUri: s3://b/k\n"
			 "      Events:\n"
			 "        S:\n"
			 "          Type: ScheduleV2\n"
			 "          Properties: {ScheduleExpression: rate(1 minute)}\n"));
	fx_assert_json(xf_get(xf_props((cJSON *)xf_get(x.resources, "SMSRole")), "Policies"),
		       "[{\"PolicyDocument\":{\"Statement\":[{\"Action\":\"states:StartExecution\",\"Effect\":"
		       "\"Allow\",\"Resource\":{\"Ref\":\"SM\"}}]},\"PolicyName\":\"SMSStartExecutionPolicy\"}]");
	fx_free(&x);
}

static void propagate_tags_reaches_generated_roles(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, SM("      DefinitionUri: s3://b/k\n"
		       "      PropagateTags: true\n      Tags: {K: v}\n"
		       "      Events:\n"
		       "        Ev: {Type: CloudWatchEvent, Properties: {Pattern: {source: [a]}}}\n"));
	x.emitted = cJSON_CreateArray(); /* the translator tracks what each macro emits */
	assert_int_equal(fx_expand(&x, xf_expand_state_machine, "SM"), XF_OK);
	fx_assert_json(xf_get(xf_props((cJSON *)xf_get(x.resources, "SMEvRole")), "Tags"),
		       "[{\"Key\":\"K\",\"Value\":\"v\"}]");
	fx_assert_json(xf_get(xf_props((cJSON *)xf_get(x.resources, "SM")), "Tags"), "[{\"Key\":\"K\",\"Value\":\"v\"}]");
	assert_null(xf_get(xf_props((cJSON *)xf_get(x.resources, "SMEv")), "Tags"));
	fx_free(&x);
}

static void definition_errors(void **state)
{
	(void)state;
	assert_sm_error(SM("      Role: r\n"),
			"Resource with id [SM] is invalid. Either 'Definition' or 'DefinitionUri' property must be "
			"specified.");
	assert_sm_error(SM("      Role: r\n      DefinitionUri: s3://b/k\n      Definition: {StartAt: A}\n"),
			"Resource with id [SM] is invalid. Specify either 'Definition' or 'DefinitionUri' property and "
			"not both.");
	assert_sm_error(SM("      DefinitionUri: {Bucket: b}\n"),
			"Resource with id [SM] is invalid. 'DefinitionUri' requires Bucket and Key properties to be "
			"specified.");
	assert_sm_error(SM("      DefinitionUri: https://example.com/x\n"),
			"Resource with id [SM] is invalid. 'DefinitionUri' is not a valid S3 Uri of the form "
			"'s3://bucket/key' with optional versionId query parameter.");
	assert_sm_error(SM("      Definition: text\n"),
			"Resource with id [SM] is invalid. Property 'Definition' should be a map.");
}

static void role_and_alias_errors(void **state)
{
	(void)state;
	assert_sm_error(SM("      DefinitionUri: s3://b/k\n      Role: r\n      Policies: [P]\n"),
			"Resource with id [SM] is invalid. Specify either 'Role' or 'Policies' (but not both at the "
			"same time) or neither of them");
	assert_sm_error(SM("      DefinitionUri: s3://b/k\n      DeploymentPreference: {Type: ALL_AT_ONCE}\n"),
			"Resource with id [SM] is invalid. 'DeploymentPreference' requires 'AutoPublishAlias' property "
			"to be specified.");
	assert_sm_error(SM("      DefinitionUri: s3://b/k\n      UseAliasAsEventTarget: true\n"),
			"Resource with id [SM] is invalid. 'UseAliasAsEventTarget' requires 'AutoPublishAlias' property "
			"to be specified.");
}

static void event_errors(void **state)
{
	(void)state;
	assert_sm_error(SM("      DefinitionUri: s3://b/k\n"
			   "      Events:\n        E: {Type: SQS, Properties: {Queue: q}}\n"),
			"Resource with id [SM] is invalid. Event with id [E] is invalid. Resource dict has missing or "
			"invalid value for key Type. Event Type is: SQS.");
	assert_sm_error(SM("      DefinitionUri: s3://b/k\n"
			   "      Events:\n        E: {Type: Schedule, Properties: {Schedule: r, State: ENABLED, "
			   "Enabled: true}}\n"),
			"Event with id [E] is invalid. State and Enabled Properties cannot both be specified.");
	assert_sm_error(SM("      DefinitionUri: s3://b/k\n"
			   "      Events:\n        E: {Type: CloudWatchEvent, Properties: {DeadLetterConfig: {}}}\n"),
			"Event with id [SME] is invalid. No 'Arn' or 'Type' property provided for DeadLetterConfig.");
	assert_sm_error(SM("      DefinitionUri: s3://b/k\n"
			   "      Events:\n        E: {Type: Api, Properties: {Path: /, Method: get, RestApiId: A, "
			   "UnescapeMappingTemplate: !Ref P}}\n"),
			"Resource with id [SME] is invalid. Type of property 'UnescapeMappingTemplate' is invalid.");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(inline_definition_moves_intrinsics_into_substitutions),
		cmocka_unit_test(definition_uri_string_and_object),
		cmocka_unit_test(generated_role_with_policies_tracing_and_tags),
		cmocka_unit_test(auto_publish_alias_gives_version_and_alias),
		cmocka_unit_test(schedule_event_targets_alias_through_a_role),
		cmocka_unit_test(event_bridge_rule_with_dead_letter_queue),
		cmocka_unit_test(schedule_v2_role_starts_executions),
		cmocka_unit_test(propagate_tags_reaches_generated_roles),
		cmocka_unit_test(definition_errors),
		cmocka_unit_test(role_and_alias_errors),
		cmocka_unit_test(event_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
