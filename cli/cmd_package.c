/* cmd_package.c — `samc package`: zips the local artifacts of a template under content-addressed
 * names into an output folder (or, with --s3-bucket alone, uploads them: samc_package_upload),
 * and writes the template that points at them. */
#define _GNU_SOURCE /* realpath */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "input.h"
#include "samc/deploy.h"
#include "samc/package.h"

static const char HELP[] =
	"usage: samc package --output-dir DIR [OPTIONS]\n"
	"       samc package --s3-bucket BUCKET [OPTIONS]\n"
	"\n"
	"Package the local artifacts of a template (function code, layers, API and state machine\n"
	"definitions, nested templates ...): folders become byte-reproducible zips, files are\n"
	"copied, each named by the MD5 of its content as SAM CLI names S3 keys. The template is\n"
	"rewritten to point at them: with --s3-bucket at s3://BUCKET/[PREFIX/]KEY, without it at\n"
	"the files in DIR (offline). With --output-dir the artifacts stay in DIR (samc deploy\n"
	"uploads them); with --s3-bucket and no --output-dir they are uploaded to the bucket, as\n"
	"sam package does (keys already there are skipped), and the template goes to standard\n"
	"output unless --output-template-file is given.\n"
	"\n"
	"options:\n"
	"  -t, --template-file FILE      the template (default: .aws-sam/build/template.yaml,\n"
	"                                then template.yaml, template.yml, template.json)\n"
	"  --output-dir DIR              where the artifacts are written\n"
	"  --s3-bucket BUCKET            the bucket the artifacts live in\n"
	"  --s3-prefix PREFIX            key prefix in the bucket\n"
	"  --region REGION               region of the bucket and of nested-template URLs\n"
	"                                (default: the AWS configuration's, else us-east-1)\n"
	"  --profile PROFILE             credentials and config profile (uploads)\n"
	"  --kms-key-id ID               encrypt uploads with this KMS key (SSE-KMS)\n"
	"  --force-upload                upload even when the bucket has an artifact's key\n"
	"  --output-template-file FILE   where the packaged template goes (default\n"
	"                                DIR/template.yaml, or standard output when uploading)\n"
	"  --use-json                    write the packaged template as JSON\n"
	"  --follow-external-symlinks    package symlinks that point outside an artifact's\n"
	"                                folder (refused by default)\n"
	"  -h, --help                    show this help\n"
	"\n"
	"exit status: 0 ok, 1 invalid template or artifact (missing path, symlink leaving its\n"
	"folder), 2 usage error, 3 internal, I/O or AWS error\n";

typedef struct package_args {
	samc_package_options opts;
	const char *template_path;
	const char *output_template;
	bool use_json;
	bool upload;               /* --s3-bucket without --output-dir: sam package's mode */
	samc_upload_options up;    /* bucket, region, profile, KMS key, force */
} package_args;

static const char *const DEFAULT_TEMPLATES[] = {".aws-sam/build/template.yaml", "template.yaml",
						 "template.yml", "template.json"};

static int parse_args(int argc, char **argv, package_args *a)
{
	for (int i = 1; i < argc; i++) {
		const char *v;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(HELP, stdout);
			return -1;
		} else if ((v = cli_option_value(argc, argv, &i, "--template-file")) ||
			   (v = cli_option_value(argc, argv, &i, "--template")) ||
			   (v = cli_option_value(argc, argv, &i, "-t")))
			a->template_path = v;
		else if ((v = cli_option_value(argc, argv, &i, "--output-dir")))
			a->opts.output_dir = v;
		else if ((v = cli_option_value(argc, argv, &i, "--s3-bucket")))
			a->opts.s3_bucket = v;
		else if ((v = cli_option_value(argc, argv, &i, "--s3-prefix")))
			a->opts.s3_prefix = v;
		else if ((v = cli_option_value(argc, argv, &i, "--region")))
			a->opts.region = v;
		else if ((v = cli_option_value(argc, argv, &i, "--output-template-file")))
			a->output_template = v;
		else if ((v = cli_option_value(argc, argv, &i, "--profile")))
			a->up.profile = v;
		else if ((v = cli_option_value(argc, argv, &i, "--kms-key-id")))
			a->up.kms_key_id = v;
		else if (strcmp(argv[i], "--force-upload") == 0)
			a->up.force_upload = 1;
		else if (strcmp(argv[i], "--use-json") == 0)
			a->use_json = true;
		else if (strcmp(argv[i], "--follow-external-symlinks") == 0)
			a->opts.follow_external_symlinks = 1;
		else
			return cli_usage_error("package", "unknown or incomplete argument '%s'", argv[i]);
	}
	a->upload = !a->opts.output_dir && a->opts.s3_bucket && *a->opts.s3_bucket;
	if (!a->upload && (!a->opts.output_dir || !*a->opts.output_dir))
		return cli_usage_error("package", "--output-dir or --s3-bucket is required");
	if (!a->upload && (a->up.profile || a->up.kms_key_id || a->up.force_upload))
		return cli_usage_error("package", "--profile, --kms-key-id and --force-upload apply "
						  "to uploads: give --s3-bucket without --output-dir");
	a->up.bucket = a->opts.s3_bucket;
	a->up.region = a->opts.region;
	for (size_t i = 0; !a->template_path && i < sizeof(DEFAULT_TEMPLATES) / sizeof(*DEFAULT_TEMPLATES); i++)
		if (access(DEFAULT_TEMPLATES[i], R_OK) == 0)
			a->template_path = DEFAULT_TEMPLATES[i];
	if (!a->template_path)
		return cli_usage_error("package", "no template: pass --template-file or run where "
						  "template.yaml is");
	return 0;
}

/* Offline, the template names the artifacts by path: relative when the template sits in the
 * output folder, absolute otherwise. */
static char *local_prefix(const package_args *a, const char *output_template)
{
	char *tdir = cli_dir_of(output_template);
	char *treal = tdir ? realpath(tdir, NULL) : NULL;
	char *oreal = realpath(a->opts.output_dir, NULL);
	char *prefix = NULL;
	if (treal && oreal && strcmp(treal, oreal) == 0)
		prefix = strdup("");
	else if (oreal && (prefix = malloc(strlen(oreal) + 2)))
		sprintf(prefix, "%s/", oreal);
	free(tdir);
	free(treal);
	free(oreal);
	return prefix;
}

static void print_artifacts(const samc_artifact_list *list)
{
	size_t n = samc_artifact_count(list);
	for (size_t i = 0; i < n; i++) {
		const samc_artifact *x = samc_artifact_get(list, i);
		fprintf(stderr, "%s %s: %s -> %s%s\n", x->resource, x->property, x->source, x->key,
			x->zipped ? " (zip)" : "");
	}
	fprintf(stderr, "%zu artifact(s) packaged\n", n);
}

static void print_progress(void *ctx, const char *message)
{
	(void)ctx;
	fprintf(stderr, "%s\n", message);
}

static int package(package_args *a, const samc_document *doc, const char *output_template)
{
	samc_document *out = NULL;
	samc_artifact_list *list = NULL;
	samc_error *err = NULL;
	char *text = NULL;
	size_t len = 0;
	char *tdir = cli_dir_of(a->template_path);
	char *prefix = a->opts.s3_bucket ? NULL : local_prefix(a, output_template);
	a->opts.base_dir = tdir;
	a->opts.local_prefix = prefix;
	samc_deploy_callbacks cb = {.progress = print_progress};
	int status = !tdir     ? SAMC_ENOMEM
		     : a->upload ? samc_package_upload(doc, &a->opts, &a->up, &cb, &out, &list, &err)
				 : samc_package(doc, &a->opts, &out, &list, &err);
	if (status == SAMC_OK)
		status = samc_document_render(out, a->use_json ? SAMC_FORMAT_JSON : SAMC_FORMAT_YAML,
					      &text, &len, &err);
	if (status == SAMC_OK)
		print_artifacts(list);
	int rc;
	if (status == SAMC_OK) {
		rc = cli_write_output("package", output_template, text, len);
	} else {
		cli_print_error(err, false);
		rc = cli_exit_code(status);
	}
	samc_free(text);
	samc_error_free(err);
	samc_artifact_list_free(list);
	samc_document_free(out);
	free(prefix);
	free(tdir);
	return rc;
}

/* Whether both paths name one existing file (the output would replace its own input). */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return a && b && stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int cmd_package(int argc, char **argv)
{
	package_args a = {0};
	int rc = parse_args(argc, argv, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	samc_document *doc = NULL;
	rc = cli_load(a.template_path, false, &doc);
	if (rc)
		return rc;
	char *default_output = NULL;
	const char *output_template = a.output_template;
	if (!output_template && !a.upload) {
		default_output = malloc(strlen(a.opts.output_dir) + sizeof("/template.yaml"));
		if (!default_output) {
			samc_document_free(doc);
			return EXIT_INTERNAL;
		}
		sprintf(default_output, "%s/%s", a.opts.output_dir,
			a.use_json ? "template.json" : "template.yaml");
		output_template = default_output;
	}
	if (output_template && same_file(a.template_path, output_template))
		rc = cli_usage_error("package", "the packaged template would overwrite '%s', the template being packaged; "
						"choose another --output-dir or --output-template-file",
				     a.template_path);
	else
		rc = package(&a, doc, output_template);
	free(default_output);
	samc_document_free(doc);
	return rc;
}
