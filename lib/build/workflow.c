/* workflow.c — the steps of each build workflow and their dispatch: python (source copied, pip
 * install -r requirements.txt -t), makefile (make build-<LogicalId> in a scratch copy with
 * ARTIFACTS_DIR) and java with maven here; nodejs in workflow_npm.c, gradle in workflow_gradle.c. */
#include <ctype.h>
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

#define OUTPUT_TAIL 2000 /* bytes of a failed tool's output quoted in the error */

static void put_command(samc_buf *b, const char *const *argv)
{
	for (size_t i = 0; argv[i]; i++)
		samc_buf_printf(b, "%s%s", i ? " " : "", argv[i]);
}

int bld_run_tool(const char *const *argv, const char *cwd, const char *const *env,
		 samc_error **err)
{
	samc_buf output = SAMC_BUF_INIT;
	int status = 0;
	int rc = bld_spawn(argv, cwd, env, &output, &status, err);
	if (!rc && status != 0) {
		samc_buf msg = SAMC_BUF_INIT;
		put_command(&msg, argv);
		const char *text = output.len ? samc_buf_cstr(&output) : "";
		size_t skip = output.len > OUTPUT_TAIL ? output.len - OUTPUT_TAIL : 0;
		size_t len = output.len - skip;
		while (len > 0 && isspace((unsigned char)text[skip + len - 1]))
			len--;
		rc = samc_error_set(err, SAMC_EINVALID, NULL, 0, 0, "'%s' failed (exit status %d)%s%s%.*s",
				    samc_buf_cstr(&msg) ? samc_buf_cstr(&msg) : argv[0], status,
				    len ? ":\n" : "", skip ? "...\n" : "", (int)len, text ? text + skip : "");
		samc_buf_free(&msg);
	}
	samc_buf_free(&output);
	return rc;
}

char *bld_destination(const bld_item *it, const char *artifact)
{
	return it->layer_subdir ? samc_strfmt("%s/%s", artifact, it->layer_subdir)
				: samc_strdup(artifact);
}

/* ---- python ---- */

/* Requirement lines: not blank, not a comment. *all_local says whether every one names a local
 * path (then pip can run offline). */
static int read_requirements(const char *path, size_t *count, bool *all_local)
{
	*count = 0;
	*all_local = true;
	FILE *f = fopen(path, "re");
	if (!f)
		return 0;
	char line[4096];
	while (fgets(line, sizeof(line), f)) {
		char *s = line;
		while (isspace((unsigned char)*s))
			s++;
		if (!*s || *s == '#')
			continue;
		if (strncmp(s, "-e ", 3) == 0 || strncmp(s, "--editable ", 11) == 0)
			s = strchr(s, ' ') + 1;
		while (isspace((unsigned char)*s))
			s++;
		(*count)++;
		bool local = *s == '.' || *s == '/' || strncmp(s, "file:", 5) == 0;
		if (!local)
			*all_local = false;
	}
	fclose(f);
	return 0;
}

/* python3.13 when it runs (a pyenv shim may exist without the version behind it), else
 * python3. */
static const char *python_for(const bld_item *it)
{
	if (!it->runtime || strncmp(it->runtime, "python3", 7) != 0)
		return "python3";
	const char *argv[] = {it->runtime, "--version", NULL};
	int status = -1;
	if (bld_spawn(argv, NULL, NULL, NULL, &status, NULL) == 0 && status == 0)
		return it->runtime;
	return "python3";
}

static int python_pip(const bld_item *it, const char *dest, samc_error **err)
{
	char *requirements = samc_strfmt("%s/requirements.txt", it->code_dir);
	if (!requirements)
		return SAMC_ENOMEM;
	size_t count = 0;
	bool all_local = true;
	read_requirements(requirements, &count, &all_local);
	int rc = 0;
	if (count > 0) {
		const char *argv[16] = {python_for(it), "-m", "pip", "install",
					"--disable-pip-version-check", "--no-input", "-r", requirements,
					"-t", dest};
		size_t n = 10;
		if (all_local) {
			argv[n++] = "--no-index";
			argv[n++] = "--no-build-isolation";
		}
		argv[n] = NULL;
		rc = bld_run_tool(argv, it->code_dir, NULL, err);
	}
	free(requirements);
	return rc;
}

/* ---- makefile ---- */

static int makefile_build(const bld_item *it, const char *artifact, bool follow_external,
			  const bld_filter *filter, samc_error **err)
{
	char *makefile = samc_strfmt("%s/Makefile", it->makefile_dir);
	char *target = samc_strfmt("build-%s", it->id);
	char *artifacts_env = samc_strfmt("ARTIFACTS_DIR=%s", artifact);
	char *scratch = NULL;
	int rc = makefile && target && artifacts_env ? 0 : SAMC_ENOMEM;
	if (!rc && access(makefile, R_OK) != 0)
		rc = samc_error_set(err, SAMC_EINVALID, NULL, 0, 0,
				    "BuildMethod makefile needs a Makefile in %s (none found)",
				    it->makefile_dir);
	if (!rc)
		rc = bld_make_scratch(&scratch, err);
	if (!rc)
		rc = bld_copy_tree(it->code_dir, scratch, follow_external, filter, err);
	if (!rc) {
		const char *argv[] = {"make", "--makefile", makefile, target, NULL};
		const char *env[] = {artifacts_env, NULL};
		rc = bld_run_tool(argv, it->working_dir ? it->working_dir : scratch, env, err);
	}
	if (scratch)
		bld_remove_tree(scratch, NULL);
	free(scratch);
	free(makefile);
	free(target);
	free(artifacts_env);
	return rc;
}

/* ---- java (maven) ---- */

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Copies the jars directly in target/ (the layer's own code) into lib. */
static int copy_jars(const char *target, const char *lib, samc_error **err)
{
	DIR *d = opendir(target);
	if (!d)
		return samc_error_set(err, SAMC_EIO, NULL, 0, 0, "%s: %s", target, strerror(errno));
	int rc = 0;
	struct dirent *e;
	while (!rc && (e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 4, ".jar") != 0)
			continue;
		char *src = samc_strfmt("%s/%s", target, e->d_name);
		char *dst = samc_strfmt("%s/%s", lib, e->d_name);
		pkg_file f = {.relpath = e->d_name, .path = src};
		rc = src && dst ? pkg_make_dirs(lib, err) : SAMC_ENOMEM;
		if (!rc)
			rc = bld_copy_file(&f, dst, err);
		free(src);
		free(dst);
	}
	closedir(d);
	return rc;
}

/* What maven produced, laid out as SAM CLI does: classes at the top (a layer: its jars in
 * lib/), runtime dependencies in lib/. */
static int collect_maven_output(const bld_item *it, const char *scratch, const char *dest,
				samc_error **err)
{
	char *target = samc_strfmt("%s/target", scratch);
	char *classes = samc_strfmt("%s/target/classes", scratch);
	char *deps = samc_strfmt("%s/target/dependency", scratch);
	char *lib = samc_strfmt("%s/lib", dest);
	int rc = target && classes && deps && lib ? 0 : SAMC_ENOMEM;
	if (!rc && !is_dir(classes))
		rc = samc_error_set(err, SAMC_EINVALID, NULL, 0, 0,
				    "'mvn clean install' produced no target/classes folder");
	if (!rc && it->kind == SAMC_BUILD_LAYER)
		rc = copy_jars(target, lib, err);
	else if (!rc)
		rc = bld_copy_tree(classes, dest, true, NULL, err);
	if (!rc && is_dir(deps))
		rc = bld_copy_tree(deps, lib, true, NULL, err);
	free(target);
	free(classes);
	free(deps);
	free(lib);
	return rc;
}

static int java_maven(const bld_item *it, const char *artifact, bool follow_external,
		      const bld_filter *filter, samc_error **err)
{
	char *scratch = NULL, *dest = bld_destination(it, artifact);
	int rc = dest ? bld_make_scratch(&scratch, err) : SAMC_ENOMEM;
	if (!rc)
		rc = bld_copy_tree(it->code_dir, scratch, follow_external, filter, err);
	if (!rc) {
		const char *install[] = {"mvn", "clean", "install", NULL};
		rc = bld_run_tool(install, scratch, NULL, err);
	}
	if (!rc) {
		const char *copy_deps[] = {"mvn", "dependency:copy-dependencies",
					   "-DincludeScope=runtime", "-Dmdep.prependGroupId=true", NULL};
		rc = bld_run_tool(copy_deps, scratch, NULL, err);
	}
	if (!rc)
		rc = collect_maven_output(it, scratch, dest, err);
	if (scratch)
		bld_remove_tree(scratch, NULL);
	free(scratch);
	free(dest);
	return rc;
}

int bld_run_workflow(const bld_item *it, const char *artifact, bool follow_external,
		     const bld_filter *filter, samc_error **err)
{
	if (it->workflow == BLD_WF_MAKEFILE)
		return makefile_build(it, artifact, follow_external, filter, err);
	if (it->workflow == BLD_WF_JAVA_MAVEN)
		return java_maven(it, artifact, follow_external, filter, err);
	if (it->workflow == BLD_WF_JAVA_GRADLE)
		return bld_java_gradle(it, artifact, err);
	char *dest = bld_destination(it, artifact);
	if (!dest)
		return SAMC_ENOMEM;
	bld_filter node_filter = {.node = true, .away = filter ? filter->away : NULL};
	int rc = 0;
	if (it->workflow == BLD_WF_NODEJS_NPM)
		rc = bld_nodejs_npm(it, dest, follow_external, &node_filter, err);
	else
		rc = bld_copy_tree(it->code_dir, dest, follow_external, filter, err);
	if (!rc && it->workflow == BLD_WF_PYTHON_PIP)
		rc = python_pip(it, dest, err);
	free(dest);
	return rc;
}
