/* policy_templates.c — loads the embedded policy templates and expands one template use.
 * Owns the rules of samtranslator/policy_template_processor (processor.py, template.py, exceptions.py). */
#include "transform/policy_templates.h"

#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "samc/samc.h"
#include "util/buf.h"

/* The reference renames template parameter Refs with this prefix before resolving them. */
#define DISAMBIGUATE_PREFIX "___SAM_POLICY_PARAMETER_"
/* Values CloudFormation passes for not-yet-existing nested stack outputs; the reference never inlines them. */
#define CFN_PLACEHOLDER_PREFIX "{{IntrinsicFunction:"

struct template_entry {
	const char *name;
	const cJSON *parameters; /* object: parameter name -> description; NULL when absent */
	const cJSON *definition; /* {"Statement": [...]}; NULL when absent */
};

struct samc_policy_templates {
	cJSON *root;
	struct template_entry *entries; /* sorted by name */
	size_t count;
};

static int compare_entries(const void *a, const void *b)
{
	return strcmp(((const struct template_entry *)a)->name, ((const struct template_entry *)b)->name);
}

static const struct template_entry *find_template(const samc_policy_templates *templates, const char *name)
{
	if (!templates || !name || templates->count == 0)
		return NULL;
	struct template_entry key = {name, NULL, NULL};
	return bsearch(&key, templates->entries, templates->count, sizeof key, compare_entries);
}

static int index_templates(samc_policy_templates *templates, const cJSON *all)
{
	size_t n = (size_t)cJSON_GetArraySize(all);
	templates->entries = calloc(n ? n : 1, sizeof *templates->entries);
	if (!templates->entries)
		return SAMC_ENOMEM;
	const cJSON *t;
	cJSON_ArrayForEach(t, all) {
		if (!cJSON_IsObject(t) || !t->string)
			return SAMC_EINTERNAL;
		struct template_entry *e = &templates->entries[templates->count++];
		e->name = t->string;
		e->parameters = cJSON_GetObjectItemCaseSensitive(t, "Parameters");
		e->definition = cJSON_GetObjectItemCaseSensitive(t, "Definition");
	}
	qsort(templates->entries, templates->count, sizeof *templates->entries, compare_entries);
	return 0;
}

static int parse_templates(samc_policy_templates *templates)
{
	size_t len = 0;
	const char *data = samc_embedded_find("policy_templates.json", &len);
	if (!data)
		return SAMC_EINTERNAL;
	templates->root = cJSON_ParseWithLength(data, len);
	if (!templates->root)
		return SAMC_EINTERNAL;
	const cJSON *all = cJSON_GetObjectItemCaseSensitive(templates->root, "Templates");
	if (!cJSON_IsObject(all))
		return SAMC_EINTERNAL;
	return index_templates(templates, all);
}

int samc_policy_templates_load(samc_policy_templates **out)
{
	*out = NULL;
	samc_policy_templates *templates = calloc(1, sizeof *templates);
	if (!templates)
		return SAMC_ENOMEM;
	int rc = parse_templates(templates);
	if (rc != 0) {
		samc_policy_templates_free(templates);
		return rc;
	}
	*out = templates;
	return 0;
}

void samc_policy_templates_free(samc_policy_templates *templates)
{
	if (!templates)
		return;
	free(templates->entries);
	cJSON_Delete(templates->root);
	free(templates);
}

bool samc_policy_templates_has(const samc_policy_templates *templates, const char *name)
{
	return find_template(templates, name) != NULL;
}

/* ---- errors ---- */

/* Stores a malloc'd message in *out_error; returns SAMC_EINVALID, or SAMC_ENOMEM if the message can't be built. */
static int fail_with(char **out_error, char *message)
{
	if (!message)
		return SAMC_ENOMEM;
	*out_error = message;
	return SAMC_EINVALID;
}

static bool is_template_parameter(const struct template_entry *t, const char *name)
{
	return t->parameters && cJSON_GetObjectItemCaseSensitive(t->parameters, name) != NULL;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Python's repr() of a list of str. Parameter names are plain identifiers, so '...' quoting suffices. */
static char *python_list_repr(const char **names, size_t n)
{
	samc_buf b = SAMC_BUF_INIT;
	samc_buf_putc(&b, '[');
	for (size_t i = 0; i < n; i++)
		samc_buf_printf(&b, "%s'%s'", i ? ", " : "", names[i]);
	samc_buf_putc(&b, ']');
	return samc_buf_detach(&b);
}

/* The reference lists missing names from a set difference, so with several its order varies between runs
 * (string hashing is randomised); we list them sorted. With one missing name (the common case) they agree. */
static char *missing_parameters_repr(const struct template_entry *t, const cJSON *params, size_t *nmissing)
{
	*nmissing = 0;
	size_t n = (size_t)cJSON_GetArraySize(t->parameters);
	const char **missing = calloc(n ? n : 1, sizeof *missing);
	if (!missing)
		return NULL;
	const cJSON *p;
	cJSON_ArrayForEach(p, t->parameters) {
		if (!cJSON_GetObjectItemCaseSensitive(params, p->string))
			missing[(*nmissing)++] = p->string;
	}
	qsort(missing, *nmissing, sizeof *missing, compare_strings);
	char *repr = python_list_repr(missing, *nmissing);
	free(missing);
	return repr;
}

/* Returns 0 when every template parameter has a value, else fails with the reference's message. */
static int check_parameters_present(const struct template_entry *t, const cJSON *params, char **out_error)
{
	size_t nmissing = 0;
	char *repr = missing_parameters_repr(t, params, &nmissing);
	if (!repr)
		return SAMC_ENOMEM;
	int rc = 0;
	if (nmissing > 0)
		rc = fail_with(out_error, samc_strfmt("Following required parameters of template '%s' don't have values: %s",
						       t->name, repr));
	free(repr);
	return rc;
}

/* ---- expansion ---- */

static cJSON *expand_node(const cJSON *node, const struct template_entry *t, const cJSON *params);

/* {"Ref": "<template parameter>"}: a single-key object whose Ref names one of the template's parameters. */
static const char *template_parameter_ref(const cJSON *node, const struct template_entry *t)
{
	const cJSON *only = node->child;
	if (!only || only->next || !only->string || strcmp(only->string, "Ref") != 0)
		return NULL;
	if (!cJSON_IsString(only) || !is_template_parameter(t, only->valuestring))
		return NULL;
	return only->valuestring;
}

static bool is_cfn_placeholder(const cJSON *value)
{
	return cJSON_IsString(value) &&
	       strncmp(value->valuestring, CFN_PLACEHOLDER_PREFIX, strlen(CFN_PLACEHOLDER_PREFIX)) == 0;
}

/* The reference leaves a placeholder value unresolved, so its renamed Ref shows through. */
static cJSON *renamed_parameter_ref(const char *parameter)
{
	char *renamed = samc_strfmt("%s%s", DISAMBIGUATE_PREFIX, parameter);
	if (!renamed)
		return NULL;
	cJSON *ref = cJSON_CreateObject();
	if (ref && !SAMC_JSON_ADD_STRING(ref, "Ref", renamed)) {
		cJSON_Delete(ref);
		ref = NULL;
	}
	free(renamed);
	return ref;
}

/* The caller's value is copied as is and not walked again: a Ref inside it is the user's, not ours. */
static cJSON *substitute_parameter(const char *parameter, const cJSON *params)
{
	const cJSON *value = cJSON_GetObjectItemCaseSensitive(params, parameter);
	if (is_cfn_placeholder(value))
		return renamed_parameter_ref(parameter);
	return cJSON_Duplicate(value, true);
}

static cJSON *expand_object(const cJSON *node, const struct template_entry *t, const cJSON *params)
{
	cJSON *copy = cJSON_CreateObject();
	const cJSON *child;
	cJSON_ArrayForEach(child, node) {
		if (!copy)
			return NULL;
		cJSON *item = expand_node(child, t, params);
		if (!item || !samc_json_add_key(copy, child->string, item)) {
			cJSON_Delete(item);
			cJSON_Delete(copy);
			return NULL;
		}
	}
	return copy;
}

static cJSON *expand_array(const cJSON *node, const struct template_entry *t, const cJSON *params)
{
	cJSON *copy = cJSON_CreateArray();
	const cJSON *child;
	cJSON_ArrayForEach(child, node) {
		if (!copy)
			return NULL;
		cJSON *item = expand_node(child, t, params);
		if (!item || !cJSON_AddItemToArray(copy, item)) {
			cJSON_Delete(item);
			cJSON_Delete(copy);
			return NULL;
		}
	}
	return copy;
}

static cJSON *expand_node(const cJSON *node, const struct template_entry *t, const cJSON *params)
{
	if (cJSON_IsObject(node)) {
		const char *parameter = template_parameter_ref(node, t);
		if (parameter)
			return substitute_parameter(parameter, params);
		return expand_object(node, t, params);
	}
	if (cJSON_IsArray(node))
		return expand_array(node, t, params);
	return cJSON_Duplicate(node, false);
}

static cJSON *expand_definition(const struct template_entry *t, const cJSON *params)
{
	if (!t->definition)
		return cJSON_CreateObject();
	return expand_node(t->definition, t, params);
}

int samc_policy_template_expand(const samc_policy_templates *templates, const char *name, const cJSON *params,
				cJSON **out_policy_document, char **out_error)
{
	*out_policy_document = NULL;
	*out_error = NULL;
	const struct template_entry *t = find_template(templates, name);
	if (!t)
		return fail_with(out_error, samc_strfmt("Template with name '%s' is not found", name ? name : "None"));
	if (!cJSON_IsObject(params))
		return fail_with(out_error,
				 samc_strfmt("Must specify valid parameter values for policy template '%s'", name));
	int rc = check_parameters_present(t, params, out_error);
	if (rc != 0)
		return rc;
	*out_policy_document = expand_definition(t, params);
	return *out_policy_document ? 0 : SAMC_ENOMEM;
}
