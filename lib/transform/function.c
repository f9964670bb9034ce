/* function.c — AWS::Serverless::Function: validation, the Lambda function itself, and the
 * order in which its version, alias, URL, CodeDeploy, role and event resources are built. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/events/event.h"
#include "transform/function_build.h"
#include "transform/function_extras.h"
#include "transform/intrinsics.h"
#include "transform/policies.h"
#include "transform/s3_uri.h"
#include "util/buf.h"

static const xf_prop_spec FUNCTION_PROPS[] = {
	{"FunctionName", false, XF_STR_OR_DICT, false},
	{"Handler", false, XF_ANY, false},
	{"Runtime", false, XF_ANY, false},
	{"CodeUri", false, XF_ANY, false},
	{"ImageUri", false, XF_ANY, false},
	{"PackageType", false, XF_ANY, false},
	{"InlineCode", false, XF_ANY, false},
	{"DeadLetterQueue", false, XF_IS_DICT, false},
	{"Description", false, XF_ANY, false},
	{"MemorySize", false, XF_ANY, false},
	{"Timeout", false, XF_ANY, false},
	{"VpcConfig", false, XF_ANY, false},
	{"Role", false, XF_IS_STR, false},
	{"AssumeRolePolicyDocument", false, XF_IS_DICT, false},
	{"Policies", false, XF_STR_OR_DICT_OR_LIST_OF_STR_OR_DICT, false},
	{"RolePath", false, XF_ANY, false},
	{"PermissionsBoundary", false, XF_IS_STR, false},
	{"Environment", false, XF_DICT_OF_STR_DICT, false},
	{"Events", false, XF_DICT_OF_STR_DICT, false},
	{"Tags", false, XF_IS_DICT, false},
	{"PropagateTags", false, XF_IS_BOOL, false},
	{"Tracing", false, XF_STR_OR_DICT, false},
	{"KmsKeyArn", false, XF_ANY, false},
	{"DeploymentPreference", false, XF_IS_DICT, false},
	{"ReservedConcurrentExecutions", false, XF_ANY, false},
	{"Layers", false, XF_LIST_OF_STR_OR_DICT, false},
	{"EventInvokeConfig", false, XF_IS_DICT, false},
	{"EphemeralStorage", false, XF_ANY, false},
	{"AutoPublishAlias", false, XF_ONE_OF_STR, false},
	{"AutoPublishCodeSha256", false, XF_ONE_OF_STR, false},
	{"AutoPublishAliasAllProperties", false, XF_IS_BOOL, true},
	{"VersionDescription", false, XF_ANY, false},
	{"ProvisionedConcurrencyConfig", false, XF_ANY, false},
	{"FileSystemConfigs", false, XF_ANY, false},
	{"ImageConfig", false, XF_ANY, false},
	{"CodeSigningConfigArn", false, XF_ANY, false},
	{"Architectures", false, XF_ANY, false},
	{"SnapStart", false, XF_IS_DICT, false},
	{"FunctionUrlConfig", false, XF_IS_DICT, false},
	{"RuntimeManagementConfig", false, XF_ANY, false},
	{"LoggingConfig", false, XF_ANY, false},
	{"RecursiveLoop", false, XF_ANY, false},
	{"SourceKMSKeyArn", false, XF_ANY, false},
	{"CapacityProviderConfig", false, XF_IS_DICT, false},
	{"FunctionScalingConfig", false, XF_IS_DICT, false},
	{"VersionDeletionPolicy", false, XF_STR_ENUM_DELETE_RETAIN, false},
	{"PublishToLatestPublished", false, XF_ANY, false},
	{"TenancyConfig", false, XF_ANY, false},
	{"DurableConfig", false, XF_IS_DICT, false},
	{NULL, false, XF_ANY, false},
};

/* One of 64 bits for a property name, from its length and first and last letters. */
static uint64_t key_bit(const char *name)
{
	size_t n = strlen(name);
	unsigned h = (unsigned)n * 7u + (unsigned char)name[0] + (n ? (unsigned char)name[n - 1] * 3u : 0u);
	return (uint64_t)1 << (h & 63u);
}

static uint64_t prop_bits_of(const cJSON *props)
{
	uint64_t bits = 0;
	for (const cJSON *m = props->child; m; m = m->next)
		bits |= m->string ? key_bit(m->string) : 0;
	return bits;
}

const cJSON *fb_prop(const fn_build *b, const char *name)
{
	if (!(b->prop_bits & key_bit(name)))
		return NULL;
	const cJSON *v = xf_get(b->props, name);
	return cJSON_IsNull(v) ? NULL : v;
}

/* ---- attributes ---- */

static void collect_attributes(fn_build *b)
{
	static const char *const main_attrs[] = {"DeletionPolicy", "UpdatePolicy", "Condition", "UpdateReplacePolicy",
						 "Metadata"};
	b->main_attrs = cJSON_CreateObject();
	b->child_attrs = cJSON_CreateObject();
	for (size_t i = 0; i < sizeof(main_attrs) / sizeof(main_attrs[0]); i++) {
		const cJSON *v = xf_get(b->sam, main_attrs[i]);
		if (!v)
			continue;
		samc_json_add_key(b->main_attrs, main_attrs[i], cJSON_Duplicate(v, 1));
		if (strcmp(main_attrs[i], "UpdatePolicy") != 0 && strcmp(main_attrs[i], "Metadata") != 0)
			samc_json_add_key(b->child_attrs, main_attrs[i], cJSON_Duplicate(v, 1));
	}
}

/* A new resource of `type` with the child attributes (Condition, DeletionPolicy, ...). */
cJSON *fb_child_resource(const fn_build *b, const char *type)
{
	cJSON *r = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(r, "Type", type);
	xf_copy_child_attributes(r, b->child_attrs);
	SAMC_JSON_ADD_OBJECT(r, "Properties");
	return r;
}

/* ---- validation ---- */

static void combine_names(samc_buf *out, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			samc_buf_puts(out, i + 1 == n ? " and " : ", ");
		samc_buf_puts(out, names[i]);
	}
}

/* __validation_rules__ of SamFunction, all messages joined by newlines. */
static int validate_rules(fn_build *b)
{
	static const struct {
		bool exclusive;
		const char *a, *b;
	} rules[] = {
		{true, "CapacityProviderConfig", "ProvisionedConcurrencyConfig"},
		{true, "CapacityProviderConfig", "VpcConfig"},
		{false, "FunctionScalingConfig", "CapacityProviderConfig"},
		{false, "VersionDeletionPolicy", "AutoPublishAlias"},
	};
	samc_buf msg = SAMC_BUF_INIT;
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		bool has_a = fb_prop(b, rules[i].a) != NULL, has_b = fb_prop(b, rules[i].b) != NULL;
		if (rules[i].exclusive && has_a && has_b) {
			char *qa = samc_strfmt("'%s'", rules[i].a), *qb = samc_strfmt("'%s'", rules[i].b);
			const char *names[] = {qa, qb};
			if (msg.len)
				samc_buf_putc(&msg, '\n');
			samc_buf_puts(&msg, "Cannot specify ");
			combine_names(&msg, names, 2);
			samc_buf_puts(&msg, " together.");
			free(qa);
			free(qb);
		} else if (!rules[i].exclusive && has_a && !has_b) {
			if (msg.len)
				samc_buf_putc(&msg, '\n');
			samc_buf_printf(&msg, "'%s' requires '%s'.", rules[i].a, rules[i].b);
		}
	}
	int rc = msg.len ? xf_fail_resource(b->x, b->id, "%s", samc_buf_cstr(&msg)) : XF_OK;
	samc_buf_free(&msg);
	return rc;
}

static int validate_dlq(fn_build *b)
{
	const cJSON *dlq = fb_prop(b, "DeadLetterQueue");
	if (!xf_truthy(dlq))
		return XF_OK;
	const cJSON *type = xf_get(dlq, "Type");
	if (!xf_truthy(type) || !xf_truthy(xf_get(dlq, "TargetArn")))
		return xf_fail_resource(b->x, b->id,
					"'DeadLetterQueue' requires Type and TargetArn properties to be specified.");
	if (xf_expect_str(b->x, b->id, type, "DeadLetterQueue.Type"))
		return XF_FAIL;
	if (strcmp(type->valuestring, "SQS") != 0 && strcmp(type->valuestring, "SNS") != 0)
		return xf_fail_resource(b->x, b->id, "'DeadLetterQueue' requires Type of ['SQS', 'SNS']");
	return XF_OK;
}

static int validate_tenancy(fn_build *b)
{
	if (!xf_truthy(fb_prop(b, "TenancyConfig")))
		return XF_OK;
	if (xf_truthy(fb_prop(b, "ProvisionedConcurrencyConfig")))
		return xf_fail_resource(b->x, b->id, "Provisioned concurrency is not supported for functions enabled "
						     "with tenancy configuration.");
	if (xf_truthy(fb_prop(b, "FunctionUrlConfig")))
		return xf_fail_resource(b->x, b->id,
					"Function URL is not supported for functions enabled with tenancy configuration.");
	if (xf_truthy(fb_prop(b, "SnapStart")))
		return xf_fail_resource(b->x, b->id,
					"SnapStart is not supported for functions enabled with tenancy configuration.");
	const cJSON *events = fb_prop(b, "Events");
	if (!xf_truthy(events))
		return XF_OK;
	for (const cJSON *ev = events->child; ev; ev = ev->next) {
		const cJSON *type = xf_get(ev, "Type");
		if (cJSON_IsString(type) &&
		    (strcmp(type->valuestring, "Api") == 0 || strcmp(type->valuestring, "HttpApi") == 0))
			continue;
		char *t = xf_pystr(type);
		xf_fail_resource(b->x, b->id,
				 "Event source '%s' is not supported for functions enabled with tenancy configuration. "
				 "Only Api and HttpApi event sources are supported.",
				 t ? t : "None");
		free(t);
		return XF_FAIL;
	}
	return XF_OK;
}

/* ---- the Lambda function ---- */

static int construct_code(fn_build *b, cJSON **out)
{
	const cJSON *pkg = fb_prop(b, "PackageType");
	const char *package = cJSON_IsString(pkg) ? pkg->valuestring : (pkg ? NULL : "Zip");
	if (!package || (strcmp(package, "Zip") != 0 && strcmp(package, "Image") != 0)) {
		char *s = xf_pystr(pkg);
		xf_fail_resource(b->x, b->id, "invalid 'PackageType' : %s", s ? s : "");
		free(s);
		return XF_FAIL;
	}
	bool zip = strcmp(package, "Zip") == 0;
	const cJSON *inline_code = zip ? fb_prop(b, "InlineCode") : NULL;
	const cJSON *code_uri = zip ? fb_prop(b, "CodeUri") : NULL;
	const cJSON *image_uri = zip ? NULL : fb_prop(b, "ImageUri");
	int count = (inline_code != NULL) + (code_uri != NULL) + (image_uri != NULL);
	if (count == 0 && zip)
		return xf_fail_resource(b->x, b->id, "Only one of 'InlineCode' or 'CodeUri' can be set.");
	if (count != 1 && !zip)
		return xf_fail_resource(b->x, b->id, "'ImageUri' must be set.");
	int rc;
	if (inline_code) {
		*out = cJSON_CreateObject();
		SAMC_JSON_ADD(*out, "ZipFile", cJSON_Duplicate(inline_code, 1));
		rc = XF_OK;
	} else if (code_uri)
		rc = xf_s3_location(b->x, b->id, "CodeUri", code_uri, out);
	else
		rc = xf_image_location(b->x, b->id, "ImageUri", image_uri, out);
	if (rc)
		return rc;
	const cJSON *kms = fb_prop(b, "SourceKMSKeyArn");
	if (kms && zip && xf_truthy(kms) && cJSON_IsObject(*out))
		xf_set(*out, "SourceKMSKeyArn", cJSON_Duplicate(kms, 1));
	return XF_OK;
}

/* get_tag_list: {"Key": k, "Value": v} per entry, None values as "". */
static void append_tag_list(cJSON *list, const cJSON *tags)
{
	for (const cJSON *t = tags ? tags->child : NULL; t; t = t->next) {
		cJSON *item = cJSON_CreateObject();
		SAMC_JSON_ADD_STRING(item, "Key", t->string);
		SAMC_JSON_ADD(item, "Value", cJSON_IsNull(t) ? cJSON_CreateString("") : cJSON_Duplicate(t, 1));
		cJSON_AddItemToArray(list, item);
	}
}

cJSON *fb_tag_list(fn_build *b)
{
	static const char *const reserved[] = {"lambda:createdBy", "serverlessrepo:applicationId",
					       "serverlessrepo:semanticVersion"};
	const cJSON *tags = fb_prop(b, "Tags");
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (xf_get(tags, reserved[i])) {
			xf_fail_resource(b->x, b->id,
					 "%s is a reserved Tag key name and cannot be set on your resource. Please "
					 "change the tag key in the input.",
					 reserved[i]);
			return NULL;
		}
	cJSON *list = cJSON_CreateArray();
	cJSON *sam = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(sam, "Key", "lambda:createdBy");
	SAMC_JSON_ADD_STRING(sam, "Value", "SAM");
	cJSON_AddItemToArray(list, sam);
	append_tag_list(list, cJSON_IsObject(tags) ? tags : NULL);
	return list;
}

static void copy_prop(cJSON *dst, const fn_build *b, const char *from, const char *to)
{
	const cJSON *v = fb_prop(b, from);
	if (v)
		samc_json_add_key(dst, to, cJSON_Duplicate(v, 1));
}

static bool tracing_enabled(fn_build *b)
{
	const cJSON *tracing = fb_prop(b, "Tracing");
	if (!xf_truthy(tracing))
		return false;
	cJSON *resolved = xf_resolved_copy(b->x, tracing);
	bool disabled = cJSON_IsString(resolved) && strcmp(resolved->valuestring, "Disabled") == 0;
	cJSON_Delete(resolved);
	return !disabled;
}

static cJSON *capacity_provider_config(fn_build *b)
{
	const cJSON *cfg = fb_prop(b, "CapacityProviderConfig");
	cJSON *inner = cJSON_CreateObject();
	SAMC_JSON_ADD(inner, "CapacityProviderArn",
			      xf_get(cfg, "Arn") ? cJSON_Duplicate(xf_get(cfg, "Arn"), 1) : cJSON_CreateNull());
	const cJSON *c = xf_get(cfg, "PerExecutionEnvironmentMaxConcurrency");
	if (c && !cJSON_IsNull(c))
		SAMC_JSON_ADD(inner, "PerExecutionEnvironmentMaxConcurrency", cJSON_Duplicate(c, 1));
	c = xf_get(cfg, "ExecutionEnvironmentMemoryGiBPerVCpu");
	if (c && !cJSON_IsNull(c))
		SAMC_JSON_ADD(inner, "ExecutionEnvironmentMemoryGiBPerVCpu", cJSON_Duplicate(c, 1));
	cJSON *out = cJSON_CreateObject();
	SAMC_JSON_ADD(out, "LambdaManagedInstancesCapacityProviderConfig", inner);
	return out;
}

static void fill_function_properties(fn_build *b, cJSON *p, cJSON *code, cJSON *tags)
{
	if (xf_truthy(fb_prop(b, "FunctionName")))
		copy_prop(p, b, "FunctionName", "FunctionName");
	copy_prop(p, b, "Handler", "Handler");
	copy_prop(p, b, "Runtime", "Runtime");
	copy_prop(p, b, "Description", "Description");
	copy_prop(p, b, "MemorySize", "MemorySize");
	copy_prop(p, b, "Timeout", "Timeout");
	copy_prop(p, b, "VpcConfig", "VpcConfig");
	copy_prop(p, b, "Role", "Role");
	copy_prop(p, b, "Environment", "Environment");
	SAMC_JSON_ADD(p, "Code", code);
	copy_prop(p, b, "KmsKeyArn", "KmsKeyArn");
	copy_prop(p, b, "ReservedConcurrentExecutions", "ReservedConcurrentExecutions");
	SAMC_JSON_ADD(p, "Tags", tags);
	copy_prop(p, b, "Layers", "Layers");
	copy_prop(p, b, "FileSystemConfigs", "FileSystemConfigs");
	copy_prop(p, b, "ImageConfig", "ImageConfig");
	copy_prop(p, b, "PackageType", "PackageType");
	copy_prop(p, b, "Architectures", "Architectures");
	copy_prop(p, b, "SnapStart", "SnapStart");
	copy_prop(p, b, "EphemeralStorage", "EphemeralStorage");
	if (tracing_enabled(b)) {
		cJSON *tc = SAMC_JSON_ADD_OBJECT(p, "TracingConfig");
		SAMC_JSON_ADD(tc, "Mode", cJSON_Duplicate(fb_prop(b, "Tracing"), 1));
	}
	const cJSON *dlq = fb_prop(b, "DeadLetterQueue");
	if (xf_truthy(dlq)) {
		cJSON *dc = SAMC_JSON_ADD_OBJECT(p, "DeadLetterConfig");
		SAMC_JSON_ADD(dc, "TargetArn", cJSON_Duplicate(xf_get(dlq, "TargetArn"), 1));
	}
	copy_prop(p, b, "CodeSigningConfigArn", "CodeSigningConfigArn");
	copy_prop(p, b, "RuntimeManagementConfig", "RuntimeManagementConfig");
	copy_prop(p, b, "LoggingConfig", "LoggingConfig");
	copy_prop(p, b, "TenancyConfig", "TenancyConfig");
	copy_prop(p, b, "RecursiveLoop", "RecursiveLoop");
	copy_prop(p, b, "DurableConfig", "DurableConfig");
	if (xf_truthy(fb_prop(b, "CapacityProviderConfig")))
		SAMC_JSON_ADD(p, "CapacityProviderConfig", capacity_provider_config(b));
	if (xf_truthy(fb_prop(b, "FunctionScalingConfig")))
		copy_prop(p, b, "FunctionScalingConfig", "FunctionScalingConfig");
	copy_prop(p, b, "PublishToLatestPublished", "PublishToLatestPublished");
}

static int validate_package_type(fn_build *b, const cJSON *p)
{
	const cJSON *pkg = xf_get(p, "PackageType");
	const char *package = xf_truthy(pkg) && cJSON_IsString(pkg) ? pkg->valuestring : "Zip";
	if (xf_truthy(pkg) && !cJSON_IsString(pkg))
		package = "";
	if (strcmp(package, "Zip") != 0 && strcmp(package, "Image") != 0)
		return xf_fail_resource(b->x, b->id, "PackageType needs to be `Zip` or `Image`");
	const cJSON *code = xf_get(p, "Code");
	if (strcmp(package, "Zip") == 0) {
		if (!xf_truthy(xf_get(p, "Runtime")) || !xf_truthy(xf_get(p, "Handler")))
			return xf_fail_resource(b->x, b->id,
						"Runtime and Handler needs to be present when PackageType is of type `Zip`");
		if (xf_truthy(xf_get(code, "ImageUri")) || xf_truthy(xf_get(p, "ImageConfig")))
			return xf_fail_resource(b->x, b->id, "ImageUri or ImageConfig cannot be present when "
							     "PackageType is of type `Zip`");
		return XF_OK;
	}
	if (xf_truthy(xf_get(p, "Handler")) || xf_truthy(xf_get(p, "Runtime")) || xf_truthy(xf_get(p, "Layers")))
		return xf_fail_resource(b->x, b->id,
					"Runtime, Handler, Layers cannot be present when PackageType is of type `Image`");
	if (!xf_truthy(xf_get(code, "ImageUri")))
		return xf_fail_resource(b->x, b->id, "ImageUri needs to be present when PackageType is of type `Image`");
	return XF_OK;
}

static int construct_function(fn_build *b)
{
	cJSON *code = NULL;
	if (construct_code(b, &code))
		return XF_FAIL;
	cJSON *tags = fb_tag_list(b);
	if (!tags) {
		cJSON_Delete(code);
		return XF_FAIL;
	}
	cJSON *fn = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(fn, "Type", "AWS::Lambda::Function");
	const cJSON *depends = xf_get(b->sam, "DependsOn");
	if (xf_truthy(depends))
		SAMC_JSON_ADD(fn, "DependsOn", cJSON_Duplicate(depends, 1));
	for (const cJSON *a = b->main_attrs->child; a; a = a->next)
		samc_json_add_key(fn, a->string, cJSON_Duplicate(a, 1));
	cJSON *p = SAMC_JSON_ADD_OBJECT(fn, "Properties");
	fill_function_properties(b, p, code, tags);
	b->function = fn;
	return validate_package_type(b, p);
}

/* ---- the whole function ---- */

static int expand_body(fn_build *b)
{
	if (validate_rules(b) || validate_dlq(b) || validate_tenancy(b) || construct_function(b))
		return XF_FAIL;
	if (xf_truthy(fb_prop(b, "ProvisionedConcurrencyConfig")) && !xf_truthy(fb_prop(b, "AutoPublishAlias")))
		return xf_fail_resource(b->x, b->id, "To set ProvisionedConcurrencyConfig AutoPublishALias must be "
						     "defined on the function");
	cJSON *fn = b->function;
	b->function = NULL;
	if (xf_emit(b->x, b->id, b->id, fn))
		return XF_FAIL;
	b->function = xf_resource(b->x, b->id);
	b->function_emitted = true;
	if (fb_version_and_alias(b) || fb_url(b) || fb_deployment_preference(b) || fb_event_invoke_config(b) ||
	    fb_role(b))
		return XF_FAIL;
	if (fb_events(b)) {
		xf_wrap_event_error(b->x, b->id);
		return XF_FAIL;
	}
	return fb_propagate_tags(b);
}

static void build_free(fn_build *b)
{
	cJSON_Delete(b->own_props);
	cJSON_Delete(b->main_attrs);
	cJSON_Delete(b->child_attrs);
	if (!b->function_emitted)
		cJSON_Delete(b->function);
	cJSON_Delete(b->invoke_policies);
	free(b->alias_name);
	free(b->alias_id);
	fb_events_free(b);
}

int xf_expand_function(xf *x, const char *id, const cJSON *sam)
{
	fn_build b = {0};
	b.x = x;
	b.id = id;
	b.sam = sam;
	/* Policies is the only property the expansion rewrites (policy templates): without it the
	 * Properties are read where they are */
	const cJSON *props = xf_get(sam, "Properties");
	if (!props)
		b.own_props = cJSON_CreateObject();
	else if (xf_get(props, "Policies"))
		b.own_props = cJSON_Duplicate(props, 1);
	if ((!props || xf_get(props, "Policies")) && !b.own_props)
		return XF_NOMEM;
	b.props = b.own_props ? b.own_props : props;
	b.invoke_policies = cJSON_CreateArray();
	collect_attributes(&b);
	int rc = XF_FAIL;
	if (cJSON_IsObject(b.props) && (!b.own_props || xf_expand_policy_templates(x, id, b.own_props) == XF_OK)) {
		b.prop_bits = prop_bits_of(b.props); /* the names are final from here on */
		if (xf_validate_props(x, id, "AWS::Serverless::Function", b.props, FUNCTION_PROPS) == XF_OK &&
		    fb_link_events(&b) == XF_OK)
			rc = expand_body(&b);
	} else if (!cJSON_IsObject(b.props)) {
		xf_fail_resource(x, id, "Properties of a resource must be an object.");
	}
	build_free(&b);
	return rc;
}
