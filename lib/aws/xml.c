/* xml.c — a small element tree built with expat for AWS responses, with path lookup and
 * AWS error documents. DTDs are refused, so no entity is ever expanded. */
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "aws/aws.h"
#include "util/buf.h"
#include "util/error.h"

#define XML_MAX_DEPTH 64
#define XML_MAX_BYTES ((size_t)64 << 20)

struct samc_xml_doc {
	samc_xml_node *root;
};

typedef struct builder {
	XML_Parser parser;
	samc_xml_node *root;
	samc_xml_node *current;
	samc_buf text;                        /* text of `current` being collected */
	unsigned depth;
	const char *failure; /* why we stopped the parser, or NULL */
	bool oom;
} builder;

static void node_free(samc_xml_node *n)
{
	while (n) {
		samc_xml_node *next = n->next;
		node_free(n->children);
		free(n->name);
		free(n->text);
		free(n);
		n = next;
	}
}

static void stop(builder *b, const char *why)
{
	if (!b->failure)
		b->failure = why;
	XML_StopParser(b->parser, XML_FALSE);
}

static samc_xml_node *last_child(samc_xml_node *parent)
{
	samc_xml_node *c = parent->children;
	while (c && c->next)
		c = c->next;
	return c;
}

/* The collected text belongs to `current`; it is appended as elements open and close. */
static void flush_text(builder *b)
{
	if (!b->current || b->text.len == 0)
		return;
	samc_xml_node *n = b->current;
	size_t old = strlen(n->text);
	char *t = realloc(n->text, old + b->text.len + 1);
	if (!t) {
		b->oom = true;
		return;
	}
	memcpy(t + old, b->text.ptr, b->text.len);
	t[old + b->text.len] = '\0';
	n->text = t;
	samc_buf_reset(&b->text);
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	(void)attrs;
	builder *b = ud;
	flush_text(b);
	if (++b->depth > XML_MAX_DEPTH)
		return stop(b, "elements nested deeper than 64 levels");
	const char *colon = strchr(name, ':');
	samc_xml_node *n = calloc(1, sizeof(*n));
	if (n) {
		n->name = samc_strdup(colon ? colon + 1 : name);
		n->text = samc_strdup("");
	}
	if (!n || !n->name || !n->text) {
		node_free(n);
		b->oom = true;
		return stop(b, "out of memory");
	}
	n->parent = b->current;
	if (!b->current) {
		b->root = n;
	} else {
		samc_xml_node *last = last_child(b->current);
		if (last)
			last->next = n;
		else
			b->current->children = n;
	}
	b->current = n;
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	(void)name;
	builder *b = ud;
	flush_text(b);
	b->depth--;
	if (b->current)
		b->current = b->current->parent;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
	builder *b = ud;
	if (b->current)
		samc_buf_put(&b->text, s, (size_t)len);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
			       const XML_Char *pubid, int has_internal_subset)
{
	(void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
	stop(ud, "document type declarations (DTDs) are not accepted");
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param,
			      const XML_Char *value, int value_len, const XML_Char *base,
			      const XML_Char *sysid, const XML_Char *pubid,
			      const XML_Char *notation)
{
	(void)name, (void)is_param, (void)value, (void)value_len, (void)base, (void)sysid;
	(void)pubid, (void)notation;
	stop(ud, "entity declarations are not accepted");
}

static XML_Parser new_parser(builder *b)
{
	XML_Parser p = XML_ParserCreate("UTF-8");
	if (!p)
		return NULL;
	XML_SetUserData(p, b);
	XML_SetElementHandler(p, on_start, on_end);
	XML_SetCharacterDataHandler(p, on_text);
	XML_SetStartDoctypeDeclHandler(p, on_doctype);
	XML_SetEntityDeclHandler(p, on_entity);
	XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
	return p;
}

static int parse_failed(builder *b, samc_error **err)
{
	if (b->oom)
		return samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory parsing XML");
	XML_Parser p = b->parser;
	unsigned line = (unsigned)XML_GetCurrentLineNumber(p);
	unsigned col = (unsigned)XML_GetCurrentColumnNumber(p) + 1;
	const char *why = b->failure ? b->failure : XML_ErrorString(XML_GetErrorCode(p));
	return samc_error_set(err, SAMC_EINVALID, NULL, line, col,
			      "invalid XML in the response at line %u, column %u: %s", line, col,
			      why);
}

int samc_xml_parse(const char *data, size_t len, samc_xml_doc **out, samc_error **err)
{
	*out = NULL;
	if (len > XML_MAX_BYTES || len > (size_t)0x7fffffff)
		return samc_error_set(err, SAMC_ELIMIT, NULL, 0, 0,
				      "XML response larger than 64 MiB");
	builder b = {.text = SAMC_BUF_INIT};
	b.parser = new_parser(&b);
	if (!b.parser)
		return samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory parsing XML");
	int rc = 0;
	if (XML_Parse(b.parser, data ? data : "", (int)len, XML_TRUE) != XML_STATUS_OK || b.oom)
		rc = parse_failed(&b, err);
	else if (!b.root)
		rc = samc_error_set(err, SAMC_EINVALID, NULL, 0, 0, "empty XML response");
	XML_ParserFree(b.parser);
	samc_buf_free(&b.text);
	samc_xml_doc *doc = rc ? NULL : calloc(1, sizeof(*doc));
	if (!rc && !doc)
		rc = samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory parsing XML");
	if (rc) {
		node_free(b.root);
		return rc;
	}
	doc->root = b.root;
	*out = doc;
	return 0;
}

const samc_xml_node *samc_xml_root(const samc_xml_doc *doc)
{
	return doc ? doc->root : NULL;
}

void samc_xml_doc_free(samc_xml_doc *doc)
{
	if (!doc)
		return;
	node_free(doc->root);
	free(doc);
}

static const samc_xml_node *child_named(const samc_xml_node *n, const char *name, size_t len)
{
	for (const samc_xml_node *c = n->children; c; c = c->next)
		if (strlen(c->name) == len && memcmp(c->name, name, len) == 0)
			return c;
	return NULL;
}

const samc_xml_node *samc_xml_find(const samc_xml_node *from, const char *path)
{
	if (!from || !path)
		return from;
	const samc_xml_node *n = from;
	while (n && *path) {
		const char *slash = strchr(path, '/');
		size_t len = slash ? (size_t)(slash - path) : strlen(path);
		n = len ? child_named(n, path, len) : n;
		path += len + (slash != NULL);
	}
	return n;
}

const char *samc_xml_text(const samc_xml_node *from, const char *path)
{
	const samc_xml_node *n = samc_xml_find(from, path);
	return n ? n->text : NULL;
}

const samc_xml_node *samc_xml_next_same(const samc_xml_node *n)
{
	if (!n)
		return NULL;
	for (const samc_xml_node *s = n->next; s; s = s->next)
		if (strcmp(s->name, n->name) == 0)
			return s;
	return NULL;
}

bool samc_aws_error_from_xml(const samc_xml_doc *doc, samc_aws_error_info *out)
{
	memset(out, 0, sizeof(*out));
	const samc_xml_node *root = samc_xml_root(doc), *e = NULL;
	if (!root)
		return false;
	if (strcmp(root->name, "ErrorResponse") == 0 || strcmp(root->name, "Response") == 0) {
		e = samc_xml_find(root, "Error");
		if (!e)
			e = samc_xml_find(root, "Errors/Error");
	} else if (strcmp(root->name, "Error") == 0) {
		e = root;
	}
	if (!e || !samc_xml_text(e, "Code"))
		return false;
	out->code = samc_xml_text(e, "Code");
	out->message = samc_xml_text(e, "Message");
	out->request_id = samc_xml_text(root, "RequestId");
	if (!out->request_id)
		out->request_id = samc_xml_text(root, "RequestID");
	if (!out->request_id)
		out->request_id = samc_xml_text(e, "RequestId");
	return true;
}
