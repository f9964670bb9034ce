/* fuzz_graph.c — fuzz target for the dependency graph: load, expand when the template needs
 * it (as `samc graph` does), build the graph, walk its queries and render every format. */
#include <stdint.h>

#include "fuzz.h"
#include "samc/samc.h"

static void walk(const samc_graph *g)
{
	for (size_t i = 0; i < samc_graph_edge_count(g); i++) {
		size_t from, to;
		samc_graph_edge_kind kind;
		unsigned line, col;
		if (samc_graph_edge(g, i, &from, &to, &kind, &line, &col) == SAMC_OK)
			(void)samc_graph_edge_kind_name(kind);
	}
	for (size_t w = 0; w < samc_graph_wave_count(g); w++)
		for (size_t j = 0; j < samc_graph_wave_size(g, w); j++)
			(void)samc_graph_wave_node(g, w, j);
	for (size_t j = 0; j < samc_graph_critical_path_length(g); j++)
		(void)samc_graph_critical_path_node(g, j);
	for (size_t j = 0; j < samc_graph_deletion_order_length(g); j++)
		(void)samc_graph_deletion_order_node(g, j);
	for (int f = SAMC_GRAPH_TEXT; f <= SAMC_GRAPH_MERMAID; f++) {
		char *out = NULL;
		samc_graph_render(g, (samc_graph_format)f, &out);
		samc_free(out);
	}
}

static void graph_of(const samc_document *doc)
{
	samc_graph *g = NULL;
	samc_error *err = NULL;
	if (samc_graph_build(doc, NULL, &g, &err) == SAMC_OK)
		walk(g);
	samc_graph_free(g);
	samc_error_free(err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	samc_document *doc = NULL, *expanded = NULL;
	samc_error *err = NULL;
	if (samc_document_load_buffer(&doc, (const char *)data, size, "fuzz.yaml", NULL, &err) ==
	    SAMC_OK) {
		samc_transform_options opts = {.allow_local_code = 1};
		int needed = 0;
		graph_of(doc); /* as written (--sam) */
		if (samc_transform_needed(doc, &opts, &needed) == SAMC_OK && needed &&
		    samc_transform_document(doc, &opts, &expanded, &err) == SAMC_OK)
			graph_of(expanded);
	}
	samc_error_free(err);
	samc_document_free(expanded);
	samc_document_free(doc);
	return 0;
}
