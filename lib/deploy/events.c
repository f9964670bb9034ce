/* events.c — following a stack operation: new DescribeStackEvents entries delivered oldest
 * first through the caller's callback until the stack's status is final; cancellable waits. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "deploy/deploy_int.h"
#include "util/buf.h"
#include "util/error.h"

#define WAIT_SLICE_MS 100u

int samc_wait_step(const samc_deploy_callbacks *cb, unsigned delay_ms)
{
	for (unsigned slept = 0; slept < delay_ms;) {
		if (cb && cb->cancelled && cb->cancelled(cb->ctx))
			return 1;
		unsigned step = delay_ms - slept < WAIT_SLICE_MS ? delay_ms - slept : WAIT_SLICE_MS;
		struct timespec ts = {(time_t)(step / 1000), (long)(step % 1000) * 1000000L};
		nanosleep(&ts, NULL);
		slept += step;
	}
	return cb && cb->cancelled && cb->cancelled(cb->ctx);
}

void samc_progress(const samc_deploy_callbacks *cb, const char *fmt, ...)
{
	if (!cb || !cb->progress)
		return;
	samc_buf b = SAMC_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	samc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	const char *s = samc_buf_cstr(&b);
	if (s)
		cb->progress(cb->ctx, s);
	samc_buf_free(&b);
}

void samc_event_stream_clear(samc_event_stream *s)
{
	free(s->marker);
	s->marker = NULL;
}

static int fetch_page(samc_event_stream *s, const char *token, samc_cfn_events **page,
		      samc_error **err)
{
	return samc_cfn_describe_stack_events(s->client, s->stack, token, page, err);
}

int samc_events_mark(samc_event_stream *s, samc_error **err)
{
	samc_cfn_events *page = NULL;
	int rc = fetch_page(s, NULL, &page, err);
	if (rc == SAMC_OK && page->nevents > 0) {
		free(s->marker);
		s->marker = samc_strdup(page->events[0].event_id);
		if (!s->marker)
			rc = SAMC_ENOMEM;
	}
	samc_cfn_events_free(page);
	return rc;
}

static void deliver(const samc_event_stream *s, const samc_cfn_event *e)
{
	if (!s->cb || !s->cb->event)
		return;
	samc_stack_event ev = {e->event_id,     e->timestamp,  e->status,	 e->detailed_status,
			       e->resource_type, e->logical_id, e->physical_id, e->status_reason};
	s->cb->event(s->cb->ctx, &ev);
}

/* The pages read so far, newest first, and how many events of each are new. */
typedef struct event_pages {
	samc_cfn_events **pages;
	size_t *fresh;
	size_t n;
} event_pages;

static void event_pages_clear(event_pages *ep)
{
	for (size_t i = 0; i < ep->n; i++)
		samc_cfn_events_free(ep->pages[i]);
	free(ep->pages);
	free(ep->fresh);
}

/* Reads pages until the marker (or the oldest event); returns the token of the next page. */
static int read_until_marker(samc_event_stream *s, event_pages *ep, samc_error **err)
{
	const char *token = NULL;
	int found = 0;
	do {
		samc_cfn_events **pages = realloc(ep->pages, (ep->n + 1) * sizeof(*pages));
		if (pages)
			ep->pages = pages;
		size_t *fresh = realloc(ep->fresh, (ep->n + 1) * sizeof(*fresh));
		if (fresh)
			ep->fresh = fresh;
		if (!pages || !fresh)
			return SAMC_ENOMEM;
		samc_cfn_events *p = NULL;
		int rc = fetch_page(s, token, &p, err);
		if (rc)
			return rc;
		ep->pages[ep->n] = p;
		ep->fresh[ep->n] = p->nevents;
		for (size_t i = 0; i < p->nevents && !found; i++)
			if (s->marker && strcmp(p->events[i].event_id, s->marker) == 0) {
				found = 1;
				ep->fresh[ep->n] = i;
			}
		ep->n++;
		token = p->next_token;
	} while (!found && token);
	return SAMC_OK;
}

/* Delivers what is newer than the marker, oldest first, and moves the marker. */
static int deliver_new_events(samc_event_stream *s, samc_error **err)
{
	event_pages ep = {NULL, NULL, 0};
	int rc = read_until_marker(s, &ep, err);
	const char *newest = NULL;
	for (size_t pi = ep.n; rc == SAMC_OK && pi-- > 0;)
		for (size_t i = ep.fresh[pi]; i-- > 0;) {
			deliver(s, &ep.pages[pi]->events[i]);
			newest = ep.pages[pi]->events[i].event_id;
		}
	if (rc == SAMC_OK && newest) {
		free(s->marker);
		s->marker = samc_strdup(newest);
		if (!s->marker)
			rc = SAMC_ENOMEM;
	}
	event_pages_clear(&ep);
	return rc;
}

static int in_progress(const char *status)
{
	size_t n = strlen(status), m = strlen("_IN_PROGRESS");
	return n >= m && strcmp(status + n - m, "_IN_PROGRESS") == 0;
}

/* The stack's status now; "DELETE_COMPLETE" when it no longer exists. */
static int stack_status(samc_event_stream *s, char **status, samc_error **err)
{
	samc_cfn_stack *st = NULL;
	int rc = samc_cfn_describe_stack(s->client, s->stack, &st, err);
	if (rc)
		return rc;
	*status = samc_strdup(st ? st->status : "DELETE_COMPLETE");
	samc_cfn_stack_free(st);
	return *status ? SAMC_OK : SAMC_ENOMEM;
}

int samc_events_follow(samc_event_stream *s, char **final_status, int *cancelled,
		       samc_error **err)
{
	unsigned long long waited_ms = 0, limit_ms = (unsigned long long)s->max_wait_s * 1000;
	*final_status = NULL;
	*cancelled = 0;
	for (;;) {
		char *status = NULL;
		int rc = stack_status(s, &status, err);
		if (rc == SAMC_OK && strcmp(status, "DELETE_COMPLETE") == 0) {
			/* a deleted stack's events stay readable by its id, not by its name */
			samc_error *ignored = NULL;
			deliver_new_events(s, &ignored);
			samc_error_free(ignored);
		} else if (rc == SAMC_OK) {
			rc = deliver_new_events(s, err);
		}
		if (rc) {
			free(status);
			return rc;
		}
		if (!in_progress(status)) {
			*final_status = status;
			return SAMC_OK;
		}
		free(status);
		if (waited_ms >= limit_ms)
			return samc_error_set(err, SAMC_EAWS, NULL, 0, 0,
					      "stack %s still in progress after %u s; follow it with "
					      "`aws cloudformation describe-stack-events --stack-name %s`",
					      s->stack, s->max_wait_s, s->stack);
		if (samc_wait_step(s->cb, s->delay_ms)) {
			*cancelled = 1;
			return SAMC_OK;
		}
		waited_ms += s->delay_ms;
	}
}
