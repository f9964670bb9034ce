/* schedule_v2.c — the ScheduleV2 event of a function (model/eventsources/scheduler.py): an
 * AWS::Scheduler::Schedule, its execution role unless RoleArn, and a dead-letter queue. */
#include "transform/events/pull.h"

#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "util/buf.h"

static const xf_prop_spec schedule_v2_props[] = {
	{"PermissionsBoundary", false, XF_IS_STR, false},
	{"ScheduleExpression", true, XF_IS_STR, false},
	{"FlexibleTimeWindow", false, XF_IS_DICT, false},
	{"Name", false, XF_IS_STR, false},
	{"State", false, XF_IS_STR, false},
	{"Description", false, XF_IS_STR, false},
	{"StartDate", false, XF_IS_STR, false},
	{"EndDate", false, XF_IS_STR, false},
	{"ScheduleExpressionTimezone", false, XF_IS_STR, false},
	{"GroupName", false, XF_IS_STR, false},
	{"KmsKeyArn", false, XF_IS_STR, false},
	{"Input", false, XF_IS_STR, false},
	{"RoleArn", false, XF_IS_STR, false},
	{"DeadLetterConfig", false, XF_IS_DICT, false},
	{"RetryPolicy", false, XF_IS_DICT, false},
	{"OmitName", false, XF_IS_BOOL, true},
	{NULL, false, XF_ANY, false},
};

/* Properties copied to the schedule when they are not None. */
static const char *const passthrough_props[] = {
	"ScheduleExpression", "Description", "StartDate", "EndDate", "ScheduleExpressionTimezone",
	"GroupName",          "KmsKeyArn",
};

/* The event property `name`, or NULL when absent or null (Python None). */
static const cJSON *prop(const xf_event *ev, const char *name)
{
	const cJSON *v = xf_get(ev->props, name);
	return cJSON_IsNull(v) ? NULL : v;
}

static cJSON *new_child(const xf_fn *fn, const char *type)
{
	cJSON *r = xf_new_resource(type);
	if (r)
		xf_copy_child_attributes(r, fn->attrs);
	return r;
}

/* Name: the given one or the event's logical id, none with OmitName. */
static int set_name(xf *x, const xf_event *ev, cJSON *props)
{
	const cJSON *name = prop(ev, "Name");
	if (xf_truthy(prop(ev, "OmitName"))) {
		if (xf_truthy(name))
			return xf_fail_event(x, ev->logical_id, "Name cannot be set when OmitName is True");
		return XF_OK;
	}
	xf_set(props, "Name", xf_truthy(name) ? xf_dup(name) : cJSON_CreateString(ev->logical_id));
	return XF_OK;
}

/* _construct_scheduler_schedule_without_target */
static int build_schedule(xf *x, const xf_fn *fn, const xf_event *ev, cJSON **out)
{
	cJSON *schedule = new_child(fn, "AWS::Scheduler::Schedule");
	if (!schedule)
		return XF_NOMEM;
	cJSON *props = xf_props(schedule);
	const cJSON *state = prop(ev, "State");
	if (xf_truthy(state))
		xf_set(props, "State", xf_dup(state));
	if (set_name(x, ev, props)) {
		cJSON_Delete(schedule);
		return XF_FAIL;
	}
	for (size_t i = 0; i < sizeof(passthrough_props) / sizeof(passthrough_props[0]); i++) {
		const cJSON *v = prop(ev, passthrough_props[i]);
		if (v)
			xf_set(props, passthrough_props[i], xf_dup(v));
	}
	const cJSON *window = prop(ev, "FlexibleTimeWindow");
	if (xf_truthy(window)) {
		xf_set(props, "FlexibleTimeWindow", xf_dup(window));
	} else {
		cJSON *off = cJSON_CreateObject();
		SAMC_JSON_ADD_STRING(off, "Mode", "OFF");
		xf_set(props, "FlexibleTimeWindow", off);
	}
	*out = schedule;
	return XF_OK;
}

/* EventBridgeRuleUtils.validate_dlq_config */
static int validate_dlq_config(xf *x, const char *id, const cJSON *config)
{
	bool has_arn = xf_get(config, "Arn") != NULL;
	bool has_type = xf_get(config, "Type") != NULL;
	const char *type = xf_get_str(config, "Type");
	if (has_arn && has_type)
		return xf_fail_event(x, id, "You can either define 'Arn' or 'Type' property of DeadLetterConfig.");
	if (has_type && (!type || strcmp(type, "SQS") != 0))
		return xf_fail_event(x, id, "The only valid value for 'Type' property of DeadLetterConfig is 'SQS'.");
	if (!has_arn && !has_type)
		return xf_fail_event(x, id, "No 'Arn' or 'Type' property provided for DeadLetterConfig.");
	return XF_OK;
}

/* The dead-letter queue's ARN; *queue is the queue to create (NULL when Arn is given). */
static int dlq_arn(xf *x, const xf_fn *fn, const xf_event *ev, const cJSON *config, cJSON **arn,
		   cJSON **queue, char **queue_id)
{
	const cJSON *given = xf_get(config, "Arn");
	if (given && !cJSON_IsNull(given)) {
		*arn = xf_dup(given);
		return *arn ? XF_OK : XF_NOMEM;
	}
	const cJSON *id = xf_get(config, "QueueLogicalId");
	if (id && !cJSON_IsNull(id) && !cJSON_IsString(id))
		return xf_fail_event(x, ev->logical_id, "QueueLogicalId must be a string");
	*queue_id = xf_truthy(id) ? samc_strdup(id->valuestring) : samc_strfmt("%sQueue", ev->logical_id);
	*queue = new_child(fn, "AWS::SQS::Queue");
	*arn = *queue_id ? xf_getatt(*queue_id, "Arn") : NULL;
	return *queue && *arn ? XF_OK : XF_NOMEM;
}

/* IAMRolePolicies.{lambda_invoke_function,step_functions_start_execution,sqs_send_message}_role_policy */
static cJSON *role_policy(const char *logical_id, const char *suffix, const char *action, cJSON *resource)
{
	char *name = samc_strfmt("%s%s", logical_id, suffix);
	cJSON *policy = cJSON_CreateObject();
	cJSON *doc = SAMC_JSON_ADD_OBJECT(policy, "PolicyDocument");
	cJSON *statements = SAMC_JSON_ADD_ARRAY(doc, "Statement");
	cJSON *statement = cJSON_CreateObject();
	if (!name || !statements || !statement) {
		free(name);
		cJSON_Delete(policy);
		cJSON_Delete(statement);
		cJSON_Delete(resource);
		return NULL;
	}
	SAMC_JSON_ADD_STRING(policy, "PolicyName", name);
	free(name);
	SAMC_JSON_ADD_STRING(statement, "Action", action);
	SAMC_JSON_ADD_STRING(statement, "Effect", "Allow");
	SAMC_JSON_ADD(statement, "Resource", resource ? resource : cJSON_CreateNull());
	cJSON_AddItemToArray(statements, statement);
	return policy;
}

/* IAMRolePolicies.scheduler_assume_role_policy */
static cJSON *assume_role_policy(void)
{
	return cJSON_Parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Action\":[\"sts:AssumeRole\"],"
			   "\"Effect\":\"Allow\",\"Principal\":{\"Service\":[\"scheduler.amazonaws.com\"]}}]}");
}

/* _construct_execution_role */
static cJSON *build_role(const xf_fn *fn, const xf_event *ev, const cJSON *queue_arn)
{
	cJSON *role = new_child(fn, "AWS::IAM::Role");
	if (!role)
		return NULL;
	cJSON *props = xf_props(role);
	xf_set(props, "AssumeRolePolicyDocument", assume_role_policy());
	cJSON *policies = SAMC_JSON_ADD_ARRAY(props, "Policies");
	if (xf_fn_is_state_machine(fn))
		cJSON_AddItemToArray(policies, role_policy(ev->logical_id, "StartExecutionPolicy",
							   "states:StartExecution", xf_fn_target_arn(fn)));
	else
		cJSON_AddItemToArray(policies, role_policy(ev->logical_id, "LambdaPolicy", "lambda:InvokeFunction",
							   xf_fn_target_arn(fn)));
	if (xf_truthy(queue_arn))
		cJSON_AddItemToArray(policies,
				     role_policy(ev->logical_id, "SQSPolicy", "sqs:SendMessage", xf_dup(queue_arn)));
	const cJSON *boundary = prop(ev, "PermissionsBoundary");
	if (xf_truthy(boundary))
		xf_set(props, "PermissionsBoundary", xf_dup(boundary));
	return role;
}

/* _construct_scheduler_schedule_target */
static cJSON *build_target(const xf_fn *fn, const xf_event *ev, cJSON *role_arn, const cJSON *queue_arn)
{
	cJSON *target = cJSON_CreateObject();
	if (!target) {
		cJSON_Delete(role_arn);
		return NULL;
	}
	xf_set(target, "Arn", xf_fn_target_arn(fn));
	SAMC_JSON_ADD(target, "RoleArn", role_arn ? role_arn : cJSON_CreateNull());
	const cJSON *input = prop(ev, "Input");
	if (input)
		xf_set(target, "Input", xf_dup(input));
	if (prop(ev, "DeadLetterConfig")) {
		cJSON *dlc = SAMC_JSON_ADD_OBJECT(target, "DeadLetterConfig");
		if (dlc)
			SAMC_JSON_ADD(dlc, "Arn", queue_arn ? xf_dup(queue_arn) : cJSON_CreateNull());
	}
	const cJSON *retry = prop(ev, "RetryPolicy");
	if (retry)
		xf_set(target, "RetryPolicy", xf_dup(retry));
	return target;
}

typedef struct schedule_parts {
	cJSON *schedule, *queue, *role, *queue_arn;
	char *queue_id, *role_id;
} schedule_parts;

static void free_parts(schedule_parts *p)
{
	cJSON_Delete(p->schedule);
	cJSON_Delete(p->queue);
	cJSON_Delete(p->role);
	cJSON_Delete(p->queue_arn);
	free(p->queue_id);
	free(p->role_id);
}

static int build_parts(xf *x, const xf_fn *fn, const xf_event *ev, schedule_parts *p)
{
	int rc = build_schedule(x, fn, ev, &p->schedule);
	const cJSON *dlc = prop(ev, "DeadLetterConfig");
	if (!rc && dlc)
		rc = validate_dlq_config(x, ev->logical_id, dlc);
	if (!rc && dlc)
		rc = dlq_arn(x, fn, ev, dlc, &p->queue_arn, &p->queue, &p->queue_id);
	if (rc)
		return rc;
	const cJSON *role_arn = prop(ev, "RoleArn");
	cJSON *target_role_arn = NULL;
	if (xf_truthy(role_arn)) {
		target_role_arn = xf_dup(role_arn);
	} else {
		p->role_id = samc_strfmt("%sRole", ev->logical_id);
		p->role = build_role(fn, ev, p->queue_arn);
		target_role_arn = p->role_id ? xf_getatt(p->role_id, "Arn") : NULL;
		if (!p->role || !target_role_arn) {
			cJSON_Delete(target_role_arn);
			return XF_NOMEM;
		}
	}
	cJSON *target = build_target(fn, ev, target_role_arn, p->queue_arn);
	if (!target)
		return XF_NOMEM;
	xf_set(xf_props(p->schedule), "Target", target);
	return XF_OK;
}

/* Emits schedule, queue and role in the reference's order; ownership passes to the output. */
static int emit_parts(xf *x, const xf_fn *fn, const xf_event *ev, schedule_parts *p)
{
	cJSON *schedule = p->schedule, *queue = p->queue, *role = p->role;
	p->schedule = p->queue = p->role = NULL;
	int rc = xf_emit(x, fn->id, ev->logical_id, schedule);
	if (queue && rc)
		cJSON_Delete(queue);
	else if (queue)
		rc = xf_emit(x, fn->id, p->queue_id, queue);
	if (role && rc)
		cJSON_Delete(role);
	else if (role)
		rc = xf_emit(x, fn->id, p->role_id, role);
	return rc;
}

static int expand_schedule_v2(xf *x, xf_fn *fn, xf_event *ev)
{
	schedule_parts p = {NULL, NULL, NULL, NULL, NULL, NULL};
	int rc = build_parts(x, fn, ev, &p);
	if (!rc)
		rc = emit_parts(x, fn, ev, &p);
	free_parts(&p);
	return rc;
}

const xf_event_type xf_event_schedule_v2 = {"ScheduleV2", schedule_v2_props, NULL, expand_schedule_v2};
