/* package.c — one local artifact packaged (a folder or lone file zipped, or a file copied, written
 * once into the output folder under its content key), and samc_zip_folder. */
#define _GNU_SOURCE /* realpath */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "doc/doc.h"
#include "package/artifacts.h"
#include "package/checksum.h"
#include "package/output.h"
#include "package/package_int.h"
#include "samc/package.h"
#include "util/buf.h"
#include "util/error.h"


static bool is_zip_file(const char *path)
{
	unsigned char magic[4] = {0};
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	size_t n = fread(magic, 1, 4, f);
	fclose(f);
	return n == 4 && magic[0] == 'P' && magic[1] == 'K' &&
	       ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6));
}

static char *joined(const char *dir, const char *name)
{
	if (name[0] == '/' || !dir || !*dir)
		return samc_strdup(name);
	return samc_strfmt("%s/%s", dir, name);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* A folder, or a lone file that must be zipped: the files, their key, the zip. */
static int package_tree(pkg_run *r, const pkg_tree *t, pkg_result *res)
{
	int rc = pkg_tree_md5(t, res->name, r->err);
	if (rc)
		return rc;
	res->zipped = true;
	char *final = joined(r->opts->output_dir, res->name);
	if (!final)
		return SAMC_ENOMEM;
	rc = pkg_exists(final) ? 0 : pkg_write_zip(t, final, r->err);
	free(final);
	return rc;
}

/* The output folder's path relative to folder when it lies inside it (a CodeUri of "." with
 * --output-dir under the template's folder), else NULL: its earlier artifacts and the one
 * being written are not part of the code. */
static char *output_inside(const char *folder, const char *output_dir)
{
	char *root = realpath(folder, NULL), *out = realpath(output_dir, NULL), *rel = NULL;
	size_t n = root ? strlen(root) : 0;
	if (root && out && n > 1 && strncmp(out, root, n) == 0 && out[n] == '/')
		rel = samc_strdup(out + n + 1);
	else if (root && out && n == 1 && out[1]) /* folder is "/" */
		rel = samc_strdup(out + 1);
	free(root);
	free(out);
	return rel;
}

static bool is_output_dir(const char *relpath, const char *name, void *output_rel)
{
	(void)name;
	return strcmp(relpath, output_rel) == 0;
}

static int package_folder(pkg_run *r, const char *path, pkg_result *res)
{
	pkg_tree t;
	char *output_rel = output_inside(path, r->opts->output_dir);
	int rc = output_rel ? pkg_tree_list_skipping(path, r->opts->follow_external_symlinks,
						     is_output_dir, output_rel, &t, r->err)
			    : pkg_tree_list(path, r->opts->follow_external_symlinks, &t, r->err);
	free(output_rel);
	if (rc)
		return rc;
	rc = package_tree(r, &t, res);
	pkg_tree_free(&t);
	return rc;
}

static int package_lone_file(pkg_run *r, const char *path, const struct stat *st, pkg_result *res)
{
	pkg_file f = {.relpath = (char *)base_name(path), .path = (char *)path,
		      .executable = (st->st_mode & 0111) != 0,
		      .size = (unsigned long long)st->st_size};
	pkg_tree t = {.files = &f, .count = 1, .cap = 1};
	return package_tree(r, &t, res);
}

static int package_copy(pkg_run *r, const char *path, const char *ext, pkg_result *res)
{
	int rc = pkg_file_md5(path, res->name, r->err);
	if (rc)
		return rc;
	strcat(res->name, ext);
	char *final = joined(r->opts->output_dir, res->name);
	if (!final)
		return SAMC_ENOMEM;
	rc = pkg_exists(final) ? 0 : pkg_write_copy(path, final, r->err);
	free(final);
	return rc;
}

int pkg_package_path(pkg_run *r, const pkg_rule *rule, const char *path, pkg_result *res)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return SAMC_EIO;
	if (S_ISDIR(st.st_mode))
		return package_folder(r, path, res);
	if (rule->nested_template)
		return pkg_package_nested(r, path, res);
	if (rule->zip_lone_file && !is_zip_file(path))
		return package_lone_file(r, path, &st, res);
	return package_copy(r, path, rule->form == PKG_HTTPS_URL ? ".template" : "", res);
}

int samc_zip_folder(const char *dir, const char *zip_path, int follow_external_symlinks,
		    char key[33], samc_error **err)
{
	if (!dir || !zip_path)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0, "samc_zip_folder needs a folder "
								    "and a zip path");
	pkg_tree t;
	int rc = pkg_tree_list(dir, follow_external_symlinks != 0, &t, err);
	if (rc)
		return rc;
	rc = key ? pkg_tree_md5(&t, key, err) : 0;
	if (!rc)
		rc = pkg_write_zip(&t, zip_path, err);
	pkg_tree_free(&t);
	return rc;
}
