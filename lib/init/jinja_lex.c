/* jinja_lex.c — splits Jinja template text into tokens: text, {{ }} / {% %} delimiters with
 * the whitespace control of {%- and -%}, {# #} comments and {% raw %} blocks removed. */
#define _POSIX_C_SOURCE 200809L
#include "init/jinja_lex.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "init/jinja.h"
#include "util/buf.h"

typedef struct lexer {
	const char *src, *end, *p;
	const char *name;
	unsigned line, col;
	bool lstrip_next; /* the previous tag ended with "-%}": strip leading whitespace */
	jtok_list *out;
	samc_error **err;
} lexer;

static void advance(lexer *lx, const char *to)
{
	for (; lx->p < to; lx->p++) {
		if (*lx->p == '\n') {
			lx->line++;
			lx->col = 1;
		} else if (((unsigned char)*lx->p & 0xC0) != 0x80) {
			lx->col++;
		}
	}
}

static int push(lexer *lx, jtok_kind kind, const char *s, size_t len, unsigned line, unsigned col)
{
	jtok_list *l = lx->out;
	if (l->count == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		jtok *n = realloc(l->items, cap * sizeof(*n));
		if (!n)
			return SAMC_ENOMEM;
		l->items = n;
		l->cap = cap;
	}
	l->items[l->count++] = (jtok){kind, s, len, NULL, line, col};
	return 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Text from lx->p to stop (exclusive), honouring pending and requested stripping. */
static int push_text(lexer *lx, const char *stop, bool rstrip)
{
	const char *s = lx->p, *e = stop;
	unsigned line = lx->line, col = lx->col;
	if (lx->lstrip_next) {
		while (s < e && is_space(*s))
			s++;
		lx->lstrip_next = false;
	}
	if (rstrip)
		while (e > s && is_space(e[-1]))
			e--;
	advance(lx, s);
	line = lx->line;
	col = lx->col;
	advance(lx, stop);
	return e > s ? push(lx, JT_TEXT, s, (size_t)(e - s), line, col) : 0;
}

static const char *find_open(const char *p, const char *end)
{
	for (; p + 1 < end; p++)
		if (p[0] == '{' && (p[1] == '{' || p[1] == '%' || p[1] == '#'))
			return p;
	return end;
}

/* "{% raw %}" at p (with optional '-' marks): returns the end of the tag or NULL. */
static const char *match_word_tag(const char *p, const char *end, const char *word, bool *lminus,
				  bool *rminus)
{
	if (end - p < 4 || p[0] != '{' || p[1] != '%')
		return NULL;
	p += 2;
	*lminus = p < end && *p == '-';
	if (*lminus)
		p++;
	while (p < end && is_space(*p))
		p++;
	size_t n = strlen(word);
	if ((size_t)(end - p) < n || memcmp(p, word, n) != 0)
		return NULL;
	p += n;
	while (p < end && is_space(*p))
		p++;
	*rminus = p < end && *p == '-';
	if (*rminus)
		p++;
	if (end - p < 2 || p[0] != '%' || p[1] != '}')
		return NULL;
	return p + 2;
}

static int lex_raw(lexer *lx, const char *tag_end, bool rminus)
{
	advance(lx, tag_end);
	lx->lstrip_next = rminus;
	for (const char *q = lx->p; q + 1 < lx->end; q++) {
		bool lm, rm;
		const char *e = match_word_tag(q, lx->end, "endraw", &lm, &rm);
		if (!e)
			continue;
		int rc = push_text(lx, q, lm);
		if (rc)
			return rc;
		advance(lx, e);
		lx->lstrip_next = rm;
		return 0;
	}
	return jinja_error(lx->err, SAMC_EINVALID, lx->name, lx->line, lx->col,
			   "{%% raw %%} without {%% endraw %%}");
}

static int lex_string(lexer *lx)
{
	char quote = *lx->p;
	unsigned line = lx->line, col = lx->col;
	samc_buf b = SAMC_BUF_INIT;
	const char *q = lx->p + 1;
	for (; q < lx->end && *q != quote; q++) {
		if (*q == '\\' && q + 1 < lx->end) {
			q++;
			const char *known = strchr("nrt\\'\"", *q);
			if (!known || !*q) /* Python keeps unknown escapes as written */
				samc_buf_putc(&b, '\\');
			samc_buf_putc(&b, *q == 'n' ? '\n' : *q == 't' ? '\t' : *q == 'r' ? '\r' : *q);
		} else {
			samc_buf_putc(&b, *q);
		}
	}
	if (q >= lx->end) {
		samc_buf_free(&b);
		return jinja_error(lx->err, SAMC_EINVALID, lx->name, line, col, "unterminated string");
	}
	size_t n = b.len;
	char *s = b.oom ? NULL : samc_buf_detach(&b);
	if (!s || push(lx, JT_STRING, s, n, line, col)) {
		free(s);
		samc_buf_free(&b);
		return SAMC_ENOMEM;
	}
	lx->out->items[lx->out->count - 1].owned = s;
	advance(lx, q + 1);
	return 0;
}

static const char *const OPS[] = {"==", "!=", "<=", ">=", "//", "**", "<", ">", "+", "-", "*",
				  "/", "%", "~", "|", ".", ",", ":", "(", ")", "[", "]", "{",
				  "}", "="};

static int lex_operator(lexer *lx)
{
	for (size_t i = 0; i < sizeof(OPS) / sizeof(*OPS); i++) {
		size_t n = strlen(OPS[i]);
		if ((size_t)(lx->end - lx->p) >= n && memcmp(lx->p, OPS[i], n) == 0) {
			int rc = push(lx, JT_OP, lx->p, n, lx->line, lx->col);
			advance(lx, lx->p + n);
			return rc;
		}
	}
	return jinja_error(lx->err, SAMC_EINVALID, lx->name, lx->line, lx->col,
			   "unexpected character '%c' in a tag", *lx->p);
}

static int lex_word_or_number(lexer *lx)
{
	const char *q = lx->p;
	jtok_kind kind = JT_NAME;
	if (isdigit((unsigned char)*q)) {
		kind = JT_INT;
		while (q < lx->end && (isdigit((unsigned char)*q) || *q == '_'))
			q++;
		if (q + 1 < lx->end && *q == '.' && isdigit((unsigned char)q[1])) {
			kind = JT_FLOAT;
			for (q++; q < lx->end && isdigit((unsigned char)*q); q++)
				;
		}
	} else {
		while (q < lx->end && (isalnum((unsigned char)*q) || *q == '_'))
			q++;
	}
	int rc = push(lx, kind, lx->p, (size_t)(q - lx->p), lx->line, lx->col);
	advance(lx, q);
	return rc;
}

/* Inside {{ }} or {% %}: tokens until the closing delimiter (closer is "}}" or "%}"). */
static int lex_tag(lexer *lx, const char *closer, jtok_kind end_kind, unsigned line, unsigned col)
{
	for (;;) {
		while (lx->p < lx->end && is_space(*lx->p))
			advance(lx, lx->p + 1);
		if (lx->p >= lx->end)
			return jinja_error(lx->err, SAMC_EINVALID, lx->name, line, col,
					   "tag not closed (expected '%s')", closer);
		size_t left = (size_t)(lx->end - lx->p);
		bool minus = left >= 3 && lx->p[0] == '-' && memcmp(lx->p + 1, closer, 2) == 0;
		if (minus || (left >= 2 && memcmp(lx->p, closer, 2) == 0)) {
			int rc = push(lx, end_kind, lx->p, 0, lx->line, lx->col);
			advance(lx, lx->p + (minus ? 3 : 2));
			lx->lstrip_next = minus;
			return rc;
		}
		int rc;
		char c = *lx->p;
		if (c == '\'' || c == '"')
			rc = lex_string(lx);
		else if (isalnum((unsigned char)c) || c == '_')
			rc = lex_word_or_number(lx);
		else
			rc = lex_operator(lx);
		if (rc)
			return rc;
	}
}

static int lex_comment(lexer *lx, unsigned line, unsigned col)
{
	for (const char *q = lx->p; q + 1 < lx->end; q++)
		if (q[0] == '#' && q[1] == '}') {
			lx->lstrip_next = q > lx->p && q[-1] == '-';
			advance(lx, q + 2);
			return 0;
		}
	return jinja_error(lx->err, SAMC_EINVALID, lx->name, line, col, "comment not closed ('#}')");
}

static int lex_delimiter(lexer *lx)
{
	unsigned line = lx->line, col = lx->col;
	char kind = lx->p[1];
	bool lm, rm;
	const char *raw_end = kind == '%' ? match_word_tag(lx->p, lx->end, "raw", &lm, &rm) : NULL;
	if (raw_end)
		return lex_raw(lx, raw_end, rm);
	advance(lx, lx->p + 2);
	if (lx->p < lx->end && (*lx->p == '-' || *lx->p == '+'))
		advance(lx, lx->p + 1);
	if (kind == '#')
		return lex_comment(lx, line, col);
	int rc = push(lx, kind == '{' ? JT_VAR_BEGIN : JT_BLOCK_BEGIN, NULL, 0, line, col);
	if (rc)
		return rc;
	return kind == '{' ? lex_tag(lx, "}}", JT_VAR_END, line, col)
			   : lex_tag(lx, "%}", JT_BLOCK_END, line, col);
}

int jinja_lex(const char *text, size_t len, const char *name, jtok_list *out, samc_error **err)
{
	lexer lx = {text, text + len, text, name, 1, 1, false, out, err};
	while (lx.p < lx.end) {
		const char *open = find_open(lx.p, lx.end);
		bool strip = open + 2 < lx.end && open[2] == '-';
		int rc = push_text(&lx, open, strip);
		if (!rc && open < lx.end)
			rc = lex_delimiter(&lx);
		if (rc)
			return rc;
	}
	return push(&lx, JT_EOF, NULL, 0, lx.line, lx.col);
}

void jtok_list_free(jtok_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->items[i].owned);
	free(l->items);
	l->items = NULL;
	l->count = l->cap = 0;
}
