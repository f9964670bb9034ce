/* cache.c — the per-user copy of the templates repository (cloned, reused, refreshed) under
 * $XDG_CACHE_HOME/samc or ~/.cache/samc, and the built-in templates when it cannot be had. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "init/init_int.h"
#include "util/buf.h"
#include "util/error.h"

char *samc_init_default_cache_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	if (xdg && *xdg == '/')
		return samc_strfmt("%s/samc", xdg);
	const char *home = getenv("HOME");
	if (home && *home)
		return samc_strfmt("%s/.cache/samc", home);
	return NULL;
}

static int mkdirs(const char *path)
{
	char *p = samc_strdup(path);
	if (!p)
		return SAMC_ENOMEM;
	int rc = 0;
	for (char *s = p + 1; !rc; s++) {
		bool end = *s == '\0';
		if (*s != '/' && !end)
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			rc = SAMC_EIO;
		if (end)
			break;
		*s = '/';
	}
	free(p);
	return rc;
}

/* <cache>/templates/<first 16 hex digits of SHA-256(url)>: one copy per repository URL. */
static char *repo_cache_path(const char *cache, const char *url)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned len = 0;
	if (!EVP_Digest(url, strlen(url), md, &len, EVP_sha256(), NULL))
		return NULL;
	char hex[17];
	for (int i = 0; i < 8; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return samc_strfmt("%s/templates/%s", cache, hex);
}

static bool has_checkout(const char *dir)
{
	char *git = init_path_join(dir, ".git");
	bool ok = git && init_is_dir(git);
	free(git);
	return ok;
}

/* Clones url next to dir and swaps it in; the old copy stays when cloning fails. */
static int refresh(const char *url, const char *dir, samc_error **err)
{
	char *parent = samc_strdup(dir);
	char *slash = parent ? strrchr(parent, '/') : NULL;
	if (!slash) {
		free(parent);
		return samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	}
	*slash = '\0';
	char *tmp = NULL, *fresh = NULL, *old = NULL;
	int rc = mkdirs(parent) ? samc_error_set(err, SAMC_EIO, parent, 0, 0,
						 "cannot create the cache folder %s: %s", parent,
						 strerror(errno))
				: init_temp_dir(parent, "clone-", &tmp, err);
	if (!rc && !(fresh = init_path_join(tmp, "repo")))
		rc = samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	if (!rc)
		rc = init_git_clone(url, NULL, fresh, err);
	if (!rc && init_exists(dir)) {
		old = init_path_join(tmp, "old");
		if (!old || rename(dir, old) != 0)
			rc = samc_error_set(err, SAMC_EIO, dir, 0, 0, "cannot replace %s", dir);
	}
	if (!rc && rename(fresh, dir) != 0) {
		rc = samc_error_set(err, SAMC_EIO, dir, 0, 0, "cannot create %s: %s", dir, strerror(errno));
		if (old)
			rename(old, dir);
	}
	if (tmp)
		init_remove_tree(tmp);
	free(tmp);
	free(fresh);
	free(old);
	free(parent);
	return rc;
}

static int use_builtin(const samc_init_options *o, char **dir, char **manifest, char **desc,
		       samc_error **err)
{
	char *m = o->builtin_dir ? init_path_join(o->builtin_dir, "manifest.json") : NULL;
	if (!m || !init_exists(m)) {
		free(m);
		return SAMC_EIO;
	}
	*manifest = m;
	*dir = samc_strdup(o->builtin_dir);
	*desc = samc_strfmt("built-in templates (%s)", o->builtin_dir);
	return *dir && *desc ? 0 : samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
}

static int use_checkout(const char *repo, const char *url, char **dir, char **manifest, char **desc,
			samc_error **err)
{
	*dir = samc_strdup(repo);
	*manifest = init_path_join(repo, "manifest-v2.json");
	*desc = samc_strdup(url);
	return *dir && *manifest && *desc ? 0
					  : samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
}

int init_templates_checkout(const samc_init_options *o, char **dir, char **manifest, char **desc,
			    init_notes *notes, samc_error **err)
{
	*dir = *manifest = *desc = NULL;
	const char *url = o->templates_repo ? o->templates_repo : SAMC_INIT_TEMPLATES_REPO;
	char *cache = o->cache_dir ? samc_strdup(o->cache_dir) : samc_init_default_cache_dir();
	char *repo = cache ? repo_cache_path(cache, url) : NULL;
	free(cache);
	bool cached = repo && has_checkout(repo);
	samc_error *why = NULL;
	int rc = SAMC_EIO;
	if (repo && (!cached || o->refresh) && !o->offline)
		rc = refresh(url, repo, &why);
	if (rc == 0 || (repo && has_checkout(repo))) {
		if (rc && o->refresh && !o->offline)
			init_note(notes, "cannot refresh the templates from %s (%s); using the copy "
				  "cached in %s", url, samc_error_message(why), repo);
		rc = use_checkout(repo, url, dir, manifest, desc, err);
	} else {
		rc = use_builtin(o, dir, manifest, desc, err);
		if (rc == 0)
			init_note(notes, "cannot get the templates from %s (%s); using the %s", url,
				  why ? samc_error_message(why) : o->offline ? "offline" : "no cache folder",
				  *desc);
		else if (rc == SAMC_EIO)
			rc = samc_error_set(err, SAMC_EIO, NULL, 0, 0,
					    "cannot get the templates from %s (%s) and no built-in "
					    "templates were found%s%s",
					    url, why ? samc_error_message(why) : "offline",
					    o->builtin_dir ? " in " : "", o->builtin_dir ? o->builtin_dir : "");
	}
	samc_error_free(why);
	free(repo);
	return rc;
}
