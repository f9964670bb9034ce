/* scratch.c — a per-process scratch folder for fuzz targets that hand the library a file
 * (samconfig, cookiecutter.json): created on first use, emptied and removed at exit. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

static char scratch[4096];

static void remove_scratch(void)
{
	DIR *d = opendir(scratch);
	if (d) {
		struct dirent *e;
		char path[8192];
		while ((e = readdir(d)))
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
				snprintf(path, sizeof(path), "%s/%s", scratch, e->d_name);
				unlink(path);
			}
		closedir(d);
	}
	rmdir(scratch);
}

const char *fuzz_scratch_dir(void)
{
	if (scratch[0])
		return scratch;
	const char *tmp = getenv("TMPDIR");
	snprintf(scratch, sizeof(scratch), "%s/samc-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(scratch)) {
		scratch[0] = '\0';
		return NULL;
	}
	atexit(remove_scratch);
	return scratch;
}

const char *fuzz_write_scratch(const char *name, const uint8_t *data, size_t size)
{
	static char path[8192];
	const char *dir = fuzz_scratch_dir();
	if (!dir)
		return NULL;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		return NULL;
	int ok = fwrite(data, 1, size, f) == size;
	ok &= fclose(f) == 0;
	return ok ? path : NULL;
}
