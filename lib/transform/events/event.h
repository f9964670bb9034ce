/* event.h — the interface between SamFunction and its event sources (push, pull, scheduler).
 * Each event type file defines one const xf_event_type; events/registry.c lists them. */
#ifndef SAMC_TRANSFORM_EVENTS_EVENT_H
#define SAMC_TRANSFORM_EVENTS_EVENT_H

#include "transform/xf.h"

/* The function an event source is attached to. */
typedef struct xf_fn {
	const char *id;        /* the SAM function's logical id (also the Lambda function's id) */
	const cJSON *sam;      /* the SAM resource dict (Type, Properties, Condition, ...) */
	cJSON *function;       /* the generated AWS::Lambda::Function (already emitted), or the
	                          AWS::StepFunctions::StateMachine of a SAM StateMachine */
	const char *alias_id;  /* <Fn>Alias<name> when AutoPublishAlias is set, else NULL */
	cJSON *role;           /* the generated execution role (already emitted), NULL when the user gave Role */
	const cJSON *attrs;    /* passthrough attributes of the target: Condition, DeletionPolicy,
	                          UpdateReplacePolicy (an object, maybe empty) */
} xf_fn;

/* One event of a function's Events map. */
typedef struct xf_event {
	char *logical_id;        /* <Fn><Ev>: the id of the main generated resource */
	const char *relative_id; /* <Ev>: the key in Events (used in event errors) */
	const cJSON *dict;       /* the event object: {"Type": ..., "Properties": {...}} */
	const cJSON *props;      /* its Properties, or NULL */
	const struct xf_event_type *type;
	cJSON *linked;           /* borrowed from the output template by the link step (S3 bucket, user pool) */
	char *linked_id;         /* logical id of `linked` (owned) */
} xf_event;

typedef struct xf_event_type {
	const char *name;          /* the event "Type" value, e.g. "S3" */
	const xf_prop_spec *props; /* property_types in declaration order ({NULL}-terminated) */
	/* resources_to_link: runs for every event before the function is built; may be NULL. */
	int (*link)(xf *x, const xf_fn *fn, xf_event *ev);
	/* to_cloudformation: emits the event's resources with xf_emit(x, fn->id, id, resource) and may
	 * edit fn->role (pull events add policies). Raise errors with xf_fail_event(x, ev->relative_id,
	 * ...) or, for property errors, xf_fail_resource(x, ev->logical_id, ...). */
	int (*expand)(xf *x, xf_fn *fn, xf_event *ev);
} xf_event_type;

/* What events invoke: {"Ref": alias} when there is an alias, else {"Ref": function}. */
cJSON *xf_fn_target_name(const xf_fn *fn);
/* {"Ref": alias} when there is an alias, else {"Fn::GetAtt": [function, "Arn"]}. */
cJSON *xf_fn_target_arn(const xf_fn *fn);
/* The id of what events invoke (alias id or function id). */
const char *xf_fn_target_id(const xf_fn *fn);
/* True when the target is a SAM StateMachine (`function` is the AWS::StepFunctions::StateMachine,
 * alias_id its alias): events start executions and its ARN is a Ref. */
bool xf_fn_is_state_machine(const xf_fn *fn);

/* The registry (events/registry.c). */
const xf_event_type *xf_event_type_find(const char *name);

#endif
