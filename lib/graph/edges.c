/* edges.c — finding the references of each resource and condition: Ref, Fn::GetAtt (list and
 * "A.B"), Fn::Sub (${X}, ${X.Attr}, minus its own variables and ${!Literal}), DependsOn,
 * the Condition attribute, Fn::If and {"Condition": ...}. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "graph/graph_int.h"

typedef struct edge_ctx {
	samc_graph *g;
	const samc_document *doc;
	size_t from;
	size_t *seen; /* seen[to] == from + 1: the pair already has its edge */
} edge_ctx;

static int push_edge(samc_graph *g, struct graph_edge e)
{
	if (g->nedges == g->edge_cap) {
		size_t cap = g->edge_cap ? g->edge_cap * 2 : 256;
		struct graph_edge *bigger = realloc(g->edges, cap * sizeof(*bigger));
		if (!bigger)
			return SAMC_ENOMEM;
		g->edges = bigger;
		g->edge_cap = cap;
	}
	g->edges[g->nedges++] = e;
	return 0;
}

/* An edge from the current node to `name` when the index knows it; `at` gives the position. */
static int refer(edge_ctx *c, const char *name, samc_graph_edge_kind kind, const cJSON *at)
{
	const samc_strmap *index = kind == SAMC_GRAPH_EDGE_CONDITION || kind == SAMC_GRAPH_EDGE_IF
					   ? &c->g->conditions
					   : &c->g->resources;
	void *v = samc_strmap_get(index, name);
	if (!v)
		return 0;
	size_t to = (size_t)(uintptr_t)v - 1;
	if (c->seen[to] == c->from + 1)
		return 0;
	c->seen[to] = c->from + 1;
	struct graph_edge e = {c->from, to, kind, {0, 0}};
	samc_doc_pos(c->doc, at, &e.pos);
	return push_edge(c->g, e);
}

/* The name before the first '.' of text[0..len), copied into buf (false when too long). */
static int refer_prefix(edge_ctx *c, const char *text, size_t len, samc_graph_edge_kind kind,
			const cJSON *at, const cJSON *sub_vars)
{
	char name[512];
	const char *dot = memchr(text, '.', len);
	if (dot)
		len = (size_t)(dot - text);
	if (len == 0 || len >= sizeof(name))
		return 0;
	memcpy(name, text, len);
	name[len] = '\0';
	if (sub_vars && cJSON_GetObjectItemCaseSensitive(sub_vars, name))
		return 0;
	return refer(c, name, kind, at);
}

static int refer_sub_string(edge_ctx *c, const char *s, const cJSON *vars, const cJSON *at)
{
	for (const char *p = strstr(s, "${"); p; p = strstr(p, "${")) {
		p += 2;
		if (*p == '!')
			continue;
		const char *end = strchr(p, '}');
		if (!end)
			break;
		int rc = refer_prefix(c, p, (size_t)(end - p), SAMC_GRAPH_EDGE_SUB, at, vars);
		if (rc)
			return rc;
		p = end + 1;
	}
	return 0;
}

static int refer_sub(edge_ctx *c, const cJSON *member)
{
	const cJSON *v = member;
	if (cJSON_IsString(v))
		return refer_sub_string(c, v->valuestring, NULL, member);
	if (cJSON_IsArray(v) && cJSON_IsString(v->child)) {
		const cJSON *vars = v->child->next;
		return refer_sub_string(c, v->child->valuestring, cJSON_IsObject(vars) ? vars : NULL, member);
	}
	return 0;
}

static int refer_getatt(edge_ctx *c, const cJSON *member)
{
	if (cJSON_IsString(member))
		return refer_prefix(c, member->valuestring, strlen(member->valuestring),
				    SAMC_GRAPH_EDGE_GETATT, member, NULL);
	if (cJSON_IsArray(member) && cJSON_IsString(member->child))
		return refer(c, member->child->valuestring, SAMC_GRAPH_EDGE_GETATT, member);
	return 0;
}

/* The intrinsic function of a one-key object, when it names a node. */
static int refer_intrinsic(edge_ctx *c, const cJSON *member)
{
	const char *key = member->string;
	if (strcmp(key, "Ref") == 0)
		return cJSON_IsString(member) ? refer(c, member->valuestring, SAMC_GRAPH_EDGE_REF, member) : 0;
	if (strcmp(key, "Fn::GetAtt") == 0)
		return refer_getatt(c, member);
	if (strcmp(key, "Fn::Sub") == 0)
		return refer_sub(c, member);
	if (strcmp(key, "Fn::If") == 0)
		return cJSON_IsArray(member) && cJSON_IsString(member->child)
			       ? refer(c, member->child->valuestring, SAMC_GRAPH_EDGE_IF, member)
			       : 0;
	if (strcmp(key, "Condition") == 0)
		return cJSON_IsString(member) ? refer(c, member->valuestring, SAMC_GRAPH_EDGE_CONDITION, member) : 0;
	return 0;
}

/* Recursion over one resource's (or condition's) tree, bounded by the loader's depth limit. */
static int walk(edge_ctx *c, const cJSON *node)
{
	if (cJSON_IsObject(node) && node->child && !node->child->next && node->child->string) {
		int rc = refer_intrinsic(c, node->child);
		if (rc)
			return rc;
	}
	for (const cJSON *k = node->child; k; k = k->next) {
		int rc = walk(c, k);
		if (rc)
			return rc;
	}
	return 0;
}

static int refer_depends_on(edge_ctx *c, const cJSON *dep)
{
	if (cJSON_IsString(dep))
		return refer(c, dep->valuestring, SAMC_GRAPH_EDGE_DEPENDS_ON, dep);
	if (!cJSON_IsArray(dep))
		return 0;
	for (const cJSON *d = dep->child; d; d = d->next) {
		int rc = cJSON_IsString(d) ? refer(c, d->valuestring, SAMC_GRAPH_EDGE_DEPENDS_ON, d) : 0;
		if (rc)
			return rc;
	}
	return 0;
}

static bool attribute_without_references(const char *key)
{
	return strcmp(key, "Type") == 0 || strcmp(key, "Metadata") == 0 ||
	       strcmp(key, "DeletionPolicy") == 0 || strcmp(key, "UpdateReplacePolicy") == 0;
}

static int resource_edges(edge_ctx *c, const cJSON *res)
{
	for (const cJSON *a = res->child; a; a = a->next) {
		int rc = 0;
		if (!a->string || attribute_without_references(a->string))
			continue;
		if (strcmp(a->string, "DependsOn") == 0)
			rc = refer_depends_on(c, a);
		else if (strcmp(a->string, "Condition") == 0)
			rc = cJSON_IsString(a) ? refer(c, a->valuestring, SAMC_GRAPH_EDGE_CONDITION, a) : 0;
		else
			rc = walk(c, a);
		if (rc)
			return rc;
	}
	return 0;
}

static int section_edges(edge_ctx *c, const cJSON *section, samc_graph_node_kind kind)
{
	const samc_strmap *index = kind == SAMC_GRAPH_RESOURCE ? &c->g->resources : &c->g->conditions;
	for (const cJSON *n = cJSON_IsObject(section) ? section->child : NULL; n; n = n->next) {
		c->from = (size_t)(uintptr_t)samc_strmap_get(index, n->string) - 1;
		int rc = kind == SAMC_GRAPH_RESOURCE ? (cJSON_IsObject(n) ? resource_edges(c, n) : 0) : walk(c, n);
		if (rc)
			return rc;
	}
	return 0;
}

int graph_extract_edges(samc_graph *g, const samc_document *doc)
{
	edge_ctx c = {g, doc, 0, calloc(g->nnodes ? g->nnodes : 1, sizeof(size_t))};
	if (!c.seen)
		return SAMC_ENOMEM;
	int rc = section_edges(&c, cJSON_GetObjectItemCaseSensitive(doc->root, "Resources"), SAMC_GRAPH_RESOURCE);
	if (!rc)
		rc = section_edges(&c, cJSON_GetObjectItemCaseSensitive(doc->root, "Conditions"),
				   SAMC_GRAPH_CONDITION);
	free(c.seen);
	return rc;
}
