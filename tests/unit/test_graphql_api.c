/* test_graphql_api.c — AWS::Serverless::GraphQLApi: the AppSync API with auth, tags and logging,
 * schema, keys, cache, domain, data sources with roles and policies, functions, resolvers, and
 * every error message (property checks, the model's locations, the expander's own). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "xf_fixture.h"

#define API(props)                                                                                 \
	"Resources:\n  G:\n    Type: AWS::Serverless::GraphQLApi\n    Properties:\n"               \
	"      SchemaInline: 'type Query { a: String }'\n" props
#define IAM "      Auth:\n        Type: AWS_IAM\n"
#define RT "Runtime: {Name: APPSYNC_JS, Version: 1.0.0}"

static void expand_ok(xf *x, const char *template_yaml)
{
	fx_init(x, template_yaml);
	assert_int_equal(fx_expand(x, xf_expand_graphql_api, "G"), XF_OK);
}

static void assert_error(const char *template_yaml, const char *expected)
{
	xf x;
	fx_init(&x, template_yaml);
	assert_int_equal(fx_expand(&x, xf_expand_graphql_api, "G"), XF_FAIL);
	fx_assert_error(&x, expected);
	fx_free(&x);
}

static void assert_resource(xf *x, const char *id, const char *expected)
{
	const cJSON *r = xf_get(x->resources, id);
	assert_non_null(r);
	fx_assert_json(r, expected);
}

static void minimal_api_gets_schema_tags_and_cloudwatch_role(void **state)
{
	(void)state;
	xf x;
	expand_ok(&x, API(IAM));
	assert_resource(&x, "G",
			"{\"Type\":\"AWS::AppSync::GraphQLApi\",\"Properties\":{\"Name\":\"G\","
			"\"AuthenticationType\":\"AWS_IAM\",\"Tags\":[{\"Key\":\"graphqlapi:createdBy\","
			"\"Value\":\"SAM\"}],\"LogConfig\":{\"FieldLogLevel\":\"ALL\",\"CloudWatchLogsRoleArn\":"
			"{\"Fn::GetAtt\":[\"GCloudWatchRole\",\"Arn\"]}}}}");
	assert_resource(&x, "GSchema",
			"{\"Type\":\"AWS::AppSync::GraphQLSchema\",\"Properties\":{\"ApiId\":{\"Fn::GetAtt\":"
			"[\"G\",\"ApiId\"]},\"Definition\":\"type Query { a: String }\"}}");
	assert_resource(&x, "GCloudWatchRole",
			"{\"Type\":\"AWS::IAM::Role\",\"Properties\":{\"AssumeRolePolicyDocument\":{\"Version\":"
			"\"2012-10-17\",\"Statement\":[{\"Action\":[\"sts:AssumeRole\"],\"Effect\":\"Allow\","
			"\"Principal\":{\"Service\":[\"appsync.amazonaws.com\"]}}]},\"ManagedPolicyArns\":[{"
			"\"Fn::Sub\":\"arn:${AWS::Partition}:iam::aws:policy/service-role/"
			"AWSAppSyncPushToCloudWatchLogs\"}]}}");
	assert_int_equal(cJSON_GetArraySize(x.resources), 3);
	fx_free(&x);
}

static void logging_false_or_given_role_adds_no_role(void **state)
{
	(void)state;
	xf x;
	expand_ok(&x, API(IAM "      Logging: false\n      XrayEnabled: 'off'\n"));
	assert_null(xf_get(xf_get(xf_get(x.resources, "G"), "Properties"), "LogConfig"));
	assert_true(cJSON_IsFalse(xf_get(xf_get(xf_get(x.resources, "G"), "Properties"), "XrayEnabled")));
	assert_null(xf_get(x.resources, "GCloudWatchRole"));
	fx_free(&x);
	expand_ok(&x, API(IAM "      Logging:\n        CloudWatchLogsRoleArn: arn:role\n"
			      "        ExcludeVerboseContent: true\n        FieldLogLevel: ERROR\n"));
	fx_assert_json(xf_get(xf_get(xf_get(x.resources, "G"), "Properties"), "LogConfig"),
		       "{\"ExcludeVerboseContent\":true,\"FieldLogLevel\":\"ERROR\",\"CloudWatchLogsRoleArn\":"
		       "\"arn:role\"}");
	assert_null(xf_get(x.resources, "GCloudWatchRole"));
	fx_free(&x);
}

static void auth_providers_and_lambda_authorizer_permissions(void **state)
{
	(void)state;
	xf x;
	expand_ok(&x, API("      Auth:\n        Type: AMAZON_COGNITO_USER_POOLS\n"
			  "        UserPool: {UserPoolId: p, DefaultAction: ALLOW}\n"
			  "        Additional:\n"
			  "          - Type: AWS_LAMBDA\n            LambdaAuthorizer: {AuthorizerUri: arn:fn}\n"
			  "          - Type: AMAZON_COGNITO_USER_POOLS\n"
			  "            UserPool: {UserPoolId: q, DefaultAction: DENY}\n"
			  "          - Type: OPENID_CONNECT\n            OpenIDConnect: {}\n"));
	const cJSON *props = xf_get(xf_get(x.resources, "G"), "Properties");
	fx_assert_json(xf_get(props, "UserPoolConfig"), "{\"UserPoolId\":\"p\",\"DefaultAction\":\"ALLOW\"}");
	fx_assert_json(xf_get(props, "AdditionalAuthenticationProviders"),
		       "[{\"AuthenticationType\":\"AWS_LAMBDA\",\"LambdaAuthorizerConfig\":{\"AuthorizerUri\":"
		       "\"arn:fn\"}},{\"AuthenticationType\":\"AMAZON_COGNITO_USER_POOLS\",\"UserPoolConfig\":{"
		       "\"UserPoolId\":\"q\"}},{\"AuthenticationType\":\"OPENID_CONNECT\"}]");
	assert_resource(&x, "GToLambdaAuthConnector1WriteLambdaPermission",
			"{\"Type\":\"AWS::Lambda::Permission\",\"Metadata\":{\"aws:sam:connectors\":{"
			"\"GToLambdaAuthConnector1\":{\"Source\":{\"Type\":\"AWS::AppSync::GraphQLApi\"},"
			"\"Destination\":{\"Type\":\"AWS::Lambda::Function\"}}}},\"Properties\":{\"Action\":"
			"\"lambda:InvokeFunction\",\"FunctionName\":\"arn:fn\",\"Principal\":"
			"\"appsync.amazonaws.com\",\"SourceArn\":{\"Fn::Sub\":[\"arn:${AWS::Partition}:appsync:"
			"${AWS::Region}:${AWS::AccountId}:apis/${SourceResourceId}\",{\"SourceResourceId\":{"
			"\"Fn::GetAtt\":[\"G\",\"ApiId\"]}}]}}}");
	fx_free(&x);
}

static void keys_cache_and_domain(void **state)
{
	(void)state;
	xf x;
	expand_ok(&x, API(IAM "      ApiKeys:\n        Key1: {Description: d, ExpiresOn: 10}\n"
			      "      Cache: {ApiCachingBehavior: FULL_REQUEST_CACHING, Type: SMALL, Ttl: 60}\n"
			      "      DomainName: {CertificateArn: arn:cert, DomainName: a.example.com}\n"));
	assert_resource(&x, "GKey1",
			"{\"Type\":\"AWS::AppSync::ApiKey\",\"Properties\":{\"ApiId\":{\"Fn::GetAtt\":[\"G\","
			"\"ApiId\"]},\"Description\":\"d\",\"Expires\":10}}");
	assert_resource(&x, "GApiCache",
			"{\"Type\":\"AWS::AppSync::ApiCache\",\"Properties\":{\"ApiId\":{\"Fn::GetAtt\":[\"G\","
			"\"ApiId\"]},\"ApiCachingBehavior\":\"FULL_REQUEST_CACHING\",\"Type\":\"SMALL\",\"Ttl\":60}}");
	assert_resource(&x, "GDomainNameApiAssociation",
			"{\"Type\":\"AWS::AppSync::DomainNameApiAssociation\",\"Properties\":{\"ApiId\":{"
			"\"Fn::GetAtt\":[\"G\",\"ApiId\"]},\"DomainName\":{\"Ref\":\"GDomainName\"}}}");
	assert_non_null(xf_get(x.resources, "GDomainName"));
	fx_free(&x);
}

static void dynamodb_source_gets_role_and_read_policy(void **state)
{
	(void)state;
	xf x;
	expand_ok(&x, API(IAM "      DataSources:\n        DynamoDb:\n"
			      "          T: {TableName: tbl, Permissions: [Read]}\n"));
	const cJSON *ds = xf_get(x.resources, "GTDynamoDBDataSource");
	fx_assert_json(xf_get(xf_get(ds, "Properties"), "ServiceRoleArn"),
		       "{\"Fn::GetAtt\":[\"GTDynamoDBDataSourceRole\",\"Arn\"]}");
	assert_non_null(xf_get(x.resources, "GTDynamoDBDataSourceRole"));
	const cJSON *policy = xf_get(x.resources, "GTDynamoDBDataSourceToTableConnectorPolicy");
	const cJSON *statements = xf_get(xf_get(xf_get(policy, "Properties"), "PolicyDocument"), "Statement");
	assert_int_equal(cJSON_GetArraySize(statements), 1);
	fx_assert_json(xf_get(cJSON_GetArrayItem(statements, 0), "Resource"),
		       "[{\"Fn::Sub\":[\"arn:${AWS::Partition}:dynamodb:${__Region__}:${AWS::AccountId}:table/"
		       "${__TableName__}\",{\"__TableName__\":\"tbl\",\"__Region__\":{\"Ref\":\"AWS::Region\"}}]},"
		       "{\"Fn::Sub\":[\"${DestinationArn}/index/*\",{\"DestinationArn\":{\"Fn::Sub\":[\"arn:${AWS::"
		       "Partition}:dynamodb:${__Region__}:${AWS::AccountId}:table/${__TableName__}\",{"
		       "\"__TableName__\":\"tbl\",\"__Region__\":{\"Ref\":\"AWS::Region\"}}]}}]}]");
	fx_free(&x);
}

static void functions_resolvers_and_none_data_source(void **state)
{
	(void)state;
	xf x;
	expand_ok(&x, API(IAM "      Functions:\n"
			      "        a: {DataSource: NONE, InlineCode: x, " RT "}\n"
			      "        b: {DataSource: none, CodeUri: s3://b/k, Name: 5, " RT "}\n"
			      "        c: {Id: fid}\n"
			      "      Resolvers:\n        Query:\n          f: {Pipeline: [a, c]}\n"));
	const cJSON *b = xf_get(xf_get(x.resources, "Gb"), "Properties");
	assert_string_equal(xf_get_str(b, "Name"), "5");
	fx_assert_json(xf_get(b, "DataSourceName"), "{\"Fn::GetAtt\":[\"GNoneDataSource\",\"Name\"]}");
	assert_resource(&x, "GNoneDataSource",
			"{\"Type\":\"AWS::AppSync::DataSource\",\"Properties\":{\"ApiId\":{\"Fn::GetAtt\":[\"G\","
			"\"ApiId\"]},\"Name\":\"GNoneDataSource\",\"Type\":\"NONE\"}}");
	const cJSON *resolver = xf_get(x.resources, "GQueryf");
	fx_assert_json(xf_get(resolver, "DependsOn"), "[\"GSchema\"]");
	const cJSON *props = xf_get(resolver, "Properties");
	fx_assert_json(xf_get(props, "PipelineConfig"),
		       "{\"Functions\":[{\"Fn::GetAtt\":[\"Ga\",\"FunctionId\"]},\"fid\"]}");
	fx_assert_json(xf_get(props, "Runtime"), "{\"Name\":\"APPSYNC_JS\",\"RuntimeVersion\":\"1.0.0\"}");
	assert_non_null(strstr(xf_get_str(props, "Code"), "return ctx.prev.result;"));
	assert_null(xf_get(x.resources, "Gc"));
	fx_free(&x);
}

static void property_checks_in_declaration_order(void **state)
{
	(void)state;
	assert_error("Resources:\n  G:\n    Type: AWS::Serverless::GraphQLApi\n",
		     "Resource with id [G] is invalid. Missing required property 'Auth'.");
	assert_error(API(IAM "      Tags: [a]\n"), "Resource with id [G] is invalid. Property 'Tags' should be a map.");
	assert_error(API(IAM "      Logging: yes please\n"),
		     "Resource with id [G] is invalid. Type of property 'Logging' is invalid.");
	assert_error(API(IAM "      Logging: true\n      Functions: [a]\n"),
		     "Resource with id [G] is invalid. Property 'Functions' should be a map.");
	assert_error(API(IAM "      Bogus: 1\n"), "Resource with id [G] is invalid. property Bogus not defined for "
						   "resource of type AWS::Serverless::GraphQLApi");
}

static void model_errors_name_the_first_location(void **state)
{
	(void)state;
	assert_error(API("      Auth:\n        Type: NOPE\n"),
		     "Resource with id [G] is invalid. Property 'Auth.Type' is invalid.");
	assert_error(API("      Auth:\n        Type: API_KEY\n        Additional: {Type: AWS_IAM}\n"),
		     "Resource with id [G] is invalid. Property 'Auth.Additional' is invalid.");
	assert_error(API("      Auth:\n        Type: API_KEY\n        Additional: [{Type: AWS_IAM}, {}]\n"),
		     "Resource with id [G] is invalid. Property 'Auth.Additional.1.Type' is invalid.");
	assert_error(API(IAM "      Logging: {Zed: 1, Alpha: 2}\n"),
		     "Resource with id [G] is invalid. Property 'Logging.Alpha' is invalid.");
	assert_error(API(IAM "      XrayEnabled: maybe\n      Logging: {Zed: 1}\n"),
		     "Resource with id [G] is invalid. Property 'XrayEnabled' is invalid.");
	assert_error(API(IAM "      DataSources:\n        DynamoDb:\n          T: {TableName: t, "
			     "Permissions: [Read, Delete]}\n"),
		     "Resource with id [G] is invalid. Property 'DataSources.DynamoDb.T.Permissions.1' is invalid.");
	assert_error(API(IAM "      Functions:\n        f: {Runtime: {Name: APPSYNC_JS}}\n"),
		     "Resource with id [G] is invalid. Property 'Functions.f.Runtime.Version' is invalid.");
	assert_error(API(IAM "      Resolvers:\n        Query:\n          f: {Pipeline: [[a]]}\n"),
		     "Resource with id [G] is invalid. Property 'Resolvers.Query.f.Pipeline.0' is invalid.");
	assert_error(API(IAM "      Cache: {Ttl: 1, Type: SMALL}\n"),
		     "Resource with id [G] is invalid. Property 'Cache.ApiCachingBehavior' is invalid.");
}

static void auth_and_schema_errors(void **state)
{
	(void)state;
	assert_error(API("      Auth:\n        Type: AWS_LAMBDA\n"),
		     "Resource with id [G] is invalid. 'LambdaAuthorizer' must be defined if type is 'AWS_LAMBDA'.");
	assert_error(API("      Auth:\n        Type: AWS_IAM\n        UserPool: {UserPoolId: p}\n"
			 "        OpenIDConnect: {}\n"),
		     "Resource with id [G] is invalid. 'Auth' has more than one authentication configuration "
		     "defined.");
	assert_error(API("      Auth:\n        Type: AWS_IAM\n        Additional:\n          - Type: AWS_IAM\n"
			 "          - Type: AWS_IAM\n            UserPool: {UserPoolId: p}\n"
			 "            OpenIDConnect: {}\n"),
		     "Resource with id [G] is invalid. 'Auth.Additional.1' has more than one authentication "
		     "configuration defined.");
	assert_error("Resources:\n  G:\n    Type: AWS::Serverless::GraphQLApi\n    Properties:\n" IAM,
		     "Resource with id [G] is invalid. One of 'SchemaInline' or 'SchemaUri' must be set.");
	assert_error(API(IAM "      SchemaUri: s3://b/k\n"),
		     "Resource with id [G] is invalid. Both 'SchemaInline' and 'SchemaUri' cannot be defined at "
		     "the same time.");
	assert_error(API(IAM "      ApiKeys:\n        my-key: {}\n"),
		     "Resource with id [Gmy-key] is invalid. Logical ids must be alphanumeric.");
}

static void function_and_resolver_errors(void **state)
{
	(void)state;
	assert_error(API(IAM "      Functions:\n        f: {Id: x, Name: n}\n"),
		     "Resource with id [f] is invalid. 'Id' cannot be defined with other properties in Function.");
	assert_error(API(IAM "      Functions:\n        f: {DataSource: NONE, " RT "}\n"),
		     "Resource with id [f] is invalid. One of 'InlineCode' or 'CodeUri' must be set.");
	assert_error(API(IAM "      Functions:\n        f: {InlineCode: x, CodeUri: y}\n"),
		     "Resource with id [f] is invalid. Both 'InlineCode' and 'CodeUri' cannot be defined at the "
		     "same time.");
	assert_error(API(IAM "      Functions:\n        f: {InlineCode: x}\n"),
		     "Resource with id [f] is invalid. 'DataSource' must be set.");
	assert_error(API(IAM "      Functions:\n        f: {InlineCode: x, DataSource: Missing}\n"),
		     "Resource with id [f] is invalid. Either define DataSource 'Missing' in 'DataSources' or use "
		     "intrinsic function like GetAtt, ImportValue, Sub or another one to reference a DataSource "
		     "defined outside of this GraphQLApi resource.");
	assert_error(API(IAM "      Functions:\n        f: {InlineCode: x, DataSource: NONE}\n"),
		     "Resource with id [f] is invalid. 'Runtime' must be defined as a property in f.");
	assert_error(API(IAM "      Resolvers:\n        Query:\n          r: {InlineCode: x}\n"),
		     "Resource with id [r] is invalid. 'Runtime' must be defined as a property in r.");
	assert_error(API(IAM "      Resolvers:\n        Query:\n          r: {}\n"),
		     "Resource with id [r] is invalid. Resolver 'r' must have Pipeline defined. Unit resolvers "
		     "are not supported. If you need a Unit resolver you can use AppSync resource.");
	assert_error(API(IAM "      Resolvers:\n        Query:\n          r: {Pipeline: [nope]}\n"),
		     "Resource with id [r] is invalid. Function 'nope' does not exist.");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(minimal_api_gets_schema_tags_and_cloudwatch_role),
		cmocka_unit_test(logging_false_or_given_role_adds_no_role),
		cmocka_unit_test(auth_providers_and_lambda_authorizer_permissions),
		cmocka_unit_test(keys_cache_and_domain),
		cmocka_unit_test(dynamodb_source_gets_role_and_read_policy),
		cmocka_unit_test(functions_resolvers_and_none_data_source),
		cmocka_unit_test(property_checks_in_declaration_order),
		cmocka_unit_test(model_errors_name_the_first_location),
		cmocka_unit_test(auth_and_schema_errors),
		cmocka_unit_test(function_and_resolver_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
