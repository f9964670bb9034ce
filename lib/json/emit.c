/* emit.c — JSON text byte-for-byte as Python's json.dumps writes it: layout styles, string
 * escaping (ensure_ascii, \ufffd for invalid UTF-8) and Python's repr() of floats. */
#include "json/emit.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "util/utf8.h"

const samc_json_style SAMC_JSON_PRETTY = {2, false, ", ", ": ", true};
const samc_json_style SAMC_JSON_HASH = {-1, true, ",", ":", true};
const samc_json_style SAMC_JSON_PYDEFAULT = {-1, false, ", ", ": ", true};

/* ---- strings ---- */

static void put_u_escape(samc_buf *b, unsigned long unit)
{
	samc_buf_printf(b, "\\u%04lx", unit);
}

/* \uXXXX, or a surrogate pair for code points beyond the BMP */
static void put_codepoint_escape(samc_buf *b, unsigned long cp)
{
	if (cp < 0x10000) {
		put_u_escape(b, cp);
		return;
	}
	cp -= 0x10000;
	put_u_escape(b, 0xD800 | (cp >> 10));
	put_u_escape(b, 0xDC00 | (cp & 0x3FF));
}

static const char *short_escape(unsigned char c)
{
	switch (c) {
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '\n': return "\\n";
	case '\r': return "\\r";
	case '\t': return "\\t";
	case '\b': return "\\b";
	case '\f': return "\\f";
	default: return NULL;
	}
}

/* 1 for the bytes written as they are: printable ASCII (0x20-0x7E) but '"' (0x22) and '\\'
 * (0x5C); a row per 16 bytes. */
static const unsigned char PLAIN[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* Length of the run at p of printable ASCII that needs no escape. */
static size_t plain_ascii_run(const unsigned char *p)
{
	size_t n = 0;
	while (PLAIN[p[n]])
		n++;
	return n;
}

/* Writes the character at p (not plain ASCII) and returns how many bytes it used. */
static size_t put_special_char(samc_buf *b, const unsigned char *p, bool ensure_ascii)
{
	const char *esc = short_escape(*p);
	if (esc) {
		samc_buf_puts(b, esc);
		return 1;
	}
	if (*p < 0x20 || (*p == 0x7F && ensure_ascii)) {
		put_u_escape(b, *p);
		return 1;
	}
	if (*p == 0x7F) {
		samc_buf_putc(b, 0x7F);
		return 1;
	}
	uint32_t cp;
	bool valid;
	size_t n = samc_utf8_decode((const char *)p, SIZE_MAX, &cp, &valid);
	if (valid && !ensure_ascii)
		samc_buf_put(b, (const char *)p, n);
	else
		put_codepoint_escape(b, cp);
	return n;
}

void samc_json_emit_string(samc_buf *b, const char *s, bool ensure_ascii)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t whole = plain_ascii_run(p);
	if (!p[whole]) { /* most strings: quotes around the text as it is, in one piece */
		char *at = samc_buf_extend(b, whole + 2);
		if (at) {
			at[0] = '"';
			memcpy(at + 1, p, whole);
			at[whole + 1] = '"';
		}
		return;
	}
	samc_buf_putc(b, '"');
	while (*p) {
		size_t run = plain_ascii_run(p);
		samc_buf_put(b, (const char *)p, run);
		p += run;
		if (*p)
			p += put_special_char(b, p, ensure_ascii);
	}
	samc_buf_putc(b, '"');
}

/* ---- values ---- */

typedef struct json_out {
	samc_buf *b;
	const samc_json_style *style;
	size_t item_sep_len; /* item_sep without the trailing spaces a newline replaces */
	samc_json_sink *sink; /* or NULL: everything stays in b */
} json_out;

#define SINK_CHUNK ((size_t)64 * 1024)

/* Hands what b holds to the sink once it has a chunk's worth (between items). */
static void maybe_flush(const json_out *o)
{
	samc_json_sink *s = o->sink;
	if (!s || o->b->len < SINK_CHUNK || s->status || o->b->oom)
		return;
	s->status = s->write(s->ctx, o->b->ptr, o->b->len);
	o->b->len = 0;
}

static void emit_value(const json_out *o, const cJSON *v, int depth);

/* A newline and the indentation, written in one piece for the usual depths. */
static void put_line_break(const json_out *o, int depth)
{
	static const char BREAK[] = "\n                                                               ";
	if (o->style->indent < 0)
		return;
	size_t spaces = (size_t)depth * (size_t)o->style->indent;
	size_t first = spaces < sizeof(BREAK) - 2 ? spaces : sizeof(BREAK) - 2;
	samc_buf_put(o->b, BREAK, first + 1);
	for (spaces -= first; spaces > 0; spaces--)
		samc_buf_putc(o->b, ' ');
}

static void put_item_sep(const json_out *o, int depth)
{
	samc_buf_put(o->b, o->style->item_sep, o->item_sep_len);
	put_line_break(o, depth);
}

static void emit_array(const json_out *o, const cJSON *v, int depth)
{
	if (!v->child) {
		samc_buf_puts(o->b, "[]");
		return;
	}
	samc_buf_putc(o->b, '[');
	put_line_break(o, depth + 1);
	for (const cJSON *item = v->child; item; item = item->next) {
		emit_value(o, item, depth + 1);
		if (item->next)
			put_item_sep(o, depth + 1);
		maybe_flush(o);
	}
	put_line_break(o, depth);
	samc_buf_putc(o->b, ']');
}

static void emit_member(const json_out *o, const cJSON *member, int depth)
{
	samc_json_emit_string(o->b, member->string, o->style->ensure_ascii);
	samc_buf_puts(o->b, o->style->key_sep);
	emit_value(o, member, depth);
}

typedef struct ranked_member {
	const cJSON *member;
	size_t index; /* input position: ties keep input order */
} ranked_member;

static int compare_keys(const void *a, const void *b)
{
	const ranked_member *x = a, *y = b;
	int c = strcmp(x->member->string ? x->member->string : "",
		       y->member->string ? y->member->string : "");
	if (c)
		return c;
	return (x->index > y->index) - (x->index < y->index);
}

/* Most objects are small: their members are ordered on the stack by an insertion sort
 * (stable, so equal keys keep input order); larger ones by qsort with the input position
 * breaking ties. */
#define SMALL_OBJECT 32

static int key_order(const cJSON *a, const cJSON *b)
{
	return strcmp(a->string ? a->string : "", b->string ? b->string : "");
}

static size_t count_members(const cJSON *v)
{
	size_t n = 0;
	for (const cJSON *m = v->child; m; m = m->next)
		n++;
	return n;
}

static void sort_small(const cJSON **members, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		const cJSON *m = members[i];
		size_t j = i;
		for (; j > 0 && key_order(members[j - 1], m) > 0; j--)
			members[j] = members[j - 1];
		members[j] = m;
	}
}

/* The members of v in key order, ties in input order, into `order` (which holds n). */
static bool members_in_print_order(const cJSON *v, const cJSON **order, size_t n)
{
	size_t i = 0;
	if (n <= SMALL_OBJECT) {
		for (const cJSON *m = v->child; m; m = m->next)
			order[i++] = m;
		sort_small(order, n);
		return true;
	}
	ranked_member *ranked = malloc(n * sizeof(*ranked));
	if (!ranked)
		return false;
	for (const cJSON *m = v->child; m; m = m->next, i++)
		ranked[i] = (ranked_member){m, i};
	qsort(ranked, n, sizeof(*ranked), compare_keys);
	for (i = 0; i < n; i++)
		order[i] = ranked[i].member;
	free(ranked);
	return true;
}

static void emit_sorted_members(const json_out *o, const cJSON *v, int depth)
{
	size_t n = count_members(v);
	const cJSON *small[SMALL_OBJECT];
	const cJSON **order = n <= SMALL_OBJECT ? small : malloc(n * sizeof(*order));
	if (!order || !members_in_print_order(v, order, n)) {
		o->b->oom = true;
		if (order != small)
			free((void *)order);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		emit_member(o, order[i], depth);
		if (i + 1 < n)
			put_item_sep(o, depth);
	}
	if (order != small)
		free((void *)order);
}

static void emit_object(const json_out *o, const cJSON *v, int depth)
{
	if (!v->child) {
		samc_buf_puts(o->b, "{}");
		return;
	}
	samc_buf_putc(o->b, '{');
	put_line_break(o, depth + 1);
	if (o->style->sort_keys)
		emit_sorted_members(o, v, depth + 1);
	else
		for (const cJSON *m = v->child; m; m = m->next) {
			emit_member(o, m, depth + 1);
			if (m->next)
				put_item_sep(o, depth + 1);
			maybe_flush(o);
		}
	put_line_break(o, depth);
	samc_buf_putc(o->b, '}');
}

static void emit_number(const json_out *o, const cJSON *v)
{
	char buf[32];
	samc_buf_puts(o->b, samc_number_text(v, buf));
}

static void emit_value(const json_out *o, const cJSON *v, int depth)
{
	if (cJSON_IsObject(v))
		emit_object(o, v, depth);
	else if (cJSON_IsArray(v))
		emit_array(o, v, depth);
	else if (cJSON_IsString(v))
		samc_json_emit_string(o->b, v->valuestring, o->style->ensure_ascii);
	else if (cJSON_IsNumber(v))
		emit_number(o, v);
	else if (cJSON_IsTrue(v))
		samc_buf_puts(o->b, "true");
	else if (cJSON_IsFalse(v))
		samc_buf_puts(o->b, "false");
	else if (cJSON_IsRaw(v) && v->valuestring)
		samc_buf_puts(o->b, v->valuestring);
	else
		samc_buf_puts(o->b, "null");
}

static size_t item_sep_length(const samc_json_style *style)
{
	size_t n = strlen(style->item_sep);
	if (style->indent >= 0)
		while (n > 0 && style->item_sep[n - 1] == ' ')
			n--;
	return n;
}

void samc_json_emit(samc_buf *b, const cJSON *v, const samc_json_style *style)
{
	json_out o = {b, style, item_sep_length(style), NULL};
	emit_value(&o, v, 0);
}

int samc_json_emit_to(samc_json_sink *sink, const cJSON *v, const samc_json_style *style)
{
	samc_buf b = SAMC_BUF_INIT;
	json_out o = {&b, style, item_sep_length(style), sink};
	sink->status = 0;
	emit_value(&o, v, 0);
	if (style->indent >= 0)
		samc_buf_putc(&b, '\n');
	if (!b.oom && !sink->status && b.len)
		sink->status = sink->write(sink->ctx, b.ptr, b.len);
	int rc = b.oom ? -1 : 0;
	samc_buf_free(&b);
	return rc;
}

/* ---- float repr ---- */

typedef struct decimal {
	char digits[24]; /* significant digits, no trailing zeros (at least one digit) */
	int decpt;       /* value = 0.DIGITS * 10^decpt */
	bool negative;
} decimal;

/* Splits printf's "%.Ne" text ("-d.ddde+XX", perhaps "dd.dd" after a carry, any decimal-point
 * character) into a decimal. */
static void parse_exponent_text(const char *text, decimal *d)
{
	size_t n = 0;
	int integer_digits = 0;
	bool before_point = true;
	d->negative = *text == '-';
	const char *p = text + d->negative;
	for (; *p && *p != 'e'; p++) {
		bool digit = *p >= '0' && *p <= '9';
		before_point = before_point && digit;
		integer_digits += before_point;
		if (digit && n + 1 < sizeof(d->digits))
			d->digits[n++] = *p;
	}
	while (n > 1 && d->digits[n - 1] == '0')
		n--;
	d->digits[n] = '\0';
	d->decpt = (*p == 'e' ? atoi(p + 1) : 0) + integer_digits;
}

/* Adds one unit in the last place to the mantissa of "%.Ne" text, in place: "1.99e+05" becomes
 * "2.00e+05" and "9.9e+05" becomes "10.0e+05" (text has room for one more character). */
static void increment_mantissa(char *text)
{
	char *e = strchr(text, 'e');
	char *first = text + (*text == '-');
	for (char *p = e - 1; p >= first; p--) {
		if (*p < '0' || *p > '9')
			continue;
		if (*p != '9') {
			(*p)++;
			return;
		}
		*p = '0';
	}
	memmove(first + 1, first, strlen(first) + 1);
	*first = '1';
}

static bool reads_back_as(const char *text, double x)
{
	return strtod(text, NULL) == x;
}

/* Whether x is a power of two: the gap to the next double up is twice the gap below, so
 * the nearest N-digit decimal may miss while the one above it still reads back as x. */
static bool is_power_of_two(double x)
{
	int exponent;
	return fabs(frexp(x, &exponent)) == 0.5;
}

/* The shortest digit string that reads back as x (x finite), nearest to x among those. */
static void shortest_decimal(double x, decimal *d)
{
	char text[48], above[48];
	for (int precision = 0; precision <= 16; precision++) {
		snprintf(text, sizeof(text), "%.*e", precision, x);
		if (reads_back_as(text, x))
			break;
		if (!is_power_of_two(x))
			continue;
		memcpy(above, text, sizeof(text));
		increment_mantissa(above);
		if (reads_back_as(above, x)) {
			memcpy(text, above, sizeof(text));
			break;
		}
	}
	parse_exponent_text(text, d);
}

static void put_zeros(char **p, int count)
{
	for (int i = 0; i < count; i++)
		*(*p)++ = '0';
}

static void put_text(char **p, const char *s, size_t n)
{
	memcpy(*p, s, n);
	*p += n;
}

/* "123.45", "0.00012", "1000.0" (out holds at least 32 bytes; decpt is in -3..16) */
static void format_positional(const decimal *d, char *out)
{
	size_t ndigits = strlen(d->digits);
	char *p = out;
	if (d->negative)
		*p++ = '-';
	if (d->decpt <= 0) {
		put_text(&p, "0.", 2);
		put_zeros(&p, -d->decpt);
		put_text(&p, d->digits, ndigits);
	} else if ((size_t)d->decpt < ndigits) {
		put_text(&p, d->digits, (size_t)d->decpt);
		*p++ = '.';
		put_text(&p, d->digits + d->decpt, ndigits - (size_t)d->decpt);
	} else {
		put_text(&p, d->digits, ndigits);
		put_zeros(&p, d->decpt - (int)ndigits);
		put_text(&p, ".0", 2);
	}
	*p = '\0';
}

static void format_scientific(const decimal *d, char *out, size_t size)
{
	int exponent = d->decpt - 1;
	const char *sign = d->negative ? "-" : "";
	char esign = exponent < 0 ? '-' : '+';
	int magnitude = abs(exponent);
	if (d->digits[1])
		snprintf(out, size, "%s%c.%se%c%02d", sign, d->digits[0], d->digits + 1, esign, magnitude);
	else
		snprintf(out, size, "%s%ce%c%02d", sign, d->digits[0], esign, magnitude);
}

void samc_float_repr(double x, char buf[32])
{
	if (isnan(x)) {
		snprintf(buf, 32, "NaN");
		return;
	}
	if (isinf(x)) {
		snprintf(buf, 32, "%s", x > 0 ? "Infinity" : "-Infinity");
		return;
	}
	decimal d;
	shortest_decimal(x, &d);
	if (d.decpt > -4 && d.decpt <= 16)
		format_positional(&d, buf);
	else
		format_scientific(&d, buf, 32);
}
