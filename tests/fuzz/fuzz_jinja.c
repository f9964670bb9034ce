/* fuzz_jinja.c — fuzz target for the cookiecutter renderer: the input as Jinja template text
 * rendered against a fixed context, and, when it is a JSON object, as a cookiecutter.json
 * whose context is built without prompting. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "fuzz.h"
#include "init/init_int.h"
#include "init/jinja.h"

/* Small limits keep each run short; the limit paths are what is being checked. */
static const jinja_limits limits = {.max_output = 1 << 20, .max_steps = 200000, .max_depth = 64};

static const char context_json[] =
	"{\"cookiecutter\": {\"project_name\": \"sam-app\", \"runtime\": \"python3.13\","
	" \"architectures\": {\"value\": [\"x86_64\", \"arm64\"]}, \"n\": 3, \"f\": 1.5,"
	" \"yes\": true, \"none\": null, \"list\": [1, \"two\", [3], {\"k\": \"v\"}],"
	" \"_copy_without_render\": [\"*.html\", \"static/*\"]}}";

static void render_text(const uint8_t *data, size_t size)
{
	cJSON *vars = cJSON_Parse(context_json);
	jinja_template *t = NULL;
	samc_error *err = NULL;
	if (vars && jinja_parse(&t, (const char *)data, size, "fuzz.j2", &limits, &err) == SAMC_OK) {
		samc_buf out = SAMC_BUF_INIT;
		samc_error *render_err = NULL;
		jinja_render(t, vars, &limits, &out, &render_err);
		samc_buf_free(&out);
		samc_error_free(render_err);
	}
	jinja_free(t);
	samc_error_free(err);
	cJSON_Delete(vars);
}

static void build_context(const uint8_t *data, size_t size)
{
	const char *path = fuzz_write_scratch("cookiecutter.json", data, size);
	if (!path)
		return;
	samc_init_options opts = {.no_input = 1};
	cJSON *ctx = NULL;
	samc_error *err = NULL;
	if (cc_build_context(fuzz_scratch_dir(), NULL, &opts, &ctx, &err) == SAMC_OK) {
		(void)cc_copy_without_render(ctx, "{{cookiecutter.project_name}}/index.html");
		(void)cc_copy_without_render(ctx, "static/app.js");
	}
	cJSON_Delete(ctx);
	samc_error_free(err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	render_text(data, size);
	size_t i = 0;
	while (i < size && strchr(" \t\r\n", data[i]))
		i++;
	if (i < size && data[i] == '{')
		build_context(data, size);
	return 0;
}
