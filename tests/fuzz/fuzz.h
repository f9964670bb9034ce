/* fuzz.h — what the fuzz targets share: the libFuzzer entry point every target defines, and
 * the functions for targets whose library entry reads a file instead of a buffer. */
#ifndef SAMC_FUZZ_H
#define SAMC_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Each tests/fuzz/fuzz_<target>.c defines it; libFuzzer or tests/fuzz/replay.c calls it. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A private folder for this process (created once, removed at exit), or NULL. */
const char *fuzz_scratch_dir(void);
/* Writes data to <scratch>/<name> and returns that path (static storage), or NULL. */
const char *fuzz_write_scratch(const char *name, const uint8_t *data, size_t size);

#endif
