/* test_lint.c — the linter: each rule family on good and bad templates, the limits, the
 * four output formats (SARIF and JSON parsed back with cJSON), the public accessors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "samc/samc.h"
#include "util/buf.h"

static samc_lint_result *lint_text(const char *yaml)
{
	samc_document *doc = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_document_load_buffer(&doc, yaml, strlen(yaml), "t.yaml", NULL, &err), 0);
	samc_lint_result *r = NULL;
	assert_int_equal(samc_lint(doc, NULL, &r, &err), 0);
	assert_null(err);
	samc_document_free(doc);
	return r;
}

static samc_lint_result *lint_file(const char *name)
{
	char path[1024];
	const char *dir = getenv("SAMC_TEST_DATA");
	snprintf(path, sizeof(path), "%s/lint/%s", dir ? dir : "tests/data", name);
	samc_document *doc = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_document_load_file(&doc, path, NULL, &err), 0);
	samc_lint_result *r = NULL;
	assert_int_equal(samc_lint(doc, NULL, &r, &err), 0);
	samc_document_free(doc);
	return r;
}

/* The finding of rule `id` at line (0: any line), or NULL. */
static const samc_finding *find(const samc_lint_result *r, const char *id, unsigned line)
{
	for (size_t i = 0; i < samc_lint_count(r); i++) {
		const samc_finding *f = samc_lint_finding(r, i);
		if (strcmp(f->rule_id, id) == 0 && (line == 0 || f->line == line))
			return f;
	}
	return NULL;
}

static size_t count_rule(const samc_lint_result *r, const char *id)
{
	size_t n = 0;
	for (size_t i = 0; i < samc_lint_count(r); i++)
		n += strcmp(samc_lint_finding(r, i)->rule_id, id) == 0;
	return n;
}

static void good_templates_have_no_findings(void **state)
{
	(void)state;
	const char *files[] = {"good.yaml", "good_sam.yaml"};
	for (size_t i = 0; i < 2; i++) {
		samc_lint_result *r = lint_file(files[i]);
		if (samc_lint_count(r))
			fprintf(stderr, "%s: %s\n", files[i], samc_lint_finding(r, 0)->message);
		assert_int_equal(samc_lint_count(r), 0);
		samc_lint_result_free(r);
	}
}

static void structure_rules(void **state)
{
	(void)state;
	samc_lint_result *r = lint_file("bad_structure.yaml");
	assert_non_null(find(r, "E1002", 1));
	assert_non_null(find(r, "E1003", 2));
	assert_non_null(find(r, "E1001", 3));
	const samc_finding *f = find(r, "E1004", 5);
	assert_non_null(f);
	assert_int_equal(f->column, 3);
	assert_non_null(strstr(f->file, "bad_structure.yaml"));
	assert_non_null(find(r, "E1005", 7));
	assert_non_null(find(r, "E1014", 10));
	assert_int_equal(f->severity, SAMC_SEVERITY_ERROR);
	samc_lint_result_free(r);

	r = lint_text("Globals:\n  Function:\n    Timeout: 3\nResources:\n  T:\n    Type: AWS::SNS::Topic\n");
	assert_non_null(find(r, "E1016", 1));
	assert_null(find(r, "E1001", 0)); /* Globals is a SAM section, not an unknown one */
	samc_lint_result_free(r);

	r = lint_text("Resources: {}\n");
	assert_non_null(find(r, "E1011", 0));
	samc_lint_result_free(r);
	r = lint_text("- a list\n");
	assert_non_null(find(r, "E1010", 0));
	samc_lint_result_free(r);
}

static void structure_limits(void **state)
{
	(void)state;
	samc_buf b = SAMC_BUF_INIT;
	samc_buf_puts(&b, "Resources:\n");
	for (int i = 0; i < 501; i++)
		samc_buf_printf(&b, "  T%d:\n    Type: AWS::SNS::Topic\n", i);
	samc_buf_puts(&b, "Outputs:\n");
	for (int i = 0; i < 201; i++)
		samc_buf_printf(&b, "  O%d:\n    Value: !Ref T%d\n", i, i);
	samc_lint_result *r = lint_text(samc_buf_cstr(&b));
	assert_non_null(find(r, "E1006", 1));
	assert_non_null(find(r, "E1008", 0));
	assert_null(find(r, "E1007", 0));
	assert_null(find(r, "E1009", 0));
	samc_lint_result_free(r);
	samc_buf_free(&b);

	samc_buf_puts(&b, "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Metadata:\n      Big: \"");
	for (int i = 0; i < 1000001; i++)
		samc_buf_putc(&b, 'x');
	samc_buf_puts(&b, "\"\n");
	r = lint_text(samc_buf_cstr(&b));
	assert_non_null(find(r, "E1009", 0));
	samc_lint_result_free(r);
	samc_buf_free(&b);
}

static void reference_rules(void **state)
{
	(void)state;
	samc_lint_result *r = lint_file("bad_references.yaml");
	assert_non_null(find(r, "W2010", 2));
	assert_non_null(find(r, "W2011", 5));
	assert_non_null(find(r, "W2012", 7));
	assert_non_null(find(r, "E2005", 13));
	assert_non_null(find(r, "E2004", 14));
	assert_non_null(find(r, "E2001", 16));
	assert_int_equal(count_rule(r, "E2003"), 2); /* ${Phantom} and ${NoRes.Arn}, not ${AWS::Region} */
	assert_non_null(find(r, "E2002", 18));
	assert_int_equal(find(r, "W2010", 2)->severity, SAMC_SEVERITY_WARNING);
	samc_lint_result_free(r);
}

static void sam_generated_names_are_references(void **state)
{
	(void)state;
	samc_lint_result *r = lint_text("Transform: AWS::Serverless-2016-10-31\n"
					"Resources:\n"
					"  F:\n    Type: AWS::Serverless::Function\n    Properties:\n"
					"      Handler: i.h\n      Runtime: python3.12\n      CodeUri: s3://b/k\n"
					"      AutoPublishAlias: live\n"
					"Outputs:\n"
					"  A:\n    Value: !Ref F.Alias\n"
					"  R:\n    Value: !GetAtt FRole.Arn\n"
					"  X:\n    Value: !Ref NotThere\n");
	assert_int_equal(samc_lint_count(r), 1);
	assert_non_null(find(r, "E2001", 16));
	samc_lint_result_free(r);
}

static void intrinsic_rules(void **state)
{
	(void)state;
	samc_lint_result *r = lint_file("bad_intrinsics.yaml");
	const unsigned lines[] = {6, 12, 13, 16, 17, 18, 20, 21, 22};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		if (!find(r, "E4001", lines[i]))
			fail_msg("no E4001 at line %u", lines[i]);
	}
	assert_non_null(find(r, "E2007", 14)); /* key 'prod' */
	assert_non_null(find(r, "E2007", 19)); /* mapping 'Nope' */
	assert_non_null(find(r, "E4002", 23));
	assert_null(find(r, "E2002", 21)); /* the malformed GetAtt is reported once, as E4001 */
	samc_lint_result_free(r);
}

static void sam_rules(void **state)
{
	(void)state;
	samc_lint_result *r = lint_file("bad_sam.yaml");
	assert_int_equal(count_rule(r, "E6001"), 2);
	const samc_finding *f = find(r, "E6001", 8);
	assert_non_null(f);
	assert_int_equal(f->column, 3);
	assert_non_null(strstr(f->message, "[Api]"));
	samc_lint_result_free(r);
}

static void findings_are_sorted(void **state)
{
	(void)state;
	samc_lint_result *r = lint_file("bad_references.yaml");
	for (size_t i = 1; i < samc_lint_count(r); i++)
		assert_true(samc_lint_finding(r, i - 1)->line <= samc_lint_finding(r, i)->line);
	assert_null(samc_lint_finding(r, samc_lint_count(r)));
	samc_lint_result_free(r);
}

static char *render(samc_lint_format fmt, int color)
{
	samc_lint_result *rs[2] = {lint_file("bad_references.yaml"), lint_file("good.yaml")};
	char *out = NULL;
	assert_int_equal(samc_lint_render((const samc_lint_result *const *)rs, 2, fmt, color, &out), 0);
	samc_lint_result_free(rs[0]);
	samc_lint_result_free(rs[1]);
	return out;
}

static void renders_text(void **state)
{
	(void)state;
	char *out = render(SAMC_LINT_TEXT, 0);
	assert_non_null(strstr(out, "bad_references.yaml:16:20: error: Ref to 'Nowhere'"));
	assert_non_null(strstr(out, "[E2001]"));
	assert_non_null(strstr(out, "6 error(s), 3 warning(s), 0 info in 2 file(s)"));
	assert_null(strchr(out, '\033'));
	samc_free(out);
	out = render(SAMC_LINT_TEXT, 1);
	assert_non_null(strstr(out, "\033[1;31merror"));
	samc_free(out);
}

static void renders_json(void **state)
{
	(void)state;
	char *out = render(SAMC_LINT_JSON, 0);
	cJSON *j = cJSON_Parse(out);
	assert_non_null(j);
	cJSON *files = cJSON_GetObjectItemCaseSensitive(j, "files");
	assert_int_equal(cJSON_GetArraySize(files), 2);
	cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(files->child, "findings"), 0);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(first, "ruleId")->valuestring, "W2010");
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(first, "line")->valueint, 2);
	cJSON *sum = cJSON_GetObjectItemCaseSensitive(j, "summary");
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(sum, "errors")->valueint, 6);
	cJSON_Delete(j);
	samc_free(out);
}

static const cJSON *get(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	if (!v)
		fail_msg("SARIF: missing '%s'", k);
	return v;
}

static void renders_sarif(void **state)
{
	(void)state;
	char *out = render(SAMC_LINT_SARIF, 1);
	cJSON *j = cJSON_Parse(out);
	assert_non_null(j);
	assert_string_equal(get(j, "version")->valuestring, "2.1.0");
	assert_true(cJSON_IsString(get(j, "$schema")));
	const cJSON *run = cJSON_GetArrayItem(get(j, "runs"), 0);
	const cJSON *driver = get(get(run, "tool"), "driver");
	assert_string_equal(get(driver, "name")->valuestring, "samc");
	const cJSON *rule;
	int nrules = 0;
	cJSON_ArrayForEach(rule, get(driver, "rules")) {
		assert_true(cJSON_IsString(get(rule, "id")));
		assert_true(cJSON_IsString(get(get(rule, "shortDescription"), "text")));
		assert_true(cJSON_IsString(get(get(rule, "defaultConfiguration"), "level")));
		nrules++;
	}
	assert_int_equal(nrules, 8); /* distinct rules that fired */
	const cJSON *results = get(run, "results");
	assert_int_equal(cJSON_GetArraySize(results), 9);
	const cJSON *res;
	cJSON_ArrayForEach(res, results) {
		assert_true(cJSON_IsString(get(res, "ruleId")));
		const char *level = get(res, "level")->valuestring;
		assert_true(strcmp(level, "error") == 0 || strcmp(level, "warning") == 0);
		assert_true(cJSON_IsString(get(get(res, "message"), "text")));
		const cJSON *phys = get(cJSON_GetArrayItem(get(res, "locations"), 0), "physicalLocation");
		assert_non_null(strstr(get(get(phys, "artifactLocation"), "uri")->valuestring, "bad_references.yaml"));
		assert_true(get(get(phys, "region"), "startLine")->valueint >= 1);
		assert_true(get(get(phys, "region"), "startColumn")->valueint >= 1);
	}
	cJSON_Delete(j);
	samc_free(out);
}

static void renders_junit(void **state)
{
	(void)state;
	char *out = render(SAMC_LINT_JUNIT, 0);
	assert_true(strncmp(out, "<?xml version=\"1.0\"", 19) == 0);
	assert_non_null(strstr(out, "<testsuites name=\"samc validate\" failures=\"9\">"));
	assert_non_null(strstr(out, "tests=\"9\" failures=\"9\""));
	assert_non_null(strstr(out, "tests=\"1\" failures=\"0\""));
	assert_non_null(strstr(out, "message=\"Ref to &apos;Nowhere&apos;"));
	assert_null(strstr(out, "'Nowhere'"));
	samc_free(out);
}

static void catalogue_and_usage(void **state)
{
	(void)state;
	const char *id, *desc;
	samc_severity sev;
	assert_true(samc_lint_rule_count() > 20);
	assert_int_equal(samc_lint_rule(0, &id, &sev, &desc), 0);
	assert_string_equal(id, "E1001");
	assert_int_equal(samc_lint_rule(samc_lint_rule_count(), &id, &sev, &desc), SAMC_EUSAGE);
	samc_lint_result *r = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_lint(NULL, NULL, &r, &err), SAMC_EUSAGE);
	samc_error_free(err);
	char *out = NULL;
	assert_int_equal(samc_lint_render(NULL, 0, SAMC_LINT_TEXT, 0, &out), 0);
	assert_string_equal(out, "");
	samc_free(out);
	assert_int_equal(samc_lint_count(NULL), 0);
	samc_lint_result_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_templates_have_no_findings),
		cmocka_unit_test(structure_rules),
		cmocka_unit_test(structure_limits),
		cmocka_unit_test(reference_rules),
		cmocka_unit_test(sam_generated_names_are_references),
		cmocka_unit_test(intrinsic_rules),
		cmocka_unit_test(sam_rules),
		cmocka_unit_test(findings_are_sorted),
		cmocka_unit_test(renders_text),
		cmocka_unit_test(renders_json),
		cmocka_unit_test(renders_sarif),
		cmocka_unit_test(renders_junit),
		cmocka_unit_test(catalogue_and_usage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
