/* connector.h — AWS::Serverless::Connector shared between its files: resource references,
 * the embedded profile data, policy generation and the embedded `Connectors` attribute. */
#ifndef SAMC_TRANSFORM_CONNECTOR_H
#define SAMC_TRANSFORM_CONNECTOR_H

#include <cjson/cJSON.h>

#include "transform/xf.h"

#define CONNECTOR_TYPE "AWS::Serverless::Connector"

/* ConnectorResourceReference: what a Source or Destination resolves to. Every value is an
 * owned copy or NULL (None). */
typedef struct conn_ref {
	char *logical_id; /* NULL when given by Type (+ Arn, ...) rather than Id */
	char *type;       /* CloudFormation type the profiles know */
	cJSON *arn, *role_name, *queue_url, *resource_id, *name, *qualifier;
} conn_ref;

void conn_ref_release(conn_ref *r);

/* get_resource_reference (connector_resolve.c): resolves `obj` (Source or a Destination) against
 * the output resources with the profile data `profiles`; `other` is the opposite side (for the events rule role). On a template
 * error sets *error to the reference's message (malloc'd) and returns XF_FAIL. */
int conn_resolve(xf *x, const cJSON *profiles, const cJSON *obj, const cJSON *other, conn_ref *out, char **error);

/* get_logical_id_from_intrinsic: the id of a Ref or Fn::GetAtt (both forms), malloc'd, or NULL. */
char *conn_intrinsic_logical_id(const cJSON *v);

/* The parsed profile data (schemas/connector_profiles.json); NULL when memory ran out. */
cJSON *conn_profiles_load(void);

/* generate_resources (connector_profile.c): checks Permissions against the profile of
 * source -> destination and adds the generated resources (ids -> resource) to `out`, in order.
 * Raises resource errors on connector `id`. */
typedef struct conn_job {
	const char *id;           /* connector logical id */
	const cJSON *permissions; /* list of strings (validated) */
	const cJSON *sam;         /* the connector resource (attributes) */
	const cJSON *profiles;    /* conn_profiles_load() */
	int dest_index;
	bool multi_dest;
} conn_job;
int conn_generate(xf *x, const conn_job *job, const conn_ref *source, const conn_ref *destination, cJSON *out);

/* The Permissions checks of generate_resources against the profile's Properties: not empty, each
 * one an access category, and (when the profile lists them) a valid combination. */
int conn_check_permissions(xf *x, const conn_job *job, const cJSON *profile_properties, const char *source,
			   const char *destination);
/* `name` is among the connector's Permissions. */
bool conn_permission_given(const conn_job *job, const char *name);

/* profile_replace over a copy of `v`: "%{Name}" placeholders become the values of vars (names[i]
 * -> values[i], NULL = None), a partial match becomes Fn::Sub. On a None value sets *error to
 * "<Name> is missing." and returns NULL. */
cJSON *conn_profile_replace(const cJSON *v, const char *const *names, const cJSON *const *values, size_t n,
			    char **error);

/* insert_unique(DependsOn, id) on the output resource `resource` (no-op when NULL). */
void conn_add_depends_on(cJSON *resource, const char *id);

/* The `Connectors` attribute of every resource becomes AWS::Serverless::Connector resources
 * named <Resource><Connector> (connector_embedded.c); errors become causes, as the reference
 * appends them to its document errors. Returns XF_OK or XF_NOMEM. */
int xf_embedded_connectors(xf *x);

/* from_dict + validate_properties of SamConnector on `props` (may be NULL), errors on `id`. */
int conn_validate_properties(xf *x, const char *id, const cJSON *props);

/* The macro for AWS::Serverless::Connector (connector.c). */
int xf_expand_connector(xf *x, const char *id, const cJSON *sam);

#endif
