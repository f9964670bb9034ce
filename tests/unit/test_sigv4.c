/* test_sigv4.c — the SigV4 signer: the AWS signature test-suite vectors (read from the shared
 * checkout when it exists) and known answers from the SigV4 and S3 documentation. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "aws/aws.h"
#include "util/buf.h"

#define SUITE_AKID "AKIDEXAMPLE"
#define SUITE_SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	samc_buf b = SAMC_BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		samc_buf_put(&b, chunk, n);
	fclose(f);
	samc_buf_put(&b, "", 0);
	return samc_buf_detach(&b);
}

/* ---- the test-suite's raw request format ---- */

typedef struct raw_request {
	char *method, *path, *query;
	samc_http_header headers[32];
	char *names[32], *values[32];
	size_t nheaders;
	const char *body;
} raw_request;

static void raw_free(raw_request *r)
{
	free(r->method);
	free(r->path);
	free(r->query);
	for (size_t i = 0; i < r->nheaders; i++) {
		free(r->names[i]);
		free(r->values[i]);
	}
}

static void add_header(raw_request *r, const char *name, size_t nlen, const char *value,
		       size_t vlen)
{
	assert_true(r->nheaders < 32);
	r->names[r->nheaders] = strndup(name, nlen);
	r->values[r->nheaders] = strndup(value, vlen);
	r->nheaders++;
}

static void append_continuation(raw_request *r, const char *line, size_t len)
{
	assert_true(r->nheaders > 0);
	char *prev = r->values[r->nheaders - 1];
	size_t plen = strlen(prev);
	char *joined = malloc(plen + len + 2);
	assert_non_null(joined);
	memcpy(joined, prev, plen);
	joined[plen] = '\n';
	memcpy(joined + plen + 1, line, len);
	joined[plen + 1 + len] = '\0';
	free(prev);
	r->values[r->nheaders - 1] = joined;
}

static void parse_request_line(raw_request *r, const char *line, size_t len)
{
	const char *sp = memchr(line, ' ', len);
	assert_non_null(sp);
	const char *proto = NULL;
	for (const char *p = line; p + 9 <= line + len; p++)
		if (memcmp(p, " HTTP/1.1", 9) == 0)
			proto = p;
	assert_non_null(proto);
	r->method = strndup(line, (size_t)(sp - line));
	const char *target = sp + 1;
	size_t tlen = (size_t)(proto - target);
	const char *q = memchr(target, '?', tlen);
	r->path = strndup(target, q ? (size_t)(q - target) : tlen);
	r->query = q ? strndup(q + 1, tlen - (size_t)(q - target) - 1) : strdup("");
}

static void parse_raw(raw_request *r, const char *text)
{
	memset(r, 0, sizeof(*r));
	const char *p = text;
	bool first = true;
	r->body = "";
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (first) {
			parse_request_line(r, p, len);
			first = false;
		} else if (len == 0) {
			r->body = nl ? nl + 1 : "";
			break;
		} else if (*p == ' ' || *p == '\t') {
			append_continuation(r, p, len);
		} else {
			const char *colon = memchr(p, ':', len);
			assert_non_null(colon);
			add_header(r, p, (size_t)(colon - p), colon + 1, len - (size_t)(colon - p) - 1);
		}
		if (!nl)
			break;
		p = nl + 1;
	}
}

/* The token of a session-token case is only visible in its canonical request. */
static void add_token_from_creq(raw_request *r, const char *creq)
{
	const char *t = strstr(creq, "\nx-amz-security-token:");
	if (!t)
		return;
	for (size_t i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->names[i], "x-amz-security-token") == 0)
			return;
	t += strlen("\nx-amz-security-token:");
	const char *end = strchr(t, '\n');
	add_header(r, "X-Amz-Security-Token", 20, t, end ? (size_t)(end - t) : strlen(t));
}

static const char *header_value(const raw_request *r, const char *name)
{
	for (size_t i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->names[i], name) == 0)
			return r->values[i];
	return NULL;
}

/* ---- running one case ---- */

static char *case_file(const char *dir, const char *name, const char *ext)
{
	size_t n = strlen(dir) + 2 * strlen(name) + strlen(ext) + 4;
	char *p = malloc(n);
	snprintf(p, n, "%s/%s%s", dir, name, ext);
	return p;
}

static int run_case(const char *dir, const char *name)
{
	char *req_path = case_file(dir, name, ".req"), *creq_path = case_file(dir, name, ".creq");
	char *sts_path = case_file(dir, name, ".sts"), *authz_path = case_file(dir, name, ".authz");
	char *req_text = slurp(req_path), *creq = slurp(creq_path), *sts = slurp(sts_path);
	char *authz = slurp(authz_path);
	assert_non_null(req_text);
	assert_non_null(creq);
	assert_non_null(sts);
	assert_non_null(authz);
	raw_request r;
	parse_raw(&r, req_text);
	add_token_from_creq(&r, creq);
	for (size_t i = 0; i < r.nheaders; i++)
		r.headers[i] = (samc_http_header){r.names[i], r.values[i]};
	const char *date = header_value(&r, "x-amz-date");
	assert_non_null(date);
	samc_sigv4_request sreq = {.method = r.method, .path = r.path, .query = r.query,
				   .headers = r.headers, .nheaders = r.nheaders,
				   .body = r.body, .body_len = strlen(r.body),
				   .region = "us-east-1", .service = "service", .amz_date = date};
	samc_sigv4_result res;
	samc_error *err = NULL;
	assert_int_equal(samc_sigv4_sign(&sreq, SUITE_AKID, SUITE_SECRET, &res, &err), 0);
	int ok = strcmp(res.canonical_request, creq) == 0 && strcmp(res.string_to_sign, sts) == 0 &&
		 strcmp(res.authorization, authz) == 0;
	if (!ok)
		print_message("case %s:\n--- got creq\n%s\n--- want\n%s\n--- got authz %s\n", name,
			      res.canonical_request, creq, res.authorization);
	samc_sigv4_result_free(&res);
	raw_free(&r);
	free(req_text), free(creq), free(sts), free(authz);
	free(req_path), free(creq_path), free(sts_path), free(authz_path);
	return ok;
}

static void walk(const char *dir, int *cases, int *passed)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	const char *base = strrchr(dir, '/');
	base = base ? base + 1 : dir;
	char *req = case_file(dir, base, ".req");
	struct stat st;
	if (stat(req, &st) == 0) {
		(*cases)++;
		*passed += run_case(dir, base);
	}
	free(req);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		size_t n = strlen(dir) + strlen(e->d_name) + 2;
		char *sub = malloc(n);
		snprintf(sub, n, "%s/%s", dir, e->d_name);
		if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			walk(sub, cases, passed);
		free(sub);
	}
	closedir(d);
}

static char *suite_dir(void)
{
	const char *env = getenv("SAMC_SIGV4_SUITE");
	if (env && *env)
		return strdup(env);
	const char *data = getenv("SAMC_TEST_DATA");
	if (!data)
		return NULL;
	size_t n = strlen(data) + 64;
	char *p = malloc(n);
	snprintf(p, n, "%s/../../../shared/sigv4-test-suite", data);
	return p;
}

static void aws_test_suite_vectors(void **state)
{
	(void)state;
	char *dir = suite_dir();
	struct stat st;
	if (!dir || stat(dir, &st) != 0) {
		free(dir);
		skip();
	}
	int cases = 0, passed = 0;
	walk(dir, &cases, &passed);
	free(dir);
	print_message("sigv4 test suite: %d of %d cases match\n", passed, cases);
	assert_true(cases >= 30);
	assert_int_equal(passed, cases);
}

/* ---- known answers from the documentation ---- */

static char *sign(const samc_sigv4_request *req, const char *akid, const char *secret,
		  char **creq)
{
	samc_sigv4_result res;
	samc_error *err = NULL;
	assert_int_equal(samc_sigv4_sign(req, akid, secret, &res, &err), 0);
	char *sig = strdup(res.signature);
	if (creq)
		*creq = strdup(res.canonical_request);
	samc_sigv4_result_free(&res);
	return sig;
}

/* The IAM ListUsers example of the SigV4 documentation. */
static void iam_list_users_example(void **state)
{
	(void)state;
	samc_http_header h[] = {
		{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
		{"Host", "iam.amazonaws.com"},
		{"X-Amz-Date", "20150830T123600Z"}};
	samc_sigv4_request req = {.method = "GET", .path = "/",
				  .query = "Action=ListUsers&Version=2010-05-08", .headers = h,
				  .nheaders = 3, .region = "us-east-1", .service = "iam",
				  .amz_date = "20150830T123600Z"};
	char *sig = sign(&req, SUITE_AKID, SUITE_SECRET, NULL);
	assert_string_equal(sig, "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
	free(sig);
}

#define S3_AKID "AKIAIOSFODNN7EXAMPLE"
#define S3_SECRET "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
#define EMPTY_SHA "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* The S3 documentation's GET Object with a Range header. */
static void s3_get_object_example(void **state)
{
	(void)state;
	samc_http_header h[] = {{"Host", "examplebucket.s3.amazonaws.com"},
				{"Range", "bytes=0-9"},
				{"x-amz-content-sha256", EMPTY_SHA},
				{"x-amz-date", "20130524T000000Z"}};
	samc_sigv4_request req = {.method = "GET", .path = "/test.txt", .headers = h,
				  .nheaders = 4, .payload_hash = EMPTY_SHA,
				  .region = "us-east-1", .service = "s3",
				  .amz_date = "20130524T000000Z", .s3 = true};
	char *sig = sign(&req, S3_AKID, S3_SECRET, NULL);
	assert_string_equal(sig, "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
	free(sig);
}

/* The S3 documentation's PUT Object: an encoded key is not encoded a second time. */
static void s3_put_object_example(void **state)
{
	(void)state;
	const char *body = "Welcome to Amazon S3.";
	char hash[65];
	samc_sha256_hex(body, strlen(body), hash);
	assert_string_equal(hash, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
	samc_http_header h[] = {{"Date", "Fri, 24 May 2013 00:00:00 GMT"},
				{"Host", "examplebucket.s3.amazonaws.com"},
				{"x-amz-date", "20130524T000000Z"},
				{"x-amz-storage-class", "REDUCED_REDUNDANCY"},
				{"x-amz-content-sha256", hash}};
	samc_sigv4_request req = {.method = "PUT", .path = "/test%24file.text", .headers = h,
				  .nheaders = 5, .body = body, .body_len = strlen(body),
				  .region = "us-east-1", .service = "s3",
				  .amz_date = "20130524T000000Z", .s3 = true};
	char *creq = NULL;
	char *sig = sign(&req, S3_AKID, S3_SECRET, &creq);
	assert_non_null(strstr(creq, "PUT\n/test%24file.text\n\n"));
	assert_string_equal(sig, "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
	free(sig);
	free(creq);
}

/* The S3 documentation's ListObjects: query parameters sorted and encoded. */
static void s3_list_objects_example(void **state)
{
	(void)state;
	samc_http_header h[] = {{"Host", "examplebucket.s3.amazonaws.com"},
				{"x-amz-content-sha256", EMPTY_SHA},
				{"x-amz-date", "20130524T000000Z"}};
	samc_sigv4_request req = {.method = "GET", .path = "/", .query = "max-keys=2&prefix=J",
				  .headers = h, .nheaders = 3, .payload_hash = EMPTY_SHA,
				  .region = "us-east-1", .service = "s3",
				  .amz_date = "20130524T000000Z", .s3 = true};
	char *sig = sign(&req, S3_AKID, S3_SECRET, NULL);
	assert_string_equal(sig, "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
	free(sig);
}

/* Outside S3 the path is normalised and encoded a second time; S3 keeps it as given. */
static void path_rules_differ_for_s3(void **state)
{
	(void)state;
	samc_http_header h[] = {{"Host", "h"}, {"X-Amz-Date", "20150830T123600Z"}};
	samc_sigv4_request req = {.method = "GET", .path = "/a/./b//c%20d/../e", .headers = h,
				  .nheaders = 2, .region = "us-east-1", .service = "x",
				  .amz_date = "20150830T123600Z"};
	char *creq = NULL;
	free(sign(&req, "AK", "SK", &creq));
	assert_non_null(strstr(creq, "GET\n/a/b/e\n"));
	free(creq);
	req.path = "/a%20b//c";
	free(sign(&req, "AK", "SK", &creq));
	assert_non_null(strstr(creq, "GET\n/a%2520b/c\n"));
	free(creq);
	req.s3 = true;
	req.payload_hash = "UNSIGNED-PAYLOAD";
	free(sign(&req, "AK", "SK", &creq));
	assert_non_null(strstr(creq, "GET\n/a%20b//c\n"));
	assert_non_null(strstr(creq, "\nUNSIGNED-PAYLOAD"));
	free(creq);
}

static void uri_encoding(void **state)
{
	(void)state;
	char *e = samc_aws_uri_encode("a b/c~d*e+f", 11, false);
	assert_string_equal(e, "a%20b%2Fc~d%2Ae%2Bf");
	free(e);
	e = samc_aws_uri_encode("dir/\xe1\x88\xb4", 7, true);
	assert_string_equal(e, "dir/%E1%88%B4");
	free(e);
	char date[17];
	samc_aws_amz_date(1440938160, date);
	assert_string_equal(date, "20150830T123600Z");
}

static void rejects_bad_requests(void **state)
{
	(void)state;
	samc_sigv4_request req = {.method = "GET", .path = "/", .region = "us-east-1",
				  .service = "s", .amz_date = "2015-08-30"};
	samc_sigv4_result res;
	samc_error *err = NULL;
	assert_int_equal(samc_sigv4_sign(&req, "AK", "SECRETVALUE", &res, &err), SAMC_EUSAGE);
	assert_non_null(strstr(samc_error_message(err), "20150830T123600Z"));
	assert_null(strstr(samc_error_message(err), "SECRETVALUE"));
	samc_error_free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(aws_test_suite_vectors),
		cmocka_unit_test(iam_list_users_example),
		cmocka_unit_test(s3_get_object_example),
		cmocka_unit_test(s3_put_object_example),
		cmocka_unit_test(s3_list_objects_example),
		cmocka_unit_test(path_rules_differ_for_s3),
		cmocka_unit_test(uri_encoding),
		cmocka_unit_test(rejects_bad_requests),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
