#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock_cache.h"
#include "timeutil.h"

#define COUNT(array) ((int)(sizeof(array) / sizeof((array)[0])))

static struct clock_cache cache;

static void zone_set(const char *zone)
{
	char err[256];

	ck_assert_msg(timeutil_set_zone(zone, err, sizeof err), "%s", err);
	clock_cache_init(&cache);
}

static struct civil_time civil_make(int year, int month, int day, int minute_of_day, int second)
{
	struct civil_time civil = { year, month, day, minute_of_day / 60, minute_of_day % 60, second };

	return civil;
}

/* Every minute of a day, twice over so that the second pass reads the
 * cache, gives what civil_to_epoch() gives. */
START_TEST(test_clock_cache_plain_day)
{
	zone_set("America/Bogota");
	for (int pass = 0; pass < 2; pass++) {
		for (int minute = 0; minute < 24 * 60; minute += 7) {
			struct civil_time civil = civil_make(2026, 3, 2, minute, minute % 60);
			time_t expected, epoch;

			ck_assert(civil_to_epoch(&civil, &expected));
			ck_assert(clock_cache_to_epoch(&cache, &civil, &epoch));
			ck_assert_int_eq(epoch, expected);
		}
	}
	ck_assert(cache.slots[(((2026 * 12 + 3) * 31 + 2) * 24 + 8) % CLOCK_CACHE_SLOTS].uniform);
}
END_TEST

struct change_case {
	const char *zone;
	int year, month, day;
	int skip_from, skip_to;   /* minutes of the day whose reading is not unique */
};

/* Days with a change of offset: every unambiguous minute converts exactly. */
static const struct change_case changes[] = {
	{ "America/New_York", 2026, 3, 8, 2 * 60, 3 * 60 },
	{ "America/New_York", 2026, 11, 1, 1 * 60, 2 * 60 },
	{ "Australia/Lord_Howe", 2026, 4, 5, 90, 120 },
	{ "Australia/Lord_Howe", 2026, 10, 4, 120, 150 },
	{ "Europe/Berlin", 2026, 3, 29, 120, 180 },
};

START_TEST(test_clock_cache_offset_changes)
{
	const struct change_case *test = &changes[_i];

	zone_set(test->zone);
	for (int minute = 0; minute < 24 * 60; minute++) {
		struct civil_time civil = civil_make(test->year, test->month, test->day, minute, 30);
		time_t expected, epoch;

		if (minute >= test->skip_from && minute < test->skip_to)
			continue;
		ck_assert(civil_to_epoch(&civil, &expected));
		ck_assert(clock_cache_to_epoch(&cache, &civil, &epoch));
		ck_assert_msg(epoch == expected, "%s %d:%02d:30: %lld, not %lld", test->zone, minute / 60,
			      minute % 60, (long long)epoch, (long long)expected);
	}
}
END_TEST

static unsigned hour_number(const struct civil_time *civil)
{
	return (unsigned)(((civil->year * 12 + civil->month) * 31 + civil->day) * 24 + civil->hour);
}

/* Two hours that share a slot take turns in it without mixing. */
START_TEST(test_clock_cache_slot_shared)
{
	struct civil_time first = civil_make(2026, 3, 2, 5 * 60 + 15, 0);
	struct civil_time later = first;
	time_t expected_first, expected_later, epoch;

	zone_set("America/Bogota");
	later.day += CLOCK_CACHE_SLOTS / 24;
	later.hour += CLOCK_CACHE_SLOTS % 24;
	ck_assert_int_lt(later.hour, 24);
	ck_assert_uint_eq(hour_number(&first) % CLOCK_CACHE_SLOTS, hour_number(&later) % CLOCK_CACHE_SLOTS);
	ck_assert(civil_to_epoch(&first, &expected_first));
	ck_assert(civil_to_epoch(&later, &expected_later));
	for (int round = 0; round < 3; round++) {
		ck_assert(clock_cache_to_epoch(&cache, &first, &epoch));
		ck_assert_int_eq(epoch, expected_first);
		ck_assert(clock_cache_to_epoch(&cache, &later, &epoch));
		ck_assert_int_eq(epoch, expected_later);
	}
}
END_TEST

static Suite *clock_cache_suite(void)
{
	Suite *suite = suite_create("clock_cache");
	TCase *core = tcase_create("Core");

	tcase_add_test(core, test_clock_cache_plain_day);
	tcase_add_loop_test(core, test_clock_cache_offset_changes, 0, COUNT(changes));
	tcase_add_test(core, test_clock_cache_slot_shared);
	suite_add_tcase(suite, core);
	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(clock_cache_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
