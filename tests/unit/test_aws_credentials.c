/* test_aws_credentials.c — resolution of profile, region, credentials and endpoints: the
 * INI files, environment precedence, credential_process, partitions and endpoint overrides. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aws/aws.h"

/* ---- a fake environment and a fake home ---- */

typedef struct fake_env {
	const char *vars[32][2];
	size_t n;
} fake_env;

static const char *fake_getenv(void *ctx, const char *name)
{
	fake_env *e = ctx;
	for (size_t i = 0; i < e->n; i++)
		if (strcmp(e->vars[i][0], name) == 0)
			return e->vars[i][1];
	return NULL;
}

static void setv(fake_env *e, const char *name, const char *value)
{
	e->vars[e->n][0] = name;
	e->vars[e->n][1] = value;
	e->n++;
}

typedef struct fixture {
	char home[64];
	fake_env env;
	samc_aws_options opts;
} fixture;

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	fixture *fx = calloc(1, sizeof(*fx));
	snprintf(fx->home, sizeof(fx->home), "/tmp/samc-aws-test-XXXXXX");
	if (!mkdtemp(fx->home))
		return -1;
	char aws[96];
	snprintf(aws, sizeof(aws), "%s/.aws", fx->home);
	mkdir(aws, 0700);
	fx->opts.getenv = fake_getenv;
	fx->opts.getenv_ctx = &fx->env;
	fx->opts.home = fx->home;
	/* a test machine may be an EC2 instance with a role: its metadata stays out of these tests */
	setv(&fx->env, "AWS_EC2_METADATA_DISABLED", "true");
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fixture *fx = *state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->home);
	if (system(cmd) != 0)
		return -1;
	free(fx);
	return 0;
}

static void aws_file(fixture *fx, const char *name, const char *text)
{
	char dir[96];
	snprintf(dir, sizeof(dir), "%s/.aws", fx->home);
	write_file(dir, name, text);
}

static samc_aws_config *resolve_ok(fixture *fx)
{
	samc_aws_config *cfg = NULL;
	samc_error *err = NULL;
	int rc = samc_aws_config_resolve(&fx->opts, &cfg, &err);
	if (rc)
		print_message("resolve failed: %s\n", samc_error_message(err));
	assert_int_equal(rc, 0);
	return cfg;
}

/* Resolution fails with code; the message holds `words` and none of the secret values
 * the tests use (SECRETVALUE, SECRETX). */
static void resolve_fails(fixture *fx, int code, const char *words)
{
	samc_aws_config *cfg = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_aws_config_resolve(&fx->opts, &cfg, &err), code);
	assert_null(cfg);
	const char *msg = samc_error_message(err);
	if (!strstr(msg, words))
		print_message("message: %s\n", msg);
	assert_non_null(strstr(msg, words));
	assert_null(strstr(msg, "SECRETVALUE"));
	assert_null(strstr(msg, "SECRETX"));
	samc_error_free(err);
}

/* ---- INI ---- */

static void ini_dialect(void **state)
{
	(void)state;
	const char *text = "# comment\n[default]\nRegion = eu-west-1\n; other comment\n"
			   "output: json\n  continued\n[profile dev]\ns3 =\n"
			   "  addressing_style = path\n  endpoint_url=http://x\nkey=a=b\n";
	samc_aws_ini *ini = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_aws_ini_parse(text, strlen(text), "cfg", &ini, &err), 0);
	assert_string_equal(samc_aws_ini_get(ini, "default", "region"), "eu-west-1");
	assert_string_equal(samc_aws_ini_get(ini, "default", "output"), "json\ncontinued");
	assert_string_equal(samc_aws_ini_get(ini, "profile dev", "s3.addressing_style"), "path");
	assert_string_equal(samc_aws_ini_get(ini, "profile dev", "s3.endpoint_url"), "http://x");
	assert_string_equal(samc_aws_ini_get(ini, "profile dev", "key"), "a=b");
	assert_true(samc_aws_ini_has_section(ini, "profile dev"));
	assert_false(samc_aws_ini_has_section(ini, "dev"));
	assert_null(samc_aws_ini_get(ini, "default", "nope"));
	samc_aws_ini_free(ini);
}

static void ini_errors_name_the_line(void **state)
{
	(void)state;
	samc_aws_ini *ini = NULL;
	samc_error *err = NULL;
	const char *orphan = "key = v\n";
	assert_int_equal(samc_aws_ini_parse(orphan, strlen(orphan), "creds", &ini, &err),
			 SAMC_EINVALID);
	assert_string_equal(samc_error_message(err), "creds:1: a key outside any [section]");
	samc_error_free(err);
	err = NULL;
	const char *junk = "[a]\nx = 1\nnot a pair\n";
	assert_int_equal(samc_aws_ini_parse(junk, strlen(junk), "creds", &ini, &err),
			 SAMC_EINVALID);
	assert_non_null(strstr(samc_error_message(err), "creds:3: expected 'key = value'"));
	assert_int_equal(samc_error_line(err), 3);
	samc_error_free(err);
	err = NULL;
	const char *open = "[a\n";
	assert_int_equal(samc_aws_ini_parse(open, strlen(open), "c", &ini, &err), SAMC_EINVALID);
	assert_non_null(strstr(samc_error_message(err), "without ']'"));
	samc_error_free(err);
}

/* ---- credentials ---- */

static void env_credentials_win(void **state)
{
	fixture *fx = *state;
	aws_file(fx, "credentials", "[default]\naws_access_key_id = FILEKEY\n"
				    "aws_secret_access_key = FILESECRET\n");
	setv(&fx->env, "AWS_ACCESS_KEY_ID", "ENVKEY");
	setv(&fx->env, "AWS_SECRET_ACCESS_KEY", "ENVSECRET");
	setv(&fx->env, "AWS_SESSION_TOKEN", "ENVTOKEN");
	setv(&fx->env, "AWS_DEFAULT_REGION", "eu-central-1");
	samc_aws_config *cfg = resolve_ok(fx);
	assert_string_equal(samc_aws_config_access_key_id(cfg), "ENVKEY");
	assert_string_equal(samc_aws_config_secret_access_key(cfg), "ENVSECRET");
	assert_string_equal(samc_aws_config_session_token(cfg), "ENVTOKEN");
	assert_string_equal(samc_aws_config_credential_source(cfg), "env");
	assert_string_equal(samc_aws_config_region(cfg), "eu-central-1");
	assert_string_equal(samc_aws_config_profile(cfg), "default");
	samc_aws_config_free(cfg);
}

static void explicit_profile_skips_env(void **state)
{
	fixture *fx = *state;
	aws_file(fx, "credentials", "[dev]\naws_access_key_id = DEVKEY\n"
				    "aws_secret_access_key = DEVSECRET\n");
	aws_file(fx, "config", "[profile dev]\nregion = ap-southeast-2\n");
	setv(&fx->env, "AWS_ACCESS_KEY_ID", "ENVKEY");
	setv(&fx->env, "AWS_SECRET_ACCESS_KEY", "ENVSECRET");
	fx->opts.profile = "dev";
	samc_aws_config *cfg = resolve_ok(fx);
	assert_string_equal(samc_aws_config_access_key_id(cfg), "DEVKEY");
	assert_null(samc_aws_config_session_token(cfg));
	assert_string_equal(samc_aws_config_credential_source(cfg), "shared-credentials-file");
	assert_string_equal(samc_aws_config_region(cfg), "ap-southeast-2");
	samc_aws_config_free(cfg);
}

static void aws_profile_env_and_config_keys(void **state)
{
	fixture *fx = *state;
	aws_file(fx, "config", "[default]\nregion = us-west-2\n[profile ci]\nregion = eu-north-1\n"
			       "aws_access_key_id = CIKEY\naws_secret_access_key = CISECRET\n"
			       "aws_session_token = CITOKEN\n");
	setv(&fx->env, "AWS_PROFILE", "ci");
	samc_aws_config *cfg = resolve_ok(fx);
	assert_string_equal(samc_aws_config_profile(cfg), "ci");
	assert_string_equal(samc_aws_config_access_key_id(cfg), "CIKEY");
	assert_string_equal(samc_aws_config_session_token(cfg), "CITOKEN");
	assert_string_equal(samc_aws_config_credential_source(cfg), "config-file");
	assert_string_equal(samc_aws_config_region(cfg), "eu-north-1");
	samc_aws_config_free(cfg);
}

static void files_from_env_paths(void **state)
{
	fixture *fx = *state;
	char creds[128], conf[128];
	snprintf(creds, sizeof(creds), "%s/my-creds", fx->home);
	snprintf(conf, sizeof(conf), "%s/my-config", fx->home);
	write_file(fx->home, "my-creds", "[default]\naws_access_key_id=K\naws_secret_access_key=S\n");
	write_file(fx->home, "my-config", "[default]\nregion=cn-north-1\n");
	setv(&fx->env, "AWS_SHARED_CREDENTIALS_FILE", creds);
	setv(&fx->env, "AWS_CONFIG_FILE", conf);
	samc_aws_config *cfg = resolve_ok(fx);
	assert_string_equal(samc_aws_config_access_key_id(cfg), "K");
	assert_string_equal(samc_aws_config_region(cfg), "cn-north-1");
	char *url = NULL;
	assert_int_equal(samc_aws_config_endpoint(cfg, "cloudformation", &url, NULL, NULL), 0);
	assert_string_equal(url, "https://cloudformation.cn-north-1.amazonaws.com.cn");
	free(url);
	samc_aws_config_free(cfg);
}

static void credential_errors(void **state)
{
	fixture *fx = *state;
	setv(&fx->env, "AWS_REGION", "us-east-1");
	resolve_fails(fx, SAMC_EUSAGE, "Unable to locate credentials for the profile 'default'");
	setv(&fx->env, "AWS_SECRET_ACCESS_KEY", "SECRETVALUE");
	resolve_fails(fx, SAMC_EUSAGE, "AWS_ACCESS_KEY_ID is missing");
	fx->opts.profile = "absent";
	resolve_fails(fx, SAMC_EUSAGE, "The config profile (absent) could not be found");
	aws_file(fx, "credentials", "[absent]\naws_access_key_id = K\n");
	resolve_fails(fx, SAMC_EUSAGE, "aws_secret_access_key is missing");
	aws_file(fx, "credentials", "[absent]\n");
	aws_file(fx, "config", "[profile absent]\nrole_arn = arn:aws:iam::1:role/r\n");
	resolve_fails(fx, SAMC_EUSAGE, "uses `role_arn`");
	aws_file(fx, "config", "[profile absent]\nbroken line\n");
	resolve_fails(fx, SAMC_EINVALID, "config:2: expected 'key = value'");
}

/* ---- region ---- */

static void region_precedence(void **state)
{
	fixture *fx = *state;
	aws_file(fx, "config", "[default]\nregion = eu-west-3\n");
	setv(&fx->env, "AWS_ACCESS_KEY_ID", "K");
	setv(&fx->env, "AWS_SECRET_ACCESS_KEY", "S");
	samc_aws_config *cfg = resolve_ok(fx);
	assert_string_equal(samc_aws_config_region(cfg), "eu-west-3");
	samc_aws_config_free(cfg);
	setv(&fx->env, "AWS_DEFAULT_REGION", "eu-west-2");
	cfg = resolve_ok(fx);
	assert_string_equal(samc_aws_config_region(cfg), "eu-west-2");
	samc_aws_config_free(cfg);
	setv(&fx->env, "AWS_REGION", "eu-west-1");
	cfg = resolve_ok(fx);
	assert_string_equal(samc_aws_config_region(cfg), "eu-west-1");
	samc_aws_config_free(cfg);
	fx->opts.region = "sa-east-1";
	cfg = resolve_ok(fx);
	assert_string_equal(samc_aws_config_region(cfg), "sa-east-1");
	samc_aws_config_free(cfg);
	fx->opts.region = "bad/region";
	resolve_fails(fx, SAMC_EUSAGE, "Invalid region 'bad/region' (from --region)");
}

static void region_missing(void **state)
{
	fixture *fx = *state;
	setv(&fx->env, "AWS_ACCESS_KEY_ID", "K");
	setv(&fx->env, "AWS_SECRET_ACCESS_KEY", "SECRETVALUE");
	resolve_fails(fx, SAMC_EUSAGE, "Unable to resolve a region");
	assert_true(samc_aws_region_valid("us-gov-west-1"));
	assert_false(samc_aws_region_valid("-x"));
	assert_false(samc_aws_region_valid("a.b"));
	assert_false(samc_aws_region_valid(""));
	assert_string_equal(samc_aws_dns_suffix("cn-northwest-1"), "amazonaws.com.cn");
	assert_string_equal(samc_aws_dns_suffix("us-iso-east-1"), "c2s.ic.gov");
	assert_string_equal(samc_aws_dns_suffix("eu-west-1"), "amazonaws.com");
}

/* ---- endpoints ---- */

static char *endpoint(const samc_aws_config *cfg, const char *service, bool *custom)
{
	char *url = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_aws_config_endpoint(cfg, service, &url, custom, &err), 0);
	return url;
}

static void expect_endpoint(const samc_aws_config *cfg, const char *service, const char *want,
			    bool want_custom)
{
	bool custom = !want_custom;
	char *url = endpoint(cfg, service, &custom);
	assert_string_equal(url, want);
	assert_int_equal(custom, want_custom);
	free(url);
}

static void standard_endpoints(void **state)
{
	fixture *fx = *state;
	setv(&fx->env, "AWS_ACCESS_KEY_ID", "K");
	setv(&fx->env, "AWS_SECRET_ACCESS_KEY", "S");
	fx->opts.region = "us-east-1";
	samc_aws_config *cfg = resolve_ok(fx);
	expect_endpoint(cfg, "cloudformation", "https://cloudformation.us-east-1.amazonaws.com",
			false);
	expect_endpoint(cfg, "s3", "https://s3.amazonaws.com", false);
	samc_aws_config_free(cfg);
	fx->opts.region = "eu-west-1";
	cfg = resolve_ok(fx);
	expect_endpoint(cfg, "s3", "https://s3.eu-west-1.amazonaws.com", false);
	samc_aws_config_free(cfg);
}

static void endpoint_overrides(void **state)
{
	fixture *fx = *state;
	setv(&fx->env, "AWS_ACCESS_KEY_ID", "K");
	setv(&fx->env, "AWS_SECRET_ACCESS_KEY", "S");
	setv(&fx->env, "AWS_REGION", "us-east-1");
	setv(&fx->env, "AWS_ENDPOINT_URL", "http://127.0.0.1:4566/");
	setv(&fx->env, "AWS_ENDPOINT_URL_S3", "http://localhost:9000");
	samc_aws_config *cfg = resolve_ok(fx);
	expect_endpoint(cfg, "cloudformation", "http://127.0.0.1:4566", true);
	expect_endpoint(cfg, "s3", "http://localhost:9000", true);
	samc_aws_config_free(cfg);
	fx->opts.endpoint_url = "https://proxy.example/aws";
	cfg = resolve_ok(fx);
	expect_endpoint(cfg, "s3", "https://proxy.example/aws", true);
	samc_aws_config_free(cfg);
	fx->opts.endpoint_url = NULL;
	setv(&fx->env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
	cfg = resolve_ok(fx);
	expect_endpoint(cfg, "s3", "https://s3.amazonaws.com", false);
	samc_aws_config_free(cfg);
}

static void endpoint_from_profile(void **state)
{
	fixture *fx = *state;
	aws_file(fx, "config", "[default]\nregion = eu-west-1\nendpoint_url = http://global:1\n"
			       "services = local\n[services local]\ncloudformation =\n"
			       "  endpoint_url = http://cfn:2\n");
	setv(&fx->env, "AWS_ACCESS_KEY_ID", "K");
	setv(&fx->env, "AWS_SECRET_ACCESS_KEY", "S");
	samc_aws_config *cfg = resolve_ok(fx);
	expect_endpoint(cfg, "cloudformation", "http://cfn:2", true);
	expect_endpoint(cfg, "s3", "http://global:1", true);
	samc_aws_config_free(cfg);
	setv(&fx->env, "AWS_ENDPOINT_URL_CLOUDFORMATION", "ftp://nope");
	resolve_fails(fx, SAMC_EUSAGE, "must start with http:// or https://");
}

/* ---- credential_process ---- */

static void split_command_words(void **state)
{
	(void)state;
	char **argv = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_aws_split_command("  /bin/x 'a b' \"c \\\"d\\\" \\e\" f\\ g ''", &argv,
						&err),
			 0);
	assert_string_equal(argv[0], "/bin/x");
	assert_string_equal(argv[1], "a b");
	assert_string_equal(argv[2], "c \"d\" \\e");
	assert_string_equal(argv[3], "f g");
	assert_string_equal(argv[4], "");
	assert_null(argv[5]);
	samc_aws_argv_free(argv);
	assert_int_equal(samc_aws_split_command("x 'open", &argv, &err), SAMC_EINVALID);
	assert_non_null(strstr(samc_error_message(err), "unterminated ' quote"));
	samc_error_free(err);
	err = NULL;
	assert_int_equal(samc_aws_split_command("   ", &argv, &err), SAMC_EINVALID);
	samc_error_free(err);
}

/* A script in a directory whose name has a space, so quoting matters. */
static void make_script(fixture *fx, const char *body, char *config_line, size_t n)
{
	char dir[128], path[160];
	snprintf(dir, sizeof(dir), "%s/bin dir", fx->home);
	mkdir(dir, 0700);
	write_file(dir, "creds.sh", body);
	snprintf(path, sizeof(path), "%s/creds.sh", dir);
	chmod(path, 0700);
	snprintf(config_line, n, "[default]\nregion = us-east-2\ncredential_process = \"%s\" arg1\n",
		 path);
}

static void credential_process_runs(void **state)
{
	fixture *fx = *state;
	char config[512];
	make_script(fx,
		    "#!/bin/sh\n[ \"$1\" = arg1 ] || exit 9\n"
		    "printf '{\"Version\": 1, \"AccessKeyId\": \"PK\", \"SecretAccessKey\": \"PS\", "
		    "\"SessionToken\": \"PT\", \"Expiration\": \"2099-01-01T00:00:00Z\"}'\n",
		    config, sizeof(config));
	aws_file(fx, "config", config);
	samc_aws_config *cfg = resolve_ok(fx);
	assert_string_equal(samc_aws_config_access_key_id(cfg), "PK");
	assert_string_equal(samc_aws_config_secret_access_key(cfg), "PS");
	assert_string_equal(samc_aws_config_session_token(cfg), "PT");
	assert_string_equal(samc_aws_config_credential_source(cfg), "credential_process");
	samc_aws_config_free(cfg);
}

static void credential_process_failures(void **state)
{
	fixture *fx = *state;
	char config[512];
	make_script(fx, "#!/bin/sh\necho 'token expired, run login' >&2\nexit 3\n", config,
		    sizeof(config));
	aws_file(fx, "config", config);
	resolve_fails(fx, SAMC_EUSAGE, "(exit status 3): token expired, run login");
	make_script(fx, "#!/bin/sh\necho '{\"Version\": 2, \"AccessKeyId\": \"K\", "
			"\"SecretAccessKey\": \"SECRETX\"}'\n",
		    config, sizeof(config));
	aws_file(fx, "config", config);
	resolve_fails(fx, SAMC_EUSAGE, "unsupported Version");
	make_script(fx, "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"K\"}'\n", config,
		    sizeof(config));
	aws_file(fx, "config", config);
	resolve_fails(fx, SAMC_EUSAGE, "the output lacks SecretAccessKey");
	make_script(fx, "#!/bin/sh\necho not json\n", config, sizeof(config));
	aws_file(fx, "config", config);
	resolve_fails(fx, SAMC_EUSAGE, "did not print a JSON object");
	aws_file(fx, "config", "[default]\nregion=us-east-1\n"
			       "credential_process = /nonexistent/samc-creds\n");
	resolve_fails(fx, SAMC_EUSAGE, "cannot run '/nonexistent/samc-creds'");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ini_dialect),
		cmocka_unit_test(ini_errors_name_the_line),
		T(env_credentials_win),
		T(explicit_profile_skips_env),
		T(aws_profile_env_and_config_keys),
		T(files_from_env_paths),
		T(credential_errors),
		T(region_precedence),
		T(region_missing),
		T(standard_endpoints),
		T(endpoint_overrides),
		T(endpoint_from_profile),
		cmocka_unit_test(split_command_words),
		T(credential_process_runs),
		T(credential_process_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
