/* plan.c — which resources a build builds and how: functions and layers with local code (after
 * Globals are merged), their code folders, Metadata, workflow, and the layers each one uses. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "build/build_int.h"
#include "package/artifacts.h"
#include "transform/parameters.h"
#include "transform/xf.h"
#include "util/error.h"

typedef struct plan_ctx {
	const samc_document *doc;
	const char *base_dir;
	cJSON *params;    /* parameter values: overrides, then defaults */
	cJSON *resources; /* Resources of the Globals-merged copy */
	bld_plan *plan;
	samc_error **err;
} plan_ctx;

static void item_free(bld_item *it);

static const cJSON *get(const cJSON *obj, const char *name)
{
	return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, name) : NULL;
}

/* A string value, or a Ref to a parameter whose value is a string. */
static const char *string_value(const plan_ctx *c, const cJSON *v)
{
	if (cJSON_IsString(v))
		return v->valuestring;
	const cJSON *ref = get(v, "Ref");
	if (cJSON_IsString(ref) && cJSON_GetArraySize(v) == 1) {
		const cJSON *p = get(c->params, ref->valuestring);
		return cJSON_IsString(p) ? p->valuestring : NULL;
	}
	return NULL;
}

static bool starts_with(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool is_true(const cJSON *v)
{
	return cJSON_IsTrue(v) || (cJSON_IsString(v) && strcmp(v->valuestring, "true") == 0);
}

/* Marks the item as impossible to build; the causes are gathered once the plan is final. */
static int add_failure(plan_ctx *c, bld_item *it, const char *fmt, const char *a, const char *b)
{
	samc_buf msg = SAMC_BUF_INIT;
	samc_buf_printf(&msg, "%s: ", it->id);
	samc_buf_printf(&msg, fmt, a, b);
	const char *text = samc_buf_cstr(&msg);
	int rc = text ? samc_error_set(&it->error, SAMC_EINVALID, c->doc->name, it->pos.line,
				       it->pos.column, "%s", text)
		      : SAMC_ENOMEM;
	samc_buf_free(&msg);
	it->status = SAMC_BUILD_FAILED;
	return rc == SAMC_ENOMEM ? rc : 0;
}

/* One cause per item that cannot be built. */
static int gather_failures(plan_ctx *c)
{
	int failures = 0;
	for (size_t i = 0; i < c->plan->count; i++) {
		const bld_item *it = &c->plan->items[i];
		if (it->status != SAMC_BUILD_FAILED || !it->error)
			continue;
		failures++;
		if (!c->err)
			continue;
		if (!*c->err)
			samc_error_set(c->err, SAMC_EINVALID, c->doc->name, it->pos.line, it->pos.column,
				       "cannot build %s", it->error->message);
		if (*c->err && samc_error_add_cause(*c->err, it->error->message, it->pos.line,
						    it->pos.column) != 0)
			return SAMC_ENOMEM;
	}
	return failures ? SAMC_EINVALID : 0;
}

static bld_item *new_item(plan_ctx *c, const cJSON *resource, samc_build_kind kind)
{
	bld_plan *p = c->plan;
	if (p->count == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		bld_item *items = realloc(p->items, cap * sizeof(*items));
		if (!items)
			return NULL;
		p->items = items;
		p->cap = cap;
	}
	bld_item *it = &p->items[p->count];
	memset(it, 0, sizeof(*it));
	if (!(it->id = samc_strdup(resource->string)))
		return NULL;
	it->kind = kind;
	samc_node_pos(resource, &it->pos);
	p->count++;
	return it;
}

static int skip(bld_item *it, const char *reason)
{
	it->workflow = BLD_WF_NONE;
	it->status = SAMC_BUILD_SKIPPED;
	return (it->skip_reason = samc_strdup(reason)) ? 0 : SAMC_ENOMEM;
}

/* The local code folder named by the resource's code property, or why there is none. */
static const char *code_location(const plan_ctx *c, const cJSON *resource, const cJSON *props,
				 const char **why)
{
	size_t n;
	const pkg_rule *rules = pkg_rules_for(cJSON_GetStringValue(get(resource, "Type")), &n);
	cJSON *parent;
	const char *name;
	const cJSON *v = n ? pkg_rule_locate(&rules[0], (cJSON *)props, &parent, &name) : NULL;
	*why = NULL;
	if (!v)
		return ".";
	const char *s = string_value(c, v);
	if (!s || !pkg_is_local_path(s)) {
		*why = "its code is not a local folder (an S3 location or inline code)";
		return NULL;
	}
	if (ends_with(s, ".zip")) {
		*why = "its code is a .zip file, used as it is";
		return NULL;
	}
	return s;
}

static int set_code_dir(plan_ctx *c, bld_item *it, const char *location)
{
	it->code_dir = location[0] == '/' ? samc_strdup(location)
					  : samc_strfmt("%s/%s", c->base_dir, location);
	if (!it->code_dir)
		return SAMC_ENOMEM;
	struct stat st;
	if (stat(it->code_dir, &st) != 0)
		return add_failure(c, it, "its code folder %s does not exist%s", it->code_dir, "");
	if (!S_ISDIR(st.st_mode))
		return add_failure(c, it, "its code %s is not a folder (only a folder, or a .zip used "
					  "as it is, can be built)%s",
				   it->code_dir, "");
	return 0;
}

static const char *architecture_of(const cJSON *props, const cJSON *metadata)
{
	const cJSON *archs = get(props, "Architectures");
	const cJSON *first = cJSON_IsArray(archs) ? archs->child : NULL;
	if (cJSON_IsString(first))
		return first->valuestring;
	const char *meta = cJSON_GetStringValue(get(metadata, "BuildArchitecture"));
	return meta ? meta : "x86_64";
}

static bool has_file(const char *dir, const char *name)
{
	char *path = samc_strfmt("%s/%s", dir, name);
	struct stat st;
	bool yes = path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
	free(path);
	return yes;
}

/* Java, as SAM CLI picks it: the first of build.gradle, build.gradle.kts (Gradle) and pom.xml
 * (Maven) found in the code folder or the project folder. */
static bld_workflow java_workflow(const char *code_dir, const char *project_dir)
{
	static const struct {
		const char *manifest;
		bld_workflow workflow;
	} order[] = {{"build.gradle", BLD_WF_JAVA_GRADLE},
		     {"build.gradle.kts", BLD_WF_JAVA_GRADLE},
		     {"pom.xml", BLD_WF_JAVA_MAVEN}};
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (has_file(code_dir, order[i].manifest) ||
		    (project_dir && has_file(project_dir, order[i].manifest)))
			return order[i].workflow;
	return BLD_WF_NONE;
}

static bld_workflow workflow_for(const char *method, const char *code_dir, const char *project_dir)
{
	if (!method)
		return BLD_WF_NONE;
	if (starts_with(method, "java"))
		return java_workflow(code_dir, project_dir);
	if (strcmp(method, "makefile") == 0 || starts_with(method, "provided"))
		return BLD_WF_MAKEFILE;
	if (starts_with(method, "python3."))
		return BLD_WF_PYTHON_PIP;
	if (starts_with(method, "nodejs"))
		return BLD_WF_NODEJS_NPM;
	return BLD_WF_NONE;
}

static const char *unsupported_reason(const char *method)
{
	static const char *const known[][2] = {
		{"dotnet", "the .NET workflow"},
		{"ruby", "the Ruby (bundler) workflow"},      {"go", "the Go modules workflow"},
		{"esbuild", "the esbuild workflow"},         {"rust", "the Rust (cargo-lambda) workflow"},
		{"python-uv", "the uv workflow"},
	};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (starts_with(method, known[i][0]))
			return known[i][1];
	return NULL;
}

static int choose_workflow(plan_ctx *c, bld_item *it, const char *method)
{
	it->workflow = workflow_for(method, it->code_dir, c->base_dir);
	if (it->workflow != BLD_WF_NONE)
		return 0;
	if (!method)
		return add_failure(c, it, "%s%shas no Runtime and no Metadata.BuildMethod: samc build "
					  "needs one to know how to build it",
				   "", "");
	if (starts_with(method, "java"))
		return add_failure(c, it, "'%s' is built with Maven, but %s has no pom.xml (and no "
					  "build.gradle or build.gradle.kts for Gradle, there or in the "
					  "project folder)",
				   method, it->code_dir);
	const char *what = unsupported_reason(method);
	if (what)
		return add_failure(c, it, "'%s' needs %s, which samc build does not support yet "
					  "(supported: python3.x, nodejsN.x, javaN with Gradle or Maven, "
					  "provided* and BuildMethod makefile)",
				   method, what);
	return add_failure(c, it, "'%s' is not a runtime or build method samc build knows%s "
				  "(supported: python3.x, nodejsN.x, javaN with Gradle or Maven, "
				  "provided* and BuildMethod makefile)",
			   method, "");
}

static int set_makefile_dirs(plan_ctx *c, bld_item *it, const cJSON *metadata)
{
	const char *context = cJSON_GetStringValue(get(metadata, "ContextPath"));
	const char *workdir = cJSON_GetStringValue(get(metadata, "WorkingDirectory"));
	if (context)
		it->makefile_dir = context[0] == '/' ? samc_strdup(context)
						     : samc_strfmt("%s/%s", c->base_dir, context);
	else
		it->makefile_dir = samc_strdup(it->code_dir);
	if (!it->makefile_dir)
		return SAMC_ENOMEM;
	if (workdir && !(it->working_dir = workdir[0] == '/' ? samc_strdup(workdir)
							     : samc_strfmt("%s/%s", c->base_dir, workdir)))
		return SAMC_ENOMEM;
	return 0;
}

/* What every built item records: code folder, runtime, architecture, workflow details. */
static int describe(plan_ctx *c, bld_item *it, const char *location, const char *method,
		    const cJSON *props, const cJSON *metadata)
{
	const char *runtime = string_value(c, get(props, "Runtime"));
	int rc = set_code_dir(c, it, location);
	if (!rc && it->status == SAMC_BUILD_FAILED)
		return 0;
	/* a layer's runtime is its BuildMethod (unless that is makefile) */
	const char *shown = runtime ? runtime : method && strcmp(method, "makefile") != 0 ? method : NULL;
	if (!rc && shown && !(it->runtime = samc_strdup(shown)))
		rc = SAMC_ENOMEM;
	if (!rc && !(it->architecture = samc_strdup(architecture_of(props, metadata))))
		rc = SAMC_ENOMEM;
	if (!rc)
		rc = choose_workflow(c, it, method ? method : runtime);
	if (!rc && it->workflow == BLD_WF_MAKEFILE)
		rc = set_makefile_dirs(c, it, metadata);
	it->use_npm_ci = is_true(get(get(metadata, "BuildProperties"), "UseNpmCi"));
	if (it->kind == SAMC_BUILD_LAYER && it->workflow == BLD_WF_PYTHON_PIP)
		it->layer_subdir = "python";
	else if (it->kind == SAMC_BUILD_LAYER && it->workflow == BLD_WF_NODEJS_NPM)
		it->layer_subdir = "nodejs";
	else if (it->kind == SAMC_BUILD_LAYER &&
		 (it->workflow == BLD_WF_JAVA_MAVEN || it->workflow == BLD_WF_JAVA_GRADLE))
		it->layer_subdir = "java";
	it->project_dir = c->base_dir;
	return rc;
}

static int plan_function(plan_ctx *c, const cJSON *resource, const cJSON *props)
{
	bld_item *it = new_item(c, resource, SAMC_BUILD_FUNCTION);
	if (!it)
		return SAMC_ENOMEM;
	const cJSON *metadata = get(resource, "Metadata");
	const char *package_type = string_value(c, get(props, "PackageType"));
	const char *why = NULL;
	if (package_type && strcmp(package_type, "Image") == 0)
		return skip(it, "PackageType Image: image functions are not built by samc build "
				"(build the image with docker and set ImageUri)");
	if (get(props, "InlineCode") || get(get(props, "Code"), "ZipFile"))
		return skip(it, "its code is inline");
	if (is_true(get(metadata, "SkipBuild")))
		return skip(it, "Metadata.SkipBuild is true");
	const char *location = code_location(c, resource, props, &why);
	if (!location)
		return skip(it, why);
	const char *method = cJSON_GetStringValue(get(metadata, "BuildMethod"));
	return describe(c, it, location, method, props, metadata);
}

static int plan_layer(plan_ctx *c, const cJSON *resource, const cJSON *props)
{
	bld_item *it = new_item(c, resource, SAMC_BUILD_LAYER);
	if (!it)
		return SAMC_ENOMEM;
	const cJSON *metadata = get(resource, "Metadata");
	const char *method = cJSON_GetStringValue(get(metadata, "BuildMethod"));
	const char *why = NULL;
	if (is_true(get(metadata, "SkipBuild")))
		return skip(it, "Metadata.SkipBuild is true");
	if (!method)
		return skip(it, "no Metadata.BuildMethod: its folder is used as it is");
	const char *location = code_location(c, resource, props, &why);
	if (!location)
		return skip(it, why);
	return describe(c, it, location, method, props, metadata);
}

static int plan_resource(plan_ctx *c, const cJSON *resource)
{
	const char *type = cJSON_GetStringValue(get(resource, "Type"));
	const cJSON *props = get(resource, "Properties");
	if (!type)
		return 0;
	if (strcmp(type, "AWS::Serverless::Function") == 0 || strcmp(type, "AWS::Lambda::Function") == 0)
		return plan_function(c, resource, props);
	if (strcmp(type, "AWS::Serverless::LayerVersion") == 0 ||
	    strcmp(type, "AWS::Lambda::LayerVersion") == 0)
		return plan_layer(c, resource, props);
	return 0;
}

static long find_item(const bld_plan *p, const char *id)
{
	for (size_t i = 0; i < p->count; i++)
		if (strcmp(p->items[i].id, id) == 0)
			return (long)i;
	return -1;
}

/* The built layers a function names in Layers (as a Ref to the layer's logical ID). */
static int link_layers(plan_ctx *c, bld_item *it)
{
	const cJSON *layers = get(get(get(c->resources, it->id), "Properties"), "Layers");
	size_t n = (size_t)cJSON_GetArraySize(layers);
	if (it->kind != SAMC_BUILD_FUNCTION || !cJSON_IsArray(layers) || n == 0)
		return 0;
	if (!(it->deps = calloc(n, sizeof(*it->deps))))
		return SAMC_ENOMEM;
	for (const cJSON *l = layers->child; l; l = l->next) {
		const char *ref = cJSON_GetStringValue(get(l, "Ref"));
		long j = ref ? find_item(c->plan, ref) : -1;
		if (j >= 0 && c->plan->items[j].kind == SAMC_BUILD_LAYER)
			it->deps[it->ndeps++] = (size_t)j;
	}
	return 0;
}

/* A whole-template error, with one cause at node (the position printed with the file). */
static int fail_at(plan_ctx *c, const cJSON *node, const char *fmt, const char *a, const char *b)
{
	samc_pos pos = {0, 0};
	if (node)
		samc_node_pos(node, &pos);
	samc_buf msg = SAMC_BUF_INIT;
	samc_buf_printf(&msg, fmt, a, b);
	const char *text = samc_buf_cstr(&msg);
	int rc = text ? samc_error_set(c->err, SAMC_EINVALID, c->doc->name, pos.line, pos.column,
				       "%s", text)
		      : SAMC_ENOMEM;
	if (text && c->err && *c->err && samc_error_add_cause(*c->err, text, pos.line, pos.column))
		rc = SAMC_ENOMEM;
	samc_buf_free(&msg);
	return rc;
}

static int merged_resources(plan_ctx *c, xf *x)
{
	x->tpl = cJSON_Duplicate(c->doc->root, 1);
	if (!x->tpl)
		return SAMC_ENOMEM;
	int rc = xf_globals_apply(x);
	if (rc == XF_NOMEM)
		return SAMC_ENOMEM;
	if (rc != XF_OK)
		return fail_at(c, get(c->doc->root, "Globals"), "%s%s",
			       x->pending.kind == XF_ERR_GLOBALS ? "'Globals' section is invalid. " : "",
			       x->pending.message ? x->pending.message : "invalid Globals");
	c->resources = cJSON_GetObjectItemCaseSensitive(x->tpl, "Resources");
	return 0;
}

static int load_parameters(plan_ctx *c, const char *overrides)
{
	if (!(c->params = cJSON_CreateObject()))
		return SAMC_ENOMEM;
	int rc = overrides ? samc_parse_parameter_overrides(overrides, c->params, c->err) : 0;
	if (!rc)
		samc_add_default_parameters(c->params, c->doc->root, "us-east-1", "aws");
	return rc;
}

/* Keeps only the item named `only` and the layers it uses (renumbering the dependencies). */
static int keep_only(plan_ctx *c, const char *only)
{
	bld_plan *p = c->plan;
	long target = find_item(p, only);
	if (target < 0)
		return samc_error_set(c->err, SAMC_EUSAGE, c->doc->name, 0, 0,
				      "%s is not a function or layer of the template", only);
	bool *keep = calloc(p->count, sizeof(*keep));
	size_t *index = calloc(p->count, sizeof(*index));
	if (!keep || !index) {
		free(keep);
		free(index);
		return SAMC_ENOMEM;
	}
	keep[target] = true;
	for (size_t d = 0; d < p->items[target].ndeps; d++)
		keep[p->items[target].deps[d]] = true;
	size_t out = 0;
	for (size_t i = 0; i < p->count; i++)
		index[i] = keep[i] ? out++ : 0;
	out = 0;
	for (size_t i = 0; i < p->count; i++) {
		if (!keep[i]) {
			item_free(&p->items[i]);
			continue;
		}
		for (size_t d = 0; d < p->items[i].ndeps; d++)
			p->items[i].deps[d] = index[p->items[i].deps[d]];
		p->items[out++] = p->items[i];
	}
	p->count = out;
	free(keep);
	free(index);
	return 0;
}

static int plan_all(plan_ctx *c, const char *only)
{
	int rc = 0;
	for (const cJSON *r = c->resources ? c->resources->child : NULL; !rc && r; r = r->next)
		rc = plan_resource(c, r);
	for (size_t i = 0; !rc && i < c->plan->count; i++)
		rc = link_layers(c, &c->plan->items[i]);
	if (!rc && only)
		rc = keep_only(c, only);
	if (!rc)
		rc = gather_failures(c);
	return rc;
}

int bld_plan_make(const samc_document *doc, const char *base_dir, const char *parameter_overrides,
		  const char *only, bld_plan *plan, samc_error **err)
{
	memset(plan, 0, sizeof(*plan));
	plan_ctx c = {.doc = doc, .base_dir = base_dir, .plan = plan, .err = err};
	xf x;
	memset(&x, 0, sizeof(x));
	int rc = cJSON_IsObject(doc->root) ? 0
					   : fail_at(&c, doc->root, "the template must be a mapping (of "
								    "Resources, Globals ...)%s%s",
						     "", "");
	if (!rc)
		rc = load_parameters(&c, parameter_overrides);
	if (!rc)
		rc = merged_resources(&c, &x);
	if (!rc)
		rc = plan_all(&c, only);
	cJSON_Delete(c.params);
	xf_context_release(&x);
	if (rc)
		bld_plan_free(plan);
	return rc;
}

static void item_free(bld_item *it)
{
	free(it->id);
	free(it->runtime);
	free(it->architecture);
	free(it->code_dir);
	free(it->makefile_dir);
	free(it->working_dir);
	free(it->skip_reason);
	free(it->deps);
	free(it->artifact);
	samc_error_free(it->error);
}

void bld_plan_free(bld_plan *plan)
{
	for (size_t i = 0; i < plan->count; i++)
		item_free(&plan->items[i]);
	free(plan->items);
	memset(plan, 0, sizeof(*plan));
}

const char *bld_workflow_name(bld_workflow wf)
{
	switch (wf) {
	case BLD_WF_PYTHON_PIP:
		return "python-pip";
	case BLD_WF_NODEJS_NPM:
		return "nodejs-npm";
	case BLD_WF_MAKEFILE:
		return "makefile";
	case BLD_WF_JAVA_MAVEN:
		return "java-maven";
	case BLD_WF_JAVA_GRADLE:
		return "java-gradle";
	case BLD_WF_NONE:
		break;
	}
	return NULL;
}
