/* websocket_domain.c — the custom domain of an AWS::Serverless::WebSocketApi
 * (ApiV2Generator._construct_api_domain): DomainName, ApiMappings and the Route53 record sets. */
#include <stdlib.h>
#include <string.h>

#include "transform/api/websocket_api.h"
#include "util/buf.h"

#define DOMAIN_PREFIX "ApiGatewayDomainNameV2"

/* a value given and not None */
static const cJSON *given(const cJSON *obj, const char *key)
{
	const cJSON *v = xf_get(obj, key);
	return cJSON_IsNull(v) ? NULL : v;
}

/* ---- DomainName ---- */

/* DomainNameConfigurations[0]: CertificateArn, EndpointType (REGIONAL only), and the optional
 * OwnershipVerificationCertificateArn and SecurityPolicy when truthy. */
static int domain_configuration(ws_api *api, cJSON **out)
{
	const cJSON *d = api->domain;
	const cJSON *endpoint = given(d, "EndpointConfiguration");
	*out = NULL;
	if (endpoint && !(cJSON_IsString(endpoint) && strcmp(endpoint->valuestring, "REGIONAL") == 0))
		return xf_fail_resource(api->x, api->id,
					"EndpointConfiguration for Custom Domains must be one of ['REGIONAL'].");
	cJSON *config = cJSON_CreateObject();
	bool ok = ws_put_copy(config, "CertificateArn", given(d, "CertificateArn"));
	ok = ok && ws_put(config, "EndpointType", xf_str("REGIONAL"));
	const cJSON *ownership = given(d, "OwnershipVerificationCertificateArn");
	const cJSON *policy = given(d, "SecurityPolicy");
	ok = ok && (!xf_truthy(ownership) || ws_put_copy(config, "OwnershipVerificationCertificateArn", ownership));
	ok = ok && (!xf_truthy(policy) || ws_put_copy(config, "SecurityPolicy", policy));
	if (!ok) {
		cJSON_Delete(config);
		return XF_NOMEM;
	}
	*out = config;
	return XF_OK;
}

static cJSON *list_of(cJSON *item)
{
	cJSON *list = cJSON_CreateArray();
	if (list && cJSON_AddItemToArray(list, item))
		return list;
	cJSON_Delete(item);
	cJSON_Delete(list);
	return NULL;
}

/* ApiGatewayV2DomainName.property_types order (no MutualTlsAuthentication: refused earlier). */
static int build_domain_name(ws_api *api, const char *domain_id)
{
	cJSON *config = NULL;
	int rc = domain_configuration(api, &config);
	if (rc != XF_OK)
		return rc;
	cJSON *p = ws_add_resource(api->domain_resources, domain_id, "AWS::ApiGatewayV2::DomainName");
	bool ok = ws_put_copy(p, "DomainName", given(api->domain, "DomainName"));
	ok = ws_put(p, "DomainNameConfigurations", list_of(config)) && ok; /* consumes config */
	ok = ok && ws_put(p, "Tags", ws_created_by_tags());
	return ok ? XF_OK : XF_NOMEM;
}

/* ---- ApiMappings ---- */

/* ApiGatewayV2ApiMapping.property_types order; Stage is the "<Api>.Stage" reference resolved
 * at the end of the transform. `key` may be NULL (no ApiMappingKey). */
static int add_mapping(ws_api *api, const char *mapping_id, const char *domain_id, const char *key)
{
	char *stage_ref = samc_strfmt("%s.Stage", api->id);
	cJSON *p = NULL;
	if (stage_ref)
		p = ws_add_resource(api->domain_resources, mapping_id, "AWS::ApiGatewayV2::ApiMapping");
	bool ok = p && ws_put(p, "ApiId", xf_ref(api->id));
	ok = ok && (!key || ws_put(p, "ApiMappingKey", xf_str(key)));
	ok = ok && ws_put(p, "DomainName", xf_ref(domain_id));
	ok = ok && ws_put(p, "Stage", xf_ref(stage_ref));
	free(stage_ref);
	return ok ? XF_OK : XF_NOMEM;
}

/* re.search(r"[^0-9a-zA-Z\/\-\_]+", path) finds nothing */
static bool valid_base_path(const char *path)
{
	for (const char *p = path; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '/' ||
		      *p == '-' || *p == '_'))
			return false;
	return true;
}

/* <Api><path without - _ />ApiMapping with ApiMappingKey = path.strip("/"). */
static int build_path_mapping(ws_api *api, const cJSON *path, const char *domain_id)
{
	if (!cJSON_IsString(path))
		return xf_fail_resource(api->x, api->id, "Basepath must be a string.");
	const char *text = path->valuestring;
	if (!valid_base_path(text))
		return xf_fail_resource(api->x, api->id, "Invalid Basepath name provided.");
	samc_buf id = SAMC_BUF_INIT;
	samc_buf_printf(&id, "%s", api->id);
	for (const char *p = text; *p; p++)
		if (*p != '-' && *p != '_' && *p != '/')
			samc_buf_putc(&id, *p);
	samc_buf_printf(&id, "ApiMapping");
	size_t start = strspn(text, "/"), end = strlen(text);
	while (end > start && text[end - 1] == '/')
		end--;
	char *key = samc_strfmt("%.*s", (int)(end - start), text + start);
	const char *mapping_id = samc_buf_cstr(&id);
	int rc = key && mapping_id ? add_mapping(api, mapping_id, domain_id, key) : XF_NOMEM;
	free(key);
	samc_buf_free(&id);
	return rc;
}

static int build_mappings(ws_api *api, const char *domain_id)
{
	const cJSON *base_path = given(api->domain, "BasePath");
	bool is_list = cJSON_IsArray(base_path) && xf_truthy(base_path);
	bool is_str = cJSON_IsString(base_path) && xf_truthy(base_path);
	if (!is_list && !is_str) {
		char *id = samc_strfmt("%sApiMapping", api->id);
		int rc = id ? add_mapping(api, id, domain_id, NULL) : XF_NOMEM;
		free(id);
		return rc;
	}
	if (is_str)
		return build_path_mapping(api, base_path, domain_id);
	for (const cJSON *path = base_path->child; path; path = path->next) {
		int rc = build_path_mapping(api, path, domain_id);
		if (rc != XF_OK)
			return rc;
	}
	return XF_OK;
}

/* ---- Route53 ---- */

static cJSON *alias_target(const cJSON *route53, const char *domain_id)
{
	cJSON *target = cJSON_CreateObject();
	bool ok = ws_put_copy(target, "EvaluateTargetHealth", given(route53, "EvaluateTargetHealth"));
	ok = ok && ws_put(target, "HostedZoneId", xf_getatt(domain_id, "RegionalHostedZoneId"));
	ok = ok && ws_put(target, "DNSName", xf_getatt(domain_id, "RegionalDomainName"));
	if (ok)
		return target;
	cJSON_Delete(target);
	return NULL;
}

static bool add_record_set(cJSON *sets, const ws_api *api, const cJSON *route53, const char *type,
			   const char *domain_id)
{
	cJSON *set = cJSON_CreateObject();
	bool ok = ws_put_copy(set, "Name", given(api->domain, "DomainName"));
	ok = ok && ws_put(set, "Type", xf_str(type));
	ok = ok && ws_put(set, "AliasTarget", alias_target(route53, domain_id));
	ok = ok && ws_put_copy(set, "Region", given(route53, "Region"));
	ok = ok && ws_put_copy(set, "SetIdentifier", given(route53, "SetIdentifier"));
	if (ok && cJSON_AddItemToArray(sets, set))
		return true;
	cJSON_Delete(set);
	return false;
}

static int build_record_set_group(ws_api *api, const cJSON *route53, const char *domain_id)
{
	const cJSON *zone_id = given(route53, "HostedZoneId");
	const cJSON *zone_name = given(route53, "HostedZoneName");
	char *id = xf_logical_id("RecordSetGroup", xf_truthy(zone_id) ? zone_id : zone_name);
	cJSON *p = id ? ws_add_resource(api->domain_resources, id, "AWS::Route53::RecordSetGroup") : NULL;
	bool ok = p != NULL;
	if (ok && cJSON_GetObjectItemCaseSensitive(route53, "HostedZoneId"))
		ok = ws_put_copy(p, "HostedZoneId", zone_id);
	else if (ok && cJSON_GetObjectItemCaseSensitive(route53, "HostedZoneName"))
		ok = ws_put_copy(p, "HostedZoneName", zone_name);
	cJSON *sets = cJSON_CreateArray();
	ok = ws_put(p, "RecordSets", sets) && ok;
	ok = ok && add_record_set(sets, api, route53, "A", domain_id);
	if (ok && cJSON_IsTrue(given(route53, "IpV6")))
		ok = add_record_set(sets, api, route53, "AAAA", domain_id);
	free(id);
	return ok ? XF_OK : XF_NOMEM;
}

static int build_route53(ws_api *api, const char *domain_id)
{
	const cJSON *route53 = given(api->domain, "Route53");
	if (!route53)
		return XF_OK;
	if (xf_expect_map(api->x, api->id, route53, "Domain.Route53") != XF_OK)
		return XF_FAIL;
	if (!given(route53, "HostedZoneId") && !given(route53, "HostedZoneName"))
		return xf_fail_resource(api->x, api->id,
					"HostedZoneId or HostedZoneName is required to enable Route53 support on Custom "
					"Domains.");
	return build_record_set_group(api, route53, domain_id);
}

/* ---- the domain ---- */

int ws_domain(ws_api *api)
{
	const cJSON *d = api->domain;
	if (!d)
		return XF_OK;
	if (!cJSON_IsObject(d))
		return ws_no_attribute(api, d, "get");
	const cJSON *domain_name = given(d, "DomainName");
	if (!domain_name || !given(d, "CertificateArn"))
		return xf_fail_resource(api->x, api->id,
					"Custom Domains only works if both DomainName and CertificateArn are provided.");
	char *domain_id = xf_logical_id(DOMAIN_PREFIX, domain_name);
	if (!domain_id)
		return XF_NOMEM;
	int rc = build_domain_name(api, domain_id);
	if (rc == XF_OK)
		rc = build_mappings(api, domain_id);
	if (rc == XF_OK)
		rc = build_route53(api, domain_id);
	free(domain_id);
	return rc;
}
