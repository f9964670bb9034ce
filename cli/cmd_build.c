/* cmd_build.c — `samc build`: builds the functions and layers of a template into .aws-sam/build
 * and writes the built template; shows progress on a terminal and a summary at the end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "input.h"
#include "samc/build.h"

static const char HELP[] =
	"usage: samc build [OPTIONS] [LOGICAL_ID]\n"
	"\n"
	"Build the functions and layers of a template that have local code: each one's code is\n"
	"staged into BUILD_DIR/<LogicalId> (SAM CLI's layout) with its dependencies installed\n"
	"(python: pip install -r requirements.txt; nodejs: npm pack, then npm install --omit=dev,\n"
	"or npm ci with Metadata.BuildProperties.UseNpmCi; java: gradlew or gradle build with a\n"
	"build.gradle(.kts), mvn clean install with a pom.xml; BuildMethod makefile and provided\n"
	"runtimes: make build-<LogicalId> with ARTIFACTS_DIR), and\n"
	"BUILD_DIR/template.yaml points at them.\n"
	"Unchanged resources are copied from the cache instead of being rebuilt. With LOGICAL_ID\n"
	"only that function or layer (and the layers it uses) is built.\n"
	"\n"
	"options:\n"
	"  -t, --template-file FILE     the template (default: template.yaml, template.yml or\n"
	"                               template.json in the current folder)\n"
	"  -b, --build-dir DIR          where artifacts go (default .aws-sam/build; deleted and\n"
	"                               recreated by every build)\n"
	"  --cache-dir DIR              the build cache (default: cache beside the build folder)\n"
	"  -s, --base-dir DIR           code paths resolve against DIR (default: the template's\n"
	"                               folder)\n"
	"  --parameter-overrides TEXT   \"K=V K2=V2\": values of parameters the code paths or\n"
	"                               runtimes refer to\n"
	"  --parallel                   build independent resources at once (the default)\n"
	"  --no-parallel                build one resource at a time\n"
	"  -j, --jobs N                 resources built at once (default: one per CPU)\n"
	"  --cached                     reuse unchanged builds from the cache (the default)\n"
	"  --no-cache                   rebuild everything\n"
	"  --follow-external-symlinks   copy symlinks that point outside a code folder (refused\n"
	"                               by default)\n"
	"  -q, --quiet                  no progress lines, even on a terminal\n"
	"  -h, --help                   show this help\n"
	"\n"
	"exit status: 0 ok, 1 invalid template or a failed build step, 2 usage error, 3 a tool\n"
	"the build needs is missing, internal or I/O error\n";

typedef struct build_args {
	samc_build_options opts;
	const char *template_path;
	bool quiet;
} build_args;

static const char *const DEFAULT_TEMPLATES[] = {"template.yaml", "template.yml", "template.json"};

static int parse_jobs(const char *text, unsigned *jobs)
{
	char *end = NULL;
	long n = strtol(text, &end, 10);
	if (!*text || *end || n < 1 || n > 64)
		return cli_usage_error("build", "--jobs takes a number from 1 to 64, not '%s'", text);
	*jobs = (unsigned)n;
	return 0;
}

static int parse_option(int argc, char **argv, int *i, build_args *a)
{
	const char *v;
	if ((v = cli_option_value(argc, argv, i, "--template-file")) ||
	    (v = cli_option_value(argc, argv, i, "--template")) ||
	    (v = cli_option_value(argc, argv, i, "-t")))
		a->template_path = v;
	else if ((v = cli_option_value(argc, argv, i, "--build-dir")) ||
		 (v = cli_option_value(argc, argv, i, "-b")))
		a->opts.build_dir = v;
	else if ((v = cli_option_value(argc, argv, i, "--cache-dir")))
		a->opts.cache_dir = v;
	else if ((v = cli_option_value(argc, argv, i, "--base-dir")) ||
		 (v = cli_option_value(argc, argv, i, "-s")))
		a->opts.base_dir = v;
	else if ((v = cli_option_value(argc, argv, i, "--parameter-overrides")))
		a->opts.parameter_overrides = v;
	else if ((v = cli_option_value(argc, argv, i, "--jobs")) ||
		 (v = cli_option_value(argc, argv, i, "-j")))
		return parse_jobs(v, &a->opts.jobs);
	else if (strcmp(argv[*i], "--parallel") == 0)
		a->opts.jobs = 0;
	else if (strcmp(argv[*i], "--no-parallel") == 0)
		a->opts.jobs = 1;
	else if (strcmp(argv[*i], "--cached") == 0)
		a->opts.no_cache = 0;
	else if (strcmp(argv[*i], "--no-cache") == 0)
		a->opts.no_cache = 1;
	else if (strcmp(argv[*i], "--follow-external-symlinks") == 0)
		a->opts.follow_external_symlinks = 1;
	else if (strcmp(argv[*i], "--quiet") == 0 || strcmp(argv[*i], "-q") == 0)
		a->quiet = true;
	else
		return cli_usage_error("build", "unknown or incomplete argument '%s'", argv[*i]);
	return 0;
}

static int parse_args(int argc, char **argv, build_args *a)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(HELP, stdout);
			return -1;
		}
		if (argv[i][0] != '-') {
			if (a->opts.resource)
				return cli_usage_error("build", "one LOGICAL_ID at most ('%s' and '%s')",
						       a->opts.resource, argv[i]);
			a->opts.resource = argv[i];
			continue;
		}
		int rc = parse_option(argc, argv, &i, a);
		if (rc)
			return rc;
	}
	size_t ndefaults = sizeof(DEFAULT_TEMPLATES) / sizeof(*DEFAULT_TEMPLATES);
	for (size_t i = 0; !a->template_path && i < ndefaults; i++)
		if (access(DEFAULT_TEMPLATES[i], R_OK) == 0)
			a->template_path = DEFAULT_TEMPLATES[i];
	if (!a->template_path)
		return cli_usage_error("build", "no template: pass --template-file or run where "
						"template.yaml is");
	return 0;
}

static const char *status_word(samc_build_status s)
{
	static const char *const words[] = {"built", "cached", "skipped", "failed", "building"};
	return (unsigned)s < sizeof(words) / sizeof(words[0]) ? words[s] : "?";
}

static void show_progress(const samc_build_item *item, void *ctx)
{
	(void)ctx;
	const char *what = item->kind == SAMC_BUILD_LAYER ? "layer" : "function";
	if (item->status == SAMC_BUILD_RUNNING)
		fprintf(stderr, "Building %s %s (%s%s%s)\n", what, item->resource,
			item->runtime ? item->runtime : "", item->runtime ? ", " : "",
			item->workflow ? item->workflow : "");
	else if (item->status == SAMC_BUILD_SKIPPED)
		fprintf(stderr, "Skipping %s %s: %s\n", what, item->resource, item->detail);
	else if (item->status == SAMC_BUILD_FAILED)
		fprintf(stderr, "Failed %s %s after %.2fs\n", what, item->resource, item->seconds);
	else if (item->status == SAMC_BUILD_CACHED)
		fprintf(stderr, "Unchanged %s %s: copied from the cache in %.2fs\n", what,
			item->resource, item->seconds);
	else
		fprintf(stderr, "Built %s %s in %.2fs\n", what, item->resource, item->seconds);
}

static void print_summary(const build_args *a, const samc_build_result *res)
{
	const char *dir = a->opts.build_dir ? a->opts.build_dir : ".aws-sam/build";
	printf("\nBuild Succeeded\n\n");
	printf("Built Artifacts  : %s\n", dir);
	printf("Built Template   : %s%stemplate.yaml\n\n", dir,
	       dir[strlen(dir) - 1] == '/' ? "" : "/");
	size_t n = samc_build_result_count(res);
	for (size_t i = 0; i < n; i++) {
		const samc_build_item *it = samc_build_result_get(res, i);
		printf("  %-32s %-8s", it->resource, status_word(it->status));
		if (it->status == SAMC_BUILD_SKIPPED)
			printf(" %s\n", it->detail ? it->detail : "");
		else
			printf(" %s %s\n", it->runtime ? it->runtime : "-", it->workflow ? it->workflow : "");
	}
	if (n == 0)
		printf("  (no function or layer to build)\n");
	printf("\nCommands you can use next\n=========================\n");
	printf("[*] Validate the built template: samc validate %s/template.yaml\n", dir);
	printf("[*] Package: samc package --output-dir out\n");
	printf("[*] Deploy: samc deploy --guided\n");
}

static int build(build_args *a, const samc_document *doc)
{
	if (!a->quiet && isatty(STDERR_FILENO))
		a->opts.progress = show_progress;
	samc_build_result *res = NULL;
	samc_error *err = NULL;
	int status = samc_build(doc, &a->opts, &res, &err);
	int rc = cli_exit_code(status);
	if (status == SAMC_OK) {
		print_summary(a, res);
	} else {
		fputs("\nBuild Failed\n", stderr);
		cli_print_error(err, false);
	}
	samc_error_free(err);
	samc_build_result_free(res);
	return rc;
}

int cmd_build(int argc, char **argv)
{
	build_args a;
	memset(&a, 0, sizeof(a));
	int rc = parse_args(argc, argv, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	samc_document *doc = NULL;
	rc = cli_load(a.template_path, false, &doc);
	if (rc)
		return rc;
	rc = build(&a, doc);
	samc_document_free(doc);
	return rc;
}
