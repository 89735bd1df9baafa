#ifndef WOLKVOX_REPORT_SOURCE_H
#define WOLKVOX_REPORT_SOURCE_H

#include <stddef.h>
#include <time.h>

#include "options.h"
#include "report.h"
#include "source.h"

/*
 * Gets the agent_7 report for the window around now: builds the URL from the
 * common options and gets the response through source_get() (see source.h:
 * the shared cache, one request per token at a time, stale data when the API
 * fails), within the time left before the deadline.
 *
 * After evaluating, a plugin calls source_add_notes(&result, &info) and
 * source_add_perfdata(&result, &info) before printing its result.
 */

/* The report's kind for source_get(): cached for OPTIONS_DEFAULT_CACHE_MAX_AGE
 * seconds unless --cache-max-age says otherwise. */
extern const struct source_kind report_source_kind;

/*
 * Gets the report. token is borrowed. On SOURCE_OK the caller frees *report
 * with report_release(); otherwise *report is empty and err holds a message
 * that never contains the token. *info is filled in every case.
 */
enum source_status report_source_get(const struct common_options *options, const char *token,
				     time_t now, struct report *report, struct source_info *info,
				     char *err, size_t errlen);

#endif
