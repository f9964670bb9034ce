/* rules_structure.c — rule family 1 (E1xxx): top-level sections, AWSTemplateFormatVersion,
 * Transform, logical ID syntax, resource Type, the CloudFormation quotas, and keys written
 * twice (E0000). */
#include <stdlib.h>
#include <string.h>

#include "json/emit.h"
#include "lint/lint.h"

#define MAX_RESOURCES 500
#define MAX_PARAMETERS 200
#define MAX_OUTPUTS 200
#define MAX_MAPPINGS 200
#define MAX_TEMPLATE_BYTES 1000000
#define MAX_LOGICAL_ID 255

static const char *const SECTIONS[] = {"AWSTemplateFormatVersion", "Description", "Metadata",
				       "Parameters", "Rules", "Mappings", "Conditions",
				       "Transform", "Resources", "Outputs", "Hooks"};

static bool is_known_section(const lint_ctx *c, const char *name)
{
	for (size_t i = 0; i < sizeof(SECTIONS) / sizeof(SECTIONS[0]); i++)
		if (strcmp(name, SECTIONS[i]) == 0)
			return true;
	return c->is_sam && strcmp(name, "Globals") == 0;
}

static void check_sections(lint_ctx *c)
{
	const cJSON *s;
	cJSON_ArrayForEach(s, c->source->root)
		if (!is_known_section(c, s->string))
			lint_report(c, "E1001", SAMC_SEVERITY_ERROR, s, "unknown top-level section '%s'",
				    s->string);
}

static void check_version(lint_ctx *c)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->source->root, "AWSTemplateFormatVersion");
	if (v && !(cJSON_IsString(v) && strcmp(v->valuestring, "2010-09-09") == 0))
		lint_report(c, "E1002", SAMC_SEVERITY_ERROR, v,
			    "AWSTemplateFormatVersion must be \"2010-09-09\"");
}

static bool is_known_transform(const char *name)
{
	return strcmp(name, "AWS::Serverless-2016-10-31") == 0 ||
	       strcmp(name, "AWS::Include") == 0 || strcmp(name, "AWS::LanguageExtensions") == 0 ||
	       strcmp(name, "AWS::CodeDeployBlueGreen") == 0 ||
	       strcmp(name, "AWS::SecretsManager-2020-07-23") == 0 ||
	       strcmp(name, "AWS::SecretsManager-2024-09-16") == 0;
}

static void check_transform_name(lint_ctx *c, const cJSON *t)
{
	if (cJSON_IsObject(t) && cJSON_GetObjectItemCaseSensitive(t, "Name"))
		return; /* { Name: AWS::Include, Parameters: ... } */
	if (!cJSON_IsString(t)) {
		lint_report(c, "E1003", SAMC_SEVERITY_ERROR, t,
			    "Transform must be a string or a list of strings");
		return;
	}
	if (!is_known_transform(t->valuestring))
		lint_report(c, "W1015", SAMC_SEVERITY_WARNING, t, "unknown transform '%s'", t->valuestring);
}

#define NO_SAM_TRANSFORM "without declaring Transform: AWS::Serverless-2016-10-31"

/* E1016 at each use of SAM: the Globals section and every AWS::Serverless::* Type. */
static void check_sam_transform_declared(lint_ctx *c)
{
	if (!c->is_sam || c->declares_sam_transform)
		return;
	const cJSON *globals = cJSON_GetObjectItemCaseSensitive(c->source->root, "Globals");
	if (globals)
		lint_report(c, "E1016", SAMC_SEVERITY_ERROR, globals,
			    "the template has a Globals section " NO_SAM_TRANSFORM);
	const cJSON *res;
	cJSON_ArrayForEach(res, c->resources) {
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(res, "Type");
		if (cJSON_IsString(t) && strncmp(t->valuestring, "AWS::Serverless::", 17) == 0)
			lint_report(c, "E1016", SAMC_SEVERITY_ERROR, t,
				    "Resource %s: type %s is used " NO_SAM_TRANSFORM, res->string,
				    t->valuestring);
	}
}

static void check_transform(lint_ctx *c)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(c->source->root, "Transform");
	if (!t)
		return;
	if (!cJSON_IsArray(t)) {
		check_transform_name(c, t);
		return;
	}
	const cJSON *e;
	cJSON_ArrayForEach(e, t)
		check_transform_name(c, e);
}

static bool is_alphanumeric(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
			return false;
	return true;
}

static void check_logical_ids(lint_ctx *c, const char *section)
{
	const cJSON *sec = cJSON_GetObjectItemCaseSensitive(c->source->root, section);
	const cJSON *e;
	cJSON_ArrayForEach(e, sec) {
		if (!cJSON_IsObject(sec))
			break;
		if (!is_alphanumeric(e->string) || strlen(e->string) > MAX_LOGICAL_ID)
			lint_report(c, "E1004", SAMC_SEVERITY_ERROR, e,
				    "%s: logical ID '%s' must be alphanumeric (A-Za-z0-9), at most 255 characters",
				    section, e->string);
	}
}

/* IDs the SAM transform derives (<Function>Role, <Api><Stage>Stage ...) can pass the limit when
 * the ID as written does not: reported at the resource they come from. */
static void check_generated_logical_ids(lint_ctx *c)
{
	const cJSON *expanded = c->expanded
					? cJSON_GetObjectItemCaseSensitive(c->expanded->root, "Resources")
					: NULL;
	if (!cJSON_IsObject(expanded))
		return;
	const cJSON *e;
	cJSON_ArrayForEach(e, expanded) {
		if (e->string && strlen(e->string) > MAX_LOGICAL_ID &&
		    !cJSON_GetObjectItemCaseSensitive(c->resources, e->string))
			lint_report(c, "E1004", SAMC_SEVERITY_ERROR, e,
				    "Resources: generated logical ID '%s' is longer than 255 characters",
				    e->string);
	}
}

static void check_section_shape(lint_ctx *c, const char *section, bool entries_are_objects)
{
	const cJSON *sec = cJSON_GetObjectItemCaseSensitive(c->source->root, section);
	if (!sec || cJSON_IsNull(sec))
		return;
	if (!cJSON_IsObject(sec)) {
		lint_report(c, "E1010", SAMC_SEVERITY_ERROR, sec, "%s must be a mapping", section);
		return;
	}
	if (!entries_are_objects)
		return;
	const cJSON *e;
	cJSON_ArrayForEach(e, sec)
		if (!cJSON_IsObject(e))
			lint_report(c, "E1010", SAMC_SEVERITY_ERROR, e, "%s: '%s' must be a mapping",
				    section, e->string);
}

static void check_resource_types(lint_ctx *c)
{
	if (!c->resources || !c->resources->child) {
		const cJSON *r = cJSON_GetObjectItemCaseSensitive(c->source->root, "Resources");
		lint_report(c, "E1011", SAMC_SEVERITY_ERROR, r ? r : c->source->root,
			    r ? "Resources must contain at least one resource" : "the template has no Resources section");
		return;
	}
	const cJSON *r;
	cJSON_ArrayForEach(r, c->resources) {
		if (!cJSON_IsObject(r))
			continue;
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(r, "Type");
		if (!cJSON_IsString(t))
			lint_report(c, "E1005", SAMC_SEVERITY_ERROR, t ? t : r,
				    "resource '%s' %s", r->string, t ? "has a Type that is not a string" : "has no Type");
	}
}

static void check_member(lint_ctx *c, const cJSON *section, const char *member, const char *rule,
			 const char *what)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, section)
		if (cJSON_IsObject(e) && !cJSON_GetObjectItemCaseSensitive(e, member))
			lint_report(c, rule, SAMC_SEVERITY_ERROR, e, "%s '%s' has no %s", what, e->string,
				    member);
}

static void check_count(lint_ctx *c, const cJSON *section, size_t max, const char *rule,
			const char *what)
{
	if (!section)
		return;
	size_t n = (size_t)cJSON_GetArraySize(section);
	if (n > max)
		lint_report(c, rule, SAMC_SEVERITY_ERROR, section,
			    "the template has %zu %s; CloudFormation allows at most %zu", n, what, max);
}

static int count_bytes(void *ctx, const char *data, size_t len)
{
	(void)data;
	*(size_t *)ctx += len;
	return 0;
}

/* The template's size as compact JSON, counted while it is written out in pieces: never held
 * whole (that copy was as large as the template). */
static void check_size(lint_ctx *c)
{
	static const samc_json_style COMPACT = {-1, false, ",", ":", false};
	size_t n = 0;
	samc_json_sink sink = {count_bytes, &n, 0};
	if (samc_json_emit_to(&sink, c->source->root, &COMPACT) != 0)
		return;
	if (n > MAX_TEMPLATE_BYTES)
		lint_report_at(c, "E1009", SAMC_SEVERITY_ERROR, 1, 1,
			       "the template is %zu bytes as compact JSON; CloudFormation accepts at most %d",
			       n, MAX_TEMPLATE_BYTES);
}

static void check_limits(lint_ctx *c)
{
	check_count(c, c->resources, MAX_RESOURCES, "E1006", "resources");
	check_count(c, c->parameters, MAX_PARAMETERS, "E1007", "parameters");
	check_count(c, c->outputs, MAX_OUTPUTS, "E1008", "outputs");
	check_count(c, c->mappings, MAX_MAPPINGS, "E1012", "mappings");
	check_size(c);
}

/* A SAM template within the resource limit as written can pass it once expanded. */
static void check_expanded_limit(lint_ctx *c)
{
	const cJSON *expanded = c->expanded
					? cJSON_GetObjectItemCaseSensitive(c->expanded->root, "Resources")
					: NULL;
	if (cJSON_IsObject(expanded) && cJSON_GetArraySize(expanded) > MAX_RESOURCES &&
	    c->resources && cJSON_GetArraySize(c->resources) <= MAX_RESOURCES)
		lint_report(c, "E1006", SAMC_SEVERITY_ERROR, c->resources,
			    "the transformed template has %d resources; CloudFormation allows at most %d",
			    cJSON_GetArraySize(expanded), MAX_RESOURCES);
}

static bool same_pos(samc_pos a, samc_pos b)
{
	return a.line == b.line && a.column == b.column;
}

/* A key written twice in one mapping: the loader kept the last value (PyYAML does too), which
 * is rarely what was meant. Every occurrence is reported, as cfn-lint words it (E0000). */
static void check_duplicate_keys(lint_ctx *c)
{
	for (size_t i = 0; c->dups && i < c->dups->count; i++) {
		const struct samc_dup_key *d = &c->dups->items[i];
		bool first_seen = false;
		for (size_t j = 0; j < i && !first_seen; j++)
			first_seen = same_pos(c->dups->items[j].first, d->first);
		if (!first_seen)
			lint_report_at(c, "E0000", SAMC_SEVERITY_ERROR, d->first.line, d->first.column,
				       "Duplicate found '%s' (line %u)", d->key, d->first.line);
		lint_report_at(c, "E0000", SAMC_SEVERITY_ERROR, d->again.line, d->again.column,
			       "Duplicate found '%s' (line %u)", d->key, d->again.line);
	}
}

void lint_rules_structure(lint_ctx *c)
{
	check_duplicate_keys(c);
	if (!cJSON_IsObject(c->source->root)) {
		lint_report(c, "E1010", SAMC_SEVERITY_ERROR, c->source->root,
			    "the template must be a mapping");
		return;
	}
	check_sections(c);
	check_version(c);
	check_transform(c);
	check_sam_transform_declared(c);
	static const char *const SHAPED[] = {"Parameters", "Resources", "Outputs", "Mappings", "Conditions"};
	for (size_t i = 0; i < sizeof(SHAPED) / sizeof(SHAPED[0]); i++) {
		check_section_shape(c, SHAPED[i], i < 4);
		check_logical_ids(c, SHAPED[i]);
	}
	check_resource_types(c);
	check_member(c, c->parameters, "Type", "E1013", "parameter");
	check_member(c, c->outputs, "Value", "E1014", "output");
	check_limits(c);
}

void lint_rules_expanded_structure(lint_ctx *c)
{
	check_generated_logical_ids(c);
	check_expanded_limit(c);
}
