#ifndef WOLKVOX_RANGE_H
#define WOLKVOX_RANGE_H

#include <stdbool.h>
#include <stddef.h>

#include "state.h"

/* Longest range text accepted, in bytes, excluding the terminating NUL. */
#define RANGE_TEXT_MAX 63

/*
 * A threshold range in the monitoring-plugins syntax "[@]start:end":
 * start may be "~" (negative infinity) or omitted (0), end may be omitted
 * (positive infinity), both endpoints are inclusive, and "@" inverts the
 * range so that values inside it alert.
 */
struct range {
	double start;
	double end;
	bool start_infinite;
	bool end_infinite;
	bool alert_inside;
	char text[RANGE_TEXT_MAX + 1]; /* the text as given, for perfdata */
};

/* Parses text into *range. On failure returns false and writes a message
 * naming the bad value into err (errlen bytes, always NUL-terminated).
 * Rejected: empty text, lone "@" or "~", "~5:", start > end ("20:10"),
 * trailing junk ("10abc"), a trailing unit ("1:12%"), commas ("1,5"), a
 * missing start (":10"), a bare negative ("-5", whose end is below the
 * implied start 0: write "~:-5") and text over RANGE_TEXT_MAX. */
bool range_parse(const char *text, struct range *range, char *err, size_t errlen);

/* Returns true when value should raise an alert under range. */
bool range_alerts(const struct range *range, double value);

/* A warning and a critical range, either of which may be unset. */
struct thresholds {
	bool has_warning;
	bool has_critical;
	struct range warning;
	struct range critical;
};

/* Returns CRITICAL when the critical range alerts, else WARNING when the
 * warning range alerts, else OK. Unset ranges never alert. */
enum plugin_state thresholds_state(const struct thresholds *thresholds, double value);

#endif
