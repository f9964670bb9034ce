/* build_int.h — what the build files share: the plan (one item per function or layer with its
 * resolved code folder and workflow) and the entry points of each step of a build. */
#ifndef SAMC_BUILD_BUILD_INT_H
#define SAMC_BUILD_BUILD_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "doc/doc.h"
#include "package/tree.h"
#include "samc/build.h"
#include "util/buf.h"

typedef enum bld_workflow {
	BLD_WF_NONE = 0,   /* not built (skipped) */
	BLD_WF_PYTHON_PIP, /* source copied, requirements.txt installed with pip -t */
	BLD_WF_NODEJS_NPM, /* source copied, npm install --omit=dev (or npm ci) in the artifact */
	BLD_WF_MAKEFILE,   /* make build-<LogicalId> with ARTIFACTS_DIR */
	BLD_WF_JAVA_MAVEN, /* mvn clean install + copy-dependencies in a scratch copy */
	BLD_WF_JAVA_GRADLE /* gradlew (or gradle) build with an init script, outputs in scratch */
} bld_workflow;

typedef struct bld_item {
	char *id;
	samc_build_kind kind;
	bld_workflow workflow;
	char *runtime;       /* Runtime (or the layer's BuildMethod runtime); may be NULL */
	char *architecture;  /* "x86_64" or "arm64" */
	char *code_dir;      /* absolute path of the code folder */
	char *makefile_dir;  /* makefile workflow: the folder holding the Makefile */
	char *working_dir;   /* makefile workflow: Metadata.WorkingDirectory or NULL */
	const char *layer_subdir; /* layers: "python", "nodejs", "java" or NULL (makefile) */
	const char *project_dir;  /* the base folder (borrowed from the build): gradlew's 2nd place */
	bool use_npm_ci;     /* Metadata.BuildProperties.UseNpmCi */
	char *skip_reason;   /* non-NULL: reported, not built */
	size_t *deps;        /* indices of the layers it uses, built first */
	size_t ndeps;
	samc_pos pos;        /* the resource in the template */
	/* results */
	samc_build_status status;
	char *artifact;      /* absolute artifact folder once built */
	char key[65];        /* cache key ("" until computed) */
	samc_error *error;
	int rc;
	double seconds;
} bld_item;

typedef struct bld_plan {
	bld_item *items;
	size_t count, cap;
} bld_plan;

/* plan.c: the buildable resources of doc (Globals merged), their code folders resolved against
 * base_dir (absolute), their workflows; only (when non-NULL) keeps that resource and the layers
 * it uses. SAMC_EINVALID with one cause per resource that cannot be built. */
int bld_plan_make(const samc_document *doc, const char *base_dir, const char *parameter_overrides,
		  const char *only, bld_plan *plan, samc_error **err);
void bld_plan_free(bld_plan *plan);
const char *bld_workflow_name(bld_workflow wf);

/* spawn.c: runs argv[0] (looked up in PATH) in cwd with extra "K=V" variables (NULL-ended or
 * NULL), its stdout and stderr captured into output; *status is its exit status (or 128+signal).
 * A tool not found on PATH is SAMC_EIO with a message naming it. */
int bld_spawn(const char *const *argv, const char *cwd, const char *const *extra_env,
	      samc_buf *output, int *status, samc_error **err);
/* The full path of a program found on PATH (malloc'd), or NULL. */
char *bld_find_program(const char *name);

/* stage.c: copying code and removing folders. A source filter leaves out .aws-sam, .git,
 * __pycache__, *.pyc (and node_modules for npm builds) and the build and cache folders. */
typedef struct bld_filter {
	bool node;               /* also leave out node_modules */
	const char *const *away; /* absolute real paths never copied (NULL-ended), or NULL */
} bld_filter;
/* Copies the files below src into dst (created), leaving out what filter says (NULL: nothing). */
int bld_copy_tree(const char *src, const char *dst, bool follow_external, const bld_filter *filter,
		  samc_error **err);
/* Copies one file (f->path) to dst, with mode 0755 when f->executable, else 0644. */
int bld_copy_file(const pkg_file *f, const char *dst, samc_error **err);
/* Lists the files of a code folder as bld_copy_tree would copy them. */
int bld_list_source(const char *src, bool follow_external, const bld_filter *filter, pkg_tree *out,
		    samc_error **err);
int bld_remove_tree(const char *path, samc_error **err);
/* A new empty folder below the system's temporary folder (malloc'd path in *out). */
int bld_make_scratch(char **out, samc_error **err);

/* cache.c: the cache key of an item (SHA-256 over its source files, workflow, runtime,
 * architecture) as 64 hex digits; and the cache folder's upkeep. */
int bld_cache_key(const bld_item *it, bool follow_external, const bld_filter *filter, char key[65],
		  samc_error **err);
/* Removes the entries of cache_dir that are not in keep (count keys of 65 bytes). */
int bld_cache_prune(const char *cache_dir, char (*keep)[65], size_t count, samc_error **err);

/* workflow.c: builds it into artifact (an existing empty folder). */
int bld_run_workflow(const bld_item *it, const char *artifact, bool follow_external,
		     const bld_filter *filter, samc_error **err);
/* Runs a tool (bld_spawn); a non-zero exit is SAMC_EINVALID quoting the end of its output. */
int bld_run_tool(const char *const *argv, const char *cwd, const char *const *env,
		 samc_error **err);
/* The folder the code goes into: the artifact, or its runtime subfolder for layers. */
char *bld_destination(const bld_item *it, const char *artifact);

/* workflow_npm.c: nodejs as SAM CLI's npm builder does it: npm pack of the code folder,
 * unpacked into dest, then npm install --omit=dev (or npm ci) there. Without a package.json
 * the code folder is copied as filter says. */
int bld_nodejs_npm(const bld_item *it, const char *dest, bool follow_external,
		   const bld_filter *filter, samc_error **err);

/* workflow_gradle.c: java with Gradle: gradlew (code folder, then project folder, then PATH) or
 * gradle runs `build` in the code folder with an init script that keeps every output in a
 * scratch folder; classes, resources and runtime jars are laid out in artifact. */
int bld_java_gradle(const bld_item *it, const char *artifact, samc_error **err);

/* tar.c: unpacks a .tgz (or plain .tar) into dest (created). Absolute names, '..' parts, links
 * leading outside, entries below a link, devices and fifos are refused (SAMC_EINVALID). */
int bld_untar_gz(const char *archive, const char *dest, samc_error **err);

/* template.c: the built template: code properties of built items point at their artifacts,
 * every other relative path is re-based from template_dir to build_dir (both absolute). */
int bld_built_template(const samc_document *doc, const bld_plan *plan, const char *template_dir,
		       const char *build_dir, samc_document **out, samc_error **err);
/* "/a/./b/../c//d" -> "/a/c/d" (path must be absolute; malloc'd). */
char *bld_normalize_path(const char *path);
/* The path of target relative to the folder from (both absolute, normalized). */
char *bld_relative_path(const char *target, const char *from);

#endif
