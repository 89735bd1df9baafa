#ifndef WOLKVOX_VERBOSE_H
#define WOLKVOX_VERBOSE_H

/*
 * Diagnostics on stderr, by verbosity level as the monitoring-plugins
 * guidelines define it: 0 = one status line only, 1 = a little extra in the
 * status output, 2 = configuration and the request made, 3 = everything
 * useful for diagnosing. stdout stays the plugin output at every level.
 * Never pass the token to these functions.
 */

/* The level set with -v, 0 to 3. */
extern int verbosity;

/* Writes one line, prefixed with the program name, to stderr when
 * verbosity >= level. A trailing newline is added. */
void verbose_log(int level, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

#endif
