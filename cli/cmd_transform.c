/* cmd_transform.c — `samc transform`: expand a SAM template into CloudFormation JSON.
 * Options mirror the conformance contract: --region, --parameter-overrides, --error-format. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "input.h"

static const char HELP[] =
	"usage: samc transform [OPTIONS] TEMPLATE\n"
	"\n"
	"Expand an AWS SAM template (Transform: AWS::Serverless-2016-10-31) into plain\n"
	"CloudFormation and print it as JSON. TEMPLATE is a YAML or JSON file, or - for stdin.\n"
	"\n"
	"options:\n"
	"  --region REGION                 region of the stack (default us-east-1); sets the\n"
	"                                  partition (aws, aws-cn, aws-us-gov, ...)\n"
	"  --parameter-overrides \"K=V ...\" parameter values, space separated; also\n"
	"                                  ParameterKey=K,ParameterValue=V\n"
	"  --error-format text|json        text (default): one error per line with\n"
	"                                  file:line:col; json: {\"errorMessage\": \"...\"}\n"
	"  --output FILE                   write the template to FILE (atomically)\n"
	"  --allow-local-code              accept local CodeUri/ContentUri paths\n"
	"  -h, --help                      show this help\n"
	"\n"
	"exit status: 0 ok, 1 invalid template, 2 usage error, 3 internal or I/O error\n";

typedef struct transform_args {
	samc_transform_options opts;
	const char *error_format;
	const char *output;
	const char *template_path;
} transform_args;

static int parse_args(int argc, char **argv, transform_args *a)
{
	for (int i = 1; i < argc; i++) {
		const char *v;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(HELP, stdout);
			return -1;
		} else if ((v = cli_option_value(argc, argv, &i, "--region")))
			a->opts.region = v;
		else if ((v = cli_option_value(argc, argv, &i, "--parameter-overrides")))
			a->opts.parameter_overrides = v;
		else if ((v = cli_option_value(argc, argv, &i, "--error-format")))
			a->error_format = v;
		else if ((v = cli_option_value(argc, argv, &i, "--output")))
			a->output = v;
		else if (strcmp(argv[i], "--allow-local-code") == 0)
			a->opts.allow_local_code = 1;
		else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return cli_usage_error("transform", "unknown or incomplete option '%s'", argv[i]);
		else if (a->template_path)
			return cli_usage_error("transform", "only one TEMPLATE may be given");
		else
			a->template_path = argv[i];
	}
	if (!a->template_path)
		return cli_usage_error("transform", "missing TEMPLATE");
	if (strcmp(a->error_format, "text") != 0 && strcmp(a->error_format, "json") != 0)
		return cli_usage_error("transform", "--error-format must be text or json, not '%s'", a->error_format);
	return 0;
}

int cmd_transform(int argc, char **argv)
{
	transform_args a = {.error_format = "text", .opts.skip_positions = 1}; /* only printed */
	int rc = parse_args(argc, argv, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	bool json = strcmp(a.error_format, "json") == 0;
	samc_document *doc = NULL;
	rc = cli_load(a.template_path, json, &doc);
	if (rc)
		return rc;
	samc_error *err = NULL;
	samc_document *expanded = NULL;
	int status = samc_transform_document_take(&doc, &a.opts, &expanded, &err);
	if (status == SAMC_OK)
		rc = cli_render_output("transform", a.output, expanded, SAMC_FORMAT_JSON);
	else {
		cli_print_error(err, json);
		rc = cli_exit_code(status);
	}
	samc_document_free(expanded);
	samc_error_free(err);
	samc_document_free(doc);
	return rc;
}
