/* region.c — the region (option, AWS_REGION, AWS_DEFAULT_REGION, the profile's `region`),
 * its validation, and the DNS suffix of its partition. */
#include <ctype.h>
#include <string.h>

#include "aws/aws_int.h"
#include "util/buf.h"
#include "util/error.h"

bool samc_aws_region_valid(const char *region)
{
	size_t len = region ? strlen(region) : 0;
	if (len == 0 || len > 63 || region[0] == '-' || region[len - 1] == '-')
		return false;
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)region[i]) && region[i] != '-')
			return false;
	return true;
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

const char *samc_aws_dns_suffix(const char *region)
{
	if (!region)
		return "amazonaws.com";
	if (starts_with(region, "cn-"))
		return "amazonaws.com.cn";
	if (starts_with(region, "us-isob-"))
		return "sc2s.sgov.gov";
	if (starts_with(region, "us-isof-") || starts_with(region, "eu-isof-"))
		return "csp.hci.ic.gov";
	if (starts_with(region, "eu-isoe-"))
		return "cloud.adc-e.uk";
	if (starts_with(region, "us-iso-"))
		return "c2s.ic.gov";
	return "amazonaws.com";
}

int samc_aws_resolve_region(const samc_aws_sources *src, samc_aws_config *cfg,
			    samc_error **err)
{
	const char *from = "--region";
	const char *region = src->opts && src->opts->region && *src->opts->region
				     ? src->opts->region
				     : NULL;
	static const char *const envs[] = {"AWS_REGION", "AWS_DEFAULT_REGION"};
	for (size_t i = 0; !region && i < 2; i++)
		if ((region = samc_aws_env(src, envs[i])) != NULL)
			from = envs[i];
	if (!region && (region = samc_aws_profile_get(src, "region")) != NULL && *region)
		from = src->config_path;
	if (!region || !*region)
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "Unable to resolve a region: pass --region, set "
				      "AWS_DEFAULT_REGION (or AWS_REGION), or set `region` for the "
				      "profile '%s' in %s",
				      cfg->profile, src->config_path);
	if (!samc_aws_region_valid(region))
		return samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
				      "Invalid region '%s' (from %s): a region is letters, digits "
				      "and '-', e.g. us-east-1",
				      region, from);
	cfg->region = samc_strdup(region);
	return cfg->region ? 0 : SAMC_ENOMEM;
}
