/* zip.c — pkg_zip_tree: a reproducible archive through libzip. Everything that could vary
 * between machines or runs (order, time, owner, mode bits, extra fields) is fixed; the data
 * comes already deflated from deflate_pool.c, so compression runs on every core. */
#include "package/zip.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "package/deflate_pool.h"
#include "util/error.h"

#define DOS_DATE_1980_01_01 ((0 << 9) | (1 << 5) | 1)
#define DOS_TIME_MIDNIGHT 0
#define UNIX_REGULAR_FILE 0100000u /* S_IFREG in the archive's Unix mode */

/* One entry's data: a libzip source that hands over file `index` of the pool, compressed. */
typedef struct entry_source {
	deflate_pool *pool;
	size_t index;
	samc_error **err;
	deflated data;
	size_t offset;
	bool ready;
	zip_error_t error;
} entry_source;

static zip_int64_t fail(entry_source *s, int zip_code)
{
	zip_error_set(&s->error, zip_code, 0);
	return -1;
}

static int fetch(entry_source *s)
{
	if (s->ready)
		return 0;
	if (deflate_pool_get(s->pool, s->index, &s->data, s->err) != 0)
		return -1;
	s->ready = true;
	return 0;
}

static zip_int64_t fill_stat(entry_source *s, void *data, zip_uint64_t len)
{
	if (len < sizeof(zip_stat_t) || fetch(s) != 0)
		return fail(s, ZIP_ER_READ);
	zip_stat_t *st = data;
	zip_stat_init(st);
	st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC;
	st->size = s->data.size;
	st->comp_size = s->data.comp_size;
	st->comp_method = ZIP_CM_DEFLATE;
	st->crc = s->data.crc;
	return sizeof(zip_stat_t);
}

static zip_int64_t read_data(entry_source *s, void *data, zip_uint64_t len)
{
	size_t left = s->data.comp_size - s->offset;
	size_t n = len < left ? (size_t)len : left;
	memcpy(data, s->data.data + s->offset, n);
	s->offset += n;
	return (zip_int64_t)n;
}

static zip_int64_t entry_callback(void *userdata, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	entry_source *s = userdata;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		s->offset = 0;
		return fetch(s) == 0 ? 0 : fail(s, ZIP_ER_READ);
	case ZIP_SOURCE_READ:
		return read_data(s, data, len);
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT:
		return fill_stat(s, data, len);
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&s->error, data, len);
	case ZIP_SOURCE_FREE:
		if (s->ready)
			deflate_pool_release(s->pool, s->index);
		zip_error_fini(&s->error);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
						      ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		return fail(s, ZIP_ER_OPNOTSUPP);
	}
}

static int add_entry(zip_t *za, const pkg_file *f, entry_source *s)
{
	zip_source_t *src = zip_source_function(za, entry_callback, s);
	if (!src)
		return -1;
	zip_int64_t idx = zip_file_add(za, f->relpath, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
	if (idx < 0) {
		zip_source_free(src);
		return -1;
	}
	zip_uint32_t mode = UNIX_REGULAR_FILE | (f->executable ? 0755u : 0644u);
	zip_uint64_t i = (zip_uint64_t)idx;
	if (zip_file_set_dostime(za, i, DOS_TIME_MIDNIGHT, DOS_DATE_1980_01_01, 0) != 0 ||
	    zip_file_set_external_attributes(za, i, 0, ZIP_OPSYS_UNIX, mode << 16) != 0)
		return -1;
	return 0;
}

static int zip_failure(samc_error **err, const char *zip_path, zip_t *za, const char *what)
{
	if (!err || !*err)
		samc_error_set(err, SAMC_EIO, NULL, 0, 0, "%s: %s: %s", zip_path, what,
			       za ? zip_strerror(za) : "cannot create the archive");
	if (za)
		zip_discard(za);
	return SAMC_EIO;
}

static int write_archive(const pkg_tree *t, const char *zip_path, deflate_pool *pool,
			 entry_source *sources, samc_error **err)
{
	int zerr = 0;
	zip_t *za = zip_open(zip_path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	if (!za)
		return zip_failure(err, zip_path, NULL, "open");
	for (size_t i = 0; i < t->count; i++) {
		sources[i] = (entry_source){.pool = pool, .index = i, .err = err};
		zip_error_init(&sources[i].error);
		if (add_entry(za, &t->files[i], &sources[i]) != 0)
			return zip_failure(err, zip_path, za, t->files[i].relpath);
	}
	if (zip_close(za) != 0)
		return zip_failure(err, zip_path, za, "write");
	return 0;
}

int pkg_zip_tree(const pkg_tree *t, const char *zip_path, samc_error **err)
{
	if (t->count == 0)
		return samc_error_set(err, SAMC_EINVALID, NULL, 0, 0,
				      "nothing to package: the folder has no files");
	entry_source *sources = calloc(t->count, sizeof(*sources));
	deflate_pool *pool = NULL;
	int rc = sources ? deflate_pool_start(t, &pool) : SAMC_ENOMEM;
	if (!rc)
		rc = write_archive(t, zip_path, pool, sources, err);
	deflate_pool_free(pool);
	free(sources);
	return rc;
}
