/* files.c — writing a file whole or not at all: a temporary file beside the target, then a
 * rename, so a failed write never leaves half a samconfig behind. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "deploy/deploy_int.h"
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

int samc_write_file_atomic(const char *path, const char *data, size_t len, samc_error **err)
{
	char *tmp = samc_strfmt("%s.tmpXXXXXX", path);
	if (!tmp)
		return SAMC_ENOMEM;
	int fd = mkstemp(tmp);
	int ok = fd >= 0;
	if (ok) {
		mode_t mask = umask(0);
		umask(mask);
		ok = fchmod(fd, 0666 & ~mask) == 0 && write_all(fd, data, len) == 0;
		ok = close(fd) == 0 && ok;
		ok = ok && rename(tmp, path) == 0;
	}
	int saved = errno;
	if (!ok && fd >= 0)
		unlink(tmp);
	free(tmp);
	if (!ok)
		return samc_error_set(err, SAMC_EIO, path, 0, 0, "cannot write %s: %s", path,
				      strerror(saved));
	return SAMC_OK;
}
