/* swagger.h — the REST API body editor (swagger/swagger.py SwaggerEditor + open_api/base_editor.py)
 * and the swagger fragments of model/apigateway.py (ApiGatewayAuthorizer, ApiGatewayResponse). */
#ifndef SAMC_TRANSFORM_API_SWAGGER_H
#define SAMC_TRANSFORM_API_SWAGGER_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "transform/xf.h"

/* Conventions
 * - Every function that can raise returns XF_OK, XF_FAIL (the exception is pending in ed->x /
 *   x, worded as the reference raises it) or XF_NOMEM. Python's
 *   InvalidDocumentException([InvalidTemplateException(m)]) is xf_fail_document(m); a bare
 *   InvalidTemplateException(m) is xf_fail_template(m) (see swagger_template_error_to_resource).
 * - Values the reference takes from the template are passed as cJSON nodes, because their Python
 *   type matters: a string node flagged SAMC_PY27_UNICODE is a Py27UniStr and changes str() of
 *   the body (the REST deployment hash). `path` and `method` arguments are string nodes (the
 *   event's Path / Method node, or a node from swagger_iter_on_path); wrap a C literal with
 *   cJSON_CreateString (plain str) or py27_ustr (Py27UniStr) when needed.
 * - The editor works on its own copy of the body (Python deep-copies in __init__), and
 *   swagger_swagger returns another copy (the `swagger` property), as Python does; copies follow
 *   Py27Dict.__deepcopy__ (key history = current Py27 iteration order). */

/* The editor. Fields mirror SwaggerEditor's attributes; read doc/paths freely, mutate only
 * through the functions below. */
typedef struct swagger_editor {
	xf *x;                        /* errors are raised here */
	cJSON *doc;                   /* _doc (owned) */
	cJSON *paths;                 /* _doc["paths"] (borrowed from doc) */
	cJSON *security_definitions;  /* _doc["securityDefinitions"] or a detached Py27Dict */
	cJSON *gateway_responses;     /* _doc["x-amazon-apigateway-gateway-responses"] or detached */
	cJSON *resource_policy;       /* _doc["x-amazon-apigateway-policy"] or detached */
	cJSON *definitions;           /* _doc["definitions"] or detached */
	/* Set when the matching object above is detached (owned here, not yet in doc). */
	bool own_security_definitions, own_gateway_responses, own_resource_policy, own_definitions;
} swagger_editor;

/* ---- construction / output ---- */

/* SwaggerEditor.__init__(doc): "Invalid Swagger document or the Swagger document is not
 * explicitly defined in 'DefinitionBody'." when doc is falsy or not is_valid; then validates
 * every path item (following Fn::If). doc is deep-copied; on failure ed holds nothing. */
int swagger_editor_init(swagger_editor *ed, xf *x, const cJSON *doc);
void swagger_editor_free(swagger_editor *ed);
/* SwaggerEditor.swagger property: writes paths / securityDefinitions /
 * x-amazon-apigateway-gateway-responses / definitions back (the last three when truthy) and
 * returns a deep copy (caller owns; NULL on OOM). */
cJSON *swagger_swagger(swagger_editor *ed);

/* ---- static helpers ---- */

/* SwaggerEditor.is_valid(data): a truthy dict whose "paths" is a dict and with a truthy
 * "swagger", or a truthy "openapi" matching \A3(\.\d)(\.\d)?$ (tested on str(value)). */
bool swagger_is_valid(const cJSON *data);
/* SwaggerEditor.validate_open_api_version_3(v) == safe_compare_regex_with_string(
 * _OPENAPI_VERSION_3_REGEX, v): re.match(r"\A3(\.\d)(\.\d)?$", str(v)). */
bool swagger_validate_open_api_version_3(const cJSON *v);
/* safe_compare_regex_with_string(get_openapi_versions_supported_regex(), v):
 * re.match(r"\A[2-3](\.\d)(\.\d)?$", str(v)) (used by ApiGenerator._validate_properties). */
bool swagger_openapi_version_supported(const cJSON *v);
/* SwaggerEditor.gen_skeleton(): Py27Dict {swagger: "2.0", info: {version: "1.0", title:
 * {"Ref": "AWS::StackName"}}, paths: {}}. NULL on OOM. */
cJSON *swagger_gen_skeleton(void);
/* SwaggerEditor.get_path_without_trailing_slash(path): {name}, {name+}, {proxy+} -> "*".
 * Returns a string node with path's Py27UniStr flag (caller owns). */
cJSON *swagger_get_path_without_trailing_slash(const cJSON *path);
/* The same on a C string (flag dropped; push.py's permission uses it in an f-string). Malloc'd. */
char *swagger_get_path_without_trailing_slash_str(const char *path);
/* SwaggerEditor.get_validator_name(validate_body, validate_parameters): "body-and-params",
 * "body-only", "params-only", "no-validation". */
const char *swagger_get_validator_name(bool validate_body, bool validate_parameters);
/* BaseEditor._normalize_method_name(method): lower case, "any" -> x-amazon-apigateway-any-method.
 * Returns a new string node (Py27UniStr flag kept except for the any-method literal); a
 * non-string or empty method is copied as is. */
cJSON *swagger_normalize_method_name(const cJSON *method);
/* BaseEditor.validate_is_dict(obj, message): xf_fail_document(message) unless obj is a dict. */
int swagger_validate_is_dict(xf *x, const cJSON *obj, const char *message);
/* BaseEditor.validate_path_item_is_dict: "Value of '{path}' path must be a dictionary according
 * to Swagger spec." */
int swagger_validate_path_item_is_dict(xf *x, const cJSON *path_item, const char *path);
/* BaseEditor.validate_method_definition_is_dict: "Definition of method '{method}' for path
 * '{path}' should be a map." */
int swagger_validate_method_definition_is_dict(xf *x, const cJSON *method_definition,
					       const char *path, const char *method);
/* BaseEditor.get_conditional_contents(item): [item] (item may be NULL: None), or for a dict with
 * "Fn::If" the list's items after the first, minus {"Ref": "AWS::NoValue"}; "Value of Fn::If
 * must be a list." (document error) when Fn::If is not a list. Fills out[] with borrowed
 * pointers (at most max) and *n with the count. */
int swagger_get_conditional_contents(xf *x, cJSON *item, cJSON **out, size_t max, size_t *n);
/* BaseEditor.method_definition_has_integration: truthy x-amazon-apigateway-integration. */
bool swagger_method_definition_has_integration(const cJSON *method_definition);
/* A bare InvalidTemplateException caught and re-raised by the caller as
 * InvalidResourceException(id, ex.message) (ApiGenerator._add_cors does this around add_cors):
 * turns a pending XF_ERR_TEMPLATE into "Resource with id [id] is invalid. Structure of the SAM
 * template is invalid. {msg}". No-op for other pending kinds. */
void swagger_template_error_to_resource(xf *x, const char *resource_id);
/* Deep copy with Python copy.deepcopy semantics for Py27 values: each Py27Dict's key history
 * becomes its current Py27 iteration order (Py27Keys.__deepcopy__); flags kept. */
cJSON *swagger_deepcopy(const cJSON *v);

/* ---- paths and methods (BaseEditor) ---- */

/* BaseEditor.iter_on_path(): a snapshot of the path names in paths' iteration order, as a new
 * cJSON array of string nodes carrying each key's Py27UniStr flag (caller owns; NULL on OOM). */
cJSON *swagger_iter_on_path(swagger_editor *ed);
/* BaseEditor.has_path(path, method=None): method may be NULL. For Fn::If paths every branch
 * must have the method. */
int swagger_has_path(swagger_editor *ed, const cJSON *path, const cJSON *method, bool *out);
/* BaseEditor.has_integration(path, method). */
int swagger_has_integration(swagger_editor *ed, const cJSON *path, const cJSON *method, bool *out);
/* BaseEditor.method_has_integration(raw_method_definition, path, method). */
int swagger_method_has_integration(swagger_editor *ed, cJSON *raw_method_definition,
				   const char *path, const char *method, bool *out);
/* BaseEditor.add_path(path, method=None): paths.setdefault(path, Py27Dict()), then setdefault
 * (method, Py27Dict()) in each conditional branch. "Value of '{path}' path must be a dictionary
 * according to Swagger spec." */
int swagger_add_path(swagger_editor *ed, const cJSON *path, const cJSON *method);
/* BaseEditor.make_path_conditional(path, condition): paths[path] = {"Fn::If": [condition,
 * paths[path], {"Ref": "AWS::NoValue"}]} (a plain dict). condition: string node. */
int swagger_make_path_conditional(swagger_editor *ed, const cJSON *path, const cJSON *condition);
/* BaseEditor.add_timeout_to_method(api, path, method_name, timeout): sets
 * integration.timeoutInMillis = timeout (copied) on every integrated method definition. */
int swagger_add_timeout_to_method(swagger_editor *ed, const cJSON *api, const cJSON *path,
				  const cJSON *method_name, const cJSON *timeout);

/* ---- integrations ---- */

/* push.py _build_apigw_integration_uri(function, partition, response_transfer_mode):
 * Py27Dict {"Fn::Sub": "arn:{partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/
 * functions/${Fn.Arn}/invocations"} (2021-11-15 + /response-streaming-invocations for
 * RESPONSE_STREAM); the string is a Py27UniStr when function_id_unicode. partition is a literal
 * partition ("aws") for REST, "${AWS::Partition}" for HTTP APIs. NULL on OOM. */
cJSON *swagger_build_apigw_integration_uri(const char *function_id, bool function_id_unicode,
					   const char *partition, const cJSON *response_transfer_mode);
/* SwaggerEditor.add_lambda_integration(path, method, integration_uri, method_auth_config,
 * api_auth_config, condition=None, invoke_mode=None): "Lambda integration already exists on
 * Path={path}, Method={method}"; adds {type: aws_proxy, httpMethod: POST, uri[, responseTransferMode
 * STREAM][, credentials]} + responses {} (wrapped in Fn::If when condition). method_auth_config /
 * api_auth_config: dicts (Python passes `self.Auth or Py27Dict()`; NULL = empty). condition,
 * invoke_mode: NULL = None. integration_uri is copied. */
int swagger_add_lambda_integration(swagger_editor *ed, const cJSON *path, const cJSON *method,
				   const cJSON *integration_uri, const cJSON *method_auth_config,
				   const cJSON *api_auth_config, const cJSON *condition,
				   const cJSON *invoke_mode);
/* SwaggerEditor.add_state_machine_integration(path, method, integration_uri, credentials,
 * request_templates=None, condition=None): "Integration already exists on Path={path},
 * Method={method}". All values copied; NULL = None. */
int swagger_add_state_machine_integration(swagger_editor *ed, const cJSON *path, const cJSON *method,
					  const cJSON *integration_uri, const cJSON *credentials,
					  const cJSON *request_templates, const cJSON *condition);
/* SwaggerEditor.add_disable_execute_api_endpoint_extension(value): sets
 * x-amazon-apigateway-endpoint-configuration.disableExecuteApiEndpoint at the top level, or in
 * every `servers` entry for an openapi 3 document. "Invalid OpenAPI definition: {e}." /
 * "Invalid OpenAPI definition of 'servers[{i}]': {e}." */
int swagger_add_disable_execute_api_endpoint_extension(swagger_editor *ed, const cJSON *value);

/* ---- CORS and binary media types ---- */

/* SwaggerEditor.add_cors(path, allowed_origins, allowed_headers=None, allowed_methods=None,
 * max_age=None, allow_credentials=None): adds the mock OPTIONS method to each branch of the path
 * that has none. Raises the bare InvalidTemplateException "Invalid input. Value for
 * AllowedOrigins is required" (xf_fail_template). NULL = None for the optional values. */
int swagger_add_cors(swagger_editor *ed, const cJSON *path, const cJSON *allowed_origins,
		     const cJSON *allowed_headers, const cJSON *allowed_methods, const cJSON *max_age,
		     const cJSON *allow_credentials);
/* SwaggerEditor.add_binary_media_types(binary_media_types): "~1" -> "/" in every string and key
 * (as Py27UniStr), stored as x-amazon-apigateway-binary-media-types. */
int swagger_add_binary_media_types(swagger_editor *ed, const cJSON *binary_media_types);

/* ---- authorizers (model/apigateway.py ApiGatewayAuthorizer) ---- */

typedef struct swagger_authorizer {
	const char *api_logical_id;
	const char *name;
	bool name_unicode;                   /* the name is a Py27UniStr (a template key) */
	const cJSON *user_pool_arn;          /* borrowed; NULL = None */
	const cJSON *function_arn;
	const cJSON *identity;
	const cJSON *function_payload_type;  /* None, "TOKEN" or "REQUEST" */
	const cJSON *function_invoke_role;
	bool is_aws_iam_authorizer;
	const cJSON *authorization_scopes;   /* NULL = [] */
	const cJSON *disable_function_default_permissions;
} swagger_authorizer;

/* An ordered authorizer map (the Py27Dict ApiGenerator._get_authorizers builds): items in its
 * iteration order. Values borrow from the Auth config they were built from. */
typedef struct swagger_authorizers {
	swagger_authorizer *items;
	size_t n;
} swagger_authorizers;

/* ApiGatewayAuthorizer.__init__ validation: "{name} Authorizer has invalid
 * 'FunctionPayloadType': {t}.", "{name} Authorizer must specify Identity with at least one of
 * Headers, QueryStrings, StageVariables, or Context.", sam_expect on AuthorizationScopes (list),
 * DisableFunctionDefaultPermissions (bool), Identity (map) — resource errors on api_logical_id. */
int swagger_authorizer_validate(xf *x, const swagger_authorizer *a);
/* ApiGatewayAuthorizer.generate_swagger(): the securityDefinitions entry (a new Py27Dict). */
int swagger_authorizer_generate_swagger(xf *x, const swagger_authorizer *a, cJSON **out);
/* ApiGenerator._get_authorizers(authorizers_config, default_authorizer): the ordered map with
 * AWS_IAM first when default_authorizer is "AWS_IAM"; out->n == 0 and out->items NULL where
 * Python returns None. sam_expect "Auth.Authorizers" / "Auth.Authorizers.{name}" (maps), then
 * each authorizer validated. default_authorizer may be NULL. Free with swagger_authorizers_free. */
int swagger_get_authorizers(xf *x, const char *api_logical_id, const cJSON *authorizers_config,
			    const cJSON *default_authorizer, swagger_authorizers *out);
void swagger_authorizers_free(swagger_authorizers *a);
/* authorizers.get(name) (NULL when absent). */
const swagger_authorizer *swagger_authorizers_get(const swagger_authorizers *a, const char *name);

/* SwaggerEditor.add_authorizers_security_definitions(authorizers): a securityDefinitions that is
 * not a dict raises the bare InvalidTemplateException "securityDefinitions must be a
 * dictionary." (the corpus's newer behaviour; 1.110.0 crashes). */
int swagger_add_authorizers_security_definitions(swagger_editor *ed, const swagger_authorizers *authorizers);
/* SwaggerEditor.add_awsiam_security_definition() (idempotent). */
int swagger_add_awsiam_security_definition(swagger_editor *ed);
/* SwaggerEditor.add_apikey_security_definition() (idempotent): bare InvalidTemplateException
 * "securityDefinitions must be a dictionary." */
int swagger_add_apikey_security_definition(swagger_editor *ed);
/* SwaggerEditor.set_path_default_authorizer(path, default_authorizer, authorizers,
 * add_default_auth_to_preflight=True). default_authorizer: string node (its flag becomes the
 * security key's); add_default_auth_to_preflight: Python truthiness of the setting. */
int swagger_set_path_default_authorizer(swagger_editor *ed, const cJSON *path,
					const cJSON *default_authorizer,
					const swagger_authorizers *authorizers,
					bool add_default_auth_to_preflight);
/* SwaggerEditor.set_path_default_apikey_required(path, required_options_api_key=True). */
int swagger_set_path_default_apikey_required(swagger_editor *ed, const cJSON *path,
					     bool required_options_api_key);
/* SwaggerEditor.add_auth_to_method(path, method_name, auth, api): auth = the event's Auth dict,
 * api = the API's Properties dict (its Auth.Authorizers raw config is read). */
int swagger_add_auth_to_method(swagger_editor *ed, const cJSON *path, const cJSON *method_name,
			       const cJSON *auth, const cJSON *api);

/* ---- request validation, models, parameters ---- */

/* SwaggerEditor.add_request_validator_to_method(path, method_name, validate_body,
 * validate_parameters). */
int swagger_add_request_validator_to_method(swagger_editor *ed, const cJSON *path,
					    const cJSON *method_name, bool validate_body,
					    bool validate_parameters);
/* SwaggerEditor.add_request_model_to_method(path, method_name, request_model): request_model =
 * the event's RequestModel dict (Model must be a string; the caller checked). */
int swagger_add_request_model_to_method(swagger_editor *ed, const cJSON *path,
					const cJSON *method_name, const cJSON *request_model);
/* SwaggerEditor.add_request_parameters_to_method(path, method_name, request_parameters):
 * request_parameters = list of dicts with Name, Required, Caching (as push.py builds them). */
int swagger_add_request_parameters_to_method(swagger_editor *ed, const cJSON *path,
					     const cJSON *method_name,
					     const cJSON *request_parameters);
/* SwaggerEditor.add_models(models): "'Models' schema is missing 'type'." (document error);
 * definitions[name.lower()] = schema (copied). */
int swagger_add_models(swagger_editor *ed, const cJSON *models);

/* ---- gateway responses (model/apigateway.py ApiGatewayResponse) ---- */

typedef struct swagger_gateway_response {
	const char *response_type;        /* the GatewayResponses key */
	bool response_type_unicode;
	const char *api_logical_id;
	const cJSON *response_parameters; /* borrowed; NULL or falsy = Py27Dict() */
	const cJSON *response_templates;  /* NULL or falsy = Py27Dict() */
	const cJSON *status_code;         /* NULL = None */
} swagger_gateway_response;

/* ApiGatewayResponse.__init__ validation: "Invalid gateway response parameter '{key}'",
 * "Property 'StatusCode' must be numeric" (resource errors on api_logical_id). */
int swagger_gateway_response_validate(xf *x, const swagger_gateway_response *r);
/* ApiGatewayResponse.generate_swagger(): {responseParameters (prefixed), responseTemplates,
 * [statusCode]}; sam_expect "ResponseParameters.{Headers|Paths|QueryStrings}" to be maps. */
int swagger_gateway_response_generate_swagger(xf *x, const swagger_gateway_response *r, cJSON **out);
/* SwaggerEditor.add_gateway_responses(gateway_responses): pass responses in the order
 * ApiGenerator's loop visits GatewayResponses (its iteration order); they are added in the
 * iteration order of the Py27Dict that loop fills, as the reference does. */
int swagger_add_gateway_responses(swagger_editor *ed, const swagger_gateway_response *responses,
				  size_t n);

/* ---- resource policy ---- */

/* SwaggerEditor.add_resource_policy(resource_policy, path, stage): resource_policy NULL = None
 * (no-op); "Resource Policy is not a valid dictionary.", "SourceVpcBlacklist must be a list of
 * strings. Use IntrinsicVpcBlacklist instead for values that use Intrinsic Functions" (and the
 * Whitelist twin), "Type of '{list}' must be a list or dictionary" (document errors). */
int swagger_add_resource_policy(swagger_editor *ed, const cJSON *resource_policy, const cJSON *path,
				const cJSON *stage);
/* SwaggerEditor.add_custom_statements(custom_statements). */
int swagger_add_custom_statements(swagger_editor *ed, const cJSON *custom_statements);

/* ---- ApiGenerator._openapi_postprocess (offered here: a pure body transform) ---- */
/* Moves securityDefinitions/definitions to components.securitySchemes/schemas, drops
 * produces/consumes of OPTIONS methods and wraps their 200 header values in {schema: ...} when
 * the effective OpenAPI version (body "openapi" when open_api_version is NULL, else
 * open_api_version; the normalized-version feature toggle is off) matches 3.x. Edits body in
 * place; a body with "swagger" is untouched. */
int swagger_openapi_postprocess(xf *x, cJSON *body, const cJSON *open_api_version);

#endif
