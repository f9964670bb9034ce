/* common.c — helpers every samc command uses: option values, usage errors, atomic output
 * files, exit codes, and printing errors as text or JSON. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char *cli_option_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] != '\0')
		return NULL;
	if (*i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "samc %s: ", cmd);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\nRun 'samc %s --help' for usage.\n", cmd);
	va_end(ap);
	return EXIT_USAGE;
}

int cli_write_output(const char *cmd, const char *path, const char *data, size_t len)
{
	if (!path) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
			fprintf(stderr, "samc %s: cannot write output: %s\n", cmd, strerror(errno));
			return EXIT_INTERNAL;
		}
		return EXIT_OK;
	}
	samc_error *err = NULL;
	int rc = samc_write_file(path, data, len, &err);
	if (rc)
		fprintf(stderr, "samc %s: %s\n", cmd,
			*samc_error_message(err) ? samc_error_message(err) : "out of memory");
	samc_error_free(err);
	return rc ? EXIT_INTERNAL : EXIT_OK;
}

static int write_stdout(void *ctx, const char *data, size_t len)
{
	(void)ctx;
	return fwrite(data, 1, len, stdout) == len ? 0 : -1;
}

int cli_render_output(const char *cmd, const char *path, const samc_document *doc, samc_format format)
{
	if (path) {
		char *text = NULL;
		size_t len = 0;
		int status = samc_document_render(doc, format, &text, &len, NULL);
		int rc = status ? cli_exit_code(status) : cli_write_output(cmd, path, text, len);
		samc_free(text);
		return rc;
	}
	errno = 0;
	int status = samc_document_render_to(doc, format, write_stdout, NULL, NULL);
	if (status == SAMC_OK && fflush(stdout) != 0)
		status = SAMC_EIO;
	if (status == SAMC_EIO) {
		fprintf(stderr, "samc %s: cannot write output: %s\n", cmd,
			strerror(errno ? errno : EIO));
		return EXIT_INTERNAL;
	}
	return cli_exit_code(status);
}

char *cli_dir_of(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	if (!slash)
		return strdup(".");
	return strndup(path, slash == path ? 1 : (size_t)(slash - path));
}

int cli_exit_code(int status)
{
	switch (status) {
	case SAMC_OK:
		return EXIT_OK;
	case SAMC_EINVALID:
	case SAMC_ELIMIT:
		return EXIT_INVALID;
	case SAMC_EUSAGE:
		return EXIT_USAGE;
	default:
		return EXIT_INTERNAL;
	}
}

/* A JSON string literal (errors may hold any text). */
static void print_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", out);
		else if (*p == '\t')
			fputs("\\t", out);
		else if (*p == '\r')
			fputs("\\r", out);
		else if (*p < 0x20)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

void cli_print_error(const samc_error *err, bool json)
{
	if (!err) {
		fputs(json ? "{\"errorMessage\": \"internal error\"}\n" : "samc: internal error\n", stderr);
		return;
	}
	if (json) {
		fputs("{\"errorMessage\": ", stderr);
		print_json_string(stderr, samc_error_message(err));
		fputs("}\n", stderr);
		return;
	}
	size_t n = samc_error_count(err);
	if (n == 0) {
		fprintf(stderr, "%s\n", samc_error_message(err));
		return;
	}
	const char *file = samc_error_file(err) ? samc_error_file(err) : "<input>";
	for (size_t i = 0; i < n; i++) {
		const char *msg;
		unsigned line, col;
		samc_error_cause(err, i, &msg, &line, &col);
		if (line)
			fprintf(stderr, "%s:%u:%u: %s\n", file, line, col, msg);
		else
			fprintf(stderr, "%s: %s\n", file, msg);
	}
	fprintf(stderr, "%s: %zu error%s found\n", file, n, n == 1 ? "" : "s");
}
