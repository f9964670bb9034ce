/* connect.c — the AWS configuration and client a deploy or delete works with, resolved from
 * the region and profile options the way the AWS CLI resolves them; the poll delay. */
#include <stddef.h>
#include <stdlib.h>

#include "deploy/deploy_int.h"

int samc_deploy_connect(const char *region, const char *profile, samc_aws_config **cfg,
			samc_aws_client **client, samc_error **err)
{
	samc_aws_options o = {0};
	o.region = region;
	o.profile = profile;
	*cfg = NULL;
	*client = NULL;
	int rc = samc_aws_config_resolve(&o, cfg, err);
	if (rc == SAMC_OK)
		rc = samc_aws_client_new(*cfg, NULL, client, err);
	if (rc) {
		samc_aws_config_free(*cfg);
		*cfg = NULL;
	}
	return rc;
}

unsigned samc_poll_delay_ms(void)
{
	const char *text = getenv("SAM_CLI_POLL_DELAY");
	char *end = NULL;
	double seconds = text && *text ? strtod(text, &end) : 0;
	if (!text || !*text || *end || !(seconds > 0) || seconds > 3600)
		return 5000;
	unsigned ms = (unsigned)(seconds * 1000);
	return ms ? ms : 1;
}
