/* test_language_extensions.c — the AWS::LanguageExtensions transform: Fn::ForEach in every
 * allowed place, Fn::Length, Fn::ToJsonString, FindInMap DefaultValue, policies, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "transform/language_extensions.h"
#include "xf_fixture.h"

#define LX_HEAD "Transform: AWS::LanguageExtensions\n"

/* Runs the transform on YAML text; returns the expanded tree (caller frees). */
static cJSON *expand_with(const char *yaml, const char *overrides_json)
{
	cJSON *tpl = fx_yaml(yaml);
	cJSON *overrides = cJSON_Parse(overrides_json ? overrides_json : "{}");
	samc_error *err = NULL;
	int rc = samc_language_extensions(tpl, overrides, "eu-west-1", "t.yaml", &err);
	if (rc)
		fail_msg("unexpected error: %s", samc_error_message(err));
	cJSON_Delete(overrides);
	return tpl;
}

static cJSON *expand(const char *yaml)
{
	return expand_with(yaml, NULL);
}

static void assert_section(const char *yaml, const char *section, const char *expected)
{
	cJSON *tpl = expand(yaml);
	fx_assert_json(xf_get(tpl, section), expected);
	cJSON_Delete(tpl);
}

/* The transform fails with `message` at line:column. */
static void assert_error(const char *yaml, const char *message, unsigned line, unsigned column)
{
	cJSON *tpl = fx_yaml(yaml);
	samc_error *err = NULL;
	assert_int_equal(samc_language_extensions(tpl, NULL, NULL, "t.yaml", &err), SAMC_EINVALID);
	char *want = samc_strfmt("Transform AWS::LanguageExtensions failed with: %s", message);
	assert_string_equal(samc_error_message(err), want);
	assert_int_equal(samc_error_line(err), line);
	assert_int_equal(samc_error_column(err), column);
	assert_int_equal(samc_error_count(err), 1);
	assert_string_equal(samc_error_file(err), "t.yaml");
	free(want);
	samc_error_free(err);
	cJSON_Delete(tpl);
}

/* ---- Fn::ForEach ---- */

static void foreach_over_a_list_makes_one_resource_per_item(void **state)
{
	(void)state;
	assert_section(LX_HEAD "Resources:\n"
			       "  Fn::ForEach::Topics:\n"
			       "    - Name\n"
			       "    - [Alerts, Notices]\n"
			       "    - Topic${Name}:\n"
			       "        Type: AWS::SNS::Topic\n"
			       "        Properties:\n"
			       "          TopicName: !Sub '${Name}-${AWS::Region}'\n"
			       "          DisplayName: !Ref Name\n",
		       "Resources",
		       "{\"TopicAlerts\":{\"Type\":\"AWS::SNS::Topic\",\"Properties\":{\"TopicName\":{\"Fn::Sub\":"
		       "\"Alerts-${AWS::Region}\"},\"DisplayName\":\"Alerts\"}},\"TopicNotices\":{\"Type\":"
		       "\"AWS::SNS::Topic\",\"Properties\":{\"TopicName\":{\"Fn::Sub\":\"Notices-${AWS::Region}\"},"
		       "\"DisplayName\":\"Notices\"}}}");
}

static void generated_members_take_the_place_of_the_loop(void **state)
{
	(void)state;
	assert_section(LX_HEAD "Resources:\n"
			       "  First:\n"
			       "    Type: AWS::SNS::Topic\n"
			       "  Fn::ForEach::Q:\n"
			       "    - N\n"
			       "    - [A, B]\n"
			       "    - Q${N}:\n"
			       "        Type: AWS::SQS::Queue\n"
			       "  Last:\n"
			       "    Type: AWS::SNS::Topic\n",
		       "Resources",
		       "{\"First\":{\"Type\":\"AWS::SNS::Topic\"},\"QA\":{\"Type\":\"AWS::SQS::Queue\"},\"QB\":{"
		       "\"Type\":\"AWS::SQS::Queue\"},\"Last\":{\"Type\":\"AWS::SNS::Topic\"}}");
}

static void copies_of_the_body_point_at_the_body(void **state)
{
	(void)state;
	cJSON *tpl = expand(LX_HEAD "Resources:\n"                /* 2 */
				    "  Fn::ForEach::Topics:\n"    /* 3 */
				    "    - Name\n"                /* 4 */
				    "    - [A, B]\n"              /* 5 */
				    "    - Topic${Name}:\n"       /* 6 */
				    "        Type: AWS::SNS::Topic\n"); /* 7 */
	samc_pos pos;
	const cJSON *b = xf_get(xf_get(tpl, "Resources"), "TopicB");
	assert_true(samc_node_pos(b, &pos));
	assert_int_equal(pos.line, 6);
	assert_int_equal(pos.column, 7);
	assert_true(samc_node_pos(xf_get(b, "Type"), &pos));
	assert_int_equal(pos.line, 7);
	cJSON_Delete(tpl);
}

static void collection_from_a_list_parameter_default_is_trimmed(void **state)
{
	(void)state;
	assert_section(LX_HEAD "Parameters:\n"
			       "  Envs:\n"
			       "    Type: CommaDelimitedList\n"
			       "    Default: 'dev, test ,prod'\n"
			       "Resources:\n"
			       "  Fn::ForEach::B:\n"
			       "    - Env\n"
			       "    - !Ref Envs\n"
			       "    - Bucket${Env}:\n"
			       "        Type: AWS::S3::Bucket\n",
		       "Resources",
		       "{\"Bucketdev\":{\"Type\":\"AWS::S3::Bucket\"},\"Buckettest\":{\"Type\":\"AWS::S3::Bucket\"},"
		       "\"Bucketprod\":{\"Type\":\"AWS::S3::Bucket\"}}");
}

static void collection_from_an_override_wins_over_the_default(void **state)
{
	(void)state;
	cJSON *tpl = expand_with(LX_HEAD "Parameters:\n"
					 "  Ids:\n"
					 "    Type: List<AWS::EC2::Subnet::Id>\n"
					 "    Default: a,b\n"
					 "Resources:\n"
					 "  Fn::ForEach::B:\n"
					 "    - Id\n"
					 "    - !Ref Ids\n"
					 "    - T${Id}:\n"
					 "        Type: AWS::SNS::Topic\n",
				 "{\"Ids\":\"x,y,z\"}");
	fx_assert_json(xf_get(tpl, "Resources"), "{\"Tx\":{\"Type\":\"AWS::SNS::Topic\"},\"Ty\":{\"Type\":"
						 "\"AWS::SNS::Topic\"},\"Tz\":{\"Type\":\"AWS::SNS::Topic\"}}");
	cJSON_Delete(tpl);
}

static void nested_loops_bind_both_identifiers(void **state)
{
	(void)state;
	assert_section(LX_HEAD "Resources:\n"
			       "  Fn::ForEach::Envs:\n"
			       "    - Env\n"
			       "    - [Dev, Prod]\n"
			       "    - Fn::ForEach::Apps:\n"
			       "        - App\n"
			       "        - [Web, Api]\n"
			       "        - ${Env}${App}:\n"
			       "            Type: AWS::SNS::Topic\n"
			       "            Properties:\n"
			       "              TopicName: ${Env}-${App}\n",
		       "Resources",
		       "{\"DevWeb\":{\"Type\":\"AWS::SNS::Topic\",\"Properties\":{\"TopicName\":\"Dev-Web\"}},"
		       "\"DevApi\":{\"Type\":\"AWS::SNS::Topic\",\"Properties\":{\"TopicName\":\"Dev-Api\"}},"
		       "\"ProdWeb\":{\"Type\":\"AWS::SNS::Topic\",\"Properties\":{\"TopicName\":\"Prod-Web\"}},"
		       "\"ProdApi\":{\"Type\":\"AWS::SNS::Topic\",\"Properties\":{\"TopicName\":\"Prod-Api\"}}}");
}

static void outputs_and_conditions_loop_too(void **state)
{
	(void)state;
	cJSON *tpl = expand(LX_HEAD "Parameters:\n"
				    "  Stage:\n"
				    "    Type: String\n"
				    "Conditions:\n"
				    "  Fn::ForEach::Is:\n"
				    "    - S\n"
				    "    - [Dev, Prod]\n"
				    "    - Is${S}: !Equals [!Ref Stage, !Ref S]\n"
				    "Resources:\n"
				    "  T:\n"
				    "    Type: AWS::SNS::Topic\n"
				    "Outputs:\n"
				    "  Fn::ForEach::Out:\n"
				    "    - S\n"
				    "    - [Dev, Prod]\n"
				    "    - ${S}Arn:\n"
				    "        Condition: Is${S}\n"
				    "        Value: !Ref T\n"
				    "        Export:\n"
				    "          Name: arn-${S}\n");
	fx_assert_json(xf_get(tpl, "Conditions"),
		       "{\"IsDev\":{\"Fn::Equals\":[{\"Ref\":\"Stage\"},\"Dev\"]},\"IsProd\":{\"Fn::Equals\":[{\"Ref\":"
		       "\"Stage\"},\"Prod\"]}}");
	fx_assert_json(xf_get(tpl, "Outputs"),
		       "{\"DevArn\":{\"Condition\":\"IsDev\",\"Value\":{\"Ref\":\"T\"},\"Export\":{\"Name\":\"arn-Dev\"}},"
		       "\"ProdArn\":{\"Condition\":\"IsProd\",\"Value\":{\"Ref\":\"T\"},\"Export\":{\"Name\":"
		       "\"arn-Prod\"}}}");
	cJSON_Delete(tpl);
}

static void ampersand_form_drops_non_alphanumeric_characters(void **state)
{
	(void)state;
	assert_section(LX_HEAD "Resources:\n"
			       "  Fn::ForEach::Sites:\n"
			       "    - Host\n"
			       "    - [www.example.com, api-1.example.com]\n"
			       "    - Site&{Host}:\n"
			       "        Type: AWS::S3::Bucket\n"
			       "        Properties:\n"
			       "          BucketName: ${Host}\n",
		       "Resources",
		       "{\"Sitewwwexamplecom\":{\"Type\":\"AWS::S3::Bucket\",\"Properties\":{\"BucketName\":"
		       "\"www.example.com\"}},\"Siteapi1examplecom\":{\"Type\":\"AWS::S3::Bucket\",\"Properties\":{"
		       "\"BucketName\":\"api-1.example.com\"}}}");
}

static void loop_inside_properties_makes_properties(void **state)
{
	(void)state;
	assert_section(LX_HEAD "Resources:\n"
			       "  F:\n"
			       "    Type: AWS::Lambda::Function\n"
			       "    Properties:\n"
			       "      Environment:\n"
			       "        Variables:\n"
			       "          KEEP: 'yes'\n"
			       "          Fn::ForEach::Vars:\n"
			       "            - V\n"
			       "            - [a.b, c]\n"
			       "            - VAR_&{V}: !Ref V\n",
		       "Resources",
		       "{\"F\":{\"Type\":\"AWS::Lambda::Function\",\"Properties\":{\"Environment\":{\"Variables\":{"
		       "\"KEEP\":\"yes\",\"VAR_ab\":\"a.b\",\"VAR_c\":\"c\"}}}}}");
}

static void empty_collection_makes_nothing_and_numbers_become_text(void **state)
{
	(void)state;
	assert_section(LX_HEAD "Resources:\n"
			       "  Fn::ForEach::None:\n"
			       "    - X\n"
			       "    - []\n"
			       "    - T${X}:\n"
			       "        Type: AWS::SNS::Topic\n"
			       "  Fn::ForEach::Nums:\n"
			       "    - X\n"
			       "    - [1, true]\n"
			       "    - N${X}:\n"
			       "        Type: AWS::SNS::Topic\n",
		       "Resources", "{\"N1\":{\"Type\":\"AWS::SNS::Topic\"},\"Ntrue\":{\"Type\":\"AWS::SNS::Topic\"}}");
}

/* ---- Fn::Length, Fn::ToJsonString, Fn::FindInMap ---- */

static void length_counts_lists_and_list_parameters(void **state)
{
	(void)state;
	assert_section(LX_HEAD "Parameters:\n"
			       "  L:\n"
			       "    Type: CommaDelimitedList\n"
			       "    Default: a,b,c,d\n"
			       "Resources:\n"
			       "  T:\n"
			       "    Type: X::Y::Z\n"
			       "    Properties:\n"
			       "      A: !Length [1, 2, 3]\n"
			       "      B: !Length []\n"
			       "      C:\n"
			       "        Fn::Length: !Ref L\n",
		       "Resources", "{\"T\":{\"Type\":\"X::Y::Z\",\"Properties\":{\"A\":3,\"B\":0,\"C\":4}}}");
}

static void to_json_string_prints_compact_json(void **state)
{
	(void)state;
	assert_section(LX_HEAD "Parameters:\n"
			       "  P:\n"
			       "    Type: String\n"
			       "    Default: v\n"
			       "Resources:\n"
			       "  T:\n"
			       "    Type: X::Y::Z\n"
			       "    Properties:\n"
			       "      A: !ToJsonString {k: [1, 2.5, true, null, 'q\"'], p: !Ref P, n: !Length [x]}\n"
			       "      B: !ToJsonString [a]\n",
		       "Resources",
		       "{\"T\":{\"Type\":\"X::Y::Z\",\"Properties\":{\"A\":\"{\\\"k\\\":[1,2.5,true,null,\\\"q\\\\\\\"\\\"],"
		       "\\\"p\\\":\\\"v\\\",\\\"n\\\":1}\",\"B\":\"[\\\"a\\\"]\"}}}");
}

static void to_json_string_joins_values_known_at_deployment(void **state)
{
	(void)state;
	assert_section(LX_HEAD "Resources:\n"
			       "  T:\n"
			       "    Type: X::Y::Z\n"
			       "    Properties:\n"
			       "      A: !ToJsonString {arn: !GetAtt Q.Arn}\n",
		       "Resources",
		       "{\"T\":{\"Type\":\"X::Y::Z\",\"Properties\":{\"A\":{\"Fn::Join\":[\"\",[\"{\\\"arn\\\":\\\"\","
		       "{\"Fn::GetAtt\":[\"Q\",\"Arn\"]},\"\\\"}\"]]}}}}");
}

static void find_in_map_default_value(void **state)
{
	(void)state;
	assert_section(LX_HEAD "Mappings:\n"
			       "  M:\n"
			       "    eu-west-1:\n"
			       "      Size: 10\n"
			       "Resources:\n"
			       "  T:\n"
			       "    Type: X::Y::Z\n"
			       "    Properties:\n"
			       "      Found: !FindInMap [M, !Ref AWS::Region, Size, DefaultValue: 1]\n"
			       "      Missing: !FindInMap [M, us-east-1, Size, DefaultValue: [1, 2]]\n"
			       "      NoMap: !FindInMap [Other, a, b, DefaultValue: d]\n"
			       "      Later: !FindInMap [M, !Ref AWS::AccountId, Size, DefaultValue: 1]\n"
			       "      Plain: !FindInMap [M, x, y]\n",
		       "Resources",
		       "{\"T\":{\"Type\":\"X::Y::Z\",\"Properties\":{\"Found\":10,\"Missing\":[1,2],\"NoMap\":\"d\","
		       "\"Later\":{\"Fn::FindInMap\":[\"M\",{\"Ref\":\"AWS::AccountId\"},\"Size\"]},\"Plain\":{"
		       "\"Fn::FindInMap\":[\"M\",\"x\",\"y\"]}}}}");
}

static void find_in_map_keys_from_functions(void **state)
{
	(void)state;
	assert_section(LX_HEAD "Parameters:\n"
			       "  Keys:\n"
			       "    Type: String\n"
			       "    Default: prod|x\n"
			       "Mappings:\n"
			       "  M:\n"
			       "    prod: {Size: L}\n"
			       "    eu-west-1: {Size: 5}\n"
			       "  Alias:\n"
			       "    a: {target: prod}\n"
			       "Resources:\n"
			       "  T:\n"
			       "    Type: X::Y::Z\n"
			       "    Properties:\n"
			       "      Sel: !FindInMap [M, !Select [0, !Split ['|', !Ref Keys]], Size]\n"
			       "      Join: !FindInMap [M, !Join ['-', [eu, west, '1']], Size]\n"
			       "      Nested: !FindInMap [M, !FindInMap [Alias, a, target], Size]\n"
			       "      Missing: !FindInMap [M, !Select [1, !Split ['|', !Ref Keys]], Size, DefaultValue: none]\n"
			       "      Later: !FindInMap [M, !Select [0, !GetAZs ''], Size]\n",
		       "Resources",
		       "{\"T\":{\"Type\":\"X::Y::Z\",\"Properties\":{\"Sel\":\"L\",\"Join\":5,\"Nested\":\"L\","
		       "\"Missing\":\"none\",\"Later\":{\"Fn::FindInMap\":[\"M\",{\"Fn::Select\":[0,{\"Fn::GetAZs\":"
		       "\"\"}]},\"Size\"]}}}}");
}

/* ---- DeletionPolicy / UpdateReplacePolicy ---- */

#define POLICY_TEMPLATE(policy)                                                                             \
	LX_HEAD "Parameters:\n"                                                                             \
		"  Stage:\n"                                                                                \
		"    Type: String\n"                                                                        \
		"    Default: Prod\n"                                                                       \
		"Mappings:\n"                                                                               \
		"  P:\n"                                                                                    \
		"    Prod:\n"                                                                               \
		"      Policy: Snapshot\n"                                                                  \
		"Conditions:\n"                                                                             \
		"  IsProd: !Equals [!Ref Stage, Prod]\n"                                                    \
		"  NotProd: !Not [!Condition IsProd]\n"                                                     \
		"  Both: !And [!Condition IsProd, !Or [!Equals [a, b], !Condition IsProd]]\n"              \
		"Resources:\n"                                                                              \
		"  T:\n"                                                                                    \
		"    Type: AWS::SNS::Topic\n"                                                               \
		"    DeletionPolicy: " policy "\n"

static void policies_resolve_if_ref_and_find_in_map(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"!If [IsProd, Retain, Delete]", "Retain"},
		{"!If [NotProd, Retain, Delete]", "Delete"},
		{"!If [Both, !Ref Stage, Delete]", "Prod"},
		{"!FindInMap [P, !Ref Stage, Policy]", "Snapshot"},
		{"Retain", "Retain"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *yaml = samc_strfmt(POLICY_TEMPLATE("%s"), cases[i][0]);
		cJSON *tpl = fx_yaml(yaml);
		samc_error *err = NULL;
		int rc = samc_language_extensions(tpl, NULL, NULL, "t.yaml", &err);
		if (strcmp(cases[i][1], "Prod") == 0) {
			/* Prod is not a DeletionPolicy option */
			assert_int_equal(rc, SAMC_EINVALID);
		} else {
			assert_int_equal(rc, 0);
			assert_string_equal(xf_get_str(xf_get(xf_get(tpl, "Resources"), "T"), "DeletionPolicy"),
					    cases[i][1]);
		}
		samc_error_free(err);
		cJSON_Delete(tpl);
		free(yaml);
	}
}

static void update_replace_policy_from_a_parameter(void **state)
{
	(void)state;
	cJSON *tpl = expand_with(LX_HEAD "Parameters:\n"
					 "  Keep:\n"
					 "    Type: String\n"
					 "Resources:\n"
					 "  T:\n"
					 "    Type: AWS::SNS::Topic\n"
					 "    UpdateReplacePolicy: !Ref Keep\n",
				 "{\"Keep\":\"Retain\"}");
	assert_string_equal(xf_get_str(xf_get(xf_get(tpl, "Resources"), "T"), "UpdateReplacePolicy"), "Retain");
	cJSON_Delete(tpl);
}

static void policy_errors(void **state)
{
	(void)state;
	assert_error(LX_HEAD "Resources:\n  T:\n    Type: A::B::C\n    DeletionPolicy: !Ref AWS::NoValue\n",
		     "AWS::NoValue is not supported for DeletionPolicy or UpdateReplacePolicy", 5, 5);
	assert_error(LX_HEAD "Resources:\n  T:\n    Type: A::B::C\n    DeletionPolicy: [Retain]\n",
		     "Every DeletionPolicy member must be a string", 5, 5);
	assert_error(LX_HEAD "Resources:\n  T:\n    Type: A::B::C\n    UpdateReplacePolicy: !GetAtt X.Y\n",
		     "Unsupported expression for UpdateReplacePolicy in resource T", 5, 5);
	assert_error(LX_HEAD "Resources:\n  T:\n    Type: A::B::C\n    UpdateReplacePolicy: !If [Nope, Retain, Delete]\n",
		     "Unsupported expression for UpdateReplacePolicy in resource T", 5, 5);
	assert_error(LX_HEAD "Resources:\n  T:\n    Type: A::B::C\n    UpdateReplacePolicy: !FindInMap [M, a, b, "
			     "DefaultValue: RetainExceptOnCreate]\n",
		     "UpdateReplacePolicy of resource T resolves to 'RetainExceptOnCreate', which is not a valid "
		     "option",
		     5, 5);
}

/* ---- the Transform list ---- */

static void transform_name_is_removed(void **state)
{
	(void)state;
	cJSON *tpl = expand("Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\nResources: {}\n");
	fx_assert_json(xf_get(tpl, "Transform"), "[\"AWS::Serverless-2016-10-31\"]");
	assert_false(samc_langext_declares(tpl, LX_TRANSFORM));
	cJSON_Delete(tpl);
	tpl = expand(LX_HEAD "Resources: {}\n");
	assert_null(xf_get(tpl, "Transform"));
	cJSON_Delete(tpl);
	tpl = expand("Transform: [AWS::LanguageExtensions]\nResources: {}\n");
	assert_null(xf_get(tpl, "Transform"));
	cJSON_Delete(tpl);
}

static void template_without_the_transform_is_untouched(void **state)
{
	(void)state;
	cJSON *tpl = expand("Transform: AWS::Serverless-2016-10-31\n"
			    "Resources:\n  Fn::ForEach::X: [A, [b], {'T${A}': {Type: A::B::C}}]\n");
	assert_non_null(xf_get(xf_get(tpl, "Resources"), "Fn::ForEach::X"));
	cJSON_Delete(tpl);
	cJSON *only = fx_yaml("Transform: [AWS::LanguageExtensions, AWS::Include]\n");
	assert_true(samc_langext_only(only));
	cJSON_Delete(only);
	only = fx_yaml("Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\n");
	assert_false(samc_langext_only(only));
	cJSON_Delete(only);
}

/* ---- errors ---- */

static void foreach_layout_errors(void **state)
{
	(void)state;
	assert_error(LX_HEAD "Resources:\n  Fn::ForEach::T:\n    - Name\n    - [A]\n",
		     "Fn::ForEach::T layout is incorrect", 3, 3);
	assert_error(LX_HEAD "Resources:\n  Fn::ForEach::T: {a: b}\n", "Fn::ForEach::T layout is incorrect", 3, 3);
	assert_error(LX_HEAD "Resources:\n  Fn::ForEach::T: ['', [A], {T: {Type: A::B::C}}]\n",
		     "Fn::ForEach::T layout is incorrect", 3, 3);
	assert_error(LX_HEAD "Resources:\n  Fn::ForEach::T: [N, [A], [x]]\n", "Fn::ForEach::T layout is incorrect",
		     3, 3);
	assert_error(LX_HEAD "Resources:\n  Fn::ForEach::T: [N, abc, {'T${N}': {Type: A::B::C}}]\n",
		     "Fn::ForEach::T layout is incorrect", 3, 23);
	assert_error(LX_HEAD "Resources:\n  Fn::ForEach::T: [N, [{a: b}], {'T${N}': {Type: A::B::C}}]\n",
		     "Fn::ForEach::T layout is incorrect", 3, 24);
	assert_error(LX_HEAD "Resources:\n  Fn::ForEach::: [N, [a], {'T${N}': {Type: A::B::C}}]\n",
		     "Fn::ForEach:: layout is incorrect", 3, 3);
}

static void foreach_collection_must_be_a_list_parameter(void **state)
{
	(void)state;
	assert_error(LX_HEAD "Parameters:\n  S:\n    Type: String\n    Default: a,b\n"
			     "Resources:\n  Fn::ForEach::T: [N, !Ref S, {'T${N}': {Type: A::B::C}}]\n",
		     "Fn::ForEach::T: the collection must be a list or a Ref to a CommaDelimitedList or List<> "
		     "parameter with a value",
		     7, 3);
	assert_error(LX_HEAD "Parameters:\n  L:\n    Type: CommaDelimitedList\n"
			     "Resources:\n  Fn::ForEach::T: [N, !Ref L, {'T${N}': {Type: A::B::C}}]\n",
		     "Fn::ForEach::T: the collection must be a list or a Ref to a CommaDelimitedList or List<> "
		     "parameter with a value",
		     6, 3);
}

static void foreach_name_collisions(void **state)
{
	(void)state;
	assert_error(LX_HEAD "Resources:\n"
			     "  Fn::ForEach::Outer:\n"
			     "    - Name\n"
			     "    - [A, B]\n"
			     "    - Fn::ForEach::Inner:\n"
			     "        - Name\n"
			     "        - [C]\n"
			     "        - T${Name}:\n"
			     "            Type: A::B::C\n",
		     "Fn::ForEach::Inner: identifier 'Name' conflicts with another loop identifier", 6, 7);
	assert_error(LX_HEAD "Parameters:\n  Name:\n    Type: String\n"
			     "Resources:\n  Fn::ForEach::T: [Name, [a], {'T${Name}': {Type: A::B::C}}]\n",
		     "Fn::ForEach::T: identifier 'Name' conflicts with parameter name", 6, 3);
	assert_error(LX_HEAD "Parameters:\n  T:\n    Type: String\n"
			     "Resources:\n  Fn::ForEach::T: [N, [a], {'T${N}': {Type: A::B::C}}]\n",
		     "Fn::ForEach::T: loop name 'T' conflicts with parameter name", 6, 3);
	assert_error(LX_HEAD "Resources:\n  T:\n    Type: A::B::C\n"
			     "  Fn::ForEach::T: [N, [a], {'T${N}': {Type: A::B::C}}]\n",
		     "Fn::ForEach::T: loop name 'T' conflicts with a resource logical ID", 5, 3);
}

static void foreach_generated_keys_must_be_alphanumeric_and_unique(void **state)
{
	(void)state;
	assert_error(LX_HEAD "Resources:\n"
			     "  Fn::ForEach::B:\n"
			     "    - H\n"
			     "    - [a.b]\n"
			     "    - B${H}:\n"
			     "        Type: A::B::C\n",
		     "Fn::ForEach::B produced the logical ID 'Ba.b', which is not alphanumeric (&{Id} drops the "
		     "non-alphanumeric characters of a value)",
		     6, 7);
	assert_error(LX_HEAD "Resources:\n"
			     "  Fn::ForEach::B:\n"
			     "    - H\n"
			     "    - [a, b]\n"
			     "    - Same:\n"
			     "        Type: A::B::C\n",
		     "Fn::ForEach::B produced the key 'Same', which is already in use", 6, 7);
	assert_error(LX_HEAD "Resources:\n"
			     "  Fn::ForEach::B:\n"
			     "    - H\n"
			     "    - [x, y]\n"
			     "    - T${H}:\n"
			     "        Type: A::B::C\n"
			     "  Ty:\n"
			     "    Type: A::B::C\n",
		     "Fn::ForEach::B produced the key 'Ty', which is already in use", 6, 7);
	assert_error(LX_HEAD "Resources:\n"
			     "  F:\n"
			     "    Type: A::B::C\n"
			     "    Properties:\n"
			     "      Fn::ForEach::P: [V, [a, b], {Same: 1}]\n",
		     "Fn::ForEach::P produced the key 'Same', which is already in use", 6, 36);
}

static void foreach_only_in_its_sections_and_five_deep(void **state)
{
	(void)state;
	assert_error(LX_HEAD "Parameters:\n  Fn::ForEach::P: [N, [a], {'P${N}': {Type: String}}]\nResources: {}\n",
		     "Fn::ForEach::P: Fn::ForEach can only be used in the Conditions, Resources and Outputs sections",
		     3, 3);
	assert_error(LX_HEAD "Resources:\n"
			     "  Fn::ForEach::L1:\n"
			     "  - A\n  - [a]\n  - Fn::ForEach::L2:\n"
			     "    - B\n    - [b]\n    - Fn::ForEach::L3:\n"
			     "      - C\n      - [c]\n      - Fn::ForEach::L4:\n"
			     "        - D\n        - [d]\n        - Fn::ForEach::L5:\n"
			     "          - E\n          - [e]\n          - Fn::ForEach::L6:\n"
			     "            - F\n            - [f]\n            - X${A}${B}${C}${D}${E}${F}: {Type: A::B::C}\n",
		     "Fn::ForEach::L6: Fn::ForEach loops nest at most 5 deep", 18, 13);
}

static void function_errors(void **state)
{
	(void)state;
	assert_error(LX_HEAD "Resources:\n  T:\n    Type: A::B::C\n    Properties:\n      A: !Length abc\n",
		     "Fn::Length layout is incorrect", 6, 7);
	assert_error(LX_HEAD "Resources:\n  T:\n    Type: A::B::C\n    Properties:\n      A: !Length {Fn::GetAZs: ''}\n",
		     "Fn::Length: the list given by Fn::GetAZs cannot be resolved before deployment", 6, 7);
	assert_error(LX_HEAD "Resources:\n  T:\n    Type: A::B::C\n    Properties:\n      A: !ToJsonString abc\n",
		     "Fn::ToJsonString layout is incorrect", 6, 7);
	assert_error(LX_HEAD "Resources:\n  T:\n    Type: A::B::C\n    Properties:\n"
			     "      A: !ToJsonString [!Equals [a, b]]\n",
		     "Fn::ToJsonString does not support Fn::Equals intrinsic function", 6, 25);
	assert_error(LX_HEAD "Resources:\n  T:\n    Type: A::B::C\n    Properties:\n"
			     "      A: !FindInMap [M, a, b, Default: c]\n",
		     "Fn::FindInMap layout is incorrect", 6, 31);
	assert_error(LX_HEAD "Resources:\n  T:\n    Type: A::B::C\n    Properties:\n"
			     "      A: !FindInMap [M, a, b, {DefaultValue: c}, e]\n",
		     "Fn::FindInMap layout is incorrect", 6, 7);
}

/* ---- through samc_transform ---- */

static char *transform_text(const char *yaml, int *rc)
{
	samc_document *doc = NULL;
	assert_int_equal(samc_document_load_buffer(&doc, yaml, strlen(yaml), "t.yaml", NULL, NULL), 0);
	char *out = NULL;
	samc_error *err = NULL;
	*rc = samc_transform(doc, NULL, &out, &err);
	samc_error_free(err);
	samc_document_free(doc);
	return out;
}

static void sam_functions_made_by_a_loop_are_transformed(void **state)
{
	(void)state;
	int rc;
	char *out = transform_text("Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\n"
				   "Resources:\n"
				   "  Fn::ForEach::Fns:\n"
				   "    - N\n"
				   "    - [One, Two]\n"
				   "    - ${N}Fn:\n"
				   "        Type: AWS::Serverless::Function\n"
				   "        DeletionPolicy: !If [Never, Retain, Delete]\n"
				   "        Properties:\n"
				   "          Runtime: python3.12\n"
				   "          Handler: i.h\n"
				   "          CodeUri: s3://b/${N}.zip\n"
				   "Conditions:\n"
				   "  Never: !Equals [a, b]\n",
				   &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, "\"TwoFnRole\""));
	assert_non_null(strstr(out, "\"S3Key\": \"Two.zip\""));
	assert_non_null(strstr(out, "\"DeletionPolicy\": \"Delete\""));
	assert_null(strstr(out, "Transform"));
	samc_free(out);
}

static void language_extensions_alone_gives_the_expanded_template(void **state)
{
	(void)state;
	int rc;
	char *out = transform_text(LX_HEAD "Resources:\n"
					   "  Fn::ForEach::T: [N, [a], {'Q${N}': {Type: AWS::SQS::Queue}}]\n",
				   &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(out, "{\n  \"Resources\": {\n    \"Qa\": {\n      \"Type\": \"AWS::SQS::Queue\"\n    }\n  }\n}\n");
	samc_free(out);
	out = transform_text(LX_HEAD "Resources:\n  Fn::ForEach::T: [N, [a]]\n", &rc);
	assert_int_equal(rc, SAMC_EINVALID);
	assert_null(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(foreach_over_a_list_makes_one_resource_per_item),
		cmocka_unit_test(generated_members_take_the_place_of_the_loop),
		cmocka_unit_test(copies_of_the_body_point_at_the_body),
		cmocka_unit_test(collection_from_a_list_parameter_default_is_trimmed),
		cmocka_unit_test(collection_from_an_override_wins_over_the_default),
		cmocka_unit_test(nested_loops_bind_both_identifiers),
		cmocka_unit_test(outputs_and_conditions_loop_too),
		cmocka_unit_test(ampersand_form_drops_non_alphanumeric_characters),
		cmocka_unit_test(loop_inside_properties_makes_properties),
		cmocka_unit_test(empty_collection_makes_nothing_and_numbers_become_text),
		cmocka_unit_test(length_counts_lists_and_list_parameters),
		cmocka_unit_test(to_json_string_prints_compact_json),
		cmocka_unit_test(to_json_string_joins_values_known_at_deployment),
		cmocka_unit_test(find_in_map_default_value),
		cmocka_unit_test(find_in_map_keys_from_functions),
		cmocka_unit_test(policies_resolve_if_ref_and_find_in_map),
		cmocka_unit_test(update_replace_policy_from_a_parameter),
		cmocka_unit_test(policy_errors),
		cmocka_unit_test(transform_name_is_removed),
		cmocka_unit_test(template_without_the_transform_is_untouched),
		cmocka_unit_test(foreach_layout_errors),
		cmocka_unit_test(foreach_collection_must_be_a_list_parameter),
		cmocka_unit_test(foreach_name_collisions),
		cmocka_unit_test(foreach_generated_keys_must_be_alphanumeric_and_unique),
		cmocka_unit_test(foreach_only_in_its_sections_and_five_deep),
		cmocka_unit_test(function_errors),
		cmocka_unit_test(sam_functions_made_by_a_loop_are_transformed),
		cmocka_unit_test(language_extensions_alone_gives_the_expanded_template),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
