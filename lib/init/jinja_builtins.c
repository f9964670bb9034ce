/* jinja_builtins.c — the filters (|lower, |replace, |length, |default ...), tests (is none ...)
 * and Python string/dict methods (.lower(), .replace(), .rfind(), .get() ...) templates call. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "init/jinja_int.h"

#define STR(v) ((v)->valuestring)

static int bad(samc_buf *why, const char *msg)
{
	samc_buf_puts(why, msg);
	return SAMC_EINVALID;
}

static int new_string(cJSON **out, const char *s)
{
	*out = s ? cJSON_CreateString(s) : NULL;
	return *out ? 0 : SAMC_ENOMEM;
}

static int take_buf(cJSON **out, samc_buf *b)
{
	int rc = b->oom ? SAMC_ENOMEM : new_string(out, samc_buf_cstr(b));
	samc_buf_free(b);
	return rc;
}

static bool all_strings(cJSON *const *args, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (!cJSON_IsString(args[i]))
			return false;
	return true;
}

static int map_case(const char *s, int mode, cJSON **out)
{
	samc_buf b = SAMC_BUF_INIT;
	bool word_start = true;
	for (size_t i = 0; s[i]; i++) {
		unsigned char ch = (unsigned char)s[i];
		char r = (char)ch;
		if (mode == 'l')
			r = (char)tolower(ch);
		else if (mode == 'u')
			r = (char)toupper(ch);
		else if (mode == 't') /* title: capitalise each word */
			r = (char)(word_start ? toupper(ch) : tolower(ch));
		else /* capitalize: first character upper, rest lower */
			r = (char)(i == 0 ? toupper(ch) : tolower(ch));
		word_start = !isalpha(ch);
		samc_buf_putc(&b, r);
	}
	return take_buf(out, &b);
}

static int replace(const char *s, const char *old, const char *new, long count, cJSON **out)
{
	samc_buf b = SAMC_BUF_INIT;
	size_t n = strlen(old);
	const char *p = s;
	for (long done = 0; *p && (count < 0 || done < count); done++) {
		const char *hit = n ? strstr(p, old) : p;
		if (!hit)
			break;
		samc_buf_put(&b, p, (size_t)(hit - p));
		samc_buf_puts(&b, new);
		if (!n) { /* Python inserts between every character */
			samc_buf_putc(&b, *hit);
			p = hit + 1;
		} else {
			p = hit + n;
		}
	}
	samc_buf_puts(&b, p);
	return take_buf(out, &b);
}

static bool strip_char(char c, const char *chars)
{
	return chars ? strchr(chars, c) != NULL && c : isspace((unsigned char)c);
}

static int strip(const char *s, const char *chars, bool left, bool right, cJSON **out)
{
	const char *a = s, *e = s + strlen(s);
	while (left && a < e && strip_char(*a, chars))
		a++;
	while (right && e > a && strip_char(e[-1], chars))
		e--;
	char *r = strndup(a, (size_t)(e - a));
	int rc = new_string(out, r);
	free(r);
	return rc;
}

static int find(const char *s, const char *sub, bool last, cJSON **out)
{
	long at = -1;
	for (const char *p = s; (p = strstr(p, sub)); p++) {
		at = (long)(p - s);
		if (!last || !*p)
			break;
	}
	*out = cJSON_CreateNumber((double)at);
	return *out ? 0 : SAMC_ENOMEM;
}

static int split(const char *s, const char *sep, cJSON **out)
{
	if (!(*out = cJSON_CreateArray()))
		return SAMC_ENOMEM;
	const char *p = s;
	for (;;) {
		if (!sep)
			while (*p && isspace((unsigned char)*p))
				p++;
		if (!sep && !*p)
			return 0;
		const char *e = sep ? strstr(p, sep) : p;
		if (!sep)
			while (*e && !isspace((unsigned char)*e))
				e++;
		const char *stop = e ? e : p + strlen(p);
		char *part = strndup(p, (size_t)(stop - p));
		cJSON *item = part ? cJSON_CreateString(part) : NULL;
		free(part);
		if (!item || !cJSON_AddItemToArray(*out, item))
			return cJSON_Delete(item), SAMC_ENOMEM;
		if (!e || (!sep && !*e))
			return 0;
		p = e + (sep ? strlen(sep) : 0);
	}
}

static int join(const cJSON *list, const char *sep, cJSON **out)
{
	samc_buf b = SAMC_BUF_INIT;
	for (const cJSON *x = list->child; x; x = x->next) {
		jv_str(&b, x);
		if (x->next)
			samc_buf_puts(&b, sep);
	}
	return take_buf(out, &b);
}

static int string_method(const char *name, const char *s, cJSON *const *a, size_t n, cJSON **out,
			 samc_buf *why)
{
	if (!all_strings(a, 0, strcmp(name, "replace") == 0 && n == 3 ? 2 : n) && strcmp(name, "join"))
		return bad(why, "the arguments must be strings");
	if (!strcmp(name, "lower") || !strcmp(name, "upper") || !strcmp(name, "title") ||
	    !strcmp(name, "capitalize"))
		return n ? bad(why, "takes no arguments") : map_case(s, name[0], out);
	if (!strcmp(name, "replace")) {
		if (n < 2 || n > 3 || (n == 3 && !jv_is_int(a[2])))
			return bad(why, "takes (old, new[, count])");
		return replace(s, STR(a[0]), STR(a[1]), n == 3 ? (long)a[2]->valuedouble : -1, out);
	}
	if (!strcmp(name, "strip") || !strcmp(name, "lstrip") || !strcmp(name, "rstrip"))
		return n > 1 ? bad(why, "takes at most one argument")
			     : strip(s, n ? STR(a[0]) : NULL, name[0] != 'r', name[0] != 'l', out);
	if (!strcmp(name, "find") || !strcmp(name, "rfind"))
		return n != 1 ? bad(why, "takes one argument") : find(s, STR(a[0]), name[0] == 'r', out);
	if (!strcmp(name, "startswith") || !strcmp(name, "endswith")) {
		if (n != 1)
			return bad(why, "takes one argument");
		size_t ls = strlen(s), lp = strlen(STR(a[0]));
		bool r = lp <= ls && memcmp(name[0] == 's' ? s : s + ls - lp, STR(a[0]), lp) == 0;
		*out = cJSON_CreateBool(r);
		return *out ? 0 : SAMC_ENOMEM;
	}
	if (!strcmp(name, "split"))
		return n > 1 ? bad(why, "takes at most one argument") : split(s, n ? STR(a[0]) : NULL, out);
	if (!strcmp(name, "join"))
		return n != 1 || !cJSON_IsArray(a[0]) ? bad(why, "takes one list") : join(a[0], s, out);
	return JINJA_UNKNOWN;
}

static int dict_method(const char *name, const cJSON *d, cJSON *const *a, size_t n, cJSON **out,
		       samc_buf *why)
{
	if (!strcmp(name, "get")) {
		if (n < 1 || n > 2 || !cJSON_IsString(a[0]))
			return bad(why, "takes (key[, default])");
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(d, STR(a[0]));
		*out = v ? cJSON_Duplicate(v, true) : n == 2 ? cJSON_Duplicate(a[1], true) : cJSON_CreateNull();
		return *out ? 0 : SAMC_ENOMEM;
	}
	bool keys = !strcmp(name, "keys"), values = !strcmp(name, "values"), items = !strcmp(name, "items");
	if (!keys && !values && !items)
		return JINJA_UNKNOWN;
	if (!(*out = cJSON_CreateArray()))
		return SAMC_ENOMEM;
	for (const cJSON *x = d->child; x; x = x->next) {
		cJSON *k = keys || items ? cJSON_CreateString(x->string) : NULL;
		cJSON *v = values || items ? cJSON_Duplicate(x, true) : NULL;
		cJSON *item = items ? cJSON_CreateArray() : keys ? k : v;
		if (items && item) {
			cJSON_AddItemToArray(item, k);
			cJSON_AddItemToArray(item, v);
		}
		if (!item || !cJSON_AddItemToArray(*out, item))
			return cJSON_Delete(item), SAMC_ENOMEM;
	}
	return 0;
}

int jinja_method(const char *name, const cJSON *v, cJSON *const *args, size_t nargs, cJSON **out,
		 samc_buf *why)
{
	if (cJSON_IsString(v))
		return string_method(name, STR(v), args, nargs, out, why);
	if (cJSON_IsObject(v))
		return dict_method(name, v, args, nargs, out, why);
	return JINJA_UNKNOWN;
}

/* ---- filters ----------------------------------------------------------------------- */

static int length(const cJSON *v, cJSON **out, samc_buf *why)
{
	double n;
	if (cJSON_IsString(v)) {
		n = 0;
		for (const unsigned char *p = (const unsigned char *)STR(v); *p; p++)
			n += (*p & 0xC0) != 0x80;
	} else if (cJSON_IsArray(v) || cJSON_IsObject(v)) {
		n = cJSON_GetArraySize(v);
	} else {
		return bad(why, "needs a string, list or dict");
	}
	*out = cJSON_CreateNumber(n);
	return *out ? 0 : SAMC_ENOMEM;
}

static int slugify(const char *s, cJSON **out)
{
	samc_buf b = SAMC_BUF_INIT;
	bool dash = false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (isalnum(*p)) {
			if (dash && b.len)
				samc_buf_putc(&b, '-');
			dash = false;
			samc_buf_putc(&b, (char)tolower(*p));
		} else if (*p != '\'') {
			dash = true;
		}
	}
	return take_buf(out, &b);
}

static int to_number(const cJSON *v, bool integer, cJSON *const *a, size_t n, cJSON **out)
{
	double d = n ? (cJSON_IsNumber(a[0]) ? a[0]->valuedouble : 0) : 0;
	if (cJSON_IsNumber(v) || cJSON_IsBool(v)) {
		d = cJSON_IsNumber(v) ? v->valuedouble : cJSON_IsTrue(v);
	} else if (cJSON_IsString(v)) {
		char *end;
		double x = strtod(STR(v), &end);
		if (end != STR(v) && !*end)
			d = x;
	}
	*out = cJSON_CreateNumber(integer ? trunc(d) : d);
	return *out ? 0 : SAMC_ENOMEM;
}

/* A new list of copies of items[0..n). */
static int copy_items(const cJSON *const *items, size_t n, cJSON **out)
{
	if (!(*out = cJSON_CreateArray()))
		return SAMC_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		cJSON *copy = cJSON_Duplicate(items[i], true);
		if (!copy || !cJSON_AddItemToArray(*out, copy)) {
			cJSON_Delete(copy);
			cJSON_Delete(*out);
			*out = NULL;
			return SAMC_ENOMEM;
		}
	}
	return 0;
}

/* Sorts pointers, then copies: cJSON_InsertItemInArray cannot be trusted to move items (some
 * packaged cJSON versions refuse an index inside the list and the item is lost). */
static int sorted(const cJSON *v, bool reverse, cJSON **out, samc_buf *why)
{
	if (!cJSON_IsArray(v))
		return bad(why, "needs a list");
	size_t n = (size_t)cJSON_GetArraySize(v), k = 0;
	const cJSON **items = malloc((n ? n : 1) * sizeof(*items));
	if (!items)
		return SAMC_ENOMEM;
	for (const cJSON *x = v->child; x && k < n; x = x->next)
		items[k++] = x;
	for (size_t i = 1; i < k; i++) /* insertion sort: stable, lists here are short */
		for (size_t j = i; j > 0; j--) {
			bool ok;
			int cmp = jv_compare(items[j - 1], items[j], &ok);
			if (!ok) {
				free(items);
				return bad(why, "the items do not compare");
			}
			if (reverse ? cmp >= 0 : cmp <= 0)
				break;
			const cJSON *t = items[j];
			items[j] = items[j - 1];
			items[j - 1] = t;
		}
	int rc = copy_items(items, k, out);
	free(items);
	return rc;
}

static int list_end(const cJSON *v, bool last, cJSON **out, samc_buf *why)
{
	if (cJSON_IsArray(v)) {
		int n = cJSON_GetArraySize(v);
		if (n == 0)
			return bad(why, "the list is empty");
		*out = cJSON_Duplicate(cJSON_GetArrayItem(v, last ? n - 1 : 0), true);
		return *out ? 0 : SAMC_ENOMEM;
	}
	if (cJSON_IsString(v) && *STR(v)) {
		char ch[2] = {last ? STR(v)[strlen(STR(v)) - 1] : STR(v)[0], 0};
		return new_string(out, ch);
	}
	return bad(why, "needs a non-empty list or string");
}

static int reversed(const cJSON *v, cJSON **out, samc_buf *why)
{
	if (cJSON_IsString(v)) {
		size_t n = strlen(STR(v));
		char *r = malloc(n + 1);
		if (!r)
			return SAMC_ENOMEM;
		for (size_t i = 0; i < n; i++)
			r[i] = STR(v)[n - 1 - i];
		r[n] = '\0';
		int rc = new_string(out, r);
		free(r);
		return rc;
	}
	if (!cJSON_IsArray(v))
		return bad(why, "needs a list or string");
	if (!(*out = cJSON_CreateArray()))
		return SAMC_ENOMEM;
	for (const cJSON *x = v->child; x; x = x->next) {
		cJSON *d = cJSON_Duplicate(x, true);
		if (!d || !cJSON_InsertItemInArray(*out, 0, d))
			return cJSON_Delete(d), SAMC_ENOMEM;
	}
	return 0;
}

static int as_string(const cJSON *v, cJSON **out)
{
	samc_buf b = SAMC_BUF_INIT;
	jv_str(&b, v);
	return take_buf(out, &b);
}

static int to_json(const cJSON *v, cJSON **out)
{
	char *s = cJSON_PrintUnformatted(v);
	int rc = new_string(out, s);
	free(s);
	return rc;
}

int jinja_filter(const char *name, const cJSON *v, cJSON *const *a, size_t n, cJSON **out,
		 samc_buf *why)
{
	if (!strcmp(name, "default") || !strcmp(name, "d")) {
		bool use_default = n && ((n > 1 && jv_truthy(a[1])) ? !jv_truthy(v) : cJSON_IsNull(v));
		*out = cJSON_Duplicate(use_default ? a[0] : v, true);
		return *out ? 0 : SAMC_ENOMEM;
	}
	if (!strcmp(name, "length") || !strcmp(name, "count"))
		return length(v, out, why);
	if (!strcmp(name, "string"))
		return as_string(v, out);
	if (!strcmp(name, "int") || !strcmp(name, "float"))
		return to_number(v, name[0] == 'i', a, n, out);
	if (!strcmp(name, "jsonify") || !strcmp(name, "tojson"))
		return to_json(v, out);
	if (!strcmp(name, "first") || !strcmp(name, "last"))
		return list_end(v, name[0] == 'l', out, why);
	if (!strcmp(name, "sort"))
		return sorted(v, n && jv_truthy(a[0]), out, why);
	if (!strcmp(name, "reverse"))
		return reversed(v, out, why);
	if (!strcmp(name, "list"))
		return cJSON_IsArray(v) ? ((*out = cJSON_Duplicate(v, true)) ? 0 : SAMC_ENOMEM)
					: bad(why, "needs a list");
	if (!strcmp(name, "join")) {
		if (!cJSON_IsArray(v) || (n && !cJSON_IsString(a[0])))
			return bad(why, "needs a list and an optional string separator");
		return join(v, n ? STR(a[0]) : "", out);
	}
	if (!strcmp(name, "abs") && cJSON_IsNumber(v)) {
		*out = cJSON_CreateNumber(fabs(v->valuedouble));
		return *out ? 0 : SAMC_ENOMEM;
	}
	if (!cJSON_IsString(v))
		return strcmp(name, "lower") && strcmp(name, "upper") && strcmp(name, "replace") &&
				       strcmp(name, "trim") && strcmp(name, "title") &&
				       strcmp(name, "capitalize") && strcmp(name, "slugify")
			       ? JINJA_UNKNOWN
			       : bad(why, "needs a string");
	if (!strcmp(name, "trim"))
		return string_method("strip", STR(v), a, n, out, why);
	if (!strcmp(name, "slugify"))
		return slugify(STR(v), out);
	if (!strcmp(name, "lower") || !strcmp(name, "upper") || !strcmp(name, "replace") ||
	    !strcmp(name, "title") || !strcmp(name, "capitalize"))
		return string_method(name, STR(v), a, n, out, why);
	return JINJA_UNKNOWN;
}

int jinja_test(const char *name, const cJSON *v, cJSON *const *a, size_t n, bool *out,
	       samc_buf *why)
{
	if (!strcmp(name, "none"))
		*out = cJSON_IsNull(v);
	else if (!strcmp(name, "string"))
		*out = cJSON_IsString(v);
	else if (!strcmp(name, "number"))
		*out = cJSON_IsNumber(v);
	else if (!strcmp(name, "integer"))
		*out = jv_is_int(v);
	else if (!strcmp(name, "boolean"))
		*out = cJSON_IsBool(v);
	else if (!strcmp(name, "true") || !strcmp(name, "false"))
		*out = name[0] == 't' ? cJSON_IsTrue(v) : cJSON_IsFalse(v);
	else if (!strcmp(name, "mapping"))
		*out = cJSON_IsObject(v);
	else if (!strcmp(name, "sequence") || !strcmp(name, "iterable"))
		*out = cJSON_IsArray(v) || cJSON_IsString(v) || cJSON_IsObject(v);
	else if (!strcmp(name, "even") || !strcmp(name, "odd"))
		*out = jv_is_int(v) && (((long long)v->valuedouble % 2 == 0) == (name[0] == 'e'));
	else if (!strcmp(name, "eq") || !strcmp(name, "equalto") || !strcmp(name, "ne")) {
		if (n != 1)
			return bad(why, "takes one argument");
		*out = jv_equal(v, a[0]) == (name[0] == 'e');
	} else
		return JINJA_UNKNOWN;
	return 0;
}
