/* connector_resolve.c — a connector's Source/Destination as a resource reference
 * (get_resource_reference in model/connector/connector.py): by Id or by Type + explicit values. */
#include <stdlib.h>
#include <string.h>

#include "transform/connector.h"
#include "util/buf.h"

/* _SAM_TO_CFN_RESOURCE_TYPE */
static const char *const SAM_TO_CFN[][2] = {
	{"AWS::Serverless::Function", "AWS::Lambda::Function"},
	{"AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine"},
	{"AWS::Serverless::Api", "AWS::ApiGateway::RestApi"},
	{"AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Api"},
	{"AWS::Serverless::SimpleTable", "AWS::DynamoDB::Table"},
};

void conn_ref_release(conn_ref *r)
{
	free(r->logical_id);
	free(r->type);
	cJSON_Delete(r->arn);
	cJSON_Delete(r->role_name);
	cJSON_Delete(r->queue_url);
	cJSON_Delete(r->resource_id);
	cJSON_Delete(r->name);
	cJSON_Delete(r->qualifier);
	memset(r, 0, sizeof(*r));
}

static bool nonblank_str(const cJSON *v)
{
	return cJSON_IsString(v) && v->valuestring[0];
}

/* obj.get(key) as an owned copy; None (absent or null) is NULL. */
static cJSON *value_of(const cJSON *obj, const char *key)
{
	const cJSON *v = xf_get(obj, key);
	return v && !cJSON_IsNull(v) ? xf_dup(v) : NULL;
}

/* _is_valid_resource_reference: Id (with optional Qualifier) xor other keys. */
static bool valid_reference(const cJSON *obj)
{
	bool id = xf_get(obj, "Id") != NULL, others = false;
	for (const cJSON *c = obj->child; c; c = c->next)
		if (strcmp(c->string, "Id") != 0 && strcmp(c->string, "Qualifier") != 0)
			others = true;
	return id != others;
}

static int fail(char **error, const char *message)
{
	*error = samc_strdup(message);
	return *error ? XF_FAIL : XF_NOMEM;
}

static const char *cfn_type(const char *type)
{
	for (size_t i = 0; i < sizeof(SAM_TO_CFN) / sizeof(SAM_TO_CFN[0]); i++)
		if (strcmp(SAM_TO_CFN[i][0], type) == 0)
			return SAM_TO_CFN[i][1];
	return type;
}

static int reference_by_type(const cJSON *obj, conn_ref *out, char **error)
{
	const cJSON *type = xf_get(obj, "Type");
	if (!nonblank_str(type))
		return fail(error, "'Type' is missing or not a string.");
	out->type = samc_strdup(cfn_type(type->valuestring));
	out->arn = value_of(obj, "Arn");
	out->role_name = value_of(obj, "RoleName");
	out->queue_url = value_of(obj, "QueueUrl");
	out->resource_id = value_of(obj, "ResourceId");
	out->name = value_of(obj, "Name");
	out->qualifier = value_of(obj, "Qualifier");
	return out->type ? XF_OK : XF_NOMEM;
}

char *conn_intrinsic_logical_id(const cJSON *v)
{
	if (!xf_is_cfn_intrinsic(v))
		return NULL;
	const cJSON *ref = xf_get(v, "Ref");
	if (cJSON_IsString(ref))
		return samc_strdup(ref->valuestring);
	const cJSON *getatt = xf_get(v, "Fn::GetAtt");
	if (cJSON_IsArray(getatt) && cJSON_GetArraySize(getatt) == 2 && cJSON_IsString(getatt->child))
		return samc_strdup(getatt->child->valuestring);
	if (!cJSON_IsString(getatt))
		return NULL;
	const char *dot = strchr(getatt->valuestring, '.');
	if (!dot || strchr(dot + 1, '.'))
		return NULL;
	return samc_strfmt("%.*s", (int)(dot - getatt->valuestring), getatt->valuestring);
}

static bool refers_to(const cJSON *v, const char *id)
{
	char *found = id ? conn_intrinsic_logical_id(v) : NULL;
	bool same = found && strcmp(found, id) == 0;
	free(found);
	return same;
}

/* _get_events_rule_role: the RoleArn of the target pointing at the other side. */
static const cJSON *events_rule_role(const cJSON *other, const cJSON *props)
{
	const char *other_id = xf_get_str(other, "Id");
	const cJSON *other_arn = xf_get(other, "Arn");
	const cJSON *targets = xf_get(props, "Targets");
	for (const cJSON *t = cJSON_IsArray(targets) ? targets->child : NULL; t; t = t->next) {
		const cJSON *arn = xf_get(t, "Arn");
		if (refers_to(arn, other_id) || (xf_truthy(other_arn) && arn && xf_equal(arn, other_arn)))
			return xf_get(t, "RoleArn");
	}
	return NULL;
}

static bool is_events_rule_role_function(const cJSON *role_property)
{
	const char *function = xf_get_str(role_property, "Function");
	return function && strcmp(function, "GetEventsRuleRole") == 0;
}

/* _get_resource_role_name: {"Ref": role id} when the role property refers to a resource. */
static cJSON *role_name(const cJSON *profile_inputs, const cJSON *other, const cJSON *props)
{
	const cJSON *role_property = xf_get(profile_inputs, "Role");
	const cJSON *role = NULL;
	if (cJSON_IsString(role_property))
		role = xf_get(props, role_property->valuestring);
	else if (is_events_rule_role_function(role_property))
		role = events_rule_role(other, props);
	if (!xf_truthy(role))
		return NULL;
	char *id = conn_intrinsic_logical_id(role);
	cJSON *ref = id ? xf_ref(id) : NULL;
	free(id);
	return ref;
}

/* replace_cfn_resource_properties(type, id): the profile's Inputs/Outputs with %{logicalId}. */
static cJSON *cfn_resource_properties(const cJSON *profiles, const char *type, const char *id)
{
	const cJSON *props = xf_get(xf_get(profiles, "CfnResourceProperties"), type);
	static const char *const names[] = {"logicalId"};
	cJSON *id_value = cJSON_CreateString(id);
	const cJSON *values[] = {id_value};
	char *error = NULL;
	cJSON *empty = props ? NULL : cJSON_CreateObject();
	cJSON *out = conn_profile_replace(props ? props : empty, names, values, 1, &error);
	free(error);
	cJSON_Delete(empty);
	cJSON_Delete(id_value);
	return out;
}

static int reference_by_id(xf *x, const cJSON *profiles, const cJSON *obj, const cJSON *other, conn_ref *out, char **error)
{
	const cJSON *id = xf_get(obj, "Id");
	if (!nonblank_str(id))
		return fail(error, "'Id' is missing or not a string.");
	const cJSON *resource = xf_resource(x, id->valuestring);
	if (!resource) {
		*error = samc_strfmt("Unable to find resource with logical ID '%s'.", id->valuestring);
		return *error ? XF_FAIL : XF_NOMEM;
	}
	const cJSON *type = xf_get(resource, "Type");
	if (!nonblank_str(type))
		return fail(error, "'Type' is missing or not a string.");
	cJSON *cfn = cfn_resource_properties(profiles, type->valuestring, id->valuestring);
	if (!cfn)
		return XF_NOMEM;
	const cJSON *outputs = xf_get(cfn, "Outputs");
	out->logical_id = samc_strdup(id->valuestring);
	out->type = samc_strdup(type->valuestring);
	out->arn = value_of(outputs, "Arn");
	out->role_name = role_name(xf_get(cfn, "Inputs"), other, xf_get(resource, "Properties"));
	out->queue_url = value_of(outputs, "Url");
	out->resource_id = value_of(outputs, "Id");
	out->name = value_of(outputs, "Name");
	out->qualifier = xf_get(obj, "Qualifier") ? value_of(obj, "Qualifier") : value_of(outputs, "Qualifier");
	cJSON_Delete(cfn);
	return out->logical_id && out->type ? XF_OK : XF_NOMEM;
}

int conn_resolve(xf *x, const cJSON *profiles, const cJSON *obj, const cJSON *other, conn_ref *out, char **error)
{
	memset(out, 0, sizeof(*out));
	*error = NULL;
	if (!cJSON_IsObject(obj) || !valid_reference(obj))
		return fail(error, "Must provide 'Id' (with optional 'Qualifier') or a supported combination of other "
				   "properties.");
	const cJSON *id = xf_get(obj, "Id");
	if (!xf_truthy(id))
		return reference_by_type(obj, out, error);
	return reference_by_id(x, profiles, obj, other, out, error);
}
