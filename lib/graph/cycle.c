/* cycle.c — reporting a dependency cycle: walks from an unordered node along unordered
 * dependencies until a node repeats, then names the cycle and the position of each edge. */
#include <stdlib.h>

#include "graph/graph_int.h"
#include "util/buf.h"
#include "util/error.h"

/* The first dependency edge of n that leads to a node still pending. */
static size_t pending_dep_edge(const samc_graph *g, const size_t *pending, size_t n)
{
	for (size_t k = g->dep_start[n]; k < g->dep_start[n + 1]; k++)
		if (pending[g->edges[g->dep_edge[k]].to])
			return g->dep_edge[k];
	return GRAPH_NONE;
}

/* Fills cycle[] with edge indexes, in order; returns their count (0 if none found). */
static size_t find_cycle(const samc_graph *g, const size_t *pending, size_t *visit, size_t *path)
{
	size_t start = 0;
	while (start < g->nnodes && !pending[start])
		start++;
	size_t len = 0;
	for (size_t n = start; n < g->nnodes && visit[n] == 0;) {
		size_t e = pending_dep_edge(g, pending, n);
		if (e == GRAPH_NONE)
			return 0;
		visit[n] = ++len;
		path[len - 1] = e;
		n = g->edges[e].to;
		if (visit[n]) {
			size_t first = visit[n] - 1;
			for (size_t i = first; i < len; i++)
				path[i - first] = path[i];
			return len - first;
		}
	}
	return 0;
}

static int describe_cycle(const samc_graph *g, const samc_document *doc, const size_t *path,
			  size_t len, samc_error **err)
{
	bool resources = g->nodes[g->edges[path[0]].from].kind == SAMC_GRAPH_RESOURCE;
	samc_buf b = SAMC_BUF_INIT;
	samc_buf_printf(&b, "Circular dependency between %s: [", resources ? "resources" : "conditions");
	for (size_t i = 0; i < len; i++)
		samc_buf_printf(&b, "%s%s", i ? ", " : "", g->nodes[g->edges[path[i]].from].name);
	samc_buf_putc(&b, ']');
	const char *headline = samc_buf_cstr(&b);
	const struct graph_edge *e0 = &g->edges[path[0]];
	int rc = headline ? samc_error_set(err, SAMC_EINVALID, doc->name, e0->pos.line, e0->pos.column, "%s", headline)
			  : SAMC_ENOMEM;
	samc_buf_free(&b);
	for (size_t i = 0; rc == SAMC_EINVALID && err && *err && i < len; i++) {
		const struct graph_edge *e = &g->edges[path[i]];
		char *msg = samc_strfmt("%s -> %s (%s)", g->nodes[e->from].name, g->nodes[e->to].name,
					samc_graph_edge_kind_name(e->kind));
		if (!msg || samc_error_add_cause(*err, msg, e->pos.line, e->pos.column))
			rc = SAMC_ENOMEM;
		free(msg);
	}
	return rc;
}

int graph_cycle_error(const samc_graph *g, const samc_document *doc, const size_t *pending,
		      samc_error **err)
{
	size_t *visit = calloc(g->nnodes ? g->nnodes : 1, sizeof(size_t));
	size_t *path = calloc(g->nnodes ? g->nnodes : 1, sizeof(size_t));
	int rc = SAMC_ENOMEM;
	if (visit && path) {
		size_t len = find_cycle(g, pending, visit, path);
		rc = len ? describe_cycle(g, doc, path, len, err) : SAMC_EINTERNAL;
	}
	free(visit);
	free(path);
	return rc;
}
