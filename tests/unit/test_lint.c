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

#include "lint/lint.h"
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

/* Lints SAMC_TEST_DATA/<rel>. */
static samc_lint_result *lint_data(const char *rel)
{
	char path[1024];
	const char *dir = getenv("SAMC_TEST_DATA");
	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "tests/data", rel);
	samc_document *doc = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_document_load_file(&doc, path, NULL, &err), 0);
	samc_lint_result *r = NULL;
	assert_int_equal(samc_lint(doc, NULL, &r, &err), 0);
	samc_document_free(doc);
	return r;
}

/* Lints SAMC_TEST_DATA/lint/<name>. */
static samc_lint_result *lint_file(const char *name)
{
	char rel[512];
	snprintf(rel, sizeof(rel), "lint/%s", name);
	return lint_data(rel);
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

/* Keys written twice in one mapping: every occurrence is an E0000 finding where it is written,
 * worded as cfn-lint words it; keys merged in with "<<" and a mapping repeated through an
 * alias are not duplicates of their own. */
static void duplicate_keys(void **state)
{
	(void)state;
	samc_lint_result *r = lint_text("Resources:\n"
					"  Q:\n    Type: AWS::SQS::Queue\n"
					"  Q:\n    Type: AWS::SNS::Topic\n"
					"  T:\n    Type: AWS::SNS::Topic\n"
					"    Properties: {TopicName: a, TopicName: b, TopicName: c}\n");
	assert_int_equal(count_rule(r, "E0000"), 5);
	const samc_finding *f = find(r, "E0000", 2);
	assert_non_null(f);
	assert_int_equal(f->column, 3);
	assert_string_equal(f->message, "Duplicate found 'Q' (line 2)");
	assert_string_equal(find(r, "E0000", 4)->message, "Duplicate found 'Q' (line 4)");
	assert_int_equal(f->severity, SAMC_SEVERITY_ERROR);
	size_t on_line_8 = 0;
	for (size_t i = 0; i < samc_lint_count(r); i++) {
		const samc_finding *g = samc_lint_finding(r, i);
		if (strcmp(g->rule_id, "E0000") == 0 && g->line == 8) {
			assert_string_equal(g->message, "Duplicate found 'TopicName' (line 8)");
			on_line_8++;
		}
	}
	assert_int_equal(on_line_8, 3); /* the first occurrence once, then each repeat */
	samc_lint_result_free(r);

	r = lint_text("Mappings:\n  M: &m {K: {V: 1}}\n  N: *m\n"
		      "  O:\n    <<: *m\n    K: {V: 2}\n"
		      "Resources:\n  T: {Type: AWS::SNS::Topic}\n");
	assert_int_equal(count_rule(r, "E0000"), 0);
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
	/* Fn has no CodeUri: its code is the template's folder, as sam validate and cfn-lint
	 * take it, so only the Api is invalid */
	assert_int_equal(count_rule(r, "E6001"), 1);
	assert_null(find(r, "E6001", 3));
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

/* ---- family 5: dependency cycles ---- */

static const samc_finding *only_cycle(const samc_lint_result *r)
{
	assert_int_equal(count_rule(r, "E5001"), 1);
	const samc_finding *f = find(r, "E5001", 0);
	assert_int_equal(f->severity, SAMC_SEVERITY_ERROR);
	return f;
}

static void cycle_through_ref(void **state)
{
	(void)state;
	samc_lint_result *r = lint_file("cycle_ref.yaml");
	const samc_finding *f = only_cycle(r);
	assert_string_equal(f->message, "Circular dependency between resources: [Alpha, Bravo, Charlie]: "
					"Alpha -> Bravo (Ref), Bravo -> Charlie (Ref), Charlie -> Alpha (Ref)");
	assert_int_equal(f->line, 7); /* Alpha's !Ref Bravo, the first edge */
	assert_true(f->column >= 7);
	assert_non_null(strstr(f->file, "cycle_ref.yaml"));
	samc_lint_result_free(r);
}

static void cycle_through_getatt_and_sub(void **state)
{
	(void)state;
	samc_lint_result *r = lint_file("cycle_getatt_sub.yaml");
	const samc_finding *f = only_cycle(r);
	assert_string_equal(f->message, "Circular dependency between resources: [Queue, Topic]: "
					"Queue -> Topic (Fn::GetAtt), Topic -> Queue (Fn::Sub)");
	assert_int_equal(f->line, 7);
	samc_lint_result_free(r);
}

static void cycle_through_depends_on(void **state)
{
	(void)state;
	samc_lint_result *r = lint_file("cycle_depends_on.yaml");
	const samc_finding *f = only_cycle(r);
	assert_string_equal(f->message, "Circular dependency between resources: [First, Second]: "
					"First -> Second (DependsOn), Second -> First (DependsOn)");
	assert_int_equal(f->line, 8);
	assert_null(strstr(f->message, "Unrelated"));
	samc_lint_result_free(r);

	r = lint_text("Resources:\n  Self:\n    Type: AWS::SNS::Topic\n    DependsOn: Self\n");
	f = only_cycle(r);
	assert_string_equal(f->message,
			    "Circular dependency between resources: [Self]: Self -> Self (DependsOn)");
	assert_int_equal(f->line, 4);
	samc_lint_result_free(r);
}

static void cycle_between_conditions(void **state)
{
	(void)state;
	samc_lint_result *r = lint_text("Conditions:\n"
					"  A: !Not [!Condition B]\n"
					"  B: !Not [!Condition A]\n"
					"Resources:\n"
					"  T:\n    Type: AWS::SNS::Topic\n    Condition: A\n");
	const samc_finding *f = only_cycle(r);
	assert_non_null(strstr(f->message, "Circular dependency between conditions: [A, B]"));
	assert_int_equal(f->line, 2);
	samc_lint_result_free(r);
}

/* A cycle the SAM transform creates: the source graph has none, the expanded one has it. */
static void cycle_after_sam_expansion(void **state)
{
	(void)state;
	char path[1024];
	const char *dir = getenv("SAMC_TEST_DATA");
	snprintf(path, sizeof(path), "%s/lint/cycle_sam.yaml", dir ? dir : "tests/data");
	samc_document *doc = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_document_load_file(&doc, path, NULL, &err), 0);
	samc_graph *g = NULL;
	assert_int_equal(samc_graph_build(doc, NULL, &g, &err), 0);
	samc_graph_free(g);
	samc_document_free(doc);

	samc_lint_result *r = lint_file("cycle_sam.yaml");
	const samc_finding *f = only_cycle(r);
	assert_non_null(strstr(f->message, "WorkerRole"));
	assert_non_null(strstr(f->message, "Jobs"));
	assert_non_null(strstr(f->message, "Jobs -> WorkerRole (Ref)"));
	assert_non_null(strstr(f->message, "WorkerRole -> Jobs (Fn::GetAtt)"));
	/* the position is in the source: the GetAtt in Policies or the Ref in Tags */
	assert_true(f->line == 17 || f->line == 23);
	assert_true(f->column >= 1);
	assert_non_null(strstr(f->file, "cycle_sam.yaml"));
	samc_lint_result_free(r);
}

static void acyclic_template_has_no_cycle(void **state)
{
	(void)state;
	samc_lint_result *r = lint_file("cycle_none.yaml");
	assert_int_equal(count_rule(r, "E5001"), 0);
	samc_lint_result_free(r);
	r = lint_file("good_sam.yaml");
	assert_int_equal(count_rule(r, "E5001"), 0);
	samc_lint_result_free(r);
}

/* ---- load failures: E0000 ---- */

static samc_lint_result *load_failure_of(const char *name, const char *expect_start)
{
	char path[1024];
	const char *dir = getenv("SAMC_TEST_DATA");
	snprintf(path, sizeof(path), "%s/lint/%s", dir ? dir : "tests/data", name);
	samc_document *doc = NULL;
	samc_error *load_err = NULL, *err = NULL;
	int rc = samc_document_load_file(&doc, path, NULL, &load_err);
	assert_true(rc != 0);
	assert_null(doc);
	samc_lint_result *r = NULL;
	assert_int_equal(samc_lint_load_failure(path, rc, load_err, &r, &err), 0);
	assert_null(err);
	samc_error_free(load_err);
	assert_int_equal(samc_lint_count(r), 1);
	const samc_finding *f = samc_lint_finding(r, 0);
	assert_string_equal(f->rule_id, "E0000");
	assert_int_equal(f->severity, SAMC_SEVERITY_ERROR);
	assert_string_equal(f->file, path);
	if (strncmp(f->message, expect_start, strlen(expect_start)) != 0)
		fail_msg("%s: unexpected message '%s'", name, f->message);
	assert_null(strstr(f->message, path)); /* the location is not repeated in the text */
	return r;
}

static void load_failures_become_findings(void **state)
{
	(void)state;
	samc_lint_result *r = load_failure_of("load_syntax.yaml", "template could not be parsed: ");
	assert_int_equal(samc_lint_finding(r, 0)->line, 5);
	assert_true(samc_lint_finding(r, 0)->column >= 1);
	samc_lint_result_free(r);
	r = load_failure_of("load_syntax.json", "template could not be parsed: ");
	assert_true(samc_lint_finding(r, 0)->line >= 3);
	samc_lint_result_free(r);
	r = load_failure_of("load_alias.yaml", "template could not be parsed: ");
	assert_int_equal(samc_lint_finding(r, 0)->line, 2);
	samc_lint_result_free(r);
	r = load_failure_of("load_missing.yaml", "template could not be read: cannot open: ");
	assert_int_equal(samc_lint_finding(r, 0)->line, 0);
	samc_lint_result_free(r);
}

static void load_limit_and_usage(void **state)
{
	(void)state;
	samc_document *doc = NULL;
	samc_error *load_err = NULL, *err = NULL;
	samc_load_options small = {.max_bytes = 8};
	const char *text = "Resources: {}\n";
	int rc = samc_document_load_buffer(&doc, text, strlen(text), "big.yaml", &small, &load_err);
	assert_int_equal(rc, SAMC_ELIMIT);
	samc_lint_result *r = NULL;
	assert_int_equal(samc_lint_load_failure("big.yaml", rc, load_err, &r, &err), 0);
	assert_string_equal(samc_lint_finding(r, 0)->message,
			    "template could not be parsed: document is 14 bytes; the limit is 8 bytes");
	samc_lint_result_free(r);
	samc_error_free(load_err);

	assert_int_equal(samc_lint_load_failure("x.yaml", SAMC_EINVALID, NULL, &r, &err), 0);
	assert_string_equal(samc_lint_finding(r, 0)->message, "template could not be parsed: unknown error");
	samc_lint_result_free(r);
	assert_int_equal(samc_lint_load_failure("x.yaml", SAMC_EINVALID, NULL, NULL, &err), SAMC_EUSAGE);
	samc_error_free(err);

	/* an empty template loads, and is reported as not a mapping */
	r = lint_file("load_empty.yaml");
	assert_non_null(find(r, "E1010", 0));
	samc_lint_result_free(r);
	r = lint_file("load_list.yaml");
	assert_non_null(find(r, "E1010", 0));
	samc_lint_result_free(r);
}

static void load_failure_renders_in_every_format(void **state)
{
	(void)state;
	samc_lint_result *r = load_failure_of("load_syntax.yaml", "template could not be parsed: ");
	const samc_lint_result *rs[] = {r};
	char *out = NULL;
	assert_int_equal(samc_lint_render(rs, 1, SAMC_LINT_TEXT, 0, &out), 0);
	assert_non_null(strstr(out, "load_syntax.yaml:5:"));
	assert_non_null(strstr(out, "[E0000]"));
	samc_free(out);
	assert_int_equal(samc_lint_render(rs, 1, SAMC_LINT_SARIF, 0, &out), 0);
	cJSON *j = cJSON_Parse(out);
	const cJSON *run = cJSON_GetArrayItem(get(j, "runs"), 0);
	const cJSON *res = cJSON_GetArrayItem(get(run, "results"), 0);
	assert_string_equal(get(res, "ruleId")->valuestring, "E0000");
	const cJSON *rule = cJSON_GetArrayItem(get(get(get(run, "tool"), "driver"), "rules"), 0);
	assert_string_equal(get(get(rule, "shortDescription"), "text")->valuestring,
			    "template could not be read or parsed, or a key is written twice in one "
			    "mapping");
	cJSON_Delete(j);
	samc_free(out);
	assert_int_equal(samc_lint_render(rs, 1, SAMC_LINT_JUNIT, 0, &out), 0);
	assert_non_null(strstr(out, "tests=\"1\" failures=\"1\""));
	samc_free(out);
	samc_lint_result_free(r);
}

static void catalogue_and_usage(void **state)
{
	(void)state;
	const char *id, *desc;
	samc_severity sev;
	assert_true(samc_lint_rule_count() > 20);
	assert_int_equal(samc_lint_rule(0, &id, &sev, &desc), 0);
	assert_string_equal(id, "E0000");
	bool has_cycle_rule = false;
	for (size_t i = 0; i < samc_lint_rule_count(); i++) {
		assert_int_equal(samc_lint_rule(i, &id, &sev, &desc), 0);
		if (strcmp(id, "E5001") == 0)
			has_cycle_rule = sev == SAMC_SEVERITY_ERROR && strstr(desc, "circular") != NULL;
	}
	assert_true(has_cycle_rule);
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

/* The finding of rule `id` at line whose message contains `text`, or NULL. */
static const samc_finding *find_text(const samc_lint_result *r, const char *id, unsigned line,
				     const char *text)
{
	for (size_t i = 0; i < samc_lint_count(r); i++) {
		const samc_finding *f = samc_lint_finding(r, i);
		if (strcmp(f->rule_id, id) == 0 && f->line == line && strstr(f->message, text))
			return f;
	}
	return NULL;
}

static void local_artifact_paths_are_not_errors(void **state)
{
	(void)state;
	samc_lint_result *r = lint_data("lint_sam/local_paths.yaml");
	for (size_t i = 0; i < samc_lint_count(r); i++)
		fprintf(stderr, "unexpected: %u %s\n", samc_lint_finding(r, i)->line,
			samc_lint_finding(r, i)->message);
	assert_int_equal(samc_lint_count(r), 0);
	samc_lint_result_free(r);
	/* a local CodeUri beside a real mistake: only the mistake is reported */
	r = lint_text("Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n"
		      "    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src/\n"
		      "      Handler: index.handler\n      Runtime: python3.12\n      Timeout: x\n");
	assert_int_equal(count_rule(r, "E6001"), 0);
	assert_non_null(find(r, "E3004", 9)); /* the rest of the resource is still checked */
	samc_lint_result_free(r);
}

static void language_extensions_are_expanded_first(void **state)
{
	(void)state;
	samc_lint_result *r = lint_data("lint_sam/language_extensions.yaml");
	assert_int_equal(samc_lint_count(r), 1);
	assert_non_null(find_text(r, "E2002", 22, "'TopicC'"));
	samc_lint_result_free(r);
	r = lint_text("Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::X:\n"
		      "    - N\n    - 3\n    - T${N}:\n        Type: AWS::SNS::Topic\n");
	assert_int_equal(samc_lint_count(r), 1);
	assert_non_null(find_text(r, "E6001", 5, "Fn::ForEach::X"));
	samc_lint_result_free(r);
}

static void attributes_and_read_only_properties(void **state)
{
	(void)state;
	samc_lint_result *r = lint_data("lint_sam/attributes.yaml");
	assert_null(find(r, "E2006", 0)); /* QueueName, Name */
	assert_null(find(r, "E2001", 0)); /* ServerlessRestApi.Stage */
	assert_null(find(r, "E3002", 0)); /* ApiKeyId is read-only, but may be set */
	assert_non_null(find_text(r, "E3004", 38, "parameter 'Arch' of type String"));
	assert_int_equal(samc_lint_count(r), 1); /* the CommaDelimitedList Archs is a list */
	samc_lint_result_free(r);
	r = lint_text("Resources:\n  Q:\n    Type: AWS::SQS::Queue\nOutputs:\n  O:\n"
		      "    Value: !GetAtt Q.Nope\n");
	assert_non_null(find(r, "E2006", 6));
	samc_lint_result_free(r);
}

/* X.Version of a function without AutoPublishAlias stays unresolved; X.Alias.Name of a SAM
 * function is checked against the type the function became. */
static void sam_references_the_transform_cannot_resolve(void **state)
{
	(void)state;
	samc_lint_result *r = lint_text(
		"Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n"
		"    Type: AWS::Serverless::Function\n    Properties:\n"
		"      CodeUri: s3://b/k.zip\n      Handler: i.h\n      Runtime: python3.12\n"
		"Outputs:\n  V:\n    Value: !Ref F.Version\n  A:\n    Value: !GetAtt F.Alias.Name\n"
		"  Ok:\n    Value: !GetAtt F.Arn\n");
	assert_non_null(find_text(r, "E2001", 11, "'F.Version'"));
	assert_non_null(find_text(r, "E2006", 13, "'Alias.Name'"));
	assert_int_equal(samc_lint_count(r), 2);
	samc_lint_result_free(r);
	r = lint_text("Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n"
		      "    Type: AWS::Serverless::Function\n    Properties:\n"
		      "      CodeUri: s3://b/k.zip\n      Handler: i.h\n      Runtime: python3.12\n"
		      "      AutoPublishAlias: live\n"
		      "Outputs:\n  V:\n    Value: !Ref F.Version\n  A:\n    Value: !Ref F.Alias\n");
	assert_int_equal(samc_lint_count(r), 0);
	samc_lint_result_free(r);
}

static void sam_types_without_transform(void **state)
{
	(void)state;
	samc_lint_result *r = lint_data("lint_sam/no_transform.yaml");
	assert_non_null(find_text(r, "E1016", 7, "AWS::Serverless::Function"));
	assert_int_equal(count_rule(r, "E1016"), 1);
	samc_lint_result_free(r);
}

/* ---- one thread or two: the same findings ---- */

static samc_lint_result *lint_doc_with(const samc_document *doc, lint_threads threads)
{
	samc_lint_result *r = NULL;
	samc_error *err = NULL;
	assert_int_equal(lint_run(doc, NULL, threads, &r, &err), 0);
	assert_null(err);
	return r;
}

static void assert_same_findings(const samc_lint_result *a, const samc_lint_result *b)
{
	assert_int_equal(samc_lint_count(a), samc_lint_count(b));
	for (size_t i = 0; i < samc_lint_count(a); i++) {
		const samc_finding *x = samc_lint_finding(a, i), *y = samc_lint_finding(b, i);
		assert_string_equal(x->rule_id, y->rule_id);
		assert_string_equal(x->message, y->message);
		assert_int_equal(x->line, y->line);
		assert_int_equal(x->column, y->column);
		assert_int_equal(x->severity, y->severity);
	}
}

/* Lints doc on one thread and on two; returns how many findings both gave. */
static size_t findings_on_one_and_two_threads(const samc_document *doc)
{
	samc_lint_result *one = lint_doc_with(doc, LINT_THREADS_ONE);
	samc_lint_result *two = lint_doc_with(doc, LINT_THREADS_TWO);
	samc_lint_result *chosen = lint_doc_with(doc, LINT_THREADS_AUTO);
	assert_same_findings(one, two);
	assert_same_findings(one, chosen);
	size_t n = samc_lint_count(one);
	samc_lint_result_free(one);
	samc_lint_result_free(two);
	samc_lint_result_free(chosen);
	return n;
}

static void two_threads_find_what_one_finds(void **state)
{
	(void)state;
	const char *files[] = {"bad_intrinsics.yaml", "bad_references.yaml", "bad_sam.yaml",
			       "bad_structure.yaml", "cycle_depends_on.yaml", "cycle_sam.yaml",
			       "good_sam.yaml", "load_list.yaml"};
	size_t total = 0;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[1024];
		const char *dir = getenv("SAMC_TEST_DATA");
		snprintf(path, sizeof(path), "%s/lint/%s", dir ? dir : "tests/data", files[i]);
		samc_document *doc = NULL;
		samc_error *err = NULL;
		assert_int_equal(samc_document_load_file(&doc, path, NULL, &err), 0);
		total += findings_on_one_and_two_threads(doc);
		samc_document_free(doc);
	}
	assert_true(total >= 20);
}

/* 300 resources (past the size where samc_lint takes a second thread), each with findings of
 * several families; some repeat word for word (one finding each, kept once). */
static void large_template_on_two_threads(void **state)
{
	(void)state;
	samc_buf b = SAMC_BUF_INIT;
	samc_buf_puts(&b, "Transform: AWS::Serverless-2016-10-31\nResources:\n");
	for (int i = 0; i < 150; i++) {
		samc_buf_printf(&b,
				"  Fn%d:\n    Type: AWS::Serverless::Function\n    Properties:\n"
				"      Runtime: python3.12\n      Handler: app.h\n      CodeUri: s3://b/k.zip\n"
				"      Environment: {Variables: {A: !Ref Missing%d, B: !GetAtt Q%d.Nope}}\n"
				"  Q%d:\n    Type: AWS::SQS::Queue\n    DependsOn: Q%d\n"
				"    Properties: {Bogus: 1, QueueName: !Sub '${Gone}-${Q%d.Arn}'}\n",
				i, i, i, i, (i + 1) % 150, i);
	}
	samc_document *doc = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_document_load_buffer(&doc, b.ptr, b.len, "large.yaml", NULL, &err), 0);
	size_t n = findings_on_one_and_two_threads(doc);
	assert_true(n >= 4 * 150);
	samc_document_free(doc);
	samc_buf_free(&b);
}

/* A finding reported again word for word at the same place is kept once, however many there
 * are: 2,000 mappings with an undefined Ref, each used by three resources through an alias
 * (the copies share the anchor's position), give 2,000 findings, one per anchor. */
static void repeated_findings_are_kept_once_at_scale(void **state)
{
	(void)state;
	samc_buf b = SAMC_BUF_INIT;
	samc_buf_puts(&b, "Resources:\n");
	for (int i = 0; i < 2000; i++)
		samc_buf_printf(&b,
				"  A%d:\n    Type: AWS::SQS::Queue\n    Properties: &p%d {QueueName: !Ref Nope%d}\n"
				"  B%d:\n    Type: AWS::SQS::Queue\n    Properties: *p%d\n"
				"  C%d:\n    Type: AWS::SQS::Queue\n    Properties: *p%d\n",
				i, i, i, i, i, i, i);
	samc_document *doc = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_document_load_buffer(&doc, b.ptr, b.len, "many.yaml", NULL, &err), 0);
	samc_lint_result *r = NULL;
	assert_int_equal(samc_lint(doc, NULL, &r, &err), 0);
	assert_int_equal(count_rule(r, "E2001"), 2000);
	unsigned last_line = 0;
	for (size_t i = 0; i < samc_lint_count(r); i++) {
		const samc_finding *f = samc_lint_finding(r, i);
		if (strcmp(f->rule_id, "E2001") != 0)
			continue;
		assert_true(f->line > last_line); /* one per anchor, in line order */
		last_line = f->line;
	}
	samc_lint_result_free(r);
	samc_document_free(doc);
	samc_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_templates_have_no_findings),
		cmocka_unit_test(structure_rules),
		cmocka_unit_test(duplicate_keys),
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
		cmocka_unit_test(cycle_through_ref),
		cmocka_unit_test(cycle_through_getatt_and_sub),
		cmocka_unit_test(cycle_through_depends_on),
		cmocka_unit_test(cycle_between_conditions),
		cmocka_unit_test(cycle_after_sam_expansion),
		cmocka_unit_test(acyclic_template_has_no_cycle),
		cmocka_unit_test(load_failures_become_findings),
		cmocka_unit_test(load_limit_and_usage),
		cmocka_unit_test(load_failure_renders_in_every_format),
		cmocka_unit_test(catalogue_and_usage),
		cmocka_unit_test(local_artifact_paths_are_not_errors),
		cmocka_unit_test(language_extensions_are_expanded_first),
		cmocka_unit_test(attributes_and_read_only_properties),
		cmocka_unit_test(sam_types_without_transform),
		cmocka_unit_test(sam_references_the_transform_cannot_resolve),
		cmocka_unit_test(two_threads_find_what_one_finds),
		cmocka_unit_test(large_template_on_two_threads),
		cmocka_unit_test(repeated_findings_are_kept_once_at_scale),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
