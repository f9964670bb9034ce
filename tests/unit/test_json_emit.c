/* test_json_emit.c — JSON text as Python's json.dumps prints it: the three styles, string
 * escaping, number text and float repr. Every expected string was printed by python3 3.11. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "samc/samc.h"
#include "json/emit.h"
#include "util/buf.h"

/* {"b": [1, 2.5, {"z": None, "a": True}], "a": {"nested": [], "empty": {}}, "é": "x/y", "A": False} */
static const char SAMPLE[] = "{\"b\": [1, 2.5, {\"z\": null, \"a\": true}], "
			     "\"a\": {\"nested\": [], \"empty\": {}}, \"\xC3\xA9\": \"x/y\", \"A\": false}";

static void assert_emits(const cJSON *v, const samc_json_style *style, const char *expected)
{
	samc_buf b = SAMC_BUF_INIT;
	samc_json_emit(&b, v, style);
	assert_string_equal(samc_buf_cstr(&b), expected);
	samc_buf_free(&b);
}

static void assert_text_emits(const char *json, const samc_json_style *style, const char *expected)
{
	cJSON *v = cJSON_Parse(json);
	assert_non_null(v);
	assert_emits(v, style, expected);
	cJSON_Delete(v);
}

static void assert_string_emits(const char *s, bool ensure_ascii, const char *expected)
{
	samc_buf b = SAMC_BUF_INIT;
	samc_json_emit_string(&b, s, ensure_ascii);
	assert_string_equal(samc_buf_cstr(&b), expected);
	samc_buf_free(&b);
}

/* json.dumps(v, indent=2) */
static void pretty_is_indent_2(void **state)
{
	(void)state;
	assert_text_emits(SAMPLE, &SAMC_JSON_PRETTY,
			  "{\n  \"b\": [\n    1,\n    2.5,\n    {\n      \"z\": null,\n      \"a\": true\n"
			  "    }\n  ],\n  \"a\": {\n    \"nested\": [],\n    \"empty\": {}\n  },\n"
			  "  \"\\u00e9\": \"x/y\",\n  \"A\": false\n}");
}

/* json.dumps(v, separators=(",", ":"), sort_keys=True) */
static void hash_is_compact_and_sorted(void **state)
{
	(void)state;
	assert_text_emits(SAMPLE, &SAMC_JSON_HASH,
			  "{\"A\":false,\"a\":{\"empty\":{},\"nested\":[]},"
			  "\"b\":[1,2.5,{\"a\":true,\"z\":null}],\"\\u00e9\":\"x/y\"}");
}

/* json.dumps(v) */
static void pydefault_is_one_spaced_line(void **state)
{
	(void)state;
	assert_text_emits(SAMPLE, &SAMC_JSON_PYDEFAULT,
			  "{\"b\": [1, 2.5, {\"z\": null, \"a\": true}], \"a\": {\"nested\": [], "
			  "\"empty\": {}}, \"\\u00e9\": \"x/y\", \"A\": false}");
}

/* json.dumps(v, indent=0): line breaks, no indentation, no trailing spaces */
static void indent_zero_breaks_lines(void **state)
{
	(void)state;
	const samc_json_style indent0 = {0, false, ", ", ": ", true};
	assert_text_emits(SAMPLE, &indent0,
			  "{\n\"b\": [\n1,\n2.5,\n{\n\"z\": null,\n\"a\": true\n}\n],\n\"a\": {\n"
			  "\"nested\": [],\n\"empty\": {}\n},\n\"\\u00e9\": \"x/y\",\n\"A\": false\n}");
}

static void empty_containers_stay_on_one_line(void **state)
{
	(void)state;
	assert_text_emits("{}", &SAMC_JSON_PRETTY, "{}");
	assert_text_emits("[]", &SAMC_JSON_PRETTY, "[]");
	assert_text_emits("[[], {}]", &SAMC_JSON_PRETTY, "[\n  [],\n  {}\n]");
}

static void scalars_at_the_root(void **state)
{
	(void)state;
	assert_text_emits("true", &SAMC_JSON_PRETTY, "true");
	assert_text_emits("false", &SAMC_JSON_HASH, "false");
	assert_text_emits("null", &SAMC_JSON_PYDEFAULT, "null");
	assert_text_emits("\"s\"", &SAMC_JSON_PRETTY, "\"s\"");
	assert_text_emits("-7", &SAMC_JSON_PRETTY, "-7");
}

/* sorted(keys) in Python: code point order, which bytewise UTF-8 order matches */
static void sort_keys_uses_code_point_order(void **state)
{
	(void)state;
	assert_text_emits("{\"b\":1,\"a\":1,\"\xC3\xA9\":1,\"Z\":1,\"\xF0\x9F\x98\x80\":1,"
			  "\"\xEF\xBF\xBF\":1,\"aa\":1,\"\":1,\"~\":1}",
			  &SAMC_JSON_HASH,
			  "{\"\":1,\"Z\":1,\"a\":1,\"aa\":1,\"b\":1,\"~\":1,\"\\u00e9\":1,"
			  "\"\\uffff\":1,\"\\ud83d\\ude00\":1}");
}

static void sort_keeps_duplicate_keys_in_input_order(void **state)
{
	(void)state;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "k", 2);
	cJSON_AddNumberToObject(o, "a", 0);
	cJSON_AddNumberToObject(o, "k", 1);
	assert_emits(o, &SAMC_JSON_HASH, "{\"a\":0,\"k\":2,\"k\":1}");
	cJSON_Delete(o);
}

/* Objects past the small-object size take the other sorting road: same order, same ties. */
static void sort_of_large_objects_matches_small_ones(void **state)
{
	(void)state;
	cJSON *o = cJSON_CreateObject();
	samc_buf want = SAMC_BUF_INIT;
	for (int i = 39; i >= 0; i--) {
		char key[8];
		snprintf(key, sizeof(key), "k%02d", i);
		cJSON_AddNumberToObject(o, key, i);
	}
	cJSON_AddNumberToObject(o, "k07", 100); /* a second k07, after the first in input order */
	samc_buf_putc(&want, '{');
	for (int i = 0; i < 40; i++) {
		samc_buf_printf(&want, "%s\"k%02d\":%d", i ? "," : "", i, i);
		if (i == 7)
			samc_buf_puts(&want, ",\"k07\":100");
	}
	samc_buf_putc(&want, '}');
	assert_emits(o, &SAMC_JSON_HASH, samc_buf_cstr(&want));
	samc_buf_free(&want);
	cJSON_Delete(o);
}

/* Indentation deeper than the piece written at once (40 levels of 2 spaces). */
static void deep_indentation_is_whole(void **state)
{
	(void)state;
	cJSON *root = cJSON_CreateArray(), *at = root;
	for (int i = 0; i < 40; i++) {
		cJSON *inner = cJSON_CreateArray();
		cJSON_AddItemToArray(at, inner);
		at = inner;
	}
	cJSON_AddItemToArray(at, cJSON_CreateTrue());
	samc_buf b = SAMC_BUF_INIT;
	samc_json_emit(&b, root, &SAMC_JSON_PRETTY);
	const char *text = samc_buf_cstr(&b);
	const char *line = strstr(text, "true");
	assert_non_null(line);
	size_t spaces = 0;
	while (line - spaces > text && line[-(long)spaces - 1] == ' ')
		spaces++;
	assert_int_equal(spaces, 82); /* 41 levels deep */
	assert_int_equal(line[-(long)spaces - 1], '\n');
	char closing[84] = "\n";
	memset(closing + 1, ' ', 80);
	closing[81] = ']';
	closing[82] = '\0';
	assert_non_null(strstr(text, closing)); /* the innermost list closes 40 levels deep */
	samc_buf_free(&b);
	cJSON_Delete(root);
}

static void numbers_print_their_text(void **state)
{
	(void)state;
	cJSON *a = cJSON_CreateArray();
	cJSON_AddItemToArray(a, samc_number_new("1e-05", 1e-05));
	cJSON_AddItemToArray(a, samc_number_new("123456789012345678901234567890", 1.2345678901234568e+29));
	cJSON_AddItemToArray(a, samc_number_new("1000.0", 1000.0));
	cJSON_AddItemToArray(a, samc_number_new("NaN", NAN));
	cJSON_AddItemToArray(a, samc_number_new("-Infinity", -INFINITY));
	cJSON_AddItemToArray(a, samc_int_new(-42));
	cJSON_AddItemToArray(a, cJSON_CreateNumber(0.5));
	assert_emits(a, &SAMC_JSON_PYDEFAULT,
		     "[1e-05, 123456789012345678901234567890, 1000.0, NaN, -Infinity, -42, 0.5]");
	cJSON_Delete(a);
}

static void raw_nodes_print_verbatim(void **state)
{
	(void)state;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddRawToObject(o, "r", "{\"x\":[1,2]}");
	assert_emits(o, &SAMC_JSON_PRETTY, "{\n  \"r\": {\"x\":[1,2]}\n}");
	cJSON_Delete(o);
}

/* json.dumps("q\"b\\s/n\nr\rt\tb\bf\f\x01\x1f\x7f é€😀\U0010ffff") */
static void strings_escape_as_python_does(void **state)
{
	(void)state;
	const char *s = "q\"b\\s/n\nr\rt\tb\bf\f\x01\x1f\x7f \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"
			"\xF4\x8F\xBF\xBF";
	assert_string_emits(s, true,
			    "\"q\\\"b\\\\s/n\\nr\\rt\\tb\\bf\\f\\u0001\\u001f\\u007f \\u00e9\\u20ac"
			    "\\ud83d\\ude00\\udbff\\udfff\"");
	assert_string_emits(s, false,
			    "\"q\\\"b\\\\s/n\\nr\\rt\\tb\\bf\\f\\u0001\\u001f\x7f \xC3\xA9\xE2\x82\xAC"
			    "\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF\"");
	assert_string_emits("", true, "\"\"");
	assert_string_emits(NULL, true, "\"\"");
}

/* json.dumps(bytes.decode("utf-8", "replace")): one U+FFFD per maximal ill-formed part */
/* Every ASCII byte alone, inside text and at the end of it: printable ASCII is written as it
 * is but '"' and '\\'; the usual controls get their short escapes, the others \u00XX; DEL
 * is escaped only with ensure_ascii (as json.dumps does). */
static void every_ascii_byte_escapes_as_python_does(void **state)
{
	(void)state;
	for (int c = 1; c < 0x80; c++) {
		char body[16];
		if (c == '"' || c == '\\')
			snprintf(body, sizeof(body), "\\%c", c);
		else if (c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f')
			snprintf(body, sizeof(body), "\\%c", c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : c == '\b' ? 'b' : 'f');
		else if (c < 0x20)
			snprintf(body, sizeof(body), "\\u%04x", (unsigned)c);
		else
			snprintf(body, sizeof(body), "%c", c);
		for (int ascii = 0; ascii < 2; ascii++) {
			const char *esc = c == 0x7F && ascii ? "\\u007f" : body;
			char in[8], want[64];
			snprintf(in, sizeof(in), "a%cb", c);
			snprintf(want, sizeof(want), "\"a%sb\"", esc);
			assert_string_emits(in, ascii, want);
			snprintf(in, sizeof(in), "%c", c);
			snprintf(want, sizeof(want), "\"%s\"", esc);
			assert_string_emits(in, ascii, want);
		}
	}
}

static void invalid_utf8_becomes_replacement_characters(void **state)
{
	(void)state;
	assert_string_emits("a\xFF" "b", true, "\"a\\ufffdb\"");
	assert_string_emits("\xE2\x82" "A", true, "\"\\ufffdA\"");
	assert_string_emits("\xED\xA0\x80", true, "\"\\ufffd\\ufffd\\ufffd\"");
	assert_string_emits("\xC0\xAF", true, "\"\\ufffd\\ufffd\"");
	assert_string_emits("\xF4\x90\x80\x80", true, "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	assert_string_emits("\xE2\x82", true, "\"\\ufffd\"");
	assert_string_emits("\xF0\x9F\x98", false, "\"\\ufffd\"");
}

struct float_case {
	double x;
	const char *repr;
};

/* json.dumps(float) in python3 3.11 */
static const struct float_case FLOATS[] = {
	{0.0, "0.0"},
	{-0.0, "-0.0"},
	{1.0, "1.0"},
	{3.0, "3.0"},
	{-2.5, "-2.5"},
	{0.1, "0.1"},
	{0.1 + 0.2, "0.30000000000000004"},
	{1.0 / 3, "0.3333333333333333"},
	{2.0 / 3, "0.6666666666666666"},
	{1000.0, "1000.0"},
	{1e16, "1e+16"},
	{1e15, "1000000000000000.0"},
	{9999999999999998.0, "9999999999999998.0"},
	{123456789012345.0, "123456789012345.0"},
	{1234567890123456.0, "1234567890123456.0"},
	{12345678901234567.0, "1.2345678901234568e+16"},
	{0.001, "0.001"},
	{0.0001, "0.0001"},
	{0.00001, "1e-05"},
	{1.5e-07, "1.5e-07"},
	{0.000123456789, "0.000123456789"},
	{123456789012345678901234567890.0, "1.2345678901234568e+29"},
	{1e22, "1e+22"},
	{1e23, "1e+23"},
	{5e-324, "5e-324"},
	{1.7976931348623157e308, "1.7976931348623157e+308"},
	{0x1p-1022, "2.2250738585072014e-308"},
	{0x1p-1073, "1e-323"},
	{0x1p1023, "8.98846567431158e+307"},
	{0x1p-44, "5.684341886080802e-14"},
	{0x1p-590, "2.4677579418653533e-178"},
	{-0x1p-300, "-4.909093465297727e-91"},
	/* powers of two whose nearest 16-digit decimal misses: the one above reads back */
	{0x1p-1017, "7.120236347223045e-307"},
	{0x1p-957, "8.209073602596753e-289"},
	{1e100, "1e+100"},
	{-1e-100, "-1e-100"},
	{3.141592653589793, "3.141592653589793"},
	{4.35, "4.35"},
	{100.0, "100.0"},
	{9007199254740993.0, "9007199254740992.0"},
	{65536.0 * 65536.0 * 65536.0 * 65536.0, "1.8446744073709552e+19"},
	{INFINITY, "Infinity"},
	{-INFINITY, "-Infinity"},
	{NAN, "NaN"},
};

static void float_repr_matches_python(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(FLOATS) / sizeof(FLOATS[0]); i++) {
		char buf[32];
		samc_float_repr(FLOATS[i].x, buf);
		assert_string_equal(buf, FLOATS[i].repr);
	}
}

/* Collects the pieces a streaming rendering hands over; refuses the piece numbered fail_at. */
typedef struct pieces {
	samc_buf text;
	size_t count, fail_at;
} pieces;

static int take_piece(void *ctx, const char *data, size_t len)
{
	pieces *p = ctx;
	if (++p->count == p->fail_at)
		return 1;
	samc_buf_put(&p->text, data, len);
	return 0;
}

/* A document large enough to be handed over in several pieces. */
static samc_document *wide_document(void)
{
	samc_buf yaml = SAMC_BUF_INIT;
	samc_buf_puts(&yaml, "Resources:\n");
	for (int i = 0; i < 3000; i++)
		samc_buf_printf(&yaml, "  Topic%d: {Type: AWS::SNS::Topic, Properties: {TopicName: t%d}}\n",
				i, i);
	samc_document *doc = NULL;
	assert_int_equal(samc_document_load_buffer(&doc, samc_buf_cstr(&yaml), yaml.len, "w.yaml",
						   NULL, NULL),
			 0);
	samc_buf_free(&yaml);
	return doc;
}

static void streamed_rendering_equals_the_whole(void **state)
{
	(void)state;
	samc_document *doc = wide_document();
	for (int format = SAMC_FORMAT_JSON; format <= SAMC_FORMAT_YAML; format++) {
		char *whole = NULL;
		size_t len = 0;
		assert_int_equal(samc_document_render(doc, format, &whole, &len, NULL), 0);
		pieces p = {SAMC_BUF_INIT, 0, 0};
		assert_int_equal(samc_document_render_to(doc, format, take_piece, &p, NULL), 0);
		assert_int_equal(p.text.len, len);
		assert_memory_equal(samc_buf_cstr(&p.text), whole, len);
		if (format == SAMC_FORMAT_JSON)
			assert_true(p.count > 2); /* ~200 KB in 64 KiB pieces */
		else
			assert_int_equal(p.count, 1);
		samc_buf_free(&p.text);
		samc_free(whole);
	}
	samc_document_free(doc);
}

static void refused_piece_stops_the_rendering(void **state)
{
	(void)state;
	samc_document *doc = wide_document();
	pieces p = {SAMC_BUF_INIT, 0, 2};
	samc_error *err = NULL;
	assert_int_equal(samc_document_render_to(doc, SAMC_FORMAT_JSON, take_piece, &p, &err),
			 SAMC_EIO);
	assert_int_equal(p.count, 2); /* nothing offered after the refusal */
	assert_non_null(strstr(samc_error_message(err), "cannot write"));
	samc_error_free(err);
	samc_buf_free(&p.text);
	assert_int_equal(samc_document_render_to(doc, SAMC_FORMAT_JSON, NULL, NULL, NULL), SAMC_EUSAGE);
	samc_document_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pretty_is_indent_2),
		cmocka_unit_test(hash_is_compact_and_sorted),
		cmocka_unit_test(pydefault_is_one_spaced_line),
		cmocka_unit_test(indent_zero_breaks_lines),
		cmocka_unit_test(empty_containers_stay_on_one_line),
		cmocka_unit_test(scalars_at_the_root),
		cmocka_unit_test(sort_keys_uses_code_point_order),
		cmocka_unit_test(sort_keeps_duplicate_keys_in_input_order),
		cmocka_unit_test(sort_of_large_objects_matches_small_ones),
		cmocka_unit_test(deep_indentation_is_whole),
		cmocka_unit_test(numbers_print_their_text),
		cmocka_unit_test(raw_nodes_print_verbatim),
		cmocka_unit_test(strings_escape_as_python_does),
		cmocka_unit_test(every_ascii_byte_escapes_as_python_does),
		cmocka_unit_test(invalid_utf8_becomes_replacement_characters),
		cmocka_unit_test(float_repr_matches_python),
		cmocka_unit_test(streamed_rendering_equals_the_whole),
		cmocka_unit_test(refused_piece_stops_the_rendering),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
