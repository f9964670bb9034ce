/* py27.c — Py27UniStr / Py27LongInt flags, Python str()/repr() of flagged values, and
 * to_py27_compatible_template (which template parts become Py27 types, and when). */
#include "transform/py27.h"

#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "transform/xf.h"
#include "util/utf8.h"

#define PY2_MAX_INT "9223372036854775807"
#define SAM_FUNCTION "AWS::Serverless::Function"
#define SAM_STATE_MACHINE "AWS::Serverless::StateMachine"

size_t py27_utf8_next(const char *s, size_t n, uint32_t *cp)
{
	return samc_utf8_decode(s, n, cp, NULL);
}

/* ---- strings ---- */

cJSON *py27_ustr(const char *s)
{
	cJSON *v = cJSON_CreateString(s);
	if (v)
		v->type |= SAMC_PY27_UNICODE;
	return v;
}

void py27_mark_unicode(cJSON *string_node, bool unicode)
{
	if (!cJSON_IsString(string_node))
		return;
	if (unicode)
		string_node->type |= SAMC_PY27_UNICODE;
	else
		string_node->type &= ~SAMC_PY27_UNICODE;
}

bool py27_is_unicode(const cJSON *string_node)
{
	return cJSON_IsString(string_node) && (string_node->type & SAMC_PY27_UNICODE);
}

/* ---- repr ---- */

/* Python 3's escape of a code point repr() does not keep as is: \xNN, \uNNNN, \UNNNNNNNN. */
static void put_hex_escape(samc_buf *b, uint32_t cp)
{
	if (cp <= 0xFF)
		samc_buf_printf(b, "\\x%02x", (unsigned)cp);
	else if (cp <= 0xFFFF)
		samc_buf_printf(b, "\\u%04x", (unsigned)cp);
	else
		samc_buf_printf(b, "\\U%08x", (unsigned)cp);
}

/* repr(str): single quotes unless the text has ' and no "; \\, the quote, \t \n \r escaped,
 * other characters that are not printable as \x / \u / \U; printable non-ASCII kept raw. */
static void repr_str(samc_buf *b, const char *s)
{
	char quote = (strchr(s, '\'') && !strchr(s, '"')) ? '"' : '\'';
	size_t n = strlen(s);
	samc_buf_putc(b, quote);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = py27_utf8_next(s + i, n - i, &cp);
		if (cp == (uint32_t)quote || cp == '\\') {
			samc_buf_putc(b, '\\');
			samc_buf_putc(b, (char)cp);
		} else if (cp == '\t')
			samc_buf_puts(b, "\\t");
		else if (cp == '\n')
			samc_buf_puts(b, "\\n");
		else if (cp == '\r')
			samc_buf_puts(b, "\\r");
		else if (!py27_printable(cp))
			put_hex_escape(b, cp);
		else if (cp == 0xFFFD)
			samc_buf_puts(b, "\xEF\xBF\xBD"); /* also what invalid bytes decode to */
		else
			samc_buf_put(b, s + i, len);
		i += len;
	}
	samc_buf_putc(b, quote);
}

/* s.encode("unicode_escape"): \\, \t \n \r, \xNN below 0x20 and from 0x7F to 0xFF,
 * \uNNNN, \UNNNNNNNN; printable ASCII (quotes included) as is. */
static void unicode_escape(samc_buf *b, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += py27_utf8_next(s + i, n - i, &cp);
		if (cp == '\\')
			samc_buf_puts(b, "\\\\");
		else if (cp == '\t')
			samc_buf_puts(b, "\\t");
		else if (cp == '\n')
			samc_buf_puts(b, "\\n");
		else if (cp == '\r')
			samc_buf_puts(b, "\\r");
		else if (cp < 0x20 || cp >= 0x7F)
			put_hex_escape(b, cp);
		else
			samc_buf_putc(b, (char)cp);
	}
}

/* s.replace("\\\\", "\\"): every pair of backslashes, scanned left to right, becomes one. */
static void collapse_backslash_pairs(samc_buf *b, const char *s)
{
	for (; *s; s++) {
		samc_buf_putc(b, *s);
		if (s[0] == '\\' && s[1] == '\\')
			s++;
	}
}

/* Py27UniStr.__repr__: "u" + repr(s.encode("unicode_escape").decode("ascii")) with every
 * doubled backslash made single again. */
static void repr_ustr(samc_buf *b, const char *s)
{
	samc_buf escaped = SAMC_BUF_INIT, quoted = SAMC_BUF_INIT;
	unicode_escape(&escaped, s);
	const char *e = samc_buf_cstr(&escaped);
	if (e)
		repr_str(&quoted, e);
	const char *q = samc_buf_cstr(&quoted);
	if (e && q) {
		samc_buf_putc(b, 'u');
		collapse_backslash_pairs(b, q);
	} else
		b->oom = true;
	samc_buf_free(&escaped);
	samc_buf_free(&quoted);
}

/* An integer's text above sys.maxint of the Python 2.7 runtime (Py27LongInt.PY2_MAX_INT). */
static bool above_py2_max_int(const char *t)
{
	size_t n = strlen(t), max = strlen(PY2_MAX_INT);
	if (t[0] == '-' || n < max)
		return false;
	return n > max || strcmp(t, PY2_MAX_INT) > 0;
}

/* Python's spelling of the json texts of special floats. */
static const char *float_spelling(const char *t)
{
	if (strcmp(t, "Infinity") == 0)
		return "inf";
	if (strcmp(t, "-Infinity") == 0)
		return "-inf";
	if (strcmp(t, "NaN") == 0)
		return "nan";
	return t;
}

static void repr_number(samc_buf *b, const cJSON *v)
{
	char tmp[32];
	const char *t = samc_number_text(v, tmp);
	samc_buf_puts(b, float_spelling(t));
	if ((v->type & SAMC_PY27_LONG) && samc_number_is_int(v) && above_py2_max_int(t))
		samc_buf_putc(b, 'L');
}

/* str() of a YAML key that was no string (doc.h SAMC_KEY_NOT_STRING): True, None, 1.5 ... */
static const char *non_string_key_text(const char *json_text)
{
	if (strcmp(json_text, "true") == 0)
		return "True";
	if (strcmp(json_text, "false") == 0)
		return "False";
	if (strcmp(json_text, "null") == 0)
		return "None";
	return float_spelling(json_text);
}

static void repr_value(samc_buf *b, const cJSON *v);

static void repr_key(samc_buf *b, const cJSON *member)
{
	const char *key = member->string ? member->string : "";
	if (member->type & SAMC_KEY_NOT_STRING)
		samc_buf_puts(b, non_string_key_text(key));
	else if (member->type & SAMC_PY27_KEY_UNICODE)
		repr_ustr(b, key);
	else
		repr_str(b, key);
}

static void repr_object(samc_buf *b, const cJSON *v)
{
	size_t n = 0;
	const cJSON **members = py27_members(v, &n);
	if (!members) {
		b->oom = true;
		return;
	}
	samc_buf_putc(b, '{');
	for (size_t i = 0; i < n; i++) {
		if (i)
			samc_buf_puts(b, ", ");
		repr_key(b, members[i]);
		samc_buf_puts(b, ": ");
		repr_value(b, members[i]);
	}
	samc_buf_putc(b, '}');
	free(members);
}

static void repr_array(samc_buf *b, const cJSON *v)
{
	samc_buf_putc(b, '[');
	for (const cJSON *c = v->child; c; c = c->next) {
		if (c != v->child)
			samc_buf_puts(b, ", ");
		repr_value(b, c);
	}
	samc_buf_putc(b, ']');
}

static void repr_value(samc_buf *b, const cJSON *v)
{
	if (!v || cJSON_IsNull(v))
		samc_buf_puts(b, "None");
	else if (cJSON_IsTrue(v))
		samc_buf_puts(b, "True");
	else if (cJSON_IsFalse(v))
		samc_buf_puts(b, "False");
	else if (cJSON_IsNumber(v))
		repr_number(b, v);
	else if (py27_is_unicode(v))
		repr_ustr(b, v->valuestring);
	else if (cJSON_IsString(v))
		repr_str(b, v->valuestring);
	else if (cJSON_IsArray(v))
		repr_array(b, v);
	else if (cJSON_IsObject(v))
		repr_object(b, v);
	else if (cJSON_IsRaw(v) && v->valuestring)
		samc_buf_puts(b, v->valuestring);
	else
		samc_buf_puts(b, "None");
}

void py27_repr(samc_buf *out, const cJSON *v)
{
	if (cJSON_IsString(v))
		samc_buf_puts(out, v->valuestring);
	else
		repr_value(out, v);
}

void py27_repr_quoted(samc_buf *out, const cJSON *v)
{
	repr_value(out, v);
}

/* ---- _convert_to_py27_type ---- */

/* Py27UniStr(key) of a key YAML read as something else: str() of that value. Clears the mark. */
static bool stringify_key(cJSON *member)
{
	if (!(member->type & SAMC_KEY_NOT_STRING))
		return true;
	const char *text = non_string_key_text(member->string ? member->string : "");
	if (!member->string || strcmp(text, member->string) != 0) {
		char *s = samc_strdup(text);
		if (!s)
			return false;
		if (!(member->type & cJSON_StringIsConst))
			cJSON_free(member->string);
		member->string = s;
		member->type &= ~cJSON_StringIsConst;
	}
	member->type &= ~SAMC_KEY_NOT_STRING;
	return true;
}

static const cJSON *earlier_with_key(const cJSON **kept, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(kept[i]->string, key) == 0)
			return kept[i];
	return NULL;
}

/* new_dict[key] = value for a key already stored: the first position stays, the value is the
 * later one's. */
static void take_value_of(cJSON *obj, cJSON *earlier, cJSON *later)
{
	cJSON_DetachItemViaPointer(obj, later);
	if (!(later->type & cJSON_StringIsConst))
		cJSON_free(later->string);
	later->string = earlier->string;
	later->type = (later->type & ~cJSON_StringIsConst) | (earlier->type & cJSON_StringIsConst);
	earlier->string = NULL;
	earlier->type &= ~cJSON_StringIsConst;
	cJSON_ReplaceItemViaPointer(obj, earlier, later);
}

/* Renames non-string keys; keys that then coincide merge as successive assignments would.
 * members[] (iteration order) is compacted to the surviving members. */
static bool stringify_keys(cJSON *obj, const cJSON **members, size_t *n)
{
	bool any = false;
	for (size_t i = 0; i < *n; i++) {
		any |= (members[i]->type & SAMC_KEY_NOT_STRING) != 0;
		if (!stringify_key((cJSON *)members[i]))
			return false;
	}
	if (!any)
		return true;
	size_t kept = 0;
	for (size_t i = 0; i < *n; i++) {
		const cJSON *earlier = earlier_with_key(members, kept, members[i]->string);
		if (!earlier) {
			members[kept++] = members[i];
			continue;
		}
		take_value_of(obj, (cJSON *)earlier, (cJSON *)members[i]);
		for (size_t j = 0; j < kept; j++)
			if (members[j] == earlier)
				members[j] = members[i];
	}
	*n = kept;
	return true;
}

/* A Py27Dict with Py27UniStr keys, built by adding the keys one by one in iteration order
 * (values untouched). */
static bool unicode_keys(cJSON *obj)
{
	size_t n = 0;
	const cJSON **members = py27_members(obj, &n);
	if (!members)
		return false;
	bool ok = stringify_keys(obj, members, &n) && py27_reset_history(obj, members, n, false);
	for (size_t i = 0; ok && i < n; i++)
		((cJSON *)members[i])->type |= SAMC_PY27_KEY_UNICODE;
	free(members);
	return ok;
}

bool py27_convert(cJSON *v)
{
	if (cJSON_IsString(v)) {
		v->type |= SAMC_PY27_UNICODE;
		return true;
	}
	if (cJSON_IsNumber(v)) {
		char tmp[32];
		if (samc_number_is_int(v) && above_py2_max_int(samc_number_text(v, tmp)))
			v->type |= SAMC_PY27_LONG;
		return true;
	}
	if (cJSON_IsObject(v) && !unicode_keys(v))
		return false;
	if (cJSON_IsObject(v) || cJSON_IsArray(v))
		for (cJSON *c = v->child; c; c = c->next)
			if (!py27_convert(c))
				return false;
	return true;
}

/* ---- to_py27_compatible_template ---- */

static const cJSON *get(const cJSON *obj, const char *key)
{
	return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
}

static bool str_is(const cJSON *v, const char *text)
{
	return cJSON_IsString(v) && strcmp(v->valuestring, text) == 0;
}

static bool is_function_or_state_machine(const cJSON *type)
{
	return str_is(type, SAM_FUNCTION) || str_is(type, SAM_STATE_MACHINE);
}

static bool has_event_of_type(const cJSON *resource, const char *type)
{
	const cJSON *events = get(get(resource, "Properties"), "Events");
	for (const cJSON *e = cJSON_IsObject(events) ? events->child : NULL; e; e = e->next)
		if (str_is(get(e, "Type"), type))
			return true;
	return false;
}

/* _template_has_api_resource: an explicit Api, or an Api event on a Function/StateMachine. */
static bool has_api_resource(const cJSON *resources)
{
	for (const cJSON *r = resources->child; r; r = r->next) {
		const cJSON *type = get(r, "Type");
		if (str_is(type, "AWS::Serverless::Api"))
			return true;
		if (is_function_or_state_machine(type) && has_event_of_type(r, "Api"))
			return true;
	}
	return false;
}

static bool has_default_authorizer(const cJSON *has_auth)
{
	return xf_truthy(get(get(has_auth, "Auth"), "DefaultAuthorizer"));
}

/* _template_has_httpapi_resource_with_default_authorizer: an HttpApi with a DefaultAuthorizer
 * (its own or Globals.HttpApi's), or with a global one, a Function with an HttpApi event. */
static bool has_httpapi_with_default_authorizer(const cJSON *tpl, const cJSON *resources)
{
	bool global = has_default_authorizer(get(get(tpl, "Globals"), "HttpApi"));
	for (const cJSON *r = resources->child; r; r = r->next)
		if (str_is(get(r, "Type"), "AWS::Serverless::HttpApi") &&
		    (global || has_default_authorizer(get(r, "Properties"))))
			return true;
	for (const cJSON *r = global ? resources->child : NULL; r; r = r->next)
		if (str_is(get(r, "Type"), SAM_FUNCTION) && has_event_of_type(r, "HttpApi"))
			return true;
	return false;
}

bool py27_template_needs_conversion(const cJSON *tpl)
{
	const cJSON *resources = get(tpl, "Resources");
	if (!cJSON_IsObject(resources))
		return false;
	return has_api_resource(resources) || has_httpapi_with_default_authorizer(tpl, resources);
}

static bool convert_member(cJSON *obj, const char *key)
{
	return py27_convert(cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL);
}

static bool convert_parameters(cJSON *parameters)
{
	for (cJSON *p = parameters->child; p; p = p->next)
		if (!convert_member(p, "Default"))
			return false;
	return unicode_keys(parameters);
}

/* Api/HttpApi: all Properties; Function/StateMachine: Condition, FunctionName, Events — only
 * when Properties is present and not null. */
static bool convert_resource(cJSON *resource)
{
	const cJSON *type = get(resource, "Type");
	cJSON *props = cJSON_GetObjectItemCaseSensitive(resource, "Properties");
	if (!props || cJSON_IsNull(props))
		return true;
	if (str_is(type, "AWS::Serverless::Api") || str_is(type, "AWS::Serverless::HttpApi"))
		return py27_convert(props);
	if (!is_function_or_state_machine(type))
		return true;
	return convert_member(resource, "Condition") && convert_member(props, "FunctionName") &&
	       convert_member(props, "Events");
}

static bool convert_resources(cJSON *resources)
{
	for (cJSON *r = resources->child; r; r = r->next)
		if (cJSON_IsObject(r) && !convert_resource(r))
			return false;
	return unicode_keys(resources);
}

static bool convert_parameter_values(cJSON *values)
{
	for (cJSON *v = cJSON_IsObject(values) ? values->child : NULL; v; v = v->next)
		if (!py27_convert(v))
			return false;
	return true;
}

bool py27_convert_template(cJSON *tpl, cJSON *parameter_values)
{
	if (!py27_template_needs_conversion(tpl))
		return true;
	cJSON *globals = cJSON_GetObjectItemCaseSensitive(tpl, "Globals");
	cJSON *parameters = cJSON_GetObjectItemCaseSensitive(tpl, "Parameters");
	cJSON *resources = cJSON_GetObjectItemCaseSensitive(tpl, "Resources");
	if (cJSON_IsObject(globals) && !convert_member(globals, "Api"))
		return false;
	if (cJSON_IsObject(parameters) && !convert_parameters(parameters))
		return false;
	if (cJSON_IsObject(resources) && !convert_resources(resources))
		return false;
	return convert_parameter_values(parameter_values);
}
