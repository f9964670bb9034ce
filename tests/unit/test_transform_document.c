/* test_transform_document.c — samc_transform_document(_take): the expanded template as a
 * document whose nodes point back at the source (passthrough nodes, generated resources, children). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "doc/doc.h"
#include "samc/samc.h"

static const char TEMPLATE[] = "Transform: AWS::Serverless-2016-10-31\n"  /* 1 */
			       "Resources:\n"                                /* 2 */
			       "  Queue:\n"                                  /* 3 */
			       "    Type: AWS::SQS::Queue\n"                 /* 4 */
			       "    Properties:\n"                           /* 5 */
			       "      DelaySeconds: 5\n"                     /* 6 */
			       "  Fn:\n"                                     /* 7 */
			       "    Type: AWS::Serverless::Function\n"       /* 8 */
			       "    Properties:\n"                           /* 9 */
			       "      Runtime: python3.12\n"                 /* 10 */
			       "      Handler: app.handler\n"                /* 11 */
			       "      CodeUri: s3://b/k.zip\n";              /* 12 */

static samc_pos pos_of(const cJSON *node)
{
	samc_pos p = {0, 0};
	assert_non_null(node);
	assert_true(samc_node_pos(node, &p));
	return p;
}

static void expanded_nodes_point_at_their_source(void **state)
{
	(void)state;
	samc_document *doc = NULL, *out = NULL;
	assert_int_equal(samc_document_load_buffer(&doc, TEMPLATE, strlen(TEMPLATE), "t.yaml", NULL, NULL), 0);
	assert_int_equal(samc_transform_document(doc, NULL, &out, NULL), 0);
	const cJSON *res = cJSON_GetObjectItemCaseSensitive(out->root, "Resources");
	const cJSON *queue = cJSON_GetObjectItemCaseSensitive(res, "Queue");
	assert_int_equal(pos_of(queue).line, 3);
	const cJSON *delay = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(queue, "Properties"),
							      "DelaySeconds");
	assert_int_equal(pos_of(delay).line, 6);
	assert_int_equal(pos_of(delay).column, 7);
	/* the Lambda function and its generated role both point at the SAM function */
	assert_int_equal(pos_of(cJSON_GetObjectItemCaseSensitive(res, "Fn")).line, 7);
	const cJSON *role = cJSON_GetObjectItemCaseSensitive(res, "FnRole");
	assert_int_equal(pos_of(role).line, 7);
	const cJSON *runtime = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(res, "Fn"), "Properties"), "Runtime");
	assert_int_equal(pos_of(runtime).line, 10);
	/* a generated child without a source of its own inherits its resource's position */
	const cJSON *arns = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(role, "Properties"),
							     "ManagedPolicyArns");
	assert_int_equal(pos_of(arns).line, 7);
	assert_string_equal(out->name, "t.yaml");
	samc_document_free(out);
	samc_document_free(doc);
}

static void rejected_templates_give_no_document(void **state)
{
	(void)state;
	const char *bad = "Resources:\n  T:\n    Type: AWS::Serverless::SimpleTable\n    Properties:\n      Bogus: 1\n";
	samc_document *doc = NULL, *out = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_document_load_buffer(&doc, bad, strlen(bad), "b.yaml", NULL, NULL), 0);
	assert_int_equal(samc_transform_document(doc, NULL, &out, &err), SAMC_EINVALID);
	assert_null(out);
	assert_int_equal(samc_error_count(err), 1);
	samc_error_free(err);
	samc_document_free(doc);
}

static samc_document *loaded(const char *text, const char *name)
{
	samc_document *doc = NULL;
	assert_int_equal(samc_document_load_buffer(&doc, text, strlen(text), name, NULL, NULL), 0);
	return doc;
}

static char *rendered(const samc_document *doc)
{
	char *out = NULL;
	assert_int_equal(samc_document_render(doc, SAMC_FORMAT_JSON, &out, NULL, NULL), 0);
	return out;
}

/* Taking the document over gives the same expansion, the same positions, and consumes it. */
static void taking_the_document_matches_copying_it(void **state)
{
	(void)state;
	samc_document *doc = loaded(TEMPLATE, "t.yaml"), *copied = NULL, *taken = NULL;
	assert_int_equal(samc_transform_document(doc, NULL, &copied, NULL), 0);
	assert_int_equal(samc_transform_document_take(&doc, NULL, &taken, NULL), 0);
	assert_null(doc);
	char *a = rendered(copied), *b = rendered(taken);
	assert_string_equal(a, b);
	const cJSON *res = cJSON_GetObjectItemCaseSensitive(taken->root, "Resources");
	assert_int_equal(pos_of(cJSON_GetObjectItemCaseSensitive(res, "FnRole")).line, 7);
	assert_int_equal(pos_of(cJSON_GetObjectItemCaseSensitive(res, "Queue")).line, 3);
	assert_string_equal(taken->name, "t.yaml");
	samc_free(a);
	samc_free(b);
	samc_document_free(copied);
	samc_document_free(taken);
}

/* skip_positions: the same text, but generated nodes carry no position; copied nodes keep the
 * one the loader gave them. */
static void skipping_positions_changes_only_positions(void **state)
{
	(void)state;
	samc_document *doc = loaded(TEMPLATE, "t.yaml"), *positioned = NULL, *bare = NULL;
	samc_transform_options opts = {.skip_positions = 1};
	assert_int_equal(samc_transform_document(doc, NULL, &positioned, NULL), 0);
	assert_int_equal(samc_transform_document(doc, &opts, &bare, NULL), 0);
	char *a = rendered(positioned), *b = rendered(bare);
	assert_string_equal(a, b);
	const cJSON *res = cJSON_GetObjectItemCaseSensitive(bare->root, "Resources");
	const cJSON *role = cJSON_GetObjectItemCaseSensitive(res, "FnRole");
	samc_pos p;
	assert_false(samc_node_pos(role, &p));
	assert_false(samc_node_pos(cJSON_GetObjectItemCaseSensitive(role, "Properties"), &p));
	assert_int_equal(pos_of(cJSON_GetObjectItemCaseSensitive(res, "Queue")).line, 3);
	samc_free(a);
	samc_free(b);
	samc_document_free(positioned);
	samc_document_free(bare);
	samc_document_free(doc);
}

/* A plain CloudFormation template taken over is its own expansion. */
static void taking_a_plain_template_keeps_it(void **state)
{
	(void)state;
	const char *plain = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n";
	samc_document *doc = loaded(plain, "p.yaml"), *out = NULL;
	assert_int_equal(samc_transform_document_take(&doc, NULL, &out, NULL), 0);
	assert_null(doc);
	const cJSON *q = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(out->root, "Resources"), "Q");
	assert_int_equal(pos_of(q).line, 2);
	samc_document_free(out);
}

/* Errors point at the resource in the source although the tree they came from is gone. */
static void taken_documents_report_errors_at_the_source(void **state)
{
	(void)state;
	const char *bad = "Transform: AWS::Serverless-2016-10-31\n"
			  "Resources:\n"
			  "  Q:\n"
			  "    Type: AWS::SQS::Queue\n"
			  "  T:\n"
			  "    Type: AWS::Serverless::SimpleTable\n"
			  "    Properties:\n"
			  "      Bogus: 1\n";
	samc_document *doc = loaded(bad, "b.yaml"), *out = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_transform_document_take(&doc, NULL, &out, &err), SAMC_EINVALID);
	assert_null(doc);
	assert_null(out);
	assert_int_equal(samc_error_count(err), 1);
	const char *message = NULL;
	unsigned line = 0, column = 0;
	assert_int_equal(samc_error_cause(err, 0, &message, &line, &column), 0);
	assert_non_null(strstr(message, "Resource with id [T] is invalid"));
	assert_int_equal(line, 5);
	assert_int_equal(column, 3);
	assert_string_equal(samc_error_file(err), "b.yaml");
	samc_error_free(err);
}

static void taking_nothing_is_a_usage_error(void **state)
{
	(void)state;
	samc_document *doc = NULL, *out = NULL;
	assert_int_equal(samc_transform_document_take(NULL, NULL, &out, NULL), SAMC_EUSAGE);
	assert_int_equal(samc_transform_document_take(&doc, NULL, &out, NULL), SAMC_EUSAGE);
	assert_null(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(expanded_nodes_point_at_their_source),
		cmocka_unit_test(rejected_templates_give_no_document),
		cmocka_unit_test(taking_the_document_matches_copying_it),
		cmocka_unit_test(skipping_positions_changes_only_positions),
		cmocka_unit_test(taking_a_plain_template_keeps_it),
		cmocka_unit_test(taken_documents_report_errors_at_the_source),
		cmocka_unit_test(taking_nothing_is_a_usage_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
