/* graph.c — samc_graph_build (collect the nodes, then edges, order and checks) and the
 * accessors of samc_graph. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "graph/graph_int.h"
#include "util/buf.h"
#include "util/error.h"

/* Copies s into the names pool (sized beforehand) and returns the copy. */
static const char *pooled(samc_graph *g, const char *s)
{
	size_t n = strlen(s) + 1;
	char *at = g->names + g->names_len;
	memcpy(at, s, n);
	g->names_len += n;
	return at;
}

static int add_node(samc_graph *g, const char *name, const char *type, samc_graph_node_kind kind)
{
	struct graph_node *n = &g->nodes[g->nnodes];
	n->kind = kind;
	n->name = pooled(g, name);
	n->type = type ? pooled(g, type) : NULL;
	samc_strmap *index = kind == SAMC_GRAPH_RESOURCE ? &g->resources : &g->conditions;
	if (samc_strmap_put_borrowed(index, n->name, (void *)(uintptr_t)(g->nnodes + 1)))
		return SAMC_ENOMEM;
	g->nnodes++;
	return 0;
}

static const char *resource_type(const cJSON *res)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(res, "Type");
	return cJSON_IsString(t) ? t->valuestring : NULL;
}

/* Counts the members of a section and the bytes their names (and types) take in the pool. */
static size_t measure(const cJSON *section, bool types, size_t *bytes)
{
	size_t n = 0;
	for (const cJSON *m = cJSON_IsObject(section) ? section->child : NULL; m; m = m->next, n++) {
		const char *type = types ? resource_type(m) : NULL;
		*bytes += strlen(m->string) + 1 + (type ? strlen(type) + 1 : 0);
	}
	return n;
}

static int collect_nodes(samc_graph *g, const cJSON *root)
{
	const cJSON *resources = cJSON_GetObjectItemCaseSensitive(root, "Resources");
	const cJSON *conditions = cJSON_GetObjectItemCaseSensitive(root, "Conditions");
	size_t bytes = 0;
	size_t nres = measure(resources, true, &bytes), ncond = measure(conditions, false, &bytes);
	g->nodes = calloc(nres + ncond ? nres + ncond : 1, sizeof(*g->nodes));
	g->names = malloc(bytes ? bytes : 1);
	if (!g->nodes || !g->names || samc_strmap_reserve(&g->resources, nres) ||
	    samc_strmap_reserve(&g->conditions, ncond))
		return SAMC_ENOMEM;
	int rc = 0;
	if (cJSON_IsObject(resources))
		for (const cJSON *r = resources->child; r && !rc; r = r->next)
			if (!samc_strmap_get(&g->resources, r->string))
				rc = add_node(g, r->string, resource_type(r), SAMC_GRAPH_RESOURCE);
	g->nresources = g->nnodes;
	if (cJSON_IsObject(conditions))
		for (const cJSON *c = conditions->child; c && !rc; c = c->next)
			if (!samc_strmap_get(&g->conditions, c->string))
				rc = add_node(g, c->string, NULL, SAMC_GRAPH_CONDITION);
	return rc;
}

static int build_into(samc_graph *g, const samc_document *doc, samc_error **err)
{
	int rc = collect_nodes(g, doc->root);
	if (!rc)
		rc = graph_extract_edges(g, doc);
	if (!rc)
		rc = graph_index_deps(g);
	if (rc)
		return rc;
	size_t *pending = NULL;
	rc = graph_order(g, &pending);
	if (rc == SAMC_EINVALID && pending)
		rc = graph_cycle_error(g, doc, pending, err);
	free(pending);
	return rc;
}

int samc_graph_build(const samc_document *doc, const samc_graph_options *opts, samc_graph **out,
		     samc_error **err)
{
	(void)opts;
	if (!out)
		return SAMC_EUSAGE;
	*out = NULL;
	if (!doc || !doc->root)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0, "no document");
	samc_graph *g = calloc(1, sizeof(*g));
	if (!g)
		return samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	int rc = build_into(g, doc, err);
	if (rc) {
		if (rc == SAMC_ENOMEM)
			samc_error_set(err, rc, doc->name, 0, 0, "out of memory");
		samc_graph_free(g);
		return rc;
	}
	*out = g;
	return 0;
}

void samc_graph_free(samc_graph *g)
{
	if (!g)
		return;
	free(g->nodes);
	free(g->names);
	free(g->edges);
	samc_strmap_free(&g->resources);
	samc_strmap_free(&g->conditions);
	free(g->dep_start);
	free(g->dep_edge);
	free(g->wave_of);
	free(g->wave_start);
	free(g->wave_nodes);
	free(g->critical);
	free(g->deletion);
	free(g);
}

size_t samc_graph_node_count(const samc_graph *g) { return g ? g->nnodes : 0; }
size_t samc_graph_resource_count(const samc_graph *g) { return g ? g->nresources : 0; }

const char *samc_graph_node_name(const samc_graph *g, size_t i)
{
	return g && i < g->nnodes ? g->nodes[i].name : NULL;
}

samc_graph_node_kind samc_graph_node_kind_of(const samc_graph *g, size_t i)
{
	return g && i < g->nnodes ? g->nodes[i].kind : SAMC_GRAPH_RESOURCE;
}

const char *samc_graph_node_type(const samc_graph *g, size_t i)
{
	return g && i < g->nnodes ? g->nodes[i].type : NULL;
}

int samc_graph_find(const samc_graph *g, samc_graph_node_kind kind, const char *name, size_t *index)
{
	if (!g || !name || !index)
		return SAMC_EUSAGE;
	void *v = samc_strmap_get(kind == SAMC_GRAPH_RESOURCE ? &g->resources : &g->conditions, name);
	if (!v)
		return SAMC_EINVALID;
	*index = (size_t)(uintptr_t)v - 1;
	return 0;
}

size_t samc_graph_edge_count(const samc_graph *g) { return g ? g->nedges : 0; }

int samc_graph_edge(const samc_graph *g, size_t i, size_t *from, size_t *to,
		    samc_graph_edge_kind *kind, unsigned *line, unsigned *column)
{
	if (!g || i >= g->nedges)
		return SAMC_EUSAGE;
	const struct graph_edge *e = &g->edges[i];
	if (from)
		*from = e->from;
	if (to)
		*to = e->to;
	if (kind)
		*kind = e->kind;
	if (line)
		*line = e->pos.line;
	if (column)
		*column = e->pos.column;
	return 0;
}

const char *samc_graph_edge_kind_name(samc_graph_edge_kind kind)
{
	static const char *const NAMES[] = {"Ref", "Fn::GetAtt", "Fn::Sub", "DependsOn", "Condition", "Fn::If"};
	return (unsigned)kind < sizeof(NAMES) / sizeof(NAMES[0]) ? NAMES[kind] : "?";
}

size_t samc_graph_wave_count(const samc_graph *g) { return g ? g->nwaves : 0; }

size_t samc_graph_wave_size(const samc_graph *g, size_t wave)
{
	return g && wave < g->nwaves ? g->wave_start[wave + 1] - g->wave_start[wave] : 0;
}

size_t samc_graph_wave_node(const samc_graph *g, size_t wave, size_t j)
{
	if (!g || j >= samc_graph_wave_size(g, wave))
		return GRAPH_NONE;
	return g->wave_nodes[g->wave_start[wave] + j];
}

size_t samc_graph_node_wave(const samc_graph *g, size_t i)
{
	return g && i < g->nnodes ? g->wave_of[i] : GRAPH_NONE;
}

size_t samc_graph_critical_path_length(const samc_graph *g) { return g ? g->ncritical : 0; }

size_t samc_graph_critical_path_node(const samc_graph *g, size_t j)
{
	return g && j < g->ncritical ? g->critical[j] : GRAPH_NONE;
}

size_t samc_graph_deletion_order_length(const samc_graph *g) { return g ? g->nresources : 0; }

size_t samc_graph_deletion_order_node(const samc_graph *g, size_t j)
{
	return g && j < g->nresources ? g->deletion[j] : GRAPH_NONE;
}
