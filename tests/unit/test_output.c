#include <check.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "range.h"

#define COUNT(array) ((int)(sizeof(array) / sizeof((array)[0])))

/* UTF-8 spellings used below. */
#define N_TILDE "\xC3\xB1"            /* ñ, 2 bytes */
#define E_ACUTE "\xC3\xA9"            /* é, 2 bytes */
#define EURO "\xE2\x82\xAC"           /* €, 3 bytes */
#define GRINNING "\xF0\x9F\x98\x80"   /* 😀, 4 bytes */
#define REPLACEMENT "\xEF\xBF\xBD"    /* U+FFFD */

/* Formatted output of the current test. */
static char output[OUTPUT_TOTAL_MAX];

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

/* ---- Helpers ---- */

static struct perfdata perfdata_make(const char *label, double value, int decimals)
{
	struct perfdata item = { .value = value, .decimals = decimals };

	ck_assert_uint_lt(strlen(label), sizeof(item.label));
	memcpy(item.label, label, strlen(label) + 1);
	return item;
}

static void result_start(struct result *result, enum plugin_state state, const char *summary)
{
	ck_assert(result_init(result, "S"));
	result->state = state;
	ck_assert(result_set_summary(result, "%s", summary));
}

/* Formats result into output and checks the returned length. */
static size_t format_checked(const struct result *result)
{
	size_t length;

	memset(output, 'Z', sizeof(output));
	length = result_format(result, output, sizeof(output));
	ck_assert_uint_eq(length, strlen(output));
	ck_assert_uint_lt(length, OUTPUT_TOTAL_MAX);
	return length;
}

/* Compares output with expected and names the first byte that differs,
 * because check cannot carry a failure message of several KiB. */
static void output_assert_eq(const char *expected)
{
	size_t i = 0;

	while (output[i] != '\0' && output[i] == expected[i])
		i++;

	ck_assert_msg(output[i] == expected[i],
		      "output differs at byte %zu (lengths %zu, expected %zu): '%.40s' instead of '%.40s'",
		      i, strlen(output), strlen(expected), output + i, expected + i);
}

/* Returns the first line of output without its '\n', in a static buffer. */
static const char *first_line(void)
{
	static char line[OUTPUT_TOTAL_MAX];
	size_t length = strcspn(output, "\n");

	memcpy(line, output, length);
	line[length] = '\0';
	return line;
}

/* Returns the status text, the part of the first line before " | ". */
static const char *status_text(void)
{
	static char status[OUTPUT_TOTAL_MAX];
	const char *line = first_line();
	const char *bar = strstr(line, " | ");
	size_t length = bar != NULL ? (size_t)(bar - line) : strlen(line);

	memcpy(status, line, length);
	status[length] = '\0';
	return status;
}

/* Returns whether text without C1 controls is valid UTF-8: text_sanitize()
 * keeps the length of such text, because it swaps single bytes for single
 * bytes, and replaces each invalid byte with three. */
static bool utf8_is_valid(const char *text)
{
	char *copy = text_sanitize(text);
	bool same;

	ck_assert_ptr_nonnull(copy);
	same = strlen(copy) == strlen(text);
	free(copy);
	return same;
}

/* ---- Whole outputs ---- */

START_TEST(test_output_summary_only)
{
	struct result result;

	ck_assert(result_init(&result, "WOLKVOX SHIFT"));
	result.state = STATE_OK;
	ck_assert(result_set_summary(&result, "%d agents logged in", 12));

	format_checked(&result);
	ck_assert_str_eq(output, "WOLKVOX SHIFT OK - 12 agents logged in\n");
	result_release(&result);
}
END_TEST

START_TEST(test_output_full_result)
{
	struct result result;
	struct perfdata late = perfdata_make("late", 2, 0);
	struct perfdata login = perfdata_make("login_time", 312.5, 1);

	late.warning = "0";
	late.critical = "2";
	late.has_min = true;
	late.min = 0;
	late.has_max = true;
	late.max = 40;
	login.uom = "s";
	login.warning = "300:";
	login.critical = "120:";

	ck_assert(result_init(&result, "WOLKVOX SHIFT"));
	result.state = STATE_WARNING;
	ck_assert(result_set_summary(&result, "%d of %d agents late", 2, 40));
	ck_assert(result_add_perfdata(&result, &late));
	ck_assert(result_add_perfdata(&result, &login));
	ck_assert(result_add_line(&result, "agent %s %s: late by %d min", "1001", "Ana Pe" N_TILDE "a", 4));
	ck_assert(result_add_line(&result, "agent %s %s: late by %d min", "1002", "Luis", 9));

	format_checked(&result);
	ck_assert_str_eq(output,
			 "WOLKVOX SHIFT WARNING - 2 of 40 agents late"
			 " | late=2;0;2;0;40 login_time=312.5s;300:;120:\n"
			 "agent 1001 Ana Pe" N_TILDE "a: late by 4 min\n"
			 "agent 1002 Luis: late by 9 min\n");
	result_release(&result);
}
END_TEST

START_TEST(test_output_no_summary)
{
	struct result result;

	ck_assert(result_init(&result, "WOLKVOX SHIFT"));
	format_checked(&result);
	ck_assert_str_eq(output, "WOLKVOX SHIFT UNKNOWN\n");
	result_release(&result);
}
END_TEST

START_TEST(test_output_empty_service)
{
	struct result result;

	ck_assert(result_init(&result, ""));
	result.state = STATE_CRITICAL;
	ck_assert(result_set_summary(&result, "API down"));
	format_checked(&result);
	ck_assert_str_eq(output, "CRITICAL - API down\n");
	result_release(&result);

	ck_assert(result_init(&result, NULL));
	result.state = STATE_OK;
	format_checked(&result);
	ck_assert_str_eq(output, "OK\n");
	result_release(&result);
}
END_TEST

START_TEST(test_output_lines_without_perfdata)
{
	struct result result;

	result_start(&result, STATE_OK, "fine");
	ck_assert(result_add_line(&result, "line one"));
	ck_assert(result_add_line(&result, "%s", ""));
	ck_assert(result_add_line(&result, "line %s", "three"));
	format_checked(&result);
	ck_assert_str_eq(output, "S OK - fine\nline one\n\nline three\n");
	result_release(&result);
}
END_TEST

START_TEST(test_output_summary_replaced)
{
	struct result result;

	result_start(&result, STATE_OK, "first");
	ck_assert(result_set_summary(&result, "second %s", "try"));
	format_checked(&result);
	ck_assert_str_eq(output, "S OK - second try\n");
	result_release(&result);
}
END_TEST

START_TEST(test_output_summary_format)
{
	struct result result;

	result_start(&result, STATE_OK, "");
	ck_assert(result_set_summary(&result, "%d agents, %.1f%% present, %s, %5.2f", 3, 87.5,
				     "ok", -0.25));
	format_checked(&result);
	ck_assert_str_eq(output, "S OK - 3 agents, 87.5% present, ok, -0.25\n");
	result_release(&result);
}
END_TEST

START_TEST(test_output_many_lines_grow)
{
	struct result result;
	char expected[OUTPUT_TOTAL_MAX] = "S OK - grow\n";
	size_t length = strlen(expected);

	result_start(&result, STATE_OK, "grow");
	for (int i = 0; i < 100; i++) {
		ck_assert(result_add_line(&result, "l%d", i));
		length += (size_t)snprintf(expected + length, sizeof(expected) - length, "l%d\n", i);
	}
	ck_assert_uint_eq(result.line_count, 100);

	format_checked(&result);
	output_assert_eq(expected);
	result_release(&result);
}
END_TEST

/* ---- Perfdata formatting ---- */

struct perfdata_case {
	struct perfdata item;
	const char *expected;
};

static const struct perfdata_case perfdata_cases[] = {
	{ { .label = "agents", .value = 12 }, "agents=12" },
	{ { .label = "delta", .value = -3.25, .uom = "s", .decimals = 2 }, "delta=-3.25s" },
	{ { .label = "ratio", .value = 0.5, .uom = "", .decimals = 3 }, "ratio=0.500" },
	{ { .label = "late", .value = 1, .warning = "10" }, "late=1;10" },
	{ { .label = "late", .value = 1, .critical = "20" }, "late=1;;20" },
	{ { .label = "late", .value = 1, .has_min = true, .min = 0 }, "late=1;;;0" },
	{ { .label = "late", .value = 1, .has_max = true, .max = 40 }, "late=1;;;;40" },
	{ { .label = "late", .value = 1, .critical = "5", .has_min = true, .min = 0,
	    .has_max = true, .max = 10 }, "late=1;;5;0;10" },
	{ { .label = "late", .value = 1, .warning = "", .has_min = true, .min = 0 },
	  "late=1;;;0" },
	{ { .label = "late", .value = 1, .warning = "", .critical = "" }, "late=1" },
	{ { .label = "pct", .value = 12.5, .uom = "%", .decimals = 1, .warning = "80",
	    .critical = "90", .has_min = true, .min = 0, .has_max = true, .max = 100 },
	  "pct=12.5%;80;90;0.0;100.0" },
	{ { .label = "offset", .value = -12.75, .uom = "s", .decimals = 2, .warning = "-20:20",
	    .critical = "~:30", .has_min = true, .min = -60, .has_max = true, .max = 60 },
	  "offset=-12.75s;-20:20;~:30;-60.00;60.00" },
	{ { .label = "missing", .value = 0, .warning = "@1:", .critical = "@3:",
	    .has_min = true, .min = 0 }, "missing=0;@1:;@3:;0" },
	{ { .label = "zero", .value = -0.0001, .decimals = 2 }, "zero=0.00" },
	{ { .label = "zero", .value = -0.0 }, "zero=0" },
	{ { .label = "zero", .value = -0.4 }, "zero=0" },
	{ { .label = "small", .value = -0.006, .decimals = 2 }, "small=-0.01" },
	{ { .label = "bytes", .value = 1073741824, .uom = "B" }, "bytes=1073741824B" },
	{ { .label = "calls", .value = 987654321, .uom = "c" }, "calls=987654321c" },
	{ { .label = "t", .value = 0.1234, .uom = "s", .decimals = 3 }, "t=0.123s" },
	{ { .label = "t", .value = 1.0 / 3.0, .uom = "s", .decimals = 9 }, "t=0.333333333s" },
	{ { .label = "big", .value = 1e15 }, "big=1000000000000000" },
	{ { .label = "queue.wait_time-p95", .value = 1.5, .uom = "s", .decimals = 1 },
	  "queue.wait_time-p95=1.5s" },
	{ { .label = "AZaz09_.-", .value = 7 }, "AZaz09_.-=7" },
};

START_TEST(test_output_perfdata_format)
{
	const struct perfdata_case *row = &perfdata_cases[_i];
	struct result result;
	char expected[512];

	result_start(&result, STATE_OK, "x");
	ck_assert(result_add_perfdata(&result, &row->item));
	snprintf(expected, sizeof(expected), "S OK - x | %s\n", row->expected);

	format_checked(&result);
	ck_assert_str_eq(output, expected);
	result_release(&result);
}
END_TEST

START_TEST(test_output_perfdata_all_items)
{
	struct result result;
	char expected[OUTPUT_TOTAL_MAX] = "S OK - x |";
	size_t length = strlen(expected);

	result_start(&result, STATE_OK, "x");
	for (int i = 0; i < COUNT(perfdata_cases); i++) {
		ck_assert(result_add_perfdata(&result, &perfdata_cases[i].item));
		length += (size_t)snprintf(expected + length, sizeof(expected) - length, " %s",
					   perfdata_cases[i].expected);
	}
	snprintf(expected + length, sizeof(expected) - length, "\n");

	format_checked(&result);
	output_assert_eq(expected);
	result_release(&result);
}
END_TEST

START_TEST(test_output_perfdata_borrowed_uom)
{
	struct result result;
	struct perfdata item = perfdata_make("t", 1, 0);
	char uom[] = "s";

	item.uom = uom;
	result_start(&result, STATE_OK, "x");
	ck_assert(result_add_perfdata(&result, &item));
	uom[0] = 'c';

	format_checked(&result);
	ck_assert_str_eq(output, "S OK - x | t=1s\n");
	result_release(&result);
}
END_TEST

/* ---- Sanitizing ---- */

START_TEST(test_output_sanitized_fields)
{
	struct result result;

	ck_assert(result_init(&result, "WOLK|VOX\nSHIFT"));
	result.state = STATE_WARNING;
	ck_assert(result_set_summary(&result, "queue %s | depth\n%d", "A|B", 3));
	ck_assert(result_add_line(&result, "x\ty\r\nz|w"));
	ck_assert(result_add_line(&result, "Pe" N_TILDE "a " E_ACUTE " caf" E_ACUTE " %s",
				  EURO GRINNING));
	ck_assert(result_add_line(&result, "caf\xE9 \xC3"));

	format_checked(&result);
	ck_assert_str_eq(output,
			 "WOLK/VOX SHIFT WARNING - queue A/B / depth 3\n"
			 "x y  z/w\n"
			 "Pe" N_TILDE "a " E_ACUTE " caf" E_ACUTE " " EURO GRINNING "\n"
			 "caf" REPLACEMENT " " REPLACEMENT "\n");
	ck_assert_ptr_null(strchr(output + strcspn(output, "\n") + 1, '|'));
	result_release(&result);
}
END_TEST

struct sanitize_case {
	const char *name;
	const char *text;
	const char *expected;
};

static const struct sanitize_case sanitize_cases[] = {
	{ "empty", "", "" },
	{ "plain ASCII", "agents 12/40", "agents 12/40" },
	{ "bar", "a|b||c", "a/b//c" },
	{ "newlines and tabs", "a\nb\rc\td", "a b c d" },
	{ "other controls", "\x01x\x1F\x1B[0m", " x  [0m" },
	{ "DEL", "a\x7F" "b", "a b" },
	{ "accents", "Pe" N_TILDE "a Ib" E_ACUTE "rica", "Pe" N_TILDE "a Ib" E_ACUTE "rica" },
	{ "three and four bytes", EURO GRINNING, EURO GRINNING },
	{ "no-break space kept", "a\xC2\xA0" "b", "a\xC2\xA0" "b" },
	{ "C1 control", "a\xC2\x85" "b\xC2\x9F", "a b " },
	{ "U+FFFF kept", "\xEF\xBF\xBF", "\xEF\xBF\xBF" },
	{ "U+10FFFF kept", "\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF" },
	{ "replacement kept", REPLACEMENT, REPLACEMENT },
	{ "Latin-1 byte", "caf\xE9", "caf" REPLACEMENT },
	{ "lone continuation", "\x80", REPLACEMENT },
	{ "two continuations", "a\x80\xBF" "b", "a" REPLACEMENT REPLACEMENT "b" },
	{ "truncated 2 at end", "a\xC3", "a" REPLACEMENT },
	{ "truncated 2 before ASCII", "\xC3(", REPLACEMENT "(" },
	{ "truncated 3", "\xE2\x82", REPLACEMENT REPLACEMENT },
	{ "truncated 3 before bar", "\xE2\x82|", REPLACEMENT REPLACEMENT "/" },
	{ "truncated 4", "\xF0\x9F\x98", REPLACEMENT REPLACEMENT REPLACEMENT },
	{ "truncated 4 before newline", "\xF0\x9F\n", REPLACEMENT REPLACEMENT " " },
	{ "overlong 2", "\xC0\xAF", REPLACEMENT REPLACEMENT },
	{ "overlong 2 C1", "\xC1\xBF", REPLACEMENT REPLACEMENT },
	{ "overlong 3", "\xE0\x80\xAF", REPLACEMENT REPLACEMENT REPLACEMENT },
	{ "overlong 3 top", "\xE0\x9F\xBF", REPLACEMENT REPLACEMENT REPLACEMENT },
	{ "overlong 4", "\xF0\x80\x80\xAF", REPLACEMENT REPLACEMENT REPLACEMENT REPLACEMENT },
	{ "overlong 4 top", "\xF0\x8F\xBF\xBF", REPLACEMENT REPLACEMENT REPLACEMENT REPLACEMENT },
	{ "high surrogate", "\xED\xA0\x80", REPLACEMENT REPLACEMENT REPLACEMENT },
	{ "low surrogate", "\xED\xBF\xBF", REPLACEMENT REPLACEMENT REPLACEMENT },
	{ "last before surrogates", "\xED\x9F\xBF", "\xED\x9F\xBF" },
	{ "above U+10FFFF", "\xF4\x90\x80\x80", REPLACEMENT REPLACEMENT REPLACEMENT REPLACEMENT },
	{ "F5 lead", "\xF5\x80\x80\x80", REPLACEMENT REPLACEMENT REPLACEMENT REPLACEMENT },
	{ "FE and FF", "\xFE\xFF", REPLACEMENT REPLACEMENT },
	{ "bad then good", "\xFF" N_TILDE, REPLACEMENT N_TILDE },
	{ "right-to-left override", "a\xE2\x80\xAE" "evil\xE2\x80\xAC" "b", "a evil b" },
	{ "bidi marks", "\xE2\x80\x8E" "x\xE2\x80\x8F", " x " },
	{ "bidi isolates", "\xE2\x81\xA6" "x\xE2\x81\xA9", " x " },
	{ "neighbours of bidi kept", "\xE2\x80\xA9\xE2\x80\xAF\xE2\x81\xA5\xE2\x81\xAA",
	  "\xE2\x80\xA9\xE2\x80\xAF\xE2\x81\xA5\xE2\x81\xAA" },
};

START_TEST(test_output_text_sanitize)
{
	const struct sanitize_case *row = &sanitize_cases[_i];
	char *copy = text_sanitize(row->text);

	ck_assert_ptr_nonnull(copy);
	ck_assert_msg(strcmp(copy, row->expected) == 0, "%s: wrong copy", row->name);
	free(copy);
}
END_TEST

START_TEST(test_output_text_sanitize_null)
{
	char *copy = text_sanitize(NULL);

	ck_assert_ptr_nonnull(copy);
	ck_assert_str_eq(copy, "");
	free(copy);
}
END_TEST

struct prefix_case {
	const char *text;
	size_t limit;
	size_t expected;
};

static const struct prefix_case prefix_cases[] = {
	{ "abc", 10, 3 },
	{ "abc", 3, 3 },
	{ "abc", 2, 2 },
	{ "abc", 0, 0 },
	{ "", 5, 0 },
	{ N_TILDE, 1, 0 },
	{ N_TILDE, 2, 2 },
	{ "a" N_TILDE "b", 2, 1 },
	{ "a" N_TILDE "b", 3, 3 },
	{ EURO, 1, 0 },
	{ EURO, 2, 0 },
	{ EURO, 3, 3 },
	{ "a" GRINNING, 1, 1 },
	{ "a" GRINNING, 2, 1 },
	{ "a" GRINNING, 3, 1 },
	{ "a" GRINNING, 4, 1 },
	{ "a" GRINNING, 5, 5 },
	{ GRINNING GRINNING, 7, 4 },
	{ GRINNING GRINNING, 8, 8 },
	{ "a\xC3", 10, 1 },                 /* ends inside a sequence */
	{ "a\xF0\x9F\x98", 10, 1 },
	{ "\x80\x80\x80\x80\x80", 3, 3 },   /* no lead byte: nothing to keep whole */
	{ "a\xFF", 10, 2 },
};

START_TEST(test_output_utf8_prefix_length)
{
	const struct prefix_case *row = &prefix_cases[_i];

	ck_assert_uint_eq(utf8_prefix_length(row->text, strlen(row->text), row->limit),
			  row->expected);
}
END_TEST

START_TEST(test_output_utf8_prefix_length_bounds)
{
	/* The length bounds the text even when a NUL or more text follows. */
	ck_assert_uint_eq(utf8_prefix_length("a" N_TILDE, 2, 10), 1);
	ck_assert_uint_eq(utf8_prefix_length("ab\0cd", 5, 4), 4);
	ck_assert_uint_eq(utf8_prefix_length(NULL, 0, 10), 0);
}
END_TEST

/* ---- Status text limit ---- */

START_TEST(test_output_status_exact_limit)
{
	struct result result;
	char summary[OUTPUT_STATUS_MAX];
	char expected[OUTPUT_TOTAL_MAX];

	/* "S OK - " is 7 bytes, so 248 'a' make a 255-byte status. */
	memset(summary, 'a', 248);
	summary[248] = '\0';
	result_start(&result, STATE_OK, summary);
	ck_assert(result_add_perfdata(&result, &(struct perfdata){ .label = "t", .value = 1 }));

	format_checked(&result);
	snprintf(expected, sizeof(expected), "S OK - %s | t=1\n", summary);
	ck_assert_str_eq(output, expected);
	ck_assert_uint_eq(strlen(status_text()), OUTPUT_STATUS_MAX);
	result_release(&result);
}
END_TEST

START_TEST(test_output_status_one_over)
{
	struct result result;
	char summary[OUTPUT_STATUS_MAX];
	char expected[OUTPUT_TOTAL_MAX];

	memset(summary, 'a', 249);
	summary[249] = '\0';
	result_start(&result, STATE_OK, summary);
	ck_assert(result_add_perfdata(&result, &(struct perfdata){ .label = "t", .value = 1 }));

	/* Cut to 252 bytes, 7 of them "S OK - ", then "...". */
	format_checked(&result);
	summary[245] = '\0';
	snprintf(expected, sizeof(expected), "S OK - %s... | t=1\n", summary);
	ck_assert_str_eq(output, expected);
	ck_assert_uint_eq(strlen(status_text()), OUTPUT_STATUS_MAX);
	result_release(&result);
}
END_TEST

START_TEST(test_output_status_long_service)
{
	struct result result;
	char service[400];
	char expected[OUTPUT_TOTAL_MAX];

	memset(service, 'W', 399);
	service[399] = '\0';
	ck_assert(result_init(&result, service));
	ck_assert(result_set_summary(&result, "x"));

	format_checked(&result);
	service[252] = '\0';
	snprintf(expected, sizeof(expected), "%s...\n", service);
	ck_assert_str_eq(output, expected);
	result_release(&result);
}
END_TEST

/* Multibyte characters cycled in the long summary: 2 + 2 + 4 + 3 = 11 bytes,
 * so eleven ASCII pad lengths move the cut over every byte of each one. */
static const char *const cut_characters[] = { N_TILDE, E_ACUTE, GRINNING, EURO };

START_TEST(test_output_status_cut_boundaries)
{
	const size_t cut = OUTPUT_STATUS_MAX - 3;
	bool hit[5][4] = { { false } };

	for (size_t pad = 0; pad < 11; pad++) {
		struct result result;
		char summary[600];
		char expected[OUTPUT_TOTAL_MAX];
		size_t length = pad;
		size_t offset = strlen("S OK - ") + pad;
		size_t kept = 0;

		memset(summary, 'x', pad);
		for (size_t i = 0; length < 400; i++) {
			const char *character = cut_characters[i % 4];
			size_t size = strlen(character);

			memcpy(summary + length, character, size);
			if (offset + size <= cut)
				kept = offset + size;
			else if (offset < cut)
				hit[size][cut - offset] = true;
			else if (offset == cut)
				hit[size][0] = true;
			length += size;
			offset += size;
		}
		summary[length] = '\0';

		result_start(&result, STATE_OK, summary);
		format_checked(&result);

		snprintf(expected, sizeof(expected), "S OK - %s", summary);
		memcpy(expected + kept, "...\n", 5);
		output_assert_eq(expected);
		ck_assert_uint_ge(kept, cut - 3);
		ck_assert(utf8_is_valid(output));
		result_release(&result);
	}

	/* Every byte position inside every character size was a cut point. */
	ck_assert(hit[2][0] && hit[2][1]);
	ck_assert(hit[3][0] && hit[3][1] && hit[3][2]);
	ck_assert(hit[4][0] && hit[4][1] && hit[4][2] && hit[4][3]);
}
END_TEST

/* ---- Total output limit ---- */

/* Adds count lines of exactly width bytes, "line NNN " padded with 'y'. */
static void lines_add(struct result *result, int count, size_t width)
{
	char line[OUTPUT_TOTAL_MAX * 2];

	ck_assert_uint_lt(width, sizeof(line));
	for (int i = 0; i < count; i++) {
		int prefix = snprintf(line, sizeof(line), "line %03d ", i);

		memset(line + prefix, 'y', width - (size_t)prefix);
		line[width] = '\0';
		ck_assert(result_add_line(result, "%s", line));
	}
}

START_TEST(test_output_total_cap_many_lines)
{
	const char *line1 = "S WARNING - many lines | a=1 b=2;3;4 c=5.50s\n";
	struct result result;
	struct perfdata b = perfdata_make("b", 2, 0);
	struct perfdata c = perfdata_make("c", 5.5, 2);
	char expected[OUTPUT_TOTAL_MAX * 4];
	char marker[64];
	size_t length;
	int kept = 200;

	b.warning = "3";
	b.critical = "4";
	c.uom = "s";
	result_start(&result, STATE_WARNING, "many lines");
	ck_assert(result_add_perfdata(&result, &(struct perfdata){ .label = "a", .value = 1 }));
	ck_assert(result_add_perfdata(&result, &b));
	ck_assert(result_add_perfdata(&result, &c));
	lines_add(&result, 200, 100);

	/* Keep as many 101-byte lines as fit with the marker in 8191 bytes. */
	for (;;) {
		int marker_length = snprintf(marker, sizeof(marker), "... and %d more lines\n",
					     200 - kept);

		if (strlen(line1) + (size_t)kept * 101 + (kept < 200 ? (size_t)marker_length : 0) <
		    OUTPUT_TOTAL_MAX)
			break;
		kept--;
	}
	ck_assert_int_eq(kept, 80);

	length = (size_t)snprintf(expected, sizeof(expected), "%s", line1);
	for (int i = 0; i < kept; i++)
		length += (size_t)snprintf(expected + length, sizeof(expected) - length, "%s\n",
					   result.lines[i]);
	snprintf(expected + length, sizeof(expected) - length, "%s", marker);

	length = format_checked(&result);
	output_assert_eq(expected);
	ck_assert_uint_le(length + 1, OUTPUT_TOTAL_MAX);
	ck_assert_str_eq(output + length - strlen("... and 120 more lines\n"),
			 "... and 120 more lines\n");
	result_release(&result);
}
END_TEST

START_TEST(test_output_total_cap_one_line_dropped)
{
	struct result result;
	char expected[OUTPUT_TOTAL_MAX];

	/* 19 + 8101 + 101 bytes do not fit; 19 + 8101 + 20 do. */
	result_start(&result, STATE_OK, "one dropped");
	lines_add(&result, 1, 8100);
	lines_add(&result, 1, 100);

	format_checked(&result);
	snprintf(expected, sizeof(expected), "S OK - one dropped\n%s\n... and 1 more line\n",
		 result.lines[0]);
	output_assert_eq(expected);
	result_release(&result);
}
END_TEST

START_TEST(test_output_total_cap_huge_line)
{
	struct result result;

	result_start(&result, STATE_OK, "x");
	lines_add(&result, 1, 10000);
	lines_add(&result, 1, 20);

	format_checked(&result);
	ck_assert_str_eq(output, "S OK - x\n... and 2 more lines\n");
	result_release(&result);
}
END_TEST

START_TEST(test_output_total_cap_exact_fit)
{
	struct result result;
	char expected[OUTPUT_TOTAL_MAX];

	/* "S OK - x\n" is 9 bytes, so one line of 8181 bytes and its '\n' fill
	 * the 8191 bytes before the NUL exactly. */
	result_start(&result, STATE_OK, "x");
	lines_add(&result, 1, OUTPUT_TOTAL_MAX - 1 - 9 - 1);

	ck_assert_uint_eq(format_checked(&result), OUTPUT_TOTAL_MAX - 1);
	snprintf(expected, sizeof(expected), "S OK - x\n%s\n", result.lines[0]);
	output_assert_eq(expected);
	result_release(&result);

	result_start(&result, STATE_OK, "x");
	lines_add(&result, 1, OUTPUT_TOTAL_MAX - 9 - 1);
	format_checked(&result);
	ck_assert_str_eq(output, "S OK - x\n... and 1 more line\n");
	result_release(&result);
}
END_TEST

START_TEST(test_output_total_cap_room_for_marker)
{
	struct result result;

	/* The first line fits alone (9 + 8171 bytes) but not with the 20-byte
	 * marker that dropping the second line needs, so both go. */
	result_start(&result, STATE_OK, "x");
	lines_add(&result, 1, 8170);
	lines_add(&result, 1, 20);

	format_checked(&result);
	ck_assert_str_eq(output, "S OK - x\n... and 2 more lines\n");
	result_release(&result);
}
END_TEST

START_TEST(test_output_perfdata_kept_when_lines_cut)
{
	struct result result;
	char line1[OUTPUT_TOTAL_MAX] = "S CRITICAL - agents missing |";
	size_t length = strlen(line1);

	result_start(&result, STATE_CRITICAL, "agents missing");
	for (int i = 0; i < 30; i++) {
		struct perfdata item = perfdata_make("", -i - 0.5, 1);

		snprintf(item.label, sizeof(item.label), "queue_%02d", i);
		item.uom = "s";
		item.warning = "~:60";
		item.critical = "@-1:-0.5";
		item.has_min = true;
		item.min = -1;
		ck_assert(result_add_perfdata(&result, &item));
		length += (size_t)snprintf(line1 + length, sizeof(line1) - length,
					   " queue_%02d=-%d.5s;~:60;@-1:-0.5;-1.0", i, i);
	}
	lines_add(&result, 300, 120);

	format_checked(&result);
	ck_assert_msg(strcmp(first_line(), line1) == 0, "the first line lost perfdata");
	ck_assert_ptr_nonnull(strstr(output, "\nline 000 "));
	ck_assert_ptr_null(strstr(output, "\nline 299 "));
	ck_assert_ptr_nonnull(strstr(output, " more lines\n"));
	result_release(&result);
}
END_TEST

START_TEST(test_output_perfdata_whole_items_only)
{
	struct result result;
	struct result single;
	char item_text[64][512];
	size_t count = 0;
	const char *bar;

	result_start(&result, STATE_OK, "huge values");
	for (int i = 0; i < 40; i++) {
		struct perfdata item = perfdata_make("", 1e300, 9);

		snprintf(item.label, sizeof(item.label), "v%02d", i);
		ck_assert(result_add_perfdata(&result, &item));

		result_start(&single, STATE_OK, "x");
		ck_assert(result_add_perfdata(&single, &item));
		format_checked(&single);
		ck_assert_uint_lt(strlen(first_line() + strlen("S OK - x | ")), sizeof(item_text[i]));
		snprintf(item_text[i], sizeof(item_text[i]), "%s", first_line() + strlen("S OK - x | "));
		result_release(&single);
	}
	lines_add(&result, 2, 10);

	format_checked(&result);
	bar = strstr(output, " | ");
	ck_assert_ptr_nonnull(bar);

	/* The kept items are the first ones, each one whole, and the next one
	 * would not have fit. */
	for (const char *item = bar + 3; *item != '\n'; count++) {
		size_t size;

		ck_assert_uint_lt(count, 40);
		size = strlen(item_text[count]);
		ck_assert_msg(strncmp(item, item_text[count], size) == 0, "item %zu was cut", count);
		item += size;
		if (*item == ' ')
			item++;
	}
	ck_assert_uint_gt(count, 0);
	ck_assert_uint_lt(count, 40);
	ck_assert_uint_gt(strlen(first_line()) + 1 + strlen(item_text[count]) + 1,
			  OUTPUT_TOTAL_MAX - 1);
	result_release(&result);
}
END_TEST

START_TEST(test_output_larger_buffer_capped)
{
	struct result result;
	char *large = malloc(OUTPUT_TOTAL_MAX * 3);
	size_t length;

	ck_assert_ptr_nonnull(large);
	result_start(&result, STATE_OK, "x");
	lines_add(&result, 100, 200);

	length = result_format(&result, large, OUTPUT_TOTAL_MAX * 3);
	ck_assert_uint_eq(length, strlen(large));
	ck_assert_uint_lt(length, OUTPUT_TOTAL_MAX);
	ck_assert_ptr_nonnull(strstr(large, " more lines\n"));
	free(large);
	result_release(&result);
}
END_TEST

START_TEST(test_output_small_buffer_stays_inside)
{
	struct result result;
	char area[32];

	memset(area, 'Z', sizeof(area));
	result_start(&result, STATE_OK, "a summary longer than the buffer");
	ck_assert_uint_eq(result_format(&result, area, 16), 15);
	ck_assert_str_eq(area, "S OK - a summar");
	ck_assert_int_eq(area[16], 'Z');
	ck_assert_uint_eq(result_format(&result, area, 0), 0);
	ck_assert_int_eq(area[0], 'S');
	result_release(&result);
}
END_TEST

/* ---- Locale independence ---- */

/* The same bytes are expected under C, de_DE.UTF-8 and es_CO.UTF-8. */
START_TEST(test_output_locale_identical)
{
	struct result result;
	struct perfdata present = perfdata_make("present", 62.5, 1);
	struct perfdata login = perfdata_make("login_avg", 312.25, 2);
	struct perfdata offset = perfdata_make("offset", -0.5, 1);

	present.uom = "%";
	present.warning = "80:";
	present.critical = "60:";
	present.has_min = true;
	present.min = 0;
	present.has_max = true;
	present.max = 100;
	login.uom = "s";
	login.warning = "0.5:300";
	login.critical = "600";
	offset.uom = "s";

	ck_assert(result_init(&result, "WOLKVOX SHIFT"));
	result.state = STATE_CRITICAL;
	ck_assert(result_set_summary(&result, "%.1f%% of %d agents present, login avg %.2f s",
				     62.5, 40, 312.25));
	ck_assert(result_add_perfdata(&result, &present));
	ck_assert(result_add_perfdata(&result, &login));
	ck_assert(result_add_perfdata(&result, &offset));
	ck_assert(result_add_line(&result, "agent Pe" N_TILDE "a: %.1f h late", 0.5));

	format_checked(&result);
	ck_assert_str_eq(output,
			 "WOLKVOX SHIFT CRITICAL - 62.5% of 40 agents present, login avg 312.25 s"
			 " | present=62.5%;80:;60:;0.0;100.0 login_avg=312.25s;0.5:300;600"
			 " offset=-0.5s\n"
			 "agent Pe" N_TILDE "a: 0.5 h late\n");
	result_release(&result);
}
END_TEST

START_TEST(test_output_locale_marker)
{
	struct result result;

	result_start(&result, STATE_OK, "x");
	lines_add(&result, 1, 9000);
	format_checked(&result);
	ck_assert_str_eq(output, "S OK - x\n... and 1 more line\n");
	result_release(&result);
}
END_TEST

/* ---- Printing ---- */

START_TEST(test_output_print_stream)
{
	struct result result;
	FILE *stream = tmpfile();
	char written[OUTPUT_TOTAL_MAX] = "";
	size_t length;

	ck_assert_ptr_nonnull(stream);
	result_start(&result, STATE_OK, "printed");
	ck_assert(result_add_line(&result, "second line"));

	ck_assert(result_print(&result, stream));
	rewind(stream);
	length = fread(written, 1, sizeof(written) - 1, stream);
	ck_assert_uint_eq(length, strlen("S OK - printed\nsecond line\n"));
	ck_assert_str_eq(written, "S OK - printed\nsecond line\n");

	fclose(stream);
	result_release(&result);
}
END_TEST

START_TEST(test_output_print_write_error)
{
	struct result result;
	FILE *stream = fopen("/dev/full", "w");

	ck_assert_ptr_nonnull(stream);
	result_start(&result, STATE_OK, "lost");
	ck_assert(!result_print(&result, stream));
	ck_assert(!result_print(&result, NULL));
	fclose(stream);
	result_release(&result);
}
END_TEST

/* ---- Errors ---- */

struct bad_perfdata_case {
	const char *reason;
	struct perfdata item;
};

static const struct bad_perfdata_case bad_perfdata_cases[] = {
	{ "empty label", { .label = "", .value = 1 } },
	{ "space in label", { .label = "a b", .value = 1 } },
	{ "'=' in label", { .label = "a=b", .value = 1 } },
	{ "quote in label", { .label = "a'b", .value = 1 } },
	{ "double quote in label", { .label = "a\"b", .value = 1 } },
	{ "'|' in label", { .label = "a|b", .value = 1 } },
	{ "';' in label", { .label = "a;b", .value = 1 } },
	{ "',' in label", { .label = "a,b", .value = 1 } },
	{ "':' in label", { .label = "a:b", .value = 1 } },
	{ "tab in label", { .label = "a\tb", .value = 1 } },
	{ "accent in label", { .label = "pe" N_TILDE "a", .value = 1 } },
	{ "NaN value", { .label = "a", .value = NAN } },
	{ "infinite value", { .label = "a", .value = INFINITY } },
	{ "negative infinite value", { .label = "a", .value = -INFINITY } },
	{ "NaN min", { .label = "a", .value = 1, .has_min = true, .min = NAN } },
	{ "infinite max", { .label = "a", .value = 1, .has_max = true, .max = INFINITY } },
	{ "negative decimals", { .label = "a", .value = 1, .decimals = -1 } },
	{ "too many decimals", { .label = "a", .value = 1, .decimals = 10 } },
	{ "unit ms", { .label = "a", .value = 1, .uom = "ms" } },
	{ "unit KB", { .label = "a", .value = 1, .uom = "KB" } },
	{ "unit with ';'", { .label = "a", .value = 1, .uom = "s;" } },
	{ "unit with space", { .label = "a", .value = 1, .uom = " s" } },
	{ "';' in warning", { .label = "a", .value = 1, .warning = "1;2" } },
	{ "space in warning", { .label = "a", .value = 1, .warning = "10 20" } },
	{ "'|' in critical", { .label = "a", .value = 1, .critical = "1|2" } },
	{ "comma in critical", { .label = "a", .value = 1, .critical = "1,5" } },
	{ "letters in warning", { .label = "a", .value = 1, .warning = "high" } },
	{ "warning over RANGE_TEXT_MAX",
	  { .label = "a", .value = 1,
	    .warning = "1234567890123456789012345678901234567890123456789012345678901234" } },
};

START_TEST(test_output_perfdata_rejected)
{
	const struct bad_perfdata_case *row = &bad_perfdata_cases[_i];
	struct result result;

	result_start(&result, STATE_OK, "x");
	ck_assert_msg(!result_add_perfdata(&result, &row->item), "%s was accepted", row->reason);
	ck_assert_uint_eq(result.perfdata_count, 0);

	format_checked(&result);
	ck_assert_str_eq(output, "S OK - x\n");
	result_release(&result);
}
END_TEST

START_TEST(test_output_perfdata_label_limits)
{
	struct result result;
	struct perfdata item = { .value = 1 };
	char expected[128];

	result_start(&result, STATE_OK, "x");

	memset(item.label, 'a', PERFDATA_LABEL_MAX);
	item.label[PERFDATA_LABEL_MAX] = '\0';
	ck_assert(result_add_perfdata(&result, &item));

	/* A label that fills the array without a NUL is rejected. */
	memset(item.label, 'b', sizeof(item.label));
	ck_assert(!result_add_perfdata(&result, &item));

	format_checked(&result);
	snprintf(expected, sizeof(expected), "S OK - x | %.*s=1\n", PERFDATA_LABEL_MAX,
		 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	ck_assert_str_eq(output, expected);
	result_release(&result);
}
END_TEST

START_TEST(test_output_perfdata_unused_min_ignored)
{
	struct result result;
	struct perfdata item = { .label = "a", .value = 1, .min = NAN, .max = INFINITY };

	result_start(&result, STATE_OK, "x");
	ck_assert(result_add_perfdata(&result, &item));
	format_checked(&result);
	ck_assert_str_eq(output, "S OK - x | a=1\n");
	result_release(&result);
}
END_TEST

START_TEST(test_output_null_arguments)
{
	struct result result;
	struct perfdata item = { .label = "a", .value = 1 };

	ck_assert(!result_init(NULL, "S"));
	result_release(NULL);

	result_start(&result, STATE_OK, "x");
	ck_assert(!result_add_perfdata(&result, NULL));
	ck_assert(!result_add_perfdata(NULL, &item));
	ck_assert(!result_set_summary(NULL, "x"));
	ck_assert(!result_add_line(NULL, "x"));
	ck_assert_uint_eq(result_format(NULL, output, sizeof(output)), 0);
	ck_assert_str_eq(output, "");
	ck_assert_uint_eq(result_format(&result, NULL, 100), 0);
	result_release(&result);
}
END_TEST

START_TEST(test_output_release_twice)
{
	struct result result;

	result_start(&result, STATE_OK, "x");
	ck_assert(result_add_line(&result, "line"));
	result_release(&result);
	ck_assert_ptr_null(result.summary);
	ck_assert_ptr_null(result.lines);
	ck_assert_uint_eq(result.line_count, 0);
	result_release(&result);
}
END_TEST

/* ---- Suite ---- */

/* The output tables and exact outputs, added to one TCase per locale. */
static void add_locale_tests(TCase *tcase)
{
	tcase_add_test(tcase, test_output_locale_identical);
	tcase_add_test(tcase, test_output_locale_marker);
	tcase_add_test(tcase, test_output_summary_format);
	tcase_add_test(tcase, test_output_full_result);
	tcase_add_loop_test(tcase, test_output_perfdata_format, 0, COUNT(perfdata_cases));
	tcase_add_test(tcase, test_output_perfdata_all_items);
	tcase_add_test(tcase, test_output_status_cut_boundaries);
	tcase_add_test(tcase, test_output_total_cap_many_lines);
}

static Suite *output_suite(void)
{
	Suite *suite = suite_create("output");
	TCase *core = tcase_create("Core");
	TCase *limits = tcase_create("Limits");
	TCase *errors = tcase_create("Errors");
	TCase *german = tcase_create("Locale de_DE");
	TCase *colombian = tcase_create("Locale es_CO");

	add_locale_tests(core);
	tcase_add_test(core, test_output_summary_only);
	tcase_add_test(core, test_output_no_summary);
	tcase_add_test(core, test_output_empty_service);
	tcase_add_test(core, test_output_lines_without_perfdata);
	tcase_add_test(core, test_output_summary_replaced);
	tcase_add_test(core, test_output_many_lines_grow);
	tcase_add_test(core, test_output_perfdata_borrowed_uom);
	tcase_add_test(core, test_output_sanitized_fields);
	tcase_add_loop_test(core, test_output_text_sanitize, 0, COUNT(sanitize_cases));
	tcase_add_test(core, test_output_text_sanitize_null);
	tcase_add_loop_test(core, test_output_utf8_prefix_length, 0, COUNT(prefix_cases));
	tcase_add_test(core, test_output_utf8_prefix_length_bounds);
	tcase_add_test(core, test_output_print_stream);
	suite_add_tcase(suite, core);

	tcase_add_test(limits, test_output_status_exact_limit);
	tcase_add_test(limits, test_output_status_one_over);
	tcase_add_test(limits, test_output_status_long_service);
	tcase_add_test(limits, test_output_total_cap_one_line_dropped);
	tcase_add_test(limits, test_output_total_cap_huge_line);
	tcase_add_test(limits, test_output_total_cap_exact_fit);
	tcase_add_test(limits, test_output_total_cap_room_for_marker);
	tcase_add_test(limits, test_output_perfdata_kept_when_lines_cut);
	tcase_add_test(limits, test_output_perfdata_whole_items_only);
	tcase_add_test(limits, test_output_larger_buffer_capped);
	tcase_add_test(limits, test_output_small_buffer_stays_inside);
	suite_add_tcase(suite, limits);

	tcase_add_loop_test(errors, test_output_perfdata_rejected, 0, COUNT(bad_perfdata_cases));
	tcase_add_test(errors, test_output_perfdata_label_limits);
	tcase_add_test(errors, test_output_perfdata_unused_min_ignored);
	tcase_add_test(errors, test_output_null_arguments);
	tcase_add_test(errors, test_output_release_twice);
	tcase_add_test(errors, test_output_print_write_error);
	suite_add_tcase(suite, errors);

	tcase_add_checked_fixture(german, locale_set_de, locale_reset);
	add_locale_tests(german);
	suite_add_tcase(suite, german);

	tcase_add_checked_fixture(colombian, locale_set_es, locale_reset);
	add_locale_tests(colombian);
	suite_add_tcase(suite, colombian);

	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(output_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);

	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
