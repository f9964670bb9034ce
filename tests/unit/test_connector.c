/* test_connector.c — AWS::Serverless::Connector: profile placeholder replacement, generated
 * policies/permissions, metadata, DependsOn rewriting, every error message, embedded Connectors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "transform/connector.h"
#include "xf_fixture.h"

/* A context whose resources are indexed and recorded as the input, as the translator does. */
static void init(xf *x, const char *template_yaml)
{
	fx_init(x, template_yaml);
	for (cJSON *r = x->resources->child; r; r = r->next)
		assert_int_equal(samc_strmap_put(&x->res_index, r->string, r), 0);
	assert_int_equal(xf_take_input_snapshot(x), XF_OK);
}

static void assert_member_json(xf *x, const char *id, const char *expected)
{
	const cJSON *r = xf_get(x->resources, id);
	assert_non_null(r);
	fx_assert_json(r, expected);
}

static void assert_connector_error(const char *template_yaml, const char *expected)
{
	xf x;
	init(&x, template_yaml);
	assert_int_equal(fx_expand(&x, xf_expand_connector, "C"), XF_FAIL);
	fx_assert_error(&x, expected);
	fx_free(&x);
}

/* ---- profile_replace ---- */

static char *replaced(const char *json, const cJSON *arn, char **error)
{
	static const char *const names[] = {"Source.Arn", "Destination.Name"};
	cJSON *name = cJSON_CreateString("queue");
	const cJSON *values[] = {arn, name};
	cJSON *in = cJSON_Parse(json);
	cJSON *out = conn_profile_replace(in, names, values, 2, error);
	char *text = out ? fx_json(out) : NULL;
	cJSON_Delete(in);
	cJSON_Delete(out);
	cJSON_Delete(name);
	return text;
}

static void whole_placeholder_takes_the_value(void **state)
{
	(void)state;
	char *error = NULL;
	cJSON *arn = cJSON_Parse("{\"Fn::GetAtt\":[\"F\",\"Arn\"]}");
	char *text = replaced("{\"Resource\":[\"%{Source.Arn}\"],\"Effect\":true}", arn, &error);
	assert_string_equal(text, "{\"Resource\":[{\"Fn::GetAtt\":[\"F\",\"Arn\"]}],\"Effect\":true}");
	free(text);
	cJSON_Delete(arn);
}

static void partial_placeholders_become_sub_with_variables(void **state)
{
	(void)state;
	char *error = NULL;
	cJSON *arn = cJSON_CreateString("arn:x");
	char *text = replaced("\"arn:${AWS::Partition}:sqs:%{Destination.Name}/%{Source.Arn}\"", arn, &error);
	assert_string_equal(text, "{\"Fn::Sub\":[\"arn:${AWS::Partition}:sqs:${DestinationName}/${SourceArn}\","
				  "{\"SourceArn\":\"arn:x\",\"DestinationName\":\"queue\"}]}");
	free(text);
	text = replaced("\"arn:${AWS::Partition}:logs\"", arn, &error);
	assert_string_equal(text, "{\"Fn::Sub\":\"arn:${AWS::Partition}:logs\"}");
	free(text);
	text = replaced("\"plain ${} text\"", arn, &error);
	assert_string_equal(text, "\"plain ${} text\"");
	free(text);
	cJSON_Delete(arn);
}

static void missing_value_is_reported(void **state)
{
	(void)state;
	char *error = NULL;
	char *text = replaced("[\"ok\",\"%{Source.Arn}\"]", NULL, &error);
	assert_null(text);
	assert_string_equal(error, "Source.Arn is missing.");
	free(error);
}

/* ---- generated resources ---- */

#define FUNCTION_AND_TABLE                                                                                         \
	"Resources:\n"                                                                                             \
	"  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !GetAtt FRole.Arn\n"                 \
	"  T:\n    Type: AWS::DynamoDB::Table\n"

static void function_to_table_gives_managed_policy_with_metadata(void **state)
{
	(void)state;
	xf x;
	init(&x, FUNCTION_AND_TABLE "  C:\n    Type: AWS::Serverless::Connector\n    Condition: IsProd\n"
				    "    Properties:\n      Source:\n        Id: F\n      Destination:\n        Id: T\n"
				    "      Permissions: [Read]\n");
	assert_int_equal(fx_expand(&x, xf_expand_connector, "C"), XF_OK);
	const cJSON *policy = xf_get(x.resources, "CPolicy");
	assert_non_null(policy);
	fx_assert_json(xf_get(policy, "Condition"), "\"IsProd\"");
	fx_assert_json(xf_get(xf_get(policy, "Properties"), "Roles"), "[{\"Ref\":\"FRole\"}]");
	const cJSON *statements = xf_get(xf_get(xf_get(policy, "Properties"), "PolicyDocument"), "Statement");
	assert_int_equal(cJSON_GetArraySize(statements), 1);
	fx_assert_json(xf_get(statements->child, "Resource"),
		       "[{\"Fn::GetAtt\":[\"T\",\"Arn\"]},{\"Fn::Sub\":[\"${DestinationArn}/index/*\",{"
		       "\"DestinationArn\":{\"Fn::GetAtt\":[\"T\",\"Arn\"]}}]}]");
	fx_assert_json(xf_get(policy, "Metadata"),
		       "{\"aws:sam:connectors\":{\"C\":{\"Source\":{\"Type\":\"AWS::Lambda::Function\"},"
		       "\"Destination\":{\"Type\":\"AWS::DynamoDB::Table\"}}}}");
	fx_free(&x);
}

static void topic_to_function_gives_lambda_permission_and_rewrites_depends_on(void **state)
{
	(void)state;
	xf x;
	init(&x, "Resources:\n  F:\n    Type: AWS::Lambda::Function\n  S:\n    Type: AWS::SNS::Topic\n"
		 "  Waits:\n    Type: AWS::Foo::Bar\n    DependsOn: [A, C]\n"
		 "  C:\n    Type: AWS::Serverless::Connector\n    Properties:\n      Source:\n        Id: S\n"
		 "      Destination:\n        Id: F\n      Permissions: [Write]\n");
	assert_int_equal(fx_expand(&x, xf_expand_connector, "C"), XF_OK);
	assert_member_json(&x, "CWriteLambdaPermission",
			   "{\"Type\":\"AWS::Lambda::Permission\",\"Properties\":{\"Action\":\"lambda:InvokeFunction\","
			   "\"FunctionName\":{\"Fn::GetAtt\":[\"F\",\"Arn\"]},\"Principal\":\"sns.amazonaws.com\","
			   "\"SourceArn\":{\"Ref\":\"S\"}},\"Metadata\":{\"aws:sam:connectors\":{\"C\":{\"Source\":{"
			   "\"Type\":\"AWS::SNS::Topic\"},\"Destination\":{\"Type\":\"AWS::Lambda::Function\"}}}}}");
	fx_assert_json(xf_get(xf_get(x.resources, "Waits"), "DependsOn"), "[\"A\",\"CWriteLambdaPermission\"]");
	fx_free(&x);
}

static void list_of_destinations_numbers_each_resource(void **state)
{
	(void)state;
	xf x;
	init(&x, "Resources:\n  S:\n    Type: AWS::SNS::Topic\n  Q1:\n    Type: AWS::SQS::Queue\n"
		 "  Q2:\n    Type: AWS::SQS::Queue\n"
		 "  C:\n    Type: AWS::Serverless::Connector\n    Properties:\n      Source:\n        Id: S\n"
		 "      Destination:\n        - Id: Q1\n        - Type: AWS::SQS::Queue\n          Arn: a\n"
		 "          QueueUrl: u\n      Permissions: [Write]\n");
	assert_int_equal(fx_expand(&x, xf_expand_connector, "C"), XF_OK);
	fx_assert_json(xf_get(xf_get(xf_get(x.resources, "CQueuePolicyDestination0"), "Properties"), "Queues"),
		       "[{\"Ref\":\"Q1\"}]");
	fx_assert_json(xf_get(xf_get(xf_get(x.resources, "CQueuePolicyDestination1"), "Properties"), "Queues"),
		       "[\"u\"]");
	fx_assert_json(xf_get(xf_get(xf_get(xf_get(x.resources, "CQueuePolicyDestination1"), "Metadata"),
				     "aws:sam:connectors"),
			      "C"),
		       "{\"Source\":{\"Type\":\"AWS::SNS::Topic\"},\"Destination\":{\"Type\":\"AWS::SQS::Queue\"}}");
	fx_free(&x);
}

static void queue_to_function_makes_the_event_source_mapping_wait(void **state)
{
	(void)state;
	xf x;
	init(&x, "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !Ref R\n"
		 "  Q:\n    Type: AWS::SQS::Queue\n"
		 "  M:\n    Type: AWS::Lambda::EventSourceMapping\n    Properties:\n      FunctionName: !Ref F\n"
		 "      EventSourceArn: !GetAtt Q.Arn\n"
		 "  C:\n    Type: AWS::Serverless::Connector\n    Properties:\n      Source:\n        Id: Q\n"
		 "      Destination:\n        Id: F\n      Permissions: [Write, Read, Read]\n");
	assert_int_equal(fx_expand(&x, xf_expand_connector, "C"), XF_OK);
	fx_assert_json(xf_get(xf_get(x.resources, "M"), "DependsOn"), "[\"CPolicy\"]");
	fx_free(&x);
}

static void events_rule_role_comes_from_the_matching_target(void **state)
{
	(void)state;
	xf x;
	init(&x, "Resources:\n  B:\n    Type: AWS::Events::EventBus\n"
		 "  Rule:\n    Type: AWS::Events::Rule\n    Properties:\n      Targets:\n"
		 "        - Arn: !GetAtt B.Arn\n          RoleArn: !GetAtt RuleRole.Arn\n"
		 "  C:\n    Type: AWS::Serverless::Connector\n    Properties:\n      Source:\n        Id: Rule\n"
		 "      Destination:\n        Id: B\n      Permissions: [Write]\n");
	assert_int_equal(fx_expand(&x, xf_expand_connector, "C"), XF_OK);
	fx_assert_json(xf_get(xf_get(xf_get(x.resources, "CPolicy"), "Properties"), "Roles"),
		       "[{\"Ref\":\"RuleRole\"}]");
	fx_free(&x);
}

/* ---- errors ---- */

#define CONNECTOR(props) FUNCTION_AND_TABLE "  C:\n    Type: AWS::Serverless::Connector\n    Properties:\n" props

static void property_errors(void **state)
{
	(void)state;
	assert_connector_error(CONNECTOR("      Source:\n        Id: F\n      Destination:\n        Id: T\n"),
			       "Resource with id [C] is invalid. Missing required property 'Permissions'.");
	assert_connector_error(CONNECTOR("      Source: [F]\n      Destination:\n        Id: T\n      Permissions: [Read]\n"),
			       "Resource with id [C] is invalid. Type of property 'Source' is invalid.");
	assert_connector_error(CONNECTOR("      Source:\n        Id: F\n      Destination: []\n      Permissions: [Read]\n"),
			       "Resource with id [C] is invalid. 'Destination' is an empty list");
	assert_connector_error(CONNECTOR("      Src: x\n"), "Resource with id [C] is invalid. property Src not "
								"defined for resource of type AWS::Serverless::Connector");
}

static void reference_errors(void **state)
{
	(void)state;
	assert_connector_error(CONNECTOR("      Source:\n        Id: F\n        Arn: x\n      Destination:\n        Id: T\n"
					 "      Permissions: [Read]\n"),
			       "Resource with id [C] is invalid. Must provide 'Id' (with optional 'Qualifier') or a "
			       "supported combination of other properties.");
	assert_connector_error(CONNECTOR("      Source:\n        Id: Nope\n      Destination:\n        Id: T\n"
					 "      Permissions: [Read]\n"),
			       "Resource with id [C] is invalid. Unable to find resource with logical ID 'Nope'.");
	assert_connector_error(CONNECTOR("      Source:\n        Id: F\n      Destination:\n        Arn: x\n"
					 "      Permissions: [Read]\n"),
			       "Resource with id [C] is invalid. 'Type' is missing or not a string.");
	assert_connector_error(CONNECTOR("      Source:\n        Id: F\n      Destination:\n        Id: 42\n"
					 "      Permissions: [Read]\n"),
			       "Resource with id [C] is invalid. 'Id' is missing or not a string.");
}

static void profile_errors(void **state)
{
	(void)state;
	assert_connector_error(CONNECTOR("      Source:\n        Id: T\n      Destination:\n        Id: T\n"
					 "      Permissions: [Read]\n"),
			       "Resource with id [C] is invalid. Unable to create connector from AWS::DynamoDB::Table to "
			       "AWS::DynamoDB::Table; it's not supported or the template is invalid.");
	assert_connector_error(CONNECTOR("      Source:\n        Id: F\n      Destination:\n        Id: T\n"
					 "      Permissions: []\n"),
			       "Resource with id [C] is invalid. 'Permissions' cannot be empty; valid values are: Read, "
			       "Write.");
	assert_connector_error(CONNECTOR("      Source:\n        Id: F\n      Destination:\n        Id: T\n"
					 "      Permissions: [Delete]\n"),
			       "Resource with id [C] is invalid. Unsupported 'Permissions' provided for connector from "
			       "AWS::Lambda::Function to AWS::DynamoDB::Table; valid values are: Read, Write.");
	assert_connector_error(CONNECTOR("      Source:\n        Type: AWS::SQS::Queue\n        Arn: a\n"
					 "      Destination:\n        Id: F\n      Permissions: [Read]\n"),
			       "Resource with id [C] is invalid. Unsupported 'Permissions' provided for connector from "
			       "AWS::SQS::Queue to AWS::Lambda::Function; valid combinations are: Read + Write.");
	assert_connector_error(CONNECTOR("      Source:\n        Type: AWS::Serverless::Function\n"
					 "      Destination:\n        Id: T\n      Permissions: [Read]\n"),
			       "Resource with id [C] is invalid. Unable to get IAM role name from 'Source' resource.");
	assert_connector_error(CONNECTOR("      Source:\n        Id: F\n      Destination:\n"
					 "        Type: AWS::SNS::Topic\n      Permissions: [Write]\n"),
			       "Resource with id [C] is invalid. Destination.Arn is missing.");
}

/* ---- embedded connectors ---- */

static void embedded_connector_becomes_a_resource(void **state)
{
	(void)state;
	xf x;
	init(&x, "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Connectors:\n      ToQ:\n"
		 "        DependsOn: Other\n        Properties:\n          SourceReference:\n            Qualifier: q\n"
		 "          Destination:\n            Id: Q\n          Permissions: [Write]\n"
		 "  Q:\n    Type: AWS::SQS::Queue\n");
	assert_int_equal(xf_embedded_connectors(&x), XF_OK);
	assert_int_equal(x.ncauses, 0);
	assert_null(xf_get(xf_get(x.resources, "F"), "Connectors"));
	assert_member_json(&x, "FToQ",
			   "{\"Type\":\"AWS::Serverless::Connector\",\"DependsOn\":\"Other\",\"Properties\":{"
			   "\"Source\":{\"Id\":\"F\",\"Qualifier\":\"q\"},\"Destination\":{\"Id\":\"Q\"},"
			   "\"Permissions\":[\"Write\"]}}");
	fx_free(&x);
}

static void embedded_connector_errors_become_causes(void **state)
{
	(void)state;
	xf x;
	init(&x, "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Connectors:\n      A: foo\n"
		 "      B:\n        Destination: x\n      D:\n        Properties:\n          SourceReference:\n"
		 "            Id: x\n      E:\n        Properties:\n          SourceReference: s\n"
		 "      Dup:\n        Properties:\n          Destination:\n            Id: F\n"
		 "          Permissions: [Write]\n"
		 "  FDup:\n    Type: AWS::SQS::Queue\n  G:\n    Type: AWS::SQS::Queue\n    Connectors:\n");
	assert_int_equal(xf_embedded_connectors(&x), XF_OK);
	assert_int_equal(x.ncauses, 6);
	assert_string_equal(x.causes[0].message, "Resource with id [FA] is invalid. F.FA should be a map.");
	assert_string_equal(x.causes[1].message,
			    "Resource with id [F] is invalid. Attribute 'Connectors.B.Properties' should be a map.");
	assert_string_equal(x.causes[2].message,
			    "Resource with id [D] is invalid. 'Id' shouldn't be defined in 'SourceReference'.");
	assert_string_equal(x.causes[3].message, "Resource with id [F] is invalid. Property "
						 "'Connectors.E.Properties.SourceReference' should be a map.");
	assert_string_equal(x.causes[4].message,
			    "Transforming resource with id [F] attempts to create a new resource with id [FDup] and "
			    "type \"AWS::Serverless::Connector\". A resource with that id already exists within this "
			    "template. Please use a different id for that resource.");
	assert_string_equal(x.causes[5].message,
			    "Resource with id [G] is invalid. Attribute 'G.Connectors' should be a map.");
	assert_null(xf_get(xf_get(x.resources, "G"), "Connectors"));
	fx_free(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whole_placeholder_takes_the_value),
		cmocka_unit_test(partial_placeholders_become_sub_with_variables),
		cmocka_unit_test(missing_value_is_reported),
		cmocka_unit_test(function_to_table_gives_managed_policy_with_metadata),
		cmocka_unit_test(topic_to_function_gives_lambda_permission_and_rewrites_depends_on),
		cmocka_unit_test(list_of_destinations_numbers_each_resource),
		cmocka_unit_test(queue_to_function_makes_the_event_source_mapping_wait),
		cmocka_unit_test(events_rule_role_comes_from_the_matching_target),
		cmocka_unit_test(property_errors),
		cmocka_unit_test(reference_errors),
		cmocka_unit_test(profile_errors),
		cmocka_unit_test(embedded_connector_becomes_a_resource),
		cmocka_unit_test(embedded_connector_errors_become_causes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
