/* fuzz_lint.c — fuzz target for `samc validate`: load the input, lint it with every rule
 * family, and render the findings in the four formats. */
#include <stdint.h>

#include "fuzz.h"
#include "samc/samc.h"

static void render_all(const samc_lint_result *r)
{
	const samc_lint_result *one[1] = {r};
	for (int f = SAMC_LINT_TEXT; f <= SAMC_LINT_JUNIT; f++) {
		char *out = NULL;
		samc_lint_render(one, 1, (samc_lint_format)f, f == SAMC_LINT_TEXT, &out);
		samc_free(out);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	samc_document *doc = NULL;
	samc_error *err = NULL;
	samc_lint_result *r = NULL;
	int rc = samc_document_load_buffer(&doc, (const char *)data, size, "fuzz.yaml", NULL, &err);
	if (rc == SAMC_OK) {
		samc_lint_options opts = {.region = "us-west-2"};
		samc_error *lint_err = NULL;
		samc_lint(doc, &opts, &r, &lint_err);
		samc_error_free(lint_err);
	} else {
		samc_error *lint_err = NULL;
		samc_lint_load_failure("fuzz.yaml", rc, err, &r, &lint_err);
		samc_error_free(lint_err);
	}
	if (r) {
		for (size_t i = 0; i < samc_lint_count(r); i++)
			(void)samc_lint_finding(r, i);
		render_all(r);
	}
	samc_lint_result_free(r);
	samc_error_free(err);
	samc_document_free(doc);
	return 0;
}
