/* render_junit.c — findings as JUnit XML: <testsuites>, one <testsuite> per file, one
 * <testcase> per finding with a <failure> (or one passing testcase for a clean file). */
#include "lint/render.h"

static void put_xml_escaped(samc_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': samc_buf_puts(b, "&lt;"); break;
		case '>': samc_buf_puts(b, "&gt;"); break;
		case '&': samc_buf_puts(b, "&amp;"); break;
		case '"': samc_buf_puts(b, "&quot;"); break;
		case '\'': samc_buf_puts(b, "&apos;"); break;
		default:
			if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t' && *s != '\r')
				samc_buf_printf(b, "&#xFFFD;");
			else
				samc_buf_putc(b, *s);
		}
	}
}

static void render_testcase(samc_buf *b, const char *file, const samc_finding *f)
{
	samc_buf_puts(b, "    <testcase classname=\"");
	put_xml_escaped(b, file);
	samc_buf_printf(b, "\" name=\"%s %u:%u\">\n      <failure type=\"%s\" message=\"", f->rule_id,
			f->line, f->column, lint_severity_name(f->severity));
	put_xml_escaped(b, f->message);
	samc_buf_puts(b, "\">");
	put_xml_escaped(b, file);
	samc_buf_printf(b, ":%u:%u: %s: ", f->line, f->column, lint_severity_name(f->severity));
	put_xml_escaped(b, f->message);
	samc_buf_printf(b, " [%s]</failure>\n    </testcase>\n", f->rule_id);
}

static void render_suite(samc_buf *b, const samc_lint_result *r)
{
	const char *file = lint_result_file(r);
	size_t n = samc_lint_count(r);
	samc_buf_puts(b, "  <testsuite name=\"");
	put_xml_escaped(b, file);
	samc_buf_printf(b, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n", n ? n : 1, n);
	if (n == 0) {
		samc_buf_puts(b, "    <testcase classname=\"");
		put_xml_escaped(b, file);
		samc_buf_puts(b, "\" name=\"samc validate\"/>\n");
	}
	for (size_t k = 0; k < n; k++)
		render_testcase(b, file, samc_lint_finding(r, k));
	samc_buf_puts(b, "  </testsuite>\n");
}

void lint_render_junit(samc_buf *b, lint_results rs, size_t n)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += samc_lint_count(rs[i]);
	samc_buf_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			   "<testsuites name=\"samc validate\" failures=\"%zu\">\n", total);
	for (size_t i = 0; i < n; i++)
		render_suite(b, rs[i]);
	samc_buf_puts(b, "</testsuites>\n");
}
