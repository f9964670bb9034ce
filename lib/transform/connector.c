/* connector.c — owns the AWS::Serverless::Connector macro (SamConnector in model/sam_resources.py):
 * property checks, one generation per Destination, the aws:sam:connectors metadata, DependsOn. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/connector.h"
#include "util/buf.h"

static const xf_prop_spec connector_names[] = {
	{"Source", false, XF_ANY, false},
	{"Destination", false, XF_ANY, false},
	{"Permissions", false, XF_ANY, false},
	{NULL, false, XF_ANY, false},
};

static bool is_dict(const cJSON *v)
{
	return cJSON_IsObject(v);
}

/* one_of(dict_of(IS_STR, any_type()), list_of(dict_of(IS_STR, any_type()))) */
static bool is_dict_or_list_of_dicts(const cJSON *v)
{
	if (cJSON_IsObject(v))
		return true;
	if (!cJSON_IsArray(v))
		return false;
	for (const cJSON *c = v->child; c; c = c->next)
		if (!cJSON_IsObject(c))
			return false;
	return true;
}

static bool is_list_of_str(const cJSON *v)
{
	return xf_check_value(v, XF_LIST_OF_STR);
}

/* SamConnector.property_types, in declaration order (all required PropertyTypes). */
static const struct {
	const char *name;
	bool (*valid)(const cJSON *);
} connector_checks[] = {
	{"Source", is_dict},
	{"Destination", is_dict_or_list_of_dicts},
	{"Permissions", is_list_of_str},
};

int conn_validate_properties(xf *x, const char *id, const cJSON *props)
{
	int rc = xf_validate_props(x, id, CONNECTOR_TYPE, props, connector_names);
	for (size_t i = 0; rc == XF_OK && i < sizeof(connector_checks) / sizeof(connector_checks[0]); i++) {
		const cJSON *v = xf_get(props, connector_checks[i].name);
		if (xf_is_intrinsic(v))
			continue;
		if (!v || cJSON_IsNull(v))
			rc = xf_fail_resource(x, id, "Missing required property '%s'.", connector_checks[i].name);
		else if (!connector_checks[i].valid(v))
			rc = xf_fail_resource(x, id, "Type of property '%s' is invalid.", connector_checks[i].name);
	}
	return rc;
}

/* ---- DependsOn ---- */

static bool list_has_string(const cJSON *list, const char *s)
{
	for (const cJSON *c = list->child; c; c = c->next)
		if (cJSON_IsString(c) && strcmp(c->valuestring, s) == 0)
			return true;
	return false;
}

/* as_array(copy of DependsOn), [] when absent. */
static cJSON *depends_on_list(const cJSON *resource)
{
	const cJSON *dep = xf_get(resource, "DependsOn");
	if (cJSON_IsArray(dep))
		return xf_dup(dep);
	cJSON *list = cJSON_CreateArray();
	if (list && dep)
		cJSON_AddItemToArray(list, xf_dup(dep));
	return list;
}

void conn_add_depends_on(cJSON *resource, const char *id)
{
	if (!resource)
		return;
	cJSON *list = depends_on_list(resource);
	if (list && !list_has_string(list, id))
		cJSON_AddItemToArray(list, cJSON_CreateString(id));
	xf_set(resource, "DependsOn", list);
}

/* replace_depends_on_logical_id: every DependsOn naming the connector names what it generated. */
static void replace_depends_on(xf *x, const char *id, const cJSON *generated)
{
	for (cJSON *r = x->resources->child; r; r = r->next) {
		if (!cJSON_IsObject(r) || !xf_get(r, "DependsOn"))
			continue;
		cJSON *list = depends_on_list(r);
		cJSON *hit = NULL;
		for (cJSON *c = list ? list->child : NULL; c && !hit; c = c->next)
			if (cJSON_IsString(c) && strcmp(c->valuestring, id) == 0)
				hit = c;
		if (!hit) {
			cJSON_Delete(list);
			continue;
		}
		cJSON_Delete(cJSON_DetachItemViaPointer(list, hit));
		for (const cJSON *g = generated->child; g; g = g->next)
			if (!list_has_string(list, g->string))
				cJSON_AddItemToArray(list, cJSON_CreateString(g->string));
		xf_set(r, "DependsOn", list);
	}
}

/* ---- metadata ---- */

static cJSON *side_metadata(xf *x, const conn_ref *ref)
{
	const char *original = ref->logical_id ? xf_get_str(xf_input_resource(x, ref->logical_id), "Type") : NULL;
	cJSON *side = cJSON_CreateObject();
	if (side)
		SAMC_JSON_ADD_STRING(side, "Type", original ? original : ref->type);
	return side;
}

/* _add_connector_metadata: Metadata."aws:sam:connectors".<id> = {Source: {Type}, Destination: {Type}}
 * merged over the Metadata the resource already has. */
static void add_metadata(xf *x, cJSON *resources, const char *id, const conn_ref *source,
			 const conn_ref *destination)
{
	for (cJSON *r = resources->child; r; r = r->next) {
		cJSON *entry = cJSON_CreateObject(), *connectors = cJSON_CreateObject();
		xf_set(entry, "Source", side_metadata(x, source));
		xf_set(entry, "Destination", side_metadata(x, destination));
		xf_set(connectors, id, entry);
		cJSON *metadata = cJSON_GetObjectItemCaseSensitive(r, "Metadata");
		if (!cJSON_IsObject(metadata)) {
			metadata = cJSON_CreateObject();
			xf_set(r, "Metadata", metadata);
		}
		xf_set(metadata, "aws:sam:connectors", connectors);
	}
}

/* ---- the macro ---- */

/* get_resource_reference for both sides, then generate_resources into `out`. */
static int connect_one(xf *x, const conn_job *job, const cJSON *source_obj, const cJSON *dest_obj, cJSON *out)
{
	conn_ref source = {0}, destination = {0};
	char *error = NULL;
	int rc = conn_resolve(x, job->profiles, dest_obj, source_obj, &destination, &error);
	if (rc == XF_OK)
		rc = conn_resolve(x, job->profiles, source_obj, dest_obj, &source, &error);
	if (rc == XF_FAIL)
		rc = xf_fail_resource(x, job->id, "%s", error);
	cJSON *generated = rc == XF_OK ? cJSON_CreateObject() : NULL;
	if (rc == XF_OK && !generated)
		rc = XF_NOMEM;
	if (rc == XF_OK)
		rc = conn_generate(x, job, &source, &destination, generated);
	if (rc == XF_OK) {
		add_metadata(x, generated, job->id, &source, &destination);
		while (generated->child) {
			cJSON *r = cJSON_DetachItemViaPointer(generated, generated->child);
			samc_json_add_key(out, r->string, r);
		}
	}
	cJSON_Delete(generated);
	free(error);
	conn_ref_release(&source);
	conn_ref_release(&destination);
	return rc;
}

static int connect_all(xf *x, const char *id, const cJSON *sam, const cJSON *profiles, cJSON *out)
{
	const cJSON *props = xf_get(sam, "Properties");
	const cJSON *destinations = xf_get(props, "Destination");
	conn_job job = {id, xf_get(props, "Permissions"), sam, profiles, 0, cJSON_IsArray(destinations)};
	if (!job.multi_dest)
		return connect_one(x, &job, xf_get(props, "Source"), destinations, out);
	int rc = XF_OK;
	for (const cJSON *d = destinations->child; rc == XF_OK && d; d = d->next, job.dest_index++)
		rc = connect_one(x, &job, xf_get(props, "Source"), d, out);
	return rc;
}

static int emit_all(xf *x, const char *id, cJSON *generated)
{
	int rc = XF_OK;
	while (rc == XF_OK && generated->child) {
		cJSON *r = cJSON_DetachItemViaPointer(generated, generated->child);
		char *gid = samc_strdup(r->string);
		rc = gid ? xf_emit(x, id, gid, r) : XF_NOMEM;
		if (!gid)
			cJSON_Delete(r);
		free(gid);
	}
	return rc;
}

int xf_expand_connector(xf *x, const char *id, const cJSON *sam)
{
	int rc = conn_validate_properties(x, id, xf_get(sam, "Properties"));
	if (rc != XF_OK)
		return rc;
	cJSON *profiles = conn_profiles_load();
	cJSON *generated = cJSON_CreateObject();
	if (!profiles || !generated)
		rc = XF_NOMEM;
	if (rc == XF_OK)
		rc = connect_all(x, id, sam, profiles, generated);
	if (rc == XF_OK) {
		replace_depends_on(x, id, generated);
		rc = generated->child ? emit_all(x, id, generated)
				      : xf_fail_resource(x, id, "'Destination' is an empty list");
	}
	cJSON_Delete(generated);
	cJSON_Delete(profiles);
	return rc;
}
