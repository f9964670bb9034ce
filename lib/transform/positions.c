/* positions.c — source positions for the transform: a table of the input's resource positions
 * taken before the tree is edited, and the positions of generated output nodes. */
#include "transform/positions.h"

#include <stdint.h>
#include <string.h>

/* Positions are kept as the map's values, packed as in the nodes (line << 11 | column), so 0
 * (no position) reads as absent. */
static void *pack(samc_pos p)
{
	cJSON carrier = {0};
	samc_node_set_pos(&carrier, p);
	return (void *)(uintptr_t)(unsigned)carrier.valueint;
}

static samc_pos unpack(const void *v)
{
	cJSON carrier = {.valueint = (int)(uintptr_t)v};
	samc_pos p = {0, 0};
	samc_node_pos(&carrier, &p);
	return p;
}

int xf_record_source_positions(xf *x, const samc_document *doc, const cJSON *root)
{
	samc_doc_pos(doc, xf_get(root, "Globals"), &x->globals_pos);
	const cJSON *resources = xf_get(root, "Resources");
	for (const cJSON *r = cJSON_IsObject(resources) ? resources->child : NULL; r; r = r->next) {
		samc_pos p;
		if (!r->string || !samc_doc_pos(doc, r, &p) || samc_strmap_get(&x->source_pos, r->string))
			continue;
		if (samc_strmap_put(&x->source_pos, r->string, pack(p)))
			return XF_NOMEM;
	}
	return XF_OK;
}

samc_pos xf_source_position(const xf *x, const char *id)
{
	if (id && strcmp(id, "Globals") == 0)
		return x->globals_pos;
	return id ? unpack(samc_strmap_get(&x->source_pos, id)) : (samc_pos){0, 0};
}

void xf_inherit_positions(cJSON *node, samc_pos parent)
{
	samc_pos own;
	if (!samc_node_pos(node, &own)) {
		own = parent;
		if (own.line)
			samc_node_set_pos(node, own);
	}
	for (cJSON *c = node->child; c; c = c->next)
		xf_inherit_positions(c, own);
}

void xf_position_output(xf *x)
{
	cJSON *resources = cJSON_GetObjectItemCaseSensitive(x->tpl, "Resources");
	for (cJSON *r = resources ? resources->child : NULL; r; r = r->next) {
		samc_pos pos;
		if (samc_node_pos(r, &pos))
			continue;
		const char *source = xf_source_of(x, r->string);
		pos = xf_source_position(x, source ? source : r->string);
		if (pos.line)
			samc_node_set_pos(r, pos);
	}
	xf_inherit_positions(x->tpl, (samc_pos){0, 0});
}
