/* deployment_preference.c — DeploymentPreference of SAM Functions (CodeDeploy): validation and
 * the alias UpdatePolicy per function, then the shared application, service role and groups. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/function_extras.h"
#include "transform/function_extras_util.h"
#include "util/buf.h"

#define APPLICATION_ID "ServerlessDeploymentApplication"
#define SERVICE_ROLE_ID "CodeDeployServiceRole"
#define CONDITION_NAME "ServerlessCodeDeployCondition"
#define MAX_OR_CONDITIONS 10

/* Each recorded preference (x->deployment_prefs[function id]) is an object with the fields of
 * the reference's DeploymentPreference tuple: "enabled" (bool), and when enabled "type",
 * "pre", "post", "alarms", "role", "triggers", "condition", "tags", "propagate" (absent = None). */

static bool str_is(const cJSON *v, const char *s)
{
	return cJSON_IsString(v) && strcmp(v->valuestring, s) == 0;
}

/* ---- resolving Enabled / Type / PassthroughCondition ---- */

/* work[key] = mappings.resolve(params.resolve(work[key])) when the key is present. */
static int resolve_key(xf *x, cJSON *work, const char *key)
{
	cJSON *v = cJSON_DetachItemFromObjectCaseSensitive(work, key);
	if (!v)
		return XF_OK;
	int rc = xf_resolve_params(x, &v);
	if (rc == XF_OK)
		rc = xf_resolve_find_in_map(x, &v);
	if (rc != XF_OK) {
		cJSON_Delete(v);
		return rc;
	}
	xf_set(work, key, v);
	return XF_OK;
}

/* `value in [True, "true", "True"]` (1 == True in Python), and the same for False. */
static bool python_true(const cJSON *v)
{
	return cJSON_IsTrue(v) || (cJSON_IsNumber(v) && v->valuedouble == 1) || str_is(v, "true") ||
	       str_is(v, "True");
}

static bool python_false(const cJSON *v)
{
	return cJSON_IsFalse(v) || (cJSON_IsNumber(v) && v->valuedouble == 0) || str_is(v, "false") ||
	       str_is(v, "False");
}

/* _resolve_property_to_boolean for PassthroughCondition (absent: False, the feature toggle's
 * default). */
static int passthrough_condition(xf *x, const xf_fn *fn, cJSON *work, bool *out)
{
	*out = false;
	if (!xf_get(work, "PassthroughCondition"))
		return XF_OK;
	if (resolve_key(x, work, "PassthroughCondition"))
		return XF_FAIL;
	const cJSON *v = xf_get(work, "PassthroughCondition");
	if (python_true(v) || python_false(v)) {
		*out = python_true(v);
		return XF_OK;
	}
	if (xf_is_cfn_intrinsic(v))
		return xf_fail_resource(x, fn->id,
					"Unsupported intrinsic: the only intrinsic functions supported for property "
					"PassthroughCondition are FindInMap and parameter Refs.");
	return xf_fail_resource(x, fn->id, "Invalid value for property PassthroughCondition.");
}

/* ---- DeploymentPreference.from_dict ---- */

static bool preference_enabled(const cJSON *work)
{
	const cJSON *enabled = xf_get(work, "Enabled");
	if (!enabled)
		return true;
	if (str_is(enabled, "false") || str_is(enabled, "False"))
		return false;
	return xf_truthy(enabled);
}

static void record_copy(cJSON *record, const char *field, const cJSON *v)
{
	if (v && !cJSON_IsNull(v))
		xf_set(record, field, xf_dup(v));
}

/* The function's Tags when PropagateTags is set (`tags if propagate_tags and tags else None`). */
static void record_tags(cJSON *record, const xf_fn *fn)
{
	const cJSON *props = xf_get(fn->sam, "Properties");
	const cJSON *propagate = xf_get(props, "PropagateTags");
	const cJSON *tags = xf_get(props, "Tags");
	if (!xf_truthy(propagate))
		return;
	xf_set(record, "propagate", cJSON_CreateTrue());
	if (xf_truthy(tags))
		xf_set(record, "tags", xf_dup(tags));
}

static int enabled_record(xf *x, const xf_fn *fn, const cJSON *work, bool passthrough, cJSON *record)
{
	if (!xf_get(work, "Type"))
		return xf_fail_resource(x, fn->id, "'DeploymentPreference' is missing required Property 'Type'");
	const cJSON *hooks = xf_get(work, "Hooks");
	if (hooks && !cJSON_IsObject(hooks))
		return xf_fail_resource(x, fn->id, "'Hooks' property of 'DeploymentPreference' must be a dictionary");
	xf_set(record, "enabled", cJSON_CreateTrue());
	record_copy(record, "type", xf_get(work, "Type"));
	record_copy(record, "pre", xf_get(hooks, "PreTraffic"));
	record_copy(record, "post", xf_get(hooks, "PostTraffic"));
	record_copy(record, "alarms", xf_get(work, "Alarms"));
	record_copy(record, "role", xf_get(work, "Role"));
	record_copy(record, "triggers", xf_get(work, "TriggerConfigurations"));
	if (passthrough)
		record_copy(record, "condition", xf_get(fn->attrs, "Condition"));
	record_tags(record, fn);
	return XF_OK;
}

/* Builds the record; NULL with a pending error (or on allocation failure). */
static cJSON *preference_record(xf *x, const xf_fn *fn, const cJSON *work, bool passthrough)
{
	cJSON *record = cJSON_CreateObject();
	if (!record)
		return NULL;
	if (!preference_enabled(work)) {
		xf_set(record, "enabled", cJSON_CreateFalse());
		return record;
	}
	if (enabled_record(x, fn, work, passthrough, record)) {
		cJSON_Delete(record);
		return NULL;
	}
	return record;
}

/* ---- the deployment group (also built while the function is expanded, for its errors) ---- */

/* _build_alarm_configuration; NULL with a pending error when alarms is not a list. */
static cJSON *alarm_configuration(xf *x, const char *fn_id, const cJSON *alarms)
{
	if (!cJSON_IsArray(alarms)) {
		xf_fail_resource(x, fn_id, "Alarms must be a list");
		return NULL;
	}
	cJSON *cfg = cJSON_CreateObject();
	if (!cfg || !alarms->child || xf_is_no_value(alarms->child))
		return cfg;
	cJSON_AddTrueToObject(cfg, "Enabled");
	cJSON *list = SAMC_JSON_ADD_ARRAY(cfg, "Alarms");
	for (const cJSON *a = alarms->child; a; a = a->next) {
		cJSON *item = cJSON_CreateObject();
		SAMC_JSON_ADD(item, "Name", xf_dup(a));
		cJSON_AddItemToArray(list, item);
	}
	return cfg;
}

/* Replaces an Fn::If branch by its alarm configuration. */
static int convert_branch(xf *x, const char *fn_id, cJSON *list, cJSON *branch)
{
	cJSON *cfg = alarm_configuration(x, fn_id, branch);
	if (!cfg)
		return XF_FAIL;
	cJSON_ReplaceItemViaPointer(list, branch, cfg);
	return XF_OK;
}

/* _convert_alarms: *out is NULL when there is no AlarmConfiguration. */
static int convert_alarms(xf *x, const char *fn_id, const cJSON *alarms, cJSON **out)
{
	*out = NULL;
	if (!xf_truthy(alarms) || xf_is_no_value(alarms))
		return XF_OK;
	if (!xf_is_fn(alarms, "Fn::If")) {
		*out = alarm_configuration(x, fn_id, alarms);
		return *out ? XF_OK : XF_FAIL;
	}
	const cJSON *items = alarms->child;
	if (!cJSON_IsArray(items) || cJSON_GetArraySize(items) != 3)
		return xf_fail_resource(x, fn_id, "Fn::If requires 3 arguments");
	cJSON *copy = xf_dup(alarms);
	cJSON *list = copy ? copy->child : NULL;
	if (!list)
		return XF_NOMEM;
	if (convert_branch(x, fn_id, list, list->child->next) ||
	    convert_branch(x, fn_id, list, list->child->next->next)) {
		cJSON_Delete(copy);
		return XF_FAIL;
	}
	*out = copy;
	return XF_OK;
}

static bool predefined_configuration(const char *name)
{
	static const char *const names[] = {
		"Canary10Percent5Minutes",     "Canary10Percent10Minutes",     "Canary10Percent15Minutes",
		"Canary10Percent30Minutes",    "Linear10PercentEvery1Minute",  "Linear10PercentEvery2Minutes",
		"Linear10PercentEvery3Minutes", "Linear10PercentEvery10Minutes", "AllAtOnce",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

/* ["CodeDeployDefault.Lambda${ConfigName}", {"ConfigName": name}], wrapped in Fn::Sub unless it
 * already sits in one. NULL when v is not a predefined configuration name. */
static cJSON *predefined_replacement(const cJSON *v, bool in_sub)
{
	if (!cJSON_IsString(v) || !predefined_configuration(v->valuestring))
		return NULL;
	cJSON *args = cJSON_CreateArray();
	cJSON_AddItemToArray(args, cJSON_CreateString("CodeDeployDefault.Lambda${ConfigName}"));
	cJSON *vars = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(vars, "ConfigName", v->valuestring);
	cJSON_AddItemToArray(args, vars);
	if (in_sub)
		return args;
	cJSON *sub = cJSON_CreateObject();
	SAMC_JSON_ADD(sub, "Fn::Sub", args);
	return sub;
}

/* _replace_deployment_types below the root: into lists and intrinsics, not other dicts. */
static void replace_types_in(cJSON *v)
{
	bool is_list = cJSON_IsArray(v);
	if (!is_list && !xf_is_cfn_intrinsic(v))
		return;
	for (cJSON *c = v->child; c;) {
		cJSON *next = c->next;
		cJSON *rep = predefined_replacement(c, !is_list && strcmp(c->string, "Fn::Sub") == 0);
		if (!rep)
			replace_types_in(c);
		else if (is_list)
			cJSON_ReplaceItemViaPointer(v, c, rep);
		else {
			char *key = samc_strdup(c->string);
			cJSON_ReplaceItemInObjectCaseSensitive(v, key, rep);
			free(key);
		}
		c = next;
	}
}

/* DeploymentConfigName from a copy of Type. */
static cJSON *deployment_config_name(const cJSON *type)
{
	cJSON *rep = predefined_replacement(type, false);
	if (rep)
		return rep;
	cJSON *copy = xf_dup(type);
	replace_types_in(copy);
	return copy;
}

static cJSON *auto_rollback(void)
{
	static const char *const events[] = {"DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM",
					     "DEPLOYMENT_STOP_ON_REQUEST"};
	cJSON *o = cJSON_CreateObject();
	cJSON_AddTrueToObject(o, "Enabled");
	SAMC_JSON_ADD(o, "Events", cJSON_CreateStringArray(events, 3));
	return o;
}

static cJSON *deployment_style(void)
{
	cJSON *o = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(o, "DeploymentType", "BLUE_GREEN");
	SAMC_JSON_ADD_STRING(o, "DeploymentOption", "WITH_TRAFFIC_CONTROL");
	return o;
}

static void fill_group(cJSON *props, const cJSON *pref, cJSON *alarms)
{
	xf_set(props, "AlarmConfiguration", alarms);
	xf_set(props, "ApplicationName", xf_ref(APPLICATION_ID));
	xf_set(props, "AutoRollbackConfiguration", auto_rollback());
	const cJSON *type = xf_get(pref, "type");
	if (type)
		xf_set(props, "DeploymentConfigName", deployment_config_name(type));
	xf_set(props, "DeploymentStyle", deployment_style());
	const cJSON *role = xf_get(pref, "role");
	xf_set(props, "ServiceRoleArn", xf_truthy(role) ? xf_dup(role) : xf_getatt(SERVICE_ROLE_ID, "Arn"));
	const cJSON *triggers = xf_get(pref, "triggers");
	if (xf_truthy(triggers))
		xf_set(props, "TriggerConfigurations", xf_dup(triggers));
	const cJSON *tags = xf_get(pref, "tags");
	if (xf_truthy(tags))
		xf_set(props, "Tags", fe_tag_list(tags));
}

/* DeploymentPreferenceCollection.deployment_group; NULL with a pending error. */
static cJSON *deployment_group(xf *x, const char *fn_id, const cJSON *pref)
{
	cJSON *alarms = NULL;
	if (convert_alarms(x, fn_id, xf_get(pref, "alarms"), &alarms))
		return NULL;
	cJSON *r = xf_new_resource("AWS::CodeDeploy::DeploymentGroup");
	if (!r) {
		cJSON_Delete(alarms);
		return NULL;
	}
	fill_group(xf_props(r), pref, alarms);
	const cJSON *condition = xf_get(pref, "condition");
	if (xf_truthy(condition))
		fe_set_attribute(r, "Condition", xf_dup(condition));
	return r;
}

static char *group_id(const char *fn_id)
{
	return samc_strfmt("%sDeploymentGroup", fn_id);
}

/* ---- the alias UpdatePolicy ---- */

/* UpdatePolicy.to_dict drops None and {"Ref": None}. */
static void add_hook(cJSON *update, const char *name, const cJSON *hook)
{
	if (!hook || cJSON_IsNull(hook) || (xf_is_fn(hook, "Ref") && cJSON_IsNull(hook->child)))
		return;
	xf_set(update, name, xf_dup(hook));
}

static cJSON *update_policy(const char *fn_id, const cJSON *pref)
{
	char *group = group_id(fn_id);
	cJSON *policy = cJSON_CreateObject();
	cJSON *update = SAMC_JSON_ADD_OBJECT(policy, "CodeDeployLambdaAliasUpdate");
	xf_set(update, "ApplicationName", xf_ref(APPLICATION_ID));
	xf_set(update, "DeploymentGroupName", group ? xf_ref(group) : NULL);
	add_hook(update, "BeforeAllowTrafficHook", xf_get(pref, "pre"));
	add_hook(update, "AfterAllowTrafficHook", xf_get(pref, "post"));
	free(group);
	return policy;
}

/* The enabled preference needs the alias; its deployment group must build (alarms). */
static int apply_to_alias(xf *x, const xf_fn *fn, cJSON *alias, const cJSON *pref)
{
	if (!alias)
		return xf_fail_resource(x, fn->id,
					"'DeploymentPreference' requires AutoPublishAlias property to be specified.");
	cJSON *group = deployment_group(x, fn->id, pref);
	if (!group)
		return x->pending.kind != XF_ERR_NONE ? XF_FAIL : XF_NOMEM;
	cJSON_Delete(group);
	fe_set_attribute(alias, "UpdatePolicy", update_policy(fn->id, pref));
	return XF_OK;
}

/* Resolves Enabled, Type (parameters, then FindInMap) and PassthroughCondition, and records the
 * preference. */
static int record_preference(xf *x, const xf_fn *fn, cJSON *work, cJSON **record)
{
	bool passthrough = false;
	if (resolve_key(x, work, "Enabled") || resolve_key(x, work, "Type") ||
	    passthrough_condition(x, fn, work, &passthrough))
		return XF_FAIL;
	*record = preference_record(x, fn, work, passthrough);
	if (!*record)
		return x->pending.kind != XF_ERR_NONE ? XF_FAIL : XF_NOMEM;
	if (!x->deployment_prefs && !(x->deployment_prefs = cJSON_CreateObject()))
		return XF_NOMEM;
	xf_set(x->deployment_prefs, fn->id, *record);
	return XF_OK;
}

int xf_deployment_preference_add(xf *x, const xf_fn *fn, cJSON *alias, const cJSON *preference)
{
	if (!xf_truthy(preference) || !cJSON_IsObject(preference))
		return XF_OK;
	cJSON *work = xf_dup(preference);
	if (!work)
		return XF_NOMEM;
	cJSON *record = NULL;
	int rc = record_preference(x, fn, work, &record);
	cJSON_Delete(work);
	if (rc != XF_OK || !cJSON_IsTrue(xf_get(record, "enabled")))
		return rc;
	return apply_to_alias(x, fn, alias, record);
}

/* ---- after all resources ---- */

static bool pref_enabled(const cJSON *pref)
{
	return cJSON_IsTrue(xf_get(pref, "enabled"));
}

static bool any_enabled(const cJSON *prefs)
{
	for (const cJSON *p = prefs->child; p; p = p->next)
		if (pref_enabled(p))
			return true;
	return false;
}

/* can_skip_service_role: every enabled preference names its Role. */
static bool can_skip_service_role(const cJSON *prefs)
{
	for (const cJSON *p = prefs->child; p; p = p->next)
		if (pref_enabled(p) && !xf_truthy(xf_get(p, "role")))
			return false;
	return true;
}

/* needs_resource_condition: every enabled preference carries a condition. */
static bool needs_resource_condition(const cJSON *prefs)
{
	for (const cJSON *p = prefs->child; p; p = p->next)
		if (pref_enabled(p) && !xf_truthy(xf_get(p, "condition")))
			return false;
	return prefs->child != NULL;
}

/* get_all_deployment_conditions: the distinct conditions (a set in the reference: order
 * unspecified; here first appearance). */
static cJSON *all_conditions(const cJSON *prefs)
{
	cJSON *list = cJSON_CreateArray();
	for (const cJSON *p = prefs->child; list && p; p = p->next) {
		const cJSON *c = xf_get(p, "condition");
		bool seen = false;
		for (const cJSON *s = list->child; s && !seen; s = s->next)
			seen = xf_equal(s, c);
		if (xf_truthy(c) && !seen)
			cJSON_AddItemToArray(list, xf_dup(c));
	}
	return list;
}

/* The Condition of the application and the service role. */
static cJSON *shared_condition(const cJSON *prefs)
{
	cJSON *conditions = all_conditions(prefs);
	if (!conditions)
		return NULL;
	cJSON *name = cJSON_GetArraySize(conditions) <= 1 ? cJSON_DetachItemFromArray(conditions, 0)
							   : cJSON_CreateString(CONDITION_NAME);
	cJSON_Delete(conditions);
	return name;
}

/* Tags of every enabled preference with PropagateTags, merged (dict.update). */
static cJSON *merged_tags(const cJSON *prefs)
{
	cJSON *merged = cJSON_CreateObject();
	for (const cJSON *p = prefs->child; merged && p; p = p->next) {
		if (!pref_enabled(p) || !xf_get(p, "propagate"))
			continue;
		for (const cJSON *t = cJSON_IsObject(xf_get(p, "tags")) ? xf_get(p, "tags")->child : NULL; t;
		     t = t->next)
			xf_set(merged, t->string, xf_dup(t));
	}
	return merged;
}

/* Tags and Condition common to the application and the service role. */
static void finish_shared(cJSON *r, const cJSON *prefs)
{
	cJSON *tags = merged_tags(prefs);
	if (tags && tags->child)
		xf_set(xf_props(r), "Tags", fe_tag_list(tags));
	cJSON_Delete(tags);
	if (needs_resource_condition(prefs))
		fe_set_attribute(r, "Condition", shared_condition(prefs));
}

static cJSON *application(const cJSON *prefs)
{
	cJSON *r = xf_new_resource("AWS::CodeDeploy::Application");
	if (!r)
		return NULL;
	xf_set(xf_props(r), "ComputePlatform", xf_str("Lambda"));
	finish_shared(r, prefs);
	return r;
}

static cJSON *assume_role_policy(void)
{
	cJSON *doc = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(doc, "Version", "2012-10-17");
	cJSON *statements = SAMC_JSON_ADD_ARRAY(doc, "Statement");
	cJSON *s = cJSON_CreateObject();
	cJSON_AddItemToArray(statements, s);
	const char *action = "sts:AssumeRole", *service = "codedeploy.amazonaws.com";
	SAMC_JSON_ADD(s, "Action", cJSON_CreateStringArray(&action, 1));
	SAMC_JSON_ADD_STRING(s, "Effect", "Allow");
	cJSON *principal = SAMC_JSON_ADD_OBJECT(s, "Principal");
	SAMC_JSON_ADD(principal, "Service", cJSON_CreateStringArray(&service, 1));
	return doc;
}

static cJSON *service_role(const xf *x, const cJSON *prefs)
{
	const char *partition = x->partition ? x->partition : "aws";
	bool limited = strcmp(partition, "aws-iso") == 0 || strcmp(partition, "aws-iso-b") == 0;
	char *arn = samc_strfmt("arn:%s:iam::aws:policy/service-role/AWSCodeDeployRoleForLambda%s", partition,
				limited ? "Limited" : "");
	cJSON *r = arn ? xf_new_resource("AWS::IAM::Role") : NULL;
	if (r) {
		cJSON *props = xf_props(r);
		xf_set(props, "AssumeRolePolicyDocument", assume_role_policy());
		xf_set(props, "ManagedPolicyArns", cJSON_CreateStringArray((const char *const *)&arn, 1));
		finish_shared(r, prefs);
	}
	free(arn);
	return r;
}

/* make_combined_condition: Fn::Or of at most 10 conditions, chained through numbered names. */
static cJSON *combined_conditions(cJSON *names)
{
	int n = cJSON_GetArraySize(names);
	if (n < 2)
		return NULL;
	int numbered = (n - 2) / (MAX_OR_CONDITIONS - 1);
	cJSON *out = cJSON_CreateObject();
	while (out && cJSON_GetArraySize(names) > 1) {
		char *name = numbered > 0 ? samc_strfmt("%s%d", CONDITION_NAME, numbered--) : samc_strdup(CONDITION_NAME);
		cJSON *or_list = cJSON_CreateArray();
		for (int i = 0; i < MAX_OR_CONDITIONS && names->child; i++) {
			cJSON *c = cJSON_DetachItemViaPointer(names, names->child);
			cJSON *ref = cJSON_CreateObject();
			SAMC_JSON_ADD(ref, "Condition", c);
			cJSON_AddItemToArray(or_list, ref);
		}
		cJSON_AddItemToArray(names, cJSON_CreateString(name ? name : ""));
		cJSON *cond = cJSON_CreateObject();
		SAMC_JSON_ADD(cond, "Fn::Or", or_list);
		xf_set(out, name ? name : "", cond);
		free(name);
	}
	return out;
}

/* template.get("Conditions", {}).update(new): a missing section takes nothing. */
static int update_conditions(xf *x, cJSON *new_conditions)
{
	cJSON *section = x->conditions;
	if (!cJSON_IsObject(section))
		section = cJSON_GetObjectItemCaseSensitive(x->tpl, "Conditions");
	if (!section) {
		cJSON_Delete(new_conditions);
		return XF_OK;
	}
	if (!cJSON_IsObject(section)) {
		cJSON_Delete(new_conditions);
		return xf_fail_document(x, "'%s' object has no attribute 'update'", xf_pytype(section));
	}
	while (new_conditions && new_conditions->child) {
		cJSON *c = cJSON_DetachItemViaPointer(new_conditions, new_conditions->child);
		char *name = samc_strdup(c->string);
		xf_set(section, name, c);
		free(name);
	}
	cJSON_Delete(new_conditions);
	return XF_OK;
}

static int add_aggregate_condition(xf *x, const cJSON *prefs)
{
	if (!needs_resource_condition(prefs))
		return XF_OK;
	cJSON *names = all_conditions(prefs);
	cJSON *conditions = names ? combined_conditions(names) : NULL;
	cJSON_Delete(names);
	return conditions ? update_conditions(x, conditions) : XF_OK;
}

/* One <Fn>DeploymentGroup; an error is collected (the reference appends it and goes on). */
static int put_group(xf *x, const char *fn_id, const cJSON *pref)
{
	cJSON *group = deployment_group(x, fn_id, pref);
	if (!group)
		return x->pending.kind != XF_ERR_NONE ? xf_collect_pending(x) : XF_NOMEM;
	char *id = group_id(fn_id);
	int rc = id ? xf_put_resource(x, id, group) : XF_NOMEM;
	if (!id)
		cJSON_Delete(group);
	free(id);
	return rc;
}

static int finish_collection(xf *x, const cJSON *prefs)
{
	int rc = xf_put_resource(x, APPLICATION_ID, application(prefs));
	if (rc == XF_OK)
		rc = add_aggregate_condition(x, prefs);
	if (rc == XF_OK && !can_skip_service_role(prefs))
		rc = xf_put_resource(x, SERVICE_ROLE_ID, service_role(x, prefs));
	for (const cJSON *p = prefs->child; rc == XF_OK && p; p = p->next)
		if (pref_enabled(p))
			rc = put_group(x, p->string, p);
	return rc;
}

int xf_deployment_preferences_finish(xf *x)
{
	cJSON *prefs = x->deployment_prefs;
	x->deployment_prefs = NULL;
	size_t causes = x->ncauses;
	int rc = prefs && any_enabled(prefs) ? finish_collection(x, prefs) : XF_OK;
	cJSON_Delete(prefs);
	if (rc == XF_FAIL)
		rc = xf_collect_pending(x);
	if (rc == XF_OK && x->ncauses > causes)
		return XF_FAIL;
	return rc;
}
