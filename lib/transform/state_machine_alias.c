/* state_machine_alias.c — AutoPublishAlias of a SAM StateMachine: the <Id>Version state machine
 * version (kept on replacement) and the <Id>Alias<Name> alias with its DeploymentPreference. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/intrinsics.h"
#include "transform/state_machine.h"
#include "util/buf.h"

static cJSON *new_child(const cJSON *attrs, const char *type)
{
	cJSON *r = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(r, "Type", type);
	for (const cJSON *a = attrs ? attrs->child : NULL; a; a = a->next)
		samc_json_add_key(r, a->string, xf_dup(a));
	SAMC_JSON_ADD_OBJECT(r, "Properties");
	return r;
}

/* _construct_version: DeletionPolicy and UpdateReplacePolicy default to Retain. */
static int emit_version(sm_build *b, const char *version_id)
{
	cJSON *attrs = xf_dup(b->child_attrs);
	if (!xf_get(attrs, "DeletionPolicy"))
		SAMC_JSON_ADD_STRING(attrs, "DeletionPolicy", "Retain");
	if (!xf_get(attrs, "UpdateReplacePolicy"))
		SAMC_JSON_ADD_STRING(attrs, "UpdateReplacePolicy", "Retain");
	cJSON *version = new_child(attrs, "AWS::StepFunctions::StateMachineVersion");
	cJSON_Delete(attrs);
	cJSON *props = xf_props(version);
	xf_set(props, "StateMachineArn", xf_ref(b->id));
	xf_set(props, "StateMachineRevisionId", xf_getatt(b->id, "StateMachineRevisionId"));
	return xf_emit(b->x, b->id, version_id, version);
}

/* _construct_alias */
static int emit_alias(sm_build *b, const char *version_id)
{
	const cJSON *preference = sm_prop(b, "DeploymentPreference");
	cJSON *deployment = xf_truthy(preference) ? xf_dup(preference) : cJSON_CreateObject();
	if (!xf_truthy(preference))
		SAMC_JSON_ADD_STRING(deployment, "Type", "ALL_AT_ONCE");
	if (cJSON_IsObject(deployment))
		xf_set(deployment, "StateMachineVersionArn", xf_ref(version_id));
	cJSON *alias = new_child(b->child_attrs, "AWS::StepFunctions::StateMachineAlias");
	cJSON *props = xf_props(alias);
	xf_set(props, "Name", xf_dup(sm_prop(b, "AutoPublishAlias")));
	xf_set(props, "DeploymentPreference", deployment);
	return xf_emit(b->x, b->id, b->alias_id, alias);
}

int sm_version_and_alias(sm_build *b)
{
	const cJSON *alias = sm_prop(b, "AutoPublishAlias");
	bool has_alias = xf_truthy(alias), has_preference = xf_truthy(sm_prop(b, "DeploymentPreference"));
	if (!has_alias && xf_truthy(sm_prop(b, "UseAliasAsEventTarget")))
		return xf_fail_resource(b->x, b->id,
					"'UseAliasAsEventTarget' requires 'AutoPublishAlias' property to be specified.");
	if (!has_alias && !has_preference)
		return XF_OK;
	if (!has_alias)
		return xf_fail_resource(b->x, b->id,
					"'DeploymentPreference' requires 'AutoPublishAlias' property to be specified.");
	char *name = cJSON_IsString(alias) ? samc_strdup(alias->valuestring) : xf_pystr(alias);
	b->alias_id = name ? samc_strfmt("%sAlias%s", b->id, name) : NULL;
	free(name);
	char *version_id = samc_strfmt("%sVersion", b->id);
	int rc = b->alias_id && version_id ? emit_version(b, version_id) : XF_NOMEM;
	if (rc == XF_OK)
		rc = emit_alias(b, version_id);
	free(version_id);
	return rc;
}
