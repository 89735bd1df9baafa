#ifndef WOLKVOX_DURATION_H
#define WOLKVOX_DURATION_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Durations given on the command line (--target, --lookback) and shown in
 * plugin output. Locale-independent; never prints.
 */

/* Largest duration accepted by duration_parse(): 366 days, in seconds. */
#define DURATION_MAX_SECONDS (366L * 24 * 3600)

/*
 * Parses a duration into seconds. Two forms are accepted:
 *
 *   units   one or more groups of decimal digits followed by a unit, d
 *           (days), h, m or s, with the units in that order and each at
 *           most once: "8h", "7h30m", "450m", "27000s", "1d12h", "1h0m30s"
 *   clock   hours, two-digit minutes and two-digit seconds, "H:MM:SS":
 *           "07:30:00", "7:30:00", "27:00:00"
 *
 * Rejected: empty text, white space anywhere, a number without a unit
 * ("450"), a unit without a number ("h"), signs, decimal points and commas
 * ("7.5h", "-1h"), units other than d, h, m and s (upper case included),
 * repeated or out-of-order units ("30m7h"), "H:MM" and other clock forms,
 * and values above DURATION_MAX_SECONDS. On failure returns false, leaves
 * *seconds unchanged and writes the reason into err (errlen bytes, always
 * NUL-terminated), without the text itself: the caller names the option.
 */
bool duration_parse(const char *text, long *seconds, char *err, size_t errlen);

/* Writes seconds (at least 0) as hours and two-digit minutes, with the
 * seconds dropped: 22200 is "6h10m", 25200 "7h00m", 59 "0h00m". */
void duration_format_hm(long seconds, char *buf, size_t bufsize);

/* Writes seconds (at least 0) in the shortest exact units form that
 * duration_parse() reads back: 86400 is "24h", 27000 "7h30m", 90 "1m30s",
 * 0 "0s". Days are never used, so a lookback reads "48h". */
void duration_format(long seconds, char *buf, size_t bufsize);

#endif
