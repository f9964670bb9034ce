/* samc.h — the public API of libsamc: load SAM/CloudFormation templates, convert them,
 * and transform AWS::Serverless-2016-10-31 templates into plain CloudFormation. */
#ifndef SAMC_SAMC_H
#define SAMC_SAMC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SAMC_VERSION "0.1.0"

/* Return codes: 0 is success, every failure is negative. */
enum samc_status {
	SAMC_OK = 0,
	SAMC_EINVALID = -1, /* the input document is invalid (details in the samc_error) */
	SAMC_ENOMEM = -2,   /* out of memory */
	SAMC_EIO = -3,      /* a file could not be read or written */
	SAMC_EUSAGE = -4,   /* an argument given to the API is invalid */
	SAMC_ELIMIT = -5,   /* the input exceeds a resource limit (size, depth, aliases) */
	SAMC_EINTERNAL = -6, /* a bug: should never happen */
	SAMC_EAWS = -7      /* an AWS call failed: service error, network or credentials */
};

/* ---------------------------------------------------------------------------------------
 * Errors. A failing call fills a samc_error (when the caller passes a place for one): a
 * headline message plus zero or more causes, each with its source position when known.
 */
typedef struct samc_error samc_error;

/* The whole message as one line: for a rejected SAM document this is the reference
 * translator's exact wording ("Invalid Serverless Application Specification document. ..."). */
const char *samc_error_message(const samc_error *err);
/* The file the error is about, or NULL. */
const char *samc_error_file(const samc_error *err);
/* Number of individual causes (0 when the error is a single message). */
size_t samc_error_count(const samc_error *err);
/* Cause i: its message and 1-based line and column (0 when unknown). Returns 0 or SAMC_EUSAGE. */
int samc_error_cause(const samc_error *err, size_t i, const char **message, unsigned *line,
		     unsigned *column);
/* Position of the headline error (0 when unknown). */
unsigned samc_error_line(const samc_error *err);
unsigned samc_error_column(const samc_error *err);
void samc_error_free(samc_error *err);

/* ---------------------------------------------------------------------------------------
 * Documents: a loaded template. Every node keeps its source line and column.
 */
typedef struct samc_document samc_document;

typedef struct samc_load_options {
	size_t max_bytes;   /* largest accepted input; 0 = default (64 MiB) */
	unsigned max_depth; /* deepest nesting of mappings/sequences; 0 = default (512) */
	size_t max_nodes;   /* most nodes after alias expansion; 0 = default (10 000 000) */
} samc_load_options;

/* Load YAML or JSON from a file ("-" is not special: callers read stdin themselves). */
int samc_document_load_file(samc_document **out, const char *path, const samc_load_options *opts,
			    samc_error **err);
/* Load from memory; name is used in error messages (may be NULL). */
int samc_document_load_buffer(samc_document **out, const char *data, size_t len, const char *name,
			      const samc_load_options *opts, samc_error **err);
void samc_document_free(samc_document *doc);

typedef enum samc_format { SAMC_FORMAT_JSON = 0, SAMC_FORMAT_YAML = 1 } samc_format;

/* Render a document: JSON (2-space indent, long-form intrinsics) or YAML (short tags).
 * *out is NUL-terminated and owned by the caller (free with samc_free). */
int samc_document_render(const samc_document *doc, samc_format format, char **out, size_t *len,
			 samc_error **err);

/* Receives rendered text piece by piece; a nonzero return stops the rendering. */
typedef int (*samc_write_fn)(void *ctx, const char *data, size_t len);
/* The text of samc_document_render handed to write as it is produced: JSON in pieces of about
 * 64 KiB (no copy of a large rendering is held), YAML in one piece. SAMC_EIO when write
 * refused a piece (the pieces before it were written). */
int samc_document_render_to(const samc_document *doc, samc_format format, samc_write_fn write,
			    void *ctx, samc_error **err);

/* ---------------------------------------------------------------------------------------
 * Transform.
 */
typedef struct samc_transform_options {
	const char *region;              /* e.g. "us-east-1"; NULL = "us-east-1" */
	const char *parameter_overrides; /* "K=V K2=V2" (SAM CLI syntax) or NULL */
	int allow_local_code;            /* nonzero: accept local CodeUri/ContentUri folders */
	int skip_positions;              /* nonzero: the expansion is only printed, so the nodes the
					    transform made are not given source positions (saves a
					    pass over a large output); errors keep theirs */
} samc_transform_options;

/* Transform a loaded template; *out receives the CloudFormation template as JSON text
 * (2-space indent), owned by the caller (free with samc_free). On a rejected document the
 * return value is SAMC_EINVALID and *err lists the causes in the reference's order. */
int samc_transform(const samc_document *doc, const samc_transform_options *opts, char **out,
		   samc_error **err);

/* The same, keeping the result as a document, for work that continues on the expanded
 * template (graph, lint): nodes copied from the input keep their source positions, and every
 * generated resource points at the SAM resource it came from. */
int samc_transform_document(const samc_document *doc, const samc_transform_options *opts,
			    samc_document **out, samc_error **err);

/* The same, taking *doc over: its tree becomes the expansion instead of being copied first
 * (faster and smaller on large templates). *doc is freed and set to NULL whatever the outcome;
 * positions in *err and in *out are those of the source, as with samc_transform_document. */
int samc_transform_document_take(samc_document **doc, const samc_transform_options *opts,
				 samc_document **out, samc_error **err);

/* Sets *needed to 0 when doc's expansion is doc itself: a plain CloudFormation template (no
 * Transform, no Globals, no AWS::Serverless:: resource, nothing the translator would reject)
 * with no parameter overrides in opts; then doc can stand for its own expansion, uncopied. */
int samc_transform_needed(const samc_document *doc, const samc_transform_options *opts,
			  int *needed);

/* Free memory returned by libsamc. */
void samc_free(void *p);

/* Writes data to path whole or not at all: a regular file (or the file a link names, the link
 * kept) is replaced by a temporary file written beside it and renamed, with the replaced file's
 * mode (a new file: 0666 less the umask); a device or FIFO (/dev/stdout, /dev/null) is written
 * in place. SAMC_EIO with the reason on failure. */
int samc_write_file(const char *path, const char *data, size_t len, samc_error **err);

#include "samc/lint.h"

#include "samc/graph.h"
#include "samc/package.h"
#include "samc/build.h"
#include "samc/init.h"
#include "samc/deploy.h"
#ifdef __cplusplus
}
#endif
#endif
