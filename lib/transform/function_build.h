/* function_build.h — state shared by the files that expand one AWS::Serverless::Function
 * (function.c, function_version.c, function_role.c, function_events.c). */
#ifndef SAMC_TRANSFORM_FUNCTION_BUILD_H
#define SAMC_TRANSFORM_FUNCTION_BUILD_H

#include <stdint.h>

#include "transform/events/event.h"

typedef struct fn_build {
	xf *x;
	const char *id;         /* the SAM function's logical id */
	const cJSON *sam;       /* the SAM resource */
	const cJSON *props;     /* its Properties: own_props, else the SAM resource's, read in place */
	cJSON *own_props;       /* a copy with policy templates expanded, made when Policies is set */
	uint64_t prop_bits;     /* a bit per property name present (key_bit): fb_prop skips a scan
				 * for most names the function does not set */
	cJSON *main_attrs;      /* DeletionPolicy, UpdatePolicy, Condition, UpdateReplacePolicy, Metadata */
	cJSON *child_attrs;     /* Condition, DeletionPolicy, UpdateReplacePolicy */
	cJSON *function;        /* the Lambda function (borrowed from the output once emitted) */
	bool function_emitted;
	cJSON *alias;           /* the alias (borrowed from the output), or NULL */
	char *alias_name;       /* resolved AutoPublishAlias, or NULL */
	char *alias_id;
	cJSON *role;            /* the generated role (borrowed from the output), or NULL */
	cJSON *invoke_policies; /* role policies EventInvokeConfig needs */
	xf_event *events;       /* linked events, in Events order */
	size_t nevents;
} fn_build;

const cJSON *fb_prop(const fn_build *b, const char *name);
cJSON *fb_child_resource(const fn_build *b, const char *type);
cJSON *fb_tag_list(fn_build *b);
xf_fn fb_as_fn(fn_build *b);

int fb_version_and_alias(fn_build *b);   /* function_version.c */
int fb_url(fn_build *b);                 /* function_version.c */
int fb_deployment_preference(fn_build *b); /* function_version.c */
int fb_event_invoke_config(fn_build *b); /* function_version.c */
int fb_role(fn_build *b);                /* function_role.c */
int fb_link_events(fn_build *b);         /* function_events.c */
int fb_events(fn_build *b);              /* function_events.c */
void fb_events_free(fn_build *b);        /* function_events.c */
int fb_propagate_tags(fn_build *b);      /* function_events.c */

#endif
