/* pack-schemas.c — build-time tool: turns schemas/resource_types.json (one type per line, made
 * by tools/gen-resource-schemas.py) into C source holding each type's entry zlib-compressed
 * on its own, with a sorted table of names, so a lookup inflates one small entry.
 * Usage: pack-schemas INPUT.json OUTPUT.c   (exit 1 with a message on malformed input) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

typedef struct entry {
	char *type;
	unsigned long offset, packed, text;
} entry;

static int fail(const char *what, unsigned long line)
{
	fprintf(stderr, "pack-schemas: line %lu: %s\n", line, what);
	return 1;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 20, n = 0;
	char *buf = malloc(cap + 1);
	for (size_t got; buf && (got = fread(buf + n, 1, cap - n, f)) > 0;) {
		n += got;
		if (n == cap) {
			char *bigger = realloc(buf, 2 * cap + 1);
			if (!bigger) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = bigger;
			cap *= 2;
		}
	}
	fclose(f);
	if (buf)
		buf[n] = '\0';
	*len = n;
	return buf;
}

static unsigned char *grow(unsigned char *blob, size_t *cap, size_t need)
{
	while (*cap < need)
		*cap *= 2;
	unsigned char *bigger = realloc(blob, *cap);
	if (!bigger)
		free(blob);
	return bigger;
}

static void put_bytes(FILE *out, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%u,%s", p[i], i % 24 == 23 ? "\n" : "");
}

/* One entry line: "TYPE":{...} with an optional trailing comma. */
static int split_line(char *line, size_t n, char **type, char **value, size_t *vlen)
{
	if (n && line[n - 1] == ',')
		n--;
	if (n < 5 || line[0] != '"')
		return -1;
	char *q = memchr(line + 1, '"', n - 1);
	if (!q || q + 2 >= line + n || q[1] != ':' || q[2] != '{' || line[n - 1] != '}')
		return -1;
	for (char *c = line + 1; c < q; c++)
		if (!(*c == ':' || (*c >= '0' && *c <= '9') || (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z')))
			return -1;
	*q = '\0';
	*type = line + 1;
	*value = q + 2;
	*vlen = (size_t)(line + n - (q + 2));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: pack-schemas INPUT.json OUTPUT.c\n");
		return 2;
	}
	size_t len = 0;
	char *text = read_all(argv[1], &len);
	if (!text)
		return fail("cannot read the input", 0);
	char *header_end = strchr(text, '\n');
	if (!header_end || strncmp(text, "{\"_source\":", 11) != 0)
		return fail("expected the {\"_source\": ... header on a line of its own", 1);
	size_t header_len = (size_t)(header_end - text);
	entry *entries = calloc(len / 8 + 1, sizeof(*entries));
	size_t count = 0, blob_len = 0, blob_cap = len + 4096;
	unsigned char *blob = malloc(blob_cap);
	unsigned long lineno = 2; /* the header is line 1 */
	int rc = entries && blob ? 0 : fail("out of memory", 0);
	for (char *line = header_end + 1; !rc && line < text + len; lineno++) {
		char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);
		char *next = end ? end + 1 : text + len;
		if ((n == 2 && memcmp(line, "}}", 2) == 0) || n == 0) {
			line = next;
			continue;
		}
		char *type, *value;
		size_t vlen;
		if (split_line(line, n, &type, &value, &vlen))
			rc = fail("expected \"TYPE\":{...}", lineno);
		else if (count && strcmp(entries[count - 1].type, type) >= 0)
			rc = fail("types are not in byte order", lineno);
		else if (blob_len + compressBound(vlen) > blob_cap &&
			 !(blob = grow(blob, &blob_cap, blob_len + compressBound(vlen))))
			rc = fail("out of memory", lineno);
		else {
			uLongf packed = compressBound(vlen);
			if (compress2(blob + blob_len, &packed, (const Bytef *)value, vlen, 9) != Z_OK)
				rc = fail("zlib failed", lineno);
			entries[count++] = (entry){type, blob_len, packed, vlen};
			blob_len += packed;
		}
		line = next;
	}
	FILE *out = rc ? NULL : fopen(argv[2], "w");
	if (!rc && !out)
		rc = fail("cannot write the output", 0);
	if (!rc) {
		fprintf(out, "/* generated from schemas/resource_types.json by tools/pack-schemas.c: do not edit */\n"
			     "#include \"lint/schema_pack.h\"\n\nconst char samc_schema_header[] = {");
		put_bytes(out, (const unsigned char *)text, header_len);
		fprintf(out, "0};\n\nconst unsigned char samc_schema_blob[] = {");
		put_bytes(out, blob, blob_len);
		fprintf(out, "0};\n\nconst samc_schema_entry samc_schema_entries[] = {\n");
		for (size_t i = 0; i < count; i++)
			fprintf(out, "\t{\"%s\", %luu, %luu, %luu},\n", entries[i].type, entries[i].offset,
				entries[i].packed, entries[i].text);
		fprintf(out, "};\n\nconst size_t samc_schema_entry_count = %zu;\n", count);
		if (fclose(out) != 0)
			rc = fail("cannot write the output", 0);
	}
	free(entries);
	free(blob);
	free(text);
	return rc;
}
