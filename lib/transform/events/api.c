/* api.c — the Api event of a function (model/eventsources/push.py Api): the link to the REST API
 * it names, the Lambda permission for API Gateway, and the path/method it adds to the body of a
 * SAM-managed API (or OverrideApiAuth on an inline one). */
#include "transform/events/api.h"

#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/api/implicit_api_common.h"
#include "transform/events/push_common.h"
#include "transform/py27.h"
#include "util/buf.h"

static const xf_prop_spec API_EVENT_PROPS[] = {
	{"Path", true, XF_IS_STR, false},
	{"Method", true, XF_IS_STR, false},
	{"RestApiId", true, XF_IS_STR, false},
	{"Stage", false, XF_IS_STR, false},
	{"Auth", false, XF_IS_DICT, false},
	{"RequestModel", false, XF_IS_DICT, false},
	{"RequestParameters", false, XF_IS_LIST, false},
	{"TimeoutInMillis", false, XF_IS_INT, false},
	{"ResponseTransferMode", false, XF_IS_STR, false},
	{NULL, false, XF_ANY, false},
};

/* ---- resources_to_link ---- */

static bool is_sam_macro_type(const char *type)
{
	return type && strncmp(type, "AWS::Serverless::", 17) == 0;
}

/* sam_template["Resources"][id]: the SAM resource still waiting for its macro in the output
 * (what the API expander will read), else the input copy. */
static cJSON *template_resource(xf *x, const char *id)
{
	cJSON *input = push_linkable(x, id);
	cJSON *live = x->has_snapshot ? xf_resource(x, id) : NULL;
	const char *in_type = xf_get_str(input, "Type"), *live_type = xf_get_str(live, "Type");
	if (live && is_sam_macro_type(in_type) && live_type && strcmp(in_type, live_type) == 0)
		return live;
	return input ? input : live;
}

void api_event_link_free(api_event_link *l)
{
	cJSON_Delete(l->stage);
	cJSON_Delete(l->scratch);
	memset(l, 0, sizeof(*l));
}

static const cJSON *rest_api_id_string(const cJSON *v)
{
	const cJSON *ref = cJSON_IsObject(v) ? xf_get(v, "Ref") : NULL;
	return ref ? ref : v;
}

static int link_explicit(xf *x, const char *relative_id, const char *api_id, api_event_link *out)
{
	cJSON *res = template_resource(x, api_id);
	if (!cJSON_IsObject(res))
		return xf_fail_event(x, relative_id,
				     "RestApiId property of Api event must reference a valid resource in the same "
				     "template.");
	cJSON *props = cJSON_GetObjectItemCaseSensitive(res, "Properties");
	if (!props)
		props = out->scratch = cJSON_CreateObject();
	if (!props)
		return XF_NOMEM;
	if (!cJSON_IsObject(props))
		return xf_fail_resource(x, api_id, "Attribute 'Properties' should be a map.");
	out->explicit_api = props;
	const cJSON *stage = xf_get(props, "StageName");
	if (cJSON_IsString(stage) && !*stage->valuestring)
		return xf_fail_resource(x, api_id, "StageName cannot be empty.");
	out->stage = cJSON_IsString(stage) ? cJSON_Duplicate(stage, 1) : cJSON_CreateString("Stage");
	return out->stage ? XF_OK : XF_NOMEM;
}

int api_event_resources_to_link(xf *x, const char *relative_id, const cJSON *rest_api_id, api_event_link *out)
{
	memset(out, 0, sizeof(*out));
	const cJSON *id = rest_api_id_string(rest_api_id);
	if (!cJSON_IsString(id)) {
		out->stage = cJSON_CreateString("AllStages");
		return out->stage ? XF_OK : XF_NOMEM;
	}
	out->api_id = id->valuestring;
	return link_explicit(x, relative_id, id->valuestring, out);
}

static int api_link(xf *x, const xf_fn *fn, xf_event *ev)
{
	(void)fn;
	api_event_link l;
	int rc = api_event_resources_to_link(x, ev->relative_id, push_prop(ev, "RestApiId"), &l);
	if (rc == XF_OK) {
		ev->linked = l.explicit_api;
		free(ev->linked_id);
		ev->linked_id = l.api_id ? samc_strdup(l.api_id) : NULL;
	}
	api_event_link_free(&l);
	return rc;
}

/* ---- the permission ---- */

/* re.sub(r"^(.+)/$", r"\1", path) then get_path_without_trailing_slash. */
static char *permission_path(const char *path)
{
	char *p = samc_strdup(path);
	size_t n = p ? strlen(p) : 0;
	if (n >= 2 && p[n - 1] == '/' && !strchr(p, '\n'))
		p[n - 1] = '\0';
	char *out = p ? swagger_get_path_without_trailing_slash_str(p) : NULL;
	free(p);
	return out;
}

static char *ascii_case(const char *s, bool upper)
{
	char *out = samc_strdup(s);
	for (char *p = out; p && *p; p++)
		if (upper && *p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
		else if (!upper && *p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return out;
}

static int emit_permission(xf *x, xf_fn *fn, xf_event *ev, const char *method, const cJSON *suffix)
{
	char *path = permission_path(xf_get_str(ev->props, "Path"));
	char *upper = ascii_case(method, true);
	char *arn = (path && upper) ? samc_strfmt("arn:%s:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/"
						  "${__Stage__}/%s%s",
						  x->partition, strcmp(method, "any") == 0 ? "*" : upper, path)
				    : NULL;
	cJSON *sub = arn ? cJSON_CreateObject() : NULL, *args = cJSON_CreateArray(), *vars = cJSON_CreateObject();
	int rc = XF_NOMEM;
	if (sub && args && vars) {
		SAMC_JSON_ADD(vars, "__ApiId__", cJSON_Duplicate(push_prop(ev, "RestApiId"), 1));
		SAMC_JSON_ADD_STRING(vars, "__Stage__", "*");
		cJSON_AddItemToArray(args, cJSON_CreateString(arn));
		cJSON_AddItemToArray(args, vars);
		SAMC_JSON_ADD(sub, "Fn::Sub", args);
		args = vars = NULL;
		push_permission perm = {.suffix = suffix->valuestring, .principal = "apigateway.amazonaws.com",
					.source_arn = sub};
		rc = push_emit_permission(x, fn, ev, &perm, NULL);
	}
	cJSON_Delete(sub);
	cJSON_Delete(args);
	cJSON_Delete(vars);
	free(arn);
	free(upper);
	free(path);
	return rc;
}

/* ---- the integration ---- */

/* _build_apigw_integration_uri(function, partition, ResponseTransferMode): the function's Arn
 * (its alias when there is one) in a Py27Dict Fn::Sub; a Py27UniStr when the function's logical
 * id is one (an id from a converted template). */
static cJSON *integration_uri(xf *x, const xf_fn *fn, const cJSON *transfer_mode)
{
	bool stream = cJSON_IsString(transfer_mode) && strcmp(transfer_mode->valuestring, "RESPONSE_STREAM") == 0;
	char *target = fn->alias_id ? samc_strfmt("${%s}", fn->alias_id) : samc_strfmt("${%s.Arn}", fn->id);
	char *arn = target ? samc_strfmt("arn:%s:apigateway:${AWS::Region}:lambda:path/%s/functions/%s%s", x->partition,
					 stream ? "2021-11-15" : "2015-03-31", target,
					 stream ? "/response-streaming-invocations" : "/invocations")
			   : NULL;
	free(target);
	const cJSON *member = xf_input_resource(x, fn->id);
	bool unicode = !fn->alias_id && member && (member->type & SAMC_PY27_KEY_UNICODE);
	cJSON *uri = arn ? py27_dict_new() : NULL;
	cJSON *s = arn ? cJSON_CreateString(arn) : NULL;
	free(arn);
	if (!uri || !s) {
		cJSON_Delete(uri);
		cJSON_Delete(s);
		return NULL;
	}
	py27_mark_unicode(s, unicode);
	py27_set(uri, "Fn::Sub", s);
	return uri;
}

static const cJSON *or_empty(const cJSON *v, cJSON *empty)
{
	return xf_truthy(v) ? v : empty;
}

/* editor.add_lambda_integration with the Auth checks that precede it. */
static int add_integration(xf *x, xf_fn *fn, xf_event *ev, const api_event_link *l, const cJSON *method,
			   swagger_editor *ed)
{
	const cJSON *path = xf_get(ev->props, "Path");
	bool exists = false;
	int rc = swagger_has_integration(ed, path, method, &exists);
	if (rc)
		return rc;
	if (exists)
		return xf_fail_event(x, ev->relative_id, "API method \"%s\" defined multiple times for path \"%s\".",
				     method->valuestring, path->valuestring);
	cJSON *empty = py27_dict_new(), *uri = integration_uri(x, fn, push_prop(ev, "ResponseTransferMode"));
	const cJSON *method_auth = or_empty(push_prop(ev, "Auth"), empty);
	const cJSON *api_auth = or_empty(xf_get(l->explicit_api, "Auth"), empty);
	if (!empty || !uri)
		rc = XF_NOMEM;
	else if (!cJSON_IsObject(method_auth))
		rc = xf_fail_event(x, ev->relative_id, "Property 'Auth' should be a map.");
	else if (!cJSON_IsObject(api_auth))
		rc = xf_fail_resource(x, l->api_id, "Property 'Auth' should be a map.");
	else
		rc = swagger_add_lambda_integration(ed, path, method, uri, method_auth, api_auth,
						    xf_get(fn->attrs, "Condition"), push_prop(ev, "ResponseTransferMode"));
	cJSON_Delete(empty);
	cJSON_Delete(uri);
	return rc;
}

/* Everything _add_swagger_integration puts on the method once it exists. */
static int edit_method(xf *x, xf_fn *fn, xf_event *ev, const api_event_link *l, const cJSON *method,
		       swagger_editor *ed)
{
	int rc = add_integration(x, fn, ev, l, method, ed);
	const cJSON *auth = push_prop(ev, "Auth"), *timeout = push_prop(ev, "TimeoutInMillis");
	const cJSON *path = xf_get(ev->props, "Path");
	if (rc == XF_OK && xf_truthy(auth))
		rc = api_event_add_auth_to_swagger(x, auth, l->explicit_api, l->api_id, ev->relative_id, method, path,
						   l->stage, ed);
	if (rc == XF_OK && xf_truthy(timeout))
		rc = swagger_add_timeout_to_method(ed, l->explicit_api, path, method, timeout);
	if (rc == XF_OK)
		rc = api_event_request_model(x, ev, l->explicit_api, method, ed);
	if (rc == XF_OK)
		rc = api_event_request_parameters(x, ev, method, ed);
	return rc;
}

/* Api._add_swagger_integration */
static int add_swagger_integration(xf *x, xf_fn *fn, xf_event *ev, const api_event_link *l, const cJSON *method)
{
	cJSON *api = l->explicit_api;
	const cJSON *body = xf_get(api, "DefinitionBody");
	if (!body || cJSON_IsNull(body))
		return XF_OK;
	bool merge = xf_truthy(xf_get(api, "MergeDefinitions"));
	cJSON *skeleton = merge ? swagger_gen_skeleton() : NULL;
	if (merge && !skeleton)
		return XF_NOMEM;
	swagger_editor ed;
	int rc = swagger_editor_init(&ed, x, merge ? skeleton : body);
	cJSON_Delete(skeleton);
	if (rc)
		return rc;
	rc = edit_method(x, fn, ev, l, method, &ed);
	cJSON *out = NULL;
	if (rc == XF_OK && merge)
		rc = api_event_merged_definitions(x, ev, l->api_id, api, method, &ed, &out);
	else if (rc == XF_OK && !(out = swagger_swagger(&ed)))
		rc = XF_NOMEM;
	swagger_editor_free(&ed);
	if (rc == XF_OK)
		api_dict_set(api, "DefinitionBody", out);
	return rc;
}

/* OverrideApiAuth: the event's Auth applied to an inline DefinitionBody. */
static int override_api_auth(xf *x, xf_event *ev, const api_event_link *l, const cJSON *method)
{
	const cJSON *body = xf_get(l->explicit_api, "DefinitionBody"), *auth = push_prop(ev, "Auth");
	if (!xf_truthy(body) || !xf_truthy(auth) || !xf_truthy(xf_get(auth, "OverrideApiAuth")))
		return XF_OK;
	if (!xf_truthy(xf_get(auth, "Authorizer")) && !xf_truthy(xf_get(auth, "ApiKeyRequired")) &&
	    !xf_truthy(xf_get(auth, "ResourcePolicy")))
		return xf_fail_event(x, ev->relative_id,
				     "Must define one of: Authorizer, ApiKeyRequired or ResourcePolicy when using the "
				     "OverrideApiAuth property.");
	swagger_editor ed;
	int rc = swagger_editor_init(&ed, x, body);
	if (rc)
		return rc;
	rc = api_event_add_auth_to_swagger(x, auth, l->explicit_api, l->api_id, ev->relative_id, method,
					   xf_get(ev->props, "Path"), l->stage, &ed);
	cJSON *out = rc ? NULL : swagger_swagger(&ed);
	swagger_editor_free(&ed);
	if (rc == XF_OK && !out)
		rc = XF_NOMEM;
	if (rc == XF_OK)
		api_dict_set(l->explicit_api, "DefinitionBody", out);
	return rc;
}

/* Api.to_cloudformation */
static int api_expand(xf *x, xf_fn *fn, xf_event *ev)
{
	const cJSON *method_prop = push_prop(ev, "Method");
	if (!cJSON_IsString(method_prop) || !cJSON_IsString(xf_get(ev->props, "Path")))
		return xf_fail_event(x, ev->relative_id, "'dict' object has no attribute 'lower'");
	api_event_link l;
	int rc = api_event_resources_to_link(x, ev->relative_id, push_prop(ev, "RestApiId"), &l);
	char *lower = rc ? NULL : ascii_case(method_prop->valuestring, false);
	cJSON *method = lower ? cJSON_CreateString(lower) : NULL;
	if (rc == XF_OK && !method)
		rc = XF_NOMEM;
	if (method)
		py27_mark_unicode(method, py27_is_unicode(method_prop));
	if (rc == XF_OK)
		rc = emit_permission(x, fn, ev, lower, l.stage);
	if (rc == XF_OK && !l.explicit_api)
		rc = xf_fail_event(x, ev->relative_id, "'NoneType' object has no attribute 'get'");
	if (rc == XF_OK && (xf_truthy(xf_get(l.explicit_api, "__MANAGE_SWAGGER")) ||
			    xf_truthy(xf_get(l.explicit_api, "MergeDefinitions"))))
		rc = add_swagger_integration(x, fn, ev, &l, method);
	if (rc == XF_OK)
		rc = override_api_auth(x, ev, &l, method);
	cJSON_Delete(method);
	free(lower);
	api_event_link_free(&l);
	return rc;
}

const xf_event_type xf_event_api = {
	.name = "Api",
	.props = API_EVENT_PROPS,
	.link = api_link,
	.expand = api_expand,
};
