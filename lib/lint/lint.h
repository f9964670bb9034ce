/* lint.h — the linter's internal interface: the context the rule families share, the
 * report function, the rule catalogue and one entry point per rule family. */
#ifndef SAMC_LINT_LINT_H
#define SAMC_LINT_LINT_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "doc/doc.h"
#include "samc/lint.h"
#include "util/strmap.h"

typedef struct lint_ctx {
	const samc_document *source;   /* the template as written */
	const samc_document *expanded; /* samc_transform_document's output, or NULL when the
				        * transform failed or the template has no SAM transform */
	const samc_error *transform_error; /* why the transform failed, or NULL */
	const samc_lint_options *opts;  /* never NULL */
	bool is_sam;                    /* SAM: declares AWS::Serverless-2016-10-31, or has
					 * Globals or AWS::Serverless::* resources */
	bool declares_sam_transform;    /* Transform names AWS::Serverless-2016-10-31 */
	const samc_dup_keys *dups;      /* keys the loader saw twice in one mapping */
	/* indexes of the source template (NULL when the section is absent or not an object) */
	const cJSON *parameters, *resources, *conditions, *mappings, *outputs;
	struct lint_findings *findings; /* private to lint.c */
} lint_ctx;

/* Records a finding at node's source position (samc_node_pos; node may be NULL). Works for
 * nodes of both the source and the expanded document. */
void lint_report(lint_ctx *c, const char *rule_id, samc_severity sev, const cJSON *node,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Same, with an explicit position (line 0 = unknown). */
void lint_report_at(lint_ctx *c, const char *rule_id, samc_severity sev, unsigned line,
		    unsigned column, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Marks the result as failed for lack of memory (samc_lint then returns SAMC_ENOMEM). */
void lint_report_oom(lint_ctx *c);

/* True when name is a parameter, a resource or a pseudo parameter of the source template. */
bool lint_is_pseudo_parameter(const char *name);

/* The template the rule families read (source_prep.c): a copy of doc with
 * AWS::LanguageExtensions expanded and local CodeUri/ContentUri/DefinitionUri paths replaced
 * by placeholder S3 URIs (same positions), or *out NULL when that would change nothing (doc
 * itself is read). 0; SAMC_EINVALID when the language extensions reject the template (*why
 * says where and why); SAMC_ENOMEM. */
int lint_prepare_source(const samc_document *doc, const samc_lint_options *opts,
			samc_document **out, samc_error **why);

/* How samc_lint runs the transform and the rule families: one thread, or two for large
 * templates (AUTO: 128 resources or more as written, and more than one processor). The
 * findings are the same either way. */
typedef enum lint_threads { LINT_THREADS_AUTO, LINT_THREADS_ONE, LINT_THREADS_TWO } lint_threads;
/* samc_lint with the choice made by the caller (samc_lint passes LINT_THREADS_AUTO). */
int lint_run(const samc_document *doc, const samc_lint_options *opts, lint_threads threads,
	     samc_lint_result **out, samc_error **err);

/* Rule families. */
void lint_rules_structure(lint_ctx *c);  /* 1: sections, version, logical IDs, limits (source) */
void lint_rules_expanded_structure(lint_ctx *c); /* 1: generated logical IDs, expanded limit */
void lint_rules_references(lint_ctx *c); /* 2: Ref/GetAtt/Sub/DependsOn/Condition targets */
void lint_rules_schema(lint_ctx *c);     /* 3: resource properties (lib/lint/rules_schema.c) */
void lint_rules_intrinsics(lint_ctx *c); /* 4: intrinsic function arguments */
void lint_rules_graph(lint_ctx *c);      /* 5: dependency cycles (lib/graph/) */
void lint_rules_sam(lint_ctx *c);        /* 6: what samc_transform rejects */

/* Hook for family 3 data: nonzero when resource type `type` is known and has no attribute
 * `attr` (GetAtt checks). Until the schema data exists it returns false (unknown). */
bool lint_schema_lacks_attribute(const char *type, const char *attr);

#endif
