/* checksum.c — MD5 keys of artifacts through OpenSSL's EVP interface: one file's bytes, or a
 * folder as SAM CLI's dir_checksum sees it (paths and per-file digests, in path order). */
#include "package/checksum.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "util/error.h"

static void to_hex(const unsigned char *md, unsigned len, char hex[33])
{
	static const char digits[] = "0123456789abcdef";
	for (unsigned i = 0; i < len && i < 16; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[32] = '\0';
}

static int finish(EVP_MD_CTX *ctx, char hex[33])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned len = 0;
	if (EVP_DigestFinal_ex(ctx, md, &len) != 1 || len != 16)
		return SAMC_EINTERNAL;
	to_hex(md, len, hex);
	return 0;
}

static int digest_file(EVP_MD_CTX *ctx, const char *path, samc_error **err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return samc_error_set(err, SAMC_EIO, NULL, 0, 0, "%s: %s", path, strerror(errno));
	unsigned char chunk[1 << 16];
	size_t n;
	int rc = 0;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (EVP_DigestUpdate(ctx, chunk, n) != 1) {
			rc = SAMC_EINTERNAL;
			break;
		}
	if (!rc && ferror(f))
		rc = samc_error_set(err, SAMC_EIO, NULL, 0, 0, "%s: read error", path);
	fclose(f);
	return rc;
}

int pkg_file_md5(const char *path, char hex[33], samc_error **err)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (!ctx)
		return SAMC_ENOMEM;
	int rc = EVP_DigestInit_ex(ctx, EVP_md5(), NULL) == 1 ? 0 : SAMC_EINTERNAL;
	if (!rc)
		rc = digest_file(ctx, path, err);
	if (!rc)
		rc = finish(ctx, hex);
	EVP_MD_CTX_free(ctx);
	return rc;
}

int pkg_bytes_md5(const char *data, size_t len, char hex[33])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (!ctx)
		return SAMC_ENOMEM;
	int rc = EVP_DigestInit_ex(ctx, EVP_md5(), NULL) == 1 && EVP_DigestUpdate(ctx, data, len) == 1
			 ? finish(ctx, hex)
			 : SAMC_EINTERNAL;
	EVP_MD_CTX_free(ctx);
	return rc;
}

int pkg_tree_md5(const pkg_tree *t, char hex[33], samc_error **err)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (!ctx)
		return SAMC_ENOMEM;
	int rc = EVP_DigestInit_ex(ctx, EVP_md5(), NULL) == 1 ? 0 : SAMC_EINTERNAL;
	for (size_t i = 0; !rc && i < t->count; i++) {
		char file_hex[33];
		rc = pkg_file_md5(t->files[i].path, file_hex, err);
		if (!rc && (EVP_DigestUpdate(ctx, t->files[i].relpath, strlen(t->files[i].relpath)) != 1 ||
			    EVP_DigestUpdate(ctx, file_hex, 32) != 1))
			rc = SAMC_EINTERNAL;
	}
	if (!rc)
		rc = finish(ctx, hex);
	EVP_MD_CTX_free(ctx);
	return rc;
}
