/* load.c — YAML/JSON text to a cJSON tree: composes libyaml's events into a node graph (aliases
 * shared, limits checked before any copy), then constructs cJSON as PyYAML's SafeLoader would. */
#include "yaml/load.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "json/keys.h"
#include "util/buf.h"
#include "util/error.h"
#include "yaml/scalar.h"

#define DEFAULT_MAX_DEPTH 512u
#define DEFAULT_MAX_NODES ((size_t)10000000)
#define STD_TAG(name) SAMC_YAML_STD_TAG_PREFIX name

/* ---- errors: "name:line:col: message" ---- */

typedef struct reporter {
	const char *name; /* as the caller gave it (NULL when unnamed) */
	samc_error **err;
} reporter;

__attribute__((format(printf, 4, 5))) static int report(const reporter *r, int code, samc_pos at,
							 const char *fmt, ...)
{
	if (code == SAMC_ENOMEM)
		return code;
	samc_buf msg = SAMC_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	samc_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	const char *text = samc_buf_cstr(&msg);
	const char *shown = r->name ? r->name : "<input>";
	if (text)
		samc_error_set(r->err, code, r->name, at.line, at.column, "%s:%u:%u: %s", shown,
			       at.line, at.column, text);
	samc_buf_free(&msg);
	return code;
}

/* ---- small growable arrays and a string-keyed hash map ---- */

/* items with room for need elements (*cap updated), or NULL (items untouched) on failure. */
static void *grow_array(void *items, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return items;
	size_t cap2 = *cap ? *cap : 8;
	while (cap2 < need && cap2 <= SIZE_MAX / 2 / size)
		cap2 *= 2;
	void *p = cap2 >= need ? realloc(items, cap2 * size) : NULL;
	if (p)
		*cap = cap2;
	return p;
}

typedef struct strmap {
	struct strmap_slot {
		const char *key;
		void *value;
	} *slots;
	size_t count, cap;
} strmap;

static size_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

/* The slot holding key, or the empty slot where it would go (cap > 0). */
static struct strmap_slot *strmap_slot(const strmap *m, const char *key)
{
	size_t j = str_hash(key) & (m->cap - 1);
	while (m->slots[j].key && strcmp(m->slots[j].key, key) != 0)
		j = (j + 1) & (m->cap - 1);
	return &m->slots[j];
}

static void *strmap_get(const strmap *m, const char *key)
{
	return m->cap ? strmap_slot(m, key)->value : NULL;
}

static int strmap_grow(strmap *m)
{
	strmap bigger = {calloc(m->cap ? m->cap * 2 : 16, sizeof(*m->slots)), m->count,
			 m->cap ? m->cap * 2 : 16};
	if (!bigger.slots)
		return SAMC_ENOMEM;
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key)
			*strmap_slot(&bigger, m->slots[i].key) = m->slots[i];
	free(m->slots);
	*m = bigger;
	return 0;
}

/* Sets key (whose text must outlive the entry) to value, replacing an equal key. */
static int strmap_put(strmap *m, const char *key, void *value)
{
	if ((m->count + 1) * 2 > m->cap && strmap_grow(m))
		return SAMC_ENOMEM;
	struct strmap_slot *slot = strmap_slot(m, key);
	if (!slot->key)
		m->count++;
	*slot = (struct strmap_slot){key, value};
	return 0;
}

/* ---- the node graph (PyYAML's "compose" step) ---- */

typedef enum node_kind { NODE_SCALAR, NODE_SEQUENCE, NODE_MAPPING } node_kind;

typedef struct node node;

/* One occurrence of a node in its parent; an alias occurs where the alias is written. */
typedef struct node_ref {
	node *target;
	samc_pos at;
} node_ref;

struct node {
	node_kind kind;
	bool implicit;   /* typed by its text (plain, or tagged with the non-specific "!") */
	char *tag;       /* NULL for none and for "!" */
	char *text;      /* scalars only */
	samc_pos pos;    /* where the node starts, tag and anchor included */
	node_ref *items; /* sequence items, or mapping keys and values alternating */
	size_t count, cap;
	size_t size;     /* nodes after alias expansion, this one included */
	unsigned height; /* collection levels, this one included (0 for a scalar) */
};

typedef struct anchor {
	char *name;
	node *target;
	bool complete; /* false while the anchored collection is still open */
} anchor;

typedef struct frame {
	node *collection;
	samc_pos at;
	const char *anchor; /* name owned by the anchor table, or NULL */
} frame;

typedef struct composer {
	reporter rep;
	yaml_parser_t parser;
	const char *data;
	size_t len;
	unsigned max_depth;
	size_t max_nodes;
	size_t total; /* nodes so far, aliases expanded */
	node **nodes; /* every node, for freeing */
	size_t nnodes, capnodes;
	frame *stack;
	size_t depth, capstack;
	strmap anchors; /* name -> anchor */
	node_ref root;
	bool have_root;
	unsigned documents;
} composer;

static samc_pos mark_pos(yaml_mark_t m)
{
	return (samc_pos){(unsigned)m.line + 1, (unsigned)m.column + 1};
}

static const char *kind_name(node_kind k)
{
	return k == NODE_SCALAR ? "scalar" : k == NODE_SEQUENCE ? "sequence" : "mapping";
}

static void node_free(node *n)
{
	free(n->tag);
	free(n->text);
	free(n->items);
	free(n);
}

static int node_new(composer *c, node_kind kind, const yaml_char_t *tag, samc_pos at, node **out)
{
	node **nodes = grow_array(c->nodes, &c->capnodes, c->nnodes + 1, sizeof(*nodes));
	if (!nodes)
		return SAMC_ENOMEM;
	c->nodes = nodes;
	node *n = calloc(1, sizeof(*n));
	if (!n)
		return SAMC_ENOMEM;
	bool specific = tag && strcmp((const char *)tag, "!") != 0;
	if (specific && !(n->tag = samc_strdup((const char *)tag))) {
		free(n);
		return SAMC_ENOMEM;
	}
	n->kind = kind;
	n->pos = at;
	n->size = 1;
	n->height = kind == NODE_SCALAR ? 0 : 1;
	c->nodes[c->nnodes++] = n;
	*out = n;
	return 0;
}

static int node_append(node *parent, node_ref ref)
{
	node_ref *items = grow_array(parent->items, &parent->cap, parent->count + 1, sizeof(*items));
	if (!items)
		return SAMC_ENOMEM;
	parent->items = items;
	parent->items[parent->count++] = ref;
	parent->size += ref.target->size;
	if (ref.target->height + 1 > parent->height)
		parent->height = ref.target->height + 1;
	return 0;
}

/* Adds a finished node to the open collection, or makes it the root. */
static int attach(composer *c, node_ref ref)
{
	if (c->depth)
		return node_append(c->stack[c->depth - 1].collection, ref);
	c->root = ref;
	c->have_root = true;
	return 0;
}

static int count_nodes(composer *c, size_t n, samc_pos at, bool alias)
{
	if (n <= c->max_nodes - c->total) {
		c->total += n;
		return 0;
	}
	if (alias)
		return report(&c->rep, SAMC_ELIMIT, at,
			      "document expands to more than %zu nodes (alias expansion)",
			      c->max_nodes);
	return report(&c->rep, SAMC_ELIMIT, at, "document has more than %zu nodes", c->max_nodes);
}

static int nesting_error(composer *c, samc_pos at)
{
	return report(&c->rep, SAMC_ELIMIT, at, "nesting deeper than %u levels", c->max_depth);
}

/* Registers an anchor when its node starts (a second use of the name is an error, as in
 * PyYAML); *name receives the table's copy of the name. */
static int claim_anchor(composer *c, const yaml_char_t *raw, node *target, samc_pos at,
			const char **name)
{
	*name = NULL;
	if (!raw)
		return 0;
	anchor *old = strmap_get(&c->anchors, (const char *)raw);
	if (old)
		return report(&c->rep, SAMC_EINVALID, at,
			      "found duplicate anchor '%s'; first occurrence at line %u, column %u",
			      old->name, old->target->pos.line, old->target->pos.column);
	anchor *a = calloc(1, sizeof(*a));
	if (!a || !(a->name = samc_strdup((const char *)raw))) {
		free(a);
		return SAMC_ENOMEM;
	}
	a->target = target;
	if (strmap_put(&c->anchors, a->name, a)) {
		free(a->name);
		free(a);
		return SAMC_ENOMEM;
	}
	*name = a->name;
	return 0;
}

static void complete_anchor(composer *c, const char *name)
{
	anchor *a = name ? strmap_get(&c->anchors, name) : NULL;
	if (a)
		a->complete = true;
}

static int compose_scalar(composer *c, const yaml_event_t *ev)
{
	samc_pos at = mark_pos(ev->start_mark);
	const char *value = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	if (memchr(value, '\0', len))
		return report(&c->rep, SAMC_EINVALID, at,
			      "found a NUL character in a scalar; NUL characters are not supported");
	node *n = NULL;
	const char *anchor_name;
	int rc = count_nodes(c, 1, at, false);
	if (!rc)
		rc = node_new(c, NODE_SCALAR, ev->data.scalar.tag, at, &n);
	if (rc)
		return rc;
	n->implicit = ev->data.scalar.plain_implicit;
	if (!(n->text = malloc(len + 1)))
		return SAMC_ENOMEM;
	memcpy(n->text, value, len);
	n->text[len] = '\0';
	rc = claim_anchor(c, ev->data.scalar.anchor, n, at, &anchor_name);
	complete_anchor(c, anchor_name);
	return rc ? rc : attach(c, (node_ref){n, at});
}

static int open_collection(composer *c, node_kind kind, const yaml_char_t *anchor_raw,
			   const yaml_char_t *tag, yaml_mark_t mark)
{
	samc_pos at = mark_pos(mark);
	if (c->depth + 1 > c->max_depth)
		return nesting_error(c, at);
	node *n = NULL;
	const char *anchor_name = NULL;
	int rc = count_nodes(c, 1, at, false);
	if (!rc)
		rc = node_new(c, kind, tag, at, &n);
	if (!rc)
		rc = claim_anchor(c, anchor_raw, n, at, &anchor_name);
	frame *stack = rc ? NULL : grow_array(c->stack, &c->capstack, c->depth + 1, sizeof(*stack));
	if (!stack)
		return rc ? rc : SAMC_ENOMEM;
	c->stack = stack;
	c->stack[c->depth++] = (frame){n, at, anchor_name};
	return 0;
}

static int close_collection(composer *c)
{
	frame f = c->stack[--c->depth];
	complete_anchor(c, f.anchor);
	return attach(c, (node_ref){f.collection, f.at});
}

static int compose_alias(composer *c, const yaml_event_t *ev)
{
	samc_pos at = mark_pos(ev->start_mark);
	const char *name = (const char *)ev->data.alias.anchor;
	const anchor *a = strmap_get(&c->anchors, name);
	if (!a)
		return report(&c->rep, SAMC_EINVALID, at, "found undefined alias '%s'", name);
	if (!a->complete)
		return report(&c->rep, SAMC_EINVALID, at,
			      "found recursive alias '%s' (it is inside the node it names)", name);
	if (c->depth + a->target->height > c->max_depth)
		return nesting_error(c, at);
	int rc = count_nodes(c, a->target->size, at, true);
	return rc ? rc : attach(c, (node_ref){a->target, at});
}

static int start_document(composer *c, const yaml_event_t *ev)
{
	if (c->documents++ == 0)
		return 0;
	return report(&c->rep, SAMC_EINVALID, mark_pos(ev->start_mark),
		      "expected a single document in the stream, but found another document");
}

static int compose_event(composer *c, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		return start_document(c, ev);
	case YAML_SCALAR_EVENT:
		return compose_scalar(c, ev);
	case YAML_ALIAS_EVENT:
		return compose_alias(c, ev);
	case YAML_SEQUENCE_START_EVENT:
		return open_collection(c, NODE_SEQUENCE, ev->data.sequence_start.anchor,
				       ev->data.sequence_start.tag, ev->start_mark);
	case YAML_MAPPING_START_EVENT:
		return open_collection(c, NODE_MAPPING, ev->data.mapping_start.anchor,
				       ev->data.mapping_start.tag, ev->start_mark);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return close_collection(c);
	default:
		return 0;
	}
}

/* Line and column of a byte offset (libyaml's reader errors carry only the offset). */
static samc_pos offset_pos(const char *data, size_t len, size_t offset)
{
	samc_pos p = {1, 1};
	for (size_t i = 0; i < offset && i < len; i++) {
		unsigned char ch = (unsigned char)data[i];
		bool crlf = ch == '\r' && i + 1 < len && data[i + 1] == '\n';
		if (ch == '\n' || (ch == '\r' && !crlf)) {
			p.line++;
			p.column = 1;
		} else if ((ch & 0xC0) != 0x80 && !crlf) {
			p.column++;
		}
	}
	return p;
}

static int parser_error(composer *c)
{
	const yaml_parser_t *p = &c->parser;
	const char *problem = p->problem ? p->problem : "invalid YAML";
	/* libyaml fails some allocations without setting an error code */
	if (p->error == YAML_MEMORY_ERROR || p->error == YAML_NO_ERROR)
		return SAMC_ENOMEM;
	if (p->error == YAML_READER_ERROR) {
		samc_pos at = offset_pos(c->data, c->len, p->problem_offset);
		if (p->problem_value == -1)
			return report(&c->rep, SAMC_EINVALID, at, "%s", problem);
		return report(&c->rep, SAMC_EINVALID, at, "%s: #x%02X", problem,
			      (unsigned)p->problem_value);
	}
	samc_pos at = mark_pos(p->problem_mark);
	if (!p->context)
		return report(&c->rep, SAMC_EINVALID, at, "%s", problem);
	samc_pos ctx = mark_pos(p->context_mark);
	return report(&c->rep, SAMC_EINVALID, at, "%s (%s at line %u, column %u)", problem,
		      p->context, ctx.line, ctx.column);
}

static int compose_stream(composer *c)
{
	const unsigned char *input = (const unsigned char *)(c->data ? c->data : "");
	if (!yaml_parser_initialize(&c->parser))
		return SAMC_ENOMEM;
	yaml_parser_set_input_string(&c->parser, input, c->len);
	int rc = 0;
	for (bool done = false; !rc && !done;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&c->parser, &ev)) {
			rc = parser_error(c);
			break;
		}
		rc = compose_event(c, &ev);
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&c->parser);
	return rc;
}

static void composer_free(composer *c)
{
	for (size_t i = 0; i < c->nnodes; i++)
		node_free(c->nodes[i]);
	free(c->nodes);
	free(c->stack);
	for (size_t i = 0; i < c->anchors.cap; i++) {
		anchor *a = c->anchors.slots[i].value;
		if (a) {
			free(a->name);
			free(a);
		}
	}
	free(c->anchors.slots);
}

/* ---- construction (PyYAML's "construct" step) ---- */

typedef struct builder {
	reporter rep;
	samc_posmap pos; /* nodes placed (all, or those whose position the node cannot hold),
			    including any freed later (see discarded) */
	bool all_positions; /* every node goes into pos, not only the clamped ones */
	bool discarded;  /* a placed node was freed: pos has stale entries */
	samc_dup_keys *dups; /* keys written twice, or NULL when not asked for */
} builder;

/* Whether a node's own packed position (samc_node_set_pos) holds `at` exactly. */
static bool fits_in_node(samc_pos at)
{
	return at.line >= 1 && at.line <= 0xFFFFFu && at.column <= 0x7FFu;
}

/* Stamps the position into the node, and into the table when asked to or when it would be
 * clamped there. */
static int place(builder *b, cJSON *v, samc_pos at)
{
	samc_node_set_pos(v, at);
	if (b->all_positions || !fits_in_node(at))
		return samc_posmap_put(&b->pos, v, at);
	return 0;
}

static int construct(builder *b, const node *n, samc_pos at, cJSON **out);

static bool is_local_tag(const char *tag)
{
	return tag && tag[0] == '!';
}

static bool is_special_key(const node *k, const char *text, const char *tag)
{
	if (k->kind != NODE_SCALAR)
		return false;
	if (k->tag)
		return strcmp(k->tag, tag) == 0;
	return k->implicit && strcmp(k->text, text) == 0;
}

static bool is_merge_key(const node *k)
{
	return is_special_key(k, "<<", STD_TAG("merge"));
}

static bool is_value_key(const node *k)
{
	return is_special_key(k, "=", STD_TAG("value"));
}

static int no_constructor(builder *b, const node *n, const char *tag)
{
	return report(&b->rep, SAMC_EINVALID, n->pos,
		      "could not determine a constructor for the tag '%s'", tag);
}

/* The node kind a standard tag constructs, or -1 for a tag with no constructor. */
static int std_tag_kind(const char *tag)
{
	if (strcmp(tag, STD_TAG("seq")) == 0)
		return NODE_SEQUENCE;
	if (strcmp(tag, STD_TAG("map")) == 0)
		return NODE_MAPPING;
	samc_scalar_type t = samc_scalar_tag_type(tag);
	bool scalar = t != SAMC_SCALAR_UNKNOWN && t != SAMC_SCALAR_MERGE && t != SAMC_SCALAR_VALUE;
	return scalar ? NODE_SCALAR : -1;
}

/* A standard tag must have a constructor and fit the node's kind. */
static int check_std_tag(builder *b, const node *n)
{
	if (!n->tag)
		return 0;
	int kind = std_tag_kind(n->tag);
	if (kind < 0)
		return no_constructor(b, n, n->tag);
	if ((node_kind)kind != n->kind)
		return report(&b->rep, SAMC_EINVALID, n->pos, "expected a %s node, but found %s",
			      kind_name((node_kind)kind), kind_name(n->kind));
	return 0;
}

/* PyYAML picks implicit resolvers by the first character: only text starting with one of
 * these (or empty text) can resolve to anything but a string. */
static bool may_resolve(const char *text)
{
	return !text[0] || strchr("yYnNtTfFoO-+0123456789.~<=", text[0]);
}

static samc_scalar_type scalar_type(const node *n)
{
	if (n->tag)
		return samc_scalar_tag_type(n->tag);
	return n->implicit && may_resolve(n->text) ? samc_scalar_resolve(n->text) : SAMC_SCALAR_STR;
}

static int construct_scalar(builder *b, const node *n, cJSON **out)
{
	samc_scalar_type t = scalar_type(n);
	if (t == SAMC_SCALAR_MERGE)
		return no_constructor(b, n, n->tag ? n->tag : STD_TAG("merge"));
	if (t == SAMC_SCALAR_VALUE)
		return no_constructor(b, n, n->tag ? n->tag : STD_TAG("value"));
	samc_buf why = SAMC_BUF_INIT;
	int rc = samc_scalar_construct(t, n->text, out, &why);
	const char *reason = samc_buf_cstr(&why);
	if (rc && reason)
		rc = report(&b->rep, rc, n->pos, "%s", reason);
	samc_buf_free(&why);
	return rc;
}

static int add_items(builder *b, const node *n, cJSON *array)
{
	for (size_t i = 0; i < n->count; i++) {
		cJSON *item;
		int rc = construct(b, n->items[i].target, n->items[i].at, &item);
		if (rc)
			return rc;
		cJSON_AddItemToArray(array, item);
	}
	return 0;
}

static int construct_sequence(builder *b, const node *n, cJSON **out)
{
	cJSON *array = cJSON_CreateArray();
	if (!array)
		return SAMC_ENOMEM;
	int rc = add_items(b, n, array);
	if (rc)
		cJSON_Delete(array);
	else
		*out = array;
	return rc;
}

/* ---- mappings: keys, duplicates (last value wins, first position kept), merge keys ---- */

/* Adds member m (m->string set; ownership taken) to obj, replacing a member with that key. */
static int insert_member(builder *b, cJSON *obj, strmap *members, cJSON *m)
{
	cJSON *old = strmap_get(members, m->string);
	if (strmap_put(members, m->string, m)) {
		cJSON_Delete(m);
		return SAMC_ENOMEM;
	}
	if (old) {
		cJSON_ReplaceItemViaPointer(obj, old, m);
		b->discarded = true;
	}
	else
		cJSON_AddItemToArray(obj, m);
	return 0;
}

/* The text json.dumps would print for a scalar key: true, false, null, numbers as written. */
static const char *key_text_of(const cJSON *v)
{
	if (cJSON_IsTrue(v))
		return "true";
	if (cJSON_IsFalse(v))
		return "false";
	if (cJSON_IsNull(v))
		return "null";
	return v->valuestring;
}

/* A key for a member: the shared static copy of a well-known key, else a copy of its own. */
static char *member_key(const char *text)
{
	const char *known = samc_static_key(text);
	return known ? (char *)known : samc_strdup(text);
}

static void free_member_key(char *key)
{
	if (!samc_is_static_key(key))
		free(key);
}

/* Gives v the key made by member_key (a static one is marked so cJSON never frees it). */
static void set_member_key(cJSON *v, char *key)
{
	v->string = key;
	if (samc_is_static_key(key))
		v->type |= cJSON_StringIsConst;
}

static int key_text(builder *b, const node_ref *key, char **out, bool *not_string)
{
	const node *k = key->target;
	if (k->kind != NODE_SCALAR || is_local_tag(k->tag))
		return report(&b->rep, SAMC_EINVALID, key->at, "found unhashable key");
	if (is_value_key(k))
		return (*out = samc_strdup(k->text)) ? 0 : SAMC_ENOMEM;
	if (!k->tag && scalar_type(k) == SAMC_SCALAR_STR) /* most keys: the text as it is */
		return (*out = member_key(k->text)) ? 0 : SAMC_ENOMEM;
	cJSON *v = NULL;
	int rc = check_std_tag(b, k);
	if (!rc)
		rc = construct_scalar(b, k, &v);
	if (!rc && !(*out = samc_strdup(key_text_of(v))))
		rc = SAMC_ENOMEM;
	if (!rc)
		*not_string = !cJSON_IsString(v);
	cJSON_Delete(v);
	return rc;
}

/* Notes that name is written again at `again` (first at `first`); the same pair seen again
 * (a mapping constructed once per alias) is noted once. */
static int note_duplicate(builder *b, const char *name, samc_pos first, samc_pos again)
{
	samc_dup_keys *d = b->dups;
	if (!d || d->count >= SAMC_YAML_MAX_DUPS)
		return 0;
	for (size_t i = 0; i < d->count; i++)
		if (d->items[i].again.line == again.line && d->items[i].again.column == again.column)
			return 0;
	struct samc_dup_key *items = grow_array(d->items, &d->cap, d->count + 1, sizeof(*items));
	if (!items)
		return SAMC_ENOMEM;
	d->items = items;
	if (!(items[d->count].key = samc_strdup(name)))
		return SAMC_ENOMEM;
	items[d->count].first = first;
	items[d->count++].again = again;
	return 0;
}

/* Whether name was already written as an explicit key of this mapping (explicit: the keys
 * seen so far, name -> its key node); a repeat is noted, a first one remembered. */
static int check_explicit_key(builder *b, strmap *explicit, const char *name, const node_ref *key)
{
	const node_ref *first = strmap_get(explicit, name);
	if (first)
		return note_duplicate(b, name, first->at, key->at);
	char *copy = samc_strdup(name); /* the member's own key goes if a repeat replaces it */
	if (!copy || strmap_put(explicit, copy, (void *)key)) {
		free(copy);
		return SAMC_ENOMEM;
	}
	return 0;
}

static void free_keys(strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free((char *)m->slots[i].key);
	free(m->slots);
}

static int add_pair(builder *b, const node_ref *key, const node_ref *value, cJSON *obj,
		    strmap *members, strmap *explicit)
{
	char *name = NULL;
	cJSON *v = NULL;
	bool not_string = false;
	int rc = key_text(b, key, &name, &not_string);
	if (!rc && b->dups)
		rc = check_explicit_key(b, explicit, name, key);
	if (!rc)
		rc = construct(b, value->target, key->at, &v);
	if (rc) {
		free_member_key(name);
		return rc;
	}
	set_member_key(v, name);
	if (not_string)
		v->type |= SAMC_KEY_NOT_STRING;
	return insert_member(b, obj, members, v);
}

static int add_members(builder *b, const node *n, cJSON *obj);

/* Moves the members of mapping src into obj. */
static int merge_mapping(builder *b, const node *src, cJSON *obj, strmap *members)
{
	cJSON *tmp = cJSON_CreateObject();
	if (!tmp)
		return SAMC_ENOMEM;
	int rc = add_members(b, src, tmp);
	while (!rc && tmp->child)
		rc = insert_member(b, obj, members, cJSON_DetachItemViaPointer(tmp, tmp->child));
	cJSON_Delete(tmp);
	return rc;
}

static int merge_error(builder *b, const node_ref *ref)
{
	return report(&b->rep, SAMC_EINVALID, ref->at,
		      "expected a mapping or list of mappings for merging, but found %s",
		      kind_name(ref->target->kind));
}

/* "<<: mapping" or "<<: [m1, m2]": in a list the earlier mappings win, so they go in last. */
static int merge_from(builder *b, const node_ref *ref, cJSON *obj, strmap *members)
{
	const node *src = ref->target;
	if (src->kind == NODE_MAPPING)
		return merge_mapping(b, src, obj, members);
	if (src->kind != NODE_SEQUENCE)
		return merge_error(b, ref);
	for (size_t i = src->count; i-- > 0;) {
		const node_ref *item = &src->items[i];
		if (item->target->kind != NODE_MAPPING)
			return merge_error(b, item);
		int rc = merge_mapping(b, item->target, obj, members);
		if (rc)
			return rc;
	}
	return 0;
}

/* PyYAML's flatten_mapping then construct: merged members first, explicit ones over them. */
static int add_members(builder *b, const node *n, cJSON *obj)
{
	strmap members = {0}, explicit = {0};
	int rc = 0;
	for (size_t i = 0; !rc && i + 1 < n->count; i += 2)
		if (is_merge_key(n->items[i].target))
			rc = merge_from(b, &n->items[i + 1], obj, &members);
	for (size_t i = 0; !rc && i + 1 < n->count; i += 2)
		if (!is_merge_key(n->items[i].target))
			rc = add_pair(b, &n->items[i], &n->items[i + 1], obj, &members, &explicit);
	free(members.slots);
	free_keys(&explicit);
	return rc;
}

static int construct_mapping(builder *b, const node *n, cJSON **out)
{
	cJSON *obj = cJSON_CreateObject();
	if (!obj)
		return SAMC_ENOMEM;
	int rc = add_members(b, n, obj);
	if (rc)
		cJSON_Delete(obj);
	else
		*out = obj;
	return rc;
}

/* ---- CloudFormation short tags: !Ref x -> {"Ref": "x"}, !X v -> {"Fn::X": v} ---- */

static int add_string(cJSON *array, const char *s, size_t n)
{
	char *copy = malloc(n + 1);
	if (!copy)
		return SAMC_ENOMEM;
	memcpy(copy, s, n);
	copy[n] = '\0';
	cJSON *item = cJSON_CreateString(copy);
	free(copy);
	if (!item)
		return SAMC_ENOMEM;
	cJSON_AddItemToArray(array, item);
	return 0;
}

/* !GetAtt a.b.c -> ["a", "b.c"]: split at the first dot. */
static int split_getatt(const char *text, cJSON **out)
{
	cJSON *array = cJSON_CreateArray();
	if (!array)
		return SAMC_ENOMEM;
	const char *dot = strchr(text, '.');
	int rc = add_string(array, text, dot ? (size_t)(dot - text) : strlen(text));
	if (!rc && dot)
		rc = add_string(array, dot + 1, strlen(dot + 1));
	if (rc)
		cJSON_Delete(array);
	else
		*out = array;
	return rc;
}

/* The value of a short tag: a scalar's raw text (no implicit typing), else the collection. */
static int intrinsic_value(builder *b, const node *n, cJSON **out)
{
	if (n->kind == NODE_SEQUENCE)
		return construct_sequence(b, n, out);
	if (n->kind == NODE_MAPPING)
		return construct_mapping(b, n, out);
	if (strcmp(n->tag, "!GetAtt") == 0)
		return split_getatt(n->text, out);
	return (*out = cJSON_CreateString(n->text)) ? 0 : SAMC_ENOMEM;
}

static int place_getatt_parts(builder *b, const node *n, const cJSON *value)
{
	if (n->kind != NODE_SCALAR || !cJSON_IsArray(value))
		return 0;
	for (cJSON *part = value->child; part; part = part->next)
		if (place(b, part, n->pos))
			return SAMC_ENOMEM;
	return 0;
}

/* The key a short-form tag stands for: Ref and Condition as they are, !X as Fn::X (made by
 * member_key, so most are the static copies). */
static char *intrinsic_key(const char *name)
{
	if (strcmp(name, "Ref") == 0 || strcmp(name, "Condition") == 0)
		return member_key(name);
	char full[SAMC_STATIC_KEY_ROW];
	int n = snprintf(full, sizeof(full), "Fn::%s", name);
	const char *known = n > 0 && (size_t)n < sizeof(full) ? samc_static_key(full) : NULL;
	return known ? (char *)known : samc_strfmt("Fn::%s", name);
}

/* {"Ref": value} for the tag !Ref (!Condition alike), {"Fn::X": value} for !X; takes value
 * (placed at pos, where the tagged node starts) even on failure. */
static int wrap_intrinsic(builder *b, const char *tag, cJSON *value, samc_pos pos, cJSON **out)
{
	char *key = intrinsic_key(tag + 1);
	cJSON *wrapper = cJSON_CreateObject();
	int rc = key && wrapper ? place(b, value, pos) : SAMC_ENOMEM;
	if (!rc && !cJSON_AddItemToArray(wrapper, value))
		rc = SAMC_ENOMEM;
	if (!rc)
		set_member_key(value, key); /* the wrapper's only member */
	if (rc) {
		free_member_key(key);
		cJSON_Delete(value);
		cJSON_Delete(wrapper);
		return rc;
	}
	*out = wrapper;
	return 0;
}

static int construct_intrinsic(builder *b, const node *n, cJSON **out)
{
	cJSON *value = NULL;
	int rc = intrinsic_value(b, n, &value);
	if (!rc)
		rc = place_getatt_parts(b, n, value);
	if (rc) {
		cJSON_Delete(value);
		return rc;
	}
	return wrap_intrinsic(b, n->tag, value, n->pos, out);
}

static int construct_node(builder *b, const node *n, cJSON **out)
{
	if (is_local_tag(n->tag))
		return construct_intrinsic(b, n, out);
	int rc = check_std_tag(b, n);
	if (rc)
		return rc;
	if (n->kind == NODE_SCALAR)
		return construct_scalar(b, n, out);
	if (n->kind == NODE_SEQUENCE)
		return construct_sequence(b, n, out);
	return construct_mapping(b, n, out);
}

/* Builds a fresh tree for n (an alias target is built once per occurrence) placed at `at`. */
static int construct(builder *b, const node *n, samc_pos at, cJSON **out)
{
	*out = NULL;
	int rc = construct_node(b, n, out);
	if (!rc)
		rc = place(b, *out, at);
	if (rc) {
		cJSON_Delete(*out);
		*out = NULL;
	}
	return rc;
}

static int construct_root(builder *b, const composer *c, cJSON **out)
{
	if (c->have_root)
		return construct(b, c->root.target, c->root.at, out);
	*out = cJSON_CreateNull();
	if (!*out)
		return SAMC_ENOMEM;
	return place(b, *out, (samc_pos){1, 1});
}

/* Copies the positions of the nodes in the tree (the freed ones may share an address). */
static int copy_positions(const samc_posmap *from, samc_posmap *to, const cJSON *v)
{
	samc_pos p;
	if (samc_posmap_get(from, v, &p) && samc_posmap_put(to, v, p))
		return SAMC_ENOMEM;
	for (const cJSON *child = v->child; child; child = child->next)
		if (copy_positions(from, to, child))
			return SAMC_ENOMEM;
	return 0;
}

/* Hands the positions to the caller: the whole map when it is exact, else the live entries. */
static int give_positions(builder *b, samc_posmap *pos, const cJSON *tree)
{
	if (b->discarded || pos->count)
		return copy_positions(&b->pos, pos, tree);
	samc_posmap_free(pos);
	*pos = b->pos;
	b->pos = (samc_posmap){0};
	return 0;
}

/* ---- the direct path: cJSON straight from the events ----
 * Most templates have no anchors, aliases, merge keys, duplicate keys or errors: their tree is
 * built from libyaml's events as they come, without the node graph (half the memory and time).
 * Anything else makes it give up, and load() takes the composing path above, which handles
 * every case and words every error. Positions are placed exactly as that path places them. */

typedef struct open_container {
	cJSON *value;        /* the array or object being filled */
	samc_pos at;         /* where it is placed in its parent */
	samc_pos pos;        /* where it starts, tag included */
	char *tag;           /* a local tag (!If ...) that wraps it when it closes, or NULL */
	char *key;           /* mappings: the key waiting for its value, or NULL */
	samc_pos key_at;
	bool key_not_string;
	size_t nkeys;
	strmap keys;         /* mappings with many keys: key -> member, to see duplicates */
} open_container;

typedef struct direct {
	builder *b;
	unsigned max_depth;
	size_t max_nodes, total;
	open_container *stack;
	size_t depth, cap;
	cJSON *root;
	unsigned documents;
} direct;

#define GIVE_UP 1
#define LINEAR_KEYS 16 /* mappings up to this many keys look for duplicates without a map */

static void drop_container(open_container *o)
{
	cJSON_Delete(o->value);
	free(o->tag);
	free_member_key(o->key);
	free(o->keys.slots);
}

/* Whether key is already a member of the open mapping (indexing it once it grows). */
static int seen_key(open_container *o, const char *key, bool *seen)
{
	*seen = false;
	if (o->nkeys < LINEAR_KEYS) {
		for (const cJSON *m = o->value->child; m && !*seen; m = m->next)
			*seen = strcmp(m->string, key) == 0;
		return 0;
	}
	if (!o->keys.cap)
		for (cJSON *m = o->value->child; m; m = m->next)
			if (strmap_put(&o->keys, m->string, m))
				return SAMC_ENOMEM;
	*seen = strmap_get(&o->keys, key) != NULL;
	return 0;
}

/* Adds a finished value to the open collection (a mapping takes its pending key), or makes
 * it the root. `at` is where the value itself starts. */
static int direct_attach(direct *d, cJSON *v, samc_pos at)
{
	if (!d->depth) {
		d->root = v;
		return place(d->b, v, at);
	}
	open_container *o = &d->stack[d->depth - 1];
	if (cJSON_IsObject(o->value)) {
		at = o->key_at;
		set_member_key(v, o->key);
		o->key = NULL;
		if (o->key_not_string)
			v->type |= SAMC_KEY_NOT_STRING;
		if (o->keys.cap && strmap_put(&o->keys, v->string, v)) {
			cJSON_AddItemToArray(o->value, v);
			return SAMC_ENOMEM;
		}
		o->nkeys++;
	}
	cJSON_AddItemToArray(o->value, v);
	return place(d->b, v, at);
}

static int count_direct(direct *d)
{
	return d->total++ < d->max_nodes ? 0 : GIVE_UP;
}

/* A node of the graph with nothing but what a scalar event says, for the shared helpers. */
static node scalar_node(const yaml_event_t *ev)
{
	const char *tag = (const char *)ev->data.scalar.tag;
	return (node){.kind = NODE_SCALAR,
		      .implicit = ev->data.scalar.plain_implicit,
		      .tag = tag && strcmp(tag, "!") != 0 ? (char *)tag : NULL,
		      .text = (char *)ev->data.scalar.value,
		      .pos = mark_pos(ev->start_mark)};
}

static int direct_key(direct *d, open_container *o, const yaml_event_t *ev)
{
	node k = scalar_node(ev);
	if (is_merge_key(&k) || is_value_key(&k))
		return GIVE_UP;
	node_ref ref = {&k, k.pos};
	bool seen;
	o->key_not_string = false;
	int rc = key_text(d->b, &ref, &o->key, &o->key_not_string);
	if (!rc)
		rc = seen_key(o, o->key, &seen);
	if (rc || seen)
		return GIVE_UP;
	o->key_at = k.pos;
	return 0;
}

static int direct_scalar(direct *d, const yaml_event_t *ev)
{
	if (ev->data.scalar.anchor || memchr(ev->data.scalar.value, '\0', ev->data.scalar.length) ||
	    count_direct(d))
		return GIVE_UP;
	open_container *o = d->depth ? &d->stack[d->depth - 1] : NULL;
	if (o && cJSON_IsObject(o->value) && !o->key)
		return direct_key(d, o, ev);
	node n = scalar_node(ev);
	cJSON *v = NULL;
	/* construct() places v at n.pos; direct_attach places it again where it belongs */
	int rc = construct(d->b, &n, n.pos, &v);
	if (!rc && (rc = direct_attach(d, v, n.pos)) != 0)
		return rc;
	return rc ? GIVE_UP : 0;
}

static int direct_open(direct *d, const yaml_event_t *ev, bool mapping)
{
	const yaml_char_t *anchor = mapping ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
	const char *tag = (const char *)(mapping ? ev->data.mapping_start.tag : ev->data.sequence_start.tag);
	open_container *parent = d->depth ? &d->stack[d->depth - 1] : NULL;
	if (anchor || d->depth + 1 > d->max_depth || count_direct(d) ||
	    (parent && cJSON_IsObject(parent->value) && !parent->key)) /* a collection as a key */
		return GIVE_UP;
	if (tag && strcmp(tag, "!") == 0)
		tag = NULL;
	int kind = tag && !is_local_tag(tag) ? std_tag_kind(tag) : -1;
	if (tag && !is_local_tag(tag) && kind != (mapping ? NODE_MAPPING : NODE_SEQUENCE))
		return GIVE_UP;
	open_container *stack = grow_array(d->stack, &d->cap, d->depth + 1, sizeof(*stack));
	if (!stack)
		return SAMC_ENOMEM;
	d->stack = stack;
	samc_pos pos = mark_pos(ev->start_mark);
	open_container o = {.value = mapping ? cJSON_CreateObject() : cJSON_CreateArray(),
			     .at = pos, .pos = pos};
	if (!o.value || (tag && is_local_tag(tag) && !(o.tag = samc_strdup(tag)))) {
		drop_container(&o);
		return SAMC_ENOMEM;
	}
	d->stack[d->depth++] = o;
	return 0;
}

static int direct_close(direct *d)
{
	open_container o = d->stack[--d->depth];
	cJSON *v = o.value;
	o.value = NULL;
	int rc = 0;
	if (o.tag)
		rc = wrap_intrinsic(d->b, o.tag, v, o.pos, &v);
	drop_container(&o);
	return rc ? rc : direct_attach(d, v, o.at);
}

static int direct_event(direct *d, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		return d->documents++ ? GIVE_UP : 0;
	case YAML_SCALAR_EVENT:
		return direct_scalar(d, ev);
	case YAML_ALIAS_EVENT:
		return GIVE_UP;
	case YAML_SEQUENCE_START_EVENT:
		return direct_open(d, ev, false);
	case YAML_MAPPING_START_EVENT:
		return direct_open(d, ev, true);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return direct_close(d);
	default:
		return 0;
	}
}

static int direct_stream(direct *d, const char *data, size_t len)
{
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser))
		return SAMC_ENOMEM;
	yaml_parser_set_input_string(&parser, (const unsigned char *)(data ? data : ""), len);
	int rc = 0;
	for (bool done = false; !rc && !done;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev))
			rc = GIVE_UP;
		else {
			rc = direct_event(d, &ev);
			done = ev.type == YAML_STREAM_END_EVENT;
			yaml_event_delete(&ev);
		}
	}
	yaml_parser_delete(&parser);
	return rc;
}

/* The tree of data by the direct path; GIVE_UP (nothing kept) when the composing path must
 * do it. */
static int load_direct(const char *data, size_t len, const samc_load_options *opts, builder *b,
		       cJSON **tree)
{
	direct d = {.b = b};
	d.max_depth = opts && opts->max_depth ? opts->max_depth : DEFAULT_MAX_DEPTH;
	d.max_nodes = opts && opts->max_nodes ? opts->max_nodes : DEFAULT_MAX_NODES;
	int rc = direct_stream(&d, data, len);
	if (!rc && !d.root) /* an empty stream */
		rc = (d.root = cJSON_CreateNull()) ? place(b, d.root, (samc_pos){1, 1}) : SAMC_ENOMEM;
	while (d.depth)
		drop_container(&d.stack[--d.depth]);
	free(d.stack);
	if (rc) {
		cJSON_Delete(d.root);
		return GIVE_UP;
	}
	*tree = d.root;
	return 0;
}

static int load(const char *data, size_t len, const char *name, const samc_load_options *opts,
		cJSON **root, samc_posmap *pos, samc_dup_keys *dups, samc_error **err, bool all_positions)
{
	if (!root || !pos || (!data && len))
		return SAMC_EUSAGE;
	*root = NULL;
	composer c = {.rep = {name, err}, .data = data, .len = len};
	c.max_depth = opts && opts->max_depth ? opts->max_depth : DEFAULT_MAX_DEPTH;
	c.max_nodes = opts && opts->max_nodes ? opts->max_nodes : DEFAULT_MAX_NODES;
	builder b = {.rep = {name, err}, .all_positions = all_positions, .dups = dups};
	builder quiet = {.all_positions = all_positions}; /* the direct path reports nothing */
	cJSON *tree = NULL;
	int rc = load_direct(data, len, opts, &quiet, &tree);
	if (!rc)
		b.pos = quiet.pos;
	else {
		samc_posmap_free(&quiet.pos);
		rc = compose_stream(&c);
		if (!rc && all_positions)
			rc = samc_posmap_reserve(&b.pos, c.total);
		if (!rc)
			rc = construct_root(&b, &c, &tree);
	}
	if (!rc)
		rc = give_positions(&b, pos, tree);
	composer_free(&c);
	samc_posmap_free(&b.pos);
	if (rc) {
		cJSON_Delete(tree);
		return rc;
	}
	*root = tree;
	return 0;
}

int samc_yaml_load(const char *data, size_t len, const char *name, const samc_load_options *opts,
		   cJSON **root, samc_posmap *pos, samc_error **err)
{
	return load(data, len, name, opts, root, pos, NULL, err, true);
}

int samc_yaml_load_stamped(const char *data, size_t len, const char *name, const samc_load_options *opts,
			   cJSON **root, samc_posmap *pos, samc_dup_keys *dups, samc_error **err)
{
	return load(data, len, name, opts, root, pos, dups, err, false);
}
