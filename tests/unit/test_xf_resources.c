/* test_xf_resources.c — the output Resources and the input snapshot (xf.c): emitting over an
 * input id retires the input member, removal retires it, replacing in place keeps the place
 * and the snapshot's view, and the snapshot keeps ids, types and Python order throughout. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "xf_fixture.h"

static const char TEMPLATE[] = "Resources:\n"
			       "  A: {Type: AWS::SQS::Queue, Properties: {DelaySeconds: 1}}\n"
			       "  B: {Type: AWS::SNS::Topic}\n"
			       "  C: {Type: AWS::S3::Bucket}\n";

static void setup(xf *x)
{
	fx_init(x, TEMPLATE);
	assert_int_equal(xf_index_members(&x->res_index, x->resources), XF_OK);
	assert_int_equal(xf_take_input_snapshot(x), XF_OK);
}

static cJSON *resource_of_type(const char *type)
{
	cJSON *r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "Type", type);
	return r;
}

static void assert_order(xf *x, const char *expected)
{
	char got[64] = "";
	for (const cJSON *r = x->resources->child; r; r = r->next)
		strcat(got, r->string);
	assert_string_equal(got, expected);
}

static const char *input_type(xf *x, const char *id)
{
	return xf_get_str(xf_input_resource(x, id), "Type");
}

static void replacing_in_place_keeps_the_place_and_the_input_view(void **state)
{
	(void)state;
	xf x;
	setup(&x);
	for (int round = 0; round < 2; round++) /* twice: the second replaces a generated member */
		assert_int_equal(xf_put_resource(&x, "B", resource_of_type("AWS::IAM::Role")), XF_OK);
	assert_order(&x, "ABC");
	assert_string_equal(xf_get_str(xf_resource(&x, "B"), "Type"), "AWS::IAM::Role");
	assert_string_equal(input_type(&x, "B"), "AWS::SNS::Topic");
	size_t n = 0;
	const cJSON *const *members = xf_input_members(&x, &n);
	assert_int_equal(n, 3);
	assert_string_equal(members[1]->string, "B");
	assert_string_equal(xf_get_str(members[1], "Type"), "AWS::SNS::Topic");
	/* a new id goes to the end */
	assert_int_equal(xf_put_resource(&x, "D", resource_of_type("AWS::IAM::Policy")), XF_OK);
	assert_order(&x, "ABCD");
	fx_free(&x);
}

static void emitting_and_removing_retire_the_input_members(void **state)
{
	(void)state;
	xf x;
	setup(&x);
	const cJSON *input_b = xf_input_resource(&x, "B");
	assert_ptr_equal(input_b, xf_resource(&x, "B")); /* the snapshot shares the input's nodes */
	/* an allowed replacement (a topic for a topic) takes the id; the input member stays readable */
	assert_int_equal(xf_emit(&x, "Fn", "B", resource_of_type("AWS::SNS::Topic")), XF_OK);
	assert_ptr_not_equal(xf_resource(&x, "B"), input_b);
	assert_ptr_equal(xf_input_resource(&x, "B"), input_b);
	assert_string_equal(input_type(&x, "B"), "AWS::SNS::Topic");
	/* any other type over an input id is a duplicate: dropped, the input member kept */
	const cJSON *input_a = xf_input_resource(&x, "A");
	assert_int_equal(xf_emit(&x, "Fn", "A", resource_of_type("AWS::SQS::Queue")), XF_OK);
	assert_ptr_equal(xf_resource(&x, "A"), input_a);
	assert_non_null(x.duplicates);
	assert_int_equal(cJSON_GetArraySize(x.duplicates), 1);
	assert_non_null(xf_get(xf_get(input_a, "Properties"), "DelaySeconds"));
	xf_remove_resource(&x, "C");
	assert_null(xf_resource(&x, "C"));
	assert_string_equal(input_type(&x, "C"), "AWS::S3::Bucket");
	assert_null(xf_input_resource(&x, "Nope"));
	fx_free(&x); /* frees the retired members too (ASan/valgrind check it) */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(replacing_in_place_keeps_the_place_and_the_input_view),
		cmocka_unit_test(emitting_and_removing_retire_the_input_members),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
