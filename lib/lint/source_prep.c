/* source_prep.c — the template the rule families read: the source, or a copy of it with
 * AWS::LanguageExtensions expanded and local (or absent: ".") code paths as placeholder S3 URIs. */
#include <stdlib.h>
#include <string.h>

#include "lint/lint.h"
#include "transform/language_extensions.h"
#include "transform/parameters.h"
#include "util/buf.h"
#include "util/error.h"

/* Stands for a local path that `samc package` (or sam package) would upload. */
#define PLACEHOLDER_URI "s3://samc-lint-placeholder/local-artifact"

typedef struct artifact_property {
	const char *type, *property;
} artifact_property;

static const artifact_property ARTIFACTS[] = {
	{"AWS::Serverless::Function", "CodeUri"},
	{"AWS::Serverless::LayerVersion", "ContentUri"},
	{"AWS::Serverless::Api", "DefinitionUri"},
	{"AWS::Serverless::HttpApi", "DefinitionUri"},
	{"AWS::Serverless::StateMachine", "DefinitionUri"},
};

/* Globals section -> the property it may give every resource of that type. */
static const artifact_property GLOBAL_ARTIFACTS[] = {
	{"Function", "CodeUri"},
	{"Api", "DefinitionUri"},
	{"HttpApi", "DefinitionUri"},
	{"StateMachine", "DefinitionUri"},
};

static bool is_local_path(const cJSON *v)
{
	return cJSON_IsString(v) && strncmp(v->valuestring, "s3://", 5) != 0;
}

/* Replaces props[property] when it is a local path; the placeholder keeps its position. */
static int replace_local_path(cJSON *props, const char *property)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(props, property);
	if (!cJSON_IsObject(props) || !is_local_path(v))
		return 0;
	cJSON *repl = cJSON_CreateString(PLACEHOLDER_URI);
	if (!repl)
		return SAMC_ENOMEM;
	samc_pos pos;
	if (samc_node_pos(v, &pos))
		samc_node_set_pos(repl, pos);
	cJSON_ReplaceItemInObjectCaseSensitive(props, property, repl);
	return 0;
}

static bool is_image_function(const cJSON *props)
{
	const cJSON *pkg = cJSON_GetObjectItemCaseSensitive(props, "PackageType");
	return cJSON_IsString(pkg) && strcmp(pkg->valuestring, "Image") == 0;
}

/* Zip is the default package type; Image or an intrinsic is not known to be Zip. */
static bool is_zip_function(const cJSON *props)
{
	const cJSON *pkg = cJSON_GetObjectItemCaseSensitive(props, "PackageType");
	return !pkg || (cJSON_IsString(pkg) && strcmp(pkg->valuestring, "Zip") == 0);
}

/* The code property a resource leaves out that packaging fills with the template's folder
 * (SAM CLI's CodeUri "."): a Zip function's CodeUri without InlineCode or a Globals CodeUri,
 * a layer's ContentUri. NULL when nothing is missing. */
static const char *missing_code_property(const char *type, const cJSON *props,
					 bool global_code_uri)
{
	if (strcmp(type, "AWS::Serverless::Function") == 0)
		return global_code_uri || !is_zip_function(props) ||
				       cJSON_GetObjectItemCaseSensitive(props, "InlineCode") ||
				       cJSON_GetObjectItemCaseSensitive(props, "CodeUri")
			       ? NULL
			       : "CodeUri";
	if (strcmp(type, "AWS::Serverless::LayerVersion") == 0)
		return cJSON_GetObjectItemCaseSensitive(props, "ContentUri") ? NULL : "ContentUri";
	return NULL;
}

/* Adds props[property] = the placeholder, at the position of the resource. */
static int add_placeholder(cJSON *props, const char *property, const cJSON *res)
{
	cJSON *v = cJSON_CreateString(PLACEHOLDER_URI);
	if (!v)
		return SAMC_ENOMEM;
	samc_pos pos;
	if (samc_node_pos(res, &pos))
		samc_node_set_pos(v, pos);
	if (!cJSON_AddItemToObject(props, property, v)) {
		cJSON_Delete(v);
		return SAMC_ENOMEM;
	}
	return 0;
}

/* What preparing does to one resource: nothing, add a missing code property, or replace a
 * local path. */
typedef struct code_fix {
	enum { FIX_NONE, FIX_ADD, FIX_REPLACE } kind;
	const char *property;
} code_fix;

static code_fix resource_fix(const cJSON *res, bool global_code_uri)
{
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(res, "Type");
	const cJSON *props = cJSON_GetObjectItemCaseSensitive(res, "Properties");
	if (!cJSON_IsString(type) || !cJSON_IsObject(props))
		return (code_fix){FIX_NONE, NULL};
	const char *missing = missing_code_property(type->valuestring, props, global_code_uri);
	if (missing)
		return (code_fix){FIX_ADD, missing};
	for (size_t i = 0; i < sizeof(ARTIFACTS) / sizeof(ARTIFACTS[0]); i++)
		if (strcmp(type->valuestring, ARTIFACTS[i].type) == 0 && !(i == 0 && is_image_function(props)))
			return is_local_path(cJSON_GetObjectItemCaseSensitive(props, ARTIFACTS[i].property))
				       ? (code_fix){FIX_REPLACE, ARTIFACTS[i].property}
				       : (code_fix){FIX_NONE, NULL};
	return (code_fix){FIX_NONE, NULL};
}

static cJSON *globals_section(const cJSON *root, const char *name)
{
	const cJSON *globals = cJSON_GetObjectItemCaseSensitive(root, "Globals");
	return cJSON_IsObject(globals) ? cJSON_GetObjectItemCaseSensitive(globals, name) : NULL;
}

static bool has_global_code_uri(const cJSON *root)
{
	const cJSON *fn = globals_section(root, "Function");
	return cJSON_IsObject(fn) && cJSON_GetObjectItemCaseSensitive(fn, "CodeUri") != NULL;
}

/* Whether a Globals section gives a local path: that one is replaced too. */
static bool global_fix(const cJSON *root, size_t i)
{
	const cJSON *section = globals_section(root, GLOBAL_ARTIFACTS[i].type);
	return cJSON_IsObject(section) &&
	       is_local_path(cJSON_GetObjectItemCaseSensitive(section, GLOBAL_ARTIFACTS[i].property));
}

#define NGLOBAL_ARTIFACTS (sizeof(GLOBAL_ARTIFACTS) / sizeof(GLOBAL_ARTIFACTS[0]))

/* Whether replace_local_paths would change anything in root. */
static bool has_local_paths(const cJSON *root)
{
	bool global_code_uri = has_global_code_uri(root);
	const cJSON *res;
	cJSON_ArrayForEach(res, cJSON_GetObjectItemCaseSensitive(root, "Resources"))
		if (resource_fix(res, global_code_uri).kind != FIX_NONE)
			return true;
	for (size_t i = 0; i < NGLOBAL_ARTIFACTS; i++)
		if (global_fix(root, i))
			return true;
	return false;
}

static int replace_local_paths(cJSON *root)
{
	int rc = 0;
	bool global_code_uri = has_global_code_uri(root);
	cJSON *res;
	cJSON_ArrayForEach(res, cJSON_GetObjectItemCaseSensitive(root, "Resources")) {
		code_fix fix = resource_fix(res, global_code_uri);
		cJSON *props = cJSON_GetObjectItemCaseSensitive(res, "Properties");
		if (fix.kind == FIX_ADD)
			rc = add_placeholder(props, fix.property, res);
		else if (fix.kind == FIX_REPLACE)
			rc = replace_local_path(props, fix.property);
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < NGLOBAL_ARTIFACTS; i++)
		if ((rc = replace_local_path(globals_section(root, GLOBAL_ARTIFACTS[i].type),
					     GLOBAL_ARTIFACTS[i].property)))
			return rc;
	return 0;
}

static int expand_language_extensions(cJSON *root, const samc_document *doc,
				      const samc_lint_options *opts, samc_error **why)
{
	if (!samc_langext_declares(root, LX_TRANSFORM))
		return 0;
	cJSON *overrides = cJSON_CreateObject();
	if (!overrides)
		return SAMC_ENOMEM;
	int rc = samc_parse_parameter_overrides(opts->parameter_overrides, overrides, why);
	if (rc == 0)
		rc = samc_language_extensions(root, overrides, opts->region ? opts->region : "us-east-1",
					      doc->name, why);
	cJSON_Delete(overrides);
	return rc;
}

/* Whether preparing changes root: language extensions to expand, or a code path to fill in or
 * replace. Otherwise the rule families read the document itself, not a copy. */
static bool needs_preparation(const cJSON *root)
{
	return cJSON_IsObject(root) && (samc_langext_declares(root, LX_TRANSFORM) || has_local_paths(root));
}

int lint_prepare_source(const samc_document *doc, const samc_lint_options *opts,
			samc_document **out, samc_error **why)
{
	*out = NULL;
	if (!needs_preparation(doc->root))
		return 0;
	samc_document *copy = calloc(1, sizeof(*copy));
	if (!copy || !(copy->root = cJSON_Duplicate(doc->root, 1)) ||
	    (doc->name && !(copy->name = samc_strdup(doc->name)))) {
		samc_document_free(copy);
		return SAMC_ENOMEM;
	}
	int rc = cJSON_IsObject(copy->root) ? expand_language_extensions(copy->root, doc, opts, why) : 0;
	if (rc == 0 && cJSON_IsObject(copy->root))
		rc = replace_local_paths(copy->root);
	if (rc) {
		samc_document_free(copy);
		return rc;
	}
	*out = copy;
	return 0;
}
