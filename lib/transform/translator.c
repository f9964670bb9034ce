/* translator.c — samc_transform: the reference translator's pipeline (parameters, document
 * checks, Globals, one macro per SAM resource, CodeDeploy, reference rewriting, errors). */
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "json/emit.h"
#include "json/shared_text.h"
#include "transform/application.h"
#include "transform/capacity_provider.h"
#include "transform/connector.h"
#include "transform/function_extras.h"
#include "transform/intrinsics.h"
#include "transform/language_extensions.h"
#include "transform/managed_policies.h"
#include "transform/parameters.h"
#include "transform/policy_templates.h"
#include "transform/positions.h"
#include "transform/py27.h"
#include "transform/xf.h"
#include "util/buf.h"
#include "util/error.h"

typedef struct macro {
	const char *type;
	xf_expander expand;
	int group; /* processing order: 0 functions, 1 state machines, 2 APIs, 3 others, 4 connectors */
	/* referable properties: "Property=Generated::Type" pairs */
	const char *const *referables;
} macro;

static const char *const FUNCTION_REFS[] = {"Alias=AWS::Lambda::Alias", "Version=AWS::Lambda::Version",
					    "DestinationTopic=AWS::SNS::Topic", "DestinationQueue=AWS::SQS::Queue",
					    NULL};
static const char *const NO_REFS[] = {NULL};
static const char *const REST_API_REFS[] = {
	"Stage=AWS::ApiGateway::Stage",           "Deployment=AWS::ApiGateway::Deployment",
	"DomainName=AWS::ApiGateway::DomainName", "DomainNameV2=AWS::ApiGateway::DomainNameV2",
	"UsagePlan=AWS::ApiGateway::UsagePlan",   "UsagePlanKey=AWS::ApiGateway::UsagePlanKey",
	"ApiKey=AWS::ApiGateway::ApiKey",         NULL};
static const char *const APIV2_REFS[] = {"Stage=AWS::ApiGatewayV2::Stage",
					     "DomainName=AWS::ApiGatewayV2::DomainName", NULL};

static const macro MACROS[] = {
	{"AWS::Serverless::Function", xf_expand_function, 0, FUNCTION_REFS},
	{"AWS::Serverless::StateMachine", xf_expand_state_machine, 1, NO_REFS},
	{"AWS::Serverless::Api", xf_expand_api, 2, REST_API_REFS},
	{"AWS::Serverless::HttpApi", xf_expand_http_api, 2, APIV2_REFS},
	{"AWS::Serverless::WebSocketApi", xf_expand_websocket_api, 2, APIV2_REFS},
	{"AWS::Serverless::SimpleTable", xf_expand_simple_table, 3, NO_REFS},
	{"AWS::Serverless::LayerVersion", xf_expand_layer_version, 3, NO_REFS},
	{"AWS::Serverless::Application", xf_expand_application, 3, NO_REFS},
	{"AWS::Serverless::GraphQLApi", xf_expand_graphql_api, 3, NO_REFS},
	{"AWS::Serverless::CapacityProvider", xf_expand_capacity_provider, 3, NO_REFS},
	{"AWS::Serverless::Connector", xf_expand_connector, 4, NO_REFS},
};

static const macro *find_macro(const cJSON *resource)
{
	const char *type = xf_get_str(resource, "Type");
	if (!type)
		return NULL;
	for (size_t i = 0; i < sizeof(MACROS) / sizeof(MACROS[0]); i++)
		if (strcmp(MACROS[i].type, type) == 0)
			return &MACROS[i];
	return NULL;
}

/* SamResourceType: the types the Globals plugin and document checks consider SAM resources. */
static bool is_sam_resource_type(const char *type)
{
	static const char *const types[] = {
		"AWS::Serverless::Api",          "AWS::Serverless::Function",     "AWS::Serverless::SimpleTable",
		"AWS::Serverless::Application",  "AWS::Serverless::LayerVersion", "AWS::Serverless::HttpApi",
		"AWS::Serverless::WebSocketApi", "AWS::Serverless::StateMachine", "AWS::Serverless::CapacityProvider",
	};
	for (size_t i = 0; type && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(types[i], type) == 0)
			return true;
	return false;
}

/* ---- set-up and tear-down ---- */

/* tpl (owned from here on) is the tree to edit: a copy of doc's, or doc's own taken from it. */
static int xf_init(xf *x, const samc_document *doc, cJSON *tpl, const samc_transform_options *opts,
		   samc_error **err)
{
	memset(x, 0, sizeof(*x));
	x->region = opts && opts->region ? opts->region : "us-east-1";
	x->partition = xf_partition_for_region(x->region);
	x->allow_local_code = opts && opts->allow_local_code;
	x->tpl = tpl;
	x->params = cJSON_CreateObject();
	if (!x->tpl || !x->params || xf_record_source_positions(x, doc, doc->root ? doc->root : tpl))
		return SAMC_ENOMEM;
	int rc = samc_parse_parameter_overrides(opts ? opts->parameter_overrides : NULL, x->params, err);
	if (rc)
		return rc;
	/* AWS::LanguageExtensions runs first, on the template as written */
	if ((rc = samc_language_extensions(x->tpl, x->params, x->region, doc->name, err)))
		return rc;
	/* transform(): the Python 2.7 compatibility conversion (template and given values) comes
	 * before the translator adds defaults and pseudo parameters */
	if (cJSON_IsObject(x->tpl) && !py27_convert_template(x->tpl, x->params))
		return SAMC_ENOMEM;
	if (cJSON_IsObject(x->tpl))
		samc_add_default_parameters(x->params, x->tpl, x->region, x->partition);
	return 0;
}


/* ---- document checks (Parser.validate_datatypes, SamResource.valid) ---- */

static int validate_document(xf *x)
{
	const cJSON *resources = xf_get(x->tpl, "Resources");
	if (!cJSON_IsObject(resources) || !resources->child)
		return xf_fail_document(x, "'Resources' section is required");
	for (const cJSON *r = resources->child; r; r = r->next)
		if (!cJSON_IsObject(r))
			return xf_fail_document(x, "All 'Resources' must be Objects. If you're using YAML, this may be "
						   "an indentation issue.");
	for (const cJSON *r = resources->child; r; r = r->next) {
		if (!is_sam_resource_type(xf_get_str(r, "Type")))
			continue;
		const cJSON *cond = xf_get(r, "Condition");
		if (xf_truthy(cond) && !cJSON_IsString(cond))
			return xf_fail_document(x, "Every Condition member must be a string.");
		const cJSON *props = xf_get(r, "Properties");
		if (props && !cJSON_IsObject(props)) {
			x->pending.kind = XF_ERR_RESOURCE;
			x->pending.id = samc_strdup(r->string);
			x->pending.message = samc_strdup("Attribute 'Properties' should be a map.");
			return XF_FAIL;
		}
	}
	return XF_OK;
}

/* ---- the macros ---- */

static int index_resources(xf *x)
{
	for (cJSON *r = x->resources->child; r; r = r->next)
		if (samc_strmap_put(&x->res_index, r->string, r))
			return XF_NOMEM;
	return XF_OK;
}

/* get_resource_references: the last generated resource of each referable type. */
static void record_referables(xf *x, const char *id, const macro *m)
{
	for (const char *const *r = m->referables; *r; r++) {
		const char *eq = strchr(*r, '=');
		const char *found = NULL;
		for (const cJSON *e = x->emitted->child; e; e = e->next) {
			const char *type = xf_get_str(xf_resource(x, e->valuestring), "Type");
			if (type && strcmp(type, eq + 1) == 0)
				found = e->valuestring;
		}
		if (!found)
			continue;
		char *property = samc_strfmt("%.*s", (int)(eq - *r), *r);
		if (property)
			xf_refer(x, id, property, found);
		free(property);
	}
}

static int run_macro(xf *x, const char *id, const macro *m)
{
	cJSON *sam = xf_resource(x, id);
	samc_strmap_del(&x->res_index, id);
	cJSON_DetachItemViaPointer(x->resources, sam);
	cJSON_Delete(x->emitted);
	x->emitted = cJSON_CreateArray();
	int rc;
	if (!xf_is_logical_id(id) || (sam->type & SAMC_KEY_NOT_STRING))
		rc = xf_fail_resource(x, id, "Logical ids must be alphanumeric.");
	else if (m->expand)
		rc = m->expand(x, id, sam);
	else
		rc = xf_fail_resource(x, id, "samc does not support resources of type %s yet", m->type);
	if (rc == XF_OK) {
		record_referables(x, id, m);
		if (xf_collect_duplicates(x, id) || xf_share_emitted_text(x))
			rc = XF_NOMEM;
	}
	cJSON_Delete(x->duplicates);
	x->duplicates = NULL;
	xf_retire_expanded(x, sam);
	if (rc == XF_NOMEM)
		return rc;
	return xf_collect_pending(x);
}

static int run_macros(xf *x)
{
	/* collect ids first: the macros edit Resources while we go */
	/* Resources iterate in Py27Dict order when the template was converted */
	size_t n = 0;
	const cJSON **members = py27_members(x->resources, &n);
	if (!members)
		return XF_NOMEM;
	cJSON *order = cJSON_CreateArray();
	const macro **found = calloc(n ? n : 1, sizeof(*found)); /* each member's macro, found once */
	for (size_t i = 0; found && i < n; i++)
		found[i] = find_macro(members[i]);
	for (int group = 0; found && group <= 4; group++)
		for (size_t i = 0; i < n; i++)
			if (found[i] && found[i]->group == group)
				cJSON_AddItemToArray(order, cJSON_CreateString(members[i]->string));
	bool nomem = !found;
	free(found);
	free((void *)members);
	if (nomem) {
		cJSON_Delete(order);
		return XF_NOMEM;
	}
	int rc = XF_OK;
	for (const cJSON *id = order->child; id && rc != XF_NOMEM && !x->document_failed; id = id->next) {
		const macro *m = find_macro(xf_resource(x, id->valuestring));
		if (m)
			rc = run_macro(x, id->valuestring, m);
	}
	cJSON_Delete(order);
	return rc == XF_NOMEM ? rc : XF_OK;
}

/* ResolveDependsOn over the whole template. */
static void resolve_depends_on(cJSON *node, const cJSON *changed)
{
	if (cJSON_IsObject(node)) {
		cJSON *dep = cJSON_GetObjectItemCaseSensitive(node, "DependsOn");
		if (cJSON_IsString(dep)) {
			const char *to = xf_get_str(changed, dep->valuestring);
			if (to)
				samc_json_set_text(dep, to);
		} else if (cJSON_IsArray(dep)) {
			for (cJSON *d = dep->child; d; d = d->next) {
				const char *to = cJSON_IsString(d) ? xf_get_str(changed, d->valuestring) : NULL;
				if (to)
					samc_json_set_text(d, to);
			}
		}
	}
	if (cJSON_IsObject(node) || cJSON_IsArray(node))
		for (cJSON *c = node->child; c; c = c->next)
			resolve_depends_on(c, changed);
}

static int translate(xf *x)
{
	if (!cJSON_IsObject(x->tpl))
		return xf_fail_document(x, "'Resources' section is required");
	if (validate_document(x))
		return XF_FAIL;
	/* ServerlessAppPlugin runs first of the template plugins (application_plugin.c) */
	if (xf_serverless_app_plugin(x))
		return XF_FAIL;
	if (xf_default_definition_body(x) || xf_implicit_rest_api(x) || xf_implicit_http_api(x))
		return XF_FAIL;
	if (xf_globals_apply(x))
		return XF_FAIL;
	/* embedded connectors: Connectors attributes become AWS::Serverless::Connector resources */
	if (xf_embedded_connectors(x))
		return XF_NOMEM;
	const cJSON *mappings = xf_get(x->tpl, "Mappings");
	if (mappings && !cJSON_IsObject(mappings))
		return xf_fail_document(x, "'Mappings' or 'Parameters' is either null or not a valid dictionary.");
	x->resources = cJSON_GetObjectItemCaseSensitive(x->tpl, "Resources");
	x->conditions = cJSON_GetObjectItemCaseSensitive(x->tpl, "Conditions");
	if (!cJSON_IsObject(x->conditions))
		x->conditions = NULL;
	if (xf_take_input_snapshot(x) || index_resources(x))
		return XF_NOMEM;
	if (run_macros(x))
		return XF_NOMEM;
	if (x->document_failed)
		return XF_FAIL;
	cJSON_Delete(x->emitted);
	x->emitted = NULL;
	if (xf_deployment_preferences_finish(x) && xf_collect_pending(x))
		return XF_NOMEM;
	cJSON_DeleteItemFromObjectCaseSensitive(x->tpl, "Transform");
	if (x->ncauses)
		return XF_FAIL;
	if (x->changed_ids)
		resolve_depends_on(x->tpl, x->changed_ids);
	if (xf_resolve_id_refs(x, &x->tpl, x->changed_ids) || xf_resolve_resource_refs(x, &x->tpl))
		return XF_FAIL;
	return XF_OK;
}

/* ---- errors ---- */

static int compare_causes(const void *a, const void *b)
{
	const struct xf_cause *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x < y ? -1 : x > y);
}

/* Dedupe by message (first kept), then stable sort by key, as the reference's test harness. */
static void sort_causes(xf *x)
{
	size_t n = 0;
	for (size_t i = 0; i < x->ncauses; i++) {
		bool dup = false;
		for (size_t j = 0; j < n && !dup; j++)
			dup = strcmp(x->causes[j].message, x->causes[i].message) == 0;
		if (dup) {
			free(x->causes[i].key);
			free(x->causes[i].message);
			free(x->causes[i].id);
		} else
			x->causes[n++] = x->causes[i];
	}
	x->ncauses = n;
	qsort(x->causes, n, sizeof(*x->causes), compare_causes);
}

static int report_errors(xf *x, const char *name, samc_error **err)
{
	if (x->pending.kind != XF_ERR_NONE && xf_collect_pending(x))
		return SAMC_ENOMEM;
	sort_causes(x);
	samc_buf msg = SAMC_BUF_INIT;
	samc_buf_printf(&msg, "Invalid Serverless Application Specification document. Number of errors found: %zu.",
			x->ncauses);
	for (size_t i = 0; i < x->ncauses; i++)
		samc_buf_printf(&msg, " %s", x->causes[i].message);
	if (!err) {
		samc_buf_free(&msg);
		return SAMC_EINVALID;
	}
	samc_error_set(err, SAMC_EINVALID, name, 0, 0, "%s", samc_buf_cstr(&msg) ? samc_buf_cstr(&msg) : "");
	samc_buf_free(&msg);
	for (size_t i = 0; *err && i < x->ncauses; i++) {
		samc_pos pos = xf_source_position(x, x->causes[i].id);
		samc_error_add_cause(*err, x->causes[i].message, pos.line, pos.column);
	}
	return SAMC_EINVALID;
}

/* ---- plain CloudFormation: nothing to translate ---- */

/* A resource the translator could expand, add to or reject: a SAM type, embedded Connectors,
 * the ids the implicit API plugins own, or anything but an object. */
static bool translator_acts_on(const cJSON *resource)
{
	const char *type = xf_get_str(resource, "Type");
	const char *id = resource->string;
	return !cJSON_IsObject(resource) || (type && strncmp(type, "AWS::Serverless::", 17) == 0) ||
	       xf_get(resource, "Connectors") || strcmp(id, "ServerlessRestApi") == 0 ||
	       strcmp(id, "ServerlessHttpApi") == 0;
}

/* Whether the translation of doc is anything but doc itself: false for a template with no
 * Transform (so no AWS::LanguageExtensions either), no Globals, valid Resources and Mappings,
 * no resource the translator acts on and no parameter overrides to check. */
static bool needs_translation(const cJSON *root, const samc_transform_options *opts)
{
	if (opts && opts->parameter_overrides && *opts->parameter_overrides)
		return true;
	if (!cJSON_IsObject(root) || xf_get(root, "Transform") || xf_get(root, "Globals"))
		return true;
	const cJSON *mappings = xf_get(root, "Mappings");
	const cJSON *resources = xf_get(root, "Resources");
	if ((mappings && !cJSON_IsObject(mappings)) || !cJSON_IsObject(resources) || !resources->child)
		return true;
	for (const cJSON *r = resources->child; r; r = r->next)
		if (translator_acts_on(r))
			return true;
	return false;
}

int samc_transform_needed(const samc_document *doc, const samc_transform_options *opts, int *needed)
{
	if (!doc || !needed)
		return SAMC_EUSAGE;
	*needed = needs_translation(doc->root, opts);
	return 0;
}

/* Runs the whole translation of tpl (owned: a copy of doc's tree or that tree itself, taken);
 * on success x->tpl is the output. */
static int run_translation(xf *x, const samc_document *doc, cJSON *tpl, const samc_transform_options *opts,
			   samc_error **err)
{
	bool langext_only = samc_langext_only(tpl); /* AWS::LanguageExtensions alone: no SAM transform */
	int rc = xf_init(x, doc, tpl, opts, err);
	if (rc || langext_only)
		return rc;
	int t = translate(x);
	if (t == XF_NOMEM)
		return SAMC_ENOMEM;
	if (t == XF_FAIL || x->ncauses)
		return report_errors(x, doc->name, err);
	return 0;
}

int samc_transform(const samc_document *doc, const samc_transform_options *opts, char **out, samc_error **err)
{
	if (!doc || !out)
		return SAMC_EUSAGE;
	*out = NULL;
	if (!needs_translation(doc->root, opts))
		return samc_document_render(doc, SAMC_FORMAT_JSON, out, NULL, err);
	xf x;
	int rc = run_translation(&x, doc, cJSON_Duplicate(doc->root, 1), opts, err);
	if (!rc) {
		samc_buf b = SAMC_BUF_INIT;
		samc_json_emit(&b, x.tpl, &SAMC_JSON_PRETTY);
		samc_buf_putc(&b, '\n');
		*out = samc_buf_detach(&b);
		rc = *out ? 0 : SAMC_ENOMEM;
	}
	xf_context_release(&x);
	return rc;
}

static bool wants_positions(const samc_transform_options *opts)
{
	return !(opts && opts->skip_positions);
}

/* The expansion of a template that needs none: the tree itself, every node with a position
 * (unless opts skip them). */
static int untranslated_document(cJSON *root, const char *name, const samc_transform_options *opts,
				 samc_document **out)
{
	samc_document *result = calloc(1, sizeof(*result));
	if (!result || !root || (name && !(result->name = samc_strdup(name)))) {
		cJSON_Delete(root);
		samc_document_free(result);
		return SAMC_ENOMEM;
	}
	result->root = root;
	if (wants_positions(opts))
		xf_inherit_positions(root, (samc_pos){0, 0});
	*out = result;
	return 0;
}

/* Translates tpl (owned) into *out. */
static int transform_tree(const samc_document *doc, cJSON *tpl, const samc_transform_options *opts,
			  samc_document **out, samc_error **err)
{
	if (!needs_translation(tpl, opts))
		return untranslated_document(tpl, doc->name, opts, out);
	xf x;
	int rc = run_translation(&x, doc, tpl, opts, err);
	samc_document *result = rc ? NULL : calloc(1, sizeof(*result));
	if (!rc && !result)
		rc = SAMC_ENOMEM;
	if (!rc && doc->name && !(result->name = samc_strdup(doc->name)))
		rc = SAMC_ENOMEM;
	if (!rc) {
		if (wants_positions(opts))
			xf_position_output(&x);
		result->root = x.tpl;
		x.tpl = NULL;
		result->strings = x.strings; /* the text the tree shares goes with it */
		x.strings = (samc_strmap){0};
		*out = result;
		result = NULL;
	}
	samc_document_free(result);
	xf_context_release(&x);
	return rc;
}

int samc_transform_document(const samc_document *doc, const samc_transform_options *opts, samc_document **out,
			    samc_error **err)
{
	if (!doc || !out)
		return SAMC_EUSAGE;
	*out = NULL;
	return transform_tree(doc, cJSON_Duplicate(doc->root, 1), opts, out, err);
}

int samc_transform_document_take(samc_document **doc, const samc_transform_options *opts, samc_document **out,
				 samc_error **err)
{
	if (!doc || !*doc || !out)
		return SAMC_EUSAGE;
	*out = NULL;
	samc_document *in = *doc;
	*doc = NULL;
	cJSON *tpl = in->root;
	in->root = NULL; /* its position table stays until the transform is done */
	if (in->strings.count) { /* an expansion's tree shares text that goes when `in` goes */
		in->root = tpl;
		tpl = cJSON_Duplicate(tpl, 1);
	}
	int rc = transform_tree(in, tpl, opts, out, err);
	samc_document_free(in);
	return rc;
}
