/* manifest.c — choosing a template from a manifest-v2.json as SAM CLI does: the runtime (or
 * base image) key, then package type, dependency manager and app template. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "init/init_int.h"
#include "util/buf.h"
#include "util/error.h"

#define MAX_MANIFEST_BYTES (16u << 20)

static const char *str_field(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A key's runtime: "go (provided.al2)" is a custom label of provided.al2. */
static char *base_runtime(const char *key)
{
	const char *open = strrchr(key, '('), *close = open ? strchr(open, ')') : NULL;
	if (open && close && close > open + 1)
		return strndup(open + 1, (size_t)(close - open - 1));
	return samc_strdup(key);
}

static bool key_has_runtime(const char *key, const char *runtime)
{
	char *base = base_runtime(key);
	bool match = base && strcmp(base, runtime) == 0;
	free(base);
	return match || strcmp(key, runtime) == 0;
}

/* The runtimes of the manifest (custom labels by their base runtime), sorted, unique. */
static char **sorted_runtimes(const cJSON *m, size_t *n)
{
	size_t total = (size_t)cJSON_GetArraySize(m);
	char **keys = calloc(total ? total : 1, sizeof(*keys));
	*n = 0;
	for (const cJSON *x = m->child; keys && x; x = x->next) {
		char *base = base_runtime(x->string);
		bool seen = !base;
		for (size_t i = 0; base && i < *n && !seen; i++)
			seen = strcmp(keys[i], base) == 0;
		if (seen)
			free(base);
		else
			keys[(*n)++] = base;
	}
	if (keys)
		qsort(keys, *n, sizeof(*keys), by_string);
	return keys;
}

static void free_strings(char **items, size_t n)
{
	for (size_t i = 0; items && i < n; i++)
		free(items[i]);
	free(items);
}

static char *joined(const char *const *items, size_t n)
{
	samc_buf b = SAMC_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		samc_buf_printf(&b, "%s%s", i ? ", " : "", items[i]);
	return samc_buf_detach(&b);
}

static bool runtime_known(const cJSON *m, const char *runtime)
{
	for (const cJSON *x = m->child; x; x = x->next)
		if (key_has_runtime(x->string, runtime))
			return true;
	return false;
}

static int pick_runtime(const cJSON *m, const samc_init_options *o, char **runtime, samc_error **err)
{
	*runtime = NULL;
	size_t n;
	char **keys = sorted_runtimes(m, &n);
	if (!keys)
		return samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	int rc = 0;
	if (o->runtime && runtime_known(m, o->runtime)) {
		*runtime = samc_strdup(o->runtime);
	} else if (!o->runtime && o->prompt && !o->no_input && n) {
		rc = o->prompt(o->prompt_data, "Runtime", (const char *const *)keys, n, keys[0], runtime);
		if (!rc && !*runtime)
			*runtime = samc_strdup(keys[0]);
	} else {
		char *list = joined((const char *const *)keys, n);
		rc = samc_error_set(err, o->runtime ? SAMC_EINVALID : SAMC_EUSAGE, NULL, 0, 0,
				    o->runtime ? "no templates for the runtime '%s'; the templates "
						 "repository has: %s"
					       : "choose a runtime%s with --runtime: %s",
				    o->runtime ? o->runtime : "", list ? list : "");
		free(list);
	}
	free_strings(keys, n);
	if (!rc && !*runtime)
		rc = samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	return rc;
}

/* The entries of the key named runtime, or else of every key of that base runtime, in
 * manifest order (references). */
static cJSON *entries_of(const cJSON *m, const char *runtime)
{
	cJSON *list = cJSON_CreateArray();
	bool exact = cJSON_GetObjectItemCaseSensitive(m, runtime) != NULL;
	for (const cJSON *x = m->child; list && x; x = x->next) {
		bool match = exact ? strcmp(x->string, runtime) == 0 : key_has_runtime(x->string, runtime);
		if (!match || !cJSON_IsArray(x))
			continue;
		for (cJSON *e = x->child; e; e = e->next)
			if (!cJSON_AddItemReferenceToArray(list, e)) {
				cJSON_Delete(list);
				return NULL;
			}
	}
	return list;
}

#define DEFAULT_APP_TEMPLATE "hello-world"

static bool entry_matches(const cJSON *e, const char *package_type, const samc_init_options *o)
{
	if (strcmp(str_field(e, "packageType"), package_type) != 0)
		return false;
	if (o->dependency_manager && strcmp(str_field(e, "dependencyManager"), o->dependency_manager))
		return false;
	return !o->app_template || strcmp(str_field(e, "appTemplate"), o->app_template) == 0;
}

/* "appTemplate (dependencyManager)" labels of the candidates, for errors and prompts. */
static size_t candidates(const cJSON *list, const char *package_type, const samc_init_options *o,
			 const cJSON **out, size_t max)
{
	size_t n = 0;
	for (const cJSON *e = list->child; e && n < max; e = e->next)
		if (entry_matches(e, package_type, o))
			out[n++] = e;
	return n;
}

static int describe_missing(const cJSON *list, const char *runtime, const char *package_type,
			    const samc_init_options *o, samc_error **err)
{
	samc_buf b = SAMC_BUF_INIT;
	for (const cJSON *e = list->child; e; e = e->next)
		if (strcmp(str_field(e, "packageType"), package_type) == 0)
			samc_buf_printf(&b, "%s%s (%s)", b.len ? ", " : "", str_field(e, "appTemplate"),
					str_field(e, "dependencyManager"));
	int rc = samc_error_set(
		err, o->app_template ? SAMC_EINVALID : SAMC_EUSAGE, NULL, 0, 0,
		"%s%s%s%s for %s (%s); available app templates (dependency manager): %s",
		o->app_template ? "no app template '" : "choose an app template with --app-template",
		o->app_template ? o->app_template : "", o->app_template ? "'" : "",
		o->dependency_manager ? " with that dependency manager" : "", runtime, package_type,
		b.len && samc_buf_cstr(&b) ? samc_buf_cstr(&b) : "none");
	samc_buf_free(&b);
	return rc;
}

static int ask_template(const cJSON **cands, size_t n, const samc_init_options *o,
			const cJSON **pick)
{
	const char **labels = calloc(n, sizeof(*labels));
	char **owned = calloc(n, sizeof(*owned));
	int rc = labels && owned ? 0 : SAMC_ENOMEM;
	for (size_t i = 0; !rc && i < n; i++) {
		owned[i] = samc_strfmt("%s (%s)", str_field(cands[i], "appTemplate"),
				       str_field(cands[i], "dependencyManager"));
		if (!(labels[i] = owned[i]))
			rc = SAMC_ENOMEM;
	}
	char *answer = NULL;
	if (!rc)
		rc = o->prompt(o->prompt_data, "Template", labels, n, labels[0], &answer);
	*pick = cands[0];
	for (size_t i = 0; !rc && answer && i < n; i++)
		if (strcmp(answer, labels[i]) == 0)
			*pick = cands[i];
	free(answer);
	for (size_t i = 0; owned && i < n; i++)
		free(owned[i]);
	free(owned);
	free(labels);
	return rc;
}

static int pick_entry(const cJSON *list, const char *runtime, const samc_init_options *o,
		      const cJSON **pick, samc_error **err)
{
	const char *package_type = o->package_type ? o->package_type
				 : strncmp(runtime, "amazon/", 7) == 0 ? "Image" : "Zip";
	const cJSON *cands[256];
	size_t n = candidates(list, package_type, o, cands, 256);
	*pick = NULL;
	if (n == 0)
		return describe_missing(list, runtime, package_type, o, err);
	if (o->app_template || n == 1) {
		*pick = cands[0];
		return 0;
	}
	if (o->prompt && !o->no_input) {
		int rc = ask_template(cands, n, o, pick);
		return rc ? samc_error_set(err, rc, NULL, 0, 0, "no template chosen") : 0;
	}
	/* without prompts the hello-world template stands for the runtime (the first listed) */
	for (size_t i = 0; i < n; i++)
		if (strcmp(str_field(cands[i], "appTemplate"), DEFAULT_APP_TEMPLATE) == 0) {
			*pick = cands[i];
			return 0;
		}
	return describe_missing(list, runtime, package_type, o, err);
}

int init_manifest_select(const char *manifest_path, const samc_init_options *o, char **directory,
			 char **context_runtime, samc_error **err)
{
	*directory = NULL;
	*context_runtime = NULL;
	char *text = NULL, *runtime = NULL;
	int rc = init_read_file(manifest_path, MAX_MANIFEST_BYTES, &text, NULL, err);
	cJSON *m = rc ? NULL : cJSON_Parse(text);
	if (!rc && !cJSON_IsObject(m))
		rc = samc_error_set(err, SAMC_EINVALID, manifest_path, 0, 0,
				    "%s is not a manifest (a JSON object keyed by runtime)", manifest_path);
	if (!rc)
		rc = pick_runtime(m, o, &runtime, err);
	const cJSON *entry = NULL;
	if (!rc) {
		cJSON *list = entries_of(m, runtime);
		rc = list ? pick_entry(list, runtime, o, &entry, err)
			  : samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
		if (!rc && !(entry = cJSON_Duplicate(entry, true)))
			rc = samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
		cJSON_Delete(list);
	}
	if (!rc) {
		const char *dir = str_field(entry, "directory");
		if (!init_safe_relpath(dir))
			rc = samc_error_set(err, SAMC_EINVALID, manifest_path, 0, 0,
					    "%s: the directory '%s' is not a relative path inside the "
					    "repository", manifest_path, dir);
		else if (!(*directory = samc_strdup(dir)) || !(*context_runtime = base_runtime(runtime)))
			rc = samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	}
	cJSON_Delete((cJSON *)entry);
	cJSON_Delete(m);
	free(text);
	free(runtime);
	return rc;
}
