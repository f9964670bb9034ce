/* websocket_api.h — what the AWS::Serverless::WebSocketApi files share: the expansion state and
 * the builders of websocket_routes.c (routes, authorizer) and websocket_domain.c (custom domain). */
#ifndef SAMC_TRANSFORM_API_WEBSOCKET_API_H
#define SAMC_TRANSFORM_API_WEBSOCKET_API_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "transform/xf.h"

#define WS_TAG_NAME "websocketapi:createdBy"

/* One WebSocketApiGenerator run. */
typedef struct ws_api {
	xf *x;
	const char *id;          /* logical id of the SAM resource */
	const cJSON *props;      /* its Properties (NULL when absent) */
	cJSON *routes;           /* Routes, Auth and Domain after resolve_parameter_refs (owned) */
	cJSON *auth;
	cJSON *domain;
	const cJSON *stage_name; /* StageName, or NULL for the default stage "default" */
	/* Generated resources, each an object whose members are named by logical id (ids may
	 * repeat): built in the reference's construction order (which decides the error raised
	 * first), emitted in its output order: main (the Api, then each route's Route,
	 * Integration and Permission), domain, stage, authorizer. */
	cJSON *main, *domain_resources, *stage, *authorizer;
	cJSON *route_ids;        /* logical ids of the generated routes, in order */
	bool has_authorizer;     /* the $connect route got a CUSTOM authorizer */
} ws_api;

/* ---- shared builders (websocket_api.c) ---- */
/* {"Type": type, "Properties": {}} added to `into` under `id`; returns its Properties, NULL
 * when out of memory. */
cJSON *ws_add_resource(cJSON *into, const char *id, const char *type);
/* obj[key] = deep copy of v, unless v is absent or null (a Python None is left out). */
bool ws_put_copy(cJSON *obj, const char *key, const cJSON *v);
/* obj[key] = item (owned); false (item freed) when out of memory. */
bool ws_put(cJSON *obj, const char *key, cJSON *item);
/* {"Fn::Sub": [text, {var: copy of value}]} */
cJSON *ws_sub_with(const char *text, const char *var, const cJSON *value);
/* {"websocketapi:createdBy": "SAM"} */
cJSON *ws_created_by_tags(void);
/* Resource._validate_logical_id for a generated id: "Logical ids must be alphanumeric." */
int ws_check_logical_id(ws_api *api, const char *id);
/* A Python failure the reference does not catch (AttributeError ...): the transform stops. */
int ws_python_error(ws_api *api, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "'<type>' object has no attribute '<attr>'" for a value that is not a dict. */
int ws_no_attribute(ws_api *api, const cJSON *v, const char *attr);
/* model/intrinsics.py is_intrinsic: a one-key dict whose key is Ref, Condition or Fn::*. */
bool ws_is_intrinsic(const cJSON *v);

/* ---- routes and the $connect authorizer (websocket_routes.c) ---- */
/* Every route's Route, Integration and Permission, in Routes order; the authorizer is noted in
 * api->has_authorizer and built by ws_authorizer afterwards. */
int ws_routes(ws_api *api);
/* The <Api>ConnectAuthorizer and, unless an InvokeRole is given, <Api>AuthorizerPermission. */
int ws_authorizer(ws_api *api);
/* _sanitize_route_key: "$connect" -> "Connect", "sendMsg" -> "Sendmsg"; NULL (error raised)
 * when the key is neither special nor alphanumeric. Malloc'd. */
char *ws_route_key_id(ws_api *api, const cJSON *route);

/* ---- custom domain (websocket_domain.c) ---- */
/* The DomainName, its ApiMappings and the Route53 RecordSetGroup when Domain is set. */
int ws_domain(ws_api *api);

#endif
