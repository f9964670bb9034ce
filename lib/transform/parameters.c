/* parameters.c — parameter values for a transform: --parameter-overrides text in SAM CLI's
 * syntax, then template defaults, then the AWS::Region / AWS::Partition pseudo parameters. */
#include "transform/parameters.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "json/members.h"
#include "util/buf.h"
#include "util/error.h"

/* Reads one token up to whitespace (or `stop`), honouring '...' and "..." quoting. */
static const char *read_token(const char *p, char stop, samc_buf *out)
{
	while (*p && !isspace((unsigned char)*p) && *p != stop) {
		if (*p == '"' || *p == '\'') {
			char q = *p++;
			while (*p && *p != q) {
				if (*p == '\\' && q == '"' && p[1])
					p++;
				samc_buf_putc(out, *p++);
			}
			if (*p == q)
				p++;
		} else if (*p == '\\' && p[1]) {
			samc_buf_putc(out, p[1]);
			p += 2;
		} else
			samc_buf_putc(out, *p++);
	}
	return p;
}

/* "ParameterKey=K,ParameterValue=V" (the CloudFormation CLI form). */
static bool parse_cfn_form(const char *token, samc_buf *key, samc_buf *value)
{
	static const char K[] = "ParameterKey=", V[] = ",ParameterValue=";
	if (strncmp(token, K, sizeof(K) - 1) != 0)
		return false;
	const char *v = strstr(token, V);
	if (!v)
		return false;
	samc_buf_put(key, token + sizeof(K) - 1, (size_t)(v - token - (sizeof(K) - 1)));
	samc_buf_puts(value, v + sizeof(V) - 1);
	return true;
}

int samc_parse_parameter_overrides(const char *text, cJSON *out, samc_error **err)
{
	const char *p = text ? text : "";
	while (*p) {
		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		samc_buf raw = SAMC_BUF_INIT, key = SAMC_BUF_INIT, value = SAMC_BUF_INIT;
		const char *start = p;
		p = read_token(p, '\0', &raw);
		const char *token = samc_buf_cstr(&raw);
		const char *eq = token ? strchr(token, '=') : NULL;
		int rc = 0;
		if (token && parse_cfn_form(token, &key, &value))
			;
		else if (eq && eq != token) {
			samc_buf_put(&key, token, (size_t)(eq - token));
			samc_buf_puts(&value, eq + 1);
		} else
			rc = samc_error_set(err, SAMC_EUSAGE, NULL, 0, 0,
					    "invalid parameter override '%.*s': expected Key=Value", (int)(p - start),
					    start);
		if (!rc) {
			/* a key given twice keeps its last value, as SAM CLI does */
			cJSON_DeleteItemFromObjectCaseSensitive(out, samc_buf_cstr(&key));
			samc_json_add_key(out, samc_buf_cstr(&key), cJSON_CreateString(samc_buf_cstr(&value)));
		}
		samc_buf_free(&raw);
		samc_buf_free(&key);
		samc_buf_free(&value);
		if (rc)
			return rc;
	}
	return 0;
}

void samc_add_default_parameters(cJSON *params, const cJSON *tpl, const char *region, const char *partition)
{
	const cJSON *decls = cJSON_GetObjectItemCaseSensitive(tpl, "Parameters");
	if (cJSON_IsObject(decls)) {
		for (const cJSON *d = decls->child; d; d = d->next) {
			const cJSON *def = cJSON_IsObject(d) ? cJSON_GetObjectItemCaseSensitive(d, "Default") : NULL;
			if (def && !cJSON_GetObjectItemCaseSensitive(params, d->string))
				samc_json_add_key(params, d->string, cJSON_Duplicate(def, 1));
		}
	}
	if (!cJSON_GetObjectItemCaseSensitive(params, "AWS::Region"))
		SAMC_JSON_ADD_STRING(params, "AWS::Region", region);
	if (!cJSON_GetObjectItemCaseSensitive(params, "AWS::Partition"))
		SAMC_JSON_ADD_STRING(params, "AWS::Partition", partition);
}
