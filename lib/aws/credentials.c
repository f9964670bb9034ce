/* credentials.c — the credential chain: environment, web identity, the shared credentials
 * file, credential_process, the config file's keys, the container endpoint, instance
 * metadata, roles assumed from a source profile or a credential_source; unsupported kinds
 * (MFA, SSO) named clearly. */
#include <stdlib.h>
#include <string.h>

#include "aws/aws_int.h"
#include "util/buf.h"
#include "util/error.h"

int samc_aws_set_credentials(samc_aws_config *cfg, const char *akid, const char *secret,
			     const char *token, const char *source)
{
	cfg->access_key_id = samc_strdup(akid);
	cfg->secret_access_key = samc_strdup(secret);
	cfg->session_token = token && *token ? samc_strdup(token) : NULL;
	cfg->credential_source = source;
	if (!cfg->access_key_id || !cfg->secret_access_key || (token && *token && !cfg->session_token))
		return SAMC_ENOMEM;
	return 0;
}

int samc_aws_env_credentials(const samc_aws_sources *src, samc_aws_config *cfg, samc_error **err)
{
	const char *akid = samc_aws_env(src, "AWS_ACCESS_KEY_ID");
	const char *secret = samc_aws_env(src, "AWS_SECRET_ACCESS_KEY");
	if (!akid && !secret)
		return 0;
	if (!akid || !secret)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "Partial credentials found in the environment: %s is set "
				      "but %s is missing",
				      akid ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
				      akid ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
	int rc = samc_aws_set_credentials(cfg, akid, secret, samc_aws_env(src, "AWS_SESSION_TOKEN"), "env");
	return rc ? rc : 1;
}

/* The environment's keys come first, unless a profile was named explicitly. */
static int from_env(const samc_aws_sources *src, samc_aws_config *cfg, samc_error **err)
{
	if (src->opts && src->opts->profile && *src->opts->profile)
		return 0;
	return samc_aws_env_credentials(src, cfg, err);
}

/* Keys of one INI section; same return convention as from_env. */
static int from_section(const samc_aws_ini *ini, const char *section, const char *path,
			const char *source, samc_aws_config *cfg, samc_error **err)
{
	const char *akid = samc_aws_ini_get(ini, section, "aws_access_key_id");
	const char *secret = samc_aws_ini_get(ini, section, "aws_secret_access_key");
	if (!akid && !secret)
		return 0;
	if (!akid || !*akid || !secret || !*secret)
		return samc_error_set(err, SAMC_EUSAGE, path, 0, 0,
				      "Partial credentials found in %s, section [%s]: %s is "
				      "missing",
				      path, section,
				      akid && *akid ? "aws_secret_access_key" : "aws_access_key_id");
	int rc = samc_aws_set_credentials(cfg, akid, secret, samc_aws_ini_get(ini, section, "aws_session_token"),
			  source);
	return rc ? rc : 1;
}

static int unsupported_kind(const samc_aws_sources *src, const samc_aws_config *cfg,
			    samc_error **err)
{
	static const char *const keys[] = {"role_arn", "sso_session", "sso_start_url"};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (samc_aws_profile_get(src, keys[i]))
			return samc_error_set(
				err, SAMC_EUSAGE, src->config_path, 0, 0,
				"The profile '%s' in %s uses `%s`; samc supports static keys, "
				"credential_process, role_arn with source_profile, credential_source "
				"or web_identity_token_file in profiles (export the credentials with "
				"`aws configure export-credentials --profile %s --format env`)",
				cfg->profile, src->config_path, keys[i], cfg->profile);
	return 0;
}

int samc_aws_resolve_credentials(const samc_aws_sources *src, samc_aws_config *cfg,
				 samc_error **err)
{
	int rc = from_env(src, cfg, err);
	if (rc == 0)
		rc = samc_aws_assume_role_credentials(src, cfg, err);
	if (rc == 0)
		rc = samc_aws_web_identity_credentials(src, cfg, err);
	if (rc == 0)
		rc = unsupported_kind(src, cfg, err);
	if (rc == 0)
		rc = from_section(src->credentials, cfg->profile, src->credentials_path,
				  "shared-credentials-file", cfg, err);
	const char *process = rc == 0 ? samc_aws_profile_get(src, "credential_process") : NULL;
	if (process && *process)
		rc = samc_aws_run_credential_process(process, cfg->profile, cfg, err);
	if (process && *process && rc == 0)
		rc = 1;
	if (rc == 0 && src->config_section)
		rc = from_section(src->config, src->config_section, src->config_path,
				  "config-file", cfg, err);
	if (rc == 0)
		rc = samc_aws_container_credentials(src, cfg, err);
	if (rc == 0)
		rc = samc_aws_instance_credentials(src, cfg, err);
	if (rc == 0)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "Unable to locate credentials for the profile '%s': set "
				      "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or configure "
				      "the profile in %s or %s",
				      cfg->profile, src->credentials_path, src->config_path);
	return rc < 0 ? rc : 0;
}
