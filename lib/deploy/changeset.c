/* changeset.c — change sets: DescribeChangeSet responses read into table rows (grouped Add,
 * Modify, Remove as SAM CLI shows them), and waiting for a new change set to be ready. */
#include <stdlib.h>
#include <string.h>

#include "deploy/deploy_int.h"
#include "util/buf.h"
#include "util/error.h"

struct samc_changeset {
	char *id, *status, *reason, *execution_status, *next_token;
	samc_change *changes;
	char **owned; /* every string the changes point at */
	size_t n, cap, nowned, capowned;
};

void samc_changeset_free(samc_changeset *cs)
{
	if (!cs)
		return;
	free(cs->id);
	free(cs->status);
	free(cs->reason);
	free(cs->execution_status);
	free(cs->next_token);
	for (size_t i = 0; i < cs->nowned; i++)
		free(cs->owned[i]);
	free(cs->owned);
	free(cs->changes);
	free(cs);
}

const char *samc_changeset_status(const samc_changeset *cs) { return cs ? cs->status : NULL; }
const char *samc_changeset_status_reason(const samc_changeset *cs) { return cs ? cs->reason : NULL; }
const char *samc_changeset_execution_status(const samc_changeset *cs)
{
	return cs ? cs->execution_status : NULL;
}
const char *samc_changeset_id(const samc_changeset *cs) { return cs ? cs->id : NULL; }
const char *samc_changeset_next_token(const samc_changeset *cs) { return cs ? cs->next_token : NULL; }
size_t samc_changeset_count(const samc_changeset *cs) { return cs ? cs->n : 0; }

const samc_change *samc_changeset_get(const samc_changeset *cs, size_t i)
{
	return cs && i < cs->n ? &cs->changes[i] : NULL;
}

int samc_changeset_is_empty_failure(const samc_changeset *cs)
{
	if (!cs || !cs->status || strcmp(cs->status, "FAILED") != 0 || !cs->reason)
		return 0;
	return strstr(cs->reason, "didn't contain changes") != NULL ||
	       strstr(cs->reason, "No updates are to be performed") != NULL;
}

/* Replaces *slot with a copy of text (NULL stays NULL). */
static int set_text(char **slot, const char *text)
{
	free(*slot);
	*slot = NULL;
	if (!text || !*text)
		return SAMC_OK;
	*slot = samc_strdup(text);
	return *slot ? SAMC_OK : SAMC_ENOMEM;
}

/* A copy of text the change set owns; "" for a missing one. */
static const char *own(samc_changeset *cs, const char *text, int *oom)
{
	if (cs->nowned == cs->capowned) {
		size_t cap = cs->capowned ? cs->capowned * 2 : 32;
		char **o = realloc(cs->owned, cap * sizeof(*o));
		if (!o) {
			*oom = 1;
			return "";
		}
		cs->owned = o;
		cs->capowned = cap;
	}
	char *copy = samc_strdup(text ? text : "");
	if (!copy) {
		*oom = 1;
		return "";
	}
	cs->owned[cs->nowned++] = copy;
	return copy;
}

static const char *operation_of(const char *action)
{
	if (strcmp(action, "Add") == 0)
		return "+ Add";
	if (strcmp(action, "Modify") == 0)
		return "* Modify";
	if (strcmp(action, "Remove") == 0)
		return "- Delete";
	return action;
}

static int add_change(samc_changeset *cs, const samc_xml_node *rc)
{
	if (cs->n == cs->cap) {
		size_t cap = cs->cap ? cs->cap * 2 : 16;
		samc_change *c = realloc(cs->changes, cap * sizeof(*c));
		if (!c)
			return SAMC_ENOMEM;
		cs->changes = c;
		cs->cap = cap;
	}
	int oom = 0;
	samc_change *c = &cs->changes[cs->n];
	const char *replacement = samc_xml_text(rc, "Replacement");
	c->action = own(cs, samc_xml_text(rc, "Action"), &oom);
	c->operation = operation_of(c->action);
	c->logical_id = own(cs, samc_xml_text(rc, "LogicalResourceId"), &oom);
	c->resource_type = own(cs, samc_xml_text(rc, "ResourceType"), &oom);
	c->replacement = replacement && *replacement ? own(cs, replacement, &oom) : "N/A";
	if (oom)
		return SAMC_ENOMEM;
	cs->n++;
	return SAMC_OK;
}

static int group_of(const samc_change *c)
{
	static const char *const ORDER[] = {"Add", "Modify", "Remove"};
	for (int i = 0; i < 3; i++)
		if (strcmp(c->action, ORDER[i]) == 0)
			return i;
	return 3;
}

/* Stable grouping (insertion sort keeps CloudFormation's order inside a group). */
static void group_changes(samc_changeset *cs)
{
	for (size_t i = 1; i < cs->n; i++) {
		samc_change moving = cs->changes[i];
		size_t j = i;
		while (j > 0 && group_of(&cs->changes[j - 1]) > group_of(&moving)) {
			cs->changes[j] = cs->changes[j - 1];
			j--;
		}
		cs->changes[j] = moving;
	}
}

static int read_header(samc_changeset *cs, const samc_xml_node *result)
{
	int rc = SAMC_OK;
	if (samc_xml_text(result, "ChangeSetId"))
		rc |= set_text(&cs->id, samc_xml_text(result, "ChangeSetId"));
	if (samc_xml_text(result, "Status"))
		rc |= set_text(&cs->status, samc_xml_text(result, "Status"));
	rc |= set_text(&cs->reason, samc_xml_text(result, "StatusReason"));
	rc |= set_text(&cs->execution_status, samc_xml_text(result, "ExecutionStatus"));
	rc |= set_text(&cs->next_token, samc_xml_text(result, "NextToken"));
	return rc ? SAMC_ENOMEM : SAMC_OK;
}

int samc_changeset_from_xml(samc_changeset **out, const samc_xml_doc *doc, samc_error **err)
{
	const samc_xml_node *root = samc_xml_root(doc);
	const samc_xml_node *result = samc_xml_find(root, "DescribeChangeSetResult");
	if (!result)
		return samc_error_set(err, SAMC_EAWS, NULL, 0, 0,
				      "DescribeChangeSet: the response has no DescribeChangeSetResult");
	if (!*out && !(*out = calloc(1, sizeof(**out))))
		return SAMC_ENOMEM;
	samc_changeset *cs = *out;
	int rc = read_header(cs, result);
	const samc_xml_node *m = samc_xml_find(result, "Changes/member");
	for (; rc == SAMC_OK && m; m = samc_xml_next_same(m)) {
		const samc_xml_node *change = samc_xml_find(m, "ResourceChange");
		if (change)
			rc = add_change(cs, change);
	}
	group_changes(cs);
	return rc;
}

int samc_changeset_parse(samc_changeset **out, const char *xml, size_t len, samc_error **err)
{
	if (!out || !xml)
		return SAMC_EUSAGE;
	samc_xml_doc *doc = NULL;
	int rc = samc_xml_parse(xml, len, &doc, err);
	if (rc == SAMC_OK)
		rc = samc_changeset_from_xml(out, doc, err);
	samc_xml_doc_free(doc);
	return rc;
}

/* Every page of DescribeChangeSet into a fresh change set. */
static int describe_all(samc_aws_client *c, const char *stack, const char *id,
			samc_changeset **out, samc_error **err)
{
	samc_changeset *cs = NULL;
	int rc = SAMC_OK;
	do {
		samc_aws_params *p = samc_aws_params_new();
		samc_xml_doc *doc = NULL;
		if (!p)
			rc = SAMC_ENOMEM;
		if (rc == SAMC_OK)
			rc = samc_aws_params_add(p, id, "ChangeSetName");
		if (rc == SAMC_OK)
			rc = samc_aws_params_add(p, stack, "StackName");
		if (rc == SAMC_OK && cs && cs->next_token)
			rc = samc_aws_params_add(p, cs->next_token, "NextToken");
		if (rc == SAMC_OK)
			rc = samc_cfn_call(c, "DescribeChangeSet", p, &doc, err);
		if (rc == SAMC_OK)
			rc = samc_changeset_from_xml(&cs, doc, err);
		samc_xml_doc_free(doc);
		samc_aws_params_free(p);
	} while (rc == SAMC_OK && cs->next_token);
	if (rc) {
		samc_changeset_free(cs);
		return rc;
	}
	*out = cs;
	return SAMC_OK;
}

static int pending(const samc_changeset *cs)
{
	return !cs->status || strcmp(cs->status, "CREATE_PENDING") == 0 ||
	       strcmp(cs->status, "CREATE_IN_PROGRESS") == 0;
}

int samc_changeset_wait(samc_aws_client *c, const char *stack, const char *change_set_id,
			unsigned delay_ms, unsigned max_wait_s, const samc_deploy_callbacks *cb,
			samc_changeset **out, int *cancelled, samc_error **err)
{
	unsigned long long waited_ms = 0, limit_ms = (unsigned long long)max_wait_s * 1000;
	*out = NULL;
	*cancelled = 0;
	for (;;) {
		samc_changeset *cs = NULL;
		int rc = describe_all(c, stack, change_set_id, &cs, err);
		if (rc)
			return rc;
		if (!pending(cs)) {
			*out = cs;
			return SAMC_OK;
		}
		samc_changeset_free(cs);
		if (waited_ms >= limit_ms)
			return samc_error_set(err, SAMC_EAWS, NULL, 0, 0,
					      "the change set %s was still being created after %u s",
					      change_set_id, max_wait_s);
		if (samc_wait_step(cb, delay_ms)) {
			*cancelled = 1;
			return SAMC_OK;
		}
		waited_ms += delay_ms;
	}
}
