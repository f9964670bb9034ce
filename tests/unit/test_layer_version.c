/* test_layer_version.c — AWS::Serverless::LayerVersion: hashed logical ids, RetentionPolicy,
 * Content from S3 URIs and maps, architecture checks, errors; S3 URI parsing itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "transform/s3_uri.h"
#include "xf_fixture.h"

#define LAYER(props) "Resources:\n  L:\n    Type: AWS::Serverless::LayerVersion\n    Properties:\n" props

static void assert_layer(const char *template_yaml, const char *id, const char *new_id, const char *expected)
{
	xf x;
	fx_init(&x, template_yaml);
	assert_int_equal(fx_expand(&x, xf_expand_layer_version, id), XF_OK);
	fx_assert_json(xf_get(x.resources, new_id), expected);
	assert_string_equal(xf_get_str(x.changed_ids, id), new_id);
	fx_free(&x);
}

static void worked_example_hash(void **state)
{
	(void)state;
	assert_layer(LAYER("      ContentUri: s3://bucket/layer.zip\n"
			   "      CompatibleRuntimes: [python3.12]\n"),
		     "L", "L3522370f47",
		     "{\"Type\":\"AWS::Lambda::LayerVersion\",\"DeletionPolicy\":\"Retain\",\"Properties\":{"
		     "\"Content\":{\"S3Bucket\":\"bucket\",\"S3Key\":\"layer.zip\"},\"LayerName\":\"L\","
		     "\"CompatibleRuntimes\":[\"python3.12\"]}}");
}

static void publish_lambda_version_is_hashed_not_emitted(void **state)
{
	(void)state;
	assert_layer("Resources:\n"
		     "  Layer:\n"
		     "    Type: AWS::Serverless::LayerVersion\n"
		     "    Properties:\n"
		     "      PublishLambdaVersion: true\n"
		     "      ContentUri: s3://bucket/layer.zip\n",
		     "Layer", "Layerd39cc77a5e",
		     "{\"Type\":\"AWS::Lambda::LayerVersion\",\"DeletionPolicy\":\"Retain\",\"Properties\":{"
		     "\"Content\":{\"S3Bucket\":\"bucket\",\"S3Key\":\"layer.zip\"},\"LayerName\":\"Layer\"}}");
}

/* Hash over resolved LayerName/Description/RetentionPolicy plus DependsOn and Condition, but
 * not UpdateReplacePolicy or Metadata; Metadata is not emitted either. */
static void resolved_properties_and_attributes(void **state)
{
	(void)state;
	assert_layer("Parameters:\n"
		     "  Policy: {Type: String, Default: delete}\n"
		     "  Name: {Type: String, Default: named-layer}\n"
		     "Resources:\n"
		     "  Versioned:\n"
		     "    Type: AWS::Serverless::LayerVersion\n"
		     "    DependsOn: Basic\n"
		     "    Condition: Always\n"
		     "    UpdateReplacePolicy: Retain\n"
		     "    Metadata:\n"
		     "      BuildMethod: python3.12\n"
		     "    Properties:\n"
		     "      LayerName: !Ref Name\n"
		     "      Description: !Sub \"layer for ${Name}\"\n"
		     "      LicenseInfo: MIT\n"
		     "      RetentionPolicy: !Ref Policy\n"
		     "      ContentUri:\n"
		     "        Bucket: bucket\n"
		     "        Key: layer.zip\n"
		     "        Version: \"3\"\n"
		     "      CompatibleArchitectures:\n"
		     "        - arm64\n"
		     "        - x86_64\n",
		     "Versioned", "Versionede89f4e2aa8",
		     "{\"Type\":\"AWS::Lambda::LayerVersion\",\"DependsOn\":\"Basic\",\"Condition\":\"Always\","
		     "\"UpdateReplacePolicy\":\"Retain\",\"DeletionPolicy\":\"Delete\",\"Properties\":{"
		     "\"Content\":{\"S3Bucket\":\"bucket\",\"S3Key\":\"layer.zip\",\"S3ObjectVersion\":\"3\"},"
		     "\"Description\":{\"Fn::Sub\":\"layer for named-layer\"},\"LayerName\":\"named-layer\","
		     "\"CompatibleArchitectures\":[\"arm64\",\"x86_64\"],\"LicenseInfo\":\"MIT\"}}");
}

static void retention_policy_overrides_deletion_policy(void **state)
{
	(void)state;
	assert_layer("Resources:\n"
		     "  QueryVersion:\n"
		     "    Type: AWS::Serverless::LayerVersion\n"
		     "    DeletionPolicy: Delete\n"
		     "    Properties:\n"
		     "      ContentUri: s3://my-bucket/path/to/layer.zip?versionId=abc%2B1&other=x\n"
		     "      RetentionPolicy: RETAIN\n",
		     "QueryVersion", "QueryVersion07773c4329",
		     "{\"Type\":\"AWS::Lambda::LayerVersion\",\"DeletionPolicy\":\"Retain\",\"Properties\":{"
		     "\"Content\":{\"S3Bucket\":\"my-bucket\",\"S3Key\":\"path/to/layer.zip\","
		     "\"S3ObjectVersion\":\"abc+1\"},\"LayerName\":\"QueryVersion\"}}");
}

static void lenient_architectures_pass(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, "Resources:\n"
		    "  ArchMap:\n"
		    "    Type: AWS::Serverless::LayerVersion\n"
		    "    Properties: {ContentUri: s3://b/k, CompatibleArchitectures: {arm64: 1}}\n"
		    "  ArchIntrinsic:\n"
		    "    Type: AWS::Serverless::LayerVersion\n"
		    "    Properties: {ContentUri: s3://b/k, CompatibleArchitectures: [!Ref A, arm64]}\n"
		    "  SsmNoSlash:\n"
		    "    Type: AWS::Serverless::LayerVersion\n"
		    "    Properties: {ContentUri: \"s3://b/{{resolve:ssm:param}}\"}\n");
	assert_int_equal(fx_expand(&x, xf_expand_layer_version, "ArchMap"), XF_OK);
	assert_int_equal(fx_expand(&x, xf_expand_layer_version, "ArchIntrinsic"), XF_OK);
	assert_int_equal(fx_expand(&x, xf_expand_layer_version, "SsmNoSlash"), XF_OK);
	assert_int_equal(cJSON_GetArraySize(x.changed_ids), 3);
	fx_free(&x);
}

static const char *const corpus_errors =
	"Parameters:\n"
	"  DeletePolicy: {Default: Keep, Type: String}\n"
	"  DeleteList: {Default: [Retain], Type: List}\n"
	"  Num: {Default: 5, Type: Number}\n"
	"Resources:\n"
	"  LayerWithRuntimesString:\n"
	"    Type: AWS::Serverless::LayerVersion\n"
	"    Properties: {ContentUri: s3://sam-demo-bucket/layer.zip, CompatibleRuntimes: strings}\n"
	"  LayerWithLicenseInfoList:\n"
	"    Type: AWS::Serverless::LayerVersion\n"
	"    Properties: {ContentUri: s3://sam-demo-bucket/layer.zip, LicenseInfo: [a, b]}\n"
	"  LayerWithNoContentUri:\n"
	"    Type: AWS::Serverless::LayerVersion\n"
	"    Properties: {Description: No content uri}\n"
	"  LayerWithRetentionPolicy:\n"
	"    Type: AWS::Serverless::LayerVersion\n"
	"    Properties: {ContentUri: s3://sam-demo-bucket/layer.zip, RetentionPolicy: ErrorParam}\n"
	"  LayerWithRetentionPolicyParam:\n"
	"    Type: AWS::Serverless::LayerVersion\n"
	"    Properties: {ContentUri: s3://sam-demo-bucket/layer.zip, RetentionPolicy: !Ref DeletePolicy}\n"
	"  LayerWithRetentionPolicyListParam:\n"
	"    Type: AWS::Serverless::LayerVersion\n"
	"    Properties: {ContentUri: s3://sam-demo-bucket/layer.zip, RetentionPolicy: !Ref DeleteList}\n"
	"  LayerWithRetentionPolicyAsIntrinsic:\n"
	"    Type: AWS::Serverless::LayerVersion\n"
	"    Properties:\n"
	"      ContentUri: s3://sam-demo-bucket/layer.zip\n"
	"      RetentionPolicy: !If [DeletePolicyIf, Retain, Delete]\n"
	"  LayerWithStringArchitecture:\n"
	"    Type: AWS::Serverless::LayerVersion\n"
	"    Properties: {ContentUri: s3://sam-demo-bucket/layer.zip, CompatibleArchitectures: x}\n"
	"  LayerWithWrongArchitecture:\n"
	"    Type: AWS::Serverless::LayerVersion\n"
	"    Properties: {ContentUri: s3://sam-demo-bucket/layer.zip, CompatibleArchitectures: [wrong]}\n"
	"  NoKey:\n"
	"    Type: AWS::Serverless::LayerVersion\n"
	"    Properties: {ContentUri: {Bucket: b}}\n"
	"  Local:\n"
	"    Type: AWS::Serverless::LayerVersion\n"
	"    Properties: {ContentUri: ./layer}\n"
	"  Ssm:\n"
	"    Type: AWS::Serverless::LayerVersion\n"
	"    Properties: {ContentUri: \"s3://b/{{resolve:ssm:/my/param:2}}\"}\n"
	"  ListUri:\n"
	"    Type: AWS::Serverless::LayerVersion\n"
	"    Properties: {ContentUri: [a]}\n"
	"  IntrinsicUri:\n"
	"    Type: AWS::Serverless::LayerVersion\n"
	"    Properties: {ContentUri: !Ref Foo}\n"
	"  NumName:\n"
	"    Type: AWS::Serverless::LayerVersion\n"
	"    Properties: {ContentUri: s3://b/k, LayerName: !Ref Num}\n"
	"  RetentionMap:\n"
	"    Type: AWS::Serverless::LayerVersion\n"
	"    Properties: {ContentUri: s3://b/k, RetentionPolicy: {Foo: bar}}\n"
	"  PublishBad:\n"
	"    Type: AWS::Serverless::LayerVersion\n"
	"    Properties: {ContentUri: s3://b/k, PublishLambdaVersion: \"yes\"}\n"
	"  Unknown:\n"
	"    Type: AWS::Serverless::LayerVersion\n"
	"    Properties: {ContentUri: s3://b/k, Content: x}\n";

static void validation_and_retention_errors(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"LayerWithLicenseInfoList", "Property 'LicenseInfo' should be a string."},
		{"LayerWithNoContentUri", "Missing required property 'ContentUri'."},
		{"LayerWithRetentionPolicy", "'RetentionPolicy' must be one of the following options: ['Retain', 'Delete']."},
		{"LayerWithRetentionPolicyAsIntrinsic",
		 "'RetentionPolicy' does not accept intrinsic functions, please use one of the following options: "
		 "['Retain', 'Delete']"},
		{"LayerWithRetentionPolicyListParam",
		 "Could not resolve parameter for 'RetentionPolicy' or parameter is not a String."},
		{"LayerWithRetentionPolicyParam",
		 "'RetentionPolicy' must be one of the following options: ['Retain', 'Delete']."},
		{"LayerWithRuntimesString", "Type of property 'CompatibleRuntimes' is invalid."},
		{"LayerWithStringArchitecture", "Type of property 'CompatibleArchitectures' is invalid."},
		{"ListUri", "Type of property 'ContentUri' is invalid."},
		{"NumName", "Could not resolve parameter for 'LayerName' or parameter is not a String."},
		{"RetentionMap",
		 "Invalid 'RetentionPolicy' type, please use one of the following options: ['Retain', 'Delete']"},
		{"PublishBad", "Type of property 'PublishLambdaVersion' is invalid."},
		{"Unknown", "property Content not defined for resource of type AWS::Serverless::LayerVersion"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *expected = samc_strfmt("Resource with id [%s] is invalid. %s", cases[i][0], cases[i][1]);
		xf x;
		fx_init(&x, corpus_errors);
		x.resources = cJSON_AddObjectToObject(x.tpl, "Out");
		cJSON *sam = cJSON_Duplicate(xf_get(xf_get(x.tpl, "Resources"), cases[i][0]), 1);
		assert_int_equal(xf_expand_layer_version(&x, cases[i][0], sam), XF_FAIL);
		fx_assert_error(&x, expected);
		cJSON_Delete(sam);
		free(expected);
		fx_free(&x);
	}
}

/* Errors raised after the id changed name the new id. */
static void content_and_architecture_errors_use_new_id(void **state)
{
	(void)state;
	static const char *const cases[][3] = {
		{"LayerWithWrongArchitecture", "LayerWithWrongArchitecture5b58896c5a",
		 "CompatibleArchitectures needs to be a list of 'x86_64' or 'arm64'"},
		{"NoKey", "NoKeyf7f26cbde2", "'ContentUri' requires Bucket and Key properties to be specified."},
		{"Local", "Local498745cc0f",
		 "'ContentUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query "
		 "parameter."},
		{"Ssm", "Ssm0496737943",
		 "Unsupported dynamic reference detected in 'ContentUri'. Please consider using alternative "
		 "'FunctionCode' object format."},
		{"IntrinsicUri", "IntrinsicUri5df31a7c13",
		 "'ContentUri' requires Bucket and Key properties to be specified."},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *expected = samc_strfmt("Resource with id [%s] is invalid. %s", cases[i][1], cases[i][2]);
		xf x;
		fx_init(&x, corpus_errors);
		x.resources = cJSON_AddObjectToObject(x.tpl, "Out");
		cJSON *sam = cJSON_Duplicate(xf_get(xf_get(x.tpl, "Resources"), cases[i][0]), 1);
		assert_int_equal(xf_expand_layer_version(&x, cases[i][0], sam), XF_FAIL);
		fx_assert_error(&x, expected);
		assert_null(x.resources->child);
		cJSON_Delete(sam);
		free(expected);
		fx_free(&x);
	}
}

static void local_content_passes_through_when_allowed(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, LAYER("      ContentUri: ./layer\n"));
	x.allow_local_code = true;
	assert_int_equal(fx_expand(&x, xf_expand_layer_version, "L"), XF_OK);
	const char *new_id = xf_get_str(x.changed_ids, "L");
	assert_non_null(new_id);
	fx_assert_json(xf_get(x.resources, new_id),
		       "{\"Type\":\"AWS::Lambda::LayerVersion\",\"DeletionPolicy\":\"Retain\",\"Properties\":{"
		       "\"Content\":\"./layer\",\"LayerName\":\"L\"}}");
	fx_free(&x);
}

/* ---- S3 URIs ---- */

static void assert_parsed(const char *uri, const char *expected)
{
	cJSON *s = cJSON_CreateString(uri), *out = NULL;
	assert_int_equal(xf_parse_s3_uri(s, &out), XF_OK);
	if (!expected) {
		assert_null(out);
	} else {
		assert_non_null(out);
		fx_assert_json(out, expected);
	}
	cJSON_Delete(out);
	cJSON_Delete(s);
}

static void parses_s3_uris_like_urllib(void **state)
{
	(void)state;
	assert_parsed("s3://bucket/key", "{\"Bucket\":\"bucket\",\"Key\":\"key\"}");
	assert_parsed("S3://Bucket/a/b.zip", "{\"Bucket\":\"Bucket\",\"Key\":\"a/b.zip\"}");
	assert_parsed("s3://bucket/", "{\"Bucket\":\"bucket\",\"Key\":\"\"}");
	assert_parsed("s3://bucket", NULL);
	assert_parsed("s3:bucket/key", NULL);
	assert_parsed("http://bucket/key", NULL);
	assert_parsed("s3://bucket#f/key", NULL);
	assert_parsed("s3://[bad]/key", NULL);
	assert_parsed("s3://b]/k", NULL);
	assert_parsed("s3://[::1]/key", "{\"Bucket\":\"[::1]\",\"Key\":\"key\"}");
	assert_parsed("s3://[::1%eth0]/k", "{\"Bucket\":\"[::1%eth0]\",\"Key\":\"k\"}");
	assert_parsed("s3://[v1.x]/k", "{\"Bucket\":\"[v1.x]\",\"Key\":\"k\"}");
	assert_parsed("s3://[::1%]/k", NULL);
	assert_parsed("s3://[::1%a%b]/k", NULL);
	assert_parsed("s3://[1.2.3.4]/k", NULL);
	assert_parsed("s3://b\xE2\x84\x80" "c/key", NULL);
	assert_parsed("s3://b\xEF\xBD\x81" "c/key", "{\"Bucket\":\"b\xEF\xBD\x81" "c\",\"Key\":\"key\"}");
	assert_parsed("  s3://bu\tcket/key\n", "{\"Bucket\":\"bucket\",\"Key\":\"key\"}");
	assert_parsed("s3://bucket/k%20ey#frag?versionId=1", "{\"Bucket\":\"bucket\",\"Key\":\"k%20ey\"}");
	assert_parsed("s3://user@bucket:80/key;p?versionId=v;x",
		      "{\"Bucket\":\"user@bucket:80\",\"Key\":\"key;p\",\"Version\":\"v;x\"}");
}

static void parses_version_query_like_parse_qs(void **state)
{
	(void)state;
	assert_parsed("s3://bucket/key?versionId=1&versionId=2", "{\"Bucket\":\"bucket\",\"Key\":\"key\"}");
	assert_parsed("s3://bucket/key?versionId=&x=1", "{\"Bucket\":\"bucket\",\"Key\":\"key\"}");
	assert_parsed("s3://bucket/key?versionId=a%20b+c",
		      "{\"Bucket\":\"bucket\",\"Key\":\"key\",\"Version\":\"a b c\"}");
	assert_parsed("s3://bucket/key?version%49d=7", "{\"Bucket\":\"bucket\",\"Key\":\"key\",\"Version\":\"7\"}");
	assert_parsed("s3://bucket/key?versionId=%ff%41",
		      "{\"Bucket\":\"bucket\",\"Key\":\"key\",\"Version\":\"\xEF\xBF\xBD" "A\"}");
	assert_parsed("s3://bucket/key?versionId=%E2%82%AC%C3",
		      "{\"Bucket\":\"bucket\",\"Key\":\"key\",\"Version\":\"\xE2\x82\xAC\xEF\xBF\xBD\"}");
	assert_parsed("s3://bucket/key?versionId=%e2%82",
		      "{\"Bucket\":\"bucket\",\"Key\":\"key\",\"Version\":\"\xEF\xBF\xBD\"}");
}

static void s3_location_from_map_keeps_values(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, "Resources: {}\n");
	cJSON *uri = fx_yaml("{Bucket: !Ref B, Key: k, Version: null}");
	cJSON *out = NULL;
	assert_int_equal(xf_s3_location(&x, "F", "CodeUri", uri, &out), XF_OK);
	fx_assert_json(out, "{\"S3Bucket\":{\"Ref\":\"B\"},\"S3Key\":\"k\",\"S3ObjectVersion\":null}");
	cJSON_Delete(out);
	cJSON_Delete(uri);
	uri = cJSON_CreateNumber(1);
	assert_int_equal(xf_s3_location(&x, "F", "CodeUri", uri, &out), XF_FAIL);
	fx_assert_error(&x, "Resource with id [F] is invalid. 'CodeUri' must be of type dict or string.");
	cJSON_Delete(uri);
	fx_free(&x);
}

static void image_location(void **state)
{
	(void)state;
	xf x;
	fx_init(&x, "Resources: {}\n");
	cJSON *uri = cJSON_CreateString("123.dkr.ecr.us-east-1.amazonaws.com/repo:tag"), *out = NULL;
	assert_int_equal(xf_image_location(&x, "F", "ImageUri", uri, &out), XF_OK);
	fx_assert_json(out, "{\"ImageUri\":\"123.dkr.ecr.us-east-1.amazonaws.com/repo:tag\"}");
	cJSON_Delete(out);
	cJSON_Delete(uri);
	uri = cJSON_CreateString("");
	assert_int_equal(xf_image_location(&x, "F", "ImageUri", uri, &out), XF_FAIL);
	fx_assert_error(&x, "Resource with id [F] is invalid. 'ImageUri' requires that a image hosted at a "
			    "registry be specified.");
	cJSON_Delete(uri);
	fx_free(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(worked_example_hash),
		cmocka_unit_test(publish_lambda_version_is_hashed_not_emitted),
		cmocka_unit_test(resolved_properties_and_attributes),
		cmocka_unit_test(retention_policy_overrides_deletion_policy),
		cmocka_unit_test(lenient_architectures_pass),
		cmocka_unit_test(validation_and_retention_errors),
		cmocka_unit_test(content_and_architecture_errors_use_new_id),
		cmocka_unit_test(local_content_passes_through_when_allowed),
		cmocka_unit_test(parses_s3_uris_like_urllib),
		cmocka_unit_test(parses_version_query_like_parse_qs),
		cmocka_unit_test(s3_location_from_map_keeps_values),
		cmocka_unit_test(image_location),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
