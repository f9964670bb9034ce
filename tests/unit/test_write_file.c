/* test_write_file.c — samc_write_file: whole-file replacement with the old mode, links kept,
 * devices written in place, folders and bad arguments refused with a reason. */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "samc/samc.h"

static char dir[] = "/tmp/samc-write-XXXXXX";

static char *path_of(const char *name)
{
	static char buf[256];
	snprintf(buf, sizeof(buf), "%s/%s", dir, name);
	return buf;
}

static char *slurp(const char *path)
{
	static char buf[256];
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void new_file_gets_umask_mode(void **state)
{
	(void)state;
	mode_t old = umask(027);
	assert_int_equal(samc_write_file(path_of("new"), "abc", 3, NULL), SAMC_OK);
	umask(old);
	struct stat st;
	assert_int_equal(stat(path_of("new"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	assert_string_equal(slurp(path_of("new")), "abc");
}

static void replaced_file_keeps_mode_and_link(void **state)
{
	(void)state;
	assert_int_equal(samc_write_file(path_of("target"), "one", 3, NULL), SAMC_OK);
	assert_int_equal(chmod(path_of("target"), 0600), 0);
	assert_int_equal(symlink("target", path_of("link")), 0);
	assert_int_equal(samc_write_file(path_of("link"), "two!", 4, NULL), SAMC_OK);
	struct stat st;
	assert_int_equal(lstat(path_of("link"), &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(stat(path_of("target"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_string_equal(slurp(path_of("target")), "two!");
}

static void device_written_in_place(void **state)
{
	(void)state;
	assert_int_equal(samc_write_file("/dev/null", "x", 1, NULL), SAMC_OK);
	struct stat st;
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
}

static void folder_and_bad_arguments_refused(void **state)
{
	(void)state;
	samc_error *err = NULL;
	assert_int_equal(samc_write_file(dir, "x", 1, &err), SAMC_EIO);
	assert_non_null(strstr(samc_error_message(err), "Is a directory"));
	samc_error_free(err);
	err = NULL;
	assert_int_equal(samc_write_file(path_of("none/x"), "x", 1, &err), SAMC_EIO);
	assert_non_null(strstr(samc_error_message(err), "No such file or directory"));
	samc_error_free(err);
	err = NULL;
	assert_int_equal(samc_write_file(NULL, "x", 1, &err), SAMC_EUSAGE);
	samc_error_free(err);
}

static int make_dir(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	(void)state;
	const char *names[] = {"new", "target", "link"};
	for (size_t i = 0; i < 3; i++)
		unlink(path_of(names[i]));
	return rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(new_file_gets_umask_mode),
		cmocka_unit_test(replaced_file_keeps_mode_and_link),
		cmocka_unit_test(device_written_in_place),
		cmocka_unit_test(folder_and_bad_arguments_refused),
	};
	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
