/* s3.c — the S3 event of a function (push.py:S3): the permission for S3 and the bucket of the
 * template re-emitted with the function in its NotificationConfiguration. */
#include <stdlib.h>

#include "transform/events/push.h"
#include "transform/events/push_common.h"
#include "util/buf.h"

/* Events is one_of(IS_STR, list_of(IS_STR)) and Filter dict_of(IS_STR, IS_STR); the link step
 * finishes those two checks (xf_check has no such validators). */
static const xf_prop_spec s3_props[] = {
	{"Bucket", true, XF_IS_STR, false},
	{"Events", true, XF_STR_OR_LIST, true},
	{"Filter", false, XF_ANY, false},
	{NULL, false, XF_ANY, false},
};

static const char *const s3_bucket_props[] = {
	"AccessControl", "AccelerateConfiguration", "AnalyticsConfigurations", "BucketEncryption", "BucketName",
	"CorsConfiguration", "IntelligentTieringConfigurations", "InventoryConfigurations",
	"LifecycleConfiguration", "LoggingConfiguration", "MetricsConfigurations", "NotificationConfiguration",
	"ObjectLockConfiguration", "ObjectLockEnabled", "OwnershipControls", "PublicAccessBlockConfiguration",
	"ReplicationConfiguration", "Tags", "VersioningConfiguration", "WebsiteConfiguration", NULL,
};

static const push_cfn_class s3_bucket = {"AWS::S3::Bucket", s3_bucket_props};

static bool all_children_strings(const cJSON *v)
{
	for (const cJSON *c = v->child; c; c = c->next)
		if (!cJSON_IsString(c))
			return false;
	return true;
}

/* The parts of validate_properties the shared specs cannot express. */
static int check_events_and_filter(xf *x, const xf_event *ev)
{
	const cJSON *events = push_prop(ev, "Events");
	if (cJSON_IsArray(events) && !all_children_strings(events))
		return xf_fail_resource(x, ev->logical_id, "Type of property 'Events' is invalid.");
	const cJSON *filter = push_prop(ev, "Filter");
	if (!filter || push_skips_validation(filter))
		return XF_OK;
	if (!cJSON_IsObject(filter) || !all_children_strings(filter))
		return xf_fail_resource(x, ev->logical_id, "Type of property 'Filter' is invalid.");
	return XF_OK;
}

/* S3.resources_to_link */
static int s3_link(xf *x, const xf_fn *fn, xf_event *ev)
{
	(void)fn;
	int rc = check_events_and_filter(x, ev);
	if (rc)
		return rc;
	const cJSON *bucket = push_prop(ev, "Bucket");
	const cJSON *ref = xf_get(bucket, "Ref");
	if (ref && !cJSON_IsString(ref))
		return xf_fail_event(x, ev->relative_id, "'Ref' value in S3 events is not a valid string.");
	if (!ref || !push_linkable(x, ref->valuestring))
		return xf_fail_event(x, ev->relative_id, "S3 events must reference an S3 bucket in the same template.");
	ev->linked = push_linkable(x, ref->valuestring);
	free(ev->linked_id);
	ev->linked_id = samc_strdup(ref->valuestring);
	return ev->linked_id ? XF_OK : XF_NOMEM;
}

/* An object member of `parent`, created empty when absent or null. NULL when it is something else. */
static cJSON *member_or_new(cJSON *parent, const char *key, bool list)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(parent, key);
	if (v && !cJSON_IsNull(v))
		return v;
	cJSON *fresh = list ? cJSON_CreateArray() : cJSON_CreateObject();
	if (!fresh)
		return NULL;
	xf_set(parent, key, fresh);
	return fresh;
}

/* _depend_on_lambda_permissions_using_tag: a conditional Ref in a tag stands in for DependsOn. */
static int depend_using_tag(xf *x, cJSON *bucket, const char *bucket_id, const char *perm_id, const cJSON *cond)
{
	cJSON *props = member_or_new(bucket, "Properties", false);
	if (!cJSON_IsObject(props))
		return props ? xf_fail_resource(x, bucket_id, "Properties should be a map.") : XF_NOMEM;
	cJSON *tags = member_or_new(props, "Tags", true);
	if (!tags)
		return XF_NOMEM;
	if (xf_expect_list(x, bucket_id, tags, "Tags"))
		return XF_FAIL;
	char *key = samc_strfmt("sam:ConditionalDependsOn:%s", perm_id);
	cJSON *tag = cJSON_CreateObject(), *when = cJSON_CreateObject(), *args = cJSON_CreateArray();
	bool ok = key && push_add(tag, "Key", xf_str(key));
	ok &= push_append(args, xf_dup(cond));
	ok &= push_append(args, xf_ref(perm_id));
	ok &= push_append(args, xf_str("no dependency"));
	ok &= push_add(when, "Fn::If", args);
	ok &= push_add(tag, "Value", when);
	ok &= push_append(tags, tag);
	free(key);
	return ok ? XF_OK : XF_NOMEM;
}

static bool contains(const cJSON *list, const cJSON *v)
{
	for (const cJSON *c = list->child; c; c = c->next)
		if (xf_equal(c, v))
			return true;
	return false;
}

/* set(DependsOn): a string, or the items (keys of a map) of something iterable and hashable. */
static bool depends_on_set(const cJSON *depends_on, cJSON *out)
{
	if (!depends_on || cJSON_IsString(depends_on))
		return !depends_on || push_append(out, xf_dup(depends_on));
	if (cJSON_IsObject(depends_on)) {
		for (const cJSON *c = depends_on->child; c; c = c->next) {
			cJSON *key = xf_str(c->string);
			if (key && contains(out, key))
				cJSON_Delete(key);
			else if (!push_append(out, key))
				return false;
		}
		return true;
	}
	for (const cJSON *c = depends_on->child; c; c = c->next)
		if (!contains(out, c) && !push_append(out, xf_dup(c)))
			return false;
	return true;
}

static bool hashable_iterable(const cJSON *v)
{
	if (!v || cJSON_IsString(v) || cJSON_IsObject(v))
		return true;
	if (!cJSON_IsArray(v))
		return false;
	for (const cJSON *c = v->child; c; c = c->next)
		if (cJSON_IsArray(c) || cJSON_IsObject(c))
			return false;
	return true;
}

/* _depend_on_lambda_permissions: the permission joins the bucket's DependsOn. */
static int depend_on_permission(xf *x, const xf_event *ev, cJSON *bucket, const char *perm_id)
{
	const cJSON *depends_on = xf_get(bucket, "DependsOn");
	if (!hashable_iterable(depends_on))
		return xf_fail_resource(x, ev->logical_id,
					"Invalid type for field 'DependsOn'. Expected a string or list of strings.");
	cJSON *list = cJSON_CreateArray();
	cJSON *perm = xf_str(perm_id);
	bool ok = list && perm && depends_on_set(depends_on, list);
	if (ok && !contains(list, perm)) {
		ok = push_append(list, perm);
		perm = NULL;
	}
	cJSON_Delete(perm);
	if (!ok) {
		cJSON_Delete(list);
		return XF_NOMEM;
	}
	xf_set(bucket, "DependsOn", list);
	return XF_OK;
}

/* One LambdaConfigurations entry, wrapped in Fn::If when the function has a Condition. */
static cJSON *lambda_configuration(const xf_fn *fn, const xf_event *ev, const cJSON *event_type)
{
	cJSON *entry = cJSON_CreateObject();
	bool ok = push_add(entry, "Function", xf_fn_target_arn(fn));
	ok &= push_add_copy(entry, "Filter", push_prop(ev, "Filter"));
	ok &= push_add(entry, "Event", xf_dup(event_type));
	const cJSON *cond = xf_get(fn->attrs, "Condition");
	if (ok && cond) {
		cJSON *wrapped = cJSON_CreateObject(), *args = cJSON_CreateArray();
		ok &= push_append(args, xf_dup(cond));
		ok &= push_append(args, entry);
		ok &= push_append(args, xf_ref("AWS::NoValue"));
		ok &= push_add(wrapped, "Fn::If", args);
		entry = ok ? wrapped : NULL;
		if (!ok)
			cJSON_Delete(wrapped);
	}
	if (ok)
		return entry;
	cJSON_Delete(entry);
	return NULL;
}

/* The LambdaConfigurations list of the bucket, created as the reference does. */
static int lambda_configurations(xf *x, cJSON *bucket, const char *bucket_id, cJSON **out)
{
	cJSON *props = cJSON_GetObjectItemCaseSensitive(bucket, "Properties");
	if (!props)
		props = member_or_new(bucket, "Properties", false);
	if (!props)
		return XF_NOMEM;
	if (!cJSON_IsObject(props))
		return xf_fail_resource(x, bucket_id, "Properties should be a map.");
	cJSON *config = member_or_new(props, "NotificationConfiguration", false);
	if (!config)
		return XF_NOMEM;
	if (xf_expect_map(x, bucket_id, config, "NotificationConfiguration"))
		return XF_FAIL;
	cJSON *list = member_or_new(config, "LambdaConfigurations", true);
	if (!list)
		return XF_NOMEM;
	if (!cJSON_IsArray(list))
		return xf_fail_resource(x, bucket_id, "Invalid type for LambdaConfigurations. Must be a list.");
	*out = list;
	return XF_OK;
}

/* _inject_notification_configuration */
static int inject_notifications(xf *x, const xf_fn *fn, const xf_event *ev, cJSON *bucket, const char *bucket_id)
{
	const cJSON *events = push_prop(ev, "Events");
	cJSON *entries = cJSON_CreateArray();
	bool ok = entries != NULL;
	if (cJSON_IsString(events))
		ok &= push_append(entries, lambda_configuration(fn, ev, events));
	else
		for (const cJSON *e = events ? events->child : NULL; e; e = e->next)
			ok &= push_append(entries, lambda_configuration(fn, ev, e));
	cJSON *list = NULL;
	int rc = ok ? lambda_configurations(x, bucket, bucket_id, &list) : XF_NOMEM;
	for (cJSON *e = entries ? entries->child : NULL; !rc && e; e = e->next)
		if (!contains(list, e) && !push_append(list, xf_dup(e)))
			rc = XF_NOMEM;
	cJSON_Delete(entries);
	return rc;
}

/* S3.to_cloudformation: the permission, then the bucket edited and re-emitted. */
static int s3_expand(xf *x, xf_fn *fn, xf_event *ev)
{
	cJSON *bucket = push_linkable(x, ev->linked_id);
	if (!bucket)
		return xf_fail_event(x, ev->relative_id, "S3 events must reference an S3 bucket in the same template.");
	cJSON *account = xf_ref("AWS::AccountId");
	push_permission perm = {.principal = "s3.amazonaws.com", .source_account = account};
	char *perm_id = NULL;
	int rc = account ? push_emit_permission(x, fn, ev, &perm, &perm_id) : XF_NOMEM;
	cJSON_Delete(account);
	const cJSON *cond = xf_get(fn->attrs, "Condition");
	if (!rc)
		rc = cond ? depend_using_tag(x, bucket, ev->linked_id, perm_id, cond)
			  : depend_on_permission(x, ev, bucket, perm_id);
	free(perm_id);
	if (!rc)
		rc = inject_notifications(x, fn, ev, bucket, ev->linked_id);
	if (!rc)
		rc = push_reemit(x, fn, ev->linked_id, bucket, &s3_bucket);
	return rc;
}

const xf_event_type xf_event_s3 = {
	.name = "S3",
	.props = s3_props,
	.link = s3_link,
	.expand = s3_expand,
};
