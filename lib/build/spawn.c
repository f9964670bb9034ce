/* spawn.c — running the tools a build needs as child processes: an argv (never a shell), the
 * program found on PATH beforehand, stdout and stderr captured, the exit status returned. */
#define _GNU_SOURCE /* pipe2, environ */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "build/build_int.h"
#include "util/error.h"

extern char **environ;

#define SPAWN_MAX_OUTPUT (4u << 20) /* captured output kept per run; the rest is dropped */

static bool is_executable_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

char *bld_find_program(const char *name)
{
	if (strchr(name, '/'))
		return is_executable_file(name) ? samc_strdup(name) : NULL;
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		const char *colon = strchr(path, ':');
		size_t len = colon ? (size_t)(colon - path) : strlen(path);
		char *candidate = len ? samc_strfmt("%.*s/%s", (int)len, path, name)
				      : samc_strfmt("./%s", name);
		if (candidate && is_executable_file(candidate))
			return candidate;
		free(candidate);
		path += len + (colon ? 1 : 0);
	}
	return NULL;
}

static bool same_name(const char *a, const char *b)
{
	size_t n = strcspn(a, "=");
	return strncmp(a, b, n) == 0 && b[n] == '=';
}

/* environ with the extra "K=V" entries replacing or adding; the strings are borrowed. */
static char **child_environment(const char *const *extra)
{
	size_t n = 0, m = 0;
	while (environ && environ[n])
		n++;
	while (extra && extra[m])
		m++;
	char **env = calloc(n + m + 1, sizeof(*env));
	if (!env)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		bool replaced = false;
		for (size_t j = 0; j < m && !replaced; j++)
			replaced = same_name(extra[j], environ[i]);
		if (!replaced)
			env[k++] = environ[i];
	}
	for (size_t j = 0; j < m; j++)
		env[k++] = (char *)extra[j];
	return env;
}

/* In the child: only async-signal-safe calls. A failure is sent to the parent as an errno. */
static void run_child(const char *program, char *const *argv, char *const *env, const char *cwd,
		      int out_fd, int null_fd, int report_fd)
{
	int e = 0;
	if (dup2(null_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(out_fd, 2) < 0)
		e = errno;
	else if (cwd && chdir(cwd) != 0)
		e = errno;
	else {
		execve(program, argv, env);
		e = errno;
	}
	ssize_t w = write(report_fd, &e, sizeof(e));
	(void)w;
	_exit(127);
}

static void read_output(int fd, samc_buf *output)
{
	char chunk[16384];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		if (output && output->len + (size_t)n <= SPAWN_MAX_OUTPUT)
			samc_buf_put(output, chunk, (size_t)n);
	}
}

static int wait_child(pid_t pid, int *status)
{
	int ws;
	while (waitpid(pid, &ws, 0) < 0)
		if (errno != EINTR)
			return -1;
	*status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + (WIFSIGNALED(ws) ? WTERMSIG(ws) : 0);
	return 0;
}

typedef struct spawn_fds {
	int out[2], report[2], null_fd;
} spawn_fds;

static void close_fds(spawn_fds *f)
{
	int *all[] = {&f->out[0], &f->out[1], &f->report[0], &f->report[1], &f->null_fd};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (*all[i] >= 0) {
			close(*all[i]);
			*all[i] = -1;
		}
}

static int open_fds(spawn_fds *f)
{
	f->out[0] = f->out[1] = f->report[0] = f->report[1] = -1;
	f->null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (f->null_fd < 0 || pipe2(f->out, O_CLOEXEC) != 0 || pipe2(f->report, O_CLOEXEC) != 0) {
		close_fds(f);
		return -1;
	}
	return 0;
}

/* Forks, execs, collects the output; the child's launch failure comes back through report. */
static int fork_and_collect(const char *program, const char *const *argv, char **env,
			    const char *cwd, samc_buf *output, int *status, samc_error **err)
{
	spawn_fds f;
	if (open_fds(&f) != 0)
		return samc_error_set(err, SAMC_EIO, NULL, 0, 0, "cannot run %s: %s", argv[0],
				      strerror(errno));
	pid_t pid = fork();
	if (pid == 0)
		run_child(program, (char *const *)argv, env, cwd, f.out[1], f.null_fd, f.report[1]);
	int fork_errno = errno;
	close(f.out[1]);
	close(f.report[1]);
	close(f.null_fd);
	f.out[1] = f.report[1] = f.null_fd = -1;
	if (pid < 0) {
		close_fds(&f);
		return samc_error_set(err, SAMC_EIO, NULL, 0, 0, "cannot run %s: %s", argv[0],
				      strerror(fork_errno));
	}
	read_output(f.out[0], output);
	int child_errno = 0;
	ssize_t got = read(f.report[0], &child_errno, sizeof(child_errno));
	close_fds(&f);
	int rc = wait_child(pid, status);
	if (got == (ssize_t)sizeof(child_errno))
		return samc_error_set(err, SAMC_EIO, NULL, 0, 0, "cannot run %s%s%s: %s", argv[0],
				      cwd ? " in " : "", cwd ? cwd : "", strerror(child_errno));
	if (rc != 0)
		return samc_error_set(err, SAMC_EIO, NULL, 0, 0, "waiting for %s: %s", argv[0],
				      strerror(errno));
	return 0;
}

int bld_spawn(const char *const *argv, const char *cwd, const char *const *extra_env,
	      samc_buf *output, int *status, samc_error **err)
{
	*status = -1;
	char *program = bld_find_program(argv[0]);
	if (!program)
		return samc_error_set(err, SAMC_EIO, NULL, 0, 0,
				      "'%s' was not found on PATH: install it (or put it on PATH) to "
				      "build this resource",
				      argv[0]);
	char **env = child_environment(extra_env);
	int rc = env ? fork_and_collect(program, argv, env, cwd, output, status, err) : SAMC_ENOMEM;
	free(env);
	free(program);
	return rc;
}
