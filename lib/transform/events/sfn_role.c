/* sfn_role.c — the IAM role a state machine event source assumes (EventSource._construct_role):
 * trusted by the event's service, allowed states:StartExecution on the target. */
#include <stdlib.h>

#include "json/members.h"
#include "transform/events/push_common.h"
#include "transform/events/sfn.h"
#include "util/buf.h"

/* IAMRolePolicies.construct_assume_role_policy_for_service_principal */
static cJSON *assume_role_policy(const char *principal)
{
	cJSON *doc = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(doc, "Version", "2012-10-17");
	cJSON *statement = cJSON_CreateObject();
	cJSON *action = SAMC_JSON_ADD_ARRAY(statement, "Action");
	cJSON_AddItemToArray(action, cJSON_CreateString("sts:AssumeRole"));
	SAMC_JSON_ADD_STRING(statement, "Effect", "Allow");
	cJSON *service = SAMC_JSON_ADD_ARRAY(SAMC_JSON_ADD_OBJECT(statement, "Principal"), "Service");
	cJSON_AddItemToArray(service, cJSON_CreateString(principal));
	cJSON_AddItemToArray(SAMC_JSON_ADD_ARRAY(doc, "Statement"), statement);
	return doc;
}

/* IAMRolePolicies.step_functions_start_execution_role_policy */
static cJSON *start_execution_policy(const xf_fn *fn, const char *role_id)
{
	cJSON *policy = cJSON_CreateObject();
	char *name = samc_strfmt("%sStartExecutionPolicy", role_id);
	SAMC_JSON_ADD_STRING(policy, "PolicyName", name ? name : "");
	free(name);
	cJSON *statement = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(statement, "Action", "states:StartExecution");
	SAMC_JSON_ADD_STRING(statement, "Effect", "Allow");
	SAMC_JSON_ADD(statement, "Resource", xf_fn_target_arn(fn));
	cJSON *doc = SAMC_JSON_ADD_OBJECT(policy, "PolicyDocument");
	cJSON_AddItemToArray(SAMC_JSON_ADD_ARRAY(doc, "Statement"), statement);
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
	cJSON_AddItemToArray(SAMC_JSON_ADD_ARRAY(props, "Policies"), start_execution_policy(fn, *role_id));
	const cJSON *boundary = xf_get(xf_get(fn->sam, "Properties"), "PermissionsBoundary");
	if (xf_truthy(boundary))
		xf_set(props, "PermissionsBoundary", xf_dup(boundary));
	return push_emit(x, fn, *role_id, role);
}
