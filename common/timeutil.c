#include "timeutil.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

#define TIMEUTIL_DEFAULT_TZDIR "/usr/share/zoneinfo"
#define TIMEUTIL_MAX_ZONE_NAME 255

/* Every compiled zone file (RFC 8536) starts with these four bytes. */
#define TIMEUTIL_TZIF_MAGIC "TZif"

static bool zone_name_is_valid(const char *zone)
{
	size_t length = strlen(zone);

	if (length == 0 || length > TIMEUTIL_MAX_ZONE_NAME)
		return false;

	/* '.' is not in the set below, so no name can climb out with "..". */
	if (zone[0] == '/')
		return false;

	for (size_t i = 0; i < length; i++) {
		char c = zone[i];
		bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			       (c >= '0' && c <= '9') || c == '_' || c == '+' ||
			       c == '/' || c == '-';

		if (!allowed)
			return false;
	}

	return true;
}

/* Returns true when path names a readable compiled zone file, so that files
 * such as zone.tab, which glibc cannot load, are rejected too. */
static bool zone_file_exists(const char *path)
{
	char magic[sizeof(TIMEUTIL_TZIF_MAGIC) - 1];
	FILE *file = fopen(path, "rb");
	bool found = false;

	if (file == NULL)
		return false;

	if (fread(magic, 1, sizeof(magic), file) == sizeof(magic))
		found = memcmp(magic, TIMEUTIL_TZIF_MAGIC, sizeof(magic)) == 0;

	fclose(file);
	return found;
}

bool timeutil_set_zone(const char *zone, char *err, size_t errlen)
{
	const char *tzdir = getenv("TZDIR");
	char path[4096];
	int written;

	if (zone == NULL || !zone_name_is_valid(zone)) {
		snprintf(err, errlen,
			 _("invalid time zone name \"%s\": expected an IANA name such as America/Bogota"),
			 zone != NULL ? zone : "");
		return false;
	}

	if (tzdir == NULL || tzdir[0] == '\0')
		tzdir = TIMEUTIL_DEFAULT_TZDIR;

	written = snprintf(path, sizeof(path), "%s/%s", tzdir, zone);
	if (written < 0 || (size_t)written >= sizeof(path) || !zone_file_exists(path)) {
		snprintf(err, errlen,
			 _("unknown time zone \"%s\": no zone file %s (is the tzdata package installed?)"),
			 zone, path);
		return false;
	}

	if (setenv("TZ", zone, 1) != 0) {
		snprintf(err, errlen, _("failed to set TZ to \"%s\": %s"), zone, strerror(errno));
		return false;
	}

	tzset();
	return true;
}

/* Reads count decimal digits at text into *value. Returns false on any other
 * byte. */
static bool digits_parse(const char *text, size_t count, int *value)
{
	int result = 0;

	for (size_t i = 0; i < count; i++) {
		if (text[i] < '0' || text[i] > '9')
			return false;

		result = result * 10 + (text[i] - '0');
	}

	*value = result;
	return true;
}

static bool year_is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int month_length(int year, int month)
{
	static const int lengths[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (month == 2 && year_is_leap(year))
		return 29;

	return lengths[month - 1];
}

/* Parses the "YYYY-MM-DD" at the start of text. Reading stops at the first
 * byte that does not fit, so a shorter string is never overrun. */
static bool date_fields_parse(const char *text, struct civil_time *civil)
{
	int year, month, day;

	if (!digits_parse(text, 4, &year) || text[4] != '-' ||
	    !digits_parse(text + 5, 2, &month) || text[7] != '-' ||
	    !digits_parse(text + 8, 2, &day))
		return false;

	if (year < 1 || month < 1 || month > 12 || day < 1 || day > month_length(year, month))
		return false;

	civil->year = year;
	civil->month = month;
	civil->day = day;
	return true;
}

/* Parses "HH:MM" at the start of text into hour and minute. */
static bool clock_fields_parse(const char *text, int *hour, int *minute)
{
	if (!digits_parse(text, 2, hour) || text[2] != ':' || !digits_parse(text + 3, 2, minute))
		return false;

	return *hour <= 23 && *minute <= 59;
}

bool civil_parse_datetime(const char *text, struct civil_time *civil)
{
	struct civil_time parsed = { 0 };

	if (text == NULL || strlen(text) != 19)
		return false;

	if (!date_fields_parse(text, &parsed) || text[10] != ' ')
		return false;

	if (!clock_fields_parse(text + 11, &parsed.hour, &parsed.minute) || text[16] != ':' ||
	    !digits_parse(text + 17, 2, &parsed.second) || parsed.second > 59)
		return false;

	*civil = parsed;
	return true;
}

bool civil_parse_date(const char *text, struct civil_time *civil)
{
	struct civil_time parsed = { 0 };

	if (text == NULL || strlen(text) != 10 || !date_fields_parse(text, &parsed))
		return false;

	*civil = parsed;
	return true;
}

bool clock_parse_hhmm(const char *text, int *minutes)
{
	char padded[6];
	int hour, minute;

	if (text == NULL)
		return false;

	/* Spreadsheets export 07:00 as "7:00", so one hour digit is accepted. */
	if (strlen(text) == 4 && text[1] == ':') {
		snprintf(padded, sizeof(padded), "0%s", text);
		text = padded;
	}
	if (strlen(text) != 5 || !clock_fields_parse(text, &hour, &minute))
		return false;

	*minutes = hour * 60 + minute;
	return true;
}

bool duration_parse_hms(const char *text, long *seconds)
{
	const long max_hours = (LONG_MAX - 3599) / 3600;
	const char *colon;
	long hours = 0;
	int minute, second;

	if (text == NULL)
		return false;

	colon = text;
	while (*colon >= '0' && *colon <= '9') {
		long digit = *colon - '0';

		if (hours > (max_hours - digit) / 10)
			return false;

		hours = hours * 10 + digit;
		colon++;
	}

	if (colon == text || *colon != ':' || strlen(colon) != 6 || colon[3] != ':')
		return false;

	if (!digits_parse(colon + 1, 2, &minute) || !digits_parse(colon + 4, 2, &second) ||
	    minute > 59 || second > 59)
		return false;

	*seconds = hours * 3600 + (long)minute * 60 + second;
	return true;
}

bool civil_to_epoch(const struct civil_time *civil, time_t *epoch)
{
	struct tm tm = { 0 };
	time_t result;

	if (civil->year < INT_MIN + 1900)
		return false;

	tm.tm_year = civil->year - 1900;
	tm.tm_mon = civil->month - 1;
	tm.tm_mday = civil->day;
	tm.tm_hour = civil->hour;
	tm.tm_min = civil->minute;
	tm.tm_sec = civil->second;
	tm.tm_isdst = -1;

	/* mktime() returns -1 both on failure and for one valid second, but it
	 * sets tm_wday only on success. */
	tm.tm_wday = -1;
	result = mktime(&tm);
	if (result == (time_t)-1 && tm.tm_wday == -1)
		return false;

	*epoch = result;
	return true;
}

void epoch_to_civil(time_t epoch, struct civil_time *civil)
{
	struct tm tm;

	memset(civil, 0, sizeof(*civil));
	if (localtime_r(&epoch, &tm) == NULL)
		return;

	civil->year = tm.tm_year + 1900;
	civil->month = tm.tm_mon + 1;
	civil->day = tm.tm_mday;
	civil->hour = tm.tm_hour;
	civil->minute = tm.tm_min;
	civil->second = tm.tm_sec;
}

/*
 * Days since 1970-01-01 in the proleptic Gregorian calendar, and back: the
 * days_from_civil and civil_from_days algorithms of Howard Hinnant,
 * http://howardhinnant.github.io/date_algorithms.html. Pure arithmetic, so
 * the result depends on no zone and no width of time_t.
 */
static long long days_from_civil(long long year, int month, int day)
{
	long long era, year_of_era, day_of_year, day_of_era;

	year -= month <= 2;
	era = (year >= 0 ? year : year - 399) / 400;
	year_of_era = year - era * 400;
	day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
	day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;

	return era * 146097 + day_of_era - 719468;
}

static void civil_from_days(long long days, struct civil_time *civil)
{
	long long era, day_of_era, year_of_era, day_of_year, month_index;

	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	day_of_era = days - era * 146097;
	year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
	day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	month_index = (5 * day_of_year + 2) / 153;

	civil->day = (int)(day_of_year - (153 * month_index + 2) / 5 + 1);
	civil->month = (int)(month_index < 10 ? month_index + 3 : month_index - 9);
	civil->year = (int)(year_of_era + era * 400 + (civil->month <= 2));
}

void civil_add_days(struct civil_time *civil, int days)
{
	long long day_number = days_from_civil(civil->year, civil->month, civil->day);

	civil_from_days(day_number + days, civil);
}

int civil_weekday(const struct civil_time *civil)
{
	long long day_number = days_from_civil(civil->year, civil->month, civil->day);

	/* 1970-01-01 was a Thursday (4). */
	long long weekday = (day_number + 4) % 7;

	return (int)(weekday < 0 ? weekday + 7 : weekday);
}

void civil_format_compact(const struct civil_time *civil, char *buf, size_t bufsize)
{
	snprintf(buf, bufsize, "%04d%02d%02d%02d%02d%02d", civil->year, civil->month, civil->day,
		 civil->hour, civil->minute, civil->second);
}

void civil_format(const struct civil_time *civil, bool with_seconds, char *buf, size_t bufsize)
{
	if (with_seconds) {
		snprintf(buf, bufsize, "%04d-%02d-%02d %02d:%02d:%02d", civil->year, civil->month,
			 civil->day, civil->hour, civil->minute, civil->second);
		return;
	}

	snprintf(buf, bufsize, "%04d-%02d-%02d %02d:%02d", civil->year, civil->month, civil->day,
		 civil->hour, civil->minute);
}
