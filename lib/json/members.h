/* members.h — object members under string-literal keys, which cJSON keeps by pointer instead of
 * copying (cJSON_StringIsConst), and taking a member's key out safely whichever way it is held. */
#ifndef SAMC_JSON_MEMBERS_H
#define SAMC_JSON_MEMBERS_H

#include <cjson/cJSON.h>
#include <stdbool.h>

/* Drop-in forms of cJSON_AddItemToObject / AddStringToObject / AddObjectToObject /
 * AddArrayToObject for a KEY that is a string literal ("" KEY "" does not compile otherwise):
 * the key is neither copied nor freed, and cJSON_Duplicate copies the pointer along. Most keys
 * the transform writes ("Type", "Properties", "Ref" ...) are such literals. */
#define SAMC_JSON_ADD(obj, KEY, item) cJSON_AddItemToObjectCS((obj), "" KEY "", (item))
#define SAMC_JSON_ADD_STRING(obj, KEY, value) samc_json_add_string_cs((obj), "" KEY "", (value))
#define SAMC_JSON_ADD_OBJECT(obj, KEY) samc_json_add_cs((obj), "" KEY "", cJSON_CreateObject())
#define SAMC_JSON_ADD_ARRAY(obj, KEY) samc_json_add_cs((obj), "" KEY "", cJSON_CreateArray())

/* cJSON_AddItemToObject for a key of any origin: a well-known key (json/keys.h) is shared,
 * any other copied. */
bool samc_json_add_key(cJSON *obj, const char *key, cJSON *item);

/* Adds item to obj under the static string key; returns item, or NULL with item deleted. */
cJSON *samc_json_add_cs(cJSON *obj, const char *key, cJSON *item);
/* Adds a copy of value under the static string key; returns the new member or NULL. */
cJSON *samc_json_add_string_cs(cJSON *obj, const char *key, const char *value);

/* Takes item's key as a string the caller frees (a copy when the key is a literal), leaving the
 * item without a key; NULL when it has none or memory runs out (then the key stays). */
char *samc_json_take_key(cJSON *item);
/* Gives item the owned string key, releasing the key it had. */
void samc_json_set_key(cJSON *item, char *key);
/* Moves from's key, however it is held, to `to` (releasing to's own); from is left keyless. */
void samc_json_move_key(cJSON *to, cJSON *from);

#endif
