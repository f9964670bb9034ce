/* language_extensions.c — the AWS::LanguageExtensions entry point: finds the transform in the
 * Transform list, runs the passes in order, removes the name and words the error. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "transform/language_extensions.h"
#include "transform/xf.h"
#include "util/buf.h"
#include "util/error.h"

bool samc_langext_declares(const cJSON *tpl, const char *name)
{
	const cJSON *t = cJSON_IsObject(tpl) ? cJSON_GetObjectItemCaseSensitive(tpl, "Transform") : NULL;
	if (cJSON_IsString(t))
		return strcmp(t->valuestring, name) == 0;
	for (const cJSON *item = cJSON_IsArray(t) ? t->child : NULL; item; item = item->next)
		if (cJSON_IsString(item) && strcmp(item->valuestring, name) == 0)
			return true;
	return false;
}

bool samc_langext_only(const cJSON *tpl)
{
	return samc_langext_declares(tpl, LX_TRANSFORM) && !samc_langext_declares(tpl, LX_SAM_TRANSFORM);
}

int lx_fail(lx *c, const cJSON *at, const char *fmt, ...)
{
	if (c->message || c->nomem)
		return LX_FAIL;
	samc_buf b = SAMC_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	samc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	c->message = samc_buf_detach(&b);
	if (!c->message)
		c->nomem = true;
	if (!at || !samc_node_pos(at, &c->pos))
		c->pos = (samc_pos){0, 0};
	return LX_FAIL;
}

int lx_nomem(lx *c)
{
	c->nomem = true;
	return LX_FAIL;
}

/* Drops AWS::LanguageExtensions from the Transform; an emptied Transform goes away. */
static void remove_transform_name(cJSON *tpl)
{
	cJSON *t = cJSON_GetObjectItemCaseSensitive(tpl, "Transform");
	if (cJSON_IsString(t)) {
		cJSON_DeleteItemFromObjectCaseSensitive(tpl, "Transform");
		return;
	}
	for (cJSON *item = t->child, *next; item; item = next) {
		next = item->next;
		if (cJSON_IsString(item) && strcmp(item->valuestring, LX_TRANSFORM) == 0)
			cJSON_Delete(cJSON_DetachItemViaPointer(t, item));
	}
	if (!t->child)
		cJSON_DeleteItemFromObjectCaseSensitive(tpl, "Transform");
}

static int run_passes(lx *c)
{
	if (lx_expand_foreach(c) || lx_resolve_policies(c) || lx_resolve_functions(c))
		return LX_FAIL;
	return LX_OK;
}

static int report(lx *c, const char *file, samc_error **err)
{
	if (c->nomem || !c->message)
		return SAMC_ENOMEM;
	samc_error_set(err, SAMC_EINVALID, file, c->pos.line, c->pos.column,
		       "Transform " LX_TRANSFORM " failed with: %s", c->message);
	if (err && *err && samc_error_add_cause(*err, samc_error_message(*err), c->pos.line, c->pos.column))
		return SAMC_ENOMEM;
	return SAMC_EINVALID;
}

int samc_language_extensions(cJSON *tpl, const cJSON *overrides, const char *region, const char *file,
			     samc_error **err)
{
	if (!samc_langext_declares(tpl, LX_TRANSFORM))
		return 0;
	lx c = {.tpl = tpl};
	int rc = 0;
	if (lx_params_init(&c, overrides, region) || run_passes(&c))
		rc = report(&c, file, err);
	else
		remove_transform_name(tpl);
	cJSON_Delete(c.params);
	cJSON_Delete(c.list_params);
	free(c.message);
	return rc;
}
