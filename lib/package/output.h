/* output.h — writing artifacts into the output folder atomically: a temporary file in the
 * same folder, renamed over the final name only when complete. */
#ifndef SAMC_PACKAGE_OUTPUT_H
#define SAMC_PACKAGE_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "package/tree.h"

/* Creates dir and its missing parents (mode 0777 & ~umask). */
int pkg_make_dirs(const char *dir, samc_error **err);
/* Zips t into final_path through a temporary file. */
int pkg_write_zip(const pkg_tree *t, const char *final_path, samc_error **err);
/* Copies the file src to final_path through a temporary file, in 64 KiB pieces. */
int pkg_write_copy(const char *src, const char *final_path, samc_error **err);
/* Writes len bytes of data to final_path through a temporary file. */
int pkg_write_bytes(const char *data, size_t len, const char *final_path, samc_error **err);
/* True when path exists. */
bool pkg_exists(const char *path);

#endif
