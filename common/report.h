#ifndef WOLKVOX_REPORT_H
#define WOLKVOX_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/*
 * The agent_7 report ("Login - Logout Time") of the wolkvox Reports Manager
 * API, parsed into sessions. This module handles JSON and the API's envelope,
 * and nothing of HTTP transport or Nagios.
 */

/* One log-in session of one agent. Times are Unix times converted from the
 * operation's wall clock in the zone set with timeutil_set_zone(). */
struct session {
	char *agent_id;    /* never empty */
	char *agent_dni;   /* may be empty */
	char *agent_name;  /* valid UTF-8 as sent; may be empty */
	time_t login;
	time_t logout;     /* meaningful only when open is false */
	bool open;         /* logout empty, "-", a zero date or missing */
	long login_time;   /* seconds from the API's login_time, -1 when absent */
};

/* A parsed report. The counts of skipped records let the plugins report
 * what they did not use instead of dropping it silently. */
struct report {
	struct session *sessions;
	size_t count;
	size_t empty_records;    /* every field empty, as in the vendor's sample */
	size_t invalid_records;  /* unusable: no agent_id, bad login, logout before login, wrong types */
	char first_invalid[160]; /* why the first invalid record was skipped, or "" */
	const char *data_shape;  /* "array", "object", "null", "missing" or "none (HTTP 404)" */
	const char *code_shape;  /* "number", "string" or "missing" */
};

enum report_status {
	REPORT_OK,         /* *report is filled (possibly with zero sessions) */
	REPORT_API_ERROR,  /* the API returned an error; err names it */
	REPORT_INVALID     /* the body is not a report (HTML, empty, bad JSON, wrong types) */
};

/*
 * Parses an HTTP response from the agent_7 endpoint.
 *
 * http_status is the HTTP status code; body and length the response body (not
 * necessarily NUL-terminated); content_type may be NULL. The JSON is parsed in
 * strict mode and must end at the end of the body (trailing white space
 * allowed).
 *
 * HTTP 404 with an empty or JSON body is read as "no rows for the window" and
 * returns REPORT_OK with zero sessions, because two independent clients saw
 * the API return 404 that way. A 404 with an HTML or other body is a wrong
 * URL and returns REPORT_API_ERROR.
 * Other statuses outside 200-299, a "code" other than 200 (number or string)
 * and a non-null "error" return REPORT_API_ERROR with a message naming the
 * HTTP status, the API's own error text (sanitized, at most 120 bytes) and,
 * for the errors an operator can fix, what to do.
 *
 * On REPORT_OK the caller owns *report and frees it with report_release();
 * on any other status *report is left empty and err (errlen bytes, always
 * NUL-terminated) holds the message.
 */
enum report_status report_parse(long http_status, const char *body, size_t length,
				const char *content_type, struct report *report,
				char *err, size_t errlen);

/* Frees the sessions and zeroes the report. Safe on a zeroed report. */
void report_release(struct report *report);

#endif
