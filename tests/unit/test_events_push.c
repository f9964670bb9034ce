/* test_events_push.c — the push event sources of a function (Schedule, CloudWatchEvent,
 * EventBridgeRule, S3, SNS, AlexaSkill, IoTRule, Cognito, CloudWatchLogs) on a hand-built context. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "transform/events/push.h"
#include "transform/events/push_common.h"
#include "util/buf.h"

typedef struct fixture {
	xf x;
	cJSON *sam, *attrs, *role;
	xf_fn fn;
	cJSON *ev_dict;
	xf_event ev;
} fixture;

static cJSON *parse(const char *json)
{
	cJSON *v = cJSON_Parse(json);
	assert_non_null(v);
	return v;
}

/* A context whose input template holds `resources_json`, a function "Fn" with `attrs_json`. */
static void setup(fixture *f, const char *resources_json, const char *attrs_json)
{
	memset(f, 0, sizeof(*f));
	f->x.region = "us-east-1";
	f->x.partition = "aws";
	f->x.tpl = cJSON_CreateObject();
	f->x.resources = parse(resources_json);
	cJSON_AddItemToObject(f->x.tpl, "Resources", f->x.resources);
	assert_int_equal(xf_index_members(&f->x.res_index, f->x.resources), XF_OK);
	assert_int_equal(xf_take_input_snapshot(&f->x), XF_OK);
	f->x.params = cJSON_CreateObject();
	f->sam = parse("{\"Type\": \"AWS::Serverless::Function\"}");
	f->attrs = parse(attrs_json ? attrs_json : "{}");
	f->role = parse("{\"Type\": \"AWS::IAM::Role\", \"Properties\": {\"ManagedPolicyArns\": "
			"[\"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\"]}}");
	f->fn.id = "Fn";
	f->fn.sam = f->sam;
	f->fn.attrs = f->attrs;
	f->fn.role = f->role;
}

static void teardown(fixture *f)
{
	xf_context_release(&f->x);
	cJSON_Delete(f->sam);
	cJSON_Delete(f->attrs);
	cJSON_Delete(f->role);
	cJSON_Delete(f->ev_dict);
	free(f->ev.logical_id);
	free(f->ev.linked_id);
}

/* Validates, links and expands event "Ev" of type t with the given Properties. */
static int run(fixture *f, const xf_event_type *t, const char *props_json)
{
	cJSON_Delete(f->ev_dict);
	free(f->ev.logical_id);
	free(f->ev.linked_id);
	memset(&f->ev, 0, sizeof(f->ev));
	f->ev_dict = cJSON_CreateObject();
	cJSON_AddStringToObject(f->ev_dict, "Type", t->name);
	cJSON_AddItemToObject(f->ev_dict, "Properties", parse(props_json));
	f->ev.logical_id = samc_strfmt("%s%s", f->fn.id, "Ev");
	f->ev.relative_id = "Ev";
	f->ev.dict = f->ev_dict;
	f->ev.props = xf_get(f->ev_dict, "Properties");
	f->ev.type = t;
	int rc = xf_validate_props(&f->x, f->ev.logical_id, t->name, f->ev.props, t->props);
	if (!rc && t->link)
		rc = t->link(&f->x, &f->fn, &f->ev);
	if (!rc)
		rc = t->expand(&f->x, &f->fn, &f->ev);
	return rc;
}

static const cJSON *res(fixture *f, const char *id)
{
	return cJSON_GetObjectItemCaseSensitive(f->x.resources, id);
}

static const cJSON *prop(fixture *f, const char *id, const char *name)
{
	return xf_get(xf_get(res(f, id), "Properties"), name);
}

static void assert_json(const cJSON *v, const char *expected)
{
	cJSON *e = parse(expected);
	if (!xf_equal(v, e)) {
		char *got = v ? cJSON_PrintUnformatted(v) : NULL;
		print_error("expected %s\n     got %s\n", expected, got ? got : "(null)");
		free(got);
		cJSON_Delete(e);
		fail();
	}
	cJSON_Delete(e);
}

static void assert_error(fixture *f, xf_err_kind kind, const char *id, const char *message)
{
	assert_int_equal(f->x.pending.kind, kind);
	assert_string_equal(f->x.pending.id, id);
	assert_string_equal(f->x.pending.message, message);
}

/* ---- Schedule ---- */

static void schedule_rule_and_permission(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "{}", NULL);
	assert_int_equal(run(&f, &xf_event_schedule,
			     "{\"Schedule\": \"rate(5 minutes)\", \"Enabled\": false, \"Name\": \"nightly\", "
			     "\"Input\": \"{}\", \"RetryPolicy\": {\"MaximumRetryAttempts\": 2}}"),
			 XF_OK);
	assert_json(res(&f, "FnEv"),
		    "{\"Type\": \"AWS::Events::Rule\", \"Properties\": {\"Name\": \"nightly\", "
		    "\"ScheduleExpression\": \"rate(5 minutes)\", \"State\": \"DISABLED\", \"Targets\": [{\"Arn\": "
		    "{\"Fn::GetAtt\": [\"Fn\", \"Arn\"]}, \"Id\": \"FnEvLambdaTarget\", \"Input\": \"{}\", "
		    "\"RetryPolicy\": {\"MaximumRetryAttempts\": 2}}]}}");
	assert_json(res(&f, "FnEvPermission"),
		    "{\"Type\": \"AWS::Lambda::Permission\", \"Properties\": {\"Action\": \"lambda:InvokeFunction\", "
		    "\"FunctionName\": {\"Ref\": \"Fn\"}, \"Principal\": \"events.amazonaws.com\", "
		    "\"SourceArn\": {\"Fn::GetAtt\": [\"FnEv\", \"Arn\"]}}}");
	assert_int_equal(cJSON_GetArraySize(f.x.resources), 2);
	teardown(&f);
}

static void schedule_state_with_enabled_fails(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "{}", NULL);
	assert_int_equal(run(&f, &xf_event_schedule,
			     "{\"Schedule\": \"rate(1 day)\", \"State\": \"ENABLED\", \"Enabled\": true}"),
			 XF_FAIL);
	assert_error(&f, XF_ERR_EVENT, "Ev", "State and Enabled Properties cannot both be specified.");
	assert_null(res(&f, "FnEv"));
	teardown(&f);
}

static void schedule_generated_dead_letter_queue(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "{}", "{\"Condition\": \"IsProd\", \"DeletionPolicy\": \"Retain\"}");
	assert_int_equal(run(&f, &xf_event_schedule,
			     "{\"Schedule\": \"rate(1 day)\", \"State\": \"ENABLED\", "
			     "\"DeadLetterConfig\": {\"Type\": \"SQS\"}}"),
			 XF_OK);
	assert_json(res(&f, "FnEvQueue"),
		    "{\"Type\": \"AWS::SQS::Queue\", \"Condition\": \"IsProd\", \"DeletionPolicy\": \"Retain\", "
		    "\"Properties\": {}}");
	assert_json(prop(&f, "FnEvQueuePolicy", "Queues"), "[{\"Ref\": \"FnEvQueue\"}]");
	assert_json(prop(&f, "FnEvQueuePolicy", "PolicyDocument"),
		    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Action\": \"sqs:SendMessage\", \"Effect\": "
		    "\"Allow\", \"Principal\": {\"Service\": \"events.amazonaws.com\"}, \"Resource\": {\"Fn::GetAtt\": "
		    "[\"FnEvQueue\", \"Arn\"]}, \"Condition\": {\"ArnEquals\": {\"aws:SourceArn\": {\"Fn::GetAtt\": "
		    "[\"FnEv\", \"Arn\"]}}}}]}");
	assert_json(xf_get(prop(&f, "FnEv", "Targets")->child, "DeadLetterConfig"),
		    "{\"Arn\": {\"Fn::GetAtt\": [\"FnEvQueue\", \"Arn\"]}}");
	assert_json(prop(&f, "FnEv", "State"), "\"ENABLED\"");
	assert_string_equal(xf_get_str(res(&f, "FnEvPermission"), "Condition"), "IsProd");
	assert_string_equal(xf_get_str(res(&f, "FnEvQueuePolicy"), "DeletionPolicy"), "Retain");
	teardown(&f);
}

static void schedule_named_queue_and_bad_ids(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "{}", NULL);
	assert_int_equal(run(&f, &xf_event_schedule,
			     "{\"Schedule\": \"rate(1 day)\", \"DeadLetterConfig\": {\"Type\": \"SQS\", "
			     "\"QueueLogicalId\": \"MyDlq\"}}"),
			 XF_OK);
	assert_non_null(res(&f, "MyDlq"));
	assert_json(prop(&f, "FnEvQueuePolicy", "Queues"), "[{\"Ref\": \"MyDlq\"}]");
	assert_int_equal(run(&f, &xf_event_schedule,
			     "{\"Schedule\": \"rate(1 day)\", \"DeadLetterConfig\": {\"Type\": \"SQS\", "
			     "\"QueueLogicalId\": \"my-dlq\"}}"),
			 XF_FAIL);
	assert_error(&f, XF_ERR_RESOURCE, "my-dlq", "Logical ids must be alphanumeric.");
	xf_pending_clear(&f.x.pending);
	assert_int_equal(run(&f, &xf_event_schedule,
			     "{\"Schedule\": \"rate(1 day)\", \"DeadLetterConfig\": {\"Type\": \"SQS\", "
			     "\"QueueLogicalId\": 7}}"),
			 XF_FAIL);
	assert_error(&f, XF_ERR_EVENT, "FnEv", "QueueLogicalId must be a string");
	teardown(&f);
}

static void dead_letter_config_errors(void **state)
{
	(void)state;
	static const struct {
		const char *config, *message;
	} cases[] = {
		{"{\"Arn\": \"arn:q\", \"Type\": \"SQS\"}", "You can either define 'Arn' or 'Type' property of DeadLetterConfig."},
		{"{\"Type\": \"SNS\"}", "The only valid value for 'Type' property of DeadLetterConfig is 'SQS'."},
		{"{\"QueueLogicalId\": \"Q\"}", "No 'Arn' or 'Type' property provided for DeadLetterConfig."},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fixture f;
		setup(&f, "{}", NULL);
		char *props = samc_strfmt("{\"Pattern\": {\"source\": [\"aws.ec2\"]}, \"DeadLetterConfig\": %s}",
					  cases[i].config);
		assert_int_equal(run(&f, &xf_event_cloudwatch_event, props), XF_FAIL);
		assert_error(&f, XF_ERR_EVENT, "FnEv", cases[i].message);
		free(props);
		teardown(&f);
	}
}

static void long_target_id_is_cut_to_64(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "{}", NULL);
	f.fn.id = "AVeryLongFunctionNameThatKeepsGoingAndGoingForeverAndEver";
	assert_int_equal(run(&f, &xf_event_schedule, "{\"Schedule\": \"rate(1 day)\"}"), XF_OK);
	const char *id = xf_get_str(prop(&f, "AVeryLongFunctionNameThatKeepsGoingAndGoingForeverAndEverEv",
					 "Targets")->child, "Id");
	assert_int_equal(strlen(id), 64);
	assert_string_equal(id, "AVeryLongFunctionNameThatKeepsGoingAndGoingForeverAnLambdaTarget");
	teardown(&f);
}

/* ---- CloudWatchEvent / EventBridgeRule ---- */

static void eventbridge_rule_with_alias_and_target_id(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "{}", NULL);
	f.fn.alias_id = "FnAliaslive";
	assert_int_equal(run(&f, &xf_event_eventbridge_rule,
			     "{\"Pattern\": {\"detail-type\": [\"x\"]}, \"EventBusName\": \"bus\", \"RuleName\": "
			     "\"r1\", \"Target\": {\"Id\": \"Custom\"}, \"InputPath\": \"$.detail\", "
			     "\"InputTransformer\": {\"InputTemplate\": \"t\"}, \"DeadLetterConfig\": {\"Arn\": \"arn:q\"}}"),
			 XF_OK);
	assert_json(xf_get(res(&f, "FnEv"), "Properties"),
		    "{\"EventBusName\": \"bus\", \"EventPattern\": {\"detail-type\": [\"x\"]}, \"Name\": \"r1\", "
		    "\"Targets\": [{\"Arn\": {\"Ref\": \"FnAliaslive\"}, \"Id\": \"Custom\", \"InputPath\": "
		    "\"$.detail\", \"DeadLetterConfig\": {\"Arn\": \"arn:q\"}, \"InputTransformer\": "
		    "{\"InputTemplate\": \"t\"}}]}");
	assert_json(prop(&f, "FnEvPermission", "FunctionName"), "{\"Ref\": \"FnAliaslive\"}");
	assert_null(res(&f, "FnEvQueue"));
	teardown(&f);
}

static void cloudwatch_event_checks_dead_letter_before_state(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "{}", NULL);
	assert_int_equal(run(&f, &xf_event_cloudwatch_event,
			     "{\"State\": \"ENABLED\", \"Enabled\": false, \"DeadLetterConfig\": {}}"),
			 XF_FAIL);
	assert_error(&f, XF_ERR_EVENT, "FnEv", "No 'Arn' or 'Type' property provided for DeadLetterConfig.");
	teardown(&f);
}

/* ---- S3 ---- */

static void s3_bucket_gets_notification_and_depends_on(void **state)
{
	(void)state;
	fixture f;
	setup(&f,
	      "{\"Images\": {\"Type\": \"AWS::S3::Bucket\", \"DependsOn\": \"Other\", \"Metadata\": {\"m\": 1}, "
	      "\"Properties\": {\"BucketName\": \"b\"}}}",
	      NULL);
	assert_int_equal(run(&f, &xf_event_s3,
			     "{\"Bucket\": {\"Ref\": \"Images\"}, \"Events\": [\"s3:ObjectCreated:*\", "
			     "\"s3:ObjectRemoved:*\"], \"Filter\": {\"S3Key\": {\"Rules\": [{\"Name\": \"suffix\", "
			     "\"Value\": \".jpg\"}]}}}"),
			 XF_OK);
	assert_json(res(&f, "FnEvPermission"),
		    "{\"Type\": \"AWS::Lambda::Permission\", \"Properties\": {\"Action\": \"lambda:InvokeFunction\", "
		    "\"FunctionName\": {\"Ref\": \"Fn\"}, \"Principal\": \"s3.amazonaws.com\", "
		    "\"SourceAccount\": {\"Ref\": \"AWS::AccountId\"}}}");
	assert_json(res(&f, "Images"),
		    "{\"Type\": \"AWS::S3::Bucket\", \"DependsOn\": [\"Other\", \"FnEvPermission\"], \"Metadata\": "
		    "{\"m\": 1}, \"Properties\": {\"BucketName\": \"b\", \"NotificationConfiguration\": "
		    "{\"LambdaConfigurations\": [{\"Function\": {\"Fn::GetAtt\": [\"Fn\", \"Arn\"]}, \"Filter\": "
		    "{\"S3Key\": {\"Rules\": [{\"Name\": \"suffix\", \"Value\": \".jpg\"}]}}, \"Event\": "
		    "\"s3:ObjectCreated:*\"}, {\"Function\": {\"Fn::GetAtt\": [\"Fn\", \"Arn\"]}, \"Filter\": "
		    "{\"S3Key\": {\"Rules\": [{\"Name\": \"suffix\", \"Value\": \".jpg\"}]}}, \"Event\": "
		    "\"s3:ObjectRemoved:*\"}]}}}");
	teardown(&f);
}

static void s3_second_event_accumulates(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "{\"B\": {\"Type\": \"AWS::S3::Bucket\"}}", NULL);
	assert_int_equal(run(&f, &xf_event_s3, "{\"Bucket\": {\"Ref\": \"B\"}, \"Events\": \"s3:ObjectCreated:*\"}"),
			 XF_OK);
	f.fn.id = "Other";
	assert_int_equal(run(&f, &xf_event_s3, "{\"Bucket\": {\"Ref\": \"B\"}, \"Events\": \"s3:ObjectCreated:*\"}"),
			 XF_OK);
	assert_json(xf_get(res(&f, "B"), "DependsOn"), "[\"FnEvPermission\", \"OtherEvPermission\"]");
	assert_int_equal(cJSON_GetArraySize(xf_get(prop(&f, "B", "NotificationConfiguration"),
						   "LambdaConfigurations")),
			 2);
	teardown(&f);
}

static void s3_conditional_function_uses_tag(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "{\"B\": {\"Type\": \"AWS::S3::Bucket\", \"Properties\": {\"Tags\": [{\"Key\": \"k\", \"Value\": \"v\"}]}}}",
	      "{\"Condition\": \"C\"}");
	assert_int_equal(run(&f, &xf_event_s3, "{\"Bucket\": {\"Ref\": \"B\"}, \"Events\": \"s3:ObjectCreated:*\"}"),
			 XF_OK);
	assert_null(xf_get(res(&f, "B"), "DependsOn"));
	assert_null(xf_get(res(&f, "B"), "Condition"));
	assert_json(prop(&f, "B", "Tags"),
		    "[{\"Key\": \"k\", \"Value\": \"v\"}, {\"Key\": \"sam:ConditionalDependsOn:FnEvPermission\", "
		    "\"Value\": {\"Fn::If\": [\"C\", {\"Ref\": \"FnEvPermission\"}, \"no dependency\"]}}]");
	assert_json(prop(&f, "B", "NotificationConfiguration"),
		    "{\"LambdaConfigurations\": [{\"Fn::If\": [\"C\", {\"Function\": {\"Fn::GetAtt\": [\"Fn\", "
		    "\"Arn\"]}, \"Event\": \"s3:ObjectCreated:*\"}, {\"Ref\": \"AWS::NoValue\"}]}]}");
	assert_string_equal(xf_get_str(res(&f, "FnEvPermission"), "Condition"), "C");
	teardown(&f);
}

static void s3_errors(void **state)
{
	(void)state;
	static const struct {
		const char *resources, *props;
		xf_err_kind kind;
		const char *id, *message;
	} cases[] = {
		{"{}", "{\"Bucket\": \"name\", \"Events\": \"e\"}", XF_ERR_EVENT, "Ev",
		 "S3 events must reference an S3 bucket in the same template."},
		{"{}", "{\"Bucket\": {\"Ref\": [\"B\"]}, \"Events\": \"e\"}", XF_ERR_EVENT, "Ev",
		 "'Ref' value in S3 events is not a valid string."},
		{"{\"B\": {\"Type\": \"AWS::S3::Bucket\"}}", "{\"Bucket\": {\"Ref\": \"B\"}, \"Events\": {\"Ref\": \"E\"}}",
		 XF_ERR_RESOURCE, "FnEv", "Type of property 'Events' is invalid."},
		{"{\"B\": {\"Type\": \"AWS::S3::Bucket\"}}", "{\"Bucket\": {\"Ref\": \"B\"}, \"Events\": [\"a\", 1]}",
		 XF_ERR_RESOURCE, "FnEv", "Type of property 'Events' is invalid."},
		{"{\"B\": {\"Type\": \"AWS::S3::Bucket\"}}",
		 "{\"Bucket\": {\"Ref\": \"B\"}, \"Events\": \"e\", \"Filter\": {\"a\": {}, \"b\": \"x\"}}",
		 XF_ERR_RESOURCE, "FnEv", "Type of property 'Filter' is invalid."},
		{"{\"B\": {\"Type\": \"AWS::S3::Bucket\", \"Properties\": {\"Color\": \"red\"}}}",
		 "{\"Bucket\": {\"Ref\": \"B\"}, \"Events\": \"e\"}", XF_ERR_RESOURCE, "B",
		 "property Color not defined for resource of type AWS::S3::Bucket"},
		{"{\"B\": {\"Type\": \"AWS::S3::Bucket\", \"Properties\": \"text\"}}",
		 "{\"Bucket\": {\"Ref\": \"B\"}, \"Events\": \"e\"}", XF_ERR_RESOURCE, "B", "Properties should be a map."},
		{"{\"B\": {\"Type\": \"AWS::S3::Bucket\", \"Properties\": {\"NotificationConfiguration\": []}}}",
		 "{\"Bucket\": {\"Ref\": \"B\"}, \"Events\": \"e\"}", XF_ERR_RESOURCE, "B",
		 "Property 'NotificationConfiguration' should be a map."},
		{"{\"B\": {\"Type\": \"AWS::S3::Bucket\", \"Properties\": {\"NotificationConfiguration\": "
		 "{\"LambdaConfigurations\": {}}}}}",
		 "{\"Bucket\": {\"Ref\": \"B\"}, \"Events\": \"e\"}", XF_ERR_RESOURCE, "B",
		 "Invalid type for LambdaConfigurations. Must be a list."},
		{"{\"B\": {\"Type\": \"AWS::S3::Bucket\", \"DependsOn\": 5}}", "{\"Bucket\": {\"Ref\": \"B\"}, \"Events\": \"e\"}",
		 XF_ERR_RESOURCE, "FnEv", "Invalid type for field 'DependsOn'. Expected a string or list of strings."},
		{"{\"B\": {\"Type\": \"AWS::SNS::Topic\"}}", "{\"Bucket\": {\"Ref\": \"B\"}, \"Events\": \"e\"}",
		 XF_ERR_RESOURCE, "B", "Resource has incorrect Type; expected 'AWS::S3::Bucket', got 'AWS::SNS::Topic'"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fixture f;
		setup(&f, cases[i].resources, NULL);
		assert_int_equal(run(&f, &xf_event_s3, cases[i].props), XF_FAIL);
		assert_error(&f, cases[i].kind, cases[i].id, cases[i].message);
		teardown(&f);
	}
}

static void s3_conditional_tags_must_be_a_list(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "{\"B\": {\"Type\": \"AWS::S3::Bucket\", \"Properties\": {\"Tags\": {\"a\": \"b\"}}}}",
	      "{\"Condition\": \"C\"}");
	assert_int_equal(run(&f, &xf_event_s3, "{\"Bucket\": {\"Ref\": \"B\"}, \"Events\": \"e\"}"), XF_FAIL);
	assert_error(&f, XF_ERR_RESOURCE, "B", "Property 'Tags' should be a list.");
	teardown(&f);
}

/* ---- SNS ---- */

static void sns_direct_subscription(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "{}", NULL);
	assert_int_equal(run(&f, &xf_event_sns,
			     "{\"Topic\": \"arn:aws:sns:us-east-1:1:t\", \"Region\": \"us-west-2\", \"FilterPolicy\": "
			     "{\"a\": [\"b\"]}, \"RedrivePolicy\": {\"deadLetterTargetArn\": \"arn:q\"}, "
			     "\"SqsSubscription\": false}"),
			 XF_OK);
	assert_json(prop(&f, "FnEvPermission", "SourceArn"), "\"arn:aws:sns:us-east-1:1:t\"");
	assert_json(prop(&f, "FnEvPermission", "Principal"), "\"sns.amazonaws.com\"");
	assert_json(xf_get(res(&f, "FnEv"), "Properties"),
		    "{\"Endpoint\": {\"Fn::GetAtt\": [\"Fn\", \"Arn\"]}, \"Protocol\": \"lambda\", \"TopicArn\": "
		    "\"arn:aws:sns:us-east-1:1:t\", \"Region\": \"us-west-2\", \"FilterPolicy\": {\"a\": [\"b\"]}, "
		    "\"RedrivePolicy\": {\"deadLetterTargetArn\": \"arn:q\"}}");
	teardown(&f);
}

static void sns_new_queue(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "{\"T\": {\"Type\": \"AWS::SNS::Topic\", \"Properties\": {\"FifoTopic\": {\"Ref\": \"Fifo\"}}}}",
	      "{\"Condition\": \"C\"}");
	cJSON_AddStringToObject(f.x.params, "Fifo", "true");
	assert_int_equal(run(&f, &xf_event_sns, "{\"Topic\": {\"Ref\": \"T\"}, \"SqsSubscription\": true}"), XF_OK);
	assert_null(res(&f, "FnEvPermission"));
	assert_json(res(&f, "FnEvQueue"),
		    "{\"Type\": \"AWS::SQS::Queue\", \"Condition\": \"C\", \"Properties\": {\"FifoQueue\": \"true\"}}");
	assert_json(xf_get(res(&f, "FnEvEventSourceMapping"), "Properties"),
		    "{\"BatchSize\": 10, \"Enabled\": true, \"EventSourceArn\": {\"Fn::GetAtt\": [\"FnEvQueue\", "
		    "\"Arn\"]}, \"FunctionName\": {\"Ref\": \"Fn\"}}");
	assert_json(prop(&f, "FnEvQueuePolicy", "PolicyDocument"),
		    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Action\": \"sqs:SendMessage\", \"Effect\": "
		    "\"Allow\", \"Principal\": \"*\", \"Resource\": {\"Fn::GetAtt\": [\"FnEvQueue\", \"Arn\"]}, "
		    "\"Condition\": {\"ArnEquals\": {\"aws:SourceArn\": {\"Ref\": \"T\"}}}}]}");
	assert_json(prop(&f, "FnEv", "Protocol"), "\"sqs\"");
	assert_json(prop(&f, "FnEv", "Endpoint"), "{\"Fn::GetAtt\": [\"FnEvQueue\", \"Arn\"]}");
	assert_json(xf_get(xf_get(f.role, "Properties"), "ManagedPolicyArns"),
		    "[\"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\", "
		    "\"arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole\"]");
	teardown(&f);
}

static void sns_existing_queue(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "{}", NULL);
	f.fn.role = NULL;
	assert_int_equal(run(&f, &xf_event_sns,
			     "{\"Topic\": \"arn:t\", \"SqsSubscription\": {\"QueueArn\": \"arn:q\", \"QueueUrl\": "
			     "\"https://q\", \"QueuePolicyLogicalId\": \"MyPolicy\", \"BatchSize\": 5, \"Enabled\": false}}"),
			 XF_OK);
	assert_json(xf_get(res(&f, "FnEvEventSourceMapping"), "Properties"),
		    "{\"BatchSize\": 5, \"Enabled\": true, \"EventSourceArn\": \"arn:q\", \"FunctionName\": "
		    "{\"Ref\": \"Fn\"}}");
	assert_json(prop(&f, "MyPolicy", "Queues"), "[\"https://q\"]");
	assert_null(res(&f, "FnEvQueue"));
	assert_null(res(&f, "FnEvQueuePolicy"));
	assert_int_equal(run(&f, &xf_event_sns, "{\"Topic\": \"arn:t\", \"SqsSubscription\": {\"QueueArn\": \"arn:q\"}}"),
			 XF_FAIL);
	assert_error(&f, XF_ERR_EVENT, "Ev", "No QueueARN or QueueURL provided.");
	teardown(&f);
}

static void sns_property_order(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "{}", NULL);
	assert_int_equal(run(&f, &xf_event_sns, "{\"Topic\": \"t\", \"SqsSubscription\": 3, \"RedrivePolicy\": 1}"),
			 XF_FAIL);
	assert_error(&f, XF_ERR_RESOURCE, "FnEv", "Type of property 'SqsSubscription' is invalid.");
	xf_pending_clear(&f.x.pending);
	assert_int_equal(run(&f, &xf_event_sns, "{\"Topic\": \"t\", \"RedrivePolicy\": 1}"), XF_FAIL);
	assert_error(&f, XF_ERR_RESOURCE, "FnEv", "Property 'RedrivePolicy' should be a map.");
	teardown(&f);
}

/* ---- AlexaSkill, IoTRule, CloudWatchLogs ---- */

static void alexa_skill_permission(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "{}", NULL);
	assert_int_equal(run(&f, &xf_event_alexa_skill, "{\"SkillId\": \"amzn1.ask.skill.1\"}"), XF_OK);
	assert_json(xf_get(res(&f, "FnEvPermission"), "Properties"),
		    "{\"Action\": \"lambda:InvokeFunction\", \"FunctionName\": {\"Ref\": \"Fn\"}, \"Principal\": "
		    "\"alexa-appkit.amazon.com\", \"EventSourceToken\": \"amzn1.ask.skill.1\"}");
	assert_int_equal(run(&f, &xf_event_alexa_skill, "{}"), XF_OK);
	assert_null(prop(&f, "FnEvPermission", "EventSourceToken"));
	teardown(&f);
}

static void iot_rule_and_permission(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "{}", NULL);
	f.x.region = "cn-north-1";
	f.x.partition = "aws-cn";
	assert_int_equal(run(&f, &xf_event_iot_rule,
			     "{\"Sql\": \"SELECT * FROM 'topic'\", \"AwsIotSqlVersion\": \"2016-03-23\"}"),
			 XF_OK);
	assert_json(xf_get(res(&f, "FnEvPermission"), "Properties"),
		    "{\"Action\": \"lambda:InvokeFunction\", \"FunctionName\": {\"Ref\": \"Fn\"}, \"Principal\": "
		    "\"iot.amazonaws.com\", \"SourceAccount\": {\"Fn::Sub\": \"${AWS::AccountId}\"}, \"SourceArn\": "
		    "{\"Fn::Sub\": [\"arn:aws-cn:iot:${AWS::Region}:${AWS::AccountId}:rule/${RuleName}\", "
		    "{\"RuleName\": {\"Ref\": \"FnEv\"}}]}}");
	assert_json(res(&f, "FnEv"),
		    "{\"Type\": \"AWS::IoT::TopicRule\", \"Properties\": {\"TopicRulePayload\": {\"Sql\": "
		    "\"SELECT * FROM 'topic'\", \"RuleDisabled\": false, \"Actions\": [{\"Lambda\": {\"FunctionArn\": "
		    "{\"Fn::GetAtt\": [\"Fn\", \"Arn\"]}}}], \"AwsIotSqlVersion\": \"2016-03-23\"}}}");
	teardown(&f);
}

static void cloudwatch_logs_filter_depends_on_permission(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "{}", "{\"UpdateReplacePolicy\": \"Retain\"}");
	assert_int_equal(run(&f, &xf_event_cloudwatch_logs, "{\"LogGroupName\": {\"Ref\": \"G\"}, \"FilterPattern\": \"ERROR\"}"),
			 XF_OK);
	assert_json(res(&f, "FnEv"),
		    "{\"Type\": \"AWS::Logs::SubscriptionFilter\", \"DependsOn\": [\"FnEvPermission\"], "
		    "\"UpdateReplacePolicy\": \"Retain\", \"Properties\": {\"LogGroupName\": {\"Ref\": \"G\"}, "
		    "\"FilterPattern\": \"ERROR\", \"DestinationArn\": {\"Fn::GetAtt\": [\"Fn\", \"Arn\"]}}}");
	assert_json(prop(&f, "FnEvPermission", "SourceArn"),
		    "{\"Fn::Sub\": [\"arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:${__LogGroupName__}:*\", "
		    "{\"__LogGroupName__\": {\"Ref\": \"G\"}}]}");
	assert_int_equal(run(&f, &xf_event_cloudwatch_logs, "{\"LogGroupName\": \"g\"}"), XF_FAIL);
	assert_error(&f, XF_ERR_RESOURCE, "FnEv", "Missing required property 'FilterPattern'.");
	teardown(&f);
}

/* ---- Cognito ---- */

static void cognito_user_pool_triggers(void **state)
{
	(void)state;
	fixture f;
	setup(&f, "{\"Pool\": {\"Type\": \"AWS::Cognito::UserPool\", \"Properties\": {\"UserPoolName\": \"p\"}}}", NULL);
	f.fn.alias_id = "FnAliaslive";
	assert_int_equal(run(&f, &xf_event_cognito,
			     "{\"UserPool\": {\"Ref\": \"Pool\"}, \"Trigger\": [\"PreSignUp\", \"PostConfirmation\"]}"),
			 XF_OK);
	assert_json(res(&f, "FnAliasliveCognitoPermission"),
		    "{\"Type\": \"AWS::Lambda::Permission\", \"Properties\": {\"Action\": \"lambda:InvokeFunction\", "
		    "\"FunctionName\": {\"Ref\": \"FnAliaslive\"}, \"Principal\": \"cognito-idp.amazonaws.com\", "
		    "\"SourceArn\": {\"Fn::GetAtt\": [\"Pool\", \"Arn\"]}}}");
	assert_json(res(&f, "Pool"),
		    "{\"Type\": \"AWS::Cognito::UserPool\", \"Properties\": {\"LambdaConfig\": {\"PreSignUp\": "
		    "{\"Ref\": \"FnAliaslive\"}, \"PostConfirmation\": {\"Ref\": \"FnAliaslive\"}}, "
		    "\"UserPoolName\": \"p\"}}");
	teardown(&f);
}

static void cognito_errors(void **state)
{
	(void)state;
	static const struct {
		const char *resources, *props;
		xf_err_kind kind;
		const char *id, *message;
	} cases[] = {
		{"{}", "{\"UserPool\": {\"Ref\": [\"P\"]}, \"Trigger\": \"PreSignUp\"}", XF_ERR_EVENT, "FnEv",
		 "Ref in Userpool is not a string."},
		{"{}", "{\"UserPool\": {\"Ref\": \"P\"}, \"Trigger\": \"PreSignUp\"}", XF_ERR_EVENT, "Ev",
		 "Cognito events must reference a Cognito UserPool in the same template."},
		{"{\"P\": {\"Type\": \"AWS::Cognito::UserPool\"}}", "{\"UserPool\": {\"Ref\": \"P\"}, \"Trigger\": 3}",
		 XF_ERR_RESOURCE, "FnEv", "Type of property 'Trigger' is invalid."},
		{"{\"P\": {\"Type\": \"AWS::Cognito::UserPool\"}}", "{\"UserPool\": {\"Ref\": \"P\"}, \"Trigger\": [true]}",
		 XF_ERR_RESOURCE, "FnEv", "Type of property 'Trigger' is invalid."},
		{"{\"P\": {\"Type\": \"AWS::Cognito::UserPool\", \"Properties\": {\"LambdaConfig\": {\"PreSignUp\": "
		 "\"arn\"}}}}",
		 "{\"UserPool\": {\"Ref\": \"P\"}, \"Trigger\": [\"PostConfirmation\", \"PreSignUp\"]}", XF_ERR_EVENT, "Ev",
		 "Cognito trigger \"['PostConfirmation', 'PreSignUp']\" defined multiple times."},
		{"{\"P\": {\"Type\": \"AWS::Cognito::UserPool\", \"Properties\": {\"LambdaConfig\": \"x\"}}}",
		 "{\"UserPool\": {\"Ref\": \"P\"}, \"Trigger\": \"PreSignUp\"}", XF_ERR_RESOURCE, "P",
		 "Property 'LambdaConfig' should be a map."},
		{"{\"P\": {\"Type\": \"AWS::Cognito::UserPool\", \"Properties\": {\"Foo\": 1}}}",
		 "{\"UserPool\": {\"Ref\": \"P\"}, \"Trigger\": \"PreSignUp\"}", XF_ERR_RESOURCE, "P",
		 "property Foo not defined for resource of type AWS::Cognito::UserPool"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fixture f;
		setup(&f, cases[i].resources, NULL);
		assert_int_equal(run(&f, &xf_event_cognito, cases[i].props), XF_FAIL);
		assert_error(&f, cases[i].kind, cases[i].id, cases[i].message);
		teardown(&f);
	}
}

/* ---- shared pieces ---- */

static void permission_ids(void **state)
{
	(void)state;
	char *id = push_permission_id("FnEv", "Prod");
	assert_string_equal(id, "FnEvPermissionProd");
	free(id);
	id = push_permission_id("FnEv", "");
	assert_string_equal(id, "FnEvPermission");
	free(id);
	id = push_permission_id("FnEv", "v1-beta");
	assert_int_equal(strlen(id), strlen("FnEvPermission") + 10);
	assert_memory_equal(id, "FnEvPermission", strlen("FnEvPermission"));
	free(id);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(schedule_rule_and_permission),
		cmocka_unit_test(schedule_state_with_enabled_fails),
		cmocka_unit_test(schedule_generated_dead_letter_queue),
		cmocka_unit_test(schedule_named_queue_and_bad_ids),
		cmocka_unit_test(dead_letter_config_errors),
		cmocka_unit_test(long_target_id_is_cut_to_64),
		cmocka_unit_test(eventbridge_rule_with_alias_and_target_id),
		cmocka_unit_test(cloudwatch_event_checks_dead_letter_before_state),
		cmocka_unit_test(s3_bucket_gets_notification_and_depends_on),
		cmocka_unit_test(s3_second_event_accumulates),
		cmocka_unit_test(s3_conditional_function_uses_tag),
		cmocka_unit_test(s3_errors),
		cmocka_unit_test(s3_conditional_tags_must_be_a_list),
		cmocka_unit_test(sns_direct_subscription),
		cmocka_unit_test(sns_new_queue),
		cmocka_unit_test(sns_existing_queue),
		cmocka_unit_test(sns_property_order),
		cmocka_unit_test(alexa_skill_permission),
		cmocka_unit_test(iot_rule_and_permission),
		cmocka_unit_test(cloudwatch_logs_filter_depends_on_permission),
		cmocka_unit_test(cognito_user_pool_triggers),
		cmocka_unit_test(cognito_errors),
		cmocka_unit_test(permission_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
