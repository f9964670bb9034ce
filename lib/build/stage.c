/* stage.c — moving code around for a build: copying a code folder (minus what never belongs in
 * an artifact), copying artifacts to and from the cache, removing folders, scratch folders. */
#define _GNU_SOURCE /* nftw, realpath, mkdtemp */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build/build_int.h"
#include "package/output.h"
#include "util/error.h"

static const char *const EXCLUDED_NAMES[] = {".aws-sam", ".git", "__pycache__", "*.pyc"};

typedef struct filter_walk {
	const bld_filter *filter;
	const char *root_real;
} filter_walk;

static bool is_away(const filter_walk *w, const char *relpath)
{
	if (!w->filter->away || !w->root_real)
		return false;
	size_t n = strlen(w->root_real);
	for (const char *const *a = w->filter->away; *a; a++)
		if (strncmp(*a, w->root_real, n) == 0 && (*a)[n] == '/' && strcmp(*a + n + 1, relpath) == 0)
			return true;
	return false;
}

static bool skip_entry(const char *relpath, const char *name, void *ctx)
{
	const filter_walk *w = ctx;
	for (size_t i = 0; i < sizeof(EXCLUDED_NAMES) / sizeof(EXCLUDED_NAMES[0]); i++)
		if (fnmatch(EXCLUDED_NAMES[i], name, 0) == 0)
			return true;
	if (w->filter->node && strcmp(name, "node_modules") == 0)
		return true;
	return is_away(w, relpath);
}

int bld_list_source(const char *src, bool follow_external, const bld_filter *filter, pkg_tree *out,
		    samc_error **err)
{
	if (!filter)
		return pkg_tree_list(src, follow_external, out, err);
	filter_walk w = {filter, realpath(src, NULL)};
	int rc = pkg_tree_list_skipping(src, follow_external, skip_entry, &w, out, err);
	free((char *)w.root_real);
	return rc;
}

static int copy_fd(int in, int out)
{
	char chunk[1 << 16];
	ssize_t n;
	while ((n = read(in, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		for (ssize_t done = 0; done < n;) {
			ssize_t w = write(out, chunk + done, (size_t)(n - done));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				return -1;
			done += w;
		}
	}
	return 0;
}

int bld_copy_file(const pkg_file *f, const char *dst, samc_error **err)
{
	int in = open(f->path, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return samc_error_set(err, SAMC_EIO, NULL, 0, 0, "%s: %s", f->path, strerror(errno));
	int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, f->executable ? 0755 : 0644);
	int rc = 0;
	if (out < 0 || copy_fd(in, out) != 0)
		rc = samc_error_set(err, SAMC_EIO, NULL, 0, 0, "cannot copy %s to %s: %s", f->path,
				    dst, strerror(errno));
	if (out >= 0 && close(out) != 0 && !rc)
		rc = samc_error_set(err, SAMC_EIO, NULL, 0, 0, "cannot write %s: %s", dst,
				    strerror(errno));
	close(in);
	return rc;
}

/* Creates the folder holding dst_file unless it is the one made last. */
static int make_parent(const char *dst_file, samc_buf *last_dir, samc_error **err)
{
	const char *slash = strrchr(dst_file, '/');
	size_t len = slash ? (size_t)(slash - dst_file) : 0;
	if (len == 0 || (last_dir->len == len && memcmp(last_dir->ptr, dst_file, len) == 0))
		return 0;
	samc_buf_reset(last_dir);
	samc_buf_put(last_dir, dst_file, len);
	const char *dir = samc_buf_cstr(last_dir);
	return dir ? pkg_make_dirs(dir, err) : SAMC_ENOMEM;
}

int bld_copy_tree(const char *src, const char *dst, bool follow_external, const bld_filter *filter,
		  samc_error **err)
{
	pkg_tree t;
	int rc = bld_list_source(src, follow_external, filter, &t, err);
	if (rc)
		return rc;
	rc = pkg_make_dirs(dst, err);
	samc_buf target = SAMC_BUF_INIT, last_dir = SAMC_BUF_INIT;
	for (size_t i = 0; !rc && i < t.count; i++) {
		samc_buf_reset(&target);
		samc_buf_printf(&target, "%s/%s", dst, t.files[i].relpath);
		const char *path = samc_buf_cstr(&target);
		rc = path ? make_parent(path, &last_dir, err) : SAMC_ENOMEM;
		if (!rc)
			rc = bld_copy_file(&t.files[i], path, err);
	}
	samc_buf_free(&target);
	samc_buf_free(&last_dir);
	pkg_tree_free(&t);
	return rc;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

int bld_remove_tree(const char *path, samc_error **err)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0
				       : samc_error_set(err, SAMC_EIO, NULL, 0, 0, "%s: %s", path,
							strerror(errno));
	if (nftw(path, remove_entry, 32, FTW_DEPTH | FTW_PHYS) != 0)
		return samc_error_set(err, SAMC_EIO, NULL, 0, 0, "cannot remove %s: %s", path,
				      strerror(errno));
	return 0;
}

int bld_make_scratch(char **out, samc_error **err)
{
	const char *tmp = getenv("TMPDIR");
	char *path = samc_strfmt("%s/samc-build-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!path)
		return SAMC_ENOMEM;
	if (!mkdtemp(path)) {
		int rc = samc_error_set(err, SAMC_EIO, NULL, 0, 0, "cannot create a scratch folder "
								   "in %s: %s",
					tmp && *tmp ? tmp : "/tmp", strerror(errno));
		free(path);
		return rc;
	}
	*out = path;
	return 0;
}
