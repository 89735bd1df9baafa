#include <check.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strnum.h"

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

/* ---- strnum_parse_long ---- */

struct long_case {
	const char *text;
	long value;
};

static const struct long_case valid_longs[] = {
	{ "0", 0 },
	{ "7", 7 },
	{ "10", 10 },
	{ "010", 10 },
	{ "0010", 10 },
	{ "-5", -5 },
	{ "+7", 7 },
	{ "-0", 0 },
	{ "123456789", 123456789 },
};

static const char *const invalid_longs[] = {
	"", " 1", "1 ", "\t1", "0x10", "0X10", "1e3", "1.0", "1.", "1,5", "1,000",
	"+", "-", "+-1", "--1", "abc", "10abc", "1_000", "\xD9\xA1",
};

START_TEST(test_strnum_long_valid)
{
	const struct long_case *row = &valid_longs[_i];
	long value = -99;

	ck_assert_msg(strnum_parse_long(row->text, LONG_MIN, LONG_MAX, &value),
		      "'%s' was rejected", row->text);
	ck_assert_int_eq(value, row->value);
}
END_TEST

START_TEST(test_strnum_long_invalid)
{
	long value = -99;

	ck_assert_msg(!strnum_parse_long(invalid_longs[_i], LONG_MIN, LONG_MAX, &value),
		      "'%s' was accepted", invalid_longs[_i]);
	ck_assert_int_eq(value, -99);
}
END_TEST

/* Adds one to a decimal digit string in place; text must have room for one
 * more digit. */
static void digits_increment(char *text)
{
	size_t i = strlen(text);

	while (i > 0 && text[i - 1] == '9')
		text[--i] = '0';

	if (i > 0 && text[i - 1] >= '0' && text[i - 1] <= '8') {
		text[i - 1]++;
		return;
	}

	memmove(text + i + 1, text + i, strlen(text + i) + 1);
	text[i] = '1';
}

START_TEST(test_strnum_long_extremes)
{
	char text[64];
	long value = 0;

	snprintf(text, sizeof(text), "%ld", LONG_MAX);
	ck_assert(strnum_parse_long(text, LONG_MIN, LONG_MAX, &value));
	ck_assert_int_eq(value, LONG_MAX);

	snprintf(text, sizeof(text), "%ld", LONG_MIN);
	ck_assert(strnum_parse_long(text, LONG_MIN, LONG_MAX, &value));
	ck_assert_int_eq(value, LONG_MIN);
}
END_TEST

START_TEST(test_strnum_long_overflow)
{
	char text[64];
	long value = 42;

	snprintf(text, sizeof(text), "%ld", LONG_MAX);
	digits_increment(text);
	ck_assert_msg(!strnum_parse_long(text, LONG_MIN, LONG_MAX, &value), "'%s' was accepted",
		      text);

	snprintf(text, sizeof(text), "%ld", LONG_MIN);
	digits_increment(text + 1);
	ck_assert_msg(!strnum_parse_long(text, LONG_MIN, LONG_MAX, &value), "'%s' was accepted",
		      text);

	ck_assert(!strnum_parse_long("99999999999999999999999", LONG_MIN, LONG_MAX, &value));
	ck_assert(!strnum_parse_long("-99999999999999999999999", LONG_MIN, LONG_MAX, &value));
	ck_assert_int_eq(value, 42);
}
END_TEST

START_TEST(test_strnum_long_bounds)
{
	long value = 42;

	ck_assert(strnum_parse_long("1", 1, 65535, &value));
	ck_assert_int_eq(value, 1);
	ck_assert(strnum_parse_long("65535", 1, 65535, &value));
	ck_assert_int_eq(value, 65535);

	value = 42;
	ck_assert(!strnum_parse_long("0", 1, 65535, &value));
	ck_assert(!strnum_parse_long("65536", 1, 65535, &value));
	ck_assert(!strnum_parse_long("-1", 0, 10, &value));
	ck_assert_int_eq(value, 42);
}
END_TEST

START_TEST(test_strnum_long_bad_arguments)
{
	long value = 42;

	ck_assert(!strnum_parse_long(NULL, 0, 10, &value));
	ck_assert(!strnum_parse_long("5", 0, 10, NULL));
	ck_assert(!strnum_parse_long("5", 10, 0, &value));
	ck_assert_int_eq(value, 42);
}
END_TEST

/* ---- strnum_parse_double ---- */

struct double_case {
	const char *text;
	double value;
};

/* Every value is exact in binary except 0.1, which strtod rounds to the same
 * double as the literal. */
static const struct double_case valid_doubles[] = {
	{ "0", 0.0 },
	{ "-10", -10.0 },
	{ "0.5", 0.5 },
	{ ".5", 0.5 },
	{ "5.", 5.0 },
	{ "+1.25", 1.25 },
	{ "-0.125", -0.125 },
	{ "-.75", -0.75 },
	{ "010", 10.0 },
	{ "010.50", 10.5 },
	{ "1234567.875", 1234567.875 },
	{ "0.1", 0.1 },
	{ "300", 300.0 },
};

static const char *const invalid_doubles[] = {
	"", " 1", "1 ", "1\n", "1,5", "0,5", "1,000.5", "1e3", "1E3", "1e-3", "inf",
	"-inf", "INF", "nan", "NAN", "infinity", "0x10", "0x1p3", ".", "-", "+", "-.",
	"+.", "1.2.3", "1..2", "--1", "+-1", "abc", "10abc", "1.5s", "12%", ("\xC2\xA0" "1"),
};

START_TEST(test_strnum_double_valid)
{
	const struct double_case *row = &valid_doubles[_i];
	double value = -99.0;

	ck_assert_msg(strnum_parse_double(row->text, &value), "'%s' was rejected", row->text);
	ck_assert_double_eq(value, row->value);
}
END_TEST

START_TEST(test_strnum_double_invalid)
{
	double value = -99.0;

	ck_assert_msg(!strnum_parse_double(invalid_doubles[_i], &value), "'%s' was accepted",
		      invalid_doubles[_i]);
	ck_assert_double_eq(value, -99.0);
}
END_TEST

START_TEST(test_strnum_double_overflow)
{
	char text[420];
	double value = -99.0;

	memset(text, '9', 400);
	text[400] = '\0';
	ck_assert(!strnum_parse_double(text, &value));
	ck_assert_double_eq(value, -99.0);
}
END_TEST

START_TEST(test_strnum_double_underflow)
{
	char text[420] = "0.";
	double value = -99.0;

	memset(text + 2, '0', 400);
	memcpy(text + 402, "1", 2);
	ck_assert(strnum_parse_double(text, &value));
	ck_assert(value >= 0.0);
	ck_assert(value < 1e-300);
}
END_TEST

START_TEST(test_strnum_double_negative_zero)
{
	double value = 1.0;

	ck_assert(strnum_parse_double("-0", &value));
	ck_assert_double_eq(value, 0.0);
}
END_TEST

START_TEST(test_strnum_double_bad_arguments)
{
	double value = 1.0;

	ck_assert(!strnum_parse_double(NULL, &value));
	ck_assert(!strnum_parse_double("1", NULL));
	ck_assert_double_eq(value, 1.0);
}
END_TEST

/* ---- strnum_parse_size ---- */

struct size_case {
	const char *text;
	unsigned long long bytes;
};

static const struct size_case valid_sizes[] = {
	{ "0", 0ULL },
	{ "1", 1ULL },
	{ "010", 10ULL },
	{ "1k", 1024ULL },
	{ "1K", 1024ULL },
	{ "64k", 65536ULL },
	{ "2M", 2097152ULL },
	{ "3G", 3221225472ULL },
	{ "0G", 0ULL },
	{ "18446744073709551615", 18446744073709551615ULL },
	{ "17179869183G", 17179869183ULL * 1073741824ULL },
	{ "17592186044415M", 17592186044415ULL * 1048576ULL },
};

static const char *const invalid_sizes[] = {
	"", "k", "K", "M", "1m", "1g", "1KB", "1kB", "1kk", "1 k", " 1", "1 ", "-1", "+1",
	"1.5k", "1,5k", "0x10", "1e3", "1T", "18446744073709551616", "17179869184G",
	"17592186044416M", "18014398509481984k", "99999999999999999999999",
};

START_TEST(test_strnum_size_valid)
{
	const struct size_case *row = &valid_sizes[_i];
	unsigned long long bytes = 99;

	ck_assert_msg(strnum_parse_size(row->text, &bytes), "'%s' was rejected", row->text);
	ck_assert_msg(bytes == row->bytes, "'%s' gave %llu, expected %llu", row->text, bytes,
		      row->bytes);
}
END_TEST

START_TEST(test_strnum_size_invalid)
{
	unsigned long long bytes = 99;

	ck_assert_msg(!strnum_parse_size(invalid_sizes[_i], &bytes), "'%s' was accepted",
		      invalid_sizes[_i]);
	ck_assert_msg(bytes == 99, "the value changed to %llu", bytes);
}
END_TEST

START_TEST(test_strnum_size_bad_arguments)
{
	unsigned long long bytes = 99;

	ck_assert(!strnum_parse_size(NULL, &bytes));
	ck_assert(!strnum_parse_size("1k", NULL));
	ck_assert_msg(bytes == 99, "the value changed to %llu", bytes);
}
END_TEST

/* ---- Suite ---- */

/* The parsing tables, added to one TCase per locale. */
static void add_parse_tables(TCase *tcase)
{
	tcase_add_loop_test(tcase, test_strnum_long_valid, 0, COUNT(valid_longs));
	tcase_add_loop_test(tcase, test_strnum_long_invalid, 0, COUNT(invalid_longs));
	tcase_add_loop_test(tcase, test_strnum_double_valid, 0, COUNT(valid_doubles));
	tcase_add_loop_test(tcase, test_strnum_double_invalid, 0, COUNT(invalid_doubles));
	tcase_add_loop_test(tcase, test_strnum_size_valid, 0, COUNT(valid_sizes));
	tcase_add_loop_test(tcase, test_strnum_size_invalid, 0, COUNT(invalid_sizes));
}

static Suite *strnum_suite(void)
{
	Suite *suite = suite_create("strnum");
	TCase *core = tcase_create("Core");
	TCase *limits = tcase_create("Limits");
	TCase *errors = tcase_create("Errors");
	TCase *german = tcase_create("Locale de_DE");
	TCase *colombian = tcase_create("Locale es_CO");

	add_parse_tables(core);
	tcase_add_test(core, test_strnum_double_negative_zero);
	suite_add_tcase(suite, core);

	tcase_add_test(limits, test_strnum_long_extremes);
	tcase_add_test(limits, test_strnum_long_overflow);
	tcase_add_test(limits, test_strnum_long_bounds);
	tcase_add_test(limits, test_strnum_double_overflow);
	tcase_add_test(limits, test_strnum_double_underflow);
	suite_add_tcase(suite, limits);

	tcase_add_test(errors, test_strnum_long_bad_arguments);
	tcase_add_test(errors, test_strnum_double_bad_arguments);
	tcase_add_test(errors, test_strnum_size_bad_arguments);
	suite_add_tcase(suite, errors);

	tcase_add_checked_fixture(german, locale_set_de, locale_reset);
	add_parse_tables(german);
	suite_add_tcase(suite, german);

	tcase_add_checked_fixture(colombian, locale_set_es, locale_reset);
	add_parse_tables(colombian);
	suite_add_tcase(suite, colombian);

	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(strnum_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);

	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
