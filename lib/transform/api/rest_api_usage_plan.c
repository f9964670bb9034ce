/* rest_api_usage_plan.c — Auth.UsagePlan of an AWS::Serverless::Api: the PER_API usage plan,
 * API key and usage plan key, or the SHARED ones common to every API of the template
 * (ApiGenerator._construct_usage_plan, SharedApiUsagePlan). */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/api/rest_api.h"
#include "util/buf.h"

#define SHARED_CONDITION "SharedUsagePlanCondition"

/* SharedApiUsagePlan's state lives in what earlier APIs generated: the ServerlessUsagePlan's
 * DependsOn and ApiStages, the ServerlessApiKey's StageKeys, their attributes and the
 * SharedUsagePlanCondition condition. This rebuilds it. */
typedef struct shared_state {
	cJSON *depends_on;  /* list of API ids */
	cJSON *api_stages;
	cJSON *stage_keys;
	cJSON *attrs;       /* combined DeletionPolicy / UpdateReplacePolicy / Condition */
	bool started;       /* an earlier API used the shared plan */
} shared_state;

static cJSON *list_from(const cJSON *v)
{
	return cJSON_IsArray(v) ? cJSON_Duplicate(v, 1) : cJSON_CreateArray();
}

static void shared_load(rest_api *r, shared_state *s)
{
	const cJSON *plan = xf_resource(r->x, "ServerlessUsagePlan");
	const cJSON *key = xf_resource(r->x, "ServerlessApiKey");
	s->started = plan != NULL;
	s->depends_on = list_from(xf_get(plan, "DependsOn"));
	s->api_stages = list_from(xf_get(xf_get(plan, "Properties"), "ApiStages"));
	s->stage_keys = list_from(xf_get(xf_get(key, "Properties"), "StageKeys"));
	s->attrs = cJSON_CreateObject();
	static const char *const names[] = {"DeletionPolicy", "UpdateReplacePolicy", "Condition"};
	for (size_t i = 0; plan && s->attrs && i < 3; i++)
		if (xf_get(plan, names[i]))
			samc_json_add_key(s->attrs, names[i], cJSON_Duplicate(xf_get(plan, names[i]), 1));
}

static void shared_free(shared_state *s)
{
	cJSON_Delete(s->depends_on);
	cJSON_Delete(s->api_stages);
	cJSON_Delete(s->stage_keys);
	cJSON_Delete(s->attrs);
}

static void set_attr(cJSON *attrs, const char *name, const char *value)
{
	xf_set(attrs, name, cJSON_CreateString(value));
}

/* _set_deletion_policy / _set_update_replace_policy: Retain wins (then Snapshot over Delete). */
static void combine_policies(shared_state *s, const cJSON *api_attrs)
{
	const char *dp = xf_get_str(api_attrs, "DeletionPolicy");
	const char *cur = xf_get_str(s->attrs, "DeletionPolicy");
	if (dp && *dp && (!cur || strcmp(dp, "Retain") == 0))
		set_attr(s->attrs, "DeletionPolicy", dp);
	const char *urp = xf_get_str(api_attrs, "UpdateReplacePolicy");
	cur = xf_get_str(s->attrs, "UpdateReplacePolicy");
	if (urp && *urp &&
	    (!cur || strcmp(urp, "Retain") == 0 || (strcmp(urp, "Snapshot") == 0 && strcmp(cur, "Delete") == 0)))
		set_attr(s->attrs, "UpdateReplacePolicy", urp);
}

/* The conditions combined so far, read back from the template's SharedUsagePlanCondition. */
static cJSON *known_conditions(rest_api *r)
{
	cJSON *list = cJSON_CreateArray();
	const cJSON *c = xf_get(r->x->conditions, SHARED_CONDITION);
	if (cJSON_IsString(c))
		cJSON_AddItemToArray(list, cJSON_CreateString(c->valuestring));
	const cJSON *or = xf_get(c, "Fn::Or");
	for (const cJSON *e = cJSON_IsArray(or) ? or->child : NULL; e; e = e->next)
		if (cJSON_IsString(xf_get(e, "Condition")))
			cJSON_AddItemToArray(list, cJSON_CreateString(xf_get_str(e, "Condition")));
	return list;
}

static bool list_has(const cJSON *list, const char *s)
{
	for (const cJSON *c = list->child; c; c = c->next)
		if (strcmp(c->valuestring, s) == 0)
			return true;
	return false;
}

static cJSON *or_condition(const cJSON *names)
{
	cJSON *or = cJSON_CreateObject(), *list = cJSON_CreateArray();
	for (const cJSON *c = names->child; c; c = c->next) {
		cJSON *item = cJSON_CreateObject();
		SAMC_JSON_ADD_STRING(item, "Condition", c->valuestring);
		cJSON_AddItemToArray(list, item);
	}
	SAMC_JSON_ADD(or, "Fn::Or", list);
	return or;
}

/* _set_condition: an API without Condition ends the shared condition for good. */
static int combine_condition(rest_api *r, shared_state *s, const cJSON *api_attrs)
{
	bool any_without = s->started && !xf_get(s->attrs, "Condition");
	if (any_without)
		return XF_OK;
	const cJSON *cond = xf_get(api_attrs, "Condition");
	if (!cond) {
		cJSON_DeleteItemFromObjectCaseSensitive(s->attrs, "Condition");
		if (r->x->conditions)
			cJSON_DeleteItemFromObjectCaseSensitive(r->x->conditions, SHARED_CONDITION);
		return XF_OK;
	}
	cJSON *known = s->started ? known_conditions(r) : cJSON_CreateArray();
	if (!known)
		return XF_NOMEM;
	int rc = XF_OK;
	if (xf_truthy(cond) && cJSON_IsString(cond) && !list_has(known, cond->valuestring)) {
		if (!r->x->conditions)
			rc = xf_fail_template(r->x, "Can't have condition without having 'Conditions' section in the "
						    "template");
		else {
			cJSON_AddItemToArray(known, cJSON_CreateString(cond->valuestring));
			xf_set(r->x->conditions, SHARED_CONDITION,
			       known->child->next ? or_condition(known) : cJSON_CreateString(cond->valuestring));
		}
	}
	if (rc == XF_OK && r->x->conditions && xf_get(r->x->conditions, SHARED_CONDITION))
		set_attr(s->attrs, "Condition", SHARED_CONDITION);
	cJSON_Delete(known);
	return rc;
}

/* ---- the resources ---- */

static cJSON *string_list(const char *a)
{
	cJSON *list = cJSON_CreateArray();
	if (list)
		cJSON_AddItemToArray(list, cJSON_CreateString(a));
	return list;
}

static cJSON *ref_pair(const char *k1, const char *id1, const char *k2, const char *id2)
{
	cJSON *o = cJSON_CreateObject();
	if (o) {
		samc_json_add_key(o, k1, xf_ref(id1));
		samc_json_add_key(o, k2, xf_ref(id2));
	}
	return o;
}

static void append_unique(cJSON *list, cJSON *item)
{
	for (const cJSON *c = list->child; c; c = c->next)
		if (xf_equal(c, item)) {
			cJSON_Delete(item);
			return;
		}
	cJSON_AddItemToArray(list, item);
}

/* The usage plan's optional settings from Auth.UsagePlan (when truthy). */
static void plan_settings(cJSON *plan, const cJSON *settings)
{
	static const char *const names[] = {"UsagePlanName", "Description", "Quota", "Tags", "Throttle"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const cJSON *v = xf_get(settings, names[i]);
		if (xf_truthy(v))
			xf_set(xf_props(plan), names[i], cJSON_Duplicate(v, 1));
	}
}

typedef struct plan_ids {
	const char *plan, *key, *plan_key;
} plan_ids;

/* Usage plan, API key and usage plan key with their ids, attributes and stage lists. */
static int add_plan_resources(rest_api *r, const plan_ids *ids, const cJSON *attrs, cJSON *plan_depends,
			      cJSON *api_stages, cJSON *stage_keys, const cJSON *settings)
{
	cJSON *plan = ra_resource("AWS::ApiGateway::UsagePlan", plan_depends, attrs);
	cJSON *key = ra_resource("AWS::ApiGateway::ApiKey", string_list(ids->plan), attrs);
	cJSON *pkey = ra_resource("AWS::ApiGateway::UsagePlanKey", string_list(ids->key), attrs);
	if (!plan || !key || !pkey) {
		cJSON_Delete(plan);
		cJSON_Delete(key);
		cJSON_Delete(pkey);
		cJSON_Delete(api_stages);
		cJSON_Delete(stage_keys);
		return XF_NOMEM;
	}
	xf_set(xf_props(plan), "ApiStages", api_stages);
	plan_settings(plan, settings);
	xf_set(xf_props(key), "Enabled", cJSON_CreateTrue());
	xf_set(xf_props(key), "StageKeys", stage_keys);
	cJSON *pk = xf_props(pkey);
	xf_set(pk, "KeyId", xf_ref(ids->key));
	xf_set(pk, "KeyType", cJSON_CreateString("API_KEY"));
	xf_set(pk, "UsagePlanId", xf_ref(ids->plan));
	int rc = ra_add(r, ids->plan, plan);
	rc = rc ? rc : ra_add(r, ids->key, key);
	rc = rc ? rc : ra_add(r, ids->plan_key, pkey);
	return rc;
}

static int per_api_plan(rest_api *r, const cJSON *settings)
{
	char *plan = samc_strfmt("%sUsagePlan", r->id), *key = samc_strfmt("%sApiKey", r->id);
	char *pkey = samc_strfmt("%sUsagePlanKey", r->id);
	int rc = XF_NOMEM;
	if (plan && key && pkey) {
		cJSON *stages = cJSON_CreateArray(), *keys = cJSON_CreateArray();
		cJSON_AddItemToArray(stages, ref_pair("ApiId", r->id, "Stage", r->stage_id));
		cJSON_AddItemToArray(keys, ref_pair("RestApiId", r->id, "StageName", r->stage_id));
		plan_ids ids = {plan, key, pkey};
		rc = add_plan_resources(r, &ids, r->child_attrs, string_list(r->id), stages, keys, settings);
	}
	free(plan);
	free(key);
	free(pkey);
	return rc;
}

static int shared_plan(rest_api *r, const cJSON *settings)
{
	shared_state s;
	shared_load(r, &s);
	int rc = (s.depends_on && s.api_stages && s.stage_keys && s.attrs) ? XF_OK : XF_NOMEM;
	if (rc == XF_OK) {
		combine_policies(&s, r->child_attrs);
		rc = combine_condition(r, &s, r->child_attrs);
	}
	if (rc == XF_OK) {
		cJSON *id = cJSON_CreateString(r->id);
		append_unique(s.depends_on, id);
		append_unique(s.api_stages, ref_pair("ApiId", r->id, "Stage", r->stage_id));
		append_unique(s.stage_keys, ref_pair("RestApiId", r->id, "StageName", r->stage_id));
		plan_ids ids = {"ServerlessUsagePlan", "ServerlessApiKey", "ServerlessUsagePlanKey"};
		rc = add_plan_resources(r, &ids, s.attrs, s.depends_on, s.api_stages, s.stage_keys, settings);
		s.depends_on = s.api_stages = s.stage_keys = NULL;
	}
	shared_free(&s);
	return rc;
}

static bool is_usage_plan_field(const char *key)
{
	static const char *const fields[] = {"CreateUsagePlan", "Description", "Quota",
					     "Tags",            "Throttle",    "UsagePlanName"};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strcmp(fields[i], key) == 0)
			return true;
	return false;
}

int ra_usage_plan(rest_api *r)
{
	const cJSON *auth = ra_prop(r, "Auth");
	const cJSON *settings = xf_truthy(auth) ? xf_get(auth, "UsagePlan") : NULL;
	if (!settings || cJSON_IsNull(settings))
		return XF_OK;
	if (!cJSON_IsObject(settings))
		return xf_fail_resource(r->x, r->id, "'UsagePlan' must be a dictionary");
	for (const cJSON *c = settings->child; c; c = c->next)
		if (!is_usage_plan_field(c->string))
			return xf_fail_resource(r->x, r->id, "Invalid property for 'UsagePlan'");
	const cJSON *create = xf_get(settings, "CreateUsagePlan");
	if (!create || cJSON_IsNull(create))
		return xf_fail_resource(r->x, r->id, "'CreateUsagePlan' is a required field for UsagePlan.");
	const char *mode = cJSON_IsString(create) ? create->valuestring : "";
	if (strcmp(mode, "SHARED") != 0 && strcmp(mode, "PER_API") != 0 && strcmp(mode, "NONE") != 0)
		return xf_fail_resource(r->x, r->id, "'CreateUsagePlan' accepts one of ['SHARED', 'PER_API', 'NONE'].");
	if (strcmp(mode, "NONE") == 0 || !r->stage_id)
		return XF_OK;
	return strcmp(mode, "PER_API") == 0 ? per_api_plan(r, settings) : shared_plan(r, settings);
}
