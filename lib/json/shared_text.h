/* shared_text.h — the text of string and number nodes held once in a pool and shared by the
 * nodes (cJSON_IsReference), and setting a node's text whichever way it is held. */
#ifndef SAMC_JSON_SHARED_TEXT_H
#define SAMC_JSON_SHARED_TEXT_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "util/strmap.h"

/* Every string and number node of tree gives up its own copy of its text for the pool's
 * (samc_strmap_intern); cJSON then never frees that text, so the pool must outlive the tree
 * and every copy of a node made by hand (cJSON_Duplicate makes owned copies). Subtrees that
 * are themselves references are left alone. 0, or -2 when memory ran out (the nodes done so
 * far share, the rest keep their own text). */
int samc_json_share_text(samc_strmap *pool, cJSON *tree);

/* cJSON_SetValuestring for a string node that may share its text (which cJSON refuses to
 * change): the node gets its own copy of text. false when memory ran out or node is not a
 * string. */
bool samc_json_set_text(cJSON *node, const char *text);

#endif
