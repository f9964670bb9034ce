/* state_machine.h — state shared by the files that expand one AWS::Serverless::StateMachine
 * (state_machine.c, state_machine_definition.c, state_machine_alias.c, state_machine_events.c). */
#ifndef SAMC_TRANSFORM_STATE_MACHINE_H
#define SAMC_TRANSFORM_STATE_MACHINE_H

#include "transform/events/event.h"

typedef struct sm_build {
	xf *x;
	const char *id;         /* the SAM state machine's logical id */
	const cJSON *sam;       /* the SAM resource */
	cJSON *props;           /* its Properties (a copy, policy templates expanded) */
	cJSON *main_attrs;      /* DeletionPolicy, UpdatePolicy, Condition, UpdateReplacePolicy, Metadata */
	cJSON *child_attrs;     /* Condition, DeletionPolicy, UpdateReplacePolicy */
	cJSON *machine;         /* the AWS::StepFunctions::StateMachine being built (owned until emitted) */
	char *alias_id;         /* <Id>Alias<Name> when AutoPublishAlias is set, else NULL */
	xf_event *events;       /* linked events, in Events order */
	size_t nevents;
} sm_build;

/* The property `name`, or NULL when it is absent or null (Python None). */
const cJSON *sm_prop(const sm_build *b, const char *name);
/* [{"Key": "stateMachine:createdBy", "Value": "SAM"}] + the Tags as a tag list. */
cJSON *sm_tag_list(const sm_build *b);
/* What the events start: the alias with UseAliasAsEventTarget, else the state machine. */
xf_fn sm_event_target(const sm_build *b);

/* state_machine_definition.c: DefinitionString (with substitutions) or DefinitionS3Location and
 * DefinitionSubstitutions on b->machine. */
int sm_definition(sm_build *b);
/* state_machine_alias.c: the version and alias (AutoPublishAlias, DeploymentPreference). */
int sm_version_and_alias(sm_build *b);
/* state_machine_events.c */
int sm_link_events(sm_build *b);
int sm_events(sm_build *b);
void sm_events_free(sm_build *b);

#endif
