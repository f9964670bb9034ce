/* keys.c — the static table of well-known template keys (sections, resource attributes,
 * intrinsic functions, common properties) that loaded members share instead of copying. */
#include "json/keys.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Sorted as strcmp orders them (bsearch); one contiguous array, so whether a key points into
 * it is a range check. Each name is shorter than the row. */
static const char KEYS[][SAMC_STATIC_KEY_ROW] = {
	"AWS", "AWSTemplateFormatVersion", "Action", "AlarmActions", "Alarms", "Alias",
	"AllowedPattern", "AllowedValues", "Api", "ApiId", "ApplicationId", "Architectures", "Arn",
	"AssumeRolePolicyDocument", "AttributeDefinitions", "AttributeName", "AttributeType",
	"Auth", "AutoPublishAlias", "BasePath", "BatchSize", "BillingMode", "Bucket",
	"CertificateArn", "Code", "CodeSigningConfigArn", "CodeUri", "ComparisonOperator",
	"CompatibleRuntimes", "Condition", "Conditions", "ConstraintDescription", "ContentUri",
	"Cors", "CreationPolicy", "DeadLetterQueue", "Default", "Definition", "DefinitionBody",
	"DefinitionSubstitutions", "DefinitionUri", "DeletionPolicy", "DependsOn",
	"DeploymentPreference", "Description", "Destination", "DestinationConfig", "Dimensions",
	"Domain", "DomainName", "Effect", "Enabled", "Endpoint", "Environment", "EphemeralStorage",
	"EvaluationPeriods", "EventInvokeConfig", "EventSourceArn", "Events", "Export",
	"Federated", "FilterCriteria", "Filters", "Fn::And", "Fn::Base64", "Fn::Cidr",
	"Fn::Equals", "Fn::FindInMap", "Fn::ForEach", "Fn::GetAZs", "Fn::GetAtt",
	"Fn::GetStackOutput", "Fn::If", "Fn::ImportValue", "Fn::Join", "Fn::Length", "Fn::Not",
	"Fn::Or", "Fn::Select", "Fn::Split", "Fn::Sub", "Fn::ToJsonString", "Fn::Transform",
	"Format", "FunctionName", "FunctionUrlConfig", "Globals", "Handler", "Hooks",
	"HostedZoneId", "Id", "ImageConfig", "ImageUri", "InlineCode", "Input", "Key", "KeySchema",
	"KeyType", "KmsKeyArn", "LayerName", "Layers", "Location", "LogGroupName", "Logging",
	"LoggingConfig", "ManagedPolicyArns", "Mappings", "MaxLength", "MaxValue",
	"MaximumEventAgeInSeconds", "MaximumRetryAttempts", "MemorySize", "Metadata", "Method",
	"MetricName", "MinLength", "MinValue", "Name", "Namespace", "NoEcho", "NotAction",
	"NotResource", "OnFailure", "OnSuccess", "Outputs", "PackageType", "Parameters", "Path",
	"Pattern", "Period", "Permissions", "PermissionsBoundary", "Policies", "PolicyDocument",
	"PolicyName", "PostTraffic", "PreTraffic", "Prefix", "PrimaryKey", "Principal",
	"Properties", "Protocol", "ProvisionedConcurrencyConfig", "ProvisionedThroughput", "Queue",
	"QueueName", "Ref", "ReservedConcurrentExecutions", "Resource", "Resources", "RestApiId",
	"RetentionInDays", "Role", "RoleName", "Route53", "Rules", "Runtime",
	"RuntimeManagementConfig", "S3Bucket", "S3Key", "S3ObjectVersion", "SSESpecification",
	"Schedule", "ScheduleExpression", "SecurityGroupIds", "SemanticVersion", "Service", "Sid",
	"SnapStart", "Source", "SourceAccount", "SourceArn", "Stage", "StageName",
	"StartingPosition", "Statement", "Statistic", "Stream", "SubnetIds", "Subscription",
	"Suffix", "Table", "TableName", "Tags", "Target", "Threshold", "Timeout", "Topic",
	"TopicArn", "TopicName", "Tracing", "Transform", "Type", "UpdatePolicy",
	"UpdateReplacePolicy", "Url", "Value", "Variables", "Version", "VpcConfig", "ZipFile"
};

#define NKEYS (sizeof(KEYS) / sizeof(KEYS[0]))

static int compare_key(const void *name, const void *row)
{
	return strcmp(name, row);
}

const char *samc_static_key(const char *name)
{
	if (!name || strlen(name) >= SAMC_STATIC_KEY_ROW)
		return NULL;
	return bsearch(name, KEYS, NKEYS, sizeof(KEYS[0]), compare_key);
}

bool samc_is_static_key(const char *p)
{
	return (uintptr_t)p - (uintptr_t)KEYS[0] < sizeof(KEYS);
}

size_t samc_static_key_count(void)
{
	return NKEYS;
}

const char *samc_static_key_at(size_t i)
{
	return i < NKEYS ? KEYS[i] : NULL;
}
