/* http_api.h — state shared by the files that expand one AWS::Serverless::HttpApi (SamHttpApi +
 * model/api/http_api_generator.py + apiv2_generator.py): http_api*.c. No other interface. */
#ifndef SAMC_TRANSFORM_API_HTTP_API_H
#define SAMC_TRANSFORM_API_HTTP_API_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "transform/xf.h"

#define HTTP_API_TYPE "AWS::Serverless::HttpApi"
#define HTTP_API_TAG_NAME "httpapi:createdBy"
#define HTTP_API_DEFAULT_STAGE "$default"

/* One HttpApiGenerator run. Values the generator only reads borrow from the SAM resource. */
typedef struct http_api {
	xf *x;
	const char *id;     /* the SAM HttpApi's logical id (also the ApiGatewayV2::Api's) */
	const cJSON *sam;   /* the SAM resource dict */
	const cJSON *props; /* its Properties, NULL when absent */
	cJSON *body;        /* self.definition_body (owned), NULL for None */
	const cJSON *definition_uri;
	cJSON *cors;             /* CorsConfiguration, parameter-resolved (owned), NULL for None */
	cJSON *domain;           /* Domain, parameter-resolved and annotated as Python does (owned) */
	cJSON *tags;             /* self.tags (owned): the Tags given, then with httpapi:createdBy */
	const cJSON *stage_name; /* StageName, or NULL for the default "$default" */
	cJSON *child_attrs;      /* get_passthrough_resource_attributes() */
	cJSON *api_props;        /* the ApiGatewayV2::Api's Properties being built */
	/* Generated resources, each an object whose members are named by logical id (a repeated id:
	 * the last one wins when emitted): the output in order, and two groups built before their
	 * place in it. */
	cJSON *generated;
	cJSON *domain_resources; /* DomainName, ApiMapping(s), RecordSetGroup */
	cJSON *permissions;      /* the authorizers' Lambda permissions */
} http_api;

/* A property as Python sees it: NULL when absent or null (None). */
const cJSON *ha_prop(const http_api *h, const char *name);
/* A generated resource shell {"Type", attributes (copied, may be NULL), "Properties": {}}. */
cJSON *ha_resource(const char *type, const cJSON *attrs);
/* Appends a generated resource (taken) to `into` under id, validating the id as
 * Resource.__init__ does ("Logical ids must be alphanumeric."). */
int ha_add(http_api *h, cJSON *into, const char *id, cJSON *resource);

/* http_api_body.c: _construct_http_api's body edits in the reference's order (cors, auth, tags,
 * FailOnWarnings, endpoint, title, description, default path) and Body / BodyS3Location. */
int ha_construct_http_api(http_api *h);
/* http_api_auth.c: _add_auth on h->body. */
int ha_add_auth(http_api *h);
/* http_api_auth.c: _construct_authorizer_lambda_permission, into h->permissions. */
int ha_authorizer_permissions(http_api *h);
/* http_api_domain.c: _construct_api_domain (DomainName, ApiMapping(s), Route53 RecordSetGroup),
 * into h->domain_resources. */
int ha_domain(http_api *h);

#endif
