/* iot_rule.c — the IoTRule event of a function (push.py:IoTRule): an IoT topic rule whose action
 * invokes the function, and the permission for AWS IoT. */
#include <stdlib.h>

#include "transform/events/push.h"
#include "transform/events/push_common.h"
#include "util/buf.h"

static const xf_prop_spec iot_rule_props[] = {
	{"Sql", true, XF_IS_STR, false},
	{"AwsIotSqlVersion", false, XF_IS_STR, false},
	{NULL, false, XF_ANY, false},
};

/* SourceArn: the rule's ARN through Fn::Sub (partition of the session region). */
static int emit_iot_permission(xf *x, const xf_fn *fn, const xf_event *ev)
{
	char *text = samc_strfmt("arn:%s:iot:${AWS::Region}:${AWS::AccountId}:rule/${RuleName}", x->partition);
	cJSON *rule_ref = xf_ref(ev->logical_id);
	cJSON *arn = text && rule_ref ? push_sub_with(text, "RuleName", rule_ref) : NULL;
	cJSON *account = xf_sub("${AWS::AccountId}");
	push_permission perm = {.principal = "iot.amazonaws.com", .source_arn = arn, .source_account = account};
	int rc = arn && account ? push_emit_permission(x, fn, ev, &perm, NULL) : XF_NOMEM;
	free(text);
	cJSON_Delete(rule_ref);
	cJSON_Delete(arn);
	cJSON_Delete(account);
	return rc;
}

/* _construct_iot_rule: the TopicRulePayload. */
static cJSON *topic_rule_payload(const xf_fn *fn, const xf_event *ev)
{
	cJSON *payload = cJSON_CreateObject();
	cJSON *actions = cJSON_CreateArray(), *action = cJSON_CreateObject(), *lambda = cJSON_CreateObject();
	bool ok = push_add(lambda, "FunctionArn", xf_fn_target_arn(fn));
	ok &= push_add(action, "Lambda", lambda);
	ok &= push_append(actions, action);
	ok &= push_add_copy(payload, "Sql", push_prop(ev, "Sql"));
	ok &= push_add(payload, "RuleDisabled", cJSON_CreateFalse());
	ok &= push_add(payload, "Actions", actions);
	const cJSON *version = push_prop(ev, "AwsIotSqlVersion");
	if (xf_truthy(version))
		ok &= push_add_copy(payload, "AwsIotSqlVersion", version);
	if (ok)
		return payload;
	cJSON_Delete(payload);
	return NULL;
}

static int iot_rule_expand(xf *x, xf_fn *fn, xf_event *ev)
{
	int rc = emit_iot_permission(x, fn, ev);
	if (rc)
		return rc;
	cJSON *rule = push_new_resource("AWS::IoT::TopicRule", fn, NULL);
	if (!push_add(cJSON_GetObjectItemCaseSensitive(rule, "Properties"), "TopicRulePayload",
		      topic_rule_payload(fn, ev))) {
		cJSON_Delete(rule);
		return XF_NOMEM;
	}
	return push_emit(x, fn, ev->logical_id, rule);
}

const xf_event_type xf_event_iot_rule = {
	.name = "IoTRule",
	.props = iot_rule_props,
	.link = NULL,
	.expand = iot_rule_expand,
};
