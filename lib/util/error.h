/* error.h — building samc_error objects inside the library.
 * A samc_error has a headline message, an optional file, and a list of positioned causes. */
#ifndef SAMC_UTIL_ERROR_H
#define SAMC_UTIL_ERROR_H

#include "samc/samc.h"

struct samc_error_cause {
	char *message;
	unsigned line, column;
};

struct samc_error {
	char *message;
	char *file;
	unsigned line, column;
	struct samc_error_cause *causes;
	size_t ncauses, cap;
};

/* Creates *err (when err is non-NULL and *err is NULL) with a formatted headline.
 * Returns `code` so callers can write `return samc_error_set(err, SAMC_EINVALID, ...)`. */
int samc_error_set(samc_error **err, int code, const char *file, unsigned line, unsigned column,
		   const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Appends a cause to an existing error. Returns 0 or SAMC_ENOMEM. */
int samc_error_add_cause(samc_error *err, const char *message, unsigned line, unsigned column);
samc_error *samc_error_new(void);

#endif
