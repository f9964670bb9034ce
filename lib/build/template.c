/* template.c — the built template: the source template with the code of every built function
 * and layer pointing at its artifact folder, and every other relative local path (by the
 * packageable-property table) re-based from the template's folder to the build folder. */
#include <stdlib.h>
#include <string.h>

#include "build/build_int.h"
#include "json/members.h"
#include "package/artifacts.h"
#include "util/error.h"

static const char *const SERVERLESS_REPO_PATHS[] = {"LicenseUrl", "ReadmeUrl"};

static cJSON *get(const cJSON *obj, const char *name)
{
	return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, name) : NULL;
}

char *bld_normalize_path(const char *path)
{
	size_t len = strlen(path);
	char *out = malloc(len + 2);
	if (!out)
		return NULL;
	size_t n = 0;
	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		size_t seg = strcspn(p, "/");
		if (seg == 0)
			break;
		if (seg == 1 && p[0] == '.') {
			/* nothing */
		} else if (seg == 2 && p[0] == '.' && p[1] == '.') {
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 0)
				n--;
		} else {
			out[n++] = '/';
			memcpy(out + n, p, seg);
			n += seg;
		}
		p += seg;
	}
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
	return out;
}

char *bld_relative_path(const char *target, const char *from)
{
	size_t i = 0;
	while (target[i] && target[i] == from[i])
		i++;
	size_t common = i;
	bool both_end = (target[i] == '\0' || target[i] == '/') && (from[i] == '\0' || from[i] == '/');
	while (!both_end && common > 0 && target[common] != '/')
		common--;
	samc_buf b = SAMC_BUF_INIT;
	for (const char *p = from + common; *p; p++)
		if (*p == '/' && p[1])
			samc_buf_puts(&b, b.len ? "/.." : "..");
	const char *rest = target + common;
	while (*rest == '/')
		rest++;
	if (*rest)
		samc_buf_printf(&b, "%s%s", b.len ? "/" : "", rest);
	if (b.len == 0)
		samc_buf_puts(&b, ".");
	return samc_buf_detach(&b);
}

typedef struct rebase_ctx {
	const char *template_dir;
	const char *build_dir;
} rebase_ctx;

/* A relative local path re-based to the build folder (NULL when it is not one to re-base). */
static char *rebased(const rebase_ctx *c, const cJSON *v)
{
	if (!cJSON_IsString(v) || !pkg_is_local_path(v->valuestring) || v->valuestring[0] == '/')
		return NULL;
	char *joined = samc_strfmt("%s/%s", c->template_dir, v->valuestring);
	char *target = joined ? bld_normalize_path(joined) : NULL;
	char *rel = target ? bld_relative_path(target, c->build_dir) : NULL;
	free(joined);
	free(target);
	return rel;
}

static int set_string(cJSON *parent, const char *name, const char *text)
{
	cJSON *value = cJSON_CreateString(text);
	if (!value)
		return SAMC_ENOMEM;
	cJSON *old = get(parent, name);
	samc_pos pos;
	if (old && samc_node_pos(old, &pos))
		samc_node_set_pos(value, pos);
	if (old)
		return cJSON_ReplaceItemInObjectCaseSensitive(parent, name, value) ? 0 : SAMC_ENOMEM;
	return cJSON_AddItemToObject(parent, name, value) ? 0 : SAMC_ENOMEM;
}

static int rebase_member(const rebase_ctx *c, cJSON *parent, const char *name)
{
	cJSON *v = get(parent, name);
	char *rel = rebased(c, v);
	int rc = rel ? set_string(parent, name, rel) : 0;
	free(rel);
	return rc;
}

static const bld_item *built_item(const bld_plan *plan, const char *id)
{
	for (size_t i = 0; i < plan->count; i++) {
		const bld_item *it = &plan->items[i];
		if (strcmp(it->id, id) == 0 && it->artifact &&
		    (it->status == SAMC_BUILD_BUILT || it->status == SAMC_BUILD_CACHED))
			return it;
	}
	return NULL;
}

static bool is_image(const cJSON *props)
{
	const char *package_type = cJSON_GetStringValue(get(props, "PackageType"));
	return package_type && strcmp(package_type, "Image") == 0;
}

static int point_at_artifact(const rebase_ctx *c, cJSON *resource, const pkg_rule *rule,
			     const bld_item *it)
{
	cJSON *props = get(resource, "Properties");
	if (!props && !(props = SAMC_JSON_ADD_OBJECT(resource, "Properties")))
		return SAMC_ENOMEM;
	cJSON *parent;
	const char *name;
	pkg_rule_locate(rule, props, &parent, &name);
	char *rel = bld_relative_path(it->artifact, c->build_dir);
	int rc = rel && parent ? set_string(parent, name, rel) : SAMC_ENOMEM;
	free(rel);
	return rc;
}

static int update_resource(const rebase_ctx *c, const bld_plan *plan, cJSON *resource)
{
	size_t n;
	const pkg_rule *rules = pkg_rules_for(cJSON_GetStringValue(get(resource, "Type")), &n);
	cJSON *props = get(resource, "Properties");
	if (!n)
		return 0;
	const bld_item *it = resource->string ? built_item(plan, resource->string) : NULL;
	if (it)
		return point_at_artifact(c, resource, &rules[0], it);
	if (!cJSON_IsObject(props) || is_image(props))
		return 0;
	int rc = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		cJSON *parent;
		const char *name;
		if (pkg_rule_locate(&rules[i], props, &parent, &name))
			rc = rebase_member(c, parent, name);
	}
	return rc;
}

/* Fn::Transform AWS::Include Locations anywhere in the template. */
static int rebase_includes(const rebase_ctx *c, cJSON *node)
{
	int rc = 0;
	for (cJSON *child = node ? node->child : NULL; !rc && child; child = child->next) {
		const char *name = cJSON_GetStringValue(get(child, "Name"));
		if (child->string && strcmp(child->string, "Fn::Transform") == 0 && name &&
		    strcmp(name, "AWS::Include") == 0)
			rc = rebase_member(c, get(child, "Parameters"), "Location");
		else if (cJSON_IsObject(child) || cJSON_IsArray(child))
			rc = rebase_includes(c, child);
	}
	return rc;
}

static int update_root(const rebase_ctx *c, const bld_plan *plan, cJSON *root)
{
	int rc = 0;
	cJSON *resources = get(root, "Resources");
	for (cJSON *r = resources ? resources->child : NULL; !rc && r; r = r->next)
		rc = update_resource(c, plan, r);
	if (!rc)
		rc = rebase_member(c, get(get(root, "Globals"), "Function"), "CodeUri");
	cJSON *repo = get(get(root, "Metadata"), "AWS::ServerlessRepo::Application");
	for (size_t i = 0; !rc && repo && i < 2; i++)
		rc = rebase_member(c, repo, SERVERLESS_REPO_PATHS[i]);
	if (!rc)
		rc = rebase_includes(c, root);
	return rc;
}

int bld_built_template(const samc_document *doc, const bld_plan *plan, const char *template_dir,
		       const char *build_dir, samc_document **out, samc_error **err)
{
	(void)err;
	samc_document *result = calloc(1, sizeof(*result));
	if (!result)
		return SAMC_ENOMEM;
	rebase_ctx c = {template_dir, build_dir};
	result->root = cJSON_Duplicate(doc->root, 1);
	int rc = result->root ? 0 : SAMC_ENOMEM;
	if (!rc && doc->name && !(result->name = samc_strdup(doc->name)))
		rc = SAMC_ENOMEM;
	if (!rc)
		rc = update_root(&c, plan, result->root);
	if (rc) {
		samc_document_free(result);
		return rc;
	}
	*out = result;
	return 0;
}
