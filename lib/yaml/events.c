/* events.c — libyaml's event stream of a buffer: read in place, or parsed by a producer thread
 * into a small ring of event chunks that the reader consumes and hands back. */
#include "yaml/events.h"

#include <pthread.h>
#include <stdlib.h>

#include "samc/samc.h"

#define CHUNK_EVENTS 256
#define NCHUNKS 4

typedef struct chunk {
	yaml_event_t ev[CHUNK_EVENTS];
	size_t n;    /* events held (each deleted by the producer before the chunk is refilled) */
	bool last;   /* the stream ends after these n events: end event, or a parse error */
	bool failed; /* the parse error */
} chunk;

struct samc_yaml_events {
	yaml_parser_t parser;
	bool threaded;
	bool finished; /* the reader got the end event or the error */
	/* in place: the event handed out last, deleted at the next call */
	yaml_event_t current;
	bool holding;
	/* threaded: chunks [consumed, filled) are the reader's, the others the producer's */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	size_t filled;   /* chunks published so far */
	size_t consumed; /* chunks handed back so far */
	bool cancel;
	chunk *reading;  /* the chunk the reader is in, or NULL */
	size_t next;     /* its next event */
	chunk *chunks;   /* NCHUNKS of them */
};

static void delete_events(chunk *c)
{
	for (size_t i = 0; i < c->n; i++)
		yaml_event_delete(&c->ev[i]);
	c->n = 0;
}

static void fill_chunk(samc_yaml_events *s, chunk *c)
{
	delete_events(c);
	c->last = c->failed = false;
	while (c->n < CHUNK_EVENTS) {
		if (!yaml_parser_parse(&s->parser, &c->ev[c->n])) {
			c->last = c->failed = true;
			return;
		}
		if (c->ev[c->n++].type == YAML_STREAM_END_EVENT) {
			c->last = true;
			return;
		}
	}
}

/* Waits for a free chunk (or cancel); false when the reader has gone. */
static bool wait_for_room(samc_yaml_events *s, size_t k)
{
	pthread_mutex_lock(&s->lock);
	while (!s->cancel && k - s->consumed >= NCHUNKS)
		pthread_cond_wait(&s->changed, &s->lock);
	bool go = !s->cancel;
	pthread_mutex_unlock(&s->lock);
	return go;
}

static void *produce(void *arg)
{
	samc_yaml_events *s = arg;
	for (size_t k = 0; wait_for_room(s, k); k++) {
		chunk *c = &s->chunks[k % NCHUNKS];
		fill_chunk(s, c);
		pthread_mutex_lock(&s->lock);
		s->filled = k + 1;
		pthread_cond_broadcast(&s->changed);
		pthread_mutex_unlock(&s->lock);
		if (c->last)
			break;
	}
	return NULL;
}

/* Starts the producer thread; on any failure the stream stays in place. */
static void start_producer(samc_yaml_events *s)
{
	s->chunks = calloc(NCHUNKS, sizeof(*s->chunks));
	if (!s->chunks)
		return;
	if (pthread_mutex_init(&s->lock, NULL) == 0) {
		if (pthread_cond_init(&s->changed, NULL) == 0) {
			s->threaded = pthread_create(&s->thread, NULL, produce, s) == 0;
			if (!s->threaded)
				pthread_cond_destroy(&s->changed);
		}
		if (!s->threaded)
			pthread_mutex_destroy(&s->lock);
	}
	if (!s->threaded) {
		free(s->chunks);
		s->chunks = NULL;
	}
}

int samc_yaml_events_open(samc_yaml_events **out, const char *data, size_t len, bool threaded)
{
	*out = NULL;
	samc_yaml_events *s = calloc(1, sizeof(*s));
	if (!s)
		return SAMC_ENOMEM;
	if (!yaml_parser_initialize(&s->parser)) {
		free(s);
		return SAMC_ENOMEM;
	}
	yaml_parser_set_input_string(&s->parser, (const unsigned char *)(data ? data : ""), len);
	if (threaded)
		start_producer(s);
	*out = s;
	return 0;
}

static int next_in_place(samc_yaml_events *s, const yaml_event_t **ev)
{
	if (s->holding) {
		yaml_event_delete(&s->current);
		s->holding = false;
	}
	if (s->finished || !yaml_parser_parse(&s->parser, &s->current)) {
		s->finished = true;
		return 0;
	}
	s->holding = true;
	s->finished = s->current.type == YAML_STREAM_END_EVENT;
	*ev = &s->current;
	return 1;
}

/* Hands the chunk read to its end back to the producer and waits for the next one. */
static chunk *next_chunk(samc_yaml_events *s)
{
	pthread_mutex_lock(&s->lock);
	if (s->reading) {
		s->consumed++;
		pthread_cond_broadcast(&s->changed);
	}
	while (s->filled == s->consumed)
		pthread_cond_wait(&s->changed, &s->lock);
	pthread_mutex_unlock(&s->lock);
	s->next = 0;
	return s->reading = &s->chunks[s->consumed % NCHUNKS];
}

static int next_threaded(samc_yaml_events *s, const yaml_event_t **ev)
{
	if (s->finished)
		return 0;
	chunk *c = s->reading;
	if (!c || (s->next == c->n && !c->last))
		c = next_chunk(s);
	if (s->next == c->n) { /* only a failed chunk ends without its end event */
		s->finished = true;
		return 0;
	}
	*ev = &c->ev[s->next++];
	s->finished = (*ev)->type == YAML_STREAM_END_EVENT;
	return 1;
}

int samc_yaml_events_next(samc_yaml_events *s, const yaml_event_t **ev)
{
	return s->threaded ? next_threaded(s, ev) : next_in_place(s, ev);
}

bool samc_yaml_events_threaded(const samc_yaml_events *s)
{
	return s->threaded;
}

void samc_yaml_events_close(samc_yaml_events *s)
{
	if (!s)
		return;
	if (s->threaded) {
		pthread_mutex_lock(&s->lock);
		s->cancel = true;
		pthread_cond_broadcast(&s->changed);
		pthread_mutex_unlock(&s->lock);
		pthread_join(s->thread, NULL);
		pthread_cond_destroy(&s->changed);
		pthread_mutex_destroy(&s->lock);
		for (size_t i = 0; i < NCHUNKS; i++)
			delete_events(&s->chunks[i]);
		free(s->chunks);
	} else if (s->holding) {
		yaml_event_delete(&s->current);
	}
	yaml_parser_delete(&s->parser);
	free(s);
}
