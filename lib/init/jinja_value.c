/* jinja_value.c — Python semantics for the JSON values templates see: truthiness, str() and
 * repr() printing, equality and ordering. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "init/jinja_int.h"
#include "json/values.h"

bool jv_truthy(const cJSON *v)
{
	return samc_py_truthy(v);
}

bool jv_is_int(const cJSON *v)
{
	return cJSON_IsNumber(v) && isfinite(v->valuedouble) && floor(v->valuedouble) == v->valuedouble &&
	       fabs(v->valuedouble) < 1e15;
}

static void put_number(samc_buf *out, double d, bool is_int)
{
	if (is_int)
		samc_buf_printf(out, "%lld", (long long)d);
	else if (isnan(d))
		samc_buf_puts(out, "nan");
	else if (isinf(d))
		samc_buf_puts(out, d < 0 ? "-inf" : "inf");
	else {
		char tmp[40];
		for (int prec = 1; prec <= 17; prec++) { /* shortest text that reads back the same */
			snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
			if (strtod(tmp, NULL) == d)
				break;
		}
		samc_buf_puts(out, tmp);
		if (!strpbrk(tmp, ".e"))
			samc_buf_puts(out, ".0");
	}
}

static void put_repr_string(samc_buf *out, const char *s)
{
	char quote = strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'';
	samc_buf_putc(out, quote);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\\' || *p == (unsigned char)quote)
			samc_buf_printf(out, "\\%c", *p);
		else if (*p == '\n')
			samc_buf_puts(out, "\\n");
		else if (*p == '\t')
			samc_buf_puts(out, "\\t");
		else if (*p == '\r')
			samc_buf_puts(out, "\\r");
		else if (*p < 0x20 || *p == 0x7f)
			samc_buf_printf(out, "\\x%02x", *p);
		else
			samc_buf_putc(out, (char)*p);
	}
	samc_buf_putc(out, quote);
}

void jv_repr(samc_buf *out, const cJSON *v)
{
	if (cJSON_IsString(v)) {
		put_repr_string(out, v->valuestring);
	} else if (cJSON_IsArray(v) || cJSON_IsObject(v)) {
		bool obj = cJSON_IsObject(v);
		samc_buf_putc(out, obj ? '{' : '[');
		for (const cJSON *c = v->child; c; c = c->next) {
			if (obj) {
				put_repr_string(out, c->string ? c->string : "");
				samc_buf_puts(out, ": ");
			}
			jv_repr(out, c);
			if (c->next)
				samc_buf_puts(out, ", ");
		}
		samc_buf_putc(out, obj ? '}' : ']');
	} else {
		jv_str(out, v);
	}
}

void jv_str(samc_buf *out, const cJSON *v)
{
	if (!v || cJSON_IsNull(v))
		samc_buf_puts(out, "None");
	else if (cJSON_IsTrue(v))
		samc_buf_puts(out, "True");
	else if (cJSON_IsFalse(v))
		samc_buf_puts(out, "False");
	else if (cJSON_IsNumber(v))
		put_number(out, v->valuedouble, jv_is_int(v));
	else if (cJSON_IsString(v))
		samc_buf_puts(out, v->valuestring);
	else
		jv_repr(out, v);
}

const char *jv_type_name(const cJSON *v)
{
	if (!v || cJSON_IsNull(v))
		return "None";
	if (cJSON_IsBool(v))
		return "bool";
	if (cJSON_IsNumber(v))
		return jv_is_int(v) ? "int" : "float";
	if (cJSON_IsString(v))
		return "str";
	if (cJSON_IsArray(v))
		return "list";
	return "dict";
}

static double num_of(const cJSON *v)
{
	return cJSON_IsBool(v) ? (cJSON_IsTrue(v) ? 1 : 0) : v->valuedouble;
}

static bool numeric(const cJSON *v)
{
	return cJSON_IsNumber(v) || cJSON_IsBool(v);
}

bool jv_equal(const cJSON *a, const cJSON *b)
{
	if (numeric(a) && numeric(b))
		return num_of(a) == num_of(b);
	if (cJSON_IsString(a) && cJSON_IsString(b))
		return strcmp(a->valuestring, b->valuestring) == 0;
	if ((cJSON_IsNull(a) && cJSON_IsNull(b)))
		return true;
	if (cJSON_IsArray(a) && cJSON_IsArray(b)) {
		const cJSON *x = a->child, *y = b->child;
		for (; x && y; x = x->next, y = y->next)
			if (!jv_equal(x, y))
				return false;
		return !x && !y;
	}
	if (cJSON_IsObject(a) && cJSON_IsObject(b)) {
		if (cJSON_GetArraySize(a) != cJSON_GetArraySize(b))
			return false;
		for (const cJSON *x = a->child; x; x = x->next) {
			const cJSON *y = cJSON_GetObjectItemCaseSensitive(b, x->string);
			if (!y || !jv_equal(x, y))
				return false;
		}
		return true;
	}
	return false;
}

int jv_compare(const cJSON *a, const cJSON *b, bool *ok)
{
	*ok = true;
	if (numeric(a) && numeric(b))
		return num_of(a) < num_of(b) ? -1 : num_of(a) > num_of(b);
	if (cJSON_IsString(a) && cJSON_IsString(b)) {
		int c = strcmp(a->valuestring, b->valuestring);
		return c < 0 ? -1 : c > 0;
	}
	if (cJSON_IsArray(a) && cJSON_IsArray(b)) {
		const cJSON *x = a->child, *y = b->child;
		for (; x && y; x = x->next, y = y->next) {
			if (jv_equal(x, y))
				continue;
			return jv_compare(x, y, ok);
		}
		return x ? 1 : y ? -1 : 0;
	}
	*ok = false;
	return 0;
}
