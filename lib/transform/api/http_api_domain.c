/* http_api_domain.c — ApiV2Generator._construct_api_domain for HTTP APIs: the DomainName
 * (ApiGatewayDomainNameV2<hash>), its ApiMapping(s) and the Route53 RecordSetGroup. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/api/http_api.h"
#include "transform/api/swagger_internal.h"
#include "util/buf.h"

#define MTLS_FIELDS "['TruststoreUri', 'TruststoreVersion']"

/* dict.get(key) as Python sees it: NULL for a missing key or a null value. */
static const cJSON *get_value(const cJSON *obj, const char *key)
{
	const cJSON *v = xf_get(obj, key);
	return cJSON_IsNull(v) ? NULL : v;
}

static bool is_mtls_field(const char *key)
{
	return strcmp(key, "TruststoreUri") == 0 || strcmp(key, "TruststoreVersion") == 0;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The sorted unknown keys, joined by "," (they become the error's "logical id"). */
static int fail_mtls_fields(http_api *h, const cJSON *mtls)
{
	size_t n = 0;
	const char **bad = calloc((size_t)cJSON_GetArraySize(mtls) + 1, sizeof(*bad));
	if (!bad)
		return XF_NOMEM;
	for (const cJSON *k = mtls->child; k; k = k->next)
		if (!is_mtls_field(k->string))
			bad[n++] = k->string;
	qsort(bad, n, sizeof(*bad), compare_strings);
	samc_buf ids = SAMC_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		samc_buf_printf(&ids, "%s%s", i ? "," : "", bad[i]);
	free(bad);
	int rc = xf_fail_resource(h->x, samc_buf_cstr(&ids) ? samc_buf_cstr(&ids) : "",
				  "Available MutualTlsAuthentication fields are " MTLS_FIELDS ".");
	samc_buf_free(&ids);
	return rc;
}

static int mutual_tls(http_api *h, const cJSON *mtls, cJSON *props)
{
	if (!cJSON_IsObject(mtls))
		return xf_fail_resource(
			h->x, h->id,
			"MutualTlsAuthentication must be a map with at least one of the following fields " MTLS_FIELDS
			".");
	for (const cJSON *k = mtls->child; k; k = k->next)
		if (!is_mtls_field(k->string))
			return fail_mtls_fields(h, mtls);
	cJSON *out = SAMC_JSON_ADD_OBJECT(props, "MutualTlsAuthentication");
	if (xf_truthy(xf_get(mtls, "TruststoreUri")))
		SAMC_JSON_ADD(out, "TruststoreUri", swagger_deepcopy(xf_get(mtls, "TruststoreUri")));
	if (xf_truthy(xf_get(mtls, "TruststoreVersion")))
		SAMC_JSON_ADD(out, "TruststoreVersion", swagger_deepcopy(xf_get(mtls, "TruststoreVersion")));
	return XF_OK;
}

/* DomainNameConfigurations[0]: CertificateArn, EndpointType, then the optional settings. */
static int domain_name_configuration(http_api *h, const cJSON *certificate_arn, cJSON *props)
{
	const cJSON *endpoint = get_value(h->domain, "EndpointConfiguration");
	if (!endpoint)
		sw_set(h->domain, "EndpointConfiguration", false, cJSON_CreateString("REGIONAL"));
	else if (!sw_str_eq(endpoint, "REGIONAL"))
		return xf_fail_resource(h->x, h->id,
					"EndpointConfiguration for Custom Domains must be one of ['REGIONAL'].");
	cJSON *config = cJSON_CreateObject();
	SAMC_JSON_ADD(config, "CertificateArn", swagger_deepcopy(certificate_arn));
	SAMC_JSON_ADD_STRING(config, "EndpointType", "REGIONAL");
	const cJSON *ownership = xf_get(h->domain, "OwnershipVerificationCertificateArn");
	if (xf_truthy(ownership))
		SAMC_JSON_ADD(config, "OwnershipVerificationCertificateArn", swagger_deepcopy(ownership));
	const cJSON *policy = xf_get(h->domain, "SecurityPolicy");
	if (xf_truthy(policy))
		SAMC_JSON_ADD(config, "SecurityPolicy", swagger_deepcopy(policy));
	cJSON *list = SAMC_JSON_ADD_ARRAY(props, "DomainNameConfigurations");
	sw_append(list, config);
	return XF_OK;
}

/* The ApiGatewayV2::DomainName; *id receives its logical id (malloc'd). */
static int domain_name(http_api *h, char **id)
{
	const cJSON *name = get_value(h->domain, "DomainName");
	const cJSON *certificate_arn = get_value(h->domain, "CertificateArn");
	*id = NULL;
	if (!name || !certificate_arn)
		return xf_fail_resource(
			h->x, h->id, "Custom Domains only works if both DomainName and CertificateArn are provided.");
	*id = xf_logical_id("ApiGatewayDomainNameV2", name);
	cJSON *domain = ha_resource("AWS::ApiGatewayV2::DomainName", h->child_attrs);
	if (!*id || !domain) {
		cJSON_Delete(domain);
		return XF_NOMEM;
	}
	sw_set(h->domain, "ApiDomainName", false, cJSON_CreateString(*id));
	cJSON *props = xf_props(domain);
	SAMC_JSON_ADD(props, "DomainName", swagger_deepcopy(name));
	int rc = domain_name_configuration(h, certificate_arn, props);
	const cJSON *mtls = xf_get(h->domain, "MutualTlsAuthentication");
	if (rc == XF_OK && xf_truthy(mtls))
		rc = mutual_tls(h, mtls, props);
	if (rc != XF_OK) {
		cJSON_Delete(domain);
		return rc;
	}
	cJSON *tags = SAMC_JSON_ADD_OBJECT(props, "Tags");
	cJSON_AddStringToObject(tags, HTTP_API_TAG_NAME, "SAM");
	return ha_add(h, h->domain_resources, *id, domain);
}

/* ---- ApiMappings (_construct_basepath_mappings) ---- */

/* ApiGatewayV2ApiMapping.property_types order: ApiId, ApiMappingKey, DomainName, Stage. */
static cJSON *api_mapping(http_api *h, const char *domain_id, const char *key)
{
	cJSON *mapping = ha_resource("AWS::ApiGatewayV2::ApiMapping", h->child_attrs);
	cJSON *props = xf_props(mapping);
	char *stage = samc_strfmt("%s.Stage", h->id);
	SAMC_JSON_ADD(props, "ApiId", xf_ref(h->id));
	if (key)
		SAMC_JSON_ADD_STRING(props, "ApiMappingKey", key);
	SAMC_JSON_ADD(props, "DomainName", xf_ref(domain_id));
	SAMC_JSON_ADD(props, "Stage", xf_ref(stage ? stage : ""));
	free(stage);
	return mapping;
}

static bool base_path_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '-' ||
	       c == '_';
}

/* One entry of BasePath: <Api><path without -_/>ApiMapping with ApiMappingKey path.strip("/"). */
static int base_path_mapping(http_api *h, const cJSON *path, const char *domain_id)
{
	if (!cJSON_IsString(path))
		return xf_fail_resource(h->x, h->id, "Basepath must be a string.");
	samc_buf id = SAMC_BUF_INIT;
	samc_buf_puts(&id, h->id);
	for (const char *p = path->valuestring; *p; p++) {
		if (!base_path_char(*p)) {
			samc_buf_free(&id);
			return xf_fail_resource(h->x, h->id, "Invalid Basepath name provided.");
		}
		if (*p != '/' && *p != '-' && *p != '_')
			samc_buf_putc(&id, *p);
	}
	samc_buf_puts(&id, "ApiMapping");
	const char *key = path->valuestring;
	size_t len = strlen(key);
	while (*key == '/')
		key++, len--;
	while (len && key[len - 1] == '/')
		len--;
	char *mapping_key = samc_strfmt("%.*s", (int)len, key);
	cJSON *mapping = mapping_key ? api_mapping(h, domain_id, mapping_key) : NULL;
	free(mapping_key);
	int rc = samc_buf_cstr(&id) ? ha_add(h, h->domain_resources, samc_buf_cstr(&id), mapping) : XF_NOMEM;
	samc_buf_free(&id);
	return rc;
}

static int base_path_mappings(http_api *h, const char *domain_id)
{
	const cJSON *base_path = xf_get(h->domain, "BasePath");
	if (xf_truthy(base_path) && cJSON_IsString(base_path))
		return base_path_mapping(h, base_path, domain_id);
	if (!xf_truthy(base_path) || !cJSON_IsArray(base_path)) {
		char *id = samc_strfmt("%sApiMapping", h->id);
		int rc = id ? ha_add(h, h->domain_resources, id, api_mapping(h, domain_id, NULL)) : XF_NOMEM;
		free(id);
		return rc;
	}
	int rc = XF_OK;
	for (const cJSON *p = base_path->child; p && rc == XF_OK; p = p->next)
		rc = base_path_mapping(h, p, domain_id);
	return rc;
}

/* ---- Route53 (_construct_route53_recordsetgroup) ---- */

/* _construct_alias_target (the endpoint is REGIONAL by now) and the routing policy settings. */
static cJSON *record_set(const http_api *h, const cJSON *route53, const char *domain_id, const char *type)
{
	cJSON *set = cJSON_CreateObject();
	SAMC_JSON_ADD(set, "Name", swagger_deepcopy(get_value(h->domain, "DomainName")));
	SAMC_JSON_ADD_STRING(set, "Type", type);
	cJSON *alias = SAMC_JSON_ADD_OBJECT(set, "AliasTarget");
	const cJSON *health = get_value(route53, "EvaluateTargetHealth");
	if (health)
		SAMC_JSON_ADD(alias, "EvaluateTargetHealth", swagger_deepcopy(health));
	SAMC_JSON_ADD(alias, "HostedZoneId", xf_getatt(domain_id, "RegionalHostedZoneId"));
	SAMC_JSON_ADD(alias, "DNSName", xf_getatt(domain_id, "RegionalDomainName"));
	if (get_value(route53, "Region"))
		SAMC_JSON_ADD(set, "Region", swagger_deepcopy(get_value(route53, "Region")));
	if (get_value(route53, "SetIdentifier"))
		SAMC_JSON_ADD(set, "SetIdentifier", swagger_deepcopy(get_value(route53, "SetIdentifier")));
	return set;
}

/* route53_record_set_groups is shared by every API of the template: a group an earlier API
 * generated (an output resource that is not an input one) is extended and emitted again. */
static cJSON *shared_record_set_group(http_api *h, const char *id)
{
	cJSON *existing = xf_resource(h->x, id);
	if (!existing || xf_input_resource(h->x, id) ||
	    !sw_str_eq(xf_get(existing, "Type"), "AWS::Route53::RecordSetGroup"))
		return NULL;
	return cJSON_Duplicate(existing, 1);
}

static cJSON *new_record_set_group(http_api *h, const cJSON *route53)
{
	cJSON *group = ha_resource("AWS::Route53::RecordSetGroup", h->child_attrs);
	cJSON *props = xf_props(group);
	const cJSON *zone_id = xf_get(route53, "HostedZoneId");
	if (zone_id) {
		if (!cJSON_IsNull(zone_id))
			SAMC_JSON_ADD(props, "HostedZoneId", swagger_deepcopy(zone_id));
	} else if (xf_get(route53, "HostedZoneName") && !cJSON_IsNull(xf_get(route53, "HostedZoneName")))
		SAMC_JSON_ADD(props, "HostedZoneName", swagger_deepcopy(xf_get(route53, "HostedZoneName")));
	SAMC_JSON_ADD_ARRAY(props, "RecordSets");
	return group;
}

static int route53(http_api *h, const char *domain_id)
{
	const cJSON *config = get_value(h->domain, "Route53");
	if (!config)
		return XF_OK;
	if (xf_expect_map(h->x, h->id, config, "Domain.Route53"))
		return XF_FAIL;
	const cJSON *zone = get_value(config, "HostedZoneId");
	if (!zone && !get_value(config, "HostedZoneName"))
		return xf_fail_resource(
			h->x, h->id,
			"HostedZoneId or HostedZoneName is required to enable Route53 support on Custom Domains.");
	if (!xf_truthy(zone))
		zone = get_value(config, "HostedZoneName");
	char *id = xf_logical_id("RecordSetGroup", zone);
	if (!id)
		return XF_NOMEM;
	cJSON *group = shared_record_set_group(h, id);
	if (!group)
		group = new_record_set_group(h, config);
	cJSON *sets = cJSON_GetObjectItemCaseSensitive(xf_props(group), "RecordSets");
	if (!cJSON_IsArray(sets)) {
		xf_set(xf_props(group), "RecordSets", cJSON_CreateArray());
		sets = cJSON_GetObjectItemCaseSensitive(xf_props(group), "RecordSets");
	}
	sw_append(sets, record_set(h, config, domain_id, "A"));
	if (cJSON_IsTrue(xf_get(config, "IpV6")))
		sw_append(sets, record_set(h, config, domain_id, "AAAA"));
	int rc = ha_add(h, h->domain_resources, id, group);
	free(id);
	return rc;
}

int ha_domain(http_api *h)
{
	if (!h->domain)
		return XF_OK;
	char *domain_id = NULL;
	int rc = domain_name(h, &domain_id);
	if (rc == XF_OK)
		rc = base_path_mappings(h, domain_id);
	if (rc == XF_OK)
		rc = route53(h, domain_id);
	free(domain_id);
	return rc;
}
