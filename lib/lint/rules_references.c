/* rules_references.c — rule family 2 (E2xxx/W2xxx): Ref, Fn::GetAtt, Fn::Sub, DependsOn and
 * Condition naming something that does not exist; unused parameters, conditions, mappings. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "json/values.h"
#include "lint/lint.h"
#include "lint/sub_vars.h"

typedef struct refs_ctx {
	lint_ctx *c;
	samc_strmap used; /* names of parameters, conditions and mappings seen in use */
	samc_strmap unresolved; /* "X.Y" Ref targets the SAM transform left as they were */
	const cJSON *expanded_resources;
	bool resources_unknowable; /* SAM template whose transform failed: generated IDs unknown */
	samc_strmap source_index;   /* name -> resource as written (lookups in O(1), not O(n)) */
	samc_strmap expanded_index; /* name -> resource of the expanded template */
	samc_strmap attr_answers;   /* "TYPE|ATTR" -> answer of lint_schema_lacks_attribute */
} refs_ctx;

static void mark_used(refs_ctx *r, const char *name)
{
	if (!samc_strmap_get(&r->used, name))
		samc_strmap_put(&r->used, name, (void *)1);
}

static bool has_member(const cJSON *obj, const char *name)
{
	return obj && cJSON_GetObjectItemCaseSensitive(obj, name) != NULL;
}

/* Indexes the members of obj by name (the first of equal names, as cJSON's getter finds);
 * lint only reads the templates, so the index borrows their keys. */
static void index_members(refs_ctx *r, samc_strmap *index, const cJSON *obj)
{
	if (samc_json_index_members(index, obj, true) != 0)
		lint_report_oom(r->c);
}

static const cJSON *source_resource(const refs_ctx *r, const char *name)
{
	return samc_strmap_get(&r->source_index, name);
}

static const cJSON *expanded_resource(const refs_ctx *r, const char *name)
{
	return samc_strmap_get(&r->expanded_index, name);
}

/* lint_schema_lacks_attribute, remembered per type and attribute: it inflates and scans the
 * type's entry. */
static bool lacks_attribute(refs_ctx *r, const char *type, const char *attr)
{
	void *const LACKS = (void *)1, *const HAS = (void *)2;
	char *key = malloc(strlen(type) + strlen(attr) + 2);
	if (!key)
		return lint_schema_lacks_attribute(type, attr);
	strcat(strcat(strcpy(key, type), "|"), attr);
	void *known = samc_strmap_get(&r->attr_answers, key);
	bool lacks = known ? known == LACKS : lint_schema_lacks_attribute(type, attr);
	if (!known && samc_strmap_put(&r->attr_answers, key, lacks ? LACKS : HAS) != 0)
		lint_report_oom(r->c);
	free(key);
	return lacks;
}

/* An embedded connector <Resource><Name>: an entry of a resource's Connectors attribute. */
static bool embedded_connector_exists(const refs_ctx *r, const char *name)
{
	const cJSON *res;
	cJSON_ArrayForEach(res, r->c->resources) {
		const cJSON *connectors = cJSON_GetObjectItemCaseSensitive(res, "Connectors");
		size_t n = res->string ? strlen(res->string) : 0;
		if (cJSON_IsObject(connectors) && n && strncmp(name, res->string, n) == 0 &&
		    has_member(connectors, name + n))
			return true;
	}
	return false;
}

/* A resource of the template as written, or one the SAM transform generates. */
static bool resource_exists(const refs_ctx *r, const char *name)
{
	if (source_resource(r, name) || expanded_resource(r, name))
		return true;
	if (r->c->is_sam && embedded_connector_exists(r, name))
		return true;
	if (r->resources_unknowable)
		return true;
	const char *dot = r->c->is_sam ? strchr(name, '.') : NULL; /* SAM: Function.Alias, .Version */
	if (dot && samc_strmap_get(&r->unresolved, name))
		return false; /* X.Alias of a function without an alias, X.Stage of no API ... */
	if (dot) {
		char *head = strndup(name, (size_t)(dot - name));
		bool ok = head && (source_resource(r, head) ||
				   expanded_resource(r, head)); /* ServerlessRestApi.Stage */
		free(head);
		return ok;
	}
	return false;
}

static bool name_defined(refs_ctx *r, const char *name)
{
	mark_used(r, name);
	return lint_is_pseudo_parameter(name) || has_member(r->c->parameters, name) ||
	       resource_exists(r, name);
}

static void check_ref(refs_ctx *r, const cJSON *arg)
{
	if (cJSON_IsString(arg) && !name_defined(r, arg->valuestring))
		lint_report(r->c, "E2001", SAMC_SEVERITY_ERROR, arg,
			    "Ref to '%s', which is not a parameter, resource or pseudo parameter",
			    arg->valuestring);
}

static void check_getatt_resource(refs_ctx *r, const cJSON *node, const char *name, const char *attr)
{
	if (!resource_exists(r, name)) {
		lint_report(r->c, "E2002", SAMC_SEVERITY_ERROR, node,
			    "Fn::GetAtt of '%s', which is not a resource", name);
		return;
	}
	const cJSON *res = source_resource(r, name);
	const cJSON *type = res ? cJSON_GetObjectItemCaseSensitive(res, "Type") : NULL;
	if (attr && cJSON_IsString(type) && lacks_attribute(r, type->valuestring, attr))
		lint_report(r->c, "E2006", SAMC_SEVERITY_ERROR, node,
			    "Fn::GetAtt: resource '%s' of type %s has no attribute '%s'", name,
			    type->valuestring, attr);
}

static void check_getatt(refs_ctx *r, const cJSON *arg)
{
	if (cJSON_IsString(arg)) {
		char *copy = strdup(arg->valuestring);
		if (!copy)
			return;
		char *dot = strchr(copy, '.');
		if (dot) { /* without a dot the argument is malformed: family 4 (E4001) says so */
			*dot = '\0';
			check_getatt_resource(r, arg, copy, dot + 1);
		}
		free(copy);
	} else if (cJSON_GetArraySize(arg) == 2 && cJSON_IsString(arg->child)) {
		const cJSON *attr = arg->child->next;
		check_getatt_resource(r, arg->child, arg->child->valuestring,
				      cJSON_IsString(attr) ? attr->valuestring : NULL);
	}
}

static void check_sub_variable(refs_ctx *r, const cJSON *node, const cJSON *vars, const char *name)
{
	if (has_member(vars, name))
		return;
	const char *dot = strchr(name, '.');
	if (!dot) {
		if (!name_defined(r, name))
			lint_report(r->c, "E2003", SAMC_SEVERITY_ERROR, node,
				    "Fn::Sub variable '${%s}' is not a parameter, resource or pseudo parameter",
				    name);
		return;
	}
	char *res = strndup(name, (size_t)(dot - name));
	if (res && !resource_exists(r, res) && !(r->c->is_sam && resource_exists(r, name)))
		lint_report(r->c, "E2003", SAMC_SEVERITY_ERROR, node,
			    "Fn::Sub variable '${%s}' names '%s', which is not a resource", name, res);
	free(res);
}

static void check_sub(refs_ctx *r, const cJSON *arg)
{
	const cJSON *text = arg, *vars = NULL;
	if (cJSON_IsArray(arg)) {
		text = arg->child;
		vars = text ? text->next : NULL;
		if (!cJSON_IsObject(vars))
			vars = NULL;
	}
	if (!cJSON_IsString(text))
		return;
	lint_sub_vars v = {0};
	lint_sub_vars_parse(text->valuestring, &v);
	for (size_t i = 0; i < v.count; i++)
		check_sub_variable(r, text, vars, v.names[i]);
	lint_sub_vars_free(&v);
}

static void check_condition_name(refs_ctx *r, const cJSON *name)
{
	if (!cJSON_IsString(name))
		return;
	mark_used(r, name->valuestring);
	if (!has_member(r->c->conditions, name->valuestring))
		lint_report(r->c, "E2005", SAMC_SEVERITY_ERROR, name,
			    "condition '%s' is not defined in Conditions", name->valuestring);
}

static void walk(refs_ctx *r, const cJSON *node);

static void visit_intrinsic(refs_ctx *r, const cJSON *m)
{
	const char *k = m->string;
	if (strcmp(k, "Ref") == 0)
		check_ref(r, m);
	else if (strcmp(k, "Fn::GetAtt") == 0)
		check_getatt(r, m);
	else if (strcmp(k, "Fn::Sub") == 0)
		check_sub(r, m);
	else if (strcmp(k, "Fn::If") == 0 && cJSON_IsArray(m))
		check_condition_name(r, m->child);
	else if (strcmp(k, "Condition") == 0 && cJSON_IsString(m))
		check_condition_name(r, m); /* { Condition: Name } inside Conditions and Fn::And */
	else if (strcmp(k, "Fn::FindInMap") == 0 && cJSON_IsArray(m) && cJSON_IsString(m->child))
		mark_used(r, m->child->valuestring);
}

static void walk(refs_ctx *r, const cJSON *node)
{
	if (cJSON_IsObject(node) && node->child && !node->child->next)
		visit_intrinsic(r, node->child);
	const cJSON *e;
	cJSON_ArrayForEach(e, node)
		walk(r, e);
}

static void check_depends_on(refs_ctx *r, const cJSON *dep)
{
	if (cJSON_IsString(dep)) {
		if (!resource_exists(r, dep->valuestring))
			lint_report(r->c, "E2004", SAMC_SEVERITY_ERROR, dep,
				    "DependsOn names '%s', which is not a resource", dep->valuestring);
		return;
	}
	const cJSON *e;
	cJSON_ArrayForEach(e, dep)
		if (cJSON_IsString(e))
			check_depends_on(r, e);
}

static void check_resource_attributes(refs_ctx *r, const cJSON *section)
{
	const cJSON *res;
	cJSON_ArrayForEach(res, section) {
		if (!cJSON_IsObject(res))
			continue;
		check_condition_name(r, cJSON_GetObjectItemCaseSensitive(res, "Condition"));
		const cJSON *connectors = cJSON_GetObjectItemCaseSensitive(res, "Connectors"), *conn;
		if (cJSON_IsObject(connectors)) /* embedded connectors carry their own Condition */
			cJSON_ArrayForEach(conn, connectors)
				check_condition_name(r, cJSON_GetObjectItemCaseSensitive(conn, "Condition"));
		const cJSON *dep = cJSON_GetObjectItemCaseSensitive(res, "DependsOn");
		if (dep && section == r->c->resources)
			check_depends_on(r, dep);
	}
}

static void walk_sections(refs_ctx *r)
{
	const cJSON *s;
	cJSON_ArrayForEach(s, r->c->source->root) {
		if (strcmp(s->string, "Parameters") == 0 || strcmp(s->string, "Metadata") == 0 ||
		    strcmp(s->string, "Mappings") == 0)
			continue;
		if (strcmp(s->string, "Resources") == 0 || strcmp(s->string, "Outputs") == 0) {
			check_resource_attributes(r, s);
			const cJSON *e;
			cJSON_ArrayForEach(e, s) {
				const cJSON *m;
				cJSON_ArrayForEach(m, e)
					if (strcmp(m->string ? m->string : "", "Condition") != 0)
						walk(r, m);
			}
		} else
			walk(r, s);
	}
}

static void report_unused(refs_ctx *r, const cJSON *section, const char *rule, const char *what)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, section)
		if (!samc_strmap_get(&r->used, e->string))
			lint_report(r->c, rule, SAMC_SEVERITY_WARNING, e, "%s '%s' is never used", what,
				    e->string);
}

/* A Ref naming "X.Y" that survives the SAM transform points at nothing CloudFormation knows. */
static void note_unresolved(refs_ctx *r, const cJSON *node)
{
	if (cJSON_IsObject(node) && node->child && !node->child->next &&
	    strcmp(node->child->string, "Ref") == 0 && cJSON_IsString(node->child) &&
	    strchr(node->child->valuestring, '.') && !lint_is_pseudo_parameter(node->child->valuestring))
		if (samc_strmap_put(&r->unresolved, node->child->valuestring, (void *)1) != 0)
			lint_report_oom(r->c);
}

/* True when the template as written declares `name` as an AWS::Serverless::* resource. */
static bool is_sam_resource(const refs_ctx *r, const char *name)
{
	const cJSON *res = source_resource(r, name);
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(res, "Type");
	return cJSON_IsString(type) && strncmp(type->valuestring, "AWS::Serverless::", 17) == 0;
}

/* The member of a one-member object {"Fn::GetAtt": [R, A]} with two strings, or NULL. */
static const cJSON *expanded_getatt(const cJSON *node)
{
	const cJSON *m = cJSON_IsObject(node) && node->child && !node->child->next ? node->child : NULL;
	if (m && strcmp(m->string, "Fn::GetAtt") == 0 && cJSON_GetArraySize(m) == 2 &&
	    cJSON_IsString(m->child) && cJSON_IsString(m->child->next))
		return m;
	return NULL;
}

/* Fn::GetAtt [R, A] of the expanded template where R is a SAM resource as written: A checked
 * against the type R became (the source walk cannot know it). GetAtts the transform rewrote to
 * generated resources (X.Alias.Name -> [XAliaslive, Name]) are not checked: their new nodes
 * carry only an enclosing node's position. */
static void check_expanded_getatt(refs_ctx *r, const cJSON *m)
{
	const cJSON *res = expanded_resource(r, m->child->valuestring);
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(res, "Type");
	samc_pos pos;
	if (cJSON_IsString(type) && is_sam_resource(r, m->child->valuestring) && samc_node_pos(m->child, &pos) &&
	    pos.line && lacks_attribute(r, type->valuestring, m->child->next->valuestring))
		lint_report(r->c, "E2006", SAMC_SEVERITY_ERROR, m->child,
			    "Fn::GetAtt: resource '%s' of type %s has no attribute '%s'", m->child->valuestring,
			    type->valuestring, m->child->next->valuestring);
}

/* One pass over the expanded template (it is large: a walk costs more in memory traffic than in
 * work): Refs left unresolved are noted, GetAtts checked, but not those nested in a checked
 * GetAtt's arguments. */
static void walk_expanded(refs_ctx *r, const cJSON *node, bool check_getatts)
{
	note_unresolved(r, node);
	const cJSON *getatt = check_getatts ? expanded_getatt(node) : NULL;
	if (getatt)
		check_expanded_getatt(r, getatt);
	const cJSON *e;
	cJSON_ArrayForEach(e, node)
		walk_expanded(r, e, check_getatts && !getatt);
}

void lint_rules_references(lint_ctx *c)
{
	refs_ctx r = {.c = c};
	index_members(&r, &r.source_index, c->resources);
	if (c->expanded) {
		r.expanded_resources = cJSON_GetObjectItemCaseSensitive(c->expanded->root, "Resources");
		index_members(&r, &r.expanded_index, r.expanded_resources);
		walk_expanded(&r, r.expanded_resources, true);
		walk_expanded(&r, cJSON_GetObjectItemCaseSensitive(c->expanded->root, "Outputs"), true);
	}
	r.resources_unknowable = c->is_sam && !c->expanded;
	walk_sections(&r);
	report_unused(&r, c->parameters, "W2010", "parameter");
	report_unused(&r, c->conditions, "W2011", "condition");
	report_unused(&r, c->mappings, "W2012", "mapping");
	samc_strmap_free(&r.used);
	samc_strmap_free(&r.unresolved);
	samc_strmap_free(&r.source_index);
	samc_strmap_free(&r.expanded_index);
	samc_strmap_free(&r.attr_answers);
}
