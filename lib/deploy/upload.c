/* upload.c — artifacts and templates into S3 under content-addressed keys: HeadObject first,
 * so an object already there is not sent again (unless forced); SSE-KMS on request. */
#include <stdbool.h>

#include "deploy/deploy_int.h"

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
