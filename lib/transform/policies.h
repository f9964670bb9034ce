/* policies.h — the Policies property of functions and state machines: classification
 * (ResourcePolicies), policy-template expansion (the plugin) and the execution role builder. */
#ifndef SAMC_TRANSFORM_POLICIES_H
#define SAMC_TRANSFORM_POLICIES_H

#include "transform/xf.h"

/* PolicyTemplatesForResourcePlugin.on_before_transform_resource: replaces policy templates in
 * props.Policies (in place) by their statements. Raises template/resource errors. */
int xf_expand_policy_templates(xf *x, const char *id, cJSON *props);

typedef struct xf_role_spec {
	const char *resource_id;         /* the SAM resource; the role is <id>Role */
	const cJSON *attributes;         /* passthrough attributes (Condition, ...) */
	cJSON *assume_role_policy;       /* owned by the role afterwards */
	const cJSON *policies;           /* the Policies property (after template expansion) or NULL */
	cJSON *managed_policy_arns;      /* array, owned by the role afterwards */
	cJSON *policy_documents;         /* array, owned by the role afterwards */
	const cJSON *role_path;
	const cJSON *permissions_boundary;
	cJSON *tags;                     /* array, owned by the role afterwards, or NULL */
} xf_role_spec;

/* construct_role_for_resource: builds the AWS::IAM::Role (not emitted). NULL on error. */
cJSON *xf_build_role(xf *x, xf_role_spec *spec);

/* "arn:{partition}:iam::aws:policy/{name}" */
char *xf_aws_managed_policy_arn(const xf *x, const char *name);

/* Adds a managed policy ARN to a role unless present; adds a policy (dict with PolicyName /
 * PolicyDocument) unless an equal one or one with an equal PolicyDocument is present. */
int xf_role_add_managed_arn(cJSON *role, const char *arn);
int xf_role_add_policy(cJSON *role, const cJSON *policy);

#endif
