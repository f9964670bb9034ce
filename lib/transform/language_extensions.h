/* language_extensions.h — the AWS::LanguageExtensions transform, run before the SAM transform:
 * Fn::ForEach, Fn::Length, Fn::ToJsonString, Fn::FindInMap DefaultValue, intrinsic policies. */
#ifndef SAMC_TRANSFORM_LANGUAGE_EXTENSIONS_H
#define SAMC_TRANSFORM_LANGUAGE_EXTENSIONS_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "doc/doc.h"
#include "samc/samc.h"

#define LX_TRANSFORM "AWS::LanguageExtensions"
#define LX_SAM_TRANSFORM "AWS::Serverless-2016-10-31"

/* True when the template's Transform (a string or a list) names `name`. */
bool samc_langext_declares(const cJSON *tpl, const char *name);

/* True when the Transform names AWS::LanguageExtensions but not the SAM transform: the
 * expanded template is the whole result. */
bool samc_langext_only(const cJSON *tpl);

/* Expands tpl in place when its Transform names AWS::LanguageExtensions, then removes that
 * name from the Transform. overrides: the caller's parameter values (an object of strings).
 * Returns 0, SAMC_EINVALID (*err says why, with the file:line:col of the cause) or
 * SAMC_ENOMEM. A template without the transform is left untouched. */
int samc_language_extensions(cJSON *tpl, const cJSON *overrides, const char *region, const char *file,
			     samc_error **err);

/* ---- shared by the language_extensions*.c files ---- */

typedef struct lx {
	cJSON *tpl;
	cJSON *params;         /* parameter name -> string, or array of strings for list types */
	cJSON *list_params;    /* parameter name -> true, for CommaDelimitedList and List<...> types */
	char *message;         /* the first error, or NULL */
	samc_pos pos;          /* where it is */
	bool nomem;
} lx;

enum { LX_OK = 0, LX_FAIL = 1 };

/* Records the first error (at the position of `at`) and returns LX_FAIL. */
int lx_fail(lx *c, const cJSON *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Records an allocation failure and returns LX_FAIL. */
int lx_nomem(lx *c);

/* The value of a declared parameter (string or array of strings), or NULL. */
const cJSON *lx_param(const lx *c, const char *name);
/* True when name is a parameter of a list type. */
bool lx_param_is_list(const lx *c, const char *name);
/* The parameter a {"Ref": "Name"} node refers to, or NULL when node is not such a Ref. */
const char *lx_ref_target(const cJSON *node);
/* True for {"Fn::X": ...} / {"Ref": ...}: an object with one member naming a function. */
bool lx_is_intrinsic(const cJSON *node);
/* Puts repl in the place of old (a child of parent): same key, same source position. */
void lx_replace(cJSON *parent, cJSON *old, cJSON *repl);

/* Fills c->params from the template's Parameters, the overrides and the pseudo parameters
 * (language_extensions_params.c). */
int lx_params_init(lx *c, const cJSON *overrides, const char *region);

/* The passes, in the order the transform runs them. Each returns LX_OK or LX_FAIL. */
int lx_expand_foreach(lx *c);                 /* language_extensions_foreach.c */
int lx_resolve_policies(lx *c);               /* language_extensions_policy.c */
int lx_resolve_functions(lx *c);              /* language_extensions_fn.c */

/* Fn::FindInMap (language_extensions_findinmap.c). On a 4-argument call checks the
 * DefaultValue option; when the keys resolve, *out gets a copy of the mapped value (or of the
 * DefaultValue). *out stays NULL when the lookup cannot be made here. */
int lx_find_in_map(lx *c, const cJSON *call, cJSON **out);

#endif
