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

static int replace_in_resource(cJSON *res, bool global_code_uri)
{
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(res, "Type");
	cJSON *props = cJSON_GetObjectItemCaseSensitive(res, "Properties");
	if (!cJSON_IsString(type) || !cJSON_IsObject(props))
		return 0;
	const char *missing = missing_code_property(type->valuestring, props, global_code_uri);
	if (missing)
		return add_placeholder(props, missing, res);
	for (size_t i = 0; i < sizeof(ARTIFACTS) / sizeof(ARTIFACTS[0]); i++)
		if (strcmp(type->valuestring, ARTIFACTS[i].type) == 0 &&
		    !(i == 0 && is_image_function(props)))
			return replace_local_path(props, ARTIFACTS[i].property);
	return 0;
}

static int replace_local_paths(cJSON *root)
{
	int rc = 0;
	cJSON *globals = cJSON_GetObjectItemCaseSensitive(root, "Globals");
	cJSON *globals_fn = cJSON_IsObject(globals) ? cJSON_GetObjectItemCaseSensitive(globals, "Function")
						    : NULL;
	bool global_code_uri = cJSON_IsObject(globals_fn) &&
			       cJSON_GetObjectItemCaseSensitive(globals_fn, "CodeUri") != NULL;
	cJSON *res;
	cJSON_ArrayForEach(res, cJSON_GetObjectItemCaseSensitive(root, "Resources"))
		if ((rc = replace_in_resource(res, global_code_uri)))
			return rc;
	for (size_t i = 0; cJSON_IsObject(globals) && i < sizeof(GLOBAL_ARTIFACTS) / sizeof(GLOBAL_ARTIFACTS[0]); i++) {
		cJSON *section = cJSON_GetObjectItemCaseSensitive(globals, GLOBAL_ARTIFACTS[i].type);
		if ((rc = replace_local_path(section, GLOBAL_ARTIFACTS[i].property)))
			return rc;
	}
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

/* Whether preparing could change root: language extensions, Globals, or a resource of a type
 * with a code path. */
static bool needs_preparation(const cJSON *root)
{
	if (!cJSON_IsObject(root))
		return false;
	if (samc_langext_declares(root, LX_TRANSFORM) ||
	    cJSON_GetObjectItemCaseSensitive(root, "Globals"))
		return true;
	const cJSON *res;
	cJSON_ArrayForEach(res, cJSON_GetObjectItemCaseSensitive(root, "Resources")) {
		const cJSON *type = cJSON_GetObjectItemCaseSensitive(res, "Type");
		for (size_t i = 0; cJSON_IsString(type) && i < sizeof(ARTIFACTS) / sizeof(ARTIFACTS[0]); i++)
			if (strcmp(type->valuestring, ARTIFACTS[i].type) == 0)
				return true;
	}
	return false;
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
