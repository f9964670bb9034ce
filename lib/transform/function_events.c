/* function_events.c — the Events of a SAM Function: resolving each event's type, validating
 * and linking it, generating its resources in the reference's order, and PropagateTags. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/function_build.h"
#include "transform/intrinsics.h"
#include "transform/py27.h"
#include "util/buf.h"

/* ResourceTypeResolver.resolve_resource_type + the TypeError/AttributeError texts Python gives. */
static const xf_event_type *resolve_event_type(fn_build *b, const char *ev_id, const cJSON *dict)
{
	if (!cJSON_IsObject(dict)) {
		xf_fail_event(b->x, ev_id, "'%s' object has no attribute 'get'", xf_pytype(dict));
		return NULL;
	}
	const cJSON *type = xf_get(dict, "Type");
	const xf_event_type *t = cJSON_IsString(type) ? xf_event_type_find(type->valuestring) : NULL;
	if (!t) {
		char *s = type ? xf_pystr(type) : samc_strdup("None");
		xf_fail_event(b->x, ev_id, "Resource dict has missing or invalid value for key Type. Event Type is: %s.",
			      s ? s : "");
		free(s);
	}
	return t;
}

/* Event from_dict: Properties must be a map, then property validation on <Fn><Ev>. */
static int event_from_dict(fn_build *b, xf_event *ev)
{
	const cJSON *props = xf_get(ev->dict, "Properties");
	if (props && !cJSON_IsObject(props))
		return xf_fail_resource(b->x, ev->logical_id, "Properties of a resource must be an object.");
	ev->props = props;
	if (!ev->type->props)
		return XF_OK;
	return xf_validate_props(b->x, ev->logical_id, ev->type->name, props, ev->type->props);
}

static int link_one(fn_build *b, xf_event *ev)
{
	if (!ev->type->link)
		return XF_OK;
	xf_fn fn = fb_as_fn(b);
	free(ev->linked_id);
	ev->linked_id = NULL;
	ev->linked = NULL;
	return ev->type->link(b->x, &fn, ev);
}

int fb_link_events(fn_build *b)
{
	const cJSON *events = fb_prop(b, "Events");
	if (!xf_truthy(events) || !cJSON_IsObject(events))
		return XF_OK;
	/* Events iterate in Py27Dict order when the template was converted (ties in the sort) */
	size_t n = 0;
	const cJSON **members = py27_members(events, &n);
	if (!members)
		return XF_NOMEM;
	b->nevents = n;
	b->events = calloc(n ? n : 1, sizeof(*b->events));
	if (!b->events) {
		free((void *)members);
		return XF_NOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		const cJSON *e = members[i];
		xf_event *ev = &b->events[i];
		ev->relative_id = e->string;
		ev->dict = e;
		ev->logical_id = samc_strfmt("%s%s", b->id, e->string);
		ev->type = resolve_event_type(b, e->string, e);
		if (!ev->type || event_from_dict(b, ev) || link_one(b, ev)) {
			xf_wrap_event_error(b->x, b->id);
			free((void *)members);
			return XF_FAIL;
		}
	}
	free((void *)members);
	return XF_OK;
}

/* SamFunction.order_events: Properties.Path when the event is a map, else the event id. */
static const char *event_sort_key(const xf_event *ev)
{
	const char *path = xf_get_str(xf_get(ev->dict, "Properties"), "Path");
	return path ? path : ev->relative_id;
}

static int compare_events(const void *a, const void *b)
{
	const xf_event *const *x = a, *const *y = b;
	int c = strcmp(event_sort_key(*x), event_sort_key(*y));
	if (c)
		return c;
	return (*x < *y) ? -1 : (*x > *y); /* stable: keep Events order */
}

int fb_events(fn_build *b)
{
	if (!b->nevents)
		return XF_OK;
	xf_event **order = malloc(b->nevents * sizeof(*order));
	if (!order)
		return XF_NOMEM;
	for (size_t i = 0; i < b->nevents; i++)
		order[i] = &b->events[i];
	qsort(order, b->nevents, sizeof(*order), compare_events);
	int rc = XF_OK;
	for (size_t i = 0; i < b->nevents && rc == XF_OK; i++) {
		xf_event *ev = order[i];
		xf_fn fn = fb_as_fn(b);
		rc = link_one(b, ev);
		if (rc == XF_OK)
			rc = ev->type->expand(b->x, &fn, ev);
	}
	free(order);
	return rc;
}

void fb_events_free(fn_build *b)
{
	for (size_t i = 0; i < b->nevents; i++) {
		free(b->events[i].logical_id);
		free(b->events[i].linked_id);
	}
	free(b->events);
	b->events = NULL;
	b->nevents = 0;
}

/* Types whose reference class declares a list-style Tags property (Resource.assign_tags). */
static bool takes_tag_list(const char *type)
{
	static const char *const types[] = {
		"AWS::Lambda::Function",     "AWS::IAM::Role",        "AWS::SQS::Queue",
		"AWS::SNS::Topic",           "AWS::S3::Bucket",       "AWS::IoT::TopicRule",
		"AWS::DynamoDB::Table",      "AWS::CodeDeploy::Application", "AWS::CodeDeploy::DeploymentGroup",
		"AWS::CloudFormation::Stack", "AWS::StepFunctions::StateMachine", "AWS::AppSync::GraphQLApi",
		"AWS::Lambda::CapacityProvider", "AWS::ApiGateway::RestApi", "AWS::ApiGateway::Stage",
		"AWS::ApiGateway::DomainName", "AWS::ApiGateway::DomainNameV2", "AWS::ApiGateway::UsagePlan",
		"AWS::ApiGateway::ApiKey",   "AWS::ApiGateway::DomainNameAccessAssociation",
	};
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(types[i], type) == 0)
			return true;
	return false;
}

int fb_propagate_tags(fn_build *b)
{
	const cJSON *tags = fb_prop(b, "Tags");
	if (!xf_truthy(fb_prop(b, "PropagateTags")) || !xf_truthy(tags) || !b->x->emitted)
		return XF_OK;
	for (const cJSON *id = b->x->emitted->child; id; id = id->next) {
		cJSON *r = xf_resource(b->x, id->valuestring);
		const char *type = xf_get_str(r, "Type");
		if (!type || !takes_tag_list(type))
			continue;
		cJSON *list = cJSON_CreateArray();
		for (const cJSON *t = tags->child; t; t = t->next) {
			cJSON *item = cJSON_CreateObject();
			SAMC_JSON_ADD_STRING(item, "Key", t->string);
			SAMC_JSON_ADD(item, "Value",
					      cJSON_IsNull(t) ? cJSON_CreateString("") : cJSON_Duplicate(t, 1));
			cJSON_AddItemToArray(list, item);
		}
		xf_set(xf_props(r), "Tags", list);
	}
	return XF_OK;
}
