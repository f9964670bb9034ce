/* parameters.h — the parameter values a transform resolves Refs with: overrides given by the
 * caller, template defaults, and pseudo parameters (SamParameterValues). */
#ifndef SAMC_TRANSFORM_PARAMETERS_H
#define SAMC_TRANSFORM_PARAMETERS_H

#include <cjson/cJSON.h>

#include "samc/samc.h"

/* Parses "K=V K2='a b' ParameterKey=K3,ParameterValue=V3" into out (an object of strings).
 * Returns 0 or SAMC_EUSAGE with *err set. */
int samc_parse_parameter_overrides(const char *text, cJSON *out, samc_error **err);

/* Adds each Parameters.<P>.Default not already given, then AWS::Region and AWS::Partition. */
void samc_add_default_parameters(cJSON *params, const cJSON *tpl, const char *region, const char *partition);

#endif
