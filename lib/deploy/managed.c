/* managed.c — the artifact bucket of a deploy: --s3-bucket as given, or with --resolve-s3 the
 * bucket of SAM CLI's managed stack aws-sam-cli-managed-default, created when missing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "deploy/run.h"
#include "util/buf.h"
#include "util/error.h"

#define MANAGED_STACK "aws-sam-cli-managed-default"
#define MANAGED_BUCKET_ID "SamCliSourceBucket"

/* The managed stack's template: a versioned, encrypted, private bucket that only accepts TLS. */
static const char MANAGED_TEMPLATE[] =
	"{\"AWSTemplateFormatVersion\": \"2010-09-09\",\n"
	" \"Description\": \"Managed Stack for samc and AWS SAM CLI\",\n"
	" \"Resources\": {\n"
	"  \"SamCliSourceBucket\": {\"Type\": \"AWS::S3::Bucket\", \"DeletionPolicy\": \"Retain\",\n"
	"   \"Properties\": {\n"
	"    \"VersioningConfiguration\": {\"Status\": \"Enabled\"},\n"
	"    \"BucketEncryption\": {\"ServerSideEncryptionConfiguration\": [\n"
	"      {\"ServerSideEncryptionByDefault\": {\"SSEAlgorithm\": \"aws:kms\"}}]},\n"
	"    \"PublicAccessBlockConfiguration\": {\"BlockPublicAcls\": true,\n"
	"      \"BlockPublicPolicy\": true, \"IgnorePublicAcls\": true,\n"
	"      \"RestrictPublicBuckets\": true},\n"
	"    \"Tags\": [{\"Key\": \"ManagedStackSource\", \"Value\": \"AwsSamCli\"}]}},\n"
	"  \"SamCliSourceBucketBucketPolicy\": {\"Type\": \"AWS::S3::BucketPolicy\",\n"
	"   \"Properties\": {\"Bucket\": {\"Ref\": \"SamCliSourceBucket\"},\n"
	"    \"PolicyDocument\": {\"Statement\": [{\"Effect\": \"Deny\", \"Principal\": \"*\",\n"
	"      \"Action\": \"s3:*\", \"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"false\"}},\n"
	"      \"Resource\": [{\"Fn::Join\": [\"\", [\"arn:\", {\"Ref\": \"AWS::Partition\"},\n"
	"        \":s3:::\", {\"Ref\": \"SamCliSourceBucket\"}, \"/*\"]]}]}]}}}},\n"
	" \"Outputs\": {\"SourceBucket\": {\"Value\": {\"Ref\": \"SamCliSourceBucket\"}}}}\n";

/* The bucket's physical id, read from the stack's resource (outputs may be absent). */
static int bucket_of_stack(deploy_run *r, char **bucket)
{
	samc_aws_params *p = samc_aws_params_new();
	samc_xml_doc *doc = NULL;
	int rc = p ? samc_aws_params_add(p, MANAGED_STACK, "StackName") : SAMC_ENOMEM;
	if (rc == SAMC_OK)
		rc = samc_aws_params_add(p, MANAGED_BUCKET_ID, "LogicalResourceId");
	if (rc == SAMC_OK)
		rc = samc_cfn_call(r->client, "DescribeStackResource", p, &doc, r->err);
	const char *name = rc ? NULL
			      : samc_xml_text(samc_xml_root(doc),
					      "DescribeStackResourceResult/StackResourceDetail/"
					      "PhysicalResourceId");
	if (rc == SAMC_OK && (!name || !*name))
		rc = samc_error_set(r->err, SAMC_EAWS, NULL, 0, 0,
				    "the stack %s has no %s bucket: it was not made by SAM CLI or "
				    "samc; pass --s3-bucket instead", MANAGED_STACK,
				    MANAGED_BUCKET_ID);
	if (rc == SAMC_OK && !(*bucket = samc_strdup(name)))
		rc = SAMC_ENOMEM;
	samc_xml_doc_free(doc);
	samc_aws_params_free(p);
	return rc;
}

static int wait_change_set(deploy_run *r, const char *id)
{
	samc_changeset *cs = NULL;
	int cancelled = 0;
	int rc = samc_changeset_wait(r->client, MANAGED_STACK, id, r->delay_ms, r->max_wait_s,
				     r->cb, &cs, &cancelled, r->err);
	if (rc == SAMC_OK && (cancelled || strcmp(samc_changeset_status(cs), "FAILED") == 0))
		rc = samc_error_set(r->err, SAMC_EAWS, NULL, 0, 0,
				    "could not create the managed stack %s: %s", MANAGED_STACK,
				    cancelled ? "interrupted"
					      : samc_changeset_status_reason(cs)
						    ? samc_changeset_status_reason(cs)
						    : "change set FAILED");
	samc_changeset_free(cs);
	return rc;
}

static int follow(deploy_run *r, const char *stack_id)
{
	samc_event_stream s = {r->client, stack_id, NULL, r->delay_ms, r->max_wait_s, NULL};
	char *status = NULL;
	int cancelled = 0;
	int rc = samc_events_follow(&s, &status, &cancelled, r->err);
	if (rc == SAMC_OK && (cancelled || strcmp(status, "CREATE_COMPLETE") != 0))
		rc = samc_error_set(r->err, SAMC_EAWS, NULL, 0, 0,
				    "the managed stack %s ended in %s", MANAGED_STACK,
				    cancelled ? "an interrupted wait" : status);
	free(status);
	samc_event_stream_clear(&s);
	return rc;
}

static int create_managed_stack(deploy_run *r)
{
	static const samc_cfn_kv TAG = {(char *)"ManagedStackSource", (char *)"AwsSamCli"};
	static const char *const CAPS[] = {"CAPABILITY_IAM"};
	char name[64];
	snprintf(name, sizeof(name), "samcli-managed%lld", (long long)time(NULL));
	samc_cfn_change_set_request q = {0};
	q.stack_name = MANAGED_STACK;
	q.change_set_name = name;
	q.change_set_type = "CREATE";
	q.description = "Managed Stack for samc and AWS SAM CLI";
	q.template_body = MANAGED_TEMPLATE;
	q.capabilities = CAPS;
	q.ncapabilities = 1;
	q.tags = &TAG;
	q.ntags = 1;
	char *cs_id = NULL, *stack_id = NULL;
	samc_progress(r->cb, "Creating the managed stack %s", MANAGED_STACK);
	int rc = samc_cfn_create_change_set(r->client, &q, &cs_id, &stack_id, r->err);
	if (rc == SAMC_OK)
		rc = wait_change_set(r, cs_id);
	if (rc == SAMC_OK)
		rc = samc_cfn_execute_change_set(r->client, MANAGED_STACK, cs_id, -1, r->err);
	if (rc == SAMC_OK)
		rc = follow(r, stack_id);
	free(cs_id);
	free(stack_id);
	return rc;
}

int deploy_resolve_bucket(deploy_run *r)
{
	if (r->o->s3_bucket) {
		r->bucket = samc_strdup(r->o->s3_bucket);
		return r->bucket ? SAMC_OK : SAMC_ENOMEM;
	}
	if (!r->o->resolve_s3)
		return SAMC_OK;
	samc_cfn_stack *st = NULL;
	int rc = samc_cfn_describe_stack(r->client, MANAGED_STACK, &st, r->err);
	if (rc == SAMC_OK && !st)
		rc = create_managed_stack(r);
	samc_cfn_stack_free(st);
	if (rc == SAMC_OK)
		rc = bucket_of_stack(r, &r->bucket);
	if (rc == SAMC_OK)
		samc_progress(r->cb, "Managed S3 bucket: %s", r->bucket);
	return rc;
}
