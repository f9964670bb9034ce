/* layer_version.c — owns AWS::Serverless::LayerVersion (SamLayerVersion in model/sam_resources.py):
 * the hashed logical id, RetentionPolicy, Content and CompatibleArchitectures checks. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "json/members.h"
#include "transform/s3_uri.h"
#include "transform/xf.h"

#define LAYER_TYPE "AWS::Serverless::LayerVersion"

/* SamLayerVersion.property_types, in declaration order. */
static const xf_prop_spec layer_props[] = {
	{"LayerName", false, XF_STR_OR_DICT, false},
	{"Description", false, XF_IS_STR, false},
	{"PublishLambdaVersion", false, XF_IS_BOOL, false},
	{"ContentUri", true, XF_STR_OR_DICT, false},
	{"CompatibleArchitectures", false, XF_LIST_OF_STR_OR_DICT, false},
	{"CompatibleRuntimes", false, XF_LIST_OF_STR_OR_DICT, false},
	{"LicenseInfo", false, XF_IS_STR, false},
	{"RetentionPolicy", false, XF_IS_STR, false},
	{NULL, false, XF_ANY, false},
};

/* The properties _construct_lambda_layer resolves against the parameters, in its order. */
static const char *const resolved_names[] = {"LayerName", "LicenseInfo", "Description", "RetentionPolicy"};

#define RETENTION_OPTIONS "['Retain', 'Delete']"

/* ---- resolve_string_parameter_in_resource ---- */

static int resolve_one(xf *x, const char *id, cJSON *props, const char *name)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(props, name);
	if (!xf_truthy(v))
		return XF_OK;
	cJSON *resolved = xf_resolved_copy(x, v);
	if (!resolved)
		return x->pending.kind != XF_ERR_NONE ? XF_FAIL : XF_NOMEM;
	if (!cJSON_IsString(resolved) && !cJSON_IsObject(resolved)) {
		cJSON_Delete(resolved);
		return xf_fail_resource(x, id, "Could not resolve parameter for '%s' or parameter is not a String.",
					name);
	}
	cJSON_ReplaceItemInObjectCaseSensitive(props, name, resolved);
	return XF_OK;
}

/* A copy of the Properties with LayerName, LicenseInfo, Description and RetentionPolicy
 * parameter-resolved. */
static int resolved_properties(xf *x, const char *id, const cJSON *props, cJSON **out)
{
	*out = props ? cJSON_Duplicate(props, 1) : cJSON_CreateObject();
	if (!*out)
		return XF_NOMEM;
	for (size_t i = 0; i < sizeof(resolved_names) / sizeof(resolved_names[0]); i++) {
		int rc = resolve_one(x, id, *out, resolved_names[i]);
		if (rc != XF_OK) {
			cJSON_Delete(*out);
			*out = NULL;
			return rc;
		}
	}
	return XF_OK;
}

/* ---- RetentionPolicy: _get_retention_policy_value ---- */

/* Sets *policy to "Retain", "Delete" or NULL (not given). */
static int retention_policy(xf *x, const char *id, const cJSON *props, const char **policy)
{
	const cJSON *v = xf_get(props, "RetentionPolicy");
	*policy = NULL;
	if (xf_is_cfn_intrinsic(v))
		return xf_fail_resource(x, id,
					"'RetentionPolicy' does not accept intrinsic functions, please use one of the "
					"following options: " RETENTION_OPTIONS);
	if (!v || cJSON_IsNull(v))
		return XF_OK;
	if (!cJSON_IsString(v))
		return xf_fail_resource(x, id,
					"Invalid 'RetentionPolicy' type, please use one of the following options: "
					RETENTION_OPTIONS);
	if (strcasecmp(v->valuestring, "Retain") == 0)
		*policy = "Retain";
	else if (strcasecmp(v->valuestring, "Delete") == 0)
		*policy = "Delete";
	else
		return xf_fail_resource(x, id, "'RetentionPolicy' must be one of the following options: " RETENTION_OPTIONS
					".");
	return XF_OK;
}

/* ---- the logical id: LogicalIdGenerator(old id, to_dict() without DeletionPolicy,
 * UpdateReplacePolicy, Metadata) ---- */

/* Properties without null values (Resource._generate_resource_dict drops None). */
static cJSON *non_null_properties(const cJSON *props)
{
	cJSON *out = cJSON_CreateObject();
	for (const cJSON *p = props->child; out && p; p = p->next) {
		if (cJSON_IsNull(p))
			continue;
		cJSON *copy = cJSON_Duplicate(p, 1);
		if (!copy) {
			cJSON_Delete(out);
			return NULL;
		}
		samc_json_add_key(out, p->string, copy);
	}
	return out;
}

static cJSON *hash_input(const char *id, const cJSON *sam, const cJSON *resolved)
{
	static const char *const kept_attributes[] = {"UpdatePolicy", "Condition"};
	cJSON *data = cJSON_CreateObject();
	cJSON *res = data ? cJSON_AddObjectToObject(data, id) : NULL;
	if (!res || !SAMC_JSON_ADD_STRING(res, "Type", LAYER_TYPE)) {
		cJSON_Delete(data);
		return NULL;
	}
	const cJSON *depends_on = xf_get(sam, "DependsOn");
	if (xf_truthy(depends_on))
		SAMC_JSON_ADD(res, "DependsOn", xf_dup(depends_on));
	for (size_t i = 0; i < sizeof(kept_attributes) / sizeof(kept_attributes[0]); i++) {
		const cJSON *v = xf_get(sam, kept_attributes[i]);
		if (v)
			samc_json_add_key(res, kept_attributes[i], xf_dup(v));
	}
	cJSON *props = non_null_properties(resolved);
	if (!props) {
		cJSON_Delete(data);
		return NULL;
	}
	SAMC_JSON_ADD(res, "Properties", props);
	return data;
}

static char *layer_logical_id(const char *id, const cJSON *sam, const cJSON *resolved)
{
	cJSON *data = hash_input(id, sam, resolved);
	char *new_id = data ? xf_logical_id(id, data) : NULL;
	cJSON_Delete(data);
	return new_id;
}

/* ---- the generated AWS::Lambda::LayerVersion ---- */

/* Type, DependsOn, the passthrough attributes (Condition, DeletionPolicy, UpdateReplacePolicy)
 * with DeletionPolicy defaulting to Retain and replaced by the RetentionPolicy, Properties. */
static cJSON *layer_resource(const cJSON *sam, const char *policy)
{
	static const char *const passthrough[] = {"Condition", "DeletionPolicy", "UpdateReplacePolicy"};
	cJSON *r = cJSON_CreateObject();
	if (!r || !SAMC_JSON_ADD_STRING(r, "Type", "AWS::Lambda::LayerVersion")) {
		cJSON_Delete(r);
		return NULL;
	}
	const cJSON *depends_on = xf_get(sam, "DependsOn");
	if (xf_truthy(depends_on))
		SAMC_JSON_ADD(r, "DependsOn", xf_dup(depends_on));
	for (size_t i = 0; i < sizeof(passthrough) / sizeof(passthrough[0]); i++) {
		const cJSON *v = xf_get(sam, passthrough[i]);
		if (v)
			samc_json_add_key(r, passthrough[i], xf_dup(v));
	}
	if (!xf_get(r, "DeletionPolicy"))
		SAMC_JSON_ADD_STRING(r, "DeletionPolicy", "Retain");
	if (policy)
		xf_set(r, "DeletionPolicy", cJSON_CreateString(policy));
	if (!SAMC_JSON_ADD_OBJECT(r, "Properties")) {
		cJSON_Delete(r);
		return NULL;
	}
	return r;
}

static void copy_if_set(cJSON *dst, const cJSON *props, const char *name)
{
	const cJSON *v = xf_get(props, name);
	if (v && !cJSON_IsNull(v))
		samc_json_add_key(dst, name, xf_dup(v));
}

/* LambdaLayerVersion.property_types order: Content, Description, LayerName,
 * CompatibleArchitectures, CompatibleRuntimes, LicenseInfo. */
static void fill_layer_properties(cJSON *dst, const cJSON *resolved, cJSON *content, const char *old_id)
{
	SAMC_JSON_ADD(dst, "Content", content);
	copy_if_set(dst, resolved, "Description");
	const cJSON *name = xf_get(resolved, "LayerName");
	SAMC_JSON_ADD(dst, "LayerName", xf_truthy(name) ? xf_dup(name) : cJSON_CreateString(old_id));
	copy_if_set(dst, resolved, "CompatibleArchitectures");
	copy_if_set(dst, resolved, "CompatibleRuntimes");
	copy_if_set(dst, resolved, "LicenseInfo");
}

/* _validate_architectures: intrinsics pass; otherwise each item (each key of a map) must be
 * x86_64 or arm64. */
static bool valid_architecture(const cJSON *item, const char *key)
{
	if (key)
		return strcmp(key, "x86_64") == 0 || strcmp(key, "arm64") == 0;
	if (xf_is_cfn_intrinsic(item))
		return true;
	return cJSON_IsString(item) &&
	       (strcmp(item->valuestring, "x86_64") == 0 || strcmp(item->valuestring, "arm64") == 0);
}

static int validate_architectures(xf *x, const char *new_id, const cJSON *archs)
{
	if (!xf_truthy(archs) || xf_is_cfn_intrinsic(archs))
		return XF_OK;
	bool is_map = cJSON_IsObject(archs);
	for (const cJSON *a = archs->child; a; a = a->next)
		if (!valid_architecture(a, is_map ? a->string : NULL))
			return xf_fail_resource(x, new_id, "CompatibleArchitectures needs to be a list of 'x86_64' or 'arm64'");
	return XF_OK;
}

static int record_changed_id(xf *x, const char *old_id, const char *new_id)
{
	if (!x->changed_ids && !(x->changed_ids = cJSON_CreateObject()))
		return XF_NOMEM;
	cJSON *v = cJSON_CreateString(new_id);
	if (!v)
		return XF_NOMEM;
	xf_set(x->changed_ids, old_id, v);
	return XF_OK;
}

/* Builds and emits the layer under new_id once the checks that use the old id passed. */
static int emit_layer(xf *x, const char *id, const char *new_id, const cJSON *sam, const cJSON *resolved,
		      const char *policy)
{
	cJSON *content = NULL;
	int rc = xf_s3_location(x, new_id, "ContentUri", xf_get(resolved, "ContentUri"), &content);
	if (rc != XF_OK)
		return rc;
	rc = validate_architectures(x, new_id, xf_get(resolved, "CompatibleArchitectures"));
	if (rc != XF_OK) {
		cJSON_Delete(content);
		return rc;
	}
	cJSON *layer = layer_resource(sam, policy);
	if (!layer) {
		cJSON_Delete(content);
		return XF_NOMEM;
	}
	fill_layer_properties(xf_props(layer), resolved, content, id);
	rc = xf_emit(x, id, new_id, layer);
	return rc == XF_OK ? record_changed_id(x, id, new_id) : rc;
}

static int expand_resolved(xf *x, const char *id, const cJSON *sam, const cJSON *resolved)
{
	const char *policy = NULL;
	int rc = retention_policy(x, id, resolved, &policy);
	if (rc == XF_OK) /* to_dict() validates the resolved values again */
		rc = xf_validate_props(x, id, LAYER_TYPE, resolved, layer_props);
	if (rc != XF_OK)
		return rc;
	char *new_id = layer_logical_id(id, sam, resolved);
	if (!new_id)
		return XF_NOMEM;
	rc = emit_layer(x, id, new_id, sam, resolved, policy);
	free(new_id);
	return rc;
}

int xf_expand_layer_version(xf *x, const char *id, const cJSON *sam)
{
	const cJSON *props = xf_get(sam, "Properties");
	int rc = xf_validate_props(x, id, LAYER_TYPE, props, layer_props);
	if (rc != XF_OK)
		return rc;
	cJSON *resolved = NULL;
	rc = resolved_properties(x, id, props, &resolved);
	if (rc != XF_OK)
		return rc;
	rc = expand_resolved(x, id, sam, resolved);
	cJSON_Delete(resolved);
	return rc;
}
