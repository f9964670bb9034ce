/* cognito.c — the Cognito event of a function (push.py:Cognito): the permission for Cognito and
 * the template's user pool re-emitted with the function as its LambdaConfig triggers. */
#include <stdlib.h>

#include "transform/events/push.h"
#include "transform/events/push_common.h"
#include "transform/intrinsics.h"
#include "util/buf.h"

/* Trigger is one_of(IS_STR, list_of(IS_STR)); the link step checks the list items. */
static const xf_prop_spec cognito_props[] = {
	{"UserPool", true, XF_IS_STR, false},
	{"Trigger", true, XF_STR_OR_LIST, true},
	{NULL, false, XF_ANY, false},
};

static const char *const user_pool_props[] = {
	"AccountRecoverySetting", "AdminCreateUserConfig", "AliasAttributes", "AutoVerifiedAttributes",
	"DeletionProtection", "DeviceConfiguration", "EmailAuthenticationMessage", "EmailAuthenticationSubject",
	"EmailConfiguration", "EmailVerificationMessage", "EmailVerificationSubject", "EnabledMfas",
	"LambdaConfig", "MfaConfiguration", "Policies", "Schema", "SmsAuthenticationMessage", "SmsConfiguration",
	"SmsVerificationMessage", "UserAttributeUpdateSettings", "UsernameAttributes", "UsernameConfiguration",
	"UserPoolAddOns", "UserPoolName", "UserPoolTags", "UserPoolTier", "VerificationMessageTemplate",
	"WebAuthnRelyingPartyID", "WebAuthnUserVerification", NULL,
};

static const push_cfn_class user_pool = {"AWS::Cognito::UserPool", user_pool_props};

static int check_trigger_items(xf *x, const xf_event *ev)
{
	const cJSON *trigger = push_prop(ev, "Trigger");
	for (const cJSON *c = cJSON_IsArray(trigger) ? trigger->child : NULL; c; c = c->next)
		if (!cJSON_IsString(c))
			return xf_fail_resource(x, ev->logical_id, "Type of property 'Trigger' is invalid.");
	return XF_OK;
}

/* Cognito.resources_to_link */
static int cognito_link(xf *x, const xf_fn *fn, xf_event *ev)
{
	(void)fn;
	int rc = check_trigger_items(x, ev);
	if (rc)
		return rc;
	const cJSON *ref = xf_get(push_prop(ev, "UserPool"), "Ref");
	if (ref && !cJSON_IsString(ref))
		return xf_fail_event(x, ev->logical_id, "Ref in Userpool is not a string.");
	if (!ref || !push_linkable(x, ref->valuestring))
		return xf_fail_event(x, ev->relative_id,
				     "Cognito events must reference a Cognito UserPool in the same template.");
	ev->linked = push_linkable(x, ref->valuestring);
	free(ev->linked_id);
	ev->linked_id = samc_strdup(ref->valuestring);
	return ev->linked_id ? XF_OK : XF_NOMEM;
}

/* The pool's LambdaConfig map, created as the reference does. */
static int lambda_config_of(xf *x, cJSON *pool, const char *pool_id, cJSON **out)
{
	cJSON *props = cJSON_GetObjectItemCaseSensitive(pool, "Properties");
	if (!props || cJSON_IsNull(props)) {
		xf_set(pool, "Properties", props = cJSON_CreateObject());
		if (!props)
			return XF_NOMEM;
	}
	if (!cJSON_IsObject(props))
		return xf_fail_resource(x, pool_id, "Properties of a resource must be an object.");
	cJSON *config = cJSON_GetObjectItemCaseSensitive(props, "LambdaConfig");
	if (!config || cJSON_IsNull(config)) {
		xf_set(props, "LambdaConfig", config = cJSON_CreateObject());
		if (!config)
			return XF_NOMEM;
	}
	if (xf_expect_map(x, pool_id, config, "LambdaConfig"))
		return XF_FAIL;
	*out = config;
	return XF_OK;
}

static int duplicate_trigger(xf *x, const xf_event *ev)
{
	char *text = xf_pystr(push_prop(ev, "Trigger"));
	if (!text)
		return XF_NOMEM;
	xf_fail_event(x, ev->relative_id, "Cognito trigger \"%s\" defined multiple times.", text);
	free(text);
	return XF_FAIL;
}

static int add_trigger(xf *x, const xf_fn *fn, const xf_event *ev, cJSON *config, const char *name)
{
	if (cJSON_GetObjectItemCaseSensitive(config, name))
		return duplicate_trigger(x, ev);
	return push_add(config, name, xf_fn_target_arn(fn)) ? XF_OK : XF_NOMEM;
}

/* _inject_lambda_config */
static int inject_lambda_config(xf *x, const xf_fn *fn, const xf_event *ev, cJSON *pool, const char *pool_id)
{
	cJSON *config = NULL;
	int rc = lambda_config_of(x, pool, pool_id, &config);
	const cJSON *trigger = push_prop(ev, "Trigger");
	if (!rc && cJSON_IsString(trigger))
		return add_trigger(x, fn, ev, config, trigger->valuestring);
	for (const cJSON *c = trigger ? trigger->child : NULL; !rc && c; c = c->next)
		rc = add_trigger(x, fn, ev, config, c->valuestring);
	return rc;
}

static int cognito_expand(xf *x, xf_fn *fn, xf_event *ev)
{
	cJSON *pool = push_linkable(x, ev->linked_id);
	if (!pool)
		return xf_fail_event(x, ev->relative_id,
				     "Cognito events must reference a Cognito UserPool in the same template.");
	char *prefix = samc_strfmt("%sCognito", xf_fn_target_id(fn));
	cJSON *arn = xf_getatt(ev->linked_id, "Arn");
	push_permission perm = {.prefix = prefix, .principal = "cognito-idp.amazonaws.com", .source_arn = arn};
	int rc = prefix && arn ? push_emit_permission(x, fn, ev, &perm, NULL) : XF_NOMEM;
	free(prefix);
	cJSON_Delete(arn);
	if (!rc)
		rc = inject_lambda_config(x, fn, ev, pool, ev->linked_id);
	if (!rc)
		rc = push_reemit(x, fn, ev->linked_id, pool, &user_pool);
	return rc;
}

const xf_event_type xf_event_cognito = {
	.name = "Cognito",
	.props = cognito_props,
	.link = cognito_link,
	.expand = cognito_expand,
};
