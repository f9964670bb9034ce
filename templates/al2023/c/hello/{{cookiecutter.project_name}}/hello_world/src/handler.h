/* handler.h — what the function does with one invocation, apart from how the invocation
 * reaches it (runtime.c): build the API Gateway response to GET /hello. */
#ifndef HELLO_HANDLER_H
#define HELLO_HANDLER_H

#include <stddef.h>

/* Writes the API Gateway proxy response for the invocation request_id into out (size bytes,
 * NUL-terminated): status 200 and the JSON body {"message":"hello world","requestId":...}.
 * Returns the response's length, or -1 when it does not fit in size bytes. */
long hello_response(const char *request_id, char *out, size_t size);

/* Appends s to out (size bytes, *len used) as the contents of a JSON string: quotes,
 * backslashes and control characters escaped. Returns 0, or -1 when it does not fit. */
int json_escape(const char *s, char *out, size_t size, size_t *len);

#endif
