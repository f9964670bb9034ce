/* toml.c — the TOML subset samconfig.toml uses, read into a cJSON tree and written back:
 * [dotted.table] headers, key = value with basic/literal strings, booleans, numbers, arrays. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/deploy_int.h"
#include "doc/doc.h"
#include "util/buf.h"
#include "util/error.h"

typedef struct toml_reader {
	const char *p, *end;
	const char *file;
	unsigned line, col;
	samc_error **err;
} toml_reader;

#define TOML_MAX_DEPTH 32

static int fail(toml_reader *r, const char *what)
{
	return samc_error_set(r->err, SAMC_EINVALID, r->file, r->line, r->col, "%s:%u:%u: %s",
			      r->file, r->line, r->col, what);
}

static int peek(const toml_reader *r)
{
	return r->p < r->end ? (unsigned char)*r->p : -1;
}

static void advance(toml_reader *r)
{
	if (r->p >= r->end)
		return;
	if (*r->p == '\n') {
		r->line++;
		r->col = 1;
	} else {
		r->col++;
	}
	r->p++;
}

/* Blanks and a comment up to (not including) the end of the line. */
static void skip_blank(toml_reader *r)
{
	while (peek(r) == ' ' || peek(r) == '\t')
		advance(r);
	if (peek(r) == '#')
		while (peek(r) != -1 && peek(r) != '\n')
			advance(r);
}

/* Blanks, comments and newlines (inside arrays). */
static void skip_space(toml_reader *r)
{
	for (;;) {
		skip_blank(r);
		if (peek(r) == '\n' || peek(r) == '\r')
			advance(r);
		else
			return;
	}
}

static int end_of_line(toml_reader *r)
{
	skip_blank(r);
	if (peek(r) == '\r')
		advance(r);
	if (peek(r) == -1)
		return SAMC_OK;
	if (peek(r) != '\n')
		return fail(r, "unexpected text after a value (one `key = value` per line)");
	advance(r);
	return SAMC_OK;
}

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static size_t utf8_encode(unsigned cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static int read_unicode_escape(toml_reader *r, int digits, samc_buf *b)
{
	unsigned cp = 0;
	for (int i = 0; i < digits; i++) {
		int h = hex_value(peek(r));
		if (h < 0)
			return fail(r, "\\u needs 4 and \\U 8 hexadecimal digits");
		cp = cp * 16 + (unsigned)h;
		advance(r);
	}
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return fail(r, "\\u escape is not a Unicode scalar value");
	char out[4];
	size_t n = utf8_encode(cp, out);
	samc_buf_put(b, out, n);
	return SAMC_OK;
}

static int read_escape(toml_reader *r, samc_buf *b)
{
	advance(r); /* the backslash */
	int c = peek(r);
	const char *from = "btnfr\"\\", *to = "\b\t\n\f\r\"\\";
	const char *hit = c > 0 ? strchr(from, c) : NULL;
	if (hit) {
		samc_buf_putc(b, to[hit - from]);
		advance(r);
		return SAMC_OK;
	}
	if (c == 'u' || c == 'U') {
		advance(r);
		return read_unicode_escape(r, c == 'u' ? 4 : 8, b);
	}
	return fail(r, "unknown escape in a string (allowed: \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX "
		       "\\UXXXXXXXX)");
}

/* "basic" or 'literal' string; the opening quote is at r->p. */
static int read_string(toml_reader *r, char **out)
{
	int quote = peek(r);
	if (r->end - r->p >= 3 && r->p[1] == quote && r->p[2] == quote)
		return fail(r, "multi-line strings are not supported in samconfig");
	advance(r);
	samc_buf b = SAMC_BUF_INIT;
	int rc = SAMC_OK;
	while (rc == SAMC_OK && peek(r) != quote) {
		int c = peek(r);
		if (c == -1 || c == '\n')
			rc = fail(r, "unterminated string (close it on the same line)");
		else if (c == '\\' && quote == '"')
			rc = read_escape(r, &b);
		else {
			samc_buf_putc(&b, (char)c);
			advance(r);
		}
	}
	if (rc == SAMC_OK)
		advance(r);
	const char *s = rc == SAMC_OK ? samc_buf_cstr(&b) : NULL;
	*out = s ? samc_strdup(s) : NULL;
	samc_buf_free(&b);
	return rc ? rc : *out ? SAMC_OK : SAMC_ENOMEM;
}

static int is_bare_key_char(int c)
{
	return c > 0 && (isalnum(c) || c == '_' || c == '-');
}

static int read_key_part(toml_reader *r, char **out)
{
	if (peek(r) == '"' || peek(r) == '\'')
		return read_string(r, out);
	const char *start = r->p;
	while (is_bare_key_char(peek(r)))
		advance(r);
	if (r->p == start)
		return fail(r, "expected a key (letters, digits, '_' or '-', or a quoted string)");
	*out = malloc((size_t)(r->p - start) + 1);
	if (!*out)
		return SAMC_ENOMEM;
	memcpy(*out, start, (size_t)(r->p - start));
	(*out)[r->p - start] = '\0';
	return SAMC_OK;
}

/* A dotted key: parts[] (owned) up to TOML_MAX_DEPTH. */
typedef struct dotted_key {
	char *parts[TOML_MAX_DEPTH];
	size_t n;
	samc_pos pos;
} dotted_key;

static void dotted_key_clear(dotted_key *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->parts[i]);
	k->n = 0;
}

static int read_dotted_key(toml_reader *r, dotted_key *k)
{
	k->pos = (samc_pos){r->line, r->col};
	for (;;) {
		skip_blank(r);
		if (k->n == TOML_MAX_DEPTH)
			return fail(r, "key nested too deeply");
		int rc = read_key_part(r, &k->parts[k->n]);
		if (rc)
			return rc;
		k->n++;
		skip_blank(r);
		if (peek(r) != '.')
			return SAMC_OK;
		advance(r);
	}
}

static int read_value(toml_reader *r, cJSON **out, int depth);

static int read_array(toml_reader *r, cJSON **out, int depth)
{
	advance(r); /* [ */
	cJSON *arr = cJSON_CreateArray();
	if (!arr)
		return SAMC_ENOMEM;
	for (;;) {
		skip_space(r);
		if (peek(r) == ']')
			break;
		cJSON *item = NULL;
		int rc = read_value(r, &item, depth + 1);
		if (rc == SAMC_OK && !cJSON_AddItemToArray(arr, item)) {
			cJSON_Delete(item);
			rc = SAMC_ENOMEM;
		}
		if (rc == SAMC_OK) {
			skip_space(r);
			if (peek(r) == ',')
				advance(r);
			else if (peek(r) != ']')
				rc = fail(r, "expected ',' or ']' in an array");
		}
		if (rc) {
			cJSON_Delete(arr);
			return rc;
		}
	}
	advance(r); /* ] */
	*out = arr;
	return SAMC_OK;
}

static int read_word(toml_reader *r, char *buf, size_t cap)
{
	size_t n = 0;
	while (peek(r) > 0 && (isalnum(peek(r)) || strchr("+-._", peek(r)))) {
		if (n + 1 >= cap)
			return fail(r, "value too long");
		if (peek(r) != '_')
			buf[n++] = (char)peek(r);
		advance(r);
	}
	buf[n] = '\0';
	return SAMC_OK;
}

static int read_number_or_bool(toml_reader *r, cJSON **out)
{
	samc_pos at = {r->line, r->col};
	char word[64];
	int rc = read_word(r, word, sizeof(word));
	if (rc)
		return rc;
	if (strcmp(word, "true") == 0 || strcmp(word, "false") == 0)
		*out = cJSON_CreateBool(word[0] == 't');
	else {
		char *endp = NULL;
		double v = strtod(word, &endp);
		if (!word[0] || *endp || !strpbrk(word, "0123456789")) {
			r->line = at.line;
			r->col = at.column;
			return fail(r, "expected a value: a \"string\", 'string', true, false, a "
				       "number or an [array]");
		}
		*out = samc_number_new(word[0] == '+' ? word + 1 : word, v);
	}
	return *out ? SAMC_OK : SAMC_ENOMEM;
}

static int read_value(toml_reader *r, cJSON **out, int depth)
{
	samc_pos at = {r->line, r->col};
	int c = peek(r);
	int rc;
	if (depth > TOML_MAX_DEPTH)
		return fail(r, "arrays nested too deeply");
	if (c == '"' || c == '\'') {
		char *s = NULL;
		rc = read_string(r, &s);
		if (rc == SAMC_OK && !(*out = cJSON_CreateString(s)))
			rc = SAMC_ENOMEM;
		free(s);
	} else if (c == '[') {
		rc = read_array(r, out, depth);
	} else if (c == '{') {
		rc = fail(r, "inline tables are not supported in samconfig (use a [table])");
	} else {
		rc = read_number_or_bool(r, out);
	}
	if (rc == SAMC_OK)
		samc_node_set_pos(*out, at);
	return rc;
}

/* Walks (creating) the tables of parts[0..n). */
static int descend(toml_reader *r, cJSON *table, const dotted_key *k, size_t n, cJSON **out)
{
	for (size_t i = 0; i < n; i++) {
		cJSON *next = cJSON_GetObjectItemCaseSensitive(table, k->parts[i]);
		if (!next) {
			next = cJSON_AddObjectToObject(table, k->parts[i]);
			if (!next)
				return SAMC_ENOMEM;
			samc_node_set_pos(next, k->pos);
		} else if (!cJSON_IsObject(next)) {
			r->line = k->pos.line;
			r->col = k->pos.column;
			return fail(r, "a key is used both as a value and as a table");
		}
		table = next;
	}
	*out = table;
	return SAMC_OK;
}

static int read_header(toml_reader *r, cJSON *root, cJSON **current)
{
	advance(r); /* [ */
	if (peek(r) == '[')
		return fail(r, "arrays of tables ([[...]]) are not supported in samconfig");
	dotted_key k = {{0}, 0, {0, 0}};
	int rc = read_dotted_key(r, &k);
	if (rc == SAMC_OK && peek(r) != ']')
		rc = fail(r, "expected ']' to close the table header");
	if (rc == SAMC_OK) {
		advance(r);
		rc = descend(r, root, &k, k.n, current);
	}
	dotted_key_clear(&k);
	return rc ? rc : end_of_line(r);
}

static int read_pair(toml_reader *r, cJSON *table)
{
	dotted_key k = {{0}, 0, {0, 0}};
	cJSON *value = NULL;
	int rc = read_dotted_key(r, &k);
	if (rc == SAMC_OK && peek(r) != '=')
		rc = fail(r, "expected '=' after a key");
	if (rc == SAMC_OK) {
		advance(r);
		skip_blank(r);
		rc = descend(r, table, &k, k.n - 1, &table);
	}
	if (rc == SAMC_OK && cJSON_GetObjectItemCaseSensitive(table, k.parts[k.n - 1])) {
		r->line = k.pos.line;
		r->col = k.pos.column;
		rc = fail(r, "duplicate key");
	}
	if (rc == SAMC_OK)
		rc = read_value(r, &value, 0);
	if (rc == SAMC_OK) {
		samc_node_set_pos(value, k.pos);
		if (!cJSON_AddItemToObject(table, k.parts[k.n - 1], value)) {
			cJSON_Delete(value);
			rc = SAMC_ENOMEM;
		}
	}
	dotted_key_clear(&k);
	return rc ? rc : end_of_line(r);
}

int samc_toml_parse(const char *text, size_t len, const char *file, cJSON **out,
		    samc_error **err)
{
	toml_reader r = {text, text + len, file ? file : "samconfig.toml", 1, 1, err};
	cJSON *root = cJSON_CreateObject();
	cJSON *current = root;
	int rc = root ? SAMC_OK : SAMC_ENOMEM;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		r.p += 3;
	while (rc == SAMC_OK) {
		skip_space(&r);
		if (peek(&r) == -1)
			break;
		rc = peek(&r) == '[' ? read_header(&r, root, &current) : read_pair(&r, current);
	}
	if (rc) {
		cJSON_Delete(root);
		return rc;
	}
	*out = root;
	return SAMC_OK;
}

/* ---- writing ---- */

static int key_is_bare(const char *k)
{
	if (!*k)
		return 0;
	for (; *k; k++)
		if (!is_bare_key_char((unsigned char)*k))
			return 0;
	return 1;
}

static void put_string(samc_buf *b, const char *s)
{
	samc_buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			samc_buf_printf(b, "\\%c", *p);
		else if (*p == '\n')
			samc_buf_puts(b, "\\n");
		else if (*p == '\t')
			samc_buf_puts(b, "\\t");
		else if (*p == '\r')
			samc_buf_puts(b, "\\r");
		else if (*p < 0x20 || *p == 0x7F)
			samc_buf_printf(b, "\\u%04X", *p);
		else
			samc_buf_putc(b, (char)*p);
	}
	samc_buf_putc(b, '"');
}

static void put_key(samc_buf *b, const char *k)
{
	if (key_is_bare(k))
		samc_buf_puts(b, k);
	else
		put_string(b, k);
}

static void put_value(samc_buf *b, const cJSON *v)
{
	char num[32];
	if (cJSON_IsString(v))
		put_string(b, v->valuestring);
	else if (cJSON_IsBool(v))
		samc_buf_puts(b, cJSON_IsTrue(v) ? "true" : "false");
	else if (cJSON_IsNumber(v))
		samc_buf_puts(b, samc_number_text(v, num));
	else if (cJSON_IsArray(v)) {
		samc_buf_putc(b, '[');
		for (const cJSON *i = v->child; i; i = i->next) {
			put_value(b, i);
			if (i->next)
				samc_buf_puts(b, ", ");
		}
		samc_buf_putc(b, ']');
	} else {
		samc_buf_puts(b, "\"\"");
	}
}

static int has_scalars(const cJSON *t)
{
	for (const cJSON *m = t->child; m; m = m->next)
		if (!cJSON_IsObject(m) && !cJSON_IsNull(m))
			return 1;
	return 0;
}

/* path = the header so far ("default.deploy"); scalars of t under [path], then subtables. */
static void put_table(samc_buf *b, const cJSON *t, samc_buf *path)
{
	if (path->len && has_scalars(t)) {
		samc_buf_printf(b, "%s[%s]\n", b->len ? "\n" : "", samc_buf_cstr(path));
	}
	for (const cJSON *m = t->child; m; m = m->next) {
		if (cJSON_IsObject(m) || cJSON_IsNull(m))
			continue;
		put_key(b, m->string);
		samc_buf_puts(b, " = ");
		put_value(b, m);
		samc_buf_putc(b, '\n');
	}
	for (const cJSON *m = t->child; m; m = m->next) {
		if (!cJSON_IsObject(m))
			continue;
		size_t mark = path->len;
		if (mark)
			samc_buf_putc(path, '.');
		put_key(path, m->string);
		put_table(b, m, path);
		path->len = mark;
		if (path->ptr)
			path->ptr[mark] = '\0';
	}
}

int samc_toml_render(const cJSON *root, char **text, size_t *len)
{
	samc_buf b = SAMC_BUF_INIT, path = SAMC_BUF_INIT;
	put_table(&b, root, &path);
	int oom = b.oom || path.oom;
	samc_buf_free(&path);
	size_t n = b.len;
	*text = oom ? NULL : samc_buf_detach(&b);
	samc_buf_free(&b);
	if (!*text)
		return SAMC_ENOMEM;
	*len = n;
	return SAMC_OK;
}
