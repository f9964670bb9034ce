/* test_openapi.c — the HTTP API body editor (OpenApiEditor) and the HTTP API authorizers:
 * validity, routes and integrations, tags, CORS, endpoint switch, title/description, security. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "transform/api/openapi.h"
#include "transform/py27.h"
#include "xf_fixture.h"

/* JSON text loaded as the template loader loads it (numbers keep their text). */
static cJSON *json(const char *text)
{
	return fx_yaml(text);
}

static void setup(xf *x, openapi_editor *ed, const char *doc_json)
{
	memset(x, 0, sizeof(*x));
	x->region = "us-east-1";
	x->partition = "aws";
	cJSON *doc = doc_json ? json(doc_json) : openapi_gen_skeleton();
	assert_int_equal(openapi_editor_init(ed, x, doc), XF_OK);
	cJSON_Delete(doc);
}

static void teardown(xf *x, openapi_editor *ed)
{
	openapi_editor_free(ed);
	xf_pending_clear(&x->pending);
}

/* A value deep in a document, by "|"-separated keys (array items by index). */
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

static void assert_pending(xf *x, xf_err_kind kind, const char *message)
{
	assert_int_equal(x->pending.kind, kind);
	assert_string_equal(x->pending.message, message);
	xf_pending_clear(&x->pending);
}

static void validity_follows_the_openapi_version(void **state)
{
	(void)state;
	const char *valid[] = {"{\"openapi\":\"3.0.1\",\"paths\":{}}", "{\"openapi\":3.0,\"paths\":{}}",
			       "{\"openapi\":\"3.1\",\"paths\":{\"/a\":{}}}"};
	const char *invalid[] = {"{\"swagger\":\"2.0\",\"paths\":{}}",
				 "{\"openapi\":\"3.0.1\"}",
				 "{\"openapi\":\"3.0.1\",\"paths\":[]}",
				 "{\"openapi\":\"4.0\",\"paths\":{}}",
				 "{\"openapi\":true,\"paths\":{}}",
				 "{}",
				 "[]"};
	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		cJSON *v = json(valid[i]);
		assert_true(openapi_is_valid(v));
		cJSON_Delete(v);
	}
	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		cJSON *v = json(invalid[i]);
		assert_false(openapi_is_valid(v));
		cJSON_Delete(v);
	}
}

static void invalid_documents_are_document_errors(void **state)
{
	(void)state;
	xf x;
	memset(&x, 0, sizeof(x));
	openapi_editor ed;
	cJSON *doc = json("{\"swagger\":\"2.0\",\"paths\":{}}");
	assert_int_equal(openapi_editor_init(&ed, &x, doc), XF_FAIL);
	assert_pending(&x, XF_ERR_DOCUMENT,
		       "Invalid OpenApi document. Invalid values or missing keys for 'openapi' or 'paths' in "
		       "'DefinitionBody'.");
	cJSON_Delete(doc);
	doc = json("{\"openapi\":\"3.0\",\"paths\":{},\"components\":[1]}");
	assert_int_equal(openapi_editor_init(&ed, &x, doc), XF_FAIL);
	assert_pending(&x, XF_ERR_DOCUMENT, "Invalid OpenApi document: The value of 'components' should be a map");
	cJSON_Delete(doc);
}

static void path_wildcards(void **state)
{
	(void)state;
	const char *cases[][2] = {{"/a/{id}/b/{proxy+}", "/a/*/b/*"},
				  {"/{a.b-c_d}", "/*"},
				  {"/{}/{a b}/{x+}", "/{}/{a b}/{x+}"},
				  {"", ""}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = openapi_get_path_without_trailing_slash(cases[i][0]);
		assert_string_equal(s, cases[i][1]);
		free(s);
	}
}

static int integrate(openapi_editor *ed, const char *path, const char *method, const char *fn, const char *condition)
{
	cJSON *p = cJSON_CreateString(path), *m = cJSON_CreateString(method);
	char *arn = NULL;
	cJSON *uri = cJSON_CreateObject();
	if (fn) {
		size_t n = strlen(fn) + 16;
		arn = malloc(n);
		snprintf(arn, n, "${%s.Arn}", fn);
	}
	cJSON_AddStringToObject(uri, "Fn::Sub", arn ? arn : "x");
	cJSON *cond = condition ? cJSON_CreateString(condition) : NULL;
	int rc = openapi_add_lambda_integration(ed, p, m, uri, NULL, NULL, cond, NULL);
	cJSON_Delete(p);
	cJSON_Delete(m);
	cJSON_Delete(uri);
	cJSON_Delete(cond);
	free(arn);
	return rc;
}

static void default_route_integration(void **state)
{
	(void)state;
	xf x;
	openapi_editor ed;
	setup(&x, &ed, NULL);
	assert_int_equal(integrate(&ed, "$default", "ANY", "Fn", NULL), XF_OK);
	/* a second integration of the same route is ignored */
	assert_int_equal(integrate(&ed, "$default", "any", "Other", NULL), XF_OK);
	cJSON *body = openapi_openapi(&ed);
	const char *def = "paths|$default|x-amazon-apigateway-any-method";
	/* Py27Dicts: the keys come out in Python 2.7 order, as the reference prints them */
	assert_at(body, def,
		  "{\"x-amazon-apigateway-integration\":{\"httpMethod\":\"POST\",\"type\":\"aws_proxy\","
		  "\"uri\":{\"Fn::Sub\":\"${Fn.Arn}\"},\"payloadFormatVersion\":\"2.0\"},"
		  "\"isDefaultRoute\":true,\"responses\":{}}");
	bool match = false;
	cJSON *p = cJSON_CreateString("$default"), *m = cJSON_CreateString("x-amazon-apigateway-any-method");
	assert_int_equal(openapi_is_integration_function_logical_id_match(&ed, p, m, "Fn", &match), XF_OK);
	assert_true(match);
	assert_int_equal(openapi_is_integration_function_logical_id_match(&ed, p, m, "F", &match), XF_OK);
	assert_false(match);
	cJSON_Delete(p);
	cJSON_Delete(m);
	cJSON_Delete(body);
	teardown(&x, &ed);
}

static void conditional_integration_structure(void **state)
{
	(void)state;
	xf x;
	openapi_editor ed;
	setup(&x, &ed, NULL);
	assert_int_equal(integrate(&ed, "/a", "GET", "Fn", "IsProd"), XF_OK);
	cJSON *body = openapi_openapi(&ed);
	const cJSON *get = at(body, "paths|/a|get");
	assert_non_null(get);
	assert_at(get, "Fn::If|0", "\"IsProd\"");
	assert_at(get, "Fn::If|2", "{\"Ref\":\"AWS::NoValue\"}");
	assert_at(get, "Fn::If|1|x-amazon-apigateway-integration|uri|Fn::If|1", "{\"Fn::Sub\":\"${Fn.Arn}\"}");
	assert_null(at(get, "Fn::If|1|isDefaultRoute"));
	cJSON_Delete(body);
	teardown(&x, &ed);
}

static void path_parameters_and_payload_version(void **state)
{
	(void)state;
	xf x;
	openapi_editor ed;
	setup(&x, &ed,
	      "{\"openapi\":\"3.0\",\"paths\":{\"/p/{a}/"
	      "{b}\":{\"put\":{\"parameters\":[{\"name\":\"a\",\"in\":\"query\"}],"
	      "\"x-amazon-apigateway-integration\":{\"type\":\"http\"}}}}}");
	cJSON *path = cJSON_CreateString("/p/{a}/{b}"), *method = cJSON_CreateString("PUT");
	cJSON *names = json("[\"a\",\"b\"]"), *version = json("\"1.0\""), *timeout = json("3000");
	assert_int_equal(openapi_add_path_parameters_to_method(&ed, NULL, path, method, names), XF_OK);
	assert_int_equal(openapi_add_payload_format_version_to_method(&ed, NULL, path, method, version), XF_OK);
	assert_int_equal(openapi_add_timeout_to_method(&ed, NULL, path, method, timeout), XF_OK);
	cJSON *body = openapi_openapi(&ed);
	const cJSON *put = at(body, "paths|/p/{a}/{b}|put");
	assert_at(put, "parameters|0", "{\"name\":\"a\",\"in\":\"path\",\"required\":true}");
	assert_at(put, "parameters|1|name", "\"b\"");
	assert_at(put, "parameters|1|required", "true");
	assert_at(put, "x-amazon-apigateway-integration|payloadFormatVersion", "\"1.0\"");
	assert_at(put, "x-amazon-apigateway-integration|timeoutInMillis", "3000");
	cJSON_Delete(body);
	cJSON_Delete(path);
	cJSON_Delete(method);
	cJSON_Delete(names);
	cJSON_Delete(version);
	cJSON_Delete(timeout);
	teardown(&x, &ed);
}

static void tags_overwrite_and_append(void **state)
{
	(void)state;
	xf x;
	openapi_editor ed;
	setup(&x, &ed,
	      "{\"openapi\":\"3.0\",\"paths\":{},\"tags\":[{\"name\":\"team\",\"x-amazon-apigateway-tag-value\":\"a\"}]"
	      "}");
	cJSON *tags = json("{\"team\":\"b\",\"httpapi:createdBy\":\"SAM\"}");
	assert_int_equal(openapi_add_tags(&ed, tags), XF_OK);
	cJSON *body = openapi_openapi(&ed);
	assert_at(body, "tags",
		  "[{\"name\":\"team\",\"x-amazon-apigateway-tag-value\":\"b\"},"
		  "{\"name\":\"httpapi:createdBy\",\"x-amazon-apigateway-tag-value\":\"SAM\"}]");
	cJSON_Delete(body);
	teardown(&x, &ed);
	setup(&x, &ed, "{\"openapi\":\"3.0\",\"paths\":{},\"tags\":{\"name\":\"t\"}}");
	assert_int_equal(openapi_add_tags(&ed, tags), XF_FAIL);
	assert_pending(&x, XF_ERR_DOCUMENT,
		       "Tags in OpenApi DefinitionBody needs to be a list. {'name': 't'} is a dict not a list.");
	cJSON_Delete(tags);
	teardown(&x, &ed);
}

static void cors_plain_and_intrinsic(void **state)
{
	(void)state;
	xf x;
	openapi_editor ed;
	setup(&x, &ed, "{\"openapi\":\"3.0\",\"paths\":{},\"x-amazon-apigateway-cors\":{\"allowMethods\":[\"GET\"]}}");
	cJSON *origins = json("[\"https://a\"]"), *max_age = json("0"), *credentials = json("false");
	assert_int_equal(openapi_add_cors(&ed, origins, NULL, NULL, NULL, max_age, credentials), XF_OK);
	cJSON *body = openapi_openapi(&ed);
	assert_at(body, "x-amazon-apigateway-cors",
		  "{\"allowMethods\":[\"GET\"],\"allowOrigins\":[\"https://a\"],\"maxAge\":0}");
	cJSON_Delete(body);
	teardown(&x, &ed);
	setup(&x, &ed, NULL);
	cJSON *conditional = json("{\"Fn::If\":[\"C\",{\"AllowOrigins\":[\"x\"],\"MaxAge\":5},{\"AllowHeaders\":"
				  "[\"MaxAgeHeader\"]}]}");
	assert_int_equal(openapi_add_cors(&ed, conditional, NULL, NULL, NULL, NULL, NULL), XF_OK);
	assert_true(openapi_has_api_gateway_cors(&ed));
	body = openapi_openapi(&ed);
	assert_at(body, "x-amazon-apigateway-cors",
		  "{\"Fn::If\":[\"C\",{\"allowOrigins\":[\"x\"],\"maxAge\":5},{\"allowHeaders\":[\"maxAgeHeader\"]}]}");
	cJSON_Delete(body);
	cJSON_Delete(origins);
	cJSON_Delete(max_age);
	cJSON_Delete(credentials);
	cJSON_Delete(conditional);
	teardown(&x, &ed);
}

static void endpoint_title_and_description(void **state)
{
	(void)state;
	xf x;
	openapi_editor ed;
	setup(&x, &ed, NULL);
	cJSON *off = cJSON_CreateTrue(), *title = json("\"orders\""), *description = json("\"Order intake\"");
	assert_int_equal(openapi_add_endpoint_config(&ed, off), XF_OK);
	assert_int_equal(openapi_add_title(&ed, title), XF_OK);
	assert_int_equal(openapi_add_description(&ed, description), XF_OK);
	cJSON *body = openapi_openapi(&ed);
	assert_at(body, "servers",
		  "[{\"x-amazon-apigateway-endpoint-configuration\":{\"disableExecuteApiEndpoint\":true}}]");
	assert_at(body, "info|title", "\"orders\"");
	assert_at(body, "info|description", "\"Order intake\"");
	cJSON_Delete(body);
	teardown(&x, &ed);
	/* a title that is not the default stays; a server that is not a map is rejected */
	setup(&x, &ed, "{\"openapi\":\"3.0\",\"paths\":{},\"info\":{\"title\":\"mine\"},\"servers\":[\"https://x\"]}");
	assert_int_equal(openapi_add_title(&ed, title), XF_OK);
	assert_int_equal(openapi_add_endpoint_config(&ed, off), XF_FAIL);
	assert_pending(&x, XF_ERR_DOCUMENT, "Value of 'servers' item must be a dictionary according to Swagger spec.");
	body = openapi_openapi(&ed);
	assert_at(body, "info|title", "\"mine\"");
	cJSON_Delete(body);
	cJSON_Delete(off);
	cJSON_Delete(title);
	cJSON_Delete(description);
	teardown(&x, &ed);
}

/* ---- authorizers ---- */

/* The authorizers of an Auth.Authorizers config; they borrow from *config, which the caller
 * frees after them. */
static int authorizers_of(xf *x, const char *config_json, bool iam, cJSON **config, openapi_authorizers *out)
{
	*config = json(config_json);
	int rc = openapi_get_authorizers(x, "Api", *config, iam, out);
	if (rc != XF_OK)
		openapi_authorizers_free(out);
	return rc;
}

static void authorizer_validation_messages(void **state)
{
	(void)state;
	const char *cases[][2] = {
		{"{\"A\":{\"AuthorizationScopes\":\"x\",\"JwtConfiguration\":{\"issuer\":\"i\"}}}",
		 "AuthorizationScopes must be a list."},
		{"{\"A\":{\"JwtConfiguration\":{\"issuer\":\"i\"},\"IdentitySource\":\"s\",\"FunctionArn\":\"f\"}}",
		 "FunctionArn is only supported for Lambda Authorizer."},
		{"{\"A\":{\"IdentitySource\":\"s\",\"FunctionArn\":\"f\"}}",
		 "IdentitySource is only supported for OAuth2 Authorizer. For Lambda Authorizer, use the 'Identity' "
		 "property instead."},
		{"{\"A\":{\"JwtConfiguration\":{\"issuer\":\"i\"}}}",
		 "A OAuth2 Authorizer must define 'IdentitySource'."},
		{"{\"A\":{\"FunctionArn\":\"f\"}}",
		 "A Lambda Authorizer must define 'AuthorizerPayloadFormatVersion'."},
		{"{\"A\":{}}", "A Lambda Authorizer must define 'FunctionArn'."},
		{"{\"A\":{\"FunctionArn\":\"f\",\"AuthorizerPayloadFormatVersion\":\"2.0\","
		 "\"EnableFunctionDefaultPermissions\":\"yes\"}}",
		 "Property 'Authorizers.A.EnableFunctionDefaultPermissions' should be a boolean."},
		{"{\"A\":{\"JwtConfiguration\":[1]}}", "Property 'JwtConfiguration' should be a map."},
		{"{\"A\":[1]}", "Property 'Auth.Authorizers.A' should be a map."},
		{"[1]", "Property 'Auth.Authorizers' should be a map."},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		xf x;
		memset(&x, 0, sizeof(x));
		openapi_authorizers a;
		cJSON *config = NULL;
		assert_int_equal(authorizers_of(&x, cases[i][0], false, &config, &a), XF_FAIL);
		assert_pending(&x, XF_ERR_RESOURCE, cases[i][1]);
		cJSON_Delete(config);
	}
}

static void authorizer_schemes(void **state)
{
	(void)state;
	xf x;
	memset(&x, 0, sizeof(x));
	x.partition = "aws-cn";
	cJSON *config = NULL;
	openapi_authorizers a;
	assert_int_equal(authorizers_of(&x,
					"{\"Jwt\":{\"IdentitySource\":\"$request.header.A\",\"JwtConfiguration\":"
					"{\"Issuer\":\"i\",\"audience\":[\"x\"]}},\"Gate\":{\"FunctionArn\":\"f\","
					"\"AuthorizerPayloadFormatVersion\":\"2.0\",\"FunctionInvokeRole\":\"r\","
					"\"EnableSimpleResponses\":true,\"Identity\":{\"Headers\":[\"H\"],"
					"\"StageVariables\":[\"s\"],\"ReauthorizeEvery\":0}}}",
					true, &config, &a),
			 XF_OK);
	assert_int_equal(a.n, 3);
	assert_null(a.items[0].name); /* the IAM authorizer comes first */
	cJSON *scheme = NULL;
	assert_int_equal(openapi_authorizer_generate_openapi(&x, &a.items[0], &scheme), XF_OK);
	fx_assert_json(scheme, "{\"type\":\"apiKey\",\"name\":\"Authorization\",\"in\":\"header\","
			       "\"x-amazon-apigateway-authtype\":\"awsSigv4\"}");
	cJSON_Delete(scheme);
	assert_int_equal(openapi_authorizer_generate_openapi(&x, openapi_authorizers_get(&a, "Jwt"), &scheme), XF_OK);
	fx_assert_json(scheme, "{\"type\":\"oauth2\",\"x-amazon-apigateway-authorizer\":{\"jwtConfiguration\":"
			       "{\"issuer\":\"i\",\"audience\":[\"x\"]},\"identitySource\":\"$request.header.A\","
			       "\"type\":\"jwt\"}}");
	cJSON_Delete(scheme);
	assert_int_equal(openapi_authorizer_generate_openapi(&x, openapi_authorizers_get(&a, "Gate"), &scheme), XF_OK);
	fx_assert_json(
		scheme,
		"{\"type\":\"apiKey\",\"name\":\"Unused\",\"in\":\"header\",\"x-amazon-apigateway-authorizer\":{"
		"\"type\":\"request\",\"authorizerUri\":{\"Fn::Sub\":[\"arn:aws-cn:apigateway:${AWS::Region}:lambda:"
		"path/2015-03-31/functions/${__FunctionArn__}/invocations\",{\"__FunctionArn__\":\"f\"}]},"
		"\"authorizerCredentials\":\"r\",\"authorizerResultTtlInSeconds\":0,\"identitySource\":["
		"\"$request.header.H\",\"$stageVariables.s\"],\"authorizerPayloadFormatVersion\":\"2.0\","
		"\"enableSimpleResponses\":true}}");
	cJSON_Delete(scheme);
	openapi_authorizers_free(&a);
	cJSON_Delete(config);
}

static void default_and_method_authorizers(void **state)
{
	(void)state;
	xf x;
	openapi_editor ed;
	setup(&x, &ed,
	      "{\"openapi\":\"3.0\",\"paths\":{\"/a\":{\"get\":{\"x-amazon-apigateway-integration\":{\"type\":\"t\"}},"
	      "\"post\":{\"security\":[{\"other\":[]}],\"x-amazon-apigateway-integration\":{\"type\":\"t\"}},"
	      "\"options\":{\"x-amazon-apigateway-integration\":{\"type\":\"t\"}},\"put\":{}}}}");
	cJSON *config = NULL;
	openapi_authorizers a;
	assert_int_equal(authorizers_of(&x,
					"{\"J\":{\"IdentitySource\":\"s\",\"AuthorizationScopes\":[\"r\"],"
					"\"JwtConfiguration\":{\"issuer\":\"i\"}}}",
					false, &config, &a),
			 XF_OK);
	cJSON *path = cJSON_CreateString("/a"), *name = cJSON_CreateString("J");
	assert_int_equal(openapi_set_path_default_authorizer(&ed, path, name, &a), XF_OK);
	cJSON *method = cJSON_CreateString("PUT");
	cJSON *auth = json("{\"Authorizer\":\"J\",\"AuthorizationScopes\":[\"w\"]}");
	cJSON *api = json("{\"Auth\":{\"Authorizers\":{\"J\":{\"AuthorizationScopes\":[\"r\"]}}}}");
	/* put has no integration: add_auth_to_method leaves it alone */
	assert_int_equal(openapi_add_auth_to_method(&ed, path, method, auth, api), XF_OK);
	cJSON_SetValuestring(method, "post");
	assert_int_equal(openapi_add_auth_to_method(&ed, path, method, auth, api), XF_OK);
	cJSON *body = openapi_openapi(&ed);
	assert_at(body, "paths|/a|get|security", "[{\"J\":[\"r\"]}]");
	assert_at(body, "paths|/a|post|security", "[{\"other\":[]},{\"J\":[\"w\"]}]");
	assert_null(at(body, "paths|/a|options|security"));
	assert_null(at(body, "paths|/a|put|security"));
	cJSON_Delete(body);
	cJSON_Delete(path);
	cJSON_Delete(name);
	cJSON_Delete(method);
	cJSON_Delete(auth);
	cJSON_Delete(api);
	openapi_authorizers_free(&a);
	cJSON_Delete(config);
	teardown(&x, &ed);
}

static void default_authorizer_needs_normalized_methods(void **state)
{
	(void)state;
	xf x;
	openapi_editor ed;
	setup(&x, &ed, "{\"openapi\":\"3.0\",\"paths\":{\"/{id}\":{\"GET\":{}}}}");
	openapi_authorizers a = {0};
	cJSON *path = cJSON_CreateString("/{id}"), *name = cJSON_CreateString("J");
	assert_int_equal(openapi_set_path_default_authorizer(&ed, path, name, &a), XF_FAIL);
	assert_pending(&x, XF_ERR_DOCUMENT, "Could not find get in /{id} within DefinitionBody.");
	cJSON_Delete(path);
	cJSON_Delete(name);
	teardown(&x, &ed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(validity_follows_the_openapi_version),
		cmocka_unit_test(invalid_documents_are_document_errors),
		cmocka_unit_test(path_wildcards),
		cmocka_unit_test(default_route_integration),
		cmocka_unit_test(conditional_integration_structure),
		cmocka_unit_test(path_parameters_and_payload_version),
		cmocka_unit_test(tags_overwrite_and_append),
		cmocka_unit_test(cors_plain_and_intrinsic),
		cmocka_unit_test(endpoint_title_and_description),
		cmocka_unit_test(authorizer_validation_messages),
		cmocka_unit_test(authorizer_schemes),
		cmocka_unit_test(default_and_method_authorizers),
		cmocka_unit_test(default_authorizer_needs_normalized_methods),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
