/* fuzz_tar.c — fuzz target for the npm-pack archive reader: the input unpacked as a .tgz (zlib
 * reads plain tar too) into a fresh folder; nothing may appear outside it, no link may lead out. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build/build_int.h"
#include "fuzz.h"
#include "samc/samc.h"

static char dest_real[PATH_MAX];
static size_t dest_real_len;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

static void remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* A link whose target resolves outside the unpack folder means the reader let one escape. */
static int check_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)ftw;
	if (flag == FTW_SL) {
		char resolved[PATH_MAX];
		if (realpath(path, resolved) &&
		    (strncmp(resolved, dest_real, dest_real_len) != 0 ||
		     (resolved[dest_real_len] != '/' && resolved[dest_real_len] != '\0'))) {
			fprintf(stderr, "link %s leads out of the folder to %s\n", path, resolved);
			abort();
		}
	} else if (flag == FTW_F && !S_ISREG(st->st_mode)) {
		fprintf(stderr, "%s is neither a file, a folder nor a link\n", path);
		abort();
	}
	return 0;
}

/* The scratch folder holds only the archive and the unpack folder afterwards. */
static void check_scratch(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    strcmp(e->d_name, "archive.tgz") && strcmp(e->d_name, "out")) {
			fprintf(stderr, "%s was written next to the unpack folder\n", e->d_name);
			abort();
		}
	closedir(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *archive = fuzz_write_scratch("archive.tgz", data, size);
	const char *dir = fuzz_scratch_dir();
	if (!archive || !dir)
		return 0;
	char dest[PATH_MAX];
	snprintf(dest, sizeof(dest), "%s/out", dir);
	remove_tree(dest);
	samc_error *err = NULL;
	int rc = bld_untar_gz(archive, dest, &err);
	if (rc != SAMC_OK && rc != SAMC_ENOMEM && !*samc_error_message(err)) {
		fprintf(stderr, "unpacking failed (%d) without a message\n", rc);
		abort();
	}
	samc_error_free(err);
	if (realpath(dest, dest_real)) {
		dest_real_len = strlen(dest_real);
		nftw(dest, check_entry, 16, FTW_PHYS);
	}
	check_scratch(dir);
	remove_tree(dest);
	return 0;
}
