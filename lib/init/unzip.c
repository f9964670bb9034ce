/* unzip.c — extracting a template zip with libzip: every entry name is checked (no absolute
 * paths, no "..", no symlinks, no repeats, no over-long names), and the total size and entry
 * count are bounded. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "init/init_int.h"
#include "util/error.h"
#include "util/strmap.h"

#define MAX_ENTRIES 100000

static int make_parents(const char *dest, const char *rel)
{
	char *path = init_path_join(dest, rel);
	if (!path)
		return SAMC_ENOMEM;
	for (char *s = path + strlen(dest) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST) {
			free(path);
			return SAMC_EIO;
		}
		*s = '/';
	}
	free(path);
	return 0;
}

/* The entry's Unix mode when the zip was made on Unix, else 0. */
static unsigned entry_mode(zip_t *z, zip_uint64_t i)
{
	zip_uint8_t os;
	zip_uint32_t attr;
	if (zip_file_get_external_attributes(z, i, 0, &os, &attr) != 0 || os != ZIP_OPSYS_UNIX)
		return 0;
	return attr >> 16;
}

static int extract_entry(zip_t *z, zip_uint64_t i, const char *name, const char *dest,
			 const char *zip_path, samc_error **err)
{
	size_t n = strlen(name);
	bool is_dir = n && name[n - 1] == '/';
	char *rel = strndup(name, is_dir ? n - 1 : n);
	char *path = rel ? init_path_join(dest, rel) : NULL;
	int rc = path ? make_parents(dest, rel) : SAMC_ENOMEM;
	if (!rc && is_dir) {
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			rc = SAMC_EIO;
	} else if (!rc) {
		zip_file_t *zf = zip_fopen_index(z, i, 0);
		int fd = zf ? open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
				   (entry_mode(z, i) & 0111) ? 0755 : 0644)
			    : -1;
		char buf[65536];
		zip_int64_t got;
		while (fd >= 0 && zf && (got = zip_fread(zf, buf, sizeof(buf))) > 0)
			if (write(fd, buf, (size_t)got) != got) {
				rc = SAMC_EIO;
				break;
			}
		if (fd < 0 || (zf && got < 0))
			rc = SAMC_EIO;
		if (fd >= 0 && close(fd) != 0)
			rc = SAMC_EIO;
		if (zf)
			zip_fclose(zf);
	}
	if (rc == SAMC_EIO)
		samc_error_set(err, rc, zip_path, 0, 0, "%s: cannot extract '%s': %s", zip_path, name,
			       errno ? strerror(errno) : "read error");
	else if (rc)
		samc_error_set(err, rc, zip_path, 0, 0, "out of memory");
	free(rel);
	free(path);
	return rc;
}

/* Whether a path (or one of its components) is longer than the file system takes. */
static bool too_long(const char *rel)
{
	if (strlen(rel) >= PATH_MAX / 2) /* joined to the target folder later */
		return true;
	for (const char *p = rel; *p;) {
		size_t part = strcspn(p, "/");
		if (part > NAME_MAX)
			return true;
		p += part + (p[part] == '/');
	}
	return false;
}

static int check_entry(zip_t *z, zip_uint64_t i, const char *name, const char *zip_path,
		       samc_strmap *seen, samc_error **err)
{
	size_t n = strlen(name);
	char *rel = strndup(name, n && name[n - 1] == '/' ? n - 1 : n);
	bool ok = rel && init_safe_relpath(rel) && !strchr(rel, '\\');
	bool long_name = ok && too_long(rel);
	bool repeated = ok && !long_name && samc_strmap_get(seen, rel);
	bool nomem = ok && !long_name && !repeated && samc_strmap_put(seen, rel, seen) != 0;
	free(rel);
	if (nomem)
		return samc_error_set(err, SAMC_ENOMEM, zip_path, 0, 0, "out of memory");
	if (long_name)
		return samc_error_set(err, SAMC_EINVALID, zip_path, 0, 0,
				      "%s: entry '%.80s...' has a name longer than the file system takes "
				      "(%d bytes a component)",
				      zip_path, name, NAME_MAX);
	if (repeated)
		return samc_error_set(err, SAMC_EINVALID, zip_path, 0, 0,
				      "%s: entry '%s' appears more than once", zip_path, name);
	if (!ok)
		return samc_error_set(err, SAMC_EINVALID, zip_path, 0, 0,
				      "%s: entry '%s' would be written outside the target folder "
				      "(absolute path, '..' or an empty name)",
				      zip_path, name);
	if (S_ISLNK(entry_mode(z, i)))
		return samc_error_set(err, SAMC_EINVALID, zip_path, 0, 0,
				      "%s: entry '%s' is a symbolic link, which template zips may "
				      "not contain",
				      zip_path, name);
	return 0;
}

int init_unzip(const char *file, const char *shown_as, const char *dest, size_t max_bytes,
	       samc_error **err)
{
	const char *zip_path = shown_as ? shown_as : file; /* the name messages use */
	int zerr = 0;
	zip_t *z = zip_open(file, ZIP_RDONLY, &zerr);
	if (!z) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		samc_error_set(err, zerr == ZIP_ER_NOZIP || zerr == ZIP_ER_INCONS ? SAMC_EINVALID : SAMC_EIO,
			       zip_path, 0, 0, "%s: cannot open the zip: %s", zip_path,
			       zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return zerr == ZIP_ER_NOZIP || zerr == ZIP_ER_INCONS ? SAMC_EINVALID : SAMC_EIO;
	}
	zip_int64_t count = zip_get_num_entries(z, 0);
	int rc = 0;
	if (count > MAX_ENTRIES)
		rc = samc_error_set(err, SAMC_ELIMIT, zip_path, 0, 0, "%s: more than %d entries",
				    zip_path, MAX_ENTRIES);
	unsigned long long total = 0;
	samc_strmap seen = {0}; /* entry names (without a trailing '/') */
	for (zip_int64_t i = 0; !rc && i < count; i++) { /* check everything before writing */
		zip_stat_t st;
		if (zip_stat_index(z, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME))
			rc = samc_error_set(err, SAMC_EINVALID, zip_path, 0, 0, "%s: unreadable entry %lld",
					    zip_path, (long long)i);
		else
			rc = check_entry(z, (zip_uint64_t)i, st.name, zip_path, &seen, err);
		total += (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
		if (!rc && total > max_bytes)
			rc = samc_error_set(err, SAMC_ELIMIT, zip_path, 0, 0,
					    "%s: expands to more than %zu bytes", zip_path, max_bytes);
	}
	samc_strmap_free(&seen);
	for (zip_int64_t i = 0; !rc && i < count; i++)
		rc = extract_entry(z, (zip_uint64_t)i, zip_get_name(z, (zip_uint64_t)i, 0), dest,
				   zip_path, err);
	zip_discard(z);
	return rc;
}
