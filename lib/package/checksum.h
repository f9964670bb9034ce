/* checksum.h — the content-addressed keys of packaged artifacts, computed as SAM CLI computes
 * them: MD5 of a file's bytes, or of a folder's sorted paths and their files' MD5s. */
#ifndef SAMC_PACKAGE_CHECKSUM_H
#define SAMC_PACKAGE_CHECKSUM_H

#include "package/tree.h"

/* hex receives 32 lowercase hex digits and a NUL. Return 0 or SAMC_EIO (with *err). */
int pkg_file_md5(const char *path, char hex[33], samc_error **err);
/* MD5 of len bytes of data. */
int pkg_bytes_md5(const char *data, size_t len, char hex[33]);
/* For each file of t in order: its relative path, then the hex MD5 of its bytes. */
int pkg_tree_md5(const pkg_tree *t, char hex[33], samc_error **err);

#endif
