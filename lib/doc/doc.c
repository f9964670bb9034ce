/* doc.c — documents: loading entry points, rendering, position side table, number nodes.
 * The YAML parser and the emitters live in yaml/ and json/; this file ties them together. */
#define _POSIX_C_SOURCE 200809L /* fileno */
#include "doc/doc.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "json/emit.h"
#include "util/buf.h"
#include "util/error.h"
#include "yaml/emit.h"
#include "yaml/load.h"

/* ---- position map ---- */

static size_t ptr_hash(const void *p)
{
	uintptr_t x = (uintptr_t)p;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (size_t)x;
}

/* Rehashes into a table of `cap` slots (a power of two above twice the count). */
static int posmap_resize(samc_posmap *m, size_t cap)
{
	struct samc_posmap_slot *slots = calloc(cap, sizeof(*slots));
	if (!slots)
		return SAMC_ENOMEM;
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->slots[i].node)
			continue;
		size_t j = ptr_hash(m->slots[i].node) & (cap - 1);
		while (slots[j].node)
			j = (j + 1) & (cap - 1);
		slots[j] = m->slots[i];
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
	return 0;
}

static int posmap_grow(samc_posmap *m)
{
	return posmap_resize(m, m->cap ? m->cap * 2 : 256);
}

int samc_posmap_reserve(samc_posmap *m, size_t n)
{
	size_t cap = m->cap ? m->cap : 256;
	while (n * 2 >= cap)
		cap *= 2;
	return cap > m->cap ? posmap_resize(m, cap) : 0;
}

int samc_posmap_put(samc_posmap *m, const void *node, samc_pos pos)
{
	if ((m->count + 1) * 2 > m->cap && posmap_grow(m))
		return SAMC_ENOMEM;
	size_t j = ptr_hash(node) & (m->cap - 1);
	while (m->slots[j].node && m->slots[j].node != node)
		j = (j + 1) & (m->cap - 1);
	if (!m->slots[j].node)
		m->count++;
	m->slots[j].node = node;
	m->slots[j].pos = pos;
	return 0;
}

bool samc_posmap_get(const samc_posmap *m, const void *node, samc_pos *pos)
{
	if (!m->cap || !node)
		return false;
	size_t j = ptr_hash(node) & (m->cap - 1);
	while (m->slots[j].node) {
		if (m->slots[j].node == node) {
			*pos = m->slots[j].pos;
			return true;
		}
		j = (j + 1) & (m->cap - 1);
	}
	return false;
}

void samc_posmap_free(samc_posmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->count = m->cap = 0;
}

bool samc_doc_pos(const samc_document *doc, const cJSON *node, samc_pos *pos)
{
	if (doc && samc_posmap_get(&doc->pos, node, pos))
		return true;
	return samc_node_pos(node, pos);
}

void samc_node_set_pos(cJSON *node, samc_pos pos)
{
	unsigned line = pos.line > 0xFFFFFu ? 0xFFFFFu : pos.line;
	unsigned col = pos.column > 0x7FFu ? 0x7FFu : pos.column;
	node->valueint = (int)(line << 11 | col);
}

bool samc_node_pos(const cJSON *node, samc_pos *pos)
{
	if (!node || node->valueint <= 0)
		return false;
	unsigned v = (unsigned)node->valueint;
	pos->line = v >> 11;
	pos->column = v & 0x7FFu;
	return pos->line > 0;
}

void samc_node_stamp_positions(cJSON *root, const samc_posmap *map)
{
	if (!root)
		return;
	samc_pos pos;
	root->valueint = 0;
	if (samc_posmap_get(map, root, &pos))
		samc_node_set_pos(root, pos);
	for (cJSON *c = root->child; c; c = c->next)
		samc_node_stamp_positions(c, map);
}

/* ---- numbers ---- */

cJSON *samc_number_new(const char *text, double value)
{
	cJSON *n = cJSON_CreateNumber(value);
	if (!n)
		return NULL;
	n->valueint = 0; /* valueint carries a source position, not the value */
	n->valuestring = samc_strdup(text);
	if (!n->valuestring) {
		cJSON_Delete(n);
		return NULL;
	}
	return n;
}

cJSON *samc_int_new(long long v)
{
	char text[32];
	snprintf(text, sizeof(text), "%lld", v);
	return samc_number_new(text, (double)v);
}

const char *samc_number_text(const cJSON *n, char buf[32])
{
	if (n->valuestring)
		return n->valuestring;
	double d = n->valuedouble;
	if (isfinite(d) && d == floor(d) && fabs(d) < 1e15)
		snprintf(buf, 32, "%.0f", d);
	else
		samc_float_repr(d, buf);
	return buf;
}

bool samc_number_is_int(const cJSON *n)
{
	char buf[32];
	const char *t = samc_number_text(n, buf);
	if (n->valuestring == NULL)
		return strchr(t, '.') == NULL && strchr(t, 'e') == NULL && isfinite(n->valuedouble);
	return strpbrk(t, ".eEIN") == NULL;
}

/* ---- documents ---- */

static const size_t DEFAULT_MAX_BYTES = 64u << 20;

int samc_document_load_buffer(samc_document **out, const char *data, size_t len, const char *name,
			      const samc_load_options *opts, samc_error **err)
{
	if (!out || (!data && len))
		return SAMC_EUSAGE;
	*out = NULL;
	size_t max_bytes = opts && opts->max_bytes ? opts->max_bytes : DEFAULT_MAX_BYTES;
	if (len > max_bytes)
		return samc_error_set(err, SAMC_ELIMIT, name, 0, 0,
				      "%s: document is %zu bytes; the limit is %zu bytes",
				      name ? name : "input", len, max_bytes);
	samc_document *doc = calloc(1, sizeof(*doc));
	if (!doc)
		return SAMC_ENOMEM;
	if (name && !(doc->name = samc_strdup(name))) {
		free(doc);
		return SAMC_ENOMEM;
	}
	/* the nodes carry their positions; doc->pos keeps only those they cannot hold exactly */
	int rc = samc_yaml_load_stamped(data, len, name, opts, &doc->root, &doc->pos, &doc->dups, err);
	if (rc) {
		samc_document_free(doc);
		return rc;
	}
	*out = doc;
	return 0;
}

/* Sizes the buffer for a regular file up front (doubling would hold up to twice its size). */
static void reserve_file_size(samc_buf *b, FILE *f, size_t max_bytes)
{
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    (unsigned long long)st.st_size > max_bytes)
		return;
	b->ptr = malloc((size_t)st.st_size + 1);
	b->cap = b->ptr ? (size_t)st.st_size + 1 : 0;
}

int samc_document_load_file(samc_document **out, const char *path, const samc_load_options *opts,
			    samc_error **err)
{
	if (!out || !path)
		return SAMC_EUSAGE;
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return samc_error_set(err, SAMC_EIO, path, 0, 0, "%s: cannot open: %s", path,
				      strerror(errno));
	size_t max_bytes = opts && opts->max_bytes ? opts->max_bytes : DEFAULT_MAX_BYTES;
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
	    (unsigned long long)st.st_size > max_bytes) { /* refused without reading it */
		fclose(f);
		return samc_error_set(err, SAMC_ELIMIT, path, 0, 0,
				      "%s: document is %llu bytes; the limit is %zu bytes", path,
				      (unsigned long long)st.st_size, max_bytes);
	}
	samc_buf b = SAMC_BUF_INIT;
	reserve_file_size(&b, f, max_bytes);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		samc_buf_put(&b, chunk, n);
		if (b.len > max_bytes)
			break;
	}
	int read_failed = ferror(f);
	fclose(f);
	if (b.oom) {
		samc_buf_free(&b);
		return SAMC_ENOMEM;
	}
	if (read_failed) {
		samc_buf_free(&b);
		return samc_error_set(err, SAMC_EIO, path, 0, 0, "%s: read error", path);
	}
	int rc = samc_document_load_buffer(out, b.ptr ? b.ptr : "", b.len, path, opts, err);
	samc_buf_free(&b);
	return rc;
}

void samc_dup_keys_free(samc_dup_keys *d)
{
	for (size_t i = 0; i < d->count; i++)
		free(d->items[i].key);
	free(d->items);
	*d = (samc_dup_keys){0};
}

void samc_document_free(samc_document *doc)
{
	if (!doc)
		return;
	cJSON_Delete(doc->root);
	samc_strmap_free(&doc->strings); /* after the tree that points into it */
	samc_posmap_free(&doc->pos);
	samc_dup_keys_free(&doc->dups);
	free(doc->name);
	free(doc);
}

int samc_document_render_to(const samc_document *doc, samc_format format, samc_write_fn write,
			    void *ctx, samc_error **err)
{
	if (!doc || !write)
		return SAMC_EUSAGE;
	if (format == SAMC_FORMAT_YAML) { /* libyaml's emitter ends the text last: one piece */
		char *text = NULL;
		size_t len = 0;
		int rc = samc_document_render(doc, format, &text, &len, err);
		if (!rc && write(ctx, text, len) != 0)
			rc = samc_error_set(err, SAMC_EIO, doc->name, 0, 0, "cannot write the rendering");
		samc_free(text);
		return rc;
	}
	samc_json_sink sink = {write, ctx, 0};
	if (samc_json_emit_to(&sink, doc->root, &SAMC_JSON_PRETTY) != 0)
		return SAMC_ENOMEM;
	if (sink.status)
		return samc_error_set(err, SAMC_EIO, doc->name, 0, 0, "cannot write the rendering");
	return 0;
}

int samc_document_render(const samc_document *doc, samc_format format, char **out, size_t *len,
			 samc_error **err)
{
	(void)err;
	if (!doc || !out)
		return SAMC_EUSAGE;
	samc_buf b = SAMC_BUF_INIT;
	if (format == SAMC_FORMAT_YAML)
		samc_yaml_emit(&b, doc->root);
	else {
		samc_json_emit(&b, doc->root, &SAMC_JSON_PRETTY);
		samc_buf_putc(&b, '\n');
	}
	if (len)
		*len = b.len;
	*out = samc_buf_detach(&b);
	return *out ? 0 : SAMC_ENOMEM;
}
