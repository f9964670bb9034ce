/* language_extensions_findinmap.c — Fn::FindInMap as AWS::LanguageExtensions extends it: keys
 * computed by Ref, Fn::Join, Fn::Select, Fn::Split or a nested lookup, and DefaultValue. */
#include <stdlib.h>
#include <string.h>

#include "json/values.h"
#include "transform/language_extensions.h"
#include "transform/xf.h"
#include "util/buf.h"

#define MAX_KEY_DEPTH 16

static char *key_text(const lx *c, const cJSON *key, int depth);

/* The items of a list a key is picked from (an array of strings the caller frees), or NULL:
 * a literal list, a list parameter, or Fn::Split over a text. */
static cJSON *key_list(const lx *c, const cJSON *node, int depth)
{
	const char *ref = lx_ref_target(node);
	if (ref)
		return lx_param_is_list(c, ref) ? cJSON_Duplicate(lx_param(c, ref), 1) : NULL;
	cJSON *items = NULL;
	if (cJSON_IsArray(node)) {
		items = cJSON_CreateArray();
		for (const cJSON *i = node->child; items && i; i = i->next) {
			char *t = key_text(c, i, depth + 1);
			cJSON *s = t ? cJSON_CreateString(t) : NULL;
			free(t);
			if (!s) {
				cJSON_Delete(items);
				return NULL;
			}
			cJSON_AddItemToArray(items, s);
		}
		return items;
	}
	const cJSON *split = lx_is_intrinsic(node) && strcmp(node->child->string, "Fn::Split") == 0 ? node->child : NULL;
	const cJSON *delim = cJSON_GetArrayItem(split, 0);
	char *text = cJSON_GetArraySize(split) == 2 && cJSON_IsString(delim) && *delim->valuestring
			     ? key_text(c, cJSON_GetArrayItem(split, 1), depth + 1)
			     : NULL;
	if (text && (items = cJSON_CreateArray())) {
		size_t n = strlen(delim->valuestring);
		for (char *p = text, *end;; p = end + n) {
			end = strstr(p, delim->valuestring);
			if (end)
				*end = '\0';
			cJSON_AddItemToArray(items, cJSON_CreateString(p));
			if (!end)
				break;
		}
	}
	free(text);
	return items;
}

static char *select_text(const lx *c, const cJSON *args, int depth)
{
	char buf[32];
	const char *index = samc_json_scalar_text(cJSON_GetArrayItem(args, 0), buf);
	char *end = NULL;
	long i = index ? strtol(index, &end, 10) : -1;
	if (cJSON_GetArraySize(args) != 2 || !end || *end || i < 0)
		return NULL;
	cJSON *items = key_list(c, cJSON_GetArrayItem(args, 1), depth + 1);
	const char *picked = i < cJSON_GetArraySize(items) ? cJSON_GetStringValue(cJSON_GetArrayItem(items, (int)i)) : NULL;
	char *r = picked ? samc_strdup(picked) : NULL;
	cJSON_Delete(items);
	return r;
}

static char *join_text(const lx *c, const cJSON *args, int depth)
{
	const cJSON *delim = cJSON_GetArrayItem(args, 0);
	cJSON *items = cJSON_GetArraySize(args) == 2 && cJSON_IsString(delim)
			       ? key_list(c, cJSON_GetArrayItem(args, 1), depth + 1)
			       : NULL;
	if (!items)
		return NULL;
	samc_buf b = SAMC_BUF_INIT;
	for (const cJSON *i = items->child; i; i = i->next) {
		if (i != items->child)
			samc_buf_puts(&b, delim->valuestring);
		samc_buf_puts(&b, i->valuestring);
	}
	cJSON_Delete(items);
	const char *s = samc_buf_cstr(&b);
	char *r = s ? samc_strdup(s) : NULL;
	samc_buf_free(&b);
	return r;
}

/* A nested lookup whose keys resolve and whose value is a string. */
static char *lookup_text(const lx *c, const cJSON *call, int depth);

/* The text of a key (malloc'd), or NULL when it is only known at deployment. */
static char *key_text(const lx *c, const cJSON *key, int depth)
{
	char buf[32];
	const char *text = samc_json_scalar_text(key, buf);
	if (text || depth > MAX_KEY_DEPTH)
		return text ? samc_strdup(text) : NULL;
	const char *ref = lx_ref_target(key);
	const char *value = ref && !lx_param_is_list(c, ref) ? cJSON_GetStringValue(lx_param(c, ref)) : NULL;
	if (ref)
		return value ? samc_strdup(value) : NULL;
	if (!lx_is_intrinsic(key))
		return NULL;
	const char *fn = key->child->string;
	if (strcmp(fn, "Fn::Select") == 0)
		return select_text(c, key->child, depth);
	if (strcmp(fn, "Fn::Join") == 0)
		return join_text(c, key->child, depth);
	if (strcmp(fn, "Fn::FindInMap") == 0)
		return lookup_text(c, key, depth);
	return NULL;
}

static bool is_default_option(const cJSON *opt)
{
	return cJSON_IsObject(opt) && opt->child && !opt->child->next && opt->child->string &&
	       strcmp(opt->child->string, "DefaultValue") == 0;
}

/* The mapped value (or the DefaultValue) of a well-formed call; *known is false when a key is
 * only known at deployment. */
static const cJSON *lookup(const lx *c, const cJSON *args, bool *known, int depth)
{
	const cJSON *opt = cJSON_GetArraySize(args) == 4 ? cJSON_GetArrayItem(args, 3) : NULL;
	char *keys[3];
	for (int i = 0; i < 3; i++)
		keys[i] = key_text(c, cJSON_GetArrayItem(args, i), depth + 1);
	*known = keys[0] && keys[1] && keys[2];
	const cJSON *value = NULL;
	if (*known) {
		value = xf_get(xf_get(xf_get(xf_get(c->tpl, "Mappings"), keys[0]), keys[1]), keys[2]);
		if (!value || cJSON_IsNull(value))
			value = opt ? opt->child : NULL;
	}
	for (int i = 0; i < 3; i++)
		free(keys[i]);
	return value;
}

static char *lookup_text(const lx *c, const cJSON *call, int depth)
{
	int n = cJSON_GetArraySize(call->child);
	bool known = false;
	if (!cJSON_IsArray(call->child) || n < 3 || n > 4)
		return NULL;
	const char *s = cJSON_GetStringValue(lookup(c, call->child, &known, depth));
	return s ? samc_strdup(s) : NULL;
}

int lx_find_in_map(lx *c, const cJSON *call, cJSON **out)
{
	*out = NULL;
	const cJSON *args = call->child;
	int n = cJSON_GetArraySize(args);
	if (!cJSON_IsArray(args) || n < 3 || n > 4)
		return lx_fail(c, call, "Fn::FindInMap layout is incorrect");
	const cJSON *opt = n == 4 ? cJSON_GetArrayItem(args, 3) : NULL;
	if (opt && !is_default_option(opt))
		return lx_fail(c, opt, "Fn::FindInMap layout is incorrect");
	bool known = false;
	const cJSON *value = lookup(c, args, &known, 0);
	if (!value)
		return LX_OK;
	*out = cJSON_Duplicate(value, 1);
	return *out ? LX_OK : lx_nomem(c);
}
