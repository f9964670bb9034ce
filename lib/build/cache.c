/* cache.c — the build cache: an item's key (SHA-256 over how it is built and every source file
 * it is built from) and the upkeep of the cache folder, whose entries are named by key. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "build/build_int.h"
#include "util/error.h"

#define CACHE_FORMAT "samc-build-cache-1"

static int put_text(EVP_MD_CTX *ctx, const char *label, const char *value)
{
	const char *v = value ? value : "";
	unsigned long long len = strlen(v);
	return EVP_DigestUpdate(ctx, label, strlen(label) + 1) == 1 &&
			       EVP_DigestUpdate(ctx, &len, sizeof(len)) == 1 &&
			       EVP_DigestUpdate(ctx, v, len) == 1
		       ? 0
		       : SAMC_EINTERNAL;
}

static int put_file(EVP_MD_CTX *ctx, const char *label, const char *path, samc_error **err)
{
	int rc = put_text(ctx, label, path ? label : NULL);
	/* "e": close-on-exec, so tools started meanwhile by other threads do not inherit it */
	FILE *f = path ? fopen(path, "rbe") : NULL;
	if (!f)
		return rc; /* an absent file is hashed as absent */
	unsigned char chunk[1 << 16];
	size_t n;
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = EVP_DigestUpdate(ctx, chunk, n) == 1 ? 0 : SAMC_EINTERNAL;
	if (!rc && ferror(f))
		rc = samc_error_set(err, SAMC_EIO, NULL, 0, 0, "%s: read error", path);
	fclose(f);
	return rc;
}

/* Gradle reads the project folder too (gradlew found there, a multi-project settings file):
 * its build files are part of the recipe. */
static int put_gradle_project(EVP_MD_CTX *ctx, const bld_item *it, samc_error **err)
{
	static const char *const FILES[] = {"settings.gradle", "settings.gradle.kts", "build.gradle",
					    "build.gradle.kts", "gradle.properties", "gradlew",
					    "gradle/wrapper/gradle-wrapper.properties"};
	int rc = 0;
	for (size_t i = 0; !rc && it->project_dir && i < sizeof(FILES) / sizeof(FILES[0]); i++) {
		char *path = samc_strfmt("%s/%s", it->project_dir, FILES[i]);
		rc = path ? put_file(ctx, FILES[i], path, err) : SAMC_ENOMEM;
		free(path);
	}
	return rc;
}

/* How the item is built: everything but its source files. */
static int put_recipe(EVP_MD_CTX *ctx, const bld_item *it, samc_error **err)
{
	int rc = put_text(ctx, "format", CACHE_FORMAT);
	if (!rc)
		rc = put_text(ctx, "workflow", bld_workflow_name(it->workflow));
	if (!rc)
		rc = put_text(ctx, "runtime", it->runtime);
	if (!rc)
		rc = put_text(ctx, "architecture", it->architecture);
	if (!rc)
		rc = put_text(ctx, "layer", it->layer_subdir);
	if (!rc)
		rc = put_text(ctx, "npm-ci", it->use_npm_ci ? "1" : "0");
	if (!rc && it->workflow == BLD_WF_JAVA_GRADLE)
		rc = put_gradle_project(ctx, it, err);
	if (!rc && it->workflow == BLD_WF_MAKEFILE) {
		/* the target is build-<LogicalId>: one entry per resource */
		char *makefile = samc_strfmt("%s/Makefile", it->makefile_dir);
		rc = makefile ? put_text(ctx, "target", it->id) : SAMC_ENOMEM;
		if (!rc)
			rc = put_file(ctx, "makefile", makefile, err);
		free(makefile);
	}
	return rc;
}

static int put_sources(EVP_MD_CTX *ctx, const bld_item *it, bool follow_external,
		       const bld_filter *filter, samc_error **err)
{
	pkg_tree t;
	int rc = bld_list_source(it->code_dir, follow_external, filter, &t, err);
	for (size_t i = 0; !rc && i < t.count; i++) {
		rc = put_text(ctx, "path", t.files[i].relpath);
		if (!rc)
			rc = put_text(ctx, "mode", t.files[i].executable ? "x" : "-");
		if (!rc)
			rc = put_file(ctx, "content", t.files[i].path, err);
	}
	pkg_tree_free(&t);
	return rc;
}

int bld_cache_key(const bld_item *it, bool follow_external, const bld_filter *filter, char key[65],
		  samc_error **err)
{
	static const char digits[] = "0123456789abcdef";
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (!ctx)
		return SAMC_ENOMEM;
	int rc = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 ? 0 : SAMC_EINTERNAL;
	if (!rc)
		rc = put_recipe(ctx, it, err);
	if (!rc)
		rc = put_sources(ctx, it, follow_external, filter, err);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned len = 0;
	if (!rc && (EVP_DigestFinal_ex(ctx, md, &len) != 1 || len != 32))
		rc = SAMC_EINTERNAL;
	EVP_MD_CTX_free(ctx);
	for (unsigned i = 0; !rc && i < 32; i++) {
		key[2 * i] = digits[md[i] >> 4];
		key[2 * i + 1] = digits[md[i] & 15];
	}
	key[rc ? 0 : 64] = '\0';
	return rc;
}

/* A name the cache made: 64 hex digits, or a temporary copy of one ("<key>.tmp-XXXXXX"). */
static bool is_cache_entry(const char *name)
{
	size_t n = strspn(name, "0123456789abcdef");
	return n == 64 && (name[64] == '\0' || strncmp(name + 64, ".tmp-", 5) == 0);
}

static bool kept(const char *name, char (*keep)[65], size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(name, keep[i]) == 0)
			return true;
	return false;
}

int bld_cache_prune(const char *cache_dir, char (*keep)[65], size_t count, samc_error **err)
{
	DIR *d = opendir(cache_dir);
	if (!d)
		return errno == ENOENT ? 0
				       : samc_error_set(err, SAMC_EIO, NULL, 0, 0, "%s: %s", cache_dir,
							strerror(errno));
	int rc = 0;
	struct dirent *e;
	while (!rc && (e = readdir(d))) {
		if (!is_cache_entry(e->d_name) || kept(e->d_name, keep, count))
			continue;
		char *path = samc_strfmt("%s/%s", cache_dir, e->d_name);
		rc = path ? bld_remove_tree(path, err) : SAMC_ENOMEM;
		free(path);
	}
	closedir(d);
	return rc;
}
