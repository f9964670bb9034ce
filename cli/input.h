/* input.h — loading a command's template argument (path or "-"). */
#ifndef SAMC_CLI_INPUT_H
#define SAMC_CLI_INPUT_H

#include <stdbool.h>

#include "samc/samc.h"

/* Loads the template; on failure prints the error and returns the exit code (else 0). */
int cli_load(const char *path, bool json_errors, samc_document **doc);

#endif
