/* run.c — one deploy run's state: set up from the options, released at the end, and the small
 * conversions every step needs (S3 keys with the prefix, capability and tag arrays). */
#include <stdlib.h>
#include <string.h>

#include "deploy/run.h"
#include "util/buf.h"

void deploy_run_init(deploy_run *r, const samc_deploy_options *o, const samc_deploy_callbacks *cb,
		     samc_deploy_result *res, samc_error **err)
{
	memset(r, 0, sizeof(*r));
	r->o = o;
	r->cb = cb;
	r->res = res;
	r->err = err;
	r->delay_ms = o->poll_delay_ms ? o->poll_delay_ms : samc_poll_delay_ms();
	r->upload = (samc_upload_settings){o->kms_key_id && *o->kms_key_id ? o->kms_key_id : NULL,
					   o->force_upload};
	r->max_wait_s = o->max_wait_s ? o->max_wait_s : 3600;
}

void deploy_run_clear(deploy_run *r)
{
	if (r->own_packaged)
		samc_document_free(r->packaged);
	samc_document_free(r->source);
	samc_cfn_stack_free(r->stack);
	cJSON_Delete(r->parameters);
	free(r->cfn_params);
	free(r->capabilities);
	free(r->notification_arns);
	free(r->tags);
	free(r->body);
	free(r->template_url);
	free(r->bucket);
	samc_aws_client_free(r->client);
	samc_aws_config_free(r->cfg);
	memset(r, 0, sizeof(*r));
}

char *deploy_s3_key(const deploy_run *r, const char *name, const char *suffix)
{
	const char *prefix = r->o->s3_prefix;
	if (prefix && *prefix)
		return samc_strfmt("%s/%s%s", prefix, name, suffix);
	return samc_strfmt("%s%s", name, suffix);
}

int deploy_string_arrays(deploy_run *r, samc_cfn_change_set_request *q)
{
	size_t ncap = samc_kv_count(r->o->capabilities), ntags = samc_kv_count(r->o->tags);
	size_t narns = samc_kv_count(r->o->notification_arns);
	r->capabilities = calloc(ncap ? ncap : 1, sizeof(*r->capabilities));
	r->notification_arns = calloc(narns ? narns : 1, sizeof(*r->notification_arns));
	r->tags = calloc(ntags ? ntags : 1, sizeof(*r->tags));
	if (!r->capabilities || !r->notification_arns || !r->tags)
		return SAMC_ENOMEM;
	for (size_t i = 0; i < ncap; i++)
		r->capabilities[i] = samc_kv_key(r->o->capabilities, i);
	for (size_t i = 0; i < narns; i++)
		r->notification_arns[i] = samc_kv_key(r->o->notification_arns, i);
	q->notification_arns = r->notification_arns;
	q->nnotification_arns = narns;
	for (size_t i = 0; i < ntags; i++) {
		/* the request only reads them: the strings stay owned by the options */
		r->tags[i].key = (char *)samc_kv_key(r->o->tags, i);
		r->tags[i].value = (char *)samc_kv_value(r->o->tags, i);
	}
	q->capabilities = r->capabilities;
	q->ncapabilities = ncap;
	q->tags = r->tags;
	q->ntags = ntags;
	return SAMC_OK;
}
