/* deploy_int.h — what the files of lib/deploy share: the TOML subset, atomic file writes,
 * change-set and event plumbing over the AWS client layer (lib/aws). */
#ifndef SAMC_DEPLOY_INT_H
#define SAMC_DEPLOY_INT_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "aws/aws.h"
#include "samc/deploy.h"

/* toml.c: a TOML subset into a cJSON tree (tables, dotted/quoted keys, strings, booleans,
 * numbers, arrays); nodes carry their positions. */
int samc_toml_parse(const char *text, size_t len, const char *file, cJSON **out,
		    samc_error **err);
/* The samconfig tree as TOML: top-level scalars, then one [a.b.c] table per leaf mapping. */
int samc_toml_render(const cJSON *root, char **text, size_t *len);

/* changeset.c */
int samc_changeset_from_xml(samc_changeset **out, const samc_xml_doc *doc, samc_error **err);
/* Polls DescribeChangeSet until the change set is no longer pending; *out holds every page. */
int samc_changeset_wait(samc_aws_client *c, const char *stack, const char *change_set_id,
			unsigned delay_ms, unsigned max_wait_s, const samc_deploy_callbacks *cb,
			samc_changeset **out, int *cancelled, samc_error **err);

/* events.c: streams new events of a stack until its status stops being IN_PROGRESS. */
typedef struct samc_event_stream {
	samc_aws_client *client;
	const char *stack;        /* name or id (an id keeps working after deletion) */
	char *marker;             /* newest event id already seen (owned) */
	unsigned delay_ms;
	unsigned max_wait_s;
	const samc_deploy_callbacks *cb;
} samc_event_stream;

/* Remembers the newest current event so only later ones are reported. */
int samc_events_mark(samc_event_stream *s, samc_error **err);
/* Waits, delivering events, until the stack's status is final; *final_status (owned) is that
 * status ("DELETE_COMPLETE" when the stack is gone). *cancelled set when the caller stopped. */
int samc_events_follow(samc_event_stream *s, char **final_status, int *cancelled,
		       samc_error **err);
void samc_event_stream_clear(samc_event_stream *s);

/* Sleeps delay_ms in small steps; returns nonzero when the caller's cancel callback fired. */
int samc_wait_step(const samc_deploy_callbacks *cb, unsigned delay_ms);
void samc_progress(const samc_deploy_callbacks *cb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* upload.c: puts a local file at bucket/key unless an object already has that key (keys are
 * content hashes) or force_upload is set; SSE-KMS with kms_key_id when given. */
typedef struct samc_upload_settings {
	const char *kms_key_id;
	int force_upload;
} samc_upload_settings;

int samc_upload_file(samc_aws_client *c, const char *bucket, const char *key, const char *path,
		     const samc_upload_settings *how, const samc_deploy_callbacks *cb, samc_error **err);
int samc_upload_bytes(samc_aws_client *c, const char *bucket, const char *key,
		      const char *data, size_t len, const samc_upload_settings *how,
		      const samc_deploy_callbacks *cb, samc_error **err);
/* Every artifact of list, in order, as samc_upload_file. */
int samc_upload_list(samc_aws_client *c, const char *bucket, const samc_artifact_list *list,
		     const samc_upload_settings *how, const samc_deploy_callbacks *cb, samc_error **err);

/* connect.c: the AWS configuration and a client for region/profile. */
int samc_deploy_connect(const char *region, const char *profile, samc_aws_config **cfg,
			samc_aws_client **client, samc_error **err);

#endif
