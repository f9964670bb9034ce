/* graphql_api.h — internals shared by the graphql_api*.c files that expand
 * AWS::Serverless::GraphQLApi (SamGraphQLApi): the expansion context and the part builders. */
#ifndef SAMC_TRANSFORM_GRAPHQL_API_H
#define SAMC_TRANSFORM_GRAPHQL_API_H

#include <stdbool.h>

#include "transform/xf.h"

typedef struct gql {
	xf *x;
	const char *id;      /* logical id of the SAM resource */
	const cJSON *sam;    /* the SAM resource (attributes, DependsOn) */
	cJSON *model;        /* Properties after the schema model's validation and coercion (owned) */
	cJSON *ds_names;     /* data source relative id -> its Name value (owned) */
	cJSON *fn_ids;       /* function relative id -> its FunctionId value (owned) */
	bool none_datasource; /* a function or resolver asked for the NONE data source */
} gql;

/* graphql_api_model.c: the pydantic model of the properties (aws_serverless_graphqlapi.py).
 * Validates `props` in place (coercing str and bool fields as pydantic does); raises
 * "Property 'a.b' is invalid." at the first error. */
int gql_validate_model(xf *x, const char *id, cJSON *props);

/* graphql_api_parts.c */
/* A generated child: Type, the SAM DependsOn and resource attributes, empty Properties. */
cJSON *gql_child(const gql *g, const char *type);
/* Resource._validate_logical_id on a generated id. */
int gql_check_id(const gql *g, const char *id);
/* {"Fn::GetAtt": [api, "ApiId"]} */
cJSON *gql_api_id(const gql *g);
/* An IAM role that appsync.amazonaws.com assumes (no policies). */
cJSON *gql_appsync_role(const gql *g);
/* Sets props[key] to a copy of model[name] when it is present and not null. */
void gql_copy(cJSON *props, const char *key, const cJSON *model, const char *name);
int gql_schema(gql *g);
int gql_api_keys(gql *g);
int gql_cache(gql *g);
int gql_domain_name(gql *g);

/* graphql_api_data_sources.c */
int gql_data_sources(gql *g);
/* The Lambda permission of the `n`th Lambda authorizer connector. */
int gql_lambda_auth_connector(gql *g, const cJSON *function_arn, int n);

/* graphql_api_resolvers.c */
int gql_functions(gql *g);
int gql_resolvers(gql *g);
int gql_none_datasource(gql *g);

#endif
