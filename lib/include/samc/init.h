/* init.h — creating a project from a template: the SAM app-templates repository (manifest-v2
 * selection), a git URL, a local folder or a zip in cookiecutter layout, rendered safely. */
#ifndef SAMC_INIT_H
#define SAMC_INIT_H

#include <stddef.h>

#include "samc/samc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The public SAM application templates, in manifest-v2 layout. */
#define SAMC_INIT_TEMPLATES_REPO "https://github.com/aws/aws-sam-cli-app-templates.git"

/* Asks the user one question. choices (nchoices > 0) lists the allowed answers; default_value
 * is what an empty answer means. Sets *answer to a malloc'd string (NULL = the default) and
 * returns 0, or a negative SAMC_E* code to abandon. */
typedef int (*samc_init_prompt_fn)(void *data, const char *question, const char *const *choices,
				   size_t nchoices, const char *default_value, char **answer);

typedef struct samc_init_options {
	/* Where the template comes from: location (git URL https/ssh/file/git@, "gh:owner/repo",
	 * a local folder or a .zip) or, when NULL, the templates repository. */
	const char *location;
	const char *branch;       /* git branch or tag of location (NULL = the default) */
	const char *subdirectory; /* the template's folder inside location (NULL = its root) */

	/* Templates repository selection (manifest-v2.json), used when location is NULL. */
	const char *runtime;            /* e.g. "python3.12" or "amazon/python3.12-base" */
	const char *app_template;       /* e.g. "hello-world" */
	const char *dependency_manager; /* e.g. "pip" */
	const char *package_type;       /* "Zip" (default) or "Image" */
	const char *templates_repo;     /* git URL (NULL = SAMC_INIT_TEMPLATES_REPO) */
	const char *cache_dir; /* NULL = $XDG_CACHE_HOME/samc or ~/.cache/samc */
	int refresh;           /* nonzero: fetch the templates repository again */
	int offline;           /* nonzero: do not clone; use the cache or the built-in templates */
	const char *builtin_dir; /* built-in templates (manifest.json + folders) used when the
				  * repository cannot be cloned; NULL = none */

	/* Rendering. */
	const char *name;          /* project_name (NULL = the template's default) */
	const char *architecture;  /* "x86_64" or "arm64" (NULL = x86_64) for repository templates */
	const char *extra_context; /* JSON object overriding cookiecutter.json defaults, or NULL */
	const char *output_dir;    /* NULL = "."; made with its parents when missing */
	int no_input;              /* nonzero: take every default without asking */
	int force;                 /* nonzero: replace an existing project folder */
	samc_init_prompt_fn prompt; /* NULL: never ask (as no_input) */
	void *prompt_data;
	size_t max_output_bytes;   /* total bytes written; 0 = 1 GiB */
} samc_init_options;

typedef struct samc_init_result samc_init_result;

/* Generates the project. On success *result tells where it went and what was used. The
 * project folder is built beside its final place and renamed into it, so a failure leaves
 * nothing behind. Errors: SAMC_EINVALID (bad template or options, with file:line:col for
 * template text), SAMC_ELIMIT, SAMC_EIO (clone, read or write failure), SAMC_ENOMEM. */
int samc_init(const samc_init_options *opts, samc_init_result **result, samc_error **err);

const char *samc_init_result_project_dir(const samc_init_result *r);
/* Where the template came from (a URL, path, or "built-in templates: ..."). */
const char *samc_init_result_template(const samc_init_result *r);
size_t samc_init_result_file_count(const samc_init_result *r);
/* Things the caller should tell the user (e.g. "no network: using the built-in templates"). */
size_t samc_init_result_notice_count(const samc_init_result *r);
const char *samc_init_result_notice(const samc_init_result *r, size_t i);
void samc_init_result_free(samc_init_result *r);

/* The per-user cache folder samc_init uses (malloc'd; free with samc_free), or NULL. */
char *samc_init_default_cache_dir(void);

#ifdef __cplusplus
}
#endif
#endif
