/* xf.h — the transform context shared by the translator and every expander:
 * errors as the reference raises them, generated-resource output, and small builders. */
#ifndef SAMC_TRANSFORM_XF_H
#define SAMC_TRANSFORM_XF_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "doc/doc.h"
#include "samc/samc.h"
#include "util/strmap.h"

struct samc_policy_templates;
struct samc_managed_policies;

/* Return codes of expanders and helpers. */
enum { XF_OK = 0, XF_FAIL = -1, XF_NOMEM = -2, XF_SKIP = 1 /* internal to xf.c */ };

/* The kinds of exception the reference raises; they decide wording and sort keys. */
typedef enum xf_err_kind {
	XF_ERR_NONE = 0,
	XF_ERR_RESOURCE, /* InvalidResourceException: "Resource with id [id] is invalid. msg" */
	XF_ERR_EVENT,    /* InvalidEventException: "Event with id [id] is invalid. msg" */
	XF_ERR_TEMPLATE, /* InvalidTemplateException: "Structure of the SAM template is invalid. msg" */
	XF_ERR_DOCUMENT, /* InvalidDocumentException([InvalidTemplateException(msg)]) inside a macro:
	                    worded like XF_ERR_TEMPLATE, discards all other errors */
	XF_ERR_GLOBALS,  /* InvalidGlobalsSectionException: "'Globals' section is invalid. msg" */
	XF_ERR_PLAIN     /* a message printed as is, sorted by its id (DuplicateLogicalIdException) */
} xf_err_kind;

typedef struct xf_pending {
	xf_err_kind kind;
	char *id;      /* logical id (resource) or event id (event); NULL otherwise */
	char *message; /* the message without the "Resource with id..." prefix */
} xf_pending;

struct xf_cause {
	char *key;     /* sort key: logical id, event id, or the message */
	char *message; /* full cause text */
	char *id;      /* the logical id the cause is about (for positions), may be NULL */
};

typedef struct xf {
	const char *region;
	const char *partition; /* aws, aws-cn, aws-us-gov, ... from the region */
	cJSON *tpl;            /* the output template (a deep copy of the input, edited in place) */
	cJSON *resources;      /* tpl.Resources */
	samc_strmap res_index; /* logical id -> cJSON* member of tpl.Resources */
	cJSON *retired;        /* resources taken out of tpl.Resources, kept (owned) so that the
				* input snapshot below can still point at them */
	cJSON *params;         /* parameter values: name -> value (owned) */
	cJSON *conditions;     /* tpl.Conditions or NULL */
	cJSON *changed_ids;    /* old logical id -> new logical id (layers) */
	cJSON *referables;     /* resource type -> {sam id -> {property -> generated id}} see xf_refer */
	struct samc_policy_templates *policy_templates; /* loaded on first use (policies.c) */
	struct samc_managed_policies *managed_policies; /* loaded on first use (policies.c) */
	bool allow_local_code;
	xf_pending pending;    /* the exception "raised" by the current expander */
	struct xf_cause *causes;
	size_t ncauses, capcauses;
	bool document_failed; /* an XF_ERR_DOCUMENT cause replaced everything */
	cJSON *deployment_prefs; /* function id -> {alias id, preference} collected for CodeDeploy */
	cJSON *emitted;          /* ids emitted by the current macro, in order (NULL: not tracked) */
	cJSON *duplicates;       /* DuplicateLogicalId messages of the current macro (xf_emit) */
	samc_strmap sources;     /* generated id -> id of the SAM resource that emitted it (owned) */
	samc_strmap strings;     /* the text generated resources share (json/shared_text.h); it
				  * goes with the output tree, so it is freed after it */
	/* The input snapshot: Resources as they were after the plugins, before the macros. The
	 * members are those nodes themselves (not a copy): a resource the macros replace or remove
	 * is retired, not freed, so these pointers stay valid until the context is released. */
	samc_strmap source_pos;    /* input logical id -> packed source position (positions.c) */
	samc_pos globals_pos;      /* of the input's Globals section */
	bool has_snapshot;         /* taken (the macros have started) */
	samc_strmap input_index;   /* logical id -> input member */
	const cJSON **input_order; /* input members in Python order */
	size_t ninput_order;
} xf;

/* Frees everything the context owns (tpl, params, indexes, causes, loaded data ...). */
void xf_context_release(xf *x);

/* ---- raising errors: set the pending exception (first one wins) and return XF_FAIL ---- */
int xf_fail_resource(xf *x, const char *id, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int xf_fail_event(xf *x, const char *event_id, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int xf_fail_template(xf *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int xf_fail_document(xf *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int xf_fail_globals(xf *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Turns a pending XF_ERR_EVENT into the function's XF_ERR_RESOURCE ("Resource with id [fn] is
 * invalid. Event with id [ev] is invalid. msg"), as SamFunction does. */
void xf_wrap_event_error(xf *x, const char *resource_id);
/* Moves the pending exception into the list of causes. Returns XF_NOMEM or XF_OK. */
int xf_collect_pending(xf *x);
void xf_pending_clear(xf_pending *p);
/* After a macro succeeded: one cause per generated id that clashed with an input id. */
int xf_collect_duplicates(xf *x, const char *source_id);

/* ---- generated resources ---- */
/* {"Type": type, "Properties": {}} */
cJSON *xf_new_resource(const char *type);
cJSON *xf_props(cJSON *resource); /* the Properties object (created when missing) */
/* Copies Condition, DeletionPolicy, UpdateReplacePolicy from the SAM resource `sam` onto `dst`
 * (what generated children inherit). */
void xf_copy_child_attributes(cJSON *dst, const cJSON *sam);
/* Adds `resource` (ownership taken) to the output under `id`. A generated id that equals an id
 * of the input template is dropped and recorded as a DuplicateLogicalId error (reported when
 * the macro completes) unless the type pair is allowed (verify_logical_id); ids among
 * generated resources silently overwrite. */
int xf_emit(xf *x, const char *source_id, const char *id, cJSON *resource);
/* The output resource with that id, or NULL. */
cJSON *xf_resource(xf *x, const char *id);
/* Removes an output resource (retired: see xf_retire). */
void xf_remove_resource(xf *x, const char *id);
/* template["Resources"][id] = r (ownership taken): r takes an existing member's place (the
 * input snapshot keeps a copy of that member); no duplicate check (XF_OK or XF_NOMEM). */
int xf_put_resource(xf *x, const char *id, cJSON *r);
/* Takes a resource already detached from tpl.Resources: it is freed with the context, so the
 * input snapshot may still point at it. */
void xf_retire(xf *x, cJSON *resource);
/* Retires a SAM resource its macro has expanded, keeping only what later macros read of it
 * through the input snapshot (xf_input_resource, xf_input_members): its Type, and the Api
 * events and FunctionName of its Properties (a REST API's deployment hashes the FunctionNames of the
 * functions with an Api event on it). The rest is freed. */
void xf_retire_expanded(xf *x, cJSON *sam);
/* After a macro: the resources it emitted share their scalar text through x->strings
 * (XF_OK or XF_NOMEM). */
int xf_share_emitted_text(xf *x);
/* Records the input snapshot from tpl.Resources as it is now (XF_OK or XF_NOMEM). */
int xf_take_input_snapshot(xf *x);
/* The input resource with that id (from the input snapshot), or NULL. */
const cJSON *xf_input_resource(xf *x, const char *id);
/* Indexes the members of an object by key (the first of equal keys wins, as cJSON's lookup
 * finds it) into an empty map; on failure (out of memory) the map is left empty. */
int xf_index_members(samc_strmap *m, const cJSON *obj);
/* The input snapshot's members in Python iteration order (Py27 order for a Py27Dict);
 * borrowed; NULL and *n == 0 when empty. */
const cJSON *const *xf_input_members(xf *x, size_t *n);
/* The id of the SAM resource that emitted generated resource `id`, or NULL. */
const char *xf_source_of(const xf *x, const char *id);

/* ---- values ---- */
bool xf_is_intrinsic(const cJSON *v);  /* a one-key object: the reference's loose test */
bool xf_is_fn(const cJSON *v, const char *name); /* one-key object whose key is `name` */
/* model/intrinsics.py is_intrinsic: a one-key object whose key is Ref, Condition or Fn::* */
bool xf_is_cfn_intrinsic(const cJSON *v);
bool xf_is_no_value(const cJSON *v);   /* {"Ref": "AWS::NoValue"} */
cJSON *xf_ref(const char *id);
cJSON *xf_getatt(const char *id, const char *attr);
cJSON *xf_sub(const char *text);
cJSON *xf_str(const char *s); /* cJSON_CreateString */
cJSON *xf_dup(const cJSON *v); /* deep copy (NULL in, NULL out) */
const cJSON *xf_get(const cJSON *obj, const char *key); /* case-sensitive, NULL when obj not object */
const char *xf_get_str(const cJSON *obj, const char *key); /* string value or NULL */
/* Python truthiness of a JSON value: null/false/0/""/{}/[] are false. */
bool xf_truthy(const cJSON *v);
/* Sets obj[key] = val (replacing), takes ownership of val; val NULL is a no-op. */
void xf_set(cJSON *obj, const char *key, cJSON *val);
/* Python type name of a value as the reference's messages print it: dict, list, str, int,
 * float, bool, NoneType. */
const char *xf_pytype(const cJSON *v);
/* Python repr/str of a JSON value as the reference prints it in messages. */
char *xf_pyrepr(const cJSON *v);
/* Equality of two JSON values (numbers by value, objects regardless of key order). */
bool xf_equal(const cJSON *a, const cJSON *b);

/* ---- intrinsics ---- */
/* resolve_parameter_refs: replaces, in place, {"Ref": P} for known parameters and ${P} in Fn::Sub
 * strings; returns the (possibly replaced) node. *v may be replaced, hence the pointer. */
int xf_resolve_params(xf *x, cJSON **v);
/* Returns a resolved deep copy (NULL in, NULL out). */
cJSON *xf_resolved_copy(xf *x, const cJSON *v);
/* Fn::FindInMap resolution through the template's Mappings, in place. */
int xf_resolve_find_in_map(xf *x, cJSON **v);

/* ---- logical ids ---- */
/* LogicalIdGenerator(prefix, data).gen(): prefix + first 10 hex chars of SHA-1 of the data's
 * canonical JSON (a string hashes as itself; falsy data gives the prefix alone). Malloc'd. */
char *xf_logical_id(const char *prefix, const cJSON *data);
/* The same with a string as data. */
char *xf_logical_id_str(const char *prefix, const char *data);
/* Full 40-char SHA-1 hex of the canonical data (get_hash(40)). out holds 41 bytes. */
void xf_data_hash(const cJSON *data, char out[41]);
bool xf_is_alnum(const char *s); /* Python str.isalnum(): false for "" */
bool xf_is_logical_id(const char *s); /* a CloudFormation logical id: ^[A-Za-z0-9]+$ */

/* ---- property validation (Resource.validate_properties) ---- */
typedef enum xf_check {
	XF_ANY,          /* PassThroughProperty / any_type */
	XF_IS_STR,       /* "should be a string." */
	XF_IS_DICT,      /* "should be a map." */
	XF_IS_BOOL,      /* "Type of property ... is invalid." for this and all below */
	XF_IS_INT,       /* int (bool passes, as in Python) */
	XF_IS_LIST,
	XF_STR_OR_DICT,
	XF_STR_OR_LIST,
	XF_DICT_OR_LIST,
	XF_LIST_OF_STR,
	XF_LIST_OF_DICT,
	XF_LIST_OF_STR_OR_DICT,
	XF_STR_OR_DICT_OR_LIST_OF_STR_OR_DICT, /* Policies */
	XF_DICT_OF_STR_DICT,  /* dict_of(IS_STR, IS_DICT): a map whose values are maps */
	XF_STR_ENUM_DELETE_RETAIN, /* "should be a one of the strings: 'Delete' or 'Retain'." */
	XF_INT_OR_STR,
	XF_BOOL_OR_STR,
	XF_INT_OR_DICT,
	XF_ONE_OF_STR         /* one_of(IS_STR): a string, but "Type of property ... is invalid." */
} xf_check;

typedef struct xf_prop_spec {
	const char *name;
	bool required;
	xf_check check;
	bool no_intrinsics; /* true for Property(..., supports_intrinsics=False) */
} xf_prop_spec;

/* from_dict + validate_properties: unknown keys give "property X not defined for resource of
 * type T", then each spec in order: missing required, then type. `props` may be NULL. Raises a
 * resource error on `id`. specs end with {NULL}; their names are unique. */
int xf_validate_props(xf *x, const char *id, const char *type, const cJSON *props,
		      const xf_prop_spec *specs);
/* The check alone. */
bool xf_check_value(const cJSON *v, xf_check check);

/* ---- sam_expect (validator/value_validator.py) ---- */
/* "Property '{path}' should be a map." etc. on resource `id`; return XF_FAIL when it is not. */
int xf_expect_map(xf *x, const char *id, const cJSON *v, const char *path);
int xf_expect_list(xf *x, const char *id, const cJSON *v, const char *path);
int xf_expect_str(xf *x, const char *id, const cJSON *v, const char *path);
int xf_expect_bool(xf *x, const char *id, const cJSON *v, const char *path);
int xf_expect_int(xf *x, const char *id, const cJSON *v, const char *path);
/* The same, raising an event error ("Event with id [id] is invalid. Property ... ") */
int xf_expect_map_event(xf *x, const char *event_id, const cJSON *v, const char *path);

/* ---- referable properties (X.Alias, X.Stage ...) ---- */
/* Records that `sam_id`.`property` refers to generated `generated_id` of `type`. */
int xf_refer(xf *x, const char *sam_id, const char *property, const char *generated_id);

/* ---- expanders: one per SAM type, each in its own file ---- */
/* Each reads the SAM resource `sam` ({"Type", "Properties", attributes}) with logical id `id`,
 * emits the generated resources with xf_emit, and returns XF_OK or XF_FAIL (pending error). */
typedef int (*xf_expander)(xf *x, const char *id, const cJSON *sam);
int xf_expand_function(xf *x, const char *id, const cJSON *sam);
int xf_expand_simple_table(xf *x, const char *id, const cJSON *sam);
int xf_expand_layer_version(xf *x, const char *id, const cJSON *sam);
int xf_expand_state_machine(xf *x, const char *id, const cJSON *sam); /* state_machine.c */
int xf_expand_api(xf *x, const char *id, const cJSON *sam);           /* api/rest_api.c */
int xf_expand_http_api(xf *x, const char *id, const cJSON *sam);      /* api/http_api.c */
int xf_expand_websocket_api(xf *x, const char *id, const cJSON *sam); /* api/websocket_api.c */
int xf_expand_graphql_api(xf *x, const char *id, const cJSON *sam);   /* graphql_api.c */

/* Template plugins that run before Globals, in this order (translator.py prepare_plugins):
 * DefaultDefinitionBodyPlugin, ImplicitRestApiPlugin, ImplicitHttpApiPlugin. Each edits x->tpl
 * (Resources) and raises errors as the reference does. */
int xf_default_definition_body(xf *x); /* api/default_definition_body.c */
int xf_implicit_rest_api(xf *x);       /* api/implicit_rest_api.c */
int xf_implicit_http_api(xf *x);       /* api/implicit_http_api.c */

/* Globals (globals.c): merges tpl.Globals into the SAM resources of x->tpl and removes the
 * section; raises XF_ERR_GLOBALS / resource errors (IgnoreGlobals) as the reference does. */
int xf_globals_apply(xf *x);

/* ---- ARNs ---- */
/* "arn:{partition}:{service}:..." helpers use x->partition. */
const char *xf_partition_for_region(const char *region);

#endif
