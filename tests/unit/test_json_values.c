/* test_json_values.c — Python truthiness of JSON values and the member index shared by the
 * transform, the linter and the template renderer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

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
		cmocka_unit_test(index_keeps_the_first_of_equal_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
