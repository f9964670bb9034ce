/* websocket_api.c — owns AWS::Serverless::WebSocketApi (SamWebSocketApi, WebSocketApiGenerator):
 * property validation, the ApiGatewayV2 Api and Stage, tags, and the order of the output. */
#include "transform/api/websocket_api.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "util/buf.h"

#define WS_TYPE "AWS::Serverless::WebSocketApi"
#define WS_DEFAULT_STAGE "default"

/* SamWebSocketApi.property_types, in declaration order (the first failure wins). */
static const xf_prop_spec ws_props[] = {
	{"ApiKeySelectionExpression", false, XF_IS_STR, false},
	{"AccessLogSettings", false, XF_IS_DICT, false},
	{"Auth", false, XF_IS_DICT, false},
	{"DefaultRouteSettings", false, XF_IS_DICT, false},
	{"Description", false, XF_IS_STR, false},
	{"DisableExecuteApiEndpoint", false, XF_IS_BOOL, false},
	{"Domain", false, XF_IS_DICT, false},
	{"DisableSchemaValidation", false, XF_IS_BOOL, false},
	{"FailOnWarnings", false, XF_IS_BOOL, false},
	{"IpAddressType", false, XF_IS_STR, false},
	{"Name", false, XF_IS_STR, false},
	{"PropagateTags", false, XF_IS_BOOL, false},
	{"Routes", true, XF_IS_DICT, false},
	{"RouteSettings", false, XF_IS_DICT, false},
	{"RouteSelectionExpression", true, XF_IS_STR, false},
	{"StageName", false, XF_STR_OR_DICT, false},
	{"StageVariables", false, XF_IS_DICT, false},
	{"Tags", false, XF_IS_DICT, false},
	{NULL, false, XF_ANY, false},
};

/* ---- shared builders ---- */

bool ws_put(cJSON *obj, const char *key, cJSON *item)
{
	if (obj && item && samc_json_add_key(obj, key, item))
		return true;
	cJSON_Delete(item);
	return false;
}

bool ws_put_copy(cJSON *obj, const char *key, const cJSON *v)
{
	if (!v || cJSON_IsNull(v))
		return true;
	return ws_put(obj, key, xf_dup(v));
}

static cJSON *new_resource(const char *type, const cJSON *depends_on)
{
	cJSON *r = cJSON_CreateObject();
	bool ok = ws_put(r, "Type", xf_str(type));
	if (xf_truthy(depends_on))
		ok = ok && ws_put(r, "DependsOn", xf_dup(depends_on));
	ok = ok && ws_put(r, "Properties", cJSON_CreateObject());
	if (ok)
		return r;
	cJSON_Delete(r);
	return NULL;
}

static cJSON *add_resource_depending(cJSON *into, const char *id, const char *type, const cJSON *depends_on)
{
	cJSON *r = new_resource(type, depends_on);
	if (!ws_put(into, id, r))
		return NULL;
	return cJSON_GetObjectItemCaseSensitive(r, "Properties");
}

cJSON *ws_add_resource(cJSON *into, const char *id, const char *type)
{
	return add_resource_depending(into, id, type, NULL);
}

cJSON *ws_sub_with(const char *text, const char *var, const cJSON *value)
{
	cJSON *vars = cJSON_CreateObject();
	if (!ws_put(vars, var, value ? xf_dup(value) : cJSON_CreateNull()))
		return NULL;
	cJSON *args = cJSON_CreateArray();
	cJSON *first = xf_str(text);
	if (!args || !first || !cJSON_AddItemToArray(args, first)) {
		cJSON_Delete(first);
		cJSON_Delete(args);
		cJSON_Delete(vars);
		return NULL;
	}
	cJSON_AddItemToArray(args, vars);
	cJSON *sub = cJSON_CreateObject();
	if (ws_put(sub, "Fn::Sub", args))
		return sub;
	cJSON_Delete(sub);
	return NULL;
}

cJSON *ws_created_by_tags(void)
{
	cJSON *tags = cJSON_CreateObject();
	if (ws_put(tags, WS_TAG_NAME, xf_str("SAM")))
		return tags;
	cJSON_Delete(tags);
	return NULL;
}

int ws_check_logical_id(ws_api *api, const char *id)
{
	bool ok = *id != '\0';
	for (const char *p = id; ok && *p; p++)
		ok = (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z');
	return ok ? XF_OK : xf_fail_resource(api->x, id, "Logical ids must be alphanumeric.");
}

int ws_python_error(ws_api *api, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	samc_buf b = SAMC_BUF_INIT;
	samc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	const char *text = samc_buf_cstr(&b);
	int rc = text ? xf_fail_document(api->x, "%s", text) : XF_NOMEM;
	samc_buf_free(&b);
	return rc;
}

int ws_no_attribute(ws_api *api, const cJSON *v, const char *attr)
{
	return ws_python_error(api, "'%s' object has no attribute '%s'", xf_pytype(v), attr);
}

bool ws_is_intrinsic(const cJSON *v)
{
	if (!xf_is_intrinsic(v) || !v->child->string)
		return false;
	const char *key = v->child->string;
	return strcmp(key, "Ref") == 0 || strcmp(key, "Condition") == 0 || strncmp(key, "Fn::", 4) == 0;
}

/* ---- inputs ---- */

static const cJSON *prop(const ws_api *api, const char *name)
{
	const cJSON *v = xf_get(api->props, name);
	return cJSON_IsNull(v) ? NULL : v;
}

/* intrinsics_resolver.resolve_parameter_refs on a copy (None stays NULL). */
static int resolved(ws_api *api, const char *name, cJSON **out)
{
	const cJSON *v = prop(api, name);
	*out = NULL;
	if (!v)
		return XF_OK;
	if (!(*out = xf_dup(v)))
		return XF_NOMEM;
	return xf_resolve_params(api->x, out);
}

static int resolve_inputs(ws_api *api)
{
	int rc = resolved(api, "Auth", &api->auth);
	if (rc == XF_OK)
		rc = resolved(api, "Domain", &api->domain);
	if (rc == XF_OK)
		rc = resolved(api, "Routes", &api->routes);
	if (rc == XF_OK && cJSON_IsNull(api->auth)) {
		cJSON_Delete(api->auth);
		api->auth = NULL;
	}
	if (rc == XF_OK && cJSON_IsNull(api->domain)) {
		cJSON_Delete(api->domain);
		api->domain = NULL;
	}
	api->stage_name = prop(api, "StageName");
	return rc;
}

/* WebSocketApiGenerator.__init__ checks, in order. */
static int check_generator_inputs(ws_api *api)
{
	if (!xf_truthy(api->routes))
		return xf_fail_resource(api->x, api->id, "WebSocket API must have at least one route.");
	const cJSON *ip = prop(api, "IpAddressType");
	bool ip_ok = !ip || ws_is_intrinsic(ip) ||
		     (cJSON_IsString(ip) && (strcmp(ip->valuestring, "ipv4") == 0 ||
					     strcmp(ip->valuestring, "dualstack") == 0));
	if (!ip_ok)
		return xf_fail_resource(api->x, api->id, "IpAddressType must be 'ipv4' or 'dualstack'.");
	if (!xf_truthy(api->domain))
		return XF_OK;
	if (!cJSON_IsObject(api->domain))
		return ws_no_attribute(api, api->domain, "get");
	if (xf_truthy(xf_get(api->domain, "MutualTlsAuthentication")))
		return xf_fail_resource(api->x, api->id,
					"Mutual TLS domain name association is not supported for Websocket APIs.");
	return XF_OK;
}

/* Python's `"$connect" in routes` for whatever Routes resolved to. */
static int routes_contain_connect(ws_api *api, bool *found)
{
	const cJSON *routes = api->routes;
	*found = false;
	if (cJSON_IsObject(routes))
		*found = cJSON_GetObjectItemCaseSensitive(routes, "$connect") != NULL;
	else if (cJSON_IsString(routes))
		*found = strstr(routes->valuestring, "$connect") != NULL;
	else if (cJSON_IsArray(routes))
		for (const cJSON *r = routes->child; r && !*found; r = r->next)
			*found = cJSON_IsString(r) && strcmp(r->valuestring, "$connect") == 0;
	else
		return ws_python_error(api, "argument of type '%s' is not iterable", xf_pytype(routes));
	return XF_OK;
}

/* ---- the Api ---- */

/* The Api's Tags: the user's Tags (when truthy) with websocketapi:createdBy set to SAM. */
static cJSON *api_tags(const ws_api *api)
{
	const cJSON *tags = prop(api, "Tags");
	cJSON *out = xf_truthy(tags) ? xf_dup(tags) : cJSON_CreateObject();
	cJSON *sam = xf_str("SAM");
	if (!out || !sam) {
		cJSON_Delete(out);
		cJSON_Delete(sam);
		return NULL;
	}
	if (cJSON_GetObjectItemCaseSensitive(out, WS_TAG_NAME))
		cJSON_ReplaceItemInObjectCaseSensitive(out, WS_TAG_NAME, sam);
	else if (!ws_put(out, WS_TAG_NAME, sam)) {
		cJSON_Delete(out);
		return NULL;
	}
	return out;
}

/* ApiGatewayV2WebSocketApi.property_types order. */
static int build_api(ws_api *api, const cJSON *sam)
{
	if (xf_truthy(api->auth)) {
		bool has_connect = false;
		int rc = routes_contain_connect(api, &has_connect);
		if (rc != XF_OK)
			return rc;
		if (!has_connect)
			return xf_fail_resource(api->x, api->id,
						"Authorization is only available if there is a $connect route.");
	}
	cJSON *p = add_resource_depending(api->main, api->id, "AWS::ApiGatewayV2::Api", xf_get(sam, "DependsOn"));
	const cJSON *name = prop(api, "Name");
	bool ok = p && ws_put_copy(p, "ApiKeySelectionExpression", prop(api, "ApiKeySelectionExpression"));
	ok = ok && ws_put_copy(p, "Description", prop(api, "Description"));
	ok = ok && ws_put_copy(p, "DisableExecuteApiEndpoint", prop(api, "DisableExecuteApiEndpoint"));
	ok = ok && ws_put_copy(p, "DisableSchemaValidation", prop(api, "DisableSchemaValidation"));
	ok = ok && ws_put_copy(p, "IpAddressType", prop(api, "IpAddressType"));
	ok = ok && ws_put(p, "Name", name ? xf_dup(name) : xf_str(api->id));
	ok = ok && ws_put(p, "ProtocolType", xf_str("WEBSOCKET"));
	ok = ok && ws_put_copy(p, "RouteSelectionExpression", prop(api, "RouteSelectionExpression"));
	ok = ok && ws_put(p, "Tags", api_tags(api));
	return ok ? XF_OK : XF_NOMEM;
}

/* ---- the Stage ---- */

/* <Api><StageName>Stage, <Api>DefaultStage for "default", <Api>Stage for an intrinsic name. */
static int stage_logical_id(ws_api *api, char **out)
{
	*out = NULL;
	const cJSON *name = api->stage_name;
	if (cJSON_IsString(name) && strcmp(name->valuestring, "$default") == 0)
		return xf_fail_resource(api->x, api->id, "Stages cannot be named $default for WebSocket APIs.");
	const char *prefix = !name ? WS_DEFAULT_STAGE : cJSON_IsString(name) ? name->valuestring : "";
	if (strcmp(prefix, WS_DEFAULT_STAGE) == 0)
		*out = samc_strfmt("%sDefaultStage", api->id);
	else
		*out = samc_strfmt("%s%sStage", api->id, prefix);
	if (!*out)
		return XF_NOMEM;
	return ws_check_logical_id(api, *out);
}

/* ApiGatewayV2Stage.property_types order; DependsOn the routes when RouteSettings is set. */
static int build_stage(ws_api *api, const char *stage_id)
{
	const cJSON *route_settings = prop(api, "RouteSettings");
	const cJSON *depends_on = xf_truthy(route_settings) ? api->route_ids : NULL;
	cJSON *p = add_resource_depending(api->stage, stage_id, "AWS::ApiGatewayV2::Stage", depends_on);
	bool ok = p && ws_put_copy(p, "AccessLogSettings", prop(api, "AccessLogSettings"));
	ok = ok && ws_put_copy(p, "DefaultRouteSettings", prop(api, "DefaultRouteSettings"));
	ok = ok && ws_put_copy(p, "RouteSettings", route_settings);
	ok = ok && ws_put(p, "ApiId", xf_ref(api->id));
	ok = ok && ws_put(p, "StageName", api->stage_name ? xf_dup(api->stage_name) : xf_str(WS_DEFAULT_STAGE));
	ok = ok && ws_put(p, "Tags", ws_created_by_tags());
	ok = ok && ws_put_copy(p, "StageVariables", prop(api, "StageVariables"));
	ok = ok && ws_put(p, "AutoDeploy", cJSON_CreateTrue());
	return ok ? XF_OK : XF_NOMEM;
}

/* ---- tags and output ---- */

/* propagate_tags: with PropagateTags and Tags, every generated resource with a Tags property
 * (Api, Stage, DomainName) gets the Api's tags, websocketapi:createdBy included; the Api
 * already has them. */
static int propagate_tags(ws_api *api)
{
	static const char *const tagged[] = {"AWS::ApiGatewayV2::Stage", "AWS::ApiGatewayV2::DomainName"};
	if (!xf_truthy(prop(api, "PropagateTags")) || !xf_truthy(prop(api, "Tags")))
		return XF_OK;
	cJSON *tags = xf_dup(xf_get(xf_get(xf_get(api->main, api->id), "Properties"), "Tags"));
	if (!tags)
		return XF_NOMEM;
	cJSON *groups[] = {api->domain_resources, api->stage};
	bool ok = true;
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
		for (cJSON *r = groups[g]->child; r; r = r->next) {
			const char *type = xf_get_str(r, "Type");
			bool has_tags = false;
			for (size_t i = 0; type && i < sizeof(tagged) / sizeof(tagged[0]); i++)
				has_tags = has_tags || strcmp(type, tagged[i]) == 0;
			cJSON *copy = has_tags ? xf_dup(tags) : NULL;
			ok = ok && (!has_tags || copy);
			if (copy)
				xf_set(xf_props(r), "Tags", copy);
		}
	cJSON_Delete(tags);
	return ok ? XF_OK : XF_NOMEM;
}

static int emit_group(ws_api *api, cJSON *group)
{
	while (group->child) {
		cJSON *r = cJSON_DetachItemViaPointer(group, group->child);
		char *id = samc_json_take_key(r);
		if (!id) {
			cJSON_Delete(r);
			return XF_NOMEM;
		}
		int rc = xf_emit(api->x, api->id, id, r);
		free(id);
		if (rc != XF_OK)
			return rc;
	}
	return XF_OK;
}

static int emit_all(ws_api *api)
{
	cJSON *groups[] = {api->main, api->domain_resources, api->stage, api->authorizer};
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		int rc = emit_group(api, groups[g]);
		if (rc != XF_OK)
			return rc;
	}
	return XF_OK;
}

/* ---- the macro ---- */

/* WebSocketApiGenerator._to_cloudformation, in its construction order. */
static int build(ws_api *api, const cJSON *sam)
{
	char *stage_id = NULL;
	int rc = check_generator_inputs(api);
	if (rc == XF_OK)
		rc = build_api(api, sam);
	if (rc == XF_OK)
		rc = ws_domain(api);
	if (rc == XF_OK)
		rc = stage_logical_id(api, &stage_id);
	if (rc == XF_OK)
		rc = ws_routes(api);
	if (rc == XF_OK)
		rc = build_stage(api, stage_id);
	if (rc == XF_OK && api->has_authorizer)
		rc = ws_authorizer(api);
	if (rc == XF_OK)
		rc = propagate_tags(api);
	free(stage_id);
	return rc;
}

static void release(ws_api *api)
{
	cJSON_Delete(api->routes);
	cJSON_Delete(api->auth);
	cJSON_Delete(api->domain);
	cJSON_Delete(api->main);
	cJSON_Delete(api->domain_resources);
	cJSON_Delete(api->stage);
	cJSON_Delete(api->authorizer);
	cJSON_Delete(api->route_ids);
}

int xf_expand_websocket_api(xf *x, const char *id, const cJSON *sam)
{
	const cJSON *props = xf_get(sam, "Properties");
	int rc = xf_validate_props(x, id, WS_TYPE, props, ws_props);
	if (rc != XF_OK)
		return rc;
	ws_api api = {.x = x, .id = id, .props = props};
	api.main = cJSON_CreateObject();
	api.domain_resources = cJSON_CreateObject();
	api.stage = cJSON_CreateObject();
	api.authorizer = cJSON_CreateObject();
	api.route_ids = cJSON_CreateArray();
	rc = api.main && api.domain_resources && api.stage && api.authorizer && api.route_ids ? XF_OK : XF_NOMEM;
	if (rc == XF_OK)
		rc = resolve_inputs(&api);
	if (rc == XF_OK)
		rc = build(&api, sam);
	if (rc == XF_OK)
		rc = emit_all(&api);
	release(&api);
	return rc;
}
