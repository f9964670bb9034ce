/* members.c — members under string-literal keys (kept by pointer) and moving keys between
 * members whether they are owned copies or literals. */
#include "json/members.h"

#include <stdlib.h>

#include "json/keys.h"
#include "util/buf.h"

bool samc_json_add_key(cJSON *obj, const char *key, cJSON *item)
{
	const char *known = samc_static_key(key);
	return known ? cJSON_AddItemToObjectCS(obj, known, item) : cJSON_AddItemToObject(obj, key, item);
}

cJSON *samc_json_add_cs(cJSON *obj, const char *key, cJSON *item)
{
	if (item && cJSON_AddItemToObjectCS(obj, key, item))
		return item;
	cJSON_Delete(item);
	return NULL;
}

cJSON *samc_json_add_string_cs(cJSON *obj, const char *key, const char *value)
{
	return samc_json_add_cs(obj, key, cJSON_CreateString(value));
}

char *samc_json_take_key(cJSON *item)
{
	if (!item || !item->string)
		return NULL;
	char *key = item->string;
	if (item->type & cJSON_StringIsConst) {
		key = samc_strdup(key);
		if (!key)
			return NULL;
	}
	item->string = NULL;
	item->type &= ~cJSON_StringIsConst;
	return key;
}

void samc_json_set_key(cJSON *item, char *key)
{
	if (!(item->type & cJSON_StringIsConst))
		free(item->string);
	item->string = key;
	item->type &= ~cJSON_StringIsConst;
}

void samc_json_move_key(cJSON *to, cJSON *from)
{
	samc_json_set_key(to, from->string);
	to->type |= from->type & cJSON_StringIsConst;
	from->string = NULL;
	from->type &= ~cJSON_StringIsConst;
}
