/* rest_api_auth.c — the Auth property of an AWS::Serverless::Api: authorizers, default
 * authorizer, API keys and resource policies in the body (ApiGenerator._add_auth) and the
 * Lambda permissions of Lambda authorizers (_construct_authorizer_lambda_permission). */
#include <stdlib.h>
#include <string.h>

#include "transform/api/rest_api.h"
#include "transform/api/swagger.h"
#include "util/buf.h"

/* AuthProperties._fields */
static bool is_auth_field(const char *key)
{
	static const char *const fields[] = {"Authorizers",
					     "DefaultAuthorizer",
					     "InvokeRole",
					     "AddDefaultAuthorizerToCorsPreflight",
					     "AddApiKeyRequiredToCorsPreflight",
					     "ApiKeyRequired",
					     "ResourcePolicy",
					     "UsagePlan"};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strcmp(fields[i], key) == 0)
			return true;
	return false;
}

static bool all_auth_fields(const cJSON *auth)
{
	for (const cJSON *c = auth->child; c; c = c->next)
		if (!is_auth_field(c->string))
			return false;
	return true;
}

/* An AuthProperties field: NULL for None (absent or null). */
static const cJSON *auth_field(const cJSON *auth, const char *name)
{
	const cJSON *v = xf_get(auth, name);
	return cJSON_IsNull(v) ? NULL : v;
}

/* A field defaulting to True when absent; its truthiness. */
static bool auth_flag(const cJSON *auth, const char *name)
{
	const cJSON *v = xf_get(auth, name);
	return v ? xf_truthy(v) : true;
}

/* ApiGenerator._set_default_authorizer */
static int set_default_authorizer(rest_api *r, swagger_editor *ed, const swagger_authorizers *authorizers,
				  const cJSON *auth)
{
	const cJSON *name = auth_field(auth, "DefaultAuthorizer");
	if (!xf_truthy(name))
		return XF_OK;
	if (!cJSON_IsString(name))
		return xf_fail_resource(r->x, r->id, "DefaultAuthorizer is not a string.");
	if (!swagger_authorizers_get(authorizers, name->valuestring) && strcmp(name->valuestring, "AWS_IAM") != 0)
		return xf_fail_resource(r->x, r->id,
					"Unable to set DefaultAuthorizer because '%s' was not defined in 'Authorizers'.",
					name->valuestring);
	bool preflight = auth_flag(auth, "AddDefaultAuthorizerToCorsPreflight");
	cJSON *paths = swagger_iter_on_path(ed);
	int rc = paths ? XF_OK : XF_NOMEM;
	for (const cJSON *p = paths ? paths->child : NULL; p && rc == XF_OK; p = p->next)
		rc = swagger_set_path_default_authorizer(ed, p, name, authorizers, preflight);
	cJSON_Delete(paths);
	return rc;
}

static int set_default_apikey_required(swagger_editor *ed, const cJSON *auth)
{
	int rc = swagger_add_apikey_security_definition(ed);
	bool preflight = auth_flag(auth, "AddApiKeyRequiredToCorsPreflight");
	cJSON *paths = rc ? NULL : swagger_iter_on_path(ed);
	if (rc == XF_OK && !paths)
		rc = XF_NOMEM;
	for (const cJSON *p = paths ? paths->child : NULL; p && rc == XF_OK; p = p->next)
		rc = swagger_set_path_default_apikey_required(ed, p, preflight);
	cJSON_Delete(paths);
	return rc;
}

static int add_resource_policy(rest_api *r, swagger_editor *ed, const cJSON *policy)
{
	int rc = swagger_validate_is_dict(r->x, policy, "ResourcePolicy must be a map (ResourcePolicyStatement).");
	cJSON *paths = rc ? NULL : swagger_iter_on_path(ed);
	if (rc == XF_OK && !paths)
		rc = XF_NOMEM;
	const cJSON *stage = ra_prop(r, "StageName");
	for (const cJSON *p = paths ? paths->child : NULL; p && rc == XF_OK; p = p->next)
		rc = swagger_add_resource_policy(ed, policy, p, stage);
	cJSON_Delete(paths);
	const cJSON *custom = xf_get(policy, "CustomStatements");
	if (rc == XF_OK && xf_truthy(custom))
		rc = swagger_add_custom_statements(ed, custom);
	return rc;
}

static int edit_auth(rest_api *r, swagger_editor *ed, const cJSON *auth)
{
	swagger_authorizers authorizers = {NULL, 0};
	int rc = swagger_get_authorizers(r->x, r->id, auth_field(auth, "Authorizers"),
					 auth_field(auth, "DefaultAuthorizer"), &authorizers);
	if (rc == XF_OK && authorizers.n) {
		rc = swagger_add_authorizers_security_definitions(ed, &authorizers);
		if (rc == XF_OK)
			rc = set_default_authorizer(r, ed, &authorizers, auth);
	}
	swagger_authorizers_free(&authorizers);
	if (rc == XF_OK && xf_truthy(auth_field(auth, "ApiKeyRequired")))
		rc = set_default_apikey_required(ed, auth);
	const cJSON *policy = auth_field(auth, "ResourcePolicy");
	if (rc == XF_OK && xf_truthy(policy))
		rc = add_resource_policy(r, ed, policy);
	return rc;
}

int ra_add_auth(rest_api *r)
{
	const cJSON *auth = ra_prop(r, "Auth");
	if (!xf_truthy(auth))
		return XF_OK;
	if (!xf_truthy(r->body))
		return xf_fail_resource(r->x, r->id,
					"Auth works only with inline Swagger specified in 'DefinitionBody' property.");
	if (!cJSON_IsObject(auth) || !all_auth_fields(auth))
		return xf_fail_resource(r->x, r->id, "Invalid value for 'Auth' property");
	if (!swagger_is_valid(r->body))
		return xf_fail_resource(r->x, r->id,
					"Unable to add Auth configuration because 'DefinitionBody' does not contain a "
					"valid Swagger definition.");
	swagger_editor ed;
	int rc = swagger_editor_init(&ed, r->x, r->body);
	if (rc)
		return rc;
	rc = edit_auth(r, &ed, auth);
	cJSON *doc = rc ? NULL : swagger_swagger(&ed);
	swagger_editor_free(&ed);
	if (rc)
		return rc;
	if (!doc)
		return XF_NOMEM;
	cJSON_Delete(r->body);
	r->body = doc;
	return swagger_openapi_postprocess(r->x, r->body, ra_prop(r, "OpenApiVersion"));
}

/* ---- authorizer permissions ---- */

static int authorizer_permission(rest_api *r, const swagger_authorizer *a)
{
	char *id = samc_strfmt("%s%sAuthorizerPermission", r->id, a->name);
	char *arn = samc_strfmt("arn:%s:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/authorizers/*",
				r->x->partition);
	cJSON *perm = ra_resource("AWS::Lambda::Permission", NULL, r->child_attrs);
	cJSON *props = perm ? xf_props(perm) : NULL;
	int rc = (id && arn && props) ? XF_OK : XF_NOMEM;
	if (rc == XF_OK) {
		xf_set(props, "Action", cJSON_CreateString("lambda:InvokeFunction"));
		xf_set(props, "FunctionName", cJSON_Duplicate(a->function_arn, 1));
		xf_set(props, "Principal", cJSON_CreateString("apigateway.amazonaws.com"));
		xf_set(props, "SourceArn", ra_sub_with(arn, "__ApiId__", xf_ref(r->id)));
		rc = ra_add(r, id, perm);
		perm = NULL;
	}
	cJSON_Delete(perm);
	free(id);
	free(arn);
	return rc;
}

int ra_authorizer_permissions(rest_api *r)
{
	const cJSON *auth = ra_prop(r, "Auth");
	if (!xf_truthy(auth))
		return XF_OK;
	swagger_authorizers authorizers = {NULL, 0};
	int rc = swagger_get_authorizers(r->x, r->id, auth_field(auth, "Authorizers"), NULL, &authorizers);
	for (size_t i = 0; rc == XF_OK && i < authorizers.n; i++) {
		const swagger_authorizer *a = &authorizers.items[i];
		if (!xf_truthy(a->function_arn) || xf_truthy(a->disable_function_default_permissions))
			continue;
		rc = authorizer_permission(r, a);
	}
	swagger_authorizers_free(&authorizers);
	return rc;
}
