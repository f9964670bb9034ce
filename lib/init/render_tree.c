/* render_tree.c — writes the project: renders names and text files into a temporary folder,
 * refuses names and symlinks that would leave it, and renames it into place. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init/init_int.h"
#include "init/jinja.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/utf8.h"

#define MAX_DEPTH 64
#define MAX_FILE_BYTES ((size_t)256 << 20)

typedef struct tree_walk {
	const render_request *rq;
	char *root_real;   /* realpath of rq->root: symlinks must stay inside it */
	cJSON *vars;       /* {"cookiecutter": context} */
	size_t written, files;
	size_t max_bytes;
	struct stat stack[MAX_DEPTH];
	unsigned depth;
	samc_error **err;
} tree_walk;

static int nomem(samc_error **err)
{
	return samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
}

static bool inside(const char *real, const char *root)
{
	size_t n = strlen(root);
	return strcmp(root, "/") == 0 ||
	       (strncmp(real, root, n) == 0 && (real[n] == '/' || real[n] == '\0'));
}

/* Renders one file or folder name; the result must be a single safe path segment. */
static int render_segment(tree_walk *w, const char *name, const char *rel, char **out)
{
	*out = NULL;
	int rc = 0;
	if (w->vars && strstr(name, "{")) {
		char *label = samc_strfmt("%s (file name)", rel);
		rc = label ? jinja_render_string(name, label, w->vars, NULL, out, w->err) : nomem(w->err);
		free(label);
	} else if (!(*out = samc_strdup(name))) {
		rc = nomem(w->err);
	}
	if (rc)
		return rc;
	const char *s = *out;
	if (!*s || strcmp(s, ".") == 0 || strcmp(s, "..") == 0 || strchr(s, '/') || strchr(s, '\\'))
		return samc_error_set(w->err, SAMC_EINVALID, rel, 0, 0,
				      "%s: the name renders to '%s', which is not a plain file or "
				      "folder name inside the project (empty, '.', '..', or a path); "
				      "refused",
				      rel, s);
	return 0;
}

static bool looks_binary(const char *data, size_t len)
{
	if (memchr(data, '\0', len))
		return true;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		bool valid;
		i += samc_utf8_decode(data + i, len - i, &cp, &valid);
		if (!valid)
			return true;
	}
	return false;
}

static int write_file(tree_walk *w, const char *dest, const char *data, size_t len, bool exec)
{
	if (w->written + len > w->max_bytes)
		return samc_error_set(w->err, SAMC_ELIMIT, NULL, 0, 0,
				      "the project would be larger than %zu bytes", w->max_bytes);
	int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, exec ? 0777 : 0666);
	if (fd < 0)
		return samc_error_set(w->err, errno == EEXIST ? SAMC_EINVALID : SAMC_EIO, dest, 0, 0,
				      "cannot write %s: %s", dest,
				      errno == EEXIST ? "two template files render to the same name"
						      : strerror(errno));
	size_t done = 0;
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	int e = errno;
	if (close(fd) != 0 || done < len)
		return samc_error_set(w->err, SAMC_EIO, dest, 0, 0, "cannot write %s: %s", dest,
				      strerror(e));
	w->written += len;
	w->files++;
	return 0;
}

/* The newline a rendered file is written with, as cookiecutter picks it: _new_lines from the
 * context, else the ending of the template file's first line ("\n" when it has none). */
static const char *newline_of(const cJSON *ctx, const char *data, size_t len)
{
	const cJSON *forced = cJSON_GetObjectItemCaseSensitive(ctx, "_new_lines");
	if (cJSON_IsString(forced) && (!strcmp(forced->valuestring, "\r\n") ||
				       !strcmp(forced->valuestring, "\r") || !strcmp(forced->valuestring, "\n")))
		return forced->valuestring;
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\n')
			return "\n";
		if (data[i] == '\r')
			return i + 1 < len && data[i + 1] == '\n' ? "\r\n" : "\r";
	}
	return "\n";
}

/* Jinja reads every line ending as "\n"; in place. */
static size_t normalize_newlines(char *data, size_t len)
{
	size_t k = 0;
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\r') {
			data[k++] = '\n';
			if (i + 1 < len && data[i + 1] == '\n')
				i++;
		} else {
			data[k++] = data[i];
		}
	}
	data[k] = '\0';
	return k;
}

static int write_rendered(tree_walk *w, const char *dest, const samc_buf *out, const char *nl,
			  bool exec)
{
	const char *text = out->ptr ? out->ptr : "";
	if (strcmp(nl, "\n") == 0)
		return write_file(w, dest, text, out->len, exec);
	samc_buf conv = SAMC_BUF_INIT;
	for (size_t i = 0; i < out->len; i++) {
		if (text[i] == '\n')
			samc_buf_puts(&conv, nl);
		else
			samc_buf_putc(&conv, text[i]);
	}
	int rc = conv.oom ? nomem(w->err)
			  : write_file(w, dest, conv.ptr ? conv.ptr : "", conv.len, exec);
	samc_buf_free(&conv);
	return rc;
}

static int render_file(tree_walk *w, char *data, size_t len, const char *rel, const char *dest,
		       bool exec)
{
	const char *nl = newline_of(w->rq->context, data, len);
	len = normalize_newlines(data, len);
	jinja_limits lim = {.max_output = w->max_bytes - w->written};
	jinja_template *t = NULL;
	samc_buf out = SAMC_BUF_INIT;
	int rc = jinja_parse(&t, data, len, rel, &lim, w->err);
	if (!rc)
		rc = jinja_render(t, w->vars, &lim, &out, w->err);
	if (!rc && out.oom)
		rc = nomem(w->err);
	if (!rc)
		rc = write_rendered(w, dest, &out, nl, exec);
	jinja_free(t);
	samc_buf_free(&out);
	return rc;
}

static int copy_file(tree_walk *w, const char *src, const char *rel, const char *dest, bool exec)
{
	char *data = NULL;
	size_t len = 0;
	int rc = init_read_file(src, MAX_FILE_BYTES, &data, &len, w->err);
	if (!rc && w->vars && !cc_copy_without_render(w->rq->context, rel) && !looks_binary(data, len))
		rc = render_file(w, data, len, rel, dest, exec);
	else if (!rc)
		rc = write_file(w, dest, data, len, exec);
	free(data);
	return rc;
}

static int walk_dir(tree_walk *w, const char *src, const char *rel, const char *dest);

/* lstat, and for a symlink the target's stat once it is known to stay in the template. */
static int stat_entry(tree_walk *w, const char *src, const char *rel, struct stat *st)
{
	if (lstat(src, st) != 0)
		return samc_error_set(w->err, SAMC_EIO, rel, 0, 0, "%s: %s", rel, strerror(errno));
	if (!S_ISLNK(st->st_mode))
		return 0;
	char *real = realpath(src, NULL);
	int rc = 0;
	if (!real)
		rc = samc_error_set(w->err, SAMC_EINVALID, rel, 0, 0,
				    "%s: symbolic link that cannot be followed (%s)", rel, strerror(errno));
	else if (!inside(real, w->root_real))
		rc = samc_error_set(w->err, SAMC_EINVALID, rel, 0, 0,
				    "%s: symbolic link points outside the template (to %s); refused",
				    rel, real);
	else if (stat(real, st) != 0)
		rc = samc_error_set(w->err, SAMC_EIO, rel, 0, 0, "%s: %s", rel, strerror(errno));
	free(real);
	return rc;
}

static int enter_dir(tree_walk *w, const char *src, const char *rel, const char *dest,
		     const struct stat *st)
{
	for (unsigned i = 0; i < w->depth; i++)
		if (w->stack[i].st_dev == st->st_dev && w->stack[i].st_ino == st->st_ino)
			return samc_error_set(w->err, SAMC_EINVALID, rel, 0, 0,
					      "%s leads back into one of its parent folders (a "
					      "symbolic link loop)", rel);
	if (w->depth >= MAX_DEPTH)
		return samc_error_set(w->err, SAMC_ELIMIT, rel, 0, 0,
				      "%s is nested more than %d folders deep", rel, MAX_DEPTH);
	if (mkdir(dest, 0777) != 0 && !(errno == EEXIST && init_is_dir(dest)))
		return samc_error_set(w->err, SAMC_EIO, dest, 0, 0, "cannot create %s: %s", dest,
				      strerror(errno));
	w->stack[w->depth++] = *st;
	int rc = walk_dir(w, src, rel, dest);
	w->depth--;
	return rc;
}

static int walk_entry(tree_walk *w, const char *dir, const char *dir_rel, const char *dest_dir,
		      const char *name)
{
	char *src = init_path_join(dir, name), *rel = samc_strfmt("%s/%s", dir_rel, name);
	char *seg = NULL, *dest = NULL;
	struct stat st;
	int rc = src && rel ? stat_entry(w, src, rel, &st) : nomem(w->err);
	if (!rc)
		rc = render_segment(w, name, rel, &seg);
	if (!rc && !(dest = init_path_join(dest_dir, seg)))
		rc = nomem(w->err);
	if (!rc && S_ISDIR(st.st_mode))
		rc = enter_dir(w, src, rel, dest, &st);
	else if (!rc && S_ISREG(st.st_mode))
		rc = copy_file(w, src, rel, dest, (st.st_mode & 0111) != 0);
	else if (!rc)
		rc = samc_error_set(w->err, SAMC_EINVALID, rel, 0, 0,
				    "%s is neither a file nor a folder", rel);
	free(src);
	free(rel);
	free(seg);
	free(dest);
	return rc;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of a folder in byte order ("." and "..", and .git when copying as is, left out). */
static int list_dir(tree_walk *w, const char *src, char ***names, size_t *count)
{
	*names = NULL;
	*count = 0;
	DIR *d = opendir(src);
	if (!d)
		return samc_error_set(w->err, SAMC_EIO, src, 0, 0, "cannot read %s: %s", src,
				      strerror(errno));
	size_t cap = 0;
	int rc = 0;
	for (struct dirent *e; !rc && (e = readdir(d));) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    (!w->vars && !strcmp(e->d_name, ".git")))
			continue;
		if (*count == cap) {
			cap = cap ? cap * 2 : 16;
			char **n = realloc(*names, cap * sizeof(*n));
			if (!n) {
				rc = nomem(w->err);
				break;
			}
			*names = n;
		}
		if (!((*names)[*count] = samc_strdup(e->d_name)))
			rc = nomem(w->err);
		else
			++*count;
	}
	closedir(d);
	if (*count)
		qsort(*names, *count, sizeof(**names), by_name);
	return rc;
}

static int walk_dir(tree_walk *w, const char *src, const char *rel, const char *dest)
{
	char **names;
	size_t n;
	int rc = list_dir(w, src, &names, &n);
	for (size_t i = 0; !rc && i < n; i++)
		rc = walk_entry(w, src, rel, dest, names[i]);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

/* Moves the finished folder into place; with force an existing one is replaced. */
static int install(tree_walk *w, const char *tmp, const char *target)
{
	const render_request *rq = w->rq;
	char *old = NULL;
	if (init_exists(target)) {
		if (!rq->force)
			return samc_error_set(w->err, SAMC_EINVALID, target, 0, 0,
					      "%s already exists; choose another name or output folder, "
					      "or pass --force to replace it",
					      target);
		int rc = init_temp_dir(rq->output_dir, "samc-old-", &old, w->err);
		if (rc)
			return rc;
		rmdir(old);
		if (rename(target, old) != 0) {
			free(old);
			return samc_error_set(w->err, SAMC_EIO, target, 0, 0, "cannot replace %s: %s",
					      target, strerror(errno));
		}
	}
	int rc = 0;
	if (rename(tmp, target) != 0) {
		rc = samc_error_set(w->err, SAMC_EIO, target, 0, 0, "cannot create %s: %s", target,
				    strerror(errno));
		if (old)
			rename(old, target);
	} else if (old) {
		init_remove_tree(old);
	}
	free(old);
	return rc;
}

static int project_name(tree_walk *w, char **name)
{
	const render_request *rq = w->rq;
	if (!rq->top) {
		*name = samc_strdup(rq->plain_name ? rq->plain_name : "sam-app");
		if (!*name)
			return nomem(w->err);
		return init_safe_relpath(*name) && !strchr(*name, '/')
			       ? 0
			       : samc_error_set(w->err, SAMC_EINVALID, NULL, 0, 0,
						"the project name '%s' is not a plain folder name", *name);
	}
	return render_segment(w, rq->top, rq->top, name);
}

/* A fresh folder beside the target with the mode a new folder gets (mkdtemp makes it 0700):
 * the name is reserved by mkdtemp, then made again by mkdir, which fails if it was taken. */
static int make_build_dir(tree_walk *w, char **out)
{
	for (int attempt = 0; attempt < 16; attempt++) {
		int rc = init_temp_dir(w->rq->output_dir, "samc-init-", out, w->err);
		if (rc)
			return rc;
		if (rmdir(*out) == 0 && mkdir(*out, 0777) == 0)
			return 0;
		free(*out);
		*out = NULL;
	}
	return samc_error_set(w->err, SAMC_EIO, w->rq->output_dir, 0, 0,
			      "cannot create a temporary folder in %s", w->rq->output_dir);
}

static int build_and_install(tree_walk *w, const char *name, char **project_dir)
{
	const render_request *rq = w->rq;
	char *target = init_path_join(rq->output_dir, name), *tmp = NULL;
	char *src = rq->top ? init_path_join(rq->root, rq->top) : samc_strdup(rq->root);
	struct stat st;
	int rc = target && src ? 0 : nomem(w->err);
	if (!rc && init_exists(target) && !rq->force)
		rc = samc_error_set(w->err, SAMC_EINVALID, target, 0, 0,
				    "%s already exists; choose another name or output folder, or "
				    "pass --force to replace it",
				    target);
	if (!rc && stat(src, &st) != 0)
		rc = samc_error_set(w->err, SAMC_EIO, src, 0, 0, "cannot read %s", src);
	if (!rc && !init_resolves_inside(src, w->root_real))
		rc = samc_error_set(w->err, SAMC_EINVALID, src, 0, 0,
				    "%s: the template folder is a symbolic link leading outside the "
				    "template; refused", rq->top ? rq->top : src);
	if (!rc)
		rc = make_build_dir(w, &tmp);
	if (!rc) {
		w->stack[w->depth++] = st;
		rc = walk_dir(w, src, rq->top ? rq->top : ".", tmp);
	}
	if (!rc)
		rc = install(w, tmp, target);
	if (tmp && rc)
		init_remove_tree(tmp);
	if (!rc)
		*project_dir = target;
	else
		free(target);
	free(tmp);
	free(src);
	return rc;
}

/* Removes the folders make_output_dir made (they are empty after a failed rendering). */
static void remove_created(const char *dir, char *created)
{
	if (!created)
		return;
	char *path = samc_strdup(dir);
	size_t stop = strlen(created);
	for (size_t n = path ? strlen(path) : 0; n > 1 && path[n - 1] == '/'; n--)
		path[n - 1] = '\0';
	while (path && strlen(path) >= stop) {
		if (rmdir(path) != 0)
			break;
		char *slash = strrchr(path, '/');
		if (!slash)
			break;
		*slash = '\0';
	}
	free(path);
	free(created);
}

/* The output folder is created with its missing parents, as cookiecutter does; *created is
 * the shallowest folder made here (malloc'd), or NULL when the folder was there. */
static int make_output_dir(const char *dir, char **created, samc_error **err)
{
	*created = NULL;
	struct stat st;
	if (stat(dir, &st) == 0)
		return S_ISDIR(st.st_mode) ? 0
					   : samc_error_set(err, SAMC_EINVALID, dir, 0, 0,
							    "the output folder %s is not a folder", dir);
	size_t len = strlen(dir);
	int rc = 0;
	for (size_t i = 1; !rc && i <= len; i++) { /* each prefix ending before a slash, then dir */
		if (dir[i] != '/' && dir[i] != '\0')
			continue;
		char *prefix = strndup(dir, i);
		if (!prefix)
			rc = nomem(err);
		else if (stat(prefix, &st) != 0) {
			if (mkdir(prefix, 0777) != 0)
				rc = samc_error_set(err, SAMC_EIO, dir, 0, 0,
						    "cannot create the output folder %s: %s", prefix,
						    strerror(errno));
			else if (!*created) {
				*created = prefix;
				prefix = NULL;
			}
		}
		free(prefix);
	}
	if (rc) {
		remove_created(dir, *created);
		*created = NULL;
	}
	return rc;
}

int render_tree(const render_request *rq, char **project_dir, size_t *nfiles, samc_error **err)
{
	*project_dir = NULL;
	tree_walk w = {.rq = rq, .err = err, .max_bytes = rq->max_bytes ? rq->max_bytes : (size_t)1 << 30};
	if (!(w.root_real = realpath(rq->root, NULL)))
		return samc_error_set(err, SAMC_EIO, rq->root, 0, 0, "cannot read %s: %s", rq->root,
				      strerror(errno));
	char *created = NULL;
	int rc = make_output_dir(rq->output_dir, &created, err);
	if (rc) {
		free(w.root_real);
		return rc;
	}
	if (rq->context) {
		w.vars = cJSON_CreateObject();
		if (!w.vars || !cJSON_AddItemReferenceToObject(w.vars, "cookiecutter", (cJSON *)rq->context))
			rc = nomem(err);
	}
	char *name = NULL;
	if (!rc)
		rc = project_name(&w, &name);
	if (!rc)
		rc = build_and_install(&w, name, project_dir);
	if (nfiles)
		*nfiles = w.files;
	free(name);
	cJSON_Delete(w.vars);
	free(w.root_real);
	if (rc)
		remove_created(rq->output_dir, created);
	else
		free(created);
	return rc;
}
