/* zip.h — byte-reproducible zip archives of a file tree, written with libzip: entries in path
 * order, DEFLATE level 6, a fixed 1980-01-01 timestamp, modes 0644/0755, no extra fields. */
#ifndef SAMC_PACKAGE_ZIP_H
#define SAMC_PACKAGE_ZIP_H

#include "package/tree.h"

/* Writes the files of t into a new archive at zip_path (replacing it). The caller makes the
 * path a temporary one and renames it. An empty tree is an error (Lambda rejects it). */
int pkg_zip_tree(const pkg_tree *t, const char *zip_path, samc_error **err);

#endif
