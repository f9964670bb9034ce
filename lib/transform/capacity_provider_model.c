/* capacity_provider_model.c — the CapacityProvider property model (aws_serverless_capacity_provider
 * Properties with VpcConfig, InstanceRequirements, ScalingConfig): validation with all errors. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/capacity_provider.h"

typedef struct model_ctx {
	samc_buf *errors;
	bool failed;
	bool nomem;
} model_ctx;

/* One message per property path, worded as _format_all_errors words it. */
static void error_at(model_ctx *c, const char *path, const char *what)
{
	if (c->errors->len)
		samc_buf_putc(c->errors, ' ');
	samc_buf_printf(c->errors, "Property '%s' %s.", path, what);
	c->failed = true;
}

static char *join_path(const char *prefix, const char *name)
{
	return prefix ? samc_strfmt("%s.%s", prefix, name) : samc_strdup(name);
}

static void keep(model_ctx *c, cJSON *model, const char *name, cJSON *value)
{
	if (!value)
		return;
	if (!samc_json_add_key(model, name, value)) {
		cJSON_Delete(value);
		c->nomem = true;
	}
}

/* Union[dict, Y]: the dict branch first; XF_OK with *out when dict() accepts the value. */
static int try_dict(model_ctx *c, const cJSON *v, cJSON **out)
{
	int rc = pv_dict(v, out);
	if (rc == XF_NOMEM)
		c->nomem = true;
	return rc;
}

/* One item of list[SamIntrinsicable[str]]: a map (or dict()-able list), else str. */
static cJSON *list_item(model_ctx *c, const cJSON *item, const char *path, samc_buf *item_errors)
{
	cJSON *out = NULL;
	if (cJSON_IsNull(item)) {
		model_ctx sub = {item_errors, false, false};
		error_at(&sub, path, "none is not an allowed value");
		return NULL;
	}
	if (try_dict(c, item, &out) == XF_OK)
		return out;
	int rc = pv_str(item, &out);
	if (rc == XF_OK)
		return out;
	if (rc == XF_NOMEM)
		c->nomem = true;
	model_ctx sub = {item_errors, false, false};
	error_at(&sub, path, "value is not a valid dict");
	return NULL;
}

/* list[...] branch: every item validated; item errors follow the dict error of the list. */
static cJSON *string_list(model_ctx *c, const cJSON *v, const char *path)
{
	cJSON *list = cJSON_CreateArray();
	samc_buf item_errors = SAMC_BUF_INIT;
	int index = 0;
	for (const cJSON *item = v->child; item && list; item = item->next, index++) {
		char *item_path = samc_strfmt("%s.%d", path, index);
		cJSON *value = item_path ? list_item(c, item, item_path, &item_errors) : NULL;
		if (value)
			cJSON_AddItemToArray(list, value);
		free(item_path);
	}
	if (!list || item_errors.oom)
		c->nomem = true;
	if (item_errors.len) {
		error_at(c, path, "value is not a valid dict");
		samc_buf_printf(c->errors, " %s", samc_buf_cstr(&item_errors));
		cJSON_Delete(list);
		list = NULL;
	}
	samc_buf_free(&item_errors);
	return list;
}

/* SamIntrinsicable[list[SamIntrinsicable[str]]]: the validated value, or NULL. */
static cJSON *intrinsicable_list(model_ctx *c, const cJSON *v, const char *path, bool required)
{
	cJSON *out = NULL;
	if (!v || cJSON_IsNull(v)) {
		if (required)
			error_at(c, path, v ? "none is not an allowed value" : "is required");
		return NULL;
	}
	if (try_dict(c, v, &out) == XF_OK)
		return out;
	if (cJSON_IsArray(v))
		return string_list(c, v, path);
	error_at(c, path, "value must be dictionary or list");
	return NULL;
}

/* SamIntrinsicable[int] / SamIntrinsicable[float]: the validated value, or NULL. */
static cJSON *intrinsicable_number(model_ctx *c, const cJSON *v, const char *path, bool integer)
{
	cJSON *out = NULL;
	if (!v || cJSON_IsNull(v))
		return NULL;
	if (try_dict(c, v, &out) == XF_OK)
		return out;
	int rc = integer ? pv_int(v, &out) : pv_float(v, &out);
	if (rc == XF_OK)
		return out;
	if (rc == XF_NOMEM)
		c->nomem = true;
	else
		error_at(c, path, integer ? "value must be dictionary or integer" : "value must be dictionary or number");
	return NULL;
}

/* Extra fields are forbidden: reported after the declared fields. */
static void forbid_extras(model_ctx *c, const cJSON *obj, const char *path, const char *const *fields)
{
	for (const cJSON *k = obj->child; k; k = k->next) {
		bool known = false;
		for (const char *const *f = fields; *f && !known; f++)
			known = strcmp(*f, k->string) == 0;
		if (known)
			continue;
		char *p = join_path(path, k->string);
		if (p)
			error_at(c, p, "is an invalid property");
		else
			c->nomem = true;
		free(p);
	}
}

typedef enum field_kind { F_LIST, F_LIST_REQUIRED, F_INT, F_FLOAT } field_kind;

typedef struct field {
	const char *name;
	field_kind kind;
} field;

static const field vpc_fields[] = {{"SecurityGroupIds", F_LIST}, {"SubnetIds", F_LIST_REQUIRED}, {NULL, F_LIST}};
static const field instance_fields[] = {
	{"Architectures", F_LIST}, {"AllowedTypes", F_LIST}, {"ExcludedTypes", F_LIST}, {NULL, F_LIST}};
static const field scaling_fields[] = {{"MaxVCpuCount", F_INT}, {"AverageCPUUtilization", F_FLOAT}, {NULL, F_LIST}};

static cJSON *field_value(model_ctx *c, const cJSON *v, const char *path, field_kind kind)
{
	switch (kind) {
	case F_LIST:
	case F_LIST_REQUIRED:
		return intrinsicable_list(c, v, path, kind == F_LIST_REQUIRED);
	case F_INT:
	case F_FLOAT:
		return intrinsicable_number(c, v, path, kind == F_INT);
	}
	return NULL;
}

/* A nested model (VpcConfig, InstanceRequirements, ScalingConfig): NULL when absent or invalid. */
static cJSON *sub_model(model_ctx *c, const cJSON *v, const char *path, const field *fields, bool required)
{
	if (!v || cJSON_IsNull(v)) {
		if (required)
			error_at(c, path, v ? "none is not an allowed value" : "is required");
		return NULL;
	}
	if (!cJSON_IsObject(v)) {
		error_at(c, path, "value is not a valid dict");
		return NULL;
	}
	cJSON *model = cJSON_CreateObject();
	const char *names[8] = {NULL};
	for (size_t i = 0; fields[i].name && model; i++) {
		names[i] = fields[i].name;
		char *p = join_path(path, fields[i].name);
		if (!p)
			c->nomem = true;
		else
			keep(c, model, fields[i].name,
			     field_value(c, cJSON_GetObjectItemCaseSensitive(v, fields[i].name), p, fields[i].kind));
		free(p);
	}
	if (!model)
		c->nomem = true;
	forbid_extras(c, v, path, names);
	return model;
}

static cJSON *passthrough(const cJSON *props, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(props, name);
	return v && !cJSON_IsNull(v) ? cJSON_Duplicate(v, 1) : NULL;
}

static cJSON *tags_value(model_ctx *c, const cJSON *v)
{
	if (!v || cJSON_IsNull(v))
		return NULL;
	if (!cJSON_IsObject(v)) {
		error_at(c, "Tags", "value is not a valid dict");
		return NULL;
	}
	return cJSON_Duplicate(v, 1);
}

static cJSON *bool_value(const cJSON *v)
{
	return cJSON_IsBool(v) ? cJSON_Duplicate(v, 1) : NULL;
}

int cp_model_parse(const cJSON *props, cJSON **model, samc_buf *errors)
{
	*model = NULL;
	model_ctx c = {errors, false, false};
	cJSON *m = cJSON_CreateObject();
	if (!m)
		return XF_NOMEM;
	keep(&c, m, "CapacityProviderName", passthrough(props, "CapacityProviderName"));
	keep(&c, m, "VpcConfig", sub_model(&c, cJSON_GetObjectItemCaseSensitive(props, "VpcConfig"), "VpcConfig",
					   vpc_fields, true));
	keep(&c, m, "OperatorRole", passthrough(props, "OperatorRole"));
	keep(&c, m, "Tags", tags_value(&c, cJSON_GetObjectItemCaseSensitive(props, "Tags")));
	keep(&c, m, "PropagateTags", bool_value(cJSON_GetObjectItemCaseSensitive(props, "PropagateTags")));
	keep(&c, m, "InstanceRequirements",
	     sub_model(&c, cJSON_GetObjectItemCaseSensitive(props, "InstanceRequirements"), "InstanceRequirements",
		       instance_fields, false));
	keep(&c, m, "ScalingConfig",
	     sub_model(&c, cJSON_GetObjectItemCaseSensitive(props, "ScalingConfig"), "ScalingConfig",
		       scaling_fields, false));
	keep(&c, m, "KmsKeyArn", passthrough(props, "KmsKeyArn"));
	if (c.nomem || errors->oom) {
		cJSON_Delete(m);
		return XF_NOMEM;
	}
	if (c.failed) {
		cJSON_Delete(m);
		return XF_FAIL;
	}
	*model = m;
	return XF_OK;
}
