/* connector_policy.c — the resources a connector generates from its profile (generate_resources):
 * IAM managed policies, Lambda permissions, SQS queue policies and SNS topic policies. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/connector.h"
#include "util/buf.h"

/* The variables profile_replace fills, in the reference's order. */
static const char *const VARIABLES[] = {"Source.Arn",        "Destination.Arn",        "Source.ResourceId",
					"Destination.ResourceId", "Source.Name",       "Destination.Name",
					"Source.Qualifier",  "Destination.Qualifier"};

typedef struct generation {
	xf *x;
	const conn_job *job;
	const conn_ref *source, *destination;
	const cJSON *profile; /* Properties after replacement */
	cJSON *out;
} generation;

static bool source_policy(const generation *g)
{
	return xf_truthy(xf_get(g->profile, "SourcePolicy"));
}

/* The side whose resource gets the policy, and its name in messages. */
static const conn_ref *policy_side(const generation *g, const char **property)
{
	*property = source_policy(g) ? "Source" : "Destination";
	return source_policy(g) ? g->source : g->destination;
}

/* "<id><kind>" or, with a list of destinations, "<id><kind>Destination<index>". */
static char *generated_id(const generation *g, const char *kind)
{
	if (g->job->multi_dest)
		return samc_strfmt("%s%sDestination%d", g->job->id, kind, g->job->dest_index);
	return samc_strfmt("%s%s", g->job->id, kind);
}

/* Type, the connector's DependsOn and resource attributes, empty Properties. */
static cJSON *base_resource(const char *type, const cJSON *sam)
{
	static const char *const attributes[] = {"DeletionPolicy", "UpdatePolicy", "Condition",
						  "UpdateReplacePolicy", "Metadata"};
	cJSON *r = cJSON_CreateObject();
	if (!r)
		return NULL;
	SAMC_JSON_ADD_STRING(r, "Type", type);
	const cJSON *depends_on = xf_get(sam, "DependsOn");
	if (xf_truthy(depends_on))
		SAMC_JSON_ADD(r, "DependsOn", xf_dup(depends_on));
	for (size_t i = 0; i < sizeof(attributes) / sizeof(attributes[0]); i++) {
		const cJSON *v = xf_get(sam, attributes[i]);
		if (v)
			samc_json_add_key(r, attributes[i], xf_dup(v));
	}
	SAMC_JSON_ADD(r, "Properties", cJSON_CreateObject());
	return r;
}

/* _get_policy_statements: the statements of the given access categories, in profile order. */
static cJSON *policy_document(const generation *g)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON *statements = cJSON_CreateArray();
	const cJSON *categories = xf_get(g->profile, "AccessCategories");
	for (const cJSON *c = categories ? categories->child : NULL; statements && c; c = c->next) {
		if (!conn_permission_given(g->job, c->string))
			continue;
		const cJSON *list = xf_get(c, "Statement");
		for (const cJSON *s = cJSON_IsArray(list) ? list->child : NULL; s; s = s->next)
			cJSON_AddItemToArray(statements, xf_dup(s));
	}
	if (!doc || !statements) {
		cJSON_Delete(doc);
		cJSON_Delete(statements);
		return NULL;
	}
	SAMC_JSON_ADD_STRING(doc, "Version", "2012-10-17");
	SAMC_JSON_ADD(doc, "Statement", statements);
	return doc;
}

static cJSON *list_of(const cJSON *v)
{
	cJSON *list = cJSON_CreateArray();
	if (list)
		cJSON_AddItemToArray(list, xf_dup(v));
	return list;
}

static int add_generated(generation *g, char *id, cJSON *resource)
{
	if (!id || !resource) {
		free(id);
		cJSON_Delete(resource);
		return XF_NOMEM;
	}
	samc_json_add_key(g->out, id, resource);
	free(id);
	return XF_OK;
}

/* get_event_source_mappings: the one ESM from `source_id` to function `function_id`, or NULL. */
static cJSON *single_event_source_mapping(xf *x, const char *source_id, const char *function_id)
{
	cJSON *found = NULL;
	int count = 0;
	for (cJSON *r = x->resources->child; r; r = r->next) {
		const char *type = xf_get_str(r, "Type");
		if (!type || strcmp(type, "AWS::Lambda::EventSourceMapping") != 0)
			continue;
		const cJSON *props = xf_get(r, "Properties");
		char *fn = conn_intrinsic_logical_id(xf_get(props, "FunctionName"));
		char *src = conn_intrinsic_logical_id(xf_get(props, "EventSourceArn"));
		if (fn && src && strcmp(fn, function_id) == 0 && strcmp(src, source_id) == 0) {
			found = r;
			count++;
		}
		free(fn);
		free(src);
	}
	return count == 1 ? found : NULL;
}

/* DependedBy: the event source mapping or the source resource waits for the policy. */
static void add_depended_by(generation *g, const char *policy_id)
{
	const char *depended_by = xf_get_str(g->profile, "DependedBy");
	if (!depended_by)
		return;
	const char *source = g->source->logical_id, *destination = g->destination->logical_id;
	if (strcmp(depended_by, "DESTINATION_EVENT_SOURCE_MAPPING") == 0 && source && destination)
		conn_add_depends_on(single_event_source_mapping(g->x, source, destination), policy_id);
	if (strcmp(depended_by, "SOURCE") == 0 && source)
		conn_add_depends_on(xf_resource(g->x, source), policy_id);
}

static int iam_policy(generation *g)
{
	const char *property;
	const conn_ref *side = policy_side(g, &property);
	if (!xf_truthy(side->role_name))
		return xf_fail_resource(g->x, g->job->id, "Unable to get IAM role name from '%s' resource.", property);
	cJSON *policy = base_resource("AWS::IAM::ManagedPolicy", g->job->sam);
	char *id = generated_id(g, "Policy");
	if (policy) {
		xf_set(xf_props(policy), "PolicyDocument", policy_document(g));
		xf_set(xf_props(policy), "Roles", list_of(side->role_name));
	}
	if (id)
		add_depended_by(g, id);
	return add_generated(g, id, policy);
}

static int sns_topic_policy(generation *g)
{
	const char *property;
	const conn_ref *side = policy_side(g, &property);
	if (!xf_truthy(side->arn))
		return xf_fail_resource(g->x, g->job->id, "Unable to get SNS topic ARN from '%s' resource.", property);
	cJSON *policy = base_resource("AWS::SNS::TopicPolicy", g->job->sam);
	if (policy) {
		xf_set(xf_props(policy), "Topics", list_of(side->arn));
		xf_set(xf_props(policy), "PolicyDocument", policy_document(g));
	}
	return add_generated(g, generated_id(g, "TopicPolicy"), policy);
}

static int sqs_queue_policy(generation *g)
{
	const char *property;
	const conn_ref *side = policy_side(g, &property);
	if (!xf_truthy(side->queue_url))
		return xf_fail_resource(g->x, g->job->id, "Unable to get SQS queue URL from '%s' resource.", property);
	cJSON *policy = base_resource("AWS::SQS::QueuePolicy", g->job->sam);
	if (policy) {
		xf_set(xf_props(policy), "PolicyDocument", policy_document(g));
		xf_set(xf_props(policy), "Queues", list_of(side->queue_url));
	}
	return add_generated(g, generated_id(g, "QueuePolicy"), policy);
}

static void copy_if_set(cJSON *dst, const cJSON *src, const char *key)
{
	const cJSON *v = xf_get(src, key);
	if (v && !cJSON_IsNull(v))
		xf_set(dst, key, xf_dup(v));
}

/* One AWS::Lambda::Permission per given access category. */
static int lambda_permissions(generation *g)
{
	const char *property;
	const conn_ref *side = policy_side(g, &property);
	if (!xf_truthy(side->arn))
		return xf_fail_resource(g->x, g->job->id, "Unable to get Lambda function ARN from '%s' resource.",
					property);
	const cJSON *categories = xf_get(g->profile, "AccessCategories");
	for (const cJSON *c = categories ? categories->child : NULL; c; c = c->next) {
		if (!conn_permission_given(g->job, c->string))
			continue;
		char *kind = samc_strfmt("%sLambdaPermission", c->string);
		char *id = kind ? generated_id(g, kind) : NULL;
		free(kind);
		cJSON *permission = base_resource("AWS::Lambda::Permission", g->job->sam);
		if (permission) {
			cJSON *props = xf_props(permission);
			copy_if_set(props, c, "Action");
			xf_set(props, "FunctionName", xf_dup(side->arn));
			copy_if_set(props, c, "Principal");
			copy_if_set(props, c, "SourceArn");
			copy_if_set(props, c, "SourceAccount");
		}
		if (add_generated(g, id, permission) != XF_OK)
			return XF_NOMEM;
	}
	return XF_OK;
}

static int construct(generation *g, const char *profile_type)
{
	if (strcmp(profile_type, "AWS_IAM_ROLE_MANAGED_POLICY") == 0)
		return iam_policy(g);
	if (strcmp(profile_type, "AWS_SQS_QUEUE_POLICY") == 0)
		return sqs_queue_policy(g);
	if (strcmp(profile_type, "AWS_SNS_TOPIC_POLICY") == 0)
		return sns_topic_policy(g);
	if (strcmp(profile_type, "AWS_LAMBDA_PERMISSION") == 0)
		return lambda_permissions(g);
	return xf_fail_resource(g->x, g->job->id, "Profile type %s is not supported", profile_type);
}

/* profile_replace with the Source/Destination values; a None value raises "<var> is missing." */
static int replaced_properties(xf *x, const conn_job *job, const cJSON *properties, const conn_ref *s,
			       const conn_ref *d, cJSON **out)
{
	const cJSON *values[] = {s->arn, d->arn, s->resource_id, d->resource_id,
				 s->name, d->name, s->qualifier, d->qualifier};
	char *error = NULL;
	*out = conn_profile_replace(properties, VARIABLES, values, sizeof(VARIABLES) / sizeof(VARIABLES[0]), &error);
	if (*out)
		return XF_OK;
	if (!error)
		return XF_NOMEM;
	int rc = xf_fail_resource(x, job->id, "%s", error);
	free(error);
	return rc;
}

int conn_generate(xf *x, const conn_job *job, const conn_ref *source, const conn_ref *destination, cJSON *out)
{
	const cJSON *profile = xf_get(xf_get(xf_get(job->profiles, "Permissions"), source->type), destination->type);
	if (!profile)
		return xf_fail_resource(x, job->id,
					"Unable to create connector from %s to %s; it's not supported or the template "
					"is invalid.",
					source->type, destination->type);
	const cJSON *properties = xf_get(profile, "Properties");
	int rc = conn_check_permissions(x, job, properties, source->type, destination->type);
	if (rc != XF_OK)
		return rc;
	cJSON *replaced = NULL;
	rc = replaced_properties(x, job, properties, source, destination, &replaced);
	if (rc != XF_OK)
		return rc;
	generation g = {x, job, source, destination, replaced, out};
	const char *type = xf_get_str(profile, "Type");
	rc = construct(&g, type ? type : "");
	cJSON_Delete(replaced);
	return rc;
}
