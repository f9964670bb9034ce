/* connector_embedded.c — the `Connectors` attribute of any resource (translator.py
 * _get_embedded_connectors): each entry becomes an AWS::Serverless::Connector <Resource><Name>. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/connector.h"
#include "transform/py27.h"
#include "util/buf.h"

/* properties["Source"] = {"Id": resource} updated with SourceReference (which is removed). */
static int set_source(xf *x, const char *resource_id, const char *name, cJSON *props)
{
	cJSON *source = cJSON_CreateObject();
	if (!source)
		return XF_NOMEM;
	SAMC_JSON_ADD_STRING(source, "Id", resource_id);
	const cJSON *reference = xf_get(props, "SourceReference");
	if (reference && !cJSON_IsObject(reference)) {
		cJSON_Delete(source);
		return xf_fail_resource(x, resource_id,
					"Property 'Connectors.%s.Properties.SourceReference' should be a map.", name);
	}
	if (reference && xf_get(reference, "Id")) {
		cJSON_Delete(source);
		return xf_fail_resource(x, name, "'Id' shouldn't be defined in 'SourceReference'.");
	}
	for (const cJSON *c = reference ? reference->child : NULL; c; c = c->next)
		xf_set(source, c->string, xf_dup(c));
	cJSON_DeleteItemFromObjectCaseSensitive(props, "SourceReference");
	xf_set(props, "Source", source);
	return XF_OK;
}

/* SamConnector.from_dict(...).to_dict(): Type, DependsOn, the supported attributes, the
 * Source/Destination/Permissions that are set. */
static cJSON *connector_resource(const cJSON *entry, const cJSON *props)
{
	static const char *const attributes[] = {"DeletionPolicy", "UpdatePolicy", "Condition",
						  "UpdateReplacePolicy", "Metadata"};
	static const char *const names[] = {"Source", "Destination", "Permissions"};
	cJSON *r = cJSON_CreateObject(), *out_props = cJSON_CreateObject();
	if (!r || !out_props) {
		cJSON_Delete(r);
		cJSON_Delete(out_props);
		return NULL;
	}
	SAMC_JSON_ADD_STRING(r, "Type", CONNECTOR_TYPE);
	const cJSON *depends_on = xf_get(entry, "DependsOn");
	if (xf_truthy(depends_on))
		xf_set(r, "DependsOn", xf_dup(depends_on));
	for (size_t i = 0; i < sizeof(attributes) / sizeof(attributes[0]); i++)
		if (xf_get(entry, attributes[i]))
			xf_set(r, attributes[i], xf_dup(xf_get(entry, attributes[i])));
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const cJSON *v = xf_get(props, names[i]);
		if (v && !cJSON_IsNull(v))
			xf_set(out_props, names[i], xf_dup(v));
	}
	xf_set(r, "Properties", out_props);
	return r;
}

/* _get_generated_connector: the connector resource for entry `name` of `resource_id`. */
static int generated_connector(xf *x, const char *resource_id, const char *full_id, const char *name,
			       const cJSON *entry, cJSON **out)
{
	*out = NULL;
	const cJSON *given = xf_get(entry, "Properties");
	if (!cJSON_IsObject(given))
		return xf_fail_resource(x, resource_id, "Attribute 'Connectors.%s.Properties' should be a map.", name);
	cJSON *props = xf_dup(given);
	if (!props)
		return XF_NOMEM;
	int rc = set_source(x, resource_id, name, props);
	if (rc == XF_OK && !xf_is_logical_id(full_id))
		rc = xf_fail_resource(x, full_id, "Logical ids must be alphanumeric.");
	if (rc == XF_OK)
		rc = conn_validate_properties(x, full_id, props);
	if (rc == XF_OK && !(*out = connector_resource(entry, props)))
		rc = XF_NOMEM;
	cJSON_Delete(props);
	return rc;
}

/* verify_unique_logical_id: a connector may not take the id of an input resource. */
static int fail_duplicate(xf *x, const char *resource_id, const char *full_id)
{
	x->pending.kind = XF_ERR_PLAIN;
	x->pending.id = samc_strdup(resource_id);
	x->pending.message = samc_strfmt(
		"Transforming resource with id [%s] attempts to create a new resource with id [%s] and type \"%s\". "
		"A resource with that id already exists within this template. Please use a different id for that "
		"resource.",
		resource_id, full_id, CONNECTOR_TYPE);
	return x->pending.id && x->pending.message ? XF_FAIL : XF_NOMEM;
}

/* One entry of a Connectors map; a failure becomes a cause. */
static int embed_one(xf *x, const cJSON *resources, const char *resource_id, const cJSON *entry, cJSON *made)
{
	char *full_id = samc_strfmt("%s%s", resource_id, entry->string);
	if (!full_id)
		return XF_NOMEM;
	cJSON *connector = NULL;
	int rc;
	if (!cJSON_IsObject(entry))
		rc = xf_fail_resource(x, full_id, "%s.%s should be a map.", resource_id, full_id);
	else
		rc = generated_connector(x, resource_id, full_id, entry->string, entry, &connector);
	if (rc == XF_OK && xf_get(resources, full_id))
		rc = fail_duplicate(x, resource_id, full_id);
	if (rc == XF_OK) {
		xf_set(made, full_id, connector);
		connector = NULL;
	}
	cJSON_Delete(connector);
	free(full_id);
	return rc == XF_NOMEM ? XF_NOMEM : xf_collect_pending(x);
}

static int embed_resource(xf *x, const cJSON *resources, const cJSON *resource, cJSON *made)
{
	const cJSON *connectors = xf_get(resource, "Connectors");
	if (!cJSON_IsObject(connectors)) {
		if (xf_fail_resource(x, resource->string, "Attribute '%s.Connectors' should be a map.",
				     resource->string) == XF_NOMEM)
			return XF_NOMEM;
		return xf_collect_pending(x);
	}
	size_t n = 0;
	const cJSON **entries = py27_members(connectors, &n);
	if (!entries)
		return XF_NOMEM;
	int rc = XF_OK;
	for (size_t i = 0; rc == XF_OK && i < n; i++)
		rc = embed_one(x, resources, resource->string, entries[i], made);
	free((void *)entries);
	return rc;
}

/* resources.update(connectors), then every Connectors attribute is removed. */
static int merge_and_clean(cJSON *resources, const cJSON *made)
{
	bool ok = true;
	/* update({}) leaves a Py27Dict's key history alone, so nothing is recorded then */
	if (made->child && py27_is_dict(resources))
		ok = py27_update(resources, made);
	else
		for (const cJSON *c = made->child; ok && c; c = c->next)
			ok = samc_json_add_key(resources, c->string, xf_dup(c));
	for (cJSON *r = resources->child; ok && r; r = r->next) {
		if (!xf_get(r, "Connectors"))
			continue;
		if (py27_is_dict(r))
			ok = py27_del(r, "Connectors");
		else
			cJSON_DeleteItemFromObjectCaseSensitive(r, "Connectors");
	}
	return ok ? XF_OK : XF_NOMEM;
}

int xf_embedded_connectors(xf *x)
{
	cJSON *resources = cJSON_GetObjectItemCaseSensitive(x->tpl, "Resources");
	if (!cJSON_IsObject(resources))
		return XF_OK;
	size_t n = 0;
	const cJSON **members = py27_members(resources, &n);
	cJSON *made = cJSON_CreateObject();
	int rc = members && made ? XF_OK : XF_NOMEM;
	for (size_t i = 0; rc == XF_OK && i < n; i++)
		if (cJSON_IsObject(members[i]) && xf_get(members[i], "Connectors"))
			rc = embed_resource(x, resources, members[i], made);
	free((void *)members);
	if (rc == XF_OK)
		rc = merge_and_clean(resources, made);
	cJSON_Delete(made);
	return rc;
}
