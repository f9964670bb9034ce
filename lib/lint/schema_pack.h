/* schema_pack.h — the resource type data as the build packs it (tools/pack-schemas.c): each
 * type's entry zlib-compressed on its own, and a table of the types in byte order. */
#ifndef SAMC_LINT_SCHEMA_PACK_H
#define SAMC_LINT_SCHEMA_PACK_H

#include <stddef.h>

typedef struct samc_schema_entry {
	const char *type;
	unsigned long offset; /* of its compressed bytes in samc_schema_blob */
	unsigned long packed; /* their length */
	unsigned long text;   /* the length of the entry's JSON text once inflated */
} samc_schema_entry;

extern const char samc_schema_header[]; /* {"_source":"...","_generated":"...","types":{ */
extern const unsigned char samc_schema_blob[];
extern const samc_schema_entry samc_schema_entries[];
extern const size_t samc_schema_entry_count;

#endif
