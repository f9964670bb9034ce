/* rules_intrinsics.c — rule family 4 (E4xxx): argument counts and types of the intrinsic
 * functions, and Fn::FindInMap map/key names where they are static (E2007). */
#include <string.h>

#include "lint/lint.h"

static int array_len(const cJSON *a)
{
	return cJSON_IsArray(a) ? cJSON_GetArraySize(a) : -1;
}

static void bad_args(lint_ctx *c, const cJSON *m, const char *want)
{
	lint_report(c, "E4001", SAMC_SEVERITY_ERROR, m, "%s expects %s", m->string, want);
}

static bool is_intrinsic_object(const cJSON *v)
{
	return cJSON_IsObject(v) && v->child && !v->child->next &&
	       (strncmp(v->child->string, "Fn::", 4) == 0 || strcmp(v->child->string, "Ref") == 0);
}

static bool is_stringish(const cJSON *v)
{
	return cJSON_IsString(v) || is_intrinsic_object(v);
}

static bool is_listish(const cJSON *v)
{
	return cJSON_IsArray(v) || is_intrinsic_object(v);
}

static void check_static_findinmap(lint_ctx *c, const cJSON *m)
{
	const cJSON *map = m->child, *top = map->next, *second = top->next;
	if (!cJSON_IsString(map))
		return;
	const cJSON *mv = c->mappings ? cJSON_GetObjectItemCaseSensitive(c->mappings, map->valuestring) : NULL;
	if (!mv) {
		lint_report(c, "E2007", SAMC_SEVERITY_ERROR, map, "Fn::FindInMap: mapping '%s' is not defined",
			    map->valuestring);
		return;
	}
	if (!cJSON_IsString(top))
		return;
	const cJSON *tv = cJSON_GetObjectItemCaseSensitive(mv, top->valuestring);
	if (!tv) {
		lint_report(c, "E2007", SAMC_SEVERITY_ERROR, top,
			    "Fn::FindInMap: mapping '%s' has no key '%s'", map->valuestring, top->valuestring);
		return;
	}
	if (cJSON_IsString(second) && cJSON_IsObject(tv) &&
	    !cJSON_GetObjectItemCaseSensitive(tv, second->valuestring))
		lint_report(c, "E2007", SAMC_SEVERITY_ERROR, second,
			    "Fn::FindInMap: mapping '%s' key '%s' has no '%s'", map->valuestring,
			    top->valuestring, second->valuestring);
}

static void check_findinmap(lint_ctx *c, const cJSON *m)
{
	int n = array_len(m);
	if (n != 3 && n != 4) /* 4: AWS::LanguageExtensions DefaultValue */
		bad_args(c, m, "a list of 3 values [MapName, TopLevelKey, SecondLevelKey]");
	else
		check_static_findinmap(c, m);
}

static void check_join(lint_ctx *c, const cJSON *m)
{
	if (array_len(m) != 2 || !cJSON_IsString(m->child) || !is_listish(m->child->next))
		bad_args(c, m, "[delimiter string, list of values]");
}

static void check_select(lint_ctx *c, const cJSON *m)
{
	if (array_len(m) != 2 ||
	    !(cJSON_IsNumber(m->child) || is_stringish(m->child)) || !is_listish(m->child->next))
		bad_args(c, m, "[index, list of values]");
}

static void check_split(lint_ctx *c, const cJSON *m)
{
	if (array_len(m) != 2 || !cJSON_IsString(m->child) || !is_stringish(m->child->next))
		bad_args(c, m, "[delimiter string, source string]");
}

static void check_sub(lint_ctx *c, const cJSON *m)
{
	if (cJSON_IsString(m))
		return;
	if (array_len(m) != 2 || !cJSON_IsString(m->child) || !cJSON_IsObject(m->child->next))
		bad_args(c, m, "a string or [string, mapping of variables]");
}

static void check_getatt(lint_ctx *c, const cJSON *m)
{
	if (cJSON_IsString(m)) {
		if (!strchr(m->valuestring, '.'))
			bad_args(c, m, "\"Resource.Attribute\" or [Resource, Attribute]");
		return;
	}
	if (array_len(m) != 2 || !cJSON_IsString(m->child) || !is_stringish(m->child->next))
		bad_args(c, m, "\"Resource.Attribute\" or [Resource, Attribute]");
}

static void check_if(lint_ctx *c, const cJSON *m)
{
	if (array_len(m) != 3 || !cJSON_IsString(m->child))
		bad_args(c, m, "[condition name, value if true, value if false]");
}

static void check_equals(lint_ctx *c, const cJSON *m)
{
	if (array_len(m) != 2)
		bad_args(c, m, "a list of 2 values");
}

static void check_and_or(lint_ctx *c, const cJSON *m)
{
	int n = array_len(m);
	if (n < 2 || n > 10)
		bad_args(c, m, "a list of 2 to 10 conditions");
}

static void check_not(lint_ctx *c, const cJSON *m)
{
	if (array_len(m) != 1)
		bad_args(c, m, "a list of 1 condition");
}

static void check_scalar_arg(lint_ctx *c, const cJSON *m)
{
	if (!is_stringish(m))
		bad_args(c, m, "a string");
}

static void check_cidr(lint_ctx *c, const cJSON *m)
{
	if (array_len(m) != 3)
		bad_args(c, m, "[ipBlock, count, cidrBits]");
}

static void check_getazs(lint_ctx *c, const cJSON *m)
{
	if (!is_stringish(m))
		bad_args(c, m, "a region string (\"\" for the stack's region)");
}

static void check_ref_arg(lint_ctx *c, const cJSON *m)
{
	if (!cJSON_IsString(m))
		bad_args(c, m, "a logical ID string");
}

typedef struct intrinsic_rule {
	const char *name;
	void (*check)(lint_ctx *, const cJSON *);
} intrinsic_rule;

static const intrinsic_rule INTRINSICS[] = {
	{"Ref", check_ref_arg},         {"Fn::If", check_if},           {"Fn::Join", check_join},
	{"Fn::Select", check_select},   {"Fn::Split", check_split},     {"Fn::Sub", check_sub},
	{"Fn::GetAtt", check_getatt},   {"Fn::FindInMap", check_findinmap},
	{"Fn::Equals", check_equals},   {"Fn::And", check_and_or},      {"Fn::Or", check_and_or},
	{"Fn::Not", check_not},         {"Fn::Base64", check_scalar_arg},
	{"Fn::Cidr", check_cidr},       {"Fn::GetAZs", check_getazs},
	{"Fn::ImportValue", check_scalar_arg},
	{"Fn::Transform", NULL},        {"Fn::Length", NULL},           {"Fn::ToJsonString", NULL},
	{"Fn::ForEach", NULL},          {"Fn::Contains", NULL},         {"Fn::EachMemberEquals", NULL},
	{"Fn::EachMemberIn", NULL},     {"Fn::ValueOf", NULL},          {"Fn::ValueOfAll", NULL},
	{"Fn::RefAll", NULL},           {"Fn::GetParam", NULL},
};

static void visit(lint_ctx *c, const cJSON *m)
{
	for (size_t i = 0; i < sizeof(INTRINSICS) / sizeof(INTRINSICS[0]); i++)
		if (strcmp(m->string, INTRINSICS[i].name) == 0) {
			if (INTRINSICS[i].check)
				INTRINSICS[i].check(c, m);
			return;
		}
	if (strncmp(m->string, "Fn::", 4) == 0 && strncmp(m->string, "Fn::ForEach::", 13) != 0)
		lint_report(c, "E4002", SAMC_SEVERITY_ERROR, m, "unknown intrinsic function '%s'",
			    m->string);
}

static void walk(lint_ctx *c, const cJSON *node)
{
	if (cJSON_IsObject(node) && node->child && !node->child->next && node->child->string)
		visit(c, node->child);
	const cJSON *e;
	cJSON_ArrayForEach(e, node)
		walk(c, e);
}

void lint_rules_intrinsics(lint_ctx *c)
{
	const cJSON *s;
	cJSON_ArrayForEach(s, c->source->root)
		if (strcmp(s->string, "Metadata") != 0 && strcmp(s->string, "Mappings") != 0)
			walk(c, s);
}
