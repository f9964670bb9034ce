/* build.h — building the functions and layers of a template with local code: their code staged
 * into a build folder (SAM CLI's layout), dependencies installed, and the built template. */
#ifndef SAMC_BUILD_H
#define SAMC_BUILD_H

#include <stddef.h>

#include "samc/samc.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum samc_build_kind { SAMC_BUILD_FUNCTION = 0, SAMC_BUILD_LAYER = 1 } samc_build_kind;

typedef enum samc_build_status {
	SAMC_BUILD_BUILT = 0,   /* built now */
	SAMC_BUILD_CACHED = 1,  /* unchanged since a previous build: copied from the cache */
	SAMC_BUILD_SKIPPED = 2, /* nothing to build (inline code, a .zip, SkipBuild, an image ...) */
	SAMC_BUILD_FAILED = 3,  /* its build failed (or a layer it uses failed) */
	SAMC_BUILD_RUNNING = 4  /* only in progress events: the build has started */
} samc_build_status;

/* One resource of the build, as reported in progress events and in the result. */
typedef struct samc_build_item {
	const char *resource;   /* logical ID */
	samc_build_kind kind;
	samc_build_status status;
	const char *workflow;   /* "python-pip", "nodejs-npm", "java-maven", "java-gradle",
				   "makefile", "copy", or NULL */
	const char *runtime;    /* or NULL */
	const char *artifact;   /* the folder it was built into, or NULL when not built */
	const char *detail;     /* why it was skipped or failed (NULL otherwise) */
	double seconds;         /* time its build took (0 in start events) */
} samc_build_item;

/* Called from the worker threads, one call at a time, when a resource starts and when it ends
 * (and once for each resource that is skipped). */
typedef void (*samc_build_progress_fn)(const samc_build_item *item, void *ctx);

typedef struct samc_build_options {
	const char *base_dir;    /* code paths resolve against it (NULL = the template's folder) */
	const char *build_dir;   /* NULL = ".aws-sam/build"; deleted and recreated by each build */
	const char *cache_dir;   /* NULL = "cache" beside the build folder (".aws-sam/cache") */
	const char *resource;    /* build only this function or layer (and the layers it uses) */
	const char *parameter_overrides; /* "K=V K2=V2": values of Ref'd parameters (or NULL) */
	unsigned jobs;           /* resources built at once: 0 = one per CPU, 1 = one at a time */
	int no_cache;            /* nonzero: rebuild everything (the cache is still refreshed) */
	int follow_external_symlinks; /* nonzero: symlinks may leave a code folder */
	samc_build_progress_fn progress; /* or NULL */
	void *progress_ctx;
} samc_build_options;

typedef struct samc_build_result samc_build_result;

/* Builds every function and layer of doc that has local code (see samc-build(1)) and writes
 * BUILD_DIR/template.yaml. doc's name is the template's path. On success *out (when non-NULL)
 * lists what happened to each resource; on failure *err has one cause per failed resource
 * (with its position in the template). Child-process failures give SAMC_EINVALID, a missing
 * tool SAMC_EIO. */
int samc_build(const samc_document *doc, const samc_build_options *opts, samc_build_result **out,
	       samc_error **err);
size_t samc_build_result_count(const samc_build_result *r);
const samc_build_item *samc_build_result_get(const samc_build_result *r, size_t i);
/* The build folder and the built template's path. */
const char *samc_build_result_dir(const samc_build_result *r);
const char *samc_build_result_template(const samc_build_result *r);
void samc_build_result_free(samc_build_result *r);

#ifdef __cplusplus
}
#endif
#endif
