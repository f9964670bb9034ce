/* openapi_auth.c — OpenApiEditor's authorization edits: security schemes, the API's default
 * authorizer on every integrated method, and a route's own authorizer and scopes. */
#include <stdlib.h>
#include <string.h>

#include "transform/api/openapi.h"
#include "transform/api/swagger_internal.h"

int openapi_add_authorizers_security_definitions(openapi_editor *ed, const openapi_authorizers *authorizers)
{
	sw_ensure_dict(&ed->security_schemes, &ed->own_security_schemes);
	if (!ed->security_schemes)
		return XF_NOMEM;
	for (size_t i = 0; i < authorizers->n; i++) {
		const openapi_authorizer *a = &authorizers->items[i];
		cJSON *scheme = NULL;
		int rc = openapi_authorizer_generate_openapi(ed->base.x, a, &scheme);
		if (rc != XF_OK)
			return rc;
		sw_set(ed->security_schemes, a->name ? a->name : "AWS_IAM", false, scheme);
	}
	return XF_OK;
}

/* ---- set_path_default_authorizer ---- */

/* _get_authorization_scopes(authorizers, default_authorizer): the authorizer's scopes or []. */
static cJSON *authorization_scopes(const openapi_authorizers *authorizers, const char *name)
{
	const openapi_authorizer *a = openapi_authorizers_get(authorizers, name);
	if (a && a->authorization_scopes)
		return swagger_deepcopy(a->authorization_scopes);
	return cJSON_CreateArray();
}

/* Each integrated definition of one method that has no security yet gets [{default: scopes}]. */
static int secure_method(openapi_editor *ed, cJSON *method, const char *path, const char *method_name,
			 const cJSON *default_authorizer, const openapi_authorizers *authorizers)
{
	cJSON **defs = NULL;
	size_t n = 0;
	int rc = sw_conditional(ed->base.x, method, &defs, &n);
	for (size_t i = 0; i < n && rc == XF_OK; i++) {
		rc = swagger_validate_method_definition_is_dict(ed->base.x, defs[i], path, method_name);
		if (rc != XF_OK || !swagger_method_definition_has_integration(defs[i]) ||
		    xf_truthy(xf_get(defs[i], "security")))
			continue;
		cJSON *security_dict = cJSON_CreateObject();
		sw_set(security_dict, default_authorizer->valuestring, sw_is_ustr(default_authorizer),
		       authorization_scopes(authorizers, default_authorizer->valuestring));
		cJSON *security = cJSON_CreateArray();
		sw_append(security, security_dict);
		sw_set(defs[i], "security", false, security);
	}
	free(defs);
	return rc;
}

static int secure_path_item(openapi_editor *ed, cJSON *path_item, const char *path, const cJSON *default_authorizer,
			    const openapi_authorizers *authorizers)
{
	size_t n = 0;
	cJSON **members = sw_members(path_item, &n);
	int rc = XF_OK;
	for (size_t i = 0; i < n && rc == XF_OK; i++) {
		char *norm = sw_normalize(members[i]->string);
		if (!norm)
			rc = XF_NOMEM;
		else if (strcmp(norm, "parameters") == 0 || strcmp(norm, "options") == 0)
			;
		else if (!cJSON_GetObjectItemCaseSensitive(path_item, norm))
			rc = xf_fail_document(ed->base.x, "Could not find %s in %s within DefinitionBody.", norm, path);
		else
			rc = secure_method(ed, members[i], path, members[i]->string, default_authorizer, authorizers);
		free(norm);
	}
	free(members);
	return rc;
}

int openapi_set_path_default_authorizer(openapi_editor *ed, const cJSON *path, const cJSON *default_authorizer,
					const openapi_authorizers *authorizers)
{
	const char *p = sw_text(path);
	cJSON **items = NULL;
	size_t n = 0;
	int rc = sw_conditional(ed->base.x, cJSON_GetObjectItemCaseSensitive(ed->base.paths, p), &items, &n);
	for (size_t i = 0; i < n && rc == XF_OK; i++) {
		rc = swagger_validate_path_item_is_dict(ed->base.x, items[i], p);
		if (rc == XF_OK)
			rc = secure_path_item(ed, items[i], p, default_authorizer, authorizers);
	}
	free(items);
	return rc;
}

/* ---- add_auth_to_method ---- */

/* The security entry of _set_method_authorizer: {name: scopes} where scopes are the method's
 * AuthorizationScopes, else the authorizer's, else []. */
static int method_security(openapi_editor *ed, const cJSON *authorizer_name, const cJSON *authorizers,
			   const cJSON *authorization_scopes, cJSON **out)
{
	const char *name = authorizer_name->valuestring;
	*out = cJSON_CreateObject();
	sw_set(*out, name, sw_is_ustr(authorizer_name), cJSON_CreateArray());
	if (strcmp(name, "NONE") == 0 || strcmp(name, "AWS_IAM") == 0)
		return XF_OK;
	const cJSON *authorizer = xf_get(authorizers, name);
	if (authorizer && !cJSON_IsObject(authorizer))
		return xf_fail_document(ed->base.x, "Type of authorizer '%s' must be a dictionary", name);
	const cJSON *scopes = xf_get(authorizer, "AuthorizationScopes");
	if (xf_truthy(authorization_scopes))
		scopes = authorization_scopes;
	if (xf_truthy(authorizer) && xf_truthy(scopes))
		sw_set(*out, name, false, swagger_deepcopy(scopes));
	return XF_OK;
}

static int set_method_authorizer(openapi_editor *ed, const cJSON *path, const cJSON *method_name,
				 const cJSON *authorizer_name, const cJSON *authorizers,
				 const cJSON *authorization_scopes)
{
	cJSON **defs = NULL;
	size_t n = 0;
	int rc = sw_method_defs(&ed->base, sw_text(path), method_name, true, &defs, &n);
	for (size_t i = 0; i < n && rc == XF_OK; i++) {
		cJSON *entry = NULL;
		rc = method_security(ed, authorizer_name, authorizers, authorization_scopes, &entry);
		const cJSON *existing = xf_get(defs[i], "security");
		if (rc == XF_OK && existing && !cJSON_IsArray(existing))
			rc = xf_fail_document(ed->base.x, "Type of security for path %s method %s must be a list",
					      sw_text(path), sw_text(method_name));
		if (rc != XF_OK) {
			cJSON_Delete(entry);
			break;
		}
		cJSON *security = existing ? swagger_deepcopy(existing) : cJSON_CreateArray();
		sw_append(security, entry);
		sw_set(defs[i], "security", false, security);
	}
	free(defs);
	return rc;
}

int openapi_add_auth_to_method(openapi_editor *ed, const cJSON *path, const cJSON *method_name, const cJSON *auth,
			       const cJSON *api)
{
	const cJSON *method_authorizer = xf_get(auth, "Authorizer");
	const cJSON *scopes = xf_get(auth, "AuthorizationScopes");
	const cJSON *authorizers = xf_get(xf_get(api, "Auth"), "Authorizers");
	if (!xf_truthy(method_authorizer))
		return XF_OK;
	if (!cJSON_IsString(method_authorizer))
		return XF_OK;
	return set_method_authorizer(ed, path, method_name, method_authorizer, authorizers,
				     cJSON_IsNull(scopes) ? NULL : scopes);
}
