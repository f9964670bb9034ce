/* default_definition_body.c — DefaultDefinitionBodyPlugin (plugins/api/default_definition_body_plugin.py):
 * an Api or HttpApi with neither DefinitionBody nor DefinitionUri gets a skeleton body managed by SAM. */
#include <stdlib.h>
#include <string.h>

#include "transform/api/implicit_api_common.h"
#include "transform/api/openapi.h"
#include "transform/api/swagger.h"

static void add_default_body(cJSON *api, bool http)
{
	cJSON *props = api_dict_member(api, "Properties");
	if (props && !cJSON_IsObject(props))
		return;
	if (props && (xf_truthy(xf_get(props, "DefinitionBody")) || xf_truthy(xf_get(props, "DefinitionUri"))))
		return;
	if (!props) {
		/* Python's fresh {} only reaches the template through template.set, which HttpApi does */
		if (!http)
			return;
		props = cJSON_CreateObject();
		if (!props || !cJSON_AddItemToObject(api, "Properties", props)) {
			cJSON_Delete(props);
			return;
		}
	}
	api_dict_set(props, "DefinitionBody", http ? openapi_gen_skeleton() : swagger_gen_skeleton());
	api_dict_set(props, "__MANAGE_SWAGGER", cJSON_CreateTrue());
}

int xf_default_definition_body(xf *x)
{
	static const char *const types[] = {"AWS::Serverless::Api", "AWS::Serverless::HttpApi"};
	cJSON *resources = api_dict_member(x->tpl, "Resources");
	size_t n;
	const char **ids = api_dict_keys(resources, &n);
	for (size_t t = 0; t < 2; t++)
		for (size_t i = 0; i < n; i++) {
			cJSON *res = api_dict_member(resources, ids[i]);
			const char *type = xf_get_str(res, "Type");
			if (type && strcmp(type, types[t]) == 0)
				add_default_body(res, t == 1);
		}
	free(ids);
	return XF_OK;
}
