/* state_machine.c — AWS::Serverless::StateMachine: validation, the Step Functions state machine,
 * its execution role, tags, and the order of version, alias and event resources. */
#include "transform/state_machine.h"

#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/policies.h"
#include "util/buf.h"

static const xf_prop_spec STATE_MACHINE_PROPS[] = {
	{"Definition", false, XF_IS_DICT, false},
	{"DefinitionUri", false, XF_STR_OR_DICT, false},
	{"Logging", false, XF_IS_DICT, false},
	{"Role", false, XF_IS_STR, false},
	{"RolePath", false, XF_ANY, false},
	{"DefinitionSubstitutions", false, XF_IS_DICT, false},
	{"Events", false, XF_DICT_OF_STR_DICT, false},
	{"Name", false, XF_IS_STR, false},
	{"Type", false, XF_IS_STR, false},
	{"Tags", false, XF_IS_DICT, false},
	{"PropagateTags", false, XF_IS_BOOL, false},
	{"Policies", false, XF_STR_OR_DICT_OR_LIST_OF_STR_OR_DICT, false},
	{"Tracing", false, XF_IS_DICT, false},
	{"PermissionsBoundary", false, XF_IS_STR, false},
	{"AutoPublishAlias", false, XF_ANY, false},
	{"DeploymentPreference", false, XF_ANY, false},
	{"UseAliasAsEventTarget", false, XF_IS_BOOL, true},
	{NULL, false, XF_ANY, false},
};

const cJSON *sm_prop(const sm_build *b, const char *name)
{
	const cJSON *v = xf_get(b->props, name);
	return cJSON_IsNull(v) ? NULL : v;
}

xf_fn sm_event_target(const sm_build *b)
{
	bool alias = xf_truthy(sm_prop(b, "UseAliasAsEventTarget")) && b->alias_id;
	xf_fn fn = {b->id, b->sam, b->machine, alias ? b->alias_id : NULL, NULL, b->child_attrs};
	return fn;
}

/* ---- attributes ---- */

static void collect_attributes(sm_build *b)
{
	static const char *const names[] = {"DeletionPolicy", "UpdatePolicy", "Condition", "UpdateReplacePolicy",
					    "Metadata"};
	b->main_attrs = cJSON_CreateObject();
	b->child_attrs = cJSON_CreateObject();
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const cJSON *v = xf_get(b->sam, names[i]);
		if (!v)
			continue;
		samc_json_add_key(b->main_attrs, names[i], cJSON_Duplicate(v, 1));
		if (strcmp(names[i], "UpdatePolicy") != 0 && strcmp(names[i], "Metadata") != 0)
			samc_json_add_key(b->child_attrs, names[i], cJSON_Duplicate(v, 1));
	}
}

/* ---- tags ---- */

static cJSON *tag(const char *key, cJSON *value)
{
	cJSON *t = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(t, "Key", key);
	SAMC_JSON_ADD(t, "Value", value);
	return t;
}

cJSON *sm_tag_list(const sm_build *b)
{
	cJSON *list = cJSON_CreateArray();
	cJSON_AddItemToArray(list, tag("stateMachine:createdBy", cJSON_CreateString("SAM")));
	const cJSON *tags = sm_prop(b, "Tags");
	for (const cJSON *t = cJSON_IsObject(tags) ? tags->child : NULL; t; t = t->next)
		cJSON_AddItemToArray(list, tag(t->string, cJSON_IsNull(t) ? cJSON_CreateString("") : xf_dup(t)));
	return list;
}

/* ---- the execution role ---- */

static cJSON *states_assume_role_policy(void)
{
	return cJSON_Parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Action\":[\"sts:AssumeRole\"],"
			   "\"Effect\":\"Allow\",\"Principal\":{\"Service\":[\"states.amazonaws.com\"]}}]}");
}

/* self.policies[:] plus the X-Ray managed policy name when Tracing.Enabled is True. */
static cJSON *role_policies(const sm_build *b)
{
	const cJSON *policies = sm_prop(b, "Policies");
	cJSON *list = cJSON_IsArray(policies) ? xf_dup(policies) : cJSON_CreateArray();
	if (policies && !cJSON_IsArray(policies) && xf_truthy(policies))
		cJSON_AddItemToArray(list, xf_dup(policies));
	if (cJSON_IsTrue(xf_get(sm_prop(b, "Tracing"), "Enabled")))
		cJSON_AddItemToArray(list, cJSON_CreateString(strcmp(b->x->partition, "aws") == 0
								     ? "AWSXrayWriteOnlyAccess"
								     : "AWSXRayDaemonWriteAccess"));
	return list;
}

static int emit_role(sm_build *b)
{
	cJSON *policies = role_policies(b);
	xf_role_spec spec = {
		.resource_id = b->id,
		.attributes = b->child_attrs,
		.assume_role_policy = states_assume_role_policy(),
		.policies = policies,
		.managed_policy_arns = cJSON_CreateArray(),
		.policy_documents = cJSON_CreateArray(),
		.role_path = sm_prop(b, "RolePath"),
		.permissions_boundary = sm_prop(b, "PermissionsBoundary"),
		.tags = sm_tag_list(b),
	};
	cJSON *role = xf_build_role(b->x, &spec);
	cJSON_Delete(policies);
	cJSON_Delete(spec.assume_role_policy);
	cJSON_Delete(spec.managed_policy_arns);
	cJSON_Delete(spec.policy_documents);
	cJSON_Delete(spec.tags);
	if (!role)
		return XF_FAIL;
	char *role_id = samc_strfmt("%sRole", b->id);
	xf_set(xf_props(b->machine), "RoleArn", xf_getatt(role_id, "Arn"));
	int rc = xf_emit(b->x, b->id, role_id, role);
	free(role_id);
	return rc;
}

static int role_arn(sm_build *b)
{
	const cJSON *role = sm_prop(b, "Role");
	bool has_policies = xf_truthy(sm_prop(b, "Policies"));
	if (xf_truthy(role) && has_policies)
		return xf_fail_resource(b->x, b->id, "Specify either 'Role' or 'Policies' (but not both at the same "
						     "time) or neither of them");
	if (xf_truthy(role)) {
		xf_set(xf_props(b->machine), "RoleArn", xf_dup(role));
		return XF_OK;
	}
	return emit_role(b);
}

/* ---- the state machine ---- */

static cJSON *new_machine(const sm_build *b)
{
	cJSON *r = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(r, "Type", "AWS::StepFunctions::StateMachine");
	const cJSON *depends = xf_get(b->sam, "DependsOn");
	if (xf_truthy(depends))
		SAMC_JSON_ADD(r, "DependsOn", xf_dup(depends));
	for (const cJSON *a = b->main_attrs->child; a; a = a->next)
		samc_json_add_key(r, a->string, xf_dup(a));
	SAMC_JSON_ADD_OBJECT(r, "Properties");
	return r;
}

static void copy_prop(sm_build *b, const char *from, const char *to)
{
	const cJSON *v = sm_prop(b, from);
	if (v)
		xf_set(xf_props(b->machine), to, xf_dup(v));
}

static void fill_plain_properties(sm_build *b)
{
	copy_prop(b, "Name", "StateMachineName");
	copy_prop(b, "Type", "StateMachineType");
	copy_prop(b, "Logging", "LoggingConfiguration");
	copy_prop(b, "Tracing", "TracingConfiguration");
	xf_set(xf_props(b->machine), "Tags", sm_tag_list(b));
}

/* Emits the state machine now that it is complete; later steps read it from the output. */
static int emit_machine(sm_build *b)
{
	cJSON *machine = b->machine;
	b->machine = NULL;
	int rc = xf_emit(b->x, b->id, b->id, machine);
	b->machine = xf_resource(b->x, b->id);
	return rc;
}

/* Resource.assign_tags on every generated resource whose type takes a tag list. */
static bool takes_tag_list(const char *type)
{
	static const char *const types[] = {"AWS::StepFunctions::StateMachine", "AWS::IAM::Role", "AWS::SQS::Queue"};
	for (size_t i = 0; type && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(types[i], type) == 0)
			return true;
	return false;
}

static void propagate_tags(sm_build *b)
{
	const cJSON *tags = sm_prop(b, "Tags");
	if (!xf_truthy(sm_prop(b, "PropagateTags")) || !xf_truthy(tags) || !b->x->emitted)
		return;
	for (const cJSON *id = b->x->emitted->child; id; id = id->next) {
		cJSON *r = xf_resource(b->x, id->valuestring);
		if (!takes_tag_list(xf_get_str(r, "Type")))
			continue;
		cJSON *list = cJSON_CreateArray();
		for (const cJSON *t = tags->child; t; t = t->next)
			cJSON_AddItemToArray(list,
					     tag(t->string, cJSON_IsNull(t) ? cJSON_CreateString("") : xf_dup(t)));
		xf_set(xf_props(r), "Tags", list);
	}
}

static int expand_body(sm_build *b)
{
	b->machine = new_machine(b);
	if (sm_definition(b) || role_arn(b))
		return XF_FAIL;
	fill_plain_properties(b);
	if (emit_machine(b) || sm_version_and_alias(b) || sm_events(b))
		return XF_FAIL;
	propagate_tags(b);
	return XF_OK;
}

static void build_free(sm_build *b)
{
	cJSON_Delete(b->props);
	cJSON_Delete(b->main_attrs);
	cJSON_Delete(b->child_attrs);
	if (b->machine && b->machine != xf_resource(b->x, b->id))
		cJSON_Delete(b->machine);
	free(b->alias_id);
	sm_events_free(b);
}

int xf_expand_state_machine(xf *x, const char *id, const cJSON *sam)
{
	sm_build b = {0};
	b.x = x;
	b.id = id;
	b.sam = sam;
	const cJSON *props = xf_get(sam, "Properties");
	b.props = props ? cJSON_Duplicate(props, 1) : cJSON_CreateObject();
	collect_attributes(&b);
	int rc = XF_FAIL;
	if (!cJSON_IsObject(b.props))
		xf_fail_resource(x, id, "Properties of a resource must be an object.");
	else if (xf_expand_policy_templates(x, id, b.props) == XF_OK &&
		 xf_validate_props(x, id, "AWS::Serverless::StateMachine", b.props, STATE_MACHINE_PROPS) == XF_OK &&
		 sm_link_events(&b) == XF_OK)
		rc = expand_body(&b);
	build_free(&b);
	return rc;
}
