/* schedule.c — the Schedule event of a function (push.py:Schedule): an Events::Rule with a
 * schedule expression, an optional dead-letter queue, and the permission for EventBridge. */
#include <stdlib.h>

#include "transform/events/push.h"
#include "transform/events/push_common.h"

static const xf_prop_spec schedule_props[] = {
	{"Schedule", true, XF_IS_STR, false},
	{"RuleName", false, XF_IS_STR, false},
	{"Input", false, XF_IS_STR, false},
	{"Enabled", false, XF_IS_BOOL, false},
	{"State", false, XF_IS_STR, false},
	{"Name", false, XF_IS_STR, false},
	{"Description", false, XF_IS_STR, false},
	{"DeadLetterConfig", false, XF_IS_DICT, false},
	{"RetryPolicy", false, XF_IS_DICT, false},
	{NULL, false, XF_ANY, false},
};

/* Schedule._construct_target */
static cJSON *schedule_target(const xf_fn *fn, const xf_event *ev, const push_dlq *dlq)
{
	cJSON *target = cJSON_CreateObject();
	bool ok = push_add(target, "Arn", xf_fn_target_arn(fn));
	char *id = push_rule_target_id(ev->logical_id, "LambdaTarget");
	ok &= id && push_add(target, "Id", xf_str(id));
	free(id);
	ok &= push_add_copy(target, "Input", push_prop(ev, "Input"));
	if (push_prop(ev, "DeadLetterConfig")) {
		cJSON *dead_letter = cJSON_CreateObject();
		ok &= push_add(dead_letter, "Arn", xf_dup(dlq->arn));
		ok &= push_add(target, "DeadLetterConfig", dead_letter);
	}
	ok &= push_add_copy(target, "RetryPolicy", push_prop(ev, "RetryPolicy"));
	if (ok)
		return target;
	cJSON_Delete(target);
	return NULL;
}

/* The EventsRule properties in their declared order. */
static cJSON *schedule_rule(const xf_fn *fn, const xf_event *ev, cJSON *state, const push_dlq *dlq)
{
	cJSON *rule = push_new_resource("AWS::Events::Rule", fn, NULL);
	cJSON *props = cJSON_GetObjectItemCaseSensitive(rule, "Properties");
	cJSON *targets = cJSON_CreateArray();
	bool ok = push_add_copy(props, "Description", push_prop(ev, "Description"));
	ok &= push_add_copy(props, "Name", push_prop(ev, "Name"));
	ok &= push_add_copy(props, "ScheduleExpression", push_prop(ev, "Schedule"));
	if (state)
		ok &= push_add(props, "State", state);
	ok &= push_append(targets, schedule_target(fn, ev, dlq));
	ok &= push_add(props, "Targets", targets);
	if (ok)
		return rule;
	cJSON_Delete(rule);
	return NULL;
}

static int emit_schedule(xf *x, const xf_fn *fn, const xf_event *ev, cJSON *state, push_dlq *dlq)
{
	cJSON *rule = schedule_rule(fn, ev, state, dlq);
	int rc = rule ? push_emit(x, fn, ev->logical_id, rule) : XF_NOMEM;
	if (!rc)
		rc = push_dlq_emit(x, fn, dlq);
	if (rc)
		return rc;
	cJSON *rule_arn = xf_getatt(ev->logical_id, "Arn");
	push_permission perm = {.principal = "events.amazonaws.com", .source_arn = rule_arn};
	rc = rule_arn ? push_emit_permission(x, fn, ev, &perm, NULL) : XF_NOMEM;
	cJSON_Delete(rule_arn);
	return rc;
}

static int schedule_expand(xf *x, xf_fn *fn, xf_event *ev)
{
	cJSON *state = NULL;
	push_dlq dlq = {0};
	int rc = push_rule_state(x, ev, &state);
	const cJSON *dead_letter = push_prop(ev, "DeadLetterConfig");
	if (!rc && dead_letter)
		rc = push_dlq_prepare(x, fn, ev, dead_letter, &dlq);
	if (!rc) {
		rc = emit_schedule(x, fn, ev, state, &dlq);
		state = NULL;
	}
	cJSON_Delete(state);
	push_dlq_free(&dlq);
	return rc;
}

const xf_event_type xf_event_schedule = {
	.name = "Schedule",
	.props = schedule_props,
	.link = NULL,
	.expand = schedule_expand,
};
