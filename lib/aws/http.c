/* http.c — samc_aws_client: one libcurl easy handle (TLS verification on; libcurl loaded on
 * first use through util/dl_curl.h), SigV4-signed requests, and retries with jittered
 * exponential backoff on throttling, 5xx and connection failures. Never puts a secret into
 * an error. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "aws/aws_int.h"
#include "util/dl_curl.h"
#include "util/error.h"

#define RESPONSE_MAX ((size_t)64 << 20)
#define BACKOFF_BASE_MS 100u
#define BACKOFF_CAP_MS 20000u

struct samc_aws_client {
	const samc_aws_config *cfg;
	samc_aws_client_options opts;
	samc_curl_api api; /* libcurl, loaded by samc_aws_client_new */
	CURL *curl;
	char *user_agent;
	samc_aws_last_error last;
	char *last_code, *last_message, *last_request_id;
};

/* ---- client ---- */

int samc_aws_client_new(const samc_aws_config *cfg, const samc_aws_client_options *opts,
			samc_aws_client **out, samc_error **err)
{
	*out = NULL;
	if (!cfg)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0, "no AWS configuration given");
	samc_aws_client *c = calloc(1, sizeof(*c));
	if (!c)
		return samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	c->cfg = cfg;
	int rc = samc_curl_api_load(&c->api, err);
	if (rc) {
		free(c);
		return rc;
	}
	if (opts)
		c->opts = *opts;
	if (!c->opts.max_attempts)
		c->opts.max_attempts = 5;
	if (!c->opts.connect_timeout_ms)
		c->opts.connect_timeout_ms = 10000;
	if (!c->opts.timeout_ms)
		c->opts.timeout_ms = 300000;
	c->user_agent = c->opts.user_agent ? samc_strdup(c->opts.user_agent)
					   : samc_strdup("samc/" SAMC_VERSION);
	c->curl = c->api.easy_init();
	if (!c->curl || !c->user_agent) {
		samc_aws_client_free(c);
		return samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0,
				      "cannot start the HTTP client (libcurl)");
	}
	c->opts.user_agent = c->user_agent;
	*out = c;
	return 0;
}

static void clear_last(samc_aws_client *c)
{
	free(c->last_code);
	free(c->last_message);
	free(c->last_request_id);
	c->last_code = c->last_message = c->last_request_id = NULL;
	memset(&c->last, 0, sizeof(c->last));
}

void samc_aws_client_free(samc_aws_client *c)
{
	if (!c)
		return;
	clear_last(c);
	if (c->curl)
		c->api.easy_cleanup(c->curl);
	samc_curl_api_unload(&c->api);
	free(c->user_agent);
	free(c);
}

const samc_aws_config *samc_aws_client_config(const samc_aws_client *c)
{
	return c->cfg;
}

const samc_aws_last_error *samc_aws_client_last_error(const samc_aws_client *c)
{
	return &c->last;
}

void samc_aws_response_clear(samc_aws_response *resp)
{
	samc_buf_free(&resp->body);
	free(resp->etag);
	free(resp->request_id);
	free(resp->bucket_region);
	memset(resp, 0, sizeof(*resp));
}

/* ---- the URL and the headers of one attempt ---- */

typedef struct prepared {
	const samc_curl_api *api;
	char *url;       /* without the query string */
	char *full_url;  /* with it */
	char *host;      /* Host header value */
	char *path;      /* the whole path, encoded */
	samc_http_header *headers;
	size_t nheaders;
	char amz_date[17];
	char payload_hash[65];
	struct curl_slist *curl_headers;
} prepared;

static void prepared_free(prepared *p)
{
	free(p->url);
	free(p->full_url);
	free(p->host);
	free(p->path);
	free(p->headers);
	if (p->api)
		p->api->slist_free_all(p->curl_headers);
	memset(p, 0, sizeof(*p));
}

/* Splits "scheme://authority/base" into its parts, the bucket prefixed to the authority. */
static int split_endpoint(const char *endpoint, const char *bucket, const char *path,
			  prepared *p)
{
	const char *auth = strstr(endpoint, "://") + 3;
	const char *slash = strchr(auth, '/');
	size_t alen = slash ? (size_t)(slash - auth) : strlen(auth);
	const char *base = slash ? slash : "";
	bool https = strncmp(endpoint, "https", 5) == 0;
	size_t hlen = alen;
	if (hlen > 4 && https && strncmp(auth + hlen - 4, ":443", 4) == 0)
		hlen -= 4;
	else if (hlen > 3 && !https && strncmp(auth + hlen - 3, ":80", 3) == 0)
		hlen -= 3;
	p->host = samc_strfmt("%s%s%.*s", bucket ? bucket : "", bucket ? "." : "", (int)hlen,
			      auth);
	p->path = samc_strfmt("%s%s", base, path && *path ? path : "/");
	p->url = p->host && p->path ? samc_strfmt("%s://%s%s", https ? "https" : "http", p->host,
						  p->path)
				    : NULL;
	return p->url ? 0 : SAMC_ENOMEM;
}

static int add_header(prepared *p, const char *name, const char *value)
{
	p->headers[p->nheaders++] = (samc_http_header){name, value};
	char *line = samc_strfmt("%s: %s", name, value);
	struct curl_slist *l = line ? p->api->slist_append(p->curl_headers, line) : NULL;
	free(line);
	if (!l)
		return SAMC_ENOMEM;
	p->curl_headers = l;
	return 0;
}

static int prepare_headers(samc_aws_client *c, const samc_aws_request *req, prepared *p)
{
	p->headers = calloc(req->nheaders + 5, sizeof(*p->headers));
	if (!p->headers)
		return SAMC_ENOMEM;
	const char *token = c->cfg->session_token;
	int rc = add_header(p, "Host", p->host);
	rc = rc ? rc : add_header(p, "X-Amz-Date", p->amz_date);
	if (token && rc == 0)
		rc = add_header(p, "X-Amz-Security-Token", token);
	if (req->s3 && rc == 0)
		rc = add_header(p, "x-amz-content-sha256", p->payload_hash);
	for (size_t i = 0; i < req->nheaders && rc == 0; i++)
		rc = add_header(p, req->headers[i].name, req->headers[i].value);
	return rc;
}

static int sign_into(samc_aws_client *c, const samc_aws_request *req, prepared *p,
		     samc_error **err)
{
	samc_sigv4_request sreq = {
		.method = req->method, .path = p->path, .query = req->query,
		.headers = p->headers, .nheaders = p->nheaders, .payload_hash = p->payload_hash,
		.region = c->cfg->region, .service = req->service, .amz_date = p->amz_date,
		.s3 = req->s3};
	samc_sigv4_result res;
	int rc = samc_sigv4_sign(&sreq, c->cfg->access_key_id, c->cfg->secret_access_key, &res,
				 err);
	if (rc)
		return rc;
	char *line = samc_strfmt("Authorization: %s", res.authorization);
	samc_sigv4_result_free(&res);
	struct curl_slist *l = line ? p->api->slist_append(p->curl_headers, line) : NULL;
	if (line) {
		OPENSSL_cleanse(line, strlen(line));
		free(line);
	}
	if (!l)
		return SAMC_ENOMEM;
	p->curl_headers = l;
	l = p->api->slist_append(p->curl_headers, "Expect:");
	if (!l)
		return SAMC_ENOMEM;
	p->curl_headers = l;
	return 0;
}

static int prepare(samc_aws_client *c, const samc_aws_request *req, prepared *p,
		   samc_error **err)
{
	memset(p, 0, sizeof(*p));
	p->api = &c->api;
	char *endpoint = NULL;
	int rc = samc_aws_config_endpoint(c->cfg, req->service, &endpoint, NULL, err);
	if (rc)
		return rc;
	rc = split_endpoint(endpoint, req->bucket_host, req->path, p);
	free(endpoint);
	time_t now = c->opts.now ? c->opts.now(c->opts.ctx) : time(NULL);
	samc_aws_amz_date(now, p->amz_date);
	if (req->payload_hash)
		snprintf(p->payload_hash, sizeof(p->payload_hash), "%s", req->payload_hash);
	else
		samc_sha256_hex(req->body, req->body_len, p->payload_hash);
	if (rc == 0)
		p->full_url = req->query && *req->query ? samc_strfmt("%s?%s", p->url, req->query)
							: samc_strdup(p->url);
	if (rc == 0 && !p->full_url)
		rc = SAMC_ENOMEM;
	if (rc == 0)
		rc = prepare_headers(c, req, p);
	if (rc == 0)
		rc = sign_into(c, req, p, err);
	if (rc == SAMC_ENOMEM)
		samc_error_set(err, rc, NULL, 0, 0, "out of memory");
	return rc;
}

/* ---- libcurl callbacks ---- */

typedef struct transfer {
	const samc_aws_request *req;
	samc_aws_response *resp;
	size_t sent; /* bytes of a memory body already given to curl */
	bool too_big;
} transfer;

static size_t on_body(char *data, size_t size, size_t n, void *ud)
{
	transfer *t = ud;
	size_t len = size * n;
	if (t->resp->body.len + len > RESPONSE_MAX) {
		t->too_big = true;
		return 0;
	}
	samc_buf_put(&t->resp->body, data, len);
	return t->resp->body.oom ? 0 : len;
}

static size_t on_upload(char *buf, size_t size, size_t n, void *ud)
{
	transfer *t = ud;
	size_t want = size * n;
	if (t->req->body_file)
		return fread(buf, 1, want, t->req->body_file);
	size_t left = t->req->body_len - t->sent;
	size_t k = left < want ? left : want;
	if (k)
		memcpy(buf, (const char *)t->req->body + t->sent, k);
	t->sent += k;
	return k;
}

/* Copies the value of header line `line` when it is `name`. */
static void take_header(const char *line, size_t len, const char *name, char **out)
{
	size_t nlen = strlen(name);
	if (len <= nlen + 1 || strncasecmp(line, name, nlen) != 0 || line[nlen] != ':')
		return;
	const char *v = line + nlen + 1;
	size_t vlen = len - nlen - 1;
	while (vlen && (*v == ' ' || *v == '\t'))
		v++, vlen--;
	while (vlen && (v[vlen - 1] == '\r' || v[vlen - 1] == '\n' || v[vlen - 1] == ' '))
		vlen--;
	free(*out);
	*out = samc_strfmt("%.*s", (int)vlen, v);
}

static size_t on_header(char *data, size_t size, size_t n, void *ud)
{
	transfer *t = ud;
	size_t len = size * n;
	take_header(data, len, "ETag", &t->resp->etag);
	take_header(data, len, "x-amz-request-id", &t->resp->request_id);
	take_header(data, len, "x-amzn-RequestId", &t->resp->request_id);
	take_header(data, len, "x-amz-bucket-region", &t->resp->bucket_region);
	char *cl = NULL;
	take_header(data, len, "Content-Length", &cl);
	if (cl)
		t->resp->content_length = atoll(cl);
	free(cl);
	return len;
}

/* ---- one attempt ---- */

static void set_method(const samc_curl_api *api, CURL *h, const samc_aws_request *req)
{
	if (req->head) {
		api->easy_setopt(h, CURLOPT_NOBODY, 1L);
	} else if (strcmp(req->method, "POST") == 0) {
		api->easy_setopt(h, CURLOPT_POST, 1L);
		api->easy_setopt(h, CURLOPT_POSTFIELDS, req->body ? (const char *)req->body : "");
		api->easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
	} else if (strcmp(req->method, "PUT") == 0) {
		api->easy_setopt(h, CURLOPT_UPLOAD, 1L);
		api->easy_setopt(h, CURLOPT_READFUNCTION, on_upload);
		api->easy_setopt(h, CURLOPT_INFILESIZE_LARGE,
				 (curl_off_t)(req->body_file ? req->body_file_size
							     : (long long)req->body_len));
	} else if (strcmp(req->method, "GET") != 0) {
		api->easy_setopt(h, CURLOPT_CUSTOMREQUEST, req->method);
	}
}

static CURLcode attempt(samc_aws_client *c, const samc_aws_request *req, prepared *p,
			transfer *t, char *errbuf)
{
	const samc_curl_api *api = &c->api;
	CURL *h = c->curl;
	api->easy_reset(h);
	errbuf[0] = '\0';
	api->easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	api->easy_setopt(h, CURLOPT_URL, p->full_url);
	api->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	api->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	api->easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	api->easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	const char *ca = c->opts.ca_bundle ? c->opts.ca_bundle : c->cfg->ca_bundle;
	if (ca)
		api->easy_setopt(h, CURLOPT_CAINFO, ca);
	api->easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, c->opts.connect_timeout_ms);
	api->easy_setopt(h, CURLOPT_TIMEOUT_MS, c->opts.timeout_ms);
	api->easy_setopt(h, CURLOPT_USERAGENT, c->user_agent);
	api->easy_setopt(h, CURLOPT_HTTPHEADER, p->curl_headers);
	api->easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	api->easy_setopt(h, CURLOPT_WRITEDATA, t);
	api->easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	api->easy_setopt(h, CURLOPT_HEADERDATA, t);
	api->easy_setopt(h, CURLOPT_READDATA, t);
	set_method(api, h, req);
	CURLcode rc = api->easy_perform(h);
	if (rc == CURLE_OK)
		api->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &t->resp->status);
	return rc;
}

/* ---- retry policy ---- */

bool samc_aws_is_throttle_code(const char *code)
{
	static const char *const codes[] = {
		"Throttling", "ThrottlingException", "ThrottledException",
		"RequestThrottledException", "TooManyRequestsException",
		"ProvisionedThroughputExceededException", "TransactionInProgressException",
		"RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException",
		"RequestThrottled", "SlowDown", "PriorRequestNotComplete",
		"EC2ThrottledException", "RequestTimeout", "RequestTimeoutException",
		"InternalError", "ServiceUnavailable"};
	for (size_t i = 0; code && i < sizeof(codes) / sizeof(codes[0]); i++)
		if (strcmp(code, codes[i]) == 0)
			return true;
	return false;
}

static bool response_retryable(const samc_aws_response *resp)
{
	long s = resp->status;
	if (s == 500 || s == 502 || s == 503 || s == 504 || s == 429)
		return true;
	if (s < 400 || resp->body.len == 0)
		return false;
	samc_xml_doc *doc = NULL;
	bool retry = false;
	if (samc_xml_parse(resp->body.ptr, resp->body.len, &doc, NULL) == 0) {
		samc_aws_error_info info;
		retry = samc_aws_error_from_xml(doc, &info) && samc_aws_is_throttle_code(info.code);
	}
	samc_xml_doc_free(doc);
	return retry;
}

static bool transport_retryable(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return true;
	default:
		return false;
	}
}

/* Full jitter: a random wait in [0, min(cap, base * 2^attempt)]. */
static void backoff(samc_aws_client *c, unsigned attempt)
{
	unsigned ceiling = BACKOFF_BASE_MS << (attempt < 16 ? attempt : 16);
	if (ceiling > BACKOFF_CAP_MS)
		ceiling = BACKOFF_CAP_MS;
	unsigned r = 0;
	if (RAND_bytes((unsigned char *)&r, sizeof(r)) != 1)
		r = ceiling / 2;
	unsigned ms = r % (ceiling + 1);
	if (c->opts.sleep_ms) {
		c->opts.sleep_ms(c->opts.ctx, ms);
		return;
	}
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0)
		;
}

int samc_aws_send(samc_aws_client *c, const samc_aws_request *req, samc_aws_response *resp,
		  samc_error **err)
{
	clear_last(c);
	memset(resp, 0, sizeof(*resp));
	char errbuf[CURL_ERROR_SIZE];
	CURLcode crc = CURLE_OK;
	unsigned tries = 0;
	for (unsigned attempt_no = 0; attempt_no < c->opts.max_attempts; attempt_no++) {
		if (attempt_no)
			backoff(c, attempt_no);
		samc_aws_response_clear(resp);
		if (req->body_file && fseek(req->body_file, 0, SEEK_SET) != 0)
			return samc_error_set(err, SAMC_EIO, NULL, 0, 0,
					      "cannot rewind the file being uploaded");
		prepared p;
		int rc = prepare(c, req, &p, err);
		if (rc) {
			prepared_free(&p);
			return rc;
		}
		transfer t = {.req = req, .resp = resp};
		crc = attempt(c, req, &p, &t, errbuf);
		tries++;
		if (t.too_big) {
			samc_error_set(err, SAMC_EAWS, NULL, 0, 0,
				       "the response of %s is larger than 64 MiB", p.url);
			prepared_free(&p);
			return SAMC_EAWS;
		}
		bool again = crc == CURLE_OK ? response_retryable(resp) : transport_retryable(crc);
		if (!again || attempt_no + 1 == c->opts.max_attempts) {
			if (crc != CURLE_OK)
				samc_error_set(err, SAMC_EAWS, NULL, 0, 0,
					       "could not reach %s (%s) after %u attempt%s", p.url,
					       errbuf[0] ? errbuf : c->api.easy_strerror(crc), tries,
					       tries == 1 ? "" : "s");
			prepared_free(&p);
			break;
		}
		prepared_free(&p);
	}
	return crc == CURLE_OK ? 0 : SAMC_EAWS;
}

/* ---- errors ---- */

static int record(samc_aws_client *c, const char *code, const char *message,
		  const char *request_id, long status)
{
	c->last_code = code ? samc_strdup(code) : NULL;
	c->last_message = message ? samc_strdup(message) : NULL;
	c->last_request_id = request_id ? samc_strdup(request_id) : NULL;
	c->last = (samc_aws_last_error){c->last_code, c->last_message, c->last_request_id, status};
	return 0;
}

static const char *status_code_name(long status)
{
	switch (status) {
	case 301: return "PermanentRedirect";
	case 400: return "BadRequest";
	case 403: return "Forbidden";
	case 404: return "NotFound";
	case 409: return "Conflict";
	case 412: return "PreconditionFailed";
	default: return status >= 500 ? "ServiceError" : "HTTPError";
	}
}

int samc_aws_response_error(samc_aws_client *c, const samc_aws_response *resp,
			    const char *what, samc_error **err)
{
	samc_xml_doc *doc = NULL;
	samc_aws_error_info info = {0};
	bool parsed = resp->body.len &&
		      samc_xml_parse(resp->body.ptr, resp->body.len, &doc, NULL) == 0 &&
		      samc_aws_error_from_xml(doc, &info);
	const char *code = parsed ? info.code : status_code_name(resp->status);
	const char *message = parsed && info.message ? info.message : NULL;
	const char *rid = parsed && info.request_id ? info.request_id : resp->request_id;
	record(c, code, message, rid, resp->status);
	samc_buf region = SAMC_BUF_INIT;
	samc_buf_printf(&region, "%s%srequest id %s)", what ? what : "", what ? ", " : "",
			rid ? rid : "unknown");
	if (resp->bucket_region && (resp->status == 301 || resp->status == 400))
		samc_buf_printf(&region, "; the bucket is in the region %s", resp->bucket_region);
	if (message)
		samc_error_set(err, SAMC_EAWS, NULL, 0, 0, "%s: %s (%s", code, message,
			       samc_buf_cstr(&region));
	else
		samc_error_set(err, SAMC_EAWS, NULL, 0, 0, "%s: HTTP status %ld (%s", code,
			       resp->status, samc_buf_cstr(&region));
	samc_buf_free(&region);
	samc_xml_doc_free(doc);
	return SAMC_EAWS;
}
