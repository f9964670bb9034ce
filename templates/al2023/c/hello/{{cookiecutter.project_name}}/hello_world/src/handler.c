/* handler.c — the response to GET /hello: a JSON body wrapped in an API Gateway proxy
 * response, with every string escaped as JSON requires. */
#include "handler.h"

#include <stdio.h>
#include <string.h>

#define GREETING "hello world"

static int append(char *out, size_t size, size_t *len, const char *s, size_t n)
{
	if (*len + n >= size)
		return -1;
	memcpy(out + *len, s, n);
	*len += n;
	out[*len] = '\0';
	return 0;
}

static int append_text(char *out, size_t size, size_t *len, const char *s)
{
	return append(out, size, len, s, strlen(s));
}

static const char *short_escape(unsigned char c)
{
	switch (c) {
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '\b': return "\\b";
	case '\f': return "\\f";
	case '\n': return "\\n";
	case '\r': return "\\r";
	case '\t': return "\\t";
	default: return NULL;
	}
}

int json_escape(const char *s, char *out, size_t size, size_t *len)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		const char *esc = short_escape(*p);
		char hex[8];
		int rc;
		if (esc) {
			rc = append_text(out, size, len, esc);
		} else if (*p < 0x20) {
			snprintf(hex, sizeof hex, "\\u%04x", *p);
			rc = append_text(out, size, len, hex);
		} else {
			rc = append(out, size, len, (const char *)p, 1);
		}
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* The body, {"message":...,"requestId":...}, as JSON text. */
static int hello_body(const char *request_id, char *out, size_t size)
{
	size_t len = 0;
	if (size > 0)
		out[0] = '\0';
	if (append_text(out, size, &len, "{\"message\":\"" GREETING "\",\"requestId\":\"") != 0 ||
	    json_escape(request_id, out, size, &len) != 0 ||
	    append_text(out, size, &len, "\"}") != 0)
		return -1;
	return 0;
}

long hello_response(const char *request_id, char *out, size_t size)
{
	char body[1024];
	size_t len = 0;
	if (size > 0)
		out[0] = '\0';
	if (hello_body(request_id, body, sizeof body) != 0)
		return -1;
	if (append_text(out, size, &len,
			"{\"statusCode\":200,"
			"\"headers\":{\"Content-Type\":\"application/json\"},"
			"\"body\":\"") != 0 ||
	    json_escape(body, out, size, &len) != 0 ||
	    append_text(out, size, &len, "\"}") != 0)
		return -1;
	return (long)len;
}
