/* samconfig.c — SAM CLI's samconfig files: a TOML subset and the YAML form read into one tree
 * ({version, ENV: {COMMAND: {parameters: {...}}}}), looked up with global merge, written back. */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deploy/deploy_int.h"
#include "doc/doc.h"
#include "json/members.h"
#include "samc/deploy.h"
#include "util/buf.h"
#include "util/error.h"

struct samc_samconfig {
	cJSON *root;
};

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int is_yaml_path(const char *path)
{
	return ends_with(path, ".yaml") || ends_with(path, ".yml");
}

int samc_samconfig_new(samc_samconfig **out)
{
	if (!out)
		return SAMC_EUSAGE;
	*out = calloc(1, sizeof(**out));
	if (!*out || !((*out)->root = cJSON_CreateObject())) {
		free(*out);
		*out = NULL;
		return SAMC_ENOMEM;
	}
	cJSON *v = samc_number_new("0.1", 0.1);
	if (!v || !SAMC_JSON_ADD((*out)->root, "version", v)) {
		cJSON_Delete(v);
		samc_samconfig_free(*out);
		*out = NULL;
		return SAMC_ENOMEM;
	}
	return SAMC_OK;
}

void samc_samconfig_free(samc_samconfig *cfg)
{
	if (!cfg)
		return;
	cJSON_Delete(cfg->root);
	free(cfg);
}

/* The file has content: `version` must be there and be a number; the other top-level keys
 * are environments holding command tables. */
static int check_shape(const cJSON *root, const char *path, samc_error **err)
{
	if (!cJSON_IsObject(root))
		return samc_error_set(err, SAMC_EINVALID, path, 1, 1,
				      "%s: a samconfig file is a mapping of `version` and environments",
				      path);
	if (!root->child)
		return SAMC_OK;
	const cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "version");
	if (!cJSON_IsNumber(version)) {
		samc_pos p = {1, 1};
		if (version)
			samc_node_pos(version, &p);
		return samc_error_set(err, SAMC_EINVALID, path, p.line, p.column,
				      "%s:%u:%u: 'version' key is not present or is not a number "
				      "(write `version = 0.1`)", path, p.line, p.column);
	}
	for (const cJSON *env = root->child; env; env = env->next) {
		if (env == version)
			continue;
		samc_pos p = {0, 0};
		samc_node_pos(env, &p);
		if (!cJSON_IsObject(env))
			return samc_error_set(err, SAMC_EINVALID, path, p.line, p.column,
					      "%s:%u:%u: environment '%s' must be a table of commands",
					      path, p.line, p.column, env->string);
		for (const cJSON *cmd = env->child; cmd; cmd = cmd->next)
			if (!cJSON_IsObject(cmd) ||
			    !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(cmd, "parameters"))) {
				samc_node_pos(cmd, &p);
				return samc_error_set(err, SAMC_EINVALID, path, p.line, p.column,
						      "%s:%u:%u: '%s.%s' must hold a 'parameters' table",
						      path, p.line, p.column, env->string, cmd->string);
			}
	}
	return SAMC_OK;
}

static int read_file(const char *path, char **data, size_t *len, samc_error **err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return samc_error_set(err, SAMC_EIO, path, 0, 0, "cannot read %s: %s", path,
				      strerror(errno));
	samc_buf b = SAMC_BUF_INIT;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		samc_buf_put(&b, chunk, n);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		samc_buf_free(&b);
		return samc_error_set(err, SAMC_EIO, path, 0, 0, "cannot read %s", path);
	}
	*len = b.len;
	*data = samc_buf_detach(&b);
	return *data ? SAMC_OK : SAMC_ENOMEM;
}

static int load_yaml(const char *path, const char *data, size_t len, cJSON **root,
		     samc_error **err)
{
	samc_document *doc = NULL;
	int rc = samc_document_load_buffer(&doc, data, len, path, NULL, err);
	if (rc)
		return rc;
	*root = doc->root;
	doc->root = NULL;
	samc_document_free(doc);
	if (cJSON_IsNull(*root)) { /* an empty file */
		cJSON_Delete(*root);
		*root = cJSON_CreateObject();
	}
	return *root ? SAMC_OK : SAMC_ENOMEM;
}

int samc_samconfig_load(samc_samconfig **out, const char *path, samc_error **err)
{
	if (!out || !path)
		return SAMC_EUSAGE;
	*out = NULL;
	char *data = NULL;
	size_t len = 0;
	int rc = read_file(path, &data, &len, err);
	if (rc)
		return rc;
	cJSON *root = NULL;
	rc = is_yaml_path(path) ? load_yaml(path, data, len, &root, err)
				: samc_toml_parse(data, len, path, &root, err);
	free(data);
	if (rc == SAMC_OK)
		rc = check_shape(root, path, err);
	if (rc == SAMC_OK && !(*out = calloc(1, sizeof(**out))))
		rc = SAMC_ENOMEM;
	if (rc) {
		cJSON_Delete(root);
		return rc;
	}
	(*out)->root = root;
	return SAMC_OK;
}

static const cJSON *param_table(const cJSON *root, const char *env, const char *command)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(root, env);
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(e, command);
	return cJSON_GetObjectItemCaseSensitive(c, "parameters");
}

static void append_scalar(samc_buf *b, const cJSON *v)
{
	char num[32];
	if (cJSON_IsString(v))
		samc_buf_puts(b, v->valuestring);
	else if (cJSON_IsBool(v))
		samc_buf_puts(b, cJSON_IsTrue(v) ? "true" : "false");
	else if (cJSON_IsNumber(v))
		samc_buf_puts(b, samc_number_text(v, num));
}

static char *value_text(const cJSON *v)
{
	samc_buf b = SAMC_BUF_INIT;
	if (cJSON_IsArray(v)) {
		for (const cJSON *item = v->child; item; item = item->next) {
			if (item != v->child)
				samc_buf_putc(&b, ' ');
			append_scalar(&b, item);
		}
	} else {
		append_scalar(&b, v);
	}
	const char *s = samc_buf_cstr(&b);
	char *copy = s ? samc_strdup(s) : NULL;
	samc_buf_free(&b);
	return copy;
}

int samc_samconfig_get(const samc_samconfig *cfg, const char *env, const char *command,
		       const char *key, char **value)
{
	if (!cfg || !env || !command || !key || !value)
		return SAMC_EUSAGE;
	*value = NULL;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(param_table(cfg->root, env, command), key);
	if (!v)
		v = cJSON_GetObjectItemCaseSensitive(param_table(cfg->root, env, "global"), key);
	if (!v || cJSON_IsNull(v))
		return SAMC_OK;
	*value = value_text(v);
	return *value ? SAMC_OK : SAMC_ENOMEM;
}

static cJSON *child_object(cJSON *parent, const char *name)
{
	cJSON *c = cJSON_GetObjectItemCaseSensitive(parent, name);
	if (cJSON_IsObject(c))
		return c;
	if (c)
		cJSON_DeleteItemFromObjectCaseSensitive(parent, name);
	return cJSON_AddObjectToObject(parent, name);
}

/* A file that was empty has no version; SAM CLI writes one with the first setting, and a
 * file saved without it would not load again. */
static int ensure_version(cJSON *root)
{
	if (cJSON_GetObjectItemCaseSensitive(root, "version"))
		return SAMC_OK;
	cJSON *v = samc_number_new("0.1", 0.1);
	if (!v || !SAMC_JSON_ADD(root, "version", v)) {
		cJSON_Delete(v);
		return SAMC_ENOMEM;
	}
	return cJSON_InsertItemInArray(root, 0, cJSON_DetachItemViaPointer(root, v)) ? SAMC_OK
										 : SAMC_ENOMEM;
}

static int set_item(samc_samconfig *cfg, const char *env, const char *command, const char *key,
		    cJSON *item)
{
	if (ensure_version(cfg->root) != SAMC_OK) {
		cJSON_Delete(item);
		return SAMC_ENOMEM;
	}
	cJSON *t = child_object(child_object(child_object(cfg->root, env), command), "parameters");
	if (!item || !t) {
		cJSON_Delete(item);
		return SAMC_ENOMEM;
	}
	if (cJSON_GetObjectItemCaseSensitive(t, key))
		return cJSON_ReplaceItemInObjectCaseSensitive(t, key, item) ? SAMC_OK : SAMC_ENOMEM;
	return cJSON_AddItemToObject(t, key, item) ? SAMC_OK : SAMC_ENOMEM;
}

int samc_samconfig_set(samc_samconfig *cfg, const char *env, const char *command,
		       const char *key, const char *value)
{
	if (!cfg || !env || !command || !key || !value)
		return SAMC_EUSAGE;
	return set_item(cfg, env, command, key, cJSON_CreateString(value));
}

int samc_samconfig_set_bool(samc_samconfig *cfg, const char *env, const char *command,
			    const char *key, int value)
{
	if (!cfg || !env || !command || !key)
		return SAMC_EUSAGE;
	return set_item(cfg, env, command, key, cJSON_CreateBool(value));
}

static int render_yaml(const cJSON *root, char **text, size_t *len, samc_error **err)
{
	samc_document doc = {0};
	doc.root = (cJSON *)root;
	return samc_document_render(&doc, SAMC_FORMAT_YAML, text, len, err);
}

int samc_samconfig_save(const samc_samconfig *cfg, const char *path, samc_error **err)
{
	if (!cfg || !path)
		return SAMC_EUSAGE;
	char *text = NULL;
	size_t len = 0;
	int rc = is_yaml_path(path) ? render_yaml(cfg->root, &text, &len, err)
				    : samc_toml_render(cfg->root, &text, &len);
	if (rc == SAMC_OK)
		rc = samc_write_file(path, text, len, err);
	free(text);
	return rc;
}
