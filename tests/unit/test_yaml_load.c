/* test_yaml_load.c — the YAML/JSON loader: PyYAML scalar rules, short tags, merge keys,
 * aliases, duplicate keys, positions, limits and error messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "doc/doc.h"
#include "util/buf.h"
#include "yaml/load.h"

/* ---- helpers ---- */

typedef struct loaded {
	int rc;
	cJSON *root;
	samc_posmap pos;
	samc_error *err;
} loaded;

static loaded load_n(const char *text, size_t len, const char *name, const samc_load_options *opts)
{
	loaded l = {0};
	l.rc = samc_yaml_load(text, len, name, opts, &l.root, &l.pos, &l.err);
	return l;
}

static loaded load(const char *text)
{
	return load_n(text, strlen(text), NULL, NULL);
}

static void loaded_free(loaded *l)
{
	cJSON_Delete(l->root);
	samc_posmap_free(&l->pos);
	samc_error_free(l->err);
}

/* Compact JSON with numbers printed from their exact text (valuestring). */
static void dump_into(samc_buf *b, const cJSON *v)
{
	if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
		bool obj = cJSON_IsObject(v);
		samc_buf_putc(b, obj ? '{' : '[');
		for (const cJSON *c = v->child; c; c = c->next) {
			if (obj)
				samc_buf_printf(b, "\"%s\":", c->string);
			dump_into(b, c);
			if (c->next)
				samc_buf_putc(b, ',');
		}
		samc_buf_putc(b, obj ? '}' : ']');
	} else if (cJSON_IsNumber(v)) {
		samc_buf_puts(b, v->valuestring ? v->valuestring : "<no text>");
	} else if (cJSON_IsString(v)) {
		char *s = cJSON_PrintUnformatted(v);
		samc_buf_puts(b, s);
		free(s);
	} else {
		samc_buf_puts(b, cJSON_IsTrue(v) ? "true" : cJSON_IsFalse(v) ? "false" : "null");
	}
}

static char *dump(const cJSON *v)
{
	samc_buf b = SAMC_BUF_INIT;
	dump_into(&b, v);
	return samc_buf_detach(&b);
}

static void assert_loads_as(const char *yaml, const char *expected)
{
	loaded l = load(yaml);
	if (l.rc)
		fail_msg("loading %s failed: %s", yaml, samc_error_message(l.err));
	char *got = dump(l.root);
	if (strcmp(got, expected) != 0)
		fail_msg("loading %s gave %s, expected %s", yaml, got, expected);
	free(got);
	loaded_free(&l);
}

static void assert_fails_with(const char *yaml, int code, const char *message)
{
	loaded l = load(yaml);
	if (l.rc != code)
		fail_msg("loading %s returned %d, expected %d", yaml, l.rc, code);
	assert_null(l.root);
	const char *msg = samc_error_message(l.err);
	if (!strstr(msg, message))
		fail_msg("loading %s: message '%s' lacks '%s'", yaml, msg, message);
	loaded_free(&l);
}

typedef struct scalar_case {
	const char *text;     /* a plain scalar */
	const char *expected; /* its compact JSON: "x" string, bare number, true/false/null */
} scalar_case;

static void assert_scalar_table(const scalar_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char yaml[128], expected[160];
		snprintf(yaml, sizeof(yaml), "- %s", cases[i].text);
		snprintf(expected, sizeof(expected), "[%s]", cases[i].expected);
		assert_loads_as(yaml, expected);
	}
}

static const cJSON *at_path(const cJSON *v, const char *path)
{
	/* "a/0/b": object keys and array indexes separated by '/' */
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *part = strtok(buf, "/"); part && v; part = strtok(NULL, "/"))
		v = cJSON_IsArray(v) ? cJSON_GetArrayItem(v, atoi(part))
				     : cJSON_GetObjectItemCaseSensitive(v, part);
	if (!v)
		fail_msg("no node at %s", path);
	return v;
}

static void assert_pos(const loaded *l, const char *path, unsigned line, unsigned col)
{
	const cJSON *v = path[0] ? at_path(l->root, path) : l->root;
	samc_pos p;
	if (!samc_posmap_get(&l->pos, v, &p))
		fail_msg("no position for %s", path);
	if (p.line != line || p.column != col)
		fail_msg("%s is at %u:%u, expected %u:%u", path, p.line, p.column, line, col);
}

/* ---- scalars ---- */

static void plain_scalars_resolve_like_pyyaml(void **state)
{
	(void)state;
	static const scalar_case cases[] = {
		/* bool: exact spellings only */
		{"yes", "true"}, {"Yes", "true"}, {"YES", "true"}, {"no", "false"}, {"No", "false"},
		{"NO", "false"}, {"true", "true"}, {"True", "true"}, {"TRUE", "true"},
		{"false", "false"}, {"False", "false"}, {"FALSE", "false"}, {"on", "true"},
		{"On", "true"}, {"ON", "true"}, {"off", "false"}, {"Off", "false"}, {"OFF", "false"},
		{"y", "\"y\""}, {"n", "\"n\""}, {"Y", "\"Y\""}, {"tRue", "\"tRue\""}, {"oN", "\"oN\""},
		{"falsey", "\"falsey\""}, {"yesno", "\"yesno\""}, {"Type", "\"Type\""}, {"onn", "\"onn\""},
		/* null */
		{"~", "null"}, {"null", "null"}, {"Null", "null"}, {"NULL", "null"}, {"", "null"},
		{"nULL", "\"nULL\""}, {"nulls", "\"nulls\""}, {"~~", "\"~~\""},
		/* decimal ints, underscores, signs */
		{"0", "0"}, {"-0", "0"}, {"+0", "0"}, {"123", "123"}, {"+12", "12"}, {"-17", "-17"},
		{"1_000", "1000"}, {"-1_2", "-12"}, {"1__", "1"},
		/* octal: a leading 0; 8 and 9 make it no number at all */
		{"007", "7"}, {"0_0", "0"}, {"0_7", "7"}, {"-007", "-7"}, {"010", "8"},
		{"08", "\"08\""}, {"09", "\"09\""}, {"0o7", "\"0o7\""},
		/* binary and hex */
		{"0b101", "5"}, {"-0b1_0", "-2"}, {"0b2", "\"0b2\""}, {"0b", "\"0b\""},
		{"0xFF", "255"}, {"0xff_ff", "65535"}, {"-0x1", "-1"}, {"+0x10", "16"},
		{"0x1_F", "31"}, {"0x", "\"0x\""}, {"0XFF", "\"0XFF\""},
		/* base 60 */
		{"190:20:30", "685230"}, {"12:30", "750"}, {"-1:00", "-60"}, {"1:5", "65"},
		{"1:05:59", "3959"}, {"1:60", "\"1:60\""}, {"0:30", "\"0:30\""},
		{"01:30", "\"01:30\""}, {"1:2:3:4", "223384"},
		/* exponents need a dot and a sign: these are strings */
		{"1e3", "\"1e3\""}, {"1.0e3", "\"1.0e3\""}, {"1.e3", "\"1.e3\""},
		{"-.5", "\"-.5\""}, {"+.5", "\"+.5\""}, {"._5", "\"._5\""}, {"1.0e+0_1", "\"1.0e+0_1\""},
		/* timestamps stay strings */
		{"2010-09-09", "\"2010-09-09\""},
		{"2001-12-14t21:59:43.10-05:00", "\"2001-12-14t21:59:43.10-05:00\""},
		/* other text */
		{"a.b", "\"a.b\""}, {"hello world", "\"hello world\""}, {"1 2", "\"1 2\""},
	};
	assert_scalar_table(cases, sizeof(cases) / sizeof(cases[0]));
}

/* Depends on samc_float_repr (Python repr text). */
static void float_scalars_resolve_like_pyyaml(void **state)
{
	(void)state;
	static const scalar_case cases[] = {
		{"1.0e+3", "1000.0"},        {"1.0E-3", "0.001"},      {"3.", "3.0"},
		{".5", "0.5"},               {"1_0.5", "10.5"},        {"190:20:30.15", "685230.15"},
		{"1:30.", "90.0"},           {"-1:30.5", "-90.5"},     {".inf", "Infinity"},
		{"-.inf", "-Infinity"},      {"+.inf", "Infinity"},    {".Inf", "Infinity"},
		{".INF", "Infinity"},        {".nan", "NaN"},          {".NaN", "NaN"},
		{".NAN", "NaN"},             {"-.nan", "\"-.nan\""},   {".5e+3", "500.0"},
		{"1._", "1.0"},              {"0.", "0.0"},            {"-0.0", "-0.0"},
		{"0.1", "0.1"},              {"1.5e+400", "Infinity"}, {"-1.5e+400", "-Infinity"},
		{"10000000000000000.0", "1e+16"}, {"0.0001", "0.0001"}, {"0.00001", "1e-05"},
		{"1.0e+01", "10.0"},         {".1_2", "0.12"},
	};
	assert_scalar_table(cases, sizeof(cases) / sizeof(cases[0]));
	loaded l = load("- 2.5\n- .inf\n- -.inf\n- .nan");
	assert_int_equal(l.rc, 0);
	assert_true(cJSON_GetArrayItem(l.root, 0)->valuedouble == 2.5);
	assert_true(isinf(cJSON_GetArrayItem(l.root, 1)->valuedouble));
	assert_true(cJSON_GetArrayItem(l.root, 2)->valuedouble < 0);
	assert_true(isnan(cJSON_GetArrayItem(l.root, 3)->valuedouble));
	loaded_free(&l);
}

static void quoted_and_block_scalars_stay_strings(void **state)
{
	(void)state;
	assert_loads_as("a: '1'\nb: \"true\"\nc: 'null'\nd: \"\"\ne: ''",
			"{\"a\":\"1\",\"b\":\"true\",\"c\":\"null\",\"d\":\"\",\"e\":\"\"}");
	assert_loads_as("a: |\n  123\nb: >\n  yes\n", "{\"a\":\"123\\n\",\"b\":\"yes\\n\"}");
	assert_loads_as("a: \"x\\ty\"", "{\"a\":\"x\\ty\"}");
}

static void big_integers_keep_exact_text(void **state)
{
	(void)state;
	loaded l = load("- 123456789012345678901234567890\n"
			"- 0xFFFFFFFFFFFFFFFFFFFF\n"
			"- -99999999999999999999999\n"
			"- 0b1111111111111111111111111111111111111111111111111111111111111111\n"
			"- 9007199254740993\n");
	assert_int_equal(l.rc, 0);
	const char *expected[] = {"123456789012345678901234567890", "1208925819614629174706175",
				  "-99999999999999999999999", "18446744073709551615",
				  "9007199254740993"};
	const double values[] = {123456789012345678901234567890.0, 1208925819614629174706175.0,
				 -99999999999999999999999.0, 18446744073709551615.0,
				 9007199254740992.0};
	for (int i = 0; i < 5; i++) {
		const cJSON *n = cJSON_GetArrayItem(l.root, i);
		assert_true(cJSON_IsNumber(n));
		assert_string_equal(n->valuestring, expected[i]);
		assert_true(n->valuedouble == values[i]);
	}
	loaded_free(&l);
	assert_loads_as("- 1000000000000:00:00", "[3600000000000000]");
}

static void huge_integers_hit_pythons_digit_limit(void **state)
{
	(void)state;
	samc_buf b = SAMC_BUF_INIT;
	samc_buf_puts(&b, "- ");
	for (int i = 0; i < 4300; i++)
		samc_buf_putc(&b, (char)('1' + i % 9));
	loaded l = load(samc_buf_cstr(&b));
	assert_int_equal(l.rc, 0);
	assert_int_equal(strlen(cJSON_GetArrayItem(l.root, 0)->valuestring), 4300);
	loaded_free(&l);
	samc_buf_putc(&b, '7');
	l = load(samc_buf_cstr(&b));
	assert_int_equal(l.rc, SAMC_ELIMIT);
	assert_non_null(strstr(samc_error_message(l.err), "more than 4300 digits"));
	loaded_free(&l);
	samc_buf_free(&b);
}

static void bad_implicit_ints_fail_like_pyyaml(void **state)
{
	(void)state;
	assert_fails_with("- 0b_", SAMC_EINVALID, "invalid literal for int() with base 2: ''");
	assert_fails_with("- 0x_", SAMC_EINVALID, "invalid literal for int() with base 16: ''");
}

/* ---- standard tags ---- */

static void standard_tags_force_types(void **state)
{
	(void)state;
	assert_loads_as("- !!str 123\n- !!str true\n- !!str\n- !!str ~",
			"[\"123\",\"true\",\"\",\"~\"]");
	assert_loads_as("- !!int '0x1F'\n- !!int \"1_000\"\n- !!int 0o17\n- !!int -0b11\n- !!int 1:100",
			"[31,1000,15,-3,160]");
	assert_loads_as("- !!bool tRuE\n- !!bool 'off'\n- !!bool YES", "[true,false,true]");
	assert_loads_as("- !!null foo\n- !!null ''", "[null,null]");
	assert_loads_as("- !!map {a: 1}\n- !!seq [1]", "[{\"a\":1},[1]]");
	assert_loads_as("- !!timestamp 2001-01-01\n- !!binary aGVsbG8=",
			"[\"2001-01-01\",\"aGVsbG8=\"]");
	assert_loads_as("- ! 123\n- ! '123'\n- ! {a: 1}", "[123,123,{\"a\":1}]");
}

/* Depends on samc_float_repr (Python repr text). */
static void standard_float_tag_forces_floats(void **state)
{
	(void)state;
	assert_loads_as("- !!float 1\n- !!float 1e3\n- !!float '1_0.5'\n- !!float inf\n- !!float -.nan",
			"[1.0,1000.0,10.5,Infinity,NaN]");
}

static void standard_tag_errors(void **state)
{
	(void)state;
	assert_fails_with("- !!int abc", SAMC_EINVALID,
			  "<input>:1:3: invalid literal for int() with base 10: 'abc'");
	assert_fails_with("- !!float abc", SAMC_EINVALID, "could not convert string to float: 'abc'");
	assert_fails_with("- !!bool 1", SAMC_EINVALID, "invalid boolean value '1'");
	assert_fails_with("- !!map [1]", SAMC_EINVALID, "expected a mapping node, but found sequence");
	assert_fails_with("- !!seq {a: 1}", SAMC_EINVALID,
			  "expected a sequence node, but found mapping");
	assert_fails_with("- !!str [1]", SAMC_EINVALID, "expected a scalar node, but found sequence");
	assert_fails_with("- !!set {a}", SAMC_EINVALID,
			  "could not determine a constructor for the tag 'tag:yaml.org,2002:set'");
	assert_fails_with("- !!foo x", SAMC_EINVALID,
			  "could not determine a constructor for the tag 'tag:yaml.org,2002:foo'");
	assert_fails_with("- !<tag:example.com,2000:x> y", SAMC_EINVALID,
			  "could not determine a constructor for the tag 'tag:example.com,2000:x'");
}

static void plain_equals_and_merge_values_have_no_constructor(void **state)
{
	(void)state;
	assert_fails_with("a: =", SAMC_EINVALID,
			  "<input>:1:4: could not determine a constructor for the tag "
			  "'tag:yaml.org,2002:value'");
	assert_fails_with("- <<", SAMC_EINVALID,
			  "could not determine a constructor for the tag 'tag:yaml.org,2002:merge'");
	assert_loads_as("=: 1\n'=': 2\nb: '='", "{\"=\":2,\"b\":\"=\"}");
}

/* ---- CloudFormation short tags ---- */

static void local_tags_become_intrinsics(void **state)
{
	(void)state;
	assert_loads_as("a: !Ref 123\nb: !Ref x", "{\"a\":{\"Ref\":\"123\"},\"b\":{\"Ref\":\"x\"}}");
	assert_loads_as("- !Condition c\n- !Sub 'a ${b}'\n- !Base64 yes\n- !Select '1'",
			"[{\"Condition\":\"c\"},{\"Fn::Sub\":\"a ${b}\"},{\"Fn::Base64\":\"yes\"},"
			"{\"Fn::Select\":\"1\"}]");
	assert_loads_as("- !If [c, 1, yes]\n- !Sub [x, {a: 1, b: !Ref r}]",
			"[{\"Fn::If\":[\"c\",1,true]},{\"Fn::Sub\":[\"x\",{\"a\":1,\"b\":{\"Ref\":\"r\"}}]}]");
	assert_loads_as("- !Ref {a: 1}\n- !FindInMap\n  - m\n  - k\n  - v",
			"[{\"Ref\":{\"a\":1}},{\"Fn::FindInMap\":[\"m\",\"k\",\"v\"]}]");
	assert_loads_as("- !<!Ref> x\n- !Ref", "[{\"Ref\":\"x\"},{\"Ref\":\"\"}]");
	assert_loads_as("%TAG !e! !my-\n---\n- !e!Thing x", "[{\"Fn::my-Thing\":\"x\"}]");
}

static void getatt_splits_at_first_dot(void **state)
{
	(void)state;
	assert_loads_as("- !GetAtt a.b.c\n- !GetAtt a\n- !GetAtt ''\n- !GetAtt r.Arn",
			"[{\"Fn::GetAtt\":[\"a\",\"b.c\"]},{\"Fn::GetAtt\":[\"a\"]},"
			"{\"Fn::GetAtt\":[\"\"]},{\"Fn::GetAtt\":[\"r\",\"Arn\"]}]");
	assert_loads_as("- !GetAtt [a, b.c]\n- !GetAtt .x",
			"[{\"Fn::GetAtt\":[\"a\",\"b.c\"]},{\"Fn::GetAtt\":[\"\",\"x\"]}]");
}

/* ---- mappings ---- */

static void duplicate_keys_keep_first_position_last_value(void **state)
{
	(void)state;
	assert_loads_as("a: 1\nb: 2\na: 3\nc: 4\nc: 5", "{\"a\":3,\"b\":2,\"c\":5}");
	assert_loads_as("{x: 1, x: [2], y: 3, x: {z: 4}}", "{\"x\":{\"z\":4},\"y\":3}");
}

static void keys_become_json_key_text(void **state)
{
	(void)state;
	assert_loads_as("true: 1\nno: 2\n~: 3\n0x10: 4\n007: 5\n? \n: 6\n'1x': 7\n-5: 8\nNo: 9",
			"{\"true\":1,\"false\":9,\"null\":6,\"16\":4,\"7\":5,\"1x\":7,\"-5\":8}");
	assert_loads_as("!!str 12: a\n!!int '13': b\n123456789012345678901234567890: c",
			"{\"12\":\"a\",\"13\":\"b\",\"123456789012345678901234567890\":\"c\"}");
}

/* Depends on samc_float_repr (Python repr text). */
static void float_keys_become_repr_text(void **state)
{
	(void)state;
	assert_loads_as("1.5: a\n.inf: b\n-.inf: c\n.nan: d\n1.0e+3: e",
			"{\"1.5\":\"a\",\"Infinity\":\"b\",\"-Infinity\":\"c\",\"NaN\":\"d\",\"1000.0\":\"e\"}");
}

static void unhashable_keys_are_rejected(void **state)
{
	(void)state;
	assert_fails_with("[a]: 1", SAMC_EINVALID, "<input>:1:1: found unhashable key");
	assert_fails_with("? {a: 1}\n: 2", SAMC_EINVALID, "<input>:1:3: found unhashable key");
	assert_fails_with("x: 1\n!Ref y: 1", SAMC_EINVALID, "<input>:2:1: found unhashable key");
	assert_fails_with("a: &s [1]\n*s : 2", SAMC_EINVALID, "<input>:2:1: found unhashable key");
}

static void merge_keys_order_and_precedence(void **state)
{
	(void)state;
	/* list: later mappings' keys come first, earlier mappings win; explicit keys win */
	assert_loads_as("x: &a {a: 1, b: 2}\ny: &b {b: 3, c: 4}\nz:\n  <<: [*a, *b]\n  d: 5\n  a: 9",
			"{\"x\":{\"a\":1,\"b\":2},\"y\":{\"b\":3,\"c\":4},"
			"\"z\":{\"b\":2,\"c\":4,\"a\":9,\"d\":5}}");
	/* explicit keys win even when written before the merge key */
	assert_loads_as("a: 0\n<<: {a: 1, c: 3}", "{\"a\":0,\"c\":3}");
	/* several merge keys: the later one wins */
	assert_loads_as("<<: {a: 1}\n<<: {a: 2, b: 1}", "{\"a\":2,\"b\":1}");
	/* merged mappings that merge themselves */
	assert_loads_as("a: &a {x: 1}\nb: &b {<<: *a, y: 2}\nc: {<<: [*b, {x: 5, w: 0}]}",
			"{\"a\":{\"x\":1},\"b\":{\"x\":1,\"y\":2},\"c\":{\"x\":1,\"w\":0,\"y\":2}}");
	/* a quoted "<<" is an ordinary key */
	assert_loads_as("\"<<\": {a: 1}", "{\"<<\":{\"a\":1}}");
	/* inside a sequence item */
	assert_loads_as("- &s {p: 1}\n- <<: *s\n  q: 2", "[{\"p\":1},{\"p\":1,\"q\":2}]");
}

static void merge_key_errors(void **state)
{
	(void)state;
	assert_fails_with("<<: 1", SAMC_EINVALID,
			  "<input>:1:5: expected a mapping or list of mappings for merging");
	assert_fails_with("<<: [{a: 1}, 2]", SAMC_EINVALID,
			  "<input>:1:14: expected a mapping or list of mappings for merging");
	assert_fails_with("<<: [[{a: 1}]]", SAMC_EINVALID,
			  "expected a mapping or list of mappings for merging, but found sequence");
}

/* ---- anchors and aliases ---- */

static void aliases_yield_independent_copies(void **state)
{
	(void)state;
	const char *yaml = "a: &x [1, {b: two}]\nc: *x\nd: &k key\ne: {*k : v}";
	assert_loads_as(yaml, "{\"a\":[1,{\"b\":\"two\"}],\"c\":[1,{\"b\":\"two\"}],\"d\":\"key\","
			      "\"e\":{\"key\":\"v\"}}");
	loaded l = load(yaml);
	const cJSON *a = at_path(l.root, "a"), *c = at_path(l.root, "c");
	assert_ptr_not_equal(a, c);
	assert_ptr_not_equal(a->child, c->child);
	assert_ptr_not_equal(at_path(l.root, "a/1"), at_path(l.root, "c/1"));
	loaded_free(&l);
	/* an anchored value later overwritten by a duplicate key still resolves */
	assert_loads_as("a: &x 1\na: 2\nb: *x", "{\"a\":2,\"b\":1}");
	/* aliases of aliases */
	assert_loads_as("a: &x {b: 1}\nc: &y [*x, *x]\nd: [*y, *y]",
			"{\"a\":{\"b\":1},\"c\":[{\"b\":1},{\"b\":1}],"
			"\"d\":[[{\"b\":1},{\"b\":1}],[{\"b\":1},{\"b\":1}]]}");
}

static void alias_errors(void **state)
{
	(void)state;
	assert_fails_with("a: *nope", SAMC_EINVALID, "<input>:1:4: found undefined alias 'nope'");
	assert_fails_with("a: &x [*x]", SAMC_EINVALID, "<input>:1:8: found recursive alias 'x'");
	assert_fails_with("a: &x 1\nb: &x 2", SAMC_EINVALID,
			  "<input>:2:4: found duplicate anchor 'x'; first occurrence at line 1, column 4");
}

/* ---- positions ---- */

static void positions_of_members_items_and_tags(void **state)
{
	(void)state;
	const char *yaml = "Key: value\n"               /* 1 */
			   "List:\n"                     /* 2 */
			   "  - item\n"                  /* 3 */
			   "  - !Ref target\n"           /* 4 */
			   "  -   {x: 1, y: [2, 3]}\n"   /* 5 */
			   "R:   !Ref thing\n"           /* 6 */
			   "G: !GetAtt r.Arn\n"          /* 7 */
			   "Map:\n"                      /* 8 */
			   "    Inner: 2\n"              /* 9 */
			   "Alias: &a {p: 1}\n"          /* 10 */
			   "Copy: *a\n";                 /* 11 */
	loaded l = load(yaml);
	assert_int_equal(l.rc, 0);
	assert_pos(&l, "", 1, 1);
	assert_pos(&l, "Key", 1, 1);
	assert_pos(&l, "List", 2, 1);
	assert_pos(&l, "List/0", 3, 5);
	assert_pos(&l, "List/1", 4, 5);
	assert_pos(&l, "List/1/Ref", 4, 5);
	assert_pos(&l, "List/2", 5, 7);
	assert_pos(&l, "List/2/x", 5, 8);
	assert_pos(&l, "List/2/y", 5, 14);
	assert_pos(&l, "List/2/y/1", 5, 21);
	assert_pos(&l, "R", 6, 1);
	assert_pos(&l, "R/Ref", 6, 6);
	assert_pos(&l, "G", 7, 1);
	assert_pos(&l, "G/Fn::GetAtt", 7, 4);
	assert_pos(&l, "G/Fn::GetAtt/1", 7, 4);
	assert_pos(&l, "Map", 8, 1);
	assert_pos(&l, "Map/Inner", 9, 5);
	assert_pos(&l, "Alias/p", 10, 12);
	assert_pos(&l, "Copy", 11, 1);
	assert_pos(&l, "Copy/p", 10, 12);
	loaded_free(&l);
}

static void positions_after_merges_and_duplicates(void **state)
{
	(void)state;
	loaded l = load("base: &b\n  x: 1\n  y: 2\nd:\n  <<: *b\n  y: 3\n  z: 4\n  z: 5\n");
	assert_int_equal(l.rc, 0);
	assert_pos(&l, "d/x", 2, 3);
	assert_pos(&l, "d/y", 6, 3);
	assert_pos(&l, "d/z", 8, 3);
	loaded_free(&l);
}

static void positions_with_crlf_and_json(void **state)
{
	(void)state;
	loaded l = load("a: 1\r\nb:\r\n  - x\r\n");
	assert_int_equal(l.rc, 0);
	assert_pos(&l, "b", 2, 1);
	assert_pos(&l, "b/0", 3, 5);
	loaded_free(&l);
	l = load("{\n  \"a\": {\n    \"b\": [1, 2]\n  }\n}");
	assert_int_equal(l.rc, 0);
	assert_pos(&l, "", 1, 1);
	assert_pos(&l, "a", 2, 3);
	assert_pos(&l, "a/b", 3, 5);
	assert_pos(&l, "a/b/1", 3, 14);
	loaded_free(&l);
}

/* ---- documents ---- */

static void empty_documents_are_null(void **state)
{
	(void)state;
	const char *empties[] = {"", "# only a comment\n", "---\n", "---\n...\n", "\n\n"};
	for (size_t i = 0; i < sizeof(empties) / sizeof(empties[0]); i++) {
		loaded l = load(empties[i]);
		assert_int_equal(l.rc, 0);
		assert_true(cJSON_IsNull(l.root));
		loaded_free(&l);
	}
	loaded l = load_n(NULL, 0, NULL, NULL);
	assert_int_equal(l.rc, 0);
	assert_true(cJSON_IsNull(l.root));
	loaded_free(&l);
}

static void multiple_documents_are_rejected(void **state)
{
	(void)state;
	assert_fails_with("a: 1\n---\nb: 2\n", SAMC_EINVALID,
			  "<input>:2:1: expected a single document in the stream");
	assert_fails_with("--- 1\n--- 2\n", SAMC_EINVALID, "expected a single document in the stream");
}

static void json_input_loads(void **state)
{
	(void)state;
	assert_loads_as("{\"a\": [1, 2.5, \"x\", true, null]}", "{\"a\":[1,2.5,\"x\",true,null]}");
	assert_loads_as("{\n  \"Resources\": {\n    \"F\": {\n      \"Type\": \"AWS::Serverless::Function\",\n"
			"      \"Properties\": {\"Timeout\": 30, \"Tags\": {\"k\": \"v\"}, \"L\": []}\n"
			"    }\n  },\n  \"n\": -1,\n  \"o\": {}\n}",
			"{\"Resources\":{\"F\":{\"Type\":\"AWS::Serverless::Function\","
			"\"Properties\":{\"Timeout\":30,\"Tags\":{\"k\":\"v\"},\"L\":[]}}},\"n\":-1,\"o\":{}}");
	assert_loads_as("[\"\\u00e9\\n\", \"a\\\"b\"]", "[\"\xc3\xa9\\n\",\"a\\\"b\"]");
	assert_loads_as("{\"a\":1,\"a\":2}", "{\"a\":2}");
}

static void input_need_not_be_nul_terminated(void **state)
{
	(void)state;
	const char text[] = "a: 12345";
	loaded l = load_n(text, 5, NULL, NULL);
	assert_int_equal(l.rc, 0);
	char *got = dump(l.root);
	assert_string_equal(got, "{\"a\":12}");
	free(got);
	loaded_free(&l);
}

/* ---- errors ---- */

static void syntax_errors_name_line_and_column(void **state)
{
	(void)state;
	const char *yaml = "ok: 1\na: b: c\n";
	loaded l = load_n(yaml, strlen(yaml), "template.yaml", NULL);
	assert_int_equal(l.rc, SAMC_EINVALID);
	assert_null(l.root);
	assert_string_equal(samc_error_message(l.err),
			    "template.yaml:2:5: mapping values are not allowed in this context");
	assert_int_equal(samc_error_line(l.err), 2);
	assert_int_equal(samc_error_column(l.err), 5);
	assert_string_equal(samc_error_file(l.err), "template.yaml");
	loaded_free(&l);
	assert_fails_with("a: [1, 2", SAMC_EINVALID,
			  "<input>:2:1: did not find expected ',' or ']' (while parsing a flow "
			  "sequence at line 1, column 4)");
	assert_fails_with("a: 'x", SAMC_EINVALID, "<input>:1:6: found unexpected end of stream");
	assert_fails_with("- a\nb: 1", SAMC_EINVALID, "<input>:2:1: did not find expected '-'");
}

static void invalid_utf8_is_reported(void **state)
{
	(void)state;
	assert_fails_with("a: ok\nb: \xff\xfe", SAMC_EINVALID,
			  "<input>:2:4: invalid leading UTF-8 octet: #xFF");
	assert_fails_with("a: b\n  \xc3", SAMC_EINVALID, "incomplete UTF-8 octet sequence");
	assert_fails_with("a: \xc3\xa9\xed\xa0\x80", SAMC_EINVALID, "<input>:1:5: invalid");
}

static void nul_bytes_are_rejected(void **state)
{
	(void)state;
	const char text[] = "a: 1\nb: x\0y\n";
	loaded l = load_n(text, sizeof(text) - 1, NULL, NULL);
	assert_int_equal(l.rc, SAMC_EINVALID);
	assert_null(l.root);
	assert_non_null(strstr(samc_error_message(l.err), "<input>:2:5: control characters are not allowed"));
	loaded_free(&l);
	assert_fails_with("a: \"x\\0y\"", SAMC_EINVALID, "<input>:1:4: found a NUL character");
}

/* ---- limits ---- */

static void nesting_depth_is_limited(void **state)
{
	(void)state;
	samc_buf b = SAMC_BUF_INIT;
	for (int i = 0; i < 512; i++)
		samc_buf_putc(&b, '[');
	for (int i = 0; i < 512; i++)
		samc_buf_putc(&b, ']');
	loaded l = load(samc_buf_cstr(&b));
	assert_int_equal(l.rc, 0);
	loaded_free(&l);
	samc_buf_reset(&b);
	for (int i = 0; i < 513; i++)
		samc_buf_puts(&b, "{a: ");
	l = load(samc_buf_cstr(&b));
	assert_int_equal(l.rc, SAMC_ELIMIT);
	assert_null(l.root);
	assert_string_equal(samc_error_message(l.err), "<input>:1:2049: nesting deeper than 512 levels");
	loaded_free(&l);
	samc_buf_free(&b);

	samc_load_options opts = {.max_depth = 3};
	const char *ok = "a: &x [[1]]";
	l = load_n(ok, strlen(ok), NULL, &opts);
	assert_int_equal(l.rc, 0);
	loaded_free(&l);
	const char *deep = "a: [[[1]]]";
	l = load_n(deep, strlen(deep), NULL, &opts);
	assert_int_equal(l.rc, SAMC_ELIMIT);
	loaded_free(&l);
	/* an alias counts with the depth of what it copies */
	const char *via_alias = "a: &x [[1]]\nb: [*x]";
	l = load_n(via_alias, strlen(via_alias), NULL, &opts);
	assert_int_equal(l.rc, SAMC_ELIMIT);
	assert_string_equal(samc_error_message(l.err), "<input>:2:5: nesting deeper than 3 levels");
	loaded_free(&l);
}

static char *billion_laughs(int levels)
{
	samc_buf b = SAMC_BUF_INIT;
	samc_buf_puts(&b, "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (int i = 1; i < levels; i++) {
		samc_buf_printf(&b, "a%d: &a%d [", i, i);
		for (int j = 0; j < 10; j++)
			samc_buf_printf(&b, "%s*a%d", j ? ", " : "", i - 1);
		samc_buf_puts(&b, "]\n");
	}
	return samc_buf_detach(&b);
}

static double seconds_now(void)
{
	struct timespec ts;
	timespec_get(&ts, TIME_UTC);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void billion_laughs_is_refused_fast(void **state)
{
	(void)state;
	char *yaml = billion_laughs(10);
	double start = seconds_now();
	loaded l = load(yaml);
	double elapsed = seconds_now() - start;
	assert_int_equal(l.rc, SAMC_ELIMIT);
	assert_null(l.root);
	assert_string_equal(samc_error_message(l.err),
			    "<input>:7:45: document expands to more than 10000000 nodes (alias expansion)");
	assert_true(elapsed < 0.25);
	loaded_free(&l);
	free(yaml);
}

static void node_limit_counts_expanded_aliases(void **state)
{
	(void)state;
	char *yaml = billion_laughs(3); /* 1 + 3 * 11 + ... : 11 + 111 + 1111 values */
	samc_load_options opts = {.max_nodes = 2000};
	loaded l = load_n(yaml, strlen(yaml), NULL, &opts);
	assert_int_equal(l.rc, 0);
	assert_int_equal(cJSON_GetArraySize(at_path(l.root, "a2")), 10);
	assert_string_equal(at_path(l.root, "a2/9/9/9")->valuestring, "lol");
	loaded_free(&l);
	opts.max_nodes = 1000;
	l = load_n(yaml, strlen(yaml), NULL, &opts);
	assert_int_equal(l.rc, SAMC_ELIMIT);
	assert_non_null(strstr(samc_error_message(l.err),
			       "document expands to more than 1000 nodes (alias expansion)"));
	loaded_free(&l);
	free(yaml);
	opts.max_nodes = 5;
	const char *plain = "[1, 2, 3, 4, 5]";
	l = load_n(plain, strlen(plain), NULL, &opts);
	assert_int_equal(l.rc, SAMC_ELIMIT);
	assert_string_equal(samc_error_message(l.err), "<input>:1:14: document has more than 5 nodes");
	loaded_free(&l);
}

/* Keys that YAML reads as something other than a string keep their JSON text as the key, and
 * the member is marked so the transform can reject them as logical ids. */
static void non_string_keys_are_marked(void **state)
{
	(void)state;
	loaded l = load("0: a\nname: b\ntrue: c\n'7': d\n~: e\n");
	assert_int_equal(l.rc, 0);
	const cJSON *zero = cJSON_GetObjectItemCaseSensitive(l.root, "0");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(l.root, "name");
	const cJSON *yes = cJSON_GetObjectItemCaseSensitive(l.root, "true");
	const cJSON *quoted = cJSON_GetObjectItemCaseSensitive(l.root, "7");
	const cJSON *null_key = cJSON_GetObjectItemCaseSensitive(l.root, "null");
	assert_non_null(zero);
	assert_true(zero->type & SAMC_KEY_NOT_STRING);
	assert_true(yes->type & SAMC_KEY_NOT_STRING);
	assert_true(null_key->type & SAMC_KEY_NOT_STRING);
	assert_false(name->type & SAMC_KEY_NOT_STRING);
	assert_false(quoted->type & SAMC_KEY_NOT_STRING);
	cJSON *copy = cJSON_Duplicate(l.root, 1);
	assert_true(cJSON_GetObjectItemCaseSensitive(copy, "0")->type & SAMC_KEY_NOT_STRING);
	assert_true(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(copy, "0")));
	cJSON_Delete(copy);
	loaded_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_scalars_resolve_like_pyyaml),
		cmocka_unit_test(float_scalars_resolve_like_pyyaml),
		cmocka_unit_test(quoted_and_block_scalars_stay_strings),
		cmocka_unit_test(big_integers_keep_exact_text),
		cmocka_unit_test(huge_integers_hit_pythons_digit_limit),
		cmocka_unit_test(bad_implicit_ints_fail_like_pyyaml),
		cmocka_unit_test(standard_tags_force_types),
		cmocka_unit_test(standard_float_tag_forces_floats),
		cmocka_unit_test(standard_tag_errors),
		cmocka_unit_test(plain_equals_and_merge_values_have_no_constructor),
		cmocka_unit_test(local_tags_become_intrinsics),
		cmocka_unit_test(getatt_splits_at_first_dot),
		cmocka_unit_test(duplicate_keys_keep_first_position_last_value),
		cmocka_unit_test(keys_become_json_key_text),
		cmocka_unit_test(float_keys_become_repr_text),
		cmocka_unit_test(unhashable_keys_are_rejected),
		cmocka_unit_test(merge_keys_order_and_precedence),
		cmocka_unit_test(merge_key_errors),
		cmocka_unit_test(aliases_yield_independent_copies),
		cmocka_unit_test(alias_errors),
		cmocka_unit_test(positions_of_members_items_and_tags),
		cmocka_unit_test(positions_after_merges_and_duplicates),
		cmocka_unit_test(positions_with_crlf_and_json),
		cmocka_unit_test(empty_documents_are_null),
		cmocka_unit_test(multiple_documents_are_rejected),
		cmocka_unit_test(json_input_loads),
		cmocka_unit_test(input_need_not_be_nul_terminated),
		cmocka_unit_test(syntax_errors_name_line_and_column),
		cmocka_unit_test(invalid_utf8_is_reported),
		cmocka_unit_test(nul_bytes_are_rejected),
		cmocka_unit_test(nesting_depth_is_limited),
		cmocka_unit_test(billion_laughs_is_refused_fast),
		cmocka_unit_test(node_limit_counts_expanded_aliases),
		cmocka_unit_test(non_string_keys_are_marked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
