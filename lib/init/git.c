/* git.c — cloning template repositories in-process with libgit2 (https, ssh through the
 * agent, file://, local paths), a branch or tag when asked, with libgit2's error text. */
#define _POSIX_C_SOURCE 200809L
#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "init/init_int.h"
#include "util/buf.h"
#include "util/error.h"

static const struct {
	const char *prefix, *base;
} ABBREVIATIONS[] = {{"gh:", "https://github.com/"},
		     {"gl:", "https://gitlab.com/"},
		     {"bb:", "https://bitbucket.org/"}};

bool init_is_git_url(const char *location)
{
	static const char *const schemes[] = {"https://", "http://", "ssh://", "git://", "file://",
					      "git@", "git+"};
	for (size_t i = 0; i < sizeof(schemes) / sizeof(*schemes); i++)
		if (strncmp(location, schemes[i], strlen(schemes[i])) == 0)
			return true;
	for (size_t i = 0; i < sizeof(ABBREVIATIONS) / sizeof(*ABBREVIATIONS); i++)
		if (strncmp(location, ABBREVIATIONS[i].prefix, 3) == 0)
			return true;
	return false;
}

char *init_git_expand_url(const char *location)
{
	for (size_t i = 0; i < sizeof(ABBREVIATIONS) / sizeof(*ABBREVIATIONS); i++)
		if (strncmp(location, ABBREVIATIONS[i].prefix, 3) == 0)
			return samc_strfmt("%s%s", ABBREVIATIONS[i].base, location + 3);
	if (strncmp(location, "git+", 4) == 0) /* cookiecutter's "git+https://..." form */
		return samc_strdup(location + 4);
	return samc_strdup(location);
}

/* ssh: one attempt with the keys of the running ssh-agent. */
static int credentials(git_credential **out, const char *url, const char *user, unsigned allowed,
		       void *payload)
{
	(void)url;
	int *attempts = payload;
	if (++*attempts > 1 || !(allowed & GIT_CREDENTIAL_SSH_KEY))
		return GIT_PASSTHROUGH;
	return git_credential_ssh_key_from_agent(out, user ? user : "git");
}

/* Checks out a branch, tag or commit of a fresh clone (detached HEAD). */
static int checkout_revision(git_repository *repo, const char *name)
{
	static const char *const forms[] = {"refs/remotes/origin/%s", "refs/tags/%s", "%s"};
	git_object *obj = NULL, *commit = NULL;
	for (size_t i = 0; !obj && i < sizeof(forms) / sizeof(*forms); i++) {
		char *spec = samc_strfmt(forms[i], name);
		if (spec && git_revparse_single(&obj, repo, spec) < 0)
			obj = NULL;
		free(spec);
	}
	if (!obj)
		return GIT_ENOTFOUND;
	int rc = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT);
	git_checkout_options co;
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_FORCE;
	if (rc == 0)
		rc = git_checkout_tree(repo, commit, &co);
	if (rc == 0)
		rc = git_repository_set_head_detached(repo, git_object_id(commit));
	git_object_free(commit);
	git_object_free(obj);
	return rc;
}

int init_git_clone(const char *url, const char *branch, const char *dest, samc_error **err)
{
	if (git_libgit2_init() < 0)
		return samc_error_set(err, SAMC_EINTERNAL, NULL, 0, 0, "cannot initialise libgit2");
	int attempts = 0;
	git_clone_options o;
	git_clone_options_init(&o, GIT_CLONE_OPTIONS_VERSION);
	o.fetch_opts.callbacks.credentials = credentials;
	o.fetch_opts.callbacks.payload = &attempts;
	git_repository *repo = NULL;
	int rc = git_clone(&repo, url, dest, &o);
	if (rc < 0) {
		const git_error *e = git_error_last();
		samc_error_set(err, SAMC_EIO, NULL, 0, 0, "cannot clone %s: %s", url,
			       e && e->message ? e->message : "unknown git error");
	} else if (branch && (rc = checkout_revision(repo, branch)) < 0) {
		const git_error *e = rc == GIT_ENOTFOUND ? NULL : git_error_last();
		samc_error_set(err, SAMC_EIO, NULL, 0, 0, "%s has no branch, tag or commit '%s'%s%s",
			       url, branch, e ? ": " : "", e && e->message ? e->message : "");
	}
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc < 0 ? SAMC_EIO : 0;
}
