/* buf.c — growable byte buffer and small string helpers.
 * Owns every string-building allocation pattern in libsamc. */
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool buf_grow(samc_buf *b, size_t extra)
{
	if (b->oom)
		return false;
	if (b->len + extra + 1 <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1) {
		if (cap > ((size_t)-1) / 2) {
			b->oom = true;
			return false;
		}
		cap *= 2;
	}
	char *p = realloc(b->ptr, cap);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->ptr = p;
	b->cap = cap;
	return true;
}

char *samc_buf_extend(samc_buf *b, size_t n)
{
	if (!buf_grow(b, n))
		return NULL;
	char *at = b->ptr + b->len;
	b->len += n;
	b->ptr[b->len] = '\0';
	return at;
}

void samc_buf_put(samc_buf *b, const char *s, size_t n)
{
	char *at = samc_buf_extend(b, n);
	if (at && n)
		memcpy(at, s, n);
}

void samc_buf_puts(samc_buf *b, const char *s)
{
	samc_buf_put(b, s, strlen(s));
}

void samc_buf_putc(samc_buf *b, char c)
{
	if ((b->oom || b->len + 2 > b->cap) && !buf_grow(b, 1))
		return;
	b->ptr[b->len++] = c;
	b->ptr[b->len] = '\0';
}

/* Most formatted pieces are short: printed once into a stack buffer, and only a longer one is
 * measured and printed again in place. */
#define SHORT_FORMAT 256

void samc_buf_vprintf(samc_buf *b, const char *fmt, va_list ap)
{
	char small[SHORT_FORMAT];
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n >= 0 && (size_t)n < sizeof(small)) {
		samc_buf_put(b, small, (size_t)n);
		return;
	}
	if (n < 0 || !buf_grow(b, (size_t)n))
		return;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void samc_buf_printf(samc_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	samc_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *samc_buf_cstr(samc_buf *b)
{
	if (b->oom)
		return NULL;
	if (!b->ptr && !buf_grow(b, 0))
		return NULL;
	b->ptr[b->len] = '\0';
	return b->ptr;
}

char *samc_buf_detach(samc_buf *b)
{
	if (!samc_buf_cstr(b)) {
		samc_buf_free(b);
		return NULL;
	}
	char *p = b->ptr;
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

void samc_buf_reset(samc_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

void samc_buf_free(samc_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->oom = false;
}

char *samc_strfmt(const char *fmt, ...)
{
	char small[SHORT_FORMAT];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(small))
		return samc_strdup(small); /* exactly as long as it needs */
	samc_buf b = SAMC_BUF_INIT;
	va_start(ap, fmt);
	samc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return samc_buf_detach(&b);
}

char *samc_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

char *samc_path_dir(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	if (!slash)
		return samc_strdup(".");
	return slash == path ? samc_strdup("/") : samc_strfmt("%.*s", (int)(slash - path), path);
}
