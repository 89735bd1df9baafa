#include "strnum.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>

/*
 * Each parser checks the whole text against its grammar by hand before any
 * conversion, so no library routine gets the chance to accept locale-specific
 * forms (a ',' radix, grouping) or forms outside the grammar (hexadecimal,
 * exponents, "inf", leading spaces).
 */

static bool char_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static const char *skip_digits(const char *text)
{
	while (char_is_digit(*text))
		text++;

	return text;
}

/* Accumulates the digits as a negative number, because LONG_MIN has no
 * positive counterpart. */
static bool digits_to_negative_long(const char *digits, long *value)
{
	long result = 0;

	for (const char *p = digits; *p != '\0'; p++) {
		long digit = *p - '0';

		if (result < (LONG_MIN + digit) / 10)
			return false;
		result = result * 10 - digit;
	}

	*value = result;
	return true;
}

bool strnum_parse_long(const char *text, long min, long max, long *value)
{
	bool negative = false;
	long result;

	if (text == NULL || value == NULL || min > max)
		return false;

	if (*text == '+' || *text == '-') {
		negative = *text == '-';
		text++;
	}

	if (*text == '\0' || *skip_digits(text) != '\0')
		return false;

	if (!digits_to_negative_long(text, &result))
		return false;

	if (!negative) {
		if (result < -LONG_MAX)
			return false;
		result = -result;
	}

	if (result < min || result > max)
		return false;

	*value = result;
	return true;
}

/* Checks "[+-]digits[.digits]" with at least one digit on either side of an
 * optional '.'. */
static bool decimal_is_valid(const char *text)
{
	const char *integer_end;
	const char *fraction_end;

	if (*text == '+' || *text == '-')
		text++;

	integer_end = skip_digits(text);
	if (*integer_end != '.')
		return integer_end != text && *integer_end == '\0';

	fraction_end = skip_digits(integer_end + 1);
	if (*fraction_end != '\0')
		return false;

	return integer_end != text || fraction_end != integer_end + 1;
}

bool strnum_parse_double(const char *text, double *value)
{
	locale_t c_locale;
	char *end = NULL;
	double result;
	bool ok;

	if (text == NULL || value == NULL || !decimal_is_valid(text))
		return false;

	/* glibc 2.36 returns its static C locale object here without
	 * allocating, so this is not expected to fail. */
	c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (c_locale == (locale_t)0)
		return false;

	errno = 0;
	result = strtod_l(text, &end, c_locale);
	freelocale(c_locale);

	/* Underflow to zero or a subnormal is accepted, overflow is not. */
	ok = *end == '\0' && isfinite(result);
	if (ok)
		*value = result;

	return ok;
}

/* Returns the multiplier for a size suffix, or 0 for an unknown suffix. */
static unsigned long long size_multiplier(const char *suffix)
{
	if (suffix[0] == '\0')
		return 1;

	if (suffix[1] != '\0')
		return 0;

	switch (suffix[0]) {
	case 'k':
	case 'K':
		return 1024ULL;
	case 'M':
		return 1024ULL * 1024;
	case 'G':
		return 1024ULL * 1024 * 1024;
	default:
		return 0;
	}
}

bool strnum_parse_size(const char *text, unsigned long long *bytes)
{
	const char *digits_end;
	unsigned long long multiplier;
	unsigned long long result = 0;

	if (text == NULL || bytes == NULL)
		return false;

	digits_end = skip_digits(text);
	if (digits_end == text)
		return false;

	multiplier = size_multiplier(digits_end);
	if (multiplier == 0)
		return false;

	for (const char *p = text; p < digits_end; p++) {
		unsigned digit = (unsigned)(*p - '0');

		if (result > (ULLONG_MAX - digit) / 10)
			return false;
		result = result * 10 + digit;
	}

	if (result > ULLONG_MAX / multiplier)
		return false;

	*bytes = result * multiplier;
	return true;
}
