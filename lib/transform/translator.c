#include "samc/samc.h"
int samc_transform(const samc_document *doc, const samc_transform_options *opts, char **out, samc_error **err)
{ (void)doc; (void)opts; (void)err; *out = NULL; return SAMC_EINTERNAL; }
