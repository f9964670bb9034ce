/* s3_uri.c — owns S3 code locations: parse_s3_uri (urllib.parse urlparse/parse_qs semantics),
 * construct_s3_location_object and construct_image_code_object of the reference. */
#include "transform/s3_uri.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "util/buf.h"

/* ---- urllib.parse.unquote (utf-8, errors="replace") ---- */

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Length of the valid UTF-8 sequence at p (n bytes left), or, when it is ill-formed, minus
 * the length of its maximal subpart (what Python replaces by one U+FFFD). */
static int utf8_sequence(const unsigned char *p, size_t n)
{
	unsigned char b = p[0];
	int len;
	unsigned char lo = 0x80, hi = 0xBF;
	if (b < 0x80)
		return 1;
	if (b >= 0xC2 && b <= 0xDF)
		len = 2;
	else if (b >= 0xE0 && b <= 0xEF)
		len = 3;
	else if (b >= 0xF0 && b <= 0xF4)
		len = 4;
	else
		return -1;
	if (b == 0xE0)
		lo = 0xA0;
	else if (b == 0xED)
		hi = 0x9F;
	else if (b == 0xF0)
		lo = 0x90;
	else if (b == 0xF4)
		hi = 0x8F;
	for (int i = 1; i < len; i++) {
		if ((size_t)i >= n || p[i] < lo || p[i] > hi)
			return -i;
		lo = 0x80;
		hi = 0xBF;
	}
	return len;
}

static void put_decoded_utf8(samc_buf *out, const unsigned char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		int len = utf8_sequence(p + i, n - i);
		if (len > 0) {
			samc_buf_put(out, (const char *)p + i, (size_t)len);
			i += (size_t)len;
		} else {
			samc_buf_puts(out, "\xEF\xBF\xBD");
			i += (size_t)-len;
		}
	}
}

/* unquote_to_bytes of one ASCII run, then decoded with replacement. */
static void put_unquoted_ascii_run(samc_buf *out, const char *s, size_t n)
{
	samc_buf bytes = SAMC_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		int hi = s[i] == '%' && i + 2 < n ? hex_value(s[i + 1]) : -1;
		int lo = hi >= 0 ? hex_value(s[i + 2]) : -1;
		if (lo >= 0) {
			samc_buf_putc(&bytes, (char)(hi * 16 + lo));
			i += 2;
		} else {
			samc_buf_putc(&bytes, s[i]);
		}
	}
	if (bytes.oom)
		out->oom = true;
	else
		put_decoded_utf8(out, (const unsigned char *)bytes.ptr, bytes.len);
	samc_buf_free(&bytes);
}

/* parse_qs's decoding of a name or value: '+' is a space, then unquote(). Only runs of ASCII
 * are unquoted; other characters are kept as they are. */
static char *form_unquote(const char *s, size_t n)
{
	samc_buf plus = SAMC_BUF_INIT, out = SAMC_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		samc_buf_putc(&plus, s[i] == '+' ? ' ' : s[i]);
	const char *p = samc_buf_cstr(&plus);
	if (!p) {
		samc_buf_free(&plus);
		return NULL;
	}
	size_t len = plus.len, i = 0;
	while (i < len) {
		size_t j = i;
		bool ascii = (unsigned char)p[i] < 0x80;
		while (j < len && ((unsigned char)p[j] < 0x80) == ascii)
			j++;
		if (ascii)
			put_unquoted_ascii_run(&out, p + i, j - i);
		else
			samc_buf_put(&out, p + i, j - i);
		i = j;
	}
	samc_buf_free(&plus);
	return samc_buf_detach(&out);
}

/* ---- urllib.parse.urlsplit ---- */

typedef struct url_parts {
	char *scheme; /* lower-cased, "" when none */
	const char *netloc;
	size_t netloc_len;
	const char *path;
	size_t path_len;
	const char *query;
	size_t query_len;
	bool invalid; /* urlsplit raised ValueError */
} url_parts;

/* lstrip of C0 controls and space, then removal of tab, CR and LF (WHATWG). */
static char *clean_url(const char *s)
{
	while (*s && (unsigned char)*s <= 0x20)
		s++;
	samc_buf b = SAMC_BUF_INIT;
	for (; *s; s++)
		if (*s != '\t' && *s != '\r' && *s != '\n')
			samc_buf_putc(&b, *s);
	return samc_buf_detach(&b);
}

static bool is_scheme_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
	       c == '-' || c == '.';
}

static bool is_ascii_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Length of the scheme before ':' or 0 when the text has none. */
static size_t scheme_length(const char *url)
{
	const char *colon = strchr(url, ':');
	if (!colon || colon == url || !is_ascii_alpha(url[0]))
		return 0;
	for (const char *p = url; p < colon; p++)
		if (!is_scheme_char(*p))
			return 0;
	return (size_t)(colon - url);
}

/* ipaddress.ip_address is an IPv6 address (optional %scope): IPv4 in brackets is refused. */
static bool valid_bracketed_ip(const char *host)
{
	char *copy = samc_strdup(host);
	if (!copy)
		return false;
	char *pct = strchr(copy, '%');
	bool ok = true;
	if (pct) {
		ok = pct[1] != '\0' && !strchr(pct + 1, '%');
		*pct = '\0';
	}
	unsigned char addr[16];
	ok = ok && inet_pton(AF_INET6, copy, addr) == 1;
	free(copy);
	return ok;
}

/* \Av[a-fA-F0-9]+\..+\Z */
static bool valid_ipvfuture(const char *h)
{
	size_t i = 1;
	while (hex_value(h[i]) >= 0)
		i++;
	if (i == 1 || h[i] != '.' || !h[i + 1])
		return false;
	return strchr(h + i + 1, '\n') == NULL;
}

/* The first n bytes of s (fewer at a NUL) as a new string, as "%.*s" prints them. */
static char *copy_span(const char *s, size_t n)
{
	const char *nul = memchr(s, '\0', n);
	if (nul)
		n = (size_t)(nul - s);
	char *out = malloc(n + 1);
	if (out) {
		memcpy(out, s, n);
		out[n] = '\0';
	}
	return out;
}

/* The bracketed-host checks of urlsplit (ValueError on a mismatch or a bad address). */
static bool netloc_brackets_ok(const char *netloc, size_t n)
{
	const char *open = memchr(netloc, '[', n), *close = memchr(netloc, ']', n);
	if (!open && !close)
		return true;
	if (!open || !close)
		return false;
	const char *start = open + 1, *end = memchr(start, ']', (size_t)(netloc + n - start));
	if (!end)
		end = netloc + n;
	char *host = copy_span(start, (size_t)(end - start));
	if (!host)
		return false;
	bool ok = host[0] == 'v' ? valid_ipvfuture(host) : valid_bracketed_ip(host);
	free(host);
	return ok;
}

/* Code points whose NFKC form contains one of / ? # @ : (Unicode 14, Python 3.11): a netloc
 * holding one makes urlsplit raise ValueError (_checknetloc). */
static bool nfkc_changes_delimiters(unsigned long cp)
{
	static const unsigned long bad[] = {0x2047, 0x2048, 0x2049, 0x2100, 0x2101, 0x2105, 0x2106,
					    0x2A74, 0xFE13, 0xFE16, 0xFE55, 0xFE56, 0xFE5F, 0xFE6B,
					    0xFF03, 0xFF0F, 0xFF1A, 0xFF1F, 0xFF20};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (bad[i] == cp)
			return true;
	return false;
}

static bool netloc_nfkc_ok(const char *netloc, size_t n)
{
	const unsigned char *p = (const unsigned char *)netloc;
	for (size_t i = 0; i < n;) {
		int len = utf8_sequence(p + i, n - i);
		if (len <= 0) {
			i += (size_t)(len < 0 ? -len : 1);
			continue;
		}
		unsigned long cp = len == 1 ? p[i] : (unsigned long)(p[i] & (0x7F >> len));
		for (int k = 1; k < len; k++)
			cp = (cp << 6) | (p[i + (size_t)k] & 0x3F);
		if (nfkc_changes_delimiters(cp))
			return false;
		i += (size_t)len;
	}
	return true;
}

static size_t span_until_any(const char *s, const char *stops)
{
	return strcspn(s, stops);
}

static int split_url(const char *url, url_parts *u)
{
	memset(u, 0, sizeof(*u));
	size_t slen = scheme_length(url);
	u->scheme = copy_span(url, slen);
	if (!u->scheme)
		return XF_NOMEM;
	for (char *p = u->scheme; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	const char *rest = slen ? url + slen + 1 : url;
	if (rest[0] == '/' && rest[1] == '/') {
		u->netloc = rest + 2;
		u->netloc_len = span_until_any(u->netloc, "/?#");
		rest = u->netloc + u->netloc_len;
		u->invalid = !netloc_brackets_ok(u->netloc, u->netloc_len) ||
			     !netloc_nfkc_ok(u->netloc, u->netloc_len);
	}
	size_t before_fragment = span_until_any(rest, "#");
	const char *q = memchr(rest, '?', before_fragment);
	u->path = rest;
	u->path_len = q ? (size_t)(q - rest) : before_fragment;
	if (q) {
		u->query = q + 1;
		u->query_len = before_fragment - u->path_len - 1;
	}
	return XF_OK;
}

/* ---- parse_qs(query)["versionId"] when it has exactly one value ---- */

static int version_id(const char *query, size_t n, char **out)
{
	*out = NULL;
	int count = 0;
	size_t i = 0;
	while (query && i < n) {
		size_t end = i;
		while (end < n && query[end] != '&')
			end++;
		const char *eq = memchr(query + i, '=', end - i);
		if (eq && (size_t)(query + end - eq) > 1) {
			char *name = form_unquote(query + i, (size_t)(eq - query - i));
			char *value = form_unquote(eq + 1, (size_t)(query + end - eq - 1));
			if (!name || !value) {
				free(name);
				free(value);
				free(*out);
				*out = NULL;
				return XF_NOMEM;
			}
			if (strcmp(name, "versionId") == 0) {
				count++;
				free(*out);
				*out = value;
				value = NULL;
			}
			free(name);
			free(value);
		}
		i = end + 1;
	}
	if (count != 1) {
		free(*out);
		*out = NULL;
	}
	return XF_OK;
}

static int add_string_n(cJSON *obj, const char *key, const char *s, size_t n)
{
	char *copy = copy_span(s, n);
	cJSON *item = copy ? cJSON_CreateString(copy) : NULL;
	free(copy);
	if (!item)
		return XF_NOMEM;
	samc_json_add_key(obj, key, item);
	return XF_OK;
}

static int s3_pointer(const url_parts *u, cJSON **out)
{
	cJSON *p = cJSON_CreateObject();
	if (!p)
		return XF_NOMEM;
	const char *key = u->path;
	size_t key_len = u->path_len;
	while (key_len && *key == '/') {
		key++;
		key_len--;
	}
	char *version = NULL;
	int rc = add_string_n(p, "Bucket", u->netloc, u->netloc_len);
	if (rc == XF_OK)
		rc = add_string_n(p, "Key", key, key_len);
	if (rc == XF_OK)
		rc = version_id(u->query, u->query_len, &version);
	if (rc == XF_OK && version)
		rc = add_string_n(p, "Version", version, strlen(version));
	free(version);
	if (rc != XF_OK) {
		cJSON_Delete(p);
		return rc;
	}
	*out = p;
	return XF_OK;
}

int xf_parse_s3_uri(const cJSON *uri, cJSON **out)
{
	*out = NULL;
	if (!cJSON_IsString(uri))
		return XF_OK;
	char *url = clean_url(uri->valuestring);
	if (!url)
		return XF_NOMEM;
	url_parts u;
	int rc = split_url(url, &u);
	if (rc == XF_OK && !u.invalid && strcmp(u.scheme, "s3") == 0 && u.netloc_len && u.path_len)
		rc = s3_pointer(&u, out);
	free(u.scheme);
	free(url);
	return rc;
}

/* ---- construct_s3_location_object ---- */

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool is_ssm_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	       c == '.' || c == '-' || c == '/';
}

/* Length of a match of {{resolve:(ssm|ssm-secure|secretsmanager):[a-zA-Z0-9_.\-/]+(:\d+)?}}
 * at s, and whether it contains '/'; 0 when it does not match there. */
static size_t ssm_match_at(const char *s, bool *has_slash)
{
	static const char *const services[] = {"ssm:", "ssm-secure:", "secretsmanager:"};
	if (!starts_with(s, "{{resolve:"))
		return 0;
	const char *p = s + strlen("{{resolve:"), *name = NULL;
	for (size_t i = 0; i < sizeof(services) / sizeof(services[0]) && !name; i++)
		if (starts_with(p, services[i]))
			name = p + strlen(services[i]);
	if (!name)
		return 0;
	const char *e = name;
	*has_slash = false;
	while (is_ssm_name_char(*e))
		*has_slash |= *e++ == '/';
	if (e == name)
		return 0;
	if (e[0] == ':' && e[1] >= '0' && e[1] <= '9') {
		const char *d = e + 1;
		while (*d >= '0' && *d <= '9')
			d++;
		if (starts_with(d, "}}"))
			return (size_t)(d + 2 - s);
	}
	return starts_with(e, "}}") ? (size_t)(e + 2 - s) : 0;
}

/* re.search of the SSM pattern: the first match decides whether it names a path. */
static bool has_ssm_path_reference(const char *s)
{
	for (const char *p = strstr(s, "{{resolve:"); p; p = strstr(p + 1, "{{resolve:")) {
		bool slash = false;
		if (ssm_match_at(p, &slash))
			return slash;
	}
	return false;
}

static int location_from_map(xf *x, const char *id, const char *property, const cJSON *uri, cJSON **out)
{
	const cJSON *bucket = xf_get(uri, "Bucket"), *key = xf_get(uri, "Key");
	if (!xf_truthy(bucket) || !xf_truthy(key))
		return xf_fail_resource(x, id, "'%s' requires Bucket and Key properties to be specified.",
					property);
	cJSON *code = cJSON_CreateObject();
	if (!code)
		return XF_NOMEM;
	SAMC_JSON_ADD(code, "S3Bucket", xf_dup(bucket));
	SAMC_JSON_ADD(code, "S3Key", xf_dup(key));
	const cJSON *version = xf_get(uri, "Version");
	if (version)
		SAMC_JSON_ADD(code, "S3ObjectVersion", xf_dup(version));
	*out = code;
	return XF_OK;
}

static int rename_pointer_keys(cJSON *pointer, cJSON **out)
{
	static const char *const names[][2] = {
		{"Bucket", "S3Bucket"}, {"Key", "S3Key"}, {"Version", "S3ObjectVersion"}};
	cJSON *code = cJSON_CreateObject();
	if (!code)
		return XF_NOMEM;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		cJSON *v = cJSON_DetachItemFromObjectCaseSensitive(pointer, names[i][0]);
		if (v)
			samc_json_add_key(code, names[i][1], v);
	}
	*out = code;
	return XF_OK;
}

static int location_from_string(xf *x, const char *id, const char *property, const cJSON *uri, cJSON **out)
{
	if (has_ssm_path_reference(uri->valuestring))
		return xf_fail_resource(x, id,
					"Unsupported dynamic reference detected in '%s'. Please consider using "
					"alternative 'FunctionCode' object format.",
					property);
	cJSON *pointer = NULL;
	if (xf_parse_s3_uri(uri, &pointer) != XF_OK)
		return XF_NOMEM;
	if (!pointer && x->allow_local_code) {
		/* A local path (sam build/package would upload it): passed through unchanged. */
		*out = xf_dup(uri);
		return *out ? XF_OK : XF_NOMEM;
	}
	if (!pointer)
		return xf_fail_resource(x, id,
					"'%s' is not a valid S3 Uri of the form 's3://bucket/key' with optional "
					"versionId query parameter.",
					property);
	int rc = rename_pointer_keys(pointer, out);
	cJSON_Delete(pointer);
	return rc;
}

int xf_s3_location(xf *x, const char *id, const char *property, const cJSON *uri, cJSON **out)
{
	*out = NULL;
	if (cJSON_IsObject(uri))
		return location_from_map(x, id, property, uri, out);
	if (cJSON_IsString(uri))
		return location_from_string(x, id, property, uri, out);
	return xf_fail_resource(x, id, "'%s' must be of type dict or string.", property);
}

int xf_image_location(xf *x, const char *id, const char *property, const cJSON *uri, cJSON **out)
{
	*out = NULL;
	if (!xf_truthy(uri))
		return xf_fail_resource(x, id, "'%s' requires that a image hosted at a registry be specified.",
					property);
	cJSON *code = cJSON_CreateObject();
	cJSON *copy = xf_dup(uri);
	if (!code || !copy) {
		cJSON_Delete(code);
		cJSON_Delete(copy);
		return XF_NOMEM;
	}
	SAMC_JSON_ADD(code, "ImageUri", copy);
	*out = code;
	return XF_OK;
}
