/* test_aws_moto.c — the client end to end against moto_server with signature checking on
 * (skipped when moto is not installed): S3 bucket and object calls, a stack created, read and
 * deleted through change sets, and a wrong secret refused. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "aws/aws.h"

extern char **environ;

typedef struct moto {
	pid_t pid;
	int port;
	char endpoint[64];
	char key_id[64];
	char secret[128];
	samc_aws_config *cfg;
	samc_aws_client *client;
} moto;

static int free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(a);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return ntohs(a.sin_port);
}

static bool port_open(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	bool ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

static bool on_path(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[4096];
	for (const char *p = path; p && *p;) {
		const char *colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);
		snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, p, prog);
		if (access(buf, X_OK) == 0)
			return true;
		p += n + (colon != NULL);
	}
	return false;
}

static const char *moto_getenv(void *ctx, const char *name)
{
	moto *m = ctx;
	if (strcmp(name, "AWS_ACCESS_KEY_ID") == 0)
		return m->key_id;
	if (strcmp(name, "AWS_SECRET_ACCESS_KEY") == 0)
		return m->secret;
	if (strcmp(name, "AWS_REGION") == 0)
		return "eu-west-1";
	if (strcmp(name, "AWS_ENDPOINT_URL") == 0)
		return m->endpoint;
	return NULL;
}

/* moto checks signatures once this many calls were made: the three of create_iam_user. */
static char AUTH_AFTER[] = "INITIAL_NO_AUTH_ACTION_COUNT=3";

static int connect_as(moto *m, const char *key_id, const char *secret)
{
	if (key_id != m->key_id)
		snprintf(m->key_id, sizeof(m->key_id), "%s", key_id);
	if (secret != m->secret)
		snprintf(m->secret, sizeof(m->secret), "%s", secret);
	samc_aws_options o = {.getenv = moto_getenv, .getenv_ctx = m, .home = "/nonexistent"};
	samc_error *err = NULL;
	int rc = samc_aws_config_resolve(&o, &m->cfg, &err);
	if (rc == 0)
		rc = samc_aws_client_new(m->cfg, NULL, &m->client, &err);
	if (rc)
		print_message("connect: %s\n", samc_error_message(err));
	samc_error_free(err);
	return rc;
}

static int iam_call(moto *m, const char *action, samc_aws_params *p, samc_xml_doc **doc)
{
	samc_error *err = NULL;
	int rc = samc_aws_query(m->client, "iam", "2010-05-08", action, p, doc, &err);
	if (rc)
		print_message("%s: %s\n", action, samc_error_message(err));
	samc_error_free(err);
	samc_aws_params_free(p);
	return rc;
}

/* A user allowed everything, and its access key: from then on moto checks signatures. */
static int create_iam_user(moto *m)
{
	samc_aws_params *p = samc_aws_params_new();
	samc_xml_doc *doc = NULL;
	samc_aws_params_add(p, "samc", "UserName");
	int rc = iam_call(m, "CreateUser", p, &doc);
	samc_xml_doc_free(doc);
	p = samc_aws_params_new();
	samc_aws_params_add(p, "samc", "UserName");
	samc_aws_params_add(p, "all", "PolicyName");
	samc_aws_params_add(p, "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": "
			       "\"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}",
			    "PolicyDocument");
	rc = rc ? rc : iam_call(m, "PutUserPolicy", p, &doc);
	samc_xml_doc_free(doc);
	doc = NULL;
	p = samc_aws_params_new();
	samc_aws_params_add(p, "samc", "UserName");
	rc = rc ? rc : iam_call(m, "CreateAccessKey", p, &doc);
	const samc_xml_node *key =
		samc_xml_find(samc_xml_root(doc), "CreateAccessKeyResult/AccessKey");
	const char *id = samc_xml_text(key, "AccessKeyId");
	const char *secret = samc_xml_text(key, "SecretAccessKey");
	if (rc == 0 && id && secret) {
		snprintf(m->key_id, sizeof(m->key_id), "%s", id);
		snprintf(m->secret, sizeof(m->secret), "%s", secret);
	} else if (rc == 0) {
		print_message("CreateAccessKey: no key in the response\n");
		rc = -1;
	}
	samc_xml_doc_free(doc);
	return rc;
}

static int start_moto(void **state)
{
	if (!on_path("moto_server"))
		return 0;
	moto *m = calloc(1, sizeof(*m));
	m->port = free_port();
	char port[16];
	snprintf(port, sizeof(port), "%d", m->port);
	char *argv[] = {"moto_server", "-H", "127.0.0.1", "-p", port, NULL};
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	size_t n = 0;
	while (environ[n])
		n++;
	char **envp = calloc(n + 2, sizeof(*envp));
	memcpy(envp, environ, n * sizeof(*envp));
	envp[n] = AUTH_AFTER;
	int rc = posix_spawnp(&m->pid, "moto_server", &fa, NULL, argv, envp);
	free(envp);
	posix_spawn_file_actions_destroy(&fa);
	for (int i = 0; rc == 0 && i < 300 && !port_open(m->port); i++) {
		struct timespec ts = {0, 100000000L};
		nanosleep(&ts, NULL);
	}
	if (rc != 0 || !port_open(m->port)) {
		if (rc == 0) {
			kill(m->pid, SIGTERM);
			waitpid(m->pid, NULL, 0);
		}
		free(m);
		return 0;
	}
	snprintf(m->endpoint, sizeof(m->endpoint), "http://127.0.0.1:%d", m->port);
	if (connect_as(m, "testing", "testing") || create_iam_user(m))
		return -1;
	samc_aws_client_free(m->client);
	samc_aws_config_free(m->cfg);
	if (connect_as(m, m->key_id, m->secret))
		return -1;
	*state = m;
	return 0;
}

static int stop_moto(void **state)
{
	moto *m = *state;
	if (!m)
		return 0;
	samc_aws_client_free(m->client);
	samc_aws_config_free(m->cfg);
	kill(m->pid, SIGTERM);
	waitpid(m->pid, NULL, 0);
	free(m);
	return 0;
}

#define OK(call)                                                                          \
	do {                                                                              \
		samc_error *err_ = NULL;                                                  \
		int rc_ = (call);                                                         \
		if (rc_)                                                                  \
			print_message("%s: %s\n", #call, samc_error_message(err_));       \
		samc_error_free(err_);                                                    \
		assert_int_equal(rc_, 0);                                                 \
	} while (0)
#define E (&err_)

static void s3_objects(void **state)
{
	moto *m = *state;
	if (!m)
		skip();
	bool exists = true;
	OK(samc_s3_head_bucket(m->client, "samc-test-bucket", &exists, E));
	assert_false(exists);
	OK(samc_s3_create_bucket(m->client, "samc-test-bucket", E));
	OK(samc_s3_head_bucket(m->client, "samc-test-bucket", &exists, E));
	assert_true(exists);
	OK(samc_s3_put_object(m->client, "samc-test-bucket", "app/one.template", "{}", 2, NULL, E));
	char path[] = "/tmp/samc-moto-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "0123456789", 10), 10);
	close(fd);
	samc_s3_put_options unsigned_opts = {.unsigned_payload = true};
	OK(samc_s3_put_object_file(m->client, "samc-test-bucket", "app/two words.zip", path,
				   &unsigned_opts, E));
	unlink(path);
	samc_s3_object_info info;
	OK(samc_s3_head_object(m->client, "samc-test-bucket", "app/two words.zip", &exists, &info,
			       E));
	assert_true(exists);
	assert_int_equal(info.size, 10);
	assert_string_equal(info.etag, "\"781e5e245d69b566979b86e28d23f2c7\"");
	samc_s3_object_info_clear(&info);
	samc_s3_listing l;
	/* "app", not "app/": moto's signature check mis-reads a '/' in a query value (the
	 * AWS CLI's own requests fail there the same way). */
	OK(samc_s3_list_objects_v2(m->client, "samc-test-bucket", "app", NULL, &l, E));
	assert_int_equal(l.nkeys, 2);
	assert_string_equal(l.keys[0], "app/one.template");
	assert_string_equal(l.keys[1], "app/two words.zip");
	assert_null(l.next_token);
	samc_s3_listing_clear(&l);
	OK(samc_s3_delete_object(m->client, "samc-test-bucket", "app/one.template", E));
	OK(samc_s3_head_object(m->client, "samc-test-bucket", "app/one.template", &exists, NULL, E));
	assert_false(exists);
}

static const char *template_body =
	"{\"AWSTemplateFormatVersion\": \"2010-09-09\","
	" \"Parameters\": {\"TopicName\": {\"Type\": \"String\"}},"
	" \"Resources\": {\"Topic\": {\"Type\": \"AWS::SNS::Topic\","
	" \"Properties\": {\"TopicName\": {\"Ref\": \"TopicName\"}}}},"
	" \"Outputs\": {\"Arn\": {\"Value\": {\"Ref\": \"Topic\"}, \"Description\": \"topic\"}}}";

static void stack_through_change_sets(void **state)
{
	moto *m = *state;
	if (!m)
		skip();
	samc_cfn_stack *stack = NULL;
	OK(samc_cfn_describe_stack(m->client, "samc-test", &stack, E));
	assert_null(stack);
	samc_cfn_parameter params[] = {{"TopicName", "samc-topic", false}};
	samc_cfn_kv tags[] = {{"owner", "samc"}};
	samc_cfn_change_set_request req = {
		.stack_name = "samc-test", .change_set_name = "samc-cs1", .change_set_type = "CREATE",
		.description = "test", .template_body = template_body, .parameters = params,
		.nparameters = 1, .tags = tags, .ntags = 1};
	char *id = NULL;
	OK(samc_cfn_create_change_set(m->client, &req, &id, NULL, E));
	assert_non_null(strstr(id, "samc-cs1"));
	free(id);
	samc_cfn_change_set *cs = NULL;
	OK(samc_cfn_describe_change_set(m->client, "samc-test", "samc-cs1", &cs, E));
	assert_string_equal(cs->status, "CREATE_COMPLETE");
	assert_int_equal(cs->nchanges, 1);
	assert_string_equal(cs->changes[0].action, "Add");
	assert_string_equal(cs->changes[0].resource_type, "AWS::SNS::Topic");
	samc_cfn_change_set_free(cs);
	OK(samc_cfn_execute_change_set(m->client, "samc-test", "samc-cs1", -1, E));
	OK(samc_cfn_describe_stack(m->client, "samc-test", &stack, E));
	assert_non_null(stack);
	assert_string_equal(stack->status, "CREATE_COMPLETE");
	assert_non_null(strstr(stack->stack_id, "stack/samc-test/"));
	assert_int_equal(stack->nparameters, 1);
	assert_string_equal(stack->parameters[0].key, "TopicName");
	assert_string_equal(stack->parameters[0].value, "samc-topic");
	samc_cfn_stack_free(stack);
	samc_cfn_events *ev = NULL;
	OK(samc_cfn_describe_stack_events(m->client, "samc-test", NULL, &ev, E));
	assert_true(ev->nevents >= 2);
	assert_non_null(ev->events[0].status);
	samc_cfn_events_free(ev);
	char *body = NULL;
	OK(samc_cfn_get_template(m->client, "samc-test", "Original", &body, E));
	assert_non_null(strstr(body, "AWS::SNS::Topic"));
	free(body);
	char **keys = NULL;
	size_t nkeys = 0;
	OK(samc_cfn_get_template_summary(m->client, "samc-test", &keys, &nkeys, E));
	assert_int_equal(nkeys, 1);
	assert_string_equal(keys[0], "TopicName");
	samc_aws_strv_free(keys, nkeys);
	OK(samc_cfn_delete_stack(m->client, "samc-test", NULL, 0, E));
}

static void wrong_secret_is_refused(void **state)
{
	moto *m = *state;
	if (!m)
		skip();
	moto other = *m;
	assert_int_equal(connect_as(&other, m->key_id, "not-the-secret-1234"), 0);
	samc_error *err = NULL;
	samc_cfn_stack *stack = NULL;
	assert_int_equal(samc_cfn_describe_stack(other.client, "x", &stack, &err), SAMC_EAWS);
	assert_non_null(strstr(samc_error_message(err), "SignatureDoesNotMatch: "));
	assert_null(strstr(samc_error_message(err), "not-the-secret-1234"));
	samc_error_free(err);
	err = NULL;
	bool exists = false;
	assert_int_equal(samc_s3_head_bucket(other.client, "samc-test-bucket", &exists, &err),
			 SAMC_EAWS);
	assert_null(strstr(samc_error_message(err), "not-the-secret-1234"));
	samc_error_free(err);
	samc_aws_client_free(other.client);
	samc_aws_config_free(other.cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(s3_objects),
		cmocka_unit_test(stack_through_change_sets),
		cmocka_unit_test(wrong_secret_is_refused),
	};
	return cmocka_run_group_tests(tests, start_moto, stop_moto);
}
