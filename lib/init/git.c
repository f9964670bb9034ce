/* git.c — cloning template repositories in-process with libgit2 (loaded on first use through
 * util/dl_git2.h): https, ssh through the agent, file://, local paths, a branch or tag. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "init/init_int.h"
#include "util/buf.h"
#include "util/dl_git2.h"
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

/* What the clone's callbacks need: the libgit2 table and the ssh attempts made so far. */
typedef struct clone_payload {
	const samc_git2_api *git;
	int attempts;
} clone_payload;

/* ssh: one attempt with the keys of the running ssh-agent. */
static int credentials(git_credential **out, const char *url, const char *user, unsigned allowed,
		       void *payload)
{
	(void)url;
	clone_payload *cp = payload;
	if (++cp->attempts > 1 || !(allowed & GIT_CREDENTIAL_SSH_KEY))
		return GIT_PASSTHROUGH;
	return cp->git->credential_ssh_key_from_agent(out, user ? user : "git");
}

/* Checks out a branch, tag or commit of a fresh clone (detached HEAD). */
static int checkout_revision(const samc_git2_api *git, git_repository *repo, const char *name)
{
	static const char *const forms[] = {"refs/remotes/origin/%s", "refs/tags/%s", "%s"};
	git_object *obj = NULL, *commit = NULL;
	for (size_t i = 0; !obj && i < sizeof(forms) / sizeof(*forms); i++) {
		char *spec = samc_strfmt(forms[i], name);
		if (spec && git->revparse_single(&obj, repo, spec) < 0)
			obj = NULL;
		free(spec);
	}
	if (!obj)
		return GIT_ENOTFOUND;
	int rc = git->object_peel(&commit, obj, GIT_OBJECT_COMMIT);
	git_checkout_options co;
	git->checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_FORCE;
	if (rc == 0)
		rc = git->checkout_tree(repo, commit, &co);
	if (rc == 0)
		rc = git->repository_set_head_detached(repo, git->object_id(commit));
	git->object_free(commit);
	git->object_free(obj);
	return rc;
}

/* libgit2's text for its last error on this thread, or "unknown git error". */
static const char *last_git_error(const samc_git2_api *git)
{
	const git_error *e = git->error_last();
	return e && e->message ? e->message : "unknown git error";
}

static int clone_with(const samc_git2_api *git, const char *url, const char *branch,
		      const char *dest, samc_error **err)
{
	clone_payload payload = {.git = git};
	git_clone_options o;
	git->clone_options_init(&o, GIT_CLONE_OPTIONS_VERSION);
	o.fetch_opts.callbacks.credentials = credentials;
	o.fetch_opts.callbacks.payload = &payload;
	git_repository *repo = NULL;
	int rc = git->clone(&repo, url, dest, &o);
	if (rc < 0) {
		samc_error_set(err, SAMC_EIO, NULL, 0, 0, "cannot clone %s: %s", url,
			       last_git_error(git));
	} else if (branch && (rc = checkout_revision(git, repo, branch)) < 0) {
		bool missing = rc == GIT_ENOTFOUND;
		samc_error_set(err, SAMC_EIO, NULL, 0, 0, "%s has no branch, tag or commit '%s'%s%s",
			       url, branch, missing ? "" : ": ", missing ? "" : last_git_error(git));
	}
	git->repository_free(repo);
	return rc < 0 ? SAMC_EIO : 0;
}

int init_git_clone(const char *url, const char *branch, const char *dest, samc_error **err)
{
	samc_git2_api git;
	int rc = samc_git2_api_load(&git, err);
	if (rc)
		return rc;
	if (git.libgit2_init() < 0) {
		samc_git2_api_unload(&git);
		return samc_error_set(err, SAMC_EINTERNAL, NULL, 0, 0, "cannot initialise libgit2");
	}
	rc = clone_with(&git, url, branch, dest, err);
	git.libgit2_shutdown();
	samc_git2_api_unload(&git);
	return rc;
}
