/* py27.h — the reference's Python 2.7 compatibility layer (utils/py27hash_fix.py) in C:
 * Py27Dict iteration order, Py27UniStr (u'...') strings, and str() of a value, for hashes. */
#ifndef SAMC_TRANSFORM_PY27_H
#define SAMC_TRANSFORM_PY27_H

/* ==== How to build swagger/openapi bodies so that str(body) and the deployment hash match ====
 *
 * The REST deployment id hashes str(swagger) (model/apigateway.py make_auto_deployable), so the
 * C body must be built with the same *kind* of dicts, the same key operations in the same order,
 * and the same string kinds as the reference code. Map the reference's operations like this:
 *
 *   Py27Dict()                       py27_dict_new()
 *   {"a": x} / dict() / ref() /      a plain cJSON object (cJSON_CreateObject + add in order):
 *     fnSub() / make_conditional()     plain dicts iterate in insertion order
 *   Py27Dict({"a": x, "b": y})       build the plain object, then py27_dictify() — this is an
 *                                    update(): PyDict_Merge pre-sizing, NOT a series of sets
 *   d[k] = v                         py27_set (k a str) / py27_set_ukey (k a Py27UniStr);
 *                                    both also work on plain objects
 *   d.setdefault(k, v)               py27_setdefault(d, k, ukey, v)
 *   del d[k] / d.pop(k, None)        py27_del / py27_pop
 *   d.update(x)                      py27_update(d, x)
 *   d.copy()                         py27_copy(d)   (keys merged in py27 order: state changes)
 *   copy.deepcopy(x)                 py27_deepcopy(x) — NOT cJSON_Duplicate. deepcopy re-adds
 *                                    every Py27Dict's keys one by one in its current order,
 *                                    dropping dummies and pre-sizing, which can change the
 *                                    order. SwaggerEditor/OpenApiEditor deep-copy the doc in
 *                                    __init__ and again in the .swagger/.openapi property.
 *   the same object stored twice     cJSON_Duplicate (keeps the history: same state)
 *
 * Deep copies that matter outside the editors: Translator.translate deep-copies the whole
 * template (so Resources is re-added in its py27 order before the macros run), and the Globals
 * plugin deep-copies each global section and merges with global_dict.copy() (py27_copy).
 *
 * Assigning to an existing key keeps the key object already there (Python keeps the first
 * key): its position, and whether it is a Py27UniStr. Assigning or adding an existing key
 * never changes the order; only new keys, deletions, update()/merge pre-sizing and copies do.
 *
 * Strings: Py27UniStr exists only in transform mode (py27_convert_template ran), on the parts
 * it converts: resource logical ids, Parameter names and Defaults, parameter values,
 * Globals.Api, all Properties of Api/HttpApi resources, Function/StateMachine Condition,
 * FunctionName and Events (so event Path, Method, RestApiId ... are u'...'). The flag survives
 * u + x (left operand only), upper(), lower(), replace(), split(); it is lost by f-strings,
 * format/%, join, slicing, strip() and str(). String literals in the reference code are plain
 * str unless the code wraps them in Py27UniStr(...) explicitly (it does for many ARNs, e.g.
 * the Lambda integration uri is Py27UniStr iff the function's logical id is). Mark strings
 * with py27_ustr()/py27_mark_unicode() exactly where the reference has a Py27UniStr.
 *
 * Checked against the reference: a method "ANY" becomes the plain str key
 * 'x-amazon-apigateway-any-method' (a constant), any other method keeps the event's kind
 * (u'get'); a user DefinitionBody is all Py27Dicts and u'' in transform mode but stays plain
 * dicts (insertion order, '') in SAM CLI mode, where only dicts the editor creates are Py27Dicts.
 *
 * Example (reference-map §3.3; tests/unit/test_py27.c builds it): Api A + event GET /a gives
 *   skeleton = py27_dict_new(); set "swagger"="2.0", "info"=py27_dict_new() {"version"="1.0",
 *     "title"=plain {"Ref": "AWS::StackName"}}, "paths"=py27_dict_new()  (gen_skeleton)
 *   doc = py27_deepcopy(skeleton)                                     (SwaggerEditor.__init__)
 *   path_item = py27_setdefault(paths, "/a", ukey, py27_dict_new())    (add_path)
 *   method = py27_setdefault(path_item, "get", ukey, py27_dict_new())
 *   integ = py27_dict_new(); set "type"="aws_proxy", "httpMethod"="POST",
 *     "uri"=py27_dictify(plain {"Fn::Sub": arn (ustr in transform mode)}); set method
 *     "x-amazon-apigateway-integration"=integ; py27_setdefault(method, "responses", 0, new dict)
 *   body = py27_deepcopy(doc)                                         (editor.swagger)
 * and str(body) iterates info, paths, swagger / httpMethod, type, uri (py27 slot order).
 * ============================================================================================ */

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* Flag bits in cJSON `type`, outside cJSON's own type byte and flags (cJSON_Duplicate keeps them;
 * doc.h uses 1 << 12):
 *   SAMC_PY27_UNICODE      on a string node: the value is a Py27UniStr (repr u'...')
 *   SAMC_PY27_KEY_UNICODE  on an object member: its key is a Py27UniStr
 *   SAMC_PY27_DICT         on an object: it is a Py27Dict (iterates in CPython 2.7 slot order);
 *                          its valuestring holds the key history (see below). Plain objects
 *                          iterate in insertion order, as Python 3 dicts do.
 *   SAMC_PY27_LONG         on an integer number: a Py27LongInt (repr with a trailing L) */
#define SAMC_PY27_UNICODE (1 << 13)
#define SAMC_PY27_KEY_UNICODE (1 << 14)
#define SAMC_PY27_DICT (1 << 15)
#define SAMC_PY27_LONG (1 << 16)

/* Key history of a Py27Dict. Py27Keys' order depends on every add and remove since the dict
 * was created (deleted slots stay as dummies, resizes happen at fill thresholds) and on
 * update()'s pre-sizing, so each Py27Dict records its operations, and the order is computed by
 * replaying them. Mutate Py27Dicts only through the functions below; keys found in the object
 * but missing from the history are treated as added at the end (a safe fallback), and keys of
 * the history missing from the object as removed at the end.
 * The history is printable text without NUL bytes: "A<len>:<key>" (add), "D<len>:<key>"
 * (remove), "M<n>;" (the pre-sizing step of a merge of n keys; its adds follow). An empty
 * history may be NULL.
 *
 * The mutators return false only when memory ran out (the value passed in is then freed). */

cJSON *py27_dict_new(void);                 /* an empty Py27Dict */
bool py27_is_dict(const cJSON *v);
/* d[key] = value (value owned; replaces an existing key in place, as a dict assignment does,
 * keeping that key's unicode flag). */
bool py27_set(cJSON *dict, const char *key, cJSON *value);
/* The same with a Py27UniStr key. */
bool py27_set_ukey(cJSON *dict, const char *key, cJSON *value);
/* del d[key] (no-op when absent). */
bool py27_del(cJSON *dict, const char *key);
/* d.update(other) for a Py27Dict `other` or a plain object (deep copies of other's values,
 * which keep their own histories: they are the same objects in Python). */
bool py27_update(cJSON *dict, const cJSON *other);
/* Makes `obj` (a plain object built elsewhere) a Py27Dict whose history is its current keys in
 * order, as Py27Dict(plain_dict) does (a merge: pre-sized, then the keys added). Returns obj,
 * or NULL (obj freed) when memory ran out, so py27_set(d, k, py27_dictify(o)) is safe. */
cJSON *py27_dictify(cJSON *obj);

/* Additions. */
/* d.setdefault(key, deflt): the value now stored at key. deflt is owned: freed when the key
 * exists, else stored under key (a Py27UniStr key when ukey). NULL when memory ran out. */
cJSON *py27_setdefault(cJSON *dict, const char *key, bool ukey, cJSON *deflt);
/* d.pop(key, None): the detached value (the caller owns it), NULL when absent. */
cJSON *py27_pop(cJSON *dict, const char *key);
/* d.copy(): a Py27Dict whose keys were merged in d's order (its values are duplicates that keep
 * their histories); a plain duplicate for anything else. NULL when memory ran out. */
cJSON *py27_copy(const cJSON *dict);
/* copy.deepcopy(v): every Py27Dict inside is rebuilt by adding its keys one by one in its
 * iteration order (Py27Keys.__deepcopy__); everything else duplicated with its flags. */
cJSON *py27_deepcopy(const cJSON *v);
/* The members of an object in iteration order (Py27 order for a Py27Dict, insertion order
 * otherwise): a malloc'd array the caller frees (free()), *count set; NULL only when memory
 * ran out (an empty object gives a non-NULL array and count 0). */
const cJSON **py27_members(const cJSON *dict, size_t *count);

/* Strings. */
cJSON *py27_ustr(const char *s);            /* a Py27UniStr node */
void py27_mark_unicode(cJSON *string_node, bool unicode);
bool py27_is_unicode(const cJSON *string_node);

/* to_py27_compatible_template's _convert_to_py27_type over a subtree: every dict becomes a
 * Py27Dict (history = its keys added one by one in current order), every str a Py27UniStr
 * (keys too; a non-string YAML key becomes the str() of its value: true -> "True", null ->
 * "None"), ints above 2**63-1 Py27LongInt. False when memory ran out. */
bool py27_convert(cJSON *v);

/* translator/transform.py: does this template need the conversion (it has an Api, an implicit
 * Api event, or an HttpApi with a DefaultAuthorizer)? And the conversion itself (a no-op when
 * not needed, like to_py27_compatible_template) on the parts the reference converts
 * (Globals.Api, Parameters names + Defaults, Resources ids, Api/HttpApi Properties,
 * Function/StateMachine Condition/FunctionName/Events when Properties is not null), plus the
 * values of parameter_values (the caller's values, before defaults and pseudo parameters are
 * merged in; may be NULL). Call it on a template that passed Parser.validate_datatypes. */
bool py27_template_needs_conversion(const cJSON *tpl);
bool py27_convert_template(cJSON *tpl, cJSON *parameter_values);

/* Python str() of a value with these flags: dicts as {k: v, ...} in their iteration order
 * (Py27 order for Py27Dicts), lists [..], strings repr'd inside containers ('x' or u'x',
 * escapes as Python 3's repr of str does for '...', and as Py27UniStr.__repr__ for u'...'),
 * True/False/None, ints, floats as repr (inf, nan), Py27LongInt with L. A top-level string
 * prints as its text, as str() does. Allocation failure sets out->oom. */
void py27_repr(samc_buf *out, const cJSON *v);
/* Python repr() of a value: the same, except that a top-level string is quoted too. */
void py27_repr_quoted(samc_buf *out, const cJSON *v);

/* The key order a Py27Dict iterates in (for tests and for callers that must walk in that
 * order): fills keys[] with up to max keys (borrowed from the object's members) and returns
 * how many it filled; 0 when memory ran out (py27_members tells that apart). */
size_t py27_keys(const cJSON *dict, const char **keys, size_t max);

/* Internals shared by py27.c and py27_keys.c. */
/* Decodes the UTF-8 sequence at s (n >= 1 bytes left) into *cp; returns its length. Invalid
 * bytes give U+FFFD and the length of the maximal ill-formed prefix (at least 1). */
size_t py27_utf8_next(const char *s, size_t n, uint32_t *cp);
/* Python 3.11's str.isprintable() for one code point (Unicode 14.0.0). */
bool py27_printable(uint32_t cp);
/* Replaces dict's history by the keys of members[0..n) added in that order (preceded by the
 * pre-sizing step of a merge when merge), and marks dict a Py27Dict. */
bool py27_reset_history(cJSON *dict, const cJSON **members, size_t n, bool merge);

#endif
