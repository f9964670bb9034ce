/* artifacts.h — which properties of which resource types name local artifacts, and how the
 * packaged value is written back (an S3 URI string or an object of bucket/key fields). */
#ifndef SAMC_PACKAGE_ARTIFACTS_H
#define SAMC_PACKAGE_ARTIFACTS_H

#include <cjson/cJSON.h>
#include <stdbool.h>

typedef enum pkg_form {
	PKG_URI,        /* "s3://bucket/key" */
	PKG_BUCKET_KEY, /* {"Bucket": b, "Key": k} */
	PKG_S3_BUCKET_KEY, /* {"S3Bucket": b, "S3Key": k} */
	PKG_HTTPS_URL   /* "https://s3.amazonaws.com/bucket/key" (nested templates) */
} pkg_form;

typedef struct pkg_rule {
	const char *type;     /* resource type */
	const char *path;     /* property path below Properties, '.'-separated */
	pkg_form form;
	bool zip_lone_file;   /* a lone file that is not a zip is zipped (Lambda code) */
	bool default_to_dir;  /* an absent property means the template's folder */
	bool nested_template; /* the file is a template whose own artifacts are packaged */
} pkg_rule;

/* The rules for type, in table order; *count receives how many (0: none). */
const pkg_rule *pkg_rules_for(const char *type, size_t *count);

/* The node at rule->path below props, creating nothing; *parent and *name locate it for
 * replacement (the parent object and the last key). NULL when a step is missing. */
cJSON *pkg_rule_locate(const pkg_rule *rule, cJSON *props, cJSON **parent, const char **name);

/* True when a string names a local path (not s3://, https:// or http://, not empty). */
bool pkg_is_local_path(const char *s);

#endif
