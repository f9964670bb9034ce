/* sub_vars.h — the ${Name} variables of an Fn::Sub string (${!Literal} skipped), shared by
 * the reference and intrinsic rules. */
#ifndef SAMC_LINT_SUB_VARS_H
#define SAMC_LINT_SUB_VARS_H

#include <stddef.h>

typedef struct lint_sub_vars {
	char **names;
	size_t count, cap;
	int unterminated; /* a "${" without its "}" */
} lint_sub_vars;

void lint_sub_vars_parse(const char *text, lint_sub_vars *out);
void lint_sub_vars_free(lint_sub_vars *v);

#endif
