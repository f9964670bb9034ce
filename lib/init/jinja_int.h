/* jinja_int.h — the template tree shared by the Jinja parser (jinja_parse.c) and evaluator
 * (jinja_eval.c), and the Python-like value functions of jinja_value.c. */
#ifndef SAMC_INIT_JINJA_INT_H
#define SAMC_INIT_JINJA_INT_H

#include <stdbool.h>

#include "init/jinja.h"

typedef enum jexpr_kind {
	JE_LITERAL, /* value */
	JE_NAME,    /* name */
	JE_ATTR,    /* a.name */
	JE_ITEM,    /* a[b] */
	JE_SLICE,   /* a[b:c] (b, c may be NULL) */
	JE_CALL,    /* a.name(args): a method call */
	JE_FILTER,  /* a|name(args) */
	JE_TEST,    /* a is [not] name */
	JE_NOT,
	JE_AND,
	JE_OR,
	JE_CMP,     /* op: "==", "!=", "<", "<=", ">", ">=", "in", "not in" */
	JE_BINOP,   /* op: "+", "-", "*", "/", "//", "%", "~" */
	JE_NEG,
	JE_LIST,    /* [args] */
	JE_DICT,    /* {args[0]: args[1], ...} */
	JE_COND     /* a if b else c */
} jexpr_kind;

typedef struct jexpr {
	jexpr_kind kind;
	unsigned line, col;
	char op[8];
	char *name;
	cJSON *value;
	struct jexpr *a, *b, *c;
	struct jexpr **args;
	size_t nargs;
	bool negated; /* JE_TEST: "is not" */
} jexpr;

typedef enum jnode_kind { JN_TEXT, JN_OUTPUT, JN_IF, JN_FOR, JN_SET } jnode_kind;

typedef struct jnode jnode;
typedef struct jbody {
	jnode **items;
	size_t count, cap;
} jbody;

struct jnode {
	jnode_kind kind;
	unsigned line, col;
	char *text; /* JN_TEXT */
	size_t len;
	jexpr *expr; /* JN_OUTPUT, JN_FOR iterable, JN_SET value */
	/* JN_IF: conds[i] guards bodies[i]; else_body. JN_FOR: body in bodies[0], else_body. */
	jexpr **conds;
	jbody *bodies;
	size_t nbranches;
	jbody else_body;
	char *targets[2]; /* JN_FOR loop variables (second for "k, v"); JN_SET target */
};

struct jinja_template {
	char *name;
	jbody body;
};

void jexpr_free(jexpr *e);
void jbody_free(jbody *b);

/* Python-flavoured value functions (jinja_value.c). */
bool jv_truthy(const cJSON *v);
/* str(v) as Python prints it: strings raw, True/False/None, ints without ".0", lists and
 * dicts in repr form. */
void jv_str(samc_buf *out, const cJSON *v);
void jv_repr(samc_buf *out, const cJSON *v);
bool jv_equal(const cJSON *a, const cJSON *b);
/* -1, 0, 1; sets *ok false when the values do not compare (e.g. a string and a number). */
int jv_compare(const cJSON *a, const cJSON *b, bool *ok);
const char *jv_type_name(const cJSON *v);
bool jv_is_int(const cJSON *v);

/* Built-in filters, tests and methods (jinja_builtins.c). Each returns 0 with a new value in
 * *out, SAMC_ENOMEM, or SAMC_EINVALID with the reason in *why (no position; the evaluator
 * adds it). JINJA_UNKNOWN means no such builtin. */
#define JINJA_UNKNOWN 1
int jinja_filter(const char *name, const cJSON *v, cJSON *const *args, size_t nargs,
		 cJSON **out, samc_buf *why);
int jinja_test(const char *name, const cJSON *v, cJSON *const *args, size_t nargs, bool *out,
	       samc_buf *why);
int jinja_method(const char *name, const cJSON *v, cJSON *const *args, size_t nargs,
		 cJSON **out, samc_buf *why);

#endif
