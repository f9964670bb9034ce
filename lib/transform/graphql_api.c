/* graphql_api.c — owns AWS::Serverless::GraphQLApi (SamGraphQLApi): property checks, the
 * AppSync GraphQLApi with its Auth, Tags and Logging (CloudWatch role), and the part order. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/function_extras_util.h"
#include "transform/graphql_api.h"
#include "util/buf.h"

#define GRAPHQL_API_TYPE "AWS::Serverless::GraphQLApi"

/* SamGraphQLApi.property_types: names, and the checks up to SchemaUri (Logging and the maps
 * after it are checked by check_remaining_types, in the same order). */
static const xf_prop_spec property_specs[] = {
	{"Name", false, XF_ANY, false},
	{"Tags", false, XF_IS_DICT, false},
	{"XrayEnabled", false, XF_ANY, false},
	{"Auth", true, XF_IS_DICT, false},
	{"SchemaInline", false, XF_IS_STR, false},
	{"SchemaUri", false, XF_IS_STR, false},
	{"Logging", false, XF_ANY, false},
	{"DataSources", false, XF_ANY, false},
	{"Functions", false, XF_ANY, false},
	{"Resolvers", false, XF_ANY, false},
	{"ApiKeys", false, XF_ANY, false},
	{"DomainName", false, XF_ANY, false},
	{"Cache", false, XF_ANY, false},
	{"Visibility", false, XF_ANY, false},
	{"OwnerContact", false, XF_ANY, false},
	{"IntrospectionConfig", false, XF_ANY, false},
	{"QueryDepthLimit", false, XF_ANY, false},
	{"ResolverCountLimit", false, XF_ANY, false},
	{NULL, false, XF_ANY, false},
};

/* Logging: one_of(IS_DICT, IS_BOOL); then the IS_DICT maps. Intrinsics are not checked. */
static int check_remaining_types(xf *x, const char *id, const cJSON *props)
{
	static const char *const maps[] = {"DataSources", "Functions", "Resolvers", "ApiKeys", "DomainName", "Cache"};
	const cJSON *logging = xf_get(props, "Logging");
	if (logging && !cJSON_IsNull(logging) && !xf_is_intrinsic(logging) && !cJSON_IsObject(logging) &&
	    !cJSON_IsBool(logging))
		return xf_fail_resource(x, id, "Type of property 'Logging' is invalid.");
	for (size_t i = 0; i < sizeof(maps) / sizeof(maps[0]); i++) {
		const cJSON *v = xf_get(props, maps[i]);
		if (v && !cJSON_IsNull(v) && !xf_is_intrinsic(v) && !cJSON_IsObject(v))
			return xf_fail_resource(x, id, "Property '%s' should be a map.", maps[i]);
	}
	return XF_OK;
}

/* The properties the model sees: a copy without the null ones (_generate_resource_dict). */
static cJSON *model_input(const cJSON *props)
{
	cJSON *copy = cJSON_IsObject(props) ? xf_dup(props) : cJSON_CreateObject();
	for (cJSON *c = copy ? copy->child : NULL, *next = NULL; c; c = next) {
		next = c->next;
		if (cJSON_IsNull(c))
			cJSON_Delete(cJSON_DetachItemViaPointer(copy, c));
	}
	return copy;
}

/* ---- Auth ---- */

typedef struct auth_config {
	const char *name; /* LambdaAuthorizerConfig, OpenIDConnectConfig, UserPoolConfig or NULL */
	cJSON *config;    /* owned, NULL when empty */
} auth_config;

static int count_set(const cJSON *obj, const char *skip)
{
	int n = 0;
	for (const cJSON *c = obj->child; c; c = c->next)
		n += !cJSON_IsNull(c) && !(skip && strcmp(c->string, skip) == 0);
	return n;
}

/* remove_none_values of a config model, DefaultAction dropped for additional providers. */
static cJSON *config_copy(const cJSON *model, bool drop_default_action)
{
	cJSON *out = cJSON_CreateObject();
	for (const cJSON *c = model->child; out && c; c = c->next)
		if (!cJSON_IsNull(c) && !(drop_default_action && strcmp(c->string, "DefaultAction") == 0))
			samc_json_add_key(out, c->string, xf_dup(c));
	if (out && !out->child) {
		cJSON_Delete(out);
		return NULL;
	}
	return out;
}

/* _validate_and_extract_authorizer_config; index < 0 for the default authorizer. */
static int authorizer_config(xf *x, const char *id, const cJSON *auth, int index, auth_config *out)
{
	/* type, the property holding its configuration, the GraphQLApi property it becomes */
	static const char *const types[][3] = {
		{"AWS_LAMBDA", "LambdaAuthorizer", "LambdaAuthorizerConfig"},
		{"OPENID_CONNECT", "OpenIDConnect", "OpenIDConnectConfig"},
		{"AMAZON_COGNITO_USER_POOLS", "UserPool", "UserPoolConfig"},
	};
	out->name = NULL;
	out->config = NULL;
	if (count_set(auth, "Additional") > 2) {
		if (index > 0)
			return xf_fail_resource(x, id,
						"'Auth.Additional.%d' has more than one authentication configuration "
						"defined.",
						index);
		return xf_fail_resource(x, id, "'Auth' has more than one authentication configuration defined.");
	}
	const char *type = xf_get_str(auth, "Type");
	for (size_t i = 0; type && i < sizeof(types) / sizeof(types[0]); i++) {
		if (strcmp(type, types[i][0]) != 0)
			continue;
		const cJSON *model = xf_get(auth, types[i][1]);
		if (!cJSON_IsObject(model))
			return xf_fail_resource(x, id, "'%s' must be defined if type is '%s'.", types[i][1],
						types[i][0]);
		out->name = types[i][2];
		out->config = config_copy(model, i == 2 && index >= 0);
		return XF_OK;
	}
	return XF_OK;
}

/* Sets the default authorizer, collects the Lambda authorizer ARNs in `arns`. */
static int default_auth(xf *x, const char *id, const cJSON *auth, cJSON *api_props, cJSON *arns)
{
	auth_config c;
	int rc = authorizer_config(x, id, auth, -1, &c);
	if (rc != XF_OK)
		return rc;
	xf_set(api_props, "AuthenticationType", xf_dup(xf_get(auth, "Type")));
	if (c.name && c.config) {
		if (strcmp(c.name, "LambdaAuthorizerConfig") == 0)
			cJSON_AddItemToArray(arns, xf_dup(xf_get(c.config, "AuthorizerUri")));
		xf_set(api_props, c.name, c.config);
	}
	return XF_OK;
}

static int additional_auth(xf *x, const char *id, const cJSON *additional, cJSON *api_props, cJSON *arns)
{
	cJSON *providers = cJSON_CreateArray();
	if (!providers)
		return XF_NOMEM;
	int index = 0;
	for (const cJSON *a = cJSON_IsArray(additional) ? additional->child : NULL; a; a = a->next, index++) {
		auth_config c;
		int rc = authorizer_config(x, id, a, index, &c);
		if (rc != XF_OK) {
			cJSON_Delete(providers);
			return rc;
		}
		cJSON *provider = cJSON_CreateObject();
		cJSON_AddItemToArray(providers, provider);
		xf_set(provider, "AuthenticationType", xf_dup(xf_get(a, "Type")));
		if (c.name && c.config) {
			if (strcmp(c.name, "LambdaAuthorizerConfig") == 0)
				cJSON_AddItemToArray(arns, xf_dup(xf_get(c.config, "AuthorizerUri")));
			xf_set(provider, c.name, c.config);
		}
	}
	if (providers->child)
		xf_set(api_props, "AdditionalAuthenticationProviders", providers);
	else
		cJSON_Delete(providers);
	return XF_OK;
}

/* ---- Tags, Logging ---- */

static cJSON *api_tags(const cJSON *tags)
{
	cJSON *all = xf_truthy(tags) ? xf_dup(tags) : cJSON_CreateObject();
	if (!all)
		return NULL;
	if (cJSON_GetObjectItemCaseSensitive(all, "graphqlapi:createdBy"))
		cJSON_ReplaceItemInObjectCaseSensitive(all, "graphqlapi:createdBy", cJSON_CreateString("SAM"));
	else
		SAMC_JSON_ADD_STRING(all, "graphqlapi:createdBy", "SAM");
	cJSON *list = fe_tag_list(all);
	cJSON_Delete(all);
	return list;
}

static int cloudwatch_role(gql *g)
{
	char *role_id = samc_strfmt("%sCloudWatchRole", g->id);
	cJSON *role = gql_appsync_role(g);
	cJSON *arns = SAMC_JSON_ADD_ARRAY(xf_props(role), "ManagedPolicyArns");
	if (!role_id || !arns) {
		free(role_id);
		cJSON_Delete(role);
		return XF_NOMEM;
	}
	cJSON_AddItemToArray(arns, xf_sub("arn:${AWS::Partition}:iam::aws:policy/service-role/"
					  "AWSAppSyncPushToCloudWatchLogs"));
	int rc = xf_emit(g->x, g->id, role_id, role);
	free(role_id);
	return rc;
}

/* LogConfig; *role_needed when no CloudWatchLogsRoleArn was given (the generated role's Arn is
 * used then). */
static cJSON *log_config(const gql *g, const cJSON *logging, bool *role_needed)
{
	cJSON *config = cJSON_CreateObject();
	char *role_id = samc_strfmt("%sCloudWatchRole", g->id);
	if (!config || !role_id) {
		cJSON_Delete(config);
		free(role_id);
		return NULL;
	}
	const cJSON *role = NULL;
	if (cJSON_IsObject(logging)) {
		const cJSON *verbose = xf_get(logging, "ExcludeVerboseContent");
		if (xf_truthy(verbose))
			xf_set(config, "ExcludeVerboseContent", xf_dup(verbose));
		const cJSON *level = xf_get(logging, "FieldLogLevel");
		xf_set(config, "FieldLogLevel", xf_truthy(level) ? xf_dup(level) : xf_str("ALL"));
		role = xf_get(logging, "CloudWatchLogsRoleArn");
	} else
		SAMC_JSON_ADD_STRING(config, "FieldLogLevel", "ALL");
	*role_needed = !xf_truthy(role);
	xf_set(config, "CloudWatchLogsRoleArn", *role_needed ? xf_getatt(role_id, "Arn") : xf_dup(role));
	free(role_id);
	return config;
}

/* ---- the GraphQLApi ---- */

/* Name (the logical id when falsy), the pass-through settings that are set only when truthy, and
 * XrayEnabled as the model coerced it. */
static void pass_through(cJSON *props, const cJSON *model, const char *id)
{
	static const char *const truthy_only[] = {"Visibility", "OwnerContact", "IntrospectionConfig",
						   "QueryDepthLimit", "ResolverCountLimit"};
	const cJSON *name = xf_get(model, "Name");
	xf_set(props, "Name", xf_truthy(name) ? xf_dup(name) : xf_str(id));
	for (size_t i = 0; i < sizeof(truthy_only) / sizeof(truthy_only[0]); i++)
		if (xf_truthy(xf_get(model, truthy_only[i])))
			gql_copy(props, truthy_only[i], model, truthy_only[i]);
	gql_copy(props, "XrayEnabled", model, "XrayEnabled");
}

static int api_auth(gql *g, cJSON *props, cJSON *arns)
{
	const cJSON *auth = xf_get(g->model, "Auth");
	int rc = default_auth(g->x, g->id, auth, props, arns);
	if (rc == XF_OK)
		rc = additional_auth(g->x, g->id, xf_get(auth, "Additional"), props, arns);
	return rc;
}

/* The GraphQLApi; the CloudWatch role is emitted later, in the reference's order. */
static int api_resource(gql *g, cJSON *api, cJSON *arns, bool *role_needed)
{
	cJSON *props = xf_props(api);
	pass_through(props, g->model, g->id);
	int rc = api_auth(g, props, arns);
	if (rc != XF_OK)
		return rc;
	xf_set(props, "Tags", api_tags(xf_get(g->model, "Tags")));
	*role_needed = false;
	const cJSON *logging = xf_get(g->model, "Logging");
	if (cJSON_IsFalse(logging))
		return XF_OK;
	xf_set(props, "LogConfig", log_config(g, logging, role_needed));
	return XF_OK;
}

static int api_parts(gql *g, cJSON *arns, bool role_needed)
{
	int rc = gql_schema(g);
	int n = 0;
	for (const cJSON *arn = arns->child; rc == XF_OK && arn; arn = arn->next)
		rc = gql_lambda_auth_connector(g, arn, ++n);
	if (rc == XF_OK && role_needed)
		rc = cloudwatch_role(g);
	int (*const steps[])(gql *) = {gql_api_keys, gql_cache,     gql_data_sources,   gql_domain_name,
				       gql_functions, gql_resolvers, gql_none_datasource};
	for (size_t i = 0; rc == XF_OK && i < sizeof(steps) / sizeof(steps[0]); i++)
		rc = steps[i](g);
	return rc;
}

static int expand(gql *g)
{
	cJSON *api = gql_child(g, "AWS::AppSync::GraphQLApi");
	cJSON *arns = cJSON_CreateArray();
	if (!api || !arns) {
		cJSON_Delete(api);
		cJSON_Delete(arns);
		return XF_NOMEM;
	}
	bool role_needed = false;
	int rc = api_resource(g, api, arns, &role_needed);
	if (rc == XF_OK)
		rc = xf_emit(g->x, g->id, g->id, api);
	else
		cJSON_Delete(api);
	if (rc == XF_OK)
		rc = api_parts(g, arns, role_needed);
	cJSON_Delete(arns);
	return rc;
}

int xf_expand_graphql_api(xf *x, const char *id, const cJSON *sam)
{
	const cJSON *props = xf_get(sam, "Properties");
	int rc = xf_validate_props(x, id, GRAPHQL_API_TYPE, props, property_specs);
	if (rc == XF_OK)
		rc = check_remaining_types(x, id, props);
	if (rc != XF_OK)
		return rc;
	gql g = {x, id, sam, model_input(props), cJSON_CreateObject(), cJSON_CreateObject(), false};
	if (!g.model || !g.ds_names || !g.fn_ids)
		rc = XF_NOMEM;
	else
		rc = gql_validate_model(x, id, g.model);
	if (rc == XF_OK)
		rc = expand(&g);
	cJSON_Delete(g.model);
	cJSON_Delete(g.ds_names);
	cJSON_Delete(g.fn_ids);
	return rc;
}
