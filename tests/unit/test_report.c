#include <check.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "timeutil.h"

#define COUNT(array) ((int)(sizeof(array) / sizeof((array)[0])))

#define REFUSED_HINT "the API refused the request; during a maintenance window this passes, " \
		     "else register the monitoring host's IP address with the operation"
#define QUOTA_HINT "the daily request quota of this token is used up; it resets at midnight"

/* Unix times of wall-clock times in America/Bogota (UTC-5 all year). */
#define T_2026_03_01_0600 1772362800
#define T_2026_03_02_0758 1772456292 /* 07:58:12 */
#define T_2026_03_02_0800 1772456400
#define T_2026_03_02_0810 1772457000
#define T_2026_03_02_0900 1772460000
#define T_2026_03_02_1201 1772470900 /* 12:01:40 */
#define T_2026_03_02_1302 1772474520
#define T_2026_03_02_1600 1772485200
#define T_2026_03_02_1700 1772488805 /* 17:00:05 */
#define T_2026_03_02_2200 1772506800
#define T_2026_03_03_0600 1772535600

static struct report report;
static char err[512];

static void zone_setup(void)
{
	char zone_err[256];

	ck_assert_msg(timeutil_set_zone("America/Bogota", zone_err, sizeof zone_err), "%s", zone_err);
	memset(&report, 0, sizeof report);
	memset(err, 'x', sizeof err);
}

static void report_teardown(void)
{
	report_release(&report);
}

/* Reads tests/fixtures/report/NAME whole. The caller frees the buffer. */
static char *fixture_read(const char *name, size_t *length)
{
	char path[1024];
	char *body;
	FILE *file;
	long size;

	snprintf(path, sizeof path, "%s/report/%s", FIXTURE_DIR, name);
	file = fopen(path, "rb");
	ck_assert_msg(file != NULL, "cannot open fixture %s", path);
	ck_assert_int_eq(fseek(file, 0, SEEK_END), 0);
	size = ftell(file);
	ck_assert_int_ge(size, 0);
	rewind(file);

	body = malloc((size_t)size + 1);
	ck_assert_ptr_nonnull(body);
	ck_assert_uint_eq(fread(body, 1, (size_t)size, file), (size_t)size);
	body[size] = '\0';
	fclose(file);
	*length = (size_t)size;
	return body;
}

static enum report_status parse_fixture(const char *name, long http_status, const char *content_type)
{
	enum report_status status;
	size_t length;
	char *body = fixture_read(name, &length);

	status = report_parse(http_status, body, length, content_type, &report, err, sizeof err);
	free(body);
	return status;
}

static enum report_status parse_text(long http_status, const char *body, const char *content_type)
{
	return report_parse(http_status, body, strlen(body), content_type, &report, err, sizeof err);
}

static void assert_session(size_t index, const char *agent_id, const char *agent_dni,
			   const char *agent_name, time_t login, time_t logout, long login_time)
{
	const struct session *session;

	ck_assert_uint_lt(index, report.count);
	session = &report.sessions[index];
	ck_assert_str_eq(session->agent_id, agent_id);
	ck_assert_str_eq(session->agent_dni, agent_dni);
	ck_assert_str_eq(session->agent_name, agent_name);
	ck_assert_int_eq(session->login, login);
	ck_assert(!session->open);
	ck_assert_int_eq(session->logout, logout);
	ck_assert_int_eq(session->login_time, login_time);
}

static void assert_counts(size_t sessions, size_t empty, size_t invalid)
{
	ck_assert_uint_eq(report.count, sessions);
	ck_assert_uint_eq(report.empty_records, empty);
	ck_assert_uint_eq(report.invalid_records, invalid);
}

static void assert_report_empty(void)
{
	ck_assert_ptr_null(report.sessions);
	ck_assert_uint_eq(report.count, 0);
	ck_assert_uint_eq(report.empty_records, 0);
	ck_assert_uint_eq(report.invalid_records, 0);
	ck_assert_str_eq(report.first_invalid, "");
}

START_TEST(test_report_vendor_sample)
{
	ck_assert_int_eq(parse_fixture("vendor_sample.json", 200, "application/json"), REPORT_OK);
	assert_counts(0, 1, 0);
	ck_assert_ptr_null(report.sessions);
	ck_assert_str_eq(report.data_shape, "array");
	ck_assert_str_eq(report.code_shape, "number");
	ck_assert_str_eq(report.first_invalid, "");
	ck_assert_str_eq(err, "");
}
END_TEST

START_TEST(test_report_several_sessions)
{
	ck_assert_int_eq(parse_fixture("code_number.json", 200, "application/json"), REPORT_OK);
	assert_counts(4, 0, 0);
	ck_assert_str_eq(report.code_shape, "number");
	assert_session(0, "1001", "52123456", "COM-ANA P\xC3\x89REZ", T_2026_03_02_0758,
		       T_2026_03_02_1201, 4 * 3600 + 3 * 60 + 28);
	assert_session(1, "1001", "52123456", "COM-ANA P\xC3\x89REZ", T_2026_03_02_1302,
		       T_2026_03_02_1700, 3 * 3600 + 58 * 60 + 5);
	assert_session(2, "1002", "80111222", "JOS\xC3\x89  MU\xC3\x91OZ", T_2026_03_02_0810,
		       T_2026_03_02_1600, 7 * 3600 + 50 * 60);
	assert_session(3, "1002", "80111222", "JOS\xC3\x89  MU\xC3\x91OZ", T_2026_03_02_1600,
		       T_2026_03_02_1700, 3600 + 5);
}
END_TEST

START_TEST(test_report_code_string)
{
	ck_assert_int_eq(parse_fixture("code_string.json", 200, "application/json"), REPORT_OK);
	assert_counts(1, 0, 0);
	ck_assert_str_eq(report.code_shape, "string");
	ck_assert_str_eq(report.data_shape, "array");
	assert_session(0, "2001", "1032456789", "LUISA G\xC3\x93MEZ", T_2026_03_02_0810,
		       T_2026_03_02_1600, 7 * 3600 + 50 * 60);
}
END_TEST

START_TEST(test_report_data_object)
{
	ck_assert_int_eq(parse_fixture("data_object.json", 200, "application/json"), REPORT_OK);
	assert_counts(1, 0, 0);
	ck_assert_str_eq(report.data_shape, "object");
	assert_session(0, "2001", "1032456789", "LUISA G\xC3\x93MEZ", T_2026_03_02_0810,
		       T_2026_03_02_1600, 7 * 3600 + 50 * 60);
}
END_TEST

struct no_rows_case {
	const char *fixture;
	const char *data_shape;
};

static const struct no_rows_case no_rows[] = {
	{ "data_null.json", "null" },
	{ "data_missing.json", "missing" },
	{ "data_empty_array.json", "array" },
};

START_TEST(test_report_no_rows)
{
	ck_assert_int_eq(parse_fixture(no_rows[_i].fixture, 200, "application/json"), REPORT_OK);
	assert_report_empty();
	ck_assert_str_eq(report.data_shape, no_rows[_i].data_shape);
	ck_assert_str_eq(report.code_shape, "number");
}
END_TEST

struct envelope_case {
	const char *body;
	const char *code_shape;
};

static const struct envelope_case envelopes[] = {
	{ "{\"data\": []}", "missing" },
	{ "{\"code\": null, \"data\": []}", "missing" },
	{ "{\"code\": 200.0, \"data\": []}", "number" },
	{ "{\"code\": \"200\", \"error\": \"\", \"data\": []}", "string" },
	{ "{\"code\": 200, \"error\": false, \"data\": []}", "number" },
	{ "{\"code\": 200, \"error\": 0, \"msg\": null, \"data\": []}", "number" },
};

/* Envelopes without an error, in every form "code" and "error" come in. */
START_TEST(test_report_envelope_accepted)
{
	ck_assert_int_eq(parse_text(200, envelopes[_i].body, "application/json"), REPORT_OK);
	ck_assert_str_eq(err, "");
	assert_report_empty();
	ck_assert_str_eq(report.code_shape, envelopes[_i].code_shape);
	ck_assert_str_eq(report.data_shape, "array");
}
END_TEST

START_TEST(test_report_numbers_not_strings)
{
	ck_assert_int_eq(parse_fixture("numbers_not_strings.json", 200, NULL), REPORT_OK);
	assert_counts(1, 0, 0);
	assert_session(0, "1001", "52123456", "PEDRO RUIZ", T_2026_03_02_0810, T_2026_03_02_1600,
		       7 * 3600 + 50 * 60);
}
END_TEST

/* Every form an open session's logout has been seen or guessed in. */
START_TEST(test_report_open_sessions)
{
	static const char *const ids[] = { "3001", "3002", "3003", "3004", "3005" };
	static const long login_times[] = { -1, -1, 0, -1, -1 };

	ck_assert_int_eq(parse_fixture("open_sessions.json", 200, "application/json"), REPORT_OK);
	assert_counts(5, 0, 0);
	for (size_t i = 0; i < 5; i++) {
		ck_assert_str_eq(report.sessions[i].agent_id, ids[i]);
		ck_assert_int_eq(report.sessions[i].login, T_2026_03_02_0810);
		ck_assert_msg(report.sessions[i].open, "session %zu is not open", i);
		ck_assert_int_eq(report.sessions[i].login_time, login_times[i]);
	}
}
END_TEST

START_TEST(test_report_login_time_forms)
{
	ck_assert_int_eq(parse_fixture("login_time.json", 200, "application/json"), REPORT_OK);
	assert_counts(3, 0, 0);
	assert_session(0, "4001", "1", "A", T_2026_03_02_0758, T_2026_03_02_1201, 14608);
	assert_session(1, "4002", "2", "B", T_2026_03_01_0600, T_2026_03_02_0900, 27 * 3600);
	/* A login_time that does not parse leaves the session and reads as absent. */
	assert_session(2, "4003", "3", "C", T_2026_03_02_2200, T_2026_03_03_0600, -1);
}
END_TEST

START_TEST(test_report_names_kept_raw)
{
	ck_assert_int_eq(parse_fixture("names.json", 200, "application/json"), REPORT_OK);
	assert_counts(5, 0, 0);
	ck_assert_str_eq(report.sessions[0].agent_name, "\xC3\x91O\xC3\x91O CASTA\xC3\x91" "EDA");
	ck_assert_str_eq(report.sessions[1].agent_name, "ANA | BEATRIZ");
	ck_assert_str_eq(report.sessions[2].agent_name, "ANA\nBEATRIZ");
	ck_assert_str_eq(report.sessions[3].agent_name, "\xC3\x89" "DGAR");
	ck_assert_str_eq(report.sessions[4].agent_name, "BAD \xFF\xFE NAME");
	ck_assert(report.sessions[4].open);
}
END_TEST

START_TEST(test_report_msg_leading_space)
{
	ck_assert_int_eq(parse_fixture("msg_leading_space.json", 200, "application/json"), REPORT_OK);
	assert_counts(1, 0, 0);
}
END_TEST

START_TEST(test_report_trailing_whitespace)
{
	ck_assert_int_eq(parse_fixture("trailing_whitespace.json", 200, "application/json"), REPORT_OK);
	assert_report_empty();
	ck_assert_str_eq(report.data_shape, "array");
}
END_TEST

/* PHP sends text/html by default, so a JSON body labelled HTML is read as JSON. */
START_TEST(test_report_json_labelled_html)
{
	ck_assert_int_eq(parse_fixture("code_string.json", 200, "text/html; charset=UTF-8"), REPORT_OK);
	assert_counts(1, 0, 0);
}
END_TEST

static const char *const not_found_bodies[] = {
	"error_404.json", "empty.json", "trailing_garbage.json",
};

START_TEST(test_report_http_404_no_rows)
{
	ck_assert_int_eq(parse_fixture(not_found_bodies[_i], 404, "application/json"), REPORT_OK);
	assert_report_empty();
	ck_assert_str_eq(report.data_shape, "none (HTTP 404)");
	ck_assert_str_eq(err, "");
}
END_TEST

/* A web server's HTML "Not Found" page means a wrong URL, not an empty
 * window, so it must not make every agent read as absent. */
START_TEST(test_report_http_404_html_is_error)
{
	ck_assert_int_eq(parse_fixture("maintenance.html", 404, "text/html"), REPORT_API_ERROR);
	assert_report_empty();
	ck_assert_ptr_nonnull(strstr(err, "HTTP 404"));
	ck_assert_ptr_nonnull(strstr(err, "check the path given with -u"));
}
END_TEST

/* The body need not be NUL-terminated: only length bytes are read. */
START_TEST(test_report_length_bounds_body)
{
	const char body[] = "{\"code\": 200, \"data\": []}GARBAGE";
	size_t length = strlen(body) - strlen("GARBAGE");

	ck_assert_int_eq(report_parse(200, body, length, NULL, &report, err, sizeof err), REPORT_OK);
	assert_report_empty();
}
END_TEST

START_TEST(test_report_release_twice)
{
	ck_assert_int_eq(parse_fixture("code_number.json", 200, NULL), REPORT_OK);
	report_release(&report);
	ck_assert_ptr_null(report.sessions);
	ck_assert_uint_eq(report.count, 0);
	report_release(&report);
	report_release(NULL);
}
END_TEST

START_TEST(test_report_invalid_records_counted)
{
	ck_assert_int_eq(parse_fixture("invalid_records.json", 200, "application/json"), REPORT_OK);
	assert_counts(1, 1, 14);
	ck_assert_str_eq(report.first_invalid, "record 1: missing agent_id");
	assert_session(0, "6015", "15", "VALID", T_2026_03_02_0800, T_2026_03_02_0800, 0);
}
END_TEST

struct invalid_case {
	const char *record;
	const char *reason;
};

static const struct invalid_case invalid_records[] = {
	{ "{\"agent_name\": \"X\", \"login\": \"2026-03-02 08:00:00\"}", "record 2: missing agent_id" },
	{ "{\"agent_id\": \"\", \"agent_name\": \"X\", \"login\": \"2026-03-02 08:00:00\"}",
	  "record 2: missing agent_id" },
	{ "{\"agent_id\": null, \"agent_name\": \"X\", \"login\": \"2026-03-02 08:00:00\"}",
	  "record 2: missing agent_id" },
	{ "{\"agent_id\": \"7\", \"login\": \"2026-13-01 08:00:00\"}",
	  "record 2: invalid login '2026-13-01 08:00:00'" },
	{ "{\"agent_id\": \"7\", \"login\": \"2026-02-30 08:00:00\"}",
	  "record 2: invalid login '2026-02-30 08:00:00'" },
	{ "{\"agent_id\": \"7\", \"login\": \"2026-03-02 8:00:00\"}",
	  "record 2: invalid login '2026-03-02 8:00:00'" },
	{ "{\"agent_id\": \"7\", \"login\": \"\"}", "record 2: missing login" },
	{ "{\"agent_id\": \"7\", \"logout\": \"2026-03-02 08:00:00\"}", "record 2: missing login" },
	{ "{\"agent_id\": \"7\", \"login\": \"2026-03-02 08:00:00\", \"logout\": \"yesterday\"}",
	  "record 2: invalid logout 'yesterday'" },
	{ "{\"agent_id\": \"7\", \"login\": \"2026-03-02 08:00:00\", \"logout\": \"2026-03-02 07:59:59\"}",
	  "record 2: logout 2026-03-02 07:59:59 is before login 2026-03-02 08:00:00" },
	{ "{\"agent_id\": \"7\", \"agent_name\": {\"a\": 1}, \"login\": \"2026-03-02 08:00:00\"}",
	  "record 2: agent_name is of type object, not a string" },
	{ "{\"agent_id\": \"7\", \"login\": [\"2026-03-02 08:00:00\"]}",
	  "record 2: login is of type array, not a string" },
	{ "{\"agent_id\": true, \"login\": \"2026-03-02 08:00:00\"}",
	  "record 2: agent_id is of type boolean, not a string" },
	{ "{\"agent_id\": \"7\", \"agent_dni\": \"A\\u0000B\", \"login\": \"2026-03-02 08:00:00\"}",
	  "record 2: agent_dni contains a NUL character" },
	{ "{\"agent_id\": 99999999999999999999, \"login\": \"2026-03-02 08:00:00\"}",
	  "record 2: agent_id is out of range" },
	{ "\"a string\"", "record 2: string instead of an object" },
	{ "[]", "record 2: array instead of an object" },
	{ "null", "record 2: null instead of an object" },
	{ "{\"agent_id\": \"7\", \"login\": \"a|b\\nc\\u0007d\"}", "record 2: invalid login 'a/b c d'" },
	{ "{\"agent_id\": \"7\", \"login\": \"0123456789012345678901234567890123456789\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\"}",
	  "record 2: invalid login '0123456789012345678901234567890123456789\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9'" },
};

/* Each record follows one valid record, so the reason names record 2. */
START_TEST(test_report_invalid_reason)
{
	char body[1024];

	snprintf(body, sizeof body,
		 "{\"code\": 200, \"data\": [{\"agent_id\": \"1\", \"login\": \"2026-03-02 08:00:00\"}, %s]}",
		 invalid_records[_i].record);
	ck_assert_int_eq(parse_text(200, body, "application/json"), REPORT_OK);
	assert_counts(1, 0, 1);
	ck_assert_str_eq(report.first_invalid, invalid_records[_i].reason);
	ck_assert_str_eq(report.sessions[0].agent_id, "1");
}
END_TEST

/* An array nested far past the parser's depth limit of 64. */
START_TEST(test_report_nesting_too_deep)
{
	const size_t depth = 10000;
	const char *head = "{\"code\": 200, \"data\": ";
	size_t length = strlen(head) + 2 * depth + 1;
	char *body = malloc(length + 1);

	ck_assert_ptr_nonnull(body);
	memcpy(body, head, strlen(head));
	memset(body + strlen(head), '[', depth);
	memset(body + strlen(head) + depth, ']', depth);
	body[length - 1] = '}';
	body[length] = '\0';

	ck_assert_int_eq(report_parse(200, body, length, NULL, &report, err, sizeof err), REPORT_INVALID);
	ck_assert_str_eq(err, "invalid JSON at byte 85: nesting too deep");
	assert_report_empty();
	free(body);
}
END_TEST

/* Nesting within the limit is fine in a member the parser does not read. */
START_TEST(test_report_nesting_within_limit)
{
	const size_t depth = 60;
	char body[256];
	size_t used = (size_t)snprintf(body, sizeof body, "{\"code\": 200, \"data\": [], \"extra\": ");

	memset(body + used, '[', depth);
	memset(body + used + depth, ']', depth);
	body[used + 2 * depth] = '}';
	body[used + 2 * depth + 1] = '\0';

	ck_assert_int_eq(parse_text(200, body, NULL), REPORT_OK);
	assert_report_empty();
}
END_TEST

START_TEST(test_report_many_records)
{
	const size_t records = 5000;
	size_t capacity = records * 160 + 64;
	char *body = malloc(capacity);
	size_t used;

	ck_assert_ptr_nonnull(body);
	used = (size_t)snprintf(body, capacity, "{\"code\": 200, \"data\": [");
	for (size_t i = 0; i < records; i++) {
		if (i > 0)
			body[used++] = ',';
		used += (size_t)snprintf(body + used, capacity - used,
					 "{\"agent_name\": \"N\", \"agent_id\": \"%zu\", \"agent_dni\": \"\", "
					 "\"login\": \"2026-03-02 08:00:00\", \"logout\": \"\", \"login_time\": \"\"}",
					 i + 1);
	}
	used += (size_t)snprintf(body + used, capacity - used, "]}");

	ck_assert_int_eq(report_parse(200, body, used, NULL, &report, err, sizeof err), REPORT_OK);
	assert_counts(records, 0, 0);
	ck_assert_str_eq(report.sessions[records - 1].agent_id, "5000");
	free(body);
}
END_TEST

struct error_case {
	const char *fixture;   /* a file under fixtures/report, or NULL */
	const char *body;      /* used when fixture is NULL */
	long http_status;
	const char *content_type;
	enum report_status status;
	const char *message;
};

static const struct error_case errors[] = {
	{ "error_400_report.json", NULL, 400, "application/json", REPORT_API_ERROR,
	  "HTTP 400: THE API YOU WANT TO CONSULT DOES NOT EXIST - the report name or parameters are invalid" },
	{ "error_400_parameters.json", NULL, 400, "application/json", REPORT_API_ERROR,
	  "HTTP 400: SOME PARAMETERS ARE REQUIRED - the report name or parameters are invalid" },
	{ "error_401.json", NULL, 401, "application/json", REPORT_API_ERROR,
	  "HTTP 401: PLEASE ENTER THE WOLKVOX-TOKEN - no token was sent" },
	{ "error_403_quota.json", NULL, 403, "application/json", REPORT_API_ERROR,
	  "HTTP 403: TOKEN LIMIT EXCEEDED - " QUOTA_HINT },
	{ "error_403_simultaneous.json", NULL, 403, "application/json", REPORT_API_ERROR,
	  "HTTP 403: EXCEEDS THE LIMIT OF SIMULTANEOUS REQUESTS PER TOKEN (2) - "
	  "another client is using this token at the same time" },
	{ "error_403_token.json", NULL, 403, "application/json", REPORT_API_ERROR,
	  "HTTP 403: PLEASE VALIDATE TOKEN - the token is invalid; check --token-file or WOLKVOX_TOKEN" },
	{ "error_403_ip.json", NULL, 403, "application/json", REPORT_API_ERROR,
	  "HTTP 403: IP ADDRESS NOT ALLOWED - " REFUSED_HINT },
	{ "error_403_only_error.json", NULL, 403, "application/json", REPORT_API_ERROR,
	  "HTTP 403: TOKEN LIMIT EXCEEDED - " QUOTA_HINT },
	{ "maintenance.html", NULL, 403, "text/html", REPORT_API_ERROR,
	  "HTTP 403: Mantenimiento programado / wolkvox - " REFUSED_HINT },
	{ "empty.json", NULL, 403, NULL, REPORT_API_ERROR, "HTTP 403 - " REFUSED_HINT },
	{ "bad_gateway.html", NULL, 502, "text/html", REPORT_API_ERROR, "HTTP 502: 502 Bad Gateway" },
	{ "empty.json", NULL, 500, NULL, REPORT_API_ERROR, "HTTP 500: server error" },
	{ "no_title.html", NULL, 503, "text/html", REPORT_API_ERROR, "HTTP 503: server error" },
	{ NULL, "Service Unavailable\r\n", 503, "text/plain", REPORT_API_ERROR,
	  "HTTP 503: Service Unavailable" },
	{ NULL, "", 302, NULL, REPORT_API_ERROR,
	  "HTTP 302: redirect not followed; use --url with the final address" },
	{ NULL, "", 405, NULL, REPORT_API_ERROR, "HTTP 405: the API sent no error text" },
	{ NULL, "{\"error\": \"FORBIDDEN\"}", 403, NULL, REPORT_API_ERROR,
	  "HTTP 403: FORBIDDEN - " REFUSED_HINT },
	{ NULL, "{\"error\": \"FORBIDDEN\", \"msg\": \"   \"}", 403, NULL, REPORT_API_ERROR,
	  "HTTP 403: FORBIDDEN - " REFUSED_HINT },
	{ "code_500.json", NULL, 200, "application/json", REPORT_API_ERROR,
	  "API error code 500: INTERNAL ERROR: the report could not be generated" },
	{ "code_string_403.json", NULL, 200, "application/json", REPORT_API_ERROR,
	  "API error code 403: TOKEN LIMIT EXCEEDED - " QUOTA_HINT },
	{ "error_in_200.json", NULL, 200, "application/json", REPORT_API_ERROR,
	  "API error code 200: REPORT TEMPORARILY DISABLED" },
	{ "login_page.html", NULL, 200, "text/html", REPORT_INVALID,
	  "the API returned HTML instead of JSON (HTTP 200, title 'wolkvox / Inicio de sesi\xC3\xB3n')" },
	{ "no_title.html", NULL, 200, NULL, REPORT_INVALID,
	  "the API returned HTML instead of JSON (HTTP 200)" },
	{ NULL, "Fatal error: Allowed memory size exhausted", 200, "text/html; charset=UTF-8",
	  REPORT_INVALID, "the API returned HTML instead of JSON (HTTP 200)" },
	{ "empty.json", NULL, 200, "application/json", REPORT_INVALID,
	  "the API returned an empty body (HTTP 200)" },
	{ "whitespace_only.json", NULL, 200, "application/json", REPORT_INVALID,
	  "the API returned an empty body (HTTP 200)" },
	{ NULL, "", 204, NULL, REPORT_INVALID, "the API returned an empty body (HTTP 204)" },
	{ "trailing_garbage.json", NULL, 200, "application/json", REPORT_INVALID,
	  "invalid JSON at byte 72: unexpected character" },
	{ "trailing_comma.json", NULL, 200, "application/json", REPORT_INVALID,
	  "invalid JSON at byte 71: unexpected character" },
	{ "truncated.json", NULL, 200, "application/json", REPORT_INVALID,
	  "invalid JSON at byte 38: unexpected end of data" },
	{ "nan.json", NULL, 200, "application/json", REPORT_INVALID,
	  "invalid JSON: NaN and Infinity are not JSON numbers" },
	{ NULL, "{\"code\": 200, \"data\": [], \"x\": -Infinity}", 200, NULL, REPORT_INVALID,
	  "invalid JSON: NaN and Infinity are not JSON numbers" },
	{ "bom.json", NULL, 200, "application/json", REPORT_INVALID,
	  "invalid JSON: the body starts with a UTF-8 byte order mark (BOM)" },
	{ "top_level_array.json", NULL, 200, "application/json", REPORT_INVALID,
	  "the API response is a JSON array instead of an object" },
	{ "top_level_null.json", NULL, 200, "application/json", REPORT_INVALID,
	  "the API response is a JSON null instead of an object" },
	{ "top_level_string.json", NULL, 200, "application/json", REPORT_INVALID,
	  "the API response is a JSON string instead of an object" },
	{ "top_level_number.json", NULL, 200, "application/json", REPORT_INVALID,
	  "the API response is a JSON number instead of an object" },
	{ "data_string.json", NULL, 200, "application/json", REPORT_INVALID,
	  "the API response has a \"data\" of type string instead of an array" },
	{ NULL, "{\"code\": true, \"data\": []}", 200, NULL, REPORT_INVALID,
	  "the API response has a \"code\" of type boolean" },
	{ NULL, "{\"code\": \"OK\", \"data\": []}", 200, NULL, REPORT_INVALID,
	  "the API response has an invalid \"code\" 'OK'" },
	{ NULL, "{\"code\": \"-200\", \"data\": []}", 200, NULL, REPORT_INVALID,
	  "the API response has an invalid \"code\" '-200'" },
	{ NULL, "{\"code\": 200.5, \"data\": []}", 200, NULL, REPORT_INVALID,
	  "the API response has an invalid \"code\" '200.5'" },
	{ NULL, "{\"code\": {\"value\": 200}, \"data\": []}", 200, NULL, REPORT_INVALID,
	  "the API response has a \"code\" of type object" },
	{ NULL, "{\"code\": 500.0, \"error\": \"DOWN\"}", 200, NULL, REPORT_API_ERROR,
	  "API error code 500: DOWN" },
	{ NULL, "{\"code\": 200, \"error\": {\"reason\": \"x\"}, \"msg\": \"failed\"}", 200, NULL,
	  REPORT_API_ERROR, "API error code 200: failed" },
	{ NULL, "{\"code\": 200, \"data\": [], \"more\": {}}{}", 200, NULL, REPORT_INVALID,
	  "invalid JSON at byte 37: unexpected character" },
	{ NULL, "{\"code\": 200, 'data': [}", 200, NULL, REPORT_INVALID,
	  "invalid JSON at byte 23: unexpected character" },
};

START_TEST(test_report_error_message)
{
	const struct error_case *test = &errors[_i];
	enum report_status status;

	if (test->fixture != NULL)
		status = parse_fixture(test->fixture, test->http_status, test->content_type);
	else
		status = parse_text(test->http_status, test->body, test->content_type);

	ck_assert_int_eq(status, test->status);
	ck_assert_str_eq(err, test->message);
	assert_report_empty();
}
END_TEST

/* A NUL byte after the JSON value is trailing data, not the end. */
START_TEST(test_report_nul_after_json)
{
	const char body[] = "{\"code\": 200, \"data\": []}\0{}";

	ck_assert_int_eq(report_parse(200, body, sizeof body - 1, NULL, &report, err, sizeof err),
			 REPORT_INVALID);
	ck_assert_str_eq(err, "invalid JSON at byte 25: unexpected data after the end of the JSON value");
}
END_TEST

/* The API's text is cut at 120 bytes, never inside a UTF-8 sequence. */
START_TEST(test_report_api_text_bounded)
{
	char body[512];
	char expected[512];
	size_t used = (size_t)snprintf(body, sizeof body, "{\"error\": \"");
	size_t expected_used = (size_t)snprintf(expected, sizeof expected, "HTTP 403: ");

	for (int i = 0; i < 100; i++) {
		used += (size_t)snprintf(body + used, sizeof body - used, "\xC3\xA9");
		if (i < 60)
			expected_used += (size_t)snprintf(expected + expected_used,
							  sizeof expected - expected_used, "\xC3\xA9");
	}
	snprintf(body + used, sizeof body - used, "X\"}");
	snprintf(expected + expected_used, sizeof expected - expected_used, " - " REFUSED_HINT);

	ck_assert_int_eq(parse_text(403, body, "application/json"), REPORT_API_ERROR);
	ck_assert_str_eq(err, expected);
}
END_TEST

START_TEST(test_report_message_truncated)
{
	char small[16];
	size_t length;
	char *body = fixture_read("error_403_quota.json", &length);

	ck_assert_int_eq(report_parse(403, body, length, NULL, &report, small, sizeof small),
			 REPORT_API_ERROR);
	ck_assert_str_eq(small, "HTTP 403: TOKEN");
	free(body);
}
END_TEST

START_TEST(test_report_null_body)
{
	ck_assert_int_eq(report_parse(200, NULL, 0, NULL, &report, err, sizeof err), REPORT_INVALID);
	ck_assert_str_eq(err, "the API returned an empty body (HTTP 200)");
	ck_assert_int_eq(report_parse(404, NULL, 0, NULL, &report, err, sizeof err), REPORT_OK);
	ck_assert_int_eq(report_parse(500, NULL, 0, NULL, &report, err, sizeof err), REPORT_API_ERROR);
	ck_assert_str_eq(err, "HTTP 500: server error");
}
END_TEST

/* A record with every field, in the API's order. */
#define RECORD(id, name) \
	"{\"agent_name\": \"" name "\", \"agent_id\": \"" id "\", \"agent_dni\": \"9" id "\", " \
	"\"date\": \"2026-03-02\", \"login\": \"2026-03-02 08:00:00\", " \
	"\"logout\": \"2026-03-02 09:00:00\", \"login_time\": \"1:00:00\"}"

struct order_case {
	const char *body;
	size_t sessions;
	const char *code_shape;
	const char *data_shape;
	const char *last_agent;     /* agent_id of the last session, or NULL */
};

/* Members in any order, repeated members, and keys written with escapes:
 * the last occurrence of each member counts, as in json-c's tree. */
static const struct order_case orders[] = {
	{ "{\"data\": [" RECORD("1", "A") "], \"code\": 200}", 1, "number", "array", "1" },
	{ "{\"data\": [" RECORD("1", "A") "], \"msg\": \"1 records\", \"code\": \"200\", \"error\": null}",
	  1, "string", "array", "1" },
	{ "{\"data\": [" RECORD("1", "A") ", " RECORD("2", "B") "], \"data\": [" RECORD("3", "C") "]}",
	  1, "missing", "array", "3" },
	{ "{\"data\": [" RECORD("1", "A") "], \"data\": null, \"code\": 200}", 0, "number", "null", NULL },
	{ "{\"data\": [" RECORD("1", "A") "], \"data\": " RECORD("4", "D") "}", 1, "missing", "object", "4" },
	{ "{\"code\": 200, \"extra\": {\"data\": [1, 2]}, \"data\": [" RECORD("5", "E") "]}",
	  1, "number", "array", "5" },
	{ "{\"d\\u0061ta\": [" RECORD("6", "F") "], \"c\\u006fde\": 200}", 1, "number", "array", "6" },
	{ "{'data': [" RECORD("7", "G") "], 'code': 200}", 1, "number", "array", "7" },
	{ "{\"data\": [" RECORD("8", "H") "]}", 1, "missing", "array", "8" },
};

START_TEST(test_report_member_order)
{
	const struct order_case *test = &orders[_i];

	ck_assert_int_eq(parse_text(200, test->body, NULL), REPORT_OK);
	ck_assert_str_eq(err, "");
	assert_counts(test->sessions, 0, 0);
	ck_assert_str_eq(report.code_shape, test->code_shape);
	ck_assert_str_eq(report.data_shape, test->data_shape);
	if (test->last_agent != NULL)
		ck_assert_str_eq(report.sessions[report.count - 1].agent_id, test->last_agent);
	else
		ck_assert_ptr_null(report.sessions);
}
END_TEST

/* Records come before the member that fails the body; the failure wins and
 * nothing of what was read is kept. A number too large for a double still
 * needs a delimiter after it, and an infinity fails the body even in a
 * member that a later member of the same name replaces. */
static const struct error_case late_errors[] = {
	{ NULL, "{\"data\": [" RECORD("1", "A") "], \"code\": \"403\", \"error\": \"FORBIDDEN\", "
	  "\"msg\": \"TOKEN LIMIT EXCEEDED\"}", 200, NULL, REPORT_API_ERROR,
	  "API error code 403: TOKEN LIMIT EXCEEDED - " QUOTA_HINT },
	{ NULL, "{\"data\": [" RECORD("1", "A") "]}x", 200, NULL, REPORT_INVALID,
	  "invalid JSON at byte 179: unexpected character" },
	{ NULL, "{\"data\": [" RECORD("1", "A") "]} ]", 200, NULL, REPORT_INVALID,
	  "invalid JSON at byte 180: unexpected character" },
	{ NULL, "{\"data\": [" RECORD("1", "A") "], \"code\": 20x}", 200, NULL, REPORT_INVALID,
	  "invalid JSON at byte 190: number expected" },
	{ NULL, "{\"data\": [" RECORD("1", "A") ", {\"agent_id\": tru}]}", 200, NULL, REPORT_INVALID,
	  "invalid JSON at byte 195: boolean expected" },
	{ NULL, "{\"data\": [" RECORD("1", "A") ", ]}", 200, NULL, REPORT_INVALID,
	  "invalid JSON at byte 179: unexpected character" },
	{ NULL, "{\"data\": [" RECORD("1", "A") " " RECORD("2", "B") "]}", 200, NULL, REPORT_INVALID,
	  "invalid JSON at byte 178: array value separator ',' expected" },
	{ NULL, "{\"data\": [" RECORD("1", "A") "], \"code\": 500, \"x\": [NaN]}", 200, NULL, REPORT_INVALID,
	  "invalid JSON: NaN and Infinity are not JSON numbers" },
	{ NULL, "{\"data\": [" RECORD("1", "A") "], \"data\": 7, \"code\": 200}", 200, NULL, REPORT_INVALID,
	  "the API response has a \"data\" of type number instead of an array" },
	{ NULL, "{\"data\": [" RECORD("1", "A") ", 5x]}", 200, NULL, REPORT_INVALID,
	  "invalid JSON at byte 180: number expected" },
	{ NULL, "{\"data\": [" RECORD("1", "A"), 200, NULL, REPORT_INVALID,
	  "invalid JSON at byte 177: unexpected end of data" },
	{ NULL, "{\"data\": [" RECORD("1", "A") "], \"code\": 1e400m}", 200, NULL, REPORT_INVALID,
	  "invalid JSON at byte 193: number expected" },
	{ NULL, "{\"data\": [" RECORD("1", "A") "], \"x\": 1e309, \"x\": 1}", 200, NULL, REPORT_INVALID,
	  "invalid JSON: NaN and Infinity are not JSON numbers" },
};

START_TEST(test_report_late_error)
{
	const struct error_case *test = &late_errors[_i];

	ck_assert_int_eq(parse_text(test->http_status, test->body, test->content_type), test->status);
	ck_assert_str_eq(err, test->message);
	assert_report_empty();
}
END_TEST

/* Escapes decode as json-c decodes them, PHP's "\/" and "\u00c9" included,
 * whether a record takes the fast reader or json-c. */
START_TEST(test_report_escapes_decoded)
{
	const char *body =
		"{\"data\": ["
		"{\"agent_id\": \"1\", \"agent_name\": \"JOS\\u00c9 \\/ \\\"N\\u00d1\\\" \\u20ac\\t\", "
		"\"login\": \"2026-03-02 08:00:00\"}, "
		"{\"agent_id\": 2, \"agent_name\": \"JOS\\u00c9 \\/ \\\"N\\u00d1\\\" \\u20ac\\t\", "
		"\"login\": \"2026-03-02 08:00:00\"}, "
		"{\"agent_id\": \"3\", \"agent_name\": \"\\ud83d\\ude00 \\ud83d\", "
		"\"login\": \"2026-03-02 08:00:00\"}]}";

	ck_assert_int_eq(parse_text(200, body, NULL), REPORT_OK);
	assert_counts(3, 0, 0);
	ck_assert_str_eq(report.sessions[0].agent_name, "JOS\xC3\x89 / \"N\xC3\x91\" \xE2\x82\xAC\t");
	ck_assert_str_eq(report.sessions[1].agent_name, report.sessions[0].agent_name);
	ck_assert_str_eq(report.sessions[1].agent_id, "2");
	ck_assert_str_eq(report.sessions[2].agent_name, "\xF0\x9F\x98\x80 \xEF\xBF\xBD");
}
END_TEST

/* A record whose keys repeat keeps the last value of each, and is empty only
 * when its members' last values are all "" or null. */
START_TEST(test_report_repeated_record_keys)
{
	const char *body =
		"{\"data\": ["
		"{\"agent_id\": \"1\", \"agent_id\": \"2\", \"login\": \"2026-03-02 08:00:00\"}, "
		"{\"x\": \"a\", \"x\": \"\"}, "
		"{\"x\": \"\", \"x\": \"a\"}, "
		"{\"agent_id\": \"\", \"date\": null}]}";

	ck_assert_int_eq(parse_text(200, body, NULL), REPORT_OK);
	assert_counts(1, 2, 1);
	ck_assert_str_eq(report.sessions[0].agent_id, "2");
	ck_assert_str_eq(report.first_invalid, "record 3: missing agent_id");
}
END_TEST

/* One agent's sessions, together or apart, read back the same strings, and
 * report_release() frees the shared storage once. */
START_TEST(test_report_agents_repeated)
{
	const char *body = "{\"data\": [" RECORD("1", "ANA P\xC3\x89REZ") ", " RECORD("1", "ANA P\xC3\x89REZ")
		", " RECORD("2", "LUIS") ", " RECORD("1", "ANA P\xC3\x89REZ") ", "
		"{\"agent_id\": \"1\", \"login\": \"2026-03-02 10:00:00\"}]}";

	ck_assert_int_eq(parse_text(200, body, NULL), REPORT_OK);
	assert_counts(5, 0, 0);
	for (size_t i = 0; i < 4; i++) {
		const char *id = i == 2 ? "2" : "1";

		ck_assert_str_eq(report.sessions[i].agent_id, id);
		ck_assert_str_eq(report.sessions[i].agent_dni, i == 2 ? "92" : "91");
		ck_assert_str_eq(report.sessions[i].agent_name, i == 2 ? "LUIS" : "ANA P\xC3\x89REZ");
	}
	ck_assert_str_eq(report.sessions[4].agent_dni, "");
	ck_assert_str_eq(report.sessions[4].agent_name, "");
	ck_assert(report.sessions[4].open);
}
END_TEST

/* Times on both sides of a change of offset convert exactly, although the
 * parser converts each hour's start once and adds minutes and seconds. */
START_TEST(test_report_offset_changes)
{
	const char *body =
		"{\"data\": ["
		"{\"agent_id\": \"1\", \"login\": \"2026-03-08 01:30:00\", \"logout\": \"2026-03-08 03:30:00\"}, "
		"{\"agent_id\": \"2\", \"login\": \"2026-03-08 01:59:59\", \"logout\": \"2026-03-08 03:00:00\"}, "
		"{\"agent_id\": \"3\", \"login\": \"2026-11-01 00:59:59\", \"logout\": \"2026-11-01 02:00:00\"}, "
		"{\"agent_id\": \"4\", \"login\": \"2026-11-01 02:30:00\"}]}";
	char zone_err[256];

	ck_assert_msg(timeutil_set_zone("America/New_York", zone_err, sizeof zone_err), "%s", zone_err);
	ck_assert_int_eq(parse_text(200, body, NULL), REPORT_OK);
	assert_counts(4, 0, 0);
	ck_assert_int_eq(report.sessions[0].login, 1772951400);  /* 06:30 UTC, EST */
	ck_assert_int_eq(report.sessions[0].logout, 1772955000); /* 07:30 UTC, EDT */
	ck_assert_int_eq(report.sessions[1].login, 1772953199);
	ck_assert_int_eq(report.sessions[1].logout, 1772953200);
	ck_assert_int_eq(report.sessions[2].login, 1793509199);  /* 04:59:59 UTC, EDT */
	ck_assert_int_eq(report.sessions[2].logout, 1793516400); /* 07:00 UTC, EST */
	ck_assert_int_eq(report.sessions[3].login, 1793518200);
}
END_TEST

/*
 * Writes the message of one strict json-c parse of the whole body, as the
 * parser wrote it before it streamed, or "" when json-c accepts the body.
 */
static void oracle_message(const char *body, size_t length, char *expected, size_t size)
{
	struct json_tokener *tokener = json_tokener_new_ex(64);
	enum json_tokener_error error;
	size_t end;

	ck_assert_ptr_nonnull(tokener);
	json_tokener_set_flags(tokener, JSON_TOKENER_STRICT);
	json_object_put(json_tokener_parse_ex(tokener, body, (int)length));
	error = json_tokener_get_error(tokener);
	end = json_tokener_get_parse_end(tokener);
	if (error == json_tokener_continue) {
		json_object_put(json_tokener_parse_ex(tokener, " ", 1));
		error = json_tokener_get_error(tokener);
		end = length;
	}
	if (error == json_tokener_continue)
		error = json_tokener_error_parse_eof;

	expected[0] = '\0';
	if (error != json_tokener_success)
		snprintf(expected, size, "invalid JSON at byte %zu: %s", end, json_tokener_error_desc(error));
	else if (end < length && body[end] == '\0')
		snprintf(expected, size, "invalid JSON at byte %zu: unexpected data after the end of the JSON value",
			 end);
	json_tokener_free(tokener);
}

/* Checks that report_parse() fails body exactly where json-c does. */
static void assert_same_as_json_c(const char *body, size_t length)
{
	char expected[256];
	char shown[64];

	if (length == 0 || body[0] != '{')
		return;
	oracle_message(body, length, expected, sizeof expected);
	report_parse(200, body, length, NULL, &report, err, sizeof err);
	snprintf(shown, sizeof shown, "%.*s", (int)(length < 60 ? length : 60), body);
	if (expected[0] != '\0')
		ck_assert_msg(strcmp(err, expected) == 0, "body '%s' (%zu bytes): got '%s', json-c '%s'",
			      shown, length, err, expected);
	else
		ck_assert_msg(strncmp(err, "invalid JSON at byte", 20) != 0,
			      "body '%s' (%zu bytes): got '%s', json-c accepts it", shown, length, err);
	report_release(&report);
}

static const char *const oracle_bodies[] = {
	"{\"code\": 200, \"error\": null, \"data\": [" RECORD("1", "A\\u00c9") ", "
	"{\"agent_id\": 2, \"login\": \"2026-03-02 08:00:00\", \"n\": [1.5, -2e3, true]}], \"x\": {}}",
	"{'data':[{\"agent_id\":\"1\",\"login\":\"2026-03-02 08:00:00\",\"logout\":null}],\"code\":\"200\"}",
	"{\"data\": [{\"date\": \"2026\", \"agent_id\": \"1\", \"login\": \"2026-03-02 08:00:00\"}]}",
};

/* Every prefix of a report, and every one of its bytes replaced by one of
 * the bytes that matter to JSON, fails where and how json-c fails it. */
START_TEST(test_report_strict_as_json_c)
{
	static const char replacements[] = { '\0', ' ', ',', ':', '[', ']', '{', '}', '"', '\\',
					     '\'', 'x', 'n', '1', '-', 'u', '\v' };
	const char *body = oracle_bodies[_i];
	size_t length = strlen(body);
	char *copy = malloc(length + 1);

	ck_assert_ptr_nonnull(copy);
	for (size_t prefix = 1; prefix <= length; prefix++)
		assert_same_as_json_c(body, prefix);
	for (size_t at = 1; at < length; at++) {
		for (size_t i = 0; i < sizeof replacements; i++) {
			memcpy(copy, body, length);
			copy[at] = replacements[i];
			assert_same_as_json_c(copy, length);
		}
	}
	free(copy);
}
END_TEST

static Suite *report_suite(void)
{
	Suite *suite = suite_create("report");
	TCase *core = tcase_create("Core");
	TCase *limits = tcase_create("Limits");
	TCase *errors_case = tcase_create("Errors");
	TCase *stream = tcase_create("Stream");

	tcase_add_checked_fixture(core, zone_setup, report_teardown);
	tcase_add_test(core, test_report_vendor_sample);
	tcase_add_test(core, test_report_several_sessions);
	tcase_add_test(core, test_report_code_string);
	tcase_add_test(core, test_report_data_object);
	tcase_add_loop_test(core, test_report_no_rows, 0, COUNT(no_rows));
	tcase_add_loop_test(core, test_report_envelope_accepted, 0, COUNT(envelopes));
	tcase_add_test(core, test_report_numbers_not_strings);
	tcase_add_test(core, test_report_open_sessions);
	tcase_add_test(core, test_report_login_time_forms);
	tcase_add_test(core, test_report_names_kept_raw);
	tcase_add_test(core, test_report_msg_leading_space);
	tcase_add_test(core, test_report_trailing_whitespace);
	tcase_add_test(core, test_report_json_labelled_html);
	tcase_add_loop_test(core, test_report_http_404_no_rows, 0, COUNT(not_found_bodies));
	tcase_add_test(core, test_report_http_404_html_is_error);
	tcase_add_test(core, test_report_length_bounds_body);
	tcase_add_test(core, test_report_release_twice);
	suite_add_tcase(suite, core);

	tcase_add_checked_fixture(limits, zone_setup, report_teardown);
	tcase_add_test(limits, test_report_invalid_records_counted);
	tcase_add_loop_test(limits, test_report_invalid_reason, 0, COUNT(invalid_records));
	tcase_add_test(limits, test_report_nesting_too_deep);
	tcase_add_test(limits, test_report_nesting_within_limit);
	tcase_add_test(limits, test_report_many_records);
	tcase_add_test(limits, test_report_api_text_bounded);
	tcase_add_test(limits, test_report_message_truncated);
	tcase_set_timeout(limits, 60);
	suite_add_tcase(suite, limits);

	tcase_add_checked_fixture(errors_case, zone_setup, report_teardown);
	tcase_add_loop_test(errors_case, test_report_error_message, 0, COUNT(errors));
	tcase_add_test(errors_case, test_report_nul_after_json);
	tcase_add_test(errors_case, test_report_null_body);
	suite_add_tcase(suite, errors_case);

	tcase_add_checked_fixture(stream, zone_setup, report_teardown);
	tcase_add_loop_test(stream, test_report_member_order, 0, COUNT(orders));
	tcase_add_loop_test(stream, test_report_late_error, 0, COUNT(late_errors));
	tcase_add_test(stream, test_report_escapes_decoded);
	tcase_add_test(stream, test_report_repeated_record_keys);
	tcase_add_test(stream, test_report_agents_repeated);
	tcase_add_test(stream, test_report_offset_changes);
	tcase_add_loop_test(stream, test_report_strict_as_json_c, 0, COUNT(oracle_bodies));
	tcase_set_timeout(stream, 60);
	suite_add_tcase(suite, stream);

	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(report_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
