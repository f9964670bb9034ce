/* keys.h — well-known template keys ("Type", "Properties", "Ref", "Fn::GetAtt" ...) held once
 * in static storage: members loaded with such a key point at it (cJSON_StringIsConst). */
#ifndef SAMC_JSON_KEYS_H
#define SAMC_JSON_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#define SAMC_STATIC_KEY_ROW 32

/* The static copy of name, or NULL when name is not a well-known key. */
const char *samc_static_key(const char *name);
/* Whether p is one of the static keys (so must never be freed). */
bool samc_is_static_key(const char *p);

/* The table itself, in order (for tests). */
size_t samc_static_key_count(void);
const char *samc_static_key_at(size_t i);

#endif
