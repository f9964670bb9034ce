/* credentials_http.c — credentials fetched over HTTP: the container endpoint (ECS, CodeBuild),
 * STS AssumeRoleWithWebIdentity (OIDC: GitHub Actions, EKS) and EC2 instance metadata (IMDSv2). */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/aws_int.h"
#include "util/buf.h"
#include "util/dl_curl.h"
#include "util/error.h"

#define TOKEN_FILE_MAX (64u << 10)
#define REPLY_MAX (1u << 20)
#define STS_API_VERSION "2011-06-15"

typedef struct http_call {
	const char *method, *url, *body;
	const char *headers[3]; /* "Name: value" lines, NULL-terminated */
	long timeout_ms;
	const char *ca_bundle;
} http_call;

typedef struct http_reply {
	long status;
	samc_buf body;
} http_reply;

static size_t on_body(char *data, size_t size, size_t n, void *ud)
{
	samc_buf *b = ud;
	if (b->len + size * n > REPLY_MAX)
		return 0;
	samc_buf_put(b, data, size * n);
	return b->oom ? 0 : size * n;
}

/* One request; *reply holds the status and body. SAMC_EIO (transport) with the reason. */
static int perform(const http_call *call, http_reply *reply, samc_error **err)
{
	samc_curl_api api;
	int rc = samc_curl_api_load(&api, err);
	if (rc)
		return rc;
	CURL *h = api.easy_init();
	struct curl_slist *list = NULL;
	for (size_t i = 0; h && call->headers[i]; i++)
		list = api.slist_append(list, call->headers[i]);
	char errbuf[CURL_ERROR_SIZE] = "";
	if (h) {
		api.easy_setopt(h, CURLOPT_URL, call->url);
		api.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
		api.easy_setopt(h, CURLOPT_CUSTOMREQUEST, call->method);
		api.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
		api.easy_setopt(h, CURLOPT_TIMEOUT_MS, call->timeout_ms);
		api.easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, call->timeout_ms);
		api.easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
		api.easy_setopt(h, CURLOPT_HTTPHEADER, list);
		api.easy_setopt(h, CURLOPT_USERAGENT, "samc/" SAMC_VERSION);
		api.easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
		api.easy_setopt(h, CURLOPT_WRITEDATA, &reply->body);
		if (call->ca_bundle)
			api.easy_setopt(h, CURLOPT_CAINFO, call->ca_bundle);
		if (call->body)
			api.easy_setopt(h, CURLOPT_POSTFIELDS, call->body);
		CURLcode code = api.easy_perform(h);
		api.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply->status);
		if (code != CURLE_OK)
			rc = samc_error_set(err, SAMC_EIO, NULL, 0, 0, "%s: %s", call->url,
					    errbuf[0] ? errbuf : api.easy_strerror(code));
	} else {
		rc = samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	}
	api.slist_free_all(list);
	if (h)
		api.easy_cleanup(h);
	samc_curl_api_unload(&api);
	return rc;
}

/* 1 with cfg's credentials set, or SAMC_ENOMEM. */
static int set_credentials(samc_aws_config *cfg, const char *akid, const char *secret,
			   const char *token, const char *source)
{
	int rc = samc_aws_set_credentials(cfg, akid, secret, token, source);
	return rc ? rc : 1;
}

/* {"AccessKeyId", "SecretAccessKey", "Token"} (container and instance metadata answers). */
static int from_json(const char *text, const char *what, samc_aws_config *cfg, const char *source,
		     samc_error **err)
{
	cJSON *j = cJSON_Parse(text);
	const cJSON *akid = cJSON_GetObjectItemCaseSensitive(j, "AccessKeyId");
	const cJSON *secret = cJSON_GetObjectItemCaseSensitive(j, "SecretAccessKey");
	const cJSON *token = cJSON_GetObjectItemCaseSensitive(j, "Token");
	int rc = cJSON_IsString(akid) && cJSON_IsString(secret)
			 ? set_credentials(cfg, akid->valuestring, secret->valuestring,
					   cJSON_IsString(token) ? token->valuestring : NULL, source)
			 : samc_error_set(err, SAMC_EIO, NULL, 0, 0,
					  "%s answered without AccessKeyId and SecretAccessKey", what);
	cJSON_Delete(j);
	return rc;
}

/* A token file's text without its trailing line break (malloc'd), or NULL with *err set. */
static char *read_token_file(const char *path, const char *what, samc_error **err)
{
	char *text = NULL;
	size_t len = 0;
	int rc = samc_aws_read_file(path, TOKEN_FILE_MAX, &text, &len, err);
	if (rc == 0 && !text)
		samc_error_set(err, SAMC_EUSAGE, path, 0, 0, "cannot read the %s %s: no such file", what,
			       path);
	while (text && len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		text[--len] = '\0';
	return text;
}

/* ---- the container endpoint (ECS tasks, CodeBuild) ---- */

/* Over plain http only the loopback and the ECS/EKS link-local addresses, as botocore. */
static bool full_uri_allowed(const char *url)
{
	static const char *const hosts[] = {"http://127.", "http://localhost", "http://[::1]",
					    "http://169.254.170.2", "http://169.254.170.23",
					    "http://[fd00:ec2::23]"};
	if (strncmp(url, "https://", 8) == 0)
		return true;
	for (size_t i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++)
		if (strncmp(url, hosts[i], strlen(hosts[i])) == 0) {
			char next = url[strlen(hosts[i])];
			return hosts[i][strlen(hosts[i]) - 1] == '.' || !next || next == ':' || next == '/';
		}
	return false;
}

static int container_auth(const samc_aws_sources *src, char **header, samc_error **err)
{
	*header = NULL;
	const char *file = samc_aws_env(src, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
	char *token = file && *file ? read_token_file(file, "container authorization token file", err)
				    : NULL;
	if (file && *file && !token)
		return SAMC_EUSAGE;
	const char *value = token ? token : samc_aws_env(src, "AWS_CONTAINER_AUTHORIZATION_TOKEN");
	if (value && *value && !(*header = samc_strfmt("Authorization: %s", value))) {
		free(token);
		return samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	}
	free(token);
	return 0;
}

int samc_aws_container_credentials(const samc_aws_sources *src, samc_aws_config *cfg,
				   samc_error **err)
{
	const char *rel = samc_aws_env(src, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
	const char *full = samc_aws_env(src, "AWS_CONTAINER_CREDENTIALS_FULL_URI");
	if ((!rel || !*rel) && (!full || !*full))
		return 0;
	char *url = rel && *rel ? samc_strfmt("http://169.254.170.2%s", rel) : samc_strdup(full);
	if (!url)
		return samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	if (!(rel && *rel) && !full_uri_allowed(url)) {
		int rc = samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
					"AWS_CONTAINER_CREDENTIALS_FULL_URI %s: plain http is only "
					"allowed to a loopback or the ECS/EKS container address",
					url);
		free(url);
		return rc;
	}
	char *auth = NULL;
	int rc = container_auth(src, &auth, err);
	http_reply reply = {0, SAMC_BUF_INIT};
	http_call call = {"GET", url, NULL, {auth, NULL}, 2000, cfg->ca_bundle};
	if (rc == 0)
		rc = perform(&call, &reply, err);
	if (rc == 0 && reply.status != 200)
		rc = samc_error_set(err, SAMC_EIO, NULL, 0, 0,
				    "the container credentials endpoint %s answered HTTP %ld", url,
				    reply.status);
	if (rc == 0)
		rc = from_json(samc_buf_cstr(&reply.body), "the container credentials endpoint", cfg,
			       "container-role", err);
	samc_buf_free(&reply.body);
	free(auth);
	free(url);
	return rc;
}

/* ---- STS AssumeRoleWithWebIdentity ---- */

static int sts_error(const char *body, long status, samc_error **err)
{
	samc_xml_doc *doc = NULL;
	const char *message = NULL;
	if (samc_xml_parse(body, strlen(body), &doc, NULL) == 0)
		message = samc_xml_text(samc_xml_root(doc), "Error/Message");
	int rc = samc_error_set(err, SAMC_EIO, NULL, 0, 0,
				"AssumeRoleWithWebIdentity failed (HTTP %ld): %s", status,
				message ? message : "no error message");
	samc_xml_doc_free(doc);
	return rc;
}

/* The Credentials of an STS answer to action into cfg: 1, or an error. */
static int sts_credentials(const samc_xml_doc *doc, const char *action, const char *source,
			   samc_aws_config *cfg, samc_error **err)
{
	char path[64];
	snprintf(path, sizeof(path), "%sResult/Credentials", action);
	const samc_xml_node *c = samc_xml_find(samc_xml_root(doc), path);
	const char *akid = c ? samc_xml_text(c, "AccessKeyId") : NULL;
	const char *secret = c ? samc_xml_text(c, "SecretAccessKey") : NULL;
	if (!akid || !secret)
		return samc_error_set(err, SAMC_EIO, NULL, 0, 0, "%s answered without credentials",
				      action);
	return set_credentials(cfg, akid, secret, samc_xml_text(c, "SessionToken"), source);
}

static const char *setting(const samc_aws_sources *src, const char *env, const char *key)
{
	const char *v = samc_aws_env(src, env);
	return v && *v ? v : samc_aws_profile_get(src, key);
}

int samc_aws_web_identity_credentials(const samc_aws_sources *src, samc_aws_config *cfg,
				      samc_error **err)
{
	const char *file = setting(src, "AWS_WEB_IDENTITY_TOKEN_FILE", "web_identity_token_file");
	const char *role = setting(src, "AWS_ROLE_ARN", "role_arn");
	if (!file || !*file || !role || !*role)
		return 0;
	const char *session = setting(src, "AWS_ROLE_SESSION_NAME", "role_session_name");
	char *token = read_token_file(file, "web identity token file", err);
	if (!token)
		return SAMC_EUSAGE;
	char *url = NULL, *body = NULL;
	samc_aws_params *p = samc_aws_params_new();
	int rc = samc_aws_config_endpoint(cfg, "sts", &url, NULL, err);
	int add = p ? samc_aws_params_add(p, role, "RoleArn") : SAMC_ENOMEM;
	add = add ? add
		  : samc_aws_params_add(p, session && *session ? session : "samc", "RoleSessionName");
	add = add ? add : samc_aws_params_add(p, token, "WebIdentityToken");
	if (!rc && (add || !(body = samc_aws_query_body("AssumeRoleWithWebIdentity", STS_API_VERSION, p))))
		rc = samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	http_reply reply = {0, SAMC_BUF_INIT};
	http_call call = {"POST", url, body,
			  {"Content-Type: application/x-www-form-urlencoded; charset=utf-8", NULL},
			  10000, cfg->ca_bundle};
	if (rc == 0)
		rc = perform(&call, &reply, err);
	samc_xml_doc *doc = NULL;
	if (rc == 0 && reply.status != 200)
		rc = sts_error(samc_buf_cstr(&reply.body), reply.status, err);
	if (rc == 0)
		rc = samc_xml_parse(reply.body.ptr, reply.body.len, &doc, err);
	if (rc == 0)
		rc = sts_credentials(doc, "AssumeRoleWithWebIdentity", "assume-role-with-web-identity",
				     cfg, err);
	samc_xml_doc_free(doc);
	samc_buf_free(&reply.body);
	samc_aws_params_free(p);
	free(body);
	free(url);
	free(token);
	return rc;
}

/* ---- EC2 instance metadata (IMDSv2) ---- */

/* AWS_METADATA_SERVICE_TIMEOUT seconds (as the AWS CLI reads it), default 1. */
static long metadata_timeout_ms(const samc_aws_sources *src)
{
	const char *v = samc_aws_env(src, "AWS_METADATA_SERVICE_TIMEOUT");
	char *end = NULL;
	double s = v && *v ? strtod(v, &end) : 0;
	return end && !*end && s > 0 && s <= 3600 ? (long)(s * 1000) : 1000;
}

static int imds_get(const char *base, const char *path, const char *token_header, long timeout_ms,
		    samc_buf *out, long *status)
{
	char *url = samc_strfmt("%s%s", base, path);
	http_reply reply = {0, SAMC_BUF_INIT};
	http_call call = {"GET", url, NULL, {token_header, NULL}, timeout_ms, NULL};
	int rc = url ? perform(&call, &reply, NULL) : SAMC_ENOMEM;
	*status = reply.status;
	*out = reply.body;
	free(url);
	return rc;
}

int samc_aws_instance_credentials(const samc_aws_sources *src, samc_aws_config *cfg,
				  samc_error **err)
{
	const char *off = samc_aws_env(src, "AWS_EC2_METADATA_DISABLED");
	if (off && strcmp(off, "true") == 0)
		return 0;
	const char *base = samc_aws_env(src, "AWS_EC2_METADATA_SERVICE_ENDPOINT");
	base = base && *base ? base : "http://169.254.169.254";
	char *url = samc_strfmt("%s/latest/api/token", base);
	http_reply token = {0, SAMC_BUF_INIT};
	long timeout_ms = metadata_timeout_ms(src);
	http_call put = {"PUT", url, "", {"X-aws-ec2-metadata-token-ttl-seconds: 21600", NULL},
			 timeout_ms, NULL};
	/* no answer: not on EC2 (or IMDS is off): no credentials from here, not an error */
	if (!url || perform(&put, &token, NULL) != 0 || token.status != 200) {
		samc_buf_free(&token.body);
		free(url);
		return url ? 0 : SAMC_ENOMEM;
	}
	free(url);
	char *header = samc_strfmt("X-aws-ec2-metadata-token: %s", samc_buf_cstr(&token.body));
	samc_buf_free(&token.body);
	samc_buf role = SAMC_BUF_INIT, creds = SAMC_BUF_INIT;
	long status = 0;
	int rc = header ? imds_get(base, "/latest/meta-data/iam/security-credentials/", header,
				   timeout_ms, &role, &status)
			: SAMC_ENOMEM;
	char *path = NULL;
	if (rc == 0 && status == 200 && role.len) {
		const char *name = samc_buf_cstr(&role);
		size_t n = strcspn(name, "\r\n");
		path = samc_strfmt("/latest/meta-data/iam/security-credentials/%.*s", (int)n, name);
		rc = path ? imds_get(base, path, header, timeout_ms, &creds, &status) : SAMC_ENOMEM;
		if (rc == 0 && status == 200)
			rc = from_json(samc_buf_cstr(&creds), "the instance metadata service", cfg,
				       "iam-role", err);
		else if (rc == 0)
			rc = samc_error_set(err, SAMC_EIO, NULL, 0, 0,
					    "the instance metadata service answered HTTP %ld for the "
					    "role's credentials",
					    status);
	} /* else an instance without a role: no credentials from here */
	samc_buf_free(&role);
	samc_buf_free(&creds);
	free(path);
	free(header);
	if (rc == SAMC_ENOMEM)
		return samc_error_set(err, rc, NULL, 0, 0, "out of memory");
	if (rc < 0 && err && !*err)
		rc = samc_error_set(err, SAMC_EIO, NULL, 0, 0,
				    "the instance metadata service %s stopped answering", base);
	return rc;
}

/* ---- STS AssumeRole from a source profile ---- */

#define MAX_SOURCE_DEPTH 4

static int assume_role_call(const samc_aws_config *source, const samc_aws_sources *src,
			    const char *role, samc_aws_config *cfg, samc_error **err)
{
	samc_aws_client *client = NULL;
	int rc = samc_aws_client_new(source, NULL, &client, err);
	samc_aws_params *p = rc ? NULL : samc_aws_params_new();
	if (!rc && !p)
		rc = samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	const char *session = samc_aws_profile_get(src, "role_session_name");
	const char *external = samc_aws_profile_get(src, "external_id");
	const char *duration = samc_aws_profile_get(src, "duration_seconds");
	int add = rc ? 0 : samc_aws_params_add(p, role, "RoleArn");
	add = add ? add : samc_aws_params_add(p, session && *session ? session : "samc", "RoleSessionName");
	if (!add && external && *external)
		add = samc_aws_params_add(p, external, "ExternalId");
	if (!add && duration && *duration)
		add = samc_aws_params_add(p, duration, "DurationSeconds");
	samc_xml_doc *doc = NULL;
	if (!rc && add)
		rc = samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	if (!rc)
		rc = samc_aws_query(client, "sts", STS_API_VERSION, "AssumeRole", p, &doc, err);
	if (!rc)
		rc = sts_credentials(doc, "AssumeRole", "assume-role", cfg, err);
	samc_xml_doc_free(doc);
	samc_aws_params_free(p);
	samc_aws_client_free(client);
	return rc;
}

/* credential_source: the role's base keys come from the environment, the container endpoint
 * or instance metadata instead of another profile; the call goes out with this profile's
 * region and endpoints. */
static int assume_from_named_source(const samc_aws_sources *src, const char *role, const char *name,
				    samc_aws_config *cfg, samc_error **err)
{
	samc_aws_config base = *cfg; /* region, endpoints and CA bundle borrowed, no keys yet */
	base.access_key_id = base.secret_access_key = base.session_token = NULL;
	int rc;
	if (strcmp(name, "Environment") == 0)
		rc = samc_aws_env_credentials(src, &base, err);
	else if (strcmp(name, "EcsContainer") == 0)
		rc = samc_aws_container_credentials(src, &base, err);
	else if (strcmp(name, "Ec2InstanceMetadata") == 0)
		rc = samc_aws_instance_credentials(src, &base, err);
	else
		rc = samc_error_set(err, SAMC_EUSAGE, src->config_path, 0, 0,
				    "The profile '%s' in %s: credential_source '%s' is not valid; valid "
				    "sources are Environment, Ec2InstanceMetadata and EcsContainer",
				    cfg->profile, src->config_path, name);
	if (rc == 0)
		rc = samc_error_set(err, SAMC_EUSAGE, src->config_path, 0, 0,
				    "The profile '%s' in %s takes its role's credentials from %s "
				    "(credential_source), which has none",
				    cfg->profile, src->config_path, name);
	if (rc > 0)
		rc = assume_role_call(&base, src, role, cfg, err);
	samc_aws_clear_credentials(&base);
	return rc;
}

static int assume_from_source_profile(const samc_aws_sources *src, const char *role,
				      const char *source_profile, samc_aws_config *cfg, samc_error **err)
{
	unsigned depth = src->opts ? src->opts->source_depth : 0;
	if (depth >= MAX_SOURCE_DEPTH)
		return samc_error_set(err, SAMC_EUSAGE, src->config_path, 0, 0,
				      "The profile '%s' in %s: source_profile chain longer than %d "
				      "profiles, or circular",
				      cfg->profile, src->config_path, MAX_SOURCE_DEPTH);
	samc_aws_options o = src->opts ? *src->opts : (samc_aws_options){0};
	o.profile = source_profile;
	o.region = cfg->region;
	o.source_depth = depth + 1;
	samc_aws_config *source = NULL;
	int rc = samc_aws_config_resolve(&o, &source, err);
	if (rc == 0)
		rc = assume_role_call(source, src, role, cfg, err);
	samc_aws_config_free(source);
	return rc;
}

int samc_aws_assume_role_credentials(const samc_aws_sources *src, samc_aws_config *cfg,
				     samc_error **err)
{
	const char *role = samc_aws_profile_get(src, "role_arn");
	const char *source_profile = samc_aws_profile_get(src, "source_profile");
	const char *named = samc_aws_profile_get(src, "credential_source");
	bool has_profile = source_profile && *source_profile, has_named = named && *named;
	if (!role || !*role || (!has_profile && !has_named) || samc_aws_profile_get(src, "web_identity_token_file"))
		return 0;
	if (has_profile && has_named)
		return samc_error_set(err, SAMC_EUSAGE, src->config_path, 0, 0,
				      "The profile '%s' in %s contains both source_profile and "
				      "credential_source: keep one",
				      cfg->profile, src->config_path);
	if (samc_aws_profile_get(src, "mfa_serial"))
		return samc_error_set(err, SAMC_EUSAGE, src->config_path, 0, 0,
				      "The profile '%s' in %s needs an MFA code (mfa_serial); samc "
				      "cannot ask for one: export temporary credentials instead",
				      cfg->profile, src->config_path);
	return has_named ? assume_from_named_source(src, role, named, cfg, err)
			 : assume_from_source_profile(src, role, source_profile, cfg, err);
}
