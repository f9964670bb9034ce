/* implicit_rest_api.c — ImplicitRestApiPlugin (plugins/api/implicit_rest_api_plugin.py): the
 * ServerlessRestApi built from the Api events of functions and state machines. */
#include <stdlib.h>

#include "json/members.h"
#include "transform/api/implicit_api_common.h"
#include "transform/api/swagger.h"

/* ImplicitApiResource: StageName Prod, the skeleton body, managed by SAM. */
static cJSON *implicit_resource(void)
{
	cJSON *res = cJSON_CreateObject(), *props = cJSON_CreateObject(), *body = swagger_gen_skeleton();
	if (!res || !props || !body) {
		cJSON_Delete(res);
		cJSON_Delete(props);
		cJSON_Delete(body);
		return NULL;
	}
	SAMC_JSON_ADD_STRING(res, "Type", "AWS::Serverless::Api");
	SAMC_JSON_ADD_STRING(props, "StageName", "Prod");
	SAMC_JSON_ADD(props, "DefinitionBody", body);
	SAMC_JSON_ADD(props, "__MANAGE_SWAGGER", cJSON_CreateTrue());
	SAMC_JSON_ADD(res, "Properties", props);
	return res;
}

static int definition_of(swagger_editor *ed, int rc, cJSON **out)
{
	if (rc == XF_OK) {
		*out = swagger_swagger(ed);
		if (!*out)
			rc = XF_NOMEM;
	}
	swagger_editor_free(ed);
	return rc;
}

static int body_add_path(xf *x, const cJSON *body, const cJSON *path, const cJSON *method, cJSON **out)
{
	swagger_editor ed;
	int rc = swagger_editor_init(&ed, x, body);
	if (rc)
		return rc;
	return definition_of(&ed, swagger_add_path(&ed, path, method), out);
}

static int body_make_paths_conditional(xf *x, const cJSON *body,
				       int (*condition_of)(implicit_api *a, const cJSON *path, const cJSON **name),
				       implicit_api *a, cJSON **out)
{
	swagger_editor ed;
	int rc = swagger_editor_init(&ed, x, body);
	if (rc)
		return rc;
	cJSON *paths = swagger_iter_on_path(&ed);
	rc = paths ? XF_OK : XF_NOMEM;
	for (const cJSON *p = paths ? paths->child : NULL; p && rc == XF_OK; p = p->next) {
		const cJSON *name = NULL;
		rc = condition_of(a, p, &name);
		if (rc == XF_OK && name)
			rc = swagger_make_path_conditional(&ed, p, name);
	}
	cJSON_Delete(paths);
	return definition_of(&ed, rc, out);
}

/* ImplicitRestApiPlugin._process_api_events */
static int process_events(implicit_api *a, const char *resource_id, cJSON *resource, cJSON **events, size_t n)
{
	(void)resource_id;
	for (size_t i = 0; i < n; i++) {
		const char *event_id = events[i]->string;
		cJSON *props = api_dict_member(events[i], "Properties");
		if (!xf_truthy(props))
			continue;
		if (!cJSON_IsObject(props))
			return xf_fail_event(a->x, event_id, "Properties should be a map.");
		const cJSON *api_id, *path, *method;
		int rc = implicit_api_add_tags_if_necessary(a, props, resource);
		if (rc)
			return rc;
		implicit_api_add_id_if_necessary(a, props);
		if ((rc = implicit_api_validate_event(a, event_id, props, &api_id, &path, &method)))
			return rc;
		rc = implicit_api_record_attributes(a, api_id->valuestring, path->valuestring, method->valuestring,
						    resource);
		if (rc == XF_OK)
			rc = implicit_api_add_to_body(a, event_id, props);
		if (rc)
			return rc;
	}
	return XF_OK;
}

static const implicit_api_kind REST_KIND = {
	.api_id_property = "RestApiId",
	.implicit_id = "ServerlessRestApi",
	.implicit_condition = "ServerlessRestApiCondition",
	.event_type = "Api",
	.api_type = "AWS::Serverless::Api",
	.implicit_resource = implicit_resource,
	.body_is_valid = swagger_is_valid,
	.body_add_path = body_add_path,
	.body_make_paths_conditional = body_make_paths_conditional,
	.process_events = process_events,
};

int xf_implicit_rest_api(xf *x)
{
	return implicit_api_run(x, &REST_KIND);
}
