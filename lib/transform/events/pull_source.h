/* pull_source.h — the seam between the shared PullEventSource logic (pull.c, pull_policy.c) and
 * the per-type parts (pull_sources.c): what a pull type supplies and the helpers it may use. */
#ifndef SAMC_TRANSFORM_EVENTS_PULL_SOURCE_H
#define SAMC_TRANSFORM_EVENTS_PULL_SOURCE_H

#include "transform/events/event.h"

typedef struct xf_pull_ctx xf_pull_ctx;

/* One PullEventSource subclass. */
typedef struct xf_pull_kind {
	const char *name;             /* resource_type, e.g. "Kinesis" */
	const char *source_arn_prop;  /* the property that becomes EventSourceArn, or NULL */
	const char *managed_policy;   /* "service-role/..." for get_policy_arn, or NULL */
	const char *kafka_config_key; /* where ConsumerGroupId/SchemaRegistryConfig go, or NULL */
	/* get_policy_statements: sets *out to a new list of role policies, or leaves it NULL (None). */
	int (*policy_statements)(xf_pull_ctx *c, cJSON **out);
	/* add_extra_eventsourcemapping_fields, or NULL. */
	int (*extra_fields)(xf_pull_ctx *c);
} xf_pull_kind;

struct xf_pull_ctx {
	xf *x;
	const xf_event *ev;
	const xf_pull_kind *kind;
	cJSON *esm_props;       /* Properties of the EventSourceMapping being built */
	cJSON *schema_registry; /* the mapping's SchemaRegistryConfig (MSK, SelfManagedKafka) or NULL */
};

/* PullEventSource.to_cloudformation for one event whose properties were validated (from_dict). */
int xf_pull_expand(xf *x, xf_fn *fn, xf_event *ev, const xf_pull_kind *kind);

/* The event property `name`, or NULL when absent or null (Python None). */
const cJSON *xf_pull_prop(const xf_pull_ctx *c, const char *name);

/* Whether s is one of items. */
bool xf_pull_in_list(const char *s, const char *const *items, size_t n);

/* {"Action": [action] (or action when !action_list), "Effect": "Allow", "Resource": resource};
 * takes ownership of resource, NULL gives null. */
cJSON *xf_pull_statement(const char *action, bool action_list, cJSON *resource);
/* {"PolicyName": name, "PolicyDocument": {"Statement": statements[, "Version"]}}; takes ownership
 * of statements. */
cJSON *xf_pull_named_policy(const char *name, cJSON *statements, bool with_version);
/* The same policy alone in a list (what get_policy_statements returns). */
cJSON *xf_pull_policy_list(const char *name, cJSON *statements, bool with_version);
/* kms:Decrypt on arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/<id>. */
cJSON *xf_pull_kms_statement(const char *key_id, bool action_list);

/* validate_secrets_manager_kms_key_id: the key id must be a string (event error). */
int xf_pull_validate_kms_key_id(xf_pull_ctx *c);
/* _validate_source_access_configurations: *uri = the URI of the required type. */
int xf_pull_source_access_uri(xf_pull_ctx *c, const char *const *supported, size_t nsupported,
			      const char *required, const cJSON **uri);
/* get_schema_registry_permissions: appends its statements to `statements`. */
int xf_pull_schema_registry_statements(xf_pull_ctx *c, cJSON *statements);

#endif
