/* output.c — atomic writes of artifacts: every file is made under a temporary name in its
 * final folder and renamed into place, so an interrupted run leaves no partial artifact. */
#define _GNU_SOURCE /* mkstemp */
#include "package/output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "package/zip.h"
#include "util/buf.h"
#include "util/error.h"

int pkg_make_dirs(const char *dir, samc_error **err)
{
	char *path = samc_strdup(dir);
	if (!path)
		return SAMC_ENOMEM;
	int rc = 0;
	for (char *p = path + 1; !rc; p++) {
		bool end = *p == '\0';
		if (*p != '/' && !end)
			continue;
		*p = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST)
			rc = samc_error_set(err, SAMC_EIO, NULL, 0, 0, "cannot create folder %s: %s",
					    path, strerror(errno));
		if (end)
			break;
		*p = '/';
	}
	free(path);
	return rc;
}

bool pkg_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* A new empty temporary file beside final_path; its name in *tmp (malloc'd). */
static int make_temp(const char *final_path, char **tmp, samc_error **err)
{
	*tmp = samc_strfmt("%s.tmp-XXXXXX", final_path);
	if (!*tmp)
		return SAMC_ENOMEM;
	int fd = mkstemp(*tmp);
	if (fd < 0) {
		int rc = samc_error_set(err, SAMC_EIO, NULL, 0, 0, "cannot create %s: %s", *tmp,
					strerror(errno));
		free(*tmp);
		*tmp = NULL;
		return rc;
	}
	close(fd);
	return 0;
}

/* Renames tmp over final_path when rc is 0, removes it otherwise; frees tmp. */
static int finish_temp(char *tmp, const char *final_path, int rc, samc_error **err)
{
	if (!rc && chmod(tmp, 0644) != 0)
		rc = samc_error_set(err, SAMC_EIO, NULL, 0, 0, "%s: %s", tmp, strerror(errno));
	if (!rc && rename(tmp, final_path) != 0)
		rc = samc_error_set(err, SAMC_EIO, NULL, 0, 0, "cannot write %s: %s", final_path,
				    strerror(errno));
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc;
}

int pkg_write_zip(const pkg_tree *t, const char *final_path, samc_error **err)
{
	char *tmp;
	int rc = make_temp(final_path, &tmp, err);
	if (rc)
		return rc;
	rc = pkg_zip_tree(t, tmp, err);
	return finish_temp(tmp, final_path, rc, err);
}

static int write_all(FILE *f, const char *data, size_t len)
{
	return fwrite(data, 1, len, f) == len ? 0 : -1;
}

int pkg_write_bytes(const char *data, size_t len, const char *final_path, samc_error **err)
{
	char *tmp;
	int rc = make_temp(final_path, &tmp, err);
	if (rc)
		return rc;
	FILE *f = fopen(tmp, "wb");
	bool ok = f != NULL;
	if (f) {
		ok = write_all(f, data, len) == 0;
		if (fclose(f) != 0)
			ok = false;
	}
	if (!ok)
		rc = samc_error_set(err, SAMC_EIO, NULL, 0, 0, "cannot write %s: %s", final_path,
				    strerror(errno));
	return finish_temp(tmp, final_path, rc, err);
}

/* Copies in from its current position to out in 64 KiB pieces; 0, or SAMC_EIO naming the side
 * that failed. */
static int copy_stream(FILE *in, const char *src, FILE *out, const char *final_path, samc_error **err)
{
	char chunk[1 << 16];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		if (write_all(out, chunk, n) != 0)
			return samc_error_set(err, SAMC_EIO, NULL, 0, 0, "cannot write %s: %s", final_path,
					      strerror(errno));
	return ferror(in) ? samc_error_set(err, SAMC_EIO, NULL, 0, 0, "%s: read error", src) : 0;
}

/* The copy streams through the temporary file: an artifact of any size takes 64 KiB of memory. */
int pkg_write_copy(const char *src, const char *final_path, samc_error **err)
{
	FILE *in = fopen(src, "rb");
	if (!in)
		return samc_error_set(err, SAMC_EIO, NULL, 0, 0, "%s: %s", src, strerror(errno));
	char *tmp;
	int rc = make_temp(final_path, &tmp, err);
	if (rc) {
		fclose(in);
		return rc;
	}
	FILE *out = fopen(tmp, "wb");
	if (!out)
		rc = samc_error_set(err, SAMC_EIO, NULL, 0, 0, "cannot write %s: %s", tmp, strerror(errno));
	else
		rc = copy_stream(in, src, out, final_path, err);
	if (out && fclose(out) != 0 && !rc)
		rc = samc_error_set(err, SAMC_EIO, NULL, 0, 0, "cannot write %s: %s", final_path,
				    strerror(errno));
	fclose(in);
	return finish_temp(tmp, final_path, rc, err);
}
