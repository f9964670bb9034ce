/* test_json_keys.c — the static table of well-known keys: ordered for lookup, found exactly,
 * and shared (never copied, never freed) by the members the loader makes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "json/keys.h"

static void table_is_ordered_and_every_key_is_found(void **state)
{
	(void)state;
	size_t n = samc_static_key_count();
	assert_true(n > 100);
	for (size_t i = 0; i < n; i++) {
		const char *k = samc_static_key_at(i);
		assert_true(strlen(k) < SAMC_STATIC_KEY_ROW);
		if (i)
			assert_true(strcmp(samc_static_key_at(i - 1), k) < 0);
		char copy[SAMC_STATIC_KEY_ROW];
		strcpy(copy, k);
		assert_ptr_equal(samc_static_key(copy), k);
		assert_true(samc_is_static_key(k));
		assert_false(samc_is_static_key(copy));
	}
	assert_null(samc_static_key_at(n));
}

static void other_names_are_not_static(void **state)
{
	(void)state;
	static const char *const others[] = {"type", "TYPE", "Typ", "Types", "", "MyFunction",
					     "Fn::Nope", "Properties ", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"};
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		assert_null(samc_static_key(others[i]));
	assert_null(samc_static_key(NULL));
	assert_false(samc_is_static_key(NULL));
	assert_false(samc_is_static_key("Type")); /* an equal literal elsewhere is not the table's */
}

/* Loaded members with well-known keys (and the short-form tags' keys) share the table; other
 * keys are the member's own. Freeing the document frees only those (ASan/valgrind check). */
static void loader_shares_well_known_keys(void **state)
{
	(void)state;
	static const char yaml[] = "Resources:\n"
				   "  MyQueue:\n"
				   "    Type: AWS::SQS::Queue\n"
				   "    Properties:\n"
				   "      QueueName: !Sub '${AWS::StackName}-q'\n"
				   "      MyOwnKey: !GetAtt Other.Arn\n"
				   "      Tags: [{Key: k, Value: !Ref AWS::Region}]\n";
	samc_document *doc = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_document_load_buffer(&doc, yaml, sizeof(yaml) - 1, "t.yaml", NULL, &err), 0);
	const cJSON *res = cJSON_GetObjectItemCaseSensitive(doc->root, "Resources");
	const cJSON *q = cJSON_GetObjectItemCaseSensitive(res, "MyQueue");
	const cJSON *props = cJSON_GetObjectItemCaseSensitive(q, "Properties");
	assert_true(samc_is_static_key(res->string));
	assert_true(res->type & cJSON_StringIsConst);
	assert_false(samc_is_static_key(q->string));
	assert_false(q->type & cJSON_StringIsConst);
	assert_true(samc_is_static_key(cJSON_GetObjectItemCaseSensitive(q, "Type")->string));
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(props, "QueueName");
	assert_true(samc_is_static_key(name->child->string)); /* Fn::Sub */
	assert_string_equal(name->child->string, "Fn::Sub");
	const cJSON *own = cJSON_GetObjectItemCaseSensitive(props, "MyOwnKey");
	assert_false(samc_is_static_key(own->string));
	assert_string_equal(own->child->string, "Fn::GetAtt");
	assert_true(samc_is_static_key(own->child->string));
	const cJSON *tag = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(props, "Tags"), 0);
	assert_true(samc_is_static_key(cJSON_GetObjectItemCaseSensitive(tag, "Value")->child->string));
	cJSON *copy = cJSON_Duplicate(doc->root, true);
	assert_true(cJSON_Compare(copy, doc->root, true));
	cJSON_Delete(copy);
	samc_document_free(doc);
}

/* Anchors, aliases and merge keys take the loader's other road: the same sharing there. */
static void aliased_mappings_share_well_known_keys_too(void **state)
{
	(void)state;
	static const char yaml[] = "Mappings: &m {Env: {Name: a}}\n"
				   "Outputs:\n"
				   "  <<: *m\n"
				   "  Value: !Ref Thing\n"
				   "Metadata: *m\n";
	samc_document *doc = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_document_load_buffer(&doc, yaml, sizeof(yaml) - 1, "t.yaml", NULL, &err), 0);
	const cJSON *outputs = cJSON_GetObjectItemCaseSensitive(doc->root, "Outputs");
	const cJSON *env = cJSON_GetObjectItemCaseSensitive(outputs, "Env");
	assert_non_null(env);
	assert_false(samc_is_static_key(env->string));
	assert_true(samc_is_static_key(cJSON_GetObjectItemCaseSensitive(env, "Name")->string));
	const cJSON *value = cJSON_GetObjectItemCaseSensitive(outputs, "Value");
	assert_true(samc_is_static_key(value->string));
	assert_true(samc_is_static_key(value->child->string)); /* Ref */
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(doc->root, "Metadata");
	assert_true(samc_is_static_key(meta->string));
	const cJSON *meta_env = cJSON_GetObjectItemCaseSensitive(meta, "Env");
	assert_true(samc_is_static_key(cJSON_GetObjectItemCaseSensitive(meta_env, "Name")->string));
	samc_document_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_is_ordered_and_every_key_is_found),
		cmocka_unit_test(other_names_are_not_static),
		cmocka_unit_test(loader_shares_well_known_keys),
		cmocka_unit_test(aliased_mappings_share_well_known_keys_too),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
