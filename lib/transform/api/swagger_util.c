/* swagger_util.c — Python dict/str semantics the swagger editor relies on: Py27Dict vs plain
 * dict assignment, key objects that survive re-assignment, Py27UniStr strings, deep copies. */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/api/swagger_internal.h"
#include "util/buf.h"

cJSON *sw_str(const char *s, bool unicode)
{
	if (unicode)
		return py27_ustr(s);
	return cJSON_CreateString(s);
}

bool sw_is_ustr(const cJSON *v)
{
	return cJSON_IsString(v) && py27_is_unicode(v);
}

bool sw_key_is_ustr(const cJSON *member)
{
	return member && (member->type & SAMC_PY27_KEY_UNICODE);
}

/* Forgets the key an item had as a member somewhere else. */
static void clear_key(cJSON *item)
{
	if (item->string && !(item->type & cJSON_StringIsConst))
		cJSON_free(item->string);
	item->string = NULL;
	item->type &= ~(SAMC_PY27_KEY_UNICODE | cJSON_StringIsConst);
}

void sw_set(cJSON *d, const char *key, bool ukey, cJSON *val)
{
	if (!val)
		return;
	if (!cJSON_IsObject(d)) {
		cJSON_Delete(val);
		return;
	}
	cJSON *old = cJSON_GetObjectItemCaseSensitive(d, key);
	if (old)
		ukey = sw_key_is_ustr(old);
	clear_key(val);
	if (py27_is_dict(d)) {
		if (ukey)
			py27_set_ukey(d, key, val);
		else
			py27_set(d, key, val);
		return;
	}
	if (old) {
		if (!cJSON_ReplaceItemInObjectCaseSensitive(d, key, val)) {
			cJSON_Delete(val);
			return;
		}
	} else if (!samc_json_add_key(d, key, val)) {
		cJSON_Delete(val);
		return;
	}
	if (ukey)
		val->type |= SAMC_PY27_KEY_UNICODE;
}

cJSON *sw_setdefault(cJSON *d, const char *key, bool ukey, cJSON *def)
{
	cJSON *cur = cJSON_GetObjectItemCaseSensitive(d, key);
	if (cur) {
		cJSON_Delete(def);
		return cur;
	}
	sw_set(d, key, ukey, def);
	return cJSON_GetObjectItemCaseSensitive(d, key);
}

void sw_del(cJSON *d, const char *key)
{
	if (!cJSON_IsObject(d) || !cJSON_GetObjectItemCaseSensitive(d, key))
		return;
	if (py27_is_dict(d))
		py27_del(d, key);
	else
		cJSON_DeleteItemFromObjectCaseSensitive(d, key);
}

void sw_update(cJSON *d, const cJSON *other)
{
	if (!cJSON_IsObject(d) || !cJSON_IsObject(other))
		return;
	if (py27_is_dict(d)) {
		py27_update(d, other);
		return;
	}
	size_t n = 0;
	cJSON **m = sw_members(other, &n);
	for (size_t i = 0; i < n; i++)
		sw_set(d, m[i]->string, sw_key_is_ustr(m[i]), sw_copy(m[i]));
	free(m);
}

cJSON **sw_members(const cJSON *d, size_t *n)
{
	*n = 0;
	if (!cJSON_IsObject(d))
		return NULL;
	const cJSON **m = py27_members(d, n);
	if (!m)
		*n = 0;
	return (cJSON **)m;
}

void sw_append(cJSON *list, cJSON *item)
{
	if (!item)
		return;
	clear_key(item);
	if (!cJSON_IsArray(list) || !cJSON_AddItemToArray(list, item))
		cJSON_Delete(item);
}

cJSON *sw_detach(cJSON *d, const char *key)
{
	cJSON *v = cJSON_DetachItemFromObjectCaseSensitive(d, key);
	if (v)
		clear_key(v);
	return v;
}

cJSON *sw_copy(const cJSON *v)
{
	cJSON *c = v ? cJSON_Duplicate(v, 1) : NULL;
	if (c)
		clear_key(c);
	return c;
}

bool sw_is_none(const cJSON *v)
{
	return !v || cJSON_IsNull(v);
}

char *sw_pystr(const cJSON *v)
{
	if (cJSON_IsString(v))
		return samc_strdup(v->valuestring);
	samc_buf b = SAMC_BUF_INIT;
	py27_repr(&b, v);
	return samc_buf_detach(&b);
}

bool sw_str_eq(const cJSON *v, const char *text)
{
	return cJSON_IsString(v) && strcmp(v->valuestring, text) == 0;
}

cJSON *sw_make_conditional(const cJSON *condition, cJSON *true_data)
{
	cJSON *wrap = cJSON_CreateObject();
	cJSON *args = cJSON_AddArrayToObject(wrap, SW_FN_IF);
	cJSON *no_value = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(no_value, "Ref", "AWS::NoValue");
	sw_append(args, sw_copy(condition));
	sw_append(args, true_data);
	sw_append(args, no_value);
	return wrap;
}

cJSON *sw_py27_dict(const char *key, ...)
{
	cJSON *d = py27_dict_new();
	va_list ap;
	va_start(ap, key);
	for (const char *k = key; k; k = va_arg(ap, const char *)) {
		cJSON *v = va_arg(ap, cJSON *);
		if (d)
			sw_set(d, k, false, v);
		else
			cJSON_Delete(v);
	}
	va_end(ap);
	return d;
}

cJSON *sw_type_dict(const char *type)
{
	cJSON *d = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(d, "type", type);
	return d;
}

static char *map_ascii(const char *s, int (*fn)(int))
{
	char *out = samc_strdup(s);
	for (char *p = out; p && *p; p++)
		if ((unsigned char)*p < 0x80)
			*p = (char)fn((unsigned char)*p);
	return out;
}

char *sw_lower(const char *s)
{
	return map_ascii(s, tolower);
}

char *sw_upper(const char *s)
{
	return map_ascii(s, toupper);
}

char *sw_replace(const char *s, const char *old, const char *rep)
{
	samc_buf b = SAMC_BUF_INIT;
	size_t olen = strlen(old);
	const char *p = s;
	for (const char *hit; olen && (hit = strstr(p, old)); p = hit + olen) {
		samc_buf_put(&b, p, (size_t)(hit - p));
		samc_buf_puts(&b, rep);
	}
	samc_buf_puts(&b, p);
	return samc_buf_detach(&b);
}

/* copy.deepcopy: a Py27Dict's copy re-adds its keys in their current iteration order. */
cJSON *swagger_deepcopy(const cJSON *v)
{
	return v ? py27_deepcopy(v) : NULL;
}

cJSON *sw_swap(cJSON *d, const char *key, cJSON *nv)
{
	cJSON *old = cJSON_GetObjectItemCaseSensitive(d, key);
	if (!old || !nv)
		return NULL;
	clear_key(nv);
	int keybits = SAMC_PY27_KEY_UNICODE | cJSON_StringIsConst;
	nv->string = old->string;
	nv->type |= old->type & keybits;
	old->string = NULL;
	old->type &= ~keybits;
	cJSON *prev = old->prev, *next = old->next;
	bool first = d->child == old;
	nv->next = next;
	if (first) {
		d->child = nv;
		nv->prev = next ? prev : nv;
	} else {
		prev->next = nv;
		nv->prev = prev;
	}
	if (next)
		next->prev = nv;
	else if (!first)
		d->child->prev = nv;
	old->next = old->prev = NULL;
	return old;
}
