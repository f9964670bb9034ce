/* swagger_cors.c — SwaggerEditor's CORS support (the mock OPTIONS method and its allowed
 * methods) and x-amazon-apigateway-binary-media-types. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/api/swagger_internal.h"
#include "util/buf.h"

#define HDR "method.response.header."

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* _make_cors_allowed_methods_for_path_item: every key of the path item (ANY means all HTTP
 * methods), plus OPTIONS, upper-cased, deduplicated, sorted, comma-joined. Malloc'd. */
static char *cors_allowed_methods(const cJSON *path_item)
{
	static const char *all[] = {"OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"};
	bool any = cJSON_GetObjectItemCaseSensitive(path_item, SW_X_ANY_METHOD) != NULL;
	size_t n = 0, cap = (size_t)cJSON_GetArraySize(path_item) + 8;
	char **names = calloc(cap, sizeof(*names));
	if (!names)
		return NULL;
	if (any)
		for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
			names[n++] = samc_strdup(all[i]);
	else {
		for (const cJSON *c = path_item->child; c; c = c->next)
			names[n++] = sw_upper(c->string);
		names[n++] = samc_strdup("OPTIONS");
	}
	qsort(names, n, sizeof(*names), cmp_str);
	samc_buf b = SAMC_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (names[i] && (i == 0 || !names[i - 1] || strcmp(names[i], names[i - 1]) != 0)) {
			if (b.len)
				samc_buf_putc(&b, ',');
			samc_buf_puts(&b, names[i]);
		}
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return samc_buf_detach(&b);
}

typedef struct cors_values {
	const cJSON *origins, *headers, *methods, *max_age;
	bool credentials;
} cors_values;

/* The response parameters and the 200 response headers of the OPTIONS method. */
static void cors_headers(const cors_values *v, cJSON **params, cJSON **headers)
{
	cJSON *init = cJSON_CreateObject();
	samc_json_add_key(init, HDR "Access-Control-Allow-Origin", sw_copy(v->origins));
	*params = py27_dict_new();
	sw_update(*params, init);
	cJSON_Delete(init);
	init = cJSON_CreateObject();
	SAMC_JSON_ADD(init, "Access-Control-Allow-Origin", sw_type_dict("string"));
	*headers = py27_dict_new();
	sw_update(*headers, init);
	cJSON_Delete(init);
	if (xf_truthy(v->headers)) {
		sw_set(*params, HDR "Access-Control-Allow-Headers", false, sw_copy(v->headers));
		sw_set(*headers, "Access-Control-Allow-Headers", false, sw_type_dict("string"));
	}
	if (xf_truthy(v->methods)) {
		sw_set(*params, HDR "Access-Control-Allow-Methods", false, sw_copy(v->methods));
		sw_set(*headers, "Access-Control-Allow-Methods", false, sw_type_dict("string"));
	}
	if (!sw_is_none(v->max_age)) {
		sw_set(*params, HDR "Access-Control-Max-Age", false, sw_copy(v->max_age));
		sw_set(*headers, "Access-Control-Max-Age", false, sw_type_dict("integer"));
	}
	if (v->credentials) {
		sw_set(*params, HDR "Access-Control-Allow-Credentials", false, cJSON_CreateString("'true'"));
		sw_set(*headers, "Access-Control-Allow-Credentials", false, sw_type_dict("string"));
	}
}

static cJSON *json_list(const char *item)
{
	cJSON *l = cJSON_CreateArray();
	cJSON_AddItemToArray(l, cJSON_CreateString(item));
	return l;
}

static cJSON *plain_pair(const char *key, const char *value)
{
	cJSON *d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, key, value);
	return d;
}

/* _options_method_response_for_cors. */
static cJSON *cors_options_method(const cors_values *v)
{
	cJSON *params = NULL, *headers = NULL;
	cors_headers(v, &params, &headers);
	cJSON *deflt = sw_py27_dict("statusCode", cJSON_CreateString("200"), "responseParameters", params,
				    "responseTemplates", plain_pair("application/json", "{}\n"), NULL);
	cJSON *integ = sw_py27_dict(
		"type", cJSON_CreateString("mock"), "requestTemplates",
		plain_pair("application/json", "{\n  \"statusCode\" : 200\n}\n"), "responses",
		sw_py27_dict("default", deflt, NULL), NULL);
	cJSON *ok = sw_py27_dict("description", cJSON_CreateString("Default response for CORS method"), "headers",
				 headers, NULL);
	return sw_py27_dict("summary", cJSON_CreateString("CORS support"), "consumes", json_list("application/json"),
			    "produces", json_list("application/json"), SW_X_INTEGRATION, integ, "responses",
			    sw_py27_dict("200", ok, NULL), NULL);
}

static int cors_in_items(swagger_editor *ed, const char *path, cJSON **items, size_t k, cors_values *v,
			 cJSON **methods)
{
	for (size_t i = 0; i < k; i++) {
		int rc = swagger_validate_path_item_is_dict(ed->x, items[i], path);
		if (rc != XF_OK)
			return rc;
		if (cJSON_GetObjectItemCaseSensitive(items[i], "options"))
			continue;
		if (!xf_truthy(v->origins))
			return xf_fail_template(ed->x, "Invalid input. Value for AllowedOrigins is required");
		if (!xf_truthy(v->methods)) {
			char *computed = cors_allowed_methods(items[i]);
			char *quoted = computed ? samc_strfmt("'%s'", computed) : NULL;
			cJSON_Delete(*methods);
			*methods = quoted ? cJSON_CreateString(quoted) : NULL;
			v->methods = *methods;
			free(computed);
			free(quoted);
		}
		sw_set(items[i], "options", false, cors_options_method(v));
	}
	return XF_OK;
}

int swagger_add_cors(swagger_editor *ed, const cJSON *path, const cJSON *allowed_origins,
		     const cJSON *allowed_headers, const cJSON *allowed_methods, const cJSON *max_age,
		     const cJSON *allow_credentials)
{
	cJSON **items = NULL, *methods = NULL;
	size_t k = 0;
	const char *p = sw_text(path);
	int rc = sw_conditional(ed->x, cJSON_GetObjectItemCaseSensitive(ed->paths, p), &items, &k);
	cors_values v = {allowed_origins, allowed_headers, allowed_methods, max_age, cJSON_IsTrue(allow_credentials)};
	if (rc == XF_OK)
		rc = cors_in_items(ed, p, items, k, &v, &methods);
	cJSON_Delete(methods);
	free(items);
	return rc;
}

/* replace_recursively: "~1" -> "/" in strings and keys, which all become Py27UniStr. */
static cJSON *unescape_media_types(const cJSON *v)
{
	if (cJSON_IsString(v)) {
		char *s = sw_replace(v->valuestring, "~1", "/");
		cJSON *out = s ? py27_ustr(s) : NULL;
		free(s);
		return out;
	}
	if (cJSON_IsArray(v)) {
		cJSON *out = cJSON_CreateArray();
		for (const cJSON *c = v->child; c && out; c = c->next)
			sw_append(out, unescape_media_types(c));
		return out;
	}
	if (!cJSON_IsObject(v))
		return sw_copy(v);
	cJSON *out = py27_dict_new();
	size_t n = 0;
	cJSON **m = sw_members(v, &n);
	for (size_t i = 0; i < n && out; i++) {
		char *key = sw_replace(m[i]->string, "~1", "/");
		if (key)
			sw_set(out, key, true, unescape_media_types(m[i]));
		free(key);
	}
	free(m);
	return out;
}

int swagger_add_binary_media_types(swagger_editor *ed, const cJSON *binary_media_types)
{
	cJSON *bmt = unescape_media_types(binary_media_types);
	if (!bmt)
		return binary_media_types ? XF_NOMEM : XF_OK;
	sw_set(ed->doc, "x-amazon-apigateway-binary-media-types", false, bmt);
	return XF_OK;
}
