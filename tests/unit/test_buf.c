/* test_buf.c — the growable buffer: appends, formatting, detach. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
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

/* extend hands out room for n bytes the caller fills; the buffer stays terminated after them,
 * and a buffer that ran out of memory hands out nothing. */
static void extend_gives_room_to_fill(void **state)
{
	(void)state;
	samc_buf b = SAMC_BUF_INIT;
	samc_buf_puts(&b, "ab");
	char *at = samc_buf_extend(&b, 3);
	assert_non_null(at);
	memcpy(at, "cde", 3);
	assert_string_equal(samc_buf_cstr(&b), "abcde");
	assert_non_null(samc_buf_extend(&b, 0));
	assert_int_equal(b.len, 5);
	at = samc_buf_extend(&b, 200); /* past the capacity: the buffer moves */
	assert_non_null(at);
	memset(at, 'x', 200);
	assert_int_equal(strlen(samc_buf_cstr(&b)), 205);
	b.oom = true;
	assert_null(samc_buf_extend(&b, 1));
	assert_int_equal(b.len, 205);
	samc_buf_free(&b);
}

/* Short pieces are printed through a stack buffer, long ones in place: both must come out whole,
 * at every length around the switch-over. */
static void formats_short_and_long_pieces_whole(void **state)
{
	(void)state;
	char piece[1201];
	for (size_t i = 0; i < sizeof(piece) - 1; i++)
		piece[i] = (char)('a' + i % 26);
	static const size_t lengths[] = {0, 1, 200, 254, 255, 256, 257, 1000, 1200};
	for (size_t k = 0; k < sizeof(lengths) / sizeof(lengths[0]); k++) {
		size_t n = lengths[k];
		piece[n] = '\0';
		char *s = samc_strfmt("<%s>", piece);
		assert_non_null(s);
		assert_int_equal(strlen(s), n + 2);
		assert_int_equal(s[0], '<');
		assert_int_equal(s[n + 1], '>');
		assert_memory_equal(s + 1, piece, n);
		samc_buf b = SAMC_BUF_INIT;
		samc_buf_puts(&b, "x");
		samc_buf_printf(&b, "%s|%zu", piece, n);
		char tail[32];
		snprintf(tail, sizeof(tail), "|%zu", n);
		assert_int_equal(b.len, 1 + n + strlen(tail));
		assert_memory_equal(b.ptr + 1, piece, n);
		assert_string_equal(b.ptr + 1 + n, tail);
		samc_buf_free(&b);
		free(s);
		piece[n] = (char)('a' + n % 26);
	}
}

static void path_dir_is_the_folder_part(void **state)
{
	(void)state;
	static const char *const cases[][2] = {{"a/b/template.yaml", "a/b"}, {"template.yaml", "."},
					       {"/template.yaml", "/"}, {"/srv/app/t.yaml", "/srv/app"},
					       {"dir/", "dir"}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *d = samc_path_dir(cases[i][0]);
		assert_string_equal(d, cases[i][1]);
		free(d);
	}
	char *d = samc_path_dir(NULL);
	assert_string_equal(d, ".");
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(appends_and_formats),
		cmocka_unit_test(empty_buffer_is_empty_string),
		cmocka_unit_test(grows_past_initial_capacity),
		cmocka_unit_test(formats_short_and_long_pieces_whole),
		cmocka_unit_test(path_dir_is_the_folder_part),
		cmocka_unit_test(extend_gives_room_to_fill),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
