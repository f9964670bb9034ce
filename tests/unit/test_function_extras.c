/* test_function_extras.c — FunctionUrlConfig, EventInvokeConfig and DeploymentPreference of a
 * function on a hand-built context. Expected values come from aws-sam-translator 1.110.0. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "transform/function_extras.h"
#include "xf_fixture.h"

#define FUNCTION_HEAD                                                                                              \
	"    Type: AWS::Serverless::Function\n"                                                                        \
	"    Properties:\n"                                                                                             \
	"      InlineCode: x\n"                                                                                         \
	"      Handler: index.handler\n"                                                                                \
	"      Runtime: nodejs18.x\n"

/* One SAM function of the fixture's template, as the Function expander hands it over. */
typedef struct test_fn {
	cJSON *sam, *attrs;
	cJSON *alias; /* borrowed from the output */
	char *alias_id;
	xf_fn fn;
} test_fn;

typedef struct fixture {
	xf x;
	test_fn fns[4];
	size_t nfns;
	cJSON *policies;
} fixture;

static void setup(fixture *f, const char *template_yaml)
{
	memset(f, 0, sizeof(*f));
	fx_init(&f->x, template_yaml);
	assert_int_equal(xf_take_input_snapshot(&f->x), XF_OK);
	f->x.conditions = cJSON_GetObjectItemCaseSensitive(f->x.tpl, "Conditions");
	f->policies = cJSON_CreateArray();
}

static void teardown(fixture *f)
{
	for (size_t i = 0; i < f->nfns; i++) {
		cJSON_Delete(f->fns[i].sam);
		cJSON_Delete(f->fns[i].attrs);
		free(f->fns[i].alias_id);
	}
	cJSON_Delete(f->policies);
	fx_free(&f->x);
}

/* Takes SAM function `id` out of the template; `alias_name` (or NULL) makes <id>Alias<name>. */
static const xf_fn *function(fixture *f, const char *id, const char *alias_name)
{
	static const char *const passthrough[] = {"Condition", "DeletionPolicy", "UpdateReplacePolicy"};
	test_fn *t = &f->fns[f->nfns++];
	t->sam = fx_take(&f->x, id);
	t->attrs = cJSON_CreateObject();
	for (size_t i = 0; i < 3; i++) {
		const cJSON *v = xf_get(t->sam, passthrough[i]);
		if (v)
			cJSON_AddItemToObject(t->attrs, passthrough[i], cJSON_Duplicate(v, 1));
	}
	if (alias_name) {
		t->alias_id = samc_strfmt("%sAlias%s", id, alias_name);
		assert_int_equal(xf_emit(&f->x, id, t->alias_id, xf_new_resource("AWS::Lambda::Alias")), XF_OK);
		t->alias = xf_resource(&f->x, t->alias_id);
	}
	t->fn = (xf_fn){id, t->sam, NULL, t->alias_id, NULL, t->attrs};
	return &t->fn;
}

static const cJSON *prop(const test_fn *t, const char *name)
{
	return xf_get(xf_get(t->sam, "Properties"), name);
}

static int url(fixture *f, const char *id, const char *alias_name)
{
	const xf_fn *fn = function(f, id, alias_name);
	test_fn *t = &f->fns[f->nfns - 1];
	return xf_function_url(&f->x, fn, t->alias, prop(t, "FunctionUrlConfig"));
}

static int invoke_config(fixture *f, const char *id, const char *alias_name)
{
	const xf_fn *fn = function(f, id, alias_name);
	test_fn *t = &f->fns[f->nfns - 1];
	return xf_event_invoke_config(&f->x, fn, alias_name ? alias_name : "", t->alias,
				      prop(t, "EventInvokeConfig"), f->policies);
}

static int deployment(fixture *f, const char *id, const char *alias_name)
{
	const xf_fn *fn = function(f, id, alias_name);
	test_fn *t = &f->fns[f->nfns - 1];
	return xf_deployment_preference_add(&f->x, fn, t->alias, prop(t, "DeploymentPreference"));
}

static void assert_resource(fixture *f, const char *id, const char *expected)
{
	const cJSON *r = xf_resource(&f->x, id);
	assert_non_null(r);
	fx_assert_json(r, expected);
}

/* ---- FunctionUrlConfig ---- */

static void url_public_with_alias(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "Resources:\n"
		  "  Fn:\n"
		  "    Condition: C\n"
		  "    DeletionPolicy: Retain\n" FUNCTION_HEAD "      FunctionUrlConfig:\n"
		  "        AuthType: NONE\n"
		  "        InvokeMode: BUFFERED\n"
		  "        Cors: {AllowOrigins: [a], MaxAge: 10, AllowCredentials: true}\n");
	assert_int_equal(url(&f, "Fn", "live"), XF_OK);
	assert_resource(&f, "FnUrl",
			"{\"Type\":\"AWS::Lambda::Url\",\"Condition\":\"C\",\"DeletionPolicy\":\"Retain\","
			"\"Properties\":{\"TargetFunctionArn\":{\"Ref\":\"FnAliaslive\"},\"AuthType\":\"NONE\","
			"\"Cors\":{\"AllowOrigins\":[\"a\"],\"MaxAge\":10,\"AllowCredentials\":true},"
			"\"InvokeMode\":\"BUFFERED\"}}");
	assert_resource(&f, "FnUrlPublicPermissions",
			"{\"Type\":\"AWS::Lambda::Permission\",\"Condition\":\"C\",\"DeletionPolicy\":\"Retain\","
			"\"Properties\":{\"Action\":\"lambda:InvokeFunctionUrl\",\"FunctionName\":{\"Ref\":"
			"\"FnAliaslive\"},\"Principal\":\"*\",\"FunctionUrlAuthType\":\"NONE\"}}");
	assert_resource(&f, "FnURLInvokeAllowPublicAccess",
			"{\"Type\":\"AWS::Lambda::Permission\",\"Condition\":\"C\",\"DeletionPolicy\":\"Retain\","
			"\"Properties\":{\"Action\":\"lambda:InvokeFunction\",\"FunctionName\":{\"Ref\":"
			"\"FnAliaslive\"},\"Principal\":\"*\",\"InvokedViaFunctionUrl\":true}}");
	teardown(&f);
}

static void url_iam_targets_function(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "Resources:\n  Fn:\n" FUNCTION_HEAD "      FunctionUrlConfig: {AuthType: AWS_IAM, Cors: {}}\n");
	assert_int_equal(url(&f, "Fn", NULL), XF_OK);
	assert_resource(&f, "FnUrl",
			"{\"Type\":\"AWS::Lambda::Url\",\"Properties\":{\"TargetFunctionArn\":{\"Ref\":\"Fn\"},"
			"\"AuthType\":\"AWS_IAM\"}}");
	assert_null(xf_resource(&f.x, "FnUrlPublicPermissions"));
	assert_null(xf_resource(&f.x, "FnURLInvokeAllowPublicAccess"));
	teardown(&f);
}

static void url_intrinsic_config_skips_validation(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "Resources:\n  Fn:\n" FUNCTION_HEAD
		  "      FunctionUrlConfig: {\"Fn::If\": [C, {AuthType: NONE}, {AuthType: AWS_IAM}]}\n");
	assert_int_equal(url(&f, "Fn", NULL), XF_OK);
	assert_resource(&f, "FnUrl",
			"{\"Type\":\"AWS::Lambda::Url\",\"Properties\":{\"TargetFunctionArn\":{\"Ref\":\"Fn\"}}}");
	assert_null(xf_resource(&f.x, "FnUrlPublicPermissions"));
	teardown(&f);
}

struct url_error_case {
	const char *config;
	const char *message;
};

static void url_errors(void **state)
{
	(void)state;
	static const struct url_error_case cases[] = {
		{"{Cors: {}}", "AuthType is required to configure function property `FunctionUrlConfig`. Please provide "
			       "either AWS_IAM or NONE."},
		{"{AuthType: [NONE]}", "AuthType is required to configure function property `FunctionUrlConfig`. "
				       "Please provide either AWS_IAM or NONE."},
		{"{AuthType: NONE, Cors: abc}", "Property 'FunctionUrlConfig.Cors' should be a map."},
		{"{AuthType: NONE, Cors: {AllowOrigin: [a]}}", "AllowOrigin is not a valid property for configuring Cors."},
		{"{AuthType: NONE, Cors: {MaxAge: 1.5}}", "MaxAge must be of type int."},
		{"{AuthType: NONE, Cors: {AllowCredentials: 1}}", "AllowCredentials must be of type bool."},
		{"{AuthType: NONE, Cors: {AllowMethods: GET}}", "AllowMethods must be of type list."},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *yaml = samc_strfmt("Resources:\n  Fn:\n" FUNCTION_HEAD "      FunctionUrlConfig: %s\n", cases[i].config);
		fixture f;
		setup(&f, yaml);
		assert_int_equal(url(&f, "Fn", NULL), XF_FAIL);
		char *expected = samc_strfmt("Resource with id [Fn] is invalid. %s", cases[i].message);
		fx_assert_error(&f.x, expected);
		assert_null(xf_resource(&f.x, "FnUrl"));
		free(expected);
		free(yaml);
		teardown(&f);
	}
}

static void url_cors_accepts_bool_as_int_and_intrinsics(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "Resources:\n  Fn:\n" FUNCTION_HEAD
		  "      FunctionUrlConfig: {AuthType: NONE, Cors: {MaxAge: true, AllowOrigins: !Ref X}}\n");
	assert_int_equal(url(&f, "Fn", NULL), XF_OK);
	assert_non_null(xf_resource(&f.x, "FnURLInvokeAllowPublicAccess"));
	teardown(&f);
}

/* ---- EventInvokeConfig ---- */

static void invoke_config_auto_queue_and_explicit_topic(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "Parameters:\n  Topic: {Type: String, Default: topic-arn}\n"
		  "Resources:\n  Fn:\n"
		  "    DeletionPolicy: Retain\n"
		  "    UpdatePolicy: {X: 1}\n"
		  "    Metadata: {M: 1}\n" FUNCTION_HEAD "      EventInvokeConfig:\n"
		  "        MaximumEventAgeInSeconds: 70\n"
		  "        MaximumRetryAttempts: null\n"
		  "        DestinationConfig:\n"
		  "          OnSuccess: {Type: SQS}\n"
		  "          OnFailure: {Type: SNS, Destination: !Ref Topic}\n");
	assert_int_equal(invoke_config(&f, "Fn", "live"), XF_OK);
	assert_resource(&f, "FnEventInvokeConfigOnSuccessQueue",
			"{\"Type\":\"AWS::SQS::Queue\",\"DeletionPolicy\":\"Retain\",\"Properties\":{}}");
	assert_resource(&f, "FnEventInvokeConfig",
			"{\"Type\":\"AWS::Lambda::EventInvokeConfig\",\"DependsOn\":[\"FnAliaslive\"],"
			"\"DeletionPolicy\":\"Retain\",\"UpdatePolicy\":{\"X\":1},\"Metadata\":{\"M\":1},"
			"\"Properties\":{\"DestinationConfig\":{\"OnSuccess\":{\"Destination\":{\"Fn::GetAtt\":["
			"\"FnEventInvokeConfigOnSuccessQueue\",\"Arn\"]}},\"OnFailure\":{\"Destination\":"
			"\"topic-arn\"}},\"FunctionName\":{\"Ref\":\"Fn\"},\"MaximumEventAgeInSeconds\":70,"
			"\"Qualifier\":\"live\"}}");
	fx_assert_json(f.policies,
		       "[{\"PolicyName\":\"FnEventInvokeConfigOnSuccessSQSPolicy\",\"PolicyDocument\":{\"Statement\":"
		       "[{\"Action\":\"sqs:SendMessage\",\"Effect\":\"Allow\",\"Resource\":{\"Fn::GetAtt\":["
		       "\"FnEventInvokeConfigOnSuccessQueue\",\"Arn\"]}}]}},"
		       "{\"PolicyName\":\"FnEventInvokeConfigOnFailureSNSPolicy\",\"PolicyDocument\":{\"Statement\":"
		       "[{\"Action\":\"sns:publish\",\"Effect\":\"Allow\",\"Resource\":\"topic-arn\"}]}}]");
	fx_assert_json(f.x.referables, "{\"Fn\":{\"DestinationQueue\":\"FnEventInvokeConfigOnSuccessQueue\"}}");
	teardown(&f);
}

static void invoke_config_without_destinations(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "Resources:\n  Fn:\n" FUNCTION_HEAD "      EventInvokeConfig: {MaximumRetryAttempts: 0}\n");
	assert_int_equal(invoke_config(&f, "Fn", NULL), XF_OK);
	assert_resource(&f, "FnEventInvokeConfig",
			"{\"Type\":\"AWS::Lambda::EventInvokeConfig\",\"Properties\":{\"DestinationConfig\":{},"
			"\"FunctionName\":{\"Ref\":\"Fn\"},\"MaximumRetryAttempts\":0,\"Qualifier\":\"$LATEST\"}}");
	assert_null(f.policies->child);
	teardown(&f);
}

/* A conditional destination on a conditional function: NOT and AND conditions (the AND nests its
 * operands twice, as make_and_condition does). */
static void invoke_config_conditions(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "Conditions:\n  C: !Equals [a, b]\n  D: !Equals [a, b]\n"
		  "Resources:\n  Fa:\n"
		  "    Condition: D\n" FUNCTION_HEAD "      EventInvokeConfig:\n"
		  "        DestinationConfig:\n"
		  "          OnSuccess: {Type: SQS, Destination: !If [C, arn, !Ref AWS::NoValue]}\n"
		  "          OnFailure: {Type: SNS, Destination: !If [C, !Ref AWS::NoValue, arn2]}\n");
	assert_int_equal(invoke_config(&f, "Fa", NULL), XF_OK);
	fx_assert_json(f.x.conditions,
		       "{\"C\":{\"Fn::Equals\":[\"a\",\"b\"]},\"D\":{\"Fn::Equals\":[\"a\",\"b\"]},"
		       "\"NOTC0ebf964fe9\":{\"Fn::Not\":[{\"Condition\":\"C\"}]},"
		       "\"DANDNOTC0ebf964fe9c850edc11e\":{\"Fn::And\":[{\"Condition\":{\"Condition\":\"D\"}},"
		       "{\"Condition\":{\"Condition\":\"NOTC0ebf964fe9\"}}]},"
		       "\"DANDCc850edc11e\":{\"Fn::And\":[{\"Condition\":{\"Condition\":\"D\"}},"
		       "{\"Condition\":{\"Condition\":\"C\"}}]}}");
	assert_resource(&f, "FaEventInvokeConfigOnSuccessQueue",
			"{\"Type\":\"AWS::SQS::Queue\",\"Condition\":\"DANDNOTC0ebf964fe9c850edc11e\",\"Properties\":{}}");
	assert_resource(&f, "FaEventInvokeConfigOnFailureTopic",
			"{\"Type\":\"AWS::SNS::Topic\",\"Condition\":\"DANDCc850edc11e\",\"Properties\":{}}");
	fx_assert_json(xf_get(xf_get(xf_resource(&f.x, "FaEventInvokeConfig"), "Properties"), "DestinationConfig"),
		       "{\"OnSuccess\":{\"Destination\":{\"Fn::If\":[\"NOTC0ebf964fe9\",{\"Fn::GetAtt\":["
		       "\"FaEventInvokeConfigOnSuccessQueue\",\"Arn\"]},\"arn\"]}},\"OnFailure\":{\"Destination\":"
		       "{\"Fn::If\":[\"C\",{\"Ref\":\"FaEventInvokeConfigOnFailureTopic\"},\"arn2\"]}}}");
	teardown(&f);
}

/* Without a Conditions section the reference writes into None and fails with a TypeError. */
static void invoke_config_condition_needs_conditions_section(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "Resources:\n  Fn:\n" FUNCTION_HEAD "      EventInvokeConfig:\n"
		  "        DestinationConfig:\n"
		  "          OnSuccess: {Type: SQS, Destination: !If [C, arn, !Ref AWS::NoValue]}\n");
	assert_int_equal(invoke_config(&f, "Fn", NULL), XF_FAIL);
	assert_int_equal(f.x.pending.kind, XF_ERR_DOCUMENT);
	fx_assert_error(&f.x, "Structure of the SAM template is invalid. 'NoneType' object does not support item "
			      "assignment");
	teardown(&f);
}

static void invoke_config_s3_and_lambda_policies(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "Resources:\n  Fn:\n" FUNCTION_HEAD "      EventInvokeConfig:\n"
		  "        DestinationConfig:\n"
		  "          OnSuccess: {Type: S3Bucket, Destination: b}\n"
		  "          OnFailure: {Type: Lambda, Destination: !GetAtt Other.Arn}\n");
	assert_int_equal(invoke_config(&f, "Fn", NULL), XF_OK);
	fx_assert_json(f.policies,
		       "[{\"PolicyName\":\"FnEventInvokeConfigOnSuccessS3Policy\",\"PolicyDocument\":{\"Statement\":"
		       "[{\"Action\":\"s3:PutObject\",\"Effect\":\"Allow\",\"Resource\":{\"Fn::Join\":[\"/\",[\"b\","
		       "\"*\"]]}},{\"Action\":\"s3:ListBucket\",\"Effect\":\"Allow\",\"Resource\":\"b\"}]}},"
		       "{\"PolicyName\":\"FnEventInvokeConfigOnFailureLambdaPolicy\",\"PolicyDocument\":{\"Statement\":"
		       "[{\"Action\":\"lambda:InvokeFunction\",\"Effect\":\"Allow\",\"Resource\":{\"Fn::GetAtt\":["
		       "\"Other\",\"Arn\"]}}]}}]");
	teardown(&f);
}

static void invoke_config_errors(void **state)
{
	(void)state;
	static const struct url_error_case cases[] = {
		{"{OnSuccess: {Type: Lambda}}", "Resource with id [Fn] is invalid. Destination is required if Type is "
						"not ['SQS', 'SNS']"},
		{"{OnSuccess: {Type: blah}}", "Resource with id [Fn] is invalid. 'Type: blah' must be one of ['SQS', "
					      "'SNS', 'EventBridge', 'Lambda', 'S3Bucket']"},
		{"{OnFailure: {Destination: x}}", "Resource with id [Fn] is invalid. 'Type: None' must be one of "
						  "['SQS', 'SNS', 'EventBridge', 'Lambda', 'S3Bucket']"},
		{"{OnSuccess: abc}", "Resource with id [Fn] is invalid. Property "
				     "'EventInvokeConfig.DestinationConfig.OnSuccess' should be a map."},
		{"abc", "Resource with id [Fn] is invalid. Property 'EventInvokeConfig.DestinationConfig' should be "
			"a map."},
		{"{OnSuccess: {Type: SQS, Destination: !If [C, x]}}",
		 "Resource with id [FnEventInvokeConfig] is invalid. Malformed 'Destination' property: Fn::If "
		 "requires 3 arguments."},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *yaml = samc_strfmt("Resources:\n  Fn:\n" FUNCTION_HEAD
					 "      EventInvokeConfig:\n        DestinationConfig: %s\n",
					 cases[i].config);
		fixture f;
		setup(&f, yaml);
		assert_int_equal(invoke_config(&f, "Fn", NULL), XF_FAIL);
		fx_assert_error(&f.x, cases[i].message);
		free(yaml);
		teardown(&f);
	}
}

/* ---- DeploymentPreference ---- */

static void deployment_preference_full(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "Parameters:\n  T: {Type: String, Default: Canary10Percent5Minutes}\n"
		  "Resources:\n  Fn:\n" FUNCTION_HEAD "      DeploymentPreference:\n"
		  "        Type: !Ref T\n"
		  "        Hooks: {PreTraffic: !Ref Pre, PostTraffic: {Ref: null}}\n"
		  "        Alarms: [!Ref A, b]\n"
		  "        TriggerConfigurations: [{TriggerName: t}]\n");
	assert_int_equal(deployment(&f, "Fn", "live"), XF_OK);
	assert_resource(&f, "FnAliaslive",
			"{\"Type\":\"AWS::Lambda::Alias\",\"UpdatePolicy\":{\"CodeDeployLambdaAliasUpdate\":{"
			"\"ApplicationName\":{\"Ref\":\"ServerlessDeploymentApplication\"},\"DeploymentGroupName\":"
			"{\"Ref\":\"FnDeploymentGroup\"},\"BeforeAllowTrafficHook\":{\"Ref\":\"Pre\"}}},"
			"\"Properties\":{}}");
	assert_int_equal(xf_deployment_preferences_finish(&f.x), XF_OK);
	assert_null(f.x.deployment_prefs);
	assert_resource(&f, "ServerlessDeploymentApplication",
			"{\"Type\":\"AWS::CodeDeploy::Application\",\"Properties\":{\"ComputePlatform\":\"Lambda\"}}");
	assert_resource(&f, "CodeDeployServiceRole",
			"{\"Type\":\"AWS::IAM::Role\",\"Properties\":{\"AssumeRolePolicyDocument\":{\"Version\":"
			"\"2012-10-17\",\"Statement\":[{\"Action\":[\"sts:AssumeRole\"],\"Effect\":\"Allow\","
			"\"Principal\":{\"Service\":[\"codedeploy.amazonaws.com\"]}}]},\"ManagedPolicyArns\":["
			"\"arn:aws:iam::aws:policy/service-role/AWSCodeDeployRoleForLambda\"]}}");
	assert_resource(&f, "FnDeploymentGroup",
			"{\"Type\":\"AWS::CodeDeploy::DeploymentGroup\",\"Properties\":{\"AlarmConfiguration\":{"
			"\"Enabled\":true,\"Alarms\":[{\"Name\":{\"Ref\":\"A\"}},{\"Name\":\"b\"}]},"
			"\"ApplicationName\":{\"Ref\":\"ServerlessDeploymentApplication\"},"
			"\"AutoRollbackConfiguration\":{\"Enabled\":true,\"Events\":[\"DEPLOYMENT_FAILURE\","
			"\"DEPLOYMENT_STOP_ON_ALARM\",\"DEPLOYMENT_STOP_ON_REQUEST\"]},\"DeploymentConfigName\":{"
			"\"Fn::Sub\":[\"CodeDeployDefault.Lambda${ConfigName}\",{\"ConfigName\":"
			"\"Canary10Percent5Minutes\"}]},\"DeploymentStyle\":{\"DeploymentType\":\"BLUE_GREEN\","
			"\"DeploymentOption\":\"WITH_TRAFFIC_CONTROL\"},\"ServiceRoleArn\":{\"Fn::GetAtt\":["
			"\"CodeDeployServiceRole\",\"Arn\"]},\"TriggerConfigurations\":[{\"TriggerName\":\"t\"}]}}");
	teardown(&f);
}

/* A custom type stays as is; a Role skips the service role; a Type inside Fn::Sub is not nested. */
static void deployment_preference_custom_role_and_types(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "Resources:\n  Fa:\n" FUNCTION_HEAD
		  "      DeploymentPreference: {Type: Mine, Role: arn:role, Alarms: []}\n"
		  "  Fb:\n" FUNCTION_HEAD
		  "      DeploymentPreference: {Type: {\"Fn::Sub\": AllAtOnce}, Role: arn:role, Alarms: [!Ref AWS::NoValue]}\n");
	assert_int_equal(deployment(&f, "Fa", "live"), XF_OK);
	assert_int_equal(deployment(&f, "Fb", "live"), XF_OK);
	assert_int_equal(xf_deployment_preferences_finish(&f.x), XF_OK);
	assert_null(xf_resource(&f.x, "CodeDeployServiceRole"));
	const cJSON *a = xf_get(xf_resource(&f.x, "FaDeploymentGroup"), "Properties");
	fx_assert_json(xf_get(a, "DeploymentConfigName"), "\"Mine\"");
	fx_assert_json(xf_get(a, "ServiceRoleArn"), "\"arn:role\"");
	assert_null(xf_get(a, "AlarmConfiguration"));
	const cJSON *b = xf_get(xf_resource(&f.x, "FbDeploymentGroup"), "Properties");
	fx_assert_json(xf_get(b, "DeploymentConfigName"),
		       "{\"Fn::Sub\":[\"CodeDeployDefault.Lambda${ConfigName}\",{\"ConfigName\":\"AllAtOnce\"}]}");
	fx_assert_json(xf_get(b, "AlarmConfiguration"), "{}");
	teardown(&f);
}

/* Every enabled preference passes its condition through: the shared resources get an Fn::Or. */
static void deployment_preference_conditions_and_tags(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "Conditions: {A: !Equals [a, b], B: !Equals [a, c]}\n"
		  "Resources:\n  Fa:\n    Condition: A\n" FUNCTION_HEAD
		  "      Tags: {K: v, E: null}\n      PropagateTags: true\n"
		  "      DeploymentPreference: {Type: AllAtOnce, PassthroughCondition: 1}\n"
		  "  Fb:\n    Condition: B\n" FUNCTION_HEAD
		  "      Tags: {K: w}\n      PropagateTags: true\n"
		  "      DeploymentPreference: {Type: AllAtOnce, PassthroughCondition: \"True\"}\n"
		  "  Fc:\n" FUNCTION_HEAD "      DeploymentPreference: {Enabled: \"false\"}\n");
	assert_int_equal(deployment(&f, "Fa", "live"), XF_OK);
	assert_int_equal(deployment(&f, "Fb", "live"), XF_OK);
	assert_int_equal(deployment(&f, "Fc", NULL), XF_OK);
	assert_int_equal(xf_deployment_preferences_finish(&f.x), XF_OK);
	fx_assert_json(xf_get(f.x.conditions, "ServerlessCodeDeployCondition"),
		       "{\"Fn::Or\":[{\"Condition\":\"A\"},{\"Condition\":\"B\"}]}");
	assert_resource(&f, "ServerlessDeploymentApplication",
			"{\"Type\":\"AWS::CodeDeploy::Application\",\"Condition\":\"ServerlessCodeDeployCondition\","
			"\"Properties\":{\"ComputePlatform\":\"Lambda\",\"Tags\":[{\"Key\":\"K\",\"Value\":\"w\"},"
			"{\"Key\":\"E\",\"Value\":\"\"}]}}");
	fx_assert_json(xf_get(xf_resource(&f.x, "CodeDeployServiceRole"), "Condition"),
		       "\"ServerlessCodeDeployCondition\"");
	const cJSON *group = xf_resource(&f.x, "FaDeploymentGroup");
	fx_assert_json(xf_get(group, "Condition"), "\"A\"");
	fx_assert_json(xf_get(xf_get(group, "Properties"), "Tags"),
		       "[{\"Key\":\"K\",\"Value\":\"v\"},{\"Key\":\"E\",\"Value\":\"\"}]");
	assert_null(xf_resource(&f.x, "FcDeploymentGroup"));
	teardown(&f);
}

/* A single condition is used directly; nothing is added without a Conditions section. */
static void deployment_preference_single_condition(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "Resources:\n  Fa:\n    Condition: A\n" FUNCTION_HEAD
		  "      DeploymentPreference: {Type: AllAtOnce, PassthroughCondition: true}\n");
	assert_int_equal(deployment(&f, "Fa", "live"), XF_OK);
	assert_int_equal(xf_deployment_preferences_finish(&f.x), XF_OK);
	assert_null(f.x.conditions);
	fx_assert_json(xf_get(xf_resource(&f.x, "ServerlessDeploymentApplication"), "Condition"), "\"A\"");
	teardown(&f);
}

static void deployment_preference_partitions(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"aws-iso-b", "arn:aws-iso-b:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited"},
		{"aws-cn", "arn:aws-cn:iam::aws:policy/service-role/AWSCodeDeployRoleForLambda"},
	};
	for (size_t i = 0; i < 2; i++) {
		fixture f;
		setup(&f, "Resources:\n  Fa:\n" FUNCTION_HEAD "      DeploymentPreference: {Type: AllAtOnce}\n");
		f.x.partition = cases[i][0];
		assert_int_equal(deployment(&f, "Fa", "live"), XF_OK);
		assert_int_equal(xf_deployment_preferences_finish(&f.x), XF_OK);
		const cJSON *arns = xf_get(xf_get(xf_resource(&f.x, "CodeDeployServiceRole"), "Properties"),
					   "ManagedPolicyArns");
		assert_string_equal(cJSON_GetArrayItem(arns, 0)->valuestring, cases[i][1]);
		teardown(&f);
	}
}

static void deployment_preference_disabled_by_mapping(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "Mappings: {M: {K: {E: \"False\"}}}\n"
		  "Resources:\n  Fa:\n" FUNCTION_HEAD "      DeploymentPreference: {Enabled: !FindInMap [M, K, E]}\n");
	assert_int_equal(deployment(&f, "Fa", NULL), XF_OK);
	assert_int_equal(xf_deployment_preferences_finish(&f.x), XF_OK);
	assert_null(xf_resource(&f.x, "ServerlessDeploymentApplication"));
	teardown(&f);
}

static void deployment_preference_errors(void **state)
{
	(void)state;
	static const struct url_error_case cases[] = {
		{"{Type: AllAtOnce}", "'DeploymentPreference' requires AutoPublishAlias property to be specified."},
		{"{Enabled: true}", "'DeploymentPreference' is missing required Property 'Type'"},
		{"{Type: AllAtOnce, Hooks: null}", "'Hooks' property of 'DeploymentPreference' must be a dictionary"},
		{"{Type: AllAtOnce, PassthroughCondition: yes!}", "Invalid value for property PassthroughCondition."},
		{"{Type: AllAtOnce, PassthroughCondition: !Ref X}",
		 "Unsupported intrinsic: the only intrinsic functions supported for property PassthroughCondition "
		 "are FindInMap and parameter Refs."},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *yaml = samc_strfmt("Resources:\n  Fn:\n" FUNCTION_HEAD "      DeploymentPreference: %s\n",
					 cases[i].config);
		fixture f;
		setup(&f, yaml);
		assert_int_equal(deployment(&f, "Fn", NULL), XF_FAIL);
		char *expected = samc_strfmt("Resource with id [Fn] is invalid. %s", cases[i].message);
		fx_assert_error(&f.x, expected);
		free(expected);
		free(yaml);
		teardown(&f);
	}
}

/* Alarms errors surface from the function and again from the deployment group at the end. */
static void deployment_preference_bad_alarms(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "Resources:\n  Fn:\n" FUNCTION_HEAD "      DeploymentPreference: {Type: AllAtOnce, Alarms: {a: 1}}\n");
	assert_int_equal(deployment(&f, "Fn", "live"), XF_FAIL);
	fx_assert_error(&f.x, "Resource with id [Fn] is invalid. Alarms must be a list");
	assert_int_equal(xf_deployment_preferences_finish(&f.x), XF_FAIL);
	assert_int_equal(f.x.ncauses, 2);
	assert_string_equal(f.x.causes[1].message, "Resource with id [Fn] is invalid. Alarms must be a list");
	assert_int_equal(f.x.pending.kind, XF_ERR_NONE);
	teardown(&f);
}

static void deployment_preference_alarms_if(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "Resources:\n  Fn:\n" FUNCTION_HEAD
		  "      DeploymentPreference: {Type: AllAtOnce, Alarms: !If [C, [a], [!Ref AWS::NoValue]]}\n");
	assert_int_equal(deployment(&f, "Fn", "live"), XF_OK);
	assert_int_equal(xf_deployment_preferences_finish(&f.x), XF_OK);
	fx_assert_json(xf_get(xf_get(xf_resource(&f.x, "FnDeploymentGroup"), "Properties"), "AlarmConfiguration"),
		       "{\"Fn::If\":[\"C\",{\"Enabled\":true,\"Alarms\":[{\"Name\":\"a\"}]},{}]}");
	teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(url_public_with_alias),
		cmocka_unit_test(url_iam_targets_function),
		cmocka_unit_test(url_intrinsic_config_skips_validation),
		cmocka_unit_test(url_errors),
		cmocka_unit_test(url_cors_accepts_bool_as_int_and_intrinsics),
		cmocka_unit_test(invoke_config_auto_queue_and_explicit_topic),
		cmocka_unit_test(invoke_config_without_destinations),
		cmocka_unit_test(invoke_config_conditions),
		cmocka_unit_test(invoke_config_condition_needs_conditions_section),
		cmocka_unit_test(invoke_config_s3_and_lambda_policies),
		cmocka_unit_test(invoke_config_errors),
		cmocka_unit_test(deployment_preference_full),
		cmocka_unit_test(deployment_preference_custom_role_and_types),
		cmocka_unit_test(deployment_preference_conditions_and_tags),
		cmocka_unit_test(deployment_preference_single_condition),
		cmocka_unit_test(deployment_preference_partitions),
		cmocka_unit_test(deployment_preference_disabled_by_mapping),
		cmocka_unit_test(deployment_preference_errors),
		cmocka_unit_test(deployment_preference_bad_alarms),
		cmocka_unit_test(deployment_preference_alarms_if),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
