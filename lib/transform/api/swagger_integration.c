/* swagger_integration.c — the integrations SwaggerEditor writes (Lambda aws_proxy, Step
 * Functions aws), their URIs and invoke credentials, and the endpoint-configuration extension. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/api/swagger_internal.h"
#include "util/buf.h"

cJSON *swagger_build_apigw_integration_uri(const char *function_id, bool function_id_unicode,
					   const char *partition, const cJSON *response_transfer_mode)
{
	bool stream = sw_str_eq(response_transfer_mode, "RESPONSE_STREAM");
	char *arn = samc_strfmt("arn:%s:apigateway:${AWS::Region}:lambda:path/%s/functions/${%s.Arn}%s", partition,
				stream ? "2021-11-15" : "2015-03-31", function_id,
				stream ? "/response-streaming-invocations" : "/invocations");
	cJSON *out = arn ? sw_py27_dict("Fn::Sub", sw_str(arn, function_id_unicode), NULL) : NULL;
	free(arn);
	return out;
}

/* _get_invoke_role(method_invoke_role or api_invoke_role) for the AWS_IAM case; NULL when the
 * integration gets no credentials. Copies. */
static cJSON *invoke_role(const cJSON *auth)
{
	const cJSON *role = xf_get(auth, "InvokeRole");
	if (!xf_truthy(role) && role)
		return cJSON_CreateString("NONE");
	return xf_truthy(role) ? sw_copy(role) : NULL;
}

static cJSON *integration_credentials(xf *x, const cJSON *method_auth, const cJSON *api_auth)
{
	cJSON *role = invoke_role(method_auth);
	if (!xf_truthy(role)) {
		cJSON_Delete(role);
		role = invoke_role(api_auth);
	}
	if (!xf_truthy(role) || sw_str_eq(role, "CALLER_CREDENTIALS")) {
		cJSON_Delete(role);
		char *arn = samc_strfmt("arn:%s:iam::*:user/*", x->partition ? x->partition : "aws");
		role = arn ? cJSON_CreateString(arn) : NULL;
		free(arn);
	}
	if (sw_str_eq(role, "NONE")) {
		cJSON_Delete(role);
		return NULL;
	}
	return role;
}

static bool uses_aws_iam(const cJSON *method_auth, const cJSON *api_auth)
{
	return sw_str_eq(xf_get(method_auth, "Authorizer"), "AWS_IAM") ||
	       (sw_str_eq(xf_get(api_auth, "DefaultAuthorizer"), "AWS_IAM") && !xf_truthy(method_auth));
}

typedef struct lambda_args {
	const char *method;
	bool method_unicode;
	const cJSON *uri;
	const cJSON *method_auth, *api_auth, *condition, *invoke_mode;
} lambda_args;

static int lambda_integration_in(swagger_editor *ed, cJSON *path_item, const lambda_args *a)
{
	cJSON *def = cJSON_GetObjectItemCaseSensitive(path_item, a->method);
	if (!cJSON_IsObject(def))
		return xf_fail_document(ed->x, "Definition of method '%s' should be a map.", a->method);
	cJSON *integ = py27_dict_new();
	sw_set(integ, "type", false, cJSON_CreateString("aws_proxy"));
	sw_set(integ, "httpMethod", false, cJSON_CreateString("POST"));
	sw_set(integ, "uri", false, sw_copy(a->uri));
	if (sw_str_eq(a->invoke_mode, "RESPONSE_STREAM"))
		sw_set(integ, "responseTransferMode", false, cJSON_CreateString("STREAM"));
	if (uses_aws_iam(a->method_auth, a->api_auth)) {
		cJSON *cred = integration_credentials(ed->x, a->method_auth, a->api_auth);
		if (cred)
			sw_set(integ, "credentials", false, cred);
	}
	sw_set(def, SW_X_INTEGRATION, false, integ);
	sw_setdefault(def, "responses", false, py27_dict_new());
	if (!sw_is_none(a->condition)) {
		cJSON *wrap = sw_make_conditional(a->condition, cJSON_CreateNull());
		cJSON *old = sw_swap(path_item, a->method, wrap);
		cJSON_ReplaceItemInArray(cJSON_GetObjectItemCaseSensitive(wrap, SW_FN_IF), 1, old);
	}
	return XF_OK;
}

/* The common prologue of both integrations: normalized method, duplicate check, add_path, and
 * the path's branches. */
static int prepare(swagger_editor *ed, const cJSON *path, const cJSON *method, const char *what, cJSON **norm,
		   cJSON ***items, size_t *k)
{
	*items = NULL;
	*k = 0;
	*norm = swagger_normalize_method_name(method);
	if (!cJSON_IsString(*norm) || !cJSON_IsString(path))
		return xf_fail_document(ed->x, "%s", "Invalid path or method for an integration.");
	bool exists = false;
	int rc = swagger_has_integration(ed, path, *norm, &exists);
	if (rc == XF_OK && exists)
		rc = xf_fail_document(ed->x, "%s already exists on Path=%s, Method=%s", what, path->valuestring,
				      (*norm)->valuestring);
	if (rc == XF_OK)
		rc = swagger_add_path(ed, path, *norm);
	if (rc == XF_OK)
		rc = sw_conditional(ed->x, cJSON_GetObjectItemCaseSensitive(ed->paths, path->valuestring), items, k);
	for (size_t i = 0; i < *k && rc == XF_OK; i++)
		rc = swagger_validate_path_item_is_dict(ed->x, (*items)[i], path->valuestring);
	return rc;
}

int swagger_add_lambda_integration(swagger_editor *ed, const cJSON *path, const cJSON *method,
				   const cJSON *integration_uri, const cJSON *method_auth_config,
				   const cJSON *api_auth_config, const cJSON *condition,
				   const cJSON *invoke_mode)
{
	cJSON *norm = NULL, **items = NULL;
	size_t k = 0;
	int rc = prepare(ed, path, method, "Lambda integration", &norm, &items, &k);
	cJSON *uri = NULL;
	if (rc == XF_OK)
		uri = xf_truthy(condition) ? sw_make_conditional(condition, sw_copy(integration_uri))
					   : sw_copy(integration_uri);
	lambda_args a = {norm ? norm->valuestring : "", sw_is_ustr(norm), uri, method_auth_config,
			 api_auth_config, xf_truthy(condition) ? condition : NULL, invoke_mode};
	for (size_t i = 0; i < k && rc == XF_OK; i++)
		rc = lambda_integration_in(ed, items[i], &a);
	cJSON_Delete(uri);
	cJSON_Delete(norm);
	free(items);
	return rc;
}

static cJSON *status_responses(const char *key, const char *v200, const char *v400)
{
	return sw_py27_dict("200", sw_py27_dict(key, cJSON_CreateString(v200), NULL), "400",
			    sw_py27_dict(key, cJSON_CreateString(v400), NULL), NULL);
}

typedef struct sfn_args {
	const char *method;
	const cJSON *uri, *credentials, *request_templates, *condition;
} sfn_args;

static int sfn_integration_in(swagger_editor *ed, cJSON *path_item, const sfn_args *a)
{
	cJSON *def = cJSON_GetObjectItemCaseSensitive(path_item, a->method);
	if (!cJSON_IsObject(def))
		return xf_fail_document(ed->x, "Definition of method '%s' should be a map.", a->method);
	cJSON *integ = sw_py27_dict("type", cJSON_CreateString("aws"), "httpMethod", cJSON_CreateString("POST"),
				    "uri", sw_copy(a->uri), "responses",
				    status_responses("statusCode", "200", "400"), "credentials",
				    a->credentials ? sw_copy(a->credentials) : cJSON_CreateNull(), NULL);
	sw_set(def, SW_X_INTEGRATION, false, integ);
	sw_setdefault(def, "responses", false, status_responses("description", "OK", "Bad Request"));
	if (xf_truthy(a->request_templates)) {
		cJSON *update = cJSON_CreateObject();
		SAMC_JSON_ADD(update, "requestTemplates", sw_copy(a->request_templates));
		sw_update(cJSON_GetObjectItemCaseSensitive(def, SW_X_INTEGRATION), update);
		cJSON_Delete(update);
	}
	if (xf_truthy(a->condition)) {
		cJSON *wrap = sw_make_conditional(a->condition, cJSON_CreateNull());
		cJSON *old = sw_swap(path_item, a->method, wrap);
		cJSON_ReplaceItemInArray(cJSON_GetObjectItemCaseSensitive(wrap, SW_FN_IF), 1, old);
	}
	return XF_OK;
}

int swagger_add_state_machine_integration(swagger_editor *ed, const cJSON *path, const cJSON *method,
					  const cJSON *integration_uri, const cJSON *credentials,
					  const cJSON *request_templates, const cJSON *condition)
{
	cJSON *norm = NULL, **items = NULL;
	size_t k = 0;
	int rc = prepare(ed, path, method, "Integration", &norm, &items, &k);
	cJSON *uri = NULL;
	if (rc == XF_OK)
		uri = xf_truthy(condition) ? sw_make_conditional(condition, sw_copy(integration_uri))
					   : sw_copy(integration_uri);
	sfn_args a = {norm ? norm->valuestring : "", uri, credentials, request_templates, condition};
	for (size_t i = 0; i < k && rc == XF_OK; i++)
		rc = sfn_integration_in(ed, items[i], &a);
	cJSON_Delete(uri);
	cJSON_Delete(norm);
	free(items);
	return rc;
}

/* utils.dict_deep_set(d, "x-amazon-apigateway-endpoint-configuration.disableExecuteApiEndpoint",
 * value); on a non-dict returns the InvalidValueType text in *err (malloc'd). */
static void endpoint_deep_set(cJSON *d, const cJSON *value, char **err)
{
	static const char *outer = "x-amazon-apigateway-endpoint-configuration";
	*err = NULL;
	if (!cJSON_IsObject(d)) {
		*err = samc_strdup("It should be a map");
		return;
	}
	cJSON *conf = sw_setdefault(d, outer, false, cJSON_CreateObject());
	if (!cJSON_IsObject(conf)) {
		*err = samc_strfmt("The value of '%s' should be a map", outer);
		return;
	}
	sw_set(conf, "disableExecuteApiEndpoint", false, sw_copy(value));
}

static int endpoint_in_servers(swagger_editor *ed, const cJSON *value)
{
	cJSON *servers = cJSON_GetObjectItemCaseSensitive(ed->doc, "servers");
	cJSON *list = servers ? sw_copy(servers) : cJSON_CreateArray();
	if (!servers)
		sw_append(list, py27_dict_new());
	int index = 0, rc = XF_OK;
	if (cJSON_IsString(list) && list->valuestring[0])
		rc = xf_fail_document(ed->x, "Invalid OpenAPI definition of 'servers[0]': It should be a map.");
	for (cJSON *c = cJSON_IsArray(list) || cJSON_IsObject(list) ? list->child : NULL; c && rc == XF_OK;
	     c = c->next, index++) {
		char *err = NULL;
		endpoint_deep_set(cJSON_IsArray(list) ? c : NULL, value, &err);
		if (err)
			rc = xf_fail_document(ed->x, "Invalid OpenAPI definition of 'servers[%d]': %s.", index, err);
		free(err);
	}
	if (rc == XF_OK)
		sw_set(ed->doc, "servers", false, list);
	else
		cJSON_Delete(list);
	return rc;
}

int swagger_add_disable_execute_api_endpoint_extension(swagger_editor *ed, const cJSON *value)
{
	const cJSON *openapi = xf_get(ed->doc, "openapi");
	if (xf_truthy(openapi) && swagger_validate_open_api_version_3(openapi))
		return endpoint_in_servers(ed, value);
	char *err = NULL;
	endpoint_deep_set(ed->doc, value, &err);
	int rc = err ? xf_fail_document(ed->x, "Invalid OpenAPI definition: %s.", err) : XF_OK;
	free(err);
	return rc;
}
