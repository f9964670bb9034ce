/* application.c — owns AWS::Serverless::Application (SamApplication and the plugin's
 * before-resource checks): Location, the AWS::CloudFormation::Stack, its tags. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/application.h"
#include "transform/function_extras_util.h"

#define APPLICATION_TYPE "AWS::Serverless::Application"

/* SamApplication.property_types (PropertyType: a one-key map passes as an intrinsic). */
static const xf_prop_spec application_props[] = {
	{"Location", true, XF_STR_OR_DICT, false},
	{"TemplateUrl", false, XF_IS_STR, false},
	{"Parameters", false, XF_IS_DICT, false},
	{"NotificationARNs", false, XF_LIST_OF_STR_OR_DICT, false},
	{"Tags", false, XF_IS_DICT, false},
	{"TimeoutInMinutes", false, XF_IS_INT, false},
	{NULL, false, XF_ANY, false},
};

static const char *const reserved_tags[] = {"lambda:createdBy", "serverlessrepo:applicationId",
					    "serverlessrepo:semanticVersion"};

static int fail_missing(xf *x, const char *id, const char *key)
{
	return xf_fail_resource(x, id, "Resource is missing the required [%s] property.", key);
}

static int fail_unresolved(xf *x, const char *id, const char *key)
{
	return xf_fail_resource(x, id,
				"Property '%s' cannot be resolved. Only FindInMap and Ref intrinsic functions are "
				"supported.",
				key);
}

/* ServerlessAppPlugin.on_before_transform_resource for a map Location. */
static int check_repository_location(xf *x, const char *id, const cJSON *sam, const cJSON *location)
{
	if (!xf_get(location, "ApplicationId"))
		return fail_missing(x, id, "ApplicationId");
	if (!xf_get(location, "SemanticVersion"))
		return fail_missing(x, id, "SemanticVersion");
	const cJSON *app = xf_get(location, "ApplicationId");
	if (cJSON_IsNull(app))
		return xf_fail_resource(x, id, "Property 'ApplicationId' is required.");
	if (cJSON_IsObject(app))
		return fail_unresolved(x, id, "ApplicationId");
	const cJSON *version = xf_get(location, "SemanticVersion");
	if (!xf_truthy(version))
		return xf_fail_resource(x, id, "Property 'SemanticVersion' cannot be blank.");
	if (cJSON_IsObject(version))
		return fail_unresolved(x, id, "SemanticVersion");
	const cJSON *outcome = xf_get(sam, XF_SAR_OUTCOME_ATTRIBUTE);
	const char *first = xf_get_str(outcome, "Id"), *message = xf_get_str(outcome, "Message");
	/* a repository lookup that fails is raised here; a successful one would set TemplateUrl */
	if (first && message && cJSON_IsTrue(xf_get(outcome, "Raise")))
		return xf_fail_resource(x, first, "%s", message);
	return XF_OK;
}

/* The properties as validated: the plugin sets TemplateUrl from a non-map Location. */
static int plugin_properties(xf *x, const char *id, const cJSON *sam, cJSON **props)
{
	const cJSON *given = xf_get(sam, "Properties");
	*props = cJSON_IsObject(given) ? cJSON_Duplicate(given, 1) : cJSON_CreateObject();
	if (!*props)
		return XF_NOMEM;
	const cJSON *location = xf_get(*props, "Location");
	int rc = XF_OK;
	if (!location)
		rc = fail_missing(x, id, "Location");
	else if (!cJSON_IsObject(location))
		xf_set(*props, "TemplateUrl", xf_dup(location));
	else {
		rc = check_repository_location(x, id, sam, location);
		/* the repository's URL would replace TemplateUrl */
		cJSON_DeleteItemFromObjectCaseSensitive(*props, "TemplateUrl");
	}
	if (rc != XF_OK) {
		cJSON_Delete(*props);
		*props = NULL;
	}
	return rc;
}

/* _construct_tag_list: lambda:createdBy, the repository tags, then the user's tags. */
static int stack_tags(xf *x, const char *id, const cJSON *props, cJSON **out)
{
	*out = NULL;
	const cJSON *tags = xf_get(props, "Tags");
	for (size_t i = 0; i < sizeof(reserved_tags) / sizeof(reserved_tags[0]); i++)
		if (xf_truthy(tags) && xf_get(tags, reserved_tags[i]))
			return xf_fail_resource(x, id,
						"%s is a reserved Tag key name and cannot be set on your resource. Please "
						"change the tag key in the input.",
						reserved_tags[i]);
	cJSON *all = cJSON_CreateObject();
	if (!all)
		return XF_NOMEM;
	SAMC_JSON_ADD_STRING(all, "lambda:createdBy", "SAM");
	const cJSON *location = xf_get(props, "Location");
	if (cJSON_IsObject(location)) {
		const cJSON *app = xf_get(location, "ApplicationId"), *version = xf_get(location, "SemanticVersion");
		if (app && !cJSON_IsNull(app))
			SAMC_JSON_ADD(all, "serverlessrepo:applicationId", xf_dup(app));
		if (version && !cJSON_IsNull(version))
			SAMC_JSON_ADD(all, "serverlessrepo:semanticVersion", xf_dup(version));
	}
	*out = fe_tag_list(all);
	cJSON_Delete(all);
	if (*out && xf_truthy(tags)) {
		cJSON *user = fe_tag_list(tags);
		for (cJSON *t = user ? user->child : NULL; t; t = user->child)
			cJSON_AddItemToArray(*out, cJSON_DetachItemViaPointer(user, t));
		cJSON_Delete(user);
	}
	return *out ? XF_OK : XF_NOMEM;
}

static void copy_set(cJSON *dst, const char *to, const cJSON *props, const char *from)
{
	const cJSON *v = xf_get(props, from);
	if (v && !cJSON_IsNull(v))
		samc_json_add_key(dst, to, xf_dup(v));
}

/* NestedStack: Type, DependsOn, the passthrough attributes, then TemplateURL, Parameters,
 * NotificationARNs, Tags, TimeoutInMinutes. */
static cJSON *nested_stack(const cJSON *sam, const cJSON *props, cJSON *tags)
{
	cJSON *stack = cJSON_CreateObject();
	if (!stack) {
		cJSON_Delete(tags);
		return NULL;
	}
	SAMC_JSON_ADD_STRING(stack, "Type", "AWS::CloudFormation::Stack");
	const cJSON *depends_on = xf_get(sam, "DependsOn");
	if (xf_truthy(depends_on))
		SAMC_JSON_ADD(stack, "DependsOn", xf_dup(depends_on));
	cJSON *out = SAMC_JSON_ADD_OBJECT(stack, "Properties");
	xf_copy_child_attributes(stack, sam);
	const cJSON *url = xf_get(props, "TemplateUrl");
	SAMC_JSON_ADD(out, "TemplateURL", xf_truthy(url) ? xf_dup(url) : cJSON_CreateString(""));
	copy_set(out, "Parameters", props, "Parameters");
	copy_set(out, "NotificationARNs", props, "NotificationARNs");
	SAMC_JSON_ADD(out, "Tags", tags);
	copy_set(out, "TimeoutInMinutes", props, "TimeoutInMinutes");
	return stack;
}

int xf_expand_application(xf *x, const char *id, const cJSON *sam)
{
	cJSON *props = NULL;
	int rc = plugin_properties(x, id, sam, &props);
	if (rc == XF_OK)
		rc = xf_validate_props(x, id, APPLICATION_TYPE, props, application_props);
	cJSON *tags = NULL;
	if (rc == XF_OK)
		rc = stack_tags(x, id, props, &tags);
	/* the template URL of a repository application comes from the service */
	const char *message = xf_get_str(xf_get(sam, XF_SAR_OUTCOME_ATTRIBUTE), "Message");
	if (rc == XF_OK && cJSON_IsObject(xf_get(props, "Location")) && message) {
		cJSON_Delete(tags);
		cJSON_Delete(props);
		return xf_fail_resource(x, id, "%s", message);
	}
	if (rc == XF_OK)
		rc = xf_emit(x, id, id, nested_stack(sam, props, tags));
	else
		cJSON_Delete(tags);
	cJSON_Delete(props);
	return rc;
}
