/* dl_curl.c — resolving the libcurl table of dl_curl.h: the SONAME and package come from the
 * build (cmake/soname.cmake reads them from the library pkg-config found). */
#include <string.h>

#include "util/dl.h"
#include "util/dl_curl.h"

#if !defined(SAMC_CURL_SONAME) || !defined(SAMC_CURL_PACKAGE)
#error "SAMC_CURL_SONAME and SAMC_CURL_PACKAGE are set by CMakeLists.txt"
#endif

static const samc_dl_library LIBCURL = {SAMC_CURL_SONAME, "libcurl", SAMC_CURL_PACKAGE};

static const char *const FUNCTION_NAMES[] = {
#define SAMC_CURL_NAME(member, function) #function,
	SAMC_CURL_FUNCTIONS(SAMC_CURL_NAME)
#undef SAMC_CURL_NAME
};
#define FUNCTION_COUNT (sizeof(FUNCTION_NAMES) / sizeof(FUNCTION_NAMES[0]))

int samc_curl_api_load(samc_curl_api *api, samc_error **err)
{
	memset(api, 0, sizeof(*api));
	void *syms[FUNCTION_COUNT];
	int rc = samc_dl_open(&LIBCURL, &api->lib, err);
	if (rc == 0)
		rc = samc_dl_symbols(&LIBCURL, api->lib, FUNCTION_NAMES, syms, FUNCTION_COUNT, err);
	if (rc) {
		samc_curl_api_unload(api);
		return rc;
	}
	size_t i = 0;
#define SAMC_CURL_ASSIGN(member, function) api->member = (__typeof__(api->member))syms[i++];
	SAMC_CURL_FUNCTIONS(SAMC_CURL_ASSIGN)
#undef SAMC_CURL_ASSIGN
	return 0;
}

void samc_curl_api_unload(samc_curl_api *api)
{
	samc_dl_close(api->lib);
	memset(api, 0, sizeof(*api));
}
