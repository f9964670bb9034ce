/* test_dl.c — the run-time loader of libcurl and libgit2 (lib/util/dl*.c): tables fully
 * resolved, usable and released, from several threads too; a clear error naming the package
 * when a library or one of its functions is missing. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/dl.h"
#include "util/dl_curl.h"
#include "util/dl_git2.h"

static void test_missing_library_names_its_package(void **state)
{
	(void)state;
	const samc_dl_library lib = {"libsamc-absent-test.so.9", "libabsent", "libabsent9"};
	void *handle = (void *)&lib;
	samc_error *err = NULL;
	assert_int_equal(samc_dl_open(&lib, &handle, &err), SAMC_EIO);
	assert_null(handle);
	assert_non_null(err);
	const char *msg = samc_error_message(err);
	assert_non_null(strstr(msg, "libabsent (libabsent9) is not installed: "));
	assert_non_null(strstr(msg, "libsamc-absent-test.so.9"));
	samc_error_free(err);
}

static void test_missing_function_is_named(void **state)
{
	(void)state;
	const samc_dl_library lib = {"libc.so.6", "the C library", "libc6"};
	void *handle = NULL;
	assert_int_equal(samc_dl_open(&lib, &handle, NULL), 0);
	assert_non_null(handle);
	const char *const names[] = {"malloc", "samc_no_such_function"};
	void *syms[2] = {NULL, NULL};
	samc_error *err = NULL;
	assert_int_equal(samc_dl_symbols(&lib, handle, names, syms, 2, &err), SAMC_EIO);
	assert_non_null(syms[0]);
	assert_non_null(strstr(samc_error_message(err),
			       "libc.so.6 (libc6) has no function samc_no_such_function: "));
	samc_error_free(err);
	samc_dl_close(handle);
	samc_dl_close(NULL);
}

static void test_curl_table_is_complete_and_works(void **state)
{
	(void)state;
	samc_curl_api api;
	assert_int_equal(samc_curl_api_load(&api, NULL), 0);
	assert_non_null(api.lib);
#define CHECK_MEMBER(member, function) assert_non_null((void *)api.member);
	SAMC_CURL_FUNCTIONS(CHECK_MEMBER)
#undef CHECK_MEMBER
	assert_string_equal(api.easy_strerror(CURLE_OK), "No error");
	CURL *h = api.easy_init();
	assert_non_null(h);
	assert_int_equal(api.easy_setopt(h, CURLOPT_URL, "http://127.0.0.1:1/"), CURLE_OK);
	api.easy_reset(h);
	api.easy_cleanup(h);
	struct curl_slist *l = api.slist_append(NULL, "A: b");
	assert_non_null(l);
	assert_string_equal(l->data, "A: b");
	api.slist_free_all(l);
	samc_curl_api_unload(&api);
	assert_null(api.lib);
	assert_null((void *)api.easy_init);
	samc_curl_api_unload(&api); /* a zeroed table is ignored */
}

static void test_git2_table_is_complete_and_works(void **state)
{
	(void)state;
	samc_git2_api api;
	assert_int_equal(samc_git2_api_load(&api, NULL), 0);
#define CHECK_MEMBER(member, function) assert_non_null((void *)api.member);
	SAMC_GIT2_FUNCTIONS(CHECK_MEMBER)
#undef CHECK_MEMBER
	assert_true(api.libgit2_init() >= 1);
	git_clone_options o;
	assert_int_equal(api.clone_options_init(&o, GIT_CLONE_OPTIONS_VERSION), 0);
	assert_int_equal(o.version, GIT_CLONE_OPTIONS_VERSION);
	assert_true(api.libgit2_shutdown() >= 0);
	samc_git2_api_unload(&api);
	assert_null(api.lib);
}

/* Each table holds its own reference: dropping one leaves the other usable. */
static void test_tables_are_independent(void **state)
{
	(void)state;
	samc_curl_api a, b;
	assert_int_equal(samc_curl_api_load(&a, NULL), 0);
	assert_int_equal(samc_curl_api_load(&b, NULL), 0);
	samc_curl_api_unload(&a);
	CURL *h = b.easy_init();
	assert_non_null(h);
	b.easy_cleanup(h);
	samc_curl_api_unload(&b);
	assert_int_equal(samc_curl_api_load(&a, NULL), 0);
	samc_curl_api_unload(&a);
}

static void *load_many(void *arg)
{
	int *failures = arg;
	for (int i = 0; i < 20; i++) {
		samc_curl_api curl;
		samc_git2_api git;
		if (samc_curl_api_load(&curl, NULL) != 0 || samc_git2_api_load(&git, NULL) != 0) {
			(*failures)++;
			return NULL;
		}
		CURL *h = curl.easy_init();
		if (!h || git.libgit2_init() < 1)
			(*failures)++;
		else
			git.libgit2_shutdown();
		if (h)
			curl.easy_cleanup(h);
		samc_git2_api_unload(&git);
		samc_curl_api_unload(&curl);
	}
	return NULL;
}

static void test_loading_from_threads(void **state)
{
	(void)state;
	pthread_t tids[8];
	int failures[8] = {0};
	for (int t = 0; t < 8; t++)
		assert_int_equal(pthread_create(&tids[t], NULL, load_many, &failures[t]), 0);
	for (int t = 0; t < 8; t++) {
		assert_int_equal(pthread_join(tids[t], NULL), 0);
		assert_int_equal(failures[t], 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_library_names_its_package),
		cmocka_unit_test(test_missing_function_is_named),
		cmocka_unit_test(test_curl_table_is_complete_and_works),
		cmocka_unit_test(test_git2_table_is_complete_and_works),
		cmocka_unit_test(test_tables_are_independent),
		cmocka_unit_test(test_loading_from_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
