/* test_deploy_params.c — deploy's option values (lib/deploy/params.c): --parameter-overrides
 * in SAM CLI's forms, --tags, --capabilities, and the key/value list they fill. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samc/deploy.h"

/* expected: "K=V|K2=V2" in order */
static void assert_pairs(const samc_kv_list *list, const char *const *want, size_t n)
{
	assert_int_equal(samc_kv_count(list), n);
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(want[i], '=');
		assert_non_null(eq);
		assert_int_equal(strlen(samc_kv_key(list, i)), (size_t)(eq - want[i]));
		assert_memory_equal(samc_kv_key(list, i), want[i], (size_t)(eq - want[i]));
		assert_string_equal(samc_kv_value(list, i), eq + 1);
	}
}

static void parameter_forms(void **state)
{
	(void)state;
	samc_kv_list *l = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_deploy_parse_parameters(
				 "Stage=prod  Name=\"two words\" Quote='it\"s' "
				 "ParameterKey=Size,ParameterValue=3 Path=a\\ b Empty=",
				 &l, &err), 0);
	const char *const want[] = {"Stage=prod", "Name=two words", "Quote=it\"s", "Size=3",
				    "Path=a b", "Empty="};
	assert_pairs(l, want, 6);
	assert_string_equal(samc_kv_find(l, "Size"), "3");
	assert_null(samc_kv_find(l, "Missing"));
	samc_kv_list_free(l);
}

static void later_value_wins(void **state)
{
	(void)state;
	samc_kv_list *l = NULL;
	assert_int_equal(samc_deploy_parse_parameters("A=1 B=2 A=3", &l, NULL), 0);
	assert_int_equal(samc_kv_count(l), 2);
	assert_string_equal(samc_kv_find(l, "A"), "3");
	assert_string_equal(samc_kv_find(l, "B"), "2");
	samc_kv_list_free(l);
}

static void escaped_quotes_inside_double_quotes(void **state)
{
	(void)state;
	samc_kv_list *l = NULL;
	assert_int_equal(samc_deploy_parse_parameters("Msg=\"say \\\"hi\\\" \\\\ now\"", &l, NULL), 0);
	assert_string_equal(samc_kv_find(l, "Msg"), "say \"hi\" \\ now");
	samc_kv_list_free(l);
}

static void empty_text_is_empty_list(void **state)
{
	(void)state;
	samc_kv_list *l = NULL;
	assert_int_equal(samc_deploy_parse_parameters("   ", &l, NULL), 0);
	assert_int_equal(samc_kv_count(l), 0);
	samc_kv_list_free(l);
}

static void bad_parameters(void **state)
{
	(void)state;
	const char *bad[] = {"NoEquals", "=value", "Bad-Key=1", "Key.With.Dots=2"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		samc_kv_list *l = NULL;
		samc_error *err = NULL;
		assert_int_equal(samc_deploy_parse_parameters(bad[i], &l, &err), SAMC_EINVALID);
		assert_null(l);
		assert_non_null(err);
		assert_non_null(strstr(samc_error_message(err), "--parameter-overrides"));
		samc_error_free(err);
	}
}

static void tags(void **state)
{
	(void)state;
	samc_kv_list *l = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_deploy_parse_tags("team=payments cost-center=\"cc 42\" a:b=c/d", &l, &err), 0);
	const char *const want[] = {"team=payments", "cost-center=cc 42", "a:b=c/d"};
	assert_pairs(l, want, 3);
	samc_kv_list_free(l);
	assert_int_equal(samc_deploy_parse_tags("lonely", &l, &err), SAMC_EINVALID);
	assert_non_null(strstr(samc_error_message(err), "--tags"));
	samc_error_free(err);
}

static void capabilities(void **state)
{
	(void)state;
	samc_kv_list *l = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_deploy_parse_capabilities(
				 " CAPABILITY_IAM,CAPABILITY_AUTO_EXPAND  CAPABILITY_IAM", &l, &err), 0);
	assert_int_equal(samc_kv_count(l), 2);
	assert_string_equal(samc_kv_key(l, 0), "CAPABILITY_IAM");
	assert_string_equal(samc_kv_key(l, 1), "CAPABILITY_AUTO_EXPAND");
	assert_null(samc_kv_value(l, 0));
	samc_kv_list_free(l);
	assert_int_equal(samc_deploy_parse_capabilities("CAPABILITY_IAM CAPABILITY_ROOT", &l, &err),
			 SAMC_EINVALID);
	assert_non_null(strstr(samc_error_message(err), "CAPABILITY_ROOT"));
	assert_non_null(strstr(samc_error_message(err), "CAPABILITY_NAMED_IAM"));
	assert_int_equal(samc_error_column(err), 16);
	samc_error_free(err);
}

static void kv_list_set_and_replace(void **state)
{
	(void)state;
	samc_kv_list *l = NULL;
	assert_int_equal(samc_kv_list_new(&l), 0);
	for (int i = 0; i < 40; i++) {
		char k[16];
		snprintf(k, sizeof(k), "K%d", i);
		assert_int_equal(samc_kv_list_set(l, k, "v"), 0);
	}
	assert_int_equal(samc_kv_list_set(l, "K7", "seven"), 0);
	assert_int_equal(samc_kv_list_set(l, "K8", NULL), 0);
	assert_int_equal(samc_kv_count(l), 40);
	assert_string_equal(samc_kv_find(l, "K7"), "seven");
	assert_null(samc_kv_find(l, "K8"));
	assert_null(samc_kv_key(l, 40));
	assert_int_equal(samc_kv_list_set(l, NULL, "x"), SAMC_EUSAGE);
	samc_kv_list_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parameter_forms),
		cmocka_unit_test(later_value_wins),
		cmocka_unit_test(escaped_quotes_inside_double_quotes),
		cmocka_unit_test(empty_text_is_empty_list),
		cmocka_unit_test(bad_parameters),
		cmocka_unit_test(tags),
		cmocka_unit_test(capabilities),
		cmocka_unit_test(kv_list_set_and_replace),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
