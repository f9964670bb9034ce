/* load.h — YAML/JSON text to a cJSON tree, with CloudFormation short tags in long form,
 * YAML 1.1 scalar resolution as PyYAML's SafeLoader does it, and a position per node. */
#ifndef SAMC_YAML_LOAD_H
#define SAMC_YAML_LOAD_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "doc/doc.h"
#include "samc/samc.h"

/* Parses data[0..len) (need not be NUL-terminated). On success *root is the document's root
 * (an empty document gives cJSON null) and pos holds every node's position. On failure returns
 * SAMC_EINVALID or SAMC_ELIMIT (or SAMC_ENOMEM) and fills *err with "name:line:col: message". */
int samc_yaml_load(const char *data, size_t len, const char *name, const samc_load_options *opts,
		   cJSON **root, samc_posmap *pos, samc_error **err);
/* The same, but every node carries its position itself (samc_node_set_pos) and pos holds only
 * the positions a node cannot hold exactly (lines over 1,048,575, columns over 2047): with
 * samc_doc_pos this finds the same positions, without a table entry per node. dups (or NULL)
 * receives the keys written twice in one mapping (at most SAMC_YAML_MAX_DUPS of them). */
#define SAMC_YAML_MAX_DUPS 1000
int samc_yaml_load_stamped(const char *data, size_t len, const char *name, const samc_load_options *opts,
			   cJSON **root, samc_posmap *pos, samc_dup_keys *dups, samc_error **err);

#endif
