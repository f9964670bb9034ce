/* test_threads.c — libsamc's public API from 8 threads at once: every template under tests/data
 * and the inline ones below, loaded, transformed, linted and rendered concurrently, give exactly
 * the single-threaded results (built with -DSAMC_TSAN=ON, ThreadSanitizer checks every access).
 * The threads lint with the rule families on two threads of their own; the expected findings
 * come from one thread. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "lint/lint.h"
#include "samc/samc.h"

#define THREADS 8
#define MAX_JOBS 2048
/* Every SHARED_EVERY-th job's document is also loaded once and transformed by all threads. */
#define SHARED_EVERY 4

/* Templates written here so the test does not depend on tests/data alone: a REST API (its
 * deployment id hashes the body), events, a state machine, Globals, parameters, and errors. */
static const char *const INLINE_TEMPLATES[] = {
	"Transform: AWS::Serverless-2016-10-31\n"
	"Globals:\n  Function: {Runtime: python3.12, Timeout: 5}\n"
	"Resources:\n"
	"  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
	"      Handler: app.handler\n      CodeUri: s3://bucket/code.zip\n"
	"      AutoPublishAlias: live\n"
	"      Events:\n"
	"        Get: {Type: Api, Properties: {Path: /items, Method: get}}\n"
	"        Tick: {Type: Schedule, Properties: {Schedule: rate(5 minutes)}}\n"
	"        Queue: {Type: SQS, Properties: {Queue: !GetAtt Q.Arn, BatchSize: 5}}\n"
	"  Q: {Type: AWS::SQS::Queue}\n",

	"Transform: AWS::Serverless-2016-10-31\n"
	"Parameters:\n  Stage: {Type: String, Default: prod}\n"
	"Resources:\n"
	"  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n"
	"      StageName: !Ref Stage\n      Cors: \"'*'\"\n"
	"      DefinitionBody:\n        swagger: '2.0'\n        info: {title: t}\n"
	"        paths:\n          /a:\n            get:\n              x-amazon-apigateway-integration:\n"
	"                type: mock\n",

	"Transform: AWS::Serverless-2016-10-31\n"
	"Resources:\n"
	"  Machine:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n"
	"      Definition:\n        StartAt: Done\n        States: {Done: {Type: Succeed}}\n"
	"      Policies: [AWSXrayWriteOnlyAccess]\n"
	"  Table: {Type: AWS::Serverless::SimpleTable}\n"
	"  Http: {Type: AWS::Serverless::HttpApi}\n",

	"Transform: AWS::Serverless-2016-10-31\n"
	"Resources:\n"
	"  Broken:\n    Type: AWS::Serverless::Function\n    Properties:\n"
	"      Handler: app.handler\n      Runtime: python3.12\n"
	"      Events: {E: {Type: NoSuchEvent}}\n"
	"  AlsoBroken: {Type: AWS::Serverless::Function, Properties: {Runtime: 3}}\n",

	"Resources: [not, a, mapping\n",
};

static const char *const REGIONS[] = {"us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1"};

/* One unit of work: a template (a file or inline text) and the options to transform it with. */
typedef struct job {
	char *path;         /* NULL for an inline template */
	const char *text;   /* the inline template */
	samc_transform_options opts;
} job;

/* What a job gives: each step's return code and text (output or error message). */
typedef struct outcome {
	int load_rc, transform_rc, render_rc, lint_rc;
	char *transformed; /* the JSON, or the error message */
	char *rendered;    /* the YAML rendering of the loaded document */
	char *linted;      /* the findings as JSON */
} outcome;

typedef struct suite {
	job jobs[MAX_JOBS];
	size_t njobs;
	outcome expected[MAX_JOBS];
	samc_document *shared_docs[MAX_JOBS]; /* loaded once, transformed by every thread */
} suite;

/* A thread's share: count jobs from first on (wrapping), every step-th one. */
typedef struct worker {
	const suite *s;
	size_t first, count, step;
	int shared; /* transform the shared documents instead of loading */
	size_t runs, mismatches;
	char first_mismatch[256];
} worker;

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void outcome_free(outcome *o)
{
	free(o->transformed);
	free(o->rendered);
	free(o->linted);
	memset(o, 0, sizeof(*o));
}

static int load_job(const job *j, samc_document **doc, samc_error **err)
{
	if (j->path)
		return samc_document_load_file(doc, j->path, NULL, err);
	return samc_document_load_buffer(doc, j->text, strlen(j->text), "inline.yaml", NULL, err);
}

static void lint_step(const samc_document *doc, const job *j, lint_threads threads, outcome *o)
{
	samc_lint_options opts = {.region = j->opts.region};
	samc_lint_result *r = NULL;
	samc_error *err = NULL;
	o->lint_rc = lint_run(doc, &opts, threads, &r, &err);
	char *json = NULL;
	if (!o->lint_rc && samc_lint_render((const samc_lint_result *const *)&r, 1, SAMC_LINT_JSON, 0, &json))
		o->lint_rc = -1000;
	o->linted = dup_or_null(o->lint_rc ? samc_error_message(err) : json);
	samc_free(json);
	samc_lint_result_free(r);
	samc_error_free(err);
}

/* Transforms, lints and renders doc into o (the error message stands in for a failed step's
 * text). */
static void run_steps(const samc_document *doc, const job *j, lint_threads threads, outcome *o)
{
	samc_error *err = NULL;
	char *json = NULL;
	o->transform_rc = samc_transform(doc, &j->opts, &json, &err);
	o->transformed = dup_or_null(o->transform_rc ? samc_error_message(err) : json);
	samc_free(json);
	samc_error_free(err);
	err = NULL;
	char *yaml = NULL;
	size_t len = 0;
	o->render_rc = samc_document_render(doc, SAMC_FORMAT_YAML, &yaml, &len, &err);
	o->rendered = dup_or_null(o->render_rc ? samc_error_message(err) : yaml);
	samc_free(yaml);
	samc_error_free(err);
	lint_step(doc, j, threads, o);
}

static void run_job(const job *j, lint_threads threads, outcome *o)
{
	memset(o, 0, sizeof(*o));
	samc_document *doc = NULL;
	samc_error *err = NULL;
	o->load_rc = load_job(j, &doc, &err);
	if (o->load_rc)
		o->transformed = dup_or_null(samc_error_message(err));
	else
		run_steps(doc, j, threads, o);
	samc_error_free(err);
	samc_document_free(doc);
}

static int same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int same_outcome(const outcome *a, const outcome *b)
{
	return a->load_rc == b->load_rc && a->transform_rc == b->transform_rc &&
	       a->render_rc == b->render_rc && a->lint_rc == b->lint_rc &&
	       same_text(a->transformed, b->transformed) && same_text(a->rendered, b->rendered) &&
	       same_text(a->linted, b->linted);
}

static void *work(void *arg)
{
	worker *w = arg;
	const suite *s = w->s;
	for (size_t k = 0; k < w->count; k++) {
		size_t i = (w->first + k * w->step) % s->njobs;
		outcome got;
		if (w->shared) {
			memset(&got, 0, sizeof(got));
			got.load_rc = s->expected[i].load_rc;
			if (s->shared_docs[i])
				run_steps(s->shared_docs[i], &s->jobs[i], LINT_THREADS_TWO, &got);
			else
				got.transformed = dup_or_null(s->expected[i].transformed);
		} else {
			run_job(&s->jobs[i], LINT_THREADS_TWO, &got);
		}
		w->runs++;
		if (!same_outcome(&got, &s->expected[i]) && w->mismatches++ == 0)
			snprintf(w->first_mismatch, sizeof(w->first_mismatch), "%s",
				 s->jobs[i].path ? s->jobs[i].path : s->jobs[i].text);
		outcome_free(&got);
	}
	return NULL;
}

static int is_template_name(const char *name)
{
	size_t n = strlen(name);
	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	       (n > 4 && strcmp(name + n - 4, ".yml") == 0) ||
	       (n > 5 && strcmp(name + n - 5, ".json") == 0);
}

static void add_job(suite *s, char *path, const char *text)
{
	assert_true(s->njobs < MAX_JOBS);
	job *j = &s->jobs[s->njobs];
	j->path = path;
	j->text = text;
	j->opts.region = REGIONS[s->njobs % (sizeof(REGIONS) / sizeof(REGIONS[0]))];
	s->njobs++;
}

/* Every template file under dir, depth first. */
static void collect(suite *s, const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		size_t len = strlen(dir) + strlen(e->d_name) + 2;
		char *path = malloc(len);
		assert_non_null(path);
		snprintf(path, len, "%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			collect(s, path);
			free(path);
		} else if (S_ISREG(st.st_mode) && is_template_name(e->d_name)) {
			add_job(s, path, NULL);
		} else {
			free(path);
		}
	}
	closedir(d);
}

static int suite_setup(void **state)
{
	suite *s = calloc(1, sizeof(*s));
	assert_non_null(s);
	const char *data = getenv("SAMC_TEST_DATA");
	collect(s, data ? data : "tests/data");
	for (size_t i = 0; i < sizeof(INLINE_TEMPLATES) / sizeof(INLINE_TEMPLATES[0]); i++)
		add_job(s, NULL, INLINE_TEMPLATES[i]);
	for (size_t i = 0; i < s->njobs; i++) {
		run_job(&s->jobs[i], LINT_THREADS_ONE, &s->expected[i]);
		samc_error *err = NULL;
		if (i % SHARED_EVERY == 0 && load_job(&s->jobs[i], &s->shared_docs[i], &err) != 0)
			s->shared_docs[i] = NULL;
		samc_error_free(err);
	}
	*state = s;
	return 0;
}

static int suite_teardown(void **state)
{
	suite *s = *state;
	for (size_t i = 0; i < s->njobs; i++) {
		free(s->jobs[i].path);
		outcome_free(&s->expected[i]);
		samc_document_free(s->shared_docs[i]);
	}
	free(s);
	return 0;
}

/* Runs THREADS workers and checks that each saw only expected outcomes. With their own
 * documents, thread t starts at t/THREADS of the list and goes half way round (each template
 * is run by 4 threads, next to different ones each time); with the shared documents, all
 * threads go through them in the same order, so they work on one document together. */
static void run_threads(const suite *s, int shared)
{
	pthread_t tids[THREADS];
	worker workers[THREADS];
	for (size_t t = 0; t < THREADS; t++) {
		workers[t] = (worker){.s = s, .shared = shared};
		if (shared) {
			workers[t].step = SHARED_EVERY;
			workers[t].count = (s->njobs + SHARED_EVERY - 1) / SHARED_EVERY;
		} else {
			workers[t].first = t * s->njobs / THREADS;
			workers[t].step = 1;
			workers[t].count = (s->njobs + 1) / 2;
		}
		assert_int_equal(pthread_create(&tids[t], NULL, work, &workers[t]), 0);
	}
	for (size_t t = 0; t < THREADS; t++)
		assert_int_equal(pthread_join(tids[t], NULL), 0);
	for (size_t t = 0; t < THREADS; t++) {
		if (workers[t].mismatches)
			fail_msg("thread %zu: %zu result(s) differ from the single-threaded run, first: %s",
				 t, workers[t].mismatches, workers[t].first_mismatch);
		assert_int_equal(workers[t].runs, workers[t].count);
	}
}

/* The inputs are varied enough to mean something: successes, rejected templates, load errors,
 * templates with findings. */
static void test_inputs_cover_successes_and_errors(void **state)
{
	const suite *s = *state;
	size_t ok = 0, rejected = 0, unloadable = 0, shared = 0, with_findings = 0;
	for (size_t i = 0; i < s->njobs; i++) {
		const outcome *o = &s->expected[i];
		shared += s->shared_docs[i] != NULL;
		with_findings += o->linted && strstr(o->linted, "\"ruleId\"") != NULL;
		if (o->load_rc)
			unloadable++;
		else if (o->transform_rc)
			rejected++;
		else
			ok++;
	}
	assert_true(s->njobs >= 100);
	assert_true(ok >= 50);
	assert_true(rejected >= 1);
	assert_true(unloadable >= 1);
	assert_true(with_findings >= 10);
	assert_true(shared >= s->njobs / SHARED_EVERY / 2);
}

static void test_threads_load_and_transform_their_own_documents(void **state)
{
	run_threads(*state, 0);
}

static void test_threads_transform_shared_documents(void **state)
{
	run_threads(*state, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inputs_cover_successes_and_errors),
		cmocka_unit_test(test_threads_load_and_transform_their_own_documents),
		cmocka_unit_test(test_threads_transform_shared_documents),
	};
	return cmocka_run_group_tests(tests, suite_setup, suite_teardown);
}
