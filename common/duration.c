#include "duration.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "timeutil.h"

static const struct {
	char unit;
	long seconds;
} units[] = {
	{ 'd', 86400 },
	{ 'h', 3600 },
	{ 'm', 60 },
	{ 's', 1 },
};

#define UNIT_COUNT (sizeof(units) / sizeof(units[0]))

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Returns the position of c in units, or UNIT_COUNT. */
static size_t unit_find(char c)
{
	for (size_t i = 0; i < UNIT_COUNT; i++)
		if (units[i].unit == c)
			return i;
	return UNIT_COUNT;
}

/* Explains why c cannot appear where a digit or a unit was expected. */
static bool reject_character(char c, char *err, size_t errlen)
{
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
		snprintf(err, errlen, "%s", _("white space is not allowed"));
	else if (c == '+' || c == '-')
		snprintf(err, errlen, "%s", _("signs are not allowed"));
	else if (c == '.' || c == ',')
		snprintf(err, errlen, "%s",
			 _("decimal numbers are not allowed; combine units, as in 7h30m"));
	else if (c > ' ' && c < 0x7f)
		snprintf(err, errlen, _("unknown unit '%c'; use d, h, m or s"), c);
	else
		snprintf(err, errlen, "%s", _("unexpected non-ASCII or control character"));
	return false;
}

static bool too_large(char *err, size_t errlen)
{
	snprintf(err, errlen, _("too large; the maximum is %ld days"), DURATION_MAX_SECONDS / 86400);
	return false;
}

/* Reads the digits at *cursor into *value and moves the cursor past them. */
static bool number_read(const char **cursor, long *value, char *err, size_t errlen)
{
	const char *p = *cursor;
	long result = 0;

	while (is_digit(*p)) {
		result = result * 10 + (*p - '0');
		if (result > DURATION_MAX_SECONDS)
			return too_large(err, errlen);
		p++;
	}

	*cursor = p;
	*value = result;
	return true;
}

static bool parse_units(const char *text, long *seconds, char *err, size_t errlen)
{
	const char *p = text;
	size_t next_unit = 0;
	long total = 0;

	while (*p != '\0') {
		long value = 0;
		size_t unit;

		if (!is_digit(*p)) {
			if (unit_find(*p) < UNIT_COUNT) {
				snprintf(err, errlen, _("missing number before '%c'"), *p);
				return false;
			}
			return reject_character(*p, err, errlen);
		}

		if (!number_read(&p, &value, err, errlen))
			return false;

		if (*p == '\0') {
			snprintf(err, errlen, _("missing unit after %ld; add d, h, m or s, as in %ldm"),
				 value, value);
			return false;
		}

		unit = unit_find(*p);
		if (unit == UNIT_COUNT)
			return reject_character(*p, err, errlen);

		if (unit < next_unit) {
			snprintf(err, errlen, "%s",
				 _("units must appear at most once each, in the order d, h, m, s"));
			return false;
		}

		if (value > (DURATION_MAX_SECONDS - total) / units[unit].seconds)
			return too_large(err, errlen);

		total += value * units[unit].seconds;
		next_unit = unit + 1;
		p++;
	}

	*seconds = total;
	return true;
}

static bool parse_clock(const char *text, long *seconds, char *err, size_t errlen)
{
	long value;

	for (const char *p = text; *p != '\0'; p++)
		if (*p == '+' || *p == '-' || *p == ' ' || *p == '\t')
			return reject_character(*p, err, errlen);

	if (!duration_parse_hms(text, &value)) {
		snprintf(err, errlen, "%s",
			 _("invalid clock form; write H:MM:SS with minutes and seconds below 60, as in 07:30:00"));
		return false;
	}

	if (value > DURATION_MAX_SECONDS)
		return too_large(err, errlen);

	*seconds = value;
	return true;
}

bool duration_parse(const char *text, long *seconds, char *err, size_t errlen)
{
	if (text == NULL || text[0] == '\0') {
		snprintf(err, errlen, "%s", _("empty duration; give a value such as 8h, 7h30m or 07:30:00"));
		return false;
	}

	if (strchr(text, ':') != NULL)
		return parse_clock(text, seconds, err, errlen);

	return parse_units(text, seconds, err, errlen);
}

void duration_format_hm(long seconds, char *buf, size_t bufsize)
{
	if (seconds < 0)
		seconds = 0;

	/* TRANSLATORS: hours and two-digit minutes of a login time or target,
	 * "6h10m"; write them as your operators do, such as "6 h 10 min". */
	snprintf(buf, bufsize, _("%ldh%02ldm"), seconds / 3600, seconds / 60 % 60);
}

void duration_format(long seconds, char *buf, size_t bufsize)
{
	long hours, minutes;
	size_t used = 0;

	if (seconds <= 0) {
		snprintf(buf, bufsize, "0s");
		return;
	}

	hours = seconds / 3600;
	minutes = seconds / 60 % 60;
	seconds %= 60;

	buf[0] = '\0';
	if (hours > 0)
		used += (size_t)snprintf(buf + used, bufsize - used, "%ldh", hours);
	if (minutes > 0 && used < bufsize)
		used += (size_t)snprintf(buf + used, bufsize - used, "%ldm", minutes);
	if (seconds > 0 && used < bufsize)
		snprintf(buf + used, bufsize - used, "%lds", seconds);
}
