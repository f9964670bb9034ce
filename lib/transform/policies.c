/* policies.c — Policies of functions and state machines: classifying entries, expanding
 * policy templates, and building the execution role (construct_role_for_resource). */
#include "transform/policies.h"

#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/managed_policies.h"
#include "transform/policy_templates.h"
#include "util/buf.h"

typedef enum policy_type { POLICY_MANAGED, POLICY_STATEMENT, POLICY_TEMPLATE, POLICY_UNKNOWN } policy_type;

static bool is_if(const cJSON *v)
{
	return xf_is_cfn_intrinsic(v) && strcmp(v->child->string, "Fn::If") == 0;
}

static int policy_type_of(xf *x, const cJSON *policy, bool templates, policy_type *out);

/* The bundled data is parsed on first use: most templates need neither. */
static const samc_policy_templates *templates_of(xf *x)
{
	if (!x->policy_templates)
		samc_policy_templates_load(&x->policy_templates);
	return x->policy_templates;
}

static const samc_managed_policies *managed_of(xf *x)
{
	if (!x->managed_policies)
		samc_managed_policies_load(&x->managed_policies);
	return x->managed_policies;
}

static int type_of_if(xf *x, const cJSON *policy, bool templates, policy_type *out)
{
	const cJSON *items = policy->child;
	if (!cJSON_IsArray(items) || cJSON_GetArraySize(items) != 3)
		return xf_fail_template(x, "Fn::If requires 3 arguments");
	const cJSON *then_v = items->child->next, *else_v = then_v->next;
	policy_type t1, t2;
	if (policy_type_of(x, then_v, templates, &t1) || policy_type_of(x, else_v, templates, &t2))
		return XF_FAIL;
	if (t1 == t2)
		*out = t1;
	else if (xf_is_no_value(then_v))
		*out = t2;
	else if (xf_is_no_value(else_v))
		*out = t1;
	else
		return xf_fail_template(x, "Different policy types within the same Fn::If statement is unsupported. "
					   "Separate different policy types into different Fn::If statements");
	return XF_OK;
}

static int policy_type_of(xf *x, const cJSON *policy, bool templates, policy_type *out)
{
	if (cJSON_IsString(policy))
		*out = POLICY_MANAGED;
	else if (is_if(policy))
		return type_of_if(x, policy, templates, out);
	else if (xf_is_cfn_intrinsic(policy))
		*out = POLICY_MANAGED;
	else if (cJSON_IsObject(policy) && xf_get(policy, "Statement"))
		*out = POLICY_STATEMENT;
	else if (templates && xf_is_intrinsic(policy) && templates_of(x) &&
		 samc_policy_templates_has(templates_of(x), policy->child->string))
		*out = POLICY_TEMPLATE;
	else
		*out = POLICY_UNKNOWN;
	return XF_OK;
}

/* The entries of a Policies value, read in place: a list's items, or a non-list as the only
 * entry; none when falsy. */
static const cJSON *first_policy(const cJSON *policies)
{
	if (!xf_truthy(policies))
		return NULL;
	return cJSON_IsArray(policies) ? policies->child : policies;
}

static const cJSON *next_policy(const cJSON *policies, const cJSON *entry)
{
	return cJSON_IsArray(policies) ? entry->next : NULL;
}

/* ---- policy templates ---- */

static cJSON *expand_template(xf *x, const char *id, const cJSON *entry)
{
	const char *name = entry->child->string;
	cJSON *doc = NULL;
	char *error = NULL;
	int rc = samc_policy_template_expand(templates_of(x), name, entry->child, &doc, &error);
	if (rc == 0)
		return doc;
	if (error)
		xf_fail_resource(x, id, "%s", error);
	free(error);
	return NULL;
}

static cJSON *expand_template_if(xf *x, const char *id, const cJSON *entry)
{
	const cJSON *items = entry->child;
	const cJSON *cond = items->child, *then_v = cond->next, *else_v = then_v->next;
	cJSON *then_out = xf_is_no_value(then_v) ? cJSON_Duplicate(then_v, 1) : expand_template(x, id, then_v);
	cJSON *else_out = !then_out ? NULL
			  : xf_is_no_value(else_v) ? cJSON_Duplicate(else_v, 1)
						   : expand_template(x, id, else_v);
	if (!then_out || !else_out) {
		cJSON_Delete(then_out);
		cJSON_Delete(else_out);
		return NULL;
	}
	cJSON *arr = cJSON_CreateArray();
	cJSON_AddItemToArray(arr, cJSON_Duplicate(cond, 1));
	cJSON_AddItemToArray(arr, then_out);
	cJSON_AddItemToArray(arr, else_out);
	cJSON *out = cJSON_CreateObject();
	SAMC_JSON_ADD(out, "Fn::If", arr);
	return out;
}

int xf_expand_policy_templates(xf *x, const char *id, cJSON *props)
{
	if (!cJSON_IsObject(props) || !xf_get(props, "Policies"))
		return XF_OK;
	const cJSON *policies = xf_get(props, "Policies");
	if (!first_policy(policies))
		return XF_OK;
	cJSON *result = cJSON_CreateArray();
	for (const cJSON *entry = first_policy(policies); entry; entry = next_policy(policies, entry)) {
		policy_type t;
		if (policy_type_of(x, entry, true, &t))
			goto fail;
		cJSON *converted;
		if (t != POLICY_TEMPLATE)
			converted = cJSON_Duplicate(entry, 1);
		else if (is_if(entry))
			converted = expand_template_if(x, id, entry);
		else
			converted = expand_template(x, id, entry);
		if (!converted)
			goto fail;
		cJSON_AddItemToArray(result, converted);
	}
	xf_set(props, "Policies", result);
	return XF_OK;
fail:
	cJSON_Delete(result);
	return XF_FAIL;
}

/* ---- managed policy names ---- */

char *xf_aws_managed_policy_arn(const xf *x, const char *name)
{
	return samc_strfmt("arn:%s:iam::aws:policy/%s", x->partition, name);
}

static cJSON *managed_arn_of(xf *x, const char *name)
{
	const samc_managed_policies *map = managed_of(x);
	const char *arn = map ? samc_managed_policy_arn(map, x->partition, name) : NULL;
	return cJSON_CreateString(arn ? arn : name);
}

/* Converts the string branches of an Fn::If (not NoValue) with `convert`. */
static void convert_if_branches(xf *x, cJSON *if_node, const char *role_id, int index, bool managed)
{
	cJSON *items = if_node->child;
	cJSON *branch = items->child->next;
	for (int i = 0; i < 2 && branch; i++) {
		cJSON *next = branch->next;
		cJSON *replacement = NULL;
		if (managed && cJSON_IsString(branch))
			replacement = managed_arn_of(x, branch->valuestring);
		else if (!managed && !xf_is_no_value(branch)) {
			replacement = cJSON_CreateObject();
			char *name = samc_strfmt("%sPolicy%d", role_id, index);
			SAMC_JSON_ADD_STRING(replacement, "PolicyName", name ? name : "");
			free(name);
			SAMC_JSON_ADD(replacement, "PolicyDocument", cJSON_Duplicate(branch, 1));
		}
		if (replacement)
			cJSON_ReplaceItemViaPointer(items, branch, replacement);
		branch = next;
	}
}

static bool array_contains(const cJSON *arr, const cJSON *v)
{
	for (const cJSON *c = arr->child; c; c = c->next)
		if (xf_equal(c, v))
			return true;
	return false;
}

static int add_policy_entry(xf *x, xf_role_spec *spec, const char *role_id, int index, const cJSON *entry)
{
	policy_type t;
	if (policy_type_of(x, entry, false, &t))
		return XF_FAIL;
	if (t == POLICY_STATEMENT) {
		if (is_if(entry)) {
			cJSON *copy = cJSON_Duplicate(entry, 1);
			convert_if_branches(x, copy, role_id, index, false);
			cJSON_AddItemToArray(spec->policy_documents, copy);
			return XF_OK;
		}
		cJSON *p = cJSON_CreateObject();
		char *name = samc_strfmt("%sPolicy%d", role_id, index);
		SAMC_JSON_ADD_STRING(p, "PolicyName", name ? name : "");
		free(name);
		SAMC_JSON_ADD(p, "PolicyDocument", cJSON_Duplicate(entry, 1));
		cJSON_AddItemToArray(spec->policy_documents, p);
		return XF_OK;
	}
	if (t == POLICY_MANAGED) {
		cJSON *arn;
		if (cJSON_IsString(entry))
			arn = managed_arn_of(x, entry->valuestring);
		else {
			arn = cJSON_Duplicate(entry, 1);
			if (is_if(arn))
				convert_if_branches(x, arn, role_id, index, true);
		}
		if (array_contains(spec->managed_policy_arns, arn))
			cJSON_Delete(arn);
		else
			cJSON_AddItemToArray(spec->managed_policy_arns, arn);
		return XF_OK;
	}
	return xf_fail_resource(x, spec->resource_id, "Policy at index %d in the 'Policies' property is not valid",
				index);
}

cJSON *xf_build_role(xf *x, xf_role_spec *spec)
{
	char *role_id = samc_strfmt("%sRole", spec->resource_id);
	int index = 0;
	for (const cJSON *entry = first_policy(spec->policies); entry;
	     entry = next_policy(spec->policies, entry), index++) {
		if (add_policy_entry(x, spec, role_id, index, entry)) {
			free(role_id);
			return NULL;
		}
	}
	free(role_id);
	cJSON *role = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(role, "Type", "AWS::IAM::Role");
	xf_copy_child_attributes(role, spec->attributes);
	cJSON *props = SAMC_JSON_ADD_OBJECT(role, "Properties");
	SAMC_JSON_ADD(props, "AssumeRolePolicyDocument", spec->assume_role_policy);
	SAMC_JSON_ADD(props, "ManagedPolicyArns", spec->managed_policy_arns);
	if (spec->role_path && !cJSON_IsNull(spec->role_path))
		SAMC_JSON_ADD(props, "Path", cJSON_Duplicate(spec->role_path, 1));
	if (cJSON_GetArraySize(spec->policy_documents) > 0)
		SAMC_JSON_ADD(props, "Policies", spec->policy_documents);
	else
		cJSON_Delete(spec->policy_documents);
	if (spec->permissions_boundary && !cJSON_IsNull(spec->permissions_boundary))
		SAMC_JSON_ADD(props, "PermissionsBoundary", cJSON_Duplicate(spec->permissions_boundary, 1));
	if (spec->tags)
		SAMC_JSON_ADD(props, "Tags", spec->tags);
	spec->assume_role_policy = spec->managed_policy_arns = spec->policy_documents = spec->tags = NULL;
	return role;
}

int xf_role_add_managed_arn(cJSON *role, const char *arn)
{
	cJSON *props = xf_props(role);
	cJSON *arns = cJSON_GetObjectItemCaseSensitive(props, "ManagedPolicyArns");
	if (!arns)
		arns = SAMC_JSON_ADD_ARRAY(props, "ManagedPolicyArns");
	for (cJSON *c = arns->child; c; c = c->next)
		if (cJSON_IsString(c) && strcmp(c->valuestring, arn) == 0)
			return XF_OK;
	cJSON_AddItemToArray(arns, cJSON_CreateString(arn));
	return XF_OK;
}

int xf_role_add_policy(cJSON *role, const cJSON *policy)
{
	cJSON *props = xf_props(role);
	cJSON *list = cJSON_GetObjectItemCaseSensitive(props, "Policies");
	if (!list)
		list = SAMC_JSON_ADD_ARRAY(props, "Policies");
	const cJSON *doc = xf_get(policy, "PolicyDocument");
	for (cJSON *c = list->child; c; c = c->next)
		if (xf_equal(c, policy) || (doc && xf_equal(xf_get(c, "PolicyDocument"), doc)))
			return XF_OK;
	cJSON_AddItemToArray(list, cJSON_Duplicate(policy, 1));
	return XF_OK;
}
