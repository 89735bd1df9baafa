/*
 * Threshold ranges in the monitoring-plugins syntax "[@]start:end".
 *
 * The grammar is stricter than the monitoring-plugins C library, which reads
 * "10abc" as 10, "1,5" as 1 and "~" as 0:0 without complaint. Here every
 * number goes through strnum_parse_double(), so it must be a plain decimal
 * with a '.' radix whatever the locale, and:
 *
 *   - a trailing unit of measure ("1:12%", "10s") is rejected as trailing
 *     characters, because the thresholds already share the perfdata's unit;
 *   - a start must be written out when a ':' is present (":10" is rejected,
 *     write "0:10" or "10");
 *   - "~" is only valid as the whole start, directly before the ':'.
 */
#include "range.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "output.h"
#include "strnum.h"

/* How much of an over-long range text an error message quotes, in bytes. */
#define RANGE_QUOTE_MAX 24

static void range_error(char *err, size_t errlen, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

static void range_error(char *err, size_t errlen, const char *format, ...)
{
	va_list args;

	if (err == NULL || errlen == 0)
		return;

	va_start(args, format);
	vsnprintf(err, errlen, format, args);
	va_end(args);
}

static bool char_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Returns the length of the longest prefix of number that reads as a decimal
 * in the strnum_parse_double() grammar, or 0 when there is none. */
static size_t decimal_prefix_length(const char *number, size_t length)
{
	size_t i = 0;
	size_t integer_digits = 0;
	size_t fraction_digits = 0;

	if (i < length && (number[i] == '+' || number[i] == '-'))
		i++;

	while (i + integer_digits < length && char_is_digit(number[i + integer_digits]))
		integer_digits++;
	i += integer_digits;

	if (i < length && number[i] == '.') {
		while (i + 1 + fraction_digits < length &&
		       char_is_digit(number[i + 1 + fraction_digits]))
			fraction_digits++;
		if (integer_digits > 0 || fraction_digits > 0)
			i += 1 + fraction_digits;
	}

	if (integer_digits == 0 && fraction_digits == 0)
		return 0;

	return i;
}

/* Explains why number (one endpoint of text) is not a valid decimal. A range
 * text is too short to hold a number that overflows a double, so the reason
 * is always one of these. */
static void range_explain_number(const char *text, const char *number, size_t length,
				 char *err, size_t errlen)
{
	size_t valid = decimal_prefix_length(number, length);

	if (valid == 0) {
		range_error(err, errlen, _("invalid range '%s': '%.*s' is not a number"),
			    text, (int)length, number);
	} else if (number[valid] == ',') {
		range_error(err, errlen,
			    _("invalid range '%s': '%.*s' has a decimal comma, use '.' instead"),
			    text, (int)length, number);
	} else {
		range_error(err, errlen,
			    _("invalid range '%s': trailing characters '%.*s' after the number"),
			    text, (int)(length - valid), number + valid);
	}
}

/* Parses number[0..length), one endpoint of text. The caller has checked that
 * length is at most RANGE_TEXT_MAX. */
static bool range_parse_number(const char *text, const char *number, size_t length,
			       double *value, char *err, size_t errlen)
{
	char copy[RANGE_TEXT_MAX + 1];

	memcpy(copy, number, length);
	copy[length] = '\0';

	if (strnum_parse_double(copy, value))
		return true;

	range_explain_number(text, number, length, err, errlen);
	return false;
}

static bool range_check_length(const char *text, char *err, size_t errlen)
{
	size_t length;

	if (text == NULL || text[0] == '\0') {
		range_error(err, errlen, _("invalid range '': the range is empty"));
		return false;
	}

	length = strlen(text);
	if (length > RANGE_TEXT_MAX) {
		range_error(err, errlen, _("invalid range '%.*s...': longer than %d bytes"),
			    (int)utf8_prefix_length(text, length, RANGE_QUOTE_MAX), text,
			    RANGE_TEXT_MAX);
		return false;
	}

	return true;
}

/* Parses the start, the part before the ':', as a number or "~". */
static bool range_parse_start(const char *text, const char *start, size_t length,
			      struct range *range, char *err, size_t errlen)
{
	if (length == 0) {
		range_error(err, errlen,
			    _("invalid range '%s': missing start before ':', use 0 or '~'"),
			    text);
		return false;
	}

	if (start[0] == '~') {
		if (length != 1) {
			range_error(err, errlen,
				    _("invalid range '%s': '~' (negative infinity) must be followed by ':'"),
				    text);
			return false;
		}
		range->start_infinite = true;
		return true;
	}

	return range_parse_number(text, start, length, &range->start, err, errlen);
}

/* Parses the end, the part after the ':' or the whole body without one. An
 * empty end means positive infinity. */
static bool range_parse_end(const char *text, const char *end, struct range *range,
			    char *err, size_t errlen)
{
	if (end[0] == '\0') {
		range->end_infinite = true;
		return true;
	}

	if (end[0] == '~') {
		range_error(err, errlen,
			    _("invalid range '%s': '~' (negative infinity) is only allowed as the start"),
			    text);
		return false;
	}

	return range_parse_number(text, end, strlen(end), &range->end, err, errlen);
}

/* Parses body, the text after an optional '@'. */
static bool range_parse_body(const char *text, const char *body, struct range *range,
			     char *err, size_t errlen)
{
	const char *colon = strchr(body, ':');

	if (body[0] == '\0') {
		range_error(err, errlen, _("invalid range '%s': nothing after '@'"), text);
		return false;
	}

	if (colon == NULL) {
		if (body[0] == '~') {
			range_error(err, errlen,
				    _("invalid range '%s': '~' (negative infinity) must be followed by ':'"),
				    text);
			return false;
		}
		range->start = 0;
		return range_parse_end(text, body, range, err, errlen);
	}

	if (!range_parse_start(text, body, (size_t)(colon - body), range, err, errlen))
		return false;

	return range_parse_end(text, colon + 1, range, err, errlen);
}

static bool range_check_order(const char *text, const struct range *range,
			      char *err, size_t errlen)
{
	const char *body = text[0] == '@' ? text + 1 : text;
	const char *colon = strchr(body, ':');

	if (range->start_infinite || range->end_infinite || range->start <= range->end)
		return true;

	/* The endpoints are quoted as written, because printing the doubles
	 * would follow LC_NUMERIC. Without a ':' the start is 0 and the end
	 * negative. */
	if (colon == NULL) {
		range_error(err, errlen,
			    _("invalid range '%s': end %s is below the implied start 0, write '~:%s' or '%s:0'"),
			    text, body, body, body);
	} else {
		range_error(err, errlen,
			    _("invalid range '%s': start %.*s is greater than end %s"),
			    text, (int)(colon - body), body, colon + 1);
	}
	return false;
}

bool range_parse(const char *text, struct range *range, char *err, size_t errlen)
{
	struct range parsed = { 0 };
	const char *body;

	if (range == NULL) {
		range_error(err, errlen, _("invalid range: no place to store it"));
		return false;
	}

	if (!range_check_length(text, err, errlen))
		return false;

	parsed.alert_inside = text[0] == '@';
	body = parsed.alert_inside ? text + 1 : text;

	if (!range_parse_body(text, body, &parsed, err, errlen))
		return false;

	if (!range_check_order(text, &parsed, err, errlen))
		return false;

	memcpy(parsed.text, text, strlen(text) + 1);
	*range = parsed;
	return true;
}

/* A value that is not a number always alerts, so a failed computation is
 * never reported as OK. */
bool range_alerts(const struct range *range, double value)
{
	bool inside;

	if (range == NULL)
		return false;

	if (isnan(value))
		return true;

	inside = (range->start_infinite || value >= range->start) &&
		 (range->end_infinite || value <= range->end);

	return range->alert_inside ? inside : !inside;
}

enum plugin_state thresholds_state(const struct thresholds *thresholds, double value)
{
	if (thresholds == NULL)
		return STATE_OK;

	if (thresholds->has_critical && range_alerts(&thresholds->critical, value))
		return STATE_CRITICAL;

	if (thresholds->has_warning && range_alerts(&thresholds->warning, value))
		return STATE_WARNING;

	return STATE_OK;
}
