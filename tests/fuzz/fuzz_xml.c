/* fuzz_xml.c — fuzz target for AWS response parsing: the expat tree with its lookups, the
 * error-document reader and the DescribeChangeSet parser. */
#include <stdint.h>

#include "aws/aws.h"
#include "fuzz.h"
#include "samc/samc.h"

static void lookups(const samc_xml_doc *doc)
{
	const samc_xml_node *root = samc_xml_root(doc);
	(void)samc_xml_text(root, "DescribeChangeSetResult/Status");
	for (const samc_xml_node *m = samc_xml_find(root, "DescribeStackEventsResult/StackEvents/member");
	     m; m = samc_xml_next_same(m))
		(void)samc_xml_text(m, "EventId");
	samc_aws_error_info info;
	(void)samc_aws_error_from_xml(doc, &info);
}

static void changeset(const uint8_t *data, size_t size)
{
	samc_changeset *cs = NULL;
	samc_error *err = NULL;
	if (samc_changeset_parse(&cs, (const char *)data, size, &err) == SAMC_OK) {
		(void)samc_changeset_status(cs);
		(void)samc_changeset_is_empty_failure(cs);
		for (size_t i = 0; i < samc_changeset_count(cs); i++)
			(void)samc_changeset_get(cs, i);
		/* a second page appended to the first */
		samc_error *page_err = NULL;
		samc_changeset_parse(&cs, (const char *)data, size, &page_err);
		samc_error_free(page_err);
	}
	samc_changeset_free(cs);
	samc_error_free(err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	samc_xml_doc *doc = NULL;
	samc_error *err = NULL;
	if (samc_xml_parse((const char *)data, size, &doc, &err) == SAMC_OK)
		lookups(doc);
	samc_xml_doc_free(doc);
	samc_error_free(err);
	changeset(data, size);
	return 0;
}
