/* fuzz_samconfig.c — fuzz target for samconfig files: the input read as samconfig.toml and as
 * samconfig.yaml; a loaded TOML file is queried, changed, saved and must load again. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "samc/samc.h"

static const char *const keys[] = {"stack_name", "region", "parameter_overrides", "capabilities",
				   "tags", "confirm_changeset"};

static void query(const samc_samconfig *cfg, char **first)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char *v = NULL;
		samc_samconfig_get(cfg, "default", "deploy", keys[i], &v);
		if (i == 0 && first)
			*first = v;
		else
			samc_free(v);
	}
}

/* What was saved must load again and give the same values. */
static void round_trip(samc_samconfig *cfg, const char *name)
{
	char saved_path[8192];
	const char *dir = fuzz_scratch_dir();
	if (!dir)
		return;
	snprintf(saved_path, sizeof(saved_path), "%s/saved-%s", dir, name);
	samc_samconfig_set(cfg, "default", "deploy", "stack_name", "fuzz \"stack\"\n\\");
	samc_samconfig_set_bool(cfg, "default", "deploy", "confirm_changeset", 1);
	samc_error *err = NULL;
	if (samc_samconfig_save(cfg, saved_path, &err) == SAMC_OK) {
		samc_samconfig *again = NULL;
		samc_error *load_err = NULL;
		if (samc_samconfig_load(&again, saved_path, &load_err) != SAMC_OK) {
			fprintf(stderr, "saved samconfig does not load: %s\n",
				samc_error_message(load_err));
			abort();
		}
		char *stack = NULL;
		query(again, &stack);
		if (!stack || strcmp(stack, "fuzz \"stack\"\n\\") != 0) {
			fprintf(stderr, "saved samconfig lost stack_name: %s\n", stack ? stack : "(none)");
			abort();
		}
		samc_free(stack);
		samc_samconfig_free(again);
	}
	samc_error_free(err);
}

static void load_as(const char *name, const uint8_t *data, size_t size)
{
	const char *path = fuzz_write_scratch(name, data, size);
	if (!path)
		return;
	samc_samconfig *cfg = NULL;
	samc_error *err = NULL;
	if (samc_samconfig_load(&cfg, path, &err) == SAMC_OK) {
		query(cfg, NULL);
		round_trip(cfg, name);
	}
	samc_samconfig_free(cfg);
	samc_error_free(err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	load_as("samconfig.toml", data, size);
	load_as("samconfig.yaml", data, size);
	return 0;
}
