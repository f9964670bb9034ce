/* test_props.c — property validation (props.c) as Resource.from_dict / validate_properties and
 * sam_expect word it: unknown properties, required ones, each validator's message, one-key
 * dicts passing as intrinsics (unless the property does not support them), bool as int, and
 * the xf_expect_* helpers for resources and events. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "xf_fixture.h"

#define TYPE "AWS::Serverless::Thing"

static const xf_prop_spec SPECS[] = {
	{"Name", true, XF_IS_STR, false},
	{"Config", false, XF_IS_DICT, false},
	{"Enabled", false, XF_IS_BOOL, false},
	{"Size", false, XF_IS_INT, false},
	{"Items", false, XF_LIST_OF_STR, false},
	{"Policy", false, XF_STR_ENUM_DELETE_RETAIN, false},
	{"Strict", false, XF_IS_STR, true},
	{"Anything", false, XF_ANY, false},
	{NULL, false, XF_ANY, false},
};

/* Validates the Properties of resource R in `yaml` against SPECS. */
static int validate(xf *x, const char *props_yaml)
{
	fx_init(x, "Resources: {}\n");
	cJSON *props = props_yaml ? fx_yaml(props_yaml) : NULL;
	int rc = xf_validate_props(x, "R", TYPE, props, SPECS);
	cJSON_Delete(props);
	return rc;
}

static void assert_valid(const char *props_yaml)
{
	xf x;
	assert_int_equal(validate(&x, props_yaml), XF_OK);
	assert_int_equal(x.pending.kind, XF_ERR_NONE);
	fx_free(&x);
}

static void assert_invalid(const char *props_yaml, const char *message)
{
	xf x;
	assert_int_equal(validate(&x, props_yaml), XF_FAIL);
	assert_int_equal(x.pending.kind, XF_ERR_RESOURCE);
	assert_string_equal(x.pending.id, "R");
	char *full = samc_strfmt("Resource with id [R] is invalid. %s", message);
	fx_assert_error(&x, full);
	free(full);
	fx_free(&x);
}

static void valid_properties_pass(void **state)
{
	(void)state;
	assert_valid("{Name: n}");
	assert_valid("{Name: n, Config: {a: 1, b: 2}, Enabled: false, Size: 3, Items: [a, b], Policy: Retain,"
		     " Strict: s, Anything: [1, {x: y}]}");
	assert_valid("{Name: n, Policy: Delete, Items: []}");
}

static void unknown_property_is_named_without_a_period(void **state)
{
	(void)state;
	assert_invalid("{Name: n, Colour: red}", "property Colour not defined for resource of type " TYPE);
	/* unknown keys are reported before any type check */
	assert_invalid("{Name: 1, Zzz: 1}", "property Zzz not defined for resource of type " TYPE);
}

static void missing_required_property(void **state)
{
	(void)state;
	assert_invalid("{Size: 1}", "Missing required property 'Name'.");
	assert_invalid("{Name: null}", "Missing required property 'Name'.");
	assert_invalid("{}", "Missing required property 'Name'.");
	assert_invalid(NULL, "Missing required property 'Name'.");
}

static void bare_str_and_dict_checks_name_the_type(void **state)
{
	(void)state;
	assert_invalid("{Name: 5}", "Property 'Name' should be a string.");
	assert_invalid("{Name: [a]}", "Property 'Name' should be a string.");
	assert_invalid("{Name: n, Config: [a]}", "Property 'Config' should be a map.");
	assert_invalid("{Name: n, Config: text}", "Property 'Config' should be a map.");
}

static void other_checks_say_type_is_invalid(void **state)
{
	(void)state;
	assert_invalid("{Name: n, Enabled: \"true\"}", "Type of property 'Enabled' is invalid.");
	assert_invalid("{Name: n, Size: \"3\"}", "Type of property 'Size' is invalid.");
	assert_invalid("{Name: n, Size: 1.5}", "Type of property 'Size' is invalid.");
	assert_invalid("{Name: n, Size: 2.0}", "Type of property 'Size' is invalid.");
	assert_invalid("{Name: n, Items: [a, 1]}", "Type of property 'Items' is invalid.");
	assert_invalid("{Name: n, Items: a}", "Type of property 'Items' is invalid.");
}

static void enum_check_lists_the_strings(void **state)
{
	(void)state;
	assert_invalid("{Name: n, Policy: Snapshot}",
		       "Property 'Policy' should be a one of the strings: 'Delete' or 'Retain'.");
	assert_invalid("{Name: n, Policy: 1}", "Property 'Policy' should be a one of the strings: 'Delete' or 'Retain'.");
}

static void first_failing_property_in_declaration_order_wins(void **state)
{
	(void)state;
	/* Items is declared after Size, though it comes first in the input */
	assert_invalid("{Items: 1, Size: x, Name: n}", "Type of property 'Size' is invalid.");
	assert_invalid("{Config: 1, Name: 2}", "Property 'Name' should be a string.");
}

static void one_key_dicts_skip_validation(void **state)
{
	(void)state;
	assert_valid("{Name: {Ref: P}}");
	assert_valid("{Name: {\"Fn::Sub\": x}, Size: {Ref: S}, Items: {\"Fn::Split\": [',', 'a,b']}}");
	/* any one-key dict, not only a real intrinsic */
	assert_valid("{Name: {Anything: 1}, Enabled: {E: 1}, Policy: {x: y}}");
	/* two keys are validated */
	assert_invalid("{Name: {Ref: P, X: 1}}", "Property 'Name' should be a string.");
}

static void properties_without_intrinsics_validate_one_key_dicts(void **state)
{
	(void)state;
	assert_invalid("{Name: n, Strict: {Ref: P}}", "Property 'Strict' should be a string.");
	assert_valid("{Name: n, Strict: ok}");
}

static void bool_passes_as_int(void **state)
{
	(void)state;
	assert_valid("{Name: n, Size: true}");
	assert_valid("{Name: n, Size: false}");
	assert_valid("{Name: n, Size: 123456789012345678901234567890}");
}

static void check_value_alone(void **state)
{
	(void)state;
	cJSON *v = fx_yaml("[a, {k: v}]");
	assert_true(xf_check_value(v, XF_LIST_OF_STR_OR_DICT));
	assert_true(xf_check_value(v, XF_STR_OR_DICT_OR_LIST_OF_STR_OR_DICT));
	assert_true(xf_check_value(v, XF_DICT_OR_LIST));
	assert_false(xf_check_value(v, XF_LIST_OF_STR));
	assert_false(xf_check_value(v, XF_LIST_OF_DICT));
	cJSON_Delete(v);
	v = fx_yaml("{a: {}, b: {c: 1}}");
	assert_true(xf_check_value(v, XF_DICT_OF_STR_DICT));
	assert_true(xf_check_value(v, XF_INT_OR_DICT));
	assert_false(xf_check_value(v, XF_INT_OR_STR));
	cJSON_Delete(v);
	v = fx_yaml("{a: x}");
	assert_false(xf_check_value(v, XF_DICT_OF_STR_DICT));
	cJSON_Delete(v);
	v = fx_yaml("true");
	assert_true(xf_check_value(v, XF_BOOL_OR_STR));
	assert_true(xf_check_value(v, XF_INT_OR_STR));
	assert_false(xf_check_value(v, XF_STR_OR_LIST));
	cJSON_Delete(v);
}

/* ---- sam_expect ---- */

typedef int (*expect_fn)(xf *x, const char *id, const cJSON *v, const char *path);

static void assert_expect(expect_fn fn, const char *value_yaml, const char *expected_message)
{
	xf x;
	fx_init(&x, "Resources: {}\n");
	cJSON *v = fx_yaml(value_yaml);
	int rc = fn(&x, "Fn", v, "Events.E.Properties.X");
	if (!expected_message) {
		assert_int_equal(rc, XF_OK);
		assert_int_equal(x.pending.kind, XF_ERR_NONE);
	} else {
		assert_int_equal(rc, XF_FAIL);
		assert_int_equal(x.pending.kind, XF_ERR_RESOURCE);
		char *full = samc_strfmt("Resource with id [Fn] is invalid. Property 'Events.E.Properties.X' "
					 "should be a %s.",
					 expected_message);
		fx_assert_error(&x, full);
		free(full);
	}
	cJSON_Delete(v);
	fx_free(&x);
}

static void expect_helpers_word_the_type(void **state)
{
	(void)state;
	assert_expect(xf_expect_map, "{a: 1}", NULL);
	assert_expect(xf_expect_map, "[a]", "map");
	assert_expect(xf_expect_list, "[a]", NULL);
	assert_expect(xf_expect_list, "a", "list");
	assert_expect(xf_expect_str, "a", NULL);
	assert_expect(xf_expect_str, "{Ref: a}", "string");
	assert_expect(xf_expect_bool, "false", NULL);
	assert_expect(xf_expect_bool, "\"true\"", "boolean");
	assert_expect(xf_expect_int, "7", NULL);
	assert_expect(xf_expect_int, "true", NULL);
	assert_expect(xf_expect_int, "7.5", "integer");
	assert_expect(xf_expect_int, "\"7\"", "integer");
}

static void expect_on_missing_value_fails(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, "Resources: {}\n");
	assert_int_equal(xf_expect_map(&x, "Fn", NULL, "Config"), XF_FAIL);
	fx_assert_error(&x, "Resource with id [Fn] is invalid. Property 'Config' should be a map.");
	fx_free(&x);
}

static void expect_map_event_raises_an_event_error(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, "Resources: {}\n");
	cJSON *v = fx_yaml("[1]");
	assert_int_equal(xf_expect_map_event(&x, "MyEvent", v, "Properties"), XF_FAIL);
	assert_int_equal(x.pending.kind, XF_ERR_EVENT);
	fx_assert_error(&x, "Event with id [MyEvent] is invalid. Property 'Properties' should be a map.");
	cJSON_Delete(v);
	v = fx_yaml("{a: 1}");
	assert_int_equal(xf_expect_map_event(&x, "MyEvent", v, "Properties"), XF_OK);
	cJSON_Delete(v);
	fx_free(&x);
}

static void event_error_wrapped_in_function_error(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, "Resources: {}\n");
	cJSON *v = fx_yaml("x");
	assert_int_equal(xf_expect_map_event(&x, "E", v, "Properties"), XF_FAIL);
	xf_wrap_event_error(&x, "Fn");
	assert_int_equal(x.pending.kind, XF_ERR_RESOURCE);
	fx_assert_error(&x, "Resource with id [Fn] is invalid. Event with id [E] is invalid. "
			    "Property 'Properties' should be a map.");
	cJSON_Delete(v);
	fx_free(&x);
}

static void first_raised_error_is_kept(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, "Resources: {}\n");
	cJSON *v = fx_yaml("1");
	assert_int_equal(xf_expect_str(&x, "A", v, "First"), XF_FAIL);
	assert_int_equal(xf_expect_map(&x, "B", v, "Second"), XF_FAIL);
	fx_assert_error(&x, "Resource with id [A] is invalid. Property 'First' should be a string.");
	assert_int_equal(x.ncauses, 1);
	cJSON_Delete(v);
	fx_free(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_properties_pass),
		cmocka_unit_test(unknown_property_is_named_without_a_period),
		cmocka_unit_test(missing_required_property),
		cmocka_unit_test(bare_str_and_dict_checks_name_the_type),
		cmocka_unit_test(other_checks_say_type_is_invalid),
		cmocka_unit_test(enum_check_lists_the_strings),
		cmocka_unit_test(first_failing_property_in_declaration_order_wins),
		cmocka_unit_test(one_key_dicts_skip_validation),
		cmocka_unit_test(properties_without_intrinsics_validate_one_key_dicts),
		cmocka_unit_test(bool_passes_as_int),
		cmocka_unit_test(check_value_alone),
		cmocka_unit_test(expect_helpers_word_the_type),
		cmocka_unit_test(expect_on_missing_value_fails),
		cmocka_unit_test(expect_map_event_raises_an_event_error),
		cmocka_unit_test(event_error_wrapped_in_function_error),
		cmocka_unit_test(first_raised_error_is_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
