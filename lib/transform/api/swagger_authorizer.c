/* swagger_authorizer.c — model/apigateway.py ApiGatewayAuthorizer (validation and its
 * securityDefinitions entry) and ApiGenerator._get_authorizers, which builds the ordered map. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/api/swagger_internal.h"
#include "util/buf.h"

static bool py_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* int(s) for a str: whitespace, sign, digits with single underscores between them. Sets
 * *positive when the value is > 0. */
static bool py_int_str(const char *p, bool *positive)
{
	while (py_space(*p))
		p++;
	bool negative = *p == '-';
	if (*p == '+' || *p == '-')
		p++;
	bool digits = false, nonzero = false;
	for (; (*p >= '0' && *p <= '9') || (*p == '_' && digits && p[1] >= '0' && p[1] <= '9'); p++) {
		digits = digits || *p != '_';
		nonzero = nonzero || (*p >= '1' && *p <= '9');
	}
	while (py_space(*p))
		p++;
	*positive = !negative && nonzero;
	return digits && !*p;
}

/* Python int(ttl) succeeded (no TypeError/ValueError); *positive when int(ttl) > 0. */
static bool py_int_positive(const cJSON *v, bool *positive)
{
	if (cJSON_IsBool(v)) {
		*positive = cJSON_IsTrue(v);
		return true;
	}
	if (cJSON_IsNumber(v)) {
		if (v->valuedouble != v->valuedouble)
			return false;
		*positive = v->valuedouble >= 1;
		return true;
	}
	return cJSON_IsString(v) && py_int_str(v->valuestring, positive);
}

/* _is_missing_identity_source. */
static int missing_identity_source(xf *x, const swagger_authorizer *a, bool *missing)
{
	*missing = true;
	if (!xf_truthy(a->identity))
		return XF_OK;
	char *path = samc_strfmt("Authorizer.%s.Identity", a->name);
	int rc = xf_expect_map(x, a->api_logical_id, a->identity, path ? path : "");
	free(path);
	if (rc != XF_OK)
		return rc;
	static const char *sources[] = {"Headers", "QueryStrings", "StageVariables", "Context"};
	bool required_missing = true;
	for (size_t i = 0; i < 4; i++)
		if (xf_truthy(xf_get(a->identity, sources[i])))
			required_missing = false;
	const cJSON *ttl = xf_get(a->identity, "ReauthorizeEvery");
	bool positive = false;
	if (sw_is_none(ttl) || !py_int_positive(ttl, &positive))
		*missing = required_missing;
	else
		*missing = positive && required_missing;
	return XF_OK;
}

static bool valid_payload_type(const cJSON *t)
{
	return sw_is_none(t) || sw_str_eq(t, "TOKEN") || sw_str_eq(t, "REQUEST");
}

int swagger_authorizer_validate(xf *x, const swagger_authorizer *a)
{
	const char *id = a->api_logical_id;
	if (!valid_payload_type(a->function_payload_type)) {
		char *t = sw_pystr(a->function_payload_type);
		xf_fail_resource(x, id, "%s Authorizer has invalid 'FunctionPayloadType': %s.", a->name, t ? t : "");
		free(t);
		return XF_FAIL;
	}
	bool missing = false;
	int rc = XF_OK;
	if (sw_str_eq(a->function_payload_type, "REQUEST")) {
		rc = missing_identity_source(x, a, &missing);
		if (rc == XF_OK && missing)
			rc = xf_fail_resource(x, id,
					      "%s Authorizer must specify Identity with at least one of Headers, "
					      "QueryStrings, StageVariables, or Context.",
					      a->name);
	}
	char *path = samc_strfmt("Authorizers.%s.AuthorizationScopes", a->name);
	if (rc == XF_OK && !sw_is_none(a->authorization_scopes))
		rc = xf_expect_list(x, id, a->authorization_scopes, path ? path : "");
	free(path);
	path = samc_strfmt("Authorizers.%s.DisableFunctionDefaultPermissions", a->name);
	if (rc == XF_OK && !sw_is_none(a->disable_function_default_permissions))
		rc = xf_expect_bool(x, id, a->disable_function_default_permissions, path ? path : "");
	free(path);
	return rc;
}

/* ---- generate_swagger ---- */

typedef enum { AUTH_IAM, AUTH_COGNITO, AUTH_LAMBDA } auth_type;

static auth_type type_of(const swagger_authorizer *a)
{
	if (a->is_aws_iam_authorizer)
		return AUTH_IAM;
	return xf_truthy(a->user_pool_arn) ? AUTH_COGNITO : AUTH_LAMBDA;
}

/* _get_function_payload_type(): "TOKEN" unless set. */
static const char *payload_type(const swagger_authorizer *a)
{
	return xf_truthy(a->function_payload_type) && cJSON_IsString(a->function_payload_type)
		       ? a->function_payload_type->valuestring
		       : "TOKEN";
}

static int header_name(xf *x, const swagger_authorizer *a, cJSON **out)
{
	*out = NULL;
	if (type_of(a) == AUTH_LAMBDA && strcmp(payload_type(a), "REQUEST") == 0) {
		*out = cJSON_CreateString("Unused");
		return XF_OK;
	}
	if (xf_truthy(a->identity) && !cJSON_IsObject(a->identity))
		return xf_fail_resource(x, a->api_logical_id,
					"Auth.Authorizers.<Authorizer>.Identity must be a dict "
					"(LambdaTokenAuthorizationIdentity, LambdaRequestAuthorizationIdentity or "
					"CognitoAuthorizationIdentity).");
	const cJSON *header = xf_get(a->identity, "Header");
	*out = xf_truthy(header) ? sw_copy(header) : cJSON_CreateString("Authorization");
	return XF_OK;
}

/* One identity source kind: prefix + each string of identity[key], flagging Py27UniStr. */
static int identity_items(xf *x, const swagger_authorizer *a, const char *key, const char *prefix,
			  samc_buf *joined, bool *unicode)
{
	const cJSON *list = xf_get(a->identity, key);
	if (!xf_truthy(list))
		return XF_OK;
	char *path = samc_strfmt("Auth.Authorizers.%s.Identity.%s", a->name, key);
	int rc = xf_expect_list(x, a->api_logical_id, list, path ? path : "");
	int index = 0;
	for (const cJSON *c = rc == XF_OK ? list->child : NULL; c && rc == XF_OK; c = c->next, index++) {
		char *item_path = samc_strfmt("%s[%d]", path ? path : "", index);
		rc = xf_expect_str(x, a->api_logical_id, c, item_path ? item_path : "");
		free(item_path);
		if (rc != XF_OK)
			break;
		if (joined->len)
			samc_buf_puts(joined, ", ");
		samc_buf_printf(joined, "%s%s", prefix, c->valuestring);
		*unicode = *unicode || sw_is_ustr(c);
	}
	free(path);
	return rc;
}

static int identity_source(xf *x, const swagger_authorizer *a, cJSON **out)
{
	static const char *pairs[][2] = {{"Headers", "method.request.header."},
					 {"QueryStrings", "method.request.querystring."},
					 {"StageVariables", "stageVariables."},
					 {"Context", "context."}};
	samc_buf b = SAMC_BUF_INIT;
	bool unicode = false;
	int rc = XF_OK;
	for (size_t i = 0; i < 4 && rc == XF_OK; i++)
		rc = identity_items(x, a, pairs[i][0], pairs[i][1], &b, &unicode);
	*out = rc == XF_OK ? sw_str(samc_buf_cstr(&b) ? samc_buf_cstr(&b) : "", unicode) : NULL;
	samc_buf_free(&b);
	return rc;
}

static cJSON *lambda_authorizer_uri(xf *x, const swagger_authorizer *a)
{
	char *arn = samc_strfmt("arn:%s:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
				"${__FunctionArn__}/invocations",
				x->partition ? x->partition : "aws");
	cJSON *vars = cJSON_CreateObject();
	SAMC_JSON_ADD(vars, "__FunctionArn__", a->function_arn ? sw_copy(a->function_arn) : cJSON_CreateNull());
	cJSON *args = cJSON_CreateArray();
	cJSON_AddItemToArray(args, cJSON_CreateString(arn ? arn : ""));
	cJSON_AddItemToArray(args, vars);
	cJSON *sub = cJSON_CreateObject();
	SAMC_JSON_ADD(sub, "Fn::Sub", args);
	free(arn);
	return sub;
}

static int lambda_authorizer(xf *x, const swagger_authorizer *a, cJSON *swagger)
{
	bool request = strcmp(payload_type(a), "REQUEST") == 0;
	cJSON *init = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(init, "type", request ? "request" : "token");
	cJSON *auth = py27_dict_new();
	sw_update(auth, init);
	cJSON_Delete(init);
	sw_set(swagger, "x-amazon-apigateway-authorizer", false, auth);
	sw_set(auth, "authorizerUri", false, lambda_authorizer_uri(x, a));
	const cJSON *ttl = xf_truthy(a->identity) ? xf_get(a->identity, "ReauthorizeEvery") : NULL;
	if (!sw_is_none(ttl))
		sw_set(auth, "authorizerResultTtlInSeconds", false, sw_copy(ttl));
	const cJSON *role = a->function_invoke_role;
	if (xf_truthy(role) && !sw_str_eq(role, "NONE"))
		sw_set(auth, "authorizerCredentials", false, sw_copy(role));
	if (!request)
		return XF_OK;
	cJSON *source = NULL;
	int rc = identity_source(x, a, &source);
	if (rc == XF_OK && xf_truthy(source))
		sw_set(auth, "identitySource", false, source);
	else
		cJSON_Delete(source);
	return rc;
}

static cJSON *provider_arns(const swagger_authorizer *a)
{
	if (cJSON_IsArray(a->user_pool_arn))
		return sw_copy(a->user_pool_arn);
	cJSON *l = cJSON_CreateArray();
	sw_append(l, sw_copy(a->user_pool_arn));
	return l;
}

int swagger_authorizer_generate_swagger(xf *x, const swagger_authorizer *a, cJSON **out)
{
	static const char *authtypes[] = {"awsSigv4", "cognito_user_pools", "custom"};
	*out = NULL;
	auth_type t = type_of(a);
	cJSON *name = NULL;
	int rc = header_name(x, a, &name);
	if (rc != XF_OK)
		return rc;
	cJSON *swagger = sw_py27_dict("type", cJSON_CreateString("apiKey"), "name", name, "in",
				      cJSON_CreateString("header"), "x-amazon-apigateway-authtype",
				      cJSON_CreateString(authtypes[t]), NULL);
	if (t == AUTH_COGNITO)
		sw_set(swagger, "x-amazon-apigateway-authorizer", false,
		       sw_py27_dict("type", cJSON_CreateString("cognito_user_pools"), "providerARNs",
				    provider_arns(a), NULL));
	else if (t == AUTH_LAMBDA)
		rc = lambda_authorizer(x, a, swagger);
	bool token = t == AUTH_LAMBDA && strcmp(payload_type(a), "TOKEN") == 0;
	if (rc == XF_OK && (t == AUTH_COGNITO || token)) {
		const cJSON *expr = xf_truthy(a->identity) ? xf_get(a->identity, "ValidationExpression") : NULL;
		if (xf_truthy(expr))
			sw_set(cJSON_GetObjectItemCaseSensitive(swagger, "x-amazon-apigateway-authorizer"),
			       "identityValidationExpression", false, sw_copy(expr));
	}
	if (rc != XF_OK) {
		cJSON_Delete(swagger);
		return rc;
	}
	*out = swagger;
	return XF_OK;
}

/* ---- the ordered map ---- */

const swagger_authorizer *swagger_authorizers_get(const swagger_authorizers *a, const char *name)
{
	for (size_t i = 0; a && i < a->n; i++)
		if (strcmp(a->items[i].name, name) == 0)
			return &a->items[i];
	return NULL;
}

void swagger_authorizers_free(swagger_authorizers *a)
{
	free(a->items);
	a->items = NULL;
	a->n = 0;
}

/* authorizers[name] = item: replaces in place (keeping the first key object) or appends. */
static int put(swagger_authorizers *a, const swagger_authorizer *item)
{
	for (size_t i = 0; i < a->n; i++) {
		if (strcmp(a->items[i].name, item->name) == 0) {
			const char *name = a->items[i].name;
			bool unicode = a->items[i].name_unicode;
			a->items[i] = *item;
			a->items[i].name = name;
			a->items[i].name_unicode = unicode;
			return XF_OK;
		}
	}
	swagger_authorizer *grown = realloc(a->items, (a->n + 1) * sizeof(*grown));
	if (!grown)
		return XF_NOMEM;
	a->items = grown;
	a->items[a->n++] = *item;
	return XF_OK;
}

/* Reorders the items into the iteration order of a Py27Dict that received their names in the
 * current order. */
static int py27_order(swagger_authorizers *a)
{
	cJSON *d = py27_dict_new();
	const char **keys = calloc(a->n + 1, sizeof(*keys));
	swagger_authorizer *sorted = calloc(a->n + 1, sizeof(*sorted));
	if (!d || !keys || !sorted) {
		cJSON_Delete(d);
		free(keys);
		free(sorted);
		return XF_NOMEM;
	}
	for (size_t i = 0; i < a->n; i++)
		py27_set(d, a->items[i].name, cJSON_CreateNull());
	size_t k = py27_keys(d, keys, a->n);
	for (size_t i = 0; i < k; i++)
		sorted[i] = *swagger_authorizers_get(a, keys[i]);
	free(keys);
	cJSON_Delete(d);
	free(a->items);
	a->items = sorted;
	return XF_OK;
}

static int add_configured(xf *x, const char *api_id, const cJSON *member, swagger_authorizers *out)
{
	char *path = samc_strfmt("Auth.Authorizers.%s", member->string);
	int rc = xf_expect_map(x, api_id, member, path ? path : "");
	free(path);
	if (rc != XF_OK)
		return rc;
	const cJSON *scopes = xf_get(member, "AuthorizationScopes");
	swagger_authorizer a = {
		.api_logical_id = api_id,
		.name = member->string,
		.name_unicode = sw_key_is_ustr(member),
		.user_pool_arn = xf_get(member, "UserPoolArn"),
		.function_arn = xf_get(member, "FunctionArn"),
		.identity = xf_get(member, "Identity"),
		.function_payload_type = xf_get(member, "FunctionPayloadType"),
		.function_invoke_role = xf_get(member, "FunctionInvokeRole"),
		.authorization_scopes = sw_is_none(scopes) ? NULL : scopes,
		.disable_function_default_permissions = xf_get(member, "DisableFunctionDefaultPermissions"),
	};
	rc = swagger_authorizer_validate(x, &a);
	return rc == XF_OK ? put(out, &a) : rc;
}

int swagger_get_authorizers(xf *x, const char *api_logical_id, const cJSON *authorizers_config,
			    const cJSON *default_authorizer, swagger_authorizers *out)
{
	out->items = NULL;
	out->n = 0;
	int rc = XF_OK;
	if (sw_str_eq(default_authorizer, "AWS_IAM")) {
		swagger_authorizer iam = {.api_logical_id = api_logical_id,
					  .name = default_authorizer->valuestring,
					  .name_unicode = sw_is_ustr(default_authorizer),
					  .is_aws_iam_authorizer = true};
		rc = put(out, &iam);
	}
	if (rc != XF_OK || !xf_truthy(authorizers_config))
		return rc;
	rc = xf_expect_map(x, api_logical_id, authorizers_config, "Auth.Authorizers");
	size_t n = 0;
	cJSON **members = rc == XF_OK ? sw_members(authorizers_config, &n) : NULL;
	for (size_t i = 0; i < n && rc == XF_OK; i++)
		rc = add_configured(x, api_logical_id, members[i], out);
	free(members);
	if (rc == XF_OK)
		rc = py27_order(out);
	if (rc != XF_OK)
		swagger_authorizers_free(out);
	return rc;
}
