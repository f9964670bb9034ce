/* swagger_request.c — request validators, request models and parameters on methods, the
 * Models definitions, and gateway responses (model/apigateway.py ApiGatewayResponse). */
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "json/members.h"
#include "transform/api/swagger_internal.h"
#include "util/buf.h"

#define X_VALIDATORS "x-amazon-apigateway-request-validators"

int swagger_add_request_validator_to_method(swagger_editor *ed, const cJSON *path, const cJSON *method_name,
					    bool validate_body, bool validate_parameters)
{
	const char *name = swagger_get_validator_name(validate_body, validate_parameters);
	cJSON *definition = sw_py27_dict(name,
					 sw_py27_dict("validateRequestBody", cJSON_CreateBool(validate_body),
						      "validateRequestParameters", cJSON_CreateBool(validate_parameters),
						      NULL),
					 NULL);
	if (!xf_truthy(xf_get(ed->doc, X_VALIDATORS)))
		sw_set(ed->doc, X_VALIDATORS, false, py27_dict_new());
	cJSON *validators = cJSON_GetObjectItemCaseSensitive(ed->doc, X_VALIDATORS);
	if (!xf_truthy(xf_get(validators, name)))
		sw_update(validators, definition);
	cJSON_Delete(definition);
	cJSON **defs = NULL;
	size_t n = 0;
	int rc = sw_method_defs(ed, sw_text(path), method_name, true, &defs, &n);
	cJSON *update = sw_py27_dict("x-amazon-apigateway-request-validator", cJSON_CreateString(name), NULL);
	for (size_t i = 0; i < n && rc == XF_OK; i++)
		sw_update(defs[i], update);
	cJSON_Delete(update);
	free(defs);
	return rc;
}

/* parameters.append(parameter) on the method's (possibly new) list. */
static void append_parameter(cJSON *def, cJSON *parameter)
{
	cJSON *existing = cJSON_GetObjectItemCaseSensitive(def, "parameters");
	cJSON *list = cJSON_IsArray(existing) ? sw_copy(existing) : cJSON_CreateArray();
	sw_append(list, parameter);
	sw_set(def, "parameters", false, list);
}

static cJSON *ref_dict(const char *prefix, const char *name)
{
	char *ref = samc_strfmt("%s%s", prefix, name);
	cJSON *d = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(d, "$ref", ref ? ref : "");
	free(ref);
	return d;
}

static void request_model_swagger(cJSON *def, const cJSON *model_name, const cJSON *required)
{
	cJSON *parameter = sw_py27_dict("in", cJSON_CreateString("body"), "name", sw_copy(model_name), "schema",
					ref_dict("#/definitions/", sw_text(model_name)), NULL);
	if (!sw_is_none(required))
		sw_set(parameter, "required", false, sw_copy(required));
	append_parameter(def, parameter);
}

static void request_model_openapi(cJSON *def, const cJSON *model_name, const cJSON *required)
{
	cJSON *schema = cJSON_CreateObject();
	SAMC_JSON_ADD(schema, "schema", ref_dict("#/components/schemas/", sw_text(model_name)));
	cJSON *content = cJSON_CreateObject();
	SAMC_JSON_ADD(content, "application/json", schema);
	cJSON *body = cJSON_CreateObject();
	SAMC_JSON_ADD(body, "content", content);
	if (!sw_is_none(required))
		SAMC_JSON_ADD(body, "required", sw_copy(required));
	sw_set(def, "requestBody", false, body);
}

int swagger_add_request_model_to_method(swagger_editor *ed, const cJSON *path, const cJSON *method_name,
					const cJSON *request_model)
{
	const cJSON *model = xf_get(request_model, "Model");
	char *lower = sw_lower(sw_text(model));
	cJSON *model_name = lower ? sw_str(lower, sw_is_ustr(model)) : NULL;
	free(lower);
	const cJSON *required = xf_truthy(request_model) ? xf_get(request_model, "Required") : NULL;
	cJSON **defs = NULL;
	size_t n = 0;
	int rc = sw_method_defs(ed, sw_text(path), method_name, true, &defs, &n);
	const cJSON *openapi = xf_get(ed->doc, "openapi");
	for (size_t i = 0; i < n && rc == XF_OK; i++) {
		if (!sw_is_none(xf_get(ed->doc, "swagger")))
			request_model_swagger(defs[i], model_name, required);
		else if (xf_truthy(openapi) && swagger_validate_open_api_version_3(openapi))
			request_model_openapi(defs[i], model_name, required);
	}
	free(defs);
	cJSON_Delete(model_name);
	return rc;
}

/* One request parameter: `location, name = parameter_name.replace("method.request.", "")
 * .split(".", 1)`, querystring -> query. */
static cJSON *request_parameter(const cJSON *setting)
{
	const cJSON *name_node = xf_get(setting, "Name");
	bool unicode = sw_is_ustr(name_node);
	char *location = sw_replace(sw_text(name_node), "method.request.", "");
	if (!location)
		return NULL;
	char *dot = strchr(location, '.');
	const char *name = "";
	if (dot) {
		*dot = '\0';
		name = dot + 1;
	}
	bool query = strcmp(location, "querystring") == 0;
	cJSON *required = sw_copy(xf_get(setting, "Required"));
	cJSON *parameter = sw_py27_dict("in", query ? cJSON_CreateString("query") : sw_str(location, unicode), "name",
					sw_str(name, unicode), "required", required ? required : cJSON_CreateNull(),
					"type", cJSON_CreateString("string"), NULL);
	free(location);
	return parameter;
}

static void cache_parameter(cJSON *def, const cJSON *name)
{
	cJSON *integration = cJSON_GetObjectItemCaseSensitive(def, SW_X_INTEGRATION);
	cJSON *existing = cJSON_GetObjectItemCaseSensitive(integration, "cacheKeyParameters");
	cJSON *list = cJSON_IsArray(existing) ? sw_copy(existing) : cJSON_CreateArray();
	sw_append(list, sw_copy(name));
	sw_set(integration, "cacheKeyParameters", false, list);
}

int swagger_add_request_parameters_to_method(swagger_editor *ed, const cJSON *path, const cJSON *method_name,
					     const cJSON *request_parameters)
{
	cJSON **defs = NULL;
	size_t n = 0;
	int rc = sw_method_defs(ed, sw_text(path), method_name, true, &defs, &n);
	for (size_t i = 0; i < n && rc == XF_OK; i++) {
		cJSON *existing = cJSON_GetObjectItemCaseSensitive(defs[i], "parameters");
		cJSON *list = cJSON_IsArray(existing) ? sw_copy(existing) : cJSON_CreateArray();
		for (const cJSON *s = cJSON_IsArray(request_parameters) ? request_parameters->child : NULL; s;
		     s = s->next) {
			sw_append(list, request_parameter(s));
			if (xf_truthy(xf_get(s, "Caching")))
				cache_parameter(defs[i], xf_get(s, "Name"));
		}
		sw_set(defs[i], "parameters", false, list);
	}
	free(defs);
	return rc;
}

int swagger_add_models(swagger_editor *ed, const cJSON *models)
{
	sw_ensure_dict(&ed->definitions, &ed->own_definitions);
	size_t n = 0;
	cJSON **members = sw_members(models, &n);
	int rc = XF_OK;
	for (size_t i = 0; i < n && rc == XF_OK; i++) {
		if (!xf_truthy(xf_get(members[i], "type"))) {
			rc = xf_fail_document(ed->x, "'Models' schema is missing 'type'.");
			break;
		}
		char *name = sw_lower(members[i]->string);
		if (name)
			sw_set(ed->definitions, name, sw_key_is_ustr(members[i]), sw_copy(members[i]));
		free(name);
	}
	free(members);
	return rc;
}

/* ---- gateway responses ---- */

static bool numeric_status(const char *s)
{
	size_t n = strspn(s, "0123456789");
	return n >= 1 && n <= 3 && (s[n] == '\0' || (s[n] == '\n' && s[n + 1] == '\0'));
}

/* str(status_code) (plain str). Malloc'd; NULL for None. */
static char *status_text(const cJSON *status)
{
	if (sw_is_none(status))
		return NULL;
	if (cJSON_IsNumber(status)) {
		char tmp[32];
		return samc_strdup(samc_number_text(status, tmp));
	}
	return sw_pystr(status);
}

int swagger_gateway_response_validate(xf *x, const swagger_gateway_response *r)
{
	static const char *allowed[] = {"Headers", "Paths", "QueryStrings"};
	size_t n = 0;
	cJSON **members = xf_truthy(r->response_parameters) ? sw_members(r->response_parameters, &n) : NULL;
	int rc = XF_OK;
	for (size_t i = 0; i < n && rc == XF_OK; i++) {
		const char *key = members[i]->string;
		if (strcmp(key, allowed[0]) && strcmp(key, allowed[1]) && strcmp(key, allowed[2]))
			rc = xf_fail_resource(x, r->api_logical_id, "Invalid gateway response parameter '%s'", key);
	}
	free(members);
	char *status = status_text(r->status_code);
	if (rc == XF_OK && xf_truthy(r->status_code) && !numeric_status(status ? status : ""))
		rc = xf_fail_resource(x, r->api_logical_id, "Property 'StatusCode' must be numeric");
	free(status);
	return rc;
}

/* _add_prefixes: gatewayresponse.{header|path|querystring}.<key> -> value. */
static int prefixed_parameters(xf *x, const swagger_gateway_response *r, cJSON *out)
{
	static const char *pairs[][2] = {{"Headers", "header."}, {"Paths", "path."}, {"QueryStrings", "querystring."}};
	for (size_t i = 0; i < 3; i++) {
		const cJSON *value = cJSON_GetObjectItemCaseSensitive(r->response_parameters, pairs[i][0]);
		if (!value)
			continue;
		char *path = samc_strfmt("ResponseParameters.%s", pairs[i][0]);
		int rc = xf_expect_map(x, r->api_logical_id, value, path ? path : "");
		free(path);
		if (rc != XF_OK)
			return rc;
		size_t n = 0;
		cJSON **members = sw_members(value, &n);
		for (size_t j = 0; j < n; j++) {
			char *key = samc_strfmt("gatewayresponse.%s%s", pairs[i][1], members[j]->string);
			if (key)
				sw_set(out, key, sw_key_is_ustr(members[j]), sw_copy(members[j]));
			free(key);
		}
		free(members);
	}
	return XF_OK;
}

int swagger_gateway_response_generate_swagger(xf *x, const swagger_gateway_response *r, cJSON **out)
{
	*out = NULL;
	cJSON *params = py27_dict_new();
	int rc = xf_truthy(r->response_parameters) ? prefixed_parameters(x, r, params) : XF_OK;
	if (rc != XF_OK) {
		cJSON_Delete(params);
		return rc;
	}
	cJSON *templates = xf_truthy(r->response_templates) ? sw_copy(r->response_templates) : py27_dict_new();
	cJSON *swagger = sw_py27_dict("responseParameters", params, "responseTemplates", templates, NULL);
	char *status = status_text(r->status_code);
	if (status && status[0])
		sw_set(swagger, "statusCode", false, cJSON_CreateString(status));
	free(status);
	*out = swagger;
	return XF_OK;
}

int swagger_add_gateway_responses(swagger_editor *ed, const swagger_gateway_response *responses, size_t n)
{
	sw_ensure_dict(&ed->gateway_responses, &ed->own_gateway_responses);
	cJSON *order = py27_dict_new();
	for (size_t i = 0; i < n; i++)
		py27_set(order, responses[i].response_type, samc_int_new((long long)i));
	size_t count = 0;
	cJSON **members = sw_members(order, &count);
	int rc = XF_OK;
	for (size_t i = 0; i < count && rc == XF_OK; i++) {
		const swagger_gateway_response *r = &responses[(size_t)members[i]->valuedouble];
		cJSON *entry = NULL;
		rc = swagger_gateway_response_generate_swagger(ed->x, r, &entry);
		if (rc == XF_OK)
			sw_set(ed->gateway_responses, r->response_type, r->response_type_unicode, entry);
	}
	free(members);
	cJSON_Delete(order);
	return rc;
}
