/* render_json.c — findings as JSON: {"files": [{"file", "findings": [{ruleId, severity,
 * message, line, column}]}], "summary": {errors, warnings, infos}}. */
#include <cjson/cJSON.h>

#include "json/members.h"
#include "lint/render.h"

static cJSON *finding_json(const samc_finding *f)
{
	cJSON *o = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(o, "ruleId", f->rule_id);
	SAMC_JSON_ADD_STRING(o, "severity", lint_severity_name(f->severity));
	SAMC_JSON_ADD_STRING(o, "message", f->message);
	cJSON_AddNumberToObject(o, "line", f->line);
	cJSON_AddNumberToObject(o, "column", f->column);
	return o;
}

void lint_render_json(samc_buf *b, lint_results rs, size_t n)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *files = SAMC_JSON_ADD_ARRAY(root, "files");
	double counts[3] = {0, 0, 0};
	for (size_t i = 0; i < n; i++) {
		cJSON *fo = cJSON_CreateObject();
		SAMC_JSON_ADD_STRING(fo, "file", lint_result_file(rs[i]));
		cJSON *arr = SAMC_JSON_ADD_ARRAY(fo, "findings");
		for (size_t k = 0; k < samc_lint_count(rs[i]); k++) {
			const samc_finding *f = samc_lint_finding(rs[i], k);
			cJSON_AddItemToArray(arr, finding_json(f));
			counts[f->severity]++;
		}
		cJSON_AddItemToArray(files, fo);
	}
	cJSON *sum = SAMC_JSON_ADD_OBJECT(root, "summary");
	cJSON_AddNumberToObject(sum, "errors", counts[0]);
	cJSON_AddNumberToObject(sum, "warnings", counts[1]);
	cJSON_AddNumberToObject(sum, "infos", counts[2]);
	char *text = cJSON_Print(root);
	if (text) {
		samc_buf_puts(b, text);
		samc_buf_putc(b, '\n');
	}
	cJSON_free(text);
	cJSON_Delete(root);
}
