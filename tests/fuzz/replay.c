/* replay.c — a plain main() that feeds files to a fuzz target's LLVMFuzzerTestOneInput, so
 * regression inputs and seeds run in every build (ASan/UBSan, valgrind) without libFuzzer. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int replay_file(const char *path, size_t *count)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "replay: cannot open %s\n", path);
		return 1;
	}
	size_t cap = 4096, len = 0;
	unsigned char *buf = malloc(cap);
	size_t n;
	while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			unsigned char *bigger = realloc(buf, cap *= 2);
			if (!bigger)
				free(buf);
			buf = bigger;
		}
	}
	fclose(f);
	if (!buf) {
		fprintf(stderr, "replay: out of memory reading %s\n", path);
		return 1;
	}
	/* an exact-size copy, so ASan catches a read one byte past the input */
	unsigned char *exact = malloc(len ? len : 1);
	if (!exact) {
		free(buf);
		return 1;
	}
	memcpy(exact, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	++*count;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_path(const char *path, size_t *count);

static int replay_dir(const char *path, size_t *count)
{
	DIR *d = opendir(path);
	if (!d) {
		fprintf(stderr, "replay: cannot open %s\n", path);
		return 1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	int bad = 0;
	struct dirent *e;
	while (!bad && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **more = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof(*names));
			if (!more) {
				bad = 1;
				break;
			}
			names = more;
		}
		size_t size = strlen(path) + strlen(e->d_name) + 2;
		if (!(names[n] = malloc(size)))
			bad = 1;
		else
			snprintf(names[n++], size, "%s/%s", path, e->d_name);
	}
	closedir(d);
	if (names)
		qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n; i++) {
		if (!bad)
			bad = replay_path(names[i], count);
		free(names[i]);
	}
	free(names);
	return bad;
}

static int replay_path(const char *path, size_t *count)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay: no such file %s\n", path);
		return 1;
	}
	return S_ISDIR(st.st_mode) ? replay_dir(path, count) : replay_file(path, count);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	size_t count = 0;
	for (int i = 1; i < argc; i++)
		if (replay_path(argv[i], &count))
			return 1;
	printf("replayed %zu inputs\n", count);
	return 0;
}
