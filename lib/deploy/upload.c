/* upload.c — artifacts and templates into S3 under content-addressed keys: HeadObject first,
 * so an object already there is not sent again (unless forced); SSE-KMS on request. */
#include <stdbool.h>

#include "deploy/deploy_int.h"
#include "util/error.h"

/* Whether the upload can be skipped: the key (a content hash) is in the bucket already. */
static int already_there(samc_aws_client *c, const char *bucket, const char *key,
			 const samc_upload_settings *how, const samc_deploy_callbacks *cb, bool *skip,
			 samc_error **err)
{
	*skip = false;
	if (how && how->force_upload)
		return SAMC_OK;
	int rc = samc_s3_head_object(c, bucket, key, skip, NULL, err);
	if (rc == SAMC_OK && *skip)
		samc_progress(cb, "File with same data already exists at %s, skipping upload", key);
	return rc;
}

static samc_s3_put_options put_options(const samc_upload_settings *how)
{
	return (samc_s3_put_options){.kms_key_id = how ? how->kms_key_id : NULL};
}

int samc_upload_file(samc_aws_client *c, const char *bucket, const char *key, const char *path,
		     const samc_upload_settings *how, const samc_deploy_callbacks *cb, samc_error **err)
{
	bool skip;
	int rc = already_there(c, bucket, key, how, cb, &skip, err);
	if (rc || skip)
		return rc;
	samc_progress(cb, "Uploading to %s", key);
	samc_s3_put_options po = put_options(how);
	return samc_s3_put_object_file(c, bucket, key, path, &po, err);
}

int samc_upload_bytes(samc_aws_client *c, const char *bucket, const char *key,
		      const char *data, size_t len, const samc_upload_settings *how,
		      const samc_deploy_callbacks *cb, samc_error **err)
{
	bool skip;
	int rc = already_there(c, bucket, key, how, cb, &skip, err);
	if (rc || skip)
		return rc;
	samc_progress(cb, "Uploading to %s", key);
	samc_s3_put_options po = put_options(how);
	return samc_s3_put_object(c, bucket, key, data, len, &po, err);
}

int samc_upload_list(samc_aws_client *c, const char *bucket, const samc_artifact_list *list,
		     const samc_upload_settings *how, const samc_deploy_callbacks *cb, samc_error **err)
{
	int rc = SAMC_OK;
	for (size_t i = 0; rc == SAMC_OK && i < samc_artifact_count(list); i++) {
		const samc_artifact *a = samc_artifact_get(list, i);
		rc = samc_upload_file(c, bucket, a->key, a->file, how, cb, err);
	}
	return rc;
}

int samc_upload_artifacts(const samc_artifact_list *list, const samc_upload_options *opts,
			  const samc_deploy_callbacks *cb, samc_error **err)
{
	if (!list || !opts || !opts->bucket || !*opts->bucket)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "samc_upload_artifacts: a list and a bucket are required");
	samc_aws_config *cfg = NULL;
	samc_aws_client *client = NULL;
	int rc = samc_deploy_connect(opts->region, opts->profile, &cfg, &client, err);
	samc_upload_settings how = {opts->kms_key_id && *opts->kms_key_id ? opts->kms_key_id : NULL,
				    opts->force_upload};
	if (rc == SAMC_OK)
		rc = samc_upload_list(client, opts->bucket, list, &how, cb, err);
	samc_aws_client_free(client);
	samc_aws_config_free(cfg);
	return rc;
}
