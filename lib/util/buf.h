/* buf.h — a growable byte buffer: the one way libsamc builds strings.
 * Allocation failure is sticky (b->oom) so callers check once at the end. */
#ifndef SAMC_UTIL_BUF_H
#define SAMC_UTIL_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct samc_buf {
	char *ptr;  /* always NUL-terminated when len > 0 or after samc_buf_cstr */
	size_t len;
	size_t cap;
	bool oom;
} samc_buf;

#define SAMC_BUF_INIT {NULL, 0, 0, false}

void samc_buf_put(samc_buf *b, const char *s, size_t n);
void samc_buf_puts(samc_buf *b, const char *s);
void samc_buf_putc(samc_buf *b, char c);
/* Makes b n bytes longer and returns where they go (the caller writes all n; b stays
 * NUL-terminated past them), or NULL after an allocation failure. */
char *samc_buf_extend(samc_buf *b, size_t n);
void samc_buf_printf(samc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void samc_buf_vprintf(samc_buf *b, const char *fmt, va_list ap);
/* Returns the NUL-terminated contents ("" for an empty buffer); NULL after an allocation failure. */
const char *samc_buf_cstr(samc_buf *b);
/* Hands the contents to the caller (malloc'd, NUL-terminated) and resets b; NULL on oom. */
char *samc_buf_detach(samc_buf *b);
void samc_buf_reset(samc_buf *b);
void samc_buf_free(samc_buf *b);

/* printf into a new malloc'd string; NULL on allocation failure. */
char *samc_strfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *samc_strdup(const char *s);
/* The folder part of path (malloc'd): "." when it has no slash (or is NULL), "/" for an entry
 * of the root. */
char *samc_path_dir(const char *path);

#endif
