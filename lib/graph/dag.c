/* dag.c — ordering the graph: dependency lists, a topological order (Kahn, iterative),
 * creation waves, the critical path and the deletion order. Linear in nodes + edges. */
#include <stdlib.h>
#include <string.h>

#include "graph/graph_int.h"

static size_t *alloc_sizes(size_t n)
{
	return calloc(n ? n : 1, sizeof(size_t));
}

int graph_index_deps(samc_graph *g)
{
	g->dep_start = alloc_sizes(g->nnodes + 1);
	g->dep_edge = alloc_sizes(g->nedges);
	if (!g->dep_start || !g->dep_edge)
		return SAMC_ENOMEM;
	for (size_t i = 0; i < g->nedges; i++)
		g->dep_start[g->edges[i].from + 1]++;
	for (size_t i = 0; i < g->nnodes; i++)
		g->dep_start[i + 1] += g->dep_start[i];
	size_t *fill = alloc_sizes(g->nnodes);
	if (!fill)
		return SAMC_ENOMEM;
	for (size_t i = 0; i < g->nedges; i++) {
		size_t f = g->edges[i].from;
		g->dep_edge[g->dep_start[f] + fill[f]++] = i;
	}
	free(fill);
	return 0;
}

static bool is_resource(const samc_graph *g, size_t i)
{
	return g->nodes[i].kind == SAMC_GRAPH_RESOURCE;
}

/* Wave of a node whose dependencies are all placed: one past its latest resource dependency. */
static size_t wave_after_deps(const samc_graph *g, size_t n)
{
	if (!is_resource(g, n))
		return GRAPH_NONE;
	size_t wave = 0;
	for (size_t k = g->dep_start[n]; k < g->dep_start[n + 1]; k++) {
		size_t d = g->edges[g->dep_edge[k]].to;
		if (is_resource(g, d) && g->wave_of[d] + 1 > wave)
			wave = g->wave_of[d] + 1;
	}
	return wave;
}

/* Who depends on each node (reverse lists), for releasing dependents in Kahn's algorithm. */
static int index_dependents(const samc_graph *g, size_t **start, size_t **list)
{
	*start = alloc_sizes(g->nnodes + 1);
	*list = alloc_sizes(g->nedges);
	size_t *fill = alloc_sizes(g->nnodes);
	if (!*start || !*list || !fill) {
		free(fill);
		return SAMC_ENOMEM;
	}
	for (size_t i = 0; i < g->nedges; i++)
		(*start)[g->edges[i].to + 1]++;
	for (size_t i = 0; i < g->nnodes; i++)
		(*start)[i + 1] += (*start)[i];
	for (size_t i = 0; i < g->nedges; i++) {
		size_t t = g->edges[i].to;
		(*list)[(*start)[t] + fill[t]++] = g->edges[i].from;
	}
	free(fill);
	return 0;
}

static size_t kahn(samc_graph *g, size_t *pending, const size_t *rstart, const size_t *rlist, size_t *queue)
{
	size_t head = 0, tail = 0;
	for (size_t i = 0; i < g->nnodes; i++) {
		pending[i] = g->dep_start[i + 1] - g->dep_start[i];
		if (pending[i] == 0)
			queue[tail++] = i;
	}
	while (head < tail) {
		size_t n = queue[head++];
		g->wave_of[n] = wave_after_deps(g, n);
		if (is_resource(g, n) && g->wave_of[n] + 1 > g->nwaves)
			g->nwaves = g->wave_of[n] + 1;
		for (size_t k = rstart[n]; k < rstart[n + 1]; k++)
			if (--pending[rlist[k]] == 0)
				queue[tail++] = rlist[k];
	}
	return tail;
}

/* Counting sort of the resources by wave, document order inside a wave. */
static int bucket_waves(samc_graph *g)
{
	g->wave_start = alloc_sizes(g->nwaves + 1);
	g->wave_nodes = alloc_sizes(g->nresources);
	size_t *fill = alloc_sizes(g->nwaves);
	if (!g->wave_start || !g->wave_nodes || !fill) {
		free(fill);
		return SAMC_ENOMEM;
	}
	for (size_t i = 0; i < g->nresources; i++)
		g->wave_start[g->wave_of[i] + 1]++;
	for (size_t k = 0; k < g->nwaves; k++)
		g->wave_start[k + 1] += g->wave_start[k];
	for (size_t i = 0; i < g->nresources; i++) {
		size_t w = g->wave_of[i];
		g->wave_nodes[g->wave_start[w] + fill[w]++] = i;
	}
	free(fill);
	return 0;
}

/* From the first resource of the last wave, back through a dependency one wave earlier. */
static int trace_critical_path(samc_graph *g)
{
	g->critical = alloc_sizes(g->nwaves);
	if (!g->critical)
		return SAMC_ENOMEM;
	if (g->nwaves == 0)
		return 0;
	size_t n = g->wave_nodes[g->wave_start[g->nwaves - 1]];
	g->ncritical = g->nwaves;
	for (size_t j = g->nwaves; j-- > 0;) {
		g->critical[j] = n;
		for (size_t k = g->dep_start[n]; j > 0 && k < g->dep_start[n + 1]; k++) {
			size_t d = g->edges[g->dep_edge[k]].to;
			if (is_resource(g, d) && g->wave_of[d] + 1 == g->wave_of[n]) {
				n = d;
				break;
			}
		}
	}
	return 0;
}

static int list_deletion_order(samc_graph *g)
{
	g->deletion = alloc_sizes(g->nresources);
	if (!g->deletion)
		return SAMC_ENOMEM;
	size_t j = 0;
	for (size_t k = g->nwaves; k-- > 0;)
		for (size_t i = g->wave_start[k]; i < g->wave_start[k + 1]; i++)
			g->deletion[j++] = g->wave_nodes[i];
	return 0;
}

int graph_order(samc_graph *g, size_t **pending_out)
{
	size_t *rstart = NULL, *rlist = NULL;
	size_t *pending = alloc_sizes(g->nnodes);
	size_t *queue = alloc_sizes(g->nnodes);
	g->wave_of = alloc_sizes(g->nnodes);
	int rc = pending && queue && g->wave_of ? index_dependents(g, &rstart, &rlist) : SAMC_ENOMEM;
	if (!rc && kahn(g, pending, rstart, rlist, queue) < g->nnodes) {
		rc = SAMC_EINVALID;
		*pending_out = pending;
		pending = NULL;
	}
	free(rstart);
	free(rlist);
	free(queue);
	free(pending);
	if (!rc)
		rc = bucket_waves(g);
	if (!rc)
		rc = trace_critical_path(g);
	if (!rc)
		rc = list_deletion_order(g);
	return rc;
}
