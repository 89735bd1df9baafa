/*
 * The check result and its plugin output.
 *
 * Locale: result_set_summary() and result_add_line() format under the C
 * locale, so "%.1f" gives "0.5" even after setlocale(LC_ALL, "") picked a
 * comma locale. Perfdata numbers are printed with "%.*f" and the locale's
 * radix is then replaced by '.', which needs no locale object at all.
 *
 * Sanitizing: text_sanitize() replaces each byte that does not belong to a
 * well-formed UTF-8 sequence with its own U+FFFD, so a truncated 3-byte
 * sequence becomes two U+FFFD. C1 control characters (U+0080 to U+009F)
 * count as control characters and become a space, and so do the bidirectional
 * formatting characters.
 */
#include "output.h"

#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "range.h"

/* Maximum number of digits after the '.' in a perfdata number. */
#define PERFDATA_DECIMALS_MAX 9

/* Maximum length of the "%.*f" text of a finite double with
 * PERFDATA_DECIMALS_MAX digits, with room for a sign, a multibyte radix and
 * the NUL. */
#define NUMBER_TEXT_MAX (DBL_MAX_10_EXP + 1 + PERFDATA_DECIMALS_MAX + 16)

/* Maximum length of a perfdata item: label, '=', value and unit, four fields
 * and their ';' separators. */
#define ITEM_TEXT_MAX (PERFDATA_LABEL_MAX + 1 + 3 * NUMBER_TEXT_MAX + 1 + \
		       2 * RANGE_TEXT_MAX + 4 + 1)

#define ELLIPSIS "..."

/* The Unicode replacement character U+FFFD in UTF-8. */
#define REPLACEMENT_CHARACTER "\xEF\xBF\xBD"

/* ---- UTF-8 ---- */

static bool byte_is_continuation(unsigned char byte)
{
	return (byte & 0xC0) == 0x80;
}

/* Returns the length of the well-formed UTF-8 sequence at the start of
 * bytes[0..length), or 0 when it starts with an ill-formed one: a stray
 * continuation byte, an overlong form, a surrogate, a code point above
 * U+10FFFF or a truncated sequence. */
static size_t utf8_sequence_length(const unsigned char *bytes, size_t length)
{
	unsigned char lead = bytes[0];
	unsigned char second_min = 0x80;
	unsigned char second_max = 0xBF;
	size_t needed;

	if (lead < 0x80)
		return 1;

	if (lead >= 0xC2 && lead <= 0xDF) {
		needed = 2;
	} else if (lead >= 0xE0 && lead <= 0xEF) {
		needed = 3;
		if (lead == 0xE0)
			second_min = 0xA0; /* overlong below U+0800 */
		if (lead == 0xED)
			second_max = 0x9F; /* surrogates U+D800 to U+DFFF */
	} else if (lead >= 0xF0 && lead <= 0xF4) {
		needed = 4;
		if (lead == 0xF0)
			second_min = 0x90; /* overlong below U+10000 */
		if (lead == 0xF4)
			second_max = 0x8F; /* above U+10FFFF */
	} else {
		return 0;
	}

	if (length < needed || bytes[1] < second_min || bytes[1] > second_max)
		return 0;

	for (size_t i = 2; i < needed; i++) {
		if (!byte_is_continuation(bytes[i]))
			return 0;
	}

	return needed;
}

/* Returns how many bytes a sequence starting with lead claims, or 0 when lead
 * cannot start one. */
static size_t utf8_claimed_length(unsigned char lead)
{
	if (lead < 0x80)
		return 1;
	if (lead >= 0xC0 && lead <= 0xDF)
		return 2;
	if (lead >= 0xE0 && lead <= 0xEF)
		return 3;
	if (lead >= 0xF0 && lead <= 0xF7)
		return 4;

	return 0;
}

size_t utf8_prefix_length(const char *text, size_t length, size_t limit)
{
	const unsigned char *bytes = (const unsigned char *)text;
	size_t end = length < limit ? length : limit;
	size_t start;
	size_t claimed;

	if (text == NULL || end == 0)
		return 0;

	/* Walk back over at most three continuation bytes to the lead byte of
	 * the last sequence, then see whether that sequence reaches past end. */
	start = end - 1;
	while (start > 0 && end - start < 4 && byte_is_continuation(bytes[start]))
		start--;

	claimed = utf8_claimed_length(bytes[start]);
	if (claimed > 1 && start + claimed > end)
		return start;

	return end;
}

/* Returns a space for an ASCII control character, '/' for '|', else c. */
static char ascii_sanitize(unsigned char c)
{
	if (c < 0x20 || c == 0x7F)
		return ' ';

	if (c == '|')
		return '/';

	return (char)c;
}

/* Returns true for the Unicode bidirectional formatting characters U+200E,
 * U+200F, U+202A to U+202E and U+2066 to U+2069, given as a well-formed
 * 3-byte sequence. Names from the API could use them to reorder the text a
 * web interface shows. */
static bool is_bidi_control(const unsigned char *bytes)
{
	if (bytes[0] != 0xE2)
		return false;
	if (bytes[1] == 0x80)
		return bytes[2] == 0x8E || bytes[2] == 0x8F || (bytes[2] >= 0xAA && bytes[2] <= 0xAE);
	if (bytes[1] == 0x81)
		return bytes[2] >= 0xA6 && bytes[2] <= 0xA9;
	return false;
}

char *text_sanitize(const char *text)
{
	const unsigned char *bytes;
	size_t length;
	size_t out = 0;
	char *copy;

	if (text == NULL)
		text = "";

	bytes = (const unsigned char *)text;
	length = strlen(text);
	if (length > (SIZE_MAX - 1) / 3)
		return NULL;

	/* Each input byte becomes at most one 3-byte U+FFFD. */
	copy = malloc(length * 3 + 1);
	if (copy == NULL)
		return NULL;

	for (size_t i = 0; i < length;) {
		size_t sequence = utf8_sequence_length(bytes + i, length - i);

		if (sequence == 0) {
			memcpy(copy + out, REPLACEMENT_CHARACTER, 3);
			out += 3;
			i++;
		} else if (sequence == 1) {
			copy[out++] = ascii_sanitize(bytes[i]);
			i++;
		} else if (sequence == 2 && bytes[i] == 0xC2 && bytes[i + 1] < 0xA0) {
			copy[out++] = ' '; /* C1 control character */
			i += 2;
		} else if (sequence == 3 && is_bidi_control(bytes + i)) {
			copy[out++] = ' ';
			i += 3;
		} else {
			memcpy(copy + out, text + i, sequence);
			out += sequence;
			i += sequence;
		}
	}

	copy[out] = '\0';
	return copy;
}

/* ---- Building the result ---- */

static char *text_format_c(const char *format, va_list args)
	__attribute__((format(printf, 1, 0)));

/* Formats under the C locale and returns a sanitized copy, or NULL when out of
 * memory or when the format fails. */
static char *text_format_c(const char *format, va_list args)
{
	locale_t c_locale;
	locale_t previous;
	va_list measure;
	char *raw = NULL;
	char *clean = NULL;
	int length;

	/* glibc 2.36 returns its static C locale object here without
	 * allocating. */
	c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (c_locale == (locale_t)0)
		return NULL;
	previous = uselocale(c_locale);

	va_copy(measure, args);
	length = vsnprintf(NULL, 0, format, measure);
	va_end(measure);

	if (length >= 0)
		raw = malloc((size_t)length + 1);
	if (raw != NULL)
		vsnprintf(raw, (size_t)length + 1, format, args);

	uselocale(previous);
	freelocale(c_locale);

	if (raw != NULL)
		clean = text_sanitize(raw);
	free(raw);
	return clean;
}

bool result_init(struct result *result, const char *service)
{
	if (result == NULL)
		return false;

	*result = (struct result){ .state = STATE_UNKNOWN };
	result->service = text_sanitize(service);

	return result->service != NULL;
}

bool result_set_summary(struct result *result, const char *format, ...)
{
	va_list args;
	char *summary;

	if (result == NULL || format == NULL)
		return false;

	va_start(args, format);
	summary = text_format_c(format, args);
	va_end(args);

	if (summary == NULL)
		return false;

	free(result->summary);
	result->summary = summary;
	return true;
}

/* Makes room for one more element in an array that grows by doubling. */
static bool array_reserve(void **items, size_t *capacity, size_t count, size_t item_size)
{
	size_t new_capacity;
	void *grown;

	if (count < *capacity)
		return true;

	new_capacity = *capacity == 0 ? 8 : *capacity * 2;
	if (new_capacity < *capacity || new_capacity > SIZE_MAX / item_size)
		return false;

	grown = realloc(*items, new_capacity * item_size);
	if (grown == NULL)
		return false;

	*items = grown;
	*capacity = new_capacity;
	return true;
}

bool result_add_line(struct result *result, const char *format, ...)
{
	va_list args;
	char *line;
	void *lines;

	if (result == NULL || format == NULL)
		return false;

	lines = result->lines;
	if (!array_reserve(&lines, &result->line_capacity, result->line_count,
			   sizeof(result->lines[0])))
		return false;
	result->lines = lines;

	va_start(args, format);
	line = text_format_c(format, args);
	va_end(args);

	if (line == NULL)
		return false;

	result->lines[result->line_count++] = line;
	return true;
}

/* ---- Perfdata ---- */

static bool char_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool perfdata_label_is_valid(const char label[PERFDATA_LABEL_MAX + 1])
{
	size_t length = strnlen(label, PERFDATA_LABEL_MAX + 1);

	if (length == 0 || length > PERFDATA_LABEL_MAX)
		return false;

	for (size_t i = 0; i < length; i++) {
		char c = label[i];
		bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');

		if (!letter && !char_is_digit(c) && c != '_' && c != '.' && c != '-')
			return false;
	}

	return true;
}

/* Returns the library's own copy of a unit listed in output.h, so the stored
 * item does not borrow it, or NULL for any other unit. */
static const char *perfdata_known_uom(const char *uom)
{
	static const char *const units[] = { "", "s", "%", "B", "c" };

	if (uom == NULL)
		return units[0];

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(uom, units[i]) == 0)
			return units[i];
	}

	return NULL;
}

/* Accepts NULL or a text made of range characters, so a caller's mistake
 * cannot put a ';', a space or a '|' into the perfdata. */
static bool perfdata_range_is_valid(const char *text)
{
	if (text == NULL)
		return true;

	if (strlen(text) > RANGE_TEXT_MAX)
		return false;

	return text[strspn(text, "0123456789.+-~:@")] == '\0';
}

static bool perfdata_is_valid(const struct perfdata *item)
{
	if (!perfdata_label_is_valid(item->label))
		return false;

	if (!isfinite(item->value) || (item->has_min && !isfinite(item->min)) ||
	    (item->has_max && !isfinite(item->max)))
		return false;

	if (item->decimals < 0 || item->decimals > PERFDATA_DECIMALS_MAX)
		return false;

	return perfdata_known_uom(item->uom) != NULL &&
	       perfdata_range_is_valid(item->warning) &&
	       perfdata_range_is_valid(item->critical);
}

bool result_add_perfdata(struct result *result, const struct perfdata *item)
{
	void *perfdata;
	struct perfdata *copy;

	if (result == NULL || item == NULL || !perfdata_is_valid(item))
		return false;

	perfdata = result->perfdata;
	if (!array_reserve(&perfdata, &result->perfdata_capacity, result->perfdata_count,
			   sizeof(result->perfdata[0])))
		return false;
	result->perfdata = perfdata;

	copy = &result->perfdata[result->perfdata_count++];
	*copy = *item;
	copy->uom = perfdata_known_uom(item->uom);
	return true;
}

void result_release(struct result *result)
{
	if (result == NULL)
		return;

	for (size_t i = 0; i < result->line_count; i++)
		free(result->lines[i]);

	free(result->lines);
	free(result->perfdata);
	free(result->summary);
	free(result->service);
	*result = (struct result){ .state = STATE_UNKNOWN };
}

/* ---- Formatting ---- */

/* Text written into a fixed buffer. Appends copy what fits and add the full
 * length to requested, so a caller can tell that text was cut. */
struct text_buffer {
	char *data;
	size_t capacity; /* bytes for text, excluding the NUL */
	size_t length;
	size_t requested;
};

static void buffer_init(struct text_buffer *buffer, char *data, size_t size)
{
	buffer->data = data;
	buffer->capacity = size - 1;
	buffer->length = 0;
	buffer->requested = 0;
	data[0] = '\0';
}

static size_t buffer_room(const struct text_buffer *buffer)
{
	return buffer->capacity - buffer->length;
}

static void buffer_append(struct text_buffer *buffer, const char *text, size_t length)
{
	size_t copied = length < buffer_room(buffer) ? length : buffer_room(buffer);

	memcpy(buffer->data + buffer->length, text, copied);
	buffer->length += copied;
	buffer->requested += length;
	buffer->data[buffer->length] = '\0';
}

static void buffer_append_string(struct text_buffer *buffer, const char *text)
{
	buffer_append(buffer, text, strlen(text));
}

/* Writes value with decimals digits after a '.' whatever the LC_NUMERIC radix.
 * "%.*f" prints the integer digits, the locale's radix and exactly decimals
 * fraction digits, so whatever sits between the two digit runs is the radix.
 * size must be at least NUMBER_TEXT_MAX. */
static void number_format(char *text, size_t size, double value, int decimals)
{
	int length = snprintf(text, size, "%.*f", decimals, value);
	size_t fraction;
	size_t radix;

	if (length < 0 || (size_t)length + 2 > size) {
		text[0] = '\0';
		return;
	}

	if (decimals > 0) {
		fraction = (size_t)length - (size_t)decimals;
		radix = fraction;
		while (radix > 0 && !char_is_digit(text[radix - 1]))
			radix--;
		memmove(text + radix + 1, text + fraction, (size_t)decimals + 1);
		text[radix] = '.';
	}

	/* A value that rounds to zero prints as "0", never "-0". */
	if (text[0] == '-' && text[1 + strspn(text + 1, "0.")] == '\0')
		memmove(text, text + 1, strlen(text));
}

/* Writes one item, 'label'=value[uom];warn;crit;min;max without the quotes,
 * dropping empty fields at the end. */
static void perfdata_format(const struct perfdata *item, struct text_buffer *buffer)
{
	char value[NUMBER_TEXT_MAX];
	char min[NUMBER_TEXT_MAX] = "";
	char max[NUMBER_TEXT_MAX] = "";
	const char *fields[4];
	size_t used = 4;

	number_format(value, sizeof(value), item->value, item->decimals);
	if (item->has_min)
		number_format(min, sizeof(min), item->min, item->decimals);
	if (item->has_max)
		number_format(max, sizeof(max), item->max, item->decimals);

	fields[0] = item->warning != NULL ? item->warning : "";
	fields[1] = item->critical != NULL ? item->critical : "";
	fields[2] = min;
	fields[3] = max;
	while (used > 0 && fields[used - 1][0] == '\0')
		used--;

	buffer_append_string(buffer, item->label);
	buffer_append_string(buffer, "=");
	buffer_append_string(buffer, value);
	buffer_append_string(buffer, item->uom != NULL ? item->uom : "");
	for (size_t i = 0; i < used; i++) {
		buffer_append_string(buffer, ";");
		buffer_append_string(buffer, fields[i]);
	}
}

/* Writes "SERVICE STATE - summary", cut to OUTPUT_STATUS_MAX bytes. */
static void output_status(const struct result *result, struct text_buffer *out)
{
	char text[OUTPUT_STATUS_MAX + 1];
	struct text_buffer status;

	buffer_init(&status, text, sizeof(text));

	if (result->service != NULL && result->service[0] != '\0') {
		buffer_append_string(&status, result->service);
		buffer_append_string(&status, " ");
	}
	buffer_append_string(&status, state_name(result->state));
	if (result->summary != NULL && result->summary[0] != '\0') {
		buffer_append_string(&status, " - ");
		buffer_append_string(&status, result->summary);
	}

	if (status.requested > OUTPUT_STATUS_MAX) {
		size_t kept = utf8_prefix_length(text, OUTPUT_STATUS_MAX - strlen(ELLIPSIS),
						 OUTPUT_STATUS_MAX - strlen(ELLIPSIS));

		status.length = kept;
		buffer_append_string(&status, ELLIPSIS);
	}

	buffer_append(out, text, status.length);
}

/* Writes " | item item ..." with as many whole items as fit before the line's
 * '\n'. NOTE: items that do not fit are dropped from the end. Only values
 * near 1e300 or hundreds of items fill the 8 KiB. */
static void output_perfdata(const struct result *result, struct text_buffer *out)
{
	size_t reserved = buffer_room(out) > 0 ? 1 : 0;

	for (size_t i = 0; i < result->perfdata_count; i++) {
		char text[ITEM_TEXT_MAX];
		struct text_buffer item;
		const char *separator = i == 0 ? " | " : " ";

		buffer_init(&item, text, sizeof(text));
		perfdata_format(&result->perfdata[i], &item);

		if (strlen(separator) + item.length + reserved > buffer_room(out))
			return;

		buffer_append_string(out, separator);
		buffer_append(out, text, item.length);
	}
}

/* Writes the "... and N more lines" line into text and returns its length
 * with the '\n' that follows it, or 0 when it does not fit into text. */
static size_t output_marker(char *text, size_t size, size_t dropped)
{
	unsigned long count = (unsigned long)dropped;
	int length = snprintf(text, size,
			      ngettext("... and %lu more line", "... and %lu more lines", count),
			      count);

	if (length < 0 || (size_t)length + 2 > size)
		return 0;

	text[length] = '\n';
	text[length + 1] = '\0';
	return (size_t)length + 1;
}

/* Writes the long-output lines that fit, dropping lines from the end and
 * naming how many were dropped in a last line. */
static void output_lines(const struct result *result, struct text_buffer *out)
{
	char marker[160];
	size_t marker_length = 0;
	size_t kept = result->line_count;
	size_t needed = 0;

	for (size_t i = 0; i < result->line_count; i++)
		needed += strlen(result->lines[i]) + 1;

	while (kept > 0 && needed + marker_length > buffer_room(out)) {
		kept--;
		needed -= strlen(result->lines[kept]) + 1;
		marker_length = output_marker(marker, sizeof(marker), result->line_count - kept);
	}

	for (size_t i = 0; i < kept; i++) {
		buffer_append_string(out, result->lines[i]);
		buffer_append_string(out, "\n");
	}

	/* With a status line near the limit even the marker may not fit. */
	if (kept < result->line_count && marker_length > 0 && marker_length <= buffer_room(out))
		buffer_append(out, marker, marker_length);
}

size_t result_format(const struct result *result, char *buf, size_t bufsize)
{
	struct text_buffer out;

	if (buf == NULL || bufsize == 0)
		return 0;

	buffer_init(&out, buf, bufsize < OUTPUT_TOTAL_MAX ? bufsize : OUTPUT_TOTAL_MAX);
	if (result == NULL)
		return 0;

	output_status(result, &out);
	output_perfdata(result, &out);
	buffer_append_string(&out, "\n");
	output_lines(result, &out);

	return out.length;
}

bool result_print(const struct result *result, FILE *stream)
{
	char buf[OUTPUT_TOTAL_MAX];
	size_t length;

	if (stream == NULL)
		return false;

	length = result_format(result, buf, sizeof(buf));
	if (fwrite(buf, 1, length, stream) != length)
		return false;

	return fflush(stream) == 0;
}
