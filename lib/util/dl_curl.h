/* dl_curl.h — the libcurl functions samc calls, as a table resolved at run time (util/dl.h)
 * and owned by the object that uses it (an AWS client, a download); types from <curl/curl.h>. */
#ifndef SAMC_UTIL_DL_CURL_H
#define SAMC_UTIL_DL_CURL_H

#include <curl/curl.h>

#include "samc/samc.h"

/* X(member, libcurl function): every function samc uses. A member's type is taken from the
 * header's declaration, so the compiler checks every call against libcurl's own prototypes. */
#define SAMC_CURL_FUNCTIONS(X)                                                                     \
	X(easy_init, curl_easy_init)                                                               \
	X(easy_cleanup, curl_easy_cleanup)                                                         \
	X(easy_reset, curl_easy_reset)                                                             \
	X(easy_setopt, curl_easy_setopt)                                                           \
	X(easy_perform, curl_easy_perform)                                                         \
	X(easy_getinfo, curl_easy_getinfo)                                                         \
	X(easy_strerror, curl_easy_strerror)                                                       \
	X(slist_append, curl_slist_append)                                                         \
	X(slist_free_all, curl_slist_free_all)

typedef struct samc_curl_api {
	void *lib; /* the dlopen handle */
#define SAMC_CURL_MEMBER(member, function) __typeof__(&function) member;
	SAMC_CURL_FUNCTIONS(SAMC_CURL_MEMBER)
#undef SAMC_CURL_MEMBER
} samc_curl_api;

/* Loads libcurl into *api (a reference of its own). Fails with SAMC_EIO and "libcurl
 * (<package>) is not installed: ..." when the library cannot be opened. Thread-safe. */
int samc_curl_api_load(samc_curl_api *api, samc_error **err);
/* Drops the reference; *api is zeroed (a zeroed table is ignored). */
void samc_curl_api_unload(samc_curl_api *api);

#endif
