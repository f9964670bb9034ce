/* cmd_init.c — `samc init`: creates a project from the SAM app templates, a git repository,
 * a folder or a zip (cookiecutter layout); prompts on a terminal unless --no-input. */
#define _GNU_SOURCE /* readlink, getline */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "samc/init.h"

static const char HELP[] =
	"usage: samc init [OPTIONS]\n"
	"\n"
	"Create a project from a template. Without --location the template comes from the SAM\n"
	"app templates repository (cloned into a per-user cache, chosen through its\n"
	"manifest-v2.json by runtime, dependency manager and app template); when it cannot be\n"
	"cloned, the built-in templates are used and samc says so. Templates use the cookiecutter\n"
	"layout: cookiecutter.json and a {{cookiecutter.project_name}} folder.\n"
	"\n"
	"options:\n"
	"  -n, --name NAME                project name (cookiecutter's project_name)\n"
	"  -r, --runtime RUNTIME          e.g. python3.13, nodejs22.x, java21\n"
	"  -d, --dependency-manager DM    e.g. pip, npm, maven, gradle\n"
	"  --app-template ID              e.g. hello-world\n"
	"  -p, --package-type TYPE        Zip (default) or Image\n"
	"  -i, --base-image IMAGE         e.g. amazon/python3.13-base (an Image template)\n"
	"  -a, --architecture ARCH        x86_64 (default) or arm64\n"
	"  -l, --location LOCATION        a git URL (https://, ssh://, git@, file://, gh:owner/repo),\n"
	"                                 a local folder, a .zip or an http(s) URL of a .zip\n"
	"  --branch BRANCH                git branch or tag of --location\n"
	"  --subdirectory DIR             the template's folder inside --location\n"
	"  -o, --output-dir DIR           where the project folder is created (default .; made\n"
	"                                 when missing)\n"
	"  --extra-context JSON           values overriding cookiecutter.json defaults\n"
	"  --no-input                     take every default, ask nothing\n"
	"  --force                        replace an existing project folder\n"
	"  --templates-repo URL           another templates repository in the same layout\n"
	"  --refresh-templates            fetch the templates repository again\n"
	"  --offline                      do not clone: use the cached copy or the built-in templates\n"
	"  --cache-dir DIR                cache folder (default $XDG_CACHE_HOME/samc or\n"
	"                                 ~/.cache/samc)\n"
	"  -h, --help                     show this help\n"
	"\n"
	"environment: SAMC_TEMPLATES_DIR names the built-in templates folder.\n"
	"\n"
	"exit status: 0 ok, 1 invalid template or refused path, 2 usage error, 3 clone, I/O or\n"
	"internal error\n";

static const char *value_of(int argc, char **argv, int *i, const char *long_name, const char *short_name)
{
	const char *v = cli_option_value(argc, argv, i, long_name);
	if (!v && short_name)
		v = cli_option_value(argc, argv, i, short_name);
	return v;
}

static bool string_option(int argc, char **argv, int *i, samc_init_options *o)
{
	static const struct {
		const char *long_name, *short_name;
		size_t offset;
	} OPTS[] = {
		{"--name", "-n", offsetof(samc_init_options, name)},
		{"--runtime", "-r", offsetof(samc_init_options, runtime)},
		{"--base-image", "-i", offsetof(samc_init_options, runtime)},
		{"--dependency-manager", "-d", offsetof(samc_init_options, dependency_manager)},
		{"--app-template", NULL, offsetof(samc_init_options, app_template)},
		{"--package-type", "-p", offsetof(samc_init_options, package_type)},
		{"--architecture", "-a", offsetof(samc_init_options, architecture)},
		{"--location", "-l", offsetof(samc_init_options, location)},
		{"--branch", NULL, offsetof(samc_init_options, branch)},
		{"--subdirectory", NULL, offsetof(samc_init_options, subdirectory)},
		{"--output-dir", "-o", offsetof(samc_init_options, output_dir)},
		{"--extra-context", NULL, offsetof(samc_init_options, extra_context)},
		{"--templates-repo", NULL, offsetof(samc_init_options, templates_repo)},
		{"--cache-dir", NULL, offsetof(samc_init_options, cache_dir)},
	};
	for (size_t k = 0; k < sizeof(OPTS) / sizeof(*OPTS); k++) {
		const char *v = value_of(argc, argv, i, OPTS[k].long_name, OPTS[k].short_name);
		if (v) {
			*(const char **)((char *)o + OPTS[k].offset) = v;
			return true;
		}
	}
	return false;
}

static int parse_args(int argc, char **argv, samc_init_options *o)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(HELP, stdout);
			return -1;
		} else if (string_option(argc, argv, &i, o)) {
			continue;
		} else if (strcmp(argv[i], "--no-input") == 0) {
			o->no_input = 1;
		} else if (strcmp(argv[i], "--force") == 0) {
			o->force = 1;
		} else if (strcmp(argv[i], "--refresh-templates") == 0) {
			o->refresh = 1;
		} else if (strcmp(argv[i], "--offline") == 0) {
			o->offline = 1;
		} else {
			return cli_usage_error("init", "unknown or incomplete argument '%s'", argv[i]);
		}
	}
	return 0;
}

/* One line from the terminal without its line end; NULL at end of input. */
static char *read_answer(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len = getline(&line, &cap, stdin);
	if (len < 0) {
		free(line);
		return NULL;
	}
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	return line;
}

/* The menu entry an answer names: its number, its name, or a prefix of exactly one name
 * (case-insensitive, so "n" picks "no"). -1 when it names none. */
static long menu_pick(const char *line, const char *const *choices, size_t n)
{
	char *end;
	unsigned long k = strtoul(line, &end, 10);
	if (*line >= '0' && *line <= '9' && *end == '\0' && k >= 1 && k <= n)
		return (long)k - 1;
	long found = -1;
	size_t len = strlen(line);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(choices[i], line) == 0)
			return (long)i;
		if (strncasecmp(choices[i], line, len) == 0)
			found = found == -1 ? (long)i : -2;
	}
	return found >= 0 ? found : -1;
}

static void show_question(const char *question, const char *const *choices, size_t n,
			  const char *dflt)
{
	size_t def_index = 1;
	for (size_t i = 0; i < n; i++) {
		printf("  %zu - %s\n", i + 1, choices[i]);
		if (dflt && strcmp(choices[i], dflt) == 0)
			def_index = i + 1;
	}
	if (n)
		printf("%s [%zu]: ", question, def_index);
	else
		printf("%s [%s]: ", question, dflt ? dflt : "");
	fflush(stdout);
}

/* A numbered menu (asked again until the answer names an entry) or a free answer on the
 * terminal; an empty answer or the end of input means the default. */
static int ask(void *data, const char *question, const char *const *choices, size_t n,
	       const char *dflt, char **answer)
{
	(void)data;
	*answer = NULL;
	for (;;) {
		show_question(question, choices, n, dflt);
		char *line = read_answer();
		if (!line || !*line) {
			free(line);
			return 0;
		}
		if (!n) {
			*answer = line;
			return 0;
		}
		long pick = menu_pick(line, choices, n);
		if (pick >= 0) {
			free(line);
			*answer = strdup(choices[pick]);
			return *answer ? 0 : SAMC_ENOMEM;
		}
		printf("  '%s' is not one of the choices: answer with a number from 1 to %zu or a "
		       "choice's name\n",
		       line, n);
		free(line);
	}
}

/* Built-in templates: $SAMC_TEMPLATES_DIR, else beside the binary (installed: ../share/samc/
 * templates; in a build folder of the source tree: ../templates). */
static char *builtin_templates_dir(void)
{
	const char *env = getenv("SAMC_TEMPLATES_DIR");
	if (env && *env)
		return strdup(env);
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	static const char *const candidates[] = {"../share/samc/templates", "../templates"};
	for (size_t i = 0; i < sizeof(candidates) / sizeof(*candidates); i++) {
		char path[PATH_MAX + 64];
		snprintf(path, sizeof(path), "%s/%s/manifest.json", exe, candidates[i]);
		if (access(path, R_OK) == 0) {
			path[strlen(path) - strlen("/manifest.json")] = '\0';
			return realpath(path, NULL);
		}
	}
	return NULL;
}

int cmd_init(int argc, char **argv)
{
	samc_init_options o = {0};
	int rc = parse_args(argc, argv, &o);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (!o.no_input && isatty(STDIN_FILENO))
		o.prompt = ask;
	char *builtin = builtin_templates_dir();
	o.builtin_dir = builtin;
	samc_init_result *r = NULL;
	samc_error *err = NULL;
	int status = samc_init(&o, &r, &err);
	for (size_t i = 0; i < samc_init_result_notice_count(r); i++)
		fprintf(stderr, "samc init: note: %s\n", samc_init_result_notice(r, i));
	if (status == SAMC_OK) {
		printf("Created %s from %s (%zu files)\n", samc_init_result_project_dir(r),
		       samc_init_result_template(r), samc_init_result_file_count(r));
	} else {
		fprintf(stderr, "samc init: %s\n", err ? samc_error_message(err) : "internal error");
		if (status == SAMC_EUSAGE)
			fprintf(stderr, "Run 'samc init --help' for usage.\n");
	}
	samc_init_result_free(r);
	samc_error_free(err);
	free(builtin);
	return cli_exit_code(status);
}
