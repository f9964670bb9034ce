/* test_parameters.c — parameter values (parameters.c): --parameter-overrides text in SAM CLI's
 * syntax (K=V, quoted values, ParameterKey=..,ParameterValue=.., malformed input), then the
 * template's defaults for parameters not given, then AWS::Region and AWS::Partition. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "transform/parameters.h"
#include "util/error.h"
#include "xf_fixture.h"

/* Parses `text` and compares the resulting object (compact JSON, parse order). */
static void assert_overrides(const char *text, const char *expected)
{
	cJSON *out = cJSON_CreateObject();
	samc_error *err = NULL;
	assert_int_equal(samc_parse_parameter_overrides(text, out, &err), 0);
	assert_null(err);
	fx_assert_json(out, expected);
	cJSON_Delete(out);
}

static void assert_overrides_rejected(const char *text, const char *message)
{
	cJSON *out = cJSON_CreateObject();
	samc_error *err = NULL;
	assert_int_equal(samc_parse_parameter_overrides(text, out, &err), SAMC_EUSAGE);
	assert_non_null(err);
	assert_string_equal(samc_error_message(err), message);
	samc_error_free(err);
	cJSON_Delete(out);
}

static void key_value_pairs(void **state)
{
	(void)state;
	assert_overrides("A=1", "{\"A\":\"1\"}");
	assert_overrides("A=1 B=two", "{\"A\":\"1\",\"B\":\"two\"}");
	assert_overrides("  A=1 \t  B=two  ", "{\"A\":\"1\",\"B\":\"two\"}");
}

static void values_stay_strings(void **state)
{
	(void)state;
	assert_overrides("N=42 T=true", "{\"N\":\"42\",\"T\":\"true\"}");
}

static void value_may_contain_equals(void **state)
{
	(void)state;
	assert_overrides("Q=a=b", "{\"Q\":\"a=b\"}");
}

static void quoted_values_keep_spaces(void **state)
{
	(void)state;
	assert_overrides("Name='hello world' Other=\"a b c\"", "{\"Name\":\"hello world\",\"Other\":\"a b c\"}");
	assert_overrides("Say=\"she said \\\"hi\\\"\"", "{\"Say\":\"she said \\\"hi\\\"\"}");
	assert_overrides("Empty=\"\"", "{\"Empty\":\"\"}");
}

static void cloudformation_form(void **state)
{
	(void)state;
	assert_overrides("ParameterKey=Env,ParameterValue=prod", "{\"Env\":\"prod\"}");
	assert_overrides("ParameterKey=A,ParameterValue=1 ParameterKey=B,ParameterValue='x y'",
			 "{\"A\":\"1\",\"B\":\"x y\"}");
}

static void nothing_to_parse(void **state)
{
	(void)state;
	assert_overrides("", "{}");
	assert_overrides("   ", "{}");
	assert_overrides(NULL, "{}");
}

static void malformed_overrides_are_usage_errors(void **state)
{
	(void)state;
	assert_overrides_rejected("novalue", "invalid parameter override 'novalue': expected Key=Value");
	assert_overrides_rejected("A=1 =v", "invalid parameter override '=v': expected Key=Value");
	assert_overrides_rejected("A=1 oops B=2", "invalid parameter override 'oops': expected Key=Value");
}

/* SAM CLI collects overrides into a dict, so a repeated key keeps its last
 * value; samc_parse_parameter_overrides appends a second member with the same key, and lookups
 * find the first ("1"). */
static void repeated_key_keeps_the_last_value(void **state)
{
	(void)state;
	assert_overrides("K=1 K=2", "{\"K\":\"2\"}");
}

/* SAM CLI accepts "\ " as an escaped space outside quotes (K=a\ b -> "a b");
 * samc splits the token at the space and rejects "b". */
static void backslash_space_is_an_escaped_space(void **state)
{
	(void)state;
	assert_overrides("K=a\\ b", "{\"K\":\"a b\"}");
}

/* ---- defaults and pseudo parameters ---- */

static void assert_defaults(const char *given_json, const char *template_yaml, const char *region,
			    const char *partition, const char *expected)
{
	cJSON *params = fx_yaml(given_json);
	cJSON *tpl = fx_yaml(template_yaml);
	samc_add_default_parameters(params, tpl, region, partition);
	fx_assert_json(params, expected);
	cJSON_Delete(params);
	cJSON_Delete(tpl);
}

static void defaults_fill_missing_parameters(void **state)
{
	(void)state;
	assert_defaults("{}",
			"Parameters:\n"
			"  A: {Type: String, Default: a}\n"
			"  B: {Type: Number, Default: 5}\n"
			"  C: {Type: String}\n"
			"  D: {Type: CommaDelimitedList, Default: [x, y]}\n"
			"Resources: {}\n",
			"us-east-1", "aws",
			"{\"A\":\"a\",\"B\":5,\"D\":[\"x\",\"y\"],\"AWS::Region\":\"us-east-1\",\"AWS::Partition\":\"aws\"}");
}

static void given_values_win_over_defaults(void **state)
{
	(void)state;
	assert_defaults("{A: given}",
			"Parameters:\n"
			"  A: {Type: String, Default: a}\n"
			"  B: {Type: String, Default: b}\n"
			"Resources: {}\n",
			"cn-north-1", "aws-cn",
			"{\"A\":\"given\",\"B\":\"b\",\"AWS::Region\":\"cn-north-1\",\"AWS::Partition\":\"aws-cn\"}");
}

static void pseudo_parameters_only_when_absent(void **state)
{
	(void)state;
	assert_defaults("{\"AWS::Region\": eu-west-1}", "Resources: {}\n", "us-gov-west-1", "aws-us-gov",
			"{\"AWS::Region\":\"eu-west-1\",\"AWS::Partition\":\"aws-us-gov\"}");
	assert_defaults("{\"AWS::Partition\": custom}", "Resources: {}\n", "us-east-1", "aws",
			"{\"AWS::Partition\":\"custom\",\"AWS::Region\":\"us-east-1\"}");
}

static void malformed_parameter_sections_are_skipped(void **state)
{
	(void)state;
	assert_defaults("{}", "Parameters: [a]\nResources: {}\n", "us-east-1", "aws",
			"{\"AWS::Region\":\"us-east-1\",\"AWS::Partition\":\"aws\"}");
	assert_defaults("{}", "Parameters:\n  A: text\n  B: {Default: b}\nResources: {}\n", "us-east-1", "aws",
			"{\"B\":\"b\",\"AWS::Region\":\"us-east-1\",\"AWS::Partition\":\"aws\"}");
	/* a null default is still a default */
	assert_defaults("{}", "Parameters:\n  N: {Default: null}\nResources: {}\n", "us-east-1", "aws",
			"{\"N\":null,\"AWS::Region\":\"us-east-1\",\"AWS::Partition\":\"aws\"}");
}

static void partition_of_region(void **state)
{
	(void)state;
	assert_string_equal(xf_partition_for_region("us-east-1"), "aws");
	assert_string_equal(xf_partition_for_region("cn-northwest-1"), "aws-cn");
	assert_string_equal(xf_partition_for_region("us-gov-east-1"), "aws-us-gov");
	assert_string_equal(xf_partition_for_region("us-iso-east-1"), "aws-iso");
	assert_string_equal(xf_partition_for_region("us-isob-east-1"), "aws-iso-b");
	assert_string_equal(xf_partition_for_region("eu-isoe-west-1"), "aws-iso-e");
	assert_string_equal(xf_partition_for_region("us-isof-south-1"), "aws-iso-f");
	assert_string_equal(xf_partition_for_region("eusc-de-east-1"), "aws-eusc");
	assert_string_equal(xf_partition_for_region(NULL), "aws");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(key_value_pairs),
		cmocka_unit_test(values_stay_strings),
		cmocka_unit_test(value_may_contain_equals),
		cmocka_unit_test(quoted_values_keep_spaces),
		cmocka_unit_test(cloudformation_form),
		cmocka_unit_test(nothing_to_parse),
		cmocka_unit_test(malformed_overrides_are_usage_errors),
		cmocka_unit_test(defaults_fill_missing_parameters),
		cmocka_unit_test(given_values_win_over_defaults),
		cmocka_unit_test(pseudo_parameters_only_when_absent),
		cmocka_unit_test(malformed_parameter_sections_are_skipped),
		cmocka_unit_test(partition_of_region),
		cmocka_unit_test(repeated_key_keeps_the_last_value),
		cmocka_unit_test(backslash_space_is_an_escaped_space),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
