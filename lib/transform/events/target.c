/* target.c — what a function's event sources point at: the alias when AutoPublishAlias is
 * set (events then invoke the alias), otherwise the function itself. */
#include "transform/events/event.h"

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
	return fn->alias_id ? xf_ref(fn->alias_id) : xf_getatt(fn->id, "Arn");
}
