/* stage.c — the packaging step of a deploy: local artifacts zipped into a staging folder by
 * samc_package, uploaded under their content keys, the staging files removed afterwards. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deploy/run.h"
#include "samc/package.h"
#include "util/buf.h"
#include "util/error.h"

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return samc_strdup(".");
	if (slash == path)
		return samc_strdup("/");
	return strndup(path, (size_t)(slash - path));
}

static char *make_staging_dir(const samc_deploy_options *o)
{
	if (o->work_dir)
		return samc_strdup(o->work_dir);
	const char *tmp = getenv("TMPDIR");
	char *dir = samc_strfmt("%s/samc-deploy-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (dir && !mkdtemp(dir)) {
		free(dir);
		return NULL;
	}
	return dir;
}

static void remove_staging(const samc_deploy_options *o, char *dir, const samc_artifact_list *l)
{
	if (!o->work_dir) {
		for (size_t i = 0; i < samc_artifact_count(l); i++)
			unlink(samc_artifact_get(l, i)->file);
		rmdir(dir);
	}
	free(dir);
}

int deploy_package(deploy_run *r)
{
	char *base = dir_of(r->o->template_path);
	char *staging = base ? make_staging_dir(r->o) : NULL;
	if (!staging) {
		free(base);
		return samc_error_set(r->err, SAMC_EIO, NULL, 0, 0,
				      "cannot create a staging folder for the packaged artifacts");
	}
	samc_package_options p = {0};
	p.base_dir = base;
	p.output_dir = staging;
	p.s3_bucket = r->bucket;
	p.s3_prefix = r->o->s3_prefix;
	p.region = samc_aws_config_region(r->cfg);
	samc_artifact_list *list = NULL;
	int rc = samc_package(r->source, &p, &r->packaged, &list, r->err);
	r->own_packaged = rc == SAMC_OK;
	size_t n = samc_artifact_count(list);
	if (rc == SAMC_OK && n > 0 && !r->bucket)
		rc = samc_error_set(r->err, SAMC_EINVALID, r->o->template_path, 0, 0,
				    "%s has %zu local artifact(s) (first: %s %s = %s) that must be "
				    "uploaded to S3: pass --s3-bucket BUCKET or --resolve-s3",
				    r->o->template_path, n, samc_artifact_get(list, 0)->resource,
				    samc_artifact_get(list, 0)->property,
				    samc_artifact_get(list, 0)->source);
	if (rc == SAMC_OK && n > 0)
		rc = samc_upload_list(r->client, r->bucket, list, &r->upload, r->cb, r->err);
	remove_staging(r->o, staging, list);
	samc_artifact_list_free(list);
	free(base);
	return rc;
}
