/* artifacts.c — the table of packageable properties (the resource types and properties SAM CLI
 * packages) and the lookups over it. */
#include "package/artifacts.h"

#include <string.h>

static const pkg_rule RULES[] = {
	{"AWS::Serverless::Function", "CodeUri", PKG_URI, true, true, false},
	{"AWS::Serverless::LayerVersion", "ContentUri", PKG_URI, true, true, false},
	{"AWS::Serverless::Api", "DefinitionUri", PKG_URI, false, false, false},
	{"AWS::Serverless::HttpApi", "DefinitionUri", PKG_URI, false, false, false},
	{"AWS::Serverless::StateMachine", "DefinitionUri", PKG_BUCKET_KEY, false, false, false},
	{"AWS::Serverless::GraphQLApi", "SchemaUri", PKG_URI, false, false, false},
	{"AWS::Serverless::Application", "Location", PKG_HTTPS_URL, false, false, true},
	{"AWS::Lambda::Function", "Code", PKG_S3_BUCKET_KEY, true, true, false},
	{"AWS::Lambda::LayerVersion", "Content", PKG_S3_BUCKET_KEY, true, true, false},
	{"AWS::ApiGateway::RestApi", "BodyS3Location", PKG_BUCKET_KEY, false, false, false},
	{"AWS::ApiGatewayV2::Api", "BodyS3Location", PKG_BUCKET_KEY, false, false, false},
	{"AWS::StepFunctions::StateMachine", "DefinitionS3Location", PKG_BUCKET_KEY, false, false, false},
	{"AWS::AppSync::GraphQLSchema", "DefinitionS3Location", PKG_URI, false, false, false},
	{"AWS::AppSync::Resolver", "RequestMappingTemplateS3Location", PKG_URI, false, false, false},
	{"AWS::AppSync::Resolver", "ResponseMappingTemplateS3Location", PKG_URI, false, false, false},
	{"AWS::AppSync::Resolver", "CodeS3Location", PKG_URI, false, false, false},
	{"AWS::AppSync::FunctionConfiguration", "RequestMappingTemplateS3Location", PKG_URI, false, false, false},
	{"AWS::AppSync::FunctionConfiguration", "ResponseMappingTemplateS3Location", PKG_URI, false, false, false},
	{"AWS::AppSync::FunctionConfiguration", "CodeS3Location", PKG_URI, false, false, false},
	{"AWS::ElasticBeanstalk::ApplicationVersion", "SourceBundle", PKG_S3_BUCKET_KEY, false, true, false},
	{"AWS::Glue::Job", "Command.ScriptLocation", PKG_URI, false, true, false},
	{"AWS::CloudFormation::ModuleVersion", "ModulePackage", PKG_URI, false, true, false},
	{"AWS::CloudFormation::ResourceVersion", "SchemaHandlerPackage", PKG_URI, false, true, false},
	{"AWS::CloudFormation::Stack", "TemplateURL", PKG_HTTPS_URL, false, false, true},
	{"AWS::CloudFormation::StackSet", "TemplateURL", PKG_HTTPS_URL, false, false, false},
};

const pkg_rule *pkg_rules_for(const char *type, size_t *count)
{
	size_t n = sizeof(RULES) / sizeof(RULES[0]);
	*count = 0;
	if (!type)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(RULES[i].type, type) != 0)
			continue;
		size_t j = i;
		while (j < n && strcmp(RULES[j].type, type) == 0)
			j++;
		*count = j - i;
		return &RULES[i];
	}
	return NULL;
}

cJSON *pkg_rule_locate(const pkg_rule *rule, cJSON *props, cJSON **parent, const char **name)
{
	const char *step = rule->path;
	cJSON *node = props;
	*parent = NULL;
	*name = NULL;
	while (node && cJSON_IsObject(node)) {
		const char *dot = strchr(step, '.');
		size_t len = dot ? (size_t)(dot - step) : strlen(step);
		cJSON *child = NULL;
		for (cJSON *c = node->child; c; c = c->next)
			if (strlen(c->string) == len && strncmp(c->string, step, len) == 0)
				child = c;
		if (!dot) {
			*parent = node;
			*name = step;
			return child;
		}
		node = child;
		step = dot + 1;
	}
	return NULL;
}

bool pkg_is_local_path(const char *s)
{
	return s && *s && strncmp(s, "s3://", 5) != 0 && strncmp(s, "https://", 8) != 0 &&
	       strncmp(s, "http://", 7) != 0;
}
