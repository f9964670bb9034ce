#include "yaml/load.h"
int samc_yaml_load(const char *data, size_t len, const char *name, const samc_load_options *opts,
		   cJSON **root, samc_posmap *pos, samc_error **err)
{ (void)data; (void)len; (void)name; (void)opts; (void)pos; (void)err; *root = cJSON_CreateNull(); return 0; }
