/* ini.c — the INI dialect of the AWS shared credentials and config files: sections, keys,
 * comments, continuation lines and nested blocks, read the way Python's configparser reads. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "aws/aws.h"
#include "util/buf.h"
#include "util/error.h"

typedef struct ini_entry {
	char *section;
	char *key;
	char *value;
} ini_entry;

struct samc_aws_ini {
	ini_entry *entries;
	size_t n, cap;
	char **sections;
	size_t nsections, capsections;
};

typedef struct ini_reader {
	samc_aws_ini *ini;
	const char *file;
	unsigned line;
	char *section;     /* current section, NULL before the first header */
	char *nest_parent; /* key whose empty value opened a nested block, or NULL */
	long last;         /* index of the entry continuation lines extend, or -1 */
} ini_reader;

static char *strip(const char *s, size_t len)
{
	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	char *out = malloc(len + 1);
	if (out) {
		memcpy(out, s, len);
		out[len] = '\0';
	}
	return out;
}

static void lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

static ini_entry *find(const samc_aws_ini *ini, const char *section, const char *key)
{
	for (size_t i = ini->n; i-- > 0;)
		if (strcmp(ini->entries[i].section, section) == 0 &&
		    strcmp(ini->entries[i].key, key) == 0)
			return &ini->entries[i];
	return NULL;
}

/* Sets section/key to value (taking ownership of value); a repeated key replaces. */
static int put(samc_aws_ini *ini, const char *section, const char *key, char *value,
	       ini_entry **out)
{
	ini_entry *e = find(ini, section, key);
	if (e) {
		free(e->value);
		e->value = value;
		*out = e;
		return 0;
	}
	if (ini->n == ini->cap) {
		size_t cap = ini->cap ? ini->cap * 2 : 16;
		ini_entry *grown = realloc(ini->entries, cap * sizeof(*grown));
		if (!grown)
			return SAMC_ENOMEM;
		ini->entries = grown;
		ini->cap = cap;
	}
	e = &ini->entries[ini->n];
	e->section = samc_strdup(section);
	e->key = samc_strdup(key);
	e->value = value;
	if (!e->section || !e->key) {
		free(e->section);
		free(e->key);
		return SAMC_ENOMEM;
	}
	ini->n++;
	*out = e;
	return 0;
}

static int add_section(samc_aws_ini *ini, const char *name)
{
	if (samc_aws_ini_has_section(ini, name))
		return 0;
	if (ini->nsections == ini->capsections) {
		size_t cap = ini->capsections ? ini->capsections * 2 : 8;
		char **grown = realloc(ini->sections, cap * sizeof(*grown));
		if (!grown)
			return SAMC_ENOMEM;
		ini->sections = grown;
		ini->capsections = cap;
	}
	ini->sections[ini->nsections] = samc_strdup(name);
	return ini->sections[ini->nsections++] ? 0 : SAMC_ENOMEM;
}

static int read_header(ini_reader *r, const char *s, size_t len, samc_error **err)
{
	const char *close = memchr(s, ']', len);
	if (!close)
		return samc_error_set(err, SAMC_EINVALID, r->file, r->line, 1,
				      "%s:%u: section header without ']'", r->file, r->line);
	free(r->section);
	r->section = strip(s + 1, (size_t)(close - s - 1));
	free(r->nest_parent);
	r->nest_parent = NULL;
	r->last = -1;
	if (!r->section || add_section(r->ini, r->section))
		return SAMC_ENOMEM;
	return 0;
}

static int read_continuation(ini_reader *r, const char *s, size_t len)
{
	char *text = strip(s, len);
	if (!text)
		return SAMC_ENOMEM;
	const char *eq = r->nest_parent ? strpbrk(text, "=:") : NULL;
	if (eq) {
		char *sub = strip(text, (size_t)(eq - text));
		char *value = strip(eq + 1, strlen(eq + 1));
		char *key = sub && value ? samc_strfmt("%s.%s", r->nest_parent, sub) : NULL;
		ini_entry *e;
		int rc = key ? (lower(key), put(r->ini, r->section, key, value, &e)) : SAMC_ENOMEM;
		if (rc)
			free(value);
		free(sub);
		free(key);
		free(text);
		return rc;
	}
	ini_entry *last = &r->ini->entries[r->last];
	char *joined = samc_strfmt("%s%s%s", last->value, *last->value ? "\n" : "", text);
	free(text);
	if (!joined)
		return SAMC_ENOMEM;
	free(last->value);
	last->value = joined;
	return 0;
}

static int read_pair(ini_reader *r, const char *s, size_t len, samc_error **err)
{
	if (!r->section)
		return samc_error_set(err, SAMC_EINVALID, r->file, r->line, 1,
				      "%s:%u: a key outside any [section]", r->file, r->line);
	const char *eq = NULL;
	for (size_t i = 0; i < len && !eq; i++)
		if (s[i] == '=' || s[i] == ':')
			eq = s + i;
	if (!eq)
		return samc_error_set(err, SAMC_EINVALID, r->file, r->line, 1,
				      "%s:%u: expected 'key = value' or a [section]", r->file,
				      r->line);
	char *key = strip(s, (size_t)(eq - s));
	char *value = strip(eq + 1, len - (size_t)(eq - s) - 1);
	int rc = key && value ? 0 : SAMC_ENOMEM;
	if (rc == 0 && !*key)
		rc = samc_error_set(err, SAMC_EINVALID, r->file, r->line, 1,
				    "%s:%u: a key name is missing before '%c'", r->file, r->line,
				    *eq);
	if (rc == 0) {
		lower(key);
		free(r->nest_parent);
		r->nest_parent = *value ? NULL : samc_strdup(key);
		ini_entry *e;
		rc = put(r->ini, r->section, key, value, &e);
		value = rc ? value : NULL;
		r->last = rc ? -1 : (long)(e - r->ini->entries);
	}
	free(key);
	free(value);
	return rc;
}

static int read_line(ini_reader *r, const char *s, size_t len, samc_error **err)
{
	size_t i = 0;
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	if (i == len || s[i] == '#' || s[i] == ';')
		return 0;
	if (i > 0 && r->last >= 0)
		return read_continuation(r, s + i, len - i);
	if (s[i] == '[')
		return read_header(r, s + i, len - i, err);
	return read_pair(r, s + i, len - i, err);
}

int samc_aws_ini_parse(const char *text, size_t len, const char *file, samc_aws_ini **out,
		       samc_error **err)
{
	*out = NULL;
	samc_aws_ini *ini = calloc(1, sizeof(*ini));
	if (!ini)
		return samc_error_set(err, SAMC_ENOMEM, file, 0, 0, "out of memory");
	ini_reader r = {.ini = ini, .file = file ? file : "<config>", .last = -1};
	int rc = 0;
	for (size_t pos = 0; pos < len && rc == 0;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		r.line++;
		rc = read_line(&r, text + pos, n, err);
		pos += n + 1;
	}
	free(r.section);
	free(r.nest_parent);
	if (rc) {
		samc_aws_ini_free(ini);
		return rc == SAMC_ENOMEM ? samc_error_set(err, rc, file, 0, 0, "out of memory") : rc;
	}
	*out = ini;
	return 0;
}

const char *samc_aws_ini_get(const samc_aws_ini *ini, const char *section, const char *key)
{
	if (!ini || !section || !key)
		return NULL;
	const ini_entry *e = find(ini, section, key);
	return e ? e->value : NULL;
}

bool samc_aws_ini_has_section(const samc_aws_ini *ini, const char *section)
{
	for (size_t i = 0; ini && section && i < ini->nsections; i++)
		if (strcmp(ini->sections[i], section) == 0)
			return true;
	return false;
}

void samc_aws_ini_free(samc_aws_ini *ini)
{
	if (!ini)
		return;
	for (size_t i = 0; i < ini->n; i++) {
		free(ini->entries[i].section);
		free(ini->entries[i].key);
		free(ini->entries[i].value);
	}
	for (size_t i = 0; i < ini->nsections; i++)
		free(ini->sections[i]);
	free(ini->entries);
	free(ini->sections);
	free(ini);
}
