/* values.h — Python's view of JSON values, shared by the transform, the linter and the
 * template renderer: truthiness, a scalar's text, and an index of a mapping's members by name. */
#ifndef SAMC_JSON_VALUES_H
#define SAMC_JSON_VALUES_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "util/strmap.h"

/* bool(v) in Python: false for NULL, null, false, 0, "", [] and {}. */
bool samc_py_truthy(const cJSON *v);

/* The text of a scalar as templates compare it: a string as it is, a number as printed (into
 * num, 32 bytes), true or false; NULL for null, objects and arrays. */
const char *samc_json_scalar_text(const cJSON *v, char num[32]);

/* Indexes obj's members by name in m (the first of equal names, as cJSON's getter finds);
 * nothing when obj is not an object. 0, or SAMC_ENOMEM with m freed. With borrow_keys the
 * map points at the members' own keys instead of copying them: only for an obj that stays
 * unchanged while the map lives. */
int samc_json_index_members(samc_strmap *m, const cJSON *obj, bool borrow_keys);

#endif
