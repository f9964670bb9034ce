/* sfn_role.c — the IAM role a state machine event source assumes (EventSource._construct_role):
 * trusted by the event's service, allowed states:StartExecution on the target. */
#include <stdlib.h>

#include "transform/events/push_common.h"
#include "transform/events/sfn.h"
#include "util/buf.h"

/* IAMRolePolicies.construct_assume_role_policy_for_service_principal */
static cJSON *assume_role_policy(const char *principal)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "Version", "2012-10-17");
	cJSON *statement = cJSON_CreateObject();
	cJSON *action = cJSON_AddArrayToObject(statement, "Action");
	cJSON_AddItemToArray(action, cJSON_CreateString("sts:AssumeRole"));
	cJSON_AddStringToObject(statement, "Effect", "Allow");
	cJSON *service = cJSON_AddArrayToObject(cJSON_AddObjectToObject(statement, "Principal"), "Service");
	cJSON_AddItemToArray(service, cJSON_CreateString(principal));
	cJSON_AddItemToArray(cJSON_AddArrayToObject(doc, "Statement"), statement);
	return doc;
}

/* IAMRolePolicies.step_functions_start_execution_role_policy */
static cJSON *start_execution_policy(const xf_fn *fn, const char *role_id)
{
	cJSON *policy = cJSON_CreateObject();
	char *name = samc_strfmt("%sStartExecutionPolicy", role_id);
	cJSON_AddStringToObject(policy, "PolicyName", name ? name : "");
	free(name);
	cJSON *statement = cJSON_CreateObject();
	cJSON_AddStringToObject(statement, "Action", "states:StartExecution");
	cJSON_AddStringToObject(statement, "Effect", "Allow");
	cJSON_AddItemToObject(statement, "Resource", xf_fn_target_arn(fn));
	cJSON *doc = cJSON_AddObjectToObject(policy, "PolicyDocument");
	cJSON_AddItemToArray(cJSON_AddArrayToObject(doc, "Statement"), statement);
	return policy;
}

int sfn_emit_event_role(xf *x, const xf_fn *fn, const xf_event *ev, const char *principal, char **role_id)
{
	*role_id = samc_strfmt("%sRole", ev->logical_id);
	cJSON *role = push_new_resource("AWS::IAM::Role", fn, NULL);
	if (!*role_id || !role) {
		cJSON_Delete(role);
		return XF_NOMEM;
	}
	cJSON *props = xf_props(role);
	xf_set(props, "AssumeRolePolicyDocument", assume_role_policy(principal));
	cJSON_AddItemToArray(cJSON_AddArrayToObject(props, "Policies"), start_execution_policy(fn, *role_id));
	const cJSON *boundary = xf_get(xf_get(fn->sam, "Properties"), "PermissionsBoundary");
	if (xf_truthy(boundary))
		xf_set(props, "PermissionsBoundary", xf_dup(boundary));
	return push_emit(x, fn, *role_id, role);
}
