/* function_extras.h — the parts of a SAM Function that stand on their own: Function URLs,
 * EventInvokeConfig destinations, and DeploymentPreference (CodeDeploy) resources. */
#ifndef SAMC_TRANSFORM_FUNCTION_EXTRAS_H
#define SAMC_TRANSFORM_FUNCTION_EXTRAS_H

#include "transform/events/event.h"

/* FunctionUrlConfig: emits <Fn>Url and, for AuthType NONE, the public permissions. `alias`
 * is the generated alias resource or NULL. */
int xf_function_url(xf *x, const xf_fn *fn, const cJSON *alias, const cJSON *url_config);

/* EventInvokeConfig: emits <Fn>EventInvokeConfig (and auto-created SQS queue / SNS topic
 * destinations); appends the role policies it needs to `policies` (a cJSON array owned by the
 * caller, later added to the execution role). alias_name is "" without AutoPublishAlias. */
int xf_event_invoke_config(xf *x, const xf_fn *fn, const char *alias_name, const cJSON *alias,
			   const cJSON *config, cJSON *policies);

/* DeploymentPreference of one function (called while the function is expanded): validates it
 * and records it; adds the UpdatePolicy (CodeDeployLambdaAliasUpdate) to `alias`. */
int xf_deployment_preference_add(xf *x, const xf_fn *fn, cJSON *alias, const cJSON *preference);

/* After every resource: ServerlessDeploymentApplication, CodeDeployServiceRole, the
 * <Fn>DeploymentGroup resources, ServerlessCodeDeployCondition (translator.py order). */
int xf_deployment_preferences_finish(xf *x);

#endif
