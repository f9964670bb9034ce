/* test_swagger.c — the REST API body editor (SwaggerEditor): paths and integrations, CORS,
 * authorizers and security, resource policies, request settings, and str(body) hashing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "transform/api/swagger.h"
#include "transform/py27.h"
#include "util/buf.h"
#include "xf_fixture.h"

/* Template values arrive converted (Py27Dict, u'' strings), as in the reference's transform. */
static cJSON *tv(const char *json)
{
	cJSON *v = cJSON_Parse(json);
	assert_non_null(v);
	assert_true(py27_convert(v));
	return v;
}

static void setup_editor(xf *x, swagger_editor *ed, const cJSON *doc)
{
	memset(x, 0, sizeof(*x));
	x->region = "us-east-1";
	x->partition = "aws";
	cJSON *skeleton = doc ? NULL : swagger_gen_skeleton();
	assert_int_equal(swagger_editor_init(ed, x, doc ? doc : skeleton), XF_OK);
	cJSON_Delete(skeleton);
}

/* str(editor.swagger), malloc'd. */
static char *body_str(swagger_editor *ed)
{
	cJSON *body = swagger_swagger(ed);
	samc_buf b = SAMC_BUF_INIT;
	py27_repr(&b, body);
	cJSON_Delete(body);
	return samc_buf_detach(&b);
}

static void assert_body(swagger_editor *ed, const char *expected)
{
	char *s = body_str(ed);
	assert_string_equal(s, expected);
	free(s);
}

/* The pending error's message; clears it. */
static void assert_pending(xf *x, xf_err_kind kind, const char *message)
{
	assert_int_equal(x->pending.kind, kind);
	assert_string_equal(x->pending.message, message);
	xf_pending_clear(&x->pending);
}

/* add_lambda_integration(path, method, uri of function Fn, method_auth, api_auth, condition). */
static int add_fn(swagger_editor *ed, const char *path, const char *method, const char *method_auth,
		  const char *condition)
{
	cJSON *p = py27_ustr(path), *m = py27_ustr(method);
	cJSON *auth = method_auth ? tv(method_auth) : NULL;
	cJSON *cond = condition ? py27_ustr(condition) : NULL;
	cJSON *uri = swagger_build_apigw_integration_uri("Fn", true, "aws", NULL);
	int rc = swagger_add_lambda_integration(ed, p, m, uri, auth, NULL, cond, NULL);
	cJSON_Delete(p);
	cJSON_Delete(m);
	cJSON_Delete(auth);
	cJSON_Delete(cond);
	cJSON_Delete(uri);
	return rc;
}

static void paths_and_methods(void **state)
{
	(void)state;
	xf x;
	swagger_editor ed;
	setup_editor(&x, &ed, NULL);
	cJSON *p = py27_ustr("/a"), *get = py27_ustr("GET"), *post = py27_ustr("post");
	assert_int_equal(swagger_add_path(&ed, p, get), XF_OK);
	bool has = false;
	assert_int_equal(swagger_has_path(&ed, p, get, &has), XF_OK);
	assert_true(has);
	assert_int_equal(swagger_has_path(&ed, p, post, &has), XF_OK);
	assert_false(has);
	assert_int_equal(swagger_has_integration(&ed, p, get, &has), XF_OK);
	assert_false(has);
	cJSON *paths = swagger_iter_on_path(&ed);
	assert_int_equal(cJSON_GetArraySize(paths), 1);
	assert_string_equal(paths->child->valuestring, "/a");
	assert_true(py27_is_unicode(paths->child));
	cJSON_Delete(paths);
	assert_body(&ed, "{'info': {'version': '1.0', 'title': {'Ref': 'AWS::StackName'}}, 'paths': {u'/a': {u'get': {}}},"
		" 'swagger': '2.0'}");
	cJSON_Delete(p);
	cJSON_Delete(get);
	cJSON_Delete(post);
	swagger_editor_free(&ed);
}

static void lambda_integration_and_deployment_hash(void **state)
{
	(void)state;
	xf x;
	swagger_editor ed;
	setup_editor(&x, &ed, NULL);
	assert_int_equal(add_fn(&ed, "/a", "get", NULL, NULL), XF_OK);
	char *s = body_str(&ed);
	assert_string_equal(s, "{'info': {'version': '1.0', 'title': {'Ref': 'AWS::StackName'}}, 'paths': {u'/a': {u'get': {'x-a"
		"mazon-apigateway-integration': {'httpMethod': 'POST', 'type': 'aws_proxy', 'uri': {'Fn::Sub': u'"
		"arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations'}}, 're"
		"sponses': {}}}}, 'swagger': '2.0'}");
	/* make_auto_deployable: LogicalIdGenerator("ADeployment", str(swagger)). */
	char *id = xf_logical_id_str("ADeployment", s);
	assert_string_equal(id, "ADeployment0c6997ad9f");
	free(id);
	free(s);
	cJSON *p = py27_ustr("/a"), *m = py27_ustr("GET");
	bool has = false;
	assert_int_equal(swagger_has_integration(&ed, p, m, &has), XF_OK);
	assert_true(has);
	assert_int_equal(add_fn(&ed, "/a", "GET", NULL, NULL), XF_FAIL);
	assert_pending(&x, XF_ERR_DOCUMENT, "Lambda integration already exists on Path=/a, Method=get");
	cJSON_Delete(p);
	cJSON_Delete(m);
	swagger_editor_free(&ed);
}

static void conditional_iam_integration(void **state)
{
	(void)state;
	xf x;
	swagger_editor ed;
	setup_editor(&x, &ed, NULL);
	assert_int_equal(add_fn(&ed, "/a", "get", "{\"Authorizer\": \"AWS_IAM\", \"InvokeRole\": \"CALLER_CREDENTIALS\"}",
				"Cond"),
			 XF_OK);
	assert_body(&ed, "{'info': {'version': '1.0', 'title': {'Ref': 'AWS::StackName'}}, 'paths': {u'/a': {u'get': {'Fn:"
		":If': [u'Cond', {'x-amazon-apigateway-integration': {'httpMethod': 'POST', 'type': 'aws_proxy', "
		"'uri': {'Fn::If': [u'Cond', {'Fn::Sub': u'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-"
		"31/functions/${Fn.Arn}/invocations'}, {'Ref': 'AWS::NoValue'}]}, 'credentials': 'arn:aws:iam::*:"
		"user/*'}, 'responses': {}}, {'Ref': 'AWS::NoValue'}]}}}, 'swagger': '2.0'}");
	swagger_editor_free(&ed);
}

static void state_machine_integration(void **state)
{
	(void)state;
	xf x;
	swagger_editor ed;
	setup_editor(&x, &ed, NULL);
	cJSON *p = py27_ustr("/s"), *m = py27_ustr("post");
	cJSON *uri = cJSON_Parse("{\"Fn::Sub\": \"arn:${AWS::Partition}:apigateway:${AWS::Region}:states:action/StartExecution\"}");
	cJSON *cred = cJSON_Parse("{\"Fn::GetAtt\": [\"R\", \"Arn\"]}");
	cJSON *templates = tv("{\"application/json\": \"T\"}");
	assert_int_equal(swagger_add_state_machine_integration(&ed, p, m, uri, cred, templates, NULL), XF_OK);
	assert_body(&ed, "{'info': {'version': '1.0', 'title': {'Ref': 'AWS::StackName'}}, 'paths': {u'/s': {u'post': {'x-"
		"amazon-apigateway-integration': {'responses': {'200': {'statusCode': '200'}, '400': {'statusCode"
		"': '400'}}, 'uri': {'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}:states:action/St"
		"artExecution'}, 'httpMethod': 'POST', 'requestTemplates': {u'application/json': u'T'}, 'credenti"
		"als': {'Fn::GetAtt': ['R', 'Arn']}, 'type': 'aws'}, 'responses': {'200': {'description': 'OK'}, "
		"'400': {'description': 'Bad Request'}}}}}, 'swagger': '2.0'}");
	cJSON_Delete(p);
	cJSON_Delete(m);
	cJSON_Delete(uri);
	cJSON_Delete(cred);
	cJSON_Delete(templates);
	swagger_editor_free(&ed);
}

static void cors_options_method(void **state)
{
	(void)state;
	xf x;
	swagger_editor ed;
	setup_editor(&x, &ed, NULL);
	assert_int_equal(add_fn(&ed, "/a", "get", NULL, NULL), XF_OK);
	assert_int_equal(add_fn(&ed, "/a", "post", NULL, NULL), XF_OK);
	cJSON *p = py27_ustr("/a"), *origin = py27_ustr("'*'"), *headers = py27_ustr("'X-Key'");
	cJSON *age = cJSON_CreateNumber(600), *creds = cJSON_CreateTrue();
	assert_int_equal(swagger_add_cors(&ed, p, origin, headers, NULL, age, creds), XF_OK);
	assert_body(&ed, "{'info': {'version': '1.0', 'title': {'Ref': 'AWS::StackName'}}, 'paths': {u'/a': {u'post': {'x-"
		"amazon-apigateway-integration': {'httpMethod': 'POST', 'type': 'aws_proxy', 'uri': {'Fn::Sub': u"
		"'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations'}}, 'r"
		"esponses': {}}, 'options': {'x-amazon-apigateway-integration': {'type': 'mock', 'requestTemplate"
		"s': {'application/json': '{\\n  \"statusCode\" : 200\\n}\\n'}, 'responses': {'default': {'status"
		"Code': '200', 'responseTemplates': {'application/json': '{}\\n'}, 'responseParameters': {'method"
		".response.header.Access-Control-Allow-Headers': u\"'X-Key'\", 'method.response.header.Access-Con"
		"trol-Allow-Origin': u\"'*'\", 'method.response.header.Access-Control-Max-Age': 600, 'method.resp"
		"onse.header.Access-Control-Allow-Methods': \"'GET,OPTIONS,POST'\", 'method.response.header.Acces"
		"s-Control-Allow-Credentials': \"'true'\"}}}}, 'consumes': ['application/json'], 'summary': 'CORS"
		" support', 'responses': {'200': {'headers': {'Access-Control-Allow-Origin': {'type': 'string'}, "
		"'Access-Control-Allow-Headers': {'type': 'string'}, 'Access-Control-Max-Age': {'type': 'integer'"
		"}, 'Access-Control-Allow-Methods': {'type': 'string'}, 'Access-Control-Allow-Credentials': {'typ"
		"e': 'string'}}, 'description': 'Default response for CORS method'}}, 'produces': ['application/j"
		"son']}, u'get': {'x-amazon-apigateway-integration': {'httpMethod': 'POST', 'type': 'aws_proxy', "
		"'uri': {'Fn::Sub': u'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn"
		"}/invocations'}}, 'responses': {}}}}, 'swagger': '2.0'}");
	/* An OPTIONS method already there is left alone; an empty origin is refused. */
	cJSON *empty = cJSON_CreateString("");
	assert_int_equal(swagger_add_cors(&ed, p, empty, NULL, NULL, NULL, NULL), XF_OK);
	cJSON *b = py27_ustr("/b");
	assert_int_equal(swagger_add_path(&ed, b, origin), XF_OK);
	assert_int_equal(swagger_add_cors(&ed, b, empty, NULL, NULL, NULL, NULL), XF_FAIL);
	swagger_template_error_to_resource(&x, "Api");
	assert_pending(&x, XF_ERR_RESOURCE,
		       "Structure of the SAM template is invalid. Invalid input. Value for AllowedOrigins is required");
	cJSON_Delete(b);
	cJSON_Delete(empty);
	cJSON_Delete(p);
	cJSON_Delete(origin);
	cJSON_Delete(headers);
	cJSON_Delete(age);
	cJSON_Delete(creds);
	swagger_editor_free(&ed);
}

static void authorizers_and_default(void **state)
{
	(void)state;
	xf x;
	swagger_editor ed;
	setup_editor(&x, &ed, NULL);
	assert_int_equal(add_fn(&ed, "/a", "get", NULL, NULL), XF_OK);
	assert_int_equal(add_fn(&ed, "/b", "get", NULL, NULL), XF_OK);
	cJSON *b = py27_ustr("/b"), *get = py27_ustr("get");
	cJSON *none = tv("{\"Authorizer\": \"NONE\"}");
	cJSON *api = tv("{\"Auth\": {\"DefaultAuthorizer\": \"Pool\"}}");
	assert_int_equal(swagger_add_auth_to_method(&ed, b, get, none, api), XF_OK);
	cJSON *config = tv("{\"Pool\": {\"UserPoolArn\": \"arn:pool\", \"AuthorizationScopes\": [\"email\"]},"
			   " \"Req\": {\"FunctionArn\": \"arn:fn\", \"FunctionPayloadType\": \"REQUEST\","
			   " \"Identity\": {\"Headers\": [\"H\"], \"ReauthorizeEvery\": 30}}}");
	cJSON *deflt = py27_ustr("Pool");
	swagger_authorizers auths;
	assert_int_equal(swagger_get_authorizers(&x, "Api", config, deflt, &auths), XF_OK);
	assert_int_equal(auths.n, 2);
	assert_int_equal(swagger_add_authorizers_security_definitions(&ed, &auths), XF_OK);
	cJSON *paths = swagger_iter_on_path(&ed);
	for (cJSON *p = paths->child; p; p = p->next)
		assert_int_equal(swagger_set_path_default_authorizer(&ed, p, deflt, &auths, true), XF_OK);
	assert_body(&ed, "{'info': {'version': '1.0', 'title': {'Ref': 'AWS::StackName'}}, 'paths': {u'/b': {u'get': {'x-a"
		"mazon-apigateway-integration': {'httpMethod': 'POST', 'type': 'aws_proxy', 'uri': {'Fn::Sub': u'"
		"arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations'}}, 'se"
		"curity': [{u'NONE': []}], 'responses': {}}}, u'/a': {u'get': {'x-amazon-apigateway-integration':"
		" {'httpMethod': 'POST', 'type': 'aws_proxy', 'uri': {'Fn::Sub': u'arn:aws:apigateway:${AWS::Regi"
		"on}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations'}}, 'security': [{u'Pool': [u'email']"
		"}], 'responses': {}}}}, 'swagger': '2.0', 'securityDefinitions': {u'Req': {'in': 'header', 'type"
		"': 'apiKey', 'name': 'Unused', 'x-amazon-apigateway-authorizer': {'type': 'request', 'authorizer"
		"ResultTtlInSeconds': 30, 'identitySource': u'method.request.header.H', 'authorizerUri': {'Fn::Su"
		"b': ['arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${__FunctionArn__}/invo"
		"cations', {'__FunctionArn__': u'arn:fn'}]}}, 'x-amazon-apigateway-authtype': 'custom'}, u'Pool':"
		" {'in': 'header', 'type': 'apiKey', 'name': 'Authorization', 'x-amazon-apigateway-authorizer': {"
		"'providerARNs': [u'arn:pool'], 'type': 'cognito_user_pools'}, 'x-amazon-apigateway-authtype': 'c"
		"ognito_user_pools'}}}");
	swagger_authorizers_free(&auths);
	cJSON_Delete(paths);
	cJSON_Delete(b);
	cJSON_Delete(get);
	cJSON_Delete(none);
	cJSON_Delete(api);
	cJSON_Delete(config);
	cJSON_Delete(deflt);
	swagger_editor_free(&ed);
}

static void authorizer_errors(void **state)
{
	(void)state;
	xf x;
	memset(&x, 0, sizeof(x));
	x.partition = "aws";
	swagger_authorizers auths;
	cJSON *config = tv("{\"L\": {\"FunctionArn\": \"x\", \"FunctionPayloadType\": \"REQUEST\"}}");
	assert_int_equal(swagger_get_authorizers(&x, "Api", config, NULL, &auths), XF_FAIL);
	assert_pending(&x, XF_ERR_RESOURCE,
		       "L Authorizer must specify Identity with at least one of Headers, QueryStrings, "
		       "StageVariables, or Context.");
	cJSON_Delete(config);
	config = tv("{\"L\": {\"FunctionArn\": \"x\", \"FunctionPayloadType\": {\"Ref\": \"P\"}}}");
	assert_int_equal(swagger_get_authorizers(&x, "Api", config, NULL, &auths), XF_FAIL);
	assert_pending(&x, XF_ERR_RESOURCE, "L Authorizer has invalid 'FunctionPayloadType': {u'Ref': u'P'}.");
	cJSON_Delete(config);
	config = tv("{\"L\": {\"FunctionArn\": \"x\", \"AuthorizationScopes\": \"s\"}}");
	assert_int_equal(swagger_get_authorizers(&x, "Api", config, NULL, &auths), XF_FAIL);
	assert_pending(&x, XF_ERR_RESOURCE, "Property 'Authorizers.L.AuthorizationScopes' should be a list.");
	cJSON_Delete(config);
	/* Only AWS_IAM as default: a map with that one authorizer. */
	cJSON *iam = py27_ustr("AWS_IAM");
	assert_int_equal(swagger_get_authorizers(&x, "Api", NULL, iam, &auths), XF_OK);
	assert_int_equal(auths.n, 1);
	assert_true(auths.items[0].is_aws_iam_authorizer);
	swagger_authorizers_free(&auths);
	cJSON_Delete(iam);
}

static void resource_policy_statements(void **state)
{
	(void)state;
	xf x;
	swagger_editor ed;
	setup_editor(&x, &ed, NULL);
	assert_int_equal(add_fn(&ed, "/a/{id}", "get", NULL, NULL), XF_OK);
	cJSON *policy = tv("{\"AwsAccountWhitelist\": [\"111\"], \"IpRangeBlacklist\": [\"10.0.0.0/8\"],"
			   " \"SourceVpcWhitelist\": [\"vpc-1\", \"vpce-2\"]}");
	cJSON *p = py27_ustr("/a/{id}"), *stage = py27_ustr("Prod");
	assert_int_equal(swagger_add_resource_policy(&ed, policy, p, stage), XF_OK);
	assert_body(&ed, "{'info': {'version': '1.0', 'title': {'Ref': 'AWS::StackName'}}, 'paths': {u'/a/{id}': {u'get': "
		"{'x-amazon-apigateway-integration': {'httpMethod': 'POST', 'type': 'aws_proxy', 'uri': {'Fn::Sub"
		"': u'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations'}}"
		", 'responses': {}}}}, 'swagger': '2.0', 'x-amazon-apigateway-policy': {'Version': '2012-10-17', "
		"'Statement': [{'Action': 'execute-api:Invoke', 'Resource': [{'Fn::Sub': [u'execute-api:/${__Stag"
		"e__}/GET/a/*', {'__Stage__': u'Prod'}]}], 'Effect': 'Allow', 'Principal': {'AWS': [u'111']}}, {'"
		"Action': 'execute-api:Invoke', 'Resource': [{'Fn::Sub': [u'execute-api:/${__Stage__}/GET/a/*', {"
		"'__Stage__': u'Prod'}]}], 'Effect': 'Allow', 'Principal': '*'}, {'Action': 'execute-api:Invoke',"
		" 'Resource': [{'Fn::Sub': [u'execute-api:/${__Stage__}/GET/a/*', {'__Stage__': u'Prod'}]}], 'Eff"
		"ect': 'Deny', 'Condition': {'IpAddress': {'aws:SourceIp': [u'10.0.0.0/8']}}, 'Principal': '*'}, "
		"{'Action': 'execute-api:Invoke', 'Resource': [{'Fn::Sub': [u'execute-api:/${__Stage__}/GET/a/*',"
		" {'__Stage__': u'Prod'}]}], 'Effect': 'Deny', 'Condition': {'StringNotEquals': {'aws:SourceVpc':"
		" [u'vpc-1'], 'aws:SourceVpce': [u'vpce-2']}}, 'Principal': '*'}]}}");
	cJSON *bad = tv("{\"SourceVpcBlacklist\": [{\"Ref\": \"V\"}]}");
	assert_int_equal(swagger_add_resource_policy(&ed, bad, p, stage), XF_FAIL);
	assert_pending(&x, XF_ERR_DOCUMENT,
		       "SourceVpcBlacklist must be a list of strings. Use IntrinsicVpcBlacklist instead for values "
		       "that use Intrinsic Functions");
	cJSON_Delete(bad);
	cJSON_Delete(policy);
	cJSON_Delete(p);
	cJSON_Delete(stage);
	swagger_editor_free(&ed);
}

static void request_model_validator_parameters(void **state)
{
	(void)state;
	xf x;
	swagger_editor ed;
	setup_editor(&x, &ed, NULL);
	assert_int_equal(add_fn(&ed, "/a", "get", NULL, NULL), XF_OK);
	cJSON *p = py27_ustr("/a"), *m = py27_ustr("get");
	cJSON *models = tv("{\"User\": {\"type\": \"object\"}}");
	cJSON *model = tv("{\"Model\": \"User\", \"Required\": true}");
	cJSON *params = tv("[{\"Name\": \"method.request.querystring.q\", \"Required\": true, \"Caching\": true}]");
	assert_int_equal(swagger_add_models(&ed, models), XF_OK);
	assert_int_equal(swagger_add_request_model_to_method(&ed, p, m, model), XF_OK);
	assert_int_equal(swagger_add_request_validator_to_method(&ed, p, m, true, false), XF_OK);
	assert_int_equal(swagger_add_request_parameters_to_method(&ed, p, m, params), XF_OK);
	assert_body(&ed, "{'info': {'version': '1.0', 'title': {'Ref': 'AWS::StackName'}}, 'paths': {u'/a': {u'get': {'x-a"
		"mazon-apigateway-integration': {'httpMethod': 'POST', 'type': 'aws_proxy', 'uri': {'Fn::Sub': u'"
		"arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations'}, 'cac"
		"heKeyParameters': [u'method.request.querystring.q']}, 'x-amazon-apigateway-request-validator': '"
		"body-only', 'responses': {}, 'parameters': [{'required': True, 'in': 'body', 'name': u'user', 's"
		"chema': {'$ref': '#/definitions/user'}}, {'required': True, 'type': 'string', 'name': u'q', 'in'"
		": 'query'}]}}}, 'swagger': '2.0', 'x-amazon-apigateway-request-validators': {'body-only': {'vali"
		"dateRequestParameters': False, 'validateRequestBody': True}}, 'definitions': {u'user': {u'type':"
		" u'object'}}}");
	cJSON_Delete(p);
	cJSON_Delete(m);
	cJSON_Delete(models);
	cJSON_Delete(model);
	cJSON_Delete(params);
	swagger_editor_free(&ed);
}

static void openapi3_postprocess(void **state)
{
	(void)state;
	xf x;
	swagger_editor ed;
	cJSON *doc = tv("{\"openapi\": \"3.0.1\", \"paths\": {\"/a\": {\"get\": {\"x-amazon-apigateway-integration\":"
			" {\"uri\": \"x\"}}}}}");
	setup_editor(&x, &ed, doc);
	cJSON *p = py27_ustr("/a"), *origin = py27_ustr("'*'");
	cJSON *models = tv("{\"User\": {\"type\": \"object\"}}");
	assert_int_equal(swagger_add_cors(&ed, p, origin, NULL, NULL, NULL, NULL), XF_OK);
	assert_int_equal(swagger_add_models(&ed, models), XF_OK);
	cJSON *body = swagger_swagger(&ed);
	assert_int_equal(swagger_openapi_postprocess(&x, body, NULL), XF_OK);
	samc_buf b = SAMC_BUF_INIT;
	py27_repr(&b, body);
	assert_string_equal(samc_buf_cstr(&b), "{u'paths': {u'/a': {'options': {'x-amazon-apigateway-integration': {'type': 'mock', 'requestTemp"
		"lates': {'application/json': '{\\n  \"statusCode\" : 200\\n}\\n'}, 'responses': {'default': {'st"
		"atusCode': '200', 'responseTemplates': {'application/json': '{}\\n'}, 'responseParameters': {'me"
		"thod.response.header.Access-Control-Allow-Origin': u\"'*'\", 'method.response.header.Access-Cont"
		"rol-Allow-Methods': \"'GET,OPTIONS'\"}}}}, 'summary': 'CORS support', 'responses': {'200': {'hea"
		"ders': {'Access-Control-Allow-Origin': {'schema': {'type': 'string'}}, 'Access-Control-Allow-Met"
		"hods': {'schema': {'type': 'string'}}}, 'description': 'Default response for CORS method'}}}, u'"
		"get': {u'x-amazon-apigateway-integration': {u'uri': u'x'}}}}, u'openapi': u'3.0.1', 'components'"
		": {'schemas': {u'user': {u'type': u'object'}}}}");
	samc_buf_free(&b);
	cJSON_Delete(body);
	cJSON_Delete(p);
	cJSON_Delete(origin);
	cJSON_Delete(models);
	cJSON_Delete(doc);
	swagger_editor_free(&ed);
}

static void gateway_responses_and_media_types(void **state)
{
	(void)state;
	xf x;
	swagger_editor ed;
	setup_editor(&x, &ed, NULL);
	assert_int_equal(add_fn(&ed, "/a", "get", NULL, NULL), XF_OK);
	cJSON *params = tv("{\"Headers\": {\"Origin\": \"'*'\"}}");
	cJSON *status = cJSON_CreateNumber(404);
	swagger_gateway_response r = {"DEFAULT_4XX", true, "Api", params, NULL, status};
	assert_int_equal(swagger_gateway_response_validate(&x, &r), XF_OK);
	assert_int_equal(swagger_add_gateway_responses(&ed, &r, 1), XF_OK);
	cJSON *types = tv("[\"image~1png\"]");
	assert_int_equal(swagger_add_binary_media_types(&ed, types), XF_OK);
	assert_body(&ed, "{'info': {'version': '1.0', 'title': {'Ref': 'AWS::StackName'}}, 'paths': {u'/a': {u'get': {'x-a"
		"mazon-apigateway-integration': {'httpMethod': 'POST', 'type': 'aws_proxy', 'uri': {'Fn::Sub': u'"
		"arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations'}}, 're"
		"sponses': {}}}}, 'swagger': '2.0', 'x-amazon-apigateway-binary-media-types': [u'image/png'], 'x-"
		"amazon-apigateway-gateway-responses': {u'DEFAULT_4XX': {'responseParameters': {u'gatewayresponse"
		".header.Origin': u\"'*'\"}, 'responseTemplates': {}, 'statusCode': '404'}}}");
	cJSON *bad = cJSON_CreateString("4x4");
	swagger_gateway_response wrong = {"X", false, "Api", NULL, NULL, bad};
	assert_int_equal(swagger_gateway_response_validate(&x, &wrong), XF_FAIL);
	assert_pending(&x, XF_ERR_RESOURCE, "Property 'StatusCode' must be numeric");
	cJSON_Delete(bad);
	cJSON_Delete(types);
	cJSON_Delete(params);
	cJSON_Delete(status);
	swagger_editor_free(&ed);
}

static void invalid_documents(void **state)
{
	(void)state;
	xf x;
	memset(&x, 0, sizeof(x));
	swagger_editor ed;
	cJSON *doc = tv("{\"paths\": {}}");
	assert_int_equal(swagger_editor_init(&ed, &x, doc), XF_FAIL);
	assert_pending(&x, XF_ERR_DOCUMENT,
		       "Invalid Swagger document or the Swagger document is not explicitly defined in 'DefinitionBody'.");
	cJSON_Delete(doc);
	doc = tv("{\"swagger\": \"2.0\", \"paths\": {\"/a\": \"str\"}}");
	assert_int_equal(swagger_editor_init(&ed, &x, doc), XF_FAIL);
	assert_pending(&x, XF_ERR_DOCUMENT, "Value of '/a' path must be a dictionary according to Swagger spec.");
	cJSON_Delete(doc);
	doc = tv("{\"swagger\": \"2.0\", \"paths\": {\"/a\": {\"Fn::If\": \"x\"}}}");
	assert_int_equal(swagger_editor_init(&ed, &x, doc), XF_FAIL);
	assert_pending(&x, XF_ERR_DOCUMENT, "Value of Fn::If must be a list.");
	cJSON_Delete(doc);
}

static void static_helpers(void **state)
{
	(void)state;
	char *s = swagger_get_path_without_trailing_slash_str("/a/{id}/{proxy+}/{x.y-z}/{}/b");
	assert_string_equal(s, "/a/*/*/*/{}/b");
	free(s);
	assert_string_equal(swagger_get_validator_name(true, true), "body-and-params");
	assert_string_equal(swagger_get_validator_name(false, true), "params-only");
	assert_string_equal(swagger_get_validator_name(false, false), "no-validation");
	cJSON *v = cJSON_CreateString("3.0.1");
	assert_true(swagger_validate_open_api_version_3(v));
	cJSON_SetValuestring(v, "2.0");
	assert_false(swagger_validate_open_api_version_3(v));
	assert_true(swagger_openapi_version_supported(v));
	cJSON_SetValuestring(v, "3.0.0.1");
	assert_false(swagger_openapi_version_supported(v));
	cJSON_Delete(v);
	v = samc_number_new("3.0", 3.0);
	assert_true(swagger_validate_open_api_version_3(v));
	cJSON_Delete(v);
	cJSON *any = py27_ustr("ANY");
	cJSON *norm = swagger_normalize_method_name(any);
	assert_string_equal(norm->valuestring, "x-amazon-apigateway-any-method");
	assert_false(py27_is_unicode(norm));
	cJSON_Delete(norm);
	cJSON_Delete(any);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(paths_and_methods),
		cmocka_unit_test(lambda_integration_and_deployment_hash),
		cmocka_unit_test(conditional_iam_integration),
		cmocka_unit_test(state_machine_integration),
		cmocka_unit_test(cors_options_method),
		cmocka_unit_test(authorizers_and_default),
		cmocka_unit_test(authorizer_errors),
		cmocka_unit_test(resource_policy_statements),
		cmocka_unit_test(request_model_validator_parameters),
		cmocka_unit_test(openapi3_postprocess),
		cmocka_unit_test(gateway_responses_and_media_types),
		cmocka_unit_test(invalid_documents),
		cmocka_unit_test(static_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
