/* jinja_parse.c — builds the template tree from tokens: if/elif/else, for/else, set, output
 * expressions with Jinja's operator precedence, filters, tests, subscripts and method calls. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "init/jinja_int.h"
#include "init/jinja_lex.h"
#include "util/error.h"

typedef struct parser {
	jtok *t;
	size_t pos;
	const char *name;
	unsigned depth, max_depth;
	bool limit_hit;
	samc_error **err;
} parser;

static jexpr *parse_expr(parser *p);
static int parse_body(parser *p, jbody *body, const char *const *ends, const char **found);

int jinja_error(samc_error **err, int code, const char *name, unsigned line, unsigned col,
		const char *fmt, ...)
{
	if (!err || *err)
		return code;
	samc_buf msg = SAMC_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	samc_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	const char *m = samc_buf_cstr(&msg);
	if (!m) {
		samc_buf_free(&msg);
		return code;
	}
	samc_error_set(err, code, name, line, col, "%s:%u:%u: %s", name ? name : "<template>", line,
		       col, m);
	if (*err)
		samc_error_add_cause(*err, m, line, col);
	samc_buf_free(&msg);
	return code;
}

static jtok *peek(parser *p)
{
	return &p->t[p->pos];
}

static bool is_op(const jtok *t, const char *op)
{
	return t->kind == JT_OP && t->len == strlen(op) && memcmp(t->s, op, t->len) == 0;
}

static bool is_name(const jtok *t, const char *word)
{
	return t->kind == JT_NAME && t->len == strlen(word) && memcmp(t->s, word, t->len) == 0;
}

static const char *tok_desc(const jtok *t)
{
	switch (t->kind) {
	case JT_TEXT: return "text";
	case JT_VAR_BEGIN: return "'{{'";
	case JT_VAR_END: return "'}}'";
	case JT_BLOCK_BEGIN: return "'{%'";
	case JT_BLOCK_END: return "'%}'";
	case JT_NAME: return "a name";
	case JT_STRING: return "a string";
	case JT_INT: case JT_FLOAT: return "a number";
	case JT_OP: return "an operator";
	default: return "the end of the template";
	}
}

static void *fail(parser *p, const jtok *t, const char *what)
{
	jinja_error(p->err, SAMC_EINVALID, p->name, t->line, t->col, "expected %s, found %s%s%.*s%s",
		    what, tok_desc(t), t->kind == JT_NAME || t->kind == JT_OP ? " '" : "",
		    t->kind == JT_NAME || t->kind == JT_OP ? (int)t->len : 0, t->s ? t->s : "",
		    t->kind == JT_NAME || t->kind == JT_OP ? "'" : "");
	return NULL;
}

static bool expect_op(parser *p, const char *op)
{
	if (!is_op(peek(p), op)) {
		char what[16];
		snprintf(what, sizeof(what), "'%s'", op);
		fail(p, peek(p), what);
		return false;
	}
	p->pos++;
	return true;
}

static jexpr *new_expr(parser *p, jexpr_kind kind, const jtok *at)
{
	jexpr *e = calloc(1, sizeof(*e));
	if (!e) {
		samc_error_set(p->err, SAMC_ENOMEM, p->name, 0, 0, "out of memory");
		return NULL;
	}
	e->kind = kind;
	e->line = at->line;
	e->col = at->col;
	return e;
}

static bool enter(parser *p, const jtok *at)
{
	if (++p->depth > p->max_depth) {
		p->limit_hit = true;
		jinja_error(p->err, SAMC_ELIMIT, p->name, at->line, at->col,
			    "template nested deeper than %u levels", p->max_depth);
		return false;
	}
	return true;
}

static bool add_arg(jexpr *e, jexpr *arg)
{
	jexpr **n = realloc(e->args, (e->nargs + 1) * sizeof(*n));
	if (!n) {
		jexpr_free(arg);
		return false;
	}
	e->args = n;
	e->args[e->nargs++] = arg;
	return true;
}

/* Comma-separated expressions up to the closing operator, appended to e->args. */
static bool parse_args(parser *p, jexpr *e, const char *close)
{
	while (!is_op(peek(p), close)) {
		jexpr *arg = parse_expr(p);
		if (!arg || !add_arg(e, arg))
			return false;
		if (!is_op(peek(p), ","))
			break;
		p->pos++;
	}
	return expect_op(p, close);
}

static char *tok_strdup(const jtok *t)
{
	return strndup(t->s, t->len);
}

static jexpr *parse_literal(parser *p)
{
	jtok *t = peek(p);
	jexpr *e = new_expr(p, JE_LITERAL, t);
	if (!e)
		return NULL;
	if (t->kind == JT_STRING) {
		samc_buf b = SAMC_BUF_INIT; /* adjacent strings concatenate */
		while (peek(p)->kind == JT_STRING) {
			samc_buf_put(&b, peek(p)->s, peek(p)->len);
			p->pos++;
		}
		e->value = cJSON_CreateString(samc_buf_cstr(&b) ? samc_buf_cstr(&b) : "");
		samc_buf_free(&b);
	} else {
		char *s = tok_strdup(t);
		if (s) {
			size_t k = 0;
			for (size_t i = 0; s[i]; i++)
				if (s[i] != '_')
					s[k++] = s[i];
			s[k] = '\0';
			e->value = cJSON_CreateNumber(strtod(s, NULL));
		}
		free(s);
		p->pos++;
	}
	if (!e->value) {
		jexpr_free(e);
		return NULL;
	}
	return e;
}

static jexpr *parse_name_primary(parser *p)
{
	jtok *t = peek(p);
	cJSON *constant = NULL;
	if (is_name(t, "true") || is_name(t, "True"))
		constant = cJSON_CreateTrue();
	else if (is_name(t, "false") || is_name(t, "False"))
		constant = cJSON_CreateFalse();
	else if (is_name(t, "none") || is_name(t, "None"))
		constant = cJSON_CreateNull();
	jexpr *e = new_expr(p, constant ? JE_LITERAL : JE_NAME, t);
	if (!e) {
		cJSON_Delete(constant);
		return NULL;
	}
	e->value = constant;
	if (!constant && !(e->name = tok_strdup(t))) {
		jexpr_free(e);
		return NULL;
	}
	p->pos++;
	return e;
}

static jexpr *parse_primary(parser *p)
{
	jtok *t = peek(p);
	if (t->kind == JT_STRING || t->kind == JT_INT || t->kind == JT_FLOAT)
		return parse_literal(p);
	if (t->kind == JT_NAME)
		return parse_name_primary(p);
	if (is_op(t, "(")) {
		p->pos++;
		jexpr *e = parse_expr(p);
		if (e && !expect_op(p, ")")) {
			jexpr_free(e);
			return NULL;
		}
		return e;
	}
	if (is_op(t, "[") || is_op(t, "{")) {
		bool list = is_op(t, "[");
		jexpr *e = new_expr(p, list ? JE_LIST : JE_DICT, t);
		p->pos++;
		if (!e)
			return NULL;
		bool ok = true;
		if (list)
			ok = parse_args(p, e, "]");
		else
			while (ok && !is_op(peek(p), "}")) {
				jexpr *k = parse_expr(p), *v = NULL;
				ok = k && add_arg(e, k) && expect_op(p, ":") && (v = parse_expr(p)) &&
				     add_arg(e, v);
				if (ok && is_op(peek(p), ","))
					p->pos++;
				else
					break;
			}
		if (ok && !list)
			ok = expect_op(p, "}");
		if (!ok) {
			jexpr_free(e);
			return NULL;
		}
		return e;
	}
	return fail(p, t, "a value");
}

static jexpr *wrap(parser *p, jexpr_kind kind, const jtok *at, jexpr *a)
{
	jexpr *e = new_expr(p, kind, at);
	if (!e) {
		jexpr_free(a);
		return NULL;
	}
	e->a = a;
	return e;
}

static jexpr *parse_subscript(parser *p, jexpr *obj)
{
	jtok *at = peek(p);
	p->pos++;
	jexpr *e = wrap(p, JE_ITEM, at, obj);
	if (!e)
		return NULL;
	if (!is_op(peek(p), ":") && !(e->b = parse_expr(p)))
		goto bad;
	if (is_op(peek(p), ":")) {
		e->kind = JE_SLICE;
		p->pos++;
		if (!is_op(peek(p), "]") && !(e->c = parse_expr(p)))
			goto bad;
	}
	if (expect_op(p, "]"))
		return e;
bad:
	jexpr_free(e);
	return NULL;
}

static jexpr *parse_postfix(parser *p, jexpr *e)
{
	while (e) {
		jtok *t = peek(p);
		if (is_op(t, ".")) {
			p->pos++;
			if (peek(p)->kind != JT_NAME && peek(p)->kind != JT_INT) {
				jexpr_free(e);
				return fail(p, peek(p), "an attribute name");
			}
			e = wrap(p, JE_ATTR, peek(p), e);
			if (e && !(e->name = tok_strdup(peek(p)))) {
				jexpr_free(e);
				return NULL;
			}
			p->pos++;
		} else if (is_op(t, "[")) {
			e = parse_subscript(p, e);
		} else if (is_op(t, "(")) {
			if (e->kind != JE_ATTR) {
				jexpr_free(e);
				jinja_error(p->err, SAMC_EINVALID, p->name, t->line, t->col,
					    "only method calls such as x.lower() are supported");
				return NULL;
			}
			e->kind = JE_CALL;
			p->pos++;
			if (!parse_args(p, e, ")")) {
				jexpr_free(e);
				return NULL;
			}
		} else {
			return e;
		}
	}
	return NULL;
}

/* "|name(args)" filters and "is [not] name" tests after a value. */
static jexpr *parse_filters(parser *p, jexpr *e)
{
	while (e) {
		jtok *t = peek(p);
		bool filter = is_op(t, "|"), test = is_name(t, "is");
		if (!filter && !test)
			return e;
		p->pos++;
		e = wrap(p, filter ? JE_FILTER : JE_TEST, t, e);
		if (!e)
			return NULL;
		if (test && is_name(peek(p), "not")) {
			e->negated = true;
			p->pos++;
		}
		if (peek(p)->kind != JT_NAME) {
			jexpr_free(e);
			return fail(p, peek(p), filter ? "a filter name" : "a test name");
		}
		if (!(e->name = tok_strdup(peek(p)))) {
			jexpr_free(e);
			return NULL;
		}
		p->pos++;
		if (is_op(peek(p), "(")) {
			p->pos++;
			if (!parse_args(p, e, ")")) {
				jexpr_free(e);
				return NULL;
			}
		}
	}
	return NULL;
}

static jexpr *parse_unary(parser *p)
{
	jtok *t = peek(p);
	if (!enter(p, t))
		return NULL;
	jexpr *e;
	if (is_op(t, "-") || is_op(t, "+")) {
		p->pos++;
		e = parse_unary(p);
		if (e && is_op(t, "-"))
			e = wrap(p, JE_NEG, t, e);
	} else {
		e = parse_filters(p, parse_postfix(p, parse_primary(p)));
	}
	p->depth--;
	return e;
}

static jexpr *binop(parser *p, jexpr_kind kind, const jtok *at, const char *op, jexpr *a, jexpr *b)
{
	if (!a || !b) {
		jexpr_free(a);
		jexpr_free(b);
		return NULL;
	}
	jexpr *e = wrap(p, kind, at, a);
	if (!e) {
		jexpr_free(b);
		return NULL;
	}
	e->b = b;
	snprintf(e->op, sizeof(e->op), "%s", op);
	return e;
}

typedef jexpr *(*level_fn)(parser *p);

static jexpr *parse_binary_level(parser *p, level_fn next, const char *const *ops)
{
	jexpr *e = next(p);
	for (;;) {
		jtok *t = peek(p);
		const char *op = NULL;
		for (size_t i = 0; ops[i] && e; i++)
			if (is_op(t, ops[i]))
				op = ops[i];
		if (!op)
			return e;
		p->pos++;
		e = binop(p, JE_BINOP, t, op, e, next(p));
	}
}

static jexpr *parse_math2(parser *p)
{
	static const char *const ops[] = {"*", "/", "//", "%", NULL};
	return parse_binary_level(p, parse_unary, ops);
}

static jexpr *parse_concat(parser *p)
{
	static const char *const ops[] = {"~", NULL};
	return parse_binary_level(p, parse_math2, ops);
}

static jexpr *parse_math1(parser *p)
{
	static const char *const ops[] = {"+", "-", NULL};
	return parse_binary_level(p, parse_concat, ops);
}

static jexpr *parse_compare(parser *p)
{
	static const char *const ops[] = {"==", "!=", "<=", ">=", "<", ">"};
	jexpr *e = parse_math1(p);
	while (e) {
		jtok *t = peek(p);
		const char *op = NULL;
		for (size_t i = 0; i < sizeof(ops) / sizeof(*ops); i++)
			if (is_op(t, ops[i]))
				op = ops[i];
		if (!op && is_name(t, "in"))
			op = "in";
		if (!op && is_name(t, "not") && is_name(&p->t[p->pos + 1], "in")) {
			op = "not in";
			p->pos++;
		}
		if (!op)
			return e;
		p->pos++;
		e = binop(p, JE_CMP, t, op, e, parse_math1(p));
	}
	return NULL;
}

static jexpr *parse_not(parser *p)
{
	jtok *t = peek(p);
	if (!is_name(t, "not"))
		return parse_compare(p);
	if (!enter(p, t))
		return NULL;
	p->pos++;
	jexpr *e = parse_not(p);
	p->depth--;
	return e ? wrap(p, JE_NOT, t, e) : NULL;
}

static jexpr *parse_logic(parser *p, bool is_or)
{
	jexpr *e = is_or ? parse_logic(p, false) : parse_not(p);
	while (e && is_name(peek(p), is_or ? "or" : "and")) {
		jtok *t = peek(p);
		p->pos++;
		e = binop(p, is_or ? JE_OR : JE_AND, t, "", e,
			  is_or ? parse_logic(p, false) : parse_not(p));
	}
	return e;
}

static jexpr *parse_expr(parser *p)
{
	jtok *t = peek(p);
	if (!enter(p, t))
		return NULL;
	jexpr *e = parse_logic(p, true);
	if (e && is_name(peek(p), "if")) {
		jtok *at = peek(p);
		p->pos++;
		jexpr *c = wrap(p, JE_COND, at, e);
		e = NULL;
		if (c && (c->b = parse_logic(p, true))) {
			if (!is_name(peek(p), "else") || (p->pos++, (c->c = parse_expr(p))))
				e = c;
		}
		if (!e)
			jexpr_free(c);
	}
	p->depth--;
	return e;
}

/* ---- statements -------------------------------------------------------------------- */

static jnode *new_node(parser *p, jnode_kind kind, const jtok *at)
{
	jnode *n = calloc(1, sizeof(*n));
	if (!n) {
		samc_error_set(p->err, SAMC_ENOMEM, p->name, 0, 0, "out of memory");
		return NULL;
	}
	n->kind = kind;
	n->line = at->line;
	n->col = at->col;
	return n;
}

static void node_free(jnode *n)
{
	if (!n)
		return;
	free(n->text);
	jexpr_free(n->expr);
	for (size_t i = 0; i < n->nbranches; i++) {
		jexpr_free(n->conds ? n->conds[i] : NULL);
		jbody_free(&n->bodies[i]);
	}
	free(n->conds);
	free(n->bodies);
	jbody_free(&n->else_body);
	free(n->targets[0]);
	free(n->targets[1]);
	free(n);
}

static bool body_add(jbody *b, jnode *n)
{
	if (b->count == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 8;
		jnode **items = realloc(b->items, cap * sizeof(*items));
		if (!items) {
			node_free(n);
			return false;
		}
		b->items = items;
		b->cap = cap;
	}
	b->items[b->count++] = n;
	return true;
}

static bool expect_block_end(parser *p)
{
	if (peek(p)->kind != JT_BLOCK_END) {
		fail(p, peek(p), "'%}'");
		return false;
	}
	p->pos++;
	return true;
}

static bool add_branch(jnode *n, jexpr *cond)
{
	jexpr **conds = realloc(n->conds, (n->nbranches + 1) * sizeof(*conds));
	if (conds)
		n->conds = conds;
	jbody *bodies = conds ? realloc(n->bodies, (n->nbranches + 1) * sizeof(*bodies)) : NULL;
	if (!bodies) {
		jexpr_free(cond);
		return false;
	}
	n->bodies = bodies;
	n->conds[n->nbranches] = cond;
	n->bodies[n->nbranches++] = (jbody){0};
	return true;
}

static jnode *parse_if(parser *p, const jtok *at)
{
	static const char *const ends[] = {"elif", "else", "endif", NULL};
	jnode *n = new_node(p, JN_IF, at);
	const char *found = "elif";
	while (n && strcmp(found, "elif") == 0) {
		jexpr *cond = parse_expr(p);
		if (!cond || !add_branch(n, cond) || !expect_block_end(p) ||
		    parse_body(p, &n->bodies[n->nbranches - 1], ends, &found))
			goto bad;
	}
	if (n && strcmp(found, "else") == 0) {
		static const char *const endif[] = {"endif", NULL};
		if (!expect_block_end(p) || parse_body(p, &n->else_body, endif, &found))
			goto bad;
	}
	if (n && expect_block_end(p))
		return n;
bad:
	node_free(n);
	return NULL;
}

static bool parse_target(parser *p, char **out)
{
	if (peek(p)->kind != JT_NAME) {
		fail(p, peek(p), "a variable name");
		return false;
	}
	*out = tok_strdup(peek(p));
	p->pos++;
	return *out != NULL;
}

static jnode *parse_for(parser *p, const jtok *at)
{
	static const char *const ends[] = {"else", "endfor", NULL};
	jnode *n = new_node(p, JN_FOR, at);
	const char *found = NULL;
	if (!n || !parse_target(p, &n->targets[0]))
		goto bad;
	if (is_op(peek(p), ",") && (p->pos++, !parse_target(p, &n->targets[1])))
		goto bad;
	if (!is_name(peek(p), "in")) {
		fail(p, peek(p), "'in'");
		goto bad;
	}
	p->pos++;
	if (!(n->expr = parse_expr(p)) || !expect_block_end(p) || !add_branch(n, NULL) ||
	    parse_body(p, &n->bodies[0], ends, &found))
		goto bad;
	if (strcmp(found, "else") == 0) {
		static const char *const endfor[] = {"endfor", NULL};
		if (!expect_block_end(p) || parse_body(p, &n->else_body, endfor, &found))
			goto bad;
	}
	if (expect_block_end(p))
		return n;
bad:
	node_free(n);
	return NULL;
}

static jnode *parse_set(parser *p, const jtok *at)
{
	jnode *n = new_node(p, JN_SET, at);
	if (n && parse_target(p, &n->targets[0]) && expect_op(p, "=") && (n->expr = parse_expr(p)) &&
	    expect_block_end(p))
		return n;
	node_free(n);
	return NULL;
}

static jnode *parse_statement(parser *p, const char *const *ends, const char **found, bool *ended)
{
	jtok *kw = peek(p);
	if (kw->kind != JT_NAME)
		return fail(p, kw, "a statement name");
	for (size_t i = 0; ends && ends[i]; i++)
		if (is_name(kw, ends[i])) {
			*found = ends[i];
			*ended = true;
			p->pos++;
			return NULL;
		}
	p->pos++;
	if (is_name(kw, "if"))
		return parse_if(p, kw);
	if (is_name(kw, "for"))
		return parse_for(p, kw);
	if (is_name(kw, "set"))
		return parse_set(p, kw);
	jinja_error(p->err, SAMC_EINVALID, p->name, kw->line, kw->col,
		    "unexpected statement '%.*s' (supported: if, elif, else, endif, for, endfor, "
		    "set, raw, endraw)",
		    (int)kw->len, kw->s);
	return NULL;
}

static jnode *parse_output(parser *p, const jtok *at)
{
	jnode *n = new_node(p, JN_OUTPUT, at);
	if (n && (n->expr = parse_expr(p))) {
		if (peek(p)->kind == JT_VAR_END) {
			p->pos++;
			return n;
		}
		fail(p, peek(p), "'}}'");
	}
	node_free(n);
	return NULL;
}

static jnode *parse_text(parser *p, const jtok *t)
{
	jnode *n = new_node(p, JN_TEXT, t);
	if (n && !(n->text = malloc(t->len ? t->len : 1))) {
		node_free(n);
		return NULL;
	}
	if (n) {
		memcpy(n->text, t->s, t->len);
		n->len = t->len;
	}
	p->pos++;
	return n;
}

/* Parses nodes into body until one of the end statements (NULL: end of template). */
static int parse_body(parser *p, jbody *body, const char *const *ends, const char **found)
{
	jtok *open = peek(p);
	if (!enter(p, open))
		return SAMC_ELIMIT;
	for (;;) {
		jtok *t = peek(p);
		jnode *n = NULL;
		bool ended = false;
		if (t->kind == JT_EOF) {
			if (ends) {
				p->depth--;
				size_t last = 0;
				while (ends[last + 1])
					last++;
				return jinja_error(p->err, SAMC_EINVALID, p->name, t->line, t->col,
						   "the template ends inside a block: '{%% %s %%}' "
						   "is missing (the block starts at line %u)",
						   ends[last], open->line);
			}
			p->depth--;
			return 0;
		}
		if (t->kind == JT_TEXT) {
			n = parse_text(p, t);
		} else if (t->kind == JT_VAR_BEGIN) {
			p->pos++;
			n = parse_output(p, t);
		} else if (t->kind == JT_BLOCK_BEGIN) {
			p->pos++;
			n = parse_statement(p, ends, found, &ended);
		} else {
			fail(p, t, "text or a tag");
		}
		if (ended) {
			p->depth--;
			return 0;
		}
		if (!n || !body_add(body, n)) {
			p->depth--;
			if (p->limit_hit)
				return SAMC_ELIMIT;
			if (!p->err || *p->err)
				return SAMC_EINVALID;
			return samc_error_set(p->err, SAMC_ENOMEM, p->name, 0, 0, "out of memory");
		}
	}
}

void jexpr_free(jexpr *e)
{
	if (!e)
		return;
	free(e->name);
	cJSON_Delete(e->value);
	jexpr_free(e->a);
	jexpr_free(e->b);
	jexpr_free(e->c);
	for (size_t i = 0; i < e->nargs; i++)
		jexpr_free(e->args[i]);
	free(e->args);
	free(e);
}

void jbody_free(jbody *b)
{
	for (size_t i = 0; i < b->count; i++)
		node_free(b->items[i]);
	free(b->items);
	*b = (jbody){0};
}

int jinja_parse(jinja_template **out, const char *text, size_t len, const char *name,
		const jinja_limits *limits, samc_error **err)
{
	*out = NULL;
	jtok_list toks = {0};
	int rc = jinja_lex(text, len, name, &toks, err);
	jinja_template *t = rc ? NULL : calloc(1, sizeof(*t));
	if (!rc && (!t || !(t->name = strdup(name ? name : "<template>"))))
		rc = samc_error_set(err, SAMC_ENOMEM, name, 0, 0, "out of memory");
	if (!rc) {
		parser p = {.t = toks.items, .name = name, .err = err,
			    .max_depth = limits && limits->max_depth ? limits->max_depth : 128};
		rc = parse_body(&p, &t->body, NULL, NULL);
	}
	jtok_list_free(&toks);
	if (rc) {
		jinja_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

void jinja_free(jinja_template *t)
{
	if (!t)
		return;
	jbody_free(&t->body);
	free(t->name);
	free(t);
}
