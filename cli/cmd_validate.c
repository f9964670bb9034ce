/* cmd_validate.c — `samc validate` (alias `samc lint`): lint templates and print the findings
 * as text, JSON, SARIF or JUnit; the exit status says whether any reached --fail-on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "input.h"

static const char HELP[] =
	"usage: samc validate [OPTIONS] TEMPLATE...\n"
	"       samc lint [OPTIONS] TEMPLATE...\n"
	"\n"
	"Check SAM and CloudFormation templates for mistakes: template structure, references,\n"
	"intrinsic function arguments, resource properties and what the SAM transform rejects.\n"
	"Each TEMPLATE is a YAML or JSON file, or - for stdin.\n"
	"\n"
	"options:\n"
	"  --format text|json|sarif|junit   output format (default text; SARIF 2.1.0)\n"
	"  --fail-on error|warning|info     lowest severity that makes the exit status 1\n"
	"                                   (default error)\n"
	"  --region REGION                  region used for the SAM transform (default us-east-1)\n"
	"  --parameter-overrides \"K=V ...\"  parameter values for the SAM transform\n"
	"  --output FILE                    write the report to FILE (atomically)\n"
	"  -h, --help                       show this help\n"
	"\n"
	"Text output is coloured when stdout is a terminal and NO_COLOR is unset.\n"
	"A template that cannot be read or parsed is reported as finding E0000.\n"
	"exit status: 0 no findings at or above --fail-on, 1 findings (a template that cannot be\n"
	"read or parsed is one), 2 usage error, 3 internal error or report not written\n";

typedef struct validate_args {
	const char *cmd;
	samc_lint_options opts;
	samc_lint_format format;
	samc_severity fail_on;
	const char *output;
	char **templates;
	int ntemplates;
} validate_args;

static int parse_format(const char *cmd, const char *v, samc_lint_format *f)
{
	static const char *const NAMES[] = {"text", "json", "sarif", "junit"};
	for (int i = 0; i < 4; i++)
		if (strcmp(v, NAMES[i]) == 0) {
			*f = (samc_lint_format)i;
			return 0;
		}
	return cli_usage_error(cmd, "--format must be text, json, sarif or junit, not '%s'", v);
}

static int parse_fail_on(const char *cmd, const char *v, samc_severity *s)
{
	static const char *const NAMES[] = {"error", "warning", "info"};
	for (int i = 0; i < 3; i++)
		if (strcmp(v, NAMES[i]) == 0) {
			*s = (samc_severity)i;
			return 0;
		}
	return cli_usage_error(cmd, "--fail-on must be error, warning or info, not '%s'", v);
}

static int parse_option(int argc, char **argv, int *i, validate_args *a)
{
	const char *v;
	if ((v = cli_option_value(argc, argv, i, "--format")))
		return parse_format(a->cmd, v, &a->format);
	if ((v = cli_option_value(argc, argv, i, "--fail-on")))
		return parse_fail_on(a->cmd, v, &a->fail_on);
	if ((v = cli_option_value(argc, argv, i, "--region")))
		a->opts.region = v;
	else if ((v = cli_option_value(argc, argv, i, "--parameter-overrides")))
		a->opts.parameter_overrides = v;
	else if ((v = cli_option_value(argc, argv, i, "--output")))
		a->output = v;
	else
		return cli_usage_error(a->cmd, "unknown or incomplete option '%s'", argv[*i]);
	return 0;
}

static int parse_args(int argc, char **argv, validate_args *a)
{
	a->templates = calloc((size_t)argc, sizeof(char *));
	if (!a->templates)
		return EXIT_INTERNAL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(HELP, stdout);
			return -1;
		}
		if (argv[i][0] == '-' && argv[i][1] != '\0') {
			int rc = parse_option(argc, argv, &i, a);
			if (rc)
				return rc;
		} else
			a->templates[a->ntemplates++] = argv[i];
	}
	if (a->ntemplates == 0)
		return cli_usage_error(a->cmd, "missing TEMPLATE");
	return 0;
}

static int worst(int a, int b)
{
	return a > b ? a : b;
}

/* The name a template's findings are shown under. */
static const char *template_name(const char *path)
{
	return strcmp(path, "-") == 0 ? CLI_STDIN_NAME : path;
}

/* Lints one template into *out; a template that does not load becomes an E0000 finding.
 * Returns an exit code for failures that are not findings (out of memory). */
static int lint_one(const validate_args *a, const char *path, samc_lint_result **out)
{
	samc_document *doc = NULL;
	samc_error *load_err = NULL, *err = NULL;
	int status = cli_load_document(path, &doc, &load_err);
	if (status == SAMC_OK)
		status = samc_lint(doc, &a->opts, out, &err);
	else if (status != SAMC_ENOMEM)
		status = samc_lint_load_failure(template_name(path), status, load_err, out, &err);
	int rc = EXIT_OK;
	if (status != SAMC_OK) {
		fprintf(stderr, "samc %s: %s: %s\n", a->cmd, template_name(path),
			err ? samc_error_message(err) : "out of memory");
		rc = EXIT_INTERNAL;
	}
	samc_error_free(load_err);
	samc_error_free(err);
	samc_document_free(doc);
	return rc;
}

static bool reaches_fail_on(const validate_args *a, samc_lint_result *const *rs, int n)
{
	for (int i = 0; i < n; i++)
		for (size_t k = 0; k < samc_lint_count(rs[i]); k++)
			if (samc_lint_finding(rs[i], k)->severity <= a->fail_on)
				return true;
	return false;
}

static bool use_color(const validate_args *a)
{
	const char *no = getenv("NO_COLOR");
	return a->format == SAMC_LINT_TEXT && !a->output && isatty(STDOUT_FILENO) && !(no && *no);
}

static int report(const validate_args *a, samc_lint_result **rs, int n)
{
	char *text = NULL;
	if (samc_lint_render((const samc_lint_result *const *)rs, (size_t)n, a->format, use_color(a),
			     &text) != SAMC_OK) {
		fprintf(stderr, "samc %s: out of memory\n", a->cmd);
		return EXIT_INTERNAL;
	}
	int rc = cli_write_output(a->cmd, a->output, text, strlen(text));
	samc_free(text);
	if (rc == EXIT_OK && reaches_fail_on(a, rs, n))
		rc = EXIT_INVALID;
	return rc;
}

static int run_validate(const char *cmd, int argc, char **argv)
{
	validate_args a = {.cmd = cmd, .format = SAMC_LINT_TEXT, .fail_on = SAMC_SEVERITY_ERROR};
	int rc = parse_args(argc, argv, &a);
	samc_lint_result **rs = rc ? NULL : calloc((size_t)a.ntemplates, sizeof(*rs));
	if (!rc && !rs)
		rc = EXIT_INTERNAL;
	int n = 0, load_rc = 0;
	for (int i = 0; !rc && i < a.ntemplates; i++) {
		samc_lint_result *r = NULL;
		load_rc = worst(load_rc, lint_one(&a, a.templates[i], &r));
		if (r)
			rs[n++] = r;
	}
	if (!rc)
		rc = worst(load_rc, report(&a, rs, n));
	for (int i = 0; i < n; i++)
		samc_lint_result_free(rs[i]);
	free(rs);
	free(a.templates);
	return rc < 0 ? EXIT_OK : rc;
}

int cmd_validate(int argc, char **argv)
{
	return run_validate("validate", argc, argv);
}

int cmd_lint(int argc, char **argv)
{
	return run_validate("lint", argc, argv);
}
