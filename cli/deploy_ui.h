/* deploy_ui.h — what `samc deploy` and `samc delete-stack` share on the terminal: tables with
 * wrapped columns and colours, the Ctrl-C flag, y/N prompts and the library callbacks. */
#ifndef SAMC_CLI_DEPLOY_UI_H
#define SAMC_CLI_DEPLOY_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "samc/deploy.h"

#define UI_GREEN "\033[32m"
#define UI_YELLOW "\033[33m"
#define UI_RED "\033[31m"

typedef struct ui_state {
	bool colour;
	unsigned delay_ms;
	bool events_started;
	const char *stack_name;
	bool outputs_started;
	char **failures;
	size_t nfailures;
} ui_state;

void ui_init(ui_state *ui, const char *stack_name, unsigned delay_ms);
void ui_clear(ui_state *ui);
/* Installs the SIGINT handler; ui_interrupted() is then nonzero after Ctrl-C. */
void ui_catch_interrupt(void);
int ui_interrupted(void);
/* The callbacks printing progress, the change set, events and outputs. */
samc_deploy_callbacks ui_callbacks(ui_state *ui);
/* A titled table: title, then a rule, the headers, a rule. */
void ui_table_start(const ui_state *ui, const char *title, const char *const *headers, size_t n);
void ui_table_row(const ui_state *ui, const char *const *cells, size_t n, const char *colour);
void ui_table_rule(size_t n);
/* Prints the failure events seen (after a failed operation). */
void ui_print_failures(const ui_state *ui);
/* Asks on the terminal; returns the answer (malloc'd; the default when empty) or NULL at EOF. */
char *ui_ask(const char *question, const char *def);
/* y/N question; def is the answer for an empty line. */
bool ui_ask_yes(const char *question, bool def);

enum { UNSET = -1 };

typedef struct deploy_args {
	const char *template_path, *user_template, *stack_name, *s3_bucket, *s3_prefix;
	const char *region, *profile, *config_file, *config_env, *role_arn, *kms_key_id, *on_failure;
	char *overrides, *capabilities, *tags, *notification_arns; /* joined repeats (owned) */
	int resolve_s3, no_execute, confirm, fail_on_empty, disable_rollback, force_upload, guided;
	unsigned max_wait_min;
	char *owned[32]; /* strings read from samconfig */
	size_t nowned;
} deploy_args;

/* Keeps s (read from samconfig) until the arguments are freed; returns it. */
const char *deploy_args_keep(deploy_args *a, char *s);

/* --guided: asks for the settings (defaults from a and the template), fills a, and saves
 * them in samconfig when asked to. 0 or an exit code. */
int deploy_guided(deploy_args *a, samc_samconfig **cfg, const char *config_path);

/* The samconfig to read: the explicit path, else samconfig.toml/.yaml/.yml beside the
 * template (the current folder for NULL); NULL when there is none. Caller frees. */
char *ui_config_path(const char *explicit_path, const char *template_path);

#endif
