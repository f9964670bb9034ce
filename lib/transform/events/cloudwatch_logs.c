/* cloudwatch_logs.c — the CloudWatchLogs event of a function (cloudwatchlogs.py): a log
 * subscription filter, which depends on the permission for CloudWatch Logs. */
#include <stdlib.h>

#include "transform/events/push.h"
#include "transform/events/push_common.h"
#include "util/buf.h"

static const xf_prop_spec cloudwatch_logs_props[] = {
	{"LogGroupName", true, XF_IS_STR, false},
	{"FilterPattern", true, XF_IS_STR, false},
	{NULL, false, XF_ANY, false},
};

/* get_source_arn: the log group's ARN through Fn::Sub (partition of the session region). */
static cJSON *log_group_arn(const xf *x, const xf_event *ev)
{
	char *text = samc_strfmt("arn:%s:logs:${AWS::Region}:${AWS::AccountId}:log-group:${__LogGroupName__}:*",
				 x->partition);
	cJSON *arn = text ? push_sub_with(text, "__LogGroupName__", push_prop(ev, "LogGroupName")) : NULL;
	free(text);
	return arn;
}

/* get_subscription_filter */
static cJSON *subscription_filter(const xf_fn *fn, const xf_event *ev, const char *perm_id)
{
	cJSON *depends_on = cJSON_CreateArray();
	if (!push_append(depends_on, xf_str(perm_id))) {
		cJSON_Delete(depends_on);
		return NULL;
	}
	cJSON *r = push_new_resource("AWS::Logs::SubscriptionFilter", fn, depends_on);
	cJSON *props = cJSON_GetObjectItemCaseSensitive(r, "Properties");
	bool ok = push_add_copy(props, "LogGroupName", push_prop(ev, "LogGroupName"));
	ok &= push_add_copy(props, "FilterPattern", push_prop(ev, "FilterPattern"));
	ok &= push_add(props, "DestinationArn", xf_fn_target_arn(fn));
	if (ok)
		return r;
	cJSON_Delete(r);
	return NULL;
}

static int cloudwatch_logs_expand(xf *x, xf_fn *fn, xf_event *ev)
{
	cJSON *arn = log_group_arn(x, ev);
	push_permission perm = {.principal = "logs.amazonaws.com", .source_arn = arn};
	char *perm_id = NULL;
	int rc = arn ? push_emit_permission(x, fn, ev, &perm, &perm_id) : XF_NOMEM;
	cJSON_Delete(arn);
	if (rc)
		return rc;
	cJSON *filter = subscription_filter(fn, ev, perm_id);
	free(perm_id);
	return filter ? push_emit(x, fn, ev->logical_id, filter) : XF_NOMEM;
}

const xf_event_type xf_event_cloudwatch_logs = {
	.name = "CloudWatchLogs",
	.props = cloudwatch_logs_props,
	.link = NULL,
	.expand = cloudwatch_logs_expand,
};
