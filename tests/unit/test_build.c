/* test_build.c — the build library: path arithmetic of the built template, the plan (workflows,
 * skips, Globals, layers, parameters, errors), cache keys, child processes, and samc_build. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build/build_int.h"
#include "samc/samc.h"
#include "util/buf.h"

typedef struct fixture {
	char root[64];
} fixture;

static void write_file(const char *dir, const char *name, const char *text)
{
	char *path = samc_strfmt("%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(path);
}

static void make_dir(const char *dir, const char *name)
{
	char *path = samc_strfmt("%s/%s", dir, name);
	assert_int_equal(mkdir(path, 0755), 0);
	free(path);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	strcpy(f->root, "/tmp/samc-test-build-XXXXXX");
	if (!f || !mkdtemp(f->root))
		return -1;
	make_dir(f->root, "code");
	make_dir(f->root, "code/pkg");
	make_dir(f->root, "code/.aws-sam");
	write_file(f->root, "code/app.py", "def handler(e, c):\n    return 1\n");
	write_file(f->root, "code/pkg/util.py", "X = 1\n");
	write_file(f->root, "code/.aws-sam/noise", "noise");
	make_dir(f->root, "layer");
	write_file(f->root, "layer/Makefile", "build-Layer:\n\techo layer > \"$(ARTIFACTS_DIR)/l.txt\"\n");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	bld_remove_tree(f->root, NULL);
	free(f);
	return 0;
}

static samc_document *load(const fixture *f, const char *yaml)
{
	char *name = samc_strfmt("%s/template.yaml", f->root);
	samc_document *doc = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_document_load_buffer(&doc, yaml, strlen(yaml), name, NULL, &err), 0);
	samc_error_free(err);
	free(name);
	return doc;
}

static const bld_item *find(const bld_plan *p, const char *id)
{
	for (size_t i = 0; i < p->count; i++)
		if (strcmp(p->items[i].id, id) == 0)
			return &p->items[i];
	return NULL;
}

/* ---- paths ---- */

static void check_rel(const char *target, const char *from, const char *want)
{
	char *got = bld_relative_path(target, from);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_relative_path(void **state)
{
	(void)state;
	check_rel("/p/.aws-sam/build/Fn", "/p/.aws-sam/build", "Fn");
	check_rel("/p/src", "/p/.aws-sam/build", "../../src");
	check_rel("/p", "/p/.aws-sam/build", "../..");
	check_rel("/p/build", "/p/build", ".");
	check_rel("/p/ab", "/p/abc", "../ab");
	check_rel("/a", "/", "a");
	check_rel("/x/y", "/z", "../x/y");
}

static void check_norm(const char *in, const char *want)
{
	char *got = bld_normalize_path(in);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_normalize(void **state)
{
	(void)state;
	check_norm("/a/./b/../c//d/", "/a/c/d");
	check_norm("/..", "/");
	check_norm("/a/b/..", "/a");
	check_norm("/", "/");
}

/* ---- plan ---- */

static const char PLAN_TEMPLATE[] =
	"Parameters:\n"
	"  Rt: {Type: String, Default: python3.12}\n"
	"Globals:\n"
	"  Function:\n"
	"    CodeUri: code\n"
	"    Runtime: nodejs22.x\n"
	"Resources:\n"
	"  FromGlobals:\n"
	"    Type: AWS::Serverless::Function\n"
	"    Properties: {Handler: index.handler}\n"
	"  ByParameter:\n"
	"    Type: AWS::Serverless::Function\n"
	"    Properties: {Handler: app.handler, Runtime: !Ref Rt, Architectures: [arm64],\n"
	"                 Layers: [!Ref Layer, arn:aws:lambda:us-east-1:1:layer:x:1]}\n"
	"  Image:\n"
	"    Type: AWS::Serverless::Function\n"
	"    Properties: {PackageType: Image, ImageUri: repo:tag}\n"
	"  Zipped:\n"
	"    Type: AWS::Serverless::Function\n"
	"    Properties: {CodeUri: code.zip, Runtime: python3.13, Handler: a.b}\n"
	"  Layer:\n"
	"    Type: AWS::Serverless::LayerVersion\n"
	"    Properties: {ContentUri: layer}\n"
	"    Metadata: {BuildMethod: makefile}\n"
	"  PlainLayer:\n"
	"    Type: AWS::Serverless::LayerVersion\n"
	"    Properties: {ContentUri: layer}\n"
	"  Table:\n"
	"    Type: AWS::Serverless::SimpleTable\n";

static void test_plan_workflows_and_skips(void **state)
{
	fixture *f = *state;
	samc_document *doc = load(f, PLAN_TEMPLATE);
	bld_plan plan;
	samc_error *err = NULL;
	assert_int_equal(bld_plan_make(doc, f->root, NULL, NULL, &plan, &err), 0);
	assert_int_equal(plan.count, 6);

	const bld_item *g = find(&plan, "FromGlobals");
	assert_non_null(g);
	assert_int_equal(g->workflow, BLD_WF_NODEJS_NPM);
	assert_string_equal(g->runtime, "nodejs22.x");
	char *code = samc_strfmt("%s/code", f->root);
	assert_string_equal(g->code_dir, code);
	free(code);

	const bld_item *p = find(&plan, "ByParameter");
	assert_int_equal(p->workflow, BLD_WF_PYTHON_PIP);
	assert_string_equal(p->runtime, "python3.12");
	assert_string_equal(p->architecture, "arm64");
	assert_int_equal(p->ndeps, 1);
	assert_string_equal(plan.items[p->deps[0]].id, "Layer");

	assert_int_equal(find(&plan, "Image")->status, SAMC_BUILD_SKIPPED);
	assert_non_null(strstr(find(&plan, "Image")->skip_reason, "PackageType Image"));
	assert_non_null(strstr(find(&plan, "Zipped")->skip_reason, ".zip"));
	assert_int_equal(find(&plan, "Layer")->workflow, BLD_WF_MAKEFILE);
	assert_null(find(&plan, "Layer")->layer_subdir);
	assert_non_null(strstr(find(&plan, "PlainLayer")->skip_reason, "BuildMethod"));
	assert_null(find(&plan, "Table"));
	bld_plan_free(&plan);

	/* an override changes the runtime; a single resource keeps its layers only */
	assert_int_equal(bld_plan_make(doc, f->root, "Rt=nodejs20.x", "ByParameter", &plan, &err), 0);
	assert_int_equal(plan.count, 2);
	assert_int_equal(find(&plan, "ByParameter")->workflow, BLD_WF_NODEJS_NPM);
	assert_string_equal(plan.items[find(&plan, "ByParameter")->deps[0]].id, "Layer");
	bld_plan_free(&plan);
	samc_document_free(doc);
	samc_error_free(err);
}

static void test_plan_errors(void **state)
{
	fixture *f = *state;
	samc_document *doc = load(f, "Resources:\n"
				     "  Java:\n"
				     "    Type: AWS::Serverless::Function\n"
				     "    Properties: {CodeUri: code, Runtime: java21, Handler: a}\n"
				     "  Nowhere:\n"
				     "    Type: AWS::Lambda::Function\n"
				     "    Properties: {Code: gone, Runtime: python3.13, Handler: a}\n"
				     "  Fine:\n"
				     "    Type: AWS::Serverless::Function\n"
				     "    Properties: {CodeUri: code, Runtime: python3.13, Handler: a}\n");
	bld_plan plan;
	samc_error *err = NULL;
	assert_int_equal(bld_plan_make(doc, f->root, NULL, NULL, &plan, &err), SAMC_EINVALID);
	assert_int_equal(samc_error_count(err), 2);
	const char *msg;
	unsigned line, col;
	assert_int_equal(samc_error_cause(err, 0, &msg, &line, &col), 0);
	assert_non_null(strstr(msg, "Java: 'java21' is built with Maven, but "));
	assert_non_null(strstr(msg, "/code has no pom.xml"));
	assert_int_equal(line, 2);
	assert_int_equal(col, 3);
	assert_int_equal(samc_error_cause(err, 1, &msg, &line, &col), 0);
	assert_non_null(strstr(msg, "Nowhere: its code folder"));
	assert_int_equal(line, 5);
	samc_error_free(err);
	err = NULL;
	/* building only the good one is fine */
	assert_int_equal(bld_plan_make(doc, f->root, NULL, "Fine", &plan, &err), 0);
	assert_int_equal(plan.count, 1);
	bld_plan_free(&plan);
	/* an unknown logical id is a usage error */
	assert_int_equal(bld_plan_make(doc, f->root, NULL, "Nope", &plan, &err), SAMC_EUSAGE);
	samc_error_free(err);
	samc_document_free(doc);
}

static void test_plan_invalid_globals(void **state)
{
	fixture *f = *state;
	samc_document *doc = load(f, "Globals:\n  Function:\n    Bogus: 1\nResources: {}\n");
	bld_plan plan;
	samc_error *err = NULL;
	assert_int_equal(bld_plan_make(doc, f->root, NULL, NULL, &plan, &err), SAMC_EINVALID);
	assert_non_null(strstr(samc_error_message(err), "'Bogus' is not a supported property"));
	samc_error_free(err);
	samc_document_free(doc);
}

/* ---- cache keys ---- */

static void key_of(const fixture *f, const char *runtime, char key[65])
{
	char *code = samc_strfmt("%s/code", f->root);
	bld_item it = {.id = "F", .workflow = BLD_WF_PYTHON_PIP, .runtime = (char *)runtime,
		       .architecture = "x86_64", .code_dir = code};
	bld_filter filter = {.node = false, .away = NULL};
	assert_int_equal(bld_cache_key(&it, false, &filter, key, NULL), 0);
	assert_int_equal(strlen(key), 64);
	free(code);
}

static void test_cache_key(void **state)
{
	fixture *f = *state;
	char a[65], b[65], c[65], d[65], e[65];
	key_of(f, "python3.13", a);
	key_of(f, "python3.13", b);
	assert_string_equal(a, b);
	key_of(f, "python3.12", c);
	assert_string_not_equal(a, c);
	write_file(f->root, "code/.aws-sam/noise", "other noise"); /* left out of the key */
	key_of(f, "python3.13", d);
	assert_string_equal(a, d);
	write_file(f->root, "code/pkg/util.py", "X = 2\n");
	key_of(f, "python3.13", e);
	assert_string_not_equal(a, e);
}

static void test_cache_prune(void **state)
{
	fixture *f = *state;
	char keep[1][65];
	memset(keep[0], 'a', 64);
	keep[0][64] = '\0';
	char *cache = samc_strfmt("%s/cache", f->root);
	char stale[65];
	memset(stale, 'b', 64);
	stale[64] = '\0';
	make_dir(f->root, "cache");
	char *kept = samc_strfmt("cache/%s", keep[0]), *gone = samc_strfmt("cache/%s", stale);
	make_dir(f->root, kept);
	make_dir(f->root, gone);
	make_dir(f->root, "cache/not-ours");
	assert_int_equal(bld_cache_prune(cache, keep, 1, NULL), 0);
	char *kept_path = samc_strfmt("%s/%s", f->root, kept);
	char *gone_path = samc_strfmt("%s/%s", f->root, gone);
	char *ours = samc_strfmt("%s/cache/not-ours", f->root);
	assert_int_equal(access(kept_path, F_OK), 0);
	assert_int_not_equal(access(gone_path, F_OK), 0);
	assert_int_equal(access(ours, F_OK), 0);
	free(cache);
	free(kept);
	free(gone);
	free(kept_path);
	free(gone_path);
	free(ours);
}

/* ---- the built template ---- */

static void test_built_template(void **state)
{
	fixture *f = *state;
	samc_document *doc = load(f, "Metadata:\n"
				     "  AWS::ServerlessRepo::Application: {ReadmeUrl: README.md,\n"
				     "                                     LicenseUrl: s3://b/LICENSE}\n"
				     "Globals:\n"
				     "  Function: {CodeUri: code}\n"
				     "Resources:\n"
				     "  Built:\n"
				     "    Type: AWS::Serverless::Function\n"
				     "    Properties: {Runtime: python3.13, Handler: app.handler}\n"
				     "  Plain:\n"
				     "    Type: AWS::Lambda::Function\n"
				     "    Properties: {Code: ./code/../code, Handler: a}\n"
				     "  Absolute:\n"
				     "    Type: AWS::Serverless::Api\n"
				     "    Properties:\n"
				     "      DefinitionUri: /abs/api.yaml\n"
				     "      Variables:\n"
				     "        Fn::Transform: {Name: AWS::Include, Parameters: {Location: inc.yaml}}\n");
	bld_plan plan;
	samc_error *err = NULL;
	assert_int_equal(bld_plan_make(doc, f->root, NULL, "Built", &plan, &err), 0);
	bld_item *it = (bld_item *)find(&plan, "Built");
	it->status = SAMC_BUILD_BUILT;
	char *build_dir = samc_strfmt("%s/.aws-sam/build", f->root);
	it->artifact = samc_strfmt("%s/Built", build_dir);
	samc_document *out = NULL;
	assert_int_equal(bld_built_template(doc, &plan, f->root, build_dir, &out, &err), 0);
	char *yaml = NULL;
	size_t len = 0;
	assert_int_equal(samc_document_render(out, SAMC_FORMAT_YAML, &yaml, &len, &err), 0);
	assert_non_null(strstr(yaml, "CodeUri: Built\n"));
	assert_non_null(strstr(yaml, "Function:\n    CodeUri: ../../code\n"));
	assert_non_null(strstr(yaml, "Code: ../../code\n"));
	assert_non_null(strstr(yaml, "DefinitionUri: /abs/api.yaml\n"));
	assert_non_null(strstr(yaml, "Location: ../../inc.yaml\n"));
	assert_non_null(strstr(yaml, "ReadmeUrl: ../../README.md"));
	assert_non_null(strstr(yaml, "LicenseUrl: s3://b/LICENSE"));
	samc_free(yaml);
	samc_document_free(out);
	free(build_dir);
	bld_plan_free(&plan);
	samc_error_free(err);
	samc_document_free(doc);
}

/* ---- child processes ---- */

static void test_spawn(void **state)
{
	(void)state;
	samc_buf out = SAMC_BUF_INIT;
	int status = -1;
	const char *echo[] = {"echo", "hello", "$HOME;", "`x`", NULL}; /* no shell: all literal */
	assert_int_equal(bld_spawn(echo, NULL, NULL, &out, &status, NULL), 0);
	assert_int_equal(status, 0);
	assert_string_equal(samc_buf_cstr(&out), "hello $HOME; `x`\n");
	samc_buf_reset(&out);

	const char *env[] = {"SAMC_BUILD_TEST=42", NULL};
	const char *printenv[] = {"printenv", "SAMC_BUILD_TEST", NULL};
	assert_int_equal(bld_spawn(printenv, "/", env, &out, &status, NULL), 0);
	assert_string_equal(samc_buf_cstr(&out), "42\n");
	samc_buf_free(&out);

	const char *fail[] = {"false", NULL};
	assert_int_equal(bld_spawn(fail, NULL, NULL, NULL, &status, NULL), 0);
	assert_int_not_equal(status, 0);

	samc_error *err = NULL;
	const char *missing[] = {"samc-no-such-tool", NULL};
	assert_int_equal(bld_spawn(missing, NULL, NULL, NULL, &status, &err), SAMC_EIO);
	assert_non_null(strstr(samc_error_message(err), "'samc-no-such-tool' was not found on PATH"));
	samc_error_free(err);
	err = NULL;
	assert_int_equal(bld_spawn(echo, "/no/such/folder", NULL, NULL, &status, &err), SAMC_EIO);
	assert_non_null(strstr(samc_error_message(err), "/no/such/folder"));
	samc_error_free(err);
}

/* ---- samc_build through the public API ---- */

typedef struct events {
	int running, built, cached, skipped;
} events;

static void count_event(const samc_build_item *item, void *ctx)
{
	events *e = ctx;
	e->running += item->status == SAMC_BUILD_RUNNING;
	e->built += item->status == SAMC_BUILD_BUILT;
	e->cached += item->status == SAMC_BUILD_CACHED;
	e->skipped += item->status == SAMC_BUILD_SKIPPED;
}

static void test_samc_build(void **state)
{
	fixture *f = *state;
	char *make = bld_find_program("make");
	if (!make)
		skip();
	free(make);
	samc_document *doc = load(f, "Resources:\n"
				     "  Fn:\n"
				     "    Type: AWS::Serverless::Function\n"
				     "    Properties: {CodeUri: code, Runtime: python3.13, Handler: app.handler,\n"
				     "                 Layers: [!Ref Layer]}\n"
				     "  Layer:\n"
				     "    Type: AWS::Serverless::LayerVersion\n"
				     "    Properties: {ContentUri: layer}\n"
				     "    Metadata: {BuildMethod: makefile}\n"
				     "  Img:\n"
				     "    Type: AWS::Serverless::Function\n"
				     "    Properties: {PackageType: Image, ImageUri: r:t}\n");
	char *build_dir = samc_strfmt("%s/out/build", f->root);
	events ev = {0};
	samc_build_options opts = {.build_dir = build_dir, .jobs = 2, .progress = count_event,
				   .progress_ctx = &ev};
	samc_build_result *res = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_build(doc, &opts, &res, &err), 0);
	assert_int_equal(samc_build_result_count(res), 3);
	assert_int_equal(ev.running, 2);
	assert_int_equal(ev.built, 2);
	assert_int_equal(ev.skipped, 1);
	char *app = samc_strfmt("%s/Fn/app.py", build_dir);
	char *layer = samc_strfmt("%s/Layer/l.txt", build_dir);
	char *noise = samc_strfmt("%s/Fn/.aws-sam", build_dir);
	assert_int_equal(access(app, F_OK), 0);
	assert_int_equal(access(layer, F_OK), 0);
	assert_int_not_equal(access(noise, F_OK), 0);
	assert_non_null(strstr(samc_build_result_template(res), "/out/build/template.yaml"));
	samc_build_result_free(res);

	/* again: both from the cache */
	memset(&ev, 0, sizeof(ev));
	assert_int_equal(samc_build(doc, &opts, &res, &err), 0);
	assert_int_equal(ev.cached, 2);
	assert_int_equal(ev.built, 0);
	assert_int_equal(samc_build_result_get(res, 0)->status, SAMC_BUILD_CACHED);
	assert_int_equal(access(app, F_OK), 0);
	samc_build_result_free(res);
	free(app);
	free(layer);
	free(noise);
	free(build_dir);
	samc_error_free(err);
	samc_document_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_relative_path),
		cmocka_unit_test(test_normalize),
		cmocka_unit_test_setup_teardown(test_plan_workflows_and_skips, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_invalid_globals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_prune, setup, teardown),
		cmocka_unit_test_setup_teardown(test_built_template, setup, teardown),
		cmocka_unit_test(test_spawn),
		cmocka_unit_test_setup_teardown(test_samc_build, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
