/* test_json_members.c — members under string-literal keys: kept by pointer, carried by copies,
 * never freed, and handed out as owned strings when a member's key is taken. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "json/keys.h"
#include "json/members.h"

static const char TYPE_KEY[] = "Type";

static void literal_keys_are_kept_by_pointer(void **state)
{
	(void)state;
	cJSON *obj = cJSON_CreateObject();
	assert_true(SAMC_JSON_ADD(obj, "Type", cJSON_CreateString("AWS::SQS::Queue")));
	cJSON *props = SAMC_JSON_ADD_OBJECT(obj, "Properties");
	assert_non_null(props);
	assert_non_null(SAMC_JSON_ADD_STRING(props, "QueueName", "q"));
	assert_non_null(SAMC_JSON_ADD_ARRAY(props, "Tags"));
	for (const cJSON *m = obj->child; m; m = m->next)
		assert_true(m->type & cJSON_StringIsConst);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(props, "QueueName")->valuestring, "q");
	/* A copy shares the literal; deleting both frees neither key (ASan/valgrind would tell). */
	cJSON *copy = cJSON_Duplicate(obj, true);
	assert_ptr_equal(copy->child->string, obj->child->string);
	assert_true(cJSON_Compare(obj, copy, true));
	cJSON_Delete(copy);
	cJSON_Delete(obj);
}

static void adding_to_nothing_frees_the_item(void **state)
{
	(void)state;
	assert_null(samc_json_add_cs(NULL, TYPE_KEY, cJSON_CreateObject()));
	assert_null(SAMC_JSON_ADD_STRING(NULL, "Type", "x"));
	cJSON *obj = cJSON_CreateObject();
	assert_null(samc_json_add_cs(obj, TYPE_KEY, NULL)); /* no item: nothing added */
	assert_null(obj->child);
	cJSON_Delete(obj);
}

static void taking_a_literal_key_copies_it(void **state)
{
	(void)state;
	cJSON *obj = cJSON_CreateObject();
	SAMC_JSON_ADD(obj, "Literal", cJSON_CreateNull());
	cJSON_AddItemToObject(obj, "Owned", cJSON_CreateNull());
	cJSON *lit = cJSON_DetachItemViaPointer(obj, obj->child);
	cJSON *own = cJSON_DetachItemViaPointer(obj, obj->child);
	char *a = samc_json_take_key(lit);
	char *b = samc_json_take_key(own);
	assert_string_equal(a, "Literal");
	assert_string_equal(b, "Owned");
	assert_null(lit->string);
	assert_false(lit->type & cJSON_StringIsConst);
	assert_null(samc_json_take_key(lit)); /* nothing left to take */
	free(a); /* a copy, so freeing it is fine */
	free(b);
	cJSON_Delete(lit);
	cJSON_Delete(own);
	cJSON_Delete(obj);
}

static void setting_a_key_replaces_either_kind(void **state)
{
	(void)state;
	cJSON *obj = cJSON_CreateObject();
	SAMC_JSON_ADD(obj, "Literal", cJSON_CreateNull());
	cJSON_AddItemToObject(obj, "Owned", cJSON_CreateNull());
	char *k1 = malloc(4), *k2 = malloc(4);
	assert_non_null(k1);
	assert_non_null(k2);
	memcpy(k1, "One", 4);
	memcpy(k2, "Two", 4);
	samc_json_set_key(obj->child, k1);       /* the literal is not freed */
	samc_json_set_key(obj->child->next, k2); /* the owned copy is */
	assert_false(obj->child->type & cJSON_StringIsConst);
	assert_non_null(cJSON_GetObjectItemCaseSensitive(obj, "One"));
	assert_non_null(cJSON_GetObjectItemCaseSensitive(obj, "Two"));
	assert_null(cJSON_GetObjectItemCaseSensitive(obj, "Literal"));
	cJSON_Delete(obj); /* frees k1 and k2 */
}

/* A key of any origin: well-known ones are shared with the static table, others copied. */
static void keys_of_any_origin_are_shared_when_well_known(void **state)
{
	(void)state;
	char type[] = "Type", mine[] = "MyQueue";
	cJSON *obj = cJSON_CreateObject();
	assert_true(samc_json_add_key(obj, type, cJSON_CreateNull()));
	assert_true(samc_json_add_key(obj, mine, cJSON_CreateNull()));
	type[0] = mine[0] = 'X'; /* the caller's buffers are not kept */
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(obj, "Type");
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, "MyQueue");
	assert_non_null(t);
	assert_non_null(m);
	assert_true(t->type & cJSON_StringIsConst);
	assert_ptr_equal(t->string, samc_static_key("Type"));
	assert_false(m->type & cJSON_StringIsConst);
	assert_false(samc_json_add_key(NULL, "Type", NULL));
	cJSON_Delete(obj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(literal_keys_are_kept_by_pointer),
		cmocka_unit_test(adding_to_nothing_frees_the_item),
		cmocka_unit_test(taking_a_literal_key_copies_it),
		cmocka_unit_test(setting_a_key_replaces_either_kind),
		cmocka_unit_test(keys_of_any_origin_are_shared_when_well_known),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
