/* cmd_delete_stack.c — `samc delete-stack`: confirms, then has libsamc delete the stack's S3
 * artifacts and the stack, printing the stack events as they come. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "deploy_ui.h"
#include "samc/deploy.h"

static const char HELP[] =
	"usage: samc delete-stack --stack-name NAME [OPTIONS]\n"
	"\n"
	"Delete a CloudFormation stack: first the S3 objects its template points at (packaged\n"
	"artifacts, and the template when it was uploaded), then the stack itself, following its\n"
	"events until it is gone. Options not given are read from samconfig\n"
	"([ENV.delete.parameters], then [ENV.deploy.parameters]).\n"
	"\n"
	"options:\n"
	"  --stack-name NAME      the stack to delete (required)\n"
	"  --region REGION        AWS region\n"
	"  --profile PROFILE      credentials and config profile\n"
	"  --no-prompts           do not ask for confirmation\n"
	"  --keep-artifacts       leave the S3 objects in place\n"
	"  --s3-bucket BUCKET     the artifact bucket (default: found in the stack's template)\n"
	"  --s3-prefix PREFIX     the artifacts' key prefix (default: from the template)\n"
	"  --config-file FILE     samconfig file (default: samconfig.toml, .yaml or .yml here)\n"
	"  --config-env ENV       samconfig environment (default: default)\n"
	"  -h, --help             show this help\n"
	"\n"
	"Ctrl-C while waiting stops waiting (the deletion goes on in AWS).\n"
	"exit status: 0 deleted (or no such stack, or declined), 1 deletion failed, 2 usage\n"
	"error, 3 AWS, I/O or internal error, or interrupted\n";

typedef struct delete_args {
	samc_delete_options o;
	int no_prompts;
	const char *config_file, *config_env;
	char *owned[8];
	size_t nowned;
} delete_args;

static int parse_args(int argc, char **argv, delete_args *a)
{
	for (int i = 1; i < argc; i++) {
		const char *v;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(HELP, stdout);
			return -1;
		} else if (strcmp(argv[i], "--no-prompts") == 0)
			a->no_prompts = 1;
		else if (strcmp(argv[i], "--keep-artifacts") == 0)
			a->o.keep_artifacts = 1;
		else if ((v = cli_option_value(argc, argv, &i, "--stack-name")))
			a->o.stack_name = v;
		else if ((v = cli_option_value(argc, argv, &i, "--region")))
			a->o.region = v;
		else if ((v = cli_option_value(argc, argv, &i, "--profile")))
			a->o.profile = v;
		else if ((v = cli_option_value(argc, argv, &i, "--s3-bucket")))
			a->o.s3_bucket = v;
		else if ((v = cli_option_value(argc, argv, &i, "--s3-prefix")))
			a->o.s3_prefix = v;
		else if ((v = cli_option_value(argc, argv, &i, "--config-file")))
			a->config_file = v;
		else if ((v = cli_option_value(argc, argv, &i, "--config-env")))
			a->config_env = v;
		else
			return cli_usage_error("delete-stack", "unknown or incomplete argument '%s'",
					       argv[i]);
	}
	return 0;
}

/* A setting from [ENV.delete.parameters], else [ENV.deploy.parameters] (and global). */
static const char *cfg_value(delete_args *a, const samc_samconfig *cfg, const char *key)
{
	static const char *const COMMANDS[] = {"delete_stack", "delete", "deploy"};
	char *v = NULL;
	for (size_t i = 0; !v && i < 3; i++)
		samc_samconfig_get(cfg, a->config_env, COMMANDS[i], key, &v);
	if (v && a->nowned < sizeof(a->owned) / sizeof(*a->owned))
		a->owned[a->nowned++] = v;
	else {
		free(v);
		v = NULL;
	}
	return v;
}

static int merge_config(delete_args *a)
{
	char *path = ui_config_path(a->config_file, NULL);
	samc_samconfig *cfg = NULL;
	samc_error *err = NULL;
	int rc = 0;
	if (path && samc_samconfig_load(&cfg, path, &err) != SAMC_OK) {
		cli_print_error(err, false);
		rc = EXIT_INVALID;
	} else if (cfg) {
		const char **fields[] = {&a->o.stack_name, &a->o.region, &a->o.profile};
		static const char *const KEYS[] = {"stack_name", "region", "profile"};
		for (size_t i = 0; i < 3; i++)
			if (!*fields[i])
				*fields[i] = cfg_value(a, cfg, KEYS[i]);
	}
	samc_error_free(err);
	samc_samconfig_free(cfg);
	free(path);
	return rc;
}

static int report(const delete_args *a, const ui_state *ui, samc_delete_outcome outcome)
{
	switch (outcome) {
	case SAMC_DELETE_SUCCEEDED:
		printf("\nDeleted successfully\n");
		return EXIT_OK;
	case SAMC_DELETE_NO_STACK:
		printf("Error: The input stack %s does not exist on Cloudformation%s%s\n",
		       a->o.stack_name, a->o.region ? " in " : "", a->o.region ? a->o.region : "");
		return EXIT_OK;
	case SAMC_DELETE_CANCELLED:
		fprintf(stderr, "\nInterrupted: samc stopped waiting, but the deletion goes on in "
				"AWS.\nWatch it with: aws cloudformation describe-stack-events "
				"--stack-name %s\n", a->o.stack_name);
		return EXIT_INTERNAL;
	case SAMC_DELETE_FAILED:
	default:
		ui_print_failures(ui);
		fprintf(stderr, "Error: Failed to delete the stack %s\n", a->o.stack_name);
		return EXIT_INVALID;
	}
}

static int run(delete_args *a)
{
	if (!a->no_prompts) {
		char q[512];
		snprintf(q, sizeof(q), "Are you sure you want to delete the stack %s%s%s ?",
			 a->o.stack_name, a->o.region ? " in the region " : "",
			 a->o.region ? a->o.region : "");
		if (!ui_ask_yes(q, false)) {
			printf("Not deleted.\n");
			return EXIT_OK;
		}
	}
	ui_state ui;
	ui_init(&ui, a->o.stack_name, samc_poll_delay_ms());
	samc_deploy_callbacks cb = ui_callbacks(&ui);
	samc_delete_outcome outcome = SAMC_DELETE_FAILED;
	samc_error *err = NULL;
	ui_catch_interrupt();
	int status = samc_delete_stack(&a->o, &cb, &outcome, &err);
	int rc;
	if (status == SAMC_OK) {
		rc = report(a, &ui, outcome);
	} else {
		cli_print_error(err, false);
		rc = cli_exit_code(status);
	}
	samc_error_free(err);
	ui_clear(&ui);
	return rc;
}

int cmd_delete_stack(int argc, char **argv)
{
	delete_args a;
	memset(&a, 0, sizeof(a));
	int rc = parse_args(argc, argv, &a);
	if (rc == 0) {
		if (!a.config_env)
			a.config_env = "default";
		rc = merge_config(&a);
	}
	if (rc == 0 && (!a.o.stack_name || !*a.o.stack_name))
		rc = cli_usage_error("delete-stack", "--stack-name is required");
	if (rc == 0)
		rc = run(&a);
	for (size_t i = 0; i < a.nowned; i++)
		free(a.owned[i]);
	return rc < 0 ? EXIT_OK : rc;
}
