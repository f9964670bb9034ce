/* language_extensions_params.c — parameter values for AWS::LanguageExtensions (overrides, then
 * Default; list types split on commas) and the small node helpers the passes share. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "json/values.h"
#include "transform/language_extensions.h"
#include "transform/xf.h"
#include "util/buf.h"

static bool is_list_type(const char *type)
{
	return type && (strcmp(type, "CommaDelimitedList") == 0 || strncmp(type, "List<", 5) == 0);
}

/* "a, b ,c" -> ["a","b","c"]: CloudFormation trims the spaces around each member. */
static cJSON *split_list(const char *text)
{
	cJSON *list = cJSON_CreateArray();
	for (const char *p = text; list;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		while (n && isspace((unsigned char)*p))
			p++, n--;
		while (n && isspace((unsigned char)p[n - 1]))
			n--;
		char *item = samc_strfmt("%.*s", (int)n, p);
		cJSON *s = item ? cJSON_CreateString(item) : NULL;
		free(item);
		if (!s) {
			cJSON_Delete(list);
			return NULL;
		}
		cJSON_AddItemToArray(list, s);
		if (!comma)
			break;
		p = comma + 1;
	}
	return list;
}

/* A YAML list Default ([a, b]) as an array of strings. */
static cJSON *list_of_texts(const cJSON *items)
{
	cJSON *list = cJSON_CreateArray();
	const cJSON *item;
	cJSON_ArrayForEach(item, items)
	{
		char buf[32];
		const char *t = samc_json_scalar_text(item, buf);
		cJSON *s = list && t ? cJSON_CreateString(t) : NULL;
		if (!s) {
			cJSON_Delete(list);
			return NULL;
		}
		cJSON_AddItemToArray(list, s);
	}
	return list;
}

static cJSON *value_of(const cJSON *given, bool list)
{
	char buf[32];
	if (list && cJSON_IsArray(given))
		return list_of_texts(given);
	const char *text = samc_json_scalar_text(given, buf);
	if (!text)
		return NULL;
	return list ? split_list(text) : cJSON_CreateString(text);
}

static int add_parameter(lx *c, const cJSON *def, const cJSON *overrides)
{
	bool list = is_list_type(xf_get_str(def, "Type"));
	if (list && !cJSON_AddTrueToObject(c->list_params, def->string))
		return lx_nomem(c);
	const cJSON *given = cJSON_GetObjectItemCaseSensitive(overrides, def->string);
	if (!given)
		given = xf_get(def, "Default");
	if (!given)
		return LX_OK;
	cJSON *v = value_of(given, list);
	if (!v)
		return cJSON_IsString(given) || cJSON_IsNumber(given) || cJSON_IsBool(given) || cJSON_IsArray(given)
			       ? lx_nomem(c)
			       : LX_OK;
	samc_json_add_key(c->params, def->string, v);
	return LX_OK;
}

int lx_params_init(lx *c, const cJSON *overrides, const char *region)
{
	c->params = cJSON_CreateObject();
	c->list_params = cJSON_CreateObject();
	if (!c->params || !c->list_params)
		return lx_nomem(c);
	const cJSON *defs = xf_get(c->tpl, "Parameters");
	for (const cJSON *def = cJSON_IsObject(defs) ? defs->child : NULL; def; def = def->next)
		if (def->string && add_parameter(c, def, overrides))
			return LX_FAIL;
	const char *r = region ? region : "us-east-1";
	if (!SAMC_JSON_ADD_STRING(c->params, "AWS::Region", r) ||
	    !SAMC_JSON_ADD_STRING(c->params, "AWS::Partition", xf_partition_for_region(r)))
		return lx_nomem(c);
	return LX_OK;
}

const cJSON *lx_param(const lx *c, const char *name)
{
	return name ? cJSON_GetObjectItemCaseSensitive(c->params, name) : NULL;
}

bool lx_param_is_list(const lx *c, const char *name)
{
	return name && cJSON_GetObjectItemCaseSensitive(c->list_params, name) != NULL;
}

const char *lx_ref_target(const cJSON *node)
{
	if (!cJSON_IsObject(node) || !node->child || node->child->next || strcmp(node->child->string, "Ref") != 0)
		return NULL;
	return cJSON_IsString(node->child) ? node->child->valuestring : NULL;
}

bool lx_is_intrinsic(const cJSON *node)
{
	if (!cJSON_IsObject(node) || !node->child || node->child->next || !node->child->string)
		return false;
	const char *k = node->child->string;
	return strcmp(k, "Ref") == 0 || strcmp(k, "Condition") == 0 || strncmp(k, "Fn::", 4) == 0;
}

void lx_replace(cJSON *parent, cJSON *old, cJSON *repl)
{
	samc_pos pos;
	if (samc_node_pos(old, &pos))
		samc_node_set_pos(repl, pos);
	if (old->string) {
		samc_json_move_key(repl, old);
		repl->type = (repl->type & ~SAMC_KEY_NOT_STRING) | (old->type & SAMC_KEY_NOT_STRING);
	}
	cJSON_ReplaceItemViaPointer(parent, old, repl);
}
