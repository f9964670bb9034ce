/* error.c — the samc_error object: headline, file, positioned causes.
 * Implements the public accessors and the internal builders of util/error.h. */
#include "util/error.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

samc_error *samc_error_new(void)
{
	return calloc(1, sizeof(samc_error));
}

int samc_error_set(samc_error **err, int code, const char *file, unsigned line, unsigned column,
		   const char *fmt, ...)
{
	if (!err || *err)
		return code;
	samc_error *e = samc_error_new();
	if (!e)
		return code;
	samc_buf b = SAMC_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	samc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	e->message = samc_buf_detach(&b);
	e->file = file ? samc_strdup(file) : NULL;
	e->line = line;
	e->column = column;
	*err = e;
	return code;
}

int samc_error_add_cause(samc_error *err, const char *message, unsigned line, unsigned column)
{
	if (err->ncauses == err->cap) {
		size_t cap = err->cap ? err->cap * 2 : 8;
		struct samc_error_cause *c = realloc(err->causes, cap * sizeof(*c));
		if (!c)
			return SAMC_ENOMEM;
		err->causes = c;
		err->cap = cap;
	}
	char *m = samc_strdup(message);
	if (!m)
		return SAMC_ENOMEM;
	err->causes[err->ncauses++] = (struct samc_error_cause){m, line, column};
	return 0;
}

const char *samc_error_message(const samc_error *err)
{
	return err && err->message ? err->message : "";
}

const char *samc_error_file(const samc_error *err)
{
	return err ? err->file : NULL;
}

size_t samc_error_count(const samc_error *err)
{
	return err ? err->ncauses : 0;
}

int samc_error_cause(const samc_error *err, size_t i, const char **message, unsigned *line,
		     unsigned *column)
{
	if (!err || i >= err->ncauses)
		return SAMC_EUSAGE;
	if (message)
		*message = err->causes[i].message;
	if (line)
		*line = err->causes[i].line;
	if (column)
		*column = err->causes[i].column;
	return 0;
}

unsigned samc_error_line(const samc_error *err)
{
	return err ? err->line : 0;
}

unsigned samc_error_column(const samc_error *err)
{
	return err ? err->column : 0;
}

void samc_error_free(samc_error *err)
{
	if (!err)
		return;
	for (size_t i = 0; i < err->ncauses; i++)
		free(err->causes[i].message);
	free(err->causes);
	free(err->message);
	free(err->file);
	free(err);
}

void samc_free(void *p)
{
	free(p);
}
