/* test_events_pull.c — the pull event sources (Kinesis, DynamoDB, SQS, MSK, MQ, SelfManagedKafka,
 * DocumentDB) and ScheduleV2: generated resources, role policies and error messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "transform/events/pull.h"
#include "util/buf.h"

#define BASIC_ROLE "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"

typedef struct fixture {
	xf x;
	xf_fn fn;
	cJSON *attrs;
	xf_event ev;
	cJSON *event_dict;
} fixture;

static cJSON *parse(const char *json)
{
	cJSON *v = cJSON_Parse(json);
	if (!v)
		fail_msg("bad JSON in test: %s", json);
	return v;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	f->x.region = "us-east-1";
	f->x.partition = "aws";
	f->x.tpl = cJSON_CreateObject();
	f->x.resources = cJSON_AddObjectToObject(f->x.tpl, "Resources");
	f->x.params = parse("{\"AWS::Region\": \"us-east-1\", \"AWS::Partition\": \"aws\", \"Reg\": \"my-registry\"}");
	cJSON *role = parse("{\"Type\": \"AWS::IAM::Role\", \"Properties\": {\"ManagedPolicyArns\": [\"" BASIC_ROLE "\"]}}");
	assert_int_equal(xf_emit(&f->x, "Fn", "FnRole", role), XF_OK);
	f->attrs = parse("{\"Condition\": \"C\"}");
	f->fn.id = "Fn";
	f->fn.role = role;
	f->fn.attrs = f->attrs;
	*state = f;
	return 0;
}

static void clear_event(fixture *f)
{
	free(f->ev.logical_id);
	cJSON_Delete(f->event_dict);
	memset(&f->ev, 0, sizeof(f->ev));
	f->event_dict = NULL;
}

static int teardown(void **state)
{
	fixture *f = *state;
	clear_event(f);
	cJSON_Delete(f->attrs);
	xf_context_release(&f->x);
	free(f);
	return 0;
}

/* Builds event `id` of `type` with the given Properties JSON, validates it as from_dict does,
 * then expands it. */
static int run(fixture *f, const xf_event_type *type, const char *id, const char *props_json)
{
	clear_event(f);
	f->event_dict = cJSON_CreateObject();
	cJSON_AddStringToObject(f->event_dict, "Type", type->name);
	cJSON_AddItemToObject(f->event_dict, "Properties", parse(props_json));
	f->ev.logical_id = samc_strfmt("Fn%s", id);
	f->ev.relative_id = id;
	f->ev.dict = f->event_dict;
	f->ev.props = cJSON_GetObjectItemCaseSensitive(f->event_dict, "Properties");
	f->ev.type = type;
	int rc = xf_validate_props(&f->x, f->ev.logical_id, type->name, f->ev.props, type->props);
	return rc ? rc : type->expand(&f->x, &f->fn, &f->ev);
}

static void assert_json(const cJSON *actual, const char *expected_json)
{
	cJSON *expected = parse(expected_json);
	if (!xf_equal(actual, expected)) {
		char *a = actual ? cJSON_PrintUnformatted(actual) : NULL;
		fail_msg("expected %s\n     got %s", expected_json, a ? a : "(null)");
	}
	cJSON_Delete(expected);
}

static void assert_resource(fixture *f, const char *id, const char *expected_json)
{
	const cJSON *r = xf_resource(&f->x, id);
	if (!r)
		fail_msg("no resource %s", id);
	assert_json(r, expected_json);
}

static void assert_role_prop(fixture *f, const char *key, const char *expected_json)
{
	assert_json(xf_get(xf_get(f->fn.role, "Properties"), key), expected_json);
}

static void assert_error(fixture *f, xf_err_kind kind, const char *id, const char *message)
{
	assert_int_equal(f->x.pending.kind, kind);
	assert_string_equal(f->x.pending.id, id);
	assert_string_equal(f->x.pending.message, message);
	xf_pending_clear(&f->x.pending);
}

/* ---- Kinesis, DynamoDB, SQS ---- */

static void kinesis_mapping_and_managed_policy(void **state)
{
	fixture *f = *state;
	assert_int_equal(run(f, &xf_event_kinesis, "Ev",
			     "{\"Stream\": \"arn:s\", \"StartingPosition\": \"LATEST\", \"BatchSize\": 10,"
			     " \"Enabled\": false, \"FilterCriteria\": {\"Filters\": []}, \"KmsKeyArn\": \"k\","
			     " \"MaximumRetryAttempts\": null}"),
			 XF_OK);
	assert_resource(f, "FnEv",
			"{\"Type\": \"AWS::Lambda::EventSourceMapping\", \"Condition\": \"C\", \"Properties\": {"
			"\"EventSourceArn\": \"arn:s\", \"FunctionName\": {\"Ref\": \"Fn\"}, \"StartingPosition\": \"LATEST\","
			"\"BatchSize\": 10, \"Enabled\": false, \"FilterCriteria\": {\"Filters\": []}, \"KmsKeyArn\": \"k\"}}");
	assert_int_equal(run(f, &xf_event_kinesis, "Again", "{\"Stream\": \"arn:s\", \"StartingPosition\": \"LATEST\"}"),
			 XF_OK);
	assert_role_prop(f, "ManagedPolicyArns",
			 "[\"" BASIC_ROLE "\", \"arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole\"]");
	assert_null(xf_get(xf_get(f->fn.role, "Properties"), "Policies"));
}

static void managed_policy_uses_the_session_partition(void **state)
{
	fixture *f = *state;
	f->x.partition = "aws-cn";
	assert_int_equal(run(f, &xf_event_dynamodb, "Ev", "{\"Stream\": \"arn:s\", \"StartingPosition\": \"LATEST\"}"),
			 XF_OK);
	assert_role_prop(f, "ManagedPolicyArns",
			 "[\"" BASIC_ROLE "\", \"arn:aws-cn:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole\"]");
}

static void alias_is_the_target(void **state)
{
	fixture *f = *state;
	f->fn.alias_id = "FnAliaslive";
	assert_int_equal(run(f, &xf_event_sqs, "Ev", "{\"Queue\": {\"Fn::GetAtt\": [\"Q\", \"Arn\"]}}"), XF_OK);
	assert_resource(f, "FnEv",
			"{\"Type\": \"AWS::Lambda::EventSourceMapping\", \"Condition\": \"C\", \"Properties\": {"
			"\"EventSourceArn\": {\"Fn::GetAtt\": [\"Q\", \"Arn\"]}, \"FunctionName\": {\"Ref\": \"FnAliaslive\"}}}");
	assert_role_prop(f, "ManagedPolicyArns",
			 "[\"" BASIC_ROLE "\", \"arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole\"]");
}

static void destination_type_becomes_a_policy_and_is_removed(void **state)
{
	fixture *f = *state;
	assert_int_equal(run(f, &xf_event_sqs, "Ev",
			     "{\"Queue\": \"arn:q\", \"DestinationConfig\": {\"OnFailure\": {\"Type\": \"SQS\","
			     " \"Destination\": \"arn:dlq\"}}}"),
			 XF_OK);
	assert_json(xf_get(xf_get(xf_resource(&f->x, "FnEv"), "Properties"), "DestinationConfig"),
		    "{\"OnFailure\": {\"Destination\": \"arn:dlq\"}}");
	/* the same document under another name is not added twice */
	assert_int_equal(run(f, &xf_event_sqs, "Other",
			     "{\"Queue\": \"arn:q\", \"DestinationConfig\": {\"OnFailure\": {\"Type\": \"SQS\","
			     " \"Destination\": \"arn:dlq\"}}}"),
			 XF_OK);
	assert_int_equal(run(f, &xf_event_sqs, "Third",
			     "{\"Queue\": \"arn:q\", \"DestinationConfig\": {\"OnFailure\": {\"Type\": \"S3\"}}}"),
			 XF_OK);
	assert_role_prop(f, "Policies",
			 "[{\"PolicyName\": \"FnEvSQSPolicy\", \"PolicyDocument\": {\"Statement\": [{\"Action\":"
			 " \"sqs:SendMessage\", \"Effect\": \"Allow\", \"Resource\": \"arn:dlq\"}]}},"
			 "{\"PolicyName\": \"FnThirdS3Policy\", \"PolicyDocument\": {\"Statement\": ["
			 "{\"Action\": \"s3:PutObject\", \"Effect\": \"Allow\", \"Resource\": {\"Fn::Join\": [\"/\", [null, \"*\"]]}},"
			 "{\"Action\": \"s3:ListBucket\", \"Effect\": \"Allow\", \"Resource\": null}]}}]");
}

static void kafka_and_untyped_destinations_add_no_policy(void **state)
{
	fixture *f = *state;
	assert_int_equal(run(f, &xf_event_kinesis, "Ev",
			     "{\"Stream\": \"s\", \"StartingPosition\": \"LATEST\", \"DestinationConfig\": {\"OnFailure\":"
			     " {\"Type\": \"Kafka\", \"Destination\": \"kafka://x\"}}}"),
			 XF_OK);
	assert_int_equal(run(f, &xf_event_kinesis, "Two",
			     "{\"Stream\": \"s\", \"StartingPosition\": \"LATEST\", \"DestinationConfig\": {\"OnFailure\":"
			     " {\"Type\": \"\", \"Destination\": \"d\"}}}"),
			 XF_OK);
	assert_json(xf_get(xf_get(xf_resource(&f->x, "FnEv"), "Properties"), "DestinationConfig"),
		    "{\"OnFailure\": {\"Destination\": \"kafka://x\"}}");
	assert_json(xf_get(xf_get(xf_resource(&f->x, "FnTwo"), "Properties"), "DestinationConfig"),
		    "{\"OnFailure\": {\"Type\": \"\", \"Destination\": \"d\"}}");
	assert_null(xf_get(xf_get(f->fn.role, "Properties"), "Policies"));
}

static void destination_errors(void **state)
{
	fixture *f = *state;
	assert_int_equal(run(f, &xf_event_sqs, "Ev",
			     "{\"Queue\": \"q\", \"DestinationConfig\": {\"OnFailure\": {\"Type\": \"Lambda\"}}}"),
			 XF_FAIL);
	assert_error(f, XF_ERR_EVENT, "FnEv", "The only valid values for 'Type' are 'SQS', 'SNS', 'S3', and 'Kafka'");
	assert_int_equal(run(f, &xf_event_sqs, "Ev", "{\"Queue\": \"q\", \"DestinationConfig\": {\"OnSuccess\": {}}}"),
			 XF_FAIL);
	assert_error(f, XF_ERR_EVENT, "FnEv", "Property 'DestinationConfig.OnFailure' should be a map.");
	assert_null(xf_resource(&f->x, "FnEv"));
}

static void filter_criteria_and_consumer_group_errors(void **state)
{
	fixture *f = *state;
	assert_int_equal(run(f, &xf_event_sqs, "Ev", "{\"Queue\": \"q\", \"FilterCriteria\": {\"Other\": []}}"), XF_FAIL);
	assert_error(f, XF_ERR_EVENT, "Ev", "FilterCriteria field has a wrong format");
	assert_int_equal(run(f, &xf_event_sqs, "Ev", "{\"Queue\": \"q\", \"FilterCriteria\": {\"Fn::If\": [1, 2, 3]}}"),
			 XF_OK);
	assert_int_equal(run(f, &xf_event_sqs, "Ev", "{\"Queue\": \"q\", \"ConsumerGroupId\": \"g\"}"), XF_FAIL);
	assert_error(f, XF_ERR_EVENT, "FnEv", "Property ConsumerGroupId not defined for resource of type SQS.");
}

static void property_validation_follows_declaration_order(void **state)
{
	fixture *f = *state;
	assert_int_equal(run(f, &xf_event_kinesis, "Ev", "{}"), XF_FAIL);
	assert_error(f, XF_ERR_RESOURCE, "FnEv", "Missing required property 'StartingPosition'.");
	assert_int_equal(run(f, &xf_event_sqs, "Ev", "{\"Queue\": \"q\", \"Stream\": \"s\"}"), XF_FAIL);
	assert_error(f, XF_ERR_RESOURCE, "FnEv", "property Stream not defined for resource of type SQS");
	assert_int_equal(run(f, &xf_event_mq, "Ev", "{\"Broker\": \"b\", \"DynamicPolicyName\": {\"Ref\": \"P\"}}"),
			 XF_FAIL);
	assert_error(f, XF_ERR_RESOURCE, "FnEv", "Type of property 'DynamicPolicyName' is invalid.");
}

/* ---- MQ, DocumentDB ---- */

static void mq_policies(void **state)
{
	fixture *f = *state;
	static const char props[] = "{\"Broker\": \"arn:b\", \"Queues\": [\"q\"], \"SecretsManagerKmsKeyId\": \"key\","
				    " \"SourceAccessConfigurations\": [{\"Type\": \"BASIC_AUTH\", \"URI\": \"arn:secret\"},"
				    " {\"Type\": \"VIRTUAL_HOST\", \"URI\": \"v\"}]}";
	assert_int_equal(run(f, &xf_event_mq, "Ev", props), XF_OK);
	assert_int_equal(run(f, &xf_event_mq, "Same", props), XF_OK);
	assert_int_equal(run(f, &xf_event_mq, "Dyn",
			     "{\"Broker\": \"arn:b2\", \"DynamicPolicyName\": true, \"SourceAccessConfigurations\":"
			     " [{\"Type\": \"BASIC_AUTH\", \"URI\": \"arn:secret\"}]}"),
			 XF_OK);
	assert_role_prop(f, "ManagedPolicyArns", "[\"" BASIC_ROLE "\"]");
	assert_role_prop(f, "Policies",
			 "[{\"PolicyName\": \"SamAutoGeneratedAMQPolicy\", \"PolicyDocument\": {\"Statement\": ["
			 "{\"Action\": [\"secretsmanager:GetSecretValue\"], \"Effect\": \"Allow\", \"Resource\": \"arn:secret\"},"
			 "{\"Action\": [\"mq:DescribeBroker\"], \"Effect\": \"Allow\", \"Resource\": \"arn:b\"},"
			 "{\"Action\": \"kms:Decrypt\", \"Effect\": \"Allow\", \"Resource\": {\"Fn::Sub\":"
			 " \"arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/key\"}}]}},"
			 "{\"PolicyName\": \"FnDynAMQPolicy\", \"PolicyDocument\": {\"Statement\": ["
			 "{\"Action\": [\"secretsmanager:GetSecretValue\"], \"Effect\": \"Allow\", \"Resource\": \"arn:secret\"},"
			 "{\"Action\": [\"mq:DescribeBroker\"], \"Effect\": \"Allow\", \"Resource\": \"arn:b2\"}]}}]");
}

static void source_access_errors(void **state)
{
	fixture *f = *state;
	assert_int_equal(run(f, &xf_event_mq, "Ev", "{\"Broker\": \"b\"}"), XF_FAIL);
	assert_error(f, XF_ERR_EVENT, "Ev", "No SourceAccessConfigurations for Amazon MQ event provided.");
	assert_int_equal(run(f, &xf_event_mq, "Ev", "{\"Broker\": \"b\", \"SourceAccessConfigurations\": {\"Ref\": \"X\"}}"),
			 XF_FAIL);
	assert_error(f, XF_ERR_EVENT, "Ev", "Provided SourceAccessConfigurations cannot be parsed into a list.");
	assert_int_equal(run(f, &xf_event_mq, "Ev", "{\"Broker\": \"b\", \"SourceAccessConfigurations\": [{\"Type\": 1}]}"),
			 XF_FAIL);
	assert_error(f, XF_ERR_EVENT, "Ev", "Property 'SourceAccessConfigurations[0].Type' should be a string.");
	assert_int_equal(run(f, &xf_event_mq, "Ev",
			     "{\"Broker\": \"b\", \"SourceAccessConfigurations\": [{\"Type\": \"X\"}]}"),
			 XF_FAIL);
	assert_error(f, XF_ERR_EVENT, "Ev",
		     "Invalid property Type specified in SourceAccessConfigurations. The supported values are: "
		     "['BASIC_AUTH', 'VIRTUAL_HOST'].");
	assert_int_equal(run(f, &xf_event_documentdb, "Ev",
			     "{\"Cluster\": \"c\", \"DatabaseName\": \"d\", \"SourceAccessConfigurations\":"
			     " [{\"Type\": \"BASIC_AUTH\", \"URI\": \"a\"}, {\"Type\": \"BASIC_AUTH\", \"URI\": \"b\"}]}"),
			 XF_FAIL);
	assert_error(f, XF_ERR_EVENT, "Ev", "Multiple BASIC_AUTH properties specified in SourceAccessConfigurations.");
	assert_int_equal(run(f, &xf_event_documentdb, "Ev",
			     "{\"Cluster\": \"c\", \"DatabaseName\": \"d\", \"SourceAccessConfigurations\": [{\"Type\": \"BASIC_AUTH\"}]}"),
			 XF_FAIL);
	assert_error(f, XF_ERR_EVENT, "Ev", "No BASIC_AUTH URI property specified in SourceAccessConfigurations.");
	assert_int_equal(run(f, &xf_event_mq, "Ev",
			     "{\"Broker\": \"b\", \"SourceAccessConfigurations\": [{\"Type\": \"VIRTUAL_HOST\", \"URI\": \"v\"}]}"),
			 XF_FAIL);
	assert_error(f, XF_ERR_EVENT, "Ev", "No BASIC_AUTH property specified in SourceAccessConfigurations.");
	assert_int_equal(run(f, &xf_event_mq, "Ev",
			     "{\"Broker\": \"b\", \"SecretsManagerKmsKeyId\": {\"Ref\": \"K\"}, \"SourceAccessConfigurations\":"
			     " [{\"Type\": \"BASIC_AUTH\", \"URI\": \"a\"}]}"),
			 XF_FAIL);
	assert_error(f, XF_ERR_EVENT, "Ev", "Property 'SecretsManagerKmsKeyId' should be a string.");
}

static void documentdb_mapping_and_policy(void **state)
{
	fixture *f = *state;
	assert_int_equal(run(f, &xf_event_documentdb, "Ev",
			     "{\"Cluster\": \"arn:c\", \"DatabaseName\": \"db\", \"CollectionName\": \"\","
			     " \"FullDocument\": \"UpdateLookup\", \"SecretsManagerKmsKeyId\": \"k\","
			     " \"SourceAccessConfigurations\": [{\"Type\": \"BASIC_AUTH\", \"URI\": \"arn:s\"}]}"),
			 XF_OK);
	assert_resource(f, "FnEv",
			"{\"Type\": \"AWS::Lambda::EventSourceMapping\", \"Condition\": \"C\", \"Properties\": {"
			"\"EventSourceArn\": \"arn:c\", \"FunctionName\": {\"Ref\": \"Fn\"},"
			"\"SourceAccessConfigurations\": [{\"Type\": \"BASIC_AUTH\", \"URI\": \"arn:s\"}],"
			"\"DocumentDBEventSourceConfig\": {\"DatabaseName\": \"db\", \"FullDocument\": \"UpdateLookup\"}}}");
	assert_role_prop(f, "Policies",
			 "[{\"PolicyName\": \"SamAutoGeneratedDocumentDBPolicy\", \"PolicyDocument\": {\"Statement\": ["
			 "{\"Action\": [\"secretsmanager:GetSecretValue\"], \"Effect\": \"Allow\", \"Resource\": \"arn:s\"},"
			 "{\"Action\": [\"rds:DescribeDBClusterParameters\"], \"Effect\": \"Allow\", \"Resource\": {\"Fn::Sub\":"
			 " \"arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster-pg:*\"}},"
			 "{\"Action\": [\"rds:DescribeDBSubnetGroups\"], \"Effect\": \"Allow\", \"Resource\": {\"Fn::Sub\":"
			 " \"arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:subgrp:*\"}},"
			 "{\"Action\": [\"rds:DescribeDBClusters\"], \"Effect\": \"Allow\", \"Resource\": \"arn:c\"},"
			 "{\"Action\": [\"ec2:CreateNetworkInterface\", \"ec2:DescribeNetworkInterfaces\","
			 " \"ec2:DeleteNetworkInterface\", \"ec2:DescribeVpcs\", \"ec2:DescribeSubnets\","
			 " \"ec2:DescribeSecurityGroups\"], \"Effect\": \"Allow\", \"Resource\": \"*\"},"
			 "{\"Action\": [\"kms:Decrypt\"], \"Effect\": \"Allow\", \"Resource\": {\"Fn::Sub\":"
			 " \"arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/k\"}}]}}]");
}

static void user_role_gets_nothing_but_is_still_validated(void **state)
{
	fixture *f = *state;
	f->fn.role = NULL;
	assert_int_equal(run(f, &xf_event_mq, "Ev", "{\"Broker\": \"b\"}"), XF_FAIL);
	assert_error(f, XF_ERR_EVENT, "Ev", "No SourceAccessConfigurations for Amazon MQ event provided.");
	assert_int_equal(run(f, &xf_event_kinesis, "Ev",
			     "{\"Stream\": \"s\", \"StartingPosition\": \"LATEST\", \"DestinationConfig\":"
			     " {\"OnFailure\": {\"Type\": \"SNS\", \"Destination\": \"t\"}}}"),
			 XF_OK);
	assert_non_null(xf_resource(&f->x, "FnEv"));
	assert_resource(f, "FnRole",
			"{\"Type\": \"AWS::IAM::Role\", \"Properties\": {\"ManagedPolicyArns\": [\"" BASIC_ROLE "\"]}}");
}

/* ---- MSK, SelfManagedKafka ---- */

static void msk_schema_registry_and_certificates(void **state)
{
	fixture *f = *state;
	assert_int_equal(run(f, &xf_event_msk, "Ev",
			     "{\"Stream\": \"arn:k\", \"StartingPosition\": \"LATEST\", \"ConsumerGroupId\": \"g\","
			     " \"SourceAccessConfigurations\": [{\"Type\": \"CLIENT_CERTIFICATE_TLS_AUTH\", \"URI\": \"arn:cert\"}],"
			     " \"SchemaRegistryConfig\": {\"SchemaRegistryURI\": \"arn:aws:glue:us-east-1:1:registry/reg\","
			     " \"EventRecordFormat\": \"JSON\", \"SchemaValidationConfigs\": [],"
			     " \"AccessConfigs\": [{\"Type\": \"BASIC_AUTH\", \"URI\": \"arn:ra\"}]}}"),
			 XF_OK);
	assert_json(xf_get(xf_get(xf_resource(&f->x, "FnEv"), "Properties"), "AmazonManagedKafkaEventSourceConfig"),
		    "{\"ConsumerGroupId\": \"g\", \"SchemaRegistryConfig\": {\"SchemaRegistryURI\":"
		    " \"arn:aws:glue:us-east-1:1:registry/reg\", \"EventRecordFormat\": \"JSON\", \"SchemaValidationConfigs\": [],"
		    " \"AccessConfigs\": [{\"Type\": \"BASIC_AUTH\", \"URI\": \"arn:ra\"}]}}");
	assert_role_prop(f, "ManagedPolicyArns",
			 "[\"" BASIC_ROLE "\", \"arn:aws:iam::aws:policy/service-role/AWSLambdaMSKExecutionRole\"]");
	assert_role_prop(f, "Policies",
			 "[{\"PolicyName\": \"MSKExecutionRolePolicy\", \"PolicyDocument\": {\"Statement\": ["
			 "{\"Action\": [\"secretsmanager:GetSecretValue\"], \"Effect\": \"Allow\", \"Resource\": \"arn:ra\"},"
			 "{\"Action\": [\"glue:GetRegistry\"], \"Effect\": \"Allow\", \"Resource\":"
			 " \"arn:aws:glue:us-east-1:1:registry/reg\"},"
			 "{\"Action\": [\"glue:GetSchemaVersion\"], \"Effect\": \"Allow\", \"Resource\": [{\"Fn::Sub\":"
			 " \"arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:schema/reg/*\"}]},"
			 "{\"Action\": [\"secretsmanager:GetSecretValue\"], \"Effect\": \"Allow\", \"Resource\": \"arn:cert\"}]}}]");
}

static void msk_registry_sub_is_resolved_for_the_name(void **state)
{
	fixture *f = *state;
	assert_int_equal(run(f, &xf_event_msk, "Ev",
			     "{\"Stream\": \"arn:k\", \"StartingPosition\": \"LATEST\", \"SchemaRegistryConfig\": {"
			     "\"SchemaRegistryURI\": {\"Fn::Sub\": \"arn:${AWS::Partition}:glue:${AWS::Region}:1:registry/${Reg}\"},"
			     " \"EventRecordFormat\": \"JSON\", \"SchemaValidationConfigs\": []}}"),
			 XF_OK);
	assert_role_prop(f, "Policies",
			 "[{\"PolicyName\": \"MSKExecutionRolePolicy\", \"PolicyDocument\": {\"Statement\": ["
			 "{\"Action\": [\"glue:GetRegistry\"], \"Effect\": \"Allow\", \"Resource\": {\"Fn::Sub\":"
			 " \"arn:${AWS::Partition}:glue:${AWS::Region}:1:registry/${Reg}\"}},"
			 "{\"Action\": [\"glue:GetSchemaVersion\"], \"Effect\": \"Allow\", \"Resource\": [{\"Fn::Sub\":"
			 " \"arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:schema/my-registry/*\"}]}]}}]");
}

static void msk_registry_errors(void **state)
{
	fixture *f = *state;
	assert_int_equal(run(f, &xf_event_msk, "Ev",
			     "{\"Stream\": \"s\", \"StartingPosition\": \"LATEST\", \"SchemaRegistryConfig\":"
			     " {\"SchemaRegistryURI\": \"x\", \"SchemaValidationConfigs\": []}}"),
			 XF_FAIL);
	assert_error(f, XF_ERR_EVENT, "Ev", "Missing required field EventRecordFormat in SchemaRegistryConfig");
	assert_int_equal(run(f, &xf_event_msk, "Ev",
			     "{\"Stream\": \"s\", \"StartingPosition\": \"LATEST\", \"SchemaRegistryConfig\":"
			     " {\"SchemaRegistryURI\": \"x\", \"EventRecordFormat\": \"AVRO\", \"SchemaValidationConfigs\": []}}"),
			 XF_FAIL);
	assert_error(f, XF_ERR_EVENT, "Ev", "EventRecordFormat in SchemaRegistryConfig must be either 'JSON' or 'SOURCE'");
	assert_int_equal(run(f, &xf_event_msk, "Ev",
			     "{\"Stream\": \"s\", \"StartingPosition\": \"LATEST\", \"SchemaRegistryConfig\":"
			     " {\"SchemaRegistryURI\": \"x\", \"EventRecordFormat\": \"JSON\", \"SchemaValidationConfigs\": [],"
			     " \"AccessConfigs\": [{\"URI\": \"u\"}]}}"),
			 XF_FAIL);
	assert_error(f, XF_ERR_EVENT, "Ev", "Each AccessConfig must be a dict with 'Type' and 'URI' fields");
}

static void self_managed_kafka_policy(void **state)
{
	fixture *f = *state;
	assert_int_equal(run(f, &xf_event_self_managed_kafka, "Ev",
			     "{\"KafkaBootstrapServers\": [\"h:9092\"], \"Topics\": [\"t\"], \"ConsumerGroupId\": \"g\","
			     " \"SourceAccessConfigurations\": [{\"Type\": \"VPC_SUBNET\", \"URI\": \"subnet:1\"},"
			     " {\"Type\": \"VPC_SECURITY_GROUP\", \"URI\": {\"Ref\": \"SG\"}},"
			     " {\"Type\": \"SERVER_ROOT_CA_CERTIFICATE\", \"URI\": \"arn:ca\"}]}"),
			 XF_OK);
	assert_resource(f, "FnEv",
			"{\"Type\": \"AWS::Lambda::EventSourceMapping\", \"Condition\": \"C\", \"Properties\": {"
			"\"FunctionName\": {\"Ref\": \"Fn\"}, \"Topics\": [\"t\"],"
			"\"SourceAccessConfigurations\": [{\"Type\": \"VPC_SUBNET\", \"URI\": \"subnet:1\"},"
			" {\"Type\": \"VPC_SECURITY_GROUP\", \"URI\": {\"Ref\": \"SG\"}},"
			" {\"Type\": \"SERVER_ROOT_CA_CERTIFICATE\", \"URI\": \"arn:ca\"}],"
			"\"SelfManagedEventSource\": {\"Endpoints\": {\"KafkaBootstrapServers\": [\"h:9092\"]}},"
			"\"SelfManagedKafkaEventSourceConfig\": {\"ConsumerGroupId\": \"g\"}}}");
	/* the reference grants the auth mechanism's secret (None here) for the root CA */
	assert_role_prop(f, "Policies",
			 "[{\"PolicyName\": \"SelfManagedKafkaExecutionRolePolicy\", \"PolicyDocument\": {\"Statement\": ["
			 "{\"Action\": [\"secretsmanager:GetSecretValue\"], \"Effect\": \"Allow\", \"Resource\": null},"
			 "{\"Action\": [\"ec2:CreateNetworkInterface\", \"ec2:DescribeNetworkInterfaces\","
			 " \"ec2:DeleteNetworkInterface\", \"ec2:DescribeVpcs\", \"ec2:DescribeSubnets\","
			 " \"ec2:DescribeSecurityGroups\"], \"Effect\": \"Allow\", \"Resource\": \"*\"}],"
			 " \"Version\": \"2012-10-17\"}}]");
}

static void self_managed_kafka_errors(void **state)
{
	fixture *f = *state;
	assert_int_equal(run(f, &xf_event_self_managed_kafka, "Ev", "{\"Topics\": [\"t\"]}"), XF_FAIL);
	assert_error(f, XF_ERR_EVENT, "Ev", "No KafkaBootstrapServers provided for self managed kafka as an event source");
	assert_int_equal(run(f, &xf_event_self_managed_kafka, "Ev",
			     "{\"KafkaBootstrapServers\": [\"h\"], \"Topics\": [\"a\", \"b\"]}"),
			 XF_FAIL);
	assert_error(f, XF_ERR_EVENT, "Ev", "Topics for self managed kafka only supports single configuration entry.");
	assert_int_equal(run(f, &xf_event_self_managed_kafka, "Ev",
			     "{\"KafkaBootstrapServers\": [\"h\"], \"Topics\": [\"a\"], \"SourceAccessConfigurations\": [\"x\"]}"),
			 XF_FAIL);
	assert_error(f, XF_ERR_RESOURCE, "Ev", "Property 'SourceAccessConfigurations' should be a map.");
	assert_int_equal(run(f, &xf_event_self_managed_kafka, "Ev",
			     "{\"KafkaBootstrapServers\": [\"h\"], \"Topics\": [\"a\"], \"SourceAccessConfigurations\":"
			     " [{\"Type\": \"BASIC_AUTH\", \"URI\": \"a\"}, {\"Type\": \"SASL_SCRAM_256_AUTH\", \"URI\": \"b\"}]}"),
			 XF_FAIL);
	assert_error(f, XF_ERR_EVENT, "Ev",
		     "Multiple auth mechanism properties specified in SourceAccessConfigurations for self managed kafka event.");
	assert_int_equal(run(f, &xf_event_self_managed_kafka, "Ev",
			     "{\"KafkaBootstrapServers\": [\"h\"], \"Topics\": [\"a\"], \"SourceAccessConfigurations\":"
			     " [{\"Type\": \"VPC_SUBNET\", \"URI\": {\"Foo\": 1}}]}"),
			 XF_FAIL);
	assert_error(f, XF_ERR_EVENT, "Ev",
		     "Wrong Type for VPC_SUBNET URI property specified in SourceAccessConfigurations for self managed kafka event.");
	assert_int_equal(run(f, &xf_event_self_managed_kafka, "Ev",
			     "{\"KafkaBootstrapServers\": [\"h\"], \"Topics\": [\"a\"], \"SourceAccessConfigurations\":"
			     " [{\"Type\": \"VPC_SUBNET\", \"URI\": \"s\"}]}"),
			 XF_FAIL);
	assert_error(f, XF_ERR_EVENT, "Ev",
		     "VPC_SUBNET and VPC_SECURITY_GROUP in SourceAccessConfigurations for SelfManagedKafka must be both provided.");
}

/* ---- ScheduleV2 ---- */

static void schedule_v2_with_role_and_queue(void **state)
{
	fixture *f = *state;
	assert_int_equal(run(f, &xf_event_schedule_v2, "Ev",
			     "{\"ScheduleExpression\": \"rate(1 minute)\", \"State\": \"ENABLED\", \"Input\": \"{}\","
			     " \"PermissionsBoundary\": \"arn:pb\", \"RetryPolicy\": {\"MaximumRetryAttempts\": 1},"
			     " \"DeadLetterConfig\": {\"Type\": \"SQS\"}}"),
			 XF_OK);
	assert_resource(f, "FnEv",
			"{\"Type\": \"AWS::Scheduler::Schedule\", \"Condition\": \"C\", \"Properties\": {"
			"\"ScheduleExpression\": \"rate(1 minute)\", \"FlexibleTimeWindow\": {\"Mode\": \"OFF\"},"
			"\"Name\": \"FnEv\", \"State\": \"ENABLED\", \"Target\": {\"Arn\": {\"Fn::GetAtt\": [\"Fn\", \"Arn\"]},"
			"\"RoleArn\": {\"Fn::GetAtt\": [\"FnEvRole\", \"Arn\"]}, \"Input\": \"{}\","
			"\"DeadLetterConfig\": {\"Arn\": {\"Fn::GetAtt\": [\"FnEvQueue\", \"Arn\"]}},"
			"\"RetryPolicy\": {\"MaximumRetryAttempts\": 1}}}}");
	assert_resource(f, "FnEvQueue", "{\"Type\": \"AWS::SQS::Queue\", \"Condition\": \"C\", \"Properties\": {}}");
	assert_resource(f, "FnEvRole",
			"{\"Type\": \"AWS::IAM::Role\", \"Condition\": \"C\", \"Properties\": {"
			"\"AssumeRolePolicyDocument\": {\"Version\": \"2012-10-17\", \"Statement\": [{\"Action\":"
			" [\"sts:AssumeRole\"], \"Effect\": \"Allow\", \"Principal\": {\"Service\": [\"scheduler.amazonaws.com\"]}}]},"
			"\"Policies\": [{\"PolicyName\": \"FnEvLambdaPolicy\", \"PolicyDocument\": {\"Statement\": [{\"Action\":"
			" \"lambda:InvokeFunction\", \"Effect\": \"Allow\", \"Resource\": {\"Fn::GetAtt\": [\"Fn\", \"Arn\"]}}]}},"
			"{\"PolicyName\": \"FnEvSQSPolicy\", \"PolicyDocument\": {\"Statement\": [{\"Action\": \"sqs:SendMessage\","
			" \"Effect\": \"Allow\", \"Resource\": {\"Fn::GetAtt\": [\"FnEvQueue\", \"Arn\"]}}]}}],"
			"\"PermissionsBoundary\": \"arn:pb\"}}");
}

static void schedule_v2_omit_name_role_arn_and_alias(void **state)
{
	fixture *f = *state;
	f->fn.alias_id = "FnAliaslive";
	assert_int_equal(run(f, &xf_event_schedule_v2, "Ev",
			     "{\"ScheduleExpression\": \"rate(1 minute)\", \"OmitName\": true, \"State\": \"\","
			     " \"FlexibleTimeWindow\": {\"Mode\": \"FLEXIBLE\"}, \"RoleArn\": \"arn:role\","
			     " \"DeadLetterConfig\": {\"Arn\": \"arn:dlq\"}}"),
			 XF_OK);
	assert_resource(f, "FnEv",
			"{\"Type\": \"AWS::Scheduler::Schedule\", \"Condition\": \"C\", \"Properties\": {"
			"\"ScheduleExpression\": \"rate(1 minute)\", \"FlexibleTimeWindow\": {\"Mode\": \"FLEXIBLE\"},"
			"\"Target\": {\"Arn\": {\"Ref\": \"FnAliaslive\"}, \"RoleArn\": \"arn:role\","
			"\"DeadLetterConfig\": {\"Arn\": \"arn:dlq\"}}}}");
	assert_null(xf_resource(&f->x, "FnEvRole"));
	assert_null(xf_resource(&f->x, "FnEvQueue"));
}

static void schedule_v2_named_queue(void **state)
{
	fixture *f = *state;
	assert_int_equal(run(f, &xf_event_schedule_v2, "Ev",
			     "{\"ScheduleExpression\": \"rate(1 minute)\", \"Name\": \"n\","
			     " \"DeadLetterConfig\": {\"Type\": \"SQS\", \"QueueLogicalId\": \"MyDlq\"}}"),
			 XF_OK);
	assert_non_null(xf_resource(&f->x, "MyDlq"));
	assert_json(xf_get(xf_get(xf_resource(&f->x, "FnEv"), "Properties"), "Name"), "\"n\"");
}

static void schedule_v2_errors(void **state)
{
	fixture *f = *state;
	assert_int_equal(run(f, &xf_event_schedule_v2, "Ev",
			     "{\"ScheduleExpression\": \"r\", \"OmitName\": true, \"Name\": \"n\"}"),
			 XF_FAIL);
	assert_error(f, XF_ERR_EVENT, "FnEv", "Name cannot be set when OmitName is True");
	assert_int_equal(run(f, &xf_event_schedule_v2, "Ev",
			     "{\"ScheduleExpression\": \"r\", \"DeadLetterConfig\": {\"Type\": \"SQS\", \"Arn\": \"a\"}}"),
			 XF_FAIL);
	assert_error(f, XF_ERR_EVENT, "FnEv", "You can either define 'Arn' or 'Type' property of DeadLetterConfig.");
	assert_int_equal(run(f, &xf_event_schedule_v2, "Ev",
			     "{\"ScheduleExpression\": \"r\", \"DeadLetterConfig\": {\"Type\": \"SNS\"}}"),
			 XF_FAIL);
	assert_error(f, XF_ERR_EVENT, "FnEv", "The only valid value for 'Type' property of DeadLetterConfig is 'SQS'.");
	assert_int_equal(run(f, &xf_event_schedule_v2, "Ev", "{\"ScheduleExpression\": \"r\", \"DeadLetterConfig\": {}}"),
			 XF_FAIL);
	assert_error(f, XF_ERR_EVENT, "FnEv", "No 'Arn' or 'Type' property provided for DeadLetterConfig.");
	assert_int_equal(run(f, &xf_event_schedule_v2, "Ev",
			     "{\"ScheduleExpression\": \"r\", \"DeadLetterConfig\": {\"Type\": \"SQS\", \"QueueLogicalId\": 1}}"),
			 XF_FAIL);
	assert_error(f, XF_ERR_EVENT, "FnEv", "QueueLogicalId must be a string");
	assert_int_equal(run(f, &xf_event_schedule_v2, "Ev",
			     "{\"ScheduleExpression\": \"r\", \"OmitName\": {\"Ref\": \"P\"}}"),
			 XF_FAIL);
	assert_error(f, XF_ERR_RESOURCE, "FnEv", "Type of property 'OmitName' is invalid.");
	assert_null(xf_resource(&f->x, "FnEv"));
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(kinesis_mapping_and_managed_policy),
		T(managed_policy_uses_the_session_partition),
		T(alias_is_the_target),
		T(destination_type_becomes_a_policy_and_is_removed),
		T(kafka_and_untyped_destinations_add_no_policy),
		T(destination_errors),
		T(filter_criteria_and_consumer_group_errors),
		T(property_validation_follows_declaration_order),
		T(mq_policies),
		T(source_access_errors),
		T(documentdb_mapping_and_policy),
		T(user_role_gets_nothing_but_is_still_validated),
		T(msk_schema_registry_and_certificates),
		T(msk_registry_sub_is_resolved_for_the_name),
		T(msk_registry_errors),
		T(self_managed_kafka_policy),
		T(self_managed_kafka_errors),
		T(schedule_v2_with_role_and_queue),
		T(schedule_v2_omit_name_role_arn_and_alias),
		T(schedule_v2_named_queue),
		T(schedule_v2_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
