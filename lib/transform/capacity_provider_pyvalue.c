/* capacity_provider_pyvalue.c — the pydantic v1 value validators (dict, int, float, str) that
 * the CapacityProvider model applies, with Python's int()/float()/str()/dict() conversions. */
#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc/doc.h"
#include "json/emit.h"
#include "json/members.h"
#include "transform/capacity_provider.h"

/* ---- dict(v) ---- */

static size_t utf8_length(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* Python str() of a scalar usable as a Dict[str, Any] key; NULL when it is not one. */
static char *key_text(const cJSON *k)
{
	char buf[32];
	if (cJSON_IsString(k))
		return samc_strdup(k->valuestring);
	if (cJSON_IsNumber(k))
		return samc_strdup(samc_number_text(k, buf));
	if (cJSON_IsBool(k))
		return samc_strdup(cJSON_IsTrue(k) ? "True" : "False");
	return NULL;
}

/* dict() sees each item of a list as a (key, value) pair when it iterates to exactly two
 * elements: a two-character string, a two-element list, a map with two keys. */
static bool item_pair(const cJSON *item, char **key, cJSON **value)
{
	*key = NULL;
	*value = NULL;
	if (cJSON_IsString(item) && utf8_length(item->valuestring) == 2) {
		const char *s = item->valuestring;
		size_t first = 1;
		while (s[first] && ((unsigned char)s[first] & 0xC0) == 0x80)
			first++;
		*key = samc_strfmt("%.*s", (int)first, s);
		*value = cJSON_CreateString(s + first);
	} else if (cJSON_IsArray(item) && cJSON_GetArraySize(item) == 2) {
		*key = key_text(item->child);
		*value = *key ? cJSON_Duplicate(item->child->next, 1) : NULL;
	} else if (cJSON_IsObject(item) && cJSON_GetArraySize(item) == 2) {
		*key = samc_strdup(item->child->string);
		*value = cJSON_CreateString(item->child->next->string);
	}
	if (*key && *value)
		return true;
	free(*key);
	cJSON_Delete(*value);
	*key = NULL;
	*value = NULL;
	return false;
}

static void put_pair(cJSON *dict, const char *key, cJSON *value)
{
	if (cJSON_GetObjectItemCaseSensitive(dict, key))
		cJSON_ReplaceItemInObjectCaseSensitive(dict, key, value);
	else
		samc_json_add_key(dict, key, value);
}

int pv_dict(const cJSON *v, cJSON **out)
{
	*out = NULL;
	if (cJSON_IsObject(v)) {
		*out = cJSON_Duplicate(v, 1);
		return *out ? XF_OK : XF_NOMEM;
	}
	if (!cJSON_IsArray(v))
		return XF_FAIL;
	cJSON *dict = cJSON_CreateObject();
	if (!dict)
		return XF_NOMEM;
	for (const cJSON *item = v->child; item; item = item->next) {
		char *key;
		cJSON *value;
		if (!item_pair(item, &key, &value)) {
			cJSON_Delete(dict);
			return XF_FAIL;
		}
		put_pair(dict, key, value);
		free(key);
	}
	*out = dict;
	return XF_OK;
}

/* ---- int(v) and float(v) of strings ---- */

/* Python's str.strip() of ASCII whitespace, as [*start, *end). */
static void strip(const char *s, const char **start, const char **end)
{
	*start = s;
	*end = s + strlen(s);
	while (*start < *end && isspace((unsigned char)**start))
		(*start)++;
	while (*end > *start && isspace((unsigned char)(*end)[-1]))
		(*end)--;
}

/* Digits with single underscores between them (PEP 515); copies the digits to out. */
static const char *digit_run(const char *p, const char *end, samc_buf *out)
{
	if (p >= end || !isdigit((unsigned char)*p))
		return NULL;
	while (p < end) {
		if (isdigit((unsigned char)*p))
			samc_buf_putc(out, *p++);
		else if (*p == '_' && p + 1 < end && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[-1]))
			p++;
		else
			break;
	}
	return p;
}

/* int(text): optional sign, digits; the canonical decimal text, or NULL. */
static char *int_text(const char *s)
{
	const char *p, *end;
	strip(s, &p, &end);
	bool negative = p < end && *p == '-';
	if (p < end && (*p == '-' || *p == '+'))
		p++;
	samc_buf digits = SAMC_BUF_INIT;
	const char *after = digit_run(p, end, &digits);
	if (!after || after != end) {
		samc_buf_free(&digits);
		return NULL;
	}
	const char *d = samc_buf_cstr(&digits);
	while (d && d[0] == '0' && d[1])
		d++;
	char *text = d ? samc_strfmt("%s%s", negative && strcmp(d, "0") != 0 ? "-" : "", d) : NULL;
	samc_buf_free(&digits);
	return text;
}

static bool word_is(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);
	return (size_t)(end - p) == n && strncasecmp(p, word, n) == 0;
}

/* float(text): [sign] (digits [. digits] | . digits) [e [sign] digits] | inf | infinity | nan. */
static bool float_value(const char *s, double *out)
{
	const char *p, *end;
	strip(s, &p, &end);
	samc_buf text = SAMC_BUF_INIT;
	if (p < end && (*p == '-' || *p == '+'))
		samc_buf_putc(&text, *p++);
	bool ok;
	if (word_is(p, end, "inf") || word_is(p, end, "infinity") || word_is(p, end, "nan")) {
		samc_buf_put(&text, p, (size_t)(end - p));
		ok = true;
	} else {
		const char *q = digit_run(p, end, &text);
		bool whole = q != NULL;
		if (!q)
			q = p;
		bool fraction = false;
		if (q < end && *q == '.') {
			samc_buf_putc(&text, *q++);
			const char *r = digit_run(q, end, &text);
			fraction = r != NULL;
			if (r)
				q = r;
		}
		ok = whole || fraction;
		if (ok && q < end && (*q == 'e' || *q == 'E')) {
			samc_buf_putc(&text, *q++);
			if (q < end && (*q == '-' || *q == '+'))
				samc_buf_putc(&text, *q++);
			q = digit_run(q, end, &text);
			ok = q != NULL;
		}
		ok = ok && q == end;
	}
	const char *t = samc_buf_cstr(&text);
	if (ok && t)
		*out = strtod(t, NULL);
	samc_buf_free(&text);
	return ok && t;
}

/* ---- the validators ---- */

int pv_int(const cJSON *v, cJSON **out)
{
	*out = NULL;
	char *text = NULL;
	if (cJSON_IsBool(v))
		text = samc_strdup(cJSON_IsTrue(v) ? "1" : "0");
	else if (cJSON_IsNumber(v) && samc_number_is_int(v)) {
		*out = cJSON_Duplicate(v, 1);
		return *out ? XF_OK : XF_NOMEM;
	} else if (cJSON_IsNumber(v)) {
		if (!isfinite(v->valuedouble))
			return XF_FAIL;
		text = samc_strfmt("%.0f", trunc(v->valuedouble) == 0 ? 0.0 : trunc(v->valuedouble));
	} else if (cJSON_IsString(v)) {
		text = int_text(v->valuestring);
		if (!text)
			return XF_FAIL;
	} else
		return XF_FAIL;
	if (!text)
		return XF_NOMEM;
	*out = samc_number_new(text, strtod(text, NULL));
	free(text);
	return *out ? XF_OK : XF_NOMEM;
}

int pv_float(const cJSON *v, cJSON **out)
{
	*out = NULL;
	double d;
	if (cJSON_IsBool(v))
		d = cJSON_IsTrue(v) ? 1.0 : 0.0;
	else if (cJSON_IsNumber(v))
		d = v->valuedouble;
	else if (!cJSON_IsString(v) || !float_value(v->valuestring, &d))
		return XF_FAIL;
	char text[32];
	samc_float_repr(d, text);
	*out = samc_number_new(text, d);
	return *out ? XF_OK : XF_NOMEM;
}

int pv_str(const cJSON *v, cJSON **out)
{
	*out = NULL;
	char buf[32];
	if (cJSON_IsString(v))
		*out = cJSON_Duplicate(v, 1);
	else if (cJSON_IsNumber(v))
		*out = cJSON_CreateString(samc_number_text(v, buf));
	else if (cJSON_IsBool(v))
		*out = cJSON_CreateString(cJSON_IsTrue(v) ? "True" : "False");
	else
		return XF_FAIL;
	return *out ? XF_OK : XF_NOMEM;
}
