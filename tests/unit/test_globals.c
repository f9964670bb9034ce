/* test_globals.c — the Globals section: validation messages, merge order and precedence,
 * IgnoreGlobals, Properties written back, the OpenApiVersion fix. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "xf_fixture.h"

static void assert_applies_to(const char *template_yaml, const char *expected_tpl)
{
	xf x;
	fx_init(&x, template_yaml);
	assert_int_equal(xf_globals_apply(&x), XF_OK);
	fx_assert_json(x.tpl, expected_tpl);
	fx_free(&x);
}

static void assert_globals_error(const char *template_yaml, const char *expected)
{
	xf x;
	fx_init(&x, template_yaml);
	assert_int_equal(xf_globals_apply(&x), XF_FAIL);
	fx_assert_error(&x, expected);
	fx_free(&x);
}

static void merges_maps_lists_and_primitives(void **state)
{
	(void)state;
	assert_applies_to("Globals:\n"
			  "  Function:\n"
			  "    Runtime: python3.9\n"
			  "    Environment:\n"
			  "      Variables: {A: g, B: g}\n"
			  "    Layers: [g1]\n"
			  "    Tags: {T: g}\n"
			  "    CodeUri: s3://x/y\n"
			  "    MemorySize: 128\n"
			  "Resources:\n"
			  "  F:\n"
			  "    Type: AWS::Serverless::Function\n"
			  "    Properties:\n"
			  "      Handler: h\n"
			  "      Runtime: python3.12\n"
			  "      Environment:\n"
			  "        Variables: {B: l, C: l}\n"
			  "      Layers: [l1]\n"
			  "      CodeUri: {Bucket: b, Key: k}\n"
			  "      MemorySize: null\n",
			  "{\"Resources\":{\"F\":{\"Type\":\"AWS::Serverless::Function\",\"Properties\":{"
			  "\"Runtime\":\"python3.12\",\"Environment\":{\"Variables\":{\"A\":\"g\",\"B\":\"l\","
			  "\"C\":\"l\"}},\"Layers\":[\"g1\",\"l1\"],\"Tags\":{\"T\":\"g\"},"
			  "\"CodeUri\":{\"Bucket\":\"b\",\"Key\":\"k\"},\"MemorySize\":null,\"Handler\":\"h\"}}}}");
}

static void intrinsics_are_primitives(void **state)
{
	(void)state;
	assert_applies_to("Globals:\n"
			  "  Function:\n"
			  "    Runtime: python3.9\n"
			  "    Environment:\n"
			  "      Variables: {A: g}\n"
			  "    Layers: [g1]\n"
			  "    Tags: {T: g}\n"
			  "Resources:\n"
			  "  G:\n"
			  "    Type: AWS::Serverless::Function\n"
			  "    Properties:\n"
			  "      Environment: {\"Fn::If\": [C, {Variables: {X: 1}}, !Ref AWS::NoValue]}\n"
			  "      Layers: !Ref L\n"
			  "      Tags: {Extra: e}\n",
			  "{\"Resources\":{\"G\":{\"Type\":\"AWS::Serverless::Function\",\"Properties\":{"
			  "\"Runtime\":\"python3.9\",\"Environment\":{\"Fn::If\":[\"C\",{\"Variables\":{\"X\":1}},"
			  "{\"Ref\":\"AWS::NoValue\"}]},\"Layers\":{\"Ref\":\"L\"},\"Tags\":{\"T\":\"g\","
			  "\"Extra\":\"e\"}}}}}");
}

static void global_intrinsic_loses_to_local_map(void **state)
{
	(void)state;
	assert_applies_to("Globals:\n"
			  "  Function:\n"
			  "    Environment: !Ref Env\n"
			  "Resources:\n"
			  "  F:\n"
			  "    Type: AWS::Serverless::Function\n"
			  "    Properties:\n"
			  "      Environment: {Variables: {A: 1}}\n",
			  "{\"Resources\":{\"F\":{\"Type\":\"AWS::Serverless::Function\",\"Properties\":{"
			  "\"Environment\":{\"Variables\":{\"A\":1}}}}}}");
}

static void every_sam_resource_gets_properties(void **state)
{
	(void)state;
	assert_applies_to("Resources:\n"
			  "  NoProps:\n"
			  "    Type: AWS::Serverless::SimpleTable\n"
			  "  App:\n"
			  "    Type: AWS::Serverless::Application\n"
			  "  Conn:\n"
			  "    Type: AWS::Serverless::Connector\n"
			  "  Gql:\n"
			  "    Type: AWS::Serverless::GraphQLApi\n"
			  "  Topic:\n"
			  "    Type: AWS::SNS::Topic\n",
			  "{\"Resources\":{\"NoProps\":{\"Type\":\"AWS::Serverless::SimpleTable\",\"Properties\":{}},"
			  "\"App\":{\"Type\":\"AWS::Serverless::Application\",\"Properties\":{}},"
			  "\"Conn\":{\"Type\":\"AWS::Serverless::Connector\"},"
			  "\"Gql\":{\"Type\":\"AWS::Serverless::GraphQLApi\"},"
			  "\"Topic\":{\"Type\":\"AWS::SNS::Topic\"}}}");
}

static void globals_section_is_removed(void **state)
{
	(void)state;
	assert_applies_to("Globals:\n"
			  "  SimpleTable:\n"
			  "    SSESpecification: {SSEEnabled: true}\n"
			  "  LayerVersion:\n"
			  "    PublishLambdaVersion: true\n"
			  "Resources:\n"
			  "  T:\n"
			  "    Type: AWS::Serverless::SimpleTable\n"
			  "  L:\n"
			  "    Type: AWS::Serverless::LayerVersion\n"
			  "    Properties: {ContentUri: s3://b/k}\n",
			  "{\"Resources\":{\"T\":{\"Type\":\"AWS::Serverless::SimpleTable\",\"Properties\":{"
			  "\"SSESpecification\":{\"SSEEnabled\":true}}},\"L\":{\"Type\":"
			  "\"AWS::Serverless::LayerVersion\",\"Properties\":{\"PublishLambdaVersion\":true,"
			  "\"ContentUri\":\"s3://b/k\"}}}}");
	assert_applies_to("Globals: {}\nResources:\n  T:\n    Type: AWS::Serverless::SimpleTable\n",
			  "{\"Resources\":{\"T\":{\"Type\":\"AWS::Serverless::SimpleTable\",\"Properties\":{}}}}");
}

#define IGNORE_TEMPLATE(attr)                                                                              \
	"Globals:\n  Function:\n    Runtime: python3.9\n    Tags: {T: g}\n    Timeout: 3\n"                 \
	"Resources:\n  F:\n    Type: AWS::Serverless::Function\n    " attr "\n    Properties:\n"            \
	"      Handler: h\n  T:\n    Type: AWS::Serverless::SimpleTable\n    " attr "\n"

static void ignore_globals_star_and_list(void **state)
{
	(void)state;
	assert_applies_to(IGNORE_TEMPLATE("IgnoreGlobals: \"*\""),
			  "{\"Resources\":{\"F\":{\"Type\":\"AWS::Serverless::Function\",\"IgnoreGlobals\":\"*\","
			  "\"Properties\":{\"Handler\":\"h\"}},\"T\":{\"Type\":\"AWS::Serverless::SimpleTable\","
			  "\"IgnoreGlobals\":\"*\",\"Properties\":{}}}}");
	assert_applies_to(IGNORE_TEMPLATE("IgnoreGlobals: [Runtime, Tags]"),
			  "{\"Resources\":{\"F\":{\"Type\":\"AWS::Serverless::Function\",\"IgnoreGlobals\":"
			  "[\"Runtime\",\"Tags\"],\"Properties\":{\"Timeout\":3,\"Handler\":\"h\"}},\"T\":{\"Type\":"
			  "\"AWS::Serverless::SimpleTable\",\"IgnoreGlobals\":[\"Runtime\",\"Tags\"],"
			  "\"Properties\":{}}}}");
	assert_applies_to(IGNORE_TEMPLATE("IgnoreGlobals: []"),
			  "{\"Resources\":{\"F\":{\"Type\":\"AWS::Serverless::Function\",\"IgnoreGlobals\":[],"
			  "\"Properties\":{\"Runtime\":\"python3.9\",\"Tags\":{\"T\":\"g\"},\"Timeout\":3,"
			  "\"Handler\":\"h\"}},\"T\":{\"Type\":\"AWS::Serverless::SimpleTable\",\"IgnoreGlobals\":[],"
			  "\"Properties\":{}}}}");
}

static void ignore_globals_errors(void **state)
{
	(void)state;
	assert_globals_error(IGNORE_TEMPLATE("IgnoreGlobals: [Runtime, Nope]"),
			     "Resource with id [F] is invalid. Resource F has invalid resource attribute "
			     "'IgnoreGlobals' on item 'Nope'.");
	assert_globals_error(IGNORE_TEMPLATE("IgnoreGlobals: [Runtime, 5]"),
			     "Resource with id [F] is invalid. Resource F has invalid resource attribute "
			     "'IgnoreGlobals' on item '5'.");
	assert_globals_error(IGNORE_TEMPLATE("IgnoreGlobals: [Runtime, Runtime]"),
			     "Resource with id [F] is invalid. Resource F has invalid resource attribute "
			     "'IgnoreGlobals' on item 'Runtime'.");
	assert_globals_error(IGNORE_TEMPLATE("IgnoreGlobals: Runtime"),
			     "Resource with id [F] is invalid. Resource F has invalid resource attribute "
			     "'IgnoreGlobals'.");
	assert_globals_error(IGNORE_TEMPLATE("IgnoreGlobals: true"),
			     "Resource with id [F] is invalid. Resource F has invalid resource attribute "
			     "'IgnoreGlobals'.");
}

static void ignore_globals_unchecked_without_section(void **state)
{
	(void)state;
	assert_applies_to("Resources:\n  T:\n    Type: AWS::Serverless::SimpleTable\n    IgnoreGlobals: [X]\n",
			  "{\"Resources\":{\"T\":{\"Type\":\"AWS::Serverless::SimpleTable\",\"IgnoreGlobals\":"
			  "[\"X\"],\"Properties\":{}}}}");
}

#define TABLE_WITH(globals) globals "\nResources:\n  T:\n    Type: AWS::Serverless::SimpleTable\n"

static void section_errors(void **state)
{
	(void)state;
	assert_globals_error(TABLE_WITH("Globals: [a]"), "'Globals' section is invalid. It must be a non-empty dictionary");
	assert_globals_error(TABLE_WITH("Globals: null"), "'Globals' section is invalid. It must be a non-empty dictionary");
	assert_globals_error(TABLE_WITH("Globals: {Foo: {}}"),
			     "'Globals' section is invalid. 'Foo' is not supported. Must be one of the following "
			     "values - ['Api', 'CapacityProvider', 'Function', 'HttpApi', 'LayerVersion', "
			     "'SimpleTable', 'StateMachine', 'WebSocketApi']");
	assert_globals_error(TABLE_WITH("Globals: {Application: {}}"),
			     "'Globals' section is invalid. 'Application' is not supported. Must be one of the "
			     "following values - ['Api', 'CapacityProvider', 'Function', 'HttpApi', "
			     "'LayerVersion', 'SimpleTable', 'StateMachine', 'WebSocketApi']");
	assert_globals_error(TABLE_WITH("Globals: {Function: [a]}"),
			     "'Globals' section is invalid. Value of ${section} must be a dictionary");
}

static void property_errors_list_declaration_order(void **state)
{
	(void)state;
	assert_globals_error(TABLE_WITH("Globals: {Api: {StageName: x}}"),
			     "'Globals' section is invalid. 'StageName' is not a supported property of 'Api'. "
			     "Must be one of the following values - ['Auth', 'Name', 'DefinitionUri', "
			     "'CacheClusterEnabled', 'CacheClusterSize', 'MergeDefinitions', 'Variables', "
			     "'EndpointConfiguration', 'MethodSettings', 'BinaryMediaTypes', "
			     "'MinimumCompressionSize', 'Cors', 'GatewayResponses', 'AccessLogSetting', "
			     "'CanarySetting', 'TracingEnabled', 'OpenApiVersion', 'Domain', 'AlwaysDeploy', "
			     "'PropagateTags', 'SecurityPolicy', 'EndpointAccessMode']");
	assert_globals_error(TABLE_WITH("Globals: {SimpleTable: {SSESpecification: {}}, CapacityProvider: "
					"{CapacityProviderName: x}}"),
			     "'Globals' section is invalid. 'CapacityProviderName' is not a supported property of "
			     "'CapacityProvider'. Must be one of the following values - ['VpcConfig', "
			     "'OperatorRole', 'Tags', 'InstanceRequirements', 'ScalingConfig', 'KmsKeyArn', "
			     "'PropagateTags']");
}

static void openapi_version_fix(void **state)
{
	(void)state;
	assert_applies_to("Globals:\n"
			  "  Api:\n"
			  "    OpenApiVersion: 3.1\n"
			  "Resources:\n"
			  "  A:\n"
			  "    Type: AWS::Serverless::Api\n"
			  "    Properties:\n"
			  "      __MANAGE_SWAGGER: true\n"
			  "      DefinitionBody: {swagger: \"2.0\", info: {title: t}, paths: {}}\n"
			  "  B:\n"
			  "    Type: AWS::Serverless::Api\n"
			  "    Properties:\n"
			  "      OpenApiVersion: 3.0.2\n"
			  "      __MANAGE_SWAGGER: true\n"
			  "      DefinitionBody: {swagger: \"2.0\", paths: {}}\n"
			  "  C:\n"
			  "    Type: AWS::Serverless::Api\n"
			  "    Properties:\n"
			  "      OpenApiVersion: \"2.0\"\n"
			  "      __MANAGE_SWAGGER: true\n"
			  "      DefinitionBody: {swagger: \"2.0\"}\n"
			  "  D:\n"
			  "    Type: AWS::Serverless::Api\n"
			  "    Properties:\n"
			  "      DefinitionBody: {swagger: \"2.0\"}\n"
			  "  E:\n"
			  "    Type: AWS::Serverless::Api\n"
			  "    Properties:\n"
			  "      OpenApiVersion: 3.25\n"
			  "      __MANAGE_SWAGGER: true\n"
			  "      DefinitionBody: {swagger: \"2.0\"}\n",
			  "{\"Resources\":{\"A\":{\"Type\":\"AWS::Serverless::Api\",\"Properties\":{"
			  "\"OpenApiVersion\":\"3.1\",\"__MANAGE_SWAGGER\":true,\"DefinitionBody\":{\"info\":"
			  "{\"title\":\"t\"},\"paths\":{},\"openapi\":\"3.1\"}}},\"B\":{\"Type\":"
			  "\"AWS::Serverless::Api\",\"Properties\":{\"OpenApiVersion\":\"3.0.2\","
			  "\"__MANAGE_SWAGGER\":true,\"DefinitionBody\":{\"paths\":{},\"openapi\":\"3.0.2\"}}},"
			  "\"C\":{\"Type\":\"AWS::Serverless::Api\",\"Properties\":{\"OpenApiVersion\":\"2.0\","
			  "\"__MANAGE_SWAGGER\":true,\"DefinitionBody\":{\"swagger\":\"2.0\"}}},\"D\":{\"Type\":"
			  "\"AWS::Serverless::Api\",\"Properties\":{\"OpenApiVersion\":3.1,\"DefinitionBody\":"
			  "{\"swagger\":\"2.0\"}}},\"E\":{\"Type\":\"AWS::Serverless::Api\",\"Properties\":{"
			  "\"OpenApiVersion\":3.25,\"__MANAGE_SWAGGER\":true,\"DefinitionBody\":{\"swagger\":"
			  "\"2.0\"}}}}}");
}

/* Each resource merges into a copy of the globals of its own: what one adds is not seen by the
 * next. The resource's own values are moved, not copied: they keep their source positions,
 * and values from Globals carry the position they have there. A Properties value that is not
 * a map stays as written. */
static void each_resource_merges_its_own_copy(void **state)
{
	(void)state;
	static const char yaml[] = "Globals:\n"                                  /* 1 */
				   "  Function:\n"                                 /* 2 */
				   "    Environment: {Variables: {A: g}}\n"         /* 3 */
				   "    Layers: [g]\n"                              /* 4 */
				   "Resources:\n"                                  /* 5 */
				   "  F1:\n"                                       /* 6 */
				   "    Type: AWS::Serverless::Function\n"          /* 7 */
				   "    Properties:\n"                             /* 8 */
				   "      Environment: {Variables: {X: l}}\n"       /* 9 */
				   "      Layers: [a]\n"                           /* 10 */
				   "  F2:\n"                                       /* 11 */
				   "    Type: AWS::Serverless::Function\n"          /* 12 */
				   "  F3:\n"                                       /* 13 */
				   "    Type: AWS::Serverless::Function\n"          /* 14 */
				   "    Properties: not-a-map\n";                   /* 15 */
	xf x;
	fx_init(&x, yaml);
	assert_int_equal(xf_globals_apply(&x), XF_OK);
	fx_assert_json(x.resources,
		       "{\"F1\":{\"Type\":\"AWS::Serverless::Function\",\"Properties\":{\"Environment\":"
		       "{\"Variables\":{\"A\":\"g\",\"X\":\"l\"}},\"Layers\":[\"g\",\"a\"]}},"
		       "\"F2\":{\"Type\":\"AWS::Serverless::Function\",\"Properties\":{\"Environment\":"
		       "{\"Variables\":{\"A\":\"g\"}},\"Layers\":[\"g\"]}},"
		       "\"F3\":{\"Type\":\"AWS::Serverless::Function\",\"Properties\":\"not-a-map\"}}");
	const cJSON *vars = xf_get(xf_get(xf_get(xf_get(x.resources, "F1"), "Properties"), "Environment"),
				   "Variables");
	samc_pos pos;
	assert_true(samc_node_pos(xf_get(vars, "X"), &pos));
	assert_int_equal(pos.line, 9);
	assert_true(samc_node_pos(xf_get(vars, "A"), &pos));
	assert_int_equal(pos.line, 3);
	const cJSON *layers = xf_get(xf_get(xf_get(x.resources, "F1"), "Properties"), "Layers");
	assert_true(samc_node_pos(layers->child->next, &pos));
	assert_int_equal(pos.line, 10);
	fx_free(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(merges_maps_lists_and_primitives),
		cmocka_unit_test(intrinsics_are_primitives),
		cmocka_unit_test(global_intrinsic_loses_to_local_map),
		cmocka_unit_test(every_sam_resource_gets_properties),
		cmocka_unit_test(globals_section_is_removed),
		cmocka_unit_test(ignore_globals_star_and_list),
		cmocka_unit_test(ignore_globals_errors),
		cmocka_unit_test(ignore_globals_unchecked_without_section),
		cmocka_unit_test(section_errors),
		cmocka_unit_test(property_errors_list_declaration_order),
		cmocka_unit_test(openapi_version_fix),
		cmocka_unit_test(each_resource_merges_its_own_copy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
