/* function_version.c — AutoPublishAlias for a SAM Function: the hashed Lambda version, the
 * alias, AutoPublishCodeSha256; and the calls into URL, CodeDeploy and EventInvokeConfig. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/function_build.h"
#include "transform/function_extras.h"
#include "transform/intrinsics.h"
#include "util/buf.h"

xf_fn fb_as_fn(fn_build *b)
{
	xf_fn fn = {b->id, b->sam, b->function, b->alias_id, b->role, b->child_attrs};
	return fn;
}

/* _get_resolved_alias_name */
static int resolve_alias_name(fn_build *b)
{
	cJSON *resolved = xf_resolved_copy(b->x, fb_prop(b, "AutoPublishAlias"));
	if (!cJSON_IsString(resolved)) {
		cJSON_Delete(resolved);
		return xf_fail_resource(b->x, b->id,
					"'AutoPublishAlias' must be a string or a Ref to a template parameter");
	}
	b->alias_name = samc_strdup(resolved->valuestring);
	cJSON_Delete(resolved);
	return XF_OK;
}

/* AutoPublishCodeSha256: returns the resolved string (malloc'd) and updates the Description. */
static int code_sha256(fn_build *b, char **out)
{
	*out = NULL;
	const cJSON *raw = fb_prop(b, "AutoPublishCodeSha256");
	if (!xf_truthy(raw))
		return XF_OK;
	cJSON *sha = xf_resolved_copy(b->x, raw);
	if (!cJSON_IsString(sha)) {
		cJSON_Delete(sha);
		return xf_fail_resource(b->x, b->id, "AutoPublishCodeSha256 must be a string");
	}
	cJSON *desc = xf_resolved_copy(b->x, fb_prop(b, "Description"));
	cJSON *props = xf_props(b->function);
	cJSON *value;
	if (!xf_truthy(desc))
		value = cJSON_CreateString(sha->valuestring);
	else if (cJSON_IsString(desc)) {
		char *text = samc_strfmt("%s %s", desc->valuestring, sha->valuestring);
		value = cJSON_CreateString(text ? text : "");
		free(text);
	} else {
		value = cJSON_CreateObject();
		cJSON *join = SAMC_JSON_ADD_ARRAY(value, "Fn::Join");
		cJSON_AddItemToArray(join, cJSON_CreateString(" "));
		cJSON *parts = cJSON_CreateArray();
		cJSON_AddItemToArray(parts, cJSON_Duplicate(desc, 1));
		cJSON_AddItemToArray(parts, cJSON_CreateString(sha->valuestring));
		cJSON_AddItemToArray(join, parts);
	}
	xf_set(props, "Description", value);
	cJSON_Delete(desc);
	*out = samc_strdup(sha->valuestring);
	cJSON_Delete(sha);
	return XF_OK;
}

/* get_logical_id_from_intrinsic: Ref value or the first GetAtt item. */
static const char *intrinsic_logical_id(const cJSON *v)
{
	if (xf_is_fn(v, "Ref") && cJSON_IsString(v->child))
		return v->child->valuestring;
	if (xf_is_fn(v, "Fn::GetAtt") && cJSON_IsArray(v->child) && cJSON_IsString(v->child->child))
		return v->child->child->valuestring;
	return NULL;
}

static cJSON *all_properties_hash_input(fn_build *b)
{
	cJSON *props = cJSON_Duplicate(xf_props(b->function), 1);
	const cJSON *layers = xf_get(props, "Layers");
	for (const cJSON *l = cJSON_IsArray(layers) ? layers->child : NULL; l; l = l->next) {
		const char *layer_id = intrinsic_logical_id(l);
		const cJSON *layer = layer_id ? xf_resource(b->x, layer_id) : NULL;
		const cJSON *layer_props = xf_get(layer, "Properties");
		if (layer && xf_truthy(xf_get(layer_props, "PublishLambdaVersion")))
			xf_set(props, layer_id, cJSON_Duplicate(layer_props, 1));
	}
	return props;
}

static cJSON *default_hash_input(fn_build *b, const cJSON *code)
{
	cJSON *data = cJSON_IsObject(code) ? cJSON_Duplicate(code, 1) : cJSON_CreateObject();
	const cJSON *p = xf_props(b->function);
	const cJSON *env = xf_get(p, "Environment");
	if (xf_truthy(env) && cJSON_IsObject(env))
		for (const cJSON *e = env->child; e; e = e->next)
			xf_set(data, e->string, cJSON_Duplicate(e, 1));
	const cJSON *memory = xf_get(p, "MemorySize");
	if (xf_truthy(memory))
		xf_set(data, "MemorySize", cJSON_Duplicate(memory, 1));
	const cJSON *snap = xf_get(p, "SnapStart");
	if (xf_truthy(snap)) {
		const char *apply_on = xf_get(snap, "ApplyOn") ? xf_get_str(snap, "ApplyOn") : "None";
		if (!apply_on || strcmp(apply_on, "None") != 0)
			xf_set(data, "SnapStart", cJSON_Duplicate(snap, 1));
	}
	return data;
}

static const char *version_deletion_policy(fn_build *b)
{
	const cJSON *v = fb_prop(b, "VersionDeletionPolicy");
	if (cJSON_IsString(v))
		return v->valuestring;
	return fb_prop(b, "CapacityProviderConfig") ? "Delete" : "Retain";
}

static int construct_version(fn_build *b, const char *sha, char **version_id)
{
	cJSON *props = xf_props(b->function);
	cJSON *code = cJSON_GetObjectItemCaseSensitive(props, "Code");
	if (code && xf_resolve_params(b->x, &code))
		return XF_FAIL;
	char *prefix = samc_strfmt("%sVersion", b->id);
	if (sha)
		*version_id = samc_strfmt("%s%.10s", prefix, sha);
	else {
		cJSON *data = cJSON_IsTrue(fb_prop(b, "AutoPublishAliasAllProperties")) ? all_properties_hash_input(b)
											: default_hash_input(b, code);
		*version_id = xf_logical_id(prefix, data);
		cJSON_Delete(data);
	}
	free(prefix);
	cJSON *version = fb_child_resource(b, "AWS::Lambda::Version");
	if (!xf_get(b->child_attrs, "DeletionPolicy")) {
		/* attributes stay ahead of Properties */
		cJSON *props_node = cJSON_DetachItemFromObjectCaseSensitive(version, "Properties");
		SAMC_JSON_ADD_STRING(version, "DeletionPolicy", version_deletion_policy(b));
		SAMC_JSON_ADD(version, "Properties", props_node);
	}
	cJSON *vp = xf_props(version);
	SAMC_JSON_ADD(vp, "FunctionName", xf_ref(b->id));
	const cJSON *desc = fb_prop(b, "VersionDescription");
	if (desc)
		SAMC_JSON_ADD(vp, "Description", cJSON_Duplicate(desc, 1));
	if (fb_prop(b, "CapacityProviderConfig") && fb_prop(b, "FunctionScalingConfig"))
		SAMC_JSON_ADD(vp, "FunctionScalingConfig", cJSON_Duplicate(fb_prop(b, "FunctionScalingConfig"), 1));
	return xf_emit(b->x, b->id, *version_id, version);
}

/* re.match(r"(?!^[0-9]+$)([a-zA-Z0-9\-_]+)$", name) */
static bool valid_alias_name(const char *name)
{
	bool all_digits = true;
	for (const char *p = name; *p; p++) {
		bool digit = *p >= '0' && *p <= '9';
		bool letter = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z');
		if (!digit && !letter && *p != '-' && *p != '_')
			return false;
		all_digits = all_digits && digit;
	}
	return *name && !all_digits;
}

static int construct_alias(fn_build *b, const char *version_id)
{
	const char *name = b->alias_name;
	if (!*name)
		return xf_fail_resource(b->x, b->id, "Alias name is required to create an alias");
	if (!valid_alias_name(name))
		return xf_fail_resource(b->x, b->id,
					"AutoPublishAlias name ('%s') must contain only alphanumeric characters, hyphens, "
					"or underscores matching (?!^[0-9]+$)([a-zA-Z0-9-_]+) pattern.",
					name);
	samc_buf id = SAMC_BUF_INIT;
	samc_buf_printf(&id, "%sAlias", b->id);
	for (const char *p = name; *p; p++)
		samc_buf_putc(&id, *p == '-' ? 'D' : *p == '_' ? 'U' : *p);
	b->alias_id = samc_buf_detach(&id);
	cJSON *alias = fb_child_resource(b, "AWS::Lambda::Alias");
	cJSON *ap = xf_props(alias);
	SAMC_JSON_ADD_STRING(ap, "Name", name);
	SAMC_JSON_ADD(ap, "FunctionName", xf_ref(b->id));
	SAMC_JSON_ADD(ap, "FunctionVersion", xf_getatt(version_id, "Version"));
	const cJSON *pcc = fb_prop(b, "ProvisionedConcurrencyConfig");
	if (xf_truthy(pcc))
		SAMC_JSON_ADD(ap, "ProvisionedConcurrencyConfig", cJSON_Duplicate(pcc, 1));
	if (xf_emit(b->x, b->id, b->alias_id, alias))
		return XF_FAIL;
	b->alias = xf_resource(b->x, b->alias_id);
	return XF_OK;
}

int fb_version_and_alias(fn_build *b)
{
	if (!xf_truthy(fb_prop(b, "AutoPublishAlias")))
		return XF_OK;
	if (resolve_alias_name(b))
		return XF_FAIL;
	char *sha = NULL, *version_id = NULL;
	int rc = code_sha256(b, &sha);
	if (rc == XF_OK)
		rc = construct_version(b, sha, &version_id);
	if (rc == XF_OK)
		rc = construct_alias(b, version_id);
	free(sha);
	free(version_id);
	return rc;
}

int fb_url(fn_build *b)
{
	const cJSON *cfg = fb_prop(b, "FunctionUrlConfig");
	if (!xf_truthy(cfg))
		return XF_OK;
	xf_fn fn = fb_as_fn(b);
	return xf_function_url(b->x, &fn, b->alias, cfg);
}

int fb_deployment_preference(fn_build *b)
{
	const cJSON *pref = fb_prop(b, "DeploymentPreference");
	if (!xf_truthy(pref))
		return XF_OK;
	xf_fn fn = fb_as_fn(b);
	return xf_deployment_preference_add(b->x, &fn, b->alias, pref);
}

int fb_event_invoke_config(fn_build *b)
{
	const cJSON *cfg = fb_prop(b, "EventInvokeConfig");
	if (!xf_truthy(cfg))
		return XF_OK;
	xf_fn fn = fb_as_fn(b);
	return xf_event_invoke_config(b->x, &fn, b->alias_name ? b->alias_name : "", b->alias, cfg,
				      b->invoke_policies);
}
