#include <check.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "range.h"

#define COUNT(array) ((int)(sizeof(array) / sizeof((array)[0])))

/* ---- Locale fixtures ---- */

/* Fails the test, never skips it, when the locale is not installed: CI
 * generates de_DE.UTF-8 and es_CO.UTF-8 with locale-gen. */
static void locale_set(const char *name)
{
	ck_assert_msg(setlocale(LC_ALL, name) != NULL,
		      "locale %s is not installed, generate it with locale-gen", name);
	ck_assert_str_eq(localeconv()->decimal_point, ",");
}

static void locale_set_de(void)
{
	locale_set("de_DE.UTF-8");
}

static void locale_set_es(void)
{
	locale_set("es_CO.UTF-8");
}

static void locale_reset(void)
{
	setlocale(LC_ALL, "C");
}

/* ---- Parsed fields ---- */

struct parse_case {
	const char *text;
	double start;
	double end;
	bool start_infinite;
	bool end_infinite;
	bool alert_inside;
};

/* Every row of the threshold table of the monitoring-plugins guidelines, then
 * other accepted spellings. An infinite endpoint's number is not checked. */
static const struct parse_case parse_cases[] = {
	{ "10", 0, 10, false, false, false },
	{ "10:", 10, 0, false, true, false },
	{ "~:10", 0, 10, true, false, false },
	{ "10:20", 10, 20, false, false, false },
	{ "@10:20", 10, 20, false, false, true },
	{ "0", 0, 0, false, false, false },
	{ "@0:0", 0, 0, false, false, true },
	{ "@0", 0, 0, false, false, true },
	{ "1:", 1, 0, false, true, false },
	{ "@~:0", 0, 0, true, false, true },
	{ "-10:-5", -10, -5, false, false, false },
	{ "0.5:1.5", 0.5, 1.5, false, false, false },
	{ "010", 0, 10, false, false, false },
	{ "010:020", 10, 20, false, false, false },
	{ "~:", 0, 0, true, true, false },
	{ "@~:", 0, 0, true, true, true },
	{ "+5", 0, 5, false, false, false },
	{ ".5", 0, 0.5, false, false, false },
	{ "5.", 0, 5, false, false, false },
	{ "-0.5:", -0.5, 0, false, true, false },
	{ "~:-3", 0, -3, true, false, false },
	{ "5:5", 5, 5, false, false, false },
	{ "@10", 0, 10, false, false, true },
	{ "@1:", 1, 0, false, true, true },
};

START_TEST(test_range_parse_fields)
{
	const struct parse_case *row = &parse_cases[_i];
	char err[256] = "untouched";
	struct range range;

	memset(&range, 0x5A, sizeof(range));
	ck_assert_msg(range_parse(row->text, &range, err, sizeof(err)), "'%s' was rejected: %s",
		      row->text, err);
	ck_assert_str_eq(err, "untouched");
	ck_assert_str_eq(range.text, row->text);
	ck_assert_int_eq(range.start_infinite, row->start_infinite);
	ck_assert_int_eq(range.end_infinite, row->end_infinite);
	ck_assert_int_eq(range.alert_inside, row->alert_inside);
	if (!row->start_infinite)
		ck_assert_double_eq(range.start, row->start);
	if (!row->end_infinite)
		ck_assert_double_eq(range.end, row->end);
}
END_TEST

/* ---- Alerts at and around every endpoint ---- */

struct alert_case {
	const char *text;
	double value;
	bool alerts;
};

/* For each endpoint: the value on it, just inside and just outside. */
static const struct alert_case alert_cases[] = {
	/* 10: alert when x < 0 or x > 10 */
	{ "10", -0.001, true }, { "10", 0, false }, { "10", 0.001, false },
	{ "10", 9.999, false }, { "10", 10, false }, { "10", 10.001, true },
	{ "10", -1e9, true }, { "10", 1e9, true },
	/* 10: alert when x < 10 */
	{ "10:", 9.999, true }, { "10:", 10, false }, { "10:", 10.001, false },
	{ "10:", 1e300, false }, { "10:", -1e300, true },
	/* ~:10 alert when x > 10 */
	{ "~:10", 9.999, false }, { "~:10", 10, false }, { "~:10", 10.001, true },
	{ "~:10", -1e300, false },
	/* 10:20 alert when x < 10 or x > 20 */
	{ "10:20", 9.999, true }, { "10:20", 10, false }, { "10:20", 10.001, false },
	{ "10:20", 19.999, false }, { "10:20", 20, false }, { "10:20", 20.001, true },
	/* @10:20 alert when 10 <= x <= 20 */
	{ "@10:20", 9.999, false }, { "@10:20", 10, true }, { "@10:20", 10.001, true },
	{ "@10:20", 19.999, true }, { "@10:20", 20, true }, { "@10:20", 20.001, false },
	/* 0 alert when x != 0 */
	{ "0", -0.001, true }, { "0", 0, false }, { "0", 0.001, true },
	/* @0:0 and @0 alert when x == 0 */
	{ "@0:0", -0.001, false }, { "@0:0", 0, true }, { "@0:0", 0.001, false },
	{ "@0", -0.001, false }, { "@0", 0, true }, { "@0", 0.001, false },
	/* 1: alert when x < 1 */
	{ "1:", 0.999, true }, { "1:", 1, false }, { "1:", 1.001, false },
	{ "1:", 0, true },
	/* @~:0 alert when x <= 0 */
	{ "@~:0", -0.001, true }, { "@~:0", 0, true }, { "@~:0", 0.001, false },
	{ "@~:0", -1e300, true },
	/* -10:-5 alert when x < -10 or x > -5 */
	{ "-10:-5", -10.001, true }, { "-10:-5", -10, false }, { "-10:-5", -9.999, false },
	{ "-10:-5", -5.001, false }, { "-10:-5", -5, false }, { "-10:-5", -4.999, true },
	/* 0.5:1.5 alert when x < 0.5 or x > 1.5 */
	{ "0.5:1.5", 0.499, true }, { "0.5:1.5", 0.5, false }, { "0.5:1.5", 0.501, false },
	{ "0.5:1.5", 1.499, false }, { "0.5:1.5", 1.5, false }, { "0.5:1.5", 1.501, true },
	/* 010 is decimal ten, not octal eight */
	{ "010", 8.001, false }, { "010", 10, false }, { "010", 10.001, true },
	/* ~: never alerts, @~: always does */
	{ "~:", -1e300, false }, { "~:", 1e300, false },
	{ "@~:", -1e300, true }, { "@~:", 0, true },
};

START_TEST(test_range_alerts_table)
{
	const struct alert_case *row = &alert_cases[_i];
	char err[256] = "";
	struct range range;

	ck_assert_msg(range_parse(row->text, &range, err, sizeof(err)), "'%s' was rejected: %s",
		      row->text, err);
	ck_assert_msg(range_alerts(&range, row->value) == row->alerts,
		      "range '%s' with value %.6f: expected %s", row->text, row->value,
		      row->alerts ? "an alert" : "no alert");
}
END_TEST

START_TEST(test_range_alerts_nan)
{
	struct range range;

	ck_assert(range_parse("~:", &range, NULL, 0));
	ck_assert(range_alerts(&range, NAN));
	ck_assert(range_parse("@10:20", &range, NULL, 0));
	ck_assert(range_alerts(&range, NAN));
}
END_TEST

START_TEST(test_range_alerts_null)
{
	ck_assert(!range_alerts(NULL, 5.0));
}
END_TEST

/* ---- Rejected texts ---- */

struct invalid_case {
	const char *text;
	const char *message;
};

static const struct invalid_case invalid_cases[] = {
	{ "", "invalid range '': the range is empty" },
	{ "20:10", "invalid range '20:10': start 20 is greater than end 10" },
	{ "-5:-10", "invalid range '-5:-10': start -5 is greater than end -10" },
	{ "0.6:0.5", "invalid range '0.6:0.5': start 0.6 is greater than end 0.5" },
	{ "-5", "invalid range '-5': end -5 is below the implied start 0, write '~:-5' or '-5:0'" },
	{ "@-1", "invalid range '@-1': end -1 is below the implied start 0, write '~:-1' or '-1:0'" },
	{ "10abc", "invalid range '10abc': trailing characters 'abc' after the number" },
	{ "5:10abc", "invalid range '5:10abc': trailing characters 'abc' after the number" },
	{ "10abc:20", "invalid range '10abc:20': trailing characters 'abc' after the number" },
	{ "1:12%", "invalid range '1:12%': trailing characters '%' after the number" },
	{ "10s", "invalid range '10s': trailing characters 's' after the number" },
	{ "1e3", "invalid range '1e3': trailing characters 'e3' after the number" },
	{ "0x10", "invalid range '0x10': trailing characters 'x10' after the number" },
	{ "10 ", "invalid range '10 ': trailing characters ' ' after the number" },
	{ "1:2:3", "invalid range '1:2:3': trailing characters ':3' after the number" },
	{ "1.2.3", "invalid range '1.2.3': trailing characters '.3' after the number" },
	{ "~5:", "invalid range '~5:': '~' (negative infinity) must be followed by ':'" },
	{ "~5", "invalid range '~5': '~' (negative infinity) must be followed by ':'" },
	{ "~", "invalid range '~': '~' (negative infinity) must be followed by ':'" },
	{ "@~", "invalid range '@~': '~' (negative infinity) must be followed by ':'" },
	{ "@", "invalid range '@': nothing after '@'" },
	{ "1,5", "invalid range '1,5': '1,5' has a decimal comma, use '.' instead" },
	{ "0,5:1", "invalid range '0,5:1': '0,5' has a decimal comma, use '.' instead" },
	{ "5:~", "invalid range '5:~': '~' (negative infinity) is only allowed as the start" },
	{ "~:~", "invalid range '~:~': '~' (negative infinity) is only allowed as the start" },
	{ ":10", "invalid range ':10': missing start before ':', use 0 or '~'" },
	{ ":", "invalid range ':': missing start before ':', use 0 or '~'" },
	{ "abc", "invalid range 'abc': 'abc' is not a number" },
	{ " 10", "invalid range ' 10': ' 10' is not a number" },
	{ "inf", "invalid range 'inf': 'inf' is not a number" },
	{ "nan:", "invalid range 'nan:': 'nan' is not a number" },
	{ "@@5", "invalid range '@@5': '@5' is not a number" },
	{ "-", "invalid range '-': '-' is not a number" },
	{ ".", "invalid range '.': '.' is not a number" },
	{ "1:.", "invalid range '1:.': '.' is not a number" },
	{ "1234567890123456789012345678901234567890123456789012345678901234",
	  "invalid range '123456789012345678901234...': longer than 63 bytes" },
	{ "\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1"
	  "\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1"
	  "\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1"
	  "\xC3\xB1\xC3\xB1",
	  "invalid range '\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1"
	  "\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1...': longer than 63 bytes" },
	{ "x\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1"
	  "\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1"
	  "\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1"
	  "\xC3\xB1\xC3\xB1",
	  "invalid range 'x\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1\xC3\xB1"
	  "\xC3\xB1\xC3\xB1\xC3\xB1...': longer than 63 bytes" },
};

START_TEST(test_range_parse_invalid)
{
	const struct invalid_case *row = &invalid_cases[_i];
	char err[256] = "";
	struct range range;
	struct range before;

	memset(&range, 0x5A, sizeof(range));
	before = range;

	ck_assert_msg(!range_parse(row->text, &range, err, sizeof(err)), "'%s' was accepted",
		      row->text);
	ck_assert_str_eq(err, row->message);
	ck_assert_msg(memcmp(&range, &before, sizeof(range)) == 0,
		      "'%s' changed the range although it was rejected", row->text);
}
END_TEST

START_TEST(test_range_parse_null_text)
{
	char err[256] = "";
	struct range range;

	ck_assert(!range_parse(NULL, &range, err, sizeof(err)));
	ck_assert_str_eq(err, "invalid range '': the range is empty");
}
END_TEST

/* ---- Limits ---- */

START_TEST(test_range_parse_longest_text)
{
	char text[RANGE_TEXT_MAX + 2];
	char err[256] = "";
	struct range range;

	/* "1" and 62 zeros: 1e62, exactly RANGE_TEXT_MAX bytes. */
	memset(text, '0', RANGE_TEXT_MAX);
	text[0] = '1';
	text[RANGE_TEXT_MAX] = '\0';
	ck_assert_msg(range_parse(text, &range, err, sizeof(err)), "rejected: %s", err);
	ck_assert_str_eq(range.text, text);
	ck_assert_double_eq_tol(range.end, 1e62, 1e48);

	text[RANGE_TEXT_MAX] = '0';
	text[RANGE_TEXT_MAX + 1] = '\0';
	ck_assert(!range_parse(text, &range, err, sizeof(err)));
	ck_assert_str_eq(err, "invalid range '100000000000000000000000...': longer than 63 bytes");
}
END_TEST

START_TEST(test_range_parse_small_error_buffer)
{
	char err[12];
	struct range range;

	memset(err, 'x', sizeof(err));
	ck_assert(!range_parse("10abc", &range, err, sizeof(err)));
	ck_assert_str_eq(err, "invalid ran");

	ck_assert(!range_parse("10abc", &range, NULL, 0));
	ck_assert(!range_parse("10abc", &range, err, 0));
	ck_assert_str_eq(err, "invalid ran");
}
END_TEST

START_TEST(test_range_parse_null_range)
{
	char err[256] = "";

	ck_assert(!range_parse("10", NULL, err, sizeof(err)));
	ck_assert_str_ne(err, "");
}
END_TEST

/* ---- thresholds_state ---- */

struct thresholds_case {
	const char *warning;  /* NULL leaves the warning unset */
	const char *critical; /* NULL leaves the critical unset */
	double value;
	enum plugin_state state;
};

static const struct thresholds_case thresholds_cases[] = {
	/* -w 10 -c 20: critical above 20 or below 0, else warning above 10 */
	{ "10", "20", 5, STATE_OK },
	{ "10", "20", 10, STATE_OK },
	{ "10", "20", 10.5, STATE_WARNING },
	{ "10", "20", 20, STATE_WARNING },
	{ "10", "20", 20.5, STATE_CRITICAL },
	{ "10", "20", -1, STATE_CRITICAL },
	/* -w ~:10 -c ~:20: the same, but negatives are fine */
	{ "~:10", "~:20", -1, STATE_OK },
	{ "~:10", "~:20", 15, STATE_WARNING },
	{ "~:10", "~:20", 25, STATE_CRITICAL },
	/* -w @1: -c @3: for agents missing at shift start */
	{ "@1:", "@3:", 0, STATE_OK },
	{ "@1:", "@3:", 1, STATE_WARNING },
	{ "@1:", "@3:", 2, STATE_WARNING },
	{ "@1:", "@3:", 3, STATE_CRITICAL },
	/* -w 300: -c 120: for a login time below target */
	{ "300:", "120:", 400, STATE_OK },
	{ "300:", "120:", 300, STATE_OK },
	{ "300:", "120:", 200, STATE_WARNING },
	{ "300:", "120:", 120, STATE_WARNING },
	{ "300:", "120:", 119, STATE_CRITICAL },
	/* unset ranges never alert */
	{ NULL, NULL, 1e300, STATE_OK },
	{ "10", NULL, 11, STATE_WARNING },
	{ NULL, "10", 11, STATE_CRITICAL },
	{ NULL, "10", 5, STATE_OK },
	/* critical wins when both alert */
	{ "0", "0", 1, STATE_CRITICAL },
};

START_TEST(test_range_thresholds_state)
{
	const struct thresholds_case *row = &thresholds_cases[_i];
	struct thresholds thresholds = { 0 };
	char err[256] = "";

	thresholds.has_warning = row->warning != NULL;
	thresholds.has_critical = row->critical != NULL;
	if (row->warning != NULL)
		ck_assert_msg(range_parse(row->warning, &thresholds.warning, err, sizeof(err)),
			      "%s", err);
	if (row->critical != NULL)
		ck_assert_msg(range_parse(row->critical, &thresholds.critical, err, sizeof(err)),
			      "%s", err);

	ck_assert_int_eq(thresholds_state(&thresholds, row->value), row->state);
}
END_TEST

START_TEST(test_range_thresholds_unset_flags)
{
	struct thresholds thresholds = { 0 };

	/* Parsed ranges that would alert are ignored while has_* is false. */
	ck_assert(range_parse("@~:", &thresholds.warning, NULL, 0));
	ck_assert(range_parse("@~:", &thresholds.critical, NULL, 0));
	ck_assert_int_eq(thresholds_state(&thresholds, 0), STATE_OK);
	ck_assert_int_eq(thresholds_state(NULL, 0), STATE_OK);
}
END_TEST

/* ---- Suite ---- */

/* The parsing and alert tables, added to one TCase per locale. */
static void add_tables(TCase *tcase)
{
	tcase_add_loop_test(tcase, test_range_parse_fields, 0, COUNT(parse_cases));
	tcase_add_loop_test(tcase, test_range_alerts_table, 0, COUNT(alert_cases));
	tcase_add_loop_test(tcase, test_range_parse_invalid, 0, COUNT(invalid_cases));
	tcase_add_loop_test(tcase, test_range_thresholds_state, 0, COUNT(thresholds_cases));
}

static Suite *range_suite(void)
{
	Suite *suite = suite_create("range");
	TCase *core = tcase_create("Core");
	TCase *limits = tcase_create("Limits");
	TCase *errors = tcase_create("Errors");
	TCase *german = tcase_create("Locale de_DE");
	TCase *colombian = tcase_create("Locale es_CO");

	add_tables(core);
	tcase_add_test(core, test_range_thresholds_unset_flags);
	suite_add_tcase(suite, core);

	tcase_add_test(limits, test_range_parse_longest_text);
	tcase_add_test(limits, test_range_alerts_nan);
	suite_add_tcase(suite, limits);

	tcase_add_test(errors, test_range_parse_null_text);
	tcase_add_test(errors, test_range_parse_small_error_buffer);
	tcase_add_test(errors, test_range_parse_null_range);
	tcase_add_test(errors, test_range_alerts_null);
	suite_add_tcase(suite, errors);

	tcase_add_checked_fixture(german, locale_set_de, locale_reset);
	add_tables(german);
	suite_add_tcase(suite, german);

	tcase_add_checked_fixture(colombian, locale_set_es, locale_reset);
	add_tables(colombian);
	suite_add_tcase(suite, colombian);

	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(range_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);

	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
