/* jinja.h — the subset of Jinja2 that cookiecutter templates use: parsing template text into a
 * tree (jinja_parse.c) and rendering it against JSON values (jinja_eval.c, jinja_value.c). */
#ifndef SAMC_INIT_JINJA_H
#define SAMC_INIT_JINJA_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "samc/samc.h"
#include "util/buf.h"

typedef struct jinja_limits {
	size_t max_output; /* bytes one rendering may produce; 0 = 64 MiB */
	size_t max_steps;  /* expression and statement evaluations; 0 = 10 000 000 */
	unsigned max_depth; /* nesting of blocks and expressions while parsing; 0 = 128 */
} jinja_limits;

typedef struct jinja_template jinja_template;

/* Parses text (len bytes, need not be NUL-terminated). name is the file the text comes from,
 * used in errors (file:line:col). Returns 0, SAMC_EINVALID, SAMC_ELIMIT or SAMC_ENOMEM. */
int jinja_parse(jinja_template **out, const char *text, size_t len, const char *name,
		const jinja_limits *limits, samc_error **err);

/* Renders t with the variables of the object vars (e.g. {"cookiecutter": {...}}), appending
 * to out. Undefined names are errors, as in cookiecutter's strict environment. */
int jinja_render(const jinja_template *t, const cJSON *vars, const jinja_limits *limits,
		 samc_buf *out, samc_error **err);

void jinja_free(jinja_template *t);

/* Parse + render of a whole string into a new malloc'd string *out. */
int jinja_render_string(const char *text, const char *name, const cJSON *vars,
			const jinja_limits *limits, char **out, samc_error **err);

/* Sets *err to "name:line:col: message" with one positioned cause; returns code. */
int jinja_error(samc_error **err, int code, const char *name, unsigned line, unsigned col,
		const char *fmt, ...) __attribute__((format(printf, 6, 7)));

#endif
