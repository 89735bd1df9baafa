#include "token_info.h"

#include <ctype.h>
#include <json-c/json.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api_error.h"
#include "endpoint.h"
#include "i18n.h"
#include "strnum.h"

/* Nesting limit of the parser. The response is three levels deep. */
#define TOKEN_INFO_JSON_DEPTH 32

/* Maximum length of a count in a string, in bytes. */
#define NUMBER_TEXT_MAX 40

bool token_info_number_parse(const char *text, double *value)
{
	char digits[NUMBER_TEXT_MAX + 1];
	size_t used = 0;
	size_t group = 0;
	bool grouped = false;
	const char *c = text;

	if (strlen(text) > NUMBER_TEXT_MAX || !isdigit((unsigned char)text[0]))
		return false;

	/* Copies the whole part without its commas, checking that each comma
	 * follows one to three digits at first and exactly three later. */
	for (; *c != '\0' && *c != '.'; c++) {
		if (*c == ',') {
			if (group == 0 || group > 3 || (grouped && group != 3))
				return false;
			grouped = true;
			group = 0;
			continue;
		}
		if (!isdigit((unsigned char)*c))
			return false;
		digits[used++] = *c;
		group++;
	}
	if (grouped && group != 3)
		return false;

	if (*c == '.') {
		if (!isdigit((unsigned char)c[1]))
			return false;
		for (; *c != '\0'; c++)
			digits[used++] = *c;
	}
	digits[used] = '\0';
	return strnum_parse_double(digits, value) && isfinite(*value) && *value >= 0.0;
}

static bool json_parse_body(const char *body, size_t length, struct json_object **root,
			    char *err, size_t errlen)
{
	struct json_tokener *tokener;
	enum json_tokener_error error;
	size_t end;

	*root = NULL;
	if (length > INT_MAX) {
		snprintf(err, errlen, _("the response body of %zu bytes is too large to parse"), length);
		return false;
	}
	tokener = json_tokener_new_ex(TOKEN_INFO_JSON_DEPTH);
	if (tokener == NULL) {
		snprintf(err, errlen, _("out of memory"));
		return false;
	}
	json_tokener_set_flags(tokener, JSON_TOKENER_STRICT);
	*root = json_tokener_parse_ex(tokener, body, (int)length);
	error = json_tokener_get_error(tokener);
	end = json_tokener_get_parse_end(tokener);
	json_tokener_free(tokener);

	while (error == json_tokener_success && end < length && strchr(" \t\r\n", body[end]) != NULL)
		end++;
	if (error == json_tokener_success && end == length)
		return true;

	if (error == json_tokener_success)
		snprintf(err, errlen, _("invalid JSON at byte %zu: unexpected data after the end of the JSON value"),
			 end);
	else
		snprintf(err, errlen, _("invalid JSON at byte %zu: %s"), end,
			 json_tokener_error_desc(error == json_tokener_continue ?
						 json_tokener_error_parse_eof : error));
	json_object_put(*root);
	*root = NULL;
	return false;
}

/* Returns the text of a string or number member, else NULL. */
static const char *member_text(struct json_object *object, const char *key)
{
	struct json_object *value = NULL;

	if (object == NULL || !json_object_object_get_ex(object, key, &value) || value == NULL)
		return NULL;
	if (json_object_is_type(value, json_type_string) || json_object_is_type(value, json_type_int) ||
	    json_object_is_type(value, json_type_double))
		return json_object_get_string(value);
	return NULL;
}

/* Writes the API's own error text of any body: the "error" and "msg" of a
 * JSON object, an HTML title, or the start of the text. */
static void error_text_extract(const char *body, size_t length, char *text, size_t textlen)
{
	struct json_object *root = NULL;
	char ignored[8];

	text[0] = '\0';
	if (api_body_is_markup(body, length))
		api_html_title(body, length, text, textlen);
	else if (json_parse_body(body, length, &root, ignored, sizeof(ignored)) &&
		 json_object_is_type(root, json_type_object))
		api_text_combine(member_text(root, "error"), member_text(root, "msg"), text, textlen);
	else
		api_text_sanitize(body, length, API_TEXT_MAX, text, textlen);
	json_object_put(root);
}

/* Reads "code": a whole number or a string of digits; missing or null is
 * 200. Returns false for any other value. */
static bool envelope_code(struct json_object *root, long *code)
{
	struct json_object *value = NULL;
	double number;

	*code = 200;
	if (!json_object_object_get_ex(root, "code", &value) || value == NULL)
		return true;
	if (json_object_is_type(value, json_type_string))
		return strnum_parse_long(json_object_get_string(value), 0, 999999999, code);
	if (!json_object_is_type(value, json_type_int) && !json_object_is_type(value, json_type_double))
		return false;
	number = json_object_get_double(value);
	if (!(number >= 0 && number < 1e9) || rint(number) != number)
		return false;
	*code = (long)number;
	return true;
}

static bool envelope_has_error(struct json_object *root)
{
	struct json_object *error = NULL;

	if (!json_object_object_get_ex(root, "error", &error) || error == NULL)
		return false;
	if (json_object_is_type(error, json_type_object) || json_object_is_type(error, json_type_array))
		return true;
	return json_object_get_boolean(error);
}

static enum token_info_status envelope_check(struct json_object *root, char *err, size_t errlen)
{
	char text[API_TEXT_MAX + 1];
	long code;

	if (!envelope_code(root, &code)) {
		snprintf(err, errlen, _("the API response has an invalid \"code\""));
		return TOKEN_INFO_INVALID;
	}
	if (code == 200 && !envelope_has_error(root))
		return TOKEN_INFO_OK;

	api_text_combine(member_text(root, "error"), member_text(root, "msg"), text, sizeof(text));
	api_error_format(false, code, text, err, errlen);
	return TOKEN_INFO_API_ERROR;
}

/* Returns the object that contains the members. */
static struct json_object *members_find(struct json_object *root, const char **shape)
{
	struct json_object *data = NULL;

	if (json_object_object_get_ex(root, "data", &data) && data != NULL) {
		if (json_object_is_type(data, json_type_object)) {
			*shape = "data object";
			return data;
		}
		if (json_object_is_type(data, json_type_array) && json_object_array_length(data) > 0 &&
		    json_object_is_type(json_object_array_get_idx(data, 0), json_type_object)) {
			*shape = "data array";
			return json_object_array_get_idx(data, 0);
		}
	}
	*shape = "top level";
	return root;
}

/* Reads one count member. missing_ok allows an absent or null member. */
static enum token_info_status count_read(struct json_object *members, const char *key,
					 bool missing_ok, double *value, bool *present,
					 char *err, size_t errlen)
{
	struct json_object *member = NULL;
	char quoted[API_TEXT_MAX + 1];
	const char *text;

	*present = json_object_object_get_ex(members, key, &member) && member != NULL;
	if (!*present) {
		if (missing_ok)
			return TOKEN_INFO_OK;
		snprintf(err, errlen, _("the token_info response has no \"%s\""), key);
		return TOKEN_INFO_INVALID;
	}

	if (json_object_is_type(member, json_type_int) || json_object_is_type(member, json_type_double)) {
		*value = json_object_get_double(member);
		if (isfinite(*value) && *value >= 0.0)
			return TOKEN_INFO_OK;
	} else if (json_object_is_type(member, json_type_string) &&
		   token_info_number_parse(json_object_get_string(member), value)) {
		return TOKEN_INFO_OK;
	}

	text = json_object_get_string(member);
	api_text_sanitize(text, strlen(text), 40, quoted, sizeof(quoted));
	snprintf(err, errlen, _("the token_info response has an invalid \"%s\": '%s'"), key, quoted);
	return TOKEN_INFO_INVALID;
}

static enum token_info_status members_read(struct json_object *root, struct token_info *info,
					   char *err, size_t errlen)
{
	struct json_object *members = members_find(root, &info->shape);
	enum token_info_status status;
	bool present;

	status = count_read(members, "token_limit", false, &info->limit, &present, err, errlen);
	if (status == TOKEN_INFO_OK)
		status = count_read(members, "token_use_today", false, &info->used_token, &present,
				    err, errlen);
	if (status == TOKEN_INFO_OK)
		status = count_read(members, "all_token_today", true, &info->used_all, &info->has_all,
				    err, errlen);
	if (status == TOKEN_INFO_OK && info->limit <= 0.0) {
		snprintf(err, errlen, _("the token_info response has a \"token_limit\" of 0"));
		status = TOKEN_INFO_INVALID;
	}
	return status;
}

static enum token_info_status http_error(long http_status, const char *body, size_t length,
					 char *err, size_t errlen)
{
	char text[API_TEXT_MAX + 1];

	error_text_extract(body, length, text, sizeof(text));
	api_error_format(true, http_status, text, err, errlen);
	return TOKEN_INFO_API_ERROR;
}

enum token_info_status token_info_parse(long http_status, const char *body, size_t length,
					struct token_info *info, char *err, size_t errlen)
{
	struct json_object *root = NULL;
	enum token_info_status status = TOKEN_INFO_INVALID;

	memset(info, 0, sizeof(*info));
	info->shape = "top level";
	if (errlen > 0)
		err[0] = '\0';
	if (body == NULL) {
		body = "";
		length = 0;
	}

	if (http_status < 200 || http_status > 299)
		return http_error(http_status, body, length, err, errlen);
	if (api_body_is_markup(body, length)) {
		char title[API_TEXT_MAX + 1];

		api_html_title(body, length, title, sizeof(title));
		snprintf(err, errlen, _("the API returned HTML instead of JSON (HTTP %ld, title '%s')"),
			 http_status, title);
		return TOKEN_INFO_INVALID;
	}
	if (!json_parse_body(body, length, &root, err, errlen))
		return TOKEN_INFO_INVALID;
	if (!json_object_is_type(root, json_type_object)) {
		snprintf(err, errlen, _("the API response is not a JSON object"));
		goto out;
	}

	status = envelope_check(root, err, errlen);
	if (status == TOKEN_INFO_OK)
		status = members_read(root, info, err, errlen);
out:
	json_object_put(root);
	if (status != TOKEN_INFO_OK) {
		memset(info, 0, sizeof(*info));
		info->shape = "top level";
	}
	return status;
}

double token_info_used(const struct token_info *info, bool token_only)
{
	if (token_only || !info->has_all || info->used_all < info->used_token)
		return info->used_token;
	return info->used_all;
}

static bool url_valid(const char *url)
{
	if (strncasecmp(url, "http://", 7) != 0 && strncasecmp(url, "https://", 8) != 0)
		return false;
	for (const unsigned char *c = (const unsigned char *)url; *c != '\0'; c++)
		if (*c <= 0x20 || *c == 0x7f)
			return false;
	return true;
}

char *token_info_build_url(const char *server, const char *url, char *err, size_t errlen)
{
	char *result = NULL;
	int length;

	if (url != NULL) {
		if (!url_valid(url)) {
			snprintf(err, errlen,
				 _("invalid URL '%s': it must start with http:// or https:// and contain no spaces"),
				 url);
			return NULL;
		}
		length = asprintf(&result, "%s%sapi=token_info", url, strchr(url, '?') != NULL ? "&" : "?");
	} else {
		if (server == NULL || !endpoint_server_valid(server)) {
			snprintf(err, errlen,
				 _("invalid server '%s': give the operation's server nomenclature, such as 0010"),
				 server != NULL ? server : "");
			return NULL;
		}
		length = asprintf(&result, "https://wv%s.wolkvox.com%s?api=token_info", server,
				  TOKEN_INFO_PATH);
	}
	if (length < 0) {
		snprintf(err, errlen, _("out of memory"));
		return NULL;
	}
	return result;
}

static const char *const shapes[] = { "data object", "data array", "top level" };

void token_info_encode(const struct token_info *info, struct codec_writer *writer)
{
	uint8_t shape = 2;
	uint64_t bits[3];

	for (uint8_t i = 0; i < 3; i++)
		if (info->shape != NULL && strcmp(info->shape, shapes[i]) == 0)
			shape = i;
	memcpy(&bits[0], &info->limit, sizeof(bits[0]));
	memcpy(&bits[1], &info->used_token, sizeof(bits[1]));
	memcpy(&bits[2], &info->used_all, sizeof(bits[2]));

	codec_put_u8(writer, shape);
	codec_put_u8(writer, info->has_all ? 1 : 0);
	for (size_t i = 0; i < 3; i++)
		codec_put_u64(writer, bits[i]);
}

bool token_info_decode(struct codec_reader *reader, struct token_info *info)
{
	uint8_t shape = codec_get_u8(reader);
	uint8_t has_all = codec_get_u8(reader);
	uint64_t bits[3];

	for (size_t i = 0; i < 3; i++)
		bits[i] = codec_get_u64(reader);
	memset(info, 0, sizeof(*info));
	if (!codec_reader_done(reader) || shape > 2 || has_all > 1)
		return false;

	memcpy(&info->limit, &bits[0], sizeof(bits[0]));
	memcpy(&info->used_token, &bits[1], sizeof(bits[1]));
	memcpy(&info->used_all, &bits[2], sizeof(bits[2]));
	info->has_all = has_all == 1;
	info->shape = shapes[shape];
	if (!isfinite(info->limit) || info->limit <= 0.0 || !isfinite(info->used_token) ||
	    info->used_token < 0.0 || !isfinite(info->used_all) || info->used_all < 0.0) {
		memset(info, 0, sizeof(*info));
		return false;
	}
	return true;
}
