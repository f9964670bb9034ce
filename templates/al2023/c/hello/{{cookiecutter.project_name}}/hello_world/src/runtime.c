/* runtime.c — the bootstrap's main loop: a minimal client of the Lambda runtime API that
 * waits for each invocation, calls the handler and posts its response or an error. */
#define _POSIX_C_SOURCE 200809L

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "handler.h"

#define API_VERSION "2018-06-01"
#define REQUEST_ID_HEADER "Lambda-Runtime-Aws-Request-Id:"
#define MAX_EVENT_BYTES (6u * 1024 * 1024)

typedef struct invocation {
	char request_id[256];
	char *event;
	size_t event_len;
	int too_large;
} invocation;

static size_t on_event_bytes(char *data, size_t size, size_t count, void *userdata)
{
	invocation *inv = userdata;
	size_t n = size * count;
	if (inv->event_len + n > MAX_EVENT_BYTES) {
		inv->too_large = 1;
		return 0;
	}
	char *grown = realloc(inv->event, inv->event_len + n + 1);
	if (!grown)
		return 0;
	memcpy(grown + inv->event_len, data, n);
	inv->event = grown;
	inv->event_len += n;
	inv->event[inv->event_len] = '\0';
	return n;
}

static size_t on_header(char *data, size_t size, size_t count, void *userdata)
{
	invocation *inv = userdata;
	size_t n = size * count, name_len = strlen(REQUEST_ID_HEADER);
	if (n <= name_len || strncasecmp(data, REQUEST_ID_HEADER, name_len) != 0)
		return n;
	const char *value = data + name_len;
	size_t value_len = n - name_len;
	while (value_len > 0 && (*value == ' ' || *value == '\t')) {
		value++;
		value_len--;
	}
	while (value_len > 0 && (value[value_len - 1] == '\r' || value[value_len - 1] == '\n' ||
				 value[value_len - 1] == ' '))
		value_len--;
	if (value_len >= sizeof inv->request_id)
		value_len = sizeof inv->request_id - 1;
	memcpy(inv->request_id, value, value_len);
	inv->request_id[value_len] = '\0';
	return n;
}

/* GET /runtime/invocation/next: blocks until Lambda has an event for this environment. */
static int next_invocation(CURL *curl, const char *api, invocation *inv)
{
	char url[512];
	snprintf(url, sizeof url, "http://%s/" API_VERSION "/runtime/invocation/next", api);
	curl_easy_reset(curl);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 0L);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_event_bytes);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, inv);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, inv);
	CURLcode rc = curl_easy_perform(curl);
	if (rc != CURLE_OK && !inv->too_large) {
		fprintf(stderr, "runtime API: next invocation: %s\n", curl_easy_strerror(rc));
		return -1;
	}
	if (inv->request_id[0] == '\0') {
		fprintf(stderr, "runtime API: next invocation without a request id\n");
		return -1;
	}
	return 0;
}

/* POSTs a JSON document to path (relative to the runtime API's versioned root). */
static int post_json(CURL *curl, const char *api, const char *path, const char *json,
		     const char *error_type)
{
	char url[768];
	struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
	char type_header[128];
	snprintf(url, sizeof url, "http://%s/" API_VERSION "/%s", api, path);
	if (error_type) {
		snprintf(type_header, sizeof type_header, "Lambda-Runtime-Function-Error-Type: %s",
			 error_type);
		headers = curl_slist_append(headers, type_header);
	}
	curl_easy_reset(curl);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, json);
	CURLcode rc = curl_easy_perform(curl);
	curl_slist_free_all(headers);
	if (rc != CURLE_OK) {
		fprintf(stderr, "runtime API: POST %s: %s\n", path, curl_easy_strerror(rc));
		return -1;
	}
	return 0;
}

static int post_error(CURL *curl, const char *api, const char *path, const char *type,
		      const char *message)
{
	char json[512];
	snprintf(json, sizeof json, "{\"errorType\":\"%s\",\"errorMessage\":\"%s\"}", type, message);
	return post_json(curl, api, path, json, type);
}

/* Handles one invocation: the handler's response, or an error Lambda reports to the caller. */
static int handle(CURL *curl, const char *api, const invocation *inv)
{
	char path[384], response[4096];
	if (inv->too_large) {
		snprintf(path, sizeof path, "runtime/invocation/%s/error", inv->request_id);
		return post_error(curl, api, path, "Runtime.EventTooLarge", "the event is too large");
	}
	if (hello_response(inv->request_id, response, sizeof response) < 0) {
		snprintf(path, sizeof path, "runtime/invocation/%s/error", inv->request_id);
		return post_error(curl, api, path, "Handler.ResponseTooLarge",
				  "the response does not fit in its buffer");
	}
	snprintf(path, sizeof path, "runtime/invocation/%s/response", inv->request_id);
	return post_json(curl, api, path, response, NULL);
}

int main(void)
{
	const char *api = getenv("AWS_LAMBDA_RUNTIME_API");
	if (!api || !*api) {
		fprintf(stderr, "AWS_LAMBDA_RUNTIME_API is not set: this bootstrap runs inside Lambda\n");
		return 1;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return 1;
	CURL *curl = curl_easy_init();
	if (!curl) {
		fprintf(stderr, "curl_easy_init failed\n");
		curl_global_cleanup();
		return 1;
	}
	int status = 0;
	for (;;) {
		invocation inv = {0};
		if (next_invocation(curl, api, &inv) != 0) {
			free(inv.event);
			status = 1;
			break;
		}
		handle(curl, api, &inv);
		free(inv.event);
	}
	curl_easy_cleanup(curl);
	curl_global_cleanup();
	return status;
}
