/* xf_fixture.h — a transform context built by hand for expander unit tests: YAML templates in,
 * compact JSON (input key order) and full error texts out. Include after cmocka.h. */
#ifndef SAMC_TESTS_XF_FIXTURE_H
#define SAMC_TESTS_XF_FIXTURE_H

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
 * and returns it; the caller frees it. */
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
	cJSON_Delete(sam);
	return rc;
}

#endif
