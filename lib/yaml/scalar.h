/* scalar.h — YAML 1.1 scalars as PyYAML's SafeLoader reads them: the implicit type of plain
 * text, the type a standard tag forces, and the cJSON node a scalar of a given type becomes. */
#ifndef SAMC_YAML_SCALAR_H
#define SAMC_YAML_SCALAR_H

#include <cjson/cJSON.h>

#include "util/buf.h"

#define SAMC_YAML_STD_TAG_PREFIX "tag:yaml.org,2002:"

typedef enum samc_scalar_type {
	SAMC_SCALAR_STR,
	SAMC_SCALAR_NULL,
	SAMC_SCALAR_BOOL,
	SAMC_SCALAR_INT,
	SAMC_SCALAR_FLOAT,
	SAMC_SCALAR_MERGE,  /* "<<": the merge key; no constructor elsewhere */
	SAMC_SCALAR_VALUE,  /* "=": the value key; no constructor elsewhere */
	SAMC_SCALAR_UNKNOWN /* a tag with no scalar constructor */
} samc_scalar_type;

/* The type PyYAML's implicit resolvers give plain (unquoted, untagged) text. Timestamps are
 * deliberately left as strings. */
samc_scalar_type samc_scalar_resolve(const char *text);

/* The scalar type a "tag:yaml.org,2002:..." tag forces (binary stays a string);
 * SAMC_SCALAR_UNKNOWN for any other tag. */
samc_scalar_type samc_scalar_tag_type(const char *tag);

/* Builds the node for text of type STR, NULL, BOOL, INT or FLOAT as PyYAML's constructors do:
 * integers keep their exact decimal text (up to 4300 digits, Python's limit), floats their
 * repr. Returns 0; SAMC_EINVALID or SAMC_ELIMIT with the reason appended to why; SAMC_ENOMEM. */
int samc_scalar_construct(samc_scalar_type type, const char *text, cJSON **out, samc_buf *why);

#endif
