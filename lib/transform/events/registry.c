/* registry.c — the event source types a SAM Function accepts, looked up by their "Type".
 * Each type lives in its own file under events/. */
#include <string.h>

#include "transform/events/api.h"
#include "transform/events/http_api.h"
#include "transform/events/pull.h"
#include "transform/events/push.h"

static const xf_event_type *const TYPES[] = {
	&xf_event_schedule,   &xf_event_cloudwatch_event, &xf_event_eventbridge_rule, &xf_event_s3,
	&xf_event_sns,        &xf_event_alexa_skill,      &xf_event_iot_rule,         &xf_event_cognito,
	&xf_event_cloudwatch_logs, &xf_event_kinesis,     &xf_event_dynamodb,         &xf_event_sqs,
	&xf_event_msk,        &xf_event_mq,               &xf_event_self_managed_kafka, &xf_event_documentdb,
	&xf_event_schedule_v2, &xf_event_api,             &xf_event_http_api,
};

const xf_event_type *xf_event_type_find(const char *name)
{
	for (size_t i = 0; i < sizeof(TYPES) / sizeof(TYPES[0]); i++)
		if (strcmp(TYPES[i]->name, name) == 0)
			return TYPES[i];
	return NULL;
}
