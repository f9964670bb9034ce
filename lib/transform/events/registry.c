/* registry.c — the event source types a SAM Function accepts, looked up by their "Type".
 * Api and HttpApi events are recognised but their expansion belongs to the API expanders. */
#include <string.h>

#include "transform/events/pull.h"
#include "transform/events/push.h"


static int api_events_unsupported(xf *x, xf_fn *fn, xf_event *ev)
{
	(void)fn;
	return xf_fail_event(x, ev->relative_id, "samc does not support %s events yet", ev->type->name);
}

/* Property validation of these two is the API expanders' job; accept any property for now. */
static int accept_any(xf *x, const xf_fn *fn, xf_event *ev)
{
	(void)x;
	(void)fn;
	(void)ev;
	return XF_OK;
}

static const xf_event_type API_EVENT = {"Api", NULL, accept_any, api_events_unsupported};
static const xf_event_type HTTP_API_EVENT = {"HttpApi", NULL, accept_any, api_events_unsupported};

static const xf_event_type *const TYPES[] = {
	&xf_event_schedule,   &xf_event_cloudwatch_event, &xf_event_eventbridge_rule, &xf_event_s3,
	&xf_event_sns,        &xf_event_alexa_skill,      &xf_event_iot_rule,         &xf_event_cognito,
	&xf_event_cloudwatch_logs, &xf_event_kinesis,     &xf_event_dynamodb,         &xf_event_sqs,
	&xf_event_msk,        &xf_event_mq,               &xf_event_self_managed_kafka, &xf_event_documentdb,
	&xf_event_schedule_v2, &API_EVENT,                &HTTP_API_EVENT,
};

const xf_event_type *xf_event_type_find(const char *name)
{
	for (size_t i = 0; i < sizeof(TYPES) / sizeof(TYPES[0]); i++)
		if (strcmp(TYPES[i]->name, name) == 0)
			return TYPES[i];
	return NULL;
}
