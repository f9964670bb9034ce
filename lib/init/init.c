/* init.c — samc_init: validates the options, gets the template (location or templates
 * repository + manifest), builds the cookiecutter context and renders the project. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "init/init_int.h"
#include "json/members.h"
#include "util/buf.h"
#include "util/error.h"

struct samc_init_result {
	char *project_dir;
	char *template_desc;
	size_t files;
	init_notes notes;
};

static int nomem(samc_error **err)
{
	return samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
}

static int check_options(const samc_init_options *o, samc_error **err)
{
	if (o->location && (o->runtime || o->app_template || o->dependency_manager || o->package_type))
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "--location cannot be combined with --runtime, --app-template, "
				      "--dependency-manager or --package-type");
	if (!o->location && (o->branch || o->subdirectory))
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "--branch and --subdirectory apply to --location");
	if (o->architecture && strcmp(o->architecture, "x86_64") && strcmp(o->architecture, "arm64"))
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "unknown architecture '%s' (allowed: x86_64, arm64)", o->architecture);
	if (o->package_type && strcmp(o->package_type, "Zip") && strcmp(o->package_type, "Image"))
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "unknown package type '%s' (allowed: Zip, Image)", o->package_type);
	return 0;
}

/* --extra-context overlaid by the values samc's own options give (they win, as in SAM CLI). */
static int overrides_for(const samc_init_options *o, const char *name, cJSON **out, samc_error **err)
{
	*out = NULL;
	cJSON *ov = o->extra_context ? cJSON_Parse(o->extra_context) : cJSON_CreateObject();
	if (!cJSON_IsObject(ov)) {
		cJSON_Delete(ov);
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "--extra-context must be a JSON object such as '{\"key\": "
				      "\"value\"}'");
	}
	bool ok = true;
	if (name) {
		cJSON_DeleteItemFromObjectCaseSensitive(ov, "project_name");
		ok = SAMC_JSON_ADD_STRING(ov, "project_name", name) != NULL;
	}
	if (ok && o->runtime) {
		cJSON_DeleteItemFromObjectCaseSensitive(ov, "runtime");
		ok = SAMC_JSON_ADD_STRING(ov, "runtime", o->runtime) != NULL;
	}
	if (ok && (o->architecture || !o->location)) {
		const char *arch = o->architecture ? o->architecture : "x86_64";
		cJSON *a = cJSON_CreateObject(), *v = cJSON_CreateStringArray(&arch, 1);
		ok = a && v && SAMC_JSON_ADD(a, "value", v);
		if (!ok)
			cJSON_Delete(v);
		cJSON_DeleteItemFromObjectCaseSensitive(ov, "architectures");
		ok = ok && SAMC_JSON_ADD(ov, "architectures", a);
		if (!ok)
			cJSON_Delete(a);
	}
	if (!ok) {
		cJSON_Delete(ov);
		return nomem(err);
	}
	*out = ov;
	return 0;
}

/* The project name: given, asked for (templates repository), or left to the template. */
static int project_name(const samc_init_options *o, char **name, samc_error **err)
{
	*name = NULL;
	if (o->name)
		return (*name = samc_strdup(o->name)) ? 0 : nomem(err);
	if (o->location || !o->prompt || o->no_input)
		return 0;
	int rc = o->prompt(o->prompt_data, "Project name", NULL, 0, "sam-app", name);
	if (!rc && !*name && !(*name = samc_strdup("sam-app")))
		rc = nomem(err);
	return rc ? samc_error_set(err, rc, NULL, 0, 0, "no project name given") : 0;
}

static int render(const samc_init_options *o, const char *root, bool fetched, const char *name,
		  const cJSON *overrides, samc_init_result *r, samc_error **err)
{
	char *cj = init_path_join(root, "cookiecutter.json"), *top = NULL;
	if (!cj)
		return nomem(err);
	bool cookiecutter = init_exists(cj);
	free(cj);
	render_request rq = {.root = root, .output_dir = o->output_dir ? o->output_dir : ".",
			     .force = o->force != 0, .max_bytes = o->max_output_bytes,
			     .plain_name = name};
	if (!cookiecutter && !fetched)
		return samc_error_set(err, SAMC_EINVALID, root, 0, 0,
				      "%s has no cookiecutter.json: a local folder must be a "
				      "cookiecutter template (a git repository or zip without one is "
				      "copied as it is)",
				      root);
	cJSON *ctx = NULL;
	samc_init_options local = *o;
	if (!o->location)
		local.no_input = 1; /* repository templates are generated without questions */
	int rc = 0;
	if (cookiecutter) {
		rc = cc_build_context(root, overrides, &local, &ctx, err);
		if (!rc)
			rc = cc_find_template_dir(root, &top, err);
		rq.top = top;
		rq.context = ctx;
	}
	if (!rc)
		rc = render_tree(&rq, &r->project_dir, &r->files, err);
	cJSON_Delete(ctx);
	free(top);
	return rc;
}

static int from_location(const samc_init_options *o, const char *name, const cJSON *ov,
			 samc_init_result *r, samc_error **err)
{
	init_source src;
	int rc = init_source_open(o->location, o->branch, o->subdirectory, &src, err);
	if (!rc && !(r->template_desc = samc_strdup(o->location)))
		rc = nomem(err);
	if (!rc)
		rc = render(o, src.root, src.fetched, name, ov, r, err);
	init_source_close(&src);
	return rc;
}

static int set_runtime(cJSON *ov, const char *runtime, samc_error **err)
{
	cJSON_DeleteItemFromObjectCaseSensitive(ov, "runtime");
	return SAMC_JSON_ADD_STRING(ov, "runtime", runtime) ? 0 : nomem(err);
}

static int from_repository(const samc_init_options *o, const char *name, cJSON *ov,
			   samc_init_result *r, samc_error **err)
{
	char *dir = NULL, *manifest = NULL, *directory = NULL, *root = NULL, *runtime = NULL;
	int rc = init_templates_checkout(o, &dir, &manifest, &r->template_desc, &r->notes, err);
	if (!rc)
		rc = init_manifest_select(manifest, o, &directory, &runtime, err);
	if (!rc)
		rc = set_runtime(ov, runtime, err);
	if (!rc && !(root = init_path_join(dir, directory)))
		rc = nomem(err);
	if (!rc && !init_is_dir(root))
		rc = samc_error_set(err, SAMC_EINVALID, manifest, 0, 0,
				    "%s names the folder '%s', which is missing", manifest, directory);
	if (!rc && !init_resolves_inside(root, dir))
		rc = samc_error_set(err, SAMC_EINVALID, manifest, 0, 0,
				    "%s names the folder '%s', which leads outside the repository "
				    "through a symbolic link; refused", manifest, directory);
	if (!rc) {
		char *d = samc_strfmt("%s: %s", r->template_desc, directory);
		if (d) {
			free(r->template_desc);
			r->template_desc = d;
		}
		rc = render(o, root, false, name, ov, r, err);
	}
	free(dir);
	free(manifest);
	free(directory);
	free(root);
	free(runtime);
	return rc;
}

int samc_init(const samc_init_options *o, samc_init_result **result, samc_error **err)
{
	*result = NULL;
	int rc = check_options(o, err);
	samc_init_result *r = rc ? NULL : calloc(1, sizeof(*r));
	if (!rc && !r)
		rc = nomem(err);
	char *name = NULL;
	cJSON *ov = NULL;
	if (!rc)
		rc = project_name(o, &name, err);
	if (!rc)
		rc = overrides_for(o, name, &ov, err);
	if (!rc)
		rc = o->location ? from_location(o, name, ov, r, err) : from_repository(o, name, ov, r, err);
	cJSON_Delete(ov);
	free(name);
	if (rc) {
		samc_init_result_free(r);
		return rc;
	}
	*result = r;
	return 0;
}

const char *samc_init_result_project_dir(const samc_init_result *r)
{
	return r ? r->project_dir : NULL;
}

const char *samc_init_result_template(const samc_init_result *r)
{
	return r ? r->template_desc : NULL;
}

size_t samc_init_result_file_count(const samc_init_result *r)
{
	return r ? r->files : 0;
}

size_t samc_init_result_notice_count(const samc_init_result *r)
{
	return r ? r->notes.count : 0;
}

const char *samc_init_result_notice(const samc_init_result *r, size_t i)
{
	return r && i < r->notes.count ? r->notes.items[i] : NULL;
}

void samc_init_result_free(samc_init_result *r)
{
	if (!r)
		return;
	free(r->project_dir);
	free(r->template_desc);
	init_notes_free(&r->notes);
	free(r);
}
