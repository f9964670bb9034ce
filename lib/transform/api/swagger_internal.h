/* swagger_internal.h — helpers shared by the swagger_*.c files: Python dict operations that
 * honour Py27Dict vs plain dicts, Py27UniStr strings, and the editor's path/method walks. */
#ifndef SAMC_TRANSFORM_API_SWAGGER_INTERNAL_H
#define SAMC_TRANSFORM_API_SWAGGER_INTERNAL_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "transform/api/swagger.h"
#include "transform/py27.h"

#define SW_X_INTEGRATION "x-amazon-apigateway-integration"
#define SW_X_ANY_METHOD "x-amazon-apigateway-any-method"
#define SW_FN_IF "Fn::If"

/* ---- Python dict / str operations (swagger_util.c) ---- */

/* A new string node; a Py27UniStr when `unicode`. */
cJSON *sw_str(const char *s, bool unicode);
/* Is this string node a Py27UniStr? (false for NULL / non-strings) */
bool sw_is_ustr(const cJSON *v);
/* Is the key of this object member a Py27UniStr? */
bool sw_key_is_ustr(const cJSON *member);
/* d[key] = val (val owned). An existing key keeps its position and its key object (flag), as a
 * Python dict does; a new key gets `ukey`. Works on Py27Dicts and plain objects. */
void sw_set(cJSON *d, const char *key, bool ukey, cJSON *val);
/* d.setdefault(key, def): returns the value now stored (def consumed either way). */
cJSON *sw_setdefault(cJSON *d, const char *key, bool ukey, cJSON *def);
/* del d[key] (no-op when absent). */
void sw_del(cJSON *d, const char *key);
/* d.update(other): Py27Dict.update (pre-sizing merge) or plain dict.update; values copied. */
void sw_update(cJSON *d, const cJSON *other);
/* The members of a dict in Python iteration order (Py27 order for Py27Dicts). Malloc'd array of
 * borrowed pointers (NULL with *n = 0 for an empty dict or on OOM). */
cJSON **sw_members(const cJSON *d, size_t *n);
/* list.append(item): item owned; its key and key flag are cleared. */
void sw_append(cJSON *list, cJSON *item);
/* Detaches d[key] (NULL when absent) clearing its key, for re-use elsewhere. */
cJSON *sw_detach(cJSON *d, const char *key);
/* Puts nv where d[key] is (same position, same key object) and returns the old value detached;
 * NULL (nv not consumed) when key is absent. For `d[k] = f(d[k])` without copying. */
cJSON *sw_swap(cJSON *d, const char *key, cJSON *nv);
/* A copy that keeps Py27 key histories (a template value shared by reference in Python). */
cJSON *sw_copy(const cJSON *v);
/* Python None: absent or JSON null. */
bool sw_is_none(const cJSON *v);
/* Python str(v): a string's own text, py27_repr of anything else. Malloc'd. */
char *sw_pystr(const cJSON *v);
/* `v == text` in Python (a string node with that value). */
bool sw_str_eq(const cJSON *v, const char *text);
/* make_conditional(condition, true_data): {"Fn::If": [condition, true_data, {"Ref":
 * "AWS::NoValue"}]} (plain dicts); true_data owned, condition copied. */
cJSON *sw_make_conditional(const cJSON *condition, cJSON *true_data);
/* A new Py27Dict with key -> value pairs set one by one (NULL-terminated varargs of
 * const char *key, cJSON *value; values owned; keys plain). */
cJSON *sw_py27_dict(const char *key, ...);
/* {"type": type} plain dict. */
cJSON *sw_type_dict(const char *type);
/* Python's str.lower()/str.upper() on ASCII letters (malloc'd). */
char *sw_lower(const char *s);
char *sw_upper(const char *s);
/* s.replace(old, new) (every occurrence). Malloc'd. */
char *sw_replace(const char *s, const char *old, const char *rep);

/* ---- editor walks (swagger_paths.c) ---- */

/* get_conditional_contents into a malloc'd array of borrowed pointers. */
int sw_conditional(xf *x, cJSON *item, cJSON ***out, size_t *n);
/* iter_on_method_definitions_for_path_at_method(path, method, skip): borrowed definitions. */
int sw_method_defs(swagger_editor *ed, const char *path, const cJSON *method, bool skip_without_integration,
		   cJSON ***out, size_t *n);
/* iter_on_all_methods_for_path(path, skip): (normalized name, definition) pairs. */
typedef struct sw_method {
	char *name;     /* normalized method name (malloc'd) */
	cJSON *def;     /* borrowed */
} sw_method;
int sw_all_methods(swagger_editor *ed, const char *path, bool skip_without_integration, sw_method **out,
		   size_t *n);
void sw_methods_free(sw_method *m, size_t n);
/* _normalize_method_name on a C string: "any" -> x-amazon-apigateway-any-method (malloc'd). */
char *sw_normalize(const char *method);
/* The text of a path/method argument ("" for non-strings). */
const char *sw_text(const cJSON *v);

/* ---- editor state (swagger.c) ---- */

/* `self.<attr> = self.<attr> or Py27Dict()` on one of the editor's detached-or-attached dicts. */
void sw_ensure_dict(cJSON **slot, bool *own);
/* `self._doc[key] = <attr>`: attaches a detached object to the doc (once). */
void sw_attach(swagger_editor *ed, const char *key, cJSON **slot, bool *own);

#endif
