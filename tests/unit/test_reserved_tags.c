/* test_reserved_tags.c — the tag keys SAM reserves (lambda:createdBy and the two
 * serverlessrepo: keys) are rejected on functions and applications with the reference's text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include <string.h>

#include "samc/samc.h"

#define HEAD "Invalid Serverless Application Specification document. Number of errors found: 1. "
#define REJECTED(key)                                                                                              \
	key " is a reserved Tag key name and cannot be set on your resource. Please change the tag key in the input."
#define FUNCTION(tag)                                                                                              \
	"Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n"             \
	"    Properties:\n      CodeUri: s3://b/k\n      Handler: h\n      Runtime: python3.12\n"                    \
	"      Tags:\n        " tag ": x\n"
#define APPLICATION(tag)                                                                                           \
	"Transform: AWS::Serverless-2016-10-31\nResources:\n  A:\n    Type: AWS::Serverless::Application\n"          \
	"    Properties:\n      Location: https://b.s3.amazonaws.com/t.yaml\n      Tags:\n        " tag ": x\n"

static void assert_rejected(const char *yaml, const char *expected)
{
	samc_document *doc = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_document_load_buffer(&doc, yaml, strlen(yaml), "t.yaml", NULL, &err), SAMC_OK);
	samc_transform_options opts = {.region = "us-east-1"};
	char *out = NULL;
	assert_int_equal(samc_transform(doc, &opts, &out, &err), SAMC_EINVALID);
	assert_null(out);
	assert_string_equal(samc_error_message(err), expected);
	samc_error_free(err);
	samc_document_free(doc);
}

static void functions_reject_every_reserved_key(void **state)
{
	(void)state;
	assert_rejected(FUNCTION("lambda:createdBy"),
			HEAD "Resource with id [F] is invalid. " REJECTED("lambda:createdBy"));
	assert_rejected(FUNCTION("serverlessrepo:applicationId"),
			HEAD "Resource with id [F] is invalid. " REJECTED("serverlessrepo:applicationId"));
	assert_rejected(FUNCTION("serverlessrepo:semanticVersion"),
			HEAD "Resource with id [F] is invalid. " REJECTED("serverlessrepo:semanticVersion"));
}

static void applications_reject_every_reserved_key(void **state)
{
	(void)state;
	assert_rejected(APPLICATION("lambda:createdBy"),
			HEAD "Resource with id [A] is invalid. " REJECTED("lambda:createdBy"));
	assert_rejected(APPLICATION("serverlessrepo:applicationId"),
			HEAD "Resource with id [A] is invalid. " REJECTED("serverlessrepo:applicationId"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(functions_reject_every_reserved_key),
		cmocka_unit_test(applications_reject_every_reserved_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
