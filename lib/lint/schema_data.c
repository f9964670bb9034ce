/* schema_data.c — resource type lookups in the embedded schemas/resource_types.json: each type
 * parsed on first use and kept in a samc_strmap owned by one lint run (no global state). */
#define _GNU_SOURCE /* memmem, memrchr */
#include "lint/schema_data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samc/samc.h"
#include "util/strmap.h"

const char *samc_embedded_find(const char *name, size_t *len);

/* The file is ~2 MB of which a template needs a few types: rather than parsing it whole, each
 * type's entry is found in the text and parsed on first use. tools/gen-resource-schemas.py
 * writes one type per line ("TYPE":{...}), in byte order of the names, so the lookup is a
 * binary search over lines that reads a few pages of the file, not all of it. */
struct lint_schema_data {
	const char *text; /* the embedded file, or NULL when missing */
	size_t len;
	samc_strmap parsed; /* type name -> its parsed entry (owned), or &UNKNOWN */
	char *source;       /* the "_source" line (owned), or NULL */
};

static const char UNKNOWN = 0; /* marks a type looked up and not found */

int lint_schema_data_new(lint_schema_data **out)
{
	*out = calloc(1, sizeof(**out));
	if (!*out)
		return SAMC_ENOMEM;
	(*out)->text = samc_embedded_find("resource_types.json", &(*out)->len);
	return 0;
}

void lint_schema_data_free(lint_schema_data *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->parsed.cap; i++) {
		struct samc_strmap_slot *slot = &d->parsed.slots[i];
		if (slot->key && !slot->tomb && slot->value != &UNKNOWN)
			cJSON_Delete(slot->value);
	}
	samc_strmap_free(&d->parsed);
	free(d->source);
	free(d);
}

bool lint_schema_data_ready(lint_schema_data *d)
{
	return d && d->text;
}

/* Compares type with the name of the entry line at line ("NAME":{...). */
static int compare_line(const char *line, const char *end, const char *type)
{
	if (line >= end || *line != '"')
		return 1;
	size_t n = strlen(type);
	size_t avail = (size_t)(end - line - 1);
	int c = memcmp(type, line + 1, n < avail ? n : avail);
	if (c || n >= avail)
		return c ? c : 1;
	return line[1 + n] == '"' ? 0 : -1; /* type is a prefix of a longer name */
}

/* Where the value of the top-level entry "type" starts in the text, or NULL. The entry lines
 * lie between the first line break and the last line ("}}"). */
static const char *find_entry(const char *text, size_t len, const char *type)
{
	const char *end = text + len;
	const char *lo = memchr(text, '\n', len);
	const char *hi = end;
	while (hi > text && (hi[-1] == '\n' || hi[-1] == '}'))
		hi--;
	if (!lo)
		return NULL;
	lo++;
	while (lo < hi) {
		const char *mid = lo + (hi - lo) / 2;
		const char *line = memrchr(lo, '\n', (size_t)(mid - lo));
		line = line ? line + 1 : lo;
		const char *next = memchr(line, '\n', (size_t)(end - line));
		next = next ? next + 1 : end;
		int c = compare_line(line, next, type);
		if (c == 0) {
			const char *value = line + strlen(type) + 3; /* past "NAME": */
			return value < next && *value == '{' ? value : NULL;
		}
		if (c > 0)
			lo = next;
		else
			hi = line;
	}
	return NULL;
}

static cJSON *parse_entry(const lint_schema_data *d, const char *type)
{
	const char *at = find_entry(d->text, d->len, type);
	if (!at)
		return NULL;
	return cJSON_ParseWithLengthOpts(at, d->len - (size_t)(at - d->text), NULL, false);
}

const cJSON *lint_schema_type(lint_schema_data *d, const char *type)
{
	if (!type || !lint_schema_data_ready(d))
		return NULL;
	void *known = samc_strmap_get(&d->parsed, type);
	if (known)
		return known == &UNKNOWN ? NULL : known;
	cJSON *entry = parse_entry(d, type);
	if (samc_strmap_put(&d->parsed, type, entry ? (void *)entry : (void *)&UNKNOWN) != 0) {
		cJSON_Delete(entry);
		return NULL;
	}
	return entry;
}

/* Whether the quoted name at s (just after its opening quote, ending at the closing one)
 * matches attr whole, or attr's part before its first dot. */
static bool attr_matches(const char *s, size_t n, const char *attr)
{
	const char *dot = strchr(attr, '.');
	if (strlen(attr) == n && memcmp(s, attr, n) == 0)
		return true;
	return dot && (size_t)(dot - attr) == n && memcmp(s, attr, n) == 0;
}

/* Attributes a schema cannot list: a nested stack's outputs. */
static bool is_free_attribute(const char *type, const char *attr)
{
	return strcmp(type, "AWS::CloudFormation::Stack") == 0 && strncmp(attr, "Outputs.", 8) == 0;
}

bool lint_schema_has_attribute(lint_schema_data *d, const char *type, const char *attr)
{
	const cJSON *entry = lint_schema_type(d, type);
	const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(entry, "a");
	if (!entry || !attr)
		return false;
	if (is_free_attribute(type, attr))
		return true;
	for (const cJSON *a = attrs ? attrs->child : NULL; a; a = a->next)
		if (cJSON_IsString(a) && attr_matches(a->valuestring, strlen(a->valuestring), attr))
			return true;
	return false;
}

/* The generator writes each entry as "TYPE":{"a":["X","Y"],"p":...} with plain names. */
static int scan_attributes(const char *list, const char *end, const char *attr)
{
	const char *p = list;
	while (p < end && *p != ']') {
		if (*p++ != '"')
			continue;
		const char *q = memchr(p, '"', (size_t)(end - p));
		if (!q)
			break;
		if (attr_matches(p, (size_t)(q - p), attr))
			return 1;
		p = q + 1;
	}
	return 0;
}

int lint_schema_text_attribute(const char *type, const char *attr)
{
	size_t len = 0;
	const char *text = samc_embedded_find("resource_types.json", &len);
	if (!text || !type || !attr || strcmp(type, "AWS::CloudFormation::CustomResource") == 0)
		return -1;
	const char *at = find_entry(text, len, type);
	if (!at)
		return -1;
	if (is_free_attribute(type, attr))
		return 1;
	at++; /* past the brace */
	const char *end = text + len;
	if ((size_t)(end - at) < 5 || memcmp(at, "\"a\":[", 5) != 0)
		return 0;
	return scan_attributes(at + 5, end, attr);
}

const char *lint_schema_source(lint_schema_data *d)
{
	static const char key[] = "\"_source\":\"";
	if (!lint_schema_data_ready(d))
		return NULL;
	if (!d->source) {
		const char *at = memmem(d->text, d->len, key, sizeof(key) - 1);
		const char *q = at ? strchr(at + sizeof(key) - 1, '"') : NULL;
		if (q)
			d->source = strndup(at + sizeof(key) - 1, (size_t)(q - at) - (sizeof(key) - 1));
	}
	return d->source;
}
