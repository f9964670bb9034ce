/* lint.h — the public linter API of libsamc: check a template for mistakes and render the
 * findings as text, JSON, SARIF 2.1.0 or JUnit XML. */
#ifndef SAMC_LINT_H
#define SAMC_LINT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct samc_document samc_document;
typedef struct samc_error samc_error;

typedef enum samc_severity {
	SAMC_SEVERITY_ERROR = 0,
	SAMC_SEVERITY_WARNING = 1,
	SAMC_SEVERITY_INFO = 2
} samc_severity;

/* One finding. Strings are owned by the result; line/column are 1-based, 0 when unknown. */
typedef struct samc_finding {
	const char *rule_id;
	samc_severity severity;
	const char *message;
	const char *file; /* the document's name, or NULL */
	unsigned line, column;
} samc_finding;

typedef struct samc_lint_options {
	const char *region;              /* NULL = "us-east-1" */
	const char *parameter_overrides; /* "K=V K2=V2" or NULL */
} samc_lint_options;

typedef struct samc_lint_result samc_lint_result;

/* Lints doc. Returns 0 (findings or not) and fills *out; a negative SAMC_E* only when
 * linting itself failed (out of memory, bad arguments). opts may be NULL. On a machine with
 * more than one processor, a template of 128 resources or more is checked on two threads (the
 * second one ends before samc_lint returns); the findings are the same as on one. */
int samc_lint(const samc_document *doc, const samc_lint_options *opts, samc_lint_result **out,
	      samc_error **err);
/* The result for a template that could not be loaded: one E0000 error finding ("template
 * could not be read: ..." when load_status is SAMC_EIO, else "template could not be parsed:
 * ...") at load_err's position. load_status and load_err are what samc_document_load_file or
 * samc_document_load_buffer gave; file names the result. Returns 0 and fills *out. */
int samc_lint_load_failure(const char *file, int load_status, const samc_error *load_err,
			   samc_lint_result **out, samc_error **err);
size_t samc_lint_count(const samc_lint_result *r);
/* Finding i, or NULL when i is out of range. Findings are sorted by line, column, rule. */
const samc_finding *samc_lint_finding(const samc_lint_result *r, size_t i);
void samc_lint_result_free(samc_lint_result *r);

typedef enum samc_lint_format {
	SAMC_LINT_TEXT = 0,
	SAMC_LINT_JSON = 1,
	SAMC_LINT_SARIF = 2,
	SAMC_LINT_JUNIT = 3
} samc_lint_format;

/* Renders the findings of n results (one per file) in one document. color: nonzero adds
 * ANSI colours (text only). *out is NUL-terminated, free with samc_free. */
int samc_lint_render(const samc_lint_result *const *results, size_t n, samc_lint_format fmt,
		     int color, char **out);

/* The rule catalogue: id, default severity and one-line description of rule i
 * (returns SAMC_EUSAGE past the end). */
size_t samc_lint_rule_count(void);
int samc_lint_rule(size_t i, const char **id, samc_severity *severity, const char **description);

#ifdef __cplusplus
}
#endif
#endif
