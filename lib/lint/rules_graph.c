/* rules_graph.c — rule family 5: dependency cycles (E5001), found by building the dependency
 * graph (lib/graph/) of the expanded template, or of the source when there is none. */
#include "lint/lint.h"
#include "util/buf.h"

/* "Circular dependency between resources: [A, B]: A -> B (Ref), B -> A (DependsOn)" at the
 * first edge's position (graph positions of expanded nodes point into the source). */
static void report_cycle(lint_ctx *c, const samc_error *cycle)
{
	samc_buf b = SAMC_BUF_INIT;
	samc_buf_puts(&b, samc_error_message(cycle));
	unsigned line = samc_error_line(cycle), column = samc_error_column(cycle);
	for (size_t i = 0; i < samc_error_count(cycle); i++) {
		const char *edge = NULL;
		samc_error_cause(cycle, i, &edge, NULL, NULL);
		samc_buf_printf(&b, "%s%s", i ? ", " : ": ", edge);
	}
	const char *text = samc_buf_cstr(&b);
	if (text)
		lint_report_at(c, "E5001", SAMC_SEVERITY_ERROR, line, column, "%s", text);
	else
		lint_report_oom(c);
	samc_buf_free(&b);
}

void lint_rules_graph(lint_ctx *c)
{
	const samc_document *doc = c->expanded ? c->expanded : c->source;
	samc_graph *g = NULL;
	samc_error *err = NULL;
	int rc = samc_graph_build(doc, NULL, &g, &err);
	if (rc == SAMC_EINVALID && err)
		report_cycle(c, err);
	else if (rc == SAMC_ENOMEM)
		lint_report_oom(c);
	samc_graph_free(g);
	samc_error_free(err);
}
