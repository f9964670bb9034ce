/* language_extensions_policy.c — DeletionPolicy and UpdateReplacePolicy given by intrinsic
 * functions (Ref to a parameter, Fn::If over a condition, Fn::FindInMap), resolved to a string. */
#include <string.h>

#include "json/values.h"
#include "transform/language_extensions.h"
#include "transform/xf.h"

#define MAX_CONDITION_DEPTH 64

enum truth { T_FALSE = 0, T_TRUE = 1, T_UNKNOWN = -1 };

static enum truth eval_condition(const lx *c, const cJSON *expr, int depth);

/* A scalar operand of Fn::Equals (a literal or a Ref to a parameter). */
static const char *operand_text(const lx *c, const cJSON *v, char buf[32])
{
	const char *text = samc_json_scalar_text(v, buf);
	const char *ref = lx_ref_target(v);
	if (!text && ref && !lx_param_is_list(c, ref))
		text = cJSON_GetStringValue(lx_param(c, ref));
	return text;
}

static enum truth eval_named(const lx *c, const cJSON *name, int depth)
{
	if (!cJSON_IsString(name))
		return T_UNKNOWN;
	const cJSON *expr = xf_get(xf_get(c->tpl, "Conditions"), name->valuestring);
	return expr ? eval_condition(c, expr, depth + 1) : T_UNKNOWN;
}

static enum truth eval_equals(const lx *c, const cJSON *args)
{
	char b0[32], b1[32];
	if (cJSON_GetArraySize(args) != 2)
		return T_UNKNOWN;
	const char *a = operand_text(c, cJSON_GetArrayItem(args, 0), b0);
	const char *b = operand_text(c, cJSON_GetArrayItem(args, 1), b1);
	return a && b ? (enum truth)(strcmp(a, b) == 0) : T_UNKNOWN;
}

/* Fn::And (all) and Fn::Or (any) over their list. */
static enum truth eval_list(const lx *c, const cJSON *args, bool all, int depth)
{
	if (!cJSON_IsArray(args))
		return T_UNKNOWN;
	enum truth result = all ? T_TRUE : T_FALSE;
	for (const cJSON *a = args->child; a; a = a->next) {
		enum truth t = eval_condition(c, a, depth + 1);
		if (t == T_UNKNOWN)
			result = T_UNKNOWN;
		else if (all ? t == T_FALSE : t == T_TRUE)
			return t;
	}
	return result;
}

static enum truth eval_condition(const lx *c, const cJSON *expr, int depth)
{
	if (depth > MAX_CONDITION_DEPTH || !lx_is_intrinsic(expr))
		return T_UNKNOWN;
	const char *fn = expr->child->string;
	const cJSON *args = expr->child;
	if (strcmp(fn, "Condition") == 0)
		return eval_named(c, args, depth);
	if (strcmp(fn, "Fn::Equals") == 0)
		return eval_equals(c, args);
	if (strcmp(fn, "Fn::And") == 0 || strcmp(fn, "Fn::Or") == 0)
		return eval_list(c, args, strcmp(fn, "Fn::And") == 0, depth);
	if (strcmp(fn, "Fn::Not") == 0 && cJSON_GetArraySize(args) == 1) {
		enum truth t = eval_condition(c, args->child, depth + 1);
		return t == T_UNKNOWN ? t : (enum truth)!t;
	}
	return T_UNKNOWN;
}

/* The policy's string, or NULL when it cannot be resolved (LX_FAIL in *rc for a hard error). */
static const char *policy_value(lx *c, const cJSON *v, cJSON **owned, int *rc, int depth)
{
	if (cJSON_IsString(v))
		return v->valuestring;
	if (!lx_is_intrinsic(v) || depth > MAX_CONDITION_DEPTH)
		return NULL;
	const char *fn = v->child->string;
	const char *ref = lx_ref_target(v);
	if (ref && strcmp(ref, "AWS::NoValue") == 0) {
		*rc = lx_fail(c, v, "AWS::NoValue is not supported for DeletionPolicy or UpdateReplacePolicy");
		return NULL;
	}
	if (ref)
		return lx_param_is_list(c, ref) ? NULL : cJSON_GetStringValue(lx_param(c, ref));
	if (strcmp(fn, "Fn::If") == 0 && cJSON_GetArraySize(v->child) == 3) {
		enum truth t = eval_named(c, cJSON_GetArrayItem(v->child, 0), 0);
		return t == T_UNKNOWN ? NULL : policy_value(c, cJSON_GetArrayItem(v->child, t ? 1 : 2), owned, rc, depth + 1);
	}
	if (strcmp(fn, "Fn::FindInMap") == 0 && !*owned) {
		if ((*rc = lx_find_in_map(c, v, owned)) || !*owned)
			return NULL;
		return policy_value(c, *owned, owned, rc, depth + 1);
	}
	return NULL;
}

static bool is_allowed(const char *attr, const char *value)
{
	static const char *const options[] = {"Delete", "Retain", "Snapshot", "RetainExceptOnCreate"};
	size_t n = strcmp(attr, "DeletionPolicy") == 0 ? 4 : 3;
	for (size_t i = 0; i < n; i++)
		if (strcmp(options[i], value) == 0)
			return true;
	return false;
}

static int resolve_policy(lx *c, cJSON *resource, const char *attr)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(resource, attr);
	if (!v || cJSON_IsString(v))
		return LX_OK;
	if (cJSON_IsArray(v))
		return lx_fail(c, v, "Every %s member must be a string", attr);
	cJSON *owned = NULL;
	int rc = LX_OK;
	const char *value = policy_value(c, v, &owned, &rc, 0);
	if (!rc && !value)
		rc = lx_fail(c, v, "Unsupported expression for %s in resource %s", attr, resource->string);
	else if (!rc && !is_allowed(attr, value))
		rc = lx_fail(c, v, "%s of resource %s resolves to '%s', which is not a valid option", attr,
			     resource->string, value);
	cJSON *s = rc ? NULL : cJSON_CreateString(value);
	if (!rc && !s)
		rc = lx_nomem(c);
	if (!rc)
		lx_replace(resource, v, s);
	cJSON_Delete(owned);
	return rc;
}

int lx_resolve_policies(lx *c)
{
	cJSON *resources = cJSON_GetObjectItemCaseSensitive(c->tpl, "Resources");
	for (cJSON *r = cJSON_IsObject(resources) ? resources->child : NULL; r; r = r->next)
		if (cJSON_IsObject(r) &&
		    (resolve_policy(c, r, "DeletionPolicy") || resolve_policy(c, r, "UpdateReplacePolicy")))
			return LX_FAIL;
	return LX_OK;
}
