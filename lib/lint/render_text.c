/* render_text.c — findings as text, grouped by file: "file:line:col: severity: message [ID]"
 * (line and column left out when unknown), with ANSI colours when asked, and a summary line. */
#include "lint/render.h"

static const char *severity_color(samc_severity s)
{
	return s == SAMC_SEVERITY_ERROR ? "\033[1;31m" : s == SAMC_SEVERITY_WARNING ? "\033[1;33m" : "\033[1;36m";
}

static void render_finding(samc_buf *b, const char *file, const samc_finding *f, int color)
{
	const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
	samc_buf_printf(b, "%s%s", bold, file);
	if (f->line)
		samc_buf_printf(b, ":%u", f->line);
	if (f->line && f->column)
		samc_buf_printf(b, ":%u", f->column);
	samc_buf_printf(b, ":%s %s%s%s: %s [%s]\n", reset, color ? severity_color(f->severity) : "",
			lint_severity_name(f->severity), reset, f->message, f->rule_id);
}

void lint_render_text(samc_buf *b, lint_results rs, size_t n, int color)
{
	size_t counts[3] = {0, 0, 0};
	for (size_t i = 0; i < n; i++) {
		const char *file = lint_result_file(rs[i]);
		for (size_t k = 0; k < samc_lint_count(rs[i]); k++) {
			const samc_finding *f = samc_lint_finding(rs[i], k);
			render_finding(b, file, f, color);
			counts[f->severity]++;
		}
	}
	if (counts[0] + counts[1] + counts[2])
		samc_buf_printf(b, "%zu error(s), %zu warning(s), %zu info in %zu file(s)\n", counts[0],
				counts[1], counts[2], n);
}
