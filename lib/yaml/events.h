/* events.h — libyaml's event stream of a buffer, optionally parsed on a second thread a few
 * chunks ahead of the reader, so scanning the text overlaps building the tree. */
#ifndef SAMC_YAML_EVENTS_H
#define SAMC_YAML_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

/* Inputs from this size on are worth a thread (about a millisecond of parsing). */
#define SAMC_YAML_EVENTS_THREAD_MIN ((size_t)256 * 1024)

typedef struct samc_yaml_events samc_yaml_events;

/* Starts reading data (not copied: it must outlive the stream). With threaded, libyaml runs on
 * a thread of its own; when that thread cannot start, the stream quietly reads on the caller's.
 * Returns 0, or SAMC_ENOMEM. */
int samc_yaml_events_open(samc_yaml_events **out, const char *data, size_t len, bool threaded);

/* The next event, borrowed until the next call or close: 1 with *ev set; 0 at a parse error or
 * after the stream's end event. */
int samc_yaml_events_next(samc_yaml_events *s, const yaml_event_t **ev);

/* Whether the stream runs on a second thread (for tests). */
bool samc_yaml_events_threaded(const samc_yaml_events *s);

/* Stops the parsing thread (also midway) and frees every event. NULL is ignored. */
void samc_yaml_events_close(samc_yaml_events *s);

#endif
