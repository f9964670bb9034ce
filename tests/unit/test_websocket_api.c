/* test_websocket_api.c — AWS::Serverless::WebSocketApi: the Api, route/integration/permission
 * naming, stages, the $connect authorizer, custom domains, tag propagation and every error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "xf_fixture.h"

#define WS(props)                                                                                      \
	"Resources:\n  Chat:\n    Type: AWS::Serverless::WebSocketApi\n    Properties:\n"                \
	"      RouteSelectionExpression: $request.body.op\n" props

#define CONNECT_ONLY "      Routes:\n        $connect: {FunctionArn: arn:connect}\n"

static void expand_ok(xf *x, const char *template_yaml)
{
	fx_init(x, template_yaml);
	assert_int_equal(fx_expand(x, xf_expand_websocket_api, "Chat"), XF_OK);
}

static void assert_resource(xf *x, const char *id, const char *expected)
{
	const cJSON *r = xf_get(x->resources, id);
	assert_non_null(r);
	fx_assert_json(r, expected);
}

static void assert_ws_error(const char *template_yaml, const char *expected)
{
	xf x;
	fx_init(&x, template_yaml);
	assert_int_equal(fx_expand(&x, xf_expand_websocket_api, "Chat"), XF_FAIL);
	assert_null(xf_get(x.resources, "Chat"));
	fx_assert_error(&x, expected);
	fx_free(&x);
}

static void minimal_api_gets_default_stage_and_one_route_set(void **state)
{
	(void)state;
	xf x;
	expand_ok(&x, WS(CONNECT_ONLY));
	assert_resource(&x, "Chat",
			"{\"Type\":\"AWS::ApiGatewayV2::Api\",\"Properties\":{\"Name\":\"Chat\",\"ProtocolType\":"
			"\"WEBSOCKET\",\"RouteSelectionExpression\":\"$request.body.op\",\"Tags\":{"
			"\"websocketapi:createdBy\":\"SAM\"}}}");
	assert_resource(&x, "ChatConnectRoute",
			"{\"Type\":\"AWS::ApiGatewayV2::Route\",\"Properties\":{\"ApiId\":{\"Ref\":\"Chat\"},"
			"\"RouteKey\":\"$connect\",\"Target\":{\"Fn::Join\":[\"/\",[\"integrations\",{\"Ref\":"
			"\"ChatConnectIntegration\"}]]}}}");
	assert_resource(&x, "ChatConnectIntegration",
			"{\"Type\":\"AWS::ApiGatewayV2::Integration\",\"Properties\":{\"ApiId\":{\"Ref\":\"Chat\"},"
			"\"IntegrationType\":\"AWS_PROXY\",\"IntegrationUri\":{\"Fn::Sub\":[\"arn:${AWS::Partition}:"
			"apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${FunctionArn}/invocations\","
			"{\"FunctionArn\":\"arn:connect\"}]}}}");
	assert_resource(&x, "ChatConnectPermission",
			"{\"Type\":\"AWS::Lambda::Permission\",\"Properties\":{\"Action\":\"lambda:InvokeFunction\","
			"\"FunctionName\":\"arn:connect\",\"Principal\":\"apigateway.amazonaws.com\",\"SourceArn\":{"
			"\"Fn::Sub\":\"arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:"
			"${Chat.ApiId}/default/$connect\"}}}");
	assert_resource(&x, "ChatDefaultStage",
			"{\"Type\":\"AWS::ApiGatewayV2::Stage\",\"Properties\":{\"ApiId\":{\"Ref\":\"Chat\"},"
			"\"StageName\":\"default\",\"Tags\":{\"websocketapi:createdBy\":\"SAM\"},\"AutoDeploy\":true}}");
	assert_int_equal(cJSON_GetArraySize(x.resources), 5);
	fx_free(&x);
}

static void route_keys_are_capitalized_python_style(void **state)
{
	(void)state;
	xf x;
	expand_ok(&x, WS("      Routes:\n"
			 "        $disconnect: {FunctionArn: d}\n"
			 "        sendMsg: {FunctionArn: s, IntegrationTimeout: 900}\n"
			 "        $default: {FunctionArn: f}\n"));
	assert_non_null(xf_get(x.resources, "ChatDisconnectRoute"));
	assert_non_null(xf_get(x.resources, "ChatDefaultPermission"));
	const cJSON *integration = xf_get(x.resources, "ChatSendmsgIntegration");
	fx_assert_json(xf_get(xf_get(integration, "Properties"), "TimeoutInMillis"), "900");
	fx_assert_json(xf_get(xf_get(xf_get(x.resources, "ChatSendmsgRoute"), "Properties"), "RouteKey"),
		       "\"sendMsg\"");
	fx_free(&x);
}

static void api_properties_and_dependencies(void **state)
{
	(void)state;
	xf x;
	expand_ok(&x, "Resources:\n  Chat:\n    Type: AWS::Serverless::WebSocketApi\n"
		      "    DependsOn: Table\n    Condition: Never\n    Properties:\n"
		      "      Name: chat-api\n      Description: talk\n      ApiKeySelectionExpression: $request.header.x\n"
		      "      DisableExecuteApiEndpoint: false\n      DisableSchemaValidation: true\n"
		      "      IpAddressType: dualstack\n      FailOnWarnings: true\n"
		      "      RouteSelectionExpression: $request.body.op\n" CONNECT_ONLY);
	assert_resource(&x, "Chat",
			"{\"Type\":\"AWS::ApiGatewayV2::Api\",\"DependsOn\":\"Table\",\"Properties\":{"
			"\"ApiKeySelectionExpression\":\"$request.header.x\",\"Description\":\"talk\","
			"\"DisableExecuteApiEndpoint\":false,\"DisableSchemaValidation\":true,\"IpAddressType\":"
			"\"dualstack\",\"Name\":\"chat-api\",\"ProtocolType\":\"WEBSOCKET\",\"RouteSelectionExpression\":"
			"\"$request.body.op\",\"Tags\":{\"websocketapi:createdBy\":\"SAM\"}}}");
	/* no Condition reaches the children either */
	assert_null(xf_get(xf_get(x.resources, "ChatDefaultStage"), "Condition"));
	fx_free(&x);
}

static void named_and_intrinsic_stages(void **state)
{
	(void)state;
	xf x;
	expand_ok(&x, WS("      StageName: Prod\n      StageVariables: {v: 1}\n"
			 "      RouteSettings: {$connect: {ThrottlingBurstLimit: 5}}\n" CONNECT_ONLY));
	assert_resource(&x, "ChatProdStage",
			"{\"Type\":\"AWS::ApiGatewayV2::Stage\",\"DependsOn\":[\"ChatConnectRoute\"],\"Properties\":{"
			"\"RouteSettings\":{\"$connect\":{\"ThrottlingBurstLimit\":5}},\"ApiId\":{\"Ref\":\"Chat\"},"
			"\"StageName\":\"Prod\",\"Tags\":{\"websocketapi:createdBy\":\"SAM\"},\"StageVariables\":{"
			"\"v\":1},\"AutoDeploy\":true}}");
	fx_free(&x);

	expand_ok(&x, WS("      StageName: !Ref Stage\n" CONNECT_ONLY));
	assert_non_null(xf_get(x.resources, "ChatStage"));
	fx_assert_json(xf_get(xf_get(xf_get(x.resources, "ChatConnectPermission"), "Properties"), "SourceArn"),
		       "{\"Fn::Sub\":[\"arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:"
		       "${Chat.ApiId}/${__StageName__}/$connect\",{\"__StageName__\":{\"Ref\":\"Stage\"}}]}");
	fx_free(&x);
}

static void custom_authorizer_and_its_permission(void **state)
{
	(void)state;
	xf x;
	expand_ok(&x, WS("      Auth: {AuthType: CUSTOM, AuthArn: arn:auth,\n"
			 "             IdentitySource: [route.request.header.A]}\n"
			 "      Routes:\n        $connect: {FunctionArn: c}\n        $default: {FunctionArn: d}\n"));
	assert_resource(&x, "ChatConnectAuthorizer",
			"{\"Type\":\"AWS::ApiGatewayV2::Authorizer\",\"Properties\":{\"ApiId\":{\"Ref\":\"Chat\"},"
			"\"AuthorizerType\":\"REQUEST\",\"AuthorizerUri\":{\"Fn::Sub\":[\"arn:${AWS::Partition}:"
			"apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${AuthArn}/invocations\",{"
			"\"AuthArn\":\"arn:auth\"}]},\"IdentitySource\":[\"route.request.header.A\"],\"Name\":"
			"\"ChatConnectAuthorizer\"}}");
	assert_resource(&x, "ChatAuthorizerPermission",
			"{\"Type\":\"AWS::Lambda::Permission\",\"Properties\":{\"Action\":\"lambda:InvokeFunction\","
			"\"FunctionName\":\"arn:auth\",\"Principal\":\"apigateway.amazonaws.com\",\"SourceArn\":{"
			"\"Fn::Sub\":[\"arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:"
			"${__ApiId__}/authorizers/*\",{\"__ApiId__\":{\"Ref\":\"Chat\"}}]}}}");
	const cJSON *connect = xf_get(xf_get(x.resources, "ChatConnectRoute"), "Properties");
	fx_assert_json(xf_get(connect, "AuthorizationType"), "\"CUSTOM\"");
	fx_assert_json(xf_get(connect, "AuthorizerId"), "{\"Ref\":\"ChatConnectAuthorizer\"}");
	assert_null(xf_get(xf_get(xf_get(x.resources, "ChatDefaultRoute"), "Properties"), "AuthorizationType"));
	fx_free(&x);
}

static void invoke_role_and_other_auth_types(void **state)
{
	(void)state;
	xf x;
	expand_ok(&x, WS("      Auth: {AuthType: CUSTOM, AuthArn: a, InvokeRole: role, Name: gate}\n" CONNECT_ONLY));
	const cJSON *auth = xf_get(xf_get(x.resources, "ChatConnectAuthorizer"), "Properties");
	fx_assert_json(xf_get(auth, "AuthorizerCredentialsArn"), "\"role\"");
	fx_assert_json(xf_get(auth, "Name"), "\"gate\"");
	assert_null(xf_get(x.resources, "ChatAuthorizerPermission"));
	fx_free(&x);

	expand_ok(&x, WS("      Auth: {AuthType: AWS_IAM}\n" CONNECT_ONLY));
	fx_assert_json(xf_get(xf_get(xf_get(x.resources, "ChatConnectRoute"), "Properties"), "AuthorizationType"),
		       "\"AWS_IAM\"");
	fx_free(&x);

	/* the checks upper-case AuthType, the route does not: "custom" means no authorizer */
	expand_ok(&x, WS("      Auth: {AuthType: custom, AuthArn: a}\n" CONNECT_ONLY));
	fx_assert_json(xf_get(xf_get(xf_get(x.resources, "ChatConnectRoute"), "Properties"), "AuthorizationType"),
		       "\"NONE\"");
	assert_null(xf_get(x.resources, "ChatConnectAuthorizer"));
	fx_free(&x);
}

static void custom_domain_with_paths_and_route53(void **state)
{
	(void)state;
	xf x;
	expand_ok(&x, WS("      Domain:\n        DomainName: ws.example.com\n        CertificateArn: cert\n"
			 "        SecurityPolicy: TLS_1_2\n        BasePath: [/v1/, /a-b_c]\n"
			 "        Route53: {HostedZoneId: Z1, IpV6: true, SetIdentifier: one}\n" CONNECT_ONLY));
	char *domain_id = xf_logical_id_str("ApiGatewayDomainNameV2", "ws.example.com");
	char *group_id = xf_logical_id_str("RecordSetGroup", "Z1");
	const cJSON *domain = xf_get(xf_get(x.resources, domain_id), "Properties");
	fx_assert_json(xf_get(domain, "DomainNameConfigurations"),
		       "[{\"CertificateArn\":\"cert\",\"EndpointType\":\"REGIONAL\",\"SecurityPolicy\":\"TLS_1_2\"}]");
	const cJSON *v1 = xf_get(xf_get(x.resources, "Chatv1ApiMapping"), "Properties");
	fx_assert_json(xf_get(v1, "ApiMappingKey"), "\"v1\"");
	fx_assert_json(xf_get(v1, "Stage"), "{\"Ref\":\"Chat.Stage\"}");
	assert_non_null(xf_get(x.resources, "ChatabcApiMapping"));
	const cJSON *sets = xf_get(xf_get(xf_get(x.resources, group_id), "Properties"), "RecordSets");
	assert_int_equal(cJSON_GetArraySize(sets), 2);
	fx_assert_json(xf_get(cJSON_GetArrayItem(sets, 1), "Type"), "\"AAAA\"");
	fx_assert_json(xf_get(cJSON_GetArrayItem(sets, 0), "SetIdentifier"), "\"one\"");
	free(domain_id);
	free(group_id);
	fx_free(&x);
}

static void propagated_tags_reach_stage_and_domain(void **state)
{
	(void)state;
	xf x;
	expand_ok(&x, WS("      PropagateTags: true\n      Tags: {team: chat}\n"
			 "      Domain: {DomainName: d.example.com, CertificateArn: c}\n" CONNECT_ONLY));
	const char *tags = "{\"team\":\"chat\",\"websocketapi:createdBy\":\"SAM\"}";
	char *domain_id = xf_logical_id_str("ApiGatewayDomainNameV2", "d.example.com");
	fx_assert_json(xf_get(xf_get(xf_get(x.resources, "Chat"), "Properties"), "Tags"), tags);
	fx_assert_json(xf_get(xf_get(xf_get(x.resources, "ChatDefaultStage"), "Properties"), "Tags"), tags);
	fx_assert_json(xf_get(xf_get(xf_get(x.resources, domain_id), "Properties"), "Tags"), tags);
	assert_non_null(xf_get(x.resources, "ChatApiMapping"));
	free(domain_id);
	fx_free(&x);
}

static void validation_errors(void **state)
{
	(void)state;
	assert_ws_error(WS("      Routes: {}\n"),
			"Resource with id [Chat] is invalid. WebSocket API must have at least one route.");
	assert_ws_error("Resources:\n  Chat:\n    Type: AWS::Serverless::WebSocketApi\n"
			"    Properties:\n" CONNECT_ONLY,
			"Resource with id [Chat] is invalid. Missing required property 'RouteSelectionExpression'.");
	assert_ws_error(WS("      Tags: [a]\n      Routes: x\n"),
			"Resource with id [Chat] is invalid. Property 'Routes' should be a map.");
	assert_ws_error(WS("      PropagateTags: yes please\n" CONNECT_ONLY),
			"Resource with id [Chat] is invalid. Type of property 'PropagateTags' is invalid.");
	assert_ws_error(WS("      Stage: Prod\n" CONNECT_ONLY),
			"Resource with id [Chat] is invalid. property Stage not defined for resource of type "
			"AWS::Serverless::WebSocketApi");
	assert_ws_error(WS("      IpAddressType: ipv6\n" CONNECT_ONLY),
			"Resource with id [Chat] is invalid. IpAddressType must be 'ipv4' or 'dualstack'.");
	assert_ws_error(WS("      StageName: $default\n" CONNECT_ONLY),
			"Resource with id [Chat] is invalid. Stages cannot be named $default for WebSocket APIs.");
	assert_ws_error(WS("      StageName: v1.0\n" CONNECT_ONLY),
			"Resource with id [Chatv1.0Stage] is invalid. Logical ids must be alphanumeric.");
	assert_ws_error(WS("      Routes: {send-msg: {FunctionArn: a}}\n"),
			"Resource with id [Chat] is invalid. Route key 'send-msg' must be alphanumeric. Only "
			"$connect, $disconnect, and $default special routes are supported.");
	assert_ws_error(WS("      Routes: {$connect: {IntegrationTimeout: 5}}\n"),
			"Resource with id [Chat] is invalid. Route must have associated function.");
	assert_ws_error(WS("      Routes: {msg: {FunctionArn: a, RequestParameters: {p: true}}}\n"),
			"Resource with id [Chat] is invalid. Request parameters are only supported for the "
			"$connect route in WebSocket APIs.");
}

static void auth_errors(void **state)
{
	(void)state;
	assert_ws_error(WS("      Auth: {AuthType: NONE}\n      Routes: {$default: {FunctionArn: a}}\n"),
			"Resource with id [Chat] is invalid. Authorization is only available if there is a "
			"$connect route.");
	assert_ws_error(WS("      Auth: {AuthArn: a}\n" CONNECT_ONLY),
			"Resource with id [Chat] is invalid. AuthType must be specified for additional auth "
			"configurations.");
	assert_ws_error(WS("      Auth: {AuthType: JWT}\n" CONNECT_ONLY),
			"Resource with id [Chat] is invalid. AuthType is not one of AWS_IAM, CUSTOM or NONE.");
	assert_ws_error(WS("      Auth: {AuthType: Custom}\n" CONNECT_ONLY),
			"Resource with id [Chat] is invalid. AuthArn must be specified if AuthType is CUSTOM.");
	assert_ws_error(WS("      Auth: {AuthType: aws_iam, Name: n}\n" CONNECT_ONLY),
			"Resource with id [Chat] is invalid. No additional configurations supported for AuthType "
			"AWS_IAM.");
	assert_ws_error(WS("      Auth: {AuthType: None, Name: n}\n" CONNECT_ONLY),
			"Resource with id [Chat] is invalid. No additional configurations supported for AuthType "
			"NONE.");
}

static void domain_errors(void **state)
{
	(void)state;
	assert_ws_error(WS("      Domain: {DomainName: d}\n" CONNECT_ONLY),
			"Resource with id [Chat] is invalid. Custom Domains only works if both DomainName and "
			"CertificateArn are provided.");
	assert_ws_error(WS("      Domain: {DomainName: d, CertificateArn: c,\n"
			   "               MutualTlsAuthentication: {TruststoreUri: u}}\n" CONNECT_ONLY),
			"Resource with id [Chat] is invalid. Mutual TLS domain name association is not supported "
			"for Websocket APIs.");
	assert_ws_error(WS("      Domain: {DomainName: d, CertificateArn: c, EndpointConfiguration: EDGE}\n"
			   CONNECT_ONLY),
			"Resource with id [Chat] is invalid. EndpointConfiguration for Custom Domains must be one "
			"of ['REGIONAL'].");
	assert_ws_error(WS("      Domain: {DomainName: d, CertificateArn: c, BasePath: [1]}\n" CONNECT_ONLY),
			"Resource with id [Chat] is invalid. Basepath must be a string.");
	assert_ws_error(WS("      Domain: {DomainName: d, CertificateArn: c, BasePath: /a.b}\n" CONNECT_ONLY),
			"Resource with id [Chat] is invalid. Invalid Basepath name provided.");
	assert_ws_error(WS("      Domain: {DomainName: d, CertificateArn: c, Route53: zone}\n" CONNECT_ONLY),
			"Resource with id [Chat] is invalid. Property 'Domain.Route53' should be a map.");
	assert_ws_error(WS("      Domain: {DomainName: d, CertificateArn: c, Route53: {IpV6: true}}\n" CONNECT_ONLY),
			"Resource with id [Chat] is invalid. HostedZoneId or HostedZoneName is required to enable "
			"Route53 support on Custom Domains.");
}

static void python_failures_stop_the_transform(void **state)
{
	(void)state;
	assert_ws_error(WS("      Routes: {$connect: arn}\n"),
			"Structure of the SAM template is invalid. 'str' object has no attribute 'get'");
	assert_ws_error(WS("      Auth: {AuthType: 1}\n" CONNECT_ONLY),
			"Structure of the SAM template is invalid. 'int' object has no attribute 'upper'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(minimal_api_gets_default_stage_and_one_route_set),
		cmocka_unit_test(route_keys_are_capitalized_python_style),
		cmocka_unit_test(api_properties_and_dependencies),
		cmocka_unit_test(named_and_intrinsic_stages),
		cmocka_unit_test(custom_authorizer_and_its_permission),
		cmocka_unit_test(invoke_role_and_other_auth_types),
		cmocka_unit_test(custom_domain_with_paths_and_route53),
		cmocka_unit_test(propagated_tags_reach_stage_and_domain),
		cmocka_unit_test(validation_errors),
		cmocka_unit_test(auth_errors),
		cmocka_unit_test(domain_errors),
		cmocka_unit_test(python_failures_stop_the_transform),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
