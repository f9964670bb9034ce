/* template.c — samc_package: walks a template for local artifacts (Resources by the table in
 * artifacts.c, Globals.Function.CodeUri, the ServerlessRepo metadata), packages each through
 * package.c and writes the new values; nested templates are packaged the same way. */
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "json/members.h"
#include "package/checksum.h"
#include "package/output.h"
#include "package/package_int.h"
#include "util/buf.h"
#include "util/error.h"

#define PACKAGE_MAX_NESTING 8

static const pkg_rule SERVERLESS_REPO_RULES[] = {
	{"AWS::ServerlessRepo::Application", "LicenseUrl", PKG_URI, false, false, false},
	{"AWS::ServerlessRepo::Application", "ReadmeUrl", PKG_URI, false, false, false},
};

typedef struct pkg_doc {
	pkg_run *run;
	const samc_document *source;
	const char *base_dir; /* relative paths resolve against it */
	bool global_code_uri; /* Globals.Function.CodeUri is there and is not a local path */
} pkg_doc;

static cJSON *get(const cJSON *obj, const char *name)
{
	return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, name) : NULL;
}

static const char *get_string(const cJSON *obj, const char *name)
{
	const cJSON *v = get(obj, name);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static char *s3_key(const pkg_run *r, const char *name)
{
	const char *prefix = r->opts->s3_prefix;
	if (!prefix || !*prefix)
		return samc_strdup(name);
	size_t len = strlen(prefix);
	while (len > 0 && prefix[len - 1] == '/')
		len--;
	return samc_strfmt("%.*s/%s", (int)len, prefix, name);
}

static cJSON *bucket_key_object(const char *bucket_field, const char *key_field, const char *bucket,
				const char *key)
{
	cJSON *o = cJSON_CreateObject();
	if (o && (!cJSON_AddStringToObject(o, bucket_field, bucket) ||
		  !cJSON_AddStringToObject(o, key_field, key))) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* The value that replaces a local path: where the artifact will be in S3, or (offline) the
 * artifact's name in the output folder. */
static cJSON *packaged_value(const pkg_run *r, const pkg_rule *rule, const char *name, const char *key)
{
	const char *bucket = r->opts->s3_bucket;
	char *text = NULL;
	if (!bucket) {
		const char *prefix = r->opts->local_prefix ? r->opts->local_prefix : "";
		text = samc_strfmt("%s%s", prefix, name);
		cJSON *v = text ? cJSON_CreateString(text) : NULL;
		free(text);
		return v;
	}
	const char *region = r->opts->region ? r->opts->region : "us-east-1";
	switch (rule->form) {
	case PKG_BUCKET_KEY:
		return bucket_key_object("Bucket", "Key", bucket, key);
	case PKG_S3_BUCKET_KEY:
		return bucket_key_object("S3Bucket", "S3Key", bucket, key);
	case PKG_HTTPS_URL:
		text = samc_strfmt("https://s3.%s.amazonaws.com%s/%s/%s", region,
				   strncmp(region, "cn-", 3) == 0 ? ".cn" : "", bucket, key);
		break;
	case PKG_URI:
		text = samc_strfmt("s3://%s/%s", bucket, key);
		break;
	}
	cJSON *v = text ? cJSON_CreateString(text) : NULL;
	free(text);
	return v;
}

static int record(pkg_doc *d, const char *resource, const pkg_rule *rule, const char *path,
		  const pkg_result *res, const char *key)
{
	char *file = samc_strfmt("%s/%s", d->run->opts->output_dir, res->name);
	if (!file)
		return SAMC_ENOMEM;
	samc_artifact a = {.resource = resource, .property = rule->path, .source = path,
			   .file = file, .key = key, .zipped = res->zipped};
	int rc = pkg_list_add(d->run->list, &a);
	free(file);
	return rc;
}

/* Gives a packaging failure the template position it belongs to: the headline becomes
 * "<resource> <property>: <what went wrong>", with one cause at the property's line:column. */
static int locate_error(pkg_doc *d, int rc, const cJSON *at, const char *resource,
			const pkg_rule *rule, const char *path)
{
	samc_error **err = d->run->err;
	if (!err)
		return rc;
	samc_pos pos = {0, 0};
	samc_node_pos(at, &pos);
	const char *file = d->source->name;
	if (!*err) {
		rc = SAMC_EINVALID;
		samc_error_set(err, rc, file, pos.line, pos.column, "%s %s: %s: no such file or folder",
			       resource, rule->path, path);
	} else {
		char *message = samc_strfmt("%s %s: %s", resource, rule->path, (*err)->message);
		if (!message)
			return SAMC_ENOMEM;
		free((*err)->message);
		(*err)->message = message;
		if (!(*err)->file && file)
			(*err)->file = samc_strdup(file);
		(*err)->line = pos.line;
		(*err)->column = pos.column;
	}
	if (*err && (*err)->ncauses == 0)
		samc_error_add_cause(*err, (*err)->message, pos.line, pos.column);
	return rc;
}

/* Replaces (or adds) parent[name] with the packaged value, keeping the old node's position. */
static int write_value(const pkg_rule *rule, cJSON *parent, const char *name, const cJSON *at,
		       cJSON *value)
{
	samc_pos pos;
	if (samc_node_pos(at, &pos))
		samc_node_set_pos(value, pos);
	if (get(parent, name))
		return cJSON_ReplaceItemInObjectCaseSensitive(parent, name, value) ? 0 : SAMC_ENOMEM;
	(void)rule;
	return cJSON_AddItemToObject(parent, name, value) ? 0 : SAMC_ENOMEM;
}

/* An absent property means the template's folder (SAM CLI's "."), except for a function that
 * takes an S3 or intrinsic CodeUri from Globals when the template is transformed. */
static bool defaults_to_dir(const pkg_doc *d, const pkg_rule *rule)
{
	return rule->default_to_dir &&
	       !(d->global_code_uri && strcmp(rule->type, "AWS::Serverless::Function") == 0);
}

static int package_property(pkg_doc *d, const char *resource, cJSON *props, const cJSON *at,
			    const pkg_rule *rule)
{
	cJSON *parent;
	const char *name;
	cJSON *v = pkg_rule_locate(rule, props, &parent, &name);
	const char *local;
	if (!v && parent && defaults_to_dir(d, rule))
		local = ".";
	else if (cJSON_IsString(v) && pkg_is_local_path(v->valuestring))
		local = v->valuestring;
	else
		return 0;
	char *path = local[0] == '/' ? samc_strdup(local) : samc_strfmt("%s/%s", d->base_dir, local);
	if (!path)
		return SAMC_ENOMEM;
	pkg_result res = {{0}, false};
	char *key = NULL;
	cJSON *value = NULL;
	int rc = pkg_package_path(d->run, rule, path, &res);
	if (rc)
		rc = locate_error(d, rc, v ? v : at, resource, rule, path);
	if (!rc && !(key = s3_key(d->run, res.name)))
		rc = SAMC_ENOMEM;
	if (!rc && !(value = packaged_value(d->run, rule, res.name, key)))
		rc = SAMC_ENOMEM;
	if (!rc) {
		rc = write_value(rule, parent, name, v ? v : at, value);
		value = NULL;
	}
	if (!rc)
		rc = record(d, resource, rule, path, &res, key);
	cJSON_Delete(value);
	free(key);
	free(path);
	return rc;
}

/* Functions whose code is not a local artifact: images and inline code. */
static bool has_no_local_code(const cJSON *props, const char *type)
{
	const char *package_type = get_string(props, "PackageType");
	if (package_type && strcmp(package_type, "Image") == 0)
		return true;
	return strcmp(type, "AWS::Serverless::Function") == 0 && get(props, "InlineCode");
}

static int package_resource(pkg_doc *d, cJSON *resource)
{
	const char *type = get_string(resource, "Type");
	size_t n;
	const pkg_rule *rules = pkg_rules_for(type, &n);
	if (!n || !cJSON_IsObject(resource))
		return 0;
	cJSON *props = get(resource, "Properties");
	if (!props && rules[0].default_to_dir) {
		props = SAMC_JSON_ADD_OBJECT(resource, "Properties");
		if (!props)
			return SAMC_ENOMEM;
	}
	if (!cJSON_IsObject(props) || has_no_local_code(props, type))
		return 0;
	int rc = 0;
	for (size_t i = 0; !rc && i < n; i++)
		rc = package_property(d, resource->string, props, resource, &rules[i]);
	return rc;
}

/* Globals.Function.CodeUri as a local path is copied into every function that takes its code
 * from it, then dropped from Globals: each function now names its own artifact. */
static int apply_global_code_uri(cJSON *root)
{
	cJSON *globals_fn = get(get(root, "Globals"), "Function");
	const cJSON *code_uri = get(globals_fn, "CodeUri");
	if (!cJSON_IsString(code_uri) || !pkg_is_local_path(code_uri->valuestring))
		return 0;
	cJSON *resources = get(root, "Resources");
	for (cJSON *r = resources ? resources->child : NULL; r; r = r->next) {
		const char *type = get_string(r, "Type");
		if (!type || strcmp(type, "AWS::Serverless::Function") != 0)
			continue;
		cJSON *props = get(r, "Properties");
		if (!props && !(props = SAMC_JSON_ADD_OBJECT(r, "Properties")))
			return SAMC_ENOMEM;
		if (!cJSON_IsObject(props) || get(props, "CodeUri") || has_no_local_code(props, type))
			continue;
		cJSON *copy = cJSON_Duplicate(code_uri, 1);
		if (!copy || !SAMC_JSON_ADD(props, "CodeUri", copy)) {
			cJSON_Delete(copy);
			return SAMC_ENOMEM;
		}
	}
	cJSON_DeleteItemFromObjectCaseSensitive(globals_fn, "CodeUri");
	return 0;
}

static int package_metadata(pkg_doc *d, cJSON *root)
{
	cJSON *app = get(get(root, "Metadata"), "AWS::ServerlessRepo::Application");
	int rc = 0;
	size_t n = sizeof(SERVERLESS_REPO_RULES) / sizeof(SERVERLESS_REPO_RULES[0]);
	for (size_t i = 0; !rc && app && i < n; i++)
		rc = package_property(d, "Metadata", app, app, &SERVERLESS_REPO_RULES[i]);
	return rc;
}

static int package_root(pkg_doc *d, cJSON *root)
{
	int rc = apply_global_code_uri(root);
	d->global_code_uri = get(get(get(root, "Globals"), "Function"), "CodeUri") != NULL;
	cJSON *resources = get(root, "Resources");
	for (cJSON *r = resources ? resources->child : NULL; !rc && r; r = r->next)
		rc = package_resource(d, r);
	if (!rc)
		rc = package_metadata(d, root);
	return rc;
}

static int package_document(pkg_run *r, const samc_document *doc, const char *base_dir,
			    samc_document **out)
{
	pkg_doc d = {.run = r, .source = doc, .base_dir = base_dir};
	samc_document *result = calloc(1, sizeof(*result));
	if (!result)
		return SAMC_ENOMEM;
	result->root = cJSON_Duplicate(doc->root, 1);
	int rc = result->root ? 0 : SAMC_ENOMEM;
	if (!rc && doc->name && !(result->name = samc_strdup(doc->name)))
		rc = SAMC_ENOMEM;
	if (!rc)
		rc = package_root(&d, result->root);
	if (rc) {
		samc_document_free(result);
		return rc;
	}
	*out = result;
	return 0;
}

int pkg_package_nested(pkg_run *r, const char *path, pkg_result *res)
{
	if (r->nesting >= PACKAGE_MAX_NESTING)
		return samc_error_set(r->err, SAMC_ELIMIT, path, 0, 0,
				      "nested templates go more than %d levels deep (does a template "
				      "include itself?)",
				      PACKAGE_MAX_NESTING);
	samc_document *child = NULL, *packaged = NULL;
	char *dir = samc_path_dir(path), *text = NULL;
	size_t len = 0;
	int rc = dir ? samc_document_load_file(&child, path, NULL, r->err) : SAMC_ENOMEM;
	r->nesting++;
	if (!rc)
		rc = package_document(r, child, dir, &packaged);
	r->nesting--;
	if (!rc)
		rc = samc_document_render(packaged, SAMC_FORMAT_YAML, &text, &len, r->err);
	if (!rc)
		rc = pkg_bytes_md5(text, len, res->name);
	if (!rc) {
		strcat(res->name, ".template");
		char *final = samc_strfmt("%s/%s", r->opts->output_dir, res->name);
		rc = !final ? SAMC_ENOMEM : pkg_exists(final) ? 0 : pkg_write_bytes(text, len, final, r->err);
		free(final);
	}
	free(text);
	free(dir);
	samc_document_free(packaged);
	samc_document_free(child);
	return rc;
}

int samc_package(const samc_document *doc, const samc_package_options *opts, samc_document **out,
		 samc_artifact_list **artifacts, samc_error **err)
{
	if (out)
		*out = NULL;
	if (artifacts)
		*artifacts = NULL;
	if (!doc || !opts || !opts->output_dir || !*opts->output_dir)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "samc_package needs a document and an output folder");
	samc_artifact_list *list = calloc(1, sizeof(*list));
	if (!list)
		return SAMC_ENOMEM;
	pkg_run r = {.opts = opts, .list = list, .err = err};
	samc_document *packaged = NULL;
	int rc = pkg_make_dirs(opts->output_dir, err);
	if (!rc)
		rc = package_document(&r, doc, opts->base_dir ? opts->base_dir : ".", &packaged);
	if (rc || !out)
		samc_document_free(packaged);
	else
		*out = packaged;
	if (rc || !artifacts)
		samc_artifact_list_free(list);
	else
		*artifacts = list;
	return rc;
}
