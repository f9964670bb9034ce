/* config.c — samc_aws_config: reads the environment and the shared config/credentials
 * files, runs the region, credential and endpoint resolution, and answers the accessors. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "aws/aws_int.h"
#include "util/buf.h"
#include "util/error.h"

#define AWS_FILE_MAX ((size_t)16 << 20)

const char *samc_aws_env(const samc_aws_sources *src, const char *name)
{
	const samc_aws_options *o = src->opts;
	const char *v = o && o->getenv ? o->getenv(o->getenv_ctx, name) : getenv(name);
	return v && *v ? v : NULL;
}

const char *samc_aws_profile_get(const samc_aws_sources *src, const char *key)
{
	return src->config_section ? samc_aws_ini_get(src->config, src->config_section, key)
				   : NULL;
}

int samc_aws_read_file(const char *path, size_t max, char **text, size_t *len, samc_error **err)
{
	*text = NULL;
	*len = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return errno == ENOENT || errno == ENOTDIR
			       ? 0
			       : samc_error_set(err, SAMC_EIO, path, 0, 0, "%s: %s", path,
						strerror(errno));
	samc_buf b = SAMC_BUF_INIT;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && b.len <= max)
		samc_buf_put(&b, chunk, n);
	bool failed = ferror(f);
	fclose(f);
	samc_buf_put(&b, "", 0);
	if (failed || b.len > max || b.oom) {
		samc_buf_free(&b);
		if (failed)
			return samc_error_set(err, SAMC_EIO, path, 0, 0, "%s: could not be read", path);
		return samc_error_set(err, SAMC_ELIMIT, path, 0, 0, "%s: larger than %zu %s", path,
				      max >= (1u << 20) ? max >> 20 : max >> 10,
				      max >= (1u << 20) ? "MiB" : "KiB");
	}
	*len = b.len;
	*text = samc_buf_detach(&b);
	return 0;
}

static char *file_path(const samc_aws_sources *src, const char *env, const char *name)
{
	const char *set = samc_aws_env(src, env);
	if (set)
		return samc_strdup(set);
	const char *home = src->opts && src->opts->home ? src->opts->home : samc_aws_env(src, "HOME");
	return samc_strfmt("%s/.aws/%s", home ? home : ".", name);
}

static int load_ini(const char *path, samc_aws_ini **out, samc_error **err)
{
	char *text;
	size_t len;
	int rc = samc_aws_read_file(path, AWS_FILE_MAX, &text, &len, err);
	if (rc == 0 && text)
		rc = samc_aws_ini_parse(text, len, path, out, err);
	free(text);
	return rc;
}

static const char *profile_name(const samc_aws_sources *src)
{
	if (src->opts && src->opts->profile && *src->opts->profile)
		return src->opts->profile;
	const char *p = samc_aws_env(src, "AWS_PROFILE");
	if (!p)
		p = samc_aws_env(src, "AWS_DEFAULT_PROFILE");
	return p ? p : "default";
}

/* The config file's section for the profile: "profile NAME", or "default". */
static int pick_config_section(samc_aws_sources *src, const char *profile, char **owned)
{
	*owned = samc_strfmt("profile %s", profile);
	if (!*owned)
		return SAMC_ENOMEM;
	if (samc_aws_ini_has_section(src->config, *owned))
		src->config_section = *owned;
	else if (strcmp(profile, "default") == 0 && samc_aws_ini_has_section(src->config, "default"))
		src->config_section = "default";
	return 0;
}

static int check_profile_exists(const samc_aws_sources *src, const char *profile,
				samc_error **err)
{
	bool explicit_profile = strcmp(profile, "default") != 0;
	if (!explicit_profile || src->config_section ||
	    samc_aws_ini_has_section(src->credentials, profile))
		return 0;
	return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
			      "The config profile (%s) could not be found (looked in %s and %s)",
			      profile, src->config_path, src->credentials_path);
}

static int resolve_all(samc_aws_sources *src, samc_aws_config *cfg, samc_error **err)
{
	int rc = load_ini(src->config_path, &src->config, err);
	if (rc == 0)
		rc = load_ini(src->credentials_path, &src->credentials, err);
	char *section = NULL;
	if (rc == 0)
		rc = pick_config_section(src, cfg->profile, &section);
	if (rc == 0)
		rc = check_profile_exists(src, cfg->profile, err);
	if (rc == 0)
		rc = samc_aws_resolve_region(src, cfg, err);
	if (rc == 0) /* before the credentials: web identity calls STS */
		rc = samc_aws_resolve_endpoints(src, cfg, err);
	const char *ca = rc ? NULL : samc_aws_env(src, "AWS_CA_BUNDLE");
	if (!ca && rc == 0)
		ca = samc_aws_profile_get(src, "ca_bundle");
	if (ca && !(cfg->ca_bundle = samc_strdup(ca)))
		rc = SAMC_ENOMEM;
	if (rc == 0)
		rc = samc_aws_resolve_credentials(src, cfg, err);
	src->config_section = NULL;
	free(section);
	return rc;
}

int samc_aws_config_resolve(const samc_aws_options *opts, samc_aws_config **out,
			    samc_error **err)
{
	*out = NULL;
	samc_aws_config *cfg = calloc(1, sizeof(*cfg));
	samc_aws_sources src = {.opts = opts};
	int rc = cfg ? 0 : SAMC_ENOMEM;
	if (rc == 0) {
		cfg->profile = samc_strdup(profile_name(&src));
		src.config_path = file_path(&src, "AWS_CONFIG_FILE", "config");
		src.credentials_path =
			file_path(&src, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
		if (!cfg->profile || !src.config_path || !src.credentials_path)
			rc = SAMC_ENOMEM;
	}
	if (rc == 0)
		rc = resolve_all(&src, cfg, err);
	samc_aws_ini_free(src.config);
	samc_aws_ini_free(src.credentials);
	free(src.config_path);
	free(src.credentials_path);
	if (rc) {
		samc_aws_config_free(cfg);
		return rc == SAMC_ENOMEM ? samc_error_set(err, rc, NULL, 0, 0, "out of memory") : rc;
	}
	*out = cfg;
	return 0;
}

static void free_secret(char *s)
{
	if (s) {
		OPENSSL_cleanse(s, strlen(s));
		free(s);
	}
}

void samc_aws_clear_credentials(samc_aws_config *cfg)
{
	free(cfg->access_key_id);
	free_secret(cfg->secret_access_key);
	free_secret(cfg->session_token);
	cfg->access_key_id = cfg->secret_access_key = cfg->session_token = NULL;
}

void samc_aws_config_free(samc_aws_config *cfg)
{
	if (!cfg)
		return;
	free(cfg->profile);
	free(cfg->region);
	samc_aws_clear_credentials(cfg);
	free(cfg->ca_bundle);
	free(cfg->endpoint_all);
	free(cfg->endpoint_global);
	for (size_t i = 0; i < SAMC_AWS_NSERVICES; i++)
		free(cfg->endpoint_service[i]);
	free(cfg);
}

const char *samc_aws_config_region(const samc_aws_config *cfg)
{
	return cfg->region;
}

const char *samc_aws_config_profile(const samc_aws_config *cfg)
{
	return cfg->profile;
}

const char *samc_aws_config_credential_source(const samc_aws_config *cfg)
{
	return cfg->credential_source;
}

const char *samc_aws_config_access_key_id(const samc_aws_config *cfg)
{
	return cfg->access_key_id;
}

const char *samc_aws_config_secret_access_key(const samc_aws_config *cfg)
{
	return cfg->secret_access_key;
}

const char *samc_aws_config_session_token(const samc_aws_config *cfg)
{
	return cfg->session_token;
}
