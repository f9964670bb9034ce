/* package.h — packaging the local artifacts of a template: byte-reproducible zips (or copies)
 * named by content, and the template rewritten to point at them. */
#ifndef SAMC_PACKAGE_H
#define SAMC_PACKAGE_H

#include <stddef.h>

#include "samc/samc.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct samc_package_options {
	const char *base_dir;   /* relative paths resolve against it: the template's folder
				 * (NULL = the current folder) */
	const char *output_dir; /* where the artifacts are written (required; created) */
	const char *s3_bucket;  /* non-NULL: the template points at s3://bucket/prefix/key;
				 * NULL: at the files in output_dir (offline) */
	const char *s3_prefix;  /* NULL or "" for none */
	const char *local_prefix; /* offline: prepended to artifact names in the template (e.g. the
				   * output folder as seen from the template's folder); NULL = "" */
	const char *region;     /* for the https URLs of nested templates (NULL = "us-east-1") */
	int follow_external_symlinks; /* nonzero: symlinks may leave the artifact's folder */
} samc_package_options;

/* One packaged artifact. */
typedef struct samc_artifact {
	const char *resource; /* logical ID */
	const char *property; /* e.g. "CodeUri", "Code", "DefinitionUri" */
	const char *source;   /* the local path as resolved against base_dir */
	const char *file;     /* the artifact written in output_dir */
	const char *key;      /* its S3 key: [prefix/]md5[.ext] */
	int zipped;           /* nonzero: a zip of a folder (or of a lone file) */
} samc_artifact;

typedef struct samc_artifact_list samc_artifact_list;

/* Packages every local artifact of doc (see samc-package(1) for the properties) into
 * opts->output_dir and returns the rewritten template in *out and the artifacts in
 * *artifacts (either may be NULL when not wanted). Artifacts whose file already exists in
 * output_dir with the same content key are not written again. */
int samc_package(const samc_document *doc, const samc_package_options *opts,
		 samc_document **out, samc_artifact_list **artifacts, samc_error **err);
size_t samc_artifact_count(const samc_artifact_list *list);
const samc_artifact *samc_artifact_get(const samc_artifact_list *list, size_t i);
void samc_artifact_list_free(samc_artifact_list *list);

/* Writes a byte-reproducible zip of the folder dir to zip_path (atomically: a temporary file
 * in the same folder, then a rename). key, when non-NULL, receives the folder's content key
 * (32 hex digits + NUL, as SAM CLI computes it). */
int samc_zip_folder(const char *dir, const char *zip_path, int follow_external_symlinks,
		    char key[33], samc_error **err);

#ifdef __cplusplus
}
#endif
#endif
