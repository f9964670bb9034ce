/* test_yaml_emit.c — YAML output: exact text for small documents (short tags, quoting, numbers)
 * and round trips through a libyaml event reader and through samc_yaml_load. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "doc/doc.h"
#include "util/buf.h"
#include "yaml/emit.h"
#include "yaml/load.h"

/* ---- documents ---- */

static const char TEMPLATE_JSON[] =
	"{\"AWSTemplateFormatVersion\": \"2010-09-09\","
	" \"Transform\": \"AWS::Serverless-2016-10-31\","
	" \"Parameters\": {\"Stage\": {\"Type\": \"String\", \"AllowedValues\": [\"dev\", \"prod\"]}},"
	" \"Conditions\": {\"IsProd\": {\"Fn::Equals\": [{\"Ref\": \"Stage\"}, \"prod\"]}},"
	" \"Resources\": {\"Fn\": {\"Type\": \"AWS::Serverless::Function\", \"Condition\": \"IsProd\","
	"  \"Properties\": {\"InlineCode\": \"exports.handler = async () => 1;\\n\","
	"   \"Handler\": \"index.handler\", \"MemorySize\": 128, \"Timeout\": 2.5,"
	"   \"Role\": {\"Fn::GetAtt\": [\"Role\", \"Arn\"]},"
	"   \"Environment\": {\"Variables\": {\"TABLE\": {\"Fn::Sub\": \"${AWS::StackName}-t\"},"
	"    \"DEBUG\": \"true\", \"CODE\": \"0123\"}},"
	"   \"Layers\": [{\"Fn::Join\": [\":\", [\"arn:aws:lambda\", {\"Ref\": \"AWS::Region\"}, \"layer\"]]}],"
	"   \"Tags\": {}, \"Events\": []}}},"
	" \"Outputs\": {\"Name\": {\"Value\": {\"Fn::Sub\": [\"${A}-x\", {\"A\": {\"Ref\": \"Stage\"}}]},"
	"  \"Condition\": \"IsProd\"}}}";

static const char TEMPLATE_YAML[] =
	"AWSTemplateFormatVersion: '2010-09-09'\n"
	"Transform: AWS::Serverless-2016-10-31\n"
	"Parameters:\n"
	"  Stage:\n"
	"    Type: String\n"
	"    AllowedValues:\n"
	"    - dev\n"
	"    - prod\n"
	"Conditions:\n"
	"  IsProd: !Equals\n"
	"  - !Ref Stage\n"
	"  - prod\n"
	"Resources:\n"
	"  Fn:\n"
	"    Type: AWS::Serverless::Function\n"
	"    Condition: IsProd\n"
	"    Properties:\n"
	"      InlineCode: |\n"
	"        exports.handler = async () => 1;\n"
	"      Handler: index.handler\n"
	"      MemorySize: 128\n"
	"      Timeout: 2.5\n"
	"      Role: !GetAtt Role.Arn\n"
	"      Environment:\n"
	"        Variables:\n"
	"          TABLE: !Sub ${AWS::StackName}-t\n"
	"          DEBUG: 'true'\n"
	"          CODE: '0123'\n"
	"      Layers:\n"
	"      - !Join\n"
	"        - ':'\n"
	"        - - arn:aws:lambda\n"
	"          - !Ref AWS::Region\n"
	"          - layer\n"
	"      Tags: {}\n"
	"      Events: []\n"
	"Outputs:\n"
	"  Name:\n"
	"    Value: !Sub\n"
	"    - ${A}-x\n"
	"    - A: !Ref Stage\n"
	"    Condition: IsProd\n";

/* Strings a plain scalar would not carry, and some it would. */
static const char *const ODD_STRINGS[] = {
	"", "yes", "No", "on", "OFF", "y", "true", "null", "~", "123", "-7", "0x1F", "0o17", "010",
	"1.5", "1e3", ".inf", "-.Inf", ".NaN", "12:30", "190:20:30.15", "2010-09-09",
	"2001-12-14t21:59:43.10-05:00", "1_000", "<<", "=", "-x", "- x", "-", "? x", ":x", "x:",
	"a: b", "a #b", "#c", ",", "[a]", "{a}", "&a", "*a", "!Ref x", "|", ">", "'q'", "\"q\"",
	"%x", "@x", "`x", "---", "...", " lead", "trail ", "it's", "tab\there", "bell\x07",
	"del\x7f", "nel\xC2\x85", "bom\xEF\xBB\xBF", "cr\rlf", "crlf\r\n", "ls\xE2\x80\xA8",
	"multi\nline", "keep\n\n", "trailing\n", "\n", "\nlead break", " lead space\nx",
	"space \nbreak", "AWS::Region", "arn:aws:s3:::bucket/*", "${AWS::StackName}-x",
	"plain text", "caf\xC3\xA9", "smile \xF0\x9F\x98\x80", "0.0.0.0/0", "a,b", "x-1",
};

static const char ODD_STRINGS_YAML[] =
	"- ''\n- 'yes'\n- 'No'\n- 'on'\n- 'OFF'\n- 'y'\n- 'true'\n- 'null'\n- '~'\n- '123'\n"
	"- '-7'\n- '0x1F'\n- '0o17'\n- '010'\n- '1.5'\n- '1e3'\n- '.inf'\n- '-.Inf'\n- '.NaN'\n"
	"- '12:30'\n- '190:20:30.15'\n- '2010-09-09'\n- '2001-12-14t21:59:43.10-05:00'\n"
	"- '1_000'\n- '<<'\n- '='\n- '-x'\n- '- x'\n- '-'\n- '? x'\n- ':x'\n- 'x:'\n- 'a: b'\n"
	"- 'a #b'\n- '#c'\n- ','\n- '[a]'\n- '{a}'\n- '&a'\n- '*a'\n- '!Ref x'\n- '|'\n- '>'\n"
	"- '''q'''\n- '\"q\"'\n- '%x'\n- '@x'\n- '`x'\n- '---'\n- '...'\n- ' lead'\n- 'trail '\n"
	"- it's\n- \"tab\\there\"\n- \"bell\\a\"\n- \"del\\x7F\"\n- \"nel\\N\"\n- \"bom\\uFEFF\"\n"
	"- \"cr\\rlf\"\n- \"crlf\\r\\n\"\n- \"ls\\L\"\n"
	"- |-\n  multi\n  line\n- |+\n  keep\n\n- |\n  trailing\n- |2+\n\n- |2-\n\n  lead break\n"
	"- |2-\n   lead space\n  x\n- \"space \\nbreak\"\n- AWS::Region\n- arn:aws:s3:::bucket/*\n"
	"- ${AWS::StackName}-x\n- plain text\n- caf\xC3\xA9\n- \"smile \\U0001F600\"\n- 0.0.0.0/0\n"
	"- a,b\n- x-1\n";

static const char INTRINSICS_JSON[] =
	"{\"ref\": {\"Ref\": \"A\"}, \"cond\": {\"Condition\": \"C\"},"
	" \"refnum\": {\"Ref\": 5}, \"subnull\": {\"Fn::Sub\": null},"
	" \"getatt\": {\"Fn::GetAtt\": [\"A\", \"B.C\"]},"
	" \"dotted\": {\"Fn::GetAtt\": [\"A.b\", \"c\"]},"
	" \"getattstr\": {\"Fn::GetAtt\": \"A.b\"},"
	" \"getattref\": {\"Fn::GetAtt\": [\"A\", {\"Ref\": \"X\"}]},"
	" \"fnref\": {\"Fn::Ref\": \"x\"}, \"foreach\": {\"Fn::ForEach::L\": [\"x\", [\"a\"], {}]},"
	" \"transform\": {\"Fn::Transform\": {\"Name\": \"AWS::Include\"}},"
	" \"emptysub\": {\"Fn::Sub\": \"\"}, \"select\": {\"Fn::Select\": []},"
	" \"twokeys\": {\"Ref\": \"x\", \"Other\": 1},"
	" \"base64\": {\"Fn::Base64\": \"#!/bin/bash\\necho hi\\n\"},"
	" \"nested\": {\"Fn::Join\": [\"\", [{\"Fn::Sub\": \"a'b\"}, {\"Fn::If\": [\"C\","
	"  {\"Ref\": \"AWS::NoValue\"}, {\"Fn::GetAZs\": \"\"}]}]]}}";

static const char INTRINSICS_YAML[] =
	"ref: !Ref A\n"
	"cond: !Condition C\n"
	"refnum:\n  Ref: 5\n"
	"subnull:\n  Fn::Sub: null\n"
	"getatt: !GetAtt A.B.C\n"
	"dotted: !GetAtt\n- A.b\n- c\n"
	"getattstr:\n  Fn::GetAtt: A.b\n"
	"getattref: !GetAtt\n- A\n- !Ref X\n"
	"fnref:\n  Fn::Ref: x\n"
	"foreach:\n  Fn::ForEach::L:\n  - x\n  - - a\n  - {}\n"
	"transform: !Transform\n  Name: AWS::Include\n"
	"emptysub: !Sub ''\n"
	"select: !Select []\n"
	"twokeys:\n  Ref: x\n  Other: 1\n"
	"base64: !Base64 |\n  #!/bin/bash\n  echo hi\n"
	"nested: !Join\n- ''\n- - !Sub a'b\n  - !If\n    - C\n    - !Ref AWS::NoValue\n"
	"    - !GetAZs ''\n";

static cJSON *numbers_and_constants(void)
{
	cJSON *a = cJSON_CreateArray();
	static const char *const texts[] = {"1e-05", "1e+16", "-0.0", "NaN", "Infinity", "-Infinity",
					    "123456789012345678901234567890", "0.5", "-3", "1E5"};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		cJSON_AddItemToArray(a, samc_number_new(texts[i], strtod(texts[i], NULL)));
	cJSON_AddItemToArray(a, cJSON_CreateNumber(2.25));
	cJSON_AddItemToArray(a, cJSON_CreateTrue());
	cJSON_AddItemToArray(a, cJSON_CreateFalse());
	cJSON_AddItemToArray(a, cJSON_CreateNull());
	return a;
}

static const char NUMBERS_YAML[] =
	"- 1.0e-05\n- 1.0e+16\n- -0.0\n- .nan\n- .inf\n- -.inf\n- 123456789012345678901234567890\n"
	"- 0.5\n- -3\n- 1.0E+5\n- 2.25\n- true\n- false\n- null\n";

static cJSON *odd_strings(void)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < sizeof(ODD_STRINGS) / sizeof(ODD_STRINGS[0]); i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(ODD_STRINGS[i]));
	return a;
}

/* Every document above in one, with odd strings as keys too. */
static cJSON *everything(void)
{
	cJSON *doc = cJSON_Parse(TEMPLATE_JSON);
	cJSON_AddItemToObject(doc, "Intrinsics", cJSON_Parse(INTRINSICS_JSON));
	cJSON_AddItemToObject(doc, "Numbers", numbers_and_constants());
	cJSON_AddItemToObject(doc, "Strings", odd_strings());
	cJSON *keys = cJSON_AddObjectToObject(doc, "Keys");
	for (size_t i = 0; i < sizeof(ODD_STRINGS) / sizeof(ODD_STRINGS[0]); i++)
		cJSON_AddItemToObject(keys, ODD_STRINGS[i], odd_strings());
	cJSON *deep = cJSON_CreateArray();
	cJSON_AddItemToArray(cJSON_AddArrayToObject(doc, "Deep"), deep);
	cJSON_AddItemToArray(deep, cJSON_CreateArray());
	cJSON_AddItemToArray(deep, cJSON_CreateObject());
	cJSON_AddItemToArray(deep, cJSON_Parse("[[\"a\", {\"b\": [[], \"multi\\nline\"]}]]"));
	return doc;
}

static char *emit(const cJSON *doc)
{
	samc_buf b = SAMC_BUF_INIT;
	samc_yaml_emit(&b, doc);
	return samc_buf_detach(&b);
}

static void assert_yaml(const cJSON *doc, const char *expected)
{
	char *text = emit(doc);
	assert_non_null(text);
	assert_string_equal(text, expected);
	free(text);
}

static void assert_json_yaml(const char *json, const char *expected)
{
	cJSON *doc = cJSON_Parse(json);
	assert_non_null(doc);
	assert_yaml(doc, expected);
	cJSON_Delete(doc);
}

/* ---- a reader of the emitted YAML: libyaml events, PyYAML's types for plain text ---- */

static bool is_one_of(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (strcmp(s, *words) == 0)
			return true;
	return false;
}

static const char *const TRUE_WORDS[] = {"true", "True", "TRUE", "yes", "Yes", "YES",
					 "on", "On", "ON", NULL};
static const char *const FALSE_WORDS[] = {"false", "False", "FALSE", "no", "No", "NO",
					  "off", "Off", "OFF", NULL};
static const char *const NULL_WORDS[] = {"", "~", "null", "Null", "NULL", NULL};

static bool looks_numeric(const char *s)
{
	static const char *const specials[] = {".inf", "-.inf", "+.inf", ".nan", NULL};
	if (is_one_of(s, specials))
		return true;
	char *end;
	strtod(s, &end);
	return *s && *end == '\0' && strpbrk(s, "0123456789") && !strpbrk(s, "xXnN");
}

static double yaml_float_value(const char *s)
{
	if (strcmp(s, ".nan") == 0)
		return NAN;
	if (strcmp(s, ".inf") == 0 || strcmp(s, "+.inf") == 0)
		return INFINITY;
	if (strcmp(s, "-.inf") == 0)
		return -INFINITY;
	return strtod(s, NULL);
}

static cJSON *plain_scalar(const char *s)
{
	if (is_one_of(s, TRUE_WORDS))
		return cJSON_CreateTrue();
	if (is_one_of(s, FALSE_WORDS))
		return cJSON_CreateFalse();
	if (is_one_of(s, NULL_WORDS))
		return cJSON_CreateNull();
	if (looks_numeric(s))
		return samc_number_new(s, yaml_float_value(s));
	return cJSON_CreateString(s);
}

/* {"Ref": v}, {"Condition": v} or {"Fn::Name": v} for !Name; a scalar !GetAtt splits at '.' */
static cJSON *long_form(const char *tag, cJSON *v)
{
	const char *name = tag + 1;
	if (strcmp(name, "GetAtt") == 0 && cJSON_IsString(v)) {
		char *dot = strchr(v->valuestring, '.');
		cJSON *parts = cJSON_CreateArray();
		if (dot)
			*dot = '\0';
		cJSON_AddItemToArray(parts, cJSON_CreateString(v->valuestring));
		if (dot)
			cJSON_AddItemToArray(parts, cJSON_CreateString(dot + 1));
		cJSON_Delete(v);
		v = parts;
	}
	cJSON *o = cJSON_CreateObject();
	bool bare = strcmp(name, "Ref") == 0 || strcmp(name, "Condition") == 0;
	samc_buf key = SAMC_BUF_INIT;
	samc_buf_printf(&key, "%s%s", bare ? "" : "Fn::", name);
	cJSON_AddItemToObject(o, samc_buf_cstr(&key), v);
	samc_buf_free(&key);
	return o;
}

static cJSON *read_node(yaml_parser_t *p, yaml_event_t *ev);

static cJSON *read_items(yaml_parser_t *p, cJSON *c, bool mapping, yaml_event_type_t end)
{
	for (;;) {
		yaml_event_t ev;
		assert_true(yaml_parser_parse(p, &ev));
		if (ev.type == end) {
			yaml_event_delete(&ev);
			return c;
		}
		cJSON *item = read_node(p, &ev);
		if (!mapping) {
			cJSON_AddItemToArray(c, item);
			continue;
		}
		assert_true(cJSON_IsString(item));
		assert_true(yaml_parser_parse(p, &ev));
		cJSON_AddItemToObject(c, item->valuestring, read_node(p, &ev));
		cJSON_Delete(item);
	}
}

/* Builds the node ev starts (and deletes ev). */
static cJSON *read_node(yaml_parser_t *p, yaml_event_t *ev)
{
	cJSON *v;
	char tag[80] = "";
	if (ev->type == YAML_SCALAR_EVENT) {
		if (ev->data.scalar.tag)
			snprintf(tag, sizeof(tag), "%s", (const char *)ev->data.scalar.tag);
		const char *text = (const char *)ev->data.scalar.value;
		bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !*tag;
		v = plain ? plain_scalar(text) : cJSON_CreateString(text);
		yaml_event_delete(ev);
	} else if (ev->type == YAML_SEQUENCE_START_EVENT) {
		if (ev->data.sequence_start.tag)
			snprintf(tag, sizeof(tag), "%s", (const char *)ev->data.sequence_start.tag);
		yaml_event_delete(ev);
		v = read_items(p, cJSON_CreateArray(), false, YAML_SEQUENCE_END_EVENT);
	} else {
		assert_int_equal(ev->type, YAML_MAPPING_START_EVENT);
		if (ev->data.mapping_start.tag)
			snprintf(tag, sizeof(tag), "%s", (const char *)ev->data.mapping_start.tag);
		yaml_event_delete(ev);
		v = read_items(p, cJSON_CreateObject(), true, YAML_MAPPING_END_EVENT);
	}
	return *tag == '!' ? long_form(tag, v) : v;
}

static void expect_event(yaml_parser_t *p, yaml_event_type_t type)
{
	yaml_event_t ev;
	assert_true(yaml_parser_parse(p, &ev));
	assert_int_equal(ev.type, type);
	yaml_event_delete(&ev);
}

static cJSON *read_yaml(const char *text)
{
	yaml_parser_t p;
	yaml_event_t ev;
	assert_true(yaml_parser_initialize(&p));
	yaml_parser_set_input_string(&p, (const unsigned char *)text, strlen(text));
	expect_event(&p, YAML_STREAM_START_EVENT);
	expect_event(&p, YAML_DOCUMENT_START_EVENT);
	assert_true(yaml_parser_parse(&p, &ev));
	cJSON *root = read_node(&p, &ev);
	expect_event(&p, YAML_DOCUMENT_END_EVENT);
	expect_event(&p, YAML_STREAM_END_EVENT);
	yaml_parser_delete(&p);
	return root;
}

/* ---- comparing documents ---- */

static bool same_number(const cJSON *a, const cJSON *b)
{
	double x = a->valuedouble, y = b->valuedouble;
	if (samc_number_is_int(a) != samc_number_is_int(b))
		return false;
	if (isnan(x) || isnan(y))
		return isnan(x) && isnan(y);
	return x == y && signbit(x) == signbit(y);
}

static bool same_document(const cJSON *a, const cJSON *b)
{
	if ((a->type & 0xFF) != (b->type & 0xFF))
		return false;
	if (cJSON_IsNumber(a))
		return same_number(a, b);
	if (cJSON_IsString(a))
		return strcmp(a->valuestring, b->valuestring) == 0;
	const cJSON *x = a->child, *y = b->child;
	for (; x && y; x = x->next, y = y->next) {
		if (cJSON_IsObject(a) && strcmp(x->string, y->string) != 0)
			return false;
		if (!same_document(x, y))
			return false;
	}
	return !x && !y;
}

/* ---- tests ---- */

static void template_golden(void **state)
{
	(void)state;
	assert_json_yaml(TEMPLATE_JSON, TEMPLATE_YAML);
}

static void strings_are_quoted_when_plain_would_change_them(void **state)
{
	(void)state;
	cJSON *a = odd_strings();
	assert_yaml(a, ODD_STRINGS_YAML);
	cJSON_Delete(a);
}

static void intrinsics_use_short_tags_when_they_load_back(void **state)
{
	(void)state;
	assert_json_yaml(INTRINSICS_JSON, INTRINSICS_YAML);
}

static void numbers_use_yaml_1_1_spellings(void **state)
{
	(void)state;
	cJSON *a = numbers_and_constants();
	assert_yaml(a, NUMBERS_YAML);
	cJSON_Delete(a);
}

static void scalars_and_empty_collections_at_the_root(void **state)
{
	(void)state;
	assert_json_yaml("{}", "{}\n");
	assert_json_yaml("[]", "[]\n");
	assert_json_yaml("\"text\"", "text\n");
	assert_json_yaml("\"yes\"", "'yes'\n");
	assert_json_yaml("true", "true\n");
	assert_json_yaml("{\"Ref\": \"X\"}", "!Ref X\n");
	assert_yaml(NULL, "null\n");
}

/* libyaml ends such a stream with "..."; the output never has it */
static void keep_chomping_at_the_end_has_no_document_end_marker(void **state)
{
	(void)state;
	assert_json_yaml("{\"a\": \"x\\n\\n\"}", "a: |+\n  x\n\n");
	assert_json_yaml("\"x\\n\\n\"", "|+\n  x\n\n");
}

static void raw_nodes_are_written_as_their_json_value(void **state)
{
	(void)state;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddRawToObject(o, "r", "{\"x\": [1, \"yes\"]}");
	cJSON_AddRawToObject(o, "bad", "not json");
	assert_yaml(o, "r:\n  x:\n  - 1\n  - 'yes'\nbad: not json\n");
	cJSON_Delete(o);
}

static void invalid_utf8_is_replaced(void **state)
{
	(void)state;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "k\xFF", "a\xC3" "b\xED\xA0\x80");
	assert_yaml(o, "k\xEF\xBF\xBD: a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\n");
	cJSON_Delete(o);
}

static void appends_to_the_buffer(void **state)
{
	(void)state;
	samc_buf b = SAMC_BUF_INIT;
	samc_buf_puts(&b, "# head\n");
	cJSON *v = cJSON_CreateString("x\n\n");
	samc_yaml_emit(&b, v);
	assert_string_equal(samc_buf_cstr(&b), "# head\n|+\n  x\n\n");
	cJSON_Delete(v);
	samc_buf_free(&b);
}

static void output_is_deterministic(void **state)
{
	(void)state;
	cJSON *doc = everything();
	char *first = emit(doc), *second = emit(doc);
	assert_string_equal(first, second);
	free(first);
	free(second);
	cJSON_Delete(doc);
}

static void round_trips_through_libyaml_events(void **state)
{
	(void)state;
	cJSON *doc = everything();
	char *text = emit(doc);
	assert_non_null(text);
	cJSON *back = read_yaml(text);
	assert_true(same_document(doc, back));
	cJSON_Delete(back);
	free(text);
	cJSON_Delete(doc);
}

/* Whether samc_yaml_load is the real loader yet (it started as a stub returning null). */
static bool loader_is_real(void)
{
	cJSON *root = NULL;
	samc_posmap pos = {0};
	int rc = samc_yaml_load("a: 1\n", 5, NULL, NULL, &root, &pos, NULL);
	bool real = rc == 0 && cJSON_IsObject(root);
	cJSON_Delete(root);
	samc_posmap_free(&pos);
	return real;
}

static void round_trips_through_samc_yaml_load(void **state)
{
	(void)state;
	if (!loader_is_real())
		skip();
	cJSON *doc = everything();
	char *text = emit(doc);
	assert_non_null(text);
	cJSON *back = NULL;
	samc_posmap pos = {0};
	samc_error *err = NULL;
	int rc = samc_yaml_load(text, strlen(text), "emitted.yaml", NULL, &back, &pos, &err);
	if (rc)
		fail_msg("%s", samc_error_message(err));
	assert_true(same_document(doc, back));
	cJSON_Delete(back);
	samc_posmap_free(&pos);
	free(text);
	cJSON_Delete(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(template_golden),
		cmocka_unit_test(strings_are_quoted_when_plain_would_change_them),
		cmocka_unit_test(intrinsics_use_short_tags_when_they_load_back),
		cmocka_unit_test(numbers_use_yaml_1_1_spellings),
		cmocka_unit_test(scalars_and_empty_collections_at_the_root),
		cmocka_unit_test(keep_chomping_at_the_end_has_no_document_end_marker),
		cmocka_unit_test(raw_nodes_are_written_as_their_json_value),
		cmocka_unit_test(invalid_utf8_is_replaced),
		cmocka_unit_test(appends_to_the_buffer),
		cmocka_unit_test(output_is_deterministic),
		cmocka_unit_test(round_trips_through_libyaml_events),
		cmocka_unit_test(round_trips_through_samc_yaml_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
