/*
 * Fuzz target for the strict number parsers of strnum.h. Each accepted text
 * is compared with an independent reading of the same grammar: a value that
 * does not print back, or a text outside the grammar that parsed, traps.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "strnum.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_set_zone();
	return 0;
}

static bool char_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Returns true when text, read as an integer, prints as printed with "%ld":
 * a leading '+' and leading zeros are dropped, and "-0" prints as "0". */
static bool integer_prints_as(const char *text, const char *printed)
{
	bool negative = text[0] == '-';

	if (text[0] == '+' || text[0] == '-')
		text++;
	while (text[0] == '0' && text[1] != '\0')
		text++;
	if (strcmp(text, "0") == 0)
		negative = false;

	if (negative != (printed[0] == '-'))
		return false;
	return strcmp(text, printed + (negative ? 1 : 0)) == 0;
}

static void long_check(const char *text)
{
	char printed[32];
	double as_double;
	long value;

	if (!strnum_parse_long(text, LONG_MIN, LONG_MAX, &value))
		return;

	snprintf(printed, sizeof printed, "%ld", value);
	fuzz_require(integer_prints_as(text, printed));

	/* The same text is a valid decimal too. */
	fuzz_require(strnum_parse_double(text, &as_double));
	fuzz_require(fabs(as_double - (double)value) <= fabs((double)value) * 1e-15);

	if (value >= 0 && value <= 3600) {
		long bounded;

		fuzz_require(strnum_parse_long(text, 0, 3600, &bounded) && bounded == value);
	} else {
		long bounded = -1;

		fuzz_require(!strnum_parse_long(text, 0, 3600, &bounded) && bounded == -1);
	}
}

/* Checks "[+-]digits[.digits]" with a digit on at least one side. */
static bool decimal_grammar(const char *text)
{
	size_t integer = 0;
	size_t fraction = 0;

	if (*text == '+' || *text == '-')
		text++;
	while (char_is_digit(text[integer]))
		integer++;
	text += integer;
	if (*text == '.') {
		text++;
		while (char_is_digit(text[fraction]))
			fraction++;
		text += fraction;
	}
	return *text == '\0' && integer + fraction > 0;
}

static void double_check(const char *text)
{
	double value;
	bool parsed = strnum_parse_double(text, &value);

	if (!decimal_grammar(text)) {
		fuzz_require(!parsed);
		return;
	}

	/* Only a number too large for a double fails inside the grammar. */
	fuzz_require(parsed || strlen(text) > 300);
	if (parsed)
		fuzz_require(isfinite(value));
}

static void size_check(const char *text)
{
	unsigned long long bytes;
	unsigned long long multiplier = 1;
	unsigned long long digits = 0;
	size_t length;
	bool fits = true;

	if (!strnum_parse_size(text, &bytes))
		return;

	length = strspn(text, "0123456789");
	fuzz_require(length > 0);
	switch (text[length]) {
	case '\0':
		break;
	case 'k':
	case 'K':
		multiplier = 1024ULL;
		break;
	case 'M':
		multiplier = 1024ULL * 1024;
		break;
	case 'G':
		multiplier = 1024ULL * 1024 * 1024;
		break;
	default:
		__builtin_trap();
	}
	fuzz_require(text[length] == '\0' || text[length + 1] == '\0');

	for (size_t i = 0; i < length && fits; i++) {
		unsigned digit = (unsigned)(text[i] - '0');

		fits = digits <= (ULLONG_MAX - digit) / 10;
		digits = digits * 10 + digit;
	}
	fuzz_require(fits && digits <= ULLONG_MAX / multiplier);
	fuzz_require(bytes == digits * multiplier);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);

	long_check(text);
	double_check(text);
	size_check(text);

	free(text);
	return 0;
}
