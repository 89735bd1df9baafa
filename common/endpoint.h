#ifndef WOLKVOX_ENDPOINT_H
#define WOLKVOX_ENDPOINT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "timeutil.h"

/*
 * The report request: which URL, which window of dates.
 */

/* Path of the Reports Manager on a wolkvox server. */
#define ENDPOINT_REPORTS_PATH "/api/v2/reports_manager.php"

/*
 * The window every plugin requests: from 00:00:00 of the day before now to
 * 23:59:59 of now's day, in the operation's zone. A shift due now started at
 * most 24 hours ago, so the window holds every due shift, overnight ones
 * included, and the sessions that began before it on the same day. Because
 * the window changes only at midnight, every check of one operation asks for
 * the same URL all day.
 */
void endpoint_window(time_t now, struct civil_time *first, struct civil_time *last);

/* Returns true when server is a valid server nomenclature: 1 to 16 ASCII
 * letters or digits, as in "0010". */
bool endpoint_server_valid(const char *server);

/*
 * Builds the request URL for report (such as "agent_7") over the window.
 * When url is not NULL it is used whole and the query is appended with '?' or
 * '&'; else the URL is https://wvSERVER.wolkvox.com/api/v2/reports_manager.php.
 * Returns a newly allocated string, or NULL with a message in err when url
 * is not http:// or https:// or server is invalid. The caller frees it.
 */
char *endpoint_build_url(const char *server, const char *url, const char *report,
			 const struct civil_time *first, const struct civil_time *last,
			 char *err, size_t errlen);

#endif
