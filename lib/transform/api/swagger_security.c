/* swagger_security.c — SwaggerEditor's security: securityDefinitions (authorizers, AWS_IAM,
 * api_key), API-wide default authorizer / API key, and method-level overrides. */
#include <stdlib.h>
#include <string.h>

#include "transform/api/swagger_internal.h"
#include "util/buf.h"

/* The corpus (newer than 1.110.0, which crashes with a TypeError here) expects the bare
 * InvalidTemplateException add_apikey_security_definition raises for a non-dict value. */
int swagger_add_authorizers_security_definitions(swagger_editor *ed, const swagger_authorizers *authorizers)
{
	sw_ensure_dict(&ed->security_definitions, &ed->own_security_definitions);
	if (!cJSON_IsObject(ed->security_definitions))
		return xf_fail_template(ed->x, "securityDefinitions must be a dictionary.");
	for (size_t i = 0; authorizers && i < authorizers->n; i++) {
		const swagger_authorizer *a = &authorizers->items[i];
		cJSON *entry = NULL;
		int rc = swagger_authorizer_generate_swagger(ed->x, a, &entry);
		if (rc != XF_OK)
			return rc;
		sw_set(ed->security_definitions, a->name, a->name_unicode, entry);
	}
	return XF_OK;
}

/* `if key not in security_definitions: security_definitions.update({key: definition})`. */
static int add_definition_once(swagger_editor *ed, const char *key, cJSON *definition)
{
	sw_ensure_dict(&ed->security_definitions, &ed->own_security_definitions);
	if (!cJSON_IsObject(ed->security_definitions)) {
		cJSON_Delete(definition);
		return xf_fail_template(ed->x, "securityDefinitions must be a dictionary.");
	}
	if (!cJSON_GetObjectItemCaseSensitive(ed->security_definitions, key)) {
		cJSON *update = sw_py27_dict(key, definition, NULL);
		sw_update(ed->security_definitions, update);
		cJSON_Delete(update);
	} else
		cJSON_Delete(definition);
	return XF_OK;
}

int swagger_add_awsiam_security_definition(swagger_editor *ed)
{
	cJSON *def = sw_py27_dict("x-amazon-apigateway-authtype", cJSON_CreateString("awsSigv4"), "type",
				  cJSON_CreateString("apiKey"), "name", cJSON_CreateString("Authorization"), "in",
				  cJSON_CreateString("header"), NULL);
	return add_definition_once(ed, "AWS_IAM", def);
}

int swagger_add_apikey_security_definition(swagger_editor *ed)
{
	cJSON *def = sw_py27_dict("type", cJSON_CreateString("apiKey"), "name", cJSON_CreateString("x-api-key"),
				  "in", cJSON_CreateString("header"), NULL);
	return add_definition_once(ed, "api_key", def);
}

/* method_definition.get("security", []) (NULL when absent), which must be a list. */
static int sw_security_list(swagger_editor *ed, const cJSON *def, const char *path, const char *method,
			    cJSON **out)
{
	*out = cJSON_GetObjectItemCaseSensitive(def, "security");
	if (!*out || cJSON_IsArray(*out))
		return XF_OK;
	return xf_fail_document(ed->x, "Type of security for path %s method %s must be a list", path, method);
}

/* Splits the security list into entries naming one of `names` (matched) and the others,
 * validating that each entry is a dict. Borrowed pointers into the list. */
typedef struct split {
	cJSON **other, **matched;
	size_t nother, nmatched;
} split;

static bool names_key_of(const cJSON *entry, const char *const *names, size_t nnames)
{
	for (const cJSON *c = entry->child; c; c = c->next)
		for (size_t i = 0; i < nnames; i++)
			if (strcmp(c->string, names[i]) == 0)
				return true;
	return false;
}

static int split_security(swagger_editor *ed, const cJSON *list, const char *path, const char *method,
			  const char *const *names, size_t nnames, split *s)
{
	memset(s, 0, sizeof(*s));
	size_t n = (size_t)cJSON_GetArraySize(list);
	s->other = calloc(n + 1, sizeof(cJSON *));
	s->matched = calloc(n + 1, sizeof(cJSON *));
	if (!s->other || !s->matched)
		return XF_NOMEM;
	for (cJSON *c = list ? list->child : NULL; c; c = c->next) {
		if (!cJSON_IsObject(c)) {
			char *text = sw_pystr(c);
			xf_fail_document(ed->x, "%s in Security for path %s method %s is not a valid dictionary.",
					 text ? text : "", path, method);
			free(text);
			return XF_FAIL;
		}
		if (names_key_of(c, names, nnames))
			s->matched[s->nmatched++] = c;
		else
			s->other[s->nother++] = c;
	}
	return XF_OK;
}

static void split_free(split *s)
{
	free(s->other);
	free(s->matched);
}

/* Index of the first entry with key `key`, or -1; the entry is removed from the array. */
static void drop_first_with_key(cJSON **entries, size_t *n, const char *key, bool *found)
{
	*found = false;
	for (size_t i = 0; i < *n; i++) {
		if (cJSON_GetObjectItemCaseSensitive(entries[i], key)) {
			memmove(&entries[i], &entries[i + 1], (*n - i - 1) * sizeof(*entries));
			(*n)--;
			*found = true;
			return;
		}
	}
}

static cJSON *list_of_copies(cJSON **entries, size_t n)
{
	cJSON *l = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++)
		sw_append(l, sw_copy(entries[i]));
	return l;
}

/* {name: value} as a Py27Dict with the name's key flag. */
static cJSON *security_entry(const char *name, bool unicode, cJSON *value)
{
	cJSON *d = py27_dict_new();
	sw_set(d, name, unicode, value);
	return d;
}

/* method_definition["security"] = security; AWS_IAM first adds its definition. */
static int store_security(swagger_editor *ed, cJSON *def, cJSON *security)
{
	bool iam = security && security->child && cJSON_GetObjectItemCaseSensitive(security->child, "AWS_IAM");
	sw_set(def, "security", false, security);
	return iam ? swagger_add_awsiam_security_definition(ed) : XF_OK;
}

static cJSON *default_scopes(const swagger_authorizers *authorizers, const char *name)
{
	const swagger_authorizer *a = swagger_authorizers_get(authorizers, name);
	return a && a->authorization_scopes ? sw_copy(a->authorization_scopes) : cJSON_CreateArray();
}

static int default_authorizer_for(swagger_editor *ed, const char *path, const sw_method *m,
				  const cJSON *default_authorizer, const swagger_authorizers *authorizers)
{
	cJSON *existing = NULL;
	int rc = sw_security_list(ed, m->def, path, m->name, &existing);
	size_t nnames = 1 + (authorizers ? authorizers->n : 0);
	const char **names = calloc(nnames, sizeof(*names));
	if (rc != XF_OK || !names) {
		free(names);
		return rc != XF_OK ? rc : XF_NOMEM;
	}
	names[0] = "AWS_IAM";
	for (size_t i = 1; i < nnames; i++)
		names[i] = authorizers->items[i - 1].name;
	split s;
	rc = split_security(ed, existing, path, m->name, names, nnames, &s);
	free(names);
	if (rc == XF_OK) {
		bool none = false;
		drop_first_with_key(s.other, &s.nother, "NONE", &none);
		cJSON *security = list_of_copies(s.other, s.nother);
		if (!none && s.nmatched)
			for (size_t i = 0; i < s.nmatched; i++)
				sw_append(security, sw_copy(s.matched[i]));
		else if (!none) {
			const char *name = sw_text(default_authorizer);
			sw_append(security, security_entry(name, sw_is_ustr(default_authorizer),
							   default_scopes(authorizers, name)));
		}
		if (cJSON_GetArraySize(security) > 0)
			rc = store_security(ed, m->def, security);
		else
			cJSON_Delete(security);
	}
	split_free(&s);
	return rc;
}

int swagger_set_path_default_authorizer(swagger_editor *ed, const cJSON *path, const cJSON *default_authorizer,
					const swagger_authorizers *authorizers, bool add_default_auth_to_preflight)
{
	sw_method *m = NULL;
	size_t n = 0;
	const char *p = sw_text(path);
	int rc = sw_all_methods(ed, p, true, &m, &n);
	for (size_t i = 0; i < n && rc == XF_OK; i++) {
		if (!add_default_auth_to_preflight && strcmp(m[i].name, "options") == 0)
			continue;
		rc = default_authorizer_for(ed, p, &m[i], default_authorizer, authorizers);
	}
	sw_methods_free(m, n);
	return rc;
}

static int default_apikey_for(swagger_editor *ed, const char *path, const sw_method *m, bool options_api_key)
{
	static const char *names[] = {"api_key", "api_key_false"};
	cJSON *existing = NULL;
	int rc = sw_security_list(ed, m->def, path, m->name, &existing);
	split s;
	if (rc == XF_OK)
		rc = split_security(ed, existing, path, m->name, names, 2, &s);
	else
		memset(&s, 0, sizeof(s));
	if (rc == XF_OK) {
		bool api_key_false = false;
		drop_first_with_key(s.matched, &s.nmatched, "api_key_false", &api_key_false);
		cJSON *security = list_of_copies(s.other, s.nother);
		bool options = strcmp(m->name, "options") == 0;
		if (!api_key_false && !(options && !options_api_key))
			sw_append(security, security_entry("api_key", false, cJSON_CreateArray()));
		cJSON *old = existing ? existing : cJSON_CreateArray();
		if (!xf_equal(security, old))
			sw_set(m->def, "security", false, security);
		else
			cJSON_Delete(security);
		if (!existing)
			cJSON_Delete(old);
	}
	split_free(&s);
	return rc;
}

int swagger_set_path_default_apikey_required(swagger_editor *ed, const cJSON *path, bool required_options_api_key)
{
	sw_method *m = NULL;
	size_t n = 0;
	const char *p = sw_text(path);
	int rc = sw_all_methods(ed, p, true, &m, &n);
	for (size_t i = 0; i < n && rc == XF_OK; i++)
		rc = default_apikey_for(ed, p, &m[i], required_options_api_key);
	sw_methods_free(m, n);
	return rc;
}

/* ---- method-level settings ---- */

/* The scopes _set_method_authorizer puts in the entry; NULL keeps []. */
static int method_scopes(swagger_editor *ed, const char *name, const cJSON *authorizers,
			 const cJSON *scopes_override, const cJSON **out)
{
	*out = NULL;
	if (strcmp(name, "NONE") == 0 || !xf_truthy(authorizers))
		return XF_OK;
	const cJSON *authorizer = xf_get(authorizers, name);
	if (authorizer && !cJSON_IsObject(authorizer))
		return xf_fail_document(ed->x, "Type of authorizer '%s' must be a dictionary", name);
	const cJSON *scopes = xf_get(authorizer, "AuthorizationScopes");
	if (!sw_is_none(scopes_override))
		scopes = scopes_override;
	if (!sw_is_none(authorizer) && !sw_is_none(scopes))
		*out = scopes;
	return XF_OK;
}

static int set_method_authorizer(swagger_editor *ed, const cJSON *path, const cJSON *method_name,
				 const cJSON *authorizer_name, const cJSON *authorizers, const cJSON *scopes)
{
	cJSON **defs = NULL;
	size_t n = 0;
	const char *p = sw_text(path), *name = sw_text(authorizer_name);
	char *method_text = sw_pystr(method_name);
	int rc = sw_method_defs(ed, p, method_name, true, &defs, &n);
	for (size_t i = 0; i < n && rc == XF_OK; i++) {
		cJSON *existing = NULL;
		const cJSON *entry_scopes = NULL;
		rc = sw_security_list(ed, defs[i], p, method_text, &existing);
		if (rc == XF_OK)
			rc = method_scopes(ed, name, authorizers, scopes, &entry_scopes);
		if (rc != XF_OK)
			break;
		cJSON *security = existing ? sw_copy(existing) : cJSON_CreateArray();
		cJSON *value = entry_scopes ? sw_copy(entry_scopes) : cJSON_CreateArray();
		sw_append(security, security_entry(name, sw_is_ustr(authorizer_name), value));
		rc = store_security(ed, defs[i], security);
	}
	free(defs);
	free(method_text);
	return rc;
}

static int set_method_apikey_handling(swagger_editor *ed, const cJSON *path, const cJSON *method_name,
				      bool apikey_required)
{
	cJSON **defs = NULL;
	size_t n = 0;
	const char *p = sw_text(path);
	char *method_text = sw_pystr(method_name);
	int rc = sw_method_defs(ed, p, method_name, true, &defs, &n);
	for (size_t i = 0; i < n && rc == XF_OK; i++) {
		if (apikey_required)
			rc = swagger_add_apikey_security_definition(ed);
		cJSON *existing = NULL;
		if (rc == XF_OK)
			rc = sw_security_list(ed, defs[i], p, method_text, &existing);
		if (rc != XF_OK)
			break;
		cJSON *security = existing ? sw_copy(existing) : cJSON_CreateArray();
		sw_append(security, security_entry(apikey_required ? "api_key" : "api_key_false", false,
						   cJSON_CreateArray()));
		sw_set(defs[i], "security", false, security);
	}
	free(defs);
	free(method_text);
	return rc;
}

/* `auth and auth.get(key)`: a falsy auth is the value itself. */
static const cJSON *and_get(const cJSON *d, const char *key)
{
	return xf_truthy(d) ? xf_get(d, key) : d;
}

int swagger_add_auth_to_method(swagger_editor *ed, const cJSON *path, const cJSON *method_name,
			       const cJSON *auth, const cJSON *api)
{
	const cJSON *authorizer = and_get(auth, "Authorizer");
	const cJSON *scopes = and_get(auth, "AuthorizationScopes");
	const cJSON *api_auth = and_get(api, "Auth");
	const cJSON *authorizers = and_get(api_auth, "Authorizers");
	int rc = XF_OK;
	if (xf_truthy(authorizer))
		rc = set_method_authorizer(ed, path, method_name, authorizer, authorizers, scopes);
	const cJSON *apikey = and_get(auth, "ApiKeyRequired");
	if (rc == XF_OK && !sw_is_none(apikey))
		rc = set_method_apikey_handling(ed, path, method_name, xf_truthy(apikey));
	return rc;
}
