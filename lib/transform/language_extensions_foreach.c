/* language_extensions_foreach.c — Fn::ForEach: loops in Conditions, Resources and Outputs (and
 * inside them), collections from lists or list parameters, ${Id} / &{Id} / Ref Id substitution. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "json/values.h"
#include "transform/language_extensions.h"
#include "transform/xf.h"
#include "util/buf.h"

#define FOREACH_PREFIX "Fn::ForEach::"
#define MAX_DEPTH 5

/* The identifiers of the loops around the one being expanded. */
typedef struct loop_stack {
	const char *ids[MAX_DEPTH];
	int depth;
} loop_stack;

/* What one iteration puts in place of the identifier. */
typedef struct binding {
	const char *id;
	const char *raw;   /* ${Id} and Ref Id */
	char *alnum;       /* &{Id}: the value without its non-alphanumeric characters */
} binding;

static bool is_foreach_key(const char *key)
{
	return key && strncmp(key, FOREACH_PREFIX, strlen(FOREACH_PREFIX)) == 0;
}

static char *alnum_only(const char *s)
{
	char *out = malloc(strlen(s) + 1);
	size_t n = 0;
	for (; out && *s; s++)
		if ((unsigned char)*s < 0x80 && isalnum((unsigned char)*s))
			out[n++] = *s;
	if (out)
		out[n] = '\0';
	return out;
}

/* ---- substitution ---- */

/* s with ${Id} and &{Id} replaced; NULL when nothing changes or on allocation failure (*oom). */
static char *substitute_text(const char *s, const binding *b, bool *oom)
{
	size_t idlen = strlen(b->id);
	samc_buf out = SAMC_BUF_INIT;
	bool changed = false;
	for (const char *p = s; *p;) {
		if ((p[0] == '$' || p[0] == '&') && p[1] == '{' && strncmp(p + 2, b->id, idlen) == 0 &&
		    p[2 + idlen] == '}') {
			samc_buf_puts(&out, p[0] == '$' ? b->raw : b->alnum);
			p += idlen + 3;
			changed = true;
		} else
			samc_buf_putc(&out, *p++);
	}
	if (!changed) {
		samc_buf_free(&out);
		return NULL;
	}
	char *r = samc_buf_detach(&out);
	*oom = !r;
	return r;
}

/* Turns {"Ref": Id} into the string value, in place (the node keeps its key and position). */
static bool become_string(cJSON *node, const char *text)
{
	char *copy = samc_strdup(text);
	if (!copy)
		return false;
	cJSON_Delete(node->child);
	node->child = NULL;
	free(node->valuestring);
	node->valuestring = copy;
	node->type = (node->type & ~0xFF) | cJSON_String;
	return true;
}

static int substitute(lx *c, cJSON *node, const binding *b)
{
	bool oom = false;
	if (node->string) {
		char *key = substitute_text(node->string, b, &oom);
		if (key)
			samc_json_set_key(node, key);
	}
	if (cJSON_IsString(node)) {
		char *v = substitute_text(node->valuestring, b, &oom);
		if (v) {
			free(node->valuestring);
			node->valuestring = v;
		}
	}
	const char *ref = lx_ref_target(node);
	if (ref && strcmp(ref, b->id) == 0 && !become_string(node, b->raw))
		return lx_nomem(c);
	if (oom)
		return lx_nomem(c);
	for (cJSON *child = node->child; child; child = child->next)
		if (substitute(c, child, b))
			return LX_FAIL;
	return LX_OK;
}

/* ---- the collection ---- */

static int collection_from_ref(lx *c, const cJSON *loop, const char *param, cJSON **items)
{
	const cJSON *v = lx_param(c, param);
	if (!lx_param_is_list(c, param) || !cJSON_IsArray(v))
		return lx_fail(c, loop,
			       "%s: the collection must be a list or a Ref to a CommaDelimitedList or List<> "
			       "parameter with a value",
			       loop->string);
	*items = cJSON_Duplicate(v, 1);
	return *items ? LX_OK : lx_nomem(c);
}

static int collection_item(lx *c, const cJSON *loop, const cJSON *item, cJSON *items)
{
	char buf[32];
	const char *text = samc_json_scalar_text(item, buf);
	const char *ref = lx_ref_target(item);
	if (!text && ref && !lx_param_is_list(c, ref))
		text = cJSON_GetStringValue(lx_param(c, ref));
	if (!text)
		return lx_fail(c, item, "%s layout is incorrect", loop->string);
	cJSON *s = cJSON_CreateString(text);
	if (!s)
		return lx_nomem(c);
	cJSON_AddItemToArray(items, s);
	return LX_OK;
}

/* The collection as an array of strings. */
static int resolve_collection(lx *c, const cJSON *loop, const cJSON *coll, cJSON **items)
{
	*items = NULL;
	const char *ref = lx_ref_target(coll);
	if (ref)
		return collection_from_ref(c, loop, ref, items);
	if (!cJSON_IsArray(coll))
		return lx_fail(c, coll ? coll : loop, "%s layout is incorrect", loop->string);
	if (!(*items = cJSON_CreateArray()))
		return lx_nomem(c);
	const cJSON *item;
	cJSON_ArrayForEach(item, coll)
	{
		if (collection_item(c, loop, item, *items))
			return LX_FAIL;
	}
	return LX_OK;
}

/* ---- expansion ---- */

static int expand_object(lx *c, cJSON *obj, bool section, loop_stack *stack);

static int expand_children(lx *c, cJSON *node, loop_stack *stack)
{
	if (cJSON_IsObject(node))
		return expand_object(c, node, false, stack);
	for (cJSON *child = cJSON_IsArray(node) ? node->child : NULL; child; child = child->next)
		if (expand_children(c, child, stack))
			return LX_FAIL;
	return LX_OK;
}

static int check_layout(lx *c, const cJSON *loop)
{
	const char *name = loop->string + strlen(FOREACH_PREFIX);
	const cJSON *id = cJSON_GetArrayItem(loop, 0);
	if (!*name || !cJSON_IsArray(loop) || cJSON_GetArraySize(loop) != 3 || !cJSON_IsString(id) ||
	    !*id->valuestring || !cJSON_IsObject(cJSON_GetArrayItem(loop, 2)))
		return lx_fail(c, loop, "%s layout is incorrect", loop->string);
	return LX_OK;
}

static int check_names(lx *c, const cJSON *loop, const loop_stack *stack)
{
	const char *name = loop->string + strlen(FOREACH_PREFIX);
	const char *id = cJSON_GetArrayItem(loop, 0)->valuestring;
	const cJSON *params = xf_get(c->tpl, "Parameters");
	if (xf_get(params, id))
		return lx_fail(c, loop, "%s: identifier '%s' conflicts with parameter name", loop->string, id);
	for (int i = 0; i < stack->depth; i++)
		if (strcmp(stack->ids[i], id) == 0)
			return lx_fail(c, loop, "%s: identifier '%s' conflicts with another loop identifier",
				       loop->string, id);
	if (xf_get(params, name))
		return lx_fail(c, loop, "%s: loop name '%s' conflicts with parameter name", loop->string, name);
	if (xf_get(xf_get(c->tpl, "Resources"), name))
		return lx_fail(c, loop, "%s: loop name '%s' conflicts with a resource logical ID", loop->string,
			       name);
	if (stack->depth == MAX_DEPTH)
		return lx_fail(c, loop, "%s: Fn::ForEach loops nest at most %d deep", loop->string, MAX_DEPTH);
	return LX_OK;
}

/* Moves the members of `from` into `into`, refusing a key `into` already has; in a section
 * every key is a logical ID and must be alphanumeric. */
static int merge_members(lx *c, const cJSON *loop, cJSON *from, cJSON *into, bool section)
{
	while (from->child) {
		cJSON *m = cJSON_DetachItemViaPointer(from, from->child);
		if (section && !xf_is_logical_id(m->string)) {
			lx_fail(c, m, "%s produced the logical ID '%s', which is not alphanumeric (&{Id} drops the "
				      "non-alphanumeric characters of a value)",
				loop->string, m->string);
			cJSON_Delete(m);
			return LX_FAIL;
		}
		if (cJSON_GetObjectItemCaseSensitive(into, m->string)) {
			lx_fail(c, m, "%s produced the key '%s', which is already in use", loop->string, m->string);
			cJSON_Delete(m);
			return LX_FAIL;
		}
		cJSON_AddItemToArray(into, m);
	}
	return LX_OK;
}

/* One iteration: a copy of the body with the identifier bound, its own loops expanded. */
static int expand_iteration(lx *c, const cJSON *loop, const char *value, bool section, loop_stack *stack,
			    cJSON *out)
{
	binding b = {cJSON_GetArrayItem(loop, 0)->valuestring, value, alnum_only(value)};
	cJSON *copy = b.alnum ? cJSON_Duplicate(cJSON_GetArrayItem(loop, 2), 1) : NULL;
	int rc = copy ? LX_OK : lx_nomem(c);
	if (!rc)
		rc = substitute(c, copy, &b);
	if (!rc) {
		stack->ids[stack->depth++] = b.id;
		rc = expand_object(c, copy, section, stack);
		stack->depth--;
	}
	if (!rc)
		rc = merge_members(c, loop, copy, out, false);
	cJSON_Delete(copy);
	free(b.alnum);
	return rc;
}

/* The members one loop generates, in collection order. */
static int expand_loop(lx *c, const cJSON *loop, bool section, loop_stack *stack, cJSON **out)
{
	*out = NULL;
	if (check_layout(c, loop) || check_names(c, loop, stack))
		return LX_FAIL;
	cJSON *items = NULL;
	if (resolve_collection(c, loop, cJSON_GetArrayItem(loop, 1), &items)) {
		cJSON_Delete(items);
		return LX_FAIL;
	}
	*out = cJSON_CreateObject();
	int rc = *out ? LX_OK : lx_nomem(c);
	const cJSON *item;
	cJSON_ArrayForEach(item, items)
	{
		if (!rc)
			rc = expand_iteration(c, loop, item->valuestring, section, stack, *out);
	}
	cJSON_Delete(items);
	return rc;
}

/* Puts the generated members where the loop was, keeping the order of the object. */
static int splice(lx *c, cJSON *obj, cJSON *loop, cJSON *generated, bool section)
{
	cJSON *after = loop == obj->child ? NULL : loop->prev;
	cJSON_DetachItemViaPointer(obj, loop);
	cJSON *tail = cJSON_CreateObject();
	if (!tail) {
		cJSON_Delete(loop);
		return lx_nomem(c);
	}
	/* move what followed the loop aside, add the generated members, put the rest back */
	cJSON *rest = after ? after->next : obj->child;
	while (rest) {
		cJSON *next = rest->next;
		cJSON_AddItemToArray(tail, cJSON_DetachItemViaPointer(obj, rest));
		rest = next;
	}
	int rc = LX_OK;
	for (cJSON *m = generated->child; m && !rc; m = m->next)
		if (cJSON_GetObjectItemCaseSensitive(tail, m->string))
			rc = lx_fail(c, m, "%s produced the key '%s', which is already in use", loop->string,
				     m->string);
	if (!rc)
		rc = merge_members(c, loop, generated, obj, section);
	while (tail->child)
		cJSON_AddItemToArray(obj, cJSON_DetachItemViaPointer(tail, tail->child));
	cJSON_Delete(tail);
	cJSON_Delete(loop);
	return rc;
}

static int expand_object(lx *c, cJSON *obj, bool section, loop_stack *stack)
{
	for (cJSON *m = obj->child, *next; m; m = next) {
		next = m->next;
		if (!is_foreach_key(m->string)) {
			if (expand_children(c, m, stack))
				return LX_FAIL;
			continue;
		}
		cJSON *generated = NULL;
		int rc = expand_loop(c, m, section, stack, &generated);
		if (!rc)
			rc = splice(c, obj, m, generated, section);
		cJSON_Delete(generated);
		if (rc)
			return LX_FAIL;
	}
	return LX_OK;
}

/* Fn::ForEach anywhere under node (for the sections that do not allow it). */
static const cJSON *find_loop(const cJSON *node)
{
	for (const cJSON *child = node ? node->child : NULL; child; child = child->next) {
		if (cJSON_IsObject(node) && is_foreach_key(child->string))
			return child;
		const cJSON *found = find_loop(child);
		if (found)
			return found;
	}
	return NULL;
}

int lx_expand_foreach(lx *c)
{
	for (cJSON *section = c->tpl->child; section; section = section->next) {
		bool allowed = strcmp(section->string, "Conditions") == 0 || strcmp(section->string, "Resources") == 0 ||
			       strcmp(section->string, "Outputs") == 0;
		const cJSON *loop = allowed ? NULL : (is_foreach_key(section->string) ? section : find_loop(section));
		if (loop)
			return lx_fail(c, loop, "%s: Fn::ForEach can only be used in the Conditions, Resources and "
						"Outputs sections",
				       loop->string);
		loop_stack stack = {.depth = 0};
		if (allowed && cJSON_IsObject(section) && expand_object(c, section, true, &stack))
			return LX_FAIL;
	}
	return LX_OK;
}
