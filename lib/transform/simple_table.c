/* simple_table.c — owns AWS::Serverless::SimpleTable (SamSimpleTable in model/sam_resources.py):
 * property validation and the AWS::DynamoDB::Table it expands to. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/intrinsics.h"
#include "transform/xf.h"

#define SIMPLE_TABLE_TYPE "AWS::Serverless::SimpleTable"

/* All property names, for the "not defined" check; the types are checked by table_checks. */
static const xf_prop_spec table_names[] = {
	{"PointInTimeRecoverySpecification", false, XF_ANY, true},
	{"PrimaryKey", false, XF_ANY, false},
	{"ProvisionedThroughput", false, XF_ANY, false},
	{"TableName", false, XF_ANY, false},
	{"Tags", false, XF_ANY, false},
	{"SSESpecification", false, XF_ANY, false},
	{NULL, false, XF_ANY, false},
};

static bool any_value(const cJSON *v)
{
	(void)v;
	return true;
}

static bool is_int(const cJSON *v)
{
	return xf_check_value(v, XF_IS_INT);
}

/* dict_of(IS_STR, IS_STR) */
static bool is_dict_of_str(const cJSON *v)
{
	if (!cJSON_IsObject(v))
		return false;
	for (const cJSON *c = v->child; c; c = c->next)
		if (!cJSON_IsString(c))
			return false;
	return true;
}

/* dict_of(IS_STR, one_of(IS_INT, IS_DICT)) */
static bool is_dict_of_int_or_dict(const cJSON *v)
{
	if (!cJSON_IsObject(v))
		return false;
	for (const cJSON *c = v->child; c; c = c->next)
		if (!is_int(c) && !cJSON_IsObject(c))
			return false;
	return true;
}

static bool is_str_or_dict(const cJSON *v)
{
	return cJSON_IsString(v) || cJSON_IsObject(v);
}

static bool is_dict(const cJSON *v)
{
	return cJSON_IsObject(v);
}

typedef struct table_check {
	const char *name;
	bool (*valid)(const cJSON *);
	bool intrinsics;  /* PropertyType: a one-key map is not checked */
	bool map_message; /* bare IS_DICT: "should be a map." */
} table_check;

/* SamSimpleTable.property_types, in declaration order. */
static const table_check table_checks[] = {
	{"PointInTimeRecoverySpecification", any_value, false, false},
	{"PrimaryKey", is_dict_of_str, true, false},
	{"ProvisionedThroughput", is_dict_of_int_or_dict, true, false},
	{"TableName", is_str_or_dict, true, false},
	{"Tags", is_dict, true, true},
	{"SSESpecification", is_dict, true, true},
};

static int validate_table(xf *x, const char *id, const cJSON *props)
{
	int rc = xf_validate_props(x, id, SIMPLE_TABLE_TYPE, props, table_names);
	if (rc != XF_OK)
		return rc;
	for (size_t i = 0; i < sizeof(table_checks) / sizeof(table_checks[0]); i++) {
		const table_check *c = &table_checks[i];
		const cJSON *v = xf_get(props, c->name);
		if (!v || cJSON_IsNull(v) || (c->intrinsics && xf_is_intrinsic(v)) || c->valid(v))
			continue;
		if (c->map_message)
			return xf_fail_resource(x, id, "Property '%s' should be a map.", c->name);
		return xf_fail_resource(x, id, "Type of property '%s' is invalid.", c->name);
	}
	return XF_OK;
}

/* ---- the generated resource ---- */

/* Type, DependsOn (when truthy), then every resource attribute the SAM resource has, in
 * Resource._supported_resource_attributes order, then Properties. */
static cJSON *main_resource(const char *type, const cJSON *sam)
{
	static const char *const attributes[] = {"DeletionPolicy", "UpdatePolicy", "Condition",
						  "UpdateReplacePolicy", "Metadata"};
	cJSON *r = cJSON_CreateObject();
	if (!r || !SAMC_JSON_ADD_STRING(r, "Type", type)) {
		cJSON_Delete(r);
		return NULL;
	}
	const cJSON *depends_on = xf_get(sam, "DependsOn");
	if (xf_truthy(depends_on))
		SAMC_JSON_ADD(r, "DependsOn", xf_dup(depends_on));
	for (size_t i = 0; i < sizeof(attributes) / sizeof(attributes[0]); i++) {
		const cJSON *v = xf_get(sam, attributes[i]);
		if (v)
			samc_json_add_key(r, attributes[i], xf_dup(v));
	}
	if (!SAMC_JSON_ADD_OBJECT(r, "Properties")) {
		cJSON_Delete(r);
		return NULL;
	}
	return r;
}

static const char *converted_attribute_type(const cJSON *type)
{
	static const char *const conversions[][2] = {{"String", "S"}, {"Number", "N"}, {"Binary", "B"}};
	if (!cJSON_IsString(type))
		return NULL;
	for (size_t i = 0; i < sizeof(conversions) / sizeof(conversions[0]); i++)
		if (strcmp(type->valuestring, conversions[i][0]) == 0)
			return conversions[i][1];
	return NULL;
}

static int fail_attribute_type(xf *x, const char *id, const cJSON *type)
{
	char *text = cJSON_IsString(type) ? NULL : xf_pystr(type);
	if (!cJSON_IsString(type) && !text)
		return XF_NOMEM;
	int rc = xf_fail_resource(x, id, "Invalid 'Type' \"%s\".", text ? text : type->valuestring);
	free(text);
	return rc;
}

/* {"AttributeName", "AttributeType"} from PrimaryKey, or id/S when it is not given. */
static int primary_key(xf *x, const char *id, const cJSON *pk, cJSON **out)
{
	*out = NULL;
	if (!xf_truthy(pk)) {
		*out = cJSON_CreateObject();
		SAMC_JSON_ADD_STRING(*out, "AttributeName", "id");
		SAMC_JSON_ADD_STRING(*out, "AttributeType", "S");
		return *out ? XF_OK : XF_NOMEM;
	}
	const cJSON *name = xf_get(pk, "Name"), *type = xf_get(pk, "Type");
	if (!name || cJSON_IsNull(name))
		return xf_fail_resource(x, id, "Property 'PrimaryKey.Name' is required.");
	if (!type || cJSON_IsNull(type))
		return xf_fail_resource(x, id, "Property 'PrimaryKey.Type' is required.");
	const char *converted = converted_attribute_type(type);
	if (!converted)
		return fail_attribute_type(x, id, type);
	*out = cJSON_CreateObject();
	if (!*out)
		return XF_NOMEM;
	SAMC_JSON_ADD(*out, "AttributeName", xf_dup(name));
	SAMC_JSON_ADD_STRING(*out, "AttributeType", converted);
	return XF_OK;
}

static int add_key_schema(cJSON *props, cJSON *key)
{
	cJSON *definitions = SAMC_JSON_ADD_ARRAY(props, "AttributeDefinitions");
	cJSON *schema = SAMC_JSON_ADD_ARRAY(props, "KeySchema");
	cJSON *hash = cJSON_CreateObject();
	if (!definitions || !schema || !hash) {
		cJSON_Delete(key);
		cJSON_Delete(hash);
		return XF_NOMEM;
	}
	SAMC_JSON_ADD(hash, "AttributeName", xf_dup(xf_get(key, "AttributeName")));
	SAMC_JSON_ADD_STRING(hash, "KeyType", "HASH");
	cJSON_AddItemToArray(definitions, key);
	cJSON_AddItemToArray(schema, hash);
	return XF_OK;
}

/* get_tag_list: [{"Key": k, "Value": v or ""}] in map order. */
static cJSON *tag_list(const cJSON *tags)
{
	cJSON *list = cJSON_CreateArray();
	for (const cJSON *t = tags->child; list && t; t = t->next) {
		cJSON *tag = cJSON_CreateObject();
		if (!tag) {
			cJSON_Delete(list);
			return NULL;
		}
		SAMC_JSON_ADD_STRING(tag, "Key", t->string);
		SAMC_JSON_ADD(tag, "Value", cJSON_IsNull(t) ? cJSON_CreateString("") : xf_dup(t));
		cJSON_AddItemToArray(list, tag);
	}
	return list;
}

static void copy_if_truthy(cJSON *dst, const cJSON *props, const char *name)
{
	const cJSON *v = xf_get(props, name);
	if (xf_truthy(v))
		samc_json_add_key(dst, name, xf_dup(v));
}

/* DynamoDBTable.property_types order: AttributeDefinitions, KeySchema,
 * PointInTimeRecoverySpecification, ProvisionedThroughput, TableName, Tags, SSESpecification,
 * BillingMode. */
static void add_table_settings(cJSON *dst, const cJSON *props)
{
	copy_if_truthy(dst, props, "PointInTimeRecoverySpecification");
	copy_if_truthy(dst, props, "ProvisionedThroughput");
	copy_if_truthy(dst, props, "TableName");
	const cJSON *tags = xf_get(props, "Tags");
	if (xf_truthy(tags))
		SAMC_JSON_ADD(dst, "Tags", tag_list(tags));
	copy_if_truthy(dst, props, "SSESpecification");
	if (!xf_truthy(xf_get(props, "ProvisionedThroughput")))
		SAMC_JSON_ADD_STRING(dst, "BillingMode", "PAY_PER_REQUEST");
}

int xf_expand_simple_table(xf *x, const char *id, const cJSON *sam)
{
	const cJSON *props = xf_get(sam, "Properties");
	int rc = validate_table(x, id, props);
	if (rc != XF_OK)
		return rc;
	cJSON *key = NULL;
	rc = primary_key(x, id, xf_get(props, "PrimaryKey"), &key);
	if (rc != XF_OK)
		return rc;
	cJSON *table = main_resource("AWS::DynamoDB::Table", sam);
	if (!table || add_key_schema(xf_props(table), key) != XF_OK) {
		if (!table)
			cJSON_Delete(key);
		cJSON_Delete(table);
		return XF_NOMEM;
	}
	add_table_settings(xf_props(table), props);
	return xf_emit(x, id, id, table);
}
