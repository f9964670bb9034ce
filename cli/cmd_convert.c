/* cmd_convert.c — `samc convert`: print a template as JSON (long-form intrinsics) or YAML
 * (short tags), the job of cfn-flip. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "input.h"

static const char HELP[] =
	"usage: samc convert --to json|yaml [--output FILE] TEMPLATE\n"
	"\n"
	"Print a CloudFormation/SAM template in the other notation. JSON output uses\n"
	"long-form intrinsics ({\"Ref\": ...}, {\"Fn::GetAtt\": [...]}); YAML output uses the\n"
	"short tags (!Ref, !GetAtt A.b, !Sub ...). Output is deterministic.\n"
	"TEMPLATE is a YAML or JSON file, or - for stdin.\n"
	"\n"
	"options:\n"
	"  --to json|yaml   the output notation (required)\n"
	"  --output FILE    write to FILE (atomically) instead of stdout\n"
	"  -h, --help       show this help\n"
	"\n"
	"exit status: 0 ok, 1 invalid template, 2 usage error, 3 internal or I/O error\n";

int cmd_convert(int argc, char **argv)
{
	const char *to = NULL, *output = NULL, *path = NULL;
	for (int i = 1; i < argc; i++) {
		const char *v;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(HELP, stdout);
			return EXIT_OK;
		} else if ((v = cli_option_value(argc, argv, &i, "--to")))
			to = v;
		else if ((v = cli_option_value(argc, argv, &i, "--output")))
			output = v;
		else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return cli_usage_error("convert", "unknown or incomplete option '%s'", argv[i]);
		else if (path)
			return cli_usage_error("convert", "only one TEMPLATE may be given");
		else
			path = argv[i];
	}
	if (!to)
		return cli_usage_error("convert", "missing --to json|yaml");
	if (strcmp(to, "json") != 0 && strcmp(to, "yaml") != 0)
		return cli_usage_error("convert", "--to must be json or yaml, not '%s'", to);
	if (!path)
		return cli_usage_error("convert", "missing TEMPLATE");
	samc_document *doc = NULL;
	int rc = cli_load(path, false, &doc);
	if (rc)
		return rc;
	rc = cli_render_output("convert", output, doc,
			       strcmp(to, "yaml") == 0 ? SAMC_FORMAT_YAML : SAMC_FORMAT_JSON);
	samc_document_free(doc);
	return rc;
}
