#include "json/emit.h"
#include <stdio.h>
const samc_json_style SAMC_JSON_PRETTY = {2, false, ", ", ": ", true};
const samc_json_style SAMC_JSON_HASH = {-1, true, ",", ":", true};
const samc_json_style SAMC_JSON_PYDEFAULT = {-1, false, ", ", ": ", true};
void samc_json_emit(samc_buf *b, const cJSON *v, const samc_json_style *style) { (void)b; (void)v; (void)style; }
void samc_json_emit_string(samc_buf *b, const char *s, bool ensure_ascii) { (void)b; (void)s; (void)ensure_ascii; }
void samc_float_repr(double x, char buf[32]) { snprintf(buf, 32, "%.17g", x); }
