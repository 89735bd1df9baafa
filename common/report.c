/*
 * The agent_7 report parser. report_stream.c reads the body member by member
 * and record by record, so the JSON tree of a large report is never built.
 * This file judges the envelope and turns each record into a session. The
 * sessions' strings are kept once per agent in a pool while the report is
 * read. They end up in the allocation of the sessions array, right after
 * the last session, so a report of 60,000 sessions owns one allocation
 * instead of 180,001.
 */
#include "report.h"

#include <json-c/json.h>
#include <malloc.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_error.h"
#include "clock_cache.h"
#include "i18n.h"
#include "report_stream.h"
#include "string_pool.h"
#include "timeutil.h"
#include "verbose.h"

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

_Static_assert(FIELD_COUNT <= REPORT_STREAM_MAX_FIELDS, "the stream reader reads too few fields");

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

/* Returns the text of a string or number, or NULL for any other type and
 * for NULL (JSON null or a missing member). */
static const char *json_value_text(struct json_object *value)
{
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

	if (report_stream_parse_tree(body, length, &root, ignored, sizeof ignored) &&
	    json_object_is_type(root, json_type_object))
		api_text_combine(json_value_text(json_object_object_get(root, "error")),
				 json_value_text(json_object_object_get(root, "msg")), text, textlen);
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

/* The strings of a session, in the order the pool stores them. */
enum session_text {
	TEXT_AGENT_ID,
	TEXT_AGENT_DNI,
	TEXT_AGENT_NAME,
	TEXT_COUNT
};

/* State of the reading of a 2xx body: the last "code", "error" and "msg"
 * members (NULL when missing or null), as json-c's tree would keep them, and
 * the report built from the last "data". Until sessions_finish() the
 * sessions' strings point into the pool, whose buffer does not move. */
struct envelope {
	struct report *report;
	size_t body_length;
	size_t capacity;           /* sessions allocated in report->sessions */
	struct string_pool pool;
	struct clock_cache clock;
	struct json_object *code;
	struct json_object *error;
	struct json_object *msg;
	const char *data_type;     /* the JSON type of a "data" without records, or NULL */
};

/* Reads "code" into *code: a whole number (also written as 200.0) or a
 * string of digits. Missing and null leave *code at 200. */
static enum report_status envelope_read_code(const struct envelope *envelope, long *code,
					     char *err, size_t errlen)
{
	struct json_object *value = envelope->code;
	struct report *report = envelope->report;
	char quoted[32];
	const char *text;

	*code = 200;
	report->code_shape = "missing";
	if (value == NULL)
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
static bool envelope_has_error(const struct envelope *envelope)
{
	struct json_object *error = envelope->error;

	if (error == NULL)
		return false;
	if (json_object_is_type(error, json_type_object) || json_object_is_type(error, json_type_array))
		return true;
	return json_object_get_boolean(error);
}

/* Returns REPORT_API_ERROR when the envelope reports an error: a "code" other
 * than 200, or an "error" member that envelope_has_error() accepts. */
static enum report_status envelope_check(const struct envelope *envelope, char *err, size_t errlen)
{
	enum report_status status;
	char text[API_TEXT_MAX + 1];
	long code;

	status = envelope_read_code(envelope, &code, err, errlen);
	if (status != REPORT_OK)
		return status;
	if (code == 200 && !envelope_has_error(envelope))
		return REPORT_OK;

	api_text_combine(json_value_text(envelope->error), json_value_text(envelope->msg),
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

static bool datetime_to_epoch(struct clock_cache *cache, const char *text, time_t *epoch)
{
	struct civil_time civil;

	return civil_parse_datetime(text, &civil) && clock_cache_to_epoch(cache, &civil, epoch);
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
static bool record_check_fields(struct clock_cache *clock, const char *const texts[FIELD_COUNT],
			       size_t index, struct session *session, char *reason,
			       size_t reasonlen)
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
	if (!datetime_to_epoch(clock, texts[FIELD_LOGIN], &session->login)) {
		reason_invalid_value(reason, reasonlen, index, "login", texts[FIELD_LOGIN]);
		return false;
	}

	session->open = logout_is_open(texts[FIELD_LOGOUT]);
	if (!session->open && !datetime_to_epoch(clock, texts[FIELD_LOGOUT], &session->logout)) {
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

/* Reads the fields of a record that json-c parsed into texts, which borrow
 * from record. */
static enum record_result record_read_tree(struct json_object *record, size_t index,
					   const char *texts[FIELD_COUNT], char *reason,
					   size_t reasonlen)
{
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
	return RECORD_SESSION;
}

/* Reads the fields of any record the stream reader passes on. */
static enum record_result record_read(const struct report_stream_record *record, size_t index,
				      const char *texts[FIELD_COUNT], char *reason, size_t reasonlen)
{
	if (record->is_tree)
		return record_read_tree(record->tree, index, texts, reason, reasonlen);
	if (record->empty)
		return RECORD_EMPTY;
	for (int field = 0; field < FIELD_COUNT; field++)
		texts[field] = record->texts[field];
	return RECORD_SESSION;
}

/* Checks the record's fields into the next session and stores its strings
 * in the pool, reusing the previous session's first: the API lists one
 * agent's sessions together. */
static enum record_result record_convert(struct envelope *envelope,
					 const char *const texts[FIELD_COUNT], size_t index,
					 char *reason, size_t reasonlen)
{
	struct report *report = envelope->report;
	struct session *session = &report->sessions[report->count];
	const struct session *previous = report->count > 0 ? session - 1 : NULL;
	uint32_t offset;
	const char *strings[TEXT_COUNT] = {
		[TEXT_AGENT_ID] = texts[FIELD_AGENT_ID],
		[TEXT_AGENT_DNI] = texts[FIELD_AGENT_DNI] ? texts[FIELD_AGENT_DNI] : "",
		[TEXT_AGENT_NAME] = texts[FIELD_AGENT_NAME] ? texts[FIELD_AGENT_NAME] : "",
	};

	memset(session, 0, sizeof *session);
	if (!record_check_fields(&envelope->clock, texts, index, session, reason, reasonlen))
		return RECORD_INVALID;

	if (previous != NULL &&
	    string_pool_matches(&envelope->pool, (uint32_t)(previous->agent_id - envelope->pool.bytes),
				strings)) {
		session->agent_id = previous->agent_id;
	} else if (string_pool_add(&envelope->pool, strings, &offset)) {
		session->agent_id = envelope->pool.bytes + offset;
	} else {
		return RECORD_NO_MEMORY;
	}
	session->agent_dni = session->agent_id + strlen(session->agent_id) + 1;
	session->agent_name = session->agent_dni + strlen(session->agent_dni) + 1;
	return RECORD_SESSION;
}

/* Makes room for one more session, doubling the array. */
static bool sessions_reserve(struct envelope *envelope)
{
	struct report *report = envelope->report;
	size_t capacity = envelope->capacity < 64 ? 64 : envelope->capacity * 2;
	struct session *sessions;

	if (report->count < envelope->capacity)
		return true;
	if (capacity > SIZE_MAX / sizeof *sessions)
		return false;
	sessions = realloc(report->sessions, capacity * sizeof *sessions);
	if (sessions == NULL)
		return false;
	report->sessions = sessions;
	envelope->capacity = capacity;
	return true;
}

/*
 * Moves the pooled strings into the block of the sessions array, right after
 * the last session, and points the sessions at them, so that the report owns
 * one allocation. The pool shrinks as it is copied, so that finishing does
 * not raise the peak of memory. Returns false when out of memory.
 */
static bool sessions_finish(struct envelope *envelope)
{
	struct report *report = envelope->report;
	size_t array = report->count * sizeof *report->sessions;
	struct session *sessions;
	char *strings;

	if (report->count == 0) {
		free(report->sessions);
		report->sessions = NULL;
		return true;
	}
	if (envelope->pool.used > SIZE_MAX - array)
		return false;
	sessions = realloc(report->sessions, array + envelope->pool.used);
	if (sessions == NULL)
		return false;
	report->sessions = sessions;
	strings = (char *)&sessions[report->count];

	for (size_t i = 0; i < report->count; i++) {
		sessions[i].agent_id = strings + (sessions[i].agent_id - envelope->pool.bytes);
		sessions[i].agent_dni = strings + (sessions[i].agent_dni - envelope->pool.bytes);
		sessions[i].agent_name = strings + (sessions[i].agent_name - envelope->pool.bytes);
	}
	string_pool_move(&envelope->pool, strings);
	return true;
}

/* Frees sessions that sessions_finish() has not finished, whose strings
 * belong to the pool, and the counts of skipped records. */
static void sessions_drop(struct report *report)
{
	free(report->sessions);
	report->sessions = NULL;
	report->count = 0;
	report->empty_records = 0;
	report->invalid_records = 0;
	report->first_invalid[0] = '\0';
}

/*
 * Returns true when the sessions' strings live in the block of the sessions
 * array, as sessions_finish() leaves them. Reports built elsewhere
 * (report_codec.c, tests) allocate each string on its own, and two live
 * allocations never overlap, so a string inside the block's usable size can
 * only be one of those.
 */
static bool strings_in_block(const struct report *report)
{
	uintptr_t block = (uintptr_t)report->sessions;
	uintptr_t text;

	if (report->count == 0 || report->sessions[0].agent_id == NULL)
		return false;
	text = (uintptr_t)report->sessions[0].agent_id;
	return text >= block && text - block < malloc_usable_size(report->sessions);
}

/* Frees the sessions and the counts of skipped records. */
static void sessions_release(struct report *report)
{
	if (!strings_in_block(report)) {
		for (size_t i = 0; i < report->count; i++) {
			free(report->sessions[i].agent_id);
			free(report->sessions[i].agent_dni);
			free(report->sessions[i].agent_name);
		}
	}
	free(report->sessions);
	report->sessions = NULL;
	report->count = 0;
	report->empty_records = 0;
	report->invalid_records = 0;
	report->first_invalid[0] = '\0';
}

/* Converts one record and counts it. Returns false when out of memory. */
static bool report_add_record(struct envelope *envelope, const struct report_stream_record *record,
			      size_t index)
{
	struct report *report = envelope->report;
	char reason[sizeof report->first_invalid];
	const char *texts[FIELD_COUNT];

	switch (record_read(record, index, texts, reason, sizeof reason)) {
	case RECORD_SESSION:
		break;
	case RECORD_EMPTY:
		report->empty_records++;
		return true;
	default:
		goto invalid;
	}

	if (!sessions_reserve(envelope))
		return false;
	switch (record_convert(envelope, texts, index, reason, sizeof reason)) {
	case RECORD_SESSION:
		report->count++;
		return true;
	case RECORD_NO_MEMORY:
		return false;
	default:
		break;
	}

invalid:
	if (report->invalid_records == 0)
		message_set(report->first_invalid, sizeof report->first_invalid, "%s", reason);
	report->invalid_records++;
	verbose_log(3, "%s; record skipped", reason);
	return true;
}

/*
 * Starts the report over: a "data" member replaces any earlier one, as in
 * json-c's tree. The pool gets the body's length once, which costs address
 * space only until strings fill it, and is never short: a session's strings
 * take fewer bytes than its record. Returns false when out of memory.
 */
static bool envelope_data_reset(struct envelope *envelope, const char *shape)
{
	sessions_drop(envelope->report);
	envelope->capacity = 0;
	string_pool_clear(&envelope->pool);
	envelope->data_type = NULL;
	envelope->report->data_shape = shape;
	return envelope->pool.bytes != NULL ||
	       string_pool_reserve(&envelope->pool, envelope->body_length);
}

/* A "data" that is not an array: one record object, null, or another type,
 * which is an error once the envelope has been checked. */
static bool envelope_data_value(struct envelope *envelope, struct json_object *data)
{
	struct report_stream_record record = { .is_tree = true, .tree = data };

	if (data == NULL)
		return envelope_data_reset(envelope, "null");
	if (json_object_is_type(data, json_type_object))
		return envelope_data_reset(envelope, "object") && report_add_record(envelope, &record, 1);
	if (!envelope_data_reset(envelope, "missing"))
		return false;
	envelope->data_type = json_type_label(data);
	return true;
}

static void member_keep(struct json_object **slot, struct json_object *value)
{
	json_object_put(*slot);
	*slot = json_object_get(value);
}

static bool envelope_on_member(void *context, const char *key, struct json_object *value)
{
	struct envelope *envelope = context;

	if (strcmp(key, "code") == 0)
		member_keep(&envelope->code, value);
	else if (strcmp(key, "error") == 0)
		member_keep(&envelope->error, value);
	else if (strcmp(key, "msg") == 0)
		member_keep(&envelope->msg, value);
	else if (strcmp(key, "data") == 0)
		return envelope_data_value(envelope, value);
	return true;
}

static bool envelope_on_array_start(void *context)
{
	return envelope_data_reset(context, "array");
}

static bool envelope_on_element(void *context, const struct report_stream_record *record,
				size_t number)
{
	return report_add_record(context, record, number);
}

static void envelope_release(struct envelope *envelope)
{
	json_object_put(envelope->code);
	json_object_put(envelope->error);
	json_object_put(envelope->msg);
	string_pool_release(&envelope->pool);
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

/* A 2xx body whose JSON value is not an object is never a report; it is
 * parsed whole only to tell a syntax error from a wrong type. */
static enum report_status report_parse_other(long http_status, const char *body, size_t length,
					     const char *content_type, char *err, size_t errlen)
{
	struct json_object *root = NULL;

	if (!report_stream_parse_tree(body, length, &root, err, errlen)) {
		if (content_type_is_html(content_type))
			return report_html_error(http_status, body, length, err, errlen);
		return REPORT_INVALID;
	}
	message_set(err, errlen, _("the API response is a JSON %s instead of an object"),
		    json_type_label(root));
	json_object_put(root);
	return REPORT_INVALID;
}

/*
 * Parses a 2xx body that must be a report, streaming the records into
 * report as they are read. The envelope is judged once the whole body has
 * proved valid JSON, so a syntax error anywhere wins over an API error, and
 * an API error over a "data" of the wrong type, wherever the members stand.
 */
static enum report_status report_parse_object(long http_status, const char *body, size_t length,
					      const char *content_type, struct report *report,
					      char *err, size_t errlen)
{
	struct envelope envelope = { .report = report, .body_length = length };
	const struct report_stream_visitor visitor = {
		.context = &envelope,
		.array_key = "data",
		.fields = field_keys,
		.field_count = FIELD_COUNT,
		.member = envelope_on_member,
		.array_start = envelope_on_array_start,
		.element = envelope_on_element,
	};
	enum report_status status = REPORT_INVALID;

	string_pool_init(&envelope.pool, TEXT_COUNT);
	clock_cache_init(&envelope.clock);
	switch (report_stream_read(body, length, &visitor, err, errlen)) {
	case REPORT_STREAM_OK:
		status = envelope_check(&envelope, err, errlen);
		if (status == REPORT_OK && envelope.data_type != NULL) {
			message_set(err, errlen,
				    _("the API response has a \"data\" of type %s instead of an array"),
				    envelope.data_type);
			status = REPORT_INVALID;
		}
		if (status == REPORT_OK && !sessions_finish(&envelope)) {
			message_set(err, errlen, _("out of memory"));
			status = REPORT_INVALID;
		}
		break;
	case REPORT_STREAM_NOT_OBJECT:
		status = report_parse_other(http_status, body, length, content_type, err, errlen);
		break;
	case REPORT_STREAM_INVALID:
		if (content_type_is_html(content_type))
			status = report_html_error(http_status, body, length, err, errlen);
		break;
	case REPORT_STREAM_ABORTED:
		message_set(err, errlen, _("out of memory"));
		break;
	}

	if (status != REPORT_OK)
		sessions_drop(report);
	envelope_release(&envelope);
	return status;
}

/* Parses a 2xx body that must be a report. A body that is not JSON counts as
 * HTML when it starts with '<' or its content type names HTML. PHP sends
 * "text/html" by default, so that type alone does not make a JSON body HTML. */
static enum report_status report_parse_success(long http_status, const char *body, size_t length,
					       const char *content_type, struct report *report,
					       char *err, size_t errlen)
{
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

	return report_parse_object(http_status, body, length, content_type, report, err, errlen);
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
	sessions_release(report);
	memset(report, 0, sizeof *report);
}
