/* graphql_api_model.c — owns the GraphQLApi properties model (aws_serverless_graphqlapi.py) as
 * pydantic v1 validates it: field order, required fields, forbidden extras, str/bool coercion. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "transform/graphql_api.h"
#include "util/buf.h"

typedef enum gm_kind {
	GM_PASS,          /* PassThroughProp: any value */
	GM_MODEL,         /* a nested model */
	GM_DICT_OF_MODEL, /* dict[str, Model] */
	GM_DICT_OF_DICTS, /* dict[str, dict[str, Model]] */
	GM_LIST_OF_MODEL, /* list[Model] */
	GM_LIST_OF_PASS,  /* list[PassThroughProp] */
	GM_LIST_OF_STR,   /* list[str] */
	GM_PERMISSIONS,   /* list[Literal["Read", "Write"]] */
	GM_STR,           /* str (numbers and bools coerced) */
	GM_BOOL,          /* bool (pydantic's loose parsing) */
	GM_STR_OR_DICT,   /* SamIntrinsicable[str] */
	GM_AUTH_TYPE,     /* AuthenticationTypes */
	GM_LOGGING,       /* Union[Logging, bool] */
	GM_DICT           /* dict[str, Any] */
} gm_kind;

typedef struct gm_field {
	const char *name;
	gm_kind kind;
	bool required;
	const struct gm_field *model; /* fields of the nested model, NULL-name terminated */
} gm_field;

#define END {NULL, GM_PASS, false, NULL}

static const gm_field lambda_authorizer[] = {
	{"AuthorizerResultTtlInSeconds", GM_PASS, false, NULL},
	{"AuthorizerUri", GM_PASS, true, NULL},
	{"IdentityValidationExpression", GM_PASS, false, NULL},
	END,
};
static const gm_field openid_connect[] = {
	{"AuthTTL", GM_PASS, false, NULL}, {"ClientId", GM_PASS, false, NULL},
	{"IatTTL", GM_PASS, false, NULL},  {"Issuer", GM_PASS, false, NULL},
	END,
};
static const gm_field user_pool[] = {
	{"AppIdClientRegex", GM_PASS, false, NULL}, {"AwsRegion", GM_PASS, false, NULL},
	{"DefaultAction", GM_PASS, false, NULL},    {"UserPoolId", GM_PASS, true, NULL},
	END,
};
#define AUTHORIZER_FIELDS                                                                                   \
	{"Type", GM_AUTH_TYPE, true, NULL}, {"LambdaAuthorizer", GM_MODEL, false, lambda_authorizer},       \
		{"OpenIDConnect", GM_MODEL, false, openid_connect}, {"UserPool", GM_MODEL, false, user_pool}
static const gm_field authorizer[] = {AUTHORIZER_FIELDS, END};
static const gm_field auth[] = {AUTHORIZER_FIELDS, {"Additional", GM_LIST_OF_MODEL, false, authorizer}, END};

static const gm_field api_key[] = {
	{"ApiKeyId", GM_PASS, false, NULL}, {"Description", GM_PASS, false, NULL},
	{"ExpiresOn", GM_PASS, false, NULL}, END,
};
static const gm_field logging[] = {
	{"CloudWatchLogsRoleArn", GM_PASS, false, NULL}, {"ExcludeVerboseContent", GM_PASS, false, NULL},
	{"FieldLogLevel", GM_PASS, false, NULL}, END,
};
static const gm_field delta_sync[] = {
	{"BaseTableTTL", GM_PASS, true, NULL}, {"DeltaSyncTableName", GM_PASS, true, NULL},
	{"DeltaSyncTableTTL", GM_PASS, true, NULL}, END,
};
static const gm_field dynamodb_source[] = {
	{"TableName", GM_PASS, true, NULL},     {"ServiceRoleArn", GM_PASS, false, NULL},
	{"TableArn", GM_PASS, false, NULL},     {"Permissions", GM_PERMISSIONS, false, NULL},
	{"Name", GM_PASS, false, NULL},         {"Description", GM_PASS, false, NULL},
	{"Region", GM_PASS, false, NULL},       {"DeltaSync", GM_MODEL, false, delta_sync},
	{"UseCallerCredentials", GM_PASS, false, NULL}, {"Versioned", GM_PASS, false, NULL},
	END,
};
static const gm_field lambda_source[] = {
	{"FunctionArn", GM_PASS, true, NULL}, {"ServiceRoleArn", GM_PASS, false, NULL},
	{"Name", GM_PASS, false, NULL},       {"Description", GM_PASS, false, NULL},
	END,
};
static const gm_field data_sources[] = {
	{"DynamoDb", GM_DICT_OF_MODEL, false, dynamodb_source},
	{"Lambda", GM_DICT_OF_MODEL, false, lambda_source},
	END,
};
static const gm_field runtime[] = {{"Name", GM_PASS, true, NULL}, {"Version", GM_PASS, true, NULL}, END};
static const gm_field conflict_handler[] = {{"LambdaConflictHandlerArn", GM_PASS, true, NULL}, END};
static const gm_field sync[] = {
	{"ConflictDetection", GM_PASS, true, NULL}, {"ConflictHandler", GM_PASS, false, NULL},
	{"LambdaConflictHandlerConfig", GM_MODEL, false, conflict_handler}, END,
};
static const gm_field function[] = {
	{"DataSource", GM_STR_OR_DICT, false, NULL}, {"Runtime", GM_MODEL, false, runtime},
	{"InlineCode", GM_PASS, false, NULL},        {"CodeUri", GM_PASS, false, NULL},
	{"Description", GM_PASS, false, NULL},       {"MaxBatchSize", GM_PASS, false, NULL},
	{"Name", GM_STR, false, NULL},               {"Id", GM_PASS, false, NULL},
	{"Sync", GM_MODEL, false, sync},             END,
};
static const gm_field caching[] = {{"Ttl", GM_PASS, true, NULL}, {"CachingKeys", GM_LIST_OF_PASS, false, NULL}, END};
static const gm_field resolver[] = {
	{"FieldName", GM_STR, false, NULL},       {"Caching", GM_MODEL, false, caching},
	{"InlineCode", GM_PASS, false, NULL},     {"CodeUri", GM_PASS, false, NULL},
	{"MaxBatchSize", GM_PASS, false, NULL},   {"Pipeline", GM_LIST_OF_STR, false, NULL},
	{"Runtime", GM_MODEL, false, runtime},    {"Sync", GM_MODEL, false, sync},
	END,
};
static const gm_field domain_name[] = {
	{"CertificateArn", GM_PASS, true, NULL}, {"DomainName", GM_PASS, true, NULL},
	{"Description", GM_PASS, false, NULL}, END,
};
static const gm_field cache[] = {
	{"ApiCachingBehavior", GM_PASS, true, NULL}, {"Ttl", GM_PASS, true, NULL},
	{"Type", GM_PASS, true, NULL}, {"AtRestEncryptionEnabled", GM_PASS, false, NULL},
	{"TransitEncryptionEnabled", GM_PASS, false, NULL}, END,
};
static const gm_field properties[] = {
	{"Auth", GM_MODEL, true, auth},
	{"Tags", GM_DICT, false, NULL},
	{"Name", GM_PASS, false, NULL},
	{"XrayEnabled", GM_BOOL, false, NULL},
	{"SchemaInline", GM_PASS, false, NULL},
	{"SchemaUri", GM_PASS, false, NULL},
	{"Logging", GM_LOGGING, false, logging},
	{"DataSources", GM_MODEL, false, data_sources},
	{"Functions", GM_DICT_OF_MODEL, false, function},
	{"Resolvers", GM_DICT_OF_DICTS, false, resolver},
	{"ApiKeys", GM_DICT_OF_MODEL, false, api_key},
	{"DomainName", GM_MODEL, false, domain_name},
	{"Cache", GM_MODEL, false, cache},
	{"Visibility", GM_PASS, false, NULL},
	{"OwnerContact", GM_PASS, false, NULL},
	{"IntrospectionConfig", GM_PASS, false, NULL},
	{"QueryDepthLimit", GM_PASS, false, NULL},
	{"ResolverCountLimit", GM_PASS, false, NULL},
	END,
};

/* The location of the value being validated, as pydantic joins it: "Auth.Additional.0.Type". */
typedef struct gm_loc {
	samc_buf path;
} gm_loc;

static size_t loc_push(gm_loc *l, const char *part)
{
	size_t mark = l->path.len;
	if (mark)
		samc_buf_putc(&l->path, '.');
	samc_buf_puts(&l->path, part);
	return mark;
}

static size_t loc_push_index(gm_loc *l, int i)
{
	char text[24];
	snprintf(text, sizeof(text), "%d", i);
	return loc_push(l, text);
}

static void loc_pop(gm_loc *l, size_t mark)
{
	l->path.len = mark;
	if (l->path.ptr)
		l->path.ptr[mark] = '\0';
}

static bool validate_value(cJSON *parent, cJSON *v, const gm_field *f, gm_loc *l);

/* Puts the coerced value `by` in the place of `v` (a member of an object or an array). */
static bool replace_value(cJSON *parent, cJSON *v, cJSON *by)
{
	if (!by)
		return false;
	if (cJSON_IsObject(parent) && v->string)
		return cJSON_ReplaceItemInObjectCaseSensitive(parent, v->string, by);
	return cJSON_ReplaceItemViaPointer(parent, v, by);
}

/* str_validator: str as is; int/float as str(); bool as "True"/"False" (an int in Python). */
static bool coerce_str(cJSON *parent, cJSON *v)
{
	if (cJSON_IsString(v))
		return true;
	const char *text = NULL;
	if (cJSON_IsBool(v))
		text = cJSON_IsTrue(v) ? "True" : "False";
	else if (cJSON_IsNumber(v) && v->valuestring)
		text = v->valuestring;
	if (!text)
		return false;
	return replace_value(parent, v, cJSON_CreateString(text));
}

/* bool_validator: True/False, 0/1 and the strings of BOOL_TRUE / BOOL_FALSE in any case. */
static bool coerce_bool(cJSON *parent, cJSON *v)
{
	static const char *const truthy[] = {"1", "on", "t", "true", "y", "yes"};
	static const char *const falsy[] = {"0", "off", "f", "false", "n", "no"};
	if (cJSON_IsBool(v))
		return true;
	int value = -1;
	if (cJSON_IsNumber(v) && (v->valuedouble == 0 || v->valuedouble == 1))
		value = v->valuedouble == 1;
	for (size_t i = 0; cJSON_IsString(v) && i < sizeof(truthy) / sizeof(truthy[0]); i++) {
		if (strcasecmp(v->valuestring, truthy[i]) == 0)
			value = 1;
		if (strcasecmp(v->valuestring, falsy[i]) == 0)
			value = 0;
	}
	if (value < 0)
		return false;
	return replace_value(parent, v, cJSON_CreateBool(value));
}

static bool is_auth_type(const cJSON *v)
{
	static const char *const types[] = {"AWS_IAM", "API_KEY", "AWS_LAMBDA", "OPENID_CONNECT",
					    "AMAZON_COGNITO_USER_POOLS"};
	for (size_t i = 0; cJSON_IsString(v) && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(v->valuestring, types[i]) == 0)
			return true;
	return false;
}

static bool is_field(const gm_field *fields, const char *name)
{
	for (const gm_field *f = fields; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return true;
	return false;
}

/* The smallest key (sorted(extra)) of `obj` that is not a field, or NULL. */
static const char *first_extra_key(const cJSON *obj, const gm_field *fields)
{
	const char *first = NULL;
	for (const cJSON *c = obj->child; c; c = c->next)
		if (!is_field(fields, c->string) && (!first || strcmp(c->string, first) < 0))
			first = c->string;
	return first;
}

/* validate_model: each field in order, then the forbidden extras. */
static bool validate_model(cJSON *obj, const gm_field *fields, gm_loc *l)
{
	if (!cJSON_IsObject(obj))
		return false;
	for (const gm_field *f = fields; f->name; f++) {
		cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, f->name);
		size_t mark = loc_push(l, f->name);
		bool ok = v ? validate_value(obj, v, f, l) : !f->required;
		if (!ok)
			return false;
		loc_pop(l, mark);
	}
	const char *extra = first_extra_key(obj, fields);
	if (extra) {
		loc_push(l, extra);
		return false;
	}
	return true;
}

static bool validate_dict_of_models(cJSON *obj, const gm_field *fields, gm_loc *l)
{
	if (!cJSON_IsObject(obj))
		return false;
	for (cJSON *c = obj->child; c; c = c->next) {
		size_t mark = loc_push(l, c->string);
		if (!validate_model(c, fields, l))
			return false;
		loc_pop(l, mark);
	}
	return true;
}

static bool validate_dict_of_dicts(cJSON *obj, const gm_field *fields, gm_loc *l)
{
	if (!cJSON_IsObject(obj))
		return false;
	for (cJSON *c = obj->child; c; c = c->next) {
		size_t mark = loc_push(l, c->string);
		if (!validate_dict_of_models(c, fields, l))
			return false;
		loc_pop(l, mark);
	}
	return true;
}

/* list[item]: each item in order with its index in the location. */
static bool validate_list(cJSON *list, const gm_field *item, gm_loc *l)
{
	if (!cJSON_IsArray(list))
		return false;
	int i = 0;
	for (cJSON *c = list->child, *next = NULL; c; c = next, i++) {
		next = c->next;
		size_t mark = loc_push_index(l, i);
		if (!validate_value(list, c, item, l))
			return false;
		loc_pop(l, mark);
	}
	return true;
}

static bool is_permission(const cJSON *v)
{
	return cJSON_IsString(v) && (strcmp(v->valuestring, "Read") == 0 || strcmp(v->valuestring, "Write") == 0);
}

/* list[PassThroughProp], list[str] or the Permissions list. */
static bool validate_list_items(cJSON *v, gm_kind kind, gm_loc *l)
{
	static const gm_field pass_item = {"", GM_PASS, true, NULL};
	static const gm_field str_item = {"", GM_STR, true, NULL};
	if (kind == GM_LIST_OF_PASS)
		return validate_list(v, &pass_item, l);
	if (kind == GM_LIST_OF_STR)
		return validate_list(v, &str_item, l);
	if (!cJSON_IsArray(v))
		return false;
	int i = 0;
	for (const cJSON *c = v->child; c; c = c->next, i++)
		if (!is_permission(c)) {
			loc_push_index(l, i);
			return false;
		}
	return true;
}

/* One value of field `f` (a member of `parent`); on failure the location names the error. */
static bool validate_value(cJSON *parent, cJSON *v, const gm_field *f, gm_loc *l)
{
	if (cJSON_IsNull(v))
		return !f->required;
	switch (f->kind) {
	case GM_PASS:
		return true;
	case GM_MODEL:
		return validate_model(v, f->model, l);
	case GM_DICT_OF_MODEL:
		return validate_dict_of_models(v, f->model, l);
	case GM_DICT_OF_DICTS:
		return validate_dict_of_dicts(v, f->model, l);
	case GM_LIST_OF_MODEL: {
		const gm_field item = {"", GM_MODEL, true, f->model};
		return validate_list(v, &item, l);
	}
	case GM_LIST_OF_PASS:
	case GM_LIST_OF_STR:
	case GM_PERMISSIONS:
		return validate_list_items(v, f->kind, l);
	case GM_STR:
		return coerce_str(parent, v);
	case GM_BOOL:
		return coerce_bool(parent, v);
	case GM_STR_OR_DICT:
		return cJSON_IsObject(v) || coerce_str(parent, v);
	case GM_AUTH_TYPE:
		return is_auth_type(v);
	case GM_LOGGING:
		/* Union[Logging, bool]: a map is a Logging (its errors come first), else a bool */
		return cJSON_IsObject(v) ? validate_model(v, f->model, l) : coerce_bool(parent, v);
	case GM_DICT:
		return cJSON_IsObject(v);
	}
	return false;
}

int gql_validate_model(xf *x, const char *id, cJSON *props)
{
	gm_loc l = {SAMC_BUF_INIT};
	int rc = XF_OK;
	if (!validate_model(props, properties, &l)) {
		if (l.path.oom)
			rc = XF_NOMEM;
		else
			rc = xf_fail_resource(x, id, "Property '%s' is invalid.", l.path.ptr ? l.path.ptr : "");
	}
	samc_buf_free(&l.path);
	return rc;
}
