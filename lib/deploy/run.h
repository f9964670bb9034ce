/* run.h — the state of one deploy run, shared by the driver (deploy.c), the packaging step
 * (stage.c) and the managed bucket (managed.c). */
#ifndef SAMC_DEPLOY_RUN_H
#define SAMC_DEPLOY_RUN_H

#include "deploy/deploy_int.h"

typedef struct deploy_run {
	const samc_deploy_options *o;
	const samc_deploy_callbacks *cb;
	samc_deploy_result *res;
	samc_error **err;
	samc_aws_config *cfg;
	samc_aws_client *client;
	char *bucket;               /* where artifacts go, or NULL */
	samc_document *source;      /* the template as written */
	samc_document *packaged;    /* pointing at S3 (borrowed from source when nothing moved) */
	int own_packaged;
	char *body;                 /* the expanded template, JSON */
	size_t body_len;
	cJSON *parameters;          /* its Parameters section */
	char *template_url;         /* set when the body went through S3 */
	samc_cfn_stack *stack;      /* the stack as it is, or NULL */
	samc_cfn_parameter *cfn_params;
	size_t ncfn_params;
	const char **capabilities;
	const char **notification_arns;
	samc_cfn_kv *tags;
	samc_upload_settings upload; /* from the options */
	char change_set_name[64];
	unsigned delay_ms, max_wait_s;
} deploy_run;

void deploy_run_init(deploy_run *r, const samc_deploy_options *o, const samc_deploy_callbacks *cb,
		     samc_deploy_result *res, samc_error **err);
void deploy_run_clear(deploy_run *r);
/* "[prefix/]name[suffix]" (malloc'd). */
char *deploy_s3_key(const deploy_run *r, const char *name, const char *suffix);
/* Fills the capability and tag arrays of q from the options. */
int deploy_string_arrays(deploy_run *r, samc_cfn_change_set_request *q);

/* stage.c: packages local artifacts and uploads them; r->packaged is the result. */
int deploy_package(deploy_run *r);
/* managed.c: r->bucket from --s3-bucket, or from the managed stack with --resolve-s3. */
int deploy_resolve_bucket(deploy_run *r);

#endif
