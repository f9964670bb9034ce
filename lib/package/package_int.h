/* package_int.h — what the packaging files share: one run's settings and results, and the
 * entry points between the template walk (template.c) and the artifact writer (package.c). */
#ifndef SAMC_PACKAGE_PACKAGE_INT_H
#define SAMC_PACKAGE_PACKAGE_INT_H

#include <stdbool.h>

#include "package/artifacts.h"
#include "samc/package.h"

struct samc_artifact_list {
	samc_artifact *items;
	size_t count, cap;
};

typedef struct pkg_run {
	const samc_package_options *opts;
	samc_artifact_list *list;
	samc_error **err;
	int nesting; /* nested templates being packaged around this one */
} pkg_run;

typedef struct pkg_result {
	char name[48]; /* the artifact's file name in the output folder (its key without prefix) */
	bool zipped;
} pkg_result;

/* Packages the local file or folder at path for rule. SAMC_EIO without *err when the path
 * does not exist (the caller words it with the template position). */
int pkg_package_path(pkg_run *r, const pkg_rule *rule, const char *path, pkg_result *res);
/* Appends a copy of a (its strings duplicated). */
int pkg_list_add(samc_artifact_list *list, const samc_artifact *a);
/* A nested template: its own artifacts packaged, then written as YAML under md5.template. */
int pkg_package_nested(pkg_run *r, const char *path, pkg_result *res);

#endif
