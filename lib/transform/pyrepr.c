/* pyrepr.c — Python's str() and repr() of JSON values, as the reference's error messages
 * print them ({'a': [1, 'x']}, True, None, 'it\'s'). */
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "transform/intrinsics.h"
#include "util/buf.h"

/* repr() of a str: single quotes unless the text has ' and no ". */
static void repr_string(samc_buf *b, const char *s)
{
	char quote = (strchr(s, '\'') && !strchr(s, '"')) ? '"' : '\'';
	samc_buf_putc(b, quote);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\\' || *p == (unsigned char)quote) {
			samc_buf_putc(b, '\\');
			samc_buf_putc(b, (char)*p);
		} else if (*p == '\n')
			samc_buf_puts(b, "\\n");
		else if (*p == '\r')
			samc_buf_puts(b, "\\r");
		else if (*p == '\t')
			samc_buf_puts(b, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			samc_buf_printf(b, "\\x%02x", *p);
		else
			samc_buf_putc(b, (char)*p);
	}
	samc_buf_putc(b, quote);
}

static void repr_number(samc_buf *b, const cJSON *v)
{
	char tmp[32];
	const char *t = samc_number_text(v, tmp);
	if (strcmp(t, "Infinity") == 0)
		t = "inf";
	else if (strcmp(t, "-Infinity") == 0)
		t = "-inf";
	else if (strcmp(t, "NaN") == 0)
		t = "nan";
	samc_buf_puts(b, t);
}

static void repr_value(samc_buf *b, const cJSON *v)
{
	if (!v || cJSON_IsNull(v))
		samc_buf_puts(b, "None");
	else if (cJSON_IsTrue(v))
		samc_buf_puts(b, "True");
	else if (cJSON_IsFalse(v))
		samc_buf_puts(b, "False");
	else if (cJSON_IsNumber(v))
		repr_number(b, v);
	else if (cJSON_IsString(v))
		repr_string(b, v->valuestring);
	else if (cJSON_IsArray(v)) {
		samc_buf_putc(b, '[');
		for (const cJSON *c = v->child; c; c = c->next) {
			repr_value(b, c);
			if (c->next)
				samc_buf_puts(b, ", ");
		}
		samc_buf_putc(b, ']');
	} else if (cJSON_IsObject(v)) {
		samc_buf_putc(b, '{');
		for (const cJSON *c = v->child; c; c = c->next) {
			repr_string(b, c->string ? c->string : "");
			samc_buf_puts(b, ": ");
			repr_value(b, c);
			if (c->next)
				samc_buf_puts(b, ", ");
		}
		samc_buf_putc(b, '}');
	} else if (cJSON_IsRaw(v))
		samc_buf_puts(b, v->valuestring);
}

char *xf_pyrepr(const cJSON *v)
{
	samc_buf b = SAMC_BUF_INIT;
	repr_value(&b, v);
	return samc_buf_detach(&b);
}

char *xf_pystr(const cJSON *v)
{
	if (cJSON_IsString(v))
		return samc_strdup(v->valuestring);
	return xf_pyrepr(v);
}
