/* jinja_lex.h — the tokens of Jinja template text: text runs, tag delimiters with whitespace
 * control applied, and the names, literals and operators inside tags (jinja_lex.c). */
#ifndef SAMC_INIT_JINJA_LEX_H
#define SAMC_INIT_JINJA_LEX_H

#include <stddef.h>

#include "samc/samc.h"

typedef enum jtok_kind {
	JT_TEXT,
	JT_VAR_BEGIN,
	JT_VAR_END,
	JT_BLOCK_BEGIN,
	JT_BLOCK_END,
	JT_NAME,
	JT_STRING, /* s/len hold the decoded value (owned) */
	JT_INT,
	JT_FLOAT,
	JT_OP,
	JT_EOF
} jtok_kind;

typedef struct jtok {
	jtok_kind kind;
	const char *s; /* into the source, except JT_STRING */
	size_t len;
	char *owned;
	unsigned line, col;
} jtok;

typedef struct jtok_list {
	jtok *items;
	size_t count, cap;
} jtok_list;

/* Tokenizes text; errors name the file and position. */
int jinja_lex(const char *text, size_t len, const char *name, jtok_list *out, samc_error **err);
void jtok_list_free(jtok_list *l);

#endif
