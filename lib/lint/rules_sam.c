/* rules_sam.c — rule family 6: everything samc_transform rejects, one finding (E6001) per
 * cause of the transform's samc_error, at the cause's line:column. */
#include <string.h>

#include "lint/lint.h"

/* A SAM type samc cannot expand yet is samc's limit, not the template's mistake (W6002). */
static void report_cause(lint_ctx *c, const char *msg, unsigned line, unsigned col)
{
	if (strstr(msg, "samc does not support"))
		lint_report_at(c, "W6002", SAMC_SEVERITY_WARNING, line, col, "not checked: %s", msg);
	else
		lint_report_at(c, "E6001", SAMC_SEVERITY_ERROR, line, col, "%s", msg);
}

void lint_rules_sam(lint_ctx *c)
{
	const samc_error *e = c->transform_error;
	if (!e)
		return;
	size_t n = samc_error_count(e);
	if (n == 0) {
		report_cause(c, samc_error_message(e), samc_error_line(e), samc_error_column(e));
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char *msg = NULL;
		unsigned line = 0, col = 0;
		if (samc_error_cause(e, i, &msg, &line, &col) == 0)
			report_cause(c, msg, line, col);
	}
}
