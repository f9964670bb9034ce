/* deflate_pool.h — files compressed ahead of the zip writer by worker threads: raw DEFLATE
 * (zlib, level 6) plus CRC-32 and size, at most a window of files held in memory. */
#ifndef SAMC_PACKAGE_DEFLATE_POOL_H
#define SAMC_PACKAGE_DEFLATE_POOL_H

#include <stddef.h>
#include <stdint.h>

#include "package/tree.h"

typedef struct deflate_pool deflate_pool;

typedef struct deflated {
	const unsigned char *data; /* raw DEFLATE stream */
	size_t comp_size;
	uint64_t size;
	uint32_t crc;
} deflated;

/* Starts compressing the files of t (which must outlive the pool) in order. */
int deflate_pool_start(const pkg_tree *t, deflate_pool **out);
/* Waits for file i and returns its compressed form (valid until deflate_pool_release(i)); a
 * negative SAMC_E* when it could not be read (message in *err). */
int deflate_pool_get(deflate_pool *p, size_t i, deflated *out, samc_error **err);
/* The writer is done with file i: its memory is freed and the window moves on. */
void deflate_pool_release(deflate_pool *p, size_t i);
/* Stops the workers and frees everything. */
void deflate_pool_free(deflate_pool *p);

#endif
