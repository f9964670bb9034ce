/* transform.c — a program using libsamc through its public header: it expands the SAM
 * template named on the command line into CloudFormation JSON, or prints each error's place. */
#include <stdio.h>

#include <samc/samc.h>

/* Prints each cause of err as file:line:col: message (file: message when it has no place),
 * or the headline alone when there are no separate causes. */
static void print_error(const samc_error *err)
{
	size_t n = samc_error_count(err);
	const char *file = samc_error_file(err) ? samc_error_file(err) : "<input>";
	if (n == 0)
		fprintf(stderr, "%s\n", samc_error_message(err));
	for (size_t i = 0; i < n; i++) {
		const char *message;
		unsigned line, column;
		if (samc_error_cause(err, i, &message, &line, &column) != SAMC_OK)
			continue;
		if (line)
			fprintf(stderr, "%s:%u:%u: %s\n", file, line, column, message);
		else
			fprintf(stderr, "%s: %s\n", file, message);
	}
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s TEMPLATE [REGION]\n", argv[0]);
		return 2;
	}
	samc_transform_options opts = {.region = argc == 3 ? argv[2] : NULL};
	samc_document *doc = NULL;
	samc_error *err = NULL;
	char *json = NULL;
	int rc = samc_document_load_file(&doc, argv[1], NULL, &err);
	if (rc == SAMC_OK)
		rc = samc_transform(doc, &opts, &json, &err);
	if (rc == SAMC_OK)
		fputs(json, stdout);
	else
		print_error(err);
	samc_free(json);
	samc_error_free(err);
	samc_document_free(doc);
	return rc == SAMC_OK ? 0 : rc == SAMC_EINVALID || rc == SAMC_ELIMIT ? 1 : 3;
}
