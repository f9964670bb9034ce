/* jinja_eval.c — renders a parsed template: scopes, expressions with Python semantics, if/for/
 * set, strict undefined names, and limits on output size and evaluation steps. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "init/jinja_int.h"
#include "util/error.h"

#define JINJA_UNDEFINED (-100) /* internal: a name or attribute is undefined */
#define MAX_LIST_ITEMS 1000000

typedef struct scope_var {
	const char *name;
	cJSON *value; /* owned */
} scope_var;

typedef struct jctx {
	const jinja_template *t;
	const cJSON *globals;
	scope_var *vars;
	size_t nvars, cap;
	samc_buf *out;
	size_t out_start, max_output;
	size_t steps, max_steps;
	samc_buf msg; /* the pending error */
	unsigned line, col;
} jctx;

static int eval(jctx *c, const jexpr *e, cJSON **out);
static int eval_kind(jctx *c, const jexpr *e, cJSON **out);
static int exec_body(jctx *c, const jbody *b);

static int raise_at(jctx *c, int code, unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int raise_at(jctx *c, int code, unsigned line, unsigned col, const char *fmt, ...)
{
	samc_buf_reset(&c->msg);
	va_list ap;
	va_start(ap, fmt);
	samc_buf_vprintf(&c->msg, fmt, ap);
	va_end(ap);
	c->line = line;
	c->col = col;
	return code;
}

static int oom(jctx *c)
{
	return raise_at(c, SAMC_ENOMEM, 0, 0, "out of memory");
}

static int step(jctx *c, unsigned line, unsigned col)
{
	if (++c->steps > c->max_steps)
		return raise_at(c, SAMC_ELIMIT, line, col,
				"rendering took more than %zu steps (the template loops too much)",
				c->max_steps);
	return 0;
}

static const cJSON *lookup(const jctx *c, const char *name)
{
	for (size_t i = c->nvars; i-- > 0;)
		if (strcmp(c->vars[i].name, name) == 0)
			return c->vars[i].value;
	return cJSON_GetObjectItemCaseSensitive(c->globals, name);
}

static int push_var(jctx *c, const char *name, cJSON *value)
{
	if (c->nvars == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		scope_var *n = realloc(c->vars, cap * sizeof(*n));
		if (!n) {
			cJSON_Delete(value);
			return oom(c);
		}
		c->vars = n;
		c->cap = cap;
	}
	c->vars[c->nvars++] = (scope_var){name, value};
	return 0;
}

static void pop_vars(jctx *c, size_t to)
{
	while (c->nvars > to)
		cJSON_Delete(c->vars[--c->nvars].value);
}

static int dup_out(jctx *c, const cJSON *v, cJSON **out)
{
	*out = cJSON_Duplicate(v, true);
	return *out ? 0 : oom(c);
}

static int eval_name(jctx *c, const jexpr *e, cJSON **out)
{
	const cJSON *v = lookup(c, e->name);
	if (!v)
		return raise_at(c, JINJA_UNDEFINED, e->line, e->col, "'%s' is undefined", e->name);
	return dup_out(c, v, out);
}

static const cJSON *item_of(const cJSON *obj, const cJSON *key)
{
	if (cJSON_IsObject(obj) && cJSON_IsString(key))
		return cJSON_GetObjectItemCaseSensitive(obj, key->valuestring);
	if (cJSON_IsArray(obj) && jv_is_int(key)) {
		long n = (long)cJSON_GetArraySize(obj), i = (long)key->valuedouble;
		if (i < 0)
			i += n;
		return i >= 0 && i < n ? cJSON_GetArrayItem(obj, (int)i) : NULL;
	}
	return NULL;
}

static int string_index(jctx *c, const jexpr *e, const cJSON *s, const cJSON *key, cJSON **out)
{
	long n = (long)strlen(s->valuestring), i = (long)key->valuedouble;
	if (i < 0)
		i += n;
	if (i < 0 || i >= n)
		return raise_at(c, SAMC_EINVALID, e->line, e->col, "string index out of range");
	char ch[2] = {s->valuestring[i], '\0'};
	*out = cJSON_CreateString(ch);
	return *out ? 0 : oom(c);
}

static int eval_item(jctx *c, const jexpr *e, cJSON *obj, cJSON *key, cJSON **out)
{
	if (cJSON_IsString(obj) && jv_is_int(key))
		return string_index(c, e, obj, key, out);
	const cJSON *v = item_of(obj, key);
	if (v)
		return dup_out(c, v, out);
	samc_buf k = SAMC_BUF_INIT;
	jv_repr(&k, key);
	int rc = raise_at(c, JINJA_UNDEFINED, e->line, e->col, "%s object has no %s %s",
			  jv_type_name(obj), e->kind == JE_ATTR ? "attribute" : "item",
			  samc_buf_cstr(&k) ? samc_buf_cstr(&k) : "?");
	samc_buf_free(&k);
	return rc;
}

static long clamp_index(const cJSON *v, long n, long dflt)
{
	if (!v || cJSON_IsNull(v))
		return dflt;
	long i = (long)v->valuedouble;
	if (i < 0)
		i += n;
	return i < 0 ? 0 : i > n ? n : i;
}

static int eval_slice(jctx *c, const jexpr *e, cJSON *obj, cJSON *lo, cJSON *hi, cJSON **out)
{
	if ((lo && !jv_is_int(lo) && !cJSON_IsNull(lo)) || (hi && !jv_is_int(hi) && !cJSON_IsNull(hi)))
		return raise_at(c, SAMC_EINVALID, e->line, e->col, "slice indices must be integers");
	if (cJSON_IsString(obj)) {
		long n = (long)strlen(obj->valuestring);
		long a = clamp_index(lo, n, 0), b = clamp_index(hi, n, n);
		char *s = strndup(obj->valuestring + a, b > a ? (size_t)(b - a) : 0);
		*out = s ? cJSON_CreateString(s) : NULL;
		free(s);
		return *out ? 0 : oom(c);
	}
	if (!cJSON_IsArray(obj))
		return raise_at(c, SAMC_EINVALID, e->line, e->col, "cannot slice a %s",
				jv_type_name(obj));
	long n = (long)cJSON_GetArraySize(obj);
	long a = clamp_index(lo, n, 0), b = clamp_index(hi, n, n);
	if (!(*out = cJSON_CreateArray()))
		return oom(c);
	for (long i = a; i < b; i++) {
		cJSON *d = cJSON_Duplicate(cJSON_GetArrayItem(obj, (int)i), true);
		if (!d || !cJSON_AddItemToArray(*out, d))
			return cJSON_Delete(d), oom(c);
	}
	return 0;
}

/* Evaluates the expressions of e->args into vals (caller frees with free_vals). */
static int eval_args(jctx *c, const jexpr *e, cJSON ***vals)
{
	*vals = calloc(e->nargs ? e->nargs : 1, sizeof(**vals));
	if (!*vals)
		return oom(c);
	for (size_t i = 0; i < e->nargs; i++) {
		int rc = eval(c, e->args[i], &(*vals)[i]);
		if (rc)
			return rc;
	}
	return 0;
}

static void free_vals(cJSON **vals, size_t n)
{
	for (size_t i = 0; vals && i < n; i++)
		cJSON_Delete(vals[i]);
	free(vals);
}

typedef int (*builtin_fn)(const char *name, const cJSON *v, cJSON *const *args, size_t nargs,
			  cJSON **out, samc_buf *why);

static int call_builtin(jctx *c, const jexpr *e, builtin_fn fn, const char *what, cJSON **out)
{
	cJSON *v = NULL, **args = NULL;
	int rc = eval(c, e->a, &v);
	bool is_default = e->kind == JE_FILTER && (!strcmp(e->name, "default") || !strcmp(e->name, "d"));
	if (rc == JINJA_UNDEFINED && is_default) { /* default() is for undefined values */
		samc_buf_reset(&c->msg);
		rc = (v = cJSON_CreateNull()) ? 0 : oom(c);
	}
	if (!rc)
		rc = eval_args(c, e, &args);
	if (!rc) {
		samc_buf why = SAMC_BUF_INIT;
		rc = fn(e->name, v, args, e->nargs, out, &why);
		if (rc == JINJA_UNKNOWN)
			rc = raise_at(c, SAMC_EINVALID, e->line, e->col, "unknown %s '%s' on a %s value",
				      what, e->name, jv_type_name(v));
		else if (rc == SAMC_EINVALID)
			rc = raise_at(c, SAMC_EINVALID, e->line, e->col, "%s '%s': %s", what, e->name,
				      samc_buf_cstr(&why) ? samc_buf_cstr(&why) : "invalid arguments");
		else if (rc)
			rc = oom(c);
		samc_buf_free(&why);
	}
	cJSON_Delete(v);
	free_vals(args, e->nargs);
	return rc;
}

static int eval_test(jctx *c, const jexpr *e, cJSON **out)
{
	bool result = false;
	int rc = 0;
	if (strcmp(e->name, "defined") == 0 || strcmp(e->name, "undefined") == 0) {
		cJSON *v = NULL;
		rc = eval(c, e->a, &v);
		cJSON_Delete(v);
		if (rc && rc != JINJA_UNDEFINED)
			return rc;
		result = (rc == 0) == (strcmp(e->name, "defined") == 0);
		samc_buf_reset(&c->msg);
		rc = 0;
	} else {
		cJSON *v = NULL, **args = NULL;
		rc = eval(c, e->a, &v);
		if (!rc)
			rc = eval_args(c, e, &args);
		if (!rc) {
			samc_buf why = SAMC_BUF_INIT;
			rc = jinja_test(e->name, v, args, e->nargs, &result, &why);
			if (rc == JINJA_UNKNOWN)
				rc = raise_at(c, SAMC_EINVALID, e->line, e->col, "unknown test '%s'",
					      e->name);
			else if (rc)
				rc = raise_at(c, rc, e->line, e->col, "test '%s': %s", e->name,
					      samc_buf_cstr(&why) ? samc_buf_cstr(&why) : "failed");
			samc_buf_free(&why);
		}
		cJSON_Delete(v);
		free_vals(args, e->nargs);
	}
	if (rc)
		return rc;
	*out = cJSON_CreateBool(result != e->negated);
	return *out ? 0 : oom(c);
}

static int contains(jctx *c, const jexpr *e, const cJSON *needle, const cJSON *hay, bool *out)
{
	if (cJSON_IsString(hay) && cJSON_IsString(needle)) {
		*out = strstr(hay->valuestring, needle->valuestring) != NULL;
	} else if (cJSON_IsArray(hay)) {
		*out = false;
		for (const cJSON *x = hay->child; x && !*out; x = x->next)
			*out = jv_equal(x, needle);
	} else if (cJSON_IsObject(hay) && cJSON_IsString(needle)) {
		*out = cJSON_GetObjectItemCaseSensitive(hay, needle->valuestring) != NULL;
	} else {
		return raise_at(c, SAMC_EINVALID, e->line, e->col, "'in' needs a string, list or dict "
				"on its right, not %s", jv_type_name(hay));
	}
	return 0;
}

static int compare(jctx *c, const jexpr *e, const cJSON *a, const cJSON *b, bool *r)
{
	const char *op = e->op;
	if (strcmp(op, "==") == 0 || strcmp(op, "!=") == 0) {
		*r = jv_equal(a, b) == (op[0] == '=');
		return 0;
	}
	if (strcmp(op, "in") == 0 || strcmp(op, "not in") == 0) {
		int rc = contains(c, e, a, b, r);
		if (!rc && op[0] == 'n')
			*r = !*r;
		return rc;
	}
	bool ok;
	int cmp = jv_compare(a, b, &ok);
	if (!ok)
		return raise_at(c, SAMC_EINVALID, e->line, e->col,
				"'%s' not supported between %s and %s", op, jv_type_name(a),
				jv_type_name(b));
	*r = op[0] == '<' ? (op[1] ? cmp <= 0 : cmp < 0) : (op[1] ? cmp >= 0 : cmp > 0);
	return 0;
}

static int concat(jctx *c, const jexpr *e, const cJSON *a, const cJSON *b, cJSON **out)
{
	samc_buf s = SAMC_BUF_INIT;
	jv_str(&s, a);
	jv_str(&s, b);
	if (s.len > c->max_output) {
		samc_buf_free(&s);
		return raise_at(c, SAMC_ELIMIT, e->line, e->col, "string longer than %zu bytes",
				c->max_output);
	}
	*out = samc_buf_cstr(&s) ? cJSON_CreateString(samc_buf_cstr(&s)) : NULL;
	samc_buf_free(&s);
	return *out ? 0 : oom(c);
}

static int add_values(jctx *c, const jexpr *e, const cJSON *a, const cJSON *b, cJSON **out)
{
	if (cJSON_IsString(a) && cJSON_IsString(b))
		return concat(c, e, a, b, out);
	if (cJSON_IsArray(a) && cJSON_IsArray(b)) {
		if (cJSON_GetArraySize(a) + cJSON_GetArraySize(b) > MAX_LIST_ITEMS)
			return raise_at(c, SAMC_ELIMIT, e->line, e->col, "list longer than %d items",
					MAX_LIST_ITEMS);
		if (!(*out = cJSON_Duplicate(a, true)))
			return oom(c);
		for (const cJSON *x = b->child; x; x = x->next) {
			cJSON *d = cJSON_Duplicate(x, true);
			if (!d || !cJSON_AddItemToArray(*out, d))
				return cJSON_Delete(d), oom(c);
		}
		return 0;
	}
	return raise_at(c, SAMC_EINVALID, e->line, e->col, "cannot add %s and %s", jv_type_name(a),
			jv_type_name(b));
}

static int arithmetic(jctx *c, const jexpr *e, const cJSON *a, const cJSON *b, cJSON **out)
{
	const char *op = e->op;
	if (strcmp(op, "~") == 0)
		return concat(c, e, a, b, out);
	if (!cJSON_IsNumber(a) || !cJSON_IsNumber(b)) {
		if (strcmp(op, "+") == 0)
			return add_values(c, e, a, b, out);
		return raise_at(c, SAMC_EINVALID, e->line, e->col, "'%s' needs numbers, not %s and %s",
				op, jv_type_name(a), jv_type_name(b));
	}
	double x = a->valuedouble, y = b->valuedouble, r;
	if ((op[0] == '/' || op[0] == '%') && y == 0)
		return raise_at(c, SAMC_EINVALID, e->line, e->col, "division by zero");
	switch (op[0]) {
	case '+': r = x + y; break;
	case '-': r = x - y; break;
	case '*': r = x * y; break;
	case '%': r = x - y * floor(x / y); break;
	default: r = op[1] ? floor(x / y) : x / y; break;
	}
	*out = cJSON_CreateNumber(r);
	return *out ? 0 : oom(c);
}

static int eval_binary(jctx *c, const jexpr *e, cJSON **out)
{
	cJSON *a = NULL, *b = NULL;
	int rc = eval(c, e->a, &a);
	if (!rc && (e->kind == JE_AND || e->kind == JE_OR) && jv_truthy(a) == (e->kind == JE_OR)) {
		*out = a; /* short circuit: Python returns the deciding operand */
		return 0;
	}
	if (!rc)
		rc = eval(c, e->b, &b);
	if (!rc && (e->kind == JE_AND || e->kind == JE_OR)) {
		*out = b;
		b = NULL;
	} else if (!rc && e->kind == JE_CMP) {
		bool r = false;
		rc = compare(c, e, a, b, &r);
		if (!rc && !(*out = cJSON_CreateBool(r)))
			rc = oom(c);
	} else if (!rc) {
		rc = arithmetic(c, e, a, b, out);
	}
	cJSON_Delete(a);
	cJSON_Delete(b);
	return rc;
}

static int eval_subscript(jctx *c, const jexpr *e, cJSON **out)
{
	cJSON *obj = NULL, *k = NULL, *k2 = NULL;
	int rc = eval(c, e->a, &obj);
	if (!rc && e->b)
		rc = eval(c, e->b, &k);
	if (!rc && e->c)
		rc = eval(c, e->c, &k2);
	if (!rc && e->kind == JE_SLICE)
		rc = eval_slice(c, e, obj, k, k2, out);
	else if (!rc && e->kind == JE_ITEM)
		rc = eval_item(c, e, obj, k, out);
	cJSON_Delete(obj);
	cJSON_Delete(k);
	cJSON_Delete(k2);
	return rc;
}

static int eval_attr(jctx *c, const jexpr *e, cJSON **out)
{
	cJSON *obj = NULL;
	int rc = eval(c, e->a, &obj);
	cJSON *key = rc ? NULL : cJSON_CreateString(e->name);
	if (!rc && !key)
		rc = oom(c);
	if (!rc)
		rc = eval_item(c, e, obj, key, out);
	cJSON_Delete(obj);
	cJSON_Delete(key);
	return rc;
}

static int eval_collection(jctx *c, const jexpr *e, cJSON **out)
{
	bool dict = e->kind == JE_DICT;
	if (!(*out = dict ? cJSON_CreateObject() : cJSON_CreateArray()))
		return oom(c);
	for (size_t i = 0; i < e->nargs; i += dict ? 2 : 1) {
		cJSON *k = NULL, *v = NULL;
		int rc = eval(c, e->args[i + (dict ? 1 : 0)], &v);
		if (!rc && dict) {
			rc = eval(c, e->args[i], &k);
			if (!rc && !cJSON_IsString(k))
				rc = raise_at(c, SAMC_EINVALID, e->line, e->col, "dict keys must be strings");
		}
		bool added = !rc && (dict ? cJSON_AddItemToObject(*out, k->valuestring, v)
					  : cJSON_AddItemToArray(*out, v));
		cJSON_Delete(k);
		if (!added) {
			cJSON_Delete(v);
			return rc ? rc : oom(c);
		}
	}
	return 0;
}

static int eval_cond(jctx *c, const jexpr *e, cJSON **out)
{
	cJSON *cond = NULL; /* a if b else c: b first, then only the branch taken */
	int rc = eval(c, e->b, &cond);
	bool taken = !rc && jv_truthy(cond);
	cJSON_Delete(cond);
	if (rc)
		return rc;
	if (taken)
		return eval(c, e->a, out);
	if (e->c)
		return eval(c, e->c, out);
	return (*out = cJSON_CreateNull()) ? 0 : oom(c);
}

static int eval_simple(jctx *c, const jexpr *e, cJSON **out)
{
	if (e->kind == JE_COND)
		return eval_cond(c, e, out);
	cJSON *v = NULL;
	int rc = eval(c, e->a, &v);
	if (!rc && e->kind == JE_NOT) {
		*out = cJSON_CreateBool(!jv_truthy(v));
	} else if (!rc) {
		if (!cJSON_IsNumber(v))
			rc = raise_at(c, SAMC_EINVALID, e->line, e->col, "cannot negate a %s",
				      jv_type_name(v));
		else
			*out = cJSON_CreateNumber(-v->valuedouble);
	}
	cJSON_Delete(v);
	return rc ? rc : *out ? 0 : oom(c);
}

static int eval_kind(jctx *c, const jexpr *e, cJSON **out)
{
	*out = NULL;
	int rc = step(c, e->line, e->col);
	if (rc)
		return rc;
	switch (e->kind) {
	case JE_LITERAL: return dup_out(c, e->value, out);
	case JE_NAME: return eval_name(c, e, out);
	case JE_ATTR: return eval_attr(c, e, out);
	case JE_ITEM:
	case JE_SLICE: return eval_subscript(c, e, out);
	case JE_CALL: return call_builtin(c, e, jinja_method, "method", out);
	case JE_FILTER: return call_builtin(c, e, jinja_filter, "filter", out);
	case JE_TEST: return eval_test(c, e, out);
	case JE_AND:
	case JE_OR:
	case JE_CMP:
	case JE_BINOP: return eval_binary(c, e, out);
	case JE_LIST:
	case JE_DICT: return eval_collection(c, e, out);
	default: return eval_simple(c, e, out);
	}
}

/* Every evaluation leaves *out NULL on failure, whatever was built before it. */
static int eval(jctx *c, const jexpr *e, cJSON **out)
{
	int rc = eval_kind(c, e, out);
	if (rc) {
		cJSON_Delete(*out);
		*out = NULL;
	}
	return rc;
}

/* ---- statements -------------------------------------------------------------------- */

static int emit(jctx *c, const char *s, size_t n, unsigned line, unsigned col)
{
	if (c->out->len - c->out_start + n > c->max_output)
		return raise_at(c, SAMC_ELIMIT, line, col, "output larger than %zu bytes",
				c->max_output);
	samc_buf_put(c->out, s, n);
	return c->out->oom ? oom(c) : 0;
}

static int exec_output(jctx *c, const jnode *n)
{
	cJSON *v = NULL;
	int rc = eval(c, n->expr, &v);
	if (!rc) {
		samc_buf s = SAMC_BUF_INIT;
		jv_str(&s, v);
		rc = s.oom ? oom(c) : emit(c, s.ptr ? s.ptr : "", s.len, n->line, n->col);
		samc_buf_free(&s);
	}
	cJSON_Delete(v);
	return rc;
}

static int exec_if(jctx *c, const jnode *n)
{
	for (size_t i = 0; i < n->nbranches; i++) {
		cJSON *v = NULL;
		int rc = eval(c, n->conds[i], &v);
		bool taken = !rc && jv_truthy(v);
		cJSON_Delete(v);
		if (rc)
			return rc;
		if (taken)
			return exec_body(c, &n->bodies[i]);
	}
	return exec_body(c, &n->else_body);
}

/* The items a for loop walks: a list as is, a dict's keys, a string's characters. */
static int iterable_items(jctx *c, const jnode *n, cJSON *v, cJSON **items)
{
	if (cJSON_IsArray(v)) {
		*items = v;
		return 0;
	}
	if (!cJSON_IsObject(v) && !cJSON_IsString(v)) {
		cJSON_Delete(v);
		return raise_at(c, SAMC_EINVALID, n->expr->line, n->expr->col,
				"cannot loop over a %s value", jv_type_name(v));
	}
	*items = cJSON_CreateArray();
	bool ok = *items != NULL;
	if (cJSON_IsObject(v))
		for (cJSON *x = v->child; ok && x; x = x->next)
			ok = cJSON_AddItemToArray(*items, cJSON_CreateString(x->string));
	else
		for (const char *p = v->valuestring; ok && *p; p++)
			ok = cJSON_AddItemToArray(*items, cJSON_CreateString((char[]){*p, 0}));
	cJSON_Delete(v);
	return ok ? 0 : oom(c);
}

static cJSON *loop_info(size_t i, size_t len)
{
	cJSON *l = cJSON_CreateObject();
	if (!l || !cJSON_AddNumberToObject(l, "index", (double)i + 1) ||
	    !cJSON_AddNumberToObject(l, "index0", (double)i) ||
	    !cJSON_AddNumberToObject(l, "revindex", (double)(len - i)) ||
	    !cJSON_AddNumberToObject(l, "revindex0", (double)(len - i - 1)) ||
	    !cJSON_AddBoolToObject(l, "first", i == 0) ||
	    !cJSON_AddBoolToObject(l, "last", i + 1 == len) ||
	    !cJSON_AddNumberToObject(l, "length", (double)len)) {
		cJSON_Delete(l);
		return NULL;
	}
	return l;
}

static int bind_targets(jctx *c, const jnode *n, const cJSON *item)
{
	if (!n->targets[1])
		return push_var(c, n->targets[0], cJSON_Duplicate(item, true));
	if (!cJSON_IsArray(item) || cJSON_GetArraySize(item) != 2)
		return raise_at(c, SAMC_EINVALID, n->line, n->col,
				"cannot unpack a %s into '%s, %s' (need a pair)", jv_type_name(item),
				n->targets[0], n->targets[1]);
	int rc = push_var(c, n->targets[0], cJSON_Duplicate(item->child, true));
	return rc ? rc : push_var(c, n->targets[1], cJSON_Duplicate(item->child->next, true));
}

static int exec_for(jctx *c, const jnode *n)
{
	cJSON *v = NULL, *items = NULL;
	int rc = eval(c, n->expr, &v);
	if (!rc)
		rc = iterable_items(c, n, v, &items);
	if (rc)
		return rc;
	size_t len = (size_t)cJSON_GetArraySize(items), i = 0, base = c->nvars;
	for (cJSON *x = items->child; !rc && x; x = x->next, i++) {
		rc = push_var(c, "loop", loop_info(i, len));
		if (!rc && !c->vars[c->nvars - 1].value)
			rc = oom(c);
		if (!rc)
			rc = bind_targets(c, n, x);
		if (!rc)
			rc = exec_body(c, &n->bodies[0]);
		pop_vars(c, base);
	}
	cJSON_Delete(items);
	if (!rc && len == 0)
		rc = exec_body(c, &n->else_body);
	return rc;
}

static int exec_set(jctx *c, const jnode *n)
{
	cJSON *v = NULL;
	int rc = eval(c, n->expr, &v);
	return rc ? rc : push_var(c, n->targets[0], v);
}

static int exec_body(jctx *c, const jbody *b)
{
	for (size_t i = 0; i < b->count; i++) {
		const jnode *n = b->items[i];
		int rc = step(c, n->line, n->col);
		if (!rc) {
			switch (n->kind) {
			case JN_TEXT: rc = emit(c, n->text, n->len, n->line, n->col); break;
			case JN_OUTPUT: rc = exec_output(c, n); break;
			case JN_IF: rc = exec_if(c, n); break;
			case JN_FOR: rc = exec_for(c, n); break;
			case JN_SET: rc = exec_set(c, n); break;
			}
		}
		if (rc)
			return rc;
	}
	return 0;
}

int jinja_render(const jinja_template *t, const cJSON *vars, const jinja_limits *limits,
		 samc_buf *out, samc_error **err)
{
	jctx c = {.t = t, .globals = vars, .out = out, .out_start = out->len,
		  .max_output = limits && limits->max_output ? limits->max_output : 64u << 20,
		  .max_steps = limits && limits->max_steps ? limits->max_steps : 10000000};
	int rc = exec_body(&c, &t->body);
	pop_vars(&c, 0);
	free(c.vars);
	if (rc == JINJA_UNDEFINED)
		rc = SAMC_EINVALID;
	if (rc == SAMC_ENOMEM)
		samc_error_set(err, rc, t->name, 0, 0, "out of memory");
	else if (rc)
		jinja_error(err, rc, t->name, c.line, c.col, "%s",
			    samc_buf_cstr(&c.msg) ? samc_buf_cstr(&c.msg) : "error");
	samc_buf_free(&c.msg);
	return rc;
}

int jinja_render_string(const char *text, const char *name, const cJSON *vars,
			const jinja_limits *limits, char **out, samc_error **err)
{
	*out = NULL;
	jinja_template *t = NULL;
	int rc = jinja_parse(&t, text, strlen(text), name, limits, err);
	samc_buf b = SAMC_BUF_INIT;
	if (!rc)
		rc = jinja_render(t, vars, limits, &b, err);
	jinja_free(t);
	if (!rc && !(*out = samc_buf_detach(&b)))
		rc = samc_error_set(err, SAMC_ENOMEM, name, 0, 0, "out of memory");
	samc_buf_free(&b);
	return rc;
}
