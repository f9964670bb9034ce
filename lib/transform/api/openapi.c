/* openapi.c — OpenApiEditor's life cycle (construction, the `openapi` property), its static
 * helpers (validity, skeleton, path wildcards) and the BaseEditor walks it inherits. */
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "transform/api/openapi.h"
#include "transform/api/swagger_internal.h"
#include "util/buf.h"

#define OPENAPI_INVALID_DOC                                                                                            \
	"Invalid OpenApi document. Invalid values or missing keys for 'openapi' or 'paths' in 'DefinitionBody'."

/* ---- construction ---- */

/* `self.<attr> = dict_deep_get(self._doc, key) or <new>`: the live value when truthy. */
static void pick(cJSON *value, bool list, cJSON **slot, bool *own)
{
	if (xf_truthy(value)) {
		*slot = value;
		*own = false;
		return;
	}
	*slot = list ? cJSON_CreateArray() : py27_dict_new();
	*own = true;
}

static int pick_attributes(openapi_editor *ed)
{
	cJSON *doc = ed->base.doc;
	cJSON *components = cJSON_GetObjectItemCaseSensitive(doc, "components");
	cJSON *schemes = NULL;
	if (components && !cJSON_IsNull(components)) {
		if (!cJSON_IsObject(components))
			return xf_fail_document(ed->base.x,
						"Invalid OpenApi document: The value of 'components' should be a map");
		schemes = cJSON_GetObjectItemCaseSensitive(components, "securitySchemes");
	}
	pick(schemes, false, &ed->security_schemes, &ed->own_security_schemes);
	pick(cJSON_GetObjectItemCaseSensitive(doc, "definitions"), false, &ed->definitions, &ed->own_definitions);
	pick(cJSON_GetObjectItemCaseSensitive(doc, "tags"), true, &ed->tags, &ed->own_tags);
	pick(cJSON_GetObjectItemCaseSensitive(doc, "info"), false, &ed->info, &ed->own_info);
	if (!ed->security_schemes || !ed->definitions || !ed->tags || !ed->info)
		return XF_NOMEM;
	return XF_OK;
}

int openapi_editor_init(openapi_editor *ed, xf *x, const cJSON *doc)
{
	memset(ed, 0, sizeof(*ed));
	ed->base.x = x;
	if (!xf_truthy(doc) || !openapi_is_valid(doc))
		return xf_fail_document(x, OPENAPI_INVALID_DOC);
	ed->base.doc = swagger_deepcopy(doc);
	if (!ed->base.doc)
		return XF_NOMEM;
	ed->base.paths = cJSON_GetObjectItemCaseSensitive(ed->base.doc, "paths");
	int rc = pick_attributes(ed);
	if (rc != XF_OK)
		openapi_editor_free(ed);
	return rc;
}

static void drop(cJSON **slot, bool *own)
{
	if (*own)
		cJSON_Delete(*slot);
	*slot = NULL;
	*own = false;
}

void openapi_editor_free(openapi_editor *ed)
{
	drop(&ed->security_schemes, &ed->own_security_schemes);
	drop(&ed->definitions, &ed->own_definitions);
	drop(&ed->tags, &ed->own_tags);
	drop(&ed->info, &ed->own_info);
	cJSON_Delete(ed->base.doc);
	xf *x = ed->base.x;
	memset(ed, 0, sizeof(*ed));
	ed->base.x = x;
}

/* `parent[key] = <attr>`: a detached attribute becomes part of the doc. */
static void attach(cJSON *parent, const char *key, cJSON **slot, bool *own)
{
	if (!*own)
		return;
	sw_set(parent, key, false, *slot);
	*own = false;
}

/* self._doc.setdefault("components", Py27Dict()), replaced by a new Py27Dict when falsy. */
static cJSON *components(openapi_editor *ed)
{
	cJSON *c = sw_setdefault(ed->base.doc, "components", false, py27_dict_new());
	if (xf_truthy(c))
		return c;
	sw_set(ed->base.doc, "components", false, py27_dict_new());
	return cJSON_GetObjectItemCaseSensitive(ed->base.doc, "components");
}

cJSON *openapi_openapi(openapi_editor *ed)
{
	if (xf_truthy(ed->tags))
		attach(ed->base.doc, "tags", &ed->tags, &ed->own_tags);
	if (xf_truthy(ed->security_schemes)) {
		cJSON *c = components(ed);
		if (!c)
			return NULL;
		attach(c, "securitySchemes", &ed->security_schemes, &ed->own_security_schemes);
	}
	if (xf_truthy(ed->info))
		attach(ed->base.doc, "info", &ed->info, &ed->own_info);
	return swagger_deepcopy(ed->base.doc);
}

/* ---- static helpers ---- */

bool openapi_is_valid(const cJSON *data)
{
	if (!xf_truthy(data) || !cJSON_IsObject(data))
		return false;
	const cJSON *version = xf_get(data, "openapi");
	if (!cJSON_IsObject(xf_get(data, "paths")) || !xf_truthy(version))
		return false;
	return swagger_validate_open_api_version_3(version);
}

cJSON *openapi_gen_skeleton(void)
{
	cJSON *title = cJSON_CreateObject();
	if (title)
		SAMC_JSON_ADD_STRING(title, "Ref", "AWS::StackName");
	cJSON *info = sw_py27_dict("version", cJSON_CreateString("1.0"), "title", title, NULL);
	return sw_py27_dict("openapi", cJSON_CreateString("3.0.1"), "info", info, "paths", py27_dict_new(), NULL);
}

static bool path_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
	       c == '-';
}

/* Length of a "{name}" or "{proxy+}" match at s (which starts with '{'), 0 when none. */
static size_t wildcard_at(const char *s)
{
	size_t n = 1;
	while (path_name_char(s[n]))
		n++;
	if (n > 1 && s[n] == '}')
		return n + 1;
	if (strncmp(s + 1, "proxy+}", 7) == 0)
		return 8;
	return 0;
}

char *openapi_get_path_without_trailing_slash(const char *path)
{
	samc_buf b = SAMC_BUF_INIT;
	for (const char *p = path; *p;) {
		size_t n = *p == '{' ? wildcard_at(p) : 0;
		if (n) {
			samc_buf_putc(&b, '*');
			p += n;
		} else
			samc_buf_putc(&b, *p++);
	}
	samc_buf_puts(&b, "");
	return samc_buf_detach(&b);
}

bool openapi_is_intrinsic(const cJSON *v)
{
	if (!cJSON_IsObject(v) || !v->child || v->child->next)
		return false;
	const char *key = v->child->string;
	return strcmp(key, "Ref") == 0 || strcmp(key, "Condition") == 0 || strncmp(key, "Fn::", 4) == 0;
}

bool openapi_has_api_gateway_cors(const openapi_editor *ed)
{
	return xf_truthy(xf_get(ed->base.doc, OPENAPI_X_CORS));
}

/* ---- BaseEditor ---- */

cJSON *openapi_iter_on_path(openapi_editor *ed)
{
	return swagger_iter_on_path(&ed->base);
}

int openapi_has_path(openapi_editor *ed, const cJSON *path, const cJSON *method, bool *out)
{
	return swagger_has_path(&ed->base, path, method, out);
}

int openapi_has_integration(openapi_editor *ed, const cJSON *path, const cJSON *method, bool *out)
{
	return swagger_has_integration(&ed->base, path, method, out);
}

int openapi_add_path(openapi_editor *ed, const cJSON *path, const cJSON *method)
{
	return swagger_add_path(&ed->base, path, method);
}

int openapi_make_path_conditional(openapi_editor *ed, const cJSON *path, const cJSON *condition)
{
	return swagger_make_path_conditional(&ed->base, path, condition);
}

int openapi_add_timeout_to_method(openapi_editor *ed, const cJSON *api, const cJSON *path, const cJSON *method_name,
				  const cJSON *timeout)
{
	return swagger_add_timeout_to_method(&ed->base, api, path, method_name, timeout);
}
