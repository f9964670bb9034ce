/* dl.h — loading an optional shared library at run time (dlopen/dlsym) into a table of
 * function pointers owned by the caller, with an "is not installed" error naming the package. */
#ifndef SAMC_UTIL_DL_H
#define SAMC_UTIL_DL_H

#include <stddef.h>

#include "samc/samc.h"

/* What to load: the SONAME to open, a name for messages ("libcurl") and the Debian package
 * that ships the SONAME ("libcurl4"). */
typedef struct samc_dl_library {
	const char *soname;
	const char *name;
	const char *package;
} samc_dl_library;

/* Opens lib (a new reference; the library stays mapped after the last samc_dl_close, as
 * RTLD_NODELETE asks, so no library's global state is ever torn down under another user).
 * On failure *handle is NULL and err says "<name> (<package>) is not installed: <why>".
 * Thread-safe. Returns 0 or SAMC_EIO. */
int samc_dl_open(const samc_dl_library *lib, void **handle, samc_error **err);

/* Looks up each of n symbol names in handle into syms[i]. Fails with SAMC_EIO naming the
 * first missing one ("<soname> (<package>) has no function <symbol>: ..."). */
int samc_dl_symbols(const samc_dl_library *lib, void *handle, const char *const *names,
		    void **syms, size_t n, samc_error **err);

/* Drops a reference taken by samc_dl_open (NULL is ignored). */
void samc_dl_close(void *handle);

#endif
