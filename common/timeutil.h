#ifndef WOLKVOX_TIMEUTIL_H
#define WOLKVOX_TIMEUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/*
 * Wall-clock times of the operation. The wolkvox API reports local times of
 * the operation's zone (America/Bogota for Colombian operations), which need
 * not be the monitoring host's zone, so every conversion goes through the
 * zone chosen with timeutil_set_zone().
 */

/* A civil (wall-clock) date and time. month is 1-12, day 1-31. */
struct civil_time {
	int year;
	int month;
	int day;
	int hour;
	int minute;
	int second;
};

/* Makes zone (an IANA name such as "America/Bogota") the zone of every
 * conversion below, process-wide, by setting TZ. Returns false and writes a
 * message when the name is malformed or no such zone is installed (glibc
 * would silently fall back to UTC). */
bool timeutil_set_zone(const char *zone, char *err, size_t errlen);

/* Parses "YYYY-MM-DD HH:MM:SS" with every field checked, the day against its
 * month and leap years included. Returns false on any other text. */
bool civil_parse_datetime(const char *text, struct civil_time *civil);

/* Parses "YYYY-MM-DD"; the time fields are set to zero. */
bool civil_parse_date(const char *text, struct civil_time *civil);

/* Parses "HH:MM" (00:00 to 23:59), or "H:MM" with one hour digit as
 * spreadsheets write it, into minutes after midnight. */
bool clock_parse_hhmm(const char *text, int *minutes);

/* Parses a duration "H:MM:SS" with one or more hour digits ("4:38:08",
 * "27:00:00") into seconds. Minutes and seconds must be two digits < 60. */
bool duration_parse_hms(const char *text, long *seconds);

/* Converts a civil time in the current zone to a Unix time. A time that the
 * zone skips or repeats at a DST change is resolved by mktime() with
 * tm_isdst = -1. Returns false when the time cannot be represented. */
bool civil_to_epoch(const struct civil_time *civil, time_t *epoch);

/* Converts a Unix time to civil time in the current zone. */
void epoch_to_civil(time_t epoch, struct civil_time *civil);

/* Adds days (may be negative) to the date, normalizing month and year; the
 * time of day is kept. */
void civil_add_days(struct civil_time *civil, int days);

/* Returns the day of the week of the date, 0 = Sunday to 6 = Saturday. */
int civil_weekday(const struct civil_time *civil);

/* Writes "YYYYmmddHHiiss", the API's date_ini/date_end form. buf holds at
 * least 15 bytes. */
void civil_format_compact(const struct civil_time *civil, char *buf, size_t bufsize);

/* Writes "YYYY-MM-DD HH:MM" (with_seconds false) or "YYYY-MM-DD HH:MM:SS". */
void civil_format(const struct civil_time *civil, bool with_seconds, char *buf, size_t bufsize);

#endif
