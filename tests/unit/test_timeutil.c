#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "timeutil.h"

static void zone_set_or_fail(const char *zone)
{
	char err[256] = "";

	ck_assert_msg(timeutil_set_zone(zone, err, sizeof(err)), "zone %s: %s", zone, err);
}

static void civil_assert(const struct civil_time *civil, int year, int month, int day,
			 int hour, int minute, int second)
{
	ck_assert_int_eq(civil->year, year);
	ck_assert_int_eq(civil->month, month);
	ck_assert_int_eq(civil->day, day);
	ck_assert_int_eq(civil->hour, hour);
	ck_assert_int_eq(civil->minute, minute);
	ck_assert_int_eq(civil->second, second);
}

/* Datetimes */

static const struct {
	const char *text;
	struct civil_time expected;
} valid_datetimes[] = {
	{ "2024-03-01 08:00:00", { 2024, 3, 1, 8, 0, 0 } },
	{ "2024-02-29 23:59:59", { 2024, 2, 29, 23, 59, 59 } },  /* leap year */
	{ "2000-02-29 12:30:45", { 2000, 2, 29, 12, 30, 45 } },  /* divisible by 400 */
	{ "1999-12-31 00:00:00", { 1999, 12, 31, 0, 0, 0 } },
	{ "2024-04-30 07:05:09", { 2024, 4, 30, 7, 5, 9 } },
};

START_TEST(test_timeutil_datetime_valid)
{
	struct civil_time civil = { 0 };

	ck_assert_msg(civil_parse_datetime(valid_datetimes[_i].text, &civil), "rejected %s",
		      valid_datetimes[_i].text);
	civil_assert(&civil, valid_datetimes[_i].expected.year, valid_datetimes[_i].expected.month,
		     valid_datetimes[_i].expected.day, valid_datetimes[_i].expected.hour,
		     valid_datetimes[_i].expected.minute, valid_datetimes[_i].expected.second);
}
END_TEST

static const char *const invalid_datetimes[] = {
	"2023-02-29 00:00:00",   /* not a leap year */
	"1900-02-29 00:00:00",   /* divisible by 100, not by 400 */
	"2024-02-30 00:00:00",
	"2024-04-31 00:00:00",
	"2024-13-01 00:00:00",
	"2024-00-10 00:00:00",
	"2024-01-00 00:00:00",
	"0000-00-00 00:00:00",   /* the API's zero date */
	"2024-01-01 24:00:00",
	"2024-01-01 23:60:00",
	"2024-01-01 23:59:60",
	"2024-01-01T00:00:00",
	"2024-01-01 00:00:00 ",
	" 2024-01-01 00:00:00",
	"2024-1-01 00:00:00",
	"2024-01-01 0:00:00",
	"2024-01-0a 00:00:00",
	"+024-01-01 00:00:00",
	"2024-01-01",
	"",
};

START_TEST(test_timeutil_datetime_invalid)
{
	struct civil_time civil = { 1, 2, 3, 4, 5, 6 };

	ck_assert_msg(!civil_parse_datetime(invalid_datetimes[_i], &civil), "accepted \"%s\"",
		      invalid_datetimes[_i]);
	civil_assert(&civil, 1, 2, 3, 4, 5, 6);
}
END_TEST

START_TEST(test_timeutil_datetime_null)
{
	struct civil_time civil;

	ck_assert(!civil_parse_datetime(NULL, &civil));
	ck_assert(!civil_parse_date(NULL, &civil));
}
END_TEST

/* Dates */

START_TEST(test_timeutil_date_valid)
{
	struct civil_time civil = { 9, 9, 9, 9, 9, 9 };

	ck_assert(civil_parse_date("2024-02-29", &civil));
	civil_assert(&civil, 2024, 2, 29, 0, 0, 0);

	ck_assert(civil_parse_date("2000-02-29", &civil));
	civil_assert(&civil, 2000, 2, 29, 0, 0, 0);

	ck_assert(civil_parse_date("1999-12-31", &civil));
	civil_assert(&civil, 1999, 12, 31, 0, 0, 0);
}
END_TEST

static const char *const invalid_dates[] = {
	"2023-02-29", "2100-02-29", "2024-02-30", "2024-06-31", "2024-1-1", "2024-01-01 ",
	"24-01-01", "2024/01/01", "2024-01-01 00:00:00", "", "2024-00-01", "2024-12-32",
};

START_TEST(test_timeutil_date_invalid)
{
	struct civil_time civil;

	ck_assert_msg(!civil_parse_date(invalid_dates[_i], &civil), "accepted \"%s\"",
		      invalid_dates[_i]);
}
END_TEST

/* Clock times */

START_TEST(test_timeutil_hhmm_valid)
{
	int minutes = -1;

	ck_assert(clock_parse_hhmm("00:00", &minutes));
	ck_assert_int_eq(minutes, 0);

	ck_assert(clock_parse_hhmm("23:59", &minutes));
	ck_assert_int_eq(minutes, 1439);

	ck_assert(clock_parse_hhmm("08:05", &minutes));
	ck_assert_int_eq(minutes, 485);

	ck_assert(clock_parse_hhmm("7:00", &minutes));
	ck_assert_int_eq(minutes, 420);
}
END_TEST

static const char *const invalid_clocks[] = {
	"24:00", "12:60", "8:0", "08:0", ":800", "8:60", "08-00", "", "08:00:00", " 8:00", "-1:00", "0a:00", "08:00 ",
};

START_TEST(test_timeutil_hhmm_invalid)
{
	int minutes = 77;

	ck_assert_msg(!clock_parse_hhmm(invalid_clocks[_i], &minutes), "accepted \"%s\"",
		      invalid_clocks[_i]);
	ck_assert_int_eq(minutes, 77);
}
END_TEST

/* Durations */

static const struct {
	const char *text;
	long seconds;
} valid_durations[] = {
	{ "4:38:08", 4 * 3600 + 38 * 60 + 8 },
	{ "27:00:00", 27 * 3600 },
	{ "0:00:00", 0 },
	{ "04:38:08", 4 * 3600 + 38 * 60 + 8 },
	{ "123:59:59", 123 * 3600 + 59 * 60 + 59 },
};

START_TEST(test_timeutil_duration_valid)
{
	long seconds = -1;

	ck_assert_msg(duration_parse_hms(valid_durations[_i].text, &seconds), "rejected %s",
		      valid_durations[_i].text);
	ck_assert_int_eq(seconds, valid_durations[_i].seconds);
}
END_TEST

static const char *const invalid_durations[] = {
	"4:60:00", "4:5:06", "-1:00:00", "", "1:00", "4:00:60", ":00:00", "4:00:00 ", " 4:00:00",
	"+4:00:00", "4:00:0a", "4:00:00:00", "99999999999999999999:00:00",
};

START_TEST(test_timeutil_duration_invalid)
{
	long seconds = 99;

	ck_assert_msg(!duration_parse_hms(invalid_durations[_i], &seconds), "accepted \"%s\"",
		      invalid_durations[_i]);
	ck_assert_int_eq(seconds, 99);
	ck_assert(!duration_parse_hms(NULL, &seconds));
}
END_TEST

START_TEST(test_timeutil_duration_max_hours)
{
	long max_hours = (LONG_MAX - 3599) / 3600;
	char text[64];
	long seconds = 0;

	snprintf(text, sizeof(text), "%ld:59:59", max_hours);
	ck_assert(duration_parse_hms(text, &seconds));
	ck_assert_int_eq(seconds, max_hours * 3600 + 3599);

	snprintf(text, sizeof(text), "%ld:00:00", max_hours + 1);
	ck_assert(!duration_parse_hms(text, &seconds));
}
END_TEST

/* Zones */

START_TEST(test_timeutil_zone_valid)
{
	char err[256] = "";

	ck_assert(timeutil_set_zone("America/Bogota", err, sizeof(err)));
	ck_assert_str_eq(getenv("TZ"), "America/Bogota");
	ck_assert_str_eq(err, "");

	ck_assert(timeutil_set_zone("Etc/GMT+5", err, sizeof(err)));
	ck_assert_str_eq(getenv("TZ"), "Etc/GMT+5");
}
END_TEST

static const char *const malformed_zones[] = {
	"../etc/passwd", "/etc/passwd", "America/../Europe/Madrid", "America/Bogota ",
	"America/Bo;gota", "", "Ame\nrica", "zone.tab", "America\\Bogota",
};

START_TEST(test_timeutil_zone_malformed)
{
	char err[256] = "";
	char expected[256];

	setenv("TZ", "UTC", 1);
	snprintf(expected, sizeof(expected),
		 "invalid time zone name \"%s\": expected an IANA name such as America/Bogota",
		 malformed_zones[_i]);

	ck_assert(!timeutil_set_zone(malformed_zones[_i], err, sizeof(err)));
	ck_assert_str_eq(err, expected);
	ck_assert_str_eq(getenv("TZ"), "UTC");
}
END_TEST

START_TEST(test_timeutil_zone_null)
{
	char err[256] = "";

	ck_assert(!timeutil_set_zone(NULL, err, sizeof(err)));
	ck_assert_str_eq(err, "invalid time zone name \"\": expected an IANA name such as America/Bogota");
}
END_TEST

START_TEST(test_timeutil_zone_unknown)
{
	char err[256] = "";

	unsetenv("TZDIR");
	setenv("TZ", "UTC", 1);

	ck_assert(!timeutil_set_zone("Mars/Olympus_Mons", err, sizeof(err)));
	ck_assert_str_eq(err, "unknown time zone \"Mars/Olympus_Mons\": no zone file "
			      "/usr/share/zoneinfo/Mars/Olympus_Mons (is the tzdata package installed?)");
	ck_assert_str_eq(getenv("TZ"), "UTC");

	/* A directory of zones is not a zone. */
	ck_assert(!timeutil_set_zone("America", err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "unknown time zone \"America\""));
}
END_TEST

START_TEST(test_timeutil_zone_tzdir)
{
	char directory[] = "/tmp/test_timeutil_XXXXXX";
	char subdirectory[256], link[256];
	char err[512] = "";
	struct civil_time civil = { 2024, 3, 1, 8, 0, 0 };
	time_t epoch = 0;

	ck_assert_ptr_nonnull(mkdtemp(directory));
	snprintf(subdirectory, sizeof(subdirectory), "%s/Test", directory);
	snprintf(link, sizeof(link), "%s/Test/Bogota_Copy", directory);
	ck_assert_int_eq(mkdir(subdirectory, 0700), 0);
	ck_assert_int_eq(symlink("/usr/share/zoneinfo/America/Bogota", link), 0);

	setenv("TZDIR", directory, 1);
	ck_assert_msg(timeutil_set_zone("Test/Bogota_Copy", err, sizeof(err)), "%s", err);
	ck_assert(civil_to_epoch(&civil, &epoch));
	ck_assert_int_eq(epoch, 1709298000);

	/* Under TZDIR, a zone that only the default directory has is unknown. */
	ck_assert(!timeutil_set_zone("America/Bogota", err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, directory));

	unsetenv("TZDIR");
	unlink(link);
	rmdir(subdirectory);
	rmdir(directory);
}
END_TEST

/* Conversions */

START_TEST(test_timeutil_bogota_round_trip)
{
	struct civil_time civil = { 2024, 3, 1, 8, 0, 0 };
	struct civil_time back;
	time_t epoch = 0;

	zone_set_or_fail("America/Bogota");

	ck_assert(civil_to_epoch(&civil, &epoch));
	ck_assert_int_eq(epoch, 1709298000);

	epoch_to_civil(1709298000 + 3600 * 16 + 61, &back);
	civil_assert(&back, 2024, 3, 2, 0, 1, 1);
}
END_TEST

START_TEST(test_timeutil_bogota_minus_one)
{
	/* Unix time -1 is a valid second, which mktime() also uses for errors. */
	struct civil_time civil = { 1969, 12, 31, 18, 59, 59 };
	time_t epoch = 0;

	zone_set_or_fail("America/Bogota");

	ck_assert(civil_to_epoch(&civil, &epoch));
	ck_assert_int_eq(epoch, -1);
}
END_TEST

START_TEST(test_timeutil_bogota_no_dst)
{
	struct civil_time january = { 2024, 1, 15, 8, 0, 0 };
	struct civil_time july = { 2024, 7, 15, 8, 0, 0 };
	time_t winter = 0, summer = 0;

	zone_set_or_fail("America/Bogota");

	ck_assert(civil_to_epoch(&january, &winter));
	ck_assert(civil_to_epoch(&july, &summer));
	ck_assert_int_eq(winter, 1705323600);  /* 13:00 UTC */
	ck_assert_int_eq(summer, 1721048400);  /* 13:00 UTC */
}
END_TEST

START_TEST(test_timeutil_madrid_dst)
{
	struct civil_time january = { 2024, 1, 15, 8, 0, 0 };
	struct civil_time july = { 2024, 7, 15, 8, 0, 0 };
	struct civil_time skipped = { 2024, 3, 31, 2, 30, 0 };  /* 02:00 jumps to 03:00 */
	struct civil_time back;
	time_t epoch = 0;

	zone_set_or_fail("Europe/Madrid");

	ck_assert(civil_to_epoch(&january, &epoch));
	ck_assert_int_eq(epoch, 1705302000);  /* UTC+1 */

	ck_assert(civil_to_epoch(&july, &epoch));
	ck_assert_int_eq(epoch, 1721023200);  /* UTC+2 */

	epoch_to_civil(1721023200, &back);
	civil_assert(&back, 2024, 7, 15, 8, 0, 0);

	/* mktime() reads a skipped time with either offset. */
	ck_assert(civil_to_epoch(&skipped, &epoch));
	ck_assert_msg(epoch == 1711848600 || epoch == 1711845000, "epoch %lld", (long long)epoch);
}
END_TEST

START_TEST(test_timeutil_santiago_dst)
{
	struct civil_time january = { 2024, 1, 15, 8, 0, 0 };
	struct civil_time july = { 2024, 7, 15, 8, 0, 0 };
	time_t epoch = 0;

	zone_set_or_fail("America/Santiago");

	ck_assert(civil_to_epoch(&january, &epoch));
	ck_assert_int_eq(epoch, 1705316400);  /* UTC-3, southern summer */

	ck_assert(civil_to_epoch(&july, &epoch));
	ck_assert_int_eq(epoch, 1721044800);  /* UTC-4 */
}
END_TEST

/* Calendar arithmetic */

static const struct {
	struct civil_time date;
	int weekday;
} weekdays[] = {
	{ { 2024, 3, 1, 0, 0, 0 }, 5 },
	{ { 2024, 3, 4, 0, 0, 0 }, 1 },
	{ { 2024, 2, 29, 0, 0, 0 }, 4 },
	{ { 1970, 1, 1, 0, 0, 0 }, 4 },
	{ { 1969, 12, 31, 0, 0, 0 }, 3 },
	{ { 2000, 1, 1, 0, 0, 0 }, 6 },
	{ { 2024, 3, 3, 0, 0, 0 }, 0 },
	{ { 1969, 12, 27, 0, 0, 0 }, 6 },
	{ { 1900, 1, 1, 0, 0, 0 }, 1 },
};

START_TEST(test_timeutil_weekday)
{
	ck_assert_int_eq(civil_weekday(&weekdays[_i].date), weekdays[_i].weekday);
}
END_TEST

static const struct {
	struct civil_time from;
	int days;
	struct civil_time to;
} additions[] = {
	{ { 2024, 1, 31, 13, 45, 10 }, 1, { 2024, 2, 1, 13, 45, 10 } },
	{ { 2024, 2, 28, 0, 0, 0 }, 1, { 2024, 2, 29, 0, 0, 0 } },
	{ { 2023, 2, 28, 0, 0, 0 }, 1, { 2023, 3, 1, 0, 0, 0 } },
	{ { 2024, 12, 31, 23, 59, 59 }, 1, { 2025, 1, 1, 23, 59, 59 } },
	{ { 2025, 1, 1, 6, 0, 0 }, -1, { 2024, 12, 31, 6, 0, 0 } },
	{ { 2024, 3, 1, 0, 0, 0 }, -1, { 2024, 2, 29, 0, 0, 0 } },
	{ { 2024, 1, 1, 0, 0, 0 }, 366, { 2025, 1, 1, 0, 0, 0 } },
	{ { 2024, 5, 10, 0, 0, 0 }, 0, { 2024, 5, 10, 0, 0, 0 } },
	{ { 1970, 1, 1, 0, 0, 0 }, -1, { 1969, 12, 31, 0, 0, 0 } },
};

START_TEST(test_timeutil_add_days)
{
	struct civil_time civil = additions[_i].from;
	const struct civil_time *to = &additions[_i].to;

	civil_add_days(&civil, additions[_i].days);
	civil_assert(&civil, to->year, to->month, to->day, to->hour, to->minute, to->second);
}
END_TEST

START_TEST(test_timeutil_add_days_any_zone)
{
	/* Pure date arithmetic: the day Madrid moves its clocks is 24 hours. */
	struct civil_time civil = { 2024, 3, 30, 2, 30, 0 };

	zone_set_or_fail("Europe/Madrid");
	civil_add_days(&civil, 1);
	civil_assert(&civil, 2024, 3, 31, 2, 30, 0);
}
END_TEST

START_TEST(test_timeutil_calendar_matches_libc)
{
	/* Every day from 1900 to 2100, checked against timegm() and gmtime_r(). */
	struct civil_time civil = { 1900, 1, 1, 12, 0, 0 };

	while (civil.year <= 2100) {
		struct tm tm = { 0 };
		struct tm next;
		time_t noon;

		tm.tm_year = civil.year - 1900;
		tm.tm_mon = civil.month - 1;
		tm.tm_mday = civil.day;
		tm.tm_hour = 12;
		noon = timegm(&tm);
		ck_assert_int_eq(civil_weekday(&civil), tm.tm_wday);

		noon += 86400;
		ck_assert_ptr_nonnull(gmtime_r(&noon, &next));
		civil_add_days(&civil, 1);
		civil_assert(&civil, next.tm_year + 1900, next.tm_mon + 1, next.tm_mday, 12, 0, 0);
	}
}
END_TEST

/* Formatting */

START_TEST(test_timeutil_format_compact)
{
	struct civil_time civil = { 2024, 3, 1, 8, 5, 9 };
	char buf[15];

	civil_format_compact(&civil, buf, sizeof(buf));
	ck_assert_str_eq(buf, "20240301080509");
}
END_TEST

START_TEST(test_timeutil_format)
{
	struct civil_time civil = { 2024, 12, 31, 23, 59, 7 };
	char buf[32];

	civil_format(&civil, false, buf, sizeof(buf));
	ck_assert_str_eq(buf, "2024-12-31 23:59");

	civil_format(&civil, true, buf, sizeof(buf));
	ck_assert_str_eq(buf, "2024-12-31 23:59:07");
}
END_TEST

START_TEST(test_timeutil_format_truncates)
{
	struct civil_time civil = { 2024, 3, 1, 8, 5, 9 };
	char buf[8];

	civil_format_compact(&civil, buf, sizeof(buf));
	ck_assert_str_eq(buf, "2024030");
}
END_TEST

#define TABLE_SIZE(table) ((int)(sizeof(table) / sizeof((table)[0])))

static Suite *timeutil_suite(void)
{
	Suite *suite = suite_create("timeutil");
	TCase *core = tcase_create("Core");
	TCase *limits = tcase_create("Limits");
	TCase *errors = tcase_create("Errors");
	TCase *zones = tcase_create("Zones");

	tcase_add_loop_test(core, test_timeutil_datetime_valid, 0, TABLE_SIZE(valid_datetimes));
	tcase_add_test(core, test_timeutil_date_valid);
	tcase_add_test(core, test_timeutil_hhmm_valid);
	tcase_add_loop_test(core, test_timeutil_duration_valid, 0, TABLE_SIZE(valid_durations));
	tcase_add_loop_test(core, test_timeutil_weekday, 0, TABLE_SIZE(weekdays));
	tcase_add_loop_test(core, test_timeutil_add_days, 0, TABLE_SIZE(additions));
	tcase_add_test(core, test_timeutil_format_compact);
	tcase_add_test(core, test_timeutil_format);
	suite_add_tcase(suite, core);

	tcase_add_test(limits, test_timeutil_duration_max_hours);
	tcase_add_test(limits, test_timeutil_format_truncates);
	tcase_add_test(limits, test_timeutil_bogota_minus_one);
	tcase_add_test(limits, test_timeutil_calendar_matches_libc);
	suite_add_tcase(suite, limits);

	tcase_add_loop_test(errors, test_timeutil_datetime_invalid, 0, TABLE_SIZE(invalid_datetimes));
	tcase_add_test(errors, test_timeutil_datetime_null);
	tcase_add_loop_test(errors, test_timeutil_date_invalid, 0, TABLE_SIZE(invalid_dates));
	tcase_add_loop_test(errors, test_timeutil_hhmm_invalid, 0, TABLE_SIZE(invalid_clocks));
	tcase_add_loop_test(errors, test_timeutil_duration_invalid, 0, TABLE_SIZE(invalid_durations));
	suite_add_tcase(suite, errors);

	tcase_add_test(zones, test_timeutil_zone_valid);
	tcase_add_loop_test(zones, test_timeutil_zone_malformed, 0, TABLE_SIZE(malformed_zones));
	tcase_add_test(zones, test_timeutil_zone_null);
	tcase_add_test(zones, test_timeutil_zone_unknown);
	tcase_add_test(zones, test_timeutil_zone_tzdir);
	tcase_add_test(zones, test_timeutil_bogota_round_trip);
	tcase_add_test(zones, test_timeutil_bogota_no_dst);
	tcase_add_test(zones, test_timeutil_madrid_dst);
	tcase_add_test(zones, test_timeutil_santiago_dst);
	tcase_add_test(zones, test_timeutil_add_days_any_zone);
	suite_add_tcase(suite, zones);

	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(timeutil_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
