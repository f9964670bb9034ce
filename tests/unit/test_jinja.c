/* test_jinja.c — the Jinja subset cookiecutter templates use: output, if/elif/else, for, raw,
 * whitespace control, operators, filters, methods, and errors with positions and limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "init/jinja.h"

static const char *CTX =
	"{\"cookiecutter\": {\"project_name\": \"My App\", \"runtime\": \"python3.12\","
	"\"architectures\": {\"value\": [\"x86_64\", \"arm64\"]}, \"empty\": [],"
	"\"Powertools Tracing\": \"enabled\", \"n\": 3, \"flag\": true,"
	"\"options\": {\"python3.12\": {\"memory_size\": 128}}, \"pkg\": \"com.example.app\"}}";

/* Renders text against CTX; returns the output (caller frees) or NULL with *err set. */
static char *render_with(const char *text, const char *ctx_json, samc_error **err,
			 const jinja_limits *lim)
{
	cJSON *ctx = cJSON_Parse(ctx_json);
	assert_non_null(ctx);
	char *out = NULL;
	int rc = jinja_render_string(text, "t.txt", ctx, lim, &out, err);
	cJSON_Delete(ctx);
	if (rc)
		assert_null(out);
	return out;
}

static void expect_render(const char *text, const char *want)
{
	samc_error *err = NULL;
	char *out = render_with(text, CTX, &err, NULL);
	if (!out)
		fail_msg("render of '%s' failed: %s", text, samc_error_message(err));
	assert_string_equal(out, want);
	free(out);
	samc_error_free(err);
}

static void expect_error(const char *text, int code, unsigned line, unsigned col, const char *part)
{
	samc_error *err = NULL;
	cJSON *ctx = cJSON_Parse(CTX);
	char *out = NULL;
	int rc = jinja_render_string(text, "t.txt", ctx, NULL, &out, &err);
	cJSON_Delete(ctx);
	assert_int_equal(rc, code);
	assert_null(out);
	assert_non_null(err);
	if (!strstr(samc_error_message(err), part))
		fail_msg("error '%s' lacks '%s'", samc_error_message(err), part);
	assert_int_equal(samc_error_line(err), line);
	assert_int_equal(samc_error_column(err), col);
	assert_string_equal(samc_error_file(err), "t.txt");
	samc_error_free(err);
}

static void variables_and_attributes(void **state)
{
	(void)state;
	expect_render("name: {{ cookiecutter.project_name }}!", "name: My App!");
	expect_render("{{cookiecutter['Powertools Tracing']}}", "enabled");
	expect_render("{{ cookiecutter.options[cookiecutter.runtime].memory_size }}", "128");
	expect_render("{{ cookiecutter.architectures.value }}", "['x86_64', 'arm64']");
	expect_render("{{ cookiecutter.flag }} {{ none }} {{ 1.5 }}", "True None 1.5");
	expect_render("no tags at all\n", "no tags at all\n");
	expect_render("{{ 'a\\'b' }}|{{ \"x\\ty\" }}|{{ 'c:\\d' }}", "a'b|x\ty|c:\\d");
}

static void methods_filters_and_slices(void **state)
{
	(void)state;
	expect_render("{{ cookiecutter.project_name.lower().replace(' ', '-') }}", "my-app");
	expect_render("{{ cookiecutter.project_name|lower|replace(' ', '_') }}", "my_app");
	expect_render("{{ cookiecutter.pkg[cookiecutter.pkg.rfind('.') + 1:] }}", "app");
	expect_render("{{ cookiecutter.pkg[:cookiecutter.pkg.rfind('.')] }}", "com.example");
	expect_render("{{ cookiecutter.architectures.value|length }}", "2");
	expect_render("{{ cookiecutter.architectures.value[0] }}-{{ cookiecutter.architectures.value[-1] }}",
		      "x86_64-arm64");
	expect_render("{{ cookiecutter.missing|default('x') if false else cookiecutter.n * 2 }}", "6");
	expect_render("{{ cookiecutter.architectures.value|join(',') }}", "x86_64,arm64");
	expect_render("{{ 'A b'|upper }} {{ ' x '|trim }} {{ 'Hello World'|slugify }}", "A B x hello-world");
	expect_render("{{ cookiecutter.project_name ~ '-' ~ cookiecutter.n }}", "My App-3");
	expect_render("{{ cookiecutter.get('runtime') }} {{ cookiecutter.project_name.split()|last }}",
		      "python3.12 App");
}

static void conditions(void **state)
{
	(void)state;
	expect_render("{% if cookiecutter.architectures.value != [] %}yes{% endif %}", "yes");
	expect_render("{% if cookiecutter.empty != [ ] %}yes{% else %}no{% endif %}", "no");
	expect_render("{%- if cookiecutter.architectures.value|length == 1 and "
		      "cookiecutter.architectures.value[0] == 'arm64' %}arm{% elif cookiecutter.n > 2 %}big"
		      "{% else %}other{% endif %}",
		      "big");
	expect_render("{% if not cookiecutter.flag or cookiecutter[\"Powertools Tracing\"] == \"enabled\" %}"
		      "on{% endif %}",
		      "on");
	expect_render("{% if 'arm64' in cookiecutter.architectures.value and 'x' not in 'abc' %}in{% endif %}",
		      "in");
	expect_render("{% if cookiecutter.missing is defined %}d{% else %}u{% endif %}", "u");
}

static void loops(void **state)
{
	(void)state;
	expect_render("Arch:\n{%- for arch in cookiecutter.architectures.value %}\n  - {{arch}}\n{%- endfor %}\n",
		      "Arch:\n  - x86_64\n  - arm64\n");
	expect_render("{% for a in cookiecutter.architectures.value %}{{ loop.index }}{{ a[0] }}"
		      "{% if not loop.last %},{% endif %}{% endfor %}",
		      "1x,2a");
	expect_render("{% for k, v in {'a': 1, 'b': 2}.items() %}{{k}}={{v}};{% endfor %}", "a=1;b=2;");
	expect_render("{% for x in cookiecutter.empty %}x{% else %}none{% endfor %}", "none");
	expect_render("{% set y = cookiecutter.n + 1 %}{{ y }}", "4");
}

static void whitespace_control_raw_and_comments(void **state)
{
	(void)state;
	expect_render("a  \n  {%- if true -%}  \n b {%- endif %}\n", "ab\n");
	expect_render("x {{- 'y' -}} z", "xyz");
	expect_render("{% raw %}{{ .Names }} {% if %}{% endraw %}", "{{ .Names }} {% if %}");
	expect_render("a{# a comment {{ x }} #}b", "ab");
	expect_render("keep\n{% if true %}\nline\n{% endif %}\n", "keep\n\nline\n\n");
}

static void errors_have_positions(void **state)
{
	(void)state;
	expect_error("line1\n  {{ cookiecutter.nope }}", SAMC_EINVALID, 2, 19, "has no attribute 'nope'");
	expect_error("{{ undefined_name }}", SAMC_EINVALID, 1, 4, "'undefined_name' is undefined");
	expect_error("{% if true %}x", SAMC_EINVALID, 1, 15, "endif");
	expect_error("{% macro m() %}{% endmacro %}", SAMC_EINVALID, 1, 4, "unexpected statement 'macro'");
	expect_error("\n{{ 'a'|nosuch }}", SAMC_EINVALID, 2, 7, "unknown filter 'nosuch'");
	expect_error("{{ 'abc", SAMC_EINVALID, 1, 4, "unterminated string");
	expect_error("{{ 1 + }}", SAMC_EINVALID, 1, 8, "expected a value");
	expect_error("{% endif %}", SAMC_EINVALID, 1, 4, "unexpected statement 'endif'");
	expect_error("{{ 'a' < 1 }}", SAMC_EINVALID, 1, 8, "not supported between str and int");
}

static void limits_stop_hostile_templates(void **state)
{
	(void)state;
	/* nested loops that would run for ages */
	const char *loops = "{% for a in [1,2,3,4,5,6,7,8,9,10] %}{% for b in [1,2,3,4,5,6,7,8,9,10] %}"
			    "{% for c in [1,2,3,4,5,6,7,8,9,10] %}{% for d in [1,2,3,4,5,6,7,8,9,10] %}"
			    "{% endfor %}{% endfor %}{% endfor %}{% endfor %}";
	jinja_limits lim = {.max_steps = 5000};
	samc_error *err = NULL;
	assert_null(render_with(loops, CTX, &err, &lim));
	assert_non_null(strstr(samc_error_message(err), "steps"));
	samc_error_free(err);
	err = NULL;
	/* output growth */
	jinja_limits small = {.max_output = 100};
	assert_null(render_with("{% for a in [1,2,3,4,5,6,7,8,9,10] %}0123456789abcdef{% endfor %}", CTX,
				&err, &small));
	assert_non_null(strstr(samc_error_message(err), "output larger than 100 bytes"));
	samc_error_free(err);
	err = NULL;
	/* a string doubling itself */
	samc_error *e3 = NULL;
	jinja_limits lim3 = {.max_output = 1 << 20};
	char doubling[2048] = "{% set s = 'xxxxxxxxxxxxxxxx' %}";
	for (int i = 0; i < 40; i++)
		strcat(doubling, "{% set s = s ~ s %}");
	strcat(doubling, "{{ s|length }}");
	assert_null(render_with(doubling, CTX, &e3, &lim3));
	assert_non_null(strstr(samc_error_message(e3), "string longer than"));
	samc_error_free(e3);
	/* deep nesting */
	char deep[4000];
	size_t n = 0;
	for (int i = 0; i < 500; i++)
		deep[n++] = '(';
	deep[n] = '\0';
	char text[4100];
	snprintf(text, sizeof(text), "{{ %s1 }}", deep);
	samc_error *e2 = NULL;
	cJSON *ctx = cJSON_Parse(CTX);
	char *out = NULL;
	assert_int_equal(jinja_render_string(text, "t.txt", ctx, NULL, &out, &e2), SAMC_ELIMIT);
	assert_non_null(strstr(samc_error_message(e2), "nested deeper"));
	cJSON_Delete(ctx);
	samc_error_free(e2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(variables_and_attributes),
		cmocka_unit_test(methods_filters_and_slices),
		cmocka_unit_test(conditions),
		cmocka_unit_test(loops),
		cmocka_unit_test(whitespace_control_raw_and_comments),
		cmocka_unit_test(errors_have_positions),
		cmocka_unit_test(limits_stop_hostile_templates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
