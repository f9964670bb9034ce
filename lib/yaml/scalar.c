/* scalar.c — YAML 1.1 scalar resolution and construction, matching PyYAML's SafeLoader:
 * the resolver regexes, the int/float/bool/null constructors and exact big-integer text. */
#define _POSIX_C_SOURCE 200809L /* strnlen */
#include "yaml/scalar.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "json/emit.h"
#include "samc/samc.h"

/* ---- character classes ---- */

static const char DIGITS[] = "0123456789";
static const char DIGITS_[] = "0123456789_";

static bool in_set(char c, const char *set)
{
	return c != '\0' && strchr(set, c) != NULL;
}

static const char *span(const char *s, const char *set)
{
	while (in_set(*s, set))
		s++;
	return s;
}

static const char *skip_sign(const char *s)
{
	return (*s == '-' || *s == '+') ? s + 1 : s;
}

static bool is_one_of(const char *s, const char *const *words)
{
	for (; *words; words++)
		if ((*words)[0] == s[0] && strcmp(s, *words) == 0)
			return true;
	return false;
}

/* ---- implicit resolution: PyYAML's anchored resolver regexes ---- */

static bool is_implicit_null(const char *s)
{
	static const char *const words[] = {"", "~", "null", "Null", "NULL", NULL};
	return (!s[0] || in_set(s[0], "~nN")) && is_one_of(s, words);
}

static bool is_implicit_bool(const char *s)
{
	static const char *const words[] = {"yes", "Yes", "YES", "no", "No", "NO",
					    "true", "True", "TRUE", "false", "False", "FALSE",
					    "on", "On", "ON", "off", "Off", "OFF", NULL};
	/* most text fails the first or the second test: words of 2 to 5 letters */
	return in_set(s[0], "yYnNtTfFoO") && strnlen(s, 6) <= 5 && is_one_of(s, words);
}

/* (?::[0-5]?[0-9])+ : the end of the groups, or NULL when p does not start with one. */
static const char *sexagesimal_groups(const char *p)
{
	const char *start = p;
	while (*p == ':') {
		if (in_set(p[1], "012345") && in_set(p[2], DIGITS))
			p += 3;
		else if (in_set(p[1], DIGITS))
			p += 2;
		else
			return NULL;
	}
	return p == start ? NULL : p;
}

/* The digits after a prefix such as "0x": at least one, and nothing else up to the end. */
static bool only_digits_after(const char *p, const char *set)
{
	const char *end = span(p, set);
	return end > p && *end == '\0';
}

static bool is_implicit_int(const char *s)
{
	const char *p = skip_sign(s);
	if (p[0] == '0' && p[1] == 'b')
		return only_digits_after(p + 2, "01_");
	if (p[0] == '0' && p[1] == 'x')
		return only_digits_after(p + 2, "0123456789abcdefABCDEF_");
	if (p[0] == '0')
		return *span(p + 1, "01234567_") == '\0';
	if (!in_set(p[0], "123456789"))
		return false;
	const char *end = span(p + 1, DIGITS_);
	if (*end == '\0')
		return true;
	end = sexagesimal_groups(end);
	return end && *end == '\0';
}

/* (?:[eE][-+][0-9]+)?$ */
static bool optional_exponent_then_end(const char *p)
{
	if (*p == '\0')
		return true;
	if ((*p != 'e' && *p != 'E') || !in_set(p[1], "-+") || !in_set(p[2], DIGITS))
		return false;
	return *span(p + 2, DIGITS) == '\0';
}

static bool is_inf_word(const char *s)
{
	static const char *const words[] = {"inf", "Inf", "INF", NULL};
	return is_one_of(s, words);
}

static bool is_nan_word(const char *s)
{
	static const char *const words[] = {"nan", "NaN", "NAN", NULL};
	return is_one_of(s, words);
}

static bool is_implicit_float(const char *s)
{
	if (s[0] == '.' && is_nan_word(s + 1))
		return true;
	if (s[0] == '.' && in_set(s[1], DIGITS))
		return optional_exponent_then_end(span(s + 2, DIGITS_));
	const char *p = skip_sign(s);
	if (p[0] == '.')
		return is_inf_word(p + 1);
	if (!in_set(p[0], DIGITS))
		return false;
	const char *end = span(p + 1, DIGITS_);
	if (*end == '.')
		return optional_exponent_then_end(span(end + 1, DIGITS_));
	end = sexagesimal_groups(end);
	return end && *end == '.' && *span(end + 1, DIGITS_) == '\0';
}

samc_scalar_type samc_scalar_resolve(const char *text)
{
	if (is_implicit_null(text))
		return SAMC_SCALAR_NULL;
	if (is_implicit_bool(text))
		return SAMC_SCALAR_BOOL;
	if (is_implicit_int(text))
		return SAMC_SCALAR_INT;
	if (is_implicit_float(text))
		return SAMC_SCALAR_FLOAT;
	if (strcmp(text, "<<") == 0)
		return SAMC_SCALAR_MERGE;
	if (strcmp(text, "=") == 0)
		return SAMC_SCALAR_VALUE;
	return SAMC_SCALAR_STR;
}

samc_scalar_type samc_scalar_tag_type(const char *tag)
{
	static const struct {
		const char *name;
		samc_scalar_type type;
	} tags[] = {
		{"str", SAMC_SCALAR_STR},     {"binary", SAMC_SCALAR_STR}, {"null", SAMC_SCALAR_NULL},
		{"bool", SAMC_SCALAR_BOOL},   {"int", SAMC_SCALAR_INT},    {"float", SAMC_SCALAR_FLOAT},
		{"merge", SAMC_SCALAR_MERGE}, {"value", SAMC_SCALAR_VALUE},
		{"timestamp", SAMC_SCALAR_STR}, /* timestamps deliberately stay strings */
	};
	size_t plen = strlen(SAMC_YAML_STD_TAG_PREFIX);
	if (strncmp(tag, SAMC_YAML_STD_TAG_PREFIX, plen) != 0)
		return SAMC_SCALAR_UNKNOWN;
	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (strcmp(tag + plen, tags[i].name) == 0)
			return tags[i].type;
	return SAMC_SCALAR_UNKNOWN;
}

/* ---- big integers: base 1e9 limbs, least significant first, at most 4300 digits ---- */

#define BIG_BASE 1000000000u
#define BIG_MAX_DIGITS 4300 /* Python refuses to convert longer integers to text */
#define BIG_LIMBS (BIG_MAX_DIGITS / 9 + 2)

typedef struct bignum {
	uint32_t limb[BIG_LIMBS];
	size_t n;
} bignum;

typedef enum big_status { BIG_OK, BIG_INVALID, BIG_TOO_LONG } big_status;

/* b = b * mul + add, with mul <= 60 and add < BIG_BASE. */
static big_status big_mul_add(bignum *b, uint32_t mul, uint32_t add)
{
	uint64_t carry = add;
	for (size_t i = 0; i < b->n; i++) {
		uint64_t v = (uint64_t)b->limb[i] * mul + carry;
		b->limb[i] = (uint32_t)(v % BIG_BASE);
		carry = v / BIG_BASE;
	}
	if (carry == 0)
		return BIG_OK;
	if (b->n == BIG_LIMBS)
		return BIG_TOO_LONG;
	b->limb[b->n++] = (uint32_t)carry;
	return BIG_OK;
}

static big_status big_add(bignum *b, const bignum *o)
{
	uint32_t carry = 0;
	size_t n = b->n > o->n ? b->n : o->n;
	for (size_t i = 0; i < n; i++) {
		uint32_t v = (i < b->n ? b->limb[i] : 0) + (i < o->n ? o->limb[i] : 0) + carry;
		carry = v >= BIG_BASE;
		b->limb[i] = carry ? v - BIG_BASE : v;
	}
	b->n = n;
	if (!carry)
		return BIG_OK;
	if (b->n == BIG_LIMBS)
		return BIG_TOO_LONG;
	b->limb[b->n++] = 1;
	return BIG_OK;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* Python's int(s, base) for plain digit strings (no sign, no prefix, no spaces). */
static big_status big_parse(const char *s, size_t n, unsigned base, bignum *b)
{
	b->n = 0;
	if (n == 0)
		return BIG_INVALID;
	for (size_t i = 0; i < n; i++) {
		int d = digit_value(s[i]);
		if (d >= (int)base)
			return BIG_INVALID;
		big_status st = big_mul_add(b, base, (uint32_t)d);
		if (st)
			return st;
	}
	return BIG_OK;
}

/* Appends the decimal text of b (with '-' when negative and non-zero). */
static void big_print(const bignum *b, bool negative, samc_buf *out)
{
	if (b->n == 0) {
		samc_buf_putc(out, '0');
		return;
	}
	if (negative)
		samc_buf_putc(out, '-');
	samc_buf_printf(out, "%u", (unsigned)b->limb[b->n - 1]);
	for (size_t i = b->n - 1; i-- > 0;)
		samc_buf_printf(out, "%09u", (unsigned)b->limb[i]);
}

/* ---- text helpers ---- */

/* A copy of text, without '_' when strip is set (PyYAML removes them before converting
 * numbers), ASCII-lowercased when lower is set. */
static char *normalized_copy(const char *text, bool strip, bool lower)
{
	char *copy = malloc(strlen(text) + 1);
	if (!copy)
		return NULL;
	char *w = copy;
	for (const char *r = text; *r; r++) {
		if (strip && *r == '_')
			continue;
		*w++ = (lower && *r >= 'A' && *r <= 'Z') ? (char)(*r - 'A' + 'a') : *r;
	}
	*w = '\0';
	return copy;
}

static int oom_or(int rc, cJSON *made)
{
	return made ? rc : SAMC_ENOMEM;
}

/* ---- integers (PyYAML construct_yaml_int) ---- */

static int int_error(big_status st, unsigned base, const char *literal, size_t n, samc_buf *why)
{
	if (st == BIG_TOO_LONG) {
		samc_buf_printf(why, "integer has more than %d digits", BIG_MAX_DIGITS);
		return SAMC_ELIMIT;
	}
	samc_buf_printf(why, "invalid literal for int() with base %u: '%.*s'", base, (int)n, literal);
	return SAMC_EINVALID;
}

/* Python's int(s, base) also accepts the prefix that names its base ("0o17" in base 8). */
static const char *skip_radix_prefix(const char *s, unsigned base)
{
	char letter = base == 2 ? 'b' : base == 8 ? 'o' : base == 16 ? 'x' : '\0';
	bool prefixed = letter && s[0] == '0' && (s[1] == letter || s[1] == letter - 'a' + 'A');
	return prefixed && s[2] ? s + 2 : s;
}

static int parse_in_base(const char *s, unsigned base, bignum *b, samc_buf *why)
{
	s = skip_radix_prefix(s, base);
	big_status st = big_parse(s, strlen(s), base, b);
	return st ? int_error(st, base, s, strlen(s), why) : 0;
}

/* "190:20:30": each part in base 10, combined in base 60. */
static int parse_sexagesimal_int(const char *s, bignum *b, samc_buf *why)
{
	b->n = 0;
	for (;;) {
		size_t n = strcspn(s, ":");
		bignum part;
		big_status st = big_parse(s, n, 10, &part);
		if (!st)
			st = big_mul_add(b, 60, 0);
		if (!st)
			st = big_add(b, &part);
		if (st)
			return int_error(st, 10, s, n, why);
		if (s[n] == '\0')
			return 0;
		s += n + 1;
	}
}

static int parse_int_magnitude(const char *p, bignum *b, samc_buf *why)
{
	b->n = 0;
	if (p[0] == '0' && p[1] == '\0')
		return 0;
	if (p[0] == '0' && p[1] == 'b')
		return parse_in_base(p + 2, 2, b, why);
	if (p[0] == '0' && p[1] == 'x')
		return parse_in_base(p + 2, 16, b, why);
	if (p[0] == '0')
		return parse_in_base(p, 8, b, why);
	if (strchr(p, ':'))
		return parse_sexagesimal_int(p, b, why);
	return parse_in_base(p, 10, b, why);
}

static int make_int_node(const bignum *b, bool negative, cJSON **out, samc_buf *why)
{
	samc_buf text = SAMC_BUF_INIT;
	big_print(b, negative, &text);
	const char *t = samc_buf_cstr(&text);
	if (!t)
		return SAMC_ENOMEM;
	size_t digits = text.len - (t[0] == '-');
	int rc = 0;
	if (digits > BIG_MAX_DIGITS)
		rc = int_error(BIG_TOO_LONG, 10, "", 0, why);
	else
		rc = oom_or(0, *out = samc_number_new(t, strtod(t, NULL)));
	samc_buf_free(&text);
	return rc;
}

static int construct_int(const char *text, cJSON **out, samc_buf *why)
{
	char *v = normalized_copy(text, true, false);
	if (!v)
		return SAMC_ENOMEM;
	bool negative = v[0] == '-';
	const char *p = skip_sign(v);
	bignum *b = malloc(sizeof(*b));
	int rc = SAMC_ENOMEM;
	if (b) {
		rc = parse_int_magnitude(p, b, why);
		if (!rc)
			rc = make_int_node(b, negative, out, why);
	}
	free(b);
	free(v);
	return rc;
}

/* ---- floats (PyYAML construct_yaml_float) ---- */

/* Python's float() on lowercased text without underscores: [sign] (digits [. [digits]] |
 * . digits) [e [sign] digits], or inf, infinity, nan. */
static bool python_float(const char *s, double *out)
{
	const char *p = skip_sign(s);
	bool word = strcmp(p, "inf") == 0 || strcmp(p, "infinity") == 0 || strcmp(p, "nan") == 0;
	if (!word) {
		const char *int_end = span(p, DIGITS);
		const char *frac_end = *int_end == '.' ? span(int_end + 1, DIGITS) : int_end;
		if (int_end == p && frac_end <= int_end + 1)
			return false;
		p = frac_end;
		if (*p == 'e') {
			const char *exp = skip_sign(p + 1);
			p = span(exp, DIGITS);
			if (p == exp)
				return false;
		}
		if (*p != '\0')
			return false;
	}
	*out = strtod(s, NULL);
	return true;
}

static int float_error(const char *literal, samc_buf *why)
{
	samc_buf_printf(why, "could not convert string to float: '%s'", literal);
	return SAMC_EINVALID;
}

/* "190:20:30.15": parts summed from the last, each times a growing power of 60, in the
 * same order (and so with the same rounding) as PyYAML. Writes into s. */
static int sexagesimal_float(char *s, double *out, samc_buf *why)
{
	double value = 0.0, base = 1.0;
	for (;;) {
		char *colon = strrchr(s, ':');
		const char *part = colon ? colon + 1 : s;
		double d;
		if (!python_float(part, &d))
			return float_error(part, why);
		value += d * base;
		base *= 60.0;
		if (!colon)
			break;
		*colon = '\0';
	}
	*out = value;
	return 0;
}

static int float_value(char *p, double sign, double *out, samc_buf *why)
{
	if (strcmp(p, ".inf") == 0) {
		*out = sign * INFINITY;
		return 0;
	}
	if (strcmp(p, ".nan") == 0) {
		*out = NAN;
		return 0;
	}
	int rc = strchr(p, ':') ? sexagesimal_float(p, out, why)
				: (python_float(p, out) ? 0 : float_error(p, why));
	*out *= sign;
	return rc;
}

static int construct_float(const char *text, cJSON **out, samc_buf *why)
{
	char *v = normalized_copy(text, true, true);
	if (!v)
		return SAMC_ENOMEM;
	double sign = v[0] == '-' ? -1.0 : 1.0;
	double value = 0.0;
	int rc = float_value((char *)skip_sign(v), sign, &value, why);
	free(v);
	if (rc)
		return rc;
	char repr[32];
	samc_float_repr(value, repr);
	return oom_or(0, *out = samc_number_new(repr, value));
}

/* ---- booleans (PyYAML construct_yaml_bool: case-insensitive) ---- */

static int construct_bool(const char *text, cJSON **out, samc_buf *why)
{
	static const char *const yes[] = {"yes", "true", "on", NULL};
	static const char *const no[] = {"no", "false", "off", NULL};
	char *lower = normalized_copy(text, false, true);
	if (!lower)
		return SAMC_ENOMEM;
	bool t = is_one_of(lower, yes);
	bool f = is_one_of(lower, no);
	free(lower);
	if (!t && !f) {
		samc_buf_printf(why, "invalid boolean value '%s'", text);
		return SAMC_EINVALID;
	}
	return oom_or(0, *out = cJSON_CreateBool(t));
}

int samc_scalar_construct(samc_scalar_type type, const char *text, cJSON **out, samc_buf *why)
{
	*out = NULL;
	switch (type) {
	case SAMC_SCALAR_NULL:
		return oom_or(0, *out = cJSON_CreateNull());
	case SAMC_SCALAR_BOOL:
		return construct_bool(text, out, why);
	case SAMC_SCALAR_INT:
		return construct_int(text, out, why);
	case SAMC_SCALAR_FLOAT:
		return construct_float(text, out, why);
	case SAMC_SCALAR_STR:
		return oom_or(0, *out = cJSON_CreateString(text));
	default:
		samc_buf_printf(why, "no constructor for this scalar");
		return SAMC_EINVALID;
	}
}
