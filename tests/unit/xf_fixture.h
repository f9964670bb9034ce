/* xf_fixture.h — a transform context built by hand for expander unit tests: YAML templates in,
 * compact JSON (input key order) and full error texts out. Include after cmocka.h. */
#ifndef SAMC_TESTS_XF_FIXTURE_H
#define SAMC_TESTS_XF_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "json/emit.h"
#include "transform/xf.h"
#include "util/buf.h"

static const samc_json_style fx_compact = {-1, false, ",", ":", false};

/* Parses YAML (or JSON) text into a cJSON tree owned by the caller. */
static inline cJSON *fx_yaml(const char *text)
{
	samc_document *doc = NULL;
	samc_error *err = NULL;
	int rc = samc_document_load_buffer(&doc, text, strlen(text), "test", NULL, &err);
	assert_int_equal(rc, 0);
	samc_error_free(err);
	cJSON *root = doc->root;
	doc->root = NULL;
	samc_document_free(doc);
	return root;
}

/* Compact JSON of v in its key order (malloc'd). */
static inline char *fx_json(const cJSON *v)
{
	samc_buf b = SAMC_BUF_INIT;
	samc_json_emit(&b, v, &fx_compact);
	return samc_buf_detach(&b);
}

static inline void fx_assert_json(const cJSON *v, const char *expected)
{
	char *s = fx_json(v);
	assert_non_null(s);
	assert_string_equal(s, expected);
	free(s);
}

/* The parameter values the reference would use: each Parameters.<P>.Default. */
static inline void fx_default_params(xf *x)
{
	const cJSON *params = xf_get(x->tpl, "Parameters");
	for (const cJSON *p = params ? params->child : NULL; p; p = p->next) {
		const cJSON *def = xf_get(p, "Default");
		if (def)
			cJSON_AddItemToObject(x->params, p->string, cJSON_Duplicate(def, 1));
	}
}

static inline void fx_init(xf *x, const char *template_yaml)
{
	memset(x, 0, sizeof(*x));
	x->region = "us-east-1";
	x->partition = "aws";
	x->tpl = fx_yaml(template_yaml);
	x->resources = cJSON_GetObjectItemCaseSensitive(x->tpl, "Resources");
	if (!x->resources)
		x->resources = cJSON_AddObjectToObject(x->tpl, "Resources");
	x->params = cJSON_CreateObject();
	fx_default_params(x);
}

/* Removes the SAM resource `id` from the output (as the translator does before expanding it)
 * and returns it; the caller frees or retires it. */
static inline cJSON *fx_take(xf *x, const char *id)
{
	cJSON *r = cJSON_DetachItemFromObjectCaseSensitive(x->resources, id);
	assert_non_null(r);
	return r;
}

/* The full text of the pending error ("Resource with id [X] is invalid. ..."), as a cause. */
static inline void fx_assert_error(xf *x, const char *expected)
{
	assert_int_not_equal(x->pending.kind, XF_ERR_NONE);
	assert_int_equal(xf_collect_pending(x), XF_OK);
	assert_true(x->ncauses > 0);
	assert_string_equal(x->causes[x->ncauses - 1].message, expected);
}

static inline void fx_free(xf *x)
{
	xf_context_release(x);
}

/* Runs an expander on resource `id` of the template; returns its result. */
static inline int fx_expand(xf *x, xf_expander expand, const char *id)
{
	cJSON *sam = fx_take(x, id);
	int rc = expand(x, id, sam);
	xf_retire(x, sam); /* the input snapshot may point at it */
	return rc;
}

/* Reads a whole file into a cJSON tree (JSON text), failing the test when it cannot. */
static inline cJSON *fx_read_json(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	samc_buf b = SAMC_BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		samc_buf_put(&b, chunk, n);
	fclose(f);
	cJSON *v = cJSON_Parse(samc_buf_cstr(&b));
	samc_buf_free(&b);
	assert_non_null(v);
	return v;
}

/* `samc_transform` of SAMC_TEST_DATA/<input> in `region` equals the JSON in
 * SAMC_TEST_DATA/<expected> (key order free); skips when SAMC_TEST_DATA is not set. */
static inline void fx_assert_transform_file(const char *input, const char *expected, const char *region)
{
	const char *dir = getenv("SAMC_TEST_DATA");
	if (!dir)
		skip();
	char *in = samc_strfmt("%s/%s", dir, input);
	char *expected_path = samc_strfmt("%s/%s", dir, expected);
	samc_document *doc = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_document_load_file(&doc, in, NULL, &err), SAMC_OK);
	samc_transform_options opts = {.region = region};
	char *out = NULL;
	assert_int_equal(samc_transform(doc, &opts, &out, &err), SAMC_OK);
	cJSON *actual = cJSON_Parse(out), *want = fx_read_json(expected_path);
	assert_true(xf_equal(actual, want));
	cJSON_Delete(actual);
	cJSON_Delete(want);
	samc_free(out);
	samc_document_free(doc);
	free(in);
	free(expected_path);
}

#endif
