/* test_json_values.c — Python truthiness of JSON values and the member index shared by the
 * transform, the linter and the template renderer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "json/values.h"

static void truthiness_is_pythons(void **state)
{
	(void)state;
	static const char *const falsy[] = {"null", "false", "0", "0.0", "\"\"", "[]", "{}"};
	static const char *const truthy[] = {"true", "1", "-0.5", "\"0\"", "\"false\"", "[0]", "{\"a\":null}"};
	for (size_t i = 0; i < sizeof(falsy) / sizeof(falsy[0]); i++) {
		cJSON *v = cJSON_Parse(falsy[i]);
		assert_false(samc_py_truthy(v));
		cJSON_Delete(v);
	}
	for (size_t i = 0; i < sizeof(truthy) / sizeof(truthy[0]); i++) {
		cJSON *v = cJSON_Parse(truthy[i]);
		assert_true(samc_py_truthy(v));
		cJSON_Delete(v);
	}
	assert_false(samc_py_truthy(NULL));
}

/* A scalar's text: strings as they are, numbers as printed, true/false; nothing else has one. */
static void scalars_have_text(void **state)
{
	(void)state;
	char num[32];
	cJSON *s = cJSON_CreateString("abc"), *n = samc_number_new("1.50", 1.5), *t = cJSON_CreateTrue(),
	      *f = cJSON_CreateFalse(), *z = cJSON_CreateNull(), *o = cJSON_CreateObject();
	assert_string_equal(samc_json_scalar_text(s, num), "abc");
	assert_string_equal(samc_json_scalar_text(n, num), "1.50");
	assert_string_equal(samc_json_scalar_text(t, num), "true");
	assert_string_equal(samc_json_scalar_text(f, num), "false");
	assert_null(samc_json_scalar_text(z, num));
	assert_null(samc_json_scalar_text(o, num));
	assert_null(samc_json_scalar_text(NULL, num));
	cJSON *all[] = {s, n, t, f, z, o};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		cJSON_Delete(all[i]);
}

static void index_keeps_the_first_of_equal_names(void **state)
{
	(void)state;
	cJSON *obj = cJSON_Parse("{\"A\":1,\"B\":2,\"A\":3}");
	for (int borrow = 0; borrow <= 1; borrow++) {
		samc_strmap m = {0};
		assert_int_equal(samc_json_index_members(&m, obj, borrow), 0);
		const cJSON *a = samc_strmap_get(&m, "A");
		assert_non_null(a);
		assert_int_equal(a->valueint, 1);
		assert_non_null(samc_strmap_get(&m, "B"));
		assert_null(samc_strmap_get(&m, "C"));
		/* borrowed keys are the members' own strings; copied ones are not */
		bool points_at_member = false;
		for (size_t i = 0; i < m.cap; i++)
			points_at_member |= m.slots[i].key == obj->child->string;
		assert_int_equal(points_at_member, borrow);
		samc_strmap_free(&m);
	}
	samc_strmap m = {0};
	cJSON *list = cJSON_Parse("[{\"A\":1}]");
	assert_int_equal(samc_json_index_members(&m, list, false), 0); /* not an object: nothing indexed */
	assert_null(samc_strmap_get(&m, "A"));
	samc_strmap_free(&m);
	cJSON_Delete(list);
	cJSON_Delete(obj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(truthiness_is_pythons),
		cmocka_unit_test(scalars_have_text),
		cmocka_unit_test(index_keeps_the_first_of_equal_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
