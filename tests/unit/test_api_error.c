#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "api_error.h"

#define COUNT(array) ((int)(sizeof(array) / sizeof((array)[0])))

struct sanitize_case {
	const char *input;
	size_t length;      /* 0 means strlen(input) */
	size_t limit;
	const char *output;
};

static const struct sanitize_case sanitize_cases[] = {
	{ "plain text", 0, 120, "plain text" },
	{ "  leading and trailing  ", 0, 120, "leading and trailing" },
	{ "a\r\n\tb  c", 0, 120, "a b c" },
	{ "a|b", 0, 120, "a/b" },
	{ "bell\x07" "end", 0, 120, "bell end" },
	{ "del\x7F" "end", 0, 120, "del end" },
	{ "c1\xC2\x85" "end", 0, 120, "c1 end" },           /* U+0085 NEXT LINE */
	{ "nbsp\xC2\xA0" "kept", 0, 120, "nbsp\xC2\xA0" "kept" },
	{ "JOS\xC3\x89", 0, 120, "JOS\xC3\x89" },
	{ "bad\xFF" "byte", 0, 120, "bad?byte" },
	{ "overlong\xC0\xAF", 0, 120, "overlong??" },
	{ "surrogate\xED\xA0\x80", 0, 120, "surrogate???" },
	{ "cut\xC3", 0, 120, "cut?" },
	{ "four\xF0\x9F\x98\x80" "byte", 0, 120, "four\xF0\x9F\x98\x80" "byte" },
	{ "too high\xF4\x90\x80\x80", 0, 120, "too high????" },
	{ "0123456789", 0, 4, "0123" },
	{ "ab\xC3\xA9", 0, 3, "ab" },                          /* no half of a sequence */
	{ "ab\xC3\xA9", 0, 4, "ab\xC3\xA9" },
	{ "ab cd", 0, 3, "ab" },                               /* no trailing space */
	{ "nul\0inside", 10, 120, "nul inside" },
	{ "", 0, 120, "" },
};

START_TEST(test_api_error_sanitize)
{
	const struct sanitize_case *test = &sanitize_cases[_i];
	size_t length = test->length != 0 ? test->length : strlen(test->input);
	char out[256];

	memset(out, 'x', sizeof out);
	api_text_sanitize(test->input, length, test->limit, out, sizeof out);
	ck_assert_str_eq(out, test->output);
}
END_TEST

START_TEST(test_api_error_sanitize_small_buffer)
{
	char out[5];

	api_text_sanitize("0123456789", 10, 120, out, sizeof out);
	ck_assert_str_eq(out, "0123");
	api_text_sanitize("0123456789", 10, 120, out, 0);
	ck_assert_str_eq(out, "0123");
}
END_TEST

struct title_case {
	const char *body;
	bool found;
	const char *title;
};

static const struct title_case titles[] = {
	{ "<html><head><title>Service down</title></head></html>", true, "Service down" },
	{ "<HTML><TITLE lang=\"es\">\n  Mantenimiento | wolkvox\n</TITLE>", true, "Mantenimiento / wolkvox" },
	{ "<html><title>no end", true, "no end" },
	{ "<html><title></title></html>", false, "" },
	{ "<html><title>   </title></html>", false, "" },
	{ "<html><body>no title</body></html>", false, "" },
	{ "<html><title", false, "" },
};

START_TEST(test_api_error_html_title)
{
	const struct title_case *test = &titles[_i];
	char out[API_TEXT_MAX + 1];

	ck_assert_int_eq(api_html_title(test->body, strlen(test->body), out, sizeof out), test->found);
	ck_assert_str_eq(out, test->title);
}
END_TEST

START_TEST(test_api_error_html_title_bounded)
{
	char body[512];
	char out[API_TEXT_MAX + 1];

	memcpy(body, "<title>", 7);
	memset(body + 7, 'T', 300);
	memcpy(body + 307, "</title>", 9);

	ck_assert(api_html_title(body, strlen(body), out, sizeof out));
	ck_assert_uint_eq(strlen(out), API_TEXT_MAX);
}
END_TEST

START_TEST(test_api_error_markup_detected)
{
	ck_assert(api_body_is_markup("<html>", 6));
	ck_assert(api_body_is_markup(" \r\n\t<!DOCTYPE html>", 19));
	ck_assert(!api_body_is_markup("{\"a\": \"<b>\"}", 12));
	ck_assert(!api_body_is_markup("   ", 3));
	ck_assert(!api_body_is_markup("", 0));
}
END_TEST

struct combine_case {
	const char *error;
	const char *msg;
	const char *text;
};

static const struct combine_case combines[] = {
	{ "FORBIDDEN", "TOKEN LIMIT EXCEEDED", "TOKEN LIMIT EXCEEDED" },
	{ "bad request", "SOME PARAMETERS ARE REQUIRED", "SOME PARAMETERS ARE REQUIRED" },
	{ "FORBIDDEN", NULL, "FORBIDDEN" },
	{ "FORBIDDEN", "", "FORBIDDEN" },
	{ NULL, " 1 records were found", "1 records were found" },
	{ "DATABASE DOWN", "retry later", "DATABASE DOWN: retry later" },
	{ "SAME TEXT", "same text", "same text" },
	{ NULL, NULL, "" },
	{ "a|b", "c\nd", "a/b: c d" },
};

START_TEST(test_api_error_combine)
{
	char out[API_TEXT_MAX + 1];

	api_text_combine(combines[_i].error, combines[_i].msg, out, sizeof out);
	ck_assert_str_eq(out, combines[_i].text);
}
END_TEST

START_TEST(test_api_error_combine_bounded)
{
	char error[200];
	char msg[200];
	char out[API_TEXT_MAX + 1];

	memset(error, 'E', sizeof error - 1);
	error[sizeof error - 1] = '\0';
	memset(msg, 'M', sizeof msg - 1);
	msg[sizeof msg - 1] = '\0';

	api_text_combine(error, msg, out, sizeof out);
	ck_assert_uint_eq(strlen(out), API_TEXT_MAX);
	ck_assert_int_eq(out[0], 'E');
}
END_TEST

struct format_case {
	bool from_http;
	long code;
	const char *text;
	const char *message;
};

static const struct format_case formats[] = {
	{ true, 403, "TOKEN LIMIT EXCEEDED",
	  "HTTP 403: TOKEN LIMIT EXCEEDED - the daily request quota of this token is used up; it resets at midnight" },
	{ true, 403, "token limit exceeded today",
	  "HTTP 403: token limit exceeded today - the daily request quota of this token is used up; it resets at midnight" },
	{ false, 403, "EXCEEDS THE LIMIT OF SIMULTANEOUS REQUESTS PER TOKEN (2)",
	  "API error code 403: EXCEEDS THE LIMIT OF SIMULTANEOUS REQUESTS PER TOKEN (2) - "
	  "another client is using this token at the same time" },
	{ true, 401, "", "HTTP 401 - no token was sent" },
	{ true, 404, "Not Found", "HTTP 404: Not Found - the URL was not found; check the path given with -u" },
	{ false, 404, "NO RECORDS WERE FOUND", "API error code 404: NO RECORDS WERE FOUND" },
	{ true, 400, "", "HTTP 400 - the report name or parameters are invalid" },
	{ true, 500, "", "HTTP 500: server error" },
	{ true, 599, "", "HTTP 599: server error" },
	{ true, 503, "maintenance", "HTTP 503: maintenance" },
	{ true, 301, "Moved", "HTTP 301: redirect not followed; use --url with the final address" },
	{ true, 418, "", "HTTP 418: the API sent no error text" },
	{ false, 200, "REPORT DISABLED", "API error code 200: REPORT DISABLED" },
	{ false, 0, "", "API error code 0: the API sent no error text" },
};

START_TEST(test_api_error_format)
{
	const struct format_case *test = &formats[_i];
	char err[512];

	api_error_format(test->from_http, test->code, test->text, err, sizeof err);
	ck_assert_str_eq(err, test->message);
}
END_TEST

static Suite *api_error_suite(void)
{
	Suite *suite = suite_create("api_error");
	TCase *core = tcase_create("Core");
	TCase *limits = tcase_create("Limits");

	tcase_add_loop_test(core, test_api_error_html_title, 0, COUNT(titles));
	tcase_add_test(core, test_api_error_markup_detected);
	tcase_add_loop_test(core, test_api_error_combine, 0, COUNT(combines));
	tcase_add_loop_test(core, test_api_error_format, 0, COUNT(formats));
	suite_add_tcase(suite, core);

	tcase_add_loop_test(limits, test_api_error_sanitize, 0, COUNT(sanitize_cases));
	tcase_add_test(limits, test_api_error_sanitize_small_buffer);
	tcase_add_test(limits, test_api_error_html_title_bounded);
	tcase_add_test(limits, test_api_error_combine_bounded);
	suite_add_tcase(suite, limits);

	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(api_error_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
