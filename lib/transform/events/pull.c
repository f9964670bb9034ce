/* pull.c — the shared PullEventSource logic (model/eventsources/pull.py): the EventSourceMapping,
 * FilterCriteria and DestinationConfig rules, and linking policies into the function's role. */
#include "transform/events/pull_source.h"

#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "util/buf.h"

/* Event properties copied to the EventSourceMapping when they are not None. */
static const char *const passthrough_props[] = {
	"StartingPosition", "StartingPositionTimestamp", "BatchSize", "Enabled",
	"MaximumBatchingWindowInSeconds", "MaximumRetryAttempts", "BisectBatchOnFunctionError",
	"MaximumRecordAgeInSeconds", "ParallelizationFactor", "Topics", "Queues",
	"SourceAccessConfigurations", "TumblingWindowInSeconds", "FunctionResponseTypes",
	"FilterCriteria", "KmsKeyArn", "ScalingConfig", "ProvisionedPollerConfig", "MetricsConfig",
	"LoggingConfig",
};

const cJSON *xf_pull_prop(const xf_pull_ctx *c, const char *name)
{
	const cJSON *v = xf_get(c->ev->props, name);
	return cJSON_IsNull(v) ? NULL : v;
}

/* ---- the EventSourceMapping ---- */

static void copy_prop(xf_pull_ctx *c, const char *from, const char *to)
{
	const cJSON *v = xf_pull_prop(c, from);
	if (v)
		xf_set(c->esm_props, to, xf_dup(v));
}

static cJSON *new_mapping(const xf_fn *fn, xf_pull_ctx *c)
{
	cJSON *esm = xf_new_resource("AWS::Lambda::EventSourceMapping");
	if (!esm)
		return NULL;
	xf_copy_child_attributes(esm, fn->attrs);
	c->esm_props = xf_props(esm);
	xf_set(c->esm_props, "FunctionName", xf_fn_target_name(fn));
	if (c->kind->source_arn_prop)
		copy_prop(c, c->kind->source_arn_prop, "EventSourceArn");
	for (size_t i = 0; i < sizeof(passthrough_props) / sizeof(passthrough_props[0]); i++)
		copy_prop(c, passthrough_props[i], passthrough_props[i]);
	return esm;
}

static int validate_filter_criteria(xf_pull_ctx *c)
{
	const cJSON *fc = xf_pull_prop(c, "FilterCriteria");
	if (!xf_truthy(fc) || xf_is_cfn_intrinsic(fc))
		return XF_OK;
	if (cJSON_IsObject(fc) && fc->child && !fc->child->next && strcmp(fc->child->string, "Filters") == 0)
		return XF_OK;
	return xf_fail_event(c->x, c->ev->relative_id, "FilterCriteria field has a wrong format");
}

/* The kind's Kafka event source config object, created empty when missing or falsy. */
static cJSON *kafka_config(xf_pull_ctx *c)
{
	cJSON *cfg = cJSON_GetObjectItemCaseSensitive(c->esm_props, c->kind->kafka_config_key);
	if (!xf_truthy(cfg)) {
		cfg = cJSON_CreateObject();
		xf_set(c->esm_props, c->kind->kafka_config_key, cfg);
	}
	return cfg;
}

static int add_bootstrap_servers(xf_pull_ctx *c)
{
	const cJSON *servers = xf_pull_prop(c, "KafkaBootstrapServers");
	if (!xf_truthy(servers))
		return XF_OK;
	cJSON *source = cJSON_CreateObject();
	cJSON *endpoints = SAMC_JSON_ADD_OBJECT(source, "Endpoints");
	if (!endpoints) {
		cJSON_Delete(source);
		return XF_NOMEM;
	}
	xf_set(endpoints, "KafkaBootstrapServers", xf_dup(servers));
	xf_set(c->esm_props, "SelfManagedEventSource", source);
	return XF_OK;
}

static int add_consumer_group(xf_pull_ctx *c)
{
	const cJSON *group = xf_pull_prop(c, "ConsumerGroupId");
	if (!xf_truthy(group))
		return XF_OK;
	if (!c->kind->kafka_config_key)
		return xf_fail_event(c->x, c->ev->logical_id,
				     "Property ConsumerGroupId not defined for resource of type %s.", c->kind->name);
	cJSON *cfg = cJSON_CreateObject();
	if (!cfg)
		return XF_NOMEM;
	xf_set(cfg, "ConsumerGroupId", xf_dup(group));
	xf_set(c->esm_props, c->kind->kafka_config_key, cfg);
	return XF_OK;
}

static int add_schema_registry(xf_pull_ctx *c)
{
	const cJSON *registry = xf_pull_prop(c, "SchemaRegistryConfig");
	if (!xf_truthy(registry) || !c->kind->kafka_config_key)
		return XF_OK;
	cJSON *cfg = kafka_config(c);
	c->schema_registry = xf_dup(registry);
	if (!cfg || !c->schema_registry)
		return XF_NOMEM;
	xf_set(cfg, "SchemaRegistryConfig", c->schema_registry);
	return XF_OK;
}

/* IAMRolePolicies.{sqs_send_message,sns_publish,s3_send_event_payload}_role_policy. */
static cJSON *destination_policy(const char *type, const char *logical_id, const cJSON *dest)
{
	cJSON *statements = cJSON_CreateArray();
	if (!statements)
		return NULL;
	if (strcmp(type, "S3") == 0) {
		cJSON *join = cJSON_CreateObject();
		cJSON *args = SAMC_JSON_ADD_ARRAY(join, "Fn::Join");
		cJSON *parts = cJSON_CreateArray();
		cJSON_AddItemToArray(args, cJSON_CreateString("/"));
		cJSON_AddItemToArray(parts, dest ? xf_dup(dest) : cJSON_CreateNull());
		cJSON_AddItemToArray(parts, cJSON_CreateString("*"));
		cJSON_AddItemToArray(args, parts);
		cJSON_AddItemToArray(statements, xf_pull_statement("s3:PutObject", false, join));
		cJSON_AddItemToArray(statements, xf_pull_statement("s3:ListBucket", false, xf_dup(dest)));
	} else {
		const char *action = strcmp(type, "SQS") == 0 ? "sqs:SendMessage" : "sns:publish";
		cJSON_AddItemToArray(statements, xf_pull_statement(action, false, xf_dup(dest)));
	}
	char *name = samc_strfmt("%s%sPolicy", logical_id, type);
	cJSON *policy = name ? xf_pull_named_policy(name, statements, false) : NULL;
	if (!name)
		cJSON_Delete(statements);
	free(name);
	return policy;
}

/* DestinationConfig: OnFailure must be a map; its "Type" picks the role policy and is removed. */
static int add_destination_config(xf_pull_ctx *c, cJSON **policy)
{
	static const char *const types[] = {"SQS", "SNS", "S3", "Kafka"};
	const cJSON *given = xf_pull_prop(c, "DestinationConfig");
	if (!xf_truthy(given))
		return XF_OK;
	cJSON *config = xf_dup(given);
	if (!config)
		return XF_NOMEM;
	xf_set(c->esm_props, "DestinationConfig", config);
	cJSON *on_failure = cJSON_GetObjectItemCaseSensitive(config, "OnFailure");
	if (xf_expect_map_event(c->x, c->ev->logical_id, cJSON_IsNull(on_failure) ? NULL : on_failure,
				"DestinationConfig.OnFailure"))
		return XF_FAIL;
	cJSON *type = cJSON_DetachItemFromObjectCaseSensitive(on_failure, "Type");
	int rc = XF_OK;
	if (xf_truthy(type) && (!cJSON_IsString(type) || !xf_pull_in_list(type->valuestring, types, 4)))
		rc = xf_fail_event(c->x, c->ev->logical_id,
				   "The only valid values for 'Type' are 'SQS', 'SNS', 'S3', and 'Kafka'");
	else if (xf_truthy(type) && strcmp(type->valuestring, "Kafka") != 0) {
		const cJSON *dest = xf_get(on_failure, "Destination");
		*policy = destination_policy(type->valuestring, c->ev->logical_id, cJSON_IsNull(dest) ? NULL : dest);
		rc = *policy ? XF_OK : XF_NOMEM;
	} else if (type && !xf_truthy(type)) {
		SAMC_JSON_ADD(on_failure, "Type", type); /* a falsy Type stays */
		type = NULL;
	}
	cJSON_Delete(type);
	return rc;
}

/* ---- _link_policy ---- */

static bool list_contains(const cJSON *list, const cJSON *v)
{
	for (const cJSON *it = list ? list->child : NULL; it; it = it->next)
		if (xf_equal(it, v))
			return true;
	return false;
}

/* Whether some entry of `policies` has an equal PolicyDocument (entries without one never match). */
static bool has_policy_document(const cJSON *policies, const cJSON *doc)
{
	for (const cJSON *it = policies->child; it; it = it->next) {
		const cJSON *d = xf_get(it, "PolicyDocument");
		if (d && xf_equal(d, doc))
			return true;
	}
	return false;
}

static cJSON *role_list(cJSON *role, const char *key)
{
	cJSON *props = xf_props(role);
	cJSON *list = cJSON_GetObjectItemCaseSensitive(props, key);
	if (!cJSON_IsArray(list)) {
		list = cJSON_CreateArray();
		xf_set(props, key, list);
	}
	return list;
}

static int link_managed_policy(xf *x, cJSON *role, const char *name)
{
	char *arn = samc_strfmt("arn:%s:iam::aws:policy/%s", x->partition, name);
	cJSON *arns = role_list(role, "ManagedPolicyArns");
	cJSON *item = arn ? cJSON_CreateString(arn) : NULL;
	free(arn);
	if (!arns || !item) {
		cJSON_Delete(item);
		return XF_NOMEM;
	}
	if (list_contains(arns, item))
		cJSON_Delete(item);
	else
		cJSON_AddItemToArray(arns, item);
	return XF_OK;
}

static int link_statements(cJSON *role, const cJSON *statements)
{
	cJSON *policies = role_list(role, "Policies");
	if (!policies)
		return XF_NOMEM;
	for (const cJSON *p = statements->child; p; p = p->next) {
		if (list_contains(policies, p))
			continue;
		const cJSON *doc = xf_get(p, "PolicyDocument");
		if (doc && has_policy_document(policies, doc))
			continue;
		cJSON_AddItemToArray(policies, xf_dup(p));
	}
	return XF_OK;
}

static int link_destination_policy(cJSON *role, const cJSON *policy)
{
	cJSON *props = xf_props(role);
	cJSON *policies = cJSON_GetObjectItemCaseSensitive(props, "Policies");
	if (!cJSON_IsArray(policies)) {
		policies = role_list(role, "Policies");
		if (!policies)
			return XF_NOMEM;
		cJSON_AddItemToArray(policies, xf_dup(policy));
	}
	if (!policies->child || list_contains(policies, policy))
		return XF_OK;
	if (!has_policy_document(policies, xf_get(policy, "PolicyDocument")))
		cJSON_AddItemToArray(policies, xf_dup(policy));
	return XF_OK;
}

static int link_policy(xf *x, cJSON *role, const xf_pull_kind *kind, const cJSON *statements,
		       const cJSON *destination)
{
	if (!role)
		return XF_OK;
	if (kind->managed_policy && link_managed_policy(x, role, kind->managed_policy))
		return XF_NOMEM;
	if (statements && link_statements(role, statements))
		return XF_NOMEM;
	if (xf_truthy(destination) && link_destination_policy(role, destination))
		return XF_NOMEM;
	return XF_OK;
}

/* Everything of to_cloudformation that may raise, in the reference's order. */
static int build_mapping(xf_pull_ctx *c, cJSON **destination, cJSON **statements)
{
	int rc = validate_filter_criteria(c);
	if (!rc)
		rc = add_bootstrap_servers(c);
	if (!rc)
		rc = add_consumer_group(c);
	if (!rc)
		rc = add_schema_registry(c);
	if (!rc)
		rc = add_destination_config(c, destination);
	if (!rc && c->kind->extra_fields)
		rc = c->kind->extra_fields(c);
	if (!rc && c->kind->policy_statements)
		rc = c->kind->policy_statements(c, statements);
	return rc;
}

int xf_pull_expand(xf *x, xf_fn *fn, xf_event *ev, const xf_pull_kind *kind)
{
	xf_pull_ctx c = {x, ev, kind, NULL, NULL};
	cJSON *esm = new_mapping(fn, &c);
	if (!esm)
		return XF_NOMEM;
	cJSON *destination = NULL, *statements = NULL;
	int rc = build_mapping(&c, &destination, &statements);
	if (rc)
		cJSON_Delete(esm);
	else
		rc = xf_emit(x, fn->id, ev->logical_id, esm);
	if (!rc)
		rc = link_policy(x, fn->role, kind, statements, destination);
	cJSON_Delete(destination);
	cJSON_Delete(statements);
	return rc;
}
