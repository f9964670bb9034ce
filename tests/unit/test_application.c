/* test_application.c — AWS::Serverless::Application: template-URL locations as nested stacks,
 * the repository plugin's checks and messages, and the error when the repository is needed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "transform/application.h"
#include "xf_fixture.h"

#define APP(props) "Resources:\n  A:\n    Type: AWS::Serverless::Application\n    Properties:\n" props
#define SAR(app, version) "      Location:\n        ApplicationId: " app "\n        SemanticVersion: " version "\n"
#define SAM_TAG "{\"Key\":\"lambda:createdBy\",\"Value\":\"SAM\"}"
#define NEEDS_REPOSITORY                                                                                           \
	"Location names an application of the Serverless Application Repository (ApplicationId and "              \
	"SemanticVersion), which samc does not call: give Location as the URL of the application's template "     \
	"instead."

/* Runs the plugin pass, then the expander on A; returns the expander's result. */
static int plugin_and_expand(xf *x, const char *id)
{
	int rc = xf_serverless_app_plugin(x);
	if (rc != XF_OK)
		return rc;
	return fx_expand(x, xf_expand_application, id);
}

static void assert_stack(const char *template_yaml, const char *expected)
{
	xf x;
	fx_init(&x, template_yaml);
	assert_int_equal(plugin_and_expand(&x, "A"), XF_OK);
	fx_assert_json(xf_get(x.resources, "A"), expected);
	fx_free(&x);
}

static void assert_app_error(const char *template_yaml, const char *expected)
{
	xf x;
	fx_init(&x, template_yaml);
	assert_int_equal(plugin_and_expand(&x, "A"), XF_FAIL);
	assert_null(xf_get(x.resources, "A"));
	fx_assert_error(&x, expected);
	fx_free(&x);
}

/* ---- nested stacks ---- */

static void url_location_becomes_the_template_url(void **state)
{
	(void)state;
	assert_stack(APP("      Location: https://b.s3.amazonaws.com/t.yaml\n"),
		     "{\"Type\":\"AWS::CloudFormation::Stack\",\"Properties\":{\"TemplateURL\":"
		     "\"https://b.s3.amazonaws.com/t.yaml\",\"Tags\":[" SAM_TAG "]}}");
}

static void every_property_and_the_passthrough_attributes(void **state)
{
	(void)state;
	assert_stack("Resources:\n  A:\n    Type: AWS::Serverless::Application\n    DependsOn: [B]\n"
		     "    Condition: C\n    UpdateReplacePolicy: Retain\n    UpdatePolicy: U\n    Metadata: {m: 1}\n"
		     "    Properties:\n      Location: s3://b/t.yaml\n      Parameters: {P: !Ref X}\n"
		     "      NotificationARNs: [arn:sns, !Ref T]\n      Tags: {k: v, e: null}\n"
		     "      TimeoutInMinutes: 9\n",
		     "{\"Type\":\"AWS::CloudFormation::Stack\",\"DependsOn\":[\"B\"],\"Condition\":\"C\","
		     "\"UpdateReplacePolicy\":\"Retain\",\"Properties\":{\"TemplateURL\":\"s3://b/t.yaml\",\"Parameters\":"
		     "{\"P\":{\"Ref\":\"X\"}},\"NotificationARNs\":[\"arn:sns\",{\"Ref\":\"T\"}],\"Tags\":[" SAM_TAG
		     ",{\"Key\":\"k\",\"Value\":\"v\"},{\"Key\":\"e\",\"Value\":\"\"}],\"TimeoutInMinutes\":9}}");
}

static void given_template_url_is_replaced_by_location(void **state)
{
	(void)state;
	assert_stack(APP("      Location: ''\n      TemplateUrl: other\n      Parameters: null\n"),
		     "{\"Type\":\"AWS::CloudFormation::Stack\",\"Properties\":{\"TemplateURL\":\"\",\"Tags\":[" SAM_TAG
		     "]}}");
}

/* ---- the plugin's checks ---- */

static void location_and_its_keys_are_required(void **state)
{
	(void)state;
	assert_app_error(APP("      TimeoutInMinutes: 1\n"),
			 "Resource with id [A] is invalid. Resource is missing the required [Location] property.");
	assert_app_error(APP("      Location: {SemanticVersion: 1.0.0}\n"),
			 "Resource with id [A] is invalid. Resource is missing the required [ApplicationId] property.");
	assert_app_error(APP("      Location: {ApplicationId: x}\n"),
			 "Resource with id [A] is invalid. Resource is missing the required [SemanticVersion] property.");
	assert_app_error(APP(SAR("", "1.0.0")), "Resource with id [A] is invalid. Property 'ApplicationId' is required.");
	assert_app_error(APP(SAR("arn:app", "''")),
			 "Resource with id [A] is invalid. Property 'SemanticVersion' cannot be blank.");
}

static void unresolvable_intrinsics_are_rejected(void **state)
{
	(void)state;
	assert_app_error(APP(SAR("!Sub x-${AWS::Region}", "1.0.0")),
			 "Resource with id [A] is invalid. Property 'ApplicationId' cannot be resolved. Only FindInMap "
			 "and Ref intrinsic functions are supported.");
	assert_app_error(APP(SAR("arn:app", "!Ref Unknown")),
			 "Resource with id [A] is invalid. Property 'SemanticVersion' cannot be resolved. Only "
			 "FindInMap and Ref intrinsic functions are supported.");
}

static void ids_and_versions_must_be_strings(void **state)
{
	(void)state;
	assert_app_error(APP(SAR("7", "1.0.0")),
			 "Resource with id [A] is invalid. Property 'Location.ApplicationId' should be a string.");
	assert_app_error(APP(SAR("arn:app", "[1]")),
			 "Resource with id [A] is invalid. Property 'Location.SemanticVersion' should be a string.");
}

static void dynamic_ssm_reference_is_rejected(void **state)
{
	(void)state;
	assert_app_error(APP(SAR("'{{resolve:ssm:/apps/id:3}}'", "1.0.0")),
			 "Resource with id [A] is invalid. Serverless Application Repostiory does not support dynamic "
			 "reference in 'ApplicationId' property.");
}

static void repository_applications_need_the_service(void **state)
{
	(void)state;
	assert_app_error(APP(SAR("arn:aws:serverlessrepo:us-east-1:1:applications/a", "1.0.0")),
			 "Resource with id [A] is invalid. " NEEDS_REPOSITORY);
}

static void reserved_tags_come_before_the_repository_error(void **state)
{
	(void)state;
	assert_app_error(APP(SAR("arn:app", "1.0.0") "      Tags: {serverlessrepo:semanticVersion: x}\n"),
			 "Resource with id [A] is invalid. serverlessrepo:semanticVersion is a reserved Tag key name and "
			 "cannot be set on your resource. Please change the tag key in the input.");
}

static void unsupported_region_is_reported(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, APP(SAR("arn:app", "1.0.0")));
	x.region = "af-south-1";
	assert_int_equal(plugin_and_expand(&x, "A"), XF_FAIL);
	fx_assert_error(&x, "Resource with id [A] is invalid. Serverless Application Repository is not available in "
			    "this region.");
	fx_free(&x);
}

static void parameters_and_mappings_are_resolved_in_location(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, "Parameters:\n  Version:\n    Type: String\n    Default: 2.1.0\n"
		    "Mappings:\n  Apps:\n    eu:\n      Id: arn:mapped\n"
		    "Resources:\n  A:\n    Type: AWS::Serverless::Application\n    Properties:\n"
		    "      Location:\n        ApplicationId: !FindInMap [Apps, eu, Id]\n"
		    "        SemanticVersion: !Ref Version\n");
	assert_int_equal(xf_serverless_app_plugin(&x), XF_OK);
	fx_assert_json(xf_get(xf_get(xf_get(x.resources, "A"), "Properties"), "Location"),
		       "{\"ApplicationId\":\"arn:mapped\",\"SemanticVersion\":\"2.1.0\"}");
	fx_free(&x);
}

static void bad_find_in_map_is_a_document_error(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, "Mappings:\n  Apps:\n    eu: [1]\n"
		    "Resources:\n  A:\n    Type: AWS::Serverless::Application\n    Properties:\n"
		    "      Location:\n        ApplicationId: !FindInMap [Apps, eu, Id]\n        SemanticVersion: 1.0.0\n");
	assert_int_equal(xf_serverless_app_plugin(&x), XF_FAIL);
	assert_int_equal(x.pending.kind, XF_ERR_DOCUMENT);
	fx_assert_error(&x, "Structure of the SAM template is invalid. Cannot use Fn::FindInMap on Mapping 'Apps' "
			    "which is not a a two-level map.");
	fx_free(&x);
}

static void a_shared_failure_names_the_first_application(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, "Resources:\n"
		    "  First:\n    Type: AWS::Serverless::Application\n    Properties:\n" SAR("1", "1.0.0")
		    "  A:\n    Type: AWS::Serverless::Application\n    Properties:\n" SAR("1", "1.0.0"));
	assert_int_equal(plugin_and_expand(&x, "A"), XF_FAIL);
	fx_assert_error(&x, "Resource with id [First] is invalid. Property 'Location.ApplicationId' should be a string.");
	fx_free(&x);
}

static void property_types_are_checked(void **state)
{
	(void)state;
	assert_app_error(APP("      Location: [u]\n"), "Resource with id [A] is invalid. Type of property 'Location' is "
							"invalid.");
	assert_app_error(APP("      Location: u\n      Tags: [t]\n"),
			 "Resource with id [A] is invalid. Property 'Tags' should be a map.");
	assert_app_error(APP("      Location: u\n      TimeoutInMinutes: soon\n"),
			 "Resource with id [A] is invalid. Type of property 'TimeoutInMinutes' is invalid.");
	assert_app_error(APP("      Location: u\n      Foo: 1\n"),
			 "Resource with id [A] is invalid. property Foo not defined for resource of type "
			 "AWS::Serverless::Application");
}

/* ---- a whole template (tests/data/application) ---- */

static void template_matches_the_reference_output(void **state)
{
	(void)state;
	fx_assert_transform_file("application/stacks.yaml", "application/stacks.json", "eu-west-1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(url_location_becomes_the_template_url),
		cmocka_unit_test(every_property_and_the_passthrough_attributes),
		cmocka_unit_test(given_template_url_is_replaced_by_location),
		cmocka_unit_test(location_and_its_keys_are_required),
		cmocka_unit_test(unresolvable_intrinsics_are_rejected),
		cmocka_unit_test(ids_and_versions_must_be_strings),
		cmocka_unit_test(dynamic_ssm_reference_is_rejected),
		cmocka_unit_test(repository_applications_need_the_service),
		cmocka_unit_test(reserved_tags_come_before_the_repository_error),
		cmocka_unit_test(unsupported_region_is_reported),
		cmocka_unit_test(parameters_and_mappings_are_resolved_in_location),
		cmocka_unit_test(bad_find_in_map_is_a_document_error),
		cmocka_unit_test(a_shared_failure_names_the_first_application),
		cmocka_unit_test(property_types_are_checked),
		cmocka_unit_test(template_matches_the_reference_output),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
