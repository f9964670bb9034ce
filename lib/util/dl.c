/* dl.c — dlopen/dlsym for the libraries samc loads only when a command needs them (libcurl,
 * libgit2), so that commands which never use them do not pay for mapping them. */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>

#include "util/dl.h"
#include "util/error.h"

int samc_dl_open(const samc_dl_library *lib, void **handle, samc_error **err)
{
	/* RTLD_NODELETE: the last dlclose keeps the library mapped, so a library that holds
	 * process-wide state after its first use (libcurl's implicit global init) is loaded
	 * once per process, exactly as if it had been linked. */
	*handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
	if (*handle)
		return 0;
	const char *why = dlerror(); /* thread-local in glibc */
	return samc_error_set(err, SAMC_EIO, NULL, 0, 0,
			      "%s (%s) is not installed: %s", lib->name, lib->package,
			      why ? why : lib->soname);
}

int samc_dl_symbols(const samc_dl_library *lib, void *handle, const char *const *names,
		    void **syms, size_t n, samc_error **err)
{
	for (size_t i = 0; i < n; i++) {
		dlerror();
		syms[i] = dlsym(handle, names[i]);
		if (!syms[i]) {
			const char *why = dlerror();
			return samc_error_set(err, SAMC_EIO, NULL, 0, 0,
					      "%s (%s) has no function %s: %s", lib->soname,
					      lib->package, names[i], why ? why : "not found");
		}
	}
	return 0;
}

void samc_dl_close(void *handle)
{
	if (handle)
		dlclose(handle);
}
