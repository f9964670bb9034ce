/* state_machine_definition.c — the definition of a SAM StateMachine: Definition as a DefinitionString
 * (intrinsics moved into DefinitionSubstitutions) or DefinitionUri as a DefinitionS3Location. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/emit.h"
#include "json/members.h"
#include "transform/s3_uri.h"
#include "transform/state_machine.h"
#include "util/buf.h"

/* is_dynamic_reference: ^{{resolve:([a-z-]+):(.+)}}$ */
static bool is_dynamic_reference(const cJSON *v)
{
	if (!cJSON_IsString(v))
		return false;
	const char *s = v->valuestring;
	if (strncmp(s, "{{resolve:", 10) != 0)
		return false;
	const char *p = s + 10, *service = p;
	while ((*p >= 'a' && *p <= 'z') || *p == '-')
		p++;
	if (p == service || *p != ':')
		return false;
	size_t rest = strlen(p + 1);
	/* (.+)}} : at least one character (no newline) before the closing braces */
	if (rest < 3 || strcmp(p + 1 + rest - 2, "}}") != 0)
		return false;
	for (const char *c = p + 1; c < p + 1 + rest - 2; c++)
		if (*c == '\n')
			return false;
	return true;
}

typedef struct substitutions {
	cJSON *map; /* definition_substitution_N -> the value taken out */
	int counter;
} substitutions;

static int compare_keys(const void *a, const void *b)
{
	const cJSON *const *x = a, *const *y = b;
	return strcmp((*x)->string ? (*x)->string : "", (*y)->string ? (*y)->string : "");
}

/* Children of v in the order _get_paths_to_intrinsics visits them (dict keys sorted). */
static cJSON **visit_order(cJSON *v, size_t *n)
{
	*n = (size_t)cJSON_GetArraySize(v);
	cJSON **items = malloc((*n ? *n : 1) * sizeof(*items));
	if (!items)
		return NULL;
	size_t i = 0;
	for (cJSON *c = v->child; c; c = c->next)
		items[i++] = c;
	if (cJSON_IsObject(v))
		qsort(items, *n, sizeof(*items), compare_keys);
	return items;
}

static int substitute(substitutions *s, cJSON *parent, cJSON *item)
{
	char name[48], key[56];
	snprintf(name, sizeof(name), "definition_substitution_%d", s->counter);
	snprintf(key, sizeof(key), "${definition_substitution_%d}", s->counter);
	s->counter++;
	cJSON *taken = cJSON_Duplicate(item, 1), *placeholder = cJSON_CreateString(key);
	if (!taken || !placeholder) {
		cJSON_Delete(taken);
		cJSON_Delete(placeholder);
		return XF_NOMEM;
	}
	xf_set(s->map, name, taken);
	if (cJSON_IsArray(parent))
		cJSON_ReplaceItemViaPointer(parent, item, placeholder);
	else
		cJSON_ReplaceItemInObjectCaseSensitive(parent, item->string, placeholder);
	return XF_OK;
}

/* _replace_dynamic_values_with_substitutions, in place (paths in sorted-key order). */
static int replace_dynamic_values(substitutions *s, cJSON *v)
{
	if (!cJSON_IsObject(v) && !cJSON_IsArray(v))
		return XF_OK;
	size_t n;
	cJSON **items = visit_order(v, &n);
	if (!items)
		return XF_NOMEM;
	int rc = XF_OK;
	for (size_t i = 0; i < n && rc == XF_OK; i++) {
		if (xf_is_cfn_intrinsic(items[i]) || is_dynamic_reference(items[i]))
			rc = substitute(s, v, items[i]);
		else
			rc = replace_dynamic_values(s, items[i]);
	}
	free(items);
	return rc;
}

/* _build_definition_string: json.dumps(sort_keys=True, indent=4) split into an Fn::Join. */
static cJSON *definition_string(const cJSON *definition)
{
	static const samc_json_style style = {4, true, ",", ": ", true};
	samc_buf text = SAMC_BUF_INIT;
	samc_json_emit(&text, definition, &style);
	const char *all = samc_buf_cstr(&text);
	cJSON *join = cJSON_CreateObject(), *args = SAMC_JSON_ADD_ARRAY(join, "Fn::Join");
	cJSON *lines = cJSON_CreateArray();
	cJSON_AddItemToArray(args, cJSON_CreateString("\n"));
	cJSON_AddItemToArray(args, lines);
	for (const char *p = all ? all : ""; p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = samc_strfmt("%.*s", (int)len, p);
		cJSON_AddItemToArray(lines, cJSON_CreateString(line ? line : ""));
		free(line);
		p = nl ? nl + 1 : NULL;
	}
	samc_buf_free(&text);
	return join;
}

static int inline_definition(sm_build *b, cJSON *props)
{
	cJSON *definition = xf_dup(sm_prop(b, "Definition"));
	substitutions s = {cJSON_CreateObject(), 1};
	int rc = definition && s.map ? replace_dynamic_values(&s, definition) : XF_NOMEM;
	if (rc == XF_OK && s.map->child) {
		cJSON *existing = cJSON_GetObjectItemCaseSensitive(props, "DefinitionSubstitutions");
		if (xf_truthy(existing))
			for (cJSON *c = s.map->child; c; c = c->next)
				xf_set(existing, c->string, xf_dup(c));
		else {
			xf_set(props, "DefinitionSubstitutions", s.map);
			s.map = NULL;
		}
	}
	if (rc == XF_OK)
		xf_set(props, "DefinitionString", definition_string(definition));
	cJSON_Delete(s.map);
	cJSON_Delete(definition);
	return rc;
}

/* _construct_definition_uri */
static int s3_definition(sm_build *b, cJSON *props)
{
	const cJSON *uri = sm_prop(b, "DefinitionUri");
	cJSON *parsed = NULL;
	const cJSON *pointer = uri;
	if (cJSON_IsObject(uri)) {
		if (!xf_truthy(xf_get(uri, "Bucket")) || !xf_truthy(xf_get(uri, "Key")))
			return xf_fail_resource(b->x, b->id,
						"'DefinitionUri' requires Bucket and Key properties to be specified.");
	} else {
		if (xf_parse_s3_uri(uri, &parsed))
			return XF_NOMEM;
		if (!parsed)
			return xf_fail_resource(b->x, b->id, "'DefinitionUri' is not a valid S3 Uri of the form "
							     "'s3://bucket/key' with optional versionId query parameter.");
		pointer = parsed;
	}
	cJSON *location = cJSON_CreateObject();
	xf_set(location, "Bucket", xf_dup(xf_get(pointer, "Bucket")));
	xf_set(location, "Key", xf_dup(xf_get(pointer, "Key")));
	if (xf_get(pointer, "Version"))
		xf_set(location, "Version", xf_dup(xf_get(pointer, "Version")));
	xf_set(props, "DefinitionS3Location", location);
	cJSON_Delete(parsed);
	return XF_OK;
}

int sm_definition(sm_build *b)
{
	cJSON *props = xf_props(b->machine);
	const cJSON *subs = sm_prop(b, "DefinitionSubstitutions");
	if (xf_truthy(subs))
		xf_set(props, "DefinitionSubstitutions", xf_dup(subs));
	bool has_inline = xf_truthy(sm_prop(b, "Definition")), has_uri = xf_truthy(sm_prop(b, "DefinitionUri"));
	if (has_inline && has_uri)
		return xf_fail_resource(b->x, b->id, "Specify either 'Definition' or 'DefinitionUri' property and not both.");
	if (has_inline)
		return inline_definition(b, props);
	if (has_uri)
		return s3_definition(b, props);
	return xf_fail_resource(b->x, b->id, "Either 'Definition' or 'DefinitionUri' property must be specified.");
}
