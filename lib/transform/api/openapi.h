/* openapi.h — the HTTP API body editor (open_api/open_api.py OpenApiEditor on top of
 * open_api/base_editor.py) and the OpenAPI fragments of model/apigatewayv2.py ApiGatewayV2Authorizer. */
#ifndef SAMC_TRANSFORM_API_OPENAPI_H
#define SAMC_TRANSFORM_API_OPENAPI_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "transform/api/swagger.h"
#include "transform/xf.h"

/* Conventions are those of swagger.h: functions that can raise return XF_OK, XF_FAIL (the
 * exception is pending in ed->base.x, worded as the reference raises it; Python's
 * InvalidDocumentException([InvalidTemplateException(m)]) is xf_fail_document) or XF_NOMEM.
 * `path` and `method` arguments are string nodes whose Py27UniStr flag travels with them. The
 * editor works on its own deep copy of the body and openapi_openapi returns another copy. */

#define OPENAPI_X_INTEGRATION "x-amazon-apigateway-integration"
#define OPENAPI_X_ANY_METHOD "x-amazon-apigateway-any-method"
#define OPENAPI_X_CORS "x-amazon-apigateway-cors"
#define OPENAPI_X_TAG_VALUE "x-amazon-apigateway-tag-value"
#define OPENAPI_X_ENDPOINT_CONFIG "x-amazon-apigateway-endpoint-configuration"
#define OPENAPI_X_AUTHORIZER "x-amazon-apigateway-authorizer"
#define OPENAPI_DEFAULT_PATH "$default"

/* The editor. `base` holds BaseEditor's state (base.x, base.doc = _doc (owned), base.paths), so
 * the BaseEditor walks of swagger.h apply to it unchanged; the other swagger_editor fields stay
 * unused. Each of the four attributes below is either a live part of the doc or a detached
 * object owned here (own_* set) until openapi_openapi attaches it, as in Python. */
typedef struct openapi_editor {
	swagger_editor base;
	cJSON *security_schemes; /* components.securitySchemes or Py27Dict() */
	cJSON *definitions;      /* definitions or Py27Dict() */
	cJSON *tags;             /* tags or [] */
	cJSON *info;             /* info or Py27Dict() */
	bool own_security_schemes, own_definitions, own_tags, own_info;
} openapi_editor;

/* ---- construction / output (openapi.c) ---- */

/* OpenApiEditor.__init__(doc): "Invalid OpenApi document. Invalid values or missing keys for
 * 'openapi' or 'paths' in 'DefinitionBody'." unless openapi_is_valid; "Invalid OpenApi document:
 * The value of 'components' should be a map" (document errors). On failure ed holds nothing. */
int openapi_editor_init(openapi_editor *ed, xf *x, const cJSON *doc);
void openapi_editor_free(openapi_editor *ed);
/* The `openapi` property: writes tags, components.securitySchemes and info back (when truthy)
 * and returns a deep copy (caller owns; NULL on OOM). */
cJSON *openapi_openapi(openapi_editor *ed);

/* OpenApiEditor.is_valid(data): a truthy dict whose "paths" is a dict, with a truthy "openapi"
 * whose str() matches \A3(\.\d)(\.\d)?$. */
bool openapi_is_valid(const cJSON *data);
/* OpenApiEditor.gen_skeleton(): Py27Dict {openapi: "3.0.1", info: {version: "1.0", title:
 * {"Ref": "AWS::StackName"}}, paths: {}}. NULL on OOM. */
cJSON *openapi_gen_skeleton(void);
/* OpenApiEditor.get_path_without_trailing_slash(path): {name} and {proxy+} -> "*". Malloc'd. */
char *openapi_get_path_without_trailing_slash(const char *path);
/* model/intrinsics.py is_intrinsic: a one-key dict whose key is Ref, Condition or Fn::*. */
bool openapi_is_intrinsic(const cJSON *v);
/* has_api_gateway_cors():  bool(_doc.get("x-amazon-apigateway-cors")). */
bool openapi_has_api_gateway_cors(const openapi_editor *ed);

/* ---- BaseEditor (the swagger.h walks on ed->base) ---- */
cJSON *openapi_iter_on_path(openapi_editor *ed); /* array of path string nodes (caller owns) */
int openapi_has_path(openapi_editor *ed, const cJSON *path, const cJSON *method, bool *out);
int openapi_has_integration(openapi_editor *ed, const cJSON *path, const cJSON *method, bool *out);
int openapi_add_path(openapi_editor *ed, const cJSON *path, const cJSON *method);
int openapi_make_path_conditional(openapi_editor *ed, const cJSON *path, const cJSON *condition);
int openapi_add_timeout_to_method(openapi_editor *ed, const cJSON *api, const cJSON *path, const cJSON *method_name,
				  const cJSON *timeout);

/* ---- integrations (openapi_integration.c) ---- */

/* is_integration_function_logical_id_match(path_name, method_name, logical_id): every method
 * definition at path/method has a uri whose Fn::Sub names `${<logical_id>.Arn}` first.
 * "Value of 'x-amazon-apigateway-integration' must be a dictionary according to Swagger spec." */
int openapi_is_integration_function_logical_id_match(openapi_editor *ed, const cJSON *path_name,
						     const cJSON *method_name, const char *logical_id, bool *out);
/* add_lambda_integration(path, method, integration_uri, method_auth_config=None,
 * api_auth_config=None, condition=None, invoke_mode=None): NULL = None; the two auth configs are
 * unused (as in the reference); integration_uri copied. */
int openapi_add_lambda_integration(openapi_editor *ed, const cJSON *path, const cJSON *method,
				   const cJSON *integration_uri, const cJSON *method_auth_config,
				   const cJSON *api_auth_config, const cJSON *condition, const cJSON *invoke_mode);
/* add_path_parameters_to_method(api, path, method_name, path_parameters): path_parameters is
 * an array of string nodes (re.findall("{(.*?)}", path)); `api` is unused (as in the reference). */
int openapi_add_path_parameters_to_method(openapi_editor *ed, const cJSON *api, const cJSON *path,
					  const cJSON *method_name, const cJSON *path_parameters);
/* add_payload_format_version_to_method(api, path, method_name, payload_format_version). */
int openapi_add_payload_format_version_to_method(openapi_editor *ed, const cJSON *api, const cJSON *path,
						 const cJSON *method_name, const cJSON *payload_format_version);

/* ---- document-level settings (openapi_settings.c) ---- */

/* add_tags(tags): "Tags in OpenApi DefinitionBody needs to be a list. {tags} is a {type} not a
 * list." (document error); existing tag -> value overwritten, else {name, x-..-tag-value}. */
int openapi_add_tags(openapi_editor *ed, const cJSON *tags);
/* add_endpoint_config(disable_execute_api_endpoint): "Value of 'servers' item must be a
 * dictionary according to Swagger spec." */
int openapi_add_endpoint_config(openapi_editor *ed, const cJSON *disable_execute_api_endpoint);
/* add_cors(allow_origins, allow_headers=None, allow_methods=None, expose_headers=None,
 * max_age=None, allow_credentials=None): NULL = None. "Value of 'x-amazon-apigateway-cors' must
 * be a dictionary according to Swagger spec." */
int openapi_add_cors(openapi_editor *ed, const cJSON *allow_origins, const cJSON *allow_headers,
		     const cJSON *allow_methods, const cJSON *expose_headers, const cJSON *max_age,
		     const cJSON *allow_credentials);
/* add_description(description) / add_title(title): info.description unless already truthy;
 * info.title only while it is still {"Ref": "AWS::StackName"}. */
int openapi_add_description(openapi_editor *ed, const cJSON *description);
int openapi_add_title(openapi_editor *ed, const cJSON *title);

/* ---- authorizers (model/apigatewayv2.py ApiGatewayV2Authorizer; openapi_authorizer.c) ---- */

typedef enum openapi_auth_type { OPENAPI_AUTH_AWS_IAM, OPENAPI_AUTH_JWT, OPENAPI_AUTH_REQUEST } openapi_auth_type;

/* One authorizer. Values borrow from the API's Auth config (NULL = None) except
 * jwt_configuration, which is the reference's lower-cased copy (owned). */
typedef struct openapi_authorizer {
	const char *api_logical_id;
	const char *name; /* NULL for the built-in AWS_IAM authorizer */
	const cJSON *authorization_scopes;
	cJSON *jwt_configuration;
	const cJSON *id_source;
	const cJSON *function_arn;
	const cJSON *function_invoke_role;
	const cJSON *identity;
	const cJSON *authorizer_payload_format_version;
	const cJSON *enable_simple_responses;
	bool is_aws_iam_authorizer;
	const cJSON *enable_function_default_permissions;
} openapi_authorizer;

/* The dict HttpApiGenerator._get_authorizers returns: name -> authorizer in insertion order (a
 * later authorizer of the same name replaces an earlier one in place). */
typedef struct openapi_authorizers {
	openapi_authorizer *items;
	size_t n;
} openapi_authorizers;

/* HttpApiGenerator._get_authorizers(authorizers_config, enable_iam_authorizer) with every
 * ApiGatewayV2Authorizer.__init__ validation ("AuthorizationScopes must be a list.", "{P} is only
 * supported for {kind}.", "{name} OAuth2 Authorizer must define 'JwtConfiguration'." ...). Resource
 * errors on api_logical_id. Free with openapi_authorizers_free (also after a failure). */
int openapi_get_authorizers(xf *x, const char *api_logical_id, const cJSON *authorizers_config,
			    bool enable_iam_authorizer, openapi_authorizers *out);
void openapi_authorizers_free(openapi_authorizers *a);
const openapi_authorizer *openapi_authorizers_get(const openapi_authorizers *a, const char *name);
openapi_auth_type openapi_authorizer_type(const openapi_authorizer *a);
/* ApiGatewayV2Authorizer.generate_openapi(): the securitySchemes entry (plain dicts). */
int openapi_authorizer_generate_openapi(xf *x, const openapi_authorizer *a, cJSON **out);

/* ---- auth in the body (openapi_auth.c) ---- */

/* add_authorizers_security_definitions(authorizers). */
int openapi_add_authorizers_security_definitions(openapi_editor *ed, const openapi_authorizers *authorizers);
/* set_path_default_authorizer(path, default_authorizer, authorizers): "Could not find {m} in
 * {path} within DefinitionBody." (document error). default_authorizer: a string node. */
int openapi_set_path_default_authorizer(openapi_editor *ed, const cJSON *path, const cJSON *default_authorizer,
					const openapi_authorizers *authorizers);
/* add_auth_to_method(path, method_name, auth, api): auth = the event's Auth dict, api = the
 * API's Properties ({"Auth": {"Authorizers": ...}} is read). "Type of authorizer '{name}' must be
 * a dictionary", "Type of security for path {p} method {m} must be a list" (document errors). */
int openapi_add_auth_to_method(openapi_editor *ed, const cJSON *path, const cJSON *method_name, const cJSON *auth,
			       const cJSON *api);

#endif
