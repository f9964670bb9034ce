/* test_implicit_rest_api.c — the template plugins of REST APIs: DefaultDefinitionBodyPlugin and
 * ImplicitRestApiPlugin (conditions, policies, removal, collected errors), the combined
 * conditions, and the Api event of a function against an explicit managed API. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "transform/api/implicit_api_common.h"
#include "transform/events/api.h"
#include "xf_fixture.h"

#define FUNCTION(id, attrs, events)                                                                            \
	"  " id ":\n    Type: AWS::Serverless::Function\n" attrs "    Properties:\n      Events:\n" events

static const cJSON *resource(xf *x, const char *id)
{
	return xf_get(xf_get(x->tpl, "Resources"), id);
}

static void conditions_and_policies_are_aggregated(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, "Conditions:\n  C1: !Equals [a, a]\n  C2: !Equals [b, b]\nResources:\n" FUNCTION(
			    "F1", "    Condition: C1\n    DeletionPolicy: Delete\n",
			    "        A: {Type: Api, Properties: {Path: /a, Method: GET}}\n")
			    FUNCTION("F2", "    Condition: C2\n    DeletionPolicy: Retain\n    UpdateReplacePolicy: Snapshot\n",
				     "        B: {Type: Api, Properties: {Path: /a, Method: post}}\n"));
	assert_int_equal(xf_implicit_rest_api(&x), XF_OK);
	const cJSON *api = resource(&x, "ServerlessRestApi");
	assert_string_equal(xf_get_str(api, "Condition"), "ServerlessRestApiCondition");
	assert_string_equal(xf_get_str(api, "DeletionPolicy"), "Retain");
	assert_string_equal(xf_get_str(api, "UpdateReplacePolicy"), "Snapshot");
	assert_string_equal(xf_get_str(xf_get(api, "Properties"), "StageName"), "Prod");
	const cJSON *conditions = xf_get(x.tpl, "Conditions");
	fx_assert_json(xf_get(conditions, "ServerlessRestApiCondition"),
		       "{\"Fn::Or\":[{\"Condition\":\"C1\"},{\"Condition\":\"C2\"}]}");
	fx_assert_json(xf_get(conditions, "ServerlessRestApiSLASHaPathCondition"),
		       "{\"Fn::Or\":[{\"Condition\":\"C1\"},{\"Condition\":\"C2\"}]}");
	const cJSON *path = xf_get(xf_get(xf_get(xf_get(api, "Properties"), "DefinitionBody"), "paths"), "/a");
	const cJSON *fn_if = xf_get(path, "Fn::If");
	assert_string_equal(cJSON_GetArrayItem(fn_if, 0)->valuestring, "ServerlessRestApiSLASHaPathCondition");
	assert_non_null(xf_get(cJSON_GetArrayItem(fn_if, 1), "get"));
	assert_non_null(xf_get(cJSON_GetArrayItem(fn_if, 1), "post"));
	const cJSON *event = xf_get(xf_get(xf_get(resource(&x, "F1"), "Properties"), "Events"), "A");
	fx_assert_json(xf_get(xf_get(event, "Properties"), "RestApiId"), "{\"Ref\":\"ServerlessRestApi\"}");
	fx_free(&x);
}

static void unused_implicit_api_goes_and_a_user_api_comes_back(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, "Resources:\n  ServerlessRestApi:\n    Type: AWS::Serverless::Api\n"
		    "  F:\n    Type: AWS::Serverless::Function\n");
	assert_int_equal(xf_implicit_rest_api(&x), XF_OK);
	fx_assert_json(resource(&x, "ServerlessRestApi"), "{\"Type\":\"AWS::Serverless::Api\",\"Properties\":{}}");
	fx_free(&x);

	fx_init(&x, "Resources:\n  F:\n    Type: AWS::Serverless::Function\n");
	assert_int_equal(xf_implicit_rest_api(&x), XF_OK);
	assert_null(resource(&x, "ServerlessRestApi"));
	fx_free(&x);
}

static void event_errors_are_raised_together(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, "Resources:\n" FUNCTION("F1", "", "        A: {Type: Api, Properties: {Path: /a}}\n")
			    FUNCTION("F2", "", "        C: {Type: Api, Properties: {Path: /c, Method: get, RestApiId: Nope}}\n"));
	assert_int_equal(xf_implicit_rest_api(&x), XF_FAIL);
	assert_int_equal(x.ncauses, 1);
	assert_string_equal(x.causes[0].message,
			    "Resource with id [F1] is invalid. Event with id [A] is invalid. Property 'Method' is required.");
	fx_assert_error(&x, "Resource with id [F2] is invalid. Event with id [C] is invalid. RestApiId must be a valid "
			    "reference to an 'AWS::Serverless::Api' resource in same template.");
	fx_free(&x);
}

static void apis_without_a_body_get_a_managed_skeleton(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, "Resources:\n"
		    "  A:\n    Type: AWS::Serverless::Api\n    Properties: {StageName: s}\n"
		    "  U:\n    Type: AWS::Serverless::Api\n    Properties: {StageName: s, DefinitionUri: s3://b/k}\n"
		    "  N:\n    Type: AWS::Serverless::Api\n"
		    "  H:\n    Type: AWS::Serverless::HttpApi\n");
	assert_int_equal(xf_default_definition_body(&x), XF_OK);
	const cJSON *a = xf_get(resource(&x, "A"), "Properties");
	assert_true(cJSON_IsTrue(xf_get(a, "__MANAGE_SWAGGER")));
	assert_string_equal(xf_get_str(xf_get(a, "DefinitionBody"), "swagger"), "2.0");
	assert_null(xf_get(xf_get(resource(&x, "U"), "Properties"), "DefinitionBody"));
	assert_null(xf_get(resource(&x, "N"), "Properties"));
	const cJSON *h = xf_get(resource(&x, "H"), "Properties");
	assert_string_equal(xf_get_str(xf_get(h, "DefinitionBody"), "openapi"), "3.0.1");
	assert_true(cJSON_IsTrue(xf_get(h, "__MANAGE_SWAGGER")));
	fx_free(&x);
}

static void combined_conditions_come_in_chunks_of_ten(void **state)
{
	(void)state;
	cJSON *tpl = cJSON_CreateObject(), *names = cJSON_CreateArray();
	char name[8];
	for (int i = 11; i >= 0; i--) {
		snprintf(name, sizeof(name), "C%02d", i);
		cJSON_AddItemToArray(names, cJSON_CreateString(name));
	}
	assert_int_equal(api_add_combined_condition(NULL, tpl, "X", names), XF_OK); /* no error: no context */
	fx_assert_json(xf_get(tpl, "Conditions"),
		       "{\"X1\":{\"Fn::Or\":[{\"Condition\":\"C00\"},{\"Condition\":\"C01\"},{\"Condition\":\"C02\"},"
		       "{\"Condition\":\"C03\"},{\"Condition\":\"C04\"},{\"Condition\":\"C05\"},{\"Condition\":\"C06\"},"
		       "{\"Condition\":\"C07\"},{\"Condition\":\"C08\"},{\"Condition\":\"C09\"}]},\"X\":{\"Fn::Or\":["
		       "{\"Condition\":\"C10\"},{\"Condition\":\"C11\"},{\"Condition\":\"X1\"}]}}");
	cJSON_Delete(tpl);
	cJSON_Delete(names);
}

/* Runs the Api event `E` of function `F` (its Properties given) against the template's APIs. */
static int run_api_event(xf *x, const char *event_props_yaml)
{
	cJSON *event = fx_yaml(event_props_yaml), *attrs = cJSON_CreateObject();
	xf_fn fn = {.id = "F", .attrs = attrs};
	xf_event ev = {.logical_id = "FE", .relative_id = "E", .dict = event,
		       .props = xf_get(event, "Properties"), .type = &xf_event_api};
	int rc = xf_event_api.link(x, &fn, &ev);
	if (rc == XF_OK)
		rc = xf_event_api.expand(x, &fn, &ev);
	free(ev.linked_id);
	cJSON_Delete(event);
	cJSON_Delete(attrs);
	return rc;
}

#define MANAGED_API                                                                                            \
	"Resources:\n  A:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: v1-beta\n"          \
	"      __MANAGE_SWAGGER: true\n      Models: {User: {type: object}}\n"                                   \
	"      DefinitionBody: {swagger: '2.0', info: {title: t, version: '1'}, paths: {}}\n"

static void api_event_permission_and_integration(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, MANAGED_API);
	assert_int_equal(run_api_event(&x, "Type: Api\nProperties: {Path: \"/a/{id}/\", Method: GET, RestApiId: A,"
					   " RequestModel: {Model: User}}"),
			 XF_OK);
	fx_assert_json(xf_get(xf_get(x.resources, "FEPermission2817521297"), "Properties"),
		       "{\"Action\":\"lambda:InvokeFunction\",\"FunctionName\":{\"Ref\":\"F\"},\"Principal\":"
		       "\"apigateway.amazonaws.com\",\"SourceArn\":{\"Fn::Sub\":[\"arn:aws:execute-api:${AWS::Region}:"
		       "${AWS::AccountId}:${__ApiId__}/${__Stage__}/GET/a/*\",{\"__ApiId__\":\"A\",\"__Stage__\":\"*\"}]}}");
	const cJSON *get = xf_get(xf_get(xf_get(xf_get(xf_get(resource(&x, "A"), "Properties"), "DefinitionBody"),
						"paths"),
					 "/a/{id}/"),
				  "get");
	const cJSON *integration = xf_get(get, "x-amazon-apigateway-integration");
	assert_string_equal(xf_get_str(integration, "type"), "aws_proxy");
	fx_assert_json(xf_get(integration, "uri"), "{\"Fn::Sub\":\"arn:aws:apigateway:${AWS::Region}:lambda:path/"
						   "2015-03-31/functions/${F.Arn}/invocations\"}");
	assert_non_null(xf_get(get, "parameters"));
	fx_free(&x);
}

static void api_event_checks_models_and_the_api_reference(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, MANAGED_API);
	assert_int_equal(run_api_event(&x, "Type: Api\nProperties: {Path: /a, Method: post, RestApiId: A,"
					   " RequestModel: {Model: Order}}"),
			 XF_FAIL);
	fx_assert_error(&x, "Event with id [E] is invalid. Unable to set RequestModel [Order] on API method [post] for "
			    "path [/a] because it wasn't defined in the API's Models.");
	fx_free(&x);

	fx_init(&x, MANAGED_API);
	assert_int_equal(run_api_event(&x, "Type: Api\nProperties: {Path: /a, Method: get, RestApiId: Nope}"), XF_FAIL);
	fx_assert_error(&x, "Event with id [E] is invalid. RestApiId property of Api event must reference a valid "
			    "resource in the same template.");
	fx_free(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(conditions_and_policies_are_aggregated),
		cmocka_unit_test(unused_implicit_api_goes_and_a_user_api_comes_back),
		cmocka_unit_test(event_errors_are_raised_together),
		cmocka_unit_test(apis_without_a_body_get_a_managed_skeleton),
		cmocka_unit_test(combined_conditions_come_in_chunks_of_ten),
		cmocka_unit_test(api_event_permission_and_integration),
		cmocka_unit_test(api_event_checks_models_and_the_api_reference),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
