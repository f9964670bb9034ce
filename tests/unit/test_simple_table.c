/* test_simple_table.c — AWS::Serverless::SimpleTable to AWS::DynamoDB::Table: defaults,
 * key types, throughput, tags, resource attributes and every validation message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "xf_fixture.h"

#define TABLE(props) "Resources:\n  T:\n    Type: AWS::Serverless::SimpleTable\n    Properties:\n" props

static void assert_table(const char *template_yaml, const char *expected)
{
	xf x;
	fx_init(&x, template_yaml);
	assert_int_equal(fx_expand(&x, xf_expand_simple_table, "T"), XF_OK);
	fx_assert_json(xf_get(x.resources, "T"), expected);
	fx_free(&x);
}

static void assert_table_error(const char *template_yaml, const char *expected)
{
	xf x;
	fx_init(&x, template_yaml);
	assert_int_equal(fx_expand(&x, xf_expand_simple_table, "T"), XF_FAIL);
	assert_null(xf_get(x.resources, "T"));
	fx_assert_error(&x, expected);
	fx_free(&x);
}

static void minimal_table_has_id_key_and_on_demand_billing(void **state)
{
	(void)state;
	assert_table("Resources:\n  T:\n    Type: AWS::Serverless::SimpleTable\n",
		     "{\"Type\":\"AWS::DynamoDB::Table\",\"Properties\":{\"AttributeDefinitions\":[{"
		     "\"AttributeName\":\"id\",\"AttributeType\":\"S\"}],\"KeySchema\":[{\"AttributeName\":"
		     "\"id\",\"KeyType\":\"HASH\"}],\"BillingMode\":\"PAY_PER_REQUEST\"}}");
}

static void full_table_in_reference_order(void **state)
{
	(void)state;
	assert_table("Resources:\n"
		     "  T:\n"
		     "    Type: AWS::Serverless::SimpleTable\n"
		     "    DependsOn: Minimal\n"
		     "    Condition: Always\n"
		     "    DeletionPolicy: Retain\n"
		     "    UpdateReplacePolicy: Snapshot\n"
		     "    Metadata:\n"
		     "      Owner: data\n"
		     "    Properties:\n"
		     "      TableName: !Ref TableNameParam\n"
		     "      PrimaryKey:\n"
		     "        Name: pk\n"
		     "        Type: Number\n"
		     "      ProvisionedThroughput:\n"
		     "        ReadCapacityUnits: 5\n"
		     "        WriteCapacityUnits: 2\n"
		     "      Tags:\n"
		     "        env: test\n"
		     "        empty:\n"
		     "      SSESpecification:\n"
		     "        SSEEnabled: true\n"
		     "      PointInTimeRecoverySpecification:\n"
		     "        PointInTimeRecoveryEnabled: true\n",
		     "{\"Type\":\"AWS::DynamoDB::Table\",\"DependsOn\":\"Minimal\",\"DeletionPolicy\":\"Retain\","
		     "\"Condition\":\"Always\",\"UpdateReplacePolicy\":\"Snapshot\",\"Metadata\":{\"Owner\":"
		     "\"data\"},\"Properties\":{\"AttributeDefinitions\":[{\"AttributeName\":\"pk\","
		     "\"AttributeType\":\"N\"}],\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
		     "\"PointInTimeRecoverySpecification\":{\"PointInTimeRecoveryEnabled\":true},"
		     "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":5,\"WriteCapacityUnits\":2},"
		     "\"TableName\":{\"Ref\":\"TableNameParam\"},\"Tags\":[{\"Key\":\"env\",\"Value\":\"test\"},"
		     "{\"Key\":\"empty\",\"Value\":\"\"}],\"SSESpecification\":{\"SSEEnabled\":true}}}");
}

static void falsy_values_are_left_out(void **state)
{
	(void)state;
	assert_table("Resources:\n"
		     "  T:\n"
		     "    Type: AWS::Serverless::SimpleTable\n"
		     "    DependsOn: []\n"
		     "    Properties:\n"
		     "      PrimaryKey: {Name: blob, Type: Binary}\n"
		     "      TableName: binary-table\n"
		     "      Tags: {}\n"
		     "      ProvisionedThroughput: {}\n"
		     "      SSESpecification: null\n",
		     "{\"Type\":\"AWS::DynamoDB::Table\",\"Properties\":{\"AttributeDefinitions\":[{"
		     "\"AttributeName\":\"blob\",\"AttributeType\":\"B\"}],\"KeySchema\":[{\"AttributeName\":"
		     "\"blob\",\"KeyType\":\"HASH\"}],\"TableName\":\"binary-table\",\"BillingMode\":"
		     "\"PAY_PER_REQUEST\"}}");
}

static void intrinsic_tags_are_listed_as_a_map(void **state)
{
	(void)state;
	assert_table(TABLE("      Tags: {Ref: T}\n"),
		     "{\"Type\":\"AWS::DynamoDB::Table\",\"Properties\":{\"AttributeDefinitions\":[{"
		     "\"AttributeName\":\"id\",\"AttributeType\":\"S\"}],\"KeySchema\":[{\"AttributeName\":"
		     "\"id\",\"KeyType\":\"HASH\"}],\"Tags\":[{\"Key\":\"Ref\",\"Value\":\"T\"}],"
		     "\"BillingMode\":\"PAY_PER_REQUEST\"}}");
}

static void primary_key_errors(void **state)
{
	(void)state;
	assert_table_error(TABLE("      PrimaryKey: {Name: id, Type: bogus}\n"),
			   "Resource with id [T] is invalid. Invalid 'Type' \"bogus\".");
	assert_table_error(TABLE("      PrimaryKey: {Name: a, Type: string}\n"),
			   "Resource with id [T] is invalid. Invalid 'Type' \"string\".");
	assert_table_error(TABLE("      PrimaryKey: {Id: id, Type: String}\n"),
			   "Resource with id [T] is invalid. Property 'PrimaryKey.Name' is required.");
	assert_table_error(TABLE("      PrimaryKey: {Name: id}\n"),
			   "Resource with id [T] is invalid. Property 'PrimaryKey.Type' is required.");
	assert_table_error(TABLE("      PrimaryKey: {Type: Number}\n"),
			   "Resource with id [T] is invalid. Property 'PrimaryKey.Name' is required.");
	assert_table_error(TABLE("      PrimaryKey: {Ref: X}\n"),
			   "Resource with id [T] is invalid. Property 'PrimaryKey.Name' is required.");
}

static void property_type_errors_in_declaration_order(void **state)
{
	(void)state;
	assert_table_error(TABLE("      PrimaryKey: {Name: a, Type: 1}\n      Tags: x\n"),
			   "Resource with id [T] is invalid. Type of property 'PrimaryKey' is invalid.");
	assert_table_error(TABLE("      Tags: x\n      PrimaryKey: {Name: a}\n"),
			   "Resource with id [T] is invalid. Property 'Tags' should be a map.");
	assert_table_error(TABLE("      ProvisionedThroughput: {ReadCapacityUnits: 1.5, W: 2}\n"),
			   "Resource with id [T] is invalid. Type of property 'ProvisionedThroughput' is invalid.");
	assert_table_error(TABLE("      ProvisionedThroughput: {R: true, W: {Ref: x}}\n"
				 "      SSESpecification: [a]\n"),
			   "Resource with id [T] is invalid. Property 'SSESpecification' should be a map.");
	assert_table_error(TABLE("      TableName: [a]\n"),
			   "Resource with id [T] is invalid. Type of property 'TableName' is invalid.");
	assert_table_error(TABLE("      Bogus: 1\n      TableName: [a]\n"),
			   "Resource with id [T] is invalid. property Bogus not defined for resource of type "
			   "AWS::Serverless::SimpleTable");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(minimal_table_has_id_key_and_on_demand_billing),
		cmocka_unit_test(full_table_in_reference_order),
		cmocka_unit_test(falsy_values_are_left_out),
		cmocka_unit_test(intrinsic_tags_are_listed_as_a_map),
		cmocka_unit_test(primary_key_errors),
		cmocka_unit_test(property_type_errors_in_declaration_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
