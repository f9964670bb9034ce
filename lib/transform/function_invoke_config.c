/* function_invoke_config.c — EventInvokeConfig of a SAM Function: <Fn>EventInvokeConfig, the
 * auto-created SQS queue / SNS topic destinations, their conditions and the role policies. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/function_extras.h"
#include "transform/function_extras_util.h"
#include "transform/intrinsics.h"
#include "util/buf.h"

/* _CONDITION_CHAR_LIMIT */
#define CONDITION_CHAR_LIMIT 255

static const char *const accepted_types[] = {"SQS", "SNS", "EventBridge", "Lambda", "S3Bucket"};

typedef struct invoke_ctx {
	xf *x;
	const xf_fn *fn;
	char *config_id; /* <Fn>EventInvokeConfig */
	cJSON *policies; /* the caller's list of role policies */
} invoke_ctx;

/* One destination being worked out (_validate_and_inject_resource). */
typedef struct destination {
	const char *event;        /* OnSuccess or OnFailure */
	const char *type;         /* one of accepted_types */
	const cJSON *given;       /* Destination as given (resolved), NULL when missing or null */
	cJSON *property_condition; /* _get_or_make_condition: condition (owned) or NULL */
	cJSON *dest_arn;          /* ... and the other branch (owned) or NULL */
	cJSON *value;             /* the final Destination (owned) */
	char *resource_id;        /* <Fn>EventInvokeConfig<event> */
} destination;

static void destination_free(destination *d)
{
	cJSON_Delete(d->property_condition);
	cJSON_Delete(d->dest_arn);
	cJSON_Delete(d->value);
	free(d->resource_id);
}

/* ---- a Python failure the reference does not catch: the whole transform stops ---- */

static int python_crash(xf *x, const char *message)
{
	return xf_fail_document(x, "%s", message);
}

/* conditions[name] = value where `conditions` is template.get("Conditions"). */
static int add_condition(xf *x, const char *name, cJSON *value)
{
	if (cJSON_IsObject(x->conditions)) {
		xf_set(x->conditions, name, value);
		return XF_OK;
	}
	cJSON_Delete(value);
	const cJSON *section = xf_get(x->tpl, "Conditions");
	if (cJSON_IsArray(section))
		return python_crash(x, "list indices must be integers or slices, not str");
	char *msg = samc_strfmt("'%s' object does not support item assignment", xf_pytype(section));
	int rc = msg ? python_crash(x, msg) : XF_NOMEM;
	free(msg);
	return rc;
}

/* "str" + value: Python refuses anything but a str. */
static int require_str(xf *x, const cJSON *v)
{
	if (cJSON_IsString(v))
		return XF_OK;
	char *msg = samc_strfmt("can only concatenate str (not \"%s\") to str", xf_pytype(v));
	int rc = msg ? python_crash(x, msg) : XF_NOMEM;
	free(msg);
	return rc;
}

/* ---- conditions ---- */

/* _make_gen_condition_name: name + first 10 hex of SHA-1(hash_input), at most 255 chars. */
static char *gen_condition_name(const char *name, const char *hash_input)
{
	char *digest = xf_logical_id_str("", hash_input);
	char *out = digest ? samc_strfmt("%s%s", name, digest) : NULL;
	free(digest);
	if (out && strlen(out) > CONDITION_CHAR_LIMIT)
		out[CONDITION_CHAR_LIMIT] = '\0';
	return out;
}

static cJSON *condition_ref(const char *name)
{
	cJSON *o = cJSON_CreateObject();
	if (o)
		SAMC_JSON_ADD_STRING(o, "Condition", name);
	return o;
}

/* make_not_conditional: {"Fn::Not": [{"Condition": c}]} */
static cJSON *not_condition(const char *condition)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *list = SAMC_JSON_ADD_ARRAY(o, "Fn::Not");
	cJSON_AddItemToArray(list, condition_ref(condition));
	return o;
}

/* make_and_condition([{"Condition": a}, {"Condition": b}]): it wraps each item in {"Condition": _}
 * once more, so the output nests them twice. */
static cJSON *and_condition(const char *a, const char *b)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *list = SAMC_JSON_ADD_ARRAY(o, "Fn::And");
	const char *names[] = {a, b};
	for (size_t i = 0; i < 2; i++) {
		cJSON *outer = cJSON_CreateObject();
		SAMC_JSON_ADD(outer, "Condition", condition_ref(names[i]));
		cJSON_AddItemToArray(list, outer);
	}
	return o;
}

/* The [2]-is-NoValue case: a new NOT<condition><hash> condition. */
static int make_not_condition(invoke_ctx *c, const cJSON *condition, cJSON **name_out)
{
	if (require_str(c->x, condition))
		return XF_FAIL;
	char *prefixed = samc_strfmt("NOT%s", condition->valuestring);
	char *name = prefixed ? gen_condition_name(prefixed, c->config_id) : NULL;
	free(prefixed);
	if (!name)
		return XF_NOMEM;
	int rc = add_condition(c->x, name, not_condition(condition->valuestring));
	if (rc == XF_OK)
		*name_out = cJSON_CreateString(name);
	free(name);
	return rc;
}

/* _get_or_make_condition: a Destination Fn::If with one AWS::NoValue branch makes the
 * generated queue/topic conditional. */
static int get_or_make_condition(invoke_ctx *c, destination *d)
{
	if (!d->given || !xf_is_fn(d->given, "Fn::If"))
		return XF_OK;
	const cJSON *items = d->given->child;
	if (!cJSON_IsArray(items) || cJSON_GetArraySize(items) != 3)
		return xf_fail_resource(c->x, c->config_id,
					"Malformed 'Destination' property: Fn::If requires 3 arguments.");
	const cJSON *cond = items->child, *then_v = cond->next, *else_v = then_v->next;
	if (xf_is_no_value(then_v) && xf_is_no_value(else_v))
		return XF_OK;
	if (xf_is_no_value(then_v)) {
		d->property_condition = cJSON_IsNull(cond) ? NULL : xf_dup(cond);
		d->dest_arn = cJSON_IsNull(else_v) ? NULL : xf_dup(else_v);
		return XF_OK;
	}
	if (!xf_is_no_value(else_v))
		return XF_OK;
	d->dest_arn = cJSON_IsNull(then_v) ? NULL : xf_dup(then_v);
	return make_not_condition(c, cond, &d->property_condition);
}

/* _make_and_conditions: the function's Condition and the destination's, combined. */
static int combined_condition(invoke_ctx *c, const cJSON *property_condition, cJSON **out)
{
	const cJSON *resource_condition = xf_get(c->fn->attrs, "Condition");
	if (!resource_condition || cJSON_IsNull(resource_condition)) {
		*out = xf_dup(property_condition);
		return XF_OK;
	}
	if (!property_condition) {
		*out = xf_dup(resource_condition);
		return XF_OK;
	}
	if (require_str(c->x, resource_condition) || require_str(c->x, property_condition))
		return XF_FAIL;
	const char *rc_name = resource_condition->valuestring, *pc_name = property_condition->valuestring;
	char *joined = samc_strfmt("%sAND%s", rc_name, pc_name);
	char *name = joined ? gen_condition_name(joined, c->fn->id) : NULL;
	free(joined);
	if (!name)
		return XF_NOMEM;
	int rc = add_condition(c->x, name, and_condition(rc_name, pc_name));
	if (rc == XF_OK)
		*out = cJSON_CreateString(name);
	free(name);
	return rc;
}

/* ---- role policies (model/iam.py IAMRolePolicies) ---- */

static cJSON *statement(const char *action, cJSON *resource)
{
	cJSON *s = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(s, "Action", action);
	SAMC_JSON_ADD_STRING(s, "Effect", "Allow");
	SAMC_JSON_ADD(s, "Resource", resource);
	return s;
}

/* {"Fn::Join": ["/", [arn, "*"]]} */
static cJSON *bucket_objects(const cJSON *arn)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *args = SAMC_JSON_ADD_ARRAY(o, "Fn::Join");
	cJSON_AddItemToArray(args, cJSON_CreateString("/"));
	cJSON *parts = cJSON_CreateArray();
	cJSON_AddItemToArray(parts, xf_dup(arn));
	cJSON_AddItemToArray(parts, cJSON_CreateString("*"));
	cJSON_AddItemToArray(args, parts);
	return o;
}

static cJSON *statements_for(const char *type, const cJSON *arn, const char **suffix)
{
	static const char *const simple[][3] = {
		{"SQS", "SQSPolicy", "sqs:SendMessage"},
		{"SNS", "SNSPolicy", "sns:publish"},
		{"EventBridge", "EventBridgePolicy", "events:PutEvents"},
		{"Lambda", "LambdaPolicy", "lambda:InvokeFunction"},
	};
	cJSON *list = cJSON_CreateArray();
	for (size_t i = 0; i < sizeof(simple) / sizeof(simple[0]); i++)
		if (strcmp(simple[i][0], type) == 0) {
			*suffix = simple[i][1];
			cJSON_AddItemToArray(list, statement(simple[i][2], xf_dup(arn)));
			return list;
		}
	*suffix = "S3Policy";
	cJSON_AddItemToArray(list, statement("s3:PutObject", bucket_objects(arn)));
	cJSON_AddItemToArray(list, statement("s3:ListBucket", xf_dup(arn)));
	return list;
}

/* _add_event_invoke_managed_policy */
static int add_policy(invoke_ctx *c, const destination *d, const cJSON *arn)
{
	const char *suffix = NULL;
	cJSON *list = statements_for(d->type, arn, &suffix);
	cJSON *policy = cJSON_CreateObject();
	char *name = samc_strfmt("%s%s", d->resource_id, suffix);
	if (!list || !policy || !name) {
		cJSON_Delete(list);
		cJSON_Delete(policy);
		free(name);
		return XF_NOMEM;
	}
	SAMC_JSON_ADD_STRING(policy, "PolicyName", name);
	free(name);
	cJSON *document = SAMC_JSON_ADD_OBJECT(policy, "PolicyDocument");
	SAMC_JSON_ADD(document, "Statement", list);
	cJSON_AddItemToArray(c->policies, policy);
	return XF_OK;
}

/* ---- the auto-created queue or topic ---- */

static bool auto_created(const char *type)
{
	return strcmp(type, "SQS") == 0 || strcmp(type, "SNS") == 0;
}

/* make_conditional(condition, arn, dest_arn); a missing else branch is AWS::NoValue. */
static cJSON *conditional(const cJSON *condition, cJSON *then_v, const cJSON *else_v)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *list = SAMC_JSON_ADD_ARRAY(o, "Fn::If");
	cJSON_AddItemToArray(list, xf_dup(condition));
	cJSON_AddItemToArray(list, then_v);
	cJSON_AddItemToArray(list, else_v ? xf_dup(else_v) : xf_ref("AWS::NoValue"));
	return o;
}

/* SQSQueue <id>Queue or SNSTopic <id>Topic; sets d->value to its ARN (maybe conditional). */
static int emit_auto_resource(invoke_ctx *c, destination *d, cJSON *condition)
{
	bool sqs = strcmp(d->type, "SQS") == 0;
	char *id = samc_strfmt("%s%s", d->resource_id, sqs ? "Queue" : "Topic");
	cJSON *r = xf_new_resource(sqs ? "AWS::SQS::Queue" : "AWS::SNS::Topic");
	if (!id || !r) {
		free(id);
		cJSON_Delete(r);
		cJSON_Delete(condition);
		return XF_NOMEM;
	}
	fe_copy_child_attributes(r, c->fn->attrs);
	if (xf_truthy(condition))
		fe_set_attribute(r, "Condition", condition);
	else
		cJSON_Delete(condition);
	cJSON *arn = sqs ? xf_getatt(id, "Arn") : xf_ref(id);
	d->value = xf_truthy(d->property_condition) ? conditional(d->property_condition, arn, d->dest_arn) : arn;
	int rc = xf_emit(c->x, c->fn->id, id, r);
	if (rc == XF_OK)
		rc = xf_refer(c->x, c->fn->id, sqs ? "DestinationQueue" : "DestinationTopic", id);
	free(id);
	return rc;
}

/* The Destination is missing or conditional: SQS/SNS get a generated resource. */
static int inject_resource(invoke_ctx *c, destination *d)
{
	cJSON *condition = NULL;
	if (combined_condition(c, d->property_condition, &condition))
		return XF_FAIL;
	if (!auto_created(d->type)) {
		cJSON_Delete(condition);
		return xf_fail_resource(c->x, c->fn->id, "Destination is required if Type is not ['SQS', 'SNS']");
	}
	if (emit_auto_resource(c, d, condition))
		return XF_FAIL;
	return add_policy(c, d, d->value);
}

static const char *accepted_type(const cJSON *type)
{
	for (size_t i = 0; cJSON_IsString(type) && i < sizeof(accepted_types) / sizeof(accepted_types[0]); i++)
		if (strcmp(accepted_types[i], type->valuestring) == 0)
			return accepted_types[i];
	return NULL;
}

static int type_error(invoke_ctx *c, const cJSON *type)
{
	char *shown = xf_pystr(cJSON_IsNull(type) ? NULL : type);
	int rc = shown ? xf_fail_resource(c->x, c->fn->id,
					  "'Type: %s' must be one of ['SQS', 'SNS', 'EventBridge', 'Lambda', "
					  "'S3Bucket']",
					  shown)
		       : XF_NOMEM;
	free(shown);
	return rc;
}

/* _validate_and_inject_resource */
static int resolve_destination(invoke_ctx *c, destination *d, const cJSON *dest_config)
{
	const cJSON *type = xf_get(dest_config, "Type");
	if (!(d->type = accepted_type(type)))
		return type_error(c, type);
	const cJSON *given = xf_get(dest_config, "Destination");
	d->given = cJSON_IsNull(given) ? NULL : given;
	d->resource_id = samc_strfmt("%s%s", c->config_id, d->event);
	if (!d->resource_id)
		return XF_NOMEM;
	if (get_or_make_condition(c, d))
		return XF_FAIL;
	if (!d->given || d->property_condition)
		return inject_resource(c, d);
	d->value = xf_dup(d->given);
	return add_policy(c, d, d->given);
}

/* DestinationConfig.OnSuccess / OnFailure: appends {"Destination": ...} to `out`. */
static int one_destination(invoke_ctx *c, const cJSON *input, const char *event, cJSON *out)
{
	const cJSON *dest_config = xf_get(input, event);
	if (!dest_config || cJSON_IsNull(dest_config))
		return XF_OK;
	char *path = samc_strfmt("EventInvokeConfig.DestinationConfig.%s", event);
	int rc = path ? xf_expect_map(c->x, c->fn->id, dest_config, path) : XF_NOMEM;
	free(path);
	if (rc)
		return rc;
	destination d = {.event = event};
	rc = resolve_destination(c, &d, dest_config);
	if (rc == XF_OK) {
		cJSON *entry = cJSON_AddObjectToObject(out, event);
		SAMC_JSON_ADD(entry, "Destination", d.value);
		d.value = NULL;
	}
	destination_free(&d);
	return rc;
}

static int destinations(invoke_ctx *c, const cJSON *resolved, cJSON *out)
{
	const cJSON *input = xf_get(resolved, "DestinationConfig");
	if (!xf_truthy(input))
		return XF_OK;
	if (xf_expect_map(c->x, c->fn->id, input, "EventInvokeConfig.DestinationConfig"))
		return XF_FAIL;
	if (one_destination(c, input, "OnSuccess", out))
		return XF_FAIL;
	return one_destination(c, input, "OnFailure", out);
}

/* ---- the AWS::Lambda::EventInvokeConfig ---- */

/* Built with self.resource_attributes: every supported attribute of the SAM function. */
static void copy_all_attributes(cJSON *r, const cJSON *sam)
{
	static const char *const names[] = {"DeletionPolicy", "UpdatePolicy", "Condition", "UpdateReplacePolicy",
					    "Metadata"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const cJSON *v = xf_get(sam, names[i]);
		if (v)
			fe_set_attribute(r, names[i], xf_dup(v));
	}
}

static void copy_unless_none(cJSON *props, const cJSON *from, const char *key)
{
	const cJSON *v = xf_get(from, key);
	if (v && !cJSON_IsNull(v))
		xf_set(props, key, xf_dup(v));
}

static cJSON *invoke_config_resource(invoke_ctx *c, const char *alias_name, const cJSON *alias,
				     const cJSON *resolved, cJSON *dest_out)
{
	cJSON *r = xf_new_resource("AWS::Lambda::EventInvokeConfig");
	if (!r) {
		cJSON_Delete(dest_out);
		return NULL;
	}
	const char *alias_id = c->fn->alias_id ? c->fn->alias_id : (alias ? alias->string : NULL);
	if (alias && alias_id) {
		cJSON *deps = cJSON_CreateArray();
		cJSON_AddItemToArray(deps, cJSON_CreateString(alias_id));
		fe_set_attribute(r, "DependsOn", deps);
	}
	copy_all_attributes(r, c->fn->sam);
	cJSON *props = xf_props(r);
	xf_set(props, "DestinationConfig", dest_out);
	xf_set(props, "FunctionName", xf_ref(c->fn->id));
	copy_unless_none(props, resolved, "MaximumEventAgeInSeconds");
	copy_unless_none(props, resolved, "MaximumRetryAttempts");
	xf_set(props, "Qualifier", xf_str(alias_name && *alias_name ? alias_name : "$LATEST"));
	return r;
}

/* resolve_parameter_refs(EventInvokeConfig); a value that is not a dict fails on .get(). */
static cJSON *resolved_config(xf *x, const cJSON *config)
{
	cJSON *resolved = xf_resolved_copy(x, config);
	if (!resolved || cJSON_IsObject(resolved))
		return resolved;
	char *msg = samc_strfmt("'%s' object has no attribute 'get'", xf_pytype(resolved));
	cJSON_Delete(resolved);
	if (msg)
		python_crash(x, msg);
	free(msg);
	return NULL;
}

static int build(invoke_ctx *c, const char *alias_name, const cJSON *alias, const cJSON *config)
{
	cJSON *resolved = resolved_config(c->x, config);
	if (!resolved)
		return c->x->pending.kind != XF_ERR_NONE ? XF_FAIL : XF_NOMEM;
	cJSON *dest_out = cJSON_CreateObject();
	int rc = dest_out ? destinations(c, resolved, dest_out) : XF_NOMEM;
	if (rc == XF_OK) {
		cJSON *r = invoke_config_resource(c, alias_name, alias, resolved, dest_out);
		rc = xf_emit(c->x, c->fn->id, c->config_id, r);
	} else
		cJSON_Delete(dest_out);
	cJSON_Delete(resolved);
	return rc;
}

int xf_event_invoke_config(xf *x, const xf_fn *fn, const char *alias_name, const cJSON *alias,
			   const cJSON *config, cJSON *policies)
{
	if (!xf_truthy(config))
		return XF_OK;
	invoke_ctx c = {x, fn, samc_strfmt("%sEventInvokeConfig", fn->id), policies};
	if (!c.config_id)
		return XF_NOMEM;
	int rc = build(&c, alias_name, alias, config);
	free(c.config_id);
	return rc;
}
