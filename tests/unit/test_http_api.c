/* test_http_api.c — AWS::Serverless::HttpApi end to end: the expander (body, stage, domain,
 * authorizer permissions, errors), the implicit HTTP API plugin and the function's HttpApi event. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "transform/events/http_api.h"
#include "util/strmap.h"
#include "xf_fixture.h"

#define API(props) "Resources:\n  A:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n" props
#define SKELETON                                                                                                       \
	"      DefinitionBody:\n        openapi: '3.0.1'\n        info:\n          version: '1.0'\n"                   \
	"          title: {Ref: AWS::StackName}\n        paths: {}\n"

/* A value by "|"-separated keys (array items by index). */
static const cJSON *at(const cJSON *v, const char *path)
{
	char *copy = samc_strdup(path);
	for (char *key = strtok(copy, "|"); key && v; key = strtok(NULL, "|"))
		v = cJSON_IsArray(v) ? cJSON_GetArrayItem(v, atoi(key)) : cJSON_GetObjectItemCaseSensitive(v, key);
	free(copy);
	return v;
}

static void assert_at(const cJSON *root, const char *path, const char *expected_json)
{
	const cJSON *v = at(root, path);
	assert_non_null(v);
	fx_assert_json(v, expected_json);
}

static void expand_ok(xf *x, const char *template_yaml)
{
	fx_init(x, template_yaml);
	assert_int_equal(fx_expand(x, xf_expand_http_api, "A"), XF_OK);
}

static void assert_api_error(const char *template_yaml, const char *expected)
{
	xf x;
	fx_init(&x, template_yaml);
	assert_int_equal(fx_expand(&x, xf_expand_http_api, "A"), XF_FAIL);
	fx_assert_error(&x, expected);
	assert_null(xf_get(x.resources, "A"));
	fx_free(&x);
}

static void body_tags_and_default_stage(void **state)
{
	(void)state;
	xf x;
	expand_ok(&x, API("      Tags:\n        team: web\n" SKELETON));
	const cJSON *r = x.resources;
	assert_at(r, "A|Type", "\"AWS::ApiGatewayV2::Api\"");
	assert_at(r, "A|Properties|Body|tags",
		  "[{\"name\":\"team\",\"x-amazon-apigateway-tag-value\":\"web\"},{\"name\":\"httpapi:createdBy\","
		  "\"x-amazon-apigateway-tag-value\":\"SAM\"}]");
	fx_assert_json(xf_get(r, "AApiGatewayDefaultStage"),
		       "{\"Type\":\"AWS::ApiGatewayV2::Stage\",\"Properties\":{\"ApiId\":{\"Ref\":\"A\"},\"StageName\":"
		       "\"$default\",\"Tags\":{\"team\":\"web\",\"httpapi:createdBy\":\"SAM\"},\"AutoDeploy\":true}}");
	fx_free(&x);
}

static void stage_ids_follow_the_stage_name(void **state)
{
	(void)state;
	const char *cases[][2] = {{"Prod", "AProdStage"}, {"v1-beta", "AStage2817521297"}, {"{Ref: S}", "AStage"}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char tpl[512];
		snprintf(tpl, sizeof(tpl), API("      StageName: %s\n      StageVariables: {a: b}\n" SKELETON),
			 cases[i][0]);
		xf x;
		expand_ok(&x, tpl);
		const cJSON *stage = xf_get(x.resources, cases[i][1]);
		assert_non_null(stage);
		assert_at(stage, "Properties|StageVariables", "{\"a\":\"b\"}");
		fx_free(&x);
	}
}

static void definition_uri_gives_body_location(void **state)
{
	(void)state;
	xf x;
	expand_ok(
		&x,
		"Resources:\n  A:\n    Type: AWS::Serverless::HttpApi\n    DependsOn: B\n    Condition: C\n"
		"    Properties:\n      DefinitionUri: s3://bucket/key.yaml?versionId=7\n      FailOnWarnings: true\n");
	fx_assert_json(xf_get(x.resources, "A"),
		       "{\"Type\":\"AWS::ApiGatewayV2::Api\",\"DependsOn\":\"B\",\"Condition\":\"C\",\"Properties\":{"
		       "\"BodyS3Location\":{\"Bucket\":\"bucket\",\"Key\":\"key.yaml\",\"Version\":\"7\"},"
		       "\"FailOnWarnings\":true}}");
	fx_assert_json(xf_get(x.resources, "AApiGatewayDefaultStage"),
		       "{\"Type\":\"AWS::ApiGatewayV2::Stage\",\"Condition\":\"C\",\"Properties\":{\"ApiId\":{\"Ref\":"
		       "\"A\"},\"StageName\":\"$default\",\"AutoDeploy\":true}}");
	fx_free(&x);
}

static void domain_mappings_and_record_sets(void **state)
{
	(void)state;
	xf x;
	expand_ok(&x, API("      Domain:\n        DomainName: api.example.com\n        CertificateArn: arn:c\n"
			  "        BasePath: [/v1/, a-b_c]\n        Route53:\n          HostedZoneId: Z1\n"
			  "          IpV6: true\n" SKELETON));
	const cJSON *r = x.resources;
	const cJSON *mapping = xf_get(r, "Av1ApiMapping");
	assert_non_null(mapping);
	assert_at(mapping, "Properties|ApiMappingKey", "\"v1\"");
	assert_at(mapping, "Properties|Stage", "{\"Ref\":\"A.Stage\"}");
	assert_non_null(xf_get(r, "AabcApiMapping"));
	const cJSON *group = NULL;
	for (const cJSON *c = r->child; c; c = c->next)
		if (strncmp(c->string, "RecordSetGroup", 14) == 0)
			group = c;
	assert_non_null(group);
	assert_at(group, "Properties|HostedZoneId", "\"Z1\"");
	assert_at(group, "Properties|RecordSets|1|Type", "\"AAAA\"");
	fx_free(&x);
}

static void lambda_authorizer_permission(void **state)
{
	(void)state;
	xf x;
	expand_ok(&x, API("      Auth:\n        Authorizers:\n          Gate:\n            FunctionArn: arn:fn\n"
			  "            AuthorizerPayloadFormatVersion: '2.0'\n"
			  "            EnableFunctionDefaultPermissions: true\n" SKELETON));
	fx_assert_json(xf_get(x.resources, "AGateAuthorizerPermission"),
		       "{\"Type\":\"AWS::Lambda::Permission\",\"Properties\":{\"Action\":\"lambda:InvokeFunction\","
		       "\"FunctionName\":\"arn:fn\",\"Principal\":\"apigateway.amazonaws.com\",\"SourceArn\":{"
		       "\"Fn::Sub\":[\"arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:"
		       "${__ApiId__}/authorizers/*\",{\"__ApiId__\":{\"Ref\":\"A\"}}]}}}");
	assert_non_null(at(x.resources, "A|Properties|Body|components|securitySchemes|Gate"));
	fx_free(&x);
}

static void api_errors(void **state)
{
	(void)state;
	assert_api_error(
		API("      DefinitionUri: s3://b/k\n" SKELETON),
		"Resource with id [A] is invalid. Specify either 'DefinitionUri' or 'DefinitionBody' property and not "
		"both.");
	assert_api_error(
		API("      StageName: prod\n"),
		"Resource with id [A] is invalid. 'DefinitionUri' or 'DefinitionBody' are required properties of an "
		"'AWS::Serverless::HttpApi'. Add a value for one of these properties or add a 'HttpApi' event to an "
		"'AWS::Serverless::Function'.");
	assert_api_error(API("      Tags: {a: b}\n      DefinitionUri: s3://b/k\n"),
			 "Resource with id [A] is invalid. Tags works only with inline OpenApi specified in the "
			 "'DefinitionBody' property.");
	assert_api_error(API("      CorsConfiguration: [1]\n" SKELETON),
			 "Resource with id [A] is invalid. Type of property 'CorsConfiguration' is invalid.");
	assert_api_error(API("      Description: [1]\n" SKELETON),
			 "Resource with id [A] is invalid. Property 'Description' should be a string.");
	assert_api_error(API("      Stage: x\n"),
			 "Resource with id [A] is invalid. property Stage not defined for resource of type "
			 "AWS::Serverless::HttpApi");
	assert_api_error(API("      DefinitionUri: http://b/k\n"),
			 "Resource with id [A] is invalid. 'DefinitionUri' is not a valid S3 Uri of the form "
			 "'s3://bucket/key' with optional versionId query parameter.");
	assert_api_error(API("      Domain:\n        DomainName: d\n        CertificateArn: c\n"
			     "        MutualTlsAuthentication: {Zeta: 1, Alpha: 2, TruststoreUri: u}\n" SKELETON),
			 "Resource with id [Alpha,Zeta] is invalid. Available MutualTlsAuthentication fields are "
			 "['TruststoreUri', 'TruststoreVersion'].");
	assert_api_error(API("      Auth:\n        DefaultAuthorizer: [x]\n" SKELETON),
			 "Resource with id [A] is invalid. Property 'Auth.DefaultAuthorizer' should be a string.");
	assert_api_error(
		API("      DisableExecuteApiEndpoint: true\n      DefinitionUri: s3://b/k\n"),
		"Resource with id [A] is invalid. DisableExecuteApiEndpoint works only within 'DefinitionBody' "
		"property.");
}

/* ---- the implicit API plugin ---- */

#define FUNCTION(id, extra, events)                                                                                    \
	"  " id ":\n    Type: AWS::Serverless::Function\n" extra "    Properties:\n"                                   \
	"      InlineCode: x\n      Handler: index.h\n      Runtime: python3.12\n      Events:\n" events

static void implicit_api_collects_routes(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, "Conditions:\n  A: {Fn::Equals: [a, a]}\n  B: {Fn::Equals: [b, b]}\nResources:\n" FUNCTION(
			    "F", "    Condition: A\n",
			    "        Catch:\n          Type: HttpApi\n"
			    "        Get:\n          Type: HttpApi\n          Properties: {Path: /a, Method: get,"
			    " RouteSettings: {ThrottlingBurstLimit: 1}}\n")
			    FUNCTION("G", "    Condition: B\n    DeletionPolicy: Retain\n",
				     "        Post:\n          Type: HttpApi\n          Properties: {Path: /a, Method: "
				     "post}\n"));
	assert_int_equal(xf_implicit_http_api(&x), XF_OK);
	const cJSON *api = xf_get(x.resources, "ServerlessHttpApi");
	assert_non_null(api);
	assert_at(api, "Condition", "\"ServerlessHttpApiCondition\"");
	assert_at(api, "DeletionPolicy", "\"Retain\"");
	assert_at(x.tpl, "Conditions|ServerlessHttpApiCondition",
		  "{\"Fn::Or\":[{\"Condition\":\"A\"},{\"Condition\":\"B\"}]}");
	assert_at(x.tpl, "Conditions|ServerlessHttpApiSLASHaPathCondition",
		  "{\"Fn::Or\":[{\"Condition\":\"A\"},{\"Condition\":\"B\"}]}");
	assert_at(api, "Properties|DefinitionBody|paths|/a|Fn::If|0", "\"ServerlessHttpApiSLASHaPathCondition\"");
	assert_at(api, "Properties|DefinitionBody|paths|$default|Fn::If|0", "\"A\"");
	assert_at(api, "Properties|RouteSettings",
		  "{\"GET /a\":{\"Fn::If\":[\"A\",{\"ThrottlingBurstLimit\":1},{\"Ref\":\"AWS::NoValue\"}]}}");
	assert_at(x.resources, "F|Properties|Events|Catch|Properties",
		  "{\"ApiId\":{\"Ref\":\"ServerlessHttpApi\"},\"Path\":\"$default\",\"Method\":"
		  "\"x-amazon-apigateway-any-method\"}");
	fx_free(&x);
}

static void unused_implicit_api_is_removed_or_restored(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, "Resources:\n  T:\n    Type: AWS::SNS::Topic\n");
	assert_int_equal(xf_implicit_http_api(&x), XF_OK);
	assert_null(xf_get(x.resources, "ServerlessHttpApi"));
	fx_free(&x);
	fx_init(&x, "Resources:\n  ServerlessHttpApi:\n    Type: AWS::SNS::Topic\n");
	assert_int_equal(xf_implicit_http_api(&x), XF_OK);
	fx_assert_json(xf_get(x.resources, "ServerlessHttpApi"), "{\"Type\":\"AWS::SNS::Topic\"}");
	fx_free(&x);
}

static void plugin_errors_are_collected_per_function(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, "Resources:\n" FUNCTION("F", "", "        E:\n          Type: HttpApi\n          Properties: [1]\n")
			    FUNCTION("G", "", "        E:\n          Type: HttpApi\n          Properties: {Path: /a}\n")
				    FUNCTION("H", "",
					     "        E:\n          Type: HttpApi\n          Properties: {ApiId: Nope,"
					     " Path: /a, Method: get}\n"));
	assert_int_equal(xf_implicit_http_api(&x), XF_FAIL);
	assert_int_equal(xf_collect_pending(&x), XF_OK);
	assert_int_equal(x.ncauses, 3);
	assert_string_equal(
		x.causes[0].message,
		"Resource with id [F] is invalid. Event with id [E] is invalid. Properties should be a map.");
	assert_string_equal(
		x.causes[1].message,
		"Resource with id [G] is invalid. Event with id [E] is invalid. Property 'Method' is required.");
	assert_string_equal(
		x.causes[2].message,
		"Resource with id [H] is invalid. Event with id [E] is invalid. ApiId must be a valid reference "
		"to an 'AWS::Serverless::HttpApi' resource in same template.");
	fx_free(&x);
}

/* ---- the function's HttpApi event ---- */

static void index_resources(xf *x)
{
	for (cJSON *r = x->resources->child; r; r = r->next)
		assert_int_equal(samc_strmap_put(&x->res_index, r->string, r), 0);
}

/* Links and expands event `ev` of function Fn (already in the template, after the plugin). */
static int run_event(xf *x, const char *ev_id)
{
	const cJSON *sam = xf_get(x->resources, "Fn");
	cJSON *attrs = cJSON_CreateObject();
	xf_copy_child_attributes(attrs, sam);
	xf_fn fn = {.id = "Fn", .sam = sam, .attrs = attrs};
	const cJSON *dict = at(sam, "Properties|Events");
	dict = xf_get(dict, ev_id);
	char logical_id[64];
	snprintf(logical_id, sizeof(logical_id), "Fn%s", ev_id);
	xf_event ev = {.logical_id = logical_id,
		       .relative_id = ev_id,
		       .dict = dict,
		       .props = xf_get(dict, "Properties"),
		       .type = &xf_event_http_api};
	int rc = xf_event_http_api.link(x, &fn, &ev);
	if (rc == XF_OK)
		rc = xf_event_http_api.expand(x, &fn, &ev);
	free(ev.linked_id);
	cJSON_Delete(attrs);
	return rc;
}

static void event_integrates_route_and_permission(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, "Resources:\n" FUNCTION(
			    "Fn", "",
			    "        Catch:\n          Type: HttpApi\n"
			    "        Item:\n          Type: HttpApi\n          Properties: {Path: '/items/{id}/',"
			    " Method: GET, TimeoutInMillis: 500, PayloadFormatVersion: '1.0'}\n"));
	assert_int_equal(xf_implicit_http_api(&x), XF_OK);
	index_resources(&x);
	assert_int_equal(run_event(&x, "Catch"), XF_OK);
	assert_int_equal(run_event(&x, "Item"), XF_OK);
	assert_at(x.resources, "FnCatchPermission|Properties|SourceArn|Fn::Sub|0",
		  "\"arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/${__Stage__}/*\"");
	/* the $default route already targets Fn: no second permission */
	assert_null(xf_get(x.resources, "FnItemPermission"));
	const cJSON *get = at(x.resources, "ServerlessHttpApi|Properties|DefinitionBody|paths|/items/{id}/|get");
	assert_non_null(get);
	assert_at(get, "x-amazon-apigateway-integration|timeoutInMillis", "500");
	assert_at(get, "x-amazon-apigateway-integration|payloadFormatVersion", "\"1.0\"");
	assert_at(get, "x-amazon-apigateway-integration|uri|Fn::Sub",
		  "\"arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/"
		  "invocations\"");
	assert_at(get, "parameters|0|name", "\"id\"");
	/* the same route again on a managed API is an error */
	assert_int_equal(run_event(&x, "Item"), XF_FAIL);
	assert_string_equal(x.pending.message, "API method 'get' defined multiple times for path '/items/{id}/'.");
	fx_free(&x);
}

static void event_permission_paths(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, "Resources:\n  Api:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      DefinitionUri: "
		    "s3://b/k\n" FUNCTION("Fn", "",
					  "        Any:\n          Type: HttpApi\n          Properties: {ApiId: Api, "
					  "Path: /$default, Method: Any}\n"
					  "        Slash:\n          Type: HttpApi\n          Properties: {ApiId: Api, "
					  "Path: '/a/{b}/', Method: post}\n"));
	assert_int_equal(xf_implicit_http_api(&x), XF_OK);
	index_resources(&x);
	assert_int_equal(run_event(&x, "Any"), XF_OK);
	assert_int_equal(run_event(&x, "Slash"), XF_OK);
	assert_at(x.resources, "FnAnyPermission|Properties|SourceArn",
		  "{\"Fn::Sub\":[\"arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/"
		  "${__Stage__}/$default\",{\"__ApiId__\":\"Api\",\"__Stage__\":\"*\"}]}");
	assert_at(x.resources, "FnSlashPermission|Properties|SourceArn|Fn::Sub|0",
		  "\"arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/${__Stage__}/POST/"
		  "a/*\"");
	fx_free(&x);
}

static void event_auth_errors(void **state)
{
	(void)state;
	const char *cases[][2] = {
		{"{Authorizer: Jwt}",
		 "Unable to set Authorizer [Jwt] on API method [get] for path [/a] because the related API "
		 "does not define any Authorizers."},
		{"{AuthorizationScopes: [a]}", "'Auth' section requires either an explicit 'Authorizer' set or a "
					       "'DefaultAuthorizer' configured on the HttpApi."},
		{"{Authorizer: NONE}",
		 "Unable to set Authorizer on API method [get] for path [/a] because 'NONE' is only a "
		 "valid value when a DefaultAuthorizer on the API is specified."},
		{"{Authorizer: {Ref: X}}",
		 "Unable to set Authorizer [{'Ref': 'X'}] on API method [get] for path [/a]. The "
		 "method authorizer must be a string with a corresponding dict entry in the api "
		 "authorizer."},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char tpl[1024];
		snprintf(tpl, sizeof(tpl),
			 "Resources:\n  Api:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n"
			 "      Auth: {EnableIamAuthorizer: true, Authorizers: {}}\n" SKELETON
			 "      __MANAGE_SWAGGER: true\n" FUNCTION(
				 "Fn", "",
				 "        E:\n          Type: HttpApi\n          Properties: {ApiId: Api, Path: /a,"
				 " Method: GET, Auth: %s}\n"),
			 cases[i][0]);
		xf x;
		fx_init(&x, tpl);
		assert_int_equal(xf_implicit_http_api(&x), XF_OK);
		index_resources(&x);
		assert_int_equal(run_event(&x, "E"), XF_FAIL);
		assert_int_equal(x.pending.kind, XF_ERR_EVENT);
		assert_string_equal(x.pending.message, cases[i][1]);
		fx_free(&x);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(body_tags_and_default_stage),
		cmocka_unit_test(stage_ids_follow_the_stage_name),
		cmocka_unit_test(definition_uri_gives_body_location),
		cmocka_unit_test(domain_mappings_and_record_sets),
		cmocka_unit_test(lambda_authorizer_permission),
		cmocka_unit_test(api_errors),
		cmocka_unit_test(implicit_api_collects_routes),
		cmocka_unit_test(unused_implicit_api_is_removed_or_restored),
		cmocka_unit_test(plugin_errors_are_collected_per_function),
		cmocka_unit_test(event_integrates_route_and_permission),
		cmocka_unit_test(event_permission_paths),
		cmocka_unit_test(event_auth_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
