/* api.h — the Api event of a function (model/eventsources/push.py Api) and the parts of it the
 * StateMachine Api event reuses (resources_to_link_for_rest_api, add_auth_to_swagger). */
#ifndef SAMC_TRANSFORM_EVENTS_API_H
#define SAMC_TRANSFORM_EVENTS_API_H

#include "transform/api/swagger.h"
#include "transform/events/event.h"

extern const xf_event_type xf_event_api;

/* Api.resources_to_link_for_rest_api(resources, relative_id, rest_api_id). */
typedef struct api_event_link {
	const char *api_id;   /* get_rest_api_id_string(RestApiId) when it is a string, else NULL */
	cJSON *explicit_api;  /* that resource's Properties, editable as the reference edits
				 sam_template (the SAM Api the API macro will read later); NULL when
				 RestApiId is not a string */
	cJSON *stage;         /* explicit_api_stage.suffix: the API's string StageName (its node, flags
				 kept), "Stage" for a non-string one, "AllStages" without an API (owned) */
	cJSON *scratch;       /* owned: a Properties dict Python creates on the fly (lost edits) */
} api_event_link;

/* Errors: "RestApiId property of Api event must reference a valid resource in the same
 * template." (event error on relative_id), "Attribute 'Properties' should be a map." and
 * "StageName cannot be empty." (resource errors on the API). */
int api_event_resources_to_link(xf *x, const char *relative_id, const cJSON *rest_api_id, api_event_link *out);
void api_event_link_free(api_event_link *l);

/* Api.add_auth_to_swagger(event_auth, api, api_id, event_id, method, path, stage, editor,
 * intrinsics_resolver): validates the event's Auth against the API's (parameter-resolved) Auth
 * and adds it to the method in the editor. method: the lower-cased Method node; stage may be
 * NULL (None). */
int api_event_add_auth_to_swagger(xf *x, const cJSON *event_auth, const cJSON *api, const char *api_id,
				  const char *event_id, const cJSON *method, const cJSON *path, const cJSON *stage,
				  swagger_editor *ed);

/* ---- internal to events/api*.c ---- */

/* The rest of _add_swagger_integration after the integration: RequestModel and
 * RequestParameters on the method. */
int api_event_request_model(xf *x, const xf_event *ev, const cJSON *api, const cJSON *method, swagger_editor *ed);
int api_event_request_parameters(xf *x, const xf_event *ev, const cJSON *method, swagger_editor *ed);
/* Api._get_merged_definitions: *out is the new DefinitionBody (owned). */
int api_event_merged_definitions(xf *x, const xf_event *ev, const char *api_id, const cJSON *api,
				 const cJSON *method, swagger_editor *ed, cJSON **out);

#endif
