/* swagger_paths.c — BaseEditor's path and method walks over a swagger body: conditional (Fn::If)
 * contents, has_path / has_integration, add_path, path conditions and method timeouts. */
#include <stdlib.h>
#include <string.h>

#include "transform/api/swagger_internal.h"
#include "util/buf.h"

static int push(cJSON ***out, size_t *n, size_t *cap, cJSON *v)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 4;
		cJSON **grown = realloc(*out, ncap * sizeof(**out));
		if (!grown)
			return XF_NOMEM;
		*out = grown;
		*cap = ncap;
	}
	(*out)[(*n)++] = v;
	return XF_OK;
}

int sw_conditional(xf *x, cJSON *item, cJSON ***out, size_t *n)
{
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	cJSON *args = cJSON_IsObject(item) ? cJSON_GetObjectItemCaseSensitive(item, SW_FN_IF) : NULL;
	if (!args)
		return push(out, n, &cap, item);
	if (!cJSON_IsArray(args))
		return xf_fail_document(x, "Value of Fn::If must be a list.");
	for (cJSON *c = args->child ? args->child->next : NULL; c; c = c->next)
		if (!xf_is_no_value(c) && push(out, n, &cap, c) != XF_OK)
			return XF_NOMEM;
	return XF_OK;
}

int swagger_get_conditional_contents(xf *x, cJSON *item, cJSON **out, size_t max, size_t *n)
{
	cJSON **all = NULL;
	int rc = sw_conditional(x, item, &all, n);
	for (size_t i = 0; rc == XF_OK && i < *n && i < max; i++)
		out[i] = all[i];
	free(all);
	return rc;
}

bool swagger_method_definition_has_integration(const cJSON *method_definition)
{
	return xf_truthy(xf_get(method_definition, SW_X_INTEGRATION));
}

/* The normalized method name as a C string (NULL for None / non-strings). */
static char *normalized(const cJSON *method)
{
	return cJSON_IsString(method) && method->valuestring[0] ? sw_normalize(method->valuestring) : NULL;
}

/* The method definitions of one path item: validated, optionally only integrated ones. */
static int defs_of_item(swagger_editor *ed, cJSON *path_item, const char *path, const char *norm,
			const char *method_text, bool skip, cJSON ***out, size_t *n, size_t *cap)
{
	cJSON **defs = NULL;
	size_t k = 0;
	cJSON *raw = norm ? cJSON_GetObjectItemCaseSensitive(path_item, norm) : NULL;
	int rc = sw_conditional(ed->x, raw, &defs, &k);
	for (size_t j = 0; j < k && rc == XF_OK; j++) {
		rc = swagger_validate_method_definition_is_dict(ed->x, defs[j], path, method_text);
		if (rc == XF_OK && (!skip || swagger_method_definition_has_integration(defs[j])))
			rc = push(out, n, cap, defs[j]);
	}
	free(defs);
	return rc;
}

int sw_method_defs(swagger_editor *ed, const char *path, const cJSON *method, bool skip_without_integration,
		   cJSON ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0, k = 0;
	char *norm = normalized(method);
	char *method_text = sw_pystr(method);
	cJSON **items = NULL;
	int rc = sw_conditional(ed->x, cJSON_GetObjectItemCaseSensitive(ed->paths, path), &items, &k);
	for (size_t i = 0; i < k && rc == XF_OK; i++) {
		rc = swagger_validate_path_item_is_dict(ed->x, items[i], path);
		if (rc == XF_OK)
			rc = defs_of_item(ed, items[i], path, norm, method_text, skip_without_integration, out, n,
					  &cap);
	}
	free(items);
	free(norm);
	free(method_text);
	return rc;
}

static bool excluded_path_field(const char *name)
{
	return strcmp(name, "summary") == 0 || strcmp(name, "description") == 0 ||
	       strcmp(name, "parameters") == 0;
}

static int methods_of_item(swagger_editor *ed, cJSON *path_item, const char *path, bool skip,
			   sw_method **out, size_t *n, size_t *cap)
{
	size_t nm = 0;
	cJSON **members = sw_members(path_item, &nm);
	int rc = XF_OK;
	for (size_t i = 0; i < nm && rc == XF_OK; i++) {
		if (excluded_path_field(members[i]->string))
			continue;
		cJSON **defs = NULL;
		size_t k = 0;
		rc = sw_conditional(ed->x, members[i], &defs, &k);
		for (size_t j = 0; j < k && rc == XF_OK; j++) {
			rc = swagger_validate_method_definition_is_dict(ed->x, defs[j], path, members[i]->string);
			if (rc != XF_OK || (skip && !swagger_method_definition_has_integration(defs[j])))
				continue;
			if (*n == *cap) {
				size_t ncap = *cap ? *cap * 2 : 8;
				sw_method *grown = realloc(*out, ncap * sizeof(**out));
				if (!grown) {
					rc = XF_NOMEM;
					break;
				}
				*out = grown;
				*cap = ncap;
			}
			(*out)[*n].name = sw_normalize(members[i]->string);
			(*out)[(*n)++].def = defs[j];
		}
		free(defs);
	}
	free(members);
	return rc;
}

int sw_all_methods(swagger_editor *ed, const char *path, bool skip_without_integration, sw_method **out,
		   size_t *n)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0, k = 0;
	cJSON **items = NULL;
	int rc = sw_conditional(ed->x, cJSON_GetObjectItemCaseSensitive(ed->paths, path), &items, &k);
	for (size_t i = 0; i < k && rc == XF_OK; i++) {
		rc = swagger_validate_path_item_is_dict(ed->x, items[i], path);
		if (rc == XF_OK)
			rc = methods_of_item(ed, items[i], path, skip_without_integration, out, n, &cap);
	}
	free(items);
	return rc;
}

void sw_methods_free(sw_method *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(m[i].name);
	free(m);
}

cJSON *swagger_iter_on_path(swagger_editor *ed)
{
	cJSON *out = cJSON_CreateArray();
	size_t n = 0;
	cJSON **members = sw_members(ed->paths, &n);
	for (size_t i = 0; i < n && out; i++)
		sw_append(out, sw_str(members[i]->string, sw_key_is_ustr(members[i])));
	free(members);
	return out;
}

int swagger_has_path(swagger_editor *ed, const cJSON *path, const cJSON *method, bool *out)
{
	*out = false;
	cJSON *value = cJSON_GetObjectItemCaseSensitive(ed->paths, sw_text(path));
	if (!value || !cJSON_IsString(path))
		return XF_OK;
	bool truthy = xf_truthy(method);
	char *norm = normalized(method);
	cJSON **items = NULL;
	size_t k = 0;
	int rc = truthy ? sw_conditional(ed->x, value, &items, &k) : XF_OK;
	bool all = true;
	for (size_t i = 0; i < k && rc == XF_OK; i++)
		if (!cJSON_IsObject(items[i]) || !norm || !cJSON_GetObjectItemCaseSensitive(items[i], norm))
			all = false;
	free(items);
	free(norm);
	*out = rc == XF_OK && all;
	return rc;
}

int swagger_method_has_integration(swagger_editor *ed, cJSON *raw_method_definition, const char *path,
				   const char *method, bool *out)
{
	*out = false;
	cJSON **defs = NULL;
	size_t k = 0;
	int rc = sw_conditional(ed->x, raw_method_definition, &defs, &k);
	for (size_t i = 0; i < k && rc == XF_OK && !*out; i++) {
		rc = swagger_validate_method_definition_is_dict(ed->x, defs[i], path, method);
		if (rc == XF_OK && swagger_method_definition_has_integration(defs[i]))
			*out = true;
	}
	free(defs);
	return rc;
}

/* Every branch's definition of `norm` is a dict with an integration. */
static int items_have_integration(swagger_editor *ed, cJSON **items, size_t k, const char *path,
				  const char *norm, bool *out)
{
	int rc = XF_OK;
	*out = true;
	for (size_t i = 0; i < k && rc == XF_OK && *out; i++) {
		rc = swagger_validate_path_item_is_dict(ed->x, items[i], path);
		cJSON *def = rc == XF_OK ? cJSON_GetObjectItemCaseSensitive(items[i], norm) : NULL;
		bool has = false;
		if (rc == XF_OK && cJSON_IsObject(def))
			rc = swagger_method_has_integration(ed, def, path, norm, &has);
		*out = has;
	}
	return rc;
}

int swagger_has_integration(swagger_editor *ed, const cJSON *path, const cJSON *method, bool *out)
{
	cJSON *norm_node = swagger_normalize_method_name(method);
	int rc = swagger_has_path(ed, path, norm_node, out);
	char *norm = normalized(norm_node);
	cJSON_Delete(norm_node);
	if (rc != XF_OK || !*out || !norm) {
		*out = *out && norm;
		free(norm);
		return rc;
	}
	cJSON **items = NULL;
	size_t k = 0;
	rc = sw_conditional(ed->x, cJSON_GetObjectItemCaseSensitive(ed->paths, path->valuestring), &items, &k);
	if (rc == XF_OK)
		rc = items_have_integration(ed, items, k, path->valuestring, norm, out);
	free(items);
	free(norm);
	return rc;
}

int swagger_add_path(swagger_editor *ed, const cJSON *path, const cJSON *method)
{
	cJSON *norm = swagger_normalize_method_name(method);
	const char *p = sw_text(path);
	cJSON *path_dict = sw_setdefault(ed->paths, p, sw_is_ustr(path), py27_dict_new());
	int rc = XF_OK;
	if (!cJSON_IsObject(path_dict))
		rc = xf_fail_document(ed->x, "Value of '%s' path must be a dictionary according to Swagger spec.", p);
	cJSON **items = NULL;
	size_t k = 0;
	if (rc == XF_OK)
		rc = sw_conditional(ed->x, path_dict, &items, &k);
	for (size_t i = 0; i < k && rc == XF_OK; i++)
		if (cJSON_IsObject(items[i]) && cJSON_IsString(norm))
			sw_setdefault(items[i], norm->valuestring, sw_is_ustr(norm), py27_dict_new());
	free(items);
	cJSON_Delete(norm);
	return rc;
}

int swagger_make_path_conditional(swagger_editor *ed, const cJSON *path, const cJSON *condition)
{
	cJSON *wrap = sw_make_conditional(condition, cJSON_CreateNull());
	cJSON *old = wrap ? sw_swap(ed->paths, sw_text(path), wrap) : NULL;
	if (!old) {
		cJSON_Delete(wrap);
		return wrap ? XF_OK : XF_NOMEM;
	}
	cJSON *args = cJSON_GetObjectItemCaseSensitive(wrap, SW_FN_IF);
	cJSON_ReplaceItemInArray(args, 1, old);
	return XF_OK;
}

int swagger_add_timeout_to_method(swagger_editor *ed, const cJSON *api, const cJSON *path,
				  const cJSON *method_name, const cJSON *timeout)
{
	(void)api;
	cJSON **defs = NULL;
	size_t n = 0;
	int rc = sw_method_defs(ed, sw_text(path), method_name, true, &defs, &n);
	for (size_t i = 0; i < n && rc == XF_OK; i++) {
		cJSON *integration = cJSON_GetObjectItemCaseSensitive(defs[i], SW_X_INTEGRATION);
		sw_set(integration, "timeoutInMillis", false, sw_copy(timeout));
	}
	free(defs);
	return rc;
}
