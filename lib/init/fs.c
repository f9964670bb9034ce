/* fs.c — file-system utilities for samc init: paths, temporary folders, reading files,
 * removing trees without following symlinks, and the notice list. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init/init_int.h"
#include "util/buf.h"
#include "util/error.h"

int init_note(init_notes *n, const char *fmt, ...)
{
	samc_buf b = SAMC_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	samc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	char *s = samc_buf_detach(&b);
	char **items = s ? realloc(n->items, (n->count + 1) * sizeof(*items)) : NULL;
	if (!items) {
		free(s);
		return SAMC_ENOMEM;
	}
	n->items = items;
	n->items[n->count++] = s;
	return 0;
}

void init_notes_free(init_notes *n)
{
	for (size_t i = 0; i < n->count; i++)
		free(n->items[i]);
	free(n->items);
	n->items = NULL;
	n->count = 0;
}

char *init_path_join(const char *a, const char *b)
{
	size_t la = strlen(a);
	return samc_strfmt("%s%s%s", a, la && a[la - 1] == '/' ? "" : "/", b);
}

bool init_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool init_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return (flag == FTW_DP ? rmdir(path) : unlink(path)) == 0 || errno == ENOENT ? 0 : -1;
}

int init_remove_tree(const char *path)
{
	if (!init_exists(path))
		return 0;
	return nftw(path, remove_entry, 32, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : SAMC_EIO;
}

int init_temp_dir(const char *parent, const char *prefix, char **out, samc_error **err)
{
	*out = samc_strfmt("%s/.%sXXXXXX", parent, prefix);
	if (!*out)
		return samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	if (!mkdtemp(*out)) {
		int e = errno;
		free(*out);
		*out = NULL;
		return samc_error_set(err, SAMC_EIO, parent, 0, 0,
				      "cannot create a temporary folder in %s: %s", parent, strerror(e));
	}
	return 0;
}

int init_read_file(const char *path, size_t max, char **data, size_t *len, samc_error **err)
{
	*data = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return samc_error_set(err, SAMC_EIO, path, 0, 0, "cannot read %s: %s", path, strerror(e));
	}
	if ((unsigned long long)st.st_size > max) {
		close(fd);
		return samc_error_set(err, SAMC_ELIMIT, path, 0, 0, "%s is larger than %zu bytes", path,
				      max);
	}
	size_t n = (size_t)st.st_size, got = 0;
	char *buf = malloc(n + 1);
	while (buf && got < n) {
		ssize_t r = read(fd, buf + got, n - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (!buf)
		return samc_error_set(err, SAMC_ENOMEM, path, 0, 0, "out of memory");
	buf[got] = '\0';
	*data = buf;
	if (len)
		*len = got;
	return 0;
}

bool init_resolves_inside(const char *path, const char *base)
{
	char *p = realpath(path, NULL), *b = realpath(base, NULL);
	size_t n = b ? strlen(b) : 0;
	bool inside = p && b &&
		      (strcmp(b, "/") == 0 || (strncmp(p, b, n) == 0 && (p[n] == '/' || p[n] == '\0')));
	free(p);
	free(b);
	return inside;
}

bool init_safe_relpath(const char *p)
{
	if (!*p || *p == '/')
		return false;
	for (const char *s = p; *s;) {
		const char *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			return false;
		s += n + (e ? 1 : 0);
		if (e && !*s)
			return false;
	}
	return true;
}
