/* endpoints.c — service endpoints: the explicit option, AWS_ENDPOINT_URL_<SERVICE>,
 * AWS_ENDPOINT_URL, the profile's `services` block and `endpoint_url`, else the standard
 * https://<service>.<region>.<partition suffix>. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "aws/aws_int.h"
#include "util/buf.h"
#include "util/error.h"

const char *const samc_aws_known_services[SAMC_AWS_NSERVICES] = {
	"cloudformation", "s3", "sts", "ecr", "lambda", "iam"};

static int service_index(const char *service)
{
	for (int i = 0; i < SAMC_AWS_NSERVICES; i++)
		if (strcmp(samc_aws_known_services[i], service) == 0)
			return i;
	return -1;
}

/* Checks an endpoint URL and copies it without trailing slashes. */
static int take_url(const char *url, const char *from, char **out, samc_error **err)
{
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "Invalid endpoint URL '%s' (from %s): it must start with "
				      "http:// or https://",
				      url, from);
	for (const char *p = url; *p; p++)
		if (isspace((unsigned char)*p) || iscntrl((unsigned char)*p))
			return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
					      "Invalid endpoint URL '%s' (from %s): it contains "
					      "white space",
					      url, from);
	size_t len = strlen(url);
	while (len > 8 && url[len - 1] == '/')
		len--;
	*out = malloc(len + 1);
	if (!*out)
		return SAMC_ENOMEM;
	memcpy(*out, url, len);
	(*out)[len] = '\0';
	return 0;
}

static bool ignore_configured(const samc_aws_sources *src)
{
	const char *v = samc_aws_env(src, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
	if (!v)
		v = samc_aws_profile_get(src, "ignore_configured_endpoint_urls");
	return v && (strcmp(v, "true") == 0 || strcmp(v, "TRUE") == 0 || strcmp(v, "True") == 0);
}

/* AWS_ENDPOINT_URL_<SERVICE>, then the profile's [services NAME] block. */
static int service_override(const samc_aws_sources *src, int i, samc_aws_config *cfg,
			    samc_error **err)
{
	char name[64] = "AWS_ENDPOINT_URL_";
	size_t n = strlen(name);
	for (const char *p = samc_aws_known_services[i]; *p && n < sizeof(name) - 1; p++)
		name[n++] = (char)toupper((unsigned char)*p);
	name[n] = '\0';
	const char *url = samc_aws_env(src, name);
	if (url)
		return take_url(url, name, &cfg->endpoint_service[i], err);
	const char *block = samc_aws_profile_get(src, "services");
	if (!block)
		return 0;
	char *section = samc_strfmt("services %s", block);
	char *key = samc_strfmt("%s.endpoint_url", samc_aws_known_services[i]);
	int rc = section && key ? 0 : SAMC_ENOMEM;
	url = rc ? NULL : samc_aws_ini_get(src->config, section, key);
	if (url)
		rc = take_url(url, src->config_path, &cfg->endpoint_service[i], err);
	free(section);
	free(key);
	return rc;
}

int samc_aws_resolve_endpoints(const samc_aws_sources *src, samc_aws_config *cfg,
			       samc_error **err)
{
	const char *explicit_url = src->opts ? src->opts->endpoint_url : NULL;
	if (explicit_url && *explicit_url)
		return take_url(explicit_url, "--endpoint-url", &cfg->endpoint_all, err);
	if (ignore_configured(src))
		return 0;
	for (int i = 0; i < SAMC_AWS_NSERVICES; i++) {
		int rc = service_override(src, i, cfg, err);
		if (rc)
			return rc;
	}
	const char *from = "AWS_ENDPOINT_URL";
	const char *url = samc_aws_env(src, from);
	if (!url && (url = samc_aws_profile_get(src, "endpoint_url")) != NULL)
		from = src->config_path;
	return url ? take_url(url, from, &cfg->endpoint_global, err) : 0;
}

int samc_aws_config_endpoint(const samc_aws_config *cfg, const char *service, char **url,
			     bool *custom, samc_error **err)
{
	*url = NULL;
	if (!service || !*service)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0, "no AWS service named");
	int i = service_index(service);
	const char *over = cfg->endpoint_all ? cfg->endpoint_all
			   : i >= 0 && cfg->endpoint_service[i] ? cfg->endpoint_service[i]
								: cfg->endpoint_global;
	if (custom)
		*custom = over != NULL;
	if (over)
		*url = samc_strdup(over);
	else if (strcmp(service, "s3") == 0 && strcmp(cfg->region, "us-east-1") == 0)
		*url = samc_strdup("https://s3.amazonaws.com");
	else
		*url = samc_strfmt("https://%s.%s.%s", service, cfg->region,
				   samc_aws_dns_suffix(cfg->region));
	return *url ? 0 : samc_error_set(err, SAMC_ENOMEM, NULL, 0, 0, "out of memory");
}
