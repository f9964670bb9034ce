/* upload.c — artifacts and templates into S3 under content-addressed keys: HeadObject first,
 * so an object already there is not sent again. */
#include <stdbool.h>

#include "deploy/deploy_int.h"

static int exists(samc_aws_client *c, const char *bucket, const char *key, bool *found,
		  samc_error **err)
{
	return samc_s3_head_object(c, bucket, key, found, NULL, err);
}

int samc_upload_file(samc_aws_client *c, const char *bucket, const char *key, const char *path,
		     const samc_deploy_callbacks *cb, samc_error **err)
{
	bool found = false;
	int rc = exists(c, bucket, key, &found, err);
	if (rc)
		return rc;
	if (found) {
		samc_progress(cb, "File with same data already exists at %s, skipping upload", key);
		return SAMC_OK;
	}
	samc_progress(cb, "Uploading to %s", key);
	return samc_s3_put_object_file(c, bucket, key, path, NULL, err);
}

int samc_upload_bytes(samc_aws_client *c, const char *bucket, const char *key,
		      const char *data, size_t len, const samc_deploy_callbacks *cb,
		      samc_error **err)
{
	bool found = false;
	int rc = exists(c, bucket, key, &found, err);
	if (rc)
		return rc;
	if (found) {
		samc_progress(cb, "File with same data already exists at %s, skipping upload", key);
		return SAMC_OK;
	}
	samc_progress(cb, "Uploading to %s", key);
	return samc_s3_put_object(c, bucket, key, data, len, NULL, err);
}
