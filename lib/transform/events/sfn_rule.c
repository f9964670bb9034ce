/* sfn_rule.c — the Schedule, CloudWatchEvent and EventBridgeRule events of a state machine: an
 * Events::Rule whose target starts an execution through a role, an optional dead-letter queue. */
#include <stdlib.h>

#include "json/members.h"
#include "transform/events/push_common.h"
#include "transform/events/sfn.h"

#define PRINCIPAL "events.amazonaws.com"

static const xf_prop_spec schedule_props[] = {
	{"Schedule", true, XF_IS_STR, false},
	{"Input", false, XF_IS_STR, false},
	{"Enabled", false, XF_IS_BOOL, false},
	{"State", false, XF_IS_STR, false},
	{"Name", false, XF_IS_STR, false},
	{"Description", false, XF_IS_STR, false},
	{"DeadLetterConfig", false, XF_IS_DICT, false},
	{"RetryPolicy", false, XF_IS_DICT, false},
	{"Target", false, XF_IS_DICT, true},
	{"RoleArn", false, XF_IS_STR, true},
	{NULL, false, XF_ANY, false},
};

static const xf_prop_spec pattern_props[] = {
	{"EventBusName", false, XF_IS_STR, false},
	{"RuleName", false, XF_IS_STR, false},
	{"Pattern", false, XF_IS_DICT, false},
	{"Input", false, XF_IS_STR, false},
	{"InputPath", false, XF_IS_STR, false},
	{"DeadLetterConfig", false, XF_IS_DICT, false},
	{"RetryPolicy", false, XF_IS_DICT, false},
	{"State", false, XF_IS_STR, false},
	{"Target", false, XF_IS_DICT, true},
	{"InputTransformer", false, XF_IS_DICT, false},
	{NULL, false, XF_ANY, false},
};

/* _construct_target of both event kinds; the pattern-only properties are absent on a Schedule. */
static cJSON *rule_target(const xf_fn *fn, const xf_event *ev, cJSON *role_arn, const push_dlq *dlq)
{
	cJSON *target = cJSON_CreateObject();
	bool ok = push_add(target, "Arn", xf_fn_target_arn(fn));
	ok &= push_add(target, "Id", push_rule_target_id_value(ev, "StepFunctionsTarget"));
	ok &= push_add(target, "RoleArn", role_arn);
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

/* The role ARN of the target: RoleArn when a Schedule gives one, else the generated role's. */
static int target_role(xf *x, const xf_fn *fn, const xf_event *ev, bool schedule, cJSON **arn)
{
	const cJSON *given = schedule ? push_prop(ev, "RoleArn") : NULL;
	if (given) {
		*arn = xf_dup(given);
		return *arn ? XF_OK : XF_NOMEM;
	}
	char *role_id = NULL;
	int rc = sfn_emit_event_role(x, fn, ev, PRINCIPAL, &role_id);
	*arn = rc == XF_OK ? xf_getatt(role_id, "Arn") : NULL;
	free(role_id);
	return rc;
}

static void add_rule_properties(cJSON *props, const xf_event *ev, bool schedule, cJSON *state)
{
	if (schedule) {
		push_add_copy(props, "ScheduleExpression", push_prop(ev, "Schedule"));
		push_add_copy(props, "Name", push_prop(ev, "Name"));
		push_add_copy(props, "Description", push_prop(ev, "Description"));
	} else {
		push_add_copy(props, "EventBusName", push_prop(ev, "EventBusName"));
		push_add_copy(props, "EventPattern", push_prop(ev, "Pattern"));
		push_add_copy(props, "Name", push_prop(ev, "RuleName"));
	}
	if (state)
		push_add(props, "State", state);
}

/* The rule State: Schedule takes State or Enabled, the pattern events State alone. */
static int rule_state(xf *x, const xf_event *ev, bool schedule, cJSON **state)
{
	if (schedule)
		return push_rule_state(x, ev, state);
	const cJSON *st = push_prop(ev, "State");
	*state = xf_truthy(st) ? xf_dup(st) : NULL;
	return XF_OK;
}

static int expand_rule(xf *x, xf_fn *fn, xf_event *ev, bool schedule)
{
	cJSON *state = NULL, *role_arn = NULL;
	push_dlq dlq = {0};
	int rc = rule_state(x, ev, schedule, &state);
	if (rc == XF_OK)
		rc = target_role(x, fn, ev, schedule, &role_arn);
	const cJSON *dead_letter = push_prop(ev, "DeadLetterConfig");
	if (rc == XF_OK && dead_letter)
		rc = push_dlq_prepare(x, fn, ev, dead_letter, &dlq);
	if (rc == XF_OK)
		rc = push_dlq_emit(x, fn, &dlq);
	cJSON *rule = rc == XF_OK ? push_new_resource("AWS::Events::Rule", fn, NULL) : NULL;
	if (rule) {
		cJSON *props = xf_props(rule);
		add_rule_properties(props, ev, schedule, state);
		state = NULL;
		cJSON *targets = SAMC_JSON_ADD_ARRAY(props, "Targets");
		push_append(targets, rule_target(fn, ev, role_arn, &dlq));
		role_arn = NULL;
		rc = push_emit(x, fn, ev->logical_id, rule);
	}
	cJSON_Delete(state);
	cJSON_Delete(role_arn);
	push_dlq_free(&dlq);
	return rc;
}

static int schedule_expand(xf *x, xf_fn *fn, xf_event *ev)
{
	return expand_rule(x, fn, ev, true);
}

static int pattern_expand(xf *x, xf_fn *fn, xf_event *ev)
{
	return expand_rule(x, fn, ev, false);
}

const xf_event_type xf_sfn_event_schedule = {"Schedule", schedule_props, NULL, schedule_expand};
const xf_event_type xf_sfn_event_cloudwatch_event = {"CloudWatchEvent", pattern_props, NULL, pattern_expand};
const xf_event_type xf_sfn_event_eventbridge_rule = {"EventBridgeRule", pattern_props, NULL, pattern_expand};
