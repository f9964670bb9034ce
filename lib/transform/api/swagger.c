/* swagger.c — SwaggerEditor's life cycle (construction, the `swagger` property) and its static
 * helpers: validity and version checks, the skeleton, path and method name normalization. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/api/swagger_internal.h"
#include "util/buf.h"

#define SW_INVALID_DOC \
	"Invalid Swagger document or the Swagger document is not explicitly defined in 'DefinitionBody'."

/* ---- editor state ---- */

void sw_ensure_dict(cJSON **slot, bool *own)
{
	if (xf_truthy(*slot))
		return;
	if (*own)
		cJSON_Delete(*slot);
	*slot = py27_dict_new();
	*own = true;
}

void sw_attach(swagger_editor *ed, const char *key, cJSON **slot, bool *own)
{
	if (!*own || !*slot)
		return;
	sw_set(ed->doc, key, false, *slot);
	*own = false;
}

/* `self.<attr> = self._doc.get(key) or Py27Dict()` (or_new) / `self._doc.get(key, Py27Dict())`. */
static void pick(swagger_editor *ed, const char *key, bool or_new, cJSON **slot, bool *own)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(ed->doc, key);
	if (v && (!or_new || xf_truthy(v))) {
		*slot = v;
		*own = false;
		return;
	}
	*slot = py27_dict_new();
	*own = true;
}

static int validate_path_items(swagger_editor *ed)
{
	size_t n = 0;
	cJSON **members = sw_members(ed->paths, &n);
	int rc = XF_OK;
	for (size_t i = 0; i < n && rc == XF_OK; i++) {
		cJSON **items = NULL;
		size_t k = 0;
		rc = sw_conditional(ed->x, members[i], &items, &k);
		for (size_t j = 0; j < k && rc == XF_OK; j++)
			rc = swagger_validate_path_item_is_dict(ed->x, items[j], members[i]->string);
		free(items);
	}
	free(members);
	return rc;
}

int swagger_editor_init(swagger_editor *ed, xf *x, const cJSON *doc)
{
	memset(ed, 0, sizeof(*ed));
	ed->x = x;
	if (!xf_truthy(doc) || !swagger_is_valid(doc))
		return xf_fail_document(x, SW_INVALID_DOC);
	ed->doc = swagger_deepcopy(doc);
	if (!ed->doc)
		return XF_NOMEM;
	ed->paths = cJSON_GetObjectItemCaseSensitive(ed->doc, "paths");
	pick(ed, "securityDefinitions", true, &ed->security_definitions, &ed->own_security_definitions);
	pick(ed, "x-amazon-apigateway-gateway-responses", true, &ed->gateway_responses,
	     &ed->own_gateway_responses);
	pick(ed, "x-amazon-apigateway-policy", true, &ed->resource_policy, &ed->own_resource_policy);
	pick(ed, "definitions", false, &ed->definitions, &ed->own_definitions);
	int rc = validate_path_items(ed);
	if (rc != XF_OK)
		swagger_editor_free(ed);
	return rc;
}

void swagger_editor_free(swagger_editor *ed)
{
	if (ed->own_security_definitions)
		cJSON_Delete(ed->security_definitions);
	if (ed->own_gateway_responses)
		cJSON_Delete(ed->gateway_responses);
	if (ed->own_resource_policy)
		cJSON_Delete(ed->resource_policy);
	if (ed->own_definitions)
		cJSON_Delete(ed->definitions);
	cJSON_Delete(ed->doc);
	xf *x = ed->x;
	memset(ed, 0, sizeof(*ed));
	ed->x = x;
}

cJSON *swagger_swagger(swagger_editor *ed)
{
	if (xf_truthy(ed->security_definitions))
		sw_attach(ed, "securityDefinitions", &ed->security_definitions, &ed->own_security_definitions);
	if (xf_truthy(ed->gateway_responses))
		sw_attach(ed, "x-amazon-apigateway-gateway-responses", &ed->gateway_responses,
			  &ed->own_gateway_responses);
	if (xf_truthy(ed->definitions))
		sw_attach(ed, "definitions", &ed->definitions, &ed->own_definitions);
	return swagger_deepcopy(ed->doc);
}

/* ---- validity and versions ---- */

/* re.match(r"\A<first>(\.\d)(\.\d)?$", s) with ASCII digits; `$` also matches before a final
 * newline. */
static bool match_version(const char *s, char lo, char hi)
{
	if (!s || s[0] < lo || s[0] > hi)
		return false;
	const char *p = s + 1;
	for (int group = 0; group < 2; group++) {
		if (p[0] == '.' && p[1] >= '0' && p[1] <= '9')
			p += 2;
		else if (group == 0)
			return false;
	}
	return p[0] == '\0' || (p[0] == '\n' && p[1] == '\0');
}

static bool version_matches(const cJSON *v, char lo, char hi)
{
	char *s = sw_pystr(v);
	bool ok = match_version(s, lo, hi);
	free(s);
	return ok;
}

bool swagger_validate_open_api_version_3(const cJSON *v)
{
	return version_matches(v, '3', '3');
}

bool swagger_openapi_version_supported(const cJSON *v)
{
	return version_matches(v, '2', '3');
}

bool swagger_is_valid(const cJSON *data)
{
	if (!xf_truthy(data) || !cJSON_IsObject(data) || !cJSON_IsObject(xf_get(data, "paths")))
		return false;
	if (xf_truthy(xf_get(data, "swagger")))
		return true;
	const cJSON *openapi = xf_get(data, "openapi");
	return xf_truthy(openapi) && swagger_validate_open_api_version_3(openapi);
}

cJSON *swagger_gen_skeleton(void)
{
	cJSON *title = cJSON_CreateObject();
	SAMC_JSON_ADD_STRING(title, "Ref", "AWS::StackName");
	cJSON *info = sw_py27_dict("version", cJSON_CreateString("1.0"), "title", title, NULL);
	return sw_py27_dict("swagger", cJSON_CreateString("2.0"), "info", info, "paths", py27_dict_new(), NULL);
}

/* ---- names ---- */

static bool greedy_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
	       c == '_' || c == '-';
}

/* Length of a {name}, {name+} or {proxy+} match at p, 0 when none. */
static size_t greedy_match(const char *p)
{
	if (*p != '{')
		return 0;
	size_t i = 1;
	while (greedy_char(p[i]))
		i++;
	if (i == 1)
		return 0;
	if (p[i] == '+')
		i++;
	return p[i] == '}' ? i + 1 : 0;
}

char *swagger_get_path_without_trailing_slash_str(const char *path)
{
	samc_buf b = SAMC_BUF_INIT;
	for (const char *p = path; *p;) {
		size_t n = greedy_match(p);
		if (n) {
			samc_buf_putc(&b, '*');
			p += n;
		} else
			samc_buf_putc(&b, *p++);
	}
	return samc_buf_detach(&b);
}

cJSON *swagger_get_path_without_trailing_slash(const cJSON *path)
{
	char *s = swagger_get_path_without_trailing_slash_str(sw_text(path));
	cJSON *out = s ? sw_str(s, sw_is_ustr(path)) : NULL;
	free(s);
	return out;
}

const char *swagger_get_validator_name(bool validate_body, bool validate_parameters)
{
	if (validate_body && validate_parameters)
		return "body-and-params";
	if (validate_body)
		return "body-only";
	if (validate_parameters)
		return "params-only";
	return "no-validation";
}

char *sw_normalize(const char *method)
{
	char *lower = sw_lower(method);
	if (lower && strcmp(lower, "any") == 0) {
		free(lower);
		return samc_strdup(SW_X_ANY_METHOD);
	}
	return lower;
}

cJSON *swagger_normalize_method_name(const cJSON *method)
{
	if (!xf_truthy(method) || !cJSON_IsString(method))
		return sw_copy(method);
	char *name = sw_normalize(method->valuestring);
	if (!name)
		return NULL;
	bool unicode = sw_is_ustr(method) && strcmp(name, SW_X_ANY_METHOD) != 0;
	cJSON *out = sw_str(name, unicode);
	free(name);
	return out;
}

const char *sw_text(const cJSON *v)
{
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* ---- validation ---- */

int swagger_validate_is_dict(xf *x, const cJSON *obj, const char *message)
{
	if (cJSON_IsObject(obj))
		return XF_OK;
	return xf_fail_document(x, "%s", message);
}

int swagger_validate_path_item_is_dict(xf *x, const cJSON *path_item, const char *path)
{
	if (cJSON_IsObject(path_item))
		return XF_OK;
	return xf_fail_document(x, "Value of '%s' path must be a dictionary according to Swagger spec.", path);
}

int swagger_validate_method_definition_is_dict(xf *x, const cJSON *method_definition, const char *path,
					       const char *method)
{
	if (cJSON_IsObject(method_definition))
		return XF_OK;
	return xf_fail_document(x, "Definition of method '%s' for path '%s' should be a map.", method, path);
}

void swagger_template_error_to_resource(xf *x, const char *resource_id)
{
	if (x->pending.kind != XF_ERR_TEMPLATE)
		return;
	char *msg = x->pending.message;
	x->pending.message = NULL;
	xf_pending_clear(&x->pending);
	xf_fail_resource(x, resource_id, "Structure of the SAM template is invalid. %s", msg ? msg : "");
	free(msg);
}
