/* graph_int.h — the inside of samc_graph, shared by the files of lib/graph: node and edge
 * arrays, the name indexes, the dependency lists and the computed orders. */
#ifndef SAMC_GRAPH_GRAPH_INT_H
#define SAMC_GRAPH_GRAPH_INT_H

#include <stddef.h>

#include "doc/doc.h"
#include "samc/graph.h"
#include "util/strmap.h"

#define GRAPH_NONE ((size_t)-1)

struct graph_node {
	const char *name; /* in the graph's names pool */
	const char *type; /* resources: the Type (in the pool), or NULL */
	samc_graph_node_kind kind;
};

struct graph_edge {
	size_t from, to;
	samc_graph_edge_kind kind;
	samc_pos pos;
};

struct samc_graph {
	struct graph_node *nodes;
	size_t nnodes, nresources;
	char *names; /* every node's name and type, one block; the indexes borrow their keys */
	size_t names_len;
	struct graph_edge *edges;
	size_t nedges, edge_cap;
	samc_strmap resources, conditions; /* name -> index + 1 */
	size_t *dep_start; /* CSR by `from`: edges dep_edge[dep_start[i] .. dep_start[i+1]) */
	size_t *dep_edge;
	size_t *wave_of;   /* per node; GRAPH_NONE for conditions */
	size_t nwaves;
	size_t *wave_start; /* CSR: wave k holds wave_nodes[wave_start[k] .. wave_start[k+1]) */
	size_t *wave_nodes;
	size_t *critical;
	size_t ncritical;
	size_t *deletion;
};

/* edges.c: every reference of every resource and condition, deduplicated per pair. */
int graph_extract_edges(samc_graph *g, const samc_document *doc);
/* dag.c: dependency lists, then a topological order; on a cycle returns SAMC_EINVALID and
 * sets *pending (caller frees): nonzero for the nodes left unordered. */
int graph_index_deps(samc_graph *g);
int graph_order(samc_graph *g, size_t **pending);
/* cycle.c: finds one cycle among the pending nodes and describes it in *err. */
int graph_cycle_error(const samc_graph *g, const samc_document *doc, const size_t *pending,
		      samc_error **err);

#endif
