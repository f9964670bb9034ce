/* sfn.h — the event sources of a SAM StateMachine (model/stepfunctions/events.py): EventBridge
 * rules (Schedule, CloudWatchEvent, EventBridgeRule) and Api, each with a states:StartExecution role. */
#ifndef SAMC_TRANSFORM_EVENTS_SFN_H
#define SAMC_TRANSFORM_EVENTS_SFN_H

#include "transform/events/event.h"

/* fn->state_machine is set: fn->id is the state machine, fn->alias_id its alias when events
 * target the alias. */
extern const xf_event_type xf_sfn_event_schedule;
extern const xf_event_type xf_sfn_event_cloudwatch_event;
extern const xf_event_type xf_sfn_event_eventbridge_rule;
extern const xf_event_type xf_sfn_event_api;

/* EventSource._construct_role: <Ev logical id>Role assumed by `principal`, allowed to start
 * executions of the target; PermissionsBoundary of the state machine. Emits it; *role_id
 * (malloc'd) receives its id. */
int sfn_emit_event_role(xf *x, const xf_fn *fn, const xf_event *ev, const char *principal, char **role_id);

#endif
