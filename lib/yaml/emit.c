/* emit.c — a cJSON tree as YAML through libyaml's emitter: block style, short-tag intrinsics,
 * and the scalar styles that make every value load back (PyYAML SafeLoader rules) unchanged. */
#define _POSIX_C_SOURCE 200809L

#include "yaml/emit.h"

#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "doc/doc.h"
#include "util/utf8.h"

/* Plain scalars a YAML loader would not read as strings, anchored. The forms of PyYAML's
 * resolver (bool, null, merge, value, int, float, timestamp), plus YAML 1.1's y/n booleans and
 * the numbers of YAML 1.2 and SnakeYAML (1e3, 0o17), so CloudFormation reads them as strings. */
static const char NON_STRING_PLAIN[] =
	"^("
	"yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|y|Y|n|N"
	"|~|null|Null|NULL|<<|="
	"|[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
	"|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+"
	"|[-+]?[0-9][0-9_]*\\.[0-9_]*([eE][-+][0-9]+)?|\\.[0-9][0-9_]*([eE][-+][0-9]+)?"
	"|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)"
	"|[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
	"|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?([Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9]"
	"(\\.[0-9]*)?([ \t]*(Z|[-+][0-9][0-9]?(:[0-9][0-9])?))?"
	"|[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?0o[0-7]+"
	")$";

/* Every form above starts with one of these; other strings skip the regex. */
static const char NON_STRING_FIRST_CHARS[] = "0123456789+-.~<=yYnNtTfFoO";

/* Plain scalars starting with these are indicators or would be read as such. */
static const char INDICATOR_CHARS[] = "-?:,[]{}#&*!|>'\"%@`";

enum { TAG_MAX = 64 };

typedef struct yaml_out {
	yaml_emitter_t emitter;
	regex_t non_string_plain;
	bool ok; /* false after the first failure: the remaining events are skipped */
} yaml_out;

static bool emit_node(yaml_out *o, const cJSON *v);

/* ---- UTF-8: libyaml refuses invalid text, so it is repaired first ---- */

/* Length of the valid UTF-8 sequence at s, or 0 when it is invalid. */
static size_t utf8_valid_length(const unsigned char *s)
{
	uint32_t cp;
	bool valid;
	size_t n = samc_utf8_decode((const char *)s, SIZE_MAX, &cp, &valid);
	return valid ? n : 0;
}

static bool is_valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;
	while (*p && (n = utf8_valid_length(p)) > 0)
		p += n;
	return *p == '\0';
}

/* A copy of s with each invalid byte replaced by U+FFFD (malloc'd; NULL on oom). */
static char *repaired_utf8(const char *s)
{
	samc_buf b = SAMC_BUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t n = utf8_valid_length(p);
		if (n)
			samc_buf_put(&b, (const char *)p, n);
		else
			samc_buf_puts(&b, "\xEF\xBF\xBD");
		p += n ? n : 1;
	}
	return samc_buf_detach(&b);
}

/* ---- events ---- */

/* Emits ev when initialized succeeded; records the first failure. */
static bool emit_event(yaml_out *o, yaml_event_t *ev, int initialized)
{
	if (!initialized)
		o->ok = false;
	else if (!yaml_emitter_emit(&o->emitter, ev))
		o->ok = false;
	return o->ok;
}

/* A scalar with a tag (then never implicit) or without one (then plain/quoted implicit). */
static bool emit_scalar(yaml_out *o, const char *tag, const char *text, yaml_scalar_style_t style)
{
	yaml_event_t ev;
	bool implicit = tag == NULL;
	return emit_event(o, &ev,
			  yaml_scalar_event_initialize(&ev, NULL, (const yaml_char_t *)tag,
						       (const yaml_char_t *)text, (int)strlen(text),
						       implicit, implicit, style));
}

/* ---- strings ---- */

/* Whether s holds a line break other than '\n' (CR, NEL, LS, PS): a literal block or a
 * single-quoted scalar would turn it into '\n' or a space on loading. */
static bool has_foreign_line_break(const char *s)
{
	return strchr(s, '\r') || strstr(s, "\xC2\x85") || strstr(s, "\xE2\x80\xA8") ||
	       strstr(s, "\xE2\x80\xA9");
}

static bool reads_as_non_string(const yaml_out *o, const char *s)
{
	if (!strchr(NON_STRING_FIRST_CHARS, s[0]))
		return false;
	return regexec(&o->non_string_plain, s, 0, NULL, 0) == 0;
}

/* The style asked of libyaml; it picks a safer one when the text needs it (e.g. plain text
 * with ": " or leading spaces becomes single-quoted, text with control characters
 * double-quoted). */
static yaml_scalar_style_t string_style(const yaml_out *o, const char *s)
{
	if (has_foreign_line_break(s))
		return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	if (strchr(s, '\n'))
		return YAML_LITERAL_SCALAR_STYLE;
	if (s[0] == '\0' || strchr(INDICATOR_CHARS, s[0]) || reads_as_non_string(o, s))
		return YAML_SINGLE_QUOTED_SCALAR_STYLE;
	return YAML_PLAIN_SCALAR_STYLE;
}

static bool emit_string(yaml_out *o, const char *tag, const char *s)
{
	if (!s)
		s = "";
	if (is_valid_utf8(s))
		return emit_scalar(o, tag, s, string_style(o, s));
	char *repaired = repaired_utf8(s);
	if (!repaired)
		return o->ok = false;
	bool ok = emit_scalar(o, tag, repaired, string_style(o, repaired));
	free(repaired);
	return ok;
}

/* ---- numbers and other scalars ---- */

static const char *special_float_spelling(const char *text)
{
	if (strcmp(text, "NaN") == 0)
		return ".nan";
	if (strcmp(text, "Infinity") == 0)
		return ".inf";
	if (strcmp(text, "-Infinity") == 0)
		return "-.inf";
	return NULL;
}

/* YAML 1.1 reads a float only with a '.' and a signed exponent: "1e-05" becomes "1.0e-05",
 * "1E5" becomes "1.0E+5"; other texts are copied. */
static void put_yaml_float_text(samc_buf *b, const char *text)
{
	const char *e = strpbrk(text, "eE");
	if (!e) {
		samc_buf_puts(b, text);
		return;
	}
	samc_buf_put(b, text, (size_t)(e - text));
	if (!memchr(text, '.', (size_t)(e - text)))
		samc_buf_puts(b, ".0");
	samc_buf_putc(b, *e);
	if (e[1] != '-' && e[1] != '+')
		samc_buf_putc(b, '+');
	samc_buf_puts(b, e + 1);
}

static bool emit_number(yaml_out *o, const cJSON *v)
{
	char buf[32];
	const char *text = samc_number_text(v, buf);
	const char *special = special_float_spelling(text);
	if (special)
		return emit_scalar(o, NULL, special, YAML_PLAIN_SCALAR_STYLE);
	samc_buf yaml_text = SAMC_BUF_INIT;
	put_yaml_float_text(&yaml_text, text);
	const char *s = samc_buf_cstr(&yaml_text);
	bool ok = s ? emit_scalar(o, NULL, s, YAML_PLAIN_SCALAR_STYLE) : (o->ok = false);
	samc_buf_free(&yaml_text);
	return ok;
}

/* A raw node holds JSON text: its value is written. */
static bool emit_raw(yaml_out *o, const cJSON *v)
{
	cJSON *parsed = v->valuestring ? cJSON_Parse(v->valuestring) : NULL;
	if (!parsed)
		return emit_string(o, NULL, v->valuestring);
	bool ok = emit_node(o, parsed);
	cJSON_Delete(parsed);
	return ok;
}

/* ---- collections ---- */

static bool emit_sequence(yaml_out *o, const char *tag, const cJSON *v)
{
	yaml_event_t ev;
	yaml_sequence_style_t style = v->child ? YAML_BLOCK_SEQUENCE_STYLE : YAML_FLOW_SEQUENCE_STYLE;
	if (!emit_event(o, &ev, yaml_sequence_start_event_initialize(
					 &ev, NULL, (const yaml_char_t *)tag, tag == NULL, style)))
		return false;
	for (const cJSON *item = v->child; item; item = item->next)
		if (!emit_node(o, item))
			return false;
	return emit_event(o, &ev, yaml_sequence_end_event_initialize(&ev));
}

static bool emit_mapping(yaml_out *o, const char *tag, const cJSON *v)
{
	yaml_event_t ev;
	yaml_mapping_style_t style = v->child ? YAML_BLOCK_MAPPING_STYLE : YAML_FLOW_MAPPING_STYLE;
	if (!emit_event(o, &ev, yaml_mapping_start_event_initialize(
					 &ev, NULL, (const yaml_char_t *)tag, tag == NULL, style)))
		return false;
	for (const cJSON *member = v->child; member; member = member->next)
		if (!emit_string(o, NULL, member->string) || !emit_node(o, member))
			return false;
	return emit_event(o, &ev, yaml_mapping_end_event_initialize(&ev));
}

/* ---- intrinsic functions in short form ---- */

static bool is_alphanumeric(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
			return false;
	return true;
}

/* The tag name a loader maps back to key: "Ref" and "Condition" for themselves, "Name" for
 * "Fn::Name"; NULL when key has no short form. */
static const char *short_tag_name(const char *key)
{
	if (!key)
		return NULL;
	if (strcmp(key, "Ref") == 0 || strcmp(key, "Condition") == 0)
		return key;
	if (strncmp(key, "Fn::", 4) != 0)
		return NULL;
	const char *name = key + 4;
	if (!*name || !is_alphanumeric(name) || strcmp(name, "Ref") == 0 ||
	    strcmp(name, "Condition") == 0)
		return NULL;
	return name;
}

/* ["Resource", "Attribute"] as !GetAtt Resource.Attribute: loaders split at the first '.',
 * so the resource name must have none. */
static bool is_dotted_getatt(const cJSON *arg)
{
	const cJSON *first = cJSON_IsArray(arg) ? arg->child : NULL;
	const cJSON *second = first ? first->next : NULL;
	return second && !second->next && cJSON_IsString(first) && cJSON_IsString(second) &&
	       !strchr(first->valuestring, '.');
}

static bool emit_dotted_getatt(yaml_out *o, const char *tag, const cJSON *arg)
{
	char *joined = samc_strfmt("%s.%s", arg->child->valuestring, arg->child->next->valuestring);
	if (!joined)
		return o->ok = false;
	bool ok = emit_string(o, tag, joined);
	free(joined);
	return ok;
}

/* Whether a tagged node loads back as arg: a tagged scalar always loads as a string (and a
 * scalar !GetAtt as a split list), collections load as themselves. */
static bool tag_can_carry(const char *name, const cJSON *arg)
{
	if (cJSON_IsArray(arg) || cJSON_IsObject(arg))
		return true;
	return cJSON_IsString(arg) && strcmp(name, "GetAtt") != 0;
}

static bool emit_tagged(yaml_out *o, const char *name, const cJSON *arg)
{
	char tag[TAG_MAX];
	snprintf(tag, sizeof(tag), "!%s", name);
	if (strcmp(name, "GetAtt") == 0 && is_dotted_getatt(arg))
		return emit_dotted_getatt(o, tag, arg);
	if (cJSON_IsArray(arg))
		return emit_sequence(o, tag, arg);
	if (cJSON_IsObject(arg))
		return emit_mapping(o, tag, arg);
	return emit_string(o, tag, arg->valuestring);
}

static bool emit_object(yaml_out *o, const cJSON *v)
{
	const cJSON *only = v->child && !v->child->next ? v->child : NULL;
	const char *name = only ? short_tag_name(only->string) : NULL;
	if (name && strlen(name) + 2 <= TAG_MAX && tag_can_carry(name, only))
		return emit_tagged(o, name, only);
	return emit_mapping(o, NULL, v);
}

static bool emit_node(yaml_out *o, const cJSON *v)
{
	if (!v)
		return emit_scalar(o, NULL, "null", YAML_PLAIN_SCALAR_STYLE);
	if (cJSON_IsObject(v))
		return emit_object(o, v);
	if (cJSON_IsArray(v))
		return emit_sequence(o, NULL, v);
	if (cJSON_IsString(v))
		return emit_string(o, NULL, v->valuestring);
	if (cJSON_IsNumber(v))
		return emit_number(o, v);
	if (cJSON_IsRaw(v))
		return emit_raw(o, v);
	if (cJSON_IsTrue(v) || cJSON_IsFalse(v))
		return emit_scalar(o, NULL, cJSON_IsTrue(v) ? "true" : "false", YAML_PLAIN_SCALAR_STYLE);
	return emit_scalar(o, NULL, "null", YAML_PLAIN_SCALAR_STYLE);
}

/* ---- the document ---- */

static int write_to_buf(void *data, unsigned char *bytes, size_t size)
{
	samc_buf *b = data;
	samc_buf_put(b, (const char *)bytes, size);
	return !b->oom;
}

/* The stream end event flushes the emitter's buffer into b. */
static bool emit_document(yaml_out *o, const cJSON *root)
{
	yaml_event_t ev;
	return emit_event(o, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING)) &&
	       emit_event(o, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1)) &&
	       emit_node(o, root) &&
	       emit_event(o, &ev, yaml_document_end_event_initialize(&ev, 1)) &&
	       emit_event(o, &ev, yaml_stream_end_event_initialize(&ev));
}

static bool yaml_out_init(yaml_out *o, samc_buf *b)
{
	o->ok = true;
	if (regcomp(&o->non_string_plain, NON_STRING_PLAIN, REG_EXTENDED | REG_NOSUB) != 0)
		return false;
	if (!yaml_emitter_initialize(&o->emitter)) {
		regfree(&o->non_string_plain);
		return false;
	}
	yaml_emitter_set_output(&o->emitter, write_to_buf, b);
	yaml_emitter_set_unicode(&o->emitter, 1);
	yaml_emitter_set_indent(&o->emitter, 2);
	yaml_emitter_set_width(&o->emitter, -1);
	yaml_emitter_set_break(&o->emitter, YAML_LN_BREAK);
	return true;
}

/* libyaml closes a stream whose text holds a "|+" block scalar with a "..." line; at the end
 * of the text that line changes nothing, so it goes. */
static void drop_document_end_marker(samc_buf *b, size_t start)
{
	static const char marker[] = "\n...\n";
	size_t n = sizeof(marker) - 1;
	if (b->oom || b->len < start + n || memcmp(b->ptr + b->len - n, marker, n) != 0)
		return;
	b->len -= n - 1;
	b->ptr[b->len] = '\0';
}

/* Failures (only memory exhaustion: the text is repaired beforehand) mark b as oom, the
 * buffer's one failure channel. */
void samc_yaml_emit(samc_buf *b, const cJSON *root)
{
	yaml_out o;
	size_t start = b->len;
	if (!yaml_out_init(&o, b)) {
		b->oom = true;
		return;
	}
	if (emit_document(&o, root))
		drop_document_end_marker(b, start);
	else
		b->oom = true;
	yaml_emitter_delete(&o.emitter);
	regfree(&o.non_string_plain);
}
