/* input.c — loading the template a command names: a file path, or "-" for standard input.
 * cli_load prints load errors itself so every command reports them the same way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "input.h"

/* Standard input is read up to one byte past the library's default size limit (64 MiB), so an
 * endless or oversized stream is refused by the loader instead of filling memory. The buffer
 * is allocated once at that size: pages are only touched as bytes arrive, and growing it
 * (copying tens of megabytes) never happens. */
#define STDIN_MAX_BYTES ((64u << 20) + 1)

static char *read_stdin(size_t *len)
{
	char *buf = malloc(STDIN_MAX_BYTES);
	size_t n = 0, got = 1;
	while (buf && got && n < STDIN_MAX_BYTES) {
		got = fread(buf + n, 1, STDIN_MAX_BYTES - n, stdin);
		n += got;
	}
	*len = n;
	return buf;
}

int cli_load_document(const char *path, samc_document **doc, samc_error **err)
{
	if (strcmp(path, "-") != 0)
		return samc_document_load_file(doc, path, NULL, err);
	size_t len = 0;
	char *data = read_stdin(&len);
	if (!data) {
		*err = NULL;
		return SAMC_ENOMEM;
	}
	int rc = samc_document_load_buffer(doc, data, len, CLI_STDIN_NAME, NULL, err);
	free(data);
	return rc;
}

int cli_load(const char *path, bool json_errors, samc_document **doc)
{
	samc_error *err = NULL;
	int rc = cli_load_document(path, doc, &err);
	if (rc == SAMC_ENOMEM && !err && strcmp(path, "-") == 0) {
		fprintf(stderr, "samc: cannot read standard input\n");
		return EXIT_INTERNAL;
	}
	if (rc) {
		cli_print_error(err, json_errors);
		samc_error_free(err);
		return cli_exit_code(rc);
	}
	return EXIT_OK;
}
