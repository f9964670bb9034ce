/* emit.h — JSON text exactly as Python's json.dumps writes it.
 * Used for output, for hash inputs (compact, sorted keys) and for embedded strings. */
#ifndef SAMC_JSON_EMIT_H
#define SAMC_JSON_EMIT_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "util/buf.h"

typedef struct samc_json_style {
	int indent;           /* < 0: single line; >= 0: newline + that many spaces per level */
	bool sort_keys;       /* keys in code-point order (Python sort_keys=True) */
	const char *item_sep; /* "," or ", " */
	const char *key_sep;  /* ":" or ": " */
	bool ensure_ascii;    /* escape every non-ASCII character as \uXXXX (surrogate pairs) */
} samc_json_style;

/* indent 2, ", "/": " separators (trailing spaces never printed before a newline), input order */
extern const samc_json_style SAMC_JSON_PRETTY;
/* json.dumps(v, separators=(",", ":"), sort_keys=True): the hash input format */
extern const samc_json_style SAMC_JSON_HASH;
/* json.dumps(v) with Python defaults: ", " and ": ", input order, one line */
extern const samc_json_style SAMC_JSON_PYDEFAULT;

/* Appends v to b. Numbers print their valuestring (see doc/doc.h); strings are escaped as
 * Python escapes them (\", \\, \n, \r, \t, \b, \f, other controls and U+007F as \u00XX;
 * non-ASCII as \uXXXX when ensure_ascii). Invalid UTF-8 bytes are escaped as \ufffd. */
void samc_json_emit(samc_buf *b, const cJSON *v, const samc_json_style *style);
/* Where samc_json_emit_to sends text: write(ctx, data, len) for each piece; its first nonzero
 * return is kept in status and ends the writing. */
typedef struct samc_json_sink {
	int (*write)(void *ctx, const char *data, size_t len);
	void *ctx;
	int status;
} samc_json_sink;

/* v as samc_json_emit writes it, followed by a newline when the style has line breaks, handed
 * to the sink in pieces of about 64 KiB as they are produced. -1 when memory ran out (the sink
 * may have had part of the text); otherwise 0, with the sink's own failure in sink->status. */
int samc_json_emit_to(samc_json_sink *sink, const cJSON *v, const samc_json_style *style);
/* Appends the JSON string literal for s (with quotes). */
void samc_json_emit_string(samc_buf *b, const char *s, bool ensure_ascii);

/* Python repr() of a float: shortest round-trip digits; positional when 1e-4 <= |x| < 1e16
 * (always with a '.': "3.0"), else "d.ddde+XX"; "Infinity", "-Infinity", "NaN" (json spelling).
 * buf holds at least 32 bytes. */
void samc_float_repr(double x, char buf[32]);

#endif
