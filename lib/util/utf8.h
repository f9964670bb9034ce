/* utf8.h — decoding one UTF-8 sequence the strict way (no overlong forms, surrogates or code
 * points above U+10FFFF), counting bad bytes as Python's decode("utf-8", "replace") does. */
#ifndef SAMC_UTIL_UTF8_H
#define SAMC_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes the sequence at s, of which n bytes may be read (n >= 1; a NUL byte also ends a
 * sequence). Returns its length. A valid sequence sets *cp and *valid = true; an invalid one
 * sets *cp = U+FFFD, *valid = false and returns the length of its maximal ill-formed prefix
 * (at least 1). valid may be NULL. */
size_t samc_utf8_decode(const char *s, size_t n, uint32_t *cp, bool *valid);

#endif
