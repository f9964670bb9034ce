/* cli.h — what the samc commands share: exit codes, option parsing helpers, output.
 * The commands only parse arguments and print; libsamc does the work. */
#ifndef SAMC_CLI_H
#define SAMC_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "samc/samc.h"

enum {
	EXIT_OK = 0,
	EXIT_INVALID = 1,  /* invalid input or findings */
	EXIT_USAGE = 2,    /* bad command line */
	EXIT_INTERNAL = 3  /* internal error, I/O failure, out of memory */
};

typedef struct command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
} command;

int cmd_transform(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_graph(int argc, char **argv);
int cmd_package(int argc, char **argv);
int cmd_deploy(int argc, char **argv);
int cmd_delete_stack(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_init(int argc, char **argv);

/* "--name=value" or "--name value": returns the value and advances *i, or NULL. */
const char *cli_option_value(int argc, char **argv, int *i, const char *name);
/* Usage error: prints "samc CMD: message" and a hint, returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes data to path atomically (temp file + rename) or to stdout when path is NULL. */
int cli_write_output(const char *cmd, const char *path, const char *data, size_t len);
/* Renders doc to path as cli_write_output writes, or to standard output as it is produced. */
int cli_render_output(const char *cmd, const char *path, const samc_document *doc, samc_format format);
/* The folder part of a file path ("." when it has none), malloc'd; NULL when out of memory. */
char *cli_dir_of(const char *path);
/* Maps a library status to an exit code. */
int cli_exit_code(int status);
/* Prints a load/transform error: text (file:line:col: message per cause) or JSON. */
void cli_print_error(const samc_error *err, bool json);

#endif
