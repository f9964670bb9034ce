/* test_aws_http.c — the client against a scripted local HTTP server: signed requests,
 * Query bodies, retries with backoff on 5xx and throttling, AWS error texts without
 * secrets, S3 addressing, and CloudFormation results read into structs. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "aws/aws.h"

/* ---- a scripted server: one connection per response ---- */

typedef struct reply {
	int status;
	const char *headers; /* extra header lines, each ending in \r\n */
	const char *body;
} reply;

typedef struct server {
	int fd;
	int port;
	const reply *script;
	size_t nscript;
	size_t served;
	char requests[8][8192];
	pthread_t thread;
} server;

static size_t read_request(int c, char *buf, size_t cap)
{
	size_t len = 0;
	char *end = NULL;
	while (len + 1 < cap && !(end = strstr(buf, "\r\n\r\n"))) {
		ssize_t n = recv(c, buf + len, cap - 1 - len, 0);
		if (n <= 0)
			return len;
		len += (size_t)n;
		buf[len] = '\0';
	}
	const char *cl = strstr(buf, "\r\nContent-Length:");
	size_t want = cl ? (size_t)atol(cl + 17) : 0;
	size_t head = end ? (size_t)(end + 4 - buf) : len;
	while (len < head + want && len + 1 < cap) {
		ssize_t n = recv(c, buf + len, cap - 1 - len, 0);
		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
	}
	return len;
}

static void *serve(void *ud)
{
	server *s = ud;
	while (s->served < s->nscript) {
		int c = accept(s->fd, NULL, NULL);
		if (c < 0)
			break;
		char *req = s->requests[s->served < 8 ? s->served : 7];
		req[0] = '\0';
		read_request(c, req, sizeof(s->requests[0]));
		const reply *r = &s->script[s->served++];
		char head[512];
		size_t blen = r->body ? strlen(r->body) : 0;
		int n = snprintf(head, sizeof(head),
				 "HTTP/1.1 %d X\r\nContent-Length: %zu\r\nConnection: close\r\n%s\r\n",
				 r->status, blen, r->headers ? r->headers : "");
		if (send(c, head, (size_t)n, 0) < 0 || (blen && send(c, r->body, blen, 0) < 0))
			perror("send");
		close(c);
	}
	return NULL;
}

static void server_start(server *s, const reply *script, size_t n)
{
	memset(s, 0, sizeof(*s));
	s->script = script;
	s->nscript = n;
	s->fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(s->fd >= 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	assert_int_equal(bind(s->fd, (struct sockaddr *)&a, sizeof(a)), 0);
	socklen_t len = sizeof(a);
	getsockname(s->fd, (struct sockaddr *)&a, &len);
	s->port = ntohs(a.sin_port);
	assert_int_equal(listen(s->fd, 8), 0);
	pthread_create(&s->thread, NULL, serve, s);
}

static void server_stop(server *s)
{
	shutdown(s->fd, SHUT_RDWR);
	pthread_join(s->thread, NULL);
	close(s->fd);
}

/* ---- a client pointed at it ---- */

typedef struct env {
	char endpoint[64];
} env;

static const char *test_getenv(void *ctx, const char *name)
{
	env *e = ctx;
	if (strcmp(name, "AWS_ACCESS_KEY_ID") == 0)
		return "AKIDTEST";
	if (strcmp(name, "AWS_SECRET_ACCESS_KEY") == 0)
		return "SECRETVALUE123";
	if (strcmp(name, "AWS_SESSION_TOKEN") == 0)
		return "TOKENVALUE456";
	if (strcmp(name, "AWS_DEFAULT_REGION") == 0)
		return "eu-west-1";
	if (strcmp(name, "AWS_ENDPOINT_URL") == 0)
		return e->endpoint;
	return NULL;
}

static unsigned sleeps[16];
static size_t nsleeps;

static void no_sleep(void *ctx, unsigned ms)
{
	(void)ctx;
	if (nsleeps < 16)
		sleeps[nsleeps++] = ms;
}

static time_t fixed_now(void *ctx)
{
	(void)ctx;
	return 1440938160; /* 2015-08-30T12:36:00Z */
}

typedef struct rig {
	server srv;
	env e;
	samc_aws_config *cfg;
	samc_aws_client *client;
} rig;

static void rig_start(rig *r, const reply *script, size_t n)
{
	server_start(&r->srv, script, n);
	snprintf(r->e.endpoint, sizeof(r->e.endpoint), "http://127.0.0.1:%d", r->srv.port);
	samc_aws_options o = {.getenv = test_getenv, .getenv_ctx = &r->e, .home = "/nonexistent"};
	samc_error *err = NULL;
	assert_int_equal(samc_aws_config_resolve(&o, &r->cfg, &err), 0);
	samc_aws_client_options co = {.sleep_ms = no_sleep, .now = fixed_now, .max_attempts = 3};
	assert_int_equal(samc_aws_client_new(r->cfg, &co, &r->client, &err), 0);
	nsleeps = 0;
}

static void rig_stop(rig *r)
{
	samc_aws_client_free(r->client);
	samc_aws_config_free(r->cfg);
	server_stop(&r->srv);
}

#define DESCRIBE_OK                                                                        \
	"<DescribeStacksResponse><DescribeStacksResult><Stacks><member>"                   \
	"<StackId>arn:aws:cloudformation:eu-west-1:1:stack/app/x</StackId>"                \
	"<StackName>app</StackName><StackStatus>UPDATE_COMPLETE</StackStatus>"             \
	"<EnableTerminationProtection>true</EnableTerminationProtection>"                  \
	"<Parameters><member><ParameterKey>Env</ParameterKey><ParameterValue>prod"         \
	"</ParameterValue></member></Parameters><Outputs><member><OutputKey>Url</OutputKey>" \
	"<OutputValue>https://x</OutputValue><Description>the url</Description></member>"  \
	"</Outputs></member></Stacks></DescribeStacksResult></DescribeStacksResponse>"

static void query_is_signed_and_parsed(void **state)
{
	(void)state;
	const reply script[] = {{200, NULL, DESCRIBE_OK}};
	rig r;
	rig_start(&r, script, 1);
	samc_cfn_stack *stack = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_cfn_describe_stack(r.client, "app", &stack, &err), 0);
	assert_non_null(stack);
	assert_string_equal(stack->status, "UPDATE_COMPLETE");
	assert_true(stack->termination_protection);
	assert_int_equal(stack->nparameters, 1);
	assert_string_equal(stack->parameters[0].value, "prod");
	assert_int_equal(stack->noutputs, 1);
	assert_string_equal(stack->outputs[0].description, "the url");
	assert_null(stack->outputs[0].export_name);
	samc_cfn_stack_free(stack);
	const char *req = r.srv.requests[0];
	assert_non_null(strstr(req, "POST / HTTP/1.1"));
	assert_non_null(strstr(req, "Action=DescribeStacks&Version=2010-05-15&StackName=app"));
	assert_non_null(strstr(req, "Authorization: AWS4-HMAC-SHA256 Credential=AKIDTEST/"
				    "20150830/eu-west-1/cloudformation/aws4_request, "
				    "SignedHeaders=content-type;host;x-amz-date;"
				    "x-amz-security-token, Signature="));
	assert_non_null(strstr(req, "X-Amz-Date: 20150830T123600Z"));
	assert_non_null(strstr(req, "X-Amz-Security-Token: TOKENVALUE456"));
	assert_null(strstr(req, "SECRETVALUE123"));
	rig_stop(&r);
}

static void missing_stack_is_null(void **state)
{
	(void)state;
	const reply script[] = {
		{400, "x-amzn-RequestId: rid-9\r\n",
		 "<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code>"
		 "<Message>Stack with id app does not exist</Message></Error>"
		 "<RequestId>rid-9</RequestId></ErrorResponse>"}};
	rig r;
	rig_start(&r, script, 1);
	samc_cfn_stack *stack = (samc_cfn_stack *)1;
	samc_error *err = NULL;
	assert_int_equal(samc_cfn_describe_stack(r.client, "app", &stack, &err), 0);
	assert_null(stack);
	assert_null(err);
	assert_int_equal(nsleeps, 0);
	rig_stop(&r);
}

static void retries_5xx_and_throttling(void **state)
{
	(void)state;
	const reply script[] = {
		{503, NULL, ""},
		{400, NULL,
		 "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message>"
		 "</Error><RequestId>t1</RequestId></ErrorResponse>"},
		{200, NULL, "<DeleteStackResponse><ResponseMetadata/></DeleteStackResponse>"}};
	rig r;
	rig_start(&r, script, 3);
	samc_error *err = NULL;
	const char *retain[] = {"Bucket"};
	assert_int_equal(samc_cfn_delete_stack(r.client, "app", retain, 1, &err), 0);
	assert_int_equal(r.srv.served, 3);
	assert_int_equal(nsleeps, 2);
	assert_true(sleeps[0] <= 200 && sleeps[1] <= 400);
	assert_non_null(strstr(r.srv.requests[2], "StackName=app&RetainResources.member.1=Bucket"));
	rig_stop(&r);
}

static void gives_up_with_a_clear_error(void **state)
{
	(void)state;
	const char *throttled = "<ErrorResponse><Error><Code>Throttling</Code>"
				"<Message>Rate exceeded</Message></Error>"
				"<RequestId>req-42</RequestId></ErrorResponse>";
	const reply script[] = {{400, NULL, throttled}, {400, NULL, throttled}, {400, NULL, throttled}};
	rig r;
	rig_start(&r, script, 3);
	samc_error *err = NULL;
	assert_int_equal(samc_cfn_execute_change_set(r.client, "app", "cs1", 1, &err), SAMC_EAWS);
	assert_string_equal(samc_error_message(err),
			    "Throttling: Rate exceeded (ExecuteChangeSet, request id req-42)");
	const samc_aws_last_error *last = samc_aws_client_last_error(r.client);
	assert_string_equal(last->code, "Throttling");
	assert_string_equal(last->request_id, "req-42");
	assert_int_equal(last->http_status, 400);
	assert_int_equal(r.srv.served, 3);
	assert_non_null(strstr(r.srv.requests[0], "DisableRollback=true"));
	samc_error_free(err);
	rig_stop(&r);
}

static void connection_failure_is_reported(void **state)
{
	(void)state;
	rig r;
	const reply none[] = {{200, NULL, ""}};
	rig_start(&r, none, 1);
	/* nothing listens on the endpoint once the server is gone */
	r.srv.nscript = 0;
	server_stop(&r.srv);
	samc_error *err = NULL;
	samc_xml_doc *doc = NULL;
	assert_int_equal(samc_cfn_call(r.client, "ListStacks", NULL, &doc, &err), SAMC_EAWS);
	assert_non_null(strstr(samc_error_message(err), "could not reach http://127.0.0.1:"));
	assert_non_null(strstr(samc_error_message(err), "after 3 attempts"));
	assert_null(strstr(samc_error_message(err), "SECRETVALUE123"));
	assert_int_equal(nsleeps, 2);
	samc_error_free(err);
	samc_aws_client_free(r.client);
	samc_aws_config_free(r.cfg);
}

static void change_set_round_trip(void **state)
{
	(void)state;
	const reply script[] = {
		{200, NULL,
		 "<CreateChangeSetResponse><CreateChangeSetResult><Id>arn:cs</Id>"
		 "<StackId>arn:stack</StackId></CreateChangeSetResult></CreateChangeSetResponse>"},
		{200, NULL,
		 "<DescribeChangeSetResponse><DescribeChangeSetResult><Status>CREATE_COMPLETE"
		 "</Status><ExecutionStatus>AVAILABLE</ExecutionStatus><Changes><member>"
		 "<ResourceChange><Action>Add</Action><LogicalResourceId>Fn</LogicalResourceId>"
		 "<ResourceType>AWS::Lambda::Function</ResourceType></ResourceChange></member>"
		 "</Changes><NextToken>page2</NextToken></DescribeChangeSetResult>"
		 "</DescribeChangeSetResponse>"},
		{200, NULL,
		 "<DescribeChangeSetResponse><DescribeChangeSetResult><Status>CREATE_COMPLETE"
		 "</Status><Changes><member><ResourceChange><Action>Modify</Action>"
		 "<LogicalResourceId>Role</LogicalResourceId><PhysicalResourceId>r-1"
		 "</PhysicalResourceId><ResourceType>AWS::IAM::Role</ResourceType><Replacement>"
		 "False</Replacement></ResourceChange></member></Changes>"
		 "</DescribeChangeSetResult></DescribeChangeSetResponse>"}};
	rig r;
	rig_start(&r, script, 3);
	samc_cfn_parameter params[] = {{"Env", "a b&c", false}, {"Old", NULL, true}};
	const char *caps[] = {"CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"};
	samc_cfn_kv tags[] = {{"team", "x=y"}};
	samc_cfn_change_set_request req = {
		.stack_name = "app", .change_set_name = "samcli-deploy1", .change_set_type = "UPDATE",
		.description = "Created by samc", .template_url = "https://s3.amazonaws.com/b/k",
		.parameters = params, .nparameters = 2, .capabilities = caps, .ncapabilities = 2,
		.tags = tags, .ntags = 1};
	char *id = NULL, *stack_id = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_cfn_create_change_set(r.client, &req, &id, &stack_id, &err), 0);
	assert_string_equal(id, "arn:cs");
	assert_string_equal(stack_id, "arn:stack");
	const char *sent = r.srv.requests[0];
	assert_non_null(strstr(sent, "Parameters.member.1.ParameterKey=Env&Parameters.member.1."
				     "ParameterValue=a+b%26c&Parameters.member.2.ParameterKey=Old"
				     "&Parameters.member.2.UsePreviousValue=true"));
	assert_non_null(strstr(sent, "Capabilities.member.2=CAPABILITY_AUTO_EXPAND"));
	assert_non_null(strstr(sent, "Tags.member.1.Key=team&Tags.member.1.Value=x%3Dy"));
	assert_non_null(strstr(sent, "TemplateURL=https%3A%2F%2Fs3.amazonaws.com%2Fb%2Fk"));
	free(id);
	free(stack_id);
	samc_cfn_change_set *cs = NULL;
	assert_int_equal(samc_cfn_describe_change_set(r.client, "app", "samcli-deploy1", &cs, &err),
			 0);
	assert_string_equal(cs->status, "CREATE_COMPLETE");
	assert_string_equal(cs->execution_status, "AVAILABLE");
	assert_int_equal(cs->nchanges, 2);
	assert_string_equal(cs->changes[0].logical_id, "Fn");
	assert_null(cs->changes[0].replacement);
	assert_string_equal(cs->changes[1].replacement, "False");
	assert_non_null(strstr(r.srv.requests[2], "NextToken=page2"));
	samc_cfn_change_set_free(cs);
	rig_stop(&r);
}

static void rejects_bad_change_set_requests(void **state)
{
	(void)state;
	const reply none[] = {{200, NULL, ""}};
	rig r;
	rig_start(&r, none, 1);
	samc_cfn_change_set_request req = {.stack_name = "app", .change_set_name = "c"};
	samc_error *err = NULL;
	assert_int_equal(samc_cfn_create_change_set(r.client, &req, NULL, NULL, &err), SAMC_EUSAGE);
	assert_non_null(strstr(samc_error_message(err), "exactly one of"));
	samc_error_free(err);
	/* release the server thread */
	samc_xml_doc *doc = NULL;
	err = NULL;
	samc_cfn_call(r.client, "ListStacks", NULL, &doc, &err);
	samc_xml_doc_free(doc);
	samc_error_free(err);
	rig_stop(&r);
}

static void s3_calls_use_path_style_on_custom_endpoints(void **state)
{
	(void)state;
	const reply script[] = {
		{200, "ETag: \"abc\"\r\n", ""},
		{200, "ETag: \"abc\"\r\nx-amz-request-id: r1\r\n", ""},
		{404, "x-amz-request-id: r2\r\n", ""},
		{200, NULL,
		 "<ListBucketResult><IsTruncated>true</IsTruncated><Contents><Key>p/a</Key>"
		 "</Contents><Contents><Key>p/b c</Key></Contents><NextContinuationToken>T+1"
		 "</NextContinuationToken></ListBucketResult>"},
		{403, NULL,
		 "<Error><Code>AccessDenied</Code><Message>Access Denied</Message>"
		 "<RequestId>r5</RequestId></Error>"}};
	rig r;
	rig_start(&r, script, 5);
	samc_error *err = NULL;
	samc_s3_put_options po = {.content_type = "text/plain"};
	assert_int_equal(samc_s3_put_object(r.client, "my-bucket", "dir/a b.template", "hello", 5,
					     &po, &err),
			 0);
	const char *put = r.srv.requests[0];
	assert_non_null(strstr(put, "PUT /my-bucket/dir/a%20b.template HTTP/1.1"));
	assert_non_null(strstr(put, "Content-MD5: XUFAKrxLKna5cZ2REBfFkg=="));
	assert_non_null(strstr(put, "x-amz-content-sha256: "
				    "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"));
	assert_non_null(strstr(put, "\r\n\r\nhello"));
	bool exists = false;
	samc_s3_object_info info;
	assert_int_equal(samc_s3_head_object(r.client, "my-bucket", "k", &exists, &info, &err), 0);
	assert_true(exists);
	assert_string_equal(info.etag, "\"abc\"");
	samc_s3_object_info_clear(&info);
	assert_int_equal(samc_s3_head_object(r.client, "my-bucket", "gone", &exists, NULL, &err), 0);
	assert_false(exists);
	samc_s3_listing l;
	assert_int_equal(samc_s3_list_objects_v2(r.client, "my-bucket", "p/", NULL, &l, &err), 0);
	assert_int_equal(l.nkeys, 2);
	assert_string_equal(l.keys[1], "p/b c");
	assert_string_equal(l.next_token, "T+1");
	assert_non_null(strstr(r.srv.requests[3], "GET /my-bucket/?list-type=2&prefix=p%2F "));
	samc_s3_listing_clear(&l);
	assert_int_equal(samc_s3_delete_object(r.client, "my-bucket", "k", &err), SAMC_EAWS);
	assert_string_equal(samc_error_message(err),
			    "AccessDenied: Access Denied (DeleteObject, request id r5)");
	samc_error_free(err);
	char *url = NULL;
	assert_int_equal(samc_s3_object_url(r.client, "my-bucket", "a/b c", &url, NULL), 0);
	char want[96];
	snprintf(want, sizeof(want), "http://127.0.0.1:%d/my-bucket/a/b%%20c", r.srv.port);
	assert_string_equal(url, want);
	free(url);
	rig_stop(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(query_is_signed_and_parsed),
		cmocka_unit_test(missing_stack_is_null),
		cmocka_unit_test(retries_5xx_and_throttling),
		cmocka_unit_test(gives_up_with_a_clear_error),
		cmocka_unit_test(connection_failure_is_reported),
		cmocka_unit_test(change_set_round_trip),
		cmocka_unit_test(rejects_bad_change_set_requests),
		cmocka_unit_test(s3_calls_use_path_style_on_custom_endpoints),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
