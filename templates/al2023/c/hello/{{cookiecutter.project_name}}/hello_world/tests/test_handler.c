/* test_handler.c — unit tests of handler.c (`make test`): the exact response, JSON escaping
 * of unusual request ids, and refusal of buffers that are too small. */
#include <stdio.h>
#include <string.h>

#include "handler.h"

static int failures;

static void expect_text(const char *what, const char *got, const char *want)
{
	if (strcmp(got, want) != 0) {
		fprintf(stderr, "FAIL %s:\n  got:  %s\n  want: %s\n", what, got, want);
		failures++;
	}
}

static void expect_long(const char *what, long got, long want)
{
	if (got != want) {
		fprintf(stderr, "FAIL %s: got %ld, want %ld\n", what, got, want);
		failures++;
	}
}

static void test_response_for_a_plain_request_id(void)
{
	char out[512];
	long n = hello_response("c6af9ac6-7b61", out, sizeof out);
	const char *want = "{\"statusCode\":200,"
			   "\"headers\":{\"Content-Type\":\"application/json\"},"
			   "\"body\":\"{\\\"message\\\":\\\"hello world\\\","
			   "\\\"requestId\\\":\\\"c6af9ac6-7b61\\\"}\"}";
	expect_text("plain response", out, want);
	expect_long("plain response length", n, (long)strlen(want));
}

static void test_escaping_of_quotes_backslashes_and_controls(void)
{
	char out[64];
	size_t len = 0;
	out[0] = '\0';
	expect_long("escape rc", json_escape("a\"b\\c\n\x01", out, sizeof out, &len), 0);
	expect_text("escaped", out, "a\\\"b\\\\c\\n\\u0001");
	expect_long("escaped length", (long)len, (long)strlen(out));
}

static void test_request_id_is_escaped_twice_inside_the_body(void)
{
	char out[512];
	hello_response("x\"y", out, sizeof out);
	/* in the body x"y is x\"y; the body is itself a JSON string, so x\\\"y in the response */
	if (!strstr(out, "\\\"requestId\\\":\\\"x\\\\\\\"y\\\"")) {
		fprintf(stderr, "FAIL double escaping: %s\n", out);
		failures++;
	}
}

static void test_small_buffers_are_refused_not_overrun(void)
{
	char out[32];
	memset(out, 'Z', sizeof out);
	expect_long("small buffer", hello_response("id", out, 16), -1);
	expect_long("terminated within size", (long)(strlen(out) < 16), 1);
	expect_long("bytes past size untouched", out[20], 'Z');

	size_t len = 0;
	char tiny[4] = "";
	expect_long("escape overflow", json_escape("abcdef", tiny, sizeof tiny, &len), -1);
	expect_long("escape keeps room for NUL", (long)len < (long)sizeof tiny, 1);
}

int main(void)
{
	test_response_for_a_plain_request_id();
	test_escaping_of_quotes_backslashes_and_controls();
	test_request_id_is_escaped_twice_inside_the_body();
	test_small_buffers_are_refused_not_overrun();
	if (failures) {
		fprintf(stderr, "%d check(s) failed\n", failures);
		return 1;
	}
	printf("handler tests passed\n");
	return 0;
}
