/* http_api.c — the HttpApi event of a function (push.py HttpApi): the explicit API lookup, the
 * invoke permission (skipped when the API's $default route already targets the function), and
 * the route's integration, auth, timeout, path parameters and payload version in the API's body. */
#include "transform/events/http_api.h"

#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/api/openapi.h"
#include "transform/api/swagger_internal.h"
#include "transform/events/push_common.h"
#include "transform/intrinsics.h"
#include "util/buf.h"

static const xf_prop_spec http_api_props[] = {
	{"Path", false, XF_IS_STR, false},
	{"Method", false, XF_IS_STR, false},
	{"ApiId", false, XF_IS_STR, false},
	{"Stage", false, XF_IS_STR, false},
	{"Auth", false, XF_IS_DICT, false},
	{"TimeoutInMillis", false, XF_IS_INT, false},
	{"RouteSettings", false, XF_IS_DICT, false},
	{"PayloadFormatVersion", false, XF_IS_STR, false},
	{NULL, false, XF_ANY, false},
};

#define INVALID_API_ID "ApiId must be a valid reference to an 'AWS::Serverless::HttpApi' resource in same template."

/* ApiId as a logical id: the Ref's target, else the value itself (NULL when not a string). */
static const char *api_logical_id(const xf_event *ev)
{
	const cJSON *api_id = push_prop(ev, "ApiId");
	const cJSON *ref = cJSON_IsObject(api_id) ? xf_get(api_id, "Ref") : NULL;
	if (ref)
		api_id = ref;
	return cJSON_IsString(api_id) ? api_id->valuestring : NULL;
}

/* resources_to_link: the SAM template's resource, as it is now (an API not yet expanded, whose
 * body earlier events have edited); the input's when a macro has already replaced it. */
static int http_api_link(xf *x, const xf_fn *fn, xf_event *ev)
{
	(void)fn;
	const char *id = api_logical_id(ev);
	cJSON *api = id ? xf_resource(x, id) : NULL;
	cJSON *input = id ? push_linkable(x, id) : NULL;
	const char *type = xf_get_str(api, "Type"), *input_type = xf_get_str(input, "Type");
	if (!api || (input && (!type || !input_type || strcmp(type, input_type) != 0)))
		api = input;
	if (!api)
		return xf_fail_event(x, ev->relative_id, INVALID_API_ID);
	ev->linked = api;
	ev->linked_id = samc_strdup(id);
	return ev->linked_id ? XF_OK : XF_NOMEM;
}

/* explicit_api: the API's Properties (NULL when it has none: Python's detached {}). */
static cJSON *explicit_api(const xf_event *ev)
{
	cJSON *props = cJSON_GetObjectItemCaseSensitive(ev->linked, "Properties");
	return cJSON_IsObject(props) ? props : NULL;
}

/* ---- the permission (_get_permission) ---- */

/* re.sub(r"^(.+)/$", r"\1", path): one trailing slash off, unless the path is just "/". */
static char *strip_trailing_slash(const char *path)
{
	size_t n = strlen(path);
	if (n > 1 && path[n - 1] == '/')
		n--;
	return samc_strfmt("%.*s", (int)n, path);
}

/* OpenApiEditor(DefinitionBody) as the permission builds it: an invalid body is reported on the
 * API as "Resource with id [api] is invalid. Structure of the SAM template is invalid. ...". */
static int permission_editor(xf *x, const xf_event *ev, const cJSON *body, openapi_editor *ed)
{
	int rc = openapi_editor_init(ed, x, body);
	if (rc != XF_FAIL || x->pending.kind != XF_ERR_DOCUMENT)
		return rc;
	char *message = samc_strfmt("Structure of the SAM template is invalid. %s", x->pending.message);
	xf_pending_clear(&x->pending);
	const cJSON *api_id = push_prop(ev, "ApiId");
	const cJSON *ref = cJSON_IsObject(api_id) ? xf_get(api_id, "Ref") : NULL;
	char *id = xf_pystr(ref ? ref : api_id);
	rc = message && id ? xf_fail_resource(x, id, "%s", message) : XF_NOMEM;
	free(message);
	free(id);
	return rc;
}

/* The $default route (any-method) of the API already integrates this function (checked only
 * when `check`; the body is validated either way). */
static int default_route_targets(xf *x, const xf_fn *fn, const xf_event *ev, bool check, bool *out)
{
	*out = false;
	const cJSON *body = xf_get(explicit_api(ev), "DefinitionBody");
	if (!xf_truthy(body))
		return XF_OK;
	openapi_editor ed;
	int rc = permission_editor(x, ev, body, &ed);
	if (rc != XF_OK || !check) {
		if (rc == XF_OK)
			openapi_editor_free(&ed);
		return rc;
	}
	cJSON *path = cJSON_CreateString(OPENAPI_DEFAULT_PATH), *method = cJSON_CreateString(OPENAPI_X_ANY_METHOD);
	rc = path && method
		     ? openapi_is_integration_function_logical_id_match(&ed, path, method, xf_fn_target_id(fn), out)
		     : XF_NOMEM;
	cJSON_Delete(path);
	cJSON_Delete(method);
	openapi_editor_free(&ed);
	return rc;
}

/* "${__ApiId__}/${__Stage__}/<METHOD or *><path>" (or "/$default" for ANY /$default). */
static char *permission_resource(const char *path, const char *method)
{
	char *wild = openapi_get_path_without_trailing_slash(path);
	if (!wild)
		return NULL;
	char *resource;
	if (strcmp(method, "any") == 0 && strcmp(wild, "/" OPENAPI_DEFAULT_PATH) == 0)
		resource = samc_strfmt("${__ApiId__}/${__Stage__}%s", wild);
	else if (strcmp(method, "any") == 0 || strcmp(method, OPENAPI_X_ANY_METHOD) == 0)
		resource = samc_strfmt("${__ApiId__}/${__Stage__}/*%s", wild);
	else {
		char *upper = sw_upper(method);
		resource = upper ? samc_strfmt("${__ApiId__}/${__Stage__}/%s%s", upper, wild) : NULL;
		free(upper);
	}
	free(wild);
	return resource;
}

static int emit_permission(xf *x, const xf_fn *fn, const xf_event *ev, const char *path, const char *method)
{
	char *resource = permission_resource(path, method);
	char *arn = resource ? samc_strfmt("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:%s",
					   resource)
			     : NULL;
	cJSON *source_arn = arn ? push_sub_with(arn, "__ApiId__", push_prop(ev, "ApiId")) : NULL;
	cJSON *vars = source_arn ? cJSON_GetArrayItem(xf_get(source_arn, "Fn::Sub"), 1) : NULL;
	free(resource);
	free(arn);
	if (!vars || !SAMC_JSON_ADD_STRING(vars, "__Stage__", "*")) {
		cJSON_Delete(source_arn);
		return XF_NOMEM;
	}
	push_permission perm = {.principal = "apigateway.amazonaws.com", .source_arn = source_arn};
	int rc = push_emit_permission(x, fn, ev, &perm, NULL);
	cJSON_Delete(source_arn);
	return rc;
}

/* _get_permissions / _get_permission (the stage is always "*"). */
static int permission(xf *x, const xf_fn *fn, const xf_event *ev, const char *method)
{
	char *path = strip_trailing_slash(push_prop(ev, "Path")->valuestring);
	if (!path)
		return XF_NOMEM;
	bool is_default = strcmp(path, OPENAPI_DEFAULT_PATH) == 0;
	bool covered = false;
	int rc = default_route_targets(x, fn, ev, !is_default, &covered);
	if (is_default)
		path[0] = '\0';
	if (rc == XF_OK && !covered)
		rc = emit_permission(x, fn, ev, path, method);
	free(path);
	return rc;
}

/* ---- the route in the API's body (_add_openapi_integration) ---- */

/* _build_apigw_integration_uri(function, "${AWS::Partition}"): a Py27Dict Fn::Sub whose string
 * is a Py27UniStr when the function's logical id is one. */
static cJSON *integration_uri(xf *x, const xf_fn *fn)
{
	char *arn = fn->alias_id ? samc_strfmt("arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/"
					       "2015-03-31/functions/${%s}/invocations",
					       fn->alias_id)
				 : samc_strfmt("arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/"
					       "2015-03-31/functions/${%s.Arn}/invocations",
					       fn->id);
	const cJSON *member = xf_input_resource(x, fn->id);
	bool unicode = !fn->alias_id && sw_key_is_ustr(member);
	cJSON *uri = arn ? sw_py27_dict("Fn::Sub", sw_str(arn, unicode), NULL) : NULL;
	free(arn);
	return uri;
}

/* re.findall("{(.*?)}", path) as string nodes. */
static cJSON *path_parameters(const char *path)
{
	cJSON *out = cJSON_CreateArray();
	for (const char *p = path; out && *p; p++) {
		if (*p != '{')
			continue;
		const char *end = p + 1;
		while (*end && *end != '}' && *end != '\n')
			end++;
		if (*end != '}')
			continue;
		char *name = samc_strfmt("%.*s", (int)(end - p - 1), p + 1);
		sw_append(out, name ? cJSON_CreateString(name) : NULL);
		free(name);
		p = end;
	}
	return out;
}

/* The text of an authorizer value in messages: str() as an f-string prints it. */
static char *authorizer_text(const cJSON *v)
{
	return cJSON_IsString(v) ? samc_strdup(v->valuestring) : xf_pystr(v);
}

/* A route of the event, for messages: its lower-cased method and its path. */
typedef struct route {
	const cJSON *path; /* the event's Path node */
	cJSON *method;     /* the lower-cased Method (owned) */
} route;

static int unable(xf *x, const xf_event *ev, const route *r, const cJSON *authorizer, const char *why)
{
	char *name = authorizer ? authorizer_text(authorizer) : NULL;
	int rc;
	if (authorizer)
		rc = name ? xf_fail_event(x, ev->relative_id,
					  "Unable to set Authorizer [%s] on API method [%s] for path [%s]%s", name,
					  r->method->valuestring, r->path->valuestring, why)
			  : XF_NOMEM;
	else
		rc = xf_fail_event(x, ev->relative_id,
				   "Unable to set Authorizer on API method [%s] for path [%s] because %s",
				   r->method->valuestring, r->path->valuestring, why);
	free(name);
	return rc;
}

/* _check_valid_authorizer_types and the NONE / defined-authorizer checks. */
static int check_method_authorizer(xf *x, const xf_event *ev, const route *r, const cJSON *authorizer,
				   const cJSON *api_auth)
{
	const cJSON *authorizers = xf_truthy(api_auth) ? xf_get(api_auth, "Authorizers") : api_auth;
	bool iam = xf_truthy(api_auth) && cJSON_IsTrue(xf_get(api_auth, "EnableIamAuthorizer"));
	bool is_none = sw_str_eq(authorizer, "NONE"), is_iam = sw_str_eq(authorizer, "AWS_IAM");
	if (!is_none && !(is_iam && iam) && (!cJSON_IsString(authorizer) || !cJSON_IsObject(authorizers)))
		return unable(x, ev, r, authorizer,
			      ". The method authorizer must be a string with a corresponding dict entry in the api "
			      "authorizer.");
	if (is_none) {
		if (!xf_truthy(xf_get(api_auth, "DefaultAuthorizer")))
			return unable(x, ev, r, NULL,
				      "'NONE' is only a valid value when a DefaultAuthorizer on the API is specified.");
	} else if (!is_iam || !iam) {
		if (!xf_truthy(authorizers))
			return unable(x, ev, r, authorizer,
				      " because the related API does not define any Authorizers.");
		if (!xf_truthy(xf_get(authorizers, authorizer->valuestring)))
			return unable(x, ev, r, authorizer, " because it wasn't defined in the API's Authorizers.");
	}
	return XF_OK;
}

/* _add_auth_to_openapi_integration: `auth` is the event's Auth (a copy: the reference writes
 * the default authorizer into it). */
static int add_auth(xf *x, const xf_event *ev, cJSON *api, const char *api_id, openapi_editor *ed, const route *r,
		    cJSON *auth)
{
	cJSON *empty = NULL; /* api.get("Auth", {}) */
	const cJSON *api_auth = xf_get(api, "Auth");
	if (!api_auth && !(api_auth = empty = cJSON_CreateObject()))
		return XF_NOMEM;
	int rc = cJSON_IsObject(api_auth) ? XF_OK : xf_fail_resource(x, api_id, "Property 'Auth' should be a map.");
	const cJSON *authorizer = xf_get(auth, "Authorizer");
	if (rc == XF_OK && !xf_truthy(authorizer)) {
		const cJSON *fallback = xf_get(api_auth, "DefaultAuthorizer");
		if (xf_truthy(fallback)) {
			sw_set(auth, "Authorizer", false, swagger_deepcopy(fallback));
			authorizer = xf_get(auth, "Authorizer");
		} else
			rc = xf_fail_event(x, ev->relative_id,
					   "'Auth' section requires either an explicit 'Authorizer' set or a "
					   "'DefaultAuthorizer' configured on the HttpApi.");
	}
	if (rc == XF_OK)
		rc = check_method_authorizer(x, ev, r, authorizer, api_auth);
	const cJSON *scopes = xf_get(auth, "AuthorizationScopes");
	if (rc == XF_OK && xf_truthy(scopes) && !cJSON_IsArray(scopes))
		rc = unable(x, ev, r, NULL, "'AuthorizationScopes' must be a list of strings.");
	if (rc == XF_OK)
		rc = openapi_add_auth_to_method(ed, r->path, r->method, auth, api);
	cJSON_Delete(empty);
	return rc;
}

/* The route's other settings: timeout, path parameters, payload format version. */
static int add_route_settings(xf *x, const xf_event *ev, cJSON *api, openapi_editor *ed, const route *r)
{
	const cJSON *timeout = push_prop(ev, "TimeoutInMillis");
	int rc = xf_truthy(timeout) ? openapi_add_timeout_to_method(ed, api, r->path, r->method, timeout) : XF_OK;
	cJSON *parameters = rc == XF_OK ? path_parameters(r->path->valuestring) : NULL;
	if (rc == XF_OK && !parameters)
		rc = XF_NOMEM;
	if (rc == XF_OK && parameters->child)
		rc = openapi_add_path_parameters_to_method(ed, api, r->path, r->method, parameters);
	cJSON_Delete(parameters);
	const cJSON *version = push_prop(ev, "PayloadFormatVersion");
	if (rc == XF_OK && xf_truthy(version))
		rc = openapi_add_payload_format_version_to_method(ed, api, r->path, r->method, version);
	(void)x;
	return rc;
}

/* The editing itself, on an editor of the API's body. */
static int edit_body(xf *x, const xf_fn *fn, const xf_event *ev, cJSON *api, openapi_editor *ed, const route *r)
{
	if (xf_truthy(xf_get(api, "__MANAGE_SWAGGER"))) {
		bool has = false;
		int rc = openapi_has_integration(ed, r->path, r->method, &has);
		if (rc != XF_OK)
			return rc;
		if (has)
			return xf_fail_event(x, ev->relative_id,
					     "API method '%s' defined multiple times for path '%s'.",
					     r->method->valuestring, r->path->valuestring);
	}
	cJSON *uri = integration_uri(x, fn);
	if (!uri)
		return XF_NOMEM;
	const cJSON *auth = push_prop(ev, "Auth");
	int rc = openapi_add_lambda_integration(ed, r->path, r->method, uri, auth, xf_get(api, "Auth"),
						xf_get(fn->attrs, "Condition"), NULL);
	cJSON_Delete(uri);
	if (rc == XF_OK && xf_truthy(auth)) {
		cJSON *auth_copy = swagger_deepcopy(auth);
		rc = auth_copy ? add_auth(x, ev, api, ev->linked_id, ed, r, auth_copy) : XF_NOMEM;
		cJSON_Delete(auth_copy);
	}
	if (rc == XF_OK)
		rc = add_route_settings(x, ev, api, ed, r);
	return rc;
}

static int add_openapi_integration(xf *x, const xf_fn *fn, const xf_event *ev, const route *r)
{
	cJSON *api = explicit_api(ev);
	const cJSON *body = xf_get(api, "DefinitionBody");
	if (!body || cJSON_IsNull(body))
		return XF_OK;
	openapi_editor ed;
	int rc = openapi_editor_init(&ed, x, body);
	if (rc != XF_OK)
		return rc;
	rc = edit_body(x, fn, ev, api, &ed, r);
	cJSON *edited = rc == XF_OK ? openapi_openapi(&ed) : NULL;
	openapi_editor_free(&ed);
	if (rc == XF_OK && !edited)
		rc = XF_NOMEM;
	if (rc == XF_OK)
		sw_set(api, "DefinitionBody", false, edited);
	return rc;
}

/* to_cloudformation: Method lower-cased, the permission, then the body. */
static int http_api_expand(xf *x, xf_fn *fn, xf_event *ev)
{
	const cJSON *path = push_prop(ev, "Path"), *method = push_prop(ev, "Method");
	if (!cJSON_IsString(path) || !cJSON_IsString(method))
		return xf_fail_event(x, ev->relative_id, "'NoneType' object has no attribute 'lower'");
	char *lower = sw_lower(method->valuestring);
	route r = {.path = path, .method = lower ? sw_str(lower, sw_is_ustr(method)) : NULL};
	free(lower);
	if (!r.method)
		return XF_NOMEM;
	int rc = permission(x, fn, ev, r.method->valuestring);
	if (rc == XF_OK)
		rc = add_openapi_integration(x, fn, ev, &r);
	cJSON_Delete(r.method);
	return rc;
}

const xf_event_type xf_event_http_api = {
	.name = "HttpApi",
	.props = http_api_props,
	.link = http_api_link,
	.expand = http_api_expand,
};
