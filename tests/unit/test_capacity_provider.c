/* test_capacity_provider.c — AWS::Serverless::CapacityProvider: the generated capacity provider
 * and operator role, tag merging, the property model's messages and pydantic's coercions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "transform/capacity_provider.h"
#include "xf_fixture.h"

#define CP(props) "Resources:\n  P:\n    Type: AWS::Serverless::CapacityProvider\n    Properties:\n" props
#define VPC "      VpcConfig:\n        SubnetIds: [s-1]\n"
#define ROLE_ARN "{\"Fn::GetAtt\":[\"POperatorRole\",\"Arn\"]}"
#define SAM_TAG "{\"Key\":\"lambda:createdBy\",\"Value\":\"SAM\"}"

static void assert_cp(const char *template_yaml, const char *id, const char *expected)
{
	xf x;
	fx_init(&x, template_yaml);
	assert_int_equal(fx_expand(&x, xf_expand_capacity_provider, "P"), XF_OK);
	fx_assert_json(xf_get(x.resources, id), expected);
	fx_free(&x);
}

static void assert_cp_error(const char *template_yaml, const char *expected)
{
	xf x;
	fx_init(&x, template_yaml);
	assert_int_equal(fx_expand(&x, xf_expand_capacity_provider, "P"), XF_FAIL);
	assert_null(xf_get(x.resources, "P"));
	fx_assert_error(&x, expected);
	fx_free(&x);
}

/* ---- output ---- */

static void minimal_provider_gets_an_operator_role(void **state)
{
	(void)state;
	assert_cp(CP(VPC), "P",
		  "{\"Type\":\"AWS::Lambda::CapacityProvider\",\"Properties\":{\"VpcConfig\":{\"SubnetIds\":[\"s-1\"]},"
		  "\"PermissionsConfig\":{\"CapacityProviderOperatorRoleArn\":" ROLE_ARN "},\"Tags\":[" SAM_TAG "]}}");
	assert_cp(CP(VPC), "POperatorRole",
		  "{\"Type\":\"AWS::IAM::Role\",\"Properties\":{\"AssumeRolePolicyDocument\":{\"Version\":\"2012-10-17\","
		  "\"Statement\":[{\"Action\":[\"sts:AssumeRole\"],\"Effect\":\"Allow\",\"Principal\":{\"Service\":["
		  "\"lambda.amazonaws.com\"]}}]},\"ManagedPolicyArns\":[\"arn:aws:iam::aws:policy/"
		  "AWSLambdaManagedEC2ResourceOperator\"],\"Tags\":[" SAM_TAG "]}}");
}

static void given_operator_role_is_used_and_no_role_is_made(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, CP(VPC "      OperatorRole: arn:aws:iam::1:role/op\n"));
	assert_int_equal(fx_expand(&x, xf_expand_capacity_provider, "P"), XF_OK);
	assert_null(xf_get(x.resources, "POperatorRole"));
	fx_assert_json(xf_get(xf_get(xf_get(x.resources, "P"), "Properties"), "PermissionsConfig"),
		       "{\"CapacityProviderOperatorRoleArn\":\"arn:aws:iam::1:role/op\"}");
	fx_free(&x);
}

static void full_provider_maps_every_property(void **state)
{
	(void)state;
	assert_cp("Resources:\n  P:\n    Type: AWS::Serverless::CapacityProvider\n    DependsOn: N\n"
		  "    Condition: C\n    Metadata: {m: 1}\n    Properties:\n"
		  "      CapacityProviderName: fleet\n"
		  "      VpcConfig:\n        SubnetIds: [s-1]\n        SecurityGroupIds: [sg-1]\n"
		  "      Tags: {Team: t}\n"
		  "      InstanceRequirements:\n        Architectures: [arm64]\n        AllowedTypes: [c7g.large]\n"
		  "      ScalingConfig:\n        MaxVCpuCount: 16\n        AverageCPUUtilization: 60.5\n"
		  "      KmsKeyArn: arn:k\n",
		  "P",
		  "{\"Type\":\"AWS::Lambda::CapacityProvider\",\"DependsOn\":\"N\",\"Condition\":\"C\",\"Metadata\":{\"m\":1},"
		  "\"Properties\":{\"CapacityProviderName\":\"fleet\",\"VpcConfig\":{\"SubnetIds\":[\"s-1\"],"
		  "\"SecurityGroupIds\":[\"sg-1\"]},\"PermissionsConfig\":{\"CapacityProviderOperatorRoleArn\":" ROLE_ARN
		  "},\"Tags\":[{\"Key\":\"Team\",\"Value\":\"t\"}," SAM_TAG "],\"InstanceRequirements\":{"
		  "\"Architectures\":[\"arm64\"],\"AllowedInstanceTypes\":[\"c7g.large\"]},"
		  "\"CapacityProviderScalingConfig\":{\"MaxVCpuCount\":16,\"ScalingMode\":\"Manual\",\"ScalingPolicies\":[{"
		  "\"PredefinedMetricType\":\"LambdaCapacityProviderAverageCPUUtilization\",\"TargetValue\":60.5}]},"
		  "\"KmsKeyArn\":\"arn:k\"}}");
}

static void scaling_without_cpu_target_is_auto(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, CP(VPC "      ScalingConfig:\n        MaxVCpuCount: 4\n"
			   "      InstanceRequirements:\n        ExcludedTypes: [t3.nano]\n"));
	assert_int_equal(fx_expand(&x, xf_expand_capacity_provider, "P"), XF_OK);
	const cJSON *props = xf_get(xf_get(x.resources, "P"), "Properties");
	fx_assert_json(xf_get(props, "CapacityProviderScalingConfig"), "{\"MaxVCpuCount\":4,\"ScalingMode\":\"Auto\"}");
	fx_assert_json(xf_get(props, "InstanceRequirements"), "{\"ExcludedInstanceTypes\":[\"t3.nano\"]}");
	fx_free(&x);
}

static void empty_or_null_settings_are_left_out(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, CP(VPC "      CapacityProviderName: ''\n      ScalingConfig: {MaxVCpuCount: null}\n"
			   "      InstanceRequirements: {}\n      KmsKeyArn: null\n"));
	assert_int_equal(fx_expand(&x, xf_expand_capacity_provider, "P"), XF_OK);
	const cJSON *props = xf_get(xf_get(x.resources, "P"), "Properties");
	assert_null(xf_get(props, "CapacityProviderName"));
	assert_null(xf_get(props, "CapacityProviderScalingConfig"));
	assert_null(xf_get(props, "InstanceRequirements"));
	assert_null(xf_get(props, "KmsKeyArn"));
	fx_free(&x);
}

static void propagated_tags_merge_by_key_on_provider_and_role(void **state)
{
	(void)state;
	const char *yaml = CP(VPC "      Tags: {a: null, lambda:createdBy: mine}\n      PropagateTags: true\n");
	assert_cp(yaml, "P",
		  "{\"Type\":\"AWS::Lambda::CapacityProvider\",\"Properties\":{\"VpcConfig\":{\"SubnetIds\":[\"s-1\"]},"
		  "\"PermissionsConfig\":{\"CapacityProviderOperatorRoleArn\":" ROLE_ARN "},\"Tags\":[{\"Key\":\"a\","
		  "\"Value\":\"\"},{\"Key\":\"lambda:createdBy\",\"Value\":\"mine\"}]}}");
	xf x;
	fx_init(&x, yaml);
	assert_int_equal(fx_expand(&x, xf_expand_capacity_provider, "P"), XF_OK);
	fx_assert_json(xf_get(xf_get(xf_get(x.resources, "POperatorRole"), "Properties"), "Tags"),
		       "[{\"Key\":\"lambda:createdBy\",\"Value\":\"mine\"},{\"Key\":\"a\",\"Value\":\"\"}]");
	fx_free(&x);
}

static void user_sam_tag_is_overwritten_without_propagation(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, CP(VPC "      Tags: {lambda:createdBy: mine, b: c}\n"));
	assert_int_equal(fx_expand(&x, xf_expand_capacity_provider, "P"), XF_OK);
	fx_assert_json(xf_get(xf_get(xf_get(x.resources, "P"), "Properties"), "Tags"),
		       "[" SAM_TAG ",{\"Key\":\"b\",\"Value\":\"c\"}]");
	fx_free(&x);
}

static void role_takes_passthrough_attributes_only(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, "Resources:\n  P:\n    Type: AWS::Serverless::CapacityProvider\n    DependsOn: N\n"
		    "    Condition: C\n    DeletionPolicy: Retain\n    UpdatePolicy: U\n    Properties:\n" VPC);
	assert_int_equal(fx_expand(&x, xf_expand_capacity_provider, "P"), XF_OK);
	const cJSON *role = xf_get(x.resources, "POperatorRole");
	assert_string_equal(xf_get_str(role, "Condition"), "C");
	assert_string_equal(xf_get_str(role, "DeletionPolicy"), "Retain");
	assert_null(xf_get(role, "DependsOn"));
	assert_null(xf_get(role, "UpdatePolicy"));
	fx_free(&x);
}

static void values_are_coerced_as_the_model_coerces_them(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, CP("      VpcConfig:\n        SubnetIds: [1, true, 2.5, !Ref S]\n        SecurityGroupIds: [ab, [c, d]]\n"
		       "      ScalingConfig:\n        MaxVCpuCount: ' 1_0 '\n        AverageCPUUtilization: 70\n"
		       "      InstanceRequirements:\n        Architectures: []\n"));
	assert_int_equal(fx_expand(&x, xf_expand_capacity_provider, "P"), XF_OK);
	const cJSON *props = xf_get(xf_get(x.resources, "P"), "Properties");
	fx_assert_json(xf_get(props, "VpcConfig"),
		       "{\"SubnetIds\":[\"1\",\"True\",\"2.5\",{\"Ref\":\"S\"}],\"SecurityGroupIds\":{\"a\":\"b\",\"c\":\"d\"}}");
	fx_assert_json(xf_get(xf_get(props, "CapacityProviderScalingConfig"), "MaxVCpuCount"), "10");
	fx_assert_json(xf_get(xf_get(xf_get(props, "CapacityProviderScalingConfig"), "ScalingPolicies")->child,
			      "TargetValue"),
		       "70.0");
	fx_assert_json(xf_get(props, "InstanceRequirements"), "{\"Architectures\":{}}");
	fx_free(&x);
}

/* ---- errors ---- */

static void property_checks_come_first(void **state)
{
	(void)state;
	assert_cp_error(CP("      CapacityProviderName: x\n"),
			"Resource with id [P] is invalid. Missing required property 'VpcConfig'.");
	assert_cp_error(CP(VPC "      Nme: x\n"), "Resource with id [P] is invalid. property Nme not defined for "
						 "resource of type AWS::Serverless::CapacityProvider");
	assert_cp_error(CP(VPC "      Tags: t\n"), "Resource with id [P] is invalid. Property 'Tags' should be a map.");
	assert_cp_error(CP(VPC "      PropagateTags: {Ref: p}\n"),
			"Resource with id [P] is invalid. Type of property 'PropagateTags' is invalid.");
	assert_cp_error(CP(VPC "      CapacityProviderName: [x]\n"),
			"Resource with id [P] is invalid. Type of property 'CapacityProviderName' is invalid.");
}

static void model_errors_are_all_collected_in_field_order(void **state)
{
	(void)state;
	assert_cp_error(CP("      VpcConfig:\n        SubnetIds: s\n        SecurityGroupIds: g\n        Extra: 1\n"
			   "      ScalingConfig:\n        MaxVCpuCount: many\n        AverageCPUUtilization: x\n"),
			"Resource with id [P] is invalid. Property 'VpcConfig.SecurityGroupIds' value must be dictionary "
			"or list. Property 'VpcConfig.SubnetIds' value must be dictionary or list. Property "
			"'VpcConfig.Extra' is an invalid property. Property 'ScalingConfig.MaxVCpuCount' value must be "
			"dictionary or integer. Property 'ScalingConfig.AverageCPUUtilization' value must be "
			"dictionary or number.");
}

static void missing_null_and_bad_items_are_reported_by_path(void **state)
{
	(void)state;
	assert_cp_error(CP("      VpcConfig:\n        SecurityGroupIds: [sg]\n"),
			"Resource with id [P] is invalid. Property 'VpcConfig.SubnetIds' is required.");
	assert_cp_error(CP("      VpcConfig:\n        SubnetIds: null\n"),
			"Resource with id [P] is invalid. Property 'VpcConfig.SubnetIds' none is not an allowed value.");
	assert_cp_error(CP("      VpcConfig:\n        SubnetIds: [null, [1], ok]\n"),
			"Resource with id [P] is invalid. Property 'VpcConfig.SubnetIds' value is not a valid dict. "
			"Property 'VpcConfig.SubnetIds.0' none is not an allowed value. Property "
			"'VpcConfig.SubnetIds.1' value is not a valid dict.");
	assert_cp_error(CP(VPC "      ScalingConfig: {Ref: x}\n"),
			"Resource with id [P] is invalid. Property 'ScalingConfig.Ref' is an invalid property.");
}

static void allowed_and_excluded_types_exclude_each_other(void **state)
{
	(void)state;
	assert_cp_error(CP(VPC "      InstanceRequirements:\n        AllowedTypes: []\n        ExcludedTypes: [b]\n"),
			"Resource with id [P] is invalid. Cannot specify 'InstanceRequirements.AllowedTypes' and "
			"'InstanceRequirements.ExcludedTypes' together.");
}

/* ---- pydantic coercions ---- */

static void assert_coerced(int (*validator)(const cJSON *, cJSON **), const char *in, const char *expected)
{
	cJSON *v = fx_yaml(in), *out = NULL;
	int rc = validator(v, &out);
	if (expected) {
		assert_int_equal(rc, XF_OK);
		fx_assert_json(out, expected);
	} else {
		assert_int_equal(rc, XF_FAIL);
		assert_null(out);
	}
	cJSON_Delete(out);
	cJSON_Delete(v);
}

static void int_validator_follows_python_int(void **state)
{
	(void)state;
	assert_coerced(pv_int, "12", "12");
	assert_coerced(pv_int, "true", "1");
	assert_coerced(pv_int, "10.9", "10");
	assert_coerced(pv_int, "-0.5", "0");
	assert_coerced(pv_int, "'-007'", "-7");
	assert_coerced(pv_int, "'1_000'", "1000");
	assert_coerced(pv_int, "'1__0'", NULL);
	assert_coerced(pv_int, "'1.5'", NULL);
	assert_coerced(pv_int, ".inf", NULL);
	assert_coerced(pv_int, "[1]", NULL);
}

static void float_validator_follows_python_float(void **state)
{
	(void)state;
	assert_coerced(pv_float, "3", "3.0");
	assert_coerced(pv_float, "false", "0.0");
	assert_coerced(pv_float, "'1e3'", "1000.0");
	assert_coerced(pv_float, "' .5 '", "0.5");
	assert_coerced(pv_float, "'-Infinity'", "-Infinity");
	assert_coerced(pv_float, "'1_0.2_5'", "10.25");
	assert_coerced(pv_float, "'.'", NULL);
	assert_coerced(pv_float, "'1e'", NULL);
	assert_coerced(pv_float, "'ten'", NULL);
	assert_coerced(pv_float, "{a: 1}", NULL);
}

static void dict_and_str_validators(void **state)
{
	(void)state;
	assert_coerced(pv_dict, "{a: 1}", "{\"a\":1}");
	assert_coerced(pv_dict, "[]", "{}");
	assert_coerced(pv_dict, "[xy, [k, 1], xz]", "{\"x\":\"z\",\"k\":1}");
	assert_coerced(pv_dict, "[abc]", NULL);
	assert_coerced(pv_dict, "ab", NULL);
	assert_coerced(pv_str, "1.5", "\"1.5\"");
	assert_coerced(pv_str, "false", "\"False\"");
	assert_coerced(pv_str, "null", NULL);
}

/* ---- a whole template (tests/data/capacity_provider) ---- */

static void template_matches_the_reference_output(void **state)
{
	(void)state;
	fx_assert_transform_file("capacity_provider/providers.yaml", "capacity_provider/providers.json", "eu-west-1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(minimal_provider_gets_an_operator_role),
		cmocka_unit_test(given_operator_role_is_used_and_no_role_is_made),
		cmocka_unit_test(full_provider_maps_every_property),
		cmocka_unit_test(scaling_without_cpu_target_is_auto),
		cmocka_unit_test(empty_or_null_settings_are_left_out),
		cmocka_unit_test(propagated_tags_merge_by_key_on_provider_and_role),
		cmocka_unit_test(user_sam_tag_is_overwritten_without_propagation),
		cmocka_unit_test(role_takes_passthrough_attributes_only),
		cmocka_unit_test(values_are_coerced_as_the_model_coerces_them),
		cmocka_unit_test(property_checks_come_first),
		cmocka_unit_test(model_errors_are_all_collected_in_field_order),
		cmocka_unit_test(missing_null_and_bad_items_are_reported_by_path),
		cmocka_unit_test(allowed_and_excluded_types_exclude_each_other),
		cmocka_unit_test(int_validator_follows_python_int),
		cmocka_unit_test(float_validator_follows_python_float),
		cmocka_unit_test(dict_and_str_validators),
		cmocka_unit_test(template_matches_the_reference_output),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
