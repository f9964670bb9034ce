/* download.c — a template zip fetched from an http(s) URL into a local file with libcurl
 * (loaded at run time): http/https only, bounded size and time, HTTP errors with their status. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "init/init_int.h"
#include "util/dl_curl.h"
#include "util/error.h"

#define CONNECT_TIMEOUT_S 30L
#define TOTAL_TIMEOUT_S 600L
#define MAX_REDIRECTS 10L
/* A transfer slower than this many bytes per second for STALL_TIME_S seconds is abandoned. */
#define STALL_BYTES_PER_S 64L
#define STALL_TIME_S 60L

bool init_is_zip_url(const char *location)
{
	size_t n = strlen(location);
	bool web = strncasecmp(location, "https://", 8) == 0 || strncasecmp(location, "http://", 7) == 0;
	return web && n > 4 && strcasecmp(location + n - 4, ".zip") == 0;
}

typedef struct sink {
	int fd;
	size_t written, max;
	bool too_big, write_failed;
	int write_errno;
} sink;

static size_t on_body(char *data, size_t size, size_t count, void *userdata)
{
	sink *s = userdata;
	size_t n = size * count;
	if (n > s->max - s->written) {
		s->too_big = true;
		return 0; /* aborts the transfer */
	}
	for (size_t done = 0; done < n;) {
		ssize_t w = write(s->fd, data + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			s->write_failed = true;
			s->write_errno = errno;
			return 0;
		}
		done += (size_t)w;
	}
	s->written += n;
	return n;
}

static void set_options(const samc_curl_api *api, CURL *h, const char *url, sink *s, char *errbuf)
{
	api->easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	api->easy_setopt(h, CURLOPT_URL, url);
	api->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	api->easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	api->easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	api->easy_setopt(h, CURLOPT_MAXREDIRS, MAX_REDIRECTS);
	api->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	api->easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	api->easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	api->easy_setopt(h, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT_S);
	api->easy_setopt(h, CURLOPT_TIMEOUT, TOTAL_TIMEOUT_S);
	api->easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, STALL_BYTES_PER_S);
	api->easy_setopt(h, CURLOPT_LOW_SPEED_TIME, STALL_TIME_S);
	api->easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)s->max);
	api->easy_setopt(h, CURLOPT_FAILONERROR, 1L);
	api->easy_setopt(h, CURLOPT_USERAGENT, "samc/" SAMC_VERSION);
	api->easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	api->easy_setopt(h, CURLOPT_WRITEDATA, s);
}

/* The error for a finished transfer, or 0 when it brought a 2xx response. */
static int transfer_error(const samc_curl_api *api, CURL *h, CURLcode code, const sink *s,
			  const char *url, const char *errbuf, samc_error **err)
{
	long status = 0;
	api->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	if (s->too_big || code == CURLE_FILESIZE_EXCEEDED)
		return samc_error_set(err, SAMC_ELIMIT, NULL, 0, 0,
				      "cannot download %s: it is larger than %zu MiB, the limit for a "
				      "template zip",
				      url, s->max >> 20);
	if (s->write_failed)
		return samc_error_set(err, SAMC_EIO, NULL, 0, 0, "cannot download %s: writing it "
								 "failed: %s",
				      url, strerror(s->write_errno));
	if (code == CURLE_HTTP_RETURNED_ERROR || (code == CURLE_OK && (status < 200 || status > 299)))
		return samc_error_set(err, SAMC_EIO, NULL, 0, 0,
				      "cannot download %s: the server answered HTTP %ld", url, status);
	if (code != CURLE_OK)
		return samc_error_set(err, SAMC_EIO, NULL, 0, 0, "cannot download %s: %s", url,
				      errbuf[0] ? errbuf : api->easy_strerror(code));
	return 0;
}

static int fetch_into(const samc_curl_api *api, const char *url, int fd, size_t max_bytes,
		      samc_error **err)
{
	CURL *h = api->easy_init();
	if (!h)
		return samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
	char errbuf[CURL_ERROR_SIZE];
	errbuf[0] = '\0';
	sink s = {.fd = fd, .max = max_bytes};
	set_options(api, h, url, &s, errbuf);
	CURLcode code = api->easy_perform(h);
	int rc = transfer_error(api, h, code, &s, url, errbuf, err);
	api->easy_cleanup(h);
	return rc;
}

int init_download(const char *url, const char *dest, size_t max_bytes, samc_error **err)
{
	if (!init_is_zip_url(url))
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "'%s' is not an http:// or https:// URL of a .zip", url);
	samc_curl_api api;
	int rc = samc_curl_api_load(&api, err);
	if (rc)
		return rc;
	int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		rc = samc_error_set(err, SAMC_EIO, NULL, 0, 0, "cannot create %s: %s", dest,
				    strerror(errno));
	else
		rc = fetch_into(&api, url, fd, max_bytes, err);
	if (fd >= 0 && close(fd) != 0 && !rc)
		rc = samc_error_set(err, SAMC_EIO, NULL, 0, 0, "cannot write %s: %s", dest,
				    strerror(errno));
	if (rc && fd >= 0)
		unlink(dest);
	samc_curl_api_unload(&api);
	return rc;
}
