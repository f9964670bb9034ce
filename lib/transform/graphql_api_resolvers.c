/* graphql_api_resolvers.c — owns the Functions (AWS::AppSync::FunctionConfiguration), the
 * pipeline Resolvers and the shared NONE data source of a GraphQLApi. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "json/members.h"
#include "transform/graphql_api.h"
#include "util/buf.h"

/* APPSYNC_PIPELINE_RESOLVER_JS_CODE: the code of a resolver without InlineCode or CodeUri. */
static const char default_resolver_code[] = "\n"
					    "export function request(ctx) {\n"
					    "    return {};\n"
					    "}\n"
					    "\n"
					    "export function response(ctx) {\n"
					    "    return ctx.prev.result;\n"
					    "}\n";

/* _parse_runtime: {"Name", "RuntimeVersion"} or the error on the relative id. */
static int runtime(gql *g, const cJSON *item, const char *relative_id, cJSON *props)
{
	const cJSON *rt = xf_get(item, "Runtime");
	if (!cJSON_IsObject(rt))
		return xf_fail_resource(g->x, relative_id, "'Runtime' must be defined as a property in %s.",
					relative_id);
	cJSON *out = cJSON_CreateObject();
	if (!out)
		return XF_NOMEM;
	xf_set(out, "Name", xf_dup(xf_get(rt, "Name")));
	xf_set(out, "RuntimeVersion", xf_dup(xf_get(rt, "Version")));
	xf_set(props, "Runtime", out);
	return XF_OK;
}

/* A copy of a nested model without its null members (remove_none_values / exclude_none). */
static cJSON *without_nulls(const cJSON *model)
{
	cJSON *out = xf_dup(model);
	for (cJSON *c = out ? out->child : NULL, *next = NULL; c; c = next) {
		next = c->next;
		if (cJSON_IsNull(c))
			cJSON_Delete(cJSON_DetachItemViaPointer(out, c));
	}
	return out;
}

/* ---- functions ---- */

static int function_code(gql *g, const cJSON *fn, cJSON *props)
{
	const cJSON *code = xf_get(fn, "InlineCode"), *uri = xf_get(fn, "CodeUri");
	if (xf_truthy(code) && xf_truthy(uri))
		return xf_fail_resource(g->x, fn->string,
					"Both 'InlineCode' and 'CodeUri' cannot be defined at the same time.");
	if (xf_truthy(code))
		xf_set(props, "Code", xf_dup(code));
	else if (xf_truthy(uri))
		xf_set(props, "CodeS3Location", xf_dup(uri));
	else
		return xf_fail_resource(g->x, fn->string, "One of 'InlineCode' or 'CodeUri' must be set.");
	return XF_OK;
}

/* _parse_datasource_name */
static int data_source_name(gql *g, const cJSON *fn, cJSON *props)
{
	const cJSON *ds = xf_get(fn, "DataSource");
	if (!xf_truthy(ds))
		return xf_fail_resource(g->x, fn->string, "'DataSource' must be set.");
	if (!cJSON_IsString(ds)) {
		xf_set(props, "DataSourceName", xf_dup(ds));
		return XF_OK;
	}
	if (strcasecmp(ds->valuestring, "none") == 0) {
		g->none_datasource = true;
		char *none_id = samc_strfmt("%sNoneDataSource", g->id);
		if (!none_id)
			return XF_NOMEM;
		xf_set(props, "DataSourceName", xf_getatt(none_id, "Name"));
		free(none_id);
		return XF_OK;
	}
	const cJSON *name = xf_get(g->ds_names, ds->valuestring);
	if (name) {
		xf_set(props, "DataSourceName", xf_dup(name));
		return XF_OK;
	}
	return xf_fail_resource(g->x, fn->string,
				"Either define DataSource '%s' in 'DataSources' or use intrinsic function like GetAtt, "
				"ImportValue, Sub or another one to reference a DataSource defined outside of this "
				"GraphQLApi resource.",
				ds->valuestring);
}

static int count_set(const cJSON *obj)
{
	int n = 0;
	for (const cJSON *c = obj->child; c; c = c->next)
		n += !cJSON_IsNull(c);
	return n;
}

static int record_function_id(gql *g, const char *relative_id, cJSON *value)
{
	cJSON_DeleteItemFromObjectCaseSensitive(g->fn_ids, relative_id);
	return value && samc_json_add_key(g->fn_ids, relative_id, value) ? XF_OK : XF_NOMEM;
}

static int function_properties(gql *g, const cJSON *fn, cJSON *props)
{
	xf_set(props, "ApiId", gql_api_id(g));
	const cJSON *name = xf_get(fn, "Name");
	xf_set(props, "Name", xf_truthy(name) ? xf_dup(name) : xf_str(fn->string));
	int rc = function_code(g, fn, props);
	if (rc == XF_OK)
		rc = data_source_name(g, fn, props);
	if (rc != XF_OK)
		return rc;
	gql_copy(props, "MaxBatchSize", fn, "MaxBatchSize");
	gql_copy(props, "Description", fn, "Description");
	rc = runtime(g, fn, fn->string, props);
	const cJSON *sync = xf_get(fn, "Sync");
	if (rc == XF_OK && cJSON_IsObject(sync))
		xf_set(props, "SyncConfig", without_nulls(sync));
	return rc;
}

static int function(gql *g, const cJSON *fn)
{
	if (xf_truthy(xf_get(fn, "Id"))) {
		if (count_set(fn) != 1)
			return xf_fail_resource(g->x, fn->string,
						"'Id' cannot be defined with other properties in Function.");
		return record_function_id(g, fn->string, xf_dup(xf_get(fn, "Id")));
	}
	char *id = samc_strfmt("%s%s", g->id, fn->string);
	if (!id)
		return XF_NOMEM;
	int rc = gql_check_id(g, id);
	cJSON *config = rc == XF_OK ? gql_child(g, "AWS::AppSync::FunctionConfiguration") : NULL;
	if (rc == XF_OK && !config)
		rc = XF_NOMEM;
	if (rc == XF_OK)
		rc = function_properties(g, fn, xf_props(config));
	if (rc == XF_OK)
		rc = record_function_id(g, fn->string, xf_getatt(id, "FunctionId"));
	if (rc == XF_OK) {
		rc = xf_emit(g->x, g->id, id, config);
		config = NULL;
	}
	cJSON_Delete(config);
	free(id);
	return rc;
}

int gql_functions(gql *g)
{
	const cJSON *functions = xf_get(g->model, "Functions");
	for (const cJSON *fn = cJSON_IsObject(functions) ? functions->child : NULL; fn; fn = fn->next) {
		int rc = function(g, fn);
		if (rc != XF_OK)
			return rc;
	}
	return XF_OK;
}

/* ---- resolvers ---- */

static int resolver_code(gql *g, const cJSON *res, cJSON *props)
{
	const cJSON *code = xf_get(res, "InlineCode"), *uri = xf_get(res, "CodeUri");
	if (xf_truthy(code) && xf_truthy(uri))
		return xf_fail_resource(g->x, res->string,
					"Both 'InlineCode' and 'CodeUri' cannot be defined at the same time.");
	gql_copy(props, "Code", res, "InlineCode");
	gql_copy(props, "CodeS3Location", res, "CodeUri");
	if (xf_truthy(code) || xf_truthy(uri))
		return runtime(g, res, res->string, props);
	xf_set(props, "Code", xf_str(default_resolver_code));
	cJSON *rt = cJSON_CreateObject();
	if (!rt)
		return XF_NOMEM;
	SAMC_JSON_ADD_STRING(rt, "Name", "APPSYNC_JS");
	SAMC_JSON_ADD_STRING(rt, "RuntimeVersion", "1.0.0");
	xf_set(props, "Runtime", rt);
	return XF_OK;
}

/* PIPELINE kind with the function ids, or the unit-resolver error. */
static int resolver_pipeline(gql *g, const cJSON *res, cJSON *props)
{
	const cJSON *pipeline = xf_get(res, "Pipeline");
	if (!xf_truthy(pipeline))
		return xf_fail_resource(g->x, res->string,
					"Resolver '%s' must have Pipeline defined. Unit resolvers are not supported. "
					"If you need a Unit resolver you can use AppSync resource.",
					res->string);
	SAMC_JSON_ADD_STRING(props, "Kind", "PIPELINE");
	cJSON *config = SAMC_JSON_ADD_OBJECT(props, "PipelineConfig");
	cJSON *ids = SAMC_JSON_ADD_ARRAY(config, "Functions");
	if (!ids)
		return XF_NOMEM;
	for (const cJSON *f = pipeline->child; f; f = f->next) {
		const cJSON *fn_id = cJSON_IsString(f) ? xf_get(g->fn_ids, f->valuestring) : NULL;
		if (!fn_id)
			return xf_fail_resource(g->x, res->string, "Function '%s' does not exist.",
						cJSON_IsString(f) ? f->valuestring : "");
		cJSON_AddItemToArray(ids, xf_dup(fn_id));
	}
	return XF_OK;
}

static int resolver_properties(gql *g, const char *type_name, const cJSON *res, cJSON *props)
{
	int rc = resolver_code(g, res, props);
	if (rc != XF_OK)
		return rc;
	xf_set(props, "ApiId", gql_api_id(g));
	const cJSON *field = xf_get(res, "FieldName");
	xf_set(props, "FieldName", xf_truthy(field) ? xf_dup(field) : xf_str(res->string));
	SAMC_JSON_ADD_STRING(props, "TypeName", type_name);
	rc = resolver_pipeline(g, res, props);
	if (rc != XF_OK)
		return rc;
	const cJSON *caching = xf_get(res, "Caching");
	if (cJSON_IsObject(caching))
		xf_set(props, "CachingConfig", without_nulls(caching));
	if (xf_truthy(xf_get(res, "MaxBatchSize")))
		gql_copy(props, "MaxBatchSize", res, "MaxBatchSize");
	return XF_OK;
}

/* A Resolver depends on the schema only, and keeps the SAM resource attributes. */
static cJSON *new_resolver(const gql *g)
{
	cJSON *r = gql_child(g, "AWS::AppSync::Resolver");
	cJSON *depends_on = cJSON_CreateArray();
	char *schema_id = samc_strfmt("%sSchema", g->id);
	if (!r || !depends_on || !schema_id) {
		cJSON_Delete(r), cJSON_Delete(depends_on);
		free(schema_id);
		return NULL;
	}
	cJSON_AddItemToArray(depends_on, cJSON_CreateString(schema_id));
	free(schema_id);
	xf_set(r, "DependsOn", depends_on);
	return r;
}

static int resolver(gql *g, const char *type_name, const cJSON *res)
{
	char *id = samc_strfmt("%s%s%s", g->id, type_name, res->string);
	if (!id)
		return XF_NOMEM;
	int rc = gql_check_id(g, id);
	cJSON *r = rc == XF_OK ? new_resolver(g) : NULL;
	if (rc == XF_OK && !r)
		rc = XF_NOMEM;
	if (rc == XF_OK)
		rc = resolver_properties(g, type_name, res, xf_props(r));
	if (rc == XF_OK) {
		rc = xf_emit(g->x, g->id, id, r);
		r = NULL;
	}
	cJSON_Delete(r);
	free(id);
	return rc;
}

int gql_resolvers(gql *g)
{
	const cJSON *types = xf_get(g->model, "Resolvers");
	for (const cJSON *t = cJSON_IsObject(types) ? types->child : NULL; t; t = t->next)
		for (const cJSON *res = cJSON_IsObject(t) ? t->child : NULL; res; res = res->next) {
			int rc = resolver(g, t->string, res);
			if (rc != XF_OK)
				return rc;
		}
	return XF_OK;
}

int gql_none_datasource(gql *g)
{
	if (!g->none_datasource)
		return XF_OK;
	char *id = samc_strfmt("%sNoneDataSource", g->id);
	cJSON *ds = id ? gql_child(g, "AWS::AppSync::DataSource") : NULL;
	if (!ds) {
		free(id);
		return XF_NOMEM;
	}
	cJSON *props = xf_props(ds);
	xf_set(props, "ApiId", gql_api_id(g));
	SAMC_JSON_ADD_STRING(props, "Name", id);
	SAMC_JSON_ADD_STRING(props, "Type", "NONE");
	int rc = xf_emit(g->x, g->id, id, ds);
	free(id);
	return rc;
}
