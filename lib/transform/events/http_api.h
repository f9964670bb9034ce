/* http_api.h — the HttpApi event of AWS::Serverless::Function (model/eventsources/push.py
 * HttpApi): a route of an HTTP API, integrated into its OpenAPI body, plus the invoke permission. */
#ifndef SAMC_TRANSFORM_EVENTS_HTTP_API_H
#define SAMC_TRANSFORM_EVENTS_HTTP_API_H

#include "transform/events/event.h"

extern const xf_event_type xf_event_http_api;

#endif
