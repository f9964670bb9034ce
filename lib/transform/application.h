/* application.h — AWS::Serverless::Application: the ServerlessAppPlugin pass that runs before
 * the other template plugins, and the expander to an AWS::CloudFormation::Stack. */
#ifndef SAMC_TRANSFORM_APPLICATION_H
#define SAMC_TRANSFORM_APPLICATION_H

#include <cjson/cJSON.h>

#include "transform/xf.h"

/* The attribute the plugin pass leaves on an Application whose Location names a Serverless
 * Application Repository application: {"Id": first logical id with that ApplicationId and
 * SemanticVersion, "Message": the error, "Raise": true when the plugin raises it before the
 * resource is validated, false when it stands for the service call samc does not make}. SAM resources lose unknown attributes, so
 * it never reaches the output. */
#define XF_SAR_OUTCOME_ATTRIBUTE "__SamcServerlessAppOutcome"

/* application_plugin.c: ServerlessAppPlugin.on_before_transform_template: resolves parameter
 * Refs and Fn::FindInMap in Location.ApplicationId / SemanticVersion (in place) and records,
 * per application, the outcome the repository lookup would have. Raises document errors. */
int xf_serverless_app_plugin(xf *x);

/* application.c: SamApplication (with the plugin's before-resource checks). */
int xf_expand_application(xf *x, const char *id, const cJSON *sam);

#endif
