/* rest_api_deploy.c — the Deployment and Stage of an AWS::Serverless::Api (ApiGenerator
 * _construct_deployment / _construct_stage, ApiGatewayDeployment.make_auto_deployable). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json/emit.h"
#include "json/members.h"
#include "transform/api/rest_api.h"
#include "transform/intrinsics.h"
#include "transform/py27.h"
#include "util/buf.h"

/* ---- Translator._get_function_names ---- */

/* Api.get_rest_api_id_string: the Ref target of {"Ref": ...}, else the value itself. */
static const cJSON *rest_api_id_of(const cJSON *v)
{
	const cJSON *ref = cJSON_IsObject(v) ? xf_get(v, "Ref") : NULL;
	return ref ? ref : v;
}

static bool is_function(const cJSON *resource)
{
	const char *type = xf_get_str(resource, "Type");
	if (!type)
		return false;
	while (*type == ' ' || *type == '\t' || *type == '\n' || *type == '\r')
		type++;
	size_t n = strlen(type);
	while (n && (type[n - 1] == ' ' || type[n - 1] == '\t' || type[n - 1] == '\n' || type[n - 1] == '\r'))
		n--;
	return n == strlen("AWS::Serverless::Function") && strncmp(type, "AWS::Serverless::Function", n) == 0;
}

/* str(value) as Python prints it: a string as is, anything else as its repr. */
static void py_str(samc_buf *out, const cJSON *v)
{
	if (cJSON_IsString(v))
		samc_buf_puts(out, v->valuestring);
	else
		py27_repr(out, v);
}

/* The names one function contributes to `api`: str(resolved FunctionName) once per Api event
 * whose RestApiId names the API. */
static int function_names_of(rest_api *r, const cJSON *function, samc_buf *out)
{
	const cJSON *props = xf_get(function, "Properties");
	const cJSON *events = xf_get(props, "Events");
	size_t n;
	const char **keys = ra_keys(events, &n);
	for (size_t i = 0; i < n; i++) {
		const cJSON *ev = xf_get(events, keys[i]);
		const cJSON *ev_props = xf_get(ev, "Properties");
		const cJSON *api = xf_get(ev_props, "RestApiId");
		if (!cJSON_IsString(xf_get(ev, "Type")) || strcmp(xf_get_str(ev, "Type"), "Api") != 0 ||
		    !xf_truthy(api))
			continue;
		api = rest_api_id_of(api);
		if (!cJSON_IsString(api) || strcmp(api->valuestring, r->id) != 0)
			continue;
		cJSON *name = xf_resolved_copy(r->x, xf_get(props, "FunctionName"));
		if (xf_truthy(name))
			py_str(out, name);
		cJSON_Delete(name);
	}
	free(keys);
	return XF_OK;
}

/* The concatenated FunctionNames of the functions (in processing order) with an Api event on
 * this API. */
static char *function_names(rest_api *r)
{
	samc_buf out = SAMC_BUF_INIT;
	size_t n;
	const cJSON *const *resources = xf_input_members(r->x, &n);
	for (size_t i = 0; i < n; i++)
		if (is_function(resources[i]))
			function_names_of(r, resources[i], &out);
	samc_buf_putc(&out, '\0');
	return samc_buf_detach(&out);
}

/* ---- make_auto_deployable ---- */

/* A deep copy in Python iteration order (Py27Dicts re-ordered), for json.dumps. */
static cJSON *python_ordered(const cJSON *v)
{
	if (!cJSON_IsObject(v) && !cJSON_IsArray(v))
		return cJSON_Duplicate(v, 1);
	cJSON *copy = cJSON_IsArray(v) ? cJSON_CreateArray() : cJSON_CreateObject();
	if (!copy)
		return NULL;
	if (cJSON_IsArray(v)) {
		for (const cJSON *c = v->child; c; c = c->next)
			cJSON_AddItemToArray(copy, python_ordered(c));
		return copy;
	}
	size_t n;
	const char **keys = ra_keys(v, &n);
	for (size_t i = 0; i < n; i++)
		samc_json_add_key(copy, keys[i], python_ordered(xf_get(v, keys[i])));
	free(keys);
	return copy;
}

static void append_json_dumps(samc_buf *out, const cJSON *v)
{
	cJSON *ordered = python_ordered(v);
	if (!ordered) {
		out->oom = true;
		return;
	}
	samc_json_emit(out, ordered, &SAMC_JSON_PYDEFAULT);
	cJSON_Delete(ordered);
}

/* The "||"-joined hash input of make_auto_deployable. */
static char *deployment_hash_input(rest_api *r, const cJSON *swagger)
{
	samc_buf in = SAMC_BUF_INIT;
	if (xf_truthy(ra_prop(r, "AlwaysDeploy"))) {
		samc_buf_printf(&in, "%lld", (long long)time(NULL));
		return samc_buf_detach(&in);
	}
	py27_repr(&in, swagger);
	const cJSON *version = ra_prop(r, "OpenApiVersion"), *domain = ra_prop(r, "Domain");
	if (xf_truthy(version)) {
		samc_buf_puts(&in, "||");
		py_str(&in, version);
	}
	if (xf_truthy(domain)) {
		samc_buf_puts(&in, "||");
		append_json_dumps(&in, domain);
	}
	char *names = function_names(r);
	if (names && *names) {
		samc_buf_puts(&in, "||");
		samc_buf_puts(&in, names);
	}
	if (!names)
		in.oom = true;
	free(names);
	samc_buf_putc(&in, '\0');
	return samc_buf_detach(&in);
}

/* Renames the deployment after the hash and sets its Description. *id is replaced. */
static int make_auto_deployable(rest_api *r, const cJSON *swagger, char **id, cJSON *deployment_props)
{
	if (!xf_truthy(swagger))
		return XF_OK;
	char *data = deployment_hash_input(r, swagger);
	cJSON *data_node = data ? cJSON_CreateString(data) : NULL;
	char *new_id = data_node ? xf_logical_id(*id, data_node) : NULL;
	char digest[41];
	if (data_node)
		xf_data_hash(data_node, digest);
	cJSON_Delete(data_node);
	free(data);
	if (!new_id)
		return XF_NOMEM;
	free(*id);
	*id = new_id;
	char *description = samc_strfmt("RestApi deployment id: %s", digest);
	if (!description)
		return XF_NOMEM;
	xf_set(deployment_props, "Description", cJSON_CreateString(description));
	free(description);
	return XF_OK;
}

/* ---- the resources ---- */

/* <Api><StageName>Stage for an alphanumeric string StageName, else <Api>Stage + hash. */
static char *stage_logical_id(rest_api *r)
{
	const cJSON *name = ra_prop(r, "StageName");
	const char *prefix = cJSON_IsString(name) ? name->valuestring : "";
	if (xf_is_alnum(prefix))
		return samc_strfmt("%s%sStage", r->id, prefix);
	char *base = samc_strfmt("%sStage", r->id);
	char *id = base ? xf_logical_id_str(base, prefix) : NULL;
	free(base);
	return id;
}

static void copy_stage_settings(rest_api *r, cJSON *props)
{
	static const char *const names[] = {"StageName", "CacheClusterEnabled", "CacheClusterSize", "Variables",
					    "MethodSettings", "AccessLogSetting", "CanarySetting", "TracingEnabled"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const cJSON *v = ra_prop(r, names[i]);
		if (v)
			xf_set(props, names[i], cJSON_Duplicate(v, 1));
	}
}

int ra_deployment_and_stage(rest_api *r)
{
	char *deployment_id = samc_strfmt("%sDeployment", r->id);
	r->stage_id = stage_logical_id(r);
	cJSON *deployment = ra_resource("AWS::ApiGateway::Deployment", NULL, r->child_attrs);
	cJSON *stage = ra_resource("AWS::ApiGateway::Stage", NULL, r->child_attrs);
	if (!deployment_id || !r->stage_id || !deployment || !stage) {
		free(deployment_id);
		cJSON_Delete(deployment);
		cJSON_Delete(stage);
		return XF_NOMEM;
	}
	cJSON *dprops = xf_props(deployment), *sprops = xf_props(stage);
	xf_set(dprops, "RestApiId", xf_ref(r->id));
	if (!xf_truthy(ra_prop(r, "OpenApiVersion")))
		xf_set(dprops, "StageName", cJSON_CreateString("Stage"));
	xf_set(sprops, "RestApiId", xf_ref(r->id));
	copy_stage_settings(r, sprops);
	int rc = make_auto_deployable(r, r->swagger, &deployment_id, dprops);
	xf_set(sprops, "DeploymentId", xf_ref(deployment_id));
	const cJSON *tags = ra_prop(r, "Tags");
	if (tags)
		xf_set(sprops, "Tags", ra_tag_list(tags));
	if (rc == XF_OK)
		rc = ra_add(r, deployment_id, deployment);
	else
		cJSON_Delete(deployment);
	if (rc == XF_OK)
		rc = ra_add(r, r->stage_id, stage);
	else
		cJSON_Delete(stage);
	free(deployment_id);
	return rc;
}
