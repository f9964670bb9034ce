/* function_url.c — FunctionUrlConfig of a SAM Function: AuthType/Cors validation, the
 * AWS::Lambda::Url and, for AuthType NONE, its two public permissions (SamFunction). */
#include <string.h>

#include "doc/doc.h"
#include "transform/function_extras.h"
#include "transform/function_extras_util.h"

/* alias.get_runtime_attr("arn") or function.get_runtime_attr("name"): both a Ref. */
static cJSON *target_ref(const xf_fn *fn, const cJSON *alias)
{
	if (alias && fn->alias_id)
		return xf_ref(fn->alias_id);
	if (alias && alias->string)
		return xf_ref(alias->string);
	return xf_ref(fn->id);
}

static bool is_str_value(const cJSON *v, const char *s)
{
	return cJSON_IsString(v) && strcmp(v->valuestring, s) == 0;
}

/* _validate_url_auth_type */
static int validate_auth_type(xf *x, const xf_fn *fn, const cJSON *cfg)
{
	if (xf_is_cfn_intrinsic(cfg))
		return XF_OK;
	const cJSON *auth = xf_get(cfg, "AuthType");
	if (xf_truthy(auth) && xf_is_cfn_intrinsic(auth))
		return XF_OK;
	if (is_str_value(auth, "AWS_IAM") || is_str_value(auth, "NONE"))
		return XF_OK;
	return xf_fail_resource(x, fn->id,
				"AuthType is required to configure function property `FunctionUrlConfig`. Please "
				"provide either AWS_IAM or NONE.");
}

/* The Python type each Cors property must have (isinstance; bool counts as int). */
static const char *cors_type(const char *name)
{
	static const char *const types[][2] = {
		{"AllowOrigins", "list"}, {"AllowMethods", "list"},  {"AllowCredentials", "bool"},
		{"AllowHeaders", "list"}, {"ExposeHeaders", "list"}, {"MaxAge", "int"},
	};
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(types[i][0], name) == 0)
			return types[i][1];
	return NULL;
}

static bool has_py_type(const cJSON *v, const char *type)
{
	if (strcmp(type, "list") == 0)
		return cJSON_IsArray(v);
	if (strcmp(type, "bool") == 0)
		return cJSON_IsBool(v);
	return cJSON_IsBool(v) || (cJSON_IsNumber(v) && samc_number_is_int(v));
}

/* _validate_cors_config_parameter */
static int validate_cors(xf *x, const xf_fn *fn, const cJSON *cfg)
{
	if (xf_is_cfn_intrinsic(cfg))
		return XF_OK;
	const cJSON *cors = xf_get(cfg, "Cors");
	if (!xf_truthy(cors) || xf_is_cfn_intrinsic(cors))
		return XF_OK;
	if (xf_expect_map(x, fn->id, cors, "FunctionUrlConfig.Cors"))
		return XF_FAIL;
	for (const cJSON *p = cors->child; p; p = p->next) {
		const char *type = cors_type(p->string);
		if (!type)
			return xf_fail_resource(x, fn->id, "%s is not a valid property for configuring Cors.", p->string);
		if (!xf_is_cfn_intrinsic(p) && !has_py_type(p, type))
			return xf_fail_resource(x, fn->id, "%s must be of type %s.", p->string, type);
	}
	return XF_OK;
}

/* Sets props[key] to a copy of cfg[key] unless it is missing or null (None is not printed). */
static void copy_unless_none(cJSON *props, const cJSON *cfg, const char *key)
{
	const cJSON *v = xf_get(cfg, key);
	if (v && !cJSON_IsNull(v))
		xf_set(props, key, xf_dup(v));
}

/* _construct_function_url: <Fn>Url */
static cJSON *url_resource(const xf_fn *fn, const cJSON *alias, const cJSON *cfg)
{
	cJSON *r = xf_new_resource("AWS::Lambda::Url");
	if (!r)
		return NULL;
	fe_copy_child_attributes(r, fn->attrs);
	cJSON *props = xf_props(r);
	xf_set(props, "TargetFunctionArn", target_ref(fn, alias));
	copy_unless_none(props, cfg, "AuthType");
	const cJSON *cors = xf_get(cfg, "Cors");
	if (xf_truthy(cors))
		xf_set(props, "Cors", xf_dup(cors));
	copy_unless_none(props, cfg, "InvokeMode");
	return r;
}

/* A LambdaPermission granting the public (Principal "*") `action` on the function or alias. */
static cJSON *public_permission(const xf_fn *fn, const cJSON *alias, const char *action)
{
	cJSON *r = xf_new_resource("AWS::Lambda::Permission");
	if (!r)
		return NULL;
	fe_copy_child_attributes(r, fn->attrs);
	cJSON *props = xf_props(r);
	xf_set(props, "Action", xf_str(action));
	xf_set(props, "FunctionName", target_ref(fn, alias));
	xf_set(props, "Principal", xf_str("*"));
	return r;
}

/* _construct_url_permission + _construct_invoke_permission (AuthType NONE only). */
static int emit_public_permissions(xf *x, const xf_fn *fn, const cJSON *alias)
{
	cJSON *url = public_permission(fn, alias, "lambda:InvokeFunctionUrl");
	if (url)
		xf_set(xf_props(url), "FunctionUrlAuthType", xf_str("NONE"));
	int rc = fe_emit_as(x, fn->id, fn->id, "UrlPublicPermissions", url);
	if (rc != XF_OK)
		return rc;
	cJSON *invoke = public_permission(fn, alias, "lambda:InvokeFunction");
	if (invoke)
		xf_set(xf_props(invoke), "InvokedViaFunctionUrl", cJSON_CreateTrue());
	return fe_emit_as(x, fn->id, fn->id, "URLInvokeAllowPublicAccess", invoke);
}

int xf_function_url(xf *x, const xf_fn *fn, const cJSON *alias, const cJSON *url_config)
{
	if (!xf_truthy(url_config))
		return XF_OK;
	if (validate_auth_type(x, fn, url_config) || validate_cors(x, fn, url_config))
		return XF_FAIL;
	int rc = fe_emit_as(x, fn->id, fn->id, "Url", url_resource(fn, alias, url_config));
	if (rc != XF_OK)
		return rc;
	if (xf_is_cfn_intrinsic(url_config) || !is_str_value(xf_get(url_config, "AuthType"), "NONE"))
		return XF_OK;
	return emit_public_permissions(x, fn, alias);
}
