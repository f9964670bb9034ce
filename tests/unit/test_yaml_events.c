/* test_yaml_events.c — the YAML event stream read on the caller's thread and on a producer
 * thread gives the same events, stops at parse errors, and can be closed midway. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "samc/samc.h"
#include "util/buf.h"
#include "yaml/events.h"

/* A template far larger than one chunk of events: tags, flow and block collections, and
 * with anchors an anchor and alias per resource (which the loader composes another way). */
static char *big_template(size_t resources, bool anchors, size_t *len)
{
	samc_buf b = SAMC_BUF_INIT;
	samc_buf_puts(&b, "Resources:\n");
	for (size_t i = 0; i < resources; i++) {
		samc_buf_printf(&b,
				"  Queue%zu:\n    Type: AWS::SQS::Queue\n    Properties:\n"
				"      QueueName: !Sub '${AWS::StackName}-q%zu'\n"
				"      Tags: [{Key: n, Value: %zu}",
				i, i, i);
		if (anchors)
			samc_buf_printf(&b, ", {Key: &k%zu k, Value: *k%zu}", i, i);
		samc_buf_puts(&b, "]\n");
	}
	char *text = samc_strdup(samc_buf_cstr(&b));
	*len = strlen(text);
	samc_buf_free(&b);
	return text;
}

/* One line per event: its type, start mark and scalar value (or anchor, alias, tag). */
static char *describe(const char *data, size_t len, bool threaded, size_t *events, int *end)
{
	samc_yaml_events *s = NULL;
	assert_int_equal(samc_yaml_events_open(&s, data, len, threaded), 0);
	assert_int_equal(samc_yaml_events_threaded(s), threaded);
	samc_buf b = SAMC_BUF_INIT;
	const yaml_event_t *ev;
	*events = 0;
	*end = YAML_NO_EVENT;
	while (samc_yaml_events_next(s, &ev)) {
		const char *text = "";
		if (ev->type == YAML_SCALAR_EVENT)
			text = (const char *)ev->data.scalar.value;
		else if (ev->type == YAML_ALIAS_EVENT)
			text = (const char *)ev->data.alias.anchor;
		else if (ev->type == YAML_MAPPING_START_EVENT && ev->data.mapping_start.tag)
			text = (const char *)ev->data.mapping_start.tag;
		samc_buf_printf(&b, "%d %zu:%zu %s\n", (int)ev->type, ev->start_mark.line,
				ev->start_mark.column, text);
		*end = ev->type;
		(*events)++;
	}
	assert_int_equal(samc_yaml_events_next(s, &ev), 0); /* stays at its end */
	samc_yaml_events_close(s);
	char *out = samc_strdup(samc_buf_cstr(&b));
	samc_buf_free(&b);
	return out;
}

static void same_events_on_both_paths(void **state)
{
	(void)state;
	size_t len, n_place, n_thread;
	int end_place, end_thread;
	char *text = big_template(3000, true, &len);
	char *place = describe(text, len, false, &n_place, &end_place);
	char *thread = describe(text, len, true, &n_thread, &end_thread);
	assert_true(n_place > 3000 * 20);
	assert_int_equal(n_place, n_thread);
	assert_int_equal(end_place, YAML_STREAM_END_EVENT);
	assert_int_equal(end_thread, YAML_STREAM_END_EVENT);
	assert_string_equal(place, thread);
	free(place);
	free(thread);
	free(text);
}

/* A syntax error after thousands of good events: both paths give those events, then stop. */
static void parse_error_ends_the_stream(void **state)
{
	(void)state;
	size_t len, n_place, n_thread;
	int end_place, end_thread;
	char *good = big_template(500, true, &len);
	char *text = samc_strfmt("%s  Broken: [a, b\n  Next: 1\n", good);
	len = strlen(text);
	char *place = describe(text, len, false, &n_place, &end_place);
	char *thread = describe(text, len, true, &n_thread, &end_thread);
	assert_true(n_place > 500 * 20);
	assert_int_equal(n_place, n_thread);
	assert_int_not_equal(end_place, YAML_STREAM_END_EVENT);
	assert_string_equal(place, thread);
	free(place);
	free(thread);
	free(text);
	free(good);
}

/* Closing after a few events stops the producer however far ahead it is (no leak, no hang). */
static void close_midway(void **state)
{
	(void)state;
	size_t len;
	char *text = big_template(2000, false, &len);
	for (size_t stop = 0; stop < 2000; stop += 397) {
		samc_yaml_events *s = NULL;
		assert_int_equal(samc_yaml_events_open(&s, text, len, true), 0);
		const yaml_event_t *ev;
		for (size_t i = 0; i < stop; i++)
			assert_int_equal(samc_yaml_events_next(s, &ev), 1);
		samc_yaml_events_close(s);
	}
	samc_yaml_events_close(NULL);
	free(text);
}

static void empty_input(void **state)
{
	(void)state;
	for (int threaded = 0; threaded < 2; threaded++) {
		size_t n;
		int end;
		char *out = describe("", 0, threaded, &n, &end);
		assert_int_equal(n, 2); /* stream start, stream end */
		assert_int_equal(end, YAML_STREAM_END_EVENT);
		free(out);
	}
}

/* Through the public loader: a template past the threading size loads completely. */
static void large_template_loads(void **state)
{
	(void)state;
	size_t len;
	char *text = big_template(4000, false, &len);
	assert_true(len >= SAMC_YAML_EVENTS_THREAD_MIN);
	samc_document *doc = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_document_load_buffer(&doc, text, len, "big.yaml", NULL, &err), 0);
	char *json = NULL;
	size_t json_len = 0;
	assert_int_equal(samc_document_render(doc, SAMC_FORMAT_JSON, &json, &json_len, &err), 0);
	assert_non_null(strstr(json, "\"Queue0\": {"));
	assert_non_null(strstr(json, "\"Queue3999\": {"));
	assert_non_null(strstr(json, "\"Fn::Sub\": \"${AWS::StackName}-q3999\""));
	samc_free(json);
	samc_document_free(doc);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_events_on_both_paths),
		cmocka_unit_test(parse_error_ends_the_stream),
		cmocka_unit_test(close_midway),
		cmocka_unit_test(empty_input),
		cmocka_unit_test(large_template_loads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
