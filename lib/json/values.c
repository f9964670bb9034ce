/* values.c — Python truthiness of JSON values and the member index of a mapping (used by the
 * transform, the linter and the template renderer alike). */
#include "json/values.h"

#include "doc/doc.h"
#include "samc/samc.h"

const char *samc_json_scalar_text(const cJSON *v, char num[32])
{
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsNumber(v))
		return samc_number_text(v, num);
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v) ? "true" : "false";
	return NULL;
}

bool samc_py_truthy(const cJSON *v)
{
	if (!v || cJSON_IsNull(v) || cJSON_IsFalse(v))
		return false;
	if (cJSON_IsNumber(v))
		return v->valuedouble != 0;
	if (cJSON_IsString(v))
		return v->valuestring[0] != '\0';
	if (cJSON_IsObject(v) || cJSON_IsArray(v))
		return v->child != NULL;
	return true;
}

int samc_json_index_members(samc_strmap *m, const cJSON *obj, bool borrow_keys)
{
	for (const cJSON *c = cJSON_IsObject(obj) ? obj->child : NULL; c; c = c->next)
		if (c->string && !samc_strmap_get(m, c->string) &&
		    (borrow_keys ? samc_strmap_put_borrowed(m, c->string, (void *)c)
				 : samc_strmap_put(m, c->string, (void *)c))) {
			samc_strmap_free(m);
			return SAMC_ENOMEM;
		}
	return 0;
}
