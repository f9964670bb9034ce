/* default_definition_body.c — DefaultDefinitionBodyPlugin (plugins/api/default_definition_body_plugin.py):
 * an Api or HttpApi with neither DefinitionBody nor DefinitionUri gets a skeleton body managed by SAM. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
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
		if (!props || !SAMC_JSON_ADD(api, "Properties", props)) {
			cJSON_Delete(props);
			return;
		}
	}
	api_dict_set(props, "DefinitionBody", http ? openapi_gen_skeleton() : swagger_gen_skeleton());
	api_dict_set(props, "__MANAGE_SWAGGER", cJSON_CreateTrue());
}

static bool has_type(const cJSON *resource, const void *type)
{
	const char *t = xf_get_str(resource, "Type");
	return t && strcmp(t, type) == 0;
}

int xf_default_definition_body(xf *x)
{
	static const char *const types[] = {"AWS::Serverless::Api", "AWS::Serverless::HttpApi"};
	cJSON *resources = api_dict_member(x->tpl, "Resources");
	for (size_t t = 0; t < 2; t++) {
		size_t n;
		cJSON **members = api_dict_members_where(resources, has_type, types[t], &n);
		for (size_t i = 0; i < n; i++)
			add_default_body(members[i], t == 1);
		free(members);
	}
	return XF_OK;
}
