/* workflow_gradle.c — the java/Gradle workflow: which gradle runs (gradlew, else gradle), the init
 * script that keeps its outputs in scratch and gathers the runtime jars, the artifact's layout. */
#define _GNU_SOURCE /* realpath */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "build/build_int.h"
#include "package/output.h"
#include "util/error.h"

#define SCRATCH_PROPERTY "samc.build.scratch-dir"
#define INIT_SCRIPT_NAME "samc-build-init.gradle"
#define RUNTIME_LIB_DIR "samc-lib" /* below a project's build folder: its runtime classpath */

/* Every project's build folder moves to <scratch>/<SHA-1 of its canonical folder>/build, so
 * nothing is written into the sources; after a project's `build` task its runtime classpath is
 * copied into <build folder>/samc-lib. */
static const char INIT_SCRIPT[] =
	"// Written by samc build: outputs under the scratch folder, runtime jars gathered.\n"
	"import java.nio.file.Files\n"
	"import java.nio.file.StandardCopyOption\n"
	"import java.security.MessageDigest\n"
	"\n"
	"def samcScratch = System.getProperty('" SCRATCH_PROPERTY "')\n"
	"if (samcScratch == null) {\n"
	"    throw new GradleException(\"the system property " SCRATCH_PROPERTY " is not set\")\n"
	"}\n"
	"\n"
	"def samcBuildDir = { project ->\n"
	"    def folder = project.projectDir.canonicalPath\n"
	"    def digest = MessageDigest.getInstance('SHA-1').digest(folder.getBytes('UTF-8'))\n"
	"    new File(new File(samcScratch, digest.encodeHex().toString()), 'build')\n"
	"}\n"
	"\n"
	"gradle.afterProject { project ->\n"
	"    project.layout.buildDirectory.set(samcBuildDir(project))\n"
	"}\n"
	"\n"
	"gradle.taskGraph.afterTask { task ->\n"
	"    if (task.name != 'build' || task.state.failure != null) {\n"
	"        return\n"
	"    }\n"
	"    def lib = new File(samcBuildDir(task.project), '" RUNTIME_LIB_DIR "')\n"
	"    lib.mkdirs()\n"
	"    def classpath = task.project.configurations.findByName('runtimeClasspath')\n"
	"    classpath?.files?.each { jar ->\n"
	"        if (jar.isFile()) {\n"
	"            Files.copy(jar.toPath(), new File(lib, jar.name).toPath(),\n"
	"                       StandardCopyOption.REPLACE_EXISTING)\n"
	"        }\n"
	"    }\n"
	"}\n";

/* ---- which gradle ---- */

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* dir/gradlew when it is an executable file; *unusable notes one that is not executable. */
static char *wrapper_in(const char *dir, char **unusable)
{
	char *path = dir ? samc_strfmt("%s/gradlew", dir) : NULL;
	if (path && is_file(path) && access(path, X_OK) == 0)
		return path;
	if (path && is_file(path) && !*unusable) {
		*unusable = path;
		return NULL;
	}
	free(path);
	return NULL;
}

/* The error when there is no gradle: both places named, and a gradlew that cannot run. */
static int not_found(const char *code, const char *project, const char *unusable,
		     samc_error **err)
{
	return samc_error_set(err, SAMC_EIO, NULL, 0, 0,
			      "gradle: not found on PATH, and no gradlew in %s%s%s; install Gradle "
			      "or add a gradlew wrapper%s%s%s",
			      code, project ? " or " : "", project ? project : "",
			      unusable ? " (" : "", unusable ? unusable : "",
			      unusable ? " is not executable: chmod +x it)" : "");
}

/* The Gradle program: gradlew in the code folder, the project folder or on PATH, else gradle
 * on PATH (malloc'd path); SAMC_EIO naming both places when there is none. */
static int gradle_program(const bld_item *it, char **out, samc_error **err)
{
	char *unusable = NULL;
	char *code = bld_normalize_path(it->code_dir);
	char *project = it->project_dir ? bld_normalize_path(it->project_dir) : NULL;
	if (!code || (it->project_dir && !project)) {
		free(code);
		free(project);
		return SAMC_ENOMEM;
	}
	if (project && strcmp(project, code) == 0) {
		free(project);
		project = NULL;
	}
	*out = wrapper_in(code, &unusable);
	if (!*out && project)
		*out = wrapper_in(project, &unusable);
	if (!*out)
		*out = bld_find_program("gradlew");
	if (!*out)
		*out = bld_find_program("gradle");
	int rc = *out ? 0 : not_found(code, project, unusable, err);
	free(unusable);
	free(code);
	free(project);
	return rc;
}

/* ---- where the outputs are ---- */

/* <scratch>/<SHA-1 hex of the code folder's real path>/build: what the init script sets as the
 * build folder of the project in the code folder. */
static int project_build_dir(const char *scratch, const char *code_dir, char **out,
			     samc_error **err)
{
	static const char digits[] = "0123456789abcdef";
	char *real = realpath(code_dir, NULL);
	if (!real)
		return samc_error_set(err, SAMC_EIO, NULL, 0, 0, "%s: %s", code_dir, strerror(errno));
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned len = 0;
	int rc = EVP_Digest(real, strlen(real), md, &len, EVP_sha1(), NULL) == 1 && len == 20
			 ? 0
			 : SAMC_EINTERNAL;
	free(real);
	char hex[41];
	for (unsigned i = 0; !rc && i < 20; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[40] = '\0';
	if (!rc && !(*out = samc_strfmt("%s/%s/build", scratch, hex)))
		rc = SAMC_ENOMEM;
	return rc;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---- the artifact ---- */

/* Copies the files of dir whose names end in suffix (all when suffix is NULL) into dst. */
static int copy_matching(const char *dir, const char *suffix, const char *dst, samc_error **err)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0
				       : samc_error_set(err, SAMC_EIO, NULL, 0, 0, "%s: %s", dir,
							strerror(errno));
	int rc = 0;
	struct dirent *e;
	while (!rc && (e = readdir(d))) {
		size_t n = strlen(e->d_name), m = suffix ? strlen(suffix) : 0;
		if (n < m || strcmp(e->d_name + n - m, suffix ? suffix : "") != 0)
			continue;
		char *src = samc_strfmt("%s/%s", dir, e->d_name);
		char *to = samc_strfmt("%s/%s", dst, e->d_name);
		pkg_file f = {.relpath = e->d_name, .path = src};
		rc = src && to ? 0 : SAMC_ENOMEM;
		if (!rc && is_file(src)) {
			rc = pkg_make_dirs(dst, err);
			if (!rc)
				rc = bld_copy_file(&f, to, err);
		}
		free(src);
		free(to);
	}
	closedir(d);
	return rc;
}

/* The compiled classes of every language (classes/java/main, classes/kotlin/main ...) into
 * dest; *found says whether there was any. */
static int copy_classes(const char *build, const char *dest, bool *found, samc_error **err)
{
	char *classes = samc_strfmt("%s/classes", build);
	DIR *d = classes ? opendir(classes) : NULL;
	int rc = classes ? 0 : SAMC_ENOMEM;
	struct dirent *e;
	while (!rc && d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *main = samc_strfmt("%s/%s/main", classes, e->d_name);
		if (!main)
			rc = SAMC_ENOMEM;
		else if (is_dir(main)) {
			*found = true;
			rc = bld_copy_tree(main, dest, true, NULL, err);
		}
		free(main);
	}
	if (d)
		closedir(d);
	free(classes);
	return rc;
}

/* A function: classes and resources at the top, the runtime jars in lib/. */
static int lay_out_function(const char *build, const char *dest, samc_error **err)
{
	char *resources = samc_strfmt("%s/resources/main", build);
	char *jars = samc_strfmt("%s/" RUNTIME_LIB_DIR, build);
	char *lib = samc_strfmt("%s/lib", dest);
	bool found = false;
	int rc = resources && jars && lib ? copy_classes(build, dest, &found, err) : SAMC_ENOMEM;
	if (!rc && !found)
		rc = samc_error_set(err, SAMC_EINVALID, NULL, 0, 0,
				    "'gradle build' produced no classes (no classes/<language>/main "
				    "in its build folder %s)",
				    build);
	if (!rc && is_dir(resources))
		rc = bld_copy_tree(resources, dest, true, NULL, err);
	if (!rc)
		rc = copy_matching(jars, ".jar", lib, err);
	free(resources);
	free(jars);
	free(lib);
	return rc;
}

/* A layer: its own jar (libs/) and its runtime jars, all in lib/ (Lambda reads java/lib). */
static int lay_out_layer(const char *build, const char *dest, samc_error **err)
{
	char *libs = samc_strfmt("%s/libs", build);
	char *jars = samc_strfmt("%s/" RUNTIME_LIB_DIR, build);
	char *lib = samc_strfmt("%s/lib", dest);
	int rc = libs && jars && lib ? copy_matching(libs, ".jar", lib, err) : SAMC_ENOMEM;
	if (!rc)
		rc = copy_matching(jars, ".jar", lib, err);
	free(libs);
	free(jars);
	free(lib);
	return rc;
}

static int collect(const bld_item *it, const char *scratch, const char *artifact,
		   samc_error **err)
{
	char *build = NULL, *jars = NULL, *dest = bld_destination(it, artifact);
	int rc = dest ? project_build_dir(scratch, it->code_dir, &build, err) : SAMC_ENOMEM;
	if (!rc && !(jars = samc_strfmt("%s/" RUNTIME_LIB_DIR, build)))
		rc = SAMC_ENOMEM;
	if (!rc && !is_dir(jars))
		rc = samc_error_set(err, SAMC_EINVALID, NULL, 0, 0,
				    "'gradle build' succeeded but built no project in %s (is it a "
				    "Gradle project, and does it have a 'build' task?)",
				    it->code_dir);
	if (!rc)
		rc = it->kind == SAMC_BUILD_LAYER ? lay_out_layer(build, dest, err)
						  : lay_out_function(build, dest, err);
	free(build);
	free(jars);
	free(dest);
	return rc;
}

/* ---- the run ---- */

static int run_gradle(const bld_item *it, const char *program, const char *scratch,
		      samc_error **err)
{
	char *init = samc_strfmt("%s/" INIT_SCRIPT_NAME, scratch);
	char *cache = samc_strfmt("%s/gradle-cache", scratch);
	char *property = samc_strfmt("-D" SCRATCH_PROPERTY "=%s", scratch);
	int rc = init && cache && property
			 ? pkg_write_bytes(INIT_SCRIPT, sizeof(INIT_SCRIPT) - 1, init, err)
			 : SAMC_ENOMEM;
	if (!rc) {
		const char *argv[] = {program, "build", "--project-cache-dir", cache, property,
				      "--init-script", init, NULL};
		rc = bld_run_tool(argv, it->code_dir, NULL, err);
	}
	free(init);
	free(cache);
	free(property);
	return rc;
}

int bld_java_gradle(const bld_item *it, const char *artifact, samc_error **err)
{
	char *program = NULL, *scratch = NULL;
	int rc = gradle_program(it, &program, err);
	if (!rc)
		rc = bld_make_scratch(&scratch, err);
	if (!rc)
		rc = run_gradle(it, program, scratch, err);
	if (!rc)
		rc = collect(it, scratch, artifact, err);
	if (scratch)
		bld_remove_tree(scratch, NULL);
	free(scratch);
	free(program);
	return rc;
}
