/* tree.c — listing the files of a folder for packaging: a depth-first walk that follows
 * symlinks which stay inside the folder, refuses loops, and sorts the result by path. */
#define _GNU_SOURCE /* realpath */
#include "package/tree.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/error.h"

#define TREE_MAX_DEPTH 128
#define TREE_MAX_FILES 1000000

typedef struct walk {
	const char *root;     /* as given, for messages */
	char *root_real;      /* realpath of root */
	size_t root_real_len;
	bool follow_external;
	pkg_tree_skip_fn skip;
	void *skip_ctx;
	pkg_tree *out;
	samc_error **err;
	struct dir_id { dev_t dev; ino_t ino; } stack[TREE_MAX_DEPTH + 1];
	size_t depth;
} walk;

static int walk_dir(walk *w, const char *path, const char *rel);

static bool inside_root(const walk *w, const char *real)
{
	if (w->root_real_len == 1) /* root is "/" */
		return true;
	return strncmp(real, w->root_real, w->root_real_len) == 0 &&
	       (real[w->root_real_len] == '/' || real[w->root_real_len] == '\0');
}

static int add_file(walk *w, const char *path, const char *rel, const struct stat *st)
{
	pkg_tree *t = w->out;
	if (t->count >= TREE_MAX_FILES)
		return samc_error_set(w->err, SAMC_ELIMIT, NULL, 0, 0,
				      "%s: more than %d files to package", w->root, TREE_MAX_FILES);
	if (t->count == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		pkg_file *files = realloc(t->files, cap * sizeof(*files));
		if (!files)
			return SAMC_ENOMEM;
		t->files = files;
		t->cap = cap;
	}
	pkg_file *f = &t->files[t->count];
	f->relpath = samc_strdup(rel);
	f->path = samc_strdup(path);
	f->executable = (st->st_mode & 0111) != 0;
	f->size = (unsigned long long)st->st_size;
	if (!f->relpath || !f->path) {
		free(f->relpath);
		free(f->path);
		return SAMC_ENOMEM;
	}
	t->count++;
	return 0;
}

/* A symlink: resolved, checked against the folder, then walked as what it points to. */
static int resolve_link(walk *w, const char *path, const char *rel, struct stat *st)
{
	char *real = realpath(path, NULL);
	if (!real) { /* a dangling or looping link is the folder's fault, not the machine's */
		int code = errno == ENOENT || errno == ELOOP || errno == ENOTDIR ? SAMC_EINVALID : SAMC_EIO;
		return samc_error_set(w->err, code, NULL, 0, 0,
				      "%s: symbolic link %s cannot be followed: %s", w->root, rel,
				      strerror(errno));
	}
	int rc = 0;
	if (!w->follow_external && !inside_root(w, real))
		rc = samc_error_set(w->err, SAMC_EINVALID, NULL, 0, 0,
				    "%s: symbolic link %s points outside the folder (to %s); it is not "
				    "packaged unless --follow-external-symlinks is given",
				    w->root, rel, real);
	else if (stat(real, st) != 0)
		rc = samc_error_set(w->err, SAMC_EIO, NULL, 0, 0, "%s: %s: %s", w->root, rel,
				    strerror(errno));
	free(real);
	return rc;
}

static int walk_entry(walk *w, const char *path, const char *rel)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return samc_error_set(w->err, SAMC_EIO, NULL, 0, 0, "%s: %s: %s", w->root, rel,
				      strerror(errno));
	if (S_ISLNK(st.st_mode)) {
		int rc = resolve_link(w, path, rel, &st);
		if (rc)
			return rc;
	}
	if (S_ISDIR(st.st_mode)) {
		for (size_t i = 0; i < w->depth; i++)
			if (w->stack[i].dev == st.st_dev && w->stack[i].ino == st.st_ino)
				return samc_error_set(w->err, SAMC_EINVALID, NULL, 0, 0,
						      "%s: %s leads back into one of its parent folders "
						      "(a symbolic link loop)",
						      w->root, rel);
		if (w->depth >= TREE_MAX_DEPTH)
			return samc_error_set(w->err, SAMC_ELIMIT, NULL, 0, 0,
					      "%s: %s is nested more than %d folders deep", w->root,
					      rel, TREE_MAX_DEPTH);
		w->stack[w->depth].dev = st.st_dev;
		w->stack[w->depth].ino = st.st_ino;
		w->depth++;
		int rc = walk_dir(w, path, rel);
		w->depth--;
		return rc;
	}
	if (S_ISREG(st.st_mode))
		return add_file(w, path, rel, &st);
	return samc_error_set(w->err, SAMC_EINVALID, NULL, 0, 0,
			      "%s: %s is neither a file nor a folder (a device, socket or pipe cannot "
			      "be packaged)",
			      w->root, rel);
}

static int walk_dir(walk *w, const char *path, const char *rel)
{
	DIR *d = opendir(path);
	if (!d)
		return samc_error_set(w->err, SAMC_EIO, NULL, 0, 0, "%s: %s: %s", w->root,
				      *rel ? rel : ".", strerror(errno));
	int rc = 0;
	struct dirent *e;
	samc_buf child = SAMC_BUF_INIT, child_rel = SAMC_BUF_INIT;
	while (!rc && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		samc_buf_reset(&child);
		samc_buf_reset(&child_rel);
		samc_buf_printf(&child, "%s/%s", path, e->d_name);
		samc_buf_printf(&child_rel, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
		if (child.oom || child_rel.oom)
			rc = SAMC_ENOMEM;
		else if (w->skip && w->skip(samc_buf_cstr(&child_rel), e->d_name, w->skip_ctx))
			continue;
		else
			rc = walk_entry(w, samc_buf_cstr(&child), samc_buf_cstr(&child_rel));
	}
	closedir(d);
	samc_buf_free(&child);
	samc_buf_free(&child_rel);
	return rc;
}

static int by_relpath(const void *a, const void *b)
{
	return strcmp(((const pkg_file *)a)->relpath, ((const pkg_file *)b)->relpath);
}

int pkg_tree_list(const char *root, bool follow_external, pkg_tree *out, samc_error **err)
{
	return pkg_tree_list_skipping(root, follow_external, NULL, NULL, out, err);
}

int pkg_tree_list_skipping(const char *root, bool follow_external, pkg_tree_skip_fn skip,
			   void *skip_ctx, pkg_tree *out, samc_error **err)
{
	memset(out, 0, sizeof(*out));
	walk w = {.root = root, .follow_external = follow_external, .skip = skip,
		  .skip_ctx = skip_ctx, .out = out, .err = err};
	struct stat st;
	if (stat(root, &st) != 0)
		return samc_error_set(err, SAMC_EIO, NULL, 0, 0, "%s: %s", root, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return samc_error_set(err, SAMC_EINVALID, NULL, 0, 0, "%s is not a folder", root);
	if (!(w.root_real = realpath(root, NULL)))
		return samc_error_set(err, SAMC_EIO, NULL, 0, 0, "%s: %s", root, strerror(errno));
	w.root_real_len = strlen(w.root_real);
	w.stack[0].dev = st.st_dev;
	w.stack[0].ino = st.st_ino;
	w.depth = 1;
	int rc = walk_dir(&w, root, "");
	free(w.root_real);
	if (rc) {
		pkg_tree_free(out);
		return rc;
	}
	if (out->count > 1)
		qsort(out->files, out->count, sizeof(*out->files), by_relpath);
	return 0;
}

void pkg_tree_free(pkg_tree *t)
{
	for (size_t i = 0; i < t->count; i++) {
		free(t->files[i].relpath);
		free(t->files[i].path);
	}
	free(t->files);
	memset(t, 0, sizeof(*t));
}
