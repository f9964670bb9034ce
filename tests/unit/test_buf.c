/* test_buf.c — the growable buffer: appends, formatting, detach. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

static void appends_and_formats(void **state)
{
	(void)state;
	samc_buf b = SAMC_BUF_INIT;
	samc_buf_puts(&b, "ab");
	samc_buf_putc(&b, 'c');
	samc_buf_printf(&b, "-%d-%s", 42, "x");
	assert_string_equal(samc_buf_cstr(&b), "abc-42-x");
	assert_int_equal(b.len, 8);
	char *s = samc_buf_detach(&b);
	assert_string_equal(s, "abc-42-x");
	assert_null(b.ptr);
	free(s);
}

static void empty_buffer_is_empty_string(void **state)
{
	(void)state;
	samc_buf b = SAMC_BUF_INIT;
	assert_string_equal(samc_buf_cstr(&b), "");
	samc_buf_free(&b);
}

static void grows_past_initial_capacity(void **state)
{
	(void)state;
	samc_buf b = SAMC_BUF_INIT;
	for (int i = 0; i < 10000; i++)
		samc_buf_putc(&b, (char)('a' + i % 26));
	assert_int_equal(b.len, 10000);
	assert_int_equal(b.ptr[9999], 'a' + 9999 % 26);
	samc_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(appends_and_formats),
		cmocka_unit_test(empty_buffer_is_empty_string),
		cmocka_unit_test(grows_past_initial_capacity),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
