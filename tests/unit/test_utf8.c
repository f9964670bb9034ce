/* test_utf8.c — samc_utf8_decode: valid sequences of each length, and the ill-formed ones
 * counted as Python's decode("utf-8", "replace") counts them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>

#include "util/utf8.h"

static void expect_decode(const char *s, size_t n, size_t len, uint32_t cp, bool valid)
{
	uint32_t got_cp = 0;
	bool got_valid = !valid;
	assert_int_equal(samc_utf8_decode(s, n, &got_cp, &got_valid), len);
	assert_int_equal(got_cp, cp);
	assert_int_equal(got_valid, valid);
}

static void decodes_each_length(void **state)
{
	(void)state;
	expect_decode("A", 1, 1, 0x41, true);
	expect_decode("\xC3\xA9", 2, 2, 0xE9, true);
	expect_decode("\xE2\x82\xAC", 3, 3, 0x20AC, true);
	expect_decode("\xF0\x9F\x98\x80", 4, 4, 0x1F600, true);
	expect_decode("\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF, true);
}

static void rejects_overlong_surrogate_and_out_of_range(void **state)
{
	(void)state;
	expect_decode("\xC0\xAF", 2, 1, 0xFFFD, false);     /* overlong lead */
	expect_decode("\xE0\x80\x80", 3, 1, 0xFFFD, false); /* overlong three-byte form */
	expect_decode("\xED\xA0\x80", 3, 1, 0xFFFD, false); /* U+D800, a surrogate */
	expect_decode("\xF4\x90\x80\x80", 4, 1, 0xFFFD, false); /* above U+10FFFF */
	expect_decode("\xF5\x80", 2, 1, 0xFFFD, false);      /* no lead byte */
	expect_decode("\x80", 1, 1, 0xFFFD, false);          /* lone continuation */
}

static void counts_the_ill_formed_prefix(void **state)
{
	(void)state;
	/* a truncated four-byte sequence followed by ASCII: the three bytes are one replacement */
	expect_decode("\xF0\x9F\x98" "A", 4, 3, 0xFFFD, false);
	/* the sequence stops at the end of the readable bytes, or at a NUL */
	expect_decode("\xE2\x82", 2, 2, 0xFFFD, false);
	expect_decode("\xE2\x82", SIZE_MAX, 2, 0xFFFD, false);
	uint32_t cp;
	assert_int_equal(samc_utf8_decode("\xC3\xA9", 2, &cp, NULL), 2);
	assert_int_equal(cp, 0xE9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decodes_each_length),
		cmocka_unit_test(rejects_overlong_surrogate_and_out_of_range),
		cmocka_unit_test(counts_the_ill_formed_prefix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
