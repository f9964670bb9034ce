/* source.c — turns --location into a local folder: a git URL is cloned and a zip (local or
 * downloaded from an http(s) URL) extracted into a temporary folder, a local folder is read in
 * place; then the subdirectory is applied. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init/init_int.h"
#include "util/buf.h"
#include "util/error.h"

#define MAX_ZIP_BYTES ((size_t)1 << 30)
#define MAX_DOWNLOAD_BYTES ((size_t)100 << 20) /* a zip fetched from a URL (stated in samc-init.1) */

static bool is_zip_path(const char *location)
{
	size_t n = strlen(location);
	return n > 4 && strcmp(location + n - 4, ".zip") == 0;
}

static char *temp_parent(void)
{
	const char *t = getenv("TMPDIR");
	return samc_strdup(t && *t ? t : "/tmp");
}

/* A zip made by zipping a template folder holds that one folder: read inside it. */
static int descend_single_folder(init_source *s, samc_error **err)
{
	char *cj = init_path_join(s->root, "cookiecutter.json");
	bool has = cj && init_exists(cj);
	free(cj);
	DIR *d = has ? NULL : opendir(s->root);
	if (!d)
		return 0;
	char *only = NULL;
	size_t entries = 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !strcmp(e->d_name, "__MACOSX"))
			continue;
		if (++entries == 1)
			only = samc_strdup(e->d_name);
	}
	closedir(d);
	char *inner = entries == 1 && only ? init_path_join(s->root, only) : NULL;
	free(only);
	if (inner && init_is_dir(inner)) {
		free(s->root);
		s->root = inner;
		return 0;
	}
	free(inner);
	(void)err;
	return 0;
}

/* A zip URL: downloaded beside the extracted tree (both removed with s->cleanup), then read
 * like a local zip, its messages naming the URL. */
static int fetch_zip_url(const char *url, init_source *s, samc_error **err)
{
	char *file = init_path_join(s->cleanup, "download.zip");
	int rc = file ? init_download(url, file, MAX_DOWNLOAD_BYTES, err)
		      : samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	if (!rc && mkdir(s->root, 0700) != 0)
		rc = samc_error_set(err, SAMC_EIO, NULL, 0, 0, "cannot create %s", s->root);
	if (!rc)
		rc = init_unzip(file, url, s->root, MAX_ZIP_BYTES, err);
	if (file)
		unlink(file);
	free(file);
	return rc ? rc : descend_single_folder(s, err);
}

static int fetch(const char *location, const char *branch, init_source *s, samc_error **err)
{
	char *parent = temp_parent();
	int rc = parent ? init_temp_dir(parent, "samc-init-", &s->cleanup, err)
			: samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	free(parent);
	if (rc)
		return rc;
	s->fetched = true;
	s->root = init_path_join(s->cleanup, "src");
	if (!s->root)
		return samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	if (init_is_zip_url(location) && branch)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "--branch applies to git locations, not to the zip %s", location);
	if (init_is_zip_url(location))
		return fetch_zip_url(location, s, err);
	if (init_is_git_url(location)) {
		char *url = init_git_expand_url(location);
		rc = url ? init_git_clone(url, branch, s->root, err)
			 : samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
		free(url);
		return rc;
	}
	if (branch)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "--branch applies to git locations, not to %s", location);
	if (mkdir(s->root, 0700) != 0)
		return samc_error_set(err, SAMC_EIO, NULL, 0, 0, "cannot create %s", s->root);
	rc = init_unzip(location, NULL, s->root, MAX_ZIP_BYTES, err);
	return rc ? rc : descend_single_folder(s, err);
}

static int apply_subdirectory(init_source *s, const char *subdir, samc_error **err)
{
	if (!subdir || !*subdir)
		return 0;
	size_t n = strlen(subdir);
	char *clean = strndup(subdir, n && subdir[n - 1] == '/' ? n - 1 : n);
	if (!clean)
		return samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	if (!init_safe_relpath(clean)) {
		free(clean);
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "the subdirectory '%s' must be a relative path inside the "
				      "location, without '..'",
				      subdir);
	}
	char *root = init_path_join(s->root, clean);
	free(clean);
	if (!root)
		return samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	bool inside = init_resolves_inside(root, s->root);
	free(s->root);
	s->root = root;
	if (!init_is_dir(root))
		return samc_error_set(err, SAMC_EINVALID, NULL, 0, 0,
				      "%s has no folder '%s'", s->desc, subdir);
	if (!inside)
		return samc_error_set(err, SAMC_EINVALID, NULL, 0, 0,
				      "'%s' in %s is a symbolic link leading outside it; refused",
				      subdir, s->desc);
	return 0;
}

int init_source_open(const char *location, const char *branch, const char *subdir,
		     init_source *s, samc_error **err)
{
	*s = (init_source){0};
	if (!(s->desc = samc_strdup(location)))
		return samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	int rc;
	struct stat st;
	bool local = !init_is_git_url(location) && stat(location, &st) == 0;
	bool remote = init_is_git_url(location) || init_is_zip_url(location);
	if (local && S_ISDIR(st.st_mode)) {
		if (branch)
			return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
					      "--branch applies to git locations, not to the folder %s",
					      location);
		rc = (s->root = samc_strdup(location)) ? 0
						       : samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0,
									"out of memory");
	} else if (local || remote) {
		rc = fetch(location, branch, s, err);
	} else if (is_zip_path(location)) {
		rc = samc_error_set(err, SAMC_EIO, location, 0, 0, "cannot read the zip %s", location);
	} else {
		rc = samc_error_set(err, SAMC_EINVALID, NULL, 0, 0,
				    "'%s' is not a git URL (https://, ssh://, git@, file://, gh:), "
				    "an existing folder, a zip file or the http(s) URL of a .zip",
				    location);
	}
	return rc ? rc : apply_subdirectory(s, subdir, err);
}

void init_source_close(init_source *s)
{
	if (s->cleanup)
		init_remove_tree(s->cleanup);
	free(s->cleanup);
	free(s->root);
	free(s->desc);
	*s = (init_source){0};
}
