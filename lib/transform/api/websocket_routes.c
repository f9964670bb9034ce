/* websocket_routes.c — the routes of an AWS::Serverless::WebSocketApi: each route's Route,
 * Integration and Lambda Permission, the Auth checks, and the $connect Lambda authorizer. */
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "transform/api/websocket_api.h"
#include "util/buf.h"

#define WS_LAMBDA_URI "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
#define WS_EXECUTE_API "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:"

/* ---- route keys ---- */

/* The Python type of a key that was not a string in YAML (its text is what json.dumps prints). */
static const char *key_pytype(const char *text)
{
	if (strcmp(text, "true") == 0 || strcmp(text, "false") == 0)
		return "bool";
	if (strcmp(text, "null") == 0)
		return "NoneType";
	return strpbrk(text, ".eEIN") ? "float" : "int";
}

/* str.capitalize() on ASCII: first letter upper, the rest lower. */
static void capitalize(char *s)
{
	for (char *p = s; *p; p++) {
		if (p == s && *p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
		else if (p != s && *p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	}
}

char *ws_route_key_id(ws_api *api, const cJSON *route)
{
	static const char *const special[] = {"$connect", "$disconnect", "$default"};
	const char *key = route->string;
	if (route->type & SAMC_KEY_NOT_STRING) {
		ws_python_error(api, "'%s' object has no attribute 'isalnum'", key_pytype(key));
		return NULL;
	}
	bool is_special = false;
	for (size_t i = 0; i < sizeof(special) / sizeof(special[0]); i++)
		is_special = is_special || strcmp(key, special[i]) == 0;
	if (!is_special && !xf_is_alnum(key)) {
		xf_fail_resource(api->x, api->id,
				 "Route key '%s' must be alphanumeric. Only $connect, $disconnect, and $default "
				 "special routes are supported.",
				 key);
		return NULL;
	}
	char *id = samc_strdup(is_special ? key + 1 : key);
	if (id)
		capitalize(id);
	return id;
}

/* ---- Auth ---- */

/* _validate_auth: AuthType decides which other keys may be given. */
static int validate_auth(ws_api *api)
{
	const cJSON *auth = api->auth;
	if (!cJSON_IsObject(auth))
		return ws_no_attribute(api, auth, "get");
	const cJSON *type = xf_get(auth, "AuthType");
	if (!xf_truthy(type))
		return xf_fail_resource(api->x, api->id, "AuthType must be specified for additional auth configurations.");
	if (!cJSON_IsString(type))
		return ws_no_attribute(api, type, "upper");
	char *upper = samc_strdup(type->valuestring);
	if (!upper)
		return XF_NOMEM;
	for (char *p = upper; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	bool several = cJSON_GetArraySize(auth) > 1;
	int rc = XF_OK;
	if (strcmp(upper, "NONE") != 0 && strcmp(upper, "AWS_IAM") != 0 && strcmp(upper, "CUSTOM") != 0)
		rc = xf_fail_resource(api->x, api->id, "AuthType is not one of AWS_IAM, CUSTOM or NONE.");
	else if (strcmp(upper, "CUSTOM") == 0 && !xf_truthy(xf_get(auth, "AuthArn")))
		rc = xf_fail_resource(api->x, api->id, "AuthArn must be specified if AuthType is CUSTOM.");
	else if (strcmp(upper, "AWS_IAM") == 0 && several)
		rc = xf_fail_resource(api->x, api->id, "No additional configurations supported for AuthType AWS_IAM.");
	else if (strcmp(upper, "NONE") == 0 && several)
		rc = xf_fail_resource(api->x, api->id, "No additional configurations supported for AuthType NONE.");
	free(upper);
	return rc;
}

/* The route's AuthorizationType: only the $connect route gets one, from the AuthType as written
 * (a lower-case "custom" passes the checks above but gives NONE, as in the reference). */
static int route_authorization(ws_api *api, const char *route_key, const char **authorization_type)
{
	*authorization_type = NULL;
	if (!xf_truthy(api->auth))
		return XF_OK;
	int rc = validate_auth(api);
	if (rc != XF_OK || strcmp(route_key, "$connect") != 0)
		return rc;
	const char *type = xf_get_str(api->auth, "AuthType");
	if (strcmp(type, "CUSTOM") == 0) {
		*authorization_type = "CUSTOM";
		api->has_authorizer = true;
	} else if (strcmp(type, "AWS_IAM") == 0)
		*authorization_type = "AWS_IAM";
	else
		*authorization_type = "NONE";
	return XF_OK;
}

/* ---- Route, Integration, Permission ---- */

static char *authorizer_id(const ws_api *api)
{
	return samc_strfmt("%sConnectAuthorizer", api->id);
}

static cJSON *integration_target(const char *integration_id)
{
	cJSON *join = cJSON_CreateObject();
	cJSON *args = cJSON_CreateArray();
	cJSON *parts = cJSON_CreateArray();
	bool ok = ws_put(join, "Fn::Join", args);
	ok = ok && cJSON_AddItemToArray(args, xf_str("/")) && cJSON_AddItemToArray(args, parts);
	if (!ok)
		cJSON_Delete(parts);
	ok = ok && cJSON_AddItemToArray(parts, xf_str("integrations")) &&
	     cJSON_AddItemToArray(parts, xf_ref(integration_id));
	if (ok && cJSON_GetArraySize(args) == 2 && cJSON_GetArraySize(parts) == 2)
		return join;
	cJSON_Delete(join);
	return NULL;
}

/* ApiGatewayV2Route.property_types order. */
static int build_route(ws_api *api, const cJSON *route, const char *ids[3], const char *authorization_type)
{
	cJSON *p = ws_add_resource(api->main, ids[0], "AWS::ApiGatewayV2::Route");
	char *auth_id = authorization_type && strcmp(authorization_type, "CUSTOM") == 0 ? authorizer_id(api) : NULL;
	bool ok = p && ws_put(p, "ApiId", xf_ref(api->id));
	ok = ok && ws_put_copy(p, "ApiKeyRequired", xf_get(route, "ApiKeyRequired"));
	ok = ok && (!authorization_type || ws_put(p, "AuthorizationType", xf_str(authorization_type)));
	ok = ok && (!auth_id || ws_put(p, "AuthorizerId", xf_ref(auth_id)));
	ok = ok && ws_put_copy(p, "ModelSelectionExpression", xf_get(route, "ModelSelectionExpression"));
	ok = ok && ws_put_copy(p, "OperationName", xf_get(route, "OperationName"));
	ok = ok && ws_put_copy(p, "RequestModels", xf_get(route, "RequestModels"));
	const cJSON *parameters = xf_get(route, "RequestParameters");
	ok = ok && (!xf_truthy(parameters) || ws_put_copy(p, "RequestParameters", parameters));
	ok = ok && ws_put(p, "RouteKey", xf_str(route->string));
	ok = ok && ws_put_copy(p, "RouteResponseSelectionExpression",
			       xf_get(route, "RouteResponseSelectionExpression"));
	ok = ok && ws_put(p, "Target", integration_target(ids[1]));
	free(auth_id);
	return ok ? XF_OK : XF_NOMEM;
}

static int build_integration(ws_api *api, const cJSON *route, const char *integration_id)
{
	cJSON *p = ws_add_resource(api->main, integration_id, "AWS::ApiGatewayV2::Integration");
	bool ok = p && ws_put(p, "ApiId", xf_ref(api->id));
	ok = ok && ws_put(p, "IntegrationType", xf_str("AWS_PROXY"));
	ok = ok && ws_put(p, "IntegrationUri", ws_sub_with(WS_LAMBDA_URI "${FunctionArn}/invocations", "FunctionArn",
							    xf_get(route, "FunctionArn")));
	ok = ok && ws_put_copy(p, "TimeoutInMillis", xf_get(route, "IntegrationTimeout"));
	return ok ? XF_OK : XF_NOMEM;
}

/* SourceArn: the stage by name when StageName is a string, else through __StageName__. */
static cJSON *permission_source_arn(const ws_api *api, const char *route_key)
{
	const cJSON *stage = api->stage_name;
	if (!stage || cJSON_IsString(stage)) {
		char *text = samc_strfmt(WS_EXECUTE_API "${%s.ApiId}/%s/%s", api->id,
					 stage ? stage->valuestring : "default", route_key);
		cJSON *sub = cJSON_CreateObject();
		if (!text || !ws_put(sub, "Fn::Sub", xf_str(text))) {
			cJSON_Delete(sub);
			sub = NULL;
		}
		free(text);
		return sub;
	}
	char *text = samc_strfmt(WS_EXECUTE_API "${%s.ApiId}/${__StageName__}/%s", api->id, route_key);
	cJSON *sub = text ? ws_sub_with(text, "__StageName__", stage) : NULL;
	free(text);
	return sub;
}

static int build_permission(ws_api *api, const cJSON *route, const char *permission_id)
{
	cJSON *p = ws_add_resource(api->main, permission_id, "AWS::Lambda::Permission");
	bool ok = p && ws_put(p, "Action", xf_str("lambda:InvokeFunction"));
	ok = ok && ws_put_copy(p, "FunctionName", xf_get(route, "FunctionArn"));
	ok = ok && ws_put(p, "Principal", xf_str("apigateway.amazonaws.com"));
	ok = ok && ws_put(p, "SourceArn", permission_source_arn(api, route->string));
	return ok ? XF_OK : XF_NOMEM;
}

/* _construct_route_infr after the ids: route checks, auth, integration, permission. */
static int build_route_resources(ws_api *api, const cJSON *route, const char *ids[3])
{
	int rc = ws_check_logical_id(api, ids[0]);
	if (rc != XF_OK)
		return rc;
	if (!cJSON_IsObject(route))
		return ws_no_attribute(api, route, "get");
	if (xf_truthy(xf_get(route, "RequestParameters")) && strcmp(route->string, "$connect") != 0)
		return xf_fail_resource(api->x, api->id,
					"Request parameters are only supported for the $connect route in WebSocket APIs.");
	const char *authorization_type = NULL;
	rc = route_authorization(api, route->string, &authorization_type);
	if (rc != XF_OK)
		return rc;
	if (!cJSON_GetObjectItemCaseSensitive(route, "FunctionArn"))
		return xf_fail_resource(api->x, api->id, "Route must have associated function.");
	rc = build_route(api, route, ids, authorization_type);
	if (rc == XF_OK)
		rc = build_integration(api, route, ids[1]);
	if (rc == XF_OK)
		rc = build_permission(api, route, ids[2]);
	if (rc == XF_OK && !cJSON_AddItemToArray(api->route_ids, xf_str(ids[0])))
		rc = XF_NOMEM;
	return rc;
}

static int build_route_set(ws_api *api, const cJSON *route)
{
	char *key_id = ws_route_key_id(api, route);
	if (!key_id)
		return api->x->pending.kind != XF_ERR_NONE ? XF_FAIL : XF_NOMEM;
	char *route_id = samc_strfmt("%s%sRoute", api->id, key_id);
	char *integration_id = samc_strfmt("%s%sIntegration", api->id, key_id);
	char *permission_id = samc_strfmt("%s%sPermission", api->id, key_id);
	const char *ids[3] = {route_id, integration_id, permission_id};
	int rc = route_id && integration_id && permission_id ? build_route_resources(api, route, ids) : XF_NOMEM;
	free(key_id);
	free(route_id);
	free(integration_id);
	free(permission_id);
	return rc;
}

int ws_routes(ws_api *api)
{
	if (!cJSON_IsObject(api->routes))
		return ws_no_attribute(api, api->routes, "items");
	for (const cJSON *route = api->routes->child; route; route = route->next) {
		int rc = build_route_set(api, route);
		if (rc != XF_OK)
			return rc;
	}
	return XF_OK;
}

/* ---- the $connect authorizer ---- */

static int build_authorizer_permission(ws_api *api)
{
	const cJSON *auth = api->auth;
	const cJSON *auth_arn = xf_get(auth, "AuthArn");
	if (xf_truthy(xf_get(auth, "InvokeRole")) || !xf_truthy(auth_arn))
		return XF_OK;
	char *id = samc_strfmt("%sAuthorizerPermission", api->id);
	cJSON *api_ref = xf_ref(api->id);
	cJSON *p = id ? ws_add_resource(api->authorizer, id, "AWS::Lambda::Permission") : NULL;
	bool ok = p && api_ref && ws_put(p, "Action", xf_str("lambda:InvokeFunction"));
	ok = ok && ws_put_copy(p, "FunctionName", auth_arn);
	ok = ok && ws_put(p, "Principal", xf_str("apigateway.amazonaws.com"));
	ok = ok && ws_put(p, "SourceArn",
			  ws_sub_with(WS_EXECUTE_API "${__ApiId__}/authorizers/*", "__ApiId__", api_ref));
	cJSON_Delete(api_ref);
	free(id);
	return ok ? XF_OK : XF_NOMEM;
}

/* ApiGatewayV2WSAuthorizer.property_types order. */
int ws_authorizer(ws_api *api)
{
	const cJSON *auth = api->auth;
	char *id = authorizer_id(api);
	cJSON *p = id ? ws_add_resource(api->authorizer, id, "AWS::ApiGatewayV2::Authorizer") : NULL;
	const cJSON *invoke_role = cJSON_GetObjectItemCaseSensitive(auth, "InvokeRole");
	const cJSON *auth_arn = cJSON_GetObjectItemCaseSensitive(auth, "AuthArn");
	const cJSON *name = xf_get(auth, "Name");
	bool ok = p && ws_put(p, "ApiId", xf_ref(api->id));
	ok = ok && (!invoke_role || ws_put_copy(p, "AuthorizerCredentialsArn", invoke_role));
	ok = ok && ws_put(p, "AuthorizerType", xf_str("REQUEST"));
	ok = ok && (!auth_arn ||
		    ws_put(p, "AuthorizerUri", ws_sub_with(WS_LAMBDA_URI "${AuthArn}/invocations", "AuthArn", auth_arn)));
	ok = ok && ws_put_copy(p, "IdentitySource", xf_get(auth, "IdentitySource"));
	ok = ok && ws_put(p, "Name", xf_truthy(name) ? xf_dup(name) : xf_str(id));
	free(id);
	if (!ok)
		return XF_NOMEM;
	return build_authorizer_permission(api);
}
