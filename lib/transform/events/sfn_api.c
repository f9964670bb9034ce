/* sfn_api.c — the Api event of a state machine: the role API Gateway assumes to start executions,
 * and the path/method with its StartExecution integration in the body of a SAM-managed API. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/api/implicit_api_common.h"
#include "transform/events/api.h"
#include "transform/events/push_common.h"
#include "transform/events/sfn.h"
#include "transform/py27.h"
#include "util/buf.h"

static const xf_prop_spec API_PROPS[] = {
	{"Path", true, XF_IS_STR, false},
	{"Method", true, XF_IS_STR, false},
	{"RestApiId", true, XF_IS_STR, false},
	{"Stage", false, XF_IS_STR, false},
	{"Auth", false, XF_IS_DICT, false},
	{"UnescapeMappingTemplate", false, XF_IS_BOOL, true},
	{NULL, false, XF_ANY, false},
};

static int api_link(xf *x, const xf_fn *fn, xf_event *ev)
{
	(void)fn;
	api_event_link l;
	int rc = api_event_resources_to_link(x, ev->relative_id, push_prop(ev, "RestApiId"), &l);
	api_event_link_free(&l);
	return rc;
}

/* _generate_request_template(_unescaped): the execution input and the target's ARN. */
static cJSON *request_templates(const xf_fn *fn, const xf_event *ev)
{
	const char *target = xf_fn_target_id(fn);
	char *text = xf_truthy(push_prop(ev, "UnescapeMappingTemplate"))
			     ? samc_strfmt("{\"input\": \"$util.escapeJavaScript($input.json('$'))"
					   ".replaceAll(\"\\\\'\",\"'\")\", \"stateMachineArn\": \"${%s}\"}",
					   target)
			     : samc_strfmt("{\"input\": \"$util.escapeJavaScript($input.json('$'))\", "
					   "\"stateMachineArn\": \"${%s}\"}",
					   target);
	cJSON *templates = cJSON_CreateObject(), *sub = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(sub, "Fn::Sub", text ? text : "");
	SAMC_JSON_ADD(templates, "application/json", sub);
	free(text);
	return templates;
}

static int add_integration(xf *x, const xf_fn *fn, const xf_event *ev, const cJSON *method, const char *role_id,
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
	cJSON *uri = xf_sub("arn:${AWS::Partition}:apigateway:${AWS::Region}:states:action/StartExecution");
	cJSON *credentials = xf_getatt(role_id, "Arn");
	cJSON *templates = request_templates(fn, ev);
	rc = swagger_add_state_machine_integration(ed, path, method, uri, credentials, templates,
						   xf_get(fn->attrs, "Condition"));
	cJSON_Delete(uri);
	cJSON_Delete(credentials);
	cJSON_Delete(templates);
	return rc;
}

/* Api._add_swagger_integration */
static int add_swagger_integration(xf *x, const xf_fn *fn, const xf_event *ev, const api_event_link *l,
				   const cJSON *method, const char *role_id)
{
	cJSON *api = l->explicit_api;
	const cJSON *body = xf_get(api, "DefinitionBody");
	if (!body || cJSON_IsNull(body))
		return XF_OK;
	swagger_editor ed;
	int rc = swagger_editor_init(&ed, x, body);
	if (rc)
		return rc;
	rc = add_integration(x, fn, ev, method, role_id, &ed);
	const cJSON *auth = push_prop(ev, "Auth");
	if (rc == XF_OK && xf_truthy(auth))
		rc = api_event_add_auth_to_swagger(x, auth, api, l->api_id, ev->relative_id, method,
						   xf_get(ev->props, "Path"), push_prop(ev, "Stage"), &ed);
	cJSON *out = rc == XF_OK ? swagger_swagger(&ed) : NULL;
	if (rc == XF_OK && !out)
		rc = XF_NOMEM;
	swagger_editor_free(&ed);
	if (rc == XF_OK)
		api_dict_set(api, "DefinitionBody", out);
	return rc;
}

static cJSON *lower_method(const cJSON *method)
{
	char *lower = samc_strdup(method->valuestring);
	for (char *p = lower; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	cJSON *v = lower ? cJSON_CreateString(lower) : NULL;
	free(lower);
	if (v)
		py27_mark_unicode(v, py27_is_unicode(method));
	return v;
}

/* Api.to_cloudformation */
static int api_expand(xf *x, xf_fn *fn, xf_event *ev)
{
	const cJSON *method_prop = push_prop(ev, "Method");
	if (!cJSON_IsString(method_prop) || !cJSON_IsString(xf_get(ev->props, "Path")))
		return xf_fail_event(x, ev->relative_id, "'dict' object has no attribute 'lower'");
	char *role_id = NULL;
	int rc = sfn_emit_event_role(x, fn, ev, "apigateway.amazonaws.com", &role_id);
	api_event_link l = {0};
	if (rc == XF_OK)
		rc = api_event_resources_to_link(x, ev->relative_id, push_prop(ev, "RestApiId"), &l);
	if (rc == XF_OK && !l.explicit_api)
		rc = xf_fail_event(x, ev->relative_id, "'NoneType' object has no attribute 'get'");
	cJSON *method = rc == XF_OK ? lower_method(method_prop) : NULL;
	if (rc == XF_OK && !method)
		rc = XF_NOMEM;
	if (rc == XF_OK && xf_truthy(xf_get(l.explicit_api, "__MANAGE_SWAGGER")))
		rc = add_swagger_integration(x, fn, ev, &l, method, role_id);
	cJSON_Delete(method);
	free(role_id);
	api_event_link_free(&l);
	return rc;
}

const xf_event_type xf_sfn_event_api = {"Api", API_PROPS, api_link, api_expand};
