/* render.c — samc_lint_render: dispatches to the text, JSON, SARIF and JUnit renderers and
 * holds what they share (severity names, rule descriptions). */
#include "lint/render.h"

#include <string.h>

const char *lint_severity_name(samc_severity s)
{
	return s == SAMC_SEVERITY_ERROR ? "error" : s == SAMC_SEVERITY_WARNING ? "warning" : "info";
}

const char *lint_rule_description(const char *id)
{
	for (size_t i = 0; i < samc_lint_rule_count(); i++) {
		const char *rid, *desc;
		samc_lint_rule(i, &rid, NULL, &desc);
		if (strcmp(rid, id) == 0)
			return desc;
	}
	return id;
}

int samc_lint_render(const samc_lint_result *const *results, size_t n, samc_lint_format fmt,
		     int color, char **out)
{
	if (!out || (n && !results))
		return SAMC_EUSAGE;
	samc_buf b = SAMC_BUF_INIT;
	switch (fmt) {
	case SAMC_LINT_TEXT: lint_render_text(&b, results, n, color); break;
	case SAMC_LINT_JSON: lint_render_json(&b, results, n); break;
	case SAMC_LINT_SARIF: lint_render_sarif(&b, results, n); break;
	case SAMC_LINT_JUNIT: lint_render_junit(&b, results, n); break;
	default: return SAMC_EUSAGE;
	}
	*out = samc_buf_detach(&b);
	return *out ? SAMC_OK : SAMC_ENOMEM;
}
