/* application_plugin.c — ServerlessAppPlugin.on_before_transform_template: resolves Location's
 * ApplicationId / SemanticVersion and records what a repository lookup of each would give. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/application.h"
#include "transform/py27.h"

#define APPLICATION_TYPE "AWS::Serverless::Application"

/* The regions where the Serverless Application Repository runs, by partition (botocore's
 * endpoint data for "serverlessrepo"). */
static bool repository_in_region(const xf *x)
{
	static const char *const regions[] = {
		"ap-east-1",    "ap-northeast-1", "ap-northeast-2", "ap-south-1",     "ap-southeast-1", "ap-southeast-2",
		"ca-central-1", "eu-central-1",   "eu-north-1",     "eu-west-1",      "eu-west-2",      "eu-west-3",
		"me-south-1",   "sa-east-1",      "us-east-1",      "us-east-2",      "us-west-1",      "us-west-2",
		"cn-north-1",   "cn-northwest-1", "us-gov-east-1",  "us-gov-west-1",
	};
	for (size_t i = 0; i < sizeof(regions) / sizeof(regions[0]); i++)
		if (strcmp(regions[i], x->region) == 0)
			return true;
	return false;
}

static bool ssm_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("_.-/", c);
}

/* re.search(r"{{resolve:ssm:[a-zA-Z0-9_.\-/]+(:\d+)?}}", s) */
static bool has_ssm_reference(const char *s)
{
	static const char prefix[] = "{{resolve:ssm:";
	for (const char *p = strstr(s, prefix); p; p = strstr(p + 1, prefix)) {
		const char *q = p + sizeof(prefix) - 1;
		const char *name = q;
		while (*q && ssm_name_char(*q))
			q++;
		if (q == name)
			continue;
		if (*q == ':' && q[1] >= '0' && q[1] <= '9') {
			q++;
			while (*q >= '0' && *q <= '9')
				q++;
		}
		if (q[0] == '}' && q[1] == '}')
			return true;
	}
	return false;
}

/* _can_process_application: Location is a map with non-null ApplicationId and SemanticVersion. */
static cJSON *processable_location(cJSON *resource)
{
	cJSON *location = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(resource, "Properties"),
							   "Location");
	if (!cJSON_IsObject(location))
		return NULL;
	const cJSON *app = xf_get(location, "ApplicationId"), *version = xf_get(location, "SemanticVersion");
	return app && !cJSON_IsNull(app) && version && !cJSON_IsNull(version) ? location : NULL;
}

/* _replace_value: parameter Refs, then Fn::FindInMap, written back into Location. */
static int resolve_in_place(xf *x, cJSON *location, const char *key)
{
	cJSON *v = cJSON_Duplicate(xf_get(location, key), 1);
	if (!v)
		return XF_NOMEM;
	int rc = xf_resolve_params(x, &v);
	if (rc == XF_OK)
		rc = xf_resolve_find_in_map(x, &v);
	if (rc != XF_OK) {
		cJSON_Delete(v);
		return rc;
	}
	cJSON_ReplaceItemInObjectCaseSensitive(location, key, v);
	return XF_OK;
}

/* What the plugin stores for a new (ApplicationId, SemanticVersion) pair. */
#define NEEDS_REPOSITORY                                                                                 \
	"Location names an application of the Serverless Application Repository (ApplicationId and "      \
	"SemanticVersion), which samc does not call: give Location as the URL of the application's "      \
	"template instead."

static const char *outcome_message(const xf *x, const cJSON *app, const cJSON *version)
{
	if (!cJSON_IsString(app))
		return "Property 'Location.ApplicationId' should be a string.";
	if (!cJSON_IsString(version))
		return "Property 'Location.SemanticVersion' should be a string.";
	if (!repository_in_region(x))
		return "Serverless Application Repository is not available in this region.";
	if (has_ssm_reference(app->valuestring))
		return "Serverless Application Repostiory does not support dynamic reference in 'ApplicationId' "
		       "property.";
	return NEEDS_REPOSITORY;
}

/* The record of this pair (the first application that used it wins), created when new. */
static const cJSON *outcome_for(const xf *x, cJSON *records, const char *id, const cJSON *app, const cJSON *version)
{
	for (const cJSON *r = records->child; r; r = r->next)
		if (xf_equal(xf_get(r, "App"), app) && xf_equal(xf_get(r, "Version"), version))
			return r;
	cJSON *r = cJSON_CreateObject();
	if (!r)
		return NULL;
	cJSON_AddItemToArray(records, r);
	SAMC_JSON_ADD(r, "App", xf_dup(app));
	SAMC_JSON_ADD(r, "Version", xf_dup(version));
	SAMC_JSON_ADD_STRING(r, "Id", id);
	const char *message = outcome_message(x, app, version);
	SAMC_JSON_ADD_STRING(r, "Message", message);
	/* every outcome but the last is an exception the plugin stores and raises later */
	cJSON_AddBoolToObject(r, "Raise", strcmp(message, NEEDS_REPOSITORY) != 0);
	return r;
}

static int record_outcome(xf *x, cJSON *records, cJSON *resource, const char *id, const cJSON *location)
{
	const cJSON *app = xf_get(location, "ApplicationId"), *version = xf_get(location, "SemanticVersion");
	if (cJSON_IsObject(app) || cJSON_IsObject(version))
		return XF_OK; /* left to the resource checks: "cannot be resolved" */
	const cJSON *r = outcome_for(x, records, id, app, version);
	cJSON *outcome = cJSON_CreateObject();
	if (!r || !outcome) {
		cJSON_Delete(outcome);
		return XF_NOMEM;
	}
	SAMC_JSON_ADD(outcome, "Id", xf_dup(xf_get(r, "Id")));
	SAMC_JSON_ADD(outcome, "Message", xf_dup(xf_get(r, "Message")));
	SAMC_JSON_ADD(outcome, "Raise", xf_dup(xf_get(r, "Raise")));
	xf_set(resource, XF_SAR_OUTCOME_ATTRIBUTE, outcome);
	return XF_OK;
}

static int process_application(xf *x, cJSON *records, cJSON *resource, const char *id)
{
	cJSON *location = processable_location(resource);
	if (!location)
		return XF_OK;
	int rc = resolve_in_place(x, location, "ApplicationId");
	if (rc == XF_OK)
		rc = resolve_in_place(x, location, "SemanticVersion");
	if (rc == XF_OK)
		rc = record_outcome(x, records, resource, id, location);
	return rc;
}

int xf_serverless_app_plugin(xf *x)
{
	const cJSON *mappings = xf_get(x->tpl, "Mappings");
	if (mappings && !cJSON_IsObject(mappings))
		return xf_fail_document(x, "'Mappings' or 'Parameters' is either null or not a valid dictionary.");
	cJSON *resources = cJSON_GetObjectItemCaseSensitive(x->tpl, "Resources");
	size_t n = 0;
	const cJSON **members = py27_members(resources, &n);
	cJSON *records = cJSON_CreateArray();
	int rc = members && records ? XF_OK : XF_NOMEM;
	for (size_t i = 0; rc == XF_OK && i < n; i++) {
		const char *type = xf_get_str(members[i], "Type");
		if (type && strcmp(type, APPLICATION_TYPE) == 0)
			rc = process_application(x, records, (cJSON *)members[i], members[i]->string);
	}
	free((void *)members);
	cJSON_Delete(records);
	return rc;
}
