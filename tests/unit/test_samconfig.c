/* test_samconfig.c — samconfig files (lib/deploy/samconfig.c, toml.c): TOML and YAML forms,
 * [env.command.parameters] lookups with the global table merged under them, the version
 * rule, syntax errors with their positions, and saving then reading back. */
#define _GNU_SOURCE /* mkstemps */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "samc/deploy.h"

static char *write_temp(const char *suffix, const char *text)
{
	char *path = malloc(64);
	snprintf(path, 64, "/tmp/samc-cfg-XXXXXX%s", suffix);
	int fd = mkstemps(path, (int)strlen(suffix));
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static samc_samconfig *load_text(const char *suffix, const char *text)
{
	char *path = write_temp(suffix, text);
	samc_samconfig *cfg = NULL;
	samc_error *err = NULL;
	int rc = samc_samconfig_load(&cfg, path, &err);
	if (rc)
		fail_msg("load failed: %s", err ? samc_error_message(err) : "?");
	unlink(path);
	free(path);
	return cfg;
}

/* Loads text expecting a failure whose message contains `part`; returns the line. */
static unsigned load_fails(const char *suffix, const char *text, const char *part)
{
	char *path = write_temp(suffix, text);
	samc_samconfig *cfg = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_samconfig_load(&cfg, path, &err), SAMC_EINVALID);
	assert_null(cfg);
	assert_non_null(err);
	if (!strstr(samc_error_message(err), part))
		fail_msg("'%s' lacks '%s'", samc_error_message(err), part);
	unsigned line = samc_error_line(err);
	samc_error_free(err);
	unlink(path);
	free(path);
	return line;
}

static void assert_value(const samc_samconfig *cfg, const char *env, const char *cmd,
			 const char *key, const char *want)
{
	char *v = NULL;
	assert_int_equal(samc_samconfig_get(cfg, env, cmd, key, &v), 0);
	if (!want) {
		assert_null(v);
		return;
	}
	assert_non_null(v);
	assert_string_equal(v, want);
	free(v);
}

static const char TOML[] =
	"# written by hand\n"
	"version = 0.1\n"
	"\n"
	"[default.global.parameters]\n"
	"region = \"eu-west-1\"\n"
	"stack_name = \"from-global\"\n"
	"\n"
	"[default.deploy.parameters]\n"
	"stack_name = \"shop\"   # trailing comment\n"
	"resolve_s3 = true\n"
	"capabilities = [\"CAPABILITY_IAM\", 'CAPABILITY_AUTO_EXPAND']\n"
	"parameter_overrides = \"Stage=\\\"prod\\\" Size=3\"\n"
	"max_wait = 15\n"
	"\n"
	"[prod.deploy.parameters]\n"
	"stack_name = 'shop-prod'\n"
	"\"s3_prefix\" = \"caf\\u00e9\"\n";

static void toml_tables_and_values(void **state)
{
	(void)state;
	samc_samconfig *cfg = load_text(".toml", TOML);
	assert_value(cfg, "default", "deploy", "stack_name", "shop");
	assert_value(cfg, "default", "deploy", "resolve_s3", "true");
	assert_value(cfg, "default", "deploy", "capabilities", "CAPABILITY_IAM CAPABILITY_AUTO_EXPAND");
	assert_value(cfg, "default", "deploy", "parameter_overrides", "Stage=\"prod\" Size=3");
	assert_value(cfg, "default", "deploy", "max_wait", "15");
	assert_value(cfg, "prod", "deploy", "stack_name", "shop-prod");
	assert_value(cfg, "prod", "deploy", "s3_prefix", "caf\xc3\xa9");
	assert_value(cfg, "prod", "deploy", "region", NULL);
	samc_samconfig_free(cfg);
}

static void global_parameters_merge_under_commands(void **state)
{
	(void)state;
	samc_samconfig *cfg = load_text(".toml", TOML);
	/* the command's own key wins; the global one fills the gaps */
	assert_value(cfg, "default", "deploy", "stack_name", "shop");
	assert_value(cfg, "default", "deploy", "region", "eu-west-1");
	assert_value(cfg, "default", "build", "region", "eu-west-1");
	assert_value(cfg, "default", "build", "stack_name", "from-global");
	assert_value(cfg, "staging", "deploy", "region", NULL);
	samc_samconfig_free(cfg);
}

static void yaml_form(void **state)
{
	(void)state;
	samc_samconfig *cfg = load_text(".yaml",
					"version: 0.1\n"
					"default:\n"
					"  global:\n"
					"    parameters:\n"
					"      region: us-west-2\n"
					"  deploy:\n"
					"    parameters:\n"
					"      stack_name: orders\n"
					"      confirm_changeset: false\n"
					"      tags:\n"
					"        - team=a\n"
					"        - cost=b\n");
	assert_value(cfg, "default", "deploy", "stack_name", "orders");
	assert_value(cfg, "default", "deploy", "confirm_changeset", "false");
	assert_value(cfg, "default", "deploy", "tags", "team=a cost=b");
	assert_value(cfg, "default", "deploy", "region", "us-west-2");
	samc_samconfig_free(cfg);
}

static void version_is_required(void **state)
{
	(void)state;
	assert_int_equal(load_fails(".toml", "[default.deploy.parameters]\nstack_name = \"x\"\n",
				    "'version'"), 1);
	assert_int_equal(load_fails(".toml", "version = \"0.1\"\n", "not a number"), 1);
	assert_int_equal(load_fails(".yaml", "default:\n  deploy:\n    parameters: {}\n",
				    "'version'"), 1);
	/* an empty file is an empty configuration */
	samc_samconfig *cfg = load_text(".toml", "# nothing yet\n");
	assert_value(cfg, "default", "deploy", "stack_name", NULL);
	samc_samconfig_free(cfg);
}

static void syntax_errors_have_positions(void **state)
{
	(void)state;
	assert_int_equal(load_fails(".toml", "version = 0.1\nstack_name = \"open\n",
				    "unterminated string"), 2);
	assert_int_equal(load_fails(".toml", "version = 0.1\n[default.deploy\n", "']'"), 2);
	assert_int_equal(load_fails(".toml", "version = 0.1\n\n[a.b.parameters]\nx = 1\nx = 2\n",
				    "duplicate key"), 5);
	assert_int_equal(load_fails(".toml", "version = 0.1\nx = nope\n", "expected a value"), 2);
	assert_int_equal(load_fails(".toml", "version = 0.1\nx = \"\\q\"\n", "unknown escape"), 2);
	assert_int_equal(load_fails(".toml", "version = 0.1\nx = 1 2\n", "after a value"), 2);
	assert_int_equal(load_fails(".toml", "version = 0.1\n[[a]]\n", "arrays of tables"), 2);
	assert_int_equal(load_fails(".toml", "version = 0.1\n[default.deploy]\nx = 1\n",
				    "'parameters' table"), 2);
	load_fails(".toml", "version = 0.1\ndefault = 3\n", "must be a table");
}

static void missing_file_is_an_io_error(void **state)
{
	(void)state;
	samc_samconfig *cfg = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_samconfig_load(&cfg, "/nonexistent/samconfig.toml", &err), SAMC_EIO);
	assert_non_null(strstr(samc_error_message(err), "/nonexistent/samconfig.toml"));
	samc_error_free(err);
}

/* Set, save, load again: the values survive in both forms. */
static void save_round_trip(const char *suffix)
{
	samc_samconfig *cfg = NULL;
	assert_int_equal(samc_samconfig_new(&cfg), 0);
	assert_int_equal(samc_samconfig_set(cfg, "default", "deploy", "stack_name", "app"), 0);
	assert_int_equal(samc_samconfig_set(cfg, "default", "deploy", "parameter_overrides",
					    "Greeting=\"hi \\\"you\\\"\""), 0);
	assert_int_equal(samc_samconfig_set_bool(cfg, "default", "deploy", "resolve_s3", 1), 0);
	assert_int_equal(samc_samconfig_set(cfg, "default", "global", "region", "eu-north-1"), 0);
	assert_int_equal(samc_samconfig_set(cfg, "default", "deploy", "stack_name", "app2"), 0);
	char *path = write_temp(suffix, "");
	samc_error *err = NULL;
	assert_int_equal(samc_samconfig_save(cfg, path, &err), 0);
	samc_samconfig_free(cfg);
	cfg = NULL;
	assert_int_equal(samc_samconfig_load(&cfg, path, &err), 0);
	assert_value(cfg, "default", "deploy", "stack_name", "app2");
	assert_value(cfg, "default", "deploy", "parameter_overrides", "Greeting=\"hi \\\"you\\\"\"");
	assert_value(cfg, "default", "deploy", "resolve_s3", "true");
	assert_value(cfg, "default", "deploy", "region", "eu-north-1");
	assert_value(cfg, "default", "delete", "region", "eu-north-1");
	samc_samconfig_free(cfg);
	unlink(path);
	free(path);
}

static void save_toml_and_yaml(void **state)
{
	(void)state;
	save_round_trip(".toml");
	save_round_trip(".yaml");
}

static void saved_toml_text(void **state)
{
	(void)state;
	samc_samconfig *cfg = NULL;
	assert_int_equal(samc_samconfig_new(&cfg), 0);
	assert_int_equal(samc_samconfig_set(cfg, "default", "deploy", "stack_name", "app"), 0);
	assert_int_equal(samc_samconfig_set_bool(cfg, "default", "deploy", "confirm_changeset", 0), 0);
	char *path = write_temp(".toml", "");
	assert_int_equal(samc_samconfig_save(cfg, path, NULL), 0);
	FILE *f = fopen(path, "r");
	char text[256] = {0};
	assert_true(fread(text, 1, sizeof(text) - 1, f) > 0);
	fclose(f);
	assert_string_equal(text, "version = 0.1\n\n[default.deploy.parameters]\n"
				  "stack_name = \"app\"\nconfirm_changeset = false\n");
	unlink(path);
	free(path);
	samc_samconfig_free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(toml_tables_and_values),
		cmocka_unit_test(global_parameters_merge_under_commands),
		cmocka_unit_test(yaml_form),
		cmocka_unit_test(version_is_required),
		cmocka_unit_test(syntax_errors_have_positions),
		cmocka_unit_test(missing_file_is_an_io_error),
		cmocka_unit_test(save_toml_and_yaml),
		cmocka_unit_test(saved_toml_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
