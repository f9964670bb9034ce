/* test_json_shared_text.c — scalar text held once in a pool: nodes point at it, the tree never
 * frees it, copies own theirs, and a shared node's text can still be changed; the transform's
 * generated resources share theirs through the expanded document. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "json/shared_text.h"
#include "samc/samc.h"

static cJSON *parsed(const char *json)
{
	cJSON *v = cJSON_Parse(json);
	assert_non_null(v);
	return v;
}

static const cJSON *member(const cJSON *obj, const char *key)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, key);
	assert_non_null(m);
	return m;
}

static void equal_text_is_held_once(void **state)
{
	(void)state;
	samc_strmap pool = {0};
	cJSON *a = parsed("{\"Effect\": \"Allow\", \"List\": [\"Allow\", \"Deny\"], \"Inner\": {\"E\": \"Allow\"}}");
	cJSON *b = parsed("{\"Effect\": \"Allow\", \"Size\": 1}");
	cJSON_AddItemToObject(b, "Count", samc_number_new("7", 7)); /* numbers keep their text too */
	assert_int_equal(samc_json_share_text(&pool, a), 0);
	assert_int_equal(samc_json_share_text(&pool, b), 0);
	const char *allow = member(a, "Effect")->valuestring;
	assert_string_equal(allow, "Allow");
	assert_ptr_equal(member(b, "Effect")->valuestring, allow);
	assert_ptr_equal(member(a, "List")->child->valuestring, allow);
	assert_ptr_equal(member(member(a, "Inner"), "E")->valuestring, allow);
	assert_true(member(a, "Effect")->type & cJSON_IsReference);
	assert_ptr_equal(member(b, "Count")->valuestring, samc_strmap_intern(&pool, "7"));
	assert_int_equal(pool.count, 3); /* Allow, Deny, 7 */
	/* the containers keep their children: deleting the trees frees every node, not the text */
	cJSON_Delete(a);
	cJSON_Delete(b);
	samc_strmap_free(&pool);
}

static void copies_own_their_text(void **state)
{
	(void)state;
	samc_strmap pool = {0};
	cJSON *a = parsed("{\"K\": \"value\"}");
	assert_int_equal(samc_json_share_text(&pool, a), 0);
	cJSON *copy = cJSON_Duplicate(a, 1);
	cJSON_Delete(a);
	samc_strmap_free(&pool);
	assert_string_equal(member(copy, "K")->valuestring, "value"); /* its own, still readable */
	assert_false(member(copy, "K")->type & cJSON_IsReference);
	cJSON_Delete(copy);
}

static void shared_text_can_be_replaced(void **state)
{
	(void)state;
	samc_strmap pool = {0};
	cJSON *a = parsed("[\"Old\", \"Old\"]");
	assert_int_equal(samc_json_share_text(&pool, a), 0);
	assert_true(samc_json_set_text(a->child, "New, and longer"));
	assert_string_equal(a->child->valuestring, "New, and longer");
	assert_false(a->child->type & cJSON_IsReference);
	assert_string_equal(a->child->next->valuestring, "Old"); /* the other sharer is untouched */
	assert_true(samc_json_set_text(a->child, "N")); /* an owned text changes as cJSON does */
	assert_string_equal(a->child->valuestring, "N");
	assert_false(samc_json_set_text(a, "not a string"));
	cJSON_Delete(a);
	samc_strmap_free(&pool);
}

static const char TWO_FUNCTIONS[] = "Transform: AWS::Serverless-2016-10-31\n"
				    "Resources:\n"
				    "  A:\n"
				    "    Type: AWS::Serverless::Function\n"
				    "    Properties: {Runtime: python3.12, Handler: a.h, CodeUri: s3://b/a.zip}\n"
				    "  B:\n"
				    "    Type: AWS::Serverless::Function\n"
				    "    Properties: {Runtime: python3.12, Handler: b.h, CodeUri: s3://b/b.zip}\n";

/* The generated roles share their Type text; the document outlives nothing it points at. */
static void generated_resources_share_text(void **state)
{
	(void)state;
	samc_document *doc = NULL, *out = NULL;
	assert_int_equal(samc_document_load_buffer(&doc, TWO_FUNCTIONS, strlen(TWO_FUNCTIONS), "t.yaml", NULL, NULL),
			 0);
	assert_int_equal(samc_transform_document_take(&doc, NULL, &out, NULL), 0);
	const cJSON *res = member(out->root, "Resources");
	const cJSON *a = member(member(res, "ARole"), "Type"), *b = member(member(res, "BRole"), "Type");
	assert_string_equal(a->valuestring, "AWS::IAM::Role");
	assert_ptr_equal(a->valuestring, b->valuestring);
	assert_ptr_equal(member(member(member(res, "A"), "Properties"), "Runtime")->valuestring,
			 member(member(member(res, "B"), "Properties"), "Runtime")->valuestring);
	char *text = NULL;
	assert_int_equal(samc_document_render(out, SAMC_FORMAT_JSON, &text, NULL, NULL), 0);
	assert_non_null(strstr(text, "\"AWS::IAM::Role\""));
	/* an expansion taken over by another transform: its tree is copied, not moved away from
	 * the text it shares (which goes when the expansion is freed) */
	samc_document *again = NULL;
	assert_int_equal(samc_transform_document_take(&out, NULL, &again, NULL), 0);
	assert_null(out);
	char *text2 = NULL;
	assert_int_equal(samc_document_render(again, SAMC_FORMAT_JSON, &text2, NULL, NULL), 0);
	assert_string_equal(text, text2);
	samc_free(text);
	samc_free(text2);
	samc_document_free(again);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(equal_text_is_held_once),
		cmocka_unit_test(copies_own_their_text),
		cmocka_unit_test(shared_text_can_be_replaced),
		cmocka_unit_test(generated_resources_share_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
