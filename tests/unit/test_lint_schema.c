/* test_lint_schema.c — rule family 3: the embedded resource schema data (lookups, GetAtt
 * attributes) and the property checks on good and bad resources. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/schema_data.h"
#include "samc/lint.h"
#include "samc/samc.h"

static void knows_common_types(void **state)
{
	(void)state;
	lint_schema_data *d = NULL;
	assert_int_equal(lint_schema_data_new(&d), 0);
	assert_true(lint_schema_data_ready(d));
	assert_non_null(lint_schema_type(d, "AWS::Lambda::Function"));
	assert_non_null(lint_schema_type(d, "AWS::S3::Bucket"));
	assert_null(lint_schema_type(d, "AWS::Nope::Nothing"));
	assert_null(lint_schema_type(d, "AWS::Serverless::Function"));
	assert_non_null(strstr(lint_schema_source(d), "cfn-lint"));
	lint_schema_data_free(d);
}

/* The lookup is a binary search over the data's lines: the first and last entries are found,
 * a name matches only whole (not as the prefix of a longer one), and names sorting before the
 * first or after the last entry, or between two, are unknown. */
/* schemas/resource_types.json as written (the build packs it; the tests read the source). */
static char *read_schema_source(void)
{
	const char *data = getenv("SAMC_TEST_DATA");
	assert_non_null(data);
	char path[4096];
	snprintf(path, sizeof(path), "%s/../../schemas/resource_types.json", data);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	char *text = malloc((size_t)n + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	text[n] = '\0';
	fclose(f);
	return text;
}

static void finds_types_anywhere_and_only_by_whole_name(void **state)
{
	(void)state;
	lint_schema_data *d = NULL;
	assert_int_equal(lint_schema_data_new(&d), 0);
	assert_non_null(lint_schema_type(d, "AMZN::SDC::Deployment"));
	assert_non_null(lint_schema_type(d, "Module"));
	assert_non_null(lint_schema_type(d, "AWS::S3::BucketPolicy"));
	assert_non_null(lint_schema_type(d, "AWS::S3::Bucket"));
	assert_null(lint_schema_type(d, "AWS::S3::Buck"));
	assert_null(lint_schema_type(d, "AWS::S3::Bucket2"));
	assert_null(lint_schema_type(d, "AAAA::Before::First"));
	assert_null(lint_schema_type(d, "ZZZZ::After::Last"));
	assert_null(lint_schema_type(d, ""));
	const cJSON *bucket = lint_schema_type(d, "AWS::S3::Bucket");
	assert_true(lint_schema_has_attribute(d, "AWS::S3::Bucket", "Arn"));
	assert_false(lint_schema_has_attribute(d, "AWS::S3::BucketPolicy", "Arn"));
	assert_non_null(cJSON_GetObjectItemCaseSensitive(bucket, "p"));
	/* every type of the source file, parsed whole here, is found in the packed data */
	char *text = read_schema_source();
	cJSON *all = cJSON_Parse(text);
	free(text);
	const cJSON *types = cJSON_GetObjectItemCaseSensitive(all, "types"), *t;
	size_t n = 0;
	cJSON_ArrayForEach(t, types) {
		assert_non_null(lint_schema_type(d, t->string));
		n++;
	}
	assert_true(n > 1000);
	cJSON_Delete(all);
	lint_schema_data_free(d);
}

static void answers_getatt_attributes(void **state)
{
	(void)state;
	lint_schema_data *d = NULL;
	assert_int_equal(lint_schema_data_new(&d), 0);
	assert_true(lint_schema_has_attribute(d, "AWS::Lambda::Function", "Arn"));
	assert_true(lint_schema_has_attribute(d, "AWS::SQS::Queue", "QueueUrl"));
	assert_false(lint_schema_has_attribute(d, "AWS::SQS::Queue", "Nope"));
	assert_false(lint_schema_has_attribute(d, "AWS::Nope::Nothing", "Arn"));
	lint_schema_data_free(d);
}

/* Read-only properties may be set (CloudFormation ignores them) but are never required; GetAtt
 * attributes follow cfn-lint: every property of some types (SQS QueueName), extra names of
 * others (AppSync DataSource Name). */
static void read_only_properties_are_allowed_not_required(void **state)
{
	(void)state;
	lint_schema_data *d = NULL;
	assert_int_equal(lint_schema_data_new(&d), 0);
	const cJSON *q = lint_schema_type(d, "AWS::SQS::Queue");
	const cJSON *props = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(q, "p"), "P");
	assert_non_null(cJSON_GetObjectItemCaseSensitive(props, "QueueName"));
	assert_non_null(cJSON_GetObjectItemCaseSensitive(props, "Arn"));
	const cJSON *k = lint_schema_type(d, "AWS::AppSync::ApiKey");
	const cJSON *req = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(k, "p"), "R");
	for (const cJSON *r = req ? req->child : NULL; r; r = r->next)
		assert_string_not_equal(r->valuestring, "ApiKeyId");
	assert_true(lint_schema_has_attribute(d, "AWS::SQS::Queue", "QueueName"));
	assert_true(lint_schema_has_attribute(d, "AWS::AppSync::DataSource", "Name"));
	assert_true(lint_schema_has_attribute(d, "AWS::AppSync::DataSource", "DataSourceArn"));
	assert_false(lint_schema_has_attribute(d, "AWS::AppSync::DataSource", "Type"));
	lint_schema_data_free(d);
}

static void text_scan_agrees_with_the_parsed_data(void **state)
{
	(void)state;
	assert_int_equal(lint_schema_text_attribute("AWS::SQS::Queue", "QueueUrl"), 1);
	assert_int_equal(lint_schema_text_attribute("AWS::SQS::Queue", "Nope"), 0);
	assert_int_equal(lint_schema_text_attribute("AWS::Nope::Nothing", "Arn"), -1);
	assert_int_equal(lint_schema_text_attribute("AWS::CloudFormation::CustomResource", "X"), -1);
	assert_int_equal(lint_schema_text_attribute("AWS::CloudFormation::Stack", "Outputs.Url"), 1);
}

/* Lints tests/data/lint_schema/<name> and returns the result. */
static samc_lint_result *lint_file_in(const char *name, const char *region)
{
	const char *dir = getenv("SAMC_TEST_DATA");
	char path[1024];
	snprintf(path, sizeof(path), "%s/lint_schema/%s", dir ? dir : "tests/data", name);
	samc_document *doc = NULL;
	samc_lint_result *r = NULL;
	assert_int_equal(samc_document_load_file(&doc, path, NULL, NULL), 0);
	samc_lint_options opts = {.region = region};
	assert_int_equal(samc_lint(doc, &opts, &r, NULL), 0);
	samc_document_free(doc);
	return r;
}

static samc_lint_result *lint_file(const char *name)
{
	return lint_file_in(name, NULL);
}

/* Number of findings of family 3 (rule ids E3xxx); with rule and line, whether one exists. */
static size_t schema_findings(const samc_lint_result *r)
{
	size_t n = 0;
	for (size_t i = 0; i < samc_lint_count(r); i++)
		n += strncmp(samc_lint_finding(r, i)->rule_id, "E30", 3) == 0;
	return n;
}

static bool has_finding(const samc_lint_result *r, const char *rule, unsigned line)
{
	for (size_t i = 0; i < samc_lint_count(r); i++) {
		const samc_finding *f = samc_lint_finding(r, i);
		if (strcmp(f->rule_id, rule) == 0 && f->line == line)
			return true;
	}
	return false;
}

static void good_resources_pass(void **state)
{
	(void)state;
	samc_lint_result *r = lint_file("good.yaml");
	assert_int_equal(schema_findings(r), 0);
	samc_lint_result_free(r);
}

static void bad_resources_are_reported_where_they_are(void **state)
{
	(void)state;
	samc_lint_result *r = lint_file("bad.yaml");
	assert_true(has_finding(r, "E3002", 6));  /* QueueNam */
	assert_true(has_finding(r, "E3004", 7));  /* DelaySeconds: soon */
	assert_true(has_finding(r, "E3003", 9));  /* tag without Value */
	assert_true(has_finding(r, "E3003", 12)); /* Lambda without Code and Role */
	assert_true(has_finding(r, "E3005", 13)); /* PackageType: Jar */
	assert_true(has_finding(r, "E3004", 14)); /* Architectures not a list */
	assert_true(has_finding(r, "E3001", 16)); /* AWS::Nope::Thing */
	assert_true(has_finding(r, "E3004", 21)); /* Status: [Enabled] */
	assert_true(has_finding(r, "E3003", 24)); /* custom resource without ServiceToken */
	assert_int_equal(schema_findings(r), 10);
	samc_lint_result_free(r);
}

/* A finding inside a list names the item: "Properties.Tags[10]". */
static void list_items_are_named_by_index(void **state)
{
	(void)state;
	samc_lint_result *r = lint_file("list_items.yaml");
	assert_int_equal(schema_findings(r), 1);
	const samc_finding *f = samc_lint_finding(r, 0);
	assert_string_equal(f->rule_id, "E3003");
	assert_int_equal(f->line, 16);
	assert_string_equal(f->message, "Resource Queue: Properties.Tags[10] is missing required property 'Value'");
	samc_lint_result_free(r);
}

/* Numeric enums: a number or a numeric string in the set passes, another number is E3005
 * (text that is no number at all is a wrong type, E3004, first). */
static void numeric_enums_take_numbers_and_numeric_text(void **state)
{
	(void)state;
	samc_lint_result *r = lint_file("enum_numbers.yaml");
	assert_false(has_finding(r, "E3005", 6));
	assert_false(has_finding(r, "E3005", 10));
	assert_true(has_finding(r, "E3005", 14));
	assert_true(has_finding(r, "E3004", 18));
	assert_int_equal(schema_findings(r), 2);
	samc_lint_result_free(r);
}

static void sam_output_is_checked_but_sam_types_are_not(void **state)
{
	(void)state;
	samc_lint_result *r = lint_file("sam.yaml");
	assert_true(has_finding(r, "E3002", 19)); /* DisplayNam on the plain SNS topic */
	assert_true(has_finding(r, "E3002", 23)); /* at its own line though the transform rewrote it */
	assert_int_equal(schema_findings(r), 2);
	samc_lint_result_free(r);
}

static void types_missing_from_a_region_are_reported_there(void **state)
{
	(void)state;
	samc_lint_result *r = lint_file_in("region.yaml", "ap-south-2");
	assert_true(has_finding(r, "E3001", 3)); /* AWS::Lambda::Url */
	assert_int_equal(schema_findings(r), 1);
	samc_lint_result_free(r);
	r = lint_file("region.yaml");
	assert_int_equal(schema_findings(r), 0);
	samc_lint_result_free(r);
}

static void freeing_an_unused_handle_is_fine(void **state)
{
	(void)state;
	lint_schema_data *d = NULL;
	assert_int_equal(lint_schema_data_new(&d), 0);
	lint_schema_data_free(d);
	lint_schema_data_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(knows_common_types),
		cmocka_unit_test(finds_types_anywhere_and_only_by_whole_name),
		cmocka_unit_test(answers_getatt_attributes),
		cmocka_unit_test(read_only_properties_are_allowed_not_required),
		cmocka_unit_test(freeing_an_unused_handle_is_fine),
		cmocka_unit_test(text_scan_agrees_with_the_parsed_data),
		cmocka_unit_test(good_resources_pass),
		cmocka_unit_test(bad_resources_are_reported_where_they_are),
		cmocka_unit_test(list_items_are_named_by_index),
		cmocka_unit_test(numeric_enums_take_numbers_and_numeric_text),
		cmocka_unit_test(sam_output_is_checked_but_sam_types_are_not),
		cmocka_unit_test(types_missing_from_a_region_are_reported_there),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
