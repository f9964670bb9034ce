/* implicit_api_common.c — the ImplicitApiPlugin machinery shared by the implicit REST and HTTP
 * API plugins: the temporary implicit API, event bookkeeping, conditions, policies, removal. */
#include "transform/api/implicit_api_common.h"

#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/py27.h"
#include "util/buf.h"

/* ---- dict helpers ---- */

const char **api_dict_keys(const cJSON *obj, size_t *n)
{
	*n = 0;
	if (!cJSON_IsObject(obj) || !obj->child)
		return NULL;
	size_t count = (size_t)cJSON_GetArraySize(obj);
	const char **keys = malloc(count * sizeof(*keys));
	if (!keys)
		return NULL;
	if (py27_is_dict(obj)) {
		*n = py27_keys(obj, keys, count);
		return keys;
	}
	for (const cJSON *c = obj->child; c; c = c->next)
		keys[(*n)++] = c->string;
	return keys;
}

cJSON **api_dict_members(const cJSON *obj, size_t *n)
{
	*n = 0;
	if (!cJSON_IsObject(obj) || !obj->child)
		return NULL;
	return (cJSON **)py27_members(obj, n);
}

/* The members `keep` accepts, in the object's own order, each tested once; NULL when none. */
static cJSON **members_kept_in_order(const cJSON *obj, bool (*keep)(const cJSON *member, const void *ctx),
				     const void *ctx, size_t *n)
{
	size_t total = 0;
	for (const cJSON *c = obj->child; c; c = c->next)
		total++;
	cJSON **out = malloc(total * sizeof(*out));
	if (!out)
		return NULL;
	for (cJSON *c = obj->child; c; c = c->next)
		if (keep(c, ctx))
			out[(*n)++] = c;
	if (*n)
		return out;
	free(out);
	return NULL;
}

cJSON **api_dict_members_where(const cJSON *obj, bool (*keep)(const cJSON *member, const void *ctx),
			       const void *ctx, size_t *n)
{
	*n = 0;
	if (!cJSON_IsObject(obj) || !obj->child)
		return NULL;
	if (!py27_is_dict(obj))
		return members_kept_in_order(obj, keep, ctx, n);
	size_t count = 0;
	for (const cJSON *c = obj->child; c; c = c->next)
		count += keep(c, ctx);
	if (!count)
		return NULL;
	cJSON **out = NULL;
	if (count == 1) { /* a single member: no ordering needed */
		if (!(out = malloc(sizeof(*out))))
			return NULL;
		for (cJSON *c = obj->child; c && !*n; c = c->next)
			if (keep(c, ctx))
				out[(*n)++] = c;
		return out;
	}
	size_t total;
	out = api_dict_members(obj, &total);
	for (size_t i = 0; out && i < total; i++)
		if (keep(out[i], ctx))
			out[(*n)++] = out[i];
	return out;
}

cJSON *api_dict_member(const cJSON *obj, const char *key)
{
	return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
}

void api_dict_set(cJSON *d, const char *key, cJSON *value)
{
	if (!value)
		return;
	if (!cJSON_IsObject(d)) {
		cJSON_Delete(value);
		return;
	}
	py27_set(d, key, value);
}

void api_dict_del(cJSON *d, const char *key)
{
	if (!cJSON_IsObject(d))
		return;
	if (py27_is_dict(d))
		py27_del(d, key);
	else
		cJSON_DeleteItemFromObjectCaseSensitive(d, key);
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static cJSON *or_of(const char *const *names, size_t n)
{
	cJSON *or = cJSON_CreateObject(), *list = cJSON_CreateArray();
	for (size_t i = 0; list && i < n; i++) {
		cJSON *c = cJSON_CreateObject();
		SAMC_JSON_ADD_STRING(c, "Condition", names[i]);
		cJSON_AddItemToArray(list, c);
	}
	SAMC_JSON_ADD(or, "Fn::Or", list);
	return or;
}

/* make_combined_condition: chunks of 10 names, each chunk's name appended to the remaining list.
 * The names left in list (*n of them) stay the caller's to free. */
static int combine(cJSON *conditions, const char *name, char **list, size_t *n)
{
	size_t remaining = 1 + (*n - 2) / 9 - 1; /* calculate_number_of_conditions(n, 10) - 1 */
	while (*n > 1) {
		char *chunk_name = remaining > 0 ? samc_strfmt("%s%zu", name, remaining--) : samc_strdup(name);
		if (!chunk_name)
			return XF_NOMEM;
		size_t take = *n < 10 ? *n : 10;
		xf_set(conditions, chunk_name, or_of((const char *const *)list, take));
		for (size_t i = 0; i < take; i++)
			free(list[i]);
		memmove(list, list + take, (*n - take) * sizeof(*list));
		*n -= take;
		list[(*n)++] = chunk_name;
	}
	return XF_OK;
}

static void free_names(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

int api_add_combined_condition(xf *x, cJSON *tpl, const char *name, const cJSON *names)
{
	size_t n = (size_t)cJSON_GetArraySize(names);
	if (n < 2)
		return XF_OK;
	cJSON *conditions = cJSON_GetObjectItemCaseSensitive(tpl, "Conditions");
	if (!conditions) {
		conditions = cJSON_CreateObject();
		if (!conditions || !SAMC_JSON_ADD(tpl, "Conditions", conditions))
			return XF_NOMEM;
	}
	if (!cJSON_IsObject(conditions)) /* the reference fails here with a TypeError */
		return xf_fail_template(x, "Can't add the combined condition '%s': the template's "
					   "'Conditions' section is not a mapping", name);
	char **list = calloc(n + 1, sizeof(*list));
	if (!list)
		return XF_NOMEM;
	size_t i = 0;
	for (const cJSON *c = names->child; c; c = c->next) /* condition names are strings */
		if (cJSON_IsString(c) && !(list[i++] = samc_strdup(c->valuestring))) {
			free_names(list, i);
			return XF_NOMEM;
		}
	n = i;
	qsort(list, n, sizeof(*list), compare_strings);
	int rc = n > 1 ? combine(conditions, name, list, &n) : XF_OK;
	free_names(list, n);
	return rc;
}

/* ---- template access ---- */

static bool is_sam_type(const char *type)
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

/* Indexes every member of Resources by its logical id (the first one wins, as cJSON finds it). */
static bool index_resources(implicit_api *a)
{
	for (cJSON *r = a->resources->child; r; r = r->next)
		if (r->string && !samc_strmap_get(&a->index, r->string) && samc_strmap_put(&a->index, r->string, r)) {
			samc_strmap_free(&a->index);
			return false;
		}
	return a->indexed = true;
}

cJSON *implicit_api_resource(implicit_api *a, const char *id)
{
	if (strcmp(id, a->kind->implicit_id) == 0)
		return a->implicit;
	if (!a->indexed && !index_resources(a))
		return api_dict_member(a->resources, id); /* out of memory: the slow way */
	return samc_strmap_get(&a->index, id);
}

/* Resources[id] = value (taken); the index, built on first use, follows. */
static int set_resource(implicit_api *a, const char *id, cJSON *value)
{
	api_dict_set(a->resources, id, value);
	cJSON *member = api_dict_member(a->resources, id);
	if (strcmp(id, a->kind->implicit_id) == 0)
		a->implicit = member;
	if (!a->indexed)
		return XF_OK;
	if (!member) {
		samc_strmap_del(&a->index, id);
		return XF_OK;
	}
	return samc_strmap_put(&a->index, id, member) ? XF_NOMEM : XF_OK;
}

/* SamResource.properties: Properties, or an empty dict when absent (NULL here). */
static cJSON *properties_of(const cJSON *resource)
{
	return api_dict_member(resource, "Properties");
}

static const cJSON *get(const cJSON *obj, const char *key)
{
	const cJSON *v = xf_get(obj, key);
	return cJSON_IsNull(v) ? NULL : v;
}

/* ---- building blocks ---- */

static const char *globals_section_of(const char *type)
{
	return strcmp(type, "AWS::Serverless::Function") == 0 ? "Function" : "StateMachine";
}

int implicit_api_add_tags_if_necessary(implicit_api *a, const cJSON *event_props, const cJSON *resource)
{
	if (xf_get(event_props, a->kind->api_id_property))
		return XF_OK;
	cJSON *implicit = implicit_api_resource(a, a->kind->implicit_id);
	const cJSON *globals = xf_get(a->tpl, "Globals");
	const cJSON *section = xf_truthy(globals) ? xf_get(globals, globals_section_of(xf_get_str(resource, "Type")))
						  : NULL;
	const cJSON *props = properties_of(resource);
	const cJSON *propagate = get(props, "PropagateTags"), *tags = get(props, "Tags");
	if (!xf_truthy(propagate))
		propagate = get(section, "PropagateTags");
	if (!xf_truthy(tags))
		tags = get(section, "Tags");
	if (!implicit || !xf_truthy(tags) || !xf_truthy(propagate) || !cJSON_IsObject(tags))
		return XF_OK;
	cJSON *iprops = api_dict_member(implicit, "Properties");
	cJSON *itags = api_dict_member(iprops, "Tags");
	if (!itags) {
		api_dict_set(iprops, "Tags", cJSON_CreateObject());
		itags = api_dict_member(iprops, "Tags");
	}
	size_t n;
	const char **keys = api_dict_keys(tags, &n);
	for (size_t i = 0; itags && i < n; i++)
		api_dict_set(itags, keys[i], cJSON_Duplicate(xf_get(tags, keys[i]), 1));
	free(keys);
	api_dict_set(iprops, "PropagateTags", cJSON_CreateTrue());
	return XF_OK;
}

void implicit_api_add_id_if_necessary(implicit_api *a, cJSON *event_props)
{
	if (!xf_get(event_props, a->kind->api_id_property))
		api_dict_set(event_props, a->kind->api_id_property, xf_ref(a->kind->implicit_id));
}

/* Api.get_rest_api_id_string */
static const cJSON *api_id_of(const cJSON *v)
{
	const cJSON *ref = cJSON_IsObject(v) ? xf_get(v, "Ref") : NULL;
	return ref ? ref : v;
}

static int expect_string(implicit_api *a, const char *event_id, const cJSON *v, const char *name)
{
	if (cJSON_IsString(v))
		return XF_OK;
	return xf_fail_event(a->x, event_id, "Property '%s' should be a string.", name);
}

int implicit_api_validate_event(implicit_api *a, const char *event_id, const cJSON *event_props,
				const cJSON **api_id, const cJSON **path, const cJSON **method)
{
	*api_id = api_id_of(get(event_props, a->kind->api_id_property));
	*path = get(event_props, "Path");
	*method = get(event_props, "Method");
	if (!*path)
		return xf_fail_event(a->x, event_id, "Property 'Path' is required.");
	if (!*method)
		return xf_fail_event(a->x, event_id, "Property 'Method' is required.");
	if (expect_string(a, event_id, *api_id, a->kind->api_id_property) ||
	    expect_string(a, event_id, *path, "Path") || expect_string(a, event_id, *method, "Method"))
		return XF_FAIL;
	return XF_OK;
}

static cJSON *member_or_add(cJSON *obj, const char *key, bool list)
{
	cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!m) {
		m = list ? cJSON_CreateArray() : cJSON_CreateObject();
		if (m && !samc_json_add_key(obj, key, m)) {
			cJSON_Delete(m);
			m = NULL;
		}
	}
	return m;
}

static cJSON *copy_or_null(const cJSON *v)
{
	return v ? cJSON_Duplicate(v, 1) : cJSON_CreateNull();
}

/* "<length of api>:<api><path>": the key of a path's methods object in a->methods (malloc'd). */
static char *methods_key(const char *api_id, const char *path)
{
	return samc_strfmt("%zu:%s%s", strlen(api_id), api_id, path);
}

/* a->conditions[api_id][path], through the index (created when missing). */
static cJSON *methods_of(implicit_api *a, const char *api_id, const char *path, bool create)
{
	char *key = methods_key(api_id, path);
	if (!key)
		return NULL;
	cJSON *methods = samc_strmap_get(&a->methods, key);
	if (!methods && create) {
		cJSON *paths = member_or_add(a->conditions, api_id, false);
		methods = paths ? member_or_add(paths, path, false) : NULL;
		if (methods && samc_strmap_put(&a->methods, key, methods))
			methods = NULL;
	}
	free(key);
	return methods;
}

int implicit_api_record_attributes(implicit_api *a, const char *api_id, const char *path, const char *method,
				   const cJSON *resource)
{
	cJSON *methods = methods_of(a, api_id, path, true);
	cJSON *deletion = member_or_add(a->deletion, api_id, true);
	cJSON *replace = member_or_add(a->replace, api_id, true);
	if (!methods || !deletion || !replace)
		return XF_NOMEM;
	xf_set(methods, method, copy_or_null(xf_get(resource, "Condition")));
	cJSON_AddItemToArray(deletion, copy_or_null(xf_get(resource, "DeletionPolicy")));
	cJSON_AddItemToArray(replace, copy_or_null(xf_get(resource, "UpdateReplacePolicy")));
	return XF_OK;
}

int implicit_api_add_to_body(implicit_api *a, const char *event_id, const cJSON *event_props)
{
	const implicit_api_kind *k = a->kind;
	const cJSON *api_id = api_id_of(get(event_props, k->api_id_property));
	cJSON *api = cJSON_IsString(api_id) ? implicit_api_resource(a, api_id->valuestring) : NULL;
	const char *type = xf_get_str(api, "Type");
	bool references_http = !api || (type && strcmp(type, "AWS::Serverless::HttpApi") == 0 &&
					strcmp(type, k->api_type) != 0);
	if (cJSON_IsObject(api_id) || references_http)
		return xf_fail_event(a->x, event_id,
				     "%s must be a valid reference to an '%s' resource in same template.",
				     k->api_id_property, k->api_type);
	cJSON *props = properties_of(api);
	if (!cJSON_IsObject(props) || !k->body_is_valid(get(props, "DefinitionBody")))
		return XF_OK;
	if (!xf_truthy(get(props, "__MANAGE_SWAGGER")))
		return XF_OK;
	cJSON *body = NULL;
	int rc = k->body_add_path(a->x, get(props, "DefinitionBody"), xf_get(event_props, "Path"),
				  xf_get(event_props, "Method"), &body);
	if (rc == XF_OK)
		api_dict_set(props, "DefinitionBody", body);
	return rc;
}

/* ---- the run ---- */

static bool is_api_event(const implicit_api_kind *k, const cJSON *ev)
{
	return cJSON_IsObject(ev) && ev->child && cJSON_IsString(xf_get(ev, "Type")) &&
	       strcmp(xf_get_str(ev, "Type"), k->event_type) == 0;
}

/* _get_api_events: the resource's events of the plugin's type, in the iteration order of the
 * Py27Dict the reference collects them in (a new dict: its order can differ from Events'). */
static cJSON **api_events_of(const implicit_api_kind *k, const cJSON *resource, size_t *n)
{
	*n = 0;
	const cJSON *events = get(properties_of(resource), "Events");
	size_t count;
	const char **keys = api_dict_keys(events, &count);
	cJSON *collected = count ? py27_dict_new() : NULL;
	for (size_t i = 0; collected && i < count; i++)
		if (is_api_event(k, api_dict_member(events, keys[i])))
			py27_set(collected, keys[i], cJSON_CreateNull());
	free(keys);
	keys = api_dict_keys(collected, &count);
	cJSON **out = count ? malloc(count * sizeof(*out)) : NULL;
	for (size_t i = 0; out && i < count; i++)
		out[(*n)++] = api_dict_member(events, keys[i]);
	free(keys);
	cJSON_Delete(collected);
	return out;
}

/* An event error becomes "Resource with id [resource] is invalid. Event with id ..." and is kept
 * in `errors` (raised together at the end). */
static int keep_event_error(implicit_api *a, const char *resource_id, cJSON *errors)
{
	xf_wrap_event_error(a->x, resource_id);
	cJSON *e = cJSON_CreateArray();
	cJSON_AddItemToArray(e, cJSON_CreateString(a->x->pending.id ? a->x->pending.id : ""));
	cJSON_AddItemToArray(e, cJSON_CreateString(a->x->pending.message ? a->x->pending.message : ""));
	cJSON_AddItemToArray(errors, e);
	xf_pending_clear(&a->x->pending);
	return XF_OK;
}

static bool has_events(const cJSON *resource, const void *ctx)
{
	(void)ctx;
	const char *type = xf_get_str(resource, "Type");
	return type && (strcmp(type, "AWS::Serverless::Function") == 0 ||
			strcmp(type, "AWS::Serverless::StateMachine") == 0);
}

static int process_resources(implicit_api *a, cJSON *errors)
{
	size_t n;
	cJSON **members = api_dict_members_where(a->resources, has_events, NULL, &n);
	int rc = XF_OK;
	for (size_t i = 0; i < n && rc == XF_OK; i++) {
		cJSON *res = members[i];
		const char *id = res->string;
		size_t nevents;
		cJSON **events = api_events_of(a->kind, res, &nevents);
		if (nevents)
			rc = a->kind->process_events(a, id, res, events, nevents);
		free(events);
		if (rc == XF_FAIL && a->x->pending.kind == XF_ERR_EVENT)
			rc = keep_event_error(a, id, errors);
	}
	free(members);
	return rc;
}

/* The distinct values of the members of obj (methods -> condition); *has_null when one is null. */
static cJSON *distinct_values(const cJSON *obj, bool *has_null)
{
	cJSON *out = cJSON_CreateArray();
	*has_null = false;
	for (const cJSON *c = obj ? obj->child : NULL; out && c; c = c->next) {
		if (!cJSON_IsString(c)) {
			*has_null = true;
			continue;
		}
		bool seen = false;
		for (const cJSON *d = out->child; d && !seen; d = d->next)
			seen = strcmp(d->valuestring, c->valuestring) == 0;
		if (!seen)
			cJSON_AddItemToArray(out, cJSON_Duplicate(c, 1));
	}
	return out;
}

/* _maybe_add_condition_to_implicit_api */
static int implicit_condition(implicit_api *a)
{
	const cJSON *paths = xf_get(a->conditions, a->kind->implicit_id);
	if (!xf_truthy(paths))
		return XF_OK;
	cJSON *all = cJSON_CreateArray();
	bool has_null = false;
	for (const cJSON *p = paths->child; all && p; p = p->next) {
		bool null_here;
		cJSON *values = distinct_values(p, &null_here);
		has_null |= null_here;
		for (cJSON *v = values ? values->child : NULL; v; v = v->next) {
			bool seen = false;
			for (const cJSON *d = all->child; d && !seen; d = d->next)
				seen = strcmp(d->valuestring, v->valuestring) == 0;
			if (!seen)
				cJSON_AddItemToArray(all, cJSON_Duplicate(v, 1));
		}
		cJSON_Delete(values);
	}
	int rc = all ? XF_OK : XF_NOMEM;
	cJSON *implicit = implicit_api_resource(a, a->kind->implicit_id);
	if (rc == XF_OK && all->child && !has_null && implicit) {
		bool one = !all->child->next;
		api_dict_set(implicit, "Condition", one ? cJSON_Duplicate(all->child, 1)
							: cJSON_CreateString(a->kind->implicit_condition));
		if (!one)
			rc = api_add_combined_condition(a->x, a->tpl, a->kind->implicit_condition, all);
	}
	cJSON_Delete(all);
	return rc;
}

/* _maybe_add_deletion_policy / _maybe_add_update_replace_policy: the strongest policy wins. */
static void implicit_policy(implicit_api *a, const cJSON *lists, const char *attr, const char *const *ranking)
{
	const cJSON *list = xf_get(lists, a->kind->implicit_id);
	cJSON *implicit = implicit_api_resource(a, a->kind->implicit_id);
	if (!xf_truthy(list) || !implicit)
		return;
	for (const char *const *r = ranking; *r; r++)
		for (const cJSON *c = list->child; c; c = c->next)
			if (cJSON_IsString(c) && strcmp(c->valuestring, *r) == 0) {
				api_dict_set(implicit, attr, cJSON_CreateString(*r));
				return;
			}
}

/* _path_condition_name: <api><path with / -> SLASH, { -> OB, } -> CB>PathCondition */
static cJSON *path_condition_name(const char *api, const char *path)
{
	samc_buf b = SAMC_BUF_INIT;
	samc_buf_puts(&b, api);
	for (const char *p = path; *p; p++) {
		if (*p == '/')
			samc_buf_puts(&b, "SLASH");
		else if (*p == '{')
			samc_buf_puts(&b, "OB");
		else if (*p == '}')
			samc_buf_puts(&b, "CB");
		else
			samc_buf_putc(&b, *p);
	}
	samc_buf_puts(&b, "PathCondition");
	const char *s = samc_buf_cstr(&b);
	cJSON *name = s ? cJSON_CreateString(s) : NULL;
	samc_buf_free(&b);
	return name;
}

static int path_condition_of(implicit_api *a, const cJSON *path, const cJSON **name)
{
	*name = NULL;
	const cJSON *methods = methods_of(a, a->current_api, path->valuestring, false);
	bool has_null;
	cJSON *values = distinct_values(methods, &has_null);
	if (!values)
		return XF_NOMEM;
	int rc = XF_OK;
	if (values->child && !has_null) {
		cJSON *chosen;
		if (!values->child->next)
			chosen = cJSON_Duplicate(values->child, 1);
		else {
			chosen = path_condition_name(a->current_api, path->valuestring);
			rc = chosen ? api_add_combined_condition(a->x, a->tpl, chosen->valuestring, values)
				    : XF_NOMEM;
		}
		if (chosen && cJSON_AddItemToArray(a->names, chosen))
			*name = chosen;
	}
	cJSON_Delete(values);
	return rc;
}

static bool is_managed_api(const cJSON *resource, const void *kind)
{
	const char *type = xf_get_str(resource, "Type");
	return type && strcmp(type, ((const implicit_api_kind *)kind)->api_type) == 0 &&
	       xf_truthy(get(properties_of(resource), "__MANAGE_SWAGGER"));
}

/* _maybe_add_conditions_to_implicit_api_paths */
static int path_conditions(implicit_api *a)
{
	size_t n;
	cJSON **members = api_dict_members_where(a->resources, is_managed_api, a->kind, &n);
	int rc = XF_OK;
	for (size_t i = 0; i < n && rc == XF_OK; i++) {
		cJSON *api = members[i];
		cJSON *props = properties_of(api);
		a->current_api = api->string;
		cJSON *body = NULL;
		rc = a->kind->body_make_paths_conditional(a->x, get(props, "DefinitionBody"), path_condition_of, a,
							  &body);
		if (rc == XF_OK)
			api_dict_set(props, "DefinitionBody", body);
	}
	free(members);
	return rc;
}

/* _maybe_remove_implicit_api: no paths, so the implicit API goes (or the user's one comes back). */
static int remove_if_unused(implicit_api *a)
{
	cJSON *implicit = implicit_api_resource(a, a->kind->implicit_id);
	const cJSON *paths = xf_get(get(properties_of(implicit), "DefinitionBody"), "paths");
	if (!implicit || cJSON_GetArraySize(paths) != 0)
		return XF_OK;
	if (!a->existing) {
		samc_strmap_del(&a->index, a->kind->implicit_id);
		a->implicit = NULL;
		api_dict_del(a->resources, a->kind->implicit_id);
		return XF_OK;
	}
	cJSON *restored = a->existing;
	a->existing = NULL;
	if (is_sam_type(xf_get_str(restored, "Type")) && !xf_get(restored, "Properties"))
		SAMC_JSON_ADD(restored, "Properties", cJSON_CreateObject());
	return set_resource(a, a->kind->implicit_id, restored);
}

static int finish(implicit_api *a)
{
	static const char *const deletion[] = {"Retain", "Delete", NULL};
	static const char *const replace[] = {"Retain", "Snapshot", "Delete", NULL};
	int rc = implicit_condition(a);
	if (rc)
		return rc;
	implicit_policy(a, a->deletion, "DeletionPolicy", deletion);
	implicit_policy(a, a->replace, "UpdateReplacePolicy", replace);
	if ((rc = path_conditions(a)))
		return rc;
	return remove_if_unused(a);
}

/* Raises the kept event errors together (InvalidDocumentException(errors)): all but the last
 * are collected as causes, the last one is left pending. */
static int raise_kept(implicit_api *a, const cJSON *errors)
{
	for (const cJSON *e = errors->child; e; e = e->next) {
		xf_fail_resource(a->x, e->child->valuestring, "%s", e->child->next->valuestring);
		if (e->next && xf_collect_pending(a->x))
			return XF_NOMEM;
	}
	return errors->child ? XF_FAIL : XF_OK;
}

int implicit_api_run(xf *x, const implicit_api_kind *kind)
{
	implicit_api a = {.x = x, .kind = kind, .tpl = x->tpl};
	a.resources = api_dict_member(x->tpl, "Resources");
	if (!cJSON_IsObject(a.resources))
		return XF_OK;
	const cJSON *existing = api_dict_member(a.resources, kind->implicit_id);
	a.existing = existing ? py27_deepcopy(existing) : NULL;
	a.conditions = cJSON_CreateObject();
	a.deletion = cJSON_CreateObject();
	a.replace = cJSON_CreateObject();
	a.names = cJSON_CreateArray();
	cJSON *errors = cJSON_CreateArray();
	int rc = (a.conditions && a.deletion && a.replace && a.names && errors) ? XF_OK : XF_NOMEM;
	if (rc == XF_OK)
		rc = set_resource(&a, kind->implicit_id, kind->implicit_resource());
	if (rc == XF_OK)
		rc = process_resources(&a, errors);
	if (rc == XF_OK)
		rc = finish(&a);
	if (rc == XF_OK)
		rc = raise_kept(&a, errors);
	cJSON_Delete(errors);
	cJSON_Delete(a.existing);
	cJSON_Delete(a.conditions);
	cJSON_Delete(a.deletion);
	cJSON_Delete(a.replace);
	cJSON_Delete(a.names);
	samc_strmap_free(&a.index);
	samc_strmap_free(&a.methods);
	return rc;
}
