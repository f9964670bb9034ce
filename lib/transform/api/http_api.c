/* http_api.c — owns AWS::Serverless::HttpApi (SamHttpApi in model/sam_resources.py): property
 * validation, the generator run (HttpApiGenerator.to_cloudformation), the Stage, PropagateTags
 * and the emission of every generated resource. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/api/http_api.h"
#include "transform/api/swagger_internal.h"

/* ---- property validation (SamHttpApi.property_types) ---- */

/* xf.h has no one_of(IS_BOOL, IS_DICT): CorsConfiguration is checked here. */
typedef struct http_api_prop {
	const char *name;
	xf_check check;
	bool bool_or_dict;
} http_api_prop;

static const http_api_prop HTTP_API_PROPS[] = {
	{"__MANAGE_SWAGGER", XF_IS_BOOL, false},
	{"Name", XF_ANY, false},
	{"StageName", XF_STR_OR_DICT, false},
	{"Tags", XF_IS_DICT, false},
	{"PropagateTags", XF_IS_BOOL, false},
	{"DefinitionBody", XF_IS_DICT, false},
	{"DefinitionUri", XF_STR_OR_DICT, false},
	{"StageVariables", XF_IS_DICT, false},
	{"CorsConfiguration", XF_ANY, true},
	{"AccessLogSettings", XF_IS_DICT, false},
	{"DefaultRouteSettings", XF_IS_DICT, false},
	{"Auth", XF_IS_DICT, false},
	{"RouteSettings", XF_IS_DICT, false},
	{"Domain", XF_IS_DICT, false},
	{"FailOnWarnings", XF_IS_BOOL, false},
	{"Description", XF_IS_STR, false},
	{"DisableExecuteApiEndpoint", XF_IS_BOOL, false},
};
#define N_HTTP_API_PROPS (sizeof(HTTP_API_PROPS) / sizeof(HTTP_API_PROPS[0]))

static bool prop_valid(const cJSON *v, const http_api_prop *p)
{
	if (p->bool_or_dict)
		return cJSON_IsBool(v) || cJSON_IsObject(v);
	return p->check == XF_ANY || xf_check_value(v, p->check);
}

/* from_dict + validate_properties: unknown names first, then each property in order (a one-key
 * map passes, as PropertyType lets intrinsics through). */
static int validate_properties(xf *x, const char *id, const cJSON *props)
{
	xf_prop_spec names[N_HTTP_API_PROPS + 1];
	for (size_t i = 0; i < N_HTTP_API_PROPS; i++)
		names[i] = (xf_prop_spec){HTTP_API_PROPS[i].name, false, XF_ANY, false};
	names[N_HTTP_API_PROPS] = (xf_prop_spec){NULL, false, XF_ANY, false};
	int rc = xf_validate_props(x, id, HTTP_API_TYPE, props, names);
	for (size_t i = 0; rc == XF_OK && i < N_HTTP_API_PROPS; i++) {
		const http_api_prop *p = &HTTP_API_PROPS[i];
		const cJSON *v = xf_get(props, p->name);
		if (!v || cJSON_IsNull(v) || xf_is_intrinsic(v) || prop_valid(v, p))
			continue;
		if (p->check == XF_IS_STR)
			return xf_fail_resource(x, id, "Property '%s' should be a string.", p->name);
		if (p->check == XF_IS_DICT)
			return xf_fail_resource(x, id, "Property '%s' should be a map.", p->name);
		return xf_fail_resource(x, id, "Type of property '%s' is invalid.", p->name);
	}
	return rc;
}

/* ---- shared builders ---- */

const cJSON *ha_prop(const http_api *h, const char *name)
{
	const cJSON *v = xf_get(h->props, name);
	return cJSON_IsNull(v) ? NULL : v;
}

cJSON *ha_resource(const char *type, const cJSON *attrs)
{
	cJSON *r = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(r, "Type", type);
	for (const cJSON *a = attrs ? attrs->child : NULL; r && a; a = a->next)
		samc_json_add_key(r, a->string, cJSON_Duplicate(a, 1));
	if (!SAMC_JSON_ADD_OBJECT(r, "Properties")) {
		cJSON_Delete(r);
		return NULL;
	}
	return r;
}

int ha_add(http_api *h, cJSON *into, const char *id, cJSON *resource)
{
	if (!resource)
		return XF_NOMEM;
	if (!xf_is_logical_id(id)) {
		cJSON_Delete(resource);
		return xf_fail_resource(h->x, id, "Logical ids must be alphanumeric.");
	}
	samc_json_add_key(into, id, resource);
	return XF_OK;
}

/* Type, DependsOn (when truthy), then the SAM resource's attributes, then Properties. */
static cJSON *main_resource(const http_api *h)
{
	static const char *const attributes[] = {"DeletionPolicy", "UpdatePolicy", "Condition", "UpdateReplacePolicy",
						 "Metadata"};
	cJSON *r = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(r, "Type", "AWS::ApiGatewayV2::Api");
	const cJSON *depends_on = xf_get(h->sam, "DependsOn");
	if (xf_truthy(depends_on))
		SAMC_JSON_ADD(r, "DependsOn", cJSON_Duplicate(depends_on, 1));
	for (size_t i = 0; i < sizeof(attributes) / sizeof(attributes[0]); i++) {
		const cJSON *v = xf_get(h->sam, attributes[i]);
		if (v)
			samc_json_add_key(r, attributes[i], cJSON_Duplicate(v, 1));
	}
	return r;
}

/* ---- the Stage (_construct_stage) ---- */

static char *stage_logical_id(const http_api *h)
{
	const char *name = HTTP_API_DEFAULT_STAGE;
	if (h->stage_name)
		name = cJSON_IsString(h->stage_name) ? h->stage_name->valuestring : "";
	if (xf_is_alnum(name))
		return samc_strfmt("%s%sStage", h->id, name);
	if (strcmp(name, HTTP_API_DEFAULT_STAGE) == 0)
		return samc_strfmt("%sApiGatewayDefaultStage", h->id);
	char *prefix = samc_strfmt("%sStage", h->id);
	char *id = prefix ? xf_logical_id_str(prefix, name) : NULL;
	free(prefix);
	return id;
}

static void put_copy(cJSON *obj, const char *key, const cJSON *v)
{
	if (v && !cJSON_IsNull(v))
		samc_json_add_key(obj, key, swagger_deepcopy(v));
}

/* ApiGatewayV2Stage.property_types order. */
static int add_stage(http_api *h)
{
	char *id = stage_logical_id(h);
	cJSON *stage = ha_resource("AWS::ApiGatewayV2::Stage", h->child_attrs);
	if (!id || !stage) {
		free(id);
		cJSON_Delete(stage);
		return XF_NOMEM;
	}
	cJSON *props = xf_props(stage);
	put_copy(props, "AccessLogSettings", ha_prop(h, "AccessLogSettings"));
	put_copy(props, "DefaultRouteSettings", ha_prop(h, "DefaultRouteSettings"));
	put_copy(props, "RouteSettings", ha_prop(h, "RouteSettings"));
	SAMC_JSON_ADD(props, "ApiId", xf_ref(h->id));
	if (h->stage_name)
		put_copy(props, "StageName", h->stage_name);
	else
		SAMC_JSON_ADD_STRING(props, "StageName", HTTP_API_DEFAULT_STAGE);
	put_copy(props, "Tags", h->tags);
	put_copy(props, "StageVariables", ha_prop(h, "StageVariables"));
	cJSON_AddTrueToObject(props, "AutoDeploy");
	int rc = ha_add(h, h->generated, id, stage);
	free(id);
	return rc;
}

/* ---- PropagateTags ---- */

/* propagate_tags(resources, self.Tags, DefinitionBody is not None): the Stage and the DomainName
 * take the API's tags (which by now include httpapi:createdBy). */
static void propagate_tags(http_api *h)
{
	if (!ha_prop(h, "DefinitionBody") || !xf_truthy(ha_prop(h, "Tags")) || !h->tags)
		return;
	for (cJSON *r = h->generated->child; r; r = r->next) {
		const char *type = xf_get_str(r, "Type");
		if (type && (strcmp(type, "AWS::ApiGatewayV2::Stage") == 0 ||
			     strcmp(type, "AWS::ApiGatewayV2::DomainName") == 0))
			xf_set(xf_props(r), "Tags", swagger_deepcopy(h->tags));
	}
}

/* ---- the run ---- */

static int init_generator(http_api *h, xf *x, const char *id, const cJSON *sam)
{
	memset(h, 0, sizeof(*h));
	h->x = x;
	h->id = id;
	h->sam = sam;
	h->props = xf_get(sam, "Properties");
	h->definition_uri = ha_prop(h, "DefinitionUri");
	const cJSON *stage_name = ha_prop(h, "StageName");
	h->stage_name = xf_truthy(stage_name) ? stage_name : NULL;
	h->body = swagger_deepcopy(ha_prop(h, "DefinitionBody"));
	h->tags = swagger_deepcopy(ha_prop(h, "Tags"));
	h->cors = xf_resolved_copy(x, ha_prop(h, "CorsConfiguration"));
	h->domain = xf_resolved_copy(x, ha_prop(h, "Domain"));
	h->child_attrs = cJSON_CreateObject();
	h->generated = cJSON_CreateObject();
	h->domain_resources = cJSON_CreateObject();
	h->permissions = cJSON_CreateObject();
	if (!h->child_attrs || !h->generated || !h->domain_resources || !h->permissions)
		return XF_NOMEM;
	xf_copy_child_attributes(h->child_attrs, sam);
	return XF_OK;
}

static void release_generator(http_api *h)
{
	cJSON_Delete(h->body);
	cJSON_Delete(h->tags);
	cJSON_Delete(h->cors);
	cJSON_Delete(h->domain);
	cJSON_Delete(h->child_attrs);
	cJSON_Delete(h->api_props);
	cJSON_Delete(h->generated);
	cJSON_Delete(h->domain_resources);
	cJSON_Delete(h->permissions);
}

/* Moves every member of `from` to the end of `to`. */
static void move_all(cJSON *to, cJSON *from)
{
	while (from->child) {
		cJSON *r = cJSON_DetachItemViaPointer(from, from->child);
		samc_json_add_key(to, r->string, r);
	}
}

/* HttpApiGenerator.to_cloudformation: the Api, then the domain, the authorizer permissions and
 * the Stage are constructed; the output order is Api, permissions, domain resources, Stage. */
static int generate(http_api *h)
{
	cJSON *api = main_resource(h);
	int rc = api ? ha_construct_http_api(h) : XF_NOMEM;
	if (rc == XF_OK) {
		SAMC_JSON_ADD(api, "Properties", h->api_props);
		h->api_props = NULL;
		rc = ha_add(h, h->generated, h->id, api);
		api = NULL;
	}
	cJSON_Delete(api);
	if (rc == XF_OK)
		rc = ha_domain(h);
	if (rc == XF_OK)
		rc = ha_authorizer_permissions(h);
	if (rc == XF_OK) {
		move_all(h->generated, h->permissions);
		move_all(h->generated, h->domain_resources);
		rc = add_stage(h);
	}
	return rc;
}

static int emit_all(http_api *h)
{
	int rc = XF_OK;
	while (h->generated->child && rc != XF_NOMEM) {
		cJSON *r = cJSON_DetachItemViaPointer(h->generated, h->generated->child);
		char *rid = samc_json_take_key(r);
		if (!rid) {
			cJSON_Delete(r);
			return XF_NOMEM;
		}
		rc = xf_emit(h->x, h->id, rid, r);
		cJSON_free(rid);
	}
	return rc == XF_NOMEM ? rc : XF_OK;
}

int xf_expand_http_api(xf *x, const char *id, const cJSON *sam)
{
	int rc = validate_properties(x, id, xf_get(sam, "Properties"));
	if (rc != XF_OK)
		return rc;
	http_api h;
	rc = init_generator(&h, x, id, sam);
	if (rc == XF_OK)
		rc = generate(&h);
	if (rc == XF_OK) {
		propagate_tags(&h);
		rc = emit_all(&h);
	}
	release_generator(&h);
	return rc;
}
