/* openapi_authorizer.c — ApiGatewayV2Authorizer (model/apigatewayv2.py) for HTTP APIs: building
 * the authorizers of an Auth section with their validations, and their OpenAPI security schemes. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/api/openapi.h"
#include "transform/api/swagger_internal.h"
#include "util/buf.h"

/* dict.get(key) as Python sees it: NULL for a missing key or a null value. */
static const cJSON *get_value(const cJSON *obj, const char *key)
{
	const cJSON *v = xf_get(obj, key);
	return cJSON_IsNull(v) ? NULL : v;
}

openapi_auth_type openapi_authorizer_type(const openapi_authorizer *a)
{
	if (a->is_aws_iam_authorizer)
		return OPENAPI_AUTH_AWS_IAM;
	return xf_truthy(a->jwt_configuration) ? OPENAPI_AUTH_JWT : OPENAPI_AUTH_REQUEST;
}

/* ---- ApiGatewayV2Authorizer.__init__ ---- */

/* _get_jwt_configuration: the keys lower-cased, None when falsy. */
static int jwt_configuration(xf *x, const char *api_id, const cJSON *props, cJSON **out)
{
	*out = NULL;
	if (!xf_truthy(props))
		return XF_OK;
	if (xf_expect_map(x, api_id, props, "JwtConfiguration"))
		return XF_FAIL;
	*out = cJSON_CreateObject();
	size_t n = 0;
	cJSON **members = sw_members(props, &n);
	for (size_t i = 0; *out && i < n; i++) {
		char *key = sw_lower(members[i]->string);
		if (key)
			sw_set(*out, key, false, swagger_deepcopy(members[i]));
		free(key);
	}
	free(members);
	return *out ? XF_OK : XF_NOMEM;
}

typedef struct property_display {
	size_t offset;    /* of the value in openapi_authorizer */
	const char *name; /* display name */
	const char *kind; /* error hint */
	unsigned allowed; /* bit per openapi_auth_type */
} property_display;

#define FIELD(f) offsetof(openapi_authorizer, f)
#define JWT_ONLY (1u << OPENAPI_AUTH_JWT)
#define REQUEST_ONLY (1u << OPENAPI_AUTH_REQUEST)
#define OAUTH2 "OAuth2 Authorizer"
#define LAMBDA "Lambda Authorizer"

/* PROPERTY_DISPLAY, in its order, with ALLOWED_PROPERTIES folded in. */
static const property_display DISPLAY[] = {
	{FIELD(authorization_scopes), "AuthorizationScopes", OAUTH2, JWT_ONLY},
	{FIELD(jwt_configuration), "JwtConfiguration", OAUTH2, JWT_ONLY},
	{FIELD(id_source), "IdentitySource", OAUTH2 ". For Lambda Authorizer, use the 'Identity' property instead",
	 JWT_ONLY},
	{FIELD(function_arn), "FunctionArn", LAMBDA, REQUEST_ONLY},
	{FIELD(function_invoke_role), "FunctionInvokeRole", LAMBDA, REQUEST_ONLY},
	{FIELD(identity), "Identity", LAMBDA, REQUEST_ONLY},
	{FIELD(authorizer_payload_format_version), "AuthorizerPayloadFormatVersion", LAMBDA, REQUEST_ONLY},
	{FIELD(enable_simple_responses), "EnableSimpleResponses", LAMBDA, REQUEST_ONLY},
	{FIELD(enable_function_default_permissions), "EnableFunctionDefaultPermissions", LAMBDA, REQUEST_ONLY},
};

static const cJSON *field(const openapi_authorizer *a, size_t offset)
{
	return *(const cJSON *const *)(const void *)((const char *)a + offset);
}

/* _validate_input_parameters */
static int validate_input_parameters(xf *x, const openapi_authorizer *a)
{
	if (a->authorization_scopes && !cJSON_IsArray(a->authorization_scopes))
		return xf_fail_resource(x, a->api_logical_id, "AuthorizationScopes must be a list.");
	unsigned type_bit = 1u << openapi_authorizer_type(a);
	for (size_t i = 0; i < sizeof(DISPLAY) / sizeof(DISPLAY[0]); i++)
		if (field(a, DISPLAY[i].offset) && !(DISPLAY[i].allowed & type_bit))
			return xf_fail_resource(x, a->api_logical_id, "%s is only supported for %s.", DISPLAY[i].name,
						DISPLAY[i].kind);
	return XF_OK;
}

/* _validate_jwt_authorizer / _validate_lambda_authorizer and the default-permissions flag. */
static int validate_authorizer(xf *x, const openapi_authorizer *a)
{
	int rc = validate_input_parameters(x, a);
	if (rc != XF_OK)
		return rc;
	openapi_auth_type type = openapi_authorizer_type(a);
	const char *name = a->name ? a->name : "None";
	if (type == OPENAPI_AUTH_JWT && !xf_truthy(a->id_source))
		return xf_fail_resource(x, a->api_logical_id, "%s OAuth2 Authorizer must define 'IdentitySource'.",
					name);
	if (type == OPENAPI_AUTH_REQUEST && !xf_truthy(a->function_arn))
		return xf_fail_resource(x, a->api_logical_id, "%s Lambda Authorizer must define 'FunctionArn'.", name);
	if (type == OPENAPI_AUTH_REQUEST && !xf_truthy(a->authorizer_payload_format_version))
		return xf_fail_resource(x, a->api_logical_id,
					"%s Lambda Authorizer must define 'AuthorizerPayloadFormatVersion'.", name);
	if (a->enable_function_default_permissions && !cJSON_IsBool(a->enable_function_default_permissions))
		return xf_fail_resource(
			x, a->api_logical_id,
			"Property 'Authorizers.%s.EnableFunctionDefaultPermissions' should be a boolean.", name);
	return XF_OK;
}

/* ---- the ordered dict ---- */

static int put_authorizer(openapi_authorizers *all, const openapi_authorizer *a)
{
	for (size_t i = 0; i < all->n; i++) {
		const char *name = all->items[i].name ? all->items[i].name : "AWS_IAM";
		if (strcmp(name, a->name ? a->name : "AWS_IAM") == 0) {
			cJSON_Delete(all->items[i].jwt_configuration);
			all->items[i] = *a;
			return XF_OK;
		}
	}
	openapi_authorizer *grown = realloc(all->items, (all->n + 1) * sizeof(*grown));
	if (!grown)
		return XF_NOMEM;
	all->items = grown;
	all->items[all->n++] = *a;
	return XF_OK;
}

/* One entry of Auth.Authorizers. */
static int build_authorizer(xf *x, const char *api_id, const cJSON *member, openapi_authorizers *out)
{
	char *path = samc_strfmt("Auth.Authorizers.%s", member->string);
	int rc = path ? xf_expect_map(x, api_id, member, path) : XF_NOMEM;
	free(path);
	if (rc != XF_OK)
		return rc;
	if (xf_get(member, "OpenIdConnectUrl"))
		return xf_fail_resource(
			x, api_id,
			"'OpenIdConnectUrl' is no longer a supported property for authorizer '%s'. Please "
			"refer to the AWS SAM documentation.",
			member->string);
	openapi_authorizer a = {
		.api_logical_id = api_id,
		.name = member->string,
		.authorization_scopes = get_value(member, "AuthorizationScopes"),
		.id_source = get_value(member, "IdentitySource"),
		.function_arn = get_value(member, "FunctionArn"),
		.function_invoke_role = get_value(member, "FunctionInvokeRole"),
		.identity = get_value(member, "Identity"),
		.authorizer_payload_format_version = get_value(member, "AuthorizerPayloadFormatVersion"),
		.enable_simple_responses = get_value(member, "EnableSimpleResponses"),
		.enable_function_default_permissions = get_value(member, "EnableFunctionDefaultPermissions"),
	};
	rc = jwt_configuration(x, api_id, get_value(member, "JwtConfiguration"), &a.jwt_configuration);
	if (rc == XF_OK)
		rc = validate_authorizer(x, &a);
	if (rc == XF_OK)
		rc = put_authorizer(out, &a);
	if (rc != XF_OK)
		cJSON_Delete(a.jwt_configuration);
	return rc;
}

int openapi_get_authorizers(xf *x, const char *api_logical_id, const cJSON *authorizers_config,
			    bool enable_iam_authorizer, openapi_authorizers *out)
{
	memset(out, 0, sizeof(*out));
	if (enable_iam_authorizer) {
		openapi_authorizer iam = {.api_logical_id = api_logical_id, .is_aws_iam_authorizer = true};
		if (put_authorizer(out, &iam))
			return XF_NOMEM;
	}
	if (!xf_truthy(authorizers_config))
		return XF_OK;
	if (xf_expect_map(x, api_logical_id, authorizers_config, "Auth.Authorizers"))
		return XF_FAIL;
	size_t n = 0;
	cJSON **members = sw_members(authorizers_config, &n);
	int rc = XF_OK;
	for (size_t i = 0; i < n && rc == XF_OK; i++)
		rc = build_authorizer(x, api_logical_id, members[i], out);
	free(members);
	return rc;
}

void openapi_authorizers_free(openapi_authorizers *a)
{
	for (size_t i = 0; i < a->n; i++)
		cJSON_Delete(a->items[i].jwt_configuration);
	free(a->items);
	a->items = NULL;
	a->n = 0;
}

const openapi_authorizer *openapi_authorizers_get(const openapi_authorizers *a, const char *name)
{
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->items[i].name ? a->items[i].name : "AWS_IAM", name) == 0)
			return &a->items[i];
	return NULL;
}

/* ---- generate_openapi ---- */

static cJSON *api_key_scheme(const char *name)
{
	cJSON *scheme = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(scheme, "type", "apiKey");
	SAMC_JSON_ADD_STRING(scheme, "name", name);
	SAMC_JSON_ADD_STRING(scheme, "in", "header");
	return scheme;
}

static cJSON *jwt_scheme(const openapi_authorizer *a)
{
	cJSON *scheme = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(scheme, "type", "oauth2");
	cJSON *authorizer = cJSON_AddObjectToObject(scheme, OPENAPI_X_AUTHORIZER);
	SAMC_JSON_ADD(authorizer, "jwtConfiguration", swagger_deepcopy(a->jwt_configuration));
	SAMC_JSON_ADD(authorizer, "identitySource", swagger_deepcopy(a->id_source));
	SAMC_JSON_ADD_STRING(authorizer, "type", "jwt");
	return scheme;
}

/* _get_identity_source: "$request.header." + each Headers item, then QueryStrings,
 * StageVariables, Context; each list must hold strings. */
static int identity_source(xf *x, const openapi_authorizer *a, cJSON *out)
{
	static const char *const sources[][2] = {{"$request.header.", "Headers"},
						 {"$request.querystring.", "QueryStrings"},
						 {"$stageVariables.", "StageVariables"},
						 {"$context.", "Context"}};
	for (size_t i = 0; i < sizeof(sources) / sizeof(sources[0]); i++) {
		const cJSON *values = xf_get(a->identity, sources[i][1]);
		if (!xf_truthy(values))
			continue;
		if (!cJSON_IsArray(values))
			return xf_fail_resource(x, a->api_logical_id,
						"Property 'Authorizers.%s.Identity.%s' should be a list.", a->name,
						sources[i][1]);
		int index = 0;
		for (const cJSON *v = values->child; v; v = v->next, index++) {
			if (!cJSON_IsString(v))
				return xf_fail_resource(x, a->api_logical_id,
							"Property 'Authorizers.%s.Identity.%s[%d]' should be a string.",
							a->name, sources[i][1], index);
			char *text = samc_strfmt("%s%s", sources[i][0], v->valuestring);
			sw_append(out, text ? cJSON_CreateString(text) : NULL);
			free(text);
		}
	}
	return XF_OK;
}

/* The identity part of a Lambda authorizer: authorizerResultTtlInSeconds and identitySource. */
static int add_identity(xf *x, const openapi_authorizer *a, cJSON *authorizer)
{
	char *path = samc_strfmt("Auth.Authorizers.%s.Identity", a->name);
	int rc = path ? xf_expect_map(x, a->api_logical_id, a->identity, path) : XF_NOMEM;
	free(path);
	if (rc != XF_OK)
		return rc;
	const cJSON *ttl = get_value(a->identity, "ReauthorizeEvery");
	if (ttl)
		SAMC_JSON_ADD(authorizer, "authorizerResultTtlInSeconds", swagger_deepcopy(ttl));
	cJSON *sources = cJSON_CreateArray();
	rc = sources ? identity_source(x, a, sources) : XF_NOMEM;
	if (rc == XF_OK)
		SAMC_JSON_ADD(authorizer, "identitySource", sources);
	else
		cJSON_Delete(sources);
	return rc;
}

static cJSON *authorizer_uri(xf *x, const cJSON *function_arn)
{
	char *arn = samc_strfmt("arn:%s:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
				"${__FunctionArn__}/invocations",
				x->partition);
	cJSON *sub = cJSON_CreateObject();
	cJSON *args = SAMC_JSON_ADD_ARRAY(sub, "Fn::Sub");
	cJSON *vars = cJSON_CreateObject();
	sw_append(args, arn ? cJSON_CreateString(arn) : NULL);
	SAMC_JSON_ADD(vars, "__FunctionArn__", swagger_deepcopy(function_arn));
	sw_append(args, vars);
	free(arn);
	return sub;
}

static int lambda_scheme(xf *x, const openapi_authorizer *a, cJSON **out)
{
	cJSON *scheme = api_key_scheme("Unused");
	cJSON *authorizer = cJSON_AddObjectToObject(scheme, OPENAPI_X_AUTHORIZER);
	SAMC_JSON_ADD_STRING(authorizer, "type", "request");
	SAMC_JSON_ADD(authorizer, "authorizerUri", authorizer_uri(x, a->function_arn));
	const cJSON *role = a->function_invoke_role;
	if (xf_truthy(role) && !sw_str_eq(role, "NONE"))
		SAMC_JSON_ADD(authorizer, "authorizerCredentials", swagger_deepcopy(role));
	int rc = xf_truthy(a->identity) ? add_identity(x, a, authorizer) : XF_OK;
	if (rc == XF_OK) {
		SAMC_JSON_ADD(authorizer, "authorizerPayloadFormatVersion",
				      swagger_deepcopy(a->authorizer_payload_format_version));
		if (xf_truthy(a->enable_simple_responses))
			SAMC_JSON_ADD(authorizer, "enableSimpleResponses",
					      swagger_deepcopy(a->enable_simple_responses));
		*out = scheme;
		return XF_OK;
	}
	cJSON_Delete(scheme);
	return rc;
}

int openapi_authorizer_generate_openapi(xf *x, const openapi_authorizer *a, cJSON **out)
{
	*out = NULL;
	switch (openapi_authorizer_type(a)) {
	case OPENAPI_AUTH_AWS_IAM:
		*out = api_key_scheme("Authorization");
		SAMC_JSON_ADD_STRING(*out, "x-amazon-apigateway-authtype", "awsSigv4");
		break;
	case OPENAPI_AUTH_JWT:
		*out = jwt_scheme(a);
		break;
	case OPENAPI_AUTH_REQUEST:
		return lambda_scheme(x, a, out);
	}
	return *out ? XF_OK : XF_NOMEM;
}
