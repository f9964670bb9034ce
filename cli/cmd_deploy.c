/* cmd_deploy.c — `samc deploy`: options merged with samconfig (or asked for with --guided),
 * then libsamc's deploy with its change set, events and outputs printed as tables. */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "deploy_ui.h"
#include "samc/deploy.h"

static const char HELP[] =
	"usage: samc deploy --stack-name NAME [OPTIONS]\n"
	"\n"
	"Deploy a template to a CloudFormation stack: package its local artifacts and upload them\n"
	"to S3 (objects already there are skipped), expand the SAM transform locally, create a\n"
	"change set (CREATE or UPDATE), show it, execute it and follow the stack events until the\n"
	"stack is done; then print its outputs. Options not given are read from samconfig\n"
	"([ENV.deploy.parameters], then [ENV.global.parameters]).\n"
	"\n"
	"options:\n"
	"  -t, --template-file FILE      the template (default: .aws-sam/build/template.yaml,\n"
	"                                then template.yaml, template.yml, template.json)\n"
	"  --stack-name NAME             the stack to create or update (required)\n"
	"  --s3-bucket BUCKET            bucket for artifacts and templates over 51,200 bytes\n"
	"  --resolve-s3                  use (and create when missing) the managed bucket stack\n"
	"                                aws-sam-cli-managed-default\n"
	"  --s3-prefix PREFIX            key prefix in the bucket\n"
	"  --region REGION               AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the\n"
	"                                profile's region)\n"
	"  --profile PROFILE             credentials and config profile\n"
	"  --parameter-overrides TEXT    'K=V K2=\"v w\"' or ParameterKey=K,ParameterValue=V\n"
	"                                (repeatable)\n"
	"  --capabilities CAPS           CAPABILITY_IAM CAPABILITY_NAMED_IAM\n"
	"                                CAPABILITY_RESOURCE_POLICY CAPABILITY_AUTO_EXPAND\n"
	"  --tags TEXT                   'K=V K2=V2' tags for the stack (repeatable)\n"
	"  --role-arn ARN                IAM role CloudFormation assumes for the change set\n"
	"  --notification-arns ARNS      SNS topic ARNs told of stack events (repeatable)\n"
	"  --kms-key-id ID               encrypt uploaded artifacts with this KMS key (SSE-KMS)\n"
	"  --force-upload                upload artifacts even when the bucket has them\n"
	"  --no-execute-changeset        create and show the change set, do not execute it\n"
	"  --confirm-changeset           ask before executing the change set\n"
	"  --fail-on-empty-changeset     an empty change set fails (exit 1; the default)\n"
	"  --no-fail-on-empty-changeset  an empty change set succeeds\n"
	"  --disable-rollback            keep what was created when the stack fails\n"
	"  --on-failure ACTION           ROLLBACK (default), DELETE (a stack without a good state\n"
	"                                is deleted after the failure) or DO_NOTHING (keep what\n"
	"                                was created)\n"
	"  --max-wait-duration MINUTES   give up waiting after this long (default 60)\n"
	"  --guided                      ask for the settings and save them in samconfig\n"
	"  --config-file FILE            samconfig file (default: samconfig.toml, .yaml or .yml\n"
	"                                beside the template)\n"
	"  --config-env ENV              samconfig environment (default: default)\n"
	"  -h, --help                    show this help\n"
	"\n"
	"environment: SAM_CLI_POLL_DELAY (seconds between polls, default 5), AWS_ENDPOINT_URL,\n"
	"AWS_ENDPOINT_URL_CLOUDFORMATION, AWS_ENDPOINT_URL_S3, AWS_PROFILE, AWS credentials.\n"
	"Ctrl-C while waiting stops waiting (the stack operation goes on in AWS).\n"
	"\n"
	"exit status: 0 deployed (or nothing to execute), 1 invalid template or options, failed\n"
	"deploy or empty change set, 2 usage error, 3 AWS, I/O or internal error, or interrupted\n";

const char *deploy_args_keep(deploy_args *a, char *s)
{
	if (!s)
		return NULL;
	if (a->nowned == sizeof(a->owned) / sizeof(*a->owned)) {
		free(s);
		return NULL;
	}
	a->owned[a->nowned++] = s;
	return s;
}

static void args_free(deploy_args *a)
{
	for (size_t i = 0; i < a->nowned; i++)
		free(a->owned[i]);
	free(a->overrides);
	free(a->capabilities);
	free(a->tags);
	free(a->notification_arns);
}

/* Appends a repeated option's value, separated by a blank. */
static int append(char **acc, const char *v)
{
	size_t old = *acc ? strlen(*acc) : 0;
	char *n = realloc(*acc, old + strlen(v) + 2);
	if (!n)
		return EXIT_INTERNAL;
	if (old)
		n[old++] = ' ';
	strcpy(n + old, v);
	*acc = n;
	return 0;
}

static int parse_flag(deploy_args *a, const char *arg)
{
	static const struct {
		const char *name;
		size_t offset;
		int value;
	} FLAGS[] = {
		{"--resolve-s3", offsetof(deploy_args, resolve_s3), 1},
		{"--no-execute-changeset", offsetof(deploy_args, no_execute), 1},
		{"--confirm-changeset", offsetof(deploy_args, confirm), 1},
		{"--no-confirm-changeset", offsetof(deploy_args, confirm), 0},
		{"--fail-on-empty-changeset", offsetof(deploy_args, fail_on_empty), 1},
		{"--no-fail-on-empty-changeset", offsetof(deploy_args, fail_on_empty), 0},
		{"--disable-rollback", offsetof(deploy_args, disable_rollback), 1},
		{"--no-disable-rollback", offsetof(deploy_args, disable_rollback), 0},
		{"--force-upload", offsetof(deploy_args, force_upload), 1},
		{"--no-force-upload", offsetof(deploy_args, force_upload), 0},
		{"--guided", offsetof(deploy_args, guided), 1},
		{"-g", offsetof(deploy_args, guided), 1},
	};
	for (size_t i = 0; i < sizeof(FLAGS) / sizeof(*FLAGS); i++)
		if (strcmp(arg, FLAGS[i].name) == 0) {
			*(int *)((char *)a + FLAGS[i].offset) = FLAGS[i].value;
			return 1;
		}
	return 0;
}

static int parse_value(deploy_args *a, int argc, char **argv, int *i)
{
	const char *v;
	if ((v = cli_option_value(argc, argv, i, "--template-file")) ||
	    (v = cli_option_value(argc, argv, i, "--template")) ||
	    (v = cli_option_value(argc, argv, i, "-t")))
		a->user_template = v;
	else if ((v = cli_option_value(argc, argv, i, "--stack-name")))
		a->stack_name = v;
	else if ((v = cli_option_value(argc, argv, i, "--s3-bucket")))
		a->s3_bucket = v;
	else if ((v = cli_option_value(argc, argv, i, "--s3-prefix")))
		a->s3_prefix = v;
	else if ((v = cli_option_value(argc, argv, i, "--region")))
		a->region = v;
	else if ((v = cli_option_value(argc, argv, i, "--profile")))
		a->profile = v;
	else if ((v = cli_option_value(argc, argv, i, "--config-file")))
		a->config_file = v;
	else if ((v = cli_option_value(argc, argv, i, "--config-env")))
		a->config_env = v;
	else if ((v = cli_option_value(argc, argv, i, "--parameter-overrides")))
		return append(&a->overrides, v) ? -2 : 1;
	else if ((v = cli_option_value(argc, argv, i, "--capabilities")))
		return append(&a->capabilities, v) ? -2 : 1;
	else if ((v = cli_option_value(argc, argv, i, "--tags")))
		return append(&a->tags, v) ? -2 : 1;
	else if ((v = cli_option_value(argc, argv, i, "--notification-arns")))
		return append(&a->notification_arns, v) ? -2 : 1;
	else if ((v = cli_option_value(argc, argv, i, "--role-arn")))
		a->role_arn = v;
	else if ((v = cli_option_value(argc, argv, i, "--kms-key-id")))
		a->kms_key_id = v;
	else if ((v = cli_option_value(argc, argv, i, "--on-failure")))
		a->on_failure = v;
	else if ((v = cli_option_value(argc, argv, i, "--max-wait-duration"))) {
		char *end = NULL;
		long m = strtol(v, &end, 10);
		if (*end || m <= 0 || m > 10080)
			return -1;
		a->max_wait_min = (unsigned)m;
	} else
		return 0;
	return 1;
}

static int parse_args(int argc, char **argv, deploy_args *a)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(HELP, stdout);
			return -1;
		}
		if (parse_flag(a, argv[i]))
			continue;
		int got = parse_value(a, argc, argv, &i);
		if (got == -2)
			return EXIT_INTERNAL;
		if (got == -1)
			return cli_usage_error("deploy", "--max-wait-duration takes a number of "
							 "minutes (1 to 10080)");
		if (got == 0)
			return cli_usage_error("deploy", "unknown or incomplete argument '%s'",
					       argv[i]);
	}
	if (a->resolve_s3 == 1 && a->s3_bucket)
		return cli_usage_error("deploy", "--resolve-s3 and --s3-bucket exclude each other");
	return 0;
}

/* ---- samconfig ---- */

static const char *cfg_string(deploy_args *a, const samc_samconfig *cfg, const char *key)
{
	char *v = NULL;
	samc_samconfig_get(cfg, a->config_env, "deploy", key, &v);
	return deploy_args_keep(a, v);
}

static void cfg_flag(deploy_args *a, const samc_samconfig *cfg, const char *key, int *flag)
{
	const char *v = *flag == UNSET ? cfg_string(a, cfg, key) : NULL;
	if (v)
		*flag = strcmp(v, "true") == 0 || strcmp(v, "True") == 0;
}

static void cfg_join(deploy_args *a, const samc_samconfig *cfg, const char *key, char **acc)
{
	const char *v = *acc ? NULL : cfg_string(a, cfg, key);
	if (v)
		append(acc, v);
}

/* Options not given on the command line come from samconfig. */
static void merge_config(deploy_args *a, const samc_samconfig *cfg)
{
	const char **strings[] = {&a->stack_name, &a->s3_bucket, &a->s3_prefix, &a->region,
				  &a->profile, &a->user_template, &a->role_arn, &a->kms_key_id,
				  &a->on_failure};
	static const char *const KEYS[] = {"stack_name", "s3_bucket", "s3_prefix", "region",
					   "profile", "template_file", "role_arn", "kms_key_id",
					   "on_failure"};
	for (size_t i = 0; i < sizeof(KEYS) / sizeof(*KEYS); i++)
		if (!*strings[i])
			*strings[i] = cfg_string(a, cfg, KEYS[i]);
	cfg_flag(a, cfg, "resolve_s3", &a->resolve_s3);
	cfg_flag(a, cfg, "no_execute_changeset", &a->no_execute);
	cfg_flag(a, cfg, "confirm_changeset", &a->confirm);
	cfg_flag(a, cfg, "fail_on_empty_changeset", &a->fail_on_empty);
	cfg_flag(a, cfg, "disable_rollback", &a->disable_rollback);
	cfg_flag(a, cfg, "force_upload", &a->force_upload);
	cfg_join(a, cfg, "notification_arns", &a->notification_arns);
	cfg_join(a, cfg, "parameter_overrides", &a->overrides);
	cfg_join(a, cfg, "capabilities", &a->capabilities);
	cfg_join(a, cfg, "tags", &a->tags);
	if (a->resolve_s3 == 1 && a->s3_bucket)
		a->resolve_s3 = 0; /* an explicit bucket wins over the saved managed one */
}

static int load_config(deploy_args *a, samc_samconfig **cfg, char **path)
{
	*path = ui_config_path(a->config_file, a->user_template);
	if (!*path || (a->guided && access(*path, F_OK) != 0))
		return 0;
	samc_error *err = NULL;
	if (samc_samconfig_load(cfg, *path, &err) != SAMC_OK) {
		cli_print_error(err, false);
		samc_error_free(err);
		return EXIT_INVALID;
	}
	return 0;
}

static const char *const DEFAULT_TEMPLATES[] = {".aws-sam/build/template.yaml", "template.yaml",
						 "template.yml", "template.json"};

static int find_template(deploy_args *a)
{
	a->template_path = a->user_template;
	for (size_t i = 0; !a->template_path && i < sizeof(DEFAULT_TEMPLATES) / sizeof(*DEFAULT_TEMPLATES); i++)
		if (access(DEFAULT_TEMPLATES[i], R_OK) == 0)
			a->template_path = DEFAULT_TEMPLATES[i];
	if (!a->template_path)
		return cli_usage_error("deploy", "no template: pass --template-file or run where "
						 "template.yaml is");
	return 0;
}

static int deploy_run_with(deploy_args *a);

int cmd_deploy(int argc, char **argv)
{
	deploy_args a;
	memset(&a, 0, sizeof(a));
	a.resolve_s3 = a.no_execute = a.confirm = a.fail_on_empty = a.disable_rollback = UNSET;
	a.force_upload = UNSET;
	a.guided = 0;
	int rc = parse_args(argc, argv, &a);
	if (rc) {
		args_free(&a);
		return rc < 0 ? EXIT_OK : rc;
	}
	if (!a.config_env)
		a.config_env = "default";
	samc_samconfig *cfg = NULL;
	char *config_path = NULL;
	rc = load_config(&a, &cfg, &config_path);
	if (rc == 0 && cfg)
		merge_config(&a, cfg);
	if (rc == 0)
		rc = find_template(&a);
	if (rc == 0 && a.guided)
		rc = deploy_guided(&a, &cfg, config_path);
	if (rc == 0 && (!a.stack_name || !*a.stack_name))
		rc = cli_usage_error("deploy", "--stack-name is required (or run with --guided)");
	if (rc == 0)
		rc = deploy_run_with(&a);
	samc_samconfig_free(cfg);
	free(config_path);
	args_free(&a);
	return rc;
}

/* ---- running ---- */

static int parse_lists(deploy_args *a, samc_kv_list **params, samc_kv_list **caps,
		       samc_kv_list **tags, samc_kv_list **arns)
{
	samc_error *err = NULL;
	int rc = samc_deploy_parse_parameters(a->overrides ? a->overrides : "", params, &err);
	if (rc == SAMC_OK)
		rc = samc_deploy_parse_capabilities(a->capabilities ? a->capabilities : "", caps, &err);
	if (rc == SAMC_OK)
		rc = samc_deploy_parse_tags(a->tags ? a->tags : "", tags, &err);
	if (rc == SAMC_OK)
		rc = samc_deploy_parse_notification_arns(a->notification_arns ? a->notification_arns : "",
							 arns, &err);
	if (rc) {
		fprintf(stderr, "samc deploy: %s\n", err ? samc_error_message(err) : "out of memory");
		samc_error_free(err);
		return rc == SAMC_ENOMEM ? EXIT_INTERNAL : EXIT_INVALID;
	}
	return 0;
}

/* The template's Parameters as JSON (NULL when it cannot be read: then every value is masked). */
static cJSON *template_parameters(const char *path)
{
	samc_document *doc = NULL;
	char *json = NULL;
	cJSON *root = NULL;
	if (samc_document_load_file(&doc, path, NULL, NULL) == SAMC_OK &&
	    samc_document_render(doc, SAMC_FORMAT_JSON, &json, NULL, NULL) == SAMC_OK)
		root = cJSON_Parse(json);
	samc_free(json);
	samc_document_free(doc);
	if (!root)
		return NULL;
	cJSON *params = cJSON_DetachItemFromObjectCaseSensitive(root, "Parameters");
	cJSON_Delete(root);
	return params ? params : cJSON_CreateObject();
}

/* A value the template declares NoEcho (or any value when the template cannot be read). */
static bool is_secret(const cJSON *parameters, const char *key)
{
	if (!parameters)
		return true;
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(parameters, key);
	const cJSON *no_echo = cJSON_GetObjectItemCaseSensitive(p, "NoEcho");
	return cJSON_IsTrue(no_echo) ||
	       (cJSON_IsString(no_echo) && strcasecmp(no_echo->valuestring, "true") == 0);
}

static void print_settings(const deploy_args *a, const samc_kv_list *params,
			   const samc_kv_list *caps)
{
	printf("\n\tDeploying with following values\n\t===============================\n");
	printf("\tStack name                   : %s\n", a->stack_name);
	printf("\tRegion                       : %s\n", a->region ? a->region : "(from the environment)");
	printf("\tConfirm changeset            : %s\n", a->confirm == 1 ? "True" : "False");
	printf("\tDisable rollback             : %s\n", a->disable_rollback == 1 ? "True" : "False");
	printf("\tDeployment s3 bucket         : %s\n",
	       a->s3_bucket ? a->s3_bucket : a->resolve_s3 == 1 ? "(managed bucket)" : "None");
	printf("\tCapabilities                 : [");
	for (size_t i = 0; i < samc_kv_count(caps); i++)
		printf("%s\"%s\"", i ? ", " : "", samc_kv_key(caps, i));
	printf("]\n\tParameter overrides          : {");
	cJSON *declared = samc_kv_count(params) ? template_parameters(a->template_path) : NULL;
	for (size_t i = 0; i < samc_kv_count(params); i++)
		printf("%s\"%s\": \"%s\"", i ? ", " : "", samc_kv_key(params, i),
		       is_secret(declared, samc_kv_key(params, i)) ? "*****" : samc_kv_value(params, i));
	cJSON_Delete(declared);
	printf("}\n\nInitiating deployment\n=====================\n\n");
	fflush(stdout);
}

static int report(const deploy_args *a, const ui_state *ui, const samc_deploy_result *res)
{
	const char *verb = res->created ? "create" : "update";
	switch (res->outcome) {
	case SAMC_DEPLOY_SUCCEEDED:
		printf("\nSuccessfully %sd stack - %s%s%s\n", verb, a->stack_name,
		       a->region ? " in " : "", a->region ? a->region : "");
		return EXIT_OK;
	case SAMC_DEPLOY_NO_CHANGES:
		if (a->fail_on_empty == 0)
			return EXIT_OK;
		fprintf(stderr, "Error: No changes to deploy. Stack %s is up to date (pass "
				"--no-fail-on-empty-changeset to make this a success)\n", a->stack_name);
		return EXIT_INVALID;
	case SAMC_DEPLOY_NOT_EXECUTED:
		printf("\nChange set not executed. Execute it with: aws cloudformation "
		       "execute-change-set --change-set-name %s\n", res->changeset_id);
		return EXIT_OK;
	case SAMC_DEPLOY_CANCELLED:
		fprintf(stderr, "\nInterrupted: samc stopped waiting, but the stack operation goes "
				"on in AWS.\nWatch it with: aws cloudformation describe-stack-events "
				"--stack-name %s\nor run samc deploy again once it has finished.\n",
			a->stack_name);
		return EXIT_INTERNAL;
	case SAMC_DEPLOY_FAILED:
	default:
		ui_print_failures(ui);
		fprintf(stderr, "Error: Failed to %s the stack: %s, %s\n", verb, a->stack_name,
			res->final_status ? res->final_status : "unknown status");
		return EXIT_INVALID;
	}
}

static const char *const ON_FAILURE[] = {"ROLLBACK", "DELETE", "DO_NOTHING"}; /* by mode */

/* The samc_on_failure named, or -1. */
static int on_failure_mode(const char *name)
{
	for (int i = 0; name && i < 3; i++)
		if (strcmp(name, ON_FAILURE[i]) == 0)
			return i;
	return -1;
}

/* --on-failure's value (from the command line or samconfig) and its clash with
 * --disable-rollback: 0 or a usage error. */
static int check_on_failure(const deploy_args *a)
{
	if (!a->on_failure)
		return 0;
	if (on_failure_mode(a->on_failure) < 0)
		return cli_usage_error("deploy", "--on-failure must be ROLLBACK, DELETE or DO_NOTHING, "
						 "not '%s'", a->on_failure);
	if (a->disable_rollback == 1)
		return cli_usage_error("deploy", "--disable-rollback and --on-failure exclude each other");
	return 0;
}

static int deploy_run_with(deploy_args *a)
{
	samc_kv_list *params = NULL, *caps = NULL, *tags = NULL, *arns = NULL;
	int rc = check_on_failure(a);
	if (rc)
		return rc;
	rc = parse_lists(a, &params, &caps, &tags, &arns);
	if (rc) {
		samc_kv_list_free(params);
		samc_kv_list_free(caps);
		samc_kv_list_free(tags);
		return rc;
	}
	samc_deploy_options o = {0};
	o.template_path = a->template_path;
	o.stack_name = a->stack_name;
	o.region = a->region;
	o.profile = a->profile;
	o.s3_bucket = a->s3_bucket;
	o.s3_prefix = a->s3_prefix;
	o.resolve_s3 = a->resolve_s3 == 1;
	o.parameter_overrides = params;
	o.tags = tags;
	o.capabilities = caps;
	o.no_execute = a->no_execute == 1;
	o.confirm_changeset = a->confirm == 1;
	o.disable_rollback = a->disable_rollback == 1;
	o.max_wait_s = a->max_wait_min * 60;
	o.role_arn = a->role_arn;
	o.notification_arns = arns;
	o.kms_key_id = a->kms_key_id;
	o.force_upload = a->force_upload == 1;
	o.on_failure = a->on_failure ? (samc_on_failure)on_failure_mode(a->on_failure)
				     : SAMC_ON_FAILURE_ROLLBACK;
	ui_state ui;
	ui_init(&ui, a->stack_name, samc_poll_delay_ms());
	samc_deploy_callbacks cb = ui_callbacks(&ui);
	samc_deploy_result res;
	samc_error *err = NULL;
	print_settings(a, params, caps);
	ui_catch_interrupt();
	int status = samc_deploy(&o, &cb, &res, &err);
	if (status == SAMC_OK) {
		rc = report(a, &ui, &res);
	} else {
		cli_print_error(err, false);
		rc = cli_exit_code(status);
	}
	samc_deploy_result_clear(&res);
	samc_error_free(err);
	ui_clear(&ui);
	samc_kv_list_free(params);
	samc_kv_list_free(caps);
	samc_kv_list_free(tags);
	samc_kv_list_free(arns);
	return rc;
}
