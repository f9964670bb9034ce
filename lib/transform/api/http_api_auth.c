/* http_api_auth.c — HttpApiGenerator's Auth: the authorizers' security schemes and the default
 * authorizer in the body (_add_auth), and the Lambda authorizers' invoke permissions. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/api/http_api.h"
#include "transform/api/openapi.h"
#include "transform/api/swagger_internal.h"

static bool is_auth_field(const char *key)
{
	return strcmp(key, "Authorizers") == 0 || strcmp(key, "DefaultAuthorizer") == 0 ||
	       strcmp(key, "EnableIamAuthorizer") == 0;
}

static int check_auth(http_api *h, const cJSON *auth)
{
	if (!xf_truthy(h->body))
		return xf_fail_resource(
			h->x, h->id, "Auth works only with inline OpenApi specified in the 'DefinitionBody' property.");
	for (const cJSON *k = auth->child; k; k = k->next)
		if (!is_auth_field(k->string))
			return xf_fail_resource(h->x, h->id, "Invalid value for 'Auth' property");
	if (!openapi_is_valid(h->body))
		return xf_fail_resource(
			h->x, h->id,
			"Unable to add Auth configuration because 'DefinitionBody' does not contain a valid "
			"OpenApi definition.");
	return XF_OK;
}

/* _set_default_authorizer */
static int set_default_authorizer(http_api *h, openapi_editor *ed, const openapi_authorizers *authorizers,
				  const cJSON *default_authorizer)
{
	if (!xf_truthy(default_authorizer) || xf_is_no_value(default_authorizer))
		return XF_OK;
	if (!cJSON_IsString(default_authorizer))
		return xf_fail_resource(h->x, h->id, "Property 'Auth.DefaultAuthorizer' should be a string.");
	if (!openapi_authorizers_get(authorizers, default_authorizer->valuestring))
		return xf_fail_resource(
			h->x, h->id, "Unable to set DefaultAuthorizer because '%s' was not defined in 'Authorizers'.",
			default_authorizer->valuestring);
	cJSON *paths = openapi_iter_on_path(ed);
	if (!paths)
		return XF_NOMEM;
	int rc = XF_OK;
	for (const cJSON *p = paths->child; p && rc == XF_OK; p = p->next)
		rc = openapi_set_path_default_authorizer(ed, p, default_authorizer, authorizers);
	cJSON_Delete(paths);
	return rc;
}

static int get_authorizers(http_api *h, const cJSON *auth, openapi_authorizers *out)
{
	return openapi_get_authorizers(h->x, h->id, xf_get(auth, "Authorizers"),
				       cJSON_IsTrue(xf_get(auth, "EnableIamAuthorizer")), out);
}

int ha_add_auth(http_api *h)
{
	const cJSON *auth = ha_prop(h, "Auth");
	if (!xf_truthy(auth))
		return XF_OK;
	int rc = check_auth(h, auth);
	openapi_editor ed;
	if (rc == XF_OK)
		rc = openapi_editor_init(&ed, h->x, h->body);
	if (rc != XF_OK)
		return rc;
	openapi_authorizers authorizers;
	rc = get_authorizers(h, auth, &authorizers);
	if (rc == XF_OK)
		rc = openapi_add_authorizers_security_definitions(&ed, &authorizers);
	if (rc == XF_OK)
		rc = set_default_authorizer(h, &ed, &authorizers, xf_get(auth, "DefaultAuthorizer"));
	openapi_authorizers_free(&authorizers);
	cJSON *body = rc == XF_OK ? openapi_openapi(&ed) : NULL;
	openapi_editor_free(&ed);
	if (rc != XF_OK)
		return rc;
	if (!body)
		return XF_NOMEM;
	cJSON_Delete(h->body);
	h->body = body;
	return XF_OK;
}

/* ---- permissions (_get_authorizer_permission) ---- */

static cJSON *authorizer_source_arn(const char *api_id)
{
	cJSON *sub = cJSON_CreateObject();
	cJSON *args = SAMC_JSON_ADD_ARRAY(sub, "Fn::Sub");
	cJSON *vars = cJSON_CreateObject();
	sw_append(args, cJSON_CreateString("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:"
					   "${__ApiId__}/authorizers/*"));
	SAMC_JSON_ADD(vars, "__ApiId__", xf_ref(api_id));
	sw_append(args, vars);
	return sub;
}

static int add_permission(http_api *h, const openapi_authorizer *a)
{
	char *id = samc_strfmt("%s%sAuthorizerPermission", h->id, a->name ? a->name : "AWS_IAM");
	cJSON *permission = ha_resource("AWS::Lambda::Permission", h->child_attrs);
	if (!id || !permission) {
		free(id);
		cJSON_Delete(permission);
		return XF_NOMEM;
	}
	cJSON *props = xf_props(permission);
	SAMC_JSON_ADD_STRING(props, "Action", "lambda:InvokeFunction");
	SAMC_JSON_ADD(props, "FunctionName", swagger_deepcopy(a->function_arn));
	SAMC_JSON_ADD_STRING(props, "Principal", "apigateway.amazonaws.com");
	SAMC_JSON_ADD(props, "SourceArn", authorizer_source_arn(h->id));
	int rc = ha_add(h, h->permissions, id, permission);
	free(id);
	return rc;
}

int ha_authorizer_permissions(http_api *h)
{
	const cJSON *auth = ha_prop(h, "Auth");
	if (!xf_truthy(auth))
		return XF_OK;
	openapi_authorizers authorizers;
	int rc = get_authorizers(h, auth, &authorizers);
	for (size_t i = 0; i < authorizers.n && rc == XF_OK; i++) {
		const openapi_authorizer *a = &authorizers.items[i];
		if (xf_truthy(a->function_arn) && xf_truthy(a->enable_function_default_permissions))
			rc = add_permission(h, a);
	}
	openapi_authorizers_free(&authorizers);
	return rc;
}
