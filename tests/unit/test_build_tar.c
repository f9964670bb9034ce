/* test_build_tar.c — unpacking .tgz archives for the npm workflow: ustar, pax and GNU names,
 * modes, links inside the folder, and every way an entry could leave the folder refused. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "build/build_int.h"
#include "samc/samc.h"
#include "util/buf.h"

typedef struct fixture {
	char root[64];
	char *archive; /* root/a.tgz */
	char *out;     /* root/out/inner: the folder unpacked into */
	samc_buf tar;  /* the archive being written */
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	strcpy(f->root, "/tmp/samc-test-tar-XXXXXX");
	if (!mkdtemp(f->root))
		return -1;
	f->archive = samc_strfmt("%s/a.tgz", f->root);
	f->out = samc_strfmt("%s/out/inner", f->root);
	f->tar = (samc_buf)SAMC_BUF_INIT;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	bld_remove_tree(f->root, NULL);
	free(f->archive);
	free(f->out);
	samc_buf_free(&f->tar);
	free(f);
	return 0;
}

/* ---- writing archives ---- */

/* len - 1 octal digits and a NUL, as tar writes numbers. */
static void put_octal(unsigned char *field, size_t len, unsigned long long v)
{
	for (size_t i = len - 1; i-- > 0; v >>= 3)
		field[i] = (unsigned char)('0' + (v & 7));
	field[len - 1] = '\0';
}

static void seal(unsigned char *h)
{
	memset(h + 148, ' ', 8);
	unsigned sum = 0;
	for (size_t i = 0; i < 512; i++)
		sum += h[i];
	put_octal(h + 148, 7, sum);
	h[155] = ' ';
}

/* One entry: a header (prefix may be NULL) then data padded to 512 bytes. */
static void add_entry(fixture *f, char type, const char *prefix, const char *name, unsigned mode,
		      const char *data, size_t len, const char *link)
{
	unsigned char h[512] = {0};
	memcpy(h, name, strnlen(name, 100));
	put_octal(h + 100, 8, mode);
	put_octal(h + 108, 8, 0);
	put_octal(h + 116, 8, 0);
	put_octal(h + 124, 12, len);
	put_octal(h + 136, 12, 0);
	h[156] = (unsigned char)type;
	if (link)
		memcpy(h + 157, link, strnlen(link, 100));
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	if (prefix)
		memcpy(h + 345, prefix, strnlen(prefix, 155));
	seal(h);
	samc_buf_put(&f->tar, (const char *)h, 512);
	if (len) {
		samc_buf_put(&f->tar, data, len);
		static const char zeros[512] = {0};
		samc_buf_put(&f->tar, zeros, (512 - len % 512) % 512);
	}
}

static void add_file(fixture *f, const char *name, unsigned mode, const char *text)
{
	add_entry(f, '0', NULL, name, mode, text, strlen(text), NULL);
}

static void add_pax_path(fixture *f, const char *path)
{
	char record[600];
	size_t body = strlen(" path=\n") + strlen(path);
	size_t len = body + 1;
	while (snprintf(NULL, 0, "%zu", len) + body != len)
		len++;
	snprintf(record, sizeof(record), "%zu path=%s\n", len, path);
	add_entry(f, 'x', NULL, "PaxHeader", 0644, record, strlen(record), NULL);
}

/* Writes the entries (and the two end blocks) gzip-compressed, or plain with gz false. */
static void write_archive(fixture *f, bool gz)
{
	static const char zeros[1024] = {0};
	samc_buf_put(&f->tar, zeros, sizeof(zeros));
	if (gz) {
		gzFile g = gzopen(f->archive, "wb");
		assert_non_null(g);
		assert_int_equal(gzwrite(g, f->tar.ptr, (unsigned)f->tar.len), (int)f->tar.len);
		assert_int_equal(gzclose(g), Z_OK);
	} else {
		FILE *out = fopen(f->archive, "wb");
		assert_non_null(out);
		assert_int_equal(fwrite(f->tar.ptr, 1, f->tar.len, out), f->tar.len);
		fclose(out);
	}
}

/* ---- checking ---- */

static char *slurp(const char *dir, const char *name)
{
	char *path = samc_strfmt("%s/%s", dir, name);
	FILE *in = fopen(path, "rb");
	free(path);
	if (!in)
		return NULL;
	static char text[4096];
	size_t n = fread(text, 1, sizeof(text) - 1, in);
	text[n] = '\0';
	fclose(in);
	return text;
}

static mode_t mode_of(const char *dir, const char *name)
{
	char *path = samc_strfmt("%s/%s", dir, name);
	struct stat st;
	assert_int_equal(lstat(path, &st), 0);
	free(path);
	return st.st_mode;
}

static bool exists(const char *dir, const char *name)
{
	char *path = samc_strfmt("%s/%s", dir, name);
	struct stat st;
	bool yes = lstat(path, &st) == 0;
	free(path);
	return yes;
}

/* Unpacking succeeds (the message is shown when it does not). */
static void expect_unpacked(fixture *f)
{
	samc_error *err = NULL;
	int rc = bld_untar_gz(f->archive, f->out, &err);
	if (rc != 0)
		fail_msg("unpacking failed (%d): %s", rc, samc_error_message(err));
	assert_null(err);
}

/* Unpacking fails with SAMC_EINVALID and a message containing want. */
static void expect_refused(fixture *f, const char *want)
{
	samc_error *err = NULL;
	assert_int_equal(bld_untar_gz(f->archive, f->out, &err), SAMC_EINVALID);
	assert_non_null(err);
	if (!strstr(samc_error_message(err), want))
		fail_msg("'%s' lacks '%s'", samc_error_message(err), want);
	assert_non_null(strstr(samc_error_message(err), f->archive));
	samc_error_free(err);
}

/* ---- tests ---- */

static void test_files_folders_modes(void **state)
{
	fixture *f = *state;
	add_entry(f, '5', NULL, "package/", 0755, NULL, 0, NULL);
	add_file(f, "package/index.js", 0644, "exports.handler = 1;\n");
	add_file(f, "./package/bin/run", 0755, "#!/bin/sh\necho run\n");
	add_file(f, "package//lib/./deep.js", 0600, "deep\n");
	add_entry(f, '0', "package/from-prefix", "file.txt", 0644, "prefixed\n", 9, NULL);
	char big[1300];
	memset(big, 'b', sizeof(big));
	add_entry(f, '0', NULL, "package/big.bin", 0644, big, sizeof(big), NULL);
	add_file(f, "package/index.js", 0644, "exports.handler = 2;\n"); /* a later copy wins */
	write_archive(f, true);
	expect_unpacked(f);
	assert_string_equal(slurp(f->out, "package/index.js"), "exports.handler = 2;\n");
	assert_string_equal(slurp(f->out, "package/bin/run"), "#!/bin/sh\necho run\n");
	assert_string_equal(slurp(f->out, "package/lib/deep.js"), "deep\n");
	assert_string_equal(slurp(f->out, "package/from-prefix/file.txt"), "prefixed\n");
	assert_int_equal(strlen(slurp(f->out, "package/big.bin")), sizeof(big));
	assert_int_equal(mode_of(f->out, "package/bin/run") & 0777, 0755);
	assert_int_equal(mode_of(f->out, "package/index.js") & 0777, 0644);
	assert_int_equal(mode_of(f->out, "package/lib/deep.js") & 0777, 0644);
}

static void test_long_names(void **state)
{
	fixture *f = *state;
	char longname[300];
	snprintf(longname, sizeof(longname), "package/%0200d/name.js", 0);
	add_pax_path(f, longname);
	add_file(f, "ignored-short-name", 0644, "pax\n");
	add_entry(f, 'L', NULL, "././@LongLink", 0644, "package/gnu-long-name.js", 25, NULL);
	add_file(f, "truncated", 0644, "gnu\n");
	add_entry(f, 'g', NULL, "global", 0644, "13 comment=x\n", 13, NULL);
	add_file(f, "package/after.js", 0644, "after\n");
	write_archive(f, true);
	expect_unpacked(f);
	assert_string_equal(slurp(f->out, longname), "pax\n");
	assert_string_equal(slurp(f->out, "package/gnu-long-name.js"), "gnu\n");
	assert_string_equal(slurp(f->out, "package/after.js"), "after\n");
	assert_false(exists(f->out, "ignored-short-name"));
	assert_false(exists(f->out, "truncated"));
}

static void test_links_inside(void **state)
{
	fixture *f = *state;
	add_file(f, "package/real.js", 0644, "real\n");
	add_entry(f, '2', NULL, "package/sub/alias.js", 0777, NULL, 0, "../real.js");
	add_entry(f, '1', NULL, "package/hard.js", 0644, NULL, 0, "package/real.js");
	write_archive(f, false); /* a plain tar is read too */
	expect_unpacked(f);
	assert_true(S_ISLNK(mode_of(f->out, "package/sub/alias.js")));
	assert_string_equal(slurp(f->out, "package/sub/alias.js"), "real\n");
	assert_string_equal(slurp(f->out, "package/hard.js"), "real\n");
}

static void test_dotdot_refused(void **state)
{
	fixture *f = *state;
	add_file(f, "package/../../escaped.txt", 0644, "x");
	write_archive(f, true);
	expect_refused(f, "entry 'package/../../escaped.txt' has a '..' part");
	char *outside = samc_strfmt("%s/out", f->root);
	assert_false(exists(outside, "escaped.txt"));
	assert_false(exists(f->root, "escaped.txt"));
	free(outside);
}

static void test_absolute_refused(void **state)
{
	fixture *f = *state;
	char *name = samc_strfmt("%s/absolute.txt", f->root);
	add_file(f, name, 0644, "x");
	write_archive(f, true);
	expect_refused(f, "has an absolute name");
	assert_false(exists(f->root, "absolute.txt"));
	free(name);
}

static void test_link_leaving_refused(void **state)
{
	fixture *f = *state;
	add_entry(f, '2', NULL, "package/up", 0777, NULL, 0, "sub/../../..");
	write_archive(f, true);
	expect_refused(f, "entry 'package/up' is a link that leads outside the folder");
	assert_false(exists(f->out, "package/up"));
}

static void test_absolute_link_refused(void **state)
{
	fixture *f = *state;
	add_entry(f, '2', NULL, "package/etc", 0777, NULL, 0, "/etc");
	write_archive(f, true);
	expect_refused(f, "entry 'package/etc' is a link that leads outside the folder");
}

static void test_write_through_link_refused(void **state)
{
	fixture *f = *state;
	add_entry(f, '5', NULL, "package/real", 0755, NULL, 0, NULL);
	add_entry(f, '2', NULL, "package/dir", 0777, NULL, 0, "real");
	add_file(f, "package/dir/x.js", 0644, "through\n");
	write_archive(f, true);
	expect_refused(f, "entry 'package/dir/x.js' lies below a link or a file of the archive");
	assert_false(exists(f->out, "package/real/x.js"));
}

static void test_hardlink_leaving_refused(void **state)
{
	fixture *f = *state;
	add_entry(f, '1', NULL, "package/passwd", 0644, NULL, 0, "../../../etc/passwd");
	write_archive(f, true);
	expect_refused(f, "entry 'package/passwd' is a hard link to a name outside the folder");
}

static void test_device_refused(void **state)
{
	fixture *f = *state;
	add_entry(f, '3', NULL, "package/tty", 0644, NULL, 0, NULL);
	write_archive(f, true);
	expect_refused(f, "entry 'package/tty' is a device, fifo or unknown kind of entry");
}

static void test_damaged_and_truncated(void **state)
{
	fixture *f = *state;
	add_file(f, "package/a.js", 0644, "a\n");
	f->tar.ptr[0] ^= 1; /* the checksum no longer matches */
	write_archive(f, true);
	expect_refused(f, "damaged header (checksum mismatch)");

	samc_buf_reset(&f->tar);
	add_file(f, "package/a.js", 0644, "0123456789");
	f->tar.len -= 512; /* the data block is missing */
	gzFile g = gzopen(f->archive, "wb");
	gzwrite(g, f->tar.ptr, (unsigned)f->tar.len);
	gzclose(g);
	expect_refused(f, "is truncated");
}

static void test_missing_archive(void **state)
{
	fixture *f = *state;
	samc_error *err = NULL;
	assert_int_equal(bld_untar_gz(f->archive, f->out, &err), SAMC_EIO);
	assert_non_null(strstr(samc_error_message(err), "No such file"));
	samc_error_free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_files_folders_modes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_links_inside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dotdot_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absolute_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_leaving_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absolute_link_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_through_link_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hardlink_leaving_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_device_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_and_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_archive, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
