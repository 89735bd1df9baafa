#include "roster.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"

#define ROSTER_MAX_FILE_BYTES (16u << 20) /* 16 MiB */
#define ROSTER_MAX_LINE_BYTES 4096
#define ROSTER_READ_CHUNK ((size_t)64 * 1024)

#define MINUTES_PER_DAY 1440
#define MINUTES_PER_WEEK (7LL * MINUTES_PER_DAY)

/* Longer than every day name, so a longer item is unknown without a lookup. */
#define DAY_NAME_MAX_BYTES 8

#define UTF8_BOM "\xEF\xBB\xBF"

enum column {
	COLUMN_AGENT_ID,
	COLUMN_AGENT_DNI,
	COLUMN_NAME,
	COLUMN_DAYS,
	COLUMN_START,
	COLUMN_END,
	COLUMN_BREAK,
	COLUMN_TEAM,
	COLUMN_COUNT
};

static const char *const column_names[COLUMN_COUNT] = {
	"agent_id", "agent_dni", "name", "days", "start", "end", "break", "team"
};

/* Lower-case day names, Spanish ones with and without their accent. */
static const struct {
	const char *name;
	int weekday;
} day_names[] = {
	{ "sun", 0 }, { "mon", 1 }, { "tue", 2 }, { "wed", 3 },
	{ "thu", 4 }, { "fri", 5 }, { "sat", 6 },
	{ "dom", 0 }, { "lun", 1 }, { "mar", 2 }, { "mi\xC3\xA9", 3 }, { "mie", 3 },
	{ "jue", 4 }, { "vie", 5 }, { "s\xC3\xA1" "b", 6 }, { "sab", 6 },
};

struct parser {
	const char *source;
	char *err;
	size_t errlen;
	struct roster *roster;
	size_t shift_capacity;
	size_t off_capacity;

	int line;                        /* current line, 0 for whole-file errors */
	bool has_header;
	int header_line;
	size_t header_field_count;
	int field_of_column[COLUMN_COUNT];  /* -1 when the column is absent */

	char buffer[ROSTER_MAX_LINE_BYTES + 1];  /* the current line, split in place */
	char *fields[ROSTER_MAX_LINE_BYTES + 1];  /* each comma adds at most one field */
	size_t field_count;
};

/* One occurrence of a shift on a minute axis, for the overlap check. */
struct interval {
	long long start;
	long long end;  /* exclusive */
	const struct roster_shift *shift;
};

struct interval_list {
	struct interval *items;
	size_t count;
	size_t capacity;
};

__attribute__((format(printf, 2, 3)))
static bool parser_fail(struct parser *parser, const char *format, ...)
{
	va_list args;
	int prefix;

	if (parser->err == NULL || parser->errlen == 0)
		return false;

	if (parser->line > 0)
		prefix = snprintf(parser->err, parser->errlen, "%s:%d: ", parser->source, parser->line);
	else
		prefix = snprintf(parser->err, parser->errlen, "%s: ", parser->source);

	if (prefix < 0 || (size_t)prefix >= parser->errlen)
		return false;

	va_start(args, format);
	vsnprintf(parser->err + prefix, parser->errlen - (size_t)prefix, format, args);
	va_end(args);
	return false;
}

static bool parser_out_of_memory(struct parser *parser)
{
	parser->line = 0;
	return parser_fail(parser, "%s", _("out of memory while reading the roster"));
}

/* Returns items with room for one more element, or NULL when out of memory
 * (items is then still valid). */
static void *array_reserve(void *items, size_t count, size_t *capacity, size_t item_size)
{
	size_t new_capacity;
	void *grown;

	if (count < *capacity)
		return items;

	new_capacity = *capacity > 0 ? *capacity * 2 : 16;
	if (new_capacity > SIZE_MAX / item_size)
		return NULL;

	grown = realloc(items, new_capacity * item_size);
	if (grown != NULL)
		*capacity = new_capacity;

	return grown;
}

static int civil_compare_date(const struct civil_time *a, const struct civil_time *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;

	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;

	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;

	return 0;
}

static char ascii_lower(char c)
{
	if (c >= 'A' && c <= 'Z')
		return (char)(c - 'A' + 'a');

	return c;
}

/* Compares ASCII case-insensitively whatever the locale, so that "I" stays
 * "i" under a Turkish locale. */
static bool ascii_equal_nocase(const char *a, const char *b)
{
	while (*a != '\0' && ascii_lower(*a) == ascii_lower(*b)) {
		a++;
		b++;
	}

	return ascii_lower(*a) == ascii_lower(*b);
}

static bool char_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool char_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char *text_trim(char *text)
{
	size_t length;

	while (char_is_blank(*text))
		text++;

	length = strlen(text);
	while (length > 0 && char_is_blank(text[length - 1]))
		length--;

	text[length] = '\0';
	return text;
}

static bool line_is_blank(const char *line, size_t length)
{
	for (size_t i = 0; i < length; i++) {
		if (!char_is_blank(line[i]))
			return false;
	}

	return true;
}

/* Checks UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates,
 * nothing above U+10FFFF. */
static bool utf8_is_valid(const char *text, size_t length)
{
	const unsigned char *bytes = (const unsigned char *)text;
	size_t i = 0;

	while (i < length) {
		unsigned char lead = bytes[i];
		unsigned char second_min = 0x80, second_max = 0xBF;
		size_t continuation;

		if (lead < 0x80) {
			i++;
			continue;
		}

		if (lead >= 0xC2 && lead <= 0xDF) {
			continuation = 1;
		} else if (lead >= 0xE0 && lead <= 0xEF) {
			continuation = 2;
			second_min = lead == 0xE0 ? 0xA0 : 0x80;
			second_max = lead == 0xED ? 0x9F : 0xBF;
		} else if (lead >= 0xF0 && lead <= 0xF4) {
			continuation = 3;
			second_min = lead == 0xF0 ? 0x90 : 0x80;
			second_max = lead == 0xF4 ? 0x8F : 0xBF;
		} else {
			return false;
		}

		if (length - i - 1 < continuation)
			return false;

		if (bytes[i + 1] < second_min || bytes[i + 1] > second_max)
			return false;

		for (size_t k = 2; k <= continuation; k++) {
			if ((bytes[i + k] & 0xC0) != 0x80)
				return false;
		}

		i += continuation + 1;
	}

	return true;
}

/*
 * CSV fields. The line is copied into parser->buffer and unescaped in place:
 * the write position never passes the read position, because a field never
 * grows when its quotes and blanks are removed.
 */

static bool field_read_quoted(struct parser *parser, char **read, char **write)
{
	char *in = *read + 1;
	char *out = *write;

	for (;;) {
		if (*in == '\0')
			return parser_fail(parser, "%s", _("unterminated quoted field; close it with \" on the same line"));

		if (*in == '"' && in[1] == '"') {
			*out++ = '"';
			in += 2;
			continue;
		}

		if (*in == '"')
			break;

		*out++ = *in++;
	}

	in++;
	while (char_is_blank(*in))
		in++;

	if (*in != ',' && *in != '\0')
		return parser_fail(parser, "%s", _("unexpected text after the closing quote of a field"));

	*read = in;
	*write = out;
	return true;
}

static bool field_read_plain(struct parser *parser, char **read, char **write)
{
	char *in = *read;
	char *out = *write;
	char *content_end = out;

	while (*in != ',' && *in != '\0') {
		if (*in == '"')
			return parser_fail(parser, "%s",
					   _("double quote inside an unquoted field; quote the whole field and write \"\" for a quote"));

		*out = *in++;
		if (!char_is_blank(*out))
			content_end = out + 1;
		out++;
	}

	*read = in;
	*write = content_end;
	return true;
}

static bool parser_split_fields(struct parser *parser)
{
	char *read = parser->buffer;
	char *write = parser->buffer;

	parser->field_count = 0;

	for (;;) {
		char *field = write;
		char separator;
		bool ok;

		while (char_is_blank(*read))
			read++;

		if (*read == '"')
			ok = field_read_quoted(parser, &read, &write);
		else
			ok = field_read_plain(parser, &read, &write);

		if (!ok)
			return false;

		separator = *read;
		*write++ = '\0';
		parser->fields[parser->field_count++] = field;

		if (separator == '\0')
			return true;

		read++;
	}
}

/* Returns the column index of a header name, or -1. */
static int column_find(const char *name)
{
	for (int column = 0; column < COLUMN_COUNT; column++) {
		if (ascii_equal_nocase(name, column_names[column]))
			return column;
	}

	return -1;
}

static const char *parser_field(const struct parser *parser, enum column column)
{
	int index = parser->field_of_column[column];

	return index >= 0 ? parser->fields[index] : "";
}

static enum column parser_agent_column(const struct parser *parser)
{
	return parser->roster->key == ROSTER_KEY_AGENT_ID ? COLUMN_AGENT_ID : COLUMN_AGENT_DNI;
}

static bool parser_read_header(struct parser *parser)
{
	static const enum column required[] = { COLUMN_NAME, COLUMN_DAYS, COLUMN_START, COLUMN_END };
	bool has_id, has_dni;

	for (int column = 0; column < COLUMN_COUNT; column++)
		parser->field_of_column[column] = -1;

	for (size_t i = 0; i < parser->field_count; i++) {
		int column = column_find(parser->fields[i]);

		if (column < 0 && parser->field_count == 1 && strchr(parser->fields[i], ';') != NULL)
			return parser_fail(parser,
					   _("the header \"%s\" is separated by ';'; save the file as comma-separated CSV (UTF-8)"),
					   parser->fields[i]);
		if (column < 0)
			return parser_fail(parser,
					   _("unknown column \"%s\" in the header; expected agent_id or agent_dni, name, days, start, end, break, team"),
					   parser->fields[i]);

		if (parser->field_of_column[column] >= 0)
			return parser_fail(parser, _("duplicate column \"%s\" in the header"),
					   column_names[column]);

		parser->field_of_column[column] = (int)i;
	}

	has_id = parser->field_of_column[COLUMN_AGENT_ID] >= 0;
	has_dni = parser->field_of_column[COLUMN_AGENT_DNI] >= 0;
	if (has_id && has_dni)
		return parser_fail(parser, "%s",
				   _("the header has both agent_id and agent_dni; keep exactly one"));

	if (!has_id && !has_dni)
		return parser_fail(parser, "%s", _("missing required column agent_id or agent_dni"));

	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		if (parser->field_of_column[required[i]] < 0)
			return parser_fail(parser, _("missing required column \"%s\""),
					   column_names[required[i]]);
	}

	parser->roster->key = has_id ? ROSTER_KEY_AGENT_ID : ROSTER_KEY_AGENT_DNI;
	parser->has_header = true;
	parser->header_line = parser->line;
	parser->header_field_count = parser->field_count;
	return true;
}

/* A data row made only of column names is a second header, as left by
 * concatenating two roster files. */
static bool parser_row_is_header(const struct parser *parser)
{
	for (size_t i = 0; i < parser->field_count; i++) {
		if (column_find(parser->fields[i]) < 0)
			return false;
	}

	return true;
}

/* Writes the lower-case form of a day name into folded: ASCII letters and
 * the Latin-1 capitals encoded as C3 80..C3 9E ("MIÉ", "SÁB"). Returns false
 * when name is too long to be a day name. */
static bool day_name_fold(const char *name, char folded[DAY_NAME_MAX_BYTES])
{
	size_t length = strlen(name);

	if (length >= DAY_NAME_MAX_BYTES)
		return false;

	for (size_t i = 0; i <= length; i++) {
		unsigned char byte = (unsigned char)name[i];
		unsigned char previous = i > 0 ? (unsigned char)name[i - 1] : 0;

		if (previous == 0xC3 && byte >= 0x80 && byte <= 0x9E && byte != 0x97)
			byte = (unsigned char)(byte + 0x20);

		folded[i] = ascii_lower((char)byte);
	}

	return true;
}

/* Returns the weekday (0 = Sunday) of an English or Spanish day name, or -1. */
static int day_name_find(const char *name)
{
	char folded[DAY_NAME_MAX_BYTES];

	if (!day_name_fold(name, folded))
		return -1;

	for (size_t i = 0; i < sizeof(day_names) / sizeof(day_names[0]); i++) {
		if (strcmp(folded, day_names[i].name) == 0)
			return day_names[i].weekday;
	}

	return -1;
}

/* Returns the weekday bits of one list item: a day name or a range of two,
 * which may wrap around the week end ("sat-mon"). */
static bool parser_parse_day_item(struct parser *parser, char *item, unsigned *days)
{
	char *dash = strchr(item, '-');
	char *last_name = item;
	int first, last;

	if (dash != NULL) {
		*dash = '\0';
		last_name = text_trim(dash + 1);
		item = text_trim(item);
	}

	if (item[0] == '\0' || last_name[0] == '\0')
		return parser_fail(parser, "%s", _("empty day name in days; expected a name such as mon, a range such as mon-fri, or *"));

	first = day_name_find(item);
	if (first < 0)
		return parser_fail(parser, _("unknown day name \"%s\"; expected mon..sun or lun..dom"), item);

	last = day_name_find(last_name);
	if (last < 0)
		return parser_fail(parser, _("unknown day name \"%s\"; expected mon..sun or lun..dom"), last_name);

	for (int weekday = first;; weekday = (weekday + 1) % 7) {
		*days |= 1u << weekday;
		if (weekday == last)
			break;
	}

	return true;
}

static bool parser_parse_days(struct parser *parser, char *text, struct roster_shift *shift)
{
	char *item = text;

	if (text[0] == '\0')
		return parser_fail(parser, "%s", _("empty days; expected *, day names such as mon-fri, or a date YYYY-MM-DD"));

	if (strcmp(text, "*") == 0) {
		shift->days = ROSTER_ALL_DAYS;
		return true;
	}

	if (char_is_digit(text[0])) {
		if (strstr(text, "..") != NULL)
			return parser_fail(parser, _("date range \"%s\" in days is only allowed in an \"off\" row; a shift takes one date"),
					   text);

		if (!civil_parse_date(text, &shift->date))
			return parser_fail(parser, _("invalid date \"%s\"; expected a real date YYYY-MM-DD"), text);

		shift->has_date = true;
		return true;
	}

	for (;;) {
		char *comma = strchr(item, ',');

		if (comma != NULL)
			*comma = '\0';

		if (!parser_parse_day_item(parser, text_trim(item), &shift->days))
			return false;

		if (comma == NULL)
			return true;

		item = comma + 1;
	}
}

/* Parses days "YYYY-MM-DD" or "YYYY-MM-DD..YYYY-MM-DD" of an "off" row. */
static bool parser_parse_off_dates(struct parser *parser, char *text, struct roster_off *off)
{
	char *dots = strstr(text, "..");

	if (dots == NULL) {
		if (!char_is_digit(text[0]))
			return parser_fail(parser,
					   _("days \"%s\" of an \"off\" row must be a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD"),
					   text);

		if (!civil_parse_date(text, &off->first))
			return parser_fail(parser, _("invalid date \"%s\"; expected a real date YYYY-MM-DD"), text);

		off->last = off->first;
		return true;
	}

	*dots = '\0';
	if (!civil_parse_date(text, &off->first) || !civil_parse_date(dots + 2, &off->last)) {
		*dots = '.';
		return parser_fail(parser,
				   _("invalid date range \"%s\"; expected YYYY-MM-DD..YYYY-MM-DD with real dates"),
				   text);
	}

	if (civil_compare_date(&off->last, &off->first) < 0) {
		*dots = '.';
		return parser_fail(parser, _("date range \"%s\" ends before it starts"), text);
	}

	return true;
}

/* Returns the minutes from start to end. An end at or before the start falls
 * on the next day. */
static int shift_length(const struct roster_shift *shift)
{
	return (shift->end_minute - shift->start_minute + MINUTES_PER_DAY) % MINUTES_PER_DAY;
}

static bool parser_parse_break(struct parser *parser, const char *text, int *minutes)
{
	const char *digit = text[0] == '-' ? text + 1 : text;
	long value = 0;

	*minutes = 0;
	if (text[0] == '\0')
		return true;

	if (*digit == '\0')
		return parser_fail(parser, _("invalid break \"%s\"; expected whole minutes"), text);

	for (; *digit != '\0'; digit++) {
		if (!char_is_digit(*digit))
			return parser_fail(parser, _("invalid break \"%s\"; expected whole minutes"), text);

		/* The value is longer than any day already, so stop adding digits
		 * before it overflows. */
		if (value <= MINUTES_PER_DAY)
			value = value * 10 + (*digit - '0');
	}

	if (text[0] == '-' && value > 0)
		return parser_fail(parser, _("break \"%s\" is negative; expected 0 or more minutes"), text);

	*minutes = (int)value;
	return true;
}

static bool parser_append_shift(struct parser *parser, struct roster_shift *shift)
{
	struct roster *roster = parser->roster;
	struct roster_shift *shifts;

	shifts = array_reserve(roster->shifts, roster->shift_count, &parser->shift_capacity,
			       sizeof(*shifts));
	if (shifts == NULL)
		return parser_out_of_memory(parser);

	roster->shifts = shifts;
	shift->agent = strdup(parser_field(parser, parser_agent_column(parser)));
	shift->name = strdup(parser_field(parser, COLUMN_NAME));
	shift->team = strdup(parser_field(parser, COLUMN_TEAM));
	if (shift->agent == NULL || shift->name == NULL || shift->team == NULL) {
		free(shift->agent);
		free(shift->name);
		free(shift->team);
		return parser_out_of_memory(parser);
	}

	roster->shifts[roster->shift_count++] = *shift;
	return true;
}

static bool parser_read_shift(struct parser *parser)
{
	const char *start = parser_field(parser, COLUMN_START);
	const char *end = parser_field(parser, COLUMN_END);
	struct roster_shift shift = { 0 };
	int length;

	shift.line = parser->line;
	if (!parser_parse_days(parser, parser->fields[parser->field_of_column[COLUMN_DAYS]], &shift))
		return false;

	if (!clock_parse_hhmm(start, &shift.start_minute))
		return parser_fail(parser, _("invalid start time \"%s\"; expected HH:MM from 00:00 to 23:59, or off"),
				   start);

	if (!clock_parse_hhmm(end, &shift.end_minute))
		return parser_fail(parser, _("invalid end time \"%s\"; expected HH:MM from 00:00 to 23:59"), end);

	if (shift.end_minute == shift.start_minute)
		return parser_fail(parser, _("end time %s equals the start time; a shift must be shorter than 24 hours"),
				   end);

	if (!parser_parse_break(parser, parser_field(parser, COLUMN_BREAK), &shift.break_minutes))
		return false;

	length = shift_length(&shift);
	if (shift.break_minutes >= length)
		return parser_fail(parser, _("break of %s minutes is not shorter than the shift of %d minutes"),
				   parser_field(parser, COLUMN_BREAK), length);

	return parser_append_shift(parser, &shift);
}

static bool parser_read_off(struct parser *parser)
{
	struct roster *roster = parser->roster;
	struct roster_off off = { 0 };
	struct roster_off *offs;

	if (parser_field(parser, COLUMN_END)[0] != '\0')
		return parser_fail(parser, _("end \"%s\" must be empty in an \"off\" row"),
				   parser_field(parser, COLUMN_END));

	if (parser_field(parser, COLUMN_BREAK)[0] != '\0')
		return parser_fail(parser, _("break \"%s\" must be empty in an \"off\" row"),
				   parser_field(parser, COLUMN_BREAK));

	if (!parser_parse_off_dates(parser, parser->fields[parser->field_of_column[COLUMN_DAYS]], &off))
		return false;

	offs = array_reserve(roster->offs, roster->off_count, &parser->off_capacity, sizeof(*offs));
	if (offs == NULL)
		return parser_out_of_memory(parser);

	roster->offs = offs;
	off.line = parser->line;
	off.agent = strdup(parser_field(parser, parser_agent_column(parser)));
	if (off.agent == NULL)
		return parser_out_of_memory(parser);

	roster->offs[roster->off_count++] = off;
	return true;
}

static bool parser_read_row(struct parser *parser)
{
	enum column agent_column = parser_agent_column(parser);

	if (parser_row_is_header(parser))
		return parser_fail(parser, _("duplicate header line; the header is on line %d"),
				   parser->header_line);

	if (parser->field_count != parser->header_field_count)
		return parser_fail(parser, _("expected %zu fields as in the header, found %zu"),
				   parser->header_field_count, parser->field_count);

	if (parser_field(parser, agent_column)[0] == '\0')
		return parser_fail(parser, _("empty %s"), column_names[agent_column]);

	if (ascii_equal_nocase(parser_field(parser, COLUMN_START), "off"))
		return parser_read_off(parser);

	return parser_read_shift(parser);
}

static bool parser_read_line(struct parser *parser, const char *line, size_t length)
{
	if (length > ROSTER_MAX_LINE_BYTES)
		return parser_fail(parser, _("line is longer than %d bytes"), ROSTER_MAX_LINE_BYTES);

	if (memchr(line, '\0', length) != NULL)
		return parser_fail(parser, "%s", _("line contains a NUL byte; save the roster as UTF-8 text"));

	if (!utf8_is_valid(line, length))
		return parser_fail(parser, "%s", _("line is not valid UTF-8; save the roster as UTF-8"));

	if (line_is_blank(line, length) || line[0] == '#')
		return true;

	memcpy(parser->buffer, line, length);
	parser->buffer[length] = '\0';
	if (!parser_split_fields(parser))
		return false;

	if (!parser->has_header)
		return parser_read_header(parser);

	return parser_read_row(parser);
}

/* Feeds each line, without its LF or CRLF ending, to parser_read_line(). */
static bool parser_read_lines(struct parser *parser, const char *text, size_t length)
{
	size_t position = 0;

	if (length >= strlen(UTF8_BOM) && memcmp(text, UTF8_BOM, strlen(UTF8_BOM)) == 0)
		position = strlen(UTF8_BOM);

	while (position < length) {
		const char *line = text + position;
		const char *newline = memchr(line, '\n', length - position);
		size_t line_length = newline != NULL ? (size_t)(newline - line) : length - position;

		position += line_length + (newline != NULL ? 1 : 0);
		parser->line++;

		if (line_length > 0 && line[line_length - 1] == '\r')
			line_length--;

		if (!parser_read_line(parser, line, line_length))
			return false;
	}

	return true;
}

/*
 * Overlap check. Each agent's weekly shifts are laid out on one week of
 * minutes (Sunday 00:00 = 0), where an overnight Saturday shift wraps around
 * to Sunday morning; dated shifts are laid out on absolute days. Sorting
 * each layout and comparing neighbours finds every overlap in O(n log n).
 */

static int shift_pointer_compare(const void *a, const void *b)
{
	const struct roster_shift *left = *(const struct roster_shift *const *)a;
	const struct roster_shift *right = *(const struct roster_shift *const *)b;
	int order = strcmp(left->agent, right->agent);

	if (order != 0)
		return order;

	return (left->line > right->line) - (left->line < right->line);
}

static int interval_compare(const void *a, const void *b)
{
	const struct interval *left = a;
	const struct interval *right = b;

	if (left->start != right->start)
		return left->start < right->start ? -1 : 1;

	return (left->shift->line > right->shift->line) - (left->shift->line < right->shift->line);
}

static bool interval_list_add(struct interval_list *list, long long start, long long end,
			      const struct roster_shift *shift)
{
	struct interval *items = array_reserve(list->items, list->count, &list->capacity,
					       sizeof(*items));

	if (items == NULL)
		return false;

	list->items = items;
	list->items[list->count].start = start;
	list->items[list->count].end = end;
	list->items[list->count].shift = shift;
	list->count++;
	return true;
}

/* Adds [start, start + length) on the week axis, split in two where it
 * passes the end of the week. */
static bool interval_list_add_weekly(struct interval_list *list, long long start, int length,
				     const struct roster_shift *shift)
{
	long long end = start + length;

	if (end <= MINUTES_PER_WEEK)
		return interval_list_add(list, start, end, shift);

	return interval_list_add(list, start, MINUTES_PER_WEEK, shift) &&
	       interval_list_add(list, 0, end - MINUTES_PER_WEEK, shift);
}

/* Days since 1970-01-01 of a valid date. */
static long long date_day_number(const struct civil_time *date)
{
	struct tm tm = { 0 };

	tm.tm_year = date->year - 1900;
	tm.tm_mon = date->month - 1;
	tm.tm_mday = date->day;
	tm.tm_hour = 12;

	/* Noon keeps the quotient away from day boundaries, and flooring keeps
	 * days before 1970, whose times are negative, in order. */
	long long seconds = (long long)timegm(&tm);
	return seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
}

static bool parser_fail_overlap(struct parser *parser, const struct roster_shift *a,
				const struct roster_shift *b)
{
	const struct roster_shift *later = a->line > b->line ? a : b;
	const struct roster_shift *earlier = a->line > b->line ? b : a;

	parser->line = later->line;
	return parser_fail(parser, _("shift of agent \"%s\" overlaps the agent's shift on line %d"),
			   later->agent, earlier->line);
}

/* Sorts the list and reports the first two intervals that overlap. The
 * intervals of one shift never overlap each other, because a shift is
 * shorter than the day between two of its starts. */
static bool parser_check_disjoint(struct parser *parser, struct interval_list *list)
{
	const struct interval *reach;

	if (list->count == 0)
		return true;

	qsort(list->items, list->count, sizeof(list->items[0]), interval_compare);

	reach = &list->items[0];
	for (size_t i = 1; i < list->count; i++) {
		const struct interval *current = &list->items[i];

		if (current->start < reach->end)
			return parser_fail_overlap(parser, reach->shift, current->shift);

		if (current->end > reach->end)
			reach = current;
	}

	return true;
}

/* Returns the interval of the sorted, disjoint list that overlaps
 * [start, end), or NULL. Only the last interval starting before end can. */
static const struct interval *interval_list_find(const struct interval_list *list, long long start,
						 long long end)
{
	size_t low = 0, high = list->count;

	while (low < high) {
		size_t middle = low + (high - low) / 2;

		if (list->items[middle].start < end)
			low = middle + 1;
		else
			high = middle;
	}

	if (low == 0 || list->items[low - 1].end <= start)
		return NULL;

	return &list->items[low - 1];
}

/* Returns the minute of the week (Sunday 00:00 = 0) at which shift starts
 * on weekday. */
static long long week_minute(int weekday, const struct roster_shift *shift)
{
	return (long long)weekday * MINUTES_PER_DAY + shift->start_minute;
}

/* Checks one dated shift against the agent's weekly shifts, which are sorted
 * and disjoint by now. */
static bool parser_check_dated_against_weekly(struct parser *parser,
					      const struct interval_list *weekly,
					      const struct roster_shift *shift)
{
	long long start = week_minute(civil_weekday(&shift->date), shift);
	long long end = start + shift_length(shift);
	const struct interval *found;

	if (end <= MINUTES_PER_WEEK) {
		found = interval_list_find(weekly, start, end);
	} else {
		found = interval_list_find(weekly, start, MINUTES_PER_WEEK);
		if (found == NULL)
			found = interval_list_find(weekly, 0, end - MINUTES_PER_WEEK);
	}

	if (found != NULL)
		return parser_fail_overlap(parser, found->shift, shift);

	return true;
}

/* Lays out shift: once on the absolute day axis when it has a date, else
 * once per weekday on the week axis. */
static bool intervals_add_shift(struct interval_list *weekly, struct interval_list *dated,
				const struct roster_shift *shift)
{
	int length = shift_length(shift);

	if (shift->has_date) {
		long long start = date_day_number(&shift->date) * MINUTES_PER_DAY + shift->start_minute;

		return interval_list_add(dated, start, start + length, shift);
	}

	for (int weekday = 0; weekday < 7; weekday++) {
		if ((shift->days & (1u << weekday)) != 0 &&
		    !interval_list_add_weekly(weekly, week_minute(weekday, shift), length, shift))
			return false;
	}

	return true;
}

/* Checks the shifts group[0..count), which all belong to one agent. */
static bool parser_check_agent(struct parser *parser, const struct roster_shift *const *group,
			       size_t count, struct interval_list *weekly, struct interval_list *dated)
{
	weekly->count = 0;
	dated->count = 0;

	for (size_t i = 0; i < count; i++) {
		if (!intervals_add_shift(weekly, dated, group[i]))
			return parser_out_of_memory(parser);
	}

	if (!parser_check_disjoint(parser, weekly))
		return false;

	for (size_t i = 0; i < dated->count; i++) {
		if (!parser_check_dated_against_weekly(parser, weekly, dated->items[i].shift))
			return false;
	}

	return parser_check_disjoint(parser, dated);
}

static bool parser_check_overlaps(struct parser *parser)
{
	const struct roster *roster = parser->roster;
	const struct roster_shift **order = NULL;
	struct interval_list weekly = { 0 }, dated = { 0 };
	bool ok = true;
	size_t first = 0;

	if (roster->shift_count == 0)
		return true;

	/* order is an array of pointers, so sizeof(*order) is a pointer's size. */
	order = malloc(roster->shift_count * sizeof(*order)); /* NOLINT(bugprone-sizeof-expression) */
	if (order == NULL)
		return parser_out_of_memory(parser);

	for (size_t i = 0; i < roster->shift_count; i++)
		order[i] = &roster->shifts[i];

	qsort(order, roster->shift_count, sizeof(*order), /* NOLINT(bugprone-sizeof-expression) */
	      shift_pointer_compare);

	while (ok && first < roster->shift_count) {
		size_t last = first + 1;

		while (last < roster->shift_count && strcmp(order[last]->agent, order[first]->agent) == 0)
			last++;

		ok = parser_check_agent(parser, order + first, last - first, &weekly, &dated);
		first = last;
	}

	free(weekly.items);
	free(dated.items);
	free(order);
	return ok;
}

static int off_compare(const void *a, const void *b)
{
	const struct roster_off *left = a;
	const struct roster_off *right = b;
	int order = strcmp(left->agent, right->agent);

	if (order != 0)
		return order;

	order = civil_compare_date(&left->first, &right->first);
	if (order != 0)
		return order;

	return (left->line > right->line) - (left->line < right->line);
}

static bool parser_finish(struct parser *parser)
{
	struct roster *roster = parser->roster;

	parser->line = 0;
	if (!parser->has_header)
		return parser_fail(parser, "%s",
				   _("no header line; the roster starts with a line such as agent_id,name,days,start,end"));

	if (roster->off_count > 0)
		qsort(roster->offs, roster->off_count, sizeof(roster->offs[0]), off_compare);

	return parser_check_overlaps(parser);
}

static bool roster_fail_too_large(const char *source_name, char *err, size_t errlen)
{
	snprintf(err, errlen, _("%s: the roster is larger than %u MiB; remove old rows or split it"),
		 source_name, ROSTER_MAX_FILE_BYTES / (1024u * 1024u));
	return false;
}

bool roster_parse(const char *text, size_t length, const char *source_name,
		  struct roster *roster, char *err, size_t errlen)
{
	struct parser *parser = NULL;
	bool ok = false;

	memset(roster, 0, sizeof(*roster));

	if (length > ROSTER_MAX_FILE_BYTES)
		return roster_fail_too_large(source_name, err, errlen);

	parser = calloc(1, sizeof(*parser));
	if (parser == NULL) {
		snprintf(err, errlen, _("%s: out of memory while reading the roster"), source_name);
		return false;
	}

	parser->source = source_name != NULL ? source_name : "roster";
	parser->err = err;
	parser->errlen = errlen;
	parser->roster = roster;

	ok = parser_read_lines(parser, text != NULL ? text : "", text != NULL ? length : 0) &&
	     parser_finish(parser);

	if (!ok)
		roster_release(roster);

	free(parser);
	return ok;
}

/* Reads the whole of file into a new buffer, rejecting files larger than
 * the roster limit. */
static bool file_read_all(FILE *file, const char *path, char **text, size_t *length,
			  char *err, size_t errlen)
{
	char *buffer = NULL;
	size_t capacity = 0, used = 0;

	for (;;) {
		size_t requested, got;
		char *grown;

		if (used == capacity) {
			capacity += ROSTER_READ_CHUNK;
			grown = realloc(buffer, capacity);
			if (grown == NULL) {
				snprintf(err, errlen, _("%s: out of memory while reading the roster"), path);
				free(buffer);
				return false;
			}
			buffer = grown;
		}

		requested = capacity - used;
		got = fread(buffer + used, 1, requested, file);
		used += got;

		if (used > ROSTER_MAX_FILE_BYTES) {
			free(buffer);
			return roster_fail_too_large(path, err, errlen);
		}

		if (got < requested)
			break;
	}

	if (ferror(file)) {
		snprintf(err, errlen, _("%s: cannot read the roster: %s"), path, strerror(errno));
		free(buffer);
		return false;
	}

	*text = buffer;
	*length = used;
	return true;
}

/* Opens path for reading when it is a regular file. O_NONBLOCK keeps a FIFO
 * from blocking the open until the deadline; the file type check then
 * rejects it, and devices and directories with it. */
static FILE *open_regular_file(const char *path, char *err, size_t errlen)
{
	struct stat status;
	FILE *file;
	int fd;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, _("%s: cannot open the roster: %s"), path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
		snprintf(err, errlen, _("%s: the roster is not a regular file"), path);
		close(fd);
		return NULL;
	}

	file = fdopen(fd, "rb");
	if (file == NULL) {
		snprintf(err, errlen, _("%s: cannot open the roster: %s"), path, strerror(errno));
		close(fd);
	}
	return file;
}

bool roster_load(const char *path, struct roster *roster, char *err, size_t errlen)
{
	FILE *file = NULL;
	char *text = NULL;
	size_t length = 0;
	bool ok = false;

	memset(roster, 0, sizeof(*roster));

	file = open_regular_file(path, err, errlen);
	if (file == NULL)
		goto out;

	if (!file_read_all(file, path, &text, &length, err, errlen))
		goto out;

	ok = roster_parse(text, length, path, roster, err, errlen);

out:
	if (file != NULL)
		fclose(file);

	free(text);
	return ok;
}

/* Returns true when an "off" row of agent covers date. The offs are sorted
 * by agent, so this finds the agent's first row by binary search. */
static bool roster_is_off(const struct roster *roster, const char *agent,
			  const struct civil_time *date)
{
	size_t low = 0, high = roster->off_count;

	while (low < high) {
		size_t middle = low + (high - low) / 2;

		if (strcmp(roster->offs[middle].agent, agent) < 0)
			low = middle + 1;
		else
			high = middle;
	}

	for (size_t i = low; i < roster->off_count && strcmp(roster->offs[i].agent, agent) == 0; i++) {
		const struct roster_off *off = &roster->offs[i];

		if (civil_compare_date(&off->first, date) <= 0 && civil_compare_date(date, &off->last) <= 0)
			return true;
	}

	return false;
}

bool roster_shift_on(const struct roster *roster, const struct roster_shift *shift,
		     const struct civil_time *date)
{
	if (shift->has_date) {
		if (civil_compare_date(&shift->date, date) != 0)
			return false;
	} else if ((shift->days & (1u << civil_weekday(date))) == 0) {
		return false;
	}

	return !roster_is_off(roster, shift->agent, date);
}

static bool team_listed_before(const struct roster *roster, size_t index)
{
	for (size_t i = 0; i < index; i++)
		if (strcmp(roster->shifts[i].team, roster->shifts[index].team) == 0)
			return true;
	return false;
}

bool roster_check_team(const struct roster *roster, const char *team, char *err, size_t errlen)
{
	size_t listed = 0;
	size_t used;

	for (size_t i = 0; i < roster->shift_count; i++)
		if (strcmp(roster->shifts[i].team, team) == 0)
			return true;

	snprintf(err, errlen, _("no roster row has team '%s'; the roster's teams are"), team);
	used = strlen(err);
	for (size_t i = 0; i < roster->shift_count && used + 1 < errlen; i++) {
		if (roster->shifts[i].team[0] == '\0' || team_listed_before(roster, i))
			continue;
		snprintf(err + used, errlen - used, "%s '%s'", listed == 0 ? ":" : ",",
			 roster->shifts[i].team);
		used = strlen(err);
		listed++;
	}
	if (listed == 0)
		snprintf(err, errlen, _("no roster row has team '%s', and the roster names no teams"),
			 team);
	return false;
}

void roster_release(struct roster *roster)
{
	if (roster == NULL)
		return;

	for (size_t i = 0; i < roster->shift_count; i++) {
		free(roster->shifts[i].agent);
		free(roster->shifts[i].name);
		free(roster->shifts[i].team);
	}

	for (size_t i = 0; i < roster->off_count; i++)
		free(roster->offs[i].agent);

	free(roster->shifts);
	free(roster->offs);
	memset(roster, 0, sizeof(*roster));
}
