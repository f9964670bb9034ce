/* swagger_openapi.c — ApiGenerator._openapi_postprocess: turns the swagger-2 parts the editor
 * wrote (securityDefinitions, definitions, CORS OPTIONS methods) into OpenAPI 3 form. */
#include <stdlib.h>
#include <string.h>

#include "transform/api/swagger_internal.h"
#include "util/buf.h"

/* components[sub_key] = body.pop(key), creating components when it is missing or falsy. */
static void move_to_components(cJSON *body, const char *key, const char *sub_key)
{
	if (!xf_truthy(xf_get(body, key)))
		return;
	if (!xf_truthy(xf_get(body, "components")))
		sw_set(body, "components", false, py27_dict_new());
	cJSON *components = cJSON_GetObjectItemCaseSensitive(body, "components");
	cJSON *moved = sw_copy(cJSON_GetObjectItemCaseSensitive(body, key));
	sw_set(components, sub_key, false, moved);
	sw_del(body, key);
}

/* utils.dict_deep_get(responses, "200.headers"); *err gets the InvalidValueType text. */
static cJSON *headers_200(cJSON *responses, char **err)
{
	*err = NULL;
	if (sw_is_none(responses))
		return NULL;
	if (!cJSON_IsObject(responses)) {
		*err = samc_strdup("It should be a map");
		return NULL;
	}
	cJSON *ok = cJSON_GetObjectItemCaseSensitive(responses, "200");
	if (sw_is_none(ok))
		return NULL;
	if (!cJSON_IsObject(ok)) {
		*err = samc_strdup("The value of '200' should be a map");
		return NULL;
	}
	return cJSON_GetObjectItemCaseSensitive(ok, "headers");
}

static int wrap_header_schemas(xf *x, const char *path, cJSON *responses)
{
	char *err = NULL;
	cJSON *headers = headers_200(responses, &err);
	if (err) {
		xf_fail_document(x, "Invalid responses in options method for path %s: %s.", path, err);
		free(err);
		return XF_FAIL;
	}
	if (!xf_truthy(headers))
		return XF_OK;
	char *msg = samc_strfmt("Value of response's headers in options method for path %s must be a "
				"dictionary according to Swagger spec.",
				path);
	int rc = swagger_validate_is_dict(x, headers, msg ? msg : "");
	free(msg);
	size_t n = 0;
	cJSON **members = rc == XF_OK ? sw_members(headers, &n) : NULL;
	for (size_t i = 0; i < n; i++) {
		cJSON *wrapped = py27_dict_new();
		cJSON *old = sw_swap(headers, members[i]->string, wrapped);
		sw_set(wrapped, "schema", false, old);
	}
	free(members);
	return rc;
}

static int postprocess_options(xf *x, const char *path, cJSON *options)
{
	char *msg = samc_strfmt("Value of options method for path %s must be a dictionary according to Swagger spec.",
				path);
	int rc = swagger_validate_is_dict(x, options, msg ? msg : "");
	free(msg);
	size_t n = 0;
	cJSON **fields = rc == XF_OK ? sw_members(options, &n) : NULL;
	char **names = calloc(n + 1, sizeof(*names));
	for (size_t i = 0; names && i < n; i++)
		names[i] = samc_strdup(fields[i]->string);
	free(fields);
	for (size_t i = 0; names && i < n && rc == XF_OK; i++) {
		if (!names[i])
			continue;
		if (strcmp(names[i], "produces") == 0 || strcmp(names[i], "consumes") == 0)
			sw_del(options, names[i]);
		if (strcmp(names[i], "responses") == 0)
			rc = wrap_header_schemas(x, path, cJSON_GetObjectItemCaseSensitive(options, names[i]));
	}
	for (size_t i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

static int postprocess_paths(xf *x, cJSON *paths)
{
	int rc = swagger_validate_is_dict(x, paths, "Value of paths must be a dictionary according to Swagger spec.");
	size_t n = 0;
	cJSON **members = rc == XF_OK ? sw_members(paths, &n) : NULL;
	for (size_t i = 0; i < n && rc == XF_OK; i++) {
		rc = swagger_validate_path_item_is_dict(x, members[i], members[i]->string);
		cJSON *options = rc == XF_OK ? cJSON_GetObjectItemCaseSensitive(members[i], "options") : NULL;
		if (xf_truthy(options))
			rc = postprocess_options(x, members[i]->string, options);
	}
	free(members);
	return rc;
}

int swagger_openapi_postprocess(xf *x, cJSON *body, const cJSON *open_api_version)
{
	if (!sw_is_none(xf_get(body, "swagger")))
		return XF_OK;
	const cJSON *version = open_api_version;
	const cJSON *body_version = xf_get(body, "openapi");
	if (!sw_is_none(body_version) && sw_is_none(open_api_version))
		version = body_version;
	if (!xf_truthy(version) || !swagger_validate_open_api_version_3(version))
		return XF_OK;
	move_to_components(body, "securityDefinitions", "securitySchemes");
	move_to_components(body, "definitions", "schemas");
	cJSON *paths = cJSON_GetObjectItemCaseSensitive(body, "paths");
	return xf_truthy(paths) ? postprocess_paths(x, paths) : XF_OK;
}
