/* state_machine_events.c — the Events of a SAM StateMachine: resolving each event's type among
 * the state machine's sources, validating and linking it, and generating its resources. */
#include <stdlib.h>
#include <string.h>

#include "transform/events/pull.h"
#include "transform/events/sfn.h"
#include "transform/intrinsics.h"
#include "transform/py27.h"
#include "transform/state_machine.h"
#include "util/buf.h"

/* SamStateMachine.event_resolver: stepfunctions.events and eventsources.scheduler. */
static const xf_event_type *find_type(const char *name)
{
	static const xf_event_type *const types[] = {
		&xf_sfn_event_schedule, &xf_sfn_event_cloudwatch_event, &xf_sfn_event_eventbridge_rule,
		&xf_sfn_event_api,      &xf_event_schedule_v2,
	};
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(types[i]->name, name) == 0)
			return types[i];
	return NULL;
}

/* ResourceTypeResolver.resolve_resource_type + the TypeError/AttributeError texts Python gives. */
static const xf_event_type *resolve_event_type(xf *x, const char *ev_id, const cJSON *dict)
{
	if (!cJSON_IsObject(dict)) {
		xf_fail_event(x, ev_id, "'%s' object has no attribute 'get'", xf_pytype(dict));
		return NULL;
	}
	const cJSON *type = xf_get(dict, "Type");
	const xf_event_type *t = cJSON_IsString(type) ? find_type(type->valuestring) : NULL;
	if (!t) {
		char *s = type ? xf_pystr(type) : samc_strdup("None");
		xf_fail_event(x, ev_id, "Resource dict has missing or invalid value for key Type. Event Type is: %s.",
			      s ? s : "");
		free(s);
	}
	return t;
}

/* Event from_dict: Properties must be a map, then property validation on <Id><Ev>. */
static int event_from_dict(xf *x, xf_event *ev)
{
	const cJSON *props = xf_get(ev->dict, "Properties");
	if (props && !cJSON_IsObject(props))
		return xf_fail_resource(x, ev->logical_id, "Properties of a resource must be an object.");
	ev->props = props;
	return xf_validate_props(x, ev->logical_id, ev->type->name, props, ev->type->props);
}

static int link_one(sm_build *b, xf_event *ev)
{
	if (!ev->type->link)
		return XF_OK;
	xf_fn target = sm_event_target(b);
	return ev->type->link(b->x, &target, ev);
}

/* resources_to_link: an event error here is reported on the state machine. */
int sm_link_events(sm_build *b)
{
	const cJSON *events = sm_prop(b, "Events");
	if (!xf_truthy(events) || !cJSON_IsObject(events))
		return XF_OK;
	size_t n = 0;
	const cJSON **members = py27_members(events, &n);
	if (!members)
		return XF_NOMEM;
	b->events = calloc(n ? n : 1, sizeof(*b->events));
	if (!b->events) {
		free((void *)members);
		return XF_NOMEM;
	}
	b->nevents = n;
	int rc = XF_OK;
	for (size_t i = 0; i < n && rc == XF_OK; i++) {
		xf_event *ev = &b->events[i];
		ev->relative_id = members[i]->string;
		ev->dict = members[i];
		ev->logical_id = samc_strfmt("%s%s", b->id, members[i]->string);
		ev->type = resolve_event_type(b->x, ev->relative_id, ev->dict);
		rc = ev->type ? event_from_dict(b->x, ev) : XF_FAIL;
		if (rc == XF_OK)
			rc = link_one(b, ev);
		if (rc == XF_FAIL)
			xf_wrap_event_error(b->x, b->id);
	}
	free((void *)members);
	return rc;
}

/* _generate_event_resources: in Events order, targeting the alias with UseAliasAsEventTarget. */
int sm_events(sm_build *b)
{
	int rc = XF_OK;
	for (size_t i = 0; i < b->nevents && rc == XF_OK; i++) {
		xf_fn target = sm_event_target(b);
		rc = b->events[i].type->expand(b->x, &target, &b->events[i]);
	}
	return rc;
}

void sm_events_free(sm_build *b)
{
	for (size_t i = 0; i < b->nevents; i++) {
		free(b->events[i].logical_id);
		free(b->events[i].linked_id);
	}
	free(b->events);
	b->events = NULL;
	b->nevents = 0;
}
