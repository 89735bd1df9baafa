/*
 * Fuzz target for the date, clock and duration parsers of timeutil.h. Every
 * parser reads the same input text; each accepted text must print back the
 * same, which proves that no field outside its range slipped through.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "timeutil.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_set_zone();
	return 0;
}

static int month_days(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 && leap ? 29 : days[month - 1];
}

static void date_verify(const struct civil_time *civil)
{
	struct civil_time next = *civil;

	fuzz_require(civil->year >= 1 && civil->year <= 9999);
	fuzz_require(civil->month >= 1 && civil->month <= 12);
	fuzz_require(civil->day >= 1 && civil->day <= month_days(civil->year, civil->month));
	fuzz_require(civil_weekday(civil) >= 0 && civil_weekday(civil) <= 6);

	civil_add_days(&next, 1);
	fuzz_require(civil_weekday(&next) == (civil_weekday(civil) + 1) % 7);
	civil_add_days(&next, -1);
	fuzz_require(next.year == civil->year && next.month == civil->month && next.day == civil->day);
}

static void datetime_check(const char *text)
{
	struct civil_time civil;
	char printed[32];
	time_t epoch;

	if (!civil_parse_datetime(text, &civil))
		return;

	date_verify(&civil);
	civil_format(&civil, true, printed, sizeof printed);
	fuzz_require(strcmp(printed, text) == 0);

	/* Only checked for crashes: a time that the zone skipped at a DST change
	 * (Bogota, 1992) does not come back the same. */
	if (civil_to_epoch(&civil, &epoch))
		epoch_to_civil(epoch, &civil);
}

static void date_check(const char *text)
{
	struct civil_time civil;
	char printed[32];

	if (!civil_parse_date(text, &civil))
		return;

	date_verify(&civil);
	fuzz_require(civil.hour == 0 && civil.minute == 0 && civil.second == 0);
	civil_format(&civil, false, printed, sizeof printed);
	fuzz_require(strncmp(printed, text, 10) == 0 && strcmp(printed + 10, " 00:00") == 0);
}

static void clock_check(const char *text)
{
	char printed[16];
	int minutes;

	if (!clock_parse_hhmm(text, &minutes))
		return;

	fuzz_require(minutes >= 0 && minutes <= 1439);

	/* "7:00", with one hour digit as spreadsheets write it, is accepted. */
	if (strlen(text) == 4)
		snprintf(printed, sizeof printed, "%d:%02d", minutes / 60, minutes % 60);
	else
		snprintf(printed, sizeof printed, "%02d:%02d", minutes / 60, minutes % 60);
	fuzz_require(strcmp(printed, text) == 0);
}

/* Leading zeros of the hours are allowed ("004:38:08"), so the hours are
 * compared without them. */
static void duration_check(const char *text)
{
	const char *hours = text;
	char printed[32];
	long seconds;

	if (!duration_parse_hms(text, &seconds))
		return;

	fuzz_require(seconds >= 0);
	while (hours[0] == '0' && hours[1] != ':')
		hours++;
	snprintf(printed, sizeof printed, "%ld:%02ld:%02ld", seconds / 3600, seconds / 60 % 60,
		 seconds % 60);
	fuzz_require(strcmp(printed, hours) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);

	datetime_check(text);
	date_check(text);
	clock_check(text);
	duration_check(text);

	free(text);
	return 0;
}
