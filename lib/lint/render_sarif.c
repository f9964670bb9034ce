/* render_sarif.c — findings as SARIF 2.1.0: one run, tool.driver "samc" with the rules that
 * fired, and one result per finding with its physical location. */
#include <string.h>

#include <cjson/cJSON.h>

#include "json/members.h"
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
	SAMC_JSON_ADD_STRING(r, "id", f->rule_id);
	cJSON *sd = SAMC_JSON_ADD_OBJECT(r, "shortDescription");
	SAMC_JSON_ADD_STRING(sd, "text", lint_rule_description(f->rule_id));
	cJSON *dc = SAMC_JSON_ADD_OBJECT(r, "defaultConfiguration");
	SAMC_JSON_ADD_STRING(dc, "level", sarif_level(f->severity));
	cJSON_AddItemToArray(rules, r);
}

static cJSON *result_json(const char *file, const samc_finding *f)
{
	cJSON *o = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(o, "ruleId", f->rule_id);
	SAMC_JSON_ADD_STRING(o, "level", sarif_level(f->severity));
	cJSON *msg = SAMC_JSON_ADD_OBJECT(o, "message");
	SAMC_JSON_ADD_STRING(msg, "text", f->message);
	cJSON *loc = cJSON_CreateObject();
	cJSON *phys = SAMC_JSON_ADD_OBJECT(loc, "physicalLocation");
	cJSON *art = SAMC_JSON_ADD_OBJECT(phys, "artifactLocation");
	SAMC_JSON_ADD_STRING(art, "uri", file);
	if (f->line) {
		cJSON *region = SAMC_JSON_ADD_OBJECT(phys, "region");
		cJSON_AddNumberToObject(region, "startLine", f->line);
		if (f->column)
			cJSON_AddNumberToObject(region, "startColumn", f->column);
	}
	cJSON_AddItemToArray(SAMC_JSON_ADD_ARRAY(o, "locations"), loc);
	return o;
}

static cJSON *driver_json(cJSON *run)
{
	cJSON *tool = SAMC_JSON_ADD_OBJECT(run, "tool");
	cJSON *driver = SAMC_JSON_ADD_OBJECT(tool, "driver");
	SAMC_JSON_ADD_STRING(driver, "name", "samc");
	SAMC_JSON_ADD_STRING(driver, "version", SAMC_VERSION);
	SAMC_JSON_ADD_STRING(driver, "informationUri", "https://github.com/aws/serverless-application-model");
	return SAMC_JSON_ADD_ARRAY(driver, "rules");
}

void lint_render_sarif(samc_buf *b, lint_results rs, size_t n)
{
	cJSON *root = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(root, "$schema", SARIF_SCHEMA);
	SAMC_JSON_ADD_STRING(root, "version", "2.1.0");
	cJSON *run = cJSON_CreateObject();
	cJSON_AddItemToArray(SAMC_JSON_ADD_ARRAY(root, "runs"), run);
	cJSON *rules = driver_json(run);
	cJSON *results = SAMC_JSON_ADD_ARRAY(run, "results");
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
