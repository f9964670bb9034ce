/* tree.h — the files of a folder as a package sees them: regular files in byte order of their
 * relative paths, symlinks followed only while they stay inside the folder (unless allowed). */
#ifndef SAMC_PACKAGE_TREE_H
#define SAMC_PACKAGE_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "samc/samc.h"

typedef struct pkg_file {
	char *relpath;   /* "dir/file.py": '/'-separated, relative to the folder */
	char *path;      /* a path to open it by */
	bool executable; /* any execute bit set on the target */
	unsigned long long size;
} pkg_file;

typedef struct pkg_tree {
	pkg_file *files;
	size_t count, cap;
} pkg_tree;

/* Lists the regular files below root (following symlinks, which must resolve inside root
 * unless follow_external is set; a symlink loop or a dangling link is an error). On error
 * returns SAMC_EIO / SAMC_EINVALID / SAMC_ELIMIT with *err naming the path. */
int pkg_tree_list(const char *root, bool follow_external, pkg_tree *out, samc_error **err);
/* The same, leaving out every entry (file or folder, with all below it) for which skip returns
 * true; skip sees the entry's relative path and its last component. */
typedef bool (*pkg_tree_skip_fn)(const char *relpath, const char *name, void *ctx);
int pkg_tree_list_skipping(const char *root, bool follow_external, pkg_tree_skip_fn skip,
			   void *skip_ctx, pkg_tree *out, samc_error **err);
void pkg_tree_free(pkg_tree *t);

#endif
