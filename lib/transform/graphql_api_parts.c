/* graphql_api_parts.c — owns the simple parts of a GraphQLApi: the GraphQLSchema, ApiKeys,
 * ApiCache, DomainName with its association, and the builders every part shares. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/graphql_api.h"
#include "util/buf.h"

cJSON *gql_child(const gql *g, const char *type)
{
	static const char *const attributes[] = {"DeletionPolicy", "UpdatePolicy", "Condition",
						  "UpdateReplacePolicy", "Metadata"};
	cJSON *r = cJSON_CreateObject();
	if (!r || !SAMC_JSON_ADD_STRING(r, "Type", type)) {
		cJSON_Delete(r);
		return NULL;
	}
	const cJSON *depends_on = xf_get(g->sam, "DependsOn");
	if (xf_truthy(depends_on))
		SAMC_JSON_ADD(r, "DependsOn", xf_dup(depends_on));
	for (size_t i = 0; i < sizeof(attributes) / sizeof(attributes[0]); i++) {
		const cJSON *v = xf_get(g->sam, attributes[i]);
		if (v)
			samc_json_add_key(r, attributes[i], xf_dup(v));
	}
	if (!SAMC_JSON_ADD_OBJECT(r, "Properties")) {
		cJSON_Delete(r);
		return NULL;
	}
	return r;
}

int gql_check_id(const gql *g, const char *id)
{
	if (!*id)
		return xf_fail_resource(g->x, id, "Logical ids must be alphanumeric.");
	for (const char *s = id; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
			return xf_fail_resource(g->x, id, "Logical ids must be alphanumeric.");
	return XF_OK;
}

cJSON *gql_api_id(const gql *g)
{
	return xf_getatt(g->id, "ApiId");
}

/* construct_assume_role_policy_for_service_principal("appsync.amazonaws.com") */
static cJSON *appsync_assume_role_policy(void)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON *statement = cJSON_CreateObject();
	cJSON *principal = cJSON_CreateObject();
	cJSON *services = cJSON_CreateArray();
	cJSON *actions = cJSON_CreateArray();
	cJSON *statements = cJSON_CreateArray();
	if (!doc || !statement || !principal || !services || !actions || !statements) {
		cJSON_Delete(doc), cJSON_Delete(statement), cJSON_Delete(principal);
		cJSON_Delete(services), cJSON_Delete(actions), cJSON_Delete(statements);
		return NULL;
	}
	cJSON_AddItemToArray(actions, cJSON_CreateString("sts:AssumeRole"));
	SAMC_JSON_ADD(statement, "Action", actions);
	SAMC_JSON_ADD_STRING(statement, "Effect", "Allow");
	cJSON_AddItemToArray(services, cJSON_CreateString("appsync.amazonaws.com"));
	SAMC_JSON_ADD(principal, "Service", services);
	SAMC_JSON_ADD(statement, "Principal", principal);
	cJSON_AddItemToArray(statements, statement);
	SAMC_JSON_ADD_STRING(doc, "Version", "2012-10-17");
	SAMC_JSON_ADD(doc, "Statement", statements);
	return doc;
}

cJSON *gql_appsync_role(const gql *g)
{
	cJSON *role = gql_child(g, "AWS::IAM::Role");
	cJSON *policy = appsync_assume_role_policy();
	if (!role || !policy) {
		cJSON_Delete(role);
		cJSON_Delete(policy);
		return NULL;
	}
	SAMC_JSON_ADD(xf_props(role), "AssumeRolePolicyDocument", policy);
	return role;
}

void gql_copy(cJSON *props, const char *key, const cJSON *model, const char *name)
{
	const cJSON *v = xf_get(model, name);
	if (v && !cJSON_IsNull(v))
		xf_set(props, key, xf_dup(v));
}

/* Emits `resource` under prefix+suffix (the reference's f"{logical_id}{suffix}"). */
static int emit_as(gql *g, const char *suffix, cJSON *resource)
{
	char *id = samc_strfmt("%s%s", g->id, suffix);
	if (!id || !resource) {
		free(id);
		cJSON_Delete(resource);
		return XF_NOMEM;
	}
	int rc = xf_emit(g->x, g->id, id, resource);
	free(id);
	return rc;
}

int gql_schema(gql *g)
{
	const cJSON *inline_schema = xf_get(g->model, "SchemaInline"), *uri = xf_get(g->model, "SchemaUri");
	if (!xf_truthy(inline_schema) && !xf_truthy(uri))
		return xf_fail_resource(g->x, g->id, "One of 'SchemaInline' or 'SchemaUri' must be set.");
	if (xf_truthy(inline_schema) && xf_truthy(uri))
		return xf_fail_resource(g->x, g->id,
					"Both 'SchemaInline' and 'SchemaUri' cannot be defined at the same time.");
	cJSON *schema = gql_child(g, "AWS::AppSync::GraphQLSchema");
	if (schema) {
		cJSON *props = xf_props(schema);
		xf_set(props, "ApiId", gql_api_id(g));
		gql_copy(props, "Definition", g->model, "SchemaInline");
		gql_copy(props, "DefinitionS3Location", g->model, "SchemaUri");
	}
	return emit_as(g, "Schema", schema);
}

static int api_key(gql *g, const cJSON *key)
{
	char *id = samc_strfmt("%s%s", g->id, key->string);
	if (!id)
		return XF_NOMEM;
	int rc = gql_check_id(g, id);
	cJSON *resource = rc == XF_OK ? gql_child(g, "AWS::AppSync::ApiKey") : NULL;
	if (resource) {
		cJSON *props = xf_props(resource);
		xf_set(props, "ApiId", gql_api_id(g));
		gql_copy(props, "ApiKeyId", key, "ApiKeyId");
		gql_copy(props, "Description", key, "Description");
		gql_copy(props, "Expires", key, "ExpiresOn");
		rc = xf_emit(g->x, g->id, id, resource);
	} else if (rc == XF_OK)
		rc = XF_NOMEM;
	free(id);
	return rc;
}

int gql_api_keys(gql *g)
{
	const cJSON *keys = xf_get(g->model, "ApiKeys");
	if (!xf_truthy(keys))
		return XF_OK;
	for (const cJSON *k = keys->child; k; k = k->next) {
		int rc = api_key(g, k);
		if (rc != XF_OK)
			return rc;
	}
	return XF_OK;
}

int gql_cache(gql *g)
{
	const cJSON *cache = xf_get(g->model, "Cache");
	if (!cache || cJSON_IsNull(cache))
		return XF_OK;
	cJSON *resource = gql_child(g, "AWS::AppSync::ApiCache");
	if (resource) {
		cJSON *props = xf_props(resource);
		xf_set(props, "ApiId", gql_api_id(g));
		static const char *const names[] = {"ApiCachingBehavior", "Type", "Ttl", "AtRestEncryptionEnabled",
						     "TransitEncryptionEnabled"};
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			gql_copy(props, names[i], cache, names[i]);
	}
	return emit_as(g, "ApiCache", resource);
}

int gql_domain_name(gql *g)
{
	const cJSON *domain = xf_get(g->model, "DomainName");
	if (!domain || cJSON_IsNull(domain))
		return XF_OK;
	cJSON *name = gql_child(g, "AWS::AppSync::DomainName");
	if (name) {
		gql_copy(xf_props(name), "CertificateArn", domain, "CertificateArn");
		gql_copy(xf_props(name), "DomainName", domain, "DomainName");
		gql_copy(xf_props(name), "Description", domain, "Description");
	}
	int rc = emit_as(g, "DomainName", name);
	if (rc != XF_OK)
		return rc;
	cJSON *association = gql_child(g, "AWS::AppSync::DomainNameApiAssociation");
	char *name_id = samc_strfmt("%sDomainName", g->id);
	if (association && name_id) {
		xf_set(xf_props(association), "ApiId", gql_api_id(g));
		xf_set(xf_props(association), "DomainName", xf_ref(name_id));
	}
	free(name_id);
	return emit_as(g, "DomainNameApiAssociation", association);
}
