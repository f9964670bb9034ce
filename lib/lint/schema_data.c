/* schema_data.c — resource type lookups in the packed schemas/resource_types.json: each type's
 * entry inflated and parsed on first use, kept in a samc_strmap owned by one lint run. */
#define _POSIX_C_SOURCE 200809L /* strndup */
#include "lint/schema_data.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "lint/schema_pack.h"
#include "samc/samc.h"
#include "util/strmap.h"

/* The data is ~2 MB of JSON of which a template needs a few types: the build packs each type's
 * entry compressed on its own (tools/pack-schemas.c) behind a table of names in byte order, so
 * a lookup is a binary search over that table and the inflation of one entry. */
struct lint_schema_data {
	samc_strmap parsed; /* type name -> its parsed entry (owned), or &UNKNOWN */
	char *source;       /* the "_source" text (owned), or NULL */
};

static const char UNKNOWN = 0; /* marks a type looked up and not found */

int lint_schema_data_new(lint_schema_data **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : SAMC_ENOMEM;
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
	return d && samc_schema_entry_count > 0;
}

static int compare_entry(const void *type, const void *entry)
{
	return strcmp(type, ((const samc_schema_entry *)entry)->type);
}

/* The JSON text of type's entry ({"a":[...],"p":{...}...}; malloc'd, NUL-terminated), or NULL
 * when the type is unknown or memory runs out. */
static char *entry_text(const char *type)
{
	const samc_schema_entry *e = bsearch(type, samc_schema_entries, samc_schema_entry_count,
					     sizeof(samc_schema_entries[0]), compare_entry);
	char *text = e ? malloc(e->text + 1) : NULL;
	uLongf len = e ? e->text : 0;
	if (!text)
		return NULL;
	if (uncompress((Bytef *)text, &len, samc_schema_blob + e->offset, e->packed) != Z_OK || len != e->text) {
		free(text);
		return NULL;
	}
	text[len] = '\0';
	return text;
}

static cJSON *parse_entry(const char *type)
{
	char *text = entry_text(type);
	cJSON *entry = text ? cJSON_Parse(text) : NULL;
	free(text);
	return entry;
}

const cJSON *lint_schema_type(lint_schema_data *d, const char *type)
{
	if (!type || !lint_schema_data_ready(d))
		return NULL;
	void *known = samc_strmap_get(&d->parsed, type);
	if (known)
		return known == &UNKNOWN ? NULL : known;
	cJSON *entry = parse_entry(type);
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
	if (!type || !attr || strcmp(type, "AWS::CloudFormation::CustomResource") == 0)
		return -1;
	char *text = entry_text(type);
	if (!text)
		return -1;
	int has = 1;
	if (!is_free_attribute(type, attr)) {
		size_t len = strlen(text);
		has = len >= 6 && memcmp(text, "{\"a\":[", 6) == 0 ? scan_attributes(text + 6, text + len, attr) : 0;
	}
	free(text);
	return has;
}

const char *lint_schema_source(lint_schema_data *d)
{
	static const char key[] = "\"_source\":\"";
	if (!lint_schema_data_ready(d))
		return NULL;
	if (!d->source) {
		const char *at = strstr(samc_schema_header, key);
		const char *q = at ? strchr(at + sizeof(key) - 1, '"') : NULL;
		if (q)
			d->source = strndup(at + sizeof(key) - 1, (size_t)(q - at) - (sizeof(key) - 1));
	}
	return d->source;
}
