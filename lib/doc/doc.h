/* doc.h — the in-memory document: a cJSON tree plus a side table of source positions.
 * Numbers are cJSON_Number nodes whose valuestring holds their exact printed text. */
#ifndef SAMC_DOC_DOC_H
#define SAMC_DOC_DOC_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "samc/samc.h"
#include "util/strmap.h"

/* Source position of a node: for a mapping member, where its key starts; otherwise where
 * the node starts. 1-based; 0 means unknown. */
typedef struct samc_pos {
	unsigned line, column;
} samc_pos;

/* Open-addressing hash map from node address to position. */
typedef struct samc_posmap {
	struct samc_posmap_slot {
		const void *node;
		samc_pos pos;
	} *slots;
	size_t count, cap;
} samc_posmap;

int samc_posmap_put(samc_posmap *m, const void *node, samc_pos pos);
bool samc_posmap_get(const samc_posmap *m, const void *node, samc_pos *pos);
/* Makes room for n entries without rehashing on the way (0 or SAMC_ENOMEM). */
int samc_posmap_reserve(samc_posmap *m, size_t n);
void samc_posmap_free(samc_posmap *m);

/* Keys written twice in one mapping (the loader keeps the last value, as PyYAML does). */
typedef struct samc_dup_keys {
	struct samc_dup_key {
		char *key;
		samc_pos first, again; /* where the key is written first, and once more */
	} *items;
	size_t count, cap;
} samc_dup_keys;

void samc_dup_keys_free(samc_dup_keys *d);

struct samc_document {
	cJSON *root;
	samc_posmap pos;
	char *name; /* file name for messages, or NULL */
	samc_dup_keys dups; /* filled by the loader */
	samc_strmap strings; /* text the tree's nodes share (a transform's output), or empty */
};

/* Position of a node of doc (false when unknown). */
bool samc_doc_pos(const samc_document *doc, const cJSON *node, samc_pos *pos);

/* Positions also travel inside the nodes themselves, in cJSON's `valueint` (which libsamc
 * never uses otherwise: number values live in valuedouble/valuestring), packed as
 * line << 11 | column (lines up to 1,048,575, columns clamped at 2047). cJSON_Duplicate copies
 * them, so a copy made by the transform still points at the source it came from. */
void samc_node_set_pos(cJSON *node, samc_pos pos);
bool samc_node_pos(const cJSON *node, samc_pos *pos);
/* Stores every position of `map` into its nodes (after loading). */
void samc_node_stamp_positions(cJSON *root, const samc_posmap *map);

/* A mapping member whose YAML key was not a string (an int, bool, null ... turned into its
 * JSON text): a type bit outside cJSON's own 0xFF type byte and flags; cJSON_Duplicate keeps it. */
#define SAMC_KEY_NOT_STRING (1 << 12)

/* ---- numbers ----
 * Every number node carries its text in valuestring, exactly as Python's json.dumps prints
 * it: "123", "-7", "123456789012345678901234567890", "1000.0", "1e-05", "Infinity", "NaN".
 * Text without '.', 'e', 'E', "Infinity" or "NaN" is an integer. */
cJSON *samc_number_new(const char *text, double value);
cJSON *samc_int_new(long long v);
/* The printed text of a number node (never NULL for a node made by libsamc; falls back to
 * formatting valuedouble into buf, which must hold 32 bytes). */
const char *samc_number_text(const cJSON *n, char buf[32]);
bool samc_number_is_int(const cJSON *n);

#endif
