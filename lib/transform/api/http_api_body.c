/* http_api_body.c — HttpApiGenerator._construct_http_api: the OpenAPI body edits (CORS, tags,
 * endpoint switch, title, description, the $default path) and Body / BodyS3Location. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/api/http_api.h"
#include "transform/api/openapi.h"
#include "transform/api/swagger_internal.h"
#include "transform/s3_uri.h"

/* self.definition_body = editor.openapi (the editor is released). */
static int take_openapi(http_api *h, openapi_editor *ed)
{
	cJSON *body = openapi_openapi(ed);
	openapi_editor_free(ed);
	if (!body)
		return XF_NOMEM;
	cJSON_Delete(h->body);
	h->body = body;
	return XF_OK;
}

/* After an edit that returned rc: the body becomes editor.openapi on success; the editor is
 * released either way. */
static int finish_edit(http_api *h, openapi_editor *ed, int rc)
{
	if (rc == XF_OK)
		return take_openapi(h, ed);
	openapi_editor_free(ed);
	return rc;
}

/* ---- CORS ---- */

static const char *const CORS_FIELDS[] = {"AllowMethods", "AllowHeaders",  "AllowOrigins",
					  "MaxAge",       "ExposeHeaders", "AllowCredentials"};

static bool is_cors_field(const char *key)
{
	for (size_t i = 0; i < sizeof(CORS_FIELDS) / sizeof(CORS_FIELDS[0]); i++)
		if (strcmp(CORS_FIELDS[i], key) == 0)
			return true;
	return false;
}

/* The CorsProperties fields: AllowOrigins and the rest (NULL = None). */
typedef struct cors_properties {
	const cJSON *origins, *headers, *methods, *expose, *max_age, *credentials;
	cJSON *wildcard; /* owned ["*"] for `CorsConfiguration: true` */
} cors_properties;

static const cJSON *none_if_null(const cJSON *v)
{
	return cJSON_IsNull(v) ? NULL : v;
}

static int cors_properties_of(http_api *h, cors_properties *p)
{
	memset(p, 0, sizeof(*p));
	const cJSON *cors = h->cors;
	if (cJSON_IsBool(cors)) {
		p->wildcard = cJSON_CreateArray();
		sw_append(p->wildcard, cJSON_CreateString("*"));
		p->origins = p->wildcard;
		return p->wildcard ? XF_OK : XF_NOMEM;
	}
	if (openapi_is_intrinsic(cors)) {
		p->origins = cors;
		return XF_OK;
	}
	if (!cJSON_IsObject(cors))
		return xf_fail_resource(h->x, h->id, "Invalid value for 'Cors' property.");
	size_t n = 0;
	cJSON **members = sw_members(cors, &n);
	for (size_t i = 0; i < n; i++)
		if (!is_cors_field(members[i]->string)) {
			int rc = xf_fail_resource(h->x, h->id, "Invalid key '%s' for 'Cors' property.",
						  members[i]->string);
			free(members);
			return rc;
		}
	free(members);
	p->origins = none_if_null(xf_get(cors, "AllowOrigins"));
	p->headers = none_if_null(xf_get(cors, "AllowHeaders"));
	p->methods = none_if_null(xf_get(cors, "AllowMethods"));
	p->expose = none_if_null(xf_get(cors, "ExposeHeaders"));
	p->max_age = none_if_null(xf_get(cors, "MaxAge"));
	p->credentials = xf_get(cors, "AllowCredentials");
	return XF_OK;
}

/* properties.AllowOrigins == ["*"] */
static bool only_wildcard(const cJSON *origins)
{
	return cJSON_IsArray(origins) && cJSON_GetArraySize(origins) == 1 && sw_str_eq(origins->child, "*");
}

static int add_cors(http_api *h)
{
	if (!xf_truthy(h->body))
		return xf_fail_resource(h->x, h->id,
					"Cors works only with inline OpenApi specified in 'DefinitionBody' property.");
	cors_properties p;
	int rc = cors_properties_of(h, &p);
	if (rc == XF_OK && !openapi_is_valid(h->body))
		rc = xf_fail_resource(
			h->x, h->id,
			"Unable to add Cors configuration because 'DefinitionBody' does not contain a valid "
			"OpenApi definition.");
	if (rc == XF_OK && cJSON_IsTrue(p.credentials) && only_wildcard(p.origins))
		rc = xf_fail_resource(
			h->x, h->id,
			"Unable to add Cors configuration because 'AllowCredentials' can not be true when "
			"'AllowOrigin' is \"'*'\" or not set.");
	openapi_editor ed;
	if (rc == XF_OK)
		rc = openapi_editor_init(&ed, h->x, h->body);
	if (rc == XF_OK)
		rc = finish_edit(
			h, &ed,
			openapi_add_cors(&ed, p.origins, p.headers, p.methods, p.expose, p.max_age, p.credentials));
	cJSON_Delete(p.wildcard);
	return rc;
}

/* ---- tags ---- */

static int add_tags(http_api *h)
{
	bool tags = xf_truthy(h->tags);
	if (tags && !xf_truthy(h->body))
		return xf_fail_resource(
			h->x, h->id, "Tags works only with inline OpenApi specified in the 'DefinitionBody' property.");
	if (!xf_truthy(h->body))
		return XF_OK;
	bool valid = openapi_is_valid(h->body);
	if (tags && !valid)
		return xf_fail_resource(
			h->x, h->id,
			"Unable to add `Tags` because 'DefinitionBody' does not contain a valid OpenApi "
			"definition.");
	if (!valid)
		return XF_OK;
	if (!tags) {
		cJSON_Delete(h->tags);
		h->tags = cJSON_CreateObject();
	}
	sw_set(h->tags, HTTP_API_TAG_NAME, false, cJSON_CreateString("SAM"));
	openapi_editor ed;
	int rc = openapi_editor_init(&ed, h->x, h->body);
	if (rc != XF_OK)
		return rc;
	return finish_edit(h, &ed, openapi_add_tags(&ed, h->tags));
}

/* ---- endpoint, title, description, default path ---- */

static int add_endpoint_configuration(http_api *h, const cJSON *disable)
{
	if (!xf_truthy(h->body))
		return xf_fail_resource(h->x, h->id,
					"DisableExecuteApiEndpoint works only within 'DefinitionBody' property.");
	openapi_editor ed;
	int rc = openapi_editor_init(&ed, h->x, h->body);
	if (rc != XF_OK)
		return rc;
	return finish_edit(h, &ed, openapi_add_endpoint_config(&ed, disable));
}

/* dict_deep_get(body, "info.<key>"): *out is the value (NULL for None); false when info exists
 * but is not a map (InvalidValueType). */
static bool info_value(const cJSON *body, const char *key, const cJSON **out)
{
	const cJSON *info = xf_get(body, "info");
	*out = NULL;
	if (!info || cJSON_IsNull(info))
		return true;
	if (!cJSON_IsObject(info))
		return false;
	*out = none_if_null(xf_get(info, key));
	return true;
}

static bool is_default_title(const cJSON *title)
{
	return cJSON_IsObject(title) && title->child && !title->child->next &&
	       strcmp(title->child->string, "Ref") == 0 && sw_str_eq(title->child, "AWS::StackName");
}

static int add_title(http_api *h)
{
	const cJSON *name = ha_prop(h, "Name");
	if (!xf_truthy(name))
		return XF_OK;
	if (!xf_truthy(h->body))
		return xf_fail_resource(
			h->x, h->id, "Name works only with inline OpenApi specified in the 'DefinitionBody' property.");
	const cJSON *title = NULL;
	if (!info_value(h->body, "title", &title))
		return xf_fail_resource(h->x, h->id, "Invalid 'DefinitionBody': The value of 'info' should be a map.");
	if (!is_default_title(title))
		return xf_fail_resource(
			h->x, h->id,
			"Unable to set Name because it is already defined within inline OpenAPI specified in "
			"the 'DefinitionBody' property.");
	openapi_editor ed;
	int rc = openapi_editor_init(&ed, h->x, h->body);
	if (rc != XF_OK)
		return rc;
	return finish_edit(h, &ed, openapi_add_title(&ed, name));
}

static int add_description(http_api *h)
{
	const cJSON *description = ha_prop(h, "Description");
	if (!xf_truthy(description))
		return XF_OK;
	if (!xf_truthy(h->body))
		return xf_fail_resource(
			h->x, h->id,
			"Description works only with inline OpenApi specified in the 'DefinitionBody' property.");
	const cJSON *current = NULL;
	if (!info_value(h->body, "description", &current))
		return xf_fail_resource(h->x, h->id, "Invalid 'DefinitionBody': The value of 'info' should be a map'.");
	if (xf_truthy(current))
		return xf_fail_resource(h->x, h->id,
					"Unable to set Description because it is already defined within inline OpenAPI "
					"specified in the 'DefinitionBody' property.");
	openapi_editor ed;
	int rc = openapi_editor_init(&ed, h->x, h->body);
	if (rc != XF_OK)
		return rc;
	return finish_edit(h, &ed, openapi_add_description(&ed, description));
}

/* _update_default_path: with FailOnWarnings, paths["$default"] moves to "/$default". */
static void update_default_path(http_api *h)
{
	if (!xf_truthy(ha_prop(h, "FailOnWarnings")) || !xf_truthy(h->body))
		return;
	cJSON *paths = cJSON_GetObjectItemCaseSensitive(h->body, "paths");
	cJSON *item = cJSON_IsObject(paths) ? cJSON_GetObjectItemCaseSensitive(paths, HTTP_API_DEFAULT_STAGE) : NULL;
	if (!item)
		return;
	cJSON *moved = cJSON_Duplicate(item, 1);
	sw_del(paths, HTTP_API_DEFAULT_STAGE);
	sw_set(paths, "/" HTTP_API_DEFAULT_STAGE, false, moved);
}

/* ---- BodyS3Location ---- */

/* _construct_body_s3_dict: {Bucket, Key[, Version]} from a map or an s3:// URI. */
static int body_s3_location(http_api *h, cJSON **out)
{
	const cJSON *uri = h->definition_uri;
	cJSON *parsed = NULL;
	const cJSON *pointer = uri;
	*out = NULL;
	if (cJSON_IsObject(uri)) {
		if (!xf_truthy(xf_get(uri, "Bucket")) || !xf_truthy(xf_get(uri, "Key")))
			return xf_fail_resource(h->x, h->id,
						"'DefinitionUri' requires Bucket and Key properties to be specified.");
	} else {
		if (xf_parse_s3_uri(uri, &parsed) != XF_OK)
			return XF_NOMEM;
		if (!parsed)
			return xf_fail_resource(
				h->x, h->id,
				"'DefinitionUri' is not a valid S3 Uri of the form 's3://bucket/key' with "
				"optional versionId query parameter.");
		pointer = parsed;
	}
	*out = cJSON_CreateObject();
	SAMC_JSON_ADD(*out, "Bucket", cJSON_Duplicate(xf_get(pointer, "Bucket"), 1));
	SAMC_JSON_ADD(*out, "Key", cJSON_Duplicate(xf_get(pointer, "Key"), 1));
	if (xf_get(pointer, "Version"))
		SAMC_JSON_ADD(*out, "Version", cJSON_Duplicate(xf_get(pointer, "Version"), 1));
	cJSON_Delete(parsed);
	return *out ? XF_OK : XF_NOMEM;
}

/* Body or BodyS3Location, then FailOnWarnings (ApiGatewayV2HttpApi.property_types order). */
static int finish_api_properties(http_api *h)
{
	if (xf_truthy(h->definition_uri)) {
		cJSON *location = NULL;
		int rc = body_s3_location(h, &location);
		if (rc != XF_OK)
			return rc;
		SAMC_JSON_ADD(h->api_props, "BodyS3Location", location);
	} else if (xf_truthy(h->body)) {
		SAMC_JSON_ADD(h->api_props, "Body", h->body);
		h->body = NULL;
	} else
		return xf_fail_resource(h->x, h->id,
					"'DefinitionUri' or 'DefinitionBody' are required properties of an "
					"'AWS::Serverless::HttpApi'. Add a value for one of these properties or add a "
					"'HttpApi' event to an 'AWS::Serverless::Function'.");
	const cJSON *fail_on_warnings = ha_prop(h, "FailOnWarnings");
	if (xf_truthy(fail_on_warnings))
		SAMC_JSON_ADD(h->api_props, "FailOnWarnings", cJSON_Duplicate(fail_on_warnings, 1));
	return XF_OK;
}

int ha_construct_http_api(http_api *h)
{
	h->api_props = cJSON_CreateObject();
	if (!h->api_props)
		return XF_NOMEM;
	if (xf_truthy(h->definition_uri) && xf_truthy(h->body))
		return xf_fail_resource(h->x, h->id,
					"Specify either 'DefinitionUri' or 'DefinitionBody' property and not both.");
	int rc = xf_truthy(h->cors) ? add_cors(h) : XF_OK;
	if (rc == XF_OK)
		rc = ha_add_auth(h);
	if (rc == XF_OK)
		rc = add_tags(h);
	const cJSON *disable = ha_prop(h, "DisableExecuteApiEndpoint");
	if (rc == XF_OK && disable)
		rc = add_endpoint_configuration(h, disable);
	if (rc == XF_OK)
		rc = add_title(h);
	if (rc == XF_OK)
		rc = add_description(h);
	if (rc != XF_OK)
		return rc;
	update_default_path(h);
	return finish_api_properties(h);
}
