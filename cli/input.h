/* input.h — loading a command's template argument (path or "-"). */
#ifndef SAMC_CLI_INPUT_H
#define SAMC_CLI_INPUT_H

#include <stdbool.h>

#include "samc/samc.h"

/* The name a template read from standard input goes by. */
#define CLI_STDIN_NAME "<stdin>"

/* Loads the template (path, or "-" for stdin) without printing: the samc status, with *err
 * filled on failure (NULL when stdin could not be read for lack of memory). */
int cli_load_document(const char *path, samc_document **doc, samc_error **err);
/* Loads the template; on failure prints the error and returns the exit code (else 0). */
int cli_load(const char *path, bool json_errors, samc_document **doc);

#endif
