/* rest_api_domain.c — the Domain property of an AWS::Serverless::Api: the custom domain
 * (DomainName, or DomainNameV2 for a private endpoint), base path mappings, Route53 record set
 * groups and the private domain's access association (ApiGenerator._construct_api_domain*). */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/api/rest_api.h"
#include "util/buf.h"

typedef struct domain_build {
	rest_api *r;
	cJSON *domain;          /* the Domain dict (r->props, mutated as Python mutates it) */
	bool v2;                /* private endpoint: DomainNameV2 and BasePathMappingV2 */
	char *domain_id;        /* ApiGatewayDomainName<h> / ApiGatewayDomainNameV2<h> */
	const cJSON *domain_name;
	cJSON *out;             /* generated resources, in order */
} domain_build;

static const cJSON *get(const cJSON *obj, const char *key)
{
	const cJSON *v = xf_get(obj, key);
	return cJSON_IsNull(v) ? NULL : v;
}

static int required(domain_build *b, const char *key, const char *path, const cJSON **out)
{
	*out = get(b->domain, key);
	if (*out)
		return XF_OK;
	return xf_fail_resource(b->r->x, b->r->id, "Property '%s' is required.", path);
}

/* ---- the domain ---- */

/* "EndpointConfiguration for Custom Domains must be one of ['EDGE', 'REGIONAL', 'PRIVATE']." */
static int endpoint_of(domain_build *b, const char **endpoint)
{
	const cJSON *v = get(b->domain, "EndpointConfiguration");
	if (!v && !b->v2) {
		ra_dict_set(b->domain, "EndpointConfiguration", cJSON_CreateString("REGIONAL"));
		*endpoint = "REGIONAL";
		return XF_OK;
	}
	static const char *const allowed[] = {"EDGE", "REGIONAL", "PRIVATE"};
	for (size_t i = 0; cJSON_IsString(v) && i < 3; i++)
		if (strcmp(v->valuestring, allowed[i]) == 0) {
			*endpoint = allowed[i];
			return XF_OK;
		}
	return xf_fail_resource(b->r->x, b->r->id,
				"EndpointConfiguration for Custom Domains must be one of ['EDGE', 'REGIONAL', "
				"'PRIVATE'].");
}

static int mutual_tls(domain_build *b, cJSON *props)
{
	const cJSON *tls = get(b->domain, "MutualTlsAuthentication");
	if (!xf_truthy(tls))
		return XF_OK;
	if (xf_expect_map(b->r->x, b->r->id, tls, "Domain.MutualTlsAuthentication"))
		return XF_FAIL;
	for (const cJSON *c = tls->child; c; c = c->next)
		if (strcmp(c->string, "TruststoreUri") != 0 && strcmp(c->string, "TruststoreVersion") != 0)
			return xf_fail_resource(b->r->x, b->r->id,
						"Available Domain.MutualTlsAuthentication fields are ['TruststoreUri', "
						"'TruststoreVersion'].");
	cJSON *out = cJSON_CreateObject();
	if (!out)
		return XF_NOMEM;
	static const char *const keys[] = {"TruststoreUri", "TruststoreVersion"};
	for (size_t i = 0; i < 2; i++)
		if (xf_truthy(xf_get(tls, keys[i])))
			samc_json_add_key(out, keys[i], cJSON_Duplicate(xf_get(tls, keys[i]), 1));
	xf_set(props, "MutualTlsAuthentication", out);
	return XF_OK;
}

/* _set_optional_domain_properties: a property the class lacks fails as Resource.__setattr__ does. */
static int optional_properties(domain_build *b, cJSON *props)
{
	static const char *const names[] = {"SecurityPolicy", "EndpointAccessMode", "Policy",
					    "OwnershipVerificationCertificateArn"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const cJSON *v = get(b->domain, names[i]);
		if (!xf_truthy(v))
			continue;
		bool declared = b->v2 ? strcmp(names[i], "OwnershipVerificationCertificateArn") != 0
				      : strcmp(names[i], "Policy") != 0;
		if (!declared)
			return xf_fail_resource(b->r->x, b->domain_id, "property %s not defined for resource of type %s",
						names[i],
						b->v2 ? "AWS::ApiGateway::DomainNameV2" : "AWS::ApiGateway::DomainName");
		xf_set(props, names[i], cJSON_Duplicate(v, 1));
	}
	return XF_OK;
}

static cJSON *endpoint_configuration(domain_build *b, const char *endpoint)
{
	cJSON *config = cJSON_CreateObject(), *types = cJSON_CreateArray();
	if (!config || !types) {
		cJSON_Delete(config);
		cJSON_Delete(types);
		return NULL;
	}
	cJSON_AddItemToArray(types, cJSON_CreateString(endpoint));
	SAMC_JSON_ADD(config, "Types", types);
	const cJSON *ip = get(b->domain, "IpAddressType");
	if (xf_truthy(ip))
		SAMC_JSON_ADD(config, "IpAddressType", cJSON_Duplicate(ip, 1));
	return config;
}

static int domain_resource(domain_build *b, const cJSON *certificate, const char *endpoint, cJSON *res)
{
	cJSON *props = xf_props(res);
	xf_set(props, "DomainName", cJSON_Duplicate(b->domain_name, 1));
	const char *cert_key = (!b->v2 && strcmp(endpoint, "REGIONAL") == 0) ? "RegionalCertificateArn"
									     : "CertificateArn";
	xf_set(props, cert_key, cJSON_Duplicate(certificate, 1));
	cJSON *config = endpoint_configuration(b, endpoint);
	if (!config)
		return XF_NOMEM;
	xf_set(props, "EndpointConfiguration", config);
	int rc = b->v2 ? XF_OK : mutual_tls(b, props);
	return rc ? rc : optional_properties(b, props);
}

/* ---- base path mappings ---- */

/* "".join(e for e in basepath if e.isalnum()) */
static char *alnum_only(const char *s)
{
	samc_buf out = SAMC_BUF_INIT;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t len = *p < 0x80 ? 1 : (*p >= 0xF0 ? 4 : (*p >= 0xE0 ? 3 : 2));
		char ch[5] = {0};
		for (size_t i = 0; i < len && p[i]; i++)
			ch[i] = (char)p[i];
		if (xf_is_alnum(ch))
			samc_buf_puts(&out, ch);
		p += strlen(ch) ? strlen(ch) : 1;
	}
	samc_buf_putc(&out, '\0');
	return samc_buf_detach(&out);
}

static cJSON *mapping_resource(domain_build *b, const cJSON *basepath)
{
	cJSON *res = ra_resource(b->v2 ? "AWS::ApiGateway::BasePathMappingV2" : "AWS::ApiGateway::BasePathMapping",
				 NULL, b->r->child_attrs);
	if (!res)
		return NULL;
	cJSON *props = xf_props(res);
	if (basepath)
		xf_set(props, "BasePath", cJSON_Duplicate(basepath, 1));
	xf_set(props, b->v2 ? "DomainNameArn" : "DomainName", xf_ref(b->domain_id));
	xf_set(props, "RestApiId", xf_ref(b->r->id));
	char *stage = samc_strfmt("%s.Stage", b->r->id);
	xf_set(props, "Stage", stage ? xf_ref(stage) : NULL);
	free(stage);
	return res;
}

static int add_out(domain_build *b, const char *id, cJSON *res)
{
	if (!res || !samc_json_add_key(b->out, id, res)) {
		cJSON_Delete(res);
		return XF_NOMEM;
	}
	return XF_OK;
}

static int one_mapping(domain_build *b, const cJSON *basepath, bool normalize)
{
	char *path = alnum_only(basepath->valuestring);
	char *id = path ? samc_strfmt("%s%sBasePathMapping", b->r->id, path) : NULL;
	cJSON *value = !path ? NULL : normalize ? cJSON_CreateString(path) : cJSON_Duplicate(basepath, 1);
	int rc = (id && value) ? add_out(b, id, mapping_resource(b, value)) : XF_NOMEM;
	cJSON_Delete(value);
	free(id);
	free(path);
	return rc;
}

static int base_path_mappings(domain_build *b)
{
	const cJSON *bp = get(b->domain, "BasePath");
	bool is_list = xf_truthy(bp) && cJSON_IsArray(bp);
	if (!(xf_truthy(bp) && (cJSON_IsString(bp) || is_list))) {
		char *id = samc_strfmt("%sBasePathMapping", b->r->id);
		int rc = id ? add_out(b, id, mapping_resource(b, NULL)) : XF_NOMEM;
		free(id);
		return rc;
	}
	const cJSON *normalize = xf_get(b->domain, "NormalizeBasePath");
	bool norm = normalize ? xf_truthy(normalize) : true;
	if (!is_list)
		return one_mapping(b, bp, norm);
	int i = 0;
	for (const cJSON *c = bp->child; c; c = c->next, i++)
		if (!cJSON_IsString(c)) {
			char *path = samc_strfmt("Domain.BasePath[%d]", i);
			int rc = path ? xf_fail_resource(b->r->x, b->r->id, "Property '%s' should be a string.", path)
				      : XF_NOMEM;
			free(path);
			return rc;
		}
	for (const cJSON *c = bp->child; c; c = c->next) {
		int rc = one_mapping(b, c, norm);
		if (rc)
			return rc;
	}
	return XF_OK;
}

/* ---- Route53 ---- */

static cJSON *alias_target(domain_build *b, cJSON *route53, const char *target_id)
{
	cJSON *target = cJSON_CreateObject();
	if (!target)
		return NULL;
	const cJSON *health = get(route53, "EvaluateTargetHealth");
	if (health)
		SAMC_JSON_ADD(target, "EvaluateTargetHealth", cJSON_Duplicate(health, 1));
	const char *endpoint = xf_get_str(b->domain, "EndpointConfiguration");
	if (endpoint && strcmp(endpoint, "REGIONAL") == 0) {
		SAMC_JSON_ADD(target, "HostedZoneId", xf_getatt(target_id, "RegionalHostedZoneId"));
		SAMC_JSON_ADD(target, "DNSName", xf_getatt(target_id, "RegionalDomainName"));
	} else if (endpoint && strcmp(endpoint, "EDGE") == 0) {
		if (!get(route53, "DistributionDomainName"))
			ra_dict_set(route53, "DistributionDomainName", xf_getatt(target_id, "DistributionDomainName"));
		SAMC_JSON_ADD_STRING(target, "HostedZoneId", "Z2FDTNDATAQYW2");
		SAMC_JSON_ADD(target, "DNSName", cJSON_Duplicate(xf_get(route53, "DistributionDomainName"), 1));
	} else {
		const cJSON *zone = get(route53, "VpcEndpointHostedZoneId"), *dns = get(route53, "VpcEndpointDomainName");
		SAMC_JSON_ADD(target, "HostedZoneId", zone ? cJSON_Duplicate(zone, 1) : cJSON_CreateNull());
		SAMC_JSON_ADD(target, "DNSName", dns ? cJSON_Duplicate(dns, 1) : cJSON_CreateNull());
	}
	return target;
}

static cJSON *record_set(domain_build *b, const cJSON *route53, const char *type, const cJSON *target)
{
	cJSON *set = cJSON_CreateObject();
	if (!set)
		return NULL;
	const cJSON *name = get(b->domain, "DomainName");
	SAMC_JSON_ADD(set, "Name", name ? cJSON_Duplicate(name, 1) : cJSON_CreateNull());
	SAMC_JSON_ADD_STRING(set, "Type", type);
	SAMC_JSON_ADD(set, "AliasTarget", cJSON_Duplicate(target, 1));
	static const char *const routing[] = {"Region", "SetIdentifier"};
	for (size_t i = 0; i < 2; i++)
		if (get(route53, routing[i]))
			samc_json_add_key(set, routing[i], cJSON_Duplicate(get(route53, routing[i]), 1));
	return set;
}

/* _construct_record_sets_for_domain, appended to `sets` */
static int record_sets(domain_build *b, cJSON *route53, cJSON *sets)
{
	const char *target_id = b->v2 && cJSON_IsString(b->domain_name) ? b->domain_name->valuestring : b->domain_id;
	cJSON *target = alias_target(b, route53, target_id);
	if (!target)
		return XF_NOMEM;
	cJSON_AddItemToArray(sets, record_set(b, route53, "A", target));
	if (cJSON_IsTrue(xf_get(route53, "IpV6")))
		cJSON_AddItemToArray(sets, record_set(b, route53, "AAAA", target));
	cJSON_Delete(target);
	return XF_OK;
}

static cJSON *record_set_group(domain_build *b, const cJSON *route53, bool only_truthy)
{
	cJSON *group = ra_resource("AWS::Route53::RecordSetGroup", NULL, b->r->child_attrs);
	if (!group)
		return NULL;
	cJSON *props = xf_props(group);
	static const char *const keys[] = {"HostedZoneId", "HostedZoneName"};
	for (size_t i = 0; i < 2; i++) {
		const cJSON *v = xf_get(route53, keys[i]);
		if (only_truthy ? xf_truthy(v) : (v && !cJSON_IsNull(v)))
			xf_set(props, keys[i], cJSON_Duplicate(v, 1));
	}
	SAMC_JSON_ADD(props, "RecordSets", cJSON_CreateArray());
	return group;
}

/* Fills a group's RecordSets and adds it to the output under id (both taken / borrowed). */
static int finish_group(domain_build *b, cJSON *route53, const char *id, cJSON *group)
{
	cJSON *sets = group ? cJSON_GetObjectItemCaseSensitive(xf_props(group), "RecordSets") : NULL;
	int rc = cJSON_IsArray(sets) ? record_sets(b, route53, sets) : XF_NOMEM;
	if (rc == XF_OK)
		return add_out(b, id, group);
	cJSON_Delete(group);
	return rc;
}

/* SeparateRecordSetGroup: RecordSetGroup + hash of [zone, domain name]. */
static int separate_group(domain_build *b, cJSON *route53, const cJSON *zone)
{
	cJSON *data = cJSON_CreateArray();
	const cJSON *name = get(b->domain, "DomainName");
	if (!data)
		return XF_NOMEM;
	cJSON_AddItemToArray(data, cJSON_Duplicate(zone, 1));
	cJSON_AddItemToArray(data, name ? cJSON_Duplicate(name, 1) : cJSON_CreateNull());
	char *id = xf_logical_id("RecordSetGroup", data);
	cJSON_Delete(data);
	int rc = id ? finish_group(b, route53, id, record_set_group(b, route53, true)) : XF_NOMEM;
	free(id);
	return rc;
}

/* The group shared by every API of the template with the same hosted zone
 * (route53_record_set_groups): the one an earlier API emitted, extended, or a new one. */
static int shared_group(domain_build *b, cJSON *route53, const cJSON *zone)
{
	char *suffix = xf_logical_id("", zone);
	char *id = suffix ? samc_strfmt("RecordSetGroup%s", suffix) : NULL;
	free(suffix);
	if (!id)
		return XF_NOMEM;
	const cJSON *existing = xf_resource(b->r->x, id);
	const char *type = xf_get_str(existing, "Type");
	cJSON *group = (type && strcmp(type, "AWS::Route53::RecordSetGroup") == 0) ? cJSON_Duplicate(existing, 1)
										    : record_set_group(b, route53, false);
	int rc = finish_group(b, route53, id, group);
	free(id);
	return rc;
}

static int route53(domain_build *b)
{
	cJSON *r53 = cJSON_GetObjectItemCaseSensitive(b->domain, "Route53");
	if (!r53 || cJSON_IsNull(r53))
		return XF_OK;
	if (xf_expect_map(b->r->x, b->r->id, r53, "Domain.Route53"))
		return XF_FAIL;
	const cJSON *zone_id = get(r53, "HostedZoneId"), *zone_name = get(r53, "HostedZoneName");
	if (!zone_id && !zone_name)
		return xf_fail_resource(b->r->x, b->r->id,
					"HostedZoneId or HostedZoneName is required to enable Route53 support on Custom "
					"Domains.");
	const cJSON *zone = xf_truthy(zone_id) ? zone_id : zone_name;
	const cJSON *separate = get(r53, "SeparateRecordSetGroup");
	if (xf_truthy(separate)) {
		if (!cJSON_IsBool(separate))
			return xf_fail_resource(b->r->x, b->r->id,
						"Property 'Domain.Route53.SeparateRecordSetGroup' should be a boolean.");
		return separate_group(b, r53, zone);
	}
	return shared_group(b, r53, zone);
}

/* ---- the private domain's access association ---- */

static int access_association(domain_build *b, char **id, cJSON **out)
{
	const cJSON *assoc = get(b->domain, "AccessAssociation");
	if (!assoc)
		return XF_OK;
	if (xf_expect_map(b->r->x, b->r->id, assoc, "Domain.AccessAssociation"))
		return XF_FAIL;
	const cJSON *vpce = get(assoc, "VpcEndpointId");
	cJSON *data = cJSON_CreateArray();
	cJSON_AddItemToArray(data, vpce ? cJSON_Duplicate(vpce, 1) : cJSON_CreateNull());
	cJSON_AddItemToArray(data, cJSON_CreateString(b->domain_id));
	*id = xf_logical_id("DomainNameAccessAssociation", data);
	cJSON_Delete(data);
	*out = ra_resource("AWS::ApiGateway::DomainNameAccessAssociation", NULL, b->r->child_attrs);
	if (!*id || !*out)
		return XF_NOMEM;
	cJSON *props = xf_props(*out);
	xf_set(props, "DomainNameArn", xf_ref(b->domain_id));
	xf_set(props, "AccessAssociationSourceType", cJSON_CreateString("VPCE"));
	xf_set(props, "AccessAssociationSource", vpce ? cJSON_Duplicate(vpce, 1) : cJSON_CreateNull());
	return XF_OK;
}

/* ---- the whole domain ---- */

static int build(domain_build *b, char **association_id, cJSON **association)
{
	rest_api *r = b->r;
	const cJSON *certificate;
	if (xf_expect_map(r->x, r->id, b->domain, "Domain") ||
	    required(b, "DomainName", "Domain.DomainName", &b->domain_name) ||
	    required(b, "CertificateArn", "Domain.CertificateArn", &certificate))
		return XF_FAIL;
	char *suffix = xf_logical_id("", b->domain_name);
	b->domain_id = suffix ? samc_strfmt("%s%s", b->v2 ? "ApiGatewayDomainNameV2" : "ApiGatewayDomainName", suffix)
			      : NULL;
	free(suffix);
	if (!b->domain_id)
		return XF_NOMEM;
	if (!b->v2)
		ra_dict_set(b->domain, "ApiDomainName", cJSON_CreateString(b->domain_id));
	const char *endpoint = "REGIONAL";
	if (endpoint_of(b, &endpoint))
		return XF_FAIL;
	cJSON *res = ra_resource(b->v2 ? "AWS::ApiGateway::DomainNameV2" : "AWS::ApiGateway::DomainName", NULL,
				 r->child_attrs);
	int rc = res ? domain_resource(b, certificate, endpoint, res) : XF_NOMEM;
	rc = rc ? rc : add_out(b, b->domain_id, res);
	if (rc) {
		if (!cJSON_GetObjectItemCaseSensitive(b->out, b->domain_id))
			cJSON_Delete(res);
		return rc;
	}
	if ((rc = base_path_mappings(b)))
		return rc;
	if (b->v2 && (rc = access_association(b, association_id, association)))
		return rc;
	return route53(b);
}

int ra_domain(rest_api *r, cJSON **resources, char **association_id, cJSON **association)
{
	*resources = NULL;
	*association_id = NULL;
	*association = NULL;
	cJSON *domain = cJSON_GetObjectItemCaseSensitive(r->props, "Domain");
	if (!domain || cJSON_IsNull(domain))
		return XF_OK;
	const char *endpoint = xf_get_str(domain, "EndpointConfiguration");
	domain_build b = {
		.r = r,
		.domain = domain,
		.v2 = cJSON_IsObject(domain) && endpoint && strcmp(endpoint, "PRIVATE") == 0,
		.out = cJSON_CreateObject(),
	};
	int rc = b.out ? build(&b, association_id, association) : XF_NOMEM;
	free(b.domain_id);
	if (rc) {
		cJSON_Delete(b.out);
		return rc;
	}
	*resources = b.out;
	return XF_OK;
}
