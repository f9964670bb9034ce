/* cookiecutter.c — the cookiecutter context (cookiecutter.json in order, overrides, defaults
 * rendered against earlier keys, prompts), the template folder and _copy_without_render. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "init/init_int.h"
#include "init/jinja_int.h"
#include "json/members.h"
#include "util/buf.h"
#include "util/error.h"

#define MAX_CONFIG_BYTES (1u << 20)

static int nomem(samc_error **err)
{
	return samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
}

static void position_of(const char *text, const char *at, unsigned *line, unsigned *col)
{
	*line = 1;
	*col = 1;
	for (const char *p = text; at && p < at && *p; p++) {
		if (*p == '\n') {
			++*line;
			*col = 1;
		} else {
			++*col;
		}
	}
}

static int load_config(const char *root, cJSON **out, samc_error **err)
{
	*out = NULL;
	char *path = init_path_join(root, "cookiecutter.json"), *text = NULL;
	if (!path)
		return nomem(err);
	int rc = init_read_file(path, MAX_CONFIG_BYTES, &text, NULL, err);
	const char *end = NULL;
	if (!rc && !(*out = cJSON_ParseWithOpts(text, &end, 1))) {
		unsigned line, col;
		position_of(text, end, &line, &col);
		rc = jinja_error(err, SAMC_EINVALID, path, line, col, "cookiecutter.json is not valid JSON");
	} else if (!rc && !cJSON_IsObject(*out)) {
		rc = jinja_error(err, SAMC_EINVALID, path, 1, 1, "cookiecutter.json must hold an object");
		cJSON_Delete(*out);
		*out = NULL;
	}
	free(path);
	free(text);
	return rc;
}

static bool contains_string(const cJSON *list, const char *s)
{
	for (const cJSON *x = list->child; x; x = x->next)
		if (cJSON_IsString(x) && strcmp(x->valuestring, s) == 0)
			return true;
	return false;
}

static int bad_choice(const cJSON *choices, const cJSON *value, samc_error **err)
{
	char *list = cJSON_PrintUnformatted(choices), *v = cJSON_PrintUnformatted(value);
	int rc = samc_error_set(err, SAMC_EINVALID, NULL, 0, 0,
				"%s given for the choice variable '%s', but the choices are %s",
				v ? v : "?", choices->string ? choices->string : "?", list ? list : "?");
	free(list);
	free(v);
	return rc;
}

/* A choice variable: the given value must be one of the choices and becomes the first. */
static int overwrite_choice(cJSON *choices, const cJSON *value, samc_error **err)
{
	if (!cJSON_IsString(value) || !contains_string(choices, value->valuestring))
		return bad_choice(choices, value, err);
	for (cJSON *x = choices->child; x; x = x->next)
		if (cJSON_IsString(x) && strcmp(x->valuestring, value->valuestring) == 0) {
			cJSON_DetachItemViaPointer(choices, x);
			if (!cJSON_InsertItemInArray(choices, 0, x)) {
				cJSON_Delete(x);
				return nomem(err);
			}
			break;
		}
	return 0;
}

static int parse_yes_no(const char *s, bool *out)
{
	static const char *const yes[] = {"1", "true", "t", "yes", "y", "on"};
	static const char *const no[] = {"0", "false", "f", "no", "n", "off"};
	for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return SAMC_EINVALID;
}

static int replace_item(cJSON *obj, const char *key, const cJSON *value, samc_error **err)
{
	cJSON *copy = cJSON_Duplicate(value, true);
	if (!copy)
		return nomem(err);
	if (cJSON_GetObjectItemCaseSensitive(obj, key))
		cJSON_ReplaceItemInObjectCaseSensitive(obj, key, copy);
	else if (!cJSON_AddItemToObject(obj, key, copy)) {
		cJSON_Delete(copy);
		return nomem(err);
	}
	return 0;
}

/* cookiecutter's apply_overwrites_to_context: unknown top-level keys are ignored, choices
 * reorder, dicts merge, booleans accept yes/no words, anything else is replaced. */
static int apply_overwrites(cJSON *ctx, const cJSON *over, bool in_dict, samc_error **err)
{
	for (const cJSON *o = over->child; o; o = o->next) {
		cJSON *cur = cJSON_GetObjectItemCaseSensitive(ctx, o->string);
		int rc = 0;
		if (!cur) {
			if (in_dict)
				rc = replace_item(ctx, o->string, o, err);
		} else if (cJSON_IsArray(cur) && !in_dict && !cJSON_IsArray(o)) {
			rc = overwrite_choice(cur, o, err);
		} else if (cJSON_IsObject(cur) && cJSON_IsObject(o)) {
			rc = apply_overwrites(cur, o, true, err);
		} else if (cJSON_IsBool(cur) && cJSON_IsString(o)) {
			bool b;
			if (parse_yes_no(o->valuestring, &b))
				return samc_error_set(err, SAMC_EINVALID, NULL, 0, 0,
						      "'%s' given for the yes/no variable '%s'; use "
						      "yes/no, true/false, y/n, on/off or 1/0",
						      o->valuestring, o->string);
			cJSON *v = cJSON_CreateBool(b);
			rc = v ? replace_item(ctx, o->string, v, err) : nomem(err);
			cJSON_Delete(v);
		} else {
			rc = replace_item(ctx, o->string, o, err);
		}
		if (rc)
			return rc;
	}
	return 0;
}

typedef struct cc_state {
	const char *config_path;
	const samc_init_options *opts;
	const cJSON *prompts; /* __prompts__ */
	cJSON *vars;          /* {"cookiecutter": ctx} */
	cJSON *ctx;           /* the context built so far */
	samc_error **err;
} cc_state;

static int render_value(cc_state *s, const char *key, const cJSON *raw, cJSON **out);

static int render_text(cc_state *s, const char *key, const char *text, cJSON **out)
{
	char *name = samc_strfmt("%s (\"%s\")", s->config_path, key), *r = NULL;
	if (!name)
		return nomem(s->err);
	int rc = jinja_render_string(text, name, s->vars, NULL, &r, s->err);
	free(name);
	if (!rc && !(*out = cJSON_CreateString(r)))
		rc = nomem(s->err);
	free(r);
	return rc;
}

static int render_container(cc_state *s, const char *key, const cJSON *raw, cJSON **out)
{
	bool obj = cJSON_IsObject(raw);
	if (!(*out = obj ? cJSON_CreateObject() : cJSON_CreateArray()))
		return nomem(s->err);
	for (const cJSON *x = raw->child; x; x = x->next) {
		cJSON *v = NULL, *k = NULL;
		int rc = render_value(s, key, x, &v);
		if (!rc && obj)
			rc = render_text(s, key, x->string, &k);
		bool ok = !rc && (obj ? cJSON_AddItemToObject(*out, k->valuestring, v)
				      : cJSON_AddItemToArray(*out, v));
		cJSON_Delete(k);
		if (!ok) {
			cJSON_Delete(v);
			cJSON_Delete(*out);
			*out = NULL;
			return rc ? rc : nomem(s->err);
		}
	}
	return 0;
}

/* cookiecutter's render_variable: None and booleans as they are, containers item by item,
 * anything else as text rendered against the context so far. */
static int render_value(cc_state *s, const char *key, const cJSON *raw, cJSON **out)
{
	*out = NULL;
	if (cJSON_IsNull(raw) || cJSON_IsBool(raw)) {
		*out = cJSON_Duplicate(raw, false);
		return *out ? 0 : nomem(s->err);
	}
	if (cJSON_IsObject(raw) || cJSON_IsArray(raw))
		return render_container(s, key, raw, out);
	if (cJSON_IsString(raw))
		return render_text(s, key, raw->valuestring, out);
	samc_buf b = SAMC_BUF_INIT;
	jv_str(&b, raw);
	int rc = samc_buf_cstr(&b) ? render_text(s, key, samc_buf_cstr(&b), out) : nomem(s->err);
	samc_buf_free(&b);
	return rc;
}

static bool asking(const cc_state *s)
{
	return s->opts && s->opts->prompt && !s->opts->no_input;
}

/* __prompts__: a question per variable, or for a choice {"__prompt__": question, ...}. */
static const char *question_for(const cc_state *s, const char *key)
{
	const cJSON *q = cJSON_GetObjectItemCaseSensitive(s->prompts, key);
	if (cJSON_IsObject(q))
		q = cJSON_GetObjectItemCaseSensitive(q, "__prompt__");
	return cJSON_IsString(q) ? q->valuestring : key;
}

static int ask(cc_state *s, const char *key, const char *const *choices, size_t n,
	       const char *dflt, char **answer)
{
	*answer = NULL;
	return s->opts->prompt(s->opts->prompt_data, question_for(s, key), choices, n, dflt, answer);
}

static int choose(cc_state *s, const char *key, const cJSON *raw, cJSON **out)
{
	cJSON *options = NULL;
	int rc = render_container(s, key, raw, &options);
	if (rc)
		return rc;
	if (!options->child) {
		cJSON_Delete(options);
		return samc_error_set(s->err, SAMC_EINVALID, s->config_path, 0, 0,
				      "%s: the choice variable '%s' has no choices", s->config_path, key);
	}
	cJSON *pick = options->child;
	size_t n = (size_t)cJSON_GetArraySize(options);
	const char **labels = asking(s) ? calloc(n, sizeof(*labels)) : NULL;
	if (labels) {
		size_t i = 0;
		for (cJSON *x = options->child; x; x = x->next)
			labels[i++] = cJSON_IsString(x) ? x->valuestring : "?";
		char *answer = NULL;
		rc = ask(s, key, labels, n, labels[0], &answer);
		for (cJSON *x = options->child; !rc && answer && x; x = x->next)
			if (cJSON_IsString(x) && strcmp(x->valuestring, answer) == 0)
				pick = x;
		free(answer);
		free(labels);
	} else if (asking(s)) {
		rc = nomem(s->err);
	}
	*out = rc ? NULL : cJSON_DetachItemViaPointer(options, pick);
	cJSON_Delete(options);
	return rc;
}

static int ask_text(cc_state *s, const char *key, cJSON **val)
{
	if (!asking(s) || !cJSON_IsString(*val))
		return 0;
	char *answer = NULL;
	int rc = ask(s, key, NULL, 0, (*val)->valuestring, &answer);
	if (!rc && answer) {
		cJSON *v = cJSON_CreateString(answer);
		if (!v)
			rc = nomem(s->err);
		else {
			cJSON_Delete(*val);
			*val = v;
		}
	}
	free(answer);
	return rc;
}

static int ask_bool(cc_state *s, const char *key, cJSON **val)
{
	static const char *const yn[] = {"yes", "no"};
	if (!asking(s))
		return 0;
	char *answer = NULL;
	bool b = cJSON_IsTrue(*val);
	int rc = ask(s, key, yn, 2, b ? "yes" : "no", &answer);
	if (!rc && answer && parse_yes_no(answer, &b) == 0) {
		cJSON_Delete(*val);
		if (!(*val = cJSON_CreateBool(b)))
			rc = nomem(s->err);
	}
	free(answer);
	return rc;
}

#define DICT_ATTEMPTS 5

/* A dict variable: the answer is a JSON object replacing the rendered default (cookiecutter's
 * read_user_dict); an empty answer keeps it, anything else is asked again, then refused. */
static int ask_dict(cc_state *s, const char *key, cJSON **val)
{
	if (!asking(s))
		return 0;
	const char *question = question_for(s, key);
	for (int attempt = 0; attempt < DICT_ATTEMPTS; attempt++) {
		char *retry = attempt ? samc_strfmt("Unable to decode to JSON. %s", question) : NULL;
		char *answer = NULL;
		int rc = attempt && !retry ? nomem(s->err)
					   : s->opts->prompt(s->opts->prompt_data, retry ? retry : question,
							     NULL, 0, "default", &answer);
		free(retry);
		cJSON *v = rc || !answer || !*answer ? NULL : cJSON_Parse(answer);
		bool keep = !rc && (!answer || !*answer);
		free(answer);
		if (rc || keep) {
			cJSON_Delete(v);
			return rc;
		}
		if (cJSON_IsObject(v)) {
			cJSON_Delete(*val);
			*val = v;
			return 0;
		}
		cJSON_Delete(v);
	}
	return samc_error_set(s->err, SAMC_EINVALID, s->config_path, 0, 0,
			      "%s: no JSON object given for the dict variable '%s'", s->config_path, key);
}

static int add_to_context(cc_state *s, const char *key, cJSON *v)
{
	if (!v)
		return 0;
	if (!cJSON_AddItemToObject(s->ctx, key, v)) {
		cJSON_Delete(v);
		return nomem(s->err);
	}
	return 0;
}

/* One variable of the first pass (everything but non-private dicts, which come after). */
static int first_pass_item(cc_state *s, const cJSON *raw)
{
	const char *key = raw->string;
	cJSON *v = NULL;
	int rc = 0;
	if (strcmp(key, "__prompts__") == 0)
		return 0;
	if (key[0] == '_' && key[1] != '_')
		rc = (v = cJSON_Duplicate(raw, true)) ? 0 : nomem(s->err);
	else if (key[0] == '_')
		rc = render_value(s, key, raw, &v);
	else if (cJSON_IsArray(raw))
		rc = choose(s, key, raw, &v);
	else if (cJSON_IsBool(raw))
		rc = (v = cJSON_Duplicate(raw, false)) ? ask_bool(s, key, &v) : nomem(s->err);
	else if (!cJSON_IsObject(raw) && !(rc = render_value(s, key, raw, &v)))
		rc = ask_text(s, key, &v);
	if (rc) {
		cJSON_Delete(v);
		return rc;
	}
	return add_to_context(s, key, v);
}

static int build(cc_state *s, const cJSON *config)
{
	for (const cJSON *raw = config->child; raw; raw = raw->next) {
		int rc = first_pass_item(s, raw);
		if (rc)
			return rc;
	}
	for (const cJSON *raw = config->child; raw; raw = raw->next) {
		if (!cJSON_IsObject(raw) || raw->string[0] == '_')
			continue;
		cJSON *v = NULL;
		int rc = render_value(s, raw->string, raw, &v);
		if (!rc)
			rc = ask_dict(s, raw->string, &v);
		if (rc)
			cJSON_Delete(v);
		else
			rc = add_to_context(s, raw->string, v);
		if (rc)
			return rc;
	}
	return 0;
}

int cc_build_context(const char *root, const cJSON *overrides, const samc_init_options *opts,
		     cJSON **ctx, samc_error **err)
{
	*ctx = NULL;
	cJSON *config = NULL;
	int rc = load_config(root, &config, err);
	if (!rc && overrides)
		rc = apply_overwrites(config, overrides, false, err);
	char *path = rc ? NULL : init_path_join(root, "cookiecutter.json");
	cc_state s = {path, opts, cJSON_GetObjectItemCaseSensitive(config, "__prompts__"),
		      cJSON_CreateObject(), cJSON_CreateObject(), err};
	if (!rc && (!path || !s.vars || !s.ctx))
		rc = nomem(err);
	/* vars owns ctx while the defaults render (a cJSON reference would not see new keys) */
	bool in_vars = false;
	if (!rc && !(in_vars = SAMC_JSON_ADD(s.vars, "cookiecutter", s.ctx)))
		rc = nomem(err);
	if (!rc)
		rc = build(&s, config);
	if (!rc)
		*ctx = cJSON_DetachItemFromObjectCaseSensitive(s.vars, "cookiecutter");
	else if (!in_vars)
		cJSON_Delete(s.ctx);
	cJSON_Delete(s.vars);
	cJSON_Delete(config);
	free(path);
	return rc;
}

static bool is_template_name(const char *name)
{
	return strstr(name, "{{") && strstr(name, "}}") && strstr(name, "cookiecutter");
}

int cc_find_template_dir(const char *root, char **name, samc_error **err)
{
	*name = NULL;
	DIR *d = opendir(root);
	if (!d)
		return samc_error_set(err, SAMC_EIO, root, 0, 0, "cannot read the folder %s", root);
	for (struct dirent *e; (e = readdir(d));) {
		if (!is_template_name(e->d_name))
			continue;
		char *path = init_path_join(root, e->d_name);
		bool dir = path && init_is_dir(path);
		free(path);
		/* several candidates: take the first in byte order, so the choice is stable */
		if (dir && (!*name || strcmp(e->d_name, *name) < 0)) {
			free(*name);
			*name = samc_strdup(e->d_name);
		}
	}
	closedir(d);
	if (!*name)
		return samc_error_set(err, SAMC_EINVALID, root, 0, 0,
				      "%s has cookiecutter.json but no template folder (a folder "
				      "named like '{{cookiecutter.project_name}}')",
				      root);
	return 0;
}

bool cc_copy_without_render(const cJSON *ctx, const char *relpath)
{
	const cJSON *patterns = cJSON_GetObjectItemCaseSensitive(ctx, "_copy_without_render");
	if (!cJSON_IsArray(patterns))
		return false;
	for (const cJSON *p = patterns->child; p; p = p->next)
		if (cJSON_IsString(p) && fnmatch(p->valuestring, relpath, 0) == 0)
			return true;
	return false;
}
