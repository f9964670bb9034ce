/* globals.c — owns the Globals section (plugins/globals/globals.py, globals_plugin.py): its
 * validation, the merge into SAM resources with IgnoreGlobals, and the OpenApiVersion fix. */
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "json/members.h"
#include "transform/intrinsics.h"
#include "transform/py27.h"
#include "transform/xf.h"
#include "util/buf.h"

#define SERVERLESS_PREFIX "AWS::Serverless::"

/* Globals.supported_properties, in the reference's declaration order (it shows in messages). */
static const char *const function_props[] = {
	"Handler", "Runtime", "CodeUri", "DeadLetterQueue", "Description", "MemorySize", "Timeout",
	"VpcConfig", "Environment", "Tags", "PropagateTags", "Tracing", "KmsKeyArn", "AutoPublishAlias",
	"AutoPublishAliasAllProperties", "Layers", "DeploymentPreference", "RolePath",
	"PermissionsBoundary", "ReservedConcurrentExecutions", "ProvisionedConcurrencyConfig",
	"AssumeRolePolicyDocument", "EventInvokeConfig", "FileSystemConfigs", "CodeSigningConfigArn",
	"Architectures", "SnapStart", "EphemeralStorage", "FunctionUrlConfig", "RuntimeManagementConfig",
	"LoggingConfig", "RecursiveLoop", "SourceKMSKeyArn", "TenancyConfig", "DurableConfig",
	"CapacityProviderConfig", "FunctionScalingConfig", "PublishToLatestPublished",
	"VersionDeletionPolicy", NULL};
static const char *const api_props[] = {
	"Auth", "Name", "DefinitionUri", "CacheClusterEnabled", "CacheClusterSize", "MergeDefinitions",
	"Variables", "EndpointConfiguration", "MethodSettings", "BinaryMediaTypes",
	"MinimumCompressionSize", "Cors", "GatewayResponses", "AccessLogSetting", "CanarySetting",
	"TracingEnabled", "OpenApiVersion", "Domain", "AlwaysDeploy", "PropagateTags", "SecurityPolicy",
	"EndpointAccessMode", NULL};
static const char *const http_api_props[] = {
	"Auth", "AccessLogSettings", "StageVariables", "Tags", "CorsConfiguration",
	"DefaultRouteSettings", "Domain", "RouteSettings", "FailOnWarnings", "PropagateTags", NULL};
static const char *const simple_table_props[] = {"SSESpecification", NULL};
static const char *const state_machine_props[] = {"PropagateTags", NULL};
static const char *const layer_props[] = {"PublishLambdaVersion", NULL};
static const char *const capacity_provider_props[] = {
	"VpcConfig", "OperatorRole", "Tags", "InstanceRequirements", "ScalingConfig", "KmsKeyArn",
	"PropagateTags", NULL};
static const char *const websocket_api_props[] = {
	"AccessLogSettings", "ApiKeySelectionExpression", "DefaultRouteSettings",
	"DisableExecuteApiEndpoint", "DisableSchemaValidation", "Domain", "FailOnWarnings",
	"IpAddressType", "PropagateTags", "RouteSelectionExpression", "RouteSettings", "StageVariables",
	"Tags", NULL};

typedef struct globals_section {
	const char *name; /* the section name: the SAM type without "AWS::Serverless::" */
	const char *const *props;
} globals_section;

/* Sorted by name: the order of the "is not supported" message. */
static const globals_section sections[] = {
	{"Api", api_props},
	{"CapacityProvider", capacity_provider_props},
	{"Function", function_props},
	{"HttpApi", http_api_props},
	{"LayerVersion", layer_props},
	{"SimpleTable", simple_table_props},
	{"StateMachine", state_machine_props},
	{"WebSocketApi", websocket_api_props},
};
#define NSECTIONS (sizeof(sections) / sizeof(sections[0]))

/* sdk/resource.py SamResourceType: the resources whose Properties the plugin writes back. */
static const char *const sam_resource_types[] = {
	"AWS::Serverless::Api",          "AWS::Serverless::Function",
	"AWS::Serverless::SimpleTable",  "AWS::Serverless::Application",
	"AWS::Serverless::LayerVersion", "AWS::Serverless::HttpApi",
	"AWS::Serverless::WebSocketApi", "AWS::Serverless::StateMachine",
	"AWS::Serverless::CapacityProvider"};

static const globals_section *find_section(const char *name)
{
	for (size_t i = 0; i < NSECTIONS; i++)
		if (strcmp(sections[i].name, name) == 0)
			return &sections[i];
	return NULL;
}

static bool names_contain(const char *const *names, const char *name)
{
	for (; *names; names++)
		if (strcmp(*names, name) == 0)
			return true;
	return false;
}

/* Python repr of a list of plain names: ['A', 'B']. */
static void put_name_list(samc_buf *b, const char *const *names, size_t n)
{
	samc_buf_putc(b, '[');
	for (size_t i = 0; i < n && names[i]; i++)
		samc_buf_printf(b, "%s'%s'", i ? ", " : "", names[i]);
	samc_buf_putc(b, ']');
}

/* ---- validation: Globals._parse ---- */

static int fail_unsupported_section(xf *x, const char *name)
{
	const char *names[NSECTIONS + 1];
	for (size_t i = 0; i < NSECTIONS; i++)
		names[i] = sections[i].name;
	names[NSECTIONS] = NULL;
	samc_buf list = SAMC_BUF_INIT;
	put_name_list(&list, names, NSECTIONS);
	const char *text = samc_buf_cstr(&list);
	int rc = text ? xf_fail_globals(x, "'%s' is not supported. Must be one of the following values - %s",
					 name, text)
		      : XF_NOMEM;
	samc_buf_free(&list);
	return rc;
}

static int fail_unsupported_property(xf *x, const globals_section *s, const char *key)
{
	samc_buf list = SAMC_BUF_INIT;
	put_name_list(&list, s->props, (size_t)-1);
	const char *text = samc_buf_cstr(&list);
	int rc = text ? xf_fail_globals(x,
					 "'%s' is not a supported property of '%s'. Must be one of the "
					 "following values - %s",
					 key, s->name, text)
		      : XF_NOMEM;
	samc_buf_free(&list);
	return rc;
}

static int validate_section(xf *x, const cJSON *entry)
{
	const globals_section *s = find_section(entry->string);
	if (!s)
		return fail_unsupported_section(x, entry->string);
	if (!cJSON_IsObject(entry))
		return xf_fail_globals(x, "Value of ${section} must be a dictionary");
	for (const cJSON *p = entry->child; p; p = p->next)
		if (!names_contain(s->props, p->string))
			return fail_unsupported_property(x, s, p->string);
	return XF_OK;
}

static int validate_globals(xf *x, const cJSON *globals)
{
	if (!cJSON_IsObject(globals))
		return xf_fail_globals(x, "It must be a non-empty dictionary");
	for (const cJSON *entry = globals->child; entry; entry = entry->next) {
		int rc = validate_section(x, entry);
		if (rc != XF_OK)
			return rc;
	}
	return XF_OK;
}

/* ---- GlobalProperties._do_merge ---- */

typedef enum merge_token { TOKEN_PRIMITIVE, TOKEN_DICT, TOKEN_LIST } merge_token;

static merge_token token_of(const cJSON *v)
{
	if (cJSON_IsObject(v))
		return xf_is_cfn_intrinsic(v) ? TOKEN_PRIMITIVE : TOKEN_DICT;
	if (cJSON_IsArray(v))
		return TOKEN_LIST;
	return TOKEN_PRIMITIVE;
}

/* The merge edits its own copy of the global values and moves the resource's values into it
 * (the resource's Properties are replaced by the result), so nothing is copied twice. */

static void merge_dict_into(cJSON *global, cJSON *local);

/* The member with that key among the first n of obj: the global ones, not those appended from
 * local on the way (GlobalProperties looks keys up in the global map as it was). */
static cJSON *global_member(cJSON *obj, size_t n, const char *key)
{
	cJSON *m = obj->child;
	for (size_t i = 0; m && i < n; i++, m = m->next)
		if (m->string && strcmp(m->string, key) == 0)
			return m;
	return NULL;
}

/* Moves local's items after global's. */
static void append_items(cJSON *global, cJSON *local)
{
	for (cJSON *l = local->child; l; l = local->child)
		cJSON_AddItemToArray(global, cJSON_DetachItemViaPointer(local, l));
}

/* Global value g of obj meets local value l (detached, owned): maps merge and lists concatenate
 * into g; otherwise (different kinds, primitives, intrinsics) l takes g's place. */
static void merge_member(cJSON *obj, cJSON *g, cJSON *l)
{
	merge_token tg = token_of(g), tl = token_of(l);
	if (tg != tl || tg == TOKEN_PRIMITIVE) {
		cJSON_ReplaceItemViaPointer(obj, g, l); /* l keeps its key: the same text as g's */
		return;
	}
	if (tg == TOKEN_DICT)
		merge_dict_into(g, l);
	else
		append_items(g, l);
	cJSON_Delete(l);
}

/* Shared keys merged in place, local-only keys appended (moved, keys and all); local is left
 * empty. */
static void merge_dict_into(cJSON *global, cJSON *local)
{
	size_t n = 0;
	for (const cJSON *m = global->child; m; m = m->next)
		n++;
	for (cJSON *l = local->child; l; l = local->child) {
		cJSON_DetachItemViaPointer(local, l);
		cJSON *g = l->string ? global_member(global, n, l->string) : NULL;
		if (g)
			merge_member(global, g, l);
		else
			cJSON_AddItemToArray(global, l);
	}
}

/* ---- IgnoreGlobals: Globals.get_template_globals ---- */

static int fail_ignore_item(xf *x, const char *id, const cJSON *item)
{
	char *text = cJSON_IsString(item) ? samc_strdup(item->valuestring) : xf_pystr(item);
	if (!text)
		return XF_NOMEM;
	int rc = xf_fail_resource(x, id, "Resource %s has invalid resource attribute 'IgnoreGlobals' on item '%s'.",
				  id, text);
	free(text);
	return rc;
}

/* The global properties minus the ones named in the IgnoreGlobals list. */
static int globals_without(xf *x, const char *id, const cJSON *section, const cJSON *ignore, cJSON **out)
{
	cJSON *copy = cJSON_Duplicate(section, 1);
	if (!copy)
		return XF_NOMEM;
	for (const cJSON *item = ignore->child; item; item = item->next) {
		bool present = cJSON_IsString(item) && cJSON_GetObjectItemCaseSensitive(copy, item->valuestring);
		if (!present) {
			cJSON_Delete(copy);
			return fail_ignore_item(x, id, item);
		}
		cJSON_DeleteItemFromObjectCaseSensitive(copy, item->valuestring);
	}
	*out = copy;
	return XF_OK;
}

static int effective_globals(xf *x, const char *id, const cJSON *section, const cJSON *ignore, cJSON **out)
{
	*out = NULL;
	if (!xf_truthy(ignore)) {
		*out = cJSON_Duplicate(section, 1);
		return *out ? XF_OK : XF_NOMEM;
	}
	if (cJSON_IsString(ignore) && strcmp(ignore->valuestring, "*") == 0) {
		*out = cJSON_CreateObject();
		return *out ? XF_OK : XF_NOMEM;
	}
	if (cJSON_IsArray(ignore))
		return globals_without(x, id, section, ignore, out);
	return xf_fail_resource(x, id, "Resource %s has invalid resource attribute 'IgnoreGlobals'.", id);
}

/* ---- writing merged Properties back ---- */

static bool is_sam_resource(const cJSON *resource)
{
	const char *type = xf_get_str(resource, "Type");
	if (!type)
		return false;
	for (size_t i = 0; i < sizeof(sam_resource_types) / sizeof(sam_resource_types[0]); i++)
		if (strcmp(type, sam_resource_types[i]) == 0)
			return true;
	return false;
}

/* The Globals section for the resource's type, or NULL. */
static const cJSON *section_for(const cJSON *globals, const cJSON *resource)
{
	const char *type = xf_get_str(resource, "Type");
	if (!globals || strncmp(type, SERVERLESS_PREFIX, strlen(SERVERLESS_PREFIX)) != 0)
		return NULL;
	const char *name = type + strlen(SERVERLESS_PREFIX);
	return find_section(name) ? xf_get(globals, name) : NULL;
}

/* The resource's Properties with the global values of its type merged in (GlobalProperties.
 * merge): a copy of the globals that takes the resource's own values over. */
static int merge_into_resource(xf *x, const cJSON *globals, cJSON *resource)
{
	const cJSON *section = section_for(globals, resource);
	cJSON *local = cJSON_GetObjectItemCaseSensitive(resource, "Properties");
	if (!section && local) /* the properties stay as they are */
		return XF_OK;
	cJSON *global = NULL;
	int rc = section ? effective_globals(x, resource->string, section, xf_get(resource, "IgnoreGlobals"), &global)
			 : ((global = cJSON_CreateObject()) ? XF_OK : XF_NOMEM); /* missing ones become {} */
	if (rc != XF_OK)
		return rc;
	if (local && (token_of(local) != TOKEN_DICT || token_of(global) != TOKEN_DICT)) {
		cJSON_Delete(global); /* different kinds: the resource's value wins as it is */
		return XF_OK;
	}
	if (local)
		merge_dict_into(global, local);
	xf_set(resource, "Properties", global);
	if (xf_get(resource, "Properties") == global)
		return XF_OK;
	cJSON_Delete(global);
	return XF_NOMEM;
}

static int merge_all(xf *x, const cJSON *globals)
{
	cJSON *resources = cJSON_GetObjectItemCaseSensitive(x->tpl, "Resources");
	if (!cJSON_IsObject(resources))
		return XF_OK;
	for (cJSON *r = resources->child; r; r = r->next) {
		if (!is_sam_resource(r))
			continue;
		int rc = merge_into_resource(x, globals, r);
		if (rc != XF_OK)
			return rc;
	}
	return XF_OK;
}

/* ---- Globals.fix_openapi_definitions ---- */

static bool is_ascii_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* re.match(r"\A3(\.\d)(\.\d)?$", text); '$' also matches before a final newline. */
static bool is_openapi3_version(const char *s)
{
	if (s[0] != '3' || s[1] != '.' || !is_ascii_digit(s[2]))
		return false;
	s += 3;
	if (s[0] == '.' && is_ascii_digit(s[1]))
		s += 2;
	return s[0] == '\0' || (s[0] == '\n' && s[1] == '\0');
}

/* str(value) for the values whose str() can match: strings and numbers. */
static const char *version_text(const cJSON *v, char buf[32])
{
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsNumber(v))
		return samc_number_text(v, buf);
	return NULL;
}

static int fix_openapi_version(cJSON *props)
{
	const cJSON *version = xf_get(props, "OpenApiVersion");
	if (!version || !xf_get(props, "__MANAGE_SWAGGER"))
		return XF_OK;
	char buf[32];
	const char *text = version_text(version, buf);
	if (!text || !is_openapi3_version(text))
		return XF_OK;
	/* a string keeps its node (and its Py27UniStr mark); others become str(value) */
	if (!cJSON_IsString(version))
		xf_set(props, "OpenApiVersion", cJSON_CreateString(text));
	cJSON *body = cJSON_GetObjectItemCaseSensitive(props, "DefinitionBody");
	if (!cJSON_IsObject(body))
		return XF_OK;
	cJSON *value = cJSON_Duplicate(xf_get(props, "OpenApiVersion"), 1);
	if (!value || !py27_set(body, "openapi", value))
		return XF_NOMEM;
	if (xf_truthy(xf_get(body, "swagger")))
		py27_del(body, "swagger");
	return XF_OK;
}

static int fix_openapi_definitions(xf *x)
{
	cJSON *resources = cJSON_GetObjectItemCaseSensitive(x->tpl, "Resources");
	if (!cJSON_IsObject(resources))
		return XF_OK;
	for (cJSON *r = resources->child; r; r = r->next) {
		const char *type = xf_get_str(r, "Type");
		cJSON *props = cJSON_GetObjectItemCaseSensitive(r, "Properties");
		if (!type || strcmp(type, "AWS::Serverless::Api") != 0 || !cJSON_IsObject(props))
			continue;
		if (fix_openapi_version(props) != XF_OK)
			return XF_NOMEM;
	}
	return XF_OK;
}

/* GlobalsPlugin.on_before_transform_template. Any error it raises is, in the reference, an
 * InvalidDocumentException with that one cause. */
int xf_globals_apply(xf *x)
{
	const cJSON *globals = cJSON_GetObjectItemCaseSensitive(x->tpl, "Globals");
	if (globals) {
		int rc = validate_globals(x, globals);
		if (rc != XF_OK)
			return rc;
	}
	int rc = merge_all(x, globals);
	if (rc != XF_OK)
		return rc;
	cJSON_DeleteItemFromObjectCaseSensitive(x->tpl, "Globals");
	return fix_openapi_definitions(x);
}
