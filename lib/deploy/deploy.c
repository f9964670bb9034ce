/* deploy.c — the deploy driver: package and upload the artifacts, expand the template locally,
 * create the change set (CREATE or UPDATE), wait, execute it and follow the stack to the end. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "deploy/deploy_int.h"
#include "deploy/run.h"
#include "doc/doc.h"
#include "package/checksum.h"
#include "util/buf.h"
#include "util/error.h"

#define TEMPLATE_BODY_LIMIT 51200

void samc_deploy_result_clear(samc_deploy_result *result)
{
	if (!result)
		return;
	free(result->stack_id);
	free(result->changeset_id);
	free(result->final_status);
	memset(result, 0, sizeof(*result));
}

/* "K=\"v\" ..." for the local transform, in the tokenizer's quoting. */
static char *overrides_text(const samc_kv_list *list)
{
	samc_buf b = SAMC_BUF_INIT;
	for (size_t i = 0; i < samc_kv_count(list); i++) {
		samc_buf_printf(&b, "%s%s=\"", i ? " " : "", samc_kv_key(list, i));
		for (const char *v = samc_kv_value(list, i); v && *v; v++) {
			if (*v == '"' || *v == '\\')
				samc_buf_putc(&b, '\\');
			samc_buf_putc(&b, *v);
		}
		samc_buf_putc(&b, '"');
	}
	return samc_buf_detach(&b);
}

static int has_transform(const samc_document *doc)
{
	return cJSON_IsObject(doc->root) &&
	       cJSON_GetObjectItemCaseSensitive(doc->root, "Transform") != NULL;
}

/* The template CloudFormation receives: expanded here, so what was checked is what runs. */
static int expand(deploy_run *r)
{
	const samc_document *doc = r->packaged;
	samc_document *expanded = NULL;
	int rc = SAMC_OK;
	if (has_transform(doc)) {
		char *overrides = overrides_text(r->o->parameter_overrides);
		samc_transform_options t = {.region = samc_aws_config_region(r->cfg), .parameter_overrides = overrides};
		rc = overrides ? samc_transform_document(doc, &t, &expanded, r->err) : SAMC_ENOMEM;
		free(overrides);
		doc = expanded;
	}
	if (rc == SAMC_OK)
		rc = samc_document_render(doc, SAMC_FORMAT_JSON, &r->body, &r->body_len, r->err);
	if (rc == SAMC_OK) {
		r->parameters = cJSON_Duplicate(
			cJSON_GetObjectItemCaseSensitive(doc->root, "Parameters"), 1);
		if (!r->parameters)
			r->parameters = cJSON_CreateObject();
		if (!r->parameters)
			rc = SAMC_ENOMEM;
	}
	samc_document_free(expanded);
	return rc;
}

/* Over 51,200 bytes the template travels through S3 (TemplateURL). */
static int stage_template(deploy_run *r)
{
	if (r->body_len <= TEMPLATE_BODY_LIMIT)
		return SAMC_OK;
	if (!r->bucket)
		return samc_error_set(r->err, SAMC_EINVALID, r->o->template_path, 0, 0,
				      "the expanded template is %zu bytes, over CloudFormation's "
				      "%d-byte limit for an inline template: pass --s3-bucket or "
				      "--resolve-s3 so it can be sent through S3",
				      r->body_len, TEMPLATE_BODY_LIMIT);
	char md5[33];
	int rc = pkg_bytes_md5(r->body, r->body_len, md5);
	char *key = rc ? NULL : deploy_s3_key(r, md5, ".template");
	if (!rc && !key)
		rc = SAMC_ENOMEM;
	if (rc == SAMC_OK)
		rc = samc_upload_bytes(r->client, r->bucket, key, r->body, r->body_len, &r->upload,
				       r->cb, r->err);
	if (rc == SAMC_OK)
		rc = samc_s3_object_url(r->client, r->bucket, key, &r->template_url, r->err);
	free(key);
	return rc;
}

static int find_stack(deploy_run *r)
{
	int rc = samc_cfn_describe_stack(r->client, r->o->stack_name, &r->stack, r->err);
	if (rc)
		return rc;
	r->res->created = !r->stack || strcmp(r->stack->status, "REVIEW_IN_PROGRESS") == 0;
	return SAMC_OK;
}

static int deployed_parameter(const samc_cfn_stack *st, const char *key)
{
	for (size_t i = 0; st && i < st->nparameters; i++)
		if (strcmp(st->parameters[i].key, key) == 0)
			return 1;
	return 0;
}

/* Every template parameter: the override, else (on UPDATE, for a key the stack has) the
 * previous value, else nothing (CloudFormation applies the Default). */
static int build_parameters(deploy_run *r)
{
	size_t n = (size_t)cJSON_GetArraySize(r->parameters);
	r->cfn_params = calloc(n ? n : 1, sizeof(*r->cfn_params));
	if (!r->cfn_params)
		return SAMC_ENOMEM;
	for (const cJSON *p = r->parameters->child; p; p = p->next) {
		const char *v = samc_kv_find(r->o->parameter_overrides, p->string);
		samc_cfn_parameter *out = &r->cfn_params[r->ncfn_params];
		out->key = p->string;
		if (v)
			out->value = v;
		else if (!r->res->created && deployed_parameter(r->stack, p->string))
			out->use_previous = true;
		else
			continue;
		r->ncfn_params++;
	}
	return SAMC_OK;
}

static void iso_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%d %H:%M:%S", &tm);
}

static int nothing_to_update(const samc_aws_client *c)
{
	const samc_aws_last_error *e = samc_aws_client_last_error(c);
	return e && e->message && strstr(e->message, "No updates are to be performed") != NULL;
}

static int create_change_set(deploy_run *r, int *empty)
{
	char when[32], description[80];
	iso_now(when);
	snprintf(r->change_set_name, sizeof(r->change_set_name), "samcli-deploy%lld",
		 (long long)time(NULL));
	snprintf(description, sizeof(description), "Created by samc at %s UTC", when);
	samc_cfn_change_set_request q = {0};
	q.stack_name = r->o->stack_name;
	q.change_set_name = r->change_set_name;
	q.change_set_type = r->res->created ? "CREATE" : "UPDATE";
	q.description = description;
	q.template_body = r->template_url ? NULL : r->body;
	q.template_url = r->template_url;
	q.parameters = r->cfn_params;
	q.nparameters = r->ncfn_params;
	q.role_arn = r->o->role_arn && *r->o->role_arn ? r->o->role_arn : NULL;
	int rc = deploy_string_arrays(r, &q);
	samc_progress(r->cb, "Creating the %s change set %s for stack %s", q.change_set_type,
		      r->change_set_name, r->o->stack_name);
	samc_error *inner = NULL;
	if (rc == SAMC_OK)
		rc = samc_cfn_create_change_set(r->client, &q, &r->res->changeset_id,
						&r->res->stack_id, &inner);
	if (rc == SAMC_EAWS && nothing_to_update(r->client)) {
		/* some CloudFormation endpoints refuse an empty update right away instead of
		 * failing the change set: the same outcome */
		rc = SAMC_OK;
		*empty = 1;
	} else if (rc && rc != SAMC_ENOMEM)
		rc = samc_error_set(r->err, rc, NULL, 0, 0,
				    "Failed to create changeset for the stack: %s, %s",
				    r->o->stack_name, inner ? samc_error_message(inner) : "");
	samc_error_free(inner);
	return rc;
}

static void report_no_changes(deploy_run *r)
{
	r->res->outcome = SAMC_DEPLOY_NO_CHANGES;
	samc_progress(r->cb, "No changes to deploy. Stack %s is up to date", r->o->stack_name);
}

/* Waits for the change set; an empty or failed one ends the run with its outcome. */
static int review_change_set(deploy_run *r, int *done)
{
	samc_changeset *cs = NULL;
	int cancelled = 0;
	*done = 1;
	samc_progress(r->cb, "Waiting for changeset to be created..");
	int rc = samc_changeset_wait(r->client, r->o->stack_name, r->res->changeset_id,
				     r->delay_ms, r->max_wait_s, r->cb, &cs, &cancelled, r->err);
	if (rc == SAMC_OK && cancelled)
		r->res->outcome = SAMC_DEPLOY_CANCELLED;
	else if (rc == SAMC_OK && samc_changeset_is_empty_failure(cs))
		report_no_changes(r); else if (rc == SAMC_OK && strcmp(samc_changeset_status(cs), "FAILED") == 0) {
		r->res->outcome = SAMC_DEPLOY_FAILED;
		const char *why = samc_changeset_status_reason(cs);
		r->res->final_status = samc_strfmt("change set FAILED: %s", why ? why : "no reason given");
	} else if (rc == SAMC_OK) {
		if (r->cb && r->cb->changeset)
			r->cb->changeset(r->cb->ctx, cs);
		samc_progress(r->cb, "Changeset created successfully. %s", r->res->changeset_id);
		*done = r->o->no_execute ||
			(r->o->confirm_changeset && r->cb && r->cb->confirm &&
			 !r->cb->confirm(r->cb->ctx, cs));
		if (*done)
			r->res->outcome = SAMC_DEPLOY_NOT_EXECUTED;
	}
	samc_changeset_free(cs);
	return rc;
}

static void report_outputs(deploy_run *r)
{
	samc_cfn_stack *st = NULL;
	samc_error *ignored = NULL;
	if (samc_cfn_describe_stack(r->client, r->res->stack_id, &st, &ignored) == SAMC_OK && st)
		for (size_t i = 0; r->cb && r->cb->output && i < st->noutputs; i++) {
			samc_stack_output o = {st->outputs[i].key, st->outputs[i].value,
					       st->outputs[i].description};
			r->cb->output(r->cb->ctx, &o);
		}
	samc_error_free(ignored);
	samc_cfn_stack_free(st);
}

/* Rollback disabled: --disable-rollback, or --on-failure DO_NOTHING. */
static bool keeps_failures(const samc_deploy_options *o)
{
	return o->disable_rollback || o->on_failure == SAMC_ON_FAILURE_DO_NOTHING;
}

/* Runs action on the stack (RollbackStack or DeleteStack), follows its events, and returns
 * the status it ends in (*status malloc'd). */
static int act_and_follow(deploy_run *r, int (*action)(deploy_run *), char **status)
{
	samc_event_stream s = {r->client, r->res->stack_id, NULL, r->delay_ms, r->max_wait_s, r->cb};
	int cancelled = 0;
	int rc = samc_events_mark(&s, r->err);
	if (rc == SAMC_OK)
		rc = action(r);
	if (rc == SAMC_OK)
		rc = samc_events_follow(&s, status, &cancelled, r->err);
	samc_event_stream_clear(&s);
	return rc;
}

static int roll_back(deploy_run *r)
{
	return samc_cfn_rollback_stack(r->client, r->res->stack_id, r->err);
}

static int delete_stack(deploy_run *r)
{
	return samc_cfn_delete_stack(r->client, r->res->stack_id, NULL, 0, r->err);
}

static bool has_no_good_state(const char *status)
{
	return strcmp(status, "CREATE_FAILED") == 0 || strcmp(status, "ROLLBACK_COMPLETE") == 0 ||
	       strcmp(status, "ROLLBACK_FAILED") == 0;
}

/* --on-failure DELETE after a failed deploy: an UPDATE_FAILED stack is rolled back to its last
 * good state; a stack with none (a failed create) is deleted. The deploy stays failed. */
static int clean_up_failed_stack(deploy_run *r)
{
	const char *name = r->o->stack_name;
	samc_cfn_stack *st = NULL;
	int rc = samc_cfn_describe_stack(r->client, r->res->stack_id, &st, r->err);
	if (rc == SAMC_OK && !st) {
		samc_progress(r->cb, "Stack %s is not found, skipping", name);
		return SAMC_OK;
	}
	char *status = rc == SAMC_OK ? samc_strdup(st->status) : NULL;
	samc_cfn_stack_free(st);
	if (rc == SAMC_OK && !status)
		rc = SAMC_ENOMEM;
	if (rc == SAMC_OK && strcmp(status, "UPDATE_FAILED") == 0) {
		samc_progress(r->cb, "Stack %s failed to update, rolling back stack to previous state...",
			      name);
		free(status);
		status = NULL;
		rc = act_and_follow(r, roll_back, &status);
	}
	if (rc == SAMC_OK && has_no_good_state(status)) {
		samc_progress(r->cb, "Stack %s failed to create/update correctly, deleting stack", name);
		free(status);
		status = NULL;
		rc = act_and_follow(r, delete_stack, &status);
		if (rc == SAMC_OK && strcmp(status, "DELETE_COMPLETE") == 0)
			samc_progress(r->cb, "Stack %s has been deleted", name);
		else if (rc == SAMC_OK)
			samc_progress(r->cb, "Stack %s failed to delete properly! Please manually clean up "
					     "any persistent resources.", name);
	} else if (rc == SAMC_OK) {
		samc_progress(r->cb, "Stack %s has rolled back successfully", name);
	}
	free(status);
	return rc;
}

static int execute_and_follow(deploy_run *r)
{
	samc_event_stream s = {r->client, r->res->stack_id, NULL, r->delay_ms, r->max_wait_s, r->cb};
	int cancelled = 0;
	samc_error *refused = NULL;
	int rc = samc_events_mark(&s, r->err);
	if (rc == SAMC_OK)
		rc = samc_cfn_execute_change_set(r->client, r->o->stack_name, r->res->changeset_id,
						 keeps_failures(r->o) ? 1 : -1, &refused);
	if (rc == SAMC_EAWS) {
		/* CloudFormation refused to run the change set: the deploy failed */
		r->res->outcome = SAMC_DEPLOY_FAILED;
		r->res->final_status = samc_strfmt("the change set was not executed: %s",
						   samc_error_message(refused));
		samc_error_free(refused);
		samc_event_stream_clear(&s);
		return r->res->final_status ? SAMC_OK : SAMC_ENOMEM;
	}
	if (rc && refused && r->err && !*r->err) {
		*r->err = refused;
		refused = NULL;
	}
	samc_error_free(refused);
	if (rc == SAMC_OK) {
		samc_progress(r->cb, "Waiting for stack %s to complete",
			      r->res->created ? "create" : "update");
		rc = samc_events_follow(&s, &r->res->final_status, &cancelled, r->err);
	}
	samc_event_stream_clear(&s);
	if (rc)
		return rc;
	if (cancelled) {
		r->res->outcome = SAMC_DEPLOY_CANCELLED;
	} else if (strcmp(r->res->final_status, "CREATE_COMPLETE") == 0 ||
		   strcmp(r->res->final_status, "UPDATE_COMPLETE") == 0) {
		r->res->outcome = SAMC_DEPLOY_SUCCEEDED;
		report_outputs(r);
	} else {
		r->res->outcome = SAMC_DEPLOY_FAILED;
	}
	return SAMC_OK;
}

static int check_options(const samc_deploy_options *o, samc_deploy_result *res, samc_error **err)
{
	if (!o || !res)
		return SAMC_EUSAGE;
	memset(res, 0, sizeof(*res));
	if (!o->template_path || !o->stack_name || !*o->stack_name)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "a deploy needs a template and a stack name");
	if (o->resolve_s3 && o->s3_bucket)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "--resolve-s3 and --s3-bucket exclude each other");
	if (o->disable_rollback && o->on_failure != SAMC_ON_FAILURE_ROLLBACK)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "--disable-rollback and --on-failure exclude each other");
	return SAMC_OK;
}

int samc_deploy(const samc_deploy_options *opts, const samc_deploy_callbacks *cb,
		samc_deploy_result *result, samc_error **err)
{
	int rc = check_options(opts, result, err);
	if (rc)
		return rc;
	deploy_run r;
	deploy_run_init(&r, opts, cb, result, err);
	int done = 0;
	rc = samc_document_load_file(&r.source, opts->template_path, NULL, err);
	if (rc == SAMC_OK)
		rc = samc_deploy_connect(opts->region, opts->profile, &r.cfg, &r.client, err);
	if (rc == SAMC_OK)
		rc = deploy_resolve_bucket(&r);
	if (rc == SAMC_OK)
		rc = deploy_package(&r);
	if (rc == SAMC_OK)
		rc = expand(&r);
	if (rc == SAMC_OK)
		rc = stage_template(&r);
	if (rc == SAMC_OK)
		rc = find_stack(&r);
	if (rc == SAMC_OK)
		rc = build_parameters(&r);
	if (rc == SAMC_OK)
		rc = create_change_set(&r, &done);
	if (rc == SAMC_OK && done)
		report_no_changes(&r);
	else if (rc == SAMC_OK)
		rc = review_change_set(&r, &done);
	if (rc == SAMC_OK && !done)
		rc = execute_and_follow(&r);
	if (rc == SAMC_OK && result->outcome == SAMC_DEPLOY_FAILED &&
	    opts->on_failure == SAMC_ON_FAILURE_DELETE && result->stack_id)
		rc = clean_up_failed_stack(&r);
	deploy_run_clear(&r);
	return rc;
}
