/* implicit_api_common.h — the ImplicitApiPlugin machinery (plugins/api/implicit_api_plugin.py)
 * shared by the implicit REST API (implicit_rest_api.c) and HTTP API plugins. */
#ifndef SAMC_TRANSFORM_API_IMPLICIT_API_COMMON_H
#define SAMC_TRANSFORM_API_IMPLICIT_API_COMMON_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "transform/xf.h"

struct implicit_api;

/* What differs between the REST and the HTTP plugin (the subclass attributes and the editor
 * class). Body functions take the API's Properties.DefinitionBody and replace *body by the
 * editor's definition (`editor.swagger` / `editor.openapi`), raising as the editor raises. */
typedef struct implicit_api_kind {
	const char *api_id_property;    /* API_ID_EVENT_PROPERTY: "RestApiId" / "ApiId" */
	const char *implicit_id;        /* IMPLICIT_API_LOGICAL_ID: "ServerlessRestApi" / "ServerlessHttpApi" */
	const char *implicit_condition; /* IMPLICIT_API_CONDITION */
	const char *event_type;         /* API_EVENT_TYPE: "Api" / "HttpApi" */
	const char *api_type;           /* SERVERLESS_API_RESOURCE_TYPE */
	/* _generate_implicit_api_resource(): the implicit API resource dict (new) */
	cJSON *(*implicit_resource)(void);
	/* EDITOR_CLASS.is_valid(body) */
	bool (*body_is_valid)(const cJSON *body);
	/* EDITOR_CLASS(body).add_path(path, method); *out receives the new definition (owned). */
	int (*body_add_path)(xf *x, const cJSON *body, const cJSON *path, const cJSON *method, cJSON **out);
	/* EDITOR_CLASS(body); for each path of editor.iter_on_path(): condition_of(a, path, &name)
	 * and, when it sets a name (a borrowed string node: its Py27UniStr flag matters),
	 * make_path_conditional(path, name); *out receives the editor's definition (owned) even
	 * when nothing changed. */
	int (*body_make_paths_conditional)(xf *x, const cJSON *body,
					   int (*condition_of)(struct implicit_api *a, const cJSON *path,
							       const cJSON **name),
					   struct implicit_api *a, cJSON **out);
	/* _process_api_events(function, api_events, template, condition, deletion_policy,
	 * update_replace_policy) for one resource: `events` lists the resource's Api events
	 * (members of Properties.Events, borrowed, in iteration order). Raises as Python does:
	 * an event error (XF_ERR_EVENT) is collected for the resource, anything else aborts. */
	int (*process_events)(struct implicit_api *a, const char *resource_id, cJSON *resource,
			      cJSON **events, size_t n);
} implicit_api_kind;

/* One run of the plugin (ImplicitApiPlugin's instance state). */
typedef struct implicit_api {
	xf *x;
	const implicit_api_kind *kind;
	cJSON *tpl;          /* the template (x->tpl) */
	cJSON *resources;    /* its Resources */
	cJSON *existing;     /* existing_implicit_api_resource (a copy) or NULL */
	cJSON *conditions;   /* api_conditions: {api: {path: {method: condition or null}}} */
	cJSON *deletion;     /* api_deletion_policies: {api: [policy or null, ...]} */
	cJSON *replace;      /* api_update_replace_policies */
	const char *current_api; /* the API whose paths body_make_paths_conditional is visiting */
	cJSON *names;        /* condition names handed out by condition_of (owned) */
	cJSON *implicit;     /* the member Resources[kind->implicit_id], or NULL */
	samc_strmap index;   /* logical id -> member of resources, built on first use */
	bool indexed;
	samc_strmap methods; /* (api, path) -> its methods object in conditions */
} implicit_api;

/* on_before_transform_template: the whole plugin run. */
int implicit_api_run(xf *x, const implicit_api_kind *kind);

/* ---- building blocks for process_events ---- */

/* _add_tags_to_implicit_api_if_necessary(event_properties, resource, template) */
int implicit_api_add_tags_if_necessary(implicit_api *a, const cJSON *event_props, const cJSON *resource);
/* _add_implicit_api_id_if_necessary: event_props[api_id_property] = {"Ref": implicit_id} when absent */
void implicit_api_add_id_if_necessary(implicit_api *a, cJSON *event_props);
/* _validate_api_event: sets *api_id, *path, *method (borrowed string nodes) or raises. */
int implicit_api_validate_event(implicit_api *a, const char *event_id, const cJSON *event_props,
				const cJSON **api_id, const cJSON **path, const cJSON **method);
/* _update_resource_attributes_from_api_event */
int implicit_api_record_attributes(implicit_api *a, const char *api_id, const char *path, const char *method,
				   const cJSON *resource);
/* _add_api_to_swagger(event_id, event_properties, template) */
int implicit_api_add_to_body(implicit_api *a, const char *event_id, const cJSON *event_props);
/* The API a resource of the template (Resources[id]) or NULL. */
cJSON *implicit_api_resource(implicit_api *a, const char *id);

/* ---- small helpers shared with the API expanders ---- */

/* The keys of a dict in Python iteration order (Py27 order for a Py27Dict): a malloc'd array of
 * borrowed strings (NULL and *n == 0 for an empty or non-object value). */
const char **api_dict_keys(const cJSON *obj, size_t *n);
/* The members of a dict in Python iteration order: a malloc'd array of borrowed members (NULL
 * and *n == 0 for an empty or non-object value). One pass, unlike keys + api_dict_member. */
cJSON **api_dict_members(const cJSON *obj, size_t *n);
/* The members for which keep(member, ctx) holds, in Python iteration order (computed only when
 * more than one is kept): a malloc'd array of borrowed members, NULL and *n == 0 when none. */
cJSON **api_dict_members_where(const cJSON *obj, bool (*keep)(const cJSON *member, const void *ctx),
			       const void *ctx, size_t *n);
/* The member of obj named key (borrowed, NULL when absent). */
cJSON *api_dict_member(const cJSON *obj, const char *key);
/* d[key] = value (taken) with Python semantics: Py27Dict order bookkeeping for a Py27Dict, in
 * place for an existing key, appended otherwise. */
void api_dict_set(cJSON *d, const char *key, cJSON *value);
/* del d[key] (no-op when absent), Py27Dict-aware. */
void api_dict_del(cJSON *d, const char *key);
/* model/intrinsics.py make_combined_condition(sorted(names), name) added to the template's
 * Conditions (created when missing): name, name1... of Fn::Or chunks of 10. names: array of
 * distinct strings (sorted here). A Conditions section that is not a mapping is a template
 * error raised on x. */
int api_add_combined_condition(xf *x, cJSON *tpl, const char *name, const cJSON *names);

#endif
