/* capacity_provider.h — AWS::Serverless::CapacityProvider: the expander, its pydantic-style
 * property model, and the pydantic v1 value coercions the model relies on. */
#ifndef SAMC_TRANSFORM_CAPACITY_PROVIDER_H
#define SAMC_TRANSFORM_CAPACITY_PROVIDER_H

#include <cjson/cJSON.h>

#include "transform/xf.h"
#include "util/buf.h"

/* capacity_provider.c: SamCapacityProvider.to_cloudformation. */
int xf_expand_capacity_provider(xf *x, const char *id, const cJSON *sam);

/* capacity_provider_model.c: aws_serverless_capacity_provider.Properties.parse_obj with every
 * error collected (SamResourceMacro._format_all_errors). On success *model holds the validated
 * values (coerced as pydantic coerces them, nulls left out) and XF_OK is returned; on failure
 * the messages, joined by spaces, are appended to `errors` and XF_FAIL is returned. */
int cp_model_parse(const cJSON *props, cJSON **model, samc_buf *errors);

/* capacity_provider_pyvalue.c: pydantic v1 validators. Each returns XF_OK with a new value in
 * *out, XF_FAIL when the value does not validate, XF_NOMEM. */
int pv_dict(const cJSON *v, cJSON **out);  /* dict_validator: a map, or dict(list of pairs) */
int pv_int(const cJSON *v, cJSON **out);   /* int_validator: int(v) */
int pv_float(const cJSON *v, cJSON **out); /* float_validator: float(v) */
int pv_str(const cJSON *v, cJSON **out);   /* str_validator: str, or str() of a number */

#endif
