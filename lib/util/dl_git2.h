/* dl_git2.h — the libgit2 functions samc calls, as a table resolved at run time (util/dl.h)
 * and owned by the clone that uses it; types from <git2.h>. */
#ifndef SAMC_UTIL_DL_GIT2_H
#define SAMC_UTIL_DL_GIT2_H

#include <git2.h>

#include "samc/samc.h"

/* X(member, libgit2 function): every function samc uses, typed by the header's declaration. */
#define SAMC_GIT2_FUNCTIONS(X)                                                                     \
	X(libgit2_init, git_libgit2_init)                                                          \
	X(libgit2_shutdown, git_libgit2_shutdown)                                                  \
	X(error_last, git_error_last)                                                              \
	X(clone_options_init, git_clone_options_init)                                              \
	X(clone, git_clone)                                                                        \
	X(credential_ssh_key_from_agent, git_credential_ssh_key_from_agent)                        \
	X(revparse_single, git_revparse_single)                                                    \
	X(object_peel, git_object_peel)                                                            \
	X(object_id, git_object_id)                                                                \
	X(object_free, git_object_free)                                                            \
	X(checkout_options_init, git_checkout_options_init)                                        \
	X(checkout_tree, git_checkout_tree)                                                        \
	X(repository_set_head_detached, git_repository_set_head_detached)                          \
	X(repository_free, git_repository_free)

typedef struct samc_git2_api {
	void *lib; /* the dlopen handle */
#define SAMC_GIT2_MEMBER(member, function) __typeof__(&function) member;
	SAMC_GIT2_FUNCTIONS(SAMC_GIT2_MEMBER)
#undef SAMC_GIT2_MEMBER
} samc_git2_api;

/* Loads libgit2 into *api (a reference of its own). Fails with SAMC_EIO and "libgit2
 * (<package>) is not installed: ..." when the library cannot be opened. Thread-safe. */
int samc_git2_api_load(samc_git2_api *api, samc_error **err);
/* Drops the reference; *api is zeroed (a zeroed table is ignored). */
void samc_git2_api_unload(samc_git2_api *api);

#endif
