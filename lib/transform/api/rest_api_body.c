/* rest_api_body.c — the RestApi body of an AWS::Serverless::Api: Cors, GatewayResponses,
 * BinaryMediaTypes, Models, DisableExecuteApiEndpoint, then Body or BodyS3Location (ApiGenerator). */
#include <stdlib.h>
#include <string.h>

#include "transform/api/rest_api.h"
#include "transform/api/swagger.h"
#include "transform/py27.h"
#include "transform/s3_uri.h"
#include "util/buf.h"

#define CORS_WILDCARD "'*'"

/* Replaces r->body by the editor's document (the `swagger` property) and frees the editor. */
static int take_swagger(rest_api *r, swagger_editor *ed)
{
	cJSON *doc = swagger_swagger(ed);
	swagger_editor_free(ed);
	if (!doc)
		return XF_NOMEM;
	cJSON_Delete(r->body);
	r->body = doc;
	return XF_OK;
}

/* ---- Cors ---- */

typedef struct cors_properties {
	const cJSON *allow_methods, *allow_headers, *allow_origin, *max_age, *allow_credentials;
} cors_properties;

static const char *const CORS_FIELDS[] = {"AllowMethods", "AllowHeaders", "AllowOrigin", "MaxAge",
					  "AllowCredentials", NULL};

static bool is_cors_field(const char *key)
{
	for (const char *const *f = CORS_FIELDS; *f; f++)
		if (strcmp(*f, key) == 0)
			return true;
	return false;
}

/* CorsProperties(**cors) with its defaults ('*' origin, AllowCredentials False). A present null
 * is None. wildcard / no_credentials are the default nodes. */
static int cors_properties_of(rest_api *r, const cJSON *cors, const cJSON *wildcard,
			      const cJSON *no_credentials, cors_properties *p)
{
	*p = (cors_properties){NULL, NULL, wildcard, NULL, no_credentials};
	if (cJSON_IsString(cors) || ra_is_intrinsic(cors)) {
		p->allow_origin = cors;
		return XF_OK;
	}
	if (!cJSON_IsObject(cors))
		return xf_fail_resource(r->x, r->id, "Invalid value for 'Cors' property");
	size_t n;
	const char **keys = ra_keys(cors, &n);
	for (size_t i = 0; i < n; i++)
		if (!is_cors_field(keys[i])) {
			int rc = xf_fail_resource(r->x, r->id, "Invalid key '%s' for 'Cors' property.", keys[i]);
			free(keys);
			return rc;
		}
	free(keys);
	const cJSON **slots[] = {&p->allow_methods, &p->allow_headers, &p->allow_origin, &p->max_age,
				 &p->allow_credentials};
	for (size_t i = 0; CORS_FIELDS[i]; i++) {
		const cJSON *v = xf_get(cors, CORS_FIELDS[i]);
		if (v)
			*slots[i] = cJSON_IsNull(v) ? NULL : v;
	}
	return XF_OK;
}

/* path.rstrip("/") unless the path is "/" */
static char *normalized_path(const char *path)
{
	char *s = samc_strdup(path);
	if (!s || strcmp(s, "/") == 0)
		return s;
	size_t n = strlen(s);
	while (n && s[n - 1] == '/')
		s[--n] = '\0';
	return s;
}

static bool seen_before(cJSON *seen, const char *normalized)
{
	for (const cJSON *c = seen->child; c; c = c->next)
		if (strcmp(c->valuestring, normalized) == 0)
			return true;
	cJSON_AddItemToArray(seen, cJSON_CreateString(normalized));
	return false;
}

static int add_cors_to_paths(rest_api *r, swagger_editor *ed, const cors_properties *p)
{
	cJSON *paths = swagger_iter_on_path(ed), *seen = cJSON_CreateArray();
	int rc = (paths && seen) ? XF_OK : XF_NOMEM;
	for (const cJSON *path = paths ? paths->child : NULL; path && rc == XF_OK; path = path->next) {
		char *normalized = normalized_path(path->valuestring);
		if (!normalized) {
			rc = XF_NOMEM;
			break;
		}
		bool skip = seen_before(seen, normalized);
		free(normalized);
		if (skip)
			continue;
		rc = swagger_add_cors(ed, path, p->allow_origin, p->allow_headers, p->allow_methods, p->max_age,
				      p->allow_credentials);
		if (rc == XF_FAIL)
			swagger_template_error_to_resource(r->x, r->id);
	}
	cJSON_Delete(paths);
	cJSON_Delete(seen);
	return rc;
}

static int add_cors_with(rest_api *r, const cors_properties *p)
{
	if (!swagger_is_valid(r->body))
		return xf_fail_resource(r->x, r->id,
					"Unable to add Cors configuration because 'DefinitionBody' does not contain a "
					"valid Swagger definition.");
	if (cJSON_IsTrue(p->allow_credentials) && cJSON_IsString(p->allow_origin) &&
	    strcmp(p->allow_origin->valuestring, CORS_WILDCARD) == 0)
		return xf_fail_resource(r->x, r->id,
					"Unable to add Cors configuration because 'AllowCredentials' can not be true when "
					"'AllowOrigin' is \"'*'\" or not set");
	swagger_editor ed;
	int rc = swagger_editor_init(&ed, r->x, r->body);
	if (rc)
		return rc;
	rc = add_cors_to_paths(r, &ed, p);
	if (rc) {
		swagger_editor_free(&ed);
		return rc;
	}
	return take_swagger(r, &ed);
}

/* ApiGenerator._add_cors */
static int add_cors(rest_api *r)
{
	const cJSON *cors = ra_prop(r, "Cors");
	if (!xf_truthy(cors))
		return XF_OK;
	if (!xf_truthy(r->body))
		return xf_fail_resource(r->x, r->id,
					"Cors works only with inline Swagger specified in 'DefinitionBody' property.");
	cJSON *wildcard = cJSON_CreateString(CORS_WILDCARD), *no_credentials = cJSON_CreateFalse();
	cors_properties p;
	int rc = (wildcard && no_credentials) ? cors_properties_of(r, cors, wildcard, no_credentials, &p) : XF_NOMEM;
	if (rc == XF_OK)
		rc = add_cors_with(r, &p);
	cJSON_Delete(wildcard);
	cJSON_Delete(no_credentials);
	return rc;
}

/* ---- GatewayResponses ---- */

static bool is_response_property(const char *key)
{
	return strcmp(key, "ResponseParameters") == 0 || strcmp(key, "ResponseTemplates") == 0 ||
	       strcmp(key, "StatusCode") == 0;
}

static int check_gateway_response(rest_api *r, const char *key, const cJSON *value)
{
	if (ra_is_intrinsic(value))
		return xf_fail_resource(r->x, r->id,
					"Unable to set GatewayResponses attribute because intrinsic functions are not "
					"supported for this field.");
	if (!cJSON_IsObject(value))
		return xf_fail_resource(r->x, r->id,
					"Invalid property type '%s' for GatewayResponses. Expected an object of type "
					"'GatewayResponse'.",
					xf_pytype(value));
	size_t n;
	const char **keys = ra_keys(value, &n);
	int rc = XF_OK;
	for (size_t i = 0; i < n && rc == XF_OK; i++)
		if (!is_response_property(keys[i]))
			rc = xf_fail_resource(r->x, r->id,
					      "Invalid property '%s' in 'GatewayResponses' property '%s'.", keys[i], key);
	free(keys);
	return rc;
}

/* The ApiGatewayResponse of one entry (validated). */
static int gateway_response_of(rest_api *r, const cJSON *entry, const char *type, swagger_gateway_response *g)
{
	const cJSON *params = xf_get(entry, "ResponseParameters");
	*g = (swagger_gateway_response){
		.response_type = type,
		.response_type_unicode = (entry->type & SAMC_PY27_KEY_UNICODE) != 0,
		.api_logical_id = r->id,
		.response_parameters = params,
		.response_templates = xf_get(entry, "ResponseTemplates"),
		.status_code = cJSON_IsNull(xf_get(entry, "StatusCode")) ? NULL : xf_get(entry, "StatusCode"),
	};
	if (xf_truthy(params)) {
		char *path = samc_strfmt("GatewayResponses.%s.ResponseParameters", type);
		int rc = path ? xf_expect_map(r->x, r->id, params, path) : XF_NOMEM;
		free(path);
		if (rc)
			return rc;
	}
	return swagger_gateway_response_validate(r->x, g);
}

static int gateway_responses_into(rest_api *r, swagger_editor *ed, const cJSON *responses, const char **keys,
				  size_t n)
{
	swagger_gateway_response *items = calloc(n ? n : 1, sizeof(*items));
	if (!items)
		return XF_NOMEM;
	int rc = XF_OK;
	for (size_t i = 0; i < n && rc == XF_OK; i++)
		rc = gateway_response_of(r, xf_get(responses, keys[i]), keys[i], &items[i]);
	if (rc == XF_OK && n)
		rc = swagger_add_gateway_responses(ed, items, n);
	free(items);
	return rc;
}

/* ApiGenerator._add_gateway_responses */
static int add_gateway_responses(rest_api *r)
{
	const cJSON *responses = ra_prop(r, "GatewayResponses");
	if (!xf_truthy(responses))
		return XF_OK;
	if (!xf_truthy(r->body))
		return xf_fail_resource(r->x, r->id,
					"GatewayResponses works only with inline Swagger specified in 'DefinitionBody' "
					"property.");
	size_t n;
	const char **keys = ra_keys(responses, &n);
	int rc = XF_OK;
	for (size_t i = 0; i < n && rc == XF_OK; i++)
		rc = check_gateway_response(r, keys[i], xf_get(responses, keys[i]));
	if (rc == XF_OK && !swagger_is_valid(r->body))
		rc = xf_fail_resource(r->x, r->id,
				      "Unable to add Auth configuration because 'DefinitionBody' does not contain a "
				      "valid Swagger definition.");
	swagger_editor ed;
	if (rc == XF_OK && (rc = swagger_editor_init(&ed, r->x, r->body)) == XF_OK) {
		rc = gateway_responses_into(r, &ed, responses, keys, n);
		if (rc == XF_OK)
			rc = take_swagger(r, &ed);
		else
			swagger_editor_free(&ed);
	}
	free(keys);
	return rc;
}

/* ---- BinaryMediaTypes, Models, DisableExecuteApiEndpoint ---- */

/* ApiGenerator._add_binary_media_types */
static int add_binary_media_types(rest_api *r)
{
	const cJSON *types = ra_prop(r, "BinaryMediaTypes");
	if (!xf_truthy(types) || !xf_truthy(r->body))
		return XF_OK;
	swagger_editor ed;
	int rc = swagger_editor_init(&ed, r->x, r->body);
	if (rc)
		return rc;
	rc = swagger_add_binary_media_types(&ed, types);
	if (rc) {
		swagger_editor_free(&ed);
		return rc;
	}
	return take_swagger(r, &ed);
}

static bool all_values_are_dicts(const cJSON *obj)
{
	for (const cJSON *c = obj->child; c; c = c->next)
		if (!cJSON_IsObject(c))
			return false;
	return true;
}

/* ApiGenerator._add_models */
static int add_models(rest_api *r)
{
	const cJSON *models = ra_prop(r, "Models");
	if (!xf_truthy(models))
		return XF_OK;
	if (!xf_truthy(r->body))
		return xf_fail_resource(r->x, r->id,
					"Models works only with inline Swagger specified in 'DefinitionBody' property.");
	if (!swagger_is_valid(r->body))
		return xf_fail_resource(r->x, r->id,
					"Unable to add Models definitions because 'DefinitionBody' does not contain a "
					"valid Swagger definition.");
	if (!cJSON_IsObject(models) || !all_values_are_dicts(models))
		return xf_fail_resource(r->x, r->id, "Invalid value for 'Models' property");
	swagger_editor ed;
	int rc = swagger_editor_init(&ed, r->x, r->body);
	if (rc)
		return rc;
	rc = swagger_add_models(&ed, models);
	if (rc) {
		swagger_editor_free(&ed);
		return rc;
	}
	rc = take_swagger(r, &ed);
	return rc ? rc : swagger_openapi_postprocess(r->x, r->body, ra_prop(r, "OpenApiVersion"));
}

/* ApiGenerator._add_endpoint_extension */
static int add_endpoint_extension(rest_api *r)
{
	const cJSON *disable = ra_prop(r, "DisableExecuteApiEndpoint");
	if (!disable)
		return XF_OK;
	if (!xf_truthy(r->body))
		return xf_fail_resource(r->x, r->id,
					"DisableExecuteApiEndpoint works only within 'DefinitionBody' property.");
	swagger_editor ed;
	int rc = swagger_editor_init(&ed, r->x, r->body);
	if (rc)
		return rc;
	rc = swagger_add_disable_execute_api_endpoint_extension(&ed, disable);
	if (rc) {
		swagger_editor_free(&ed);
		return rc;
	}
	return take_swagger(r, &ed);
}

/* ---- Body / BodyS3Location ---- */

static cJSON *s3_pointer_of_string(rest_api *r, const cJSON *uri)
{
	cJSON *parsed = NULL;
	if (xf_parse_s3_uri(uri, &parsed))
		return NULL;
	if (!parsed) {
		xf_fail_resource(r->x, r->id,
				 "'DefinitionUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional "
				 "versionId query parameter.");
		return NULL;
	}
	if (py27_is_unicode(uri))
		for (cJSON *c = parsed->child; c; c = c->next)
			if (cJSON_IsString(c))
				py27_mark_unicode(c, true);
	return parsed;
}

/* ApiGenerator._construct_body_s3_dict */
static int body_s3_location(rest_api *r, const cJSON *uri, cJSON **out)
{
	cJSON *pointer;
	if (cJSON_IsObject(uri)) {
		if (!xf_truthy(xf_get(uri, "Bucket")) || !xf_truthy(xf_get(uri, "Key")))
			return xf_fail_resource(r->x, r->id,
						"'DefinitionUri' requires Bucket and Key properties to be specified.");
		pointer = cJSON_Duplicate(uri, 1);
	} else if (!(pointer = s3_pointer_of_string(r, uri)))
		return r->x->pending.kind != XF_ERR_NONE ? XF_FAIL : XF_NOMEM;
	cJSON *body = py27_dict_new();
	if (!body || !pointer) {
		cJSON_Delete(body);
		cJSON_Delete(pointer);
		return XF_NOMEM;
	}
	py27_set(body, "Bucket", cJSON_DetachItemFromObjectCaseSensitive(pointer, "Bucket"));
	py27_set(body, "Key", cJSON_DetachItemFromObjectCaseSensitive(pointer, "Key"));
	cJSON *version = cJSON_DetachItemFromObjectCaseSensitive(pointer, "Version");
	if (version)
		py27_set(body, "Version", version);
	cJSON_Delete(pointer);
	*out = body;
	return XF_OK;
}

static int set_body(rest_api *r)
{
	const cJSON *uri = ra_prop(r, "DefinitionUri");
	if (xf_truthy(uri)) {
		cJSON *location = NULL;
		int rc = body_s3_location(r, uri, &location);
		if (rc)
			return rc;
		xf_set(r->rest_api, "BodyS3Location", location);
		r->swagger = location;
		return XF_OK;
	}
	if (!xf_truthy(r->body))
		return XF_OK;
	int rc = swagger_openapi_postprocess(r->x, r->body, ra_prop(r, "OpenApiVersion"));
	if (rc)
		return rc;
	r->swagger = r->body;
	xf_set(r->rest_api, "Body", r->body);
	r->body = NULL;
	return XF_OK;
}

int ra_body(rest_api *r)
{
	int rc = add_cors(r);
	if (rc == XF_OK)
		rc = ra_add_auth(r);
	if (rc == XF_OK)
		rc = add_gateway_responses(r);
	if (rc == XF_OK)
		rc = add_binary_media_types(r);
	if (rc == XF_OK)
		rc = add_models(r);
	if (rc == XF_OK)
		rc = add_endpoint_extension(r);
	if (rc == XF_OK)
		rc = set_body(r);
	return rc;
}
