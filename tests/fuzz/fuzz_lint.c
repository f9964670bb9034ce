/* fuzz_lint.c — fuzz target for `samc validate`: load the input, lint it with every rule
 * family, and render the findings in the four formats. The input is also linted with the
 * families on two threads: any difference from one thread aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lint/lint.h"
#include "samc/samc.h"

static bool same_findings(const samc_lint_result *a, const samc_lint_result *b)
{
	if (samc_lint_count(a) != samc_lint_count(b))
		return false;
	for (size_t i = 0; i < samc_lint_count(a); i++) {
		const samc_finding *x = samc_lint_finding(a, i), *y = samc_lint_finding(b, i);
		if (strcmp(x->rule_id, y->rule_id) != 0 || strcmp(x->message, y->message) != 0 ||
		    x->line != y->line || x->column != y->column || x->severity != y->severity)
			return false;
	}
	return true;
}

/* Lints doc on one thread and on two (r from one); aborts when they disagree. */
static void lint_both_ways(const samc_document *doc, const samc_lint_options *opts, samc_lint_result **r)
{
	samc_error *err1 = NULL, *err2 = NULL;
	samc_lint_result *two = NULL;
	int rc1 = lint_run(doc, opts, LINT_THREADS_ONE, r, &err1);
	int rc2 = lint_run(doc, opts, LINT_THREADS_TWO, &two, &err2);
	if (rc1 != rc2 || (rc1 == SAMC_OK && !same_findings(*r, two)))
		abort();
	samc_lint_result_free(two);
	samc_error_free(err1);
	samc_error_free(err2);
}

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
		lint_both_ways(doc, &opts, &r);
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
