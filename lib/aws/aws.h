/* aws.h — the AWS client layer of libsamc (internal): configuration (credentials, region,
 * endpoints), SigV4 signing, HTTP with retries, a small XML tree, CloudFormation and S3 calls.
 *
 * Conventions: every function returns 0 or a negative SAMC_E* code and fills out-parameters;
 * on failure *err (when err is non-NULL) says what went wrong. AWS service errors come back as
 * SAMC_EAWS with the message "Code: Message (Action, request id X)" (e.g. "ValidationError:
 * Stack with id app does not exist (DescribeStacks, request id 0f1e…)"; without an XML body
 * "NotFound: HTTP status 404 (HeadObject, request id X)"); the structured parts are also
 * available from samc_aws_client_last_error(). Secrets (secret key, session token,
 * signatures) never appear in any error text. Nothing here prints, exits or keeps global state.
 * A samc_aws_config is immutable after resolution and may be shared between threads; a
 * samc_aws_client holds one libcurl easy handle and must be used by one thread at a time.
 */
#ifndef SAMC_AWS_AWS_H
#define SAMC_AWS_AWS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "samc/samc.h"

/* ---------------------------------------------------------------------------------------
 * Configuration: region, credentials and endpoints resolved the way the AWS CLI does.
 *
 * Profile: opts->profile, else AWS_PROFILE, else AWS_DEFAULT_PROFILE, else "default".
 * Region: opts->region, else AWS_REGION, else AWS_DEFAULT_REGION, else the profile's `region`
 *   in the config file; none of them -> SAMC_EUSAGE "Unable to resolve a region ...".
 * Credentials, first complete source wins:
 *   1. AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN) — skipped when
 *      opts->profile was given explicitly (as the AWS CLI does for --profile);
 *   2. the profile in the shared credentials file (AWS_SHARED_CREDENTIALS_FILE, default
 *      HOME/.aws/credentials): aws_access_key_id, aws_secret_access_key, aws_session_token;
 *   3. the profile in the config file (AWS_CONFIG_FILE, default HOME/.aws/config, section
 *      [profile NAME], or [default]): the same keys, else `credential_process`.
 *   credential_process: the command line is split into words the way the AWS CLI splits it
 *   (shell-like quoting with '...' and "..." and backslash escapes, no shell expansion, no
 *   pipes) and run directly with posix_spawnp (no /bin/sh); its stdout must be the JSON
 *   {"Version": 1, "AccessKeyId", "SecretAccessKey", ["SessionToken"], ["Expiration"]}
 *   (Expiration is not acted on: credentials are resolved once per configuration). A command
 *   that fails gets an error with its exit status and stderr; it is killed after 120 s.
 *   Then, as the AWS CLI orders them: web identity (before the files: AWS_WEB_IDENTITY_TOKEN_FILE
 *   + AWS_ROLE_ARN [+ AWS_ROLE_SESSION_NAME], or the profile's web_identity_token_file +
 *   role_arn: STS AssumeRoleWithWebIdentity, unsigned); after the files the container
 *   endpoint (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI on 169.254.170.2, or _FULL_URI: https,
 *   or plain http to a loopback or the ECS/EKS address; Authorization from
 *   AWS_CONTAINER_AUTHORIZATION_TOKEN[_FILE]); last EC2 instance metadata (IMDSv2,
 *   AWS_METADATA_SERVICE_TIMEOUT seconds per call (default 1),
 *   AWS_EC2_METADATA_SERVICE_ENDPOINT, off with AWS_EC2_METADATA_DISABLED=true).
 *   No credentials at all -> SAMC_EUSAGE "Unable to locate credentials ...".
 *   A profile with role_arn and source_profile assumes the role (STS AssumeRole, signed with
 *   the source profile's credentials, resolved by this same chain; role_session_name,
 *   external_id, duration_seconds honoured; chains of up to 4 profiles). Not supported, with a
 *   clear error: mfa_serial, credential_source, SSO (sso_*).
 * Endpoints, per service ("cloudformation", "s3", ...):
 *   opts->endpoint_url, else AWS_ENDPOINT_URL_<SERVICE> (upper case, e.g.
 *   AWS_ENDPOINT_URL_CLOUDFORMATION, AWS_ENDPOINT_URL_S3), else AWS_ENDPOINT_URL, else the
 *   profile's `endpoint_url`, else the standard https://<service>.<region>.<dns suffix>
 *   (amazonaws.com; amazonaws.com.cn for cn-*; S3 in us-east-1 is s3.amazonaws.com).
 *   With a custom endpoint S3 uses path-style addressing (ENDPOINT/bucket/key); on the
 *   standard endpoints virtual-hosted style (bucket.s3.region.amazonaws.com) when the bucket
 *   name allows it. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true disables the overrides (except
 *   opts->endpoint_url).
 */
typedef const char *(*samc_aws_getenv_fn)(void *ctx, const char *name);

typedef struct samc_aws_options {
	const char *profile;       /* --profile; NULL = from the environment */
	const char *region;        /* --region; NULL = from the environment / profile */
	const char *endpoint_url;  /* an explicit endpoint for every service, or NULL */
	samc_aws_getenv_fn getenv; /* NULL = getenv(3); tests pass their own */
	void *getenv_ctx;
	const char *home;          /* NULL = $HOME (through getenv) */
	unsigned source_depth;     /* internal: how deep in a source_profile chain (0 at the top) */
} samc_aws_options;

typedef struct samc_aws_config samc_aws_config;

int samc_aws_config_resolve(const samc_aws_options *opts, samc_aws_config **out,
			    samc_error **err);
void samc_aws_config_free(samc_aws_config *cfg);

const char *samc_aws_config_region(const samc_aws_config *cfg);
const char *samc_aws_config_profile(const samc_aws_config *cfg);
/* Where the credentials came from: "env", "shared-credentials-file", "config-file",
 * "credential_process", "assume-role-with-web-identity", "container-role", "iam-role"
 * (never the values themselves). */
const char *samc_aws_config_credential_source(const samc_aws_config *cfg);
const char *samc_aws_config_access_key_id(const samc_aws_config *cfg);
/* The secret and token are for the signer only; never print them. Token may be NULL. */
const char *samc_aws_config_secret_access_key(const samc_aws_config *cfg);
const char *samc_aws_config_session_token(const samc_aws_config *cfg);
/* Base URL of a service ("https://cloudformation.eu-west-1.amazonaws.com" or the override,
 * without a trailing slash); *custom is set to true for an override (may be NULL). The
 * result is owned by the caller (free()). */
int samc_aws_config_endpoint(const samc_aws_config *cfg, const char *service, char **url,
			     bool *custom, samc_error **err);

/* The DNS suffix of a region's partition: "amazonaws.com", "amazonaws.com.cn" (cn-*). */
const char *samc_aws_dns_suffix(const char *region);
/* True when region can be a region name: one DNS label (letters, digits, '-', at most 63
 * characters, no '-' first or last), the rule botocore applies before building a host name. */
bool samc_aws_region_valid(const char *region);

/* ---------------------------------------------------------------------------------------
 * Parsing of the INI dialect of ~/.aws/credentials and ~/.aws/config (exposed for tests).
 * Sections [name] (names case-sensitive); `key = value` or `key: value` (keys lower-cased
 * as Python's configparser does); comments (# or ;) on their own line; indented lines after
 * `key =` with an empty value are a nested block, kept as "key.sub" keys; other indented
 * lines continue the previous value. A line outside a section or without '='/':' is an
 * error naming file:line.
 */
typedef struct samc_aws_ini samc_aws_ini;
int samc_aws_ini_parse(const char *text, size_t len, const char *file, samc_aws_ini **out,
		       samc_error **err);
/* NULL when the section or key is absent. */
const char *samc_aws_ini_get(const samc_aws_ini *ini, const char *section, const char *key);
bool samc_aws_ini_has_section(const samc_aws_ini *ini, const char *section);
void samc_aws_ini_free(samc_aws_ini *ini);

/* Split a credential_process command line into argv (NULL-terminated, owned by the caller,
 * free with samc_aws_argv_free). SAMC_EINVALID on an unterminated quote. */
int samc_aws_split_command(const char *cmd, char ***argv, samc_error **err);
void samc_aws_argv_free(char **argv);

/* ---------------------------------------------------------------------------------------
 * SigV4 (AWS4-HMAC-SHA256). The request to sign is described by samc_sigv4_request; the
 * signer adds nothing by itself: callers include host, x-amz-date (and for S3
 * x-amz-content-sha256, and x-amz-security-token when there is a token) in headers.
 */
typedef struct samc_http_header {
	const char *name;
	const char *value;
} samc_http_header;

typedef struct samc_sigv4_request {
	const char *method;       /* "GET", "POST", ... */
	const char *path;         /* raw path as sent, may hold %XX escapes and UTF-8 */
	const char *query;        /* raw query string after '?', or NULL/"" */
	const samc_http_header *headers;
	size_t nheaders;
	const char *payload_hash; /* hex SHA-256 of the body, or "UNSIGNED-PAYLOAD"; NULL =
	                             computed from body/body_len */
	const void *body;
	size_t body_len;
	const char *region;
	const char *service;
	const char *amz_date;     /* "YYYYMMDDTHHMMSSZ" */
	bool s3;                  /* S3 rules: no path normalisation, no double encoding */
} samc_sigv4_request;

typedef struct samc_sigv4_result {
	char *canonical_request;
	char *string_to_sign;
	char *signed_headers;
	char *signature;      /* hex */
	char *authorization;  /* the whole Authorization header value */
} samc_sigv4_result;

int samc_sigv4_sign(const samc_sigv4_request *req, const char *access_key_id,
		    const char *secret_access_key, samc_sigv4_result *out, samc_error **err);
void samc_sigv4_result_free(samc_sigv4_result *res);

/* Hex SHA-256 of data into hex[65]. */
void samc_sha256_hex(const void *data, size_t len, char hex[65]);
/* "YYYYMMDDTHHMMSSZ" for t (UTC) into out[17]. */
void samc_aws_amz_date(time_t t, char out[17]);
/* RFC 3986 percent-encoding of everything but A-Z a-z 0-9 - _ . ~ (and '/' when keep_slash).
 * Returns a malloc'd string or NULL on allocation failure. */
char *samc_aws_uri_encode(const char *s, size_t len, bool keep_slash);

/* ---------------------------------------------------------------------------------------
 * XML: a small tree built with expat. No DTDs: a document with a DOCTYPE or entity
 * declaration is rejected (no entity expansion, no external entities); depth <= 64 and
 * size <= 64 MiB. Namespace prefixes are dropped from element names.
 */
typedef struct samc_xml_node samc_xml_node;
struct samc_xml_node {
	char *name;             /* local name */
	char *text;             /* concatenated character data directly inside (never NULL) */
	samc_xml_node *parent;
	samc_xml_node *children; /* first child element */
	samc_xml_node *next;     /* next sibling element */
};

typedef struct samc_xml_doc samc_xml_doc;

int samc_xml_parse(const char *data, size_t len, samc_xml_doc **out, samc_error **err);
const samc_xml_node *samc_xml_root(const samc_xml_doc *doc);
void samc_xml_doc_free(samc_xml_doc *doc);
/* First element at a '/'-separated path of child names below `from` ("" or NULL = from). */
const samc_xml_node *samc_xml_find(const samc_xml_node *from, const char *path);
/* Text of samc_xml_find(from, path), or NULL when absent. */
const char *samc_xml_text(const samc_xml_node *from, const char *path);
/* The next sibling with the same name as n (iterate a list of <member>), or NULL. */
const samc_xml_node *samc_xml_next_same(const samc_xml_node *n);

/* An AWS error document (<ErrorResponse><Error>… or S3's <Error>…) into its parts;
 * returns false when the document is not one. Pointers point into the document. */
typedef struct samc_aws_error_info {
	const char *code;
	const char *message;
	const char *request_id;
} samc_aws_error_info;
bool samc_aws_error_from_xml(const samc_xml_doc *doc, samc_aws_error_info *out);

/* ---------------------------------------------------------------------------------------
 * Client: HTTP through libcurl (TLS verification always on), SigV4, retries with jittered
 * exponential backoff (base 100 ms, cap 20 s) on throttling errors (Throttling,
 * ThrottlingException, RequestLimitExceeded, SlowDown, TooManyRequestsException, ...),
 * HTTP 500/502/503/504 and connection/timeouts; at most max_attempts tries in all.
 */
typedef struct samc_aws_client_options {
	unsigned max_attempts;     /* 0 = 5 */
	long connect_timeout_ms;   /* 0 = 10 000 */
	long timeout_ms;           /* per attempt; 0 = 300 000 */
	const char *user_agent;    /* NULL = "samc/<version>" */
	const char *ca_bundle;     /* NULL = AWS_CA_BUNDLE from the config's environment, else
	                              the system store */
	/* Tests: a clock and a sleep that do not wait (NULL = time(2) and nanosleep(2)). */
	time_t (*now)(void *ctx);
	void (*sleep_ms)(void *ctx, unsigned ms);
	void *ctx;
} samc_aws_client_options;

typedef struct samc_aws_client samc_aws_client;

/* cfg is borrowed and must outlive the client. opts may be NULL. */
int samc_aws_client_new(const samc_aws_config *cfg, const samc_aws_client_options *opts,
			samc_aws_client **out, samc_error **err);
void samc_aws_client_free(samc_aws_client *c);
const samc_aws_config *samc_aws_client_config(const samc_aws_client *c);

/* The last AWS error response this client received (code, message, request id, HTTP
 * status), cleared at the start of each call; all fields NULL/0 when the last call did not
 * fail with a service error. Valid until the next call on the client. */
typedef struct samc_aws_last_error {
	const char *code;
	const char *message;
	const char *request_id;
	long http_status;
} samc_aws_last_error;
const samc_aws_last_error *samc_aws_client_last_error(const samc_aws_client *c);

/* Query API parameters: an ordered list of name/value pairs the list owns. */
typedef struct samc_aws_params samc_aws_params;
samc_aws_params *samc_aws_params_new(void);
void samc_aws_params_free(samc_aws_params *p);
/* Add a pair; the name may be a printf format ("Parameters.member.%zu.ParameterKey").
 * Returns 0 or SAMC_ENOMEM. value NULL = skip (returns 0). */
int samc_aws_params_add(samc_aws_params *p, const char *value, const char *name_fmt, ...)
	__attribute__((format(printf, 3, 4)));
size_t samc_aws_params_count(const samc_aws_params *p);

/* POST a Query API call (Action=action&Version=version&params, form-encoded with '+' for
 * spaces as the AWS SDKs do) to the service's endpoint,
 * signed for `service`; on HTTP 200 *out receives the parsed response
 * (<ActionResponse><ActionResult>…). Service errors -> SAMC_EAWS; network failures after
 * the retries -> SAMC_EAWS with curl's description. */
int samc_aws_query(samc_aws_client *c, const char *service, const char *version,
		   const char *action, const samc_aws_params *params, samc_xml_doc **out,
		   samc_error **err);
/* The form-encoded body of such a call (malloc'd; NULL on allocation failure); also for the
 * unsigned STS calls. */
char *samc_aws_query_body(const char *action, const char *version, const samc_aws_params *params);

/* ---------------------------------------------------------------------------------------
 * S3. Keys are given unencoded. For a missing bucket or object the "exists" calls set
 * *exists = false and return 0; other errors -> SAMC_EAWS.
 */
typedef struct samc_s3_object_info {
	long long size;
	char *etag;           /* with its quotes, as S3 sends it; NULL when absent */
} samc_s3_object_info;
void samc_s3_object_info_clear(samc_s3_object_info *info);

int samc_s3_head_object(samc_aws_client *c, const char *bucket, const char *key, bool *exists,
			samc_s3_object_info *info /* may be NULL */, samc_error **err);

typedef struct samc_s3_put_options {
	const char *content_type;  /* NULL = none */
	const char *kms_key_id;    /* non-NULL: SSE-KMS with this key ("aws:kms") */
	bool unsigned_payload;     /* sign with UNSIGNED-PAYLOAD instead of the body's SHA-256 */
} samc_s3_put_options;

/* Upload from memory or from a file (streamed from disk; Content-MD5 always sent). */
int samc_s3_put_object(samc_aws_client *c, const char *bucket, const char *key,
		       const void *data, size_t len, const samc_s3_put_options *opts,
		       samc_error **err);
int samc_s3_put_object_file(samc_aws_client *c, const char *bucket, const char *key,
			    const char *path, const samc_s3_put_options *opts, samc_error **err);
int samc_s3_delete_object(samc_aws_client *c, const char *bucket, const char *key,
			  samc_error **err);

/* One page of ListObjectsV2 (up to 1000 keys). continuation_token NULL for the first page;
 * listing->next_token is NULL on the last page. */
typedef struct samc_s3_listing {
	char **keys;
	size_t nkeys;
	char *next_token;
} samc_s3_listing;
int samc_s3_list_objects_v2(samc_aws_client *c, const char *bucket, const char *prefix,
			    const char *continuation_token, samc_s3_listing *out,
			    samc_error **err);
void samc_s3_listing_clear(samc_s3_listing *listing);

int samc_s3_head_bucket(samc_aws_client *c, const char *bucket, bool *exists,
			samc_error **err);
/* CreateBucket in the config's region (LocationConstraint unless us-east-1). */
int samc_s3_create_bucket(samc_aws_client *c, const char *bucket, samc_error **err);

/* The path-style URL of an object for TemplateURL: "<s3 endpoint>/<bucket>/<key>"
 * (https://s3.amazonaws.com/b/k in us-east-1, https://s3.<region>.<suffix>/b/k elsewhere,
 * the override's base with a custom endpoint). Caller frees. */
int samc_s3_object_url(const samc_aws_client *c, const char *bucket, const char *key,
		       char **url, samc_error **err);

/* ---------------------------------------------------------------------------------------
 * CloudFormation (Query API version 2010-05-15). Typed helpers for what deploy and delete
 * need; every struct comes with its _free. For anything else use samc_cfn_call.
 */
#define SAMC_CFN_API_VERSION "2010-05-15"
int samc_cfn_call(samc_aws_client *c, const char *action, const samc_aws_params *params,
		  samc_xml_doc **out, samc_error **err);

typedef struct samc_cfn_kv {
	char *key;
	char *value;
} samc_cfn_kv;

typedef struct samc_cfn_output {
	char *key;
	char *value;
	char *description; /* may be NULL */
	char *export_name; /* may be NULL */
} samc_cfn_output;

typedef struct samc_cfn_stack {
	char *stack_id;
	char *stack_name;
	char *status;         /* e.g. CREATE_COMPLETE, REVIEW_IN_PROGRESS */
	char *status_reason;  /* may be NULL */
	bool termination_protection;
	samc_cfn_kv *parameters; /* ParameterKey / ParameterValue */
	size_t nparameters;
	samc_cfn_output *outputs;
	size_t noutputs;
} samc_cfn_stack;
void samc_cfn_stack_free(samc_cfn_stack *s);

/* DescribeStacks for one stack. A stack that does not exist (ValidationError "... does not
 * exist") gives *out = NULL and returns 0. */
int samc_cfn_describe_stack(samc_aws_client *c, const char *stack_name, samc_cfn_stack **out,
			    samc_error **err);

typedef struct samc_cfn_parameter {
	const char *key;
	const char *value;      /* NULL with use_previous */
	bool use_previous;
} samc_cfn_parameter;

typedef struct samc_cfn_change_set_request {
	const char *stack_name;
	const char *change_set_name;
	const char *change_set_type;   /* "CREATE" or "UPDATE" */
	const char *description;       /* may be NULL */
	const char *template_body;     /* exactly one of body / url */
	const char *template_url;
	const samc_cfn_parameter *parameters;
	size_t nparameters;
	const char *const *capabilities;
	size_t ncapabilities;
	const samc_cfn_kv *tags;       /* key/value (const use) */
	size_t ntags;
	const char *const *notification_arns;
	size_t nnotification_arns;
	const char *role_arn;          /* may be NULL */
	const char *on_stack_failure;  /* "ROLLBACK", "DELETE", "DO_NOTHING" or NULL */
} samc_cfn_change_set_request;

/* CreateChangeSet; *change_set_id and *stack_id (either may be NULL) are the ARNs. */
int samc_cfn_create_change_set(samc_aws_client *c, const samc_cfn_change_set_request *req,
			       char **change_set_id, char **stack_id, samc_error **err);

typedef struct samc_cfn_change {
	char *action;          /* Add, Modify, Remove, Dynamic, Import */
	char *logical_id;
	char *physical_id;     /* may be NULL */
	char *resource_type;
	char *replacement;     /* True, False, Conditional or NULL */
} samc_cfn_change;

typedef struct samc_cfn_change_set {
	char *change_set_id;
	char *stack_id;
	char *status;           /* CREATE_PENDING, CREATE_IN_PROGRESS, CREATE_COMPLETE, FAILED ... */
	char *status_reason;    /* may be NULL */
	char *execution_status; /* AVAILABLE, UNAVAILABLE, ... */
	samc_cfn_change *changes; /* every page */
	size_t nchanges;
} samc_cfn_change_set;
void samc_cfn_change_set_free(samc_cfn_change_set *cs);

/* DescribeChangeSet, following NextToken until every change is read. */
int samc_cfn_describe_change_set(samc_aws_client *c, const char *stack_name,
				 const char *change_set_name, samc_cfn_change_set **out,
				 samc_error **err);
/* ExecuteChangeSet; disable_rollback < 0 = not sent, 0 = false, 1 = true. */
int samc_cfn_execute_change_set(samc_aws_client *c, const char *stack_name,
				const char *change_set_name, int disable_rollback,
				samc_error **err);

typedef struct samc_cfn_event {
	char *event_id;
	char *timestamp;       /* ISO 8601 as CloudFormation sends it */
	char *status;          /* ResourceStatus */
	char *detailed_status; /* may be NULL */
	char *resource_type;
	char *logical_id;
	char *physical_id;     /* may be NULL */
	char *status_reason;   /* may be NULL */
} samc_cfn_event;

typedef struct samc_cfn_events {
	samc_cfn_event *events; /* newest first, as the API returns them */
	size_t nevents;
	char *next_token;       /* NULL on the last page */
} samc_cfn_events;
void samc_cfn_events_free(samc_cfn_events *ev);

/* One page of DescribeStackEvents (next_token NULL for the first). */
int samc_cfn_describe_stack_events(samc_aws_client *c, const char *stack_name,
				   const char *next_token, samc_cfn_events **out,
				   samc_error **err);

/* DeleteStack, retaining the given logical ids (may be 0). */
int samc_cfn_delete_stack(samc_aws_client *c, const char *stack_name,
			  const char *const *retain, size_t nretain, samc_error **err);

/* RollbackStack: a stack left in UPDATE_FAILED (rollback disabled) back to its last good state. */
int samc_cfn_rollback_stack(samc_aws_client *c, const char *stack_name, samc_error **err);

/* GetTemplate; stage "Original" or "Processed" (NULL = not sent). *body owned by caller. */
int samc_cfn_get_template(samc_aws_client *c, const char *stack_name, const char *stage,
			  char **body, samc_error **err);

/* GetTemplateSummary of a deployed stack: the template's parameter keys. */
int samc_cfn_get_template_summary(samc_aws_client *c, const char *stack_name,
				  char ***parameter_keys, size_t *nkeys, samc_error **err);
/* Frees an array of n strings (and the array). */
void samc_aws_strv_free(char **v, size_t n);

#endif
