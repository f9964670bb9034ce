/* graph.h — the resource dependency graph of a template: nodes, edges with source positions,
 * creation waves, the critical path, the deletion order, and renderings of them. */
#ifndef SAMC_GRAPH_H
#define SAMC_GRAPH_H

#include <stddef.h>

#include "samc/samc.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct samc_graph samc_graph;

typedef struct samc_graph_options {
	int reserved; /* no options yet; pass NULL or a zeroed struct */
} samc_graph_options;

typedef enum samc_graph_node_kind {
	SAMC_GRAPH_RESOURCE = 0,
	SAMC_GRAPH_CONDITION = 1
} samc_graph_node_kind;

/* What made an edge. An edge goes from the node that refers (the dependent) to the node it
 * refers to (the dependency), which is created first. */
typedef enum samc_graph_edge_kind {
	SAMC_GRAPH_EDGE_REF = 0,        /* {"Ref": "B"} */
	SAMC_GRAPH_EDGE_GETATT = 1,     /* {"Fn::GetAtt": ["B", "Arn"]} or "B.Arn" */
	SAMC_GRAPH_EDGE_SUB = 2,        /* "${B}" or "${B.Arn}" in Fn::Sub */
	SAMC_GRAPH_EDGE_DEPENDS_ON = 3, /* DependsOn: B or [B, ...] */
	SAMC_GRAPH_EDGE_CONDITION = 4,  /* a resource's Condition attribute, {"Condition": "C"} */
	SAMC_GRAPH_EDGE_IF = 5          /* the condition name of Fn::If */
} samc_graph_edge_kind;

typedef enum samc_graph_format {
	SAMC_GRAPH_TEXT = 0,
	SAMC_GRAPH_JSON = 1,
	SAMC_GRAPH_DOT = 2,
	SAMC_GRAPH_MERMAID = 3
} samc_graph_format;

/* Builds the graph of doc (any template: a SAM template as loaded, or the expanded one from
 * samc_transform_document). Nodes are the Resources (in document order) then the Conditions.
 * Parameters, pseudo parameters and unknown names are not nodes; references to them are
 * ignored. A cycle returns SAMC_EINVALID with *err's headline "Circular dependency between
 * resources: [A, B, C]" and one cause per edge of the cycle ("A -> B (Ref)") at its position. */
int samc_graph_build(const samc_document *doc, const samc_graph_options *opts, samc_graph **out,
		     samc_error **err);
void samc_graph_free(samc_graph *g);

size_t samc_graph_node_count(const samc_graph *g);
size_t samc_graph_resource_count(const samc_graph *g);
/* Node i: its logical name, kind and (resources) Type, NULL when absent. */
const char *samc_graph_node_name(const samc_graph *g, size_t i);
samc_graph_node_kind samc_graph_node_kind_of(const samc_graph *g, size_t i);
const char *samc_graph_node_type(const samc_graph *g, size_t i);
/* Index of the resource or condition named name; SAMC_EINVALID when there is none. */
int samc_graph_find(const samc_graph *g, samc_graph_node_kind kind, const char *name, size_t *index);

/* Edges, at most one per (from, to) pair: the first reference found. */
size_t samc_graph_edge_count(const samc_graph *g);
int samc_graph_edge(const samc_graph *g, size_t i, size_t *from, size_t *to,
		    samc_graph_edge_kind *kind, unsigned *line, unsigned *column);
const char *samc_graph_edge_kind_name(samc_graph_edge_kind kind);

/* Creation waves (resources only): wave k (0-based) holds the resources whose resource
 * dependencies all sit in waves < k, in document order. */
size_t samc_graph_wave_count(const samc_graph *g);
size_t samc_graph_wave_size(const samc_graph *g, size_t wave);
size_t samc_graph_wave_node(const samc_graph *g, size_t wave, size_t j);
/* The wave of resource i (0-based); (size_t)-1 for a condition. */
size_t samc_graph_node_wave(const samc_graph *g, size_t i);

/* The longest chain of resources, first created first. */
size_t samc_graph_critical_path_length(const samc_graph *g);
size_t samc_graph_critical_path_node(const samc_graph *g, size_t j);

/* Every resource in deletion order: the waves last to first. */
size_t samc_graph_deletion_order_length(const samc_graph *g);
size_t samc_graph_deletion_order_node(const samc_graph *g, size_t j);

/* Renders the graph; *out is NUL-terminated, owned by the caller (free with samc_free). */
int samc_graph_render(const samc_graph *g, samc_graph_format format, char **out);

#ifdef __cplusplus
}
#endif
#endif
