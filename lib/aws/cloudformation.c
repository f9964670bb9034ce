/* cloudformation.c — the CloudFormation actions deploy and delete need, as Query API calls
 * with their member.N parameters, and their XML answers read into small structs. */
#include <stdlib.h>
#include <string.h>

#include "aws/aws_int.h"
#include "util/error.h"

int samc_cfn_call(samc_aws_client *c, const char *action, const samc_aws_params *params,
		  samc_xml_doc **out, samc_error **err)
{
	return samc_aws_query(c, "cloudformation", SAMC_CFN_API_VERSION, action, params, out, err);
}

static char *dup_text(const samc_xml_node *n, const char *path, bool *oom)
{
	const char *t = samc_xml_text(n, path);
	if (!t)
		return NULL;
	char *d = samc_strdup(t);
	if (!d)
		*oom = true;
	return d;
}

static size_t count_members(const samc_xml_node *first)
{
	size_t n = 0;
	for (const samc_xml_node *m = first; m; m = samc_xml_next_same(m))
		n++;
	return n;
}

/* Builds params with `add` then runs the action; params are freed here. */
static int call_with(samc_aws_client *c, const char *action, samc_aws_params *p, int add_rc,
		     samc_xml_doc **out, samc_error **err)
{
	int rc = add_rc;
	if (!p || rc)
		rc = samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	else
		rc = samc_cfn_call(c, action, p, out, err);
	samc_aws_params_free(p);
	return rc;
}

static int need(const char *value, const char *what, samc_error **err)
{
	return value && *value ? 0
			       : samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0, "%s is required", what);
}

/* ---- DescribeStacks ---- */

void samc_cfn_stack_free(samc_cfn_stack *s)
{
	if (!s)
		return;
	free(s->stack_id);
	free(s->stack_name);
	free(s->status);
	free(s->status_reason);
	for (size_t i = 0; i < s->nparameters; i++) {
		free(s->parameters[i].key);
		free(s->parameters[i].value);
	}
	for (size_t i = 0; i < s->noutputs; i++) {
		free(s->outputs[i].key);
		free(s->outputs[i].value);
		free(s->outputs[i].description);
		free(s->outputs[i].export_name);
	}
	free(s->parameters);
	free(s->outputs);
	free(s);
}

static bool read_stack_lists(const samc_xml_node *m, samc_cfn_stack *s)
{
	bool oom = false;
	const samc_xml_node *first = samc_xml_find(m, "Parameters/member");
	s->parameters = calloc(count_members(first) + 1, sizeof(*s->parameters));
	for (const samc_xml_node *p = first; p && s->parameters; p = samc_xml_next_same(p)) {
		samc_cfn_kv *kv = &s->parameters[s->nparameters++];
		kv->key = dup_text(p, "ParameterKey", &oom);
		kv->value = dup_text(p, "ParameterValue", &oom);
	}
	first = samc_xml_find(m, "Outputs/member");
	s->outputs = calloc(count_members(first) + 1, sizeof(*s->outputs));
	for (const samc_xml_node *o = first; o && s->outputs; o = samc_xml_next_same(o)) {
		samc_cfn_output *out = &s->outputs[s->noutputs++];
		out->key = dup_text(o, "OutputKey", &oom);
		out->value = dup_text(o, "OutputValue", &oom);
		out->description = dup_text(o, "Description", &oom);
		out->export_name = dup_text(o, "ExportName", &oom);
	}
	return !oom && s->parameters && s->outputs;
}

static samc_cfn_stack *read_stack(const samc_xml_node *m)
{
	samc_cfn_stack *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	bool oom = false;
	s->stack_id = dup_text(m, "StackId", &oom);
	s->stack_name = dup_text(m, "StackName", &oom);
	s->status = dup_text(m, "StackStatus", &oom);
	s->status_reason = dup_text(m, "StackStatusReason", &oom);
	const char *tp = samc_xml_text(m, "EnableTerminationProtection");
	s->termination_protection = tp && strcmp(tp, "true") == 0;
	if (!read_stack_lists(m, s) || oom) {
		samc_cfn_stack_free(s);
		return NULL;
	}
	return s;
}

static bool stack_missing(const samc_aws_client *c)
{
	const samc_aws_last_error *e = samc_aws_client_last_error(c);
	return e->code && strcmp(e->code, "ValidationError") == 0 && e->message &&
	       strstr(e->message, "does not exist");
}

int samc_cfn_describe_stack(samc_aws_client *c, const char *stack_name, samc_cfn_stack **out,
			    samc_error **err)
{
	*out = NULL;
	int rc = need(stack_name, "a stack name", err);
	if (rc)
		return rc;
	samc_aws_params *p = samc_aws_params_new();
	samc_xml_doc *doc = NULL;
	samc_error *call_err = NULL;
	rc = call_with(c, "DescribeStacks", p, p ? samc_aws_params_add(p, stack_name, "StackName") : 0,
		       &doc, &call_err);
	if (rc == SAMC_EAWS && stack_missing(c)) {
		samc_error_free(call_err);
		return 0;
	}
	if (rc) {
		if (err && !*err)
			*err = call_err;
		else
			samc_error_free(call_err);
		return rc;
	}
	const samc_xml_node *m =
		samc_xml_find(samc_xml_root(doc), "DescribeStacksResult/Stacks/member");
	if (m && !(*out = read_stack(m)))
		rc = samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	samc_xml_doc_free(doc);
	return rc;
}

/* ---- CreateChangeSet ---- */

static int add_list(samc_aws_params *p, const char *name, const char *const *v, size_t n)
{
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = samc_aws_params_add(p, v[i], "%s.member.%zu", name, i + 1);
	return rc;
}

static int add_parameters(samc_aws_params *p, const samc_cfn_change_set_request *req)
{
	int rc = 0;
	for (size_t i = 0; i < req->nparameters && rc == 0; i++) {
		const samc_cfn_parameter *prm = &req->parameters[i];
		rc = samc_aws_params_add(p, prm->key, "Parameters.member.%zu.ParameterKey", i + 1);
		if (rc == 0 && prm->use_previous)
			rc = samc_aws_params_add(p, "true", "Parameters.member.%zu.UsePreviousValue",
						 i + 1);
		else if (rc == 0)
			rc = samc_aws_params_add(p, prm->value ? prm->value : "",
						 "Parameters.member.%zu.ParameterValue", i + 1);
	}
	for (size_t i = 0; i < req->ntags && rc == 0; i++) {
		rc = samc_aws_params_add(p, req->tags[i].key, "Tags.member.%zu.Key", i + 1);
		if (rc == 0)
			rc = samc_aws_params_add(p, req->tags[i].value ? req->tags[i].value : "",
						 "Tags.member.%zu.Value", i + 1);
	}
	return rc;
}

static int build_change_set(samc_aws_params *p, const samc_cfn_change_set_request *req)
{
	int rc = samc_aws_params_add(p, req->stack_name, "StackName");
	rc = rc ? rc : samc_aws_params_add(p, req->change_set_name, "ChangeSetName");
	rc = rc ? rc : samc_aws_params_add(p, req->change_set_type, "ChangeSetType");
	rc = rc ? rc : samc_aws_params_add(p, req->description, "Description");
	rc = rc ? rc : samc_aws_params_add(p, req->template_body, "TemplateBody");
	rc = rc ? rc : samc_aws_params_add(p, req->template_url, "TemplateURL");
	rc = rc ? rc : add_parameters(p, req);
	rc = rc ? rc : add_list(p, "Capabilities", req->capabilities, req->ncapabilities);
	rc = rc ? rc
		: add_list(p, "NotificationARNs", req->notification_arns, req->nnotification_arns);
	rc = rc ? rc : samc_aws_params_add(p, req->role_arn, "RoleARN");
	rc = rc ? rc : samc_aws_params_add(p, req->on_stack_failure, "OnStackFailure");
	return rc;
}

int samc_cfn_create_change_set(samc_aws_client *c, const samc_cfn_change_set_request *req,
			       char **change_set_id, char **stack_id, samc_error **err)
{
	if (change_set_id)
		*change_set_id = NULL;
	if (stack_id)
		*stack_id = NULL;
	int rc = need(req->stack_name, "a stack name", err);
	rc = rc ? rc : need(req->change_set_name, "a change set name", err);
	if (rc == 0 && !req->template_body == !req->template_url)
		rc = samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				    "CreateChangeSet needs exactly one of a template body and a "
				    "template URL");
	if (rc)
		return rc;
	samc_aws_params *p = samc_aws_params_new();
	samc_xml_doc *doc = NULL;
	rc = call_with(c, "CreateChangeSet", p, p ? build_change_set(p, req) : 0, &doc, err);
	if (rc)
		return rc;
	const samc_xml_node *r = samc_xml_find(samc_xml_root(doc), "CreateChangeSetResult");
	bool oom = false;
	if (change_set_id)
		*change_set_id = dup_text(r, "Id", &oom);
	if (stack_id)
		*stack_id = dup_text(r, "StackId", &oom);
	samc_xml_doc_free(doc);
	return oom ? samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory") : 0;
}

/* ---- DescribeChangeSet ---- */

void samc_cfn_change_set_free(samc_cfn_change_set *cs)
{
	if (!cs)
		return;
	free(cs->change_set_id);
	free(cs->stack_id);
	free(cs->status);
	free(cs->status_reason);
	free(cs->execution_status);
	for (size_t i = 0; i < cs->nchanges; i++) {
		samc_cfn_change *ch = &cs->changes[i];
		free(ch->action);
		free(ch->logical_id);
		free(ch->physical_id);
		free(ch->resource_type);
		free(ch->replacement);
	}
	free(cs->changes);
	free(cs);
}

static bool read_changes(const samc_xml_node *result, samc_cfn_change_set *cs)
{
	const samc_xml_node *first = samc_xml_find(result, "Changes/member");
	size_t n = count_members(first);
	samc_cfn_change *grown = realloc(cs->changes, (cs->nchanges + n + 1) * sizeof(*grown));
	if (!grown)
		return false;
	cs->changes = grown;
	bool oom = false;
	for (const samc_xml_node *m = first; m; m = samc_xml_next_same(m)) {
		const samc_xml_node *rc = samc_xml_find(m, "ResourceChange");
		samc_cfn_change *ch = &cs->changes[cs->nchanges++];
		ch->action = dup_text(rc, "Action", &oom);
		ch->logical_id = dup_text(rc, "LogicalResourceId", &oom);
		ch->physical_id = dup_text(rc, "PhysicalResourceId", &oom);
		ch->resource_type = dup_text(rc, "ResourceType", &oom);
		ch->replacement = dup_text(rc, "Replacement", &oom);
	}
	return !oom;
}

static bool read_change_set_head(const samc_xml_node *r, samc_cfn_change_set *cs)
{
	if (cs->status)
		return true;
	bool oom = false;
	cs->change_set_id = dup_text(r, "ChangeSetId", &oom);
	cs->stack_id = dup_text(r, "StackId", &oom);
	cs->status = dup_text(r, "Status", &oom);
	cs->status_reason = dup_text(r, "StatusReason", &oom);
	cs->execution_status = dup_text(r, "ExecutionStatus", &oom);
	return !oom;
}

/* One page; *next receives the NextToken (or NULL). */
static int change_set_page(samc_aws_client *c, const char *stack, const char *name,
			   const char *token, samc_cfn_change_set *cs, char **next,
			   samc_error **err)
{
	*next = NULL;
	samc_aws_params *p = samc_aws_params_new();
	int add = p ? samc_aws_params_add(p, stack, "StackName") : 0;
	add = add ? add : p ? samc_aws_params_add(p, name, "ChangeSetName") : 0;
	add = add ? add : p ? samc_aws_params_add(p, token, "NextToken") : 0;
	samc_xml_doc *doc = NULL;
	int rc = call_with(c, "DescribeChangeSet", p, add, &doc, err);
	if (rc)
		return rc;
	const samc_xml_node *r = samc_xml_find(samc_xml_root(doc), "DescribeChangeSetResult");
	bool oom = !read_change_set_head(r, cs) || !read_changes(r, cs);
	const char *nt = samc_xml_text(r, "NextToken");
	if (!oom && nt && *nt && !(*next = samc_strdup(nt)))
		oom = true;
	samc_xml_doc_free(doc);
	return oom ? samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory") : 0;
}

int samc_cfn_describe_change_set(samc_aws_client *c, const char *stack_name,
				 const char *change_set_name, samc_cfn_change_set **out,
				 samc_error **err)
{
	*out = NULL;
	int rc = need(change_set_name, "a change set name", err);
	samc_cfn_change_set *cs = rc ? NULL : calloc(1, sizeof(*cs));
	if (!rc && !cs)
		rc = samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	char *token = NULL;
	for (unsigned page = 0; rc == 0 && page < 1000; page++) {
		char *next = NULL;
		rc = change_set_page(c, stack_name, change_set_name, token, cs, &next, err);
		free(token);
		token = next;
		if (!token)
			break;
	}
	free(token);
	if (rc) {
		samc_cfn_change_set_free(cs);
		return rc;
	}
	*out = cs;
	return 0;
}

/* ---- ExecuteChangeSet, DeleteStack ---- */

int samc_cfn_execute_change_set(samc_aws_client *c, const char *stack_name,
				const char *change_set_name, int disable_rollback,
				samc_error **err)
{
	int rc = need(change_set_name, "a change set name", err);
	if (rc)
		return rc;
	samc_aws_params *p = samc_aws_params_new();
	int add = p ? samc_aws_params_add(p, change_set_name, "ChangeSetName") : 0;
	add = add ? add : p ? samc_aws_params_add(p, stack_name, "StackName") : 0;
	if (!add && p && disable_rollback >= 0)
		add = samc_aws_params_add(p, disable_rollback ? "true" : "false", "DisableRollback");
	samc_xml_doc *doc = NULL;
	rc = call_with(c, "ExecuteChangeSet", p, add, &doc, err);
	samc_xml_doc_free(doc);
	return rc;
}

int samc_cfn_delete_stack(samc_aws_client *c, const char *stack_name,
			  const char *const *retain, size_t nretain, samc_error **err)
{
	int rc = need(stack_name, "a stack name", err);
	if (rc)
		return rc;
	samc_aws_params *p = samc_aws_params_new();
	int add = p ? samc_aws_params_add(p, stack_name, "StackName") : 0;
	add = add ? add : p ? add_list(p, "RetainResources", retain, nretain) : 0;
	samc_xml_doc *doc = NULL;
	rc = call_with(c, "DeleteStack", p, add, &doc, err);
	samc_xml_doc_free(doc);
	return rc;
}

int samc_cfn_rollback_stack(samc_aws_client *c, const char *stack_name, samc_error **err)
{
	int rc = need(stack_name, "a stack name", err);
	if (rc)
		return rc;
	samc_aws_params *p = samc_aws_params_new();
	int add = p ? samc_aws_params_add(p, stack_name, "StackName") : 0;
	samc_xml_doc *doc = NULL;
	rc = call_with(c, "RollbackStack", p, add, &doc, err);
	samc_xml_doc_free(doc);
	return rc;
}

/* ---- DescribeStackEvents ---- */

void samc_cfn_events_free(samc_cfn_events *ev)
{
	if (!ev)
		return;
	for (size_t i = 0; i < ev->nevents; i++) {
		samc_cfn_event *e = &ev->events[i];
		free(e->event_id);
		free(e->timestamp);
		free(e->status);
		free(e->detailed_status);
		free(e->resource_type);
		free(e->logical_id);
		free(e->physical_id);
		free(e->status_reason);
	}
	free(ev->events);
	free(ev->next_token);
	free(ev);
}

static bool read_events(const samc_xml_node *r, samc_cfn_events *ev)
{
	const samc_xml_node *first = samc_xml_find(r, "StackEvents/member");
	ev->events = calloc(count_members(first) + 1, sizeof(*ev->events));
	if (!ev->events)
		return false;
	bool oom = false;
	for (const samc_xml_node *m = first; m; m = samc_xml_next_same(m)) {
		samc_cfn_event *e = &ev->events[ev->nevents++];
		e->event_id = dup_text(m, "EventId", &oom);
		e->timestamp = dup_text(m, "Timestamp", &oom);
		e->status = dup_text(m, "ResourceStatus", &oom);
		e->detailed_status = dup_text(m, "DetailedStatus", &oom);
		e->resource_type = dup_text(m, "ResourceType", &oom);
		e->logical_id = dup_text(m, "LogicalResourceId", &oom);
		e->physical_id = dup_text(m, "PhysicalResourceId", &oom);
		e->status_reason = dup_text(m, "ResourceStatusReason", &oom);
	}
	const char *nt = samc_xml_text(r, "NextToken");
	if (nt && *nt)
		ev->next_token = dup_text(r, "NextToken", &oom);
	return !oom;
}

int samc_cfn_describe_stack_events(samc_aws_client *c, const char *stack_name,
				   const char *next_token, samc_cfn_events **out,
				   samc_error **err)
{
	*out = NULL;
	int rc = need(stack_name, "a stack name", err);
	if (rc)
		return rc;
	samc_aws_params *p = samc_aws_params_new();
	int add = p ? samc_aws_params_add(p, stack_name, "StackName") : 0;
	add = add ? add : p ? samc_aws_params_add(p, next_token, "NextToken") : 0;
	samc_xml_doc *doc = NULL;
	rc = call_with(c, "DescribeStackEvents", p, add, &doc, err);
	if (rc)
		return rc;
	samc_cfn_events *ev = calloc(1, sizeof(*ev));
	const samc_xml_node *r = samc_xml_find(samc_xml_root(doc), "DescribeStackEventsResult");
	if (!ev || !read_events(r, ev)) {
		samc_cfn_events_free(ev);
		rc = samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	} else {
		*out = ev;
	}
	samc_xml_doc_free(doc);
	return rc;
}

/* ---- GetTemplate, GetTemplateSummary ---- */

int samc_cfn_get_template(samc_aws_client *c, const char *stack_name, const char *stage,
			  char **body, samc_error **err)
{
	*body = NULL;
	int rc = need(stack_name, "a stack name", err);
	if (rc)
		return rc;
	samc_aws_params *p = samc_aws_params_new();
	int add = p ? samc_aws_params_add(p, stack_name, "StackName") : 0;
	add = add ? add : p ? samc_aws_params_add(p, stage, "TemplateStage") : 0;
	samc_xml_doc *doc = NULL;
	rc = call_with(c, "GetTemplate", p, add, &doc, err);
	if (rc)
		return rc;
	const char *t = samc_xml_text(samc_xml_root(doc), "GetTemplateResult/TemplateBody");
	*body = samc_strdup(t ? t : "");
	samc_xml_doc_free(doc);
	return *body ? 0 : samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
}

int samc_cfn_get_template_summary(samc_aws_client *c, const char *stack_name,
				  char ***parameter_keys, size_t *nkeys, samc_error **err)
{
	*parameter_keys = NULL;
	*nkeys = 0;
	int rc = need(stack_name, "a stack name", err);
	if (rc)
		return rc;
	samc_aws_params *p = samc_aws_params_new();
	samc_xml_doc *doc = NULL;
	rc = call_with(c, "GetTemplateSummary", p,
		       p ? samc_aws_params_add(p, stack_name, "StackName") : 0, &doc, err);
	if (rc)
		return rc;
	const samc_xml_node *first =
		samc_xml_find(samc_xml_root(doc), "GetTemplateSummaryResult/Parameters/member");
	char **keys = calloc(count_members(first) + 1, sizeof(*keys));
	size_t n = 0;
	bool oom = !keys;
	for (const samc_xml_node *m = first; m && !oom; m = samc_xml_next_same(m)) {
		const char *k = samc_xml_text(m, "ParameterKey");
		if (k && !(keys[n++] = samc_strdup(k)))
			oom = true;
	}
	samc_xml_doc_free(doc);
	if (oom) {
		samc_aws_strv_free(keys, n);
		return samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	}
	*parameter_keys = keys;
	*nkeys = n;
	return 0;
}
