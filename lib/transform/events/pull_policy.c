/* pull_policy.c — the role-policy pieces shared by the pull event sources (pull.py): statement
 * builders, kms, SourceAccessConfigurations validation and schema-registry permissions. */
#include "transform/events/pull_source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "util/buf.h"

/* ---- policy builders ---- */

cJSON *xf_pull_statement(const char *action, bool action_list, cJSON *resource)
{
	cJSON *s = cJSON_CreateObject();
	if (!s) {
		cJSON_Delete(resource);
		return NULL;
	}
	if (action_list) {
		cJSON *list = SAMC_JSON_ADD_ARRAY(s, "Action");
		cJSON_AddItemToArray(list, cJSON_CreateString(action));
	} else {
		SAMC_JSON_ADD_STRING(s, "Action", action);
	}
	SAMC_JSON_ADD_STRING(s, "Effect", "Allow");
	SAMC_JSON_ADD(s, "Resource", resource ? resource : cJSON_CreateNull());
	return s;
}

cJSON *xf_pull_named_policy(const char *name, cJSON *statements, bool with_version)
{
	cJSON *policy = cJSON_CreateObject();
	cJSON *doc = cJSON_CreateObject();
	if (!policy || !doc || !statements) {
		cJSON_Delete(policy);
		cJSON_Delete(doc);
		cJSON_Delete(statements);
		return NULL;
	}
	SAMC_JSON_ADD(doc, "Statement", statements);
	if (with_version)
		SAMC_JSON_ADD_STRING(doc, "Version", "2012-10-17");
	SAMC_JSON_ADD_STRING(policy, "PolicyName", name);
	SAMC_JSON_ADD(policy, "PolicyDocument", doc);
	return policy;
}

cJSON *xf_pull_policy_list(const char *name, cJSON *statements, bool with_version)
{
	cJSON *policy = xf_pull_named_policy(name, statements, with_version);
	cJSON *list = cJSON_CreateArray();
	if (!policy || !list) {
		cJSON_Delete(policy);
		cJSON_Delete(list);
		return NULL;
	}
	cJSON_AddItemToArray(list, policy);
	return list;
}

cJSON *xf_pull_kms_statement(const char *key_id, bool action_list)
{
	char *arn = samc_strfmt("arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/%s", key_id);
	cJSON *s = arn ? xf_pull_statement("kms:Decrypt", action_list, xf_sub(arn)) : NULL;
	free(arn);
	return s;
}

/* ---- validations shared by the sources ---- */

int xf_pull_validate_kms_key_id(xf_pull_ctx *c)
{
	const cJSON *key = xf_pull_prop(c, "SecretsManagerKmsKeyId");
	if (!xf_truthy(key) || cJSON_IsString(key))
		return XF_OK;
	return xf_fail_event(c->x, c->ev->relative_id, "Property 'SecretsManagerKmsKeyId' should be a string.");
}

/* Python repr of a list of strings: ['A', 'B']. */
static char *str_list_repr(const char *const *items, size_t n)
{
	samc_buf b = SAMC_BUF_INIT;
	samc_buf_putc(&b, '[');
	for (size_t i = 0; i < n; i++)
		samc_buf_printf(&b, "%s'%s'", i ? ", " : "", items[i]);
	samc_buf_putc(&b, ']');
	return samc_buf_detach(&b);
}

bool xf_pull_in_list(const char *s, const char *const *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, items[i]) == 0)
			return true;
	return false;
}

static int unsupported_access_type(xf_pull_ctx *c, const char *const *supported, size_t n)
{
	char *repr = str_list_repr(supported, n);
	if (!repr)
		return XF_NOMEM;
	xf_fail_event(c->x, c->ev->relative_id,
		      "Invalid property Type specified in SourceAccessConfigurations. The supported values are: %s.",
		      repr);
	free(repr);
	return XF_FAIL;
}

/* The Type of SourceAccessConfigurations[index], which must be a string. */
static const char *access_type(xf_pull_ctx *c, const cJSON *conf, int index)
{
	char path[80];
	snprintf(path, sizeof(path), "SourceAccessConfigurations[%d]", index);
	if (xf_expect_map_event(c->x, c->ev->relative_id, conf, path))
		return NULL;
	const char *type = xf_get_str(conf, "Type");
	if (!type)
		xf_fail_event(c->x, c->ev->relative_id, "Property '%s.Type' should be a string.", path);
	return type;
}

int xf_pull_source_access_uri(xf_pull_ctx *c, const char *const *supported, size_t nsupported,
			      const char *required, const cJSON **uri)
{
	const char *id = c->ev->relative_id;
	const cJSON *configs = xf_pull_prop(c, "SourceAccessConfigurations");
	if (!xf_truthy(configs))
		return xf_fail_event(c->x, id, "No SourceAccessConfigurations for Amazon %s event provided.",
				     c->kind->name);
	if (!cJSON_IsArray(configs))
		return xf_fail_event(c->x, id, "Provided SourceAccessConfigurations cannot be parsed into a list.");
	*uri = NULL;
	int index = 0;
	for (const cJSON *conf = configs->child; conf; conf = conf->next, index++) {
		const char *type = access_type(c, conf, index);
		if (!type)
			return XF_FAIL;
		if (!xf_pull_in_list(type, supported, nsupported))
			return unsupported_access_type(c, supported, nsupported);
		if (strcmp(type, required) != 0)
			continue;
		if (xf_truthy(*uri))
			return xf_fail_event(c->x, id, "Multiple %s properties specified in SourceAccessConfigurations.",
					     required);
		*uri = xf_get(conf, "URI");
		if (!xf_truthy(*uri))
			return xf_fail_event(c->x, id, "No %s URI property specified in SourceAccessConfigurations.",
					     required);
	}
	if (!xf_truthy(*uri))
		return xf_fail_event(c->x, id, "No %s property specified in SourceAccessConfigurations.", required);
	return XF_OK;
}

/* ---- schema registry (MSK, SelfManagedKafka) ---- */

static int validate_access_configs(xf_pull_ctx *c, const cJSON *access)
{
	if (!xf_truthy(access))
		return XF_OK;
	if (!cJSON_IsArray(access))
		return xf_fail_event(c->x, c->ev->relative_id, "AccessConfigs in SchemaRegistryConfig must be a list");
	for (const cJSON *conf = access->child; conf; conf = conf->next)
		if (!cJSON_IsObject(conf) || !xf_get(conf, "Type") || !xf_get(conf, "URI"))
			return xf_fail_event(c->x, c->ev->relative_id,
					     "Each AccessConfig must be a dict with 'Type' and 'URI' fields");
	return XF_OK;
}

static int validate_schema_registry(xf_pull_ctx *c, const cJSON *cfg)
{
	static const char *const required[] = {"SchemaRegistryURI", "EventRecordFormat", "SchemaValidationConfigs"};
	const char *id = c->ev->relative_id;
	if (xf_expect_map_event(c->x, id, cfg, "SchemaRegistryConfig"))
		return XF_FAIL;
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!xf_get(cfg, required[i]))
			return xf_fail_event(c->x, id, "Missing required field %s in SchemaRegistryConfig", required[i]);
	const char *format = xf_get_str(cfg, "EventRecordFormat");
	if (!format || (strcmp(format, "JSON") != 0 && strcmp(format, "SOURCE") != 0))
		return xf_fail_event(c->x, id,
				     "EventRecordFormat in SchemaRegistryConfig must be either 'JSON' or 'SOURCE'");
	if (!cJSON_IsArray(xf_get(cfg, "SchemaValidationConfigs")))
		return xf_fail_event(c->x, id, "SchemaValidationConfigs must be a list");
	return validate_access_configs(c, xf_get(cfg, "AccessConfigs"));
}

static int append_access_config_secrets(const cJSON *cfg, cJSON *statements)
{
	const cJSON *access = xf_get(cfg, "AccessConfigs");
	if (!cJSON_IsArray(access))
		return XF_OK;
	for (const cJSON *conf = access->child; conf; conf = conf->next) {
		const cJSON *uri = xf_get(conf, "URI");
		if (!uri)
			continue;
		cJSON *s = xf_pull_statement("secretsmanager:GetSecretValue", true, xf_dup(uri));
		if (!s)
			return XF_NOMEM;
		cJSON_AddItemToArray(statements, s);
	}
	return XF_OK;
}

/* resolve_parameter_refs(registry_uri.copy()) resolves the shallow copy, so nested lists and
 * dicts of the mapping's own value are resolved in place; returns the resolved copy. */
static cJSON *resolve_registry_uri(xf *x, cJSON *uri)
{
	cJSON *resolved = xf_resolved_copy(x, uri);
	if (!cJSON_IsObject(resolved))
		return resolved;
	for (cJSON *member = uri->child; member; member = member->next) {
		if (!cJSON_IsArray(member) && !cJSON_IsObject(member))
			continue;
		cJSON *copy = xf_dup(xf_get(resolved, member->string)); /* keeps the key */
		if (!copy)
			continue;
		cJSON_ReplaceItemViaPointer(uri, member, copy);
		member = copy;
	}
	return resolved;
}

/* get_registry_name: the name after "registry/" in the 6th ':' segment of an "arn..." string. */
static char *registry_name(const char *arn)
{
	if (!arn || strncmp(arn, "arn", 3) != 0)
		return NULL;
	const char *seg = arn;
	for (int i = 0; i < 5; i++) {
		seg = strchr(seg, ':');
		if (!seg)
			return NULL;
		seg++;
	}
	if (strncmp(seg, "registry/", 9) != 0)
		return NULL;
	const char *name = seg + 9;
	const char *end = strchr(name, ':');
	size_t len = end ? (size_t)(end - name) : strlen(name);
	return samc_strfmt("%.*s", (int)len, name);
}

static int append_glue_statements(const cJSON *uri, const char *name, cJSON *statements)
{
	char *arn = samc_strfmt("arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:schema/%s/*", name);
	cJSON *resources = cJSON_CreateArray();
	cJSON *get_registry = xf_pull_statement("glue:GetRegistry", true, xf_dup(uri));
	if (arn && resources)
		cJSON_AddItemToArray(resources, xf_sub(arn));
	free(arn);
	cJSON *get_version = xf_pull_statement("glue:GetSchemaVersion", true, resources);
	if (!get_registry || !get_version) {
		cJSON_Delete(get_registry);
		cJSON_Delete(get_version);
		return XF_NOMEM;
	}
	cJSON_AddItemToArray(statements, get_registry);
	cJSON_AddItemToArray(statements, get_version);
	return XF_OK;
}

int xf_pull_schema_registry_statements(xf_pull_ctx *c, cJSON *statements)
{
	cJSON *cfg = c->schema_registry;
	if (!xf_truthy(cfg))
		return XF_OK;
	if (validate_schema_registry(c, cfg))
		return XF_FAIL;
	if (append_access_config_secrets(cfg, statements))
		return XF_NOMEM;
	cJSON *uri = cJSON_GetObjectItemCaseSensitive(cfg, "SchemaRegistryURI");
	cJSON *resolved = NULL;
	const char *arn = NULL;
	if (cJSON_IsString(uri)) {
		arn = uri->valuestring;
	} else if (cJSON_IsObject(uri)) {
		resolved = resolve_registry_uri(c->x, uri);
		uri = cJSON_GetObjectItemCaseSensitive(cfg, "SchemaRegistryURI");
		arn = xf_get_str(resolved, "Fn::Sub");
	}
	char *name = registry_name(arn);
	int rc = name ? append_glue_statements(uri, name, statements) : XF_OK;
	free(name);
	cJSON_Delete(resolved);
	return rc;
}
