/* pull.h — the event types of AWS::Serverless::Function that Lambda polls (Kinesis, DynamoDB,
 * SQS, MSK, MQ, SelfManagedKafka, DocumentDB) and ScheduleV2, for the event registry. */
#ifndef SAMC_TRANSFORM_EVENTS_PULL_H
#define SAMC_TRANSFORM_EVENTS_PULL_H

#include "transform/events/event.h"

extern const xf_event_type xf_event_kinesis;
extern const xf_event_type xf_event_dynamodb;
extern const xf_event_type xf_event_sqs;
extern const xf_event_type xf_event_msk;
extern const xf_event_type xf_event_mq;
extern const xf_event_type xf_event_self_managed_kafka;
extern const xf_event_type xf_event_documentdb;
extern const xf_event_type xf_event_schedule_v2;

#endif
