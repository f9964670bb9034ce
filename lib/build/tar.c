/* tar.c — unpacking a gzip-compressed tar archive (what npm pack writes) into a folder: zlib for
 * the gzip layer, ustar, pax and GNU long-name headers read here; nothing may leave the folder. */
#define _GNU_SOURCE /* O_NOFOLLOW */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "build/build_int.h"
#include "package/output.h"
#include "util/error.h"

#define TAR_BLOCK 512
#define TAR_MAX_TOTAL (1ull << 30)   /* bytes unpacked, all files together */
#define TAR_MAX_ENTRIES 200000
#define TAR_MAX_META (1u << 20)      /* a pax or GNU long-name record */
#define TAR_MAX_NAME 4096

typedef struct tar_reader {
	gzFile gz;
	const char *archive;
	const char *dest;
	char *next_path;           /* from a pax 'path' or GNU 'L' record: the next entry's name */
	char *next_link;           /* from a pax 'linkpath' or GNU 'K' record */
	long long next_size;       /* from a pax 'size' record, or -1 */
	unsigned long long total;  /* bytes of file data unpacked so far */
	size_t entries;
	samc_error **err;
} tar_reader;

typedef struct tar_entry {
	char type;
	unsigned long long size;
	bool executable;
	char *name;     /* normalized relative path (malloc'd) */
	char *link;     /* raw link target (malloc'd) or NULL */
} tar_entry;

static int fail(tar_reader *r, const char *what, const char *name)
{
	return samc_error_set(r->err, SAMC_EINVALID, NULL, 0, 0, "%s: %s%s%s%s", r->archive,
			      name ? "entry '" : "", name ? name : "", name ? "' " : "", what);
}

/* ---- reading ---- */

/* Exactly len bytes, or an error (a short read is a truncated archive). */
static int read_exact(tar_reader *r, void *buf, size_t len)
{
	int n = gzread(r->gz, buf, (unsigned)len);
	if (n == (int)len)
		return 0;
	int zerr = Z_OK;
	const char *msg = gzerror(r->gz, &zerr);
	if (n < 0 || zerr != Z_OK)
		return samc_error_set(r->err, SAMC_EINVALID, NULL, 0, 0, "%s: not a readable gzip "
									 "archive (%s)",
				      r->archive, msg && *msg ? msg : "read error");
	return fail(r, "is truncated", NULL);
}

/* Reads (into out, when non-NULL) or skips size bytes and the padding after them. */
static int read_data(tar_reader *r, unsigned long long size, int out_fd, const char *name)
{
	char chunk[1 << 15];
	unsigned long long padded = (size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
	for (unsigned long long done = 0; done < padded;) {
		size_t n = padded - done < sizeof(chunk) ? (size_t)(padded - done) : sizeof(chunk);
		int rc = read_exact(r, chunk, n);
		if (rc)
			return rc;
		size_t useful = done >= size ? 0 : size - done < n ? (size_t)(size - done) : n;
		for (size_t off = 0; out_fd >= 0 && off < useful;) {
			ssize_t w = write(out_fd, chunk + off, useful - off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				return samc_error_set(r->err, SAMC_EIO, NULL, 0, 0, "cannot write %s/%s: %s",
						      r->dest, name, strerror(errno));
			off += (size_t)w;
		}
		done += n;
	}
	return 0;
}

/* A NUL- or space-terminated octal field; false when it is not one. */
static bool parse_octal(const unsigned char *field, size_t len, unsigned long long *out)
{
	size_t i = 0;
	unsigned long long v = 0;
	while (i < len && field[i] == ' ')
		i++;
	size_t start = i;
	for (; i < len && field[i] >= '0' && field[i] <= '7'; i++) {
		if (v >> 60)
			return false;
		v = v * 8 + (unsigned)(field[i] - '0');
	}
	if (i < len && field[i] != '\0' && field[i] != ' ')
		return false;
	*out = v;
	return i > start || start == len;
}

static bool checksum_ok(const unsigned char *h)
{
	unsigned long long want = 0, sum = 0;
	if (!parse_octal(h + 148, 8, &want))
		return false;
	for (size_t i = 0; i < TAR_BLOCK; i++)
		sum += i >= 148 && i < 156 ? ' ' : h[i];
	return sum == want;
}

static bool all_zero(const unsigned char *h)
{
	for (size_t i = 0; i < TAR_BLOCK; i++)
		if (h[i])
			return false;
	return true;
}

/* ---- names ---- */

/* "./a//b/" -> "a/b"; NULL (and *why) for an absolute name or one with a ".." part. An empty
 * result is the archive's root. */
static char *normalize_name(const char *raw, const char **why)
{
	*why = NULL;
	if (raw[0] == '/') {
		*why = "has an absolute name (refused: entries must stay inside the folder)";
		return NULL;
	}
	samc_buf out = SAMC_BUF_INIT;
	samc_buf_put(&out, "", 0);
	for (const char *p = raw; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			*why = "has a '..' part (refused: entries must stay inside the folder)";
			samc_buf_free(&out);
			return NULL;
		}
		if (n && !(n == 1 && p[0] == '.'))
			samc_buf_printf(&out, "%s%.*s", out.len ? "/" : "", (int)n, p);
		p += n + (p[n] == '/');
	}
	char *s = samc_buf_cstr(&out) ? samc_strdup(samc_buf_cstr(&out)) : NULL;
	samc_buf_free(&out);
	return s;
}

/* A symlink target stays inside: relative, and never above the root counted from the link's
 * folder. */
static bool link_stays_inside(const char *name, const char *target)
{
	if (!*target || target[0] == '/')
		return false;
	long depth = 0;
	for (const char *p = name; (p = strchr(p, '/')); p++)
		depth++;
	for (const char *p = target; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			depth--;
		else if (n && !(n == 1 && p[0] == '.'))
			depth++;
		if (depth < 0)
			return false;
		p += n + (p[n] == '/');
	}
	return true;
}

/* ---- writing ---- */

/* Creates the folders above name below dest; a part that exists as anything but a real folder
 * (a link unpacked earlier, a file) is refused, so nothing is written through a link. */
static int make_parents(tar_reader *r, const char *name, bool including_last)
{
	samc_buf path = SAMC_BUF_INIT;
	samc_buf_printf(&path, "%s/", r->dest);
	int rc = 0;
	for (const char *p = name; !rc && *p;) {
		size_t n = strcspn(p, "/");
		bool last = p[n] == '\0';
		if (last && !including_last)
			break;
		samc_buf_put(&path, p, n);
		const char *dir = samc_buf_cstr(&path);
		struct stat st;
		if (!dir)
			rc = SAMC_ENOMEM;
		else if (lstat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
			rc = fail(r, "lies below a link or a file of the archive (refused)", name);
		else if (mkdir(dir, 0755) != 0 && errno != EEXIST)
			rc = samc_error_set(r->err, SAMC_EIO, NULL, 0, 0, "cannot create %s: %s", dir,
					    strerror(errno));
		samc_buf_put(&path, "/", 1);
		p += n + (p[n] == '/');
	}
	samc_buf_free(&path);
	return rc;
}

/* The entry's path below dest with whatever an earlier entry of that name left removed. */
static char *fresh_target(tar_reader *r, const char *name, int *rc)
{
	char *path = samc_strfmt("%s/%s", r->dest, name);
	struct stat st;
	*rc = path ? 0 : SAMC_ENOMEM;
	if (!*rc && lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
		*rc = fail(r, "would replace a folder (refused)", name);
	else if (!*rc && unlink(path) != 0 && errno != ENOENT)
		*rc = samc_error_set(r->err, SAMC_EIO, NULL, 0, 0, "cannot replace %s: %s", path,
				     strerror(errno));
	if (*rc) {
		free(path);
		return NULL;
	}
	return path;
}

static int write_file(tar_reader *r, const tar_entry *e)
{
	int rc = make_parents(r, e->name, false);
	char *path = rc ? NULL : fresh_target(r, e->name, &rc);
	if (rc)
		return rc;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		      e->executable ? 0755 : 0644);
	if (fd < 0)
		rc = samc_error_set(r->err, SAMC_EIO, NULL, 0, 0, "cannot create %s: %s", path,
				    strerror(errno));
	if (!rc)
		rc = read_data(r, e->size, fd, e->name);
	if (fd >= 0 && close(fd) != 0 && !rc)
		rc = samc_error_set(r->err, SAMC_EIO, NULL, 0, 0, "cannot write %s: %s", path,
				    strerror(errno));
	free(path);
	return rc;
}

static int write_symlink(tar_reader *r, const tar_entry *e)
{
	if (!link_stays_inside(e->name, e->link))
		return fail(r, "is a link that leads outside the folder (refused)", e->name);
	int rc = make_parents(r, e->name, false);
	char *path = rc ? NULL : fresh_target(r, e->name, &rc);
	if (!rc && symlink(e->link, path) != 0)
		rc = samc_error_set(r->err, SAMC_EIO, NULL, 0, 0, "cannot create the link %s: %s", path,
				    strerror(errno));
	free(path);
	return rc;
}

/* A hard link names an earlier regular file of the archive (checked like every name). */
static int write_hardlink(tar_reader *r, const tar_entry *e)
{
	const char *why = NULL;
	char *target = normalize_name(e->link, &why);
	if (!target)
		return why ? fail(r, "is a hard link to a name outside the folder (refused)", e->name)
			   : SAMC_ENOMEM;
	char *from = samc_strfmt("%s/%s", r->dest, target);
	struct stat st;
	/* make_parents refuses a target reached through a link unpacked earlier */
	int rc = from ? make_parents(r, target, false) : SAMC_ENOMEM;
	if (!rc && (lstat(from, &st) != 0 || !S_ISREG(st.st_mode)))
		rc = fail(r, "is a hard link to something that is not a file unpacked before it",
			  e->name);
	if (!rc)
		rc = make_parents(r, e->name, false);
	char *path = rc ? NULL : fresh_target(r, e->name, &rc);
	if (!rc && link(from, path) != 0)
		rc = samc_error_set(r->err, SAMC_EIO, NULL, 0, 0, "cannot link %s: %s", path,
				    strerror(errno));
	free(path);
	free(from);
	free(target);
	return rc;
}

/* ---- pax and GNU records ---- */

static int read_meta(tar_reader *r, unsigned long long size, char **out)
{
	if (size > TAR_MAX_META)
		return fail(r, "has an extended header larger than 1 MiB (refused)", NULL);
	size_t padded = ((size_t)size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
	char *buf = malloc(padded + 1);
	if (!buf)
		return SAMC_ENOMEM;
	int rc = read_exact(r, buf, padded);
	if (rc) {
		free(buf);
		return rc;
	}
	buf[size] = '\0';
	*out = buf;
	return 0;
}

static int set_string(char **slot, const char *value, size_t len)
{
	free(*slot);
	*slot = samc_strfmt("%.*s", (int)len, value);
	return *slot ? 0 : SAMC_ENOMEM;
}

/* "LEN key=value\n" records: path, linkpath and size are used, the rest ignored. */
static int apply_pax(tar_reader *r, const char *text, size_t len)
{
	size_t pos = 0;
	while (pos < len) {
		char *end = NULL;
		unsigned long rec = strtoul(text + pos, &end, 10);
		const char *key = end && *end == ' ' ? end + 1 : NULL;
		const char *eq = key ? memchr(key, '=', len - (size_t)(key - text)) : NULL;
		if (!key || rec == 0 || rec > len - pos || !eq || eq >= text + pos + rec ||
		    text[pos + rec - 1] != '\n')
			return fail(r, "has a malformed pax header", NULL);
		const char *value = eq + 1;
		size_t vlen = (size_t)(text + pos + rec - 1 - value);
		int rc = 0;
		if (eq - key == 4 && strncmp(key, "path", 4) == 0)
			rc = set_string(&r->next_path, value, vlen);
		else if (eq - key == 8 && strncmp(key, "linkpath", 8) == 0)
			rc = set_string(&r->next_link, value, vlen);
		else if (eq - key == 4 && strncmp(key, "size", 4) == 0)
			r->next_size = strtoll(value, NULL, 10);
		if (rc)
			return rc;
		pos += rec;
	}
	return 0;
}

static int read_extension(tar_reader *r, char type, unsigned long long size)
{
	char *text = NULL;
	int rc = read_meta(r, size, &text);
	if (rc)
		return rc;
	if (type == 'x')
		rc = apply_pax(r, text, (size_t)size);
	else if (type == 'L')
		rc = set_string(&r->next_path, text, strnlen(text, (size_t)size));
	else if (type == 'K')
		rc = set_string(&r->next_link, text, strnlen(text, (size_t)size));
	free(text); /* 'g' (global pax) records change nothing we use */
	return rc;
}

/* ---- entries ---- */

static char *header_name(tar_reader *r, const unsigned char *h)
{
	if (r->next_path) {
		char *s = r->next_path;
		r->next_path = NULL;
		return s;
	}
	bool ustar = memcmp(h + 257, "ustar\0", 6) == 0; /* POSIX: GNU has no prefix */
	if (ustar && h[345])
		return samc_strfmt("%.155s/%.100s", (const char *)h + 345, (const char *)h);
	return samc_strfmt("%.100s", (const char *)h);
}

static char *header_link(tar_reader *r, const unsigned char *h)
{
	if (r->next_link) {
		char *s = r->next_link;
		r->next_link = NULL;
		return s;
	}
	return samc_strfmt("%.100s", (const char *)h + 157);
}

/* Fills e from a header; e->name is NULL for the archive's root folder. */
static int parse_header(tar_reader *r, const unsigned char *h, tar_entry *e)
{
	unsigned long long mode = 0;
	if (!checksum_ok(h))
		return fail(r, "has a damaged header (checksum mismatch): not a tar archive?", NULL);
	if (!parse_octal(h + 124, 12, &e->size))
		return fail(r, "has an entry size samc cannot read", NULL);
	parse_octal(h + 100, 8, &mode);
	e->type = (char)h[156];
	e->executable = (mode & 0111) != 0;
	if (r->next_size >= 0)
		e->size = (unsigned long long)r->next_size;
	r->next_size = -1;
	char *raw = header_name(r, h);
	e->link = header_link(r, h);
	if (!raw || !e->link) {
		free(raw);
		return SAMC_ENOMEM;
	}
	const char *why = NULL;
	int rc = strlen(raw) > TAR_MAX_NAME ? fail(r, "has a name longer than 4096 bytes", NULL) : 0;
	if (!rc && !(e->name = normalize_name(raw, &why)))
		rc = why ? fail(r, why, raw) : SAMC_ENOMEM;
	free(raw);
	return rc;
}

static int unpack_entry(tar_reader *r, const tar_entry *e)
{
	if (++r->entries > TAR_MAX_ENTRIES)
		return fail(r, "has more than 200000 entries (refused)", NULL);
	bool is_file = e->type == '0' || e->type == '\0' || e->type == '7';
	if (is_file && (r->total += e->size) > TAR_MAX_TOTAL)
		return fail(r, "unpacks to more than 1 GiB (refused)", NULL);
	if (is_file)
		return *e->name ? write_file(r, e) : fail(r, "is a file without a name", NULL);
	int rc = 0;
	if (e->type == '5')
		rc = *e->name ? make_parents(r, e->name, true) : 0;
	else if ((e->type == '1' || e->type == '2') && !*e->name)
		rc = fail(r, "is a link without a name", NULL);
	else if (e->type == '2')
		rc = write_symlink(r, e);
	else if (e->type == '1')
		rc = write_hardlink(r, e);
	else
		rc = fail(r, "is a device, fifo or unknown kind of entry (only files, folders and "
			     "links are unpacked)",
			  e->name);
	return rc ? rc : read_data(r, e->size, -1, NULL);
}

static bool is_extension(char type)
{
	return type == 'x' || type == 'g' || type == 'L' || type == 'K';
}

static int unpack_all(tar_reader *r)
{
	unsigned char h[TAR_BLOCK];
	for (;;) {
		int n = gzread(r->gz, h, TAR_BLOCK);
		if (n == 0)
			return 0; /* the end blocks are optional */
		if (n != TAR_BLOCK)
			return n < 0 ? read_exact(r, h, TAR_BLOCK) : fail(r, "is truncated", NULL);
		if (all_zero(h))
			return 0;
		tar_entry e = {0};
		int rc = 0;
		if (is_extension((char)h[156])) {
			unsigned long long size = 0;
			rc = checksum_ok(h) && parse_octal(h + 124, 12, &size)
				     ? read_extension(r, (char)h[156], size)
				     : fail(r, "has a damaged header (checksum mismatch): not a tar "
					       "archive?",
					    NULL);
		} else {
			rc = parse_header(r, h, &e);
			if (!rc)
				rc = unpack_entry(r, &e);
		}
		free(e.name);
		free(e.link);
		if (rc)
			return rc;
	}
}

int bld_untar_gz(const char *archive, const char *dest, samc_error **err)
{
	int fd = open(archive, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return samc_error_set(err, SAMC_EIO, NULL, 0, 0, "%s: %s", archive, strerror(errno));
	tar_reader r = {.archive = archive, .dest = dest, .next_size = -1, .err = err};
	r.gz = gzdopen(fd, "rb");
	if (!r.gz) {
		close(fd);
		return SAMC_ENOMEM;
	}
	int rc = pkg_make_dirs(dest, err);
	if (!rc)
		rc = unpack_all(&r);
	gzclose(r.gz);
	free(r.next_path);
	free(r.next_link);
	return rc;
}
