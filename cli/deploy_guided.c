/* deploy_guided.c — `samc deploy --guided`: asks for the stack settings on the terminal (the
 * saved or given values as defaults) and saves them in samconfig as SAM CLI does. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "deploy_ui.h"
#include "samc/deploy.h"

/* The template's own Parameters, read through a JSON rendering of the document. */
static cJSON *template_parameters(const char *path)
{
	samc_document *doc = NULL;
	samc_error *err = NULL;
	char *json = NULL;
	size_t len = 0;
	cJSON *params = NULL;
	if (samc_document_load_file(&doc, path, NULL, &err) == SAMC_OK &&
	    samc_document_render(doc, SAMC_FORMAT_JSON, &json, &len, &err) == SAMC_OK) {
		cJSON *root = cJSON_ParseWithLength(json, len);
		params = cJSON_DetachItemFromObjectCaseSensitive(root, "Parameters");
		cJSON_Delete(root);
	}
	samc_free(json);
	samc_error_free(err);
	samc_document_free(doc);
	return params;
}

/* Appends K="v" to the overrides text (quotes and backslashes escaped). */
static int append_override(char **acc, const char *key, const char *value)
{
	size_t old = *acc ? strlen(*acc) : 0;
	char *n = realloc(*acc, old + strlen(key) + 2 * strlen(value) + 5);
	if (!n)
		return -1;
	char *p = n + old;
	if (old)
		*p++ = ' ';
	p += sprintf(p, "%s=\"", key);
	for (const char *v = value; *v; v++) {
		if (*v == '"' || *v == '\\')
			*p++ = '\\';
		*p++ = *v;
	}
	strcpy(p, "\"");
	*acc = n;
	return 0;
}

/* The previous override of key in text, or the template Default. */
static char *previous_value(const char *text, const char *key, const cJSON *decl)
{
	samc_kv_list *list = NULL;
	samc_error *err = NULL;
	char *out = NULL;
	if (text && samc_deploy_parse_parameters(text, &list, &err) == SAMC_OK &&
	    samc_kv_find(list, key))
		out = strdup(samc_kv_find(list, key));
	samc_kv_list_free(list);
	samc_error_free(err);
	const cJSON *def = cJSON_GetObjectItemCaseSensitive(decl, "Default");
	if (!out && cJSON_IsString(def))
		out = strdup(def->valuestring);
	else if (!out && cJSON_IsNumber(def)) {
		char buf[64];
		snprintf(buf, sizeof(buf), "%g", def->valuedouble);
		out = strdup(buf);
	}
	return out;
}

static int ask_parameters(deploy_args *a)
{
	cJSON *params = template_parameters(a->template_path);
	char *text = NULL;
	int rc = 0;
	for (const cJSON *p = params ? params->child : NULL; !rc && p; p = p->next) {
		char *def = previous_value(a->overrides, p->string, p);
		char question[300];
		snprintf(question, sizeof(question), "Parameter %s", p->string);
		char *answer = ui_ask(question, def);
		rc = answer ? append_override(&text, p->string, answer) : -1;
		free(answer);
		free(def);
	}
	cJSON_Delete(params);
	if (rc) {
		free(text);
		return EXIT_INTERNAL;
	}
	free(a->overrides);
	a->overrides = text;
	return 0;
}

static const char *ask_kept(deploy_args *a, const char *question, const char *def)
{
	return deploy_args_keep(a, ui_ask(question, def));
}

static int save(const deploy_args *a, samc_samconfig *cfg, const char *path, const char *env)
{
	static const char *const CMD = "deploy";
	int rc = samc_samconfig_set(cfg, env, CMD, "stack_name", a->stack_name);
	if (!rc && a->s3_bucket)
		rc = samc_samconfig_set(cfg, env, CMD, "s3_bucket", a->s3_bucket);
	else if (!rc)
		rc = samc_samconfig_set_bool(cfg, env, CMD, "resolve_s3", 1);
	if (!rc && a->s3_prefix)
		rc = samc_samconfig_set(cfg, env, CMD, "s3_prefix", a->s3_prefix);
	rc = rc ? rc : samc_samconfig_set(cfg, env, CMD, "region", a->region);
	rc = rc ? rc : samc_samconfig_set_bool(cfg, env, CMD, "confirm_changeset", a->confirm == 1);
	if (!rc && a->capabilities)
		rc = samc_samconfig_set(cfg, env, CMD, "capabilities", a->capabilities);
	rc = rc ? rc : samc_samconfig_set_bool(cfg, env, CMD, "disable_rollback",
					      a->disable_rollback == 1);
	if (!rc && a->overrides && *a->overrides)
		rc = samc_samconfig_set(cfg, env, CMD, "parameter_overrides", a->overrides);
	if (!rc && a->profile)
		rc = samc_samconfig_set(cfg, env, CMD, "profile", a->profile);
	rc = rc ? rc : samc_samconfig_set(cfg, env, "global", "region", a->region);
	samc_error *err = NULL;
	if (!rc)
		rc = samc_samconfig_save(cfg, path, &err);
	if (rc) {
		cli_print_error(err, false);
		samc_error_free(err);
		return cli_exit_code(rc);
	}
	printf("\n\tSaved arguments to config file %s\n", path);
	return 0;
}

static int ask_and_save(deploy_args *a, samc_samconfig **cfg, const char *config_path)
{
	if (!ui_ask_yes("Save arguments to configuration file", true))
		return 0;
	const char *path = ask_kept(a, "SAM configuration file", config_path ? config_path
									 : "samconfig.toml");
	const char *env = ask_kept(a, "SAM configuration environment", a->config_env);
	if (!path || !env)
		return EXIT_INVALID;
	if (!*cfg && access(path, F_OK) == 0) {
		samc_error *err = NULL;
		if (samc_samconfig_load(cfg, path, &err) != SAMC_OK) {
			cli_print_error(err, false);
			samc_error_free(err);
			return EXIT_INVALID;
		}
	}
	if (!*cfg && samc_samconfig_new(cfg) != SAMC_OK)
		return EXIT_INTERNAL;
	return save(a, *cfg, path, env);
}

static const char *default_region(const deploy_args *a)
{
	if (a->region)
		return a->region;
	const char *r = getenv("AWS_REGION");
	if (!r || !*r)
		r = getenv("AWS_DEFAULT_REGION");
	return r && *r ? r : "us-east-1";
}

int deploy_guided(deploy_args *a, samc_samconfig **cfg, const char *config_path)
{
	printf("\nConfiguring SAM deploy\n======================\n\n");
	printf("\tLooking for config file [%s] :  %s\n", config_path ? config_path : "samconfig.toml",
	       *cfg ? "Found" : "Not found");
	printf("\n\tSetting default arguments for 'samc deploy'\n"
	       "\t=========================================\n");
	a->stack_name = ask_kept(a, "Stack Name", a->stack_name ? a->stack_name : "sam-app");
	a->region = ask_kept(a, "AWS Region", default_region(a));
	if (!a->stack_name || !a->region || !*a->stack_name)
		return cli_usage_error("deploy", "--guided: no answer for the stack name or region");
	int rc = ask_parameters(a);
	if (rc)
		return rc;
	a->confirm = ui_ask_yes("Confirm changes before deploy", a->confirm == 1);
	if (ui_ask_yes("Allow SAM CLI IAM role creation", true)) {
		free(a->capabilities);
		a->capabilities = strdup("CAPABILITY_IAM");
	} else {
		char *caps = ui_ask("Capabilities", "CAPABILITY_NAMED_IAM");
		free(a->capabilities);
		a->capabilities = caps;
	}
	a->disable_rollback = ui_ask_yes("Disable rollback", a->disable_rollback == 1);
	if (!a->s3_bucket) {
		a->resolve_s3 = 1;
		a->s3_prefix = a->stack_name;
	}
	return ask_and_save(a, cfg, config_path);
}
