/* aws_int.h — what the files of lib/aws/ share: the resolved configuration object and the
 * resolution steps (credentials, region, endpoints, credential_process). */
#ifndef SAMC_AWS_AWS_INT_H
#define SAMC_AWS_AWS_INT_H

#include "aws/aws.h"

/* Services whose endpoint overrides are read from the environment at resolution time. */
#define SAMC_AWS_NSERVICES 6
extern const char *const samc_aws_known_services[SAMC_AWS_NSERVICES];

struct samc_aws_config {
	char *profile;
	char *region;
	char *access_key_id;
	char *secret_access_key;
	char *session_token;
	const char *credential_source; /* static string */
	char *ca_bundle;               /* AWS_CA_BUNDLE / profile ca_bundle, or NULL */
	char *endpoint_all;            /* opts->endpoint_url: beats everything */
	char *endpoint_global;         /* AWS_ENDPOINT_URL / profile endpoint_url */
	char *endpoint_service[SAMC_AWS_NSERVICES];
};

/* What the resolution steps read: the environment and the two parsed files (either may be
 * NULL when the file does not exist). */
typedef struct samc_aws_sources {
	const samc_aws_options *opts;
	samc_aws_ini *config;      /* ~/.aws/config */
	samc_aws_ini *credentials; /* ~/.aws/credentials */
	char *config_path;
	char *credentials_path;
	const char *config_section; /* "default" or "profile NAME" when present, else NULL */
} samc_aws_sources;

const char *samc_aws_env(const samc_aws_sources *src, const char *name);
/* A key of the profile in the config file, or NULL. */
const char *samc_aws_profile_get(const samc_aws_sources *src, const char *key);

int samc_aws_resolve_region(const samc_aws_sources *src, samc_aws_config *cfg,
			    samc_error **err);
int samc_aws_resolve_credentials(const samc_aws_sources *src, samc_aws_config *cfg,
				 samc_error **err);
int samc_aws_resolve_endpoints(const samc_aws_sources *src, samc_aws_config *cfg,
			       samc_error **err);

/* credentials.c: copies the keys into cfg (token may be NULL or ""); 0 or SAMC_ENOMEM. */
int samc_aws_set_credentials(samc_aws_config *cfg, const char *akid, const char *secret,
			     const char *token, const char *source);
/* config.c: frees (and wipes) cfg's keys, leaving it without credentials. */
void samc_aws_clear_credentials(samc_aws_config *cfg);
/* credentials.c: AWS_ACCESS_KEY_ID / _SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, whatever profile
 * was asked for; 1 when set, 0 when absent, an error for half a pair. */
int samc_aws_env_credentials(const samc_aws_sources *src, samc_aws_config *cfg, samc_error **err);
/* config.c: a whole file of at most max bytes, NUL-terminated; *text = NULL (0 returned) when
 * it does not exist; SAMC_EIO or SAMC_ELIMIT with "PATH: reason" otherwise. */
int samc_aws_read_file(const char *path, size_t max, char **text, size_t *len, samc_error **err);

/* credentials_http.c: each returns 1 with cfg's credentials set, 0 when its source is not
 * configured (or, for instance metadata, not reachable), or an error. */
int samc_aws_container_credentials(const samc_aws_sources *src, samc_aws_config *cfg,
				   samc_error **err);
int samc_aws_web_identity_credentials(const samc_aws_sources *src, samc_aws_config *cfg,
				      samc_error **err);
int samc_aws_instance_credentials(const samc_aws_sources *src, samc_aws_config *cfg,
				  samc_error **err);
int samc_aws_assume_role_credentials(const samc_aws_sources *src, samc_aws_config *cfg,
				     samc_error **err);

/* Runs a credential_process command and fills the credentials of cfg. */
int samc_aws_run_credential_process(const char *command, const char *profile,
				    samc_aws_config *cfg, samc_error **err);

/* ---- the HTTP layer shared by query.c, s3.c and cloudformation.c ---- */
#include <stdio.h>

#include "util/buf.h"

typedef struct samc_aws_request {
	const char *method;
	const char *service;     /* endpoint key and signing name */
	const char *bucket_host; /* S3 virtual-hosted style: bucket prefixed to the host, or NULL */
	const char *path;        /* encoded, below the endpoint's own path; starts with '/' */
	const char *query;       /* encoded query string, or NULL */
	const samc_http_header *headers; /* extra headers, all signed */
	size_t nheaders;
	const void *body;
	size_t body_len;
	FILE *body_file;          /* streamed instead of body; rewound for each attempt */
	long long body_file_size;
	const char *payload_hash; /* NULL = SHA-256 of body */
	bool s3;                  /* S3 signing rules and x-amz-content-sha256 */
	bool head;                /* HEAD: no response body */
} samc_aws_request;

typedef struct samc_aws_response {
	long status;
	samc_buf body;
	char *etag;
	char *request_id;
	char *bucket_region;
	long long content_length;
} samc_aws_response;

void samc_aws_response_clear(samc_aws_response *resp);

/* Sends req with retries. Returns 0 once an HTTP response arrived (whatever its status; not
 * retried when it is final), or SAMC_EAWS after a transport failure on the last attempt. */
int samc_aws_send(samc_aws_client *c, const samc_aws_request *req, samc_aws_response *resp,
		  samc_error **err);
/* Turns a non-2xx response into SAMC_EAWS with "Code: Message (request id X)" and records
 * it as the client's last error. `what` names the call ("CreateChangeSet", "PutObject"). */
int samc_aws_response_error(samc_aws_client *c, const samc_aws_response *resp,
			    const char *what, samc_error **err);
/* True when an error code means the call was throttled. */
bool samc_aws_is_throttle_code(const char *code);

#endif
