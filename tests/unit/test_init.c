/* test_init.c — samc_init end to end: git (libgit2-made repositories), folders, zips, the
 * templates repository with cache and built-in fallback, prompts, and every refusal. */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <git2.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "samc/init.h"

/* libgit2 1.5 (Debian) leaks PCRE2 match data on some paths of its regex matching (fixed
 * upstream by libgit2 pull request 6382); the clones here go through it */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n";
}

static char *path_of(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *p = malloc(n);
	assert_non_null(p);
	snprintf(p, n, "%s/%s", a, b);
	return p;
}

static void make_parents(const char *path)
{
	char *p = strdup(path);
	for (char *s = p + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	free(p);
}

static void write_at(const char *dir, const char *rel, const char *content, mode_t mode)
{
	char *p = path_of(dir, rel);
	make_parents(p);
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
	chmod(p, mode);
	free(p);
}

static char *read_at(const char *dir, const char *rel)
{
	char *p = path_of(dir, rel);
	FILE *f = fopen(p, "rb");
	free(p);
	if (!f)
		return NULL;
	char *buf = calloc(1, 65536);
	size_t n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static bool exists_at(const char *dir, const char *rel)
{
	char *p = path_of(dir, rel);
	struct stat st;
	bool ok = lstat(p, &st) == 0;
	free(p);
	return ok;
}

static void expect_file(const char *dir, const char *rel, const char *want)
{
	char *got = read_at(dir, rel);
	if (!got)
		fail_msg("%s/%s missing", dir, rel);
	if (!strstr(got, want))
		fail_msg("%s/%s lacks '%s':\n%s", dir, rel, want, got);
	free(got);
}

static int rm_entry(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)f;
	return flag == FTW_DP ? rmdir(p) : unlink(p);
}

static char *temp_dir(void)
{
	char tmpl[] = "/tmp/samc-test-init-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	return strdup(tmpl);
}

static void remove_dir(char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/* Entries of dir (not "." or ".."). */
static int count_entries(const char *dir)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "%s", dir);
	int n = 0;
	DIR *d = opendir(cmd);
	if (!d)
		return -1;
	for (struct dirent *e; (e = readdir(d));)
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

/* A small cookiecutter template under dir/prefix. */
static void write_template(const char *dir, const char *prefix, const char *greeting)
{
	char rel[512];
	snprintf(rel, sizeof(rel), "%scookiecutter.json", prefix);
	write_at(dir, rel,
		 "{\"project_name\": \"demo\", \"runtime\": [\"python3.13\", \"python3.12\"],"
		 " \"module\": \"{{ cookiecutter.project_name|replace('-', '_') }}\","
		 " \"architectures\": {\"value\": [\"x86_64\", \"arm64\"]},"
		 " \"_copy_without_render\": [\"*.vue\"]}", 0644);
	snprintf(rel, sizeof(rel), "%s{{cookiecutter.project_name}}/{{cookiecutter.module}}/app.py", prefix);
	char body[256];
	snprintf(body, sizeof(body), "print('%s from {{ cookiecutter.project_name }}')\n", greeting);
	write_at(dir, rel, body, 0644);
	snprintf(rel, sizeof(rel), "%s{{cookiecutter.project_name}}/template.yaml", prefix);
	write_at(dir, rel,
		 "Runtime: {{ cookiecutter.runtime }}\nArchitectures:\n"
		 "{%- for arch in cookiecutter.architectures.value %}\n  - {{ arch }}\n{%- endfor %}\n",
		 0644);
	snprintf(rel, sizeof(rel), "%s{{cookiecutter.project_name}}/build.sh", prefix);
	write_at(dir, rel, "#!/bin/sh\necho {{ cookiecutter.project_name }}\n", 0755);
	snprintf(rel, sizeof(rel), "%s{{cookiecutter.project_name}}/win.bat", prefix);
	write_at(dir, rel, "@echo {{ cookiecutter.project_name }}\r\n{%- if true %}\r\nexit\r\n{%- endif %}\r\n", 0644);
	snprintf(rel, sizeof(rel), "%s{{cookiecutter.project_name}}/ui/App.vue", prefix);
	write_at(dir, rel, "<p>{{ literal }}</p>\n", 0644);
}

/* ---- git repositories made with libgit2 ---------------------------------------------- */

static void git_ok(int rc)
{
	if (rc < 0) {
		const git_error *e = git_error_last();
		fail_msg("libgit2: %s", e ? e->message : "?");
	}
}

/* Commits everything in the work tree of dir to ref (HEAD's branch when ref is NULL). */
static void git_commit_all(const char *dir, const char *ref)
{
	git_repository *repo = NULL;
	if (git_repository_open(&repo, dir) < 0)
		git_ok(git_repository_init(&repo, dir, 0));
	git_index *index;
	git_ok(git_repository_index(&index, repo));
	git_ok(git_index_add_all(index, NULL, 0, NULL, NULL));
	git_ok(git_index_write(index));
	git_oid tree_id, commit_id, parent_id;
	git_ok(git_index_write_tree(&tree_id, index));
	git_tree *tree;
	git_ok(git_tree_lookup(&tree, repo, &tree_id));
	git_signature *sig;
	git_ok(git_signature_new(&sig, "samc tests", "tests@example.invalid", 1700000000, 0));
	git_commit *parent = NULL;
	if (git_reference_name_to_id(&parent_id, repo, "HEAD") == 0)
		git_ok(git_commit_lookup(&parent, repo, &parent_id));
	const git_commit *parents[] = {parent};
	git_ok(git_commit_create(&commit_id, repo, ref ? ref : "HEAD", sig, sig, NULL, "template", tree,
				 parent ? 1 : 0, parents));
	git_commit_free(parent);
	git_signature_free(sig);
	git_tree_free(tree);
	git_index_free(index);
	git_repository_free(repo);
}

/* A lightweight tag on the commit ref points at. */
static void git_tag_ref(const char *dir, const char *tag, const char *ref)
{
	git_repository *repo = NULL;
	git_object *target = NULL;
	git_oid oid;
	git_ok(git_repository_open(&repo, dir));
	git_ok(git_revparse_single(&target, repo, ref));
	git_ok(git_tag_create_lightweight(&oid, repo, tag, target, 0));
	git_object_free(target);
	git_repository_free(repo);
}

static int setup_git(void **state)
{
	(void)state;
	return git_libgit2_init() < 0;
}

static int teardown_git(void **state)
{
	(void)state;
	git_libgit2_shutdown();
	return 0;
}

static samc_init_options options_for(const char *location, const char *out)
{
	samc_init_options o = {0};
	o.location = location;
	o.output_dir = out;
	o.no_input = 1;
	return o;
}

static void run_ok(const samc_init_options *o, samc_init_result **r)
{
	samc_error *err = NULL;
	int rc = samc_init(o, r, &err);
	if (rc)
		fail_msg("samc_init failed (%d): %s", rc, samc_error_message(err));
	samc_error_free(err);
}

static int run_fails(const samc_init_options *o, const char *part)
{
	samc_init_result *r = NULL;
	samc_error *err = NULL;
	int rc = samc_init(o, &r, &err);
	assert_int_not_equal(rc, 0);
	assert_null(r);
	if (!strstr(samc_error_message(err), part))
		fail_msg("error '%s' lacks '%s'", samc_error_message(err), part);
	samc_error_free(err);
	return rc;
}

static void check_demo_project(const char *project, const char *greeting)
{
	expect_file(project, "demo/app.py", greeting);
	expect_file(project, "demo/app.py", "from demo");
	expect_file(project, "template.yaml", "Runtime: python3.13\nArchitectures:\n  - x86_64\n  - arm64\n");
	expect_file(project, "ui/App.vue", "{{ literal }}");
	expect_file(project, "win.bat", "@echo demo\r\nexit\r\n"); /* CRLF kept, as cookiecutter does */
	char *sh = path_of(project, "build.sh");
	struct stat st;
	assert_int_equal(stat(sh, &st), 0);
	assert_true(st.st_mode & 0100); /* the execute bit survives */
	free(sh);
}

static void from_git_repository(void **state)
{
	(void)state;
	char *src = temp_dir(), *out = temp_dir();
	write_template(src, "", "hello");
	git_commit_all(src, NULL);
	char url[600];
	snprintf(url, sizeof(url), "file://%s", src);
	samc_init_options o = options_for(url, out);
	samc_init_result *r = NULL;
	run_ok(&o, &r);
	char *project = path_of(out, "demo");
	assert_string_equal(samc_init_result_project_dir(r), project);
	assert_int_equal(samc_init_result_file_count(r), 5);
	check_demo_project(project, "hello");
	assert_int_equal(count_entries(out), 1); /* no temporary folder left behind */
	samc_init_result_free(r);
	free(project);
	remove_dir(src);
	remove_dir(out);
}

static void git_branch_and_subdirectory(void **state)
{
	(void)state;
	char *src = temp_dir(), *out = temp_dir();
	write_template(src, "templates/py/", "main branch");
	git_commit_all(src, NULL);
	git_tag_ref(src, "v1", "HEAD");
	write_template(src, "templates/py/", "feature branch");
	git_commit_all(src, "refs/heads/feature");
	samc_init_options o = options_for(src, out); /* a plain path to a repository works too */
	char url[600];
	snprintf(url, sizeof(url), "file://%s", src);
	o.location = url;
	o.branch = "feature";
	o.subdirectory = "templates/py";
	o.name = "featured";
	samc_init_result *r = NULL;
	run_ok(&o, &r);
	char *project = path_of(out, "featured");
	expect_file(project, "featured/app.py", "feature branch from featured");
	samc_init_result_free(r);
	free(project);
	o.branch = "v1"; /* a tag */
	o.name = "tagged";
	run_ok(&o, &r);
	char *tagged = path_of(out, "tagged");
	expect_file(tagged, "tagged/app.py", "main branch from tagged");
	samc_init_result_free(r);
	free(tagged);
	o.branch = "no-such-branch";
	o.name = "other";
	assert_int_equal(run_fails(&o, "no-such-branch"), SAMC_EIO);
	o.branch = NULL;
	o.subdirectory = "../outside";
	assert_int_equal(run_fails(&o, "without '..'"), SAMC_EUSAGE);
	remove_dir(src);
	remove_dir(out);
}

static void git_repository_without_cookiecutter_is_copied(void **state)
{
	(void)state;
	char *src = temp_dir(), *out = temp_dir();
	write_at(src, "template.yaml", "Resources: {{ not a template }}\n", 0644);
	git_commit_all(src, NULL);
	char url[600];
	snprintf(url, sizeof(url), "file://%s", src);
	samc_init_options o = options_for(url, out);
	o.name = "copied";
	samc_init_result *r = NULL;
	run_ok(&o, &r);
	char *project = path_of(out, "copied");
	expect_file(project, "template.yaml", "{{ not a template }}");
	assert_false(exists_at(project, ".git"));
	samc_init_result_free(r);
	free(project);
	/* a plain folder without cookiecutter.json is refused */
	o.location = src;
	o.name = "plain";
	assert_int_equal(run_fails(&o, "has no cookiecutter.json"), SAMC_EINVALID);
	remove_dir(src);
	remove_dir(out);
}

static void from_folder_with_force(void **state)
{
	(void)state;
	char *src = temp_dir(), *out = temp_dir();
	write_template(src, "", "folder");
	samc_init_options o = options_for(src, out);
	samc_init_result *r = NULL;
	run_ok(&o, &r);
	samc_init_result_free(r);
	char *project = path_of(out, "demo");
	write_at(project, "user-file.txt", "mine\n", 0644);
	assert_int_equal(run_fails(&o, "already exists"), SAMC_EINVALID);
	assert_true(exists_at(project, "user-file.txt"));
	o.force = 1;
	run_ok(&o, &r);
	samc_init_result_free(r);
	check_demo_project(project, "folder");
	assert_false(exists_at(project, "user-file.txt")); /* replaced, not merged */
	assert_int_equal(count_entries(out), 1);
	free(project);
	remove_dir(src);
	remove_dir(out);
}

static void extra_context_and_choices(void **state)
{
	(void)state;
	char *src = temp_dir(), *out = temp_dir();
	write_template(src, "", "ctx");
	samc_init_options o = options_for(src, out);
	o.extra_context = "{\"runtime\": \"python3.12\", \"project_name\": \"from-extra\", \"unknown\": 1}";
	o.architecture = "arm64";
	samc_init_result *r = NULL;
	run_ok(&o, &r);
	char *project = path_of(out, "from-extra");
	expect_file(project, "template.yaml", "Runtime: python3.12\nArchitectures:\n  - arm64\n");
	expect_file(project, "from_extra/app.py", "ctx from from-extra");
	samc_init_result_free(r);
	free(project);
	o.extra_context = "{\"runtime\": \"cobol\"}";
	assert_int_equal(run_fails(&o, "choices are [\"python3.13\",\"python3.12\"]"), SAMC_EINVALID);
	o.extra_context = "[1, 2]";
	assert_int_equal(run_fails(&o, "must be a JSON object"), SAMC_EUSAGE);
	o.extra_context = NULL;
	o.runtime = "python3.13";
	assert_int_equal(run_fails(&o, "cannot be combined"), SAMC_EUSAGE);
	remove_dir(src);
	remove_dir(out);
}

/* Answers the prompts from a list: "key=answer" strings. */
static int scripted_prompt(void *data, const char *question, const char *const *choices,
			   size_t n, const char *dflt, char **answer)
{
	(void)choices;
	(void)dflt;
	(void)n;
	for (const char *const *a = data; *a; a++) {
		size_t k = strlen(question);
		if (strncmp(*a, question, k) == 0 && (*a)[k] == '=') {
			*answer = strdup(*a + k + 1);
			return 0;
		}
	}
	*answer = NULL;
	return 0;
}

static void prompts_fill_the_context(void **state)
{
	(void)state;
	char *src = temp_dir(), *out = temp_dir();
	write_template(src, "", "asked");
	const char *answers[] = {"project_name=asked-app", "runtime=python3.12", NULL};
	samc_init_options o = options_for(src, out);
	o.no_input = 0;
	o.prompt = scripted_prompt;
	o.prompt_data = answers;
	samc_init_result *r = NULL;
	run_ok(&o, &r);
	char *project = path_of(out, "asked-app");
	expect_file(project, "template.yaml", "Runtime: python3.12");
	expect_file(project, "asked_app/app.py", "asked from asked-app");
	samc_init_result_free(r);
	free(project);
	remove_dir(src);
	remove_dir(out);
}

/* ---- refusals ------------------------------------------------------------------------ */

static void rendered_names_cannot_leave_the_project(void **state)
{
	(void)state;
	static const char *const evil[] = {"../../escaped", "/tmp/absolute", "..", ""};
	char *src = temp_dir(), *out = temp_dir();
	write_template(src, "", "x");
	write_at(src, "{{cookiecutter.project_name}}/{{cookiecutter.module}}/{{cookiecutter.target}}/f.txt",
		 "payload\n", 0644);
	write_at(src, "cookiecutter.json",
		 "{\"project_name\": \"demo\", \"module\": \"m\", \"target\": \"ok\", \"runtime\": \"x\","
		 " \"architectures\": {\"value\": []}, \"_copy_without_render\": [\"*.vue\"]}", 0644);
	for (size_t i = 0; i < sizeof(evil) / sizeof(*evil); i++) {
		char ctx[128];
		snprintf(ctx, sizeof(ctx), "{\"target\": \"%s\"}", evil[i]);
		samc_init_options o = options_for(src, out);
		o.extra_context = ctx;
		assert_int_equal(run_fails(&o, "refused"), SAMC_EINVALID);
		assert_int_equal(count_entries(out), 0); /* nothing written anywhere */
	}
	samc_init_options o = options_for(src, out);
	o.name = "../up";
	assert_int_equal(run_fails(&o, "refused"), SAMC_EINVALID);
	char *escaped = path_of(out, "../escaped");
	struct stat st;
	assert_int_not_equal(stat(escaped, &st), 0);
	free(escaped);
	remove_dir(src);
	remove_dir(out);
}

static void symlinks_leaving_the_template_are_refused(void **state)
{
	(void)state;
	char *src = temp_dir(), *out = temp_dir(), *secret_dir = temp_dir();
	write_template(src, "", "x");
	write_at(secret_dir, "secret.txt", "top secret\n", 0644);
	char *secret = path_of(secret_dir, "secret.txt");
	char *link = path_of(src, "{{cookiecutter.project_name}}/leak.txt");
	assert_int_equal(symlink(secret, link), 0);
	samc_init_options o = options_for(src, out);
	assert_int_equal(run_fails(&o, "points outside the template"), SAMC_EINVALID);
	assert_int_equal(count_entries(out), 0);
	/* a link to a file inside the template is followed */
	unlink(link);
	assert_int_equal(symlink("template.yaml", link), 0);
	samc_init_result *r = NULL;
	run_ok(&o, &r);
	char *project = path_of(out, "demo");
	expect_file(project, "leak.txt", "Runtime: python3.13");
	samc_init_result_free(r);
	free(project);
	/* a subdirectory or template folder that is a link out of the location */
	char *elsewhere = temp_dir(), *src2 = temp_dir();
	write_template(elsewhere, "", "outside");
	char *sub = path_of(src2, "escape");
	assert_int_equal(symlink(elsewhere, sub), 0);
	samc_init_options o2 = options_for(src2, out);
	o2.subdirectory = "escape";
	o2.name = "esc";
	assert_int_equal(run_fails(&o2, "symbolic link leading outside"), SAMC_EINVALID);
	write_at(src2, "cookiecutter.json", "{\"project_name\": \"top\"}", 0644);
	char *top_target = path_of(elsewhere, "{{cookiecutter.project_name}}");
	char *top_link = path_of(src2, "{{cookiecutter.project_name}}");
	assert_int_equal(symlink(top_target, top_link), 0);
	o2.subdirectory = NULL;
	assert_int_equal(run_fails(&o2, "template folder is a symbolic link"), SAMC_EINVALID);
	assert_false(exists_at(out, "esc"));
	free(top_target);
	free(top_link);
	free(sub);
	remove_dir(elsewhere);
	remove_dir(src2);
	free(secret);
	free(link);
	remove_dir(secret_dir);
	remove_dir(src);
	remove_dir(out);
}

/* ---- zips ---------------------------------------------------------------------------- */

typedef struct zentry {
	const char *name, *data;
	unsigned mode; /* Unix mode for the external attributes; 0 = none */
} zentry;

static void write_zip(const char *path, const zentry *entries, size_t n)
{
	int zerr;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	assert_non_null(z);
	for (size_t i = 0; i < n; i++) {
		zip_source_t *s = zip_source_buffer(z, entries[i].data, strlen(entries[i].data), 0);
		zip_int64_t idx = zip_file_add(z, entries[i].name, s, ZIP_FL_ENC_UTF_8);
		assert_true(idx >= 0);
		if (entries[i].mode)
			zip_file_set_external_attributes(z, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
							 (zip_uint32_t)entries[i].mode << 16);
	}
	assert_int_equal(zip_close(z), 0);
}

static void from_zip(void **state)
{
	(void)state;
	char *dir = temp_dir(), *out = temp_dir();
	const zentry entries[] = {
		{"pack/cookiecutter.json", "{\"project_name\": \"zipped\", \"_copy_without_render\": []}", 0},
		{"pack/{{cookiecutter.project_name}}/README.md", "# {{ cookiecutter.project_name }}\n", 0},
		{"pack/{{cookiecutter.project_name}}/run", "#!/bin/sh\n", 0100755},
	};
	char *zip_path = path_of(dir, "template.zip");
	write_zip(zip_path, entries, 3);
	samc_init_options o = options_for(zip_path, out);
	samc_init_result *r = NULL;
	run_ok(&o, &r);
	char *project = path_of(out, "zipped");
	expect_file(project, "README.md", "# zipped");
	char *run = path_of(project, "run");
	struct stat st;
	assert_int_equal(stat(run, &st), 0);
	assert_true(st.st_mode & 0100);
	free(run);
	samc_init_result_free(r);
	free(project);
	free(zip_path);
	remove_dir(dir);
	remove_dir(out);
}

static void hostile_zips_are_refused(void **state)
{
	(void)state;
	static const zentry dotdot[] = {{"cookiecutter.json", "{}", 0}, {"../evil.txt", "x", 0}};
	static const zentry absolute[] = {{"cookiecutter.json", "{}", 0}, {"/tmp/evil.txt", "x", 0}};
	static const zentry inner[] = {{"a/../../evil.txt", "x", 0}};
	static const zentry link[] = {{"cookiecutter.json", "{}", 0}, {"l", "/etc/passwd", 0120777}};
	static const struct {
		const zentry *e;
		size_t n;
		const char *why;
	} cases[] = {{dotdot, 2, "outside the target folder"},
		     {absolute, 2, "outside the target folder"},
		     {inner, 1, "outside the target folder"},
		     {link, 2, "symbolic link"}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *dir = temp_dir(), *out = temp_dir();
		char *zip_path = path_of(dir, "t.zip");
		write_zip(zip_path, cases[i].e, cases[i].n);
		samc_init_options o = options_for(zip_path, out);
		assert_int_equal(run_fails(&o, cases[i].why), SAMC_EINVALID);
		assert_int_equal(count_entries(out), 0);
		assert_int_equal(count_entries(dir), 1);
		free(zip_path);
		remove_dir(dir);
		remove_dir(out);
	}
	char *out = temp_dir();
	samc_init_options o = options_for("/nonexistent/t.zip", out);
	run_fails(&o, "cannot read the zip");
	remove_dir(out);
}

/* A zip URL nobody answers (port 1 of the loopback: refused at once) fails with the URL named,
 * and neither the project folder nor the temporary folder keeps anything. */
static void unreachable_zip_urls_fail_cleanly(void **state)
{
	(void)state;
	static const char *const proxies[] = {"http_proxy", "https_proxy", "HTTP_PROXY",
					      "HTTPS_PROXY", "all_proxy", "ALL_PROXY"};
	for (size_t i = 0; i < sizeof(proxies) / sizeof(*proxies); i++)
		unsetenv(proxies[i]);
	char *scratch = temp_dir(), *out = temp_dir();
	const char *old_tmpdir = getenv("TMPDIR");
	char *saved = old_tmpdir ? strdup(old_tmpdir) : NULL;
	setenv("TMPDIR", scratch, 1);
	static const char *const urls[] = {"http://127.0.0.1:1/t.zip", "HTTPS://127.0.0.1:1/T.ZIP"};
	for (size_t i = 0; i < sizeof(urls) / sizeof(*urls); i++) {
		samc_init_options o = options_for(urls[i], out);
		char want[128];
		snprintf(want, sizeof(want), "cannot download %s", urls[i]);
		assert_int_equal(run_fails(&o, want), SAMC_EIO);
		assert_int_equal(count_entries(out), 0);
		assert_int_equal(count_entries(scratch), 0);
	}
	samc_init_options o = options_for("http://127.0.0.1:1/t.zip", out);
	o.branch = "main";
	assert_int_equal(run_fails(&o, "--branch applies to git locations"), SAMC_EUSAGE);
	assert_int_equal(count_entries(scratch), 0);
	if (saved)
		setenv("TMPDIR", saved, 1);
	else
		unsetenv("TMPDIR");
	free(saved);
	remove_dir(scratch);
	remove_dir(out);
}

/* ---- the templates repository -------------------------------------------------------- */

static const char MANIFEST[] =
	"{\"python3.13\": ["
	" {\"directory\": \"py/hello-uv\", \"dependencyManager\": \"uv\", \"appTemplate\": \"hello-world\","
	"  \"packageType\": \"Zip\", \"displayName\": \"Hello\", \"useCaseName\": \"Hello World Example\"},"
	" {\"directory\": \"py/hello\", \"dependencyManager\": \"pip\", \"appTemplate\": \"hello-world\","
	"  \"packageType\": \"Zip\", \"displayName\": \"Hello\", \"useCaseName\": \"Hello World Example\"},"
	" {\"directory\": \"py/image\", \"dependencyManager\": \"pip\", \"appTemplate\": \"hello-world-lambda-image\","
	"  \"packageType\": \"Image\", \"displayName\": \"Image\", \"useCaseName\": \"Hello World Example\"}],"
	" \"go (provided.al2023)\": ["
	" {\"directory\": \"go/hello\", \"dependencyManager\": \"mod\", \"appTemplate\": \"hello-world\","
	"  \"packageType\": \"Zip\", \"displayName\": \"Hello\", \"useCaseName\": \"Hello World Example\"}]}";

static void write_repo_template(const char *repo, const char *dir, const char *marker)
{
	char rel[256];
	snprintf(rel, sizeof(rel), "%s/cookiecutter.json", dir);
	write_at(repo, rel, "{\"project_name\": \"sam-app\", \"runtime\": \"unset\", "
			    "\"architectures\": {\"value\": [\"x86_64\", \"arm64\"]}}", 0644);
	snprintf(rel, sizeof(rel), "%s/{{cookiecutter.project_name}}/template.yaml", dir);
	char body[256];
	snprintf(body, sizeof(body), "# %s\nRuntime: {{ cookiecutter.runtime }}\n"
		 "{%%- for a in cookiecutter.architectures.value %%}\n- {{ a }}{%%- endfor %%}\n", marker);
	write_at(repo, rel, body, 0644);
}

static void templates_repository_selection_and_cache(void **state)
{
	(void)state;
	char *repo = temp_dir(), *cache = temp_dir(), *out = temp_dir();
	write_at(repo, "manifest-v2.json", MANIFEST, 0644);
	write_repo_template(repo, "py/hello-uv", "uv template");
	write_repo_template(repo, "py/hello", "pip template");
	write_repo_template(repo, "py/image", "image template");
	write_repo_template(repo, "go/hello", "go template");
	git_commit_all(repo, NULL);
	char url[600];
	snprintf(url, sizeof(url), "file://%s", repo);
	samc_init_options o = {0};
	o.templates_repo = url;
	o.cache_dir = cache;
	o.output_dir = out;
	o.no_input = 1;
	o.runtime = "python3.13";
	o.dependency_manager = "pip";
	o.app_template = "hello-world";
	o.name = "one";
	samc_init_result *r = NULL;
	run_ok(&o, &r);
	char *p1 = path_of(out, "one");
	expect_file(p1, "template.yaml", "# pip template\nRuntime: python3.13\n- x86_64\n");
	assert_non_null(strstr(samc_init_result_template(r), "py/hello"));
	assert_int_equal(samc_init_result_notice_count(r), 0);
	samc_init_result_free(r);
	/* the base runtime of a custom label; the template is told the base runtime */
	o.runtime = "provided.al2023";
	o.dependency_manager = NULL;
	o.name = "two";
	run_ok(&o, &r);
	char *p2 = path_of(out, "two");
	expect_file(p2, "template.yaml", "# go template\nRuntime: provided.al2023\n");
	samc_init_result_free(r);
	/* unknown app template: the error lists what there is */
	o.runtime = "python3.13";
	o.app_template = "nope";
	o.name = "three";
	assert_int_equal(run_fails(&o, "hello-world (uv), hello-world (pip)"), SAMC_EINVALID);
	o.app_template = "hello-world";
	o.runtime = "cobol";
	assert_int_equal(run_fails(&o, "python3.13"), SAMC_EINVALID);
	/* the cached copy serves when the repository has gone away; refreshing says so */
	o.runtime = "python3.13";
	o.dependency_manager = "uv";
	remove_dir(repo);
	run_ok(&o, &r);
	char *p3 = path_of(out, "three");
	expect_file(p3, "template.yaml", "# uv template");
	samc_init_result_free(r);
	o.refresh = 1;
	o.name = "four";
	run_ok(&o, &r);
	assert_int_equal(samc_init_result_notice_count(r), 1);
	assert_non_null(strstr(samc_init_result_notice(r, 0), "using the copy cached"));
	samc_init_result_free(r);
	free(p1);
	free(p2);
	free(p3);
	remove_dir(cache);
	remove_dir(out);
}

static void builtin_templates_when_the_repository_cannot_be_cloned(void **state)
{
	(void)state;
	const char *data = getenv("SAMC_TEST_DATA");
	if (!data)
		skip();
	char *builtin = path_of(data, "init/builtin");
	char *cache = temp_dir(), *out = temp_dir();
	samc_init_options o = {0};
	o.templates_repo = "file:///nonexistent/samc-templates";
	o.cache_dir = cache;
	o.builtin_dir = builtin;
	o.output_dir = out;
	o.runtime = "nodejs22.x";
	o.app_template = "hello-world";
	o.name = "fallback";
	samc_init_result *r = NULL;
	run_ok(&o, &r);
	assert_int_equal(samc_init_result_notice_count(r), 1);
	assert_non_null(strstr(samc_init_result_notice(r, 0), "built-in templates"));
	char *p = path_of(out, "fallback");
	expect_file(p, "template.yaml", "Runtime: nodejs22.x");
	samc_init_result_free(r);
	/* without built-in templates the error names the clone failure */
	o.builtin_dir = NULL;
	o.name = "none";
	assert_int_equal(run_fails(&o, "no built-in templates"), SAMC_EIO);
	free(p);
	free(builtin);
	remove_dir(cache);
	remove_dir(out);
}

static void template_errors_name_file_line_column(void **state)
{
	(void)state;
	char *src = temp_dir(), *out = temp_dir();
	write_at(src, "cookiecutter.json", "{\"project_name\": \"p\"}", 0644);
	write_at(src, "{{cookiecutter.project_name}}/a.txt", "ok\n  {% if cookiecutter.x %}\n", 0644);
	samc_init_options o = options_for(src, out);
	samc_init_result *r = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_init(&o, &r, &err), SAMC_EINVALID);
	assert_string_equal(samc_error_file(err), "{{cookiecutter.project_name}}/a.txt");
	assert_int_equal(samc_error_line(err), 3);
	assert_non_null(strstr(samc_error_message(err), "{{cookiecutter.project_name}}/a.txt:3:1: "
							"the template ends inside a block: '{% endif %}' "
							"is missing (the block starts at line 2)"));
	samc_error_free(err);
	err = NULL;
	write_at(src, "cookiecutter.json", "{\"project_name\": \"p\",\n  \"x\": }", 0644);
	assert_int_equal(samc_init(&o, &r, &err), SAMC_EINVALID);
	assert_int_equal(samc_error_line(err), 2);
	assert_non_null(strstr(samc_error_message(err), "not valid JSON"));
	samc_error_free(err);
	assert_int_equal(count_entries(out), 0);
	remove_dir(src);
	remove_dir(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(from_git_repository),
		cmocka_unit_test(git_branch_and_subdirectory),
		cmocka_unit_test(git_repository_without_cookiecutter_is_copied),
		cmocka_unit_test(from_folder_with_force),
		cmocka_unit_test(extra_context_and_choices),
		cmocka_unit_test(prompts_fill_the_context),
		cmocka_unit_test(rendered_names_cannot_leave_the_project),
		cmocka_unit_test(symlinks_leaving_the_template_are_refused),
		cmocka_unit_test(from_zip),
		cmocka_unit_test(hostile_zips_are_refused),
		cmocka_unit_test(unreachable_zip_urls_fail_cleanly),
		cmocka_unit_test(templates_repository_selection_and_cache),
		cmocka_unit_test(builtin_templates_when_the_repository_cannot_be_cloned),
		cmocka_unit_test(template_errors_name_file_line_column),
	};
	return cmocka_run_group_tests(tests, setup_git, teardown_git);
}
