#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"

#define TABLE_SIZE(table) ((int)(sizeof(table) / sizeof((table)[0])))

/* Core: every accepted form with its value in seconds. */

static const struct {
	const char *text;
	long seconds;
} valid_cases[] = {
	{ "8h", 28800 },
	{ "7h30m", 27000 },
	{ "450m", 27000 },
	{ "27000s", 27000 },
	{ "07:30:00", 27000 },
	{ "7:30:00", 27000 },
	{ "27:00:00", 97200 },
	{ "0:00:00", 0 },
	{ "1d", 86400 },
	{ "1d12h", 129600 },
	{ "1h0m30s", 3630 },
	{ "1h30s", 3630 },
	{ "90s", 90 },
	{ "0s", 0 },
	{ "0h", 0 },
	{ "008h", 28800 },
	{ "24h", 86400 },
	{ "366d", DURATION_MAX_SECONDS },
	{ "8784:00:00", DURATION_MAX_SECONDS },
	{ "31622400s", DURATION_MAX_SECONDS },
};

START_TEST(test_duration_valid)
{
	char err[256] = "";
	long seconds = -1;

	ck_assert_msg(duration_parse(valid_cases[_i].text, &seconds, err, sizeof(err)),
		      "%s: %s", valid_cases[_i].text, err);
	ck_assert_msg(seconds == valid_cases[_i].seconds, "%s: %ld seconds, expected %ld",
		      valid_cases[_i].text, seconds, valid_cases[_i].seconds);
}
END_TEST

/* Errors: each rejected form with the key part of its message. */

static const struct {
	const char *text;
	const char *message;
} invalid_cases[] = {
	{ "", "empty duration" },
	{ "450", "missing unit after 450; add d, h, m or s, as in 450m" },
	{ "8", "missing unit after 8" },
	{ "7h30", "missing unit after 30" },
	{ "h", "missing number before 'h'" },
	{ "7hm", "missing number before 'm'" },
	{ "8x", "unknown unit 'x'; use d, h, m or s" },
	{ "8H", "unknown unit 'H'" },
	{ "8hours", "unknown unit 'o'" },
	{ "30m7h", "units must appear at most once each, in the order d, h, m, s" },
	{ "1h1h", "units must appear at most once each" },
	{ "7.5h", "decimal numbers are not allowed; combine units, as in 7h30m" },
	{ "7,5h", "decimal numbers are not allowed" },
	{ "-8h", "signs are not allowed" },
	{ "+8h", "signs are not allowed" },
	{ " 8h", "white space is not allowed" },
	{ "8h ", "white space is not allowed" },
	{ "7h 30m", "white space is not allowed" },
	{ "8\xC3\xA9", "unexpected non-ASCII or control character" },
	{ "7:30", "invalid clock form; write H:MM:SS" },
	{ "07:30:0", "invalid clock form" },
	{ "07:60:00", "invalid clock form" },
	{ "07:30:60", "invalid clock form" },
	{ ":30:00", "invalid clock form" },
	{ "07:30:00:00", "invalid clock form" },
	{ "7h:30", "invalid clock form" },
	{ "-7:30:00", "signs are not allowed" },
	{ "367d", "too large; the maximum is 366 days" },
	{ "31622401s", "too large" },
	{ "8785:00:00", "too large" },
	{ "99999999999999999999s", "too large" },
	{ "366d1s", "too large" },
};

START_TEST(test_duration_invalid)
{
	char err[256] = "";
	long seconds = -7;

	ck_assert_msg(!duration_parse(invalid_cases[_i].text, &seconds, err, sizeof(err)),
		      "'%s' was accepted as %ld", invalid_cases[_i].text, seconds);
	ck_assert_msg(seconds == -7, "'%s' changed the output", invalid_cases[_i].text);
	ck_assert_msg(strstr(err, invalid_cases[_i].message) != NULL, "'%s': message '%s'",
		      invalid_cases[_i].text, err);
}
END_TEST

START_TEST(test_duration_null)
{
	char err[256] = "";
	long seconds = -7;

	ck_assert(!duration_parse(NULL, &seconds, err, sizeof(err)));
	ck_assert_int_eq(seconds, -7);
	ck_assert_str_eq(err, "empty duration; give a value such as 8h, 7h30m or 07:30:00");
}
END_TEST

static const struct {
	long seconds;
	const char *hm;
	const char *shortest;
} format_cases[] = {
	{ 22200, "6h10m", "6h10m" },
	{ 25200, "7h00m", "7h" },
	{ 86400, "24h00m", "24h" },
	{ 172800, "48h00m", "48h" },
	{ 27000, "7h30m", "7h30m" },
	{ 90, "0h01m", "1m30s" },
	{ 59, "0h00m", "59s" },
	{ 3630, "1h00m", "1h30s" },
	{ 0, "0h00m", "0s" },
	{ -5, "0h00m", "0s" },
};

START_TEST(test_duration_format)
{
	char buf[32];
	char err[128];
	long seconds = -1;

	duration_format_hm(format_cases[_i].seconds, buf, sizeof(buf));
	ck_assert_str_eq(buf, format_cases[_i].hm);

	duration_format(format_cases[_i].seconds, buf, sizeof(buf));
	ck_assert_str_eq(buf, format_cases[_i].shortest);

	/* The shortest form reads back as the same duration. */
	ck_assert_msg(duration_parse(buf, &seconds, err, sizeof(err)), "%s: %s", buf, err);
	ck_assert_int_eq(seconds, format_cases[_i].seconds > 0 ? format_cases[_i].seconds : 0);
}
END_TEST

START_TEST(test_duration_format_small_buffer)
{
	char buf[4];

	duration_format(27000, buf, sizeof(buf));
	ck_assert_str_eq(buf, "7h3");
	duration_format_hm(22200, buf, sizeof(buf));
	ck_assert_str_eq(buf, "6h1");
}
END_TEST

static Suite *duration_suite(void)
{
	Suite *suite = suite_create("duration");
	TCase *core = tcase_create("Core");
	TCase *errors = tcase_create("Errors");
	TCase *limits = tcase_create("Limits");

	tcase_add_loop_test(core, test_duration_valid, 0, TABLE_SIZE(valid_cases));
	tcase_add_loop_test(core, test_duration_format, 0, TABLE_SIZE(format_cases));
	suite_add_tcase(suite, core);

	tcase_add_loop_test(errors, test_duration_invalid, 0, TABLE_SIZE(invalid_cases));
	tcase_add_test(errors, test_duration_null);
	suite_add_tcase(suite, errors);

	tcase_add_test(limits, test_duration_format_small_buffer);
	suite_add_tcase(suite, limits);

	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(duration_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
