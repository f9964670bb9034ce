/* language_extensions_fn.c — the functions AWS::LanguageExtensions resolves in place:
 * Fn::Length, Fn::ToJsonString and Fn::FindInMap with a DefaultValue or computed keys. */
#include <stdio.h>
#include <string.h>

#include "json/members.h"
#include "json/values.h"
#include "transform/language_extensions.h"
#include "transform/xf.h"
#include "util/buf.h"

/* ---- Fn::Length ---- */

static int list_length(lx *c, const cJSON *call, int *n)
{
	const cJSON *arg = call->child;
	const char *ref = lx_ref_target(arg);
	const cJSON *value = ref && lx_param_is_list(c, ref) ? lx_param(c, ref) : NULL;
	if (cJSON_IsArray(arg))
		*n = cJSON_GetArraySize(arg);
	else if (cJSON_IsArray(value))
		*n = cJSON_GetArraySize(value);
	else if (ref && lx_param_is_list(c, ref))
		return lx_fail(c, call, "Fn::Length: parameter '%s' has no value", ref);
	else if (lx_is_intrinsic(arg) && !ref)
		return lx_fail(c, call, "Fn::Length: the list given by %s cannot be resolved before deployment",
			       arg->child->string);
	else
		return lx_fail(c, call, "Fn::Length layout is incorrect");
	return LX_OK;
}

static int resolve_length(lx *c, cJSON *parent, cJSON *call)
{
	int n = 0;
	if (list_length(c, call, &n))
		return LX_FAIL;
	cJSON *num = samc_int_new(n);
	if (!num)
		return lx_nomem(c);
	lx_replace(parent, call, num);
	return LX_OK;
}

/* ---- Fn::ToJsonString ---- */

/* The JSON text so far, and the Fn::Join parts once a value is only known at deployment. */
typedef struct json_out {
	samc_buf text;
	cJSON *parts;
} json_out;

static void put_json_string(samc_buf *b, const char *s)
{
	samc_buf_putc(b, '"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			samc_buf_printf(b, "\\%c", ch);
		else if (ch == '\n')
			samc_buf_puts(b, "\\n");
		else if (ch == '\r')
			samc_buf_puts(b, "\\r");
		else if (ch == '\t')
			samc_buf_puts(b, "\\t");
		else if (ch < 0x20)
			samc_buf_printf(b, "\\u%04x", ch);
		else
			samc_buf_putc(b, (char)ch);
	}
	samc_buf_putc(b, '"');
}

/* Ends the current literal part and adds an intrinsic as the next one. */
static int add_deploy_time_part(lx *c, json_out *o, const cJSON *fn)
{
	if (!o->parts && !(o->parts = cJSON_CreateArray()))
		return lx_nomem(c);
	const char *text = samc_buf_cstr(&o->text);
	cJSON *literal = text ? cJSON_CreateString(text) : NULL;
	cJSON *copy = cJSON_Duplicate(fn, 1);
	if (!literal || !copy) {
		cJSON_Delete(literal);
		cJSON_Delete(copy);
		return lx_nomem(c);
	}
	if (*text)
		cJSON_AddItemToArray(o->parts, literal);
	else
		cJSON_Delete(literal);
	cJSON_AddItemToArray(o->parts, copy);
	samc_buf_reset(&o->text);
	return LX_OK;
}

static int write_value(lx *c, json_out *o, const cJSON *v);

static int write_intrinsic(lx *c, json_out *o, const cJSON *fn)
{
	const char *name = fn->child->string;
	const char *ref = lx_ref_target(fn);
	static const char *const conditions[] = {"Fn::And", "Fn::Or", "Fn::Not", "Fn::Equals"};
	for (size_t i = 0; i < sizeof(conditions) / sizeof(conditions[0]); i++)
		if (strcmp(name, conditions[i]) == 0)
			return lx_fail(c, fn, "Fn::ToJsonString does not support %s intrinsic function", name);
	if (ref && strcmp(ref, "AWS::NotificationARNs") == 0)
		return lx_fail(c, fn, "Fn::ToJsonString does not support AWS::NotificationARNs pseudo parameter");
	const cJSON *value = ref ? lx_param(c, ref) : NULL;
	if (value)
		return write_value(c, o, value);
	samc_buf_putc(&o->text, '"');
	if (add_deploy_time_part(c, o, fn))
		return LX_FAIL;
	samc_buf_putc(&o->text, '"');
	return LX_OK;
}

static int write_members(lx *c, json_out *o, const cJSON *v)
{
	bool object = cJSON_IsObject(v);
	samc_buf_putc(&o->text, object ? '{' : '[');
	for (const cJSON *m = v->child; m; m = m->next) {
		if (m != v->child)
			samc_buf_putc(&o->text, ',');
		if (object) {
			put_json_string(&o->text, m->string);
			samc_buf_putc(&o->text, ':');
		}
		if (write_value(c, o, m))
			return LX_FAIL;
	}
	samc_buf_putc(&o->text, object ? '}' : ']');
	return LX_OK;
}

static int write_value(lx *c, json_out *o, const cJSON *v)
{
	char buf[32];
	if (lx_is_intrinsic(v))
		return write_intrinsic(c, o, v);
	if (cJSON_IsObject(v) || cJSON_IsArray(v))
		return write_members(c, o, v);
	if (cJSON_IsString(v))
		put_json_string(&o->text, v->valuestring);
	else if (cJSON_IsNull(v))
		samc_buf_puts(&o->text, "null");
	else
		samc_buf_puts(&o->text, samc_json_scalar_text(v, buf));
	return LX_OK;
}

/* The JSON text as a string, or as Fn::Join over its literal and deploy-time parts. */
static cJSON *json_result(json_out *o)
{
	const char *text = samc_buf_cstr(&o->text);
	if (!text)
		return NULL;
	if (!o->parts)
		return cJSON_CreateString(text);
	if (*text && !cJSON_AddItemToArray(o->parts, cJSON_CreateString(text)))
		return NULL;
	cJSON *join = cJSON_CreateObject();
	cJSON *args = SAMC_JSON_ADD_ARRAY(join, "Fn::Join");
	if (!args || !cJSON_AddItemToArray(args, cJSON_CreateString(""))) {
		cJSON_Delete(join);
		return NULL;
	}
	cJSON_AddItemToArray(args, o->parts);
	o->parts = NULL;
	return join;
}

static int resolve_to_json_string(lx *c, cJSON *parent, cJSON *call)
{
	const cJSON *arg = call->child;
	if ((!cJSON_IsObject(arg) && !cJSON_IsArray(arg)) || (lx_is_intrinsic(arg) && !lx_ref_target(arg)))
		return lx_fail(c, call, "Fn::ToJsonString layout is incorrect");
	json_out o = {SAMC_BUF_INIT, NULL};
	int rc = write_value(c, &o, arg);
	cJSON *result = rc ? NULL : json_result(&o);
	if (!rc && !result)
		rc = lx_nomem(c);
	if (!rc)
		lx_replace(parent, call, result);
	samc_buf_free(&o.text);
	cJSON_Delete(o.parts);
	return rc;
}

/* ---- Fn::FindInMap with DefaultValue or computed keys ---- */

/* A key given by a function plain Fn::FindInMap does not take (Fn::Select, Fn::Join, ...). */
static bool has_computed_key(const cJSON *args)
{
	int i = 0;
	for (const cJSON *k = args->child; k && i < 3; k = k->next, i++)
		if (lx_is_intrinsic(k) && !lx_ref_target(k))
			return true;
	return false;
}

static int resolve_find_in_map(lx *c, cJSON *parent, cJSON *call)
{
	bool plain = cJSON_IsArray(call->child) && cJSON_GetArraySize(call->child) == 3;
	if (plain && !has_computed_key(call->child))
		return LX_OK; /* a plain lookup: CloudFormation makes it */
	cJSON *value = NULL;
	if (lx_find_in_map(c, call, &value))
		return LX_FAIL;
	if (value)
		lx_replace(parent, call, value);
	else if (!plain) /* the keys are known only at deployment: a plain lookup is what remains */
		cJSON_DeleteItemFromArray(call->child, 3);
	return LX_OK;
}

/* ---- the walk ---- */

static int resolve_node(lx *c, cJSON *parent, cJSON *node)
{
	for (cJSON *child = node->child, *next; child; child = next) {
		next = child->next;
		if (resolve_node(c, node, child))
			return LX_FAIL;
	}
	if (!lx_is_intrinsic(node))
		return LX_OK;
	const char *fn = node->child->string;
	if (strcmp(fn, "Fn::Length") == 0)
		return resolve_length(c, parent, node);
	if (strcmp(fn, "Fn::ToJsonString") == 0)
		return resolve_to_json_string(c, parent, node);
	if (strcmp(fn, "Fn::FindInMap") == 0)
		return resolve_find_in_map(c, parent, node);
	return LX_OK;
}

int lx_resolve_functions(lx *c)
{
	static const char *const sections[] = {"Conditions", "Resources", "Outputs"};
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		cJSON *s = cJSON_GetObjectItemCaseSensitive(c->tpl, sections[i]);
		if (s && resolve_node(c, c->tpl, s))
			return LX_FAIL;
	}
	return LX_OK;
}
