/* render_sarif.c — findings as SARIF 2.1.0: one run, tool.driver "samc" with the rules that
 * fired, and one result per finding with its physical location. */
#include <string.h>

#include <cjson/cJSON.h>

#include "lint/render.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

static const char *sarif_level(samc_severity s)
{
	return s == SAMC_SEVERITY_ERROR ? "error" : s == SAMC_SEVERITY_WARNING ? "warning" : "note";
}

static bool rules_have(const cJSON *rules, const char *id)
{
	const cJSON *r;
	cJSON_ArrayForEach(r, rules)
		if (strcmp(cJSON_GetObjectItemCaseSensitive(r, "id")->valuestring, id) == 0)
			return true;
	return false;
}

static void add_rule(cJSON *rules, const samc_finding *f)
{
	if (rules_have(rules, f->rule_id))
		return;
	cJSON *r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "id", f->rule_id);
	cJSON *sd = cJSON_AddObjectToObject(r, "shortDescription");
	cJSON_AddStringToObject(sd, "text", lint_rule_description(f->rule_id));
	cJSON *dc = cJSON_AddObjectToObject(r, "defaultConfiguration");
	cJSON_AddStringToObject(dc, "level", sarif_level(f->severity));
	cJSON_AddItemToArray(rules, r);
}

static cJSON *result_json(const char *file, const samc_finding *f)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "ruleId", f->rule_id);
	cJSON_AddStringToObject(o, "level", sarif_level(f->severity));
	cJSON *msg = cJSON_AddObjectToObject(o, "message");
	cJSON_AddStringToObject(msg, "text", f->message);
	cJSON *loc = cJSON_CreateObject();
	cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
	cJSON *art = cJSON_AddObjectToObject(phys, "artifactLocation");
	cJSON_AddStringToObject(art, "uri", file);
	if (f->line) {
		cJSON *region = cJSON_AddObjectToObject(phys, "region");
		cJSON_AddNumberToObject(region, "startLine", f->line);
		if (f->column)
			cJSON_AddNumberToObject(region, "startColumn", f->column);
	}
	cJSON_AddItemToArray(cJSON_AddArrayToObject(o, "locations"), loc);
	return o;
}

static cJSON *driver_json(cJSON *run)
{
	cJSON *tool = cJSON_AddObjectToObject(run, "tool");
	cJSON *driver = cJSON_AddObjectToObject(tool, "driver");
	cJSON_AddStringToObject(driver, "name", "samc");
	cJSON_AddStringToObject(driver, "version", SAMC_VERSION);
	cJSON_AddStringToObject(driver, "informationUri", "https://github.com/aws/serverless-application-model");
	return cJSON_AddArrayToObject(driver, "rules");
}

void lint_render_sarif(samc_buf *b, lint_results rs, size_t n)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "$schema", SARIF_SCHEMA);
	cJSON_AddStringToObject(root, "version", "2.1.0");
	cJSON *run = cJSON_CreateObject();
	cJSON_AddItemToArray(cJSON_AddArrayToObject(root, "runs"), run);
	cJSON *rules = driver_json(run);
	cJSON *results = cJSON_AddArrayToObject(run, "results");
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < samc_lint_count(rs[i]); k++) {
			const samc_finding *f = samc_lint_finding(rs[i], k);
			add_rule(rules, f);
			cJSON_AddItemToArray(results, result_json(lint_result_file(rs[i]), f));
		}
	char *text = cJSON_Print(root);
	if (text) {
		samc_buf_puts(b, text);
		samc_buf_putc(b, '\n');
	}
	cJSON_free(text);
	cJSON_Delete(root);
}
