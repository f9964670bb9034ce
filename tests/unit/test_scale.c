/* test_scale.c — what the large-template work must not change: the loader's direct path and
 * its fallback give the same trees and positions, and plain templates skip the translator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "samc/graph.h"
#include "samc/samc.h"
#include "util/buf.h"

/* ---- helpers ---- */

static samc_document *load_text(const char *text)
{
	samc_document *doc = NULL;
	samc_error *err = NULL;
	int rc = samc_document_load_buffer(&doc, text, strlen(text), "t.yaml", NULL, &err);
	if (rc)
		fail_msg("load failed: %s", samc_error_message(err));
	samc_error_free(err);
	return doc;
}

static const cJSON *at_path(const cJSON *v, const char *a, const char *b)
{
	v = cJSON_GetObjectItemCaseSensitive(v, a);
	return b ? cJSON_GetObjectItemCaseSensitive(v, b) : v;
}

static void assert_pos(const samc_document *doc, const cJSON *node, unsigned line, unsigned column)
{
	samc_pos p = {0, 0};
	assert_non_null(node);
	assert_true(samc_doc_pos(doc, node, &p));
	assert_int_equal(p.line, line);
	assert_int_equal(p.column, column);
}

static char *compact(const cJSON *v)
{
	char *s = cJSON_PrintUnformatted(v);
	assert_non_null(s);
	return s;
}

/* ---- the loader ---- */

/* Short tags on scalars and collections, in a mapping and in a sequence. */
static void intrinsics_get_their_long_form_and_positions(void **state)
{
	(void)state;
	samc_document *doc = load_text("A: !Ref Bucket\n"                 /* 1 */
				       "B: !GetAtt Fn.Arn.Sub\n"          /* 2 */
				       "C: !If [IsProd, !Sub '${X}', 1]\n" /* 3 */
				       "D:\n"                             /* 4 */
				       "  - !Join\n"                      /* 5 */
				       "    - ','\n"                      /* 6 */
				       "    - [a, b]\n");                 /* 7 */
	char *text = compact(doc->root);
	assert_string_equal(text, "{\"A\":{\"Ref\":\"Bucket\"},\"B\":{\"Fn::GetAtt\":[\"Fn\",\"Arn.Sub\"]},"
				  "\"C\":{\"Fn::If\":[\"IsProd\",{\"Fn::Sub\":\"${X}\"},1]},"
				  "\"D\":[{\"Fn::Join\":[\",\",[\"a\",\"b\"]]}]}");
	free(text);
	assert_pos(doc, at_path(doc->root, "A", NULL), 1, 1);      /* a member: its key */
	assert_pos(doc, at_path(doc->root, "A", "Ref"), 1, 4);     /* the tagged value */
	assert_pos(doc, at_path(doc->root, "C", "Fn::If"), 3, 4);
	const cJSON *join = cJSON_GetArrayItem(at_path(doc->root, "D", NULL), 0);
	assert_pos(doc, join, 5, 5);
	assert_pos(doc, join->child, 5, 5);
	assert_pos(doc, cJSON_GetArrayItem(join->child, 1), 7, 7);
	samc_document_free(doc);
}

/* A key that is not a string marks only its own member. */
static void non_string_keys_mark_only_themselves(void **state)
{
	(void)state;
	samc_document *doc = load_text("1: a\nb: c\ntrue: d\n'2': e\n");
	const cJSON *m = doc->root->child;
	bool expected[] = {true, false, true, false};
	const char *keys[] = {"1", "b", "true", "2"};
	for (size_t i = 0; i < 4; i++, m = m->next) {
		assert_non_null(m);
		assert_string_equal(m->string, keys[i]);
		assert_int_equal((m->type & SAMC_KEY_NOT_STRING) != 0, expected[i]);
	}
	samc_document_free(doc);
}

/* More keys than a linear search covers, then a repeated key: as in PyYAML's dict, the last
 * value wins and keeps the first key's place in the order; its position is the last key's. */
static void duplicate_keys_in_large_mappings(void **state)
{
	(void)state;
	samc_buf b = SAMC_BUF_INIT;
	for (int i = 0; i < 40; i++)
		samc_buf_printf(&b, "K%d: %d\n", i, i);
	samc_buf_puts(&b, "K3: late\n");
	samc_document *doc = load_text(samc_buf_cstr(&b));
	assert_int_equal(cJSON_GetArraySize(doc->root), 40);
	const cJSON *k3 = cJSON_GetObjectItemCaseSensitive(doc->root, "K3");
	assert_string_equal(k3->valuestring, "late");
	assert_pos(doc, k3, 41, 1);
	assert_ptr_equal(k3->prev, cJSON_GetObjectItemCaseSensitive(doc->root, "K2"));
	samc_document_free(doc);
	samc_buf_free(&b);
}

/* Anchors, aliases and merge keys go the composing way and still load. */
static void anchors_and_merges_still_load(void **state)
{
	(void)state;
	samc_document *doc = load_text("base: &b {x: 1, y: 2}\n"
				       "copy: *b\n"
				       "merged:\n"
				       "  <<: *b\n"
				       "  y: 3\n");
	char *text = compact(doc->root);
	assert_string_equal(text, "{\"base\":{\"x\":1,\"y\":2},\"copy\":{\"x\":1,\"y\":2},"
				  "\"merged\":{\"x\":1,\"y\":3}}");
	free(text);
	assert_pos(doc, at_path(doc->root, "copy", NULL), 2, 1);
	samc_document_free(doc);
}

/* Errors are the composing path's: the first problem in document order of that path. */
static void errors_keep_their_wording(void **state)
{
	(void)state;
	static const struct {
		const char *text, *message;
	} cases[] = {
		{"a: !!int abc\n", "t.yaml:1:4: "},
		{"? [a]\n: 1\n", "t.yaml:1:3: found unhashable key"},
		{"a: [1, 2\n", "t.yaml:2:1: "},
		{"a: 1\n---\nb: 2\n", "t.yaml:2:1: expected a single document"},
		{"a: *nowhere\n", "t.yaml:1:4: found undefined alias 'nowhere'"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		samc_document *doc = NULL;
		samc_error *err = NULL;
		const char *t = cases[i].text;
		assert_int_not_equal(samc_document_load_buffer(&doc, t, strlen(t), "t.yaml", NULL, &err), 0);
		assert_null(doc);
		assert_non_null(err);
		if (strncmp(samc_error_message(err), cases[i].message, strlen(cases[i].message)) != 0)
			fail_msg("case %zu: got '%s'", i, samc_error_message(err));
		samc_error_free(err);
	}
}

/* The node limit holds on the direct path too. */
static void node_limit_is_kept(void **state)
{
	(void)state;
	const char *text = "a: [1, 2, 3, 4, 5, 6]\n";
	samc_load_options opts = {.max_nodes = 5};
	samc_document *doc = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_document_load_buffer(&doc, text, strlen(text), "t.yaml", &opts, &err), SAMC_ELIMIT);
	assert_non_null(strstr(samc_error_message(err), "more than 5 nodes"));
	samc_error_free(err);
}

/* ---- the translator shortcut ---- */

static const char PLAIN[] = "Parameters:\n"
			    "  Stage: {Type: String}\n"
			    "Resources:\n"
			    "  Queue:\n"
			    "    Type: AWS::SQS::Queue\n"
			    "  Topic:\n"
			    "    Type: AWS::SNS::Topic\n"
			    "    Properties:\n"
			    "      TopicName: !GetAtt Queue.QueueName\n";

static int needed_for(const char *text, const char *overrides)
{
	samc_document *doc = load_text(text);
	samc_transform_options opts = {.parameter_overrides = overrides};
	int needed = -1;
	assert_int_equal(samc_transform_needed(doc, &opts, &needed), 0);
	samc_document_free(doc);
	return needed;
}

static void only_plain_templates_skip_the_translator(void **state)
{
	(void)state;
	assert_int_equal(needed_for(PLAIN, NULL), 0);
	assert_int_equal(needed_for(PLAIN, ""), 0);
	assert_int_equal(needed_for(PLAIN, "Stage=prod"), 1); /* overrides are checked */
	assert_int_equal(needed_for("Transform: AWS::Serverless-2016-10-31\nResources: {A: {Type: X}}\n", NULL), 1);
	assert_int_equal(needed_for("Transform: AWS::LanguageExtensions\nResources: {A: {Type: X}}\n", NULL), 1);
	assert_int_equal(needed_for("Globals: {}\nResources: {A: {Type: X}}\n", NULL), 1);
	assert_int_equal(needed_for("Resources: {A: {Type: AWS::Serverless::Function}}\n", NULL), 1);
	assert_int_equal(needed_for("Resources: {A: {Type: X, Connectors: {}}}\n", NULL), 1);
	assert_int_equal(needed_for("Resources: {ServerlessRestApi: {Type: X}}\n", NULL), 1);
	assert_int_equal(needed_for("Resources: {A: [1]}\n", NULL), 1);
	assert_int_equal(needed_for("Resources: {}\n", NULL), 1);
	assert_int_equal(needed_for("Mappings: [1]\nResources: {A: {Type: X}}\n", NULL), 1);
	assert_int_equal(needed_for("[1, 2]\n", NULL), 1);
	int needed;
	assert_int_equal(samc_transform_needed(NULL, NULL, &needed), SAMC_EUSAGE);
}

/* A plain template's expansion is itself, with its positions. */
static void plain_expansion_is_the_template(void **state)
{
	(void)state;
	samc_document *doc = load_text(PLAIN), *out = NULL;
	assert_int_equal(samc_transform_document(doc, NULL, &out, NULL), 0);
	char *a = compact(doc->root), *b = compact(out->root);
	assert_string_equal(a, b);
	free(a);
	free(b);
	assert_pos(out, at_path(at_path(out->root, "Resources", "Topic"), "Properties", "TopicName"), 9, 7);
	char *json = NULL, *rendered = NULL;
	assert_int_equal(samc_transform(doc, NULL, &json, NULL), 0);
	assert_int_equal(samc_document_render(doc, SAMC_FORMAT_JSON, &rendered, NULL, NULL), 0);
	assert_string_equal(json, rendered);
	samc_free(json);
	samc_free(rendered);
	samc_document_free(out);
	samc_document_free(doc);
}

/* ---- the graph of a large generated template ---- */

static void graph_of_thousands_of_resources(void **state)
{
	(void)state;
	samc_buf b = SAMC_BUF_INIT;
	samc_buf_puts(&b, "Resources:\n");
	enum { N = 3000 };
	for (int i = 0; i < N; i++) {
		samc_buf_printf(&b, "  R%d:\n    Type: AWS::SQS::Queue\n", i);
		if (i % 100)
			samc_buf_printf(&b, "    Properties: {QueueName: !GetAtt R%d.QueueName}\n", i - 1);
	}
	samc_document *doc = load_text(samc_buf_cstr(&b));
	samc_graph *g = NULL;
	assert_int_equal(samc_graph_build(doc, NULL, &g, NULL), 0);
	assert_int_equal(samc_graph_node_count(g), N);
	assert_int_equal(samc_graph_edge_count(g), N - N / 100);
	assert_int_equal(samc_graph_wave_count(g), 100);
	unsigned line = 0, column = 0;
	size_t from = 0, to = 0;
	assert_int_equal(samc_graph_edge(g, 0, &from, &to, NULL, &line, &column), 0);
	assert_int_equal(from, 1);
	assert_int_equal(to, 0);
	assert_int_equal(line, 6);
	assert_int_equal(column, 29); /* the !GetAtt */
	char *json = NULL;
	assert_int_equal(samc_graph_render(g, SAMC_GRAPH_JSON, &json), 0);
	assert_non_null(strstr(json, "{\"from\": \"R1\", \"to\": \"R0\", \"kind\": \"Fn::GetAtt\", \"line\": 6, \"column\": 29}"));
	assert_non_null(strstr(json, "\"name\": \"R2999\", \"kind\": \"resource\", \"type\": \"AWS::SQS::Queue\", \"wave\": 100}"));
	samc_free(json);
	samc_graph_free(g);
	samc_document_free(doc);
	samc_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(intrinsics_get_their_long_form_and_positions),
		cmocka_unit_test(non_string_keys_mark_only_themselves),
		cmocka_unit_test(duplicate_keys_in_large_mappings),
		cmocka_unit_test(anchors_and_merges_still_load),
		cmocka_unit_test(errors_keep_their_wording),
		cmocka_unit_test(node_limit_is_kept),
		cmocka_unit_test(only_plain_templates_skip_the_translator),
		cmocka_unit_test(plain_expansion_is_the_template),
		cmocka_unit_test(graph_of_thousands_of_resources),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
