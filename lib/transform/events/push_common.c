/* push_common.c — what the push event sources share: generated-resource shells, the Lambda
 * permission (PushEventSource._construct_permission), EventBridge rule helpers, re-emitted resources. */
#include "transform/events/push_common.h"

#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/intrinsics.h"
#include "util/buf.h"

#define EVENT_RULE_TARGET_ID_MAX 64

/* ---- JSON building ---- */

bool push_add(cJSON *obj, const char *key, cJSON *item)
{
	if (obj && item && samc_json_add_key(obj, key, item))
		return true;
	cJSON_Delete(item);
	return false;
}

bool push_append(cJSON *arr, cJSON *item)
{
	if (arr && item && cJSON_AddItemToArray(arr, item))
		return true;
	cJSON_Delete(item);
	return false;
}

bool push_add_copy(cJSON *obj, const char *key, const cJSON *v)
{
	if (!v || cJSON_IsNull(v))
		return true;
	return push_add(obj, key, xf_dup(v));
}

cJSON *push_sub_with(const char *text, const char *var, const cJSON *value)
{
	cJSON *sub = cJSON_CreateObject();
	cJSON *args = cJSON_CreateArray();
	cJSON *vars = cJSON_CreateObject();
	bool ok = push_add(vars, var, xf_dup(value));
	ok &= push_append(args, xf_str(text));
	ok &= push_append(args, vars);
	ok &= push_add(sub, "Fn::Sub", args);
	if (ok)
		return sub;
	cJSON_Delete(sub);
	return NULL;
}

const cJSON *push_prop(const xf_event *ev, const char *name)
{
	const cJSON *v = xf_get(ev->props, name);
	return cJSON_IsNull(v) ? NULL : v;
}

bool push_skips_validation(const cJSON *v)
{
	return cJSON_IsObject(v) && v->child && !v->child->next;
}

/* ---- generated resources ---- */

static bool copy_passthrough_attributes(cJSON *dst, const cJSON *attrs)
{
	static const char *const names[] = {"Condition", "DeletionPolicy", "UpdateReplacePolicy"};
	bool ok = true;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const cJSON *v = xf_get(attrs, names[i]);
		if (v)
			ok &= push_add(dst, names[i], xf_dup(v));
	}
	return ok;
}

cJSON *push_new_resource(const char *type, const xf_fn *fn, cJSON *depends_on)
{
	cJSON *r = cJSON_CreateObject();
	bool ok = push_add(r, "Type", xf_str(type));
	if (depends_on)
		ok &= push_add(r, "DependsOn", depends_on);
	ok &= copy_passthrough_attributes(r, fn->attrs);
	ok &= push_add(r, "Properties", cJSON_CreateObject());
	if (ok)
		return r;
	cJSON_Delete(r);
	return NULL;
}

int push_emit(xf *x, const xf_fn *fn, const char *id, cJSON *resource)
{
	return xf_emit(x, fn->id, id, resource);
}

int push_check_logical_id(xf *x, const cJSON *id)
{
	if (cJSON_IsString(id) && xf_is_logical_id(id->valuestring))
		return XF_OK;
	char *text = xf_pystr(id);
	if (!text)
		return XF_NOMEM;
	xf_fail_resource(x, text, "Logical ids must be alphanumeric.");
	free(text);
	return XF_FAIL;
}

/* ---- the Lambda permission ---- */

char *push_permission_id(const char *prefix, const char *suffix)
{
	if (suffix && xf_is_alnum(suffix))
		return samc_strfmt("%sPermission%s", prefix, suffix);
	char *base = samc_strfmt("%sPermission", prefix);
	char *id = base ? xf_logical_id_str(base, suffix ? suffix : "") : NULL;
	free(base);
	return id;
}

int push_emit_permission(xf *x, const xf_fn *fn, const xf_event *ev, const push_permission *p, char **id)
{
	char *pid = push_permission_id(p->prefix ? p->prefix : ev->logical_id, p->suffix);
	cJSON *r = push_new_resource("AWS::Lambda::Permission", fn, NULL);
	cJSON *props = cJSON_GetObjectItemCaseSensitive(r, "Properties");
	bool ok = pid != NULL;
	ok &= push_add(props, "Action", xf_str("lambda:InvokeFunction"));
	ok &= push_add(props, "FunctionName", xf_fn_target_name(fn));
	ok &= push_add(props, "Principal", xf_str(p->principal));
	ok &= push_add_copy(props, "SourceAccount", p->source_account);
	ok &= push_add_copy(props, "SourceArn", p->source_arn);
	ok &= push_add_copy(props, "EventSourceToken", p->event_source_token);
	if (!ok) {
		free(pid);
		cJSON_Delete(r);
		return XF_NOMEM;
	}
	int rc = push_emit(x, fn, pid, r);
	if (id && rc == XF_OK)
		*id = pid;
	else
		free(pid);
	return rc;
}

/* ---- EventBridge rules ---- */

char *push_rule_target_id(const char *logical_id, const char *suffix)
{
	size_t n = strlen(logical_id), s = strlen(suffix);
	if (n + s > EVENT_RULE_TARGET_ID_MAX)
		n = s < EVENT_RULE_TARGET_ID_MAX ? EVENT_RULE_TARGET_ID_MAX - s : 0;
	return samc_strfmt("%.*s%s", (int)n, logical_id, suffix);
}

cJSON *push_rule_target_id_value(const xf_event *ev, const char *suffix)
{
	const cJSON *target = push_prop(ev, "Target");
	const cJSON *id = xf_get(target, "Id");
	if (xf_truthy(target) && id)
		return xf_dup(id);
	char *generated = push_rule_target_id(ev->logical_id, suffix);
	cJSON *v = generated ? xf_str(generated) : NULL;
	free(generated);
	return v;
}

int push_rule_state(xf *x, const xf_event *ev, cJSON **state)
{
	const cJSON *st = xf_get(ev->props, "State");
	const cJSON *enabled = push_prop(ev, "Enabled");
	*state = NULL;
	if (xf_truthy(st) && enabled)
		return xf_fail_event(x, ev->relative_id, "State and Enabled Properties cannot both be specified.");
	if (enabled)
		*state = xf_str(xf_truthy(enabled) ? "ENABLED" : "DISABLED");
	else if (xf_truthy(st))
		*state = xf_dup(st);
	else
		return XF_OK;
	return *state ? XF_OK : XF_NOMEM;
}

/* EventBridgeRuleUtils.validate_dlq_config (errors name the event's logical id). */
static int validate_dlq_config(xf *x, const xf_event *ev, const cJSON *config)
{
	const cJSON *type = xf_get(config, "Type");
	bool has_arn = xf_get(config, "Arn") != NULL;
	if (has_arn && type)
		return xf_fail_event(x, ev->logical_id,
				     "You can either define 'Arn' or 'Type' property of DeadLetterConfig.");
	if (type && !(cJSON_IsString(type) && strcmp(type->valuestring, "SQS") == 0))
		return xf_fail_event(x, ev->logical_id,
				     "The only valid value for 'Type' property of DeadLetterConfig is 'SQS'.");
	if (!has_arn && !type)
		return xf_fail_event(x, ev->logical_id, "No 'Arn' or 'Type' property provided for DeadLetterConfig.");
	return XF_OK;
}

/* SQSQueuePolicies.eventbridge_dlq_send_message_resource_based_policy. */
static cJSON *eventbridge_dlq_policy(const char *queue_id, const char *rule_id)
{
	cJSON *principal = cJSON_CreateObject();
	if (!push_add(principal, "Service", xf_str("events.amazonaws.com")))
		return NULL;
	return push_queue_policy_document(principal, xf_getatt(queue_id, "Arn"), xf_getatt(rule_id, "Arn"));
}

cJSON *push_queue_policy_document(cJSON *principal, cJSON *queue_arn, cJSON *source_arn)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON *statements = cJSON_CreateArray();
	cJSON *statement = cJSON_CreateObject();
	cJSON *condition = cJSON_CreateObject();
	cJSON *arn_equals = cJSON_CreateObject();
	bool ok = push_add(arn_equals, "aws:SourceArn", source_arn);
	ok &= push_add(condition, "ArnEquals", arn_equals);
	ok &= push_add(statement, "Action", xf_str("sqs:SendMessage"));
	ok &= push_add(statement, "Effect", xf_str("Allow"));
	ok &= push_add(statement, "Principal", principal);
	ok &= push_add(statement, "Resource", queue_arn);
	ok &= push_add(statement, "Condition", condition);
	ok &= push_append(statements, statement);
	ok &= push_add(doc, "Version", xf_str("2012-10-17"));
	ok &= push_add(doc, "Statement", statements);
	if (ok)
		return doc;
	cJSON_Delete(doc);
	return NULL;
}

/* create_dead_letter_queue_with_policy: the queue (no properties) and its policy. */
static int build_dlq_resources(const xf_fn *fn, const xf_event *ev, push_dlq *d)
{
	d->policy_id = samc_strfmt("%sQueuePolicy", ev->logical_id);
	d->queue = push_new_resource("AWS::SQS::Queue", fn, NULL);
	d->policy = push_new_resource("AWS::SQS::QueuePolicy", fn, NULL);
	d->arn = xf_getatt(d->queue_id, "Arn");
	cJSON *props = cJSON_GetObjectItemCaseSensitive(d->policy, "Properties");
	cJSON *queues = cJSON_CreateArray();
	bool ok = d->policy_id && d->queue && d->arn;
	ok &= push_add(props, "PolicyDocument", eventbridge_dlq_policy(d->queue_id, ev->logical_id));
	ok &= push_append(queues, xf_ref(d->queue_id));
	ok &= push_add(props, "Queues", queues);
	return ok ? XF_OK : XF_NOMEM;
}

int push_dlq_prepare(xf *x, const xf_fn *fn, const xf_event *ev, const cJSON *config, push_dlq *d)
{
	memset(d, 0, sizeof(*d));
	int rc = validate_dlq_config(x, ev, config);
	if (rc)
		return rc;
	const cJSON *arn = xf_get(config, "Arn");
	if (arn && !cJSON_IsNull(arn))
		return (d->arn = xf_dup(arn)) ? XF_OK : XF_NOMEM;
	const cJSON *queue_id = xf_get(config, "QueueLogicalId");
	if (queue_id && !cJSON_IsNull(queue_id) && !cJSON_IsString(queue_id))
		return xf_fail_event(x, ev->logical_id, "QueueLogicalId must be a string");
	if (xf_truthy(queue_id)) {
		if ((rc = push_check_logical_id(x, queue_id)))
			return rc;
		d->queue_id = samc_strdup(queue_id->valuestring);
	} else {
		d->queue_id = samc_strfmt("%sQueue", ev->logical_id);
	}
	if (!d->queue_id)
		return XF_NOMEM;
	return build_dlq_resources(fn, ev, d);
}

int push_dlq_emit(xf *x, const xf_fn *fn, push_dlq *d)
{
	if (!d->queue_id)
		return XF_OK;
	cJSON *queue = d->queue, *policy = d->policy;
	d->queue = d->policy = NULL;
	int rc = push_emit(x, fn, d->queue_id, queue);
	if (rc) {
		cJSON_Delete(policy);
		return rc;
	}
	return push_emit(x, fn, d->policy_id, policy);
}

void push_dlq_free(push_dlq *d)
{
	cJSON_Delete(d->arn);
	cJSON_Delete(d->queue);
	cJSON_Delete(d->policy);
	free(d->queue_id);
	free(d->policy_id);
	memset(d, 0, sizeof(*d));
}

/* ---- template resources an event edits ---- */

cJSON *push_linkable(xf *x, const char *id)
{
	if (x->has_snapshot)
		return samc_strmap_get(&x->input_index, id);
	return cJSON_IsObject(x->resources) ? cJSON_GetObjectItemCaseSensitive(x->resources, id) : NULL;
}

static bool declares(const push_cfn_class *cls, const char *name)
{
	for (const char *const *p = cls->props; *p; p++)
		if (strcmp(*p, name) == 0)
			return true;
	return false;
}

/* Resource.from_dict: _validate_resource_dict, then setattr of each property. */
static int check_resource_dict(xf *x, const char *id, const cJSON *dict, const push_cfn_class *cls)
{
	const cJSON *type = xf_get(dict, "Type");
	if (!type)
		return xf_fail_resource(x, id, "Resource dict missing key 'Type'.");
	if (!cJSON_IsString(type) || strcmp(type->valuestring, cls->type) != 0) {
		char *got = xf_pystr(type);
		if (!got)
			return XF_NOMEM;
		xf_fail_resource(x, id, "Resource has incorrect Type; expected '%s', got '%s'", cls->type, got);
		free(got);
		return XF_FAIL;
	}
	const cJSON *props = xf_get(dict, "Properties");
	if (props && !cJSON_IsObject(props))
		return xf_fail_resource(x, id, "Properties of a resource must be an object.");
	for (const cJSON *c = props ? props->child : NULL; c; c = c->next)
		if (!declares(cls, c->string))
			return xf_fail_resource(x, id, "property %s not defined for resource of type %s", c->string,
						cls->type);
	return XF_OK;
}

/* Resource.to_dict: Type, DependsOn when truthy, the supported attributes, the declared properties. */
static cJSON *rebuild(const cJSON *dict, const push_cfn_class *cls)
{
	static const char *const attributes[] = {"DeletionPolicy", "UpdatePolicy", "Condition", "UpdateReplacePolicy",
						 "Metadata"};
	cJSON *r = cJSON_CreateObject();
	bool ok = push_add(r, "Type", xf_str(cls->type));
	const cJSON *depends_on = xf_get(dict, "DependsOn");
	if (xf_truthy(depends_on))
		ok &= push_add(r, "DependsOn", xf_dup(depends_on));
	for (size_t i = 0; i < sizeof(attributes) / sizeof(attributes[0]); i++) {
		const cJSON *v = xf_get(dict, attributes[i]);
		if (v)
			ok &= push_add(r, attributes[i], xf_dup(v));
	}
	const cJSON *props = xf_get(dict, "Properties");
	cJSON *out = cJSON_CreateObject();
	for (const char *const *p = cls->props; *p; p++)
		ok &= push_add_copy(out, *p, xf_get(props, *p));
	ok &= push_add(r, "Properties", out);
	if (ok)
		return r;
	cJSON_Delete(r);
	return NULL;
}

int push_reemit(xf *x, const xf_fn *fn, const char *id, const cJSON *dict, const push_cfn_class *cls)
{
	int rc = check_resource_dict(x, id, dict, cls);
	if (rc)
		return rc;
	cJSON *r = rebuild(dict, cls);
	return r ? push_emit(x, fn, id, r) : XF_NOMEM;
}
