/* params.c — the option values of deploy in SAM CLI's forms: --parameter-overrides
 * (K=V, ParameterKey=K,ParameterValue=V, quoting), --tags and --capabilities; key/value lists. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/deploy_int.h"
#include "transform/parameters.h"
#include "util/buf.h"
#include "util/error.h"

struct samc_kv_list {
	char **keys;
	char **values;
	size_t n, cap;
};

int samc_kv_list_new(samc_kv_list **out)
{
	if (!out)
		return SAMC_EUSAGE;
	*out = calloc(1, sizeof(**out));
	return *out ? SAMC_OK : SAMC_ENOMEM;
}

void samc_kv_list_free(samc_kv_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->n; i++) {
		free(list->keys[i]);
		free(list->values[i]);
	}
	free(list->keys);
	free(list->values);
	free(list);
}

static int kv_index(const samc_kv_list *list, const char *key)
{
	for (size_t i = 0; list && i < list->n; i++)
		if (strcmp(list->keys[i], key) == 0)
			return (int)i;
	return -1;
}

static int kv_grow(samc_kv_list *list)
{
	if (list->n < list->cap)
		return SAMC_OK;
	size_t cap = list->cap ? list->cap * 2 : 8;
	char **k = realloc(list->keys, cap * sizeof(*k));
	if (!k)
		return SAMC_ENOMEM;
	list->keys = k;
	char **v = realloc(list->values, cap * sizeof(*v));
	if (!v)
		return SAMC_ENOMEM;
	list->values = v;
	list->cap = cap;
	return SAMC_OK;
}

int samc_kv_list_set(samc_kv_list *list, const char *key, const char *value)
{
	if (!list || !key)
		return SAMC_EUSAGE;
	char *v = value ? samc_strdup(value) : NULL;
	if (value && !v)
		return SAMC_ENOMEM;
	int at = kv_index(list, key);
	if (at >= 0) {
		free(list->values[at]);
		list->values[at] = v;
		return SAMC_OK;
	}
	char *k = samc_strdup(key);
	if (!k || kv_grow(list) != SAMC_OK) {
		free(k);
		free(v);
		return SAMC_ENOMEM;
	}
	list->keys[list->n] = k;
	list->values[list->n++] = v;
	return SAMC_OK;
}

size_t samc_kv_count(const samc_kv_list *list)
{
	return list ? list->n : 0;
}

const char *samc_kv_key(const samc_kv_list *list, size_t i)
{
	return list && i < list->n ? list->keys[i] : NULL;
}

const char *samc_kv_value(const samc_kv_list *list, size_t i)
{
	return list && i < list->n ? list->values[i] : NULL;
}

const char *samc_kv_find(const samc_kv_list *list, const char *key)
{
	int at = key ? kv_index(list, key) : -1;
	return at >= 0 ? list->values[at] : NULL;
}

/* ---- option values, read with the transform's SAM CLI tokenizer ---- */

static int valid_parameter_key(const char *k)
{
	if (!*k)
		return 0;
	for (; *k; k++)
		if (!isalnum((unsigned char)*k))
			return 0;
	return 1;
}

/* The pairs of text in order (a repeated key keeps its last value). */
static int parse_pairs(const char *text, const char *what, int parameter_keys,
		       samc_kv_list **out, samc_error **err)
{
	if (!text || !out)
		return SAMC_EUSAGE;
	*out = NULL;
	cJSON *obj = cJSON_CreateObject();
	samc_error *inner = NULL;
	int rc = obj ? samc_parse_parameter_overrides(text, obj, &inner) : SAMC_ENOMEM;
	if (rc && rc != SAMC_ENOMEM)
		rc = samc_error_set(err, SAMC_EINVALID, NULL, 0, 0, "%s: %s (each item is KEY=VALUE%s; "
				    "quote values with blanks: KEY=\"a b\")", what,
				    inner ? samc_error_message(inner) : "invalid value",
				    parameter_keys ? " or ParameterKey=KEY,ParameterValue=VALUE" : "");
	samc_error_free(inner);
	if (rc == SAMC_OK)
		rc = samc_kv_list_new(out);
	for (const cJSON *m = obj ? obj->child : NULL; rc == SAMC_OK && m; m = m->next) {
		if (parameter_keys && !valid_parameter_key(m->string))
			rc = samc_error_set(err, SAMC_EINVALID, NULL, 0, 0,
					    "%s: '%s' is not a parameter name (letters and digits only)",
					    what, m->string);
		else
			rc = samc_kv_list_set(*out, m->string, m->valuestring);
	}
	cJSON_Delete(obj);
	if (rc) {
		samc_kv_list_free(*out);
		*out = NULL;
	}
	return rc;
}

int samc_deploy_parse_parameters(const char *text, samc_kv_list **out, samc_error **err)
{
	return parse_pairs(text, "--parameter-overrides", 1, out, err);
}

int samc_deploy_parse_tags(const char *text, samc_kv_list **out, samc_error **err)
{
	return parse_pairs(text, "--tags", 0, out, err);
}

static const char *const CAPABILITIES[] = {"CAPABILITY_IAM", "CAPABILITY_NAMED_IAM",
					   "CAPABILITY_RESOURCE_POLICY", "CAPABILITY_AUTO_EXPAND"};

static bool known_capability(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(CAPABILITIES) / sizeof(*CAPABILITIES); i++)
		if (strlen(CAPABILITIES[i]) == n && strncmp(CAPABILITIES[i], s, n) == 0)
			return true;
	return false;
}

/* Blank- or comma-separated words of text, each accepted by ok(), as the keys of a new list. */
static int parse_words(const char *text, bool (*ok)(const char *, size_t),
		       int (*refuse)(const char *, size_t, unsigned, samc_error **), samc_kv_list **out,
		       samc_error **err)
{
	if (!text || !out)
		return SAMC_EUSAGE;
	int rc = samc_kv_list_new(out);
	const char *p = text;
	while (rc == SAMC_OK && *p) {
		p += strspn(p, " \t\r\n,");
		size_t n = strcspn(p, " \t\r\n,");
		if (!n)
			break;
		if (!ok(p, n)) {
			rc = refuse(p, n, (unsigned)(p - text) + 1, err);
			break;
		}
		char *word = strndup(p, n);
		rc = word ? samc_kv_list_set(*out, word, NULL) : SAMC_ENOMEM;
		free(word);
		p += n;
	}
	if (rc) {
		samc_kv_list_free(*out);
		*out = NULL;
	}
	return rc;
}

static int refuse_capability(const char *p, size_t n, unsigned column, samc_error **err)
{
	return samc_error_set(err, SAMC_EINVALID, NULL, 1, column,
			      "--capabilities: unknown capability '%.*s' (allowed: CAPABILITY_IAM, "
			      "CAPABILITY_NAMED_IAM, CAPABILITY_RESOURCE_POLICY, CAPABILITY_AUTO_EXPAND)",
			      (int)n, p);
}

int samc_deploy_parse_capabilities(const char *text, samc_kv_list **out, samc_error **err)
{
	return parse_words(text, known_capability, refuse_capability, out, err);
}

static bool is_sns_arn(const char *p, size_t n)
{
	static const char prefix[] = "arn:";
	if (n <= sizeof(prefix) - 1 || strncmp(p, prefix, sizeof(prefix) - 1) != 0)
		return false;
	const char *service = memchr(p + 4, ':', n - 4); /* arn:PARTITION:sns:... */
	return service && (size_t)(service - p) + 5 <= n && strncmp(service, ":sns:", 5) == 0;
}

static int refuse_arn(const char *p, size_t n, unsigned column, samc_error **err)
{
	return samc_error_set(err, SAMC_EINVALID, NULL, 1, column,
			      "--notification-arns: '%.*s' is not an SNS topic ARN "
			      "(arn:PARTITION:sns:REGION:ACCOUNT:TOPIC)",
			      (int)n, p);
}

int samc_deploy_parse_notification_arns(const char *text, samc_kv_list **out, samc_error **err)
{
	return parse_words(text, is_sns_arn, refuse_arn, out, err);
}
