/* test_xml.c — the expat-built XML tree: path lookup over CloudFormation and S3 responses,
 * AWS error documents, and hostile input (DTDs, entities, depth, broken XML). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "aws/aws.h"

static samc_xml_doc *parse_ok(const char *xml)
{
	samc_xml_doc *doc = NULL;
	samc_error *err = NULL;
	int rc = samc_xml_parse(xml, strlen(xml), &doc, &err);
	if (rc)
		print_message("parse failed: %s\n", samc_error_message(err));
	assert_int_equal(rc, 0);
	assert_null(err);
	return doc;
}

static void describe_stacks_response(void **state)
{
	(void)state;
	samc_xml_doc *doc = parse_ok(
		"<?xml version=\"1.0\"?>\n"
		"<DescribeStacksResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
		"<DescribeStacksResult><Stacks><member><StackName>app</StackName>"
		"<StackStatus>CREATE_COMPLETE</StackStatus><Outputs>"
		"<member><OutputKey>A</OutputKey><OutputValue>1 &amp; 2</OutputValue></member>"
		"<member><OutputKey>B</OutputKey><OutputValue>&lt;b&gt;</OutputValue></member>"
		"</Outputs></member></Stacks></DescribeStacksResult>"
		"<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>"
		"</DescribeStacksResponse>");
	const samc_xml_node *root = samc_xml_root(doc);
	assert_string_equal(root->name, "DescribeStacksResponse");
	const samc_xml_node *stack = samc_xml_find(root, "DescribeStacksResult/Stacks/member");
	assert_non_null(stack);
	assert_string_equal(samc_xml_text(stack, "StackStatus"), "CREATE_COMPLETE");
	const samc_xml_node *out = samc_xml_find(stack, "Outputs/member");
	assert_string_equal(samc_xml_text(out, "OutputValue"), "1 & 2");
	out = samc_xml_next_same(out);
	assert_string_equal(samc_xml_text(out, "OutputKey"), "B");
	assert_string_equal(samc_xml_text(out, "OutputValue"), "<b>");
	assert_null(samc_xml_next_same(out));
	assert_null(samc_xml_find(root, "DescribeStacksResult/Nope"));
	assert_null(samc_xml_text(stack, "StackStatusReason"));
	assert_string_equal(samc_xml_text(root, "ResponseMetadata/RequestId"), "req-1");
	samc_aws_error_info info;
	assert_false(samc_aws_error_from_xml(doc, &info));
	samc_xml_doc_free(doc);
}

static void prefixes_and_cdata(void **state)
{
	(void)state;
	samc_xml_doc *doc = parse_ok("<s3:ListBucketResult xmlns:s3=\"urn:x\"><s3:Contents>"
				     "<s3:Key><![CDATA[a<b>]]>c</s3:Key></s3:Contents>"
				     "</s3:ListBucketResult>");
	assert_string_equal(samc_xml_root(doc)->name, "ListBucketResult");
	assert_string_equal(samc_xml_text(samc_xml_root(doc), "Contents/Key"), "a<b>c");
	samc_xml_doc_free(doc);
}

static void query_error_response(void **state)
{
	(void)state;
	samc_xml_doc *doc = parse_ok(
		"<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
		"<Error><Type>Sender</Type><Code>ValidationError</Code>"
		"<Message>Stack with id app does not exist</Message></Error>"
		"<RequestId>0f1e2d</RequestId></ErrorResponse>");
	samc_aws_error_info info;
	assert_true(samc_aws_error_from_xml(doc, &info));
	assert_string_equal(info.code, "ValidationError");
	assert_string_equal(info.message, "Stack with id app does not exist");
	assert_string_equal(info.request_id, "0f1e2d");
	samc_xml_doc_free(doc);
}

static void s3_error_response(void **state)
{
	(void)state;
	samc_xml_doc *doc = parse_ok("<Error><Code>NoSuchBucket</Code>"
				     "<Message>The specified bucket does not exist</Message>"
				     "<BucketName>b</BucketName><RequestId>R1</RequestId></Error>");
	samc_aws_error_info info;
	assert_true(samc_aws_error_from_xml(doc, &info));
	assert_string_equal(info.code, "NoSuchBucket");
	assert_string_equal(info.request_id, "R1");
	samc_xml_doc_free(doc);
}

static void expect_rejected(const char *xml, int code, const char *words)
{
	samc_xml_doc *doc = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_xml_parse(xml, strlen(xml), &doc, &err), code);
	assert_null(doc);
	if (!strstr(samc_error_message(err), words))
		print_message("message: %s\n", samc_error_message(err));
	assert_non_null(strstr(samc_error_message(err), words));
	samc_error_free(err);
}

static void entity_expansion_is_refused(void **state)
{
	(void)state;
	expect_rejected("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"
			"<!ENTITY lol \"lol\">\n"
			"<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
			"]>\n<lolz>&lol2;</lolz>",
			SAMC_EINVALID, "not accepted");
	expect_rejected("<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>",
			SAMC_EINVALID, "not accepted");
	expect_rejected("<r>&undefined;</r>", SAMC_EINVALID, "line 1");
}

static void depth_and_syntax_limits(void **state)
{
	(void)state;
	char deep[65 * 3 + 66 * 4 + 1] = "";
	for (int i = 0; i < 65; i++)
		strcat(deep, "<a>");
	for (int i = 0; i < 65; i++)
		strcat(deep, "</a>");
	expect_rejected(deep, SAMC_EINVALID, "deeper than 64");
	expect_rejected("<a><b></a>", SAMC_EINVALID, "mismatched tag");
	expect_rejected("", SAMC_EINVALID, "XML");
	expect_rejected("<a>", SAMC_EINVALID, "line 1");
	samc_xml_doc *doc = NULL;
	samc_error *err = NULL;
	assert_int_equal(samc_xml_parse("<a/>", ((size_t)64 << 20) + 1, &doc, &err), SAMC_ELIMIT);
	samc_error_free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(describe_stacks_response),
		cmocka_unit_test(prefixes_and_cdata),
		cmocka_unit_test(query_error_response),
		cmocka_unit_test(s3_error_response),
		cmocka_unit_test(entity_expansion_is_refused),
		cmocka_unit_test(depth_and_syntax_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
