/* test_rest_api.c — AWS::Serverless::Api expansion: deployment hashes, stage ids, usage plans
 * (per API and shared), domains with shared record set groups, authorizer permissions, tags,
 * and the validation messages. Expected ids come from the reference run without the py27 layer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "samc/samc.h"
#include "util/buf.h"
#include "xf_fixture.h"

#define SWAGGER_BODY "DefinitionBody: {swagger: '2.0', info: {title: a, version: '1'}, paths: {'/a': {get: {}}}}"
#define API(props) "Resources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      " props "\n"

static const cJSON *props_of(xf *x, const char *id)
{
	const cJSON *r = xf_get(x->resources, id);
	assert_non_null(r);
	return xf_get(r, "Properties");
}

static void assert_prop_string(xf *x, const char *id, const char *name, const char *expected)
{
	const char *v = xf_get_str(props_of(x, id), name);
	assert_non_null(v);
	assert_string_equal(v, expected);
}

static void definition_uri_gives_s3_location_hashed_deployment_and_stage(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, API("StageName: v1-beta\n      DefinitionUri: s3://bucket/swagger.json"));
	assert_int_equal(fx_expand(&x, xf_expand_api, "Api"), XF_OK);
	fx_assert_json(props_of(&x, "Api"), "{\"BodyS3Location\":{\"Bucket\":\"bucket\",\"Key\":\"swagger.json\"}}");
	assert_prop_string(&x, "ApiDeployment96574167b5", "Description",
			   "RestApi deployment id: 96574167b55ba013fa1fffc732a6237cc8141e49");
	assert_prop_string(&x, "ApiDeployment96574167b5", "StageName", "Stage");
	fx_assert_json(props_of(&x, "ApiStage2817521297"),
		       "{\"DeploymentId\":{\"Ref\":\"ApiDeployment96574167b5\"},\"RestApiId\":{\"Ref\":\"Api\"},"
		       "\"StageName\":\"v1-beta\"}");
	fx_free(&x);
}

static void per_api_usage_plan_permissions_and_propagated_tags(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, API("StageName: prod\n      Tags: {team: x}\n      PropagateTags: true\n      " SWAGGER_BODY "\n"
			"      Auth:\n"
			"        Authorizers:\n"
			"          L: {FunctionArn: arn:fn}\n"
			"          N: {FunctionArn: arn:fn2, DisableFunctionDefaultPermissions: true}\n"
			"        UsagePlan: {CreateUsagePlan: PER_API, Description: d}"));
	assert_int_equal(fx_expand(&x, xf_expand_api, "Api"), XF_OK);
	assert_non_null(xf_get(x.resources, "ApiDeployment6a4387383a"));
	fx_assert_json(xf_get(props_of(&x, "Api"), "Tags"), "[{\"Key\":\"team\",\"Value\":\"x\"}]");
	fx_assert_json(xf_get(props_of(&x, "ApiprodStage"), "Tags"), "[{\"Key\":\"team\",\"Value\":\"x\"}]");
	fx_assert_json(xf_get(x.resources, "ApiLAuthorizerPermission"),
		       "{\"Type\":\"AWS::Lambda::Permission\",\"Properties\":{\"Action\":\"lambda:InvokeFunction\","
		       "\"FunctionName\":\"arn:fn\",\"Principal\":\"apigateway.amazonaws.com\",\"SourceArn\":{\"Fn::Sub\":"
		       "[\"arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/authorizers/*\","
		       "{\"__ApiId__\":{\"Ref\":\"Api\"}}]}}}");
	assert_null(xf_get(x.resources, "ApiNAuthorizerPermission"));
	fx_assert_json(xf_get(x.resources, "ApiUsagePlan"),
		       "{\"Type\":\"AWS::ApiGateway::UsagePlan\",\"DependsOn\":[\"Api\"],\"Properties\":{\"ApiStages\":"
		       "[{\"ApiId\":{\"Ref\":\"Api\"},\"Stage\":{\"Ref\":\"ApiprodStage\"}}],\"Description\":\"d\","
		       "\"Tags\":[{\"Key\":\"team\",\"Value\":\"x\"}]}}");
	fx_assert_json(xf_get(x.resources, "ApiUsagePlanKey"),
		       "{\"Type\":\"AWS::ApiGateway::UsagePlanKey\",\"DependsOn\":[\"ApiApiKey\"],\"Properties\":{"
		       "\"KeyId\":{\"Ref\":\"ApiApiKey\"},\"KeyType\":\"API_KEY\",\"UsagePlanId\":{\"Ref\":\"ApiUsagePlan\"}}}");
	assert_true(cJSON_IsTrue(xf_get(props_of(&x, "ApiApiKey"), "Enabled")));
	fx_free(&x);
}

#define SHARED_API(id, cond, policy, title, domain)                                                            \
	"  " id ":\n    Type: AWS::Serverless::Api\n    Condition: " cond "\n    DeletionPolicy: " policy "\n"   \
	"    Properties:\n      StageName: prod\n"                                                                \
	"      DefinitionBody: {swagger: '2.0', info: {title: " title ", version: '1'}, paths: {}}\n"              \
	"      Auth: {UsagePlan: {CreateUsagePlan: SHARED}}\n      Domain:\n" domain

static void two_apis_share_usage_plan_condition_and_record_set_group(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, "Conditions:\n  C1: !Equals [a, a]\n  C2: !Equals [b, b]\nResources:\n" SHARED_API(
			    "A", "C1", "Delete", "a",
			    "        DomainName: a.example.com\n        CertificateArn: arn:cert\n"
			    "        BasePath: [/one, two-2]\n        Route53: {HostedZoneId: Z1}\n")
			    SHARED_API("B", "C2", "Retain", "b",
				       "        DomainName: b.example.com\n        CertificateArn: arn:cert\n"
				       "        EndpointConfiguration: EDGE\n        Route53: {HostedZoneId: Z1, IpV6: true}\n"));
	x.conditions = cJSON_GetObjectItemCaseSensitive(x.tpl, "Conditions");
	assert_int_equal(fx_expand(&x, xf_expand_api, "A"), XF_OK);
	assert_int_equal(fx_expand(&x, xf_expand_api, "B"), XF_OK);
	/* the domain is part of each deployment hash */
	assert_non_null(xf_get(x.resources, "ADeploymenta4994eb8e2"));
	assert_non_null(xf_get(x.resources, "BDeploymentff9d1d07b2"));
	assert_prop_string(&x, "Atwo2BasePathMapping", "BasePath", "two2");
	fx_assert_json(xf_get(props_of(&x, "AoneBasePathMapping"), "Stage"), "{\"Ref\":\"A.Stage\"}");
	const cJSON *plan = xf_get(x.resources, "ServerlessUsagePlan");
	fx_assert_json(xf_get(plan, "DependsOn"), "[\"A\",\"B\"]");
	assert_string_equal(xf_get_str(plan, "DeletionPolicy"), "Retain");
	assert_string_equal(xf_get_str(plan, "Condition"), "SharedUsagePlanCondition");
	assert_int_equal(cJSON_GetArraySize(xf_get(props_of(&x, "ServerlessApiKey"), "StageKeys")), 2);
	fx_assert_json(xf_get(x.conditions, "SharedUsagePlanCondition"),
		       "{\"Fn::Or\":[{\"Condition\":\"C1\"},{\"Condition\":\"C2\"}]}");
	const cJSON *sets = xf_get(props_of(&x, "RecordSetGroup0cf6d58763"), "RecordSets");
	assert_int_equal(cJSON_GetArraySize(sets), 3);
	fx_assert_json(cJSON_GetArrayItem(sets, 2),
		       "{\"Name\":\"b.example.com\",\"Type\":\"AAAA\",\"AliasTarget\":{\"HostedZoneId\":\"Z2FDTNDATAQYW2\","
		       "\"DNSName\":{\"Fn::GetAtt\":[\"ApiGatewayDomainNamef96a6ec2fb\",\"DistributionDomainName\"]}}}");
	fx_free(&x);
}

static void assert_api_error(const char *props, const char *expected)
{
	xf x;
	char *text = samc_strfmt(API("%s"), props);
	assert_non_null(text);
	fx_init(&x, text);
	free(text);
	assert_int_equal(fx_expand(&x, xf_expand_api, "Api"), XF_FAIL);
	fx_assert_error(&x, expected);
	fx_free(&x);
}

static void validation_messages(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"StageName: s\n      DefinitionUri: s3://b/k\n      " SWAGGER_BODY,
		 "Specify either 'DefinitionUri' or 'DefinitionBody' property and not both."},
		{SWAGGER_BODY, "Missing required property 'StageName'."},
		{"StageName: s\n      OpenApiVersion: '4.0'\n      " SWAGGER_BODY,
		 "The OpenApiVersion value must be of the format '3.0.0'."},
		{"StageName: s\n      Cors: {AllowOrigins: x}\n      " SWAGGER_BODY, "Invalid key 'AllowOrigins' for 'Cors' property."},
		{"StageName: s\n      DefinitionUri: http://x/y",
		 "'DefinitionUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter."},
		{"StageName: s\n      DefinitionUri: {Bucket: b}",
		 "'DefinitionUri' requires Bucket and Key properties to be specified."},
		{"StageName: s\n      Auth: {UsagePlan: {CreateUsagePlan: ALL}}\n      " SWAGGER_BODY,
		 "'CreateUsagePlan' accepts one of ['SHARED', 'PER_API', 'NONE']."},
		{"StageName: s\n      Domain: {DomainName: d, CertificateArn: c, EndpointConfiguration: X}",
		 "EndpointConfiguration for Custom Domains must be one of ['EDGE', 'REGIONAL', 'PRIVATE']."},
		{"StageName: s\n      Domain: {DomainName: d, CertificateArn: c, BasePath: [/a, 3]}",
		 "Property 'Domain.BasePath[1]' should be a string."},
		{"StageName: s\n      GatewayResponses: {DEFAULT_4XX: [1]}\n      " SWAGGER_BODY,
		 "Invalid property type 'list' for GatewayResponses. Expected an object of type 'GatewayResponse'."},
		{"StageName: s\n      EndpointConfiguration: {Type: PRIVATE, VPCEndpointIds: [a], VpcEndpointIds: [b]}",
		 "'VPCEndpointIds' and 'VpcEndpointIds' cannot be used together in EndpointConfiguration."},
		{"StageName: s\n      Foo: 1", "property Foo not defined for resource of type AWS::Serverless::Api"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *expected = samc_strfmt("Resource with id [Api] is invalid. %s", cases[i][1]);
		assert_api_error(cases[i][0], expected);
		free(expected);
	}
}

static void domain_policy_on_a_public_domain_names_the_domain(void **state)
{
	(void)state;
	assert_api_error("StageName: s\n      Domain: {DomainName: d, CertificateArn: c, Policy: {a: b}}",
			 "Resource with id [ApiGatewayDomainName3c363836cf] is invalid. property Policy not defined for "
			 "resource of type AWS::ApiGateway::DomainName");
}

/* The logical id of the REST API deployment the whole transform gives when function Fn (with
 * an Api event on Api) has fn_props; the caller frees it. */
static char *deployment_id(const char *fn_props, const char *more_events)
{
	char text[2048];
	snprintf(text, sizeof(text),
		 "Transform: AWS::Serverless-2016-10-31\nResources:\n"
		 "  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
		 "      Runtime: python3.12\n      Handler: a.h\n      CodeUri: s3://b/k.zip\n%s"
		 "      Events:\n        Get: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /a, Method: get}}\n%s"
		 "  Api:\n    Type: AWS::Serverless::Api\n    Properties: {StageName: prod}\n",
		 fn_props, more_events);
	samc_document *doc = NULL;
	assert_int_equal(samc_document_load_buffer(&doc, text, strlen(text), "t.yaml", NULL, NULL), 0);
	char *json = NULL;
	assert_int_equal(samc_transform(doc, NULL, &json, NULL), 0);
	cJSON *out = cJSON_Parse(json);
	assert_non_null(out);
	char *id = NULL;
	for (const cJSON *r = xf_get(out, "Resources")->child; r; r = r->next)
		if (strncmp(r->string, "ApiDeployment", 13) == 0)
			id = samc_strdup(r->string);
	assert_non_null(id);
	cJSON_Delete(out);
	samc_free(json);
	samc_document_free(doc);
	return id;
}

/* The deployment hash takes the FunctionName of each function with an Api event on the API,
 * read after the function was expanded: the name counts; its other properties and events of
 * other types do not (ids from the reference). */
static void deployment_hashes_the_function_names_of_its_api_events(void **state)
{
	(void)state;
	char *named = deployment_id("      FunctionName: one\n", "");
	assert_string_equal(named, "ApiDeploymentbb457ae4f9");
	char *with_queue = deployment_id("      FunctionName: one\n",
					 "        Q: {Type: SQS, Properties: {Queue: 'arn:aws:sqs:us-east-1:1:q'}}\n");
	char *bigger = deployment_id("      FunctionName: one\n      MemorySize: 512\n", "");
	char *renamed = deployment_id("      FunctionName: two\n", "");
	char *unnamed = deployment_id("", "");
	assert_string_equal(with_queue, named);
	assert_string_equal(bigger, named);
	assert_string_equal(renamed, "ApiDeploymented08aaaadd");
	assert_string_equal(unnamed, "ApiDeployment0c6997ad9f");
	free(named);
	free(with_queue);
	free(bigger);
	free(renamed);
	free(unnamed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(definition_uri_gives_s3_location_hashed_deployment_and_stage),
		cmocka_unit_test(per_api_usage_plan_permissions_and_propagated_tags),
		cmocka_unit_test(two_apis_share_usage_plan_condition_and_record_set_group),
		cmocka_unit_test(validation_messages),
		cmocka_unit_test(domain_policy_on_a_public_domain_names_the_domain),
		cmocka_unit_test(deployment_hashes_the_function_names_of_its_api_events),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
