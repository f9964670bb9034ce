/* file.c — writing a file whole or not at all: a regular file (or a link to one) is replaced
 * through a temporary file beside it and a rename; devices and pipes are written in place. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "samc/samc.h"
#include "util/buf.h"
#include "util/error.h"

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int io_error(samc_error **err, const char *path, int code)
{
	return samc_error_set(err, SAMC_EIO, path, 0, 0, "cannot write %s: %s", path,
			      strerror(code));
}

/* /dev/stdout, /dev/null, a FIFO: renaming over them would replace the device itself. */
static int write_in_place(const char *path, const char *data, size_t len, samc_error **err)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return io_error(err, path, errno);
	int ok = write_all(fd, data, len) == 0;
	int saved = errno;
	if (close(fd) != 0 && ok) {
		ok = 0;
		saved = errno;
	}
	return ok ? SAMC_OK : io_error(err, path, saved);
}

/* The new file gets the mode of the file it replaces, or what a new file would get. */
static mode_t mode_for(const struct stat *old)
{
	if (old)
		return old->st_mode & 07777;
	mode_t mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

static int replace(const char *target, const struct stat *old, const char *data, size_t len,
		   samc_error **err)
{
	char *tmp = samc_strfmt("%s.tmpXXXXXX", target);
	if (!tmp)
		return SAMC_ENOMEM;
	int fd = mkstemp(tmp);
	int ok = fd >= 0;
	if (ok) {
		ok = fchmod(fd, mode_for(old)) == 0 && write_all(fd, data, len) == 0;
		ok = close(fd) == 0 && ok;
		ok = ok && rename(tmp, target) == 0;
	}
	int saved = errno;
	if (!ok && fd >= 0)
		unlink(tmp);
	free(tmp);
	return ok ? SAMC_OK : io_error(err, target, saved);
}

int samc_write_file(const char *path, const char *data, size_t len, samc_error **err)
{
	if (!path || (!data && len))
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0, "samc_write_file: no path or data");
	struct stat st, link;
	bool exists = stat(path, &st) == 0;
	if (exists && !S_ISREG(st.st_mode))
		return S_ISDIR(st.st_mode) ? io_error(err, path, EISDIR)
					   : write_in_place(path, data, len, err);
	if (exists && lstat(path, &link) == 0 && S_ISLNK(link.st_mode)) {
		char *target = realpath(path, NULL); /* keep the link: replace what it names */
		if (!target)
			return io_error(err, path, errno);
		int rc = replace(target, &st, data, len, err);
		free(target);
		return rc;
	}
	return replace(path, exists ? &st : NULL, data, len, err);
}
