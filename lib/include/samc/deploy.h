/* deploy.h — taking a template to a deployed CloudFormation stack and removing it again:
 * samconfig files, parameter/tag/capability parsing, change sets, stack events, delete. */
#ifndef SAMC_DEPLOY_H
#define SAMC_DEPLOY_H

#include <stddef.h>

#include "samc/samc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------
 * samconfig: SAM CLI's settings file, samconfig.toml (a TOML subset: tables, strings, bools,
 * numbers, arrays) or samconfig.yaml/.yml. A top-level `version` number, then
 * [ENV.COMMAND.parameters] tables whose keys are option names with '-' turned into '_'.
 * [ENV.global.parameters] applies to every command; the command's own table wins.
 */
typedef struct samc_samconfig samc_samconfig;

/* An empty configuration (version 0.1). */
int samc_samconfig_new(samc_samconfig **out);
/* Reads path (TOML unless its name ends in .yaml or .yml). A missing or misplaced `version`,
 * bad syntax or a table that is not a mapping is SAMC_EINVALID with file:line:col. */
int samc_samconfig_load(samc_samconfig **out, const char *path, samc_error **err);
/* The value of key for command in env, from the command's table or else the global one, as
 * text: strings as they are, booleans "true"/"false", numbers as written, arrays with their
 * items joined by one space. *value is NULL when the key is not set; free with samc_free. */
int samc_samconfig_get(const samc_samconfig *cfg, const char *env, const char *command,
		       const char *key, char **value);
/* Sets a string (or, with _bool, a boolean) in [env.command.parameters]. */
int samc_samconfig_set(samc_samconfig *cfg, const char *env, const char *command,
		       const char *key, const char *value);
int samc_samconfig_set_bool(samc_samconfig *cfg, const char *env, const char *command,
			    const char *key, int value);
/* Writes the configuration to path (YAML when its name ends in .yaml/.yml, else TOML),
 * through a temporary file and a rename. */
int samc_samconfig_save(const samc_samconfig *cfg, const char *path, samc_error **err);
void samc_samconfig_free(samc_samconfig *cfg);

/* ---------------------------------------------------------------------------------------
 * Key/value lists: parameter overrides, tags; capabilities use the keys only.
 */
typedef struct samc_kv_list samc_kv_list;

/* SAM CLI's --parameter-overrides forms, any mix, separated by blanks:
 * `K=V`, `ParameterKey=K,ParameterValue=V`, values quoted with "..." or '...' (backslash
 * escapes the next character inside "..." and outside quotes). A later key replaces an
 * earlier one. Names have letters and digits only. */
int samc_deploy_parse_parameters(const char *text, samc_kv_list **out, samc_error **err);
/* --tags: `K=V K2="v w"`. */
int samc_deploy_parse_tags(const char *text, samc_kv_list **out, samc_error **err);
/* --capabilities: blank- or comma-separated CAPABILITY_IAM, CAPABILITY_NAMED_IAM,
 * CAPABILITY_RESOURCE_POLICY, CAPABILITY_AUTO_EXPAND (keys only; values are NULL). */
int samc_deploy_parse_capabilities(const char *text, samc_kv_list **out, samc_error **err);
/* --notification-arns: blank- or comma-separated SNS topic ARNs (keys only). */
int samc_deploy_parse_notification_arns(const char *text, samc_kv_list **out, samc_error **err);
int samc_kv_list_new(samc_kv_list **out);
/* Adds or replaces key (value may be NULL). */
int samc_kv_list_set(samc_kv_list *list, const char *key, const char *value);
size_t samc_kv_count(const samc_kv_list *list);
const char *samc_kv_key(const samc_kv_list *list, size_t i);
const char *samc_kv_value(const samc_kv_list *list, size_t i);
/* The value of key, or NULL. */
const char *samc_kv_find(const samc_kv_list *list, const char *key);
void samc_kv_list_free(samc_kv_list *list);

/* ---------------------------------------------------------------------------------------
 * Change sets and stack events as the deploy delivers them.
 */
typedef struct samc_change {
	const char *operation;     /* as SAM CLI's table shows it: "+ Add", "* Modify",
				    * "- Delete", else the action */
	const char *action;        /* Add, Modify, Remove, Import, Dynamic */
	const char *logical_id;
	const char *resource_type;
	const char *replacement;   /* True, False, Conditional, or "N/A" when not given */
} samc_change;

typedef struct samc_changeset samc_changeset;

/* Parses a DescribeChangeSet response (the XML CloudFormation returns). Pages are appended
 * when *out already holds a change set. The changes are kept in table order: additions,
 * then modifications, then removals, then the rest, each group in CloudFormation's order. */
int samc_changeset_parse(samc_changeset **out, const char *xml, size_t len, samc_error **err);
const char *samc_changeset_status(const samc_changeset *cs);        /* CREATE_COMPLETE ... */
const char *samc_changeset_status_reason(const samc_changeset *cs); /* or NULL */
const char *samc_changeset_execution_status(const samc_changeset *cs);
const char *samc_changeset_id(const samc_changeset *cs);
const char *samc_changeset_next_token(const samc_changeset *cs);    /* or NULL */
size_t samc_changeset_count(const samc_changeset *cs);
const samc_change *samc_changeset_get(const samc_changeset *cs, size_t i);
/* Nonzero when a FAILED change set failed only because there was nothing to change. */
int samc_changeset_is_empty_failure(const samc_changeset *cs);
void samc_changeset_free(samc_changeset *cs);

typedef struct samc_stack_event {
	const char *event_id;
	const char *timestamp;       /* ISO 8601 as CloudFormation sends it */
	const char *status;          /* CREATE_IN_PROGRESS ... */
	const char *detailed_status; /* or NULL */
	const char *resource_type;
	const char *logical_id;
	const char *physical_id;     /* or NULL */
	const char *reason;          /* or NULL */
} samc_stack_event;

/* One stack output. */
typedef struct samc_stack_output {
	const char *key;
	const char *value;
	const char *description; /* or NULL */
} samc_stack_output;

/* What a deploy or delete reports while it runs; every member may be NULL. The library
 * never prints: the caller decides how each step looks. */
typedef struct samc_deploy_callbacks {
	void *ctx;
	/* A line of progress ("Uploading to KEY", "Waiting for changeset to be created..."). */
	void (*progress)(void *ctx, const char *message);
	/* The change set, once created. */
	void (*changeset)(void *ctx, const samc_changeset *cs);
	/* A new stack event, oldest first. */
	void (*event)(void *ctx, const samc_stack_event *event);
	/* After the change set is shown: zero keeps it unexecuted (SAMC_DEPLOY_NOT_EXECUTED).
	 * NULL = execute. */
	int (*confirm)(void *ctx, const samc_changeset *cs);
	/* One stack output after a successful deploy. */
	void (*output)(void *ctx, const samc_stack_output *output);
	/* Polled while waiting: nonzero stops the wait (the operation goes on in AWS). */
	int (*cancelled)(void *ctx);
} samc_deploy_callbacks;

/* ---------------------------------------------------------------------------------------
 * Upload (what `sam package --s3-bucket` does after packaging).
 */
typedef struct samc_artifact_list samc_artifact_list;     /* samc/package.h */
typedef struct samc_package_options samc_package_options; /* samc/package.h */

typedef struct samc_upload_options {
	const char *bucket;      /* required */
	const char *region;      /* NULL: the environment or profile decides */
	const char *profile;     /* NULL: AWS_PROFILE or "default" */
	const char *kms_key_id;  /* SSE-KMS with this key (NULL: the bucket's default) */
	int force_upload;        /* upload even when the bucket has an object under the key */
} samc_upload_options;

/* Puts every artifact of list (see samc_package) at bucket/KEY, skipping keys already there
 * (keys are content hashes) unless forced; cb->progress (cb may be NULL) hears each
 * "Uploading to KEY" and "File with same data already exists at KEY, skipping upload".
 * SAMC_EIO with the AWS error on failure. */
int samc_upload_artifacts(const samc_artifact_list *list, const samc_upload_options *opts,
			  const samc_deploy_callbacks *cb, samc_error **err);

/* `sam package --s3-bucket`: packages doc's local artifacts (popts as for samc_package; its
 * output_dir and s3_bucket are not used: the artifacts are staged in a folder of their own
 * under TMPDIR, removed afterwards, and the template points at up->bucket), uploads them as
 * samc_upload_artifacts does (credentials are only needed when there is something to upload),
 * and returns the rewritten template in *out and, when artifacts is not NULL, the artifacts
 * (their `file` names the staged copy, gone by then). */
int samc_package_upload(const samc_document *doc, const samc_package_options *popts,
			const samc_upload_options *up, const samc_deploy_callbacks *cb,
			samc_document **out, samc_artifact_list **artifacts, samc_error **err);

/* ---------------------------------------------------------------------------------------
 * Deploy.
 */
/* --on-failure: after a failed create or update, CloudFormation's rollback (the default);
 * DELETE: then delete a stack that has no good state left (a failed create), rolling an
 * UPDATE_FAILED stack back first; DO_NOTHING: keep what was created (rollback disabled). */
typedef enum samc_on_failure {
	SAMC_ON_FAILURE_ROLLBACK = 0,
	SAMC_ON_FAILURE_DELETE = 1,
	SAMC_ON_FAILURE_DO_NOTHING = 2
} samc_on_failure;

typedef struct samc_deploy_options {
	const char *template_path; /* SAM or CloudFormation template (required) */
	const char *stack_name;    /* required */
	const char *region;        /* NULL: the environment or profile decides */
	const char *profile;       /* NULL: AWS_PROFILE or "default" */
	const char *s3_bucket;     /* where artifacts and large templates go */
	const char *s3_prefix;     /* NULL or "" for none */
	int resolve_s3;            /* nonzero: use (creating it when missing) SAM CLI's managed
				    * bucket stack aws-sam-cli-managed-default */
	const samc_kv_list *parameter_overrides;
	const samc_kv_list *tags;
	const samc_kv_list *capabilities;
	int no_execute;            /* stop after creating the change set */
	int confirm_changeset;     /* ask cb->confirm before executing */
	int disable_rollback;
	unsigned poll_delay_ms;    /* 0: SAM_CLI_POLL_DELAY seconds, else 5 s */
	unsigned max_wait_s;       /* 0: one hour */
	const char *work_dir;      /* where packaged zips are staged (NULL: a temporary folder) */
	const char *role_arn;      /* RoleARN: the IAM role CloudFormation assumes (NULL: none) */
	const samc_kv_list *notification_arns; /* SNS topic ARNs for stack events (the keys) */
	const char *kms_key_id;    /* uploads encrypted with this KMS key (NULL: the bucket's
				    * default encryption) */
	int force_upload;          /* upload artifacts even when the bucket has them already */
	samc_on_failure on_failure; /* what a failed stack operation leaves behind */
} samc_deploy_options;

typedef enum samc_deploy_outcome {
	SAMC_DEPLOY_SUCCEEDED = 0,   /* the stack reached CREATE/UPDATE_COMPLETE */
	SAMC_DEPLOY_NO_CHANGES = 1,  /* the change set was empty */
	SAMC_DEPLOY_NOT_EXECUTED = 2,/* --no-execute-changeset: the change set waits */
	SAMC_DEPLOY_FAILED = 3,      /* the stack operation failed (events were delivered) */
	SAMC_DEPLOY_CANCELLED = 4    /* the caller stopped the wait */
} samc_deploy_outcome;

typedef struct samc_deploy_result {
	samc_deploy_outcome outcome;
	char *stack_id;      /* owned; freed by samc_deploy_result_clear */
	char *changeset_id;  /* owned */
	char *final_status;  /* owned: the stack's last status, or NULL */
	int created;         /* nonzero: the change set was a CREATE */
} samc_deploy_result;

/* Packages the template's local artifacts, uploads them (skipping objects already in the
 * bucket), expands the SAM transform locally, creates the change set, executes it and waits.
 * Returns 0 when the run reached an outcome (see result->outcome; a failed or empty deploy
 * is an outcome, not an error), SAMC_EINVALID for a bad template or option, SAMC_EIO for an
 * AWS or network failure (the message names the call and AWS's error). */
int samc_deploy(const samc_deploy_options *opts, const samc_deploy_callbacks *cb,
		samc_deploy_result *result, samc_error **err);
void samc_deploy_result_clear(samc_deploy_result *result);

/* ---------------------------------------------------------------------------------------
 * Delete.
 */
typedef struct samc_delete_options {
	const char *stack_name; /* required */
	const char *region;
	const char *profile;
	const char *s3_bucket;  /* NULL: found in the stack's template */
	const char *s3_prefix;
	int keep_artifacts;     /* nonzero: leave the S3 objects alone */
	unsigned poll_delay_ms;
	unsigned max_wait_s;
} samc_delete_options;

typedef enum samc_delete_outcome {
	SAMC_DELETE_SUCCEEDED = 0,
	SAMC_DELETE_NO_STACK = 1,  /* there was no such stack */
	SAMC_DELETE_FAILED = 2,    /* DELETE_FAILED (events were delivered) */
	SAMC_DELETE_CANCELLED = 3
} samc_delete_outcome;

/* Deletes the stack's S3 artifacts (unless kept), then the stack, and waits. */
int samc_delete_stack(const samc_delete_options *opts, const samc_deploy_callbacks *cb,
		      samc_delete_outcome *outcome, samc_error **err);

/* The poll delay SAM CLI uses: SAM_CLI_POLL_DELAY seconds (fractions allowed) when it is a
 * positive number, else 5 s. In milliseconds. */
unsigned samc_poll_delay_ms(void);

#ifdef __cplusplus
}
#endif
#endif
