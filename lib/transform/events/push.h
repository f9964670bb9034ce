/* push.h — the event types of AWS::Serverless::Function that call the function (push sources):
 * Schedule, CloudWatchEvent, EventBridgeRule, S3, SNS, AlexaSkill, IoTRule, Cognito, CloudWatchLogs. */
#ifndef SAMC_TRANSFORM_EVENTS_PUSH_H
#define SAMC_TRANSFORM_EVENTS_PUSH_H

#include "transform/events/event.h"

extern const xf_event_type xf_event_schedule;
extern const xf_event_type xf_event_cloudwatch_event;
extern const xf_event_type xf_event_eventbridge_rule;
extern const xf_event_type xf_event_s3;
extern const xf_event_type xf_event_sns;
extern const xf_event_type xf_event_alexa_skill;
extern const xf_event_type xf_event_iot_rule;
extern const xf_event_type xf_event_cognito;
extern const xf_event_type xf_event_cloudwatch_logs;

#endif
