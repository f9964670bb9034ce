/* stage.c — packaging for S3: local artifacts zipped by samc_package into a staging folder,
 * uploaded under their content keys, the staging files removed (deploy and `package --s3-bucket`). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deploy/run.h"
#include "samc/package.h"
#include "util/buf.h"
#include "util/error.h"

/* What happens to the staged artifacts (only called when there are some). */
typedef int (*stage_upload_fn)(void *ctx, const samc_artifact_list *list, samc_error **err);

struct package_upload {
	const samc_upload_options *up;
	const samc_deploy_callbacks *cb;
};

/* keep_dir when given (the caller's, kept), else a fresh folder under TMPDIR. */
static char *make_staging_dir(const char *keep_dir, const char *purpose)
{
	if (keep_dir)
		return samc_strdup(keep_dir);
	const char *tmp = getenv("TMPDIR");
	char *dir = samc_strfmt("%s/samc-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", purpose);
	if (dir && !mkdtemp(dir)) {
		free(dir);
		return NULL;
	}
	return dir;
}

static void remove_staging(const char *keep_dir, char *dir, const samc_artifact_list *l)
{
	if (!keep_dir) {
		for (size_t i = 0; i < samc_artifact_count(l); i++)
			unlink(samc_artifact_get(l, i)->file);
		rmdir(dir);
	}
	free(dir);
}

/* Packages doc into a staging folder, hands the artifacts (if any) to upload and removes the
 * staged files (unless keep_dir holds them); *artifacts (when wanted) gets the list. */
static int package_staged(const samc_document *doc, const samc_package_options *popts,
			  const char *keep_dir, const char *purpose, stage_upload_fn upload, void *ctx,
			  samc_document **out, samc_artifact_list **artifacts, samc_error **err)
{
	char *staging = make_staging_dir(keep_dir, purpose);
	if (!staging)
		return samc_error_set(err, SAMC_EIO, NULL, 0, 0,
				      "cannot create a staging folder for the packaged artifacts");
	samc_package_options p = *popts;
	p.output_dir = staging;
	samc_artifact_list *list = NULL;
	int rc = samc_package(doc, &p, out, &list, err);
	if (rc == SAMC_OK && samc_artifact_count(list) > 0)
		rc = upload(ctx, list, err);
	remove_staging(keep_dir, staging, list);
	if (rc != SAMC_OK) {
		samc_document_free(*out);
		*out = NULL;
	}
	if (artifacts && rc == SAMC_OK)
		*artifacts = list;
	else
		samc_artifact_list_free(list);
	return rc;
}

/* samc_package_upload's uploads: a client of its own, made only when there is something to send. */
static int upload_with_options(void *ctx, const samc_artifact_list *list, samc_error **err)
{
	const struct package_upload *u = ctx;
	return samc_upload_artifacts(list, u->up, u->cb, err);
}

int samc_package_upload(const samc_document *doc, const samc_package_options *popts,
			const samc_upload_options *up, const samc_deploy_callbacks *cb,
			samc_document **out, samc_artifact_list **artifacts, samc_error **err)
{
	if (artifacts)
		*artifacts = NULL;
	if (!doc || !popts || !up || !up->bucket || !*up->bucket || !out)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "samc_package_upload: a template, options, a bucket and *out are required");
	*out = NULL;
	samc_package_options p = *popts;
	p.s3_bucket = up->bucket;
	struct package_upload u = {up, cb};
	return package_staged(doc, &p, NULL, "package", upload_with_options, &u, out, artifacts, err);
}

/* A deploy's uploads go through its client, to the bucket it resolved; without one, local
 * artifacts are an error naming the first. */
static int upload_for_deploy(void *ctx, const samc_artifact_list *list, samc_error **err)
{
	deploy_run *r = ctx;
	if (r->bucket)
		return samc_upload_list(r->client, r->bucket, list, &r->upload, r->cb, err);
	const samc_artifact *first = samc_artifact_get(list, 0);
	return samc_error_set(err, SAMC_EINVALID, r->o->template_path, 0, 0,
			      "%s has %zu local artifact(s) (first: %s %s = %s) that must be "
			      "uploaded to S3: pass --s3-bucket BUCKET or --resolve-s3",
			      r->o->template_path, samc_artifact_count(list), first->resource,
			      first->property, first->source);
}

int deploy_package(deploy_run *r)
{
	char *base = samc_path_dir(r->o->template_path);
	if (!base)
		return samc_error_set(r->err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	samc_package_options p = {0};
	p.base_dir = base;
	p.s3_bucket = r->bucket;
	p.s3_prefix = r->o->s3_prefix;
	p.region = samc_aws_config_region(r->cfg);
	int rc = package_staged(r->source, &p, r->o->work_dir, "deploy", upload_for_deploy, r,
				&r->packaged, NULL, r->err);
	r->own_packaged = r->packaged != NULL;
	free(base);
	return rc;
}
