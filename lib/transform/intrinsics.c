/* intrinsics.c — the reference's intrinsics resolver: parameter Refs and Fn::Sub variables,
 * Fn::FindInMap through Mappings, and rewriting references to renamed or derived resources. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "json/shared_text.h"
#include "transform/intrinsics.h"
#include "transform/py27.h"
#include "util/buf.h"

/* _get_parameter_value: placeholders of CloudFormation are never resolved. */
static const cJSON *param_value(const xf *x, const char *name)
{
	const cJSON *v = xf_get(x->params, name);
	if (cJSON_IsString(v) && strncmp(v->valuestring, "{{IntrinsicFunction:", 20) == 0)
		return NULL;
	return v;
}

/* One ${name} match of the reference's regex: [A-Za-z0-9.]+ or AWS::[A-Z][A-Za-z]* */
static size_t match_sub_name(const char *s)
{
	size_t n = 0;
	if (strncmp(s, "AWS::", 5) == 0 && isupper((unsigned char)s[5])) {
		n = 6;
		while (isalpha((unsigned char)s[n]))
			n++;
		if (s[n] == '}')
			return n;
	}
	n = 0;
	while (isalnum((unsigned char)s[n]) || s[n] == '.')
		n++;
	return s[n] == '}' ? n : 0;
}

/* Replaces the first occurrence of `needle` in `text` (Python str.replace(a, b, 1)). */
static char *replace_first(const char *text, const char *needle, const char *with)
{
	const char *at = strstr(text, needle);
	if (!at)
		return samc_strdup(text);
	samc_buf b = SAMC_BUF_INIT;
	samc_buf_put(&b, text, (size_t)(at - text));
	samc_buf_puts(&b, with);
	samc_buf_puts(&b, at + strlen(needle));
	return samc_buf_detach(&b);
}

int xf_sub_each_ref(xf *x, cJSON *str_node, xf_sub_handler handler, void *ctx)
{
	const char *text = str_node->valuestring;
	char *out = samc_strdup(text);
	if (!out)
		return XF_NOMEM;
	for (const char *p = strstr(text, "${"); p; p = strstr(p + 1, "${")) {
		size_t n = match_sub_name(p + 2);
		if (!n)
			continue;
		char *full = samc_strfmt("%.*s", (int)n + 3, p);
		char *name = samc_strfmt("%.*s", (int)n, p + 2);
		char *replacement = NULL;
		int rc = full && name ? handler(x, full, name, &replacement, ctx) : XF_NOMEM;
		if (rc == XF_OK && replacement) {
			char *next = replace_first(out, full, replacement);
			free(out);
			out = next;
		}
		free(full);
		free(name);
		free(replacement);
		if (rc != XF_OK || !out) {
			free(out);
			return rc != XF_OK ? rc : XF_NOMEM;
		}
		p += n + 2;
	}
	bool set = samc_json_set_text(str_node, out);
	free(out);
	return set ? XF_OK : XF_NOMEM;
}

static int sub_param_handler(xf *x, const char *full, const char *name, char **out, void *ctx)
{
	(void)ctx;
	const cJSON *v = param_value(x, name);
	if (!v)
		return XF_OK;
	if (!cJSON_IsString(v)) {
		char *s = xf_pystr(v);
		xf_fail_document(x,
				 "Invalid Fn::Sub variable value %s. Fn::Sub expects all variables to be strings.",
				 s ? s : "");
		free(s);
		return XF_FAIL;
	}
	(void)full;
	*out = samc_strdup(v->valuestring);
	return *out ? XF_OK : XF_NOMEM;
}

/* The string operand of an Fn::Sub: the value itself or the first list item. */
static cJSON *sub_text_node(cJSON *sub)
{
	cJSON *v = sub->child;
	if (cJSON_IsString(v))
		return v;
	if (cJSON_IsArray(v) && cJSON_IsString(v->child))
		return v->child;
	return NULL;
}

static int resolve_param_node(xf *x, cJSON *node, cJSON **replacement, void *ctx)
{
	(void)ctx;
	if (xf_is_fn(node, "Ref")) {
		if (!cJSON_IsString(node->child))
			return XF_OK;
		const cJSON *value = param_value(x, node->child->valuestring);
		if (!value)
			return XF_OK;
		*replacement = cJSON_Duplicate(value, 1);
		return *replacement ? XF_OK : XF_NOMEM;
	}
	if (xf_is_fn(node, "Fn::Sub")) {
		cJSON *text = sub_text_node(node);
		return text ? xf_sub_each_ref(x, text, sub_param_handler, NULL) : XF_OK;
	}
	return XF_OK;
}

/* Puts `with` in the place of `node` (freeing node); returns with. */
static cJSON *replace_node(cJSON *parent, cJSON *node, cJSON *with, cJSON **root)
{
	if (!parent) {
		*root = with;
		cJSON_Delete(node);
		return with;
	}
	if (!(with->type & cJSON_StringIsConst))
		free(with->string);
	with->string = NULL;
	/* the key stays the parent's key object: keep its Py27UniStr mark */
	with->type &= ~SAMC_PY27_KEY_UNICODE;
	with->type |= node->type & SAMC_PY27_KEY_UNICODE;
	if (node->string) {
		with->string = samc_strdup(node->string);
		with->type &= ~cJSON_StringIsConst;
	}
	cJSON_ReplaceItemViaPointer(parent, node, with);
	return with;
}

static int walk(xf *x, cJSON *parent, cJSON *node, cJSON **root, xf_node_resolver resolver, void *ctx)
{
	cJSON *replacement = NULL;
	int rc = resolver(x, node, &replacement, ctx);
	if (rc) {
		cJSON_Delete(replacement);
		return rc;
	}
	if (replacement)
		node = replace_node(parent, node, replacement, root);
	if (!cJSON_IsObject(node) && !cJSON_IsArray(node))
		return XF_OK;
	for (cJSON *c = node->child; c;) {
		cJSON *next = c->next;
		rc = walk(x, node, c, root, resolver, ctx);
		if (rc)
			return rc;
		c = next;
	}
	return XF_OK;
}

int xf_traverse(xf *x, cJSON **root, xf_node_resolver resolver, void *ctx)
{
	if (!*root)
		return XF_OK;
	return walk(x, NULL, *root, root, resolver, ctx);
}

int xf_resolve_params(xf *x, cJSON **v)
{
	if (!x->params || !x->params->child)
		return XF_OK;
	return xf_traverse(x, v, resolve_param_node, NULL);
}

cJSON *xf_resolved_copy(xf *x, const cJSON *v)
{
	if (!v)
		return NULL;
	cJSON *copy = cJSON_Duplicate(v, 1);
	if (copy && xf_resolve_params(x, &copy)) {
		cJSON_Delete(copy);
		return NULL;
	}
	return copy;
}

/* ---- Fn::FindInMap through Mappings ---- */

static int find_in_map_node(xf *x, cJSON *node, cJSON **replacement, void *ctx)
{
	const cJSON *mappings = ctx;
	if (!xf_is_fn(node, "Fn::FindInMap"))
		return XF_OK;
	const cJSON *args = node->child;
	if (!cJSON_IsArray(args) || cJSON_GetArraySize(args) != 3) {
		char *s = xf_pystr(args);
		xf_fail_document(x, "Invalid FindInMap value %s. FindInMap expects an array with 3 values.",
				 s ? s : "");
		free(s);
		return XF_FAIL;
	}
	/* the reference resolves each argument (nested FindInMap) before the lookup */
	for (cJSON *a = args->child; a; a = a->next) {
		cJSON *arg = a;
		cJSON *rep = NULL;
		int rc = find_in_map_node(x, arg, &rep, ctx);
		if (rc) {
			cJSON_Delete(rep);
			return rc;
		}
		if (rep) {
			cJSON_ReplaceItemViaPointer((cJSON *)args, arg, rep);
			a = rep;
		}
	}
	const cJSON *m = args->child, *k1 = m->next, *k2 = k1->next;
	if (!cJSON_IsString(m) || !cJSON_IsString(k1) || !cJSON_IsString(k2))
		return XF_OK;
	const cJSON *map = xf_get(mappings, m->valuestring);
	if (!map)
		return XF_OK;
	const cJSON *top = cJSON_IsObject(map) ? xf_get(map, k1->valuestring) : NULL;
	if (!cJSON_IsObject(map) || (top && !cJSON_IsObject(top)))
		return xf_fail_document(x, "Cannot use Fn::FindInMap on Mapping '%s' which is not a a two-level map.",
					m->valuestring);
	const cJSON *value = top ? xf_get(top, k2->valuestring) : NULL;
	if (!value)
		return XF_OK;
	*replacement = cJSON_Duplicate(value, 1);
	return *replacement ? XF_OK : XF_NOMEM;
}

int xf_resolve_find_in_map(xf *x, cJSON **v)
{
	const cJSON *mappings = xf_get(x->tpl, "Mappings");
	if (!cJSON_IsObject(mappings) || !mappings->child)
		return XF_OK;
	return xf_traverse(x, v, find_in_map_node, (void *)mappings);
}

/* ---- renamed ids (layers) ---- */

static const char *new_id(const cJSON *changed, const char *old)
{
	const char *s = xf_get_str(changed, old);
	return s && *s ? s : NULL;
}

static int sub_id_handler(xf *x, const char *full, const char *name, char **out, void *ctx)
{
	(void)x;
	char *logical = samc_strdup(name);
	if (!logical)
		return XF_NOMEM;
	char *dot = strchr(logical, '.');
	if (dot)
		*dot = '\0';
	const char *to = new_id(ctx, logical);
	if (to) {
		/* full_ref.replace(logical_id, resolved): every occurrence, as Python's replace does */
		samc_buf b = SAMC_BUF_INIT;
		size_t n = strlen(logical);
		for (const char *p = full; *p;) {
			if (n && strncmp(p, logical, n) == 0) {
				samc_buf_puts(&b, to);
				p += n;
			} else
				samc_buf_putc(&b, *p++);
		}
		*out = samc_buf_detach(&b);
	}
	free(logical);
	return to && !*out ? XF_NOMEM : XF_OK;
}

/* Joins a GetAtt's string items with '.', or NULL when they are not all strings (min 2). */
static char *getatt_joined(const cJSON *args)
{
	if (!cJSON_IsArray(args) || cJSON_GetArraySize(args) < 2)
		return NULL;
	samc_buf b = SAMC_BUF_INIT;
	for (const cJSON *a = args->child; a; a = a->next) {
		if (!cJSON_IsString(a)) {
			samc_buf_free(&b);
			return NULL;
		}
		if (a != args->child)
			samc_buf_putc(&b, '.');
		samc_buf_puts(&b, a->valuestring);
	}
	return samc_buf_detach(&b);
}

/* Builds [resolved, *remaining] from the dot-split parts after `skip` parts. */
static cJSON *getatt_rebuilt(const char *resolved, const char *joined, int skip)
{
	cJSON *arr = cJSON_CreateArray();
	if (!arr)
		return NULL;
	cJSON_AddItemToArray(arr, cJSON_CreateString(resolved));
	const char *p = joined;
	for (int i = 0; i < skip && p; i++) {
		p = strchr(p, '.');
		if (p)
			p++;
	}
	while (p) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		char *part = samc_strfmt("%.*s", (int)n, p);
		cJSON_AddItemToArray(arr, cJSON_CreateString(part ? part : ""));
		free(part);
		p = dot ? dot + 1 : NULL;
	}
	cJSON *o = cJSON_CreateObject();
	SAMC_JSON_ADD(o, "Fn::GetAtt", arr);
	return o;
}

static int id_ref_node(xf *x, cJSON *node, cJSON **replacement, void *ctx)
{
	const cJSON *changed = ctx;
	if (xf_is_fn(node, "Ref") && cJSON_IsString(node->child)) {
		const char *to = new_id(changed, node->child->valuestring);
		if (to)
			*replacement = xf_ref(to);
		return XF_OK;
	}
	if (xf_is_fn(node, "Fn::GetAtt")) {
		char *joined = getatt_joined(node->child);
		if (!joined)
			return XF_OK;
		char *first = samc_strdup(joined);
		char *dot = first ? strchr(first, '.') : NULL;
		if (dot)
			*dot = '\0';
		const char *to = first ? new_id(changed, first) : NULL;
		if (to)
			*replacement = getatt_rebuilt(to, joined, 1);
		free(first);
		free(joined);
		return XF_OK;
	}
	if (xf_is_fn(node, "Fn::Sub")) {
		cJSON *text = sub_text_node(node);
		return text ? xf_sub_each_ref(x, text, sub_id_handler, (void *)changed) : XF_OK;
	}
	return XF_OK;
}

int xf_resolve_id_refs(xf *x, cJSON **root, const cJSON *changed_ids)
{
	if (!changed_ids || !changed_ids->child)
		return XF_OK;
	return xf_traverse(x, root, id_ref_node, (void *)changed_ids);
}

/* ---- derived references: X.Alias, X.Stage ... ---- */

static const char *referable(const xf *x, const char *logical, const char *property)
{
	const char *s = xf_get_str(xf_get(x->referables, logical), property);
	return s && *s ? s : NULL;
}

/* Splits "A.B..." at the first dot into logical and property (both non-empty). */
static bool split_ref(const char *value, char **logical, char **property)
{
	const char *dot = strchr(value, '.');
	if (!dot || dot == value || !dot[1])
		return false;
	*logical = samc_strfmt("%.*s", (int)(dot - value), value);
	*property = samc_strdup(dot + 1);
	return *logical && *property;
}

static int sub_resource_handler(xf *x, const char *full, const char *name, char **out, void *ctx)
{
	(void)ctx;
	const char *dot = strchr(name, '.');
	if (!dot)
		return XF_OK;
	const char *dot2 = strchr(dot + 1, '.');
	char *logical = samc_strfmt("%.*s", (int)(dot - name), name);
	char *property = dot2 ? samc_strfmt("%.*s", (int)(dot2 - dot - 1), dot + 1) : samc_strdup(dot + 1);
	const char *to = logical && property ? referable(x, logical, property) : NULL;
	if (to) {
		char *pair = samc_strfmt("%s.%s", logical, property);
		const char *at = pair ? strstr(full, pair) : NULL;
		if (at)
			*out = samc_strfmt("%.*s%s%s", (int)(at - full), full, to, at + strlen(pair));
		free(pair);
	}
	free(logical);
	free(property);
	return XF_OK;
}

static int resource_ref_node(xf *x, cJSON *node, cJSON **replacement, void *ctx)
{
	(void)ctx;
	if (xf_is_fn(node, "Ref") && cJSON_IsString(node->child)) {
		char *logical = NULL, *property = NULL;
		if (split_ref(node->child->valuestring, &logical, &property)) {
			const char *to = referable(x, logical, property);
			if (to)
				*replacement = xf_ref(to);
		}
		free(logical);
		free(property);
		return XF_OK;
	}
	if (xf_is_fn(node, "Fn::GetAtt")) {
		char *joined = getatt_joined(node->child);
		char *logical = NULL, *property = NULL;
		if (joined && split_ref(joined, &logical, &property)) {
			char *dot = strchr(property, '.');
			if (dot)
				*dot = '\0';
			const char *to = referable(x, logical, property);
			if (to)
				*replacement = getatt_rebuilt(to, joined, 2);
		}
		free(logical);
		free(property);
		free(joined);
		return XF_OK;
	}
	if (xf_is_fn(node, "Fn::Sub")) {
		cJSON *text = sub_text_node(node);
		return text ? xf_sub_each_ref(x, text, sub_resource_handler, NULL) : XF_OK;
	}
	return XF_OK;
}

int xf_resolve_resource_refs(xf *x, cJSON **root)
{
	if (!x->referables || !x->referables->child)
		return XF_OK;
	return xf_traverse(x, root, resource_ref_node, NULL);
}
