/* props.c — property validation as Resource.from_dict/validate_properties and sam_expect
 * do it: unknown properties, required ones, and each validator's wording. */
#include <string.h>

#include "doc/doc.h"
#include "transform/xf.h"

static bool is_int(const cJSON *v)
{
	return cJSON_IsBool(v) || (cJSON_IsNumber(v) && samc_number_is_int(v));
}

static bool is_list_of(const cJSON *v, bool (*item)(const cJSON *))
{
	if (!cJSON_IsArray(v))
		return false;
	for (const cJSON *c = v->child; c; c = c->next)
		if (!item(c))
			return false;
	return true;
}

static bool is_str(const cJSON *v)
{
	return cJSON_IsString(v);
}

static bool is_dict(const cJSON *v)
{
	return cJSON_IsObject(v);
}

static bool is_str_or_dict(const cJSON *v)
{
	return cJSON_IsString(v) || cJSON_IsObject(v);
}

static bool is_dict_of_dicts(const cJSON *v)
{
	if (!cJSON_IsObject(v))
		return false;
	for (const cJSON *c = v->child; c; c = c->next)
		if (!cJSON_IsObject(c))
			return false;
	return true;
}

bool xf_check_value(const cJSON *v, xf_check check)
{
	switch (check) {
	case XF_ANY:
		return true;
	case XF_IS_STR:
		return is_str(v);
	case XF_IS_DICT:
		return is_dict(v);
	case XF_IS_BOOL:
		return cJSON_IsBool(v);
	case XF_IS_INT:
		return is_int(v);
	case XF_IS_LIST:
		return cJSON_IsArray(v);
	case XF_STR_OR_DICT:
		return is_str_or_dict(v);
	case XF_STR_OR_LIST:
		return is_str(v) || cJSON_IsArray(v);
	case XF_DICT_OR_LIST:
		return is_dict(v) || cJSON_IsArray(v);
	case XF_LIST_OF_STR:
		return is_list_of(v, is_str);
	case XF_LIST_OF_DICT:
		return is_list_of(v, is_dict);
	case XF_LIST_OF_STR_OR_DICT:
		return is_list_of(v, is_str_or_dict);
	case XF_STR_OR_DICT_OR_LIST_OF_STR_OR_DICT:
		return is_str_or_dict(v) || is_list_of(v, is_str_or_dict);
	case XF_DICT_OF_STR_DICT:
		return is_dict_of_dicts(v);
	case XF_STR_ENUM_DELETE_RETAIN:
		return is_str(v) && (strcmp(v->valuestring, "Delete") == 0 || strcmp(v->valuestring, "Retain") == 0);
	case XF_INT_OR_STR:
		return is_int(v) || is_str(v);
	case XF_BOOL_OR_STR:
		return cJSON_IsBool(v) || is_str(v);
	case XF_INT_OR_DICT:
		return is_int(v) || is_dict(v);
	case XF_ONE_OF_STR:
		return is_str(v);
	}
	return false;
}

static int type_error(xf *x, const char *id, const xf_prop_spec *spec)
{
	switch (spec->check) {
	case XF_IS_STR:
		return xf_fail_resource(x, id, "Property '%s' should be a string.", spec->name);
	case XF_IS_DICT:
		return xf_fail_resource(x, id, "Property '%s' should be a map.", spec->name);
	case XF_STR_ENUM_DELETE_RETAIN:
		return xf_fail_resource(x, id, "Property '%s' should be a one of the strings: 'Delete' or 'Retain'.",
					spec->name);
	default:
		return xf_fail_resource(x, id, "Type of property '%s' is invalid.", spec->name);
	}
}

static const xf_prop_spec *find_spec(const xf_prop_spec *specs, const char *name)
{
	for (; specs->name; specs++)
		if (strcmp(specs->name, name) == 0)
			return specs;
	return NULL;
}

/* Each spec's value (the first member of that name, as xf_get finds it), found in one pass
 * over props; false when a member matches no spec (*unknown names it). */
static bool values_by_spec(const cJSON *props, const xf_prop_spec *specs, const cJSON **values,
			   const char **unknown)
{
	for (const cJSON *c = props ? props->child : NULL; c; c = c->next) {
		const xf_prop_spec *s = find_spec(specs, c->string);
		if (!s) {
			*unknown = c->string;
			return false;
		}
		if (values && !values[s - specs])
			values[s - specs] = c;
	}
	return true;
}

enum { MAX_INDEXED_SPECS = 128 };

int xf_validate_props(xf *x, const char *id, const char *type, const cJSON *props, const xf_prop_spec *specs)
{
	if (props && !cJSON_IsObject(props))
		return xf_fail_resource(x, id, "Properties of a resource must be an object.");
	size_t nspecs = 0;
	while (specs[nspecs].name)
		nspecs++;
	const cJSON *found[MAX_INDEXED_SPECS] = {0};
	const cJSON **values = nspecs <= MAX_INDEXED_SPECS ? found : NULL; /* else looked up by name */
	const char *unknown = NULL;
	if (!values_by_spec(props, specs, values, &unknown))
		return xf_fail_resource(x, id, "property %s not defined for resource of type %s", unknown, type);
	for (size_t i = 0; i < nspecs; i++) {
		const xf_prop_spec *s = &specs[i];
		const cJSON *v = values ? values[i] : xf_get(props, s->name);
		if (!s->no_intrinsics && s->check != XF_ANY && xf_is_intrinsic(v))
			continue;
		if (!v || cJSON_IsNull(v)) {
			if (s->required)
				return xf_fail_resource(x, id, "Missing required property '%s'.", s->name);
			continue;
		}
		if (!xf_check_value(v, s->check))
			return type_error(x, id, s);
	}
	return XF_OK;
}

/* ---- sam_expect ---- */

static int expect(xf *x, const char *id, bool ok, const char *path, const char *what, bool event)
{
	if (ok)
		return XF_OK;
	if (event)
		return xf_fail_event(x, id, "Property '%s' should be a %s.", path, what);
	return xf_fail_resource(x, id, "Property '%s' should be a %s.", path, what);
}

int xf_expect_map(xf *x, const char *id, const cJSON *v, const char *path)
{
	return expect(x, id, cJSON_IsObject(v), path, "map", false);
}

int xf_expect_list(xf *x, const char *id, const cJSON *v, const char *path)
{
	return expect(x, id, cJSON_IsArray(v), path, "list", false);
}

int xf_expect_str(xf *x, const char *id, const cJSON *v, const char *path)
{
	return expect(x, id, cJSON_IsString(v), path, "string", false);
}

int xf_expect_bool(xf *x, const char *id, const cJSON *v, const char *path)
{
	return expect(x, id, cJSON_IsBool(v), path, "boolean", false);
}

int xf_expect_int(xf *x, const char *id, const cJSON *v, const char *path)
{
	return expect(x, id, is_int(v), path, "integer", false);
}

int xf_expect_map_event(xf *x, const char *event_id, const cJSON *v, const char *path)
{
	return expect(x, event_id, cJSON_IsObject(v), path, "map", true);
}
