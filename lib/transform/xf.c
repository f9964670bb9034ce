/* xf.c — the transform context: raising and collecting errors the way the reference does,
 * emitting generated resources into the output template, and small value builders. */
#include "transform/xf.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "json/shared_text.h"
#include "json/values.h"
#include "transform/managed_policies.h"
#include "transform/policy_templates.h"
#include "transform/py27.h"
#include "util/buf.h"

/* ---- errors ---- */

void xf_pending_clear(xf_pending *p)
{
	free(p->id);
	free(p->message);
	p->id = p->message = NULL;
	p->kind = XF_ERR_NONE;
}

static int raise_v(xf *x, xf_err_kind kind, const char *id, const char *fmt, va_list ap)
{
	if (x->pending.kind != XF_ERR_NONE)
		return XF_FAIL;
	samc_buf b = SAMC_BUF_INIT;
	samc_buf_vprintf(&b, fmt, ap);
	x->pending.kind = kind;
	x->pending.id = id ? samc_strdup(id) : NULL;
	x->pending.message = samc_buf_detach(&b);
	return XF_FAIL;
}

int xf_fail_resource(xf *x, const char *id, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = raise_v(x, XF_ERR_RESOURCE, id, fmt, ap);
	va_end(ap);
	return rc;
}

int xf_fail_event(xf *x, const char *event_id, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = raise_v(x, XF_ERR_EVENT, event_id, fmt, ap);
	va_end(ap);
	return rc;
}

int xf_fail_template(xf *x, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = raise_v(x, XF_ERR_TEMPLATE, NULL, fmt, ap);
	va_end(ap);
	return rc;
}

int xf_fail_document(xf *x, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = raise_v(x, XF_ERR_DOCUMENT, NULL, fmt, ap);
	va_end(ap);
	return rc;
}

int xf_fail_globals(xf *x, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = raise_v(x, XF_ERR_GLOBALS, "Globals", fmt, ap);
	va_end(ap);
	return rc;
}

void xf_wrap_event_error(xf *x, const char *resource_id)
{
	if (x->pending.kind != XF_ERR_EVENT)
		return;
	char *msg = samc_strfmt("Event with id [%s] is invalid. %s", x->pending.id, x->pending.message);
	char *id = samc_strdup(resource_id);
	xf_pending_clear(&x->pending);
	x->pending.kind = XF_ERR_RESOURCE;
	x->pending.id = id;
	x->pending.message = msg;
}

static char *cause_text(const xf_pending *p)
{
	switch (p->kind) {
	case XF_ERR_RESOURCE:
		return samc_strfmt("Resource with id [%s] is invalid. %s", p->id, p->message);
	case XF_ERR_EVENT:
		return samc_strfmt("Event with id [%s] is invalid. %s", p->id, p->message);
	case XF_ERR_TEMPLATE:
	case XF_ERR_DOCUMENT:
		return samc_strfmt("Structure of the SAM template is invalid. %s", p->message);
	case XF_ERR_GLOBALS:
		return samc_strfmt("'Globals' section is invalid. %s", p->message);
	default:
		return samc_strdup(p->message ? p->message : "");
	}
}

static int push_cause(xf *x, char *key, char *message, char *id)
{
	if (x->ncauses == x->capcauses) {
		size_t cap = x->capcauses ? x->capcauses * 2 : 8;
		struct xf_cause *c = realloc(x->causes, cap * sizeof(*c));
		if (!c)
			return XF_NOMEM;
		x->causes = c;
		x->capcauses = cap;
	}
	x->causes[x->ncauses++] = (struct xf_cause){key, message, id};
	return XF_OK;
}

static void drop_causes(xf *x)
{
	for (size_t i = 0; i < x->ncauses; i++) {
		free(x->causes[i].key);
		free(x->causes[i].message);
		free(x->causes[i].id);
	}
	x->ncauses = 0;
}

int xf_collect_duplicates(xf *x, const char *source_id)
{
	for (cJSON *d = x->duplicates ? x->duplicates->child : NULL; d; d = d->next) {
		char *key = samc_strdup(source_id), *msg = samc_strdup(d->valuestring), *id = samc_strdup(source_id);
		if (!key || !msg || !id || push_cause(x, key, msg, id)) {
			free(key);
			free(msg);
			free(id);
			return XF_NOMEM;
		}
	}
	cJSON_Delete(x->duplicates);
	x->duplicates = NULL;
	return XF_OK;
}

int xf_collect_pending(xf *x)
{
	if (x->pending.kind == XF_ERR_NONE)
		return XF_OK;
	char *message = cause_text(&x->pending);
	if (!message)
		return XF_NOMEM;
	if (x->pending.kind == XF_ERR_DOCUMENT) {
		drop_causes(x);
		x->document_failed = true;
	}
	char *key = samc_strdup(x->pending.id && x->pending.kind != XF_ERR_TEMPLATE ? x->pending.id : message);
	char *id = x->pending.id ? samc_strdup(x->pending.id) : NULL;
	xf_pending_clear(&x->pending);
	return push_cause(x, key, message, id);
}

/* ---- resources ---- */

cJSON *xf_new_resource(const char *type)
{
	cJSON *r = cJSON_CreateObject();
	if (!r)
		return NULL;
	SAMC_JSON_ADD_STRING(r, "Type", type);
	SAMC_JSON_ADD(r, "Properties", cJSON_CreateObject());
	return r;
}

cJSON *xf_props(cJSON *resource)
{
	cJSON *p = cJSON_GetObjectItemCaseSensitive(resource, "Properties");
	if (!cJSON_IsObject(p)) {
		p = cJSON_CreateObject();
		xf_set(resource, "Properties", p);
	}
	return p;
}

/* Attributes go before Properties, as the reference's to_dict orders them. */
static void set_attribute(cJSON *dst, const char *name, const cJSON *value)
{
	cJSON *copy = cJSON_Duplicate(value, 1);
	if (!copy)
		return;
	cJSON_DeleteItemFromObjectCaseSensitive(dst, name);
	cJSON *props = cJSON_GetObjectItemCaseSensitive(dst, "Properties");
	if (props) {
		if (!(copy->type & cJSON_StringIsConst))
			free(copy->string);
		copy->string = samc_strdup(name);
		copy->type &= ~cJSON_StringIsConst;
		/* insert before Properties */
		copy->next = props;
		copy->prev = props->prev;
		if (dst->child == props)
			dst->child = copy;
		else
			props->prev->next = copy;
		props->prev = copy;
		return;
	}
	samc_json_add_key(dst, name, copy);
}

void xf_copy_child_attributes(cJSON *dst, const cJSON *sam)
{
	static const char *const names[] = {"Condition", "DeletionPolicy", "UpdateReplacePolicy"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const cJSON *v = xf_get(sam, names[i]);
		if (v)
			set_attribute(dst, names[i], v);
	}
}

/* translator/verify_logical_id.py: generated types allowed to replace an input resource. */
static bool replacement_allowed(const char *input_type, const char *generated_type)
{
	static const char *const pairs[][2] = {
		{"AWS::Serverless::Function", "AWS::Lambda::Function"},
		{"AWS::Serverless::SimpleTable", "AWS::DynamoDB::Table"},
		{"AWS::Serverless::Api", "AWS::ApiGateway::RestApi"},
		{"AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Api"},
		{"AWS::Serverless::WebSocketApi", "AWS::ApiGatewayV2::Api"},
		{"AWS::Serverless::LayerVersion", "AWS::Lambda::LayerVersion"},
		{"AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine"},
		{"AWS::Serverless::Application", "AWS::CloudFormation::Stack"},
		{"AWS::Serverless::GraphQLApi", "AWS::AppSync::GraphQLApi"},
		{"AWS::Serverless::CapacityProvider", "AWS::Lambda::CapacityProvider"},
		{"AWS::S3::Bucket", "AWS::S3::Bucket"},
		{"AWS::SNS::Topic", "AWS::SNS::Topic"},
		{"AWS::Cognito::UserPool", "AWS::Cognito::UserPool"},
	};
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if (strcmp(pairs[i][0], input_type) == 0 && strcmp(pairs[i][1], generated_type) == 0)
			return true;
	return false;
}

static int check_duplicate(xf *x, const char *source_id, const char *id, const cJSON *resource)
{
	const cJSON *input = xf_input_resource(x, id);
	if (!input)
		return XF_OK;
	const char *input_type = xf_get_str(input, "Type");
	const char *type = xf_get_str(resource, "Type");
	if (input_type && type && replacement_allowed(input_type, type))
		return XF_OK;
	/* verify_unique_logical_id runs after the macro: one error per duplicate, the rest kept */
	if (!x->duplicates && !(x->duplicates = cJSON_CreateArray()))
		return XF_NOMEM;
	char *message = samc_strfmt(
		"Transforming resource with id [%s] attempts to create a new resource with id [%s] and "
		"type \"%s\". A resource with that id already exists within this template. Please use a "
		"different id for that resource.",
		source_id, id, type ? type : "");
	cJSON_AddItemToArray(x->duplicates, cJSON_CreateString(message ? message : ""));
	free(message);
	return XF_SKIP;
}

/* sources[id] = source_id (the map owns a copy of each value). */
static int record_source(xf *x, const char *id, const char *source_id)
{
	char *value = samc_strdup(source_id);
	if (!value)
		return XF_NOMEM;
	char *old = samc_strmap_get(&x->sources, id);
	if (samc_strmap_put(&x->sources, id, value)) {
		free(value);
		return XF_NOMEM;
	}
	free(old);
	return XF_OK;
}

int xf_share_emitted_text(xf *x)
{
	for (const cJSON *e = x->emitted ? x->emitted->child : NULL; e; e = e->next) {
		cJSON *r = xf_resource(x, e->valuestring);
		if (r && samc_json_share_text(&x->strings, r))
			return XF_NOMEM;
	}
	return XF_OK;
}

const char *xf_source_of(const xf *x, const char *id)
{
	return samc_strmap_get(&x->sources, id);
}

static void free_sources(samc_strmap *sources)
{
	for (size_t i = 0; i < sources->cap; i++)
		if (sources->slots[i].key)
			free(sources->slots[i].value);
	samc_strmap_free(sources);
}

int xf_index_members(samc_strmap *m, const cJSON *obj)
{
	return samc_json_index_members(m, obj, false) ? XF_NOMEM : XF_OK; /* the tree changes */
}

int xf_take_input_snapshot(xf *x)
{
	x->has_snapshot = true;
	if (!cJSON_IsObject(x->resources) || !x->resources->child)
		return XF_OK;
	x->input_order = py27_members(x->resources, &x->ninput_order);
	if (!x->input_order)
		return XF_NOMEM;
	return xf_index_members(&x->input_index, x->resources);
}

const cJSON *xf_input_resource(xf *x, const char *id)
{
	return samc_strmap_get(&x->input_index, id);
}

const cJSON *const *xf_input_members(xf *x, size_t *n)
{
	*n = x->input_order ? x->ninput_order : 0;
	return x->input_order;
}

/* Before an input resource is replaced in place (and freed), the snapshot gets a copy of it. */
static int keep_in_snapshot(xf *x, const char *id, const cJSON *old)
{
	if (samc_strmap_get(&x->input_index, id) != old)
		return XF_OK;
	cJSON *copy = cJSON_Duplicate(old, 1);
	if (!copy || samc_strmap_put(&x->input_index, id, copy)) {
		cJSON_Delete(copy);
		return XF_NOMEM;
	}
	for (size_t i = 0; i < x->ninput_order; i++)
		if (x->input_order[i] == old)
			x->input_order[i] = copy;
	xf_retire(x, copy);
	return XF_OK;
}

int xf_put_resource(xf *x, const char *id, cJSON *r)
{
	if (!r)
		return XF_NOMEM;
	/* an existing member is replaced in place and freed (cJSON_InsertItemInArray cannot put an
	 * item back inside a list in Debian 12's libcjson, so it is not detached and re-inserted) */
	const cJSON *old = cJSON_GetObjectItemCaseSensitive(x->resources, id);
	if (!old) {
		samc_json_add_key(x->resources, id, r);
	} else if (keep_in_snapshot(x, id, old) || !cJSON_ReplaceItemInObjectCaseSensitive(x->resources, id, r)) {
		cJSON_Delete(r);
		return XF_NOMEM;
	}
	return samc_strmap_put(&x->res_index, id, r) ? XF_NOMEM : XF_OK;
}

void xf_retire(xf *x, cJSON *resource)
{
	if (!resource)
		return;
	if (!x->retired && !(x->retired = cJSON_CreateArray())) {
		cJSON_Delete(resource); /* out of memory: nothing can look it up any more */
		return;
	}
	cJSON_AddItemToArray(x->retired, resource);
}

/* Deletes the members of obj that `keeps` turns down. */
static void prune_members(cJSON *obj, bool (*keeps)(const cJSON *member, const void *arg), const void *arg)
{
	cJSON *m = cJSON_IsObject(obj) ? obj->child : NULL;
	while (m) {
		cJSON *next = m->next;
		if (!keeps(m, arg))
			cJSON_Delete(cJSON_DetachItemViaPointer(obj, m));
		m = next;
	}
}

/* arg: a NULL-terminated list of names. */
static bool named_in(const cJSON *member, const void *arg)
{
	for (const char *const *k = arg; *k && member->string; k++)
		if (strcmp(member->string, *k) == 0)
			return true;
	return false;
}

static bool is_api_event(const cJSON *event, const void *arg)
{
	(void)arg;
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(event, "Type");
	return cJSON_IsString(type) && strcmp(type->valuestring, "Api") == 0;
}

void xf_retire_expanded(xf *x, cJSON *sam)
{
	static const char *const RESOURCE_KEEPS[] = {"Type", "Properties", NULL};
	static const char *const PROPERTIES_KEEP[] = {"Events", "FunctionName", NULL};
	if (sam) {
		prune_members(sam, named_in, RESOURCE_KEEPS);
		cJSON *props = cJSON_GetObjectItemCaseSensitive(sam, "Properties");
		prune_members(props, named_in, PROPERTIES_KEEP);
		prune_members(cJSON_GetObjectItemCaseSensitive(props, "Events"), is_api_event, NULL);
	}
	xf_retire(x, sam);
}

int xf_emit(xf *x, const char *source_id, const char *id, cJSON *resource)
{
	if (!resource)
		return XF_NOMEM;
	int dup = check_duplicate(x, source_id, id, resource);
	if (dup) {
		cJSON_Delete(resource);
		return dup == XF_SKIP ? XF_OK : dup;
	}
	cJSON *old = xf_resource(x, id);
	if (old)
		xf_retire(x, cJSON_DetachItemViaPointer(x->resources, old));
	samc_json_add_key(x->resources, id, resource);
	if (samc_strmap_put(&x->res_index, id, resource))
		return XF_NOMEM;
	if (x->emitted)
		cJSON_AddItemToArray(x->emitted, cJSON_CreateString(id));
	if (source_id && strcmp(source_id, id) != 0)
		return record_source(x, id, source_id);
	return XF_OK;
}

cJSON *xf_resource(xf *x, const char *id)
{
	return samc_strmap_get(&x->res_index, id);
}

void xf_remove_resource(xf *x, const char *id)
{
	cJSON *r = xf_resource(x, id);
	if (!r)
		return;
	samc_strmap_del(&x->res_index, id);
	xf_retire(x, cJSON_DetachItemViaPointer(x->resources, r));
}

/* ---- values ---- */

bool xf_is_intrinsic(const cJSON *v)
{
	return cJSON_IsObject(v) && v->child && !v->child->next;
}

bool xf_is_fn(const cJSON *v, const char *name)
{
	return xf_is_intrinsic(v) && v->child->string && strcmp(v->child->string, name) == 0;
}

bool xf_is_cfn_intrinsic(const cJSON *v)
{
	if (!xf_is_intrinsic(v) || !v->child->string)
		return false;
	const char *k = v->child->string;
	return strcmp(k, "Ref") == 0 || strcmp(k, "Condition") == 0 || strncmp(k, "Fn::", 4) == 0;
}

bool xf_is_no_value(const cJSON *v)
{
	return xf_is_fn(v, "Ref") && cJSON_IsString(v->child) &&
	       strcmp(v->child->valuestring, "AWS::NoValue") == 0;
}

cJSON *xf_ref(const char *id)
{
	cJSON *o = cJSON_CreateObject();
	if (o)
		SAMC_JSON_ADD_STRING(o, "Ref", id);
	return o;
}

cJSON *xf_getatt(const char *id, const char *attr)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *a = cJSON_CreateArray();
	if (!o || !a) {
		cJSON_Delete(o);
		cJSON_Delete(a);
		return NULL;
	}
	cJSON_AddItemToArray(a, cJSON_CreateString(id));
	cJSON_AddItemToArray(a, cJSON_CreateString(attr));
	SAMC_JSON_ADD(o, "Fn::GetAtt", a);
	return o;
}

cJSON *xf_sub(const char *text)
{
	cJSON *o = cJSON_CreateObject();
	if (o)
		SAMC_JSON_ADD_STRING(o, "Fn::Sub", text);
	return o;
}

cJSON *xf_str(const char *s)
{
	return cJSON_CreateString(s);
}

cJSON *xf_dup(const cJSON *v)
{
	return v ? cJSON_Duplicate(v, 1) : NULL;
}

const cJSON *xf_get(const cJSON *obj, const char *key)
{
	if (!cJSON_IsObject(obj))
		return NULL;
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

const char *xf_get_str(const cJSON *obj, const char *key)
{
	const cJSON *v = xf_get(obj, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

bool xf_truthy(const cJSON *v)
{
	return samc_py_truthy(v);
}

void xf_set(cJSON *obj, const char *key, cJSON *val)
{
	if (!val)
		return;
	if (cJSON_GetObjectItemCaseSensitive(obj, key))
		cJSON_ReplaceItemInObjectCaseSensitive(obj, key, val);
	else
		samc_json_add_key(obj, key, val);
}

const char *xf_pytype(const cJSON *v)
{
	if (!v || cJSON_IsNull(v))
		return "NoneType";
	if (cJSON_IsBool(v))
		return "bool";
	if (cJSON_IsNumber(v)) {
		const char *t = v->valuestring;
		return t && strpbrk(t, ".eEIN") ? "float" : "int";
	}
	if (cJSON_IsString(v))
		return "str";
	if (cJSON_IsArray(v))
		return "list";
	return "dict";
}

bool xf_equal(const cJSON *a, const cJSON *b)
{
	if (!a || !b)
		return a == b;
	if (cJSON_IsNumber(a) && cJSON_IsNumber(b))
		return a->valuedouble == b->valuedouble;
	if (cJSON_IsBool(a) && cJSON_IsNumber(b))
		return (cJSON_IsTrue(a) ? 1.0 : 0.0) == b->valuedouble;
	if (cJSON_IsNumber(a) && cJSON_IsBool(b))
		return xf_equal(b, a);
	return cJSON_Compare(a, b, 1);
}

int xf_refer(xf *x, const char *sam_id, const char *property, const char *generated_id)
{
	if (!x->referables && !(x->referables = cJSON_CreateObject()))
		return XF_NOMEM;
	cJSON *byid = cJSON_GetObjectItemCaseSensitive(x->referables, sam_id);
	if (!byid) {
		byid = cJSON_AddObjectToObject(x->referables, sam_id);
		if (!byid)
			return XF_NOMEM;
	}
	xf_set(byid, property, cJSON_CreateString(generated_id));
	return XF_OK;
}

const char *xf_partition_for_region(const char *region)
{
	static const struct {
		const char *prefix, *partition;
	} map[] = {{"cn-", "aws-cn"},        {"us-iso-", "aws-iso"},  {"us-isob", "aws-iso-b"},
		   {"us-gov", "aws-us-gov"}, {"eu-isoe", "aws-iso-e"}, {"us-isof", "aws-iso-f"},
		   {"eusc-", "aws-eusc"}};
	if (!region)
		return "aws";
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strncmp(region, map[i].prefix, strlen(map[i].prefix)) == 0)
			return map[i].partition;
	return "aws";
}

/* Frees everything a transform context owns (each field may be NULL). */
void xf_context_release(xf *x)
{
	cJSON_Delete(x->tpl);
	cJSON_Delete(x->params);
	cJSON_Delete(x->retired);
	cJSON_Delete(x->changed_ids);
	cJSON_Delete(x->referables);
	cJSON_Delete(x->deployment_prefs);
	cJSON_Delete(x->emitted);
	cJSON_Delete(x->duplicates);
	samc_strmap_free(&x->res_index);
	free_sources(&x->sources);
	samc_strmap_free(&x->input_index);
	samc_strmap_free(&x->source_pos);
	free((void *)x->input_order);
	xf_pending_clear(&x->pending);
	for (size_t i = 0; i < x->ncauses; i++) {
		free(x->causes[i].key);
		free(x->causes[i].message);
		free(x->causes[i].id);
	}
	free(x->causes);
	samc_policy_templates_free(x->policy_templates);
	samc_managed_policies_free(x->managed_policies);
	samc_strmap_free(&x->strings); /* last: after every tree that may point into it */
}
