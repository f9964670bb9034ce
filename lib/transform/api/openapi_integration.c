/* openapi_integration.c — OpenApiEditor's Lambda integrations: adding the aws_proxy integration
 * of a route, its path parameters and payload format version, and matching the $default route's
 * function. */
#include <stdlib.h>
#include <string.h>

#include "transform/api/openapi.h"
#include "transform/api/swagger_internal.h"

static bool alnum_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* re.findall(r"([A-Za-z0-9]+\.Arn)", arn)[0].split(".Arn")[0] compared with logical_id: the
 * first ".Arn" preceded by letters or digits names the function. */
static bool first_arn_names(const char *arn, const char *logical_id)
{
	for (const char *hit = strstr(arn, ".Arn"); hit; hit = strstr(hit + 1, ".Arn")) {
		const char *start = hit;
		while (start > arn && alnum_char(start[-1]))
			start--;
		if (start == hit)
			continue;
		size_t n = (size_t)(hit - start);
		return strlen(logical_id) == n && strncmp(start, logical_id, n) == 0;
	}
	return false;
}

/* Every branch of the integration's uri is a Fn::Sub naming the function. */
static int uri_names_function(xf *x, cJSON *uri, const char *logical_id, bool *out)
{
	*out = false;
	if (!cJSON_IsObject(uri))
		return XF_OK;
	cJSON **contents = NULL;
	size_t n = 0;
	int rc = sw_conditional(x, uri, &contents, &n);
	bool all = rc == XF_OK;
	for (size_t i = 0; i < n && all; i++) {
		const cJSON *arn = xf_get(contents[i], "Fn::Sub");
		all = cJSON_IsString(arn) && first_arn_names(arn->valuestring, logical_id);
	}
	free(contents);
	*out = all;
	return rc;
}

int openapi_is_integration_function_logical_id_match(openapi_editor *ed, const cJSON *path_name,
						     const cJSON *method_name, const char *logical_id, bool *out)
{
	int rc = openapi_has_integration(ed, path_name, method_name, out);
	if (rc != XF_OK || !*out)
		return rc;
	cJSON **defs = NULL;
	size_t n = 0;
	rc = sw_method_defs(&ed->base, sw_text(path_name), method_name, false, &defs, &n);
	for (size_t i = 0; i < n && rc == XF_OK && *out; i++) {
		cJSON *integration = cJSON_GetObjectItemCaseSensitive(defs[i], OPENAPI_X_INTEGRATION);
		if (integration && !cJSON_IsObject(integration))
			rc = xf_fail_document(ed->base.x, "Value of '" OPENAPI_X_INTEGRATION
							  "' must be a dictionary according to Swagger spec.");
		else
			rc = uri_names_function(ed->base.x, cJSON_GetObjectItemCaseSensitive(integration, "uri"),
						logical_id, out);
	}
	free(defs);
	if (rc != XF_OK)
		*out = false;
	return rc;
}

/* ---- add_lambda_integration ---- */

static cJSON *new_integration(const cJSON *uri, const cJSON *invoke_mode)
{
	cJSON *integration =
		sw_py27_dict("type", cJSON_CreateString("aws_proxy"), "httpMethod", cJSON_CreateString("POST"),
			     "payloadFormatVersion", cJSON_CreateString("2.0"), "uri", swagger_deepcopy(uri), NULL);
	if (integration && xf_truthy(invoke_mode))
		sw_set(integration, "invokeMode", false, swagger_deepcopy(invoke_mode));
	return integration;
}

/* path_item[method] = make_conditional(condition, path_item[method]). */
static void wrap_in_condition(cJSON *path_item, const char *method, const cJSON *condition)
{
	cJSON *wrap = sw_make_conditional(condition, cJSON_CreateNull());
	cJSON *old = wrap ? sw_swap(path_item, method, wrap) : NULL;
	if (!old) {
		cJSON_Delete(wrap);
		return;
	}
	cJSON_ReplaceItemInArray(cJSON_GetObjectItemCaseSensitive(wrap, SW_FN_IF), 1, old);
}

/* One branch of the path: the method's integration, default-route flag and responses. */
static void integrate_item(cJSON *path_item, const cJSON *method, bool default_route, const cJSON *uri,
			   const cJSON *condition, const cJSON *invoke_mode)
{
	const char *name = method->valuestring;
	cJSON *def = cJSON_GetObjectItemCaseSensitive(path_item, name);
	if (cJSON_IsNull(def)) {
		sw_set(path_item, name, false, py27_dict_new());
		def = cJSON_GetObjectItemCaseSensitive(path_item, name);
	}
	if (!cJSON_IsObject(def))
		return;
	sw_set(def, OPENAPI_X_INTEGRATION, false, new_integration(uri, invoke_mode));
	if (default_route)
		sw_set(def, "isDefaultRoute", false, cJSON_CreateTrue());
	sw_setdefault(def, "responses", false, py27_dict_new());
	if (xf_truthy(condition))
		wrap_in_condition(path_item, name, condition);
}

static int integrate_path(openapi_editor *ed, const cJSON *path, const cJSON *method, const cJSON *uri,
			  const cJSON *condition, const cJSON *invoke_mode)
{
	const char *p = sw_text(path);
	bool default_route = strcmp(p, OPENAPI_DEFAULT_PATH) == 0 && sw_str_eq(method, OPENAPI_X_ANY_METHOD);
	cJSON **items = NULL;
	size_t n = 0;
	int rc = sw_conditional(ed->base.x, cJSON_GetObjectItemCaseSensitive(ed->base.paths, p), &items, &n);
	for (size_t i = 0; i < n && rc == XF_OK; i++) {
		rc = swagger_validate_path_item_is_dict(ed->base.x, items[i], p);
		if (rc == XF_OK)
			integrate_item(items[i], method, default_route, uri, condition, invoke_mode);
	}
	free(items);
	return rc;
}

int openapi_add_lambda_integration(openapi_editor *ed, const cJSON *path, const cJSON *method,
				   const cJSON *integration_uri, const cJSON *method_auth_config,
				   const cJSON *api_auth_config, const cJSON *condition, const cJSON *invoke_mode)
{
	(void)method_auth_config;
	(void)api_auth_config;
	cJSON *norm = swagger_normalize_method_name(method);
	if (!norm)
		return XF_NOMEM;
	bool has = false;
	int rc = openapi_has_integration(ed, path, norm, &has);
	if (rc == XF_OK && !has && cJSON_IsString(norm))
		rc = openapi_add_path(ed, path, norm);
	if (rc == XF_OK && !has && cJSON_IsString(norm)) {
		cJSON *uri = xf_truthy(condition) ? sw_make_conditional(condition, swagger_deepcopy(integration_uri))
						  : swagger_deepcopy(integration_uri);
		rc = uri ? integrate_path(ed, path, norm, uri, condition, invoke_mode) : XF_NOMEM;
		cJSON_Delete(uri);
	}
	cJSON_Delete(norm);
	return rc;
}

/* ---- path parameters, payload format version ---- */

static cJSON *parameter_named(cJSON *parameters, const char *name)
{
	for (cJSON *p = parameters->child; p; p = p->next)
		if (sw_str_eq(xf_get(p, "name"), name))
			return p;
	return NULL;
}

static void add_parameters(cJSON *def, const cJSON *path_parameters)
{
	cJSON *parameters = sw_setdefault(def, "parameters", false, cJSON_CreateArray());
	if (!cJSON_IsArray(parameters))
		return;
	for (const cJSON *param = path_parameters->child; param; param = param->next) {
		cJSON *existing = parameter_named(parameters, param->valuestring);
		if (existing) {
			sw_set(existing, "in", false, cJSON_CreateString("path"));
			sw_set(existing, "required", false, cJSON_CreateTrue());
			continue;
		}
		sw_append(parameters, sw_py27_dict("name", py27_ustr(param->valuestring), "in",
						   cJSON_CreateString("path"), "required", cJSON_CreateTrue(), NULL));
	}
}

int openapi_add_path_parameters_to_method(openapi_editor *ed, const cJSON *api, const cJSON *path,
					  const cJSON *method_name, const cJSON *path_parameters)
{
	(void)api;
	cJSON **defs = NULL;
	size_t n = 0;
	int rc = sw_method_defs(&ed->base, sw_text(path), method_name, true, &defs, &n);
	for (size_t i = 0; i < n && rc == XF_OK; i++)
		add_parameters(defs[i], path_parameters);
	free(defs);
	return rc;
}

int openapi_add_payload_format_version_to_method(openapi_editor *ed, const cJSON *api, const cJSON *path,
						 const cJSON *method_name, const cJSON *payload_format_version)
{
	(void)api;
	cJSON **defs = NULL;
	size_t n = 0;
	int rc = sw_method_defs(&ed->base, sw_text(path), method_name, true, &defs, &n);
	for (size_t i = 0; i < n && rc == XF_OK; i++)
		sw_set(cJSON_GetObjectItemCaseSensitive(defs[i], OPENAPI_X_INTEGRATION), "payloadFormatVersion", false,
		       swagger_deepcopy(payload_format_version));
	free(defs);
	return rc;
}
