/* pull_sources.c — the per-type parts of the pull event sources (model/eventsources/pull.py):
 * property_types, managed policies, and the MSK, MQ, SelfManagedKafka and DocumentDB policies. */
#include "transform/events/pull.h"
#include "transform/events/pull_source.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

/* PullEventSource.property_types; `sp` is whether StartingPosition is required. */
#define PULL_BASE_PROPS(sp)                                         \
	{"BatchSize", false, XF_IS_INT, false},                     \
	{"StartingPosition", (sp), XF_ANY, true},                   \
	{"StartingPositionTimestamp", false, XF_ANY, true},         \
	{"Enabled", false, XF_IS_BOOL, false},                      \
	{"MaximumBatchingWindowInSeconds", false, XF_IS_INT, false}, \
	{"MaximumRetryAttempts", false, XF_IS_INT, false},          \
	{"BisectBatchOnFunctionError", false, XF_IS_BOOL, false},   \
	{"MaximumRecordAgeInSeconds", false, XF_IS_INT, false},     \
	{"DestinationConfig", false, XF_IS_DICT, false},            \
	{"ParallelizationFactor", false, XF_IS_INT, false},         \
	{"Topics", false, XF_IS_LIST, false},                       \
	{"Queues", false, XF_IS_LIST, false},                       \
	{"SourceAccessConfigurations", false, XF_IS_LIST, false},   \
	{"SecretsManagerKmsKeyId", false, XF_IS_STR, false},        \
	{"TumblingWindowInSeconds", false, XF_IS_INT, false},       \
	{"FunctionResponseTypes", false, XF_IS_LIST, false},        \
	{"KafkaBootstrapServers", false, XF_IS_LIST, false},        \
	{"FilterCriteria", false, XF_IS_DICT, false},               \
	{"KmsKeyArn", false, XF_ANY, true},                         \
	{"ConsumerGroupId", false, XF_IS_STR, false},               \
	{"ScalingConfig", false, XF_IS_DICT, false},                \
	{"ProvisionedPollerConfig", false, XF_IS_DICT, false},      \
	{"SchemaRegistryConfig", false, XF_IS_DICT, false},         \
	{"MetricsConfig", false, XF_IS_DICT, false},                \
	{"LoggingConfig", false, XF_IS_DICT, false}

static const xf_prop_spec stream_props[] = {
	PULL_BASE_PROPS(true),
	{"Stream", true, XF_ANY, true},
	{NULL, false, XF_ANY, false},
};

static const xf_prop_spec sqs_props[] = {
	PULL_BASE_PROPS(false),
	{"Queue", true, XF_ANY, true},
	{NULL, false, XF_ANY, false},
};

static const xf_prop_spec mq_props[] = {
	PULL_BASE_PROPS(false),
	{"Broker", true, XF_ANY, true},
	{"DynamicPolicyName", false, XF_IS_BOOL, true},
	{NULL, false, XF_ANY, false},
};

static const xf_prop_spec self_managed_kafka_props[] = {
	PULL_BASE_PROPS(false),
	{NULL, false, XF_ANY, false},
};

static const xf_prop_spec documentdb_props[] = {
	PULL_BASE_PROPS(false),
	{"Cluster", true, XF_ANY, true},
	{"DatabaseName", true, XF_ANY, true},
	{"CollectionName", false, XF_ANY, true},
	{"FullDocument", false, XF_ANY, true},
	{NULL, false, XF_ANY, false},
};

/* ---- shared statements ---- */

static cJSON *secret_statement(const cJSON *uri)
{
	return xf_pull_statement("secretsmanager:GetSecretValue", true, xf_dup(uri));
}

static cJSON *vpc_statement(void)
{
	static const char *const actions[] = {
		"ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
		"ec2:DescribeVpcs",           "ec2:DescribeSubnets",           "ec2:DescribeSecurityGroups",
	};
	cJSON *s = xf_pull_statement(actions[0], true, cJSON_CreateString("*"));
	cJSON *list = cJSON_GetObjectItemCaseSensitive(s, "Action");
	for (size_t i = 1; list && i < sizeof(actions) / sizeof(actions[0]); i++)
		cJSON_AddItemToArray(list, cJSON_CreateString(actions[i]));
	return s;
}

/* Appends a statement; a NULL one (allocation failure) is reported once at the end. */
static void push(cJSON *statements, cJSON *s, bool *oom)
{
	if (!s)
		*oom = true;
	else
		cJSON_AddItemToArray(statements, s);
}

/* The kms:Decrypt statement when SecretsManagerKmsKeyId is set (validated as a string). */
static int push_kms(xf_pull_ctx *c, cJSON *statements, bool action_list, bool *oom)
{
	const cJSON *key = xf_pull_prop(c, "SecretsManagerKmsKeyId");
	if (!xf_truthy(key))
		return XF_OK;
	if (xf_pull_validate_kms_key_id(c))
		return XF_FAIL;
	push(statements, xf_pull_kms_statement(key->valuestring, action_list), oom);
	return XF_OK;
}

static int finish_policy(cJSON *statements, bool oom, const char *name, bool with_version, cJSON **out)
{
	if (oom) {
		cJSON_Delete(statements);
		return XF_NOMEM;
	}
	*out = xf_pull_policy_list(name, statements, with_version);
	return *out ? XF_OK : XF_NOMEM;
}

/* ---- MSK ---- */

static bool is_client_certificate(const cJSON *conf)
{
	const char *type = xf_get_str(conf, "Type");
	return type && strcmp(type, "CLIENT_CERTIFICATE_TLS_AUTH") == 0 && xf_truthy(xf_get(conf, "URI"));
}

static int msk_statements(xf_pull_ctx *c, cJSON **out)
{
	cJSON *statements = cJSON_CreateArray();
	if (!statements)
		return XF_NOMEM;
	int rc = xf_pull_schema_registry_statements(c, statements);
	const cJSON *configs = xf_pull_prop(c, "SourceAccessConfigurations");
	bool oom = false;
	for (const cJSON *conf = cJSON_IsArray(configs) ? configs->child : NULL; !rc && conf; conf = conf->next)
		if (is_client_certificate(conf))
			push(statements, secret_statement(xf_get(conf, "URI")), &oom);
	if (rc || !statements->child) {
		cJSON_Delete(statements);
		return rc;
	}
	return finish_policy(statements, oom, "MSKExecutionRolePolicy", false, out);
}

/* ---- MQ ---- */

static int mq_statements(xf_pull_ctx *c, cJSON **out)
{
	static const char *const supported[] = {"BASIC_AUTH", "VIRTUAL_HOST"};
	const cJSON *uri = NULL;
	if (xf_pull_source_access_uri(c, supported, 2, "BASIC_AUTH", &uri))
		return XF_FAIL;
	cJSON *statements = cJSON_CreateArray();
	if (!statements)
		return XF_NOMEM;
	bool oom = false;
	push(statements, secret_statement(uri), &oom);
	push(statements, xf_pull_statement("mq:DescribeBroker", true, xf_dup(xf_pull_prop(c, "Broker"))), &oom);
	if (push_kms(c, statements, false, &oom)) {
		cJSON_Delete(statements);
		return XF_FAIL;
	}
	char *name = xf_truthy(xf_pull_prop(c, "DynamicPolicyName"))
			     ? samc_strfmt("%sAMQPolicy", c->ev->logical_id)
			     : samc_strdup("SamAutoGeneratedAMQPolicy");
	int rc = finish_policy(statements, oom || !name, name ? name : "", false, out);
	free(name);
	return rc;
}

/* ---- SelfManagedKafka ---- */

typedef struct kafka_access {
	const cJSON *auth_uri;   /* SASL/BASIC/mTLS secret */
	const cJSON *root_ca_uri; /* SERVER_ROOT_CA_CERTIFICATE secret */
	bool subnet, security_group;
} kafka_access;

static bool is_auth_mechanism(const char *type)
{
	static const char *const mechanisms[] = {
		"SASL_SCRAM_256_AUTH", "SASL_SCRAM_512_AUTH", "BASIC_AUTH", "CLIENT_CERTIFICATE_TLS_AUTH"};
	for (size_t i = 0; i < sizeof(mechanisms) / sizeof(mechanisms[0]); i++)
		if (strcmp(type, mechanisms[i]) == 0)
			return true;
	return false;
}

static int validate_kafka_uri(xf_pull_ctx *c, const cJSON *uri, const char *what)
{
	if (!xf_truthy(uri))
		return xf_fail_event(c->x, c->ev->relative_id,
				     "No %s URI property specified in SourceAccessConfigurations for self managed "
				     "kafka event.",
				     what);
	if (!cJSON_IsString(uri) && !xf_is_cfn_intrinsic(uri))
		return xf_fail_event(c->x, c->ev->relative_id,
				     "Wrong Type for %s URI property specified in SourceAccessConfigurations for "
				     "self managed kafka event.",
				     what);
	return XF_OK;
}

static int read_kafka_access(xf_pull_ctx *c, const cJSON *conf, kafka_access *a)
{
	const char *type = xf_get_str(conf, "Type");
	const cJSON *uri = xf_get(conf, "URI");
	if (type && (strcmp(type, "VPC_SUBNET") == 0 || strcmp(type, "VPC_SECURITY_GROUP") == 0)) {
		*(strcmp(type, "VPC_SUBNET") == 0 ? &a->subnet : &a->security_group) = true;
		return validate_kafka_uri(c, uri, type);
	}
	if (type && is_auth_mechanism(type)) {
		if (xf_truthy(a->auth_uri))
			return xf_fail_event(c->x, c->ev->relative_id,
					     "Multiple auth mechanism properties specified in SourceAccessConfigurations "
					     "for self managed kafka event.");
		a->auth_uri = uri;
		return validate_kafka_uri(c, uri, "auth mechanism");
	}
	if (type && strcmp(type, "SERVER_ROOT_CA_CERTIFICATE") == 0) {
		a->root_ca_uri = uri;
		return validate_kafka_uri(c, uri, "SERVER_ROOT_CA_CERTIFICATE");
	}
	return xf_fail_event(c->x, c->ev->relative_id,
			     "Invalid SourceAccessConfigurations Type provided for self managed kafka event.");
}

/* get_secret_key */
static int read_kafka_accesses(xf_pull_ctx *c, const cJSON *configs, kafka_access *a)
{
	if (!cJSON_IsArray(configs))
		return xf_fail_event(c->x, c->ev->relative_id,
				     "SourceAccessConfigurations for self managed kafka event should be a list.");
	for (const cJSON *conf = configs->child; conf; conf = conf->next) {
		if (xf_expect_map(c->x, c->ev->relative_id, conf, "SourceAccessConfigurations"))
			return XF_FAIL;
		if (read_kafka_access(c, conf, a))
			return XF_FAIL;
	}
	if (a->subnet != a->security_group)
		return xf_fail_event(c->x, c->ev->relative_id,
				     "VPC_SUBNET and VPC_SECURITY_GROUP in SourceAccessConfigurations for "
				     "SelfManagedKafka must be both provided.");
	return XF_OK;
}

static int validate_kafka_event(xf_pull_ctx *c)
{
	const char *id = c->ev->relative_id;
	const cJSON *topics = xf_pull_prop(c, "Topics");
	if (!xf_truthy(xf_pull_prop(c, "KafkaBootstrapServers")))
		return xf_fail_event(c->x, id, "No KafkaBootstrapServers provided for self managed kafka as an event source");
	if (!xf_truthy(topics))
		return xf_fail_event(c->x, id, "No Topics provided for self managed kafka as an event source");
	if (cJSON_GetArraySize(topics) != 1)
		return xf_fail_event(c->x, id, "Topics for self managed kafka only supports single configuration entry.");
	if (!xf_truthy(xf_pull_prop(c, "SourceAccessConfigurations")))
		return xf_fail_event(c->x, id, "No SourceAccessConfigurations for self managed kafka event provided.");
	return XF_OK;
}

static int self_managed_kafka_statements(xf_pull_ctx *c, cJSON **out)
{
	kafka_access a = {NULL, NULL, false, false};
	if (validate_kafka_event(c) || read_kafka_accesses(c, xf_pull_prop(c, "SourceAccessConfigurations"), &a))
		return XF_FAIL;
	cJSON *statements = cJSON_CreateArray();
	if (!statements)
		return XF_NOMEM;
	bool oom = false;
	if (xf_truthy(a.auth_uri))
		push(statements, secret_statement(a.auth_uri), &oom);
	if (xf_truthy(a.root_ca_uri)) /* the reference grants auth_uri here, even when it is None */
		push(statements, secret_statement(a.auth_uri), &oom);
	if (a.subnet && a.security_group)
		push(statements, vpc_statement(), &oom);
	int rc = push_kms(c, statements, true, &oom);
	if (!rc)
		rc = xf_pull_schema_registry_statements(c, statements);
	if (rc) {
		cJSON_Delete(statements);
		return rc;
	}
	return finish_policy(statements, oom, "SelfManagedKafkaExecutionRolePolicy", true, out);
}

/* ---- DocumentDB ---- */

static int documentdb_fields(xf_pull_ctx *c)
{
	static const char *const optional[] = {"CollectionName", "FullDocument"};
	cJSON *cfg = cJSON_CreateObject();
	if (!cfg)
		return XF_NOMEM;
	xf_set(cfg, "DatabaseName", xf_dup(xf_get(c->ev->props, "DatabaseName")));
	for (size_t i = 0; i < 2; i++) {
		const cJSON *v = xf_pull_prop(c, optional[i]);
		if (xf_truthy(v))
			xf_set(cfg, optional[i], xf_dup(v));
	}
	xf_set(c->esm_props, "DocumentDBEventSourceConfig", cfg);
	return XF_OK;
}

static cJSON *rds_statement(const char *action, const char *arn_tail)
{
	char *arn = samc_strfmt("arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:%s", arn_tail);
	cJSON *s = arn ? xf_pull_statement(action, true, xf_sub(arn)) : NULL;
	free(arn);
	return s;
}

static int documentdb_statements(xf_pull_ctx *c, cJSON **out)
{
	static const char *const supported[] = {"BASIC_AUTH"};
	const cJSON *uri = NULL;
	if (xf_pull_source_access_uri(c, supported, 1, "BASIC_AUTH", &uri))
		return XF_FAIL;
	cJSON *statements = cJSON_CreateArray();
	if (!statements)
		return XF_NOMEM;
	bool oom = false;
	push(statements, secret_statement(uri), &oom);
	push(statements, rds_statement("rds:DescribeDBClusterParameters", "cluster-pg:*"), &oom);
	push(statements, rds_statement("rds:DescribeDBSubnetGroups", "subgrp:*"), &oom);
	push(statements, xf_pull_statement("rds:DescribeDBClusters", true, xf_dup(xf_pull_prop(c, "Cluster"))),
	     &oom);
	push(statements, vpc_statement(), &oom);
	if (push_kms(c, statements, true, &oom)) {
		cJSON_Delete(statements);
		return XF_FAIL;
	}
	return finish_policy(statements, oom, "SamAutoGeneratedDocumentDBPolicy", false, out);
}

/* ---- the kinds and their event types ---- */

static const xf_pull_kind kinesis = {"Kinesis", "Stream",
				     "service-role/AWSLambdaKinesisExecutionRole", NULL, NULL, NULL};
static const xf_pull_kind dynamodb = {"DynamoDB", "Stream",
				      "service-role/AWSLambdaDynamoDBExecutionRole", NULL, NULL, NULL};
static const xf_pull_kind sqs = {"SQS", "Queue",
				 "service-role/AWSLambdaSQSQueueExecutionRole", NULL, NULL, NULL};
static const xf_pull_kind msk = {"MSK", "Stream", "service-role/AWSLambdaMSKExecutionRole",
				 "AmazonManagedKafkaEventSourceConfig", msk_statements, NULL};
static const xf_pull_kind mq = {"MQ", "Broker", NULL, NULL, mq_statements, NULL};
static const xf_pull_kind self_managed_kafka = {"SelfManagedKafka", NULL, NULL,
						"SelfManagedKafkaEventSourceConfig",
						self_managed_kafka_statements, NULL};
static const xf_pull_kind documentdb = {"DocumentDB", "Cluster", NULL, NULL,
					documentdb_statements, documentdb_fields};

static int expand_kinesis(xf *x, xf_fn *fn, xf_event *ev)
{
	return xf_pull_expand(x, fn, ev, &kinesis);
}

static int expand_dynamodb(xf *x, xf_fn *fn, xf_event *ev)
{
	return xf_pull_expand(x, fn, ev, &dynamodb);
}

static int expand_sqs(xf *x, xf_fn *fn, xf_event *ev)
{
	return xf_pull_expand(x, fn, ev, &sqs);
}

static int expand_msk(xf *x, xf_fn *fn, xf_event *ev)
{
	return xf_pull_expand(x, fn, ev, &msk);
}

static int expand_mq(xf *x, xf_fn *fn, xf_event *ev)
{
	return xf_pull_expand(x, fn, ev, &mq);
}

static int expand_self_managed_kafka(xf *x, xf_fn *fn, xf_event *ev)
{
	return xf_pull_expand(x, fn, ev, &self_managed_kafka);
}

static int expand_documentdb(xf *x, xf_fn *fn, xf_event *ev)
{
	return xf_pull_expand(x, fn, ev, &documentdb);
}

const xf_event_type xf_event_kinesis = {"Kinesis", stream_props, NULL, expand_kinesis};
const xf_event_type xf_event_dynamodb = {"DynamoDB", stream_props, NULL, expand_dynamodb};
const xf_event_type xf_event_sqs = {"SQS", sqs_props, NULL, expand_sqs};
const xf_event_type xf_event_msk = {"MSK", stream_props, NULL, expand_msk};
const xf_event_type xf_event_mq = {"MQ", mq_props, NULL, expand_mq};
const xf_event_type xf_event_self_managed_kafka = {"SelfManagedKafka", self_managed_kafka_props, NULL,
						   expand_self_managed_kafka};
const xf_event_type xf_event_documentdb = {"DocumentDB", documentdb_props, NULL, expand_documentdb};
