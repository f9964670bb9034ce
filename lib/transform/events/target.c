/* target.c — what event sources point at: the alias when AutoPublishAlias is set (events then
 * invoke the alias), otherwise the function (or the state machine) itself. */
#include "transform/events/event.h"

#include <string.h>

const char *xf_fn_target_id(const xf_fn *fn)
{
	return fn->alias_id ? fn->alias_id : fn->id;
}

cJSON *xf_fn_target_name(const xf_fn *fn)
{
	return xf_ref(xf_fn_target_id(fn));
}

cJSON *xf_fn_target_arn(const xf_fn *fn)
{
	if (fn->alias_id || xf_fn_is_state_machine(fn))
		return xf_ref(xf_fn_target_id(fn));
	return xf_getatt(fn->id, "Arn");
}

bool xf_fn_is_state_machine(const xf_fn *fn)
{
	const char *type = xf_get_str(fn->function, "Type");
	return type && strcmp(type, "AWS::StepFunctions::StateMachine") == 0;
}
