/* render.c — samc_graph_render: the graph as text (waves, critical path, deletion order),
 * JSON, Graphviz DOT or Mermaid. Edges point from the dependent to its dependency. */
#include <stdlib.h>

#include "graph/graph_int.h"
#include "json/emit.h"
#include "util/buf.h"

/* A decimal number, without printf (render runs once per node and edge). */
static void put_uint(samc_buf *b, size_t v)
{
	char digits[24];
	size_t n = sizeof(digits);
	do
		digits[--n] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	samc_buf_put(b, digits + n, sizeof(digits) - n);
}

static void text_node_list(samc_buf *b, const samc_graph *g, const size_t *nodes, size_t n, const char *sep)
{
	for (size_t i = 0; i < n; i++) {
		samc_buf_puts(b, i ? sep : "");
		samc_buf_puts(b, g->nodes[nodes[i]].name);
	}
}

static void render_text(samc_buf *b, const samc_graph *g)
{
	samc_buf_printf(b, "resources: %zu, conditions: %zu, edges: %zu\n", g->nresources,
			g->nnodes - g->nresources, g->nedges);
	samc_buf_puts(b, "creation waves:\n");
	for (size_t k = 0; k < g->nwaves; k++) {
		samc_buf_printf(b, "  %zu: ", k + 1);
		text_node_list(b, g, g->wave_nodes + g->wave_start[k], g->wave_start[k + 1] - g->wave_start[k], ", ");
		samc_buf_putc(b, '\n');
	}
	samc_buf_printf(b, "critical path (%zu): ", g->ncritical);
	text_node_list(b, g, g->critical, g->ncritical, " -> ");
	samc_buf_puts(b, "\ndeletion order:\n");
	for (size_t k = g->nwaves; k-- > 0;) {
		samc_buf_printf(b, "  %zu: ", g->nwaves - k);
		text_node_list(b, g, g->wave_nodes + g->wave_start[k], g->wave_start[k + 1] - g->wave_start[k], ", ");
		samc_buf_putc(b, '\n');
	}
	if (g->nnodes > g->nresources) {
		samc_buf_puts(b, "conditions:");
		for (size_t i = g->nresources; i < g->nnodes; i++)
			samc_buf_printf(b, " %s", g->nodes[i].name);
		samc_buf_putc(b, '\n');
	}
}

static void json_name_array(samc_buf *b, const samc_graph *g, const size_t *nodes, size_t n)
{
	samc_buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			samc_buf_puts(b, ", ");
		samc_json_emit_string(b, g->nodes[nodes[i]].name, false);
	}
	samc_buf_putc(b, ']');
}

static void json_waves(samc_buf *b, const samc_graph *g, bool reverse)
{
	samc_buf_putc(b, '[');
	for (size_t j = 0; j < g->nwaves; j++) {
		size_t k = reverse ? g->nwaves - 1 - j : j;
		samc_buf_puts(b, j ? ",\n    " : "\n    ");
		json_name_array(b, g, g->wave_nodes + g->wave_start[k], g->wave_start[k + 1] - g->wave_start[k]);
	}
	samc_buf_puts(b, g->nwaves ? "\n  ]" : "]");
}

static void json_nodes(samc_buf *b, const samc_graph *g)
{
	samc_buf_puts(b, "  \"nodes\": [");
	for (size_t i = 0; i < g->nnodes; i++) {
		const struct graph_node *n = &g->nodes[i];
		samc_buf_puts(b, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
		samc_json_emit_string(b, n->name, false);
		samc_buf_puts(b, n->kind == SAMC_GRAPH_RESOURCE ? ", \"kind\": \"resource\""
							  : ", \"kind\": \"condition\"");
		if (n->type) {
			samc_buf_puts(b, ", \"type\": ");
			samc_json_emit_string(b, n->type, false);
		}
		if (n->kind == SAMC_GRAPH_RESOURCE) {
			samc_buf_puts(b, ", \"wave\": ");
			put_uint(b, g->wave_of[i] + 1);
		}
		samc_buf_putc(b, '}');
	}
	samc_buf_puts(b, g->nnodes ? "\n  ],\n" : "],\n");
}

static void json_edges(samc_buf *b, const samc_graph *g)
{
	samc_buf_puts(b, "  \"edges\": [");
	for (size_t i = 0; i < g->nedges; i++) {
		const struct graph_edge *e = &g->edges[i];
		samc_buf_puts(b, i ? ",\n    {\"from\": " : "\n    {\"from\": ");
		samc_json_emit_string(b, g->nodes[e->from].name, false);
		samc_buf_puts(b, ", \"to\": ");
		samc_json_emit_string(b, g->nodes[e->to].name, false);
		samc_buf_puts(b, ", \"kind\": \"");
		samc_buf_puts(b, samc_graph_edge_kind_name(e->kind));
		samc_buf_puts(b, "\", \"line\": ");
		put_uint(b, e->pos.line);
		samc_buf_puts(b, ", \"column\": ");
		put_uint(b, e->pos.column);
		samc_buf_putc(b, '}');
	}
	samc_buf_puts(b, g->nedges ? "\n  ],\n" : "],\n");
}

static void render_json(samc_buf *b, const samc_graph *g)
{
	samc_buf_puts(b, "{\n");
	json_nodes(b, g);
	json_edges(b, g);
	samc_buf_puts(b, "  \"waves\": ");
	json_waves(b, g, false);
	samc_buf_puts(b, ",\n  \"criticalPath\": ");
	json_name_array(b, g, g->critical, g->ncritical);
	samc_buf_puts(b, ",\n  \"deletionOrder\": ");
	json_waves(b, g, true);
	samc_buf_puts(b, "\n}\n");
}

/* A DOT string literal (JSON escaping is valid DOT escaping for names). */
static void dot_id(samc_buf *b, const char *s)
{
	samc_json_emit_string(b, s, false);
}

static void render_dot(samc_buf *b, const samc_graph *g)
{
	samc_buf_puts(b, "digraph template {\n  rankdir=LR;\n  node [shape=box];\n");
	for (size_t i = 0; i < g->nnodes; i++) {
		samc_buf_puts(b, "  ");
		dot_id(b, g->nodes[i].name);
		if (g->nodes[i].kind == SAMC_GRAPH_CONDITION)
			samc_buf_puts(b, " [shape=diamond, style=dashed]");
		samc_buf_puts(b, ";\n");
	}
	for (size_t i = 0; i < g->nedges; i++) {
		samc_buf_puts(b, "  ");
		dot_id(b, g->nodes[g->edges[i].from].name);
		samc_buf_puts(b, " -> ");
		dot_id(b, g->nodes[g->edges[i].to].name);
		samc_buf_printf(b, " [label=\"%s\"];\n", samc_graph_edge_kind_name(g->edges[i].kind));
	}
	samc_buf_puts(b, "}\n");
}

/* Mermaid labels: quotes would end the label, so they become #quot;. */
static void mermaid_label(samc_buf *b, const char *s)
{
	for (; *s; s++)
		if (*s == '"')
			samc_buf_puts(b, "#quot;");
		else
			samc_buf_putc(b, *s);
}

static void render_mermaid(samc_buf *b, const samc_graph *g)
{
	samc_buf_puts(b, "graph LR\n");
	for (size_t i = 0; i < g->nnodes; i++) {
		bool cond = g->nodes[i].kind == SAMC_GRAPH_CONDITION;
		samc_buf_printf(b, "  n%zu%s\"", i, cond ? "{" : "[");
		mermaid_label(b, g->nodes[i].name);
		samc_buf_puts(b, cond ? "\"}\n" : "\"]\n");
	}
	for (size_t i = 0; i < g->nedges; i++)
		samc_buf_printf(b, "  n%zu -->|\"%s\"| n%zu\n", g->edges[i].from,
				samc_graph_edge_kind_name(g->edges[i].kind), g->edges[i].to);
}

int samc_graph_render(const samc_graph *g, samc_graph_format format, char **out)
{
	if (!g || !out)
		return SAMC_EUSAGE;
	*out = NULL;
	samc_buf b = SAMC_BUF_INIT;
	switch (format) {
	case SAMC_GRAPH_TEXT:
		render_text(&b, g);
		break;
	case SAMC_GRAPH_JSON:
		render_json(&b, g);
		break;
	case SAMC_GRAPH_DOT:
		render_dot(&b, g);
		break;
	case SAMC_GRAPH_MERMAID:
		render_mermaid(&b, g);
		break;
	default:
		return SAMC_EUSAGE;
	}
	*out = samc_buf_detach(&b);
	return *out ? 0 : SAMC_ENOMEM;
}
