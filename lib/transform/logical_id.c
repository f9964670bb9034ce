/* logical_id.c — LogicalIdGenerator: SHA-1 (OpenSSL) over the canonical JSON of the data,
 * and Python's str.isalnum for the "hash or not" decisions. */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/emit.h"
#include "transform/xf.h"
#include "util/buf.h"

static void sha1_hex(const char *data, size_t len, char out[41])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	out[0] = '\0';
	if (!EVP_Digest(data, len, md, &n, EVP_sha1(), NULL))
		return;
	for (unsigned int i = 0; i < n && i < 20; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* The data string: "" when falsy, the string itself, else compact sorted JSON. */
static char *data_string(const cJSON *data)
{
	if (!xf_truthy(data))
		return samc_strdup("");
	if (cJSON_IsString(data))
		return samc_strdup(data->valuestring);
	samc_buf b = SAMC_BUF_INIT;
	samc_json_emit(&b, data, &SAMC_JSON_HASH);
	return samc_buf_detach(&b);
}

void xf_data_hash(const cJSON *data, char out[41])
{
	char *s = data_string(data);
	out[0] = '\0';
	if (!s)
		return;
	if (*s) /* get_hash() of falsy data is "" */
		sha1_hex(s, strlen(s), out);
	free(s);
}

char *xf_logical_id(const char *prefix, const cJSON *data)
{
	char *s = data_string(data);
	if (!s)
		return NULL;
	if (!*s) {
		free(s);
		return samc_strdup(prefix);
	}
	char hex[41];
	sha1_hex(s, strlen(s), hex);
	free(s);
	return samc_strfmt("%s%.10s", prefix, hex);
}

char *xf_logical_id_str(const char *prefix, const char *data)
{
	cJSON *s = cJSON_CreateString(data ? data : "");
	char *id = s ? xf_logical_id(prefix, s) : NULL;
	cJSON_Delete(s);
	return id;
}

bool xf_is_logical_id(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
			return false;
	return true;
}

/* Python's str.isalnum over UTF-8: ASCII letters/digits; any non-ASCII letter counts as alnum
 * (approximation: non-ASCII code points are treated as letters). */
bool xf_is_alnum(const char *s)
{
	if (!s || !*s)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x80)
			continue;
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			return false;
	}
	return true;
}
