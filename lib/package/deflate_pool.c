/* deflate_pool.c — parallel compression for the zip writer: worker threads claim files in
 * order, never more than WINDOW ahead of the writer, and deflate each into memory. */
#include "package/deflate_pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "util/buf.h"
#include "util/error.h"

#define MAX_WORKERS 8
#define WINDOW_PER_WORKER 4
#define DEFLATE_LEVEL 6

typedef struct job {
	unsigned char *data;
	size_t comp_size;
	uint64_t size;
	uint32_t crc;
	int status;    /* 0 or SAMC_E* */
	char *message; /* why status is not 0 */
	bool done;
} job;

struct deflate_pool {
	const pkg_tree *tree;
	job *jobs;
	size_t next;     /* the next file a worker claims */
	size_t wanted;   /* the highest file the writer asked for, + 1 */
	size_t window;
	bool stop;
	pthread_mutex_t mu;
	pthread_cond_t changed;
	pthread_t workers[MAX_WORKERS];
	int nworkers;
};

/* Compresses the whole of f into j. */
static void deflate_file(const pkg_file *f, job *j)
{
	FILE *in = fopen(f->path, "rb");
	if (!in) {
		j->status = SAMC_EIO;
		j->message = samc_strfmt("%s: %s", f->path, strerror(errno));
		return;
	}
	z_stream z;
	memset(&z, 0, sizeof(z));
	samc_buf out = SAMC_BUF_INIT;
	unsigned char chunk[1 << 16], buf[1 << 16];
	uLong crc = crc32(0L, Z_NULL, 0);
	int zrc = deflateInit2(&z, DEFLATE_LEVEL, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
	bool eof = false;
	while (zrc == Z_OK && !out.oom) {
		if (z.avail_in == 0 && !eof) {
			size_t n = fread(chunk, 1, sizeof(chunk), in);
			eof = n < sizeof(chunk);
			crc = crc32(crc, chunk, (uInt)n);
			j->size += n;
			z.next_in = chunk;
			z.avail_in = (uInt)n;
		}
		z.next_out = buf;
		z.avail_out = sizeof(buf);
		zrc = deflate(&z, eof ? Z_FINISH : Z_NO_FLUSH);
		samc_buf_put(&out, (const char *)buf, sizeof(buf) - z.avail_out);
		if (zrc == Z_BUF_ERROR)
			zrc = Z_OK; /* no progress possible this round: more input comes */
	}
	bool read_error = ferror(in) != 0;
	fclose(in);
	deflateEnd(&z);
	if (zrc != Z_STREAM_END || out.oom || read_error) {
		j->status = read_error ? SAMC_EIO : out.oom ? SAMC_ENOMEM : SAMC_EINTERNAL;
		j->message = samc_strfmt("%s: %s", f->path, read_error ? "read error" : "cannot compress");
		samc_buf_free(&out);
		return;
	}
	j->comp_size = out.len;
	j->crc = (uint32_t)crc;
	j->data = (unsigned char *)samc_buf_detach(&out);
	if (!j->data) /* an empty stream is never produced: deflate writes at least 2 bytes */
		j->status = SAMC_ENOMEM;
}

static void *worker(void *arg)
{
	deflate_pool *p = arg;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->stop && p->next < p->tree->count && p->next >= p->wanted + p->window)
			pthread_cond_wait(&p->changed, &p->mu);
		if (p->stop || p->next >= p->tree->count)
			break;
		size_t i = p->next++;
		pthread_mutex_unlock(&p->mu);
		job done = {0};
		deflate_file(&p->tree->files[i], &done);
		pthread_mutex_lock(&p->mu);
		p->jobs[i] = done;
		p->jobs[i].done = true;
		pthread_cond_broadcast(&p->changed);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static int worker_count(size_t files)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int n = cpus < 1 ? 1 : cpus > MAX_WORKERS ? MAX_WORKERS : (int)cpus;
	return files < (size_t)n ? (int)(files ? files : 1) : n;
}

int deflate_pool_start(const pkg_tree *t, deflate_pool **out)
{
	*out = NULL;
	deflate_pool *p = calloc(1, sizeof(*p));
	if (!p)
		return SAMC_ENOMEM;
	p->tree = t;
	p->jobs = calloc(t->count ? t->count : 1, sizeof(*p->jobs));
	if (!p->jobs || pthread_mutex_init(&p->mu, NULL) != 0) {
		free(p->jobs);
		free(p);
		return SAMC_ENOMEM;
	}
	pthread_cond_init(&p->changed, NULL);
	int want = worker_count(t->count);
	p->window = (size_t)want * WINDOW_PER_WORKER;
	while (p->nworkers < want && pthread_create(&p->workers[p->nworkers], NULL, worker, p) == 0)
		p->nworkers++;
	if (p->nworkers == 0) {
		deflate_pool_free(p);
		return SAMC_EINTERNAL;
	}
	*out = p;
	return 0;
}

int deflate_pool_get(deflate_pool *p, size_t i, deflated *out, samc_error **err)
{
	pthread_mutex_lock(&p->mu);
	if (i + 1 > p->wanted) {
		p->wanted = i + 1;
		pthread_cond_broadcast(&p->changed);
	}
	while (!p->jobs[i].done)
		pthread_cond_wait(&p->changed, &p->mu);
	job *j = &p->jobs[i];
	pthread_mutex_unlock(&p->mu);
	if (j->status)
		return samc_error_set(err, j->status, NULL, 0, 0, "%s",
				      j->message ? j->message : "cannot compress");
	out->data = j->data;
	out->comp_size = j->comp_size;
	out->size = j->size;
	out->crc = j->crc;
	return 0;
}

void deflate_pool_release(deflate_pool *p, size_t i)
{
	pthread_mutex_lock(&p->mu);
	free(p->jobs[i].data);
	p->jobs[i].data = NULL;
	pthread_mutex_unlock(&p->mu);
}

void deflate_pool_free(deflate_pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = true;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->mu);
	for (int i = 0; i < p->nworkers; i++)
		pthread_join(p->workers[i], NULL);
	for (size_t i = 0; i < p->tree->count; i++) {
		free(p->jobs[i].data);
		free(p->jobs[i].message);
	}
	pthread_cond_destroy(&p->changed);
	pthread_mutex_destroy(&p->mu);
	free(p->jobs);
	free(p);
}
