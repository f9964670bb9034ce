/* fuzz_transform.c — fuzz target for the SAM transform: load the input, then expand it into
 * CloudFormation JSON (local code allowed, so every code path is reachable offline). */
#include <stdint.h>

#include "fuzz.h"
#include "samc/samc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	samc_document *doc = NULL;
	samc_error *err = NULL;
	if (samc_document_load_buffer(&doc, (const char *)data, size, "fuzz.yaml", NULL, &err) ==
	    SAMC_OK) {
		samc_transform_options opts = {.region = "eu-west-1", .allow_local_code = 1};
		char *out = NULL;
		samc_error *xf_err = NULL;
		if (samc_transform(doc, &opts, &out, &xf_err) != SAMC_OK)
			(void)samc_error_message(xf_err);
		samc_free(out);
		samc_error_free(xf_err);
	}
	samc_error_free(err);
	samc_document_free(doc);
	return 0;
}
