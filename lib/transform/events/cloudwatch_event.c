/* cloudwatch_event.c — the CloudWatchEvent and EventBridgeRule events of a function
 * (push.py:CloudWatchEvent): an Events::Rule on a pattern, an optional dead-letter queue, the permission. */
#include <stdlib.h>

#include "transform/events/push.h"
#include "transform/events/push_common.h"

static const xf_prop_spec cloudwatch_event_props[] = {
	{"EventBusName", false, XF_IS_STR, false},
	{"RuleName", false, XF_IS_STR, false},
	{"Pattern", false, XF_IS_DICT, false},
	{"DeadLetterConfig", false, XF_IS_DICT, false},
	{"RetryPolicy", false, XF_IS_DICT, false},
	{"Input", false, XF_IS_STR, false},
	{"InputPath", false, XF_IS_STR, false},
	{"Target", false, XF_IS_DICT, false},
	{"Enabled", false, XF_IS_BOOL, false},
	{"State", false, XF_IS_STR, false},
	{"InputTransformer", false, XF_IS_DICT, false},
	{NULL, false, XF_ANY, false},
};

/* CloudWatchEvent._construct_target */
static cJSON *rule_target(const xf_fn *fn, const xf_event *ev, const push_dlq *dlq)
{
	cJSON *target = cJSON_CreateObject();
	bool ok = push_add(target, "Arn", xf_fn_target_arn(fn));
	ok &= push_add(target, "Id", push_rule_target_id_value(ev, "LambdaTarget"));
	ok &= push_add_copy(target, "Input", push_prop(ev, "Input"));
	ok &= push_add_copy(target, "InputPath", push_prop(ev, "InputPath"));
	if (push_prop(ev, "DeadLetterConfig")) {
		cJSON *dead_letter = cJSON_CreateObject();
		ok &= push_add(dead_letter, "Arn", xf_dup(dlq->arn));
		ok &= push_add(target, "DeadLetterConfig", dead_letter);
	}
	ok &= push_add_copy(target, "RetryPolicy", push_prop(ev, "RetryPolicy"));
	ok &= push_add_copy(target, "InputTransformer", push_prop(ev, "InputTransformer"));
	if (ok)
		return target;
	cJSON_Delete(target);
	return NULL;
}

/* The EventsRule properties in their declared order; takes state. */
static cJSON *pattern_rule(const xf_fn *fn, const xf_event *ev, cJSON *state, const push_dlq *dlq)
{
	cJSON *rule = push_new_resource("AWS::Events::Rule", fn, NULL);
	cJSON *props = cJSON_GetObjectItemCaseSensitive(rule, "Properties");
	cJSON *targets = cJSON_CreateArray();
	bool ok = push_add_copy(props, "EventBusName", push_prop(ev, "EventBusName"));
	ok &= push_add_copy(props, "EventPattern", push_prop(ev, "Pattern"));
	ok &= push_add_copy(props, "Name", push_prop(ev, "RuleName"));
	if (state)
		ok &= push_add(props, "State", state);
	ok &= push_append(targets, rule_target(fn, ev, dlq));
	ok &= push_add(props, "Targets", targets);
	if (ok)
		return rule;
	cJSON_Delete(rule);
	return NULL;
}

/* Emits in the reference's order: dead-letter queue and policy, rule, permission. */
static int emit_pattern_rule(xf *x, const xf_fn *fn, const xf_event *ev, cJSON *state, push_dlq *dlq)
{
	int rc = push_dlq_emit(x, fn, dlq);
	if (rc) {
		cJSON_Delete(state);
		return rc;
	}
	cJSON *rule = pattern_rule(fn, ev, state, dlq);
	if ((rc = rule ? push_emit(x, fn, ev->logical_id, rule) : XF_NOMEM))
		return rc;
	cJSON *rule_arn = xf_getatt(ev->logical_id, "Arn");
	push_permission perm = {.principal = "events.amazonaws.com", .source_arn = rule_arn};
	rc = rule_arn ? push_emit_permission(x, fn, ev, &perm, NULL) : XF_NOMEM;
	cJSON_Delete(rule_arn);
	return rc;
}

static int cloudwatch_event_expand(xf *x, xf_fn *fn, xf_event *ev)
{
	cJSON *state = NULL;
	push_dlq dlq = {0};
	int rc = XF_OK;
	const cJSON *dead_letter = push_prop(ev, "DeadLetterConfig");
	if (dead_letter)
		rc = push_dlq_prepare(x, fn, ev, dead_letter, &dlq);
	if (!rc)
		rc = push_rule_state(x, ev, &state);
	if (!rc)
		rc = emit_pattern_rule(x, fn, ev, state, &dlq);
	else
		cJSON_Delete(state);
	push_dlq_free(&dlq);
	return rc;
}

const xf_event_type xf_event_cloudwatch_event = {
	.name = "CloudWatchEvent",
	.props = cloudwatch_event_props,
	.link = NULL,
	.expand = cloudwatch_event_expand,
};

const xf_event_type xf_event_eventbridge_rule = {
	.name = "EventBridgeRule",
	.props = cloudwatch_event_props,
	.link = NULL,
	.expand = cloudwatch_event_expand,
};
