/* rules_schema.c — rule family 3: resource properties of the expanded template checked against
 * the CloudFormation resource schemas (unknown types and properties, required, types, enums). */
#include <ctype.h>
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/values.h"
#include "lint/lint.h"
#include "lint/schema_data.h"

#define RULE_TYPE "E3001"       /* unknown AWS:: resource type */
#define RULE_PROPERTY "E3002"   /* property not allowed here */
#define RULE_REQUIRED "E3003"   /* required property missing */
#define RULE_VALUE_TYPE "E3004" /* value of the wrong type */
#define RULE_ENUM "E3005"       /* value not among the allowed ones */

#define ENUM_SHOWN 8 /* allowed values quoted in a message */

#define PATH_MAX_LEN 512

struct walk {
	lint_ctx *c;
	const char *logical_id;
};

static bool is_intrinsic(const cJSON *v)
{
	if (!cJSON_IsObject(v) || !v->child || v->child->next)
		return false;
	const char *k = v->child->string;
	return strcmp(k, "Ref") == 0 || strncmp(k, "Fn::", 4) == 0 || strcmp(k, "Condition") == 0;
}

static bool has_intrinsic_key(const cJSON *obj)
{
	for (const cJSON *m = obj->child; m; m = m->next)
		if (strncmp(m->string, "Fn::", 4) == 0)
			return true;
	return false;
}

static const char *spec_str(const cJSON *spec, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(spec, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool is_numeric_text(const char *s, bool integer)
{
	char *end = NULL;
	if (!*s || isspace((unsigned char)*s))
		return false;
	if (integer) {
		(void)strtoll(s, &end, 10);
		return *end == '\0';
	}
	(void)strtod(s, &end);
	return *end == '\0';
}

static bool is_bool_text(const char *s)
{
	return strcasecmp(s, "true") == 0 || strcasecmp(s, "false") == 0;
}

/* cfn-lint's leniency: CloudFormation turns numbers and booleans into strings and accepts
 * numeric / boolean strings where numbers / booleans are expected. */
static bool string_fits(const char *t, const char *s)
{
	return strchr(t, 's') || (strchr(t, 'n') && is_numeric_text(s, false)) ||
	       (strchr(t, 'i') && is_numeric_text(s, true)) || (strchr(t, 'b') && is_bool_text(s));
}

static bool number_fits(const char *t, const cJSON *v)
{
	return strchr(t, 'n') || strchr(t, 's') || (strchr(t, 'i') && samc_number_is_int(v));
}

static bool value_fits(const char *t, const cJSON *v)
{
	if (cJSON_IsString(v))
		return string_fits(t, v->valuestring);
	if (cJSON_IsNumber(v))
		return number_fits(t, v);
	if (cJSON_IsBool(v))
		return strchr(t, 'b') || strchr(t, 's');
	if (cJSON_IsArray(v))
		return strchr(t, 'a') != NULL;
	if (cJSON_IsObject(v))
		return strchr(t, 'o') != NULL;
	return true; /* null: left to other rules */
}

static const char *type_words(const char *t)
{
	switch (*t) {
	case 's': return "a string";
	case 'n': return "a number";
	case 'i': return "an integer";
	case 'b': return "a boolean";
	case 'a': return "a list";
	case 'o': return "an object";
	default: return "another type";
	}
}

/* The text a scalar compares by ("" for anything else). */
static const char *scalar_key(const cJSON *v, char num[32])
{
	const char *text = samc_json_scalar_text(v, num);
	return text ? text : "";
}

/* The same text cut to 63 bytes, for messages. */
static void scalar_text(const cJSON *v, char buf[64])
{
	char num[32];
	snprintf(buf, 64, "%s", scalar_key(v, num));
}

static bool enum_has(const cJSON *e, const cJSON *v)
{
	char text_num[32], want_num[32];
	if (!cJSON_IsString(v) && !cJSON_IsNumber(v))
		return true;
	const char *text = scalar_key(v, text_num);
	for (const cJSON *x = e->child; x; x = x->next) {
		if (cJSON_IsNumber(x) && cJSON_IsNumber(v) && x->valuedouble == v->valuedouble)
			return true;
		if (strcmp(scalar_key(x, want_num), text) == 0)
			return true;
		if (cJSON_IsNumber(x) && cJSON_IsString(v) && is_numeric_text(v->valuestring, false) &&
		    strtod(v->valuestring, NULL) == x->valuedouble)
			return true;
	}
	return false;
}

static void check_object(struct walk *w, const cJSON *obj_spec, const cJSON *obj, const char *path);
static void check_value(struct walk *w, const cJSON *spec, const cJSON *v, const char *path);

/* "'A', 'B', ..." for the first ENUM_SHOWN allowed values. */
static void allowed_text(const cJSON *e, char *out, size_t cap)
{
	char one[64];
	size_t len = 0;
	int i = 0;
	out[0] = '\0';
	for (const cJSON *x = e->child; x && len < cap; x = x->next, i++) {
		scalar_text(x, one);
		const char *fmt = i == ENUM_SHOWN ? ", ..." : (i ? ", '%s'" : "'%s'");
		int n = snprintf(out + len, cap - len, fmt, one);
		if (n < 0 || i == ENUM_SHOWN)
			break;
		len += (size_t)n;
	}
}

static void check_enum(struct walk *w, const cJSON *spec, const cJSON *v, const char *path)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(spec, "e");
	char text[64], allowed[PATH_MAX_LEN];
	if (!cJSON_IsArray(e) || enum_has(e, v))
		return;
	scalar_text(v, text);
	allowed_text(e, allowed, sizeof(allowed));
	lint_report(w->c, RULE_ENUM, SAMC_SEVERITY_ERROR, v,
		    "Resource %s: %s value '%s' is not one of %s", w->logical_id, path, text, allowed);
}

/* sub[n..] = s, cut to fit as snprintf would; the new length. */
static size_t put_cut(char sub[PATH_MAX_LEN], size_t n, const char *s, size_t len)
{
	if (len > PATH_MAX_LEN - 1 - n)
		len = PATH_MAX_LEN - 1 - n;
	memcpy(sub + n, s, len);
	return n + len;
}

/* "path.name" into sub (this runs for every property: no printf). */
static void join_path(char sub[PATH_MAX_LEN], const char *path, const char *name)
{
	size_t n = put_cut(sub, 0, path, strlen(path));
	n = put_cut(sub, n, ".", 1);
	sub[put_cut(sub, n, name, strlen(name))] = '\0';
}

/* "path[i]" into sub (this runs for every list item). */
static void join_index(char sub[PATH_MAX_LEN], const char *path, unsigned i)
{
	char index[16];
	size_t k = sizeof(index);
	index[--k] = ']';
	do
		index[--k] = (char)('0' + i % 10);
	while ((i /= 10) > 0);
	index[--k] = '[';
	size_t n = put_cut(sub, 0, path, strlen(path));
	sub[put_cut(sub, n, index + k, sizeof(index) - k)] = '\0';
}

static void check_items(struct walk *w, const cJSON *item_spec, const cJSON *list, const char *path)
{
	char sub[PATH_MAX_LEN];
	unsigned i = 0;
	for (const cJSON *it = list->child; it; it = it->next, i++) {
		join_index(sub, path, i);
		check_value(w, item_spec, it, sub);
	}
}

static bool is_list_parameter_type(const char *t)
{
	return strcmp(t, "CommaDelimitedList") == 0 || strncmp(t, "List<", 5) == 0 ||
	       strncmp(t, "AWS::SSM::Parameter::Value<List<", 32) == 0 ||
	       strcmp(t, "AWS::SSM::Parameter::Value<CommaDelimitedList>") == 0;
}

/* A Ref to a parameter that gives one value (String, Number, ...) where only a list fits. */
static void check_ref_gives_list(struct walk *w, const char *t, const cJSON *v, const char *path)
{
	const cJSON *ref = cJSON_GetObjectItemCaseSensitive(v, "Ref");
	if (!t || strcmp(t, "a") != 0 || !cJSON_IsString(ref))
		return;
	const cJSON *param = cJSON_GetObjectItemCaseSensitive(w->c->parameters, ref->valuestring);
	const cJSON *ptype = cJSON_GetObjectItemCaseSensitive(param, "Type");
	if (cJSON_IsString(ptype) && !is_list_parameter_type(ptype->valuestring))
		lint_report(w->c, RULE_VALUE_TYPE, SAMC_SEVERITY_ERROR, ref,
			    "Resource %s: %s should be a list, but parameter '%s' of type %s gives one value",
			    w->logical_id, path, ref->valuestring, ptype->valuestring);
}

static void check_value(struct walk *w, const cJSON *spec, const cJSON *v, const char *path)
{
	if (is_intrinsic(v)) {
		check_ref_gives_list(w, spec_str(spec, "t"), v, path);
		return;
	}
	const char *t = spec_str(spec, "t");
	if (t && !value_fits(t, v)) {
		lint_report(w->c, RULE_VALUE_TYPE, SAMC_SEVERITY_ERROR, v,
			    "Resource %s: %s should be %s", w->logical_id, path, type_words(t));
		return;
	}
	check_enum(w, spec, v, path);
	const cJSON *obj = cJSON_GetObjectItemCaseSensitive(spec, "o");
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(spec, "i");
	if (cJSON_IsObject(v) && obj)
		check_object(w, obj, v, path);
	else if (cJSON_IsArray(v) && items)
		check_items(w, items, v, path);
}

static void check_required(struct walk *w, const cJSON *obj_spec, const cJSON *obj,
			   const cJSON *at, const char *path)
{
	const cJSON *req = cJSON_GetObjectItemCaseSensitive(obj_spec, "R");
	for (const cJSON *r = req ? req->child : NULL; r; r = r->next)
		if (cJSON_IsString(r) && !cJSON_GetObjectItemCaseSensitive(obj, r->valuestring))
			lint_report(w->c, RULE_REQUIRED, SAMC_SEVERITY_ERROR, at,
				    "Resource %s: %s is missing required property '%s'",
				    w->logical_id, path, r->valuestring);
}

static void check_members(struct walk *w, const cJSON *obj_spec, const cJSON *obj, const char *path)
{
	const cJSON *props = cJSON_GetObjectItemCaseSensitive(obj_spec, "P");
	bool closed = cJSON_GetObjectItemCaseSensitive(obj_spec, "X") != NULL;
	char sub[PATH_MAX_LEN];
	for (const cJSON *m = obj->child; m; m = m->next) {
		const cJSON *spec = cJSON_GetObjectItemCaseSensitive(props, m->string);
		join_path(sub, path, m->string);
		if (spec)
			check_value(w, spec, m, sub);
		else if (closed && props)
			lint_report(w->c, RULE_PROPERTY, SAMC_SEVERITY_ERROR, m,
				    "Resource %s: %s is not a valid property here", w->logical_id, sub);
	}
}

static void check_object(struct walk *w, const cJSON *obj_spec, const cJSON *obj, const char *path)
{
	if (!cJSON_GetObjectItemCaseSensitive(obj_spec, "P") || has_intrinsic_key(obj))
		return; /* cut by the generator's depth limit, or a merge by a transform */
	check_members(w, obj_spec, obj, path);
	check_required(w, obj_spec, obj, obj, path);
}

static bool is_checked_type(const char *type)
{
	return strncmp(type, "AWS::", 5) == 0 && strncmp(type, "AWS::Serverless::", 17) != 0;
}

/* The generator lists, per type, the regions whose cfn-lint data lacks it. */
static void check_region(lint_ctx *c, const cJSON *entry, const cJSON *res, const cJSON *type)
{
	const char *region = c->opts->region ? c->opts->region : "us-east-1";
	const cJSON *absent = cJSON_GetObjectItemCaseSensitive(entry, "r");
	for (const cJSON *r = absent ? absent->child : NULL; r; r = r->next)
		if (cJSON_IsString(r) && strcmp(r->valuestring, region) == 0)
			lint_report(c, RULE_TYPE, SAMC_SEVERITY_ERROR, type,
				    "Resource %s: resource type '%s' is not available in %s",
				    res->string, type->valuestring, region);
}

static bool is_custom_resource(const char *type)
{
	return strncmp(type, "Custom::", 8) == 0 ||
	       strcmp(type, "AWS::CloudFormation::CustomResource") == 0;
}

/* A custom resource's properties are free, but CloudFormation needs its ServiceToken. */
static void check_custom_resource(lint_ctx *c, const cJSON *res)
{
	const cJSON *props = cJSON_GetObjectItemCaseSensitive(res, "Properties");
	if (props && (!cJSON_IsObject(props) || is_intrinsic(props)))
		return;
	if (!cJSON_GetObjectItemCaseSensitive(props, "ServiceToken"))
		lint_report(c, RULE_REQUIRED, SAMC_SEVERITY_ERROR, props ? props : res,
			    "Resource %s: Properties is missing required property 'ServiceToken'",
			    res->string);
}

static void check_resource(lint_ctx *c, lint_schema_data *data, const cJSON *res)
{
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(res, "Type");
	if (!cJSON_IsObject(res) || !cJSON_IsString(type))
		return;
	if (is_custom_resource(type->valuestring)) {
		check_custom_resource(c, res);
		return;
	}
	if (!is_checked_type(type->valuestring))
		return;
	const cJSON *entry = lint_schema_type(data, type->valuestring);
	if (!entry) {
		if (lint_schema_data_ready(data))
			lint_report(c, RULE_TYPE, SAMC_SEVERITY_ERROR, type,
				    "Resource %s: unknown resource type '%s'", res->string,
				    type->valuestring);
		return;
	}
	check_region(c, entry, res, type);
	struct walk w = {c, res->string};
	const cJSON *spec = cJSON_GetObjectItemCaseSensitive(entry, "p");
	const cJSON *props = cJSON_GetObjectItemCaseSensitive(res, "Properties");
	if (!props)
		check_required(&w, spec, NULL, res, "Properties");
	else if (cJSON_IsObject(props) && !is_intrinsic(props))
		check_object(&w, spec, props, "Properties");
}

/* The template the rules read: the expansion when there is one; a template without the SAM
 * transform as written; nothing when the transform failed (family 6 reports that). */
static const cJSON *checked_resources(const lint_ctx *c)
{
	const samc_document *doc = c->expanded ? c->expanded : (c->is_sam ? NULL : c->source);
	if (!doc)
		return NULL;
	const cJSON *res = cJSON_GetObjectItemCaseSensitive(doc->root, "Resources");
	return cJSON_IsObject(res) ? res : NULL;
}

static bool same_type(const cJSON *a, const cJSON *b)
{
	const cJSON *ta = cJSON_GetObjectItemCaseSensitive(a, "Type");
	const cJSON *tb = cJSON_GetObjectItemCaseSensitive(b, "Type");
	return cJSON_IsString(ta) && cJSON_IsString(tb) && strcmp(ta->valuestring, tb->valuestring) == 0;
}

/* A resource the transform passed through is checked as written, where every node still has
 * its own position (the transform rewrites some values, e.g. GetAtt of SAM resources). */
static const cJSON *as_written(const samc_strmap *source, const cJSON *res)
{
	const cJSON *src = samc_strmap_get(source, res->string);
	return src && same_type(src, res) ? src : res;
}

static int index_source(const lint_ctx *c, samc_strmap *map)
{
	if (!c->expanded || !cJSON_IsObject(c->resources))
		return 0;
	for (const cJSON *r = c->resources->child; r; r = r->next)
		if (samc_strmap_put(map, r->string, (void *)r) != 0)
			return -1;
	return 0;
}

void lint_rules_schema(lint_ctx *c)
{
	const cJSON *resources = checked_resources(c);
	lint_schema_data *data = NULL;
	samc_strmap source = {0};
	if (!resources || !resources->child || lint_schema_data_new(&data) != 0)
		return;
	if (index_source(c, &source) == 0)
		for (const cJSON *r = resources->child; r; r = r->next)
			check_resource(c, data, as_written(&source, r));
	samc_strmap_free(&source);
	lint_schema_data_free(data);
}

bool lint_schema_lacks_attribute(const char *type, const char *attr)
{
	return lint_schema_text_attribute(type, attr) == 0;
}
