/* rest_api.h — state shared by the files that expand one AWS::Serverless::Api (SamApi +
 * model/api/api_generator.py ApiGenerator): rest_api*.c. Not part of any other interface. */
#ifndef SAMC_TRANSFORM_API_REST_API_H
#define SAMC_TRANSFORM_API_REST_API_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "transform/xf.h"

#define RA_TYPE "AWS::Serverless::Api"

/* One ApiGenerator run. */
typedef struct rest_api {
	xf *x;
	const char *id;       /* the SAM Api's logical id (also the RestApi's) */
	const cJSON *sam;     /* the SAM resource dict */
	cJSON *props;         /* a copy of its Properties; BinaryMediaTypes, Domain, Auth parameter-resolved */
	cJSON *body;          /* self.definition_body (owned), NULL for None */
	cJSON *child_attrs;   /* get_passthrough_resource_attributes(): Condition, DeletionPolicy, UpdateReplacePolicy */
	cJSON *rest_api;      /* the RestApi's Properties being built (scratch, any order) */
	cJSON *generated;     /* generated resources in order: an object whose members are named by logical id
				 (duplicates allowed; the last one wins when emitted) */
	const cJSON *swagger; /* the RestApi's Body or BodyS3Location (borrowed), NULL for None */
	char *stage_id;       /* logical id of the Stage */
} rest_api;

/* A property as Python sees it: NULL when absent or null (None). */
const cJSON *ra_prop(const rest_api *r, const char *name);
/* A generated resource shell {"Type", ["DependsOn"], attributes..., "Properties": {}}. depends_on
 * is taken (NULL for none); attrs copied (NULL for none). */
cJSON *ra_resource(const char *type, cJSON *depends_on, const cJSON *attrs);
/* Appends a generated resource (taken) under id. */
int ra_add(rest_api *r, const char *id, cJSON *resource);
/* Re-orders a scratch Properties object to the class's property_types order (NULL-terminated);
 * unknown keys are kept at the end. In place. */
void ra_order_props(cJSON *props, const char *const *order);
/* The keys of a dict in Python iteration order (Py27 order for a Py27Dict), malloc'd array of
 * borrowed strings; *n receives the count. NULL with *n == 0 for an empty or non-object value. */
const char **ra_keys(const cJSON *obj, size_t *n);
/* Sets d[key] = value (taken) as Python would: Py27Dict semantics for a Py27Dict, else in
 * place for an existing key and appended for a new one. */
void ra_dict_set(cJSON *d, const char *key, cJSON *value);
/* get_tag_list(tags): [{"Key": k, "Value": v}] in the dict's iteration order, None as "". */
cJSON *ra_tag_list(const cJSON *tags);
/* model/intrinsics.py is_intrinsic: a one-key dict whose key is Ref, Condition or Fn::*. */
bool ra_is_intrinsic(const cJSON *v);
/* {"Fn::Sub": [text, {var: value}]} with value taken. */
cJSON *ra_sub_with(const char *text, const char *var, cJSON *value);

/* rest_api_body.c: the body edits of _construct_rest_api, in the reference's order (cors,
 * auth, gateway responses, binary media types, models), then the endpoint extension and
 * Body/BodyS3Location. */
int ra_body(rest_api *r);
/* rest_api_auth.c: ApiGenerator._add_auth on r->body. */
int ra_add_auth(rest_api *r);
/* rest_api_auth.c: _construct_authorizer_lambda_permission. */
int ra_authorizer_permissions(rest_api *r);
/* rest_api_domain.c: _construct_api_domain / _construct_api_domain_v2. *resources receives the
 * domain, its base path mappings and record set group (an object like r->generated, NULL when
 * there is no Domain); *association_id / *association the DomainNameAccessAssociation of a
 * private domain (NULL when none). All owned by the caller. Mutates Domain as Python does
 * (ApiDomainName, EndpointConfiguration, Route53.DistributionDomainName): the hash sees it. */
int ra_domain(rest_api *r, cJSON **resources, char **association_id, cJSON **association);
/* rest_api_usage_plan.c: _construct_usage_plan (PER_API / SHARED / NONE). */
int ra_usage_plan(rest_api *r);
/* rest_api_deploy.c: the Deployment and Stage (make_auto_deployable). */
int ra_deployment_and_stage(rest_api *r);

#endif
