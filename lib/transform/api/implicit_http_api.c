/* implicit_http_api.c — ImplicitHttpApiPlugin (plugins/api/implicit_http_api_plugin.py): the
 * ServerlessHttpApi built from the HttpApi events of functions, $default routes for events
 * without Path and Method, and event RouteSettings merged into the API's. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/api/implicit_api_common.h"
#include "transform/api/openapi.h"
#include "transform/api/swagger_internal.h"

/* ImplicitHttpApiResource: the skeleton body, managed by SAM. */
static cJSON *implicit_resource(void)
{
	cJSON *res = cJSON_CreateObject(), *props = cJSON_CreateObject(), *body = openapi_gen_skeleton();
	if (!res || !props || !body) {
		cJSON_Delete(res);
		cJSON_Delete(props);
		cJSON_Delete(body);
		return NULL;
	}
	SAMC_JSON_ADD_STRING(res, "Type", "AWS::Serverless::HttpApi");
	SAMC_JSON_ADD(props, "DefinitionBody", body);
	SAMC_JSON_ADD(props, "__MANAGE_SWAGGER", cJSON_CreateTrue());
	SAMC_JSON_ADD(res, "Properties", props);
	return res;
}

/* editor.openapi into *out, then the editor is released. */
static int definition_of(openapi_editor *ed, int rc, cJSON **out)
{
	if (rc == XF_OK) {
		*out = openapi_openapi(ed);
		if (!*out)
			rc = XF_NOMEM;
	}
	openapi_editor_free(ed);
	return rc;
}

static int body_add_path(xf *x, const cJSON *body, const cJSON *path, const cJSON *method, cJSON **out)
{
	openapi_editor ed;
	int rc = openapi_editor_init(&ed, x, body);
	if (rc)
		return rc;
	return definition_of(&ed, openapi_add_path(&ed, path, method), out);
}

static int body_make_paths_conditional(xf *x, const cJSON *body,
				       int (*condition_of)(implicit_api *a, const cJSON *path, const cJSON **name),
				       implicit_api *a, cJSON **out)
{
	openapi_editor ed;
	int rc = openapi_editor_init(&ed, x, body);
	if (rc)
		return rc;
	cJSON *paths = openapi_iter_on_path(&ed);
	rc = paths ? XF_OK : XF_NOMEM;
	for (const cJSON *p = paths ? paths->child : NULL; p && rc == XF_OK; p = p->next) {
		const cJSON *name = NULL;
		rc = condition_of(a, p, &name);
		if (rc == XF_OK && name)
			rc = openapi_make_path_conditional(&ed, p, name);
	}
	cJSON_Delete(paths);
	return definition_of(&ed, rc, out);
}

/* ---- RouteSettings (_add_route_settings_to_api) ---- */

/* "METHOD /path", or just the path for the $default route's any-method. Malloc'd. */
static char *route_key(const cJSON *path, const cJSON *method)
{
	if (strcmp(method->valuestring, OPENAPI_X_ANY_METHOD) == 0)
		return samc_strdup(path->valuestring);
	char *upper = sw_upper(method->valuestring);
	char *route = upper ? samc_strfmt("%s %s", upper, path->valuestring) : NULL;
	free(upper);
	return route;
}

/* The event's RouteSettings, wrapped in Fn::If when the function has a Condition (owned). */
static cJSON *event_route_settings(const cJSON *event_props, const cJSON *condition)
{
	const cJSON *settings = xf_get(event_props, "RouteSettings");
	cJSON *copy = settings ? swagger_deepcopy(settings) : cJSON_CreateNull();
	if (!xf_truthy(condition))
		return copy;
	return copy ? sw_make_conditional(condition, copy) : NULL;
}

static int merge_route_settings(cJSON *api_settings, const char *route, const cJSON *event_settings)
{
	cJSON *entry = api_dict_member(api_settings, route);
	if (!entry) {
		api_dict_set(api_settings, route, cJSON_CreateObject());
		entry = api_dict_member(api_settings, route);
	}
	if (!entry)
		return XF_NOMEM;
	sw_update(entry, event_settings);
	return XF_OK;
}

/* The API's RouteSettings map (created when absent), NULL when it is not a map (raised). */
static cJSON *api_route_settings(implicit_api *a, const cJSON *api_id)
{
	cJSON *api = implicit_api_resource(a, api_id->valuestring);
	cJSON *props = api_dict_member(api, "Properties");
	cJSON *current = api_dict_member(props, "RouteSettings");
	if (current && !cJSON_IsObject(current)) {
		xf_fail_resource(a->x, api_id->valuestring, "Property 'RouteSettings' should be a map.");
		return NULL;
	}
	if (current || !api)
		return current;
	if (!props) {
		api_dict_set(api, "Properties", cJSON_CreateObject());
		props = api_dict_member(api, "Properties");
	}
	api_dict_set(props, "RouteSettings", cJSON_CreateObject());
	return api_dict_member(props, "RouteSettings");
}

static int add_route_settings(implicit_api *a, const char *event_id, const cJSON *event_props, const cJSON *condition,
			      const cJSON *api_id, const cJSON *path, const cJSON *method)
{
	cJSON *current = api_route_settings(a, api_id);
	if (!current)
		return a->x->pending.kind != XF_ERR_NONE ? XF_FAIL : XF_OK;
	cJSON *settings = event_route_settings(event_props, condition);
	char *route = route_key(path, method);
	int rc = settings && route ? XF_OK : XF_NOMEM;
	if (rc == XF_OK && !cJSON_IsObject(settings))
		rc = xf_fail_event(a->x, event_id, "Property 'RouteSettings' should be a map.");
	if (rc == XF_OK)
		rc = merge_route_settings(current, route, settings);
	free(route);
	cJSON_Delete(settings);
	return rc;
}

/* ---- _process_api_events ---- */

/* The event's Properties, created when absent; NULL when they are not a map (raised). */
static cJSON *event_properties(implicit_api *a, cJSON *event)
{
	cJSON *props = api_dict_member(event, "Properties");
	if (props && !cJSON_IsObject(props)) {
		xf_fail_event(a->x, event->string, "Properties should be a map.");
		return NULL;
	}
	if (!props) {
		api_dict_set(event, "Properties", cJSON_CreateObject());
		props = api_dict_member(event, "Properties");
	}
	return props;
}

/* Neither Path nor Method: the $default route with the any-method. */
static void default_route(cJSON *props)
{
	if (xf_truthy(xf_get(props, "Path")) || xf_truthy(xf_get(props, "Method")))
		return;
	api_dict_set(props, "Path", cJSON_CreateString(OPENAPI_DEFAULT_PATH));
	api_dict_set(props, "Method", cJSON_CreateString(OPENAPI_X_ANY_METHOD));
}

static int process_event(implicit_api *a, cJSON *resource, cJSON *event)
{
	cJSON *props = event_properties(a, event);
	if (!props)
		return XF_FAIL;
	int rc = implicit_api_add_tags_if_necessary(a, props, resource);
	if (rc)
		return rc;
	implicit_api_add_id_if_necessary(a, props);
	default_route(props);
	const cJSON *api_id, *path, *method;
	if ((rc = implicit_api_validate_event(a, event->string, props, &api_id, &path, &method)))
		return rc;
	rc = implicit_api_record_attributes(a, api_id->valuestring, path->valuestring, method->valuestring, resource);
	if (rc == XF_OK)
		rc = implicit_api_add_to_body(a, event->string, props);
	if (rc == XF_OK && xf_get(props, "RouteSettings"))
		rc = add_route_settings(a, event->string, props, xf_get(resource, "Condition"), api_id, path, method);
	return rc;
}

static int process_events(implicit_api *a, const char *resource_id, cJSON *resource, cJSON **events, size_t n)
{
	(void)resource_id;
	int rc = XF_OK;
	for (size_t i = 0; i < n && rc == XF_OK; i++)
		rc = process_event(a, resource, events[i]);
	return rc;
}

static const implicit_api_kind HTTP_KIND = {
	.api_id_property = "ApiId",
	.implicit_id = "ServerlessHttpApi",
	.implicit_condition = "ServerlessHttpApiCondition",
	.event_type = "HttpApi",
	.api_type = "AWS::Serverless::HttpApi",
	.implicit_resource = implicit_resource,
	.body_is_valid = openapi_is_valid,
	.body_add_path = body_add_path,
	.body_make_paths_conditional = body_make_paths_conditional,
	.process_events = process_events,
};

int xf_implicit_http_api(xf *x)
{
	return implicit_api_run(x, &HTTP_KIND);
}
