/* graphql_api_data_sources.c — owns the DynamoDb and Lambda data sources of a GraphQLApi, their
 * service roles, and the connector resources the reference generates for them and for Lambda
 * authorizers (the AppSync rows of the connector profiles). */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/graphql_api.h"
#include "util/buf.h"

/* ---- connector resources (SamConnector with Arn/Type references, no Id) ---- */

/* Metadata "aws:sam:connectors" of a generated connector resource. */
static cJSON *connector_metadata(const char *connector_id, const char *source_type, const char *dest_type)
{
	cJSON *metadata = cJSON_CreateObject();
	cJSON *connectors = SAMC_JSON_ADD_OBJECT(metadata, "aws:sam:connectors");
	cJSON *entry = cJSON_AddObjectToObject(connectors, connector_id);
	cJSON *source = SAMC_JSON_ADD_OBJECT(entry, "Source");
	cJSON *dest = SAMC_JSON_ADD_OBJECT(entry, "Destination");
	if (!source || !dest) {
		cJSON_Delete(metadata);
		return NULL;
	}
	SAMC_JSON_ADD_STRING(source, "Type", source_type);
	SAMC_JSON_ADD_STRING(dest, "Type", dest_type);
	return metadata;
}

/* A connector resource: Type, Metadata, Properties. */
static cJSON *connector_resource(const char *type, const char *connector_id, const char *source_type,
				 const char *dest_type)
{
	cJSON *r = cJSON_CreateObject();
	cJSON *metadata = connector_metadata(connector_id, source_type, dest_type);
	if (!r || !metadata || !SAMC_JSON_ADD_STRING(r, "Type", type)) {
		cJSON_Delete(r);
		cJSON_Delete(metadata);
		return NULL;
	}
	SAMC_JSON_ADD(r, "Metadata", metadata);
	if (!SAMC_JSON_ADD_OBJECT(r, "Properties")) {
		cJSON_Delete(r);
		return NULL;
	}
	return r;
}

/* profile_replace of "%{Destination.Arn}<suffix>": the value itself, or a Fn::Sub. */
static cJSON *destination_arn(const cJSON *arn, const char *suffix)
{
	if (!*suffix)
		return xf_dup(arn);
	cJSON *sub = cJSON_CreateObject();
	cJSON *args = SAMC_JSON_ADD_ARRAY(sub, "Fn::Sub");
	cJSON *vars = cJSON_CreateObject();
	char *text = samc_strfmt("${DestinationArn}%s", suffix);
	if (!args || !vars || !text) {
		cJSON_Delete(sub);
		cJSON_Delete(vars);
		free(text);
		return NULL;
	}
	cJSON_AddItemToArray(args, cJSON_CreateString(text));
	SAMC_JSON_ADD(vars, "DestinationArn", xf_dup(arn));
	cJSON_AddItemToArray(args, vars);
	free(text);
	return sub;
}

static cJSON *statement(const char *const *actions, const cJSON *arn, const char *suffix)
{
	cJSON *s = cJSON_CreateObject();
	cJSON *list = SAMC_JSON_ADD_ARRAY(s, "Action");
	for (; list && *actions; actions++)
		cJSON_AddItemToArray(list, cJSON_CreateString(*actions));
	SAMC_JSON_ADD_STRING(s, "Effect", "Allow");
	cJSON *resources = SAMC_JSON_ADD_ARRAY(s, "Resource");
	if (!resources) {
		cJSON_Delete(s);
		return NULL;
	}
	cJSON_AddItemToArray(resources, destination_arn(arn, ""));
	cJSON_AddItemToArray(resources, destination_arn(arn, suffix));
	return s;
}

static const char *const ddb_read[] = {"dynamodb:GetItem",      "dynamodb:Query",
				       "dynamodb:Scan",         "dynamodb:BatchGetItem",
				       "dynamodb:ConditionCheckItem", "dynamodb:PartiQLSelect", NULL};
static const char *const ddb_write[] = {"dynamodb:PutItem",        "dynamodb:UpdateItem",
					"dynamodb:DeleteItem",     "dynamodb:BatchWriteItem",
					"dynamodb:PartiQLDelete",  "dynamodb:PartiQLInsert",
					"dynamodb:PartiQLUpdate",  NULL};
static const char *const lambda_write[] = {"lambda:InvokeAsync", "lambda:InvokeFunction", NULL};

static bool has_permission(const cJSON *permissions, const char *name)
{
	for (const cJSON *p = permissions ? permissions->child : NULL; p; p = p->next)
		if (cJSON_IsString(p) && strcmp(p->valuestring, name) == 0)
			return true;
	return false;
}

/* The AWS_IAM_ROLE_MANAGED_POLICY of a data source connector ({ds}To{Table|Lambda}Connector). */
static int connector_policy(gql *g, const char *ds_id, const char *to, const char *dest_type, cJSON *statements)
{
	char *connector_id = samc_strfmt("%sTo%sConnector", ds_id, to);
	char *policy_id = samc_strfmt("%sPolicy", connector_id ? connector_id : "");
	char *role_id = samc_strfmt("%sRole", ds_id);
	cJSON *policy = connector_id ? connector_resource("AWS::IAM::ManagedPolicy", connector_id,
							   "AWS::AppSync::DataSource", dest_type)
				     : NULL;
	int rc = XF_NOMEM;
	if (policy && policy_id && role_id) {
		cJSON *doc = SAMC_JSON_ADD_OBJECT(xf_props(policy), "PolicyDocument");
		SAMC_JSON_ADD_STRING(doc, "Version", "2012-10-17");
		SAMC_JSON_ADD(doc, "Statement", statements);
		statements = NULL;
		cJSON *roles = SAMC_JSON_ADD_ARRAY(xf_props(policy), "Roles");
		cJSON_AddItemToArray(roles, xf_ref(role_id));
		rc = xf_emit(g->x, g->id, policy_id, policy);
		policy = NULL;
	}
	cJSON_Delete(policy);
	cJSON_Delete(statements);
	free(connector_id), free(policy_id), free(role_id);
	return rc;
}

/* The profile's SourceArn: the API's ARN with its ApiId as Source.ResourceId. */
static cJSON *api_source_arn(const gql *g)
{
	cJSON *sub = cJSON_CreateObject();
	cJSON *args = SAMC_JSON_ADD_ARRAY(sub, "Fn::Sub");
	cJSON *vars = cJSON_CreateObject();
	if (!args || !vars) {
		cJSON_Delete(sub);
		cJSON_Delete(vars);
		return NULL;
	}
	cJSON_AddItemToArray(args, cJSON_CreateString("arn:${AWS::Partition}:appsync:${AWS::Region}:${AWS::AccountId}"
						      ":apis/${SourceResourceId}"));
	SAMC_JSON_ADD(vars, "SourceResourceId", gql_api_id(g));
	cJSON_AddItemToArray(args, vars);
	return sub;
}

int gql_lambda_auth_connector(gql *g, const cJSON *function_arn, int n)
{
	char *connector_id = samc_strfmt("%sToLambdaAuthConnector%d", g->id, n);
	if (!connector_id)
		return XF_NOMEM;
	if (!xf_truthy(function_arn)) {
		int rc = xf_fail_resource(g->x, connector_id,
					  "Unable to get Lambda function ARN from 'Destination' resource.");
		free(connector_id);
		return rc;
	}
	char *permission_id = samc_strfmt("%sWriteLambdaPermission", connector_id);
	cJSON *permission = connector_resource("AWS::Lambda::Permission", connector_id, "AWS::AppSync::GraphQLApi",
					       "AWS::Lambda::Function");
	free(connector_id);
	if (!permission || !permission_id) {
		cJSON_Delete(permission);
		free(permission_id);
		return XF_NOMEM;
	}
	cJSON *props = xf_props(permission);
	SAMC_JSON_ADD_STRING(props, "Action", "lambda:InvokeFunction");
	SAMC_JSON_ADD(props, "FunctionName", xf_dup(function_arn));
	SAMC_JSON_ADD_STRING(props, "Principal", "appsync.amazonaws.com");
	xf_set(props, "SourceArn", api_source_arn(g));
	int rc = xf_emit(g->x, g->id, permission_id, permission);
	free(permission_id);
	return rc;
}

/* ---- data sources ---- */

/* The DataSource with the common properties; *out_id is its logical id. */
static int new_data_source(gql *g, const cJSON *source, const char *kind, const char *type, cJSON **out,
			   char **out_id)
{
	*out = NULL;
	*out_id = samc_strfmt("%s%s%sDataSource", g->id, source->string, kind);
	if (!*out_id)
		return XF_NOMEM;
	int rc = gql_check_id(g, *out_id);
	if (rc != XF_OK)
		return rc;
	*out = gql_child(g, "AWS::AppSync::DataSource");
	if (!*out)
		return XF_NOMEM;
	cJSON *props = xf_props(*out);
	const cJSON *name = xf_get(source, "Name");
	xf_set(props, "Name", xf_truthy(name) ? xf_dup(name) : cJSON_CreateString(source->string));
	SAMC_JSON_ADD_STRING(props, "Type", type);
	xf_set(props, "ApiId", gql_api_id(g));
	gql_copy(props, "Description", source, "Description");
	return XF_OK;
}

/* _compose_dynamodb_table_arn */
static cJSON *composed_table_arn(const cJSON *source)
{
	cJSON *sub = cJSON_CreateObject();
	cJSON *args = SAMC_JSON_ADD_ARRAY(sub, "Fn::Sub");
	cJSON *vars = cJSON_CreateObject();
	if (!args || !vars) {
		cJSON_Delete(sub);
		cJSON_Delete(vars);
		return NULL;
	}
	cJSON_AddItemToArray(args, cJSON_CreateString("arn:${AWS::Partition}:dynamodb:${__Region__}:"
						      "${AWS::AccountId}:table/${__TableName__}"));
	xf_set(vars, "__TableName__", xf_dup(xf_get(source, "TableName")));
	const cJSON *region = xf_get(source, "Region");
	xf_set(vars, "__Region__", xf_truthy(region) ? xf_dup(region) : xf_ref("AWS::Region"));
	cJSON_AddItemToArray(args, vars);
	return sub;
}

static cJSON *dynamodb_config(const cJSON *source)
{
	cJSON *config = cJSON_CreateObject();
	if (!config)
		return NULL;
	const cJSON *region = xf_get(source, "Region");
	xf_set(config, "AwsRegion", xf_truthy(region) ? xf_dup(region) : xf_ref("AWS::Region"));
	xf_set(config, "TableName", xf_dup(xf_get(source, "TableName")));
	static const char *const flags[] = {"UseCallerCredentials", "Versioned"};
	for (size_t i = 0; i < 2; i++)
		if (xf_truthy(xf_get(source, flags[i])))
			xf_set(config, flags[i], xf_dup(xf_get(source, flags[i])));
	const cJSON *delta = xf_get(source, "DeltaSync");
	if (cJSON_IsObject(delta))
		xf_set(config, "DeltaSyncConfig", xf_dup(delta));
	return config;
}

/* Role, then the connector policy on the table (Permissions or Read + Write). */
static int dynamodb_role(gql *g, const cJSON *source, const char *ds_id)
{
	char *role_id = samc_strfmt("%sRole", ds_id);
	if (!role_id)
		return XF_NOMEM;
	int rc = xf_emit(g->x, g->id, role_id, gql_appsync_role(g));
	free(role_id);
	if (rc != XF_OK)
		return rc;
	const cJSON *table_arn = xf_get(source, "TableArn");
	cJSON *arn = xf_truthy(table_arn) ? xf_dup(table_arn) : composed_table_arn(source);
	const cJSON *permissions = xf_get(source, "Permissions");
	bool all = !xf_truthy(permissions);
	cJSON *statements = cJSON_CreateArray();
	if (!arn || !statements) {
		cJSON_Delete(arn);
		cJSON_Delete(statements);
		return XF_NOMEM;
	}
	if (all || has_permission(permissions, "Read"))
		cJSON_AddItemToArray(statements, statement(ddb_read, arn, "/index/*"));
	if (all || has_permission(permissions, "Write"))
		cJSON_AddItemToArray(statements, statement(ddb_write, arn, "/index/*"));
	cJSON_Delete(arn);
	return connector_policy(g, ds_id, "Table", "AWS::DynamoDB::Table", statements);
}

/* ServiceRoleArn: the given one, else the generated role's Arn. */
static void set_service_role(cJSON *props, const cJSON *role_arn, const char *ds_id)
{
	if (xf_truthy(role_arn)) {
		xf_set(props, "ServiceRoleArn", xf_dup(role_arn));
		return;
	}
	char *role_id = samc_strfmt("%sRole", ds_id);
	if (role_id)
		xf_set(props, "ServiceRoleArn", xf_getatt(role_id, "Arn"));
	free(role_id);
}

static int name_entry(gql *g, const char *relative_id, const char *ds_id)
{
	cJSON_DeleteItemFromObjectCaseSensitive(g->ds_names, relative_id);
	cJSON *name = xf_getatt(ds_id, "Name");
	return name && samc_json_add_key(g->ds_names, relative_id, name) ? XF_OK : XF_NOMEM;
}

static int dynamodb_source(gql *g, const cJSON *source)
{
	cJSON *ds = NULL;
	char *ds_id = NULL;
	int rc = new_data_source(g, source, "DynamoDB", "AMAZON_DYNAMODB", &ds, &ds_id);
	if (rc == XF_OK) {
		cJSON *props = xf_props(ds);
		xf_set(props, "DynamoDBConfig", dynamodb_config(source));
		const cJSON *role_arn = xf_get(source, "ServiceRoleArn");
		set_service_role(props, role_arn, ds_id);
		rc = xf_emit(g->x, g->id, ds_id, ds);
		ds = NULL;
		if (rc == XF_OK && !xf_truthy(role_arn))
			rc = dynamodb_role(g, source, ds_id);
		if (rc == XF_OK)
			rc = name_entry(g, source->string, ds_id);
	}
	cJSON_Delete(ds);
	free(ds_id);
	return rc;
}

static int lambda_role(gql *g, const cJSON *source, const char *ds_id)
{
	char *role_id = samc_strfmt("%sRole", ds_id);
	if (!role_id)
		return XF_NOMEM;
	int rc = xf_emit(g->x, g->id, role_id, gql_appsync_role(g));
	free(role_id);
	if (rc != XF_OK)
		return rc;
	cJSON *statements = cJSON_CreateArray();
	if (!statements)
		return XF_NOMEM;
	cJSON_AddItemToArray(statements, statement(lambda_write, xf_get(source, "FunctionArn"), ":*"));
	return connector_policy(g, ds_id, "Lambda", "AWS::Lambda::Function", statements);
}

static int lambda_source(gql *g, const cJSON *source)
{
	cJSON *ds = NULL;
	char *ds_id = NULL;
	int rc = new_data_source(g, source, "Lambda", "AWS_LAMBDA", &ds, &ds_id);
	if (rc == XF_OK) {
		cJSON *props = xf_props(ds);
		cJSON *config = SAMC_JSON_ADD_OBJECT(props, "LambdaConfig");
		xf_set(config, "LambdaFunctionArn", xf_dup(xf_get(source, "FunctionArn")));
		const cJSON *role_arn = xf_get(source, "ServiceRoleArn");
		set_service_role(props, role_arn, ds_id);
		rc = xf_emit(g->x, g->id, ds_id, ds);
		ds = NULL;
		if (rc == XF_OK && !xf_truthy(role_arn))
			rc = lambda_role(g, source, ds_id);
		if (rc == XF_OK)
			rc = name_entry(g, source->string, ds_id);
	}
	cJSON_Delete(ds);
	free(ds_id);
	return rc;
}

int gql_data_sources(gql *g)
{
	const cJSON *sources = xf_get(g->model, "DataSources");
	const cJSON *ddb = xf_get(sources, "DynamoDb"), *lambda = xf_get(sources, "Lambda");
	for (const cJSON *s = cJSON_IsObject(ddb) ? ddb->child : NULL; s; s = s->next) {
		int rc = dynamodb_source(g, s);
		if (rc != XF_OK)
			return rc;
	}
	for (const cJSON *s = cJSON_IsObject(lambda) ? lambda->child : NULL; s; s = s->next) {
		int rc = lambda_source(g, s);
		if (rc != XF_OK)
			return rc;
	}
	return XF_OK;
}
