/* s3.c — the S3 calls deploy and delete need: HeadObject, PutObject (memory or streamed
 * file, Content-MD5, signed or unsigned payload), DeleteObject, ListObjectsV2, HeadBucket,
 * CreateBucket, and path-style object URLs; virtual-hosted or path-style addressing. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "aws/aws_int.h"
#include "util/error.h"

#define FILE_CHUNK 65536

/* A bucket name that can be a host label under a wildcard certificate. */
static bool virtual_host_ok(const char *bucket)
{
	size_t len = strlen(bucket);
	if (len < 3 || len > 63 || bucket[0] == '-' || bucket[len - 1] == '-')
		return false;
	for (size_t i = 0; i < len; i++)
		if (!(islower((unsigned char)bucket[i]) || isdigit((unsigned char)bucket[i]) ||
		      bucket[i] == '-'))
			return false;
	return true;
}

static int check_names(const char *bucket, const char *key, bool need_key, samc_error **err)
{
	if (!bucket || !*bucket || strchr(bucket, '/'))
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "invalid S3 bucket name '%s'", bucket ? bucket : "");
	if (need_key && (!key || !*key))
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "an S3 object key is required (bucket %s)", bucket);
	return 0;
}

/* Fills the addressing part of req: virtual-hosted on AWS's endpoints, else path-style.
 * *path is owned by the caller. */
static int address(samc_aws_client *c, const char *bucket, const char *key,
		   samc_aws_request *req, char **path, samc_error **err)
{
	char *endpoint = NULL;
	bool custom = false;
	int rc = samc_aws_config_endpoint(samc_aws_client_config(c), "s3", &endpoint, &custom,
					  err);
	free(endpoint);
	if (rc)
		return rc;
	char *ekey = samc_aws_uri_encode(key ? key : "", key ? strlen(key) : 0, true);
	char *ebucket = samc_aws_uri_encode(bucket, strlen(bucket), false);
	bool vhost = !custom && virtual_host_ok(bucket);
	*path = ekey && ebucket ? (vhost ? samc_strfmt("/%s", ekey)
					 : samc_strfmt("/%s/%s", ebucket, ekey))
				: NULL;
	free(ekey);
	free(ebucket);
	req->service = "s3";
	req->s3 = true;
	req->bucket_host = vhost ? bucket : NULL;
	req->path = *path;
	return *path ? 0 : samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
}

/* Sends an S3 request; *resp is filled and must be cleared by the caller. */
static int s3_send(samc_aws_client *c, samc_aws_request *req, const char *bucket,
		   const char *key, samc_aws_response *resp, samc_error **err)
{
	char *path = NULL;
	int rc = address(c, bucket, key, req, &path, err);
	if (rc == 0)
		rc = samc_aws_send(c, req, resp, err);
	else
		memset(resp, 0, sizeof(*resp));
	free(path);
	return rc;
}

static bool ok_status(long s)
{
	return s >= 200 && s <= 299;
}

void samc_s3_object_info_clear(samc_s3_object_info *info)
{
	if (!info)
		return;
	free(info->etag);
	memset(info, 0, sizeof(*info));
}

int samc_s3_head_object(samc_aws_client *c, const char *bucket, const char *key, bool *exists,
			samc_s3_object_info *info, samc_error **err)
{
	*exists = false;
	if (info)
		memset(info, 0, sizeof(*info));
	int rc = check_names(bucket, key, true, err);
	if (rc)
		return rc;
	samc_aws_request req = {.method = "HEAD", .head = true};
	samc_aws_response resp;
	rc = s3_send(c, &req, bucket, key, &resp, err);
	if (rc == 0 && ok_status(resp.status)) {
		*exists = true;
		if (info) {
			info->size = resp.content_length;
			info->etag = resp.etag;
			resp.etag = NULL;
		}
	} else if (rc == 0 && resp.status != 404) {
		rc = samc_aws_response_error(c, &resp, "HeadObject", err);
	}
	samc_aws_response_clear(&resp);
	return rc;
}

/* ---- PutObject ---- */

typedef struct digests {
	char md5_b64[32];
	char sha256[65];
} digests;

static void finish_digests(EVP_MD_CTX *md5, EVP_MD_CTX *sha, digests *d)
{
	unsigned char m[EVP_MAX_MD_SIZE], s[EVP_MAX_MD_SIZE];
	unsigned int mlen = 0, slen = 0;
	EVP_DigestFinal_ex(md5, m, &mlen);
	EVP_DigestFinal_ex(sha, s, &slen);
	EVP_EncodeBlock((unsigned char *)d->md5_b64, m, (int)mlen);
	static const char hex[] = "0123456789abcdef";
	for (unsigned int i = 0; i < slen && i < 32; i++) {
		d->sha256[2 * i] = hex[s[i] >> 4];
		d->sha256[2 * i + 1] = hex[s[i] & 15];
	}
	d->sha256[64] = '\0';
}

/* MD5 (for Content-MD5) and SHA-256 of a buffer or of a whole file. */
static int compute_digests(const void *data, size_t len, FILE *f, long long *size, digests *d)
{
	EVP_MD_CTX *md5 = EVP_MD_CTX_new(), *sha = EVP_MD_CTX_new();
	int rc = md5 && sha && EVP_DigestInit_ex(md5, EVP_md5(), NULL) &&
				 EVP_DigestInit_ex(sha, EVP_sha256(), NULL)
			 ? 0
			 : SAMC_ENOMEM;
	if (rc == 0 && !f) {
		EVP_DigestUpdate(md5, data, len);
		EVP_DigestUpdate(sha, data, len);
	}
	unsigned char *chunk = rc == 0 && f ? malloc(FILE_CHUNK) : NULL;
	if (rc == 0 && f && !chunk)
		rc = SAMC_ENOMEM;
	*size = 0;
	for (size_t n; rc == 0 && f && (n = fread(chunk, 1, FILE_CHUNK, f)) > 0;) {
		EVP_DigestUpdate(md5, chunk, n);
		EVP_DigestUpdate(sha, chunk, n);
		*size += (long long)n;
	}
	if (rc == 0 && f && ferror(f))
		rc = SAMC_EIO;
	if (rc == 0)
		finish_digests(md5, sha, d);
	free(chunk);
	EVP_MD_CTX_free(md5);
	EVP_MD_CTX_free(sha);
	return rc;
}

static int put(samc_aws_client *c, const char *bucket, const char *key, samc_aws_request *req,
	       const samc_s3_put_options *opts, const digests *d, samc_error **err)
{
	samc_http_header h[4];
	size_t n = 0;
	h[n++] = (samc_http_header){"Content-MD5", d->md5_b64};
	if (opts && opts->content_type)
		h[n++] = (samc_http_header){"Content-Type", opts->content_type};
	if (opts && opts->kms_key_id) {
		h[n++] = (samc_http_header){"x-amz-server-side-encryption", "aws:kms"};
		h[n++] = (samc_http_header){"x-amz-server-side-encryption-aws-kms-key-id",
					    opts->kms_key_id};
	}
	req->method = "PUT";
	req->headers = h;
	req->nheaders = n;
	req->payload_hash = opts && opts->unsigned_payload ? "UNSIGNED-PAYLOAD" : d->sha256;
	samc_aws_response resp;
	int rc = s3_send(c, req, bucket, key, &resp, err);
	if (rc == 0 && !ok_status(resp.status))
		rc = samc_aws_response_error(c, &resp, "PutObject", err);
	samc_aws_response_clear(&resp);
	return rc;
}

int samc_s3_put_object(samc_aws_client *c, const char *bucket, const char *key,
		       const void *data, size_t len, const samc_s3_put_options *opts,
		       samc_error **err)
{
	int rc = check_names(bucket, key, true, err);
	if (rc)
		return rc;
	digests d;
	long long size;
	if (compute_digests(data ? data : "", len, NULL, &size, &d))
		return samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	samc_aws_request req = {.body = data ? data : "", .body_len = len};
	return put(c, bucket, key, &req, opts, &d, err);
}

int samc_s3_put_object_file(samc_aws_client *c, const char *bucket, const char *key,
			    const char *path, const samc_s3_put_options *opts, samc_error **err)
{
	int rc = check_names(bucket, key, true, err);
	if (rc)
		return rc;
	FILE *f = fopen(path, "rb");
	if (!f)
		return samc_error_set(err, SAMC_EIO, path, 0, 0, "%s: %s", path, strerror(errno));
	digests d;
	long long size = 0;
	rc = compute_digests(NULL, 0, f, &size, &d);
	if (rc)
		rc = samc_error_set(err, rc, path, 0, 0, "%s: %s", path,
				    rc == SAMC_EIO ? "could not be read" : "out of memory");
	samc_aws_request req = {.body_file = f, .body_file_size = size};
	if (rc == 0)
		rc = put(c, bucket, key, &req, opts, &d, err);
	fclose(f);
	return rc;
}

int samc_s3_delete_object(samc_aws_client *c, const char *bucket, const char *key,
			  samc_error **err)
{
	int rc = check_names(bucket, key, true, err);
	if (rc)
		return rc;
	samc_aws_request req = {.method = "DELETE"};
	samc_aws_response resp;
	rc = s3_send(c, &req, bucket, key, &resp, err);
	if (rc == 0 && !ok_status(resp.status))
		rc = samc_aws_response_error(c, &resp, "DeleteObject", err);
	samc_aws_response_clear(&resp);
	return rc;
}

/* ---- ListObjectsV2 ---- */

static char *list_query(const char *prefix, const char *token)
{
	char *ep = prefix ? samc_aws_uri_encode(prefix, strlen(prefix), false) : NULL;
	char *et = token ? samc_aws_uri_encode(token, strlen(token), false) : NULL;
	char *q = samc_strfmt("%s%s%slist-type=2%s%s", et ? "continuation-token=" : "",
			      et ? et : "", et ? "&" : "", ep ? "&prefix=" : "", ep ? ep : "");
	free(ep);
	free(et);
	return q;
}

static int read_listing(const samc_xml_doc *doc, samc_s3_listing *out)
{
	const samc_xml_node *root = samc_xml_root(doc);
	size_t n = 0;
	for (const samc_xml_node *k = samc_xml_find(root, "Contents"); k; k = samc_xml_next_same(k))
		n++;
	out->keys = calloc(n + 1, sizeof(*out->keys));
	if (!out->keys)
		return SAMC_ENOMEM;
	for (const samc_xml_node *k = samc_xml_find(root, "Contents"); k; k = samc_xml_next_same(k)) {
		const char *key = samc_xml_text(k, "Key");
		if (key && !(out->keys[out->nkeys++] = samc_strdup(key)))
			return SAMC_ENOMEM;
	}
	const char *truncated = samc_xml_text(root, "IsTruncated");
	const char *next = samc_xml_text(root, "NextContinuationToken");
	if (truncated && strcmp(truncated, "true") == 0 && next && *next &&
	    !(out->next_token = samc_strdup(next)))
		return SAMC_ENOMEM;
	return 0;
}

int samc_s3_list_objects_v2(samc_aws_client *c, const char *bucket, const char *prefix,
			    const char *continuation_token, samc_s3_listing *out,
			    samc_error **err)
{
	memset(out, 0, sizeof(*out));
	int rc = check_names(bucket, NULL, false, err);
	if (rc)
		return rc;
	char *query = list_query(prefix, continuation_token);
	if (!query)
		return samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	samc_aws_request req = {.method = "GET", .query = query};
	samc_aws_response resp;
	rc = s3_send(c, &req, bucket, NULL, &resp, err);
	if (rc == 0 && !ok_status(resp.status))
		rc = samc_aws_response_error(c, &resp, "ListObjectsV2", err);
	samc_xml_doc *doc = NULL;
	if (rc == 0 && samc_xml_parse(resp.body.ptr, resp.body.len, &doc, err) != 0)
		rc = SAMC_EAWS;
	if (rc == 0 && read_listing(doc, out) != 0)
		rc = samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	if (rc)
		samc_s3_listing_clear(out);
	samc_xml_doc_free(doc);
	samc_aws_response_clear(&resp);
	free(query);
	return rc;
}

void samc_s3_listing_clear(samc_s3_listing *listing)
{
	if (!listing)
		return;
	samc_aws_strv_free(listing->keys, listing->nkeys);
	free(listing->next_token);
	memset(listing, 0, sizeof(*listing));
}

/* ---- buckets ---- */

int samc_s3_head_bucket(samc_aws_client *c, const char *bucket, bool *exists, samc_error **err)
{
	*exists = false;
	int rc = check_names(bucket, NULL, false, err);
	if (rc)
		return rc;
	samc_aws_request req = {.method = "HEAD", .head = true};
	samc_aws_response resp;
	rc = s3_send(c, &req, bucket, NULL, &resp, err);
	if (rc == 0 && ok_status(resp.status))
		*exists = true;
	else if (rc == 0 && resp.status != 404)
		rc = samc_aws_response_error(c, &resp, "HeadBucket", err);
	samc_aws_response_clear(&resp);
	return rc;
}

int samc_s3_create_bucket(samc_aws_client *c, const char *bucket, samc_error **err)
{
	int rc = check_names(bucket, NULL, false, err);
	if (rc)
		return rc;
	const char *region = samc_aws_config_region(samc_aws_client_config(c));
	char *body = strcmp(region, "us-east-1") == 0
			     ? samc_strdup("")
			     : samc_strfmt("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/"
					   "doc/2006-03-01/\"><LocationConstraint>%s</LocationConstraint>"
					   "</CreateBucketConfiguration>",
					   region);
	if (!body)
		return samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	samc_aws_request req = {.method = "PUT", .body = body, .body_len = strlen(body)};
	samc_aws_response resp;
	rc = s3_send(c, &req, bucket, NULL, &resp, err);
	if (rc == 0 && !ok_status(resp.status))
		rc = samc_aws_response_error(c, &resp, "CreateBucket", err);
	samc_aws_response_clear(&resp);
	free(body);
	return rc;
}

int samc_s3_object_url(const samc_aws_client *c, const char *bucket, const char *key,
		       char **url, samc_error **err)
{
	*url = NULL;
	int rc = check_names(bucket, key, true, err);
	char *endpoint = NULL;
	if (rc == 0)
		rc = samc_aws_config_endpoint(samc_aws_client_config(c), "s3", &endpoint, NULL, err);
	if (rc)
		return rc;
	char *ekey = samc_aws_uri_encode(key, strlen(key), true);
	*url = ekey ? samc_strfmt("%s/%s/%s", endpoint, bucket, ekey) : NULL;
	free(ekey);
	free(endpoint);
	return *url ? 0 : samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
}

void samc_aws_strv_free(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}
