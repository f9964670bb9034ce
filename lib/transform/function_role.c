/* function_role.c — the execution role of a SAM Function (<Fn>Role): managed policies for
 * logging, tracing and VPC, the Policies property, DLQ and destination policies, Fn::If roles. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/function_build.h"
#include "transform/policies.h"
#include "util/buf.h"

static cJSON *lambda_assume_role_policy(void)
{
	cJSON *doc = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(doc, "Version", "2012-10-17");
	cJSON *stmts = SAMC_JSON_ADD_ARRAY(doc, "Statement");
	cJSON *s = cJSON_CreateObject();
	cJSON *action = SAMC_JSON_ADD_ARRAY(s, "Action");
	cJSON_AddItemToArray(action, cJSON_CreateString("sts:AssumeRole"));
	SAMC_JSON_ADD_STRING(s, "Effect", "Allow");
	cJSON *principal = SAMC_JSON_ADD_OBJECT(s, "Principal");
	cJSON *service = SAMC_JSON_ADD_ARRAY(principal, "Service");
	cJSON_AddItemToArray(service, cJSON_CreateString("lambda.amazonaws.com"));
	cJSON_AddItemToArray(stmts, s);
	return doc;
}

static void add_managed(cJSON *arns, const xf *x, const char *name)
{
	char *arn = xf_aws_managed_policy_arn(x, name);
	cJSON_AddItemToArray(arns, cJSON_CreateString(arn ? arn : ""));
	free(arn);
}

static bool tracing_on(fn_build *b)
{
	const cJSON *tracing = fb_prop(b, "Tracing");
	if (!xf_truthy(tracing))
		return false;
	cJSON *resolved = xf_resolved_copy(b->x, tracing);
	bool off = cJSON_IsString(resolved) && strcmp(resolved->valuestring, "Disabled") == 0;
	cJSON_Delete(resolved);
	return !off;
}

static cJSON *managed_policy_arns(fn_build *b)
{
	cJSON *arns = cJSON_CreateArray();
	add_managed(arns, b->x,
		    xf_truthy(fb_prop(b, "DurableConfig")) ? "service-role/AWSLambdaBasicDurableExecutionRolePolicy"
							   : "service-role/AWSLambdaBasicExecutionRole");
	if (tracing_on(b))
		add_managed(arns, b->x,
			    strcmp(b->x->partition, "aws") == 0 ? "AWSXrayWriteOnlyAccess" : "AWSXRayDaemonWriteAccess");
	if (xf_truthy(fb_prop(b, "VpcConfig")))
		add_managed(arns, b->x, "service-role/AWSLambdaVPCAccessExecutionRole");
	return arns;
}

static cJSON *dead_letter_policy(fn_build *b)
{
	const cJSON *dlq = fb_prop(b, "DeadLetterQueue");
	const char *type = xf_get_str(dlq, "Type");
	cJSON *p = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(p, "PolicyName", "DeadLetterQueuePolicy");
	cJSON *doc = SAMC_JSON_ADD_OBJECT(p, "PolicyDocument");
	SAMC_JSON_ADD_STRING(doc, "Version", "2012-10-17");
	cJSON *stmts = SAMC_JSON_ADD_ARRAY(doc, "Statement");
	cJSON *s = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(s, "Action", type && strcmp(type, "SNS") == 0 ? "sns:Publish" : "sqs:SendMessage");
	SAMC_JSON_ADD(s, "Resource", cJSON_Duplicate(xf_get(dlq, "TargetArn"), 1));
	SAMC_JSON_ADD_STRING(s, "Effect", "Allow");
	cJSON_AddItemToArray(stmts, s);
	return p;
}

static cJSON *policy_documents(fn_build *b)
{
	cJSON *docs = cJSON_CreateArray();
	if (xf_truthy(fb_prop(b, "DeadLetterQueue")))
		cJSON_AddItemToArray(docs, dead_letter_policy(b));
	if (xf_truthy(fb_prop(b, "EventInvokeConfig")))
		for (cJSON *p = b->invoke_policies->child; p; p = p->next)
			cJSON_AddItemToArray(docs, cJSON_Duplicate(p, 1));
	return docs;
}

static cJSON *construct_role(fn_build *b)
{
	const cJSON *assume = fb_prop(b, "AssumeRolePolicyDocument");
	cJSON *tags = fb_tag_list(b);
	if (!tags)
		return NULL;
	xf_role_spec spec = {
		.resource_id = b->id,
		.attributes = b->child_attrs,
		.assume_role_policy = assume ? cJSON_Duplicate(assume, 1) : lambda_assume_role_policy(),
		.policies = fb_prop(b, "Policies"),
		.managed_policy_arns = managed_policy_arns(b),
		.policy_documents = policy_documents(b),
		.role_path = fb_prop(b, "RolePath"),
		.permissions_boundary = fb_prop(b, "PermissionsBoundary"),
		.tags = tags,
	};
	cJSON *role = xf_build_role(b->x, &spec);
	cJSON_Delete(spec.assume_role_policy);
	cJSON_Delete(spec.managed_policy_arns);
	cJSON_Delete(spec.policy_documents);
	cJSON_Delete(spec.tags);
	return role;
}

static void set_role_condition(cJSON *role, const char *condition)
{
	cJSON *props = cJSON_DetachItemFromObjectCaseSensitive(role, "Properties");
	cJSON_DeleteItemFromObjectCaseSensitive(role, "Condition");
	SAMC_JSON_ADD_STRING(role, "Condition", condition);
	SAMC_JSON_ADD(role, "Properties", props);
}

static cJSON *make_if(const cJSON *cond, cJSON *then_v, cJSON *else_v)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *arr = SAMC_JSON_ADD_ARRAY(o, "Fn::If");
	cJSON_AddItemToArray(arr, cJSON_Duplicate(cond, 1));
	cJSON_AddItemToArray(arr, then_v);
	cJSON_AddItemToArray(arr, else_v);
	return o;
}

static cJSON *conditions_section(xf *x)
{
	if (!x->conditions) {
		x->conditions = cJSON_CreateObject();
		SAMC_JSON_ADD(x->tpl, "Conditions", x->conditions);
	}
	return x->conditions;
}

/* _make_lambda_role: the user's Role is an Fn::If; a NoValue branch means "use the generated role". */
static int conditional_role(fn_build *b, cJSON *role, bool *emit)
{
	cJSON *fprops = xf_props(b->function);
	cJSON *user_role = cJSON_GetObjectItemCaseSensitive(fprops, "Role");
	if (xf_resolve_params(b->x, &user_role))
		return XF_FAIL;
	cJSON_ReplaceItemInObjectCaseSensitive(fprops, "Role", user_role);
	const cJSON *items = xf_get(user_role, "Fn::If");
	if (!cJSON_IsArray(items) || cJSON_GetArraySize(items) != 3)
		return xf_fail_resource(b->x, b->id, "Malformed 'Role' property: Fn::If requires 3 arguments.");
	const cJSON *cond = items->child, *then_v = cond->next, *else_v = then_v->next;
	char *role_id = samc_strfmt("%sRole", b->id);
	cJSON *value = NULL;
	if (xf_is_no_value(then_v) && xf_is_no_value(else_v))
		value = xf_getatt(role_id, "Arn");
	else if (xf_is_no_value(then_v)) {
		value = make_if(cond, xf_getatt(role_id, "Arn"), cJSON_Duplicate(else_v, 1));
		if (cJSON_IsString(cond))
			set_role_condition(role, cond->valuestring);
	} else if (xf_is_no_value(else_v) && cJSON_IsString(cond)) {
		value = make_if(cond, cJSON_Duplicate(then_v, 1), xf_getatt(role_id, "Arn"));
		char *not_name = samc_strfmt("NOT%s", cond->valuestring);
		set_role_condition(role, not_name);
		cJSON *not_cond = cJSON_CreateObject();
		cJSON *arr = SAMC_JSON_ADD_ARRAY(not_cond, "Fn::Not");
		cJSON *c = cJSON_CreateObject();
		SAMC_JSON_ADD_STRING(c, "Condition", cond->valuestring);
		cJSON_AddItemToArray(arr, c);
		xf_set(conditions_section(b->x), not_name, not_cond);
		free(not_name);
	}
	free(role_id);
	*emit = value != NULL;
	if (value)
		xf_set(fprops, "Role", value);
	return XF_OK;
}

int fb_role(fn_build *b)
{
	cJSON *role = construct_role(b);
	if (!role)
		return XF_FAIL;
	char *role_id = samc_strfmt("%sRole", b->id);
	cJSON *fprops = xf_props(b->function);
	const cJSON *user_role = xf_get(fprops, "Role");
	bool emit = false;
	int rc = XF_OK;
	if (!user_role || cJSON_IsNull(user_role)) {
		xf_set(fprops, "Role", xf_getatt(role_id, "Arn"));
		emit = true;
	} else if (xf_is_fn(user_role, "Fn::If"))
		rc = conditional_role(b, role, &emit);
	if (rc == XF_OK && emit) {
		rc = xf_emit(b->x, b->id, role_id, role);
		b->role = rc == XF_OK ? xf_resource(b->x, role_id) : NULL;
	} else
		cJSON_Delete(role);
	free(role_id);
	return rc;
}
