/* render.h — the four lint renderers (render_text.c, render_json.c, render_sarif.c,
 * render_junit.c), each appending one whole document to a buffer. */
#ifndef SAMC_LINT_RENDER_H
#define SAMC_LINT_RENDER_H

#include "samc/samc.h"
#include "util/buf.h"

typedef const samc_lint_result *const *lint_results;

const char *lint_severity_name(samc_severity s);
const char *lint_rule_description(const char *id);
/* the file name a result is shown under */
const char *lint_result_file(const samc_lint_result *r);

void lint_render_text(samc_buf *b, lint_results rs, size_t n, int color);
void lint_render_json(samc_buf *b, lint_results rs, size_t n);
void lint_render_sarif(samc_buf *b, lint_results rs, size_t n);
void lint_render_junit(samc_buf *b, lint_results rs, size_t n);

#endif
