/* cmd_graph.c — `samc graph`: the resource dependency graph of a template (expanded, or as
 * written with --sam): creation waves, critical path, deletion order, as text/JSON/DOT/Mermaid. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "input.h"

static const char HELP[] =
	"usage: samc graph [OPTIONS] TEMPLATE\n"
	"\n"
	"Print the dependency graph of a template's resources: the creation waves (wave k holds\n"
	"the resources whose dependencies all sit in earlier waves), the critical path (longest\n"
	"chain) and the deletion order. Edges come from Ref, Fn::GetAtt, Fn::Sub, DependsOn and\n"
	"the Conditions resources use. By default the graph is the one of the expanded\n"
	"CloudFormation template; TEMPLATE is a YAML or JSON file, or - for stdin.\n"
	"\n"
	"options:\n"
	"  --format text|json|dot|mermaid  output format (default text)\n"
	"  --sam                           graph of the template as written, before expansion\n"
	"  --region REGION                 region used by the expansion (default us-east-1)\n"
	"  --parameter-overrides \"K=V ...\" parameter values used by the expansion\n"
	"  --output FILE                   write the graph to FILE (atomically)\n"
	"  -h, --help                      show this help\n"
	"\n"
	"exit status: 0 ok, 1 invalid template or dependency cycle, 2 usage error,\n"
	"3 internal or I/O error\n";

static const char *const FORMATS[] = {"text", "json", "dot", "mermaid"};

typedef struct graph_args {
	samc_transform_options opts;
	const char *format;
	const char *output;
	const char *template_path;
	bool sam;
} graph_args;

static int format_of(const char *name)
{
	for (size_t i = 0; i < sizeof(FORMATS) / sizeof(FORMATS[0]); i++)
		if (strcmp(name, FORMATS[i]) == 0)
			return (int)i;
	return -1;
}

static int parse_args(int argc, char **argv, graph_args *a)
{
	for (int i = 1; i < argc; i++) {
		const char *v;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(HELP, stdout);
			return -1;
		} else if ((v = cli_option_value(argc, argv, &i, "--format")))
			a->format = v;
		else if ((v = cli_option_value(argc, argv, &i, "--region")))
			a->opts.region = v;
		else if ((v = cli_option_value(argc, argv, &i, "--parameter-overrides")))
			a->opts.parameter_overrides = v;
		else if ((v = cli_option_value(argc, argv, &i, "--output")))
			a->output = v;
		else if (strcmp(argv[i], "--sam") == 0)
			a->sam = true;
		else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return cli_usage_error("graph", "unknown or incomplete option '%s'", argv[i]);
		else if (a->template_path)
			return cli_usage_error("graph", "only one TEMPLATE may be given");
		else
			a->template_path = argv[i];
	}
	if (!a->template_path)
		return cli_usage_error("graph", "missing TEMPLATE");
	if (format_of(a->format) < 0)
		return cli_usage_error("graph", "--format must be text, json, dot or mermaid, not '%s'", a->format);
	return 0;
}

/* A cycle: the headline, then each edge of the cycle at its file:line:col. */
static void print_graph_error(const samc_error *err)
{
	size_t n = samc_error_count(err);
	if (!err || n == 0) {
		cli_print_error(err, false);
		return;
	}
	const char *file = samc_error_file(err) ? samc_error_file(err) : "<input>";
	fprintf(stderr, "%s: %s\n", file, samc_error_message(err));
	for (size_t i = 0; i < n; i++) {
		const char *msg;
		unsigned line, col;
		samc_error_cause(err, i, &msg, &line, &col);
		if (line)
			fprintf(stderr, "%s:%u:%u: %s\n", file, line, col, msg);
		else
			fprintf(stderr, "%s: %s\n", file, msg);
	}
}

/* Builds the graph of doc, frees doc (the graph keeps what it needs), then renders: the
 * tree and the output are never in memory together. */
static int graph_document(const graph_args *a, samc_document *doc)
{
	samc_graph *g = NULL;
	samc_error *err = NULL;
	char *out = NULL;
	int status = samc_graph_build(doc, NULL, &g, &err);
	samc_document_free(doc);
	if (status == SAMC_OK)
		status = samc_graph_render(g, (samc_graph_format)format_of(a->format), &out);
	samc_graph_free(g);
	int rc;
	if (status == SAMC_OK)
		rc = cli_write_output("graph", a->output, out, strlen(out));
	else {
		print_graph_error(err);
		rc = cli_exit_code(status);
	}
	samc_free(out);
	samc_error_free(err);
	return rc;
}

int cmd_graph(int argc, char **argv)
{
	graph_args a = {.format = "text", .opts = {.allow_local_code = 1}};
	int rc = parse_args(argc, argv, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	samc_document *doc = NULL;
	rc = cli_load(a.template_path, false, &doc);
	if (rc)
		return rc;
	samc_error *err = NULL;
	int needed = 0; /* a plain CloudFormation template is its own expansion */
	int status = a.sam ? SAMC_OK : samc_transform_needed(doc, &a.opts, &needed);
	if (status == SAMC_OK && needed) {
		samc_document *expanded = NULL; /* its nodes carry their source positions */
		status = samc_transform_document_take(&doc, &a.opts, &expanded, &err);
		doc = expanded;
	}
	if (status == SAMC_OK)
		return graph_document(&a, doc);
	cli_print_error(err, false);
	samc_error_free(err);
	samc_document_free(doc);
	return cli_exit_code(status);
}
