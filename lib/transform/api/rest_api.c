/* rest_api.c — AWS::Serverless::Api (SamApi, ApiGenerator.to_cloudformation): validation, the
 * RestApi itself, the order of the generated resources, PropagateTags and emission. */
#include "transform/api/rest_api.h"

#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/api/swagger.h"
#include "transform/py27.h"
#include "util/buf.h"

/* SamApi.property_types, in declaration order. */
static const xf_prop_spec API_PROPS[] = {
	{"__MANAGE_SWAGGER", false, XF_IS_BOOL, false},
	{"Name", false, XF_STR_OR_DICT, false},
	{"StageName", true, XF_STR_OR_DICT, false},
	{"Tags", false, XF_IS_DICT, false},
	{"PropagateTags", false, XF_IS_BOOL, false},
	{"DefinitionBody", false, XF_IS_DICT, false},
	{"DefinitionUri", false, XF_STR_OR_DICT, false},
	{"MergeDefinitions", false, XF_IS_BOOL, true},
	{"CacheClusterEnabled", false, XF_IS_BOOL, false},
	{"CacheClusterSize", false, XF_IS_STR, false},
	{"Variables", false, XF_IS_DICT, false},
	{"EndpointConfiguration", false, XF_STR_OR_DICT, false},
	{"MethodSettings", false, XF_IS_LIST, false},
	{"BinaryMediaTypes", false, XF_IS_LIST, false},
	{"MinimumCompressionSize", false, XF_IS_INT, false},
	{"Cors", false, XF_STR_OR_DICT, false},
	{"Auth", false, XF_IS_DICT, false},
	{"GatewayResponses", false, XF_IS_DICT, false},
	{"AccessLogSetting", false, XF_IS_DICT, false},
	{"CanarySetting", false, XF_IS_DICT, false},
	{"TracingEnabled", false, XF_IS_BOOL, false},
	{"OpenApiVersion", false, XF_IS_STR, false},
	{"Models", false, XF_IS_DICT, false},
	{"Domain", false, XF_IS_DICT, false},
	{"FailOnWarnings", false, XF_IS_BOOL, false},
	{"Description", false, XF_IS_STR, false},
	{"Mode", false, XF_IS_STR, false},
	{"DisableExecuteApiEndpoint", false, XF_IS_BOOL, false},
	{"ApiKeySourceType", false, XF_IS_STR, false},
	{"AlwaysDeploy", false, XF_IS_BOOL, true},
	{"Policy", false, XF_STR_OR_DICT, false},
	{"SecurityPolicy", false, XF_IS_STR, false},
	{"EndpointAccessMode", false, XF_IS_STR, false},
	{NULL, false, XF_ANY, false},
};

/* property_types order of every class the generator builds (model/apigateway.py, lambda_.py,
 * route53.py): Resource.to_dict writes properties in this order. */
static const char *const REST_API_ORDER[] = {
	"Body", "BodyS3Location", "CloneFrom", "Description", "FailOnWarnings", "Name", "Parameters",
	"EndpointConfiguration", "BinaryMediaTypes", "MinimumCompressionSize", "Mode", "ApiKeySourceType",
	"Tags", "Policy", "SecurityPolicy", "EndpointAccessMode", NULL,
};
static const char *const STAGE_ORDER[] = {
	"AccessLogSetting", "CacheClusterEnabled", "CacheClusterSize", "CanarySetting", "ClientCertificateId",
	"DeploymentId", "Description", "RestApiId", "StageName", "Tags", "TracingEnabled", "Variables",
	"MethodSettings", NULL,
};
static const char *const DEPLOYMENT_ORDER[] = {"Description", "RestApiId", "StageDescription", "StageName", NULL};
static const char *const PERMISSION_ORDER[] = {"Action", "FunctionName", "Principal", "SourceAccount",
					       "SourceArn", "EventSourceToken", NULL};
static const char *const DOMAIN_ORDER[] = {
	"RegionalCertificateArn", "DomainName", "EndpointConfiguration", "MutualTlsAuthentication", "SecurityPolicy",
	"EndpointAccessMode", "CertificateArn", "Tags", "OwnershipVerificationCertificateArn", NULL,
};
static const char *const DOMAIN_V2_ORDER[] = {"DomainName", "EndpointConfiguration", "SecurityPolicy",
					      "EndpointAccessMode", "CertificateArn", "Tags", "Policy", NULL};
static const char *const MAPPING_ORDER[] = {"BasePath", "DomainName", "RestApiId", "Stage", NULL};
static const char *const MAPPING_V2_ORDER[] = {"BasePath", "DomainNameArn", "RestApiId", "Stage", NULL};
static const char *const USAGE_PLAN_ORDER[] = {"ApiStages", "Description", "Quota", "Tags", "Throttle",
					       "UsagePlanName", NULL};
static const char *const USAGE_PLAN_KEY_ORDER[] = {"KeyId", "KeyType", "UsagePlanId", NULL};
static const char *const API_KEY_ORDER[] = {"CustomerId", "Description", "Enabled", "GenerateDistinctId",
					    "Name", "Tags", "StageKeys", "Value", NULL};
static const char *const ASSOCIATION_ORDER[] = {"AccessAssociationSource", "AccessAssociationSourceType",
						"DomainNameArn", "Tags", NULL};
static const char *const RECORD_SET_GROUP_ORDER[] = {"HostedZoneId", "HostedZoneName", "RecordSets", NULL};

static const struct {
	const char *type;
	const char *const *order;
	bool taggable; /* the class declares Tags (Resource.assign_tags) */
} CLASSES[] = {
	{"AWS::ApiGateway::RestApi", REST_API_ORDER, true},
	{"AWS::ApiGateway::Stage", STAGE_ORDER, true},
	{"AWS::ApiGateway::Deployment", DEPLOYMENT_ORDER, false},
	{"AWS::Lambda::Permission", PERMISSION_ORDER, false},
	{"AWS::ApiGateway::DomainName", DOMAIN_ORDER, true},
	{"AWS::ApiGateway::DomainNameV2", DOMAIN_V2_ORDER, true},
	{"AWS::ApiGateway::BasePathMapping", MAPPING_ORDER, false},
	{"AWS::ApiGateway::BasePathMappingV2", MAPPING_V2_ORDER, false},
	{"AWS::ApiGateway::UsagePlan", USAGE_PLAN_ORDER, true},
	{"AWS::ApiGateway::UsagePlanKey", USAGE_PLAN_KEY_ORDER, false},
	{"AWS::ApiGateway::ApiKey", API_KEY_ORDER, true},
	{"AWS::ApiGateway::DomainNameAccessAssociation", ASSOCIATION_ORDER, true},
	{"AWS::Route53::RecordSetGroup", RECORD_SET_GROUP_ORDER, false},
};

static int class_of(const cJSON *resource)
{
	const char *type = xf_get_str(resource, "Type");
	for (size_t i = 0; type && i < sizeof(CLASSES) / sizeof(CLASSES[0]); i++)
		if (strcmp(CLASSES[i].type, type) == 0)
			return (int)i;
	return -1;
}

/* ---- shared helpers (rest_api.h) ---- */

const cJSON *ra_prop(const rest_api *r, const char *name)
{
	const cJSON *v = xf_get(r->props, name);
	return cJSON_IsNull(v) ? NULL : v;
}

cJSON *ra_resource(const char *type, cJSON *depends_on, const cJSON *attrs)
{
	cJSON *res = cJSON_CreateObject();
	if (!res) {
		cJSON_Delete(depends_on);
		return NULL;
	}
	SAMC_JSON_ADD_STRING(res, "Type", type);
	if (depends_on)
		SAMC_JSON_ADD(res, "DependsOn", depends_on);
	for (const cJSON *a = attrs ? attrs->child : NULL; a; a = a->next)
		samc_json_add_key(res, a->string, cJSON_Duplicate(a, 1));
	SAMC_JSON_ADD(res, "Properties", cJSON_CreateObject());
	return res;
}

int ra_add(rest_api *r, const char *id, cJSON *resource)
{
	if (!resource)
		return XF_NOMEM;
	if (!samc_json_add_key(r->generated, id, resource)) {
		cJSON_Delete(resource);
		return XF_NOMEM;
	}
	return XF_OK;
}

void ra_order_props(cJSON *props, const char *const *order)
{
	if (!cJSON_IsObject(props))
		return;
	cJSON *sorted = NULL, *tail = NULL;
	for (const char *const *name = order; *name; name++) {
		cJSON *v = cJSON_DetachItemFromObjectCaseSensitive(props, *name);
		if (!v)
			continue;
		v->prev = tail;
		v->next = NULL;
		if (tail)
			tail->next = v;
		else
			sorted = v;
		tail = v;
	}
	if (!sorted)
		return;
	/* the remaining (undeclared) members go last */
	tail->next = props->child;
	if (props->child) {
		cJSON *last = props->child->prev;
		props->child->prev = tail;
		sorted->prev = last;
	} else
		sorted->prev = tail;
	props->child = sorted;
}

const char **ra_keys(const cJSON *obj, size_t *n)
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

void ra_dict_set(cJSON *d, const char *key, cJSON *value)
{
	if (value)
		py27_set(d, key, value);
}

bool ra_is_intrinsic(const cJSON *v)
{
	if (!xf_is_intrinsic(v))
		return false;
	const char *key = v->child->string;
	return strcmp(key, "Ref") == 0 || strcmp(key, "Condition") == 0 || strncmp(key, "Fn::", 4) == 0;
}

cJSON *ra_sub_with(const char *text, const char *var, cJSON *value)
{
	cJSON *sub = cJSON_CreateObject(), *args = cJSON_CreateArray(), *vars = cJSON_CreateObject();
	if (!sub || !args || !vars || !value) {
		cJSON_Delete(sub);
		cJSON_Delete(args);
		cJSON_Delete(vars);
		cJSON_Delete(value);
		return NULL;
	}
	samc_json_add_key(vars, var, value);
	cJSON_AddItemToArray(args, cJSON_CreateString(text));
	cJSON_AddItemToArray(args, vars);
	SAMC_JSON_ADD(sub, "Fn::Sub", args);
	return sub;
}

/* ---- set-up ---- */

/* SamApi.to_cloudformation resolves parameters in these three before the generator runs. */
static int resolve_parameters(rest_api *r)
{
	static const char *const names[] = {"BinaryMediaTypes", "Domain", "Auth"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		cJSON *v = cJSON_DetachItemFromObjectCaseSensitive(r->props, names[i]);
		if (!v)
			continue;
		const char *key = names[i];
		int rc = xf_resolve_params(r->x, &v);
		if (v)
			samc_json_add_key(r->props, key, v);
		if (rc)
			return rc;
	}
	return XF_OK;
}

static int ra_init(rest_api *r)
{
	const cJSON *props = xf_get(r->sam, "Properties");
	r->props = props ? cJSON_Duplicate(props, 1) : cJSON_CreateObject();
	r->child_attrs = cJSON_CreateObject();
	r->rest_api = cJSON_CreateObject();
	r->generated = cJSON_CreateObject();
	if (!r->props || !r->child_attrs || !r->rest_api || !r->generated)
		return XF_NOMEM;
	xf_copy_child_attributes(r->child_attrs, r->sam);
	cJSON *body = cJSON_DetachItemFromObjectCaseSensitive(r->props, "DefinitionBody");
	if (cJSON_IsNull(body))
		cJSON_Delete(body);
	else
		r->body = body;
	return resolve_parameters(r);
}

static void ra_free(rest_api *r)
{
	cJSON_Delete(r->props);
	cJSON_Delete(r->body);
	cJSON_Delete(r->child_attrs);
	cJSON_Delete(r->rest_api);
	cJSON_Delete(r->generated);
	free(r->stage_id);
}

/* ---- the RestApi ---- */

/* ApiGenerator._validate_properties */
static int validate_properties(rest_api *r)
{
	const cJSON *uri = ra_prop(r, "DefinitionUri");
	if (xf_truthy(uri) && xf_truthy(r->body))
		return xf_fail_resource(r->x, r->id,
					"Specify either 'DefinitionUri' or 'DefinitionBody' property and not both.");
	if (xf_truthy(uri) && xf_truthy(ra_prop(r, "MergeDefinitions")))
		return xf_fail_resource(r->x, r->id, "Cannot set 'MergeDefinitions' to True when using `DefinitionUri`.");
	const cJSON *version = ra_prop(r, "OpenApiVersion");
	if (xf_truthy(version) && !swagger_openapi_version_supported(version))
		return xf_fail_resource(r->x, r->id, "The OpenApiVersion value must be of the format '3.0.0'.");
	return XF_OK;
}

/* ApiGenerator._set_endpoint_configuration */
static int set_endpoint_configuration(rest_api *r, const cJSON *value)
{
	const cJSON *type = xf_get(value, "Type");
	cJSON *config = cJSON_CreateObject(), *params = cJSON_CreateObject(), *types = cJSON_CreateArray();
	if (!config || !params || !types) {
		cJSON_Delete(config);
		cJSON_Delete(params);
		cJSON_Delete(types);
		return XF_NOMEM;
	}
	const cJSON *chosen = (cJSON_IsObject(value) && xf_truthy(type)) ? type : value;
	SAMC_JSON_ADD(params, "endpointConfigurationTypes", cJSON_Duplicate(chosen, 1));
	cJSON_AddItemToArray(types, cJSON_Duplicate(chosen, 1));
	SAMC_JSON_ADD(config, "Types", types);
	xf_set(r->rest_api, "Parameters", params);
	xf_set(r->rest_api, "EndpointConfiguration", config);
	if (chosen != type)
		return XF_OK;
	const cJSON *upper = xf_get(value, "VPCEndpointIds"), *lower = xf_get(value, "VpcEndpointIds");
	if (upper && lower)
		return xf_fail_resource(r->x, r->id,
					"'VPCEndpointIds' and 'VpcEndpointIds' cannot be used together in "
					"EndpointConfiguration.");
	if (upper || lower) {
		const cJSON *ids = xf_truthy(upper) ? upper : lower;
		SAMC_JSON_ADD(config, "VpcEndpointIds", ids ? cJSON_Duplicate(ids, 1) : cJSON_CreateNull());
	}
	const cJSON *ip = xf_get(value, "IpAddressType");
	if (ip)
		SAMC_JSON_ADD(config, "IpAddressType", cJSON_Duplicate(ip, 1));
	return XF_OK;
}

/* The properties copied onto the RestApi when truthy, after the body is built. */
static void copy_truthy(rest_api *r)
{
	static const char *const names[] = {"Name", "Description", "Mode", "ApiKeySourceType",
					    "Policy", "SecurityPolicy", "EndpointAccessMode"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const cJSON *v = ra_prop(r, names[i]);
		if (xf_truthy(v))
			xf_set(r->rest_api, names[i], cJSON_Duplicate(v, 1));
	}
}

/* RegionConfiguration.is_apigw_edge_configuration_supported */
static bool edge_supported(const char *partition)
{
	return !(strncmp(partition, "aws-iso", 7) == 0 || strcmp(partition, "aws-us-gov") == 0 ||
		 strcmp(partition, "aws-cn") == 0 || strcmp(partition, "aws-eusc") == 0);
}

/* ApiGenerator._construct_rest_api */
static int construct_rest_api(rest_api *r)
{
	int rc = validate_properties(r);
	if (rc)
		return rc;
	const cJSON *binary = ra_prop(r, "BinaryMediaTypes"), *compression = ra_prop(r, "MinimumCompressionSize");
	if (binary)
		xf_set(r->rest_api, "BinaryMediaTypes", cJSON_Duplicate(binary, 1));
	if (compression)
		xf_set(r->rest_api, "MinimumCompressionSize", cJSON_Duplicate(compression, 1));
	const cJSON *endpoint = ra_prop(r, "EndpointConfiguration");
	if (xf_truthy(endpoint))
		rc = set_endpoint_configuration(r, endpoint);
	else if (!edge_supported(r->x->partition)) {
		cJSON *regional = cJSON_CreateString("REGIONAL");
		rc = regional ? set_endpoint_configuration(r, regional) : XF_NOMEM;
		cJSON_Delete(regional);
	}
	if (rc)
		return rc;
	if ((rc = ra_body(r)))
		return rc;
	const cJSON *fail = ra_prop(r, "FailOnWarnings");
	if (xf_truthy(fail))
		xf_set(r->rest_api, "FailOnWarnings", cJSON_Duplicate(fail, 1));
	copy_truthy(r);
	return XF_OK;
}

/* The RestApi resource: DependsOn and every resource attribute of the SAM Api. */
static cJSON *rest_api_resource(rest_api *r)
{
	static const char *const attrs[] = {"DeletionPolicy", "UpdatePolicy", "Condition", "UpdateReplacePolicy",
					    "Metadata"};
	cJSON *main_attrs = cJSON_CreateObject();
	for (size_t i = 0; main_attrs && i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		const cJSON *v = xf_get(r->sam, attrs[i]);
		if (v)
			samc_json_add_key(main_attrs, attrs[i], cJSON_Duplicate(v, 1));
	}
	const cJSON *depends_on = xf_get(r->sam, "DependsOn");
	cJSON *res = main_attrs ? ra_resource("AWS::ApiGateway::RestApi",
					      xf_truthy(depends_on) ? cJSON_Duplicate(depends_on, 1) : NULL,
					      main_attrs)
				: NULL;
	cJSON_Delete(main_attrs);
	if (!res)
		return NULL;
	cJSON_ReplaceItemInObjectCaseSensitive(res, "Properties", r->rest_api);
	r->rest_api = NULL;
	return res;
}

/* ---- the generated resources ---- */

static int move_all(cJSON *to, cJSON *from)
{
	while (from && from->child) {
		cJSON *item = cJSON_DetachItemViaPointer(from, from->child);
		char *key = samc_json_take_key(item);
		bool ok = key && samc_json_add_key(to, key, item);
		free(key);
		if (!ok) {
			cJSON_Delete(item);
			return XF_NOMEM;
		}
	}
	return XF_OK;
}

/* ApiGenerator.to_cloudformation */
static int generate(rest_api *r)
{
	int rc = construct_rest_api(r);
	if (rc)
		return rc;
	cJSON *domain = NULL, *association = NULL;
	char *association_id = NULL;
	rc = ra_domain(r, &domain, &association_id, &association);
	if (rc == XF_OK) {
		cJSON *res = rest_api_resource(r);
		rc = ra_add(r, r->id, res);
	}
	if (rc == XF_OK)
		rc = ra_deployment_and_stage(r);
	if (rc == XF_OK)
		rc = ra_authorizer_permissions(r);
	if (rc == XF_OK)
		rc = move_all(r->generated, domain);
	if (rc == XF_OK)
		rc = ra_usage_plan(r);
	if (rc == XF_OK && association) {
		rc = ra_add(r, association_id, association);
		association = NULL;
	}
	cJSON_Delete(domain);
	cJSON_Delete(association);
	free(association_id);
	return rc;
}

cJSON *ra_tag_list(const cJSON *tags)
{
	cJSON *list = cJSON_CreateArray();
	size_t n;
	const char **keys = ra_keys(tags, &n);
	for (size_t i = 0; list && i < n; i++) {
		const cJSON *v = xf_get(tags, keys[i]);
		cJSON *item = cJSON_CreateObject();
		SAMC_JSON_ADD_STRING(item, "Key", keys[i]);
		SAMC_JSON_ADD(item, "Value", cJSON_IsNull(v) ? cJSON_CreateString("") : cJSON_Duplicate(v, 1));
		cJSON_AddItemToArray(list, item);
	}
	free(keys);
	return list;
}

/* SamResourceMacro.propagate_tags: replaces Tags on every generated resource that has the property. */
static int propagate_tags(rest_api *r)
{
	const cJSON *tags = ra_prop(r, "Tags");
	if (!xf_truthy(ra_prop(r, "PropagateTags")) || !xf_truthy(tags))
		return XF_OK;
	for (cJSON *res = r->generated->child; res; res = res->next) {
		int c = class_of(res);
		if (c < 0 || !CLASSES[c].taggable)
			continue;
		cJSON *list = ra_tag_list(tags);
		if (!list)
			return XF_NOMEM;
		xf_set(xf_props(res), "Tags", list);
	}
	return XF_OK;
}

static int emit_all(rest_api *r)
{
	while (r->generated->child) {
		cJSON *item = cJSON_DetachItemViaPointer(r->generated, r->generated->child);
		char *id = samc_json_take_key(item);
		if (!id) {
			cJSON_Delete(item);
			return XF_NOMEM;
		}
		int c = class_of(item);
		if (c >= 0)
			ra_order_props(xf_props(item), CLASSES[c].order);
		int rc = xf_emit(r->x, r->id, id, item);
		free(id);
		if (rc)
			return rc;
	}
	return XF_OK;
}

int xf_expand_api(xf *x, const char *id, const cJSON *sam)
{
	if (xf_validate_props(x, id, RA_TYPE, xf_get(sam, "Properties"), API_PROPS))
		return XF_FAIL;
	rest_api r = {.x = x, .id = id, .sam = sam};
	int rc = ra_init(&r);
	if (rc == XF_OK)
		rc = generate(&r);
	if (rc == XF_OK)
		rc = propagate_tags(&r);
	if (rc == XF_OK)
		rc = emit_all(&r);
	ra_free(&r);
	return rc;
}
