/* capacity_provider.c — owns AWS::Serverless::CapacityProvider (SamCapacityProvider and
 * CapacityProviderGenerator): validation, the Lambda::CapacityProvider, its operator role, tags. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/capacity_provider.h"
#include "transform/function_extras_util.h"
#include "transform/policies.h"

#define CAPACITY_PROVIDER_TYPE "AWS::Serverless::CapacityProvider"

/* SamCapacityProvider.property_types: Property(...), so intrinsics are not exempt. */
static const xf_prop_spec cp_props[] = {
	{"CapacityProviderName", false, XF_STR_OR_DICT, true},
	{"VpcConfig", true, XF_IS_DICT, true},
	{"OperatorRole", false, XF_STR_OR_DICT, true},
	{"Tags", false, XF_IS_DICT, true},
	{"PropagateTags", false, XF_IS_BOOL, true},
	{"InstanceRequirements", false, XF_IS_DICT, true},
	{"ScalingConfig", false, XF_IS_DICT, true},
	{"KmsKeyArn", false, XF_STR_OR_DICT, true},
	{NULL, false, XF_ANY, false},
};

/* validate_before_transform: the model (every error at once), then the validation rule. */
static int validate(xf *x, const char *id, const cJSON *props, cJSON **model)
{
	int rc = xf_validate_props(x, id, CAPACITY_PROVIDER_TYPE, props, cp_props);
	if (rc != XF_OK)
		return rc;
	samc_buf errors = SAMC_BUF_INIT;
	rc = cp_model_parse(props, model, &errors);
	if (rc == XF_FAIL)
		xf_fail_resource(x, id, "%s", samc_buf_cstr(&errors) ? samc_buf_cstr(&errors) : "");
	samc_buf_free(&errors);
	if (rc != XF_OK)
		return rc;
	const cJSON *requirements = xf_get(*model, "InstanceRequirements");
	if (xf_get(requirements, "AllowedTypes") && xf_get(requirements, "ExcludedTypes")) {
		cJSON_Delete(*model);
		*model = NULL;
		return xf_fail_resource(x, id, "Cannot specify 'InstanceRequirements.AllowedTypes' and "
					       "'InstanceRequirements.ExcludedTypes' together.");
	}
	return XF_OK;
}

/* ---- tags ---- */

/* _transform_tags: the user's tags with lambda:createdBy set to SAM (in place when present). */
static cJSON *sam_tags(const cJSON *user_tags)
{
	cJSON *tags = xf_truthy(user_tags) ? cJSON_Duplicate(user_tags, 1) : cJSON_CreateObject();
	if (!tags)
		return NULL;
	xf_set(tags, "lambda:createdBy", cJSON_CreateString("SAM"));
	cJSON *list = fe_tag_list(tags);
	cJSON_Delete(tags);
	return list;
}

/* propagate_tags_combine: the resource's tags then the propagated ones, merged by key (the
 * later value wins, the first position stays). */
static void combine_tags(cJSON *resource, const cJSON *tags)
{
	cJSON *props = xf_props(resource);
	const cJSON *existing = xf_get(props, "Tags");
	cJSON *merged = cJSON_CreateObject();
	cJSON *propagated = fe_tag_list(tags);
	const cJSON *lists[] = {existing, propagated};
	for (size_t i = 0; merged && i < 2; i++)
		for (const cJSON *t = cJSON_IsArray(lists[i]) ? lists[i]->child : NULL; t; t = t->next) {
			const char *key = xf_get_str(t, "Key");
			if (key)
				xf_set(merged, key, xf_dup(xf_get(t, "Value")));
		}
	cJSON_Delete(propagated);
	if (!merged)
		return;
	xf_set(props, "Tags", fe_tag_list(merged));
	cJSON_Delete(merged);
}

/* ---- the operator role ---- */

static cJSON *lambda_assume_role_policy(void)
{
	cJSON *doc = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(doc, "Version", "2012-10-17");
	cJSON *statement = cJSON_CreateObject();
	cJSON_AddItemToArray(SAMC_JSON_ADD_ARRAY(doc, "Statement"), statement);
	cJSON_AddItemToArray(SAMC_JSON_ADD_ARRAY(statement, "Action"), cJSON_CreateString("sts:AssumeRole"));
	SAMC_JSON_ADD_STRING(statement, "Effect", "Allow");
	cJSON *principal = SAMC_JSON_ADD_OBJECT(statement, "Principal");
	cJSON_AddItemToArray(SAMC_JSON_ADD_ARRAY(principal, "Service"), cJSON_CreateString("lambda.amazonaws.com"));
	return doc;
}

/* <CP>OperatorRole with the AWSLambdaManagedEC2ResourceOperator managed policy. */
static cJSON *operator_role(xf *x, const char *id, const cJSON *sam)
{
	char *arn = xf_aws_managed_policy_arn(x, "AWSLambdaManagedEC2ResourceOperator");
	xf_role_spec spec = {
		.resource_id = id,
		.attributes = sam,
		.assume_role_policy = lambda_assume_role_policy(),
		.managed_policy_arns = cJSON_CreateArray(),
		.policy_documents = cJSON_CreateArray(),
		.tags = sam_tags(NULL),
	};
	cJSON_AddItemToArray(spec.managed_policy_arns, cJSON_CreateString(arn ? arn : ""));
	free(arn);
	cJSON *role = xf_build_role(x, &spec);
	cJSON_Delete(spec.assume_role_policy);
	cJSON_Delete(spec.managed_policy_arns);
	cJSON_Delete(spec.policy_documents);
	cJSON_Delete(spec.tags);
	return role;
}

/* ---- the capacity provider ---- */

/* Type, DependsOn (when truthy), the resource attributes, then Properties. */
static cJSON *main_resource(const cJSON *sam)
{
	static const char *const attributes[] = {"DeletionPolicy", "UpdatePolicy", "Condition", "UpdateReplacePolicy",
						  "Metadata"};
	cJSON *r = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(r, "Type", "AWS::Lambda::CapacityProvider");
	const cJSON *depends_on = xf_get(sam, "DependsOn");
	if (xf_truthy(depends_on))
		SAMC_JSON_ADD(r, "DependsOn", xf_dup(depends_on));
	for (size_t i = 0; i < sizeof(attributes) / sizeof(attributes[0]); i++) {
		const cJSON *v = xf_get(sam, attributes[i]);
		if (v)
			samc_json_add_key(r, attributes[i], xf_dup(v));
	}
	SAMC_JSON_ADD_OBJECT(r, "Properties");
	return r;
}

static void copy_as(cJSON *dst, const char *to, const cJSON *src, const char *from)
{
	const cJSON *v = xf_get(src, from);
	if (v)
		samc_json_add_key(dst, to, xf_dup(v));
}

static cJSON *vpc_config(const cJSON *model)
{
	const cJSON *vpc = xf_get(model, "VpcConfig");
	cJSON *out = cJSON_CreateObject();
	const cJSON *subnets = xf_get(vpc, "SubnetIds");
	SAMC_JSON_ADD(out, "SubnetIds", subnets ? xf_dup(subnets) : cJSON_CreateNull());
	copy_as(out, "SecurityGroupIds", vpc, "SecurityGroupIds");
	return out;
}

static cJSON *instance_requirements(const cJSON *requirements)
{
	cJSON *out = cJSON_CreateObject();
	copy_as(out, "Architectures", requirements, "Architectures");
	copy_as(out, "AllowedInstanceTypes", requirements, "AllowedTypes");
	copy_as(out, "ExcludedInstanceTypes", requirements, "ExcludedTypes");
	return out;
}

/* ScalingMode Manual with a CPU target policy when AverageCPUUtilization is set, else Auto. */
static cJSON *scaling_config(const cJSON *scaling)
{
	cJSON *out = cJSON_CreateObject();
	copy_as(out, "MaxVCpuCount", scaling, "MaxVCpuCount");
	const cJSON *cpu = xf_get(scaling, "AverageCPUUtilization");
	SAMC_JSON_ADD_STRING(out, "ScalingMode", cpu ? "Manual" : "Auto");
	if (cpu) {
		cJSON *policy = cJSON_CreateObject();
		SAMC_JSON_ADD_STRING(policy, "PredefinedMetricType", "LambdaCapacityProviderAverageCPUUtilization");
		SAMC_JSON_ADD(policy, "TargetValue", xf_dup(cpu));
		cJSON_AddItemToArray(SAMC_JSON_ADD_ARRAY(out, "ScalingPolicies"), policy);
	}
	return out;
}

static void copy_if_truthy(cJSON *dst, const char *name, const cJSON *v)
{
	if (xf_truthy(v))
		samc_json_add_key(dst, name, xf_dup(v));
}

static cJSON *capacity_provider(const cJSON *sam, const cJSON *model, const cJSON *role_arn)
{
	cJSON *cp = main_resource(sam);
	cJSON *props = xf_props(cp);
	copy_if_truthy(props, "CapacityProviderName", xf_get(model, "CapacityProviderName"));
	SAMC_JSON_ADD(props, "VpcConfig", vpc_config(model));
	if (xf_truthy(role_arn))
		SAMC_JSON_ADD(SAMC_JSON_ADD_OBJECT(props, "PermissionsConfig"),
				      "CapacityProviderOperatorRoleArn", xf_dup(role_arn));
	SAMC_JSON_ADD(props, "Tags", sam_tags(xf_get(model, "Tags")));
	const cJSON *requirements = xf_get(model, "InstanceRequirements");
	if (xf_truthy(requirements))
		SAMC_JSON_ADD(props, "InstanceRequirements", instance_requirements(requirements));
	const cJSON *scaling = xf_get(model, "ScalingConfig");
	if (xf_truthy(scaling))
		SAMC_JSON_ADD(props, "CapacityProviderScalingConfig", scaling_config(scaling));
	copy_if_truthy(props, "KmsKeyArn", xf_get(model, "KmsKeyArn"));
	return cp;
}

static int emit_resources(xf *x, const char *id, const cJSON *sam, const cJSON *model)
{
	const cJSON *props = xf_get(sam, "Properties");
	const cJSON *tags = xf_get(model, "Tags");
	bool propagate = xf_truthy(xf_get(props, "PropagateTags")) && xf_truthy(tags);
	const cJSON *operator = xf_get(model, "OperatorRole");
	cJSON *generated_arn = NULL;
	if (!xf_truthy(operator)) {
		cJSON *role = operator_role(x, id, sam);
		if (!role)
			return XF_NOMEM;
		if (propagate)
			combine_tags(role, tags);
		char *role_id = samc_strfmt("%sOperatorRole", id);
		int rc = role_id ? xf_emit(x, id, role_id, role) : XF_NOMEM;
		if (!role_id)
			cJSON_Delete(role);
		generated_arn = role_id ? xf_getatt(role_id, "Arn") : NULL;
		free(role_id);
		if (rc != XF_OK || !generated_arn) {
			cJSON_Delete(generated_arn);
			return rc != XF_OK ? rc : XF_NOMEM;
		}
	}
	cJSON *cp = capacity_provider(sam, model, generated_arn ? generated_arn : operator);
	cJSON_Delete(generated_arn);
	if (cp && propagate)
		combine_tags(cp, tags);
	return xf_emit(x, id, id, cp);
}

int xf_expand_capacity_provider(xf *x, const char *id, const cJSON *sam)
{
	cJSON *model = NULL;
	int rc = validate(x, id, xf_get(sam, "Properties"), &model);
	if (rc != XF_OK)
		return rc;
	rc = emit_resources(x, id, sam, model);
	cJSON_Delete(model);
	return rc;
}
