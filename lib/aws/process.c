/* process.c — credential_process: the command line split into words as the AWS CLI splits
 * it (POSIX shlex rules, no shell), run with posix_spawnp, and its JSON output read. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <openssl/crypto.h>

#include "aws/aws_int.h"
#include "util/buf.h"
#include "util/error.h"

extern char **environ;

#define PROCESS_OUTPUT_MAX ((size_t)1 << 20)
#define PROCESS_TIMEOUT_MS 120000

/* ---- word splitting ---- */

typedef struct words {
	char **v;
	size_t n, cap;
	samc_buf cur;
	bool in_word;
} words;

static int push_word(words *w)
{
	if (w->n + 2 > w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 8;
		char **grown = realloc(w->v, cap * sizeof(*grown));
		if (!grown)
			return SAMC_ENOMEM;
		w->v = grown;
		w->cap = cap;
	}
	samc_buf_put(&w->cur, "", 0);
	char *s = samc_buf_detach(&w->cur);
	if (!s)
		return SAMC_ENOMEM;
	w->v[w->n++] = s;
	w->v[w->n] = NULL;
	w->in_word = false;
	return 0;
}

/* Inside "...": a backslash escapes only '"' and '\\' (it stays otherwise). Returns the
 * index of the closing quote, or 0 when there is none. */
static size_t read_double_quoted(words *w, const char *cmd, size_t i)
{
	for (; cmd[i] && cmd[i] != '"'; i++) {
		if (cmd[i] == '\\' && (cmd[i + 1] == '"' || cmd[i + 1] == '\\'))
			i++;
		samc_buf_putc(&w->cur, cmd[i]);
	}
	return cmd[i] ? i : 0;
}

static size_t read_single_quoted(words *w, const char *cmd, size_t i)
{
	const char *end = strchr(cmd + i, '\'');
	if (!end)
		return 0;
	samc_buf_put(&w->cur, cmd + i, (size_t)(end - (cmd + i)));
	return (size_t)(end - cmd);
}

static void words_free(words *w)
{
	samc_aws_argv_free(w->v);
	samc_buf_free(&w->cur);
}

int samc_aws_split_command(const char *cmd, char ***argv, samc_error **err)
{
	*argv = NULL;
	words w = {.cur = SAMC_BUF_INIT};
	int rc = 0;
	for (size_t i = 0; cmd[i] && rc == 0; i++) {
		char c = cmd[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			rc = w.in_word ? push_word(&w) : 0;
			continue;
		}
		w.in_word = true;
		if (c == '\'' || c == '"') {
			i = c == '\'' ? read_single_quoted(&w, cmd, i + 1)
				      : read_double_quoted(&w, cmd, i + 1);
			if (i == 0)
				rc = samc_error_set(err, SAMC_EINVALID, NULL, 0, 0,
						    "credential_process: unterminated %c quote in "
						    "the command line",
						    c);
		} else {
			if (c == '\\' && cmd[i + 1])
				c = cmd[++i];
			samc_buf_putc(&w.cur, c);
		}
	}
	if (rc == 0 && w.in_word)
		rc = push_word(&w);
	if (rc == 0 && w.n == 0)
		rc = samc_error_set(err, SAMC_EINVALID, NULL, 0, 0,
				    "credential_process: the command line is empty");
	if (rc) {
		words_free(&w);
		return rc == SAMC_ENOMEM ? samc_error_set(err, rc, NULL, 0, 0, "out of memory") : rc;
	}
	samc_buf_free(&w.cur);
	*argv = w.v;
	return 0;
}

void samc_aws_argv_free(char **argv)
{
	for (size_t i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

/* ---- running it ---- */

typedef struct child_output {
	samc_buf out;
	samc_buf errtext;
	bool too_big;
	bool timed_out;
} child_output;

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads both pipes until they close, the output grows too big or the time is up. */
static void drain(int out_fd, int err_fd, child_output *co)
{
	struct pollfd fds[2] = {{.fd = out_fd, .events = POLLIN}, {.fd = err_fd, .events = POLLIN}};
	long deadline = now_ms() + PROCESS_TIMEOUT_MS;
	while (fds[0].fd >= 0 || fds[1].fd >= 0) {
		long left = deadline - now_ms();
		if (left <= 0) {
			co->timed_out = true;
			return;
		}
		if (poll(fds, 2, (int)left) < 0 && errno != EINTR)
			return;
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			char chunk[4096];
			ssize_t n = read(fds[i].fd, chunk, sizeof(chunk));
			if (n <= 0) {
				fds[i].fd = -1;
				continue;
			}
			samc_buf *b = i == 0 ? &co->out : &co->errtext;
			if (b->len + (size_t)n > PROCESS_OUTPUT_MAX) {
				co->too_big = true;
				return;
			}
			samc_buf_put(b, chunk, (size_t)n);
		}
	}
}

static int make_pipe(int fds[2])
{
	if (pipe(fds) != 0)
		return -1;
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

static int spawn(char **argv, int out[2], int errp[2], pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	if (posix_spawn_file_actions_init(&fa) != 0)
		return ENOMEM;
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
	int rc = posix_spawnp(pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

/* Runs argv, collecting stdout and stderr; *status is the wait status. */
static int run_child(char **argv, child_output *co, int *status, samc_error **err)
{
	int out[2], errp[2];
	if (make_pipe(out) != 0)
		return samc_error_set(err, SAMC_EIO, NULL, 0, 0,
				      "credential_process: cannot create a pipe: %s", strerror(errno));
	if (make_pipe(errp) != 0) {
		close(out[0]), close(out[1]);
		return samc_error_set(err, SAMC_EIO, NULL, 0, 0,
				      "credential_process: cannot create a pipe: %s", strerror(errno));
	}
	pid_t pid;
	int rc = spawn(argv, out, errp, &pid);
	close(out[1]);
	close(errp[1]);
	if (rc == 0) {
		drain(out[0], errp[0], co);
		if (co->timed_out || co->too_big)
			kill(pid, SIGKILL);
		while (waitpid(pid, status, 0) < 0 && errno == EINTR)
			;
	}
	close(out[0]);
	close(errp[0]);
	if (rc != 0)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "credential_process: cannot run '%s': %s", argv[0],
				      strerror(rc));
	return 0;
}

/* The process's stderr, one line, trimmed, for an error message. */
static const char *stderr_line(child_output *co)
{
	const char *s = samc_buf_cstr(&co->errtext);
	if (!s)
		return "";
	char *p = (char *)s;
	for (; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	while (p > s && p[-1] == ' ')
		*--p = '\0';
	return s;
}

static const char *json_string(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

static int read_json(const char *text, const char *profile, samc_aws_config *cfg,
		     samc_error **err)
{
	cJSON *root = cJSON_Parse(text);
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "credential_process of the profile '%s' did not print a "
				      "JSON object",
				      profile);
	}
	const cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "Version");
	const char *akid = json_string(root, "AccessKeyId");
	const char *secret = json_string(root, "SecretAccessKey");
	const char *token = json_string(root, "SessionToken");
	int rc = 0;
	if (!cJSON_IsNumber(version) || version->valuedouble != 1)
		rc = samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				    "credential_process of the profile '%s': unsupported Version "
				    "(supported versions: 1)",
				    profile);
	else if (!akid || !secret)
		rc = samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				    "credential_process of the profile '%s': the output lacks %s",
				    profile, akid ? "SecretAccessKey" : "AccessKeyId");
	if (rc == 0 && samc_aws_set_credentials(cfg, akid, secret, token, "credential_process"))
		rc = samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	cJSON_Delete(root);
	return rc;
}

static int check_exit(child_output *co, int status, const char *profile, const char *prog,
		      samc_error **err)
{
	if (co->timed_out)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "credential_process of the profile '%s' did not finish in "
				      "%d seconds",
				      profile, PROCESS_TIMEOUT_MS / 1000);
	if (co->too_big)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "credential_process of the profile '%s' printed more than 1 MiB",
				      profile);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && co->errtext.len == 0)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "credential_process of the profile '%s': cannot run '%s' "
				      "(exit status 127: command not found)",
				      profile, prog);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "Error when retrieving credentials from credential_process "
				      "of the profile '%s' (exit status %d): %s",
				      profile, WIFEXITED(status) ? WEXITSTATUS(status) : -1,
				      stderr_line(co));
	return 0;
}

int samc_aws_run_credential_process(const char *command, const char *profile,
				    samc_aws_config *cfg, samc_error **err)
{
	char **argv = NULL;
	int rc = samc_aws_split_command(command, &argv, err);
	if (rc)
		return rc;
	child_output co = {.out = SAMC_BUF_INIT, .errtext = SAMC_BUF_INIT};
	int status = 0;
	rc = run_child(argv, &co, &status, err);
	if (rc == 0)
		rc = check_exit(&co, status, profile, argv[0], err);
	if (rc == 0) {
		const char *text = samc_buf_cstr(&co.out);
		rc = text ? read_json(text, profile, cfg, err)
			  : samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	}
	if (co.out.ptr)
		OPENSSL_cleanse(co.out.ptr, co.out.len);
	samc_buf_free(&co.out);
	samc_buf_free(&co.errtext);
	samc_aws_argv_free(argv);
	return rc;
}
