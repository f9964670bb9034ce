/* swagger_policy.c — SwaggerEditor's resource policy (x-amazon-apigateway-policy): account,
 * IP range and VPC/VPCE allow/deny statements per path, and custom statements. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/api/swagger_internal.h"
#include "util/buf.h"

#define X_POLICY "x-amazon-apigateway-policy"

/* _get_method_path_uri_list: one Fn::Sub execute-api resource per key of the path item. */
static int method_path_uri_list(swagger_editor *ed, const cJSON *path, const cJSON *stage, cJSON **out)
{
	*out = NULL;
	const char *p = sw_text(path);
	cJSON **items = NULL;
	size_t k = 0;
	int rc = sw_conditional(ed->x, cJSON_GetObjectItemCaseSensitive(ed->paths, p), &items, &k);
	for (size_t i = 0; i < k && rc == XF_OK; i++)
		rc = swagger_validate_path_item_is_dict(ed->x, items[i], p);
	cJSON *trimmed = rc == XF_OK ? swagger_get_path_without_trailing_slash(path) : NULL;
	cJSON *list = rc == XF_OK ? cJSON_CreateArray() : NULL;
	for (size_t i = 0; i < k && list && trimmed; i++) {
		size_t nm = 0;
		cJSON **members = sw_members(items[i], &nm);
		for (size_t j = 0; j < nm; j++) {
			const cJSON *m = members[j];
			char *lower = sw_lower(m->string);
			bool any = lower && (strcmp(lower, SW_X_ANY_METHOD) == 0 || strcmp(lower, "any") == 0);
			char *method = any ? samc_strdup("*") : sw_upper(m->string);
			char *resource = samc_strfmt("execute-api:/${__Stage__}/%s%s", method ? method : "",
						     trimmed->valuestring);
			bool unicode = (!any && sw_key_is_ustr(m)) || sw_is_ustr(trimmed);
			cJSON *vars = cJSON_CreateObject();
			SAMC_JSON_ADD(vars, "__Stage__", stage ? sw_copy(stage) : cJSON_CreateNull());
			cJSON *args = cJSON_CreateArray();
			sw_append(args, sw_str(resource ? resource : "", unicode));
			sw_append(args, vars);
			cJSON *sub = cJSON_CreateObject();
			SAMC_JSON_ADD(sub, "Fn::Sub", args);
			sw_append(list, sub);
			free(lower);
			free(method);
			free(resource);
		}
		free(members);
	}
	cJSON_Delete(trimmed);
	free(items);
	*out = list;
	return rc;
}

/* resource_policy["Statement"] handling shared by every kind: a missing Statement becomes
 * `first` (owned) as is; otherwise the statement list gets each of `add` not already in it
 * (all when dedupe is false). */
static void add_statements(swagger_editor *ed, cJSON *first, cJSON *add, bool dedupe)
{
	cJSON *policy = ed->resource_policy;
	if (sw_is_none(xf_get(policy, "Statement"))) {
		sw_set(policy, "Statement", false, first);
		cJSON_Delete(add);
		return;
	}
	cJSON_Delete(first);
	cJSON *current = cJSON_GetObjectItemCaseSensitive(policy, "Statement");
	cJSON *list = cJSON_IsArray(current) ? sw_copy(current) : cJSON_CreateArray();
	if (!cJSON_IsArray(current))
		sw_append(list, sw_copy(current));
	for (cJSON *s = add ? add->child : NULL; s; s = s->next) {
		bool present = false;
		for (const cJSON *c = list->child; dedupe && c && !present; c = c->next)
			present = xf_equal(c, s);
		if (!present)
			sw_append(list, sw_copy(s));
	}
	cJSON_Delete(add);
	sw_set(policy, "Statement", false, list);
}

static void set_version(swagger_editor *ed)
{
	sw_set(ed->resource_policy, "Version", false, cJSON_CreateString("2012-10-17"));
}

static cJSON *as_list(const cJSON *v)
{
	if (cJSON_IsArray(v))
		return sw_copy(v);
	cJSON *l = cJSON_CreateArray();
	sw_append(l, sw_copy(v));
	return l;
}

static cJSON *statement(const char *effect, const cJSON *resources, cJSON *principal)
{
	return sw_py27_dict("Effect", cJSON_CreateString(effect), "Action", cJSON_CreateString("execute-api:Invoke"),
			    "Resource", sw_copy(resources), "Principal", principal, NULL);
}

static int iam_statement(swagger_editor *ed, const cJSON *accounts, const char *effect, const cJSON *resources)
{
	if (!xf_truthy(accounts))
		return XF_OK;
	if (!cJSON_IsObject(accounts) && !cJSON_IsArray(accounts)) {
		char *text = sw_pystr(accounts);
		xf_fail_document(ed->x, "Type of '%s' must be a list or dictionary", text ? text : "");
		free(text);
		return XF_FAIL;
	}
	set_version(ed);
	cJSON *aws = cJSON_CreateObject();
	SAMC_JSON_ADD(aws, "AWS", as_list(accounts));
	cJSON *principal = py27_dict_new();
	sw_update(principal, aws);
	cJSON_Delete(aws);
	cJSON *st = statement(effect, resources, principal);
	cJSON *add = cJSON_CreateArray();
	sw_append(add, sw_copy(st));
	add_statements(ed, st, add, false);
	return XF_OK;
}

/* The allow-all + deny-on-condition pair of the IP and VPC policies. */
static void allow_deny(swagger_editor *ed, const cJSON *resources, const char *conditional, cJSON *condition)
{
	set_version(ed);
	cJSON *allow = statement("Allow", resources, cJSON_CreateString("*"));
	cJSON *deny = statement("Deny", resources, cJSON_CreateString("*"));
	cJSON *cond = cJSON_CreateObject();
	samc_json_add_key(cond, conditional, condition);
	sw_set(deny, "Condition", false, cond);
	cJSON *pair = cJSON_CreateArray();
	sw_append(pair, allow);
	sw_append(pair, deny);
	add_statements(ed, sw_copy(pair), pair, true);
}

static void ip_statements(swagger_editor *ed, const cJSON *ips, const char *conditional, const cJSON *resources)
{
	if (!xf_truthy(ips))
		return;
	cJSON *source = cJSON_CreateObject();
	SAMC_JSON_ADD(source, "aws:SourceIp", as_list(ips));
	allow_deny(ed, resources, conditional, source);
}

/* list.extend(values): items of a list, keys of a dict, characters of a string. */
static void extend(cJSON *list, const cJSON *values)
{
	if (cJSON_IsArray(values))
		for (const cJSON *c = values->child; c; c = c->next)
			sw_append(list, sw_copy(c));
	else if (cJSON_IsObject(values))
		for (const cJSON *c = values->child; c; c = c->next)
			sw_append(list, sw_str(c->string, sw_key_is_ustr(c)));
	else if (cJSON_IsString(values))
		for (const char *p = values->valuestring; *p; p++) {
			char ch[2] = {*p, '\0'};
			sw_append(list, cJSON_CreateString(ch));
		}
}

/* condition.setdefault(key, []).extend(values) */
static void condition_extend(cJSON *condition, const char *key, const cJSON *values)
{
	cJSON *list = sw_setdefault(condition, key, false, cJSON_CreateArray());
	extend(list, values);
}

/* The string endpoints starting vpc- / vpce- (items of a list, keys of a dict). */
static void split_endpoints(const cJSON *endpoints, cJSON *vpcs, cJSON *vpces)
{
	cJSON *all = cJSON_CreateArray();
	if (!cJSON_IsString(endpoints))
		extend(all, endpoints);
	for (const cJSON *c = all->child; c; c = c->next) {
		if (!cJSON_IsString(c))
			continue;
		if (strncmp(c->valuestring, "vpce-", 5) == 0)
			sw_append(vpces, sw_copy(c));
		if (strncmp(c->valuestring, "vpc-", 4) == 0)
			sw_append(vpcs, sw_copy(c));
	}
	cJSON_Delete(all);
}

static void vpc_statements(swagger_editor *ed, const cJSON *strings, const cJSON *vpcs, const cJSON *vpces,
			   const char *conditional, const cJSON *resources)
{
	cJSON *condition = py27_dict_new();
	if (!sw_is_none(strings)) {
		cJSON *vpc_list = cJSON_CreateArray(), *vpce_list = cJSON_CreateArray();
		split_endpoints(strings, vpc_list, vpce_list);
		if (vpc_list->child)
			condition_extend(condition, "aws:SourceVpc", vpc_list);
		if (vpce_list->child)
			condition_extend(condition, "aws:SourceVpce", vpce_list);
		cJSON_Delete(vpc_list);
		cJSON_Delete(vpce_list);
	}
	if (!sw_is_none(vpcs))
		condition_extend(condition, "aws:SourceVpc", vpcs);
	if (!sw_is_none(vpces))
		condition_extend(condition, "aws:SourceVpce", vpces);
	if (!xf_truthy(xf_get(condition, "aws:SourceVpc")) && !xf_truthy(xf_get(condition, "aws:SourceVpce"))) {
		cJSON_Delete(condition);
		return;
	}
	allow_deny(ed, resources, conditional, condition);
}

/* _validate_list_property_is_resolved: None, or every item (list) / key (dict) is a string. */
static bool list_resolved(const cJSON *v)
{
	if (!cJSON_IsArray(v))
		return true;
	for (const cJSON *c = v->child; c; c = c->next)
		if (!cJSON_IsString(c))
			return false;
	return true;
}

static int accounts_and_ips(swagger_editor *ed, const cJSON *rp, const cJSON *path, const cJSON *stage)
{
	static const struct {
		const char *key, *effect_or_condition;
		bool iam;
	} kinds[] = {{"AwsAccountWhitelist", "Allow", true},
		     {"AwsAccountBlacklist", "Deny", true},
		     {"IpRangeWhitelist", "NotIpAddress", false},
		     {"IpRangeBlacklist", "IpAddress", false}};
	int rc = XF_OK;
	for (size_t i = 0; i < 4 && rc == XF_OK; i++) {
		const cJSON *v = xf_get(rp, kinds[i].key);
		if (sw_is_none(v))
			continue;
		cJSON *resources = NULL;
		rc = method_path_uri_list(ed, path, stage, &resources);
		if (rc == XF_OK && kinds[i].iam)
			rc = iam_statement(ed, v, kinds[i].effect_or_condition, resources);
		else if (rc == XF_OK)
			ip_statements(ed, v, kinds[i].effect_or_condition, resources);
		cJSON_Delete(resources);
	}
	return rc;
}

static int unresolved(swagger_editor *ed, const char *which, const char *instead)
{
	return xf_fail_document(ed->x,
				"%s must be a list of strings. Use %s instead for values that use Intrinsic Functions",
				which, instead);
}

int swagger_add_resource_policy(swagger_editor *ed, const cJSON *resource_policy, const cJSON *path,
				const cJSON *stage)
{
	if (sw_is_none(resource_policy))
		return XF_OK;
	int rc = swagger_validate_is_dict(ed->x, resource_policy, "Resource Policy is not a valid dictionary.");
	if (rc == XF_OK)
		rc = accounts_and_ips(ed, resource_policy, path, stage);
	const cJSON *rp = resource_policy;
	if (rc == XF_OK && !list_resolved(xf_get(rp, "SourceVpcBlacklist")))
		return unresolved(ed, "SourceVpcBlacklist", "IntrinsicVpcBlacklist");
	cJSON *resources = NULL;
	if (rc == XF_OK)
		rc = method_path_uri_list(ed, path, stage, &resources);
	if (rc == XF_OK)
		vpc_statements(ed, xf_get(rp, "SourceVpcBlacklist"), xf_get(rp, "IntrinsicVpcBlacklist"),
			       xf_get(rp, "IntrinsicVpceBlacklist"), "StringEquals", resources);
	if (rc == XF_OK && !list_resolved(xf_get(rp, "SourceVpcWhitelist")))
		rc = unresolved(ed, "SourceVpcWhitelist", "IntrinsicVpcWhitelist");
	if (rc == XF_OK)
		vpc_statements(ed, xf_get(rp, "SourceVpcWhitelist"), xf_get(rp, "IntrinsicVpcWhitelist"),
			       xf_get(rp, "IntrinsicVpceWhitelist"), "StringNotEquals", resources);
	cJSON_Delete(resources);
	if (rc == XF_OK)
		sw_attach(ed, X_POLICY, &ed->resource_policy, &ed->own_resource_policy);
	return rc;
}

int swagger_add_custom_statements(swagger_editor *ed, const cJSON *custom_statements)
{
	if (!sw_is_none(custom_statements)) {
		set_version(ed);
		add_statements(ed, sw_copy(custom_statements), as_list(custom_statements), true);
	}
	sw_attach(ed, X_POLICY, &ed->resource_policy, &ed->own_resource_policy);
	return XF_OK;
}
