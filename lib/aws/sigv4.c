/* sigv4.c — AWS Signature Version 4 (AWS4-HMAC-SHA256): canonical request, string to sign,
 * signing key and Authorization header, with OpenSSL's SHA-256 and HMAC. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "aws/aws.h"
#include "util/buf.h"
#include "util/error.h"

static const char hexdigits[] = "0123456789abcdef";

static void to_hex(const unsigned char *in, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hexdigits[in[i] >> 4];
		out[2 * i + 1] = hexdigits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

void samc_sha256_hex(const void *data, size_t len, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	if (!EVP_Digest(data ? data : "", len, md, &mdlen, EVP_sha256(), NULL))
		mdlen = 0;
	to_hex(md, mdlen, hex);
}

void samc_aws_amz_date(time_t t, char out[17])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm);
}

static bool unreserved(unsigned char c)
{
	return isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
}

char *samc_aws_uri_encode(const char *s, size_t len, bool keep_slash)
{
	samc_buf b = SAMC_BUF_INIT;
	samc_buf_put(&b, "", 0);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (unreserved(c) || (keep_slash && c == '/')) {
			samc_buf_putc(&b, (char)c);
		} else {
			char esc[4] = {'%', (char)toupper(hexdigits[c >> 4]),
				       (char)toupper(hexdigits[c & 15]), 0};
			samc_buf_put(&b, esc, 3);
		}
	}
	return samc_buf_detach(&b);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Percent-decodes s[0..len) then encodes it again the RFC 3986 way. */
static char *reencode(const char *s, size_t len)
{
	char *raw = malloc(len + 1);
	if (!raw)
		return NULL;
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '%' && i + 2 < len && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			raw[n++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			raw[n++] = s[i];
		}
	}
	char *out = samc_aws_uri_encode(raw, n, false);
	free(raw);
	return out;
}

/* ---- canonical URI ---- */

/* RFC 3986 dot-segment removal plus collapsing of empty segments. */
static char *normalize_path(const char *path)
{
	size_t len = strlen(path);
	const char **segs = calloc(len + 1, sizeof(*segs));
	size_t *lens = calloc(len + 1, sizeof(*lens));
	char *out = NULL;
	if (!segs || !lens)
		goto done;
	size_t nseg = 0;
	bool trailing = false;
	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		const char *start = p;
		while (*p && *p != '/')
			p++;
		size_t n = (size_t)(p - start);
		trailing = (*p == '/') || n == 0;
		if (n == 0)
			break;
		if (n == 1 && start[0] == '.') {
			trailing = true;
		} else if (n == 2 && start[0] == '.' && start[1] == '.') {
			if (nseg)
				nseg--;
			trailing = true;
		} else {
			segs[nseg] = start;
			lens[nseg++] = n;
		}
	}
	samc_buf b = SAMC_BUF_INIT;
	for (size_t i = 0; i < nseg; i++) {
		samc_buf_putc(&b, '/');
		samc_buf_put(&b, segs[i], lens[i]);
	}
	if (nseg == 0 || trailing)
		samc_buf_putc(&b, '/');
	out = samc_buf_detach(&b);
done:
	free(segs);
	free(lens);
	return out;
}

static char *canonical_uri(const samc_sigv4_request *req)
{
	const char *path = req->path && *req->path ? req->path : "/";
	if (req->s3)
		return samc_strdup(path);
	char *norm = normalize_path(path);
	if (!norm)
		return NULL;
	char *enc = samc_aws_uri_encode(norm, strlen(norm), true);
	free(norm);
	return enc;
}

/* ---- canonical query string ---- */

typedef struct query_pair {
	char *key;
	char *value;
} query_pair;

static int cmp_pair(const void *a, const void *b)
{
	const query_pair *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : strcmp(x->value, y->value);
}

static void free_pairs(query_pair *pairs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(pairs[i].key);
		free(pairs[i].value);
	}
	free(pairs);
}

static char *canonical_query(const char *query)
{
	if (!query || !*query)
		return samc_strdup("");
	size_t cap = 1;
	for (const char *p = query; *p; p++)
		cap += *p == '&';
	query_pair *pairs = calloc(cap, sizeof(*pairs));
	if (!pairs)
		return NULL;
	size_t n = 0;
	bool oom = false;
	for (const char *p = query; *p && !oom;) {
		const char *end = strchr(p, '&');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len) {
			const char *eq = memchr(p, '=', len);
			size_t klen = eq ? (size_t)(eq - p) : len;
			pairs[n].key = reencode(p, klen);
			pairs[n].value = eq ? reencode(eq + 1, len - klen - 1) : samc_strdup("");
			oom = !pairs[n].key || !pairs[n].value;
			n++;
		}
		p += len + (end != NULL);
	}
	char *out = NULL;
	if (!oom) {
		qsort(pairs, n, sizeof(*pairs), cmp_pair);
		samc_buf b = SAMC_BUF_INIT;
		samc_buf_put(&b, "", 0);
		for (size_t i = 0; i < n; i++)
			samc_buf_printf(&b, "%s%s=%s", i ? "&" : "", pairs[i].key, pairs[i].value);
		out = samc_buf_detach(&b);
	}
	free_pairs(pairs, n);
	return out;
}

/* ---- canonical headers ---- */

typedef struct canon_header {
	char *name;    /* lower case */
	samc_buf value; /* trimmed, inner spaces collapsed, duplicates joined with ',' */
} canon_header;

static int cmp_header(const void *a, const void *b)
{
	return strcmp(((const canon_header *)a)->name, ((const canon_header *)b)->name);
}

/* Appends value trimmed, with every run of whitespace (including folded lines) as one space. */
static void put_trimmed(samc_buf *b, const char *v)
{
	bool pending_space = false, any = false;
	for (; *v; v++) {
		if (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r') {
			pending_space = any;
			continue;
		}
		if (pending_space)
			samc_buf_putc(b, ' ');
		pending_space = false;
		any = true;
		samc_buf_putc(b, *v);
	}
	if (!any)
		samc_buf_put(b, "", 0);
}

static char *lower_dup(const char *s)
{
	char *d = samc_strdup(s);
	for (char *p = d; p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return d;
}

static void free_headers(canon_header *h, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(h[i].name);
		samc_buf_free(&h[i].value);
	}
	free(h);
}

/* Builds the canonical header block and the signed-header list. */
static int canonical_headers(const samc_sigv4_request *req, samc_buf *block, char **signed_list)
{
	canon_header *h = calloc(req->nheaders + 1, sizeof(*h));
	if (!h)
		return SAMC_ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < req->nheaders; i++) {
		char *name = lower_dup(req->headers[i].name);
		if (!name) {
			free_headers(h, n);
			return SAMC_ENOMEM;
		}
		size_t j = 0;
		while (j < n && strcmp(h[j].name, name) != 0)
			j++;
		if (j < n) {
			free(name);
			samc_buf_putc(&h[j].value, ',');
		} else {
			h[n].name = name;
			h[n].value = (samc_buf)SAMC_BUF_INIT;
			n++;
		}
		put_trimmed(&h[j].value, req->headers[i].value ? req->headers[i].value : "");
	}
	qsort(h, n, sizeof(*h), cmp_header);
	samc_buf list = SAMC_BUF_INIT;
	samc_buf_put(&list, "", 0);
	for (size_t i = 0; i < n; i++) {
		samc_buf_printf(block, "%s:%s\n", h[i].name, samc_buf_cstr(&h[i].value));
		samc_buf_printf(&list, "%s%s", i ? ";" : "", h[i].name);
	}
	free_headers(h, n);
	*signed_list = samc_buf_detach(&list);
	return *signed_list && !block->oom ? 0 : SAMC_ENOMEM;
}

/* ---- signing ---- */

static void hmac(const void *key, size_t keylen, const char *msg, unsigned char out[32])
{
	unsigned int len = 32;
	HMAC(EVP_sha256(), key, (int)keylen, (const unsigned char *)msg, strlen(msg), out, &len);
}

static void signature_hex(const char *secret, const char *date, const char *region,
			  const char *service, const char *sts, char out[65])
{
	size_t klen = strlen(secret) + 5;
	char *k = malloc(klen);
	unsigned char a[32], b[32];
	if (!k) {
		out[0] = '\0';
		return;
	}
	snprintf(k, klen, "AWS4%s", secret);
	hmac(k, strlen(k), date, a);
	OPENSSL_cleanse(k, klen);
	free(k);
	hmac(a, 32, region, b);
	hmac(b, 32, service, a);
	hmac(a, 32, "aws4_request", b);
	hmac(b, 32, sts, a);
	to_hex(a, 32, out);
	OPENSSL_cleanse(b, sizeof(b));
}

static int check_request(const samc_sigv4_request *req, const char *akid, const char *secret,
			 samc_error **err)
{
	if (!req || !req->method || !req->region || !req->service || !akid || !secret)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "SigV4: method, region, service and credentials are required");
	if (!req->amz_date || strlen(req->amz_date) != 16 || req->amz_date[8] != 'T')
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "SigV4: the request time must look like 20150830T123600Z");
	for (size_t i = 0; i < req->nheaders; i++)
		if (!req->headers[i].name || !*req->headers[i].name)
			return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
					      "SigV4: header %zu has no name", i);
	return 0;
}

static int build_canonical(const samc_sigv4_request *req, samc_sigv4_result *out)
{
	char *uri = canonical_uri(req), *query = canonical_query(req->query);
	samc_buf headers = SAMC_BUF_INIT;
	samc_buf_put(&headers, "", 0);
	int rc = uri && query ? canonical_headers(req, &headers, &out->signed_headers) : SAMC_ENOMEM;
	char body_hash[65];
	if (!req->payload_hash)
		samc_sha256_hex(req->body, req->body_len, body_hash);
	if (rc == 0) {
		out->canonical_request =
			samc_strfmt("%s\n%s\n%s\n%s\n%s\n%s", req->method, uri, query,
				    samc_buf_cstr(&headers), out->signed_headers,
				    req->payload_hash ? req->payload_hash : body_hash);
		rc = out->canonical_request ? 0 : SAMC_ENOMEM;
	}
	free(uri);
	free(query);
	samc_buf_free(&headers);
	return rc;
}

int samc_sigv4_sign(const samc_sigv4_request *req, const char *access_key_id,
		    const char *secret_access_key, samc_sigv4_result *out, samc_error **err)
{
	memset(out, 0, sizeof(*out));
	int rc = check_request(req, access_key_id, secret_access_key, err);
	if (rc)
		return rc;
	rc = build_canonical(req, out);
	char date[9], creq_hash[65], sig[65];
	memcpy(date, req->amz_date, 8);
	date[8] = '\0';
	if (rc == 0) {
		samc_sha256_hex(out->canonical_request, strlen(out->canonical_request), creq_hash);
		out->string_to_sign = samc_strfmt("AWS4-HMAC-SHA256\n%s\n%s/%s/%s/aws4_request\n%s",
						  req->amz_date, date, req->region, req->service,
						  creq_hash);
		rc = out->string_to_sign ? 0 : SAMC_ENOMEM;
	}
	if (rc == 0) {
		signature_hex(secret_access_key, date, req->region, req->service,
			      out->string_to_sign, sig);
		out->signature = samc_strdup(sig);
		out->authorization = samc_strfmt(
			"AWS4-HMAC-SHA256 Credential=%s/%s/%s/%s/aws4_request, SignedHeaders=%s, "
			"Signature=%s",
			access_key_id, date, req->region, req->service, out->signed_headers, sig);
		rc = out->signature && out->authorization ? 0 : SAMC_ENOMEM;
	}
	if (rc) {
		samc_sigv4_result_free(out);
		return rc == SAMC_ENOMEM ? samc_error_set(err, rc, NULL, 0, 0, "out of memory") : rc;
	}
	return 0;
}

void samc_sigv4_result_free(samc_sigv4_result *res)
{
	if (!res)
		return;
	free(res->canonical_request);
	free(res->string_to_sign);
	free(res->signed_headers);
	free(res->signature);
	free(res->authorization);
	memset(res, 0, sizeof(*res));
}
