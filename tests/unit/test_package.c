/* test_package.c — the packaging library: tree listing order and symlink rules, content keys,
 * reproducible zips, the property table, samc_package on a small template and the staging
 * folder of samc_package_upload. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "package/artifacts.h"
#include "package/checksum.h"
#include "package/output.h"
#include "doc/doc.h"
#include "package/tree.h"
#include "samc/deploy.h"
#include "samc/package.h"
#include "util/buf.h"

typedef struct fixture {
	char root[64];
} fixture;

static void write_file(const char *dir, const char *name, const char *text)
{
	char *path = samc_strfmt("%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(path);
}

static void make_dir(const char *dir, const char *name)
{
	char *path = samc_strfmt("%s/%s", dir, name);
	assert_int_equal(mkdir(path, 0755), 0);
	free(path);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	strcpy(f->root, "/tmp/samc-test-package-XXXXXX");
	if (!mkdtemp(f->root))
		return -1;
	make_dir(f->root, "code");
	make_dir(f->root, "code/b");
	write_file(f->root, "code/b/z.txt", "z");
	write_file(f->root, "code/a.txt", "a");
	write_file(f->root, "code/b-c.txt", "bc");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	char *cmd = samc_strfmt("rm -rf '%s'", f->root);
	int rc = system(cmd);
	free(cmd);
	free(f);
	return rc == 0 ? 0 : -1;
}

static char *in(const fixture *f, const char *name)
{
	return samc_strfmt("%s/%s", f->root, name);
}

static void lists_files_in_byte_order(void **state)
{
	fixture *f = *state;
	char *code = in(f, "code");
	pkg_tree t;
	assert_int_equal(pkg_tree_list(code, false, &t, NULL), 0);
	assert_int_equal(t.count, 3);
	/* '-' (0x2d) sorts before '/' (0x2f): "b-c.txt" before "b/z.txt" */
	assert_string_equal(t.files[0].relpath, "a.txt");
	assert_string_equal(t.files[1].relpath, "b-c.txt");
	assert_string_equal(t.files[2].relpath, "b/z.txt");
	pkg_tree_free(&t);
	free(code);
}

static void refuses_links_leaving_the_folder_and_loops(void **state)
{
	fixture *f = *state;
	char *code = in(f, "code"), *out_link = in(f, "code/out"), *loop = in(f, "code/b/loop");
	write_file(f->root, "secret", "s");
	assert_int_equal(symlink("../secret", out_link), 0);
	pkg_tree t;
	samc_error *err = NULL;
	assert_int_equal(pkg_tree_list(code, false, &t, &err), SAMC_EINVALID);
	assert_non_null(strstr(samc_error_message(err), "points outside the folder"));
	samc_error_free(err);
	err = NULL;
	assert_int_equal(pkg_tree_list(code, true, &t, &err), 0);
	assert_int_equal(t.count, 4);
	pkg_tree_free(&t);
	unlink(out_link);
	assert_int_equal(symlink("..", loop), 0);
	assert_int_equal(pkg_tree_list(code, false, &t, &err), SAMC_EINVALID);
	assert_non_null(strstr(samc_error_message(err), "symbolic link loop"));
	samc_error_free(err);
	unlink(loop);
	free(code);
	free(out_link);
	free(loop);
}

static void keys_follow_the_sam_cli_rule(void **state)
{
	fixture *f = *state;
	char hex[33];
	assert_int_equal(pkg_bytes_md5("a", 1, hex), 0);
	assert_string_equal(hex, "0cc175b9c0f1b6a831c399e269772661");
	/* a folder with one file "x" holding "a": md5("x" + md5("a")) */
	make_dir(f->root, "one");
	write_file(f->root, "one/x", "a");
	char *one = in(f, "one");
	pkg_tree t;
	assert_int_equal(pkg_tree_list(one, false, &t, NULL), 0);
	assert_int_equal(pkg_tree_md5(&t, hex, NULL), 0);
	char expect[33];
	const char *text = "x0cc175b9c0f1b6a831c399e269772661";
	assert_int_equal(pkg_bytes_md5(text, strlen(text), expect), 0);
	assert_string_equal(hex, expect);
	pkg_tree_free(&t);
	free(one);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	samc_buf b = SAMC_BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		samc_buf_put(&b, chunk, n);
	fclose(fp);
	*len = b.len;
	return samc_buf_detach(&b);
}

static void zips_are_reproducible(void **state)
{
	fixture *f = *state;
	char *code = in(f, "code"), *z1 = in(f, "one.zip"), *z2 = in(f, "two.zip");
	char k1[33], k2[33];
	assert_int_equal(samc_zip_folder(code, z1, 0, k1, NULL), 0);
	char *file = in(f, "code/a.txt");
	assert_int_equal(chmod(file, 0600), 0); /* modes other than the execute bit do not matter */
	struct timespec times[2] = {{1000000000, 0}, {1000000000, 0}}; /* nor do times */
	assert_int_equal(utimensat(AT_FDCWD, file, times, 0), 0);
	assert_int_equal(samc_zip_folder(code, z2, 0, k2, NULL), 0);
	assert_string_equal(k1, k2);
	size_t n1, n2;
	char *b1 = slurp(z1, &n1), *b2 = slurp(z2, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(b1, b2, n1);
	/* a local file header: signature, no extra field, DOS date 1980-01-01 */
	assert_memory_equal(b1, "PK\x03\x04", 4);
	assert_int_equal((unsigned char)b1[12] | (unsigned char)b1[13] << 8, 0x21);
	assert_int_equal((unsigned char)b1[28] | (unsigned char)b1[29] << 8, 0);
	free(b1);
	free(b2);
	free(file);
	free(code);
	free(z1);
	free(z2);
}

static void empty_folder_is_an_error(void **state)
{
	fixture *f = *state;
	make_dir(f->root, "empty");
	char *empty = in(f, "empty"), *zip = in(f, "empty.zip");
	samc_error *err = NULL;
	assert_int_equal(samc_zip_folder(empty, zip, 0, NULL, &err), SAMC_EINVALID);
	assert_non_null(strstr(samc_error_message(err), "no files"));
	assert_int_equal(access(zip, F_OK), -1);
	samc_error_free(err);
	free(empty);
	free(zip);
}

static void table_knows_the_packaged_properties(void **state)
{
	(void)state;
	size_t n;
	const pkg_rule *r = pkg_rules_for("AWS::AppSync::Resolver", &n);
	assert_int_equal(n, 3);
	assert_string_equal(r[2].path, "CodeS3Location");
	r = pkg_rules_for("AWS::Lambda::Function", &n);
	assert_int_equal(n, 1);
	assert_int_equal(r->form, PKG_S3_BUCKET_KEY);
	assert_true(r->zip_lone_file);
	assert_null(pkg_rules_for("AWS::SQS::Queue", &n));
	assert_int_equal(n, 0);
	cJSON *props = cJSON_Parse("{\"Command\": {\"ScriptLocation\": \"job.py\"}}");
	cJSON *parent;
	const char *name;
	r = pkg_rules_for("AWS::Glue::Job", &n);
	cJSON *v = pkg_rule_locate(r, props, &parent, &name);
	assert_string_equal(v->valuestring, "job.py");
	assert_string_equal(name, "ScriptLocation");
	cJSON_Delete(props);
	assert_true(pkg_is_local_path("./src"));
	assert_false(pkg_is_local_path("s3://b/k"));
	assert_false(pkg_is_local_path("https://example.com/t.yaml"));
	assert_false(pkg_is_local_path(""));
}

static void packages_a_template(void **state)
{
	fixture *f = *state;
	const char *yaml = "Resources:\n"
			   "  Fn:\n"
			   "    Type: AWS::Serverless::Function\n"
			   "    Properties:\n"
			   "      CodeUri: code\n"
			   "  Missing:\n"
			   "    Type: AWS::Serverless::LayerVersion\n"
			   "    Properties:\n"
			   "      ContentUri: nope\n";
	samc_document *doc = NULL, *out = NULL;
	assert_int_equal(samc_document_load_buffer(&doc, yaml, strlen(yaml), "t.yaml", NULL, NULL), 0);
	char *outdir = in(f, "out");
	samc_package_options opts = {.base_dir = f->root, .output_dir = outdir, .s3_bucket = "bkt"};
	samc_artifact_list *list = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_package(doc, &opts, &out, &list, &err), SAMC_EINVALID);
	assert_null(out);
	assert_null(list);
	const char *msg;
	unsigned line, col;
	assert_int_equal(samc_error_cause(err, 0, &msg, &line, &col), 0);
	assert_int_equal(line, 9);
	assert_non_null(strstr(msg, "Missing ContentUri"));
	samc_error_free(err);
	cJSON_DeleteItemFromObjectCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc->root, "Resources"),
						"Missing");
	assert_int_equal(samc_package(doc, &opts, &out, &list, NULL), 0);
	assert_int_equal(samc_artifact_count(list), 1);
	const samc_artifact *a = samc_artifact_get(list, 0);
	assert_string_equal(a->resource, "Fn");
	assert_true(a->zipped);
	char *uri = samc_strfmt("s3://bkt/%s", a->key);
	const cJSON *code_uri = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(out->root, "Resources"), "Fn"), "Properties"),
		"CodeUri");
	assert_string_equal(code_uri->valuestring, uri);
	assert_int_equal(access(a->file, F_OK), 0);
	free(uri);
	samc_artifact_list_free(list);
	samc_document_free(out);
	samc_document_free(doc);
	free(outdir);
}

/* A plain file artifact is copied through a temporary file in pieces: any size, exact bytes,
 * mode 0644, and nothing left behind when it fails. */
static void copies_large_files_whole(void **state)
{
	fixture *f = *state;
	char *src = in(f, "big.bin"), *dst = in(f, "copy.bin");
	FILE *out = fopen(src, "wb");
	assert_non_null(out);
	for (unsigned i = 0; i < 300000; i++)
		fputc((int)((i * 7u) % 251u), out);
	fclose(out);
	assert_int_equal(pkg_write_copy(src, dst, NULL), 0);
	FILE *a = fopen(src, "rb"), *b = fopen(dst, "rb");
	assert_non_null(a);
	assert_non_null(b);
	int ca, cb;
	size_t n = 0;
	do {
		ca = fgetc(a);
		cb = fgetc(b);
		assert_int_equal(ca, cb);
		n++;
	} while (ca != EOF);
	assert_int_equal(n, 300001);
	fclose(a);
	fclose(b);
	struct stat st;
	assert_int_equal(stat(dst, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	samc_error *err = NULL;
	char *missing = in(f, "missing.bin"), *nowhere = in(f, "no/such/dir/copy.bin");
	assert_int_equal(pkg_write_copy(missing, dst, &err), SAMC_EIO);
	samc_error_free(err);
	err = NULL;
	assert_int_equal(pkg_write_copy(src, nowhere, &err), SAMC_EIO);
	samc_error_free(err);
	char *cmd = samc_strfmt("test -z \"$(ls '%s' | grep tmp-)\"", f->root);
	assert_int_equal(system(cmd), 0); /* no temporary file left */
	free(cmd);
	free(missing);
	free(nowhere);
	free(src);
	free(dst);
}

/* samc_package_upload stages in a folder of its own under TMPDIR and leaves nothing there;
 * with nothing local to send it needs neither credentials nor the network. */
static bool folder_is_empty(const char *dir)
{
	char *cmd = samc_strfmt("test -z \"$(ls -A '%s')\"", dir);
	int rc = system(cmd);
	free(cmd);
	return rc == 0;
}

static void package_upload_stages_under_tmpdir_and_cleans_up(void **state)
{
	fixture *f = *state;
	char *tmp = in(f, "tmp");
	assert_int_equal(mkdir(tmp, 0755), 0);
	char *old_tmp = getenv("TMPDIR") ? samc_strdup(getenv("TMPDIR")) : NULL;
	setenv("TMPDIR", tmp, 1);
	samc_upload_options up = {.bucket = "bkt", .region = "us-east-1"};
	samc_package_options opts = {.base_dir = f->root, .output_dir = "/nonexistent/ignored"};
	samc_document *out = NULL;
	samc_artifact_list *list = NULL;
	samc_error *err = NULL;

	static const char remote[] = "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n"
				     "    Properties:\n      CodeUri: s3://elsewhere/code.zip\n";
	samc_document *doc = NULL;
	assert_int_equal(samc_document_load_buffer(&doc, remote, strlen(remote), "t.yaml", NULL, NULL), 0);
	assert_int_equal(samc_package_upload(doc, &opts, &up, NULL, &out, &list, &err), 0);
	assert_non_null(out);
	assert_int_equal(samc_artifact_count(list), 0);
	assert_true(folder_is_empty(tmp));
	samc_artifact_list_free(list);
	samc_document_free(out);
	samc_document_free(doc);

	static const char missing[] = "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n"
				      "    Properties:\n      CodeUri: no-such-folder\n";
	assert_int_equal(samc_document_load_buffer(&doc, missing, strlen(missing), "t.yaml", NULL, NULL), 0);
	assert_int_equal(samc_package_upload(doc, &opts, &up, NULL, &out, &list, &err), SAMC_EINVALID);
	assert_null(out);
	assert_null(list);
	assert_true(folder_is_empty(tmp));
	samc_error_free(err);
	err = NULL;

	up.bucket = NULL;
	assert_int_equal(samc_package_upload(doc, &opts, &up, NULL, &out, &list, &err), SAMC_EUSAGE);
	samc_error_free(err);
	samc_document_free(doc);
	if (old_tmp)
		setenv("TMPDIR", old_tmp, 1);
	else
		unsetenv("TMPDIR");
	free(old_tmp);
	free(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(lists_files_in_byte_order, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_links_leaving_the_folder_and_loops, setup, teardown),
		cmocka_unit_test_setup_teardown(keys_follow_the_sam_cli_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(zips_are_reproducible, setup, teardown),
		cmocka_unit_test_setup_teardown(empty_folder_is_an_error, setup, teardown),
		cmocka_unit_test_setup_teardown(table_knows_the_packaged_properties, setup, teardown),
		cmocka_unit_test_setup_teardown(packages_a_template, setup, teardown),
		cmocka_unit_test_setup_teardown(copies_large_files_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(package_upload_stages_under_tmpdir_and_cleans_up, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
