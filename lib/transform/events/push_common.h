/* push_common.h — what the push event sources share: generated-resource shells, the Lambda
 * permission (PushEventSource._construct_permission), EventBridge rule helpers, re-emitted resources. */
#ifndef SAMC_TRANSFORM_EVENTS_PUSH_COMMON_H
#define SAMC_TRANSFORM_EVENTS_PUSH_COMMON_H

#include "transform/events/event.h"

/* ---- JSON building: each returns false on allocation failure, having freed what it was given ---- */
bool push_add(cJSON *obj, const char *key, cJSON *item);
bool push_append(cJSON *arr, cJSON *item);
/* Adds a copy of v unless v is absent or null (the reference leaves None properties out). */
bool push_add_copy(cJSON *obj, const char *key, const cJSON *v);
/* {"Fn::Sub": [text, {var: copy of value}]} */
cJSON *push_sub_with(const char *text, const char *var, const cJSON *value);

/* The event property `name`, or NULL when it is absent or null (Python None). */
const cJSON *push_prop(const xf_event *ev, const char *name);
/* Resource._is_intrinsic_function: any one-key dict (validation skips those). */
bool push_skips_validation(const cJSON *v);

/* ---- generated resources ---- */
/* A resource laid out as Resource.to_dict does: Type, DependsOn (taken; NULL for none), the
 * target's passthrough attributes (Condition, DeletionPolicy, UpdateReplacePolicy), Properties {}. */
cJSON *push_new_resource(const char *type, const xf_fn *fn, cJSON *depends_on);
/* Emits `resource` (taken) under `id` on behalf of the function. */
int push_emit(xf *x, const xf_fn *fn, const char *id, cJSON *resource);
/* Resource._validate_logical_id: ^[A-Za-z0-9]+$, else "Logical ids must be alphanumeric." on the
 * id (str() of the value when it is not a string). */
int push_check_logical_id(xf *x, const cJSON *id);

/* ---- the Lambda permission ---- */
typedef struct push_permission {
	const char *prefix;              /* NULL: the event's logical id */
	const char *suffix;              /* NULL or "" for none */
	const char *principal;
	const cJSON *source_arn;         /* borrowed; NULL or null leaves the property out */
	const cJSON *source_account;
	const cJSON *event_source_token;
} push_permission;

/* prefix + "Permission" + suffix when the suffix is alphanumeric, else LogicalIdGenerator(prefix
 * + "Permission", suffix) (an empty suffix gives prefix + "Permission"). Malloc'd. */
char *push_permission_id(const char *prefix, const char *suffix);
/* Builds and emits the permission; *id (optional) receives its logical id (malloc'd). */
int push_emit_permission(xf *x, const xf_fn *fn, const xf_event *ev, const push_permission *p, char **id);

/* SQS queue policy document granting sqs:SendMessage to `principal` when aws:SourceArn equals
 * source_arn (SQSQueuePolicies); takes all three. */
cJSON *push_queue_policy_document(cJSON *principal, cJSON *queue_arn, cJSON *source_arn);

/* ---- EventBridge rules (Schedule, CloudWatchEvent, EventBridgeRule) ---- */
/* generate_valid_target_id: logical_id + suffix, the id cut so the whole fits in 64 chars. */
char *push_rule_target_id(const char *logical_id, const char *suffix);
/* A rule target's Id: the event's Target.Id when given, else push_rule_target_id(<event id>, suffix). */
cJSON *push_rule_target_id_value(const xf_event *ev, const char *suffix);
/* The rule State from State/Enabled; *state is NULL when neither applies. Raises "State and
 * Enabled Properties cannot both be specified." */
int push_rule_state(xf *x, const xf_event *ev, cJSON **state);

/* A DeadLetterConfig worked out (EventBridgeRuleUtils), its resources not yet emitted. */
typedef struct push_dlq {
	cJSON *arn;      /* what goes into the target's DeadLetterConfig.Arn */
	char *queue_id;  /* the generated queue's id, NULL when the user gave an Arn */
	char *policy_id;
	cJSON *queue, *policy;
} push_dlq;

/* validate_dlq_config + get_dlq_queue_arn_and_resources for the event's DeadLetterConfig. */
int push_dlq_prepare(xf *x, const xf_fn *fn, const xf_event *ev, const cJSON *config, push_dlq *d);
/* Emits the queue and its policy (when generated). */
int push_dlq_emit(xf *x, const xf_fn *fn, push_dlq *d);
void push_dlq_free(push_dlq *d);

/* ---- template resources an event edits (S3 bucket, Cognito user pool) ---- */
/* What resources_to_link looks in: the input template's resources. */
cJSON *push_linkable(xf *x, const char *id);

typedef struct push_cfn_class {
	const char *type;
	const char *const *props; /* property_types in order, NULL-terminated */
} push_cfn_class;

/* Resource.from_dict(id, dict) then to_dict(), emitted under id in place of the original. */
int push_reemit(xf *x, const xf_fn *fn, const char *id, const cJSON *dict, const push_cfn_class *cls);

#endif
