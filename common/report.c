#include "report.h"

#include <json-c/json.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_error.h"
#include "i18n.h"
#include "timeutil.h"
#include "verbose.h"

/*
 * Notes on json-c 0.16 in strict mode, checked against the library:
 * - It accepts bytes that are not valid UTF-8 inside strings unless
 *   JSON_TOKENER_VALIDATE_UTF8 is set. That flag stays off, so an agent name
 *   with invalid UTF-8 is kept as sent and the output layer sanitizes it.
 * - It accepts NaN and Infinity, so the parsed tree is searched for them.
 * - It still accepts single-quoted strings and raw control characters inside
 *   strings, which RFC 8259 does not allow. Both are read as their content.
 * - A UTF-8 byte order mark is an error at byte 0. It is rejected here with a
 *   message that names it: RFC 8259 forbids sending one and only allows a
 *   parser to ignore it.
 */

/* Nesting limit of the parser. A report is three levels deep. */
#define REPORT_JSON_DEPTH 64

/* Maximum length in bytes of a record's value quoted in first_invalid. */
#define REPORT_VALUE_QUOTE_MAX 48

enum field {
	FIELD_AGENT_ID,
	FIELD_AGENT_DNI,
	FIELD_AGENT_NAME,
	FIELD_LOGIN,
	FIELD_LOGOUT,
	FIELD_LOGIN_TIME,
	FIELD_COUNT
};

static const char *const field_keys[FIELD_COUNT] = {
	"agent_id", "agent_dni", "agent_name", "login", "logout", "login_time",
};

enum record_result {
	RECORD_SESSION,
	RECORD_EMPTY,
	RECORD_INVALID,
	RECORD_NO_MEMORY
};

__attribute__((format(printf, 3, 4)))
static void message_set(char *err, size_t errlen, const char *format, ...)
{
	va_list args;

	if (errlen == 0)
		return;
	va_start(args, format);
	vsnprintf(err, errlen, format, args);
	va_end(args);
}

static bool is_json_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool text_is_blank(const char *text, size_t length)
{
	for (size_t i = 0; i < length; i++) {
		if (!is_json_space(text[i]))
			return false;
	}
	return true;
}

static bool has_bom(const char *body, size_t length)
{
	return length >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0;
}

static bool content_type_is_html(const char *content_type)
{
	return content_type != NULL && strstr(content_type, "html") != NULL;
}

/* Returns the name of a JSON type for messages. NULL is JSON null. */
static const char *json_type_label(struct json_object *value)
{
	if (value == NULL)
		return "null";
	if (json_object_is_type(value, json_type_int) || json_object_is_type(value, json_type_double))
		return "number";
	return json_type_to_name(json_object_get_type(value));
}

/* Returns true when a NaN or an infinity occurs anywhere in value. */
static bool json_has_nonfinite(struct json_object *value)
{
	size_t count;

	switch (json_object_get_type(value)) {
	case json_type_double:
		return !isfinite(json_object_get_double(value));
	case json_type_array:
		count = json_object_array_length(value);
		for (size_t i = 0; i < count; i++) {
			if (json_has_nonfinite(json_object_array_get_idx(value, i)))
				return true;
		}
		return false;
	case json_type_object: {
		json_object_object_foreach(value, key, member) {
			(void)key;
			if (json_has_nonfinite(member))
				return true;
		}
		return false;
	}
	default:
		return false;
	}
}

/*
 * Parses the whole body in strict mode into *root (NULL for JSON null).
 * Only white space may follow the value. A scalar at the very end of the body
 * leaves the tokener waiting for more input, so a space is fed to end it.
 */
static bool json_parse_body(const char *body, size_t length, struct json_object **root,
			    char *err, size_t errlen)
{
	struct json_tokener *tokener = NULL;
	enum json_tokener_error error;
	size_t end;
	bool parsed = false;

	*root = NULL;
	if (length > INT_MAX) {
		message_set(err, errlen, _("the response body of %zu bytes is too large to parse"), length);
		return false;
	}
	tokener = json_tokener_new_ex(REPORT_JSON_DEPTH);
	if (tokener == NULL) {
		message_set(err, errlen, _("out of memory"));
		return false;
	}
	json_tokener_set_flags(tokener, JSON_TOKENER_STRICT);

	*root = json_tokener_parse_ex(tokener, body, (int)length);
	error = json_tokener_get_error(tokener);
	end = json_tokener_get_parse_end(tokener);
	if (error == json_tokener_continue) {
		*root = json_tokener_parse_ex(tokener, " ", 1);
		error = json_tokener_get_error(tokener);
		end = length;
	}
	if (error == json_tokener_continue)
		error = json_tokener_error_parse_eof;

	if (error != json_tokener_success) {
		message_set(err, errlen, _("invalid JSON at byte %zu: %s"), end,
			    json_tokener_error_desc(error));
		goto out;
	}
	if (!text_is_blank(body + end, length - end)) {
		message_set(err, errlen, _("invalid JSON at byte %zu: unexpected data after the end of the JSON value"),
			    end);
		goto out;
	}
	if (*root != NULL && json_has_nonfinite(*root)) {
		message_set(err, errlen, _("invalid JSON: NaN and Infinity are not JSON numbers"));
		goto out;
	}
	parsed = true;

out:
	if (!parsed) {
		json_object_put(*root);
		*root = NULL;
	}
	json_tokener_free(tokener);
	return parsed;
}

/* Returns the text of a string or number member, or NULL for any other type
 * and when the member is missing. */
static const char *json_member_text(struct json_object *object, const char *key)
{
	struct json_object *value = NULL;

	if (!json_object_object_get_ex(object, key, &value))
		return NULL;
	if (json_object_is_type(value, json_type_string) || json_object_is_type(value, json_type_int) ||
	    json_object_is_type(value, json_type_double))
		return json_object_get_string(value);
	return NULL;
}

/* Extracts the API's error text of a response that is not a report: the
 * "error" and "msg" members of a JSON object, the title of an HTML page, or
 * the start of any other text. */
static void error_text_extract(const char *body, size_t length, const char *content_type,
			       char *text, size_t textlen)
{
	struct json_object *root = NULL;
	char ignored[8];

	text[0] = '\0';
	if (length == 0)
		return;
	if (api_body_is_markup(body, length)) {
		api_html_title(body, length, text, textlen);
		return;
	}

	if (json_parse_body(body, length, &root, ignored, sizeof ignored) &&
	    json_object_is_type(root, json_type_object))
		api_text_combine(json_member_text(root, "error"), json_member_text(root, "msg"),
				 text, textlen);
	else if (content_type_is_html(content_type))
		api_html_title(body, length, text, textlen);
	else
		api_text_sanitize(body, length, API_TEXT_MAX, text, textlen);

	json_object_put(root);
}

static bool code_parse_number(double number, long *code)
{
	if (number < 0 || number >= 1e9 || rint(number) != number)
		return false;
	*code = (long)number;
	return true;
}

static bool code_parse_text(const char *text, long *code)
{
	char *end = NULL;

	if (text[0] < '0' || text[0] > '9' || strlen(text) > 9)
		return false;
	*code = strtol(text, &end, 10);
	return *end == '\0';
}

/* Reads "code" into *code: a whole number (also written as 200.0) or a
 * string of digits. Missing and null leave *code at 200. */
static enum report_status envelope_read_code(struct json_object *root, struct report *report,
					     long *code, char *err, size_t errlen)
{
	struct json_object *value = NULL;
	char quoted[32];
	const char *text;

	*code = 200;
	report->code_shape = "missing";
	if (!json_object_object_get_ex(root, "code", &value) || value == NULL)
		return REPORT_OK;

	if (json_object_is_type(value, json_type_int)) {
		report->code_shape = "number";
		*code = (long)json_object_get_int64(value);
		return REPORT_OK;
	}
	if (json_object_is_type(value, json_type_double)) {
		report->code_shape = "number";
		if (code_parse_number(json_object_get_double(value), code))
			return REPORT_OK;
	} else if (json_object_is_type(value, json_type_string)) {
		report->code_shape = "string";
		if (code_parse_text(json_object_get_string(value), code))
			return REPORT_OK;
	} else {
		message_set(err, errlen, _("the API response has a \"code\" of type %s"),
			    json_type_label(value));
		return REPORT_INVALID;
	}

	text = json_object_get_string(value);
	api_text_sanitize(text, strlen(text), sizeof quoted - 1, quoted, sizeof quoted);
	message_set(err, errlen, _("the API response has an invalid \"code\" '%s'"), quoted);
	return REPORT_INVALID;
}

/* Returns true when "error" is present and not null, false, 0 or "". */
static bool envelope_has_error(struct json_object *root)
{
	struct json_object *error = NULL;

	if (!json_object_object_get_ex(root, "error", &error) || error == NULL)
		return false;
	if (json_object_is_type(error, json_type_object) || json_object_is_type(error, json_type_array))
		return true;
	return json_object_get_boolean(error);
}

/* Returns REPORT_API_ERROR when the envelope reports an error: a "code" other
 * than 200, or an "error" member that envelope_has_error() accepts. */
static enum report_status envelope_check(struct json_object *root, struct report *report,
					 char *err, size_t errlen)
{
	enum report_status status;
	char text[API_TEXT_MAX + 1];
	long code;

	status = envelope_read_code(root, report, &code, err, errlen);
	if (status != REPORT_OK)
		return status;
	if (code == 200 && !envelope_has_error(root))
		return REPORT_OK;

	api_text_combine(json_member_text(root, "error"), json_member_text(root, "msg"),
			 text, sizeof text);
	api_error_format(false, code, text, err, errlen);
	return REPORT_API_ERROR;
}

/*
 * Points *text at the text of a record's member, or at NULL when the member
 * is missing or null. Numbers are read as their JSON text. Returns false and
 * writes the reason for other types, for a string with a NUL character, and
 * for an integer that json-c clamped because it overflows 64 bits.
 */
static bool record_read_field(struct json_object *record, size_t index, enum field field,
			      const char **text, char *reason, size_t reasonlen)
{
	struct json_object *value = NULL;
	const char *key = field_keys[field];

	*text = NULL;
	if (!json_object_object_get_ex(record, key, &value) || value == NULL)
		return true;

	switch (json_object_get_type(value)) {
	case json_type_string:
		*text = json_object_get_string(value);
		if (strlen(*text) == (size_t)json_object_get_string_len(value))
			return true;
		message_set(reason, reasonlen, _("record %zu: %s contains a NUL character"), index, key);
		return false;
	case json_type_int:
		if (json_object_get_int64(value) == INT64_MAX || json_object_get_int64(value) == INT64_MIN) {
			message_set(reason, reasonlen, _("record %zu: %s is out of range"), index, key);
			return false;
		}
		*text = json_object_get_string(value);
		return true;
	case json_type_double:
		*text = json_object_get_string(value);
		return true;
	default:
		message_set(reason, reasonlen, _("record %zu: %s is of type %s, not a string"), index, key,
			    json_type_label(value));
		return false;
	}
}

/* Returns true when every member of the record is "" or null, as in the
 * vendor's sample response. */
static bool record_is_empty(struct json_object *record)
{
	json_object_object_foreach(record, key, value) {
		(void)key;
		if (value != NULL && !(json_object_is_type(value, json_type_string) &&
				       json_object_get_string_len(value) == 0))
			return false;
	}
	return true;
}

static bool text_is_missing(const char *text)
{
	return text == NULL || text[0] == '\0';
}

static bool logout_is_open(const char *text)
{
	return text_is_missing(text) || strcmp(text, "-") == 0 ||
	       strcmp(text, "0000-00-00 00:00:00") == 0;
}

static bool datetime_to_epoch(const char *text, time_t *epoch)
{
	struct civil_time civil;

	return civil_parse_datetime(text, &civil) && civil_to_epoch(&civil, epoch);
}

/* Writes "record N: invalid KEY 'VALUE'" with the value sanitized. */
static void reason_invalid_value(char *reason, size_t reasonlen, size_t index,
				 const char *key, const char *value)
{
	char quoted[REPORT_VALUE_QUOTE_MAX + 1];

	api_text_sanitize(value, strlen(value), REPORT_VALUE_QUOTE_MAX, quoted, sizeof quoted);
	message_set(reason, reasonlen, _("record %zu: invalid %s '%s'"), index, key, quoted);
}

/* Checks the fields and converts the times into session. The strings are
 * not copied here. */
static bool record_check_fields(const char *const texts[FIELD_COUNT], size_t index,
			       struct session *session, char *reason, size_t reasonlen)
{
	const char *login_time = texts[FIELD_LOGIN_TIME];

	if (text_is_missing(texts[FIELD_AGENT_ID])) {
		message_set(reason, reasonlen, _("record %zu: missing agent_id"), index);
		return false;
	}
	if (text_is_missing(texts[FIELD_LOGIN])) {
		message_set(reason, reasonlen, _("record %zu: missing login"), index);
		return false;
	}
	if (!datetime_to_epoch(texts[FIELD_LOGIN], &session->login)) {
		reason_invalid_value(reason, reasonlen, index, "login", texts[FIELD_LOGIN]);
		return false;
	}

	session->open = logout_is_open(texts[FIELD_LOGOUT]);
	if (!session->open && !datetime_to_epoch(texts[FIELD_LOGOUT], &session->logout)) {
		reason_invalid_value(reason, reasonlen, index, "logout", texts[FIELD_LOGOUT]);
		return false;
	}
	if (!session->open && session->logout < session->login) {
		message_set(reason, reasonlen, _("record %zu: logout %s is before login %s"), index,
			    texts[FIELD_LOGOUT], texts[FIELD_LOGIN]);
		return false;
	}

	/* login_time duplicates the span from login to logout, so a value that
	 * does not parse is dropped and the session kept. */
	session->login_time = -1;
	if (!text_is_missing(login_time) && strcmp(login_time, "-") != 0 &&
	    !duration_parse_hms(login_time, &session->login_time)) {
		session->login_time = -1;
		verbose_log(3, "record %zu: login_time '%s' is not H:MM:SS; ignored", index, login_time);
	}
	return true;
}

static enum record_result record_convert(struct json_object *record, size_t index,
					 struct session *session, char *reason, size_t reasonlen)
{
	const char *texts[FIELD_COUNT];

	if (!json_object_is_type(record, json_type_object)) {
		message_set(reason, reasonlen, _("record %zu: %s instead of an object"), index,
			    json_type_label(record));
		return RECORD_INVALID;
	}
	if (record_is_empty(record))
		return RECORD_EMPTY;

	for (int field = 0; field < FIELD_COUNT; field++) {
		if (!record_read_field(record, index, (enum field)field, &texts[field], reason, reasonlen))
			return RECORD_INVALID;
	}
	if (!record_check_fields(texts, index, session, reason, reasonlen))
		return RECORD_INVALID;

	session->agent_id = strdup(texts[FIELD_AGENT_ID]);
	session->agent_dni = strdup(texts[FIELD_AGENT_DNI] ? texts[FIELD_AGENT_DNI] : "");
	session->agent_name = strdup(texts[FIELD_AGENT_NAME] ? texts[FIELD_AGENT_NAME] : "");
	if (session->agent_id == NULL || session->agent_dni == NULL || session->agent_name == NULL)
		return RECORD_NO_MEMORY;
	return RECORD_SESSION;
}

/* Converts one record and counts it. Returns false when out of memory. The
 * strings of a session that failed half-way stay in report->sessions, where
 * report_release() frees them. */
static bool report_add_record(struct report *report, struct json_object *record, size_t index)
{
	struct session *session = &report->sessions[report->count];
	char reason[sizeof report->first_invalid];

	switch (record_convert(record, index, session, reason, sizeof reason)) {
	case RECORD_SESSION:
		report->count++;
		return true;
	case RECORD_EMPTY:
		report->empty_records++;
		return true;
	case RECORD_INVALID:
		if (report->invalid_records == 0)
			message_set(report->first_invalid, sizeof report->first_invalid, "%s", reason);
		report->invalid_records++;
		verbose_log(3, "%s; record skipped", reason);
		return true;
	case RECORD_NO_MEMORY:
		break;
	}
	report->count++;
	return false;
}

/* Reads "data": an array of records, one record object, null or missing. */
static enum report_status report_read_data(struct json_object *root, struct report *report,
					   char *err, size_t errlen)
{
	struct json_object *data = NULL;
	bool is_array;
	size_t total = 1;

	if (!json_object_object_get_ex(root, "data", &data)) {
		report->data_shape = "missing";
		return REPORT_OK;
	}
	if (data == NULL) {
		report->data_shape = "null";
		return REPORT_OK;
	}
	is_array = json_object_is_type(data, json_type_array);
	if (is_array) {
		report->data_shape = "array";
		total = json_object_array_length(data);
	} else if (json_object_is_type(data, json_type_object)) {
		report->data_shape = "object";
	} else {
		message_set(err, errlen, _("the API response has a \"data\" of type %s instead of an array"),
			    json_type_label(data));
		return REPORT_INVALID;
	}

	if (total == 0)
		return REPORT_OK;
	report->sessions = calloc(total, sizeof *report->sessions);
	if (report->sessions == NULL) {
		message_set(err, errlen, _("out of memory"));
		return REPORT_INVALID;
	}

	for (size_t i = 0; i < total; i++) {
		struct json_object *record = is_array ? json_object_array_get_idx(data, i) : data;

		if (!report_add_record(report, record, i + 1)) {
			message_set(err, errlen, _("out of memory"));
			return REPORT_INVALID;
		}
	}
	if (report->count == 0) {
		free(report->sessions);
		report->sessions = NULL;
	}
	return REPORT_OK;
}

static enum report_status report_html_error(long http_status, const char *body, size_t length,
					    char *err, size_t errlen)
{
	char title[API_TEXT_MAX + 1];

	if (api_html_title(body, length, title, sizeof title))
		message_set(err, errlen, _("the API returned HTML instead of JSON (HTTP %ld, title '%s')"),
			    http_status, title);
	else
		message_set(err, errlen, _("the API returned HTML instead of JSON (HTTP %ld)"), http_status);
	return REPORT_INVALID;
}

/* Parses a 2xx body that must be a report. A body that is not JSON counts as
 * HTML when it starts with '<' or its content type names HTML. PHP sends
 * "text/html" by default, so that type alone does not make a JSON body HTML. */
static enum report_status report_parse_success(long http_status, const char *body, size_t length,
					       const char *content_type, struct report *report,
					       char *err, size_t errlen)
{
	struct json_object *root = NULL;
	enum report_status status = REPORT_INVALID;

	if (text_is_blank(body, length)) {
		message_set(err, errlen, _("the API returned an empty body (HTTP %ld)"), http_status);
		return REPORT_INVALID;
	}
	if (has_bom(body, length)) {
		message_set(err, errlen, _("invalid JSON: the body starts with a UTF-8 byte order mark (BOM)"));
		return REPORT_INVALID;
	}
	if (api_body_is_markup(body, length))
		return report_html_error(http_status, body, length, err, errlen);

	if (!json_parse_body(body, length, &root, err, errlen)) {
		if (content_type_is_html(content_type))
			return report_html_error(http_status, body, length, err, errlen);
		return REPORT_INVALID;
	}
	if (!json_object_is_type(root, json_type_object)) {
		message_set(err, errlen, _("the API response is a JSON %s instead of an object"),
			    json_type_label(root));
		goto out;
	}

	status = envelope_check(root, report, err, errlen);
	if (status == REPORT_OK)
		status = report_read_data(root, report, err, errlen);

out:
	json_object_put(root);
	return status;
}

/* Returns true when a 404 body is empty or JSON, as the API sends it for a
 * window without rows. An HTML page or other text is a web server's or a
 * proxy's "Not Found" for a wrong URL, which must not read as no rows. */
static bool not_found_means_no_rows(const char *body, size_t length)
{
	size_t i = 0;

	while (i < length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n'))
		i++;
	return i == length || body[i] == '{' || body[i] == '[';
}

enum report_status report_parse(long http_status, const char *body, size_t length,
				const char *content_type, struct report *report,
				char *err, size_t errlen)
{
	char text[API_TEXT_MAX + 1];
	enum report_status status;

	memset(report, 0, sizeof *report);
	report->data_shape = "missing";
	report->code_shape = "missing";
	message_set(err, errlen, "%s", "");
	if (body == NULL) {
		body = "";
		length = 0;
	}

	if (http_status == 404 && not_found_means_no_rows(body, length)) {
		report->data_shape = "none (HTTP 404)";
		return REPORT_OK;
	}
	if (http_status < 200 || http_status > 299) {
		error_text_extract(body, length, content_type, text, sizeof text);
		api_error_format(true, http_status, text, err, errlen);
		report_release(report);
		return REPORT_API_ERROR;
	}

	status = report_parse_success(http_status, body, length, content_type, report, err, errlen);
	if (status != REPORT_OK)
		report_release(report);
	return status;
}

void report_release(struct report *report)
{
	if (report == NULL)
		return;
	for (size_t i = 0; i < report->count; i++) {
		free(report->sessions[i].agent_id);
		free(report->sessions[i].agent_dni);
		free(report->sessions[i].agent_name);
	}
	free(report->sessions);
	memset(report, 0, sizeof *report);
}
