/* lint.c — the linter driver: runs the rule families over a template and its expanded form,
 * collects, dedupes and sorts the findings, and owns the rule catalogue. */
#define _POSIX_C_SOURCE 200809L /* sysconf */
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lint/lint.h"
#include "util/buf.h"
#include "util/fnv.h"
#include "lint/render.h"
#include "util/error.h"

typedef struct lint_finding_store {
	samc_finding pub;
	size_t seq;
	uint32_t hash; /* of rule, line, column and message (finding_hash) */
} lint_finding_store;

/* The findings in report order, and a hash table of them (open addressing: item index + 1,
 * 0 = empty) so that an equal finding is found without a scan: a template with tens of
 * thousands of findings stays linear. */
struct lint_findings {
	lint_finding_store *items;
	size_t count, cap;
	uint32_t *slots;
	size_t nslots; /* a power of two, more than twice count; 0 before the first finding */
	bool oom;
};

struct samc_lint_result {
	struct lint_findings f;
	char *file;
};

typedef struct lint_rule_info {
	const char *id;
	samc_severity severity;
	const char *description;
} lint_rule_info;

static const lint_rule_info RULES[] = {
	{"E0000", SAMC_SEVERITY_ERROR, "template could not be read or parsed, or a key is written twice in one mapping"},
	{"E1001", SAMC_SEVERITY_ERROR, "unknown top-level section"},
	{"E1002", SAMC_SEVERITY_ERROR, "AWSTemplateFormatVersion is not \"2010-09-09\""},
	{"E1003", SAMC_SEVERITY_ERROR, "Transform is not a string or list of strings"},
	{"E1004", SAMC_SEVERITY_ERROR, "logical ID is not alphanumeric ([A-Za-z0-9]+, at most 255 characters)"},
	{"E1005", SAMC_SEVERITY_ERROR, "resource has no Type, or Type is not a string"},
	{"E1006", SAMC_SEVERITY_ERROR, "more than 500 resources"},
	{"E1007", SAMC_SEVERITY_ERROR, "more than 200 parameters"},
	{"E1008", SAMC_SEVERITY_ERROR, "more than 200 outputs"},
	{"E1009", SAMC_SEVERITY_ERROR, "template larger than 1,000,000 bytes"},
	{"E1010", SAMC_SEVERITY_ERROR, "section is not a mapping, or an entry of it is not a mapping"},
	{"E1011", SAMC_SEVERITY_ERROR, "Resources section missing or empty"},
	{"E1012", SAMC_SEVERITY_ERROR, "more than 200 mappings"},
	{"E1013", SAMC_SEVERITY_ERROR, "parameter has no Type"},
	{"E1014", SAMC_SEVERITY_ERROR, "output has no Value"},
	{"W1015", SAMC_SEVERITY_WARNING, "unknown Transform name"},
	{"E1016", SAMC_SEVERITY_ERROR, "Globals or AWS::Serverless::* resources without Transform: AWS::Serverless-2016-10-31"},
	{"E2001", SAMC_SEVERITY_ERROR, "Ref to an undefined parameter or resource"},
	{"E2002", SAMC_SEVERITY_ERROR, "Fn::GetAtt of an undefined resource"},
	{"E2003", SAMC_SEVERITY_ERROR, "Fn::Sub variable is not defined"},
	{"E2004", SAMC_SEVERITY_ERROR, "DependsOn names an undefined resource"},
	{"E2005", SAMC_SEVERITY_ERROR, "condition name is not defined in Conditions"},
	{"E2006", SAMC_SEVERITY_ERROR, "Fn::GetAtt attribute the resource type does not have"},
	{"E2007", SAMC_SEVERITY_ERROR, "Fn::FindInMap names an undefined mapping or key"},
	{"W2010", SAMC_SEVERITY_WARNING, "parameter is never used"},
	{"W2011", SAMC_SEVERITY_WARNING, "condition is never used"},
	{"W2012", SAMC_SEVERITY_WARNING, "mapping is never used"},
	{"E4001", SAMC_SEVERITY_ERROR, "intrinsic function with wrong arguments (count or types)"},
	{"E4002", SAMC_SEVERITY_ERROR, "unknown intrinsic function (Fn:: key)"},
	{"E5001", SAMC_SEVERITY_ERROR, "circular dependency between resources (or conditions)"},
	{"E6001", SAMC_SEVERITY_ERROR, "the SAM transform rejects the template"},
	{"W6002", SAMC_SEVERITY_WARNING, "a SAM resource type samc cannot expand yet (not checked)"},
};

size_t samc_lint_rule_count(void)
{
	return sizeof(RULES) / sizeof(RULES[0]);
}

int samc_lint_rule(size_t i, const char **id, samc_severity *severity, const char **description)
{
	if (i >= samc_lint_rule_count())
		return SAMC_EUSAGE;
	if (id)
		*id = RULES[i].id;
	if (severity)
		*severity = RULES[i].severity;
	if (description)
		*description = RULES[i].description;
	return 0;
}

static uint32_t finding_hash(const char *rule, unsigned line, unsigned col, const char *msg)
{
	uint32_t h = samc_fnv1a32(SAMC_FNV1A32_BASIS, rule, SIZE_MAX, NULL);
	h = samc_fnv1a32_word(samc_fnv1a32_word(h, line), col);
	return samc_fnv1a32(h, msg, SIZE_MAX, NULL);
}

static bool finding_is_duplicate(const struct lint_findings *f, uint32_t hash, const char *rule,
				 unsigned line, unsigned col, const char *msg)
{
	for (size_t j = f->nslots ? hash & (f->nslots - 1) : 0; f->nslots && f->slots[j];
	     j = (j + 1) & (f->nslots - 1)) {
		const lint_finding_store *s = &f->items[f->slots[j] - 1];
		const samc_finding *p = &s->pub;
		if (s->hash == hash && p->line == line && p->column == col && strcmp(p->rule_id, rule) == 0 &&
		    strcmp(p->message, msg) == 0)
			return true;
	}
	return false;
}

static void slot_in(uint32_t *slots, size_t nslots, uint32_t hash, size_t index)
{
	size_t j = hash & (nslots - 1);
	while (slots[j])
		j = (j + 1) & (nslots - 1);
	slots[j] = (uint32_t)(index + 1);
}

/* Room in the table for one more finding (false when memory ran out). */
static bool slots_for_one_more(struct lint_findings *f)
{
	if ((f->count + 1) * 2 < f->nslots)
		return true;
	size_t n = f->nslots ? f->nslots * 2 : 64;
	uint32_t *slots = calloc(n, sizeof(*slots));
	if (!slots || f->count >= UINT32_MAX - 1) {
		free(slots);
		return false;
	}
	for (size_t i = 0; i < f->count; i++)
		slot_in(slots, n, f->items[i].hash, i);
	free(f->slots);
	f->slots = slots;
	f->nslots = n;
	return true;
}

/* Frees a finding that is not kept; oom: because memory ran out. */
static void findings_drop(struct lint_findings *f, char *rule, char *msg, bool oom)
{
	free(rule);
	free(msg);
	f->oom |= oom;
}

/* Appends a finding (rule and msg owned) unless an equal one is already there. */
static void findings_take(struct lint_findings *f, char *rule, samc_severity sev, unsigned line,
			  unsigned col, char *msg)
{
	if (!msg || !rule) {
		findings_drop(f, rule, msg, true);
		return;
	}
	uint32_t hash = finding_hash(rule, line, col, msg);
	if (finding_is_duplicate(f, hash, rule, line, col, msg)) {
		findings_drop(f, rule, msg, false);
		return;
	}
	if (!slots_for_one_more(f)) {
		findings_drop(f, rule, msg, true);
		return;
	}
	if (f->count == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		lint_finding_store *n = realloc(f->items, cap * sizeof(*n));
		if (!n) {
			findings_drop(f, rule, msg, true);
			return;
		}
		f->items = n;
		f->cap = cap;
	}
	lint_finding_store *s = &f->items[f->count];
	s->pub = (samc_finding){.rule_id = rule, .severity = sev, .message = msg, .line = line, .column = col};
	s->hash = hash;
	slot_in(f->slots, f->nslots, hash, f->count);
	s->seq = f->count++;
}

static void findings_add(struct lint_findings *f, const char *rule, samc_severity sev,
			 unsigned line, unsigned col, char *msg)
{
	findings_take(f, msg ? samc_strdup(rule) : NULL, sev, line, col, msg);
}

/* Moves src's findings after dst's, in their order, dropping those dst already has. */
static void findings_merge(struct lint_findings *dst, struct lint_findings *src)
{
	dst->oom |= src->oom;
	for (size_t i = 0; i < src->count; i++) {
		samc_finding *p = &src->items[i].pub;
		findings_take(dst, (char *)p->rule_id, p->severity, p->line, p->column, (char *)p->message);
	}
	free(src->items);
	free(src->slots);
	*src = (struct lint_findings){0};
}

static void lint_vreport(lint_ctx *c, const char *rule, samc_severity sev, unsigned line,
			 unsigned col, const char *fmt, va_list ap)
{
	samc_buf b = {0};
	samc_buf_vprintf(&b, fmt, ap);
	findings_add(c->findings, rule, sev, line, col, samc_buf_detach(&b));
}

void lint_report_at(lint_ctx *c, const char *rule_id, samc_severity sev, unsigned line,
		    unsigned column, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	lint_vreport(c, rule_id, sev, line, column, fmt, ap);
	va_end(ap);
}

void lint_report(lint_ctx *c, const char *rule_id, samc_severity sev, const cJSON *node,
		 const char *fmt, ...)
{
	samc_pos pos = {0, 0};
	if (node && !samc_node_pos(node, &pos))
		pos = (samc_pos){0, 0};
	va_list ap;
	va_start(ap, fmt);
	lint_vreport(c, rule_id, sev, pos.line, pos.column, fmt, ap);
	va_end(ap);
}

void lint_report_oom(lint_ctx *c)
{
	c->findings->oom = true;
}

bool lint_is_pseudo_parameter(const char *name)
{
	static const char *const PSEUDO[] = {"AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
					     "AWS::Partition", "AWS::Region", "AWS::StackId",
					     "AWS::StackName", "AWS::URLSuffix"};
	for (size_t i = 0; i < sizeof(PSEUDO) / sizeof(PSEUDO[0]); i++)
		if (strcmp(name, PSEUDO[i]) == 0)
			return true;
	return false;
}

static int compare_findings(const void *a, const void *b)
{
	const lint_finding_store *x = a, *y = b;
	if (x->pub.line != y->pub.line)
		return x->pub.line < y->pub.line ? -1 : 1;
	if (x->pub.column != y->pub.column)
		return x->pub.column < y->pub.column ? -1 : 1;
	int r = strcmp(x->pub.rule_id, y->pub.rule_id);
	if (r)
		return r;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static const cJSON *object_section(const cJSON *root, const char *name)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(root, name);
	return cJSON_IsObject(s) ? s : NULL;
}

static bool transform_names_sam(const cJSON *t)
{
	if (cJSON_IsString(t))
		return strcmp(t->valuestring, "AWS::Serverless-2016-10-31") == 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, t)
		if (transform_names_sam(e))
			return true;
	return false;
}

static bool uses_sam_features(const cJSON *root, const cJSON *resources)
{
	if (cJSON_IsObject(root) && cJSON_GetObjectItemCaseSensitive(root, "Globals"))
		return true;
	const cJSON *r;
	cJSON_ArrayForEach(r, resources) {
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(r, "Type");
		if (cJSON_IsString(t) && strncmp(t->valuestring, "AWS::Serverless::", 17) == 0)
			return true;
	}
	return false;
}

static void lint_ctx_init(lint_ctx *c, const samc_document *doc, const samc_lint_options *opts)
{
	const cJSON *root = doc->root;
	c->source = doc;
	c->opts = opts;
	c->parameters = object_section(root, "Parameters");
	c->resources = object_section(root, "Resources");
	c->conditions = object_section(root, "Conditions");
	c->mappings = object_section(root, "Mappings");
	c->outputs = object_section(root, "Outputs");
	c->declares_sam_transform = cJSON_IsObject(root) &&
		    transform_names_sam(cJSON_GetObjectItemCaseSensitive(root, "Transform"));
	c->is_sam = c->declares_sam_transform || uses_sam_features(root, c->resources);
}

/* ---- running the rule families ---- */

typedef struct lint_family {
	void (*run)(lint_ctx *c);
	bool reads_expansion; /* runs once the transform is done */
	bool second_thread;   /* where it runs when there are two */
} lint_family;

/* In the order their findings are kept (the order one thread runs them in). With two threads,
 * the second checks the source (structure, intrinsics) while the first expands it, then both
 * check the expansion: schema and the expansion's structure on one side, about as long as
 * references, graph and SAM on the other. */
static const lint_family FAMILIES[] = {
	{lint_rules_structure, false, true},
	{lint_rules_expanded_structure, true, true},
	{lint_rules_references, true, false},
	{lint_rules_intrinsics, false, true},
	{lint_rules_schema, true, true},
	{lint_rules_graph, true, false},
	{lint_rules_sam, true, false},
};
#define NFAMILIES (sizeof(FAMILIES) / sizeof(FAMILIES[0]))
/* A template with this many resources as written or more is checked on two threads
 * (LINT_THREADS_AUTO). */
#define RESOURCES_FOR_TWO_THREADS 128

static void run_transform(lint_ctx *c, samc_document **expanded, samc_error **xerr)
{
	if (!c->is_sam)
		return;
	samc_transform_options t = {.region = c->opts->region,
				    .parameter_overrides = c->opts->parameter_overrides,
				    .allow_local_code = 1};
	if (samc_transform_document(c->source, &t, expanded, xerr) != SAMC_OK) {
		samc_document_free(*expanded);
		*expanded = NULL;
		c->transform_error = *xerr;
	}
	c->expanded = *expanded;
}

struct family_run {
	lint_ctx ctx;               /* the shared context, reporting into `found` */
	struct lint_findings found;
};

/* The families of one thread in one phase (before or after the transform). */
struct phase {
	struct family_run *runs;
	bool after_transform, second_thread;
};

static void run_phase(const struct phase *ph)
{
	for (size_t i = 0; i < NFAMILIES; i++) {
		const lint_family *f = &FAMILIES[i];
		bool now = ph->second_thread ? f->reads_expansion == ph->after_transform
					     : ph->after_transform; /* the first thread transforms before */
		if (f->second_thread == ph->second_thread && now)
			f->run(&ph->runs[i].ctx);
	}
}

static void *second_thread_main(void *ph)
{
	run_phase(ph);
	return NULL;
}

/* Runs this thread's share of a phase (work) beside the second thread's. */
static void run_beside(struct phase *second, void (*work)(void *), void *arg)
{
	pthread_t t;
	bool started = pthread_create(&t, NULL, second_thread_main, second) == 0;
	work(arg);
	if (started)
		pthread_join(t, NULL);
	else
		run_phase(second);
}

struct transform_job {
	lint_ctx *c;
	samc_document **expanded;
	samc_error **xerr;
};

static void transform_job_run(void *arg)
{
	struct transform_job *j = arg;
	run_transform(j->c, j->expanded, j->xerr);
}

static void main_phase_run(void *ph)
{
	run_phase(ph);
}

/* Each family reports into its own list while the two threads run; the lists are merged in
 * family order, so the findings are those of one thread running the families in turn. */
static void check_on_two_threads(lint_ctx *c, samc_document **expanded, samc_error **xerr)
{
	struct family_run runs[NFAMILIES];
	for (size_t i = 0; i < NFAMILIES; i++) {
		runs[i].ctx = *c;
		runs[i].found = (struct lint_findings){0};
		runs[i].ctx.findings = &runs[i].found;
	}
	struct transform_job job = {c, expanded, xerr};
	run_beside(&(struct phase){runs, false, true}, transform_job_run, &job);
	for (size_t i = 0; i < NFAMILIES; i++) {
		runs[i].ctx.expanded = c->expanded;
		runs[i].ctx.transform_error = c->transform_error;
	}
	run_beside(&(struct phase){runs, true, true}, main_phase_run, &(struct phase){runs, true, false});
	for (size_t i = 0; i < NFAMILIES; i++)
		findings_merge(c->findings, &runs[i].found);
}

static bool worth_two_threads(const lint_ctx *c)
{
	size_t n = 0;
	for (const cJSON *r = c->resources ? c->resources->child : NULL; r && n < RESOURCES_FOR_TWO_THREADS; r = r->next)
		n++;
	return n >= RESOURCES_FOR_TWO_THREADS && sysconf(_SC_NPROCESSORS_ONLN) > 1;
}

/* The transform, then the rule families. */
static void check(lint_ctx *c, lint_threads threads, samc_document **expanded, samc_error **xerr)
{
	if (!cJSON_IsObject(c->source->root)) { /* nothing but the structure can be checked */
		lint_rules_structure(c);
		return;
	}
	if (threads == LINT_THREADS_TWO || (threads == LINT_THREADS_AUTO && worth_two_threads(c))) {
		check_on_two_threads(c, expanded, xerr);
		return;
	}
	run_transform(c, expanded, xerr);
	for (size_t i = 0; i < NFAMILIES; i++)
		FAMILIES[i].run(c);
}

static void result_free_findings(struct lint_findings *f)
{
	for (size_t i = 0; i < f->count; i++) {
		free((char *)f->items[i].pub.rule_id);
		free((char *)f->items[i].pub.message);
	}
	free(f->items);
	free(f->slots);
}

static int finish_result(samc_lint_result *r, samc_lint_result **out)
{
	if (r->f.oom) {
		samc_lint_result_free(r);
		return SAMC_ENOMEM;
	}
	free(r->f.slots); /* no finding is added from here on, and sorting moves them */
	r->f.slots = NULL;
	r->f.nslots = 0;
	for (size_t i = 0; i < r->f.count; i++)
		r->f.items[i].pub.file = r->file;
	if (r->f.count > 1)
		qsort(r->f.items, r->f.count, sizeof(r->f.items[0]), compare_findings);
	*out = r;
	return SAMC_OK;
}

static samc_lint_result *result_new(const char *file)
{
	samc_lint_result *r = calloc(1, sizeof(*r));
	if (r && file && !(r->file = samc_strdup(file))) {
		free(r);
		return NULL;
	}
	return r;
}

int samc_lint(const samc_document *doc, const samc_lint_options *opts, samc_lint_result **out,
	      samc_error **err)
{
	return lint_run(doc, opts, LINT_THREADS_AUTO, out, err);
}

int lint_run(const samc_document *doc, const samc_lint_options *opts, lint_threads threads,
	     samc_lint_result **out, samc_error **err)
{
	static const samc_lint_options DEFAULTS = {0};
	if (!doc || !out)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0, "samc_lint: doc and out are required");
	*out = NULL;
	samc_lint_result *r = result_new(doc->name);
	if (!r)
		return samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	lint_ctx c = {.findings = &r->f};
	opts = opts ? opts : &DEFAULTS;
	samc_document *source = NULL, *expanded = NULL;
	samc_error *xerr = NULL;
	int rc = lint_prepare_source(doc, opts, &source, &xerr);
	if (rc == SAMC_ENOMEM) {
		samc_error_free(xerr);
		samc_lint_result_free(r);
		return samc_error_set(err, rc, NULL, 0, 0, "out of memory");
	}
	c.dups = &doc->dups;
	if (rc == 0) {
		lint_ctx_init(&c, source ? source : doc, opts);
		check(&c, threads, &expanded, &xerr);
	} else { /* AWS::LanguageExtensions rejects the template: nothing else can be checked */
		lint_ctx_init(&c, doc, opts);
		c.transform_error = xerr;
		lint_rules_sam(&c);
	}
	samc_document_free(expanded);
	samc_document_free(source);
	samc_error_free(xerr);
	rc = finish_result(r, out);
	if (rc)
		return samc_error_set(err, rc, NULL, 0, 0, "out of memory");
	return SAMC_OK;
}

/* p past "DIGITS:" (NULL when p does not start with them). */
static const char *skip_number_colon(const char *p)
{
	const char *q = p;
	while (*q >= '0' && *q <= '9')
		q++;
	return q > p && *q == ':' ? q + 1 : NULL;
}

/* The loader's message without the "FILE:LINE:COLUMN: " or "FILE: " it starts with. */
static const char *load_message_text(const char *msg, const char *file)
{
	size_t n = file ? strlen(file) : 0;
	if (n == 0 || strncmp(msg, file, n) != 0 || msg[n] != ':')
		return msg;
	const char *p = msg + n + 1;
	const char *line_end = skip_number_colon(p);
	const char *col_end = line_end ? skip_number_colon(line_end) : NULL;
	if (col_end)
		p = col_end;
	while (*p == ' ')
		p++;
	return *p ? p : msg;
}

int samc_lint_load_failure(const char *file, int load_status, const samc_error *load_err,
			   samc_lint_result **out, samc_error **err)
{
	if (!out)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0, "samc_lint_load_failure: out is required");
	*out = NULL;
	samc_lint_result *r = result_new(file);
	if (!r)
		return samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	const char *err_file = samc_error_file(load_err) ? samc_error_file(load_err) : file;
	const char *text = load_err ? load_message_text(samc_error_message(load_err), err_file) : "";
	findings_add(&r->f, "E0000", SAMC_SEVERITY_ERROR, samc_error_line(load_err),
		     samc_error_column(load_err),
		     samc_strfmt("template could not be %s: %s",
				 load_status == SAMC_EIO ? "read" : "parsed",
				 *text ? text : "unknown error"));
	int rc = finish_result(r, out);
	if (rc)
		return samc_error_set(err, rc, NULL, 0, 0, "out of memory");
	return SAMC_OK;
}

size_t samc_lint_count(const samc_lint_result *r)
{
	return r ? r->f.count : 0;
}

const samc_finding *samc_lint_finding(const samc_lint_result *r, size_t i)
{
	return r && i < r->f.count ? &r->f.items[i].pub : NULL;
}

void samc_lint_result_free(samc_lint_result *r)
{
	if (!r)
		return;
	result_free_findings(&r->f);
	free(r->file);
	free(r);
}

const char *lint_result_file(const samc_lint_result *r)
{
	return r && r->file ? r->file : "-";
}
