#ifndef WOLKVOX_REPORT_SOURCE_H
#define WOLKVOX_REPORT_SOURCE_H

#include <stddef.h>
#include <time.h>

#include "options.h"
#include "report.h"

/*
 * Gets the agent_7 report for the window around now: builds the URL from the
 * common options, performs the request within the time left before the
 * deadline, and parses the response.
 */

enum source_status {
	SOURCE_OK,            /* *report is filled */
	SOURCE_CONFIG_ERROR,  /* the options cannot make a request (bad URL) */
	SOURCE_API_ERROR      /* the request or the response failed */
};

/* Data about the request, for perfdata and verbose output. */
struct source_info {
	double api_seconds;   /* time spent on the request */
	long http_status;     /* 0 when no response arrived */
	size_t body_bytes;
};

/*
 * Fetches and parses the report. token is borrowed. On SOURCE_OK the caller
 * frees *report with report_release(); otherwise *report is empty and err
 * holds a message that never contains the token.
 */
enum source_status report_source_get(const struct common_options *options, const char *token,
				     time_t now, struct report *report, struct source_info *info,
				     char *err, size_t errlen);

#endif
