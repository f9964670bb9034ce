/* workflow_npm.c — the nodejs/npm workflow as SAM CLI's npm builder runs it: npm pack of the code
 * folder in scratch (so .npmignore and "files" apply), the tarball unpacked, npm install there. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build/build_int.h"
#include "package/output.h"
#include "util/error.h"

/* Files npm pack leaves out that the install needs; copied from the code folder. */
static const char *const INSTALL_CONFIG[] = {".npmrc", "package-lock.json", "npm-shrinkwrap.json"};

static bool regular_file(const char *dir, const char *name)
{
	char *path = samc_strfmt("%s/%s", dir, name);
	struct stat st;
	bool yes = path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
	free(path);
	return yes;
}

/* The one .tgz npm pack wrote into dir (malloc'd path). */
static int find_tarball(const char *dir, char **out, samc_error **err)
{
	DIR *d = opendir(dir);
	if (!d)
		return samc_error_set(err, SAMC_EIO, NULL, 0, 0, "%s: %s", dir, strerror(errno));
	*out = NULL;
	int rc = 0;
	struct dirent *e;
	while (!rc && (e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 4, ".tgz") != 0)
			continue;
		if (*out)
			rc = samc_error_set(err, SAMC_EINVALID, NULL, 0, 0,
					    "'npm pack' wrote more than one .tgz file in %s", dir);
		else if (!(*out = samc_strfmt("%s/%s", dir, e->d_name)))
			rc = SAMC_ENOMEM;
	}
	closedir(d);
	if (!rc && !*out)
		rc = samc_error_set(err, SAMC_EINVALID, NULL, 0, 0,
				    "'npm pack' succeeded but wrote no .tgz file in %s", dir);
	if (rc) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

/* npm pack file:<code folder> in scratch/pack, unpacked into scratch/unpacked: the folder
 * holding what the package publishes (scratch/unpacked/package) in *package. */
static int pack_and_unpack(const bld_item *it, const char *scratch, char **package,
			   samc_error **err)
{
	char *pack_dir = samc_strfmt("%s/pack", scratch);
	char *unpacked = samc_strfmt("%s/unpacked", scratch);
	char *spec = samc_strfmt("file:%s", it->code_dir);
	char *tarball = NULL;
	int rc = pack_dir && unpacked && spec ? pkg_make_dirs(pack_dir, err) : SAMC_ENOMEM;
	if (!rc) {
		const char *argv[] = {"npm", "pack", "-q", spec, NULL};
		rc = bld_run_tool(argv, pack_dir, NULL, err);
	}
	if (!rc)
		rc = find_tarball(pack_dir, &tarball, err);
	if (!rc)
		rc = bld_untar_gz(tarball, unpacked, err);
	if (!rc && !(*package = samc_strfmt("%s/package", unpacked)))
		rc = SAMC_ENOMEM;
	struct stat st;
	if (!rc && (stat(*package, &st) != 0 || !S_ISDIR(st.st_mode)))
		rc = samc_error_set(err, SAMC_EINVALID, NULL, 0, 0,
				    "%s: the tarball of 'npm pack' has no package/ folder", tarball);
	if (rc) {
		free(*package);
		*package = NULL;
	}
	free(pack_dir);
	free(unpacked);
	free(spec);
	free(tarball);
	return rc;
}

static int copy_install_config(const char *code_dir, const char *package, samc_error **err)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < sizeof(INSTALL_CONFIG) / sizeof(INSTALL_CONFIG[0]); i++) {
		if (!regular_file(code_dir, INSTALL_CONFIG[i]))
			continue;
		char *src = samc_strfmt("%s/%s", code_dir, INSTALL_CONFIG[i]);
		char *dst = samc_strfmt("%s/%s", package, INSTALL_CONFIG[i]);
		pkg_file f = {.relpath = (char *)INSTALL_CONFIG[i], .path = src};
		rc = src && dst ? bld_copy_file(&f, dst, err) : SAMC_ENOMEM;
		free(src);
		free(dst);
	}
	return rc;
}

/* npm ci with UseNpmCi and a lock file in the code folder, else npm install without dev
 * dependencies: the commands SAM CLI runs, less its --unsafe-perm (unused since npm 7, an
 * unknown option that npm 11 warns will stop working). */
static int install(const bld_item *it, const char *dest, samc_error **err)
{
	bool ci = it->use_npm_ci && (regular_file(it->code_dir, "package-lock.json") ||
				     regular_file(it->code_dir, "npm-shrinkwrap.json"));
	const char *clean_install[] = {"npm", "ci", NULL};
	const char *plain_install[] = {"npm", "install", "-q", "--no-audit", "--no-save",
				       "--omit=dev", NULL};
	return bld_run_tool(ci ? clean_install : plain_install, dest, NULL, err);
}

/* What the install leaves that the artifact must not ship: .npmrc (it may hold tokens) and
 * npm's hidden lock file. */
static int clean_up(const char *dest, samc_error **err)
{
	static const char *const leftovers[] = {".npmrc", "node_modules/.package-lock.json"};
	int rc = 0;
	for (size_t i = 0; !rc && i < sizeof(leftovers) / sizeof(leftovers[0]); i++) {
		char *path = samc_strfmt("%s/%s", dest, leftovers[i]);
		if (!path)
			rc = SAMC_ENOMEM;
		else if (unlink(path) != 0 && errno != ENOENT)
			rc = samc_error_set(err, SAMC_EIO, NULL, 0, 0, "cannot remove %s: %s", path,
					    strerror(errno));
		free(path);
	}
	return rc;
}

static int pack_install(const bld_item *it, const char *dest, samc_error **err)
{
	char *scratch = NULL, *package = NULL;
	bld_filter published = {.node = false, .away = NULL};
	int rc = bld_make_scratch(&scratch, err);
	if (!rc)
		rc = pack_and_unpack(it, scratch, &package, err);
	if (!rc)
		rc = copy_install_config(it->code_dir, package, err);
	if (!rc)
		rc = bld_copy_tree(package, dest, false, &published, err);
	if (!rc)
		rc = install(it, dest, err);
	if (!rc)
		rc = clean_up(dest, err);
	if (scratch)
		bld_remove_tree(scratch, NULL);
	free(scratch);
	free(package);
	return rc;
}

int bld_nodejs_npm(const bld_item *it, const char *dest, bool follow_external,
		   const bld_filter *filter, samc_error **err)
{
	if (!regular_file(it->code_dir, "package.json"))
		return bld_copy_tree(it->code_dir, dest, follow_external, filter, err);
	return pack_install(it, dest, err);
}
