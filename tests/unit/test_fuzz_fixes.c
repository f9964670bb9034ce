/* test_fuzz_fixes.c — the rules behind inputs the fuzz targets found: Jinja's sort filter
 * keeps every item, failed cookiecutter dicts, samconfig files without a version, and combined
 * conditions when the Conditions section is not a mapping. */
#define _GNU_SOURCE /* mkdtemp, mkstemps */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "init/init_int.h"
#include "init/jinja.h"
#include "samc/deploy.h"

static char *render(const char *text, samc_error **err)
{
	cJSON *vars = cJSON_Parse("{\"cookiecutter\": {\"xs\": [\"b\", \"c\", \"a\"]}}");
	assert_non_null(vars);
	char *out = NULL;
	int rc = jinja_render_string(text, "t.txt", vars, NULL, &out, err);
	cJSON_Delete(vars);
	assert_true(rc == 0 || out == NULL);
	return out;
}

static void expect_render(const char *text, const char *want)
{
	samc_error *err = NULL;
	char *out = render(text, &err);
	if (!out)
		fail_msg("render of '%s' failed: %s", text, samc_error_message(err));
	assert_string_equal(out, want);
	free(out);
	samc_error_free(err);
}

static void sort_keeps_every_item(void **state)
{
	(void)state;
	expect_render("{{ [3, 1, 2] | sort }}", "[1, 2, 3]");
	expect_render("{{ [5, 4, 3, 2, 1] | sort | join(',') }}", "1,2,3,4,5");
	expect_render("{{ cookiecutter.xs | sort | join('') }}", "abc");
	expect_render("{{ cookiecutter.xs | sort(true) | join('') }}", "cba");
	expect_render("{{ [1, 1.5, 0] | sort | length }}", "3");
	expect_render("{{ [] | sort | length }}", "0");
	/* the input list is not changed */
	expect_render("{{ cookiecutter.xs | sort | first }}{{ cookiecutter.xs | first }}", "ab");
}

static void sort_of_mixed_items_is_an_error(void **state)
{
	(void)state;
	samc_error *err = NULL;
	assert_null(render("{{ [2, 'a'] | sort }}", &err));
	assert_non_null(err);
	assert_non_null(strstr(samc_error_message(err), "do not compare"));
	assert_non_null(strstr(samc_error_message(err), "t.txt:1:"));
	samc_error_free(err);
}

/* A dict default whose item fails to render is an error, and nothing of it is kept. */
static void failed_dict_default(void **state)
{
	(void)state;
	char dir[] = "/tmp/samc-cc-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[64];
	snprintf(path, sizeof(path), "%s/cookiecutter.json", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("{\"name\": \"x\", \"arch\": {\"value\": [\"{{ cookiecutter.missing }}\"]}}", f);
	fclose(f);
	samc_init_options opts = {.no_input = 1};
	cJSON *ctx = NULL;
	samc_error *err = NULL;
	assert_int_equal(cc_build_context(dir, NULL, &opts, &ctx, &err), SAMC_EINVALID);
	assert_null(ctx);
	assert_non_null(strstr(samc_error_message(err), "missing"));
	samc_error_free(err);
	unlink(path);
	rmdir(dir);
}

/* An empty samconfig.toml that gains a setting is saved with a version, so it loads again. */
static void empty_samconfig_saved_with_version(void **state)
{
	(void)state;
	char path[] = "/tmp/samc-cfg-XXXXXX.toml";
	int fd = mkstemps(path, 5);
	assert_true(fd >= 0);
	close(fd);
	samc_samconfig *cfg = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_samconfig_load(&cfg, path, &err), 0);
	assert_int_equal(samc_samconfig_set(cfg, "default", "deploy", "stack_name", "shop"), 0);
	assert_int_equal(samc_samconfig_save(cfg, path, &err), 0);
	samc_samconfig_free(cfg);
	char text[256] = {0};
	{
		FILE *f = fopen(path, "r");
		assert_non_null(f);
		size_t n = fread(text, 1, sizeof(text) - 1, f);
		fclose(f);
		assert_true(n > 0);
	}
	assert_int_equal(strncmp(text, "version = 0.1\n", 14), 0);
	cfg = NULL;
	assert_int_equal(samc_samconfig_load(&cfg, path, &err), 0);
	char *v = NULL;
	assert_int_equal(samc_samconfig_get(cfg, "default", "deploy", "stack_name", &v), 0);
	assert_string_equal(v, "shop");
	free(v);
	samc_samconfig_free(cfg);
	samc_error_free(err);
	unlink(path);
}

/* Conditional functions with implicit API events need a combined condition in the Conditions
 * section; when that section is not a mapping (here null: a second "Conditions:" key wins) the
 * template is rejected (the reference fails with a TypeError), and the condition names gathered
 * for it are freed (they leaked; ASan and valgrind hold this test to that). */
static void combined_conditions_without_a_conditions_mapping(void **state)
{
	(void)state;
	static const char text[] =
		"Transform: AWS::Serverless-2016-10-31\n"
		"Conditions:\n  A: !Equals [a, a]\n  B: !Equals [b, b]\n"
		"Resources:\n"
		"  F1:\n    Type: AWS::Serverless::Function\n    Condition: A\n    Properties:\n"
		"      {Runtime: python3.12, Handler: i.h, CodeUri: s3://b/k,\n"
		"       Events: {E: {Type: Api, Properties: {Path: /x, Method: get}}}}\n"
		"  F2:\n    Type: AWS::Serverless::Function\n    Condition: B\n    Properties:\n"
		"      {Runtime: python3.12, Handler: i.h, CodeUri: s3://b/k,\n"
		"       Events: {E: {Type: Api, Properties: {Path: /x, Method: post}}}}\n"
		"Conditions:\n";
	samc_document *doc = NULL, *out = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_document_load_buffer(&doc, text, sizeof(text) - 1, "c.yaml", NULL, &err), 0);
	assert_int_equal(samc_transform_document(doc, NULL, &out, &err), SAMC_EINVALID);
	assert_null(out);
	assert_non_null(strstr(samc_error_message(err), "Can't add the combined condition "
							 "'ServerlessRestApiCondition': the template's "
							 "'Conditions' section is not a mapping"));
	samc_document_free(doc);
	samc_error_free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sort_keeps_every_item),
		cmocka_unit_test(sort_of_mixed_items_is_an_error),
		cmocka_unit_test(failed_dict_default),
		cmocka_unit_test(empty_samconfig_saved_with_version),
		cmocka_unit_test(combined_conditions_without_a_conditions_mapping),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
