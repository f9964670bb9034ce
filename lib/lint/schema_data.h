/* schema_data.h — the CloudFormation resource type data (schemas/resource_types.json, made by
 * tools/gen-resource-schemas.py) parsed lazily and indexed by type name, for one lint run. */
#ifndef SAMC_LINT_SCHEMA_DATA_H
#define SAMC_LINT_SCHEMA_DATA_H

#include <cjson/cJSON.h>
#include <stdbool.h>

typedef struct lint_schema_data lint_schema_data;

/* Creates an empty handle (nothing parsed yet). 0 or SAMC_ENOMEM. */
int lint_schema_data_new(lint_schema_data **out);
void lint_schema_data_free(lint_schema_data *d);

/* Parses the embedded data on first use. False when it is missing or memory ran out. */
bool lint_schema_data_ready(lint_schema_data *d);

/* The entry of a resource type ({"p": OBJ, "a": [...], "r": [...]}; see the generator's
 * docstring), or NULL when the type is unknown or the data could not be loaded. */
const cJSON *lint_schema_type(lint_schema_data *d, const char *type);

/* True when `type` is known and `attr` is one of its GetAtt attributes (read-only
 * properties, dotted for nested ones). False for unknown types. */
bool lint_schema_has_attribute(lint_schema_data *d, const char *type, const char *attr);

/* The same answer read from the type's entry text, inflated but not parsed (for callers
 * that hold no handle): 1 = has it, 0 = known type without it, -1 = unknown type (including
 * AWS::CloudFormation::CustomResource, whose attributes are free). "Outputs.X"-style names
 * count when their first part is an attribute. */
int lint_schema_text_attribute(const char *type, const char *attr);

/* The data's provenance line ("cfn-lint 1.51.0 ..."), or NULL. */
const char *lint_schema_source(lint_schema_data *d);

#endif
