/* init_int.h — what the parts of samc_init share: file-system utilities, template sources,
 * the templates cache, manifest selection, the cookiecutter context and the tree renderer. */
#ifndef SAMC_INIT_INIT_INT_H
#define SAMC_INIT_INIT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <cjson/cJSON.h>

#include "samc/init.h"

/* A list of malloc'd strings (notices for the user). */
typedef struct init_notes {
	char **items;
	size_t count;
} init_notes;
int init_note(init_notes *n, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void init_notes_free(init_notes *n);

/* fs.c */
char *init_path_join(const char *a, const char *b);
bool init_is_dir(const char *path);
bool init_exists(const char *path); /* anything at path, without following a last symlink */
/* Removes path and everything below it, never following symlinks. */
int init_remove_tree(const char *path);
/* Creates a fresh private folder "<parent>/.<prefix>XXXXXX". */
int init_temp_dir(const char *parent, const char *prefix, char **out, samc_error **err);
/* Reads a whole file (at most max bytes, else SAMC_ELIMIT); *data is NUL-terminated. */
int init_read_file(const char *path, size_t max, char **data, size_t *len, samc_error **err);
/* Whether path, with every symlink resolved, is base or below it (false when either is
 * missing). */
bool init_resolves_inside(const char *path, const char *base);
/* A relative path with no "..", no empty or "." segments and no leading '/'. */
bool init_safe_relpath(const char *p);

/* source.c: a template location made into a local folder. */
typedef struct init_source {
	char *root;    /* the folder to read (the subdirectory when one was asked for) */
	char *cleanup; /* a temporary folder to remove afterwards, or NULL */
	char *desc;    /* what the user gave, for messages */
	bool fetched;  /* from git or a zip (a plain folder without cookiecutter.json is refused) */
} init_source;
int init_source_open(const char *location, const char *branch, const char *subdir,
		     init_source *out, samc_error **err);
void init_source_close(init_source *s);

/* git.c */
bool init_is_git_url(const char *location);
/* "gh:owner/repo" -> https URL; others unchanged. malloc'd. */
char *init_git_expand_url(const char *location);
int init_git_clone(const char *url, const char *branch, const char *dest, samc_error **err);

/* unzip.c: extracts the zip file with every entry name checked; max_bytes bounds the total
 * size. Messages name the zip as shown_as (the URL it came from), or as file when NULL. */
int init_unzip(const char *file, const char *shown_as, const char *dest, size_t max_bytes,
	       samc_error **err);

/* download.c: whether location is an http(s) URL ending in ".zip" (any case), and the download
 * of one into dest (created; removed again on failure). Errors: SAMC_EIO (network, HTTP status,
 * write), SAMC_ELIMIT (more than max_bytes), SAMC_EUSAGE (not such a URL). */
bool init_is_zip_url(const char *location);
int init_download(const char *url, const char *dest, size_t max_bytes, samc_error **err);

/* cache.c: a local copy of the templates repository (cloned, reused or refreshed), or the
 * built-in templates when it cannot be had. *dir is the folder holding manifest-v2.json (or
 * the built-in manifest.json); *manifest its manifest file. */
int init_templates_checkout(const samc_init_options *opts, char **dir, char **manifest,
			    char **desc, init_notes *notes, samc_error **err);

/* manifest.c: the template directory (relative to the repository) for the options, and the
 * runtime the template is told ("provided.al2" for the key "go (provided.al2)"). */
int init_manifest_select(const char *manifest_path, const samc_init_options *opts,
			 char **directory, char **context_runtime, samc_error **err);

/* cookiecutter.c */
/* The cookiecutter context of the template in root: cookiecutter.json defaults with the
 * overrides applied, rendered in order, asked for when opts allow prompting. */
int cc_build_context(const char *root, const cJSON *overrides, const samc_init_options *opts,
		     cJSON **ctx, samc_error **err);
/* The one folder of root whose name is a template ("{{ cookiecutter.x }}"). */
int cc_find_template_dir(const char *root, char **name, samc_error **err);
/* Whether relpath (from root, e.g. "{{cookiecutter.project_name}}/x.vue") is to be copied
 * without rendering (_copy_without_render patterns, Python fnmatch). */
bool cc_copy_without_render(const cJSON *ctx, const char *relpath);

/* render_tree.c */
typedef struct render_request {
	const char *root;       /* the template (folder with cookiecutter.json), or a plain tree */
	const char *top;        /* the template folder inside root; NULL = copy root as is */
	const cJSON *context;   /* cookiecutter context (NULL when copying as is) */
	const char *plain_name; /* project folder name when copying as is */
	const char *output_dir;
	bool force;
	size_t max_bytes;
} render_request;
int render_tree(const render_request *rq, char **project_dir, size_t *nfiles, samc_error **err);

#endif
