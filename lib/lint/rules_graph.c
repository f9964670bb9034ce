/* rules_graph.c — rule family 5: dependency cycles between resources (E5001).
 * Hook for the dependency-graph work: empty until the graph library lands. */
#include "lint/lint.h"

void lint_rules_graph(lint_ctx *c)
{
	(void)c;
}
