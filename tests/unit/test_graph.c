/* test_graph.c — samc_graph: which references make edges, waves, critical path, deletion
 * order, cycles with positions, renderings, and graphs of expanded SAM templates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samc/samc.h"
#include "util/buf.h"

static samc_document *load(const char *yaml)
{
	samc_document *doc = NULL;
	assert_int_equal(samc_document_load_buffer(&doc, yaml, strlen(yaml), "t.yaml", NULL, NULL), 0);
	return doc;
}

static samc_graph *graph_of(const char *yaml)
{
	samc_document *doc = load(yaml);
	samc_graph *g = NULL;
	samc_error *err = NULL;
	int rc = samc_graph_build(doc, NULL, &g, &err);
	if (rc)
		fprintf(stderr, "%s\n", samc_error_message(err));
	assert_int_equal(rc, 0);
	samc_document_free(doc);
	return g;
}

static size_t node(const samc_graph *g, samc_graph_node_kind kind, const char *name)
{
	size_t i = 0;
	assert_int_equal(samc_graph_find(g, kind, name, &i), 0);
	return i;
}

/* Edges as "From>To:Kind" lines, in edge order. */
static char *edge_list(const samc_graph *g)
{
	samc_buf b = SAMC_BUF_INIT;
	for (size_t i = 0; i < samc_graph_edge_count(g); i++) {
		size_t from, to;
		samc_graph_edge_kind kind;
		assert_int_equal(samc_graph_edge(g, i, &from, &to, &kind, NULL, NULL), 0);
		samc_buf_printf(&b, "%s>%s:%s\n", samc_graph_node_name(g, from), samc_graph_node_name(g, to),
				samc_graph_edge_kind_name(kind));
	}
	return samc_buf_detach(&b);
}

static void assert_edges(const char *yaml, const char *want)
{
	samc_graph *g = graph_of(yaml);
	char *got = edge_list(g);
	assert_string_equal(got, want);
	free(got);
	samc_graph_free(g);
}

static void ref_and_both_getatt_forms_make_edges(void **state)
{
	(void)state;
	assert_edges("Resources:\n"
		     "  A: {Type: T}\n"
		     "  B: {Type: T, Properties: {X: !Ref A}}\n"
		     "  C: {Type: T, Properties: {X: !GetAtt B.Arn, Y: {\"Fn::GetAtt\": \"A.Arn\"}}}\n"
		     "  D: {Type: T, Properties: {X: {\"Fn::GetAtt\": [C, Arn]}}}\n",
		     "B>A:Ref\nC>B:Fn::GetAtt\nC>A:Fn::GetAtt\nD>C:Fn::GetAtt\n");
}

static void sub_skips_its_variables_and_literals(void **state)
{
	(void)state;
	assert_edges("Parameters: {P: {Type: String}}\n"
		     "Resources:\n"
		     "  A: {Type: T}\n"
		     "  B: {Type: T}\n"
		     "  C: {Type: T}\n"
		     "  D:\n"
		     "    Type: T\n"
		     "    Properties:\n"
		     "      X: !Sub '${A.Arn}-${P}-${AWS::Region}-${!B}'\n"
		     "      Y: !Sub ['${C}-${V}', {C: x, V: !Ref B}]\n",
		     "D>A:Fn::Sub\nD>B:Ref\n");
}

static void depends_on_string_and_list(void **state)
{
	(void)state;
	assert_edges("Resources:\n"
		     "  A: {Type: T}\n"
		     "  B: {Type: T, DependsOn: A}\n"
		     "  C: {Type: T, DependsOn: [A, B, Nope]}\n",
		     "B>A:DependsOn\nC>A:DependsOn\nC>B:DependsOn\n");
}

static void conditions_are_nodes_with_edges(void **state)
{
	(void)state;
	const char *yaml = "Conditions:\n"
			   "  One: !Equals [a, b]\n"
			   "  Two: !Not [!Condition One]\n"
			   "Resources:\n"
			   "  A: {Type: T, Condition: Two}\n"
			   "  B: {Type: T, Properties: {X: !If [One, !Ref A, !Ref 'AWS::NoValue']}}\n";
	assert_edges(yaml, "A>Two:Condition\nB>One:Fn::If\nB>A:Ref\nTwo>One:Condition\n");
	samc_graph *g = graph_of(yaml);
	assert_int_equal(samc_graph_node_count(g), 4);
	assert_int_equal(samc_graph_resource_count(g), 2);
	assert_int_equal(samc_graph_node_kind_of(g, node(g, SAMC_GRAPH_CONDITION, "One")), SAMC_GRAPH_CONDITION);
	assert_int_equal(samc_graph_node_wave(g, node(g, SAMC_GRAPH_CONDITION, "One")), (size_t)-1);
	assert_string_equal(samc_graph_node_type(g, node(g, SAMC_GRAPH_RESOURCE, "A")), "T");
	samc_graph_free(g);
}

static void parameters_and_unknown_names_are_ignored(void **state)
{
	(void)state;
	assert_edges("Parameters: {P: {Type: String}}\n"
		     "Resources:\n"
		     "  A: {Type: T, Properties: {X: !Ref P, Y: !Ref 'AWS::StackName', Z: !GetAtt Ghost.Arn}}\n",
		     "");
}

static void repeated_references_make_one_edge(void **state)
{
	(void)state;
	assert_edges("Resources:\n"
		     "  A: {Type: T}\n"
		     "  B: {Type: T, DependsOn: A, Properties: {X: !Ref A, Y: !GetAtt A.Arn}}\n",
		     "B>A:DependsOn\n");
}

static void waves_critical_path_and_deletion_order(void **state)
{
	(void)state;
	samc_graph *g = graph_of("Resources:\n"
				 "  D: {Type: T, DependsOn: [B, C]}\n"
				 "  A: {Type: T}\n"
				 "  B: {Type: T, DependsOn: A}\n"
				 "  C: {Type: T}\n"
				 "  E: {Type: T, DependsOn: C}\n");
	assert_int_equal(samc_graph_wave_count(g), 3);
	assert_int_equal(samc_graph_wave_size(g, 0), 2);
	assert_string_equal(samc_graph_node_name(g, samc_graph_wave_node(g, 0, 0)), "A");
	assert_string_equal(samc_graph_node_name(g, samc_graph_wave_node(g, 0, 1)), "C");
	assert_int_equal(samc_graph_wave_size(g, 1), 2);
	assert_string_equal(samc_graph_node_name(g, samc_graph_wave_node(g, 1, 0)), "B");
	assert_string_equal(samc_graph_node_name(g, samc_graph_wave_node(g, 1, 1)), "E");
	assert_string_equal(samc_graph_node_name(g, samc_graph_wave_node(g, 2, 0)), "D");
	assert_int_equal(samc_graph_critical_path_length(g), 3);
	const char *path[] = {"A", "B", "D"};
	for (size_t j = 0; j < 3; j++)
		assert_string_equal(samc_graph_node_name(g, samc_graph_critical_path_node(g, j)), path[j]);
	assert_int_equal(samc_graph_deletion_order_length(g), 5);
	const char *deletion[] = {"D", "B", "E", "A", "C"};
	for (size_t j = 0; j < 5; j++)
		assert_string_equal(samc_graph_node_name(g, samc_graph_deletion_order_node(g, j)), deletion[j]);
	samc_graph_free(g);
}

static void empty_template_has_no_waves(void **state)
{
	(void)state;
	samc_graph *g = graph_of("AWSTemplateFormatVersion: '2010-09-09'\n");
	assert_int_equal(samc_graph_node_count(g), 0);
	assert_int_equal(samc_graph_wave_count(g), 0);
	assert_int_equal(samc_graph_critical_path_length(g), 0);
	char *text = NULL;
	assert_int_equal(samc_graph_render(g, SAMC_GRAPH_JSON, &text), 0);
	assert_non_null(strstr(text, "\"nodes\": []"));
	samc_free(text);
	samc_graph_free(g);
}

static void cycle_names_each_resource_with_positions(void **state)
{
	(void)state;
	samc_document *doc = load("Resources:\n"                          /* 1 */
				  "  Free: {Type: T}\n"                   /* 2 */
				  "  A:\n"                                /* 3 */
				  "    Type: T\n"                         /* 4 */
				  "    Properties: {X: !Ref B}\n"         /* 5 */
				  "  B:\n"                                /* 6 */
				  "    Type: T\n"                         /* 7 */
				  "    DependsOn: [Free, C]\n"            /* 8 */
				  "  C:\n"                                /* 9 */
				  "    Type: T\n"                         /* 10 */
				  "    Properties: {X: !Sub '${A.Arn}'}\n"); /* 11 */
	samc_graph *g = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_graph_build(doc, NULL, &g, &err), SAMC_EINVALID);
	assert_null(g);
	assert_string_equal(samc_error_message(err), "Circular dependency between resources: [A, B, C]");
	assert_int_equal(samc_error_count(err), 3);
	const char *want[] = {"A -> B (Ref)", "B -> C (DependsOn)", "C -> A (Fn::Sub)"};
	unsigned lines[] = {5, 8, 11};
	for (size_t i = 0; i < 3; i++) {
		const char *msg;
		unsigned line, col;
		assert_int_equal(samc_error_cause(err, i, &msg, &line, &col), 0);
		assert_string_equal(msg, want[i]);
		assert_int_equal(line, lines[i]);
		assert_true(col > 0);
	}
	samc_error_free(err);
	samc_document_free(doc);
}

static void self_reference_and_condition_cycles(void **state)
{
	(void)state;
	samc_document *doc = load("Resources:\n  A: {Type: T, Properties: {X: !Ref A}}\n");
	samc_graph *g = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_graph_build(doc, NULL, &g, &err), SAMC_EINVALID);
	assert_string_equal(samc_error_message(err), "Circular dependency between resources: [A]");
	samc_error_free(err);
	samc_document_free(doc);
	doc = load("Conditions:\n  X: !Not [!Condition Y]\n  Y: !Not [!Condition X]\nResources: {}\n");
	err = NULL;
	assert_int_equal(samc_graph_build(doc, NULL, &g, &err), SAMC_EINVALID);
	assert_string_equal(samc_error_message(err), "Circular dependency between conditions: [X, Y]");
	samc_error_free(err);
	samc_document_free(doc);
}

static void renders_every_format(void **state)
{
	(void)state;
	samc_graph *g = graph_of("Conditions: {C: !Equals [a, b]}\n"
				 "Resources:\n"
				 "  A: {Type: T, Condition: C}\n"
				 "  B: {Type: T, Properties: {X: !Ref A}}\n");
	struct {
		samc_graph_format format;
		const char *needle;
	} cases[] = {
		{SAMC_GRAPH_TEXT, "critical path (2): A -> B"},
		{SAMC_GRAPH_JSON, "{\"from\": \"B\", \"to\": \"A\", \"kind\": \"Ref\", \"line\": 4, \"column\": 32}"},
		{SAMC_GRAPH_DOT, "\"B\" -> \"A\" [label=\"Ref\"];"},
		{SAMC_GRAPH_MERMAID, "n1 -->|\"Ref\"| n0"},
		{SAMC_GRAPH_MERMAID, "n2{\"C\"}"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = NULL;
		assert_int_equal(samc_graph_render(g, cases[i].format, &out), 0);
		if (!strstr(out, cases[i].needle))
			fprintf(stderr, "missing %s in:\n%s", cases[i].needle, out);
		assert_non_null(strstr(out, cases[i].needle));
		samc_free(out);
	}
	char *out = NULL;
	assert_int_equal(samc_graph_render(g, (samc_graph_format)42, &out), SAMC_EUSAGE);
	samc_graph_free(g);
}

static void expanded_sam_template_orders_generated_resources(void **state)
{
	(void)state;
	samc_document *doc = load("Transform: AWS::Serverless-2016-10-31\n"
				  "Resources:\n"
				  "  Fn:\n"
				  "    Type: AWS::Serverless::Function\n"
				  "    Properties: {Runtime: python3.12, Handler: a.h, CodeUri: s3://b/k.zip}\n");
	samc_document *out = NULL;
	assert_int_equal(samc_transform_document(doc, NULL, &out, NULL), 0);
	samc_graph *g = NULL;
	assert_int_equal(samc_graph_build(out, NULL, &g, NULL), 0);
	size_t fn = node(g, SAMC_GRAPH_RESOURCE, "Fn"), role = node(g, SAMC_GRAPH_RESOURCE, "FnRole");
	assert_int_equal(samc_graph_node_wave(g, role), 0);
	assert_int_equal(samc_graph_node_wave(g, fn), 1);
	samc_graph_free(g);
	assert_int_equal(samc_graph_build(doc, NULL, &g, NULL), 0);
	assert_int_equal(samc_graph_node_count(g), 1);
	samc_graph_free(g);
	samc_document_free(out);
	samc_document_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ref_and_both_getatt_forms_make_edges),
		cmocka_unit_test(sub_skips_its_variables_and_literals),
		cmocka_unit_test(depends_on_string_and_list),
		cmocka_unit_test(conditions_are_nodes_with_edges),
		cmocka_unit_test(parameters_and_unknown_names_are_ignored),
		cmocka_unit_test(repeated_references_make_one_edge),
		cmocka_unit_test(waves_critical_path_and_deletion_order),
		cmocka_unit_test(empty_template_has_no_waves),
		cmocka_unit_test(cycle_names_each_resource_with_positions),
		cmocka_unit_test(self_reference_and_condition_cycles),
		cmocka_unit_test(renders_every_format),
		cmocka_unit_test(expanded_sam_template_orders_generated_resources),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
