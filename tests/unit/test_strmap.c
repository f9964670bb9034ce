/* test_strmap.c — the string-keyed hash map: puts, overwrites, deletes with tombstones, growth
 * across many keys (hashes kept per slot), keys that share prefixes, borrowed keys, reserve. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

#include "util/strmap.h"

static void *value_of(size_t i)
{
	return (void *)(uintptr_t)(i + 1);
}

static void finds_what_was_put_and_nothing_else(void **state)
{
	(void)state;
	samc_strmap m = {0};
	assert_null(samc_strmap_get(&m, "absent"));
	assert_int_equal(samc_strmap_put(&m, "Queue", value_of(1)), 0);
	assert_int_equal(samc_strmap_put(&m, "queue", value_of(2)), 0);
	assert_ptr_equal(samc_strmap_get(&m, "Queue"), value_of(1));
	assert_ptr_equal(samc_strmap_get(&m, "queue"), value_of(2));
	assert_null(samc_strmap_get(&m, "Queu"));
	assert_null(samc_strmap_get(&m, ""));
	assert_int_equal(samc_strmap_put(&m, "Queue", value_of(3)), 0); /* overwrite */
	assert_ptr_equal(samc_strmap_get(&m, "Queue"), value_of(3));
	assert_int_equal(m.count, 2);
	samc_strmap_free(&m);
	assert_int_equal(m.count, 0);
}

static void deleted_keys_leave_the_others_reachable(void **state)
{
	(void)state;
	samc_strmap m = {0};
	char key[32];
	for (size_t i = 0; i < 40; i++) {
		snprintf(key, sizeof(key), "Worker%zu", i);
		assert_int_equal(samc_strmap_put(&m, key, value_of(i)), 0);
	}
	for (size_t i = 0; i < 40; i += 2) {
		snprintf(key, sizeof(key), "Worker%zu", i);
		samc_strmap_del(&m, key);
	}
	samc_strmap_del(&m, "never-there");
	for (size_t i = 0; i < 40; i++) {
		snprintf(key, sizeof(key), "Worker%zu", i);
		if (i % 2)
			assert_ptr_equal(samc_strmap_get(&m, key), value_of(i));
		else
			assert_null(samc_strmap_get(&m, key));
	}
	/* a deleted key can come back, in a tombstone's slot */
	assert_int_equal(samc_strmap_put(&m, "Worker0", value_of(99)), 0);
	assert_ptr_equal(samc_strmap_get(&m, "Worker0"), value_of(99));
	assert_int_equal(m.count, 21);
	samc_strmap_free(&m);
}

static void growth_keeps_every_key(void **state)
{
	(void)state;
	samc_strmap m = {0};
	char key[32];
	for (size_t i = 0; i < 50000; i++) {
		snprintf(key, sizeof(key), "Resource%zuRole", i);
		assert_int_equal(samc_strmap_put(&m, key, value_of(i)), 0);
	}
	assert_int_equal(m.count, 50000);
	assert_true(m.cap >= 2 * m.count); /* grows at half load */
	for (size_t i = 0; i < 50000; i++) {
		snprintf(key, sizeof(key), "Resource%zuRole", i);
		assert_ptr_equal(samc_strmap_get(&m, key), value_of(i));
	}
	samc_strmap_free(&m);
}

static void borrowed_keys_are_found_and_not_freed(void **state)
{
	(void)state;
	static const char names[][8] = {"Alpha", "Beta", "Gamma"};
	samc_strmap m = {0};
	assert_int_equal(samc_strmap_reserve(&m, 1000), 0);
	size_t cap = m.cap;
	assert_true(cap >= 2000);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(samc_strmap_put_borrowed(&m, names[i], value_of(i)), 0);
	assert_int_equal(samc_strmap_put(&m, "Delta", value_of(3)), 0); /* mixed with copied keys */
	assert_ptr_equal(samc_strmap_get(&m, "Beta"), value_of(1));
	assert_ptr_equal(samc_strmap_get(&m, "Delta"), value_of(3));
	samc_strmap_del(&m, "Alpha"); /* a borrowed key is dropped, not freed */
	assert_null(samc_strmap_get(&m, "Alpha"));
	assert_int_equal(m.cap, cap); /* reserved: no growth on the way */
	samc_strmap_free(&m);          /* frees "Delta" only: the static names stay */
	assert_string_equal(names[1], "Beta");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_what_was_put_and_nothing_else),
		cmocka_unit_test(deleted_keys_leave_the_others_reachable),
		cmocka_unit_test(growth_keeps_every_key),
		cmocka_unit_test(borrowed_keys_are_found_and_not_freed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
