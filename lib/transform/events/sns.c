/* sns.c — the SNS event of a function (push.py:SNS): a subscription and permission, or with
 * SqsSubscription a queue (new or given), its policy, the subscription and an event source mapping. */
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "transform/events/push.h"
#include "transform/events/push_common.h"
#include "util/buf.h"

/* SqsSubscription is one_of(IS_BOOL, IS_DICT), which xf_check lacks: the link step checks it and,
 * to keep the reference's first-failure order, RedrivePolicy after it. */
static const xf_prop_spec sns_props[] = {
	{"Topic", true, XF_IS_STR, false},
	{"Region", false, XF_IS_STR, false},
	{"FilterPolicy", false, XF_ANY, false},
	{"FilterPolicyScope", false, XF_ANY, false},
	{"SqsSubscription", false, XF_ANY, false},
	{"RedrivePolicy", false, XF_ANY, false},
	{NULL, false, XF_ANY, false},
};

static int sns_link(xf *x, const xf_fn *fn, xf_event *ev)
{
	(void)fn;
	const cJSON *sqs = push_prop(ev, "SqsSubscription");
	if (sqs && !cJSON_IsBool(sqs) && !cJSON_IsObject(sqs))
		return xf_fail_resource(x, ev->logical_id, "Type of property 'SqsSubscription' is invalid.");
	const cJSON *redrive = push_prop(ev, "RedrivePolicy");
	if (redrive && !push_skips_validation(redrive) && !cJSON_IsObject(redrive))
		return xf_fail_resource(x, ev->logical_id, "Property 'RedrivePolicy' should be a map.");
	return XF_OK;
}

/* _inject_subscription */
static cJSON *subscription(const xf_fn *fn, const xf_event *ev, const char *protocol, cJSON *endpoint)
{
	cJSON *r = push_new_resource("AWS::SNS::Subscription", fn, NULL);
	cJSON *props = cJSON_GetObjectItemCaseSensitive(r, "Properties");
	bool ok = push_add(props, "Endpoint", endpoint);
	ok &= push_add(props, "Protocol", xf_str(protocol));
	ok &= push_add_copy(props, "TopicArn", push_prop(ev, "Topic"));
	ok &= push_add_copy(props, "Region", push_prop(ev, "Region"));
	ok &= push_add_copy(props, "FilterPolicy", push_prop(ev, "FilterPolicy"));
	ok &= push_add_copy(props, "FilterPolicyScope", push_prop(ev, "FilterPolicyScope"));
	ok &= push_add_copy(props, "RedrivePolicy", push_prop(ev, "RedrivePolicy"));
	if (ok)
		return r;
	cJSON_Delete(r);
	return NULL;
}

static int emit_subscription(xf *x, const xf_fn *fn, const xf_event *ev, const char *protocol, cJSON *endpoint)
{
	cJSON *r = subscription(fn, ev, protocol, endpoint);
	return r ? push_emit(x, fn, ev->logical_id, r) : XF_NOMEM;
}

/* SNS -> Lambda: the permission, then the subscription. */
static int expand_direct(xf *x, const xf_fn *fn, const xf_event *ev)
{
	push_permission perm = {.principal = "sns.amazonaws.com", .source_arn = push_prop(ev, "Topic")};
	int rc = push_emit_permission(x, fn, ev, &perm, NULL);
	return rc ? rc : emit_subscription(x, fn, ev, "lambda", xf_fn_target_arn(fn));
}

/* model/intrinsics.py:get_logical_id_from_intrinsic */
static const char *logical_id_of(const cJSON *v, char *buf, size_t size)
{
	if (!push_skips_validation(v))
		return NULL;
	const char *key = v->child->string;
	if (strcmp(key, "Ref") != 0 && strcmp(key, "Condition") != 0 && strncmp(key, "Fn::", 4) != 0)
		return NULL;
	const cJSON *ref = xf_get(v, "Ref");
	if (cJSON_IsString(ref))
		return ref->valuestring;
	const cJSON *getatt = xf_get(v, "Fn::GetAtt");
	if (cJSON_GetArraySize(getatt) == 2 && cJSON_IsArray(getatt) && cJSON_IsString(getatt->child))
		return getatt->child->valuestring;
	if (!cJSON_IsString(getatt))
		return NULL;
	const char *dot = strchr(getatt->valuestring, '.');
	if (!dot || strchr(dot + 1, '.') || (size_t)(dot - getatt->valuestring) >= size)
		return NULL;
	memcpy(buf, getatt->valuestring, (size_t)(dot - getatt->valuestring));
	buf[dot - getatt->valuestring] = '\0';
	return buf;
}

/* _check_fifo_topic: the topic's FifoTopic in the input template, parameter-resolved. *fifo is
 * NULL when it is falsy. */
static int fifo_topic(xf *x, const xf_event *ev, cJSON **fifo)
{
	char buf[256];
	*fifo = NULL;
	const char *topic_id = logical_id_of(push_prop(ev, "Topic"), buf, sizeof(buf));
	const cJSON *topic = topic_id ? push_linkable(x, topic_id) : NULL;
	const cJSON *value = xf_get(xf_get(topic, "Properties"), "FifoTopic");
	if (!value)
		return XF_OK;
	cJSON *resolved = xf_dup(value);
	if (!resolved)
		return XF_NOMEM;
	int rc = xf_resolve_params(x, &resolved);
	if (rc || !xf_truthy(resolved)) {
		cJSON_Delete(resolved);
		return rc;
	}
	*fifo = resolved;
	return XF_OK;
}

/* _inject_sqs_event_source_mapping, through pull.py:SQS with the role getting the SQS policy. */
static cJSON *event_source_mapping(const xf_fn *fn, const cJSON *queue_arn, const cJSON *batch_size)
{
	cJSON *r = push_new_resource("AWS::Lambda::EventSourceMapping", fn, NULL);
	cJSON *props = cJSON_GetObjectItemCaseSensitive(r, "Properties");
	bool ok = push_add(props, "BatchSize", xf_truthy(batch_size) ? xf_dup(batch_size) : samc_int_new(10));
	ok &= push_add(props, "Enabled", cJSON_CreateTrue());
	ok &= push_add(props, "EventSourceArn", xf_dup(queue_arn));
	ok &= push_add(props, "FunctionName", xf_fn_target_name(fn));
	if (ok)
		return r;
	cJSON_Delete(r);
	return NULL;
}

/* PullEventSource._link_policy for SQS: the managed policy joins the generated role. */
static int add_sqs_role_policy(xf *x, const xf_fn *fn)
{
	if (!fn->role)
		return XF_OK;
	cJSON *props = xf_props(fn->role);
	cJSON *arns = cJSON_GetObjectItemCaseSensitive(props, "ManagedPolicyArns");
	if (!arns) {
		arns = cJSON_CreateArray();
		if (!push_add(props, "ManagedPolicyArns", arns))
			return XF_NOMEM;
	}
	char *arn = samc_strfmt("arn:%s:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole", x->partition);
	cJSON *node = arn ? xf_str(arn) : NULL;
	free(arn);
	if (!node)
		return XF_NOMEM;
	for (const cJSON *c = arns->child; c; c = c->next)
		if (xf_equal(c, node)) {
			cJSON_Delete(node);
			return XF_OK;
		}
	return push_append(arns, node) ? XF_OK : XF_NOMEM;
}

static int emit_event_source_mapping(xf *x, const xf_fn *fn, const xf_event *ev, const cJSON *queue_arn,
				     const cJSON *batch_size)
{
	char *id = samc_strfmt("%sEventSourceMapping", ev->logical_id);
	cJSON *r = event_source_mapping(fn, queue_arn, batch_size);
	if (!id || !r) {
		free(id);
		cJSON_Delete(r);
		return XF_NOMEM;
	}
	int rc = push_emit(x, fn, id, r);
	free(id);
	return rc ? rc : add_sqs_role_policy(x, fn);
}

/* _inject_sqs_queue_policy */
static cJSON *queue_policy(const xf_fn *fn, const xf_event *ev, const cJSON *queue_arn, const cJSON *queue_url)
{
	cJSON *r = push_new_resource("AWS::SQS::QueuePolicy", fn, NULL);
	cJSON *props = cJSON_GetObjectItemCaseSensitive(r, "Properties");
	cJSON *queues = cJSON_CreateArray();
	cJSON *doc = push_queue_policy_document(xf_str("*"), xf_dup(queue_arn), xf_dup(push_prop(ev, "Topic")));
	bool ok = push_add(props, "PolicyDocument", doc);
	ok &= push_append(queues, xf_dup(queue_url));
	ok &= push_add(props, "Queues", queues);
	if (ok)
		return r;
	cJSON_Delete(r);
	return NULL;
}

static int emit_queue_policy(xf *x, const xf_fn *fn, const xf_event *ev, const char *id, const cJSON *queue_arn,
			     const cJSON *queue_url)
{
	cJSON *r = queue_policy(fn, ev, queue_arn, queue_url);
	return r ? push_emit(x, fn, id, r) : XF_NOMEM;
}

static cJSON *new_queue(const xf_fn *fn, cJSON *fifo)
{
	cJSON *r = push_new_resource("AWS::SQS::Queue", fn, NULL);
	if (fifo && !push_add(cJSON_GetObjectItemCaseSensitive(r, "Properties"), "FifoQueue", fifo)) {
		cJSON_Delete(r);
		return NULL;
	}
	return r;
}

/* The generated queue's emission order: mapping, queue, policy, subscription. */
static int emit_new_queue_resources(xf *x, const xf_fn *fn, const xf_event *ev, const char *queue_id,
				    cJSON *fifo)
{
	char *policy_id = samc_strfmt("%sQueuePolicy", ev->logical_id);
	cJSON *arn = xf_getatt(queue_id, "Arn"), *url = xf_ref(queue_id);
	int rc = policy_id && arn && url ? XF_OK : XF_NOMEM;
	if (!rc)
		rc = emit_event_source_mapping(x, fn, ev, arn, NULL);
	if (!rc) {
		cJSON *queue = new_queue(fn, fifo);
		fifo = NULL;
		rc = queue ? push_emit(x, fn, queue_id, queue) : XF_NOMEM;
	}
	if (!rc)
		rc = emit_queue_policy(x, fn, ev, policy_id, arn, url);
	if (!rc)
		rc = emit_subscription(x, fn, ev, "sqs", xf_dup(arn));
	cJSON_Delete(fifo);
	cJSON_Delete(arn);
	cJSON_Delete(url);
	free(policy_id);
	return rc;
}

/* SNS -> SQS (created) -> Lambda */
static int expand_new_queue(xf *x, const xf_fn *fn, const xf_event *ev)
{
	cJSON *fifo = NULL;
	int rc = fifo_topic(x, ev, &fifo);
	if (rc)
		return rc;
	char *queue_id = samc_strfmt("%sQueue", ev->logical_id);
	rc = queue_id ? emit_new_queue_resources(x, fn, ev, queue_id, fifo) : XF_NOMEM;
	if (!queue_id)
		cJSON_Delete(fifo);
	free(queue_id);
	return rc;
}

/* The queue policy's id: QueuePolicyLogicalId when truthy (and a valid id), else <Fn><Ev>QueuePolicy. */
static int existing_queue_policy_id(xf *x, const xf_event *ev, const cJSON *given, char **id)
{
	*id = NULL;
	if (!xf_truthy(given))
		return (*id = samc_strfmt("%sQueuePolicy", ev->logical_id)) ? XF_OK : XF_NOMEM;
	int rc = push_check_logical_id(x, given);
	if (rc)
		return rc;
	return (*id = samc_strdup(given->valuestring)) ? XF_OK : XF_NOMEM;
}

/* SNS -> SQS (existing) -> Lambda: mapping, policy, subscription. */
static int expand_existing_queue(xf *x, const xf_fn *fn, const xf_event *ev, const cJSON *sqs)
{
	if (xf_expect_map_event(x, ev->relative_id, sqs, "SqsSubscription"))
		return XF_FAIL;
	const cJSON *arn = xf_get(sqs, "QueueArn"), *url = xf_get(sqs, "QueueUrl");
	if (!xf_truthy(arn) || !xf_truthy(url))
		return xf_fail_event(x, ev->relative_id, "No QueueARN or QueueURL provided.");
	char *policy_id = NULL;
	int rc = existing_queue_policy_id(x, ev, xf_get(sqs, "QueuePolicyLogicalId"), &policy_id);
	if (!rc)
		rc = emit_event_source_mapping(x, fn, ev, arn, xf_get(sqs, "BatchSize"));
	if (!rc)
		rc = emit_queue_policy(x, fn, ev, policy_id, arn, url);
	if (!rc)
		rc = emit_subscription(x, fn, ev, "sqs", xf_dup(arn));
	free(policy_id);
	return rc;
}

static int sns_expand(xf *x, xf_fn *fn, xf_event *ev)
{
	const cJSON *sqs = push_prop(ev, "SqsSubscription");
	if (!xf_truthy(sqs))
		return expand_direct(x, fn, ev);
	if (cJSON_IsBool(sqs))
		return expand_new_queue(x, fn, ev);
	return expand_existing_queue(x, fn, ev, sqs);
}

const xf_event_type xf_event_sns = {
	.name = "SNS",
	.props = sns_props,
	.link = sns_link,
	.expand = sns_expand,
};
