/* api_swagger.c — what an Api event adds to a method of the API's body besides the integration:
 * Auth (Api.add_auth_to_swagger), RequestModel, RequestParameters, and MergeDefinitions. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/api/implicit_api_common.h"
#include "transform/events/api.h"
#include "transform/intrinsics.h"
#include "transform/py27.h"
#include "util/buf.h"

static const cJSON *get(const cJSON *obj, const char *key)
{
	const cJSON *v = xf_get(obj, key);
	return cJSON_IsNull(v) ? NULL : v;
}

/* ---- Auth ---- */

/* _check_valid_authorizer_types (IAM authorizer not enabled for REST events) */
static int check_authorizer_type(xf *x, const char *event_id, const char *method, const char *path,
				 const cJSON *authorizer, const cJSON *api_authorizers)
{
	if (cJSON_IsString(authorizer) && strcmp(authorizer->valuestring, "NONE") == 0)
		return XF_OK;
	if (cJSON_IsString(authorizer) && cJSON_IsObject(api_authorizers))
		return XF_OK;
	char *name = xf_pystr(authorizer);
	int rc = xf_fail_event(x, event_id,
			       "Unable to set Authorizer [%s] on API method [%s] for path [%s]. The method authorizer "
			       "must be a string with a corresponding dict entry in the api authorizer.",
			       name ? name : "", method, path);
	free(name);
	return rc;
}

static int check_named_authorizer(xf *x, const char *event_id, const char *method, const char *path,
				  const cJSON *authorizer, const cJSON *api_authorizers)
{
	char *name = xf_pystr(authorizer);
	int rc = XF_OK;
	if (!xf_truthy(api_authorizers))
		rc = xf_fail_event(x, event_id,
				   "Unable to set Authorizer [%s] on API method [%s] for path [%s] because the related "
				   "API does not define any Authorizers.",
				   name ? name : "", method, path);
	else if ((rc = check_authorizer_type(x, event_id, method, path, authorizer, api_authorizers)) == XF_OK &&
		 !xf_truthy(get(api_authorizers, authorizer->valuestring)))
		rc = xf_fail_event(x, event_id,
				   "Unable to set Authorizer [%s] on API method [%s] for path [%s] because it wasn't "
				   "defined in the API's Authorizers.",
				   name ? name : "", method, path);
	free(name);
	return rc;
}

/* The method authorizer checks of add_auth_to_swagger. */
static int check_method_authorizer(xf *x, const char *event_id, const char *api_id, const char *method,
				   const char *path, const cJSON *authorizer, const cJSON *api_auth)
{
	const cJSON *api_authorizers = xf_truthy(api_auth) ? get(api_auth, "Authorizers") : NULL;
	if (xf_truthy(api_authorizers) && !cJSON_IsObject(api_authorizers))
		return xf_fail_resource(x, api_id, "Property 'Auth.Authorizers' should be a map.");
	if (cJSON_IsString(authorizer) && strcmp(authorizer->valuestring, "AWS_IAM") == 0)
		return XF_OK;
	if (!cJSON_IsString(authorizer) || strcmp(authorizer->valuestring, "NONE") != 0)
		return check_named_authorizer(x, event_id, method, path, authorizer, api_authorizers);
	if (!xf_truthy(api_auth) || !xf_truthy(get(api_auth, "DefaultAuthorizer")))
		return xf_fail_event(x, event_id,
				     "Unable to set Authorizer on API method [%s] for path [%s] because 'NONE' is only a "
				     "valid value when a DefaultAuthorizer on the API is specified.",
				     method, path);
	return XF_OK;
}

static int check_scopes_and_apikey(xf *x, const char *event_id, const char *method, const char *path,
				   const cJSON *event_auth, const cJSON *api_auth)
{
	const cJSON *authorizer = get(event_auth, "Authorizer"), *scopes = get(event_auth, "AuthorizationScopes");
	if (xf_truthy(scopes)) {
		if (!cJSON_IsArray(scopes))
			return xf_fail_event(x, event_id, "Property 'Auth.AuthorizationScopes' should be a list.");
		if (!xf_truthy(authorizer))
			return xf_fail_event(x, event_id, "AuthorizationScopes works only when Authorizer is set");
	}
	const cJSON *apikey = get(event_auth, "ApiKeyRequired");
	if (apikey && !xf_truthy(apikey) && (!xf_truthy(api_auth) || !xf_truthy(get(api_auth, "ApiKeyRequired"))))
		return xf_fail_event(x, event_id,
				     "Unable to set ApiKeyRequired [False] on API method [%s] for path [%s] because the "
				     "related API does not specify any ApiKeyRequired.",
				     method, path);
	return XF_OK;
}

static int add_event_resource_policy(xf *x, const char *event_id, const cJSON *event_auth, const cJSON *path,
				     const cJSON *stage, swagger_editor *ed)
{
	const cJSON *policy = get(event_auth, "ResourcePolicy");
	if (!xf_truthy(policy))
		return XF_OK;
	if (!cJSON_IsObject(policy))
		return xf_fail_resource(x, event_id, "Property 'Auth.ResourcePolicy' should be a map.");
	int rc = swagger_add_resource_policy(ed, policy, path, stage);
	const cJSON *custom = get(policy, "CustomStatements");
	if (rc == XF_OK && xf_truthy(custom))
		rc = swagger_add_custom_statements(ed, custom);
	return rc;
}

int api_event_add_auth_to_swagger(xf *x, const cJSON *event_auth, const cJSON *api, const char *api_id,
				  const char *event_id, const cJSON *method, const cJSON *path, const cJSON *stage,
				  swagger_editor *ed)
{
	const char *m = method->valuestring, *p = path->valuestring;
	cJSON *api_auth = xf_resolved_copy(x, get(api, "Auth"));
	const cJSON *authorizer = get(event_auth, "Authorizer");
	int rc = XF_OK;
	if (xf_truthy(authorizer))
		rc = check_method_authorizer(x, event_id, api_id, m, p, authorizer, api_auth);
	if (rc == XF_OK)
		rc = check_scopes_and_apikey(x, event_id, m, p, event_auth, api_auth);
	if (rc == XF_OK && (xf_truthy(authorizer) || get(event_auth, "ApiKeyRequired")))
		rc = swagger_add_auth_to_method(ed, path, method, event_auth, api);
	if (rc == XF_OK)
		rc = add_event_resource_policy(x, event_id, event_auth, path, stage, ed);
	cJSON_Delete(api_auth);
	return rc;
}

/* ---- RequestModel ---- */

static int model_error(xf *x, const xf_event *ev, const cJSON *model, const char *method, const char *why)
{
	char *name = xf_pystr(model);
	int rc = xf_fail_event(x, ev->relative_id,
			       "Unable to set RequestModel [%s] on API method [%s] for path [%s] because %s.",
			       name ? name : "", method, xf_get_str(ev->props, "Path"), why);
	free(name);
	return rc;
}

static int request_validator(xf *x, const xf_event *ev, const cJSON *request_model, const cJSON *method,
			     swagger_editor *ed)
{
	const cJSON *body = get(request_model, "ValidateBody"), *params = get(request_model, "ValidateParameters");
	if (!body && !params)
		return XF_OK;
	if ((body && !cJSON_IsBool(body)) || (params && !cJSON_IsBool(params))) {
		char *name = xf_pystr(get(request_model, "Model"));
		int rc = xf_fail_event(x, ev->relative_id,
				       "Unable to set Validator to RequestModel [%s] on API method [%s] for path [%s] "
				       "ValidateBody and ValidateParameters must be a boolean type, strings or "
				       "intrinsics are not supported.",
				       name ? name : "", method->valuestring, xf_get_str(ev->props, "Path"));
		free(name);
		return rc;
	}
	return swagger_add_request_validator_to_method(ed, xf_get(ev->props, "Path"), method, cJSON_IsTrue(body),
						       cJSON_IsTrue(params));
}

int api_event_request_model(xf *x, const xf_event *ev, const cJSON *api, const cJSON *method, swagger_editor *ed)
{
	const cJSON *request_model = get(ev->props, "RequestModel");
	if (!xf_truthy(request_model))
		return XF_OK;
	if (!cJSON_IsObject(request_model))
		return xf_fail_event(x, ev->relative_id, "Property 'RequestModel' should be a map.");
	const cJSON *model = get(request_model, "Model");
	if (!xf_truthy(model))
		return XF_OK;
	const cJSON *models = get(api, "Models");
	const char *m = method->valuestring;
	if (!xf_truthy(models))
		return model_error(x, ev, model, m, "the related API does not define any Models");
	if (!cJSON_IsObject(models))
		return model_error(x, ev, model, m, "the related API Models defined is of invalid type");
	if (!cJSON_IsString(model))
		return model_error(x, ev, model, m, "the related API does not contain valid Models");
	if (!xf_truthy(get(models, model->valuestring)))
		return model_error(x, ev, model, m, "it wasn't defined in the API's Models");
	int rc = swagger_add_request_model_to_method(ed, xf_get(ev->props, "Path"), method, request_model);
	return rc ? rc : request_validator(x, ev, request_model, method, ed);
}

/* ---- RequestParameters ---- */

/* re.match(r"method\.request\.(querystring|path|header)\.", name) */
static bool valid_parameter_name(const char *name)
{
	static const char *const prefixes[] = {"method.request.querystring.", "method.request.path.",
					       "method.request.header."};
	for (size_t i = 0; i < 3; i++)
		if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

static const char BAD_KEY[] = "Invalid value for 'RequestParameters' property. Keys must be in the format "
			      "'method.request.[querystring|path|header].{value}', e.g "
			      "'method.request.header.Authorization'.";

/* {"Required": False, "Caching": False} updated with the parameter's settings, then Name. */
static cJSON *parameter_settings(const cJSON *values, cJSON *name)
{
	cJSON *s = cJSON_CreateObject();
	if (!s || !name) {
		cJSON_Delete(s);
		cJSON_Delete(name);
		return NULL;
	}
	SAMC_JSON_ADD(s, "Required", cJSON_CreateFalse());
	SAMC_JSON_ADD(s, "Caching", cJSON_CreateFalse());
	size_t n;
	const char **keys = api_dict_keys(values, &n);
	for (size_t i = 0; i < n; i++)
		py27_set(s, keys[i], cJSON_Duplicate(xf_get(values, keys[i]), 1));
	free(keys);
	py27_set(s, "Name", name);
	return s;
}

static bool only_settings_keys(const cJSON *values)
{
	for (const cJSON *c = values->child; c; c = c->next)
		if (strcmp(c->string, "Required") != 0 && strcmp(c->string, "Caching") != 0)
			return false;
	return true;
}

/* One RequestParameters entry as push.py normalises it. */
static int one_parameter(xf *x, const xf_event *ev, const cJSON *parameter, cJSON **out)
{
	*out = NULL;
	if (cJSON_IsString(parameter)) {
		if (!valid_parameter_name(parameter->valuestring))
			return xf_fail_event(x, ev->relative_id, "%s", BAD_KEY);
		*out = parameter_settings(NULL, cJSON_Duplicate(parameter, 1));
		return *out ? XF_OK : XF_NOMEM;
	}
	if (!cJSON_IsObject(parameter) || !parameter->child)
		return xf_fail_event(x, ev->relative_id,
				     "Invalid value for 'RequestParameters' property. Property must be either a string "
				     "or an object");
	size_t n;
	const char **keys = api_dict_keys(parameter, &n);
	cJSON *first = n ? api_dict_member(parameter, keys[0]) : NULL;
	free(keys);
	if (!first)
		return XF_NOMEM;
	if (!valid_parameter_name(first->string))
		return xf_fail_event(x, ev->relative_id, "%s", BAD_KEY);
	if (!cJSON_IsObject(first) || !only_settings_keys(first))
		return xf_fail_event(x, ev->relative_id,
				     "Invalid value for 'RequestParameters' property. Values must be an object, e.g { "
				     "Required: true, Caching: false }");
	cJSON *name = cJSON_CreateString(first->string);
	if (name)
		py27_mark_unicode(name, (first->type & SAMC_PY27_KEY_UNICODE) != 0);
	*out = parameter_settings(first, name);
	return *out ? XF_OK : XF_NOMEM;
}

int api_event_request_parameters(xf *x, const xf_event *ev, const cJSON *method, swagger_editor *ed)
{
	const cJSON *params = get(ev->props, "RequestParameters");
	if (!xf_truthy(params))
		return XF_OK;
	cJSON *list = cJSON_CreateArray();
	int rc = list ? XF_OK : XF_NOMEM;
	for (const cJSON *p = cJSON_IsArray(params) ? params->child : NULL; p && rc == XF_OK; p = p->next) {
		cJSON *settings = NULL;
		rc = one_parameter(x, ev, p, &settings);
		if (settings)
			cJSON_AddItemToArray(list, settings);
	}
	if (rc == XF_OK)
		rc = swagger_add_request_parameters_to_method(ed, xf_get(ev->props, "Path"), method, list);
	cJSON_Delete(list);
	return rc;
}

/* ---- MergeDefinitions ---- */

/* dict_deep_get(paths, [path, method]) or {}; fails like InvalidValueType. */
static int path_method_body(xf *x, const char *api_id, const cJSON *paths, const char *path, const char *method,
			    const cJSON **out)
{
	*out = NULL;
	const cJSON *item = paths ? get(paths, path) : NULL;
	if (item && !cJSON_IsObject(item))
		return xf_fail_resource(x, api_id, "Property 'DefinitionBody' is invalid: The value of '%s' should be a map",
					path);
	*out = item ? get(item, method) : NULL;
	return XF_OK;
}

/* {**source, **generated} as a plain dict (a key already there keeps its first key object). */
static cJSON *merge_methods(const cJSON *source, const cJSON *generated)
{
	cJSON *merged = cJSON_CreateObject();
	const cJSON *parts[] = {source, generated};
	for (size_t p = 0; merged && p < 2; p++) {
		size_t n = 0;
		const cJSON **members = cJSON_IsObject(parts[p]) ? py27_members(parts[p], &n) : NULL;
		for (size_t i = 0; i < n; i++) {
			cJSON *v = cJSON_Duplicate(members[i], 1);
			if (members[i]->type & SAMC_PY27_KEY_UNICODE)
				py27_set_ukey(merged, members[i]->string, v);
			else
				py27_set(merged, members[i]->string, v);
		}
		free(members);
	}
	return merged;
}

static int merge_into(xf *x, const xf_event *ev, const char *api_id, cJSON *paths, const cJSON *method,
		      const cJSON *generated)
{
	const char *path = xf_get_str(ev->props, "Path");
	const cJSON *existing;
	int rc = path_method_body(x, api_id, paths, path, method->valuestring, &existing);
	if (rc)
		return rc;
	if (existing && !cJSON_IsObject(existing)) {
		char *where = samc_strfmt("DefinitionBody.paths.%s.%s", path, method->valuestring);
		rc = xf_fail_resource(x, api_id, "Property '%s' should be a map.", where ? where : "");
		free(where);
		return rc;
	}
	cJSON *merged = merge_methods(existing, generated);
	if (!merged)
		return XF_NOMEM;
	cJSON *item = api_dict_member(paths, path);
	if (!cJSON_IsObject(item)) {
		cJSON *fresh = cJSON_CreateObject();
		if (py27_is_unicode(xf_get(ev->props, "Path")))
			py27_set_ukey(paths, path, fresh);
		else
			py27_set(paths, path, fresh);
		item = api_dict_member(paths, path);
	}
	if (py27_is_unicode(method))
		py27_set_ukey(item, method->valuestring, merged);
	else
		py27_set(item, method->valuestring, merged);
	return XF_OK;
}

int api_event_merged_definitions(xf *x, const xf_event *ev, const char *api_id, const cJSON *api,
				 const cJSON *method, swagger_editor *ed, cJSON **out)
{
	cJSON *merged = py27_copy(xf_get(api, "DefinitionBody"));
	cJSON *generated_doc = swagger_swagger(ed);
	cJSON *normalized = swagger_normalize_method_name(method);
	if (!merged || !generated_doc || !normalized) {
		cJSON_Delete(merged);
		cJSON_Delete(generated_doc);
		cJSON_Delete(normalized);
		return XF_NOMEM;
	}
	const cJSON *generated = xf_get(xf_get(xf_get(generated_doc, "paths"), xf_get_str(ev->props, "Path")),
					normalized->valuestring);
	cJSON *paths = api_dict_member(merged, "paths");
	if (xf_truthy(paths) && !cJSON_IsObject(paths)) {
		cJSON_Delete(merged);
		cJSON_Delete(generated_doc);
		cJSON_Delete(normalized);
		return xf_fail_resource(x, api_id, "Property 'DefinitionBody' is invalid: It should be a map");
	}
	cJSON *scratch = xf_truthy(paths) ? NULL : cJSON_CreateObject();
	int rc = merge_into(x, ev, api_id, scratch ? scratch : paths, method, generated);
	cJSON_Delete(scratch);
	cJSON_Delete(generated_doc);
	cJSON_Delete(normalized);
	if (rc) {
		cJSON_Delete(merged);
		return rc;
	}
	*out = merged;
	return XF_OK;
}
