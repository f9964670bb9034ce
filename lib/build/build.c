/* build.c — samc_build: resolves the folders, plans, builds the items on a small pool of threads
 * (an item starts once the layers it uses are built), fills and reuses the cache, and writes the
 * built template. */
#define _GNU_SOURCE /* realpath, mkdtemp */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "build/build_int.h"
#include "package/output.h"
#include "util/error.h"

#define BUILD_MAX_JOBS 64

struct samc_build_result {
	samc_build_item *items;
	size_t count;
	char *dir;
	char *template_path;
};

typedef struct build_run {
	const samc_build_options *opts;
	const samc_document *doc;
	bld_plan plan;
	char *template_dir; /* absolute, real */
	char *base_dir;     /* absolute, real */
	char *build_dir;    /* absolute, real once created */
	char *cache_dir;    /* absolute */
	const char *away[3]; /* build and cache folders: never copied as source */
	/* the pool */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned char *state; /* per item: 0 waiting, 1 running, 2 done */
	size_t remaining;
} build_run;

enum { ITEM_WAITING = 0, ITEM_RUNNING = 1, ITEM_DONE = 2 };

/* ---- folders ---- */

/* The path made absolute against the current folder, with "." and ".." resolved. */
static char *absolute(const char *path)
{
	char *cwd = path[0] == '/' ? NULL : getcwd(NULL, 0);
	char *joined = path[0] == '/' ? samc_strdup(path) : cwd ? samc_strfmt("%s/%s", cwd, path) : NULL;
	char *abs = joined ? bld_normalize_path(joined) : NULL;
	free(cwd);
	free(joined);
	return abs;
}

static int real_dir(const char *path, const char *what, char **out, samc_error **err)
{
	*out = realpath(path, NULL);
	if (!*out)
		return samc_error_set(err, errno == ENOMEM ? SAMC_ENOMEM : SAMC_EINVALID, NULL, 0, 0,
				      "%s %s: %s", what, path, strerror(errno));
	return 0;
}

/* a is b or a folder above b. */
static bool contains(const char *a, const char *b)
{
	size_t n = strlen(a);
	return strncmp(a, b, n) == 0 && (b[n] == '\0' || b[n] == '/' || (n == 1 && a[0] == '/'));
}

/* The build folder is deleted by every build: it must not hold the project itself. */
static int check_build_dir(build_run *r, samc_error **err)
{
	char *cwd = getcwd(NULL, 0);
	char *cwd_real = cwd ? realpath(cwd, NULL) : NULL;
	char *parent = samc_path_dir(r->build_dir);
	char *parent_real = parent ? realpath(parent, NULL) : NULL;
	char *probe = realpath(r->build_dir, NULL); /* an existing folder, symlinks resolved */
	if (!probe)
		probe = parent_real ? samc_strfmt("%s/%s", parent_real, strrchr(r->build_dir, '/') + 1)
				    : samc_strdup(r->build_dir);
	int rc = probe ? 0 : SAMC_ENOMEM;
	if (!rc && strcmp(r->build_dir, "/") == 0)
		rc = samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0, "the build folder cannot be /");
	const char *const guarded[] = {cwd_real, r->template_dir, r->base_dir};
	for (size_t i = 0; !rc && i < 3; i++)
		if (guarded[i] && contains(probe, guarded[i]))
			rc = samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
					    "the build folder %s would contain %s: it is deleted by "
					    "every build, choose another --build-dir",
					    r->build_dir, guarded[i]);
	free(cwd);
	free(cwd_real);
	free(parent);
	free(parent_real);
	free(probe);
	return rc;
}

static int resolve_folders(build_run *r, samc_error **err)
{
	const samc_build_options *o = r->opts;
	char *template_dir = samc_path_dir(r->doc->name);
	int rc = template_dir ? real_dir(template_dir, "template folder", &r->template_dir, err)
			      : SAMC_ENOMEM;
	free(template_dir);
	if (!rc)
		rc = real_dir(o->base_dir ? o->base_dir : r->template_dir, "base folder", &r->base_dir, err);
	if (!rc && !(r->build_dir = absolute(o->build_dir ? o->build_dir : ".aws-sam/build")))
		rc = SAMC_ENOMEM;
	if (!rc)
		rc = check_build_dir(r, err);
	if (!rc && o->cache_dir && !(r->cache_dir = absolute(o->cache_dir)))
		rc = SAMC_ENOMEM;
	if (!rc && !o->cache_dir) {
		char *parent = samc_path_dir(r->build_dir);
		r->cache_dir = parent ? samc_strfmt("%s/cache", parent) : NULL;
		rc = r->cache_dir ? 0 : SAMC_ENOMEM;
		free(parent);
	}
	return rc;
}

/* A fresh build folder, its path made real (the artifacts' paths derive from it). */
static int recreate_build_dir(build_run *r, samc_error **err)
{
	int rc = bld_remove_tree(r->build_dir, err);
	if (!rc)
		rc = pkg_make_dirs(r->build_dir, err);
	char *real = NULL;
	if (!rc)
		rc = real_dir(r->build_dir, "build folder", &real, err);
	if (!rc) {
		free(r->build_dir);
		r->build_dir = real;
	}
	r->away[0] = r->build_dir;
	r->away[1] = r->cache_dir;
	r->away[2] = NULL;
	return rc;
}

/* ---- one item ---- */

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Keeps a copy of a fresh artifact under its key; a cache that cannot be written only costs
 * the next build its time. */
static void store_in_cache(const build_run *r, const bld_item *it)
{
	char *entry = samc_strfmt("%s/%s", r->cache_dir, it->key);
	char *tmp = entry ? samc_strfmt("%s.tmp-XXXXXX", entry) : NULL;
	if (tmp && pkg_make_dirs(r->cache_dir, NULL) == 0 && mkdtemp(tmp)) {
		if (bld_copy_tree(it->artifact, tmp, true, NULL, NULL) != 0 || rename(tmp, entry) != 0)
			bld_remove_tree(tmp, NULL);
	}
	free(tmp);
	free(entry);
}

static int build_item(build_run *r, bld_item *it)
{
	bld_filter filter = {.node = it->workflow == BLD_WF_NODEJS_NPM, .away = r->away};
	bool follow = r->opts->follow_external_symlinks != 0;
	it->artifact = samc_strfmt("%s/%s", r->build_dir, it->id);
	if (!it->artifact)
		return SAMC_ENOMEM;
	int rc = bld_cache_key(it, follow, &filter, it->key, &it->error);
	char *entry = rc ? NULL : samc_strfmt("%s/%s", r->cache_dir, it->key);
	if (!rc && !entry)
		rc = SAMC_ENOMEM;
	if (!rc && !r->opts->no_cache && is_dir(entry)) {
		rc = bld_copy_tree(entry, it->artifact, true, NULL, &it->error);
		it->status = SAMC_BUILD_CACHED;
	} else if (!rc) {
		rc = pkg_make_dirs(it->artifact, &it->error);
		if (!rc)
			rc = bld_run_workflow(it, it->artifact, follow, &filter, &it->error);
		if (!rc)
			store_in_cache(r, it);
		it->status = SAMC_BUILD_BUILT;
	}
	free(entry);
	return rc;
}

/* ---- progress ---- */

static void report(const build_run *r, const bld_item *it, samc_build_status status)
{
	if (!r->opts->progress)
		return;
	samc_build_item view = {
		.resource = it->id,
		.kind = it->kind,
		.status = status,
		.workflow = bld_workflow_name(it->workflow),
		.runtime = it->runtime,
		.artifact = status == SAMC_BUILD_BUILT || status == SAMC_BUILD_CACHED ? it->artifact
										      : NULL,
		.detail = it->skip_reason ? it->skip_reason : it->error ? it->error->message : NULL,
		.seconds = it->seconds,
	};
	r->opts->progress(&view, r->opts->progress_ctx);
}

/* ---- the pool ---- */

/* An item whose layers are all built, or NULL. A layer that failed fails its users. */
static bld_item *next_ready(build_run *r)
{
	for (size_t i = 0; i < r->plan.count; i++) {
		bld_item *it = &r->plan.items[i];
		if (r->state[i] != ITEM_WAITING)
			continue;
		bool ready = true;
		const bld_item *failed = NULL;
		for (size_t d = 0; d < it->ndeps; d++) {
			if (r->state[it->deps[d]] != ITEM_DONE)
				ready = false;
			else if (r->plan.items[it->deps[d]].status == SAMC_BUILD_FAILED)
				failed = &r->plan.items[it->deps[d]];
		}
		if (!ready)
			continue;
		r->state[i] = ITEM_RUNNING;
		if (failed) {
			it->rc = samc_error_set(&it->error, SAMC_EINVALID, NULL, 0, 0,
						"not built: the layer %s it uses failed", failed->id);
			it->status = SAMC_BUILD_FAILED;
		}
		return it;
	}
	return NULL;
}

static void finish_item(build_run *r, bld_item *it)
{
	r->state[it - r->plan.items] = ITEM_DONE;
	r->remaining--;
	report(r, it, it->status);
	pthread_cond_broadcast(&r->cv);
}

static void *worker(void *arg)
{
	build_run *r = arg;
	pthread_mutex_lock(&r->mu);
	while (r->remaining > 0) {
		bld_item *it = next_ready(r);
		if (!it) {
			pthread_cond_wait(&r->cv, &r->mu);
			continue;
		}
		if (it->status != SAMC_BUILD_FAILED) {
			report(r, it, SAMC_BUILD_RUNNING);
			pthread_mutex_unlock(&r->mu);
			struct timespec t0;
			clock_gettime(CLOCK_MONOTONIC, &t0);
			it->rc = build_item(r, it);
			it->seconds = seconds_since(&t0);
			if (it->rc) {
				if (!it->error)
					samc_error_set(&it->error, it->rc, NULL, 0, 0, "%s",
						       it->rc == SAMC_ENOMEM ? "out of memory"
									     : "build failed");
				it->status = SAMC_BUILD_FAILED;
			}
			pthread_mutex_lock(&r->mu);
		}
		finish_item(r, it);
	}
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

static unsigned worker_count(const build_run *r, size_t work)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned jobs = r->opts->jobs ? r->opts->jobs : (cpus > 0 ? (unsigned)cpus : 1);
	if (jobs > BUILD_MAX_JOBS)
		jobs = BUILD_MAX_JOBS;
	return work < jobs ? (unsigned)work : jobs;
}

static int run_pool(build_run *r)
{
	if (!(r->state = calloc(r->plan.count ? r->plan.count : 1, 1)))
		return SAMC_ENOMEM;
	for (size_t i = 0; i < r->plan.count; i++) {
		bld_item *it = &r->plan.items[i];
		if (it->status == SAMC_BUILD_SKIPPED) {
			r->state[i] = ITEM_DONE;
			report(r, it, SAMC_BUILD_SKIPPED);
		} else
			r->remaining++;
	}
	unsigned n = worker_count(r, r->remaining);
	pthread_t threads[BUILD_MAX_JOBS];
	unsigned started = 0;
	for (; started < n; started++)
		if (pthread_create(&threads[started], NULL, worker, r) != 0)
			break;
	if (started == 0 && r->remaining > 0)
		worker(r); /* no thread could start: build here */
	for (unsigned i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	return 0;
}

/* ---- results ---- */

static int gather_failures(build_run *r, samc_error **err)
{
	int first = 0, failed = 0;
	for (size_t i = 0; i < r->plan.count; i++) {
		bld_item *it = &r->plan.items[i];
		if (it->status != SAMC_BUILD_FAILED)
			continue;
		failed++;
		int rc = it->rc ? it->rc : SAMC_EINVALID;
		if (!first || (first == SAMC_EINVALID && rc != SAMC_EINVALID))
			first = rc;
		char *msg = samc_strfmt("%s: %s", it->id, it->error ? it->error->message : "failed");
		if (!msg)
			return SAMC_ENOMEM;
		if (err && !*err)
			samc_error_set(err, rc, r->doc->name, it->pos.line, it->pos.column, "Build Failed");
		if (err && *err && samc_error_add_cause(*err, msg, it->pos.line, it->pos.column) != 0)
			first = SAMC_ENOMEM;
		free(msg);
	}
	if (failed && err && *err) {
		char *headline = samc_strfmt("Build Failed: %d resource%s could not be built", failed,
					     failed == 1 ? "" : "s");
		if (headline) {
			free((*err)->message);
			(*err)->message = headline;
		}
	}
	return first;
}

static int prune_cache(build_run *r, samc_error **err)
{
	if (r->opts->resource)
		return 0; /* a partial build does not know every entry still in use */
	char(*keep)[65] = calloc(r->plan.count ? r->plan.count : 1, sizeof(*keep));
	if (!keep)
		return SAMC_ENOMEM;
	for (size_t i = 0; i < r->plan.count; i++)
		memcpy(keep[i], r->plan.items[i].key, sizeof(keep[i]));
	int rc = bld_cache_prune(r->cache_dir, keep, r->plan.count, err);
	free(keep);
	return rc;
}

static int write_template(build_run *r, char **path, samc_error **err)
{
	samc_document *built = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc = bld_built_template(r->doc, &r->plan, r->template_dir, r->build_dir, &built, err);
	if (!rc)
		rc = samc_document_render(built, SAMC_FORMAT_YAML, &text, &len, err);
	if (!rc && !(*path = samc_strfmt("%s/template.yaml", r->build_dir)))
		rc = SAMC_ENOMEM;
	if (!rc)
		rc = pkg_write_bytes(text, len, *path, err);
	free(text);
	samc_document_free(built);
	return rc;
}

static int copy_item(samc_build_item *dst, const bld_item *src)
{
	dst->kind = src->kind;
	dst->status = src->status;
	dst->workflow = bld_workflow_name(src->workflow);
	dst->seconds = src->seconds;
	const char *detail = src->skip_reason ? src->skip_reason : NULL;
	char *strs[4] = {samc_strdup(src->id), src->runtime ? samc_strdup(src->runtime) : NULL,
			 src->artifact ? samc_strdup(src->artifact) : NULL,
			 detail ? samc_strdup(detail) : NULL};
	dst->resource = strs[0];
	dst->runtime = strs[1];
	dst->artifact = strs[2];
	dst->detail = strs[3];
	return !strs[0] || (src->runtime && !strs[1]) || (src->artifact && !strs[2]) ||
			       (detail && !strs[3])
		       ? SAMC_ENOMEM
		       : 0;
}

static int make_result(build_run *r, char *template_path, samc_build_result **out)
{
	samc_build_result *res = calloc(1, sizeof(*res));
	if (!res) {
		free(template_path);
		return SAMC_ENOMEM;
	}
	res->template_path = template_path;
	res->dir = samc_strdup(r->build_dir);
	res->items = calloc(r->plan.count ? r->plan.count : 1, sizeof(*res->items));
	int rc = res->dir && res->items ? 0 : SAMC_ENOMEM;
	for (size_t i = 0; !rc && i < r->plan.count; i++) {
		rc = copy_item(&res->items[i], &r->plan.items[i]);
		res->count = i + 1;
	}
	if (rc)
		samc_build_result_free(res);
	else
		*out = res;
	return rc;
}

static void release(build_run *r)
{
	bld_plan_free(&r->plan);
	free(r->template_dir);
	free(r->base_dir);
	free(r->build_dir);
	free(r->cache_dir);
	free(r->state);
	pthread_mutex_destroy(&r->mu);
	pthread_cond_destroy(&r->cv);
}

static int build(build_run *r, samc_build_result **out, samc_error **err)
{
	int rc = resolve_folders(r, err);
	if (!rc)
		rc = bld_plan_make(r->doc, r->base_dir, r->opts->parameter_overrides, r->opts->resource,
				   &r->plan, err);
	if (!rc)
		rc = recreate_build_dir(r, err);
	if (!rc)
		rc = run_pool(r);
	if (!rc)
		rc = gather_failures(r, err);
	if (!rc)
		rc = prune_cache(r, err);
	char *template_path = NULL;
	if (!rc)
		rc = write_template(r, &template_path, err);
	if (!rc && out)
		return make_result(r, template_path, out);
	free(template_path);
	return rc;
}

int samc_build(const samc_document *doc, const samc_build_options *opts, samc_build_result **out,
	       samc_error **err)
{
	if (out)
		*out = NULL;
	if (!doc || !opts)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "samc_build needs a document and options");
	build_run r;
	memset(&r, 0, sizeof(r));
	r.opts = opts;
	r.doc = doc;
	pthread_mutex_init(&r.mu, NULL);
	pthread_cond_init(&r.cv, NULL);
	int rc = build(&r, out, err);
	release(&r);
	return rc;
}

size_t samc_build_result_count(const samc_build_result *r)
{
	return r ? r->count : 0;
}

const samc_build_item *samc_build_result_get(const samc_build_result *r, size_t i)
{
	return r && i < r->count ? &r->items[i] : NULL;
}

const char *samc_build_result_dir(const samc_build_result *r)
{
	return r ? r->dir : NULL;
}

const char *samc_build_result_template(const samc_build_result *r)
{
	return r ? r->template_path : NULL;
}

void samc_build_result_free(samc_build_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->count; i++) {
		free((char *)r->items[i].resource);
		free((char *)r->items[i].runtime);
		free((char *)r->items[i].artifact);
		free((char *)r->items[i].detail);
	}
	free(r->items);
	free(r->dir);
	free(r->template_path);
	free(r);
}
