#ifndef WOLKVOX_PLUGIN_H
#define WOLKVOX_PLUGIN_H

#include "output.h"
#include "output_json.h"
#include "roster.h"
#include "state.h"

/*
 * What every plugin's main() does the same way: locale set-up, version,
 * usage errors, the deadline. These print to stdout but never exit: main()
 * returns the state they give back.
 */

/* Selects the user's language for messages (LANG, LC_ALL, LC_MESSAGES) while
 * keeping LC_NUMERIC at "C", so numbers in output and parsing never take a
 * decimal comma. The catalogues come from LOCALEDIR, or from the absolute
 * directory in WOLKVOX_LOCALEDIR, which lets the build tree's tests use the
 * catalogues before they are installed. */
void plugin_init_locale(void);

/* Keeps the token out of core dumps and out of other processes' reach: no
 * core file, and /proc/PID files readable by root only (PR_SET_DUMPABLE). */
void plugin_protect_secrets(void);

/* Selects JSON output (--format json) for every result, configuration
 * error and deadline line printed after the call. */
void plugin_set_json(bool json);

/* Prints Zabbix low-level discovery JSON of the roster's agents or teams
 * (see discovery_format_json()). Returns STATE_OK, or STATE_UNKNOWN with a
 * message when out of memory. */
enum plugin_state plugin_print_discovery(const char *service, const struct roster *roster,
					 enum discovery_kind kind, const char *team);

/* Prints "PROGRAM vVERSION (wolkvox-plugins)". */
void plugin_print_version(void);

/* Prints "SERVICE UNKNOWN - message" and the usage synopsis. Returns
 * STATE_UNKNOWN. */
enum plugin_state plugin_usage_error(const char *service, const char *message,
				     const char *synopsis);

/* Stops the deadline and prints "SERVICE UNKNOWN - message", sanitized and
 * cut like any result, or as JSON after plugin_set_json(true). Returns
 * STATE_UNKNOWN. */
enum plugin_state plugin_config_error(const char *service, const char *message);

/* Arms the run deadline: timeout_seconds plus a half-second margin, ending in
 * "SERVICE STATE - plugin timed out after N s" with timeout_state. Returns
 * false when the timer cannot be set. */
bool plugin_arm_deadline(const char *service, long timeout_seconds,
			 enum plugin_state timeout_state);

/* Stops the deadline, prints the result and returns its state. Returns
 * UNKNOWN when the output cannot be written. */
enum plugin_state plugin_print_result(const struct result *result);

#endif
