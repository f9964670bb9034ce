/* openapi_settings.c — OpenApiEditor's document-level settings: tags, the execute-api endpoint
 * switch, CORS, and the info description and title. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/api/openapi.h"
#include "transform/api/swagger_internal.h"

/* type(v).__name__ as the reference sees template values (Py27 types after the conversion). */
static const char *py_type_name(const cJSON *v)
{
	if (py27_is_dict(v))
		return "Py27Dict";
	if (sw_is_ustr(v))
		return "Py27UniStr";
	if (cJSON_IsNumber(v) && (v->type & SAMC_PY27_LONG))
		return "Py27LongInt";
	return xf_pytype(v);
}

/* ---- tags ---- */

static cJSON *tag_named(cJSON *tags, const char *name)
{
	for (cJSON *t = tags->child; t; t = t->next)
		if (sw_str_eq(xf_get(t, "name"), name))
			return t;
	return NULL;
}

static int tags_not_a_list(openapi_editor *ed)
{
	char *text = sw_pystr(ed->tags);
	if (!text)
		return XF_NOMEM;
	int rc = xf_fail_document(ed->base.x,
				  "Tags in OpenApi DefinitionBody needs to be a list. %s is a %s not a list.", text,
				  py_type_name(ed->tags));
	free(text);
	return rc;
}

int openapi_add_tags(openapi_editor *ed, const cJSON *tags)
{
	size_t n = 0;
	cJSON **members = sw_members(tags, &n);
	int rc = XF_OK;
	for (size_t i = 0; i < n && rc == XF_OK; i++) {
		if (!cJSON_IsArray(ed->tags)) {
			rc = tags_not_a_list(ed);
			break;
		}
		const char *name = members[i]->string;
		cJSON *existing = tag_named(ed->tags, name);
		if (existing) {
			sw_set(existing, OPENAPI_X_TAG_VALUE, false, swagger_deepcopy(members[i]));
			continue;
		}
		sw_append(ed->tags, sw_py27_dict("name", sw_str(name, sw_key_is_ustr(members[i])), OPENAPI_X_TAG_VALUE,
						 swagger_deepcopy(members[i]), NULL));
	}
	free(members);
	return rc;
}

/* ---- endpoint configuration ---- */

static void disable_endpoint(cJSON *config, const cJSON *value)
{
	cJSON *endpoint = cJSON_GetObjectItemCaseSensitive(config, OPENAPI_X_ENDPOINT_CONFIG);
	if (endpoint) {
		sw_set(endpoint, "disableExecuteApiEndpoint", false, swagger_deepcopy(value));
		return;
	}
	endpoint = cJSON_CreateObject();
	sw_set(endpoint, "disableExecuteApiEndpoint", false, swagger_deepcopy(value));
	sw_set(config, OPENAPI_X_ENDPOINT_CONFIG, false, endpoint);
}

/* Iterating a non-empty dict or string gives items that are not dicts. */
static bool iterates_non_dicts(const cJSON *servers)
{
	return (cJSON_IsObject(servers) && servers->child) || (cJSON_IsString(servers) && servers->valuestring[0]);
}

int openapi_add_endpoint_config(openapi_editor *ed, const cJSON *disable_execute_api_endpoint)
{
	cJSON *servers = cJSON_GetObjectItemCaseSensitive(ed->base.doc, "servers");
	if (!servers) {
		servers = cJSON_CreateArray();
		sw_append(servers, py27_dict_new());
		sw_set(ed->base.doc, "servers", false, servers);
		servers = cJSON_GetObjectItemCaseSensitive(ed->base.doc, "servers");
	}
	if (iterates_non_dicts(servers))
		return xf_fail_document(ed->base.x,
					"Value of 'servers' item must be a dictionary according to Swagger spec.");
	for (cJSON *config = cJSON_IsArray(servers) ? servers->child : NULL; config; config = config->next)
		if (!cJSON_IsObject(config))
			return xf_fail_document(
				ed->base.x, "Value of 'servers' item must be a dictionary according to Swagger spec.");
	for (cJSON *config = cJSON_IsArray(servers) ? servers->child : NULL; config; config = config->next)
		disable_endpoint(config, disable_execute_api_endpoint);
	return XF_OK;
}

/* ---- CORS ---- */

static const char *const CORS_HEADERS[] = {"allowOrigins",  "allowHeaders", "allowMethods",
					   "exposeHeaders", "maxAge",       "allowCredentials"};
#define N_CORS_HEADERS (sizeof(CORS_HEADERS) / sizeof(CORS_HEADERS[0]))

/* Each "AllowOrigins" -> "allowOrigins" ... replacement, in order, on one text. Malloc'd. */
static char *lower_cors_keywords(const char *text)
{
	char *cur = samc_strdup(text);
	for (size_t i = 0; cur && i < N_CORS_HEADERS; i++) {
		char keyword[32];
		snprintf(keyword, sizeof(keyword), "%c%s", CORS_HEADERS[i][0] - 'a' + 'A', CORS_HEADERS[i] + 1);
		char *next = sw_replace(cur, keyword, CORS_HEADERS[i]);
		free(cur);
		cur = next;
	}
	return cur;
}

/* json.loads(json.dumps(v) with the keyword replacements): plain dicts and strings, keys and
 * string values rewritten (the keywords cannot span JSON tokens). NULL on OOM. */
static cJSON *cors_keywords_lowered(const cJSON *v)
{
	if (cJSON_IsString(v)) {
		char *s = lower_cors_keywords(v->valuestring);
		cJSON *out = s ? cJSON_CreateString(s) : NULL;
		free(s);
		return out;
	}
	if (!cJSON_IsObject(v) && !cJSON_IsArray(v)) {
		cJSON *out = cJSON_Duplicate(v, 0);
		if (out)
			out->type &= ~(SAMC_PY27_LONG | SAMC_PY27_KEY_UNICODE);
		return out;
	}
	cJSON *out = cJSON_IsObject(v) ? cJSON_CreateObject() : cJSON_CreateArray();
	size_t n = 0;
	cJSON **members = cJSON_IsObject(v) ? sw_members(v, &n) : NULL;
	for (size_t i = 0; out && i < n; i++) {
		char *key = lower_cors_keywords(members[i]->string);
		if (key)
			sw_set(out, key, false, cors_keywords_lowered(members[i]));
		free(key);
	}
	for (const cJSON *c = cJSON_IsArray(v) ? v->child : NULL; out && c; c = c->next)
		sw_append(out, cors_keywords_lowered(c));
	free(members);
	return out;
}

static void set_cors_values(cJSON *cors, const cJSON *const values[N_CORS_HEADERS])
{
	for (size_t i = 0; i < 4; i++)
		if (xf_truthy(values[i]))
			sw_set(cors, CORS_HEADERS[i], false, swagger_deepcopy(values[i]));
	if (!sw_is_none(values[4]))
		sw_set(cors, CORS_HEADERS[4], false, swagger_deepcopy(values[4]));
	if (cJSON_IsTrue(values[5]))
		sw_set(cors, CORS_HEADERS[5], false, cJSON_CreateTrue());
}

int openapi_add_cors(openapi_editor *ed, const cJSON *allow_origins, const cJSON *allow_headers,
		     const cJSON *allow_methods, const cJSON *expose_headers, const cJSON *max_age,
		     const cJSON *allow_credentials)
{
	cJSON *existing = cJSON_GetObjectItemCaseSensitive(ed->base.doc, OPENAPI_X_CORS);
	if (existing && !cJSON_IsObject(existing))
		return xf_fail_document(ed->base.x, "Value of '" OPENAPI_X_CORS
						    "' must be a dictionary according to Swagger spec.");
	cJSON *cors = existing ? existing : cJSON_CreateObject();
	if (!cors)
		return XF_NOMEM;
	if (xf_truthy(allow_origins) && openapi_is_intrinsic(allow_origins)) {
		cJSON *lowered = cors_keywords_lowered(allow_origins);
		sw_update(cors, lowered);
		cJSON_Delete(lowered);
	} else {
		const cJSON *values[N_CORS_HEADERS] = {allow_origins,  allow_headers, allow_methods,
						       expose_headers, max_age,       allow_credentials};
		set_cors_values(cors, values);
	}
	if (!existing)
		sw_set(ed->base.doc, OPENAPI_X_CORS, false, cors);
	return XF_OK;
}

/* ---- info ---- */

int openapi_add_description(openapi_editor *ed, const cJSON *description)
{
	if (xf_truthy(xf_get(ed->info, "description")))
		return XF_OK;
	sw_set(ed->info, "description", false, swagger_deepcopy(description));
	return XF_OK;
}

int openapi_add_title(openapi_editor *ed, const cJSON *title)
{
	cJSON *default_title = cJSON_CreateObject();
	if (!default_title || !SAMC_JSON_ADD_STRING(default_title, "Ref", "AWS::StackName")) {
		cJSON_Delete(default_title);
		return XF_NOMEM;
	}
	const cJSON *current = xf_get(ed->info, "title");
	bool is_default = current && xf_equal(current, default_title);
	cJSON_Delete(default_title);
	if (is_default)
		sw_set(ed->info, "title", false, swagger_deepcopy(title));
	return XF_OK;
}
