/* query.c — the AWS Query protocol: ordered parameter lists, the form-encoded POST body,
 * and the parsed XML response (or the service's error). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "aws/aws_int.h"
#include "util/error.h"

typedef struct param {
	char *name;
	char *value;
} param;

struct samc_aws_params {
	param *v;
	size_t n, cap;
};

samc_aws_params *samc_aws_params_new(void)
{
	return calloc(1, sizeof(samc_aws_params));
}

void samc_aws_params_free(samc_aws_params *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].name);
		free(p->v[i].value);
	}
	free(p->v);
	free(p);
}

int samc_aws_params_add(samc_aws_params *p, const char *value, const char *name_fmt, ...)
{
	if (!value)
		return 0;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		param *grown = realloc(p->v, cap * sizeof(*grown));
		if (!grown)
			return SAMC_ENOMEM;
		p->v = grown;
		p->cap = cap;
	}
	samc_buf name = SAMC_BUF_INIT;
	va_list ap;
	va_start(ap, name_fmt);
	samc_buf_vprintf(&name, name_fmt, ap);
	va_end(ap);
	char *n = samc_buf_detach(&name), *v = samc_strdup(value);
	if (!n || !v) {
		free(n);
		free(v);
		return SAMC_ENOMEM;
	}
	p->v[p->n++] = (param){n, v};
	return 0;
}

size_t samc_aws_params_count(const samc_aws_params *p)
{
	return p ? p->n : 0;
}

/* application/x-www-form-urlencoded as the AWS SDKs write it: RFC 3986 escapes with '+' for
 * a space (servers that re-encode the parsed form to check the signature expect this). */
static char *form_encode(const char *s)
{
	char *e = samc_aws_uri_encode(s, strlen(s), false);
	if (!e)
		return NULL;
	char *w = e;
	for (const char *r = e; *r; r++, w++) {
		if (strncmp(r, "%20", 3) == 0) {
			*w = '+';
			r += 2;
		} else {
			*w = *r;
		}
	}
	*w = '\0';
	return e;
}

static void put_pair(samc_buf *b, const char *name, const char *value)
{
	char *n = form_encode(name);
	char *v = form_encode(value);
	if (!n || !v)
		b->oom = true;
	else
		samc_buf_printf(b, "%s%s=%s", b->len ? "&" : "", n, v);
	free(n);
	free(v);
}

char *samc_aws_query_body(const char *action, const char *version, const samc_aws_params *params)
{
	samc_buf b = SAMC_BUF_INIT;
	put_pair(&b, "Action", action);
	put_pair(&b, "Version", version);
	for (size_t i = 0; params && i < params->n; i++)
		put_pair(&b, params->v[i].name, params->v[i].value);
	return samc_buf_detach(&b);
}

int samc_aws_query(samc_aws_client *c, const char *service, const char *version,
		   const char *action, const samc_aws_params *params, samc_xml_doc **out,
		   samc_error **err)
{
	*out = NULL;
	if (!service || !version || !action)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "a Query API call needs a service, a version and an action");
	char *body = samc_aws_query_body(action, version, params);
	if (!body)
		return samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	samc_http_header h[] = {
		{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
	samc_aws_request req = {.method = "POST", .service = service, .path = "/",
				.headers = h, .nheaders = 1, .body = body,
				.body_len = strlen(body)};
	samc_aws_response resp;
	int rc = samc_aws_send(c, &req, &resp, err);
	if (rc == 0 && (resp.status < 200 || resp.status > 299))
		rc = samc_aws_response_error(c, &resp, action, err);
	if (rc == 0 && samc_xml_parse(resp.body.ptr, resp.body.len, out, NULL) != 0)
		rc = samc_error_set(err, SAMC_EAWS, NULL, 0, 0,
				    "%s: the response of %s is not valid XML (HTTP status %ld)",
				    action, service, resp.status);
	samc_aws_response_clear(&resp);
	free(body);
	return rc;
}
