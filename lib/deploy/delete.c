/* delete.c — removing a stack: the S3 objects its template points at (artifacts, and the
 * template itself when it went through S3), then DeleteStack, following events to the end. */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/deploy_int.h"
#include "doc/doc.h"
#include "package/checksum.h"
#include "util/buf.h"
#include "util/error.h"

typedef struct delete_run {
	const samc_delete_options *o;
	const samc_deploy_callbacks *cb;
	samc_error **err;
	samc_aws_config *cfg;
	samc_aws_client *client;
	samc_cfn_stack *stack;
	samc_kv_list *objects; /* "bucket/key" -> bucket length as text: keys of objects to delete */
	char *bucket;          /* the first bucket seen (or --s3-bucket) */
	char *prefix;          /* the first artifact's key folder (or --s3-prefix) */
} delete_run;

/* Remembers an S3 object; the first one names the bucket and the prefix. */
static int note_object(delete_run *d, const char *bucket, const char *key)
{
	if (!*bucket || !*key)
		return SAMC_OK;
	if (!d->bucket && !(d->bucket = samc_strdup(bucket)))
		return SAMC_ENOMEM;
	const char *slash = strrchr(key, '/');
	if (!d->prefix && slash && !(d->prefix = strndup(key, (size_t)(slash - key))))
		return SAMC_ENOMEM;
	return samc_kv_list_set(d->objects, key, bucket);
}

static int note_s3_url(delete_run *d, const char *url)
{
	if (strncmp(url, "s3://", 5) != 0)
		return SAMC_OK;
	const char *slash = strchr(url + 5, '/');
	if (!slash)
		return SAMC_OK;
	char *bucket = strndup(url + 5, (size_t)(slash - url - 5));
	if (!bucket)
		return SAMC_ENOMEM;
	char *key = strndup(slash + 1, strcspn(slash + 1, "?"));
	int rc = key ? note_object(d, bucket, key) : SAMC_ENOMEM;
	free(key);
	free(bucket);
	return rc;
}

/* {S3Bucket, S3Key} (Lambda) or {Bucket, Key} (API, state machine) location objects. */
static int note_location(delete_run *d, const cJSON *obj)
{
	static const char *const PAIRS[][2] = {{"S3Bucket", "S3Key"}, {"Bucket", "Key"}};
	for (size_t i = 0; i < 2; i++) {
		const cJSON *b = cJSON_GetObjectItemCaseSensitive(obj, PAIRS[i][0]);
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(obj, PAIRS[i][1]);
		if (cJSON_IsString(b) && cJSON_IsString(k))
			return note_object(d, b->valuestring, k->valuestring);
	}
	return SAMC_OK;
}

static int scan(delete_run *d, const cJSON *node, int depth)
{
	int rc = SAMC_OK;
	if (depth > 64)
		return SAMC_OK;
	if (cJSON_IsString(node))
		return note_s3_url(d, node->valuestring);
	if (cJSON_IsObject(node))
		rc = note_location(d, node);
	for (const cJSON *c = node->child; rc == SAMC_OK && c; c = c->next)
		rc = scan(d, c, depth + 1);
	return rc;
}

/* Resources kept on deletion keep their artifacts. */
static int scan_resources(delete_run *d, const cJSON *tpl)
{
	const cJSON *resources = cJSON_GetObjectItemCaseSensitive(tpl, "Resources");
	int rc = SAMC_OK;
	for (const cJSON *res = resources ? resources->child : NULL; rc == SAMC_OK && res;
	     res = res->next) {
		const cJSON *policy = cJSON_GetObjectItemCaseSensitive(res, "DeletionPolicy");
		if (cJSON_IsString(policy) && strcmp(policy->valuestring, "Retain") == 0)
			continue;
		rc = scan(d, cJSON_GetObjectItemCaseSensitive(res, "Properties"), 0);
	}
	return rc;
}

/* The template CloudFormation holds, its S3 locations, and the key it had in S3. */
static int collect_objects(delete_run *d, char **template_key)
{
	char *body = NULL;
	samc_document *doc = NULL;
	int rc = samc_cfn_get_template(d->client, d->stack->stack_id, "Original", &body, d->err);
	if (rc == SAMC_OK && body)
		rc = samc_document_load_buffer(&doc, body, strlen(body), "deployed template", NULL,
					       d->err);
	if (rc == SAMC_OK && doc)
		rc = scan_resources(d, doc->root);
	if (d->o->s3_bucket) {
		free(d->bucket);
		d->bucket = samc_strdup(d->o->s3_bucket);
	}
	if (d->o->s3_prefix) {
		free(d->prefix);
		d->prefix = samc_strdup(d->o->s3_prefix);
	}
	char md5[33];
	if (rc == SAMC_OK && body && pkg_bytes_md5(body, strlen(body), md5) == SAMC_OK) {
		*template_key = d->prefix && *d->prefix ? samc_strfmt("%s/%s.template", d->prefix, md5)
							: samc_strfmt("%s.template", md5);
		if (!*template_key)
			rc = SAMC_ENOMEM;
	}
	samc_document_free(doc);
	free(body);
	return rc;
}

static int delete_object(delete_run *d, const char *bucket, const char *key)
{
	bool exists = false;
	int rc = samc_s3_head_object(d->client, bucket, key, &exists, NULL, d->err);
	if (rc || !exists)
		return rc;
	samc_progress(d->cb, "- Deleting S3 object with key %s", key);
	return samc_s3_delete_object(d->client, bucket, key, d->err);
}

static int delete_artifacts(delete_run *d)
{
	char *template_key = NULL;
	int rc = samc_kv_list_new(&d->objects);
	if (rc == SAMC_OK)
		rc = collect_objects(d, &template_key);
	for (size_t i = 0; rc == SAMC_OK && i < samc_kv_count(d->objects); i++)
		rc = delete_object(d, samc_kv_value(d->objects, i), samc_kv_key(d->objects, i));
	if (rc == SAMC_OK && d->bucket && template_key)
		rc = delete_object(d, d->bucket, template_key);
	if (rc == SAMC_OK && !d->bucket)
		samc_progress(d->cb, "No S3 bucket found in the stack's template: no artifacts "
				     "to delete");
	free(template_key);
	return rc;
}

static int delete_and_follow(delete_run *d, samc_delete_outcome *outcome)
{
	unsigned delay = d->o->poll_delay_ms ? d->o->poll_delay_ms : samc_poll_delay_ms();
	samc_event_stream s = {d->client, d->stack->stack_id, NULL, delay,
			       d->o->max_wait_s ? d->o->max_wait_s : 3600, d->cb};
	char *status = NULL;
	int cancelled = 0;
	int rc = samc_events_mark(&s, d->err);
	if (rc == SAMC_OK)
		rc = samc_cfn_delete_stack(d->client, d->stack->stack_id, NULL, 0, d->err);
	if (rc == SAMC_OK) {
		samc_progress(d->cb, "Waiting for stack delete to complete");
		rc = samc_events_follow(&s, &status, &cancelled, d->err);
	}
	if (rc == SAMC_OK)
		*outcome = cancelled ? SAMC_DELETE_CANCELLED
			   : strcmp(status, "DELETE_COMPLETE") == 0 ? SAMC_DELETE_SUCCEEDED
								     : SAMC_DELETE_FAILED;
	free(status);
	samc_event_stream_clear(&s);
	return rc;
}

static void delete_run_clear(delete_run *d)
{
	samc_kv_list_free(d->objects);
	free(d->bucket);
	free(d->prefix);
	samc_cfn_stack_free(d->stack);
	samc_aws_client_free(d->client);
	samc_aws_config_free(d->cfg);
}

int samc_delete_stack(const samc_delete_options *opts, const samc_deploy_callbacks *cb,
		      samc_delete_outcome *outcome, samc_error **err)
{
	if (!opts || !outcome || !opts->stack_name || !*opts->stack_name)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0, "delete needs a stack name");
	delete_run d = {opts, cb, err, NULL, NULL, NULL, NULL, NULL, NULL};
	int rc = samc_deploy_connect(opts->region, opts->profile, &d.cfg, &d.client, err);
	if (rc == SAMC_OK)
		rc = samc_cfn_describe_stack(d.client, opts->stack_name, &d.stack, err);
	if (rc == SAMC_OK && !d.stack) {
		*outcome = SAMC_DELETE_NO_STACK;
	} else if (rc == SAMC_OK && d.stack->termination_protection) {
		rc = samc_error_set(err, SAMC_EINVALID, NULL, 0, 0,
				    "stack %s has termination protection on: turn it off with `aws "
				    "cloudformation update-termination-protection "
				    "--no-enable-termination-protection --stack-name %s` first",
				    opts->stack_name, opts->stack_name);
	} else if (rc == SAMC_OK) {
		if (!opts->keep_artifacts)
			rc = delete_artifacts(&d);
		if (rc == SAMC_OK)
			rc = delete_and_follow(&d, outcome);
	}
	delete_run_clear(&d);
	return rc;
}
