/* intrinsics.h — walking templates to resolve intrinsics the way the reference's
 * IntrinsicsResolver does (parameters, renamed ids, derived references). */
#ifndef SAMC_TRANSFORM_INTRINSICS_H
#define SAMC_TRANSFORM_INTRINSICS_H

#include "transform/xf.h"

/* A resolver looks at one node; to replace it, it sets *replacement to a new node (owned by
 * the walk from then on). The walk then descends into the (possibly replaced) node. */
typedef int (*xf_node_resolver)(xf *x, cJSON *node, cJSON **replacement, void *ctx);

/* Pre-order walk of *root applying `resolver` to every node (root included). */
int xf_traverse(xf *x, cJSON **root, xf_node_resolver resolver, void *ctx);

/* Calls handler(full "${name}", name) for every ${name} of the reference's Sub regex in the
 * string node, replacing the first occurrence of full by *out when the handler sets it. */
typedef int (*xf_sub_handler)(xf *x, const char *full, const char *name, char **out, void *ctx);
int xf_sub_each_ref(xf *x, cJSON *str_node, xf_sub_handler handler, void *ctx);

/* resolve_sam_resource_id_refs: old id -> new id in Ref, Fn::GetAtt and Fn::Sub. */
int xf_resolve_id_refs(xf *x, cJSON **root, const cJSON *changed_ids);
/* resolve_sam_resource_refs: "X.Alias"-style references through x->referables. */
int xf_resolve_resource_refs(xf *x, cJSON **root);

/* Python str() of a JSON value as an f-string prints it ({'a': 1}, [u'x'] never: plain 'x'). */
char *xf_pystr(const cJSON *v);

#endif
