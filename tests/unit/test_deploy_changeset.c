/* test_deploy_changeset.c — change-set tables (lib/deploy/changeset.c) from a canned
 * DescribeChangeSet response: grouping Add/Modify/Remove, "N/A" replacements, a second page
 * appended, failed and empty change sets; and the SAM_CLI_POLL_DELAY rule. */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "deploy/deploy_int.h"
#include "samc/deploy.h"

static char *read_data(const char *name, size_t *len)
{
	const char *dir = getenv("SAMC_TEST_DATA");
	char path[512];
	snprintf(path, sizeof(path), "%s/deploy/%s", dir ? dir : "tests/data", name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *buf = malloc(1 << 16);
	*len = fread(buf, 1, (1 << 16) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static void assert_row(const samc_changeset *cs, size_t i, const char *op, const char *id,
		       const char *type, const char *replacement)
{
	const samc_change *c = samc_changeset_get(cs, i);
	assert_non_null(c);
	assert_string_equal(c->operation, op);
	assert_string_equal(c->logical_id, id);
	assert_string_equal(c->resource_type, type);
	assert_string_equal(c->replacement, replacement);
}

static void rows_grouped_like_sam_cli(void **state)
{
	(void)state;
	size_t len;
	char *xml = read_data("describe_change_set.xml", &len);
	samc_changeset *cs = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_changeset_parse(&cs, xml, len, &err), 0);
	assert_string_equal(samc_changeset_status(cs), "CREATE_COMPLETE");
	assert_string_equal(samc_changeset_execution_status(cs), "AVAILABLE");
	assert_null(samc_changeset_status_reason(cs));
	assert_string_equal(samc_changeset_next_token(cs), "page-2");
	assert_non_null(strstr(samc_changeset_id(cs), ":changeSet/samcli-deploy1700000000/"));
	assert_int_equal(samc_changeset_count(cs), 5);
	assert_row(cs, 0, "+ Add", "HelloFunction", "AWS::Lambda::Function", "N/A");
	assert_row(cs, 1, "+ Add", "Queue", "AWS::SQS::Queue", "N/A");
	assert_row(cs, 2, "* Modify", "OrdersTable", "AWS::DynamoDB::Table", "Conditional");
	assert_row(cs, 3, "* Modify", "HelloFunctionRole", "AWS::IAM::Role", "True");
	assert_row(cs, 4, "- Delete", "OldTopic", "AWS::SNS::Topic", "N/A");
	assert_null(samc_changeset_get(cs, 5));
	assert_false(samc_changeset_is_empty_failure(cs));
	samc_changeset_free(cs);
	free(xml);
}

static const char LAST_PAGE[] =
	"<DescribeChangeSetResponse><DescribeChangeSetResult>"
	"<Status>CREATE_COMPLETE</Status><ExecutionStatus>AVAILABLE</ExecutionStatus>"
	"<Changes><member><ResourceChange><Action>Add</Action>"
	"<LogicalResourceId>Rule</LogicalResourceId><ResourceType>AWS::Events::Rule</ResourceType>"
	"</ResourceChange></member></Changes>"
	"</DescribeChangeSetResult></DescribeChangeSetResponse>";

static void second_page_appends(void **state)
{
	(void)state;
	size_t len;
	char *xml = read_data("describe_change_set.xml", &len);
	samc_changeset *cs = NULL;
	assert_int_equal(samc_changeset_parse(&cs, xml, len, NULL), 0);
	assert_int_equal(samc_changeset_parse(&cs, LAST_PAGE, strlen(LAST_PAGE), NULL), 0);
	assert_null(samc_changeset_next_token(cs));
	assert_int_equal(samc_changeset_count(cs), 6);
	assert_row(cs, 2, "+ Add", "Rule", "AWS::Events::Rule", "N/A");
	assert_row(cs, 5, "- Delete", "OldTopic", "AWS::SNS::Topic", "N/A");
	samc_changeset_free(cs);
	free(xml);
}

static samc_changeset *failed(const char *reason)
{
	char xml[1024];
	snprintf(xml, sizeof(xml),
		 "<DescribeChangeSetResponse><DescribeChangeSetResult><Status>FAILED</Status>"
		 "<StatusReason>%s</StatusReason><Changes/></DescribeChangeSetResult>"
		 "</DescribeChangeSetResponse>", reason);
	samc_changeset *cs = NULL;
	assert_int_equal(samc_changeset_parse(&cs, xml, strlen(xml), NULL), 0);
	return cs;
}

static void empty_and_failed_change_sets(void **state)
{
	(void)state;
	samc_changeset *cs = failed("The submitted information didn't contain changes. Submit "
				    "different information to create a change set.");
	assert_true(samc_changeset_is_empty_failure(cs));
	assert_int_equal(samc_changeset_count(cs), 0);
	samc_changeset_free(cs);
	cs = failed("No updates are to be performed.");
	assert_true(samc_changeset_is_empty_failure(cs));
	samc_changeset_free(cs);
	cs = failed("Template format error: Unresolved resource dependencies [Nope]");
	assert_false(samc_changeset_is_empty_failure(cs));
	assert_string_equal(samc_changeset_status(cs), "FAILED");
	assert_non_null(strstr(samc_changeset_status_reason(cs), "Nope"));
	samc_changeset_free(cs);
}

static void not_a_change_set(void **state)
{
	(void)state;
	static const char OTHER[] = "<DescribeStacksResponse><DescribeStacksResult/>"
				    "</DescribeStacksResponse>";
	samc_changeset *cs = NULL;
	samc_error *err = NULL;
	assert_int_not_equal(samc_changeset_parse(&cs, OTHER, strlen(OTHER), &err), 0);
	assert_null(cs);
	assert_non_null(strstr(samc_error_message(err), "DescribeChangeSetResult"));
	samc_error_free(err);
	err = NULL;
	assert_int_not_equal(samc_changeset_parse(&cs, "<oops", 5, &err), 0);
	assert_null(cs);
	assert_non_null(err);
	samc_error_free(err);
}

static void poll_delay(void **state)
{
	(void)state;
	unsetenv("SAM_CLI_POLL_DELAY");
	assert_int_equal(samc_poll_delay_ms(), 5000);
	setenv("SAM_CLI_POLL_DELAY", "0.2", 1);
	assert_int_equal(samc_poll_delay_ms(), 200);
	setenv("SAM_CLI_POLL_DELAY", "2", 1);
	assert_int_equal(samc_poll_delay_ms(), 2000);
	const char *bad[] = {"0", "-1", "abc", "1s", ""};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		setenv("SAM_CLI_POLL_DELAY", bad[i], 1);
		assert_int_equal(samc_poll_delay_ms(), 5000);
	}
	unsetenv("SAM_CLI_POLL_DELAY");
}

static int polls;

static int cancel_on_third_poll(void *ctx)
{
	(void)ctx;
	return ++polls >= 3;
}

static int never_cancel(void *ctx)
{
	(void)ctx;
	polls++;
	return 0;
}

/* The wait loop asks the caller's callback between short sleeps: Ctrl-C in the CLI sets a
 * flag this callback reads, and the wait ends early. */
static void waits_are_cancellable(void **state)
{
	(void)state;
	samc_deploy_callbacks cb = {0};
	cb.cancelled = cancel_on_third_poll;
	polls = 0;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(samc_wait_step(&cb, 60000), 1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_int_equal(polls, 3);
	assert_true(t1.tv_sec - t0.tv_sec < 5);
	cb.cancelled = never_cancel;
	polls = 0;
	assert_int_equal(samc_wait_step(&cb, 250), 0);
	assert_true(polls >= 2);
	assert_int_equal(samc_wait_step(NULL, 10), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rows_grouped_like_sam_cli),
		cmocka_unit_test(second_page_appends),
		cmocka_unit_test(empty_and_failed_change_sets),
		cmocka_unit_test(not_a_change_set),
		cmocka_unit_test(poll_delay),
		cmocka_unit_test(waits_are_cancellable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
