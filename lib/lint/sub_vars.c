/* sub_vars.c — extracts the ${Name} variables of an Fn::Sub string; ${!Literal} is text.
 * Names are trimmed of surrounding blanks, as CloudFormation does. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "lint/sub_vars.h"

static void add_name(lint_sub_vars *v, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (v->count == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 8;
		char **p = realloc(v->names, cap * sizeof(*p));
		if (!p)
			return;
		v->names = p;
		v->cap = cap;
	}
	char *name = strndup(s, n);
	if (name)
		v->names[v->count++] = name;
}

void lint_sub_vars_parse(const char *text, lint_sub_vars *out)
{
	const char *p = text;
	while ((p = strstr(p, "${")) != NULL) {
		const char *end = strchr(p + 2, '}');
		if (!end) {
			out->unterminated = 1;
			return;
		}
		if (p[2] != '!')
			add_name(out, p + 2, (size_t)(end - p - 2));
		p = end + 1;
	}
}

void lint_sub_vars_free(lint_sub_vars *v)
{
	for (size_t i = 0; i < v->count; i++)
		free(v->names[i]);
	free(v->names);
	*v = (lint_sub_vars){0};
}
