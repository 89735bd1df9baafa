#ifndef WOLKVOX_DEADLINE_H
#define WOLKVOX_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "state.h"

/*
 * The backstop that bounds a whole plugin run. libcurl's own timeouts end
 * a request cleanly in almost every case; this covers the rest (a name
 * lookup that libcurl cannot interrupt with CURLOPT_NOSIGNAL set, a stuck
 * write). The signal handlers only call write(2) and _exit(2), which are
 * async-signal-safe, with lines composed before they are armed.
 */

/*
 * Arms a timer that fires after seconds (fractions allowed), installs
 * handlers for SIGALRM, SIGTERM, SIGINT, SIGHUP, SIGUSR1 and SIGUSR2, and
 * ignores SIGPIPE. When the timer fires the process writes timeout_line to
 * stdout and exits with state; on any of the other signals, or a SIGALRM sent
 * by another process before the deadline, it writes signal_line and exits
 * with STATE_UNKNOWN. Both lines are copied (at most 511 bytes each).
 * Returns false when the timer cannot be set.
 */
bool deadline_arm(double seconds, const char *timeout_line, enum plugin_state state,
		  const char *signal_line);

/* Stops the timer and restores the default signal handlers. */
void deadline_disarm(void);

/* Stops the timer and ignores SIGALRM, SIGTERM, SIGINT and SIGHUP, so that
 * nothing can interrupt the final output once the plugin starts printing
 * it: the process exits right after. */
void deadline_finish(void);

/* Returns the seconds left before the timer fires, at least 0. */
double deadline_remaining(void);

#endif
