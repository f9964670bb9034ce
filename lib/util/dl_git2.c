/* dl_git2.c — resolving the libgit2 table of dl_git2.h: the SONAME and package come from the
 * build (cmake/soname.cmake reads them from the library pkg-config found). */
#include <string.h>

#include "util/dl.h"
#include "util/dl_git2.h"

#if !defined(SAMC_GIT2_SONAME) || !defined(SAMC_GIT2_PACKAGE)
#error "SAMC_GIT2_SONAME and SAMC_GIT2_PACKAGE are set by CMakeLists.txt"
#endif

static const samc_dl_library LIBGIT2 = {SAMC_GIT2_SONAME, "libgit2", SAMC_GIT2_PACKAGE};

static const char *const FUNCTION_NAMES[] = {
#define SAMC_GIT2_NAME(member, function) #function,
	SAMC_GIT2_FUNCTIONS(SAMC_GIT2_NAME)
#undef SAMC_GIT2_NAME
};
#define FUNCTION_COUNT (sizeof(FUNCTION_NAMES) / sizeof(FUNCTION_NAMES[0]))

int samc_git2_api_load(samc_git2_api *api, samc_error **err)
{
	memset(api, 0, sizeof(*api));
	void *syms[FUNCTION_COUNT];
	int rc = samc_dl_open(&LIBGIT2, &api->lib, err);
	if (rc == 0)
		rc = samc_dl_symbols(&LIBGIT2, api->lib, FUNCTION_NAMES, syms, FUNCTION_COUNT, err);
	if (rc) {
		samc_git2_api_unload(api);
		return rc;
	}
	size_t i = 0;
#define SAMC_GIT2_ASSIGN(member, function) api->member = (__typeof__(api->member))syms[i++];
	SAMC_GIT2_FUNCTIONS(SAMC_GIT2_ASSIGN)
#undef SAMC_GIT2_ASSIGN
	return 0;
}

void samc_git2_api_unload(samc_git2_api *api)
{
	samc_dl_close(api->lib);
	memset(api, 0, sizeof(*api));
}
