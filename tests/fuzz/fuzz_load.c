/* fuzz_load.c — fuzz target for the loader: YAML or JSON text into a samc_document, then
 * both renderings (JSON and YAML) of whatever loaded. */
#include <stdint.h>

#include "fuzz.h"
#include "samc/samc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	samc_document *doc = NULL;
	samc_error *err = NULL;
	if (samc_document_load_buffer(&doc, (const char *)data, size, "fuzz.yaml", NULL, &err) ==
	    SAMC_OK) {
		for (int f = SAMC_FORMAT_JSON; f <= SAMC_FORMAT_YAML; f++) {
			char *out = NULL;
			size_t len = 0;
			samc_error *render_err = NULL;
			samc_document_render(doc, (samc_format)f, &out, &len, &render_err);
			samc_free(out);
			samc_error_free(render_err);
		}
	} else {
		/* every part of the error must be readable */
		(void)samc_error_message(err);
		for (size_t i = 0; i < samc_error_count(err); i++) {
			const char *msg;
			unsigned line, col;
			samc_error_cause(err, i, &msg, &line, &col);
		}
	}
	samc_error_free(err);
	samc_document_free(doc);
	return 0;
}
