/* connector_profile.c — the connector profile data (schemas/connector_profiles.json, from the
 * reference's profiles.json): loading, the %{...} placeholder replacement and Permissions checks. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/connector.h"
#include "transform/managed_policies.h" /* samc_embedded_find */
#include "util/buf.h"

cJSON *conn_profiles_load(void)
{
	size_t len = 0;
	const char *data = samc_embedded_find("connector_profiles.json", &len);
	return data ? cJSON_ParseWithLength(data, len) : NULL;
}

/* ---- profile_replace ---- */

/* _sanitize: the alphanumeric characters of a name (Fn::Sub variable names allow no others). */
static char *sanitized(const char *name)
{
	char *out = samc_strdup(name);
	size_t n = 0;
	for (const char *p = name; out && *p; p++)
		if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
			out[n++] = *p;
	if (out)
		out[n] = '\0';
	return out;
}

/* s with every `from` replaced by `to` (malloc'd). */
static char *replace_all(const char *s, const char *from, const char *to)
{
	samc_buf b = SAMC_BUF_INIT;
	size_t flen = strlen(from);
	for (const char *hit; (hit = strstr(s, from)); s = hit + flen) {
		samc_buf_printf(&b, "%.*s%s", (int)(hit - s), s, to);
	}
	samc_buf_printf(&b, "%s", s);
	char *out = samc_buf_detach(&b);
	return out ? out : samc_strdup("");
}

/* re.search(r"\${.+}", s): "${", at least one character other than a newline, then "}". */
static bool has_sub_variable(const char *s)
{
	for (const char *p = strstr(s, "${"); p; p = strstr(p + 1, "${"))
		for (const char *q = p + 2; *q && *q != '\n'; q++)
			if (*q == '}' && q > p + 2)
				return true;
	return false;
}

typedef struct replacements {
	const char *const *names;
	const cJSON *const *values;
	size_t n;
	char **error;
} replacements;

/* The string after its placeholders are replaced; *whole set when a placeholder is the whole
 * string (then the result is a copy of that value). */
static cJSON *replace_string(const char *text, const replacements *r)
{
	char *s = samc_strdup(text);
	cJSON *vars = cJSON_CreateObject();
	for (size_t i = 0; s && vars && i < r->n; i++) {
		char *pattern = samc_strfmt("%%{%s}", r->names[i]);
		bool found = pattern && strstr(s, pattern);
		if (found && !r->values[i]) {
			*r->error = samc_strfmt("%s is missing.", r->names[i]);
			free(pattern);
			free(s);
			cJSON_Delete(vars);
			return NULL;
		}
		if (found && strcmp(s, pattern) == 0) {
			free(pattern);
			free(s);
			cJSON_Delete(vars);
			return xf_dup(r->values[i]);
		}
		if (found) {
			char *var = sanitized(r->names[i]);
			char *sub = var ? samc_strfmt("${%s}", var) : NULL;
			char *next = sub ? replace_all(s, pattern, sub) : NULL;
			free(s);
			s = next;
			if (var)
				xf_set(vars, var, xf_dup(r->values[i]));
			free(var);
			free(sub);
		}
		free(pattern);
	}
	cJSON *out = NULL;
	if (s && vars && has_sub_variable(s)) {
		out = cJSON_CreateObject();
		if (vars->child) {
			cJSON *args = cJSON_CreateArray();
			cJSON_AddItemToArray(args, cJSON_CreateString(s));
			cJSON_AddItemToArray(args, vars);
			vars = NULL;
			SAMC_JSON_ADD(out, "Fn::Sub", args);
		} else
			SAMC_JSON_ADD(out, "Fn::Sub", cJSON_CreateString(s));
	} else if (s)
		out = cJSON_CreateString(s);
	free(s);
	cJSON_Delete(vars);
	return out;
}

/* _map_nested: containers are rebuilt in order, strings replaced, the rest copied. */
static cJSON *replace_nested(const cJSON *v, const replacements *r)
{
	if (cJSON_IsString(v))
		return replace_string(v->valuestring, r);
	if (!cJSON_IsObject(v) && !cJSON_IsArray(v))
		return xf_dup(v);
	cJSON *out = cJSON_IsObject(v) ? cJSON_CreateObject() : cJSON_CreateArray();
	for (const cJSON *c = v->child; out && c; c = c->next) {
		cJSON *item = replace_nested(c, r);
		if (!item) {
			cJSON_Delete(out);
			return NULL;
		}
		if (cJSON_IsObject(v))
			samc_json_add_key(out, c->string, item);
		else
			cJSON_AddItemToArray(out, item);
	}
	return out;
}

cJSON *conn_profile_replace(const cJSON *v, const char *const *names, const cJSON *const *values, size_t n,
			    char **error)
{
	replacements r = {names, values, n, error};
	*error = NULL;
	return replace_nested(v, &r);
}

/* ---- Permissions ---- */

static bool list_has(const cJSON *list, const char *s)
{
	for (const cJSON *c = cJSON_IsArray(list) ? list->child : NULL; c; c = c->next)
		if (cJSON_IsString(c) && strcmp(c->valuestring, s) == 0)
			return true;
	return false;
}

/* ", ".join(AccessCategories) */
static char *category_names(const cJSON *categories)
{
	samc_buf b = SAMC_BUF_INIT;
	for (const cJSON *c = categories->child; c; c = c->next)
		samc_buf_printf(&b, "%s%s", c == categories->child ? "" : ", ", c->string);
	char *out = samc_buf_detach(&b);
	return out ? out : samc_strdup("");
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* sorted(set(list)) joined with `sep` (the list holds strings). */
static char *sorted_unique(const cJSON *list, const char *sep)
{
	size_t n = 0, cap = (size_t)cJSON_GetArraySize(list) + 1;
	const char **items = calloc(cap, sizeof(*items));
	if (!items)
		return NULL;
	for (const cJSON *c = cJSON_IsArray(list) ? list->child : NULL; c; c = c->next) {
		bool seen = false;
		for (size_t i = 0; i < n && !seen; i++)
			seen = cJSON_IsString(c) && strcmp(items[i], c->valuestring) == 0;
		if (cJSON_IsString(c) && !seen)
			items[n++] = c->valuestring;
	}
	qsort(items, n, sizeof(*items), compare_strings);
	samc_buf b = SAMC_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		samc_buf_printf(&b, "%s%s", i ? sep : "", items[i]);
	free(items);
	char *out = samc_buf_detach(&b);
	return out ? out : samc_strdup("");
}

/* sorted(Permissions) in the sorted valid combinations; the message lists those combinations. */
static int check_combinations(xf *x, const conn_job *job, const cJSON *valid, const char *source,
			      const char *destination)
{
	char *given = sorted_unique(job->permissions, "\n");
	bool ok = false;
	samc_buf all = SAMC_BUF_INIT;
	for (const cJSON *combo = valid->child; given && combo; combo = combo->next) {
		char *sorted = sorted_unique(combo, "\n"), *shown = sorted_unique(combo, " + ");
		ok = ok || (sorted && strcmp(sorted, given) == 0);
		samc_buf_printf(&all, "%s%s", combo == valid->child ? "" : ", ", shown ? shown : "");
		free(sorted);
		free(shown);
	}
	free(given);
	int rc = ok ? XF_OK
		    : xf_fail_resource(x, job->id,
				       "Unsupported 'Permissions' provided for connector from %s to %s; valid "
				       "combinations are: %s.",
				       source, destination, samc_buf_cstr(&all) ? samc_buf_cstr(&all) : "");
	samc_buf_free(&all);
	return rc;
}

int conn_check_permissions(xf *x, const conn_job *job, const cJSON *profile_properties, const char *source,
			   const char *destination)
{
	const cJSON *categories = xf_get(profile_properties, "AccessCategories");
	char *valid = category_names(categories);
	if (!valid)
		return XF_NOMEM;
	int rc = XF_OK;
	if (cJSON_GetArraySize(job->permissions) == 0)
		rc = xf_fail_resource(x, job->id, "'Permissions' cannot be empty; valid values are: %s.", valid);
	for (const cJSON *p = job->permissions->child; rc == XF_OK && p; p = p->next)
		if (!cJSON_IsString(p) || !xf_get(categories, p->valuestring))
			rc = xf_fail_resource(x, job->id,
					      "Unsupported 'Permissions' provided for connector from %s to %s; valid "
					      "values are: %s.",
					      source, destination, valid);
	free(valid);
	const cJSON *combinations = xf_get(profile_properties, "ValidAccessCategories");
	if (rc == XF_OK && cJSON_IsArray(combinations) && combinations->child)
		rc = check_combinations(x, job, combinations, source, destination);
	return rc;
}

bool conn_permission_given(const conn_job *job, const char *name)
{
	return list_has(job->permissions, name);
}
